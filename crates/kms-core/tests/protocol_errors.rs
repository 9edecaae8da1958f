//! Smithy's AWS JSON 1.1 error protocol tests, as a data file (`data/awsjson11-errors.json`),
//! run through kms-core's one error decoder. Each case is named by its Smithy id.

use kms_core::error::{decode_error_response, Error};
use kms_core::transport::HttpResponse;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const CASES: &str = include_str!("data/awsjson11-errors.json");

#[test]
fn smithy_awsjson11_error_cases_decode_to_their_code() {
    let file: serde_json::Value = serde_json::from_str(CASES).unwrap();
    let cases = file["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let status = u16::try_from(case["status"].as_u64().unwrap()).unwrap();
        let mut response = HttpResponse::new(status, case["body"].as_str().unwrap());
        for (name, value) in case["headers"].as_object().unwrap() {
            response = response.with_header(name, value.as_str().unwrap());
        }
        match decode_error_response(&response) {
            Error::Service(error) => {
                if error.code.as_str() != case["code"].as_str().unwrap() {
                    failures.push(format!("{id}: code {:?}", error.code.as_str()));
                }
                if let Some(message) = case["message"].as_str() {
                    if error.message != message {
                        failures.push(format!("{id}: message {:?}", error.message));
                    }
                }
                if error.http_status != status {
                    failures.push(format!("{id}: status {}", error.http_status));
                }
            }
            other => failures.push(format!("{id}: not a service error: {other}")),
        }
    }
    println!("awsJson1_1 error cases: {} run", cases.len());
    assert!(cases.len() >= 16, "the data file lost cases");
    assert!(failures.is_empty(), "{failures:#?}");
}
