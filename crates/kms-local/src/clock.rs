//! Where kms-local gets the time: one OS clock, and a manual clock for tests.
//!
//! The server reads time through [`WallClock`] only, so tests drive every time rule
//! (signature expiry, rotation durations, the 20-minute window, automatic rotations)
//! with a [`ManualClock`] and never sleep. Both clocks also implement kms-core's
//! [`Clock`], so a kms-core client in a test can share the server's notion of time.
//!
//! ```
//! use kms_local::clock::{ManualClock, WallClock};
//! use kms_core::time::Timestamp;
//! let clock = ManualClock::new(Timestamp::from_epoch_seconds(1_700_000_000));
//! clock.advance_millis(1500);
//! assert_eq!(clock.now().epoch_millis(), 1_700_000_001_500);
//! ```

use kms_core::time::Timestamp;
use kms_core::transport::Clock;
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// A source of the current time for the server.
pub trait WallClock: Send + Sync + std::fmt::Debug {
    /// Now.
    fn now(&self) -> Timestamp;
}

/// A shared clock handle.
pub type SharedClock = Arc<dyn WallClock>;

/// The operating system's clock: the one place kms-local reads real time.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsClock;

impl WallClock for OsClock {
    #[expect(
        clippy::disallowed_methods,
        reason = "the project bans SystemTime::now so that time stays an input everywhere \
                  else; a native server needs exactly one real clock, and this is it"
    )]
    fn now(&self) -> Timestamp {
        Timestamp::from_system_time(std::time::SystemTime::now())
    }
}

impl Clock for OsClock {
    fn now(&self) -> Timestamp {
        WallClock::now(self)
    }

    fn sleep(&self, millis: u64) -> impl Future<Output = ()> {
        tokio::time::sleep(std::time::Duration::from_millis(millis))
    }
}

/// A clock that moves only when told to. `sleep` advances it instead of waiting, so a
/// client that polls (rotate-and-wait) runs instantly in tests.
#[derive(Clone, Debug)]
pub struct ManualClock {
    millis: Arc<AtomicI64>,
}

impl ManualClock {
    /// A clock showing `start`.
    pub fn new(start: Timestamp) -> Self {
        Self {
            millis: Arc::new(AtomicI64::new(start.epoch_millis())),
        }
    }

    /// Moves the clock forward (or back, if negative).
    pub fn advance_millis(&self, millis: i64) {
        self.millis.fetch_add(millis, Ordering::SeqCst);
    }

    /// Sets the clock.
    pub fn set(&self, to: Timestamp) {
        self.millis.store(to.epoch_millis(), Ordering::SeqCst);
    }
}

impl WallClock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_epoch_millis(self.millis.load(Ordering::SeqCst))
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        WallClock::now(self)
    }

    fn sleep(&self, millis: u64) -> impl Future<Output = ()> {
        self.advance_millis(i64::try_from(millis).unwrap_or(i64::MAX));
        std::future::ready(())
    }
}
