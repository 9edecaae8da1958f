//! `CreateKey`: a new key of any spec, usage and origin; multi-Region keys get an `mrk-`
//! ID. Policies and tags are accepted and ignored.

use super::common::{metadata, to_value, Input, Problems};
use super::OpContext;
use crate::error::KmsError;
use crate::store::{Key, MultiRegion};
use kms_core::model::{ImportState, KeySpec, KeyState, KeyUsage, MultiRegionKeyType, Origin};
use serde_json::{json, Value};

const KEY_USAGES: &[&str] = &[
    "SIGN_VERIFY",
    "ENCRYPT_DECRYPT",
    "GENERATE_VERIFY_MAC",
    "KEY_AGREEMENT",
    "ENCAPSULATE_DECAPSULATE",
];
const ORIGINS: &[&str] = &["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"];

/// Whether `usage` is valid for `spec`.
fn compatible(spec: &KeySpec, usage: &KeyUsage) -> bool {
    use KeySpec as S;
    use KeyUsage as U;
    match spec {
        S::SymmetricDefault => *usage == U::EncryptDecrypt,
        S::Hmac224 | S::Hmac256 | S::Hmac384 | S::Hmac512 => *usage == U::GenerateVerifyMac,
        S::Rsa2048 | S::Rsa3072 | S::Rsa4096 => {
            matches!(usage, U::EncryptDecrypt | U::SignVerify)
        }
        S::EccNistP256 | S::EccNistP384 | S::EccNistP521 => {
            matches!(usage, U::SignVerify | U::KeyAgreement)
        }
        S::Sm2 => matches!(usage, U::EncryptDecrypt | U::SignVerify | U::KeyAgreement),
        S::MlKem512 | S::MlKem768 | S::MlKem1024 => *usage == U::EncapsulateDecapsulate,
        _ => *usage == U::SignVerify,
    }
}

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let spec = input.string("KeySpec")?;
    let legacy_spec = input.string("CustomerMasterKeySpec")?;
    let usage = input.string("KeyUsage")?;
    let origin = input.string("Origin")?;
    let description = input.string("Description")?;
    let multi_region = input.bool("MultiRegion")?.unwrap_or(false);
    let custom_key_store_id = input.string("CustomKeyStoreId")?;
    let xks_key_id = input.string("XksKeyId")?;
    let specs: Vec<&str> = KeySpec::KNOWN.iter().map(KeySpec::as_str).collect();
    let mut problems = Problems::default();
    problems.one_of("keySpec", spec.as_deref(), &specs);
    problems.one_of("customerMasterKeySpec", legacy_spec.as_deref(), &specs);
    problems.one_of("keyUsage", usage.as_deref(), KEY_USAGES);
    problems.one_of("origin", origin.as_deref(), ORIGINS);
    problems.length("description", description.as_deref(), 0, 8192);
    problems.length("customKeyStoreId", custom_key_store_id.as_deref(), 1, 64);
    problems.finish()?;

    if spec.is_some() && legacy_spec.is_some() {
        return Err(KmsError::service(
            "ValidationException",
            "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated. Use KeySpec parameter instead.",
        ));
    }
    let spec = KeySpec::from_wire(
        spec.or(legacy_spec)
            .as_deref()
            .unwrap_or("SYMMETRIC_DEFAULT"),
    );
    let usage = match usage {
        Some(u) => KeyUsage::from_wire(&u),
        None if spec == KeySpec::SymmetricDefault => KeyUsage::EncryptDecrypt,
        None if spec.is_hmac() => KeyUsage::GenerateVerifyMac,
        None => {
            return Err(KmsError::service(
                "ValidationException",
                format!("You must specify a KeyUsage value for a {spec} key."),
            ))
        }
    };
    if !compatible(&spec, &usage) {
        return Err(KmsError::service(
            "ValidationException",
            format!("KeyUsage {usage} is not compatible with KeySpec {spec}."),
        ));
    }
    let origin = match (&origin, &custom_key_store_id, &xks_key_id) {
        (Some(o), _, _) => Origin::from_wire(o),
        (None, Some(_), Some(_)) => Origin::ExternalKeyStore,
        (None, Some(_), None) => Origin::AwsCloudHsm,
        (None, None, _) => Origin::AwsKms,
    };
    let in_custom_store = matches!(origin, Origin::AwsCloudHsm | Origin::ExternalKeyStore);
    if in_custom_store && custom_key_store_id.is_none() {
        return Err(KmsError::service(
            "ValidationException",
            format!("A CustomKeyStoreId is required when Origin is {origin}."),
        ));
    }
    if in_custom_store && (spec != KeySpec::SymmetricDefault || multi_region) {
        return Err(KmsError::service(
            "UnsupportedOperationException",
            "Custom key stores support only single-Region symmetric encryption keys.",
        ));
    }

    let now = ctx.now;
    let account = ctx.caller.account_id.clone();
    let region = ctx.caller.region.clone();
    let uuid = uuid::Uuid::new_v4();
    let key_id = if multi_region {
        format!("mrk-{}", uuid.simple())
    } else {
        uuid.to_string()
    };
    let mut key = Key::new_symmetric(key_id.clone(), &account, &region, now);
    key.spec = spec;
    key.usage = usage;
    key.origin = origin.clone();
    key.description = description.unwrap_or_default();
    if in_custom_store {
        key.cloud_hsm_cluster_id = (origin == Origin::AwsCloudHsm)
            .then(|| format!("cluster-{}", &uuid.simple().to_string()[..11]));
        key.custom_key_store_id = custom_key_store_id;
        key.xks_key_id = xks_key_id;
    }
    if origin == Origin::External {
        key.state = KeyState::PendingImport;
        if let Some(m) = key.materials.first_mut() {
            m.import_state = Some(ImportState::PendingImport);
        }
        key.materials.clear();
    }
    if multi_region {
        key.multi_region = Some(MultiRegion {
            role: MultiRegionKeyType::Primary,
            primary_region: region.clone(),
            replica_regions: Vec::new(),
        });
    }
    let out = metadata(&key);
    ctx.store.insert_key(key);
    ctx.resolved_key_id = Some(key_id);
    Ok(json!({ "KeyMetadata": to_value(&out)? }))
}
