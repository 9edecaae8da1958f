//! Every way an operation can fail, and the one decoder for KMS error responses.
//!
//! Service failures keep what a user needs to act: the code (known codes typed, others
//! kept as sent), the message, the HTTP status, the request id, and whether retrying
//! can help.
//!
//! ```
//! use kms_core::error::{decode_error_response, Error, ErrorCode};
//! use kms_core::transport::HttpResponse;
//!
//! let response = HttpResponse::new(
//!     400,
//!     r#"{"__type":"com.amazonaws.kms#LimitExceededException","Message":"25 used"}"#,
//! )
//! .with_header("x-amzn-RequestId", "b8d0c4c9");
//! let Error::Service(error) = decode_error_response(&response) else { unreachable!() };
//! assert_eq!(error.code, ErrorCode::LimitExceededException);
//! assert_eq!(error.message, "25 used");
//! assert_eq!(error.request_id.as_deref(), Some("b8d0c4c9"));
//! assert!(!error.retryable());
//! ```

use crate::credentials::CredentialsParseError;
use crate::key_id::KeyIdError;
use crate::model::{string_enum, FromJson};
use crate::partition::EndpointError;
use crate::rotation_baseline::{RotationBaseline, StartedRotation};
use crate::signing::SigningError;
use crate::time::Timestamp;
use crate::transport::{HttpResponse, TransportError};
use std::fmt;

string_enum! {
    /// The error codes KMS (and the AWS front door before it) answers with.
    ErrorCode {
        /// The key, alias or marker names nothing in this account and Region.
        NotFoundException = "NotFoundException",
        /// The key is disabled.
        DisabledException = "DisabledException",
        /// The ARN is not valid.
        InvalidArnException = "InvalidArnException",
        /// The marker is not one this operation returned.
        InvalidMarkerException = "InvalidMarkerException",
        /// A dependency of KMS timed out.
        DependencyTimeoutException = "DependencyTimeoutException",
        /// KMS failed internally.
        KmsInternalException = "KMSInternalException",
        /// The key's state does not allow the operation.
        KmsInvalidStateException = "KMSInvalidStateException",
        /// The key does not support the operation.
        UnsupportedOperationException = "UnsupportedOperationException",
        /// The wrapped key material could not be unwrapped with the import's wrapping key.
        InvalidCiphertextException = "InvalidCiphertextException",
        /// The material imported again is not the material the key had.
        IncorrectKeyMaterialException = "IncorrectKeyMaterialException",
        /// The import token is older than 24 hours.
        ExpiredImportTokenException = "ExpiredImportTokenException",
        /// The import token is not one KMS gave for this key and wrapping key.
        InvalidImportTokenException = "InvalidImportTokenException",
        /// A tag could not be added or removed (a reserved `aws:` key, a bad character).
        TagException = "TagException",
        /// A limit is reached (for RotateKeyOnDemand: all 25 rotations are used).
        LimitExceededException = "LimitExceededException",
        /// A conflicting operation is in progress (an automatic rotation, for instance).
        ConflictException = "ConflictException",
        /// Too many requests: the request quota was exceeded.
        ThrottlingException = "ThrottlingException",
        /// The caller is not allowed to do this.
        AccessDeniedException = "AccessDeniedException",
        /// The access key is not known.
        UnrecognizedClientException = "UnrecognizedClientException",
        /// The signature does not match, or the request time is too far off.
        InvalidSignatureException = "InvalidSignatureException",
        /// The session token has expired.
        ExpiredTokenException = "ExpiredTokenException",
        /// The Authorization header is incomplete.
        IncompleteSignature = "IncompleteSignature",
        /// The Authorization header is incomplete (the exception form).
        IncompleteSignatureException = "IncompleteSignatureException",
        /// No credentials were sent.
        MissingAuthenticationTokenException = "MissingAuthenticationTokenException",
        /// An input value is out of bounds or malformed.
        ValidationException = "ValidationException",
        /// The request is too old or too new.
        RequestExpired = "RequestExpired",
        /// The JSON body could not be read.
        SerializationException = "SerializationException",
        /// The operation does not exist.
        UnknownOperationException = "UnknownOperationException",
        /// The service failed internally (front door).
        InternalFailure = "InternalFailure",
        /// The service is unavailable.
        ServiceUnavailable = "ServiceUnavailable",
        /// The service is unavailable (the exception form).
        ServiceUnavailableException = "ServiceUnavailableException",
    }
}

