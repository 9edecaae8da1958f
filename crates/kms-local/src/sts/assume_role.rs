//! `AssumeRole`: a session of a role the caller's account is trusted by
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html>).
//!
//! In order: the inputs' constraints of the STS model (`ValidationError`: `RoleArn` 20–2048
//! characters, `RoleSessionName` 2–64 of `[\w+=,.@-]`, `DurationSeconds` 900–43200,
//! `ExternalId` 2–1224 of `[\w+=,.@:/-]`); then the role must exist, trust the caller's
//! account and, if it requires an external ID, be given exactly that one (else
//! `AccessDenied`, 403, with no hint of which: AWS gives none); then `DurationSeconds`
//! (default 3600) may not exceed the role's `MaxSessionDuration`, nor one hour when the
//! caller is itself a role session (role chaining) — both `ValidationError`, with the
//! words of the API reference's `DurationSeconds` section.

use super::xml::{self, Element};
use super::{session_name_problem, StsContext, StsError};
use crate::auth::Principal;
use crate::timefmt;
use base64::Engine as _;
use kms_core::time::Timestamp;

/// The session length when `DurationSeconds` is absent.
pub(crate) const DEFAULT_DURATION_SECONDS: i64 = 3600;
/// A role chain's sessions last at most an hour.
pub(crate) const ROLE_CHAINING_MAX_SECONDS: i64 = 3600;

pub(crate) fn run(ctx: &StsContext<'_>, request_id: &str) -> Result<String, StsError> {
    let p = ctx.params;
    let mut problems = Vec::new();
    let role_arn = p.get("RoleArn");
    match role_arn {
        None => problems.push(
            "Value null at 'roleArn' failed to satisfy constraint: Member must not be null"
                .to_owned(),
        ),
        Some(arn) if arn.chars().count() < 20 => problems.push(format!(
            "Value '{arn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"
        )),
        Some(arn) if arn.chars().count() > 2048 => problems.push(format!(
            "Value '{arn}' at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 2048"
        )),
        Some(_) => {}
    }
    let session_name = p.get("RoleSessionName");
    problems.extend(session_name_problem(session_name));
    let duration = match p.get("DurationSeconds") {
        None => Some(DEFAULT_DURATION_SECONDS),
        Some(text) => match text.trim().parse::<i64>() {
            Ok(d) if d < 900 => {
                problems.push(format!("Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"));
                None
            }
            Ok(d) if d > 43_200 => {
                problems.push(format!("Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                // No AWS example of a non-number at hand: the constraint's wording.
                problems.push(format!("Value '{text}' at 'durationSeconds' failed to satisfy constraint: Member must be a number"));
                None
            }
        },
    };
    let external_id = p.get("ExternalId");
    if let Some(id) = external_id {
        let len = id.chars().count();
        if len < 2 {
            problems.push(format!("Value '{id}' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"));
        } else if len > 1224 {
            problems.push(format!("Value '{id}' at 'externalId' failed to satisfy constraint: Member must have length less than or equal to 1224"));
        } else if !super::is_external_id(id) {
            problems.push(format!("Value '{id}' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:/-]*"));
        }
    }
    let (Some(role_arn), Some(session_name), Some(duration), true) =
        (role_arn, session_name, duration, problems.is_empty())
    else {
        return Err(StsError::validation(&problems));
    };

    let caller_arn = ctx.principal.arn();
    let denied = || StsError::access_denied(&caller_arn, "sts:AssumeRole", role_arn);
    let role = {
        let inner = ctx.app.lock();
        inner.estate.role(role_arn).cloned()
    };
    let Some(role) = role else {
        return Err(denied());
    };
    if !role.trusted_accounts.contains(&ctx.caller.account_id) {
        return Err(denied());
    }
    if role.external_id.is_some() && role.external_id.as_deref() != external_id {
        return Err(denied());
    }
    if duration > i64::from(role.max_session_seconds) {
        return Err(StsError::new(
            "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            400,
        ));
    }
    if caller_arn.contains(":assumed-role/") && duration > ROLE_CHAINING_MAX_SECONDS {
        return Err(StsError::new(
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
            400,
        ));
    }

    // Whole seconds, as AWS states them.
    let issued =
        Timestamp::from_epoch_millis(ctx.expiry_now.epoch_millis().div_euclid(1000) * 1000);
    let expiration = issued.plus_millis(duration * 1000);
    let assumed_arn = format!(
        "arn:{}:sts::{}:assumed-role/{}/{session_name}",
        role.partition, role.account_id, role.name
    );
    let assumed_role_id = format!("{}:{session_name}", role.role_id);
    let secrets = Secrets::new().map_err(|e| {
        StsError::new(
            "InternalFailure",
            format!("kms-local could not draw random credentials: {e}"),
            500,
        )
    })?;
    let session = Principal {
        access_key_id: secrets.access_key_id.clone(),
        secret_access_key: secrets.secret_access_key.clone(),
        session_token: Some(secrets.session_token.clone()),
        account_id: role.account_id.clone(),
        expiration: Some(expiration),
        arn: Some(assumed_arn.clone()),
        user_id: Some(assumed_role_id.clone()),
    };
    ctx.app.lock().sessions.insert(session);

    let result = Element::new("AssumeRoleResult")
        .child(
            Element::new("AssumedRoleUser")
                .leaf("AssumedRoleId", assumed_role_id)
                .leaf("Arn", assumed_arn),
        )
        .child(
            Element::new("Credentials")
                .leaf("AccessKeyId", secrets.access_key_id)
                .leaf("SecretAccessKey", secrets.secret_access_key)
                .leaf("SessionToken", secrets.session_token)
                .leaf("Expiration", timefmt::iso8601_seconds(expiration)),
        );
    Ok(xml::response("AssumeRoleResponse", result, request_id))
}

/// Fresh random credentials: an `ASIA…` access key ID (20 characters), a 40-character
/// secret and a session token.
struct Secrets {
    access_key_id: String,
    secret_access_key: String,
    session_token: String,
}

impl Secrets {
    fn new() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 16 + 30 + 96];
        getrandom::fill(&mut bytes)?;
        let (id, rest) = bytes.split_at(16);
        let (secret, token) = rest.split_at(30);
        let id: String = id
            .iter()
            .map(|b| super::BASE32[usize::from(*b) % 32] as char)
            .collect();
        let b64 = base64::engine::general_purpose::STANDARD;
        Ok(Self {
            access_key_id: format!("ASIA{id}"),
            secret_access_key: b64.encode(secret),
            session_token: format!("KmsLocalSession/{}", b64.encode(token)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_have_aws_shapes() {
        let s = Secrets::new().unwrap();
        assert_eq!(s.access_key_id.len(), 20);
        assert!(s.access_key_id.starts_with("ASIA"));
        assert_eq!(s.secret_access_key.len(), 40);
        assert_ne!(s.session_token, Secrets::new().unwrap().session_token);
    }
}
