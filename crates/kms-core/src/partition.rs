//! AWS partitions, Regions and KMS endpoints.
//!
//! A Region belongs to a partition by its prefix (`cn-` → `aws-cn`, `us-gov-` →
//! `aws-us-gov`, ...); the partition gives the DNS suffixes of the endpoints. The table
//! follows `partitions.json` of the AWS SDKs (version 1.1, as shipped in 2025: every
//! partition supports FIPS and dual-stack endpoints), and KMS uses the standard endpoint
//! rules: `https://kms[-fips].{region}.{dnsSuffix | dualStackDnsSuffix}/`.
//!
//! ```
//! use kms_core::partition::{EndpointConfig, Partition};
//!
//! let endpoint = EndpointConfig::new("cn-north-1").with_dual_stack(true).resolve().unwrap();
//! assert_eq!(endpoint.url, "https://kms.cn-north-1.api.amazonwebservices.com.cn/");
//! assert_eq!(endpoint.signing_region, "cn-north-1");
//!
//! let local = EndpointConfig::new("us-east-1")
//!     .with_custom_url("http://127.0.0.1:4599")
//!     .resolve()
//!     .unwrap();
//! assert_eq!(local.url, "http://127.0.0.1:4599/");
//!
//! assert_eq!(Partition::for_region("us-gov-west-1"), Partition::AwsUsGov);
//! ```

use crate::key_id_error::{KeyIdError, KeyIdErrorKind};
use crate::text::{quoted, Joined};
use std::fmt;
use std::str::FromStr;

/// The longest Region name KMS accepts (`RegionType`).
pub const MAX_REGION_LEN: usize = 32;

/// An AWS partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Partition {
    /// `aws`: the commercial Regions.
    Aws,
    /// `aws-cn`: China.
    AwsCn,
    /// `aws-us-gov`: AWS GovCloud (US).
    AwsUsGov,
    /// `aws-iso`: US ISO (C2S).
    AwsIso,
    /// `aws-iso-b`: US ISOB (SC2S).
    AwsIsoB,
    /// `aws-iso-e`: EU ISOE.
    AwsIsoE,
    /// `aws-iso-f`: US ISOF.
    AwsIsoF,
    /// `aws-eusc`: AWS European Sovereign Cloud.
    AwsEusc,
}

/// What `partitions.json` says of a partition.
struct PartitionInfo {
    name: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_fips: bool,
    supports_dual_stack: bool,
}

impl Partition {
    /// Every partition this version knows.
    pub const ALL: [Partition; 8] = [
        Self::Aws,
        Self::AwsCn,
        Self::AwsUsGov,
        Self::AwsIso,
        Self::AwsIsoB,
        Self::AwsIsoE,
        Self::AwsIsoF,
        Self::AwsEusc,
    ];

