//! Progress: the bar, the tally of outcomes, and a result per key, a page at a time.

use super::PAGE;
use crate::components::local_time::LocalTime;
use crate::components::pager::{shown_page, Pager};
use crate::components::progress_bar::ProgressBar;
use crate::router::Route;
use crate::state::{use_app_state, BulkOutcome};
use leptos::prelude::*;

/// The run's progress and results.
#[component]
pub(super) fn ProgressSection() -> impl IntoView {
    let state = use_app_state();
    let bulk = state.bulk;
    let total = move || bulk.items.with(Vec::len);
    let tally = move |outcome: BulkOutcome| bulk.tally(outcome);
    let waiting = move || tally(BulkOutcome::Waiting);
    let finished =
        move || total() - waiting() - tally(BulkOutcome::Sending) - tally(BulkOutcome::Checking);
    // One page of results in the DOM, however many keys the run has.
    let results_page = RwSignal::new(0usize);
    let result_pages = move || total().div_ceil(PAGE).max(1);
    view! {
                <section aria-labelledby="progress-h">
                    <h2 id="progress-h">"Progress"</h2>
                    <ProgressBar
                        label=Signal::derive(move || if bulk.checking_until.get().is_some() { "Checking".to_owned() } else if bulk.running.get() { "Sending".to_owned() } else { "Done".to_owned() })
                        done=Signal::derive(finished)
                        total=Signal::derive(total)
                    />
                    <p data-testid="bulk-summary">
                        {move || format!(
                            "{} completed, {} started, {} started but not tracked, {} unconfirmed, {} not carried out, {} waiting{}.",
                            tally(BulkOutcome::Completed),
                            tally(BulkOutcome::Started),
                            tally(BulkOutcome::TrackingFailed),
                            tally(BulkOutcome::Unconfirmed),
                            tally(BulkOutcome::Failed),
                            waiting(),
                            match tally(BulkOutcome::Checking) {
                                0 => String::new(),
                                n => format!(", {n} being checked against KMS"),
                            }
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
    }
}
