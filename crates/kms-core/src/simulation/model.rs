//! A model of KMS's rotation behaviour behind the [`Transport`] seam, with a seeded
//! fault for every request and reads that lag writes.
//!
//! Time is virtual: one cell of milliseconds that the model's requests and the
//! client's sleeps advance. Writes are kept as versions of each key, so a read can be
//! served from the past (KMS is eventually consistent). Every rotation the model
//! performs is logged with the call that sent its request, even when a delayed request
//! acts after the client gave up on it.

use super::rng::Rng;
use crate::time::Timestamp;
use crate::transport::{
    Clock, HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// SigV4 accepts requests dated within five minutes of the server's clock.
const SIGNATURE_WINDOW_MS: i64 = 5 * 60 * 1000;
/// KMS refuses an on-demand rotation when this many were done.
const MAX_ON_DEMAND: usize = 25;

/// The virtual time, shared by the model and the client's clock.
#[derive(Clone, Debug, Default)]
pub(crate) struct VirtualTime(Rc<Cell<i64>>);

impl VirtualTime {
    pub(crate) fn new(start_ms: i64) -> Self {
        Self(Rc::new(Cell::new(start_ms)))
    }
    pub(crate) fn now(&self) -> i64 {
        self.0.get()
    }
    pub(crate) fn advance(&self, ms: i64) {
        self.0.set(self.0.get() + ms.max(0));
    }
}

/// The client's clock: the virtual time, off by a fixed skew. Sleeping advances time.
#[derive(Debug)]
pub(crate) struct SimClock {
    pub(crate) time: VirtualTime,
    pub(crate) skew_ms: i64,
}

impl Clock for SimClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_epoch_millis(self.time.now() + self.skew_ms)
    }
    fn sleep(&self, millis: u64) -> impl std::future::Future<Output = ()> {
        self.time
            .advance(i64::try_from(millis).unwrap_or(i64::MAX / 4));
        std::future::ready(())
    }
}

/// What happens to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Served normally.
    None,
    /// 400 ThrottlingException; nothing done.
    Throttled,
    /// 500 (or 503) before acting.
    ServerErrorBefore(u16),
    /// Acts, then answers 500 (or 503).
    ServerErrorAfter(u16),
    /// The connection drops before the request reaches KMS.
    DroppedBefore,
    /// KMS acts; the connection drops before the answer.
    DroppedAfter,
    /// No connection at all (the one transport failure that proves nothing was sent).
    Refused,
    /// KMS acts; the answer's body is cut short.
    TruncatedAfter,
    /// The answer comes after the client's timeout; KMS acted at once.
    TimeoutAfter,
    /// The request itself is delayed past the timeout and acts this many ms later.
    DelayedPastTimeout(i64),
    /// The request is lost: the client times out, KMS never sees it.
    LostTimeout,
    /// KMS acts; the connection breaks before any answer, and the browser sends the
    /// same request again by itself: the client sees the second answer.
    ResentByBrowser,
}

impl Fault {
    fn acts_now(self) -> bool {
        matches!(
            self,
            Self::None
                | Self::ServerErrorAfter(_)
                | Self::DroppedAfter
                | Self::TruncatedAfter
                | Self::TimeoutAfter
                | Self::ResentByBrowser
        )
    }
}

