//! The hand-written writers against the serde derives: every shape writes the same bytes.

use super::*;
use crate::model::*;
use serde::Serialize;

/// Writes `shape` both ways and checks that they agree.
fn same<T: ToJson + Serialize>(shape: &T) -> String {
    let by_hand = shape.to_json();
    assert_eq!(by_hand, serde_json::to_string(shape).unwrap());
    by_hand
}

/// Strings that need escaping, and some that do not.
const TEXTS: [&str; 8] = [
    "",
    "alias/payments",
    "quote \" and backslash \\ and slash /",
    "line\nfeed\rreturn\ttab",
    "\u{8}\u{c}\u{0}\u{1f}\u{7f}",
    "naïve ключ 鍵 🔑",
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "{\"KeyId\": \"injected\"}",
];

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_member_of_every_shape_writes_as_serde_writes_it() {
    for text in TEXTS {
        let tags = vec![
            Tag {
                tag_key: text.into(),
                tag_value: text.into(),
            },
            Tag::default(),
        ];
        same(&TagResourceInput {
            key_id: text.into(),
            tags: tags.clone(),
        });
        same(&TagResourceInput {
            key_id: text.into(),
            tags: vec![],
        });
        same(&UntagResourceInput {
            key_id: text.into(),
            tag_keys: vec![text.into(), "b".into()],
        });
        same(&ListResourceTagsInput {
            key_id: text.into(),
            limit: Some(50),
            marker: Some(text.into()),
        });
        same(&GetKeyLastUsageInput {
            key_id: text.into(),
        });
    }
    for millis in [
        0,
        1_700_000_000_000,
        1_700_000_000_500,
        1_700_000_000_120,
        1_700_000_000_007,
        -1_500,
        -7,
        253_402_300_799_999,
    ] {
        for text in ["", "AQID", "kms-local material 2"] {
            same(&ImportKeyMaterialInput {
                key_id: text.into(),
                import_token: Blob(text.into()),
                encrypted_key_material: Blob(text.into()),
                valid_to: Some(crate::time::Timestamp::from_epoch_millis(millis)),
                expiration_model: Some(ExpirationModel::KeyMaterialExpires),
                import_type: Some(ImportType::NewKeyMaterial),
                key_material_description: Some(text.into()),
                key_material_id: Some(text.into()),
            });
            same(&GetParametersForImportInput {
                key_id: text.into(),
                wrapping_algorithm: Some(AlgorithmSpec::RsaAesKeyWrapSha256),
                wrapping_key_spec: Some(WrappingKeySpec::Rsa3072),
            });
            same(&DeleteImportedKeyMaterialInput {
                key_id: text.into(),
                key_material_id: None,
            });
        }
    }
    for text in TEXTS {
        let key_id = text.to_owned();
        let some = Some(key_id.clone());
        same(&RotateKeyOnDemandInput {
            key_id: key_id.clone(),
        });
        same(&RotateKeyOnDemandOutput {
            key_id: some.clone(),
        });
        same(&GetKeyRotationStatusInput {
            key_id: key_id.clone(),
        });
        same(&DescribeKeyInput {
            key_id: key_id.clone(),
        });
        same(&DisableKeyRotationInput {
            key_id: key_id.clone(),
        });
        for limit in [None, Some(0), Some(7), Some(u32::MAX)] {
            same(&ListKeysInput {
                limit,
                marker: some.clone(),
            });
            same(&ListAliasesInput {
                key_id: some.clone(),
                limit,
                marker: some.clone(),
            });
            same(&EnableKeyRotationInput {
                key_id: key_id.clone(),
                rotation_period_in_days: limit,
            });
            for include_key_material in [
                None,
                Some(IncludeKeyMaterial::AllKeyMaterial),
                Some(IncludeKeyMaterial::from_wire(text)),
            ] {
                same(&ListKeyRotationsInput {
                    key_id: key_id.clone(),
                    include_key_material,
                    limit,
                    marker: some.clone(),
                });
            }
        }
    }
    // Absent members are left out; a required string is written even when empty.
    assert_eq!(same(&ListKeysInput::default()), "{}");
    assert_eq!(same(&ListAliasesInput::default()), "{}");
    assert_eq!(same(&RotateKeyOnDemandOutput::default()), "{}");
    assert_eq!(same(&DescribeKeyInput::default()), r#"{"KeyId":""}"#);
    assert_eq!(
        same(&ListKeyRotationsInput {
            key_id: "k".into(),
            include_key_material: Some(IncludeKeyMaterial::AllKeyMaterial),
            limit: Some(10),
            marker: Some("m".into()),
        }),
        r#"{"KeyId":"k","IncludeKeyMaterial":"ALL_KEY_MATERIAL","Limit":10,"Marker":"m"}"#
    );
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    /// Any text at all, escaped as serde_json escapes it.
    #[test]
    fn any_string_writes_as_serde_writes_it(text in "\\PC*|[\\x00-\\x7f]{0,40}", limit: Option<u32>) {
        let input = ListAliasesInput { key_id: Some(text.clone()), limit, marker: Some(text) };
        proptest::prop_assert_eq!(input.to_json(), serde_json::to_string(&input).unwrap());
    }
}
