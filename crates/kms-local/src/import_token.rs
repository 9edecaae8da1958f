//! Import tokens: the opaque bytes `GetParametersForImport` hands out and
//! `ImportKeyMaterial` takes back.
//!
//! AWS describes the token only by what it does: it is "permanently linked" to the public
//! key of the same response, it is bound to the KMS key named in the request, and it is
//! valid for 24 hours
//! (<https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html>).
//! kms-local's token carries exactly that — the key ARN, the wrapping key's id in the
//! server's table, its spec and algorithm, and the end of its validity in store time —
//! authenticated with HMAC-SHA256 under a secret of the running server, so a token from
//! another server, or one changed in any byte, is refused.
//!
//! Layout (all integers big-endian):
//!
//! ```text
//! "KLIT1" | wrapping key id u64 | valid to (epoch ms) i64 | spec u8 | algorithm u8
//!         | ARN length u16 | ARN (UTF-8) | HMAC-SHA256 of everything before it (32)
//! ```
//!
//! The decoder reads untrusted input (a request's `ImportToken`); the fuzz target
//! `import_token` drives it.
//!
//! ```
//! use kms_local::import_token::{decode, Claims, TokenSecret, WrappingAlgorithm, WrappingKeySpec};
//! use kms_core::time::Timestamp;
//! let secret = TokenSecret::from_bytes([7; 32]);
//! let claims = Claims {
//!     wrapping_key_id: 1,
//!     key_arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab".into(),
//!     spec: WrappingKeySpec::Rsa2048,
//!     algorithm: WrappingAlgorithm::RsaesOaepSha256,
//!     valid_to: Timestamp::from_epoch_seconds(1_800_000_000),
//! };
//! let token = claims.encode(&secret);
//! assert_eq!(decode(&token, &secret), Ok(claims));
//! assert!(decode(&token, &TokenSecret::from_bytes([8; 32])).is_err());
//! ```

use hmac::{Hmac, KeyInit, Mac};
use kms_core::time::Timestamp;
use sha2::Sha256;

/// How long a public key and import token stay valid: 24 hours (store time).
pub const TOKEN_VALIDITY_MILLIS: i64 = 24 * 60 * 60 * 1000;

const MAGIC: &[u8; 5] = b"KLIT1";
const MAC_LEN: usize = 32;
/// Magic, id, valid-to, spec, algorithm, ARN length.
const HEADER_LEN: usize = MAGIC.len() + 8 + 8 + 1 + 1 + 2;

/// The RSA wrapping key specs kms-local issues (`WrappingKeySpec`, less `SM2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WrappingKeySpec {
    /// `RSA_2048`
    Rsa2048,
    /// `RSA_3072`
    Rsa3072,
    /// `RSA_4096`
    Rsa4096,
}

impl WrappingKeySpec {
    /// Every spec, in wire order.
    pub const ALL: [Self; 3] = [Self::Rsa2048, Self::Rsa3072, Self::Rsa4096];

    /// The modulus size in bits.
    pub fn bits(self) -> usize {
        match self {
            Self::Rsa2048 => 2048,
            Self::Rsa3072 => 3072,
            Self::Rsa4096 => 4096,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rsa2048 => "RSA_2048",
            Self::Rsa3072 => "RSA_3072",
            Self::Rsa4096 => "RSA_4096",
        }
    }

    /// The spec of a wire name.
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    fn code(self) -> u8 {
        match self {
            Self::Rsa2048 => 1,
            Self::Rsa3072 => 2,
            Self::Rsa4096 => 3,
        }
    }

    fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The wrapping algorithms kms-local accepts (`AlgorithmSpec`, less the deprecated
/// `RSAES_PKCS1_V1_5` and China-only `SM2PKE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WrappingAlgorithm {
    /// `RSAES_OAEP_SHA_1`: RSA-OAEP with SHA-1 (and MGF1 with SHA-1) of the material.
    RsaesOaepSha1,
    /// `RSAES_OAEP_SHA_256`: RSA-OAEP with SHA-256 (and MGF1 with SHA-256).
    RsaesOaepSha256,
    /// `RSA_AES_KEY_WRAP_SHA_1`: RSA-OAEP-SHA-1 of an AES-256 key, then the material
    /// wrapped with that key (AES key wrap with padding, RFC 5649).
    RsaAesKeyWrapSha1,
    /// `RSA_AES_KEY_WRAP_SHA_256`: as above with SHA-256.
    RsaAesKeyWrapSha256,
}

impl WrappingAlgorithm {
    /// Every algorithm, in wire order.
    pub const ALL: [Self; 4] = [
        Self::RsaesOaepSha1,
        Self::RsaesOaepSha256,
        Self::RsaAesKeyWrapSha1,
        Self::RsaAesKeyWrapSha256,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RsaesOaepSha1 => "RSAES_OAEP_SHA_1",
            Self::RsaesOaepSha256 => "RSAES_OAEP_SHA_256",
            Self::RsaAesKeyWrapSha1 => "RSA_AES_KEY_WRAP_SHA_1",
            Self::RsaAesKeyWrapSha256 => "RSA_AES_KEY_WRAP_SHA_256",
        }
    }

    /// The algorithm of a wire name.
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == name)
    }

    fn code(self) -> u8 {
        match self {
            Self::RsaesOaepSha1 => 1,
            Self::RsaesOaepSha256 => 2,
            Self::RsaAesKeyWrapSha1 => 3,
            Self::RsaAesKeyWrapSha256 => 4,
        }
    }

    fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// The key that authenticates tokens: random per server process.
#[derive(Clone)]
pub struct TokenSecret([u8; 32]);

impl std::fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSecret(** redacted **)")
    }
}

