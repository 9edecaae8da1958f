//! The KMS shapes this project reads and writes, named and typed as in the service model
//! (`kms-model/service-2.json`, API 2014-11-01).
//!
//! Enum values grow over time, so every enum keeps values it does not know in an
//! `Unknown` variant instead of failing; unknown fields are ignored. Structures are plain
//! data with public fields and `Default`, open to struct literals (kms-local and tests
//! build them), so they are not `#[non_exhaustive]`. Everything
//! serializes back to the same wire form, which is how kms-local answers.
//!
//! ```
//! use kms_core::model::{KeyMetadata, KeyState, KeySpec};
//! let json = r#"{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","KeyState":"Enabled",
//!               "KeySpec":"QUANTUM_9000","CreationDate":1700000000.5,"Extra":1}"#;
//! let key: KeyMetadata = serde_json::from_str(json).unwrap();
//! assert_eq!(key.key_state, Some(KeyState::Enabled));
//! assert_eq!(key.key_spec, Some(KeySpec::Unknown("QUANTUM_9000".into())));
//! ```

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

mod from_json;
mod to_json;
#[cfg(test)]
mod typescript;

pub use from_json::{FromJson, ShapeError};
pub use to_json::ToJson;

/// Declares a string enum that keeps unknown wire values.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* #[doc = concat!("`", $wire, "`")] $variant,)+
            /// A value this version does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// Every value this version knows, in model order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(other) => other,
                }
            }

            /// Reads a wire value; unknown values become `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_wire(&value))
            }
        }

        impl $crate::model::FromJson for $name {
            fn from_json(value: &serde_json::Value) -> Result<Self, $crate::model::ShapeError> {
                <String as $crate::model::FromJson>::from_json(value).map(|text| Self::from_wire(&text))
            }
        }
    };
}

pub(crate) use string_enum;

string_enum! {
    /// The state of a KMS key (`KeyState`).
    KeyState {
        Creating = "Creating",
        Enabled = "Enabled",
        Disabled = "Disabled",
        PendingDeletion = "PendingDeletion",
        PendingImport = "PendingImport",
        PendingReplicaDeletion = "PendingReplicaDeletion",
        Unavailable = "Unavailable",
        Updating = "Updating",
    }
}

string_enum! {
    /// What a key is for (`KeyUsageType`).
    KeyUsage {
        SignVerify = "SIGN_VERIFY",
        EncryptDecrypt = "ENCRYPT_DECRYPT",
        GenerateVerifyMac = "GENERATE_VERIFY_MAC",
        KeyAgreement = "KEY_AGREEMENT",
        EncapsulateDecapsulate = "ENCAPSULATE_DECAPSULATE",
    }
}

string_enum! {
    /// Where the key material came from (`OriginType`).
    Origin {
        AwsKms = "AWS_KMS",
        External = "EXTERNAL",
        AwsCloudHsm = "AWS_CLOUDHSM",
        ExternalKeyStore = "EXTERNAL_KEY_STORE",
    }
}

string_enum! {
    /// Who manages the key (`KeyManagerType`).
    KeyManager {
        Aws = "AWS",
        Customer = "CUSTOMER",
    }
}

string_enum! {
    /// The type of key material (`KeySpec`).
    KeySpec {
        Rsa2048 = "RSA_2048",
        Rsa3072 = "RSA_3072",
        Rsa4096 = "RSA_4096",
        EccNistP256 = "ECC_NIST_P256",
        EccNistP384 = "ECC_NIST_P384",
        EccNistP521 = "ECC_NIST_P521",
        EccSecgP256k1 = "ECC_SECG_P256K1",
        SymmetricDefault = "SYMMETRIC_DEFAULT",
        Hmac224 = "HMAC_224",
        Hmac256 = "HMAC_256",
        Hmac384 = "HMAC_384",
        Hmac512 = "HMAC_512",
        Sm2 = "SM2",
        MlDsa44 = "ML_DSA_44",
        MlDsa65 = "ML_DSA_65",
        MlDsa87 = "ML_DSA_87",
        EccNistEdwards25519 = "ECC_NIST_EDWARDS25519",
        MlKem512 = "ML_KEM_512",
        MlKem768 = "ML_KEM_768",
        MlKem1024 = "ML_KEM_1024",
    }
}

