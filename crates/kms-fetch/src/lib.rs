//! kms-core's [`Transport`] over the platform's `fetch`, and its [`Clock`] over JS `Date`
//! and `setTimeout`, for every JS host that has them: browsers, workers and Node 20+.
//!
//! `fetch`, `setTimeout` and `AbortController` are reached as globals (through
//! `globalThis`), never through `window`, so one build runs in a page, a worker and
//! Node. Each request can carry a timeout (an `AbortController` fired by a timer) and
//! the caller's `AbortSignal`; failures without an HTTP response are reported as a
//! [`TransportError`] whose kind says what happened:
//!
//! | what the platform did | kind |
//! | --- | --- |
//! | `fetch` rejected with a `TypeError` and no cause (browser: refused, unreachable, not allowed by CORS, a redirect, or dropped after sending — browsers do not say which) | [`TransportErrorKind::Unreachable`] |
//! | Node: `cause.code` proves no connection was made (refused, name not resolved, no route, connect timed out) or the URL was refused before any socket | [`TransportErrorKind::NotConnected`] |
//! | Node: any other `cause.code` (the socket closed or reset after connecting, TLS, ...); any host: the body broke off | [`TransportErrorKind::ConnectionLost`] |
//! | our timer fired first | [`TransportErrorKind::TimedOut`] |
//! | the caller's signal fired | [`TransportErrorKind::Aborted`] |
//!
//! Only [`TransportErrorKind::NotConnected`] tells kms-core the request was never sent,
//! so it is given only on proof; everything else counts as "may have been processed",
//! and a rotation is then confirmed rather than resent.
//!
//! Redirects are refused (`redirect: "error"`): KMS never redirects, and following one
//! would send a signed request somewhere the caller did not name. A redirect therefore
//! fails like an unreachable endpoint. Cookies are never sent (`credentials: "omit"`).
//!
//! HTTP error statuses are responses, not errors: KMS errors are decoded by kms-core.
//!
//! ```no_run
//! use kms_core::transport::{Clock, HttpRequest, Transport};
//! use kms_fetch::{FetchTransport, JsClock};
//!
//! async fn ping() {
//!     let transport = FetchTransport::new();
//!     let mut request = HttpRequest::new("POST", "http://127.0.0.1:4599/", Vec::new(), b"{}".to_vec());
//!     request.timeout_ms = Some(5_000);
//!     match transport.send(request).await {
//!         Ok(response) => assert!(response.status > 0),
//!         Err(error) => eprintln!("{error}"),
//!     }
//!     JsClock::new().sleep(100).await;
//! }
//! ```
//!
//! Why not gloo-net: gloo-net 0.7 binds the global `fetch` too and would run in Node,
//! but it brings the `http` crate's method parsing, `thiserror` and `Debug`-formatting
//! panics into the wasm the browser downloads, and flattens the platform error so the
//! `cause.code` that tells a refused connection from a dropped one in Node is lost. The
//! handful of bindings below is all this crate needs.
#![forbid(unsafe_code)]

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use kms_core::time::Timestamp;
use kms_core::transport::{
    Clock, HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use std::cell::RefCell;
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (looked up on `globalThis` at call time).
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, millis: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    type AbortController;

    #[wasm_bindgen(constructor)]
    fn new() -> AbortController;

    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> AbortSignal;

    /// An `AbortSignal`: lets a caller cancel requests and waits.
    #[derive(Clone)]
    pub type AbortSignal;

    /// Whether the signal has fired.
    #[wasm_bindgen(method, getter)]
    pub fn aborted(this: &AbortSignal) -> bool;

    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_event_listener(this: &AbortSignal, kind: &str, listener: &Function);

    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_event_listener(this: &AbortSignal, kind: &str, listener: &Function);

    type FetchResponse;

    #[wasm_bindgen(method, getter)]
    fn status(this: &FetchResponse) -> u16;

    #[wasm_bindgen(method, getter)]
    fn headers(this: &FetchResponse) -> JsValue;

    #[wasm_bindgen(method, js_name = arrayBuffer, catch)]
    fn array_buffer(this: &FetchResponse) -> Result<Promise, JsValue>;
}

impl std::fmt::Debug for AbortSignal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AbortSignal")
    }
}

