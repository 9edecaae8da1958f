//! Receipts of a bulk run for an auditor: entries built here from the run's evidence,
//! sealed and checked by the npm package's own `receipts.js` (one implementation of the
//! hash chain for the package and the console).

use crate::state::BulkItem;
use js_sys::Reflect;
use kms_core::model::RotationsListEntry;
use kms_core::partition::Partition;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/../crates/kms-wasm/js/receipts.js")]
extern "C" {
    #[wasm_bindgen(js_name = sealReceipts, catch)]
    async fn seal_receipts(entries: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = verifyReceipts, catch)]
    async fn verify_receipts(file: JsValue) -> Result<JsValue, JsValue>;
}

/// Where the run happened.
pub(crate) struct RunScope<'a> {
    pub(crate) account: Option<&'a str>,
    pub(crate) region: &'a str,
}

/// One entry per key of the run, with the evidence of its rotation.
pub(crate) fn entries(items: &[BulkItem], scope: &RunScope<'_>) -> Vec<Value> {
    let partition = Partition::for_region(scope.region).as_str();
    items
        .iter()
        .map(|item| {
            let arn = scope.account.map(|account| {
                format!(
                    "arn:{partition}:kms:{}:{account}:key/{}",
                    scope.region, item.key_id
                )
            });
            let receipt = item.receipt.as_deref();
            json!({
                "account": scope.account,
                "region": scope.region,
                "keyArn": arn,
                "keyId": item.key_id,
                "alias": item.alias,
                "result": item.outcome.as_str(),
                "requestId": item.request_id,
                "sentAt": receipt.map(|r| r.sent_at.to_rfc3339()),
                "completedAt": receipt.map(|r| r.completed_at.to_rfc3339()),
                "keyMaterialBefore": receipt.and_then(|r| r.material_before.clone()),
                "keyMaterialAfter": receipt.and_then(|r| r.entry.key_material_id.clone()),
                "historyEntry": receipt.map(|r| history_entry(&r.entry)),
            })
        })
        .collect()
}

/// A history entry in its wire member names, timestamps in RFC 3339 (as the other
/// exports write them).
fn history_entry(entry: &RotationsListEntry) -> Value {
    json!({
        "KeyId": entry.key_id,
        "KeyMaterialId": entry.key_material_id,
        "KeyMaterialState": entry.key_material_state.as_ref().map(|s| s.as_str()),
        "RotationDate": entry.rotation_date.map(|t| t.to_rfc3339()),
        "RotationType": entry.rotation_type.as_ref().map(|t| t.as_str()),
        "ImportState": entry.import_state.as_ref().map(|s| s.as_str()),
    })
}

fn message(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "the browser could not compute the hashes".to_owned())
}

/// The receipts file (JSON text) and its digest.
pub(crate) async fn seal(entries: Vec<Value>) -> Result<(String, String), String> {
    let input = js_sys::JSON::parse(&Value::Array(entries).to_string())
        .map_err(|_| "the receipts could not be built".to_owned())?;
    let text = seal_receipts(input)
        .await
        .map_err(|e| message(&e))?
        .as_string()
        .unwrap_or_default();
    let digest = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|file| file["digest"].as_str().map(str::to_owned))
        .unwrap_or_default();
    Ok((text, digest))
}

/// Checks a receipts file: `Ok` with what was verified, `Err` naming what was changed.
pub(crate) async fn verify(text: String) -> Result<String, String> {
    let verdict = verify_receipts(text.into())
        .await
        .map_err(|e| message(&e))?;
    let get = |key: &str| Reflect::get(&verdict, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let count = get("count").as_f64().unwrap_or_default();
    if get("valid").as_bool() == Some(true) {
        Ok(format!(
            "{count} receipts verified; digest {}.",
            get("digest").as_string().unwrap_or_default()
        ))
    } else {
        Err(format!(
            "Not intact: {}.",
            get("problem").as_string().unwrap_or_default()
        ))
    }
}
