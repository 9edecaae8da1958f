//! `error::decode_output::<T>` for every output shape in `kms_core::model`, on any body.
//!
//! Every input is decoded as each of the eleven shapes. Properties: decoding never panics;
//! a failure is a `Response` error that keeps the status; a success survives a trip
//! through its own serialization (what kms-local sends is what kms-core reads) with no
//! change; and the hand-written reader the client uses (`error::read_output`, over
//! `model::FromJson`) never panics and, where both readers accept a body, agrees with
//! the serde one.

use kms_core::error::{decode_output, read_output, Error};
use kms_core::model::{
    DeleteImportedKeyMaterialOutput, DescribeKeyOutput, FromJson, GetKeyLastUsageOutput,
    GetKeyRotationStatusOutput, GetParametersForImportOutput, ImportKeyMaterialOutput,
    ListAliasesOutput, ListKeyRotationsOutput, ListKeysOutput, ListResourceTagsOutput,
    RotateKeyOnDemandOutput,
};
use kms_core::transport::HttpResponse;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;

/// Runs one input: the bytes are the body of a 200 response.
pub fn run(data: &[u8]) {
    let response = HttpResponse::new(200, data.to_vec());
    check::<ListKeysOutput>(&response);
    check::<DescribeKeyOutput>(&response);
    check::<ListKeyRotationsOutput>(&response);
    check::<ListAliasesOutput>(&response);
    check::<GetKeyRotationStatusOutput>(&response);
    check::<RotateKeyOnDemandOutput>(&response);
    check::<GetParametersForImportOutput>(&response);
    check::<ImportKeyMaterialOutput>(&response);
    check::<DeleteImportedKeyMaterialOutput>(&response);
    check::<ListResourceTagsOutput>(&response);
    check::<GetKeyLastUsageOutput>(&response);
}

fn check<T: DeserializeOwned + Serialize + FromJson + PartialEq + Debug>(response: &HttpResponse) {
    let shape = std::any::type_name::<T>();
    let by_hand = read_output::<T>(response);
    if let (Ok(by_hand), Ok(by_serde)) = (&by_hand, decode_output::<T>(response)) {
        assert_eq!(by_hand, &by_serde, "{shape}: the two readers disagree");
    }
    if let Err(error) = &by_hand {
        assert!(
            matches!(error, Error::Response(_)),
            "{shape}: read_output failed with {error:?}"
        );
    }
    let output = match decode_output::<T>(response) {
        Ok(output) => output,
        Err(Error::Response(error)) => {
            assert_eq!(error.http_status, response.status);
            let _ = format!("{error}{error:?}");
            return;
        }
        Err(other) => panic!("{shape}: decode_output failed with {other:?}"),
    };
    let json = match serde_json::to_vec(&output) {
        Ok(json) => json,
        Err(error) => panic!("{shape}: {output:?} does not serialize: {error}"),
    };
    match decode_output::<T>(&HttpResponse::new(200, json.clone())) {
        Ok(again) => assert_eq!(
            again,
            output,
            "{shape} changed on a round trip through {}",
            String::from_utf8_lossy(&json)
        ),
        Err(error) => panic!(
            "{shape}: {output:?} serializes to {} which does not decode: {error}",
            String::from_utf8_lossy(&json)
        ),
    }
}