/// Sends requests with the global `fetch`.
///
/// Holds the caller's `AbortSignal`, if any: every request it sends is cancelled when
/// the signal fires.
#[derive(Clone, Debug, Default)]
pub struct FetchTransport {
    signal: Option<AbortSignal>,
}

impl FetchTransport {
    /// A transport with no caller signal.
    pub fn new() -> Self {
        Self::default()
    }

    /// A transport whose requests are cancelled when `signal` fires.
    pub fn with_signal(signal: Option<AbortSignal>) -> Self {
        Self { signal }
    }
}

impl Transport for FetchTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        send(request, self.signal.clone())
    }
}

/// Cancels a request when its timer or the caller's signal fires, and cleans both up.
struct Cancellation {
    controller: AbortController,
    abort: Function,
    timer: Option<JsValue>,
    caller: Option<AbortSignal>,
}

impl Cancellation {
    fn new(timeout_ms: Option<u32>, caller: Option<AbortSignal>) -> Result<Self, JsValue> {
        let controller = AbortController::new();
        let abort: Function = Reflect::get(&controller, &JsValue::from_str("abort"))?
            .dyn_into::<Function>()?
            .bind0(&controller);
        let timer = timeout_ms.map(|millis| set_timeout(&abort, f64::from(millis)));
        if let Some(signal) = &caller {
            signal.add_event_listener("abort", &abort);
        }
        Ok(Self {
            controller,
            abort,
            timer,
            caller,
        })
    }

    fn caller_aborted(&self) -> bool {
        self.caller.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// Names a failure: the caller's signal and our timer outrank what fetch said.
    fn classify(&self, error: &JsValue, during_body: bool) -> TransportError {
        if self.caller_aborted() {
            return TransportError::new(TransportErrorKind::Aborted, "");
        }
        if self.controller.signal().aborted() {
            return TransportError::new(TransportErrorKind::TimedOut, "");
        }
        let text = |value: &JsValue, key: &str| {
            Reflect::get(value, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
        };
        let message = text(error, "message").unwrap_or_default();
        // Node (undici) puts the socket error in `cause` (with a `code`); browsers say
        // no more than "Failed to fetch" for refusals, unreachable hosts and CORS alike.
        let cause = Reflect::get(error, &JsValue::from_str("cause"))
            .ok()
            .filter(JsValue::is_object);
        let cause_code = cause.as_ref().and_then(|cause| text(cause, "code"));
        let kind = kind_of_failure(cause_code.as_deref(), during_body);
        let detail = match (cause_code, cause.and_then(|cause| text(&cause, "message"))) {
            (Some(code), _) => format!("{message} ({code})"),
            (None, Some(cause)) => format!("{message}: {cause}"),
            (None, None) => message,
        };
        TransportError::new(kind, detail)
    }
}

/// What a rejected `fetch` means, from Node's `cause.code` (browsers give none) and
/// whether the response body had started.
fn kind_of_failure(cause_code: Option<&str>, during_body: bool) -> TransportErrorKind {
    match cause_code {
        _ if during_body => TransportErrorKind::ConnectionLost,
        // A browser's TypeError has no cause: refused, unreachable, not allowed by CORS,
        // redirected, or dropped after sending — it does not say which.
        None => TransportErrorKind::Unreachable,
        // Codes that prove no request left: the connection was refused, the name did not
        // resolve, there was no route, the TCP handshake never finished, or Node refused
        // the URL before opening a socket.
        Some(
            "ECONNREFUSED"
            | "ENOTFOUND"
            | "EAI_AGAIN"
            | "EAI_NONAME"
            | "EHOSTUNREACH"
            | "ENETUNREACH"
            | "UND_ERR_CONNECT_TIMEOUT"
            | "ERR_INVALID_URL",
        ) => TransportErrorKind::NotConnected,
        // Anything else (UND_ERR_SOCKET, ECONNRESET, EPIPE, a TLS error, other ERR_*
        // codes, ...) may have come after the request was sent: say so, so that a
        // rotation is not sent twice.
        Some(_) => TransportErrorKind::ConnectionLost,
    }
}

/// The `RequestInit` members every request carries besides method, headers, body and
/// signal.
const FIXED_INIT: [(&str, &str); 2] = [
    // KMS authenticates by signature: never send the page's cookies along.
    ("credentials", "omit"),
    // KMS never redirects; a signed request must not be replayed to another URL.
    ("redirect", "error"),
];

impl Drop for Cancellation {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            clear_timeout(timer);
        }
        if let Some(signal) = &self.caller {
            signal.remove_event_listener("abort", &self.abort);
        }
    }
}

