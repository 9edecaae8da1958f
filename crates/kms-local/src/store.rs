//! The server's state: keys and aliases per account and Region, and their key materials.
//!
//! Time-driven changes (an on-demand rotation finishing, an automatic rotation falling
//! due, a key's deletion date passing) are applied lazily by [`Store::advance`] before
//! every request, from the store clock, so the same rules run identically under the OS
//! clock, a sped-up demo clock and a test's manual clock.

use kms_core::model::{
    ExpirationModel, ImportState, KeyManager, KeyMaterialState, KeySpec, KeyState, KeyUsage,
    MultiRegionKeyType, Origin, RotationType,
};
use kms_core::partition::Partition;
use kms_core::time::Timestamp;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Milliseconds in a day.
pub(crate) const DAY_MILLIS: i64 = 86_400_000;
/// The default automatic rotation period (re-exported by `rules`, which checks keys
/// against it; defined here because a new key takes it).
pub const DEFAULT_ROTATION_PERIOD_DAYS: u32 = 365;
/// How long an automatic rotation runs (store time) before its entry appears
/// (re-exported by `rules`; defined here because [`Key::advance`] runs rotations).
pub const AUTOMATIC_ROTATION_MILLIS: i64 = 60 * 1000;

/// One key material of a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Material {
    /// 64 hex digits.
    pub(crate) id: String,
    pub(crate) state: KeyMaterialState,
    /// When the rotation that made this material current completed; `None` for the first
    /// material and for imported material pending rotation.
    pub(crate) rotation_date: Option<Timestamp>,
    pub(crate) rotation_type: Option<RotationType>,
    /// EXTERNAL keys only.
    pub(crate) import_state: Option<ImportState>,
    pub(crate) expiration_model: Option<ExpirationModel>,
    pub(crate) valid_to: Option<Timestamp>,
    pub(crate) description: Option<String>,
}

impl Material {
    /// Whether this is imported material waiting for a rotation (not yet permanently
    /// associated with its key).
    pub(crate) fn is_pending(&self) -> bool {
        matches!(
            self.state,
            KeyMaterialState::PendingRotation
                | KeyMaterialState::PendingMultiRegionImportAndRotation
        )
    }
}

/// The multi-Region role of a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MultiRegion {
    pub(crate) role: MultiRegionKeyType,
    pub(crate) primary_region: String,
    /// Regions of the replicas (kept on every copy, so each can describe the set).
    pub(crate) replica_regions: Vec<String>,
}

/// A KMS key in one account and Region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    pub(crate) key_id: String,
    pub(crate) account_id: String,
    pub(crate) region: String,
    pub(crate) created: Timestamp,
    pub(crate) description: String,
    pub(crate) spec: KeySpec,
    pub(crate) usage: KeyUsage,
    pub(crate) origin: Origin,
    pub(crate) manager: KeyManager,
    pub(crate) custom_key_store_id: Option<String>,
    pub(crate) cloud_hsm_cluster_id: Option<String>,
    pub(crate) xks_key_id: Option<String>,
    pub(crate) state: KeyState,
    pub(crate) deletion_date: Option<Timestamp>,
    pub(crate) pending_window_days: Option<u32>,
    pub(crate) multi_region: Option<MultiRegion>,
    pub(crate) rotation_enabled: bool,
    pub(crate) rotation_period_days: u32,
    pub(crate) next_rotation: Option<Timestamp>,
    /// Chronological; the first is the original material.
    pub(crate) materials: Vec<Material>,
    /// Start and end of the on-demand rotation in progress.
    pub(crate) on_demand: Option<(Timestamp, Timestamp)>,
    /// Tags by tag key: `ListResourceTags` lists them in this order, sorted by tag key, as
    /// the example of <https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html>
    /// lists them (`CostCenter`, `CreatedBy`, `Purpose`).
    pub(crate) tags: BTreeMap<String, String>,
    /// The last successful cryptographic operation with this key since tracking started.
    pub(crate) last_usage: Option<LastUsage>,
    /// `TrackingStartDate` of `GetKeyLastUsage`: "the date from which KMS began recording
    /// cryptographic activity for this key, or the date the KMS key was created, whichever
    /// is later" (<https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyLastUsage.html>).
    pub(crate) usage_tracking_start: Timestamp,
}

