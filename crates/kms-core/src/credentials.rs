//! Short-lived AWS credentials, and parsing of what people paste.
//!
//! [`parse_pasted`] reads what AWS tools print:
//!
//! - environment variable lines: `export AWS_ACCESS_KEY_ID=...` (bash, zsh; quoted or
//!   not), `set AWS_...=...` (Windows cmd), `$Env:AWS_...="..."` (PowerShell),
//!   `set -x AWS_... ...` / `set -gx` (fish), `setenv AWS_... ...` (csh), with
//!   `AWS_SESSION_TOKEN` (or the older `AWS_SECURITY_TOKEN`) and
//!   `AWS_CREDENTIAL_EXPIRATION`: IAM Identity Center's "set environment variables" and
//!   `aws configure export-credentials --format env|env-no-export|powershell|windows-cmd`;
//! - the JSON of `aws configure export-credentials` (`{"Version": 1, "AccessKeyId": ...}`);
//! - the JSON of `aws sts assume-role` / `get-session-token` (`{"Credentials": {...}}`)
//!   and of `aws sso get-role-credentials` (`{"roleCredentials": {...}}`);
//! - an INI profile block (`[default]` or `[profile x]` with `aws_access_key_id = ...`).
//!
//! Expirations are ISO 8601 / RFC 3339 date-times, with `Z` or an offset, with or without
//! fractional seconds. Nothing here ever puts a secret access key or session token into
//! an error message, `Debug` or `Display`.
//!
//! ```
//! use kms_core::credentials::{parse_pasted, CredentialsParseError};
//! use kms_core::time::Timestamp;
//!
//! let credentials = parse_pasted(
//!     r#"export AWS_ACCESS_KEY_ID="ASIAIOSFODNN7EXAMPLE"
//!        export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
//!        export AWS_SESSION_TOKEN="IQoJb3JpZ2luX2VjEXAMPLE"
//!        export AWS_CREDENTIAL_EXPIRATION=2024-05-01T12:00:00+00:00"#,
//! )
//! .unwrap();
//! assert!(credentials.is_temporary());
//! assert_eq!(credentials.masked_access_key_id(), "ASIA…MPLE");
//! assert_eq!(
//!     credentials.to_string(),
//!     "ASIA…MPLE (temporary, expires 2024-05-01T12:00:00Z)"
//! );
//! let noon = Timestamp::from_epoch_seconds(1_714_564_800);
//! assert!(credentials.is_expired(noon));
//! assert!(credentials.expires_within(noon.plus_millis(-60_000), 5 * 60_000));
//!
//! let partial = parse_pasted("export AWS_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE").unwrap_err();
//! assert_eq!(
//!     partial.to_string(),
//!     "found AWS_ACCESS_KEY_ID but no AWS_SECRET_ACCESS_KEY"
//! );
//! ```

use crate::text::{quoted, Joined};
use crate::time::Timestamp;
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

/// An access key, its secret, a session token and the expiry when known.
///
/// `Debug` and `Display` never show the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiration: Option<Timestamp>,
}

impl Credentials {
    /// Credentials from their parts.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiration: Option<Timestamp>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiration,
        }
    }

    /// The access key ID.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key. Handle with care: never log or store it.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token, for temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When the credentials expire, if known.
    pub fn expiration(&self) -> Option<Timestamp> {
        self.expiration
    }

    /// The access key ID with only its first and last four characters shown:
    /// `ASIA…WXYZ`. Short (invalid) IDs show less.
    pub fn masked_access_key_id(&self) -> String {
        let chars: Vec<char> = self.access_key_id.chars().collect();
        let shown = match chars.len() {
            n if n >= 12 => 4,
            n => n / 4,
        };
        let mut out: String = chars[..shown].iter().collect();
        out.push('…');
        out.extend(&chars[chars.len() - shown..]);
        out
    }

    /// Whether these are temporary credentials (they have a session token).
    pub fn is_temporary(&self) -> bool {
        self.session_token.is_some()
    }

    /// Whether the credentials have expired at `now`. Without a known expiry: false.
    pub fn is_expired(&self, now: Timestamp) -> bool {
        self.expiration.is_some_and(|expiration| expiration <= now)
    }

    /// Whether the credentials expire within `millis` milliseconds of `now` (or already
    /// have). Without a known expiry: false.
    pub fn expires_within(&self, now: Timestamp, millis: i64) -> bool {
        self.expiration
            .is_some_and(|expiration| expiration <= now.plus_millis(millis))
    }

    /// Milliseconds from `now` until expiry (negative once expired), if the expiry is known.
    pub fn millis_until_expiry(&self, now: Timestamp) -> Option<i64> {
        self.expiration
            .map(|expiration| expiration.millis_since(now))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// `ASIA…WXYZ (temporary, expires 2024-05-01T12:00:00Z)`, `AKIA…WXYZ (long-term)`.
impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked_access_key_id())?;
        let kind = if self.is_temporary() {
            "temporary"
        } else {
            "long-term"
        };
        match self.expiration {
            Some(expiration) => write!(f, " ({kind}, expires {})", format_timestamp(expiration)),
            None => write!(f, " ({kind})"),
        }
    }
}

impl FromStr for Credentials {
    type Err = CredentialsParseError;

    /// Same as [`parse_pasted`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_pasted(text)
    }
}

