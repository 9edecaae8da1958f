//! Timestamps as KMS puts them on the wire: epoch seconds, possibly fractional.
//!
//! ```
//! use kms_core::time::Timestamp;
//! let t: Timestamp = serde_json::from_str("1700000000.25").unwrap();
//! assert_eq!(t.epoch_millis(), 1_700_000_000_250);
//! assert_eq!(serde_json::to_string(&t).unwrap(), "1700000000.25");
//! ```

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time with millisecond precision, counted from the Unix epoch.
///
/// Millisecond precision is what JavaScript's `Date` keeps, so values survive the trip
/// to JS and back unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The timestamp `millis` milliseconds after the Unix epoch (negative: before it).
    pub const fn from_epoch_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Whole seconds after the epoch.
    pub const fn from_epoch_seconds(seconds: i64) -> Self {
        Self(seconds.saturating_mul(1000))
    }

    /// Milliseconds after the Unix epoch.
    pub const fn epoch_millis(self) -> i64 {
        self.0
    }

    /// Seconds after the Unix epoch, with the fraction.
    pub fn epoch_seconds_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Converts to `SystemTime` (which, unlike `SystemTime::now`, works on wasm32).
    pub fn to_system_time(self) -> SystemTime {
        if self.0 >= 0 {
            UNIX_EPOCH + Duration::from_millis(self.0.unsigned_abs())
        } else {
            UNIX_EPOCH - Duration::from_millis(self.0.unsigned_abs())
        }
    }

    /// Converts from `SystemTime`, truncating to milliseconds.
    pub fn from_system_time(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self(i64::try_from(after.as_millis()).unwrap_or(i64::MAX)),
            Err(before) => Self(-i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX)),
        }
    }

    /// This timestamp moved by `millis` (which may be negative), saturating.
    pub const fn plus_millis(self, millis: i64) -> Self {
        Self(self.0.saturating_add(millis))
    }

    /// Milliseconds from `earlier` to `self` (negative when `earlier` is later).
    pub const fn millis_since(self, earlier: Self) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// Parses epoch seconds as text, such as `1700000000` or `1.7000000001E9`.
    pub fn parse_epoch_seconds(text: &str) -> Option<Self> {
        let seconds: f64 = text.trim().parse().ok()?;
        Self::from_epoch_seconds_f64(seconds)
    }

    /// Parses an RFC 3339 / ISO 8601 date-time such as `2024-05-01T12:00:00Z` or
    /// `2024-05-01T14:00:00.123+02:00` (as `aws configure export-credentials` and STS
    /// print expirations). A space instead of the `T`, as Python prints it, and a
    /// lowercase `t`/`z` are accepted.
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let text = text.trim().as_bytes();
        let (date, rest) = (text.get(..10)?, text.get(11..)?);
        if !matches!(text.get(10)?, b'T' | b't' | b' ') || date[4] != b'-' || date[7] != b'-' {
            return None;
        }
        let (year, month, day) = (
            digits(&date[..4])?,
            digits(&date[5..7])?,
            digits(&date[8..10])?,
        );
        let time = rest.get(..8)?;
        if time[2] != b':' || time[5] != b':' {
            return None;
        }
        let (hour, minute, second) = (
            digits(&time[..2])?,
            digits(&time[3..5])?,
            digits(&time[6..8])?,
        );
        let mut rest = &rest[8..];
        let mut millis = 0;
        if let Some(fraction) = rest.strip_prefix(b".") {
            let len = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if len == 0 {
                return None;
            }
            // The first three digits, padded with zeros: milliseconds.
            let mut first3 = *b"000";
            for (slot, digit) in first3.iter_mut().zip(&fraction[..len]) {
                *slot = *digit;
            }
            millis = digits(&first3)?;
            rest = &fraction[len..];
        }
        let offset_minutes = match rest {
            b"Z" | b"z" => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let minutes = digits(&[*h1, *h2])? * 60 + digits(&[*m1, *m2])?;
                if *sign == b'-' {
                    -minutes
                } else {
                    minutes
                }
            }
            _ => return None,
        };
        let seconds = seconds_from_civil(year, month, day, hour, minute, second)?;
        Some(Self((seconds - offset_minutes * 60) * 1000 + millis))
    }

    /// Formats as RFC 3339 in UTC, `2024-05-01T12:00:00Z` (`.123` when the
    /// milliseconds are not zero).
    pub fn to_rfc3339(self) -> String {
        let (year, month, day, hour, minute, second) = self.civil();
        let millis = self.0.rem_euclid(1000);
        let fraction = if millis == 0 {
            String::new()
        } else {
            format!(".{millis:03}")
        };
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}Z")
    }

    /// Parses an ISO 8601 basic timestamp as SigV4 writes them: `20150830T123600Z`.
    pub fn parse_amz_date(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
            return None;
        }
        let (year, month, day) = (
            digits(&bytes[..4])?,
            digits(&bytes[4..6])?,
            digits(&bytes[6..8])?,
        );
        let (hour, minute, second) = (
            digits(&bytes[9..11])?,
            digits(&bytes[11..13])?,
            digits(&bytes[13..15])?,
        );
        Some(Self::from_epoch_seconds(seconds_from_civil(
            year, month, day, hour, minute, second,
        )?))
    }

    /// Formats as SigV4 writes timestamps: `20150830T123600Z`.
    pub fn to_amz_date(self) -> String {
        let (year, month, day, hour, minute, second) = self.civil();
        format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
    }

    /// Parses an HTTP `Date` header (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), as
    /// servers send it.
    pub fn parse_http_date(text: &str) -> Option<Self> {
        let mut parts = text.trim().split_ascii_whitespace();
        let _weekday = parts.next()?;
        let day = digits(parts.next()?.as_bytes())?;
        let month_name = parts.next()?;
        let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
        let year = digits(parts.next()?.as_bytes())?;
        let time = parts.next()?.as_bytes();
        if parts.next()? != "GMT" || time.len() != 8 || time[2] != b':' || time[5] != b':' {
            return None;
        }
        let (hour, minute, second) = (
            digits(&time[..2])?,
            digits(&time[3..5])?,
            digits(&time[6..8])?,
        );
        Some(Self::from_epoch_seconds(seconds_from_civil(
            year, month, day, hour, minute, second,
        )?))
    }

    /// Year, month, day, hour, minute, second in UTC.
    fn civil(self) -> (i64, i64, i64, i64, i64, i64) {
        let seconds = self.0.div_euclid(1000);
        let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        (year, month, day, rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// Converts fractional epoch seconds, rejecting NaN and values outside ±10^12 s.
    pub fn from_epoch_seconds_f64(seconds: f64) -> Option<Self> {
        if !seconds.is_finite() || seconds.abs() > 1e12 {
            return None;
        }
        Some(Self((seconds * 1000.0).round() as i64))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % 1000 == 0 {
            serializer.serialize_i64(self.0 / 1000)
        } else {
            serializer.serialize_f64(self.epoch_seconds_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let seconds = f64::deserialize(deserializer)?;
        Self::from_epoch_seconds_f64(seconds)
            .ok_or_else(|| serde::de::Error::custom("timestamp out of range"))
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A run of ASCII digits as a number (at most 9 of them); `None` for anything else.
fn digits(bytes: &[u8]) -> Option<i64> {
    if bytes.is_empty() || bytes.len() > 9 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0, |n, b| n * 10 + i64::from(b - b'0')))
}

/// Seconds since the epoch of a UTC date and time, if they name a real one.
fn seconds_from_civil(
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
) -> Option<i64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= month_days[usize::try_from(month - 1).ok()?]
        && hour <= 23
        && minute <= 59
        && second <= 60; // a leap second is read as the next second's start
    valid.then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_integer_fractional_and_exponent_forms() {
        for (text, millis) in [
            ("1700000000", 1_700_000_000_000),
            ("1700000000.5", 1_700_000_000_500),
            ("1.7000000001E9", 1_700_000_000_100),
            ("-1.5", -1_500),
        ] {
            let t: Timestamp = serde_json::from_str(text).unwrap();
            assert_eq!(t.epoch_millis(), millis, "{text}");
        }
    }

    #[test]
    fn rejects_non_numbers() {
        assert!(serde_json::from_str::<Timestamp>("\"2024-01-01\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("1e300").is_err());
    }

    #[test]
    fn parses_rfc3339_with_zone_offset_and_fraction() {
        let z = Timestamp::parse_rfc3339("2015-08-30T12:36:00Z").unwrap();
        assert_eq!(z, Timestamp::from_epoch_seconds(1_440_938_160));
        let offset = Timestamp::parse_rfc3339("2015-08-30T14:36:00.5+02:00").unwrap();
        assert_eq!(offset.epoch_millis(), 1_440_938_160_500);
        assert_eq!(z.to_rfc3339(), "2015-08-30T12:36:00Z");
        assert_eq!(Timestamp::parse_rfc3339("yesterday"), None);
        assert_eq!(Timestamp::parse_rfc3339("2015-08-30 12:36:00z"), Some(z));
        assert_eq!(
            Timestamp::parse_rfc3339("2015-08-30T12:36:00.123456-00:30")
                .unwrap()
                .epoch_millis(),
            1_440_939_960_123
        );
        for bad in [
            "2015-02-30T00:00:00Z",
            "2015-08-30T24:00:00Z",
            "2015-08-30T12:36:00",
            "2015-08-30T12:36:00.Z",
            "2015-08-30T12:36:00+0200",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(
            Timestamp::from_epoch_millis(-1).to_rfc3339(),
            "1969-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn amz_dates_round_trip() {
        for text in [
            "19700101T000000Z",
            "20150830T123600Z",
            "20240229T235959Z",
            "21000301T000000Z",
        ] {
            assert_eq!(Timestamp::parse_amz_date(text).unwrap().to_amz_date(), text);
        }
        assert_eq!(
            Timestamp::parse_amz_date("20150830T123600Z")
                .unwrap()
                .epoch_millis(),
            1_440_938_160_000
        );
        for bad in [
            "",
            "2015-08-30T12:36:00Z",
            "20151330T000000Z",
            "2015083XT123600Z",
            "20150229T000000Z",
        ] {
            assert_eq!(Timestamp::parse_amz_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_http_dates() {
        let t = Timestamp::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(t, Timestamp::parse_amz_date("20151021T072800Z").unwrap());
        for bad in [
            "",
            "Wed, 21 Foo 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 07:28:00 PST",
            "Wed, 21 Oct 2015 7:28:00 GMT",
        ] {
            assert_eq!(Timestamp::parse_http_date(bad), None, "{bad}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn text_parsers_never_panic(text in ".{0,40}") {
            let _ = Timestamp::parse_rfc3339(&text);
            let _ = Timestamp::parse_amz_date(&text);
            let _ = Timestamp::parse_http_date(&text);
        }

        #[test]
        fn rfc3339_round_trips(millis in -62_135_596_800_000i64..253_402_300_799_999) {
            let t = Timestamp::from_epoch_millis(millis);
            proptest::prop_assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Some(t));
        }
    }

    #[test]
    fn round_trips_through_system_time() {
        let t = Timestamp::from_epoch_millis(1_700_000_000_123);
        assert_eq!(Timestamp::from_system_time(t.to_system_time()), t);
        let before = Timestamp::from_epoch_millis(-5);
        assert_eq!(Timestamp::from_system_time(before.to_system_time()), before);
    }
}
