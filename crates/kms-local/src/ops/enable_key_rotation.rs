//! `EnableKeyRotation`: turns on automatic rotation every `RotationPeriodInDays`
//! (90–2560, default 365); the first automatic rotation is one period from now.

use super::common::{key, key_mut, required_key, Accepts, Input, Problems};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use crate::store::DAY_MILLIS;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let period = input.int("RotationPeriodInDays")?;
    let mut problems = Problems::default();
    let (min, max) = rules::ROTATION_PERIOD_RANGE;
    problems.range(
        "rotationPeriodInDays",
        period,
        i64::from(min),
        i64::from(max),
    );
    problems.finish()?;
    let r = required_key(ctx, input, Accepts::Key, false, "EnableKeyRotation")?;
    rules::check_rotation_config(key(ctx.store, &r)?, "EnableKeyRotation")?;
    let now = ctx.now;
    let k = key_mut(ctx.store, &r)?;
    let period = period
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(rules::DEFAULT_ROTATION_PERIOD_DAYS);
    k.rotation_enabled = true;
    k.rotation_period_days = period;
    k.next_rotation = Some(now.plus_millis(i64::from(period) * DAY_MILLIS));
    if k.multi_region.is_some() {
        ctx.store.sync_replicas(&r.account, &r.region, &r.key_id);
    }
    Ok(json!({}))
}
