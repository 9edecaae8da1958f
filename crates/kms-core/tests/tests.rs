//! kms-core's integration tests: the AWS SigV4 suite, and the client against a replay
//! transport and a fixed clock. Runs natively (`cargo test`) and in wasm under
//! wasm-bindgen-test (Node by default; headless Chromium with WASM_BINDGEN_USE_BROWSER=1).
#![allow(missing_docs)] // test code
#![allow(unreachable_pub)] // test modules

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);

mod client;
mod replay;
mod sigv4_suite;