/// The settings of one schedule's model.
#[derive(Clone, Debug)]
pub(crate) struct FaultProfile {
    /// Chance that a request gets a fault, in [0, 1].
    pub(crate) rate: f64,
    /// Reads may be served from up to this many ms in the past.
    pub(crate) max_lag_ms: i64,
    /// Whether faults may also hit reads (not only RotateKeyOnDemand).
    pub(crate) faults_on_reads: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Material {
    pub(crate) id: String,
    pub(crate) state: &'static str,
    pub(crate) rotation_type: Option<&'static str>,
    pub(crate) date_ms: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeyView {
    pub(crate) materials: Vec<Material>,
    /// (start, end) of the on-demand rotation in progress.
    pub(crate) in_progress: Option<(i64, i64)>,
    pub(crate) external: bool,
}

impl KeyView {
    fn on_demand_count(&self) -> usize {
        self.materials
            .iter()
            .filter(|m| m.rotation_type == Some("ON_DEMAND"))
            .count()
    }
}

#[derive(Debug)]
pub(crate) struct ModelKey {
    pub(crate) key_id: String,
    pub(crate) arn: String,
    /// (write time, view), oldest first.
    versions: Vec<(i64, KeyView)>,
    rotation_ms: i64,
    next_material: usize,
}

impl ModelKey {
    pub(crate) fn new(key_id: &str, view: KeyView, rotation_ms: i64) -> Self {
        let next_material = view.materials.len();
        Self {
            key_id: key_id.to_owned(),
            arn: format!("arn:aws:kms:us-east-1:111122223333:key/{key_id}"),
            versions: vec![(i64::MIN, view)],
            rotation_ms,
            next_material,
        }
    }

    pub(crate) fn latest(&self) -> &KeyView {
        &self.versions[self.versions.len() - 1].1
    }

    /// The view a read `lag_ms` in the past sees.
    fn view_at(&self, time: i64) -> &KeyView {
        self.versions
            .iter()
            .rev()
            .find(|(at, _)| *at <= time)
            .map_or(&self.versions[0].1, |(_, view)| view)
    }

    fn write(&mut self, at: i64, view: KeyView) {
        self.versions.push((at, view));
    }
}

/// A rotation the model performed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Performed {
    pub(crate) key: usize,
    /// The call whose request it was.
    pub(crate) call: u32,
    /// The key material it will make current.
    pub(crate) material_id: String,
}

/// The model KMS.
#[derive(Debug)]
pub(crate) struct ModelKms {
    pub(crate) time: VirtualTime,
    pub(crate) keys: RefCell<Vec<ModelKey>>,
    rng: RefCell<Rng>,
    profile: FaultProfile,
    /// Rotations performed, in order.
    pub(crate) performed: RefCell<Vec<Performed>>,
    /// Requests delayed past the timeout: (when they act, key, call).
    delayed: RefCell<Vec<(i64, usize, u32)>>,
    /// The call now running (tags performed rotations).
    pub(crate) call: Cell<u32>,
    pub(crate) requests: Cell<u64>,
    /// No faults and no lag while set (an inventory read before a job).
    pub(crate) quiet: Cell<bool>,
}

impl ModelKms {
    pub(crate) fn new(
        time: VirtualTime,
        keys: Vec<ModelKey>,
        rng: Rng,
        profile: FaultProfile,
    ) -> Self {
        Self {
            time,
            keys: RefCell::new(keys),
            rng: RefCell::new(rng),
            profile,
            performed: RefCell::new(Vec::new()),
            delayed: RefCell::new(Vec::new()),
            call: Cell::new(0),
            requests: Cell::new(0),
            quiet: Cell::new(false),
        }
    }

    /// A rotation request of `call` still on the wire when its tab closed: it acts at
    /// `at` (at most the signature's validity after it was signed).
    pub(crate) fn in_flight(&self, key: usize, at: i64, call: u32) {
        self.delayed.borrow_mut().push((at, key, call));
    }

    /// Applies everything due by now, in time order: completions of rotations in
    /// progress, and delayed requests that act.
    pub(crate) fn settle(&self) {
        let now = self.time.now();
        loop {
            let completion = self
                .keys
                .borrow()
                .iter()
                .enumerate()
                .filter_map(|(i, k)| k.latest().in_progress.map(|(_, end)| (end, i)))
                .filter(|(end, _)| *end <= now)
                .min();
            let delayed = self
                .delayed
                .borrow()
                .iter()
                .enumerate()
                .filter(|(_, (at, _, _))| *at <= now)
                .min_by_key(|(_, (at, _, _))| *at)
                .map(|(index, (at, _, _))| (*at, index));
            match (completion, delayed) {
                (Some((end, key)), Some((at, _))) if end <= at => self.complete(key, end),
                (Some((end, key)), None) => self.complete(key, end),
                (_, Some((at, index))) => {
                    let (_, key, call) = self.delayed.borrow_mut().remove(index);
                    let _ = self.try_rotate(key, at, call);
                }
                (None, None) => return,
            }
        }
    }

    fn complete(&self, key: usize, end: i64) {
        let mut keys = self.keys.borrow_mut();
        let k = &mut keys[key];
        let mut view = k.latest().clone();
        view.in_progress = None;
        for m in &mut view.materials {
            if m.state == "CURRENT" {
                m.state = "NON_CURRENT";
            }
        }
        if let Some(i) = view
            .materials
            .iter()
            .position(|m| m.state == "PENDING_ROTATION")
        {
            let mut promoted = view.materials.remove(i);
            promoted.state = "CURRENT";
            promoted.rotation_type = Some("ON_DEMAND");
            promoted.date_ms = Some(end);
            view.materials.push(promoted);
        } else {
            let id = material_id(&k.key_id, k.next_material);
            k.next_material += 1;
            view.materials.push(Material {
                id,
                state: "CURRENT",
                rotation_type: Some("ON_DEMAND"),
                date_ms: Some(end),
            });
        }
        k.write(end, view);
    }

