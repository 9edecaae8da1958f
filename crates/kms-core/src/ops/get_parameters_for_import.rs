use super::{key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{GetParametersForImportInput, GetParametersForImportOutput};

/// `GetParametersForImport`: a wrapping public key and an import token, valid 24 hours,
/// for importing key material into a key with origin `EXTERNAL`.
#[derive(Debug)]
pub struct GetParametersForImport;

impl Operation for GetParametersForImport {
    const NAME: &'static str = "GetParametersForImport";
    type Input = GetParametersForImportInput;
    type Output = GetParametersForImportOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        if input.wrapping_algorithm.is_none() {
            return Err(InputError::invalid(
                "WrappingAlgorithm",
                "is required: how the key material will be wrapped, such as RSAES_OAEP_SHA_256",
            ));
        }
        if input.wrapping_key_spec.is_none() {
            return Err(InputError::invalid(
                "WrappingKeySpec",
                "is required: the wrapping key's type, such as RSA_4096",
            ));
        }
        key_not_alias(&input.key_id, Self::NAME)
    }
}