impl ErrorCode {
    /// Codes that mean "too many requests, slow down".
    pub fn is_throttling(&self) -> bool {
        matches!(self, Self::ThrottlingException)
            || matches!(
                self.as_str(),
                "Throttling"
                    | "ThrottledException"
                    | "RequestLimitExceeded"
                    | "TooManyRequestsException"
                    | "RequestThrottled"
                    | "RequestThrottledException"
                    | "SlowDown"
            )
    }
}

/// A KMS error response, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// The error code, `ns#` prefix and `:url` suffix stripped.
    pub code: ErrorCode,
    /// The service's message (may be empty).
    pub message: String,
    /// The HTTP status.
    pub http_status: u16,
    /// The request id, when the response let us read it.
    pub request_id: Option<String>,
    /// The server's time from the `Date` header, when readable.
    pub server_time: Option<Timestamp>,
}

impl ServiceError {
    /// A service error with no request id or server time.
    pub fn new(code: ErrorCode, message: impl Into<String>, http_status: u16) -> Self {
        Self {
            code,
            message: message.into(),
            http_status,
            request_id: None,
            server_time: None,
        }
    }

    /// Whether sending the same request again later could succeed.
    pub fn retryable(&self) -> bool {
        self.code.is_throttling()
            || matches!(
                self.code,
                ErrorCode::DependencyTimeoutException
                    | ErrorCode::KmsInternalException
                    | ErrorCode::InternalFailure
                    | ErrorCode::ServiceUnavailable
                    | ErrorCode::ServiceUnavailableException
            )
            || matches!(self.http_status, 500 | 502 | 503 | 504)
            || self.is_clock_skew()
    }

    /// Whether the failure says the request time was too far from the server's.
    pub fn is_clock_skew(&self) -> bool {
        match self.code {
            ErrorCode::RequestExpired => true,
            ErrorCode::InvalidSignatureException => {
                let message = self.message.to_ascii_lowercase();
                contains(&message, "signature expired") || contains(&message, "not yet current")
            }
            ErrorCode::Unknown(ref code) => {
                code == "RequestTimeTooSkewed" || code == "RequestInTheFuture"
            }
            _ => false,
        }
    }

    /// Whether the failure proves the request was not carried out: it was refused at the
    /// front door (throttled, unsigned, badly signed, unauthorized, malformed) or for a
    /// rule KMS checks before acting.
    pub fn proves_not_processed(&self) -> bool {
        self.http_status < 500 && !matches!(self.code, ErrorCode::Unknown(_))
            || self.code.is_throttling()
    }

    /// What the user can do about it, in a sentence, when the code says.
    pub fn advice(&self) -> Option<&'static str> {
        Some(match self.code {
            ErrorCode::ConflictException => "an automatic rotation is in progress or starts within 20 minutes; try again later",
            ErrorCode::LimitExceededException => "this key has used all 25 on-demand rotations; enable automatic rotation instead",
            ErrorCode::DisabledException => "the key is disabled; enable it first",
            ErrorCode::KmsInvalidStateException => "the key's state does not allow this; check whether it is pending deletion or import",
            ErrorCode::UnsupportedOperationException => "only customer managed symmetric encryption keys outside custom key stores can be rotated on demand (on the primary, for multi-Region keys)",
            ErrorCode::NotFoundException => "no such key in this account and Region; check the key id and the Region",
            ErrorCode::AccessDeniedException => "the credentials lack permission for this operation on this key",
            ErrorCode::ExpiredTokenException => "the session token has expired; sign in again with fresh credentials",
            ErrorCode::UnrecognizedClientException => "the access key is not known; check the credentials and the endpoint",
            ErrorCode::InvalidSignatureException if self.is_clock_skew() => "this computer's clock is off; correct it and try again",
            ErrorCode::InvalidSignatureException => "the signature was refused; check the secret access key",
            ErrorCode::ThrottlingException => "too many requests; slow down and try again",
            ErrorCode::TagException => "a tag key or value is not allowed: aws: is reserved, and tags take letters, numbers, spaces and + - = . _ : / @",
            ErrorCode::InvalidCiphertextException => "the material was not wrapped with this import's public key and algorithm; wrap it again with them",
            ErrorCode::IncorrectKeyMaterialException => "this is not the material the key had; import the original material, or import new material with ImportType NEW_KEY_MATERIAL",
            ErrorCode::ExpiredImportTokenException => "the public key and import token are older than 24 hours; get new ones (GetParametersForImport) and wrap the material again",
            ErrorCode::InvalidImportTokenException => "the import token does not belong to this key and public key; use the token from the same GetParametersForImport answer",
            _ => return None,
        })
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        write!(f, " (HTTP {}", self.http_status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ServiceError {}

/// A response that could not be read: not JSON, cut short, or not the expected shape.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseError {
    /// The HTTP status.
    pub http_status: u16,
    /// The request id, when readable.
    pub request_id: Option<String>,
    /// What was wrong.
    pub problem: String,
    /// The start of the body, for the user to recognise (a proxy's page, say).
    pub body_excerpt: String,
    /// Whether the body was cut short or not JSON at all (a transport fault, which may
    /// pass), rather than JSON of an unexpected shape.
    pub unreadable: bool,
}

impl ResponseError {
    pub(crate) fn new(
        response: &HttpResponse,
        problem: impl Into<String>,
        unreadable: bool,
    ) -> Self {
        let text = String::from_utf8_lossy(&response.body);
        let excerpt: String = text.chars().take(200).collect();
        Self {
            http_status: response.status,
            request_id: request_id_of(response),
            problem: problem.into(),
            body_excerpt: excerpt.trim().to_owned(),
            unreadable,
        }
    }