/// The last successful cryptographic operation with a key (`KeyLastUsageData`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LastUsage {
    /// A `KeyLastUsageTrackingOperation` value, such as `Decrypt`.
    pub(crate) operation: String,
    pub(crate) at: Timestamp,
    pub(crate) cloud_trail_event_id: String,
    pub(crate) kms_request_id: String,
}

/// The partition of a Region, for ARNs.
pub(crate) fn partition_of(region: &str) -> &'static str {
    Partition::for_region(region).as_str()
}

/// The ARN of key `key_id` in `account` and `region`.
pub(crate) fn key_arn(region: &str, account: &str, key_id: &str) -> String {
    format!(
        "arn:{}:kms:{region}:{account}:key/{key_id}",
        partition_of(region)
    )
}

/// The ARN of alias `alias_name` in `account` and `region`.
pub(crate) fn alias_arn(region: &str, account: &str, alias_name: &str) -> String {
    format!(
        "arn:{}:kms:{region}:{account}:{alias_name}",
        partition_of(region)
    )
}

/// A deterministic 64-hex key material ID for the `n`th material of a key.
pub(crate) fn material_id(key_id: &str, n: usize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kms-local key material\0");
    hasher.update(key_id.as_bytes());
    hasher.update(n.to_le_bytes());
    hex::encode(hasher.finalize())
}

/// The ID of imported key material: derived from the key and the material's bytes, as
/// KMS derives it ("KMS assigns a unique identifier to the key material based on the KMS
/// key ID and the imported key material",
/// <https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html>), so a
/// reimport of the same bytes finds its material and other bytes do not. The multi-Region
/// copies of a key share its key ID, so they derive the same ID from the same bytes.
pub(crate) fn imported_material_id(key_id: &str, material: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kms-local imported key material\0");
    hasher.update(key_id.as_bytes());
    hasher.update(b"\0");
    hasher.update(material);
    hex::encode(hasher.finalize())
}