/// Why pasted text could not be read as credentials. Messages never contain a secret
/// access key or session token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsParseError {
    /// Nothing but whitespace was pasted.
    Empty,
    /// The text is in none of the accepted formats.
    UnrecognizedFormat,
    /// JSON, but without credentials in a shape this parser knows.
    UnrecognizedJson,
    /// JSON that does not parse.
    InvalidJson {
        /// The line of the syntax error, from 1.
        line: usize,
        /// The column of the syntax error, from 1.
        column: usize,
    },
    /// Some of the credentials are there, but not all that are needed.
    Missing {
        /// A field that was found, named as in the pasted format.
        found: &'static str,
        /// The fields that are missing, named as in the pasted format.
        missing: Vec<&'static str>,
    },
    /// A field that must have a value is empty.
    EmptyValue(&'static str),
    /// A JSON member that must be a string is not one.
    NotAString(&'static str),
    /// The access key ID does not have the shape of one.
    InvalidAccessKeyId {
        /// What is wrong with it (never the value itself).
        reason: String,
    },
    /// The expiration is not an ISO 8601 / RFC 3339 date-time.
    InvalidExpiration {
        /// The field, named as in the pasted format.
        field: &'static str,
        /// The value as pasted, only when it is short and made of the characters a date
        /// is written with (letters, digits, `:+-./,` and space): anything else may
        /// hold a piece of a secret that a broken paste ran into it, and is left out.
        /// Empty then.
        value: String,
    },
    /// Several profiles with credentials were pasted; it is unclear which one to use.
    SeveralProfiles(Vec<String>),
}

const ACCEPTED_FORMATS: &str = "paste export AWS_ACCESS_KEY_ID=... lines (or the Windows set, PowerShell $Env: or fish set -x forms), the JSON of aws configure export-credentials or aws sts assume-role, or an INI profile block with aws_access_key_id and aws_secret_access_key";

impl fmt::Display for CredentialsParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "nothing was pasted; {ACCEPTED_FORMATS}"),
            Self::UnrecognizedFormat => write!(f, "no AWS credentials found; {ACCEPTED_FORMATS}"),
            Self::UnrecognizedJson => f.write_str(
                "the JSON holds no AccessKeyId; paste the output of aws configure export-credentials ({\"Version\": 1, \"AccessKeyId\": ...}) or of aws sts assume-role ({\"Credentials\": {...}})",
            ),
            Self::InvalidJson { line, column } => write!(
                f,
                "the pasted JSON is not valid: syntax error at line {line}, column {column}"
            ),
            Self::Missing { found, missing } => {
                write!(f, "found {found} but no {}", Joined(missing, " or "))
            }
            Self::EmptyValue(field) => write!(f, "{field} is empty"),
            Self::NotAString(field) => write!(f, "{field} must be a string"),
            Self::InvalidAccessKeyId { reason } => f.write_str(reason),
            Self::InvalidExpiration { field, value } if value.is_empty() => write!(
                f,
                "{field} is not an ISO 8601 date-time like 2024-05-01T12:00:00Z"
            ),
            Self::InvalidExpiration { field, value } => write!(
                f,
                "{field} {value} is not an ISO 8601 date-time like 2024-05-01T12:00:00Z"
            ),
            Self::SeveralProfiles(names) => write!(
                f,
                "found credentials in {} profiles ({}); paste only the one to use",
                names.len(),
                Joined(names, ", ")
            ),
        }
    }
}

impl std::error::Error for CredentialsParseError {}

/// Checks the shape of an access key ID: 16 to 128 capital letters and digits
/// (`AKIA...` for long-term keys, `ASIA...` for temporary ones).
///
/// ```
/// use kms_core::credentials::validate_access_key_id;
/// assert!(validate_access_key_id("ASIAIOSFODNN7EXAMPLE").is_ok());
/// assert_eq!(
///     validate_access_key_id("ASIA1234").unwrap_err().to_string(),
///     "access key id must be 16 to 128 characters, got 8"
/// );
/// ```
pub fn validate_access_key_id(access_key_id: &str) -> Result<(), CredentialsParseError> {
    let length = access_key_id.chars().count();
    // A value with lower-case letters, '/' or '+' is most likely a secret access key
    // pasted into the wrong field; say so, without showing it.
    let looks_like_secret = access_key_id
        .chars()
        .any(|c| c.is_ascii_lowercase() || c == '/' || c == '+');
    let swapped_hint = if looks_like_secret && length == 40 {
        "; this looks like a secret access key: are the two values swapped?"
    } else {
        ""
    };
    if !(16..=128).contains(&length) {
        return Err(CredentialsParseError::InvalidAccessKeyId {
            reason: format!(
                "access key id must be 16 to 128 characters, got {length}{swapped_hint}"
            ),
        });
    }
    if let Some(position) = access_key_id
        .chars()
        .position(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
    {
        return Err(CredentialsParseError::InvalidAccessKeyId {
            reason: format!(
                "access key id may contain only capital letters A-Z and digits, but character {} is neither{swapped_hint}",
                position + 1
            ),
        });
    }
    Ok(())
}

/// Reads pasted credentials in any of the formats listed in the [module docs](self).
pub fn parse_pasted(text: &str) -> Result<Credentials, CredentialsParseError> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(CredentialsParseError::Empty);
    }
    let fields = if text.starts_with('{') {
        json_fields(text)?
    } else {
        match line_fields(text) {
            Ok(fields) => fields,
            // JSON after a line of its own, such as the command that printed it.
            Err(CredentialsParseError::UnrecognizedFormat) => match embedded_json(text) {
                Some(json) => json_fields(json)?,
                None => return Err(CredentialsParseError::UnrecognizedFormat),
            },
            Err(error) => return Err(error),
        }
    };
    fields.into_credentials()
}

/// The settings besides credentials that a paste may carry: the Region and the KMS
/// endpoint (kms-local prints both, as the AWS CLI and SDKs read them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PastedSettings {
    /// `AWS_REGION`, else `AWS_DEFAULT_REGION`, else an INI `region` (a valid name only).
    pub region: Option<String>,
    /// `AWS_ENDPOINT_URL_KMS`, else `AWS_ENDPOINT_URL`, else an INI `endpoint_url`.
    pub endpoint_url: Option<String>,
}

