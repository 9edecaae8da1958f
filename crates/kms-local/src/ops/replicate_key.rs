//! `ReplicateKey`: copies a multi-Region primary key to another Region of the account.

use super::common::{key, key_mut, metadata, required_key, to_value, Accepts, Input, Problems};
use super::OpContext;
use crate::auth::is_valid_region;
use crate::error::KmsError;
use crate::rules;
use crate::store::MultiRegion;
use kms_core::model::{ImportState, KeyState, MultiRegionKeyType, Origin};
use kms_core::partition::Partition;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let replica_region = input.string("ReplicaRegion")?;
    let description = input.string("Description")?;
    let mut problems = Problems::default();
    problems.required("replicaRegion", &replica_region);
    problems.length("replicaRegion", replica_region.as_deref(), 1, 32);
    problems.pattern(
        "replicaRegion",
        replica_region.as_deref(),
        "^([a-z]+-){2,3}\\d+$",
        is_valid_region,
    );
    problems.length("description", description.as_deref(), 0, 8192);
    problems.finish()?;
    let replica_region = replica_region.unwrap_or_default();
    let r = required_key(ctx, input, Accepts::Key, false, "ReplicateKey")?;
    let primary = key(ctx.store, &r)?;
    rules::require_enabled(primary)?;
    let Some(mr) = &primary.multi_region else {
        return Err(KmsError::service(
            "UnsupportedOperationException",
            format!(
                "Unable to replicate a non-MultiRegion key {}",
                primary.key_id
            ),
        ));
    };
    if mr.role != MultiRegionKeyType::Primary {
        return Err(KmsError::service(
            "UnsupportedOperationException",
            format!(
                "{} is a replica key; replicate the primary key instead.",
                primary.arn()
            ),
        ));
    }
    if replica_region == r.region
        || ctx
            .store
            .key(&r.account, &replica_region, &r.key_id)
            .is_some()
    {
        return Err(KmsError::service(
            "AlreadyExistsException",
            format!(
                "Unable to replicate key {} to region {replica_region}, as the key already exist there",
                r.key_id
            ),
        ));
    }
    if Partition::for_region(&replica_region) != Partition::for_region(&r.region) {
        return Err(KmsError::service(
            "UnsupportedOperationException",
            format!("{replica_region} is in another partition than the primary key."),
        ));
    }
    let mut replica = primary.clone();
    replica.region = replica_region.clone();
    replica.created = ctx.now;
    // A replica starts with no tags unless `Tags` names some (kms-local ignores them, as
    // `ReplicaTags: []` says), and tracks its own use from its creation: "primary and
    // replica keys track last usage independently"
    // (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyLastUsage.html).
    replica.tags.clear();
    replica.last_usage = None;
    replica.usage_tracking_start = ctx.now;
    if let Some(d) = description {
        replica.description = d;
    }
    // A replica of a key with imported material gets no material: "the replica key is
    // created in the PendingImport state ... import the same key material into the replica"
    // (https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-import.html).
    if replica.origin == Origin::External {
        for m in &mut replica.materials {
            m.import_state = Some(ImportState::PendingImport);
            m.valid_to = None;
        }
        replica.state = KeyState::PendingImport;
    }
    replica.multi_region = Some(MultiRegion {
        role: MultiRegionKeyType::Replica,
        primary_region: r.region.clone(),
        replica_regions: Vec::new(),
    });
    ctx.store.insert_key(replica);
    let p = key_mut(ctx.store, &r)?;
    if let Some(mr) = &mut p.multi_region {
        mr.replica_regions.push(replica_region.clone());
    }
    ctx.store.sync_replicas(&r.account, &r.region, &r.key_id);
    let replica = ctx
        .store
        .key(&r.account, &replica_region, &r.key_id)
        .ok_or_else(|| KmsError::internal("the replica disappeared"))?;
    Ok(json!({
        "ReplicaKeyMetadata": to_value(&metadata(replica))?,
        "ReplicaPolicy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
        "ReplicaTags": [],
    }))
}
