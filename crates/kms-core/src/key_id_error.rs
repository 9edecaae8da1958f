//! [`KeyIdError`]: why a key identifier, alias, Region or account ID is refused. Its own
//! module because both `key_id` and `partition` (below it) report it.

use std::fmt;

/// What kind of problem a [`KeyIdError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyIdErrorKind {
    /// Nothing but whitespace was given.
    Empty,
    /// Longer than KMS accepts.
    TooLong,
    /// None of the accepted forms.
    Unrecognized,
    /// A malformed key ID or multi-Region key ID (also inside an ARN).
    InvalidKeyId,
    /// A malformed alias name (also inside an ARN).
    InvalidAliasName,
    /// An ARN without the expected parts.
    InvalidArn,
    /// An ARN of a service other than KMS.
    WrongService,
    /// An ARN partition this version does not know.
    UnknownPartition,
    /// A malformed Region name.
    InvalidRegion,
    /// A Region that belongs to another partition than the ARN names.
    PartitionMismatch,
    /// A malformed account ID.
    InvalidAccountId,
    /// An alias where only a key ID or key ARN is accepted.
    AliasNotAllowed,
    /// An ARN in another Region than the client is set to.
    RegionMismatch,
}

/// What is wrong with a key identifier, in words a user acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyIdError {
    kind: KeyIdErrorKind,
    message: String,
}

impl KeyIdError {
    pub(crate) fn with_kind(kind: KeyIdErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> KeyIdErrorKind {
        self.kind
    }

    /// The message, as `Display` shows it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for KeyIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeyIdError {}