impl KeySpec {
    /// Whether this is an HMAC key spec.
    pub fn is_hmac(&self) -> bool {
        matches!(
            self,
            Self::Hmac224 | Self::Hmac256 | Self::Hmac384 | Self::Hmac512
        )
    }
}

string_enum! {
    /// The role of a multi-Region key (`MultiRegionKeyType`).
    MultiRegionKeyType {
        Primary = "PRIMARY",
        Replica = "REPLICA",
    }
}

string_enum! {
    /// How a rotation was started (`RotationType`).
    RotationType {
        Automatic = "AUTOMATIC",
        OnDemand = "ON_DEMAND",
    }
}

string_enum! {
    /// The state of one key material of a key (`KeyMaterialState`).
    KeyMaterialState {
        NonCurrent = "NON_CURRENT",
        Current = "CURRENT",
        PendingRotation = "PENDING_ROTATION",
        PendingMultiRegionImportAndRotation = "PENDING_MULTI_REGION_IMPORT_AND_ROTATION",
    }
}

string_enum! {
    /// Whether imported key material is in place (`ImportState`).
    ImportState {
        Imported = "IMPORTED",
        PendingImport = "PENDING_IMPORT",
    }
}

string_enum! {
    /// Whether imported key material expires (`ExpirationModelType`).
    ExpirationModel {
        KeyMaterialExpires = "KEY_MATERIAL_EXPIRES",
        KeyMaterialDoesNotExpire = "KEY_MATERIAL_DOES_NOT_EXPIRE",
    }
}

string_enum! {
    /// Which rotations `ListKeyRotations` returns (`IncludeKeyMaterial`).
    IncludeKeyMaterial {
        AllKeyMaterial = "ALL_KEY_MATERIAL",
        RotationsOnly = "ROTATIONS_ONLY",
    }
}

