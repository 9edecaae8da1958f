//! The cells read after the first paint: a key's tags and, on demand, its last use.

use crate::format::{ago, local_date_time};
use kms_core::model::{GetKeyLastUsageOutput, Tag};
use leptos::prelude::*;

/// Chips shown per row; the rest are counted ("+3") and named on hover.
const CHIPS: usize = 3;

fn checking() -> AnyView {
    view! { <span class="muted checking">"checking…"</span> }.into_any()
}

fn failed(error: &str) -> AnyView {
    let title = error.to_owned();
    view! { <span class="row-error" title=title>"⚠ "<span class="visually-hidden">{error.to_owned()}</span></span> }
        .into_any()
}

/// `key=value` chips, "—" when none, "checking…" while unread.
pub(super) fn tags_cell(tags: Option<&Result<Vec<Tag>, String>>) -> impl IntoView {
    let content = match tags {
        None => checking(),
        Some(Err(error)) => failed(error),
        Some(Ok(tags)) if tags.is_empty() => view! { <span class="muted">"—"</span> }.into_any(),
        Some(Ok(tags)) => {
            let chip = |tag: &Tag| format!("{}={}", tag.tag_key, tag.tag_value);
            let all: Vec<String> = tags.iter().map(chip).collect();
            let more = all.len().saturating_sub(CHIPS);
            let title = all.join("\n");
            view! {
                <span title=title>
                    {all.into_iter().take(CHIPS).map(|text| view! { <span class="tag">{text}</span> }).collect_view()}
                    {(more > 0).then(|| view! { <span class="muted">{format!("+{more}")}</span> })}
                </span>
            }
            .into_any()
        }
    };
    view! { <td class="tags" data-testid="tags-cell">{content}</td> }
}

fn day(time: kms_core::time::Timestamp) -> String {
    local_date_time(time).chars().take(10).collect()
}

/// The last tracked use as `GetKeyLastUsage`'s documentation reads it: the operation and
/// how long ago; else not used since the key was created, or since tracking began (the
/// key may have been used before).
pub(super) fn last_use_cell(
    usage: Option<&Result<GetKeyLastUsageOutput, String>>,
) -> impl IntoView {
    let content = match usage {
        None => checking(),
        Some(Err(error)) => failed(error),
        Some(Ok(usage)) => match usage.last_use() {
            Some(last) => {
                let operation = last
                    .operation
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let when = last
                    .timestamp
                    .map(|t| ago(crate::clock::now().epoch_millis() - t.epoch_millis()));
                let title = last.timestamp.map(local_date_time).unwrap_or_default();
                view! { <span title=title>{operation}<br/><span class="muted">{when}</span></span> }
                    .into_any()
            }
            None if usage.tracked_since_creation() => {
                view! { <span class="muted">"not used since created"</span> }.into_any()
            }
            None => {
                let since = usage.tracking_start_date.map(day).unwrap_or_default();
                view! { <span class="muted">"not used since tracking began " {since}</span> }
                    .into_any()
            }
        },
    };
    view! { <td class="last-use" data-testid="last-use-cell">{content}</td> }
}
