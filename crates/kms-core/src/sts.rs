//! AWS STS, as far as kms-rotate needs it to reach many accounts (issue 13):
//! `AssumeRole` and `GetCallerIdentity`, in STS's Query protocol (a form-encoded `POST /`
//! with `Action` and `Version=2011-06-15`), signed by the same SigV4 code (service
//! `sts`, the partition's Regional endpoint), answered in XML in the STS namespace and
//! read with `roxmltree`; errors in STS's XML form (`<ErrorResponse><Error><Code>`).
//! Shapes and error codes: `sts-model/service-2.json` (API 2011-06-15).
//!
//! ```
//! use kms_core::sts::{AssumeRoleInput, read_assume_role};
//! let input = AssumeRoleInput::new("arn:aws:iam::444455556666:role/KmsRotateOperator", "kms-rotate");
//! assert!(input.query().starts_with("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666"));
//! let xml = br#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
//!   <Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>s</SecretAccessKey>
//!   <SessionToken>t</SessionToken><Expiration>2026-12-03T21:00:00Z</Expiration></Credentials>
//!   <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:kms-rotate</AssumedRoleId>
//!   <Arn>arn:aws:sts::444455556666:assumed-role/KmsRotateOperator/kms-rotate</Arn></AssumedRoleUser>
//!   </AssumeRoleResult></AssumeRoleResponse>"#;
//! let role = read_assume_role(xml).unwrap();
//! assert_eq!(role.account_id(), Some("444455556666"));
//! assert_eq!(role.credentials.access_key_id(), "ASIAEXAMPLE");
//! ```

use crate::client::{Client, CredentialsProvider};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorCode, InputError, ResponseError, ServiceError};
use crate::partition::{Endpoint, EndpointConfig, EndpointError, Partition};
use crate::signing::{sign, SigningError, SigningOptions, SigningRequest};
use crate::time::Timestamp;
use crate::transport::{Clock, HttpRequest, HttpResponse, Transport};

/// STS's API version, sent with every request.
pub const VERSION: &str = "2011-06-15";
/// The XML namespace of STS's answers.
pub const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";
/// The signing name of STS.
pub const SERVICE: &str = "sts";
/// The content type of a Query protocol request.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";
/// `DurationSeconds` bounds of `AssumeRole` (the role's maximum may be lower).
pub const DURATION_SECONDS: std::ops::RangeInclusive<u32> = 900..=43_200;
/// `DurationSeconds` when none is given.
pub const DEFAULT_DURATION_SECONDS: u32 = 3600;

/// The STS endpoint of a Region: its Regional endpoint, `https://sts.<region>.<suffix>/`
/// (`sts-fips.` with FIPS, the dual-stack suffix with dual stack). With a custom URL
/// (kms-local), the same address, with a leading `kms.` host label turned into `sts.`
/// (kms-local's per-Region names, `kms.<region>.localhost`).
pub fn endpoint(config: &EndpointConfig) -> Result<Endpoint, EndpointError> {
    let kms = config.resolve()?;
    let region = config.region.trim();
    let url = match &config.custom_url {
        Some(_) => kms.url.replacen("://kms.", "://sts.", 1),
        None => {
            let partition = Partition::for_region(region);
            let (host, suffix) = match (config.fips, config.dual_stack) {
                (true, false) => ("sts-fips", partition.dns_suffix()),
                (true, true) => ("sts-fips", partition.dual_stack_dns_suffix()),
                (false, true) => ("sts", partition.dual_stack_dns_suffix()),
                (false, false) => ("sts", partition.dns_suffix()),
            };
            format!("https://{host}.{region}.{suffix}/")
        }
    };
    Ok(Endpoint {
        url,
        signing_region: kms.signing_region,
    })
}

