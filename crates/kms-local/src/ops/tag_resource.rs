//! `TagResource`: adds tags to a customer managed key, or replaces the value of a tag key
//! it has ("If you specify an existing tag key with a different tag value, KMS replaces the
//! current tag value with the specified one",
//! <https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html>).
//!
//! Checked in this order: the model's constraints (`ValidationException`), the key (its
//! account and Region only: no cross-account use), its state and manager, each tag's
//! reserved prefix and characters and a tag key sent twice (`TagException`), then the
//! number of tags the key would have (`LimitExceededException`).

use super::common::{key, key_mut, required_key, Accepts, Input, Problems, TagInput};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Validates a request's `Tags` (member `tags`) as the model constrains them: required,
/// each `TagKey` 1–128 characters and each `TagValue` 0–256, both required.
pub(super) fn validate_tags(problems: &mut Problems, tags: Option<&[TagInput]>) {
    let (key_min, key_max) = rules::TAG_KEY_LENGTH;
    let (value_min, value_max) = rules::TAG_VALUE_LENGTH;
    for (i, tag) in tags.unwrap_or_default().iter().enumerate() {
        let at = |member: &str| format!("tags.{}.member.{member}", i + 1);
        problems.required(&at("tagKey"), &tag.key);
        problems.length(&at("tagKey"), tag.key.as_deref(), key_min, key_max);
        problems.required(&at("tagValue"), &tag.value);
        problems.length(&at("tagValue"), tag.value.as_deref(), value_min, value_max);
    }
}

/// The tags of a validated request, checked by [`rules::check_tag`]; a tag key sent twice
/// is a `TagException` ("Use each key only once for each resource. If you attempt to use
/// the same key twice on the same resource, your request will be rejected",
/// <https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/allocation-tag-restrictions.html>).
pub(super) fn checked_tags(tags: &[TagInput]) -> Result<BTreeMap<String, String>, KmsError> {
    let mut out = BTreeMap::new();
    for tag in tags {
        let tag_key = tag.key.clone().unwrap_or_default();
        let tag_value = tag.value.clone().unwrap_or_default();
        rules::check_tag(&tag_key, Some(&tag_value))?;
        if out.contains_key(&tag_key) {
            return Err(KmsError::service(
                "TagException",
                format!("Tag key '{tag_key}' appears more than once in the request."),
            ));
        }
        out.insert(tag_key, tag_value);
    }
    Ok(out)
}

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let tags = input.tag_list("Tags")?;
    let mut problems = Problems::default();
    problems.required("tags", &tags);
    validate_tags(&mut problems, tags.as_deref());
    problems.finish()?;
    let r = required_key(ctx, input, Accepts::Key, false, "TagResource")?;
    let k = key(ctx.store, &r)?;
    rules::require_taggable(k, "TagResource")?;
    let new = checked_tags(tags.as_deref().unwrap_or_default())?;
    let count = k.tags.len() + new.keys().filter(|t| !k.tags.contains_key(*t)).count();
    rules::check_tag_count(k, count)?;
    key_mut(ctx.store, &r)?.tags.extend(new);
    Ok(json!({}))
}
