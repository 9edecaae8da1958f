//! Shared state, provided through context: the session and the UI state that must
//! survive a re-sign-in (the page, filters, selection, bulk results).
//!
//! Credentials live here, in a signal, and nowhere else: never in localStorage,
//! sessionStorage, IndexedDB, cookies, the URL or a log. Signing out forgets them and
//! everything loaded with them; expiry forgets only the credentials, so that the user
//! comes back to the same page once signed in again.

use crate::error::ApiError;
use crate::router::Route;
use kms_core::credentials::Credentials;
use kms_core::eligibility::{check, Eligibility, MAX_ON_DEMAND_ROTATIONS};
use kms_core::error::RotationUnconfirmed;
use kms_core::findings::{evaluate, Check, Finding, KeyFacts, Policy};
use kms_core::inventory::rotation_reads;
use kms_core::model::{
    GetKeyLastUsageOutput, GetKeyRotationStatusOutput, KeyMetadata, RotationsListEntry, Tag,
};
use kms_core::partition::EndpointConfig;
use kms_core::rotation::{CompletedRotation, RotationBaseline, StartedRotation};
use kms_core::time::Timestamp;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// kms-local's default address.
pub(crate) const LOCAL_ENDPOINT: &str = "http://127.0.0.1:4599";
/// The Region the sign-in form starts with (kms-local's default Region).
pub(crate) const DEFAULT_REGION: &str = "us-east-1";

/// Where requests go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EndpointChoice {
    /// A local endpoint such as kms-local, at this URL.
    Local {
        /// `http://127.0.0.1:4599` by default.
        url: String,
    },
    /// AWS KMS in the session's Region.
    Aws {
        /// The FIPS endpoint.
        fips: bool,
        /// The dual-stack (IPv4 and IPv6) endpoint.
        dual_stack: bool,
    },
}

impl Default for EndpointChoice {
    fn default() -> Self {
        Self::Local {
            url: LOCAL_ENDPOINT.to_owned(),
        }
    }
}

impl EndpointChoice {
    /// kms-core's endpoint settings for `region`.
    pub(crate) fn config(&self, region: &str) -> EndpointConfig {
        match self {
            Self::Local { url } => EndpointConfig::new(region).with_custom_url(url.clone()),
            Self::Aws { fips, dual_stack } => EndpointConfig::new(region)
                .with_fips(*fips)
                .with_dual_stack(*dual_stack),
        }
    }

    /// A short label for the header.
    pub(crate) fn label(&self) -> String {
        match self {
            Self::Local { url } => format!("Local ({url})"),
            Self::Aws { fips, dual_stack } => match (fips, dual_stack) {
                (false, false) => "AWS".to_owned(),
                (true, false) => "AWS FIPS".to_owned(),
                (false, true) => "AWS dual-stack".to_owned(),
                (true, true) => "AWS FIPS dual-stack".to_owned(),
            },
        }
    }
}

/// A signed-in session. `Debug` shows no secret (kms-core redacts [`Credentials`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Session {
    /// Short-lived credentials.
    pub(crate) credentials: Credentials,
    /// The Region.
    pub(crate) region: String,
    /// Where requests go.
    pub(crate) endpoint: EndpointChoice,
    /// Changes with every sign-in and Region switch: clients are built per generation.
    pub(crate) generation: u64,
}

impl Session {
    /// What identifies the data loaded with this session: the same Region, endpoint and
    /// access key see the same keys.
    pub(crate) fn data_scope(&self) -> String {
        format!(
            "{}|{}|{}",
            self.region,
            self.endpoint.label(),
            self.credentials.access_key_id()
        )
    }
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
    /// When it was read.
    pub(crate) read_at: Timestamp,
}

/// What was read about a key while the table loads, applied in batches.
#[derive(Debug)]
pub(crate) enum RowUpdate {
    /// DescribeKey.
    Metadata(Box<KeyMetadata>),
    /// The rotation status and history, as far as read.
    Rotation {
        /// GetKeyRotationStatus.
        status: Option<GetKeyRotationStatusOutput>,
        /// The whole history.
        history: Option<Vec<RotationsListEntry>>,
    },
    /// One of its aliases (ListAliases, a page at a time).
    Alias(String),
    /// A read failed, in words.
    Failed(String),
}

