//! Bulk rotation: kms-core's bulk engine over the plan, started rotations followed to
//! completion, unconfirmed ones re-checked (never resent), histories for export.

use super::key::newest_first;
use super::Api;
use crate::error::{explain, ApiError};
use crate::state::BulkOutcome;
use kms_core::error::Error;
use kms_core::model::{IncludeKeyMaterial, RotationsListEntry};
use kms_core::rotation::RotationOutcome;
use kms_core::time::Timestamp;
use leptos::prelude::*;

impl Api {
    /// Sends `RotateKeyOnDemand` once for every waiting key of the bulk plan with
    /// kms-core's bulk engine (`rotate_each`: a baseline per key, evidence after an
    /// ambiguous failure, never a resend), one at a time (the transport keeps them at
    /// most 5 per second). Then follows every started rotation to completion.
    /// Nothing here resumes by itself: a reload forgets the plan (a saved job file
    /// is reopened by [`Api::reopen_job`]).
    pub(crate) async fn run_bulk(self) {
        let bulk = self.state.bulk;
        if bulk.running.get_untracked() {
            return;
        }
        let Ok(client) = self.client() else { return };
        bulk.running.set(true);
        bulk.stop_requested.set(false);
        if bulk.started_at.get_untracked().is_none() {
            bulk.started_at.set(Some(client.now()));
        }
        let queue: Vec<(usize, String)> = bulk.items.with_untracked(|items| {
            items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.outcome == BulkOutcome::Waiting)
                .map(|(i, item)| (i, item.key_id.clone()))
                .collect()
        });
        let key_ids: Vec<String> = queue.iter().map(|(_, key_id)| key_id.clone()).collect();
        if let Some((first, _)) = queue.first() {
            bulk.update_item(*first, |item| item.outcome = BulkOutcome::Sending);
        }
        client
            .rotate_each(
                &key_ids,
                |n, outcome| {
                    if let Some((i, _)) = queue.get(n) {
                        self.record(*i, outcome, client.now());
                    }
                    let go_on = self.state.session.get_untracked().is_some()
                        && !bulk.stop_requested.get_untracked();
                    if let (true, Some((next, _))) = (go_on, queue.get(n + 1)) {
                        bulk.update_item(*next, |item| item.outcome = BulkOutcome::Sending);
                    }
                    go_on
                },
                StopRequested(bulk.stop_requested),
            )
            .await;
        bulk.items.update(|items| {
            for item in items.iter_mut() {
                if item.outcome == BulkOutcome::Sending {
                    item.outcome = BulkOutcome::Waiting;
                }
            }
        });
        bulk.running.set(false);
        self.track_started().await;
    }

    /// Writes one key's outcome into the bulk results.
    fn record(&self, i: usize, outcome: RotationOutcome, at: Timestamp) {
        let explained = match &outcome {
            RotationOutcome::NotCarriedOut(error) => Some(self.fail(error)),
            RotationOutcome::Unconfirmed(unconfirmed) => {
                Some(explain(&Error::RotationUnconfirmed(unconfirmed.clone())))
            }
            _ => None,
        };
        self.state.bulk.update_item(i, |item| {
            item.at = Some(at);
            item.request_id = explained.as_ref().and_then(|e| e.request_id.clone());
            match outcome {
                RotationOutcome::Completed(done) => item.complete(&done),
                RotationOutcome::Started(started) => {
                    item.request_id.clone_from(&started.request_id);
                    item.outcome = BulkOutcome::Started;
                    item.message =
                        "KMS accepted the rotation; following it to completion…".to_owned();
                    item.started = Some(Box::new(started));
                    item.unconfirmed = None;
                }
                RotationOutcome::Unconfirmed(unconfirmed) => {
                    item.outcome = BulkOutcome::Unconfirmed;
                    item.message = explained.map(|e| e.summary).unwrap_or_default();
                    item.unconfirmed = Some(Box::new(unconfirmed));
                }
                _ => {
                    item.outcome = BulkOutcome::Failed;
                    item.message = explained.map(|e| e.summary).unwrap_or_default();
                }
            }
        });
    }

    /// Follows every started rotation of the bulk run (and those whose tracking
    /// failed: "keep tracking") to completion, one after another: KMS runs them in
    /// parallel, so by the time the first completes most others have too.
    pub(crate) async fn track_started(self) {
        let bulk = self.state.bulk;
        let Ok(client) = self.client() else { return };
        bulk.running.set(true);
        let count = bulk.items.with_untracked(Vec::len);
        for i in 0..count {
            let started = bulk.items.with_untracked(|items| {
                items
                    .get(i)
                    .filter(|item| {
                        matches!(
                            item.outcome,
                            BulkOutcome::Started | BulkOutcome::TrackingFailed
                        )
                    })
                    .and_then(|item| item.started.clone())
            });
            let Some(started) = started else { continue };
            bulk.update_item(i, |item| {
                item.outcome = BulkOutcome::Started;
                item.message = "KMS accepted the rotation; following it to completion…".to_owned();
            });
            let followed = client
                .wait_for_rotation(
                    &started.key_id,
                    Some(&started),
                    |_| {},
                    std::future::pending(),
                )
                .await;
            match followed {
                Ok(done) => bulk.update_item(i, |item| item.complete(&done)),
                Err(error) => {
                    let explained = self.fail(&error);
                    bulk.update_item(i, |item| {
                        item.outcome = BulkOutcome::TrackingFailed;
                        item.message = explained.summary.clone();
                        item.request_id = explained.request_id.clone();
                    });
                    if self.state.session.get_untracked().is_none() {
                        break;
                    }
                }
            }
        }
        bulk.running.set(false);
        let done: Vec<String> = bulk.items.with_untracked(|items| {
            items
                .iter()
                .filter(|item| item.outcome == BulkOutcome::Completed)
                .map(|item| item.key_id.clone())
                .collect()
        });
        self.refresh_rows(done).await;
    }

    /// Looks again at the keys whose rotation was unconfirmed, with kms-core's evidence
    /// against each key's state before its request: those that show a new rotation
    /// are started (and followed); the others stay unconfirmed — the reads prove
    /// nothing either way, so they never go back to the queue by themselves.
    pub(crate) async fn recheck_unconfirmed(self) {
        let bulk = self.state.bulk;
        let Ok(client) = self.client() else { return };
        bulk.running.set(true);
        let count = bulk.items.with_untracked(Vec::len);
        for i in 0..count {
            let unconfirmed = bulk.items.with_untracked(|items| {
                items
                    .get(i)
                    .filter(|item| item.outcome == BulkOutcome::Unconfirmed)
                    .and_then(|item| item.unconfirmed.clone())
            });
            let Some(unconfirmed) = unconfirmed else {
                continue;
            };
            match client.recheck_rotation(&unconfirmed).await {
                RotationOutcome::Started(started) => bulk.update_item(i, |item| {
                    item.outcome = BulkOutcome::Started;
                    item.message = "The re-check found the rotation: it started.".to_owned();
                    item.started = Some(Box::new(started));
                    item.unconfirmed = None;
                }),
                _ => bulk.update_item(i, |item| {
                    item.message = "Still unconfirmed: KMS shows no new rotation of this key yet. It was not sent again. Re-check in a minute; send it again from the key's page only once you are sure it was not carried out.".to_owned();
                }),
            }
        }
        bulk.running.set(false);
        self.track_started().await;
    }

    /// The whole rotation history of each key, for export.
    pub(crate) async fn histories(
        self,
        key_ids: Vec<String>,
    ) -> Result<Vec<(String, Vec<RotationsListEntry>)>, ApiError> {
        let client = self.client()?;
        let mut out = Vec::with_capacity(key_ids.len());
        for key_id in key_ids {
            let history = client
                .all_key_rotations(&key_id, Some(IncludeKeyMaterial::AllKeyMaterial))
                .await
                .map_err(|e| self.fail(&e))?;
            out.push((key_id, newest_first(history)));
        }
        Ok(out)
    }

    /// Reads the given keys again and updates their rows.
    async fn refresh_rows(self, key_ids: Vec<String>) {
        for key_id in key_ids {
            if self.key_detail(key_id).await.is_err() {
                return;
            }
        }
    }
}

/// Resolves once the user asked the bulk run to stop (kms-core checks it between keys).
struct StopRequested(RwSignal<bool>);

impl std::future::Future for StopRequested {
    type Output = Error;
    fn poll(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Error> {
        if self.0.get_untracked() {
            std::task::Poll::Ready(kms_core::client::cancelled_error())
        } else {
            std::task::Poll::Pending
        }
    }
}
