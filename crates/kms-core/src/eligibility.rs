//! Whether a key can be rotated on demand now, and every reason why not.
//!
//! [`check`] applies the documented rules of `RotateKeyOnDemand` to what `DescribeKey`,
//! `GetKeyRotationStatus` and `ListKeyRotations` said, at a time the caller passes in.
//! It lists every reason that applies, not just the first, so that a user can fix them
//! all at once. The remaining count of on-demand rotations (25 per key, ever) can only be
//! derived from the history, so it is unknown without one.
//!
//! ```
//! use kms_core::eligibility::{check, Ineligibility};
//! use kms_core::model::{KeyMetadata, KeyState, RotationType, RotationsListEntry};
//! use kms_core::time::Timestamp;
//!
//! let mut key = KeyMetadata::new("1234abcd-12ab-34cd-56ef-1234567890ab");
//! key.key_state = Some(KeyState::Disabled);
//! let mut rotation = RotationsListEntry::default();
//! rotation.rotation_type = Some(RotationType::OnDemand);
//! let history = vec![rotation];
//! let now = Timestamp::from_epoch_seconds(1_714_564_800);
//! let eligibility = check(&key, None, Some(&history), now);
//! assert!(!eligibility.is_eligible());
//! assert_eq!(eligibility.reasons, vec![Ineligibility::Disabled]);
//! assert_eq!(eligibility.reasons[0].to_string(), "the key is disabled; enable the key first");
//! assert_eq!(eligibility.on_demand_remaining, Some(24));
//! ```

use crate::credentials::format_timestamp;
use crate::key_id::KeyIdentifier;
use crate::model::{
    GetKeyRotationStatusOutput, KeyManager, KeyMaterialState, KeyMetadata, KeySpec, KeyState,
    KeyUsage, MultiRegionKeyType, Origin, RotationType, RotationsListEntry,
};
use crate::time::Timestamp;
use std::fmt;

/// On-demand rotations KMS allows per key, over its lifetime. Not adjustable.
pub const MAX_ON_DEMAND_ROTATIONS: u32 = 25;

/// How long before an automatic rotation KMS refuses on-demand rotations
/// (`ConflictException`): 20 minutes.
pub const AUTOMATIC_ROTATION_CONFLICT_WINDOW_MILLIS: i64 = 20 * 60 * 1000;

/// The answer of [`check`]: the reasons a key cannot be rotated on demand now (none when
/// it can) and how many of its on-demand rotations are used and left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eligibility {
    /// Every reason that applies, in the order a user would fix them.
    pub reasons: Vec<Ineligibility>,
    /// `ON_DEMAND` rotations in the history; `None` without a history.
    pub on_demand_used: Option<u32>,
    /// `MAX_ON_DEMAND_ROTATIONS` minus the used ones; `None` without a history.
    pub on_demand_remaining: Option<u32>,
}

impl Eligibility {
    /// Whether nothing stands in the way of `RotateKeyOnDemand`.
    pub fn is_eligible(&self) -> bool {
        self.reasons.is_empty()
    }

    /// Whether every reason goes away by itself, so that trying again later may work.
    pub fn is_only_transient(&self) -> bool {
        !self.reasons.is_empty() && self.reasons.iter().all(Ineligibility::is_transient)
    }
}

/// `eligible, 23 of 25 on-demand rotations left` or `not eligible: ...; ...`.
impl fmt::Display for Eligibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_eligible() {
            f.write_str("eligible")?;
        } else {
            f.write_str("not eligible: ")?;
            for (index, reason) in self.reasons.iter().enumerate() {
                if index > 0 {
                    f.write_str("; ")?;
                }
                reason.fmt(f)?;
            }
        }
        if let Some(remaining) = self.on_demand_remaining {
            write!(
                f,
                "; {remaining} of {MAX_ON_DEMAND_ROTATIONS} on-demand rotations left"
            )?;
        }
        Ok(())
    }
}

/// The kind of custom key store a key lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CustomKeyStoreType {
    /// An AWS CloudHSM key store (`Origin` `AWS_CLOUDHSM`).
    CloudHsm,
    /// An external key store (`Origin` `EXTERNAL_KEY_STORE`).
    External,
    /// A custom key store of a kind this version does not recognize.
    Unknown,
}

