//! Writing the request shapes as JSON by hand, member by member.
//!
//! The client encodes every request body this way rather than through the `Serialize`
//! derives: the inputs are flat objects of strings, whole numbers and string enums, and
//! serde_json's serializer with a derive per shape costs 2 kB gzip in the wasm a browser
//! downloads, more than this module. The output is byte for byte what serde_json writes
//! for the derives (a test checks every shape), so the two can never disagree on the
//! wire: absent members are left out, strings are escaped as serde_json escapes them.
//!
//! ```
//! use kms_core::model::{ListKeysInput, ToJson};
//! let input = ListKeysInput { limit: Some(100), marker: Some("next \"page\"".into()) };
//! assert_eq!(input.to_json(), r#"{"Limit":100,"Marker":"next \"page\""}"#);
//! ```

use super::{AlgorithmSpec, ExpirationModel, ImportType, IncludeKeyMaterial, WrappingKeySpec};
use crate::time::Timestamp;
use std::fmt::Write as _;

/// A shape written as a JSON object.
pub trait ToJson {
    /// The JSON text, compact, members in declaration order.
    fn to_json(&self) -> String;
}

/// A member value: writes `"Name":value`, or nothing when absent (used by `shape!`).
pub(super) trait Member {
    fn write(&self, name: &str, out: &mut String);
}

/// Starts a member: a comma after the `{` or the previous member, then the name.
fn name(out: &mut String, name: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    string(out, name);
    out.push(':');
}

/// A JSON string, escaped as serde_json escapes: `"`, `\` and the control characters.
fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Member for String {
    fn write(&self, member: &str, out: &mut String) {
        name(out, member);
        string(out, self);
    }
}

impl Member for u32 {
    fn write(&self, member: &str, out: &mut String) {
        name(out, member);
        let _ = write!(out, "{self}");
    }
}

/// String enums write their wire spelling.
macro_rules! enum_members {
    ($($enum:ty),+) => {$(
        impl Member for $enum {
            fn write(&self, member: &str, out: &mut String) {
                name(out, member);
                string(out, self.as_str());
            }
        }
    )+};
}

enum_members!(
    AlgorithmSpec,
    ExpirationModel,
    ImportType,
    IncludeKeyMaterial,
    WrappingKeySpec
);

/// Epoch seconds, as serde_json writes the `Serialize` of [`Timestamp`]: whole seconds
/// as an integer, else the shortest decimal (milliseconds are the finest part a
/// timestamp holds, and within ±2^53 ms that decimal is the exact one). Integer
/// arithmetic only: a float formatter would cost the wasm some 10 kB.
impl Member for Timestamp {
    fn write(&self, member: &str, out: &mut String) {
        name(out, member);
        let millis = self.epoch_millis();
        if millis < 0 {
            out.push('-');
        }
        let magnitude = millis.unsigned_abs();
        let (seconds, fraction) = (magnitude / 1000, magnitude % 1000);
        let _ = write!(out, "{seconds}");
        if fraction != 0 {
            let digits = [fraction / 100, fraction / 10 % 10, fraction % 10];
            let used = if digits[2] != 0 {
                3
            } else if digits[1] != 0 {
                2
            } else {
                1
            };
            out.push('.');
            for digit in &digits[..used] {
                out.push(char::from(b'0' + *digit as u8));
            }
        }
    }
}

/// A list of strings or of shapes.
impl<T: ListItem> Member for Vec<T> {
    fn write(&self, member: &str, out: &mut String) {
        name(out, member);
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_item(out);
        }
        out.push(']');
    }
}

/// An item of a list member.
pub(super) trait ListItem {
    fn write_item(&self, out: &mut String);
}

impl ListItem for String {
    fn write_item(&self, out: &mut String) {
        string(out, self);
    }
}

impl ListItem for super::Tag {
    fn write_item(&self, out: &mut String) {
        out.push_str(&self.to_json());
    }
}

impl<T: Member> Member for Option<T> {
    fn write(&self, member: &str, out: &mut String) {
        if let Some(value) = self {
            value.write(member, out);
        }
    }
}

#[cfg(test)]
mod tests;
