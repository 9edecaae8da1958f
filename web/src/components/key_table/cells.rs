//! One row of the table, and the words of its cells.

use super::usage_cells::{last_use_cell, tags_cell};
use crate::components::eligibility_badge::EligibilityBadge;
use crate::components::local_time::LocalTime;
use crate::router::Route;
use crate::state::{use_app_state, KeyRow};
use kms_core::eligibility::material_expiring;
use kms_core::eligibility::MAX_ON_DEMAND_ROTATIONS;
use kms_core::model::{KeyMetadata, MultiRegionKeyType};
use leptos::prelude::*;

pub(super) fn text_of<T: std::fmt::Display>(value: Option<&T>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

pub(super) fn spec_usage(metadata: Option<&KeyMetadata>) -> String {
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

pub(super) fn multi_region(metadata: Option<&KeyMetadata>) -> &'static str {
    match metadata.and_then(KeyMetadata::multi_region_role) {
        Some(MultiRegionKeyType::Primary) => "primary",
        Some(MultiRegionKeyType::Replica) => "replica",
        Some(_) => "multi-Region",
        None => "",
    }
}

/// One row of the table.
#[component]
pub(super) fn KeyRowView(row: KeyRow) -> impl IntoView {
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
    let last_use = row.last_use.clone();
    let last_use = move || {
        keys.show_last_use
            .get()
            .then(|| last_use_cell(last_use.as_ref()))
    };
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
            {tags_cell(row.tags.as_ref())}
            <td>
                {text_of(metadata.and_then(KeyMetadata::effective_key_spec))}
                <br/>
                <span class="muted">{text_of(metadata.and_then(|m| m.key_usage.as_ref()))}</span>
            </td>
            <td>
                {text_of(metadata.and_then(|m| m.key_manager.as_ref()))}
                <br/>
                <span class="muted">{text_of(metadata.and_then(|m| m.origin.as_ref()))}</span>
                {metadata.and_then(|m| material_expiring(m, crate::clock::now())).map(|time| view! {
                    <br/><span class="badge badge-busy" data-testid="material-expiring">"material expires " <LocalTime time=time/></span>
                })}
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
            {last_use}
        </tr>
    }
}