/// One reason a key cannot be rotated on demand now.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ineligibility {
    /// Not a symmetric encryption key: an asymmetric, HMAC or other key spec.
    NotSymmetric {
        /// The key spec.
        key_spec: KeySpec,
    },
    /// A key usage other than `ENCRYPT_DECRYPT`.
    NotEncryptDecrypt {
        /// The key usage.
        key_usage: KeyUsage,
    },
    /// An AWS managed key: AWS rotates it every year.
    AwsManaged,
    /// A key in a custom key store.
    CustomKeyStore {
        /// CloudHSM or external.
        store_type: CustomKeyStoreType,
        /// The custom key store ID, if known.
        custom_key_store_id: Option<String>,
    },
    /// A multi-Region replica: only the primary can be rotated.
    MultiRegionReplica {
        /// The Region of the primary key, if known.
        primary_region: Option<String>,
    },
    /// The key is disabled.
    Disabled,
    /// The key is scheduled for deletion.
    PendingDeletion {
        /// When it will be deleted, if known.
        deletion_date: Option<Timestamp>,
    },
    /// The key is in another state than `Enabled` (not `Disabled`, not `PendingDeletion`).
    NotEnabled {
        /// The state.
        state: KeyState,
    },
    /// Imported key material (`Origin` `EXTERNAL`), and no new material is imported and
    /// waiting in `PENDING_ROTATION`.
    NewKeyMaterialNotImported,
    /// Imported key material of a multi-Region key: the new material waits to be
    /// imported into every replica (`PENDING_MULTI_REGION_IMPORT_AND_ROTATION`).
    NewKeyMaterialNotInAllRegions,
    /// Imported key material, and the states of its key materials are unknown: the
    /// history is missing or was listed without `IncludeKeyMaterial=ALL_KEY_MATERIAL`.
    KeyMaterialStateUnknown,
    /// All on-demand rotations are used.
    LimitReached {
        /// How many were used.
        used: u32,
    },
    /// An on-demand rotation is in progress.
    RotationInProgress {
        /// When it started.
        since: Timestamp,
    },
    /// An automatic rotation is due within 20 minutes (or overdue, thus probably
    /// running); KMS answers `ConflictException` until it is done.
    AutomaticRotationDue {
        /// When it is due.
        at: Timestamp,
        /// Milliseconds from the time of the check until then (negative when overdue).
        in_millis: i64,
    },
}

impl Ineligibility {
    /// A stable name for programs (the JS API, tests): `NotSymmetric`, `Disabled`, ...
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotSymmetric { .. } => "NotSymmetric",
            Self::NotEncryptDecrypt { .. } => "NotEncryptDecrypt",
            Self::AwsManaged => "AwsManaged",
            Self::CustomKeyStore { .. } => "CustomKeyStore",
            Self::MultiRegionReplica { .. } => "MultiRegionReplica",
            Self::Disabled => "Disabled",
            Self::PendingDeletion { .. } => "PendingDeletion",
            Self::NotEnabled { .. } => "NotEnabled",
            Self::NewKeyMaterialNotImported => "NewKeyMaterialNotImported",
            Self::NewKeyMaterialNotInAllRegions => "NewKeyMaterialNotInAllRegions",
            Self::KeyMaterialStateUnknown => "KeyMaterialStateUnknown",
            Self::LimitReached { .. } => "LimitReached",
            Self::RotationInProgress { .. } => "RotationInProgress",
            Self::AutomaticRotationDue { .. } => "AutomaticRotationDue",
        }
    }

    /// Whether this goes away by itself: a rotation finishing, a key being created or
    /// updated. The others need someone to act.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::RotationInProgress { .. } | Self::AutomaticRotationDue { .. } => true,
            Self::NotEnabled { state } => matches!(state, KeyState::Creating | KeyState::Updating),
            _ => false,
        }
    }
}

impl fmt::Display for Ineligibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const ONLY_SYMMETRIC: &str =
            "only symmetric encryption keys (SYMMETRIC_DEFAULT) can be rotated on demand";
        match self {
            Self::NotSymmetric { key_spec } if key_spec.is_hmac() => {
                write!(f, "the key spec {key_spec} is for HMAC; {ONLY_SYMMETRIC}")
            }
            Self::NotSymmetric {
                key_spec: KeySpec::Unknown(name),
            } => write!(f, "the key spec {name} is not SYMMETRIC_DEFAULT; {ONLY_SYMMETRIC}"),
            Self::NotSymmetric { key_spec } => {
                write!(f, "the key spec {key_spec} is asymmetric; {ONLY_SYMMETRIC}")
            }
            Self::NotEncryptDecrypt { key_usage } => write!(
                f,
                "the key usage is {key_usage}; only ENCRYPT_DECRYPT keys can be rotated on demand"
            ),
            Self::AwsManaged => f.write_str(
                "this is an AWS managed key: AWS rotates AWS managed keys every year; they cannot be rotated on demand",
            ),
            Self::CustomKeyStore {
                store_type,
                custom_key_store_id,
            } => {
                let store = match store_type {
                    CustomKeyStoreType::CloudHsm => "an AWS CloudHSM key store",
                    CustomKeyStoreType::External => "an external key store",
                    CustomKeyStoreType::Unknown => "a custom key store",
                };
                write!(f, "the key is in {store}")?;
                if let Some(id) = custom_key_store_id {
                    write!(f, " ({id})")?;
                }
                f.write_str("; keys in custom key stores cannot be rotated on demand")
            }
            Self::MultiRegionReplica {
                primary_region: Some(region),
            } => write!(
                f,
                "this is a multi-Region replica key; rotate the primary in {region}"
            ),
            Self::MultiRegionReplica {
                primary_region: None,
            } => f.write_str("this is a multi-Region replica key; rotate its primary key instead"),
            Self::Disabled => f.write_str("the key is disabled; enable the key first"),
            Self::PendingDeletion {
                deletion_date: Some(date),
            } => write!(
                f,
                "the key is pending deletion, scheduled for {}; cancel the deletion first",
                format_timestamp(*date)
            ),
            Self::PendingDeletion {
                deletion_date: None,
            } => f.write_str("the key is pending deletion; cancel the deletion first"),
            Self::NotEnabled {
                state: KeyState::PendingImport,
            } => f.write_str(
                "the key is PendingImport: it has no key material yet; import key material first",
            ),
            Self::NotEnabled {
                state: state @ (KeyState::Creating | KeyState::Updating),
            } => write!(
                f,
                "the key is {state}, not Enabled; wait until it is Enabled and try again"
            ),
            Self::NotEnabled { state } => write!(
                f,
                "the key is {state}, not Enabled; only Enabled keys can be rotated on demand"
            ),
            Self::NewKeyMaterialNotImported => f.write_str(
                "the key uses imported key material and no new key material is waiting in PENDING_ROTATION; import new key material (ImportKeyMaterial with ImportType NEW_KEY_MATERIAL) first",
            ),
            Self::NewKeyMaterialNotInAllRegions => f.write_str(
                "the new imported key material is in PENDING_MULTI_REGION_IMPORT_AND_ROTATION; import it into every replica Region first",
            ),
            Self::KeyMaterialStateUnknown => f.write_str(
                "the key uses imported key material, and whether new material is imported in PENDING_ROTATION is unknown; list its rotations with IncludeKeyMaterial ALL_KEY_MATERIAL to find out",
            ),
            Self::LimitReached { used } => write!(
                f,
                "all {MAX_ON_DEMAND_ROTATIONS} on-demand rotations of this key are used ({used} in its history); KMS allows no more, and the limit cannot be raised"
            ),
            Self::RotationInProgress { since } => write!(
                f,
                "an on-demand rotation is in progress since {}; wait for it to finish",
                format_timestamp(*since)
            ),
            Self::AutomaticRotationDue { at, in_millis } if *in_millis > 0 => write!(
                f,
                "an automatic rotation is due at {} (in {} min); KMS refuses on-demand rotations from 20 minutes before it until it is done, so try again after it",
                format_timestamp(*at),
                in_millis.div_euclid(60_000) + i64::from(in_millis.rem_euclid(60_000) > 0)
            ),
            Self::AutomaticRotationDue { at, .. } => write!(
                f,
                "an automatic rotation was due at {} and may still be running; try again when it is done",
                format_timestamp(*at)
            ),
        }
    }
}