fn last_rotation(history: &[RotationsListEntry]) -> Option<Timestamp> {
    history.iter().filter_map(|entry| entry.rotation_date).max()
}

/// One row of the keys table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeyRow {
    /// The key ID.
    pub(crate) key_id: String,
    /// The key ARN, from ListKeys.
    pub(crate) arn: Option<String>,
    /// Alias names.
    pub(crate) aliases: Vec<String>,
    /// DescribeKey, once read.
    pub(crate) metadata: Option<KeyMetadata>,
    /// GetKeyRotationStatus, for keys that have one.
    pub(crate) status: Option<GetKeyRotationStatusOutput>,
    /// The last rotation date, from the history.
    pub(crate) last_rotation: Option<Timestamp>,
    /// Whether the history was read (so the on-demand count is known).
    pub(crate) history_read: bool,
    /// Its rotations as last read: what a saved bulk job judges a later rotation by.
    pub(crate) before: Option<Box<RotationBaseline>>,
    /// The verdict, once the metadata is known.
    pub(crate) eligibility: Option<Eligibility>,
    /// What failed while reading this key.
    pub(crate) error: Option<String>,
    /// Bumped on every change, so that the table re-renders changed rows only.
    pub(crate) revision: u64,
    /// Everything the text filter looks at, lower-cased once per change (filtering
    /// 10,000 rows on each keystroke must not allocate per row).
    pub(crate) search: String,
    /// ListResourceTags, read after the first paint: `None` until read, or the failure
    /// in words.
    pub(crate) tags: Option<Result<Vec<Tag>, String>>,
    /// GetKeyLastUsage, read on demand ("Show last use"): as [`KeyRow::tags`].
    pub(crate) last_use: Option<Result<GetKeyLastUsageOutput, String>>,
}

impl KeyRow {
    /// A row with only the ListKeys entry.
    pub(crate) fn new(key_id: String, arn: Option<String>) -> Self {
        Self {
            key_id,
            arn,
            aliases: Vec::new(),
            metadata: None,
            status: None,
            last_rotation: None,
            history_read: false,
            before: None,
            eligibility: None,
            error: None,
            revision: 0,
            search: String::new(),
            tags: None,
            last_use: None,
        }
        .searchable()
    }

    /// Applies what the load read about this key; `now` judges eligibility.
    pub(crate) fn apply(&mut self, update: RowUpdate, now: Timestamp) {
        self.revision += 1;
        match update {
            RowUpdate::Metadata(metadata) => {
                self.eligibility = Some(check(&metadata, None, None, now));
                self.history_read = !rotation_reads(&metadata).history;
                self.metadata = Some(*metadata);
            }
            RowUpdate::Rotation { status, history } => {
                if let Some(metadata) = &self.metadata {
                    self.eligibility =
                        Some(check(metadata, status.as_ref(), history.as_deref(), now));
                }
                if let Some(history) = &history {
                    self.last_rotation = last_rotation(history);
                    self.history_read = true;
                    self.before = Some(Box::new(RotationBaseline::new(
                        &self.key_id,
                        &status.clone().unwrap_or_default(),
                        history,
                        now,
                    )));
                }
                self.status = status;
            }
            RowUpdate::Alias(name) => {
                self.aliases.push(name);
                self.aliases.sort();
            }
            RowUpdate::Failed(message) => self.error = Some(message),
        }
        self.refresh_search();
    }

    /// Shows what the key page read (after a rotation or a settings change).
    pub(crate) fn show(&mut self, detail: &KeyDetail) {
        self.aliases = detail.aliases.clone();
        self.metadata = Some(detail.metadata.clone());
        self.status = detail.status.clone();
        self.last_rotation = last_rotation(&detail.history);
        self.history_read = true;
        self.before = Some(Box::new(RotationBaseline::new(
            &self.key_id,
            &detail.status.clone().unwrap_or_default(),
            &detail.history,
            detail.read_at,
        )));
        self.eligibility = Some(detail.eligibility.clone());
        self.error = None;
        self.revision += 1;
        self.refresh_search();
    }

