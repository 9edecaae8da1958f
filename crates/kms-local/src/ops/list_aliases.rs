//! `ListAliases`: the aliases of the caller's account and Region, optionally only those
//! of one key, by alias name.

use super::common::{entries_after, page, page_params, required_key, Accepts, Input, MarkerScope};
use super::OpContext;
use crate::error::KmsError;
use crate::store;
use kms_core::model::AliasListEntry;
use serde_json::Value;

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let (limit, marker) = page_params(input, 1000, 50)?;
    // AWS caps a page of aliases at 100 whatever the Limit.
    let limit = limit.min(100);
    let filter = match input.string("KeyId")? {
        Some(_) => Some(required_key(ctx, input, Accepts::Key, false, "ListAliases")?.key_id),
        None => None,
    };
    let caller = ctx.caller;
    let scope = MarkerScope {
        operation: "ListAliases",
        account: &caller.account_id,
        region: &caller.region,
        subject: filter.as_deref().unwrap_or_default(),
    };
    let after = scope.resume_after(marker.as_deref())?;
    let aliases = ctx
        .store
        .region(scope.account, scope.region)
        .map(|r| {
            let entries = entries_after(&r.aliases, after.as_deref())
                .filter(|(_, a)| filter.is_none() || a.target_key_id == filter)
                .map(|(name, a)| {
                    let mut e = AliasListEntry::default();
                    e.alias_name = a.name.clone();
                    e.alias_arn = Some(store::alias_arn(scope.region, scope.account, &a.name));
                    e.target_key_id = a.target_key_id.clone();
                    if a.target_key_id.is_some() {
                        e.creation_date = Some(a.created);
                        e.last_updated_date = Some(a.updated);
                    }
                    (name, e)
                });
            page(entries, limit)
        })
        .unwrap_or_default();
    scope.output("Aliases", aliases)
}
