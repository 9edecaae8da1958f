//! SigV4 verification: who is calling, for which account and Region.
//!
//! Every KMS and STS request is checked the way AWS's request framework checks it, in the
//! same order and with the same words: the `Authorization` header must be there and
//! complete, the date well-formed and within 5 minutes of the server's clock, the
//! credential scope valid (the service, `kms` or `sts`; a Region, the host's own for a
//! per-Region host name; `aws4_request`; the same day), the access key known (the
//! seed's credentials and the sessions STS handed out); then the signature is recomputed with kms-core's signer (aws-sigv4) from
//! the method, path, query, the headers listed in `SignedHeaders` and the body, and
//! compared in constant time; then the session token and its expiry are checked.

use crate::error::KmsError;
use crate::timefmt;
use kms_core::credentials::Credentials;
use kms_core::signing::{sign, SigningOptions, SigningRequest};
use kms_core::time::Timestamp;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// How far a request's time may be from the server's, either way.
pub const MAX_SKEW_MILLIS: i64 = 5 * 60 * 1000;

/// A configured credential: an access key, its secret, an optional session token, the
/// account it belongs to and an optional expiry.
///
/// `Debug` never shows the secret or the token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Principal {
    /// The access key ID, such as `ASIAKMSLOCALDEMO0001`.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token the requests must carry, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token: Option<String>,
    /// The 12-digit account ID the key belongs to.
    pub account_id: String,
    /// After this time requests get `ExpiredTokenException`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::timefmt::opt_time"
    )]
    pub expiration: Option<Timestamp>,
    /// The principal's ARN, as STS `GetCallerIdentity` names it (default:
    /// `arn:aws:iam::<account>:user/kms-local`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The principal's unique ID, as `GetCallerIdentity` gives it as `UserId` (default: an
    /// `AIDA…` ID derived from the access key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

impl Principal {
    /// The ARN `GetCallerIdentity` answers with, and AccessDenied messages name.
    pub fn arn(&self) -> String {
        self.arn
            .clone()
            .unwrap_or_else(|| format!("arn:aws:iam::{}:user/kms-local", self.account_id))
    }

    /// The `UserId` of `GetCallerIdentity`: for an IAM user an ID starting `AIDA`, for an
    /// assumed role `AROA…:<session name>` (the IAM User Guide's "Unique identifiers").
    pub fn user_id(&self) -> String {
        self.user_id
            .clone()
            .unwrap_or_else(|| crate::sts::derived_id("AIDA", &self.access_key_id))
    }
}

impl std::fmt::Debug for Principal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Principal")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("account_id", &self.account_id)
            .field("expiration", &self.expiration)
            .field("arn", &self.arn)
            .finish()
    }
}

/// Who made a verified request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The caller's account.
    pub account_id: String,
    /// The Region from the signature's credential scope.
    pub region: String,
    /// The access key that signed.
    pub access_key_id: String,
}

/// The parts of a request that a signature covers.
#[derive(Debug)]
pub(crate) struct SignedParts<'a> {
    pub(crate) method: &'a str,
    /// Path and query as received, such as `/` or `/?a=b`.
    pub(crate) path_and_query: &'a str,
    /// Header names (lowercase) and values as received.
    pub(crate) headers: &'a [(String, String)],
    pub(crate) body: &'a [u8],
}

impl SignedParts<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// All values of `name`, joined with commas as SigV4 canonicalization does.
    fn joined(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    }
}

fn invalid_signature(message: impl Into<String>) -> KmsError {
    KmsError::framework("InvalidSignatureException", message)
}

fn incomplete(message: impl Into<String>) -> KmsError {
    KmsError::framework("IncompleteSignatureException", message)
}

/// Whether `region` is a Region name by the KMS model's `RegionType`
/// (`^([a-z]+-){2,3}\d+$`, at most 32 characters): `us-east-1`, `us-gov-west-1`, ...
pub(crate) fn is_valid_region(region: &str) -> bool {
    kms_core::key_id::validate_region(region).is_ok()
}

