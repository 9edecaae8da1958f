//! The seed file format: credentials, keys (with their rotation history) and aliases,
//! as JSON. Times are relative ("created 400 days ago", "next rotation in 10 minutes"),
//! so a seed means the same thing whenever it is loaded.
//!
//! ```
//! let seed: kms_local::seed::Seed = serde_json::from_str(r#"{
//!   "keys": [{ "name": "payments", "aliases": ["alias/payments"],
//!              "history": { "automatic": 2, "onDemand": 3 },
//!              "rotation": { "enabled": true, "periodDays": 365 } }]
//! }"#).unwrap();
//! assert_eq!(seed.keys.len(), 1);
//! ```
//!
//! The built-in demo data set (`src/demo.json`) is itself a seed and the fullest example.

use crate::auth::{is_valid_region, Principal};
use crate::ops::common::{is_alias_name, is_key_id};
use crate::rules;
use crate::store::{self, Alias, Key, LastUsage, Material, MultiRegion, Store, DAY_MILLIS};
use kms_core::key_id::{validate_account_id, validate_region};
use kms_core::model::{
    ExpirationModel, ImportState, KeyManager, KeyMaterialState, KeySpec, KeyState, KeyUsage,
    MultiRegionKeyType, Origin, RotationType,
};
use kms_core::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The account keys go to when a seed entry names none.
pub const DEFAULT_ACCOUNT: &str = "111122223333";
/// The Region keys go to when a seed entry names none.
pub const DEFAULT_REGION: &str = "us-east-1";

/// A whole seed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seed {
    /// Credentials accepted by the server; when empty, the demo credentials.
    #[serde(default)]
    pub credentials: Vec<Principal>,
    /// Keys.
    #[serde(default)]
    pub keys: Vec<SeedKey>,
    /// Aliases not attached through a key's `aliases` (such as AWS predefined aliases
    /// with no target).
    #[serde(default)]
    pub aliases: Vec<SeedAlias>,
    /// When KMS began tracking the use of keys (`GetKeyLastUsage`), in days before load
    /// time (default [`DEFAULT_TRACKING_STARTED_DAYS_AGO`]). A key's `TrackingStartDate`
    /// is this date or its creation date, whichever is later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_usage_tracking_started_days_ago: Option<u32>,
    /// IAM roles that STS `AssumeRole` hands sessions for. When the seed names no
    /// credentials (the demo credentials apply), the demo roles apply too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<crate::estate::SeedRole>,
    /// Opt-in Regions not enabled for an account: its credentials are refused there.
    /// When the seed names no credentials, the demo's apply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions_not_enabled: Vec<crate::estate::SeedRegionNotEnabled>,
}

/// How long before load time kms-local says KMS began tracking key use, by default. AWS
/// documents no date; this one is older than a recently created demo key and younger than
/// the default key age (400 days), so both cases of `GetKeyLastUsage` appear.
pub const DEFAULT_TRACKING_STARTED_DAYS_AGO: u32 = 180;

/// One key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedKey {
    /// Account (default `111122223333`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Region (default `us-east-1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The key ID; derived from `name` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A name for deriving a stable key ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `KeySpec` (default `SYMMETRIC_DEFAULT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spec: Option<String>,
    /// `KeyUsage` (default from the spec).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_usage: Option<String>,
    /// `Origin` (default `AWS_KMS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// `KeyManager`: `CUSTOMER` (default) or `AWS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_manager: Option<String>,
    /// `KeyState`: `Enabled` (default), `Disabled`, `PendingDeletion` (see
    /// `deletionInDays`) or `PendingImport`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Age of the key (default 400 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_days_ago: Option<u32>,
    /// Puts the key in this custom key store (origin `AWS_CLOUDHSM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_key_store_id: Option<String>,
    /// Makes the key a multi-Region primary with replicas in these Regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_region: Option<SeedMultiRegion>,
    /// Automatic rotation settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation: Option<SeedRotation>,
    /// Completed rotations, spread evenly over the key's life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<SeedHistory>,
    /// For `EXTERNAL` keys: the imported material.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<SeedImport>,
    /// An on-demand rotation in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_in_progress: Option<SeedInProgress>,
    /// With state `PendingDeletion`: days until deletion (default 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_in_days: Option<u32>,
    /// Alias names pointing at this key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Tags, tag key to tag value (at most 50, with the rules of `TagResource`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// The last successful cryptographic operation with the key (in its own Region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_usage: Option<SeedLastUsage>,
    /// For a multi-Region key: the last use of each replica, by Region (replicas track
    /// use independently; a replica not named here was not used).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub replica_last_usage: BTreeMap<String, SeedLastUsage>,
}

