//! The operations against the KMS service model: names, members and limits agree.

use super::*;
use crate::model::*;

use crate::test_data::kms_model as model;

/// Members the model gives a shape, sorted.
fn members(model: &serde_json::Value, shape: &str) -> Vec<String> {
    let mut names: Vec<String> = model["shapes"][shape]["members"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

/// Members our type writes when every optional member is set.
fn written(value: impl serde::Serialize) -> Vec<String> {
    let mut names: Vec<String> = serde_json::to_value(value)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

#[test]
fn every_operation_exists_in_the_model() {
    let model = model();
    for name in OPERATION_NAMES {
        assert!(
            model["operations"][name].is_object(),
            "{name} is not in the model"
        );
    }
    assert_eq!(model["metadata"]["targetPrefix"], "TrentService");
    assert_eq!(model["metadata"]["jsonVersion"], "1.1");
    assert_eq!(model["metadata"]["endpointPrefix"], crate::request::SERVICE);
}

#[test]
fn inputs_write_the_members_the_model_names() {
    let model = model();
    let some = || Some("x".to_owned());
    let cases = [
        (
            "RotateKeyOnDemandRequest",
            written(RotateKeyOnDemandInput { key_id: "k".into() }),
        ),
        (
            "GetKeyRotationStatusRequest",
            written(GetKeyRotationStatusInput { key_id: "k".into() }),
        ),
        (
            "ListKeyRotationsRequest",
            written(ListKeyRotationsInput {
                key_id: "k".into(),
                include_key_material: Some(IncludeKeyMaterial::AllKeyMaterial),
                limit: Some(1),
                marker: some(),
            }),
        ),
        (
            "DescribeKeyRequest",
            written(DescribeKeyInput { key_id: "k".into() }),
        ),
        (
            "ListAliasesRequest",
            written(ListAliasesInput {
                key_id: some(),
                limit: Some(1),
                marker: some(),
            }),
        ),
        (
            "EnableKeyRotationRequest",
            written(EnableKeyRotationInput {
                key_id: "k".into(),
                rotation_period_in_days: Some(90),
            }),
        ),
        (
            "DisableKeyRotationRequest",
            written(DisableKeyRotationInput { key_id: "k".into() }),
        ),
        (
            "GetParametersForImportRequest",
            written(GetParametersForImportInput {
                key_id: "k".into(),
                wrapping_algorithm: Some(AlgorithmSpec::RsaesOaepSha256),
                wrapping_key_spec: Some(WrappingKeySpec::Rsa4096),
            }),
        ),
        ("ImportKeyMaterialRequest", written(full_import())),
        (
            "ListResourceTagsRequest",
            written(ListResourceTagsInput {
                key_id: "k".into(),
                limit: Some(1),
                marker: some(),
            }),
        ),
        (
            "TagResourceRequest",
            written(TagResourceInput {
                key_id: "k".into(),
                tags: vec![Tag {
                    tag_key: "team".into(),
                    tag_value: "payments".into(),
                }],
            }),
        ),
        (
            "UntagResourceRequest",
            written(UntagResourceInput {
                key_id: "k".into(),
                tag_keys: vec!["team".into()],
            }),
        ),
        (
            "GetKeyLastUsageRequest",
            written(GetKeyLastUsageInput { key_id: "k".into() }),
        ),
        (
            "DeleteImportedKeyMaterialRequest",
            written(DeleteImportedKeyMaterialInput {
                key_id: "k".into(),
                key_material_id: some(),
            }),
        ),
    ];
    for (shape, ours) in cases {
        let theirs = members(&model, shape);
        for member in &ours {
            assert!(theirs.contains(member), "{shape} has no member {member}");
        }
    }
    // The import operations' inputs: every member of the model.
    assert_eq!(
        written(full_import()),
        members(&model, "ImportKeyMaterialRequest")
    );
    // Members we deliberately do not send: GrantTokens (DescribeKey) and ResourceOwners
    // (ListKeys) serve cross-account grants, which this tool does not use.
    assert_eq!(
        members(&model, "ListKeysRequest"),
        ["Limit", "Marker", "ResourceOwners"]
    );
}

/// An `ImportKeyMaterial` input with every member set.
fn full_import() -> ImportKeyMaterialInput {
    ImportKeyMaterialInput {
        key_id: "k".into(),
        import_token: Blob("AQID".into()),
        encrypted_key_material: Blob("AQID".into()),
        valid_to: Some(Default::default()),
        expiration_model: Some(ExpirationModel::KeyMaterialExpires),
        import_type: Some(ImportType::ExistingKeyMaterial),
        key_material_description: Some("d".into()),
        key_material_id: Some("a".repeat(64)),
    }
}

#[test]
fn import_inputs_are_checked_before_sending() {
    let key = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let valid = || ImportKeyMaterialInput {
        key_id: key.into(),
        ..full_import()
    };
    assert!(ImportKeyMaterial::validate(&valid()).is_ok());
    let field = |input: ImportKeyMaterialInput| match ImportKeyMaterial::validate(&input) {
        Err(InputError::Invalid { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    let mut input = valid();
    input.valid_to = None;
    assert_eq!(field(input), "ValidTo");
    let mut input = valid();
    input.expiration_model = Some(ExpirationModel::KeyMaterialDoesNotExpire);
    assert_eq!(field(input), "ValidTo");
    for bad in ["", "AQI", "AQ*D", "AQ===", &"A".repeat(8200)] {
        let mut input = valid();
        input.import_token = Blob(bad.into());
        assert_eq!(field(input), "ImportToken", "{bad:.10}");
    }
    let mut input = valid();
    input.import_type = Some(ImportType::NewKeyMaterial);
    assert_eq!(field(input), "KeyMaterialId");
    let mut input = valid();
    input.key_material_id = Some("A".repeat(64));
    assert_eq!(field(input), "KeyMaterialId");
    let mut input = valid();
    input.key_material_description = Some("semi;colon".into());
    assert_eq!(field(input), "KeyMaterialDescription");
    let mut input = valid();
    input.key_id = "alias/imported".into();
    assert_eq!(field(input), "KeyId");
    let parameters = GetParametersForImportInput {
        key_id: key.into(),
        wrapping_algorithm: Some(AlgorithmSpec::RsaAesKeyWrapSha256),
        wrapping_key_spec: None,
    };
    assert!(GetParametersForImport::validate(&parameters).is_err());
    let delete = DeleteImportedKeyMaterialInput {
        key_id: key.into(),
        key_material_id: Some("f".repeat(63)),
    };
    assert!(DeleteImportedKeyMaterial::validate(&delete).is_err());
    assert_eq!(Blob("AQIDBA==".into()).decoded_len(), Some(4));
    assert_eq!(
        format!("{:?}", Blob("c2VjcmV0".into())),
        "Blob(8 base64 characters)"
    );
}

#[test]
fn tag_inputs_are_checked_before_sending() {
    let key = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let tag = |k: &str, v: &str| Tag {
        tag_key: k.into(),
        tag_value: v.into(),
    };
    let tagging = |tags: Vec<Tag>| TagResourceInput {
        key_id: key.into(),
        tags,
    };
    assert!(TagResource::validate(&tagging(vec![tag("team", ""), tag("env", "prod")])).is_ok());
    assert!(TagResource::validate(&tagging(vec![tag("AWS:owner", "x")])).is_err());
    assert!(TagResource::validate(&tagging(vec![tag("", "x")])).is_err());
    assert!(TagResource::validate(&tagging(vec![tag(&"k".repeat(129), "x")])).is_err());
    assert!(TagResource::validate(&tagging(vec![tag("k", &"v".repeat(257))])).is_err());
    assert!(TagResource::validate(&tagging(vec![tag("k", "v"); MAX_TAGS + 1])).is_err());
    let untag = UntagResourceInput {
        key_id: key.into(),
        tag_keys: vec!["aws:cloudformation:stack-name".into()],
    };
    assert!(UntagResource::validate(&untag).is_err());
    let list = ListResourceTagsInput {
        key_id: key.into(),
        limit: Some(51),
        marker: None,
    };
    assert!(ListResourceTags::validate(&list).is_err());
}

#[test]
fn outputs_read_every_member_the_model_gives() {
    let model = model();
    let full_metadata = KeyMetadata {
        aws_account_id: Some("1".into()),
        arn: Some("a".into()),
        creation_date: Some(Default::default()),
        enabled: Some(true),
        description: Some("d".into()),
        key_usage: Some(KeyUsage::EncryptDecrypt),
        key_state: Some(KeyState::Enabled),
        deletion_date: Some(Default::default()),
        valid_to: Some(Default::default()),
        origin: Some(Origin::AwsKms),
        custom_key_store_id: Some("c".into()),
        cloud_hsm_cluster_id: Some("c".into()),
        expiration_model: Some(ExpirationModel::KeyMaterialExpires),
        key_manager: Some(KeyManager::Customer),
        customer_master_key_spec: Some(KeySpec::SymmetricDefault),
        key_spec: Some(KeySpec::SymmetricDefault),
        encryption_algorithms: Some(vec![]),
        signing_algorithms: Some(vec![]),
        key_agreement_algorithms: Some(vec![]),
        encapsulation_algorithms: Some(vec![]),
        multi_region: Some(true),
        multi_region_configuration: Some(Default::default()),
        pending_deletion_window_in_days: Some(7),
        mac_algorithms: Some(vec![]),
        xks_key_configuration: Some(Default::default()),
        current_key_material_id: Some("m".into()),
        ..KeyMetadata::new("k")
    };
    assert_eq!(written(full_metadata), members(&model, "KeyMetadata"));
    let entry = RotationsListEntry {
        key_id: Some("k".into()),
        key_material_id: Some("m".into()),
        key_material_description: Some("d".into()),
        import_state: Some(ImportState::Imported),
        key_material_state: Some(KeyMaterialState::Current),
        expiration_model: Some(ExpirationModel::KeyMaterialDoesNotExpire),
        valid_to: Some(Default::default()),
        rotation_date: Some(Default::default()),
        rotation_type: Some(RotationType::Automatic),
    };
    assert_eq!(written(entry), members(&model, "RotationsListEntry"));
    let status = GetKeyRotationStatusOutput {
        key_rotation_enabled: true,
        key_id: Some("k".into()),
        rotation_period_in_days: Some(90),
        next_rotation_date: Some(Default::default()),
        on_demand_rotation_start_date: Some(Default::default()),
    };
    assert_eq!(
        written(status),
        members(&model, "GetKeyRotationStatusResponse")
    );
    let alias = AliasListEntry {
        alias_name: "alias/a".into(),
        alias_arn: Some("a".into()),
        target_key_id: Some("k".into()),
        creation_date: Some(Default::default()),
        last_updated_date: Some(Default::default()),
    };
    assert_eq!(written(alias), members(&model, "AliasListEntry"));
    let config = MultiRegionConfiguration {
        multi_region_key_type: Some(MultiRegionKeyType::Primary),
        primary_key: Some(MultiRegionKey::new("a", "r")),
        replica_keys: vec![MultiRegionKey::new("a", "r")],
    };
    assert_eq!(written(config), members(&model, "MultiRegionConfiguration"));
    let parameters = GetParametersForImportOutput {
        key_id: Some("k".into()),
        import_token: Some(Blob("AQID".into())),
        public_key: Some(Blob("AQID".into())),
        parameters_valid_to: Some(Default::default()),
    };
    assert_eq!(
        written(parameters),
        members(&model, "GetParametersForImportResponse")
    );
    let usage = GetKeyLastUsageOutput {
        key_id: Some("k".into()),
        key_last_usage: Some(KeyLastUsage {
            operation: Some(KeyLastUsageTrackingOperation::Decrypt),
            timestamp: Some(Default::default()),
            cloud_trail_event_id: Some("e".into()),
            kms_request_id: Some("r".into()),
        }),
        tracking_start_date: Some(Default::default()),
        key_creation_date: Some(Default::default()),
    };
    assert_eq!(
        written(usage.clone()),
        members(&model, "GetKeyLastUsageResponse")
    );
    assert_eq!(
        written(usage.key_last_usage),
        members(&model, "KeyLastUsageData")
    );
    let tags = ListResourceTagsOutput {
        tags: vec![],
        next_marker: Some("m".into()),
        truncated: true,
    };
    assert_eq!(written(tags), members(&model, "ListResourceTagsResponse"));
    let material = Some("m".to_owned());
    let imported = ImportKeyMaterialOutput {
        key_id: Some("k".into()),
        key_material_id: material.clone(),
    };
    assert_eq!(
        written(imported),
        members(&model, "ImportKeyMaterialResponse")
    );
    let deleted = DeleteImportedKeyMaterialOutput {
        key_id: Some("k".into()),
        key_material_id: material,
    };
    assert_eq!(
        written(deleted),
        members(&model, "DeleteImportedKeyMaterialResponse")
    );
}

#[test]
fn every_model_enum_value_is_known() {
    let model = model();
    let check = |shape: &str, known: Vec<&str>| {
        let values: Vec<String> = model["shapes"][shape]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        for value in values {
            assert!(
                known.contains(&value.as_str()),
                "{shape} value {value} is not typed"
            );
        }
    };
    macro_rules! check_enums {
        ($($shape:literal => $ty:ty),+) => {
            $(check($shape, <$ty>::KNOWN.iter().map(|v| v.as_str()).collect());)+
        };
    }
    check_enums!(
        "KeyState" => KeyState,
        "KeyUsageType" => KeyUsage,
        "OriginType" => Origin,
        "KeyManagerType" => KeyManager,
        "KeySpec" => KeySpec,
        "MultiRegionKeyType" => MultiRegionKeyType,
        "RotationType" => RotationType,
        "KeyMaterialState" => KeyMaterialState,
        "ImportState" => ImportState,
        "ExpirationModelType" => ExpirationModel,
        "IncludeKeyMaterial" => IncludeKeyMaterial,
        "AlgorithmSpec" => AlgorithmSpec,
        "WrappingKeySpec" => WrappingKeySpec,
        "ImportType" => ImportType,
        "KeyLastUsageTrackingOperation" => KeyLastUsageTrackingOperation
    );
}

#[test]
fn limits_agree_with_the_model() {
    let model = model();
    let shapes = &model["shapes"];
    assert_eq!(shapes["LimitType"]["max"], 1000);
    assert_eq!(
        shapes["RotationPeriodInDaysType"]["min"],
        *ROTATION_PERIOD_DAYS.start()
    );
    assert_eq!(
        shapes["RotationPeriodInDaysType"]["max"],
        *ROTATION_PERIOD_DAYS.end()
    );
    assert_eq!(shapes["MarkerType"]["max"], 1024);
    assert_eq!(shapes["CiphertextType"]["max"], MAX_CIPHERTEXT_BYTES);
    assert_eq!(
        shapes["KeyMaterialDescriptionType"]["max"],
        MAX_MATERIAL_DESCRIPTION
    );
    assert_eq!(shapes["BackingKeyIdType"]["pattern"], "^[a-f0-9]+$");
    assert!(check_limit(Some(1000), 1000).is_ok());
    assert!(check_limit(Some(1001), 1000).is_err());
    assert!(check_marker(Some("ok")).is_ok());
    assert!(check_marker(Some("")).is_err());
    assert!(check_marker(Some("\u{7}")).is_err());
}
