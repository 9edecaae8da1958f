//! Imported key material (issue 14): GetParametersForImport, ImportKeyMaterial and
//! DeleteImportedKeyMaterial, with real wrapping — the `rsa` crate's public-key encryption
//! and `aes-kw`'s key wrap with padding, as a client does — and the rotation of imported
//! material, single-Region and multi-Region.

use super::{fixture, id, rotate_and_wait, Fixture};
use aes_kw::{KeyInit, KwpAes256};
use base64::Engine;
use kms_local::clock::WallClock;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};

const MR_IMPORTED: &str = "mrk-dec0de00000040008000000000000025";
const DAY: i64 = 86_400;

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

/// The import parameters of `GetParametersForImport`.
struct Params {
    token: String,
    public_key: Vec<u8>,
    valid_to: f64,
}

impl Fixture {
    async fn call_in(&self, region: &str, op: &str, body: Value) -> (u16, Value) {
        self.raw_as(
            op,
            body.to_string().into_bytes(),
            &super::demo_credentials(),
            region,
            self.clock.now(),
        )
        .await
    }

    /// `GetParametersForImport` (1 per second: each call moves past the quota second).
    async fn params_in(&self, region: &str, key: &str, algorithm: &str, spec: &str) -> Params {
        self.tick();
        let (status, out) = self
            .call_in(
                region,
                "GetParametersForImport",
                json!({"KeyId": key, "WrappingAlgorithm": algorithm, "WrappingKeySpec": spec}),
            )
            .await;
        assert_eq!(status, 200, "{out}");
        Params {
            token: out["ImportToken"].as_str().expect("a token").to_owned(),
            public_key: b64()
                .decode(out["PublicKey"].as_str().expect("a public key"))
                .expect("base64"),
            valid_to: out["ParametersValidTo"].as_f64().expect("a date"),
        }
    }

    async fn params(&self, key: &str, algorithm: &str) -> Params {
        self.params_in("us-east-1", key, algorithm, "RSA_2048")
            .await
    }

    async fn import_in(
        &self,
        region: &str,
        key: &str,
        p: &Params,
        wrapped: &[u8],
        extra: Value,
    ) -> (u16, Value) {
        let mut body = json!({
            "KeyId": key,
            "ImportToken": p.token,
            "EncryptedKeyMaterial": b64().encode(wrapped),
            "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE",
        });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in extra {
                if v.is_null() {
                    body.remove(k);
                } else {
                    body.insert(k.clone(), v.clone());
                }
            }
        }
        self.call_in(region, "ImportKeyMaterial", body).await
    }

    async fn import(&self, key: &str, p: &Params, wrapped: &[u8], extra: Value) -> (u16, Value) {
        self.import_in("us-east-1", key, p, wrapped, extra).await
    }

    async fn describe_in(&self, region: &str, key: &str) -> Value {
        let (status, out) = self
            .call_in(region, "DescribeKey", json!({"KeyId": key}))
            .await;
        assert_eq!(status, 200, "{out}");
        out["KeyMetadata"].clone()
    }

    async fn materials_in(&self, region: &str, key: &str) -> Vec<Value> {
        let (status, out) = self
            .call_in(
                region,
                "ListKeyRotations",
                json!({"KeyId": key, "IncludeKeyMaterial": "ALL_KEY_MATERIAL"}),
            )
            .await;
        assert_eq!(status, 200, "{out}");
        out["Rotations"].as_array().cloned().unwrap_or_default()
    }

    async fn new_external_key(&self) -> String {
        let (status, out) = self.raw("CreateKey", json!({"Origin": "EXTERNAL"})).await;
        assert_eq!(status, 200, "{out}");
        out["KeyMetadata"]["KeyId"]
            .as_str()
            .expect("a key id")
            .to_owned()
    }

    async fn advance_store_clock(&self, seconds: i64) {
        self.admin("POST", "clock", json!({"advanceSeconds": seconds}))
            .await;
    }
}

