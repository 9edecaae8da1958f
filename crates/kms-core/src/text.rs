//! Pieces of error messages shared by the modules that validate user input.

use std::fmt;

/// `text` in single quotes for an error message: control characters escaped, and cut
/// short so that a pasted novel does not become the message.
pub(crate) fn quoted(text: &str) -> String {
    const MAX_SHOWN: usize = 64;
    let mut out = String::with_capacity(text.len().min(MAX_SHOWN) + 3);
    out.push('\'');
    for (index, c) in text.chars().enumerate() {
        if index == MAX_SHOWN {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// Items with a separator between them, for messages. (Rather than `join`, which needs
/// the items as strings first, and a copy of its code per item type in the wasm.)
pub(crate) struct Joined<'a, T>(pub(crate) &'a [T], pub(crate) &'static str);

impl<T: fmt::Display> fmt::Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, item) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(self.1)?;
            }
            item.fmt(f)?;
        }
        Ok(())
    }
}
