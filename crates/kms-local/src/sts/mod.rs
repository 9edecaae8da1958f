//! STS at kms-local's address: `AssumeRole` and `GetCallerIdentity` in the Query protocol
//! (parameters form-encoded in a `POST` body, or in the query string of a `GET`), answered
//! in XML in the STS namespace, errors in the Query protocol's `ErrorResponse`.
//!
//! A request is STS's when its host is `sts.<region>.localhost`, or, at any other name
//! kms-local serves, when its signature's credential scope names the service `sts`.
//! Requests go through, in order: the body limit, `Action` and `Version`
//! (`InvalidAction`), SigV4 verification for service `sts` (errors renamed as STS names
//! them: `MissingAuthenticationToken`, `IncompleteSignature`, `SignatureDoesNotMatch`,
//! `InvalidClientTokenId`, `ExpiredToken`), the Region being enabled for the account
//! (`InvalidClientTokenId`), then the operation. Sessions handed out by `AssumeRole` are
//! credentials like the seed's: KMS requests signed with them act in the role's account.
//!
//! The STS model (`../shared/test-data/sts-model/service-2.json`) is the source of the
//! shapes and constraints; the words of the errors are AWS's where an example was found.

mod assume_role;
mod get_caller_identity;
pub mod xml;

use crate::app::App;
use crate::auth::{self, SignedParts, Verifier};
use crate::body::{close_connection, read_body};
use crate::envelope::Envelope;
use crate::error::KmsError;
use crate::request_log::LogEntry;
use crate::timefmt;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::response::Response;
use sha2::{Digest, Sha256};

/// The STS API version the Query protocol's `Version` parameter must name.
pub const VERSION: &str = "2011-06-15";
/// The largest STS request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The operations kms-local's STS serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    AssumeRole,
    GetCallerIdentity,
}

impl Action {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "AssumeRole" => Some(Self::AssumeRole),
            "GetCallerIdentity" => Some(Self::GetCallerIdentity),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::AssumeRole => "AssumeRole",
            Self::GetCallerIdentity => "GetCallerIdentity",
        }
    }
}

/// An STS error: the code, the message, the HTTP status and who is at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StsError {
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) status: u16,
    /// `Sender` (the caller's fault) or `Receiver`.
    pub(crate) sender: bool,
}

impl StsError {
    pub(crate) fn new(code: &'static str, message: impl Into<String>, status: u16) -> Self {
        Self {
            code,
            message: message.into(),
            status,
            sender: status < 500,
        }
    }

    /// `AccessDenied` (403), in the words of AWS: "User: <caller ARN> is not authorized to
    /// perform: sts:AssumeRole on resource: <role ARN>"
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_roles.html>).
    pub(crate) fn access_denied(caller_arn: &str, action: &str, resource: &str) -> Self {
        Self::new(
            "AccessDenied",
            format!(
                "User: {caller_arn} is not authorized to perform: {action} on resource: {resource}"
            ),
            403,
        )
    }

    /// `ValidationError` (400) listing each failed constraint as AWS words it ("1
    /// validation error detected: Value '100' at 'durationSeconds' failed to satisfy
    /// constraint: Member must have value greater than or equal to 900").
    pub(crate) fn validation(problems: &[String]) -> Self {
        let head = match problems.len() {
            1 => "1 validation error detected: ".to_owned(),
            n => format!("{n} validation errors detected: "),
        };
        Self::new("ValidationError", head + &problems.join("; "), 400)
    }

    /// A signature or credential error of the request framework, as STS names it. KMS and
    /// STS share the words and differ in codes: the Query protocol's common errors
    /// (<https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html>) and, for
    /// an expired token, `ExpiredToken` with 403 as AWS's Query services answer it (the
    /// model's `ExpiredTokenException` is the web identity token of
    /// `AssumeRoleWithWebIdentity`, not the signing credentials).
    pub(crate) fn from_auth(e: &KmsError) -> Self {
        let message = e.message.clone().unwrap_or_default();
        let (code, status) = match e.code {
            "MissingAuthenticationTokenException" => ("MissingAuthenticationToken", 403),
            "IncompleteSignatureException" => ("IncompleteSignature", 400),
            "InvalidSignatureException" => ("SignatureDoesNotMatch", 403),
            "ExpiredTokenException" => ("ExpiredToken", 403),
            _ => ("InvalidClientTokenId", 403),
        };
        Self::new(code, message, status)
    }

    /// `InvalidClientTokenId`: unknown credentials, or a Region not enabled for the account.
    pub(crate) fn invalid_client_token() -> Self {
        Self::new(
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
            403,
        )
    }
}

