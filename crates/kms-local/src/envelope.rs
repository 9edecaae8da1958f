//! What every response carries: the request id, the `Date` header and, for allowed
//! origins, the CORS headers.

use crate::config::Config;
use crate::error::KmsError;
use crate::timefmt;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use kms_core::time::Timestamp;

/// The response headers a browser may read.
pub const EXPOSED_RESPONSE_HEADERS: &str = "x-amzn-requestid, x-amzn-errortype, date";

/// CORS decision for one request: the origin to echo, if allowed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Cors(pub(crate) Option<String>);

impl Cors {
    pub(crate) fn of(config: &Config, headers: &HeaderMap) -> Self {
        let origin = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .filter(|o| config.cors_origins.iter().any(|a| a == o || a == "*"));
        Self(origin.map(str::to_owned))
    }

    fn apply(&self, headers: &mut HeaderMap) {
        if let Some(origin) = &self.0 {
            if let Ok(v) = HeaderValue::from_str(origin) {
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
            }
            headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSED_RESPONSE_HEADERS),
        );
    }
}

/// What every response carries.
pub(crate) struct Envelope {
    pub(crate) request_id: String,
    pub(crate) date: Timestamp,
    pub(crate) cors: Cors,
}

impl Envelope {
    pub(crate) fn response(&self, status: u16, content_type: &'static str, body: Body) -> Response {
        let mut response = Response::new(body);
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(v) = HeaderValue::from_str(&self.request_id) {
            headers.insert(HeaderName::from_static("x-amzn-requestid"), v);
        }
        if let Ok(v) = HeaderValue::from_str(&timefmt::http_date(self.date)) {
            headers.insert(header::DATE, v);
        }
        self.cors.apply(headers);
        response
    }

    pub(crate) fn json(&self, status: u16, body: Vec<u8>) -> Response {
        self.response(status, "application/x-amz-json-1.1", Body::from(body))
    }

    pub(crate) fn error(&self, error: &KmsError) -> Response {
        let mut response = self.json(error.status, error.body());
        if let Ok(v) = HeaderValue::from_str(&error.header_value()) {
            response
                .headers_mut()
                .insert(HeaderName::from_static("x-amzn-errortype"), v);
        }
        response
    }
}
