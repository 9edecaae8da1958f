//! The estate (issue 13): STS `AssumeRole` and `GetCallerIdentity` at kms-local's address,
//! sessions acting in the role's account, Regions not enabled, per-Region host names.
//! Requests are signed by hand with kms-core's signer for service `sts`; answers are read
//! as text (the XML is small and fixed).

use super::{demo_credentials, fixture, id, Fixture, InProcess};
use kms_core::client::{Client, ClientConfig};
use kms_core::credentials::Credentials;
use kms_core::error::ErrorCode;
use kms_core::partition::EndpointConfig;
use kms_core::signing::{sign, SigningRequest};
use kms_core::transport::{HttpRequest, Transport};
use kms_local::clock::WallClock;
use kms_local::demo;
use serde_json::{json, Value};

const OPERATOR: &str = "KmsRotateOperator";
const PARTNER: &str = "444455556666";
const LEDGER: &str = "777788889999";

fn operator_arn(account: &str) -> String {
    format!("arn:aws:iam::{account}:role/{OPERATOR}")
}

fn partner_key(n: u32) -> String {
    format!("dec0de00-4444-4000-8000-{n:012}")
}

/// An STS answer: status, headers, body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    /// The text of the first `<name>` element.
    fn tag(&self, name: &str) -> Option<String> {
        let open = format!("<{name}>");
        let start = self.body.find(&open)? + open.len();
        let end = self.body[start..].find(&format!("</{name}>"))? + start;
        let text = &self.body[start..end];
        Some(
            text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        )
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Asserts an STS error document with `status` and `code`; its message.
    fn error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(
            self.body.starts_with(
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            ),
            "{}",
            self.body
        );
        assert_eq!(self.tag("Code").as_deref(), Some(code), "{}", self.body);
        assert_eq!(
            self.tag("RequestId").as_deref(),
            self.header("x-amzn-requestid"),
            "the document's RequestId is the header's"
        );
        self.tag("Message").unwrap_or_default()
    }

    /// The credentials of an `AssumeRole` answer.
    fn credentials(&self) -> Credentials {
        assert_eq!(self.status, 200, "{}", self.body);
        Credentials::new(
            self.tag("AccessKeyId").expect("AccessKeyId"),
            self.tag("SecretAccessKey").expect("SecretAccessKey"),
            self.tag("SessionToken"),
            None,
        )
    }
}

impl Fixture {
    /// An STS request to `host`, signed for `region` and service `service` with
    /// `credentials`, with the Query parameters `params`.
    async fn sts_at(
        &self,
        host: &str,
        region: &str,
        service: &str,
        credentials: &Credentials,
        params: &[(&str, &str)],
    ) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish()
            .into_bytes();
        let url = format!("http://{host}/");
        let headers = vec![
            (
                "content-type".to_owned(),
                "application/x-www-form-urlencoded; charset=utf-8".to_owned(),
            ),
            ("host".to_owned(), host.to_owned()),
        ];
        let signed = sign(&SigningRequest {
            method: "POST",
            url: &url,
            headers: &headers,
            body: &body,
            region,
            service,
            credentials,
            time: self.clock.now(),
            options: Default::default(),
        })
        .expect("signs");
        let mut all = headers;
        all.extend(signed.headers);
        all.push(("origin".to_owned(), "http://127.0.0.1:8080".to_owned()));
        let response = InProcess {
            app: self.app.clone(),
        }
        .send(HttpRequest::new("POST", &url, all, body))
        .await
        .expect("response");
        Answer {
            status: response.status,
            headers: response.headers.clone(),
            body: String::from_utf8(response.body).expect("utf-8"),
        }
    }

    /// An STS request at 127.0.0.1, signed for us-east-1.
    async fn sts(&self, credentials: &Credentials, params: &[(&str, &str)]) -> Answer {
        self.sts_at("127.0.0.1:4599", "us-east-1", "sts", credentials, params)
            .await
    }

    async fn assume(&self, role_arn: &str, extra: &[(&str, &str)]) -> Answer {
        let mut params = vec![
            ("Action", "AssumeRole"),
            ("Version", "2011-06-15"),
            ("RoleArn", role_arn),
            ("RoleSessionName", "estate-test"),
        ];
        params.extend_from_slice(extra);
        self.sts(&demo_credentials(), &params).await
    }

    async fn caller_identity(&self, credentials: &Credentials, region: &str) -> Answer {
        self.sts_at(
            "127.0.0.1:4599",
            region,
            "sts",
            credentials,
            &[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
        )
        .await
    }

    /// Key IDs in `region` as `credentials` see them, sorted.
    async fn key_ids(
        &self,
        credentials: Credentials,
        region: &str,
    ) -> Result<Vec<String>, ErrorCode> {
        let config = ClientConfig::new(EndpointConfig {
            region: region.to_owned(),
            custom_url: Some(super::KEY_URL.to_owned()),
            ..Default::default()
        });
        let client = Client::new(
            config,
            credentials,
            InProcess {
                app: self.app.clone(),
            },
            self.clock.clone(),
        )
        .expect("client");
        let keys = client.all_keys().await;
        if keys.is_err() {
            return Err(super::code(keys));
        }
        let mut ids: Vec<String> = keys
            .unwrap_or_default()
            .into_iter()
            .map(|k| k.key_id)
            .collect();
        ids.sort();
        Ok(ids)
    }
}

