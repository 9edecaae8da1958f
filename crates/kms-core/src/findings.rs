//! Findings: the keys that break a rotation policy — AWS's own check (Security Hub
//! control KMS.4, the AWS Config rule `cmk-backing-key-rotation-enabled`) and the
//! operator's [`Policy`] — each with the fix kms-rotate can apply.
//!
//! Pure decisions over what a key load read; the console counts them, filters the keys
//! table by them and fixes them in bulk.
//!
//! ```
//! use kms_core::findings::{evaluate, KeyFacts, Policy, Check};
//! use kms_core::model::{KeyMetadata, KeyManager, KeySpec, KeyState, Origin, GetKeyRotationStatusOutput};
//! use kms_core::time::Timestamp;
//! let metadata = KeyMetadata {
//!     key_id: "k".into(), key_manager: Some(KeyManager::Customer), key_state: Some(KeyState::Enabled),
//!     key_spec: Some(KeySpec::SymmetricDefault), origin: Some(Origin::AwsKms),
//!     creation_date: Some(Timestamp::from_epoch_seconds(0)), ..Default::default()
//! };
//! let status = GetKeyRotationStatusOutput { key_rotation_enabled: false, ..Default::default() };
//! let facts = KeyFacts { metadata: &metadata, status: Some(&status), last_rotation: None, on_demand_remaining: Some(25), aliases: &[] };
//! let found = evaluate(&Policy::default(), &facts, Timestamp::from_epoch_seconds(400 * 86_400));
//! assert_eq!(found.iter().map(|f| f.check).collect::<Vec<_>>(), [Check::AutomaticRotationOff, Check::RotationOverdue]);
//! ```

use crate::eligibility::{has_rotation_history, on_demand_not_applicable};
use crate::model::{GetKeyRotationStatusOutput, KeyMetadata, KeyState, Origin};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

const DAY_MS: i64 = 86_400_000;

/// The `format` of a policy file.
pub const POLICY_FORMAT: &str = "kms-rotate-policy/1";

/// The operator's rotation policy. Saved to and loaded from a small JSON file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Policy {
    /// Always [`POLICY_FORMAT`].
    pub format: String,
    /// Most days since a key's last rotation (or its creation, if never rotated).
    pub max_days_since_rotation: u32,
    /// Fewest on-demand rotations a key may have left.
    pub min_on_demand_left: u32,
    /// Flag imported key material that expires within this many days.
    pub material_expiry_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            format: POLICY_FORMAT.to_owned(),
            max_days_since_rotation: 365,
            min_on_demand_left: 5,
            material_expiry_days: 30,
        }
    }
}

impl Policy {
    /// The policy file's text.
    pub fn to_file(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a policy file, saying what is wrong with one that is not.
    pub fn from_file(text: &str) -> Result<Self, String> {
        let policy: Self = serde_json::from_str(text).map_err(|e| {
            format!(
                "this is not a kms-rotate policy file ({e}); choose a file the findings page saved"
            )
        })?;
        if policy.format != POLICY_FORMAT {
            return Err(format!(
                "the file's format is {:?}; this version reads {POLICY_FORMAT:?}",
                policy.format
            ));
        }
        policy.validate()?;
        Ok(policy)
    }

    /// Checks the numbers: days 1–36500, on-demand rotations 0–25.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=36_500).contains(&self.max_days_since_rotation) {
            return Err(format!(
                "most days since the last rotation must be 1–36500, not {}",
                self.max_days_since_rotation
            ));
        }
        if self.min_on_demand_left > crate::eligibility::MAX_ON_DEMAND_ROTATIONS {
            return Err(format!(
                "fewest on-demand rotations left must be 0–25 (KMS allows 25 per key), not {}",
                self.min_on_demand_left
            ));
        }
        if !(1..=36_500).contains(&self.material_expiry_days) {
            return Err(format!(
                "the expiry warning must be 1–36500 days, not {}",
                self.material_expiry_days
            ));
        }
        Ok(())
    }
}

/// A check, named with its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Check {
    /// Security Hub KMS.4 / AWS Config `cmk-backing-key-rotation-enabled`: an enabled,
    /// customer managed, symmetric encryption key with KMS-made key material and
    /// automatic rotation off.
    AutomaticRotationOff,
    /// Policy: the last rotation (or the creation) is older than the policy allows.
    RotationOverdue,
    /// Policy: fewer on-demand rotations left than the policy wants.
    FewOnDemandLeft,
    /// Policy: imported key material expires within the policy's days (or expired).
    MaterialExpiring,
    /// Policy: an alias points at a key pending deletion (whatever uses the alias breaks
    /// when the key is deleted).
    AliasToDeletedKey,
}

/// How a finding is fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fix {
    /// `EnableKeyRotation` with a period.
    EnableAutomaticRotation,
    /// `RotateKeyOnDemand` (the bulk engine).
    RotateNow,
    /// Import the same key material again with a later expiry, or new material.
    ImportMaterial,
    /// Point the alias at another key, or cancel the deletion.
    ReviewAlias,
}

