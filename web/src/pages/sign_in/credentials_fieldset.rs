//! The credentials: pasted (every format kms-core reads; a Region or endpoint in the
//! paste fills the fields below) or typed, and what was found in them.

use super::form::{Form, Mode};
use crate::format::{duration, sentence};
use crate::state::use_app_state;
use kms_core::credentials::pasted_settings;
use leptos::prelude::*;

/// The credentials fieldset.
#[component]
pub(super) fn CredentialsFieldset(form: Form) -> impl IntoView {
    let state = use_app_state();
    let Form {
        mode,
        pasted,
        access_key,
        secret,
        token,
        region,
        local,
        local_url,
        endpoint_from_paste,
        ..
    } = form;
    let credentials = move || form.credentials();
    let found = move || {
        let text_given = match mode.get() {
            Mode::Paste => !pasted.with(|p| p.trim().is_empty()),
            Mode::Fields => !access_key.with(String::is_empty),
        };
        if !text_given {
            return None;
        }
        let now = state.now.get();
        Some(credentials().map(|c| {
            let expiry = match c.millis_until_expiry(now) {
                Some(left) if left <= 0 => "already expired".to_owned(),
                Some(left) => format!("expire in {}", duration(left)),
                None => "expiry unknown".to_owned(),
            };
            let kind = if c.is_temporary() {
                "temporary"
            } else {
                "long-term"
            };
            format!(
                "Found {kind} credentials for {} ({expiry}).",
                c.masked_access_key_id()
            )
        }))
    };
    view! {
                <fieldset>
                    <legend>"Credentials"</legend>
                    <div class="choices" role="radiogroup">
                        <label>
                            <input type="radio" name="mode" prop:checked=move || mode.get() == Mode::Paste on:change=move |_| mode.set(Mode::Paste)/>
                            " Paste"
                        </label>
                        <label>
                            <input type="radio" name="mode" prop:checked=move || mode.get() == Mode::Fields on:change=move |_| mode.set(Mode::Fields)/>
                            " Type the fields"
                        </label>
                    </div>
                    <Show
                        when=move || mode.get() == Mode::Paste
                        fallback=move || view! {
                            <label for="access-key">"Access key ID"</label>
                            <input id="access-key" type="text" autocomplete="off" spellcheck="false" prop:value=move || access_key.get() on:input=move |ev| access_key.set(event_target_value(&ev))/>
                            <label for="secret-key">"Secret access key"</label>
                            <input id="secret-key" type="password" autocomplete="off" prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev))/>
                            <label for="session-token">"Session token " <span class="muted">"(for temporary credentials)"</span></label>
                            <input id="session-token" type="password" autocomplete="off" prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev))/>
                        }
                    >
                        <label for="pasted">"Paste credentials"</label>
                        <textarea
                            id="pasted"
                            rows="7"
                            spellcheck="false"
                            autocomplete="off"
                            aria-describedby="pasted-help"
                            placeholder="export AWS_ACCESS_KEY_ID=ASIA…\nexport AWS_SECRET_ACCESS_KEY=…\nexport AWS_SESSION_TOKEN=…\n\n— or the JSON of aws configure export-credentials or aws sts assume-role, or an INI profile"
                            prop:value=move || pasted.get()
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                let settings = pasted_settings(&text);
                                if let Some(found) = settings.region {
                                    region.set(found);
                                }
                                if let Some(url) = settings.endpoint_url {
                                    local.set(true);
                                    local_url.set(url.clone());
                                    endpoint_from_paste.set(Some(url));
                                }
                                pasted.set(text);
                            }
                        ></textarea>
                        <p id="pasted-help" class="muted">
                            "export / set / $Env: / fish lines, aws configure export-credentials JSON, aws sts assume-role JSON, or an INI profile block."
                        </p>
                    </Show>
                    <p class="parse-result" aria-live="polite" data-testid="parse-result">
                        {move || match found() {
                            None => view! { <span></span> }.into_any(),
                            Some(Ok(text)) => view! { <span class="ok">{text}</span> }.into_any(),
                            Some(Err(problem)) => view! { <span class="problem">{sentence(&problem)}</span> }.into_any(),
                        }}
                    </p>
                </fieldset>
    }
}
