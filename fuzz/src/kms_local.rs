//! kms-local's request handling: a sequence of HTTP requests, built with `arbitrary`,
//! sent through `App::router()` with tower's `oneshot` on a current-thread Tokio runtime
//! (no sockets), against a fresh server with the demo data set and a manual clock.
//!
//! A step is one of:
//! - a KMS call *signed with kms-core's signer* (so it gets past SigV4 and reaches the
//!   operations), with any operation name, signer (demo, partner, expired or unknown
//!   credentials), Region, JSON body (members the operations read, with values that
//!   name real demo keys, aliases and ARNs, keys created earlier in the run, or the last
//!   pagination marker) and optional tampering after signing (headers dropped or
//!   replaced, body extended, path or method changed) to exercise the signature checks;
//! - a raw request: any method, path, headers and body, unsigned;
//! - an admin API call (`/_kms_local/...`: faults, reset with any bytes or with a data
//!   set built from kms-local's seed types, clock, log, keys, state), from a local or a
//!   remote peer;
//! - moving the clock.
//!
//! Properties: nothing panics (axum does not catch handler panics, so a panic anywhere
//! in the server is a crash); every response carries `x-amzn-requestid`; every KMS
//! error response decodes with kms-core's `decode_error_response` into a service error
//! with a code; while no fault was injected, every KMS 200 is a JSON object, and the
//! answers of the six operations kms-core models decode into kms-core's output shapes;
//! admin answers are JSON; a body can only fail to arrive under an injected `drop`.
//! (Answers to `HEAD` and `OPTIONS` have no JSON body by design and are not read.)

// Seed types are built from `Default` and then assigned, so that a field added to them
// (or `#[non_exhaustive]`) does not break this crate.
#![allow(clippy::field_reassign_with_default)]

use arbitrary::{Arbitrary, Unstructured};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use kms_core::credentials::Credentials;
use kms_core::error::{decode_error_response, decode_output, Error};
use kms_core::model::{
    DescribeKeyOutput, GetKeyRotationStatusOutput, ListAliasesOutput, ListKeyRotationsOutput,
    ListKeysOutput, RotateKeyOnDemandOutput,
};
use kms_core::partition::Endpoint;
use kms_core::request::build_request;
use kms_core::time::Timestamp;
use kms_core::transport::HttpResponse;
use kms_local::clock::{ManualClock, WallClock};
use kms_local::ops::Operation;
use kms_local::seed::{
    Seed, SeedAlias, SeedHistory, SeedImport, SeedInProgress, SeedKey, SeedMultiRegion,
    SeedRotation,
};
use kms_local::{demo, App, Config};
use serde_json::{Map, Value};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

/// 2026-01-01T00:00:00Z.
const START_MILLIS: i64 = 1_767_225_600_000;
/// What a client would send as `host` for kms-local's default port.
const HOST: &str = "127.0.0.1:4599";
/// Steps per input: enough for create, then use, then list.
const MAX_STEPS: usize = 12;
/// Key references learned from responses, per run.
const MAX_LEARNED: usize = 8;
/// A peer that is not this machine (TEST-NET-3, a documentation address: only ever a
/// value in a request extension here, never a destination).
const REMOTE_PEER: [u8; 4] = [203, 0, 113, 9];

const REGIONS: &[&str] = &[
    "us-east-1",
    "eu-west-1",
    "us-west-2",
    "ap-southeast-2",
    "cn-north-1",
    "us-gov-west-1",
];
const FAULT_KINDS: &[&str] = &[
    "throttle",
    "500",
    "503",
    "delay",
    "drop",
    "truncate",
    "non_json",
    "clock_skew",
];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH"];
const ORIGINS: &[&str] = &[
    "http://127.0.0.1:8080",
    "http://localhost:8080",
    "https://evil.example",
    "null",
];
const ADMIN_PREFIX: &str = "/_kms_local/";

