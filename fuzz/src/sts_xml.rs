//! Target `sts_xml`: STS's XML answers and errors (`kms_core::sts`), as any server or
//! proxy might send them. Never a panic; a read answer has a session token and an
//! expiration, and its `Debug` never shows the secret.

use kms_core::sts::{decode_error, read_assume_role, read_caller_identity};
use kms_core::transport::HttpResponse;

/// Runs one input.
pub fn run(data: &[u8]) {
    if let Ok(role) = read_assume_role(data) {
        assert!(role.credentials.session_token().is_some());
        assert!(role.credentials.expiration().is_some());
        let secret = role.credentials.secret_access_key();
        if secret.len() >= 8 {
            assert!(
                !format!("{role:?}").contains(secret),
                "Debug shows the secret"
            );
        }
    }
    let _ = read_caller_identity(data);
    for status in [400, 403, 500] {
        let _ = decode_error(&HttpResponse::new(status, data.to_vec()));
    }
}
