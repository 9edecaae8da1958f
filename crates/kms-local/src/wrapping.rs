//! Wrapping keys for imported key material: one RSA key pair per `GetParametersForImport`
//! response, kept in a bounded table, and the unwrapping of `EncryptedKeyMaterial` with
//! the algorithm the token names.
//!
//! The algorithms are those of "Step 2: Download the wrapping public key and import token"
//! (<https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html>)
//! and "Step 3: Encrypt the key material"
//! (<https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-encrypt-key-material.html>):
//! RSA-OAEP with SHA-1 or SHA-256 of the material itself, or (`RSA_AES_KEY_WRAP_*`)
//! RSA-OAEP of an ephemeral 256-bit AES key followed by the material wrapped under that
//! key with AES key wrap with padding (RFC 5649) — the ciphertext is the two, concatenated.

use crate::error::KmsError;
use crate::import_token::{self, Claims, TokenSecret, WrappingAlgorithm, WrappingKeySpec};
use aes_kw::{KeyInit, KwpAes256};
use kms_core::time::Timestamp;
use rsa::pkcs8::EncodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::PrivateKey;
use sha1::Sha1;
use sha2::Sha256;
use std::collections::BTreeMap;

/// How many wrapping key pairs the server keeps: the newest. A token whose key pair was
/// dropped is refused like any token the server cannot use.
pub(crate) const MAX_WRAPPING_KEYS: usize = 1000;

/// What `GetParametersForImport` returns.
#[derive(Debug)]
pub(crate) struct Issued {
    pub(crate) token: Vec<u8>,
    /// DER `SubjectPublicKeyInfo`.
    pub(crate) public_key: Vec<u8>,
    pub(crate) valid_to: Timestamp,
}

/// The wrapping key pairs handed out, by id, and the secret tokens are signed with.
#[derive(Default)]
pub(crate) struct WrappingKeys {
    /// Drawn at the first `GetParametersForImport`.
    secret: Option<TokenSecret>,
    keys: BTreeMap<u64, PrivateKey>,
    next_id: u64,
}

impl std::fmt::Debug for WrappingKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WrappingKeys")
            .field("held", &self.keys.len())
            .finish_non_exhaustive()
    }
}

fn invalid_token(message: impl Into<String>) -> KmsError {
    KmsError::service("InvalidImportTokenException", message)
}

impl WrappingKeys {
    /// Makes a key pair of `spec` for importing into `key_arn` with `algorithm`, valid for
    /// 24 hours from `now`.
    pub(crate) fn issue(
        &mut self,
        key_arn: &str,
        spec: WrappingKeySpec,
        algorithm: WrappingAlgorithm,
        now: Timestamp,
    ) -> Result<Issued, KmsError> {
        let secret = match &self.secret {
            Some(secret) => secret.clone(),
            None => {
                let secret = TokenSecret::random().map_err(|e| {
                    KmsError::internal(format!("no randomness for the token secret: {e}"))
                })?;
                self.secret = Some(secret.clone());
                secret
            }
        };
        let mut rng = getrandom::SysRng;
        let private = PrivateKey::new(&mut rng, spec.bits())
            .map_err(|e| KmsError::internal(format!("cannot make a wrapping key: {e}")))?;
        let public_key = private
            .to_public_key()
            .to_public_key_der()
            .map_err(|e| KmsError::internal(format!("cannot encode the wrapping key: {e}")))?
            .as_bytes()
            .to_vec();
        while self.keys.len() >= MAX_WRAPPING_KEYS {
            self.keys.pop_first();
        }
        let id = self.next_id;
        self.next_id += 1;
        self.keys.insert(id, private);
        let valid_to = now.plus_millis(import_token::TOKEN_VALIDITY_MILLIS);
        let claims = Claims {
            wrapping_key_id: id,
            key_arn: key_arn.to_owned(),
            spec,
            algorithm,
            valid_to,
        };
        Ok(Issued {
            token: claims.encode(&secret),
            public_key,
            valid_to,
        })
    }

