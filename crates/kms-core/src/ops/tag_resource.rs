use super::{key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{EmptyOutput, TagResourceInput};

/// The most tags a key holds.
pub const MAX_TAGS: usize = 50;

/// `TagResource`: adds tags to a key, or replaces the values of its tag keys.
#[derive(Debug)]
pub struct TagResource;

impl Operation for TagResource {
    const NAME: &'static str = "TagResource";
    type Input = TagResourceInput;
    type Output = EmptyOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        if input.tags.len() > MAX_TAGS {
            return Err(InputError::invalid(
                "Tags",
                format!(
                    "holds {} tags; a key has at most {MAX_TAGS}",
                    input.tags.len()
                ),
            ));
        }
        for tag in &input.tags {
            check_tag_key(&tag.tag_key)?;
            if tag.tag_value.chars().count() > 256 {
                return Err(InputError::invalid(
                    "TagValue",
                    format!("of {} is longer than 256 characters", tag.tag_key),
                ));
            }
        }
        key_not_alias(&input.key_id, Self::NAME)
    }
}

/// A tag key: 1–128 characters, not starting with the reserved `aws:`.
pub(super) fn check_tag_key(key: &str) -> Result<(), InputError> {
    let length = key.chars().count();
    if length == 0 || length > 128 {
        return Err(InputError::invalid("TagKey", "must be 1 to 128 characters"));
    }
    if key.len() >= 4 && key[..4].eq_ignore_ascii_case("aws:") {
        return Err(InputError::invalid(
            "TagKey",
            format!("{key} starts with aws:, which AWS reserves for its own tags"),
        ));
    }
    Ok(())
}
