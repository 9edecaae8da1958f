//! The client against a scripted server: request bytes, decoding, errors, retries,
//! clock skew, pagination, rotation safety and tracking.

use crate::replay::{client, credentials, run, Replay, Reply, VirtualClock, START};
use kms_core::client::{Client, CredentialsProvider};
use kms_core::credentials::Credentials;
use kms_core::error::{Error, ErrorCode};
use kms_core::model::{KeyState, ListKeysInput, RotationType};
use kms_core::rotation::RotationProgress;
use kms_core::time::Timestamp;
use kms_core::transport::{HttpResponse, TransportErrorKind};
use std::cell::RefCell;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const KEY: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn rotation_in_progress() -> &'static str {
    r#"{"KeyRotationEnabled":true,"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","RotationPeriodInDays":365,"NextRotationDate":1735689600,"OnDemandRotationStartDate":1704067200.5}"#
}
const STATUS_IDLE: &str =
    r#"{"KeyRotationEnabled":false,"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}"#;
const HISTORY_ONE: &str = r#"{"Rotations":[{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","RotationDate":1700000000,"RotationType":"ON_DEMAND","KeyMaterialId":"aaaa"}],"Truncated":false}"#;
const HISTORY_TWO: &str = r#"{"Rotations":[{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","RotationDate":1700000000,"RotationType":"ON_DEMAND","KeyMaterialId":"aaaa","KeyMaterialState":"NON_CURRENT"},{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","RotationDate":1704067205,"RotationType":"ON_DEMAND","KeyMaterialId":"bbbb","KeyMaterialState":"CURRENT"}],"Truncated":false}"#;

#[test]
fn requests_carry_exactly_the_protocol_and_signing_headers() {
    let replay = Replay::new(vec![(
        "ListKeys",
        Reply::Json(200, r#"{"Keys":[],"Truncated":false}"#),
    )]);
    let clock = VirtualClock::at(START);
    run(client(&replay, &clock).list_keys(&ListKeysInput::default())).unwrap();
    let sent = replay.sent.borrow();
    let request = &sent[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.url, "http://127.0.0.1:4599/");
    let mut names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "authorization",
            "content-type",
            "x-amz-date",
            "x-amz-security-token",
            "x-amz-target"
        ]
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(request.header("x-amz-date"), Some("20240101T000000Z"));
    let authorization = request.header("authorization").unwrap();
    assert!(authorization.starts_with(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="
    ), "{authorization}");
    assert_eq!(request.body, b"{}");
    assert_eq!(request.timeout_ms, Some(30_000));
}

