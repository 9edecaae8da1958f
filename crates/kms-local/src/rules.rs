//! The rotation rules of AWS KMS, as kms-local enforces them.
//!
//! `RotateKeyOnDemand` is checked in this order: key state (disabled, pending deletion,
//! pending import), key type (asymmetric, HMAC, AWS managed, custom key store,
//! multi-Region replica, EXTERNAL without material pending rotation), an on-demand
//! rotation already in progress, the limit of 25 on-demand rotations per key, and an
//! automatic rotation running or starting within 20 minutes.

use crate::error::KmsError;
use crate::store::Key;
pub use crate::store::{AUTOMATIC_ROTATION_MILLIS, DEFAULT_ROTATION_PERIOD_DAYS};
use kms_core::model::{KeyManager, KeyMaterialState, KeySpec, KeyState, KeyUsage, Origin};
use kms_core::time::Timestamp;

/// On-demand rotations allowed per key, ever.
pub const MAX_ON_DEMAND_ROTATIONS: usize = 25;
/// An automatic rotation starting within this window blocks on-demand rotation.
pub const CONFLICT_WINDOW_MILLIS: i64 = 20 * 60 * 1000;
/// Bounds of `RotationPeriodInDays`.
pub const ROTATION_PERIOD_RANGE: (u32, u32) = (90, 2560);
/// Bounds of `PendingWindowInDays`.
pub const PENDING_WINDOW_RANGE: (u32, u32) = (7, 30);

/// Key states that block every operation but reads: pending deletion and import.
pub(crate) fn require_usable(key: &Key) -> Result<(), KmsError> {
    let arn = key.arn();
    match key.state {
        KeyState::PendingDeletion | KeyState::PendingReplicaDeletion => Err(KmsError::service(
            "KMSInvalidStateException",
            format!("{arn} is pending deletion."),
        )),
        KeyState::PendingImport => Err(KmsError::service(
            "KMSInvalidStateException",
            format!("{arn} is pending import."),
        )),
        KeyState::Creating | KeyState::Updating | KeyState::Unavailable => Err(KmsError::service(
            "KMSInvalidStateException",
            format!("{arn} is {}.", key.state),
        )),
        _ => Ok(()),
    }
}

/// Also refuses disabled keys, with `DisabledException`.
pub(crate) fn require_enabled(key: &Key) -> Result<(), KmsError> {
    require_usable(key)?;
    if key.state == KeyState::Disabled {
        return Err(KmsError::service(
            "DisabledException",
            format!("{} is disabled.", key.arn()),
        ));
    }
    Ok(())
}

/// Whether the key is a symmetric encryption key (the only kind that rotates).
pub(crate) fn is_symmetric_encryption(key: &Key) -> bool {
    key.spec == KeySpec::SymmetricDefault && key.usage == KeyUsage::EncryptDecrypt
}

fn unsupported(message: impl Into<String>) -> KmsError {
    KmsError::service("UnsupportedOperationException", message)
}

/// The key-type checks shared by the rotation operations.
fn require_rotatable_type(key: &Key, what: &str) -> Result<(), KmsError> {
    let arn = key.arn();
    if !is_symmetric_encryption(key) {
        return Err(unsupported(format!(
            "{arn} key spec is {} and key usage is {}, which is not valid for {what}. Only symmetric encryption keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) rotate.",
            key.spec, key.usage
        )));
    }
    if key.custom_key_store_id.is_some()
        || matches!(key.origin, Origin::AwsCloudHsm | Origin::ExternalKeyStore)
    {
        return Err(unsupported(format!(
            "{arn} origin is {} which is not valid for this operation.",
            key.origin
        )));
    }
    if key.manager == KeyManager::Aws {
        return Err(unsupported(format!(
            "{arn} is an AWS managed key. KMS rotates AWS managed keys every year; you cannot change or start their rotation."
        )));
    }
    if key.is_replica() {
        return Err(unsupported(format!(
            "{arn} is a multi-Region replica key. Perform this operation on the primary key."
        )));
    }
    Ok(())
}