    /// The key pair and algorithm of `token`, if it is this server's, for `key_arn`, and
    /// still valid at `now`.
    ///
    /// `InvalidImportTokenException` for a token that is not this server's (or changed),
    /// is for another key, or whose key pair is no longer held;
    /// `ExpiredImportTokenException` after its 24 hours — the two errors of
    /// <https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html>.
    pub(crate) fn redeem(
        &self,
        token: &[u8],
        key_arn: &str,
        now: Timestamp,
    ) -> Result<(&PrivateKey, WrappingAlgorithm), KmsError> {
        let secret = self.secret.as_ref().ok_or_else(|| {
            invalid_token("The import token is not valid: this server issued none.")
        })?;
        let claims = import_token::decode(token, secret)
            .map_err(|e| invalid_token(format!("The import token is not valid: {e}.")))?;
        if claims.key_arn != key_arn {
            return Err(invalid_token(format!(
                "The import token is for {}, not {key_arn}.",
                claims.key_arn
            )));
        }
        if claims.valid_to <= now {
            return Err(KmsError::service(
                "ExpiredImportTokenException",
                "The import token has expired. Use GetParametersForImport to get a new import token and public key.",
            ));
        }
        let private = self.keys.get(&claims.wrapping_key_id).ok_or_else(|| {
            invalid_token(format!(
                "The import token's wrapping key is no longer held (kms-local keeps the newest {MAX_WRAPPING_KEYS}). Use GetParametersForImport again."
            ))
        })?;
        Ok((private, claims.algorithm))
    }

    /// Forgets every key pair (a reset); the secret stays, so older tokens stay refused.
    pub(crate) fn clear(&mut self) {
        self.keys.clear();
    }
}

fn cannot_decrypt() -> KmsError {
    KmsError::service(
        "InvalidCiphertextException",
        "KMS could not decrypt the encrypted key material with the wrapping key and algorithm of the import token.",
    )
}

/// The plaintext key material of `wrapped`, or `InvalidCiphertextException`.
pub(crate) fn unwrap_material(
    private: &PrivateKey,
    algorithm: WrappingAlgorithm,
    wrapped: &[u8],
) -> Result<Vec<u8>, KmsError> {
    let oaep = |sha256: bool, ciphertext: &[u8]| {
        if sha256 {
            private.oaep_decrypt::<Sha256>(ciphertext)
        } else {
            private.oaep_decrypt::<Sha1>(ciphertext)
        }
        .map_err(|_| cannot_decrypt())
    };
    match algorithm {
        WrappingAlgorithm::RsaesOaepSha1 => oaep(false, wrapped),
        WrappingAlgorithm::RsaesOaepSha256 => oaep(true, wrapped),
        WrappingAlgorithm::RsaAesKeyWrapSha1 | WrappingAlgorithm::RsaAesKeyWrapSha256 => {
            let sha256 = algorithm == WrappingAlgorithm::RsaAesKeyWrapSha256;
            let (rsa_part, kwp_part) = wrapped
                .split_at_checked(private.size())
                .ok_or_else(cannot_decrypt)?;
            let aes_key = oaep(sha256, rsa_part)?;
            let kwp = KwpAes256::new_from_slice(&aes_key).map_err(|_| cannot_decrypt())?;
            let mut buf = vec![0; kwp_part.len().saturating_sub(8)];
            let material = kwp
                .unwrap_key(kwp_part, &mut buf)
                .map_err(|_| cannot_decrypt())?;
            Ok(material.to_vec())
        }
    }
}

