//! `checkRotationEligibility`'s verdict. The JS side (`js/client.js`) reads the key's
//! metadata, rotation status and history through `WasmClient::call` and hands their
//! JSON here; the decision is kms-core's (`eligibility::check`), the same the console
//! makes. Reading in JS and deciding here keeps a second request loop out of the wasm.

use crate::errors::{set, set_some, to_js};
use js_sys::{Array, Object};
use kms_core::eligibility::{self, Eligibility};
use kms_core::error::read_output;
use kms_core::model::{
    DescribeKeyOutput, GetKeyRotationStatusOutput, KeyMetadata, ListKeyRotationsOutput,
};
use kms_core::ops::key_metadata;
use kms_core::time::Timestamp;
use kms_core::transport::HttpResponse;
use wasm_bindgen::prelude::*;

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
) -> Result<JsValue, JsValue> {
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
    Ok(verdict(&eligibility))
}

/// The verdict as an object in the PascalCase style of the KMS shapes; the JS side adds
/// the metadata, status and history it read.
fn verdict(eligibility: &Eligibility) -> JsValue {
    let reasons = Array::new();
    for reason in &eligibility.reasons {
        let item: JsValue = Object::new().into();
        set(&item, "Code", reason.code());
        set(&item, "Message", reason.to_string());
        set(&item, "Transient", reason.is_transient());
        reasons.push(&item);
    }
    let out: JsValue = Object::new().into();
    set(&out, "Eligible", eligibility.is_eligible());
    set(&out, "OnlyTransient", eligibility.is_only_transient());
    set(&out, "Reasons", reasons);
    set_some(&out, "OnDemandRotationsUsed", eligibility.on_demand_used);
    set_some(
        &out,
        "OnDemandRotationsRemaining",
        eligibility.on_demand_remaining,
    );
    set(&out, "Summary", eligibility.to_string());
    out
}