    const fn info(self) -> PartitionInfo {
        const fn both(
            name: &'static str,
            dns_suffix: &'static str,
            dual_stack_dns_suffix: &'static str,
        ) -> PartitionInfo {
            PartitionInfo {
                name,
                dns_suffix,
                dual_stack_dns_suffix,
                supports_fips: true,
                supports_dual_stack: true,
            }
        }
        match self {
            Self::Aws => both("aws", "amazonaws.com", "api.aws"),
            Self::AwsCn => both("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
            Self::AwsUsGov => both("aws-us-gov", "amazonaws.com", "api.aws"),
            Self::AwsIso => both("aws-iso", "c2s.ic.gov", "api.aws.ic.gov"),
            Self::AwsIsoB => both("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud"),
            Self::AwsIsoE => both("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
            Self::AwsIsoF => both("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
            Self::AwsEusc => both("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu"),
        }
    }

    /// The partition's name in ARNs.
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// The partition named `name` in an ARN, if this version knows it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The partition a Region belongs to, by its prefix; Regions without a known prefix
    /// are in `aws`.
    pub fn for_region(region: &str) -> Self {
        const PREFIXES: [(&str, Partition); 7] = [
            ("cn-", Partition::AwsCn),
            ("us-gov-", Partition::AwsUsGov),
            ("us-iso-", Partition::AwsIso),
            ("us-isob-", Partition::AwsIsoB),
            ("eu-isoe-", Partition::AwsIsoE),
            ("us-isof-", Partition::AwsIsoF),
            ("eusc-", Partition::AwsEusc),
        ];
        PREFIXES
            .into_iter()
            .find(|(prefix, _)| region.starts_with(prefix))
            .map_or(Self::Aws, |(_, partition)| partition)
    }

    /// The DNS suffix of the standard endpoints, such as `amazonaws.com`.
    pub fn dns_suffix(self) -> &'static str {
        self.info().dns_suffix
    }

    /// The DNS suffix of the dual-stack (IPv4 and IPv6) endpoints, such as `api.aws`.
    pub fn dual_stack_dns_suffix(self) -> &'static str {
        self.info().dual_stack_dns_suffix
    }

    /// The partition's Regions, as the AWS SDKs' `partitions.json` lists them (the
    /// `*-global` pseudo-Regions left out), for work across every Region. Regions added
    /// later are still accepted wherever a Region is given.
    pub fn regions(self) -> &'static [&'static str] {
        match self {
            Self::Aws => &[
                "af-south-1",
                "ap-east-1",
                "ap-northeast-1",
                "ap-northeast-2",
                "ap-northeast-3",
                "ap-south-1",
                "ap-south-2",
                "ap-southeast-1",
                "ap-southeast-2",
                "ap-southeast-3",
                "ap-southeast-4",
                "ap-southeast-5",
                "ap-southeast-7",
                "ca-central-1",
                "ca-west-1",
                "eu-central-1",
                "eu-central-2",
                "eu-north-1",
                "eu-south-1",
                "eu-south-2",
                "eu-west-1",
                "eu-west-2",
                "eu-west-3",
                "il-central-1",
                "me-central-1",
                "me-south-1",
                "mx-central-1",
                "sa-east-1",
                "us-east-1",
                "us-east-2",
                "us-west-1",
                "us-west-2",
            ],
            Self::AwsCn => &["cn-north-1", "cn-northwest-1"],
            Self::AwsUsGov => &["us-gov-east-1", "us-gov-west-1"],
            Self::AwsIso => &["us-iso-east-1", "us-iso-west-1"],
            Self::AwsIsoB => &["us-isob-east-1"],
            Self::AwsIsoE => &["eu-isoe-west-1"],
            Self::AwsIsoF => &["us-isof-east-1", "us-isof-south-1"],
            Self::AwsEusc => &["eusc-de-east-1"],
        }
    }

    /// Whether the partition has FIPS endpoints.
    pub fn supports_fips(self) -> bool {
        self.info().supports_fips
    }

    /// Whether the partition has dual-stack endpoints.
    pub fn supports_dual_stack(self) -> bool {
        self.info().supports_dual_stack
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Partition {
    type Err = KeyIdError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = Self::ALL.iter().map(|p| p.as_str()).collect();
            KeyIdError::with_kind(
                KeyIdErrorKind::UnknownPartition,
                format!(
                    "unknown partition {}; expected one of {}",
                    quoted(name),
                    Joined(&known, ", ")
                ),
            )
        })
    }
}

/// Where requests go, and which Region they are signed for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// The URL requests are POSTed to, ending in `/`.
    pub url: String,
    /// The Region in the signature's credential scope.
    pub signing_region: String,
}

/// What kind of problem an [`EndpointError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EndpointErrorKind {
    /// The Region is empty or not a Region name.
    InvalidRegion,
    /// FIPS was asked for in a partition without FIPS endpoints.
    FipsNotSupported,
    /// Dual-stack was asked for in a partition without dual-stack endpoints.
    DualStackNotSupported,
    /// FIPS or dual-stack was asked for together with a custom URL.
    VariantWithCustomUrl,
    /// The custom URL is not `http(s)://host[:port][/path]`.
    InvalidUrl,
}

/// What is wrong with an endpoint configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    kind: EndpointErrorKind,
    message: String,
}

