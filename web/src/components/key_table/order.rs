//! Which rows the table shows, in which order: the filter ([`TextFilter`]), the two flags
//! and the sort.

use super::cells::{multi_region, spec_usage, text_of};
use super::filter::TextFilter;
use crate::state::{Column, KeyRow, Sort};
use kms_core::model::KeyMetadata;
use std::cmp::Ordering;

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
    let filter = TextFilter::parse(filter);
    let mut indices: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            (!eligible_only || row.is_eligible())
                && (!in_progress_only || row.rotation_in_progress())
                && filter.matches(row)
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
