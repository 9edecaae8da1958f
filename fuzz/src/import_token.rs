//! `kms_local::import_token::decode` on any bytes: the import token of an
//! `ImportKeyMaterial` request, which any caller can make up.
//!
//! Properties: decoding never panics; whatever decodes (it must carry the HMAC of the
//! fixed fuzz secret) re-encodes to exactly the input, and with any one bit changed it is
//! refused; the input read as claims (id, validity, spec, algorithm, ARN) encodes to a
//! token that decodes back to the same claims, and that another secret refuses.

use kms_core::time::Timestamp;
use kms_local::import_token::{decode, Claims, TokenSecret, WrappingAlgorithm, WrappingKeySpec};

/// The secret the seeds are signed with (32 bytes).
pub const SECRET: [u8; 32] = *b"kms-rotate fuzz import token key";

/// Runs one input.
pub fn run(data: &[u8]) {
    let secret = TokenSecret::from_bytes(SECRET);
    if let Ok(claims) = decode(data, &secret) {
        assert_eq!(claims.encode(&secret), data, "a token re-encodes to itself");
        for i in [0, data.len() / 2, data.len() - 1] {
            let mut changed = data.to_vec();
            changed[i] ^= 0x80;
            assert!(
                decode(&changed, &secret).is_err(),
                "a changed byte {i} is refused"
            );
        }
    }
    if let Some(claims) = claims_from(data) {
        let token = claims.encode(&secret);
        assert_eq!(
            decode(&token, &secret),
            Ok(claims),
            "claims survive a round trip"
        );
        assert!(
            decode(&token, &TokenSecret::from_bytes([0; 32])).is_err(),
            "another secret refuses the token"
        );
    }
}

/// The input read as claims: 8 bytes of id, 8 of validity (epoch ms), a spec byte, an
/// algorithm byte, then the ARN (lossy UTF-8, at most 2,048 characters).
fn claims_from(data: &[u8]) -> Option<Claims> {
    let (id, rest) = data.split_first_chunk::<8>()?;
    let (valid_to, rest) = rest.split_first_chunk::<8>()?;
    let (&[spec, algorithm], arn) = rest.split_first_chunk::<2>()?;
    let specs = WrappingKeySpec::ALL;
    let algorithms = WrappingAlgorithm::ALL;
    Some(Claims {
        wrapping_key_id: u64::from_be_bytes(*id),
        valid_to: Timestamp::from_epoch_millis(i64::from_be_bytes(*valid_to)),
        spec: specs[usize::from(spec) % specs.len()],
        algorithm: algorithms[usize::from(algorithm) % algorithms.len()],
        key_arn: String::from_utf8_lossy(arn).chars().take(2048).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The valid seeds really are tokens under [`SECRET`], so the fuzzer starts from the
    /// decoding path, not only the refusals.
    #[test]
    fn the_valid_seeds_decode() {
        let secret = TokenSecret::from_bytes(SECRET);
        for name in [
            "token-oaep-sha256-us-east-1",
            "token-aes-key-wrap-mrk-eu-west-1",
        ] {
            let path = format!("{}/corpus/import_token/{name}", env!("CARGO_MANIFEST_DIR"));
            let bytes = std::fs::read(&path).expect("a seed");
            assert!(decode(&bytes, &secret).is_ok(), "{name}");
        }
    }
}
