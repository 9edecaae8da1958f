//! `CreateAlias`: names a key in the caller's account and Region.

use super::common::{is_alias_name, key, required_key_member, Accepts, Input, Problems};
use super::OpContext;
use crate::error::KmsError;
use crate::rules;
use crate::store::{self, Alias};
use kms_core::model::KeyManager;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let name = input.string("AliasName")?;
    let mut problems = Problems::default();
    problems.required("aliasName", &name);
    problems.length("aliasName", name.as_deref(), 1, 256);
    problems.pattern("aliasName", name.as_deref(), "^[a-zA-Z0-9:/_-]+$", |n| {
        n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_-:".contains(&b))
    });
    problems.finish()?;
    let name = name.unwrap_or_default();
    if !is_alias_name(&name) {
        return Err(KmsError::service(
            "InvalidAliasNameException",
            "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
        ));
    }
    if name.starts_with("alias/aws/") {
        return Err(KmsError::service(
            "InvalidAliasNameException",
            "Alias cannot start with the reserved prefix \"alias/aws/\".",
        ));
    }
    let r = required_key_member(
        ctx,
        input,
        "TargetKeyId",
        "targetKeyId",
        Accepts::Key,
        "CreateAlias",
    )?;
    let target = key(ctx.store, &r)?;
    rules::require_usable(target)?;
    if target.manager == KeyManager::Aws {
        return Err(KmsError::service(
            "KMSInvalidStateException",
            format!(
                "{} is an AWS managed key; you cannot create aliases for it.",
                target.arn()
            ),
        ));
    }
    let (account, region) = (ctx.caller.account_id.clone(), ctx.caller.region.clone());
    let now = ctx.now;
    let aliases = &mut ctx.store.region_mut(&account, &region).aliases;
    if aliases.contains_key(&name) {
        return Err(KmsError::service(
            "AlreadyExistsException",
            format!(
                "An alias with the name {} already exists",
                store::alias_arn(&region, &account, &name)
            ),
        ));
    }
    aliases.insert(
        name.clone(),
        Alias {
            name,
            target_key_id: Some(r.key_id),
            created: now,
            updated: now,
        },
    );
    Ok(json!({}))
}
