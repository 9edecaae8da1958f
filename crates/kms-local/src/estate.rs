//! The estate around the keys: the IAM roles that STS `AssumeRole` hands sessions for,
//! the opt-in Regions an account has not enabled, and the sessions handed out.
//!
//! A role names the accounts it trusts (as a trust policy whose principal is
//! `arn:aws:iam::<account>:root` does) and, optionally, the external ID a caller must
//! give. A Region not enabled for an account refuses that account's credentials, as AWS
//! does: KMS answers `UnrecognizedClientException`, STS `InvalidClientTokenId`
//! (<https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html>).
//!
//! ```
//! let seed: kms_local::seed::Seed = serde_json::from_str(r#"{
//!   "credentials": [{ "accessKeyId": "AKIAEXAMPLE000000001", "secretAccessKey": "s",
//!                     "accountId": "111122223333" }],
//!   "roles": [{ "arn": "arn:aws:iam::444455556666:role/Operator",
//!               "trustedAccounts": ["111122223333"], "externalId": "ticket-42" }],
//!   "regionsNotEnabled": [{ "account": "444455556666", "region": "ap-east-1" }]
//! }"#).unwrap();
//! assert_eq!(seed.roles[0].external_id.as_deref(), Some("ticket-42"));
//! ```

use crate::auth::{is_valid_region, Principal};
use crate::seed::{invalid, Seed, SeedError};
use kms_core::key_id::validate_account_id;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// The longest session a role allows when its seed entry says nothing: 12 hours, the
/// most IAM allows (`MaxSessionDuration`, 3600–43200; IAM's own default is 3600), so
/// that the whole `DurationSeconds` range of `AssumeRole` can be tried.
pub const DEFAULT_MAX_SESSION_SECONDS: u32 = 43_200;

/// How many assumed-role sessions kms-local remembers; the oldest go first.
pub const MAX_SESSIONS: usize = 10_000;

/// A role in a seed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedRole {
    /// The role's ARN, `arn:aws:iam::<account>:role/<path/><name>`.
    pub arn: String,
    /// The accounts whose principals may assume it.
    #[serde(default)]
    pub trusted_accounts: Vec<String>,
    /// The external ID callers must give (`sts:ExternalId` in the trust policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The role's `MaxSessionDuration` in seconds (3600–43200; default 43200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_session_duration_seconds: Option<u32>,
}

/// An opt-in Region not enabled for an account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedRegionNotEnabled {
    /// The account.
    pub account: String,
    /// The Region.
    pub region: String,
}

/// A role, read from its seed entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Role {
    pub(crate) arn: String,
    pub(crate) partition: String,
    pub(crate) account_id: String,
    /// The last part of the role's path: what an assumed-role ARN names.
    pub(crate) name: String,
    /// Its unique ID, `AROA…` (derived from the ARN).
    pub(crate) role_id: String,
    pub(crate) trusted_accounts: Vec<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) max_session_seconds: u32,
}

/// Roles and Regions not enabled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Estate {
    roles: Vec<Role>,
    not_enabled: BTreeSet<(String, String)>,
}

impl Estate {
    /// The estate of `seed`: its roles and Regions not enabled, or, when it names no
    /// credentials (so the demo credentials apply), the demo's.
    pub(crate) fn of(seed: &Seed) -> Result<Self, SeedError> {
        if seed.credentials.is_empty()
            && seed.roles.is_empty()
            && seed.regions_not_enabled.is_empty()
        {
            if let Ok(demo) = crate::demo::seed() {
                return Self::read(&demo);
            }
        }
        Self::read(seed)
    }

    fn read(seed: &Seed) -> Result<Self, SeedError> {
        let mut roles: Vec<Role> = Vec::new();
        for (i, r) in seed.roles.iter().enumerate() {
            let entry = format!("roles[{i}]");
            let role = read_role(r).map_err(|problem| invalid(&entry, problem))?;
            if roles.iter().any(|known| known.arn == role.arn) {
                return Err(invalid(&entry, format!("duplicate role {}", role.arn)));
            }
            roles.push(role);
        }
        let mut not_enabled = BTreeSet::new();
        for (i, r) in seed.regions_not_enabled.iter().enumerate() {
            let entry = format!("regionsNotEnabled[{i}]");
            validate_account_id(&r.account).map_err(|e| invalid(&entry, e.to_string()))?;
            if !is_valid_region(&r.region) {
                return Err(invalid(&entry, format!("{:?} is not a Region", r.region)));
            }
            not_enabled.insert((r.account.clone(), r.region.clone()));
        }
        Ok(Self { roles, not_enabled })
    }

    /// The role with ARN `arn`.
    pub(crate) fn role(&self, arn: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.arn == arn)
    }

    /// Whether `account` may use `region`.
    pub(crate) fn is_enabled(&self, account: &str, region: &str) -> bool {
        !self
            .not_enabled
            .contains(&(account.to_owned(), region.to_owned()))
    }
}

