use super::{key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{GetKeyRotationStatusInput, GetKeyRotationStatusOutput};

/// `GetKeyRotationStatus`: automatic rotation settings, and whether an on-demand
/// rotation is in progress (`OnDemandRotationStartDate` is present only then).
#[derive(Debug)]
pub struct GetKeyRotationStatus;

impl Operation for GetKeyRotationStatus {
    const NAME: &'static str = "GetKeyRotationStatus";
    type Input = GetKeyRotationStatusInput;
    type Output = GetKeyRotationStatusOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        key_not_alias(&input.key_id, Self::NAME)
    }
}
