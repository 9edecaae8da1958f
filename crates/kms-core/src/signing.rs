//! AWS Signature Version 4, by the `aws-sigv4` crate, at a time the caller passes in.
//!
//! ```
//! use kms_core::credentials::Credentials;
//! use kms_core::signing::{sign, SigningRequest};
//! use kms_core::time::Timestamp;
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None);
//! let headers = vec![("content-type".to_owned(), "application/x-amz-json-1.1".to_owned())];
//! let signed = sign(&SigningRequest {
//!     method: "POST",
//!     url: "https://kms.us-east-1.amazonaws.com/",
//!     headers: &headers,
//!     body: b"{}",
//!     region: "us-east-1",
//!     service: "kms",
//!     credentials: &credentials,
//!     time: Timestamp::from_epoch_seconds(1_440_938_160),
//!     options: Default::default(),
//! })
//! .unwrap();
//! assert!(signed.headers.iter().any(|(name, _)| name == "authorization"));
//! ```

use crate::credentials::Credentials;
use crate::time::Timestamp;
use aws_sigv4::http_request::{
    sign as sigv4_sign, PayloadChecksumKind, SessionTokenMode, SignableBody, SignableRequest,
    SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

/// Options that differ between services; KMS uses the defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SigningOptions {
    /// Normalize the URI path (`/a/../b` → `/b`). True for every service but S3.
    pub normalize_path: bool,
    /// Add and sign `x-amz-content-sha256` (S3 style). KMS does not need it.
    pub payload_hash_header: bool,
    /// Add `x-amz-security-token` after signing instead of signing it (a few services).
    pub session_token_unsigned: bool,
}

impl Default for SigningOptions {
    fn default() -> Self {
        Self {
            normalize_path: true,
            payload_hash_header: false,
            session_token_unsigned: false,
        }
    }
}

/// Everything a signature covers.
#[derive(Debug)]
pub struct SigningRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The full URL.
    pub url: &'a str,
    /// Headers that will be sent (and signed), besides those signing adds.
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
    /// The signing Region.
    pub region: &'a str,
    /// The signing name of the service, `kms` for KMS.
    pub service: &'a str,
    /// Who signs.
    pub credentials: &'a Credentials,
    /// The signing time. Never read from a clock here.
    pub time: Timestamp,
    /// Service quirks.
    pub options: SigningOptions,
}

/// The result of signing: headers to add to the request, and the signature.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    /// Headers to add (`authorization`, `x-amz-date`, and `x-amz-security-token` when
    /// there is a session token), names lowercase.
    pub headers: Vec<(String, String)>,
    /// The hex signature.
    pub signature: String,
}

impl std::fmt::Debug for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Signed")
            .field("headers", &names)
            .field("signature", &"** redacted **")
            .finish()
    }
}

/// Why a request could not be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningError {
    message: String,
}

impl std::fmt::Display for SigningError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot sign the request: {}", self.message)
    }
}

impl std::error::Error for SigningError {}

impl SigningError {
    fn from_display(error: impl std::fmt::Display) -> Self {
        Self {
            message: error.to_string(),
        }
    }
}

/// Signs a request with SigV4 and returns the headers to add.
pub fn sign(request: &SigningRequest<'_>) -> Result<Signed, SigningError> {
    let credentials = request.credentials;
    // `Identity::new`, not `From<Credentials>`: the conversion also copies account and
    // feature properties through a config bag, which signing never reads (and which
    // costs kilobytes of wasm).
    let identity = Identity::new(
        aws_credential_types::Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            credentials.session_token().map(str::to_owned),
            None,
            "kms-rotate",
        ),
        None,
    );

    let mut settings = SigningSettings::default();
    settings.uri_path_normalization_mode = if request.options.normalize_path {
        UriPathNormalizationMode::Enabled
    } else {
        UriPathNormalizationMode::Disabled
    };
    settings.payload_checksum_kind = if request.options.payload_hash_header {
        PayloadChecksumKind::XAmzSha256
    } else {
        PayloadChecksumKind::NoHeader
    };
    settings.session_token_mode = if request.options.session_token_unsigned {
        SessionTokenMode::Exclude
    } else {
        SessionTokenMode::Include
    };

    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(request.region)
        .name(request.service)
        .time(request.time.to_system_time())
        .settings(settings)
        .build()
        .map_err(SigningError::from_display)?
        .into();
    let signable = SignableRequest::new(
        request.method,
        request.url,
        request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
        SignableBody::Bytes(request.body),
    )
    .map_err(SigningError::from_display)?;
    let (instructions, signature) = sigv4_sign(signable, &params)
        .map_err(SigningError::from_display)?
        .into_parts();
    let (headers, _params) = instructions.into_parts();
    let headers = headers
        .into_iter()
        .map(|header| {
            (
                header.name().to_ascii_lowercase(),
                header.value().to_owned(),
            )
        })
        .collect();
    Ok(Signed { headers, signature })
}

/// The signature in an `Authorization` header value, if it is a SigV4 one.
pub fn signature_of(authorization: &str) -> Option<&str> {
    authorization
        .split("Signature=")
        .nth(1)
        .map(|rest| rest.split(',').next().unwrap_or(rest))
}