    /// Whether sending again could help: server-side trouble (5xx) and bodies broken
    /// in transit may pass; JSON of the wrong shape will not.
    pub fn retryable(&self) -> bool {
        self.http_status >= 500 || self.unreadable
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unreadable response (HTTP {}): {}",
            self.http_status, self.problem
        )?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        if !self.body_excerpt.is_empty() {
            write!(f, "; body starts {:?}", self.body_excerpt)?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseError {}

/// A request refused before sending: the input is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// A key identifier is malformed, or of a kind the operation does not take.
    KeyId(KeyIdError),
    /// The endpoint settings are not valid.
    Endpoint(EndpointError),
    /// Pasted credentials could not be read.
    Credentials(CredentialsParseError),
    /// Another input value is out of range or malformed.
    Invalid {
        /// The member, as named on the wire (`RotationPeriodInDays`).
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl InputError {
    /// An invalid `field` with a message.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KeyId(error) => error.fmt(f),
            Self::Endpoint(error) => error.fmt(f),
            Self::Credentials(error) => error.fmt(f),
            Self::Invalid { field, message } => write!(f, "{field}: {message}"),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::KeyId(error) => Some(error),
            Self::Endpoint(error) => Some(error),
            Self::Credentials(error) => Some(error),
            Self::Invalid { .. } => None,
        }
    }
}

/// A rotation request that failed ambiguously, and whose outcome the reads that
/// followed could not establish either. Not retryable: re-check first
/// ([`Client::recheck_rotation`](crate::client::Client::recheck_rotation)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RotationUnconfirmed {
    /// The key.
    pub key_id: String,
    /// What went wrong with the rotation request.
    pub cause: Box<Error>,
    /// When the request was sent (signing time).
    pub sent_at: Timestamp,
    /// The key as it was before the request: what a re-check compares with.
    pub baseline: Box<RotationBaseline>,
}

impl fmt::Display for RotationUnconfirmed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the rotation of {} may or may not have started ({}); KMS shows no new rotation \
             yet. It was not sent again: re-check the key in a minute before rotating again",
            self.key_id, self.cause
        )
    }
}

/// A rotation that KMS accepted, whose tracking then failed (a read error, a timeout,
/// the caller stopping). The rotation goes on in KMS: never send it again; follow it
/// with [`Client::wait_for_rotation`](crate::client::Client::wait_for_rotation).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RotationTrackingFailed {
    /// The rotation that started.
    pub started: Box<StartedRotation>,
    /// What stopped the tracking.
    pub cause: Box<Error>,
}

impl fmt::Display for RotationTrackingFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the rotation of {} started, but tracking it failed ({}); do not rotate again: \
             keep tracking it",
            self.started.key_id, self.cause
        )
    }
}

/// Everything that can go wrong with an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Refused before sending: the input is not valid.
    Input(InputError),
    /// The credentials have expired, or the credentials provider failed.
    Credentials(String),
    /// The request could not be signed.
    Signing(SigningError),
    /// No HTTP response: network, CORS, timeout or cancellation.
    Transport(TransportError),
    /// KMS answered with an error.
    Service(ServiceError),
    /// The response could not be read.
    Response(ResponseError),
    /// A rotation request failed ambiguously and its outcome is unknown.
    RotationUnconfirmed(RotationUnconfirmed),
    /// A rotation started, and following it to completion failed.
    RotationTrackingFailed(RotationTrackingFailed),
    /// Waiting for something gave up after the given time (milliseconds).
    WaitTimedOut(u64),
}

