//! kms-local's rules, driven through kms-core's client over an in-process transport (the
//! axum router called with tower's `oneshot`), with one manual clock shared by client and
//! server so that time-based rules run instantly. Requests that kms-core would refuse to
//! send (bad identifiers, bad limits) are signed by hand with kms-core's signer.
#![expect(
    clippy::field_reassign_with_default,
    reason = "kms-core's input shapes are #[non_exhaustive]: built from Default, then assigned"
)]

use axum::body::Body;
use kms_core::client::{Client, ClientConfig};
use kms_core::credentials::Credentials;
use kms_core::error::{Error, ErrorCode};
use kms_core::model::{
    IncludeKeyMaterial, KeyMaterialState, ListKeyRotationsInput, ListKeysInput, RotationType,
};
use kms_core::partition::EndpointConfig;
use kms_core::rotation::CompletedRotation;
use kms_core::signing::{sign, SigningRequest};
use kms_core::time::Timestamp;
use kms_core::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use kms_local::clock::{ManualClock, WallClock};
use kms_local::{demo, App, Config};
use serde_json::{json, Value};
use std::sync::Arc;
use tower::ServiceExt;

mod import;
mod sts;
mod tags;

const START: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const KEY_URL: &str = "http://127.0.0.1:4599/";

fn id(n: u32) -> String {
    format!("dec0de00-0000-4000-8000-{n:012}")
}
const MRK: &str = "mrk-dec0de00000040008000000000000013";

/// The router, called in-process.
#[derive(Clone)]
struct InProcess {
    app: App,
}

impl Transport for InProcess {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = axum::http::Request::builder()
            .method(request.method)
            .uri("/");
        // As an HTTP client would: a Host header from the URL, unless one is set.
        if request.header("host").is_none() {
            let authority = request
                .url
                .split_once("://")
                .map_or("", |(_, rest)| rest.split('/').next().unwrap_or_default());
            builder = builder.header("host", authority);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let req = builder
            .body(Body::from(request.body))
            .map_err(|e| TransportError::new(TransportErrorKind::Unreachable, e.to_string()))?;
        let response = self
            .app
            .router()
            .oneshot(req)
            .await
            .map_err(|e| TransportError::new(TransportErrorKind::Unreachable, e.to_string()))?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map_err(|e| TransportError::new(TransportErrorKind::ConnectionLost, e.to_string()))?;
        let mut out = HttpResponse::new(status, body.to_vec());
        for (n, v) in headers {
            out = out.with_header(&n, &v);
        }
        Ok(out)
    }
}

struct Fixture {
    app: App,
    clock: ManualClock,
}

fn fixture() -> Fixture {
    let clock = ManualClock::new(Timestamp::from_epoch_millis(START));
    let mut config = Config::new(Arc::new(clock.clone()));
    config.log_requests = false;
    let app = App::new(config).expect("the demo seed loads");
    Fixture { app, clock }
}

fn demo_credentials() -> Credentials {
    Credentials::new(
        demo::DEMO_ACCESS_KEY_ID,
        demo::DEMO_SECRET_ACCESS_KEY,
        Some(demo::DEMO_SESSION_TOKEN.to_owned()),
        None,
    )
}

impl Fixture {
    fn client_with(
        &self,
        region: &str,
        credentials: Credentials,
        clock: ManualClock,
        attempts: u32,
    ) -> TestClient {
        let mut config = ClientConfig::new(EndpointConfig {
            region: region.to_owned(),
            custom_url: Some(KEY_URL.to_owned()),
            ..Default::default()
        });
        config.retry.max_attempts = attempts;
        Client::new(
            config,
            credentials,
            InProcess {
                app: self.app.clone(),
            },
            clock,
        )
        .expect("client")
    }

    /// A demo client that does not retry, for a custom endpoint `url`.
    fn client_with_url(&self, url: &str) -> TestClient {
        let config = ClientConfig::new(EndpointConfig {
            region: "us-east-1".to_owned(),
            custom_url: Some(url.to_owned()),
            ..Default::default()
        });
        Client::new(
            config,
            demo_credentials(),
            InProcess {
                app: self.app.clone(),
            },
            self.clock.clone(),
        )
        .expect("client")
    }

    /// A demo client in `region` that does not retry.
    fn client_in(&self, region: &str) -> TestClient {
        self.client_with(region, demo_credentials(), self.clock.clone(), 1)
    }

    fn client(&self) -> TestClient {
        self.client_in("us-east-1")
    }

    /// A demo client that makes up to three attempts.
    fn retrying_client(&self) -> TestClient {
        self.client_with("us-east-1", demo_credentials(), self.clock.clone(), 3)
    }

    /// A client with other credentials.
    fn client_as(&self, credentials: Credentials) -> TestClient {
        self.client_with("us-east-1", credentials, self.clock.clone(), 1)
    }

    /// A hand-signed request, for inputs kms-core refuses to send.
    async fn raw(&self, op: &str, body: Value) -> (u16, Value) {
        self.raw_as(
            op,
            body.to_string().into_bytes(),
            &demo_credentials(),
            "us-east-1",
            self.clock.now(),
        )
        .await
    }

