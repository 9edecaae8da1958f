//! Bulk rotation jobs that survive a closed tab: a [`BulkJob`] is the plan, each key's
//! outcome, its request id and the key's state before, written to a small JSON file at
//! any moment; [`Client::reconcile_job`] reads it back against KMS.
//!
//! Reopening a job never trusts the file about what happened after it was saved: the
//! tab may have gone on sending, and closed with a request on the wire. So every key
//! not known to be finished is read again and compared with its state before the job
//! ([`RotationBaseline`] evidence, never a time window):
//!
//! - a rotation the key did not have before → started (then followed to completion);
//! - an unconfirmed key without such evidence stays unconfirmed: never resent;
//! - any other key without evidence may be sent again, but only once no request of the
//!   closed tab can still act. KMS refuses a request signed more than five minutes from
//!   its clock (SigV4), and the closed tab signed nothing after the job was reopened, so
//!   the key is read again [`IN_FLIGHT_BOUND_MS`] after reopening, over the confirmation
//!   window (reads lag), before it counts as not rotated.
//!
//! The deterministic simulation drives save, close and reopen through thousands of fault
//! schedules (`simulation.rs`, scenario `Reopen`).

use crate::client::{Client, CredentialsProvider};
use crate::error::{Error, InputError, RotationUnconfirmed};
use crate::model::{IncludeKeyMaterial, RotationsListEntry};
use crate::rotation::{CompletedRotation, RotationBaseline, RotationOutcome, StartedRotation};
use crate::time::Timestamp;
use crate::transport::{Clock, Transport};
use serde::{Deserialize, Serialize};

/// The `format` of a job file.
pub const JOB_FORMAT: &str = "kms-rotate-job/1";

/// KMS refuses a request whose SigV4 date is more than five minutes from its clock, so
/// no request acts later than this after it was signed.
pub const SIGNATURE_VALIDITY_MS: i64 = 5 * 60 * 1000;

/// How long after reopening a job its keys without evidence are read before they count
/// as not rotated: the signature validity, plus a margin for clock correction.
pub const IN_FLIGHT_BOUND_MS: i64 = SIGNATURE_VALIDITY_MS + 30_000;

/// Where one key of a job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum JobState {
    /// Not sent, as far as the job knows.
    Waiting,
    /// KMS accepted the rotation (or evidence showed it did); it is being followed.
    Started,
    /// The rotation completed; [`JobItem::completed`] is its history entry.
    Completed,
    /// An ambiguous failure that reads could not settle: never resent.
    Unconfirmed,
    /// Provably not carried out (KMS refused it).
    NotCarriedOut,
}

/// One key of a job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JobItem {
    /// The key ID (or ARN) as planned.
    pub key_id: String,
    /// Its first alias, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Where it stands.
    pub state: JobState,
    /// The key's rotations before the job (or before its request): what evidence of a
    /// new rotation is judged against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<RotationBaseline>,
    /// When the rotation request was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
    /// The request id of KMS's answer, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The new history entry, once completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<RotationsListEntry>,
    /// What happened, in words.
    #[serde(default)]
    pub message: String,
}

impl JobItem {
    /// A key waiting to be sent, with its rotations as read before the job.
    pub fn waiting(key_id: &str, alias: Option<String>, before: Option<RotationBaseline>) -> Self {
        Self {
            key_id: key_id.to_owned(),
            alias,
            state: JobState::Waiting,
            before,
            sent_at: None,
            request_id: None,
            completed: None,
            message: String::new(),
        }
    }

    /// Records the outcome of this key's rotation request or of following it.
    pub fn record(&mut self, outcome: &RotationOutcome) {
        match outcome {
            RotationOutcome::Completed(done) => self.complete(done),
            RotationOutcome::Started(started) => self.start(started),
            RotationOutcome::Unconfirmed(unconfirmed) => {
                self.state = JobState::Unconfirmed;
                self.sent_at = Some(unconfirmed.sent_at);
                self.before = Some((*unconfirmed.baseline).clone());
                self.message = unconfirmed.to_string();
            }
            RotationOutcome::NotCarriedOut(error) => {
                self.state = JobState::NotCarriedOut;
                self.request_id = error.request_id().map(str::to_owned);
                self.message = error.to_string();
            }
        }
    }

