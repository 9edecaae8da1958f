//! A point in time: local time shown, UTC on hover and focus.

use crate::format::{local_date_time, utc};
use kms_core::time::Timestamp;
use leptos::prelude::*;

/// `2024-05-01 10:42:07` with `UTC 2024-05-01T08:42:07Z` as its title.
#[component]
pub(crate) fn LocalTime(
    /// The time.
    time: Timestamp,
) -> impl IntoView {
    let utc = utc(time);
    view! {
        <time datetime=utc.clone() title=format!("UTC {utc}") tabindex="0">
            {local_date_time(time)}
        </time>
    }
}
