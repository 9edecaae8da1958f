//! Calendar formatting for the three date forms on the wire: SigV4's basic ISO-8601
//! (`20240101T000000Z`), HTTP's IMF-fixdate (`Mon, 01 Jan 2024 00:00:00 GMT`) and
//! extended ISO-8601 for logs and seed files (`2024-01-01T00:00:00Z`).
//!
//! Hand-written (proleptic Gregorian, UTC only) because these are the only calendar
//! needs of the server and a date crate would be most of its dependency tree.

use kms_core::time::Timestamp;

/// Year, month (1–12), day (1–31) of the day `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's algorithm, valid for every i64 day count we can produce.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days from 1970-01-01 to the given date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: usize,
}

fn parts(t: Timestamp) -> Parts {
    let secs = t.epoch_millis().div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        second: (rem % 60) as u32,
        // 1970-01-01 was a Thursday.
        weekday: (days + 4).rem_euclid(7) as usize,
    }
}

/// `20240101T000000Z`, as in `X-Amz-Date`.
pub(crate) fn amz_date(t: Timestamp) -> String {
    let p = parts(t);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

/// `Mon, 01 Jan 2024 00:00:00 GMT`, as in the `Date` header.
pub(crate) fn http_date(t: Timestamp) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let p = parts(t);
    let month = MONTHS
        .get((p.month as usize).saturating_sub(1))
        .copied()
        .unwrap_or("Jan");
    let weekday = DAYS.get(p.weekday).copied().unwrap_or("Sun");
    format!(
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
        p.day, p.year, p.hour, p.minute, p.second
    )
}

/// `2024-01-01T00:00:00.000Z`.
pub(crate) fn iso8601(t: Timestamp) -> String {
    let p = parts(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        p.year,
        p.month,
        p.day,
        p.hour,
        p.minute,
        p.second,
        t.epoch_millis().rem_euclid(1000)
    )
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn from_fields(year: u32, month: u32, day: u32, h: u32, m: u32, s: u32) -> Option<Timestamp> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    // Reject 2024-02-31 and friends: the day must survive the round trip.
    if civil_from_days(days) != (i64::from(year), month, day) {
        return None;
    }
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s);
    Some(Timestamp::from_epoch_seconds(secs))
}

/// Parses `20240101T000000Z` strictly.
/// ISO-8601 to the second, `2026-01-01T01:00:00Z`, as STS states an `Expiration`.
pub(crate) fn iso8601_seconds(t: Timestamp) -> String {
    let p = parts(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

pub(crate) fn parse_amz_date(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    from_fields(
        digits(text.get(0..4)?)?,
        digits(text.get(4..6)?)?,
        digits(text.get(6..8)?)?,
        digits(text.get(9..11)?)?,
        digits(text.get(11..13)?)?,
        digits(text.get(13..15)?)?,
    )
}

/// Parses `2024-01-01T00:00:00Z` (optionally with `.fff` milliseconds).
pub(crate) fn parse_iso8601(text: &str) -> Option<Timestamp> {
    let text = text.strip_suffix('Z')?;
    let (main, millis) = match text.split_once('.') {
        Some((main, frac)) => {
            let frac3: String = frac.chars().chain("000".chars()).take(3).collect();
            (main, i64::from(digits(&frac3)?))
        }
        None => (text, 0),
    };
    let (date, time) = main.split_once('T')?;
    let mut d = date.split('-');
    let mut t = time.split(':');
    let ts = from_fields(
        digits(d.next()?)?,
        digits(d.next()?)?,
        digits(d.next()?)?,
        digits(t.next()?)?,
        digits(t.next()?)?,
        digits(t.next()?)?,
    )?;
    if d.next().is_some() || t.next().is_some() {
        return None;
    }
    Some(ts.plus_millis(millis))
}

/// Serde for optional timestamps in seeds: ISO-8601 text or epoch seconds.
pub(crate) mod opt_time {
    use super::{iso8601, parse_iso8601};
    use kms_core::time::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&iso8601(*t)),
            None => s.serialize_none(),
        }
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Seconds(f64),
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Timestamp>, D::Error> {
        match Option::<Either>::deserialize(d)? {
            None => Ok(None),
            Some(Either::Text(t)) => parse_iso8601(&t).map(Some).ok_or_else(|| {
                serde::de::Error::custom(format!("bad time {t:?}, want 2030-01-01T00:00:00Z"))
            }),
            Some(Either::Seconds(s)) => Timestamp::from_epoch_seconds_f64(s)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("time out of range")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        let t = Timestamp::from_epoch_seconds(1_440_938_160); // 2015-08-30T12:36:00Z
        assert_eq!(amz_date(t), "20150830T123600Z");
        assert_eq!(http_date(t), "Sun, 30 Aug 2015 12:36:00 GMT");
        assert_eq!(iso8601(t), "2015-08-30T12:36:00.000Z");
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(t));
        assert_eq!(parse_iso8601("2015-08-30T12:36:00Z"), Some(t));
        assert_eq!(
            parse_iso8601("2015-08-30T12:36:00.5Z"),
            Some(t.plus_millis(500))
        );
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "",
            "2015",
            "20150230T000000Z",
            "20151330T000000Z",
            "2015083OT123600Z",
        ] {
            assert_eq!(parse_amz_date(bad), None, "{bad}");
        }
        assert_eq!(parse_iso8601("2015-08-30"), None);
    }

    #[test]
    fn round_trips_many_days() {
        for days in (-800_000..800_000).step_by(997) {
            let t = Timestamp::from_epoch_seconds(days * 86_400 + 3_723);
            if t.epoch_millis() >= 0 {
                assert_eq!(parse_amz_date(&amz_date(t)), Some(t));
            }
        }
    }
}
