//! Bulk rotation: the plan (how many keys, rotations left each, time at 5 per second),
//! a confirmation, then a progress bar and a result per key — each of kms-core's four
//! outcomes, started rotations followed to completion; re-checks of unconfirmed keys
//! and "keep tracking" for rotations whose tracking failed; exports of the results
//! and of the keys' rotation histories.
//!
//! Nothing resumes by itself: a reload forgets the run (it lives in memory, and leaving
//! the page while it runs asks first), and a key already sent is never sent again by
//! the run. A job can be saved to a file at any moment and reopened: kms-core
//! reconciles each key against KMS before anything more is sent.

mod export;
mod job;
mod plan;
mod progress;

use crate::router::Route;
use crate::state::{use_app_state, BulkItem};
use export::ExportSection;
use leptos::prelude::*;
use plan::PlanSection;
use progress::ProgressSection;

/// `RotateKeyOnDemand` requests per second (the KMS quota, per account and Region).
pub(super) const ROTATIONS_PER_SECOND: usize = 5;
/// Rows of the plan and of the results shown at once.
pub(super) const PAGE: usize = 100;

/// The bulk rotation page.
#[component]
pub(crate) fn BulkRotationPage() -> impl IntoView {
    let state = use_app_state();
    let bulk = state.bulk;
    let keys = state.keys;

    // The plan follows the selection until the first key is sent.
    Effect::new(move |_| {
        let selected = keys.selected.get();
        if bulk.started_at.get_untracked().is_some() {
            return;
        }
        let items: Vec<BulkItem> = keys.rows.with_untracked(|rows| {
            rows.iter()
                .filter(|row| selected.contains(&row.key_id))
                .map(|row| BulkItem {
                    key_id: row.key_id.clone(),
                    alias: row.aliases.first().cloned(),
                    remaining: row.eligibility.as_ref().and_then(|e| e.on_demand_remaining),
                    before: row.before.clone(),
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

    view! {
        <main class="bulk">
            <p><a href=Route::Keys.hash()>"← All keys"</a></p>
            <h1>"Bulk rotation"</h1>
            <Show
                when=move || bulk.items.with(|items| !items.is_empty())
                fallback=|| view! {
                    <p>"No keys selected. On the keys page, tick the eligible keys to rotate, or use 'Select all eligible matching the filter'."</p>
                }
            >
                <PlanSection/>
                <ProgressSection/>
                <ExportSection/>
            </Show>
            <job::JobFile/>
        </main>
    }
}
