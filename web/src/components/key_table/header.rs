//! The table's header: a sort button per column, `aria-sort` for screen readers.

use crate::state::{use_app_state, Column, Sort};
use leptos::prelude::*;

/// The header row.
#[component]
pub(super) fn TableHeader() -> impl IntoView {
    let keys = use_app_state().keys;
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
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Select"</span></th>
                        <th scope="col" aria-sort=aria_sort(&[Column::Alias, Column::KeyId])>
                            {sort_button(Column::Alias, "Alias")} " / " {sort_button(Column::KeyId, "key ID")}
                        </th>
                        {header(Column::Description, "Description")}
                        <th scope="col">"Tags"</th>
                        {header(Column::Spec, "Spec / usage")}
                        {header(Column::Manager, "Manager / origin")}
                        {header(Column::State, "State")}
                        {header(Column::MultiRegion, "Multi-Region")}
                        {header(Column::Automatic, "Automatic rotation")}
                        {header(Column::LastRotation, "Last rotation")}
                        {header(Column::OnDemand, "On-demand used")}
                        {header(Column::Eligibility, "Eligibility")}
                        {move || keys.show_last_use.get().then(|| view! { <th scope="col">"Last used"</th> })}
                    </tr>
                </thead>
    }
}
