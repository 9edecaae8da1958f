//! The console's clock: the only place it learns the time (clippy's disallowed-methods
//! refuses `js_sys::Date::now` elsewhere), over kms-fetch's [`JsClock`], the clock the
//! KMS client uses too.

use kms_core::time::Timestamp;
use kms_core::transport::Clock;
use kms_fetch::JsClock;

/// Now, as the browser believes it.
pub(crate) fn now() -> Timestamp {
    JsClock::new().now()
}