    /// Recomputes [`KeyRow::search`] after a change.
    pub(crate) fn searchable(mut self) -> Self {
        self.refresh_search();
        self
    }

    /// Recomputes [`KeyRow::search`] after a change.
    pub(crate) fn refresh_search(&mut self) {
        fn text<T: std::fmt::Display>(value: Option<&T>) -> String {
            value.map(ToString::to_string).unwrap_or_default()
        }
        let mut parts = vec![
            self.key_id.clone(),
            self.aliases.join(" "),
            text(self.arn.as_ref()),
        ];
        if let Some(m) = &self.metadata {
            parts.extend([
                text(m.description.as_ref()),
                text(m.key_state.as_ref()),
                text(m.effective_key_spec()),
                text(m.key_usage.as_ref()),
                text(m.origin.as_ref()),
                text(m.key_manager.as_ref()),
                text(m.multi_region_role()),
            ]);
        }
        let text = parts.join(" ");
        self.search = text.to_lowercase();
    }

    /// The checks this key breaks under `policy` (none until its metadata is read).
    pub(crate) fn findings(&self, policy: &Policy, now: Timestamp) -> Vec<Finding> {
        let Some(metadata) = &self.metadata else {
            return Vec::new();
        };
        let facts = KeyFacts {
            metadata,
            status: self.status.as_ref(),
            last_rotation: self.last_rotation,
            on_demand_remaining: self
                .eligibility
                .as_ref()
                .and_then(|e| e.on_demand_remaining)
                .filter(|_| self.history_read),
            aliases: &self.aliases,
        };
        evaluate(policy, &facts, now)
    }

    /// Shows automatic rotation as KMS now has it (after a fix from the findings page).
    pub(crate) fn show_automatic_rotation(&mut self, status: GetKeyRotationStatusOutput) {
        self.status = Some(status);
        self.revision += 1;
    }

    /// Whether an on-demand rotation is in progress.
    pub(crate) fn rotation_in_progress(&self) -> bool {
        self.status
            .as_ref()
            .is_some_and(|status| status.on_demand_rotation_start_date.is_some())
    }

    /// Whether the key can be rotated on demand now, as far as known.
    pub(crate) fn is_eligible(&self) -> bool {
        self.history_read
            && self
                .eligibility
                .as_ref()
                .is_some_and(Eligibility::is_eligible)
    }

    /// The first alias, or the key ID: how the console names a key to people.
    pub(crate) fn label(&self) -> String {
        self.aliases
            .first()
            .cloned()
            .unwrap_or_else(|| self.key_id.clone())
    }
}

/// A column of the keys table the user can sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Column {
    /// Aliases.
    Alias,
    /// Key ID.
    KeyId,
    /// Description.
    Description,
    /// Key spec and usage.
    Spec,
    /// Key manager (then origin).
    Manager,
    /// Key state.
    State,
    /// Multi-Region role.
    MultiRegion,
    /// Automatic rotation.
    Automatic,
    /// Last rotation date.
    LastRotation,
    /// On-demand rotations used.
    OnDemand,
    /// Eligibility.
    Eligibility,
}

/// The sort order of the keys table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sort {
    /// The column.
    pub(crate) column: Column,
    /// Ascending or descending.
    pub(crate) ascending: bool,
}

/// How far loading the keys got.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LoadProgress {
    /// Whether a load is running.
    pub(crate) running: bool,
    /// What is being read, in words.
    pub(crate) phase: String,
    /// Steps done in this phase.
    pub(crate) done: usize,
    /// Steps in this phase (0 while unknown).
    pub(crate) total: usize,
    /// What stopped the load.
    pub(crate) error: Option<ApiError>,
}

