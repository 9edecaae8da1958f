//! Bulk jobs as files: the bulk results written as kms-core's [`BulkJob`] at any moment,
//! and a saved job reopened — every key not known to be finished reconciled against KMS
//! by kms-core ([`Client::reconcile_job`](kms_core::client::Client)) before anything
//! more is sent.

use super::Api;
use crate::error::ApiError;
use crate::state::{BulkItem, BulkOutcome, RotationReceipt};
use kms_core::eligibility::MAX_ON_DEMAND_ROTATIONS;
use kms_core::job::{unconfirmed_of, BulkJob, JobItem, JobState, Reconciled, IN_FLIGHT_BOUND_MS};
use kms_core::rotation::RotationOutcome;
use leptos::prelude::*;

impl Api {
    /// The bulk job as it stands, as a file's text.
    pub(crate) fn job_file(self) -> Result<String, ApiError> {
        let session = self
            .state
            .session
            .get_untracked()
            .ok_or_else(|| ApiError::plain("Sign in first."))?;
        let bulk = self.state.bulk;
        let items = bulk
            .items
            .with_untracked(|items| items.iter().map(job_item).collect());
        let now = crate::clock::now();
        let started = bulk.started_at.get_untracked().unwrap_or(now);
        let mut job = BulkJob::new(
            &session.region,
            self.state.account_id.get_untracked(),
            items,
            started,
        );
        Ok(job.to_file(now))
    }

    /// Opens a saved job: shows its keys at once, reconciles each unfinished one against
    /// KMS, then follows the rotations found started. Keys that KMS shows not rotated
    /// wait for the user to send them ("Rotate N keys").
    pub(crate) async fn reopen_job(self, text: String) -> Result<(), ApiError> {
        let bulk = self.state.bulk;
        if bulk.running.get_untracked() {
            return Err(ApiError::plain(
                "A bulk run is going on: wait for it to finish (or stop it) before opening a job.",
            ));
        }
        let mut job = BulkJob::from_file(&text).map_err(|e| self.fail(&e))?;
        let region = self
            .state
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.region.clone()));
        if region.as_deref() != Some(job.region.as_str()) {
            return Err(ApiError::plain(format!(
                "This job is for {}, and this session is in {}: switch the Region (or sign in there), then open the job again.",
                job.region,
                region.unwrap_or_else(|| "no Region".to_owned())
            )));
        }
        let account = self.state.account_id.get_untracked();
        if let (Some(theirs), Some(ours)) = (&job.account_id, &account) {
            if theirs != ours {
                return Err(ApiError::plain(format!(
                    "This job is for account {theirs}, and this session is in account {ours}: sign in to {theirs}, then open the job again."
                )));
            }
        }
        let client = self.client()?;
        bulk.items.set(job.items.iter().map(bulk_item).collect());
        bulk.started_at.set(Some(job.started_at));
        bulk.running.set(true);
        let reopened_at = client.now();
        bulk.checking_until
            .set(Some(reopened_at.plus_millis(IN_FLIGHT_BOUND_MS)));
        let result = client
            .reconcile_job(&mut job, reopened_at, |i, found, item| {
                bulk.update_item(i, |shown| apply(shown, found, item));
            })
            .await;
        bulk.checking_until.set(None);
        bulk.running.set(false);
        if let Err(error) = result {
            return Err(self.fail(&error));
        }
        self.track_started().await;
        Ok(())
    }
}

/// Shows what reconciling found for one key, in kms-core's words.
fn apply(shown: &mut BulkItem, found: &Reconciled, item: &JobItem) {
    shown.message.clone_from(&item.message);
    match found {
        Reconciled::Started(started) => {
            shown.outcome = BulkOutcome::Started;
            shown.started = Some(Box::new(started.clone()));
        }
        Reconciled::StillUnconfirmed => shown.outcome = BulkOutcome::Unconfirmed,
        Reconciled::NotRotated => shown.outcome = BulkOutcome::Waiting,
        _ => {}
    }
}

/// One key of the bulk results as a job file's item.
fn job_item(item: &BulkItem) -> JobItem {
    let mut out = JobItem::waiting(
        &item.key_id,
        item.alias.clone(),
        item.before.as_deref().cloned(),
    );
    out.message.clone_from(&item.message);
    match item.outcome {
        BulkOutcome::Started | BulkOutcome::TrackingFailed => {
            if let Some(started) = &item.started {
                out.start(started);
            }
        }
        BulkOutcome::Completed => {
            out.state = JobState::Completed;
            if let Some(receipt) = &item.receipt {
                out.sent_at = Some(receipt.sent_at);
                out.completed = Some(receipt.entry.clone());
            }
        }
        BulkOutcome::Unconfirmed => {
            if let Some(unconfirmed) = &item.unconfirmed {
                out.record(&RotationOutcome::Unconfirmed((**unconfirmed).clone()));
            }
        }
        BulkOutcome::Failed => out.state = JobState::NotCarriedOut,
        // Waiting, being sent or checked: the file says waiting; reopening reads KMS.
        _ => {}
    }
    out.request_id.clone_from(&item.request_id);
    out.message.clone_from(&item.message);
    out
}

/// One key of a reopened job, as the bulk results show it before reconciling.
fn bulk_item(item: &JobItem) -> BulkItem {
    let mut shown = BulkItem {
        key_id: item.key_id.clone(),
        alias: item.alias.clone(),
        message: item.message.clone(),
        request_id: item.request_id.clone(),
        at: item.sent_at,
        before: item.before.clone().map(Box::new),
        remaining: item.before.as_ref().map(|b| {
            MAX_ON_DEMAND_ROTATIONS
                .saturating_sub(u32::try_from(b.on_demand.len()).unwrap_or(u32::MAX))
        }),
        ..BulkItem::default()
    };
    match item.state {
        JobState::Completed => {
            shown.outcome = BulkOutcome::Completed;
            shown.receipt = item.completed.clone().map(|entry| {
                Box::new(RotationReceipt {
                    sent_at: item.sent_at.unwrap_or(
                        item.before
                            .as_ref()
                            .map_or(kms_core::time::Timestamp::from_epoch_millis(0), |b| {
                                b.read_at
                            }),
                    ),
                    completed_at: entry.rotation_date.unwrap_or_else(crate::clock::now),
                    material_before: item
                        .before
                        .as_ref()
                        .and_then(|b| b.current_key_material_id.clone()),
                    entry,
                })
            });
        }
        JobState::NotCarriedOut => shown.outcome = BulkOutcome::Failed,
        _ => {
            shown.outcome = BulkOutcome::Checking;
            shown.unconfirmed = unconfirmed_of(item).map(Box::new);
        }
    }
    shown
}
