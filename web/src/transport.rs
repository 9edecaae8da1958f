//! The console's transport: kms-fetch's `fetch`, paced per operation so that the
//! console stays within the KMS request quotas (per account and Region) even while it
//! loads 10,000 keys or rotates a hundred: requests of one operation are spaced by at
//! least the interval below, retries included, since the client's retries go through
//! here too. `RotateKeyOnDemand` is held to its quota of 5 per second exactly.

use kms_core::transport::{Clock, HttpRequest, HttpResponse, Transport, TransportError};
use kms_fetch::{FetchTransport, JsClock};
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

/// The least time between two requests of `operation`, in milliseconds: the quota for
/// `RotateKeyOnDemand`, about half of it for the reads (other tools may share the
/// account's quota).
pub(crate) fn min_interval_ms(operation: &str) -> f64 {
    match operation {
        "RotateKeyOnDemand" | "EnableKeyRotation" | "DisableKeyRotation" => 200.0,
        "ListKeyRotations" => 12.5,
        "GetKeyRotationStatus" => 2.0,
        "DescribeKey" => 1.0,
        "ListKeys" | "ListAliases" => 4.0,
        _ => 200.0,
    }
}

/// `fetch`, paced per operation.
#[derive(Clone, Debug, Default)]
pub(crate) struct PacedTransport {
    inner: FetchTransport,
    clock: JsClock,
    next_slot: Rc<RefCell<HashMap<String, f64>>>,
}

impl PacedTransport {
    /// Books the next free slot for `operation` at `now` (epoch ms) and says how long
    /// to wait for it.
    pub(crate) fn reserve(&self, operation: &str, now: f64) -> f64 {
        let mut slots = self.next_slot.borrow_mut();
        let slot = slots.entry(operation.to_owned()).or_insert(now);
        let start = slot.max(now);
        *slot = start + min_interval_ms(operation);
        start - now
    }
}

impl Transport for PacedTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let operation = request
            .header("x-amz-target")
            .and_then(|target| target.rsplit('.').next())
            .unwrap_or_default()
            .to_owned();
        let wait = self.reserve(&operation, js_sys::Date::now());
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
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn rotations_are_spaced_by_200_ms() {
        let transport = PacedTransport::default();
        assert_eq!(transport.reserve("RotateKeyOnDemand", 1000.0), 0.0);
        assert_eq!(transport.reserve("RotateKeyOnDemand", 1000.0), 200.0);
        assert_eq!(transport.reserve("RotateKeyOnDemand", 1050.0), 350.0);
        // Other operations have their own pace.
        assert_eq!(transport.reserve("DescribeKey", 1050.0), 0.0);
        // After a quiet spell, no wait.
        assert_eq!(transport.reserve("RotateKeyOnDemand", 10_000.0), 0.0);
    }
}
