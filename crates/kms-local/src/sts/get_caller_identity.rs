//! `GetCallerIdentity`: the account, ARN and unique ID of whoever signed
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html>).
//! It needs no permission, so any valid credentials get an answer; for an assumed-role
//! session the ARN is `arn:aws:sts::<account>:assumed-role/<role>/<session>` and the
//! `UserId` `AROA…:<session>`.

use super::xml::{self, Element};
use super::{StsContext, StsError};

pub(crate) fn run(ctx: &StsContext<'_>, request_id: &str) -> Result<String, StsError> {
    let result = Element::new("GetCallerIdentityResult")
        .leaf("Arn", ctx.principal.arn())
        .leaf("UserId", ctx.principal.user_id())
        .leaf("Account", ctx.caller.account_id.clone());
    Ok(xml::response(
        "GetCallerIdentityResponse",
        result,
        request_id,
    ))
}
