//! Key identifiers: key IDs, multi-Region key IDs, key ARNs, alias names and alias ARNs.
//!
//! [`KeyIdentifier::parse`] accepts every form KMS accepts for a `KeyId` parameter and
//! says precisely what is wrong with anything else. Text is kept as given (upper-case hex
//! stays upper-case), only surrounding whitespace is trimmed, so [`Display`] gives back
//! what the user typed and what KMS will see.
//!
//! `RotateKeyOnDemand` takes a key ID or key ARN only: use
//! [`KeyIdentifier::parse_for_rotation`] for its input.
//!
//! ```
//! use kms_core::key_id::{KeyIdentifier, KeyIdErrorKind};
//! use kms_core::partition::Partition;
//!
//! let arn = KeyIdentifier::parse(
//!     " arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab ",
//! )
//! .unwrap();
//! assert_eq!(arn.partition(), Some(Partition::AwsCn));
//! assert_eq!(arn.region(), Some("cn-north-1"));
//! assert!(arn.is_multi_region());
//! assert_eq!(arn.key_id(), Some("mrk-1234abcd12ab34cd56ef1234567890ab"));
//!
//! let alias = KeyIdentifier::parse("alias/aws/ebs").unwrap();
//! assert!(alias.is_alias() && alias.is_aws_managed_alias());
//!
//! let err = KeyIdentifier::parse_for_rotation("alias/payments").unwrap_err();
//! assert_eq!(err.kind(), KeyIdErrorKind::AliasNotAllowed);
//! assert_eq!(
//!     err.to_string(),
//!     "RotateKeyOnDemand takes a key ID or key ARN; resolve alias/payments with DescribeKey first"
//! );
//! ```
//!
//! [`Display`]: std::fmt::Display

// The error type and the Region check live below this module, so that `partition` can
// use them without importing `key_id`; they are still reached through `kms_core::key_id`.
pub use crate::key_id_error::{KeyIdError, KeyIdErrorKind};
use crate::partition::Partition;
pub use crate::partition::{validate_region, MAX_REGION_LEN};
use crate::text::{quoted, Joined};
use std::fmt;
use std::str::FromStr;

/// The longest `KeyId` KMS accepts (`KeyIdType` in the service model).
pub const MAX_KEY_IDENTIFIER_LEN: usize = 2048;
/// The longest alias name KMS accepts (`AliasNameType`).
pub const MAX_ALIAS_NAME_LEN: usize = 256;

const ALIAS_PREFIX: &str = "alias/";
const AWS_MANAGED_ALIAS_PREFIX: &str = "alias/aws/";
const MRK_PREFIX: &str = "mrk-";
const UUID_EXAMPLE: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const UUID_GROUPS: [usize; 5] = [8, 4, 4, 4, 12];

/// The ARN of a key: `arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID`.
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

impl fmt::Display for KeyArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:kms:{}:{}:key/{}",
            self.partition.as_str(),
            self.region,
            self.account_id,
            self.key_id
        )
    }
}

/// The ARN of an alias: `arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME`.
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