/// The keys page: its data and its controls.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeysState {
    /// Every key of the Region read so far.
    pub(crate) rows: RwSignal<Vec<KeyRow>>,
    /// Loading progress.
    pub(crate) progress: RwSignal<LoadProgress>,
    /// The [`Session::data_scope`] the rows belong to.
    pub(crate) loaded_for: RwSignal<Option<String>>,
    /// Bumped to read everything again.
    pub(crate) reload: RwSignal<u64>,
    /// The text filter.
    pub(crate) filter: RwSignal<String>,
    /// Only keys that can be rotated now.
    pub(crate) eligible_only: RwSignal<bool>,
    /// Only keys with an on-demand rotation in progress.
    pub(crate) in_progress_only: RwSignal<bool>,
    /// The sort order.
    pub(crate) sort: RwSignal<Sort>,
    /// The table page, from 0.
    pub(crate) page: RwSignal<usize>,
    /// Rows per table page.
    pub(crate) page_size: RwSignal<usize>,
    /// Key IDs selected for bulk rotation.
    pub(crate) selected: RwSignal<BTreeSet<String>>,
    /// Only keys that break this check (chosen on the findings page).
    pub(crate) finding: RwSignal<Option<Check>>,
    /// Whether the "Last used" column is shown (and its reads made).
    pub(crate) show_last_use: RwSignal<bool>,
    /// How many reads after the first paint (tags, last use) are running: while any
    /// is, the table tells them which keys it shows.
    pub(crate) later_reads: RwSignal<usize>,
}

impl KeysState {
    fn new() -> Self {
        Self {
            rows: RwSignal::new(Vec::new()),
            progress: RwSignal::new(LoadProgress::default()),
            loaded_for: RwSignal::new(None),
            reload: RwSignal::new(0),
            filter: RwSignal::new(String::new()),
            eligible_only: RwSignal::new(false),
            in_progress_only: RwSignal::new(false),
            sort: RwSignal::new(Sort {
                column: Column::Alias,
                ascending: true,
            }),
            page: RwSignal::new(0),
            page_size: RwSignal::new(50),
            selected: RwSignal::new(BTreeSet::new()),
            finding: RwSignal::new(None),
            show_last_use: RwSignal::new(false),
            later_reads: RwSignal::new(0),
        }
    }

    fn clear(&self) {
        self.rows.set(Vec::new());
        self.progress.set(LoadProgress::default());
        self.loaded_for.set(None);
        self.selected.set(BTreeSet::new());
        self.page.set(0);
    }
}

/// The outcome of one key in a bulk rotation: kms-core's four outcomes
/// ([`RotationOutcome`](kms_core::rotation::RotationOutcome)), with "started" split by
/// how following it went.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) enum BulkOutcome {
    /// Not sent yet.
    #[default]
    Waiting,
    /// Being sent.
    Sending,
    /// KMS accepted the rotation; it is being followed to completion.
    Started,
    /// KMS shows the rotation complete.
    Completed,
    /// KMS accepted the rotation, and following it failed: never send it again; keep
    /// tracking it.
    TrackingFailed,
    /// The request failed ambiguously and the reads could not tell whether it
    /// started; it was not sent again.
    Unconfirmed,
    /// Provably not carried out: KMS refused it, or it was never sent.
    Failed,
    /// In a reopened job: being read again against KMS before anything is decided.
    Checking,
}

impl BulkOutcome {
    /// The word shown and exported.
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Sending => "sending",
            Self::Started => "rotation started",
            Self::Completed => "completed",
            Self::TrackingFailed => "rotation started — tracking failed",
            Self::Unconfirmed => "unconfirmed (not resent)",
            Self::Failed => "not carried out",
            Self::Checking => "checking KMS",
        }
    }
}

/// One key of a bulk rotation and how it went.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct BulkItem {
    /// The key ID.
    pub(crate) key_id: String,
    /// Its first alias, if any.
    pub(crate) alias: Option<String>,
    /// On-demand rotations left (before the run; after it, once completed).
    pub(crate) remaining: Option<u32>,
    /// How it went.
    pub(crate) outcome: BulkOutcome,
    /// What KMS or the network said, in words.
    pub(crate) message: String,
    /// The request id of the answer, when known.
    pub(crate) request_id: Option<String>,
    /// When the request was answered.
    pub(crate) at: Option<Timestamp>,
    /// The rotation KMS accepted: what tracking and "keep tracking" follow.
    pub(crate) started: Option<Box<StartedRotation>>,
    /// An unconfirmed request with the key's state before it: what a re-check
    /// compares with.
    pub(crate) unconfirmed: Option<Box<RotationUnconfirmed>>,
    /// What a receipt of the completed rotation says.
    pub(crate) receipt: Option<Box<RotationReceipt>>,
    /// The key's rotations when it was planned (what a reopened job judges by).
    pub(crate) before: Option<Box<RotationBaseline>>,
}

