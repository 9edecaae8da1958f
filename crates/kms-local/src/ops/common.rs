//! What operations share: typed access to the JSON input, AWS-worded validation,
//! resolution of key identifiers (key ID, key ARN, alias name, alias ARN), opaque
//! pagination markers, and the `KeyMetadata` of a key.

use super::OpContext;
use crate::error::KmsError;
use crate::store::{self, Key, Store};
use kms_core::key_id::{validate_account_id, KeyIdErrorKind, KeyIdentifier};
use kms_core::model::{
    ExpirationModel, ImportState, KeyMetadata, KeySpec, KeyState, KeyUsage,
    MultiRegionConfiguration, MultiRegionKey, Origin, XksKeyConfiguration,
};
use kms_core::time::Timestamp;
use serde_json::{Map, Value};
use std::collections::{btree_map, BTreeMap};
use std::fmt::Display;
use std::ops::Bound;

/// The JSON object of a request.
#[derive(Debug, Default)]
pub(crate) struct Input(Map<String, Value>);

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "NULL_VALUE",
        Value::Bool(_) => "BOOLEAN_VALUE",
        Value::Number(_) => "NUMBER_VALUE",
        Value::String(_) => "STRING_VALUE",
        Value::Array(_) => "START_ARRAY",
        Value::Object(_) => "START_OBJECT",
    }
}

impl Input {
    /// Parses a request body: it must be a JSON object.
    pub(crate) fn parse(body: &[u8]) -> Result<Self, KmsError> {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(Self(map)),
            Ok(other) => Err(KmsError::wrong_type(json_kind(&other), "a structure")),
            Err(_) => Err(KmsError::malformed_json()),
        }
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    /// A member that `read` accepts; AWS's serialization error, naming the JSON type and
    /// `wanted`, for anything else.
    fn typed<T>(
        &self,
        name: &str,
        wanted: &str,
        read: impl Fn(&Value) -> Option<T>,
    ) -> Result<Option<T>, KmsError> {
        self.get(name)
            .map(|v| read(v).ok_or_else(|| KmsError::wrong_type(json_kind(v), wanted)))
            .transpose()
    }

    /// A string member.
    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, KmsError> {
        self.typed(name, "a String", |v| v.as_str().map(str::to_owned))
    }

    /// An integer member (32-bit, as in the model).
    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, KmsError> {
        self.typed(name, "an Integer", |v| {
            v.as_i64().filter(|n| i32::try_from(*n).is_ok())
        })
    }

    /// A boolean member.
    pub(crate) fn bool(&self, name: &str) -> Result<Option<bool>, KmsError> {
        self.typed(name, "a Boolean", Value::as_bool)
    }

    /// A blob member: base64 text on the wire (JSON 1.1 sends blobs base64-encoded).
    pub(crate) fn blob(&self, name: &str) -> Result<Option<Vec<u8>>, KmsError> {
        use base64::Engine;
        self.typed(name, "a Blob", |v| {
            base64::engine::general_purpose::STANDARD
                .decode(v.as_str()?)
                .ok()
        })
    }

    /// A timestamp member: epoch seconds, possibly fractional.
    pub(crate) fn timestamp(&self, name: &str) -> Result<Option<Timestamp>, KmsError> {
        self.typed(name, "a Timestamp", |v| {
            Timestamp::from_epoch_seconds_f64(v.as_f64()?)
        })
    }

    /// A list member whose elements `read` accepts (`wanted` names the element type).
    fn list<T>(
        &self,
        name: &str,
        wanted: &str,
        read: impl Fn(&Value) -> Option<T>,
    ) -> Result<Option<Vec<T>>, KmsError> {
        let Some(items) = self.typed(name, "a List", |v| v.as_array().cloned())? else {
            return Ok(None);
        };
        items
            .iter()
            .map(|v| read(v).ok_or_else(|| KmsError::wrong_type(json_kind(v), wanted)))
            .collect::<Result<Vec<T>, KmsError>>()
            .map(Some)
    }

    /// A list of strings.
    pub(crate) fn string_list(&self, name: &str) -> Result<Option<Vec<String>>, KmsError> {
        self.list(name, "a String", |v| v.as_str().map(str::to_owned))
    }

