//! One key: metadata, rotation status and history; "Rotate now" with a confirmation,
//! live tracking until KMS shows the rotation complete; automatic rotation settings;
//! multi-Region primary and replicas.

use crate::api::use_api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::eligibility_badge::reasons;
use crate::components::error_notice::{error_boundary_fallback, ErrorNotice};
use crate::components::local_time::LocalTime;
use crate::components::rotation_history::RotationHistory;
use crate::error::ApiError;
use crate::format::local_time;
use crate::router::Route;
use crate::state::use_app_state;
use crate::state::KeyDetail;
use kms_core::eligibility::{
    automatic_rotation_not_editable, on_demand_not_applicable, MAX_ON_DEMAND_ROTATIONS,
};
use kms_core::key_id::KeyIdentifier;
use kms_core::model::{KeyMaterialState, MultiRegionKey, MultiRegionKeyType, RotationsListEntry};
use kms_core::ops::ROTATION_PERIOD_DAYS;
use kms_core::rotation::{CompletedRotation, RotationProgress, StartedRotation};
use kms_core::time::Timestamp;
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

/// The key page for `identifier` (key ID, key ARN, alias name or alias ARN).
#[component]
pub(crate) fn KeyDetailPage(
    /// What the URL names.
    identifier: String,
) -> impl IntoView {
    let api = use_api();
    let state = use_app_state();
    let tracking = RwSignal::new(None::<RotationProgress>);
    let rotate =
        Action::new_local(move |key_id: &String| api.rotate_and_wait(key_id.clone(), tracking));
    let follow = Action::new_local(
        move |(key_id, started): &(String, Option<StartedRotation>)| {
            api.wait_for_rotation(key_id.clone(), started.clone(), tracking)
        },
    );
    let save_settings = Action::new_local(
        move |(key_id, enabled, days): &(String, bool, Option<u32>)| {
            api.set_automatic_rotation(key_id.clone(), *enabled, *days)
        },
    );
    let identifier = StoredValue::new(identifier);
    let detail = LocalResource::new(move || {
        state.session.with(|s| s.as_ref().map(|s| s.generation));
        rotate.version().get();
        follow.version().get();
        save_settings.version().get();
        api.key_detail(identifier.get_value())
    });
    // A rotation already in progress when the page opens is followed to its end.
    Effect::new(move |_| {
        let Some(Ok(detail)) = detail.get() else {
            return;
        };
        let in_progress = detail
            .status
            .as_ref()
            .is_some_and(|s| s.on_demand_rotation_start_date.is_some());
        if in_progress && !rotate.pending().get_untracked() && !follow.pending().get_untracked() {
            follow.dispatch((detail.metadata.key_id.clone(), None));
        }
    });
    view! {
        <main class="key-detail">
            <p><a href=Route::Keys.hash()>"← All keys"</a></p>
            <Transition fallback=|| view! { <p aria-busy="true">"Loading the key…"</p> }>
                <ErrorBoundary fallback=error_boundary_fallback>
                    {move || Suspend::new(async move {
                        detail.await.map(|detail| view! {
                            <KeyView detail=detail rotate=rotate follow=follow save_settings=save_settings tracking=tracking/>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}

type RotateAction = Action<String, Result<CompletedRotation, ApiError>>;
type FollowAction = Action<(String, Option<StartedRotation>), Result<CompletedRotation, ApiError>>;
type SettingsAction = Action<(String, bool, Option<u32>), Result<(), ApiError>>;

#[component]
fn KeyView(
    detail: KeyDetail,
    rotate: RotateAction,
    follow: FollowAction,
    save_settings: SettingsAction,
    tracking: RwSignal<Option<RotationProgress>>,
) -> impl IntoView {
    let metadata = detail.metadata.clone();
    let key_id = metadata.key_id.clone();
    let name = detail
        .aliases
        .first()
        .cloned()
        .unwrap_or_else(|| key_id.clone());
    let not_applicable = on_demand_not_applicable(&metadata);
    // The page shows one state: once a rotation is seen complete, its count and
    // history entry show at once, not after the key is read again.
    let completed = move || {
        rotate
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| follow.value().get().and_then(Result::ok))
    };
    let read_used = detail.eligibility.on_demand_used;
    let used = move || read_used.max(completed().map(|done| done.on_demand_used));
    let eligible = detail.eligibility.is_eligible();
    let why_not = reasons(&detail.eligibility);
    let confirm_open = RwSignal::new(false);
    let busy = move || rotate.pending().get() || follow.pending().get();
    let read_history = detail.history.clone();
    let history = Signal::derive(move || with_completed(read_history.clone(), completed()));
    let status = detail.status.clone();
    let in_progress_since = status
        .as_ref()
        .and_then(|s| s.on_demand_rotation_start_date);

    let confirm_text = {
        let name = name.clone();
        let key_id = key_id.clone();
        move || {
            let left = match used().map(|u| MAX_ON_DEMAND_ROTATIONS.saturating_sub(u)) {
                Some(left) => format!(
                    "It uses one of the key's {MAX_ON_DEMAND_ROTATIONS} on-demand rotations: {} left after this one.",
                    left.saturating_sub(1)
                ),
                None => "It uses one of the key's 25 on-demand rotations.".to_owned(),
            };
            format!("{name} ({key_id}) gets new key material now. {left} This cannot be undone.")
        }
    };
    let rotate_key_id = key_id.clone();
    let on_confirm = Callback::new(move |()| {
        rotate.dispatch(rotate_key_id.clone());
    });

    view! {
        <h1>{name.clone()}</h1>
        <section aria-labelledby="meta-h">
            <h2 id="meta-h">"Key"</h2>
            <dl class="meta">
                <dt>"Key ID"</dt><dd><code data-testid="key-id">{key_id.clone()}</code></dd>
                <dt>"ARN"</dt><dd><code>{metadata.arn.clone().unwrap_or_default()}</code></dd>
                <dt>"Aliases"</dt><dd>{if detail.aliases.is_empty() { "none".to_owned() } else { detail.aliases.join(", ") }}</dd>
                <dt>"Description"</dt><dd>{metadata.description.clone().unwrap_or_default()}</dd>
                <dt>"State"</dt><dd data-testid="key-state">{metadata.key_state.as_ref().map(ToString::to_string).unwrap_or_default()}</dd>
                <dt>"Spec / usage"</dt><dd>{format!("{} / {}", metadata.effective_key_spec().map(ToString::to_string).unwrap_or_default(), metadata.key_usage.as_ref().map(ToString::to_string).unwrap_or_default())}</dd>
                <dt>"Manager"</dt><dd>{metadata.key_manager.as_ref().map(ToString::to_string).unwrap_or_default()}</dd>
                <dt>"Origin"</dt><dd>{metadata.origin.as_ref().map(ToString::to_string).unwrap_or_default()}</dd>
                <dt>"Created"</dt><dd>{metadata.creation_date.map(|t| view! { <LocalTime time=t/> })}</dd>
                {metadata.custom_key_store_id.clone().map(|id| view! { <dt>"Custom key store"</dt><dd><code>{id}</code></dd> })}
                {metadata.deletion_date.map(|t| view! { <dt>"Deletion date"</dt><dd><LocalTime time=t/></dd> })}
            </dl>
            <MultiRegionLinks metadata=metadata.clone()/>
        </section>

        <section aria-labelledby="rotate-h">
            <h2 id="rotate-h">"Rotation on demand"</h2>
            <p data-testid="on-demand-used">
                {move || match (not_applicable, used()) {
                    (Some(reason), _) => format!("Not applicable: {}.", reason),
                    (None, Some(used)) => format!(
                        "{used} of {MAX_ON_DEMAND_ROTATIONS} on-demand rotations used; {} left.",
                        MAX_ON_DEMAND_ROTATIONS.saturating_sub(used)
                    ),
                    (None, None) => "The number of on-demand rotations used could not be read for this key.".to_owned(),
                }}
            </p>
            {not_applicable.is_none().then(|| view! {
                <button
                    class="primary"
                    data-testid="rotate-now"
                    disabled=move || !eligible || busy()
                    aria-describedby="rotate-reasons"
                    on:click=move |_| confirm_open.set(true)
                >
                    "Rotate now…"
                </button>
            })}
            <div id="rotate-reasons">
                {(!why_not.is_empty()).then(|| view! {
                    <div class="reasons" data-testid="ineligible-reasons">
                        <p>"This key cannot be rotated on demand now:"</p>
                        <ul>{why_not.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                    </div>
                })}
            </div>
            <div class="tracking" aria-live="polite" data-testid="tracking">
                {move || tracking_text(tracking.get(), busy(), in_progress_since)}
            </div>
            {move || {
                // A rotation that was refused (say, with a Conflict after the browser
                // resent it) but is then seen to complete needs no error any more.
                let succeeded = follow.value().get().is_some_and(|r| r.is_ok());
                let failed = rotate.value().get().and_then(Result::err).or_else(|| follow.value().get().and_then(Result::err));
                failed.filter(|_| !succeeded).map(|error| {
                    // The rotation started and only following it failed: offer to keep
                    // tracking it, never to rotate again.
                    let keep_tracking = error.started.clone().map(|started| view! {
                        <p class="tracking-failed" data-testid="tracking-failed">
                            "Rotation started — tracking failed. "
                            <button
                                data-testid="keep-tracking"
                                disabled=busy
                                on:click=move |_| { follow.dispatch((started.key_id.clone(), Some((*started).clone()))); }
                            >
                                "Keep tracking"
                            </button>
                        </p>
                    });
                    view! { {keep_tracking} <ErrorNotice error=error/> }
                })
            }}
            {move || completed().map(|done| view! {
                <p class="success" role="status" data-testid="rotation-complete">
                    "Rotation complete at " {local_time(done.completed_at)} ". New key material "
                    <code>{done.entry.key_material_id.clone().unwrap_or_default()}</code>
                    {format!("; {} of {MAX_ON_DEMAND_ROTATIONS} on-demand rotations used.", done.on_demand_used)}
                </p>
            })}
            <ConfirmDialog
                open=confirm_open
                title="Rotate this key now?"
                confirm_label="Rotate now"
                on_confirm=on_confirm
            >
                <p data-testid="confirm-text">{confirm_text.clone()}</p>
            </ConfirmDialog>
        </section>

        <AutomaticRotation key_id=key_id.clone() not_editable=automatic_rotation_not_editable(&metadata) status=status save_settings=save_settings/>

        <section aria-labelledby="history-h">
            <h2 id="history-h">"History"</h2>
            <RotationHistory history=history/>
        </section>
    }
}

/// The history as read, with a rotation seen complete since then at its head (KMS
/// reads lag, and the page should not show two states at once).
fn with_completed(
    mut history: Vec<RotationsListEntry>,
    completed: Option<CompletedRotation>,
) -> Vec<RotationsListEntry> {
    let Some(done) = completed else {
        return history;
    };
    let id = done.entry.key_material_id.as_ref();
    if id.is_none() || history.iter().any(|e| e.key_material_id.as_ref() == id) {
        return history;
    }
    for entry in &mut history {
        if entry.key_material_state == Some(KeyMaterialState::Current) {
            entry.key_material_state = Some(KeyMaterialState::NonCurrent);
        }
    }
    history.insert(0, done.entry);
    history
}

fn tracking_text(
    progress: Option<RotationProgress>,
    busy: bool,
    since: Option<Timestamp>,
) -> Option<String> {
    match progress {
        Some(RotationProgress::Started { at }) if busy => Some(format!(
            "Rotation requested at {}; waiting for KMS…",
            local_time(at)
        )),
        Some(RotationProgress::InProgress { since }) if busy => {
            Some(format!("In progress since {}", local_time(since)))
        }
        Some(RotationProgress::Settling) if busy => {
            Some("Finishing: waiting for the history to show the new material…".to_owned())
        }
        _ if busy => Some(match since {
            Some(since) => format!("In progress since {}", local_time(since)),
            None => "Sending the rotation request…".to_owned(),
        }),
        _ => None,
    }
}

#[component]
fn MultiRegionLinks(metadata: kms_core::model::KeyMetadata) -> impl IntoView {
    let state = use_app_state();
    let Some(config) = metadata.multi_region_configuration.clone() else {
        return ().into_any();
    };
    let here = state
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.region.clone()).unwrap_or_default());
    let this_arn = metadata.arn.clone();
    let link = move |key: MultiRegionKey| {
        let arn = key.arn.clone().unwrap_or_default();
        let region = key.region.clone().unwrap_or_default();
        let this = if this_arn.as_deref() == Some(arn.as_str()) {
            " (this key)"
        } else {
            ""
        };
        let label = format!("{region}: {arn}{this}");
        let here = here.clone();
        view! {
            <button
                class="link"
                on:click=move |_| {
                    let Ok(id) = KeyIdentifier::parse(&arn) else { return };
                    if region != here {
                        state.switch_region(&region, format!("Switched the Region from {here} to {region} to open the multi-Region key there."));
                    }
                    state.go(Route::Key(id.to_string()));
                }
            >
                {label}
            </button>
        }
    };
    let role = config.multi_region_key_type.clone();
    let primary = config.primary_key.clone();
    let replicas = config.replica_keys.clone();
    view! {
        <div class="multi-region" data-testid="multi-region">
            <h3>"Multi-Region"</h3>
            {match role {
                Some(MultiRegionKeyType::Replica) => view! {
                    <p class="notice">"This is a replica. Rotation happens on the primary key and reaches the replicas from there: rotate the primary."</p>
                }.into_any(),
                _ => view! { <p>"This is the primary key; rotating it rotates its replicas too."</p> }.into_any(),
            }}
            <p>"Primary: " {primary.map(|p| link.clone()(p))}</p>
            <p>"Replicas:"</p>
            <ul>{replicas.into_iter().map(|r| view! { <li>{link.clone()(r)}</li> }).collect_view()}</ul>
        </div>
    }
    .into_any()
}

#[component]
fn AutomaticRotation(
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
