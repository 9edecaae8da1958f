//! The errors kms-local answers with, shaped as AWS shapes them.
//!
//! Two families, as in AWS: errors of the request framework (signature, serialization,
//! unknown operation, throttling), whose `__type` carries the
//! `com.amazon.coral.service#` namespace, and errors of KMS itself (`NotFoundException`,
//! `ConflictException`, ...), whose `__type` is the bare name. The `x-amzn-errortype`
//! header carries the code with a `:http://internal.amazon.com/coral/...` suffix. Clients
//! must strip both decorations; sending them keeps clients honest.

use serde_json::json;

/// Which part of AWS raises the error: it decides the decorations of the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The request framework (authentication, parsing, throttling).
    Framework,
    /// The KMS service.
    Service,
}

/// An error response: code, message, HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KmsError {
    /// The bare code, such as `NotFoundException`.
    pub(crate) code: &'static str,
    /// The message; framework serialization errors have none.
    pub(crate) message: Option<String>,
    /// The HTTP status.
    pub(crate) status: u16,
    /// Who raised it.
    pub(crate) origin: Origin,
    /// Whether the body says `Message` (some framework errors) rather than `message`.
    pub(crate) capital_message: bool,
}

impl KmsError {
    fn new(code: &'static str, message: impl Into<String>, status: u16, origin: Origin) -> Self {
        Self {
            code,
            message: Some(message.into()),
            status,
            origin,
            capital_message: false,
        }
    }

    /// A KMS error with HTTP 400.
    pub(crate) fn service(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, message, 400, Origin::Service)
    }

    /// A framework error with HTTP 400.
    pub(crate) fn framework(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, message, 400, Origin::Framework)
    }

    /// `NotFoundException`.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::service("NotFoundException", message)
    }

    /// `ValidationException` listing each failed constraint as AWS words it.
    pub(crate) fn validation(problems: &[String]) -> Self {
        let n = problems.len();
        let head = if n == 1 {
            "1 validation error detected: ".to_owned()
        } else {
            format!("{n} validation errors detected: ")
        };
        Self::service("ValidationException", head + &problems.join("; "))
    }

    /// A `SerializationException` for a body that is not JSON (AWS sends no message).
    pub(crate) fn malformed_json() -> Self {
        Self {
            code: "SerializationException",
            message: None,
            status: 400,
            origin: Origin::Framework,
            capital_message: false,
        }
    }

    /// A `SerializationException` for a member of the wrong type (AWS says `Message`).
    pub(crate) fn wrong_type(found: &str, wanted: &str) -> Self {
        Self {
            code: "SerializationException",
            message: Some(format!("{found} can not be converted to {wanted}")),
            status: 400,
            origin: Origin::Framework,
            capital_message: true,
        }
    }

    /// `KMSInternalException` (HTTP 500).
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new("KMSInternalException", message, 500, Origin::Service)
    }

    /// The status code.
    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// The `__type` in the body.
    pub(crate) fn wire_type(&self) -> String {
        match self.origin {
            Origin::Framework => format!("com.amazon.coral.service#{}", self.code),
            Origin::Service => self.code.to_owned(),
        }
    }

    /// The `x-amzn-errortype` header value.
    pub(crate) fn header_value(&self) -> String {
        match self.origin {
            Origin::Framework => format!(
                "{}:http://internal.amazon.com/coral/com.amazon.coral.service/",
                self.code
            ),
            Origin::Service => format!(
                "{}:http://internal.amazon.com/coral/com.amazonaws.kms/",
                self.code
            ),
        }
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Vec<u8> {
        let value = match (&self.message, self.capital_message) {
            (None, _) => json!({ "__type": self.wire_type() }),
            (Some(m), false) => json!({ "__type": self.wire_type(), "message": m }),
            (Some(m), true) => json!({ "__type": self.wire_type(), "Message": m }),
        };
        value.to_string().into_bytes()
    }
}

impl std::fmt::Display for KmsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.message {
            Some(m) => write!(f, "{}: {m}", self.code),
            None => f.write_str(self.code),
        }
    }
}

impl std::error::Error for KmsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decorations_follow_the_origin() {
        let e = KmsError::not_found("Key 'x' does not exist");
        assert_eq!(
            String::from_utf8(e.body()).unwrap(),
            r#"{"__type":"NotFoundException","message":"Key 'x' does not exist"}"#
        );
        let s = KmsError::malformed_json();
        assert_eq!(
            String::from_utf8(s.body()).unwrap(),
            r#"{"__type":"com.amazon.coral.service#SerializationException"}"#
        );
        assert!(s.header_value().starts_with("SerializationException:http"));
        let v = KmsError::validation(&["a".into(), "b".into()]);
        assert_eq!(
            v.message.as_deref(),
            Some("2 validation errors detected: a; b")
        );
    }
}
