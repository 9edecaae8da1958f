//! Retry decisions, as pure functions: given the operation, the failure and the attempt,
//! say whether to try again and after how long. The client carries them out.
//!
//! ```
//! use kms_core::error::{Error, ErrorCode, ServiceError};
//! use kms_core::retry::{Decision, RetryPolicy};
//!
//! let policy = RetryPolicy::default();
//! let throttled = Error::Service(ServiceError::new(ErrorCode::ThrottlingException, "", 400));
//! // Even RotateKeyOnDemand is retried after throttling: the request was refused whole.
//! assert!(matches!(policy.decide(false, &throttled, 1, 0.5), Decision::RetryAfter(_)));
//! let limit = Error::Service(ServiceError::new(ErrorCode::LimitExceededException, "", 400));
//! assert_eq!(policy.decide(false, &limit, 1, 0.5), Decision::GiveUp);
//! ```

use crate::error::{server_time_of, Error};
use crate::time::Timestamp;
use crate::transport::TransportErrorKind;

/// How hard to try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// Backoff base after transient failures, in milliseconds.
    pub base_delay_ms: u64,
    /// Backoff base after throttling: larger, since the quota is per second.
    pub throttle_base_delay_ms: u64,
    /// No single wait is longer than this, in milliseconds.
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay_ms: 100,
            throttle_base_delay_ms: 500,
            max_delay_ms: 20_000,
        }
    }
}

impl RetryPolicy {
    /// The default policy with `max_attempts` attempts (at least 1).
    pub fn with_max_attempts(max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            ..Self::default()
        }
    }
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send again after this many milliseconds.
    RetryAfter(u64),
    /// The failure leaves open whether a non-idempotent request was carried out: do not
    /// send it again; look at the resource's state instead.
    CheckOutcome,
    /// Stop and report the failure.
    GiveUp,
}

impl RetryPolicy {
    /// Decides after attempt number `attempt` (1 for the first) of an operation failed
    /// with `error`. `idempotent` is false only for `RotateKeyOnDemand`. `jitter` is a
    /// random number in [0, 1) (full jitter: the wait is `jitter` × the exponential
    /// bound).
    ///
    /// Clock skew is handled by [`clock_correction`], before this is asked.
    pub fn decide(&self, idempotent: bool, error: &Error, attempt: u32, jitter: f64) -> Decision {
        let proves_not_processed = match error {
            Error::Service(service) => service.proves_not_processed(),
            Error::Transport(transport) => !transport.may_have_been_processed(),
            _ => false,
        };
        if !idempotent && !proves_not_processed {
            return match error {
                // The caller stopped: no more requests, and the error says so.
                Error::Transport(transport) if transport.kind == TransportErrorKind::Aborted => {
                    Decision::GiveUp
                }
                // KMS answered, so it decided; a 4xx it answers is final. Ambiguous:
                // 5xx (it may have acted before failing), lost connections, timeouts,
                // and unreadable answers.
                Error::Service(service) if service.http_status < 500 => Decision::GiveUp,
                Error::Service(_) | Error::Transport(_) | Error::Response(_) => {
                    Decision::CheckOutcome
                }
                _ => Decision::GiveUp,
            };
        }
        if !error.retryable() || attempt >= self.max_attempts {
            return Decision::GiveUp;
        }
        let throttled = error
            .service()
            .is_some_and(|service| service.code.is_throttling());
        let base = if throttled {
            self.throttle_base_delay_ms
        } else {
            self.base_delay_ms
        };
        Decision::RetryAfter(self.backoff(base, attempt, jitter))
    }

    /// Full-jitter exponential backoff: uniform in [0, min(cap, base × 2^(attempt−1))].
    pub fn backoff(&self, base_ms: u64, attempt: u32, jitter: f64) -> u64 {
        let exponent = attempt.saturating_sub(1).min(30);
        let bound = base_ms
            .saturating_mul(1u64 << exponent)
            .min(self.max_delay_ms);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.5
        };
        (bound as f64 * jitter) as u64
    }
}

