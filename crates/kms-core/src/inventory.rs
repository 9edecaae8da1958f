//! The inventory load: every key of one account and Region, with what a keys table
//! shows of each.
//!
//! `ListKeys` page by page, then — while `ListAliases` runs — for each key `DescribeKey`
//! and, for keys that have them, `GetKeyRotationStatus` and the whole `ListKeyRotations`
//! history, a bounded number of keys at a time. Everything is handed to an
//! [`InventorySink`] as it comes. The keys the user is looking at ([`Focus`]: the key
//! opened, the rows on screen, the filtered set) are read first, the rest in the table's
//! default order (by alias). Pacing within each operation's quota is the transport's
//! job ([`crate::quota::Paced`]): then the whole load takes about as long as the slowest
//! operation's quota allows ([`crate::quota::bound_ms`]), since the operations run side
//! by side.

use crate::client::{Client, CredentialsProvider};
use crate::eligibility;
use crate::error::{Error, ErrorCode};
use crate::model::{
    AliasListEntry, GetKeyRotationStatusOutput, IncludeKeyMaterial, KeyListEntry, KeyMetadata,
    KeyState, ListAliasesInput, ListKeysInput, RotationsListEntry,
};
use crate::ops::{ListAliases, ListKeys};
use crate::transport::{Clock, Transport, TransportError, TransportErrorKind};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

/// How many keys are read at a time, by default. Each key costs up to three requests
/// (the status and history side by side); sixteen keep `ListKeyRotations` — the
/// slowest quota — busy at round trips of up to about 150 ms.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// Which reads a key gets beyond `DescribeKey`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RotationReads {
    /// `GetKeyRotationStatus`.
    pub status: bool,
    /// `ListKeyRotations`, every page, with every key material.
    pub history: bool,
}

/// The reads worth making for the key `metadata` describes: the status for keys that
/// have rotation settings (enabled or disabled; a key pending deletion or import answers
/// with an error), the history for those of them that can be rotated on demand
/// (customer managed).
pub fn rotation_reads(metadata: &KeyMetadata) -> RotationReads {
    let status = eligibility::has_rotation_state(metadata)
        && matches!(
            metadata.key_state,
            Some(KeyState::Enabled | KeyState::Disabled)
        );
    RotationReads {
        status,
        history: status && eligibility::has_rotation_history(metadata),
    }
}

/// What was read about one key.
#[derive(Debug)]
pub enum KeyRead {
    /// `DescribeKey`.
    Described(Box<KeyMetadata>),
    /// The rotation status and history ([`rotation_reads`] says which were read).
    Rotation {
        /// `GetKeyRotationStatus`, if read.
        status: Option<GetKeyRotationStatusOutput>,
        /// `ListKeyRotations`, every page, if read.
        history: Option<Vec<RotationsListEntry>>,
    },
    /// A read of this key failed; the load goes on with the others.
    Failed(Error),
}

/// Where a load stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InventoryProgress {
    /// Keys listed so far.
    pub listed: usize,
    /// Whether `ListKeys` and `ListAliases` are done (the total is known).
    pub listing_done: bool,
    /// Keys read completely (or failed).
    pub done: usize,
    /// Keys described.
    pub described: usize,
}

/// What a load hands its results to. Calls come in the order of events; none while
/// another runs.
pub trait InventorySink {
    /// A page of `ListKeys`.
    fn keys_listed(&mut self, keys: Vec<KeyListEntry>);
    /// Every alias of the Region (after the last page of keys).
    fn aliases_listed(&mut self, aliases: Vec<AliasListEntry>);
    /// A key was read.
    fn key_read(&mut self, key_id: &str, read: KeyRead);
    /// The load moved on; called after each of the above.
    fn progress(&mut self, _progress: &InventoryProgress) {}
    /// Whether to stop: checked before each request a load starts.
    fn cancelled(&self) -> bool {
        false
    }
}

/// The keys the user is looking at, most wanted first; set by the view while a load
/// runs. Clones share one focus.
#[derive(Clone, Debug, Default)]
pub struct Focus(Rc<RefCell<FocusState>>);

#[derive(Debug, Default)]
struct FocusState {
    keys: Vec<String>,
    generation: u64,
}

impl Focus {
    /// From now on, read `keys` first, in this order (key IDs; keys already read or
    /// being read are skipped).
    pub fn set(&self, keys: Vec<String>) {
        let mut state = self.0.borrow_mut();
        if state.keys != keys {
            state.keys = keys;
            state.generation += 1;
        }
    }

    fn generation(&self) -> u64 {
        self.0.borrow().generation
    }
}

/// Whether `error` is about the session rather than one key: then reading the other
/// keys cannot succeed either, and the load ends with it.
pub fn ends_load(error: &Error) -> bool {
    matches!(error, Error::Credentials(_))
        || matches!(
            error.code(),
            Some(
                ErrorCode::ExpiredTokenException
                    | ErrorCode::UnrecognizedClientException
                    | ErrorCode::InvalidSignatureException
            )
        )
}

