//! `ListResourceTags`: the tags of a key, sorted by tag key, in pages. Works in every key
//! state (the `ListResourceTags` row of
//! <https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html>), in the
//! caller's account only ("Cross-account use: No",
//! <https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html>).

use super::common::MarkerScope;
use super::common::{entries_after, key, page, page_params, required_key, Accepts, Input};
use super::OpContext;
use crate::error::KmsError;
use serde_json::{json, Value};

/// The most tags a page holds: "If you include a value, it must be between 1 and 50,
/// inclusive. If you do not include a value, it defaults to 50"
/// (<https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html>).
/// The model allows `Limit` up to 1000; above 50 a page still holds at most 50 ("KMS does
/// not return more than the specified number of items, but it might return fewer").
const MAX_PAGE: usize = 50;

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let (limit, marker) = page_params(input, 1000, MAX_PAGE)?;
    let r = required_key(ctx, input, Accepts::Key, false, "ListResourceTags")?;
    let k = key(ctx.store, &r)?;
    let scope = MarkerScope {
        operation: "ListResourceTags",
        account: &r.account,
        region: &r.region,
        subject: &k.key_id,
    };
    let after = scope.resume_after(marker.as_deref())?;
    let tags = entries_after(&k.tags, after.as_deref())
        .map(|(tag_key, value)| (tag_key, json!({"TagKey": tag_key, "TagValue": value})));
    scope.output("Tags", page(tags, limit.min(MAX_PAGE)))
}
