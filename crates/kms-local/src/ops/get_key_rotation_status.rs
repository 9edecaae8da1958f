//! `GetKeyRotationStatus`: automatic rotation settings and any on-demand rotation in
//! progress. Works across accounts with a key ARN, as in AWS.

use super::common::{key, required_key, to_value, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use kms_core::model::{GetKeyRotationStatusOutput, KeyManager, KeyState};
use serde_json::Value;

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let r = required_key(ctx, input, Accepts::Key, true, "GetKeyRotationStatus")?;
    let k = key(ctx.store, &r)?;
    if k.custom_key_store_id.is_some() {
        return Err(KmsError::service(
            "UnsupportedOperationException",
            format!(
                "{} is in a custom key store, which does not support key rotation.",
                k.arn()
            ),
        ));
    }
    let mut out = GetKeyRotationStatusOutput::default();
    out.key_id = Some(k.key_id.clone());
    // Asymmetric and HMAC keys never rotate: AWS answers `false` rather than an error.
    // A key pending deletion reports `false` until the deletion is cancelled.
    let enabled = rules::is_symmetric_encryption(k)
        && k.state != KeyState::PendingDeletion
        && (k.rotation_enabled || k.manager == KeyManager::Aws);
    out.key_rotation_enabled = enabled;
    if enabled {
        out.rotation_period_in_days = Some(k.rotation_period_days);
        out.next_rotation_date = k.next_rotation;
    }
    out.on_demand_rotation_start_date = k.on_demand.map(|(start, _)| start);
    to_value(&out)
}
