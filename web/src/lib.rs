//! The kms-rotate admin console: a Leptos (client-side rendered) app, built with Trunk
//! into static files, that rotates AWS KMS keys on demand from the browser.
//!
//! Views never build requests: [`api`] is the only module that talks to kms-core's
//! client. [`state`] holds the session (credentials in memory only) and the UI state
//! that must survive a re-sign-in; [`router`] maps the URL hash to a page.
//!
//! ```no_run
//! leptos::mount::mount_to_body(kms_console::app::App);
//! ```
#![forbid(unsafe_code)]

mod api;
pub mod app;
mod clock;
mod components;
mod csp;
mod error;
mod export;
mod format;
mod pages;
mod receipts;
mod router;
mod state;
mod wrapping;
