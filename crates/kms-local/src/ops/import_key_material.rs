//! `ImportKeyMaterial`: unwraps key material with the wrapping key of its import token
//! and imports it — as the key's first material, as a reimport of material the key had
//! (`EXISTING_KEY_MATERIAL`), or as new material for the next on-demand rotation
//! (`NEW_KEY_MATERIAL`; on a multi-Region key, into the primary first, then the same bytes
//! into every replica).
//!
//! <https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html>,
//! <https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-import-key-material.html>.

use super::common::{key, key_mut, required_key, Accepts, Input, KeyRef, Problems};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use crate::store::{self, Material, DAY_MILLIS};
use crate::wrapping;
use kms_core::model::{
    ExpirationModel, ImportState, KeyMaterialState, KeyState, MultiRegionKeyType,
};
use kms_core::time::Timestamp;
use serde_json::{json, Value};

/// Symmetric encryption key material is 256 bits: "Symmetric encryption keys: 256-bit (32
/// bytes) of binary data"
/// (<https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-conceptual.html#importing-keys-material-requirements>).
const SYMMETRIC_MATERIAL_BYTES: usize = 32;
/// "The maximum value is 365 days from the request date" (the `ValidTo` member).
const MAX_VALID_DAYS: i64 = 365;

fn incorrect(message: impl Into<String>) -> KmsError {
    KmsError::service("IncorrectKeyMaterialException", message)
}

fn invalid_state(message: impl Into<String>) -> KmsError {
    KmsError::service("KMSInvalidStateException", message)
}

fn validation(message: impl Into<String>) -> KmsError {
    KmsError::service("ValidationException", message)
}

/// What the request asks for, once validated.
struct Request {
    wrapped: Vec<u8>,
    token: Vec<u8>,
    expiration: ExpirationModel,
    valid_to: Option<Timestamp>,
    import_type: Option<String>,
    description: Option<String>,
    material_id: Option<String>,
}