/// Reads the Region and the KMS endpoint from pasted lines, in every shell form
/// [`parse_pasted`] reads (export, set, set -x, setenv, `$Env:`, INI).
pub fn pasted_settings(text: &str) -> PastedSettings {
    // Ranked names: a lower rank wins, whatever the order of the lines.
    let mut region: Option<(u8, String)> = None;
    let mut endpoint: Option<(u8, String)> = None;
    let keep = |slot: &mut Option<(u8, String)>, rank: u8, value: String| {
        if slot.as_ref().is_none_or(|(held, _)| rank < *held) {
            *slot = Some((rank, value));
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if is_comment(line) {
            continue;
        }
        let Some((name, value, _)) = assignment(line) else {
            continue;
        };
        let value = value.trim().to_owned();
        if value.is_empty() {
            continue;
        }
        let upper = name.to_ascii_uppercase();
        match upper.as_str() {
            "AWS_REGION" | "AWS_DEFAULT_REGION" | "REGION"
                if crate::partition::validate_region(&value).is_ok() =>
            {
                let rank = match upper.as_str() {
                    "AWS_REGION" => 0,
                    "AWS_DEFAULT_REGION" => 1,
                    _ => 2,
                };
                keep(&mut region, rank, value);
            }
            "AWS_ENDPOINT_URL_KMS" => keep(&mut endpoint, 0, value),
            "AWS_ENDPOINT_URL" => keep(&mut endpoint, 1, value),
            "ENDPOINT_URL" => keep(&mut endpoint, 2, value),
            _ => {}
        }
    }
    PastedSettings {
        region: region.map(|(_, value)| value),
        endpoint_url: endpoint.map(|(_, value)| value),
    }
}

/// The text from the first line that starts with `{` to the last `}`, if any.
fn embedded_json(text: &str) -> Option<&str> {
    let start = text
        .match_indices('{')
        .map(|(index, _)| index)
        .find(|&index| {
            let before = text[..index].trim_end_matches([' ', '\t']);
            before.is_empty() || before.ends_with('\n')
        })?;
    let end = text.rfind('}')?;
    (end > start).then(|| &text[start..=end])
}

/// The spellings of the fields in one pasted format, for messages.
#[derive(Clone, Copy)]
struct FieldNames {
    access_key_id: &'static str,
    secret_access_key: &'static str,
    session_token: &'static str,
    expiration: &'static str,
}

const ENV_NAMES: FieldNames = FieldNames {
    access_key_id: "AWS_ACCESS_KEY_ID",
    secret_access_key: "AWS_SECRET_ACCESS_KEY",
    session_token: "AWS_SESSION_TOKEN",
    expiration: "AWS_CREDENTIAL_EXPIRATION",
};

const INI_NAMES: FieldNames = FieldNames {
    access_key_id: "aws_access_key_id",
    secret_access_key: "aws_secret_access_key",
    session_token: "aws_session_token",
    expiration: "aws_credential_expiration",
};

const JSON_NAMES: FieldNames = FieldNames {
    access_key_id: "AccessKeyId",
    secret_access_key: "SecretAccessKey",
    session_token: "SessionToken",
    expiration: "Expiration",
};

const SSO_JSON_NAMES: FieldNames = FieldNames {
    access_key_id: "accessKeyId",
    secret_access_key: "secretAccessKey",
    session_token: "sessionToken",
    expiration: "expiration",
};

/// An expiry as pasted: text to parse, or a number from JSON (in epoch milliseconds,
/// and as pasted, for messages).
#[derive(Clone, Debug)]
enum RawExpiration {
    Text(String),
    EpochMillis(f64, String),
}

/// The raw values found in one paste, before validation.
#[derive(Default)]
struct RawFields {
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    session_token: Option<String>,
    /// The older name of the session token (`AWS_SECURITY_TOKEN`), used when the newer
    /// one is absent.
    security_token: Option<String>,
    expiration: Option<RawExpiration>,
}

impl RawFields {
    fn is_empty(&self) -> bool {
        self.access_key_id.is_none()
            && self.secret_access_key.is_none()
            && self.session_token.is_none()
            && self.security_token.is_none()
            && self.expiration.is_none()
    }
}

struct PastedFields {
    names: FieldNames,
    raw: RawFields,
}

impl PastedFields {
    fn into_credentials(self) -> Result<Credentials, CredentialsParseError> {
        let Self { names, raw } = self;
        let token_pasted = raw.session_token.is_some() || raw.security_token.is_some();
        let session_token = raw
            .session_token
            .or(raw.security_token)
            .map(|token| token.trim().to_owned())
            .filter(|token| !token.is_empty());
        let (access_key_id, secret_access_key) = match (raw.access_key_id, raw.secret_access_key) {
            (Some(id), Some(secret)) => (id, secret),
            (Some(_), None) => {
                return Err(CredentialsParseError::Missing {
                    found: names.access_key_id,
                    missing: vec![names.secret_access_key],
                })
            }
            (None, Some(_)) => {
                return Err(CredentialsParseError::Missing {
                    found: names.secret_access_key,
                    missing: vec![names.access_key_id],
                })
            }
            (None, None) => {
                let found = if token_pasted {
                    names.session_token
                } else {
                    names.expiration
                };
                return Err(CredentialsParseError::Missing {
                    found,
                    missing: vec![names.access_key_id, names.secret_access_key],
                });
            }
        };
        let access_key_id = access_key_id.trim().to_owned();
        let secret_access_key = secret_access_key.trim().to_owned();
        if access_key_id.is_empty() {
            return Err(CredentialsParseError::EmptyValue(names.access_key_id));
        }
        if secret_access_key.is_empty() {
            return Err(CredentialsParseError::EmptyValue(names.secret_access_key));
        }
        validate_access_key_id(&access_key_id)?;
        let expiration = match raw.expiration {
            None => None,
            Some(RawExpiration::Text(text)) if text.trim().is_empty() => None,
            Some(RawExpiration::Text(text)) => Some(parse_expiration(&text).ok_or_else(|| {
                CredentialsParseError::InvalidExpiration {
                    field: names.expiration,
                    value: quoted_if_date_like(text.trim()),
                }
            })?),
            Some(RawExpiration::EpochMillis(millis, pasted)) => {
                Some(Timestamp::from_epoch_seconds_f64(millis / 1000.0).ok_or(
                    CredentialsParseError::InvalidExpiration {
                        field: names.expiration,
                        value: pasted,
                    },
                )?)
            }
        };
        Ok(Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
            expiration,
        ))
    }
}

// ---- JSON ----------------------------------------------------------------------------

fn json_fields(text: &str) -> Result<PastedFields, CredentialsParseError> {
    // Parsed as a `Value` first: its errors describe syntax only, never the input text,
    // so no secret can leak into the message. From bytes, as responses are: one copy of
    // the parser in the wasm, not two.
    let root: Value = serde_json::from_slice(text.as_bytes()).map_err(|error| {
        CredentialsParseError::InvalidJson {
            line: error.line(),
            column: error.column(),
        }
    })?;
    let Value::Object(root) = root else {
        return Err(CredentialsParseError::UnrecognizedJson);
    };
    let (object, names, millis_expiration) =
        match (root.get("Credentials"), root.get("roleCredentials")) {
            (Some(Value::Object(inner)), _) => (inner, JSON_NAMES, false),
            (_, Some(Value::Object(inner))) => (inner, SSO_JSON_NAMES, true),
            _ => (&root, JSON_NAMES, false),
        };
    let raw = RawFields {
        access_key_id: json_string(object, names.access_key_id)?,
        secret_access_key: json_string(object, names.secret_access_key)?,
        session_token: json_string(object, names.session_token)?,
        security_token: None,
        expiration: match object.get(names.expiration) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(RawExpiration::Text(text.clone())),
            Some(Value::Number(number_text)) => {
                let number = number_text.as_f64().unwrap_or(f64::NAN);
                // `sso get-role-credentials` gives epoch milliseconds; others, if a
                // number at all, epoch seconds.
                Some(RawExpiration::EpochMillis(
                    if millis_expiration {
                        number
                    } else {
                        number * 1000.0
                    },
                    // Whole numbers only: formatting a float (f64's `Display` or
                    // serde_json's) would bring kilobytes of tables into the wasm. The
                    // message without the value still says what is wrong.
                    number_text
                        .as_i64()
                        .map(|whole| whole.to_string())
                        .unwrap_or_default(),
                ))
            }
            Some(_) => return Err(CredentialsParseError::NotAString(names.expiration)),
        },
    };
    if raw.is_empty() {
        return Err(CredentialsParseError::UnrecognizedJson);
    }
    Ok(PastedFields { names, raw })
}