/// Every check `RotateKeyOnDemand` makes, in AWS's order.
pub(crate) fn check_on_demand(key: &Key, now: Timestamp) -> Result<(), KmsError> {
    require_enabled(key)?;
    require_rotatable_type(key, "RotateKeyOnDemand")?;
    let arn = key.arn();
    if key.origin == Origin::External
        && !key
            .materials
            .iter()
            .any(|m| m.state == KeyMaterialState::PendingRotation)
    {
        return Err(KmsError::service(
            "KMSInvalidStateException",
            format!("{arn} has imported key material and no new key material in PENDING_ROTATION state. Import new key material before you rotate on demand."),
        ));
    }
    if key.on_demand.is_some() {
        return Err(KmsError::service(
            "ConflictException",
            format!("An on-demand rotation of {arn} is already in progress."),
        ));
    }
    if key.on_demand_count() >= MAX_ON_DEMAND_ROTATIONS {
        return Err(KmsError::service(
            "LimitExceededException",
            format!(
                "{arn} has reached the maximum of {MAX_ON_DEMAND_ROTATIONS} on-demand rotations."
            ),
        ));
    }
    if automatic_rotation_imminent(key, now) {
        return Err(KmsError::service(
            "ConflictException",
            format!("An automatic rotation of {arn} is in progress or scheduled to begin within the next 20 minutes."),
        ));
    }
    Ok(())
}

/// Whether an automatic rotation runs now or starts within the conflict window.
pub(crate) fn automatic_rotation_imminent(key: &Key, now: Timestamp) -> bool {
    key.rotation_enabled
        && key
            .next_rotation
            .is_some_and(|next| next.millis_since(now) <= CONFLICT_WINDOW_MILLIS)
}

/// The checks of `EnableKeyRotation` and `DisableKeyRotation`.
pub(crate) fn check_rotation_config(key: &Key, what: &str) -> Result<(), KmsError> {
    require_enabled(key)?;
    require_rotatable_type(key, what)?;
    if key.origin == Origin::External {
        return Err(unsupported(format!(
            "{} origin is EXTERNAL which is not valid for this operation. Keys with imported key material do not rotate automatically.",
            key.arn()
        )));
    }
    Ok(())
}

/// The checks of `ListKeyRotations`: the key must support rotation at all.
pub(crate) fn check_list_rotations(key: &Key) -> Result<(), KmsError> {
    if !is_symmetric_encryption(key) {
        return Err(unsupported(format!(
            "{} key spec is {}, which does not support key rotation.",
            key.arn(),
            key.spec
        )));
    }
    if key.custom_key_store_id.is_some() {
        return Err(unsupported(format!(
            "{} is in a custom key store, which does not support key rotation.",
            key.arn()
        )));
    }
    Ok(())
}

// ---- imported key material ------------------------------------------------------------------

/// The key-state table of
/// <https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html>, rows
/// `GetParametersForImport`, `ImportKeyMaterial` and `DeleteImportedKeyMaterial`: keys that
/// cannot have imported key material get `UnsupportedOperationException` (so do keys in a
/// custom key store: "you can't import key material into a KMS key in a custom key store",
/// <https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html>).
///
/// kms-local imports into symmetric encryption keys only (asymmetric and HMAC material
/// would need private-key parsing it does not do); it says so rather than pretend.
pub(crate) fn require_import_origin(key: &Key) -> Result<(), KmsError> {
    let arn = key.arn();
    if key.custom_key_store_id.is_some() || key.origin != Origin::External {
        return Err(unsupported(format!(
            "{arn} origin is {} which is not valid for this operation.",
            key.origin
        )));
    }
    if !is_symmetric_encryption(key) {
        return Err(unsupported(format!(
            "{arn} key spec is {}: kms-local imports key material into symmetric encryption keys only.",
            key.spec
        )));
    }
    Ok(())
}

/// The states in which `GetParametersForImport` and `ImportKeyMaterial` work: `Enabled`,
/// `Disabled` and `PendingImport`; a key pending deletion gets `KMSInvalidStateException`
/// (<https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html>).
pub(crate) fn require_importable_state(key: &Key) -> Result<(), KmsError> {
    match key.state {
        KeyState::Enabled | KeyState::Disabled | KeyState::PendingImport => Ok(()),
        _ => require_usable(key),
    }
}

/// The states in which `DeleteImportedKeyMaterial` works: also `PendingDeletion` ("When
/// the specified KMS key is in the PendingDeletion state, this operation does not change
/// the KMS key's state",
/// <https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html>).
pub(crate) fn require_deletable_state(key: &Key) -> Result<(), KmsError> {
    match key.state {
        KeyState::Enabled
        | KeyState::Disabled
        | KeyState::PendingImport
        | KeyState::PendingDeletion => Ok(()),
        _ => require_usable(key),
    }
}
