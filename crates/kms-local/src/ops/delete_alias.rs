//! `DeleteAlias`: removes an alias (not its key).

use super::common::{Input, Problems};
use super::OpContext;
use crate::error::KmsError;
use crate::store;
use serde_json::{json, Value};

pub(super) fn run(ctx: &mut OpContext<'_>, input: &Input) -> Result<Value, KmsError> {
    let name = input.string("AliasName")?;
    let mut problems = Problems::default();
    problems.required("aliasName", &name);
    problems.length("aliasName", name.as_deref(), 1, 256);
    problems.finish()?;
    let name = name.unwrap_or_default();
    let (account, region) = (ctx.caller.account_id.clone(), ctx.caller.region.clone());
    let aliases = &mut ctx.store.region_mut(&account, &region).aliases;
    let not_found = || {
        KmsError::not_found(format!(
            "Alias {} is not found.",
            store::alias_arn(&region, &account, &name)
        ))
    };
    let Some(alias) = aliases.get(&name) else {
        return Err(not_found());
    };
    if name.starts_with("alias/aws/") {
        return Err(KmsError::service(
            "AccessDeniedException",
            format!("You cannot delete the AWS managed alias {name}."),
        ));
    }
    ctx.resolved_key_id = alias.target_key_id.clone();
    aliases.remove(&name);
    Ok(json!({}))
}