impl Check {
    /// Every check, in the order shown.
    pub const ALL: [Check; 5] = [
        Check::AutomaticRotationOff,
        Check::RotationOverdue,
        Check::FewOnDemandLeft,
        Check::MaterialExpiring,
        Check::AliasToDeletedKey,
    ];

    /// A short identifier (URLs, exports).
    pub fn id(self) -> &'static str {
        match self {
            Self::AutomaticRotationOff => "KMS.4",
            Self::RotationOverdue => "policy.rotation-age",
            Self::FewOnDemandLeft => "policy.on-demand-left",
            Self::MaterialExpiring => "policy.material-expiry",
            Self::AliasToDeletedKey => "policy.alias-to-deleted-key",
        }
    }

    /// The check's name, with its source.
    pub fn title(self) -> &'static str {
        match self {
            Self::AutomaticRotationOff => "Automatic rotation off (Security Hub KMS.4; AWS Config cmk-backing-key-rotation-enabled)",
            Self::RotationOverdue => "Not rotated within the policy's days (your policy)",
            Self::FewOnDemandLeft => "Few on-demand rotations left (your policy)",
            Self::MaterialExpiring => "Imported key material expiring (your policy)",
            Self::AliasToDeletedKey => "Alias pointing at a key pending deletion (your policy)",
        }
    }

    /// The fix kms-rotate offers.
    pub fn fix(self) -> Fix {
        match self {
            Self::AutomaticRotationOff => Fix::EnableAutomaticRotation,
            Self::RotationOverdue => Fix::RotateNow,
            // Automatic rotations do not count against the 25 on-demand ones.
            Self::FewOnDemandLeft => Fix::EnableAutomaticRotation,
            Self::AliasToDeletedKey => Fix::ReviewAlias,
            Self::MaterialExpiring => Fix::ImportMaterial,
        }
    }

    /// Reads [`id`](Self::id) back.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|check| check.id() == id)
    }
}

/// One key breaking one check.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// The check.
    pub check: Check,
    /// What exactly, in words.
    pub detail: String,
}

/// What a key load read about one key.
#[derive(Clone, Copy, Debug)]
pub struct KeyFacts<'a> {
    /// DescribeKey.
    pub metadata: &'a KeyMetadata,
    /// GetKeyRotationStatus, when read.
    pub status: Option<&'a GetKeyRotationStatusOutput>,
    /// The newest rotation date in the history, when read.
    pub last_rotation: Option<Timestamp>,
    /// On-demand rotations left, when the history was read.
    pub on_demand_remaining: Option<u32>,
    /// Its aliases.
    pub aliases: &'a [String],
}

