//! The only module that talks to KMS: views call these functions and never build
//! requests. It owns the client (one per session generation), turns kms-core errors
//! into plain words with the request id, and notices expired credentials (which send
//! the user back to the sign-in page, keeping the page they were on).

use crate::format::sentence;
use crate::state::{use_app_state, AppState, BulkItem, BulkOutcome, KeyRow, LoadProgress, Session};
use kms_core::client::{Client, ClientConfig};
use kms_core::credentials::Credentials;
use kms_core::eligibility::{check, Eligibility, MAX_ON_DEMAND_ROTATIONS};
use kms_core::error::{Error, ErrorCode};
use kms_core::inventory::{self, rotation_reads, Focus, InventoryProgress, InventorySink, KeyRead};
use kms_core::model::{
    AliasListEntry, GetKeyRotationStatusOutput, IncludeKeyMaterial, KeyListEntry, KeyMetadata,
    ListKeysInput, RotationsListEntry,
};
use kms_core::quota::Paced;
use kms_core::retry::RetryPolicy;
use kms_core::rotation::{CompletedRotation, RotationOutcome, RotationProgress, StartedRotation};
use kms_core::time::Timestamp;
use kms_core::transport::TransportErrorKind;
use kms_fetch::{FetchTransport, JsClock};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

type ConsoleClient = Client<Paced<FetchTransport, JsClock>, JsClock, Credentials>;

thread_local! {
    /// The client of the current session generation. The browser runs one thread.
    static CLIENT: RefCell<Option<(u64, Rc<ConsoleClient>)>> = const { RefCell::new(None) };
    /// The current key-loading run: older runs stop writing when it changes.
    static LOAD_RUN: Cell<u64> = const { Cell::new(0) };
    /// The keys the user is looking at: the key load reads them first.
    static FOCUS: Focus = Focus::default();
}

/// Tells the key load what the user is looking at, most wanted first: the key opened,
/// the rows on screen, then the rest of the filtered set in the table's order.
pub(crate) fn set_focus(keys: Vec<String>) {
    FOCUS.with(|focus| focus.set(keys));
}

/// The keys table, filled by the inventory load (kms-core) as reads come: row updates
/// are applied in batches (see [`flush_interval_ms`]).
struct TableSink {
    api: Api,
    run: u64,
    index: HashMap<String, usize>,
    batch: Vec<(usize, RowUpdate)>,
    progress: InventoryProgress,
    last_flush: Timestamp,
    now: Timestamp,
}

impl TableSink {
    fn current(&self) -> bool {
        LOAD_RUN.with(Cell::get) == self.run
    }

    /// Applies the updates gathered so far, if it is time (or `force`).
    fn flush(&mut self, force: bool) {
        let now = crate::clock::now();
        let due = now.epoch_millis() - self.last_flush.epoch_millis()
            >= flush_interval_ms(self.index.len());
        if !(force || due) || !self.current() {
            return;
        }
        self.last_flush = now;
        let keys = self.api.state.keys;
        let progress = self.progress;
        keys.progress.update(|p| {
            if progress.listing_done {
                p.phase = "Reading keys, rotation status and history".to_owned();
                p.done = progress.done;
                p.total = progress.listed;
            } else {
                p.done = progress.listed;
            }
        });
        let updates = std::mem::take(&mut self.batch);
        if updates.is_empty() {
            return;
        }
        let at = self.now;
        keys.rows.update(|rows| {
            for (i, update) in updates {
                if let Some(row) = rows.get_mut(i) {
                    apply(row, update, at);
                }
            }
        });
    }
}

impl InventorySink for TableSink {
    fn keys_listed(&mut self, page: Vec<KeyListEntry>) {
        let index = &mut self.index;
        self.api.state.keys.rows.update(|rows| {
            for entry in page {
                if !index.contains_key(&entry.key_id) {
                    index.insert(entry.key_id.clone(), rows.len());
                    rows.push(KeyRow::new(entry.key_id, entry.key_arn));
                }
            }
        });
    }

    fn aliases_listed(&mut self, aliases: Vec<AliasListEntry>) {
        let index = &self.index;
        self.api.state.keys.rows.update(|rows| {
            let mut touched: Vec<usize> = Vec::new();
            for alias in aliases {
                let target = alias.target_key_id.as_ref().and_then(|id| index.get(id));
                if let Some(row) = target.and_then(|&i| rows.get_mut(i)) {
                    row.aliases.push(alias.alias_name);
                    touched.extend(target);
                }
            }
            for i in touched {
                if let Some(row) = rows.get_mut(i) {
                    row.aliases.sort();
                    row.refresh_search();
                }
            }
        });
    }

