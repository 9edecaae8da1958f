//! kms-core's integration tests: the AWS SigV4 suite, and the client against a replay
//! transport and a fixed clock. Runs natively (`cargo test`) and in wasm under
//! wasm-bindgen-test (Node by default; headless Chromium with WASM_BINDGEN_USE_BROWSER=1).
#![expect(
    clippy::unwrap_used,
    reason = "a panic is how a test reports failure; clippy.toml's allow-unwrap-in-tests \
              covers #[test] functions only, not the fakes and helpers here nor the \
              #[wasm_bindgen_test] functions of the wasm run"
)]
#![expect(
    clippy::print_stdout,
    reason = "the SigV4 and awsJson1_1 error-case harnesses print one line per case; \
              allow-print-in-tests does not cover run_suite or #[wasm_bindgen_test]"
)]

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
mod sts;