impl Error {
    /// Whether sending again could help.
    pub fn retryable(&self) -> bool {
        match self {
            Self::Service(error) => error.retryable(),
            Self::Response(error) => error.retryable(),
            Self::Transport(error) => {
                !matches!(error.kind, crate::transport::TransportErrorKind::Aborted)
            }
            _ => false,
        }
    }

    /// Whether a rotation is known to have started despite this error (tracking it
    /// failed): then it must not be sent again.
    pub fn rotation_started(&self) -> bool {
        matches!(self, Self::RotationTrackingFailed(_))
    }

    /// The service error, if KMS answered with one.
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(error) => Some(error),
            _ => None,
        }
    }

    /// The KMS error code, if KMS answered with one.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.service().map(|error| &error.code)
    }

    /// The request id, when known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(error) => error.request_id.as_deref(),
            Self::Response(error) => error.request_id.as_deref(),
            Self::RotationUnconfirmed(error) => error.cause.request_id(),
            Self::RotationTrackingFailed(error) => error.cause.request_id(),
            _ => None,
        }
    }

    /// The HTTP status, when there was a response.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Service(error) => Some(error.http_status),
            Self::Response(error) => Some(error.http_status),
            Self::RotationUnconfirmed(error) => error.cause.http_status(),
            Self::RotationTrackingFailed(error) => error.cause.http_status(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input(error) => error.fmt(f),
            Self::Credentials(message) => write!(f, "credentials: {message}"),
            Self::Signing(error) => error.fmt(f),
            Self::Transport(error) => error.fmt(f),
            Self::Service(error) => error.fmt(f),
            Self::Response(error) => error.fmt(f),
            Self::RotationUnconfirmed(error) => error.fmt(f),
            Self::RotationTrackingFailed(error) => error.fmt(f),
            Self::WaitTimedOut(millis) => {
                write!(f, "gave up waiting after {} seconds", millis / 1000)
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Input(error) => Some(error),
            Self::Signing(error) => Some(error),
            Self::Transport(error) => Some(error),
            Self::Service(error) => Some(error),
            Self::Response(error) => Some(error),
            Self::RotationUnconfirmed(error) => Some(error.cause.as_ref()),
            Self::RotationTrackingFailed(error) => Some(error.cause.as_ref()),
            Self::Credentials(_) | Self::WaitTimedOut(_) => None,
        }
    }
}

impl From<InputError> for Error {
    fn from(error: InputError) -> Self {
        Self::Input(error)
    }
}

impl From<KeyIdError> for Error {
    fn from(error: KeyIdError) -> Self {
        Self::Input(InputError::KeyId(error))
    }
}

impl From<CredentialsParseError> for Error {
    fn from(error: CredentialsParseError) -> Self {
        Self::Input(InputError::Credentials(error))
    }
}

impl From<EndpointError> for Error {
    fn from(error: EndpointError) -> Self {
        Self::Input(InputError::Endpoint(error))
    }
}

impl From<SigningError> for Error {
    fn from(error: SigningError) -> Self {
        Self::Signing(error)
    }
}

impl From<TransportError> for Error {
    fn from(error: TransportError) -> Self {
        Self::Transport(error)
    }
}

impl From<ServiceError> for Error {
    fn from(error: ServiceError) -> Self {
        Self::Service(error)
    }
}

/// Whether `text` contains `part`. A plain scan rather than `str::contains`, whose
/// two-way search is kilobytes of wasm for two short phrases.
fn contains(text: &str, part: &str) -> bool {
    text.as_bytes()
        .windows(part.len())
        .any(|window| window == part.as_bytes())
}