    fn key_read(&mut self, key_id: &str, read: KeyRead) {
        let Some(&i) = self.index.get(key_id) else {
            return;
        };
        let update = match read {
            KeyRead::Described(metadata) => {
                self.api.learn_account(&metadata);
                RowUpdate::Metadata(metadata)
            }
            KeyRead::Rotation { status, history } => RowUpdate::Rotation { status, history },
            KeyRead::Failed(error) => RowUpdate::Failed(explain(&error).to_string()),
        };
        self.batch.push((i, update));
        self.flush(false);
    }

    fn progress(&mut self, progress: &InventoryProgress) {
        let listing = !progress.listing_done;
        self.progress = *progress;
        if listing {
            self.flush(false);
        }
    }

    fn cancelled(&self) -> bool {
        !self.current()
    }
}

/// How often the table is updated while loading, in milliseconds, for `rows` rows:
/// every 150 ms, and less often for large tables (each update sorts and filters the
/// whole table again; at 10,000 rows every 500 ms).
fn flush_interval_ms(rows: usize) -> i64 {
    i64::try_from(rows / 20).unwrap_or(i64::MAX).clamp(150, 500)
}

/// A failure, in words a user acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    /// What happened and what to do, in a sentence or two.
    pub(crate) summary: String,
    /// What KMS or the platform said, verbatim.
    pub(crate) detail: Option<String>,
    /// The KMS error code, when KMS answered.
    pub(crate) code: Option<String>,
    /// The request id, when known.
    pub(crate) request_id: Option<String>,
    /// A rotation that KMS accepted before this failure: never send it again; it can
    /// be followed ("keep tracking").
    pub(crate) started: Option<Box<StartedRotation>>,
}

