//! STS through the client: AssumeRole and GetCallerIdentity signed for `sts` at the STS
//! endpoint, answers read from XML, STS's XML errors typed, and input refused unsent.

use crate::replay::{client, run, Replay, Reply, VirtualClock, START};
use kms_core::error::Error;
use kms_core::sts::AssumeRoleInput;
use kms_core::transport::HttpResponse;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const ROLE: &str = "arn:aws:iam::444455556666:role/KmsRotateOperator";

const ASSUMED: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAASSUMEDEXAMPLE01</AccessKeyId>
      <SecretAccessKey>assumedSecret</SecretAccessKey>
      <SessionToken>assumed-token</SessionToken>
      <Expiration>2024-01-01T01:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLE:kms-rotate</AssumedRoleId>
      <Arn>arn:aws:sts::444455556666:assumed-role/KmsRotateOperator/kms-rotate</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#;

fn xml(status: u16, body: &str) -> Reply {
    Reply::Full(
        HttpResponse::new(status, body.as_bytes().to_vec()).with_header("content-type", "text/xml"),
    )
}

#[test]
fn assume_role_is_a_signed_sts_query_and_its_answer_is_read_from_xml() {
    let replay = Replay::new(vec![("AssumeRole", xml(200, ASSUMED))]);
    let clock = VirtualClock::at(START);
    let input = AssumeRoleInput::new(ROLE, "kms-rotate").with_duration_seconds(900);
    let role = run(client(&replay, &clock).assume_role(&input)).unwrap();
    assert_eq!(role.account_id(), Some("444455556666"));
    assert_eq!(role.credentials.access_key_id(), "ASIAASSUMEDEXAMPLE01");
    assert_eq!(role.credentials.session_token(), Some("assumed-token"));
    assert!(
        !format!("{role:?}").contains("assumedSecret"),
        "Debug shows no secret"
    );
    let sent = replay.sent.borrow();
    let request = &sent[0];
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert_eq!(request.header("x-amz-target"), None);
    assert!(request
        .header("authorization")
        .unwrap()
        .contains("/20240101/us-east-1/sts/aws4_request"));
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2FKmsRotateOperator&RoleSessionName=kms-rotate&DurationSeconds=900"
    );
}

#[test]
fn sts_errors_arrive_typed_and_bad_input_is_never_sent() {
    let denied = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: sts:AssumeRole</Message></Error><RequestId>r-7</RequestId></ErrorResponse>"#;
    let replay = Replay::new(vec![("AssumeRole", xml(403, denied))]);
    let clock = VirtualClock::at(START);
    let sts = client(&replay, &clock);
    let Err(Error::Service(error)) = run(sts.assume_role(&AssumeRoleInput::new(ROLE, "s1"))) else {
        panic!("an AccessDenied service error")
    };
    assert_eq!(
        (
            error.code.as_str(),
            error.http_status,
            error.request_id.as_deref()
        ),
        ("AccessDenied", 403, Some("r-7"))
    );
    assert!(!Error::Service(error).retryable());
    let Err(Error::Input(input)) =
        run(sts.assume_role(&AssumeRoleInput::new(ROLE, "s1").with_duration_seconds(60)))
    else {
        panic!("an input error")
    };
    assert!(input.to_string().contains("900–43200"));
    replay.assert_done();
}

#[test]
fn get_caller_identity_names_the_account() {
    let body = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/demo</Arn><UserId>AIDAEXAMPLE</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>"#;
    let replay = Replay::new(vec![("GetCallerIdentity", xml(200, body))]);
    let clock = VirtualClock::at(START);
    let who = run(client(&replay, &clock).get_caller_identity()).unwrap();
    assert_eq!(who.account, "111122223333");
    assert_eq!(who.arn, "arn:aws:iam::111122223333:user/demo");
}
