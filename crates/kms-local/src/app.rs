//! The server's state: [`App`], its configuration and everything behind its lock.

use crate::auth::Principal;
use crate::config::Config;
use crate::estate::{Estate, Sessions};
use crate::faults::FaultQueue;
use crate::quota::Quotas;
use crate::request_log::RequestLog;
use crate::seed::{self, Seed, SeedError};
use crate::store::Store;
use crate::wrapping::WrappingKeys;
use kms_core::time::Timestamp;
use std::sync::{Arc, Mutex, MutexGuard};

/// The mutable state, behind one lock.
#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) store: Store,
    pub(crate) principals: Vec<Principal>,
    /// Roles and Regions not enabled.
    pub(crate) estate: Estate,
    /// The sessions `AssumeRole` handed out.
    pub(crate) sessions: Sessions,
    pub(crate) faults: FaultQueue,
    pub(crate) quotas: Quotas,
    pub(crate) log: RequestLog,
    /// The wrapping key pairs of `GetParametersForImport`.
    pub(crate) wrapping: WrappingKeys,
    /// Added to the store clock by the admin API.
    pub(crate) clock_offset_millis: i64,
}

/// The server: configuration and state. Cheap to clone.
#[derive(Clone, Debug)]
pub struct App {
    pub(crate) config: Arc<Config>,
    pub(crate) inner: Arc<Mutex<Inner>>,
    /// The real time at start, origin of the sped-up store clock.
    started: Timestamp,
}

impl App {
    /// A server with `config`, its seed loaded.
    pub fn new(config: Config) -> Result<Self, SeedError> {
        let started = config.clock.now();
        let store = seed::build(&config.seed, started)?;
        let principals = principals_of(&config.seed);
        let estate = Estate::of(&config.seed)?;
        Ok(Self {
            inner: Arc::new(Mutex::new(Inner {
                store,
                principals,
                estate,
                sessions: Sessions::default(),
                faults: FaultQueue::default(),
                quotas: Quotas::default(),
                log: RequestLog::default(),
                wrapping: WrappingKeys::default(),
                clock_offset_millis: 0,
            })),
            config: Arc::new(config),
            started,
        })
    }

    /// The real time.
    pub(crate) fn real_now(&self) -> Timestamp {
        self.config.clock.now()
    }

    /// The store clock: real time, sped up by `clock_speed` from start, plus the admin
    /// offset.
    pub(crate) fn store_now(&self, inner: &Inner) -> Timestamp {
        let elapsed = self.real_now().millis_since(self.started) as f64;
        let scaled = (elapsed * self.config.clock_speed) as i64;
        self.started
            .plus_millis(scaled)
            .plus_millis(inner.clock_offset_millis)
    }

    /// On-demand rotation duration in store milliseconds.
    pub(crate) fn on_demand_store_millis(&self) -> i64 {
        (self.config.rotation_millis as f64 * self.config.clock_speed) as i64
    }

    /// The credential of access key `access_key_id`: the seed's, then the sessions'.
    pub(crate) fn principal(&self, access_key_id: &str) -> Option<Principal> {
        let inner = self.lock();
        inner
            .principals
            .iter()
            .find(|p| p.access_key_id == access_key_id)
            .or_else(|| inner.sessions.get(access_key_id))
            .cloned()
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the store half-written in a way
        // worse than a failed request; keep serving.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Replaces the data set (the configured seed when `seed` is `None`), puts the store
    /// clock back to real time, and clears faults, quotas, the log and the wrapping keys.
    pub(crate) fn reset(&self, seed: Option<&Seed>) -> Result<usize, SeedError> {
        let seed = seed.unwrap_or(&self.config.seed);
        let mut inner = self.lock();
        let offset = inner.clock_offset_millis;
        inner.clock_offset_millis = 0;
        let now = self.store_now(&inner);
        inner.store = match seed::build(seed, now) {
            Ok(store) => store,
            Err(e) => {
                inner.clock_offset_millis = offset;
                return Err(e);
            }
        };
        inner.principals = principals_of(seed);
        // Checked by seed::build above.
        inner.estate = Estate::of(seed).unwrap_or_default();
        inner.sessions.clear();
        inner.faults.clear();
        inner.quotas.clear();
        inner.log.clear();
        inner.wrapping.clear();
        Ok(inner.store.key_count())
    }
}

fn principals_of(seed: &Seed) -> Vec<Principal> {
    if seed.credentials.is_empty() {
        crate::demo::credentials()
    } else {
        seed.credentials.clone()
    }
}
