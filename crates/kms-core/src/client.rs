//! The KMS client: runs operations over any [`Transport`] and [`Clock`], with the retry
//! policy, clock-skew correction, credential refresh, pagination, and rotation tracking.
//!
//! `RotateKeyOnDemand` is not idempotent (each success spends one of the key's 25
//! on-demand rotations), so it is resent only when the failure proves KMS did not act
//! (throttling, a signature or clock error, nothing connected). After an ambiguous
//! failure the client looks at `GetKeyRotationStatus` and the rotation history instead.
//!
//! ```
//! use kms_core::client::{Client, ClientConfig};
//! use kms_core::credentials::Credentials;
//! use kms_core::partition::EndpointConfig;
//! use kms_core::time::Timestamp;
//! use kms_core::transport::{Clock, HttpRequest, HttpResponse, Transport, TransportError};
//!
//! struct Replay;
//! impl Transport for Replay {
//!     async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
//!         Ok(HttpResponse::new(200, r#"{"Keys":[{"KeyId":"k1"}],"Truncated":false}"#))
//!     }
//! }
//! struct Fixed;
//! impl Clock for Fixed {
//!     fn now(&self) -> Timestamp { Timestamp::from_epoch_seconds(1_700_000_000) }
//!     async fn sleep(&self, _: u64) {}
//! }
//!
//! let config = ClientConfig::new(EndpointConfig { region: "us-east-1".into(), ..Default::default() });
//! let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None);
//! let client = Client::new(config, credentials, Replay, Fixed).unwrap();
//! let keys = futures::executor::block_on(client.all_keys()).unwrap();
//! assert_eq!(keys[0].key_id, "k1");
//! ```

use crate::credentials::Credentials;
use crate::eligibility::{self, Eligibility};
use crate::error::{check_json_body, decode_error_response, read_output, Error};
use crate::key_id::{check_region_matches, KeyIdentifier};
use crate::model::{
    AliasListEntry, DescribeKeyInput, DisableKeyRotationInput, EnableKeyRotationInput,
    GetKeyRotationStatusInput, GetKeyRotationStatusOutput, IncludeKeyMaterial, KeyListEntry,
    KeyMetadata, ListAliasesInput, ListAliasesOutput, ListKeyRotationsInput,
    ListKeyRotationsOutput, ListKeysInput, ListKeysOutput, RotationsListEntry, ToJson,
};
use crate::ops::{
    DescribeKey, DisableKeyRotation, EnableKeyRotation, GetKeyRotationStatus, ListAliases,
    ListKeyRotations, ListKeys, Operation, Paginated,
};
use crate::partition::{Endpoint, EndpointConfig};
use crate::request::build_request;
use crate::retry::{clock_correction, Decision, RetryPolicy};
use crate::time::Timestamp;
use crate::transport::{Clock, HttpResponse, Transport, TransportError, TransportErrorKind};
use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::task::Poll;

/// Credentials are refreshed when they expire within this many milliseconds.
pub const REFRESH_BEFORE_EXPIRY_MS: i64 = 5 * 60 * 1000;

/// Pages read at most by one listing: a guard against a server that never ends (10,000
/// pages of `ListKeys` are 10 million keys, 100 times KMS's own key quota).
pub const MAX_PAGES: usize = 10_000;

/// How the client reaches KMS and how hard it tries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    /// Region, FIPS / dual-stack, or a custom URL.
    pub endpoint: EndpointConfig,
    /// Retry policy.
    pub retry: RetryPolicy,
    /// Per-request timeout in milliseconds (the transport enforces it).
    pub timeout_ms: Option<u32>,
    /// How rotation tracking polls.
    pub polling: PollingConfig,
}

impl ClientConfig {
    /// Defaults for an endpoint: 3 attempts, 30 s timeout.
    pub fn new(endpoint: EndpointConfig) -> Self {
        Self {
            endpoint,
            retry: RetryPolicy::default(),
            timeout_ms: Some(30_000),
            polling: PollingConfig::default(),
        }
    }
}

