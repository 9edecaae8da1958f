//! `UntagResource`: deletes tags from a customer managed key. A tag key the key does not
//! have is no error ("if the specified tag key isn't found on the KMS key, it doesn't throw
//! an exception or return a response",
//! <https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html>); a tag key
//! with the reserved prefix is a `TagException`, as tags with it cannot be deleted ("You
//! can't edit or delete tag keys or values with this prefix",
//! <https://docs.aws.amazon.com/general/latest/gr/aws_tagging.html>).

use super::common::{key, key_mut, required_key, Accepts, Input, Problems};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let tag_keys = input.string_list("TagKeys")?;
    let mut problems = Problems::default();
    problems.required("tagKeys", &tag_keys);
    let (min, max) = rules::TAG_KEY_LENGTH;
    for (i, tag_key) in tag_keys.iter().flatten().enumerate() {
        problems.length(
            &format!("tagKeys.{}.member", i + 1),
            Some(tag_key),
            min,
            max,
        );
    }
    problems.finish()?;
    let r = required_key(ctx, input, Accepts::Key, false, "UntagResource")?;
    rules::require_taggable(key(ctx.store, &r)?, "UntagResource")?;
    let tag_keys = tag_keys.unwrap_or_default();
    if let Some(reserved) = tag_keys.iter().find(|t| rules::is_reserved_tag_text(t)) {
        return Err(KmsError::service(
            "TagException",
            format!("Tag key '{reserved}' begins with aws:, a prefix reserved for AWS use; such tags cannot be deleted."),
        ));
    }
    let k = key_mut(ctx.store, &r)?;
    for tag_key in &tag_keys {
        k.tags.remove(tag_key);
    }
    Ok(json!({}))
}
