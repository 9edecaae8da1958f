//! Request bodies read under limits: a declared length over the limit is refused at
//! once (413), and a body must arrive at a minimum rate (408 otherwise).

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use http_body_util::LengthLimitError;
use std::time::Duration;

/// The slowest a body may arrive: a client trickling bytes holds no connection for long.
const MIN_BODY_BYTES_PER_SECOND: u64 = 64 * 1024;

/// Why a body was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyProblem {
    /// Declared or found larger than the limit.
    TooLarge(usize),
    /// Not arrived in time.
    TooSlow,
    /// The connection failed while it arrived.
    Unreadable,
}

impl BodyProblem {
    pub(crate) fn status(self) -> u16 {
        match self {
            Self::TooLarge(_) => 413,
            Self::TooSlow => 408,
            Self::Unreadable => 400,
        }
    }

    pub(crate) fn message(self) -> String {
        match self {
            Self::TooLarge(limit) => format!("the request body is larger than {limit} bytes"),
            Self::TooSlow => format!(
                "the request body did not arrive in time (at least {MIN_BODY_BYTES_PER_SECOND} bytes per second)"
            ),
            Self::Unreadable => "the request body could not be read".to_owned(),
        }
    }
}

/// Reads a body of at most `limit` bytes: refused at once when its `Content-Length`
/// says more, and refused when it arrives slower than [`MIN_BODY_BYTES_PER_SECOND`]
/// (after `grace`), so that no client holds a connection open by declaring a
/// huge body or trickling a small one.
pub(crate) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    grace: Duration,
) -> Result<Bytes, BodyProblem> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(BodyProblem::TooLarge(limit));
    }
    let expected = declared.unwrap_or(limit as u64);
    let deadline = grace + Duration::from_secs(expected / MIN_BODY_BYTES_PER_SECOND);
    let read = axum::body::to_bytes(body, limit);
    // The router may also be called in-process outside Tokio (tests with a plain
    // executor); only a socket can be slow, and sockets always run under Tokio.
    let read = if tokio::runtime::Handle::try_current().is_ok() {
        tokio::time::timeout(deadline, read).await
    } else {
        Ok(read.await)
    };
    match read {
        Err(_) => Err(BodyProblem::TooSlow),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) if std::error::Error::source(&e).is_some_and(|s| s.is::<LengthLimitError>()) => {
            Err(BodyProblem::TooLarge(limit))
        }
        Ok(Err(_)) => Err(BodyProblem::Unreadable),
    }
}

/// Asks the HTTP layer to close the connection after this response: the rest of a
/// refused body is never read.
pub(crate) fn close_connection(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
}
