//! `ListAliases`: the aliases of the caller's account and Region, optionally only those
//! of one key, by alias name.

use super::common::{
    decode_marker, page, page_params, required_key, to_value, with_page_fields, Accepts, Input,
    MarkerScope,
};
use super::OpContext;
use crate::error::KmsError;
use crate::store;
use kms_core::model::AliasListEntry;
use serde_json::{Map, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let (limit, marker) = page_params(input, 1000, 50)?;
    // AWS caps a page of aliases at 100 whatever the Limit.
    let limit = limit.min(100);
    let filter = match input.string("KeyId")? {
        Some(_) => Some(required_key(ctx, input, Accepts::Key, false, "ListAliases")?.key_id),
        None => None,
    };
    let account = ctx.caller.account_id.clone();
    let region = ctx.caller.region.clone();
    let subject = filter.clone().unwrap_or_default();
    let scope = MarkerScope {
        operation: "ListAliases",
        account: &account,
        region: &region,
        subject: &subject,
    };
    let after = marker.map(|m| decode_marker(&scope, &m)).transpose()?;
    let entries: Vec<(String, AliasListEntry)> = ctx
        .store
        .region(&account, &region)
        .map(|r| {
            r.aliases
                .values()
                .filter(|a| filter.is_none() || a.target_key_id == filter)
                .map(|a| {
                    let mut e = AliasListEntry::default();
                    e.alias_name = a.name.clone();
                    e.alias_arn = Some(store::alias_arn(&region, &account, &a.name));
                    e.target_key_id = a.target_key_id.clone();
                    if a.target_key_id.is_some() {
                        e.creation_date = Some(a.created);
                        e.last_updated_date = Some(a.updated);
                    }
                    (a.name.clone(), e)
                })
                .collect()
        })
        .unwrap_or_default();
    let (items, next) = page(&entries, after.as_deref(), limit);
    let mut out = Map::new();
    out.insert("Aliases".into(), to_value(&items)?);
    Ok(with_page_fields(out, &scope, next))
}
