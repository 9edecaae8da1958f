//! The request log: one entry per KMS request, kept in memory for the admin API and
//! printed as one line to stderr. Never holds secrets: no headers, no bodies.
//!
//! Until a request's signature is verified nothing it says is trusted, so an
//! unauthenticated entry names no key and only an operation that kms-local knows (never
//! the raw `X-Amz-Target`); and every value is escaped on the stderr line, so that a
//! `KeyId` holding a line feed cannot forge a second line.

use serde::Serialize;
use std::collections::VecDeque;

/// How many entries the admin API keeps.
const CAPACITY: usize = 100_000;

/// One request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// Sequence number, from 1.
    pub seq: u64,
    /// When the request arrived (OS clock), ISO-8601.
    pub time: String,
    /// The same, in epoch milliseconds.
    pub epoch_millis: i64,
    /// The operation, or `-` if `X-Amz-Target` named none that kms-local knows.
    pub op: String,
    /// Whether the signature was verified (only then are account, Region and key set).
    pub authenticated: bool,
    /// Whether kms-local carried the operation out. A `RotateKeyOnDemand` entry with
    /// `performed: false` spent no rotation, whatever its status says; one with `true`
    /// did, even if an injected fault then spoiled the answer.
    pub performed: bool,
    /// The caller's account, once the signature was verified.
    pub account_id: Option<String>,
    /// The Region of the signature's scope, once verified.
    pub region: Option<String>,
    /// The key ID the request resolved to (or the `KeyId` it sent, if it resolved none);
    /// never set for an unauthenticated request.
    pub key_id: Option<String>,
    /// The HTTP status sent.
    pub status: u16,
    /// The error code, if any.
    pub error_code: Option<String>,
    /// The `x-amzn-requestid`.
    pub request_id: String,
    /// The injected fault, if any.
    pub fault: Option<String>,
}

impl LogEntry {
    /// The stderr line: one line, whatever the values hold.
    pub fn line(&self) -> String {
        let field = |v: Option<&str>| v.map_or_else(|| "-".to_owned(), escape);
        format!(
            "{} {} {}/{} key={} status={} error={} performed={} request-id={}{}",
            escape(&self.time),
            escape(&self.op),
            field(self.account_id.as_deref()),
            field(self.region.as_deref()),
            field(self.key_id.as_deref()),
            self.status,
            field(self.error_code.as_deref()),
            self.performed,
            escape(&self.request_id),
            self.fault
                .as_deref()
                .map(|f| format!(" fault={}", escape(f)))
                .unwrap_or_default(),
        )
    }
}

/// `value` with control characters (line feeds, carriage returns, escape sequences,
/// Unicode line separators...), backslashes and spaces escaped as `\u{..}`, so that a
/// value cannot end a log line early, start another or pose as another field.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_control() || c == '\\' || c == ' ' || matches!(c, '\u{2028}' | '\u{2029}') {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The in-memory log.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<LogEntry>,
    next_seq: u64,
}

impl RequestLog {
    /// Appends an entry, numbering it.
    pub(crate) fn push(&mut self, mut entry: LogEntry) -> LogEntry {
        self.next_seq += 1;
        entry.seq = self.next_seq;
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry.clone());
        entry
    }

    /// Entries, oldest first, optionally of one operation, after a sequence number, and
    /// only those performed (or only those not).
    pub(crate) fn entries(
        &self,
        op: Option<&str>,
        after_seq: Option<u64>,
        performed: Option<bool>,
    ) -> Vec<LogEntry> {
        self.entries
            .iter()
            .filter(|e| op.is_none_or(|o| e.op == o))
            .filter(|e| after_seq.is_none_or(|s| e.seq > s))
            .filter(|e| performed.is_none_or(|p| e.performed == p))
            .cloned()
            .collect()
    }

    /// Forgets everything (sequence numbers continue).
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key_id: &str) -> LogEntry {
        LogEntry {
            seq: 1,
            time: "2026-01-01T00:00:00Z".into(),
            epoch_millis: 0,
            op: "DescribeKey".into(),
            authenticated: true,
            performed: false,
            account_id: Some("111122223333".into()),
            region: Some("us-east-1".into()),
            key_id: Some(key_id.into()),
            status: 400,
            error_code: Some("NotFoundException".into()),
            request_id: "r".into(),
            fault: None,
        }
    }

    #[test]
    fn a_value_cannot_forge_a_line_or_a_field() {
        let forged =
            "x\n2026-01-01T00:00:01Z RotateKeyOnDemand key=y status=200\r\u{1b}[2J\u{2028}";
        let line = entry(forged).line();
        assert_eq!(line.lines().count(), 1, "{line}");
        assert!(!line.chars().any(|c| c.is_control()), "{line}");
        assert!(
            line.contains("key=x\\u{a}2026-01-01T00:00:01Z\\u{20}RotateKeyOnDemand"),
            "{line}"
        );
        assert_eq!(line.matches(" status=").count(), 1, "{line}");
        assert!(line.contains(" performed=false "), "{line}");
    }

    #[test]
    fn plain_values_are_unchanged() {
        assert_eq!(
            escape("dec0de00-0000-4000-8000-000000000001"),
            "dec0de00-0000-4000-8000-000000000001"
        );
        assert_eq!(escape("a\\b"), "a\\u{5c}b");
    }

    #[test]
    fn entries_filter_on_performed() {
        let mut log = RequestLog::default();
        log.push(entry("a"));
        let mut done = entry("b");
        done.performed = true;
        log.push(done);
        assert_eq!(log.entries(None, None, Some(true)).len(), 1);
        assert_eq!(log.entries(None, None, Some(false)).len(), 1);
        assert_eq!(log.entries(None, None, None).len(), 2);
    }
}