    async fn raw_as(
        &self,
        op: &str,
        body: Vec<u8>,
        credentials: &Credentials,
        region: &str,
        time: Timestamp,
    ) -> (u16, Value) {
        let headers = vec![
            (
                "content-type".to_owned(),
                "application/x-amz-json-1.1".to_owned(),
            ),
            ("x-amz-target".to_owned(), format!("TrentService.{op}")),
            ("host".to_owned(), "127.0.0.1:4599".to_owned()),
        ];
        let signed = sign(&SigningRequest {
            method: "POST",
            url: KEY_URL,
            headers: &headers,
            body: &body,
            region,
            service: "kms",
            credentials,
            time,
            options: Default::default(),
        })
        .expect("signs");
        let mut all = headers;
        all.extend(signed.headers);
        let response = InProcess {
            app: self.app.clone(),
        }
        .send(HttpRequest::new("POST", KEY_URL, all, body))
        .await
        .expect("response");
        let json = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        (response.status, json)
    }

    /// Moves past the current quota second (RotateKeyOnDemand allows 5 per second).
    fn tick(&self) {
        self.clock.advance_millis(1000);
    }

    /// The request log of operation `op`, oldest first.
    async fn log(&self, op: &str) -> Vec<Value> {
        let log = self
            .admin("GET", &format!("log?op={op}"), Value::Null)
            .await;
        log["entries"].as_array().cloned().unwrap_or_default()
    }

    /// Makes the next `RotateKeyOnDemand` fail with an injected fault of `kind`.
    async fn inject_rotation_fault(&self, kind: &str) {
        self.admin(
            "POST",
            "faults",
            json!({"kind": kind, "op": "RotateKeyOnDemand"}),
        )
        .await;
    }

    /// An admin API call (`Value::Null`: no body) as the project's tools make it; fails
    /// the test unless it answers 200.
    async fn admin(&self, method: &str, route: &str, body: Value) -> Value {
        let headers = [
            ("host", "127.0.0.1:4599"),
            ("x-kms-local-admin", "1"),
            ("content-type", "application/json"),
        ];
        let (status, answer) = self.admin_with(method, route, &headers, body).await;
        assert_eq!(status, 200, "admin {route}: {answer}");
        answer
    }