    /// A list of `Tag` structures (`TagKey`, `TagValue`), each member as sent (`None`
    /// when absent or null).
    pub(crate) fn tag_list(&self, name: &str) -> Result<Option<Vec<TagInput>>, KmsError> {
        let tags = self.list(name, "a Tag", |v| v.as_object().cloned())?;
        tags.map(|tags| {
            tags.into_iter()
                .map(|tag| {
                    let tag = Input(tag);
                    Ok(TagInput {
                        key: tag.string("TagKey")?,
                        value: tag.string("TagValue")?,
                    })
                })
                .collect()
        })
        .transpose()
    }

    /// The `KeyId` member, if present and a string (for the request log).
    pub(crate) fn key_id_hint(&self) -> Option<String> {
        self.get("KeyId")
            .or_else(|| self.get("TargetKeyId"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    }
}

/// One `Tag` of a request, as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct TagInput {
    pub(crate) key: Option<String>,
    pub(crate) value: Option<String>,
}

/// Collects constraint violations, worded as AWS words them.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<String>);

impl Problems {
    /// A required member is missing.
    pub(crate) fn required<T>(&mut self, member: &str, value: &Option<T>) {
        if value.is_none() {
            self.0.push(format!(
                "Value null at '{member}' failed to satisfy constraint: Member must not be null"
            ));
        }
    }

    /// `value` of `member` breaks the constraint "Member must `rule`".
    fn violated(&mut self, member: &str, value: impl Display, rule: impl Display) {
        self.0.push(format!(
            "Value '{value}' at '{member}' failed to satisfy constraint: Member must {rule}"
        ));
    }

    /// `measure` (a length or a value, as `what` says) of `value` within `min..=max`.
    fn within<T: PartialOrd + Display>(
        &mut self,
        member: &str,
        value: impl Display,
        (what, measure): (&str, T),
        min: T,
        max: T,
    ) {
        if measure < min {
            self.violated(
                member,
                value,
                format!("have {what} greater than or equal to {min}"),
            );
        } else if measure > max {
            self.violated(
                member,
                value,
                format!("have {what} less than or equal to {max}"),
            );
        }
    }

    /// String length bounds.
    pub(crate) fn length(&mut self, member: &str, value: Option<&str>, min: usize, max: usize) {
        let Some(v) = value else { return };
        self.within(member, v, ("length", v.chars().count()), min, max);
    }

    /// Blob length bounds (in bytes).
    pub(crate) fn blob_length(
        &mut self,
        member: &str,
        value: Option<&[u8]>,
        min: usize,
        max: usize,
    ) {
        let Some(v) = value else { return };
        self.within(
            member,
            "java.nio.HeapByteBuffer",
            ("length", v.len()),
            min,
            max,
        );
    }

    /// Integer bounds.
    pub(crate) fn range(&mut self, member: &str, value: Option<i64>, min: i64, max: i64) {
        let Some(v) = value else { return };
        self.within(member, v, ("value", v), min, max);
    }

    /// Enum membership (by the model's list of values).
    pub(crate) fn one_of(&mut self, member: &str, value: Option<&str>, allowed: &[&str]) {
        let Some(v) = value else { return };
        if !allowed.contains(&v) {
            let set = allowed.join(", ");
            self.violated(member, v, format!("satisfy enum value set: [{set}]"));
        }
    }

    /// A pattern, checked by `ok`.
    pub(crate) fn pattern(
        &mut self,
        member: &str,
        value: Option<&str>,
        pattern: &str,
        ok: impl Fn(&str) -> bool,
    ) {
        let Some(v) = value else { return };
        if !ok(v) {
            self.violated(
                member,
                v,
                format!("satisfy regular expression pattern: {pattern}"),
            );
        }
    }

    /// A marker's constraints (length 1–1024, characters U+0020–U+00FF).
    pub(crate) fn marker(&mut self, value: Option<&str>) {
        self.length("marker", value, 1, 1024);
        self.pattern("marker", value, "[\\u0020-\\u00FF]*", |m| {
            m.chars().all(|c| ('\u{20}'..='\u{ff}').contains(&c))
        });
    }

