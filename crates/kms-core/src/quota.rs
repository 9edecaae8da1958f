//! KMS request quotas, and a transport that keeps to them.
//!
//! Each KMS operation has its own request quota per account and Region, per second. The
//! numbers are the defaults of the KMS Developer Guide's "Request quotas" page,
//! <https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html>,
//! table "Request quotas for each AWS KMS API operation". kms-local enforces the same
//! numbers (its `quota.rs` reads them from here); the inventory load and the bulk engine are paced by them, so a full load
//! takes about as long as the quotas allow and no longer.
//!
//! ```
//! use kms_core::quota::{per_second, pace_interval_ms};
//! assert_eq!(per_second("ListKeyRotations"), 100);
//! assert_eq!(pace_interval_ms("RotateKeyOnDemand"), 200.0);
//! ```

use crate::transport::{Clock, HttpRequest, HttpResponse, Transport, TransportError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

/// The documentation page the numbers come from.
pub const REQUEST_QUOTAS_PAGE: &str =
    "https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html";

/// Requests per second KMS allows for `operation` (its wire name) in one account and
/// Region, as [`REQUEST_QUOTAS_PAGE`] gives them; 5 (the lowest quota) for a name not
/// listed here.
pub fn per_second(operation: &str) -> u32 {
    match operation {
        "DescribeKey" | "ListResourceTags" => 2000,
        "GetKeyRotationStatus" => 1000,
        "ListAliases" | "ListKeys" => 500,
        "ListKeyRotations" => 100,
        "DeleteAlias"
        | "DeleteImportedKeyMaterial"
        | "EnableKeyRotation"
        | "ImportKeyMaterial"
        | "ScheduleKeyDeletion" => 15,
        "TagResource" => 10,
        "GetParametersForImport" => 1,
        // CancelKeyDeletion, CreateAlias, CreateKey, DisableKey, DisableKeyRotation,
        // EnableKey, GetKeyLastUsage, ReplicateKey, RotateKeyOnDemand, UntagResource:
        // 5, as is any name not listed.
        _ => 5,
    }
}

/// The share of a read quota this tool takes: reads leave a little room for other tools
/// in the account and for requests that arrive closer together than they were sent.
pub const READ_SHARE: f64 = 0.95;

/// The least time between two requests of `operation`, in milliseconds. Operations that
/// change something (quota under 100 per second, such as `RotateKeyOnDemand` at 5) are
/// spaced at their quota exactly; reads at [`READ_SHARE`] of it.
pub fn pace_interval_ms(operation: &str) -> f64 {
    let quota = f64::from(per_second(operation));
    let share = if quota >= 100.0 { READ_SHARE } else { 1.0 };
    1000.0 / (quota * share)
}

/// The time the quotas alone need for `requests` (operation name, count): the slowest
/// operation's count over its quota, in milliseconds. Requests of different operations
/// run side by side, so this is the bound a load cannot beat.
pub fn bound_ms<'a>(requests: impl IntoIterator<Item = (&'a str, u64)>) -> f64 {
    requests
        .into_iter()
        .map(|(operation, count)| count as f64 * 1000.0 / f64::from(per_second(operation)))
        .fold(0.0, f64::max)
}

/// A transport that spaces the requests of each operation by [`pace_interval_ms`],
/// retries included (the client's retries go through it too). Clones share their
/// schedule: one `Paced` per account and Region.
#[derive(Debug, Clone)]
pub struct Paced<T, C> {
    inner: T,
    clock: C,
    next_slot: Rc<RefCell<HashMap<String, f64>>>,
}

impl<T, C> Paced<T, C> {
    /// Paces `inner`, telling time by `clock`.
    pub fn new(inner: T, clock: C) -> Self {
        Self {
            inner,
            clock,
            next_slot: Rc::default(),
        }
    }

    /// Books the next free slot for `operation` at `now_ms` and says how many
    /// milliseconds to wait for it.
    pub fn reserve(&self, operation: &str, now_ms: f64) -> f64 {
        let mut slots = self.next_slot.borrow_mut();
        let slot = slots.entry(operation.to_owned()).or_insert(now_ms);
        let start = slot.max(now_ms);
        *slot = start + pace_interval_ms(operation);
        start - now_ms
    }
}

impl<T: Transport + Clone, C: Clock + Clone> Transport for Paced<T, C> {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let operation = request
            .header("x-amz-target")
            .and_then(|target| target.rsplit('.').next())
            .unwrap_or_default()
            .to_owned();
        let wait = self.reserve(&operation, self.clock.now().epoch_millis() as f64);
        let inner = self.inner.clone();
        let clock = self.clock.clone();
        async move {
            if wait >= 1.0 {
                clock.sleep(wait.ceil() as u64).await;
            }
            inner.send(request).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug)]
    struct Never;

    #[test]
    fn rotations_are_spaced_by_200_ms_and_reads_near_their_quota() {
        let paced = Paced::new(Never, Never);
        assert_eq!(paced.reserve("RotateKeyOnDemand", 1000.0), 0.0);
        assert_eq!(paced.reserve("RotateKeyOnDemand", 1000.0), 200.0);
        assert_eq!(paced.reserve("RotateKeyOnDemand", 1050.0), 350.0);
        // Other operations have their own pace.
        assert_eq!(paced.reserve("ListKeyRotations", 1050.0), 0.0);
        let wait = paced.reserve("ListKeyRotations", 1050.0);
        assert!((wait - 1000.0 / 95.0).abs() < 1e-9, "{wait}");
        // After a quiet spell, no wait.
        assert_eq!(paced.reserve("RotateKeyOnDemand", 10_000.0), 0.0);
    }

    #[test]
    fn the_bound_is_the_slowest_operation() {
        let bound = bound_ms([
            ("DescribeKey", 10_000),
            ("ListKeyRotations", 10_000),
            ("GetKeyRotationStatus", 10_000),
        ]);
        assert_eq!(bound, 100_000.0);
    }
}
