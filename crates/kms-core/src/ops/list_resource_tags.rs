use super::{check_limit, check_marker, key_not_alias, paginated, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{ListResourceTagsInput, ListResourceTagsOutput, Tag};

/// `ListResourceTags`: a key's tags, in pages of at most 50.
#[derive(Debug)]
pub struct ListResourceTags;

impl Operation for ListResourceTags {
    const NAME: &'static str = "ListResourceTags";
    type Input = ListResourceTagsInput;
    type Output = ListResourceTagsOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        check_limit(input.limit, 50)?;
        check_marker(input.marker.as_deref())?;
        key_not_alias(&input.key_id, Self::NAME)
    }
}

paginated!(ListResourceTags, Tag, tags);
