//! The built-in demo data set and the demo credentials.
//!
//! The data set is a seed (`src/demo.json`, the fullest example of the seed format): an
//! estate of three accounts (`111122223333`, the demo principal's own, `444455556666` and
//! `777788889999`) with keys in us-east-1, eu-west-1 and ap-southeast-2, a role
//! `KmsRotateOperator` in each that the demo principal may assume (and one,
//! `KmsRotateExternal`, that wants an external ID), and `ap-east-1` not enabled in
//! `777788889999`. Account `111122223333`'s us-east-1 covers every case the console must
//! show: eligible keys with long
//! histories, one mid-rotation, one with 24 and one with 25 on-demand rotations used,
//! automatic rotation due within 20 minutes, asymmetric, HMAC, AWS managed (with
//! `alias/aws/s3`), a custom key store, a multi-Region primary with a replica, EXTERNAL
//! keys with and without material pending rotation and awaiting import (and a
//! multi-Region one with a replica), disabled, pending deletion, and an AWS predefined
//! alias with no key. Keys carry tags and last-use data covering each case of
//! `GetKeyLastUsage`'s documentation.
//!
//! ```
//! let seed = kms_local::demo::seed().unwrap();
//! assert!(seed.keys.len() >= 20);
//! assert_eq!(kms_local::demo::DEMO_ACCESS_KEY_ID, seed.credentials[0].access_key_id);
//! ```

use crate::auth::Principal;
use crate::seed::{Seed, SeedError};

/// The demo data set, as JSON.
pub const DEMO_JSON: &str = include_str!("demo.json");

/// The demo access key ID (account `111122223333`). Demo credentials are public: they
/// unlock nothing but this local server.
pub const DEMO_ACCESS_KEY_ID: &str = "ASIAKMSLOCALDEMO0001";
/// The demo secret access key.
pub const DEMO_SECRET_ACCESS_KEY: &str = "kmsLocalDemoSecretAccessKey0000000000000";
/// The demo session token.
pub const DEMO_SESSION_TOKEN: &str = "kms-local-demo-session-token";
/// The demo account.
pub const DEMO_ACCOUNT_ID: &str = "111122223333";
/// A second account's access key (no session token), for cross-account tests.
pub const PARTNER_ACCESS_KEY_ID: &str = "AKIAKMSLOCALPARTNER1";
/// Its secret.
pub const PARTNER_SECRET_ACCESS_KEY: &str = "kmsLocalPartnerSecretAccessKey0000000000";
/// Its account.
pub const PARTNER_ACCOUNT_ID: &str = "444455556666";
/// Credentials that expired in 2020: every request gets `ExpiredTokenException`.
pub const EXPIRED_ACCESS_KEY_ID: &str = "ASIAKMSLOCALEXPIRED1";
/// Their secret.
pub const EXPIRED_SECRET_ACCESS_KEY: &str = "kmsLocalExpiredSecretAccessKey0000000000";
/// Their session token.
pub const EXPIRED_SESSION_TOKEN: &str = "kms-local-expired-session-token";

/// The demo data set.
pub fn seed() -> Result<Seed, SeedError> {
    Seed::from_json(DEMO_JSON.as_bytes())
}

/// The demo credentials (the credentials of the demo seed).
pub fn credentials() -> Vec<Principal> {
    seed().map(|s| s.credentials).unwrap_or_default()
}

/// The start-up banner: a pasteable `export` block of the demo credentials.
pub fn export_block(endpoint: &str, region: &str) -> String {
    format!(
        "export AWS_ACCESS_KEY_ID={DEMO_ACCESS_KEY_ID}\n\
         export AWS_SECRET_ACCESS_KEY={DEMO_SECRET_ACCESS_KEY}\n\
         export AWS_SESSION_TOKEN={DEMO_SESSION_TOKEN}\n\
         export AWS_REGION={region}\n\
         export AWS_ENDPOINT_URL_KMS={endpoint}\n\
         export AWS_ENDPOINT_URL_STS={endpoint}\n"
    )
}