fn read_role(r: &SeedRole) -> Result<Role, String> {
    let (partition, account_id, path) = parse_role_arn(&r.arn).ok_or_else(|| {
        format!(
            "{:?} is not a role ARN (arn:aws:iam::<account>:role/<name>)",
            r.arn
        )
    })?;
    for account in &r.trusted_accounts {
        validate_account_id(account).map_err(|e| e.to_string())?;
    }
    if let Some(id) = &r.external_id {
        if !crate::sts::is_external_id(id) {
            return Err(format!("externalId {id:?}: 2–1224 of [\\w+=,.@:/-]"));
        }
    }
    let max = r
        .max_session_duration_seconds
        .unwrap_or(DEFAULT_MAX_SESSION_SECONDS);
    if !(3600..=43_200).contains(&max) {
        return Err(format!("maxSessionDurationSeconds {max}: 3600–43200"));
    }
    let name = path.rsplit('/').next().unwrap_or(path).to_owned();
    Ok(Role {
        arn: r.arn.clone(),
        partition: partition.to_owned(),
        account_id: account_id.to_owned(),
        name,
        role_id: crate::sts::derived_id("AROA", &r.arn),
        trusted_accounts: r.trusted_accounts.clone(),
        external_id: r.external_id.clone(),
        max_session_seconds: max,
    })
}

/// The partition, account and path-and-name of `arn:<partition>:iam::<account>:role/<path>`.
pub(crate) fn parse_role_arn(arn: &str) -> Option<(&str, &str, &str)> {
    let rest = arn.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    let rest = rest.strip_prefix("iam::")?;
    let (account, resource) = rest.split_once(':')?;
    let path = resource.strip_prefix("role/")?;
    let name = path.rsplit('/').next()?;
    let name_ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    let partition_ok = !partition.is_empty()
        && partition
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-');
    (partition_ok && name_ok && validate_account_id(account).is_ok())
        .then_some((partition, account, path))
}

/// The assumed-role sessions handed out by `AssumeRole`, by access key ID; the oldest are
/// forgotten beyond [`MAX_SESSIONS`].
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    by_access_key: HashMap<String, Principal>,
    order: VecDeque<String>,
}

impl Sessions {
    pub(crate) fn insert(&mut self, principal: Principal) {
        while self.order.len() >= MAX_SESSIONS {
            if let Some(oldest) = self.order.pop_front() {
                self.by_access_key.remove(&oldest);
            }
        }
        self.order.push_back(principal.access_key_id.clone());
        self.by_access_key
            .insert(principal.access_key_id.clone(), principal);
    }

    pub(crate) fn get(&self, access_key_id: &str) -> Option<&Principal> {
        self.by_access_key.get(access_key_id)
    }

    pub(crate) fn clear(&mut self) {
        self.by_access_key.clear();
        self.order.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns() {
        assert_eq!(
            parse_role_arn("arn:aws:iam::444455556666:role/KmsRotateOperator"),
            Some(("aws", "444455556666", "KmsRotateOperator"))
        );
        assert_eq!(
            parse_role_arn("arn:aws-cn:iam::444455556666:role/ops/Rotator"),
            Some(("aws-cn", "444455556666", "ops/Rotator"))
        );
        for bad in [
            "",
            "arn:aws:iam::444455556666:user/Alice",
            "arn:aws:iam::4444:role/R",
            "arn:aws:sts::444455556666:role/R",
            "arn:aws:iam::444455556666:role/",
            "arn:aws:iam::444455556666:role/bad name",
        ] {
            assert_eq!(parse_role_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_demo_estate() {
        let estate = Estate::of(&Seed::default()).expect("demo estate");
        for account in ["111122223333", "444455556666", "777788889999"] {
            let role = estate
                .role(&format!("arn:aws:iam::{account}:role/KmsRotateOperator"))
                .expect("role");
            assert_eq!(role.name, "KmsRotateOperator");
            assert!(role.role_id.starts_with("AROA") && role.role_id.len() == 21);
        }
        assert!(!estate.is_enabled("777788889999", "ap-east-1"));
        assert!(estate.is_enabled("111122223333", "ap-east-1"));
    }

    #[test]
    fn sessions_are_bounded() {
        let mut sessions = Sessions::default();
        for i in 0..MAX_SESSIONS + 5 {
            sessions.insert(Principal {
                access_key_id: format!("ASIA{i:016}"),
                secret_access_key: "s".into(),
                session_token: None,
                account_id: "111122223333".into(),
                expiration: None,
                arn: None,
                user_id: None,
            });
        }
        assert!(sessions.get(&format!("ASIA{:016}", 0)).is_none());
        assert!(sessions
            .get(&format!("ASIA{:016}", MAX_SESSIONS + 4))
            .is_some());
        assert_eq!(sessions.order.len(), MAX_SESSIONS);
    }
}
