//! The request log: one entry per KMS request, kept in memory for the admin API and
//! printed as one line to stderr. Never holds secrets: no headers, no bodies.

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
    /// The operation, or what `X-Amz-Target` said if it named none.
    pub op: String,
    /// The caller's account, once the signature was verified.
    pub account_id: Option<String>,
    /// The Region of the signature's scope, once verified.
    pub region: Option<String>,
    /// The key ID the request resolved to (or the `KeyId` it sent, if it resolved none).
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
    /// The stderr line.
    pub fn line(&self) -> String {
        format!(
            "{} {} {}/{} key={} status={} error={} request-id={}{}",
            self.time,
            self.op,
            self.account_id.as_deref().unwrap_or("-"),
            self.region.as_deref().unwrap_or("-"),
            self.key_id.as_deref().unwrap_or("-"),
            self.status,
            self.error_code.as_deref().unwrap_or("-"),
            self.request_id,
            self.fault
                .as_deref()
                .map(|f| format!(" fault={f}"))
                .unwrap_or_default(),
        )
    }
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

    /// Entries, oldest first, optionally of one operation and after a sequence number.
    pub(crate) fn entries(&self, op: Option<&str>, after_seq: Option<u64>) -> Vec<LogEntry> {
        self.entries
            .iter()
            .filter(|e| op.is_none_or(|o| e.op == o))
            .filter(|e| after_seq.is_none_or(|s| e.seq > s))
            .cloned()
            .collect()
    }

    /// Forgets everything (sequence numbers continue).
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}
