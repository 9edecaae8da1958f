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

    /// Parses an RFC 3339 / ISO 8601 date-time such as `2024-05-01T12:00:00Z`,
    /// `2024-05-01T12:00:00.123+02:00` (as `aws configure export-credentials` and STS
    /// print expirations).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let parsed = aws_smithy_types::DateTime::from_str(
            text.trim(),
            aws_smithy_types::date_time::Format::DateTimeWithOffset,
        )
        .ok()?;
        Some(Self(parsed.to_millis().ok()?))
    }

    /// Formats as RFC 3339 in UTC, `2024-05-01T12:00:00Z` (milliseconds when not zero).
    pub fn to_rfc3339(self) -> String {
        aws_smithy_types::DateTime::from_millis(self.0)
            .fmt(aws_smithy_types::date_time::Format::DateTime)
            .unwrap_or_else(|_| self.0.to_string())
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
    }

    #[test]
    fn round_trips_through_system_time() {
        let t = Timestamp::from_epoch_millis(1_700_000_000_123);
        assert_eq!(Timestamp::from_system_time(t.to_system_time()), t);
        let before = Timestamp::from_epoch_millis(-5);
        assert_eq!(Timestamp::from_system_time(before.to_system_time()), before);
    }
}
