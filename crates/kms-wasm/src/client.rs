//! `WasmClient`: kms-core's client over fetch, with a JS function as its credentials
//! provider. Inputs and outputs cross as JSON in the KMS wire shapes; `js/client.js`
//! turns timestamps into `Date`s and errors into `Error` subclasses.

use crate::errors::to_js;
use js_sys::{Function, Promise, Reflect};
use kms_core::client::{Client, ClientConfig, CredentialsProvider, RotationProgress};
use kms_core::credentials::Credentials;
use kms_core::error::{Error, InputError};
use kms_core::key_id::KeyIdentifier;
use kms_core::model::RotationsListEntry;
use kms_core::ops::{
    DescribeKey, DisableKeyRotation, EnableKeyRotation, GetKeyRotationStatus, ListAliases,
    ListKeyRotations, ListKeys, Operation,
};
use kms_core::partition::EndpointConfig;
use kms_core::retry::RetryPolicy;
use kms_core::time::Timestamp;
use kms_fetch::{AbortSignal, FetchTransport, JsClock};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// The options of `new KmsClient(...)` other than `credentials`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    region: String,
    endpoint: Option<String>,
    max_attempts: Option<u32>,
    timeout_ms: Option<u32>,
    #[serde(default)]
    fips: bool,
    #[serde(default)]
    dual_stack: bool,
}

/// Asks a JS function (sync or async) for credentials: an object with `accessKeyId`,
/// `secretAccessKey`, and optionally `sessionToken` and `expiration` (epoch ms).
#[derive(Clone)]
struct JsProvider(Function);

fn text_of(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|v| !v.is_empty())
}

fn message_of(error: &JsValue) -> String {
    text_of(error, "message")
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "it threw a non-Error value".to_owned())
}

impl CredentialsProvider for JsProvider {
    fn provide(&self) -> impl Future<Output = Result<Credentials, Error>> {
        let returned = self.0.call0(&JsValue::UNDEFINED);
        async move {
            let value = match returned {
                Ok(value) => JsFuture::from(Promise::resolve(&value)).await,
                Err(error) => Err(error),
            }
            .map_err(|error| {
                Error::Credentials(format!(
                    "the credentials provider failed: {}",
                    message_of(&error)
                ))
            })?;
            let (Some(id), Some(secret)) = (
                text_of(&value, "accessKeyId"),
                text_of(&value, "secretAccessKey"),
            ) else {
                return Err(Error::Credentials(
                    "the credentials have no accessKeyId or secretAccessKey".to_owned(),
                ));
            };
            let expiration = Reflect::get(&value, &JsValue::from_str("expiration"))
                .ok()
                .and_then(|v| v.as_f64())
                .map(|millis| Timestamp::from_epoch_millis(millis as i64));
            Ok(Credentials::new(
                id,
                secret,
                text_of(&value, "sessionToken"),
                expiration,
            ))
        }
    }
}

type FetchClient = Client<FetchTransport, JsClock, JsProvider>;

struct Shared {
    client: FetchClient,
    config: ClientConfig,
    provider: JsProvider,
}

impl Shared {
    /// A client for one call: its requests and waits end when `signal` fires, and it
    /// waits for rotations at most `wait_timeout_ms`. It asks the provider afresh and
    /// starts from the learned clock offset of none (kms-core has no way to share them).
    fn scoped(
        &self,
        signal: Option<AbortSignal>,
        wait_timeout_ms: Option<u64>,
    ) -> Result<FetchClient, Error> {
        let mut config = self.config.clone();
        if let Some(timeout) = wait_timeout_ms {
            config.polling.timeout_ms = timeout;
        }
        Client::new(
            config,
            self.provider.clone(),
            FetchTransport::with_signal(signal.clone()),
            JsClock::with_signal(signal),
        )
    }
}

/// The raw client behind `KmsClient` (`js/client.js`).
#[wasm_bindgen]
pub struct WasmClient {
    shared: Rc<Shared>,
}

impl std::fmt::Debug for WasmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client's Debug shows the endpoint; credentials never print.
        f.debug_struct("WasmClient")
            .field("endpoint", &self.shared.client.endpoint().url)
            .finish()
    }
}

