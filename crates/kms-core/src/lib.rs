//! kms-core: everything kms-rotate knows about AWS KMS key rotation, with no I/O.
//!
//! Key identifiers and endpoints are parsed and validated; requests are built as KMS
//! JSON 1.1 and signed with SigV4 (by the `aws-sigv4` crate) at a time the caller passes
//! in; responses and errors are decoded; eligibility and retry are pure decisions. The
//! [`client::Client`] runs operations over any [`transport::Transport`] and
//! [`transport::Clock`], so the same code runs natively (tests, kms-local) and in wasm
//! (browsers, Node).
//!
//! ```
//! use kms_core::key_id::KeyIdentifier;
//! let id = KeyIdentifier::parse("1234abcd-12ab-34cd-56ef-1234567890ab").unwrap();
//! assert!(!id.is_alias());
//! ```
#![forbid(unsafe_code)]

pub mod client;
pub mod credentials;
pub mod eligibility;
pub mod error;
pub mod findings;
pub mod inventory;
pub mod job;
pub mod key_id;
mod key_id_error;
pub mod model;
pub mod ops;
pub mod partition;
pub mod quota;
pub mod request;
pub mod retry;
pub mod rotation;
mod rotation_baseline;
pub mod signing;
pub mod sts;
mod text;
pub mod time;
pub mod transport;

/// The README's Rust example compiles (`cargo test --doc` runs it as a doctest).
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

#[cfg(test)]
mod simulation;
#[cfg(test)]
mod test_data;
