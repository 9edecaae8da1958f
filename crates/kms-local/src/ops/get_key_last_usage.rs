//! `GetKeyLastUsage`: the last successful cryptographic operation with a key since KMS
//! began tracking its use, and when tracking began
//! (<https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyLastUsage.html>):
//!
//! - used since tracking began: `KeyLastUsage` holds the operation, its time, its
//!   CloudTrail event ID and its KMS request ID;
//! - not used: `KeyLastUsage` is an empty object ("If the key has not been used since
//!   tracking began, this response element is an empty object"), and `TrackingStartDate`
//!   is "the date from which KMS began recording cryptographic activity for this key, or
//!   the date the KMS key was created, whichever is later": a key created after tracking
//!   began has `KeyCreationDate` equal to it, so the caller can tell "never used" from
//!   "not used since tracking began".
//!
//! Multi-Region keys track use per Region ("primary and replica keys track last usage
//! independently"). Key IDs and key ARNs only ("Alias names are not supported"), in the
//! caller's account ("Cross-account use: No"), in every key state (the model gives the
//! operation no `KMSInvalidStateException`).

use super::common::{key, required_key, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let r = required_key(ctx, input, Accepts::Key, false, "GetKeyLastUsage")?;
    let k = key(ctx.store, &r)?;
    let last_usage = match &k.last_usage {
        Some(u) => json!({
            "Operation": u.operation,
            "Timestamp": u.at,
            "CloudTrailEventId": u.cloud_trail_event_id,
            "KmsRequestId": u.kms_request_id,
        }),
        None => json!({}),
    };
    Ok(json!({
        "KeyId": k.key_id,
        "KeyLastUsage": last_usage,
        "TrackingStartDate": k.usage_tracking_start,
        "KeyCreationDate": k.created,
    }))
}