#[tokio::test]
async fn assume_role_gives_a_session_in_the_role_account() {
    let f = fixture();
    let answer = f.assume(&operator_arn(PARTNER), &[]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.starts_with(
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><AssumedRoleUser>"
    ));
    assert_eq!(answer.header("content-type"), Some("text/xml"));
    assert_eq!(
        answer.tag("Arn").as_deref(),
        Some("arn:aws:sts::444455556666:assumed-role/KmsRotateOperator/estate-test")
    );
    let role_id = answer.tag("AssumedRoleId").expect("AssumedRoleId");
    assert!(
        role_id.starts_with("AROA") && role_id.ends_with(":estate-test"),
        "{role_id}"
    );
    let key = answer.tag("AccessKeyId").expect("key");
    assert!(key.starts_with("ASIA") && key.len() == 20, "{key}");
    // Default duration: an hour from now, to the second.
    let expected =
        kms_core::time::Timestamp::from_epoch_millis(f.clock.now().epoch_millis() + 3_600_000);
    assert_eq!(answer.tag("Expiration"), Some(iso_seconds(expected)));
    assert_eq!(
        answer.tag("RequestId").as_deref(),
        answer.header("x-amzn-requestid")
    );

    // The session acts in the role's account, in the signed Region.
    let session = answer.credentials();
    assert_eq!(
        f.key_ids(session.clone(), "us-east-1").await,
        Ok(vec![id(48), partner_key(49), partner_key(50)])
    );
    assert_eq!(
        f.key_ids(session.clone(), "ap-southeast-2").await,
        Ok(vec![partner_key(54), partner_key(55), partner_key(56)])
    );
    let who = f.caller_identity(&session, "eu-west-1").await;
    assert_eq!(who.status, 200, "{}", who.body);
    assert_eq!(who.tag("Account").as_deref(), Some(PARTNER));
    assert_eq!(
        who.tag("Arn").as_deref(),
        Some("arn:aws:sts::444455556666:assumed-role/KmsRotateOperator/estate-test")
    );
    assert_eq!(who.tag("UserId"), Some(role_id));

    // Every account of the estate has keys in three Regions.
    for account in [demo::DEMO_ACCOUNT_ID, PARTNER, LEDGER] {
        let session = f.assume(&operator_arn(account), &[]).await.credentials();
        for region in ["us-east-1", "eu-west-1", "ap-southeast-2"] {
            let n = f
                .key_ids(session.clone(), region)
                .await
                .expect("keys")
                .len();
            assert!(n >= 3, "{account} {region}: {n}");
        }
    }

    // The log names the operation, the caller's account and that it was performed.
    let log = f.log("AssumeRole").await;
    assert!(
        log.iter().any(
            |e| e["performed"] == json!(true) && e["accountId"] == json!(demo::DEMO_ACCOUNT_ID)
        ),
        "{log:?}"
    );
}

