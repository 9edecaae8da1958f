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
use super::{Api, ConsoleClient, LOAD_RUN};
use crate::error::explain;
use crate::state::KeyRow;
use kms_core::error::Error;
use kms_core::inventory::read_each_key;
use kms_core::model::{GetKeyLastUsageInput, GetKeyLastUsageOutput, ListResourceTagsInput, Tag};
use kms_core::ops::{GetKeyLastUsage, ListResourceTags};
use kms_core::transport::Clock;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// A read the table makes after its first paint. (One code path for both, not a generic
/// one per read: the console's size budget counts each copy.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LaterRead {
    /// `ListResourceTags`, every page.
    Tags,
    /// `GetKeyLastUsage`.
    LastUse,
}

/// What a [`LaterRead`] answered.
#[derive(Debug)]
enum LaterAnswer {
    Tags(Vec<Tag>),
    LastUse(GetKeyLastUsageOutput),
}

impl LaterRead {
    /// Keys read at a time. Tags come after everything else the table shows, so fewer
    /// than the inventory load's 16 (the quota, 2,000 per second, is not what limits
    /// them); two keep `GetKeyLastUsage`'s quota (5 per second) busy, and its reads
    /// follow a new focus within a fraction of a second.
    fn concurrency(self) -> usize {
        match self {
            Self::Tags => 8,
            Self::LastUse => 2,
        }
    }

    fn unread(self, row: &KeyRow) -> bool {
        match self {
            Self::Tags => row.tags.is_none(),
            Self::LastUse => row.last_use.is_none(),
        }
    }

    async fn read(self, client: Rc<ConsoleClient>, key_id: String) -> Result<LaterAnswer, Error> {
        Ok(match self {
            Self::Tags => LaterAnswer::Tags(read_tags(&client, key_id).await?),
            Self::LastUse => LaterAnswer::LastUse(read_last_use(&client, key_id).await?),
        })
    }

    fn store(self, row: &mut KeyRow, answer: Result<LaterAnswer, String>) {
        match (self, answer) {
            (_, Ok(LaterAnswer::Tags(tags))) => row.tags = Some(Ok(tags)),
            (_, Ok(LaterAnswer::LastUse(usage))) => row.last_use = Some(Ok(usage)),
            (Self::Tags, Err(error)) => row.tags = Some(Err(error)),
            (Self::LastUse, Err(error)) => row.last_use = Some(Err(error)),
        }
        row.revision += 1;
    }
}

/// A key's tags, every page (for the table and the key page).
pub(super) async fn read_tags(client: &ConsoleClient, key_id: String) -> Result<Vec<Tag>, Error> {
    let input = ListResourceTagsInput {
        key_id,
        ..Default::default()
    };
    client.collect_all::<ListResourceTags>(input).await
}

/// A key's last tracked use (for the table and the key page).
pub(super) async fn read_last_use(
    client: &ConsoleClient,
    key_id: String,
) -> Result<GetKeyLastUsageOutput, Error> {
    client
        .send::<GetKeyLastUsage>(&GetKeyLastUsageInput { key_id })
        .await
}

thread_local! {
    /// The reads running now: one run each.
    static RUNNING: RefCell<Vec<LaterRead>> = const { RefCell::new(Vec::new()) };
}

impl Api {
    /// Reads the tags of every key not read yet.
    pub(crate) async fn load_tags(self) {
        self.read_later(LaterRead::Tags).await;
    }

    /// Reads the last use of every key not read yet, while the column is shown.
    pub(crate) async fn load_last_use(self) {
        self.read_later(LaterRead::LastUse).await;
    }

    /// Whether `what` is still wanted: tags always, last use while its column is shown.
    fn wanted(self, what: LaterRead) -> bool {
        what == LaterRead::Tags || self.state.keys.show_last_use.get_untracked()
    }

    /// Reads `what` for the rows not read yet, while the keys are those of the current
    /// load and it is [`Api::wanted`], storing each answer (or failure, in words) in its
    /// row; again for rows that came meanwhile (a load still listing keys). One run per
    /// read at a time.
    async fn read_later(self, what: LaterRead) {
        if RUNNING.with_borrow(|running| running.contains(&what)) {
            return;
        }
        RUNNING.with_borrow_mut(|running| running.push(what));
        let keys = self.state.keys;
        keys.later_reads.update(|n| *n += 1);
        // A turn of the event loop first: the table, told by `later_reads`, sets the
        // focus (the rows it shows now), so that the first reads are theirs.
        kms_fetch::JsClock::new().sleep(0).await;
        while self.read_unread(what).await {}
        RUNNING.with_borrow_mut(|running| running.retain(|running| *running != what));
        keys.later_reads.update(|n| *n = n.saturating_sub(1));
    }

    /// One pass of [`Api::read_later`]: whether it read every row that was unread (and
    /// so another pass may find rows that came meanwhile).
    async fn read_unread(self, what: LaterRead) -> bool {
        let Ok(client) = self.client() else {
            return false;
        };
        let keys = self.state.keys;
        let mut unread: Vec<(usize, String)> = keys.rows.with_untracked(|rows| {
            rows.iter()
                .enumerate()
                .filter(|(_, row)| what.unread(row))
                .map(|(i, row)| (i, row.key_id.clone()))
                .collect()
        });
        if unread.is_empty() {
            return false;
        }
        // In the table's listing order unless the focus says otherwise.
        unread.sort_unstable();
        let index: HashMap<String, usize> = unread.iter().map(|(i, id)| (id.clone(), *i)).collect();
        let ids: Vec<String> = unread.into_iter().map(|(_, id)| id).collect();
        let run = LOAD_RUN.with(Cell::get);
        let current = || LOAD_RUN.with(Cell::get) == run;
        let rows = ids.len();
        let mut batch: Vec<(usize, &str, Result<LaterAnswer, String>)> = Vec::new();
        let mut last_flush = crate::clock::now();
        let flush = |batch: &mut Vec<(usize, &str, Result<LaterAnswer, String>)>| {
            if current() {
                keys.rows.update(|rows| {
                    for (i, key_id, answer) in batch.drain(..) {
                        if let Some(row) = rows.get_mut(i).filter(|row| row.key_id == key_id) {
                            what.store(row, answer);
                        }
                    }
                });
            }
        };
        let mut on_answer = |key_id: &str, answer: Result<LaterAnswer, Error>| {
            let Some((key_id, &i)) = index.get_key_value(key_id) else {
                return;
            };
            batch.push((
                i,
                key_id,
                answer.map_err(|error| explain(&error).to_string()),
            ));
            let now = crate::clock::now();
            if now.epoch_millis() - last_flush.epoch_millis() >= flush_interval_ms(rows) {
                last_flush = now;
                flush(&mut batch);
            }
        };
        let read = |key_id| what.read(client.clone(), key_id);
        let stop = || !current() || !self.wanted(what);
        let result = read_each_key(
            ids,
            &focus(),
            what.concurrency(),
            read,
            &mut on_answer,
            stop,
        )
        .await;
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
