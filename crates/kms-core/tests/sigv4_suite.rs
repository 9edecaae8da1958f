//! The AWS SigV4 test suite (aws-c-auth `v4` cases) through kms-core's signer: one harness,
//! one named result per case. Natively the cases are read at run time from
//! `../shared/test-data/sigv4-suite`; in wasm they are compiled in by build.rs from the
//! same files.

use kms_core::credentials::Credentials;
use kms_core::signing::{sign, SigningOptions, SigningRequest};
use kms_core::time::Timestamp;

/// Cases the suite has that this signer (aws-sigv4, over the `http` crate) cannot take,
/// each with the reason. Everything else must pass.
const SKIPPED: &[(&str, &str)] = &[
    (
        "get-header-value-multiline",
        "the request carries an obsolete line-folded header value (a raw newline); the `http` \
         crate under aws-sigv4 refuses such values, as fetch and every HTTP/1.1 client do, so \
         no request of ours can contain one",
    ),
    (
        "get-space-normalized",
        "the request line has a raw space in the path; `http::Uri` refuses it before signing \
         (fetch percent-encodes spaces itself), so no request of ours can contain one",
    ),
    (
        "get-space-unnormalized",
        "same as get-space-normalized: a raw space in the path is not a valid URI",
    ),
];

#[cfg_attr(
    not(target_arch = "wasm32"),
    expect(
        dead_code,
        reason = "only the wasm harness embeds cases; the native one reads files"
    )
)]
struct EmbeddedCase {
    name: &'static str,
    request: Option<&'static str>,
    context: Option<&'static str>,
    signature: Option<&'static str>,
    signed_request: Option<&'static str>,
}

struct Case {
    name: String,
    request: String,
    context: String,
    signature: String,
    signed_request: String,
}

#[derive(serde::Deserialize)]
struct Context {
    credentials: ContextCredentials,
    region: String,
    service: String,
    timestamp: String,
    #[serde(default)]
    normalize: bool,
    #[serde(default)]
    sign_body: bool,
    #[serde(default)]
    omit_session_token: bool,
}

#[derive(serde::Deserialize)]
struct ContextCredentials {
    access_key_id: String,
    secret_access_key: String,
    token: Option<String>,
}

struct ParsedRequest {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Parses the raw HTTP request of a case: request line, headers (a line starting with
/// white space continues the previous value), blank line, body.
fn parse_request(text: &str) -> ParsedRequest {
    let (head, body) = match text.split_once("\n\n") {
        Some((head, body)) => (head, body),
        None => (text.trim_end_matches('\n'), ""),
    };
    let mut lines = head.lines();
    let request_line = lines.next().expect("request line");
    let method = request_line.split(' ').next().expect("method").to_owned();
    let path = request_line
        .strip_prefix(&format!("{method} "))
        .and_then(|rest| rest.strip_suffix(" HTTP/1.1"))
        .expect("path")
        .to_owned();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            let last = headers.last_mut().expect("continuation after a header");
            last.1.push('\n');
            last.1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').expect("header colon");
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    ParsedRequest {
        method,
        path,
        headers,
        body: body.as_bytes().to_vec(),
    }
}

fn authorization_of(signed_request: &str) -> Option<&str> {
    signed_request
        .lines()
        .find_map(|line| line.strip_prefix("Authorization:"))
}

/// Signs one case; Err says what differs.
fn run_case(case: &Case) -> Result<(), String> {
    let context: Context = serde_json::from_str(&case.context).map_err(|e| e.to_string())?;
    let request = parse_request(&case.request);
    let host = request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.clone())
        .ok_or("no host header")?;
    let url = format!("https://{host}{}", request.path);
    let time = Timestamp::parse_rfc3339(&context.timestamp)
        .ok_or_else(|| format!("bad timestamp {}", context.timestamp))?;
    let credentials = Credentials::new(
        context.credentials.access_key_id,
        context.credentials.secret_access_key,
        context.credentials.token,
        None,
    );
    let mut options = SigningOptions::default();
    options.normalize_path = context.normalize;
    options.payload_hash_header = context.sign_body;
    options.session_token_unsigned = context.omit_session_token;
    let signed = sign(&SigningRequest {
        method: &request.method,
        url: &url,
        headers: &request.headers,
        body: &request.body,
        region: &context.region,
        service: &context.service,
        credentials: &credentials,
        time,
        options,
    })
    .map_err(|e| e.to_string())?;

    let expected_signature = case.signature.trim();
    if signed.signature != expected_signature {
        return Err(format!(
            "signature {} != expected {expected_signature}",
            signed.signature
        ));
    }
    let expected_authorization =
        authorization_of(&case.signed_request).ok_or("no Authorization")?;
    let authorization = signed
        .headers
        .iter()
        .find(|(name, _)| name == "authorization")
        .map(|(_, value)| value.as_str())
        .ok_or("signer added no authorization header")?;
    if authorization != expected_authorization {
        return Err(format!(
            "authorization {authorization:?} != expected {expected_authorization:?}"
        ));
    }
    // Session tokens are sent whether signed or not.
    if credentials.session_token().is_some()
        && !signed
            .headers
            .iter()
            .any(|(name, _)| name == "x-amz-security-token")
    {
        return Err("session token header missing".into());
    }
    Ok(())
}

fn run_suite(cases: Vec<Case>) {
    assert!(
        cases.len() >= 30,
        "expected the whole v4 suite, found {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    let (mut passed, mut skipped) = (0, 0);
    for case in &cases {
        if let Some((_, reason)) = SKIPPED.iter().find(|(name, _)| *name == case.name) {
            println!("sigv4 case {}: skipped ({reason})", case.name);
            skipped += 1;
            continue;
        }
        match run_case(case) {
            Ok(()) => {
                println!("sigv4 case {}: ok", case.name);
                passed += 1;
            }
            Err(problem) => {
                println!("sigv4 case {}: FAILED: {problem}", case.name);
                failures.push(format!("{}: {problem}", case.name));
            }
        }
    }
    println!(
        "sigv4 suite: {passed} passed, {} failed, {skipped} skipped",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "SigV4 cases failed:\n{}",
        failures.join("\n")
    );
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn aws_sigv4_suite() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/test-data/sigv4-suite");
    let read = |case: &std::path::Path, file: &str| {
        std::fs::read_to_string(case.join(file)).unwrap_or_default()
    };
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the suite is read at run time from {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("request.txt").is_file())
        .map(|path| Case {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            request: read(&path, "request.txt"),
            context: read(&path, "context.json"),
            signature: read(&path, "header-signature.txt"),
            signed_request: read(&path, "header-signed-request.txt"),
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    run_suite(cases);
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn aws_sigv4_suite() {
    const EMBEDDED: &[EmbeddedCase] = include!(concat!(env!("OUT_DIR"), "/sigv4_suite.rs"));
    let cases = EMBEDDED
        .iter()
        .map(|case| Case {
            name: case.name.to_owned(),
            request: case.request.unwrap_or_default().to_owned(),
            context: case.context.unwrap_or_default().to_owned(),
            signature: case.signature.unwrap_or_default().to_owned(),
            signed_request: case.signed_request.unwrap_or_default().to_owned(),
        })
        .collect();
    run_suite(cases);
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn timestamp_helper_matches_the_suite_clock() {
    let t = Timestamp::parse_rfc3339("2015-08-30T12:36:00Z").unwrap();
    assert_eq!(t, Timestamp::from_epoch_seconds(1_440_938_160));
}