    /// Records a started rotation (its baseline replaces the job's older one).
    pub fn start(&mut self, started: &StartedRotation) {
        self.state = JobState::Started;
        self.sent_at = Some(started.started_at);
        if started.request_id.is_some() {
            self.request_id.clone_from(&started.request_id);
        }
        self.before = Some(started.baseline.clone());
        self.message = "KMS accepted the rotation.".to_owned();
    }

    /// Records a completed rotation.
    pub fn complete(&mut self, done: &CompletedRotation) {
        self.state = JobState::Completed;
        self.sent_at.get_or_insert(done.started_at);
        self.completed = Some(done.entry.clone());
        self.message = format!(
            "Completed: new key material {}.",
            done.entry
                .key_material_id
                .as_deref()
                .unwrap_or("(not named)")
        );
    }

    /// The rotation to follow, for a started item.
    pub fn started_rotation(&self) -> Option<StartedRotation> {
        (self.state == JobState::Started).then(|| StartedRotation {
            key_id: self.key_id.clone(),
            started_at: self.sent_at.unwrap_or(Timestamp::from_epoch_millis(0)),
            request_id: self.request_id.clone(),
            baseline: self.before.clone().unwrap_or_else(|| RotationBaseline {
                key_id: self.key_id.clone(),
                read_at: Timestamp::from_epoch_millis(0),
                in_progress_since: None,
                on_demand: Vec::new(),
                current_key_material_id: None,
            }),
        })
    }

    /// Whether nothing more will happen to this key in this job.
    pub fn is_final(&self) -> bool {
        matches!(self.state, JobState::Completed | JobState::NotCarriedOut)
    }
}

/// A bulk rotation job, as saved to a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BulkJob {
    /// Always [`JOB_FORMAT`].
    pub format: String,
    /// The Region of every key.
    pub region: String,
    /// The account, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// When the job started sending (or was planned).
    pub started_at: Timestamp,
    /// When the file was written.
    pub saved_at: Timestamp,
    /// The keys, in plan order.
    pub items: Vec<JobItem>,
}

impl BulkJob {
    /// A new job over `items`.
    pub fn new(
        region: &str,
        account_id: Option<String>,
        items: Vec<JobItem>,
        now: Timestamp,
    ) -> Self {
        Self {
            format: JOB_FORMAT.to_owned(),
            region: region.to_owned(),
            account_id,
            started_at: now,
            saved_at: now,
            items,
        }
    }

    /// The file's text, stamped with `now` as its save time.
    pub fn to_file(&mut self, now: Timestamp) -> String {
        self.saved_at = now;
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a job file, saying what is wrong with one that is not.
    pub fn from_file(text: &str) -> Result<Self, Error> {
        let job: Self = serde_json::from_str(text).map_err(|e| {
            Error::Input(InputError::invalid(
                "job file",
                format!("this is not a kms-rotate job file ({e}); choose a file the bulk rotation page saved"),
            ))
        })?;
        if job.format != JOB_FORMAT {
            return Err(Error::Input(InputError::invalid(
                "job file",
                format!(
                    "the file's format is {:?}; this version reads {JOB_FORMAT:?}",
                    job.format
                ),
            )));
        }
        if let Some(item) = job
            .items
            .iter()
            .find(|item| !item.is_final() && item.before.is_none())
        {
            return Err(Error::Input(InputError::invalid(
                "job file",
                format!(
                    "key {} has no record of its rotations before the job, so a rotation since cannot be told apart; open the key's page to check it instead",
                    item.key_id
                ),
            )));
        }
        Ok(job)
    }
}

const FOUND_ROTATED: &str =
    "Reopened: KMS shows this key's rotation since the job began; it was not sent again.";

/// What reconciling one key found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reconciled {
    /// Already final in the file: not read.
    Final,
    /// The key shows a rotation since its state before: started (follow it).
    Started(StartedRotation),
    /// Unconfirmed, and still no evidence: not resent.
    StillUnconfirmed,
    /// No rotation since the job's record, read after no request of the closed tab
    /// could still act: safe to send.
    NotRotated,
}

