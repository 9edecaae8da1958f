//! Exports of a bulk run and of rotation histories, as CSV and JSON, downloaded from a
//! `Blob` (nothing leaves the browser but the file the user saves).

use crate::state::BulkItem;
use kms_core::model::RotationsListEntry;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;

/// One CSV field, quoted when it must be (RFC 4180); a leading `=`, `+`, `-` or `@` is
/// prefixed with `'` so that spreadsheets do not run it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// One CSV line (RFC 4180), ended with CRLF.
pub(crate) fn line(fields: &[&str]) -> String {
    let mut out = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// The results of a bulk run as CSV.
pub(crate) fn results_csv(items: &[BulkItem]) -> String {
    let mut out = line(&[
        "KeyId",
        "Alias",
        "RotationsLeftBefore",
        "Result",
        "Message",
        "RequestId",
        "Time",
    ]);
    for item in items {
        let remaining = item.remaining.map(|n| n.to_string()).unwrap_or_default();
        let at = item.at.map(|t| t.to_rfc3339()).unwrap_or_default();
        out.push_str(&line(&[
            &item.key_id,
            item.alias.as_deref().unwrap_or(""),
            &remaining,
            item.outcome.as_str(),
            &item.message,
            item.request_id.as_deref().unwrap_or(""),
            &at,
        ]));
    }
    out
}

/// The results of a bulk run as JSON.
pub(crate) fn results_json(items: &[BulkItem]) -> String {
    let results: Vec<Value> = items
        .iter()
        .map(|item| {
            json!({
                "KeyId": item.key_id,
                "Alias": item.alias,
                "RotationsLeftBefore": item.remaining,
                "Result": item.outcome.as_str(),
                "Message": item.message,
                "RequestId": item.request_id,
                "Time": item.at.map(|t| t.to_rfc3339()),
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({ "Results": results })).unwrap_or_default()
}

fn text<T: std::fmt::Display>(value: Option<&T>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

/// Rotation histories as CSV, one line per history entry.
pub(crate) fn histories_csv(histories: &[(String, Vec<RotationsListEntry>)]) -> String {
    let mut out = line(&[
        "KeyId",
        "RotationDate",
        "RotationType",
        "KeyMaterialId",
        "KeyMaterialState",
        "ImportState",
    ]);
    for (key_id, entries) in histories {
        for entry in entries {
            let date = entry
                .rotation_date
                .map(|t| t.to_rfc3339())
                .unwrap_or_default();
            out.push_str(&line(&[
                key_id,
                &date,
                &text(entry.rotation_type.as_ref()),
                entry.key_material_id.as_deref().unwrap_or(""),
                &text(entry.key_material_state.as_ref()),
                &text(entry.import_state.as_ref()),
            ]));
        }
    }
    out
}

/// Rotation histories as JSON: `{"Keys": [{"KeyId", "Rotations": [...]}]}` with dates in
/// RFC 3339.
pub(crate) fn histories_json(histories: &[(String, Vec<RotationsListEntry>)]) -> String {
    let keys: Vec<Value> = histories
        .iter()
        .map(|(key_id, entries)| {
            let rotations: Vec<Value> = entries
                .iter()
                .map(|entry| {
                    json!({
                        "RotationDate": entry.rotation_date.map(|t| t.to_rfc3339()),
                        "RotationType": entry.rotation_type.as_ref().map(|v| v.as_str()),
                        "KeyMaterialId": entry.key_material_id,
                        "KeyMaterialState": entry.key_material_state.as_ref().map(|v| v.as_str()),
                        "ImportState": entry.import_state.as_ref().map(|v| v.as_str()),
                    })
                })
                .collect();
            json!({ "KeyId": key_id, "Rotations": rotations })
        })
        .collect();
    serde_json::to_string_pretty(&json!({ "Keys": keys })).unwrap_or_default()
}

/// Offers `contents` as a file download named `file_name`.
pub(crate) fn download(file_name: &str, mime: &str, contents: &str) -> Result<(), String> {
    download_part(file_name, mime, &wasm_bindgen::JsValue::from_str(contents))
}

/// Offers `bytes` as a file download named `file_name`.
pub(crate) fn download_bytes(file_name: &str, bytes: &js_sys::Uint8Array) -> Result<(), String> {
    download_part(file_name, "application/octet-stream", bytes)
}

/// Offers one part (text or bytes) as a file download.
fn download_part(file_name: &str, mime: &str, part: &wasm_bindgen::JsValue) -> Result<(), String> {
    let failed = |_| format!("the browser refused to create {file_name}");
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let document = leptos::prelude::document();
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| format!("the browser refused to create {file_name}"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has started the download; the URL is no longer needed once it has.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::BulkOutcome;
    use kms_core::model::RotationType;
    use kms_core::time::Timestamp;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=cmd()"), "'=cmd()");
        let item = BulkItem {
            key_id: "k1".into(),
            alias: Some("alias/a".into()),
            remaining: Some(20),
            outcome: BulkOutcome::Started,
            message: String::new(),
            request_id: Some("r-1".into()),
            at: Some(Timestamp::from_epoch_seconds(0)),
            ..BulkItem::default()
        };
        let csv = results_csv(std::slice::from_ref(&item));
        assert!(csv.ends_with("k1,alias/a,20,rotation started,,r-1,1970-01-01T00:00:00Z\r\n"));
        let json: Value = serde_json::from_str(&results_json(&[item])).unwrap();
        assert_eq!(json["Results"][0]["RequestId"], "r-1");
    }

    #[wasm_bindgen_test]
    fn histories_have_one_line_per_entry() {
        let entry = RotationsListEntry {
            rotation_date: Some(Timestamp::from_epoch_seconds(60)),
            rotation_type: Some(RotationType::OnDemand),
            key_material_id: Some("ab".into()),
            ..Default::default()
        };
        let histories = vec![("k1".to_owned(), vec![entry.clone(), entry])];
        assert_eq!(histories_csv(&histories).lines().count(), 3);
        let json: Value = serde_json::from_str(&histories_json(&histories)).unwrap();
        assert_eq!(json["Keys"][0]["Rotations"][1]["RotationType"], "ON_DEMAND");
    }
}