/// Every check `facts` breaks under `policy` at `now`. A check whose facts are not read
/// yet is skipped (it shows once they are).
pub fn evaluate(policy: &Policy, facts: &KeyFacts<'_>, now: Timestamp) -> Vec<Finding> {
    let metadata = facts.metadata;
    let mut found = Vec::new();
    let enabled = metadata.key_state == Some(KeyState::Enabled);
    let rotating_kind = has_rotation_history(metadata);
    if enabled
        && rotating_kind
        && metadata.origin == Some(Origin::AwsKms)
        && facts.status.is_some_and(|s| !s.key_rotation_enabled)
    {
        found.push(Finding {
            check: Check::AutomaticRotationOff,
            detail: "automatic rotation is off".to_owned(),
        });
    }
    if enabled && rotating_kind && facts.status.is_some() {
        let since = facts.last_rotation.or(metadata.creation_date);
        if let Some(since) = since {
            let days = now.millis_since(since) / DAY_MS;
            if days > i64::from(policy.max_days_since_rotation) {
                let what = if facts.last_rotation.is_some() {
                    "last rotated"
                } else {
                    "never rotated; created"
                };
                found.push(Finding {
                    check: Check::RotationOverdue,
                    detail: format!(
                        "{what} {days} days ago (policy: {})",
                        policy.max_days_since_rotation
                    ),
                });
            }
        }
    }
    if on_demand_not_applicable(metadata).is_none()
        && metadata.key_state != Some(KeyState::PendingDeletion)
    {
        if let Some(left) = facts
            .on_demand_remaining
            .filter(|left| *left < policy.min_on_demand_left)
        {
            found.push(Finding {
                check: Check::FewOnDemandLeft,
                detail: format!(
                    "{left} of 25 on-demand rotations left (policy: at least {})",
                    policy.min_on_demand_left
                ),
            });
        }
    }
    if metadata.origin == Some(Origin::External) {
        if let Some(expires) = metadata.valid_to {
            let days = expires.millis_since(now) / DAY_MS;
            if days < i64::from(policy.material_expiry_days) {
                let detail = if days < 0 {
                    format!("key material expired on {}", expires.to_rfc3339())
                } else {
                    format!(
                        "key material expires on {} ({days} days)",
                        expires.to_rfc3339()
                    )
                };
                found.push(Finding {
                    check: Check::MaterialExpiring,
                    detail,
                });
            }
        }
    }
    if metadata.key_state == Some(KeyState::PendingDeletion) && !facts.aliases.is_empty() {
        found.push(Finding {
            check: Check::AliasToDeletedKey,
            detail: format!(
                "{} {} to it; deletion {}",
                facts.aliases.join(", "),
                if facts.aliases.len() == 1 {
                    "points"
                } else {
                    "point"
                },
                metadata.deletion_date.map_or_else(
                    || "pending".to_owned(),
                    |d| format!("on {}", d.to_rfc3339())
                )
            ),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyManager, KeySpec};

    fn key(state: KeyState, origin: Origin) -> KeyMetadata {
        KeyMetadata {
            key_id: "k".into(),
            key_manager: Some(KeyManager::Customer),
            key_state: Some(state),
            key_spec: Some(KeySpec::SymmetricDefault),
            origin: Some(origin),
            creation_date: Some(Timestamp::from_epoch_millis(0)),
            ..Default::default()
        }
    }

    fn checks(
        metadata: &KeyMetadata,
        enabled: bool,
        last: Option<i64>,
        left: Option<u32>,
        aliases: &[String],
        now_days: i64,
    ) -> Vec<Check> {
        let status = GetKeyRotationStatusOutput {
            key_rotation_enabled: enabled,
            ..Default::default()
        };
        let facts = KeyFacts {
            metadata,
            status: Some(&status),
            last_rotation: last.map(|d| Timestamp::from_epoch_millis(d * DAY_MS)),
            on_demand_remaining: left,
            aliases,
        };
        evaluate(
            &Policy::default(),
            &facts,
            Timestamp::from_epoch_millis(now_days * DAY_MS),
        )
        .into_iter()
        .map(|f| f.check)
        .collect()
    }

    #[test]
    fn kms_4_is_enabled_customer_symmetric_kms_origin_keys_without_automatic_rotation() {
        let enabled = key(KeyState::Enabled, Origin::AwsKms);
        assert_eq!(
            checks(&enabled, false, Some(10), Some(25), &[], 20),
            [Check::AutomaticRotationOff]
        );
        assert_eq!(checks(&enabled, true, Some(10), Some(25), &[], 20), []);
        assert_eq!(
            checks(
                &key(KeyState::Disabled, Origin::AwsKms),
                false,
                Some(10),
                Some(25),
                &[],
                20
            ),
            []
        );
        assert_eq!(
            checks(
                &key(KeyState::Enabled, Origin::External),
                false,
                Some(10),
                Some(25),
                &[],
                20
            ),
            []
        );
        let aws = KeyMetadata {
            key_manager: Some(KeyManager::Aws),
            ..enabled.clone()
        };
        assert_eq!(checks(&aws, false, Some(10), None, &[], 20), []);
        let rsa = KeyMetadata {
            key_spec: Some(KeySpec::Rsa2048),
            ..enabled
        };
        assert_eq!(checks(&rsa, false, None, None, &[], 20), []);
    }

    #[test]
    fn the_policy_checks_age_rotations_left_expiry_and_aliases() {
        let enabled = key(KeyState::Enabled, Origin::AwsKms);
        assert_eq!(checks(&enabled, true, Some(0), Some(25), &[], 365), []);
        assert_eq!(
            checks(&enabled, true, Some(0), Some(25), &[], 366),
            [Check::RotationOverdue]
        );
        assert_eq!(
            checks(&enabled, true, None, Some(25), &[], 400),
            [Check::RotationOverdue]
        );
        assert_eq!(
            checks(&enabled, true, Some(10), Some(4), &[], 20),
            [Check::FewOnDemandLeft]
        );
        assert_eq!(checks(&enabled, true, Some(10), Some(5), &[], 20), []);
        let expiring = KeyMetadata {
            valid_to: Some(Timestamp::from_epoch_millis(40 * DAY_MS)),
            ..key(KeyState::Enabled, Origin::External)
        };
        assert_eq!(
            checks(&expiring, false, Some(10), Some(25), &[], 20),
            [Check::MaterialExpiring]
        );
        assert_eq!(checks(&expiring, false, Some(10), Some(25), &[], 5), []);
        let deleted = key(KeyState::PendingDeletion, Origin::AwsKms);
        assert_eq!(
            checks(
                &deleted,
                false,
                Some(10),
                Some(1),
                &["alias/old".into()],
                20
            ),
            [Check::AliasToDeletedKey]
        );
        assert_eq!(checks(&deleted, false, Some(10), Some(1), &[], 20), []);
    }

    #[test]
    fn a_policy_file_reads_back_and_bad_numbers_are_named() {
        let policy = Policy {
            max_days_since_rotation: 90,
            ..Policy::default()
        };
        assert_eq!(Policy::from_file(&policy.to_file()).unwrap(), policy);
        let bad = Policy {
            min_on_demand_left: 30,
            ..Policy::default()
        }
        .to_file();
        assert!(Policy::from_file(&bad).unwrap_err().contains("0–25"));
        assert!(Policy::from_file("{}")
            .unwrap_err()
            .contains("not a kms-rotate policy file"));
        for check in Check::ALL {
            assert_eq!(Check::from_id(check.id()), Some(check));
        }
    }
}
