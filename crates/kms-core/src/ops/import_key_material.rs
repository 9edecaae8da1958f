use super::{check_key_material_id, key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{
    Blob, ExpirationModel, ImportKeyMaterialInput, ImportKeyMaterialOutput, ImportType,
};

/// The most bytes an `ImportToken` or `EncryptedKeyMaterial` holds (`CiphertextType`).
pub const MAX_CIPHERTEXT_BYTES: usize = 6144;

/// The most characters of a `KeyMaterialDescription`.
pub const MAX_MATERIAL_DESCRIPTION: usize = 256;

/// `ImportKeyMaterial`: imports wrapped key material with the token it was wrapped for.
/// Not resent after an ambiguous failure: whether new material arrived is read from the
/// key's history instead.
#[derive(Debug)]
pub struct ImportKeyMaterial;

impl Operation for ImportKeyMaterial {
    const NAME: &'static str = "ImportKeyMaterial";
    const IDEMPOTENT: bool = false;
    type Input = ImportKeyMaterialInput;
    type Output = ImportKeyMaterialOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        check_ciphertext(&input.import_token, "ImportToken")?;
        check_ciphertext(&input.encrypted_key_material, "EncryptedKeyMaterial")?;
        let expires = input.expiration_model != Some(ExpirationModel::KeyMaterialDoesNotExpire);
        match (expires, input.valid_to) {
            (true, None) => {
                return Err(InputError::invalid(
                    "ValidTo",
                    "is required unless ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE (material expires by default)",
                ))
            }
            (false, Some(_)) => {
                return Err(InputError::invalid(
                    "ValidTo",
                    "must be left out when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE",
                ))
            }
            _ => {}
        }
        if let Some(description) = &input.key_material_description {
            let allowed = |c: char| c.is_ascii_alphanumeric() || ":/_.- \t\n\r".contains(c);
            if description.chars().count() > MAX_MATERIAL_DESCRIPTION
                || !description.chars().all(allowed)
            {
                return Err(InputError::invalid(
                    "KeyMaterialDescription",
                    "must be at most 256 characters of letters, digits, spaces and : / _ . -",
                ));
            }
        }
        if let Some(id) = &input.key_material_id {
            if input.import_type == Some(ImportType::NewKeyMaterial) {
                return Err(InputError::invalid(
                    "KeyMaterialId",
                    "names material imported before; leave it out with ImportType NEW_KEY_MATERIAL",
                ));
            }
            check_key_material_id(id)?;
        }
        key_not_alias(&input.key_id, Self::NAME)
    }
}

/// A binary member: standard base64 of 1–6144 bytes.
fn check_ciphertext(blob: &Blob, member: &'static str) -> Result<(), InputError> {
    match blob.decoded_len() {
        Some(1..=MAX_CIPHERTEXT_BYTES) => Ok(()),
        Some(0) => Err(InputError::invalid(member, "is required")),
        Some(_) => Err(InputError::invalid(
            member,
            "is longer than KMS accepts (6144 bytes)",
        )),
        None => Err(InputError::invalid(
            member,
            "must be the bytes (or standard base64) exactly as GetParametersForImport or the wrapping gave them",
        )),
    }
}
