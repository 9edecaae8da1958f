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

// ---- tags -----------------------------------------------------------------------------------

/// User-created tags a key may have: "Each resource can have up to 50 user-created tags"
/// (<https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html>).
pub const MAX_TAGS_PER_KEY: usize = 50;
/// Bounds of a tag key's length (`TagKeyType` of the service model, in characters).
pub const TAG_KEY_LENGTH: (usize, usize) = (1, 128);
/// Bounds of a tag value's length (`TagValueType`: a value may be empty).
pub const TAG_VALUE_LENGTH: (usize, usize) = (0, 256);
/// The reserved prefix of tag keys, in any case: "The reserved prefix is aws:. AWS
/// generated tag names and values are automatically assigned the aws: prefix, which you
/// can't assign"
/// (<https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/allocation-tag-restrictions.html>,
/// the page the service model's `Tag` shape points to for "the rules that apply to tag
/// keys and tag values").
pub const RESERVED_TAG_PREFIX: &str = "aws:";

fn tag_exception(message: impl Into<String>) -> KmsError {
    KmsError::service("TagException", message)
}

/// Whether `text` starts with `aws:` in any case.
pub(crate) fn is_reserved_tag_text(text: &str) -> bool {
    text.get(..RESERVED_TAG_PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(RESERVED_TAG_PREFIX))
}

/// Whether every character of `text` is one tags allow: "Allowed characters are Unicode
/// letters, whitespace, and numbers, plus the following special characters: + - = . _ : /"
/// (<https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/allocation-tag-restrictions.html>),
/// and `@`, which AWS's newer lists of the same rules add ("letters, numbers, spaces
/// representable in UTF-8, and the following characters: + - = . _ : / @",
/// <https://docs.aws.amazon.com/general/latest/gr/aws_tagging.html>).
pub(crate) fn is_tag_text(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || "+-=._:/@".contains(c))
}

/// The checks of one tag key and value beyond the model's lengths (which are
/// `ValidationException`s): the reserved prefix of the key and the allowed characters,
/// each a `TagException` ("The request was rejected because one or more tags are not
/// valid", the service model's `TagException`).
pub(crate) fn check_tag(tag_key: &str, tag_value: Option<&str>) -> Result<(), KmsError> {
    if is_reserved_tag_text(tag_key) {
        return Err(tag_exception(format!(
            "Tag key '{tag_key}' begins with aws:, a prefix reserved for AWS use."
        )));
    }
    if !is_tag_text(tag_key) {
        return Err(tag_exception(format!(
            "Tag key '{tag_key}' has characters tags do not allow: use letters, numbers, white space and + - = . _ : / @."
        )));
    }
    if let Some(value) = tag_value.filter(|v| !is_tag_text(v)) {
        return Err(tag_exception(format!(
            "Tag value '{value}' of tag key '{tag_key}' has characters tags do not allow: use letters, numbers, white space and + - = . _ : / @."
        )));
    }
    Ok(())
}

/// Whether a key's tags may change: "tag or untag existing KMS keys unless they are
/// pending deletion. You cannot tag aliases, custom key stores, AWS managed keys, AWS
/// owned keys, or KMS keys in other AWS accounts"
/// (<https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html>). Pending
/// deletion is `KMSInvalidStateException: <key ARN> is pending deletion.` (the
/// `TagResource` and `UntagResource` rows of
/// <https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html>). An AWS managed
/// key's key policy allows no `kms:TagResource` or `kms:UntagResource`, so the caller is
/// denied access, as for other changes kms-local refuses on AWS managed keys.
pub(crate) fn require_taggable(key: &Key, operation: &str) -> Result<(), KmsError> {
    if matches!(
        key.state,
        KeyState::PendingDeletion | KeyState::PendingReplicaDeletion
    ) {
        return Err(KmsError::service(
            "KMSInvalidStateException",
            format!("{} is pending deletion.", key.arn()),
        ));
    }
    if key.manager == KeyManager::Aws {
        return Err(KmsError::service(
            "AccessDeniedException",
            format!(
                "{} is an AWS managed key; its key policy does not allow kms:{operation}.",
                key.arn()
            ),
        ));
    }
    Ok(())
}

/// Refuses a key that would have more than [`MAX_TAGS_PER_KEY`] tags, with the error the
/// service model gives `TagResource` for "a length constraint or quota was exceeded".
pub(crate) fn check_tag_count(key: &Key, count: usize) -> Result<(), KmsError> {
    if count > MAX_TAGS_PER_KEY {
        return Err(KmsError::service(
            "LimitExceededException",
            format!(
                "{} would have {count} tags; a KMS key can have at most {MAX_TAGS_PER_KEY} tags.",
                key.arn()
            ),
        ));
    }
    Ok(())
}

// ---- last use -------------------------------------------------------------------------------

/// The operations `GetKeyLastUsage` tracks (`KeyLastUsageTrackingOperation` of the service
/// model: the successful cryptographic operations,
/// <https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyLastUsage.html>), each
/// with the key usage it needs (from each operation's page of the API reference: `Sign`
/// needs `SIGN_VERIFY`, `GenerateMac` `GENERATE_VERIFY_MAC`, and so on). kms-local serves
/// none of them; seeds record their use.
pub const TRACKED_OPERATIONS: &[(&str, KeyUsage)] = &[
    ("Decrypt", KeyUsage::EncryptDecrypt),
    ("DeriveSharedSecret", KeyUsage::KeyAgreement),
    ("Encrypt", KeyUsage::EncryptDecrypt),
    ("GenerateDataKey", KeyUsage::EncryptDecrypt),
    ("GenerateDataKeyPair", KeyUsage::EncryptDecrypt),
    (
        "GenerateDataKeyPairWithoutPlaintext",
        KeyUsage::EncryptDecrypt,
    ),
    ("GenerateDataKeyWithoutPlaintext", KeyUsage::EncryptDecrypt),
    ("GenerateMac", KeyUsage::GenerateVerifyMac),
    ("ReEncrypt", KeyUsage::EncryptDecrypt),
    ("Sign", KeyUsage::SignVerify),
    ("Verify", KeyUsage::SignVerify),
    ("VerifyMac", KeyUsage::GenerateVerifyMac),
    ("Encapsulate", KeyUsage::EncapsulateDecapsulate),
    ("Decapsulate", KeyUsage::EncapsulateDecapsulate),
];

/// Whether `operation` is tracked and can use `key`: the data-key operations need a
/// symmetric encryption key (`GenerateDataKey*`: "the KMS key must be a symmetric
/// encryption KMS key", <https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html>).
pub(crate) fn can_have_used(key: &Key, operation: &str) -> bool {
    TRACKED_OPERATIONS.iter().any(|(op, usage)| {
        *op == operation
            && *usage == key.usage
            && (!op.starts_with("GenerateDataKey") || key.spec == KeySpec::SymmetricDefault)
    })
}