/// Declares a structure of the service model once: the struct (with serde's derives, for
/// kms-local and tests), its hand-written reader ([`FromJson`], with `read`) and writer
/// ([`ToJson`], with `write`), and its [`Shape`] description, which the TypeScript
/// declarations of the npm package are generated from (`model/typescript.rs`).
///
/// `Name = "ModelShapeName" (read, write) { field: Type = "WireName", ... }`: a field that
/// is not an `Option` reads as its default when absent.
macro_rules! shape {
    (
        $(#[$meta:meta])*
        $name:ident = $model:literal ($($json:ident),+) {
            $($(#[$fmeta:meta])* $field:ident : $ty:ty = $wire:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct $name {
            $($(#[$fmeta])* #[serde(rename = $wire)] pub $field: $ty,)*
        }

        impl Shape for $name {
            const MODEL_NAME: &'static str = $model;
            const MEMBERS: &'static [&'static str] = &[$($wire),*];
        }

        shape!(@impls [$($json)+] $name { $($field = $wire),* });
    };
    (@impls [] $name:ident $members:tt) => {};
    (@impls [read $($rest:ident)*] $name:ident { $($field:ident = $wire:literal),* }) => {
        impl FromJson for $name {
            fn from_json(value: &serde_json::Value) -> Result<Self, ShapeError> {
                let members = from_json::Members::of(value)?;
                let shape = Self {
                    $($field: from_json::Field::read(&members, $wire),)*
                };
                members.finish(shape)
            }
        }
        shape!(@impls [$($rest)*] $name { $($field = $wire),* });
    };
    (@impls [write $($rest:ident)*] $name:ident { $($field:ident = $wire:literal),* }) => {
        impl ToJson for $name {
            fn to_json(&self) -> String {
                let mut out = String::from("{");
                $(to_json::Member::write(&self.$field, $wire, &mut out);)*
                out.push('}');
                out
            }
        }
        shape!(@impls [$($rest)*] $name { $($field = $wire),* });
    };
}

mod tags;
pub use tags::{
    GetKeyLastUsageInput, GetKeyLastUsageOutput, KeyLastUsage, KeyLastUsageTrackingOperation,
    ListResourceTagsInput, ListResourceTagsOutput, Tag, TagResourceInput, UntagResourceInput,
};

mod import;
pub use import::{
    AlgorithmSpec, Blob, DeleteImportedKeyMaterialInput, DeleteImportedKeyMaterialOutput,
    GetParametersForImportInput, GetParametersForImportOutput, ImportKeyMaterialInput,
    ImportKeyMaterialOutput, ImportType, WrappingKeySpec,
};

/// A structure of the service model as this crate declares it (with `shape!`).
pub trait Shape {
    /// Its name in the service model (`service-2.json`).
    const MODEL_NAME: &'static str;
    /// The wire names of the members this crate reads and writes, in declaration order.
    const MEMBERS: &'static [&'static str];
}

shape! {
    /// One Region's copy of a multi-Region key (`MultiRegionKey`).
    MultiRegionKey = "MultiRegionKey" (read) {
        /// The key ARN.
        #[serde(skip_serializing_if = "Option::is_none")]
        arn: Option<String> = "Arn",
        /// The Region the copy lives in.
        #[serde(skip_serializing_if = "Option::is_none")]
        region: Option<String> = "Region",
    }
}

impl MultiRegionKey {
    /// A copy in `region` with key ARN `arn`.
    pub fn new(arn: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            arn: Some(arn.into()),
            region: Some(region.into()),
        }
    }
}

shape! {
    /// The primary and replicas of a multi-Region key (`MultiRegionConfiguration`).
    MultiRegionConfiguration = "MultiRegionConfiguration" (read) {
        /// Whether the described key is the primary or a replica.
        #[serde(skip_serializing_if = "Option::is_none")]
        multi_region_key_type: Option<MultiRegionKeyType> = "MultiRegionKeyType",
        /// The primary key.
        #[serde(skip_serializing_if = "Option::is_none")]
        primary_key: Option<MultiRegionKey> = "PrimaryKey",
        /// The replicas.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        replica_keys: Vec<MultiRegionKey> = "ReplicaKeys",
    }
}

shape! {
    /// The external key store key behind a key (`XksKeyConfigurationType`).
    XksKeyConfiguration = "XksKeyConfigurationType" (read) {
        /// The key's ID in the external key manager.
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String> = "Id",
    }
}

shape! {
    /// Everything `DescribeKey` says of a key (`KeyMetadata`).
    #[expect(
        missing_docs,
        reason = "each field is the model member of the same name (ops/tests.rs compares them)"
    )]
    KeyMetadata = "KeyMetadata" (read) {
        #[serde(skip_serializing_if = "Option::is_none")]
        aws_account_id: Option<String> = "AWSAccountId",
        key_id: String = "KeyId",
        #[serde(skip_serializing_if = "Option::is_none")]
        arn: Option<String> = "Arn",
        #[serde(skip_serializing_if = "Option::is_none")]
        creation_date: Option<Timestamp> = "CreationDate",
        #[serde(skip_serializing_if = "Option::is_none")]
        enabled: Option<bool> = "Enabled",
        #[serde(skip_serializing_if = "Option::is_none")]
        description: Option<String> = "Description",
        #[serde(skip_serializing_if = "Option::is_none")]
        key_usage: Option<KeyUsage> = "KeyUsage",
        #[serde(skip_serializing_if = "Option::is_none")]
        key_state: Option<KeyState> = "KeyState",
        #[serde(skip_serializing_if = "Option::is_none")]
        deletion_date: Option<Timestamp> = "DeletionDate",
        #[serde(skip_serializing_if = "Option::is_none")]
        valid_to: Option<Timestamp> = "ValidTo",
        #[serde(skip_serializing_if = "Option::is_none")]
        origin: Option<Origin> = "Origin",
        #[serde(skip_serializing_if = "Option::is_none")]
        custom_key_store_id: Option<String> = "CustomKeyStoreId",
        #[serde(skip_serializing_if = "Option::is_none")]
        cloud_hsm_cluster_id: Option<String> = "CloudHsmClusterId",
        #[serde(skip_serializing_if = "Option::is_none")]
        expiration_model: Option<ExpirationModel> = "ExpirationModel",
        #[serde(skip_serializing_if = "Option::is_none")]
        key_manager: Option<KeyManager> = "KeyManager",
        /// Deprecated by AWS in favour of `key_spec`; still sent.
        #[serde(skip_serializing_if = "Option::is_none")]
        customer_master_key_spec: Option<KeySpec> = "CustomerMasterKeySpec",
        #[serde(skip_serializing_if = "Option::is_none")]
        key_spec: Option<KeySpec> = "KeySpec",
        /// Algorithm lists are kept as strings: this tool shows them, never decides on them.
        #[serde(skip_serializing_if = "Option::is_none")]
        encryption_algorithms: Option<Vec<String>> = "EncryptionAlgorithms",
        #[serde(skip_serializing_if = "Option::is_none")]
        signing_algorithms: Option<Vec<String>> = "SigningAlgorithms",
        #[serde(skip_serializing_if = "Option::is_none")]
        key_agreement_algorithms: Option<Vec<String>> = "KeyAgreementAlgorithms",
        #[serde(skip_serializing_if = "Option::is_none")]
        encapsulation_algorithms: Option<Vec<String>> = "EncapsulationAlgorithms",
        #[serde(skip_serializing_if = "Option::is_none")]
        multi_region: Option<bool> = "MultiRegion",
        #[serde(skip_serializing_if = "Option::is_none")]
        multi_region_configuration: Option<MultiRegionConfiguration> = "MultiRegionConfiguration",
        #[serde(skip_serializing_if = "Option::is_none")]
        pending_deletion_window_in_days: Option<u32> = "PendingDeletionWindowInDays",
        #[serde(skip_serializing_if = "Option::is_none")]
        mac_algorithms: Option<Vec<String>> = "MacAlgorithms",
        #[serde(skip_serializing_if = "Option::is_none")]
        xks_key_configuration: Option<XksKeyConfiguration> = "XksKeyConfiguration",
        #[serde(skip_serializing_if = "Option::is_none")]
        current_key_material_id: Option<String> = "CurrentKeyMaterialId",
    }
}

