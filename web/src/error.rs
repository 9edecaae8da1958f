//! Failures in words a user acts on: kms-core's errors explained, with the request id.

use crate::format::sentence;
use kms_core::error::{Error, ErrorCode};
use kms_core::rotation::StartedRotation;
use kms_core::transport::TransportErrorKind;
use std::fmt;

/// A failure, in words a user acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    /// What happened and what to do, in a sentence or two.
    pub(crate) summary: String,
    /// What KMS or the platform said, verbatim.
    pub(crate) detail: Option<String>,
    /// The KMS error code, when KMS answered.
    pub(crate) code: Option<String>,
    /// The request id, when known.
    pub(crate) request_id: Option<String>,
    /// A rotation that KMS accepted before this failure: never send it again; it can
    /// be followed ("keep tracking").
    pub(crate) started: Option<Box<StartedRotation>>,
}

impl ApiError {
    pub(crate) fn plain(summary: impl Into<String>) -> Self {
        Self {
            summary: summary.into(),
            detail: None,
            code: None,
            request_id: None,
            started: None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// This page's origin, for messages about CORS.
pub(crate) fn page_origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_else(|| "this page".to_owned())
}

/// Explains a kms-core error in plain words.
pub(crate) fn explain(error: &Error) -> ApiError {
    let mut explained = match error {
        Error::Transport(transport) => {
            let summary = match transport.kind {
                TransportErrorKind::Unreachable => format!(
                    "The endpoint did not answer or did not allow this origin ({}). Check that it is running and reachable, and that its CORS settings allow this page; the browser does not say which of these it was.",
                    page_origin()
                ),
                TransportErrorKind::TimedOut => {
                    "The endpoint did not answer in time. Try again; if it keeps happening, check the network.".to_owned()
                }
                TransportErrorKind::ConnectionLost => {
                    "The connection was lost before an answer came. Try again.".to_owned()
                }
                _ => sentence(&transport.to_string()),
            };
            // The summary says all a browser lets us know about an unreachable endpoint;
            // the platform's words ("Failed to fetch") would only repeat it.
            let detail = (transport.kind != TransportErrorKind::Unreachable)
                .then(|| transport.to_string())
                .filter(|d| !d.is_empty());
            ApiError {
                detail,
                ..ApiError::plain(summary)
            }
        }
        Error::Service(service) => {
            let summary = match &service.code {
                ErrorCode::ConflictException => "KMS refused the rotation: a rotation of this key is in progress, or an automatic rotation starts within 20 minutes. Try again when it is done.".to_owned(),
                ErrorCode::LimitExceededException => "KMS refused the rotation: this key has used all 25 on-demand rotations, for good. Turn on automatic rotation instead.".to_owned(),
                ErrorCode::DisabledException => "KMS refused: the key is disabled. Enable the key first.".to_owned(),
                code => match service.advice() {
                    Some(advice) => sentence(advice),
                    None if service.message.is_empty() => format!("KMS answered {code}."),
                    None => format!("KMS answered {code}: {}", sentence(&service.message)),
                },
            };
            let detail = if service.message.is_empty() {
                format!("{} (HTTP {})", service.code, service.http_status)
            } else {
                format!("{}: {} (HTTP {})", service.code, service.message, service.http_status)
            };
            ApiError {
                detail: Some(detail),
                code: Some(service.code.to_string()),
                request_id: service.request_id.clone(),
                ..ApiError::plain(summary)
            }
        }
        Error::Response(response) => ApiError {
            detail: Some(response.to_string()),
            ..ApiError::plain("The endpoint answered with something that is not a KMS response. Check the endpoint URL.")
        },
        Error::RotationTrackingFailed(failed) => {
            let cause = explain(&failed.cause);
            ApiError {
                detail: cause.detail,
                code: Some("RotationTrackingFailed".to_owned()),
                request_id: cause.request_id,
                started: Some(failed.started.clone()),
                ..ApiError::plain(format!(
                    "The rotation started, but following it failed: {} Do not rotate again: keep tracking it.",
                    cause.summary
                ))
            }
        }
        other => ApiError::plain(sentence(&other.to_string())),
    };
    if explained.request_id.is_none() {
        explained.request_id = error.request_id().map(str::to_owned);
    }
    explained
}

/// Whether the error says the credentials expired.
pub(crate) fn is_expiry(error: &Error) -> bool {
    matches!(error, Error::Credentials(_))
        || matches!(error.code(), Some(ErrorCode::ExpiredTokenException))
}