/// Wraps `material` for `public_key` (DER SPKI) with `algorithm`, as a client does.
fn wrap(public_key: &[u8], algorithm: &str, material: &[u8]) -> Vec<u8> {
    let public = rsa::PublicKey::from_public_key_der(public_key).expect("an RSA SPKI");
    let oaep = |sha256: bool, plaintext: &[u8]| {
        if sha256 {
            public.oaep_encrypt::<sha2::Sha256>(plaintext)
        } else {
            public.oaep_encrypt::<sha1::Sha1>(plaintext)
        }
        .expect("encrypts")
    };
    match algorithm {
        "RSAES_OAEP_SHA_1" => oaep(false, material),
        "RSAES_OAEP_SHA_256" => oaep(true, material),
        "RSA_AES_KEY_WRAP_SHA_1" | "RSA_AES_KEY_WRAP_SHA_256" => {
            let aes_key: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0xa5);
            let mut out = oaep(algorithm.ends_with("256"), &aes_key);
            let kwp = KwpAes256::new_from_slice(&aes_key).expect("a 256-bit key");
            let mut buf = vec![0; material.len().div_ceil(8) * 8 + 8];
            out.extend_from_slice(kwp.wrap_key(material, &mut buf).expect("wraps"));
            out
        }
        other => panic!("no such algorithm {other}"),
    }
}

fn material(seed: u8) -> [u8; 32] {
    std::array::from_fn(|i| seed.wrapping_add(i as u8).wrapping_mul(31))
}

/// The error code, less the `namespace#` of framework errors.
fn error_code(out: &Value) -> &str {
    let code = out["__type"].as_str().unwrap_or_default();
    code.rsplit('#').next().unwrap_or(code)
}

#[tokio::test]
async fn every_wrapping_algorithm_imports_the_first_material() {
    let f = fixture();
    for (n, algorithm) in [
        "RSAES_OAEP_SHA_1",
        "RSAES_OAEP_SHA_256",
        "RSA_AES_KEY_WRAP_SHA_1",
        "RSA_AES_KEY_WRAP_SHA_256",
    ]
    .into_iter()
    .enumerate()
    {
        let key = f.new_external_key().await;
        assert_eq!(
            f.describe_in("us-east-1", &key).await["KeyState"],
            "PendingImport"
        );
        let p = f.params(&key, algorithm).await;
        let now = f.clock.now().epoch_seconds_f64();
        assert!((p.valid_to - (now + DAY as f64)).abs() < 2.0, "24 hours");
        let bytes = material(n as u8);
        let (status, out) = f
            .import(&key, &p, &wrap(&p.public_key, algorithm, &bytes), json!({}))
            .await;
        assert_eq!(status, 200, "{algorithm}: {out}");
        assert!(out["KeyId"]
            .as_str()
            .unwrap_or_default()
            .starts_with("arn:aws:kms:us-east-1:"));
        let meta = f.describe_in("us-east-1", &key).await;
        assert_eq!(meta["KeyState"], "Enabled", "{algorithm}");
        assert_eq!(meta["ExpirationModel"], "KEY_MATERIAL_DOES_NOT_EXPIRE");
        assert_eq!(meta["CurrentKeyMaterialId"], out["KeyMaterialId"]);
        let materials = f.materials_in("us-east-1", &key).await;
        assert_eq!(materials.len(), 1);
        assert_eq!(materials[0]["KeyMaterialState"], "CURRENT");
        assert_eq!(materials[0]["ImportState"], "IMPORTED");
    }
}

#[tokio::test]
async fn wrapping_keys_have_the_size_of_their_spec() {
    let f = fixture();
    let key = id(22);
    for (spec, bytes) in [("RSA_2048", 256), ("RSA_3072", 384), ("RSA_4096", 512)] {
        let p = f
            .params_in("us-east-1", &key, "RSAES_OAEP_SHA_256", spec)
            .await;
        let public = rsa::PublicKey::from_public_key_der(&p.public_key).expect("an RSA SPKI");
        assert_eq!(public.size(), bytes, "{spec}");
    }
}

