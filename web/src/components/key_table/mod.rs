//! The keys table: filter, sort, "eligible only", "rotation in progress", selection for
//! bulk rotation, and pages of rows, so that only the rows of one page are in the DOM
//! however many keys the Region has (10,000 stay smooth).

mod cells;
mod controls;
mod filter;
mod header;
mod order;
mod usage_cells;

pub(crate) use order::filter_and_sort;

use crate::api;
use crate::components::pager::{shown_page, Pager};
use crate::format::count;
use crate::state::use_app_state;
use cells::KeyRowView;
use controls::TableControls;
use header::TableHeader;
use leptos::prelude::*;

/// The keys table with its controls.
#[component]
pub(crate) fn KeyTable() -> impl IntoView {
    let state = use_app_state();
    let keys = state.keys;
    let visible = Memo::new(move |_| {
        keys.rows.with(|rows| {
            let mut shown = filter_and_sort(
                rows,
                &keys.filter.get(),
                keys.eligible_only.get(),
                keys.in_progress_only.get(),
                keys.sort.get(),
            );
            // Only the keys that break one check (from the findings page).
            if let Some(check) = keys.finding.get() {
                let policy = state.policy.get();
                let now = crate::clock::now();
                shown.retain(|&i| {
                    rows[i]
                        .findings(&policy, now)
                        .iter()
                        .any(|f| f.check == check)
                });
            }
            shown
        })
    });
    let pages = move || visible.with(Vec::len).div_ceil(keys.page_size.get()).max(1);
    let page = move || shown_page(keys.page.get(), pages());
    let page_rows = move || {
        let size = keys.page_size.get();
        let start = page() * size;
        visible.with(|visible| {
            keys.rows.with(|rows| {
                visible
                    .iter()
                    .skip(start)
                    .take(size)
                    .filter_map(|&i| rows.get(i).cloned())
                    .collect::<Vec<_>>()
            })
        })
    };
    // While keys load (and while their tags or last use are read), the load reads first
    // the rows on screen, then the rest of the filtered set in the table's order
    // (kms-core's inventory focus). Runs when the order, filter or page changes, not on
    // every row read: keys already read are skipped by the load itself. (Tracked through
    // a memo: the progress itself changes at every batch of reads, and the focus must
    // not be rebuilt each time.)
    let loading =
        Memo::new(move |_| keys.progress.with(|p| p.running) || keys.later_reads.get() > 0);
    Effect::new(move |_| {
        if !loading.get() {
            return;
        }
        let size = keys.page_size.get();
        let start = page() * size;
        let focus: Vec<String> = visible.with(|visible| {
            keys.rows.with_untracked(|rows| {
                let on_screen = visible.iter().skip(start).take(size);
                let rest = visible
                    .iter()
                    .skip(start + size)
                    .chain(visible.iter().take(start));
                on_screen
                    .chain(rest)
                    .filter_map(|&i| rows.get(i))
                    .map(|row| row.key_id.clone())
                    .collect()
            })
        });
        api::set_focus(focus);
    });
    view! {
        <TableControls visible=visible/>
        <div class="table-wrap">
            <table class="keys" data-testid="keys-table">
                <caption class="visually-hidden">"Keys of the Region"</caption>
                <TableHeader/>
                <tbody>
                    <For each=page_rows key=|row| (row.key_id.clone(), row.revision) children=move |row| view! { <KeyRowView row=row/> }/>
                </tbody>
            </table>
        </div>
        <Pager
            page=keys.page
            pages=Signal::derive(pages)
            label=Signal::derive(move || {
                let size = keys.page_size.get();
                let total = visible.with(Vec::len);
                let start = (page() * size).min(total);
                format!(
                    "Rows {}–{} of {} (page {} of {})",
                    count(if total == 0 { 0 } else { start + 1 }),
                    count((start + size).min(total)),
                    count(total),
                    page() + 1,
                    pages()
                )
            })
        >
            <label>
                "Rows per page "
                <select on:change=move |ev| {
                    if let Ok(size) = event_target_value(&ev).parse::<usize>() {
                        keys.page_size.set(size.max(1));
                        keys.page.set(0);
                    }
                }>
                    {[25usize, 50, 100, 200]
                        .into_iter()
                        .map(|size| view! { <option value=size.to_string() selected=move || keys.page_size.get() == size>{size}</option> })
                        .collect_view()}
                </select>
            </label>
        </Pager>
    }
}