/// `AssumeRole`'s input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssumeRoleInput {
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`: 2–64 of `[\w+=,.@-]`.
    pub role_session_name: String,
    /// `DurationSeconds`, 900–43200 (3600 when `None`).
    pub duration_seconds: Option<u32>,
    /// `ExternalId`, when the role's trust policy wants one: 2–1224 of `[\w+=,.@:/-]`.
    pub external_id: Option<String>,
}

impl AssumeRoleInput {
    /// The input for `role_arn` and `session_name`.
    pub fn new(role_arn: impl Into<String>, session_name: impl Into<String>) -> Self {
        Self {
            role_arn: role_arn.into(),
            role_session_name: session_name.into(),
            duration_seconds: None,
            external_id: None,
        }
    }

    /// With a session duration.
    pub fn with_duration_seconds(mut self, seconds: u32) -> Self {
        self.duration_seconds = Some(seconds);
        self
    }

    /// With an external ID.
    pub fn with_external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// Checks the input as STS would, before sending: the constraints of the service
    /// model's `arnType`, `roleSessionNameType`, `roleDurationSecondsType` and
    /// `externalIdType`.
    pub fn validate(&self) -> Result<(), InputError> {
        let arn = &self.role_arn;
        let role_arn_ok = arn.starts_with("arn:")
            && arn.split(':').nth(2) == Some("iam")
            && arn
                .split(':')
                .nth(5)
                .is_some_and(|r| r.starts_with("role/") && r.len() > 5)
            && (20..=2048).contains(&arn.len());
        if !role_arn_ok {
            return Err(InputError::invalid(
                "RoleArn",
                format!("{arn:?} is not a role ARN; write arn:aws:iam::<account>:role/<name>"),
            ));
        }
        let session = &self.role_session_name;
        if !(2..=64).contains(&session.len()) || !session.chars().all(is_session_char) {
            return Err(InputError::invalid(
                "RoleSessionName",
                format!("{session:?} must be 2–64 letters, digits or + = , . @ _ -"),
            ));
        }
        if let Some(seconds) = self
            .duration_seconds
            .filter(|s| !DURATION_SECONDS.contains(s))
        {
            return Err(InputError::invalid(
                "DurationSeconds",
                format!("{seconds} is outside 900–43200 seconds (15 minutes to 12 hours)"),
            ));
        }
        if let Some(id) = &self.external_id {
            if !(2..=1224).contains(&id.len())
                || !id
                    .chars()
                    .all(|c| is_session_char(c) || c == ':' || c == '/')
            {
                return Err(InputError::invalid(
                    "ExternalId",
                    "must be 2–1224 letters, digits or + = , . @ : / _ -",
                ));
            }
        }
        Ok(())
    }

    /// The form-encoded body.
    pub fn query(&self) -> String {
        let mut out = format!(
            "Action=AssumeRole&Version={VERSION}&RoleArn={}&RoleSessionName={}",
            encode(&self.role_arn),
            encode(&self.role_session_name)
        );
        if let Some(seconds) = self.duration_seconds {
            out.push_str(&format!("&DurationSeconds={seconds}"));
        }
        if let Some(id) = &self.external_id {
            out.push_str(&format!("&ExternalId={}", encode(id)));
        }
        out
    }
}

fn is_session_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// Percent-encodes a form value (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A role session: its credentials and who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssumedRole {
    /// The session's credentials, with their expiration. `Debug` redacts the secret.
    pub credentials: Credentials,
    /// `AssumedRoleUser.Arn`: `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
    pub arn: String,
    /// `AssumedRoleUser.AssumedRoleId`.
    pub assumed_role_id: String,
}

impl AssumedRole {
    /// The account of the role, from the session's ARN.
    pub fn account_id(&self) -> Option<&str> {
        self.arn.split(':').nth(4).filter(|a| !a.is_empty())
    }
}

/// Who the credentials are (`GetCallerIdentity`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallerIdentity {
    /// `Account`.
    pub account: String,
    /// `Arn`.
    pub arn: String,
    /// `UserId`.
    pub user_id: String,
}

/// Builds and signs an STS request with the form-encoded `body`.
pub fn build_request(
    body: Vec<u8>,
    endpoint: &Endpoint,
    credentials: &Credentials,
    time: Timestamp,
    timeout_ms: Option<u32>,
) -> Result<HttpRequest, SigningError> {
    let mut headers = vec![("content-type".to_owned(), CONTENT_TYPE.to_owned())];
    let signed = sign(&SigningRequest {
        method: "POST",
        url: &endpoint.url,
        headers: &headers,
        body: &body,
        region: &endpoint.signing_region,
        service: SERVICE,
        credentials,
        time,
        options: SigningOptions::default(),
    })?;
    headers.extend(signed.headers);
    let mut request = HttpRequest::new("POST", endpoint.url.clone(), headers, body);
    request.timeout_ms = timeout_ms;
    Ok(request)
}

/// The text of the first element named `name` under `node` (any depth).
fn text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.descendants()
        .find(|n| n.is_element() && n.tag_name().name() == name)
        .and_then(|n| n.text())
        .map(str::trim)
}

