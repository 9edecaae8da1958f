//! The keys table: filter, sort, "eligible only", "rotation in progress", selection for
//! bulk rotation, and pages of rows, so that only the rows of one page are in the DOM
//! however many keys the Region has (10,000 stay smooth).

use crate::api;
use crate::components::eligibility_badge::EligibilityBadge;
use crate::components::local_time::LocalTime;
use crate::components::pager::{shown_page, Pager};
use crate::format::count;
use crate::router::Route;
use crate::state::{use_app_state, Column, KeyRow, Sort};
use kms_core::eligibility::MAX_ON_DEMAND_ROTATIONS;
use kms_core::model::{KeyMetadata, MultiRegionKeyType};
use leptos::prelude::*;
use std::cmp::Ordering;

fn text_of<T: std::fmt::Display>(value: Option<&T>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

fn spec_usage(metadata: Option<&KeyMetadata>) -> String {
    metadata
        .map(|m| {
            format!(
                "{} / {}",
                text_of(m.effective_key_spec()),
                text_of(m.key_usage.as_ref())
            )
        })
        .unwrap_or_default()
}

fn multi_region(metadata: Option<&KeyMetadata>) -> &'static str {
    match metadata.and_then(KeyMetadata::multi_region_role) {
        Some(MultiRegionKeyType::Primary) => "primary",
        Some(MultiRegionKeyType::Replica) => "replica",
        Some(_) => "multi-Region",
        None => "",
    }
}

/// Whether `row` matches the lower-cased `needle`.
fn matches(row: &KeyRow, needle: &str) -> bool {
    needle.is_empty() || row.search.contains(needle)
}

fn compare(a: &KeyRow, b: &KeyRow, column: Column) -> Ordering {
    let meta = |row: &KeyRow, f: &dyn Fn(&KeyMetadata) -> String| row.metadata.as_ref().map(f);
    match column {
        Column::Alias => (a.aliases.is_empty(), a.aliases.first())
            .cmp(&(b.aliases.is_empty(), b.aliases.first())),
        Column::KeyId => a.key_id.cmp(&b.key_id),
        Column::Description => meta(a, &|m| m.description.clone().unwrap_or_default())
            .cmp(&meta(b, &|m| m.description.clone().unwrap_or_default())),
        Column::Spec => spec_usage(a.metadata.as_ref()).cmp(&spec_usage(b.metadata.as_ref())),
        Column::Manager => {
            let key = |m: &KeyMetadata| {
                format!(
                    "{} {}",
                    text_of(m.key_manager.as_ref()),
                    text_of(m.origin.as_ref())
                )
            };
            meta(a, &key).cmp(&meta(b, &key))
        }
        Column::State => meta(a, &|m| text_of(m.key_state.as_ref()))
            .cmp(&meta(b, &|m| text_of(m.key_state.as_ref()))),
        Column::MultiRegion => {
            multi_region(a.metadata.as_ref()).cmp(multi_region(b.metadata.as_ref()))
        }
        Column::Automatic => {
            let key = |row: &KeyRow| {
                row.status
                    .as_ref()
                    .map(|s| (s.key_rotation_enabled, s.next_rotation_date))
            };
            key(a).cmp(&key(b))
        }
        Column::LastRotation => a.last_rotation.cmp(&b.last_rotation),
        Column::OnDemand => {
            let used = |row: &KeyRow| row.eligibility.as_ref().and_then(|e| e.on_demand_used);
            used(a).cmp(&used(b))
        }
        Column::Eligibility => (!a.is_eligible()).cmp(&!b.is_eligible()),
    }
}

/// The indices of the rows that pass the filters, in sort order (ties by key ID).
pub(crate) fn filter_and_sort(
    rows: &[KeyRow],
    filter: &str,
    eligible_only: bool,
    in_progress_only: bool,
    sort: Sort,
) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    let mut indices: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            (!eligible_only || row.is_eligible())
                && (!in_progress_only || row.rotation_in_progress())
                && matches(row, &needle)
        })
        .map(|(i, _)| i)
        .collect();
    indices.sort_by(|&i, &j| {
        let order = compare(&rows[i], &rows[j], sort.column)
            .then_with(|| rows[i].key_id.cmp(&rows[j].key_id));
        if sort.ascending {
            order
        } else {
            order.reverse()
        }
    });
    indices
}