/// How rotation tracking polls `GetKeyRotationStatus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollingConfig {
    /// The first wait, in milliseconds.
    pub initial_delay_ms: u64,
    /// Waits grow by half each poll, up to this.
    pub max_delay_ms: u64,
    /// Give up waiting after this long (the rotation itself goes on in KMS).
    pub timeout_ms: u64,
    /// After an ambiguous rotation failure: how many looks at the key's state (KMS
    /// reads may lag a change by seconds).
    pub confirm_attempts: u32,
    /// Milliseconds before the second look; each later wait doubles (1, 2, 4, 8 s by
    /// default: the looks span 15 s).
    pub confirm_delay_ms: u64,
}

impl Default for PollingConfig {
    fn default() -> Self {
        Self {
            initial_delay_ms: 1000,
            max_delay_ms: 10_000,
            timeout_ms: 30 * 60 * 1000,
            confirm_attempts: 5,
            confirm_delay_ms: 1000,
        }
    }
}

/// Where credentials come from: fixed ones, or a provider that is asked again before
/// they expire (a JS async function, for instance).
pub trait CredentialsProvider {
    /// Current credentials.
    fn provide(&self) -> impl Future<Output = Result<Credentials, Error>>;
}

impl CredentialsProvider for Credentials {
    fn provide(&self) -> impl Future<Output = Result<Credentials, Error>> {
        std::future::ready(Ok(self.clone()))
    }
}

/// A key with everything needed to decide whether it can be rotated.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyRotationReport {
    /// `DescribeKey`'s answer.
    pub metadata: KeyMetadata,
    /// `GetKeyRotationStatus`'s answer, when the key supports it.
    pub status: Option<GetKeyRotationStatusOutput>,
    /// The full history with every key material, when the key supports it.
    pub history: Option<Vec<RotationsListEntry>>,
    /// The verdict.
    pub eligibility: Eligibility,
}

/// A failed attempt sequence: the last error, whether it leaves open that a
/// non-idempotent request was carried out, and when that request was signed.
pub(crate) struct Failure {
    pub(crate) error: Error,
    pub(crate) ambiguous: bool,
    pub(crate) signed_at: Timestamp,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self {
            error,
            ambiguous: false,
            signed_at: Timestamp::default(),
        }
    }
}

/// An operation's request before signing: its name, whether it is idempotent, the key
/// it names (for the Region check), and its JSON body. Built from a typed input, so the
/// input is validated; sent by [`Client::send_prepared`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedRequest {
    operation: &'static str,
    idempotent: bool,
    key: Option<KeyIdentifier>,
    body: Vec<u8>,
}

impl PreparedRequest {
    /// Validates `input` and encodes it.
    pub fn new<O: Operation>(input: &O::Input) -> Result<Self, Error> {
        let key = O::validate(input)?;
        let body = input.to_json().into_bytes();
        Ok(Self {
            operation: O::NAME,
            idempotent: O::IDEMPOTENT,
            key,
            body,
        })
    }
}

/// The KMS client.
///
/// Not `Sync`: it keeps the cached credentials and the learned clock offset in cells,
/// which suits browsers and single-threaded runtimes.
#[derive(Debug)]
pub struct Client<T, C, P = Credentials> {
    config: ClientConfig,
    endpoint: Endpoint,
    transport: T,
    clock: C,
    provider: P,
    cached_credentials: RefCell<Option<Credentials>>,
    clock_offset_ms: Cell<i64>,
    jitter_state: Cell<u64>,
}

impl<T: Transport, C: Clock, P: CredentialsProvider> Client<T, C, P> {
    /// A client for `config`. Fails when the endpoint settings are not valid.
    pub fn new(config: ClientConfig, provider: P, transport: T, clock: C) -> Result<Self, Error> {
        let endpoint = config.endpoint.resolve()?;
        let seed = clock.now().epoch_millis().unsigned_abs() | 1;
        Ok(Self {
            config,
            endpoint,
            transport,
            clock,
            provider,
            cached_credentials: RefCell::new(None),
            clock_offset_ms: Cell::new(0),
            jitter_state: Cell::new(seed),
        })
    }

    /// The resolved endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The clock offset learned from the server, in milliseconds (0 until a skew error).
    pub fn clock_offset_ms(&self) -> i64 {
        self.clock_offset_ms.get()
    }

