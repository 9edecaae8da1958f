//! `DisableKeyRotation`: turns off automatic rotation.

use super::common::{key, key_mut, required_key, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let r = required_key(ctx, input, Accepts::Key, false, "DisableKeyRotation")?;
    rules::check_rotation_config(key(ctx.store, &r)?, "DisableKeyRotation")?;
    let k = key_mut(ctx.store, &r)?;
    k.rotation_enabled = false;
    k.next_rotation = None;
    if k.multi_region.is_some() {
        ctx.store.sync_replicas(&r.account, &r.region, &r.key_id);
    }
    Ok(json!({}))
}