/// The demo data set and the identifiers in it, loaded once per process.
struct Fixture {
    seed: Seed,
    /// Key IDs, key ARNs, alias names and alias ARNs of the demo data set.
    refs: Vec<String>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let seed = match demo::seed() {
            Ok(seed) => seed,
            Err(error) => panic!("the demo seed does not load: {error}"),
        };
        let mut refs = Vec::new();
        for key in &seed.keys {
            let account = key.account.as_deref().unwrap_or(demo::DEMO_ACCOUNT_ID);
            let region = key.region.as_deref().unwrap_or("us-east-1");
            if let Some(id) = &key.id {
                refs.push(id.clone());
                refs.push(format!("arn:aws:kms:{region}:{account}:key/{id}"));
            }
            for alias in &key.aliases {
                refs.push(alias.clone());
                refs.push(format!("arn:aws:kms:{region}:{account}:{alias}"));
            }
        }
        refs.extend(seed.aliases.iter().map(|alias| alias.name.clone()));
        Fixture { seed, refs }
    })
}

#[derive(Arbitrary, Debug)]
enum Step {
    Kms(KmsCall),
    Raw(RawCall),
    Admin { call: AdminCall, remote: bool },
    AdvanceClock { seconds: u16 },
}

#[derive(Arbitrary, Debug)]
enum OpChoice {
    Known(u8),
    Other(String),
}

