//! What keeps kms-local for this machine while its operator browses the web.
//!
//! Two checks, both before anything else runs:
//!
//! - **Host names.** Every request (KMS, admin, preflight) must name a host that
//!   kms-local serves: `localhost`, `*.localhost`, a loopback address (`127.0.0.0/8`,
//!   `[::1]`), or a name given with `--bind`/`--allow-host`; any port. A page on
//!   `evil.example` whose name an attacker re-points at 127.0.0.1 (DNS rebinding) sends
//!   `Host: evil.example`, so it can neither read the admin API nor call KMS.
//!   The per-Region names `kms.<region>.localhost` and `sts.<region>.localhost` are
//!   among them ([`regional_host`]): Chromium resolves every `*.localhost` name to
//!   loopback without asking DNS, so a console can use one host per Region as it does
//!   against AWS, and no one else's page can own such a name.
//! - **The admin API** answers only local tooling: every call carries
//!   `X-Kms-Local-Admin: 1`, every call that is not a `GET` says
//!   `Content-Type: application/json`, and an `Origin`, if sent, is one of the configured
//!   console origins (never `*`). A cross-site page can send neither header without a
//!   CORS preflight, and preflights for admin paths are approved only for those origins
//!   ([`admin_preflight_allowed`]).

use crate::config::Config;
use axum::http::{header, HeaderMap, Method};
use std::net::IpAddr;

/// The header every admin call carries (its value: `1`).
pub const ADMIN_HEADER: &str = "x-kms-local-admin";

/// Why a request was refused, with the HTTP status to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) message: String,
}

impl Refusal {
    fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

/// The host name of a `Host` header value (`name`, `name:port`, `[v6]`, `[v6]:port`),
/// lowercased and without a trailing dot; `None` if the value is not of that shape.
fn host_name(value: &str) -> Option<String> {
    let value = value.trim();
    let (name, port) = if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        (
            inside,
            after
                .strip_prefix(':')
                .or_else(|| after.is_empty().then_some(""))?,
        )
    } else {
        match value.rsplit_once(':') {
            Some((name, port)) => (name, port),
            None => (value, ""),
        }
    };
    if !port.bytes().all(|b| b.is_ascii_digit()) || name.is_empty() {
        return None;
    }
    Some(name.trim_end_matches('.').to_ascii_lowercase())
}

/// Whether kms-local serves host name `name` (as [`host_name`] returns it).
fn is_served(config: &Config, name: &str) -> bool {
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    if let Ok(ip) = name.parse::<IpAddr>() {
        // An address is no DNS name, so it cannot be re-pointed: a listener on every
        // interface serves whatever address the client dialled.
        if ip.is_loopback() || config.serve_any_address {
            return true;
        }
    }
    config
        .served_hosts
        .iter()
        .any(|h| h.trim_end_matches('.').eq_ignore_ascii_case(name))
}

/// The service a per-Region host name is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HostService {
    /// `kms.<region>.localhost`.
    Kms,
    /// `sts.<region>.localhost`.
    Sts,
}

/// The service and Region of a per-Region host name, `kms.<region>.localhost` or
/// `sts.<region>.localhost` (any port), as AWS's Regional endpoints are
/// `kms.<region>.amazonaws.com` and `sts.<region>.amazonaws.com`.
pub(crate) fn regional_host(
    headers: &HeaderMap,
    uri_authority: Option<&str>,
) -> Option<(HostService, String)> {
    let value = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or(uri_authority)?;
    let name = host_name(value)?;
    let rest = name.strip_suffix(".localhost")?;
    let (service, region) = rest.split_once('.')?;
    let service = match service {
        "kms" => HostService::Kms,
        "sts" => HostService::Sts,
        _ => return None,
    };
    crate::auth::is_valid_region(region).then(|| (service, region.to_owned()))
}