#[tokio::test]
async fn refused_algorithms_specs_and_keys() {
    let f = fixture();
    let call = |key: String, algorithm: &'static str, spec: &'static str| {
        let f = &f;
        async move {
            f.tick();
            f.raw(
                "GetParametersForImport",
                json!({"KeyId": key, "WrappingAlgorithm": algorithm, "WrappingKeySpec": spec}),
            )
            .await
        }
    };
    let (status, out) = call(id(22), "RSAES_PKCS1_V1_5", "RSA_2048").await;
    assert_eq!(
        (status, error_code(&out)),
        (400, "UnsupportedOperationException"),
        "{out}"
    );
    let (_, out) = call(id(22), "SM2PKE", "SM2").await;
    assert_eq!(error_code(&out), "UnsupportedOperationException");
    assert!(
        out["message"]
            .as_str()
            .unwrap_or_default()
            .contains("China"),
        "{out}"
    );
    // Not EXTERNAL; in a custom key store; pending deletion (an EXTERNAL one is made below).
    for key in [id(1), id(12)] {
        let (_, out) = call(key, "RSAES_OAEP_SHA_256", "RSA_2048").await;
        assert_eq!(error_code(&out), "UnsupportedOperationException", "{out}");
    }
    let (_, out) = call(id(22), "RSA_OAEP", "RSA_1024").await;
    assert_eq!(error_code(&out), "ValidationException");
    assert!(
        out["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("2 validation errors"),
        "{out}"
    );
    f.tick();
    let (_, out) = f
        .raw("GetParametersForImport", json!({"KeyId": id(22)}))
        .await;
    assert_eq!(error_code(&out), "ValidationException", "{out}");
    let key = f.new_external_key().await;
    let (status, _) = f.raw("ScheduleKeyDeletion", json!({"KeyId": key})).await;
    assert_eq!(status, 200);
    let (_, out) = call(key.clone(), "RSAES_OAEP_SHA_256", "RSA_2048").await;
    assert_eq!(error_code(&out), "KMSInvalidStateException", "{out}");
    // Delete works on a key pending deletion (and does not change its state).
    let (status, out) = f
        .raw("DeleteImportedKeyMaterial", json!({"KeyId": key}))
        .await;
    assert_eq!(status, 200, "{out}");
    let (_, out) = f
        .raw("DeleteImportedKeyMaterial", json!({"KeyId": id(1)}))
        .await;
    assert_eq!(error_code(&out), "UnsupportedOperationException");
}

#[tokio::test]
async fn tokens_are_bound_to_their_key_and_wrapping_key_and_expire() {
    let f = fixture();
    let (a, b) = (f.new_external_key().await, f.new_external_key().await);
    let bytes = material(1);
    let pa = f.params(&a, "RSAES_OAEP_SHA_256").await;
    let wrapped = wrap(&pa.public_key, "RSAES_OAEP_SHA_256", &bytes);
    // A token of another key.
    let (_, out) = f.import(&b, &pa, &wrapped, json!({})).await;
    assert_eq!(error_code(&out), "InvalidImportTokenException", "{out}");
    // Not from this server: garbage, and a token with one byte changed.
    let (_, out) = f
        .import(
            &a,
            &pa,
            &wrapped,
            json!({"ImportToken": b64().encode(b"not a token")}),
        )
        .await;
    assert_eq!(error_code(&out), "InvalidImportTokenException");
    let mut changed = b64().decode(&pa.token).expect("base64");
    changed[6] ^= 1; // the wrapping key id: another wrapping key
    let (_, out) = f
        .import(
            &a,
            &pa,
            &wrapped,
            json!({"ImportToken": b64().encode(&changed)}),
        )
        .await;
    assert_eq!(error_code(&out), "InvalidImportTokenException");
    // Material wrapped for another wrapping key: KMS cannot decrypt it.
    let pa2 = f.params(&a, "RSAES_OAEP_SHA_256").await;
    let (_, out) = f.import(&a, &pa2, &wrapped, json!({})).await;
    assert_eq!(error_code(&out), "InvalidCiphertextException", "{out}");
    // The wrong algorithm for the token: also undecryptable.
    let (_, out) = f
        .import(
            &a,
            &pa,
            &wrap(&pa.public_key, "RSAES_OAEP_SHA_1", &bytes),
            json!({}),
        )
        .await;
    assert_eq!(error_code(&out), "InvalidCiphertextException");
    // Not base64.
    let (_, out) = f
        .import(&a, &pa, &wrapped, json!({"ImportToken": "%%%"}))
        .await;
    assert_eq!(error_code(&out), "SerializationException", "{out}");
    // 24 hours of store time later.
    f.advance_store_clock(DAY).await;
    let (_, out) = f.import(&a, &pa, &wrapped, json!({})).await;
    assert_eq!(error_code(&out), "ExpiredImportTokenException", "{out}");
    let fresh = f.params(&a, "RSAES_OAEP_SHA_256").await;
    let (status, out) = f
        .import(
            &a,
            &fresh,
            &wrap(&fresh.public_key, "RSAES_OAEP_SHA_256", &bytes),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
}

#[tokio::test]
async fn reimport_and_validation_rules() {
    let f = fixture();
    let key = f.new_external_key().await;
    let bytes = material(7);
    let p = f.params(&key, "RSA_AES_KEY_WRAP_SHA_256").await;
    let w = |m: &[u8]| wrap(&p.public_key, "RSA_AES_KEY_WRAP_SHA_256", m);
    let now = f.clock.now().epoch_seconds_f64();
    // Expiration model and ValidTo.
    for (extra, why) in [
        (
            json!({"ExpirationModel": null}),
            "ValidTo is required by the default model",
        ),
        (
            json!({"ValidTo": now + 3600.0}),
            "ValidTo with DOES_NOT_EXPIRE",
        ),
        (
            json!({"ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": now - 1.0}),
            "past",
        ),
        (
            json!({"ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": now + 366.0 * DAY as f64}),
            "over 365 days",
        ),
        (
            json!({"ImportType": "NEW_KEY_MATERIAL", "KeyMaterialId": "a".repeat(64)}),
            "id with NEW",
        ),
        (json!({"KeyMaterialId": "A".repeat(64)}), "pattern"),
        (
            json!({"KeyMaterialDescription": "no*stars"}),
            "description pattern",
        ),
        (json!({"ImportType": "LATEST"}), "enum"),
    ] {
        let (_, out) = f.import(&key, &p, &w(&bytes), extra).await;
        assert_eq!(error_code(&out), "ValidationException", "{why}: {out}");
    }
    // 16 bytes are no symmetric key material.
    let (_, out) = f.import(&key, &p, &w(&bytes[..16]), json!({})).await;
    assert_eq!(error_code(&out), "IncorrectKeyMaterialException", "{out}");
    // EXISTING before anything was imported.
    let (_, out) = f
        .import(
            &key,
            &p,
            &w(&bytes),
            json!({"ImportType": "EXISTING_KEY_MATERIAL"}),
        )
        .await;
    assert_eq!(error_code(&out), "IncorrectKeyMaterialException", "{out}");
    // The first import, expiring in 30 days.
    let valid_to = now + 30.0 * DAY as f64;
    let (status, first) = f
        .import(&key, &p, &w(&bytes), json!({"ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": valid_to, "KeyMaterialDescription": "first import"}))
        .await;
    assert_eq!(status, 200, "{first}");
    let meta = f.describe_in("us-east-1", &key).await;
    assert_eq!(meta["ExpirationModel"], "KEY_MATERIAL_EXPIRES");
    assert_eq!(meta["ValidTo"].as_f64(), Some(valid_to.round()));
    // The same bytes again (default EXISTING): accepted, same ID, new expiration,
    // description kept.
    let (status, again) = f
        .import(
            &key,
            &p,
            &w(&bytes),
            json!({"KeyMaterialId": first["KeyMaterialId"]}),
        )
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["KeyMaterialId"], first["KeyMaterialId"]);
    let meta = f.describe_in("us-east-1", &key).await;
    assert_eq!(meta["ExpirationModel"], "KEY_MATERIAL_DOES_NOT_EXPIRE");
    assert!(meta.get("ValidTo").is_none(), "{meta}");
    let materials = f.materials_in("us-east-1", &key).await;
    assert_eq!(materials[0]["KeyMaterialDescription"], "first import");
    // Other bytes as EXISTING; the same bytes as NEW; a KeyMaterialId that is not theirs.
    let (_, out) = f.import(&key, &p, &w(&material(8)), json!({})).await;
    assert_eq!(error_code(&out), "IncorrectKeyMaterialException", "{out}");
    let (_, out) = f
        .import(
            &key,
            &p,
            &w(&bytes),
            json!({"ImportType": "NEW_KEY_MATERIAL"}),
        )
        .await;
    assert_eq!(error_code(&out), "IncorrectKeyMaterialException", "{out}");
    let (_, out) = f
        .import(
            &key,
            &p,
            &w(&bytes),
            json!({"KeyMaterialId": "b".repeat(64)}),
        )
        .await;
    assert_eq!(error_code(&out), "IncorrectKeyMaterialException", "{out}");
    // The material ID is derived from the key and the bytes: another key, another ID.
    let other = f.new_external_key().await;
    let po = f.params(&other, "RSAES_OAEP_SHA_256").await;
    let (_, out) = f
        .import(
            &other,
            &po,
            &wrap(&po.public_key, "RSAES_OAEP_SHA_256", &bytes),
            json!({}),
        )
        .await;
    assert_ne!(out["KeyMaterialId"], first["KeyMaterialId"]);
}

#[tokio::test]
async fn new_material_waits_in_pending_rotation_until_rotated() {
    let f = fixture();
    let key = id(21); // imported, nothing pending
    let before = f.describe_in("us-east-1", &key).await["CurrentKeyMaterialId"].clone();
    let refusal = super::rotation_refusal(&f.client(), &key).await;
    assert_eq!(refusal.as_str(), "KMSInvalidStateException");
    let p = f.params(&key, "RSAES_OAEP_SHA_256").await;
    let (status, out) = f
        .import(
            &key,
            &p,
            &wrap(&p.public_key, "RSAES_OAEP_SHA_256", &material(3)),
            json!({"ImportType": "NEW_KEY_MATERIAL"}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    let new_id = out["KeyMaterialId"].clone();
    let materials = f.materials_in("us-east-1", &key).await;
    let pending = materials.last().expect("the new material");
    assert_eq!(pending["KeyMaterialId"], new_id);
    assert_eq!(pending["KeyMaterialState"], "PENDING_ROTATION");
    assert!(pending.get("RotationDate").is_none());
    // Only rotations are listed without ALL_KEY_MATERIAL.
    let (_, rotations) = f.raw("ListKeyRotations", json!({"KeyId": key})).await;
    assert_eq!(rotations["Rotations"].as_array().map(Vec::len), Some(0));
    // One pending material at a time.
    let (_, out) = f
        .import(
            &key,
            &p,
            &wrap(&p.public_key, "RSAES_OAEP_SHA_256", &material(4)),
            json!({"ImportType": "NEW_KEY_MATERIAL"}),
        )
        .await;
    assert_eq!(error_code(&out), "KMSInvalidStateException", "{out}");
    let done = rotate_and_wait(&f.client(), &key).await.expect("rotates");
    assert_eq!(done.entry.key_material_id.as_deref(), new_id.as_str());
    let meta = f.describe_in("us-east-1", &key).await;
    assert_eq!(meta["CurrentKeyMaterialId"], new_id);
    assert_ne!(meta["CurrentKeyMaterialId"], before);
    let states: Vec<_> = f
        .materials_in("us-east-1", &key)
        .await
        .iter()
        .map(|m| m["KeyMaterialState"].clone())
        .collect();
    assert_eq!(states, [json!("NON_CURRENT"), json!("CURRENT")]);
}

#[tokio::test]
async fn expiry_and_deletion_of_imported_material() {
    let f = fixture();
    let key = f.new_external_key().await;
    let p = f.params(&key, "RSAES_OAEP_SHA_256").await;
    let bytes = material(9);
    let w = wrap(&p.public_key, "RSAES_OAEP_SHA_256", &bytes);
    let now = f.clock.now().epoch_seconds_f64();
    let (status, first) = f
        .import(
            &key,
            &p,
            &w,
            json!({"ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": now + DAY as f64 / 2.0}),
        )
        .await;
    assert_eq!(status, 200, "{first}");
    // Half a day later (store time) KMS deleted the material.
    f.advance_store_clock(DAY / 2).await;
    let meta = f.describe_in("us-east-1", &key).await;
    assert_eq!(meta["KeyState"], "PendingImport", "{meta}");
    let materials = f.materials_in("us-east-1", &key).await;
    assert_eq!(materials[0]["ImportState"], "PENDING_IMPORT");
    assert_eq!(materials[0]["KeyMaterialState"], "CURRENT");
    // New material cannot go into a key pending import; the same material can.
    let p = f.params(&key, "RSAES_OAEP_SHA_256").await;
    let (_, out) = f
        .import(
            &key,
            &p,
            &wrap(&p.public_key, "RSAES_OAEP_SHA_256", &material(10)),
            json!({"ImportType": "NEW_KEY_MATERIAL"}),
        )
        .await;
    assert_eq!(error_code(&out), "KMSInvalidStateException", "{out}");
    let (status, out) = f
        .import(
            &key,
            &p,
            &wrap(&p.public_key, "RSAES_OAEP_SHA_256", &bytes),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(
        f.describe_in("us-east-1", &key).await["KeyState"],
        "Enabled"
    );
    // New material pending rotation, then deleted: it is gone, the key stays Enabled.
    let (_, pending) = f
        .import(
            &key,
            &p,
            &wrap(&p.public_key, "RSAES_OAEP_SHA_256", &material(11)),
            json!({"ImportType": "NEW_KEY_MATERIAL"}),
        )
        .await;
    let (status, out) = f
        .raw(
            "DeleteImportedKeyMaterial",
            json!({"KeyId": key, "KeyMaterialId": pending["KeyMaterialId"]}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["KeyMaterialId"], pending["KeyMaterialId"]);
    assert_eq!(f.materials_in("us-east-1", &key).await.len(), 1);
    assert_eq!(
        f.describe_in("us-east-1", &key).await["KeyState"],
        "Enabled"
    );
    // Deleting the current material (the default): PendingImport, still listed.
    let (status, out) = f
        .raw("DeleteImportedKeyMaterial", json!({"KeyId": key}))
        .await;
    assert_eq!(status, 200, "{out}");
    assert!(
        out["KeyId"]
            .as_str()
            .unwrap_or_default()
            .starts_with("arn:aws:kms:"),
        "{out}"
    );
    assert_eq!(out["KeyMaterialId"], first["KeyMaterialId"]);
    assert_eq!(
        f.describe_in("us-east-1", &key).await["KeyState"],
        "PendingImport"
    );
    let materials = f.materials_in("us-east-1", &key).await;
    assert_eq!(materials.len(), 1);
    assert_eq!(materials[0]["ImportState"], "PENDING_IMPORT");
    let (_, out) = f
        .raw(
            "DeleteImportedKeyMaterial",
            json!({"KeyId": key, "KeyMaterialId": "c".repeat(64)}),
        )
        .await;
    assert_eq!(error_code(&out), "NotFoundException", "{out}");
    let (_, out) = f
        .raw(
            "DeleteImportedKeyMaterial",
            json!({"KeyId": key, "KeyMaterialId": "xyz"}),
        )
        .await;
    assert_eq!(error_code(&out), "ValidationException", "{out}");
}

#[tokio::test]
async fn multi_region_new_material_goes_into_every_replica_before_the_rotation() {
    let f = fixture();
    let key = MR_IMPORTED;
    let bytes = material(42);
    let p = f.params(key, "RSA_AES_KEY_WRAP_SHA_256").await;
    let wrapped = wrap(&p.public_key, "RSA_AES_KEY_WRAP_SHA_256", &bytes);
    let (status, out) = f
        .import(key, &p, &wrapped, json!({"ImportType": "NEW_KEY_MATERIAL"}))
        .await;
    assert_eq!(status, 200, "{out}");
    let new_id = out["KeyMaterialId"].clone();
    let last = |m: Vec<Value>| m.last().cloned().unwrap_or_default();
    let primary = last(f.materials_in("us-east-1", key).await);
    assert_eq!(
        primary["KeyMaterialState"],
        "PENDING_MULTI_REGION_IMPORT_AND_ROTATION"
    );
    assert_eq!(primary["ImportState"], "IMPORTED");
    let replica = last(f.materials_in("eu-west-1", key).await);
    assert_eq!(replica["KeyMaterialId"], new_id);
    assert_eq!(replica["ImportState"], "PENDING_IMPORT");
    assert_eq!(f.describe_in("eu-west-1", key).await["KeyState"], "Enabled");
    // Not rotatable yet; a replica takes no NEW material; a primary's token is not the
    // replica's.
    assert_eq!(
        super::rotation_refusal(&f.client(), key).await.as_str(),
        "KMSInvalidStateException"
    );
    let (_, out) = f.import_in("eu-west-1", key, &p, &wrapped, json!({})).await;
    assert_eq!(error_code(&out), "InvalidImportTokenException", "{out}");
    let pr = f
        .params_in("eu-west-1", key, "RSAES_OAEP_SHA_256", "RSA_3072")
        .await;
    let replica_wrapped = wrap(&pr.public_key, "RSAES_OAEP_SHA_256", &bytes);
    let (_, out) = f
        .import_in(
            "eu-west-1",
            key,
            &pr,
            &replica_wrapped,
            json!({"ImportType": "NEW_KEY_MATERIAL"}),
        )
        .await;
    assert_eq!(error_code(&out), "UnsupportedOperationException", "{out}");
    let (_, out) = f
        .import_in(
            "eu-west-1",
            key,
            &pr,
            &wrap(&pr.public_key, "RSAES_OAEP_SHA_256", &material(43)),
            json!({}),
        )
        .await;
    assert_eq!(error_code(&out), "IncorrectKeyMaterialException", "{out}");
    // The replica imports the same bytes: the primary's material is ready to rotate.
    let (status, out) = f
        .import_in("eu-west-1", key, &pr, &replica_wrapped, json!({}))
        .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["KeyMaterialId"], new_id);
    assert_eq!(
        last(f.materials_in("us-east-1", key).await)["KeyMaterialState"],
        "PENDING_ROTATION"
    );
    let replica = last(f.materials_in("eu-west-1", key).await);
    assert_eq!(replica["KeyMaterialState"], "PENDING_ROTATION");
    assert_eq!(replica["ImportState"], "IMPORTED");
    rotate_and_wait(&f.client(), key).await.expect("rotates");
    for region in ["us-east-1", "eu-west-1"] {
        assert_eq!(
            f.describe_in(region, key).await["CurrentKeyMaterialId"],
            new_id,
            "{region}"
        );
        let current = last(f.materials_in(region, key).await);
        assert_eq!(current["KeyMaterialState"], "CURRENT", "{region}");
        assert_eq!(current["ImportState"], "IMPORTED", "{region}");
    }
}

#[tokio::test]
async fn deleting_pending_material_on_the_primary_deletes_it_on_the_replicas() {
    let f = fixture();
    let key = MR_IMPORTED;
    let p = f.params(key, "RSAES_OAEP_SHA_1").await;
    let (_, out) = f
        .import(
            key,
            &p,
            &wrap(&p.public_key, "RSAES_OAEP_SHA_1", &material(50)),
            json!({"ImportType": "NEW_KEY_MATERIAL"}),
        )
        .await;
    let pending = out["KeyMaterialId"].clone();
    assert_eq!(f.materials_in("eu-west-1", key).await.len(), 2);
    // Deleting the replica's copy of the current material leaves the primary alone.
    let (status, _) = f
        .call_in(
            "eu-west-1",
            "DeleteImportedKeyMaterial",
            json!({"KeyId": key}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        f.describe_in("eu-west-1", key).await["KeyState"],
        "PendingImport"
    );
    assert_eq!(f.describe_in("us-east-1", key).await["KeyState"], "Enabled");
    let (status, out) = f
        .raw(
            "DeleteImportedKeyMaterial",
            json!({"KeyId": key, "KeyMaterialId": pending}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    for region in ["us-east-1", "eu-west-1"] {
        let ids: Vec<_> = f
            .materials_in(region, key)
            .await
            .iter()
            .map(|m| m["KeyMaterialId"].clone())
            .collect();
        assert!(!ids.contains(&pending), "{region}: {ids:?}");
        assert_eq!(ids.len(), 1, "{region}");
    }
}
