//! The cells read after the first paint: a key's tags and, on demand, its last use. Each
//! is one template filled with words (the console's size budget counts every view).

use crate::format::{ago, local_date_time};
use kms_core::model::{GetKeyLastUsageOutput, Tag};
use leptos::prelude::*;

/// Chips shown per row; the rest are counted ("+3") and all named on hover.
const CHIPS: usize = 3;
const CHECKING: &str = "checking…";
const NOT_READ: &str = "⚠ not read";

/// `key=value` chips, "—" when none, "checking…" while unread; on hover every tag, or
/// why they could not be read.
pub(super) fn tags_cell(tags: Option<&Result<Vec<Tag>, String>>) -> impl IntoView {
    let (chips, note, title): (Vec<String>, String, String) = match tags {
        None => (Vec::new(), CHECKING.to_owned(), String::new()),
        Some(Err(error)) => (Vec::new(), NOT_READ.to_owned(), error.clone()),
        Some(Ok(tags)) if tags.is_empty() => (Vec::new(), "—".to_owned(), String::new()),
        Some(Ok(tags)) => {
            let all: Vec<String> = tags
                .iter()
                .map(|tag| format!("{}={}", tag.tag_key, tag.tag_value))
                .collect();
            let more = all.len().saturating_sub(CHIPS);
            let note = if more > 0 {
                format!("+{more}")
            } else {
                String::new()
            };
            (
                all.iter().take(CHIPS).cloned().collect(),
                note,
                all.join("\n"),
            )
        }
    };
    let checking = tags.is_none();
    view! {
        <td class="tags" data-testid="tags-cell" title=title>
            {chips.into_iter().map(|chip| view! { <span class="tag">{chip}</span> }).collect_view()}
            <span class="muted" class:checking=checking>{note}</span>
        </td>
    }
}

/// The last tracked use as `GetKeyLastUsage`'s documentation reads it: the operation and
/// how long ago (the time on hover); else not used since the key was created, or since
/// tracking began (the key may have been used before).
pub(super) fn last_use_cell(
    usage: Option<&Result<GetKeyLastUsageOutput, String>>,
) -> impl IntoView {
    let (text, when, title) = match usage {
        None => (CHECKING.to_owned(), String::new(), String::new()),
        Some(Err(error)) => (NOT_READ.to_owned(), String::new(), error.clone()),
        Some(Ok(usage)) => match usage.last_use() {
            Some(last) => (
                last.operation
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                last.timestamp
                    .map(|t| ago(crate::clock::now().epoch_millis() - t.epoch_millis()))
                    .unwrap_or_default(),
                last.timestamp.map(local_date_time).unwrap_or_default(),
            ),
            None if usage.tracked_since_creation() => (
                "not used since created".to_owned(),
                String::new(),
                String::new(),
            ),
            None => {
                let since: String = usage
                    .tracking_start_date
                    .map(local_date_time)
                    .unwrap_or_default()
                    .chars()
                    .take(10)
                    .collect();
                let text = format!("not used since tracking began {since}");
                (text, String::new(), String::new())
            }
        },
    };
    let plain = usage.is_some_and(|usage| usage.as_ref().is_ok_and(|u| u.last_use().is_some()));
    let checking = usage.is_none();
    view! {
        <td class="last-use" data-testid="last-use-cell" title=title>
            <span class:muted=!plain class:checking=checking>{text}</span>
            <span class="muted when">{when}</span>
        </td>
    }
}
