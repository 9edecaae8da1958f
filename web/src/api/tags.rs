//! What the keys table reads after its first paint: each key's tags (`ListResourceTags`,
//! once the inventory load is done) and, on demand, its last use (`GetKeyLastUsage`).
//! Both go through kms-core's [`read_each_key`]: the rows the table shows first (the
//! load's focus, [`super::set_focus`]), each operation within its quota (the client's
//! paced transport, as for the inventory load).
//!
//! Every listed key's tags are read, AWS managed keys' too: KMS answers
//! `ListResourceTags` for them (with no tags, since they cannot be tagged), and a key's
//! manager is not known before DescribeKey anyway.

use super::keys::{flush_interval_ms, focus};
use super::{Api, LOAD_RUN};
use crate::error::explain;
use crate::state::KeyRow;
use kms_core::error::Error;
use kms_core::inventory::read_each_key;
use kms_core::model::{GetKeyLastUsageInput, ListResourceTagsInput};
use kms_core::ops::{GetKeyLastUsage, ListResourceTags, Operation};
use kms_core::transport::Clock;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;

/// Keys whose tags are read at a time: tags come after everything else the table
/// shows, so fewer than the inventory load's 16 (the quota, 2,000 per second, is not
/// what limits them).
const TAGS_CONCURRENCY: usize = 8;
/// Keys whose last use is read at a time: two keep `GetKeyLastUsage`'s quota (5 per
/// second) busy, and the reads follow a new focus within a fraction of a second.
const LAST_USE_CONCURRENCY: usize = 2;

thread_local! {
    /// The operations being read now: one run each.
    static RUNNING: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

impl Api {
    /// Reads the tags of every key not read yet.
    pub(crate) async fn load_tags(self) {
        let client = match self.client() {
            Ok(client) => client,
            Err(_) => return,
        };
        let read = move |key_id: String| {
            let client = client.clone();
            async move {
                let input = ListResourceTagsInput {
                    key_id,
                    ..Default::default()
                };
                client.collect_all::<ListResourceTags>(input).await
            }
        };
        let unread = |row: &KeyRow| row.tags.is_none();
        self.read_later(
            ListResourceTags::NAME,
            TAGS_CONCURRENCY,
            unread,
            read,
            || true,
            |row, tags| row.tags = Some(tags),
        )
        .await;
    }

    /// Reads the last use of every key not read yet, while the column is shown.
    pub(crate) async fn load_last_use(self) {
        let client = match self.client() {
            Ok(client) => client,
            Err(_) => return,
        };
        let read = move |key_id: String| {
            let client = client.clone();
            async move {
                client
                    .send::<GetKeyLastUsage>(&GetKeyLastUsageInput { key_id })
                    .await
            }
        };
        let keys = self.state.keys;
        let unread = |row: &KeyRow| row.last_use.is_none();
        let wanted = move || keys.show_last_use.get_untracked();
        self.read_later(
            GetKeyLastUsage::NAME,
            LAST_USE_CONCURRENCY,
            unread,
            read,
            wanted,
            |row, usage| row.last_use = Some(usage),
        )
        .await;
    }

    /// Reads `operation` for the rows that are `unread`, while the keys are those of the
    /// current load and `wanted`, storing each answer (or failure, in words) in its row;
    /// again for rows that came meanwhile (a load still listing keys). One run per
    /// operation at a time.
    async fn read_later<R, Fut: Future<Output = Result<R, Error>>>(
        self,
        operation: &'static str,
        concurrency: usize,
        unread: impl Fn(&KeyRow) -> bool,
        read: impl Fn(String) -> Fut,
        wanted: impl Fn() -> bool,
        store: impl Fn(&mut KeyRow, Result<R, String>),
    ) {
        if RUNNING.with_borrow(|running| running.contains(&operation)) {
            return;
        }
        RUNNING.with_borrow_mut(|running| running.push(operation));
        let keys = self.state.keys;
        keys.later_reads.update(|n| *n += 1);
        // A turn of the event loop first: the table, told by `later_reads`, sets the
        // focus (the rows it shows now), so that the first reads are theirs.
        kms_fetch::JsClock::new().sleep(0).await;
        while self
            .read_unread(concurrency, &unread, &read, &wanted, &store)
            .await
        {}
        RUNNING.with_borrow_mut(|running| running.retain(|name| *name != operation));
        keys.later_reads.update(|n| *n = n.saturating_sub(1));
    }

    /// One pass of [`Api::read_later`]: whether it read every row that was unread (and
    /// so another pass may find rows that came meanwhile).
    async fn read_unread<R, Fut: Future<Output = Result<R, Error>>>(
        self,
        concurrency: usize,
        unread: &impl Fn(&KeyRow) -> bool,
        read: &impl Fn(String) -> Fut,
        wanted: &impl Fn() -> bool,
        store: &impl Fn(&mut KeyRow, Result<R, String>),
    ) -> bool {
        let keys = self.state.keys;
        let index: HashMap<String, usize> = keys.rows.with_untracked(|rows| {
            rows.iter()
                .enumerate()
                .filter(|(_, row)| unread(row))
                .map(|(i, row)| (row.key_id.clone(), i))
                .collect()
        });
        if index.is_empty() {
            return false;
        }
        // In the table's load order (by listing) unless the focus says otherwise.
        let mut ids: Vec<(usize, String)> = index.iter().map(|(id, &i)| (i, id.clone())).collect();
        ids.sort_unstable();
        let ids: Vec<String> = ids.into_iter().map(|(_, id)| id).collect();
        let run = LOAD_RUN.with(Cell::get);
        let current = || LOAD_RUN.with(Cell::get) == run;
        let rows = ids.len();
        let mut batch: Vec<(usize, &str, Result<R, String>)> = Vec::new();
        let mut last_flush = crate::clock::now();
        let flush = |batch: &mut Vec<(usize, &str, Result<R, String>)>| {
            if current() {
                keys.rows.update(|rows| {
                    for (i, key_id, result) in batch.drain(..) {
                        if let Some(row) = rows.get_mut(i).filter(|row| row.key_id == key_id) {
                            store(row, result);
                            row.revision += 1;
                        }
                    }
                });
            }
        };
        let mut on_result = |key_id: &str, result: Result<R, Error>| {
            let Some((key_id, &i)) = index.get_key_value(key_id) else {
                return;
            };
            batch.push((
                i,
                key_id,
                result.map_err(|error| explain(&error).to_string()),
            ));
            let now = crate::clock::now();
            if now.epoch_millis() - last_flush.epoch_millis() >= flush_interval_ms(rows) {
                last_flush = now;
                flush(&mut batch);
            }
        };
        let stop = || !current() || !wanted();
        let result = read_each_key(ids, &focus(), concurrency, read, &mut on_result, stop).await;
        flush(&mut batch);
        match result {
            Ok(()) => current(),
            Err(error) => {
                // Stopped (another load, signed out, column hidden): nothing to say. An
                // expired session is said by `fail`, which signs out.
                if current() {
                    let _ = self.fail(&error);
                }
                false
            }
        }
    }
}
