use super::{key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{GetKeyLastUsageInput, GetKeyLastUsageOutput};

/// `GetKeyLastUsage`: when the key was last used by a tracked (cryptographic) operation,
/// and since when use is tracked.
#[derive(Debug)]
pub struct GetKeyLastUsage;

impl Operation for GetKeyLastUsage {
    const NAME: &'static str = "GetKeyLastUsage";
    type Input = GetKeyLastUsageInput;
    type Output = GetKeyLastUsageOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        key_not_alias(&input.key_id, Self::NAME)
    }
}
