//! kms-fetch in a real JS host: Node by default, headless Chromium with
//! `WASM_BINDGEN_USE_BROWSER=1` (see TOOLCHAIN.md). Only on wasm32; natively there is no
//! `fetch` to test.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::disallowed_methods,
    reason = "the tests time JsClock's waits against the platform's own clock"
)]

use js_sys::{Function, Reflect};
use kms_core::transport::{Clock, HttpRequest, Transport, TransportErrorKind};
use kms_fetch::{AbortSignal, FetchTransport, JsClock, Stop, StopCause};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// An `AbortSignal` that has already fired (`AbortSignal.abort()`).
fn aborted_signal() -> AbortSignal {
    let class = Reflect::get(&js_sys::global(), &"AbortSignal".into()).expect("AbortSignal");
    let abort: Function = Reflect::get(&class, &"abort".into())
        .expect("abort")
        .unchecked_into();
    abort
        .call0(&class)
        .expect("AbortSignal.abort()")
        .unchecked_into()
}

/// A fresh `AbortController`: its signal and its `abort` function.
fn controller() -> (AbortSignal, Function) {
    let class: Function = Reflect::get(&js_sys::global(), &"AbortController".into())
        .expect("AbortController")
        .unchecked_into();
    let controller =
        Reflect::construct(&class, &js_sys::Array::new()).expect("new AbortController()");
    let signal = Reflect::get(&controller, &"signal".into())
        .expect("signal")
        .unchecked_into();
    let abort: Function = Reflect::get(&controller, &"abort".into())
        .expect("abort")
        .unchecked_into();
    (signal, abort.bind0(&controller).unchecked_into())
}

fn request(url: &str) -> HttpRequest {
    let mut request = HttpRequest::new(
        "POST",
        url,
        vec![("content-type".into(), "application/x-amz-json-1.1".into())],
        b"{}".to_vec(),
    );
    request.timeout_ms = Some(5_000);
    request
}

#[wasm_bindgen_test]
fn clock_reads_js_date() {
    let now = JsClock::new().now().epoch_millis();
    let js_now = js_sys::Date::now() as i64;
    assert!((now - js_now).abs() < 1_000, "{now} vs {js_now}");
}

#[wasm_bindgen_test]
async fn sleep_waits_at_least_the_delay() {
    let clock = JsClock::new();
    let before = js_sys::Date::now();
    clock.sleep(50).await;
    assert!(js_sys::Date::now() - before >= 45.0);
}

#[wasm_bindgen_test]
async fn sleep_ends_at_once_when_the_signal_has_fired() {
    let clock = JsClock::with_signal(Some(aborted_signal()));
    let before = js_sys::Date::now();
    clock.sleep(60_000).await;
    assert!(js_sys::Date::now() - before < 1_000.0);
}

#[wasm_bindgen_test]
async fn stop_fires_when_the_signal_does() {
    let (signal, abort) = controller();
    let stop = Stop::new(Some(signal));
    stop.time_limit(60_000);
    let fired = stop.fired();
    abort.call0(&JsValue::UNDEFINED).expect("abort()");
    let before = js_sys::Date::now();
    assert_eq!(fired.await, StopCause::Aborted);
    assert!(js_sys::Date::now() - before < 1_000.0);
    // Awaited again (kms-wasm awaits it from two places): the same answer.
    assert_eq!(stop.fired().await, StopCause::Aborted);

    let already = Stop::new(Some(aborted_signal()));
    assert_eq!(already.fired().await, StopCause::Aborted);
}

#[wasm_bindgen_test]
async fn stop_fires_at_its_time_limit() {
    let (signal, _abort) = controller();
    let before = js_sys::Date::now();
    let stop = Stop::new(Some(signal));
    stop.time_limit(60_000);
    // A later limit replaces the earlier one.
    stop.time_limit(50);
    assert_eq!(stop.fired().await, StopCause::TimedOut);
    let waited = js_sys::Date::now() - before;
    assert!((45.0..5_000.0).contains(&waited), "{waited} ms");
}

#[wasm_bindgen_test]
async fn a_fired_signal_aborts_before_sending() {
    let transport = FetchTransport::with_signal(Some(aborted_signal()));
    let error = transport
        .send(request("http://127.0.0.1:1/"))
        .await
        .expect_err("aborted");
    // Aborted, whenever it happens: the kind does not say whether the request had gone
    // out, so kms-core treats it as possibly processed (no blind resend of a rotation).
    assert_eq!(error.kind, TransportErrorKind::Aborted);
    assert!(error.to_string().contains("cancelled"), "{error}");
}

#[wasm_bindgen_test]
async fn a_closed_port_is_unreachable() {
    // Port 1 on loopback: nothing listens (browsers also block it as a bad port);
    // either way fetch rejects with a TypeError and nothing was sent.
    let error = FetchTransport::new()
        .send(request("http://127.0.0.1:1/"))
        .await
        .expect_err("unreachable");
    assert_eq!(error.kind, TransportErrorKind::Unreachable, "{error}");
    assert!(!error.to_string().is_empty());
}

/// Whether the tests run in Node (else in a browser).
fn in_node() -> bool {
    Reflect::get(&js_sys::global(), &"process".into()).is_ok_and(|process| process.is_object())
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_not_connected_in_node_and_unreachable_in_browsers() {
    // Port 2 on loopback: nothing listens, and unlike port 1 it is not on the fetch
    // standard's list of blocked ports, so Node really tries and is refused.
    let error = FetchTransport::new()
        .send(request("http://127.0.0.1:2/"))
        .await
        .expect_err("refused");
    if in_node() {
        // undici says ECONNREFUSED: provably nothing was sent.
        assert_eq!(error.kind, TransportErrorKind::NotConnected, "{error}");
        assert!(error.to_string().contains("ECONNREFUSED"), "{error}");
        assert!(!error.may_have_been_processed());
    } else {
        // A browser says "Failed to fetch" and no more: it may have been sent.
        assert_eq!(error.kind, TransportErrorKind::Unreachable, "{error}");
        assert!(error.may_have_been_processed());
    }
}

#[wasm_bindgen_test]
async fn a_malformed_url_is_reported_not_thrown() {
    let error = FetchTransport::new()
        .send(request("http://[not-a-host/"))
        .await
        .expect_err("malformed");
    // Node refuses it before opening a socket (ERR_INVALID_URL); a browser's TypeError
    // does not say why.
    let expected = if in_node() {
        TransportErrorKind::NotConnected
    } else {
        TransportErrorKind::Unreachable
    };
    assert_eq!(error.kind, expected, "{error}");
}
