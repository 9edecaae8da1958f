//! `WasmClient`: kms-core's client over fetch, with a JS function as its credentials
//! provider. Inputs and outputs cross as JSON in the KMS wire shapes, and `js/client.js`
//! turns their timestamps into `Date`s; the rotation waits' events and result, which the
//! wasm makes itself, cross as objects with `Date`s. Errors cross as `Error`s that the
//! wrapper turns into its subclasses.

use crate::errors::{set, set_some, to_js, tracking_error};
use js_sys::{Function, Object, Promise, Reflect};
use kms_core::client::{Client, ClientConfig, CredentialsProvider, PreparedRequest};
use kms_core::credentials::Credentials;
use kms_core::eligibility::MAX_ON_DEMAND_ROTATIONS;
use kms_core::error::{Error, InputError};
use kms_core::model::{FromJson, RotateKeyOnDemandInput, RotationsListEntry, ToJson};
use kms_core::ops::*;
use kms_core::partition::EndpointConfig;
use kms_core::retry::RetryPolicy;
use kms_core::rotation::{CompletedRotation, RotationProgress};
use kms_core::time::Timestamp;
use kms_fetch::{AbortSignal, FetchTransport, JsClock, Stop, StopCause};
use serde_json::Value;
use std::cell::Cell;
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::Poll;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

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

/// The raw client behind `KmsClient` (`js/client.js`).
#[wasm_bindgen]
pub struct WasmClient {
    client: Rc<FetchClient>,
}

impl std::fmt::Debug for WasmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client's Debug shows the endpoint; credentials never print.
        f.debug_struct("WasmClient")
            .field("endpoint", &self.client.endpoint().url)
            .finish()
    }
}

/// A future resolving to the JSON text of an operation's output.
type JsonFuture = Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>;

/// Resolves to the future's value, or rejects with its error as a JS `Error`. Takes a
/// boxed future, so that one `future_to_promise` serves every operation (the rotation
/// waits have their own, as their errors may be made before kms-core returns one).
fn promise(future: JsonFuture) -> Promise {
    future_to_promise(async move { future.await.map_err(|error| to_js(&error)) })
}

/// An operation's input, parsed from its JSON and read by its shape's `FromJson`
/// (declared once in kms-core's model) rather than through `Deserialize` derives, which
/// would cost kilobytes of wasm per input shape.
struct Input(Value);

impl Input {
    fn parse(json: &str) -> Result<Self, Error> {
        match serde_json::from_slice(json.as_bytes()) {
            Ok(value @ Value::Object(_)) => Ok(Self(value)),
            _ => Err(Error::Input(InputError::invalid(
                "input",
                "must be an object with the operation's members",
            ))),
        }
    }

    /// The input shape `T`; a member of the wrong type is an input error naming it.
    fn read<T: FromJson>(&self) -> Result<T, Error> {
        T::from_json(&self.0).map_err(|error| {
            Error::Input(InputError::invalid(
                error.member(),
                format!("must be {}", error.expected_type()),
            ))
        })
    }

    /// The request for `O` with these members, validated.
    fn prepare<O: Operation>(&self) -> Result<PreparedRequest, Error>
    where
        O::Input: FromJson,
    {
        PreparedRequest::new::<O>(&self.read::<O::Input>()?)
    }

    /// The request for the operation named `operation`.
    fn prepare_named(&self, operation: &str) -> Result<PreparedRequest, Error> {
        macro_rules! dispatch {
            ($($op:ident)+) => {
                match operation {
                    $($op::NAME => self.prepare::<$op>(),)+
                    _ => Err(Error::Input(InputError::invalid(
                        "operation",
                        "not an operation of this client",
                    ))),
                }
            };
        }
        kms_core::with_operations!(dispatch)
    }
}

/// A JS `Date` at `at`.
fn date(at: Timestamp) -> JsValue {
    js_sys::Date::new(&JsValue::from_f64(at.epoch_millis() as f64)).into()
}