/// A key's last successful cryptographic operation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedLastUsage {
    /// A tracked operation (`KeyLastUsageTrackingOperation`) the key can perform.
    pub operation: String,
    /// How long before load time, in minutes: it must be after the key was created and
    /// after tracking began.
    pub minutes_ago: u64,
    /// The CloudTrail `eventId` (default: a UUID derived from the key and the time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_trail_event_id: Option<String>,
    /// The KMS request ID (default: a UUID derived from the key and the time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_request_id: Option<String>,
}

/// Multi-Region settings of a seed key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedMultiRegion {
    /// Regions of the replicas.
    #[serde(default)]
    pub replica_regions: Vec<String>,
}

/// Automatic rotation of a seed key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedRotation {
    /// Whether automatic rotation is on.
    pub enabled: bool,
    /// The period (default 365).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_days: Option<u32>,
    /// When the next automatic rotation starts, in minutes from load time (default: one
    /// period after the last rotation, or after load time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_rotation_in_minutes: Option<i64>,
}

/// Completed rotations of a seed key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedHistory {
    /// Automatic rotations.
    #[serde(default)]
    pub automatic: u32,
    /// On-demand rotations (at most 25).
    #[serde(default)]
    pub on_demand: u32,
}

/// Imported key material of an `EXTERNAL` seed key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedImport {
    /// New material imported and waiting in `PENDING_ROTATION`.
    #[serde(default)]
    pub pending_rotation: bool,
    /// The current material expires in this many days (default: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_days: Option<u32>,
}

/// An on-demand rotation in progress at load time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedInProgress {
    /// Seconds (of store time) until it completes.
    pub remaining_seconds: u64,
}

/// An alias not attached to a key in `keys`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedAlias {
    /// Account (default `111122223333`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Region (default `us-east-1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The alias name, `alias/...`.
    pub name: String,
    /// The key ID it points to; none for AWS predefined aliases not yet in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_key_id: Option<String>,
}

/// Why a seed cannot be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SeedError {
    /// The JSON does not match the format.
    Format(String),
    /// An entry is inconsistent.
    Invalid {
        /// Which entry (`keys[3]`, `aliases[0]`).
        entry: String,
        /// What is wrong.
        problem: String,
    },
}

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Format(m) => write!(f, "the seed is not valid JSON of the seed format: {m}"),
            Self::Invalid { entry, problem } => write!(f, "seed entry {entry}: {problem}"),
        }
    }
}

impl std::error::Error for SeedError {}

impl Seed {
    /// Parses a seed from JSON.
    pub fn from_json(text: &[u8]) -> Result<Self, SeedError> {
        serde_json::from_slice(text).map_err(|e| SeedError::Format(e.to_string()))
    }

    /// Adds `n` generated keys for scale tests (`--keys N`): symmetric keys in the
    /// default account and Region named `scale-00001`..., each with an alias, some with
    /// rotation on and a few on-demand rotations.
    pub fn with_generated_keys(mut self, n: u32) -> Self {
        for i in 1..=n {
            self.keys.push(SeedKey {
                name: Some(format!("scale-{i:05}")),
                description: Some(format!("Generated key {i} of {n}")),
                aliases: vec![format!("alias/scale-{i:05}")],
                rotation: (i % 5 == 0).then(|| SeedRotation {
                    enabled: true,
                    ..SeedRotation::default()
                }),
                history: (i % 7 == 0).then_some(SeedHistory {
                    automatic: i % 3,
                    on_demand: 1 + i % 4,
                }),
                ..SeedKey::default()
            });
        }
        self
    }
}

