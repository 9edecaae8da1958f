use super::{check_limit, check_marker, key_not_alias, paginated, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{ListKeyRotationsInput, ListKeyRotationsOutput, RotationsListEntry};

/// `ListKeyRotations`: the rotations (and, with `ALL_KEY_MATERIAL`, every key material)
/// of a key, in pages.
#[derive(Debug)]
pub struct ListKeyRotations;

impl Operation for ListKeyRotations {
    const NAME: &'static str = "ListKeyRotations";
    type Input = ListKeyRotationsInput;
    type Output = ListKeyRotationsOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        check_limit(input.limit, 1000)?;
        check_marker(input.marker.as_deref())?;
        key_not_alias(&input.key_id, Self::NAME)
    }
}

paginated!(ListKeyRotations, RotationsListEntry, rotations);