fn input_error(error: serde_json::Error) -> Error {
    Error::Input(InputError::invalid("input", error.to_string()))
}

fn to_json<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    serde_json::to_string(value)
        .map(JsValue::from)
        .map_err(|error| to_js(&input_error(error)))
}

/// A future resolving to the JSON of an output.
type JsonFuture = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// Resolves to the JSON of the future's output, or rejects with its error. Boxed, so
/// that one `future_to_promise` serves every operation (each instance costs kilobytes).
fn promise<T: Serialize + 'static>(
    future: impl Future<Output = Result<T, Error>> + 'static,
) -> Promise {
    let future: JsonFuture = Box::pin(async move {
        match future.await {
            Ok(value) => to_json(&value),
            Err(error) => Err(to_js(&error)),
        }
    });
    future_to_promise(future)
}

/// An operation whose output is kept as the wire JSON: the JS side parses it, so the
/// wasm needs no decoder and encoder per output shape. Input validation is `O`'s.
struct Wire<O>(PhantomData<O>);

impl<O: Operation> Operation for Wire<O> {
    const NAME: &'static str = O::NAME;
    const IDEMPOTENT: bool = O::IDEMPOTENT;
    type Input = O::Input;
    type Output = Box<RawValue>;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        O::validate(input)
    }
}

/// An operation with its typed output, for the operations rotation tracking and the
/// eligibility check run anyway: their code is in the wasm already, and a `Wire` copy
/// would double it.
async fn run_typed<O>(client: Rc<Shared>, input: String) -> Result<O::Output, Error>
where
    O: Operation,
    O::Input: DeserializeOwned,
{
    let input: O::Input = serde_json::from_str(&input).map_err(input_error)?;
    client.client.send::<O>(&input).await
}

async fn run<O>(client: Rc<Shared>, input: String) -> Result<Box<RawValue>, Error>
where
    O: Operation,
    O::Input: DeserializeOwned,
{
    let input: O::Input = serde_json::from_str(&input).map_err(input_error)?;
    client.client.send::<Wire<O>>(&input).await
}

/// What `rotateAndWait` resolves to.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RotationDone {
    key_id: String,
    started_at: Timestamp,
    completed_at: Timestamp,
    rotation: RotationsListEntry,
    on_demand_rotations_used: u32,
    on_demand_rotations_remaining: u32,
}

/// One `onProgress` event of `rotateAndWait`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Progress<'a> {
    stage: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_progress_since: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rotation: Option<&'a RotationsListEntry>,
}

impl<'a> Progress<'a> {
    fn of(progress: &'a RotationProgress) -> Self {
        let mut event = Progress {
            stage: "SETTLING",
            started_at: None,
            in_progress_since: None,
            rotation: None,
        };
        match progress {
            RotationProgress::Started { at } => {
                event.stage = "STARTED";
                event.started_at = Some(*at);
            }
            RotationProgress::InProgress { since } => {
                event.stage = "IN_PROGRESS";
                event.in_progress_since = Some(*since);
            }
            RotationProgress::Completed { entry } => {
                event.stage = "COMPLETED";
                event.rotation = Some(entry);
            }
            _ => {}
        }
        event
    }
}

/// At most this many on-demand rotations per key, ever.
pub(crate) const ON_DEMAND_LIMIT: u32 = 25;