/// The most automatic rotations a seeded key may have had (one every 90 days for 250 years).
const MAX_AUTOMATIC_ROTATIONS: u32 = 1000;

pub(crate) fn invalid(entry: &str, problem: impl Into<String>) -> SeedError {
    SeedError::Invalid {
        entry: entry.to_owned(),
        problem: problem.into(),
    }
}

fn known<T>(
    entry: &str,
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> T,
    known: &[T],
) -> Result<T, SeedError>
where
    T: PartialEq,
{
    let v = parse(value);
    if known.contains(&v) {
        Ok(v)
    } else {
        Err(invalid(entry, format!("unknown {field} {value:?}")))
    }
}

/// Builds a store from a seed at store time `now`.
pub(crate) fn build(seed: &Seed, now: Timestamp) -> Result<Store, SeedError> {
    for (i, credential) in seed.credentials.iter().enumerate() {
        validate_account_id(&credential.account_id)
            .map_err(|e| invalid(&format!("credentials[{i}]"), e.to_string()))?;
    }
    crate::estate::Estate::of(seed)?;
    let mut store = Store::default();
    let mut ids = BTreeSet::new();
    let tracking_started = now.plus_millis(
        -i64::from(
            seed.last_usage_tracking_started_days_ago
                .unwrap_or(DEFAULT_TRACKING_STARTED_DAYS_AGO),
        ) * DAY_MILLIS,
    );
    for (i, sk) in seed.keys.iter().enumerate() {
        let entry = format!("keys[{i}]");
        let mut key = build_key(sk, &entry, now)?;
        key.usage_tracking_start = tracking_started.max(key.created);
        if let Some(u) = &sk.last_usage {
            record_use(&mut key, u, &entry, now)?;
        }
        if !ids.insert((key.account_id.clone(), key.key_id.clone())) {
            return Err(invalid(&entry, format!("duplicate key ID {}", key.key_id)));
        }
        let replicas = sk
            .multi_region
            .as_ref()
            .map(|m| m.replica_regions.clone())
            .unwrap_or_default();
        if let Some(region) = sk.replica_last_usage.keys().find(|r| !replicas.contains(r)) {
            return Err(invalid(
                &entry,
                format!("replicaLastUsage names {region:?}, which has no replica"),
            ));
        }
        for region in &replicas {
            if !is_valid_region(region) || *region == key.region {
                return Err(invalid(&entry, format!("bad replica Region {region:?}")));
            }
            let mut replica = key.clone();
            replica.region = region.clone();
            // Tags and use are each Region's own.
            replica.tags.clear();
            replica.last_usage = None;
            if let Some(u) = sk.replica_last_usage.get(region) {
                record_use(&mut replica, u, &entry, now)?;
            }
            replica.multi_region = Some(MultiRegion {
                role: MultiRegionKeyType::Replica,
                primary_region: key.region.clone(),
                replica_regions: replicas.clone(),
            });
            store.insert_key(replica);
        }
        for alias in &sk.aliases {
            add_alias(
                &mut store,
                &entry,
                &key.account_id,
                &key.region,
                alias,
                Some(&key.key_id),
                now,
            )?;
        }
        store.insert_key(key);
    }
    for (i, sa) in seed.aliases.iter().enumerate() {
        let entry = format!("aliases[{i}]");
        let account = sa.account.as_deref().unwrap_or(DEFAULT_ACCOUNT);
        let region = sa.region.as_deref().unwrap_or(DEFAULT_REGION);
        if let Some(target) = &sa.target_key_id {
            if store.key(account, region, target).is_none() {
                return Err(invalid(
                    &entry,
                    format!("no key {target} in {account}/{region}"),
                ));
            }
        }
        add_alias(
            &mut store,
            &entry,
            account,
            region,
            &sa.name,
            sa.target_key_id.as_deref(),
            now,
        )?;
    }
    Ok(store)
}