impl TokenSecret {
    /// A secret of these bytes (tests and the fuzz target; the server draws a random one).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// A secret from the operating system's random source.
    pub fn random() -> Result<Self, getrandom::Error> {
        let mut bytes = [0; 32];
        getrandom::fill(&mut bytes)?;
        Ok(Self(bytes))
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes a key of any length, so this cannot fail.
        <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
    }
}

/// What a token says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    /// The wrapping key's id in the server's table.
    pub wrapping_key_id: u64,
    /// The ARN of the KMS key the material is for.
    pub key_arn: String,
    /// The spec of the wrapping key.
    pub spec: WrappingKeySpec,
    /// The wrapping algorithm chosen in `GetParametersForImport`.
    pub algorithm: WrappingAlgorithm,
    /// The end of validity (`ParametersValidTo`), store time.
    pub valid_to: Timestamp,
}

/// Why a token is refused (both are `InvalidImportTokenException` on the wire).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// The bytes are not a kms-local token.
    Malformed,
    /// The bytes have a token's shape but another secret (or a change) made them.
    NotAuthentic,
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Malformed => "the import token is not one kms-local issued",
            Self::NotAuthentic => "the import token was not issued by this server",
        })
    }
}

impl std::error::Error for TokenError {}

impl Claims {
    /// The token bytes: the claims, then their HMAC under `secret`.
    ///
    /// An ARN longer than 65,535 bytes (KMS ARNs are under 2,048) is cut at that length.
    pub fn encode(&self, secret: &TokenSecret) -> Vec<u8> {
        let arn = self.key_arn.as_bytes();
        let arn = arn.get(..usize::from(u16::MAX)).unwrap_or(arn);
        let mut out = Vec::with_capacity(HEADER_LEN + arn.len() + MAC_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.wrapping_key_id.to_be_bytes());
        out.extend_from_slice(&self.valid_to.epoch_millis().to_be_bytes());
        out.push(self.spec.code());
        out.push(self.algorithm.code());
        out.extend_from_slice(&(arn.len() as u16).to_be_bytes());
        out.extend_from_slice(arn);
        let mut mac = secret.mac();
        mac.update(&out);
        out.extend_from_slice(&mac.finalize().into_bytes());
        out
    }
}

/// Reads and authenticates a token. The MAC is checked first (in constant time), so
/// nothing of an unauthenticated token is believed.
pub fn decode(token: &[u8], secret: &TokenSecret) -> Result<Claims, TokenError> {
    if token.len() < HEADER_LEN + MAC_LEN || !token.starts_with(MAGIC) {
        return Err(TokenError::Malformed);
    }
    let (body, tag) = token.split_at(token.len() - MAC_LEN);
    let mut mac = secret.mac();
    mac.update(body);
    mac.verify_slice(tag)
        .map_err(|_| TokenError::NotAuthentic)?;
    parse(body).ok_or(TokenError::Malformed)
}

fn parse(body: &[u8]) -> Option<Claims> {
    let rest = body.strip_prefix(MAGIC.as_slice())?;
    let (id, rest) = rest.split_first_chunk::<8>()?;
    let (valid_to, rest) = rest.split_first_chunk::<8>()?;
    let (&[spec, algorithm], rest) = rest.split_first_chunk::<2>()?;
    let (arn_len, arn) = rest.split_first_chunk::<2>()?;
    if arn.len() != usize::from(u16::from_be_bytes(*arn_len)) {
        return None;
    }
    Some(Claims {
        wrapping_key_id: u64::from_be_bytes(*id),
        key_arn: String::from_utf8(arn.to_vec()).ok()?,
        spec: WrappingKeySpec::from_code(spec)?,
        algorithm: WrappingAlgorithm::from_code(algorithm)?,
        valid_to: Timestamp::from_epoch_millis(i64::from_be_bytes(*valid_to)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            wrapping_key_id: 42,
            key_arn: "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
                .into(),
            spec: WrappingKeySpec::Rsa4096,
            algorithm: WrappingAlgorithm::RsaAesKeyWrapSha256,
            valid_to: Timestamp::from_epoch_millis(1_767_312_000_123),
        }
    }

    #[test]
    fn tokens_round_trip_and_refuse_every_changed_byte() {
        let secret = TokenSecret::from_bytes([1; 32]);
        let token = claims().encode(&secret);
        assert_eq!(decode(&token, &secret), Ok(claims()));
        for i in 0..token.len() {
            let mut bad = token.clone();
            bad[i] ^= 0x01;
            assert!(decode(&bad, &secret).is_err(), "byte {i}");
        }
        assert_eq!(
            decode(&token, &TokenSecret::from_bytes([2; 32])),
            Err(TokenError::NotAuthentic)
        );
        assert_eq!(decode(b"", &secret), Err(TokenError::Malformed));
        assert_eq!(
            decode(&token[..token.len() - 1], &secret),
            Err(TokenError::NotAuthentic)
        );
    }

    #[test]
    fn wire_names_are_the_models() {
        for spec in WrappingKeySpec::ALL {
            assert_eq!(WrappingKeySpec::from_wire(spec.as_str()), Some(spec));
            assert_eq!(WrappingKeySpec::from_code(spec.code()), Some(spec));
        }
        for alg in WrappingAlgorithm::ALL {
            assert_eq!(WrappingAlgorithm::from_wire(alg.as_str()), Some(alg));
            assert_eq!(WrappingAlgorithm::from_code(alg.code()), Some(alg));
        }
        assert_eq!(WrappingAlgorithm::from_wire("RSAES_PKCS1_V1_5"), None);
        assert_eq!(WrappingKeySpec::from_wire("SM2"), None);
        assert!(format!("{:?}", TokenSecret::from_bytes([9; 32])).contains("redacted"));
    }
}