/// A history entry in the wire shape, with `Date`s. Built as a JS object rather than
/// as JSON: writing fractional epoch seconds would bring serde_json's float formatter
/// and its 10 KB table into the wasm for these few timestamps.
fn rotation_to_js(entry: &RotationsListEntry) -> JsValue {
    let out: JsValue = Object::new().into();
    set_some(&out, "KeyId", entry.key_id.as_deref());
    set_some(&out, "KeyMaterialId", entry.key_material_id.as_deref());
    set_some(
        &out,
        "KeyMaterialDescription",
        entry.key_material_description.as_deref(),
    );
    set_some(
        &out,
        "ImportState",
        entry.import_state.as_ref().map(|v| v.as_str()),
    );
    set_some(
        &out,
        "KeyMaterialState",
        entry.key_material_state.as_ref().map(|v| v.as_str()),
    );
    set_some(
        &out,
        "ExpirationModel",
        entry.expiration_model.as_ref().map(|v| v.as_str()),
    );
    set_some(&out, "ValidTo", entry.valid_to.map(date));
    set_some(&out, "RotationDate", entry.rotation_date.map(date));
    set_some(
        &out,
        "RotationType",
        entry.rotation_type.as_ref().map(|v| v.as_str()),
    );
    out
}

/// What `rotateAndWait` and `waitForRotation` resolve to.
fn rotation_done_to_js(done: &CompletedRotation) -> JsValue {
    let out: JsValue = Object::new().into();
    set(&out, "KeyId", done.key_id.as_str());
    set(&out, "StartedAt", date(done.started_at));
    set(&out, "CompletedAt", date(done.completed_at));
    set(&out, "Rotation", rotation_to_js(&done.entry));
    set(&out, "OnDemandRotationsUsed", done.on_demand_used);
    set(
        &out,
        "OnDemandRotationsRemaining",
        MAX_ON_DEMAND_ROTATIONS.saturating_sub(done.on_demand_used),
    );
    out
}

/// One `onProgress` event of `rotateAndWait` or `waitForRotation`: its `Stage` and what the stage knows.
fn progress_to_js(progress: &RotationProgress) -> JsValue {
    let (stage, detail) = match progress {
        RotationProgress::Started { at } => ("STARTED", Some(("StartedAt", date(*at)))),
        RotationProgress::InProgress { since } => {
            ("IN_PROGRESS", Some(("InProgressSince", date(*since))))
        }
        RotationProgress::Completed { entry } => {
            ("COMPLETED", Some(("Rotation", rotation_to_js(entry))))
        }
        _ => ("SETTLING", None),
    };
    let out: JsValue = Object::new().into();
    set(&out, "Stage", stage);
    if let Some((member, value)) = detail {
        set(&out, member, value);
    }
    out
}

#[wasm_bindgen]
impl WasmClient {
    /// A client for `region` (or a custom `endpoint`) with a credentials function; the
    /// wrapper has checked the options' types.
    #[wasm_bindgen(constructor)]
    pub fn new(
        region: String,
        endpoint: Option<String>,
        max_attempts: Option<u32>,
        timeout_ms: Option<u32>,
        fips: bool,
        dual_stack: bool,
        credentials: Function,
    ) -> Result<WasmClient, JsValue> {
        let mut endpoint_config = EndpointConfig::new(region)
            .with_fips(fips)
            .with_dual_stack(dual_stack);
        if let Some(url) = endpoint {
            endpoint_config = endpoint_config.with_custom_url(url);
        }
        let mut config = ClientConfig::new(endpoint_config);
        if let Some(attempts) = max_attempts {
            config.retry = RetryPolicy::with_max_attempts(attempts);
        }
        if timeout_ms.is_some() {
            config.timeout_ms = timeout_ms;
        }
        let client = Client::new(
            config,
            JsProvider(credentials),
            FetchTransport::new(),
            JsClock::new(),
        )
        .map_err(|error| to_js(&error))?;
        Ok(WasmClient {
            client: Rc::new(client),
        })
    }

    /// Runs one operation (`"ListKeys"`, ...) on the JSON of its input; resolves to the
    /// JSON of its output, as KMS sent it.
    pub fn call(&self, operation: &str, input: &str) -> Promise {
        let client = self.client.clone();
        let input = Input::parse(input);
        if operation == RotateKeyOnDemand::NAME {
            // Not as a prepared request: after an ambiguous failure the client confirms
            // the rotation instead of answering with the error.
            return promise(Box::pin(async move {
                let key_id = input?.read::<RotateKeyOnDemandInput>()?.key_id;
                let output = client.rotate_key_on_demand(&key_id).await?;
                Ok(JsValue::from(output.to_json()))
            }));
        }
        let prepared = input.and_then(|input| input.prepare_named(operation));
        promise(Box::pin(async move {
            let body = client.send_prepared(prepared?).await?;
            // Operations without output may answer with an empty body.
            Ok(match String::from_utf8(body) {
                Ok(text) if !text.trim().is_empty() => JsValue::from(text),
                _ => JsValue::from_str("{}"),
            })
        }))
    }

