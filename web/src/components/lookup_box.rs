//! The lookup box: takes a key ID, key ARN, alias name or alias ARN, says exactly what
//! is wrong while you type, and opens the key. An ARN of another Region switches the
//! Region (with a notice); an ARN of another account is explained.

use crate::router::Route;
use crate::state::use_app_state;
use kms_core::key_id::KeyIdentifier;
use leptos::prelude::*;

/// What the typed text is, in words, or what is wrong with it.
pub(crate) fn describe(text: &str, region: &str, account: Option<&str>) -> Result<String, String> {
    let id = KeyIdentifier::parse(text).map_err(|error| error.to_string())?;
    let kind = match &id {
        KeyIdentifier::KeyId(_) => "key ID".to_owned(),
        KeyIdentifier::MultiRegionKeyId(_) => "multi-Region key ID".to_owned(),
        KeyIdentifier::AliasName(_) => "alias".to_owned(),
        KeyIdentifier::KeyArn(arn) => {
            format!("key ARN in {}, account {}", arn.region, arn.account_id)
        }
        KeyIdentifier::AliasArn(arn) => {
            format!("alias ARN in {}, account {}", arn.region, arn.account_id)
        }
        _ => "key identifier".to_owned(),
    };
    let mut notes = vec![kind];
    if let Some(other) = id.region().filter(|r| *r != region) {
        notes.push(format!(
            "opening it switches the Region from {region} to {other}"
        ));
    }
    if let (Some(theirs), Some(ours)) = (id.account_id(), account) {
        if theirs != ours {
            notes.push(format!(
                "it belongs to account {theirs}, not {ours} that you are signed in to: it opens only if that key's policy lets you use it; otherwise sign in with credentials of {theirs}"
            ));
        }
    }
    Ok(notes.join("; "))
}

/// The lookup box.
#[component]
pub(crate) fn LookupBox() -> impl IntoView {
    let state = use_app_state();
    let text = RwSignal::new(String::new());
    let region = move || {
        state
            .session
            .with(|s| s.as_ref().map(|s| s.region.clone()).unwrap_or_default())
    };
    let verdict = Memo::new(move |_| {
        let typed = text.get();
        if typed.trim().is_empty() {
            return None;
        }
        Some(describe(
            &typed,
            &region(),
            state.account_id.get().as_deref(),
        ))
    });
    let open = move || {
        let typed = text.get_untracked();
        let Ok(id) = KeyIdentifier::parse(&typed) else {
            return;
        };
        if let Some(other) = id.region() {
            let current = region();
            if other != current {
                state.switch_region(
                    other,
                    format!("Switched the Region from {current} to {other}, where {id} lives."),
                );
            }
        }
        state.go(Route::Key(id.to_string()));
        text.set(String::new());
    };
    view! {
        <form
            class="lookup"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                open();
            }
        >
            <label for="lookup-input">"Open a key"</label>
            <input
                id="lookup-input"
                type="text"
                spellcheck="false"
                autocomplete="off"
                placeholder="key ID, key ARN, alias/name or alias ARN"
                aria-describedby="lookup-help"
                aria-invalid=move || matches!(verdict.get(), Some(Err(_))).to_string()
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button type="submit" disabled=move || !matches!(verdict.get(), Some(Ok(_)))>
                "Open"
            </button>
            <p id="lookup-help" class="lookup-help" aria-live="polite" data-testid="lookup-help">
                {move || match verdict.get() {
                    None => view! { <span></span> }.into_any(),
                    Some(Ok(kind)) => view! { <span class="ok">{kind}</span> }.into_any(),
                    Some(Err(problem)) => view! { <span class="problem">{problem}</span> }.into_any(),
                }}
            </p>
        </form>
    }
}