struct AuthorizationHeader<'a> {
    algorithm: &'a str,
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(auth: &str) -> Result<AuthorizationHeader<'_>, KmsError> {
    let (algorithm, rest) = auth.trim().split_once(' ').unwrap_or((auth.trim(), ""));
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((key, value)) = part.split_once('=') else {
            return Err(incomplete(format!(
                "'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{auth}'."
            )));
        };
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value),
            "Signature" => signature = Some(value),
            _ => {}
        }
    }
    let mut missing = String::new();
    for (name, value) in [
        ("Credential", credential),
        ("Signature", signature),
        ("SignedHeaders", signed_headers),
    ] {
        if value.is_none_or(str::is_empty) {
            missing.push_str(&format!(
                "Authorization header requires '{name}' parameter. "
            ));
        }
    }
    if !missing.is_empty() {
        return Err(incomplete(format!("{missing}Authorization={auth}")));
    }
    Ok(AuthorizationHeader {
        algorithm,
        credential: credential.unwrap_or_default(),
        signed_headers: signed_headers.unwrap_or_default(),
        signature: signature.unwrap_or_default(),
    })
}

/// What a request is checked against: the service it must be signed for, the Region its
/// host name names (if any), the clocks, and who may sign.
pub(crate) struct Verifier<'a> {
    /// `kms` or `sts`.
    pub(crate) service: &'a str,
    /// The Region of a per-Region host name (`kms.eu-west-1.localhost`): the signature's
    /// Region must be this one, as a Regional endpoint of AWS requires.
    pub(crate) host_region: Option<&'a str>,
    /// The server's time (which an injected clock-skew fault may have moved).
    pub(crate) now: Timestamp,
    /// The time credentials expire against: the server's time plus the admin API's clock
    /// offset (so that tests can age assumed-role sessions without waiting).
    pub(crate) expiry_now: Timestamp,
    /// The credential of an access key ID, if any.
    pub(crate) lookup: &'a dyn Fn(&str) -> Option<Principal>,
}

/// The service of a request's credential scope (`…/<region>/<service>/aws4_request`), if
/// it has an `Authorization` header of that shape: what tells STS requests from KMS ones
/// at the same address.
pub(crate) fn scope_service(authorization: &str) -> Option<&str> {
    let credential = authorization
        .split([' ', ','])
        .find_map(|part| part.trim().strip_prefix("Credential="))?;
    let mut scope = credential.trim_end_matches('/').rsplit('/');
    let _terminator = scope.next()?;
    scope.next()
}

