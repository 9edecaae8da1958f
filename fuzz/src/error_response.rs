//! `error::decode_error_response` on any HTTP response, and the retry decisions that
//! read its result.
//!
//! An input that starts with `HTTP/` is a response as text (status line, header lines,
//! a blank line, the body), so seeds read as what a server sends. Any other input is
//! taken apart with `arbitrary`: a status, headers from the set the decoder reads (plus
//! any other), and a body that is either raw bytes or a KMS-shaped JSON object with the
//! code and message under any of the member names the decoder knows.
//!
//! Properties: decoding never panics; a service error keeps the status and the request
//! id of the response, and its code has no `ns#` prefix or `:url` suffix; Display and
//! Debug work; retry decisions never panic, stay within the policy's bounds, and never
//! retry a `RotateKeyOnDemand` blindly after an answer that does not prove it was not
//! carried out.

use arbitrary::{Arbitrary, Unstructured};
use kms_core::error::{decode_error_response, request_id_of, Error};
use kms_core::retry::{clock_correction, Decision, RetryPolicy};
use kms_core::time::Timestamp;
use kms_core::transport::HttpResponse;

/// A header of the response.
#[derive(Arbitrary, Debug)]
enum HeaderName {
    RequestId,
    AmzRequestId,
    ErrorType,
    Date,
    ContentType,
    Other(String),
}

impl HeaderName {
    fn as_str(&self) -> &str {
        match self {
            Self::RequestId => "x-amzn-RequestId",
            Self::AmzRequestId => "x-amz-request-id",
            Self::ErrorType => "x-amzn-ErrorType",
            Self::Date => "Date",
            Self::ContentType => "content-type",
            Self::Other(name) => name,
        }
    }
}

/// Where the decoder may find the code.
#[derive(Arbitrary, Debug)]
enum CodeMember {
    Type,
    Code,
    CodeUpper,
}

/// Where the decoder may find the message.
#[derive(Arbitrary, Debug)]
enum MessageMember {
    Message,
    MessageUpper,
    ErrorMessage,
}

/// The body.
#[derive(Arbitrary, Debug)]
enum Body {
    Raw(Vec<u8>),
    Kms {
        code_member: CodeMember,
        code: Option<String>,
        message_member: MessageMember,
        message: Option<String>,
        extra: Vec<(String, String)>,
    },
}

impl Body {
    fn bytes(self) -> Vec<u8> {
        match self {
            Self::Raw(bytes) => bytes,
            Self::Kms {
                code_member,
                code,
                message_member,
                message,
                extra,
            } => {
                let mut object = serde_json::Map::new();
                for (name, value) in extra {
                    object.insert(name, value.into());
                }
                let code_name = match code_member {
                    CodeMember::Type => "__type",
                    CodeMember::Code => "code",
                    CodeMember::CodeUpper => "Code",
                };
                let message_name = match message_member {
                    MessageMember::Message => "message",
                    MessageMember::MessageUpper => "Message",
                    MessageMember::ErrorMessage => "errorMessage",
                };
                if let Some(code) = code {
                    object.insert(code_name.to_owned(), code.into());
                }
                if let Some(message) = message {
                    object.insert(message_name.to_owned(), message.into());
                }
                serde_json::Value::Object(object).to_string().into_bytes()
            }
        }
    }
}

/// One fuzz input.
#[derive(Arbitrary, Debug)]
struct Input {
    status: u16,
    headers: Vec<(HeaderName, String)>,
    body: Body,
    signed_at_millis: i64,
    attempt: u32,
    jitter: f64,
}

/// Runs one input.
pub fn run(data: &[u8]) {
    if data.starts_with(b"HTTP/") {
        if let Some(response) = parse_text(data) {
            check(&response, 1_767_225_600_000, 1, 0.5);
        }
        return;
    }
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let Input {
        status,
        headers,
        body,
        signed_at_millis,
        attempt,
        jitter,
    } = input;
    let mut response = HttpResponse::new(status, body.bytes());
    for (name, value) in &headers {
        response = response.with_header(name.as_str(), value);
    }
    check(&response, signed_at_millis, attempt, jitter);
}

/// `HTTP/1.1 400 Bad Request`, header lines, a blank line, the body. `None` when the
/// status is not a number.
fn parse_text(data: &[u8]) -> Option<HttpResponse> {
    let (head, body) = split_head(data);
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let mut response = HttpResponse::new(status, body.to_vec());
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            response = response.with_header(name.trim(), value.trim());
        }
    }
    Some(response)
}

/// The bytes before the first blank line (`\n\n` or `\r\n\r\n`), and those after it.
fn split_head(data: &[u8]) -> (&[u8], &[u8]) {
    for at in 0..data.len() {
        for separator in [&b"\n\n"[..], &b"\r\n\r\n"[..]] {
            if data[at..].starts_with(separator) {
                return (&data[..at], &data[at + separator.len()..]);
            }
        }
    }
    (data, &[])
}

fn check(response: &HttpResponse, signed_at_millis: i64, attempt: u32, jitter: f64) {
    let error = decode_error_response(response);
    let _ = format!("{error}{error:?}");
    match &error {
        Error::Service(service) => {
            assert_eq!(service.http_status, response.status);
            assert_eq!(service.request_id, request_id_of(response));
            let code = service.code.as_str();
            assert!(
                !code.is_empty() && !code.contains('#') && !code.contains(':'),
                "code {code:?} was not sanitized"
            );
            assert_eq!(code, code.trim(), "code {code:?} was not trimmed");
            let _ = (
                service.retryable(),
                service.is_clock_skew(),
                service.advice(),
            );
        }
        Error::Response(decoding) => {
            assert_eq!(decoding.http_status, response.status);
            assert_eq!(decoding.request_id, request_id_of(response));
        }
        other => panic!("decode_error_response returned neither kind of error: {other:?}"),
    }

    let policy = RetryPolicy::default();
    let signed_at = Timestamp::from_epoch_millis(signed_at_millis);
    let _ = clock_correction(&error, signed_at);
    for idempotent in [true, false] {
        match policy.decide(idempotent, &error, attempt, jitter) {
            Decision::RetryAfter(ms) => {
                assert!(ms <= policy.max_delay_ms, "waits {ms} ms, over the cap");
                assert!(error.retryable(), "retries a non-retryable {error:?}");
                assert!(attempt < policy.max_attempts);
                if !idempotent {
                    let proven = error.service().is_some_and(|s| s.proves_not_processed());
                    assert!(
                        proven,
                        "retries a rotation that may have happened: {error:?}"
                    );
                }
            }
            Decision::CheckOutcome => assert!(!idempotent, "CheckOutcome for a read"),
            _ => {}
        }
    }
}