    /// Now, by the local clock corrected with the learned offset.
    pub fn now(&self) -> Timestamp {
        self.clock.now().plus_millis(self.clock_offset_ms.get())
    }

    /// Waits `millis` on the client's clock.
    pub(crate) async fn sleep(&self, millis: u64) {
        self.clock.sleep(millis).await;
    }

    /// Forgets cached credentials, so the provider is asked on the next request.
    pub fn forget_credentials(&self) {
        self.cached_credentials.replace(None);
    }

    // ---- one operation ------------------------------------------------------------------

    /// Runs any operation with the retry policy.
    pub async fn send<O: Operation>(&self, input: &O::Input) -> Result<O::Output, Error> {
        self.execute::<O>(input)
            .await
            .map(|(output, _, _)| output)
            .map_err(|failure| failure.error)
    }

    /// Runs a prepared operation with the retry policy and returns the body of the
    /// successful response (JSON, or empty for operations without output), undecoded:
    /// for callers that hand the wire JSON on, such as the npm package. Not generic, so
    /// that such callers need one copy of the request loop for every operation.
    pub async fn send_prepared(&self, prepared: PreparedRequest) -> Result<Vec<u8>, Error> {
        self.execute_prepared(prepared)
            .await
            .map(|(response, _)| response.body)
            .map_err(|failure| failure.error)
    }

    /// Runs an operation; on success also says when its request was signed and the
    /// request id of the answer.
    pub(crate) async fn execute<O: Operation>(
        &self,
        input: &O::Input,
    ) -> Result<(O::Output, Timestamp, Option<String>), Failure> {
        let (response, signed_at) = self
            .execute_prepared(PreparedRequest::new::<O>(input)?)
            .await?;
        match read_output::<O::Output>(&response) {
            Ok(output) => Ok((output, signed_at, crate::error::request_id_of(&response))),
            Err(error) => Err(Failure {
                error,
                // KMS acted on a request whose answer we cannot read.
                ambiguous: !O::IDEMPOTENT,
                signed_at,
            }),
        }
    }

    async fn execute_prepared(
        &self,
        prepared: PreparedRequest,
    ) -> Result<(HttpResponse, Timestamp), Failure> {
        if let Some(id) = &prepared.key {
            self.check_region(id)?;
        }
        self.execute_raw(
            &KmsJson(prepared.operation),
            prepared.idempotent,
            prepared.body,
        )
        .await
    }

    /// Sends an STS Query request (form body `query`) to the STS endpoint of this
    /// client's Region, with the same credentials, clock correction and retries; the
    /// XML body of the successful answer.
    pub(crate) async fn send_sts(&self, query: &str) -> Result<Vec<u8>, Error> {
        let endpoint = crate::sts::endpoint(&self.config.endpoint)?;
        self.execute_raw(
            &crate::sts::StsQuery(endpoint),
            true,
            query.as_bytes().to_vec(),
        )
        .await
        .map(|(response, _)| response.body)
        .map_err(|failure| failure.error)
    }

    /// Sends one operation's body until it succeeds or the policy gives up; returns the
    /// successful response (a readable JSON body) and when its request was signed.
    /// Not generic, so that the wasm has one copy of the loop, not one per operation.
    async fn execute_raw(
        &self,
        wire: &dyn Wire,
        idempotent: bool,
        body: Vec<u8>,
    ) -> Result<(HttpResponse, Timestamp), Failure> {
        let mut attempt = 1;
        let mut clock_corrected = false;
        let mut credentials_refreshed = false;
        loop {
            let credentials = self.credentials().await?;
            let signed_at = self.now();
            let request = wire
                .build(body.clone(), &credentials, signed_at, self)
                .map_err(Error::from)?;
            let error = match self.transport.send(request).await {
                Ok(response) if (200..300).contains(&response.status) => {
                    match wire.check_body(&response) {
                        Ok(()) => return Ok((response, signed_at)),
                        Err(error) => error,
                    }
                }
                Ok(response) => wire.decode_error(&response),
                Err(error) => Error::Transport(error),
            };

            if !clock_corrected {
                if let Some(offset) = clock_correction(&error, signed_at) {
                    clock_corrected = true;
                    self.clock_offset_ms
                        .set(self.clock_offset_ms.get().saturating_add(offset));
                    continue;
                }
            }
            if !credentials_refreshed && self.is_expired_token(&error) {
                // The provider may have newer credentials than the ones we cached.
                credentials_refreshed = true;
                self.forget_credentials();
                let fresh = self.credentials().await?;
                if fresh.access_key_id() != credentials.access_key_id()
                    || fresh.session_token() != credentials.session_token()
                {
                    continue;
                }
            }
            match self
                .config
                .retry
                .decide(idempotent, &error, attempt, self.jitter())
            {
                Decision::RetryAfter(millis) => {
                    self.clock.sleep(millis).await;
                    attempt += 1;
                }
                Decision::CheckOutcome => {
                    return Err(Failure {
                        error,
                        ambiguous: true,
                        signed_at,
                    });
                }
                Decision::GiveUp => {
                    return Err(Failure {
                        error,
                        ambiguous: false,
                        signed_at,
                    })
                }
            }
        }
    }

