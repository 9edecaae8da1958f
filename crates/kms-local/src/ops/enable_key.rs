//! `EnableKey`: a disabled key becomes usable again. An automatic rotation that fell due
//! while it was disabled runs right away.

use super::common::{key, key_mut, required_key, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use kms_core::model::KeyState;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let r = required_key(ctx, input, Accepts::Key, false, "EnableKey")?;
    rules::require_usable(key(ctx.store, &r)?)?;
    let now = ctx.now;
    let k = key_mut(ctx.store, &r)?;
    k.state = KeyState::Enabled;
    if let Some(next) = k.next_rotation {
        k.next_rotation = Some(next.max(now));
    }
    Ok(json!({}))
}
