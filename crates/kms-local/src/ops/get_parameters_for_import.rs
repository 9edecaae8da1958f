//! `GetParametersForImport`: a fresh RSA wrapping key pair and an import token for an
//! `EXTERNAL` key, valid 24 hours (store time).
//!
//! <https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html>,
//! <https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html>.

use super::common::{key, required_key, Accepts, Input, Problems};
use super::OpContext;
use crate::error::KmsError;
use crate::import_token::{WrappingAlgorithm, WrappingKeySpec};
use crate::rules;
use base64::Engine;
use kms_core::partition::Partition;
use serde_json::{json, Value};

const ALGORITHMS: &[&str] = &[
    "RSAES_PKCS1_V1_5",
    "RSAES_OAEP_SHA_1",
    "RSAES_OAEP_SHA_256",
    "RSA_AES_KEY_WRAP_SHA_1",
    "RSA_AES_KEY_WRAP_SHA_256",
    "SM2PKE",
];
const SPECS: &[&str] = &["RSA_2048", "RSA_3072", "RSA_4096", "SM2"];

fn unsupported(message: impl Into<String>) -> KmsError {
    KmsError::service("UnsupportedOperationException", message)
}

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let algorithm = input.string("WrappingAlgorithm")?;
    let spec = input.string("WrappingKeySpec")?;
    let mut problems = Problems::default();
    problems.required("wrappingAlgorithm", &algorithm);
    problems.one_of("wrappingAlgorithm", algorithm.as_deref(), ALGORITHMS);
    problems.required("wrappingKeySpec", &spec);
    problems.one_of("wrappingKeySpec", spec.as_deref(), SPECS);
    problems.finish()?;
    let (algorithm, spec) = (algorithm.unwrap_or_default(), spec.unwrap_or_default());
    let r = required_key(ctx, input, Accepts::Key, false, "GetParametersForImport")?;
    let k = key(ctx.store, &r)?;
    rules::require_import_origin(k)?;
    rules::require_importable_state(k)?;
    // "AWS KMS also supports the SM2 wrapping key spec (China Regions only)"
    // (importing-keys-get-public-key-and-token.html, cited in the module doc).
    if spec == "SM2" || algorithm == "SM2PKE" {
        return Err(unsupported(
            if Partition::for_region(&r.region) == Partition::AwsCn {
                "kms-local does not implement the SM2 wrapping key spec.".to_owned()
            } else {
                format!("The SM2 wrapping key spec and SM2PKE wrapping algorithm are supported only in China Regions, not in {}.", r.region)
            },
        ));
    }
    // "RSAES_PKCS1_V1_5 (Deprecated) — As of October 10, 2023, KMS does not support the
    // RSAES_PKCS1_V1_5 wrapping algorithm" (the WrappingAlgorithm member of the API page),
    // for every key type.
    let (Some(algorithm), Some(spec)) = (
        WrappingAlgorithm::from_wire(&algorithm),
        WrappingKeySpec::from_wire(&spec),
    ) else {
        return Err(unsupported(
            "As of October 10, 2023, KMS does not support the RSAES_PKCS1_V1_5 wrapping algorithm. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.",
        ));
    };
    let arn = k.arn();
    let issued = ctx.wrapping.issue(&arn, spec, algorithm, ctx.now)?;
    let b64 = base64::engine::general_purpose::STANDARD;
    Ok(json!({
        "KeyId": arn,
        "ImportToken": b64.encode(&issued.token),
        "PublicKey": b64.encode(&issued.public_key),
        "ParametersValidTo": issued.valid_to,
    }))
}
