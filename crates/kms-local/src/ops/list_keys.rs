//! `ListKeys`: the keys of the caller's account and Region, by key ID, with opaque
//! markers.

use super::common::{entries_after, page, page_params, Input, MarkerScope};
use super::OpContext;
use crate::error::KmsError;
use kms_core::model::KeyListEntry;
use serde_json::Value;

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let (limit, marker) = page_params(input, 1000, 100)?;
    let caller = ctx.caller;
    let scope = MarkerScope {
        operation: "ListKeys",
        account: &caller.account_id,
        region: &caller.region,
        subject: "",
    };
    let after = scope.resume_after(marker.as_deref())?;
    let keys = ctx
        .store
        .region(scope.account, scope.region)
        .map(|r| {
            let entries = entries_after(&r.keys, after.as_deref())
                .map(|(id, k)| (id, KeyListEntry::new(id.clone(), k.arn())));
            page(entries, limit)
        })
        .unwrap_or_default();
    scope.output("Keys", keys)
}