impl<T: Transport, C: Clock, P: CredentialsProvider> Client<T, C, P> {
    /// Reconciles every key of a reopened job against KMS, in order, handing each
    /// finding to `on_item` as it comes, with the key's item as recorded in the job. Keys with
    /// evidence are found at once; the others are looked at again once no request of
    /// the closed tab can act ([`IN_FLIGHT_BOUND_MS`] after `reopened_at`). Read
    /// failures leave a key as it was, and stop: an error names the key.
    pub async fn reconcile_job(
        &self,
        job: &mut BulkJob,
        reopened_at: Timestamp,
        mut on_item: impl FnMut(usize, &Reconciled, &JobItem),
    ) -> Result<(), Error> {
        let mut open = Vec::new();
        for (index, item) in job.items.iter_mut().enumerate() {
            if item.is_final() {
                on_item(index, &Reconciled::Final, item);
                continue;
            }
            match self.evidence_since(item).await? {
                Some(started) => {
                    item.start(&started);
                    item.message = FOUND_ROTATED.to_owned();
                    on_item(index, &Reconciled::Started(started), item);
                }
                None => open.push(index),
            }
        }
        if open.is_empty() {
            return Ok(());
        }
        #[cfg(test)]
        let skip_wait = crate::simulation::known_bug::is(
            crate::simulation::known_bug::KnownBug::NoInFlightWait,
        );
        #[cfg(not(test))]
        let skip_wait = false;
        if !skip_wait {
            let wait = reopened_at
                .plus_millis(IN_FLIGHT_BOUND_MS)
                .millis_since(self.now());
            if wait > 0 {
                self.sleep(u64::try_from(wait).unwrap_or(0)).await;
            }
        }
        // Then every open key is looked at in rounds over the confirmation window (KMS
        // reads lag writes): the window is spent once, however many keys.
        let polling = self.config().polling;
        let mut delay = polling.confirm_delay_ms;
        for look in 0..polling.confirm_attempts.max(1) {
            if look > 0 {
                self.sleep(delay).await;
                delay = delay.saturating_mul(2);
            }
            let mut still_open = Vec::with_capacity(open.len());
            for index in open {
                let item = &mut job.items[index];
                match self.evidence_since(item).await? {
                    Some(started) => {
                        item.start(&started);
                        item.message = FOUND_ROTATED.to_owned();
                        on_item(index, &Reconciled::Started(started), item);
                    }
                    None => still_open.push(index),
                }
            }
            open = still_open;
            if open.is_empty() {
                break;
            }
        }
        for index in open {
            let item = &mut job.items[index];
            let reconciled = if item.state == JobState::Unconfirmed {
                item.message = "Reopened: still no sign of this rotation in KMS; it was not sent again. Re-check later.".to_owned();
                Reconciled::StillUnconfirmed
            } else {
                item.state = JobState::Waiting;
                item.sent_at = None;
                item.request_id = None;
                item.message =
                    "Reopened: KMS shows no rotation since the job began; ready to send."
                        .to_owned();
                Reconciled::NotRotated
            };
            on_item(index, &reconciled, item);
        }
        Ok(())
    }