#[wasm_bindgen]
impl WasmClient {
    /// A client from the JSON of the options and a credentials function.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str, credentials: Function) -> Result<WasmClient, JsValue> {
        let options: Options =
            serde_json::from_str(options).map_err(|error| to_js(&input_error(error)))?;
        let mut endpoint = EndpointConfig::new(options.region)
            .with_fips(options.fips)
            .with_dual_stack(options.dual_stack);
        if let Some(url) = options.endpoint {
            endpoint = endpoint.with_custom_url(url);
        }
        let mut config = ClientConfig::new(endpoint);
        if let Some(attempts) = options.max_attempts {
            config.retry = RetryPolicy::with_max_attempts(attempts);
        }
        if options.timeout_ms.is_some() {
            config.timeout_ms = options.timeout_ms;
        }
        let provider = JsProvider(credentials);
        let client = Client::new(
            config.clone(),
            provider.clone(),
            FetchTransport::new(),
            JsClock::new(),
        )
        .map_err(|error| to_js(&error))?;
        Ok(WasmClient {
            shared: Rc::new(Shared {
                client,
                config,
                provider,
            }),
        })
    }

    /// Runs one operation (`"ListKeys"`, ...) on the JSON of its input; resolves to the
    /// JSON of its output.
    pub fn call(&self, operation: &str, input: String) -> Promise {
        let shared = self.shared.clone();
        match operation {
            "RotateKeyOnDemand" => promise(async move {
                #[derive(Deserialize)]
                struct Input {
                    #[serde(rename = "KeyId", default)]
                    key_id: String,
                }
                let input: Input = serde_json::from_str(&input).map_err(input_error)?;
                shared.client.rotate_key_on_demand(&input.key_id).await
            }),
            "GetKeyRotationStatus" => promise(run_typed::<GetKeyRotationStatus>(shared, input)),
            "ListKeyRotations" => promise(run_typed::<ListKeyRotations>(shared, input)),
            "ListKeys" => promise(run::<ListKeys>(shared, input)),
            "DescribeKey" => promise(run_typed::<DescribeKey>(shared, input)),
            "ListAliases" => promise(run::<ListAliases>(shared, input)),
            "EnableKeyRotation" => promise(run::<EnableKeyRotation>(shared, input)),
            "DisableKeyRotation" => promise(run::<DisableKeyRotation>(shared, input)),
            _ => Promise::reject(&to_js(&Error::Input(InputError::invalid(
                "operation",
                "not an operation of this client",
            )))),
        }
    }

    /// Starts an on-demand rotation and resolves when it has completed.
    #[wasm_bindgen(js_name = rotateAndWait)]
    pub fn rotate_and_wait(
        &self,
        key_id: String,
        on_progress: Option<Function>,
        signal: Option<AbortSignal>,
        wait_timeout_ms: Option<f64>,
    ) -> Promise {
        let shared = self.shared.clone();
        promise(async move {
            let cancelled = signal.clone();
            let wait_timeout_ms = wait_timeout_ms.map(|millis| millis.max(0.0) as u64);
            let client;
            let client = if signal.is_some() || wait_timeout_ms.is_some() {
                client = shared.scoped(signal, wait_timeout_ms)?;
                &client
            } else {
                &shared.client
            };
            let done = client
                .rotate_and_wait(
                    &key_id,
                    |progress| {
                        if let (Some(callback), Ok(json)) =
                            (&on_progress, serde_json::to_string(&Progress::of(progress)))
                        {
                            // A throwing callback must not stop the tracking.
                            let _ = callback.call1(&JsValue::NULL, &JsValue::from(json));
                        }
                    },
                    // Checked whenever the wait wakes; the rotation itself is not cancelled.
                    std::future::poll_fn(|_| {
                        if cancelled.as_ref().is_some_and(AbortSignal::aborted) {
                            std::task::Poll::Ready(kms_core::client::cancelled_error())
                        } else {
                            std::task::Poll::Pending
                        }
                    }),
                )
                .await?;
            Ok(RotationDone {
                key_id: done.key_id,
                started_at: done.started_at,
                completed_at: done.completed_at,
                rotation: done.entry,
                on_demand_rotations_used: done.on_demand_used,
                on_demand_rotations_remaining: ON_DEMAND_LIMIT.saturating_sub(done.on_demand_used),
            })
        })
    }

    /// Reads a key's metadata, rotation status and history, and says whether it can be
    /// rotated on demand now, with every reason why not.
    #[wasm_bindgen(js_name = checkRotationEligibility)]
    pub fn check_rotation_eligibility(&self, key_id: String) -> Promise {
        let shared = self.shared.clone();
        promise(async move {
            let report = shared.client.check_rotation_eligibility(&key_id).await?;
            Ok(crate::eligibility::report(report))
        })
    }

    /// The clock offset learned from the server, in milliseconds.
    #[wasm_bindgen(getter, js_name = clockOffsetMs)]
    pub fn clock_offset_ms(&self) -> f64 {
        self.shared.client.clock_offset_ms() as f64
    }
}