impl EndpointError {
    fn new(kind: EndpointErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> EndpointErrorKind {
        self.kind
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// How to reach KMS: by Region (with FIPS / dual-stack variants) or a custom URL.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EndpointConfig {
    /// The Region, such as `eu-west-1`. Also the signing Region with a custom URL.
    pub region: String,
    /// Use the FIPS endpoint.
    pub fips: bool,
    /// Use the dual-stack (IPv4 and IPv6) endpoint.
    pub dual_stack: bool,
    /// A custom endpoint URL, such as `http://127.0.0.1:4599` for kms-local.
    pub custom_url: Option<String>,
}

impl EndpointConfig {
    /// The standard endpoint of `region`.
    pub fn new(region: impl Into<String>) -> Self {
        Self {
            region: region.into(),
            ..Self::default()
        }
    }

    /// This configuration with the FIPS endpoint on or off.
    pub fn with_fips(mut self, fips: bool) -> Self {
        self.fips = fips;
        self
    }

    /// This configuration with the dual-stack endpoint on or off.
    pub fn with_dual_stack(mut self, dual_stack: bool) -> Self {
        self.dual_stack = dual_stack;
        self
    }

    /// This configuration sending to `url` instead of AWS (still signed for the Region).
    pub fn with_custom_url(mut self, url: impl Into<String>) -> Self {
        self.custom_url = Some(url.into());
        self
    }

    /// Resolves the URL and signing Region. Surrounding whitespace of the Region and URL
    /// is ignored.
    pub fn resolve(&self) -> Result<Endpoint, EndpointError> {
        let region = self.region.trim();
        validate_region(region).map_err(|error| {
            EndpointError::new(EndpointErrorKind::InvalidRegion, error.to_string())
        })?;
        let url = match &self.custom_url {
            Some(url) => {
                if self.fips || self.dual_stack {
                    return Err(EndpointError::new(
                        EndpointErrorKind::VariantWithCustomUrl,
                        "a custom endpoint url cannot be combined with the FIPS or dual-stack setting; turn them off or clear the url",
                    ));
                }
                normalize_custom_url(url)?
            }
            None => {
                let partition = Partition::for_region(region);
                if self.fips && !partition.supports_fips() {
                    return Err(EndpointError::new(
                        EndpointErrorKind::FipsNotSupported,
                        format!("partition {partition} (region {region}) has no FIPS endpoints; turn FIPS off"),
                    ));
                }
                if self.dual_stack && !partition.supports_dual_stack() {
                    return Err(EndpointError::new(
                        EndpointErrorKind::DualStackNotSupported,
                        format!("partition {partition} (region {region}) has no dual-stack endpoints; turn dual-stack off"),
                    ));
                }
                let service = if self.fips { "kms-fips" } else { "kms" };
                let suffix = if self.dual_stack {
                    partition.dual_stack_dns_suffix()
                } else {
                    partition.dns_suffix()
                };
                format!("https://{service}.{region}.{suffix}/")
            }
        };
        Ok(Endpoint {
            url,
            signing_region: region.to_owned(),
        })
    }
}

/// Checks `http(s)://host[:port][/path]` and returns it with a lower-case scheme and a
/// trailing `/`.
fn normalize_custom_url(url: &str) -> Result<String, EndpointError> {
    let url = url.trim();
    let invalid = |detail: &str| {
        EndpointError::new(
            EndpointErrorKind::InvalidUrl,
            format!(
                "custom endpoint url {} {detail}; expected http(s)://host[:port][/path], like http://127.0.0.1:4599",
                quoted(url)
            ),
        )
    };
    if url.is_empty() {
        return Err(EndpointError::new(
            EndpointErrorKind::InvalidUrl,
            "custom endpoint url is empty; expected http(s)://host[:port][/path], like http://127.0.0.1:4599",
        ));
    }
    // `split_once(':')` and a prefix rather than `split_once("://")`: a substring search
    // costs kilobytes of wasm.
    let parts = url
        .split_once(':')
        .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)));
    let (scheme, rest) = match parts {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => ("https", rest),
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => ("http", rest),
        _ => return Err(invalid("must start with http:// or https://")),
    };
    if let Some(bad) = rest.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let what = if bad == ' ' {
            "must not contain spaces"
        } else {
            "must not contain whitespace or control characters"
        };
        return Err(invalid(what));
    }
    if rest.contains(['?', '#']) {
        return Err(invalid("must not have a query (?) or fragment (#)"));
    }
    if rest.contains('\\') {
        return Err(invalid("must use '/', not '\\'"));
    }
    // Only characters a URI may hold (RFC 3986), so that every request to it can be signed.
    if rest.contains(['<', '>', '"', '`', '{', '}', '|', '^']) || !rest.is_ascii() {
        return Err(invalid(
            "has characters a URL cannot hold; percent-encode them",
        ));
    }
    let (authority, path) = match rest.find('/') {
        Some(index) => rest.split_at(index),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(invalid(
            "must not contain a user name or password (user@host)",
        ));
    }
    let (host, port) = if let Some(after_bracket) = authority.strip_prefix('[') {
        let Some((address, after)) = after_bracket.split_once(']') else {
            return Err(invalid("has an IPv6 address without its closing ']'"));
        };
        // The full grammar (RFC 4291), not a character check: the signer parses the
        // URL again and refuses an address like `[:1::::2]`.
        if !is_ipv6_address(address) {
            return Err(invalid("has an invalid IPv6 address"));
        }
        let port = match after {
            "" => None,
            _ => match after.strip_prefix(':') {
                Some(port) => Some(port),
                None => return Err(invalid("has text after the IPv6 address")),
            },
        };
        (address, port)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(invalid("has no host"));
    }
    if !authority.starts_with('[') {
        let valid_host = host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            && host
                .trim_end_matches('.')
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-'));
        if !valid_host {
            return Err(invalid("has an invalid host name"));
        }
    }
    if let Some(port) = port {
        let valid_port = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n));
        if !valid_port {
            return Err(invalid(
                "has an invalid port; expected a number from 1 to 65535",
            ));
        }
    }
    // Plain http only to this machine (kms-local): anywhere else it would carry signed
    // requests, key IDs and answers in the clear, to be read or altered on the way.
    if scheme == "http" && !is_loopback_host(host, authority.starts_with('[')) {
        return Err(invalid(
            "must use https:// (plain http:// only for this machine: localhost, *.localhost, 127.0.0.0/8 or [::1])",
        ));
    }
    let mut normalized = format!("{scheme}://{authority}{path}");
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    Ok(normalized)
}

