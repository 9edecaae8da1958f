//! The two seams between the core and the platform: [`Transport`] sends bytes, [`Clock`]
//! tells the time and waits. Everything above them is plain, testable Rust.
//!
//! A replay transport and a fixed clock make the whole client testable natively:
//!
//! ```
//! use kms_core::transport::{HttpRequest, HttpResponse, Transport, TransportError};
//! struct Echo;
//! impl Transport for Echo {
//!     async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
//!         Ok(HttpResponse::new(200, request.body))
//!     }
//! }
//! ```

use crate::time::Timestamp;
use std::future::Future;

/// An HTTP request ready to send: signed, with every header it needs.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpRequest {
    /// `POST` for every KMS operation.
    pub method: &'static str,
    /// The full URL, such as `https://kms.us-east-1.amazonaws.com/`.
    pub url: String,
    /// Header names (lowercase) and values, signing headers included.
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: Vec<u8>,
    /// Give up after this many milliseconds (the transport enforces it).
    pub timeout_ms: Option<u32>,
}

impl HttpRequest {
    /// A request with no timeout.
    pub fn new(
        method: &'static str,
        url: impl Into<String>,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Self {
        Self {
            method,
            url: url.into(),
            headers,
            body,
            timeout_ms: None,
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// Shows headers with the signature and session token redacted.
struct RedactedHeaders<'a>(&'a [(String, String)]);

impl std::fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_secret_header(name) {
                map.entry(name, &"** redacted **");
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

/// Whether a header carries a secret (the signature or the session token).
pub fn is_secret_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-amz-security-token")
}

/// What came back: status, the headers the platform lets us read, and the body.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Readable headers, names lowercase. In a browser, cross-origin, only those the
    /// server exposes.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Why a request got no HTTP response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection was made (refused, name not found, no route): the request was
    /// provably not sent. Only platforms that say why a fetch failed (Node) report it.
    NotConnected,
    /// No answer: the endpoint was unreachable, refused the connection, dropped it, or
    /// (in a browser) did not allow this origin. Browsers do not say which, so the
    /// request may have been processed.
    Unreachable,
    /// The connection broke after the request may have been sent.
    ConnectionLost,
    /// No answer within the timeout.
    TimedOut,
    /// The caller cancelled the request.
    Aborted,
}

/// A request that got no HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// What the platform said.
    pub detail: String,
}

impl TransportError {
    /// A failure of `kind` with the platform's words.
    pub fn new(kind: TransportErrorKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
        }
    }

    /// Whether the server may have received and processed the request. Only
    /// `NotConnected` proves it did not. (A browser reports a refused connection, a
    /// CORS refusal and a connection dropped after sending alike, as `Unreachable`.)
    pub fn may_have_been_processed(&self) -> bool {
        !matches!(self.kind, TransportErrorKind::NotConnected)
    }
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            TransportErrorKind::NotConnected => "could not connect to the endpoint",
            TransportErrorKind::Unreachable => {
                "the endpoint did not answer or did not allow this origin (CORS)"
            }
            TransportErrorKind::ConnectionLost => "the connection was lost before an answer came",
            TransportErrorKind::TimedOut => "the endpoint did not answer in time",
            TransportErrorKind::Aborted => "the request was cancelled",
        };
        if self.detail.is_empty() {
            f.write_str(what)
        } else {
            write!(f, "{what}: {}", self.detail)
        }
    }
}

impl std::error::Error for TransportError {}

/// Sends one HTTP request. Implementations: fetch (kms-fetch), kms-local's in-process
/// router, and replay fakes in tests.
///
/// Futures need not be `Send`: in a browser nothing is.
pub trait Transport {
    /// Sends `request` and returns whatever HTTP response came back, error statuses
    /// included. Only a missing response is an `Err`.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

/// The time and a way to wait: the only source of either for the core.
pub trait Clock {
    /// Now, as this platform believes it.
    fn now(&self) -> Timestamp;
    /// Resolves after `millis` milliseconds.
    fn sleep(&self, millis: u64) -> impl Future<Output = ()>;
}

impl<T: Transport> Transport for &T {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

impl<C: Clock> Clock for &C {
    fn now(&self) -> Timestamp {
        (**self).now()
    }
    fn sleep(&self, millis: u64) -> impl Future<Output = ()> {
        (**self).sleep(millis)
    }
}