impl ApiError {
    pub(crate) fn plain(summary: impl Into<String>) -> Self {
        Self {
            summary: summary.into(),
            detail: None,
            code: None,
            request_id: None,
            started: None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_else(|| "this page".to_owned())
}

/// Explains a kms-core error in plain words.
pub(crate) fn explain(error: &Error) -> ApiError {
    let mut explained = match error {
        Error::Transport(transport) => {
            let summary = match transport.kind {
                TransportErrorKind::Unreachable => format!(
                    "The endpoint did not answer or did not allow this origin ({}). Check that it is running and reachable, and that its CORS settings allow this page; the browser does not say which of these it was.",
                    page_origin()
                ),
                TransportErrorKind::TimedOut => {
                    "The endpoint did not answer in time. Try again; if it keeps happening, check the network.".to_owned()
                }
                TransportErrorKind::ConnectionLost => {
                    "The connection was lost before an answer came. Try again.".to_owned()
                }
                _ => sentence(&transport.to_string()),
            };
            // The summary says all a browser lets us know about an unreachable endpoint;
            // the platform's words ("Failed to fetch") would only repeat it.
            let detail = (transport.kind != TransportErrorKind::Unreachable)
                .then(|| transport.to_string())
                .filter(|d| !d.is_empty());
            ApiError {
                detail,
                ..ApiError::plain(summary)
            }
        }
        Error::Service(service) => {
            let summary = match &service.code {
                ErrorCode::ConflictException => "KMS refused the rotation: a rotation of this key is in progress, or an automatic rotation starts within 20 minutes. Try again when it is done.".to_owned(),
                ErrorCode::LimitExceededException => "KMS refused the rotation: this key has used all 25 on-demand rotations, for good. Turn on automatic rotation instead.".to_owned(),
                ErrorCode::DisabledException => "KMS refused: the key is disabled. Enable the key first.".to_owned(),
                code => match service.advice() {
                    Some(advice) => sentence(advice),
                    None if service.message.is_empty() => format!("KMS answered {code}."),
                    None => format!("KMS answered {code}: {}", sentence(&service.message)),
                },
            };
            let detail = if service.message.is_empty() {
                format!("{} (HTTP {})", service.code, service.http_status)
            } else {
                format!("{}: {} (HTTP {})", service.code, service.message, service.http_status)
            };
            ApiError {
                detail: Some(detail),
                code: Some(service.code.to_string()),
                request_id: service.request_id.clone(),
                ..ApiError::plain(summary)
            }
        }
        Error::Response(response) => ApiError {
            detail: Some(response.to_string()),
            ..ApiError::plain("The endpoint answered with something that is not a KMS response. Check the endpoint URL.")
        },
        Error::RotationTrackingFailed(failed) => {
            let cause = explain(&failed.cause);
            ApiError {
                detail: cause.detail,
                code: Some("RotationTrackingFailed".to_owned()),
                request_id: cause.request_id,
                started: Some(failed.started.clone()),
                ..ApiError::plain(format!(
                    "The rotation started, but following it failed: {} Do not rotate again: keep tracking it.",
                    cause.summary
                ))
            }
        }
        other => ApiError::plain(sentence(&other.to_string())),
    };
    if explained.request_id.is_none() {
        explained.request_id = error.request_id().map(str::to_owned);
    }
    explained
}

/// Whether the error says the credentials expired.
fn is_expiry(error: &Error) -> bool {
    matches!(error, Error::Credentials(_))
        || matches!(error.code(), Some(ErrorCode::ExpiredTokenException))
}

/// What the key page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeyDetail {
    /// DescribeKey.
    pub(crate) metadata: KeyMetadata,
    /// Alias names.
    pub(crate) aliases: Vec<String>,
    /// GetKeyRotationStatus, for keys that have one.
    pub(crate) status: Option<GetKeyRotationStatusOutput>,
    /// The whole history, newest first.
    pub(crate) history: Vec<RotationsListEntry>,
    /// Whether it can be rotated on demand now.
    pub(crate) eligibility: Eligibility,
}

fn last_rotation(history: &[RotationsListEntry]) -> Option<Timestamp> {
    history.iter().filter_map(|entry| entry.rotation_date).max()
}

fn newest_first(mut history: Vec<RotationsListEntry>) -> Vec<RotationsListEntry> {
    history.sort_by_key(|entry| std::cmp::Reverse(entry.rotation_date));
    history
}

/// A row's update, applied in batches.
enum RowUpdate {
    Metadata(Box<KeyMetadata>),
    Rotation {
        status: Option<GetKeyRotationStatusOutput>,
        history: Option<Vec<RotationsListEntry>>,
    },
    Failed(String),
}

/// The handle views use; `Copy`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Api {
    state: AppState,
}

/// Before a session starts: asks the endpoint for one key with these credentials, so
/// that sign-in says once, plainly, what is wrong (nothing answering, a wrong key, an
/// expired token) instead of the keys page failing afterwards.
pub(crate) async fn check_endpoint(
    credentials: Credentials,
    region: &str,
    endpoint: &crate::state::EndpointChoice,
) -> Result<(), String> {
    let config = endpoint.config(region);
    let url = config
        .resolve()
        .map(|resolved| resolved.url)
        .map_err(|error| sentence(&error.to_string()))?;
    let client = Client::new(
        ClientConfig::new(config),
        credentials,
        kms_fetch::FetchTransport::default(),
        JsClock::new(),
    )
    .map_err(|error| explain(&error).summary)?;
    let probe = ListKeysInput {
        limit: Some(1),
        marker: None,
    };
    match client.list_keys(&probe).await {
        Ok(_) => Ok(()),
        Err(Error::Transport(transport))
            if matches!(
                transport.kind,
                TransportErrorKind::Unreachable | TransportErrorKind::NotConnected
            ) =>
        {
            Err(format!(
                "Nothing answered at {url}, or it does not allow this page ({}) to call it. Check the URL and the port, and that the endpoint is running (scripts/run.sh prints kms-local's).",
                page_origin()
            ))
        }
        Err(error) if is_expiry(&error) => Err(
            "These credentials have expired (the endpoint says so). Get fresh ones and paste them again."
                .to_owned(),
        ),
        Err(error) => Err(explain(&error).summary),
    }
}

/// Forgets the cached client, which holds the credentials, and stops a key load in
/// progress (its requests check the load run before each key).
fn forget_client() {
    CLIENT.with_borrow_mut(|cached| *cached = None);
    LOAD_RUN.with(|run| run.set(run.get() + 1));
}

/// Whether a client (and so credentials) is cached: for tests of sign-out.
#[cfg(test)]
pub(crate) fn has_cached_client() -> bool {
    CLIENT.with_borrow(Option::is_some)
}

