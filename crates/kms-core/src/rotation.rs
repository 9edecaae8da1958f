//! On-demand rotation with outcomes that are always true.
//!
//! `RotateKeyOnDemand` is not idempotent: each success spends one of the key's 25
//! on-demand rotations. So every rotation request ends in exactly one
//! [`RotationOutcome`], decided by evidence, never by a time window:
//!
//! - before sending, the client reads a [`RotationBaseline`]: the key's on-demand history
//!   entries, its current key material, and whether a rotation is in progress;
//! - after an ambiguous failure (a 5xx, a lost connection, a timeout, an unreadable
//!   answer) it never resends: it reads the key again, several times with growing waits
//!   (KMS reads lag writes by seconds), and counts the rotation as started only if the
//!   key shows one that the baseline did not have — a new `ON_DEMAND` history entry, a
//!   new current key material, or an `OnDemandRotationStartDate` that was not there;
//! - if those reads cannot tell, the answer is [`Error::RotationUnconfirmed`] (it carries
//!   the baseline, so [`Client::recheck_rotation`] can look again later), never
//!   "started" and never "not sent";
//! - once KMS accepted a rotation, any later failure (tracking, a timeout, the caller
//!   stopping) is [`Error::RotationTrackingFailed`]: the rotation started, do not retry,
//!   follow it with [`Client::wait_for_rotation`].
//!
//! The deterministic simulation in `simulation/` drives these functions through
//! thousands of seeded fault schedules against a model of KMS.
//!
//! ```
//! use kms_core::rotation::RotationOutcome;
//! use kms_core::error::Error;
//! # fn outcome(result: Result<kms_core::rotation::StartedRotation, Error>) {
//! match RotationOutcome::of_request(result) {
//!     RotationOutcome::Started(started) => println!("started at {}", started.started_at.to_rfc3339()),
//!     RotationOutcome::NotCarriedOut(error) => println!("not sent or refused: {error}"),
//!     RotationOutcome::Unconfirmed(unknown) => println!("look again later: {unknown}"),
//!     RotationOutcome::Completed(_) | _ => {}
//! }
//! # }
//! ```

use crate::client::{poll_once, Client, CredentialsProvider};
use crate::error::{Error, RotationTrackingFailed, RotationUnconfirmed};
use crate::model::{
    IncludeKeyMaterial, RotateKeyOnDemandInput, RotateKeyOnDemandOutput, RotationsListEntry,
};
use crate::ops::RotateKeyOnDemand;
use crate::rotation_baseline::is_on_demand;
// Declared below `error`, whose rotation errors carry them, so that `error` need not
// import this module; `kms_core::rotation` is still where callers find them.
pub use crate::rotation_baseline::{RotationBaseline, StartedRotation};
use crate::time::Timestamp;
use crate::transport::{Clock, Transport, TransportErrorKind};
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::Poll;

/// What rotation tracking reports along the way.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RotationProgress {
    /// KMS accepted the rotation request.
    Started {
        /// When the request was signed (corrected for clock skew).
        at: Timestamp,
    },
    /// `GetKeyRotationStatus` shows the rotation in progress.
    InProgress {
        /// `OnDemandRotationStartDate`, as KMS reports it.
        since: Timestamp,
    },
    /// The rotation is no longer in progress but the history does not show it yet
    /// (KMS reads lag): still waiting.
    Settling,
    /// The rotation is done.
    Completed {
        /// The new history entry.
        entry: RotationsListEntry,
    },
}

/// A completed on-demand rotation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CompletedRotation {
    /// The key.
    pub key_id: String,
    /// When the rotation request was sent (or, when following a rotation that was
    /// already in progress, when KMS says it started).
    pub started_at: Timestamp,
    /// When completion was seen.
    pub completed_at: Timestamp,
    /// The new `ON_DEMAND` history entry.
    pub entry: RotationsListEntry,
    /// On-demand rotations used, this one included.
    pub on_demand_used: u32,
}