    /// Starts an on-demand rotation and resolves when it has completed. `signal` ends the
    /// waiting early (fired before the rotation request goes out, it prevents the rotation; it never cuts off
    /// the rotation request); `wait_timeout_ms` bounds the waiting from the start of the
    /// rotation. Either way a rotation that has started goes on in KMS, and the promise
    /// rejects with a `KmsRotationTrackingError`.
    #[wasm_bindgen(js_name = rotateAndWait)]
    pub fn rotate_and_wait(
        &self,
        key_id: String,
        on_progress: Option<Function>,
        signal: Option<AbortSignal>,
        wait_timeout_ms: Option<f64>,
    ) -> Promise {
        self.follow(true, key_id, on_progress, signal, wait_timeout_ms)
    }

    /// Follows the rotation in progress (or one that finished moments ago) to completion
    /// without sending one, and resolves as `rotateAndWait` does. `wait_timeout_ms`
    /// bounds the waiting from now.
    #[wasm_bindgen(js_name = waitForRotation)]
    pub fn wait_for_rotation(
        &self,
        key_id: String,
        on_progress: Option<Function>,
        signal: Option<AbortSignal>,
        wait_timeout_ms: Option<f64>,
    ) -> Promise {
        self.follow(false, key_id, on_progress, signal, wait_timeout_ms)
    }

    /// kms-core's `rotate_and_wait` (`rotate`) or `wait_for_rotation`, stopped by the
    /// caller's signal or time limit.
    fn follow(
        &self,
        rotate: bool,
        key_id: String,
        on_progress: Option<Function>,
        signal: Option<AbortSignal>,
        wait_timeout_ms: Option<f64>,
    ) -> Promise {
        let client = self.client.clone();
        let wait_timeout_ms = wait_timeout_ms.map(|millis| millis.max(0.0) as u64);
        let stop = Stop::new(signal);
        let stopped = move |cause| match cause {
            StopCause::Aborted => kms_core::client::cancelled_error(),
            _ => Error::WaitTimedOut(wait_timeout_ms.unwrap_or_default()),
        };
        // waitForRotation's `timeoutMs` counts from now; rotateAndWait's from the start of
        // the rotation (which it never prevents).
        if let (Some(millis), false) = (wait_timeout_ms, rotate) {
            stop.time_limit(millis);
        }
        future_to_promise(async move {
            // When the rotation started: KMS accepted ours, or showed one in progress.
            let started = Cell::new(None);
            let report = |progress: &RotationProgress| {
                let at = match progress {
                    RotationProgress::Started { at } => Some(*at),
                    RotationProgress::InProgress { since } => Some(*since),
                    _ => None,
                };
                if started.get().is_none() && at.is_some() {
                    started.set(at);
                    if let (Some(millis), true) = (wait_timeout_ms, rotate) {
                        stop.time_limit(millis);
                    }
                }
                if let Some(callback) = &on_progress {
                    // A throwing callback must not stop the tracking.
                    let _ = callback.call1(&JsValue::NULL, &progress_to_js(progress));
                }
            };
            // kms-core looks at it before sending a rotation and between polls.
            let stop_waiting = async { stopped(stop.fired().await) };
            let mut waiting: Pin<Box<dyn Future<Output = Result<CompletedRotation, Error>>>> =
                if rotate {
                    Box::pin(client.rotate_and_wait(&key_id, report, stop_waiting))
                } else {
                    Box::pin(client.wait_for_rotation(&key_id, None, report, stop_waiting))
                };
            // A stop also ends a read in flight once only reads are left (always, when
            // following; once the rotation request was answered, when rotating): reads
            // are safe to abandon, a rotation request is not.
            let mut fired = pin!(stop.fired());
            let done = poll_fn(|cx| {
                if !rotate || started.get().is_some() {
                    if let Poll::Ready(cause) = fired.as_mut().poll(cx) {
                        let cause = stopped(cause);
                        return Poll::Ready(Err(match started.get() {
                            Some(at) => tracking_error(&key_id, at, &cause),
                            None => to_js(&cause),
                        }));
                    }
                }
                waiting.as_mut().poll(cx).map_err(|error| to_js(&error))
            })
            .await?;
            Ok(rotation_done_to_js(&done))
        })
    }

    /// The clock offset learned from the server, in milliseconds.
    #[wasm_bindgen(getter, js_name = clockOffsetMs)]
    pub fn clock_offset_ms(&self) -> f64 {
        self.client.clock_offset_ms() as f64
    }
}
