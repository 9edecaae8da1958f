//! Fixes from the findings page: automatic rotation turned on for many keys, one
//! `EnableKeyRotation` each (the client keeps them within its quota, 15 per second),
//! each key's status read back so that the findings are computed again from KMS.

use super::Api;
use crate::error::ApiError;
use leptos::prelude::*;

/// How a bulk fix went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FixProgress {
    /// Keys done (fixed or failed).
    pub(crate) done: usize,
    /// Keys in the fix.
    pub(crate) total: usize,
    /// The keys that failed, each with what KMS said.
    pub(crate) failed: Vec<(String, ApiError)>,
}

impl Api {
    /// Turns automatic rotation on, every `period_days` days, for each key in turn, and
    /// shows each key's status as KMS then reports it. Stops at an expired session.
    pub(crate) async fn enable_automatic_rotation_each(
        self,
        key_ids: Vec<String>,
        period_days: u32,
        progress: RwSignal<Option<FixProgress>>,
    ) {
        progress.set(Some(FixProgress {
            total: key_ids.len(),
            ..FixProgress::default()
        }));
        let Ok(client) = self.client() else { return };
        for key_id in key_ids {
            let result = match client.enable_key_rotation(&key_id, Some(period_days)).await {
                Ok(_) => client.get_key_rotation_status(&key_id).await,
                Err(error) => Err(error),
            };
            match result {
                Ok(status) => self.state.keys.rows.update(|rows| {
                    if let Some(row) = rows.iter_mut().find(|row| row.key_id == key_id) {
                        row.show_automatic_rotation(status);
                    }
                }),
                Err(error) => {
                    let explained = self.fail(&error);
                    progress.update(|p| {
                        if let Some(p) = p {
                            p.failed.push((key_id.clone(), explained));
                        }
                    });
                }
            }
            progress.update(|p| {
                if let Some(p) = p {
                    p.done += 1;
                }
            });
            if self.state.session.get_untracked().is_none() {
                return;
            }
        }
    }
}
