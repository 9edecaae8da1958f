use super::{check_limit, check_marker, key_not_alias, Operation, Paginated};
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

impl Paginated for ListResourceTags {
    type Item = Tag;

    fn set_marker(input: &mut Self::Input, marker: Option<String>) {
        input.marker = marker;
    }

    fn truncated(output: &Self::Output) -> bool {
        output.truncated
    }

    fn next_marker(output: &Self::Output) -> Option<&str> {
        output.next_marker.as_deref()
    }

    fn into_items(output: Self::Output) -> Vec<Self::Item> {
        output.tags
    }
}