/// Refuses a request whose `Host` (or absolute URI) names no host kms-local serves.
pub(crate) fn check_host(
    config: &Config,
    headers: &HeaderMap,
    uri_authority: Option<&str>,
) -> Result<(), Refusal> {
    let Some(value) = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or(uri_authority)
    else {
        return Err(Refusal::new(
            421,
            "the request names no host (no Host header); kms-local answers only requests to localhost, *.localhost, a loopback address or a --bind/--allow-host name",
        ));
    };
    match host_name(value) {
        Some(name) if is_served(config, &name) => Ok(()),
        _ => Err(Refusal::new(
            421,
            format!(
                "kms-local does not serve the host {}: it answers only localhost, *.localhost, loopback addresses and the names given with --bind or --allow-host, so that a web page re-pointing its own name at this machine (DNS rebinding) cannot reach it",
                quoted(value)
            ),
        )),
    }
}

/// `value` quoted for a message, with anything unusual escaped (it came from a request).
fn quoted(value: &str) -> String {
    let shown: String = value.chars().take(100).collect();
    format!("{shown:?}")
}

/// Whether `origin` is one of the configured console origins, by exact match (`*` does
/// not count: it opens the KMS API to any page, never the admin API).
fn is_console_origin(config: &Config, origin: &str) -> bool {
    config.cors_origins.iter().any(|o| o != "*" && o == origin)
}

/// Whether a CORS preflight for an admin path may be approved.
pub(crate) fn admin_preflight_allowed(config: &Config, headers: &HeaderMap) -> bool {
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|o| is_console_origin(config, o))
}

/// Refuses an admin call that lacks the admin header, sends a body type other than
/// JSON, or comes from a page on a foreign origin.
pub(crate) fn check_admin(
    config: &Config,
    method: &Method,
    headers: &HeaderMap,
) -> Result<(), Refusal> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        if !is_console_origin(config, origin) {
            return Err(Refusal::new(
                403,
                format!(
                    "the admin API does not answer pages from origin {}; it answers local tools and the configured console origins (--cors-origin)",
                    quoted(origin)
                ),
            ));
        }
    }
    if headers.get(ADMIN_HEADER).is_none_or(|v| v.is_empty()) {
        return Err(Refusal::new(
            403,
            "admin calls need the header X-Kms-Local-Admin: 1 (see kms-local's README)",
        ));
    }
    if method != Method::GET && method != Method::HEAD && !is_json(headers) {
        return Err(Refusal::new(
            415,
            "admin calls other than GET need Content-Type: application/json",
        ));
    }
    Ok(())
}

