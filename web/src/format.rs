//! How times, durations and counts are written for people: dates in local time (UTC on
//! hover, through the `title` the views set), durations in words.

use kms_core::time::Timestamp;

fn date(time: Timestamp) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(time.epoch_millis() as f64))
}

/// `2024-05-01 10:42:07` in the browser's time zone.
pub(crate) fn local_date_time(time: Timestamp) -> String {
    let d = date(time);
    format!(
        "{:04}-{:02}-{:02} {}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        local_time(time)
    )
}

/// `10:42:07` in the browser's time zone.
pub(crate) fn local_time(time: Timestamp) -> String {
    let d = date(time);
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// `2024-05-01T10:42:07Z`.
pub(crate) fn utc(time: Timestamp) -> String {
    time.to_rfc3339()
}

/// A duration in words: `1 h 05 min`, `12 min 05 s`, `45 s`.
pub(crate) fn duration(millis: i64) -> String {
    let seconds = millis.max(0) / 1000;
    let (hours, minutes, secs) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    if hours > 0 {
        format!("{hours} h {minutes:02} min")
    } else if minutes > 0 {
        format!("{minutes} min {secs:02} s")
    } else {
        format!("{secs} s")
    }
}

/// How long ago, roughly, for a time `millis` in the past: `just now`, `5 min ago`,
/// `3 h ago`, `150 days ago`.
pub(crate) fn ago(millis: i64) -> String {
    let minutes = millis.max(0) / 60_000;
    match minutes {
        0 => "just now".to_owned(),
        1..60 => format!("{minutes} min ago"),
        60..2880 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

/// A count and its noun, singular or plural: `1 key`, `10,000 keys`.
pub(crate) fn count_of(n: usize, singular: &str, plural: &str) -> String {
    format!("{} {}", count(n), if n == 1 { singular } else { plural })
}

/// How long sending takes, in words: `under a second`, else as [`duration`].
pub(crate) fn about(millis: i64) -> String {
    if millis < 1000 {
        "under a second".to_owned()
    } else {
        format!("about {}", duration(millis))
    }
}

/// A count with thousands separators: `10,000`.
pub(crate) fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A message as a sentence: capital first letter, full stop at the end (kms-core's
/// messages are lowercase without one, as Rust error messages are).
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn writes_durations_and_counts() {
        assert_eq!(duration(45_000), "45 s");
        assert_eq!(duration(725_000), "12 min 05 s");
        assert_eq!(duration(3_900_000), "1 h 05 min");
        assert_eq!(duration(-5), "0 s");
        assert_eq!(about(200), "under a second");
        assert_eq!(about(2_000), "about 2 s");
        assert_eq!(count_of(1, "key", "keys"), "1 key");
        assert_eq!(count_of(10_000, "key", "keys"), "10,000 keys");
        assert_eq!(count(10_000), "10,000");
        assert_eq!(count(999), "999");
        assert_eq!(ago(30_000), "just now");
        assert_eq!(ago(90 * 60_000), "1 h ago");
        assert_eq!(ago(5 * 60_000), "5 min ago");
        assert_eq!(ago(216_000 * 60_000), "150 days ago");
    }

    #[wasm_bindgen_test]
    fn local_and_utc_name_the_same_instant() {
        let t = Timestamp::from_epoch_seconds(1_714_560_127);
        assert_eq!(utc(t), "2024-05-01T10:42:07Z");
        let offset_minutes = date(t).get_timezone_offset() as i64;
        let shifted = Timestamp::from_epoch_millis(t.epoch_millis() - offset_minutes * 60_000);
        assert_eq!(
            local_date_time(t),
            utc(shifted).replace('T', " ").replace('Z', "")
        );
    }
}
