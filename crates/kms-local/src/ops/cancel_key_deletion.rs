//! `CancelKeyDeletion`: a key pending deletion comes back, disabled.

use super::common::{key, key_mut, required_key, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use kms_core::model::KeyState;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let r = required_key(ctx, input, Accepts::Key, false, "CancelKeyDeletion")?;
    let k = key(ctx.store, &r)?;
    if k.state != KeyState::PendingDeletion {
        return Err(KmsError::service(
            "KMSInvalidStateException",
            format!("{} is {}, not pending deletion.", k.arn(), k.state),
        ));
    }
    let k = key_mut(ctx.store, &r)?;
    k.state = KeyState::Disabled;
    k.deletion_date = None;
    k.pending_window_days = None;
    Ok(json!({ "KeyId": k.arn() }))
}