/// Whether the `Content-Type` is `application/json` (parameters such as a charset
/// allowed).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::OsClock;
    use axum::http::HeaderValue;
    use std::sync::Arc;

    fn config() -> Config {
        Config::new(Arc::new(OsClock))
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.append(*n, HeaderValue::from_static(v));
        }
        h
    }

    fn host_ok(config: &Config, host: &'static str) -> bool {
        check_host(config, &headers(&[("host", host)]), None).is_ok()
    }

    #[test]
    fn host_names_served_by_default() {
        let c = config();
        for ok in [
            "127.0.0.1:4599",
            "127.0.0.1",
            "127.1.2.3:80",
            "localhost",
            "LOCALHOST:4599",
            "localhost.:4599",
            "kms.eu-west-1.localhost:4599",
            "[::1]:4599",
            "[::1]",
        ] {
            assert!(host_ok(&c, ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:4599",
            "localhost.evil.example",
            "evillocalhost",
            "10.0.0.1:4599",
            "[::2]:4599",
            "127.0.0.1:port",
            "[::1",
            "",
            ":4599",
        ] {
            let err = check_host(&c, &headers(&[("host", refused)]), None).unwrap_err();
            assert_eq!(err.status, 421, "{refused}");
        }
        assert!(check_host(&c, &HeaderMap::new(), None).is_err());
        assert!(check_host(&c, &HeaderMap::new(), Some("localhost:1")).is_ok());
    }

    #[test]
    fn per_region_host_names() {
        let c = config();
        let regional = |host: &'static str| regional_host(&headers(&[("host", host)]), None);
        assert_eq!(
            regional("kms.eu-west-1.localhost:4599"),
            Some((HostService::Kms, "eu-west-1".to_owned()))
        );
        assert_eq!(
            regional("STS.ap-southeast-2.localhost"),
            Some((HostService::Sts, "ap-southeast-2".to_owned()))
        );
        for other in [
            "localhost:4599",
            "kms.localhost:4599",
            "kms.not-a-region.localhost:4599",
            "iam.us-east-1.localhost:4599",
            "kms.us-east-1.localhost.evil.example",
            "kms.us-east-1.evil.example",
            "kms.us-east-1.x.localhost",
        ] {
            assert_eq!(regional(other), None, "{other}");
        }
        for served in ["kms.us-east-1.localhost:4599", "sts.me-south-1.localhost:1"] {
            assert!(host_ok(&c, served), "{served}");
        }
        for refused in [
            "kms.us-east-1.amazonaws.com",
            "sts.us-east-1.localhost.evil.example:4599",
        ] {
            assert!(!host_ok(&c, refused), "{refused}");
        }
    }

    #[test]
    fn bind_names_and_any_address() {
        let mut c = config();
        c.served_hosts = vec!["kms.test.internal".into(), "10.0.0.5".into()];
        assert!(host_ok(&c, "KMS.test.internal:4599"));
        assert!(host_ok(&c, "10.0.0.5:4599"));
        assert!(!host_ok(&c, "10.0.0.6:4599"));
        c.serve_any_address = true;
        assert!(host_ok(&c, "10.0.0.6:4599"));
        assert!(host_ok(&c, "[fd00::1]:4599"));
        assert!(!host_ok(&c, "evil.example"));
    }

    #[test]
    fn the_refusal_names_the_host_and_why() {
        let err = check_host(&config(), &headers(&[("host", "evil.example")]), None).unwrap_err();
        assert!(err.message.contains("\"evil.example\""), "{}", err.message);
        assert!(err.message.contains("DNS rebinding"), "{}", err.message);
    }

    #[test]
    fn admin_calls_need_the_header_json_and_a_console_origin() {
        let c = config();
        let post = Method::POST;
        let json = ("content-type", "application/json");
        let admin = (ADMIN_HEADER, "1");
        assert!(check_admin(&c, &post, &headers(&[json, admin])).is_ok());
        assert!(check_admin(&c, &Method::GET, &headers(&[admin])).is_ok());
        assert!(check_admin(
            &c,
            &post,
            &headers(&[("content-type", "application/json; charset=utf-8"), admin])
        )
        .is_ok());
        assert_eq!(
            check_admin(&c, &post, &headers(&[json]))
                .unwrap_err()
                .status,
            403
        );
        assert_eq!(
            check_admin(
                &c,
                &post,
                &headers(&[("content-type", "text/plain"), admin])
            )
            .unwrap_err()
            .status,
            415
        );
        assert_eq!(
            check_admin(&c, &Method::DELETE, &headers(&[admin]))
                .unwrap_err()
                .status,
            415
        );
        let evil = ("origin", "https://evil.example");
        assert_eq!(
            check_admin(&c, &post, &headers(&[json, admin, evil]))
                .unwrap_err()
                .status,
            403
        );
        let console = ("origin", "http://127.0.0.1:8080");
        assert!(check_admin(&c, &post, &headers(&[json, admin, console])).is_ok());
        let mut any = config();
        any.cors_origins = vec!["*".into()];
        assert!(check_admin(&any, &post, &headers(&[json, admin, evil])).is_err());
        assert!(!admin_preflight_allowed(&any, &headers(&[evil])));
        assert!(admin_preflight_allowed(&c, &headers(&[console])));
        assert!(!admin_preflight_allowed(&c, &headers(&[])));
    }
}