fn json_string(
    object: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<String>, CredentialsParseError> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(CredentialsParseError::NotAString(name)),
    }
}

// ---- environment variables and INI ---------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    AccessKeyId,
    SecretAccessKey,
    SessionToken,
    SecurityToken,
    Expiration,
}

/// The field a variable or INI key names. Case does not matter: environment variables
/// are upper-case by habit, INI keys lower-case, PowerShell ignores case.
fn field_named(name: &str) -> Option<Field> {
    const NAMES: [(&str, Field); 5] = [
        ("aws_access_key_id", Field::AccessKeyId),
        ("aws_secret_access_key", Field::SecretAccessKey),
        ("aws_session_token", Field::SessionToken),
        ("aws_security_token", Field::SecurityToken),
        ("aws_credential_expiration", Field::Expiration),
    ];
    NAMES
        .into_iter()
        .find(|(known, _)| name.eq_ignore_ascii_case(known))
        .map(|(_, field)| field)
}

/// One section of the paste: an INI profile, or everything before the first header.
struct Section {
    name: String,
    fields: RawFields,
}

fn line_fields(text: &str) -> Result<PastedFields, CredentialsParseError> {
    let mut sections = vec![Section {
        name: String::new(),
        fields: RawFields::default(),
    }];
    let mut ini_style = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || is_comment(line) {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let header = header.trim();
            let name = header.strip_prefix("profile ").unwrap_or(header).trim();
            sections.push(Section {
                name: name.to_owned(),
                fields: RawFields::default(),
            });
            ini_style = true;
            continue;
        }
        let Some((name, value, env_form)) = assignment(line) else {
            continue;
        };
        let Some(field) = field_named(name) else {
            continue;
        };
        if !env_form && name.bytes().all(|b| !b.is_ascii_uppercase()) {
            ini_style = true;
        }
        let Some(section) = sections.last_mut() else {
            continue;
        };
        let fields = &mut section.fields;
        // Later lines win, as they would in a shell.
        match field {
            Field::AccessKeyId => fields.access_key_id = Some(value),
            Field::SecretAccessKey => fields.secret_access_key = Some(value),
            Field::SessionToken => fields.session_token = Some(value),
            Field::SecurityToken => fields.security_token = Some(value),
            Field::Expiration => fields.expiration = Some(RawExpiration::Text(value)),
        }
    }
    let names = if ini_style { INI_NAMES } else { ENV_NAMES };
    // One loop rather than filter/collect/remove adapters: smaller in the wasm.
    let mut found: Option<RawFields> = None;
    let mut profiles = Vec::new();
    for section in sections {
        if section.fields.is_empty() {
            continue;
        }
        profiles.push(if section.name.is_empty() {
            "lines before the first [profile]".to_owned()
        } else {
            section.name
        });
        found = Some(section.fields);
    }
    match (profiles.len(), found) {
        (1, Some(raw)) => Ok(PastedFields { names, raw }),
        (0, _) | (_, None) => Err(CredentialsParseError::UnrecognizedFormat),
        _ => Err(CredentialsParseError::SeveralProfiles(profiles)),
    }
}

fn is_comment(line: &str) -> bool {
    line.starts_with('#')
        || line.starts_with(';')
        || line.starts_with("//")
        || line.starts_with("::")
        || line
            .get(..4)
            .is_some_and(|rem| rem.eq_ignore_ascii_case("rem "))
}

/// Splits one line into a variable or key name and its unquoted value, and says whether
/// it was written as a shell command (`export`, `set`, `$Env:`, ...) rather than as a
/// bare `name = value` pair.
fn assignment(line: &str) -> Option<(&str, String, bool)> {
    let (rest, env_form) = if let Some(rest) = strip_prefix_ignore_case(line, "$env:") {
        (rest, true)
    } else if let Some(rest) = strip_word(line, "export").or_else(|| strip_word(line, "declare -x"))
    {
        (rest, true)
    } else if let Some(rest) = strip_word(line, "setenv") {
        // csh: setenv NAME value
        return space_separated(rest);
    } else if let Some(rest) = strip_word(line, "set") {
        if rest.starts_with('-') {
            // fish: set -x NAME value, set -gx NAME value, set --export NAME value
            let mut rest = rest;
            while rest.starts_with('-') {
                let end = rest.find(char::is_whitespace)?;
                rest = rest[end..].trim_start();
            }
            return space_separated(rest);
        }
        // cmd: set NAME=value, or set "NAME=value"
        let rest = match rest.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            Some(inner) if inner.contains('=') => inner,
            _ => rest,
        };
        (rest, true)
    } else {
        (line, false)
    };
    let (name, value) = rest.split_once('=')?;
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    Some((name, unquote(value), env_form))
}

fn space_separated(rest: &str) -> Option<(&str, String, bool)> {
    let rest = rest.trim_start();
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (name, value) = rest.split_at(end);
    if name.is_empty() {
        return None;
    }
    Some((name, unquote(value), true))
}

/// `word` followed by whitespace at the start of `line` (case-insensitive, since cmd
/// and PowerShell ignore case); returns the rest.
fn strip_word<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let rest = strip_prefix_ignore_case(line, word)?;
    rest.starts_with(char::is_whitespace)
        .then(|| rest.trim_start())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// A value without its surrounding quotes (`"..."` or `'...'`) and without a trailing
/// `;` that fish and some snippets add.
fn unquote(value: &str) -> String {
    let value = value.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            if let Some(end) = inner.rfind(quote) {
                let after = inner[end + quote.len_utf8()..].trim();
                if after.is_empty() || after == ";" {
                    return inner[..end].to_owned();
                }
            }
        }
    }
    value.trim_end_matches(';').trim_end().to_owned()
}

