//! Importing key material into a key with origin `EXTERNAL`: the wrapping key and token,
//! the import, and deleting material waiting for rotation. A multi-Region key's replicas
//! are reached in their own Regions with the same credentials.

use super::{Api, ConsoleClient};
use crate::error::ApiError;
use kms_core::model::{
    AlgorithmSpec, DeleteImportedKeyMaterialInput, GetParametersForImportInput,
    GetParametersForImportOutput, ImportKeyMaterialInput, IncludeKeyMaterial, RotationsListEntry,
    WrappingKeySpec,
};
use kms_core::ops::{DeleteImportedKeyMaterial, GetParametersForImport, ImportKeyMaterial};
use std::rc::Rc;

impl Api {
    /// The session's client, or one for `region` (a replica's) with the same credentials
    /// and endpoint.
    fn client_for(&self, region: Option<&str>) -> Result<Rc<ConsoleClient>, ApiError> {
        let session = self.session()?;
        match region.filter(|region| *region != session.region) {
            None => self.client(),
            Some(region) => super::client_in(&session, region),
        }
    }

    /// `GetParametersForImport`: a wrapping public key and an import token for 24 hours.
    pub(crate) async fn import_parameters(
        self,
        key_id: String,
        region: Option<String>,
        algorithm: AlgorithmSpec,
        spec: WrappingKeySpec,
    ) -> Result<GetParametersForImportOutput, ApiError> {
        let client = self.client_for(region.as_deref())?;
        let input = GetParametersForImportInput {
            key_id,
            wrapping_algorithm: Some(algorithm),
            wrapping_key_spec: Some(spec),
        };
        client
            .send::<GetParametersForImport>(&input)
            .await
            .map_err(|e| self.fail(&e))
    }

    /// `ImportKeyMaterial`; resolves to the material's ID.
    pub(crate) async fn import_material(
        self,
        region: Option<String>,
        input: ImportKeyMaterialInput,
    ) -> Result<String, ApiError> {
        let client = self.client_for(region.as_deref())?;
        let output = client
            .send::<ImportKeyMaterial>(&input)
            .await
            .map_err(|e| self.fail(&e))?;
        Ok(output.key_material_id.unwrap_or_default())
    }

    /// `DeleteImportedKeyMaterial` of one material (one waiting for rotation).
    pub(crate) async fn delete_material(
        self,
        key_id: String,
        material_id: String,
    ) -> Result<(), ApiError> {
        let client = self.client()?;
        let input = DeleteImportedKeyMaterialInput {
            key_id,
            key_material_id: Some(material_id),
        };
        client
            .send::<DeleteImportedKeyMaterial>(&input)
            .await
            .map(|_| ())
            .map_err(|e| self.fail(&e))
    }

    /// Every key material of the key in `region` (a replica's view of the set).
    pub(crate) async fn materials_in(
        self,
        key_id: String,
        region: String,
    ) -> Result<Vec<RotationsListEntry>, ApiError> {
        let client = self.client_for(Some(&region))?;
        client
            .all_key_rotations(&key_id, Some(IncludeKeyMaterial::AllKeyMaterial))
            .await
            .map_err(|e| self.fail(&e))
    }
}