impl KeyMetadata {
    /// Metadata with only the key ID set; fill the rest with struct update syntax.
    pub fn new(key_id: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            ..Self::default()
        }
    }

    /// The effective key spec: `KeySpec`, else the deprecated `CustomerMasterKeySpec`.
    pub fn effective_key_spec(&self) -> Option<&KeySpec> {
        self.key_spec
            .as_ref()
            .or(self.customer_master_key_spec.as_ref())
    }

    /// The multi-Region role, if the key is multi-Region.
    pub fn multi_region_role(&self) -> Option<&MultiRegionKeyType> {
        self.multi_region_configuration
            .as_ref()?
            .multi_region_key_type
            .as_ref()
    }
}

shape! {
    /// One entry of `ListKeys` (`KeyListEntry`).
    KeyListEntry = "KeyListEntry" (read) {
        /// The key ID.
        key_id: String = "KeyId",
        /// The key ARN.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_arn: Option<String> = "KeyArn",
    }
}

impl KeyListEntry {
    /// An entry for `key_id` with ARN `key_arn`.
    pub fn new(key_id: impl Into<String>, key_arn: impl Into<String>) -> Self {
        Self {
            key_id: key_id.into(),
            key_arn: Some(key_arn.into()),
        }
    }
}

shape! {
    /// One entry of `ListAliases` (`AliasListEntry`).
    #[expect(
        missing_docs,
        reason = "each field is the model member of the same name (ops/tests.rs compares them)"
    )]
    AliasListEntry = "AliasListEntry" (read) {
        alias_name: String = "AliasName",
        #[serde(skip_serializing_if = "Option::is_none")]
        alias_arn: Option<String> = "AliasArn",
        /// Absent for AWS managed aliases whose key does not exist yet.
        #[serde(skip_serializing_if = "Option::is_none")]
        target_key_id: Option<String> = "TargetKeyId",
        #[serde(skip_serializing_if = "Option::is_none")]
        creation_date: Option<Timestamp> = "CreationDate",
        #[serde(skip_serializing_if = "Option::is_none")]
        last_updated_date: Option<Timestamp> = "LastUpdatedDate",
    }
}