/// The API handle of the app.
pub(crate) fn use_api() -> Api {
    Api::new(use_app_state())
}

impl Api {
    /// An API over `state`'s session.
    pub(crate) fn new(state: AppState) -> Self {
        Self { state }
    }

    fn session(&self) -> Result<Session, ApiError> {
        self.state
            .session
            .get_untracked()
            .ok_or_else(|| ApiError::plain("You are signed out. Sign in to continue."))
    }

    fn client(&self) -> Result<Rc<ConsoleClient>, ApiError> {
        let session = self.session()?;
        if let Some(client) = CLIENT.with_borrow(|cached| {
            cached
                .as_ref()
                .filter(|(generation, _)| *generation == session.generation)
                .map(|(_, client)| client.clone())
        }) {
            return Ok(client);
        }
        let mut config = ClientConfig::new(session.endpoint.config(&session.region));
        // Five attempts rather than three: a bulk run shares the account's quota with
        // other tools, and throttled requests are refused whole (safe to send again).
        config.retry = RetryPolicy::with_max_attempts(5);
        let client = Client::new(
            config,
            session.credentials.clone(),
            Paced::new(FetchTransport::default(), JsClock::new()),
            JsClock::new(),
        )
        .map(Rc::new)
        .map_err(|error| explain(&error))?;
        CLIENT.with_borrow_mut(|cached| *cached = Some((session.generation, client.clone())));
        Ok(client)
    }

    /// Signs out: the credentials, the client that holds them and everything loaded
    /// with them are forgotten, and any load or bulk run stops.
    pub(crate) fn sign_out(&self) {
        self.state.bulk.stop_requested.set(true);
        forget_client();
        self.state.sign_out();
    }

    /// Explains `error`, and signs out (keeping the page) when the credentials expired.
    fn fail(&self, error: &Error) -> ApiError {
        if is_expiry(error) {
            forget_client();
            self.state.expire(
                "Your credentials expired. Sign in again with fresh ones to continue where you left off.",
            );
        }
        explain(error)
    }

    fn now(&self) -> Timestamp {
        crate::clock::now()
    }

    fn learn_account(&self, metadata: &KeyMetadata) {
        if let Some(account) = &metadata.aws_account_id {
            if self.state.account_id.get_untracked().as_ref() != Some(account) {
                self.state.account_id.set(Some(account.clone()));
            }
        }
    }

    // ---- the keys table -----------------------------------------------------------------

    /// Reads every key of the Region into the keys table, unless it holds them already
    /// (or `force`), with kms-core's inventory load: ListKeys pages first (rows appear
    /// at once), ListAliases, then each key's DescribeKey, GetKeyRotationStatus and
    /// ListKeyRotations, the keys the table shows first ([`set_focus`]). The transport
    /// keeps each operation within its quota.
    pub(crate) async fn load_keys(self, force: bool) {
        let keys = self.state.keys;
        let Ok(session) = self.session() else { return };
        let scope = session.data_scope();
        let running = keys.progress.with_untracked(|p| p.running);
        if !force && (running || keys.loaded_for.get_untracked().as_deref() == Some(&scope)) {
            return;
        }
        let run = LOAD_RUN.with(|current| {
            current.set(current.get() + 1);
            current.get()
        });
        let stop = |error: ApiError| {
            keys.progress.update(|p| {
                p.running = false;
                p.error = Some(error);
            });
        };
        let client = match self.client() {
            Ok(client) => client,
            Err(error) => return stop(error),
        };
        keys.loaded_for.set(None);
        keys.rows.set(Vec::new());
        keys.progress.set(LoadProgress {
            running: true,
            phase: "Listing keys".to_owned(),
            ..LoadProgress::default()
        });
        let mut sink = TableSink {
            api: self,
            run,
            index: HashMap::new(),
            batch: Vec::new(),
            progress: InventoryProgress::default(),
            last_flush: crate::clock::now(),
            now: self.now(),
        };
        let focus = FOCUS.with(Focus::clone);
        let result = client
            .load_inventory(&focus, inventory::DEFAULT_CONCURRENCY, &mut sink)
            .await;
        if !sink.current() {
            return;
        }
        sink.flush(true);
        match result {
            Ok(_) => {
                keys.loaded_for.set(Some(scope));
                keys.progress.update(|p| {
                    p.running = false;
                    p.phase = "Done".to_owned();
                });
            }
            Err(error) => stop(self.fail(&error)),
        }
    }