    /// `RotateKeyOnDemand`'s rules on the true state, then the rotation.
    fn try_rotate(&self, key: usize, at: i64, call: u32) -> Result<Value, (u16, &'static str)> {
        let mut keys = self.keys.borrow_mut();
        let k = &mut keys[key];
        let view = k.latest();
        if view.in_progress.is_some() {
            return Err((400, "ConflictException"));
        }
        if view.on_demand_count() >= MAX_ON_DEMAND {
            return Err((400, "LimitExceededException"));
        }
        let pending = view
            .materials
            .iter()
            .find(|m| m.state == "PENDING_ROTATION");
        if view.external && pending.is_none() {
            return Err((400, "KMSInvalidStateException"));
        }
        let material_id = match pending {
            Some(m) => m.id.clone(),
            None => material_id(&k.key_id, k.next_material),
        };
        let mut next = view.clone();
        next.in_progress = Some((at, at + k.rotation_ms));
        k.write(at, next);
        self.performed.borrow_mut().push(Performed {
            key,
            call,
            material_id,
        });
        Ok(json!({ "KeyId": k.arn }))
    }

    fn key_index(&self, id: &str) -> Option<usize> {
        self.keys
            .borrow()
            .iter()
            .position(|k| k.key_id == id || k.arn == id)
    }

    fn pick_fault(&self, rotating: bool) -> Fault {
        let mut rng = self.rng.borrow_mut();
        if self.quiet.get()
            || !(rotating || self.profile.faults_on_reads)
            || !rng.chance(self.profile.rate)
        {
            return Fault::None;
        }
        match rng.below(12) {
            0 => Fault::Throttled,
            1 => Fault::ServerErrorBefore(if rng.chance(0.5) { 500 } else { 503 }),
            2 | 3 => Fault::ServerErrorAfter(if rng.chance(0.5) { 500 } else { 503 }),
            4 => Fault::DroppedBefore,
            5 => Fault::DroppedAfter,
            6 => Fault::Refused,
            7 => Fault::TruncatedAfter,
            8 => Fault::TimeoutAfter,
            9 => Fault::DelayedPastTimeout(rng.range(1_000, 30_000)),
            10 => Fault::ResentByBrowser,
            _ => Fault::LostTimeout,
        }
    }

    fn serve(&self, request: &HttpRequest, fault: Fault) -> (u16, Value) {
        let now = self.time.now();
        let operation = request
            .header("x-amz-target")
            .and_then(|t| t.strip_prefix("TrentService."))
            .unwrap_or_default()
            .to_owned();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let key_id = body["KeyId"].as_str().unwrap_or_default();
        let Some(key) = self.key_index(key_id) else {
            return error(400, "NotFoundException");
        };
        // Reads may come from the past; writes always see the present.
        let lag = if self.profile.max_lag_ms > 0 && !self.quiet.get() {
            self.rng.borrow_mut().range(0, self.profile.max_lag_ms)
        } else {
            0
        };
        match operation.as_str() {
            "RotateKeyOnDemand" => {
                debug_assert!(fault.acts_now(), "faults that do not act return before");
                match self.try_rotate(key, now, self.call.get()) {
                    Ok(value) => (200, value),
                    Err((status, code)) => error(status, code),
                }
            }
            "GetKeyRotationStatus" => {
                let keys = self.keys.borrow();
                let k = &keys[key];
                let view = k.view_at(now - lag);
                let mut out = json!({ "KeyId": k.arn, "KeyRotationEnabled": false });
                if let Some((start, _)) = view.in_progress {
                    out["OnDemandRotationStartDate"] = seconds(start);
                }
                (200, out)
            }
            "ListKeyRotations" => {
                let keys = self.keys.borrow();
                let k = &keys[key];
                let view = k.view_at(now - lag);
                let all = body["IncludeKeyMaterial"].as_str() == Some("ALL_KEY_MATERIAL");
                let rotations: Vec<Value> = view
                    .materials
                    .iter()
                    .filter(|m| all || m.rotation_type.is_some())
                    .map(|m| {
                        let mut entry = json!({
                            "KeyId": k.arn,
                            "KeyMaterialId": m.id,
                            "KeyMaterialState": m.state,
                        });
                        if let Some(kind) = m.rotation_type {
                            entry["RotationType"] = json!(kind);
                        }
                        if let Some(date) = m.date_ms {
                            entry["RotationDate"] = seconds(date);
                        }
                        entry
                    })
                    .collect();
                (200, json!({ "Rotations": rotations, "Truncated": false }))
            }
            _ => error(400, "UnknownOperationException"),
        }
    }
}

fn error(status: u16, code: &str) -> (u16, Value) {
    (
        status,
        json!({ "__type": code, "message": format!("model: {code}") }),
    )
}

fn seconds(ms: i64) -> Value {
    json!(ms as f64 / 1000.0)
}

pub(crate) fn material_id(key_id: &str, n: usize) -> String {
    format!("{key_id}-material-{n:02}")
}

/// The transport: every request goes to the model, through its fault.
#[derive(Debug)]
pub(crate) struct SimTransport {
    pub(crate) kms: Rc<ModelKms>,
}

impl Transport for SimTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl std::future::Future<Output = Result<HttpResponse, TransportError>> {
        std::future::ready(self.handle(&request))
    }
}