shape! {
    /// One rotation or key material of a key (`RotationsListEntry`).
    #[expect(
        missing_docs,
        reason = "each field is the model member of the same name (ops/tests.rs compares them)"
    )]
    RotationsListEntry = "RotationsListEntry" (read) {
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String> = "KeyId",
        #[serde(skip_serializing_if = "Option::is_none")]
        key_material_id: Option<String> = "KeyMaterialId",
        #[serde(skip_serializing_if = "Option::is_none")]
        key_material_description: Option<String> = "KeyMaterialDescription",
        #[serde(skip_serializing_if = "Option::is_none")]
        import_state: Option<ImportState> = "ImportState",
        #[serde(skip_serializing_if = "Option::is_none")]
        key_material_state: Option<KeyMaterialState> = "KeyMaterialState",
        #[serde(skip_serializing_if = "Option::is_none")]
        expiration_model: Option<ExpirationModel> = "ExpirationModel",
        #[serde(skip_serializing_if = "Option::is_none")]
        valid_to: Option<Timestamp> = "ValidTo",
        #[serde(skip_serializing_if = "Option::is_none")]
        rotation_date: Option<Timestamp> = "RotationDate",
        #[serde(skip_serializing_if = "Option::is_none")]
        rotation_type: Option<RotationType> = "RotationType",
    }
}

// ---- operation inputs and outputs -------------------------------------------------------

shape! {
    /// Input of `RotateKeyOnDemand`.
    RotateKeyOnDemandInput = "RotateKeyOnDemandRequest" (read, write) {
        /// Key ID or key ARN (not an alias).
        key_id: String = "KeyId",
    }
}

shape! {
    /// Output of `RotateKeyOnDemand`.
    RotateKeyOnDemandOutput = "RotateKeyOnDemandResponse" (read, write) {
        /// The key ID of the rotated key.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String> = "KeyId",
    }
}

shape! {
    /// Input of `GetKeyRotationStatus`.
    GetKeyRotationStatusInput = "GetKeyRotationStatusRequest" (read, write) {
        /// Key ID or key ARN.
        key_id: String = "KeyId",
    }
}

shape! {
    /// Output of `GetKeyRotationStatus`.
    GetKeyRotationStatusOutput = "GetKeyRotationStatusResponse" (read) {
        /// Whether automatic rotation is on.
        key_rotation_enabled: bool = "KeyRotationEnabled",
        /// The key ID.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String> = "KeyId",
        /// Days between automatic rotations.
        #[serde(skip_serializing_if = "Option::is_none")]
        rotation_period_in_days: Option<u32> = "RotationPeriodInDays",
        /// When the next automatic rotation is due.
        #[serde(skip_serializing_if = "Option::is_none")]
        next_rotation_date: Option<Timestamp> = "NextRotationDate",
        /// Present only while an on-demand rotation is in progress.
        #[serde(skip_serializing_if = "Option::is_none")]
        on_demand_rotation_start_date: Option<Timestamp> = "OnDemandRotationStartDate",
    }
}

shape! {
    /// Input of `ListKeyRotations`.
    ListKeyRotationsInput = "ListKeyRotationsRequest" (read, write) {
        /// Key ID or key ARN.
        key_id: String = "KeyId",
        /// Rotations only, or every key material.
        #[serde(skip_serializing_if = "Option::is_none")]
        include_key_material: Option<IncludeKeyMaterial> = "IncludeKeyMaterial",
        /// Page size, 1–1000.
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<u32> = "Limit",
        /// Where the previous page ended.
        #[serde(skip_serializing_if = "Option::is_none")]
        marker: Option<String> = "Marker",
    }
}

shape! {
    /// Output of `ListKeyRotations`.
    ListKeyRotationsOutput = "ListKeyRotationsResponse" (read) {
        /// This page of rotations.
        rotations: Vec<RotationsListEntry> = "Rotations",
        /// Where the next page starts.
        #[serde(skip_serializing_if = "Option::is_none")]
        next_marker: Option<String> = "NextMarker",
        /// Whether more pages follow.
        truncated: bool = "Truncated",
    }
}

shape! {
    /// Input of `ListKeys`.
    ListKeysInput = "ListKeysRequest" (read, write) {
        /// Page size, 1–1000.
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<u32> = "Limit",
        /// Where the previous page ended.
        #[serde(skip_serializing_if = "Option::is_none")]
        marker: Option<String> = "Marker",
    }
}