/// The request id of a response: `x-amzn-requestid`, else `x-amz-request-id`.
pub fn request_id_of(response: &HttpResponse) -> Option<String> {
    response
        .header("x-amzn-requestid")
        .or_else(|| response.header("x-amz-request-id"))
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// Strips a `namespace#` prefix and a `:url` suffix from an error code.
pub fn sanitize_error_code(raw: &str) -> &str {
    let without_suffix = raw.split(':').next().unwrap_or(raw);
    let code = without_suffix.rsplit('#').next().unwrap_or(without_suffix);
    code.trim()
}

/// Decodes an error response (status ≥ 300) into a [`ServiceError`], or into a
/// [`ResponseError`] when neither the `x-amzn-errortype` header nor the body says what
/// went wrong. Never panics.
pub fn decode_error_response(response: &HttpResponse) -> Error {
    // Read by hand, member by member (see `model::FromJson`): a member of another type
    // is as good as absent.
    let body: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
    let member = |name: &str| {
        body.as_ref()
            .and_then(|body| body.get(name))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    // Protocol order (Smithy's awsJson1_1 protocol tests, smithy-rs `json_errors.rs`):
    // the header when readable, then the body's `code`, then `__type`. Cross-origin the
    // header is often hidden, and then the body is all there is.
    let raw_code = response
        .header("x-amzn-errortype")
        .map(str::to_owned)
        .filter(|code| !sanitize_error_code(code).is_empty())
        .or_else(|| member("code"))
        .or_else(|| member("Code"))
        .or_else(|| member("__type"));
    let message = member("message")
        .or_else(|| member("Message"))
        .or_else(|| member("errorMessage"))
        .unwrap_or_default();

    let code = match raw_code.as_deref().map(sanitize_error_code) {
        Some(code) if !code.is_empty() => ErrorCode::from_wire(code),
        _ => {
            let (problem, unreadable) = if response.body.is_empty() {
                ("the body is empty", true)
            } else if body.is_none() {
                ("the body is not JSON", true)
            } else {
                ("the body names no error code", false)
            };
            return Error::Response(ResponseError::new(response, problem, unreadable));
        }
    };
    Error::Service(ServiceError {
        code,
        message,
        http_status: response.status,
        request_id: request_id_of(response),
        server_time: response.header("date").and_then(Timestamp::parse_http_date),
    })
}

/// Decodes a successful response body into the operation's output with serde.
pub fn decode_output<O: serde::de::DeserializeOwned>(response: &HttpResponse) -> Result<O, Error> {
    serde_json::from_slice(output_body(response)).map_err(|error| body_error(response, &error))
}

/// Reads a successful response body into the operation's output by hand
/// ([`FromJson`]), as the client does: the same result as [`decode_output`] for every
/// body that one accepts (but a list in place of a structure), in a fraction of the
/// code.
pub fn read_output<O: FromJson>(response: &HttpResponse) -> Result<O, Error> {
    let value: serde_json::Value = serde_json::from_slice(output_body(response))
        .map_err(|error| unreadable_body(response, &error))?;
    O::from_json(&value).map_err(|error| {
        Error::Response(ResponseError::new(
            response,
            format!("the body does not have the expected shape: {error}"),
            false,
        ))
    })
}

/// The body to decode: operations with no output answer with an empty body or `{}`.
fn output_body(response: &HttpResponse) -> &[u8] {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &response.body
    }
}

/// Checks that a successful response's body is JSON (or empty), without decoding it.
pub fn check_json_body(response: &HttpResponse) -> Result<(), Error> {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(&response.body)
        .map(drop)
        .map_err(|error| unreadable_body(response, &error))
}

/// A body that does not parse as JSON of any shape: cut short, or not JSON at all.
/// Does not format `error`: serde_json's messages (and the I/O error texts they include)
/// are kilobytes of wasm that the client, which reads shapes by hand, never needs.
fn unreadable_body(response: &HttpResponse, error: &serde_json::Error) -> Error {
    let problem = if error.is_eof() {
        "the body was cut short"
    } else {
        "the body is not JSON"
    };
    Error::Response(ResponseError::new(response, problem, true))
}

/// A body that serde could not decode: unreadable, or JSON of another shape (with
/// serde's description of it).
fn body_error(response: &HttpResponse, error: &serde_json::Error) -> Error {
    if error.is_eof() || error.is_syntax() {
        return unreadable_body(response, error);
    }
    let problem = format!("the body does not have the expected shape: {error}");
    Error::Response(ResponseError::new(response, problem, false))
}

/// The server's time as a clock-skew error tells it: the `Date` header when readable,
/// else the time in the message ("Signature expired: A is now earlier than B (C - 5
/// min.)" — C is the server's time).
pub fn server_time_of(error: &ServiceError) -> Option<Timestamp> {
    if let Some(time) = error.server_time {
        return Some(time);
    }
    let inside = error.message.rsplit_once('(')?.1;
    let stamp = inside.split_whitespace().next()?;
    Timestamp::parse_amz_date(stamp)
}

#[cfg(test)]
mod tests;