/// The keys table with its controls.
#[component]
pub(crate) fn KeyTable() -> impl IntoView {
    let state = use_app_state();
    let keys = state.keys;
    let visible = Memo::new(move |_| {
        keys.rows.with(|rows| {
            filter_and_sort(
                rows,
                &keys.filter.get(),
                keys.eligible_only.get(),
                keys.in_progress_only.get(),
                keys.sort.get(),
            )
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
    // While keys load, the load reads first the rows on screen, then the rest of the
    // filtered set in the table's order (kms-core's inventory focus). Runs when the
    // order, filter or page changes, not on every row read: keys already read are
    // skipped by the load itself.
    Effect::new(move |_| {
        if !keys.progress.with(|p| p.running) {
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
    let aria_sort = move |columns: &'static [Column]| {
        move || {
            let sort = keys.sort.get();
            match (columns.contains(&sort.column), sort.ascending) {
                (false, _) => "none",
                (true, true) => "ascending",
                (true, false) => "descending",
            }
        }
    };
    let sort_button = move |column: Column, label: &'static str| {
        let sorted = move || keys.sort.get().column == column;
        view! {
            <button
                class="sort"
                class:sorted=sorted
                on:click=move |_| {
                    keys.sort.update(|sort| {
                        if sort.column == column {
                            sort.ascending = !sort.ascending;
                        } else {
                            *sort = Sort { column, ascending: true };
                        }
                    });
                    keys.page.set(0);
                }
            >
                {label}
                <span class="arrow" aria-hidden="true">
                    {move || match (sorted(), keys.sort.get().ascending) {
                        (false, _) => "",
                        (true, true) => " ▲",
                        (true, false) => " ▼",
                    }}
                </span>
            </button>
        }
    };
    let header = move |column: Column, label: &'static str| {
        let columns: &'static [Column] = match column {
            Column::Description => &[Column::Description],
            Column::Spec => &[Column::Spec],
            Column::Manager => &[Column::Manager],
            Column::State => &[Column::State],
            Column::MultiRegion => &[Column::MultiRegion],
            Column::Automatic => &[Column::Automatic],
            Column::LastRotation => &[Column::LastRotation],
            Column::OnDemand => &[Column::OnDemand],
            _ => &[Column::Eligibility],
        };
        view! { <th scope="col" aria-sort=aria_sort(columns)>{sort_button(column, label)}</th> }
    };
    view! {
        <div class="table-controls">
            <label class="filter">
                "Filter "
                <input
                    type="search"
                    placeholder="alias, key ID, description, state…"
                    prop:value=move || keys.filter.get()
                    on:input=move |ev| {
                        keys.filter.set(event_target_value(&ev));
                        keys.page.set(0);
                    }
                />
            </label>
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
        <div class="table-wrap">
            <table class="keys" data-testid="keys-table">
                <caption class="visually-hidden">"Keys of the Region"</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Select"</span></th>
                        <th scope="col" aria-sort=aria_sort(&[Column::Alias, Column::KeyId])>
                            {sort_button(Column::Alias, "Alias")} " / " {sort_button(Column::KeyId, "key ID")}
                        </th>
                        {header(Column::Description, "Description")}
                        {header(Column::Spec, "Spec / usage")}
                        {header(Column::Manager, "Manager / origin")}
                        {header(Column::State, "State")}
                        {header(Column::MultiRegion, "Multi-Region")}
                        {header(Column::Automatic, "Automatic rotation")}
                        {header(Column::LastRotation, "Last rotation")}
                        {header(Column::OnDemand, "On-demand used")}
                        {header(Column::Eligibility, "Eligibility")}
                    </tr>
                </thead>
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

/// One row of the table.
#[component]
fn KeyRowView(row: KeyRow) -> impl IntoView {
    let state = use_app_state();
    let keys = state.keys;
    let key_id = row.key_id.clone();
    let eligible = row.is_eligible();
    let checked = {
        let key_id = key_id.clone();
        move || keys.selected.with(|s| s.contains(&key_id))
    };
    let toggle = {
        let key_id = key_id.clone();
        move |ev| {
            let on = event_target_checked(&ev);
            keys.selected.update(|s| {
                if on {
                    s.insert(key_id.clone());
                } else {
                    s.remove(&key_id);
                }
            });
        }
    };
    let metadata = row.metadata.as_ref();
    let automatic = match &row.status {
        Some(status) if status.key_rotation_enabled => {
            let period = status
                .rotation_period_in_days
                .map(|days| format!("every {days} days"))
                .unwrap_or_default();
            let next = status.next_rotation_date;
            view! {
                <span>"on " {period}</span>
                {next.map(|time| view! { <br/><span class="muted">"next " <LocalTime time=time/></span> })}
            }
            .into_any()
        }
        Some(_) => view! { <span>"off"</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    };
    let used = row
        .eligibility
        .as_ref()
        .and_then(|e| e.on_demand_used)
        .map(|used| format!("{used}/{MAX_ON_DEMAND_ROTATIONS}"))
        .unwrap_or_else(|| "—".to_owned());
    let in_progress = row.rotation_in_progress();
    let label = format!("Select {}", row.label());
    view! {
        <tr class:in-progress=in_progress data-key-id=key_id.clone()>
            <td>
                <input type="checkbox" aria-label=label disabled=!eligible prop:checked=checked on:change=toggle/>
            </td>
            <td class="key">
                <a href=Route::Key(key_id.clone()).hash()>
                    <span class="aliases">{row.aliases.join(", ")}</span>
                    <code>{key_id.clone()}</code>
                </a>
            </td>
            <td class="description">{metadata.and_then(|m| m.description.clone()).unwrap_or_default()}</td>
            <td>
                {text_of(metadata.and_then(KeyMetadata::effective_key_spec))}
                <br/>
                <span class="muted">{text_of(metadata.and_then(|m| m.key_usage.as_ref()))}</span>
            </td>
            <td>
                {text_of(metadata.and_then(|m| m.key_manager.as_ref()))}
                <br/>
                <span class="muted">{text_of(metadata.and_then(|m| m.origin.as_ref()))}</span>
            </td>
            <td>{text_of(metadata.and_then(|m| m.key_state.as_ref()))}</td>
            <td>{multi_region(metadata)}</td>
            <td>{automatic}</td>
            <td>
                {in_progress.then(|| view! { <span class="badge badge-busy">"rotating"</span><br/> })}
                {row.last_rotation.map(|time| view! { <LocalTime time=time/> })}
            </td>
            <td>{used}</td>
            <td>
                <EligibilityBadge eligibility=row.eligibility.clone() complete=row.history_read/>
                {row.error.clone().map(|e| { let title = e.clone(); view! { <span class="row-error" title=title>" ⚠ " <span class="visually-hidden">{e}</span></span> } })}
            </td>
        </tr>
    }
}
