//! kms-fetch in a real JS host: Node by default, headless Chromium with
//! `WASM_BINDGEN_USE_BROWSER=1` (see TOOLCHAIN.md). Only on wasm32; natively there is no
//! `fetch` to test.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Reflect};
use kms_core::transport::{Clock, HttpRequest, Transport, TransportErrorKind};
use kms_fetch::{AbortSignal, FetchTransport, JsClock};
use wasm_bindgen::JsCast;
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
async fn a_fired_signal_aborts_before_sending() {
    let transport = FetchTransport::with_signal(Some(aborted_signal()));
    let error = transport
        .send(request("http://127.0.0.1:1/"))
        .await
        .expect_err("aborted");
    assert_eq!(error.kind, TransportErrorKind::Aborted);
    assert!(!error.may_have_been_processed());
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

#[wasm_bindgen_test]
async fn a_malformed_url_is_reported_not_thrown() {
    let error = FetchTransport::new()
        .send(request("http://[not-a-host/"))
        .await
        .expect_err("malformed");
    assert_eq!(error.kind, TransportErrorKind::Unreachable, "{error}");
}