impl fmt::Display for AliasArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:kms:{}:{}:{}",
            self.partition.as_str(),
            self.region,
            self.account_id,
            self.alias_name
        )
    }
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
    /// Parses and validates `text`, after trimming surrounding whitespace.
    pub fn parse(text: &str) -> Result<Self, KeyIdError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(KeyIdError::with_kind(
                KeyIdErrorKind::Empty,
                "key identifier is empty",
            ));
        }
        let length = text.chars().count();
        if length > MAX_KEY_IDENTIFIER_LEN {
            return Err(KeyIdError::with_kind(
                KeyIdErrorKind::TooLong,
                format!(
                    "key identifier is {length} characters long; KMS accepts at most {MAX_KEY_IDENTIFIER_LEN}"
                ),
            ));
        }
        if text.starts_with("arn:") {
            return parse_arn(text);
        }
        if text.starts_with(ALIAS_PREFIX) {
            validate_alias_name(text)?;
            return Ok(Self::AliasName(text.to_owned()));
        }
        if text.starts_with(MRK_PREFIX) {
            validate_multi_region_key_id(text)?;
            return Ok(Self::MultiRegionKeyId(text.to_owned()));
        }
        if looks_like_uuid_attempt(text) {
            validate_uuid(text)?;
            return Ok(Self::KeyId(text.to_owned()));
        }
        Err(KeyIdError::with_kind(
            KeyIdErrorKind::Unrecognized,
            format!(
                "{} is not a key id: expected a UUID like {UUID_EXAMPLE}, an mrk- id, a key ARN, or alias/name",
                quoted(text)
            ),
        ))
    }

    /// Parses `text` and checks that `RotateKeyOnDemand` accepts it: a key ID or key ARN,
    /// not an alias.
    pub fn parse_for_rotation(text: &str) -> Result<Self, KeyIdError> {
        let id = Self::parse(text)?;
        id.check_not_alias("RotateKeyOnDemand")?;
        Ok(id)
    }

    /// Fails with [`KeyIdErrorKind::AliasNotAllowed`] when this names an alias, for
    /// operations (named by `operation`) that take a key ID or key ARN only.
    pub fn check_not_alias(&self, operation: &str) -> Result<(), KeyIdError> {
        if self.is_alias() {
            return Err(KeyIdError::with_kind(
                KeyIdErrorKind::AliasNotAllowed,
                format!(
                    "{operation} takes a key ID or key ARN; resolve {self} with DescribeKey first"
                ),
            ));
        }
        Ok(())
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

    /// The partition named in an ARN, if any.
    pub fn partition(&self) -> Option<Partition> {
        match self {
            Self::KeyArn(arn) => Some(arn.partition),
            Self::AliasArn(arn) => Some(arn.partition),
            _ => None,
        }
    }

    /// Whether this is an ARN (of a key or an alias).
    pub fn is_arn(&self) -> bool {
        matches!(self, Self::KeyArn(_) | Self::AliasArn(_))
    }

    /// Whether this names an alias rather than a key.
    pub fn is_alias(&self) -> bool {
        matches!(self, Self::AliasName(_) | Self::AliasArn(_))
    }

    /// Whether this is an alias reserved for AWS managed keys (`alias/aws/...`).
    pub fn is_aws_managed_alias(&self) -> bool {
        self.alias_name()
            .is_some_and(|name| name.starts_with(AWS_MANAGED_ALIAS_PREFIX))
    }

    /// The bare key ID (UUID or `mrk-` form) when this names a key rather than an alias.
    pub fn key_id(&self) -> Option<&str> {
        match self {
            Self::KeyId(id) | Self::MultiRegionKeyId(id) => Some(id),
            Self::KeyArn(arn) => Some(&arn.key_id),
            Self::AliasName(_) | Self::AliasArn(_) => None,
        }
    }

    /// The alias name (`alias/...`) when this names an alias.
    pub fn alias_name(&self) -> Option<&str> {
        match self {
            Self::AliasName(name) => Some(name),
            Self::AliasArn(arn) => Some(&arn.alias_name),
            _ => None,
        }
    }

    /// Whether this names a multi-Region key (`mrk-` key ID). Aliases say nothing about
    /// the key they point at, so they answer false.
    pub fn is_multi_region(&self) -> bool {
        self.key_id().is_some_and(|id| id.starts_with(MRK_PREFIX))
    }
}

impl fmt::Display for KeyIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KeyId(id) | Self::MultiRegionKeyId(id) | Self::AliasName(id) => f.write_str(id),
            Self::KeyArn(arn) => arn.fmt(f),
            Self::AliasArn(arn) => arn.fmt(f),
        }
    }
}

