//! Known bugs the simulation must catch: the decisions kms-rotate made before issue 9,
//! switched back on for one test thread at a time. Production code never sees them
//! (they exist only under `cfg(test)`).

use std::cell::Cell;

/// A decision as it once was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KnownBug {
    /// Path 1: after an ambiguous failure, any on-demand rotation dated within five
    /// minutes of the request counted as started.
    TimeWindow,
    /// Path 2: a failure while tracking a started rotation surfaced as the plain,
    /// retryable read error.
    UntrackedFailure,
    /// Path 3: a re-check that found nothing told the user KMS did not act.
    RecheckSaysNotSent,
    /// Reopening a saved bulk job believed the file: a key it lists as waiting was
    /// sent again without reading whether the closed tab had rotated it.
    TrustSavedJob,
    /// Reopening a saved bulk job read the keys at once and sent those without a new
    /// rotation, while a request of the closed tab could still act.
    NoInFlightWait,
}

thread_local! {
    static ACTIVE: Cell<Option<KnownBug>> = const { Cell::new(None) };
}

/// Whether `bug` is switched on in this thread.
pub(crate) fn is(bug: KnownBug) -> bool {
    ACTIVE.with(|active| active.get() == Some(bug))
}

/// Runs `f` with `bug` switched on in this thread.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn with<R>(bug: KnownBug, f: impl FnOnce() -> R) -> R {
    ACTIVE.with(|active| active.set(Some(bug)));
    let result = f();
    ACTIVE.with(|active| active.set(None));
    result
}