/// The evidence of one completed rotation, for the receipts file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RotationReceipt {
    /// When the rotation request was sent.
    pub(crate) sent_at: Timestamp,
    /// When completion was seen.
    pub(crate) completed_at: Timestamp,
    /// The material that was current before (from the reads before the request).
    pub(crate) material_before: Option<String>,
    /// The new `ON_DEMAND` history entry.
    pub(crate) entry: RotationsListEntry,
}

impl BulkItem {
    /// Marks the item completed with the rotation's new key material.
    pub(crate) fn complete(&mut self, done: &CompletedRotation) {
        let before = self
            .started
            .as_ref()
            .map(|s| s.baseline.current_key_material_id.clone());
        self.receipt = Some(Box::new(RotationReceipt {
            sent_at: self
                .started
                .as_ref()
                .map_or(done.started_at, |s| s.started_at),
            completed_at: done.completed_at,
            material_before: before.flatten(),
            entry: done.entry.clone(),
        }));
        self.outcome = BulkOutcome::Completed;
        self.message = format!(
            "Completed: new key material {}; {} of {MAX_ON_DEMAND_ROTATIONS} on-demand rotations used.",
            done.entry.key_material_id.as_deref().unwrap_or("(not named)"),
            done.on_demand_used
        );
        self.remaining = Some(MAX_ON_DEMAND_ROTATIONS.saturating_sub(done.on_demand_used));
        self.started = None;
    }
}

/// The bulk rotation page.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BulkState {
    /// The keys of the current plan or run, in order.
    pub(crate) items: RwSignal<Vec<BulkItem>>,
    /// Whether a run is going on.
    pub(crate) running: RwSignal<bool>,
    /// Set to stop after the current key.
    pub(crate) stop_requested: RwSignal<bool>,
    /// When the job began (its first run, or the run of the job it was reopened
    /// from); `None` while only planned. A job's plan no longer follows the selection.
    pub(crate) started_at: RwSignal<Option<Timestamp>>,
    /// While a reopened job waits for the closed tab's requests to expire: until when.
    pub(crate) checking_until: RwSignal<Option<Timestamp>>,
}

impl BulkState {
    fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            running: RwSignal::new(false),
            stop_requested: RwSignal::new(false),
            started_at: RwSignal::new(None),
            checking_until: RwSignal::new(None),
        }
    }

    /// Whether leaving the page now would drop work in flight: a run sending, or
    /// rotations being followed or checked.
    pub(crate) fn busy(&self) -> bool {
        self.running.get_untracked()
            || self.items.with_untracked(|items| {
                items.iter().any(|item| {
                    matches!(
                        item.outcome,
                        BulkOutcome::Sending | BulkOutcome::Started | BulkOutcome::Checking
                    )
                })
            })
    }

    /// Forgets the plan and the job.
    pub(crate) fn clear(&self) {
        self.items.set(Vec::new());
        self.started_at.set(None);
        self.checking_until.set(None);
    }

    /// How many items have `outcome` (tracked: views update with it).
    pub(crate) fn tally(&self, outcome: BulkOutcome) -> usize {
        self.items
            .with(|items| items.iter().filter(|item| item.outcome == outcome).count())
    }

    /// Changes the `i`th item of the plan.
    pub(crate) fn update_item(&self, i: usize, change: impl FnOnce(&mut BulkItem)) {
        self.items.update(|items| {
            if let Some(item) = items.get_mut(i) {
                change(item);
            }
        });
    }
}

