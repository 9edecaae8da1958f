//! KMS JSON 1.1 requests: `POST /`, the two protocol headers, the JSON body, and a SigV4
//! signature at a time the caller passes in. No other header is sent: in a browser every
//! extra one would need CORS approval (and `host` is set by the platform).
//!
//! ```
//! use kms_core::credentials::Credentials;
//! use kms_core::partition::Endpoint;
//! use kms_core::request::build_request;
//! use kms_core::time::Timestamp;
//!
//! let endpoint = Endpoint { url: "https://kms.us-east-1.amazonaws.com/".into(), signing_region: "us-east-1".into() };
//! let credentials = Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()), None);
//! let request = build_request("ListKeys", b"{}".to_vec(), &endpoint, &credentials,
//!     Timestamp::from_epoch_seconds(1_700_000_000), None).unwrap();
//! assert_eq!(request.header("x-amz-target"), Some("TrentService.ListKeys"));
//! assert_eq!(request.header("x-amz-date"), Some("20231114T221320Z"));
//! assert!(request.header("x-amz-security-token").is_some());
//! ```

use crate::credentials::Credentials;
use crate::ops::target_of;
use crate::partition::Endpoint;
use crate::signing::{sign, SigningError, SigningOptions, SigningRequest};
use crate::time::Timestamp;
use crate::transport::HttpRequest;

/// The content type of every KMS request.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The signing name of KMS.
pub const SERVICE: &str = "kms";

/// Builds and signs the request for `operation` with JSON `body`.
pub fn build_request(
    operation: &str,
    body: Vec<u8>,
    endpoint: &Endpoint,
    credentials: &Credentials,
    time: Timestamp,
    timeout_ms: Option<u32>,
) -> Result<HttpRequest, SigningError> {
    let mut headers = vec![
        ("content-type".to_owned(), CONTENT_TYPE.to_owned()),
        ("x-amz-target".to_owned(), target_of(operation)),
    ];
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
