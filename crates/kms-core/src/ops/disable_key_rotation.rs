use super::{key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{DisableKeyRotationInput, EmptyOutput};

/// `DisableKeyRotation`: turn off automatic rotation.
#[derive(Debug)]
pub struct DisableKeyRotation;

impl Operation for DisableKeyRotation {
    const NAME: &'static str = "DisableKeyRotation";
    type Input = DisableKeyRotationInput;
    type Output = EmptyOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        key_not_alias(&input.key_id, Self::NAME)
    }
}