/// Headers the platform sets itself; browsers refuse them and Node may duplicate them.
fn platform_owned(name: &str) -> bool {
    name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("content-length")
}

async fn send(
    request: HttpRequest,
    caller: Option<AbortSignal>,
) -> Result<HttpResponse, TransportError> {
    if caller.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(TransportError::new(TransportErrorKind::Aborted, ""));
    }
    let platform = |error: JsValue| {
        TransportError::new(
            TransportErrorKind::Unreachable,
            error
                .as_string()
                .unwrap_or_else(|| "fetch is not available".into()),
        )
    };
    let cancellation = Cancellation::new(request.timeout_ms, caller).map_err(platform)?;

    let headers = Array::new();
    for (name, value) in &request.headers {
        if !platform_owned(name) {
            headers.push(&Array::of2(&name.into(), &value.into()));
        }
    }
    let init = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&init, &JsValue::from_str(key), value);
    set("method", &JsValue::from_str(request.method))
        .and_then(|_| set("headers", &headers))
        .and_then(|_| set("body", &Uint8Array::from(request.body.as_slice())))
        .and_then(|_| set("signal", &cancellation.controller.signal()))
        .map_err(platform)?;
    for (key, value) in FIXED_INIT {
        set(key, &JsValue::from_str(value)).map_err(platform)?;
    }

    let response: FetchResponse = match global_fetch(&request.url, &init) {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|error| cancellation.classify(&error, false))?
            .unchecked_into(),
        Err(error) => return Err(cancellation.classify(&error, false)),
    };
    let status = response.status();
    let mut header_list = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) {
        for entry in entries.flatten() {
            let pair: Array = entry.unchecked_into();
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                header_list.push((name.to_ascii_lowercase(), value));
            }
        }
    }
    let body = match response.array_buffer() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|error| cancellation.classify(&error, true))?,
        Err(error) => return Err(cancellation.classify(&error, true)),
    };
    let mut response = HttpResponse::new(status, Uint8Array::new(&body).to_vec());
    response.headers = header_list;
    Ok(response)
}

/// The time from JS `Date.now()`, waits from the global `setTimeout`.
///
/// With a caller's `AbortSignal`, waits end early when it fires (the next request then
/// fails as aborted).
#[derive(Clone, Debug, Default)]
pub struct JsClock {
    signal: Option<AbortSignal>,
}

impl JsClock {
    /// A clock whose waits always run to the end.
    pub fn new() -> Self {
        Self::default()
    }

    /// A clock whose waits end when `signal` fires.
    pub fn with_signal(signal: Option<AbortSignal>) -> Self {
        Self { signal }
    }
}

/// `setTimeout` fires at once for delays past 2^31 - 1 ms.
const MAX_TIMEOUT_MS: u64 = 2_147_483_647;

impl Clock for JsClock {
    #[expect(
        clippy::disallowed_methods,
        reason = "the JS platform's one clock: everything else asks it"
    )]
    fn now(&self) -> Timestamp {
        Timestamp::from_epoch_millis(js_sys::Date::now() as i64)
    }

    fn sleep(&self, millis: u64) -> impl Future<Output = ()> {
        let signal = self.signal.clone();
        let promise = Promise::new(&mut |resolve, _reject| match &signal {
            Some(signal) if signal.aborted() => {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
            _ => {
                set_timeout(&resolve, millis.min(MAX_TIMEOUT_MS) as f64);
                if let Some(signal) = &signal {
                    signal.add_event_listener("abort", &resolve);
                }
            }
        });
        async move {
            let _ = JsFuture::from(promise).await;
        }
    }
}

/// Why a [`Stop`] fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopCause {
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The time limit passed.
    TimedOut,
}