fn read(input: &Input, now: Timestamp) -> Result<Request, KmsError> {
    let token = input.blob("ImportToken")?;
    let wrapped = input.blob("EncryptedKeyMaterial")?;
    let valid_to = input.timestamp("ValidTo")?;
    let expiration = input.string("ExpirationModel")?;
    let import_type = input.string("ImportType")?;
    let description = input.string("KeyMaterialDescription")?;
    let material_id = input.string("KeyMaterialId")?;
    let mut problems = Problems::default();
    problems.required("importToken", &token);
    problems.blob_length("importToken", token.as_deref(), 1, 6144);
    problems.required("encryptedKeyMaterial", &wrapped);
    problems.blob_length("encryptedKeyMaterial", wrapped.as_deref(), 1, 6144);
    problems.one_of(
        "expirationModel",
        expiration.as_deref(),
        &["KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"],
    );
    problems.one_of(
        "importType",
        import_type.as_deref(),
        &["NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL"],
    );
    problems.length("keyMaterialDescription", description.as_deref(), 0, 256);
    problems.pattern(
        "keyMaterialDescription",
        description.as_deref(),
        "^[a-zA-Z0-9:/_\\s.-]+$",
        |d| {
            !d.is_empty()
                && d.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ":/_.-".contains(c) || c.is_whitespace())
        },
    );
    problems.length("keyMaterialId", material_id.as_deref(), 64, 64);
    problems.pattern(
        "keyMaterialId",
        material_id.as_deref(),
        "^[a-f0-9]+$",
        |id| !id.is_empty() && id.chars().all(|c| matches!(c, 'a'..='f' | '0'..='9')),
    );
    problems.finish()?;

    // "You cannot specify a key material ID with ImportType set to NEW_KEY_MATERIAL"
    // (the KeyMaterialId member).
    if import_type.as_deref() == Some("NEW_KEY_MATERIAL") && material_id.is_some() {
        return Err(validation(
            "You cannot specify a KeyMaterialId when ImportType is NEW_KEY_MATERIAL.",
        ));
    }
    // "The default is KEY_MATERIAL_EXPIRES ... When the value of ExpirationModel is
    // KEY_MATERIAL_EXPIRES, you must specify a value for the ValidTo parameter. When value
    // is KEY_MATERIAL_DOES_NOT_EXPIRE, you must omit the ValidTo parameter" (the
    // ExpirationModel member); "The value of this parameter must be a future date and time.
    // The maximum value is 365 days from the request date" (the ValidTo member).
    let expiration = match expiration.as_deref() {
        Some("KEY_MATERIAL_DOES_NOT_EXPIRE") => ExpirationModel::KeyMaterialDoesNotExpire,
        _ => ExpirationModel::KeyMaterialExpires,
    };
    match (&expiration, valid_to) {
        (ExpirationModel::KeyMaterialExpires, None) => {
            return Err(validation(
                "A ValidTo date is required when ExpirationModel is KEY_MATERIAL_EXPIRES (the default).",
            ))
        }
        (ExpirationModel::KeyMaterialDoesNotExpire, Some(_)) => {
            return Err(validation(
                "ValidTo must be omitted when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.",
            ))
        }
        (_, Some(t)) if t <= now => {
            return Err(validation("ValidTo must be a future date and time."))
        }
        (_, Some(t)) if t > now.plus_millis(MAX_VALID_DAYS * DAY_MILLIS) => {
            return Err(validation(
                "ValidTo must be at most 365 days after the request date.",
            ))
        }
        _ => {}
    }
    Ok(Request {
        wrapped: wrapped.unwrap_or_default(),
        token: token.unwrap_or_default(),
        expiration,
        valid_to,
        import_type,
        description,
        material_id,
    })
}

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let req = read(input, ctx.now)?;
    let r = required_key(ctx, input, Accepts::Key, false, "ImportKeyMaterial")?;
    let k = key(ctx.store, &r)?;
    rules::require_import_origin(k)?;
    rules::require_importable_state(k)?;
    let arn = k.arn();
    let (private, algorithm) = ctx.wrapping.redeem(&req.token, &arn, ctx.now)?;
    let material = wrapping::unwrap_material(private, algorithm, &req.wrapped)?;
    if material.len() != SYMMETRIC_MATERIAL_BYTES {
        // "the key material in the request is, expired, invalid, or does not meet
        // expectations" (IncorrectKeyMaterialException in the service model).
        return Err(incorrect(format!(
            "The key material is {} bytes; a symmetric encryption key takes 256-bit (32-byte) key material.",
            material.len()
        )));
    }
    let id = store::imported_material_id(&r.key_id, &material);
    // "If no key material has ever been imported into the KMS key, and this parameter is
    // omitted, the parameter defaults to NEW_KEY_MATERIAL. After the first key material is
    // imported, if this parameter is omitted then the parameter defaults to
    // EXISTING_KEY_MATERIAL" (the ImportType member).
    let new = match req.import_type.as_deref() {
        Some(t) => t == "NEW_KEY_MATERIAL",
        None => k.materials.is_empty(),
    };
    let imported = Material {
        id: id.clone(),
        state: KeyMaterialState::Current,
        rotation_date: None,
        rotation_type: None,
        import_state: Some(ImportState::Imported),
        expiration_model: Some(req.expiration.clone()),
        valid_to: req.valid_to,
        description: req.description.clone(),
    };
    if k.materials.is_empty() {
        first_import(ctx, &r, imported, new)?;
    } else if new {
        new_material(ctx, &r, imported)?;
    } else {
        existing_material(ctx, &r, imported, req.material_id.as_deref())?;
    }
    Ok(json!({ "KeyId": arn, "KeyMaterialId": id }))
}

/// The first material of a key: it becomes current ("the first key material imported into
/// it becomes current and permanently associated with it", importing-keys-import-key-material).
fn first_import(
    ctx: &mut OpContext<'_>,
    r: &KeyRef,
    material: Material,
    new: bool,
) -> Result<(), KmsError> {
    if !new {
        return Err(incorrect(
            "No key material was ever imported into this KMS key, so there is no existing key material to reimport. Use ImportType NEW_KEY_MATERIAL.",
        ));
    }
    let k = key_mut(ctx.store, r)?;
    k.materials.push(material);
    k.settle_import_state();
    Ok(())
}

