//! `ListKeys`: the keys of the caller's account and Region, by key ID, with opaque
//! markers.

use super::common::{
    decode_marker, page, page_params, to_value, with_page_fields, Input, MarkerScope,
};
use super::OpContext;
use crate::error::KmsError;
use kms_core::model::KeyListEntry;
use serde_json::{Map, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let (limit, marker) = page_params(input, 1000, 100)?;
    let account = ctx.caller.account_id.clone();
    let region = ctx.caller.region.clone();
    let scope = MarkerScope {
        operation: "ListKeys",
        account: &account,
        region: &region,
        subject: "",
    };
    let after = marker.map(|m| decode_marker(&scope, &m)).transpose()?;
    let entries: Vec<(String, KeyListEntry)> = ctx
        .store
        .region(&account, &region)
        .map(|r| {
            r.keys
                .values()
                .map(|k| {
                    (
                        k.key_id.clone(),
                        KeyListEntry::new(k.key_id.clone(), k.arn()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let (items, next) = page(&entries, after.as_deref(), limit);
    let mut out = Map::new();
    out.insert("Keys".into(), to_value(&items)?);
    Ok(with_page_fields(out, &scope, next))
}