/// A deterministic UUID-shaped key ID derived from `name`.
pub(crate) fn uuid_from_name(name: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kms-local key id\0");
    hasher.update(name.as_bytes());
    let h = hex::encode(hasher.finalize());
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

impl Key {
    /// A new enabled customer-managed symmetric key with one material and no rotations.
    pub(crate) fn new_symmetric(
        key_id: String,
        account_id: &str,
        region: &str,
        created: Timestamp,
    ) -> Self {
        let first = Material {
            id: material_id(&key_id, 0),
            state: KeyMaterialState::Current,
            rotation_date: None,
            rotation_type: None,
            import_state: None,
            expiration_model: None,
            valid_to: None,
            description: None,
        };
        Self {
            key_id,
            account_id: account_id.to_owned(),
            region: region.to_owned(),
            created,
            description: String::new(),
            spec: KeySpec::SymmetricDefault,
            usage: KeyUsage::EncryptDecrypt,
            origin: Origin::AwsKms,
            manager: KeyManager::Customer,
            custom_key_store_id: None,
            cloud_hsm_cluster_id: None,
            xks_key_id: None,
            state: KeyState::Enabled,
            deletion_date: None,
            pending_window_days: None,
            multi_region: None,
            rotation_enabled: false,
            rotation_period_days: DEFAULT_ROTATION_PERIOD_DAYS,
            next_rotation: None,
            materials: vec![first],
            on_demand: None,
            tags: BTreeMap::new(),
            last_usage: None,
            // A key created now was created after KMS began tracking use.
            usage_tracking_start: created,
        }
    }

    /// Records a successful cryptographic operation with this key, as KMS records the
    /// last one for `GetKeyLastUsage`. kms-local serves no cryptographic operation, so only
    /// seeds record use; a use older than the recorded one, or from before tracking started
    /// for this key, is not the last use and is ignored.
    pub(crate) fn record_use(&mut self, usage: LastUsage) -> bool {
        let newer = self
            .last_usage
            .as_ref()
            .is_none_or(|last| usage.at >= last.at);
        if usage.at < self.usage_tracking_start || !newer {
            return false;
        }
        self.last_usage = Some(usage);
        true
    }

    /// The key ARN.
    pub(crate) fn arn(&self) -> String {
        key_arn(&self.region, &self.account_id, &self.key_id)
    }

    /// Whether this is a multi-Region replica.
    pub(crate) fn is_replica(&self) -> bool {
        self.multi_region
            .as_ref()
            .is_some_and(|m| m.role == MultiRegionKeyType::Replica)
    }

    /// The material in use, if any.
    pub(crate) fn current_material(&self) -> Option<&Material> {
        self.materials
            .iter()
            .find(|m| m.state == KeyMaterialState::Current)
    }

    /// Imported material waiting for a rotation (`PENDING_ROTATION`, or on a multi-Region
    /// key `PENDING_MULTI_REGION_IMPORT_AND_ROTATION`), if any.
    pub(crate) fn pending_material(&self) -> Option<&Material> {
        self.materials.iter().find(|m| m.is_pending())
    }

    /// Puts the key state of an `EXTERNAL` key in line with its materials: `PendingImport`
    /// while any permanently associated material (`CURRENT` or `NON_CURRENT`) is not
    /// imported, `Enabled` again once all are ("For symmetric encryption keys, you will need
    /// to import all of the key materials associated with the KMS key to change its state to
    /// Enabled", <https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html>;
    /// "Deletion or expiration of any permanently associated key material changes the key
    /// state to Pending import",
    /// <https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-delete-key-material.html>).
    /// A key pending deletion keeps its state.
    pub(crate) fn settle_import_state(&mut self) {
        if self.origin != Origin::External {
            return;
        }
        let missing = self
            .materials
            .iter()
            .any(|m| !m.is_pending() && m.import_state != Some(ImportState::Imported));
        match self.state {
            KeyState::Enabled | KeyState::Disabled if missing || self.materials.is_empty() => {
                self.state = KeyState::PendingImport;
            }
            KeyState::PendingImport if !missing && !self.materials.is_empty() => {
                self.state = KeyState::Enabled;
            }
            _ => {}
        }
    }

    /// Deletes imported material whose `ValidTo` passed by `now`, as KMS does ("When the
    /// key material expires, AWS KMS deletes the key material",
    /// <https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html>):
    /// permanently associated material stays listed as `PENDING_IMPORT` (the key goes to
    /// `PendingImport`); material pending rotation is removed (on a replica, which cannot
    /// remove the primary's material, it goes back to `PENDING_IMPORT`).
    fn expire_materials(&mut self, now: Timestamp) -> bool {
        let due = |m: &Material| {
            m.import_state == Some(ImportState::Imported) && m.valid_to.is_some_and(|t| t <= now)
        };
        let replica = self.is_replica();
        let before = self.materials.len();
        self.materials
            .retain(|m| replica || !(m.is_pending() && due(m)));
        let mut changed = self.materials.len() != before;
        for m in self.materials.iter_mut().filter(|m| due(m)) {
            m.import_state = Some(ImportState::PendingImport);
            changed = true;
        }
        if changed {
            self.settle_import_state();
        }
        changed
    }

    /// Completed on-demand rotations.
    pub(crate) fn on_demand_count(&self) -> usize {
        self.materials
            .iter()
            .filter(|m| m.rotation_type == Some(RotationType::OnDemand))
            .count()
    }

    /// Makes a new material current (or promotes imported material pending rotation).
    pub(crate) fn complete_rotation(&mut self, kind: RotationType, at: Timestamp) {
        let pending = self
            .materials
            .iter()
            .position(|m| m.state == KeyMaterialState::PendingRotation);
        for m in &mut self.materials {
            if m.state == KeyMaterialState::Current {
                m.state = KeyMaterialState::NonCurrent;
            }
        }
        match pending {
            Some(i) => {
                if let Some(m) = self.materials.get_mut(i) {
                    m.state = KeyMaterialState::Current;
                    m.rotation_date = Some(at);
                    m.rotation_type = Some(kind);
                }
                // Keep the list chronological: the promoted material moves to the end.
                let promoted = self.materials.remove(i);
                self.materials.push(promoted);
            }
            None => {
                let id = material_id(&self.key_id, self.materials.len());
                self.materials.push(Material {
                    id,
                    state: KeyMaterialState::Current,
                    rotation_date: Some(at),
                    rotation_type: Some(kind),
                    import_state: None,
                    expiration_model: None,
                    valid_to: None,
                    description: None,
                });
            }
        }
    }

    /// Whether automatic rotations run for this key.
    fn rotates_automatically(&self) -> bool {
        self.rotation_enabled && self.state == KeyState::Enabled && !self.is_replica()
    }

    /// The earliest time at which [`Key::advance`] or the key's deletion has something to
    /// do, if ever.
    fn next_change(&self) -> Option<Timestamp> {
        let automatic = self
            .next_rotation
            .filter(|_| self.rotates_automatically())
            .map(|next| next.plus_millis(AUTOMATIC_ROTATION_MILLIS));
        let expiry = self
            .materials
            .iter()
            .filter(|m| m.import_state == Some(ImportState::Imported))
            .filter_map(|m| m.valid_to)
            .min();
        [
            self.on_demand.map(|(_, ends)| ends),
            automatic,
            self.deletion_date,
            expiry,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Applies everything due by `now`; returns whether anything changed.
    fn advance(&mut self, now: Timestamp) -> bool {
        let mut changed = self.origin == Origin::External && self.expire_materials(now);
        if let Some((_, ends)) = self.on_demand {
            if ends <= now {
                self.on_demand = None;
                self.complete_rotation(RotationType::OnDemand, ends);
                changed = true;
            }
        }
        // Automatic rotations: each takes `AUTOMATIC_ROTATION_MILLIS`, counted from
        // its scheduled start. How many fell due is computed, not stepped through, so a
        // clock moved years ahead costs the same as one moved a day.
        if let Some(next) = self.next_rotation.filter(|_| self.rotates_automatically()) {
            let period = i64::from(self.rotation_period_days.max(1)).saturating_mul(DAY_MILLIS);
            let due = automatic_rotations_due(next, period, now);
            // Only the latest few get history entries: a key rotated every 90 days for a
            // century would otherwise list hundreds, which no real key has.
            let recorded = due.min(MAX_AUTOMATIC_CATCH_UP);
            for n in (due - recorded)..due {
                let started = next.plus_millis(period.saturating_mul(n));
                self.complete_rotation(
                    RotationType::Automatic,
                    started.plus_millis(AUTOMATIC_ROTATION_MILLIS),
                );
            }
            if due > 0 {
                self.next_rotation = Some(next.plus_millis(period.saturating_mul(due)));
                changed = true;
            }
        }
        changed
    }
}

/// The most automatic rotations one catch-up records per key (the clock API moves at
/// most 10 years per call: 41 periods of the shortest, 90 days).
pub(crate) const MAX_AUTOMATIC_CATCH_UP: i64 = 64;

/// How many automatic rotations, the first starting at `next` and one every `period`
/// milliseconds, have completed by `now` (each completes
/// [`AUTOMATIC_ROTATION_MILLIS`] after it starts).
fn automatic_rotations_due(next: Timestamp, period: i64, now: Timestamp) -> i64 {
    let first_done = next.plus_millis(AUTOMATIC_ROTATION_MILLIS);
    if now < first_done || period <= 0 {
        return 0;
    }
    now.millis_since(first_done) / period + 1
}

/// An alias.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Alias {
    pub(crate) name: String,
    /// `None` for AWS predefined aliases not yet bound to a key.
    pub(crate) target_key_id: Option<String>,
    pub(crate) created: Timestamp,
    pub(crate) updated: Timestamp,
}

/// The keys and aliases of one account in one Region.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RegionStore {
    /// By key ID (the `ListKeys` order).
    pub(crate) keys: BTreeMap<String, Key>,
    /// By alias name (the `ListAliases` order).
    pub(crate) aliases: BTreeMap<String, Alias>,
}

/// When [`Store::advance`] next has something to do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum NextChange {
    /// Not known: a key may have changed since the last look.
    #[default]
    Unknown,
    /// Nothing is due before this time.
    At(Timestamp),
    /// Nothing will ever be due (until a key changes).
    Never,
}

