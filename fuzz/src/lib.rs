//! The bodies of kms-rotate's fuzz targets, one module per target.
//!
//! Each module has a `run(data: &[u8])` that feeds raw fuzzer bytes to one parser of
//! untrusted input and panics when a property is broken. The cargo-fuzz binaries in
//! `fuzz_targets/` call these functions and nothing else, and `tests/corpus.rs` replays
//! every committed corpus file through the same functions, so a crash once found stays a
//! plain `cargo test` failure without the fuzzer.
//!
//! ```
//! // Any bytes are a valid input: a target returns, or panics on a real bug.
//! kms_rotate_fuzz::key_id::run(b"alias/payments");
//! kms_rotate_fuzz::credentials::run(b"not credentials");
//! ```
#![forbid(unsafe_code)]

pub mod credentials;
pub mod decode_output;
pub mod endpoint;
pub mod error_response;
pub mod import_token;
pub mod key_id;
pub mod kms_local;
pub mod saved_files;
pub mod sts_xml;

/// A fuzz target: its name (the binary in `fuzz_targets/` and the folder under
/// `corpus/`) and its body.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The target's name.
    pub name: &'static str,
    /// Runs one input.
    pub run: fn(&[u8]),
}

/// Every target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "sts_xml",
        run: sts_xml::run,
    },
    Target {
        name: "saved_files",
        run: saved_files::run,
    },
    Target {
        name: "key_id",
        run: key_id::run,
    },
    Target {
        name: "credentials",
        run: credentials::run,
    },
    Target {
        name: "error_response",
        run: error_response::run,
    },
    Target {
        name: "decode_output",
        run: decode_output::run,
    },
    Target {
        name: "endpoint",
        run: endpoint::run,
    },
    Target {
        name: "kms_local",
        run: kms_local::run,
    },
    Target {
        name: "import_token",
        run: import_token::run,
    },
];