fn parse(body: &[u8]) -> Result<roxmltree::Document<'_>, String> {
    let text = std::str::from_utf8(body).map_err(|_| "the body is not UTF-8".to_owned())?;
    roxmltree::Document::parse(text).map_err(|e| format!("the body is not XML ({e})"))
}

fn missing(what: &str) -> String {
    format!("the answer has no {what}")
}

/// Reads `AssumeRole`'s XML answer.
pub fn read_assume_role(body: &[u8]) -> Result<AssumedRole, String> {
    let doc = parse(body)?;
    let root = doc.root_element();
    let result = root
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "AssumeRoleResult")
        .ok_or_else(|| missing("AssumeRoleResult"))?;
    let credentials = result
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "Credentials")
        .ok_or_else(|| missing("Credentials"))?;
    let field = |name: &str| text(credentials, name).ok_or_else(|| missing(name));
    let expiration = field("Expiration")?;
    let expiration = Timestamp::parse_rfc3339(expiration)
        .ok_or_else(|| format!("Expiration {expiration:?} is not an ISO 8601 time"))?;
    let user = result
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "AssumedRoleUser")
        .ok_or_else(|| missing("AssumedRoleUser"))?;
    Ok(AssumedRole {
        credentials: Credentials::new(
            field("AccessKeyId")?,
            field("SecretAccessKey")?,
            Some(field("SessionToken")?.to_owned()),
            Some(expiration),
        ),
        arn: text(user, "Arn")
            .ok_or_else(|| missing("AssumedRoleUser Arn"))?
            .to_owned(),
        assumed_role_id: text(user, "AssumedRoleId")
            .ok_or_else(|| missing("AssumedRoleId"))?
            .to_owned(),
    })
}

/// Reads `GetCallerIdentity`'s XML answer.
pub fn read_caller_identity(body: &[u8]) -> Result<CallerIdentity, String> {
    let doc = parse(body)?;
    let result = doc
        .root_element()
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "GetCallerIdentityResult")
        .ok_or_else(|| missing("GetCallerIdentityResult"))?;
    let field = |name: &str| {
        text(result, name)
            .map(str::to_owned)
            .ok_or_else(|| missing(name))
    };
    Ok(CallerIdentity {
        account: field("Account")?,
        arn: field("Arn")?,
        user_id: field("UserId")?,
    })
}

/// Decodes an STS error answer (`<ErrorResponse><Error><Code>…`); a body that is not
/// one is a [`ResponseError`]. Never panics.
pub fn decode_error(response: &HttpResponse) -> Error {
    let read = parse(&response.body).ok().and_then(|doc| {
        let root = doc.root_element();
        let code = text(root, "Code")?.to_owned();
        let message = text(root, "Message").unwrap_or_default().to_owned();
        let request_id = text(root, "RequestId").map(str::to_owned);
        Some((code, message, request_id))
    });
    match read {
        Some((code, message, request_id)) if !code.is_empty() => Error::Service(ServiceError {
            code: ErrorCode::from_wire(&code),
            message,
            http_status: response.status,
            request_id: request_id.or_else(|| crate::error::request_id_of(response)),
            server_time: response.header("date").and_then(Timestamp::parse_http_date),
        }),
        _ => Error::Response(ResponseError::new(
            response,
            "the body is not an STS error (XML with an Error Code)",
            true,
        )),
    }
}

/// STS's Query protocol, at an STS endpoint (the client's request loop speaks it).
pub(crate) struct StsQuery(pub(crate) Endpoint);

impl crate::client::Wire for StsQuery {
    fn build(
        &self,
        body: Vec<u8>,
        credentials: &Credentials,
        time: Timestamp,
        client: &dyn crate::client::WireContext,
    ) -> Result<HttpRequest, SigningError> {
        build_request(body, &self.0, credentials, time, client.timeout_ms())
    }
    /// STS answers in XML, read by the caller.
    fn check_body(&self, _: &HttpResponse) -> Result<(), Error> {
        Ok(())
    }
    fn decode_error(&self, response: &HttpResponse) -> Error {
        decode_error(response)
    }
}

