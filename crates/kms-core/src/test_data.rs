//! The references the unit tests read at run time (not compiled into the crate).

/// The KMS service model, `../shared/test-data/kms-model/service-2.json`: the source of
/// truth for shapes, members, limits and errors.
pub(crate) fn kms_model() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/test-data/kms-model/service-2.json"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("the KMS model is read at test time from {path}: {e}"));
    serde_json::from_str(&text).expect("service-2.json is JSON")
}
