//! The shapes of importing key material (`GetParametersForImport`, `ImportKeyMaterial`,
//! `DeleteImportedKeyMaterial`), with their enums and the binary members they carry.

use super::{from_json, to_json};
use super::{ExpirationModel, FromJson, Shape, ShapeError, ToJson};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

string_enum! {
    /// How key material is wrapped for import (`AlgorithmSpec`).
    AlgorithmSpec {
        RsaesPkcs1V15 = "RSAES_PKCS1_V1_5",
        RsaesOaepSha1 = "RSAES_OAEP_SHA_1",
        RsaesOaepSha256 = "RSAES_OAEP_SHA_256",
        RsaAesKeyWrapSha1 = "RSA_AES_KEY_WRAP_SHA_1",
        RsaAesKeyWrapSha256 = "RSA_AES_KEY_WRAP_SHA_256",
        Sm2Pke = "SM2PKE",
    }
}

string_enum! {
    /// The kind of wrapping public key (`WrappingKeySpec`).
    WrappingKeySpec {
        Rsa2048 = "RSA_2048",
        Rsa3072 = "RSA_3072",
        Rsa4096 = "RSA_4096",
        Sm2 = "SM2",
    }
}

string_enum! {
    /// Whether imported material is new to the key or imported again (`ImportType`).
    ImportType {
        NewKeyMaterial = "NEW_KEY_MATERIAL",
        ExistingKeyMaterial = "EXISTING_KEY_MATERIAL",
    }
}

/// A binary member (`PublicKey`, `ImportToken`, `EncryptedKeyMaterial`) as KMS's JSON
/// carries it: base64 text. It is kept as text: nothing here needs the bytes, and the
/// npm package and the console hand them to WebCrypto or a file as they come.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Blob(pub String);

impl Blob {
    /// The base64 text.
    pub fn base64(&self) -> &str {
        &self.0
    }

    /// How many bytes the text encodes, if it is standard, padded base64 (RFC 4648 §4).
    pub fn decoded_len(&self) -> Option<usize> {
        let text = self.0.as_bytes();
        if text.len() % 4 != 0 {
            return None;
        }
        let padding = text.iter().rev().take_while(|&&c| c == b'=').count();
        let body = &text[..text.len() - padding];
        let alphabet = |c: &u8| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/';
        if padding > 2 || !body.iter().all(alphabet) {
            return None;
        }
        Some(text.len() / 4 * 3 - padding)
    }
}

/// Binary members never print: an import token or wrapped material is not for logs.
impl std::fmt::Debug for Blob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Blob({} base64 characters)", self.0.len())
    }
}

impl from_json::Field for Blob {
    fn read(members: &from_json::Members<'_>, name: &'static str) -> Self {
        <Option<Blob> as from_json::Field>::read(members, name).unwrap_or_default()
    }
}

impl to_json::Member for Blob {
    fn write(&self, name: &str, out: &mut String) {
        to_json::Member::write(&self.0, name, out);
    }
}

impl FromJson for Blob {
    fn from_json(value: &serde_json::Value) -> Result<Self, ShapeError> {
        String::from_json(value).map(Blob)
    }
}

shape! {
    /// Input of `GetParametersForImport`.
    GetParametersForImportInput = "GetParametersForImportRequest" (read, write) {
        /// Key ID or key ARN of a key with origin `EXTERNAL`.
        key_id: String = "KeyId",
        /// How the material will be wrapped.
        #[serde(skip_serializing_if = "Option::is_none")]
        wrapping_algorithm: Option<AlgorithmSpec> = "WrappingAlgorithm",
        /// The kind of wrapping public key wanted.
        #[serde(skip_serializing_if = "Option::is_none")]
        wrapping_key_spec: Option<WrappingKeySpec> = "WrappingKeySpec",
    }
}

shape! {
    /// Output of `GetParametersForImport`.
    GetParametersForImportOutput = "GetParametersForImportResponse" (read, write) {
        /// The key ARN.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String> = "KeyId",
        /// The token to send with the wrapped material.
        #[serde(skip_serializing_if = "Option::is_none")]
        import_token: Option<Blob> = "ImportToken",
        /// The wrapping public key (DER SubjectPublicKeyInfo).
        #[serde(skip_serializing_if = "Option::is_none")]
        public_key: Option<Blob> = "PublicKey",
        /// When the public key and token stop being valid (24 hours).
        #[serde(skip_serializing_if = "Option::is_none")]
        parameters_valid_to: Option<Timestamp> = "ParametersValidTo",
    }
}

shape! {
    /// Input of `ImportKeyMaterial`.
    ImportKeyMaterialInput = "ImportKeyMaterialRequest" (read, write) {
        /// Key ID or key ARN (the key of the import token).
        key_id: String = "KeyId",
        /// The token from `GetParametersForImport`.
        import_token: Blob = "ImportToken",
        /// The key material wrapped with that response's public key.
        encrypted_key_material: Blob = "EncryptedKeyMaterial",
        /// When the material expires; only with `KEY_MATERIAL_EXPIRES`.
        #[serde(skip_serializing_if = "Option::is_none")]
        valid_to: Option<Timestamp> = "ValidTo",
        /// Whether the material expires (KMS's default: it does).
        #[serde(skip_serializing_if = "Option::is_none")]
        expiration_model: Option<ExpirationModel> = "ExpirationModel",
        /// New material, or material the key had before.
        #[serde(skip_serializing_if = "Option::is_none")]
        import_type: Option<ImportType> = "ImportType",
        /// A description of the material.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_material_description: Option<String> = "KeyMaterialDescription",
        /// For a re-import: the ID of the material imported again.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_material_id: Option<String> = "KeyMaterialId",
    }
}

shape! {
    /// Output of `ImportKeyMaterial`.
    ImportKeyMaterialOutput = "ImportKeyMaterialResponse" (read, write) {
        /// The key ARN.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String> = "KeyId",
        /// The ID of the imported material.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_material_id: Option<String> = "KeyMaterialId",
    }
}

shape! {
    /// Input of `DeleteImportedKeyMaterial`.
    DeleteImportedKeyMaterialInput = "DeleteImportedKeyMaterialRequest" (read, write) {
        /// Key ID or key ARN.
        key_id: String = "KeyId",
        /// Which material; KMS deletes the current one without it.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_material_id: Option<String> = "KeyMaterialId",
    }
}

shape! {
    /// Output of `DeleteImportedKeyMaterial`.
    DeleteImportedKeyMaterialOutput = "DeleteImportedKeyMaterialResponse" (read, write) {
        /// The key ARN.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String> = "KeyId",
        /// The ID of the deleted material.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_material_id: Option<String> = "KeyMaterialId",
    }
}
