//! Automatic rotation: its state, and the form that turns it on (with a period) or off,
//! shown only where KMS accepts a change.

use super::SettingsAction;
use crate::components::error_notice::ErrorNotice;
use crate::components::local_time::LocalTime;
use kms_core::ops::ROTATION_PERIOD_DAYS;
use leptos::prelude::*;

/// Checks a typed rotation period.
pub(crate) fn validate_period(text: &str) -> Result<u32, String> {
    let days: u32 = text.trim().parse().map_err(|_| {
        format!(
            "enter a whole number of days from {} to {}",
            ROTATION_PERIOD_DAYS.start(),
            ROTATION_PERIOD_DAYS.end()
        )
    })?;
    if ROTATION_PERIOD_DAYS.contains(&days) {
        Ok(days)
    } else {
        Err(format!(
            "{days} days is out of range: KMS accepts {} to {} days",
            ROTATION_PERIOD_DAYS.start(),
            ROTATION_PERIOD_DAYS.end()
        ))
    }
}

/// The automatic-rotation section of the key page.
#[component]
pub(super) fn AutomaticRotation(
    key_id: String,
    not_editable: Option<&'static str>,
    status: Option<kms_core::model::GetKeyRotationStatusOutput>,
    save_settings: SettingsAction,
) -> impl IntoView {
    if let Some(reason) = not_editable {
        let current = status.as_ref().filter(|s| s.key_rotation_enabled).map(|s| {
            format!(
                "On, every {} days. ",
                s.rotation_period_in_days.unwrap_or(365)
            )
        });
        return view! {
            <section aria-labelledby="auto-h">
                <h2 id="auto-h">"Automatic rotation"</h2>
                <p data-testid="auto-not-editable">{current} {format!("Not applicable here: {reason}.")}</p>
            </section>
        }
        .into_any();
    }
    let Some(status) = status else {
        return view! {
            <section aria-labelledby="auto-h">
                <h2 id="auto-h">"Automatic rotation"</h2>
                <p class="muted">"KMS keeps no rotation settings for this key."</p>
            </section>
        }
        .into_any();
    };
    let enabled = RwSignal::new(status.key_rotation_enabled);
    let period = RwSignal::new(status.rotation_period_in_days.unwrap_or(365).to_string());
    let valid = move || validate_period(&period.get());
    let save = move || {
        let days = if enabled.get_untracked() {
            match valid() {
                Ok(days) => Some(days),
                Err(_) => return,
            }
        } else {
            None
        };
        save_settings.dispatch((key_id.clone(), enabled.get_untracked(), days));
    };
    view! {
        <section aria-labelledby="auto-h">
            <h2 id="auto-h">"Automatic rotation"</h2>
            <p>
                {if status.key_rotation_enabled {
                    format!("On, every {} days.", status.rotation_period_in_days.unwrap_or(365))
                } else {
                    "Off.".to_owned()
                }}
                {status.next_rotation_date.map(|t| view! { " Next: " <LocalTime time=t/> })}
            </p>
            <form class="auto-rotation" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <label>
                    <input type="checkbox" prop:checked=move || enabled.get() on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                    " Rotate automatically"
                </label>
                <label for="period">"Every (days, 90–2560)"</label>
                <input
                    id="period"
                    type="number"
                    min="90"
                    max="2560"
                    disabled=move || !enabled.get()
                    aria-invalid=move || valid().is_err().to_string()
                    aria-describedby="period-problem"
                    prop:value=move || period.get()
                    on:input=move |ev| period.set(event_target_value(&ev))
                />
                <span id="period-problem" class="problem" aria-live="polite">
                    {move || if enabled.get() { valid().err() } else { None }}
                </span>
                <button type="submit" disabled=move || (enabled.get() && valid().is_err()) || save_settings.pending().get()>
                    "Save"
                </button>
            </form>
            {move || save_settings.value().get().map(|result| match result {
                Ok(()) => view! { <p class="success" role="status">"Saved."</p> }.into_any(),
                Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
            })}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::validate_period;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_typed_period_is_checked_against_kms_range() {
        assert_eq!(validate_period("365"), Ok(365));
        assert!(validate_period("89").unwrap_err().contains("90 to 2560"));
        assert!(validate_period("2561").is_err());
        assert!(validate_period("ten").is_err());
    }
}
