//! What the key page shows of a key read: its facts, its rotation (now, or being
//! followed) and its history.

use super::automatic_rotation::AutomaticRotation;
use super::facts::KeyFacts;
use super::imported::ImportedMaterial;
use super::usage::TagsAndLastUse;
use super::{FollowAction, RotateAction, SettingsAction};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::eligibility_badge::reasons;
use crate::components::error_notice::ErrorNotice;
use crate::components::rotation_history::RotationHistory;
use crate::format::local_time;
use crate::state::KeyDetail;
use kms_core::eligibility::{
    automatic_rotation_not_editable, on_demand_not_applicable, MAX_ON_DEMAND_ROTATIONS,
};
use kms_core::model::{KeyMaterialState, Origin, RotationsListEntry};
use kms_core::rotation::{CompletedRotation, RotationProgress};
use kms_core::time::Timestamp;
use leptos::prelude::*;

/// The key page's body, for a key read.
#[component]
pub(super) fn KeyView(
    detail: KeyDetail,
    rotate: RotateAction,
    follow: FollowAction,
    save_settings: SettingsAction,
    tracking: RwSignal<Option<RotationProgress>>,
    reload: Callback<()>,
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
        <KeyFacts metadata=metadata.clone() aliases=detail.aliases.clone()/>

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
                        {(metadata.origin == Some(Origin::External)).then(|| view! {
                            <p><a href="#import-h" data-testid="to-import" on:click=|ev| {
                                // The router owns the hash: scroll without changing it.
                                ev.prevent_default();
                                if let Some(section) = document().get_element_by_id("import-h") { section.scroll_into_view(); }
                            }>"Go to the import steps"</a></p>
                        })}
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

        {(metadata.origin == Some(Origin::External)).then(|| view! { <ImportedMaterial detail=detail.clone() reload=reload/> })}

        <AutomaticRotation key_id=key_id.clone() not_editable=automatic_rotation_not_editable(&metadata) status=status save_settings=save_settings/>

        <section aria-labelledby="history-h">
            <h2 id="history-h">"History"</h2>
            <RotationHistory history=history/>
        </section>

        <TagsAndLastUse key_id=key_id.clone()/>
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
