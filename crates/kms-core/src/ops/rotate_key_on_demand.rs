use super::{key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{RotateKeyOnDemandInput, RotateKeyOnDemandOutput};

/// `RotateKeyOnDemand`: new key material now. Not idempotent: each success spends one of
/// the key's 25 on-demand rotations, so it is never resent blindly.
#[derive(Debug)]
pub struct RotateKeyOnDemand;

impl Operation for RotateKeyOnDemand {
    const NAME: &'static str = "RotateKeyOnDemand";
    const IDEMPOTENT: bool = false;
    type Input = RotateKeyOnDemandInput;
    type Output = RotateKeyOnDemandOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        key_not_alias(&input.key_id, Self::NAME)
    }
}
