//! The keys table, filled by kms-core's inventory load: the rows as ListKeys pages
//! come, each key's reads as they come, what the table shows first.

use super::{Api, LOAD_RUN};
use crate::error::{explain, ApiError};
use crate::state::{KeyRow, LoadProgress, RowUpdate};
use kms_core::inventory::{self, Focus, InventoryProgress, InventorySink, KeyRead};
use kms_core::model::{AliasListEntry, KeyListEntry};
use kms_core::time::Timestamp;
use leptos::prelude::*;
use std::cell::Cell;
use std::collections::HashMap;

thread_local! {
    /// The keys the user is looking at: the key load reads them first.
    static FOCUS: Focus = Focus::default();
}

/// The keys the user is looking at, shared by every load of the table.
pub(super) fn focus() -> Focus {
    FOCUS.with(Focus::clone)
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
                    row.apply(update, at);
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
        for alias in aliases {
            let target = alias
                .target_key_id
                .as_ref()
                .and_then(|id| self.index.get(id));
            if let Some(&i) = target {
                self.batch.push((i, RowUpdate::Alias(alias.alias_name)));
            }
        }
        self.flush(false);
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
pub(super) fn flush_interval_ms(rows: usize) -> i64 {
    i64::try_from(rows / 20).unwrap_or(i64::MAX).clamp(150, 500)
}

impl Api {
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
        let focus = focus();
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
                // Then, in the background, what the table shows after its first paint.
                leptos::task::spawn_local(self.load_tags());
                if keys.show_last_use.get_untracked() {
                    leptos::task::spawn_local(self.load_last_use());
                }
            }
            Err(error) => stop(self.fail(&error)),
        }
    }
}