fn iso_seconds(t: kms_core::time::Timestamp) -> String {
    let secs = t.epoch_millis().div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[tokio::test]
async fn another_role_or_an_untrusted_caller_is_denied() {
    let f = fixture();
    let other = "arn:aws:iam::444455556666:role/SomethingElse";
    let message = f.assume(other, &[]).await.error(403, "AccessDenied");
    assert_eq!(
        message,
        format!("User: arn:aws:iam::111122223333:user/kms-local is not authorized to perform: sts:AssumeRole on resource: {other}")
    );
    // The partner account is not trusted by the operator roles.
    let partner = Credentials::new(
        demo::PARTNER_ACCESS_KEY_ID,
        demo::PARTNER_SECRET_ACCESS_KEY,
        None,
        None,
    );
    let answer = f
        .sts(
            &partner,
            &[
                ("Action", "AssumeRole"),
                ("Version", "2011-06-15"),
                ("RoleArn", &operator_arn(LEDGER)),
                ("RoleSessionName", "partner"),
            ],
        )
        .await;
    assert!(answer
        .error(403, "AccessDenied")
        .starts_with("User: arn:aws:iam::444455556666:user/kms-local is not authorized"));
    // A session of one account's role may not chain into another account's role.
    let session = f.assume(&operator_arn(PARTNER), &[]).await.credentials();
    let answer = f
        .sts(
            &session,
            &[
                ("Action", "AssumeRole"),
                ("Version", "2011-06-15"),
                ("RoleArn", &operator_arn(LEDGER)),
                ("RoleSessionName", "chain"),
            ],
        )
        .await;
    assert!(answer
        .error(403, "AccessDenied")
        .starts_with("User: arn:aws:sts::444455556666:assumed-role/KmsRotateOperator/estate-test is not authorized"));
}

#[tokio::test]
async fn duration_bounds_are_900_to_43200() {
    let f = fixture();
    let role = operator_arn(LEDGER);
    assert_eq!(
        f.assume(&role, &[("DurationSeconds", "899")]).await.error(400, "ValidationError"),
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"
    );
    assert_eq!(
        f.assume(&role, &[("DurationSeconds", "43201")]).await.error(400, "ValidationError"),
        "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"
    );
    for ok in ["900", "43200"] {
        let answer = f.assume(&role, &[("DurationSeconds", ok)]).await;
        assert_eq!(answer.status, 200, "{ok}: {}", answer.body);
    }
    // Two problems at once are both listed.
    let message = f
        .sts(
            &demo_credentials(),
            &[
                ("Action", "AssumeRole"),
                ("Version", "2011-06-15"),
                ("RoleArn", &role),
                ("RoleSessionName", "x"),
                ("DurationSeconds", "1"),
            ],
        )
        .await
        .error(400, "ValidationError");
    assert!(
        message.starts_with("2 validation errors detected: "),
        "{message}"
    );
    // Role chaining caps sessions at an hour.
    let session = f
        .assume(&operator_arn(demo::DEMO_ACCOUNT_ID), &[])
        .await
        .credentials();
    let chained = |duration: &'static str| {
        let session = session.clone();
        let role = role.clone();
        let f = &f;
        async move {
            f.sts(
                &session,
                &[
                    ("Action", "AssumeRole"),
                    ("Version", "2011-06-15"),
                    ("RoleArn", &role),
                    ("RoleSessionName", "chained"),
                    ("DurationSeconds", duration),
                ],
            )
            .await
        }
    };
    assert!(chained("3601")
        .await
        .error(400, "ValidationError")
        .contains("role chaining"));
    assert_eq!(chained("3600").await.status, 200);
}

#[tokio::test]
async fn session_names_are_2_to_64_of_the_pattern() {
    let f = fixture();
    let role = operator_arn(PARTNER);
    let base = [
        ("Action", "AssumeRole"),
        ("Version", "2011-06-15"),
        ("RoleArn", role.as_str()),
    ];
    let message = f
        .sts(&demo_credentials(), &base)
        .await
        .error(400, "ValidationError");
    assert!(
        message.contains(
            "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null"
        ),
        "{message}"
    );
    let long = "a".repeat(65);
    for (name, words) in [
        ("a", "Member must have length greater than or equal to 2"),
        (
            long.as_str(),
            "Member must have length less than or equal to 64",
        ),
        (
            "has space",
            "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
        ),
    ] {
        let mut params = base.to_vec();
        params.push(("RoleSessionName", name));
        let message = f
            .sts(&demo_credentials(), &params)
            .await
            .error(400, "ValidationError");
        assert!(message.contains(words), "{name}: {message}");
    }
    let mut params = base.to_vec();
    params.push(("RoleSessionName", "ok+=,.@_-1"));
    assert_eq!(f.sts(&demo_credentials(), &params).await.status, 200);
}

