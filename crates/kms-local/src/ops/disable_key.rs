//! `DisableKey`: the key stays, but nothing may use or rotate it until `EnableKey`.

use super::common::{key, key_mut, required_key, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use kms_core::model::KeyState;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let r = required_key(ctx, input, Accepts::Key, false, "DisableKey")?;
    rules::require_usable(key(ctx.store, &r)?)?;
    key_mut(ctx.store, &r)?.state = KeyState::Disabled;
    Ok(json!({}))
}
