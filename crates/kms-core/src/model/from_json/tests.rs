//! The hand-written readers against the serde derives: the same JSON reads the same.

use super::*;
use crate::model::*;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

/// Reads `json` both ways and checks that they agree.
fn same<T: FromJson + DeserializeOwned + PartialEq + Debug>(json: &str) -> T {
    let by_serde: T = serde_json::from_str(json).unwrap();
    let value: Value = serde_json::from_str(json).unwrap();
    let by_hand = T::from_json(&value).unwrap();
    assert_eq!(by_hand, by_serde, "{json}");
    by_hand
}

#[test]
fn every_member_of_every_shape_reads_as_serde_reads_it() {
    let metadata = same::<DescribeKeyOutput>(
        r#"{"KeyMetadata":{"AWSAccountId":"111122223333","KeyId":"k","Arn":"arn:aws:kms:us-east-1:111122223333:key/k",
        "CreationDate":1700000000.5,"Enabled":true,"Description":"d","KeyUsage":"ENCRYPT_DECRYPT","KeyState":"Enabled",
        "DeletionDate":1,"ValidTo":2,"Origin":"EXTERNAL","CustomKeyStoreId":"cks","CloudHsmClusterId":"c",
        "ExpirationModel":"KEY_MATERIAL_EXPIRES","KeyManager":"CUSTOMER","CustomerMasterKeySpec":"SYMMETRIC_DEFAULT",
        "KeySpec":"QUANTUM_9000","EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"SigningAlgorithms":[],
        "KeyAgreementAlgorithms":["ECDH"],"EncapsulationAlgorithms":["ML_KEM"],"MultiRegion":true,
        "MultiRegionConfiguration":{"MultiRegionKeyType":"PRIMARY","PrimaryKey":{"Arn":"a","Region":"r"},
        "ReplicaKeys":[{"Arn":"b","Region":"s"}]},"PendingDeletionWindowInDays":7,"MacAlgorithms":["HMAC_SHA_256"],
        "XksKeyConfiguration":{"Id":"x"},"CurrentKeyMaterialId":"m","Future":{"x":[1,2]}}}"#,
    );
    assert_eq!(
        metadata
            .key_metadata
            .unwrap()
            .pending_deletion_window_in_days,
        Some(7)
    );
    same::<ListKeyRotationsOutput>(
        r#"{"Rotations":[{"KeyId":"k","KeyMaterialId":"ab","KeyMaterialDescription":"d","ImportState":"IMPORTED",
        "KeyMaterialState":"NON_CURRENT","ExpirationModel":"KEY_MATERIAL_EXPIRES","ValidTo":1.5,"RotationDate":2,
        "RotationType":"ON_DEMAND"}],"NextMarker":"m","Truncated":true}"#,
    );
    same::<GetKeyRotationStatusOutput>(
        r#"{"KeyRotationEnabled":true,"KeyId":"k","RotationPeriodInDays":365,"NextRotationDate":1700000000,
        "OnDemandRotationStartDate":1699999999.25}"#,
    );
    same::<ListKeysOutput>(
        r#"{"Keys":[{"KeyId":"k","KeyArn":"a"},{"KeyId":"l"}],"Truncated":false}"#,
    );
    same::<ListAliasesOutput>(
        r#"{"Aliases":[{"AliasName":"alias/a","AliasArn":"b","TargetKeyId":"k","CreationDate":1,"LastUpdatedDate":2.5}],
        "NextMarker":"n","Truncated":true}"#,
    );
    same::<RotateKeyOnDemandOutput>(r#"{"KeyId":"k"}"#);
    same::<EmptyOutput>(r#"{"Ignored":1}"#);
}

#[test]
fn absent_and_null_members_read_as_serde_reads_them() {
    same::<DescribeKeyOutput>("{}");
    same::<DescribeKeyOutput>(r#"{"KeyMetadata":null}"#);
    same::<DescribeKeyOutput>(r#"{"KeyMetadata":{"Arn":null,"MultiRegionConfiguration":{}}}"#);
    same::<ListKeysOutput>(r#"{"NextMarker":null}"#);
    same::<GetKeyRotationStatusOutput>(r#"{"OnDemandRotationStartDate":null}"#);
}

#[test]
fn a_member_of_the_wrong_type_is_named() {
    let read = |json: &str| {
        let value: Value = serde_json::from_str(json).unwrap();
        ListKeyRotationsOutput::from_json(&value)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(read("[]"), "the answer is not an object");
    assert_eq!(read(r#"{"Rotations":{}}"#), "Rotations is not a list");
    assert_eq!(read(r#"{"Rotations":[1]}"#), "Rotations is not an object");
    assert_eq!(
        read(r#"{"Rotations":[{"RotationDate":"2024-01-01"}]}"#),
        "RotationDate is not a timestamp in epoch seconds"
    );
    assert_eq!(read(r#"{"Truncated":"no"}"#), "Truncated is not a boolean");
    let value: Value = serde_json::from_str(r#"{"RotationPeriodInDays":-1}"#).unwrap();
    assert_eq!(
        GetKeyRotationStatusOutput::from_json(&value)
            .unwrap_err()
            .to_string(),
        "RotationPeriodInDays is not a whole number"
    );
}

// Property tests run natively only: proptest needs OS randomness.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A JSON value of any type, small.
    fn any_value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("null".to_owned()),
            any::<bool>().prop_map(|b| b.to_string()),
            (0u64..5_000_000_000).prop_map(|n| n.to_string()),
            (-1e13f64..1e13).prop_map(|f| format!("{f:?}")),
            "[a-zA-Z_]{0,8}".prop_map(|s| format!("{s:?}")),
            Just("[]".to_owned()),
            Just("{}".to_owned()),
            Just(r#"[{"KeyId":"k","RotationType":"ON_DEMAND","RotationDate":1}]"#.to_owned()),
            Just(r#"{"MultiRegionKeyType":"PRIMARY","ReplicaKeys":[]}"#.to_owned()),
        ]
    }

    const MEMBERS: &[&str] = &[
        "KeyId",
        "Arn",
        "CreationDate",
        "Enabled",
        "KeyState",
        "KeySpec",
        "MultiRegion",
        "MultiRegionConfiguration",
        "EncryptionAlgorithms",
        "PendingDeletionWindowInDays",
        "Rotations",
        "RotationDate",
        "RotationType",
        "NextMarker",
        "Truncated",
        "Keys",
        "Aliases",
        "AliasName",
        "KeyRotationEnabled",
        "RotationPeriodInDays",
        "OnDemandRotationStartDate",
        "KeyMetadata",
    ];

    fn any_object() -> impl Strategy<Value = String> {
        proptest::collection::vec((proptest::sample::select(MEMBERS), any_value()), 0..6).prop_map(
            |members| {
                let members: Vec<String> = members
                    .iter()
                    .map(|(name, value)| format!("{name:?}:{value}"))
                    .collect();
                format!("{{{}}}", members.join(","))
            },
        )
    }

    /// Whenever serde reads a body, the hand-written reader reads the same — except
    /// where the body has a list in place of a structure, which serde's derives read as
    /// the structure's members in order (KMS never sends one).
    fn agrees<T: FromJson + DeserializeOwned + PartialEq + Debug>(json: &str) {
        let value: Value = serde_json::from_str(json).unwrap();
        if let Ok(by_serde) = serde_json::from_str::<T>(json) {
            match T::from_json(&value) {
                Ok(by_hand) => assert_eq!(by_hand, by_serde, "{json}"),
                Err(error) if error.expected == "an object" && json.contains('[') => {}
                Err(error) => panic!("{json}: serde reads it, by hand: {error}"),
            }
        }
    }

    proptest! {
        #[test]
        fn reads_as_serde_reads(json in any_object()) {
            agrees::<ListKeyRotationsOutput>(&json);
            agrees::<GetKeyRotationStatusOutput>(&json);
            agrees::<ListKeysOutput>(&json);
            agrees::<ListAliasesOutput>(&json);
            agrees::<RotateKeyOnDemandOutput>(&json);
            agrees::<KeyMetadata>(&json);
            agrees::<RotationsListEntry>(&json);
            agrees::<DescribeKeyOutput>(&format!(r#"{{"KeyMetadata":{json}}}"#));
        }
    }
}