fn add_alias(
    store: &mut Store,
    entry: &str,
    account: &str,
    region: &str,
    name: &str,
    target: Option<&str>,
    now: Timestamp,
) -> Result<(), SeedError> {
    if !is_alias_name(name) {
        return Err(invalid(entry, format!("bad alias name {name:?}")));
    }
    let aliases = &mut store.region_mut(account, region).aliases;
    if aliases.contains_key(name) {
        return Err(invalid(entry, format!("duplicate alias {name}")));
    }
    aliases.insert(
        name.to_owned(),
        Alias {
            name: name.to_owned(),
            target_key_id: target.map(str::to_owned),
            created: now.plus_millis(-30 * DAY_MILLIS),
            updated: now.plus_millis(-30 * DAY_MILLIS),
        },
    );
    Ok(())
}

/// The tags of a seed key, held to the rules of `TagResource`.
fn checked_tags(sk: &SeedKey, entry: &str) -> Result<BTreeMap<String, String>, SeedError> {
    if sk.tags.len() > rules::MAX_TAGS_PER_KEY {
        return Err(invalid(
            entry,
            format!("at most {} tags", rules::MAX_TAGS_PER_KEY),
        ));
    }
    let (key_min, key_max) = rules::TAG_KEY_LENGTH;
    let (_, value_max) = rules::TAG_VALUE_LENGTH;
    for (tag_key, value) in &sk.tags {
        let key_len = tag_key.chars().count();
        if key_len < key_min || key_len > key_max || value.chars().count() > value_max {
            return Err(invalid(
                entry,
                format!("tag {tag_key:?}: keys have 1 to 128 characters, values at most 256"),
            ));
        }
        rules::check_tag(tag_key, Some(value))
            .map_err(|e| invalid(entry, e.message.unwrap_or_default()))?;
    }
    if !sk.tags.is_empty() && sk.key_manager.as_deref() == Some("AWS") {
        return Err(invalid(entry, "AWS managed keys have no user tags"));
    }
    Ok(sk.tags.clone())
}

/// Records a seed key's last use, which must be a tracked operation the key can perform,
/// after tracking began for the key and not in the future.
fn record_use(
    key: &mut Key,
    u: &SeedLastUsage,
    entry: &str,
    now: Timestamp,
) -> Result<(), SeedError> {
    if !rules::can_have_used(key, &u.operation) {
        return Err(invalid(
            entry,
            format!(
                "lastUsage: {:?} is not a tracked operation a {} {} key performs",
                u.operation, key.spec, key.usage
            ),
        ));
    }
    let minutes = i64::try_from(u.minutes_ago).unwrap_or(i64::MAX);
    let at = now.plus_millis(minutes.saturating_mul(-60_000));
    let derived = |what: &str| {
        store::uuid_from_name(&format!(
            "{what}\0{}\0{}\0{minutes}",
            key.region, key.key_id
        ))
    };
    let usage = LastUsage {
        operation: u.operation.clone(),
        at,
        cloud_trail_event_id: u
            .cloud_trail_event_id
            .clone()
            .unwrap_or_else(|| derived("event")),
        kms_request_id: u
            .kms_request_id
            .clone()
            .unwrap_or_else(|| derived("request")),
    };
    if !key.record_use(usage) {
        return Err(invalid(
            entry,
            "lastUsage is before the key was created or before tracking began",
        ));
    }
    Ok(())
}