#[test]
fn debug_output_of_a_request_hides_the_signature_and_token() {
    let replay = Replay::new(vec![("ListKeys", Reply::Json(200, "{}"))]);
    let clock = VirtualClock::at(START);
    run(client(&replay, &clock).list_keys(&ListKeysInput::default())).unwrap();
    let debug = format!("{:?}", replay.sent.borrow()[0]);
    assert!(!debug.contains("Signature="), "{debug}");
    assert!(
        debug.contains(r#""x-amz-security-token": "** redacted **""#),
        "{debug}"
    );
    assert!(
        debug.contains(r#""authorization": "** redacted **""#),
        "{debug}"
    );
}

#[test]
fn each_operation_sends_its_target_and_body_and_decodes_its_output() {
    let replay = Replay::new(vec![
        (
            "RotateKeyOnDemand",
            Reply::Json(200, r#"{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}"#),
        ),
        (
            "GetKeyRotationStatus",
            Reply::Json(200, rotation_in_progress()),
        ),
        ("ListKeyRotations", Reply::Json(200, HISTORY_TWO)),
        (
            "ListKeys",
            Reply::Json(
                200,
                r#"{"Keys":[{"KeyId":"k","KeyArn":"arn"}],"NextMarker":"m1","Truncated":true}"#,
            ),
        ),
        (
            "DescribeKey",
            Reply::Json(
                200,
                r#"{"KeyMetadata":{"KeyId":"k","KeyState":"PendingDeletion","DeletionDate":1.7e9,"NewField":[1]}}"#,
            ),
        ),
        (
            "ListAliases",
            Reply::Json(
                200,
                r#"{"Aliases":[{"AliasName":"alias/a","AliasArn":"arn:aws:kms:us-east-1:111122223333:alias/a","TargetKeyId":"k","CreationDate":1,"LastUpdatedDate":2}],"Truncated":false}"#,
            ),
        ),
        ("EnableKeyRotation", Reply::Json(200, "")),
        ("DisableKeyRotation", Reply::Json(200, "{}")),
    ]);
    let clock = VirtualClock::at(START);
    let kms = client(&replay, &clock);
    let input = kms_core::model::RotateKeyOnDemandInput { key_id: KEY.into() };
    let rotated = run(kms.send::<kms_core::ops::RotateKeyOnDemand>(&input)).unwrap();
    assert_eq!(rotated.key_id.as_deref(), Some(KEY));
    let status = run(kms.get_key_rotation_status(KEY_ARN)).unwrap();
    assert_eq!(
        status.on_demand_rotation_start_date,
        Some(Timestamp::from_epoch_millis(1_704_067_200_500))
    );
    assert_eq!(status.rotation_period_in_days, Some(365));
    let history = run(
        kms.list_key_rotations(&kms_core::model::ListKeyRotationsInput {
            key_id: KEY.into(),
            include_key_material: Some(kms_core::model::IncludeKeyMaterial::AllKeyMaterial),
            limit: Some(10),
            marker: None,
        }),
    )
    .unwrap();
    assert_eq!(
        history.rotations[1].rotation_type,
        Some(RotationType::OnDemand)
    );
    let keys = run(kms.list_keys(&ListKeysInput {
        limit: Some(5),
        marker: Some("m0".into()),
    }))
    .unwrap();
    assert_eq!(
        (keys.keys.len(), keys.next_marker.as_deref(), keys.truncated),
        (1, Some("m1"), true)
    );
    let key = run(kms.describe_key("alias/a")).unwrap();
    assert_eq!(key.key_state, Some(KeyState::PendingDeletion));
    let aliases = run(kms.list_aliases(&Default::default())).unwrap();
    assert_eq!(aliases.aliases[0].target_key_id.as_deref(), Some("k"));
    run(kms.enable_key_rotation(KEY, Some(180))).unwrap();
    run(kms.disable_key_rotation(KEY)).unwrap();

    assert_eq!(
        replay.bodies(),
        [
            serde_json::json!({"KeyId": KEY}),
            serde_json::json!({"KeyId": KEY_ARN}),
            serde_json::json!({"KeyId": KEY, "IncludeKeyMaterial": "ALL_KEY_MATERIAL", "Limit": 10}),
            serde_json::json!({"Limit": 5, "Marker": "m0"}),
            serde_json::json!({"KeyId": "alias/a"}),
            serde_json::json!({}),
            serde_json::json!({"KeyId": KEY, "RotationPeriodInDays": 180}),
            serde_json::json!({"KeyId": KEY}),
        ]
    );
    replay.assert_done();
}

#[test]
fn invalid_input_is_refused_before_anything_is_sent() {
    let replay = Replay::new(vec![]);
    let clock = VirtualClock::at(START);
    let kms = client(&replay, &clock);
    let cases: Vec<(Result<(), Error>, &str)> = vec![
        (
            run(kms.rotate_key_on_demand("alias/payments")).map(drop),
            "resolve alias/payments with DescribeKey first",
        ),
        (
            run(kms.enable_key_rotation(KEY, Some(30))).map(drop),
            "between 90 and 2560",
        ),
        (
            run(kms.enable_key_rotation(KEY, Some(2561))).map(drop),
            "between 90 and 2560",
        ),
        (
            run(kms.list_keys(&ListKeysInput {
                limit: Some(0),
                marker: None,
            }))
            .map(drop),
            "between 1 and 1000",
        ),
        (
            run(kms.rotate_key_on_demand(
                "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            ))
            .map(drop),
            "switch region to eu-west-1",
        ),
        (run(kms.describe_key("")).map(drop), ""),
    ];
    for (result, words) in cases {
        let Err(Error::Input(error)) = result else {
            panic!("expected an input error, got {result:?}")
        };
        assert!(error.to_string().contains(words), "{error}");
    }
    assert!(replay.sent.borrow().is_empty());
}

#[test]
fn every_error_code_reaches_the_caller_typed_with_status_and_request_id() {
    let codes = [
        "NotFoundException",
        "DisabledException",
        "InvalidArnException",
        "KMSInvalidStateException",
        "UnsupportedOperationException",
        "LimitExceededException",
        "ConflictException",
        "AccessDeniedException",
        "UnrecognizedClientException",
        "ValidationException",
        "IncompleteSignature",
        "InvalidMarkerException",
    ];
    for code in codes {
        let body: &'static str =
            Box::leak(format!(r#"{{"__type":"{code}","message":"no"}}"#).into_boxed_str());
        let replay = Replay::new(vec![("DescribeKey", Reply::Json(400, body))]);
        let clock = VirtualClock::at(START);
        let error = run(client(&replay, &clock).describe_key(KEY)).unwrap_err();
        assert_eq!(error.code().map(|c| c.as_str()), Some(code));
        assert_eq!(error.http_status(), Some(400));
        assert_eq!(error.request_id(), Some("req-1"));
        assert!(!error.retryable(), "{code}");
        assert_eq!(replay.sent.borrow().len(), 1, "{code} is not retried");
    }
}

#[test]
fn transient_failures_are_retried_with_backoff_then_given_up() {
    let replay = Replay::new(vec![
        (
            "DescribeKey",
            Reply::Json(
                400,
                r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
            ),
        ),
        (
            "DescribeKey",
            Reply::Json(503, "<html>Service Unavailable</html>"),
        ),
        (
            "DescribeKey",
            Reply::Json(200, r#"{"KeyMetadata":{"KeyId":"k"}}"#),
        ),
    ]);
    let clock = VirtualClock::at(START);
    assert_eq!(
        run(client(&replay, &clock).describe_key(KEY))
            .unwrap()
            .key_id,
        "k"
    );
    let sleeps = clock.sleeps.borrow();
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps[0] <= 500 && sleeps[1] <= 200, "{sleeps:?}");

    let replay = Replay::new(vec![
        (
            "ListKeys",
            Reply::Json(500, r#"{"__type":"KMSInternalException"}"#),
        ),
        ("ListKeys", Reply::Fail(TransportErrorKind::ConnectionLost)),
        (
            "ListKeys",
            Reply::Json(500, r#"{"__type":"KMSInternalException"}"#),
        ),
    ]);
    let clock = VirtualClock::at(START);
    let error = run(client(&replay, &clock).list_keys(&ListKeysInput::default())).unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::KmsInternalException));
    assert!(error.retryable());
    replay.assert_done();
}

#[test]
fn a_wrong_clock_is_corrected_from_the_server_time_and_retried_once() {
    let replay = Replay::new(vec![
        (
            "ListKeys",
            Reply::Json(
                400,
                r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20240101T000000Z is now earlier than 20240101T010500Z (20240101T011000Z - 5 min.)"}"#,
            ),
        ),
        ("ListKeys", Reply::Json(200, "{}")),
    ]);
    let clock = VirtualClock::at(START);
    let kms = client(&replay, &clock);
    run(kms.list_keys(&ListKeysInput::default())).unwrap();
    assert_eq!(kms.clock_offset_ms(), 70 * 60 * 1000);
    let sent = replay.sent.borrow();
    assert_eq!(sent[1].header("x-amz-date"), Some("20240101T011000Z"));
    assert!(clock.sleeps.borrow().is_empty());
}

#[test]
fn the_date_header_sets_the_clock_when_the_message_does_not() {
    let response = kms_core::transport::HttpResponse::new(
        400,
        r#"{"__type":"RequestExpired","message":"Request has expired."}"#,
    )
    .with_header("date", "Mon, 01 Jan 2024 00:30:00 GMT");
    let replay = Replay::new(vec![
        ("ListKeys", Reply::Full(response)),
        ("ListKeys", Reply::Json(200, "{}")),
    ]);
    let clock = VirtualClock::at(START);
    let kms = client(&replay, &clock);
    run(kms.list_keys(&ListKeysInput::default())).unwrap();
    assert_eq!(kms.clock_offset_ms(), 30 * 60 * 1000);
    assert_eq!(
        replay.sent.borrow()[1].header("x-amz-date"),
        Some("20240101T003000Z")
    );
}

#[test]
fn a_skew_error_that_persists_is_not_retried_forever() {
    let skewed = r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20240101T000000Z is now earlier than 20240101T010500Z (20240101T011000Z - 5 min.)"}"#;
    let replay = Replay::new(vec![
        ("ListKeys", Reply::Json(400, skewed)),
        ("ListKeys", Reply::Json(400, skewed)),
        ("ListKeys", Reply::Json(400, skewed)),
        ("ListKeys", Reply::Json(400, skewed)),
    ]);
    let clock = VirtualClock::at(START);
    let error = run(client(&replay, &clock).list_keys(&ListKeysInput::default())).unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::InvalidSignatureException));
    assert!(replay.sent.borrow().len() <= 4);
}

#[test]
fn a_throttled_rotation_is_resent_because_kms_refused_it_whole() {
    let replay = Replay::new(vec![
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        (
            "RotateKeyOnDemand",
            Reply::Json(400, r#"{"__type":"ThrottlingException"}"#),
        ),
        ("RotateKeyOnDemand", Reply::Json(200, r#"{"KeyId":"k"}"#)),
    ]);
    let clock = VirtualClock::at(START);
    run(client(&replay, &clock).rotate_key_on_demand(KEY)).unwrap();
    replay.assert_done();
}

#[test]
fn a_rotation_limit_is_final() {
    let replay = Replay::new(vec![
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        (
            "RotateKeyOnDemand",
            Reply::Json(
                400,
                r#"{"__type":"LimitExceededException","message":"used 25"}"#,
            ),
        ),
    ]);
    let clock = VirtualClock::at(START);
    let error = run(client(&replay, &clock).rotate_key_on_demand(KEY)).unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::LimitExceededException));
    assert!(!error.retryable());
    replay.assert_done();
}

#[test]
fn a_lost_connection_during_rotation_is_checked_not_resent() {
    let replay = Replay::new(vec![
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        (
            "RotateKeyOnDemand",
            Reply::Fail(TransportErrorKind::ConnectionLost),
        ),
        (
            "GetKeyRotationStatus",
            Reply::Json(200, rotation_in_progress()),
        ),
    ]);
    let clock = VirtualClock::at(START);
    let output = run(client(&replay, &clock).rotate_key_on_demand(KEY)).unwrap();
    assert_eq!(output.key_id.as_deref(), Some(KEY));
    assert_eq!(
        replay
            .operations()
            .iter()
            .filter(|op| *op == "RotateKeyOnDemand")
            .count(),
        1
    );
    replay.assert_done();
}

#[test]
fn a_completed_rotation_is_found_in_the_history_after_a_timeout() {
    let recent = r#"{"Rotations":[{"RotationDate":1704067201,"RotationType":"ON_DEMAND","KeyMaterialId":"cccc"}],"Truncated":false}"#;
    let replay = Replay::new(vec![
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        (
            "RotateKeyOnDemand",
            Reply::Fail(TransportErrorKind::TimedOut),
        ),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, recent)),
    ]);
    let clock = VirtualClock::at(START);
    run(client(&replay, &clock).rotate_key_on_demand(KEY)).unwrap();
    replay.assert_done();
}

#[test]
fn an_unconfirmable_rotation_is_reported_and_never_resent() {
    let replay = Replay::new(vec![
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        (
            "RotateKeyOnDemand",
            Reply::Json(500, r#"{"__type":"KMSInternalException"}"#),
        ),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
    ]);
    let clock = VirtualClock::at(START);
    let error = run(client(&replay, &clock).rotate_key_on_demand(KEY)).unwrap_err();
    let Error::RotationUnconfirmed(unconfirmed) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(unconfirmed.key_id, KEY);
    assert!(error.to_string().contains("was not sent again"), "{error}");
    assert_eq!(
        replay
            .operations()
            .iter()
            .filter(|op| *op == "RotateKeyOnDemand")
            .count(),
        1
    );
    replay.assert_done();
}

#[test]
fn pagination_follows_markers_to_the_end() {
    let replay = Replay::new(vec![
        (
            "ListKeys",
            Reply::Json(
                200,
                r#"{"Keys":[{"KeyId":"a"},{"KeyId":"b"}],"NextMarker":"m1","Truncated":true}"#,
            ),
        ),
        (
            "ListKeys",
            Reply::Json(
                200,
                r#"{"Keys":[{"KeyId":"c"}],"NextMarker":"m2","Truncated":true}"#,
            ),
        ),
        (
            "ListKeys",
            Reply::Json(200, r#"{"Keys":[{"KeyId":"d"}],"Truncated":false}"#),
        ),
    ]);
    let clock = VirtualClock::at(START);
    let keys = run(client(&replay, &clock).all_keys()).unwrap();
    let ids: Vec<&str> = keys.iter().map(|k| k.key_id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let markers: Vec<serde_json::Value> = replay
        .bodies()
        .iter()
        .map(|b| b["Marker"].clone())
        .collect();
    assert_eq!(markers, [serde_json::Value::Null, "m1".into(), "m2".into()]);
}

#[test]
fn a_repeated_marker_is_an_error_not_an_endless_loop() {
    let replay = Replay::new(vec![
        (
            "ListAliases",
            Reply::Json(
                200,
                r#"{"Aliases":[],"NextMarker":"same","Truncated":true}"#,
            ),
        ),
        (
            "ListAliases",
            Reply::Json(
                200,
                r#"{"Aliases":[],"NextMarker":"same","Truncated":true}"#,
            ),
        ),
    ]);
    let clock = VirtualClock::at(START);
    let error = run(client(&replay, &clock).all_aliases(None)).unwrap_err();
    assert!(
        error.to_string().contains("same NextMarker twice"),
        "{error}"
    );
}

#[test]
fn a_truncated_page_without_a_marker_is_an_error_not_a_short_list() {
    for page in [
        r#"{"Keys":[{"KeyId":"a"}],"Truncated":true}"#,
        r#"{"Keys":[{"KeyId":"a"}],"NextMarker":null,"Truncated":true}"#,
        r#"{"Keys":[{"KeyId":"a"}],"NextMarker":"","Truncated":true}"#,
    ] {
        let replay = Replay::new(vec![("ListKeys", Reply::Json(200, page))]);
        let clock = VirtualClock::at(START);
        let error = run(client(&replay, &clock).all_keys()).unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("ListKeys said Truncated=true without a NextMarker"),
            "{page}: {text}"
        );
        assert!(text.contains("check the endpoint URL"), "{page}: {text}");
        assert!(!error.retryable(), "{page}: {text}");
        replay.assert_done();
    }
}

#[test]
fn a_listing_that_never_ends_stops_at_the_page_cap_with_an_error() {
    let pages = kms_core::client::MAX_PAGES;
    let script = (0..pages)
        .map(|n| {
            let body = format!(r#"{{"Rotations":[],"NextMarker":"m{n}","Truncated":true}}"#);
            (
                "ListKeyRotations",
                Reply::Full(HttpResponse::new(200, body)),
            )
        })
        .collect();
    let replay = Replay::new(script);
    let clock = VirtualClock::at(START);
    let error = run(client(&replay, &clock).all_key_rotations(KEY, None)).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains(&format!(
            "ListKeyRotations was still truncated after {pages} pages"
        )),
        "{text}"
    );
    assert!(!error.retryable(), "{text}");
    assert_eq!(replay.sent.borrow().len(), pages);
    replay.assert_done();
}

#[test]
fn rotate_and_wait_tracks_the_rotation_to_its_history_entry() {
    let replay = Replay::new(vec![
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        (
            "RotateKeyOnDemand",
            Reply::Json(200, r#"{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}"#),
        ),
        (
            "GetKeyRotationStatus",
            Reply::Json(200, rotation_in_progress()),
        ),
        (
            "GetKeyRotationStatus",
            Reply::Json(200, rotation_in_progress()),
        ),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_TWO)),
    ]);
    let clock = VirtualClock::at(START);
    let progress = RefCell::new(Vec::new());
    let done = run(client(&replay, &clock).rotate_and_wait(
        KEY,
        |step| progress.borrow_mut().push(step.clone()),
        std::future::pending(),
    ))
    .unwrap();
    assert_eq!(done.entry.key_material_id.as_deref(), Some("bbbb"));
    assert_eq!(done.on_demand_used, 2);
    let steps = progress.borrow();
    assert!(matches!(steps[0], RotationProgress::Started { .. }));
    assert!(matches!(steps[1], RotationProgress::InProgress { .. }));
    assert!(matches!(steps[3], RotationProgress::Settling));
    assert!(matches!(
        steps.last(),
        Some(RotationProgress::Completed { .. })
    ));
    // Waits grow: 1000, 1500, 2250, 3375.
    assert_eq!(*clock.sleeps.borrow(), [1000, 1500, 2250, 3375]);
    replay.assert_done();
}

#[test]
fn waiting_can_be_cancelled_without_touching_the_rotation() {
    use kms_core::client::cancelled_error;
    let replay = Replay::new(vec![
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_ONE)),
        ("RotateKeyOnDemand", Reply::Json(200, r#"{"KeyId":"k"}"#)),
    ]);
    let clock = VirtualClock::at(START);
    let kms = client(&replay, &clock);
    // Stopped before anything was sent: nothing is sent.
    let error = run(kms.rotate_and_wait(KEY, |_| {}, ReadyOnPoll(1))).unwrap_err();
    assert_eq!(error, cancelled_error());
    assert!(replay.sent.borrow().is_empty());
    // Stopped while the key's baseline was read: the rotation is not sent.
    let error = run(kms.rotate_and_wait(KEY, |_| {}, ReadyOnPoll(2))).unwrap_err();
    assert_eq!(error, cancelled_error());
    assert!(!replay
        .operations()
        .iter()
        .any(|op| op == "RotateKeyOnDemand"));
    // Stopped during the first wait: the rotation was sent once, the wait ends, and
    // the error says the rotation started.
    let error = run(kms.rotate_and_wait(KEY, |_| {}, ReadyOnPoll(3))).unwrap_err();
    assert!(
        error.to_string().contains("the rotation goes on in KMS"),
        "{error}"
    );
    assert!(error.rotation_started() && !error.retryable(), "{error:?}");
    replay.assert_done();
}

/// A stop signal that fires on its n-th poll.
struct ReadyOnPoll(u32);

impl std::future::Future for ReadyOnPoll {
    type Output = Error;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Error> {
        self.0 -= 1;
        if self.0 == 0 {
            return std::task::Poll::Ready(kms_core::client::cancelled_error());
        }
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

#[test]
fn expired_credentials_are_refused_before_sending() {
    let replay = Replay::new(vec![]);
    let clock = VirtualClock::at(START);
    let expired = Credentials::new(
        "ASIAEXAMPLE",
        "s",
        Some("t".into()),
        Some(Timestamp::from_epoch_millis(START - 60_000)),
    );
    let kms = Client::new(crate::replay::config(), expired, &replay, &clock).unwrap();
    let error = run(kms.all_keys()).unwrap_err();
    assert!(matches!(error, Error::Credentials(_)), "{error:?}");
    assert!(error.to_string().contains("sign in again"));
    assert!(replay.sent.borrow().is_empty());
}

/// A provider that hands out a new session each time it is asked.
struct Rotating {
    calls: RefCell<u32>,
}

impl CredentialsProvider for Rotating {
    async fn provide(&self) -> Result<Credentials, Error> {
        *self.calls.borrow_mut() += 1;
        let n = *self.calls.borrow();
        Ok(Credentials::new(
            format!("ASIA{n}EXAMPLE"),
            "secret",
            Some(format!("token{n}")),
            Some(Timestamp::from_epoch_millis(START + 3_600_000)),
        ))
    }
}

#[test]
fn an_expired_token_makes_the_provider_hand_out_fresh_credentials() {
    let replay = Replay::new(vec![
        (
            "ListKeys",
            Reply::Json(
                400,
                r#"{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}"#,
            ),
        ),
        ("ListKeys", Reply::Json(200, "{}")),
    ]);
    let clock = VirtualClock::at(START);
    let provider = Rotating {
        calls: RefCell::new(0),
    };
    let kms = Client::new(crate::replay::config(), provider, &replay, &clock).unwrap();
    run(kms.list_keys(&ListKeysInput::default())).unwrap();
    let sent = replay.sent.borrow();
    assert_eq!(sent[0].header("x-amz-security-token"), Some("token1"));
    assert_eq!(sent[1].header("x-amz-security-token"), Some("token2"));
}

#[test]
fn credentials_near_expiry_are_refreshed_before_use() {
    struct ShortLived;
    impl CredentialsProvider for ShortLived {
        async fn provide(&self) -> Result<Credentials, Error> {
            Ok(Credentials::new(
                "ASIAX",
                "s",
                Some("t".into()),
                Some(Timestamp::from_epoch_millis(START + 6 * 60_000)),
            ))
        }
    }
    let replay = Replay::new(vec![
        ("ListKeys", Reply::Json(200, "{}")),
        ("ListKeys", Reply::Json(200, "{}")),
    ]);
    let clock = VirtualClock::at(START);
    let kms = Client::new(crate::replay::config(), ShortLived, &replay, &clock).unwrap();
    run(kms.list_keys(&ListKeysInput::default())).unwrap();
    run(async {
        use kms_core::transport::Clock;
        clock.sleep(2 * 60_000).await;
    });
    // Within five minutes of expiry: asked again (and it answers the same; still valid).
    run(kms.list_keys(&ListKeysInput::default())).unwrap();
    let _ = credentials();
}

#[test]
fn eligibility_reads_status_and_full_history_for_rotatable_keys() {
    let replay = Replay::new(vec![
        (
            "DescribeKey",
            Reply::Json(
                200,
                r#"{"KeyMetadata":{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab","KeyManager":"CUSTOMER","KeySpec":"SYMMETRIC_DEFAULT","KeyUsage":"ENCRYPT_DECRYPT","KeyState":"Enabled","Enabled":true,"Origin":"AWS_KMS"}}"#,
            ),
        ),
        ("GetKeyRotationStatus", Reply::Json(200, STATUS_IDLE)),
        ("ListKeyRotations", Reply::Json(200, HISTORY_TWO)),
    ]);
    let clock = VirtualClock::at(START);
    let report = run(client(&replay, &clock).check_rotation_eligibility("alias/app")).unwrap();
    assert!(report.eligibility.is_eligible(), "{}", report.eligibility);
    assert_eq!(report.eligibility.on_demand_remaining, Some(23));
    assert_eq!(replay.bodies()[2]["IncludeKeyMaterial"], "ALL_KEY_MATERIAL");
    replay.assert_done();
}

#[test]
fn eligibility_of_an_asymmetric_key_needs_only_its_metadata() {
    let replay = Replay::new(vec![(
        "DescribeKey",
        Reply::Json(
            200,
            r#"{"KeyMetadata":{"KeyId":"k","KeyManager":"CUSTOMER","KeySpec":"RSA_2048","KeyUsage":"SIGN_VERIFY","KeyState":"Enabled"}}"#,
        ),
    )]);
    let clock = VirtualClock::at(START);
    let report = run(client(&replay, &clock).check_rotation_eligibility(KEY)).unwrap();
    assert!(!report.eligibility.is_eligible());
    assert!(
        report.eligibility.to_string().contains("RSA_2048"),
        "{}",
        report.eligibility
    );
    assert_eq!(report.status, None);
    replay.assert_done();
}