impl OpChoice {
    fn name(&self) -> String {
        match self {
            Self::Known(n) => Operation::ALL[usize::from(*n) % Operation::ALL.len()]
                .name()
                .to_owned(),
            Self::Other(name) => name.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Signer {
    Demo,
    Partner,
    Expired,
    DemoWithoutToken,
    Unknown,
}

impl Signer {
    fn credentials(&self) -> Credentials {
        let token = |t: &str| Some(t.to_owned());
        match self {
            Self::Demo => Credentials::new(
                demo::DEMO_ACCESS_KEY_ID,
                demo::DEMO_SECRET_ACCESS_KEY,
                token(demo::DEMO_SESSION_TOKEN),
                None,
            ),
            Self::Partner => Credentials::new(
                demo::PARTNER_ACCESS_KEY_ID,
                demo::PARTNER_SECRET_ACCESS_KEY,
                None,
                None,
            ),
            Self::Expired => Credentials::new(
                demo::EXPIRED_ACCESS_KEY_ID,
                demo::EXPIRED_SECRET_ACCESS_KEY,
                token(demo::EXPIRED_SESSION_TOKEN),
                None,
            ),
            Self::DemoWithoutToken => Credentials::new(
                demo::DEMO_ACCESS_KEY_ID,
                demo::DEMO_SECRET_ACCESS_KEY,
                None,
                None,
            ),
            Self::Unknown => {
                Credentials::new("AKIAIOSFODNN7EXAMPLE", "not-a-known-secret", None, None)
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
enum RegionChoice {
    Known(u8),
    Other(String),
}

impl RegionChoice {
    fn name(&self) -> String {
        match self {
            Self::Known(n) => REGIONS[usize::from(*n) % REGIONS.len()].to_owned(),
            Self::Other(name) => name.clone(),
        }
    }
}

/// Input members the operations read, and any other.
#[derive(Arbitrary, Debug)]
enum Member {
    KeyId,
    TargetKeyId,
    AliasName,
    Limit,
    Marker,
    Description,
    KeySpec,
    CustomerMasterKeySpec,
    KeyUsage,
    Origin,
    MultiRegion,
    RotationPeriodInDays,
    PendingWindowInDays,
    ReplicaRegion,
    IncludeKeyMaterial,
    CustomKeyStoreId,
    XksKeyId,
    Other(String),
}

impl Member {
    fn name(&self) -> &str {
        match self {
            Self::KeyId => "KeyId",
            Self::TargetKeyId => "TargetKeyId",
            Self::AliasName => "AliasName",
            Self::Limit => "Limit",
            Self::Marker => "Marker",
            Self::Description => "Description",
            Self::KeySpec => "KeySpec",
            Self::CustomerMasterKeySpec => "CustomerMasterKeySpec",
            Self::KeyUsage => "KeyUsage",
            Self::Origin => "Origin",
            Self::MultiRegion => "MultiRegion",
            Self::RotationPeriodInDays => "RotationPeriodInDays",
            Self::PendingWindowInDays => "PendingWindowInDays",
            Self::ReplicaRegion => "ReplicaRegion",
            Self::IncludeKeyMaterial => "IncludeKeyMaterial",
            Self::CustomKeyStoreId => "CustomKeyStoreId",
            Self::XksKeyId => "XksKeyId",
            Self::Other(name) => name,
        }
    }
}

/// A member's value.
#[derive(Arbitrary, Debug)]
enum MemberValue {
    /// A demo key, alias or ARN, or one learned earlier in the run.
    KeyRef(u8),
    /// The last `NextMarker` seen.
    LastMarker,
    /// A Region name.
    Region(RegionChoice),
    Text(String),
    Small(u8),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

#[derive(Arbitrary, Debug)]
enum KmsBody {
    Members(Vec<(Member, MemberValue)>),
    Raw(Vec<u8>),
    /// Text in which `$new` stands for the key ID learned last and `$marker` for the
    /// last `NextMarker`.
    Template(String),
}

#[derive(Arbitrary, Debug)]
enum HeaderChoice {
    Authorization,
    XAmzDate,
    XAmzTarget,
    XAmzSecurityToken,
    ContentType,
    Host,
    Origin(u8),
    Other(String),
}

impl HeaderChoice {
    fn name(&self) -> &str {
        match self {
            Self::Authorization => "authorization",
            Self::XAmzDate => "x-amz-date",
            Self::XAmzTarget => "x-amz-target",
            Self::XAmzSecurityToken => "x-amz-security-token",
            Self::ContentType => "content-type",
            Self::Host => "host",
            Self::Origin(_) => "origin",
            Self::Other(name) => name,
        }
    }

    /// The value to send: an allowed or refused origin for `Origin`, else `value`.
    fn value(&self, value: &str) -> String {
        match self {
            Self::Origin(n) => ORIGINS[usize::from(*n) % ORIGINS.len()].to_owned(),
            _ => value.to_owned(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum MethodChoice {
    Known(u8),
    Other(String),
}

impl MethodChoice {
    fn name(&self) -> &str {
        match self {
            Self::Known(n) => METHODS[usize::from(*n) % METHODS.len()],
            Self::Other(name) => name,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Tamper {
    DropHeader(u8),
    SetHeader(HeaderChoice, String),
    ExtendBody(Vec<u8>),
    Path(String),
    Method(u8),
}

#[derive(Arbitrary, Debug)]
struct KmsCall {
    op: OpChoice,
    signer: Signer,
    region: RegionChoice,
    body: KmsBody,
    /// Seconds between the server's clock and the signing time.
    skew_seconds: i16,
    tamper: Vec<Tamper>,
}

#[derive(Arbitrary, Debug)]
struct RawCall {
    method: MethodChoice,
    path: String,
    headers: Vec<(HeaderChoice, String)>,
    body: Vec<u8>,
    remote: bool,
}

#[derive(Arbitrary, Debug)]
struct FaultSpec {
    kind: u8,
    op: Option<OpChoice>,
    count: u8,
    ms: Option<u16>,
    seconds: Option<i32>,
}

#[derive(Arbitrary, Debug)]
enum AdminCall {
    Health,
    ResetToDemo,
    Reset(Vec<u8>),
    ResetWith(SeedSpec),
    ListFaults,
    PostFaults(Vec<FaultSpec>),
    PostFaultsRaw(Vec<u8>),
    ClearFaults,
    Log {
        op: Option<OpChoice>,
        after: Option<u16>,
    },
    ClearLog,
    Keys {
        account: Option<String>,
        region: Option<RegionChoice>,
    },
    State,
    AdvanceStoreClock(i32),
    Other {
        method: MethodChoice,
        route: String,
        body: Vec<u8>,
    },
}

const KEY_SPECS: &[&str] = &[
    "SYMMETRIC_DEFAULT",
    "RSA_2048",
    "ECC_NIST_P256",
    "HMAC_256",
    "ML_DSA_44",
    "SM2",
];
const KEY_USAGES: &[&str] = &[
    "ENCRYPT_DECRYPT",
    "SIGN_VERIFY",
    "GENERATE_VERIFY_MAC",
    "KEY_AGREEMENT",
];
const ORIGINS_OF_KEYS: &[&str] = &["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"];
const KEY_STATES: &[&str] = &["Enabled", "Disabled", "PendingDeletion", "PendingImport"];

fn pick(list: &[&'static str], n: u8) -> String {
    list[usize::from(n) % list.len()].to_owned()
}

/// A data set for `POST /_kms_local/reset`, built from kms-local's own seed types so that
/// the fuzzer reaches the seed loader's numbers (history sizes, periods, minutes, days)
/// rather than stopping at JSON syntax.
#[derive(Arbitrary, Debug)]
struct SeedSpec {
    keys: Vec<SeedKeySpec>,
    aliases: Vec<(Option<RegionChoice>, String, Option<u8>)>,
}

#[derive(Arbitrary, Debug)]
struct SeedKeySpec {
    region: Option<RegionChoice>,
    partner_account: bool,
    name: u8,
    key_spec: Option<u8>,
    key_usage: Option<u8>,
    origin: Option<u8>,
    aws_managed: bool,
    state: Option<u8>,
    created_days_ago: Option<u32>,
    custom_key_store: bool,
    replica_regions: Option<Vec<RegionChoice>>,
    rotation: Option<(bool, Option<u32>, Option<i64>)>,
    history: Option<(u32, u32)>,
    imported: Option<(bool, Option<u32>)>,
    in_progress_seconds: Option<u64>,
    deletion_in_days: Option<u32>,
    aliases: Vec<u8>,
}

impl SeedSpec {
    fn json(&self) -> Vec<u8> {
        let mut seed = Seed::default();
        seed.keys = self.keys.iter().map(SeedKeySpec::seed_key).collect();
        seed.aliases = self
            .aliases
            .iter()
            .map(|(region, name, target)| {
                let mut alias = SeedAlias::default();
                alias.region = region.as_ref().map(RegionChoice::name);
                alias.name = format!("alias/{name}");
                alias.target_key_id = target.map(|n| format!("seed-key-{}", n % 4));
                alias
            })
            .collect();
        serde_json::to_vec(&seed).unwrap_or_default()
    }
}

impl SeedKeySpec {
    fn seed_key(&self) -> SeedKey {
        let mut key = SeedKey::default();
        key.region = self.region.as_ref().map(RegionChoice::name);
        if self.partner_account {
            key.account = Some(demo::PARTNER_ACCOUNT_ID.to_owned());
        }
        key.name = Some(format!("seed-key-{}", self.name % 4));
        key.key_spec = self.key_spec.map(|n| pick(KEY_SPECS, n));
        key.key_usage = self.key_usage.map(|n| pick(KEY_USAGES, n));
        key.origin = self.origin.map(|n| pick(ORIGINS_OF_KEYS, n));
        key.key_manager = self.aws_managed.then(|| "AWS".to_owned());
        key.state = self.state.map(|n| pick(KEY_STATES, n));
        key.created_days_ago = self.created_days_ago;
        key.custom_key_store_id = self
            .custom_key_store
            .then(|| "cks-1234567890abcdef0".to_owned());
        key.multi_region = self.replica_regions.as_ref().map(|regions| {
            let mut multi = SeedMultiRegion::default();
            multi.replica_regions = regions.iter().map(RegionChoice::name).collect();
            multi
        });
        key.rotation = self.rotation.map(|(enabled, period_days, minutes)| {
            let mut rotation = SeedRotation::default();
            rotation.enabled = enabled;
            rotation.period_days = period_days;
            rotation.next_rotation_in_minutes = minutes;
            rotation
        });
        key.history = self.history.map(|(automatic, on_demand)| {
            let mut history = SeedHistory::default();
            history.automatic = automatic;
            history.on_demand = on_demand;
            history
        });
        key.imported = self.imported.map(|(pending_rotation, expires_in_days)| {
            let mut imported = SeedImport::default();
            imported.pending_rotation = pending_rotation;
            imported.expires_in_days = expires_in_days;
            imported
        });
        key.rotation_in_progress = self.in_progress_seconds.map(|seconds| {
            let mut in_progress = SeedInProgress::default();
            in_progress.remaining_seconds = seconds;
            in_progress
        });
        key.deletion_in_days = self.deletion_in_days;
        key.aliases = self
            .aliases
            .iter()
            .map(|n| format!("alias/seed-{}", n % 8))
            .collect();
        key
    }
}

/// Runs one input: a script when it starts with a lower-case letter, else steps taken
/// apart with `arbitrary`.
pub fn run(data: &[u8]) {
    let steps = if data.first().is_some_and(u8::is_ascii_lowercase) {
        script(&String::from_utf8_lossy(data))
    } else {
        let mut input = Unstructured::new(data);
        let mut steps = Vec::new();
        while steps.len() < MAX_STEPS && !input.is_empty() {
            match Step::arbitrary(&mut input) {
                Ok(step) => steps.push(step),
                Err(_) => break,
            }
        }
        steps
    };
    if steps.is_empty() {
        return;
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        // Paused time: an injected `delay` fault completes at once.
        .start_paused(true)
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => panic!("no Tokio runtime: {error}"),
    };
    runtime.block_on(async {
        let mut session = Session::new();
        for step in &steps {
            session.step(step).await;
        }
    });
}

/// Reads a script: one step a line, unknown lines skipped, at most `MAX_STEPS`.
///
/// ```text
/// kms SIGNER REGION OPERATION [BODY]   signed; SIGNER: demo partner expired notoken unknown;
///                                      in BODY, $new is the last key ID created, $marker
///                                      the last NextMarker
/// raw METHOD PATH [NAME:VALUE ...] [BODY]   unsigned, with those headers
/// admin METHOD ROUTE [BODY]            /_kms_local/ROUTE from this machine
/// remote METHOD ROUTE [BODY]           the same from another machine
/// advance SECONDS                      moves the clock
/// ```
fn script(text: &str) -> Vec<Step> {
    text.lines()
        .filter_map(script_step)
        .take(MAX_STEPS)
        .collect()
}

fn script_step(line: &str) -> Option<Step> {
    let (word, rest) = next_word(line);
    let step = match word {
        "kms" => {
            let (signer, rest) = next_word(rest);
            let (region, rest) = next_word(rest);
            let (op, body) = next_word(rest);
            let signer = match signer {
                "demo" => Signer::Demo,
                "partner" => Signer::Partner,
                "expired" => Signer::Expired,
                "notoken" => Signer::DemoWithoutToken,
                _ => Signer::Unknown,
            };
            Step::Kms(KmsCall {
                op: OpChoice::Other(op.to_owned()),
                signer,
                region: RegionChoice::Other(region.to_owned()),
                body: KmsBody::Template(body.to_owned()),
                skew_seconds: 0,
                tamper: Vec::new(),
            })
        }
        "raw" => {
            let (method, rest) = next_word(rest);
            let (path, mut rest) = next_word(rest);
            let mut headers = Vec::new();
            loop {
                let (word, after) = next_word(rest);
                match word.split_once(':') {
                    Some((name, value)) if !word.starts_with(['{', '[', '"']) => {
                        headers.push((HeaderChoice::Other(name.to_owned()), value.to_owned()));
                        rest = after;
                    }
                    _ => break,
                }
            }
            Step::Raw(RawCall {
                method: MethodChoice::Other(method.to_owned()),
                path: path.to_owned(),
                headers,
                body: rest.as_bytes().to_vec(),
                remote: false,
            })
        }
        "admin" | "remote" => {
            let (method, rest) = next_word(rest);
            let (route, body) = next_word(rest);
            Step::Admin {
                call: AdminCall::Other {
                    method: MethodChoice::Other(method.to_owned()),
                    route: route.to_owned(),
                    body: body.as_bytes().to_vec(),
                },
                remote: word == "remote",
            }
        }
        "advance" => Step::AdvanceClock {
            seconds: rest.trim().parse().ok()?,
        },
        _ => return None,
    };
    Some(step)
}

/// The first word of `text` and the rest, trimmed.
fn next_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (&text[..end], text[end..].trim())
}

/// One server and what the run learned about it.
struct Session {
    app: App,
    clock: ManualClock,
    /// Whether a fault may be pending: then a 200 may be cut short or be HTML.
    faults_posted: bool,
    last_marker: Option<String>,
    learned: Vec<String>,
}

/// A response, read whole.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    /// `Err` when the body broke off.
    body: Result<Vec<u8>, String>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Session {
    fn new() -> Self {
        let clock = ManualClock::new(Timestamp::from_epoch_millis(START_MILLIS));
        let mut config = Config::new(Arc::new(clock.clone()));
        config.seed = fixture().seed.clone();
        config.log_requests = false;
        let app = match App::new(config) {
            Ok(app) => app,
            Err(error) => panic!("kms-local does not start with the demo seed: {error}"),
        };
        Self {
            app,
            clock,
            faults_posted: false,
            last_marker: None,
            learned: Vec::new(),
        }
    }

    async fn step(&mut self, step: &Step) {
        match step {
            Step::Kms(call) => self.kms(call).await,
            Step::Raw(call) => self.raw(call).await,
            Step::Admin { call, remote } => self.admin(call, *remote).await,
            Step::AdvanceClock { seconds } => {
                self.clock.advance_millis(i64::from(*seconds) * 1000);
            }
        }
    }

    fn key_ref(&self, n: u8) -> String {
        let refs = &fixture().refs;
        let all = refs.len() + self.learned.len();
        let n = usize::from(n) % all;
        refs.get(n)
            .or_else(|| self.learned.get(n - refs.len()))
            .cloned()
            .unwrap_or_default()
    }

    fn value(&self, value: &MemberValue) -> Value {
        match value {
            MemberValue::KeyRef(n) => self.key_ref(*n).into(),
            MemberValue::LastMarker => self.last_marker.clone().map_or(Value::Null, Value::from),
            MemberValue::Region(region) => region.name().into(),
            MemberValue::Text(text) => text.clone().into(),
            MemberValue::Small(n) => (*n).into(),
            MemberValue::Int(n) => (*n).into(),
            // Not a number (NaN, infinity) becomes null, as serde_json writes it.
            MemberValue::Float(x) => (*x).into(),
            MemberValue::Bool(b) => (*b).into(),
            MemberValue::Null => Value::Null,
            MemberValue::List(items) => items.clone().into(),
            MemberValue::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from(v.clone())))
                    .collect(),
            ),
        }
    }

    async fn kms(&mut self, call: &KmsCall) {
        let op = call.op.name();
        let body = match &call.body {
            KmsBody::Raw(bytes) => bytes.clone(),
            KmsBody::Template(text) => text
                .replace("$new", self.learned.last().map_or("", String::as_str))
                .replace("$marker", self.last_marker.as_deref().unwrap_or(""))
                .into_bytes(),
            KmsBody::Members(members) => {
                let object: Map<String, Value> = members
                    .iter()
                    .map(|(member, value)| (member.name().to_owned(), self.value(value)))
                    .collect();
                Value::Object(object).to_string().into_bytes()
            }
        };
        let endpoint = Endpoint {
            url: format!("http://{HOST}/"),
            signing_region: call.region.name(),
        };
        let time = WallClock::now(&self.clock).plus_millis(i64::from(call.skew_seconds) * 1000);
        let Ok(signed) =
            build_request(&op, body, &endpoint, &call.signer.credentials(), time, None)
        else {
            return; // the signer refuses it (a Region it cannot put in a scope, say)
        };

        let mut method = "POST".to_owned();
        let mut path = "/".to_owned();
        let mut headers = vec![("host".to_owned(), HOST.to_owned())];
        headers.extend(signed.headers);
        let mut body = signed.body;
        for tamper in &call.tamper {
            match tamper {
                Tamper::DropHeader(n) => {
                    if !headers.is_empty() {
                        headers.remove(usize::from(*n) % headers.len());
                    }
                }
                Tamper::SetHeader(choice, value) => {
                    let name = choice.name().to_ascii_lowercase();
                    headers.retain(|(n, _)| *n != name);
                    headers.push((name, choice.value(value)));
                }
                Tamper::ExtendBody(more) => body.extend_from_slice(more),
                Tamper::Path(p) => path = p.clone(),
                Tamper::Method(n) => method = METHODS[usize::from(*n) % METHODS.len()].to_owned(),
            }
        }
        // The operation the server will see, after any tampering.
        let op = header_of(&headers, "x-amz-target")
            .and_then(|t| t.strip_prefix("TrentService."))
            .unwrap_or_default()
            .to_owned();
        let Some(request) = http_request(&method, &path, &headers, body, false) else {
            return;
        };
        let path = request.uri().path().to_owned();
        let answer = self.send(request).await;
        self.check(&method, &path, &op, &answer);
    }

    async fn raw(&mut self, call: &RawCall) {
        let method = call.method.name();
        let headers: Vec<(String, String)> = call
            .headers
            .iter()
            .map(|(choice, value)| (choice.name().to_owned(), choice.value(value)))
            .collect();
        let op = header_of(&headers, "x-amz-target")
            .and_then(|t| t.strip_prefix("TrentService."))
            .unwrap_or_default()
            .to_owned();
        let Some(request) =
            http_request(method, &call.path, &headers, call.body.clone(), call.remote)
        else {
            return;
        };
        if method == "POST" && is_admin(request.uri().path()) {
            self.faults_posted = true;
        }
        let path = request.uri().path().to_owned();
        let answer = self.send(request).await;
        self.check(method, &path, &op, &answer);
    }

    async fn admin(&mut self, call: &AdminCall, remote: bool) {
        let json = |value: Value| value.to_string().into_bytes();
        let (method, route, body): (&str, String, Vec<u8>) = match call {
            AdminCall::Health => ("GET", "health".into(), Vec::new()),
            AdminCall::ResetToDemo => ("POST", "reset".into(), Vec::new()),
            AdminCall::Reset(seed) => ("POST", "reset".into(), seed.clone()),
            AdminCall::ResetWith(spec) => ("POST", "reset".into(), spec.json()),
            AdminCall::ListFaults => ("GET", "faults".into(), Vec::new()),
            AdminCall::PostFaults(specs) => {
                let faults: Vec<Value> = specs.iter().map(fault_json).collect();
                ("POST", "faults".into(), json(faults.into()))
            }
            AdminCall::PostFaultsRaw(body) => ("POST", "faults".into(), body.clone()),
            AdminCall::ClearFaults => ("DELETE", "faults".into(), Vec::new()),
            AdminCall::Log { op, after } => {
                let mut query = Vec::new();
                if let Some(op) = op {
                    query.push(format!("op={}", op.name()));
                }
                if let Some(after) = after {
                    query.push(format!("after={after}"));
                }
                ("GET", format!("log?{}", query.join("&")), Vec::new())
            }
            AdminCall::ClearLog => ("DELETE", "log".into(), Vec::new()),
            AdminCall::Keys { account, region } => {
                let mut query = Vec::new();
                if let Some(account) = account {
                    query.push(format!("account={account}"));
                }
                if let Some(region) = region {
                    query.push(format!("region={}", region.name()));
                }
                ("GET", format!("keys?{}", query.join("&")), Vec::new())
            }
            AdminCall::State => ("GET", "state".into(), Vec::new()),
            AdminCall::AdvanceStoreClock(seconds) => (
                "POST",
                "clock".into(),
                json(serde_json::json!({ "advanceSeconds": seconds })),
            ),
            AdminCall::Other {
                method,
                route,
                body,
            } => (method.name(), route.clone(), body.clone()),
        };
        if matches!(
            call,
            AdminCall::PostFaults(_) | AdminCall::PostFaultsRaw(_) | AdminCall::Other { .. }
        ) && method == "POST"
        {
            self.faults_posted = true;
        }
        let path = format!("{ADMIN_PREFIX}{route}");
        // What the project's tools send; kms-local refuses admin calls without them.
        let headers = [
            ("host", HOST),
            ("x-kms-local-admin", "1"),
            ("content-type", "application/json"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()));
        let Some(request) = http_request(method, &path, &headers, body, remote) else {
            return;
        };
        let path = request.uri().path().to_owned();
        let answer = self.send(request).await;
        self.check(method, &path, "", &answer);
    }

    async fn send(&self, request: Request<Body>) -> Answer {
        let response = match self.app.router().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map(|b| b.to_vec())
            .map_err(|e| e.to_string());
        Answer {
            status,
            headers,
            body,
        }
    }

    /// The properties of one answer; `op` is the operation name sent, if any.
    fn check(&mut self, method: &str, path: &str, op: &str, answer: &Answer) {
        let status = answer.status;
        if tracing() {
            let body = answer.body.as_deref().map(String::from_utf8_lossy);
            eprintln!("{method} {path} {op} -> {status} {body:.300?}");
        }
        assert!(
            answer.header("x-amzn-requestid").is_some(),
            "{method} {path}: a {status} answer without x-amzn-requestid"
        );
        let body = match &answer.body {
            Ok(body) => body,
            Err(error) => {
                assert!(
                    self.faults_posted,
                    "{method} {path}: the body broke off with no fault injected: {error}"
                );
                return;
            }
        };
        let text = String::from_utf8_lossy(body);
        match method {
            "OPTIONS" => return, // a CORS preflight: plain text
            "HEAD" => return,    // axum drops the body of an answer to HEAD, as HTTP asks
            _ => {}
        }
        if is_admin(path) {
            assert!(
                serde_json::from_slice::<Value>(body).is_ok(),
                "{method} {path}: admin answer {status} is not JSON: {text}"
            );
            return;
        }

        if status >= 300 {
            let mut response = HttpResponse::new(status, body.clone());
            for (name, value) in &answer.headers {
                response = response.with_header(name, value);
            }
            match decode_error_response(&response) {
                Error::Service(error) => assert_eq!(error.http_status, status),
                other => panic!(
                    "{method} {path} {op}: kms-core cannot decode kms-local's {status} answer {text:?}: {other}"
                ),
            }
            return;
        }
        if self.faults_posted {
            return; // `truncate` and `non_json` make a 200 unreadable on purpose
        }
        let object = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => object,
            _ => panic!("{method} {path} {op}: a 200 answer that is not a JSON object: {text:?}"),
        };
        self.learn(&object);
        let response = HttpResponse::new(status, body.clone());
        match op {
            "ListKeys" => decodes::<ListKeysOutput>(&response, op),
            "DescribeKey" => decodes::<DescribeKeyOutput>(&response, op),
            "ListKeyRotations" => decodes::<ListKeyRotationsOutput>(&response, op),
            "ListAliases" => decodes::<ListAliasesOutput>(&response, op),
            "GetKeyRotationStatus" => decodes::<GetKeyRotationStatusOutput>(&response, op),
            "RotateKeyOnDemand" => decodes::<RotateKeyOnDemandOutput>(&response, op),
            _ => {}
        }
    }

    /// Remembers the pagination marker and new key IDs of a 200 answer.
    fn learn(&mut self, object: &Map<String, Value>) {
        if let Some(marker) = object.get("NextMarker").and_then(Value::as_str) {
            self.last_marker = Some(marker.to_owned());
        }
        let key_id = object
            .get("KeyMetadata")
            .and_then(|m| m.get("KeyId"))
            .and_then(Value::as_str);
        if let Some(id) = key_id {
            if self.learned.len() < MAX_LEARNED && !self.learned.iter().any(|k| k == id) {
                self.learned.push(id.to_owned());
            }
        }
    }
}

/// Whether `KMS_FUZZ_TRACE` is set: then every answer is printed to stderr, to see what
/// a corpus file or a crashing input does.
fn tracing() -> bool {
    static TRACE: OnceLock<bool> = OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("KMS_FUZZ_TRACE").is_some())
}

fn decodes<T: serde::de::DeserializeOwned>(response: &HttpResponse, op: &str) {
    if let Err(error) = decode_output::<T>(response) {
        panic!(
            "kms-core cannot decode kms-local's {op} answer {:?}: {error}",
            String::from_utf8_lossy(&response.body)
        );
    }
}

fn fault_json(spec: &FaultSpec) -> Value {
    let mut fault = Map::new();
    fault.insert(
        "kind".into(),
        FAULT_KINDS[usize::from(spec.kind) % FAULT_KINDS.len()].into(),
    );
    if let Some(op) = &spec.op {
        fault.insert("op".into(), op.name().into());
    }
    fault.insert("count".into(), spec.count.into());
    if let Some(ms) = spec.ms {
        fault.insert("ms".into(), ms.into());
    }
    if let Some(seconds) = spec.seconds {
        fault.insert("seconds".into(), seconds.into());
    }
    Value::Object(fault)
}

fn is_admin(path: &str) -> bool {
    path.starts_with(ADMIN_PREFIX) || path == ADMIN_PREFIX.trim_end_matches('/')
}

fn header_of<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// An axum request, or `None` when the parts are not valid HTTP (an HTTP server would
/// refuse those before kms-local sees them).
fn http_request(
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
    remote: bool,
) -> Option<Request<Body>> {
    let mut builder = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let mut request = builder.body(Body::from(body)).ok()?;
    if remote {
        let peer = SocketAddr::from((REMOTE_PEER, 50_000));
        request.extensions_mut().insert(ConnectInfo(peer));
    }
    Some(request)
}