    /// Fails with a `ValidationException` if anything was wrong.
    pub(crate) fn finish(self) -> Result<(), KmsError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(KmsError::validation(&self.0))
        }
    }
}

/// Whether `text` is a key ID (a UUID, or `mrk-` and 32 hex digits), exactly as written.
pub(crate) fn is_key_id(text: &str) -> bool {
    KeyIdentifier::parse(text).is_ok_and(|id| !id.is_arn() && id.key_id() == Some(text))
}

/// Whether `name` is a well-formed alias name (`alias/...`), exactly as written.
pub(crate) fn is_alias_name(name: &str) -> bool {
    KeyIdentifier::parse(name).is_ok_and(|id| !id.is_arn() && id.alias_name() == Some(name))
}

/// Which identifiers an operation accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Accepts {
    /// Key ID or key ARN.
    Key,
    /// Key ID, key ARN, alias name or alias ARN.
    KeyOrAlias,
}

/// Where a key lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeyRef {
    pub(crate) account: String,
    pub(crate) region: String,
    pub(crate) key_id: String,
}

/// The Region, account and resource of `arn:partition:kms:region:account:resource`, found
/// by position only (alias names may hold colons): kms-core's parser judges them. KMS
/// answers about the text as sent, and checks an ARN's Region and account before its
/// resource, so these are read back from the text even when kms-core refused the resource.
#[derive(Clone, Copy, Debug)]
struct ArnFields<'a> {
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

fn arn_fields(raw: &str) -> Option<ArnFields<'_>> {
    let mut fields = raw.strip_prefix("arn:")?.splitn(5, ':').skip(2);
    Some(ArnFields {
        region: fields.next()?,
        account: fields.next()?,
        resource: fields.next()?,
    })
}

/// What the text of a `KeyId` names.
#[derive(Debug)]
enum Named<'a> {
    /// A well-formed key ID.
    Key(String),
    /// An alias name as sent. A malformed one names no alias: KMS answers "not found".
    Alias(&'a str),
    /// Text that is not a key ID.
    NotAKeyId,
}

/// A `KeyId` as kms-core's parser reads it, before the caller and the store are consulted.
#[derive(Debug)]
struct Identifier<'a> {
    /// Present when the identifier is an ARN.
    arn: Option<ArnFields<'a>>,
    named: Named<'a>,
}

fn invalid_key_id(raw: &str) -> KmsError {
    KmsError::not_found(format!("Invalid keyId '{raw}'"))
}

fn invalid_arn(raw: &str) -> KmsError {
    KmsError::service(
        "InvalidArnException",
        format!("{raw} is not a valid KMS key or alias ARN."),
    )
}

fn invalid_arn_region(region: &str) -> KmsError {
    KmsError::not_found(format!("Invalid arn {region}"))
}

impl<'a> Identifier<'a> {
    /// Reads `raw` with kms-core's parser and words its verdict as KMS does: the
    /// `KeyIdErrorKind`s map to the exceptions KMS answers, not to kms-core's messages for
    /// users.
    fn parse(raw: &'a str) -> Result<Self, KmsError> {
        // kms-core trims blanks; KMS takes the text as sent. Leading blanks hide the form
        // (`arn:`, `alias/`), so the text is no key ID; trailing ones leave a resource that
        // no key or alias has.
        if raw.starts_with(char::is_whitespace) {
            return Ok(Self {
                arn: None,
                named: Named::NotAKeyId,
            });
        }
        let arn = arn_fields(raw);
        let alias_as_sent = arn.map_or(raw, |fields| fields.resource);
        let named = match KeyIdentifier::parse(raw) {
            Ok(id) => match id.key_id() {
                Some(_) if raw.ends_with(char::is_whitespace) => Named::NotAKeyId,
                Some(key_id) => Named::Key(key_id.to_owned()),
                None => Named::Alias(alias_as_sent),
            },
            // kms-core checks an ARN's partition, service, Region and account before its
            // resource, so for these two the ARN fields are sound.
            Err(e) => match e.kind() {
                KeyIdErrorKind::InvalidAliasName => Named::Alias(alias_as_sent),
                KeyIdErrorKind::Empty
                | KeyIdErrorKind::TooLong
                | KeyIdErrorKind::Unrecognized
                | KeyIdErrorKind::InvalidKeyId => Named::NotAKeyId,
                // KMS names the Region of an ARN it cannot serve, unless the ARN is
                // malformed anyway (kms-core checks the Region before the account).
                KeyIdErrorKind::InvalidRegion => {
                    return Err(match arn {
                        Some(f) if validate_account_id(f.account).is_ok() => {
                            invalid_arn_region(f.region)
                        }
                        _ => invalid_arn(raw),
                    })
                }
                // InvalidArn, WrongService, UnknownPartition, PartitionMismatch,
                // InvalidAccountId, and whatever kms-core adds later.
                _ => return Err(invalid_arn(raw)),
            },
        };
        Ok(Self { arn, named })
    }
}