/// Checks the request's signature and returns who signed it (and their credential).
pub(crate) fn verify(
    parts: &SignedParts<'_>,
    verifier: &Verifier<'_>,
) -> Result<(Caller, Principal), KmsError> {
    let now = verifier.now;
    let expected_service = verifier.service;
    let Some(auth) = parts.header("authorization") else {
        return Err(KmsError::framework(
            "MissingAuthenticationTokenException",
            "Request is missing Authentication Token",
        ));
    };
    if !auth.trim_start().starts_with("AWS4-") {
        return Err(KmsError::framework(
            "MissingAuthenticationTokenException",
            "Request is missing Authentication Token",
        ));
    }
    let header = parse_authorization(auth)?;
    let Some(date_text) = parts.header("x-amz-date").or_else(|| parts.header("date")) else {
        return Err(incomplete(format!(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={auth}"
        )));
    };
    let Some(request_time) = timefmt::parse_amz_date(date_text) else {
        return Err(incomplete(format!(
            "Date must be in ISO-8601 'basic format'. Got '{date_text}'. See http://en.wikipedia.org/wiki/ISO_8601"
        )));
    };
    check_skew(request_time, now)?;

    let signed_names: Vec<&str> = header.signed_headers.split(';').collect();
    let date_header = if parts.header("x-amz-date").is_some() {
        "x-amz-date"
    } else {
        "date"
    };
    require_signed(parts, &signed_names, date_header)?;
    if header.algorithm != "AWS4-HMAC-SHA256" {
        return Err(incomplete(format!(
            "Unsupported AWS 'algorithm': '{}' (only AWS4-HMAC-SHA256 for now). ",
            header.algorithm
        )));
    }
    let scope: Vec<&str> = header.credential.trim_end_matches('/').split('/').collect();
    let [access_key_id, scope_date, region, service, terminator] = scope[..] else {
        return Err(incomplete(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{}'",
            header.credential
        )));
    };
    let mut scope_problems = String::new();
    // A Regional endpoint accepts only its own Region, with the words of an invalid one
    // (STS: "SignatureDoesNotMatch: Credential should be scoped to a valid region, not
    // 'us-east-2'.", as quoted in cloud-custodian/cloud-custodian#4874;
    // https://docs.aws.amazon.com/general/latest/gr/sigv4_elements.html).
    if !is_valid_region(region) || verifier.host_region.is_some_and(|h| h != region) {
        scope_problems.push_str(&format!(
            "Credential should be scoped to a valid region, not '{region}'. "
        ));
    }
    if service != expected_service {
        scope_problems.push_str(&format!(
            "Credential should be scoped to correct service: '{expected_service}'. "
        ));
    }
    if terminator != "aws4_request" {
        scope_problems.push_str(&format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'. "
        ));
    }
    let day = date_text.get(0..8).unwrap_or_default();
    if scope_date != day {
        scope_problems.push_str(&format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope_date}' != '{day}', from '{date_text}'."
        ));
    }
    if !scope_problems.is_empty() {
        return Err(invalid_signature(scope_problems.trim_end().to_owned()));
    }

    let Some(principal) = (verifier.lookup)(access_key_id) else {
        return Err(KmsError::framework(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ));
    };

    let token = parts.header("x-amz-security-token");
    let headers: Vec<(String, String)> = signed_names
        .iter()
        .filter_map(|name| parts.joined(name).map(|v| ((*name).to_owned(), v)))
        .collect();
    let credentials = Credentials::new(
        principal.access_key_id.clone(),
        principal.secret_access_key.clone(),
        token.map(str::to_owned),
        None,
    );
    let host = parts.header("host").unwrap_or("localhost");
    let url = format!("http://{host}{}", parts.path_and_query);
    let mut options = SigningOptions::default();
    // A session token is always signed here (`require_signed`), so the signer's mode for
    // unsigned tokens is never needed.
    options.payload_hash_header = signed_names.contains(&"x-amz-content-sha256");
    let expected = sign(&SigningRequest {
        method: parts.method,
        url: &url,
        headers: &headers,
        body: parts.body,
        region,
        service: expected_service,
        credentials: &credentials,
        time: request_time,
        options,
    })
    .map_err(|_| invalid_signature(SIGNATURE_MISMATCH))?;
    let matches: bool = expected
        .signature
        .as_bytes()
        .ct_eq(header.signature.as_bytes())
        .into();
    if !matches {
        return Err(invalid_signature(SIGNATURE_MISMATCH));
    }

    let token_ok = match (&principal.session_token, token) {
        (None, None) => true,
        (Some(expected), Some(got)) => expected.as_bytes().ct_eq(got.as_bytes()).into(),
        _ => false,
    };
    if !token_ok {
        return Err(KmsError::framework(
            "UnrecognizedClientException",
            "The security token included in the request is invalid",
        ));
    }
    if principal
        .expiration
        .is_some_and(|expiry| verifier.expiry_now >= expiry)
    {
        return Err(KmsError::framework(
            "ExpiredTokenException",
            "The security token included in the request is expired",
        ));
    }
    let caller = Caller {
        account_id: principal.account_id.clone(),
        region: region.to_owned(),
        access_key_id: principal.access_key_id.clone(),
    };
    Ok((caller, principal))
}

