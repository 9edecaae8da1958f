//! The `kms-rotate` npm package: kms-core's client, key-id and credential parsing and
//! SigV4 signing, exported to JavaScript with `wasm-bindgen`.
//!
//! This is the only crate with `#[wasm_bindgen]` exports. They are the raw layer: a
//! hand-written ES module (`js/client.js`, shipped in the package) wraps them into the
//! public API — the `KmsClient` class, async iterators, `Date` timestamps and `Error`
//! subclasses — and `js/index.d.ts` declares it. Operation inputs and KMS's answers
//! cross the boundary as JSON text, which the wasm parses with serde_json (in it anyway
//! for KMS's JSON protocol) and passes on unchanged; what the wasm makes itself (parsed
//! key ids and credentials, `rotateAndWait`'s events, the eligibility verdict) crosses
//! as plain objects set member by member. Neither needs a generic JS-value serializer,
//! nor a JSON writer in the wasm: the package has a size budget.
//!
//! From JavaScript (Node 20+, a bundler, or a `<script type="module">`):
//!
//! ```js
//! import { KmsClient, parseKeyId } from "kms-rotate";
//!
//! const kms = new KmsClient({ region: "eu-west-1", credentials: { accessKeyId, secretAccessKey, sessionToken } });
//! for await (const key of kms.keys()) console.log(key.KeyId);
//! const done = await kms.rotateAndWait({ KeyId: parseKeyId(text).keyId });
//! ```
//!
//! The same calls from Rust, on wasm32 (natively the fetch transport has no `fetch`):
//!
//! ```no_run
//! # async fn demo() -> Result<(), wasm_bindgen::JsValue> {
//! let helpers = kms_wasm::parse_key_id("alias/payments")?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

mod client;
mod eligibility;
mod errors;

pub use client::WasmClient;
pub use eligibility::{has_rotation_history, rotation_eligibility};

use errors::{js_error, set, set_some, to_js};
use js_sys::Object;
use kms_core::credentials::Credentials;
use kms_core::error::{Error, InputError};
use kms_core::key_id::KeyIdentifier;
use kms_core::signing::{sign, SigningOptions, SigningRequest};
use kms_core::time::Timestamp;
use wasm_bindgen::prelude::*;

/// Parses a key ID, multi-Region key ID, key ARN, alias name or alias ARN into a tagged
/// object (`{ type: "keyArn", arn, partition, region, accountId, keyId }`, ...). Throws
/// a `KmsInputError` naming the problem.
#[wasm_bindgen(js_name = parseKeyId)]
pub fn parse_key_id(text: &str) -> Result<JsValue, JsValue> {
    let id = KeyIdentifier::parse(text).map_err(|error| to_js(&Error::from(error)))?;
    let out: JsValue = Object::new().into();
    let kind = match &id {
        KeyIdentifier::KeyId(_) => "keyId",
        KeyIdentifier::MultiRegionKeyId(_) => "multiRegionKeyId",
        KeyIdentifier::KeyArn(_) => "keyArn",
        KeyIdentifier::AliasName(_) => "aliasName",
        KeyIdentifier::AliasArn(_) => "aliasArn",
        _ => "other",
    };
    set(&out, "type", kind);
    if id.is_arn() {
        set(&out, "arn", id.to_string());
    }
    set_some(&out, "partition", id.partition().map(|p| p.as_str()));
    set_some(&out, "region", id.region());
    set_some(&out, "accountId", id.account_id());
    set_some(&out, "keyId", id.key_id());
    set_some(&out, "aliasName", id.alias_name());
    set(&out, "multiRegion", id.is_multi_region());
    set(&out, "rotatable", !id.is_alias());
    Ok(out)
}

/// Parses what people paste: `export AWS_...=` lines, the JSON of `aws configure
/// export-credentials` or `aws sts assume-role`, or an INI profile block. Returns
/// `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }` with `expiration` in
/// epoch milliseconds (the wrapper makes it a `Date`).
#[wasm_bindgen(js_name = parseCredentials)]
pub fn parse_credentials(text: &str) -> Result<JsValue, JsValue> {
    let credentials = kms_core::credentials::parse_pasted(text)
        .map_err(|error| to_js(&Error::Input(InputError::Credentials(error))))?;
    Ok(credentials_to_js(&credentials))
}

fn credentials_to_js(credentials: &Credentials) -> JsValue {
    let out: JsValue = Object::new().into();
    set(&out, "accessKeyId", credentials.access_key_id());
    set(&out, "secretAccessKey", credentials.secret_access_key());
    set_some(&out, "sessionToken", credentials.session_token());
    set_some(
        &out,
        "expiration",
        credentials.expiration().map(|t| t.epoch_millis() as f64),
    );
    out
}

/// Signs any HTTP request with SigV4. `request` holds, a line each: the method, the URL,
/// the signing Region, the service, the access key ID, the secret access key, the
/// session token (empty for none), the number of headers, then each header's name and
/// value; what follows the last of those lines is the body, unless `body` is given (a
/// binary body). None of the fields can hold a line feed; the wrapper checks. The result
/// lists the headers to add (`authorization`, `x-amz-date`, and `x-amz-security-token`
/// with a session token) the same way, name and value alternately.
///
/// One string each way: every argument crossing into wasm costs a copy and an
/// allocation, which showed in signatures per second.
#[wasm_bindgen(js_name = signRequest)]
pub fn sign_request(
    request: &str,
    body: Option<Vec<u8>>,
    signing_millis: f64,
    normalize_path: bool,
    payload_hash_header: bool,
) -> Result<String, JsValue> {
    let malformed = || {
        js_error(
            "KmsInputError",
            "InvalidParameter",
            "malformed signing request",
        )
    };
    let mut rest = request;
    let mut line = || {
        let (line, tail) = rest.split_once('\n')?;
        rest = tail;
        Some(line)
    };
    let mut field = || line().ok_or_else(malformed);
    let (method, url, region, service) = (field()?, field()?, field()?, field()?);
    let (access_key_id, secret_access_key, session_token) = (field()?, field()?, field()?);
    let count: usize = field()?.parse().map_err(|_| malformed())?;
    let mut headers = Vec::with_capacity(count);
    for _ in 0..count {
        let (name, value) = (field()?, field()?);
        headers.push((name.to_owned(), value.to_owned()));
    }
    let credentials = Credentials::new(
        access_key_id,
        secret_access_key,
        Some(session_token)
            .filter(|token| !token.is_empty())
            .map(str::to_owned),
        None,
    );
    let mut options = SigningOptions::default();
    options.normalize_path = normalize_path;
    options.payload_hash_header = payload_hash_header;
    let signed = sign(&SigningRequest {
        method,
        url,
        headers: &headers,
        body: body.as_deref().unwrap_or(rest.as_bytes()),
        region,
        service,
        credentials: &credentials,
        time: Timestamp::from_epoch_millis(signing_millis as i64),
        options,
    })
    .map_err(|error| js_error("KmsInputError", "SigningError", &error.to_string()))?;
    let mut out = String::new();
    for (name, value) in &signed.headers {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(name);
        out.push('\n');
        out.push_str(value);
    }
    Ok(out)
}

/// The allocator: TLSF (rlsf), constant-time and 2.3 kB gzip smaller in the package than
/// Rust's default for wasm (dlmalloc), for 5% fewer signatures per second in Node
/// (measured with `tests/npm/bench/run.sh`; the package stays ahead of the AWS SDK).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::GlobalTlsf = rlsf::GlobalTlsf::new();
