//! Fault injection: make the next N requests (optionally of one operation) fail the way
//! networks and services fail.
//!
//! | kind | what the client sees | does the operation run? |
//! | --- | --- | --- |
//! | `throttle` | 400 `ThrottlingException` | no |
//! | `500` | 500 `KMSInternalException` | no |
//! | `503` | 503 `ServiceUnavailableException` | no |
//! | `delay` (`ms`) | the normal answer, `ms` later | yes |
//! | `drop` | the connection closes without a complete response | yes |
//! | `truncate` | the normal status, half of the JSON body | yes |
//! | `non_json` | the normal status with an HTML body | yes |
//! | `clock_skew` (`seconds`) | the server's clock is off by `seconds` for the request: the signature check and the `Date` header use it | yes, if the signature is still in time |
//!
//! `drop`, `truncate` and `non_json` run the operation first: they are the ambiguous
//! failures after which a client must not blindly retry `RotateKeyOnDemand`.

use crate::ops::Operation;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// What goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FaultKind {
    /// `ThrottlingException`.
    Throttle,
    /// HTTP 500 `KMSInternalException`.
    #[serde(rename = "500")]
    InternalError,
    /// HTTP 503.
    #[serde(rename = "503")]
    Unavailable,
    /// The answer comes late.
    Delay,
    /// The connection drops.
    Drop,
    /// Half the body.
    Truncate,
    /// An HTML body.
    NonJson,
    /// The server's clock is wrong.
    ClockSkew,
}

/// One fault to inject, as posted to the admin API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// What goes wrong.
    pub kind: FaultKind,
    /// Only requests of this operation (name as in `X-Amz-Target`); any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<String>,
    /// How many requests it hits (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// For `delay`: milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
    /// For `clock_skew`: seconds added to the server's clock (may be negative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<i64>,
}

fn one() -> u32 {
    1
}

/// Why a posted fault is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultError {
    /// `op` names no operation kms-local serves.
    UnknownOperation(String),
    /// `delay` without `ms`, or `clock_skew` without `seconds`.
    MissingParameter(&'static str),
    /// `count` is 0 or above 10 000.
    BadCount(u32),
}

impl std::fmt::Display for FaultError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownOperation(op) => write!(f, "unknown operation {op:?}"),
            Self::MissingParameter(p) => write!(f, "this kind of fault needs {p:?}"),
            Self::BadCount(n) => write!(f, "count must be 1 to 10000, not {n}"),
        }
    }
}

impl std::error::Error for FaultError {}

impl Fault {
    /// Checks the fault's parameters.
    pub fn validate(&self) -> Result<(), FaultError> {
        if let Some(op) = &self.op {
            if Operation::from_name(op).is_none() {
                return Err(FaultError::UnknownOperation(op.clone()));
            }
        }
        if self.count == 0 || self.count > 10_000 {
            return Err(FaultError::BadCount(self.count));
        }
        match self.kind {
            FaultKind::Delay if self.ms.is_none() => Err(FaultError::MissingParameter("ms")),
            FaultKind::ClockSkew if self.seconds.is_none() => {
                Err(FaultError::MissingParameter("seconds"))
            }
            _ => Ok(()),
        }
    }
}

/// Pending faults, first posted first served.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    pending: VecDeque<Fault>,
}

impl FaultQueue {
    /// Queues a fault.
    pub(crate) fn push(&mut self, fault: Fault) {
        self.pending.push_back(fault);
    }

    /// Removes every fault.
    pub(crate) fn clear(&mut self) {
        self.pending.clear();
    }

    /// The faults still pending.
    pub(crate) fn list(&self) -> Vec<Fault> {
        self.pending.iter().cloned().collect()
    }

    /// Takes one hit of the first fault that applies to `op` and whose kind passes
    /// `kind_filter`.
    pub(crate) fn take(
        &mut self,
        op: Operation,
        kind_filter: impl Fn(FaultKind) -> bool,
    ) -> Option<Fault> {
        let i = self
            .pending
            .iter()
            .position(|f| kind_filter(f.kind) && f.op.as_deref().is_none_or(|o| o == op.name()))?;
        let fault = self.pending.get_mut(i)?;
        fault.count = fault.count.saturating_sub(1);
        let hit = fault.clone();
        if fault.count == 0 {
            self.pending.remove(i);
        }
        Some(hit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_and_count_down() {
        let f: Fault =
            serde_json::from_str(r#"{"kind":"503","op":"RotateKeyOnDemand","count":2}"#).unwrap();
        assert_eq!(f.kind, FaultKind::Unavailable);
        f.validate().unwrap();
        let mut q = FaultQueue::default();
        q.push(f);
        assert!(q.take(Operation::ListKeys, |_| true).is_none());
        assert!(q.take(Operation::RotateKeyOnDemand, |_| true).is_some());
        assert!(q.take(Operation::RotateKeyOnDemand, |_| true).is_some());
        assert!(q.take(Operation::RotateKeyOnDemand, |_| true).is_none());
        let bad: Fault = serde_json::from_str(r#"{"kind":"delay"}"#).unwrap();
        assert_eq!(bad.validate(), Err(FaultError::MissingParameter("ms")));
        assert!(serde_json::from_str::<Fault>(r#"{"kind":"explode"}"#).is_err());
    }
}
