//! kms-core's integration tests: the AWS SigV4 suite, and the client against a replay
//! transport and a fixed clock. Runs natively (`cargo test`) and in wasm under
//! wasm-bindgen-test (Node by default; headless Chromium with WASM_BINDGEN_USE_BROWSER=1).
#![allow(missing_docs)] // test code
#![allow(unreachable_pub)]
// test modules
// Test helpers panic on a broken script, and the SigV4 harness prints one line per case.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

/// The test command compiles the wasm run with KMS_TEST_ENV=node or =browser; this test
/// proves the tests ran where the command meant (the runner falls back silently).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn runs_in_the_intended_javascript_environment() {
    let global = js_sys::global();
    let in_browser = js_sys::Reflect::has(&global, &"document".into()).unwrap_or(false);
    match option_env!("KMS_TEST_ENV") {
        Some("browser") => assert!(in_browser, "expected a browser, found no document"),
        Some("node") => assert!(!in_browser, "expected Node, found a document"),
        _ => {}
    }
}

mod client;
mod inventory;
mod protocol_errors;
mod replay;
mod sigv4_suite;