/// Whether a custom URL's host (already checked) is this machine: `localhost`,
/// `*.localhost` (RFC 6761 reserves both for loopback), an IPv4 address in
/// `127.0.0.0/8`, or the IPv6 loopback `::1` (also as `::ffff:127.x.y.z`).
fn is_loopback_host(host: &str, bracketed: bool) -> bool {
    if bracketed {
        return is_loopback_ipv6(host);
    }
    let name = host.trim_end_matches('.');
    let lower = name.to_ascii_lowercase();
    lower == "localhost" || lower.ends_with(".localhost") || is_loopback_ipv4(name)
}

/// Whether `text` is a dotted-quad IPv4 address in `127.0.0.0/8`.
fn is_loopback_ipv4(text: &str) -> bool {
    let octets: Vec<&str> = text.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
        && octets.first() == Some(&"127")
}

/// Whether `address` (already checked by [`is_ipv6_address`]) is `::1`, or
/// `::ffff:` followed by a loopback IPv4 address, in any of their spellings.
fn is_loopback_ipv6(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    // An IPv4 tail stands for the last two groups.
    let (hex_part, ipv4_tail) = match lower.rsplit_once(':') {
        Some((head, tail)) if tail.contains('.') => (format!("{head}:"), Some(tail)),
        _ => (lower.clone(), None),
    };
    let groups = |text: &str| -> Vec<u16> {
        text.split(':')
            .filter(|g| !g.is_empty())
            .map(|g| u16::from_str_radix(g, 16).unwrap_or(u16::MAX))
            .collect()
    };
    let width = if ipv4_tail.is_some() { 6 } else { 8 };
    let expanded: Vec<u16> = match hex_part.split_once("::") {
        Some((head, tail)) => {
            let (head, tail) = (groups(head), groups(tail));
            let zeros = width - (head.len() + tail.len()).min(width);
            head.into_iter()
                .chain(std::iter::repeat_n(0, zeros))
                .chain(tail)
                .collect()
        }
        None => groups(&hex_part),
    };
    match ipv4_tail {
        Some(ipv4) => expanded == [0, 0, 0, 0, 0, 0xffff] && is_loopback_ipv4(ipv4),
        None => expanded == [0, 0, 0, 0, 0, 0, 0, 1],
    }
}

