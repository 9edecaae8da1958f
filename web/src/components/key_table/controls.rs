//! Above the table: the filter, the two flags, the count, "Show last use", and the
//! selection for a bulk rotation.

use crate::api::use_api;
use crate::format::count;
use crate::router::Route;
use crate::state::use_app_state;
use leptos::prelude::*;

/// The filter, "eligible only", "rotation in progress", the count of matching keys,
/// "Show last use", and the selection controls; `visible` is the rows that pass the
/// filter (so selecting by a `tag:` filter selects exactly the eligible rows it shows).
#[component]
pub(super) fn TableControls(visible: Memo<Vec<usize>>) -> impl IntoView {
    let state = use_app_state();
    let keys = state.keys;
    let api = use_api();
    let select_all_eligible = move |_| {
        let ids: Vec<String> = visible.with_untracked(|visible| {
            keys.rows.with_untracked(|rows| {
                visible
                    .iter()
                    .filter_map(|&i| rows.get(i))
                    .filter(|row| row.is_eligible())
                    .map(|row| row.key_id.clone())
                    .collect()
            })
        });
        keys.selected.update(|selected| selected.extend(ids));
    };
    view! {
        <div class="table-controls">
            {move || keys.finding.get().map(|check| view! {
                <p class="finding-filter" data-testid="finding-filter">
                    "Only keys with the finding: " <strong>{check.title()}</strong> " "
                    <button on:click=move |_| { keys.finding.set(None); keys.page.set(0); }>"Show all keys"</button>
                </p>
            })}
            <label class="filter">
                "Filter "
                <input
                    type="search"
                    placeholder="alias, key ID, state… or tag:Env=prod"
                    title="Words match anywhere in a row. tag:Key=Value keeps keys with that tag (exact, case-sensitive); tag:Key keeps keys that have the tag key; quote values with spaces: tag:Key=\"a b\". Several tokens must all match."
                    aria-describedby="filter-help"
                    prop:value=move || keys.filter.get()
                    on:input=move |ev| {
                        keys.filter.set(event_target_value(&ev));
                        keys.page.set(0);
                    }
                />
            </label>
            <span id="filter-help" class="visually-hidden">"tag:Key=Value filters by tag; tag:Key by tag key."</span>
            <label>
                <input
                    type="checkbox"
                    prop:checked=move || keys.eligible_only.get()
                    on:change=move |ev| {
                        keys.eligible_only.set(event_target_checked(&ev));
                        keys.page.set(0);
                    }
                />
                " Eligible only"
            </label>
            <label>
                <input
                    type="checkbox"
                    prop:checked=move || keys.in_progress_only.get()
                    on:change=move |ev| {
                        keys.in_progress_only.set(event_target_checked(&ev));
                        keys.page.set(0);
                    }
                />
                " Rotation in progress"
            </label>
            <label>
                <input
                    type="checkbox"
                    data-testid="show-last-use"
                    prop:checked=move || keys.show_last_use.get()
                    on:change=move |ev| {
                        let show = event_target_checked(&ev);
                        keys.show_last_use.set(show);
                        if show {
                            leptos::task::spawn_local(api.load_last_use());
                        }
                    }
                />
                " Show last use"
            </label>
            <span class="count" data-testid="match-count">
                {move || format!("{} of {} keys", count(visible.with(Vec::len)), count(keys.rows.with(Vec::len)))}
            </span>
        </div>
        <div class="selection-controls">
            <button on:click=select_all_eligible>"Select all eligible matching the filter"</button>
            <button
                disabled=move || keys.selected.with(|s| s.is_empty())
                on:click=move |_| keys.selected.update(|s| s.clear())
            >
                "Clear selection"
            </button>
            <span data-testid="selected-count">{move || format!("{} selected", count(keys.selected.with(|s| s.len())))}</span>
            <button
                class="primary"
                disabled=move || keys.selected.with(|s| s.is_empty())
                on:click=move |_| state.go(Route::Bulk)
            >
                "Plan bulk rotation…"
            </button>
        </div>
    }
}
