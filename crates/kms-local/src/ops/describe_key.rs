//! `DescribeKey`: a key's metadata, by key ID, key ARN, alias name or alias ARN; across
//! accounts with an ARN, as in AWS.

use super::common::{key, metadata, required_key, to_value, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use kms_core::model::DescribeKeyOutput;
use serde_json::Value;

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let r = required_key(ctx, input, Accepts::KeyOrAlias, true, "DescribeKey")?;
    let mut out = DescribeKeyOutput::default();
    out.key_metadata = Some(metadata(key(ctx.store, &r)?));
    to_value(&out)
}