impl SimTransport {
    fn handle(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let kms = &self.kms;
        kms.requests.set(kms.requests.get() + 1);
        let latency = kms.rng.borrow_mut().range(5, 80);
        kms.time.advance(latency);
        kms.settle();
        let now = kms.time.now();
        let timeout = i64::from(request.timeout_ms.unwrap_or(30_000));
        let rotating = request.header("x-amz-target") == Some("TrentService.RotateKeyOnDemand");
        let fault = kms.pick_fault(rotating);

        // Failures that happen before KMS looks at the request.
        match fault {
            Fault::Refused => return Err(transport(TransportErrorKind::NotConnected)),
            Fault::DroppedBefore => return Err(transport(TransportErrorKind::ConnectionLost)),
            Fault::LostTimeout => {
                kms.time.advance(timeout);
                return Err(transport(TransportErrorKind::TimedOut));
            }
            Fault::DelayedPastTimeout(late) => {
                if rotating {
                    let key = serde_json::from_slice::<Value>(&request.body)
                        .ok()
                        .and_then(|b| b["KeyId"].as_str().and_then(|id| kms.key_index(id)));
                    if let Some(key) = key {
                        kms.delayed
                            .borrow_mut()
                            .push((now + timeout + late, key, kms.call.get()));
                    }
                }
                kms.time.advance(timeout);
                return Err(transport(TransportErrorKind::TimedOut));
            }
            Fault::Throttled => return Ok(response(400, &error(400, "ThrottlingException").1)),
            Fault::ServerErrorBefore(status) => {
                let code = if status == 503 {
                    "ServiceUnavailableException"
                } else {
                    "KMSInternalException"
                };
                return Ok(response(status, &error(status, code).1));
            }
            _ => {}
        }
        // The signature's date: KMS refuses a request dated more than 5 minutes off.
        let signed = request
            .header("x-amz-date")
            .and_then(Timestamp::parse_amz_date)
            .map_or(now, Timestamp::epoch_millis);
        if (signed - now).abs() > SIGNATURE_WINDOW_MS {
            let server = Timestamp::from_epoch_millis(now).to_amz_date();
            let message = format!(
                "Signature expired: {} is now earlier than {} ({server} - 5 min.)",
                Timestamp::from_epoch_millis(signed).to_amz_date(),
                Timestamp::from_epoch_millis(now - SIGNATURE_WINDOW_MS).to_amz_date(),
            );
            let body = json!({ "__type": "InvalidSignatureException", "message": message });
            return Ok(response(400, &body));
        }

        let (mut status, mut body) = kms.serve(request, fault);
        if fault == Fault::ResentByBrowser {
            kms.time.advance(latency);
            (status, body) = kms.serve(request, Fault::None);
        }
        match fault {
            Fault::ServerErrorAfter(status) => {
                let code = if status == 503 {
                    "ServiceUnavailableException"
                } else {
                    "KMSInternalException"
                };
                Ok(response(status, &error(status, code).1))
            }
            Fault::DroppedAfter => Err(transport(TransportErrorKind::ConnectionLost)),
            Fault::TimeoutAfter => {
                kms.time.advance(timeout);
                Err(transport(TransportErrorKind::TimedOut))
            }
            Fault::TruncatedAfter => {
                let mut full = serde_json::to_vec(&body).unwrap_or_default();
                full.truncate(full.len() / 2);
                Ok(HttpResponse::new(status, full))
            }
            _ => Ok(response(status, &body)),
        }
    }
}

fn transport(kind: TransportErrorKind) -> TransportError {
    TransportError::new(kind, "simulated")
}

fn response(status: u16, body: &Value) -> HttpResponse {
    HttpResponse::new(status, serde_json::to_vec(body).unwrap_or_default())
        .with_header("x-amzn-requestid", "sim-request")
}