/// Checks a Region name against the model's `RegionType`: `^([a-z]+-){2,3}\d+$`, at most
/// 32 characters.
///
/// ```
/// use kms_core::partition::validate_region;
/// assert!(validate_region("us-gov-west-1").is_ok());
/// assert_eq!(
///     validate_region("us-east1").unwrap_err().to_string(),
///     "region 'us-east1' is not a region name; expected a name like us-east-1"
/// );
/// ```
pub fn validate_region(name: &str) -> Result<(), KeyIdError> {
    if name.is_empty() {
        return Err(KeyIdError::with_kind(
            KeyIdErrorKind::InvalidRegion,
            "region is empty; expected a name like us-east-1",
        ));
    }
    let invalid = || {
        let hint = if name.chars().any(|c| c.is_ascii_uppercase()) {
            "; region names are lower-case, like us-east-1"
        } else {
            "; expected a name like us-east-1"
        };
        KeyIdError::with_kind(
            KeyIdErrorKind::InvalidRegion,
            format!("region {} is not a region name{hint}", quoted(name)),
        )
    };
    if name.len() > MAX_REGION_LEN {
        return Err(invalid());
    }
    let mut parts: Vec<&str> = name.split('-').collect();
    let number = parts.pop().unwrap_or_default();
    let words_ok = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()));
    let number_ok = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    if words_ok && number_ok {
        Ok(())
    } else {
        Err(invalid())
    }
}

/// Whether `text` is an IPv6 address in RFC 4291's text form, without a zone: eight
/// groups of one to four hex digits separated by `:`, where one `::` stands for one or
/// more groups of zeros, and the last two groups may be written as an IPv4 address.
///
/// Accepts exactly what `core::net::Ipv6Addr`'s parser accepts (a property test compares
/// the two) for a tenth of its size in the wasm, which the npm package's budget counts.
fn is_ipv6_address(text: &str) -> bool {
    match text.split_once("::") {
        None => ipv6_groups(text, true) == Some(8),
        Some((head, tail)) => match (ipv6_groups(head, false), ipv6_groups(tail, true)) {
            (Some(before), Some(after)) => before + after <= 7,
            _ => false,
        },
    }
}

/// How many 16-bit groups `part` (groups separated by `:`, no `::`) writes, an IPv4
/// address at its end counting two when `ipv4_last` allows one there; `None` when it is
/// not such a list. The empty text holds no groups.
fn ipv6_groups(part: &str, ipv4_last: bool) -> Option<usize> {
    if part.is_empty() {
        return Some(0);
    }
    let mut count = 0;
    let mut pieces = part.split(':').peekable();
    while let Some(piece) = pieces.next() {
        if ipv4_last && pieces.peek().is_none() && piece.contains('.') {
            return is_ipv4_address(piece).then_some(count + 2);
        }
        if !(1..=4).contains(&piece.len()) || !piece.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        count += 1;
    }
    Some(count)
}