impl<T: Transport, C: Clock, P: CredentialsProvider> Client<T, C, P> {
    /// `AssumeRole`, with this client's credentials, at the STS endpoint of its Region.
    /// The input is checked before sending.
    pub async fn assume_role(&self, input: &AssumeRoleInput) -> Result<AssumedRole, Error> {
        input.validate().map_err(Error::Input)?;
        let body = self.send_sts(&input.query()).await?;
        read_assume_role(&body).map_err(|problem| sts_unreadable(&body, problem))
    }

    /// `GetCallerIdentity`: the account, ARN and user ID of this client's credentials.
    pub async fn get_caller_identity(&self) -> Result<CallerIdentity, Error> {
        let body = self
            .send_sts(&format!("Action=GetCallerIdentity&Version={VERSION}"))
            .await?;
        read_caller_identity(&body).map_err(|problem| sts_unreadable(&body, problem))
    }
}

fn sts_unreadable(body: &[u8], problem: String) -> Error {
    Error::Response(ResponseError::new(
        &HttpResponse::new(200, body.to_vec()),
        problem,
        true,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_checked_as_the_service_model_constrains_them() {
        let ok = AssumeRoleInput::new(
            "arn:aws:iam::444455556666:role/KmsRotateOperator",
            "kms-rotate",
        );
        assert!(ok.validate().is_ok());
        let field = |input: AssumeRoleInput| input.validate().unwrap_err().to_string();
        assert!(field(AssumeRoleInput::new("444455556666", "s1")).contains("RoleArn"));
        assert!(field(AssumeRoleInput::new(&ok.role_arn, "x")).contains("RoleSessionName"));
        assert!(field(AssumeRoleInput::new(&ok.role_arn, "has space")).contains("RoleSessionName"));
        assert!(field(ok.clone().with_duration_seconds(899)).contains("900–43200"));
        assert!(field(ok.clone().with_duration_seconds(43_201)).contains("900–43200"));
        assert!(ok.clone().with_duration_seconds(43_200).validate().is_ok());
        assert!(field(ok.clone().with_external_id("x")).contains("ExternalId"));
        assert_eq!(
            ok.with_duration_seconds(900).with_external_id("ext/1:a").query(),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2FKmsRotateOperator&RoleSessionName=kms-rotate&DurationSeconds=900&ExternalId=ext%2F1%3Aa"
        );
    }

    #[test]
    fn endpoints_are_regional_and_follow_kms_local() {
        let url = |config: EndpointConfig| endpoint(&config).unwrap().url;
        assert_eq!(
            url(EndpointConfig::new("eu-west-1")),
            "https://sts.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            url(EndpointConfig::new("cn-north-1")),
            "https://sts.cn-north-1.amazonaws.com.cn/"
        );
        assert_eq!(
            url(EndpointConfig::new("us-east-1").with_fips(true)),
            "https://sts-fips.us-east-1.amazonaws.com/"
        );
        assert_eq!(
            url(EndpointConfig::new("ap-southeast-2")
                .with_custom_url("http://kms.ap-southeast-2.localhost:4599")),
            "http://sts.ap-southeast-2.localhost:4599/"
        );
        assert_eq!(
            url(EndpointConfig::new("us-east-1").with_custom_url("http://127.0.0.1:4599")),
            "http://127.0.0.1:4599/"
        );
    }

    #[test]
    fn answers_and_errors_are_read_from_sts_xml() {
        let identity = br#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/demo</Arn><UserId>AIDAEXAMPLE</UserId><Account>111122223333</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>"#;
        let who = read_caller_identity(identity).unwrap();
        assert_eq!(
            (who.account.as_str(), who.user_id.as_str()),
            ("111122223333", "AIDAEXAMPLE")
        );
        assert!(read_caller_identity(b"<x/>")
            .unwrap_err()
            .contains("GetCallerIdentityResult"));
        assert!(read_assume_role(b"{}").unwrap_err().contains("not XML"));

        let denied = br#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::111122223333:user/demo is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Other</Message></Error>
  <RequestId>r-1</RequestId></ErrorResponse>"#;
        let Error::Service(error) = decode_error(&HttpResponse::new(403, denied.to_vec())) else {
            panic!()
        };
        assert_eq!(
            (error.code.as_str(), error.http_status),
            ("AccessDenied", 403)
        );
        assert_eq!(error.request_id.as_deref(), Some("r-1"));
        assert!(error.message.contains("sts:AssumeRole"));
        assert!(matches!(
            decode_error(&HttpResponse::new(502, b"<html>bad gateway".to_vec())),
            Error::Response(_)
        ));
    }
}
