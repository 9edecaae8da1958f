//! `credentials::parse_pasted` on any text.
//!
//! Properties: it never panics, and no secret it was given shows up in the `Display` or
//! `Debug` of what it returns, error or credentials. For credentials that is checked
//! exactly: the same credentials with another secret and token print the same. For
//! errors, the text is searched as follows.
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

use kms_core::credentials::{parse_pasted, Credentials, CredentialsParseError};

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
        // What was parsed as secret must not print, wherever it came from: the same
        // credentials with another secret and token print exactly the same. (Looking
        // for the secret in the output instead raises false alarms: a secret such as
        // "edential" is also a piece of the word "Credentials".)
        let other = Credentials::new(
            credentials.access_key_id(),
            other_value(credentials.secret_access_key()),
            credentials.session_token().map(other_value),
            credentials.expiration(),
        );
        assert_eq!(
            render(&Ok(other)),
            shown,
            "what parsed credentials print depends on their secret or token"
        );
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
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            // Inside another value ("Expiration": "2:SecretAccessKey26…") it names nothing.
            if !names_a_field(&lower[line_start..at]) {
                continue;
            }
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

/// Whether a field name can start after `before` (the lowercased start of its line): at
/// the start of the line, after a shell's command word (`export`, `set -x`, `$env:`,
/// ...), or as a quoted key (`"SecretAccessKey"` first on its line, or after `{` or `,`).
fn names_a_field(before: &str) -> bool {
    let before = before.trim_start();
    let unquoted = before
        .strip_suffix(['"', '\''])
        .unwrap_or(before)
        .trim_end();
    unquoted.is_empty()
        || unquoted.ends_with(['{', ','])
        || matches!(
            unquoted,
            "export" | "set" | "set -x" | "set -gx" | "set --export" | "setenv" | "$env:"
        )
}

/// A value other than `value`, of the same length when it holds a letter or digit.
fn other_value(value: &str) -> String {
    let shifted = shift(value);
    if shifted == value {
        format!("{value}x")
    } else {
        shifted
    }
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
    fn a_marker_inside_another_value_names_nothing() {
        for text in [
            "{\"Expiration\": \"2:SecretAccessKey26-0:z0Z\"}",
            "{\"Expiration\": \"SecretAccessKey26-0:z0Z\"}",
            "Expiration=20SecretAccessKey2601",
            "export X=AWS_SESSION_TOKEN=abcdefgh12",
        ] {
            assert!(values_after(text, SECRET_MARKERS).is_empty(), "{text}");
        }
        for text in [
            "SET \"AWS_SECRET_ACCESS_KEY=abcdefgh12\"",
            "set -gx AWS_SESSION_TOKEN abcdefgh12",
            "{\"Version\":1,\"SecretAccessKey\":\"abcdefgh12\"}",
            "  aws_security_token = abcdefgh12",
        ] {
            assert_eq!(
                values_after(text, SECRET_MARKERS),
                vec!["abcdefgh12"],
                "{text}"
            );
        }
    }

    #[test]
    fn shift_keeps_the_shape() {
        assert_eq!(shift("az/AZ+09"), "ba/BA+10");
    }
}
