//! One key: what its page shows, rotating it and following the rotation, its
//! automatic rotation.

use super::tags::{read_last_use, read_tags};
use super::Api;
use crate::error::ApiError;
use crate::state::KeyDetail;
use kms_core::eligibility::check;
use kms_core::inventory::rotation_reads;
use kms_core::model::{GetKeyLastUsageOutput, IncludeKeyMaterial, RotationsListEntry, Tag};
use kms_core::rotation::{CompletedRotation, RotationProgress, StartedRotation};
use leptos::prelude::*;

/// The history, newest first.
pub(super) fn newest_first(mut history: Vec<RotationsListEntry>) -> Vec<RotationsListEntry> {
    history.sort_by_key(|entry| std::cmp::Reverse(entry.rotation_date));
    history
}

impl Api {
    /// Shows what the key page read in the key's row of the table.
    pub(super) fn update_row(&self, detail: &KeyDetail) {
        let key_id = &detail.metadata.key_id;
        self.state.keys.rows.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|row| row.key_id == *key_id) {
                row.show(detail);
            }
        });
    }

    /// Everything the key page shows, for a key ID, key ARN, alias name or alias ARN.
    pub(crate) async fn key_detail(self, identifier: String) -> Result<KeyDetail, ApiError> {
        let client = self.client()?;
        let metadata = client
            .describe_key(&identifier)
            .await
            .map_err(|e| self.fail(&e))?;
        self.learn_account(&metadata);
        let key_id = metadata.key_id.clone();
        let aliases = client
            .all_aliases(Some(&key_id))
            .await
            .map_err(|e| self.fail(&e))?;
        let mut aliases: Vec<String> = aliases.into_iter().map(|a| a.alias_name).collect();
        aliases.sort();
        let (status, history) = if rotation_reads(&metadata).status {
            let status = client
                .get_key_rotation_status(&key_id)
                .await
                .map_err(|e| self.fail(&e))?;
            let history = client
                .all_key_rotations(&key_id, Some(IncludeKeyMaterial::AllKeyMaterial))
                .await
                .map_err(|e| self.fail(&e))?;
            (Some(status), history)
        } else {
            (None, Vec::new())
        };
        let history_known = rotation_reads(&metadata)
            .status
            .then_some(history.as_slice());
        let eligibility = check(&metadata, status.as_ref(), history_known, client.now());
        let detail = KeyDetail {
            metadata,
            aliases,
            status,
            history: newest_first(history),
            eligibility,
            read_at: client.now(),
        };
        self.update_row(&detail);
        Ok(detail)
    }

    /// Rotates the key on demand and follows the rotation until KMS shows it complete;
    /// `progress` hears each step.
    pub(crate) async fn rotate_and_wait(
        self,
        key_id: String,
        progress: RwSignal<Option<RotationProgress>>,
    ) -> Result<CompletedRotation, ApiError> {
        let client = self.client()?;
        progress.set(None);
        client
            .rotate_and_wait(
                &key_id,
                |step| progress.set(Some(step.clone())),
                std::future::pending(),
            )
            .await
            .map_err(|e| self.fail(&e))
    }

    /// Follows a rotation without sending one: `started` (after tracking failed:
    /// "keep tracking"), or else the rotation in progress when the page opened.
    pub(crate) async fn wait_for_rotation(
        self,
        key_id: String,
        started: Option<StartedRotation>,
        progress: RwSignal<Option<RotationProgress>>,
    ) -> Result<CompletedRotation, ApiError> {
        let client = self.client()?;
        client
            .wait_for_rotation(
                &key_id,
                started.as_ref(),
                |step| progress.set(Some(step.clone())),
                std::future::pending(),
            )
            .await
            .map_err(|e| self.fail(&e))
    }

    /// Turns automatic rotation on (with a period of 90–2560 days) or off.
    pub(crate) async fn set_automatic_rotation(
        self,
        key_id: String,
        enabled: bool,
        period_days: Option<u32>,
    ) -> Result<(), ApiError> {
        let client = self.client()?;
        let result = if enabled {
            client.enable_key_rotation(&key_id, period_days).await
        } else {
            client.disable_key_rotation(&key_id).await
        };
        result.map_err(|e| self.fail(&e))
    }
}

impl Api {
    /// The key's tags (every page) and its last tracked use.
    pub(crate) async fn tags_and_last_use(
        self,
        key_id: String,
    ) -> Result<(Vec<Tag>, GetKeyLastUsageOutput), ApiError> {
        let client = self.client()?;
        let tags = read_tags(&client, key_id.clone())
            .await
            .map_err(|e| self.fail(&e))?;
        let usage = read_last_use(&client, key_id)
            .await
            .map_err(|e| self.fail(&e))?;
        Ok((tags, usage))
    }
}