    /// Reads one key again (after a rotation or a settings change) and updates its row.
    fn update_row(&self, detail: &KeyDetail) {
        let key_id = detail.metadata.key_id.clone();
        self.state.keys.rows.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|row| row.key_id == key_id) {
                row.aliases = detail.aliases.clone();
                row.metadata = Some(detail.metadata.clone());
                row.status = detail.status.clone();
                row.last_rotation = last_rotation(&detail.history);
                row.history_read = true;
                row.eligibility = Some(detail.eligibility.clone());
                row.error = None;
                row.revision += 1;
                row.refresh_search();
            }
        });
    }

    // ---- one key ------------------------------------------------------------------------

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

    // ---- bulk rotation ------------------------------------------------------------------

    /// Sends `RotateKeyOnDemand` once for every waiting key of the bulk plan with
    /// kms-core's bulk engine (`rotate_each`: a baseline per key, evidence after an
    /// ambiguous failure, never a resend), one at a time (the transport keeps them at
    /// most 5 per second). Then follows every started rotation to completion.
    /// Nothing here resumes by itself: a reload forgets the plan.
    pub(crate) async fn run_bulk(self) {
        let bulk = self.state.bulk;
        if bulk.running.get_untracked() {
            return;
        }
        let Ok(client) = self.client() else { return };
        bulk.running.set(true);
        bulk.stop_requested.set(false);
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
            set_item(bulk.items, *first, |item| {
                item.outcome = BulkOutcome::Sending
            });
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
                        set_item(bulk.items, *next, |item| {
                            item.outcome = BulkOutcome::Sending
                        });
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
        set_item(self.state.bulk.items, i, |item| {
            item.at = Some(at);
            item.request_id = explained.as_ref().and_then(|e| e.request_id.clone());
            match outcome {
                RotationOutcome::Completed(done) => complete_item(item, &done),
                RotationOutcome::Started(started) => {
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
            set_item(bulk.items, i, |item| {
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
                Ok(done) => set_item(bulk.items, i, |item| complete_item(item, &done)),
                Err(error) => {
                    let explained = self.fail(&error);
                    set_item(bulk.items, i, |item| {
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
                RotationOutcome::Started(started) => set_item(bulk.items, i, |item| {
                    item.outcome = BulkOutcome::Started;
                    item.message = "The re-check found the rotation: it started.".to_owned();
                    item.started = Some(Box::new(started));
                    item.unconfirmed = None;
                }),
                _ => set_item(bulk.items, i, |item| {
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

/// Marks a bulk item completed with the rotation's new key material.
fn complete_item(item: &mut BulkItem, done: &CompletedRotation) {
    item.outcome = BulkOutcome::Completed;
    item.message =
        format!(
        "Completed: new key material {}; {} of {MAX_ON_DEMAND_ROTATIONS} on-demand rotations used.",
        done.entry.key_material_id.as_deref().unwrap_or("(not named)"),
        done.on_demand_used
    );
    item.remaining = Some(MAX_ON_DEMAND_ROTATIONS.saturating_sub(done.on_demand_used));
    item.started = None;
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

fn set_item(items: RwSignal<Vec<BulkItem>>, i: usize, change: impl FnOnce(&mut BulkItem)) {
    items.update(|items| {
        if let Some(item) = items.get_mut(i) {
            change(item);
        }
    });
}

fn apply(row: &mut KeyRow, update: RowUpdate, now: Timestamp) {
    row.revision += 1;
    apply_update(row, update, now);
    row.refresh_search();
}

fn apply_update(row: &mut KeyRow, update: RowUpdate, now: Timestamp) {
    match update {
        RowUpdate::Metadata(metadata) => {
            row.eligibility = Some(check(&metadata, None, None, now));
            row.history_read = !rotation_reads(&metadata).history;
            row.metadata = Some(*metadata);
        }
        RowUpdate::Rotation { status, history } => {
            if let Some(metadata) = &row.metadata {
                row.eligibility = Some(check(metadata, status.as_ref(), history.as_deref(), now));
            }
            if let Some(history) = &history {
                row.last_rotation = last_rotation(history);
                row.history_read = true;
            }
            row.status = status;
        }
        RowUpdate::Failed(message) => row.error = Some(message),
    }
}