shape! {
    /// Output of `ListKeys`.
    ListKeysOutput = "ListKeysResponse" (read) {
        /// This page of keys.
        keys: Vec<KeyListEntry> = "Keys",
        /// Where the next page starts.
        #[serde(skip_serializing_if = "Option::is_none")]
        next_marker: Option<String> = "NextMarker",
        /// Whether more pages follow.
        truncated: bool = "Truncated",
    }
}

shape! {
    /// Input of `DescribeKey`.
    DescribeKeyInput = "DescribeKeyRequest" (read, write) {
        /// Key ID, key ARN, alias name or alias ARN.
        key_id: String = "KeyId",
    }
}

shape! {
    /// Output of `DescribeKey`.
    DescribeKeyOutput = "DescribeKeyResponse" (read) {
        /// The key's metadata.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_metadata: Option<KeyMetadata> = "KeyMetadata",
    }
}

shape! {
    /// Input of `ListAliases`.
    ListAliasesInput = "ListAliasesRequest" (read, write) {
        /// Only the aliases of this key (key ID or key ARN).
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String> = "KeyId",
        /// Page size, 1–100.
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<u32> = "Limit",
        /// Where the previous page ended.
        #[serde(skip_serializing_if = "Option::is_none")]
        marker: Option<String> = "Marker",
    }
}

shape! {
    /// Output of `ListAliases`.
    ListAliasesOutput = "ListAliasesResponse" (read) {
        /// This page of aliases.
        aliases: Vec<AliasListEntry> = "Aliases",
        /// Where the next page starts.
        #[serde(skip_serializing_if = "Option::is_none")]
        next_marker: Option<String> = "NextMarker",
        /// Whether more pages follow.
        truncated: bool = "Truncated",
    }
}

shape! {
    /// Input of `EnableKeyRotation`.
    EnableKeyRotationInput = "EnableKeyRotationRequest" (read, write) {
        /// Key ID or key ARN.
        key_id: String = "KeyId",
        /// Days between automatic rotations, 90–2560 (KMS default 365).
        #[serde(skip_serializing_if = "Option::is_none")]
        rotation_period_in_days: Option<u32> = "RotationPeriodInDays",
    }
}

shape! {
    /// Input of `DisableKeyRotation`.
    DisableKeyRotationInput = "DisableKeyRotationRequest" (read, write) {
        /// Key ID or key ARN.
        key_id: String = "KeyId",
    }
}

/// The empty output of operations that return nothing (no shape of the model).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmptyOutput {}

impl FromJson for EmptyOutput {
    fn from_json(value: &serde_json::Value) -> Result<Self, ShapeError> {
        from_json::Members::of(value)?.finish(Self {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_values_survive_a_round_trip() {
        let state: KeyState = serde_json::from_str("\"Hibernating\"").unwrap();
        assert_eq!(state, KeyState::Unknown("Hibernating".into()));
        assert_eq!(serde_json::to_string(&state).unwrap(), "\"Hibernating\"");
        for known in KeySpec::KNOWN {
            assert_eq!(&KeySpec::from_wire(known.as_str()), known);
        }
    }

    #[test]
    fn rotation_entry_reads_every_model_member() {
        let json = r#"{"KeyId":"k","KeyMaterialId":"ab","KeyMaterialDescription":"d",
            "ImportState":"IMPORTED","KeyMaterialState":"NON_CURRENT",
            "ExpirationModel":"KEY_MATERIAL_EXPIRES","ValidTo":1.5,"RotationDate":2,
            "RotationType":"ON_DEMAND","Future":{"x":1}}"#;
        let entry: RotationsListEntry = serde_json::from_str(json).unwrap();
        assert_eq!(entry.rotation_type, Some(RotationType::OnDemand));
        assert_eq!(entry.valid_to, Some(Timestamp::from_epoch_millis(1500)));
        assert_eq!(entry.key_material_state, Some(KeyMaterialState::NonCurrent));
        assert_eq!(entry.import_state, Some(ImportState::Imported));
    }

    #[test]
    fn inputs_omit_absent_members() {
        let input = ListKeyRotationsInput {
            key_id: "k".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&input).unwrap(), r#"{"KeyId":"k"}"#);
    }
}