/// The end of a caller's patience: fires when its `AbortSignal` does (at once, through
/// the signal's `abort` event) or when a time limit set with [`Stop::time_limit`]
/// passes, whichever comes first. Dropping it removes the listener and clears the timer,
/// so a finished wait keeps nothing alive (a pending timer would keep Node running).
///
/// [`Stop::fired`] can be awaited from several places at once: each gets a future on
/// the same underlying JS promise.
#[derive(Debug)]
pub struct Stop {
    fired: Promise,
    /// Resolves `fired` with `false` (timed out). Set by the promise's executor, which
    /// runs at once, inside `Promise::new`.
    time_out: Option<Function>,
    timer: RefCell<Option<JsValue>>,
    signal: Option<(AbortSignal, Function)>,
}

impl Stop {
    /// A stop for `signal`; without a signal and a time limit, it never fires.
    pub fn new(signal: Option<AbortSignal>) -> Self {
        let mut time_out = None;
        let mut listener = None;
        let fired = Promise::new(&mut |resolve, _reject| {
            time_out = Some(
                resolve
                    .bind1(&JsValue::UNDEFINED, &JsValue::FALSE)
                    .unchecked_into(),
            );
            let aborted: Function = resolve
                .bind1(&JsValue::UNDEFINED, &JsValue::TRUE)
                .unchecked_into();
            if let Some(signal) = &signal {
                if signal.aborted() {
                    let _ = aborted.call0(&JsValue::UNDEFINED);
                } else {
                    signal.add_event_listener("abort", &aborted);
                    listener = Some((signal.clone(), aborted));
                }
            }
        });
        Self {
            fired,
            time_out,
            timer: RefCell::new(None),
            signal: listener,
        }
    }

    /// Fires (as timed out) `millis` from now, unless it fires before; replaces an
    /// earlier limit.
    pub fn time_limit(&self, millis: u64) {
        let Some(time_out) = &self.time_out else {
            return;
        };
        let timer = set_timeout(time_out, millis.min(MAX_TIMEOUT_MS) as f64);
        if let Some(earlier) = self.timer.replace(Some(timer)) {
            clear_timeout(&earlier);
        }
    }

    /// Resolves when the stop fires, with why.
    pub fn fired(&self) -> impl Future<Output = StopCause> {
        let fired = JsFuture::from(self.fired.clone());
        async move {
            match fired.await {
                Ok(value) if value.is_truthy() => StopCause::Aborted,
                _ => StopCause::TimedOut,
            }
        }
    }
}

impl Drop for Stop {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.get_mut() {
            clear_timeout(timer);
        }
        if let Some((signal, listener)) = &self.signal {
            signal.remove_event_listener("abort", listener);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_proof_of_no_connection_counts_as_never_sent() {
        for code in [
            "ECONNREFUSED",
            "ENOTFOUND",
            "EAI_AGAIN",
            "EHOSTUNREACH",
            "ENETUNREACH",
            "UND_ERR_CONNECT_TIMEOUT",
            "ERR_INVALID_URL",
        ] {
            assert_eq!(
                kind_of_failure(Some(code), false),
                TransportErrorKind::NotConnected,
                "{code}"
            );
        }
        for code in [
            "ECONNRESET",
            "EPIPE",
            "UND_ERR_SOCKET",
            "ERR_SSL_WRONG_VERSION_NUMBER",
            "ERR_STREAM_PREMATURE_CLOSE",
            "UND_ERR_HEADERS_TIMEOUT",
        ] {
            let kind = kind_of_failure(Some(code), false);
            assert_eq!(kind, TransportErrorKind::ConnectionLost, "{code}");
            assert!(TransportError::new(kind, "").may_have_been_processed());
        }
        // A browser's bare TypeError ("Failed to fetch") proves nothing.
        let browser = kind_of_failure(None, false);
        assert_eq!(browser, TransportErrorKind::Unreachable);
        assert!(TransportError::new(browser, "").may_have_been_processed());
        // Once the body started, the request was surely processed.
        assert_eq!(
            kind_of_failure(Some("ECONNREFUSED"), true),
            TransportErrorKind::ConnectionLost
        );
    }

    #[test]
    fn redirects_are_refused_and_cookies_never_sent() {
        assert!(FIXED_INIT.contains(&("redirect", "error")));
        assert!(FIXED_INIT.contains(&("credentials", "omit")));
    }
}
