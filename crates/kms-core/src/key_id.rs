//! Key identifiers: key IDs, multi-Region key IDs, key ARNs, alias names and alias ARNs.
//! STUB: the full parser lands with the key-identifier work.

use crate::partition::Partition;

/// What is wrong with a key identifier, in words a user acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyIdError {
    message: String,
}

impl KeyIdError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for KeyIdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeyIdError {}

/// The ARN of a key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyArn {
    /// The partition.
    pub partition: Partition,
    /// The Region.
    pub region: String,
    /// The 12-digit account ID.
    pub account_id: String,
    /// The key ID (UUID or `mrk-` form).
    pub key_id: String,
}

/// The ARN of an alias.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AliasArn {
    /// The partition.
    pub partition: Partition,
    /// The Region.
    pub region: String,
    /// The 12-digit account ID.
    pub account_id: String,
    /// The alias name, `alias/...`.
    pub alias_name: String,
}

/// A parsed key identifier.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyIdentifier {
    /// A key ID (UUID).
    KeyId(String),
    /// A multi-Region key ID (`mrk-` + 32 hex digits).
    MultiRegionKeyId(String),
    /// A key ARN.
    KeyArn(KeyArn),
    /// An alias name (`alias/...`).
    AliasName(String),
    /// An alias ARN.
    AliasArn(AliasArn),
}

impl KeyIdentifier {
    /// Parses and validates `text`.
    pub fn parse(text: &str) -> Result<Self, KeyIdError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(KeyIdError::new("key identifier is empty"));
        }
        Ok(Self::KeyId(text.to_owned()))
    }

    /// Parses `text` and checks that `RotateKeyOnDemand` accepts it (not an alias).
    pub fn parse_for_rotation(text: &str) -> Result<Self, KeyIdError> {
        Self::parse(text)
    }

    /// The Region named in an ARN, if any.
    pub fn region(&self) -> Option<&str> {
        match self {
            Self::KeyArn(arn) => Some(&arn.region),
            Self::AliasArn(arn) => Some(&arn.region),
            _ => None,
        }
    }

    /// The account named in an ARN, if any.
    pub fn account_id(&self) -> Option<&str> {
        match self {
            Self::KeyArn(arn) => Some(&arn.account_id),
            Self::AliasArn(arn) => Some(&arn.account_id),
            _ => None,
        }
    }

    /// Whether this names an alias rather than a key.
    pub fn is_alias(&self) -> bool {
        matches!(self, Self::AliasName(_) | Self::AliasArn(_))
    }
}

impl std::fmt::Display for KeyIdentifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::KeyId(id) | Self::MultiRegionKeyId(id) | Self::AliasName(id) => f.write_str(id),
            Self::KeyArn(arn) => write!(
                f,
                "arn:{}:kms:{}:{}:key/{}",
                arn.partition.as_str(),
                arn.region,
                arn.account_id,
                arn.key_id
            ),
            Self::AliasArn(arn) => write!(
                f,
                "arn:{}:kms:{}:{}:{}",
                arn.partition.as_str(),
                arn.region,
                arn.account_id,
                arn.alias_name
            ),
        }
    }
}