/// Everything kms-local knows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Store {
    regions: BTreeMap<(String, String), RegionStore>,
    /// Lets `advance`, which runs before every request, skip the scan of every key while
    /// nothing can be due: every mutable access makes it `Unknown`.
    next_change: NextChange,
}

impl Store {
    /// The store of `account` in `region`, if anything was ever there.
    pub(crate) fn region(&self, account: &str, region: &str) -> Option<&RegionStore> {
        self.regions.get(&(account.to_owned(), region.to_owned()))
    }

    /// The store of `account` in `region`, created empty on first use.
    pub(crate) fn region_mut(&mut self, account: &str, region: &str) -> &mut RegionStore {
        self.next_change = NextChange::Unknown;
        self.regions
            .entry((account.to_owned(), region.to_owned()))
            .or_default()
    }

    /// Every (account, Region) store.
    pub(crate) fn all(&self) -> impl Iterator<Item = (&(String, String), &RegionStore)> {
        self.regions.iter()
    }

    /// Key `key_id` of `account` in `region`.
    pub(crate) fn key(&self, account: &str, region: &str, key_id: &str) -> Option<&Key> {
        self.region(account, region)?.keys.get(key_id)
    }

    /// Mutable key.
    pub(crate) fn key_mut(
        &mut self,
        account: &str,
        region: &str,
        key_id: &str,
    ) -> Option<&mut Key> {
        self.next_change = NextChange::Unknown;
        self.regions
            .get_mut(&(account.to_owned(), region.to_owned()))?
            .keys
            .get_mut(key_id)
    }