    fn is_expired_token(&self, error: &Error) -> bool {
        error.code().is_some_and(|code| {
            *code == crate::error::ErrorCode::ExpiredTokenException
                || code.as_str() == "ExpiredToken"
        })
    }

    fn check_region(&self, id: &KeyIdentifier) -> Result<(), Error> {
        check_region_matches(id, &self.endpoint.signing_region).map_err(Error::from)
    }

    async fn credentials(&self) -> Result<Credentials, Error> {
        let now = self.now();
        let fresh_enough = |credentials: &Credentials| {
            credentials
                .expiration()
                .is_none_or(|expiry| expiry.millis_since(now) > REFRESH_BEFORE_EXPIRY_MS)
        };
        if let Some(cached) = self.cached_credentials.borrow().as_ref() {
            if fresh_enough(cached) {
                return Ok(cached.clone());
            }
        }
        let provided = self.provider.provide().await?;
        if let Some(expiry) = provided.expiration() {
            if expiry <= now {
                return Err(Error::Credentials(format!(
                    "the credentials for {} expired {} minutes ago; get fresh ones and sign in again",
                    provided.access_key_id(),
                    now.millis_since(expiry) / 60_000
                )));
            }
        }
        self.cached_credentials.replace(Some(provided.clone()));
        Ok(provided)
    }

