//! A replay transport and a virtual clock: the client's whole world, scripted.

use kms_core::client::{Client, ClientConfig, PollingConfig};
use kms_core::credentials::Credentials;
use kms_core::partition::EndpointConfig;
use kms_core::time::Timestamp;
use kms_core::transport::{
    Clock, HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// The moment every test starts at: 2024-01-01T00:00:00Z.
pub(crate) const START: i64 = 1_704_067_200_000;

/// What the scripted server does for one request.
pub(crate) enum Reply {
    /// Answer with this status and JSON body.
    Json(u16, &'static str),
    /// Answer with this status, body and headers.
    Full(HttpResponse),
    /// No response.
    Fail(TransportErrorKind),
}

/// A transport that answers from a script, checking each request's operation.
#[derive(Default)]
pub(crate) struct Replay {
    script: RefCell<VecDeque<(&'static str, Reply)>>,
    /// Every request sent, in order.
    pub(crate) sent: RefCell<Vec<HttpRequest>>,
}

impl Replay {
    pub(crate) fn new(script: Vec<(&'static str, Reply)>) -> Self {
        Self {
            script: RefCell::new(script.into()),
            sent: RefCell::default(),
        }
    }

    /// Operation names of the requests sent, in order.
    pub(crate) fn operations(&self) -> Vec<String> {
        self.sent.borrow().iter().map(operation_of).collect()
    }

    /// JSON bodies of the requests sent.
    pub(crate) fn bodies(&self) -> Vec<serde_json::Value> {
        self.sent
            .borrow()
            .iter()
            .map(|r| serde_json::from_slice(&r.body).unwrap())
            .collect()
    }

    pub(crate) fn assert_done(&self) {
        let left: Vec<&str> = self.script.borrow().iter().map(|(op, _)| *op).collect();
        assert!(left.is_empty(), "unused replies for {left:?}");
    }
}

/// The KMS operation (`X-Amz-Target`), or the STS action (the form body's `Action`).
pub(crate) fn operation_of(request: &HttpRequest) -> String {
    let sts_action = || {
        std::str::from_utf8(&request.body)
            .ok()?
            .split('&')
            .find_map(|pair| pair.strip_prefix("Action="))
    };
    request
        .header("x-amz-target")
        .and_then(|t| t.strip_prefix("TrentService."))
        .or_else(sts_action)
        .unwrap_or("?")
        .to_owned()
}

impl Transport for Replay {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let op = operation_of(&request);
        self.sent.borrow_mut().push(request);
        let (expected, reply) = self
            .script
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| panic!("unexpected request {op}: the script is empty"));
        assert_eq!(
            op,
            expected,
            "request {} of the script",
            self.sent.borrow().len()
        );
        match reply {
            Reply::Json(status, body) => Ok(HttpResponse::new(status, body).with_header(
                "x-amzn-requestid",
                &format!("req-{}", self.sent.borrow().len()),
            )),
            Reply::Full(response) => Ok(response),
            Reply::Fail(kind) => Err(TransportError::new(kind, "scripted")),
        }
    }
}

/// A clock whose sleeps advance it instantly; it records every sleep.
pub(crate) struct VirtualClock {
    now: Cell<i64>,
    pub(crate) sleeps: RefCell<Vec<u64>>,
}

impl VirtualClock {
    pub(crate) fn at(millis: i64) -> Self {
        Self {
            now: Cell::new(millis),
            sleeps: RefCell::default(),
        }
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_epoch_millis(self.now.get())
    }

    async fn sleep(&self, millis: u64) {
        self.sleeps.borrow_mut().push(millis);
        self.now
            .set(self.now.get() + i64::try_from(millis).unwrap());
    }
}

pub(crate) fn credentials() -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        Some("token".into()),
        None,
    )
}

pub(crate) fn config() -> ClientConfig {
    let mut config = ClientConfig::new(EndpointConfig {
        region: "us-east-1".into(),
        custom_url: Some("http://127.0.0.1:4599".into()),
        ..Default::default()
    });
    config.polling = PollingConfig {
        initial_delay_ms: 1000,
        max_delay_ms: 4000,
        ..Default::default()
    };
    config
}

pub(crate) fn client<'a>(
    replay: &'a Replay,
    clock: &'a VirtualClock,
) -> Client<&'a Replay, &'a VirtualClock> {
    Client::new(config(), credentials(), replay, clock).unwrap()
}

/// Runs a future to completion (the replay transport never pends).
pub(crate) fn run<F: std::future::Future>(future: F) -> F::Output {
    futures::executor::block_on(future)
}