/// If `error` says the request was signed with a wrong clock, the offset (server time −
/// local signing time, in ms) that corrects it. `signed_at` is the time the request was
/// signed with. Offsets under a second are not worth a retry.
pub fn clock_correction(error: &Error, signed_at: Timestamp) -> Option<i64> {
    let service = error.service()?;
    if !service.is_clock_skew() {
        return None;
    }
    let offset = server_time_of(service)?.millis_since(signed_at);
    (offset.abs() >= 1000).then_some(offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorCode, ResponseError, ServiceError};
    use crate::transport::{HttpResponse, TransportError, TransportErrorKind};

    fn service(code: ErrorCode, status: u16) -> Error {
        Error::Service(ServiceError::new(code, "", status))
    }

    fn transport(kind: TransportErrorKind) -> Error {
        Error::Transport(TransportError::new(kind, ""))
    }

    #[test]
    fn retries_transient_failures_of_idempotent_operations() {
        let policy = RetryPolicy::default();
        for error in [
            service(ErrorCode::ThrottlingException, 400),
            service(ErrorCode::KmsInternalException, 500),
            service(ErrorCode::DependencyTimeoutException, 500),
            service(ErrorCode::Unknown("Whatever".into()), 503),
            transport(TransportErrorKind::ConnectionLost),
            transport(TransportErrorKind::TimedOut),
            transport(TransportErrorKind::Unreachable),
            transport(TransportErrorKind::NotConnected),
        ] {
            assert!(
                matches!(policy.decide(true, &error, 1, 0.5), Decision::RetryAfter(_)),
                "{error:?}"
            );
            assert_eq!(
                policy.decide(true, &error, 3, 0.5),
                Decision::GiveUp,
                "{error:?}"
            );
        }
    }

    #[test]
    fn gives_up_on_final_errors() {
        let policy = RetryPolicy::default();
        for code in [
            ErrorCode::NotFoundException,
            ErrorCode::AccessDeniedException,
            ErrorCode::ValidationException,
            ErrorCode::LimitExceededException,
            ErrorCode::ConflictException,
        ] {
            assert_eq!(
                policy.decide(true, &service(code.clone(), 400), 1, 0.5),
                Decision::GiveUp
            );
            assert_eq!(
                policy.decide(false, &service(code, 400), 1, 0.5),
                Decision::GiveUp
            );
        }
        assert_eq!(
            policy.decide(true, &transport(TransportErrorKind::Aborted), 1, 0.5),
            Decision::GiveUp
        );
    }

    #[test]
    fn never_resends_a_rotation_after_an_ambiguous_failure() {
        let policy = RetryPolicy::default();
        let garbled = Error::Response(
            match crate::error::decode_error_response(&HttpResponse::new(502, "<html>")) {
                Error::Response(error) => error,
                other => panic!("{other:?}"),
            },
        );
        for error in [
            service(ErrorCode::KmsInternalException, 500),
            service(ErrorCode::DependencyTimeoutException, 500),
            service(ErrorCode::Unknown("InternalFailure".into()), 503),
            transport(TransportErrorKind::ConnectionLost),
            transport(TransportErrorKind::TimedOut),
            garbled,
        ] {
            assert_eq!(
                policy.decide(false, &error, 1, 0.5),
                Decision::CheckOutcome,
                "{error:?}"
            );
        }
        let _: Option<ResponseError> = None;
    }

    #[test]
    fn resends_a_rotation_only_when_it_provably_was_not_processed() {
        let policy = RetryPolicy::default();
        let throttled = service(ErrorCode::ThrottlingException, 400);
        assert!(matches!(
            policy.decide(false, &throttled, 1, 0.5),
            Decision::RetryAfter(_)
        ));
        let not_connected = transport(TransportErrorKind::NotConnected);
        assert!(matches!(
            policy.decide(false, &not_connected, 1, 0.5),
            Decision::RetryAfter(_)
        ));
        // A browser's bare "Failed to fetch" may follow a request that was sent.
        let unreachable = transport(TransportErrorKind::Unreachable);
        assert_eq!(
            policy.decide(false, &unreachable, 1, 0.5),
            Decision::CheckOutcome
        );
        let aborted = transport(TransportErrorKind::Aborted);
        assert_eq!(policy.decide(false, &aborted, 1, 0.5), Decision::GiveUp);
        assert_eq!(
            policy.decide(
                false,
                &service(ErrorCode::LimitExceededException, 400),
                1,
                0.5
            ),
            Decision::GiveUp
        );
    }

    #[test]
    fn throttling_backs_off_longer_and_waits_are_capped() {
        let policy = RetryPolicy {
            max_attempts: 50,
            ..RetryPolicy::default()
        };
        let throttled = service(ErrorCode::ThrottlingException, 400);
        let internal = service(ErrorCode::KmsInternalException, 500);
        assert_eq!(
            policy.decide(true, &throttled, 1, 1.0),
            Decision::RetryAfter(500)
        );
        assert_eq!(
            policy.decide(true, &internal, 1, 1.0),
            Decision::RetryAfter(100)
        );
        assert_eq!(
            policy.decide(true, &internal, 3, 1.0),
            Decision::RetryAfter(400)
        );
        assert_eq!(
            policy.decide(true, &throttled, 40, 1.0),
            Decision::RetryAfter(20_000)
        );
        assert_eq!(
            policy.decide(true, &throttled, 2, 0.0),
            Decision::RetryAfter(0)
        );
        assert_eq!(policy.backoff(100, 2, f64::NAN), 100);
    }

    #[test]
    fn learns_the_clock_offset_from_a_skew_error() {
        let signed_at = Timestamp::parse_amz_date("20240101T000000Z").unwrap();
        let error = Error::Service(ServiceError::new(
            ErrorCode::InvalidSignatureException,
            "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)",
            400,
        ));
        assert_eq!(clock_correction(&error, signed_at), Some(600_000));
        let mismatch = Error::Service(ServiceError::new(
            ErrorCode::InvalidSignatureException,
            "does not match",
            400,
        ));
        assert_eq!(clock_correction(&mismatch, signed_at), None);
    }
}
