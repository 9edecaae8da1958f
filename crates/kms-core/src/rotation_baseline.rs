//! What a new rotation is recognised against: the [`RotationBaseline`] read before a
//! rotation request, and the [`StartedRotation`] that carries it. Its own module, below
//! `error` (whose rotation errors carry these) and `rotation` (which re-exports them), so
//! that `error` does not import `rotation`, which imports `error`.

use crate::model::{
    GetKeyRotationStatusOutput, KeyMaterialState, RotationType, RotationsListEntry,
};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What KMS showed about a key's rotations just before a rotation request: the
/// reference against which a new rotation is recognised. Serialized in camelCase with
/// wire-form history entries: a saved bulk job carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RotationBaseline {
    /// The key, as the caller named it.
    pub key_id: String,
    /// When it was read (client time, corrected for learned skew).
    pub read_at: Timestamp,
    /// `OnDemandRotationStartDate`, if a rotation was already in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_progress_since: Option<Timestamp>,
    /// The `ON_DEMAND` history entries.
    pub on_demand: Vec<RotationsListEntry>,
    /// The key material that was `CURRENT`, when the history names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_key_material_id: Option<String>,
}

impl RotationBaseline {
    /// The baseline of `key_id` from one status read and one full history read
    /// (`IncludeKeyMaterial=ALL_KEY_MATERIAL`, so the current material is named).
    pub fn new(
        key_id: &str,
        status: &GetKeyRotationStatusOutput,
        history: &[RotationsListEntry],
        read_at: Timestamp,
    ) -> Self {
        Self {
            key_id: key_id.to_owned(),
            read_at,
            in_progress_since: status.on_demand_rotation_start_date,
            on_demand: history
                .iter()
                .filter(|e| is_on_demand(e))
                .cloned()
                .collect(),
            current_key_material_id: current_material(history).map(str::to_owned),
        }
    }

    /// Whether a later read shows a rotation that this baseline did not have: a start
    /// date that was not there, a new `ON_DEMAND` history entry, or a new current key
    /// material that no automatic rotation made.
    pub fn shows_new_rotation(
        &self,
        status: Option<&GetKeyRotationStatusOutput>,
        history: Option<&[RotationsListEntry]>,
    ) -> bool {
        #[cfg(test)]
        if crate::simulation::known_bug::is(crate::simulation::known_bug::KnownBug::TimeWindow) {
            return self.within_time_window(status, history);
        }
        let new_start = status
            .and_then(|status| status.on_demand_rotation_start_date)
            .is_some_and(|since| self.in_progress_since != Some(since));
        let Some(history) = history else {
            return new_start;
        };
        let new_current = current_entry(history).is_some_and(|entry| {
            entry.rotation_type != Some(RotationType::Automatic)
                && self.current_key_material_id.is_some()
                && entry.key_material_id != self.current_key_material_id
        });
        new_start || new_current || self.new_on_demand_entry(history).is_some()
    }

    /// The newest `ON_DEMAND` entry of `history` that the baseline did not have.
    pub fn new_on_demand_entry<'h>(
        &self,
        history: &'h [RotationsListEntry],
    ) -> Option<&'h RotationsListEntry> {
        history
            .iter()
            .filter(|entry| is_on_demand(entry))
            .filter(|entry| !self.on_demand.iter().any(|old| same_rotation(old, entry)))
            .max_by_key(|entry| entry.rotation_date)
    }

    /// The decision before evidence (issue 9's path 1), kept only for the simulation
    /// to prove that it catches it: anything dated within five minutes of the request.
    #[cfg(test)]
    fn within_time_window(
        &self,
        status: Option<&GetKeyRotationStatusOutput>,
        history: Option<&[RotationsListEntry]>,
    ) -> bool {
        let earliest = self.read_at.plus_millis(-5 * 60 * 1000);
        status
            .and_then(|s| s.on_demand_rotation_start_date)
            .is_some_and(|since| since >= earliest)
            || history.is_some_and(|h| {
                h.iter()
                    .filter(|e| is_on_demand(e))
                    .any(|e| e.rotation_date.is_some_and(|date| date >= earliest))
            })
    }
}

/// A rotation that KMS accepted (or that reads proved it did).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StartedRotation {
    /// The key, as the caller named it (a key ID or key ARN).
    pub key_id: String,
    /// When the request was signed (client time, corrected for learned skew).
    pub started_at: Timestamp,
    /// The request id of KMS's answer that accepted it; `None` when the rotation was
    /// established from the key's state instead (after an ambiguous failure, or one
    /// found in progress).
    pub request_id: Option<String>,
    /// The key as it was before: what tracking compares with.
    pub baseline: RotationBaseline,
}
pub(crate) fn is_on_demand(entry: &RotationsListEntry) -> bool {
    entry.rotation_type == Some(RotationType::OnDemand)
}

fn current_entry(history: &[RotationsListEntry]) -> Option<&RotationsListEntry> {
    history
        .iter()
        .find(|entry| entry.key_material_state == Some(KeyMaterialState::Current))
}

fn current_material(history: &[RotationsListEntry]) -> Option<&str> {
    current_entry(history).and_then(|entry| entry.key_material_id.as_deref())
}

/// Whether two history entries are the same rotation. Entries change state over time
/// (CURRENT becomes NON_CURRENT), so they are matched by key material, else by date.
fn same_rotation(a: &RotationsListEntry, b: &RotationsListEntry) -> bool {
    match (&a.key_material_id, &b.key_material_id) {
        (Some(a), Some(b)) => a == b,
        _ => a.rotation_date == b.rotation_date && a.rotation_type == b.rotation_type,
    }
}