/// Wraps `material` for `public_key_der` as a client does (tests only: clients wrap).
#[cfg(test)]
pub(crate) fn wrap_for_test(
    public_key_der: &[u8],
    algorithm: WrappingAlgorithm,
    material: &[u8],
) -> Vec<u8> {
    use rsa::pkcs8::DecodePublicKey;
    let public = rsa::PublicKey::from_public_key_der(public_key_der).expect("an RSA SPKI");
    let oaep = |sha256: bool, plaintext: &[u8]| {
        if sha256 {
            public.oaep_encrypt::<Sha256>(plaintext)
        } else {
            public.oaep_encrypt::<Sha1>(plaintext)
        }
        .expect("OAEP encrypts")
    };
    match algorithm {
        WrappingAlgorithm::RsaesOaepSha1 => oaep(false, material),
        WrappingAlgorithm::RsaesOaepSha256 => oaep(true, material),
        WrappingAlgorithm::RsaAesKeyWrapSha1 | WrappingAlgorithm::RsaAesKeyWrapSha256 => {
            let aes_key = [0x5a; 32];
            let mut out = oaep(
                algorithm == WrappingAlgorithm::RsaAesKeyWrapSha256,
                &aes_key,
            );
            let kwp = KwpAes256::new_from_slice(&aes_key).expect("a 256-bit key");
            let mut buf = vec![0; material.len().div_ceil(8) * 8 + 8];
            out.extend_from_slice(kwp.wrap_key(material, &mut buf).expect("wraps"));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T>(result: Result<T, KmsError>) -> Result<(), &'static str> {
        result.map(|_| ()).map_err(|e| e.code)
    }

    #[test]
    fn each_algorithm_unwraps_what_a_client_wraps_and_refuses_changes() {
        let mut keys = WrappingKeys::default();
        let arn = "arn:aws:kms:us-east-1:111122223333:key/k";
        let now = Timestamp::from_epoch_seconds(1_767_225_600);
        let material = [0x42; 32];
        for algorithm in WrappingAlgorithm::ALL {
            let issued = keys
                .issue(arn, WrappingKeySpec::Rsa2048, algorithm, now)
                .expect("issues");
            assert_eq!(issued.valid_to, now.plus_millis(24 * 3_600_000));
            let (private, named) = keys.redeem(&issued.token, arn, now).expect("redeems");
            assert_eq!(named, algorithm);
            let mut wrapped = wrap_for_test(&issued.public_key, algorithm, &material);
            assert_eq!(
                unwrap_material(private, algorithm, &wrapped).expect("unwraps"),
                material,
                "{algorithm:?}"
            );
            if let Some(last) = wrapped.last_mut() {
                *last ^= 1;
            }
            let refused = unwrap_material(private, algorithm, &wrapped).map(|_| ());
            assert_eq!(
                refused.map_err(|e| e.code),
                Err("InvalidCiphertextException")
            );
        }
        let token = keys
            .issue(
                arn,
                WrappingKeySpec::Rsa2048,
                WrappingAlgorithm::RsaesOaepSha256,
                now,
            )
            .expect("issues")
            .token;
        assert_eq!(
            code(keys.redeem(&token, "arn:aws:kms:us-east-1:111122223333:key/other", now)),
            Err("InvalidImportTokenException")
        );
        let later = now.plus_millis(import_token::TOKEN_VALIDITY_MILLIS);
        assert_eq!(
            code(keys.redeem(&token, arn, later)),
            Err("ExpiredImportTokenException")
        );
        keys.clear();
        assert_eq!(
            code(keys.redeem(&token, arn, now)),
            Err("InvalidImportTokenException")
        );
    }

    #[test]
    fn the_table_keeps_the_newest_key_pairs() {
        let mut keys = WrappingKeys::default();
        let arn = "arn:aws:kms:us-east-1:111122223333:key/k";
        let now = Timestamp::from_epoch_seconds(1_767_225_600);
        let first = keys
            .issue(
                arn,
                WrappingKeySpec::Rsa2048,
                WrappingAlgorithm::RsaesOaepSha256,
                now,
            )
            .expect("issues");
        // Filling the table with real keys takes minutes; stand-ins of the first key
        // make the table full.
        let stand_in = keys.keys.values().next().cloned().expect("a key");
        for id in 1..MAX_WRAPPING_KEYS as u64 {
            keys.keys.insert(id, stand_in.clone());
        }
        keys.next_id = MAX_WRAPPING_KEYS as u64;
        assert!(keys.redeem(&first.token, arn, now).is_ok());
        keys.issue(
            arn,
            WrappingKeySpec::Rsa2048,
            WrappingAlgorithm::RsaesOaepSha256,
            now,
        )
        .expect("issues");
        assert_eq!(keys.keys.len(), MAX_WRAPPING_KEYS);
        let evicted = keys
            .redeem(&first.token, arn, now)
            .map(|_| ())
            .map_err(|e| e.code);
        assert_eq!(evicted, Err("InvalidImportTokenException"));
    }
}