/// The one true answer to "what happened to my rotation request?".
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RotationOutcome {
    /// The rotation is done; the new history entry is known.
    Completed(CompletedRotation),
    /// KMS accepted the rotation (it completes within minutes). Never send it again.
    Started(StartedRotation),
    /// Provably not carried out: refused before KMS acted (a 4xx answer, throttling,
    /// a signature or clock error, nothing connected) or never sent. Safe to retry
    /// when the error says so.
    NotCarriedOut(Error),
    /// An ambiguous failure, and the reads could not tell. Re-check before deciding.
    Unconfirmed(RotationUnconfirmed),
}

impl RotationOutcome {
    /// The outcome of a rotation request ([`Client::start_rotation`]).
    pub fn of_request(result: Result<StartedRotation, Error>) -> Self {
        match result {
            Ok(started) => Self::Started(started),
            Err(error) => Self::of_error(error),
        }
    }

    /// The outcome of a rotation followed to completion ([`Client::rotate_and_wait`],
    /// [`Client::wait_for_rotation`]).
    pub fn of_wait(result: Result<CompletedRotation, Error>) -> Self {
        match result {
            Ok(done) => Self::Completed(done),
            Err(error) => Self::of_error(error),
        }
    }

    fn of_error(error: Error) -> Self {
        match error {
            Error::RotationUnconfirmed(unconfirmed) => Self::Unconfirmed(unconfirmed),
            Error::RotationTrackingFailed(failed) => Self::Started(*failed.started),
            error => Self::NotCarriedOut(error),
        }
    }

    /// Its name, as the npm package and the console's exports spell it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Completed(_) => "COMPLETED",
            Self::Started(_) => "STARTED",
            Self::NotCarriedOut(_) => "NOT_CARRIED_OUT",
            Self::Unconfirmed(_) => "UNCONFIRMED",
        }
    }
}

impl<T: Transport, C: Clock, P: CredentialsProvider> Client<T, C, P> {
    /// Reads what a rotation of `key_id` will be compared with: its rotation status
    /// and its whole history with every key material.
    pub async fn read_rotation_baseline(&self, key_id: &str) -> Result<RotationBaseline, Error> {
        let status = self.get_key_rotation_status(key_id).await?;
        let history = self
            .all_key_rotations(key_id, Some(IncludeKeyMaterial::AllKeyMaterial))
            .await?;
        Ok(RotationBaseline::new(key_id, &status, &history, self.now()))
    }

    /// Sends `RotateKeyOnDemand` once, after reading the key's baseline. Resolves when
    /// KMS accepted it (or reads proved it did); after an ambiguous failure that reads
    /// cannot settle, [`Error::RotationUnconfirmed`]; any other error means the
    /// rotation was not carried out (see [`RotationOutcome::of_request`]).
    pub async fn start_rotation(&self, key_id: &str) -> Result<StartedRotation, Error> {
        // A trait object, so that the wasm holds one copy of this function, not one
        // per kind of stop.
        self.start_rotation_unless_stopped(key_id, pin!(std::future::pending::<Error>()))
            .await
    }

    /// [`start_rotation`](Self::start_rotation), which sends nothing when `stop` has
    /// yielded by the time the baseline is read.
    async fn start_rotation_unless_stopped(
        &self,
        key_id: &str,
        mut stop: Pin<&mut dyn Future<Output = Error>>,
    ) -> Result<StartedRotation, Error> {
        let input = RotateKeyOnDemandInput {
            key_id: key_id.to_owned(),
        };
        // Validate before any read: an alias or a wrong Region fails here, unsent.
        crate::client::PreparedRequest::new::<RotateKeyOnDemand>(&input)?;
        let baseline = self.read_rotation_baseline(key_id).await?;
        let stopped = std::future::poll_fn(|cx| Poll::Ready(stop.as_mut().poll(cx))).await;
        if let Poll::Ready(error) = stopped {
            return Err(error);
        }
        if let Some(since) = baseline.in_progress_since {
            // KMS would refuse it (ConflictException); and a rotation that completes
            // during ours would blur the evidence. Nothing is sent.
            return Err(Error::Input(crate::error::InputError::invalid(
                "KeyId",
                format!(
                    "an on-demand rotation of {key_id} is in progress since {}; wait for it \
                     to complete (wait_for_rotation) before rotating again",
                    since.to_rfc3339()
                ),
            )));
        }
        match self.execute::<RotateKeyOnDemand>(&input).await {
            Ok((_, signed_at, request_id)) => Ok(StartedRotation {
                key_id: key_id.to_owned(),
                started_at: signed_at,
                request_id,
                baseline,
            }),
            Err(failure) if is_conflict(&failure.error) => {
                // The baseline showed no rotation in progress, yet KMS says one is (or
                // that an automatic rotation is imminent). A browser may resend a
                // request whose connection broke before any answer; then the conflict
                // is with our own rotation. Only evidence tells: a new rotation means
                // ours started; none means KMS's refusal stands.
                let unconfirmed = RotationUnconfirmed {
                    key_id: key_id.to_owned(),
                    cause: Box::new(failure.error),
                    sent_at: failure.signed_at,
                    baseline: Box::new(baseline),
                };
                self.confirm(unconfirmed)
                    .await
                    .map_err(|refused| *refused.cause)
            }
            Err(failure) if !failure.ambiguous => Err(failure.error),
            Err(failure) => {
                let unconfirmed = RotationUnconfirmed {
                    key_id: key_id.to_owned(),
                    cause: Box::new(failure.error),
                    sent_at: failure.signed_at,
                    baseline: Box::new(baseline),
                };
                if is_aborted(&unconfirmed.cause) {
                    // The caller stopped: no more requests, and no claim either way.
                    return Err(Error::RotationUnconfirmed(unconfirmed));
                }
                self.confirm(unconfirmed)
                    .await
                    .map_err(Error::RotationUnconfirmed)
            }
        }
    }