/// A derived IAM unique ID: `prefix` and 17 characters of `[A-Z2-7]` from a hash of
/// `seed` (AWS's unique IDs are 21 characters: `AIDA…` for users, `AROA…` for roles;
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids>).
pub fn derived_id(prefix: &str, seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let tail: String = digest
        .iter()
        .take(17)
        .map(|b| BASE32[usize::from(*b) % BASE32.len()] as char)
        .collect();
    format!("{prefix}{tail}")
}

const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Whether `id` is an external ID by the model's `externalIdType`: 2–1224 characters of
/// `[\w+=,.@:/-]`.
pub fn is_external_id(id: &str) -> bool {
    (2..=1224).contains(&id.chars().count())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c))
}

/// The Query protocol's parameters: those of the query string, then those of a
/// form-encoded body; the first of a name wins.
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    fn read(query: Option<&str>, content_type: Option<&str>, body: &[u8]) -> Self {
        let mut pairs: Vec<(String, String)> = query
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        let is_form = content_type
            .and_then(|t| t.split(';').next())
            .is_some_and(|t| {
                t.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            });
        if is_form {
            pairs.extend(form_urlencoded::parse(body).into_owned());
        }
        Self(pairs)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What an operation runs with.
pub(crate) struct StsContext<'a> {
    pub(crate) app: &'a App,
    pub(crate) caller: &'a auth::Caller,
    pub(crate) principal: &'a auth::Principal,
    pub(crate) params: &'a Params,
    /// The time sessions are issued and expire on (see [`auth::Verifier::expiry_now`]).
    pub(crate) expiry_now: kms_core::time::Timestamp,
}

