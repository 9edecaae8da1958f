//! `checkRotationEligibility`'s verdict. The JS side (`js/client.js`) reads the key's
//! metadata, rotation status and history through `WasmClient::call` and hands their
//! JSON here; the decision is kms-core's (`eligibility::check`), the same the console
//! makes. Reading in JS and deciding here keeps a second request loop out of the wasm.

use crate::errors::to_js;
use kms_core::eligibility::{self, Eligibility};
use kms_core::error::{read_output, Error};
use kms_core::model::{
    DescribeKeyOutput, GetKeyRotationStatusOutput, KeyMetadata, ListKeyRotationsOutput,
};
use kms_core::ops::key_metadata;
use kms_core::time::Timestamp;
use kms_core::transport::HttpResponse;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The verdict, in the PascalCase style of the KMS shapes; the JS side adds the
/// metadata, status and history it read.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Verdict {
    eligible: bool,
    only_transient: bool,
    reasons: Vec<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_demand_rotations_used: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_demand_rotations_remaining: Option<u32>,
    summary: String,
}

/// One reason a key cannot be rotated on demand now.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Reason {
    code: &'static str,
    message: String,
    transient: bool,
}

/// Reads the JSON of an operation's successful answer, as `WasmClient::call` gave it.
fn read<O: kms_core::model::FromJson>(json: &str) -> Result<O, JsValue> {
    read_output::<O>(&HttpResponse::new(200, json.as_bytes().to_vec()))
        .map_err(|error| to_js(&error))
}

fn metadata(describe_key_output: &str) -> Result<KeyMetadata, JsValue> {
    key_metadata(read::<DescribeKeyOutput>(describe_key_output)?).map_err(|error| to_js(&error))
}

/// Whether the key in a `DescribeKey` answer has a rotation status and history to read
/// before deciding (`eligibility::has_rotation_history`).
#[wasm_bindgen(js_name = hasRotationHistory)]
pub fn has_rotation_history(describe_key_output: &str) -> Result<bool, JsValue> {
    Ok(eligibility::has_rotation_history(&metadata(
        describe_key_output,
    )?))
}

/// The verdict on a key from the JSON of its `DescribeKey` answer and, when it has them,
/// of its `GetKeyRotationStatus` answer and of `{"Rotations": [...]}` with every page of
/// `ListKeyRotations` (`ALL_KEY_MATERIAL`), at `now_millis` (the client's clock, skew
/// corrected).
#[wasm_bindgen(js_name = rotationEligibility)]
pub fn rotation_eligibility(
    describe_key_output: &str,
    rotation_status: Option<String>,
    rotations: Option<String>,
    now_millis: f64,
) -> Result<String, JsValue> {
    let metadata = metadata(describe_key_output)?;
    let status = rotation_status
        .map(|json| read::<GetKeyRotationStatusOutput>(&json))
        .transpose()?;
    let history = rotations
        .map(|json| read::<ListKeyRotationsOutput>(&json))
        .transpose()?
        .map(|output| output.rotations);
    let eligibility = eligibility::check(
        &metadata,
        status.as_ref(),
        history.as_deref(),
        Timestamp::from_epoch_millis(now_millis as i64),
    );
    serde_json::to_string(&verdict(&eligibility)).map_err(|_| {
        to_js(&Error::Input(kms_core::error::InputError::invalid(
            "output",
            "cannot be encoded as JSON",
        )))
    })
}

fn verdict(eligibility: &Eligibility) -> Verdict {
    Verdict {
        eligible: eligibility.is_eligible(),
        only_transient: eligibility.is_only_transient(),
        reasons: eligibility
            .reasons
            .iter()
            .map(|reason| Reason {
                code: reason.code(),
                message: reason.to_string(),
                transient: reason.is_transient(),
            })
            .collect(),
        on_demand_rotations_used: eligibility.on_demand_used,
        on_demand_rotations_remaining: eligibility.on_demand_remaining,
        summary: eligibility.to_string(),
    }
}