    /// `RotateKeyOnDemand`, as the AWS SDK names it: [`start_rotation`](Self::start_rotation)
    /// with only KMS's answer.
    pub async fn rotate_key_on_demand(
        &self,
        key_id: &str,
    ) -> Result<RotateKeyOnDemandOutput, Error> {
        let started = self.start_rotation(key_id).await?;
        Ok(RotateKeyOnDemandOutput {
            key_id: Some(started.key_id),
        })
    }

    /// Looks again at a rotation whose outcome was unknown: started if the key now
    /// shows a rotation its baseline did not have, else still unconfirmed. Never sends.
    pub async fn recheck_rotation(&self, unconfirmed: &RotationUnconfirmed) -> RotationOutcome {
        #[cfg(test)]
        if crate::simulation::known_bug::is(
            crate::simulation::known_bug::KnownBug::RecheckSaysNotSent,
        ) {
            let found = self.look_for_new_rotation(&unconfirmed.baseline).await;
            return match found {
                Some(_) => RotationOutcome::Started(StartedRotation {
                    key_id: unconfirmed.key_id.clone(),
                    started_at: unconfirmed.sent_at,
                    request_id: None,
                    baseline: (*unconfirmed.baseline).clone(),
                }),
                None => RotationOutcome::NotCarriedOut((*unconfirmed.cause).clone()),
            };
        }
        match self.confirm(unconfirmed.clone()).await {
            Ok(started) => RotationOutcome::Started(started),
            Err(still) => RotationOutcome::Unconfirmed(still),
        }
    }

    /// After an ambiguous failure: reads the key a few times with growing waits (KMS
    /// reads lag) and decides by evidence against the baseline. Never resends.
    async fn confirm(
        &self,
        unconfirmed: RotationUnconfirmed,
    ) -> Result<StartedRotation, RotationUnconfirmed> {
        let polling = self.config().polling;
        let mut delay = polling.confirm_delay_ms;
        for look in 0..polling.confirm_attempts.max(1) {
            if look > 0 {
                self.sleep(delay).await;
                delay = delay.saturating_mul(2);
            }
            if self
                .look_for_new_rotation(&unconfirmed.baseline)
                .await
                .is_some()
            {
                return Ok(StartedRotation {
                    key_id: unconfirmed.key_id,
                    started_at: unconfirmed.sent_at,
                    request_id: None,
                    baseline: *unconfirmed.baseline,
                });
            }
        }
        Err(unconfirmed)
    }

    /// One look: `Some` when the status or the history shows a rotation that the
    /// baseline did not have. Read failures prove nothing: `None`.
    async fn look_for_new_rotation(&self, baseline: &RotationBaseline) -> Option<()> {
        let status = self.get_key_rotation_status(&baseline.key_id).await.ok();
        if baseline.shows_new_rotation(status.as_ref(), None) {
            return Some(());
        }
        let history = self
            .all_key_rotations(&baseline.key_id, Some(IncludeKeyMaterial::AllKeyMaterial))
            .await
            .ok()?;
        baseline
            .shows_new_rotation(status.as_ref(), Some(&history))
            .then_some(())
    }