impl FromStr for KeyIdentifier {
    type Err = KeyIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// Checks that an ARN names the Region the client sends to. KMS answers a request for an
/// ARN of another Region with an unhelpful error (or, for a multi-Region key, acts on the
/// wrong copy), so the client must not send such ARNs blindly. Key IDs and alias names
/// carry no Region and always pass.
///
/// ```
/// use kms_core::key_id::{check_region_matches, KeyIdentifier};
/// let arn = KeyIdentifier::parse(
///     "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
/// )
/// .unwrap();
/// assert!(check_region_matches(&arn, "eu-west-1").is_ok());
/// assert_eq!(
///     check_region_matches(&arn, "us-east-1").unwrap_err().to_string(),
///     "this ARN is in eu-west-1 but the client is set to us-east-1; switch region to eu-west-1"
/// );
/// ```
pub fn check_region_matches(id: &KeyIdentifier, client_region: &str) -> Result<(), KeyIdError> {
    let client_region = client_region.trim();
    match id.region() {
        Some(region) if region != client_region => Err(KeyIdError::with_kind(
            KeyIdErrorKind::RegionMismatch,
            format!(
                "this ARN is in {region} but the client is set to {client_region}; switch region to {region}"
            ),
        )),
        _ => Ok(()),
    }
}

/// Checks a 12-digit AWS account ID.
///
/// ```
/// use kms_core::key_id::validate_account_id;
/// assert!(validate_account_id("111122223333").is_ok());
/// assert_eq!(
///     validate_account_id("11112222333").unwrap_err().to_string(),
///     "account id must be 12 digits, got 11"
/// );
/// ```
pub fn validate_account_id(account_id: &str) -> Result<(), KeyIdError> {
    let length = account_id.chars().count();
    if length != 12 {
        return Err(KeyIdError::with_kind(
            KeyIdErrorKind::InvalidAccountId,
            format!("account id must be 12 digits, got {length}"),
        ));
    }
    if let Some(position) = account_id.chars().position(|c| !c.is_ascii_digit()) {
        return Err(KeyIdError::with_kind(
            KeyIdErrorKind::InvalidAccountId,
            format!(
                "account id must be 12 digits, got {} with a non-digit at position {}",
                quoted(account_id),
                position + 1
            ),
        ));
    }
    Ok(())
}

fn parse_arn(text: &str) -> Result<KeyIdentifier, KeyIdError> {
    let invalid_arn = |detail: String| KeyIdError::with_kind(KeyIdErrorKind::InvalidArn, detail);
    // Alias names may contain ':', so the resource is everything after the fifth colon.
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [_, partition, service, region, account_id, resource] = parts[..] else {
        return Err(invalid_arn(format!(
            "{} is not a KMS ARN: expected arn:partition:kms:region:account:key/id, with 6 parts separated by ':', got {}",
            quoted(text),
            parts.len()
        )));
    };
    let partition = Partition::from_str(partition)?;
    if service != "kms" {
        return Err(KeyIdError::with_kind(
            KeyIdErrorKind::WrongService,
            format!("ARN service must be 'kms', got {}", quoted(service)),
        ));
    }
    if region.is_empty() {
        return Err(invalid_arn(
            "ARN has no region: expected arn:partition:kms:region:account:key/id".to_owned(),
        ));
    }
    validate_region(region)?;
    let region_partition = Partition::for_region(region);
    if region_partition != partition {
        return Err(KeyIdError::with_kind(
            KeyIdErrorKind::PartitionMismatch,
            format!(
                "region {region} is in partition {region_partition}, but the ARN says {partition}"
            ),
        ));
    }
    validate_account_id(account_id)?;
    if let Some(key_id) = resource.strip_prefix("key/") {
        if key_id.starts_with(MRK_PREFIX) {
            validate_multi_region_key_id(key_id)?;
        } else {
            validate_uuid(key_id)?;
        }
        return Ok(KeyIdentifier::KeyArn(KeyArn {
            partition,
            region: region.to_owned(),
            account_id: account_id.to_owned(),
            key_id: key_id.to_owned(),
        }));
    }
    if resource.starts_with(ALIAS_PREFIX) {
        validate_alias_name(resource)?;
        return Ok(KeyIdentifier::AliasArn(AliasArn {
            partition,
            region: region.to_owned(),
            account_id: account_id.to_owned(),
            alias_name: resource.to_owned(),
        }));
    }
    Err(invalid_arn(format!(
        "ARN resource must be key/<key id> or alias/<name>, got {}",
        quoted(resource)
    )))
}

/// Whether `text` is plausibly a mistyped UUID key ID rather than something else entirely,
/// so that the error can say what is wrong with the UUID.
fn looks_like_uuid_attempt(text: &str) -> bool {
    text.contains('-') && text.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
        || text.len() == 32 && text.chars().all(|c| c.is_ascii_hexdigit())
}

fn validate_uuid(key_id: &str) -> Result<(), KeyIdError> {
    let invalid = |detail: String| {
        KeyIdError::with_kind(
            KeyIdErrorKind::InvalidKeyId,
            format!(
                "key id {} {detail}; expected 8-4-4-4-12 hex digits like {UUID_EXAMPLE}",
                quoted(key_id)
            ),
        )
    };
    if key_id.is_empty() {
        return Err(KeyIdError::with_kind(
            KeyIdErrorKind::InvalidKeyId,
            format!("key id is empty; expected 8-4-4-4-12 hex digits like {UUID_EXAMPLE}"),
        ));
    }
    if let Some(position) = key_id
        .chars()
        .position(|c| !c.is_ascii_hexdigit() && c != '-')
    {
        return Err(invalid(format!(
            "has a character that is not a hex digit at position {}",
            position + 1
        )));
    }
    let groups: Vec<usize> = key_id.split('-').map(str::len).collect();
    if groups != UUID_GROUPS {
        return Err(invalid(format!(
            "has groups of {} hex digits",
            Joined(&groups, "-")
        )));
    }
    Ok(())
}

fn validate_multi_region_key_id(key_id: &str) -> Result<(), KeyIdError> {
    let digits = key_id.strip_prefix(MRK_PREFIX).unwrap_or(key_id);
    let invalid = |detail: String| {
        KeyIdError::with_kind(
            KeyIdErrorKind::InvalidKeyId,
            format!("multi-Region key id must be mrk- followed by 32 hex digits, {detail}"),
        )
    };
    if let Some(position) = digits.chars().position(|c| !c.is_ascii_hexdigit()) {
        return Err(invalid(format!(
            "but {} has a character that is not a hex digit at position {}",
            quoted(key_id),
            position + 1 + MRK_PREFIX.len()
        )));
    }
    let count = digits.len();
    if count != 32 {
        return Err(invalid(format!("got {count}")));
    }
    Ok(())
}

fn validate_alias_name(name: &str) -> Result<(), KeyIdError> {
    let invalid = |detail: String| KeyIdError::with_kind(KeyIdErrorKind::InvalidAliasName, detail);
    let Some(rest) = name.strip_prefix(ALIAS_PREFIX) else {
        return Err(invalid(format!(
            "alias name must start with alias/, got {}",
            quoted(name)
        )));
    };
    if rest.is_empty() {
        return Err(invalid(
            "alias name is missing after 'alias/'; expected alias/name".to_owned(),
        ));
    }
    let length = name.chars().count();
    if length > MAX_ALIAS_NAME_LEN {
        return Err(invalid(format!(
            "alias name is {length} characters long; KMS accepts at most {MAX_ALIAS_NAME_LEN}"
        )));
    }
    if let Some((position, bad)) = name
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | ':')))
    {
        return Err(invalid(format!(
            "alias name may contain only letters, digits, '/', '_', '-' and ':'; {} has {} at position {}",
            quoted(name),
            quoted_char(bad),
            position + 1
        )));
    }
    Ok(())
}