/// Whether KMS keeps rotation settings and a rotation history for the key `metadata`
/// describes: symmetric encryption keys outside custom key stores, AWS managed ones too.
/// For other keys `GetKeyRotationStatus` and `ListKeyRotations` have nothing to say.
pub fn has_rotation_state(metadata: &KeyMetadata) -> bool {
    metadata.effective_key_spec() == Some(&KeySpec::SymmetricDefault)
        && metadata
            .key_usage
            .as_ref()
            .is_none_or(|usage| *usage == KeyUsage::EncryptDecrypt)
        && metadata.custom_key_store_id.is_none()
}

/// Why the on-demand rotation count means nothing for this key (it can never be
/// rotated on demand), in words for a user; `None` when it applies.
pub fn on_demand_not_applicable(metadata: &KeyMetadata) -> Option<&'static str> {
    if metadata.key_manager == Some(KeyManager::Aws) {
        return Some(
            "AWS managed keys are rotated by AWS, every year; they cannot be rotated on demand",
        );
    }
    if metadata.custom_key_store_id.is_some() {
        return Some("keys in a custom key store cannot be rotated on demand");
    }
    (!has_rotation_state(metadata)).then_some(
        "only symmetric encryption keys can be rotated on demand; asymmetric and HMAC keys cannot",
    )
}

/// How far ahead imported key material's expiry is flagged, in days.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// When the key's imported key material expires, if that is within
/// [`EXPIRY_WARNING_DAYS`] of `now` (or past): KMS then deletes it and the key is
/// unusable until the same material is imported again.
pub fn material_expiring(metadata: &KeyMetadata, now: Timestamp) -> Option<Timestamp> {
    metadata
        .valid_to
        .filter(|_| metadata.origin == Some(Origin::External))
        .filter(|expires| expires.millis_since(now) < EXPIRY_WARNING_DAYS * 86_400_000)
}

/// Why KMS does not accept automatic-rotation settings for this key
/// (`EnableKeyRotation`/`DisableKeyRotation`), in words for a user; `None` when it
/// does.
pub fn automatic_rotation_not_editable(metadata: &KeyMetadata) -> Option<&'static str> {
    if metadata.key_manager == Some(KeyManager::Aws) {
        return Some("AWS rotates AWS managed keys every year; nobody can change that");
    }
    if metadata.origin == Some(Origin::External) {
        return Some("automatic rotation does not apply to keys with imported key material; import new material and rotate on demand instead");
    }
    on_demand_not_applicable(metadata).map(|_| {
        "automatic rotation applies only to symmetric encryption keys outside custom key stores"
    })
}

/// Whether [`check`] wants the key's rotation status and history before deciding: for
/// customer managed keys with [`has_rotation_state`]. For the others the metadata alone
/// decides (they can never be rotated on demand).
pub fn has_rotation_history(metadata: &KeyMetadata) -> bool {
    metadata.key_manager == Some(KeyManager::Customer) && has_rotation_state(metadata)
}