/// Answers one STS request. `host_region` is the Region of an `sts.<region>.localhost`
/// host name, if the request named one.
pub(crate) async fn handle(
    app: &App,
    mut envelope: Envelope,
    request: Request,
    host_region: Option<String>,
) -> Response {
    let arrived = app.real_now();
    let (parts, body) = request.into_parts();
    let mut op = "-".to_owned();
    let mut caller = None;
    let body = match read_body(&parts.headers, body, MAX_BODY_BYTES, app.config.body_grace).await {
        Ok(b) => b,
        Err(problem) => {
            let e = StsError::new("MalformedInput", problem.message(), problem.status());
            let mut response = finish(app, &envelope, arrived, &op, None, Err(e));
            close_connection(&mut response);
            return response;
        }
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter_map(|(n, v)| {
            v.to_str()
                .ok()
                .map(|v| (n.as_str().to_owned(), v.to_owned()))
        })
        .collect();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let params = Params::read(parts.uri.query(), content_type, &body);
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".to_owned());

    let outcome = (|| {
        let action = action_of(&parts.method, &params)?;
        // A name from kms-local's own list, so safe to log before the signature is checked.
        op = action.name().to_owned();
        let auth_now = app.real_now();
        envelope.date = auth_now;
        let expiry_now = auth_now.plus_millis(app.lock().clock_offset_millis);
        let lookup = |id: &str| app.principal(id);
        let (who, principal) = auth::verify(
            &SignedParts {
                method: parts.method.as_str(),
                path_and_query: &path_and_query,
                headers: &headers,
                body: &body,
            },
            &Verifier {
                service: "sts",
                host_region: host_region.as_deref(),
                now: auth_now,
                expiry_now,
                lookup: &lookup,
            },
        )
        .map_err(|e| StsError::from_auth(&e))?;
        caller = Some(who.clone());
        if !app.lock().estate.is_enabled(&who.account_id, &who.region) {
            return Err(StsError::invalid_client_token());
        }
        let ctx = StsContext {
            app,
            caller: &who,
            principal: &principal,
            params: &params,
            expiry_now,
        };
        match action {
            Action::AssumeRole => assume_role::run(&ctx, &envelope.request_id),
            Action::GetCallerIdentity => get_caller_identity::run(&ctx, &envelope.request_id),
        }
    })();
    finish(app, &envelope, arrived, &op, caller, outcome)
}

/// The operation a request names, refused with AWS's words: "Could not find operation
/// X for version 2011-06-15" (`InvalidAction`, 400; without a `Version` AWS names the
/// version `NO_VERSION_SPECIFIED`).
fn action_of(method: &Method, params: &Params) -> Result<Action, StsError> {
    if method != Method::POST && method != Method::GET {
        return Err(StsError::new(
            "InvalidAction",
            format!("{method} is not supported; STS actions are POSTed (or sent with GET)"),
            400,
        ));
    }
    let Some(name) = params.get("Action") else {
        return Err(StsError::new(
            "MissingAction",
            "The request is missing an action or a required parameter.",
            400,
        ));
    };
    let version = params.get("Version").unwrap_or("NO_VERSION_SPECIFIED");
    match Action::from_name(name) {
        Some(action) if version == VERSION => Ok(action),
        _ => Err(StsError::new(
            "InvalidAction",
            format!("Could not find operation {name} for version {version}"),
            400,
        )),
    }
}

fn finish(
    app: &App,
    envelope: &Envelope,
    arrived: kms_core::time::Timestamp,
    op: &str,
    caller: Option<auth::Caller>,
    outcome: Result<String, StsError>,
) -> Response {
    let (status, code) = match &outcome {
        Ok(_) => (200, None),
        Err(e) => (e.status, Some(e.code.to_owned())),
    };
    let entry = LogEntry {
        seq: 0,
        time: timefmt::iso8601(arrived),
        epoch_millis: arrived.epoch_millis(),
        op: op.to_owned(),
        authenticated: caller.is_some(),
        performed: outcome.is_ok(),
        account_id: caller.as_ref().map(|c| c.account_id.clone()),
        region: caller.as_ref().map(|c| c.region.clone()),
        key_id: None,
        status,
        error_code: code,
        request_id: envelope.request_id.clone(),
        fault: None,
    };
    let entry = app.lock().log.push(entry);
    if app.config.log_requests {
        eprintln!("{}", entry.line());
    }
    match outcome {
        Ok(body) => envelope.response(200, "text/xml", Body::from(body)),
        Err(e) => {
            let body = xml::error(e.sender, e.code, &e.message, &envelope.request_id);
            let mut response = envelope.response(e.status, "text/xml", Body::from(body));
            // As the KMS errors: a browser reads the code from this exposed header too.
            if let Ok(v) = HeaderValue::from_str(e.code) {
                response
                    .headers_mut()
                    .insert(HeaderName::from_static("x-amzn-errortype"), v);
            }
            response
        }
    }
}

/// Whether `name` is a role session name by the model's `roleSessionNameType`: 2–64
/// characters of `[\w+=,.@-]`.
pub(crate) fn session_name_problem(name: Option<&str>) -> Option<String> {
    let Some(name) = name else {
        return Some(
            "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null"
                .to_owned(),
        );
    };
    let len = name.chars().count();
    if len < 2 {
        return Some(format!("Value '{name}' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"));
    }
    if len > 64 {
        return Some(format!("Value '{name}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
    {
        return Some(format!("Value '{name}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_look_like_aws_ids() {
        let id = derived_id("AROA", "arn:aws:iam::111122223333:role/KmsRotateOperator");
        assert_eq!(id.len(), 21);
        assert!(id.starts_with("AROA"));
        assert!(id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        assert_eq!(
            id,
            derived_id("AROA", "arn:aws:iam::111122223333:role/KmsRotateOperator")
        );
    }

    #[test]
    fn session_names_and_external_ids() {
        assert_eq!(session_name_problem(Some("ok-name_1+=,.@")), None);
        assert!(session_name_problem(Some("a"))
            .unwrap()
            .contains("greater than or equal to 2"));
        assert!(session_name_problem(Some(&"a".repeat(65)))
            .unwrap()
            .contains("less than or equal to 64"));
        assert!(session_name_problem(Some("a b"))
            .unwrap()
            .contains("regular expression pattern"));
        assert!(session_name_problem(None)
            .unwrap()
            .contains("must not be null"));
        assert!(is_external_id("ticket:42/a"));
        assert!(!is_external_id("x"));
        assert!(!is_external_id("a b"));
        assert!(!is_external_id(&"a".repeat(1225)));
    }

    #[test]
    fn actions_and_versions() {
        let params = |s: &str| {
            Params::read(
                None,
                Some("application/x-www-form-urlencoded; charset=utf-8"),
                s.as_bytes(),
            )
        };
        assert_eq!(
            action_of(
                &Method::POST,
                &params("Action=GetCallerIdentity&Version=2011-06-15")
            ),
            Ok(Action::GetCallerIdentity)
        );
        let e = action_of(
            &Method::POST,
            &params("Action=GetSessionToken&Version=2011-06-15"),
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (
                "InvalidAction",
                "Could not find operation GetSessionToken for version 2011-06-15"
            )
        );
        let e = action_of(&Method::POST, &params("Action=AssumeRole")).unwrap_err();
        assert_eq!(
            e.message,
            "Could not find operation AssumeRole for version NO_VERSION_SPECIFIED"
        );
        assert_eq!(
            action_of(&Method::POST, &params("Version=2011-06-15"))
                .unwrap_err()
                .code,
            "MissingAction"
        );
        // Not form-encoded: the body is not read.
        let json = Params::read(None, Some("application/json"), b"Action=AssumeRole");
        assert_eq!(json.get("Action"), None);
        let q = Params::read(Some("Action=A%20B&Action=C"), None, b"");
        assert_eq!(q.get("Action"), Some("A B"));
    }
}