    /// An admin API call with exactly `headers`: the status and the JSON answer.
    async fn admin_with(
        &self,
        method: &str,
        route: &str,
        headers: &[(&str, &str)],
        body: Value,
    ) -> (u16, Value) {
        let body = match body {
            Value::Null => Body::empty(),
            body => Body::from(body.to_string()),
        };
        let mut request = axum::http::Request::builder()
            .method(method)
            .uri(format!("/_kms_local/{route}"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self
            .app
            .router()
            .oneshot(request.body(body).expect("request"))
            .await
            .expect("response");
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }
}

type TestClient = Client<InProcess, ManualClock>;

/// Starts an on-demand rotation of `key` and waits until it completes, for as long as the
/// client's polling settings allow.
async fn rotate_and_wait(client: &TestClient, key: &str) -> Result<CompletedRotation, Error> {
    client
        .rotate_and_wait(key, |_| {}, std::future::pending())
        .await
}

/// The code `RotateKeyOnDemand` of `key` fails with.
async fn rotation_refusal(client: &TestClient, key: &str) -> ErrorCode {
    code(client.rotate_key_on_demand(key).await)
}

fn code(result: Result<impl std::fmt::Debug, Error>) -> ErrorCode {
    match result {
        Err(e) => e
            .code()
            .cloned()
            .unwrap_or_else(|| panic!("no service code in {e:?}")),
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

fn rotations_input(key: &str, all: bool) -> ListKeyRotationsInput {
    let mut input = ListKeyRotationsInput::default();
    input.key_id = key.to_owned();
    if all {
        input.include_key_material = Some(IncludeKeyMaterial::AllKeyMaterial);
    }
    input
}

// ---- rotation -----------------------------------------------------------------------------

#[tokio::test]
async fn rotate_and_wait_sees_the_rotation_complete_with_new_material() {
    let f = fixture();
    let client = f.client();
    let done = rotate_and_wait(&client, &id(1)).await.expect("rotates");
    assert_eq!(done.on_demand_used, 6);
    assert_eq!(done.entry.rotation_type, Some(RotationType::OnDemand));
    assert_eq!(
        done.entry.key_material_state,
        Some(KeyMaterialState::Current)
    );
    assert_eq!(
        done.entry.key_material_id.as_deref().map(str::len),
        Some(64)
    );
    let history = client
        .all_key_rotations(&id(1), Some(IncludeKeyMaterial::AllKeyMaterial))
        .await
        .expect("history");
    let current: Vec<_> = history
        .iter()
        .filter(|e| e.key_material_state == Some(KeyMaterialState::Current))
        .collect();
    assert_eq!(current.len(), 1);
    assert_eq!(f.log("RotateKeyOnDemand").await.len(), 1);
}

#[tokio::test]
async fn status_shows_the_start_date_only_while_rotating() {
    let f = fixture();
    let client = f.client();
    client.rotate_key_on_demand(&id(3)).await.expect("starts");
    let during = client
        .get_key_rotation_status(&id(3))
        .await
        .expect("status");
    assert_eq!(
        during.on_demand_rotation_start_date,
        Some(Timestamp::from_epoch_millis(START))
    );
    f.clock.advance_millis(2999);
    assert!(client
        .get_key_rotation_status(&id(3))
        .await
        .expect("status")
        .on_demand_rotation_start_date
        .is_some());
    f.clock.advance_millis(1);
    let after = client
        .get_key_rotation_status(&id(3))
        .await
        .expect("status");
    assert_eq!(after.on_demand_rotation_start_date, None);
    let out = client
        .list_key_rotations(&rotations_input(&id(3), false))
        .await
        .expect("list");
    assert_eq!(out.rotations.len(), 1);
    assert_eq!(
        out.rotations[0].rotation_date,
        Some(Timestamp::from_epoch_millis(START + 3000))
    );
}

#[tokio::test]
async fn the_26th_rotation_is_refused_and_not_retried() {
    let f = fixture();
    let client = f.retrying_client();
    let done = rotate_and_wait(&client, &id(5)).await.expect("the 25th");
    assert_eq!(done.on_demand_used, 25);
    let before = f.log("RotateKeyOnDemand").await.len();
    assert_eq!(
        rotation_refusal(&client, &id(5)).await,
        ErrorCode::LimitExceededException
    );
    assert_eq!(
        f.log("RotateKeyOnDemand").await.len(),
        before + 1,
        "never retried"
    );
    assert_eq!(
        rotation_refusal(&client, &id(6)).await,
        ErrorCode::LimitExceededException
    );
}

#[tokio::test]
async fn conflicts_with_rotations_in_progress_or_due_within_20_minutes() {
    let f = fixture();
    let client = f.client();
    // Signed by hand: kms-core itself no longer sends a rotation of a key it sees rotating.
    for key in [id(4), id(7)] {
        let (status, body) = f.raw("RotateKeyOnDemand", json!({ "KeyId": key })).await;
        assert_eq!(status, 400, "{key}");
        assert_eq!(body["__type"], "ConflictException", "{key}");
    }
    // The automatic rotation of key 7 starts in 10 minutes and runs one minute.
    f.clock.advance_millis(11 * 60 * 1000);
    let history = client
        .all_key_rotations(&id(7), None)
        .await
        .expect("history");
    assert_eq!(
        history.last().and_then(|e| e.rotation_type.clone()),
        Some(RotationType::Automatic)
    );
    client
        .rotate_key_on_demand(&id(7))
        .await
        .expect("window closed");
}

#[tokio::test]
async fn the_conflict_window_opens_exactly_20_minutes_before() {
    let f = fixture();
    let client = f.client();
    client
        .enable_key_rotation(&id(3), Some(90))
        .await
        .expect("enable");
    let status = client
        .get_key_rotation_status(&id(3))
        .await
        .expect("status");
    let next = status.next_rotation_date.expect("next");
    assert_eq!(next, Timestamp::from_epoch_millis(START + 90 * 86_400_000));
    f.clock.set(next.plus_millis(-20 * 60 * 1000 - 1));
    client
        .rotate_key_on_demand(&id(3))
        .await
        .expect("just outside the window");
    f.clock.advance_millis(3000);
    client
        .get_key_rotation_status(&id(3))
        .await
        .expect("completes");
    f.clock.set(next.plus_millis(-20 * 60 * 1000));
    assert_eq!(
        rotation_refusal(&client, &id(3)).await,
        ErrorCode::ConflictException
    );
}

#[tokio::test]
async fn automatic_rotations_happen_when_due() {
    let f = fixture();
    let client = f.client();
    let before = client
        .all_key_rotations(&id(1), None)
        .await
        .expect("history")
        .len();
    let next = client
        .get_key_rotation_status(&id(1))
        .await
        .expect("status")
        .next_rotation_date
        .expect("next");
    f.clock.set(next.plus_millis(2 * 60 * 1000));
    let after = client
        .all_key_rotations(&id(1), None)
        .await
        .expect("history");
    assert_eq!(after.len(), before + 1);
    assert_eq!(
        after.last().and_then(|e| e.rotation_type.clone()),
        Some(RotationType::Automatic)
    );
    let status = client
        .get_key_rotation_status(&id(1))
        .await
        .expect("status");
    assert_eq!(
        status.next_rotation_date,
        Some(next.plus_millis(365 * 86_400_000))
    );
}

#[tokio::test]
async fn unsupported_keys_and_states() {
    let f = fixture();
    let client = f.client();
    for key in [id(8), id(9), id(10), id(11), id(12)] {
        f.tick();
        assert_eq!(
            rotation_refusal(&client, &key).await,
            ErrorCode::UnsupportedOperationException,
            "{key}"
        );
    }
    assert_eq!(
        rotation_refusal(&f.client_in("eu-west-1"), MRK).await,
        ErrorCode::UnsupportedOperationException
    );
    f.tick();
    for (key, refusal) in [
        (id(23), ErrorCode::DisabledException),
        (id(24), ErrorCode::KmsInvalidStateException),
        (id(22), ErrorCode::KmsInvalidStateException),
        (id(21), ErrorCode::KmsInvalidStateException),
    ] {
        assert_eq!(rotation_refusal(&client, &key).await, refusal, "{key}");
    }
    client
        .rotate_key_on_demand(&id(20))
        .await
        .expect("EXTERNAL with material pending rotation");
}

#[tokio::test]
async fn a_multi_region_rotation_reaches_the_replica() {
    let f = fixture();
    let client = f.client();
    rotate_and_wait(&client, MRK).await.expect("rotates");
    let eu = f.client_in("eu-west-1");
    let replica = eu
        .all_key_rotations(MRK, None)
        .await
        .expect("replica history");
    let primary = client
        .all_key_rotations(MRK, None)
        .await
        .expect("primary history");
    assert_eq!(replica, primary);
}

// ---- faults and quotas --------------------------------------------------------------------

#[tokio::test]
async fn an_ambiguous_failure_is_confirmed_not_resent() {
    let f = fixture();
    let client = f.retrying_client();
    f.inject_rotation_fault("drop").await;
    let out = client
        .rotate_key_on_demand(&id(3))
        .await
        .expect("confirmed from the status");
    assert_eq!(out.key_id.as_deref(), Some(id(3).as_str()));
    assert_eq!(f.log("RotateKeyOnDemand").await.len(), 1, "not resent");
}

#[tokio::test]
async fn throttling_is_retried_and_quotas_apply_per_second() {
    let f = fixture();
    let client = f.retrying_client();
    f.inject_rotation_fault("throttle").await;
    client
        .rotate_key_on_demand(&id(3))
        .await
        .expect("retried after throttling");
    let log = f.log("RotateKeyOnDemand").await;
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["errorCode"], "ThrottlingException");

    // Quotas: the manual clock stands still, so six requests fall in one second.
    let f = fixture();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let (status, body) = f.raw("RotateKeyOnDemand", json!({"KeyId": id(3)})).await;
        statuses.push((
            status,
            body["__type"].as_str().unwrap_or_default().to_owned(),
        ));
    }
    assert_eq!(statuses[5], (400, "ThrottlingException".to_owned()));
    assert!(statuses[..5]
        .iter()
        .all(|(_, t)| t != "ThrottlingException"));
    f.clock.advance_millis(1000);
    let (_, body) = f.raw("RotateKeyOnDemand", json!({"KeyId": id(3)})).await;
    assert_ne!(body["__type"], "ThrottlingException");
}

// ---- signatures ---------------------------------------------------------------------------

#[tokio::test]
async fn signature_failures() {
    let f = fixture();
    let wrong_secret = Credentials::new(
        demo::DEMO_ACCESS_KEY_ID,
        "not-the-secret",
        Some(demo::DEMO_SESSION_TOKEN.to_owned()),
        None,
    );
    let c = f.client_as(wrong_secret);
    assert_eq!(
        code(c.all_keys().await),
        ErrorCode::InvalidSignatureException
    );
    let unknown = Credentials::new("AKIAUNKNOWN000000000", "x", None, None);
    let c = f.client_as(unknown);
    assert_eq!(
        code(c.all_keys().await),
        ErrorCode::UnrecognizedClientException
    );
    let expired = Credentials::new(
        demo::EXPIRED_ACCESS_KEY_ID,
        demo::EXPIRED_SECRET_ACCESS_KEY,
        Some(demo::EXPIRED_SESSION_TOKEN.to_owned()),
        None,
    );
    let c = f.client_as(expired);
    assert_eq!(code(c.all_keys().await), ErrorCode::ExpiredTokenException);

    let (status, body) = f
        .raw_as(
            "ListKeys",
            b"{}".to_vec(),
            &demo_credentials(),
            "us-east-1",
            f.clock.now().plus_millis(-10 * 60 * 1000),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        "Signature expired: 20251231T235000Z is now earlier than 20251231T235500Z (20260101T000000Z - 5 min.)"
    );
}

#[tokio::test]
async fn a_skewed_client_clock_is_corrected_from_the_server_time() {
    let f = fixture();
    let slow = ManualClock::new(Timestamp::from_epoch_millis(START - 15 * 60 * 1000));
    let client = f.client_with("us-east-1", demo_credentials(), slow, 3);
    let keys = client.all_keys().await.expect("corrected and retried");
    assert!(!keys.is_empty());
    let log = f.log("ListKeys").await;
    assert_eq!(log[0]["errorCode"], "InvalidSignatureException");
    assert_eq!(log[1]["status"], 200);
}

// ---- listing, markers, validation ---------------------------------------------------------

#[tokio::test]
async fn listing_pages_and_markers() {
    let f = fixture();
    let client = f.client();
    let all = client.all_keys().await.expect("all keys");
    let mut input = ListKeysInput::default();
    input.limit = Some(3);
    let first = client.list_keys(&input).await.expect("page");
    assert!(first.truncated);
    assert_eq!(first.keys, all[..3].to_vec());
    let marker = first.next_marker.expect("marker");
    let eu = f.client_in("eu-west-1");
    let mut foreign = ListKeysInput::default();
    foreign.marker = Some(marker.clone());
    assert_eq!(
        code(eu.list_keys(&foreign).await),
        ErrorCode::InvalidMarkerException
    );
    let (status, body) = f.raw("ListKeys", json!({"Marker": "nonsense"})).await;
    assert_eq!(
        (status, body["__type"].as_str()),
        (400, Some("InvalidMarkerException"))
    );
    let aliases = client.all_aliases(None).await.expect("aliases");
    assert!(aliases
        .iter()
        .any(|a| a.alias_name == "alias/aws/ebs" && a.target_key_id.is_none()));
    let per_key = client
        .all_aliases(Some(&id(1)))
        .await
        .expect("aliases of a key");
    assert_eq!(per_key.len(), 1);
}

#[tokio::test]
async fn validation_errors_are_worded_as_aws_words_them() {
    let f = fixture();
    let cases = [
        ("ListKeys", json!({"Limit": 0}), "ValidationException", "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        ("RotateKeyOnDemand", json!({}), "ValidationException", "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null"),
        ("RotateKeyOnDemand", json!({"KeyId": "nope"}), "NotFoundException", "Invalid keyId 'nope'"),
        ("DescribeKey", json!({"KeyId": "alias/none"}), "NotFoundException", "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found."),
        ("DescribeKey", json!({"KeyId": format!("arn:aws:kms:eu-west-1:111122223333:key/{}", id(1))}), "NotFoundException", "Invalid arn eu-west-1"),
        ("EnableKeyRotation", json!({"KeyId": id(3), "RotationPeriodInDays": 3000}), "ValidationException", "1 validation error detected: Value '3000' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560"),
    ];
    for (op, body, code, message) in cases {
        let (status, out) = f.raw(op, body.clone()).await;
        assert_eq!(status, 400, "{op} {body}");
        assert_eq!(out["__type"], code, "{op} {body}");
        assert_eq!(out["message"], message, "{op} {body}");
    }
    let (_, out) = f.raw("ListKeys", json!({"Limit": "ten"})).await;
    assert_eq!(
        out["__type"],
        "com.amazon.coral.service#SerializationException"
    );
    assert_eq!(
        out["Message"],
        "STRING_VALUE can not be converted to an Integer"
    );
    let (status, out) = f.raw("Encrypt", json!({})).await;
    assert_eq!(
        (status, out["__type"].as_str()),
        (
            400,
            Some("com.amazon.coral.service#UnknownOperationException")
        )
    );
    let (_, out) = f
        .raw(
            "RotateKeyOnDemand",
            json!({"KeyId": format!("arn:aws:kms:us-east-1:444455556666:key/{}", id(48))}),
        )
        .await;
    assert_eq!(out["__type"], "AccessDeniedException");
    let (status, out) = f
        .raw(
            "DescribeKey",
            json!({"KeyId": format!("arn:aws:kms:us-east-1:444455556666:key/{}", id(48))}),
        )
        .await;
    assert_eq!(
        (status, out["KeyMetadata"]["AWSAccountId"].as_str()),
        (200, Some("444455556666"))
    );
}

#[tokio::test]
async fn reset_loads_a_posted_seed() {
    let f = fixture();
    let out = f
        .admin(
            "POST",
            "reset",
            json!({"keys": [{"name": "only", "history": {"onDemand": 2}, "aliases": ["alias/only"]}]}),
        )
        .await;
    assert_eq!(out["keys"], 1);
    let client = f.client();
    let keys = client.all_keys().await.expect("keys");
    assert_eq!(keys.len(), 1);
    let meta = client.describe_key("alias/only").await.expect("describe");
    assert_eq!(meta.key_id, keys[0].key_id);
    let generated = kms_local::seed::Seed::default().with_generated_keys(250);
    let body = serde_json::to_value(&generated).expect("seed json");
    assert_eq!(f.admin("POST", "reset", body).await["keys"], 250);
    assert_eq!(client.all_keys().await.expect("all").len(), 250);
}

// ---- robustness ---------------------------------------------------------------------------

mod robustness {
    use super::*;
    use proptest::prelude::*;

    fn send_raw(f: &Fixture, headers: Vec<(String, String)>, body: Vec<u8>) -> u16 {
        let app = f.app.clone();
        futures::executor::block_on(async move {
            let mut builder = axum::http::Request::builder().method("POST").uri("/");
            for (n, v) in headers {
                builder = builder.header(n, v);
            }
            let Ok(req) = builder.body(Body::from(body)) else {
                return 400;
            };
            app.router()
                .oneshot(req)
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever arrives, the server answers with a client error and never panics.
        #[test]
        fn malformed_requests_get_client_errors(
            body in proptest::collection::vec(any::<u8>(), 0..300),
            target in "(TrentService\\.[A-Za-z]{0,20}|[ -~]{0,30})",
            auth in "(AWS4-HMAC-SHA256 [ -~]{0,120}|[ -~]{0,40})",
            date in "[0-9TZ]{0,18}",
        ) {
            let f = fixture();
            let headers = vec![
                ("x-amz-target".to_owned(), target),
                ("authorization".to_owned(), auth),
                ("x-amz-date".to_owned(), date),
                ("host".to_owned(), "127.0.0.1".to_owned()),
            ];
            let status = send_raw(&f, headers, body);
            prop_assert!((400..500).contains(&status), "status {}", status);
        }

        /// Signed requests with arbitrary JSON bodies never panic an operation.
        #[test]
        fn arbitrary_json_members_never_panic(
            op in proptest::sample::select(kms_local::ops::Operation::ALL.to_vec()),
            key in "(dec0de00-0000-4000-8000-0000000000[0-4][0-9]|alias/[a-z-]{1,12}|arn:aws:kms:[a-z0-9:/-]{0,60}|[ -~]{0,20})",
            limit in proptest::option::of(-5i64..2000),
            marker in proptest::option::of("[ -~]{0,40}"),
        ) {
            let f = fixture();
            let mut body = json!({"KeyId": key, "TargetKeyId": key, "AliasName": key, "ReplicaRegion": "eu-west-2"});
            if let Some(l) = limit { body["Limit"] = json!(l); body["RotationPeriodInDays"] = json!(l); }
            if let Some(m) = marker { body["Marker"] = json!(m); }
            let (status, _) = futures::executor::block_on(f.raw(op.name(), body));
            prop_assert!(status == 200 || (400..500).contains(&status), "status {}", status);
        }
    }
}

// ---- safe beside a browser (issue 10) -----------------------------------------------------

const ADMIN_HEADERS: &[(&str, &str)] = &[
    ("host", "127.0.0.1:4599"),
    ("x-kms-local-admin", "1"),
    ("content-type", "application/json"),
];

/// A data set whose only credentials are not the demo ones: a reset with it locks the
/// demo credentials out.
fn hostile_seed() -> Value {
    json!({"credentials": [{"accessKeyId": "AKIAATTACKER00000001", "secretAccessKey": "x", "accountId": "999999999999"}]})
}

#[tokio::test]
async fn the_admin_api_refuses_what_a_web_page_can_send() {
    let f = fixture();
    let simple = [
        ("host", "127.0.0.1:4599"),
        ("origin", "https://evil.example"),
        ("content-type", "text/plain"),
    ];
    for route in ["reset", "faults", "clock"] {
        let (status, body) = f.admin_with("POST", route, &simple, hostile_seed()).await;
        assert_eq!(status, 403, "{route}: {body}");
    }
    // The admin header alone does not do: the page's origin is still foreign.
    let with_header = [
        ("host", "127.0.0.1:4599"),
        ("origin", "https://evil.example"),
        ("content-type", "application/json"),
        ("x-kms-local-admin", "1"),
    ];
    let (status, _) = f
        .admin_with("POST", "reset", &with_header, hostile_seed())
        .await;
    assert_eq!(status, 403);
    // Without an Origin (a script, curl): the header and JSON are still required.
    let no_header = [
        ("host", "127.0.0.1:4599"),
        ("content-type", "application/json"),
    ];
    let (status, body) = f.admin_with("POST", "reset", &no_header, Value::Null).await;
    assert_eq!(status, 403);
    assert!(body["error"]
        .as_str()
        .unwrap_or_default()
        .contains("X-Kms-Local-Admin"));
    let text = [
        ("host", "127.0.0.1:4599"),
        ("x-kms-local-admin", "1"),
        ("content-type", "text/plain"),
    ];
    let (status, _) = f.admin_with("POST", "reset", &text, Value::Null).await;
    assert_eq!(status, 415);
    // Nothing was replaced: the demo credentials still work.
    f.client()
        .all_keys()
        .await
        .expect("demo credentials still accepted");
    // From the console's own origin the admin API answers.
    let console = [
        ("host", "127.0.0.1:4599"),
        ("origin", "http://127.0.0.1:8080"),
        ("content-type", "application/json"),
        ("x-kms-local-admin", "1"),
    ];
    assert_eq!(
        f.admin_with("GET", "health", &console, Value::Null).await.0,
        200
    );
}

/// A CORS preflight's status and `access-control-allow-headers`.
async fn preflight(f: &Fixture, path: &str, origin: &str) -> (u16, String) {
    let request = axum::http::Request::builder()
        .method("OPTIONS")
        .uri(path)
        .header("host", "127.0.0.1:4599")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, x-kms-local-admin",
        )
        .body(Body::empty())
        .expect("request");
    let response = f.app.router().oneshot(request).await.expect("response");
    let allowed = response
        .headers()
        .get("access-control-allow-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (response.status().as_u16(), allowed)
}

#[tokio::test]
async fn admin_preflights_are_approved_only_for_console_origins() {
    let f = fixture();
    assert_eq!(
        preflight(&f, "/_kms_local/reset", "https://evil.example")
            .await
            .0,
        403
    );
    let (status, allowed) = preflight(&f, "/_kms_local/reset", "http://127.0.0.1:8080").await;
    assert_eq!(status, 200);
    assert!(allowed.contains("x-kms-local-admin"), "{allowed}");
    // `*` opens the KMS API to any page, not the admin API.
    let clock = ManualClock::new(Timestamp::from_epoch_millis(START));
    let mut config = Config::new(Arc::new(clock.clone()));
    config.log_requests = false;
    config.cors_origins = vec!["*".into()];
    let any = Fixture {
        app: App::new(config).expect("app"),
        clock,
    };
    assert_eq!(preflight(&any, "/", "https://evil.example").await.0, 200);
    assert_eq!(
        preflight(&any, "/_kms_local/faults", "https://evil.example")
            .await
            .0,
        403
    );
}

#[tokio::test]
async fn only_host_names_kms_local_serves_are_answered() {
    let f = fixture();
    // DNS rebinding: a page on evil.example re-pointed at 127.0.0.1 reads the state.
    let rebound = [("host", "evil.example:4599"), ("x-kms-local-admin", "1")];
    let (status, body) = f.admin_with("GET", "state", &rebound, Value::Null).await;
    assert_eq!(status, 421, "{body}");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(
        message.contains("evil.example") && message.contains("DNS rebinding"),
        "{message}"
    );
    // ... or calls KMS, even with a valid signature for that host (signed by hand:
    // kms-core refuses plain http:// to anything but this machine).
    let headers = vec![
        h("content-type", "application/x-amz-json-1.1"),
        h("x-amz-target", "TrentService.ListKeys"),
        h("host", "evil.example:4599"),
    ];
    let signed = sign(&SigningRequest {
        method: "POST",
        url: "http://evil.example:4599/",
        headers: &headers,
        body: b"{}",
        region: "us-east-1",
        service: "kms",
        credentials: &demo_credentials(),
        time: f.clock.now(),
        options: Default::default(),
    })
    .expect("signs");
    let mut all = headers;
    all.extend(signed.headers);
    let response = InProcess { app: f.app.clone() }
        .send(HttpRequest::new("POST", KEY_URL, all, b"{}".to_vec()))
        .await
        .expect("response");
    assert_eq!(response.status, 421);
    assert!(
        f.log("ListKeys").await.is_empty(),
        "never reached the operation"
    );
    // Names kms-local serves, any port.
    for host in [
        "localhost:4599",
        "kms.eu-west-1.localhost:9",
        "[::1]:4599",
        "127.0.0.1",
    ] {
        let headers = [("host", host), ("x-kms-local-admin", "1")];
        assert_eq!(
            f.admin_with("GET", "health", &headers, Value::Null).await.0,
            200,
            "{host}"
        );
    }
    f.client_with_url("http://kms.us-east-1.localhost:4599/")
        .all_keys()
        .await
        .expect("a *.localhost name");
}

#[tokio::test]
async fn the_store_clock_moves_a_bounded_distance_in_bounded_work() {
    let f = fixture();
    for seconds in [i64::MAX, 10 * 366 * 86_400, -1] {
        let (status, body) = f
            .admin_with(
                "POST",
                "clock",
                ADMIN_HEADERS,
                json!({ "advanceSeconds": seconds }),
            )
            .await;
        assert_eq!(status, 400, "{seconds}: {body}");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    // Ten years ahead, in one call: the yearly demo key rotates ten times, no more.
    let client = f.client();
    let before = client
        .all_key_rotations(&id(1), None)
        .await
        .expect("history")
        .len();
    f.admin("POST", "clock", json!({ "advanceSeconds": 3650 * 86_400 }))
        .await;
    let after = client
        .all_key_rotations(&id(1), None)
        .await
        .expect("history");
    assert_eq!(after.len(), before + 10);
    let automatic = after
        .iter()
        .filter(|r| r.rotation_type == Some(RotationType::Automatic))
        .count();
    assert!(automatic >= 10);
}

/// Signs a request with only `signed` headers (and the demo session token, signed or
/// not, as the signer adds it), then adds `unsigned` ones.
async fn send_partly_signed(
    f: &Fixture,
    signed: Vec<(String, String)>,
    unsigned: Vec<(String, String)>,
    token_signed: bool,
    body: &[u8],
) -> (u16, Value) {
    let mut options = kms_core::signing::SigningOptions::default();
    options.session_token_unsigned = !token_signed;
    let signature = sign(&SigningRequest {
        method: "POST",
        url: KEY_URL,
        headers: &signed,
        body,
        region: "us-east-1",
        service: "kms",
        credentials: &demo_credentials(),
        time: f.clock.now(),
        options,
    })
    .expect("signs");
    let mut all = signed;
    all.extend(signature.headers);
    all.extend(unsigned);
    let response = InProcess { app: f.app.clone() }
        .send(HttpRequest::new("POST", KEY_URL, all, body.to_vec()))
        .await
        .expect("response");
    (
        response.status,
        serde_json::from_slice(&response.body).unwrap_or(Value::Null),
    )
}

fn h(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

fn message(answer: &Value) -> &str {
    answer["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn target_content_type_and_token_must_be_signed() {
    let f = fixture();
    let body = json!({ "KeyId": id(3) }).to_string().into_bytes();
    let host = h("host", "127.0.0.1:4599");
    let json11 = h("content-type", "application/x-amz-json-1.1");
    // A signed status read whose target is then changed to a rotation.
    let rotate = h("x-amz-target", "TrentService.RotateKeyOnDemand");
    let (status, answer) = send_partly_signed(
        &f,
        vec![host.clone(), json11.clone()],
        vec![rotate],
        true,
        &body,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        answer["__type"],
        "com.amazon.coral.service#InvalidSignatureException"
    );
    assert!(
        message(&answer).contains("'X-Amz-Target' must be a 'SignedHeader'"),
        "{answer}"
    );
    let target = h("x-amz-target", "TrentService.GetKeyRotationStatus");
    let (status, answer) = send_partly_signed(
        &f,
        vec![host.clone(), target.clone()],
        vec![json11.clone()],
        true,
        &body,
    )
    .await;
    assert_eq!(status, 400);
    assert!(message(&answer).contains("'Content-Type'"), "{answer}");
    let (status, answer) = send_partly_signed(
        &f,
        vec![host.clone(), target.clone(), json11.clone()],
        vec![],
        false,
        &body,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        message(&answer).contains("'X-Amz-Security-Token'"),
        "{answer}"
    );
    assert!(f
        .log("RotateKeyOnDemand")
        .await
        .iter()
        .all(|e| e["performed"] == false));
    let status = f
        .client()
        .get_key_rotation_status(&id(3))
        .await
        .expect("status");
    assert_eq!(status.on_demand_rotation_start_date, None, "not rotated");
    // All signed: answered.
    let (status, answer) =
        send_partly_signed(&f, vec![host, target, json11], vec![], true, &body).await;
    assert_eq!(status, 200, "{answer}");
}

#[tokio::test]
async fn the_log_trusts_nothing_unsigned_and_says_what_was_performed() {
    let f = fixture();
    // Unsigned, with a key ID that would forge a log line.
    let forged =
        "x\n2026-01-01T00:00:00Z RotateKeyOnDemand 111122223333/us-east-1 key=y status=200";
    let request = HttpRequest::new(
        "POST",
        KEY_URL,
        vec![
            h("content-type", "application/x-amz-json-1.1"),
            h("x-amz-target", "TrentService.RotateKeyOnDemand"),
        ],
        json!({ "KeyId": forged }).to_string().into_bytes(),
    );
    let response = InProcess { app: f.app.clone() }
        .send(request)
        .await
        .expect("response");
    assert_eq!(response.status, 400);
    let unsigned = f.log("RotateKeyOnDemand").await;
    assert_eq!(unsigned.len(), 1);
    assert_eq!(unsigned[0]["authenticated"], false);
    assert_eq!(unsigned[0]["performed"], false);
    assert_eq!(
        unsigned[0]["keyId"],
        Value::Null,
        "no body value before the signature"
    );
    assert_eq!(unsigned[0]["status"], 400);
    // A refused rotation and a performed one, side by side.
    let client = f.client();
    assert!(
        client.rotate_key_on_demand(&id(6)).await.is_err(),
        "all 25 used"
    );
    f.tick();
    client.rotate_key_on_demand(&id(3)).await.expect("rotates");
    let log = f.log("RotateKeyOnDemand").await;
    let performed: Vec<bool> = log.iter().map(|e| e["performed"] == true).collect();
    assert_eq!(performed, [false, false, true]);
    let only = f
        .admin(
            "GET",
            "log?op=RotateKeyOnDemand&performed=true",
            Value::Null,
        )
        .await;
    assert_eq!(only["entries"].as_array().map(Vec::len), Some(1));
    assert_eq!(only["entries"][0]["keyId"], id(3));
}

// ---- over a socket: timeouts and body limits ----------------------------------------------

mod sockets {
    use super::*;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    async fn server() -> kms_local::Server {
        let clock = ManualClock::new(Timestamp::from_epoch_millis(START));
        let mut config = Config::new(Arc::new(clock));
        config.log_requests = false;
        config.header_timeout = Duration::from_millis(300);
        config.idle_timeout = Duration::from_millis(1500);
        config.body_grace = Duration::from_millis(300);
        kms_local::Server::start(config, "127.0.0.1:0")
            .await
            .expect("starts")
    }

    /// Reads until the server closes the connection (or 5 s pass): what it sent.
    async fn read_to_close(stream: &mut TcpStream) -> Option<String> {
        let mut all = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut all)).await;
        read.ok()
            .map(|_| String::from_utf8_lossy(&all).into_owned())
    }

    const HEALTH: &[u8] =
        b"GET /_kms_local/health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-kms-local-admin: 1\r\n\r\n";

    #[tokio::test]
    async fn trickled_headers_are_cut_off_at_the_header_timeout() {
        let server = server().await;
        let mut slow = TcpStream::connect(server.addr()).await.expect("connects");
        // One byte at a time, each well within the header timeout, never finishing.
        for byte in b"GET /_kms_local/health HTTP/1.1\r\nHost: 127." {
            if slow.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            read_to_close(&mut slow).await.is_some(),
            "closed while headers trickle"
        );
        server.shutdown().await;
    }

    #[tokio::test]
    async fn keep_alive_connections_idle_longer_than_a_header_but_not_forever() {
        let server = server().await;
        let mut idle = TcpStream::connect(server.addr()).await.expect("connects");
        idle.write_all(HEALTH).await.expect("writes");
        let mut first = vec![0; 4096];
        let n = idle.read(&mut first).await.expect("an answer");
        assert!(first.starts_with(b"HTTP/1.1 200"));
        assert!(n > 0);
        // Idle for twice the header timeout: still open, and it serves the next request.
        tokio::time::sleep(Duration::from_millis(600)).await;
        idle.write_all(HEALTH).await.expect("still open");
        let answer = read_to_close(&mut idle)
            .await
            .expect("answered, then closed once idle for the idle timeout");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        server.shutdown().await;
    }

    #[tokio::test]
    async fn a_huge_declared_body_is_refused_at_once_and_a_slow_one_in_time() {
        let server = server().await;
        for path in ["/", "/_kms_local/reset"] {
            let mut stream = TcpStream::connect(server.addr()).await.expect("connects");
            let head = format!(
                "POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-kms-local-admin: 1\r\ncontent-type: application/json\r\ncontent-length: 10000000000\r\n\r\n{{"
            );
            stream.write_all(head.as_bytes()).await.expect("writes");
            let answer = read_to_close(&mut stream)
                .await
                .expect("answered and closed");
            assert!(answer.starts_with("HTTP/1.1 413"), "{path}: {answer}");
        }
        let mut stream = TcpStream::connect(server.addr()).await.expect("connects");
        stream
            .write_all(b"POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100\r\n\r\n{")
            .await
            .expect("writes");
        let answer = read_to_close(&mut stream)
            .await
            .expect("answered and closed");
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        server.shutdown().await;
    }
}