/// Resolves an identifier to a key the caller may use.
///
/// `cross_account`: whether the operation accepts key ARNs of other accounts (AWS allows
/// it for a few operations, such as `DescribeKey` and `GetKeyRotationStatus`).
fn resolve(
    ctx: &mut OpContext<'_>,
    raw: &str,
    accepts: Accepts,
    cross_account: bool,
    operation: &str,
) -> Result<KeyRef, KmsError> {
    let id = Identifier::parse(raw)?;
    let caller = ctx.caller;
    let (account, region) = match id.arn {
        Some(arn) => {
            if arn.region != caller.region {
                return Err(invalid_arn_region(arn.region));
            }
            if arn.account != caller.account_id && !cross_account {
                return Err(KmsError::service(
                    "AccessDeniedException",
                    format!(
                        "User: arn:aws:iam::{}:user/kms-local is not authorized to perform: kms:{operation} on resource: {raw} because no resource-based policy allows the kms:{operation} action",
                        caller.account_id
                    ),
                ));
            }
            (arn.account.to_owned(), arn.region.to_owned())
        }
        None => (caller.account_id.clone(), caller.region.clone()),
    };
    let key_id = match id.named {
        Named::Key(key_id) => key_id,
        Named::Alias(_) if accepts == Accepts::Key => return Err(invalid_key_id(raw)),
        Named::Alias(name) => ctx
            .store
            .region(&account, &region)
            .and_then(|r| r.aliases.get(name))
            .and_then(|alias| alias.target_key_id.clone())
            .ok_or_else(|| {
                KmsError::not_found(format!(
                    "Alias {} is not found.",
                    store::alias_arn(&region, &account, name)
                ))
            })?,
        Named::NotAKeyId => return Err(invalid_key_id(raw)),
    };
    if ctx.store.key(&account, &region, &key_id).is_none() {
        return Err(KmsError::not_found(format!(
            "Key '{}' does not exist",
            store::key_arn(&region, &account, &key_id)
        )));
    }
    ctx.resolved_key_id = Some(key_id.clone());
    Ok(KeyRef {
        account,
        region,
        key_id,
    })
}

/// Reads, validates and resolves the required `KeyId` member.
pub(crate) fn required_key(
    ctx: &mut OpContext<'_>,
    input: &Input,
    accepts: Accepts,
    cross_account: bool,
    operation: &str,
) -> Result<KeyRef, KmsError> {
    key_member(
        ctx,
        input,
        ("KeyId", "keyId"),
        accepts,
        cross_account,
        operation,
    )
}

/// Reads, validates and resolves a required key member other than `KeyId` (such as
/// `TargetKeyId`), in the caller's account.
pub(crate) fn required_key_member(
    ctx: &mut OpContext<'_>,
    input: &Input,
    member: &str,
    constraint_name: &str,
    accepts: Accepts,
    operation: &str,
) -> Result<KeyRef, KmsError> {
    key_member(
        ctx,
        input,
        (member, constraint_name),
        accepts,
        false,
        operation,
    )
}

fn key_member(
    ctx: &mut OpContext<'_>,
    input: &Input,
    (member, constraint_name): (&str, &str),
    accepts: Accepts,
    cross_account: bool,
    operation: &str,
) -> Result<KeyRef, KmsError> {
    let key_id = input.string(member)?;
    let mut problems = Problems::default();
    problems.required(constraint_name, &key_id);
    problems.length(constraint_name, key_id.as_deref(), 1, 2048);
    problems.finish()?;
    resolve(
        ctx,
        key_id.as_deref().unwrap_or_default(),
        accepts,
        cross_account,
        operation,
    )
}