fn quoted_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        c if c.is_control() => format!("'{}'", c.escape_default()),
        c => format!("'{c}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn region_mismatch_is_reported() {
        let arn = KeyIdentifier::parse(
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        )
        .unwrap();
        assert!(check_region_matches(&arn, "eu-west-1").is_ok());
        assert!(check_region_matches(&arn, " eu-west-1 ").is_ok());
        let error = check_region_matches(&arn, "us-east-1").unwrap_err();
        assert_eq!(error.kind(), KeyIdErrorKind::RegionMismatch);
        assert_eq!(
            error.to_string(),
            "this ARN is in eu-west-1 but the client is set to us-east-1; switch region to eu-west-1"
        );
        let alias_arn =
            KeyIdentifier::parse("arn:aws-cn:kms:cn-north-1:111122223333:alias/x").unwrap();
        assert_eq!(
            check_region_matches(&alias_arn, "us-east-1")
                .unwrap_err()
                .kind(),
            KeyIdErrorKind::RegionMismatch
        );
        for no_region in ["1234abcd-12ab-34cd-56ef-1234567890ab", "alias/x"] {
            let id = KeyIdentifier::parse(no_region).unwrap();
            assert!(check_region_matches(&id, "us-east-1").is_ok());
        }
    }

    const UUID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
    const MRK: &str = "mrk-1234abcd12ab34cd56ef1234567890ab";

    fn err(text: &str) -> KeyIdError {
        KeyIdentifier::parse(text).unwrap_err()
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn parses_each_form() {
        assert_eq!(
            KeyIdentifier::parse(UUID).unwrap(),
            KeyIdentifier::KeyId(UUID.into())
        );
        assert_eq!(
            KeyIdentifier::parse(MRK).unwrap(),
            KeyIdentifier::MultiRegionKeyId(MRK.into())
        );
        assert_eq!(
            KeyIdentifier::parse("alias/my-key").unwrap(),
            KeyIdentifier::AliasName("alias/my-key".into())
        );
        let arn = KeyIdentifier::parse(&format!("arn:aws:kms:us-east-2:111122223333:key/{UUID}"))
            .unwrap();
        assert_eq!(
            arn,
            KeyIdentifier::KeyArn(KeyArn {
                partition: Partition::Aws,
                region: "us-east-2".into(),
                account_id: "111122223333".into(),
                key_id: UUID.into(),
            })
        );
        let alias_arn =
            KeyIdentifier::parse("arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/a:b/c")
                .unwrap();
        assert_eq!(
            alias_arn,
            KeyIdentifier::AliasArn(AliasArn {
                partition: Partition::AwsUsGov,
                region: "us-gov-west-1".into(),
                account_id: "111122223333".into(),
                alias_name: "alias/a:b/c".into(),
            })
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn parses_every_partition() {
        for (partition, region) in [
            ("aws", "eu-west-1"),
            ("aws-cn", "cn-northwest-1"),
            ("aws-us-gov", "us-gov-east-1"),
            ("aws-iso", "us-iso-east-1"),
            ("aws-iso-b", "us-isob-east-1"),
            ("aws-iso-e", "eu-isoe-west-1"),
            ("aws-iso-f", "us-isof-south-1"),
            ("aws-eusc", "eusc-de-east-1"),
        ] {
            let text = format!("arn:{partition}:kms:{region}:111122223333:key/{MRK}");
            let id = KeyIdentifier::parse(&text).unwrap();
            assert_eq!(id.partition().unwrap().as_str(), partition);
            assert_eq!(id.region(), Some(region));
            assert_eq!(id.to_string(), text);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn trims_and_keeps_case() {
        let upper = "1234ABCD-12AB-34CD-56EF-1234567890AB";
        let id = KeyIdentifier::parse(&format!("\n\t {upper} \r\n")).unwrap();
        assert_eq!(id.to_string(), upper);
        assert_eq!(id.key_id(), Some(upper));
        let mrk = KeyIdentifier::parse("mrk-1234ABCD12AB34CD56EF1234567890AB").unwrap();
        assert!(mrk.is_multi_region());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn helpers_answer_for_each_form() {
        let key = KeyIdentifier::parse(UUID).unwrap();
        assert_eq!(
            (key.region(), key.account_id(), key.partition()),
            (None, None, None)
        );
        assert!(!key.is_alias() && !key.is_arn() && !key.is_multi_region());
        assert_eq!(key.key_id(), Some(UUID));

        let arn =
            KeyIdentifier::parse(&format!("arn:aws:kms:eu-west-1:111122223333:key/{MRK}")).unwrap();
        assert_eq!(arn.account_id(), Some("111122223333"));
        assert!(arn.is_arn() && arn.is_multi_region() && !arn.is_alias());
        assert_eq!(arn.key_id(), Some(MRK));
        assert_eq!(arn.alias_name(), None);

        let alias =
            KeyIdentifier::parse("arn:aws:kms:eu-west-1:111122223333:alias/aws/s3").unwrap();
        assert!(alias.is_alias() && alias.is_arn() && alias.is_aws_managed_alias());
        assert_eq!(alias.key_id(), None);
        assert_eq!(alias.alias_name(), Some("alias/aws/s3"));
        assert!(!alias.is_multi_region());

        let customer = KeyIdentifier::parse("alias/awsome").unwrap();
        assert!(!customer.is_aws_managed_alias());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rejects_with_the_reason() {
        let cases: &[(&str, KeyIdErrorKind, &str)] = &[
            ("   ", KeyIdErrorKind::Empty, "key identifier is empty"),
            (
                "xyz",
                KeyIdErrorKind::Unrecognized,
                "'xyz' is not a key id: expected a UUID like 1234abcd-12ab-34cd-56ef-1234567890ab, an mrk- id, a key ARN, or alias/name",
            ),
            (
                "1234abcd-12ab-34cd-56ef-1234567890a",
                KeyIdErrorKind::InvalidKeyId,
                "key id '1234abcd-12ab-34cd-56ef-1234567890a' has groups of 8-4-4-4-11 hex digits; expected 8-4-4-4-12 hex digits like 1234abcd-12ab-34cd-56ef-1234567890ab",
            ),
            (
                "1234abcd12ab34cd56ef1234567890ab",
                KeyIdErrorKind::InvalidKeyId,
                "key id '1234abcd12ab34cd56ef1234567890ab' has groups of 32 hex digits; expected 8-4-4-4-12 hex digits like 1234abcd-12ab-34cd-56ef-1234567890ab",
            ),
            (
                "mrk-1234",
                KeyIdErrorKind::InvalidKeyId,
                "multi-Region key id must be mrk- followed by 32 hex digits, got 4",
            ),
            (
                "mrk-1234abcd12ab34cd56ef1234567890ag",
                KeyIdErrorKind::InvalidKeyId,
                "multi-Region key id must be mrk- followed by 32 hex digits, but 'mrk-1234abcd12ab34cd56ef1234567890ag' has a character that is not a hex digit at position 36",
            ),
            (
                "alias/",
                KeyIdErrorKind::InvalidAliasName,
                "alias name is missing after 'alias/'; expected alias/name",
            ),
            (
                "alias/my key",
                KeyIdErrorKind::InvalidAliasName,
                "alias name may contain only letters, digits, '/', '_', '-' and ':'; 'alias/my key' has a space at position 9",
            ),
            (
                "arn:aws:s3:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                KeyIdErrorKind::WrongService,
                "ARN service must be 'kms', got 's3'",
            ),
            (
                "arn:aws-mars:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                KeyIdErrorKind::UnknownPartition,
                "unknown partition 'aws-mars'; expected one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc",
            ),
            (
                "arn:aws:kms:us-east1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                KeyIdErrorKind::InvalidRegion,
                "region 'us-east1' is not a region name; expected a name like us-east-1",
            ),
            (
                "arn:aws:kms::111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                KeyIdErrorKind::InvalidArn,
                "ARN has no region: expected arn:partition:kms:region:account:key/id",
            ),
            (
                "arn:aws:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                KeyIdErrorKind::PartitionMismatch,
                "region cn-north-1 is in partition aws-cn, but the ARN says aws",
            ),
            (
                "arn:aws:kms:us-east-1:11112222333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                KeyIdErrorKind::InvalidAccountId,
                "account id must be 12 digits, got 11",
            ),
            (
                "arn:aws:kms:us-east-1:11112222333x:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                KeyIdErrorKind::InvalidAccountId,
                "account id must be 12 digits, got '11112222333x' with a non-digit at position 12",
            ),
            (
                "arn:aws:kms:us-east-1:111122223333:key/",
                KeyIdErrorKind::InvalidKeyId,
                "key id is empty; expected 8-4-4-4-12 hex digits like 1234abcd-12ab-34cd-56ef-1234567890ab",
            ),
            (
                "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890xy",
                KeyIdErrorKind::InvalidKeyId,
                "key id '1234abcd-12ab-34cd-56ef-1234567890xy' has a character that is not a hex digit at position 35; expected 8-4-4-4-12 hex digits like 1234abcd-12ab-34cd-56ef-1234567890ab",
            ),
            (
                "arn:aws:kms:us-east-1:111122223333:grant/abc",
                KeyIdErrorKind::InvalidArn,
                "ARN resource must be key/<key id> or alias/<name>, got 'grant/abc'",
            ),
            (
                "arn:aws:kms:us-east-1",
                KeyIdErrorKind::InvalidArn,
                "'arn:aws:kms:us-east-1' is not a KMS ARN: expected arn:partition:kms:region:account:key/id, with 6 parts separated by ':', got 4",
            ),
        ];
        for (text, kind, message) in cases {
            let error = err(text);
            assert_eq!(error.kind(), *kind, "{text}");
            assert_eq!(error.to_string(), *message, "{text}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn messages_are_lowercase_sentences_without_a_period() {
        for text in [
            "",
            "xyz",
            "alias/",
            "mrk-1",
            "arn:x",
            "arn:aws:kms:US-EAST-1:1:key/x",
        ] {
            let message = err(text).to_string();
            assert!(!message.ends_with('.'), "{message}");
        }
        assert_eq!(
            validate_region("US-EAST-1").unwrap_err().to_string(),
            "region 'US-EAST-1' is not a region name; region names are lower-case, like us-east-1"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rejects_too_long_input_and_quotes_it_short() {
        let long = format!("alias/{}", "a".repeat(MAX_KEY_IDENTIFIER_LEN));
        assert_eq!(err(&long).kind(), KeyIdErrorKind::TooLong);
        let alias = format!("alias/{}", "a".repeat(MAX_ALIAS_NAME_LEN));
        assert_eq!(err(&alias).kind(), KeyIdErrorKind::InvalidAliasName);
        let garbage = "x".repeat(500);
        assert!(err(&garbage).to_string().len() < 250);
        assert_eq!(quoted("a\u{7}b"), "'a\\u{7}b'");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn regions_follow_the_model_pattern() {
        for good in [
            "us-east-1",
            "us-gov-west-1",
            "us-isob-east-1",
            "eu-isoe-west-1",
            "eusc-de-east-1",
            "ap-southeast-7",
            "a-b-c-10",
        ] {
            assert!(validate_region(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "us",
            "us-east",
            "us-east1",
            "us-east-",
            "-us-east-1",
            "us--east-1",
            "us-east-1a",
            "a-b-c-d-1",
            "us-east-1 ",
            "us_east_1",
            "aws-global-",
            "us-east-\u{661}",
            "abcdefghijklmnop-abcdefghijklmn-1",
        ] {
            let error = validate_region(bad).unwrap_err();
            assert_eq!(error.kind(), KeyIdErrorKind::InvalidRegion, "{bad}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rotation_rejects_aliases_only() {
        assert!(KeyIdentifier::parse_for_rotation(UUID).is_ok());
        assert!(KeyIdentifier::parse_for_rotation(&format!(
            "arn:aws:kms:us-east-1:111122223333:key/{UUID}"
        ))
        .is_ok());
        let error = KeyIdentifier::parse_for_rotation("alias/x").unwrap_err();
        assert_eq!(error.kind(), KeyIdErrorKind::AliasNotAllowed);
        assert_eq!(
            error.to_string(),
            "RotateKeyOnDemand takes a key ID or key ARN; resolve alias/x with DescribeKey first"
        );
        let arn = "arn:aws:kms:us-east-1:111122223333:alias/x";
        assert_eq!(
            KeyIdentifier::parse_for_rotation(arn)
                .unwrap_err()
                .to_string(),
            format!(
                "RotateKeyOnDemand takes a key ID or key ARN; resolve {arn} with DescribeKey first"
            )
        );
        // Parse errors come first: a broken alias is reported as broken, not as an alias.
        assert_eq!(
            KeyIdentifier::parse_for_rotation("alias/")
                .unwrap_err()
                .kind(),
            KeyIdErrorKind::InvalidAliasName
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn from_str_and_errors_are_std() {
        let id: KeyIdentifier = UUID.parse().unwrap();
        assert_eq!(id.to_string(), UUID);
        let error: Box<dyn std::error::Error> = Box::new(err("x"));
        assert!(error.source().is_none());
    }

    /// Property tests run natively only: proptest needs OS randomness, absent on wasm32.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn hex(len: usize) -> impl Strategy<Value = String> {
            proptest::collection::vec(
                proptest::sample::select(b"0123456789abcdefABCDEF".to_vec()),
                len,
            )
            .prop_map(|bytes| bytes.into_iter().map(char::from).collect())
        }

        fn uuid() -> impl Strategy<Value = String> {
            (hex(8), hex(4), hex(4), hex(4), hex(12))
                .prop_map(|(a, b, c, d, e)| format!("{a}-{b}-{c}-{d}-{e}"))
        }

        fn mrk() -> impl Strategy<Value = String> {
            hex(32).prop_map(|digits| format!("mrk-{digits}"))
        }

        fn bare_key_id() -> impl Strategy<Value = String> {
            prop_oneof![uuid(), mrk()]
        }

        fn alias_name() -> impl Strategy<Value = String> {
            "[a-zA-Z0-9:/_-]{1,250}".prop_map(|name| format!("alias/{name}"))
        }

        fn partition_and_region() -> impl Strategy<Value = (Partition, String)> {
            let prefixes = [
                (Partition::Aws, "us"),
                (Partition::Aws, "ap-southeast"),
                (Partition::AwsCn, "cn"),
                (Partition::AwsUsGov, "us-gov"),
                (Partition::AwsIso, "us-iso"),
                (Partition::AwsIsoB, "us-isob"),
                (Partition::AwsIsoE, "eu-isoe"),
                (Partition::AwsIsoF, "us-isof"),
                (Partition::AwsEusc, "eusc-de"),
            ];
            (
                proptest::sample::select(prefixes.to_vec()),
                "[a-z]{1,8}",
                1u32..100,
            )
                .prop_map(|((partition, prefix), word, number)| {
                    (partition, format!("{prefix}-{word}-{number}"))
                })
                .prop_filter(
                    "regions of aws must not look like another partition's",
                    |(p, r)| Partition::for_region(r) == *p,
                )
        }

        fn identifier() -> impl Strategy<Value = KeyIdentifier> {
            let arn_parts = || (partition_and_region(), "[0-9]{12}");
            prop_oneof![
                uuid().prop_map(KeyIdentifier::KeyId),
                mrk().prop_map(KeyIdentifier::MultiRegionKeyId),
                alias_name().prop_map(KeyIdentifier::AliasName),
                (arn_parts(), bare_key_id()).prop_map(
                    |(((partition, region), account_id), key_id)| {
                        KeyIdentifier::KeyArn(KeyArn {
                            partition,
                            region,
                            account_id,
                            key_id,
                        })
                    }
                ),
                (arn_parts(), alias_name()).prop_map(
                    |(((partition, region), account_id), alias_name)| {
                        KeyIdentifier::AliasArn(AliasArn {
                            partition,
                            region,
                            account_id,
                            alias_name,
                        })
                    }
                ),
            ]
        }

        proptest! {
            #[test]
            fn parse_never_panics(text in ".{0,300}") {
                let _ = KeyIdentifier::parse(&text);
                let _ = KeyIdentifier::parse_for_rotation(&text);
                let _ = validate_region(&text);
            }

            #[test]
            fn parse_never_panics_near_the_grammar(
                prefix in proptest::sample::select(vec![
                    "", "arn:", "arn:aws:kms:", "arn:aws:kms:us-east-1:", "arn:aws:kms:us-east-1:111122223333:",
                    "arn:aws:kms:us-east-1:111122223333:key/", "alias/", "mrk-", "1234abcd-",
                ]),
                rest in "[a-zA-Z0-9:/_ \\-é\u{0}]{0,80}",
            ) {
                let text = format!("{prefix}{rest}");
                if let Err(error) = KeyIdentifier::parse(&text) {
                    prop_assert!(!error.to_string().is_empty());
                    prop_assert!(!error.to_string().ends_with('.'));
                }
            }

            #[test]
            fn parse_inverts_display(id in identifier()) {
                let text = id.to_string();
                prop_assert_eq!(KeyIdentifier::parse(&text).unwrap(), id.clone());
                prop_assert_eq!(KeyIdentifier::parse(&format!("  {text}\n")).unwrap(), id);
            }
        }
    }
}
