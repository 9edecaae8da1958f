use super::{check_key_material_id, key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{DeleteImportedKeyMaterialInput, DeleteImportedKeyMaterialOutput};

/// `DeleteImportedKeyMaterial`: deletes imported material (the current one unless
/// `KeyMaterialId` names another, such as material waiting for rotation).
#[derive(Debug)]
pub struct DeleteImportedKeyMaterial;

impl Operation for DeleteImportedKeyMaterial {
    const NAME: &'static str = "DeleteImportedKeyMaterial";
    type Input = DeleteImportedKeyMaterialInput;
    type Output = DeleteImportedKeyMaterialOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        if let Some(id) = &input.key_material_id {
            check_key_material_id(id)?;
        }
        key_not_alias(&input.key_id, Self::NAME)
    }
}