/// The key behind a resolved reference (present: `resolve` checked it).
pub(crate) fn key<'s>(store: &'s Store, r: &KeyRef) -> Result<&'s Key, KmsError> {
    store
        .key(&r.account, &r.region, &r.key_id)
        .ok_or_else(|| KmsError::internal("the key disappeared while the request ran"))
}

/// The key behind a resolved reference, mutably.
pub(crate) fn key_mut<'s>(store: &'s mut Store, r: &KeyRef) -> Result<&'s mut Key, KmsError> {
    store
        .key_mut(&r.account, &r.region, &r.key_id)
        .ok_or_else(|| KmsError::internal("the key disappeared while the request ran"))
}

// ---- pagination ---------------------------------------------------------------------------

/// What a marker belongs to; a marker from another list is "foreign" and refused.
#[derive(Debug)]
pub(crate) struct MarkerScope<'a> {
    pub(crate) operation: &'a str,
    pub(crate) account: &'a str,
    pub(crate) region: &'a str,
    /// The key (for `ListKeyRotations`) or key filter (for `ListAliases`), else "".
    pub(crate) subject: &'a str,
}

const MARKER_VERSION: &str = "kms-local-1";

/// An opaque marker: hex of the scope and the position to resume after.
fn encode_marker(scope: &MarkerScope<'_>, position: &str) -> String {
    let text = [
        MARKER_VERSION,
        scope.operation,
        scope.account,
        scope.region,
        scope.subject,
        position,
    ]
    .join("\n");
    hex::encode_upper(text)
}

fn invalid_marker() -> KmsError {
    KmsError::service(
        "InvalidMarkerException",
        "The request was rejected because the marker that specifies where pagination should next begin is not valid.",
    )
}

/// The position in a marker, if it belongs to `scope`.
fn decode_marker(scope: &MarkerScope<'_>, marker: &str) -> Result<String, KmsError> {
    let bytes = hex::decode(marker).map_err(|_| invalid_marker())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid_marker())?;
    let parts: Vec<&str> = text.split('\n').collect();
    match parts[..] {
        [v, op, account, region, subject, position]
            if v == MARKER_VERSION
                && op == scope.operation
                && account == scope.account
                && region == scope.region
                && subject == scope.subject =>
        {
            Ok(position.to_owned())
        }
        _ => Err(invalid_marker()),
    }
}

impl MarkerScope<'_> {
    /// The position a request's `Marker` resumes after; `None` without a marker.
    pub(crate) fn resume_after(&self, marker: Option<&str>) -> Result<Option<String>, KmsError> {
        marker.map(|m| decode_marker(self, m)).transpose()
    }

    /// A list output: the page's items as `member`, then `NextMarker` (when truncated) and
    /// `Truncated`.
    pub(crate) fn output<T: serde::Serialize>(
        &self,
        member: &str,
        (items, next): (Vec<T>, Option<String>),
    ) -> Result<Value, KmsError> {
        let mut output = Map::new();
        output.insert(member.into(), to_value(&items)?);
        let truncated = next.is_some();
        if let Some(position) = next {
            output.insert(
                "NextMarker".into(),
                Value::String(encode_marker(self, &position)),
            );
        }
        output.insert("Truncated".into(), Value::Bool(truncated));
        Ok(Value::Object(output))
    }
}

/// Reads and validates `Limit` (model range, default `default`) and `Marker`.
pub(crate) fn page_params(
    input: &Input,
    max: i64,
    default: usize,
) -> Result<(usize, Option<String>), KmsError> {
    let limit = input.int("Limit")?;
    let marker = input.string("Marker")?;
    let mut problems = Problems::default();
    problems.range("limit", limit, 1, max);
    problems.marker(marker.as_deref());
    problems.finish()?;
    let limit = limit
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(default);
    Ok((limit, marker))
}

/// The entries of `map` after position `after` (all of them without one), in order: a
/// marker resumes in O(log n), however long the list.
pub(crate) fn entries_after<'m, V>(
    map: &'m BTreeMap<String, V>,
    after: Option<&str>,
) -> btree_map::Range<'m, String, V> {
    match after {
        Some(after) => map.range::<str, _>((Bound::Excluded(after), Bound::Unbounded)),
        None => map.range::<str, _>(..),
    }
}

