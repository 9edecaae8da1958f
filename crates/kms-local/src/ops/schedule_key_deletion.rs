//! `ScheduleKeyDeletion`: the key becomes `PendingDeletion` for 7–30 days (default 30),
//! then disappears with its aliases.

use super::common::{key, key_mut, required_key, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use crate::store::DAY_MILLIS;
use kms_core::model::{KeyManager, KeyState};
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let window = input.int("PendingWindowInDays")?;
    let r = required_key(ctx, input, Accepts::Key, false, "ScheduleKeyDeletion")?;
    let (min, max) = rules::PENDING_WINDOW_RANGE;
    let window = window.unwrap_or(i64::from(max));
    if window < i64::from(min) || window > i64::from(max) {
        return Err(KmsError::service(
            "ValidationException",
            format!("PendingWindowInDays should be between {min} and {max}, but it is {window}"),
        ));
    }
    let k = key(ctx.store, &r)?;
    // Keys pending import can be scheduled for deletion too (the ScheduleKeyDeletion row
    // of https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html).
    if k.state != KeyState::PendingImport {
        rules::require_usable(k)?;
    }
    if k.manager == KeyManager::Aws {
        return Err(KmsError::service(
            "AccessDeniedException",
            format!(
                "{} is an AWS managed key; you cannot schedule its deletion.",
                k.arn()
            ),
        ));
    }
    let now = ctx.now;
    let k = key_mut(ctx.store, &r)?;
    let deletion = now.plus_millis(window * DAY_MILLIS);
    k.state = KeyState::PendingDeletion;
    k.deletion_date = Some(deletion);
    k.pending_window_days = u32::try_from(window).ok();
    k.on_demand = None;
    Ok(json!({
        "KeyId": k.arn(),
        "DeletionDate": deletion,
        "KeyState": "PendingDeletion",
        "PendingWindowInDays": window,
    }))
}
