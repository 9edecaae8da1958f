//! Reading the output shapes from parsed JSON by hand, member by member.
//!
//! The client reads every answer this way rather than through the `Deserialize`
//! derives: a derive expands to a visitor per shape and a copy of serde_json's parser
//! glue per member type, several kilobytes each in the wasm a browser downloads, while
//! reading a [`Value`] (which the crate parses anyway) costs a few bytes per member.
//! The derives stay for the other direction and for kms-local; a test checks that both
//! read the same JSON the same way.
//!
//! Reading is lenient as KMS clients must be: unknown members are ignored, absent and
//! `null` members are `None` (or empty), unknown enum values are kept. A member of the
//! wrong type is a [`ShapeError`] naming it.
//!
//! ```
//! use kms_core::model::{FromJson, GetKeyRotationStatusOutput};
//! let json = serde_json::json!({"KeyRotationEnabled": true, "RotationPeriodInDays": 90});
//! let status = GetKeyRotationStatusOutput::from_json(&json).unwrap();
//! assert_eq!(status.rotation_period_in_days, Some(90));
//! let wrong = serde_json::json!({"KeyRotationEnabled": "yes"});
//! let error = GetKeyRotationStatusOutput::from_json(&wrong).unwrap_err();
//! assert_eq!(error.to_string(), "KeyRotationEnabled is not a boolean");
//! ```

use crate::time::Timestamp;
use serde_json::{Map, Value};
use std::cell::Cell;
use std::fmt;

/// A value read from parsed JSON.
pub trait FromJson: Sized {
    /// Reads `value`; fails when it (or a member of it) has the wrong type.
    fn from_json(value: &Value) -> Result<Self, ShapeError>;
}

/// A member of the wrong type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    /// The member, innermost name; empty for the whole answer.
    member: &'static str,
    /// What it should have been ("a string", ...).
    expected: &'static str,
}

impl ShapeError {
    fn expected(expected: &'static str) -> Self {
        Self {
            member: "",
            expected,
        }
    }

    /// Names the member, unless an inner one is named already.
    fn within(mut self, member: &'static str) -> Self {
        if self.member.is_empty() {
            self.member = member;
        }
        self
    }
}

impl ShapeError {
    /// The member of the wrong type (the innermost, for nested ones); `""` when the whole
    /// value is.
    pub fn member(&self) -> &'static str {
        self.member
    }

    /// What it should have been: "a string", "a whole number", ...
    pub fn expected_type(&self) -> &'static str {
        self.expected
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let member = if self.member.is_empty() {
            "the answer"
        } else {
            self.member
        };
        write!(f, "{member} is not {}", self.expected)
    }
}

impl std::error::Error for ShapeError {}

/// The members of an object, and the first member found of the wrong type. Reading
/// goes on past a wrong member, so that a shape's reader has no early return: with one
/// after each member, the compiler emits drop code for all members read before it,
/// which for a large shape costs more than the reading itself.
pub(super) struct Members<'a> {
    members: &'a Map<String, Value>,
    wrong: Cell<Option<ShapeError>>,
}

impl<'a> Members<'a> {
    pub(super) fn of(value: &'a Value) -> Result<Self, ShapeError> {
        match value {
            Value::Object(members) => Ok(Self {
                members,
                wrong: Cell::new(None),
            }),
            _ => Err(ShapeError::expected("an object")),
        }
    }

    /// An optional member: absent and `null` are `None`.
    #[inline(never)]
    fn get<T: FromJson>(&self, name: &'static str) -> Option<T> {
        match T::from_json(self.member(name)?) {
            Ok(member) => Some(member),
            Err(error) => {
                self.wrong(error, name);
                None
            }
        }
    }

    /// The member's value, unless absent or `null`. (The generic `get` is kept to a
    /// minimum: it is copied for every member type.)
    fn member(&self, name: &str) -> Option<&'a Value> {
        self.members.get(name).filter(|value| !value.is_null())
    }

    /// Notes a member of the wrong type, unless one was noted before.
    fn wrong(&self, error: ShapeError, name: &'static str) {
        let first = self.wrong.take().unwrap_or(error.within(name));
        self.wrong.set(Some(first));
    }

    /// A member whose absence means its default (`""`, `false`, an empty list).
    fn or_default<T: FromJson + Default>(&self, name: &'static str) -> T {
        self.get(name).unwrap_or_default()
    }

    /// The shape read, unless a member was of the wrong type.
    pub(super) fn finish<T>(self, shape: T) -> Result<T, ShapeError> {
        match self.wrong.into_inner() {
            None => Ok(shape),
            Some(error) => Err(error),
        }
    }
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, ShapeError> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or(ShapeError::expected("a string"))
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, ShapeError> {
        value.as_bool().ok_or(ShapeError::expected("a boolean"))
    }
}

impl FromJson for u32 {
    fn from_json(value: &Value) -> Result<Self, ShapeError> {
        value
            .as_u64()
            .and_then(|number| u32::try_from(number).ok())
            .ok_or(ShapeError::expected("a whole number"))
    }
}

/// Epoch seconds, possibly fractional.
impl FromJson for Timestamp {
    fn from_json(value: &Value) -> Result<Self, ShapeError> {
        value
            .as_f64()
            .and_then(Timestamp::from_epoch_seconds_f64)
            .ok_or(ShapeError::expected("a timestamp in epoch seconds"))
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, ShapeError> {
        let items = value.as_array().ok_or(ShapeError::expected("a list"))?;
        // A loop rather than `collect::<Result<_, _>>()`, whose adapter is larger.
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            list.push(T::from_json(item)?);
        }
        Ok(list)
    }
}

/// How a structure's member is read (by `shape!`): an `Option` is `None` when absent or
/// `null`; any other member reads as its default (`""`, `false`, an empty list).
pub(super) trait Field: Sized {
    fn read(members: &Members<'_>, name: &'static str) -> Self;
}

impl<T: FromJson> Field for Option<T> {
    fn read(members: &Members<'_>, name: &'static str) -> Self {
        members.get(name)
    }
}

impl<T: FromJson> Field for Vec<T> {
    fn read(members: &Members<'_>, name: &'static str) -> Self {
        members.or_default(name)
    }
}

impl Field for String {
    fn read(members: &Members<'_>, name: &'static str) -> Self {
        members.or_default(name)
    }
}

impl Field for bool {
    fn read(members: &Members<'_>, name: &'static str) -> Self {
        members.or_default(name)
    }
}

#[cfg(test)]
mod tests;