    /// Starts an on-demand rotation and resolves when it has completed: polls
    /// `GetKeyRotationStatus` with growing waits until `OnDemandRotationStartDate` is
    /// gone, then reads the new history entry. `on_progress` hears each step.
    ///
    /// `stop` ends the wait early with the error it yields (an abort, a deadline of the
    /// caller's); pass `std::future::pending()` to wait for as long as the polling
    /// settings allow. Stopping before the rotation request is sent sends nothing.
    /// Every failure after KMS accepted the rotation (stopping included) is
    /// [`Error::RotationTrackingFailed`]: the rotation goes on in KMS.
    pub async fn rotate_and_wait(
        &self,
        key_id: &str,
        mut on_progress: impl FnMut(&RotationProgress),
        stop: impl Future<Output = Error>,
    ) -> Result<CompletedRotation, Error> {
        let mut stop = pin!(stop);
        if let Some(error) = poll_once(stop.as_mut()).await {
            return Err(error);
        }
        let started = self
            .start_rotation_unless_stopped(key_id, stop.as_mut())
            .await?;
        on_progress(&RotationProgress::Started {
            at: started.started_at,
        });
        let tracked = self
            .track(&started, started.started_at, on_progress, stop)
            .await;
        #[cfg(test)]
        if crate::simulation::known_bug::is(
            crate::simulation::known_bug::KnownBug::UntrackedFailure,
        ) {
            return tracked;
        }
        tracked.map_err(|cause| tracking_failed(started, cause))
    }

    /// Follows a rotation to completion without sending one, and resolves as
    /// [`rotate_and_wait`](Self::rotate_and_wait) does.
    ///
    /// With `started` (from a [`StartedRotation`] or an [`Error::RotationTrackingFailed`])
    /// it waits for that very rotation. Without, it follows the rotation in progress,
    /// or, when none is, resolves with the newest completed on-demand rotation (a
    /// rotation that finished moments ago); a key with neither is an input error.
    /// KMS reads lag, so without `started` it looks several times over the
    /// confirmation window (15 s by default) before it settles on "finished".
    pub async fn wait_for_rotation(
        &self,
        key_id: &str,
        started: Option<&StartedRotation>,
        mut on_progress: impl FnMut(&RotationProgress),
        stop: impl Future<Output = Error>,
    ) -> Result<CompletedRotation, Error> {
        let mut stop = pin!(stop);
        if let Some(started) = started {
            let from = self.now();
            return self
                .track(started, from, on_progress, stop)
                .await
                .map_err(|cause| tracking_failed(started.clone(), cause));
        }
        // Reads lag and need not agree: look a few times over the confirmation window
        // for a rotation in progress, and keep the newest completed one seen.
        let polling = self.config().polling;
        let mut delay = polling.confirm_delay_ms;
        let mut newest: Option<RotationBaseline> = None;
        for look in 0..polling.confirm_attempts.max(1) {
            if look > 0 {
                if let Some(error) = self.sleep_unless_stopped(delay, stop.as_mut()).await {
                    return Err(error);
                }
                delay = delay.saturating_mul(2);
            }
            let baseline = self.read_rotation_baseline(key_id).await?;
            if let Some(since) = baseline.in_progress_since {
                // Its entry is not in the history yet, so this baseline (with its
                // start date taken as known) recognises it when it lands.
                on_progress(&RotationProgress::InProgress { since });
                let started = StartedRotation {
                    key_id: key_id.to_owned(),
                    started_at: since,
                    request_id: None,
                    baseline,
                };
                let from = self.now();
                return self
                    .track(&started, from, on_progress, stop)
                    .await
                    .map_err(|cause| tracking_failed(started, cause));
            }
            let newer = match &newest {
                Some(seen) => baseline.on_demand.len() > seen.on_demand.len(),
                None => true,
            };
            if newer {
                newest = Some(baseline);
            }
        }
        match newest {
            Some(baseline) => self.newest_completed(key_id, &baseline, &mut on_progress),
            None => Err(Error::WaitTimedOut(0)),
        }
    }