/// The first `limit` of `items` (positions and items, in order, from where the page
/// starts), and the position of the last one taken when more follow. Only `limit + 1`
/// items are read.
pub(crate) fn page<P: Into<String>, T>(
    items: impl IntoIterator<Item = (P, T)>,
    limit: usize,
) -> (Vec<T>, Option<String>) {
    let mut items = items.into_iter();
    let mut taken = Vec::with_capacity(limit.min(1000));
    let mut last = None;
    for (position, item) in items.by_ref().take(limit) {
        taken.push(item);
        last = Some(position);
    }
    let next = items.next().and(last).map(Into::into);
    (taken, next)
}

// ---- metadata -------------------------------------------------------------------------------

fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| (*s).to_owned()).collect())
}

/// `KeyMetadata` as `DescribeKey` returns it.
pub(crate) fn metadata(key: &Key) -> KeyMetadata {
    let mut m = KeyMetadata::new(key.key_id.clone());
    m.aws_account_id = Some(key.account_id.clone());
    m.arn = Some(key.arn());
    m.creation_date = Some(key.created);
    m.enabled = Some(key.state == KeyState::Enabled);
    m.description = Some(key.description.clone());
    m.key_usage = Some(key.usage.clone());
    m.key_state = Some(key.state.clone());
    m.origin = Some(key.origin.clone());
    m.key_manager = Some(key.manager.clone());
    m.customer_master_key_spec = Some(key.spec.clone());
    m.key_spec = Some(key.spec.clone());
    m.custom_key_store_id = key.custom_key_store_id.clone();
    m.cloud_hsm_cluster_id = key.cloud_hsm_cluster_id.clone();
    m.xks_key_configuration = key.xks_key_id.as_ref().map(|id| {
        let mut x = XksKeyConfiguration::default();
        x.id = Some(id.clone());
        x
    });
    if key.state == KeyState::PendingDeletion {
        m.deletion_date = key.deletion_date;
        m.pending_deletion_window_in_days = key.pending_window_days;
    }
    match (&key.spec, &key.usage) {
        (KeySpec::SymmetricDefault, _) => {
            m.encryption_algorithms = strings(&["SYMMETRIC_DEFAULT"]);
        }
        (KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096, KeyUsage::EncryptDecrypt) => {
            m.encryption_algorithms = strings(&["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]);
        }
        (KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096, _) => {
            m.signing_algorithms = strings(&[
                "RSASSA_PKCS1_V1_5_SHA_256",
                "RSASSA_PKCS1_V1_5_SHA_384",
                "RSASSA_PKCS1_V1_5_SHA_512",
                "RSASSA_PSS_SHA_256",
                "RSASSA_PSS_SHA_384",
                "RSASSA_PSS_SHA_512",
            ]);
        }
        (KeySpec::EccNistP256 | KeySpec::EccSecgP256k1, KeyUsage::KeyAgreement)
        | (KeySpec::EccNistP384 | KeySpec::EccNistP521, KeyUsage::KeyAgreement) => {
            m.key_agreement_algorithms = strings(&["ECDH"]);
        }
        (KeySpec::EccNistP256 | KeySpec::EccSecgP256k1, _) => {
            m.signing_algorithms = strings(&["ECDSA_SHA_256"]);
        }
        (KeySpec::EccNistP384, _) => m.signing_algorithms = strings(&["ECDSA_SHA_384"]),
        (KeySpec::EccNistP521, _) => m.signing_algorithms = strings(&["ECDSA_SHA_512"]),
        (KeySpec::Hmac224, _) => m.mac_algorithms = strings(&["HMAC_SHA_224"]),
        (KeySpec::Hmac256, _) => m.mac_algorithms = strings(&["HMAC_SHA_256"]),
        (KeySpec::Hmac384, _) => m.mac_algorithms = strings(&["HMAC_SHA_384"]),
        (KeySpec::Hmac512, _) => m.mac_algorithms = strings(&["HMAC_SHA_512"]),
        _ => {}
    }
    // "ExpirationModel: ... present only when Origin is EXTERNAL"; "ValidTo: ... present
    // only for KMS keys whose Origin is EXTERNAL and whose ExpirationModel is
    // KEY_MATERIAL_EXPIRES" (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html):
    // both of the current material, while it is imported.
    if key.origin == Origin::External {
        if let Some(current) = key
            .current_material()
            .filter(|c| c.import_state == Some(ImportState::Imported))
        {
            m.expiration_model = current.expiration_model.clone();
            if current.expiration_model == Some(ExpirationModel::KeyMaterialExpires) {
                m.valid_to = current.valid_to;
            }
        }
    }
    if key.spec == KeySpec::SymmetricDefault {
        m.current_key_material_id = key.current_material().map(|c| c.id.clone());
    }
    m.multi_region = Some(key.multi_region.is_some());
    if let Some(mr) = &key.multi_region {
        let mut config = MultiRegionConfiguration::default();
        config.multi_region_key_type = Some(mr.role.clone());
        config.primary_key = Some(MultiRegionKey::new(
            store::key_arn(&mr.primary_region, &key.account_id, &key.key_id),
            mr.primary_region.clone(),
        ));
        config.replica_keys = mr
            .replica_regions
            .iter()
            .map(|r| {
                MultiRegionKey::new(store::key_arn(r, &key.account_id, &key.key_id), r.clone())
            })
            .collect();
        m.multi_region_configuration = Some(config);
    }
    m
}

/// Serializes an output value.
pub(crate) fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, KmsError> {
    serde_json::to_value(value)
        .map_err(|e| KmsError::internal(format!("cannot encode the response: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids() {
        assert!(is_key_id("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(is_key_id("mrk-1234abcd12ab34cd56ef1234567890ab"));
        for bad in [
            "",
            "1234",
            "alias/x",
            "1234abcd-12ab-34cd-56ef-1234567890ag",
            "mrk-12",
        ] {
            assert!(!is_key_id(bad), "{bad}");
        }
        assert!(is_alias_name("alias/a:b/c_d-e"));
        assert!(!is_alias_name("alias/"));
        assert!(!is_alias_name("foo"));
        assert!(!is_alias_name("alias/sp ace"));
    }

    #[test]
    fn problems_are_worded_as_aws_words_them() {
        let mut p = Problems::default();
        p.required::<String>("keyId", &None);
        p.length("keyId", Some(""), 1, 2048);
        p.length("aliasName", Some("alias/é"), 1, 6);
        p.range("limit", Some(1001), 1, 1000);
        p.one_of(
            "includeKeyMaterial",
            Some("SOME"),
            &["ALL_KEY_MATERIAL", "ROTATIONS_ONLY"],
        );
        p.pattern("replicaRegion", Some("x"), "^([a-z]+-){2,3}\\d+$", |_| {
            false
        });
        let prefix = |v: &str, m: &str| {
            format!("Value '{v}' at '{m}' failed to satisfy constraint: Member must ")
        };
        assert_eq!(
            p.0,
            [
                "Value null at 'keyId' failed to satisfy constraint: Member must not be null"
                    .to_owned(),
                prefix("", "keyId") + "have length greater than or equal to 1",
                prefix("alias/é", "aliasName") + "have length less than or equal to 6",
                prefix("1001", "limit") + "have value less than or equal to 1000",
                prefix("SOME", "includeKeyMaterial")
                    + "satisfy enum value set: [ALL_KEY_MATERIAL, ROTATIONS_ONLY]",
                prefix("x", "replicaRegion")
                    + "satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$",
            ]
        );
        let mut ok = Problems::default();
        ok.length("keyId", Some("é"), 1, 1);
        ok.range("limit", Some(1000), 1, 1000);
        assert!(ok.finish().is_ok());
    }

    const UUID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";

    /// What `Identifier::parse` makes of `raw`, compactly: the ARN's Region and account,
    /// and what it names; or the error's code and message.
    fn parsed(raw: &str) -> String {
        match Identifier::parse(raw) {
            Ok(id) => {
                let arn = id
                    .arn
                    .map_or(String::new(), |f| format!("{}/{} ", f.region, f.account));
                format!("{arn}{:?}", id.named)
            }
            Err(e) => format!("{}: {}", e.code, e.message.unwrap_or_default()),
        }
    }

    #[test]
    fn identifier_errors_are_worded_as_kms_words_them() {
        let cases = [
            (UUID.to_owned(), format!("Key({UUID:?})")),
            ("alias/a:b".to_owned(), r#"Alias("alias/a:b")"#.to_owned()),
            (
                format!("arn:aws-cn:kms:cn-north-1:111122223333:key/{UUID}"),
                format!("cn-north-1/111122223333 Key({UUID:?})"),
            ),
            (
                "arn:aws:kms:us-east-1:111122223333:alias/a:b".to_owned(),
                r#"us-east-1/111122223333 Alias("alias/a:b")"#.to_owned(),
            ),
            // Malformed resources: the ARN's Region and account are still checked first.
            (
                "arn:aws:kms:eu-west-1:111122223333:key/x".to_owned(),
                "eu-west-1/111122223333 NotAKeyId".to_owned(),
            ),
            (
                "arn:aws:kms:us-east-1:111122223333:alias/sp ace".to_owned(),
                r#"us-east-1/111122223333 Alias("alias/sp ace")"#.to_owned(),
            ),
            // Blanks: KMS takes the text as sent.
            (format!(" {UUID}"), "NotAKeyId".to_owned()),
            (format!("{UUID} "), "NotAKeyId".to_owned()),
            (" alias/x".to_owned(), "NotAKeyId".to_owned()),
            ("alias/x ".to_owned(), r#"Alias("alias/x ")"#.to_owned()),
            ("nope".to_owned(), "NotAKeyId".to_owned()),
            ("mrk-12".to_owned(), "NotAKeyId".to_owned()),
            ("alias/".to_owned(), r#"Alias("alias/")"#.to_owned()),
            (
                "arn:aws:kms:us-east1:111122223333:key/x".to_owned(),
                "NotFoundException: Invalid arn us-east1".to_owned(),
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(parsed(&raw), want, "{raw}");
        }
        for raw in [
            "arn:aws:kms:us-east-1:1111:key/x",
            "arn:aws:kms:us-east1:1111:key/x",
            "arn:aws:s3:us-east-1:111122223333:key/x",
            "arn:aws-cn:kms:us-east-1:111122223333:alias/x",
            "arn:azure:kms:us-east-1:111122223333:alias/x",
            "arn:aws:kms::111122223333:alias/x",
            "arn:aws:kms:us-east-1:111122223333",
            "arn:aws:kms:us-east-1:111122223333:grant/x",
        ] {
            assert_eq!(
                parsed(raw),
                format!("InvalidArnException: {raw} is not a valid KMS key or alias ARN."),
            );
        }
    }

    #[test]
    fn markers_refuse_foreign_scopes() {
        let a = MarkerScope {
            operation: "ListKeys",
            account: "111122223333",
            region: "us-east-1",
            subject: "",
        };
        let b = MarkerScope {
            operation: "ListKeys",
            account: "111122223333",
            region: "eu-west-1",
            subject: "",
        };
        let m = encode_marker(&a, "k-5");
        assert_eq!(decode_marker(&a, &m).unwrap(), "k-5");
        assert!(decode_marker(&b, &m).is_err());
        assert!(decode_marker(&a, "zz").is_err());
        assert!(decode_marker(&a, "00").is_err());
    }

    #[test]
    fn pages_resume_after_the_position() {
        let items: BTreeMap<String, u32> = (0..5).map(|i| (format!("k{i}"), i)).collect();
        let page = |after, limit| page(entries_after(&items, after).map(|(p, v)| (p, *v)), limit);
        let (first, next) = page(None, 2);
        assert_eq!(first, vec![0, 1]);
        assert_eq!(next.as_deref(), Some("k1"));
        let (last, next) = page(Some("k3"), 2);
        assert_eq!(last, vec![4]);
        assert_eq!(next, None);
        // A position between entries (the entry it named was deleted) resumes after it.
        assert_eq!(page(Some("k1x"), 9), (vec![2, 3, 4], None));
        assert_eq!(page(Some("k4"), 9), (vec![], None));
        assert_eq!(page(None, 5), (vec![0, 1, 2, 3, 4], None));
    }
}