    /// A pseudo-random number in [0, 1) for backoff jitter (xorshift64; jitter need not
    /// be unpredictable, only spread).
    fn jitter(&self) -> f64 {
        let mut x = self.jitter_state.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.jitter_state.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    // ---- typed operations ---------------------------------------------------------------

    /// `GetKeyRotationStatus`.
    pub async fn get_key_rotation_status(
        &self,
        key_id: &str,
    ) -> Result<GetKeyRotationStatusOutput, Error> {
        let input = GetKeyRotationStatusInput {
            key_id: key_id.to_owned(),
        };
        self.send::<GetKeyRotationStatus>(&input).await
    }

    /// `ListKeyRotations`: one page.
    pub async fn list_key_rotations(
        &self,
        input: &ListKeyRotationsInput,
    ) -> Result<ListKeyRotationsOutput, Error> {
        self.send::<ListKeyRotations>(input).await
    }

    /// `ListKeys`: one page.
    pub async fn list_keys(&self, input: &ListKeysInput) -> Result<ListKeysOutput, Error> {
        self.send::<ListKeys>(input).await
    }

    /// `DescribeKey` by key ID, key ARN, alias name or alias ARN.
    pub async fn describe_key(&self, key_id: &str) -> Result<KeyMetadata, Error> {
        let input = DescribeKeyInput {
            key_id: key_id.to_owned(),
        };
        crate::ops::key_metadata(self.send::<DescribeKey>(&input).await?)
    }

    /// `ListAliases`: one page.
    pub async fn list_aliases(&self, input: &ListAliasesInput) -> Result<ListAliasesOutput, Error> {
        self.send::<ListAliases>(input).await
    }

    /// `EnableKeyRotation`, optionally with a period of 90–2560 days.
    pub async fn enable_key_rotation(
        &self,
        key_id: &str,
        rotation_period_in_days: Option<u32>,
    ) -> Result<(), Error> {
        let input = EnableKeyRotationInput {
            key_id: key_id.to_owned(),
            rotation_period_in_days,
        };
        self.send::<EnableKeyRotation>(&input).await.map(drop)
    }

    /// `DisableKeyRotation`.
    pub async fn disable_key_rotation(&self, key_id: &str) -> Result<(), Error> {
        let input = DisableKeyRotationInput {
            key_id: key_id.to_owned(),
        };
        self.send::<DisableKeyRotation>(&input).await.map(drop)
    }

    // ---- pagination ---------------------------------------------------------------------

    /// Runs a paginated operation page by page, handing each page to `on_page`; stops
    /// when the last page is read or `on_page` returns false.
    ///
    /// A listing that would never end is an [`Error::Response`], after the page that
    /// shows it was handed over: a `Truncated` page without a `NextMarker`, a
    /// `NextMarker` that came before, or more than [`MAX_PAGES`] pages.
    pub async fn for_each_page<O: Paginated>(
        &self,
        mut input: O::Input,
        mut on_page: impl FnMut(O::Output) -> bool,
    ) -> Result<(), Error> {
        /// Not retryable (HTTP 200, readable): the same endpoint would page the same way.
        /// One `format!` for the three cases: the npm package's size budget counts each.
        fn endless_listing(operation: &str, problem: &str) -> Error {
            Error::Response(crate::error::ResponseError {
                http_status: 200,
                request_id: None,
                problem: format!(
                    "{operation} {problem}: the list read so far is incomplete; check the \
                     endpoint URL and any proxy in between"
                ),
                body_excerpt: String::new(),
                unreadable: false,
            })
        }

        // A Vec, not a HashSet: no hashing code for the wasm builds to carry, and even
        // MAX_PAGES markers compare quickly enough.
        let mut seen_markers: Vec<String> = Vec::new();
        for _ in 0..MAX_PAGES {
            let output = self.send::<O>(&input).await?;
            let truncated = O::truncated(&output);
            let next = O::next_marker(&output)
                .filter(|marker| !marker.is_empty())
                .map(str::to_owned);
            if !on_page(output) || !truncated {
                return Ok(());
            }
            let Some(marker) = next else {
                return Err(endless_listing(
                    O::NAME,
                    "said Truncated=true without a NextMarker",
                ));
            };
            if seen_markers.contains(&marker) {
                return Err(endless_listing(
                    O::NAME,
                    "returned the same NextMarker twice",
                ));
            }
            seen_markers.push(marker.clone());
            O::set_marker(&mut input, Some(marker));
        }
        // MAX_PAGES written out: a literal costs less wasm than formatting the number.
        Err(endless_listing(
            O::NAME,
            "was still truncated after 10000 pages",
        ))
    }

    /// Every item of a paginated operation.
    pub async fn collect_all<O: Paginated>(&self, input: O::Input) -> Result<Vec<O::Item>, Error> {
        let mut items = Vec::new();
        self.for_each_page::<O>(input, |page| {
            items.extend(O::into_items(page));
            true
        })
        .await?;
        Ok(items)
    }

    /// Every key of the account and Region.
    pub async fn all_keys(&self) -> Result<Vec<KeyListEntry>, Error> {
        self.collect_all::<ListKeys>(ListKeysInput {
            limit: Some(1000),
            marker: None,
        })
        .await
    }

    /// Every alias of the account and Region, or of one key.
    pub async fn all_aliases(&self, key_id: Option<&str>) -> Result<Vec<AliasListEntry>, Error> {
        let input = ListAliasesInput {
            key_id: key_id.map(str::to_owned),
            limit: Some(100),
            marker: None,
        };
        self.collect_all::<ListAliases>(input).await
    }

    /// The whole rotation history of a key.
    pub async fn all_key_rotations(
        &self,
        key_id: &str,
        include_key_material: Option<IncludeKeyMaterial>,
    ) -> Result<Vec<RotationsListEntry>, Error> {
        let input = ListKeyRotationsInput {
            key_id: key_id.to_owned(),
            include_key_material,
            limit: Some(1000),
            marker: None,
        };
        self.collect_all::<ListKeyRotations>(input).await
    }

    /// Sleeps `millis`, unless `stop` yields first: then its error.
    pub(crate) async fn sleep_unless_stopped(
        &self,
        millis: u64,
        mut stop: Pin<&mut impl Future<Output = Error>>,
    ) -> Option<Error> {
        let mut sleep = pin!(self.clock.sleep(millis));
        poll_fn(|cx| {
            if let Poll::Ready(error) = stop.as_mut().poll(cx) {
                return Poll::Ready(Some(error));
            }
            sleep.as_mut().poll(cx).map(|()| None)
        })
        .await
    }

    // ---- eligibility --------------------------------------------------------------------

    /// Reads what decides whether `key_id` can be rotated on demand now, and decides.
    /// Status and history are read only for keys that support them (customer managed
    /// symmetric encryption keys outside custom key stores); for others the metadata
    /// alone decides.
    pub async fn check_rotation_eligibility(
        &self,
        key_id: &str,
    ) -> Result<KeyRotationReport, Error> {
        let metadata = self.describe_key(key_id).await?;
        let (status, history) = self.read_rotation_state(&metadata).await?;
        let eligibility =
            eligibility::check(&metadata, status.as_ref(), history.as_deref(), self.now());
        Ok(KeyRotationReport {
            metadata,
            status,
            history,
            eligibility,
        })
    }
}

/// The future's output if it is ready now, without waiting.
pub(crate) async fn poll_once<T>(future: Pin<&mut impl Future<Output = T>>) -> Option<T> {
    let mut future = future;
    poll_fn(|cx| {
        Poll::Ready(match future.as_mut().poll(cx) {
            Poll::Ready(value) => Some(value),
            Poll::Pending => None,
        })
    })
    .await
}

/// The error to stop a wait with when the caller cancels it.
pub fn cancelled_error() -> Error {
    Error::Transport(TransportError::new(
        TransportErrorKind::Aborted,
        "stopped waiting; the rotation goes on in KMS",
    ))
}

/// The protocol of one request: how it is built and signed, and how its answer is
/// checked. A trait object, so that the request loop exists once and STS's XML reader
/// is linked only into programs that call STS.
pub(crate) trait Wire {
    /// Builds and signs the request with `body`.
    fn build(
        &self,
        body: Vec<u8>,
        credentials: &Credentials,
        time: Timestamp,
        config: &dyn WireContext,
    ) -> Result<crate::transport::HttpRequest, crate::signing::SigningError>;
    /// Checks a successful answer's body before it is returned.
    fn check_body(&self, response: &HttpResponse) -> Result<(), Error>;
    /// Decodes an error answer.
    fn decode_error(&self, response: &HttpResponse) -> Error;
}

/// What a [`Wire`] needs of the client: its KMS endpoint and timeout.
pub(crate) trait WireContext {
    /// The KMS endpoint.
    fn kms_endpoint(&self) -> &Endpoint;
    /// The request timeout.
    fn timeout_ms(&self) -> Option<u32>;
}

impl<T: Transport, C: Clock, P: CredentialsProvider> WireContext for Client<T, C, P> {
    fn kms_endpoint(&self) -> &Endpoint {
        &self.endpoint
    }
    fn timeout_ms(&self) -> Option<u32> {
        self.config.timeout_ms
    }
}

/// KMS's JSON 1.1 protocol, for one operation.
struct KmsJson(&'static str);

impl Wire for KmsJson {
    fn build(
        &self,
        body: Vec<u8>,
        credentials: &Credentials,
        time: Timestamp,
        client: &dyn WireContext,
    ) -> Result<crate::transport::HttpRequest, crate::signing::SigningError> {
        build_request(
            self.0,
            body,
            client.kms_endpoint(),
            credentials,
            time,
            client.timeout_ms(),
        )
    }
    fn check_body(&self, response: &HttpResponse) -> Result<(), Error> {
        check_json_body(response)
    }
    fn decode_error(&self, response: &HttpResponse) -> Error {
        decode_error_response(response)
    }
}