fn build_key(sk: &SeedKey, entry: &str, now: Timestamp) -> Result<Key, SeedError> {
    let account = sk.account.as_deref().unwrap_or(DEFAULT_ACCOUNT);
    let region = sk.region.as_deref().unwrap_or(DEFAULT_REGION);
    validate_account_id(account).map_err(|e| invalid(entry, e.to_string()))?;
    validate_region(region).map_err(|e| invalid(entry, e.to_string()))?;
    let multi = sk.multi_region.is_some();
    let key_id = match (&sk.id, &sk.name) {
        (Some(id), _) => id.clone(),
        (None, Some(name)) if multi => {
            format!("mrk-{}", store::uuid_from_name(name).replace('-', ""))
        }
        (None, Some(name)) => store::uuid_from_name(name),
        (None, None) => return Err(invalid(entry, "needs an id or a name")),
    };
    if !is_key_id(&key_id) || (multi != key_id.starts_with("mrk-")) {
        return Err(invalid(
            entry,
            format!("bad key ID {key_id:?} (multi-Region keys need mrk- IDs, others UUIDs)"),
        ));
    }
    let created = now.plus_millis(-i64::from(sk.created_days_ago.unwrap_or(400)) * DAY_MILLIS);
    let mut key = Key::new_symmetric(key_id.clone(), account, region, created);
    key.description = sk
        .description
        .clone()
        .or_else(|| sk.name.clone())
        .unwrap_or_default();
    key.tags = checked_tags(sk, entry)?;
    if let Some(spec) = &sk.key_spec {
        key.spec = known(entry, "keySpec", spec, KeySpec::from_wire, KeySpec::KNOWN)?;
    }
    key.usage = match &sk.key_usage {
        Some(u) => known(entry, "keyUsage", u, KeyUsage::from_wire, KeyUsage::KNOWN)?,
        None if key.spec.is_hmac() => KeyUsage::GenerateVerifyMac,
        None if key.spec == KeySpec::SymmetricDefault => KeyUsage::EncryptDecrypt,
        None => KeyUsage::SignVerify,
    };
    if let Some(o) = &sk.origin {
        key.origin = known(entry, "origin", o, Origin::from_wire, Origin::KNOWN)?;
    }
    if let Some(m) = &sk.key_manager {
        key.manager = known(
            entry,
            "keyManager",
            m,
            KeyManager::from_wire,
            KeyManager::KNOWN,
        )?;
    }
    if let Some(store_id) = &sk.custom_key_store_id {
        key.custom_key_store_id = Some(store_id.clone());
        key.origin = Origin::AwsCloudHsm;
        key.cloud_hsm_cluster_id = Some(format!("cluster-{}", &key_id.replace('-', "")[..11]));
    }
    if multi {
        key.multi_region = Some(MultiRegion {
            role: MultiRegionKeyType::Primary,
            primary_region: region.to_owned(),
            replica_regions: sk
                .multi_region
                .as_ref()
                .map(|m| m.replica_regions.clone())
                .unwrap_or_default(),
        });
    }

    // Rotation history, spread over the key's life; AWS managed keys rotate yearly.
    let history = sk.history.clone().unwrap_or_default();
    if history.on_demand > 25 {
        return Err(invalid(entry, "at most 25 on-demand rotations"));
    }
    // Automatic rotations happen at most every 90 days: a few hundred span centuries.
    if history.automatic > MAX_AUTOMATIC_ROTATIONS {
        return Err(invalid(
            entry,
            format!("at most {MAX_AUTOMATIC_ROTATIONS} automatic rotations"),
        ));
    }
    let total = history.automatic + history.on_demand;
    let span = now.millis_since(created) - DAY_MILLIS;
    let step = span / i64::from(total + 1);
    let mut last_automatic = None;
    for n in 0..total {
        // Interleave evenly: rotation n is on-demand when it crosses a multiple.
        let on_demand_before =
            (u64::from(n) * u64::from(history.on_demand)) / u64::from(total.max(1));
        let on_demand_after =
            (u64::from(n + 1) * u64::from(history.on_demand)) / u64::from(total.max(1));
        let kind = if on_demand_after > on_demand_before {
            RotationType::OnDemand
        } else {
            RotationType::Automatic
        };
        let at = created.plus_millis(step * i64::from(n + 1));
        if kind == RotationType::Automatic {
            last_automatic = Some(at);
        }
        key.complete_rotation(kind, at);
    }

    let external = key.origin == Origin::External;
    let imported = sk.imported.clone().unwrap_or_default();
    if external {
        let valid_to = imported
            .expires_in_days
            .map(|d| now.plus_millis(i64::from(d) * DAY_MILLIS));
        for m in &mut key.materials {
            m.import_state = Some(ImportState::Imported);
            m.expiration_model = Some(if valid_to.is_some() {
                ExpirationModel::KeyMaterialExpires
            } else {
                ExpirationModel::KeyMaterialDoesNotExpire
            });
            m.valid_to = valid_to;
            m.description = Some("imported".to_owned());
        }
        if imported.pending_rotation {
            key.materials.push(Material {
                id: store::material_id(&key_id, key.materials.len()),
                state: KeyMaterialState::PendingRotation,
                rotation_date: None,
                rotation_type: None,
                import_state: Some(ImportState::Imported),
                expiration_model: Some(ExpirationModel::KeyMaterialDoesNotExpire),
                valid_to: None,
                description: Some("imported for the next rotation".to_owned()),
            });
        }
    }

    let rotation = sk.rotation.clone().unwrap_or_default();
    let aws_managed = key.manager == KeyManager::Aws;
    if rotation.enabled || aws_managed {
        key.rotation_enabled = true;
        key.rotation_period_days = rotation.period_days.unwrap_or(365);
        let period = i64::from(key.rotation_period_days) * DAY_MILLIS;
        key.next_rotation = Some(match rotation.next_rotation_in_minutes {
            Some(min) => now.plus_millis(min.saturating_mul(60_000)),
            None => last_automatic
                .unwrap_or(now)
                .plus_millis(period)
                .max(now.plus_millis(DAY_MILLIS)),
        });
    }
    if let Some(p) = &sk.rotation_in_progress {
        let remaining = i64::try_from(p.remaining_seconds)
            .unwrap_or(i64::MAX)
            .saturating_mul(1000);
        key.on_demand = Some((now, now.plus_millis(remaining)));
    }

    if let Some(state) = &sk.state {
        key.state = known(entry, "state", state, KeyState::from_wire, KeyState::KNOWN)?;
    }
    match key.state {
        KeyState::PendingDeletion => {
            let days = sk.deletion_in_days.unwrap_or(7);
            key.deletion_date = Some(now.plus_millis(i64::from(days) * DAY_MILLIS));
            key.pending_window_days = Some(days.clamp(7, 30));
        }
        KeyState::PendingImport => {
            key.materials.clear();
        }
        _ => {}
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn seeds_hold_tags_and_last_use_to_the_rules() {
        let now = Timestamp::from_epoch_seconds(1_767_225_600);
        let load = |key: Value| {
            Seed::from_json(json!({"keys": [key]}).to_string().as_bytes())
                .and_then(|s| build(&s, now))
        };
        assert!(load(json!({"name": "a", "tags": {"team": "x"}})).is_ok());
        for bad in [
            json!({"name": "a", "tags": {"aws:x": "y"}}),
            json!({"name": "a", "tags": {"": "y"}}),
            json!({"name": "a", "tags": {"a;b": "y"}}),
            json!({"name": "a", "keyManager": "AWS", "tags": {"a": "b"}}),
            json!({"name": "a", "tags": (0..51).map(|i| (format!("k{i}"), json!("v"))).collect::<serde_json::Map<_, _>>()}),
            json!({"name": "a", "lastUsage": {"operation": "Sign", "minutesAgo": 1}}),
            json!({"name": "a", "lastUsage": {"operation": "Launch", "minutesAgo": 1}}),
            json!({"name": "a", "keySpec": "RSA_2048", "keyUsage": "ENCRYPT_DECRYPT", "lastUsage": {"operation": "GenerateDataKey", "minutesAgo": 1}}),
            // Before tracking began (180 days), or before the key was created.
            json!({"name": "a", "lastUsage": {"operation": "Decrypt", "minutesAgo": 181 * 24 * 60}}),
            json!({"name": "a", "createdDaysAgo": 1, "lastUsage": {"operation": "Decrypt", "minutesAgo": 2 * 24 * 60}}),
            json!({"name": "a", "replicaLastUsage": {"eu-west-1": {"operation": "Decrypt", "minutesAgo": 1}}}),
            json!({"name": "a", "lastUsage": {"operation": "Decrypt", "minutesAgo": 1, "extra": 1}}),
        ] {
            assert!(load(bad.clone()).is_err(), "{bad}");
        }
    }
}
