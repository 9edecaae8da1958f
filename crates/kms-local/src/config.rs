//! How the server behaves: [`Config`] and its defaults.

use crate::clock::SharedClock;
use crate::seed::Seed;
use std::time::Duration;

/// How long request headers may take to arrive, from their first byte.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a keep-alive connection may sit idle between requests.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How long any body may take, on top of the minimum rate of `body::read_body`.
pub const DEFAULT_BODY_GRACE: Duration = Duration::from_secs(10);
/// The console origins allowed by default.
pub const DEFAULT_CORS_ORIGINS: &[&str] = &["http://127.0.0.1:8080", "http://localhost:8080"];

/// How the server behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// The data set loaded at start and on an empty admin reset.
    pub seed: Seed,
    /// How long an on-demand rotation takes, in real milliseconds.
    pub rotation_millis: i64,
    /// How much faster than real time the store clock runs (1.0: real time).
    pub clock_speed: f64,
    /// Origins allowed to call cross-origin (the KMS API; the admin API only the exact
    /// ones, never `*`).
    pub cors_origins: Vec<String>,
    /// Host names served besides localhost, `*.localhost` and loopback addresses: the
    /// `--bind` address and `--allow-host` names.
    pub served_hosts: Vec<String>,
    /// Whether any IP address is a served host name (a listener on every interface).
    pub serve_any_address: bool,
    /// How long a client may take to send a request's headers, from their first byte
    /// (10 seconds).
    pub header_timeout: Duration,
    /// How long a keep-alive connection may sit idle between requests (60 seconds).
    pub idle_timeout: Duration,
    /// How long any request body may take on top of the minimum rate (10 seconds).
    pub body_grace: Duration,
    /// Whether request quotas apply.
    pub quotas: bool,
    /// Whether to print a line per request to stderr.
    pub log_requests: bool,
    /// The real clock.
    pub clock: SharedClock,
}

impl Config {
    /// The defaults: demo data, 3-second rotations, real time, the local console origins,
    /// quotas on, request lines printed.
    pub fn new(clock: SharedClock) -> Self {
        Self {
            seed: crate::demo::seed().unwrap_or_default(),
            rotation_millis: 3000,
            clock_speed: 1.0,
            cors_origins: DEFAULT_CORS_ORIGINS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            served_hosts: Vec::new(),
            serve_any_address: false,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            body_grace: DEFAULT_BODY_GRACE,
            quotas: true,
            log_requests: true,
            clock,
        }
    }
}
