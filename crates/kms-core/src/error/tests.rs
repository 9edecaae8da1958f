use super::*;
#[cfg(not(target_arch = "wasm32"))]
use proptest::prelude::*;

fn decode(status: u16, body: &str) -> Error {
    decode_error_response(&HttpResponse::new(status, body))
}

fn service(status: u16, body: &str) -> ServiceError {
    match decode(status, body) {
        Error::Service(error) => error,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[test]
fn strips_namespace_prefix_and_url_suffix() {
    for raw in [
        "ConflictException",
        "com.amazonaws.kms#ConflictException",
        "ConflictException:http://internal.amazon.com/coral/com.amazonaws.kms/",
        "aws.protocoltests#ConflictException:http://x/y",
    ] {
        let body = format!(r#"{{"__type":"{raw}","message":"m"}}"#);
        assert_eq!(
            service(400, &body).code,
            ErrorCode::ConflictException,
            "{raw}"
        );
    }
}

#[test]
fn reads_message_in_either_case_and_code_from_code_member() {
    let error = service(
        400,
        r#"{"code":"DisabledException","Message":"key is disabled"}"#,
    );
    assert_eq!(error.code, ErrorCode::DisabledException);
    assert_eq!(error.message, "key is disabled");
}

#[test]
fn falls_back_to_the_errortype_header() {
    let response = HttpResponse::new(400, "{}")
        .with_header(
            "X-Amzn-ErrorType",
            "ThrottlingException:http://internal.amazon.com/",
        )
        .with_header("x-amzn-RequestId", "req-1");
    let Error::Service(error) = decode_error_response(&response) else {
        panic!()
    };
    assert_eq!(error.code, ErrorCode::ThrottlingException);
    assert_eq!(error.request_id.as_deref(), Some("req-1"));
    assert!(error.retryable());
}

#[test]
fn every_declared_code_decodes_to_its_variant() {
    for code in ErrorCode::KNOWN {
        let body = format!(r#"{{"__type":"{}"}}"#, code.as_str());
        assert_eq!(&service(400, &body).code, code);
    }
}

#[test]
fn every_exception_the_model_declares_for_our_operations_is_typed() {
    let model = crate::test_data::kms_model();
    for op in crate::ops::OPERATION_NAMES {
        let errors = model["operations"][op]["errors"].as_array().unwrap();
        for error in errors {
            let name = error["shape"].as_str().unwrap();
            assert!(
                !matches!(ErrorCode::from_wire(name), ErrorCode::Unknown(_)),
                "{op} declares {name}, which ErrorCode does not type"
            );
        }
    }
}

#[test]
fn unknown_codes_are_kept() {
    let error = service(400, r#"{"__type":"BrandNewException","message":"x"}"#);
    assert_eq!(error.code, ErrorCode::Unknown("BrandNewException".into()));
    assert!(!error.retryable());
}

#[test]
fn non_json_bodies_become_response_errors() {
    for (status, body, problem) in [
        (
            500,
            "<html><body>Internal Server Error</body></html>",
            "not JSON",
        ),
        (502, "", "empty"),
        (503, "upstream connect error", "not JSON"),
        (400, r#"{"foo":1}"#, "names no error code"),
    ] {
        let Error::Response(error) = decode(status, body) else {
            panic!("{body}")
        };
        assert!(error.problem.contains(problem), "{}", error.problem);
        assert_eq!(error.http_status, status);
        assert_eq!(error.retryable(), status >= 500);
    }
}

#[test]
fn retryability_follows_the_code_and_status() {
    assert!(service(400, r#"{"__type":"ThrottlingException"}"#).retryable());
    assert!(service(500, r#"{"__type":"KMSInternalException"}"#).retryable());
    assert!(service(500, r#"{"__type":"DependencyTimeoutException"}"#).retryable());
    assert!(service(400, r#"{"__type":"ServiceUnavailableException"}"#).retryable());
    assert!(!service(400, r#"{"__type":"LimitExceededException"}"#).retryable());
    assert!(!service(400, r#"{"__type":"ConflictException"}"#).retryable());
    assert!(!service(400, r#"{"__type":"AccessDeniedException"}"#).retryable());
}

#[test]
fn recognises_clock_skew_and_reads_the_server_time_from_the_message() {
    let error = service(
        400,
        r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)"}"#,
    );
    assert!(error.is_clock_skew());
    assert_eq!(
        server_time_of(&error),
        Timestamp::parse_amz_date("20240101T001000Z")
    );
    let mismatch = service(
        400,
        r#"{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match"}"#,
    );
    assert!(!mismatch.is_clock_skew());
    assert!(service(400, r#"{"__type":"RequestExpired"}"#).is_clock_skew());
}

#[test]
fn prefers_the_date_header_for_the_server_time() {
    let response = HttpResponse::new(400, r#"{"__type":"RequestExpired"}"#)
        .with_header("Date", "Wed, 21 Oct 2015 07:28:00 GMT");
    let Error::Service(error) = decode_error_response(&response) else {
        panic!()
    };
    assert_eq!(
        server_time_of(&error),
        Timestamp::parse_amz_date("20151021T072800Z")
    );
}

#[test]
fn outputs_decode_with_unknown_fields_and_empty_bodies() {
    let output: crate::model::EmptyOutput = decode_output(&HttpResponse::new(200, "")).unwrap();
    assert_eq!(output, crate::model::EmptyOutput::default());
    let Err(Error::Response(error)) = decode_output::<crate::model::ListKeysOutput>(
        &HttpResponse::new(200, r#"{"Keys":[{"KeyId""#),
    ) else {
        panic!()
    };
    assert!(error.problem.contains("cut short"));
}

#[test]
fn outputs_read_by_hand_name_the_member_of_the_wrong_shape() {
    let output: crate::model::ListKeysOutput = read_output(&HttpResponse::new(
        200,
        r#"{"Keys":[{"KeyId":"k"}],"Truncated":false}"#,
    ))
    .unwrap();
    assert_eq!(output.keys[0].key_id, "k");
    let empty: crate::model::EmptyOutput = read_output(&HttpResponse::new(200, " ")).unwrap();
    assert_eq!(empty, crate::model::EmptyOutput::default());
    let Err(Error::Response(error)) = read_output::<crate::model::ListKeysOutput>(
        &HttpResponse::new(200, r#"{"Keys":[{"KeyId":7}]}"#),
    ) else {
        panic!()
    };
    assert_eq!(
        error.problem,
        "the body does not have the expected shape: KeyId is not a string"
    );
    assert!(!error.unreadable);
    let Err(Error::Response(error)) =
        read_output::<crate::model::ListKeysOutput>(&HttpResponse::new(200, r#"{"Keys":["#))
    else {
        panic!()
    };
    assert!(error.problem.contains("cut short"));
}

#[test]
fn display_is_lowercase_friendly_and_carries_the_request_id() {
    let mut error = ServiceError::new(ErrorCode::ConflictException, "busy", 400);
    error.request_id = Some("abc".into());
    assert_eq!(
        error.to_string(),
        "ConflictException: busy (HTTP 400, request id abc)"
    );
}

// Property tests run natively only: proptest needs OS randomness.
#[cfg(not(target_arch = "wasm32"))]
proptest! {
    #[test]
    fn decoder_never_panics(status in 300u16..600, body in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = decode_error_response(&HttpResponse::new(status, body));
    }

    #[test]
    fn decoder_never_panics_on_json_like_text(status in 300u16..600, text in r#"\{("(__type|code|message|Message)":("[^"]*"|[0-9]+|null|\{\}),?){0,4}\}"#) {
        let _ = decode_error_response(&HttpResponse::new(status, text));
    }

    #[test]
    fn sanitize_never_panics(raw in ".*") {
        let _ = sanitize_error_code(&raw);
    }

}
