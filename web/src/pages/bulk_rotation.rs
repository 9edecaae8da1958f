//! Bulk rotation: the plan (how many keys, rotations left each, time at 5 per second),
//! a confirmation, then a progress bar and a result per key — each of kms-core's four
//! outcomes, started rotations followed to completion; re-checks of unconfirmed keys
//! and "keep tracking" for rotations whose tracking failed; exports of the results
//! and of the keys' rotation histories.
//!
//! Nothing resumes by itself: a reload forgets the run (it lives in memory), and a key
//! already sent is never sent again by the run.

use crate::api::use_api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::local_time::LocalTime;
use crate::components::pager::{shown_page, Pager};
use crate::components::progress_bar::ProgressBar;
use crate::export;
use crate::format::{about, count, count_of};
use crate::router::Route;
use crate::state::{use_app_state, BulkItem, BulkOutcome};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// `RotateKeyOnDemand` requests per second (the KMS quota, per account and Region).
const ROTATIONS_PER_SECOND: usize = 5;
/// Rows of the plan and of the results shown at once.
const PAGE: usize = 100;

/// The bulk rotation page.
#[component]
pub(crate) fn BulkRotationPage() -> impl IntoView {
    let api = use_api();
    let state = use_app_state();
    let bulk = state.bulk;
    let keys = state.keys;

    // The plan follows the selection until the first key is sent.
    Effect::new(move |_| {
        let selected = keys.selected.get();
        let untouched = bulk
            .items
            .with_untracked(|items| items.iter().all(|i| i.outcome == BulkOutcome::Waiting));
        if bulk.running.get_untracked() || !untouched {
            return;
        }
        let items: Vec<BulkItem> = keys.rows.with_untracked(|rows| {
            rows.iter()
                .filter(|row| selected.contains(&row.key_id))
                .map(|row| BulkItem {
                    key_id: row.key_id.clone(),
                    alias: row.aliases.first().cloned(),
                    remaining: row.eligibility.as_ref().and_then(|e| e.on_demand_remaining),
                    ..BulkItem::default()
                })
                .collect()
        });
        let mut items = items;
        items.sort_by(|a, b| {
            (a.alias.is_none(), &a.alias, &a.key_id).cmp(&(b.alias.is_none(), &b.alias, &b.key_id))
        });
        bulk.items.set(items);
    });

    let total = move || bulk.items.with(Vec::len);
    let waiting = move || {
        bulk.items.with(|items| {
            items
                .iter()
                .filter(|i| i.outcome == BulkOutcome::Waiting)
                .count()
        })
    };
    let tally = move |outcome: BulkOutcome| {
        bulk.items
            .with(|items| items.iter().filter(|i| i.outcome == outcome).count())
    };
    let finished = move || total() - waiting() - tally(BulkOutcome::Sending);
    let confirm_open = RwSignal::new(false);
    // One page of results in the DOM, however many keys the run has.
    let results_page = RwSignal::new(0usize);
    let result_pages = move || total().div_ceil(PAGE).max(1);
    let export_error = RwSignal::new(None::<crate::error::ApiError>);
    let exporting = RwSignal::new(false);

    let start = Callback::new(move |()| spawn_local(api.run_bulk()));
    let new_plan = move |_| {
        bulk.items.set(Vec::new());
        keys.selected.update(|s| s.clear());
        state.go(Route::Keys);
    };
    let export_results = move |json: bool| {
        let items = bulk.items.get_untracked();
        let result = if json {
            export::download(
                "kms-bulk-rotation-results.json",
                "application/json",
                &export::results_json(&items),
            )
        } else {
            export::download(
                "kms-bulk-rotation-results.csv",
                "text/csv",
                &export::results_csv(&items),
            )
        };
        if let Err(message) = result {
            export_error.set(Some(crate::error::ApiError::plain(message)));
        }
    };
    let export_histories = move |json: bool| {
        let key_ids: Vec<String> = bulk
            .items
            .with_untracked(|items| items.iter().map(|i| i.key_id.clone()).collect());
        exporting.set(true);
        spawn_local(async move {
            let result = api.histories(key_ids).await.and_then(|histories| {
                let downloaded = if json {
                    export::download(
                        "kms-rotation-histories.json",
                        "application/json",
                        &export::histories_json(&histories),
                    )
                } else {
                    export::download(
                        "kms-rotation-histories.csv",
                        "text/csv",
                        &export::histories_csv(&histories),
                    )
                };
                downloaded.map_err(crate::error::ApiError::plain)
            });
            exporting.set(false);
            export_error.set(result.err());
        });
    };

    view! {
        <main class="bulk">
            <p><a href=Route::Keys.hash()>"← All keys"</a></p>
            <h1>"Bulk rotation"</h1>
            <Show
                when=move || { total() > 0 }
                fallback=|| view! {
                    <p>"No keys selected. On the keys page, tick the eligible keys to rotate, or use 'Select all eligible matching the filter'."</p>
                }
            >
                <section class="plan" aria-labelledby="plan-h" data-testid="plan">
                    <h2 id="plan-h">"Plan"</h2>
                    <p data-testid="plan-text">
                        {move || if waiting() > 0 {
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
                <section aria-labelledby="progress-h">
                    <h2 id="progress-h">"Progress"</h2>
                    <ProgressBar
                        label=Signal::derive(move || if bulk.running.get() { "Sending".to_owned() } else { "Done".to_owned() })
                        done=Signal::derive(finished)
                        total=Signal::derive(total)
                    />
                    <p data-testid="bulk-summary">
                        {move || format!(
                            "{} completed, {} started, {} started but not tracked, {} unconfirmed, {} not carried out, {} waiting.",
                            tally(BulkOutcome::Completed),
                            tally(BulkOutcome::Started),
                            tally(BulkOutcome::TrackingFailed),
                            tally(BulkOutcome::Unconfirmed),
                            tally(BulkOutcome::Failed),
                            waiting()
                        )}
                    </p>
                    <table class="bulk-results" data-testid="bulk-results">
                        <thead>
                            <tr>
                                <th scope="col">"Key"</th>
                                <th scope="col">"Rotations left"</th>
                                <th scope="col">"Result"</th>
                                <th scope="col">"Details"</th>
                                <th scope="col">"Request id"</th>
                                <th scope="col">"Time"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || {
                                    let start = shown_page(results_page.get(), result_pages()) * PAGE;
                                    bulk.items.with(|items| items.iter().skip(start).take(PAGE).cloned().collect::<Vec<_>>())
                                }
                                key=|item| (item.key_id.clone(), item.outcome.as_str(), item.message.clone())
                                children=move |item| {
                                    let class = match item.outcome {
                                        BulkOutcome::Started | BulkOutcome::Completed => "ok",
                                        BulkOutcome::Failed => "bad",
                                        BulkOutcome::Unconfirmed | BulkOutcome::TrackingFailed => "warn",
                                        _ => "",
                                    };
                                    view! {
                                        <tr data-key-id=item.key_id.clone()>
                                            <td>
                                                <a href=Route::Key(item.key_id.clone()).hash()>{item.alias.clone().unwrap_or_else(|| item.key_id.clone())}</a>
                                            </td>
                                            <td>{item.remaining.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
                                            <td class=class data-testid="outcome">{item.outcome.as_str()}</td>
                                            <td>{item.message.clone()}</td>
                                            <td><code>{item.request_id.clone().unwrap_or_default()}</code></td>
                                            <td>{item.at.map(|t| view! { <LocalTime time=t/> })}</td>
                                        </tr>
                                    }
                                }
                            />
                        </tbody>
                    </table>
                    <Show when=move || { result_pages() > 1 }>
                        <Pager page=results_page pages=Signal::derive(result_pages)/>
                    </Show>
                </section>
                <section aria-labelledby="export-h">
                    <h2 id="export-h">"Export"</h2>
                    <div class="buttons">
                        <button on:click=move |_| export_results(false)>"Results (CSV)"</button>
                        <button on:click=move |_| export_results(true)>"Results (JSON)"</button>
                        <button disabled=move || exporting.get() on:click=move |_| export_histories(false)>"Rotation histories (CSV)"</button>
                        <button disabled=move || exporting.get() on:click=move |_| export_histories(true)>"Rotation histories (JSON)"</button>
                    </div>
                    {move || export_error.get().map(|error| view! { <ErrorNotice error=error/> })}
                </section>
            </Show>
        </main>
    }
}
