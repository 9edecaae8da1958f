//! The plan: how many keys, the time at the quota, what to do next after a run, the
//! keys waiting, the buttons, and the confirmation before anything is sent.

use super::{PAGE, ROTATIONS_PER_SECOND};
use crate::api::use_api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::format::{about, count, count_of};
use crate::router::Route;
use crate::state::{use_app_state, BulkOutcome};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The plan and its controls.
#[component]
pub(super) fn PlanSection() -> impl IntoView {
    let api = use_api();
    let state = use_app_state();
    let bulk = state.bulk;
    let total = move || bulk.items.with(Vec::len);
    let tally = move |outcome: BulkOutcome| bulk.tally(outcome);
    let waiting = move || tally(BulkOutcome::Waiting);
    let keys = state.keys;
    let confirm_open = RwSignal::new(false);
    let start = Callback::new(move |()| spawn_local(api.run_bulk()));
    let new_plan = move |_| {
        bulk.clear();
        keys.selected.update(|s| s.clear());
        state.go(Route::Keys);
    };
    view! {
                <section class="plan" aria-labelledby="plan-h" data-testid="plan">
                    <h2 id="plan-h">"Plan"</h2>
                    <p data-testid="plan-text">
                        {move || if tally(BulkOutcome::Checking) > 0 {
                            format!(
                                "Reopened job: {} being checked against KMS before anything is sent (see Job file below).",
                                count_of(tally(BulkOutcome::Checking), "key is", "keys are"),
                            )
                        } else if waiting() > 0 {
                            format!(
                                "{} to rotate once each. At {ROTATIONS_PER_SECOND} requests per second (the KMS quota) sending takes {}; KMS then completes each rotation within minutes.",
                                count_of(waiting(), "key", "keys"),
                                about((waiting() * 1000 / ROTATIONS_PER_SECOND) as i64),
                            )
                        } else {
                            format!("Nothing left to send: all {} of this plan were sent once.", count_of(total(), "key", "keys"))
                        }}
                    </p>
                    // After a run: what happened to the keys that need the user, and the
                    // action for each, right here.
                    <Show when=move || { !bulk.running.get() && tally(BulkOutcome::Unconfirmed) > 0 }>
                        <div class="next-step" data-testid="next-unconfirmed">
                            <p>{move || format!(
                                "{} unconfirmed: the request failed in a way that leaves open whether KMS rotated {}, and the reads since could not tell. Nothing was sent again. Re-check now; if KMS still shows no new rotation, re-check again in a minute before deciding anything.",
                                count_of(tally(BulkOutcome::Unconfirmed), "key is", "keys are"),
                                if tally(BulkOutcome::Unconfirmed) == 1 { "it" } else { "them" },
                            )}</p>
                            <button class="primary" data-testid="next-recheck" on:click=move |_| spawn_local(api.recheck_unconfirmed())>
                                "Re-check unconfirmed keys"
                            </button>
                        </div>
                    </Show>
                    <Show when=move || { !bulk.running.get() && tally(BulkOutcome::TrackingFailed) > 0 }>
                        <div class="next-step" data-testid="next-tracking">
                            <p>{move || format!(
                                "{} rotated, but following {} to completion failed. Do not rotate {} again: keep tracking.",
                                count_of(tally(BulkOutcome::TrackingFailed), "key was", "keys were"),
                                if tally(BulkOutcome::TrackingFailed) == 1 { "it" } else { "them" },
                                if tally(BulkOutcome::TrackingFailed) == 1 { "it" } else { "them" },
                            )}</p>
                            <button class="primary" data-testid="next-keep-tracking" on:click=move |_| spawn_local(api.track_started())>
                                "Keep tracking"
                            </button>
                        </div>
                    </Show>
                    <Show when=move || { waiting() > 0 }>
                    <table class="plan-keys">
                        <caption class="visually-hidden">"Keys in the plan"</caption>
                        <thead><tr><th scope="col">"Key"</th><th scope="col">"On-demand rotations left"</th></tr></thead>
                        <tbody>
                            {move || bulk.items.with(|items| items.iter().filter(|i| i.outcome == BulkOutcome::Waiting).take(PAGE).map(|item| view! {
                                <tr>
                                    <td>{item.alias.clone().unwrap_or_else(|| item.key_id.clone())}</td>
                                    <td>{item.remaining.map(|n| format!("{n} → {}", n.saturating_sub(1))).unwrap_or_else(|| "unknown".to_owned())}</td>
                                </tr>
                            }).collect_view())}
                        </tbody>
                    </table>
                    </Show>
                    {move || (waiting() > PAGE).then(|| view! {
                        <p class="muted">{format!("…and {} more, all listed under Progress.", count(waiting() - PAGE))}</p>
                    })}
                    <div class="buttons">
                        <Show when=move || { waiting() > 0 }>
                            <button
                                class="primary"
                                data-testid="bulk-start"
                                disabled=move || bulk.running.get()
                                on:click=move |_| confirm_open.set(true)
                            >
                                {move || format!("Rotate {}…", count_of(waiting(), "key", "keys"))}
                            </button>
                        </Show>
                        <button disabled=move || !bulk.running.get() on:click=move |_| bulk.stop_requested.set(true)>
                            "Stop after the current key"
                        </button>
                        <button
                            disabled=move || bulk.running.get() || tally(BulkOutcome::Unconfirmed) == 0
                            data-testid="bulk-recheck"
                            on:click=move |_| spawn_local(api.recheck_unconfirmed())
                        >
                            "Re-check unconfirmed keys"
                        </button>
                        <button
                            disabled=move || bulk.running.get() || tally(BulkOutcome::TrackingFailed) == 0
                            data-testid="bulk-keep-tracking"
                            on:click=move |_| spawn_local(api.track_started())
                        >
                            "Keep tracking started rotations"
                        </button>
                        <button disabled=move || bulk.running.get() on:click=new_plan>"New plan"</button>
                    </div>
                </section>
                <ConfirmDialog
                    open=confirm_open
                    title="Rotate these keys now?"
                    confirm_label="Rotate"
                    on_confirm=start
                >
                    <p>
                        {move || format!(
                            "{} new key material, each using one of its 25 on-demand rotations. This cannot be undone.",
                            count_of(waiting(), "key gets", "keys get")
                        )}
                    </p>
                </ConfirmDialog>
    }
}
