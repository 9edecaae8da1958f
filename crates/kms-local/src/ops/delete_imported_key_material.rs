//! `DeleteImportedKeyMaterial`: deletes imported key material — the current material by
//! default, or the one `KeyMaterialId` names.
//!
//! Permanently associated material (`CURRENT`, `NON_CURRENT`) stays listed as
//! `PENDING_IMPORT` and the key goes to `PendingImport` (unless it is pending deletion);
//! material pending rotation is removed, on a multi-Region primary also from the replicas;
//! on a replica only the replica's copy is deleted.
//! <https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html>,
//! <https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-delete-key-material.html>.

use super::common::{key, key_mut, required_key, Accepts, Input, Problems};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use kms_core::model::{ImportState, KeyMaterialState};
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let material_id = input.string("KeyMaterialId")?;
    let mut problems = Problems::default();
    problems.length("keyMaterialId", material_id.as_deref(), 64, 64);
    problems.pattern(
        "keyMaterialId",
        material_id.as_deref(),
        "^[a-f0-9]+$",
        |id| !id.is_empty() && id.chars().all(|c| matches!(c, 'a'..='f' | '0'..='9')),
    );
    problems.finish()?;
    let r = required_key(ctx, input, Accepts::Key, false, "DeleteImportedKeyMaterial")?;
    let k = key(ctx.store, &r)?;
    rules::require_import_origin(k)?;
    rules::require_deletable_state(k)?;
    let arn = k.arn();
    // "If no KeyMaterialId is specified, KMS deletes the current key material."
    let target = match &material_id {
        Some(id) => k
            .materials
            .iter()
            .position(|m| &m.id == id)
            .ok_or_else(|| {
                KmsError::not_found(format!("Key material {id} is not associated with {arn}."))
            })?,
        None => match k
            .materials
            .iter()
            .position(|m| m.state == KeyMaterialState::Current)
        {
            Some(i) => i,
            // A key that never had material: "PendingImport ... No effect" in the key
            // state table (key-state.html); there is no material to name.
            None => return Ok(json!({ "KeyId": arn, "KeyMaterialId": "" })),
        },
    };
    let replica = k.is_replica();
    let multi_region = k.multi_region.is_some();
    let k = key_mut(ctx.store, &r)?;
    let Some(m) = k.materials.get_mut(target) else {
        return Err(KmsError::internal("the key material disappeared"));
    };
    let id = m.id.clone();
    if m.is_pending() && !replica {
        k.materials.remove(target);
        if multi_region {
            ctx.store.sync_replicas(&r.account, &r.region, &r.key_id);
        }
    } else {
        m.import_state = Some(ImportState::PendingImport);
        m.valid_to = None;
        k.settle_import_state();
    }
    Ok(json!({ "KeyId": arn, "KeyMaterialId": id }))
}