    /// The newest on-demand rotation in the baseline's history, as a completion.
    fn newest_completed(
        &self,
        key_id: &str,
        baseline: &RotationBaseline,
        on_progress: &mut impl FnMut(&RotationProgress),
    ) -> Result<CompletedRotation, Error> {
        let Some(entry) = baseline.on_demand.iter().max_by_key(|e| e.rotation_date) else {
            return Err(Error::Input(crate::error::InputError::invalid(
                "KeyId",
                format!(
                    "{key_id} has no on-demand rotation in progress and none completed; \
                     there is nothing to follow (rotate it first)"
                ),
            )));
        };
        on_progress(&RotationProgress::Completed {
            entry: entry.clone(),
        });
        Ok(CompletedRotation {
            key_id: key_id.to_owned(),
            started_at: entry.rotation_date.unwrap_or(baseline.read_at),
            completed_at: baseline.read_at,
            entry: entry.clone(),
            on_demand_used: count(baseline.on_demand.len()),
        })
    }

    /// Polls until the history shows the started rotation; gives up `timeout_ms` after
    /// `from`. Errors are raw here: callers wrap them as tracking failures.
    async fn track(
        &self,
        started: &StartedRotation,
        from: Timestamp,
        mut on_progress: impl FnMut(&RotationProgress),
        mut stop: Pin<&mut impl Future<Output = Error>>,
    ) -> Result<CompletedRotation, Error> {
        let polling = self.config().polling;
        let mut delay = polling.initial_delay_ms;
        let key_id = &started.key_id;
        loop {
            let waited = self.now().millis_since(from);
            if waited > i64::try_from(polling.timeout_ms).unwrap_or(i64::MAX) {
                return Err(Error::WaitTimedOut(polling.timeout_ms));
            }
            if let Some(error) = self.sleep_unless_stopped(delay, stop.as_mut()).await {
                return Err(error);
            }
            delay = (delay + delay / 2).min(polling.max_delay_ms);

            let status = self.get_key_rotation_status(key_id).await?;
            if let Some(since) = status.on_demand_rotation_start_date {
                on_progress(&RotationProgress::InProgress { since });
                continue;
            }
            let history = self
                .all_key_rotations(key_id, Some(IncludeKeyMaterial::AllKeyMaterial))
                .await?;
            match started.baseline.new_on_demand_entry(&history) {
                Some(entry) => {
                    on_progress(&RotationProgress::Completed {
                        entry: entry.clone(),
                    });
                    let used = history.iter().filter(|e| is_on_demand(e)).count();
                    return Ok(CompletedRotation {
                        key_id: key_id.clone(),
                        started_at: started.started_at,
                        completed_at: self.now(),
                        entry: entry.clone(),
                        on_demand_used: count(used),
                    });
                }
                None => on_progress(&RotationProgress::Settling),
            }
        }
    }

    /// Sends one rotation for each key in order (the bulk rotation engine), each with
    /// its own baseline and evidence, and hands each outcome to `on_outcome` with the
    /// key's index; `on_outcome` returns false to stop. `stop` is checked between keys:
    /// a key is never left half sent.
    pub async fn rotate_each(
        &self,
        key_ids: &[String],
        mut on_outcome: impl FnMut(usize, RotationOutcome) -> bool,
        stop: impl Future<Output = Error>,
    ) {
        let mut stop = pin!(stop);
        for (index, key_id) in key_ids.iter().enumerate() {
            if poll_once(stop.as_mut()).await.is_some() {
                return;
            }
            let outcome = RotationOutcome::of_request(self.start_rotation(key_id).await);
            if !on_outcome(index, outcome) {
                return;
            }
        }
    }
}

fn tracking_failed(started: StartedRotation, cause: Error) -> Error {
    Error::RotationTrackingFailed(RotationTrackingFailed {
        started: Box::new(started),
        cause: Box::new(cause),
    })
}

fn is_conflict(error: &Error) -> bool {
    matches!(
        error.code(),
        Some(crate::error::ErrorCode::ConflictException)
    )
}

fn is_aborted(error: &Error) -> bool {
    matches!(error, Error::Transport(t) if t.kind == TransportErrorKind::Aborted)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
