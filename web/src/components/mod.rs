//! Reusable parts of the pages, one family per file.
#![expect(
    unreachable_pub,
    reason = "the #[component] macro emits `pub` items whatever the function's visibility"
)]

pub(crate) mod confirm_dialog;
pub(crate) mod eligibility_badge;
pub(crate) mod error_notice;
pub(crate) mod key_table;
pub(crate) mod local_time;
pub(crate) mod lookup_box;
pub(crate) mod pager;
pub(crate) mod progress_bar;
pub(crate) mod rotation_history;
pub(crate) mod session_bar;

#[cfg(test)]
mod tests;