/// The error a cancelled load ends with.
pub fn stopped() -> Error {
    Error::Transport(TransportError::new(
        TransportErrorKind::Aborted,
        "the load was stopped",
    ))
}

/// Which key to read next: the focus first, then the default order.
#[derive(Debug)]
struct Schedule {
    ids: Vec<String>,
    index: HashMap<String, usize>,
    taken: Vec<bool>,
    order: Vec<usize>,
    cursor: usize,
    focus: Vec<usize>,
    focus_cursor: usize,
    focus_generation: Option<u64>,
}

impl Schedule {
    /// `keys` in listing order, until [`Schedule::order_by`] sorts them by alias.
    fn new(keys: Vec<String>) -> Self {
        let index: HashMap<String, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        let order: Vec<usize> = (0..keys.len()).collect();
        Self {
            taken: vec![false; keys.len()],
            ids: keys,
            index,
            order,
            cursor: 0,
            focus: Vec::new(),
            focus_cursor: 0,
            focus_generation: None,
        }
    }

    /// From now on, the default order is by `first_alias` (keys without one last, as
    /// listed); keys taken already stay taken.
    fn order_by(&mut self, first_alias: &HashMap<String, String>) {
        let ids = &self.ids;
        self.order.sort_by_key(|&i| {
            let alias = first_alias.get(&ids[i]);
            (alias.is_none(), alias.cloned(), i)
        });
        self.cursor = 0;
    }

    fn next(&mut self, focus: &Focus) -> Option<usize> {
        let generation = focus.generation();
        if self.focus_generation != Some(generation) {
            self.focus_generation = Some(generation);
            self.focus = focus
                .0
                .borrow()
                .keys
                .iter()
                .filter_map(|id| self.index.get(id).copied())
                .filter(|&i| !self.taken[i])
                .collect();
            self.focus_cursor = 0;
        }
        let from_focus = take_next(&self.focus, &mut self.focus_cursor, &self.taken);
        let next = from_focus.or_else(|| take_next(&self.order, &mut self.cursor, &self.taken))?;
        self.taken[next] = true;
        Some(next)
    }
}

fn take_next(list: &[usize], cursor: &mut usize, taken: &[bool]) -> Option<usize> {
    while let Some(&i) = list.get(*cursor) {
        *cursor += 1;
        if !taken[i] {
            return Some(i);
        }
    }
    None
}

/// Reads one more thing about each of `keys` — what a keys table shows after its first
/// paint, such as tags (`ListResourceTags`) or last use (`GetKeyLastUsage`) —
/// `concurrency` keys at a time, the keys in `focus` first and the rest in the order
/// given, handing each result to `done` as it comes. The same schedule as the inventory
/// load's key reads, and the same pacing: the transport's ([`crate::quota::Paced`]).
///
/// A per-key failure goes to `done`; one that [`ends_load`] ends the reads with that
/// error, and `cancelled` (checked before each key) with [`stopped`].
pub async fn read_each_key<R, Fut: Future<Output = Result<R, Error>>>(
    keys: Vec<String>,
    focus: &Focus,
    concurrency: usize,
    read: impl Fn(String) -> Fut,
    done: impl FnMut(&str, Result<R, Error>),
    cancelled: impl Fn() -> bool,
) -> Result<(), Error> {
    let schedule = RefCell::new(Schedule::new(keys));
    let done = RefCell::new(done);
    let fatal: RefCell<Option<Error>> = RefCell::new(None);
    let (schedule, done, fatal, read, cancelled) = (&schedule, &done, &fatal, &read, &cancelled);
    let worker = || async move {
        loop {
            if fatal.borrow().is_some() || cancelled() {
                return;
            }
            let Some(i) = schedule.borrow_mut().next(focus) else {
                return;
            };
            let key_id = schedule.borrow().ids[i].clone();
            let result = read(key_id.clone()).await;
            if let Err(error) = &result {
                if ends_load(error) {
                    fatal.borrow_mut().get_or_insert(error.clone());
                    return;
                }
            }
            (done.borrow_mut())(&key_id, result);
        }
    };
    futures::future::join_all((0..concurrency.max(1)).map(|_| worker())).await;
    if let Some(error) = fatal.borrow_mut().take() {
        return Err(error);
    }
    if cancelled() {
        return Err(stopped());
    }
    Ok(())
}

