//! A hash router: `#/keys`, `#/keys/<identifier>`, `#/bulk`, `#/findings`. The hash works under any
//! base path (no server rewrites) and never carries anything secret: only key ids,
//! key ARNs and alias names.
//!
//! ```
//! use kms_console::router::Route;
//! assert_eq!(Route::parse("#/keys/alias%2Fpayments"), Route::Key("alias/payments".into()));
//! assert_eq!(Route::Key("alias/payments".into()).hash(), "#/keys/alias%2Fpayments");
//! assert_eq!(Route::parse(""), Route::Keys);
//! ```

/// A page of the console.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) enum Route {
    /// The keys of the Region.
    #[default]
    Keys,
    /// One key, by key id, key ARN, alias name or alias ARN.
    Key(String),
    /// Bulk rotation of the selected keys.
    Bulk,
    /// The keys that break the rotation policy, and their fixes.
    Findings,
}

impl Route {
    /// The route a location hash names; anything unknown is the keys page.
    pub(crate) fn parse(hash: &str) -> Self {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let (head, rest) = path.split_once('/').unwrap_or((path, ""));
        match head {
            "keys" if !rest.is_empty() => Route::Key(decode(rest)),
            "bulk" => Route::Bulk,
            "findings" => Route::Findings,
            _ => Route::Keys,
        }
    }

    /// The location hash of this route.
    pub(crate) fn hash(&self) -> String {
        match self {
            Route::Keys => "#/keys".to_owned(),
            Route::Key(id) => format!("#/keys/{}", encode(id)),
            Route::Bulk => "#/bulk".to_owned(),
            Route::Findings => "#/findings".to_owned(),
        }
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes percent-encoding; malformed escapes are kept as typed.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn round_trips_arns_and_aliases() {
        for id in [
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "alias/payments/eu",
            "mrk-1234abcd12ab34cd56ef1234567890ab",
        ] {
            let route = Route::Key(id.to_owned());
            assert_eq!(Route::parse(&route.hash()), route);
        }
        assert_eq!(Route::parse("#/bulk"), Route::Bulk);
        assert_eq!(Route::parse("#/keys/%zz"), Route::Key("%zz".into()));
        assert_eq!(Route::parse("#/nowhere"), Route::Keys);
    }
}
