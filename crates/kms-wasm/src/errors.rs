//! kms-core errors as JS `Error` objects.
//!
//! Each is a real `Error` whose `name` is the class the JS wrapper turns it into
//! (`KmsServiceError`, `KmsNetworkError`, ...), with `code`, `httpStatus`, `requestId`
//! and `retryable` set; the wrapper (`js/client.js`) re-creates it as an instance of
//! that class so `instanceof` works.

use js_sys::Reflect;
use kms_core::error::{Error, InputError};
use kms_core::time::Timestamp;
use kms_core::transport::TransportErrorKind;
use wasm_bindgen::JsValue;

/// Sets `key` on `target`. Setting a property on a fresh object cannot fail.
pub(crate) fn set(target: &JsValue, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(target, &JsValue::from_str(key), &value.into());
}

/// Sets `key` when `value` is present.
pub(crate) fn set_some<V: Into<JsValue>>(target: &JsValue, key: &str, value: Option<V>) {
    if let Some(value) = value {
        set(target, key, value);
    }
}

/// A JS `Error` named `name` with `code`.
pub(crate) fn js_error(name: &str, code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    let error = JsValue::from(error);
    set(&error, "code", code);
    set(&error, "retryable", false);
    error
}

fn input_code(error: &InputError) -> String {
    match error {
        InputError::KeyId(error) => format!("{:?}", error.kind()),
        InputError::Endpoint(error) => format!("{:?}", error.kind()),
        InputError::Credentials(_) => "InvalidCredentials".to_owned(),
        _ => "InvalidParameter".to_owned(),
    }
}

fn transport_code(kind: TransportErrorKind) -> &'static str {
    match kind {
        TransportErrorKind::Unreachable => "Unreachable",
        TransportErrorKind::NotConnected => "NotConnected",
        TransportErrorKind::ConnectionLost => "ConnectionLost",
        TransportErrorKind::TimedOut => "TimedOut",
        TransportErrorKind::Aborted => "Aborted",
        _ => "NetworkError",
    }
}

/// The JS error for a kms-core error.
pub(crate) fn to_js(error: &Error) -> JsValue {
    if let Error::RotationTrackingFailed(failed) = error {
        let started = &failed.started;
        return tracking_error(&started.key_id, started.started_at, &failed.cause);
    }
    let message = error.to_string();
    let js = match error {
        Error::Input(input) => {
            let js = js_error("KmsInputError", &input_code(input), &message);
            if let InputError::Invalid { field, .. } = input {
                set(&js, "field", *field);
            }
            js
        }
        Error::Credentials(_) => js_error("KmsCredentialsError", "CredentialsError", &message),
        Error::Signing(_) => js_error("KmsCredentialsError", "SigningError", &message),
        Error::Transport(transport) => {
            js_error("KmsNetworkError", transport_code(transport.kind), &message)
        }
        Error::Service(service) => {
            let js = js_error("KmsServiceError", service.code.as_str(), &message);
            set(&js, "serviceMessage", service.message.as_str());
            set_some(&js, "advice", service.advice());
            js
        }
        Error::Response(response) => {
            let js = js_error("KmsResponseError", "UnreadableResponse", &message);
            set(&js, "bodyExcerpt", response.body_excerpt.as_str());
            js
        }
        Error::RotationUnconfirmed(unconfirmed) => {
            let js = js_error(
                "KmsRotationUnconfirmedError",
                "RotationUnconfirmed",
                &message,
            );
            set(&js, "keyId", unconfirmed.key_id.as_str());
            set(&js, "sentAt", unconfirmed.sent_at.epoch_millis() as f64);
            set(&js, "cause", to_js(&unconfirmed.cause));
            js
        }
        Error::WaitTimedOut(_) => js_error("KmsWaitTimeoutError", "WaitTimedOut", &message),
        _ => js_error("KmsError", "Error", &message),
    };
    set_some(&js, "httpStatus", error.http_status());
    set_some(&js, "requestId", error.request_id());
    set(&js, "retryable", error.retryable());
    js
}

/// A `KmsRotationTrackingError`: the rotation of `key_id` started at `started_at` (KMS
/// accepted it), and following it failed with `cause`, which may be the caller's abort
/// or time limit. Made here rather than from kms-core's `Display`, because the wasm also
/// makes it when it abandons a wait itself (see `WasmClient::follow`).
pub(crate) fn tracking_error(key_id: &str, started_at: Timestamp, cause: &Error) -> JsValue {
    let message = format!(
        "the rotation of {key_id} started, but following it failed ({cause}); do not rotate \
         again: follow it with waitForRotation"
    );
    let js = js_error(
        "KmsRotationTrackingError",
        "RotationTrackingFailed",
        &message,
    );
    set(&js, "keyId", key_id);
    set(&js, "startedAt", started_at.epoch_millis() as f64);
    set(&js, "rotationStarted", true);
    set(&js, "cause", to_js(cause));
    set_some(&js, "httpStatus", cause.http_status());
    set_some(&js, "requestId", cause.request_id());
    js
}