impl<T: Transport, C: Clock, P: CredentialsProvider> Client<T, C, P> {
    /// Loads the inventory of this client's account and Region into `sink`, reading
    /// `concurrency` keys at a time, the keys in `focus` first.
    ///
    /// Per-key failures go to the sink as [`KeyRead::Failed`]; a failure of the listing,
    /// or one that [`ends_load`], ends the load with that error; a cancelled sink ends
    /// it with [`stopped`].
    pub async fn load_inventory(
        &self,
        focus: &Focus,
        concurrency: usize,
        sink: &mut impl InventorySink,
    ) -> Result<InventoryProgress, Error> {
        let sink = RefCell::new(sink);
        let progress = Cell::new(InventoryProgress::default());
        let report = |change: &dyn Fn(&mut InventoryProgress)| {
            let mut now = progress.get();
            change(&mut now);
            progress.set(now);
            sink.borrow_mut().progress(&now);
        };
        let cancelled = || sink.borrow().cancelled();

        // 1. The keys, page by page.
        let mut ids: Vec<String> = Vec::new();
        let input = ListKeysInput {
            limit: Some(1000),
            marker: None,
        };
        self.for_each_page::<ListKeys>(input, |page| {
            ids.extend(page.keys.iter().map(|key| key.key_id.clone()));
            sink.borrow_mut().keys_listed(page.keys);
            report(&|p| p.listed = ids.len());
            !cancelled()
        })
        .await?;
        if cancelled() {
            return Err(stopped());
        }
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        report(&|p| {
            p.listed = ids.len();
            p.listing_done = true;
        });

        // 2. The aliases, while the keys are read: the default order is by alias, and
        //    the keys read before the aliases come are those in focus, or in listing
        //    order.
        let schedule = RefCell::new(Schedule::new(ids));
        let fatal: RefCell<Option<Error>> = RefCell::new(None);
        let (schedule, fatal, report, cancelled) = (&schedule, &fatal, &report, &cancelled);
        let sink = &sink;
        let aliases = async {
            let mut first_alias: HashMap<String, String> = HashMap::new();
            let input = ListAliasesInput {
                key_id: None,
                limit: Some(100),
                marker: None,
            };
            let listed = self
                .for_each_page::<ListAliases>(input, |page| {
                    for alias in &page.aliases {
                        if let Some(target) = &alias.target_key_id {
                            let entry = first_alias.entry(target.clone()).or_default();
                            if entry.is_empty() || alias.alias_name < *entry {
                                entry.clone_from(&alias.alias_name);
                            }
                        }
                    }
                    sink.borrow_mut().aliases_listed(page.aliases);
                    fatal.borrow().is_none() && !cancelled()
                })
                .await;
            match listed {
                Ok(()) => schedule.borrow_mut().order_by(&first_alias),
                Err(error) => {
                    fatal.borrow_mut().get_or_insert(error);
                }
            }
        };

        // 3. Each key, `concurrency` at a time, the focus first.
        let worker = || async move {
            loop {
                if fatal.borrow().is_some() || cancelled() {
                    return;
                }
                let Some(i) = schedule.borrow_mut().next(focus) else {
                    return;
                };
                let key_id = schedule.borrow().ids[i].clone();
                for read in self.read_key(&key_id, cancelled).await {
                    if let KeyRead::Failed(error) = &read {
                        if ends_load(error) {
                            fatal.borrow_mut().get_or_insert(error.clone());
                            return;
                        }
                    }
                    if matches!(read, KeyRead::Described(_)) {
                        report(&|p| p.described += 1);
                    }
                    sink.borrow_mut().key_read(&key_id, read);
                }
                report(&|p| p.done += 1);
            }
        };
        let workers = futures::future::join_all((0..concurrency.max(1)).map(|_| worker()));
        // Aliases first: with futures that never wait (tests), the listing completes
        // before any key is read, as it would over a fast network.
        futures::future::join(aliases, workers).await;
        if let Some(error) = fatal.borrow_mut().take() {
            return Err(error);
        }
        if cancelled() {
            return Err(stopped());
        }
        Ok(progress.get())
    }

    /// The rotation status and whole history of the key `metadata` describes, side by
    /// side, as far as [`rotation_reads`] says they exist: the reads the keys table, the
    /// key page and [`Client::check_rotation_eligibility`] make, written once.
    pub async fn read_rotation_state(
        &self,
        metadata: &KeyMetadata,
    ) -> Result<
        (
            Option<GetKeyRotationStatusOutput>,
            Option<Vec<RotationsListEntry>>,
        ),
        Error,
    > {
        let wanted = rotation_reads(metadata);
        let key_id = metadata.key_id.as_str();
        let status = async {
            if !wanted.status {
                return Ok(None);
            }
            self.get_key_rotation_status(key_id).await.map(Some)
        };
        let history = async {
            if !wanted.history {
                return Ok(None);
            }
            self.all_key_rotations(key_id, Some(IncludeKeyMaterial::AllKeyMaterial))
                .await
                .map(Some)
        };
        let (status, history) = futures::future::join(status, history).await;
        Ok((status?, history?))
    }

    /// Reads one key: its description, then (side by side) its status and history.
    async fn read_key(&self, key_id: &str, cancelled: &impl Fn() -> bool) -> Vec<KeyRead> {
        let metadata = match self.describe_key(key_id).await {
            Ok(metadata) => metadata,
            Err(error) => return vec![KeyRead::Failed(error)],
        };
        let rotation = if rotation_reads(&metadata).status && !cancelled() {
            Some(match self.read_rotation_state(&metadata).await {
                Ok((status, history)) => KeyRead::Rotation { status, history },
                Err(error) => KeyRead::Failed(error),
            })
        } else {
            None
        };
        let mut reads = vec![KeyRead::Described(Box::new(metadata))];
        reads.extend(rotation);
        reads
    }
}