/// Whether `text` is a dotted IPv4 address: four decimal numbers up to 255, without
/// leading zeros.
fn is_ipv4_address(text: &str) -> bool {
    let mut octets = 0;
    text.split('.').all(|octet| {
        octets += 1;
        (1..=3).contains(&octet.len())
            && octet.bytes().all(|b| b.is_ascii_digit())
            && (octet.len() == 1 || !octet.starts_with('0'))
            && octet.parse::<u16>().is_ok_and(|value| value <= 255)
    }) && octets == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(region: &str, fips: bool, dual_stack: bool) -> String {
        EndpointConfig::new(region)
            .with_fips(fips)
            .with_dual_stack(dual_stack)
            .resolve()
            .unwrap()
            .url
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_listed_region_is_valid_and_in_its_own_partition() {
        for partition in Partition::ALL {
            assert!(!partition.regions().is_empty());
            for region in partition.regions() {
                assert_eq!(Partition::for_region(region), partition, "{region}");
                assert!(EndpointConfig::new(*region).resolve().is_ok(), "{region}");
            }
        }
        assert_eq!(Partition::Aws.regions().len(), 32);
    }

    #[test]
    fn regions_map_to_partitions_by_prefix() {
        for (region, partition) in [
            ("us-east-1", Partition::Aws),
            ("eu-west-1", Partition::Aws),
            ("il-central-1", Partition::Aws),
            ("cn-north-1", Partition::AwsCn),
            ("us-gov-west-1", Partition::AwsUsGov),
            ("us-iso-east-1", Partition::AwsIso),
            ("us-isob-east-1", Partition::AwsIsoB),
            ("eu-isoe-west-1", Partition::AwsIsoE),
            ("us-isof-south-1", Partition::AwsIsoF),
            ("eusc-de-east-1", Partition::AwsEusc),
        ] {
            assert_eq!(Partition::for_region(region), partition, "{region}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn partition_names_round_trip() {
        for partition in Partition::ALL {
            assert_eq!(Partition::from_name(partition.as_str()), Some(partition));
            assert_eq!(partition.as_str().parse::<Partition>(), Ok(partition));
            assert_eq!(partition.to_string(), partition.as_str());
        }
        let error = "aws-mars".parse::<Partition>().unwrap_err();
        assert_eq!(error.kind(), KeyIdErrorKind::UnknownPartition);
        assert!(error
            .to_string()
            .starts_with("unknown partition 'aws-mars'"));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_partition_and_variant_resolves() {
        let cases = [
            (
                "us-east-1",
                [
                    "https://kms.us-east-1.amazonaws.com/",
                    "https://kms-fips.us-east-1.amazonaws.com/",
                    "https://kms.us-east-1.api.aws/",
                    "https://kms-fips.us-east-1.api.aws/",
                ],
            ),
            (
                "cn-northwest-1",
                [
                    "https://kms.cn-northwest-1.amazonaws.com.cn/",
                    "https://kms-fips.cn-northwest-1.amazonaws.com.cn/",
                    "https://kms.cn-northwest-1.api.amazonwebservices.com.cn/",
                    "https://kms-fips.cn-northwest-1.api.amazonwebservices.com.cn/",
                ],
            ),
            (
                "us-gov-east-1",
                [
                    "https://kms.us-gov-east-1.amazonaws.com/",
                    "https://kms-fips.us-gov-east-1.amazonaws.com/",
                    "https://kms.us-gov-east-1.api.aws/",
                    "https://kms-fips.us-gov-east-1.api.aws/",
                ],
            ),
            (
                "us-iso-east-1",
                [
                    "https://kms.us-iso-east-1.c2s.ic.gov/",
                    "https://kms-fips.us-iso-east-1.c2s.ic.gov/",
                    "https://kms.us-iso-east-1.api.aws.ic.gov/",
                    "https://kms-fips.us-iso-east-1.api.aws.ic.gov/",
                ],
            ),
            (
                "us-isob-east-1",
                [
                    "https://kms.us-isob-east-1.sc2s.sgov.gov/",
                    "https://kms-fips.us-isob-east-1.sc2s.sgov.gov/",
                    "https://kms.us-isob-east-1.api.aws.scloud/",
                    "https://kms-fips.us-isob-east-1.api.aws.scloud/",
                ],
            ),
            (
                "eu-isoe-west-1",
                [
                    "https://kms.eu-isoe-west-1.cloud.adc-e.uk/",
                    "https://kms-fips.eu-isoe-west-1.cloud.adc-e.uk/",
                    "https://kms.eu-isoe-west-1.api.cloud-aws.adc-e.uk/",
                    "https://kms-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk/",
                ],
            ),
            (
                "us-isof-south-1",
                [
                    "https://kms.us-isof-south-1.csp.hci.ic.gov/",
                    "https://kms-fips.us-isof-south-1.csp.hci.ic.gov/",
                    "https://kms.us-isof-south-1.api.aws.hci.ic.gov/",
                    "https://kms-fips.us-isof-south-1.api.aws.hci.ic.gov/",
                ],
            ),
            (
                "eusc-de-east-1",
                [
                    "https://kms.eusc-de-east-1.amazonaws.eu/",
                    "https://kms-fips.eusc-de-east-1.amazonaws.eu/",
                    "https://kms.eusc-de-east-1.api.amazonwebservices.eu/",
                    "https://kms-fips.eusc-de-east-1.api.amazonwebservices.eu/",
                ],
            ),
        ];
        for (region, [plain, fips, dual, both]) in cases {
            assert_eq!(url(region, false, false), plain);
            assert_eq!(url(region, true, false), fips);
            assert_eq!(url(region, false, true), dual);
            assert_eq!(url(region, true, true), both);
            let endpoint = EndpointConfig::new(format!(" {region} "))
                .resolve()
                .unwrap();
            assert_eq!(endpoint.signing_region, region);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rejects_bad_regions() {
        let empty = EndpointConfig::default().resolve().unwrap_err();
        assert_eq!(empty.kind(), EndpointErrorKind::InvalidRegion);
        assert_eq!(
            empty.to_string(),
            "region is empty; expected a name like us-east-1"
        );
        let bad = EndpointConfig::new("us-east1").resolve().unwrap_err();
        assert_eq!(bad.kind(), EndpointErrorKind::InvalidRegion);
        assert_eq!(
            bad.to_string(),
            "region 'us-east1' is not a region name; expected a name like us-east-1"
        );
        // A custom URL is still signed for a Region, so it needs a valid one too.
        let custom = EndpointConfig::new("")
            .with_custom_url("http://127.0.0.1:4599")
            .resolve()
            .unwrap_err();
        assert_eq!(custom.kind(), EndpointErrorKind::InvalidRegion);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn custom_urls_are_checked_and_normalized() {
        for (given, normalized) in [
            ("http://127.0.0.1:4599", "http://127.0.0.1:4599/"),
            ("  http://127.0.0.1:4599/  ", "http://127.0.0.1:4599/"),
            ("HTTPS://kms.example.com", "https://kms.example.com/"),
            ("http://localhost:8080/kms", "http://localhost:8080/kms/"),
            ("http://[::1]:4599", "http://[::1]:4599/"),
            ("http://[::1]", "http://[::1]/"),
            ("https://[fe80::1:2]:80", "https://[fe80::1:2]:80/"),
            (
                "http://[::ffff:127.0.0.1]:4599",
                "http://[::ffff:127.0.0.1]:4599/",
            ),
            ("https://proxy.internal/a/b/", "https://proxy.internal/a/b/"),
            ("https://kms_local:4599", "https://kms_local:4599/"),
        ] {
            let endpoint = EndpointConfig::new("eu-west-1")
                .with_custom_url(given)
                .resolve()
                .unwrap();
            assert_eq!(endpoint.url, normalized, "{given}");
            assert_eq!(endpoint.signing_region, "eu-west-1");
        }
        for (given, detail) in [
            ("", "custom endpoint url is empty"),
            ("127.0.0.1:4599", "must start with http:// or https://"),
            ("ftp://example.com", "must start with http:// or https://"),
            ("http://", "has no host"),
            ("http://:4599", "has no host"),
            ("http://host:", "has an invalid port"),
            ("http://host:0", "has an invalid port"),
            ("http://host:65536", "has an invalid port"),
            ("http://host:12ab", "has an invalid port"),
            ("http://host:1:2", "has an invalid port"),
            (
                "http://user:pw@host",
                "must not contain a user name or password",
            ),
            ("http://host/?a=b", "must not have a query"),
            ("http://host/#x", "must not have a query"),
            ("http://ho st", "must not contain spaces"),
            ("http://host/\tx", "must not contain whitespace"),
            ("http://ho$t", "has an invalid host name"),
            ("http://a..b", "has an invalid host name"),
            ("http://[::1", "without its closing ']'"),
            ("http://[zz]", "has an invalid IPv6 address"),
            ("http://[]", "has an invalid IPv6 address"),
            ("http://[1:2]", "has an invalid IPv6 address"),
            (
                "http://[:4919:::::::::::::::99994919:::99]:99/",
                "has an invalid IPv6 address",
            ),
            ("http://[::1]x", "has text after the IPv6 address"),
            ("http:\\\\host", "must start with http:// or https://"),
            ("http://host\\x", "must use '/'"),
        ] {
            let error = EndpointConfig::new("us-east-1")
                .with_custom_url(given)
                .resolve()
                .unwrap_err();
            assert_eq!(error.kind(), EndpointErrorKind::InvalidUrl, "{given}");
            assert!(error.to_string().contains(detail), "{given}: {error}");
            assert!(!error.to_string().ends_with('.'));
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn plain_http_only_to_this_machine() {
        for loopback in [
            "http://127.0.0.1:4599",
            "http://127.1.2.3",
            "http://localhost:4599",
            "http://LOCALHOST.",
            "http://kms.eu-west-1.localhost:4599",
            "http://[::1]:4599",
            "http://[0:0:0:0:0:0:0:1]",
            "http://[::0:1]",
            "http://[::ffff:127.0.0.1]:4599",
            "http://[0:0:0:0:0:FFFF:127.9.9.9]",
            "https://kms.example.com",
            "https://10.0.0.1:4599",
        ] {
            let resolved = EndpointConfig::new("us-east-1")
                .with_custom_url(loopback)
                .resolve();
            assert!(resolved.is_ok(), "{loopback}: {resolved:?}");
        }
        for remote in [
            "http://kms.example.com",
            "http://10.255.255.1:4599",
            "http://128.0.0.1",
            "http://127.0.0",
            "http://127.0.0.256",
            "http://localhost.evil.example",
            "http://evillocalhost",
            "http://kms_proxy:4599",
            "http://[::2]",
            "http://[1::]",
            "http://[fe80::1]",
            "http://[::ffff:10.0.0.1]",
            "http://[::127.0.0.1]",
        ] {
            let error = EndpointConfig::new("us-east-1")
                .with_custom_url(remote)
                .resolve()
                .unwrap_err();
            assert_eq!(error.kind(), EndpointErrorKind::InvalidUrl, "{remote}");
            assert!(
                error.to_string().contains("must use https://"),
                "{remote}: {error}"
            );
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn custom_url_excludes_fips_and_dual_stack() {
        for (fips, dual_stack) in [(true, false), (false, true), (true, true)] {
            let error = EndpointConfig::new("us-east-1")
                .with_custom_url("http://127.0.0.1:4599")
                .with_fips(fips)
                .with_dual_stack(dual_stack)
                .resolve()
                .unwrap_err();
            assert_eq!(error.kind(), EndpointErrorKind::VariantWithCustomUrl);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn partition_table_matches_the_sdk_partitions() {
        let suffixes: Vec<_> = Partition::ALL
            .iter()
            .map(|p| (p.as_str(), p.dns_suffix(), p.dual_stack_dns_suffix()))
            .collect();
        assert_eq!(
            suffixes,
            [
                ("aws", "amazonaws.com", "api.aws"),
                ("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
                ("aws-us-gov", "amazonaws.com", "api.aws"),
                ("aws-iso", "c2s.ic.gov", "api.aws.ic.gov"),
                ("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud"),
                ("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
                ("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
                ("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu"),
            ]
        );
        assert!(Partition::ALL
            .iter()
            .all(|p| p.supports_fips() && p.supports_dual_stack()));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn ipv6_addresses_follow_rfc_4291() {
        for good in [
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "fe80::1",
            "FE80:0000:0000:0000:0202:B3FF:FE1E:8329",
            "::ffff:192.0.2.128",
            "1:2:3:4:5:6:1.2.3.4",
            "64:ff9b::0.0.0.0",
        ] {
            assert!(is_ipv6_address(good), "{good}");
        }
        for bad in [
            "",
            ":",
            ":::",
            ":1::2",
            "1::2:",
            "1::2::3",
            ":1::::2",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8",
            "12345::",
            "g::1",
            "1:2:3:4:5:6:7",
            "1.2.3.4",
            "1.2.3.4::",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3",
            "::1.2.3.256",
            "::01.2.3.4",
            "::1.2.3.4.5",
            "::1.2.3.4:5",
            "fe80::1%eth0",
        ] {
            assert!(!is_ipv6_address(bad), "{bad}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The hand-written check accepts exactly what the standard library's parser does.
        #[test]
        fn ipv6_check_agrees_with_the_standard_library(text in "[0-9a-fA-F:.]{0,45}") {
            proptest::prop_assert_eq!(
                is_ipv6_address(&text),
                text.parse::<core::net::Ipv6Addr>().is_ok(),
                "{}",
                text
            );
        }

        #[test]
        fn ipv6_check_agrees_on_address_shapes(
            groups in proptest::collection::vec("[0-9a-f]{0,5}", 0..10),
            compress in proptest::option::of(0usize..10),
            ipv4 in proptest::option::of("(25[0-6]|2[0-4][0-9]|1?[0-9]?[0-9]|0[0-9])(\\.(25[0-6]|2[0-4][0-9]|1?[0-9]?[0-9])){2,4}"),
        ) {
            let mut text = groups.join(":");
            if let Some(at) = compress {
                let at = at.min(groups.len());
                let (head, tail) = groups.split_at(at);
                text = format!("{}::{}", head.join(":"), tail.join(":"));
            }
            if let Some(ipv4) = ipv4 {
                text = format!("{text}:{ipv4}");
            }
            proptest::prop_assert_eq!(
                is_ipv6_address(&text),
                text.parse::<core::net::Ipv6Addr>().is_ok(),
                "{}",
                text
            );
        }
    }
}