/// Everything shared, `Copy`, provided once by the app.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AppState {
    /// The session; `None` when signed out.
    pub(crate) session: RwSignal<Option<Session>>,
    /// The page.
    pub(crate) route: RwSignal<Route>,
    /// The time, ticking every second.
    pub(crate) now: RwSignal<Timestamp>,
    /// A notice for the whole app (a Region switch, for instance).
    pub(crate) notice: RwSignal<Option<String>>,
    /// Why the sign-in page is shown (expiry), if not a plain start.
    pub(crate) sign_in_reason: RwSignal<Option<String>>,
    /// The account, once a key ARN told it.
    pub(crate) account_id: RwSignal<Option<String>>,
    /// The Region and endpoint of the last session, to fill in the sign-in form.
    pub(crate) last_settings: RwSignal<(String, EndpointChoice)>,
    /// The keys page.
    pub(crate) keys: KeysState,
    /// The bulk rotation page.
    pub(crate) bulk: BulkState,
    /// The rotation policy the findings page checks (in memory; saved only as a file).
    pub(crate) policy: RwSignal<Policy>,
    generation: RwSignal<u64>,
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

impl AppState {
    /// Fresh state: signed out, on the keys page.
    pub(crate) fn new() -> Self {
        Self {
            session: RwSignal::new(None),
            route: RwSignal::new(Route::Keys),
            now: RwSignal::new(crate::clock::now()),
            notice: RwSignal::new(None),
            sign_in_reason: RwSignal::new(None),
            account_id: RwSignal::new(None),
            last_settings: RwSignal::new((DEFAULT_REGION.to_owned(), EndpointChoice::default())),
            keys: KeysState::new(),
            bulk: BulkState::new(),
            policy: RwSignal::new(Policy::default()),
            generation: RwSignal::new(0),
        }
    }

    fn next_generation(&self) -> u64 {
        self.generation.update(|generation| *generation += 1);
        self.generation.get_untracked()
    }

    /// Starts a session. When the Region, endpoint or access key changed, what was
    /// loaded before is forgotten.
    pub(crate) fn sign_in(
        &self,
        credentials: Credentials,
        region: String,
        endpoint: EndpointChoice,
    ) {
        let session = Session {
            credentials,
            region: region.clone(),
            endpoint: endpoint.clone(),
            generation: self.next_generation(),
        };
        // Fresh temporary credentials come with a new access key ID: after an expiry the
        // rows are read again (the loader sees another data scope), but the page, the
        // filters and the selection stay. Another Region or endpoint starts afresh.
        let same_place = self
            .last_settings
            .with_untracked(|(r, e)| *r == region && *e == endpoint);
        if !same_place {
            self.keys.clear();
            self.account_id.set(None);
        }
        self.last_settings.set((region, endpoint));
        self.sign_in_reason.set(None);
        self.session.set(Some(session));
    }

    /// Forgets the credentials and everything loaded with them.
    pub(crate) fn sign_out(&self) {
        self.session.set(None);
        self.keys.clear();
        self.bulk.clear();
        self.account_id.set(None);
        self.notice.set(None);
        self.sign_in_reason.set(None);
        self.route.set(Route::Keys);
    }

    /// Forgets the credentials after they expired, keeping the page and its state so
    /// that the user returns to it after signing in again.
    pub(crate) fn expire(&self, reason: impl Into<String>) {
        if self.session.get_untracked().is_some() {
            self.session.set(None);
            self.bulk.stop_requested.set(true);
            self.sign_in_reason.set(Some(reason.into()));
        }
    }

    /// Moves the session to `region`, with the same credentials and endpoint.
    pub(crate) fn switch_region(&self, region: &str, why: String) {
        let Some(mut session) = self.session.get_untracked() else {
            return;
        };
        if session.region == region {
            return;
        }
        session.region = region.to_owned();
        session.generation = self.next_generation();
        self.keys.clear();
        self.last_settings
            .set((region.to_owned(), session.endpoint.clone()));
        self.session.set(Some(session));
        self.notice.set(Some(why));
    }

    /// Goes to `route` (and puts it in the location hash).
    pub(crate) fn go(&self, route: Route) {
        let hash = route.hash();
        if let Some(window) = web_sys::window() {
            let location = window.location();
            if location.hash().ok().as_deref() != Some(hash.as_str()) {
                let _ = location.set_hash(&hash);
            }
        }
        self.route.set(route);
    }
}

/// The app state from context.
pub(crate) fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
