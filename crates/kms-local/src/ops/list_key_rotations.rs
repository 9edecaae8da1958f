//! `ListKeyRotations`: the completed rotations of a key, oldest first; with
//! `IncludeKeyMaterial=ALL_KEY_MATERIAL` also the first key material and imported
//! material pending rotation.

use super::common::{
    entries_after, key, page, page_params, required_key, Accepts, Input, MarkerScope, Problems,
};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use kms_core::model::{Origin, RotationsListEntry};
use serde_json::Value;
use std::collections::BTreeMap;

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let include = input.string("IncludeKeyMaterial")?;
    let mut problems = Problems::default();
    problems.one_of(
        "includeKeyMaterial",
        include.as_deref(),
        &["ALL_KEY_MATERIAL", "ROTATIONS_ONLY"],
    );
    problems.finish()?;
    let (limit, marker) = page_params(input, 1000, 100)?;
    let r = required_key(ctx, input, Accepts::Key, false, "ListKeyRotations")?;
    let k = key(ctx.store, &r)?;
    rules::check_list_rotations(k)?;
    let all = include.as_deref() == Some("ALL_KEY_MATERIAL");
    let external = k.origin == Origin::External;
    let entries: BTreeMap<String, RotationsListEntry> = k
        .materials
        .iter()
        .filter(|m| all || m.rotation_type.is_some())
        .enumerate()
        .map(|(i, m)| {
            let mut e = RotationsListEntry::default();
            e.key_id = Some(k.key_id.clone());
            e.key_material_id = Some(m.id.clone());
            e.key_material_state = Some(m.state.clone());
            e.rotation_date = m.rotation_date;
            e.rotation_type = m.rotation_type.clone();
            if external {
                e.key_material_description = m.description.clone();
                e.import_state = m.import_state.clone();
                e.expiration_model = m.expiration_model.clone();
                e.valid_to = m.valid_to;
            }
            // Zero-padded positions sort as numbers.
            (format!("{i:06}"), e)
        })
        .collect();
    let subject = format!("{}:{}", k.key_id, if all { "all" } else { "rotations" });
    let scope = MarkerScope {
        operation: "ListKeyRotations",
        account: &r.account,
        region: &r.region,
        subject: &subject,
    };
    let after = scope.resume_after(marker.as_deref())?;
    let rotations = entries_after(&entries, after.as_deref()).map(|(p, e)| (p, e.clone()));
    scope.output("Rotations", page(rotations, limit))
}