/// Decides whether the key `metadata` describes can be rotated on demand at `now`.
///
/// `status` is `GetKeyRotationStatus`; `history` is every page of `ListKeyRotations`,
/// listed with `IncludeKeyMaterial=ALL_KEY_MATERIAL` (needed to judge keys with imported
/// key material; rotations are counted either way). Either may be `None` when unknown:
/// the rules that need it are then skipped, or reported as unknown.
pub fn check(
    metadata: &KeyMetadata,
    status: Option<&GetKeyRotationStatusOutput>,
    history: Option<&[RotationsListEntry]>,
    now: Timestamp,
) -> Eligibility {
    let mut reasons = Vec::new();

    if let Some(key_spec) = metadata.effective_key_spec() {
        if *key_spec != KeySpec::SymmetricDefault {
            reasons.push(Ineligibility::NotSymmetric {
                key_spec: key_spec.clone(),
            });
        }
    }
    if let Some(key_usage) = &metadata.key_usage {
        if *key_usage != KeyUsage::EncryptDecrypt {
            reasons.push(Ineligibility::NotEncryptDecrypt {
                key_usage: key_usage.clone(),
            });
        }
    }
    if metadata.key_manager == Some(KeyManager::Aws) {
        reasons.push(Ineligibility::AwsManaged);
    }
    if let Some(store_type) = custom_key_store_type(metadata) {
        reasons.push(Ineligibility::CustomKeyStore {
            store_type,
            custom_key_store_id: metadata.custom_key_store_id.clone(),
        });
    }
    if metadata.multi_region_role() == Some(&MultiRegionKeyType::Replica) {
        reasons.push(Ineligibility::MultiRegionReplica {
            primary_region: primary_region(metadata),
        });
    }
    match &metadata.key_state {
        Some(KeyState::Enabled) => {}
        Some(KeyState::Disabled) => reasons.push(Ineligibility::Disabled),
        Some(KeyState::PendingDeletion) => reasons.push(Ineligibility::PendingDeletion {
            deletion_date: metadata.deletion_date,
        }),
        Some(state) => reasons.push(Ineligibility::NotEnabled {
            state: state.clone(),
        }),
        None if metadata.enabled == Some(false) => reasons.push(Ineligibility::Disabled),
        None => {}
    }
    if metadata.origin == Some(Origin::External) {
        if let Some(reason) = imported_material_reason(history) {
            reasons.push(reason);
        }
    }

    let on_demand_used = history.map(|entries| {
        let count = entries
            .iter()
            .filter(|entry| entry.rotation_type == Some(RotationType::OnDemand))
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    });
    if let Some(used) = on_demand_used {
        if used >= MAX_ON_DEMAND_ROTATIONS {
            reasons.push(Ineligibility::LimitReached { used });
        }
    }

    if let Some(status) = status {
        if let Some(since) = status.on_demand_rotation_start_date {
            reasons.push(Ineligibility::RotationInProgress { since });
        }
        if let Some(at) = status.next_rotation_date {
            let in_millis = at.millis_since(now);
            if in_millis <= AUTOMATIC_ROTATION_CONFLICT_WINDOW_MILLIS {
                reasons.push(Ineligibility::AutomaticRotationDue { at, in_millis });
            }
        }
    }

    Eligibility {
        reasons,
        on_demand_used,
        on_demand_remaining: on_demand_used
            .map(|used| MAX_ON_DEMAND_ROTATIONS.saturating_sub(used)),
    }
}

fn custom_key_store_type(metadata: &KeyMetadata) -> Option<CustomKeyStoreType> {
    match metadata.origin {
        Some(Origin::AwsCloudHsm) => Some(CustomKeyStoreType::CloudHsm),
        Some(Origin::ExternalKeyStore) => Some(CustomKeyStoreType::External),
        _ if metadata.cloud_hsm_cluster_id.is_some() => Some(CustomKeyStoreType::CloudHsm),
        _ if metadata.xks_key_configuration.is_some() => Some(CustomKeyStoreType::External),
        _ if metadata.custom_key_store_id.is_some() => Some(CustomKeyStoreType::Unknown),
        _ => None,
    }
}

/// The primary's Region: as given, else from the primary's ARN.
fn primary_region(metadata: &KeyMetadata) -> Option<String> {
    let primary = metadata
        .multi_region_configuration
        .as_ref()?
        .primary_key
        .as_ref()?;
    if let Some(region) = primary.region.as_ref().filter(|r| !r.is_empty()) {
        return Some(region.clone());
    }
    let arn = KeyIdentifier::parse(primary.arn.as_deref()?).ok()?;
    arn.region().map(str::to_owned)
}

