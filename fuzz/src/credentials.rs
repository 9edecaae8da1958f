//! `credentials::parse_pasted` on any text.
//!
//! Properties: it never panics, and no secret it was given shows up in the `Display` or
//! `Debug` of what it returns, error or credentials.
//!
//! A "secret" is the value after `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//! `AWS_SECURITY_TOKEN`, `SecretAccessKey` or `SessionToken` on any line but an INI
//! section header (any case, any of `=`, `:`, spaces and quotes between), at least 8
//! characters long and found once in the text. When the parser refuses an access key ID, that value counts as a secret too
//! (people paste the secret into the wrong field). Finding the secret in the output is
//! not yet proof of a leak: a short value may also be a piece of a fixed message ("is
//! not an ISO 8601"). So the input is parsed a second time with the secret's letters
//! and digits shifted (`a`→`b`, `9`→`0`), which keeps its shape; it is a leak when the
//! shifted value then shows up in the output too, i.e. the output copies the value.

use kms_core::credentials::{parse_pasted, CredentialsParseError};

const SECRET_MARKERS: &[&str] = &[
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "secretaccesskey",
    "sessiontoken",
];
const ACCESS_KEY_MARKERS: &[&str] = &["aws_access_key_id", "accesskeyid"];
/// Shorter values are too likely to be pieces of ordinary words.
const MIN_SECRET_LEN: usize = 8;

/// Runs one input (bytes that are not UTF-8 are replaced, as a text area would).
pub fn run(data: &[u8]) {
    check(&String::from_utf8_lossy(data));
}

/// Checks every property on `text`.
pub fn check(text: &str) {
    let result = parse_pasted(text);
    let shown = render(&result);

    if let Ok(credentials) = &result {
        // What was parsed as secret must not print, wherever it came from. The access
        // key ID is shown by design, so it is taken out of the output first (a secret
        // may overlap it together with the quotes Debug puts around it).
        let without_key_id = shown.replace(credentials.access_key_id(), "<access key id>");
        let secrets = std::iter::once(credentials.secret_access_key())
            .chain(credentials.session_token())
            .filter(|s| s.chars().count() >= MIN_SECRET_LEN)
            .filter(|s| !credentials.access_key_id().contains(*s));
        for secret in secrets {
            assert!(
                !without_key_id.contains(secret),
                "parsed credentials print their secret {secret:?}: {shown}"
            );
        }
    }

    let mut candidates = values_after(text, SECRET_MARKERS);
    if matches!(
        result,
        Err(CredentialsParseError::InvalidAccessKeyId { .. })
    ) {
        candidates.extend(values_after(text, ACCESS_KEY_MARKERS));
    }
    for secret in candidates {
        if !shown.contains(secret) || text.matches(secret).count() != 1 {
            continue;
        }
        let shifted = shift(secret);
        if shifted == secret || text.contains(&shifted) {
            continue; // no letters or digits to trace
        }
        let again = render(&parse_pasted(&text.replacen(secret, &shifted, 1)));
        assert!(
            !again.contains(&shifted),
            "the output of parse_pasted contains the secret {secret:?}\n input: {text:?}\n output: {shown}"
        );
    }
}

/// `Display` and `Debug` of a parse result, on two lines.
fn render(result: &Result<kms_core::credentials::Credentials, CredentialsParseError>) -> String {
    match result {
        Ok(credentials) => format!("{credentials}\n{credentials:?}"),
        Err(error) => format!("{error}\n{error:?}"),
    }
}

/// The value after each marker (ASCII case-insensitive) on each line.
fn values_after<'a>(text: &'a str, markers: &[&str]) -> Vec<&'a str> {
    // ASCII lowercasing keeps byte offsets, so positions in `lower` index `text`.
    let lower = text.to_ascii_lowercase();
    let mut values = Vec::new();
    for marker in markers {
        for (at, _) in lower.match_indices(marker) {
            // A name starts there only if no letter or digit runs into it: inside another
            // value ("Expiration": "20SecretAccessKey26…") it names nothing.
            if text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            if text[line_start..].trim_start().starts_with('[') {
                continue; // an INI section header: a profile name, shown by design
            }
            let rest = &text[at + marker.len()..];
            let rest = rest.trim_start_matches([' ', '\t', '=', ':', '"', '\'']);
            let end = rest
                .find([' ', '\t', '"', '\'', ',', '}', '\r', '\n'])
                .unwrap_or(rest.len());
            let value = &rest[..end];
            if value.chars().count() >= MIN_SECRET_LEN {
                values.push(value);
            }
        }
    }
    values
}

/// `value` with each ASCII letter and digit moved one place on in its class.
fn shift(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            'z' => 'a',
            'Z' => 'A',
            '9' => '0',
            'a'..='y' | 'A'..='Y' | '0'..='8' => char::from(c as u8 + 1),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_in_every_format() {
        for (text, want) in [
            ("export AWS_SECRET_ACCESS_KEY=abcdefgh12", "abcdefgh12"),
            ("$Env:AWS_SECRET_ACCESS_KEY=\"abcdefgh12\"", "abcdefgh12"),
            ("set -x AWS_SESSION_TOKEN abcdefgh12", "abcdefgh12"),
            ("aws_secret_access_key = abcdefgh12", "abcdefgh12"),
            (
                "{\"SecretAccessKey\": \"abcdefgh12\", \"x\": 1}",
                "abcdefgh12",
            ),
        ] {
            assert_eq!(values_after(text, SECRET_MARKERS), vec![want], "{text}");
        }
    }

    #[test]
    fn shift_keeps_the_shape() {
        assert_eq!(shift("az/AZ+09"), "ba/BA+10");
    }
}
