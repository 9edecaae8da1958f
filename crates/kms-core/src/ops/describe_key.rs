use super::{any_key, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{DescribeKeyInput, DescribeKeyOutput};

/// `DescribeKey`: a key's metadata, by key ID, key ARN, alias name or alias ARN.
#[derive(Debug)]
pub struct DescribeKey;

impl Operation for DescribeKey {
    const NAME: &'static str = "DescribeKey";
    type Input = DescribeKeyInput;
    type Output = DescribeKeyOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        any_key(&input.key_id)
    }
}