/// For a key with imported key material: whether new material waits in
/// `PENDING_ROTATION`, judged from a history listed with `ALL_KEY_MATERIAL`.
fn imported_material_reason(history: Option<&[RotationsListEntry]>) -> Option<Ineligibility> {
    let Some(entries) = history else {
        return Some(Ineligibility::KeyMaterialStateUnknown);
    };
    let states: Vec<&KeyMaterialState> = entries
        .iter()
        .filter_map(|entry| entry.key_material_state.as_ref())
        .collect();
    // An ALL_KEY_MATERIAL listing gives every material of the key with its state; a
    // ROTATIONS_ONLY listing (or none) cannot show a pending one.
    if states.is_empty() {
        return Some(Ineligibility::KeyMaterialStateUnknown);
    }
    if states.contains(&&KeyMaterialState::PendingRotation) {
        None
    } else if states.contains(&&KeyMaterialState::PendingMultiRegionImportAndRotation) {
        Some(Ineligibility::NewKeyMaterialNotInAllRegions)
    } else {
        Some(Ineligibility::NewKeyMaterialNotImported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MultiRegionConfiguration, MultiRegionKey, XksKeyConfiguration};

    const NOW: Timestamp = Timestamp::from_epoch_seconds(1_714_564_800); // 2024-05-01T12:00:00Z
    const MINUTE: i64 = 60_000;

    fn rotatable() -> KeyMetadata {
        KeyMetadata {
            arn: Some(
                "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                    .into(),
            ),
            key_state: Some(KeyState::Enabled),
            enabled: Some(true),
            key_usage: Some(KeyUsage::EncryptDecrypt),
            key_spec: Some(KeySpec::SymmetricDefault),
            customer_master_key_spec: Some(KeySpec::SymmetricDefault),
            key_manager: Some(KeyManager::Customer),
            origin: Some(Origin::AwsKms),
            ..KeyMetadata::new("1234abcd-12ab-34cd-56ef-1234567890ab")
        }
    }

    fn rotation(rotation_type: RotationType) -> RotationsListEntry {
        RotationsListEntry {
            rotation_type: Some(rotation_type),
            rotation_date: Some(NOW.plus_millis(-86_400_000)),
            ..Default::default()
        }
    }

    fn material(state: KeyMaterialState) -> RotationsListEntry {
        RotationsListEntry {
            key_material_state: Some(state),
            ..Default::default()
        }
    }

    #[test]
    fn imported_material_expiring_within_30_days_is_flagged() {
        let day = 86_400_000;
        let mut key = rotatable();
        key.origin = Some(Origin::External);
        assert_eq!(material_expiring(&key, NOW), None, "no expiry");
        key.valid_to = Some(NOW.plus_millis(31 * day));
        assert_eq!(material_expiring(&key, NOW), None);
        key.valid_to = Some(NOW.plus_millis(29 * day));
        assert_eq!(material_expiring(&key, NOW), key.valid_to);
        key.valid_to = Some(NOW.plus_millis(-day));
        assert_eq!(material_expiring(&key, NOW), key.valid_to, "already past");
        key.origin = Some(Origin::AwsKms);
        assert_eq!(
            material_expiring(&key, NOW),
            None,
            "only imported material expires"
        );
    }

    fn status() -> GetKeyRotationStatusOutput {
        GetKeyRotationStatusOutput {
            key_rotation_enabled: true,
            next_rotation_date: Some(NOW.plus_millis(30 * 86_400_000)),
            ..Default::default()
        }
    }

    fn reasons(metadata: &KeyMetadata) -> Vec<Ineligibility> {
        check(metadata, Some(&status()), Some(&[]), NOW).reasons
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn counts_and_settings_apply_only_where_kms_accepts_them() {
        assert_eq!(on_demand_not_applicable(&rotatable()), None);
        assert_eq!(automatic_rotation_not_editable(&rotatable()), None);
        let aws_managed = KeyMetadata {
            key_manager: Some(KeyManager::Aws),
            ..rotatable()
        };
        assert!(on_demand_not_applicable(&aws_managed).is_some_and(|r| r.contains("AWS managed")));
        assert!(
            automatic_rotation_not_editable(&aws_managed).is_some_and(|r| r.contains("every year"))
        );
        let rsa = KeyMetadata {
            key_spec: Some(KeySpec::Rsa2048),
            customer_master_key_spec: Some(KeySpec::Rsa2048),
            key_usage: Some(KeyUsage::SignVerify),
            ..rotatable()
        };
        assert!(on_demand_not_applicable(&rsa).is_some_and(|r| r.contains("only symmetric")));
        assert!(automatic_rotation_not_editable(&rsa).is_some());
        let hsm = KeyMetadata {
            custom_key_store_id: Some("cks-1".into()),
            ..rotatable()
        };
        assert!(on_demand_not_applicable(&hsm).is_some_and(|r| r.contains("custom key store")));
        let imported = KeyMetadata {
            origin: Some(Origin::External),
            ..rotatable()
        };
        assert_eq!(on_demand_not_applicable(&imported), None);
        assert!(automatic_rotation_not_editable(&imported).is_some_and(|r| r.contains("imported")));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn which_keys_have_rotation_state_and_history() {
        let aws_managed = KeyMetadata {
            key_manager: Some(KeyManager::Aws),
            ..rotatable()
        };
        let asymmetric = KeyMetadata {
            key_spec: Some(KeySpec::Rsa2048),
            customer_master_key_spec: Some(KeySpec::Rsa2048),
            key_usage: Some(KeyUsage::SignVerify),
            ..rotatable()
        };
        let hmac = KeyMetadata {
            key_spec: Some(KeySpec::Hmac256),
            key_usage: Some(KeyUsage::GenerateVerifyMac),
            ..rotatable()
        };
        let custom_store = KeyMetadata {
            custom_key_store_id: Some("cks-1234567890abcdef0".into()),
            ..rotatable()
        };
        // (key, has rotation state, has a history check() wants)
        for (name, key, state, history) in [
            ("customer symmetric", rotatable(), true, true),
            ("AWS managed", aws_managed, true, false),
            ("asymmetric", asymmetric, false, false),
            ("HMAC", hmac, false, false),
            ("custom key store", custom_store, false, false),
        ] {
            assert_eq!(has_rotation_state(&key), state, "{name}");
            assert_eq!(has_rotation_history(&key), history, "{name}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_plain_customer_key_is_eligible() {
        let history = [
            rotation(RotationType::Automatic),
            rotation(RotationType::OnDemand),
        ];
        let eligibility = check(&rotatable(), Some(&status()), Some(&history), NOW);
        assert!(eligibility.is_eligible());
        assert!(!eligibility.is_only_transient());
        assert_eq!(eligibility.on_demand_used, Some(1));
        assert_eq!(eligibility.on_demand_remaining, Some(24));
        assert_eq!(
            eligibility.to_string(),
            "eligible; 24 of 25 on-demand rotations left"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn without_history_the_count_is_unknown() {
        let eligibility = check(&rotatable(), None, None, NOW);
        assert!(eligibility.is_eligible());
        assert_eq!(eligibility.on_demand_used, None);
        assert_eq!(eligibility.on_demand_remaining, None);
        assert_eq!(eligibility.to_string(), "eligible");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn key_specs_other_than_symmetric_default() {
        for (spec, message) in [
            (
                KeySpec::Rsa2048,
                "the key spec RSA_2048 is asymmetric; only symmetric encryption keys (SYMMETRIC_DEFAULT) can be rotated on demand",
            ),
            (
                KeySpec::Hmac256,
                "the key spec HMAC_256 is for HMAC; only symmetric encryption keys (SYMMETRIC_DEFAULT) can be rotated on demand",
            ),
            (
                KeySpec::Unknown("AES_512".into()),
                "the key spec AES_512 is not SYMMETRIC_DEFAULT; only symmetric encryption keys (SYMMETRIC_DEFAULT) can be rotated on demand",
            ),
        ] {
            let key = KeyMetadata {
                key_spec: Some(spec.clone()),
                ..rotatable()
            };
            let found = reasons(&key);
            assert_eq!(found, vec![Ineligibility::NotSymmetric { key_spec: spec }]);
            assert_eq!(found[0].to_string(), message);
        }
        // The deprecated CustomerMasterKeySpec counts when KeySpec is absent.
        let old = KeyMetadata {
            key_spec: None,
            customer_master_key_spec: Some(KeySpec::EccNistP256),
            ..rotatable()
        };
        assert_eq!(reasons(&old)[0].code(), "NotSymmetric");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn hmac_keys_name_both_spec_and_usage() {
        let key = KeyMetadata {
            key_spec: Some(KeySpec::Hmac512),
            key_usage: Some(KeyUsage::GenerateVerifyMac),
            ..rotatable()
        };
        let found = reasons(&key);
        assert_eq!(
            found.iter().map(Ineligibility::code).collect::<Vec<_>>(),
            ["NotSymmetric", "NotEncryptDecrypt"]
        );
        assert_eq!(
            found[1].to_string(),
            "the key usage is GENERATE_VERIFY_MAC; only ENCRYPT_DECRYPT keys can be rotated on demand"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn aws_managed_keys() {
        let key = KeyMetadata {
            key_manager: Some(KeyManager::Aws),
            ..rotatable()
        };
        let found = reasons(&key);
        assert_eq!(found, vec![Ineligibility::AwsManaged]);
        assert!(found[0]
            .to_string()
            .contains("AWS rotates AWS managed keys every year; they cannot be rotated on demand"));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn custom_key_stores() {
        let cloud_hsm = KeyMetadata {
            origin: Some(Origin::AwsCloudHsm),
            custom_key_store_id: Some("cks-1234567890abcdef0".into()),
            cloud_hsm_cluster_id: Some("cluster-1a23b4cdefg".into()),
            ..rotatable()
        };
        let found = reasons(&cloud_hsm);
        assert_eq!(
            found,
            vec![Ineligibility::CustomKeyStore {
                store_type: CustomKeyStoreType::CloudHsm,
                custom_key_store_id: Some("cks-1234567890abcdef0".into()),
            }]
        );
        assert_eq!(
            found[0].to_string(),
            "the key is in an AWS CloudHSM key store (cks-1234567890abcdef0); keys in custom key stores cannot be rotated on demand"
        );
        let external = KeyMetadata {
            origin: Some(Origin::ExternalKeyStore),
            xks_key_configuration: Some(XksKeyConfiguration::default()),
            ..rotatable()
        };
        assert_eq!(
            reasons(&external)[0].to_string(),
            "the key is in an external key store; keys in custom key stores cannot be rotated on demand"
        );
        let unknown = KeyMetadata {
            origin: Some(Origin::Unknown("QUANTUM_STORE".into())),
            custom_key_store_id: Some("cks-x".into()),
            ..rotatable()
        };
        assert!(matches!(
            reasons(&unknown)[0],
            Ineligibility::CustomKeyStore {
                store_type: CustomKeyStoreType::Unknown,
                ..
            }
        ));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn multi_region_replicas_point_at_the_primary() {
        let primary_arn =
            "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
        let replica = |primary: MultiRegionKey| KeyMetadata {
            multi_region: Some(true),
            multi_region_configuration: Some(MultiRegionConfiguration {
                multi_region_key_type: Some(MultiRegionKeyType::Replica),
                primary_key: Some(primary),
                replica_keys: vec![],
            }),
            ..rotatable()
        };
        let found = reasons(&replica(MultiRegionKey::new(primary_arn, "eu-west-1")));
        assert_eq!(
            found,
            vec![Ineligibility::MultiRegionReplica {
                primary_region: Some("eu-west-1".into())
            }]
        );
        assert_eq!(
            found[0].to_string(),
            "this is a multi-Region replica key; rotate the primary in eu-west-1"
        );
        let from_arn = MultiRegionKey {
            arn: Some(primary_arn.into()),
            region: None,
        };
        assert_eq!(
            reasons(&replica(from_arn)),
            vec![Ineligibility::MultiRegionReplica {
                primary_region: Some("eu-west-1".into())
            }]
        );
        let unknown = reasons(&replica(MultiRegionKey::default()));
        assert_eq!(
            unknown[0].to_string(),
            "this is a multi-Region replica key; rotate its primary key instead"
        );
        // The primary itself is fine.
        let primary = KeyMetadata {
            multi_region_configuration: Some(MultiRegionConfiguration {
                multi_region_key_type: Some(MultiRegionKeyType::Primary),
                ..Default::default()
            }),
            ..rotatable()
        };
        assert!(reasons(&primary).is_empty());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn key_states() {
        let disabled = KeyMetadata {
            key_state: Some(KeyState::Disabled),
            enabled: Some(false),
            ..rotatable()
        };
        assert_eq!(reasons(&disabled), vec![Ineligibility::Disabled]);
        assert_eq!(
            reasons(&disabled)[0].to_string(),
            "the key is disabled; enable the key first"
        );
        let disabled_without_state = KeyMetadata {
            key_state: None,
            enabled: Some(false),
            ..rotatable()
        };
        assert_eq!(
            reasons(&disabled_without_state),
            vec![Ineligibility::Disabled]
        );

        let deletion = Timestamp::from_epoch_seconds(1_715_169_600); // 2024-05-08T12:00:00Z
        let pending = KeyMetadata {
            key_state: Some(KeyState::PendingDeletion),
            deletion_date: Some(deletion),
            ..rotatable()
        };
        assert_eq!(
            reasons(&pending)[0].to_string(),
            "the key is pending deletion, scheduled for 2024-05-08T12:00:00Z; cancel the deletion first"
        );
        let pending_no_date = KeyMetadata {
            key_state: Some(KeyState::PendingDeletion),
            ..rotatable()
        };
        assert_eq!(
            reasons(&pending_no_date)[0].to_string(),
            "the key is pending deletion; cancel the deletion first"
        );

        for (state, message, transient) in [
            (
                KeyState::PendingImport,
                "the key is PendingImport: it has no key material yet; import key material first",
                false,
            ),
            (
                KeyState::Creating,
                "the key is Creating, not Enabled; wait until it is Enabled and try again",
                true,
            ),
            (
                KeyState::Unavailable,
                "the key is Unavailable, not Enabled; only Enabled keys can be rotated on demand",
                false,
            ),
            (
                KeyState::PendingReplicaDeletion,
                "the key is PendingReplicaDeletion, not Enabled; only Enabled keys can be rotated on demand",
                false,
            ),
            (
                KeyState::Unknown("Hibernating".into()),
                "the key is Hibernating, not Enabled; only Enabled keys can be rotated on demand",
                false,
            ),
        ] {
            let key = KeyMetadata {
                key_state: Some(state.clone()),
                ..rotatable()
            };
            let found = reasons(&key);
            assert_eq!(found, vec![Ineligibility::NotEnabled { state }]);
            assert_eq!(found[0].to_string(), message);
            assert_eq!(found[0].is_transient(), transient);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn imported_key_material_needs_new_material_pending_rotation() {
        let external = KeyMetadata {
            origin: Some(Origin::External),
            ..rotatable()
        };
        let ready = [
            material(KeyMaterialState::Current),
            material(KeyMaterialState::PendingRotation),
        ];
        assert!(check(&external, Some(&status()), Some(&ready), NOW).is_eligible());

        let not_imported = [
            material(KeyMaterialState::Current),
            material(KeyMaterialState::NonCurrent),
        ];
        assert_eq!(
            check(&external, None, Some(&not_imported), NOW).reasons,
            vec![Ineligibility::NewKeyMaterialNotImported]
        );

        let replicas_pending = [
            material(KeyMaterialState::Current),
            material(KeyMaterialState::PendingMultiRegionImportAndRotation),
        ];
        assert_eq!(
            check(&external, None, Some(&replicas_pending), NOW).reasons,
            vec![Ineligibility::NewKeyMaterialNotInAllRegions]
        );

        let unknown = check(&external, None, None, NOW);
        assert_eq!(
            unknown.reasons,
            vec![Ineligibility::KeyMaterialStateUnknown]
        );
        assert!(unknown.reasons[0].to_string().contains("ALL_KEY_MATERIAL"));
        // A ROTATIONS_ONLY listing has no material states: still unknown.
        let rotations_only = [rotation(RotationType::OnDemand)];
        assert_eq!(
            check(&external, None, Some(&rotations_only), NOW).reasons,
            vec![Ineligibility::KeyMaterialStateUnknown]
        );
        // Keys with KMS-generated material are not asked for imports.
        assert!(check(&rotatable(), None, None, NOW).is_eligible());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_25_on_demand_rotations() {
        let mut history: Vec<RotationsListEntry> =
            (0..24).map(|_| rotation(RotationType::OnDemand)).collect();
        history.extend((0..10).map(|_| rotation(RotationType::Automatic)));
        history.push(RotationsListEntry {
            rotation_type: Some(RotationType::Unknown("SCHEDULED".into())),
            ..Default::default()
        });
        let one_left = check(&rotatable(), None, Some(&history), NOW);
        assert!(one_left.is_eligible());
        assert_eq!(one_left.on_demand_used, Some(24));
        assert_eq!(one_left.on_demand_remaining, Some(1));

        history.push(rotation(RotationType::OnDemand));
        let none_left = check(&rotatable(), None, Some(&history), NOW);
        assert_eq!(
            none_left.reasons,
            vec![Ineligibility::LimitReached { used: 25 }]
        );
        assert_eq!(none_left.on_demand_remaining, Some(0));
        assert!(none_left.reasons[0]
            .to_string()
            .starts_with("all 25 on-demand rotations of this key are used"));

        history.push(rotation(RotationType::OnDemand));
        let over = check(&rotatable(), None, Some(&history), NOW);
        assert_eq!(over.on_demand_used, Some(26));
        assert_eq!(over.on_demand_remaining, Some(0));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rotation_in_progress() {
        let since = NOW.plus_millis(-3 * MINUTE);
        let busy = GetKeyRotationStatusOutput {
            on_demand_rotation_start_date: Some(since),
            ..status()
        };
        let eligibility = check(&rotatable(), Some(&busy), None, NOW);
        assert_eq!(
            eligibility.reasons,
            vec![Ineligibility::RotationInProgress { since }]
        );
        assert!(eligibility.is_only_transient());
        assert_eq!(
            eligibility.reasons[0].to_string(),
            "an on-demand rotation is in progress since 2024-05-01T11:57:00Z; wait for it to finish"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn automatic_rotation_within_20_minutes() {
        let due_in = |millis: i64| {
            let status = GetKeyRotationStatusOutput {
                next_rotation_date: Some(NOW.plus_millis(millis)),
                ..status()
            };
            check(&rotatable(), Some(&status), None, NOW).reasons
        };
        assert!(due_in(20 * MINUTE + 1).is_empty());
        assert_eq!(
            due_in(20 * MINUTE),
            vec![Ineligibility::AutomaticRotationDue {
                at: NOW.plus_millis(20 * MINUTE),
                in_millis: 20 * MINUTE
            }]
        );
        assert_eq!(
            due_in(90_000)[0].to_string(),
            "an automatic rotation is due at 2024-05-01T12:01:30Z (in 2 min); KMS refuses on-demand rotations from 20 minutes before it until it is done, so try again after it"
        );
        assert_eq!(
            due_in(-MINUTE)[0].to_string(),
            "an automatic rotation was due at 2024-05-01T11:59:00Z and may still be running; try again when it is done"
        );
        assert!(due_in(0)[0].is_transient());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_applicable_reason_is_listed() {
        let key = KeyMetadata {
            key_spec: Some(KeySpec::Rsa4096),
            key_usage: Some(KeyUsage::SignVerify),
            key_manager: Some(KeyManager::Aws),
            origin: Some(Origin::External),
            key_state: Some(KeyState::PendingDeletion),
            deletion_date: Some(NOW.plus_millis(7 * 86_400_000)),
            multi_region_configuration: Some(MultiRegionConfiguration {
                multi_region_key_type: Some(MultiRegionKeyType::Replica),
                primary_key: Some(MultiRegionKey::new("arn", "ap-south-1")),
                replica_keys: vec![],
            }),
            ..rotatable()
        };
        let busy = GetKeyRotationStatusOutput {
            on_demand_rotation_start_date: Some(NOW),
            next_rotation_date: Some(NOW.plus_millis(MINUTE)),
            ..status()
        };
        let history: Vec<_> = (0..25).map(|_| rotation(RotationType::OnDemand)).collect();
        let eligibility = check(&key, Some(&busy), Some(&history), NOW);
        assert_eq!(
            eligibility
                .reasons
                .iter()
                .map(Ineligibility::code)
                .collect::<Vec<_>>(),
            [
                "NotSymmetric",
                "NotEncryptDecrypt",
                "AwsManaged",
                "MultiRegionReplica",
                "PendingDeletion",
                "KeyMaterialStateUnknown",
                "LimitReached",
                "RotationInProgress",
                "AutomaticRotationDue",
            ]
        );
        assert!(!eligibility.is_only_transient());
        let summary = eligibility.to_string();
        assert!(summary.starts_with("not eligible: the key spec RSA_4096 is asymmetric"));
        assert!(summary.ends_with("; 0 of 25 on-demand rotations left"));

        let both_waits = GetKeyRotationStatusOutput {
            on_demand_rotation_start_date: Some(NOW),
            next_rotation_date: Some(NOW.plus_millis(MINUTE)),
            ..status()
        };
        let waiting = check(&rotatable(), Some(&both_waits), None, NOW);
        assert_eq!(waiting.reasons.len(), 2);
        assert!(waiting.is_only_transient());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn messages_are_lowercase_without_a_trailing_period() {
        let samples = [
            Ineligibility::AwsManaged,
            Ineligibility::Disabled,
            Ineligibility::NewKeyMaterialNotImported,
            Ineligibility::NewKeyMaterialNotInAllRegions,
            Ineligibility::KeyMaterialStateUnknown,
            Ineligibility::LimitReached { used: 25 },
            Ineligibility::CustomKeyStore {
                store_type: CustomKeyStoreType::Unknown,
                custom_key_store_id: None,
            },
        ];
        for reason in samples {
            let message = reason.to_string();
            assert!(!message.ends_with('.'), "{message}");
            assert!(
                message.starts_with(|c: char| !c.is_uppercase()),
                "{message}"
            );
        }
    }
}