    /// One look at `item`'s key: a started rotation when it shows one its record of
    /// before lacks. A started item is started by definition.
    async fn evidence_since(&self, item: &JobItem) -> Result<Option<StartedRotation>, Error> {
        if item.state == JobState::Started {
            return Ok(item.started_rotation());
        }
        #[cfg(test)]
        if item.state == JobState::Waiting
            && crate::simulation::known_bug::is(
                crate::simulation::known_bug::KnownBug::TrustSavedJob,
            )
        {
            return Ok(None);
        }
        let Some(before) = &item.before else {
            return Ok(None);
        };
        let status = self.get_key_rotation_status(&item.key_id).await?;
        let history = self
            .all_key_rotations(&item.key_id, Some(IncludeKeyMaterial::AllKeyMaterial))
            .await?;
        Ok(before
            .shows_new_rotation(Some(&status), Some(&history))
            .then(|| StartedRotation {
                key_id: item.key_id.clone(),
                started_at: item
                    .sent_at
                    .or(status.on_demand_rotation_start_date)
                    .or_else(|| {
                        before
                            .new_on_demand_entry(&history)
                            .and_then(|e| e.rotation_date)
                    })
                    .unwrap_or(before.read_at),
                request_id: item.request_id.clone(),
                baseline: before.clone(),
            }))
    }
}

/// The outcome to show for an unconfirmed item of a reopened job, with its record.
pub fn unconfirmed_of(item: &JobItem) -> Option<RotationUnconfirmed> {
    (item.state == JobState::Unconfirmed).then(|| RotationUnconfirmed {
        key_id: item.key_id.clone(),
        cause: Box::new(Error::Input(InputError::invalid(
            "KeyId",
            "the answer to this rotation request was lost before the job was saved",
        ))),
        sent_at: item.sent_at.unwrap_or(Timestamp::from_epoch_millis(0)),
        baseline: Box::new(item.before.clone().unwrap_or(RotationBaseline {
            key_id: item.key_id.clone(),
            read_at: Timestamp::from_epoch_millis(0),
            in_progress_since: None,
            on_demand: Vec::new(),
            current_key_material_id: None,
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline(key_id: &str) -> RotationBaseline {
        let status = crate::model::GetKeyRotationStatusOutput::default();
        RotationBaseline::new(
            key_id,
            &status,
            &[],
            Timestamp::from_epoch_millis(1_700_000_000_000),
        )
    }

    #[test]
    fn a_job_file_reads_back_as_written() {
        let items = vec![
            JobItem::waiting("k1", Some("alias/a".into()), Some(baseline("k1"))),
            JobItem::waiting("k2", None, Some(baseline("k2"))),
        ];
        let mut job = BulkJob::new(
            "eu-west-1",
            Some("111122223333".into()),
            items,
            Timestamp::from_epoch_millis(1_700_000_000_000),
        );
        let text = job.to_file(Timestamp::from_epoch_millis(1_700_000_060_000));
        assert!(text.contains("\"format\": \"kms-rotate-job/1\""), "{text}");
        assert!(text.contains("\"state\": \"WAITING\""), "{text}");
        assert_eq!(BulkJob::from_file(&text).unwrap(), job);
    }

    #[test]
    fn a_file_that_is_not_a_job_says_what_is_wrong() {
        let not_json = BulkJob::from_file("receipts").unwrap_err().to_string();
        assert!(not_json.contains("not a kms-rotate job file"), "{not_json}");
        let mut job = BulkJob::new(
            "us-east-1",
            None,
            vec![JobItem::waiting("k1", None, None)],
            Timestamp::from_epoch_millis(0),
        );
        let text = job.to_file(Timestamp::from_epoch_millis(0));
        let no_before = BulkJob::from_file(&text).unwrap_err().to_string();
        assert!(
            no_before.contains("key k1 has no record of its rotations before the job"),
            "{no_before}"
        );
        let other = text.replace(JOB_FORMAT, "kms-rotate-job/9");
        let other = BulkJob::from_file(&other).unwrap_err().to_string();
        assert!(other.contains("\"kms-rotate-job/9\""), "{other}");
    }
}