    /// Inserts or replaces a key.
    pub(crate) fn insert_key(&mut self, key: Key) {
        let account = key.account_id.clone();
        let region = key.region.clone();
        self.region_mut(&account, &region)
            .keys
            .insert(key.key_id.clone(), key);
    }

    /// Copies rotation settings and materials of a multi-Region primary to its replicas,
    /// as KMS synchronizes them.
    ///
    /// What was imported where stays per Region: each replica imports the material itself
    /// ("Call ImportKeyMaterial on the replica Region key with the ImportType set to
    /// EXISTING_KEY_MATERIAL", <https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html>),
    /// so a replica keeps its own import state, expiration and description of every
    /// material it already has, and sees a material new to it as `PENDING_IMPORT`.
    /// Called on a replica, it does nothing.
    pub(crate) fn sync_replicas(&mut self, account: &str, primary_region: &str, key_id: &str) {
        let Some(primary) = self.key(account, primary_region, key_id).cloned() else {
            return;
        };
        let Some(mr) = &primary.multi_region else {
            return;
        };
        if mr.role != MultiRegionKeyType::Primary {
            return;
        }
        let external = primary.origin == Origin::External;
        for region in &mr.replica_regions {
            if let Some(replica) = self.key_mut(account, region, key_id) {
                replica.rotation_enabled = primary.rotation_enabled;
                replica.rotation_period_days = primary.rotation_period_days;
                replica.next_rotation = primary.next_rotation;
                let materials = primary
                    .materials
                    .iter()
                    .map(|m| {
                        let mut copy = m.clone();
                        if external {
                            match replica.materials.iter().find(|own| own.id == m.id) {
                                Some(own) => {
                                    copy.import_state = own.import_state.clone();
                                    copy.expiration_model = own.expiration_model.clone();
                                    copy.valid_to = own.valid_to;
                                    copy.description = own.description.clone();
                                }
                                None => {
                                    copy.import_state = Some(ImportState::PendingImport);
                                    copy.expiration_model = None;
                                    copy.valid_to = None;
                                }
                            }
                        }
                        copy
                    })
                    .collect();
                replica.materials = materials;
                replica.settle_import_state();
                replica.on_demand = primary.on_demand;
                if let Some(rmr) = &mut replica.multi_region {
                    rmr.replica_regions = mr.replica_regions.clone();
                }
            }
        }
    }

    /// Applies everything due by `now`: finished rotations, due automatic rotations, keys
    /// whose deletion date passed (with their aliases).
    pub(crate) fn advance(&mut self, now: Timestamp) {
        match self.next_change {
            NextChange::At(due) if now < due => return,
            NextChange::Never => return,
            _ => {}
        }
        let mut primaries_changed = Vec::new();
        for ((account, region), store) in &mut self.regions {
            let doomed: BTreeSet<String> = store
                .keys
                .values()
                .filter(|k| k.deletion_date.is_some_and(|d| d <= now))
                .map(|k| k.key_id.clone())
                .collect();
            if !doomed.is_empty() {
                store.keys.retain(|id, _| !doomed.contains(id));
                store
                    .aliases
                    .retain(|_, a| a.target_key_id.as_ref().is_none_or(|t| !doomed.contains(t)));
            }
            for key in store.keys.values_mut() {
                if key.advance(now) && key.multi_region.is_some() && !key.is_replica() {
                    primaries_changed.push((account.clone(), region.clone(), key.key_id.clone()));
                }
            }
        }
        for (account, region, key_id) in primaries_changed {
            self.sync_replicas(&account, &region, &key_id);
        }
        self.next_change = self
            .regions
            .values()
            .flat_map(|r| r.keys.values())
            .filter_map(Key::next_change)
            .min()
            .map_or(NextChange::Never, NextChange::At);
    }

