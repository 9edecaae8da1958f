use super::tag_resource::check_tag_key;
use super::{key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{EmptyOutput, UntagResourceInput};

/// `UntagResource`: removes tags from a key by their keys.
#[derive(Debug)]
pub struct UntagResource;

impl Operation for UntagResource {
    const NAME: &'static str = "UntagResource";
    type Input = UntagResourceInput;
    type Output = EmptyOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        for key in &input.tag_keys {
            check_tag_key(key)?;
        }
        key_not_alias(&input.key_id, Self::NAME)
    }
}