/// `'value'` when `value` is short and made only of characters dates are written with,
/// else empty: an expiration that is not a date may hold a piece of a secret from a
/// broken paste (`soon"; $Env:AWS_SESSION_TOKEN="IQoJ...`).
fn quoted_if_date_like(value: &str) -> String {
    let date_like = value.len() <= 32
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b":+-./, ".contains(&b));
    if date_like {
        quoted(value)
    } else {
        String::new()
    }
}

// ---- time ----------------------------------------------------------------------------

/// Parses an ISO 8601 / RFC 3339 date-time with `Z` or an offset, with or without
/// fractional seconds (`2024-05-01T12:00:00Z`, `2024-05-01T14:00:00.123+02:00`). A space
/// instead of the `T`, as Python prints it, is accepted too.
///
/// ```
/// use kms_core::credentials::parse_expiration;
/// let t = parse_expiration("2024-05-01T14:00:00.5+02:00").unwrap();
/// assert_eq!(t.epoch_millis(), 1_714_564_800_500);
/// assert_eq!(parse_expiration("2024-05-01 12:00:00Z"), parse_expiration("2024-05-01T12:00:00Z"));
/// assert_eq!(parse_expiration("tomorrow"), None);
/// ```
pub fn parse_expiration(text: &str) -> Option<Timestamp> {
    Timestamp::parse_rfc3339(text)
}