#[tokio::test]
async fn a_role_may_require_an_external_id() {
    let f = fixture();
    let role = "arn:aws:iam::444455556666:role/KmsRotateExternal";
    f.assume(role, &[]).await.error(403, "AccessDenied");
    f.assume(role, &[("ExternalId", "wrong-id")])
        .await
        .error(403, "AccessDenied");
    assert!(f
        .assume(role, &[("ExternalId", "x")])
        .await
        .error(400, "ValidationError")
        .contains("at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"));
    let answer = f
        .assume(role, &[("ExternalId", "kms-local-external-id")])
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    // An external ID the role does not ask for is accepted, as AWS accepts it.
    assert_eq!(
        f.assume(&operator_arn(PARTNER), &[("ExternalId", "unused-id")])
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn expired_sessions_are_refused_by_kms_and_sts() {
    let f = fixture();
    let session = f
        .assume(&operator_arn(PARTNER), &[("DurationSeconds", "900")])
        .await
        .credentials();
    f.clock.advance_millis(899_000);
    assert!(f.key_ids(session.clone(), "us-east-1").await.is_ok());
    f.clock.advance_millis(1_000);
    assert_eq!(
        f.key_ids(session.clone(), "us-east-1").await,
        Err(ErrorCode::ExpiredTokenException)
    );
    let (status, body) = f
        .raw_as(
            "ListKeys",
            b"{}".to_vec(),
            &session,
            "us-east-1",
            f.clock.now(),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["__type"],
        "com.amazon.coral.service#ExpiredTokenException"
    );
    assert_eq!(
        f.caller_identity(&session, "us-east-1")
            .await
            .error(403, "ExpiredToken"),
        "The security token included in the request is expired"
    );
    // The admin API's clock ages sessions too.
    let session = f.assume(&operator_arn(PARTNER), &[]).await.credentials();
    f.admin("POST", "clock", json!({ "advanceSeconds": 3600 }))
        .await;
    f.caller_identity(&session, "us-east-1")
        .await
        .error(403, "ExpiredToken");
}

#[tokio::test]
async fn get_caller_identity_names_the_demo_principal() {
    let f = fixture();
    let who = f.caller_identity(&demo_credentials(), "us-east-1").await;
    assert_eq!(who.status, 200, "{}", who.body);
    assert!(who.body.starts_with(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
    ));
    assert_eq!(who.tag("Account").as_deref(), Some(demo::DEMO_ACCOUNT_ID));
    assert_eq!(
        who.tag("Arn").as_deref(),
        Some("arn:aws:iam::111122223333:user/kms-local")
    );
    let user_id = who.tag("UserId").expect("UserId");
    assert!(
        user_id.starts_with("AIDA") && user_id.len() == 21,
        "{user_id}"
    );
    // Credentials kms-local does not know, a wrong secret, an unknown action.
    let stranger = Credentials::new("AKIAUNKNOWN000000001", "secret", None, None);
    assert_eq!(
        f.caller_identity(&stranger, "us-east-1")
            .await
            .error(403, "InvalidClientTokenId"),
        "The security token included in the request is invalid."
    );
    let wrong = Credentials::new(
        demo::DEMO_ACCESS_KEY_ID,
        "wrong",
        Some(demo::DEMO_SESSION_TOKEN.to_owned()),
        None,
    );
    f.caller_identity(&wrong, "us-east-1")
        .await
        .error(403, "SignatureDoesNotMatch");
    assert_eq!(
        f.sts(
            &demo_credentials(),
            &[("Action", "GetSessionToken"), ("Version", "2011-06-15")]
        )
        .await
        .error(400, "InvalidAction"),
        "Could not find operation GetSessionToken for version 2011-06-15"
    );
}

#[tokio::test]
async fn a_region_not_enabled_refuses_the_account() {
    let f = fixture();
    let ledger = f.assume(&operator_arn(LEDGER), &[]).await.credentials();
    assert_eq!(
        f.key_ids(ledger.clone(), "ap-east-1").await,
        Err(ErrorCode::UnrecognizedClientException)
    );
    let (status, body) = f
        .raw_as(
            "ListKeys",
            b"{}".to_vec(),
            &ledger,
            "ap-east-1",
            f.clock.now(),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        "The security token included in the request is invalid."
    );
    assert_eq!(
        f.caller_identity(&ledger, "ap-east-1")
            .await
            .error(403, "InvalidClientTokenId"),
        "The security token included in the request is invalid."
    );
    // Other Regions of that account, and that Region for other accounts, answer.
    assert!(f.key_ids(ledger.clone(), "us-east-1").await.is_ok());
    assert_eq!(f.caller_identity(&ledger, "eu-west-1").await.status, 200);
    assert_eq!(f.key_ids(demo_credentials(), "ap-east-1").await, Ok(vec![]));
}

#[tokio::test]
async fn per_region_host_names_must_match_the_signature() {
    let f = fixture();
    let demo = demo_credentials();
    let gci = [("Action", "GetCallerIdentity"), ("Version", "2011-06-15")];
    let ok = f
        .sts_at(
            "sts.eu-west-1.localhost:4599",
            "eu-west-1",
            "sts",
            &demo,
            &gci,
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(
        f.sts_at(
            "sts.eu-west-1.localhost:4599",
            "us-east-1",
            "sts",
            &demo,
            &gci
        )
        .await
        .error(403, "SignatureDoesNotMatch"),
        "Credential should be scoped to a valid region, not 'us-east-1'."
    );
    // A KMS-signed request at an STS host is answered by STS, which wants `sts`.
    assert!(f
        .sts_at(
            "sts.eu-west-1.localhost:4599",
            "eu-west-1",
            "kms",
            &demo,
            &gci
        )
        .await
        .error(403, "SignatureDoesNotMatch")
        .contains("Credential should be scoped to correct service: 'sts'."));
    // And the other way: KMS at its host, in its Region only.
    let kms_host = |region: &str| {
        let config = ClientConfig::new(EndpointConfig {
            region: region.to_owned(),
            custom_url: Some("http://kms.ap-southeast-2.localhost:4599/".to_owned()),
            ..Default::default()
        });
        Client::new(
            config,
            demo_credentials(),
            InProcess { app: f.app.clone() },
            f.clock.clone(),
        )
        .expect("client")
    };
    assert_eq!(
        kms_host("ap-southeast-2")
            .all_keys()
            .await
            .expect("keys")
            .len(),
        3
    );
    let err = kms_host("us-east-1")
        .all_keys()
        .await
        .expect_err("wrong Region");
    assert_eq!(err.code(), Some(&ErrorCode::InvalidSignatureException));
    // An STS-signed request at a KMS host is KMS's, which wants `kms`.
    let url = "http://kms.us-east-1.localhost:4599/";
    let headers = vec![
        (
            "content-type".to_owned(),
            "application/x-amz-json-1.1".to_owned(),
        ),
        (
            "x-amz-target".to_owned(),
            "TrentService.ListKeys".to_owned(),
        ),
        ("host".to_owned(), "kms.us-east-1.localhost:4599".to_owned()),
    ];
    let signed = sign(&SigningRequest {
        method: "POST",
        url,
        headers: &headers,
        body: b"{}",
        region: "us-east-1",
        service: "sts",
        credentials: &demo,
        time: f.clock.now(),
        options: Default::default(),
    })
    .expect("signs");
    let mut all = headers;
    all.extend(signed.headers);
    let at_kms = InProcess { app: f.app.clone() }
        .send(HttpRequest::new("POST", url, all, b"{}".to_vec()))
        .await
        .expect("response");
    assert_eq!(at_kms.status, 400);
    let body: Value = serde_json::from_slice(&at_kms.body).expect("KMS JSON");
    assert_eq!(
        body["__type"],
        "com.amazon.coral.service#InvalidSignatureException"
    );
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("Credential should be scoped to correct service: 'kms'.")),
        "{body}"
    );
    // Names that only look like ours are refused before anything runs (DNS rebinding).
    for host in [
        "sts.us-east-1.localhost.evil.example:4599",
        "sts.us-east-1.amazonaws.com",
    ] {
        let answer = f.sts_at(host, "us-east-1", "sts", &demo, &gci).await;
        assert_eq!(answer.status, 421, "{host}");
    }
    assert!(f
        .log("GetCallerIdentity")
        .await
        .iter()
        .all(|e| e["status"] != json!(421)));
}

#[tokio::test]
async fn sts_answers_cors_as_kms_does() {
    let f = fixture();
    let who = f.caller_identity(&demo_credentials(), "us-east-1").await;
    assert_eq!(
        who.header("access-control-allow-origin"),
        Some("http://127.0.0.1:8080")
    );
    assert!(who
        .header("access-control-expose-headers")
        .is_some_and(|h| h.contains("x-amzn-requestid")));
    let denied = f.assume("arn:aws:iam::444455556666:role/Nope", &[]).await;
    assert_eq!(
        denied.header("access-control-allow-origin"),
        Some("http://127.0.0.1:8080")
    );
    assert_eq!(denied.header("x-amzn-errortype"), Some("AccessDenied"));
    // A preflight to an STS host.
    let request = axum::http::Request::builder()
        .method("OPTIONS")
        .uri("/")
        .header("host", "sts.us-east-1.localhost:4599")
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "POST")
        .body(axum::body::Body::empty())
        .expect("request");
    use tower::ServiceExt;
    let response = f.app.router().oneshot(request).await.expect("response");
    assert_eq!(response.status(), 200);
    let allowed = response
        .headers()
        .get("access-control-allow-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    for header in [
        "authorization",
        "content-type",
        "x-amz-date",
        "x-amz-security-token",
    ] {
        assert!(allowed.contains(header), "{allowed}");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Signed AssumeRole with any parameters: an answer or an STS error document,
        /// never a panic or a broken document.
        #[test]
        fn arbitrary_assume_role_parameters_get_xml(
            role in prop_oneof![
                Just(operator_arn(PARTNER)),
                "(arn:aws:iam::(111122223333|444455556666|[0-9]{0,13}):role/[ -~]{0,20}|[ -~]{0,40})",
            ],
            session in prop_oneof![
                Just(Some("prop-session".to_owned())),
                proptest::option::of("[ -~\u{80}-\u{10ffff}]{0,70}"),
            ],
            duration in proptest::option::of("(-?[0-9]{1,7}|[ -~]{0,8})"),
            external in proptest::option::of("[ -~]{0,30}"),
        ) {
            let f = fixture();
            let mut params = vec![("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", role.as_str())];
            if let Some(s) = &session { params.push(("RoleSessionName", s)); }
            if let Some(d) = &duration { params.push(("DurationSeconds", d)); }
            if let Some(e) = &external { params.push(("ExternalId", e)); }
            let answer = futures::executor::block_on(f.sts(&demo_credentials(), &params));
            prop_assert!(matches!(answer.status, 200 | 400 | 403), "status {}", answer.status);
            let root = if answer.status == 200 { "AssumeRoleResponse" } else { "ErrorResponse" };
            prop_assert!(answer.body.starts_with(&format!("<{root} xmlns=")), "{}", answer.body);
            prop_assert!(answer.body.trim_end().ends_with(&format!("</{root}>")), "{}", answer.body);
            // Nothing from the request can open an element.
            let elements = answer.body.matches('<').count();
            let expected = if answer.status == 200 { 2 * 12 } else { 2 * 6 };
            prop_assert_eq!(elements, expected, "{}", answer.body);
        }

        /// Unsigned or garbled requests to an STS host: an STS error, never a panic.
        #[test]
        fn malformed_sts_requests_get_client_errors(
            body in proptest::collection::vec(any::<u8>(), 0..300),
            auth in "(AWS4-HMAC-SHA256 Credential=[ -~]{0,40}/sts/aws4_request[ -~]{0,60}|[ -~]{0,40})",
        ) {
            let f = fixture();
            let request = axum::http::Request::builder()
                .method("POST")
                .uri("/")
                .header("host", "sts.us-east-1.localhost:4599")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("authorization", auth)
                .body(axum::body::Body::from(body));
            let Ok(request) = request else { return Ok(()); };
            use tower::ServiceExt;
            let response = futures::executor::block_on(f.app.router().oneshot(request)).expect("response");
            let status = response.status().as_u16();
            prop_assert!((400..500).contains(&status), "status {}", status);
        }
    }
}
