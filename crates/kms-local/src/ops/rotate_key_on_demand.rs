//! `RotateKeyOnDemand`: starts an on-demand rotation that completes after the configured
//! duration; until then `GetKeyRotationStatus` shows `OnDemandRotationStartDate`.

use super::common::{key, key_mut, required_key, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let r = required_key(ctx, input, Accepts::Key, false, "RotateKeyOnDemand")?;
    let now = ctx.now;
    rules::check_on_demand(key(ctx.store, &r)?, now)?;
    let k = key_mut(ctx.store, &r)?;
    k.on_demand = Some((now, now.plus_millis(ctx.on_demand_millis.max(0))));
    if k.multi_region.is_some() {
        ctx.store.sync_replicas(&r.account, &r.region, &r.key_id);
    }
    Ok(json!({ "KeyId": r.key_id }))
}