/// `2024-05-01T12:00:00Z`: a timestamp as RFC 3339 in UTC, to the second. Timestamps
/// outside the years 1–9999 show as epoch milliseconds.
pub(crate) fn format_timestamp(timestamp: Timestamp) -> String {
    timestamp.to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const AKID: &str = "ASIAIOSFODNN7EXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLE+/=TOKEN==";
    const NOON: i64 = 1_714_564_800_000; // 2024-05-01T12:00:00Z

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_region_and_the_endpoint_are_read_in_every_shell_form() {
        let cases = [
            ("export AWS_REGION=eu-west-1\nexport AWS_ENDPOINT_URL_KMS=http://127.0.0.1:4600", "eu-west-1", Some("http://127.0.0.1:4600")),
            ("set -x AWS_REGION eu-west-1\nset -gx AWS_ENDPOINT_URL http://localhost:9", "eu-west-1", Some("http://localhost:9")),
            ("setenv AWS_DEFAULT_REGION ap-south-1", "ap-south-1", None),
            ("$env:AWS_REGION=\"us-west-2\"\n$Env:AWS_ENDPOINT_URL_KMS='http://127.0.0.1:1'", "us-west-2", Some("http://127.0.0.1:1")),
            ("set AWS_REGION=ca-central-1", "ca-central-1", None),
            ("[dev]\nregion = eu-north-1\nendpoint_url = https://kms.example\n", "eu-north-1", Some("https://kms.example")),
            // The more specific name wins, whatever the order.
            ("export AWS_ENDPOINT_URL=http://a:1\nexport AWS_ENDPOINT_URL_KMS=http://b:2\nexport AWS_DEFAULT_REGION=us-east-2\nexport AWS_REGION=eu-west-3", "eu-west-3", Some("http://b:2")),
        ];
        for (text, region, endpoint) in cases {
            let settings = pasted_settings(text);
            assert_eq!(settings.region.as_deref(), Some(region), "{text}");
            assert_eq!(settings.endpoint_url.as_deref(), endpoint, "{text}");
        }
        assert_eq!(
            pasted_settings("export AWS_REGION=not a region"),
            PastedSettings::default()
        );
    }

    fn expected(token: bool, expiration: bool) -> Credentials {
        Credentials::new(
            AKID,
            SECRET,
            token.then(|| TOKEN.to_owned()),
            expiration.then_some(Timestamp::from_epoch_millis(NOON)),
        )
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reads_shell_forms() {
        let cases = [
            // bash / zsh, IAM Identity Center "Option 1"
            format!(
                "export AWS_ACCESS_KEY_ID=\"{AKID}\"\nexport AWS_SECRET_ACCESS_KEY=\"{SECRET}\"\nexport AWS_SESSION_TOKEN=\"{TOKEN}\"\n"
            ),
            // aws configure export-credentials --format env, unquoted, CRLF
            format!(
                "export AWS_ACCESS_KEY_ID={AKID}\r\nexport AWS_SECRET_ACCESS_KEY={SECRET}\r\nexport AWS_SESSION_TOKEN={TOKEN}\r\n"
            ),
            // env-no-export, single quotes
            format!("AWS_ACCESS_KEY_ID='{AKID}'\nAWS_SECRET_ACCESS_KEY='{SECRET}'\nAWS_SESSION_TOKEN='{TOKEN}'"),
            // Windows cmd
            format!("set AWS_ACCESS_KEY_ID={AKID}\nset AWS_SECRET_ACCESS_KEY={SECRET}\nset AWS_SESSION_TOKEN={TOKEN}"),
            format!("SET \"AWS_ACCESS_KEY_ID={AKID}\"\nSET \"AWS_SECRET_ACCESS_KEY={SECRET}\"\nSET \"AWS_SESSION_TOKEN={TOKEN}\""),
            // PowerShell
            format!("$Env:AWS_ACCESS_KEY_ID=\"{AKID}\"\n$Env:AWS_SECRET_ACCESS_KEY=\"{SECRET}\"\n$Env:AWS_SESSION_TOKEN=\"{TOKEN}\""),
            format!("$env:AWS_ACCESS_KEY_ID = '{AKID}'\n$env:AWS_SECRET_ACCESS_KEY = '{SECRET}'\n$env:aws_session_token = '{TOKEN}'"),
            // fish
            format!("set -x AWS_ACCESS_KEY_ID {AKID}\nset -x AWS_SECRET_ACCESS_KEY {SECRET}\nset -x AWS_SESSION_TOKEN {TOKEN}"),
            format!("set -gx AWS_ACCESS_KEY_ID \"{AKID}\";\nset -gx AWS_SECRET_ACCESS_KEY \"{SECRET}\";\nset --export AWS_SESSION_TOKEN '{TOKEN}';"),
            // csh
            format!("setenv AWS_ACCESS_KEY_ID {AKID}\nsetenv AWS_SECRET_ACCESS_KEY {SECRET}\nsetenv AWS_SECURITY_TOKEN {TOKEN}"),
            // the older token name
            format!("export AWS_ACCESS_KEY_ID={AKID}\nexport AWS_SECRET_ACCESS_KEY={SECRET}\nexport AWS_SECURITY_TOKEN={TOKEN}"),
        ];
        for text in cases {
            assert_eq!(
                parse_pasted(&text).unwrap(),
                expected(true, false),
                "{text}"
            );
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reads_expiration_from_env_lines() {
        for stamp in [
            "2024-05-01T12:00:00Z",
            "2024-05-01T12:00:00+00:00",
            "2024-05-01T14:00:00+02:00",
            "2024-05-01T07:00:00-05:00",
            "2024-05-01T12:00:00.000Z",
            "2024-05-01 12:00:00+00:00",
            "\"2024-05-01T12:00:00Z\"",
        ] {
            let text = format!(
                "# from the portal\nexport AWS_ACCESS_KEY_ID={AKID}\nexport AWS_SECRET_ACCESS_KEY={SECRET}\nexport AWS_SESSION_TOKEN={TOKEN}\nexport AWS_CREDENTIAL_EXPIRATION={stamp}\n"
            );
            assert_eq!(
                parse_pasted(&text).unwrap(),
                expected(true, true),
                "{stamp}"
            );
        }
        let fractional = parse_expiration("2024-05-01T12:00:00.123456Z").unwrap();
        assert_eq!(fractional.epoch_millis(), NOON + 123);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn ignores_unrelated_lines_and_takes_the_last_value() {
        let text = format!(
            "$ aws configure export-credentials --format env\nexport AWS_REGION=eu-west-1\nREM a comment\nexport AWS_ACCESS_KEY_ID=AKIAOLDOLDOLDOLDOLD1\nexport AWS_ACCESS_KEY_ID={AKID}\nexport AWS_SECRET_ACCESS_KEY={SECRET}\nexport AWS_SESSION_TOKEN=\n"
        );
        assert_eq!(parse_pasted(&text).unwrap(), expected(false, false));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reads_json_forms() {
        let export = json!({
            "Version": 1,
            "AccessKeyId": AKID,
            "SecretAccessKey": SECRET,
            "SessionToken": TOKEN,
            "Expiration": "2024-05-01T12:00:00+00:00",
        });
        let assume_role = json!({
            "Credentials": {
                "AccessKeyId": AKID,
                "SecretAccessKey": SECRET,
                "SessionToken": TOKEN,
                "Expiration": "2024-05-01T12:00:00Z",
            },
            "AssumedRoleUser": {
                "AssumedRoleId": "AROA3XFRBF535PLBIFPI4:s3-access-example",
                "Arn": "arn:aws:sts::111122223333:assumed-role/xaccounts3access/s3-access-example",
            },
        });
        let sso = json!({
            "roleCredentials": {
                "accessKeyId": AKID,
                "secretAccessKey": SECRET,
                "sessionToken": TOKEN,
                "expiration": NOON,
            }
        });
        for value in [export, assume_role, sso] {
            let text = serde_json::to_string_pretty(&value).unwrap();
            assert_eq!(parse_pasted(&text).unwrap(), expected(true, true), "{text}");
        }
        let long_term =
            format!(r#"{{"Version":1,"AccessKeyId":"{AKID}","SecretAccessKey":"{SECRET}"}}"#);
        assert_eq!(parse_pasted(&long_term).unwrap(), expected(false, false));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reads_ini_profiles() {
        let cases = [
            format!("[default]\naws_access_key_id = {AKID}\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n"),
            format!("[profile dev]\nregion = eu-west-1\naws_access_key_id={AKID}\naws_secret_access_key={SECRET}\naws_session_token={TOKEN}\n"),
            format!("; credentials\n[dev]\n  aws_access_key_id = {AKID}  \n  aws_secret_access_key = {SECRET}\n  aws_security_token = {TOKEN}\n[other]\nregion = us-east-1\n"),
            format!("aws_access_key_id = {AKID}\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}"),
        ];
        for text in cases {
            assert_eq!(
                parse_pasted(&text).unwrap(),
                expected(true, false),
                "{text}"
            );
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn says_what_is_missing_in_the_pasted_format() {
        let cases = [
            (
                format!("export AWS_ACCESS_KEY_ID={AKID}"),
                "found AWS_ACCESS_KEY_ID but no AWS_SECRET_ACCESS_KEY",
            ),
            (
                format!("export AWS_SECRET_ACCESS_KEY={SECRET}"),
                "found AWS_SECRET_ACCESS_KEY but no AWS_ACCESS_KEY_ID",
            ),
            (
                format!("export AWS_SESSION_TOKEN={TOKEN}"),
                "found AWS_SESSION_TOKEN but no AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY",
            ),
            (
                format!("[default]\naws_access_key_id = {AKID}"),
                "found aws_access_key_id but no aws_secret_access_key",
            ),
            (
                format!(r#"{{"AccessKeyId": "{AKID}"}}"#),
                "found AccessKeyId but no SecretAccessKey",
            ),
            (
                format!(r#"{{"Credentials": {{"SecretAccessKey": "{SECRET}"}}}}"#),
                "found SecretAccessKey but no AccessKeyId",
            ),
            (
                "export AWS_CREDENTIAL_EXPIRATION=2024-05-01T12:00:00Z".to_owned(),
                "found AWS_CREDENTIAL_EXPIRATION but no AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(
                parse_pasted(&text).unwrap_err().to_string(),
                message,
                "{text}"
            );
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rejects_everything_else_clearly() {
        assert_eq!(
            parse_pasted(" \n\t").unwrap_err(),
            CredentialsParseError::Empty
        );
        let unknown = parse_pasted("hello world").unwrap_err();
        assert_eq!(unknown, CredentialsParseError::UnrecognizedFormat);
        let message = unknown.to_string();
        for format in [
            "export AWS_ACCESS_KEY_ID",
            "export-credentials",
            "assume-role",
            "INI",
        ] {
            assert!(message.contains(format), "{message}");
        }
        assert_eq!(
            parse_pasted(&format!(
                "$ aws sts assume-role --role-arn arn:aws:iam::111122223333:role/r --role-session-name s\n{{\"Credentials\": {{\"AccessKeyId\": \"{AKID}\", \"SecretAccessKey\": \"{SECRET}\"}}}}\n$ "
            ))
            .unwrap(),
            expected(false, false)
        );
        assert_eq!(
            parse_pasted("echo {\n{\"a\": 1}").unwrap_err(),
            CredentialsParseError::UnrecognizedJson
        );
        assert_eq!(
            parse_pasted(r#"{"a": 1}"#).unwrap_err(),
            CredentialsParseError::UnrecognizedJson
        );
        assert_eq!(
            parse_pasted("[1]").unwrap_err(),
            CredentialsParseError::UnrecognizedFormat
        );
        assert_eq!(
            parse_pasted("{\n\"AccessKeyId\": \"x\",,\n}").unwrap_err(),
            CredentialsParseError::InvalidJson {
                line: 2,
                column: 20
            }
        );
        assert_eq!(
            parse_pasted(&format!(
                r#"{{"AccessKeyId": 5, "SecretAccessKey": "{SECRET}"}}"#
            ))
            .unwrap_err()
            .to_string(),
            "AccessKeyId must be a string"
        );
        assert_eq!(
            parse_pasted(&format!(
                "AWS_ACCESS_KEY_ID=\nAWS_SECRET_ACCESS_KEY={SECRET}"
            ))
            .unwrap_err()
            .to_string(),
            "AWS_ACCESS_KEY_ID is empty"
        );
        assert_eq!(
            parse_pasted(&format!(
                "AWS_ACCESS_KEY_ID={AKID}\nAWS_SECRET_ACCESS_KEY=''"
            ))
            .unwrap_err()
            .to_string(),
            "AWS_SECRET_ACCESS_KEY is empty"
        );
        assert_eq!(
            parse_pasted(&format!(
                "AWS_ACCESS_KEY_ID={AKID}\nAWS_SECRET_ACCESS_KEY={SECRET}\nAWS_CREDENTIAL_EXPIRATION=soon"
            ))
            .unwrap_err()
            .to_string(),
            "AWS_CREDENTIAL_EXPIRATION 'soon' is not an ISO 8601 date-time like 2024-05-01T12:00:00Z"
        );
        // Epoch numbers out of range: a whole one is shown, a fractional one is not.
        for (expiration, message) in [
            (
                "99999999999999",
                "Expiration 99999999999999 is not an ISO 8601 date-time like 2024-05-01T12:00:00Z",
            ),
            (
                "1.5e300",
                "Expiration is not an ISO 8601 date-time like 2024-05-01T12:00:00Z",
            ),
        ] {
            assert_eq!(
                parse_pasted(&format!(
                    r#"{{"AccessKeyId": "{AKID}", "SecretAccessKey": "{SECRET}", "Expiration": {expiration}}}"#
                ))
                .unwrap_err()
                .to_string(),
                message
            );
        }
        assert_eq!(
            parse_pasted(&format!(
                "[a]\naws_access_key_id={AKID}\naws_secret_access_key={SECRET}\n[profile b]\naws_access_key_id={AKID}\naws_secret_access_key={SECRET}"
            ))
            .unwrap_err()
            .to_string(),
            "found credentials in 2 profiles (a, b); paste only the one to use"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn checks_the_access_key_id_shape() {
        assert_eq!(
            parse_pasted(&format!(
                "AWS_ACCESS_KEY_ID=ASIA1\nAWS_SECRET_ACCESS_KEY={SECRET}"
            ))
            .unwrap_err()
            .to_string(),
            "access key id must be 16 to 128 characters, got 5"
        );
        assert_eq!(
            validate_access_key_id("ASIAIOSFODNN7EXAMPLe").unwrap_err().to_string(),
            "access key id may contain only capital letters A-Z and digits, but character 20 is neither"
        );
        assert!(validate_access_key_id(&"A".repeat(128)).is_ok());
        assert!(validate_access_key_id(&"A".repeat(129)).is_err());
        // Swapped values: the message hints at it and does not show the secret.
        let swapped = parse_pasted(&format!(
            "AWS_ACCESS_KEY_ID={SECRET}\nAWS_SECRET_ACCESS_KEY={AKID}"
        ))
        .unwrap_err()
        .to_string();
        assert!(swapped.contains("are the two values swapped?"), "{swapped}");
        assert!(
            !swapped.contains(SECRET) && !swapped.contains("wJal"),
            "{swapped}"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn secrets_never_print() {
        let credentials = expected(true, true);
        let debug = format!("{credentials:?}");
        let display = credentials.to_string();
        for shown in [&debug, &display] {
            assert!(!shown.contains(SECRET), "{shown}");
            assert!(!shown.contains(TOKEN), "{shown}");
        }
        assert!(debug.contains("** redacted **"));
        assert_eq!(
            display,
            "ASIA…MPLE (temporary, expires 2024-05-01T12:00:00Z)"
        );
        assert_eq!(
            Credentials::new("AKIAIOSFODNN7EXAMPLE", SECRET, None, None).to_string(),
            "AKIA…MPLE (long-term)"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn masks_short_ids_too() {
        assert_eq!(
            Credentials::new("", "s", None, None).masked_access_key_id(),
            "…"
        );
        assert_eq!(
            Credentials::new("ABCDEFGH", "s", None, None).masked_access_key_id(),
            "AB…GH"
        );
        assert_eq!(
            Credentials::new("ABCDEFGHIJKL", "s", None, None).masked_access_key_id(),
            "ABCD…IJKL"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn expiry_questions() {
        let noon = Timestamp::from_epoch_millis(NOON);
        let temporary = expected(true, true);
        assert!(!temporary.is_expired(noon.plus_millis(-1)));
        assert!(temporary.is_expired(noon));
        assert!(temporary.expires_within(noon.plus_millis(-60_000), 60_000));
        assert!(!temporary.expires_within(noon.plus_millis(-60_001), 60_000));
        assert_eq!(temporary.millis_until_expiry(noon.plus_millis(-5)), Some(5));
        let unknown = expected(true, false);
        assert!(!unknown.is_expired(noon) && !unknown.expires_within(noon, i64::MAX));
        assert_eq!(unknown.millis_until_expiry(noon), None);
        assert!(!expected(false, false).is_temporary());
        let parsed: Credentials =
            format!("AWS_ACCESS_KEY_ID={AKID}\nAWS_SECRET_ACCESS_KEY={SECRET}")
                .parse()
                .unwrap();
        assert_eq!(parsed, expected(false, false));
    }

    /// Property tests run natively only: proptest needs OS randomness, absent on wasm32.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn access_key_id() -> impl Strategy<Value = String> {
            "(AKIA|ASIA)[A-Z0-9]{12,124}"
        }

        fn secret() -> impl Strategy<Value = String> {
            "[A-Za-z0-9/+]{40}"
        }

        fn token() -> impl Strategy<Value = Option<String>> {
            proptest::option::of("[A-Za-z0-9/+]{16,400}={0,2}")
        }

        /// Whole milliseconds within the years 1970–2200.
        fn expiration() -> impl Strategy<Value = Option<Timestamp>> {
            proptest::option::of((0i64..7_258_118_400_000).prop_map(Timestamp::from_epoch_millis))
        }

        /// An expiry written as RFC 3339 with one of the offsets people see.
        fn rfc3339(timestamp: Timestamp, offset_minutes: i64) -> String {
            // An independent reference: the AWS SDK's own date formatting.
            use aws_smithy_types::date_time::{DateTime, Format};
            let local = DateTime::from_millis(
                timestamp
                    .epoch_millis()
                    .saturating_add(offset_minutes * 60_000),
            );
            let text = local.fmt(Format::DateTime).unwrap();
            if offset_minutes == 0 {
                return text;
            }
            let sign = if offset_minutes < 0 { '-' } else { '+' };
            let minutes = offset_minutes.abs();
            format!(
                "{}{sign}{:02}:{:02}",
                text.trim_end_matches('Z'),
                minutes / 60,
                minutes % 60
            )
        }

        fn render(format: usize, c: &Credentials, offset_minutes: i64) -> String {
            let id = c.access_key_id();
            let secret = c.secret_access_key();
            let expiry = c.expiration().map(|t| rfc3339(t, offset_minutes));
            let mut env = vec![
                ("AWS_ACCESS_KEY_ID", id.to_owned()),
                ("AWS_SECRET_ACCESS_KEY", secret.to_owned()),
            ];
            if let Some(token) = c.session_token() {
                env.push(("AWS_SESSION_TOKEN", token.to_owned()));
            }
            if let Some(expiry) = &expiry {
                env.push(("AWS_CREDENTIAL_EXPIRATION", expiry.clone()));
            }
            let lines = |f: &dyn Fn(&str, &str) -> String| {
                env.iter()
                    .map(|(name, value)| f(name, value))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let json_object = || {
                let mut object = json!({"AccessKeyId": id, "SecretAccessKey": secret});
                if let Some(token) = c.session_token() {
                    object["SessionToken"] = json!(token);
                }
                if let Some(expiry) = &expiry {
                    object["Expiration"] = json!(expiry);
                }
                object
            };
            match format {
                0 => lines(&|n, v| format!("export {n}={v}")),
                1 => lines(&|n, v| format!("export {n}=\"{v}\"")),
                2 => lines(&|n, v| format!("{n}='{v}'")),
                3 => lines(&|n, v| format!("set {n}={v}")),
                4 => lines(&|n, v| format!("$Env:{n}=\"{v}\"")),
                5 => lines(&|n, v| format!("set -x {n} {v}")),
                6 => lines(&|n, v| format!("set -gx {n} \"{v}\";")),
                7 => {
                    let mut object = json_object();
                    object["Version"] = json!(1);
                    serde_json::to_string_pretty(&object).unwrap()
                }
                8 => serde_json::to_string(&json!({
                    "Credentials": json_object(),
                    "AssumedRoleUser": {"Arn": "arn:aws:sts::111122223333:assumed-role/r/s"},
                }))
                .unwrap(),
                _ => {
                    let mut text = format!(
                        "[profile x]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n"
                    );
                    if let Some(token) = c.session_token() {
                        text.push_str(&format!("aws_session_token = {token}\n"));
                    }
                    if let Some(expiry) = &expiry {
                        text.push_str(&format!("aws_credential_expiration = {expiry}\n"));
                    }
                    text
                }
            }
        }

        proptest! {
            #[test]
            fn parse_never_panics(text in "\\PC{0,400}") {
                let _ = parse_pasted(&text);
            }

            #[test]
            fn parse_never_panics_on_near_misses(
                lines in proptest::collection::vec(
                    (
                        proptest::sample::select(vec![
                            "export ", "set ", "set -x ", "set -", "$env:", "setenv ", "[", "", "{", "\"", "rem ",
                            "AWS_ACCESS_KEY_ID=", "aws_secret_access_key =", "AWS_CREDENTIAL_EXPIRATION=",
                            "{\"Credentials\":", "{\"roleCredentials\":{\"expiration\":",
                        ]),
                        "[ -~é]{0,40}",
                    ),
                    0..8,
                ),
            ) {
                let text: Vec<String> = lines.into_iter().map(|(a, b)| format!("{a}{b}")).collect();
                let _ = parse_pasted(&text.join("\n"));
                let _ = parse_expiration(&text.concat());
            }

            #[test]
            fn every_format_round_trips(
                id in access_key_id(),
                secret in secret(),
                token in token(),
                expiration in expiration(),
                format in 0usize..10,
                offset_minutes in proptest::sample::select(vec![0i64, 60, -300, 330, 840]),
            ) {
                let credentials = Credentials::new(id, secret, token, expiration);
                let text = render(format, &credentials, offset_minutes);
                prop_assert_eq!(parse_pasted(&text).unwrap(), credentials.clone());
                prop_assert_eq!(parse_pasted(&format!("\u{feff}\n  {text}  \n\n")).unwrap(), credentials);
            }

            #[test]
            fn errors_never_show_the_secret_or_token(
                id in "[A-Za-z0-9/+]{0,50}",
                secret in secret(),
                token in "[A-Za-z0-9/+]{30,60}",
                format in 0usize..10,
                drop_line in 0usize..4,
            ) {
                let credentials = Credentials::new(id, secret.clone(), Some(token.clone()), None);
                let text = render(format, &credentials, 0);
                // Break the paste: drop one line, or truncate the JSON.
                let broken: String = if format == 7 || format == 8 {
                    text.chars().take(text.chars().count() * drop_line / 4).collect()
                } else {
                    text.lines()
                        .enumerate()
                        .filter(|(index, _)| *index != drop_line)
                        .map(|(_, line)| line)
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                for attempt in [text, broken] {
                    if let Err(error) = parse_pasted(&attempt) {
                        let message = error.to_string();
                        prop_assert!(!message.contains(&secret), "{}", message);
                        prop_assert!(!message.contains(&token), "{}", message);
                        let debug = format!("{error:?}");
                        prop_assert!(!debug.contains(&secret), "{}", debug);
                        prop_assert!(!message.ends_with('.'));
                    }
                }
            }
        }
    }
}