    /// Number of keys in all accounts and Regions.
    pub(crate) fn key_count(&self) -> usize {
        self.regions.values().map(|r| r.keys.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_and_well_formed() {
        let id = uuid_from_name("payments");
        assert_eq!(id, uuid_from_name("payments"));
        assert_eq!(id.len(), 36);
        assert_eq!(material_id("k", 1).len(), 64);
        assert_ne!(material_id("k", 1), material_id("k", 2));
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
    }

    #[test]
    fn advance_skips_the_scan_only_while_nothing_is_due() {
        let t0 = Timestamp::from_epoch_seconds(1_700_000_000);
        let mut store = Store::default();
        let mut key = Key::new_symmetric("k".into(), "111122223333", "us-east-1", t0);
        key.on_demand = Some((t0, t0.plus_millis(3000)));
        store.insert_key(key);
        let materials = |s: &Store| {
            s.key("111122223333", "us-east-1", "k")
                .unwrap()
                .materials
                .len()
        };
        store.advance(t0);
        assert_eq!(store.next_change, NextChange::At(t0.plus_millis(3000)));
        store.advance(t0.plus_millis(2999));
        assert_eq!(materials(&store), 1);
        store.advance(t0.plus_millis(3000));
        assert_eq!(materials(&store), 2);
        assert_eq!(store.next_change, NextChange::Never);
        // A change through a mutable access is seen by the next advance.
        if let Some(k) = store.key_mut("111122223333", "us-east-1", "k") {
            k.deletion_date = Some(t0.plus_millis(4000));
        }
        store.advance(t0.plus_millis(4000));
        assert_eq!(store.key_count(), 0);
    }

    #[test]
    fn automatic_catch_up_is_computed_and_bounded() {
        let t0 = Timestamp::from_epoch_seconds(1_700_000_000);
        let period = 90 * DAY_MILLIS;
        let auto = AUTOMATIC_ROTATION_MILLIS;
        assert_eq!(automatic_rotations_due(t0, period, t0), 0);
        assert_eq!(
            automatic_rotations_due(t0, period, t0.plus_millis(auto - 1)),
            0
        );
        assert_eq!(automatic_rotations_due(t0, period, t0.plus_millis(auto)), 1);
        assert_eq!(
            automatic_rotations_due(t0, period, t0.plus_millis(period + auto)),
            2
        );
        // A clock far ahead: the count is exact, the history bounded, the schedule right.
        let mut key = Key::new_symmetric("k".into(), "111122223333", "us-east-1", t0);
        key.rotation_enabled = true;
        key.rotation_period_days = 90;
        key.next_rotation = Some(t0);
        let far = t0.plus_millis(1_000 * period + auto);
        assert_eq!(automatic_rotations_due(t0, period, far), 1_001);
        assert!(key.advance(far));
        assert_eq!(key.materials.len() as i64, 1 + MAX_AUTOMATIC_CATCH_UP);
        assert_eq!(key.next_rotation, Some(t0.plus_millis(1_001 * period)));
        let last = key.materials.last().and_then(|m| m.rotation_date);
        assert_eq!(last, Some(t0.plus_millis(1_000 * period + auto)));
        assert!(!key.advance(far));
        // Even a clock at the end of time returns at once.
        let mut key = Key::new_symmetric("k".into(), "111122223333", "us-east-1", t0);
        key.rotation_enabled = true;
        key.next_rotation = Some(t0);
        assert!(key.advance(Timestamp::from_epoch_millis(i64::MAX)));
        assert_eq!(key.materials.len() as i64, 1 + MAX_AUTOMATIC_CATCH_UP);
    }

    #[test]
    fn on_demand_rotation_completes_lazily() {
        let t0 = Timestamp::from_epoch_seconds(1_700_000_000);
        let mut key = Key::new_symmetric("k".into(), "111122223333", "us-east-1", t0);
        key.on_demand = Some((t0, t0.plus_millis(3000)));
        assert!(!key.advance(t0.plus_millis(2999)));
        assert!(key.advance(t0.plus_millis(3000)));
        assert_eq!(key.on_demand_count(), 1);
        assert_eq!(key.materials[0].state, KeyMaterialState::NonCurrent);
        assert_eq!(key.materials[1].state, KeyMaterialState::Current);
    }
}
