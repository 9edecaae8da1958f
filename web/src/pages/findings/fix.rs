//! The bulk fixes: automatic rotation on, with a chosen period, within
//! `EnableKeyRotation`'s quota; or rotation now with the bulk engine.

use crate::api::{use_api, FixProgress};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_notice::ErrorNotice;
use crate::format::count_of;
use crate::router::Route;
use crate::state::use_app_state;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// KMS's bounds for `RotationPeriodInDays`.
const PERIOD_DAYS: std::ops::RangeInclusive<u32> = 90..=2560;

/// "Enable automatic rotation" for these keys.
#[component]
pub(super) fn EnableRotation(key_ids: Vec<String>) -> impl IntoView {
    let api = use_api();
    let period = RwSignal::new("365".to_owned());
    let confirm_open = RwSignal::new(false);
    let progress = RwSignal::new(None::<FixProgress>);
    let count = key_ids.len();
    let days = move || {
        period.with(|p| {
            p.trim()
                .parse::<u32>()
                .ok()
                .filter(|d| PERIOD_DAYS.contains(d))
        })
    };
    let key_ids = StoredValue::new(key_ids);
    let run = Callback::new(move |()| {
        if let Some(days) = days() {
            spawn_local(api.enable_automatic_rotation_each(key_ids.get_value(), days, progress));
        }
    });
    view! {
        <div class="fix" data-testid="fix-enable">
            <label>"Every "
                <input type="number" min="90" max="2560" size="5" aria-label="Rotation period in days" bind:value=period/>
                " days "
            </label>
            <button class="primary" disabled=move || days().is_none() on:click=move |_| confirm_open.set(true)>
                {format!("Enable automatic rotation on {}…", count_of(count, "key", "keys"))}
            </button>
            {move || days().is_none().then(|| view! { <p class="problem">"The period must be 90–2560 days (KMS's bounds)."</p> })}
            {move || progress.get().map(|p| view! {
                <p role="status" data-testid="fix-progress">{format!("{} of {} done{}.", p.done, p.total, if p.failed.is_empty() { String::new() } else { format!(", {} failed", p.failed.len()) })}</p>
                {p.failed.into_iter().map(|(key_id, error)| view! { <p>{key_id}</p><ErrorNotice error=error/> }).collect_view()}
            })}
            <ConfirmDialog open=confirm_open title="Enable automatic rotation?" confirm_label="Enable" on_confirm=run>
                <p>{move || format!(
                    "KMS will rotate {} every {} days from now on, at no on-demand cost. Requests go at most 15 per second (EnableKeyRotation's quota).",
                    count_of(count, "key", "keys"),
                    days().unwrap_or_default()
                )}</p>
            </ConfirmDialog>
        </div>
    }
}

/// "Rotate now" for these (eligible) keys: they become the bulk rotation plan.
#[component]
pub(super) fn RotateNow(key_ids: Vec<String>) -> impl IntoView {
    let state = use_app_state();
    let count = key_ids.len();
    let plan = move |_| {
        if state.bulk.started_at.get_untracked().is_some() {
            state.bulk.clear();
        }
        state.keys.selected.set(key_ids.iter().cloned().collect());
        state.go(Route::Bulk);
    };
    view! {
        <button disabled=count == 0 on:click=plan data-testid="fix-rotate">
            {if count == 0 { "None can be rotated on demand now".to_owned() } else { format!("Plan rotation of {} now…", count_of(count, "eligible key", "eligible keys")) }}
        </button>
    }
}
