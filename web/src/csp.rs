//! Whether the page's Content-Security-Policy lets it connect to a URL: the `connect-src`
//! (or, without one, `default-src`) source list matched the way browsers match it (CSP
//! Level 3 as Chromium implements it): `'self'`, `*`, scheme sources (`https:`) and host
//! sources (`[scheme://]host[:port][/path]`, host `*.suffix`, port `:*`, default ports,
//! the http → https upgrade). Pure string logic; the sign-in page reads the policies.
//!
//! Kept small on purpose: only what decides a fetch. Nonces, hashes and other keywords
//! never allow a URL; an unparsable source allows nothing (browsers ignore it).

/// A parsed URL: lower-case scheme and host, port `None` when absent or the default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    scheme: String,
    /// The host; an IPv6 address keeps its brackets.
    host: String,
    port: Option<u16>,
    path: String,
}

/// Whether `text` is a URL scheme (RFC 3986): a letter, then letters, digits, `+`, `-`
/// and `.`.
fn is_scheme(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

impl Target {
    /// Parses `scheme://[user@]host[:port][/path][?query][#fragment]`; `None` if it is
    /// not of that form (an origin such as `null` included).
    pub(crate) fn parse(url: &str) -> Option<Self> {
        let (scheme, rest) = url.trim().split_once(':')?;
        let rest = rest.strip_prefix("//")?;
        if !is_scheme(scheme) {
            return None;
        }
        let scheme = scheme.to_ascii_lowercase();
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        let (host, port) = match authority.strip_prefix('[') {
            Some(after) => {
                let (address, after) = after.split_once(']')?;
                let port = match after {
                    "" => None,
                    _ => Some(after.strip_prefix(':')?),
                };
                (format!("[{address}]"), port)
            }
            None => match authority.split_once(':') {
                Some((host, port)) => (host.to_owned(), Some(port)),
                None => (authority.to_owned(), None),
            },
        };
        if host.is_empty() {
            return None;
        }
        let port = match port {
            None | Some("") => None,
            Some(port) if port.bytes().all(|b| b.is_ascii_digit()) => {
                Some(port.parse::<u16>().ok()?)
            }
            Some(_) => return None,
        };
        let port = port.filter(|p| Some(*p) != default_port(&scheme));
        Some(Self {
            host: host.to_ascii_lowercase(),
            scheme,
            port,
            path: path.to_owned(),
        })
    }

    /// `scheme://host[:port]`, the port only when it is not the scheme's default.
    pub(crate) fn origin(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{port}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// Whether a CSP host source can name this host at all: browsers accept only
    /// letters, digits, `-` and `.` there (no IPv6 address, no `_`).
    pub(crate) fn host_expressible(&self) -> bool {
        !self.host.is_empty()
            && self
                .host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
    }

    fn effective_port(&self) -> Option<u16> {
        self.port.or_else(|| default_port(&self.scheme))
    }
}

/// The source list of the directive that governs fetches in `policy`: `connect-src`,
/// else `default-src`; `None` when neither is there (everything is allowed). The first
/// of repeated directives counts, as in browsers.
fn connect_sources(policy: &str) -> Option<&str> {
    let mut default_src = None;
    for directive in policy.split(';') {
        let directive = directive.trim_matches(|c: char| c.is_ascii_whitespace());
        let (name, value) = directive
            .split_once(|c: char| c.is_ascii_whitespace())
            .unwrap_or((directive, ""));
        if name.eq_ignore_ascii_case("connect-src") {
            return Some(value);
        }
        if name.eq_ignore_ascii_case("default-src") && default_src.is_none() {
            default_src = Some(value);
        }
    }
    default_src
}

/// Whether one policy (a meta tag's `content`) allows a fetch of `url` from a page whose
/// origin is `page` (`None` for an opaque origin).
pub(crate) fn policy_allows(policy: &str, url: &Target, page: Option<&Target>) -> bool {
    match connect_sources(policy) {
        None => true,
        Some(list) => list
            .split(|c: char| c.is_ascii_whitespace())
            .filter(|s| !s.is_empty())
            .any(|source| source_matches(source, url, page)),
    }
}

/// Whether every policy allows `url` from `page`. No policy: everything is allowed.
pub(crate) fn policies_allow<S: AsRef<str>>(
    policies: &[S],
    url: &Target,
    page: Option<&Target>,
) -> bool {
    policies
        .iter()
        .all(|policy| policy_allows(policy.as_ref(), url, page))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SchemeMatch {
    No,
    Upgrade,
    Exact,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PortMatch {
    No,
    Wildcard,
    Upgrade,
    Exact,
}

fn scheme_match(allowed: &str, scheme: &str) -> SchemeMatch {
    if allowed == scheme {
        SchemeMatch::Exact
    } else if (allowed, scheme) == ("http", "https") || (allowed, scheme) == ("ws", "wss") {
        SchemeMatch::Upgrade
    } else {
        SchemeMatch::No
    }
}

/// A host source's port: absent, `*`, or a number.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PortSpec {
    Absent,
    Any,
    Number(u16),
}

/// A parsed host source (or `'self'`, which matches as the page's origin would).
struct HostSource<'a> {
    /// Lower-case; empty when the source has no scheme.
    scheme: String,
    /// `*` in front of the host (`*` alone or `*.suffix`).
    wildcard: bool,
    /// The host, or the suffix after `*.`; empty for `*` alone.
    host: &'a str,
    port: PortSpec,
    path: &'a str,
}

impl<'a> HostSource<'a> {
    /// Parses `[scheme://]host[:port][/path]` with the CSP grammar; `None` if invalid.
    fn parse(source: &'a str) -> Option<Self> {
        let (scheme, rest) = match source.split_once("://") {
            Some((scheme, rest)) if is_scheme(scheme) => (scheme.to_ascii_lowercase(), rest),
            Some(_) => return None,
            None => (String::new(), source),
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let (host, port) = match authority.split_once(':') {
            Some((host, "*")) => (host, PortSpec::Any),
            Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                (host, PortSpec::Number(port.parse().ok()?))
            }
            Some(_) => return None,
            None => (authority, PortSpec::Absent),
        };
        let (wildcard, host) = match host.strip_prefix('*') {
            Some("") => (true, ""),
            Some(suffix) => (true, suffix.strip_prefix('.')?),
            None => (false, host),
        };
        let labels: Vec<&str> = host.split('.').collect();
        let host_ok = (wildcard && host.is_empty())
            || labels.iter().enumerate().all(|(i, label)| {
                // Only a trailing dot is allowed.
                (!label.is_empty() || (i + 1 == labels.len() && i > 0))
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !host_ok || path.contains(['?', '#']) {
            return None;
        }
        Some(Self {
            scheme,
            wildcard,
            host,
            port,
            path,
        })
    }

    fn matches(&self, url: &Target, page: Option<&Target>) -> bool {
        let allowed_scheme = match (self.scheme.as_str(), page) {
            ("", Some(page)) => page.scheme.as_str(),
            ("", None) => return false,
            (scheme, _) => scheme,
        };
        let scheme = scheme_match(allowed_scheme, &url.scheme);
        let port = self.port_match(url);
        if scheme == SchemeMatch::Upgrade
            && !matches!(port, PortMatch::Upgrade | PortMatch::Wildcard)
        {
            return false;
        }
        if port == PortMatch::Upgrade && scheme != SchemeMatch::Upgrade {
            return false;
        }
        scheme != SchemeMatch::No && port != PortMatch::No && self.host_matches(url) && {
            let path = self.path;
            path.is_empty()
                || (path == "/" && url.path.is_empty())
                || if path.ends_with('/') {
                    url.path.starts_with(path)
                } else {
                    url.path == path
                }
        }
    }

    fn host_matches(&self, url: &Target) -> bool {
        if !self.wildcard {
            return url.host.eq_ignore_ascii_case(self.host);
        }
        if self.host.is_empty() {
            return true;
        }
        // At least one label, a dot, then the suffix: `*.x.y` never matches `x.y`.
        let (host, suffix) = (url.host.as_bytes(), self.host.as_bytes());
        host.len() > suffix.len() + 1
            && host[host.len() - suffix.len() - 1] == b'.'
            && host[host.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    }

    fn port_match(&self, url: &Target) -> PortMatch {
        let url_port = url.effective_port();
        let source_port = match self.port {
            PortSpec::Any => return PortMatch::Wildcard,
            PortSpec::Number(port) if Some(port) == url_port => return PortMatch::Exact,
            PortSpec::Absent if default_port(&url.scheme) == url_port => {
                return PortMatch::Wildcard
            }
            PortSpec::Number(port) => Some(port),
            PortSpec::Absent => default_port(&self.scheme),
        };
        if source_port == Some(80) && url_port == Some(443) {
            PortMatch::Upgrade
        } else {
            PortMatch::No
        }
    }
}

/// Whether one source expression allows `url`.
fn source_matches(source: &str, url: &Target, page: Option<&Target>) -> bool {
    if source.eq_ignore_ascii_case("'self'") {
        return page.is_some_and(|page| {
            HostSource {
                scheme: page.scheme.clone(),
                wildcard: false,
                host: &page.host,
                port: page.port.map_or(PortSpec::Absent, PortSpec::Number),
                path: "",
            }
            .matches(url, Some(page))
        });
    }
    if source.starts_with('\'') {
        // 'none', 'unsafe-eval', nonces, hashes: none of them allows a URL.
        return false;
    }
    if source == "*" {
        return matches!(url.scheme.as_str(), "http" | "https" | "ws" | "wss")
            || page.is_some_and(|page| page.scheme == url.scheme);
    }
    if let Some(scheme) = source.strip_suffix(':') {
        if !scheme.contains([':', '/']) {
            return scheme_match(&scheme.to_ascii_lowercase(), &url.scheme) != SchemeMatch::No;
        }
    }
    HostSource::parse(source).is_some_and(|host_source| host_source.matches(url, page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The policy of index.html, as the page ships it.
    fn index_policy() -> &'static str {
        let html = include_str!("../../index.html");
        let meta = &html[html.find("http-equiv=\"Content-Security-Policy\"").unwrap()..];
        let content = &meta[meta.find("content=\"").unwrap() + "content=\"".len()..];
        &content[..content.find('"').unwrap()]
    }
    const PAGE: &str = "https://console.corp.example";

    fn allows(policy: &str, url: &str, page: &str) -> bool {
        let url = Target::parse(url).unwrap_or_else(|| panic!("{url} does not parse"));
        policy_allows(policy, &url, Target::parse(page).as_ref())
    }

    #[wasm_bindgen_test]
    fn parses_urls_into_origins() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>)] = &[
            ("http://127.0.0.1:4599/", Some("http://127.0.0.1:4599")),
            ("HTTPS://KMS-Proxy.Corp.Example:8443/kms/", Some("https://kms-proxy.corp.example:8443")),
            ("https://kms.eu-west-1.amazonaws.com:443/", Some("https://kms.eu-west-1.amazonaws.com")),
            ("http://example.com:80", Some("http://example.com")),
            ("http://example.com:443", Some("http://example.com:443")),
            ("http://user:pw@example.com:81/x?y#z", Some("http://example.com:81")),
            ("http://[::1]:4599/", Some("http://[::1]:4599")),
            ("http://example.com:", Some("http://example.com")),
            ("null", None),
            ("example.com", None),
            ("http:example.com", None),
            ("http://", None),
            ("http://example.com:99999/", None),
            ("http://example.com:4a/", None),
            ("http://[::1/", None),
            ("1http://example.com", None),
        ];
        for (url, origin) in cases {
            assert_eq!(
                Target::parse(url).map(|t| t.origin()).as_deref(),
                *origin,
                "{url}"
            );
        }
        assert!(Target::parse("http://kms-proxy.example").is_some_and(|t| t.host_expressible()));
        assert!(!Target::parse("http://[::1]:4599").is_some_and(|t| t.host_expressible()));
        assert!(!Target::parse("http://kms_proxy:4599").is_some_and(|t| t.host_expressible()));
    }

    #[wasm_bindgen_test]
    fn matches_connect_src_like_browsers() {
        // (policy, url, page origin, allowed)
        let index = index_policy();
        // As finish-dist.mjs writes it.
        let added = index.replace(
            "http://localhost:*;",
            "http://localhost:* https://kms-proxy.corp.example:8443;",
        );
        assert_ne!(added, index);
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, bool)] = &[
            // index.html's policy.
            (index, "http://127.0.0.1:4599/", PAGE, true),
            (index, "http://localhost:9/", PAGE, true),
            (index, "http://LOCALHOST/", PAGE, true),
            (index, "https://kms.us-east-1.amazonaws.com/", PAGE, true),
            (index, "https://kms-fips.us-gov-west-1.amazonaws.com/", PAGE, true),
            (index, "https://kms.eu-west-1.api.aws/", PAGE, true),
            (index, "https://kms.cn-north-1.amazonaws.com.cn/", PAGE, true),
            (index, "https://kms.cn-north-1.api.amazonwebservices.com.cn/", PAGE, true),
            (index, "https://amazonaws.com/", PAGE, false),
            (index, "https://evil-amazonaws.com/", PAGE, false),
            (index, "https://kms.us-east-1.amazonaws.com.evil.example/", PAGE, false),
            (index, "http://kms.us-east-1.amazonaws.com/", PAGE, false),
            (index, "http://10.255.255.1:4599/", PAGE, false),
            (index, "https://kms-proxy.corp.example:8443/", PAGE, false),
            (index, "http://127.0.0.2:4599/", PAGE, false),
            (index, "http://[::1]:4599/", PAGE, false),
            // https upgrade of a loopback source: a wildcard port allows it.
            (index, "https://127.0.0.1:4599/", PAGE, true),
            // 'self': same origin, default ports, http → https.
            (index, "https://console.corp.example/", PAGE, true),
            (index, "https://console.corp.example:443/kms", PAGE, true),
            (index, "https://console.corp.example:8443/", PAGE, false),
            (index, "http://console.corp.example/", PAGE, false),
            ("connect-src 'self'", "https://console.corp.example/", "http://console.corp.example", true),
            ("connect-src 'self'", "http://console.corp.example:8080/", "http://console.corp.example:8080", true),
            ("connect-src 'SELF'", "http://console.corp.example:8081/", "http://console.corp.example:8080", false),
            ("connect-src 'self'", "http://console.corp.example/", "null", false),
            // Added with KMS_CONSOLE_CONNECT_SRC.
            (&added, "http://127.0.0.1:4599/", PAGE, true),
            (&added, "https://kms-proxy.corp.example:8443/", PAGE, true),
            (&added, "https://kms-proxy.corp.example/", PAGE, false),
            (&added, "https://kms-proxy.corp.example:9443/", PAGE, false),
            (&added, "https://other.corp.example:8443/", PAGE, false),
            // Exact host, case-insensitive; a trailing dot is part of the host.
            ("connect-src https://Kms.Example", "https://kms.example/", PAGE, true),
            ("connect-src https://kms.example", "https://kms.example.org/", PAGE, false),
            ("connect-src https://kms.example", "https://a.kms.example/", PAGE, false),
            // *.suffix: any depth of subdomain, never the bare suffix.
            ("connect-src https://*.corp.example", "https://kms.corp.example/", PAGE, true),
            ("connect-src https://*.corp.example", "https://a.b.corp.example/", PAGE, true),
            ("connect-src https://*.corp.example", "https://corp.example/", PAGE, false),
            ("connect-src https://*.corp.example", "https://xcorp.example/", PAGE, false),
            ("connect-src https://*.corp.example", "https://kms.corp.example:8443/", PAGE, false),
            ("connect-src https://*.corp.example:*", "https://kms.corp.example:8443/", PAGE, true),
            ("connect-src https://*", "https://anything.example:443/", PAGE, true),
            // Ports: default ports, :* and explicit numbers.
            ("connect-src https://kms.example:443", "https://kms.example/", PAGE, true),
            ("connect-src https://kms.example", "https://kms.example:443/", PAGE, true),
            ("connect-src http://kms.example:80", "http://kms.example/", PAGE, true),
            ("connect-src http://kms.example", "http://kms.example:8080/", PAGE, false),
            ("connect-src http://kms.example:*", "http://kms.example:8080/", PAGE, true),
            ("connect-src http://kms.example:8080", "http://kms.example:8081/", PAGE, false),
            // Schemes: http allows the https upgrade (default ports only), not the reverse.
            ("connect-src http://kms.example", "https://kms.example/", PAGE, true),
            ("connect-src http://kms.example:8080", "https://kms.example:8080/", PAGE, false),
            ("connect-src https://kms.example", "http://kms.example/", PAGE, false),
            ("connect-src HTTPS://kms.example", "https://kms.example/", PAGE, true),
            // No scheme: the page's scheme (or its upgrade).
            ("connect-src kms.example:4599", "https://kms.example:4599/", PAGE, true),
            ("connect-src kms.example:4599", "http://kms.example:4599/", PAGE, false),
            ("connect-src kms.example:4599", "http://kms.example:4599/", "http://127.0.0.1:8080", true),
            ("connect-src kms.example:4599", "http://kms.example:4599/", "null", false),
            // Scheme sources and *.
            ("connect-src https:", "https://anything.example:8443/", PAGE, true),
            ("connect-src https:", "http://anything.example/", PAGE, false),
            ("connect-src http:", "https://anything.example/", PAGE, true),
            ("connect-src *", "http://10.255.255.1:4599/", PAGE, true),
            // Paths: a directory allows what is under it, a file only itself.
            ("connect-src https://kms.example/kms/", "https://kms.example/kms/", PAGE, true),
            ("connect-src https://kms.example/kms/", "https://kms.example/other/", PAGE, false),
            ("connect-src https://kms.example/kms", "https://kms.example/kms", PAGE, true),
            ("connect-src https://kms.example/kms", "https://kms.example/kms/", PAGE, false),
            ("connect-src https://kms.example/", "https://kms.example", PAGE, true),
            // Keywords, nonces and invalid sources allow nothing.
            ("connect-src 'none'", "http://127.0.0.1:4599/", PAGE, false),
            ("connect-src 'unsafe-inline' 'nonce-abc'", "http://127.0.0.1:4599/", PAGE, false),
            ("connect-src https://kms_proxy.example", "https://kms_proxy.example/", PAGE, false),
            ("connect-src https://kms.*.example", "https://kms.a.example/", PAGE, false),
            ("connect-src https://kms.example:port", "https://kms.example/", PAGE, false),
            ("connect-src https://[::1]:4599", "https://[::1]:4599/", PAGE, false),
            // Directives: connect-src, else default-src, else anything; names in any
            // case; the first of a repeated directive counts.
            ("default-src 'none'", "http://127.0.0.1:4599/", PAGE, false),
            ("default-src http://127.0.0.1:*", "http://127.0.0.1:4599/", PAGE, true),
            ("default-src 'none'; connect-src http://127.0.0.1:*", "http://127.0.0.1:4599/", PAGE, true),
            ("connect-src http://127.0.0.1:*; default-src 'none'", "http://127.0.0.1:4599/", PAGE, true),
            ("script-src 'self'; img-src data:", "http://10.255.255.1:4599/", PAGE, true),
            ("", "http://10.255.255.1:4599/", PAGE, true),
            ("CONNECT-SRC http://127.0.0.1:*", "http://127.0.0.1:4599/", PAGE, true),
            ("connect-src 'none'; connect-src *", "http://127.0.0.1:4599/", PAGE, false),
            ("connect-src", "http://127.0.0.1:4599/", PAGE, false),
            ("  connect-src\thttp://127.0.0.1:*\n  ;", "http://127.0.0.1:4599/", PAGE, true),
        ];
        let mut wrong = Vec::new();
        for (policy, url, page, expected) in cases {
            if allows(policy, url, page) != *expected {
                wrong.push(format!("{policy:?} {url} from {page}: expected {expected}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {} wrong:\n{}",
            wrong.len(),
            cases.len(),
            wrong.join("\n")
        );
    }

    #[wasm_bindgen_test]
    fn every_policy_must_allow() {
        let url = Target::parse("http://10.255.255.1:4599/").unwrap();
        let page = Target::parse(PAGE);
        let none: [&str; 0] = [];
        assert!(policies_allow(&none, &url, page.as_ref()));
        assert!(policies_allow(
            &["connect-src *", "default-src http:"],
            &url,
            page.as_ref()
        ));
        assert!(!policies_allow(
            &["connect-src *", index_policy()],
            &url,
            page.as_ref()
        ));
    }

    #[wasm_bindgen_test]
    fn index_html_allows_every_kms_endpoint_of_every_partition() {
        use kms_core::partition::{EndpointConfig, Partition};
        let region_of = |partition: Partition| match partition {
            Partition::Aws => "us-east-1",
            Partition::AwsCn => "cn-north-1",
            Partition::AwsUsGov => "us-gov-west-1",
            Partition::AwsIso => "us-iso-east-1",
            Partition::AwsIsoB => "us-isob-east-1",
            Partition::AwsIsoE => "eu-isoe-west-1",
            Partition::AwsIsoF => "us-isof-south-1",
            Partition::AwsEusc => "eusc-de-east-1",
            _ => unreachable!("a partition this test does not know"),
        };
        let page = Target::parse(PAGE);
        let mut checked = 0;
        for partition in Partition::ALL {
            let region = region_of(partition);
            assert_eq!(Partition::for_region(region), partition, "{region}");
            for (fips, dual_stack) in [(false, false), (true, false), (false, true), (true, true)] {
                let Ok(endpoint) = EndpointConfig::new(region)
                    .with_fips(fips)
                    .with_dual_stack(dual_stack)
                    .resolve()
                else {
                    continue; // a variant the partition does not offer
                };
                let url = Target::parse(&endpoint.url).unwrap();
                assert!(
                    policy_allows(index_policy(), &url, page.as_ref()),
                    "index.html's CSP blocks {}",
                    endpoint.url
                );
                checked += 1;
            }
        }
        assert!(checked >= 8 * 2, "only {checked} endpoints resolved");
    }
}