/// New material for the next on-demand rotation.
fn new_material(
    ctx: &mut OpContext<'_>,
    r: &KeyRef,
    mut material: Material,
) -> Result<(), KmsError> {
    let k = key(ctx.store, r)?;
    let arn = k.arn();
    // "You cannot directly import new key material into the replica Region keys."
    if k.is_replica() {
        return Err(KmsError::service(
            "UnsupportedOperationException",
            format!("{arn} is a multi-Region replica key. Import new key material into the primary Region key, then import the same key material into each replica with ImportType EXISTING_KEY_MATERIAL."),
        ));
    }
    // "KMS expected new key material but the key material being imported is already
    // associated with the KMS key" (IncorrectKeyMaterialException in the service model).
    if k.materials.iter().any(|m| m.id == material.id) {
        return Err(incorrect(format!(
            "This key material is already associated with {arn}. Import different key material as NEW_KEY_MATERIAL, or reimport it as EXISTING_KEY_MATERIAL."
        )));
    }
    // New material only rotates in: the key must be usable ("you must import all of the key
    // materials associated with the KMS key to change its state to Enabled" first).
    if k.state != KeyState::Enabled {
        return Err(invalid_state(format!(
            "{arn} is {}. Import new key material only into an Enabled key.",
            k.state
        )));
    }
    // One material at a time waits for rotation: "Key material in PENDING_ROTATION is not
    // permanently associated with the KMS key. You can delete this key material and import
    // different key material in its place" (KeyMaterialState of
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_RotationsListEntry.html).
    if let Some(pending) = k.pending_material() {
        return Err(invalid_state(format!(
            "{arn} already has key material {} in {} state. Rotate the key on demand, or delete that key material, before you import new key material.",
            pending.id, pending.state
        )));
    }
    // A multi-Region primary with replicas waits for every replica to import the same
    // material (PENDING_MULTI_REGION_IMPORT_AND_ROTATION), then for the rotation.
    let waits_for_replicas = k
        .multi_region
        .as_ref()
        .is_some_and(|mr| mr.role == MultiRegionKeyType::Primary && !mr.replica_regions.is_empty());
    material.state = if waits_for_replicas {
        KeyMaterialState::PendingMultiRegionImportAndRotation
    } else {
        KeyMaterialState::PendingRotation
    };
    let k = key_mut(ctx.store, r)?;
    k.materials.push(material);
    if k.multi_region.is_some() {
        ctx.store.sync_replicas(&r.account, &r.region, &r.key_id);
    }
    Ok(())
}

/// A reimport of material the key has (after deletion or expiry, to change its
/// expiration, or on a replica to take new material of the primary).
fn existing_material(
    ctx: &mut OpContext<'_>,
    r: &KeyRef,
    material: Material,
    named_id: Option<&str>,
) -> Result<(), KmsError> {
    let k = key(ctx.store, r)?;
    let arn = k.arn();
    // "When you re-import key material with a specified key material ID, KMS: Computes the
    // identifier for the key material; Matches the computed identifier against the
    // specified key material ID; Verifies that the key material ID is already associated
    // with the KMS key" (the KeyMaterialId member).
    if named_id.is_some_and(|named| named != material.id) {
        return Err(incorrect(format!(
            "The key material does not match KeyMaterialId {}.",
            named_id.unwrap_or_default()
        )));
    }
    let Some(position) = k.materials.iter().position(|m| m.id == material.id) else {
        return Err(incorrect(format!(
            "This is not key material of {arn}. Reimport key material that was previously imported, or import new key material with ImportType NEW_KEY_MATERIAL."
        )));
    };
    let k = key_mut(ctx.store, r)?;
    if let Some(own) = k.materials.get_mut(position) {
        own.import_state = material.import_state;
        own.expiration_model = material.expiration_model;
        own.valid_to = material.valid_to;
        // "If you do not specify a key material description, KMS retains the value you
        // specified when you last imported the same key material" (the member's doc).
        if material.description.is_some() {
            own.description = material.description;
        }
    }
    k.settle_import_state();
    if k.is_replica() {
        replica_imported(ctx, r, &material.id)?;
    }
    Ok(())
}

/// A replica took the primary's new material: once every replica has it, the primary's
/// material moves from `PENDING_MULTI_REGION_IMPORT_AND_ROTATION` to `PENDING_ROTATION`
/// ("You must do this for every replica Region key before you can perform the
/// RotateKeyOnDemand operation on the primary Region key", the API page).
fn replica_imported(
    ctx: &mut OpContext<'_>,
    r: &KeyRef,
    material_id: &str,
) -> Result<(), KmsError> {
    let k = key(ctx.store, r)?;
    let Some(mr) = k.multi_region.clone() else {
        return Ok(());
    };
    let Some(primary) = ctx.store.key(&r.account, &mr.primary_region, &r.key_id) else {
        return Ok(());
    };
    let waiting = primary.materials.iter().any(|m| {
        m.id == material_id && m.state == KeyMaterialState::PendingMultiRegionImportAndRotation
    });
    let replicas = primary
        .multi_region
        .as_ref()
        .map(|p| p.replica_regions.clone())
        .unwrap_or_default();
    let all_have_it = replicas.iter().all(|region| {
        ctx.store
            .key(&r.account, region, &r.key_id)
            .and_then(|replica| replica.materials.iter().find(|m| m.id == material_id))
            .is_some_and(|m| m.import_state == Some(ImportState::Imported))
    });
    if waiting && all_have_it {
        if let Some(primary) = ctx.store.key_mut(&r.account, &mr.primary_region, &r.key_id) {
            for m in primary.materials.iter_mut().filter(|m| m.id == material_id) {
                m.state = KeyMaterialState::PendingRotation;
            }
        }
        ctx.store
            .sync_replicas(&r.account, &mr.primary_region, &r.key_id);
    }
    Ok(())
}