/// The headers that must be in `SignedHeaders` when the request carries them, with the
/// name AWS's messages give them. `host` is always required.
///
/// AWS requires only `host` (and the date); kms-local also requires every header that
/// changes what a request means or who sends it, so that a captured request cannot be
/// replayed as another operation (an unsigned `X-Amz-Target` turned a status read into
/// a rotation), another body type, or with another session token. This is stricter than
/// KMS on purpose: kms-core, the AWS SDKs, boto3 and the AWS CLI sign all of them.
const MUST_SIGN_WHEN_PRESENT: &[(&str, &str)] = &[
    ("x-amz-target", "X-Amz-Target"),
    ("content-type", "Content-Type"),
    ("x-amz-security-token", "X-Amz-Security-Token"),
];

/// Refuses a signature that leaves out `host`, the header that dates the request
/// (`date_header`), or one of [`MUST_SIGN_WHEN_PRESENT`] that the request carries.
fn require_signed(
    parts: &SignedParts<'_>,
    signed_names: &[&str],
    date_header: &str,
) -> Result<(), KmsError> {
    let is_signed = |name: &str| signed_names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if !is_signed("host") {
        return Err(invalid_signature(
            "'Host' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }
    let date_display = if date_header == "date" {
        "Date"
    } else {
        "X-Amz-Date"
    };
    let required = std::iter::once((date_header, date_display)).chain(
        MUST_SIGN_WHEN_PRESENT
            .iter()
            .copied()
            .filter(|(name, _)| parts.header(name).is_some()),
    );
    for (name, display) in required {
        if !is_signed(name) {
            return Err(invalid_signature(format!(
                "'{display}' must be a 'SignedHeader' in the AWS Authorization (kms-local requires it)."
            )));
        }
    }
    Ok(())
}

const SIGNATURE_MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

fn check_skew(request_time: Timestamp, now: Timestamp) -> Result<(), KmsError> {
    let earliest = now.plus_millis(-MAX_SKEW_MILLIS);
    let latest = now.plus_millis(MAX_SKEW_MILLIS);
    if request_time < earliest {
        return Err(invalid_signature(format!(
            "Signature expired: {} is now earlier than {} ({} - 5 min.)",
            timefmt::amz_date(request_time),
            timefmt::amz_date(earliest),
            timefmt::amz_date(now)
        )));
    }
    if request_time > latest {
        return Err(invalid_signature(format!(
            "Signature not yet current: {} is still later than {} ({} + 5 min.)",
            timefmt::amz_date(request_time),
            timefmt::amz_date(latest),
            timefmt::amz_date(now)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions() {
        for ok in [
            "us-east-1",
            "eu-west-3",
            "us-gov-west-1",
            "cn-north-1",
            "ap-southeast-2",
        ] {
            assert!(is_valid_region(ok), "{ok}");
        }
        for bad in [
            "",
            "us",
            "us-east",
            "US-EAST-1",
            "us-east-x",
            "-east-1",
            "us--1",
        ] {
            assert!(!is_valid_region(bad), "{bad}");
        }
    }

    #[test]
    fn skew_messages_match_aws() {
        let now = timefmt::parse_amz_date("20240101T001000Z").unwrap();
        let old = timefmt::parse_amz_date("20240101T000000Z").unwrap();
        let err = check_skew(old, now).unwrap_err();
        assert_eq!(
            err.message.as_deref(),
            Some("Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)")
        );
        let future = timefmt::parse_amz_date("20240101T002000Z").unwrap();
        assert!(check_skew(future, now)
            .unwrap_err()
            .message
            .unwrap()
            .starts_with(
                "Signature not yet current: 20240101T002000Z is still later than 20240101T001500Z"
            ));
        assert!(check_skew(now.plus_millis(299_000), now).is_ok());
    }
}
