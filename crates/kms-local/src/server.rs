//! The HTTP layer: an axum router that answers KMS JSON 1.1 on `POST /`, the admin API
//! under `/_kms_local/`, and CORS preflights; every response carries
//! `x-amzn-requestid`, `date` and, for allowed origins, the CORS headers.
//!
//! Every request first passes the `Host` check of [`crate::local_only`]; admin calls
//! then its admin checks. A KMS request goes through, in order: method and body size,
//! JSON parsing (`SerializationException`), `X-Amz-Target` (`UnknownOperationException`),
//! an injected clock skew, SigV4 verification, other injected faults, request quotas
//! (`ThrottlingException`), then the operation, under one lock, on a store brought up
//! to date with the store clock.
//!
//! Bodies are read under the limits of `body::read_body`: a declared length over the
//! limit is refused at once (413), and a body must arrive at a minimum rate (408
//! otherwise).

use crate::admin;
use crate::auth::{self, Caller, SignedParts, Verifier};
use crate::body::{close_connection, read_body};
use crate::envelope::{Cors, Envelope};
use crate::error::KmsError;
use crate::faults::{Fault, FaultKind};
use crate::local_only::{self, HostService, Refusal, ADMIN_HEADER};
use crate::ops::{self, common::Input, OpContext, Operation};
use crate::request_log::LogEntry;
use crate::timefmt;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::Response;
use axum::Router;
use kms_core::time::Timestamp;
use std::net::SocketAddr;

pub use crate::admin::{ADMIN_PREFIX, MAX_ADMIN_BODY_BYTES};
pub use crate::app::App;
pub use crate::config::{
    Config, DEFAULT_BODY_GRACE, DEFAULT_CORS_ORIGINS, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
};
pub use crate::envelope::EXPOSED_RESPONSE_HEADERS;

/// The largest KMS request body accepted (KMS's own limit is far lower for these
/// operations).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The request headers a signed KMS request uses (what browsers may send cross-origin).
pub const ALLOWED_REQUEST_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-target",
    "x-amz-user-agent",
    "x-amz-content-sha256",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
];
impl App {
    /// The axum router.
    pub fn router(&self) -> Router {
        Router::new().fallback(handle).with_state(self.clone())
    }
}

/// Whether the connection comes from this machine (in-process requests have no peer).
fn is_local(request: &Request) -> bool {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_none_or(|ConnectInfo(addr)| addr.ip().is_loopback())
}

async fn handle(State(app): State<App>, request: Request) -> Response {
    let envelope = Envelope {
        request_id: uuid::Uuid::new_v4().to_string(),
        date: app.real_now(),
        cors: Cors::of(&app.config, request.headers()),
    };
    let path = request.uri().path().to_owned();
    let is_admin = path.starts_with(ADMIN_PREFIX) || path == ADMIN_PREFIX.trim_end_matches('/');
    let authority = request.uri().authority().map(|a| a.as_str().to_owned());
    if let Err(refusal) =
        local_only::check_host(&app.config, request.headers(), authority.as_deref())
    {
        return refused(&app, &envelope, is_admin, &refusal);
    }
    if request.method() == Method::OPTIONS {
        let approved = if is_admin {
            local_only::admin_preflight_allowed(&app.config, request.headers())
        } else {
            envelope.cors.0.is_some()
        };
        return preflight(&envelope, approved, is_admin);
    }
    if is_admin {
        if !is_local(&request) {
            let refusal = Refusal {
                status: 403,
                message: "the admin API answers only local clients".to_owned(),
            };
            return refused(&app, &envelope, true, &refusal);
        }
        if let Err(refusal) =
            local_only::check_admin(&app.config, request.method(), request.headers())
        {
            return refused(&app, &envelope, true, &refusal);
        }
        return admin::handle(&app, &envelope, request).await;
    }
    // KMS or STS: the per-Region host name says, else the signature's service.
    let regional = local_only::regional_host(request.headers(), authority.as_deref());
    let is_sts = match &regional {
        Some((service, _)) => *service == HostService::Sts,
        None => {
            request
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(auth::scope_service)
                == Some("sts")
        }
    };
    let host_region = regional.map(|(_, region)| region);
    if is_sts {
        return crate::sts::handle(&app, envelope, request, host_region).await;
    }
    kms_request(app, envelope, request, host_region).await
}

/// The answer to a request refused before it was looked at: for the admin API its
/// usual `{"error": ...}`, for the KMS API an error a KMS client can decode.
fn refused(app: &App, envelope: &Envelope, is_admin: bool, refusal: &Refusal) -> Response {
    if app.config.log_requests {
        eprintln!(
            "{} refused status={} request-id={}",
            timefmt::iso8601(envelope.date),
            refusal.status,
            envelope.request_id
        );
    }
    if is_admin {
        let body = serde_json::json!({ "error": refusal.message }).to_string();
        return envelope.response(refusal.status, "application/json", Body::from(body));
    }
    let code = if refusal.status == 421 {
        "MisdirectedRequestException"
    } else {
        "AccessDeniedException"
    };
    envelope.error(&KmsError::framework(code, refusal.message.clone()).with_status(refusal.status))
}

fn preflight(envelope: &Envelope, approved: bool, is_admin: bool) -> Response {
    if !approved {
        return envelope.response(403, "text/plain", Body::from("origin not allowed"));
    }
    let mut response = envelope.response(200, "text/plain", Body::empty());
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, GET, DELETE, OPTIONS"),
    );
    let allowed = if is_admin {
        format!("content-type, {ADMIN_HEADER}")
    } else {
        ALLOWED_REQUEST_HEADERS.join(", ")
    };
    if let Ok(v) = HeaderValue::from_str(&allowed) {
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v);
    }
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}

/// Everything learned about a KMS request, for the log. Until `caller` is set nothing
/// here comes from the request but an operation name kms-local knows.
struct Trace {
    op: String,
    caller: Option<Caller>,
    key_id: Option<String>,
    fault: Option<Fault>,
    /// Whether the operation ran and succeeded (a rotation was spent, a key created...).
    performed: bool,
}

async fn kms_request(
    app: App,
    mut envelope: Envelope,
    request: Request,
    host_region: Option<String>,
) -> Response {
    let arrived = app.real_now();
    let (parts, body) = request.into_parts();
    let mut trace = Trace {
        op: "-".to_owned(),
        caller: None,
        key_id: None,
        fault: None,
        performed: false,
    };
    let body = match read_body(&parts.headers, body, MAX_BODY_BYTES, app.config.body_grace).await {
        Ok(b) => b,
        Err(problem) => {
            let e = KmsError::framework("SerializationException", problem.message())
                .with_status(problem.status());
            let mut response = finish(&app, &envelope, arrived, trace, Err(e));
            close_connection(&mut response);
            return response;
        }
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter_map(|(n, v)| {
            v.to_str()
                .ok()
                .map(|v| (n.as_str().to_owned(), v.to_owned()))
        })
        .collect();
    let target = header_value(&headers, "x-amz-target");
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".to_owned());

    let outcome = run_kms(
        &app,
        &mut envelope,
        &mut trace,
        &parts.method,
        &path_and_query,
        &headers,
        &body,
        target.as_deref(),
        host_region.as_deref(),
    )
    .await;
    finish(&app, &envelope, arrived, trace, outcome)
}

fn header_value(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one request, taken apart once"
)]
async fn run_kms(
    app: &App,
    envelope: &mut Envelope,
    trace: &mut Trace,
    method: &Method,
    path_and_query: &str,
    headers: &[(String, String)],
    body: &Bytes,
    target: Option<&str>,
    host_region: Option<&str>,
) -> Result<Vec<u8>, KmsError> {
    if method != Method::POST {
        return Err(KmsError::framework(
            "UnknownOperationException",
            format!("{method} is not supported; KMS operations are POSTed to /"),
        )
        .with_status(404));
    }
    let input = if body.is_empty() {
        None
    } else {
        Some(Input::parse(body)?)
    };
    let op = target
        .and_then(|t| t.strip_prefix("TrentService."))
        .and_then(Operation::from_name)
        .ok_or_else(|| {
            let mut e = KmsError::framework("UnknownOperationException", "");
            e.message = None;
            e
        })?;
    // A name from kms-local's own list, so safe to log before the signature is checked.
    trace.op = op.name().to_owned();

    // A wrong server clock applies to the signature check and the Date header.
    let skew = app
        .lock()
        .faults
        .take(op, |k| k == FaultKind::ClockSkew)
        .inspect(|f| trace.fault = Some(f.clone()));
    let skew_millis = skew
        .as_ref()
        .and_then(|f| f.seconds)
        .unwrap_or(0)
        .saturating_mul(1000);
    let auth_now = app.real_now().plus_millis(skew_millis);
    envelope.date = auth_now;

    let expiry_now = auth_now.plus_millis(app.lock().clock_offset_millis);
    let lookup = |id: &str| app.principal(id);
    let (caller, _) = auth::verify(
        &SignedParts {
            method: method.as_str(),
            path_and_query,
            headers,
            body,
        },
        &Verifier {
            service: "kms",
            host_region,
            now: auth_now,
            expiry_now,
            lookup: &lookup,
        },
    )?;
    trace.caller = Some(caller.clone());
    // A Region not enabled for the account refuses its credentials, as AWS does
    // (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html).
    if !app
        .lock()
        .estate
        .is_enabled(&caller.account_id, &caller.region)
    {
        return Err(KmsError::framework(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ));
    }
    // Only a signed body may name a key in the log.
    trace.key_id = input.as_ref().and_then(Input::key_id_hint);

    let fault = app.lock().faults.take(op, |k| k != FaultKind::ClockSkew);
    if let Some(f) = &fault {
        trace.fault = Some(f.clone());
        match f.kind {
            FaultKind::Throttle => return Err(throttled()),
            FaultKind::InternalError => return Err(KmsError::internal(
                "KMS encountered an internal error (injected by kms-local). Try the request again.",
            )),
            FaultKind::Unavailable => {
                return Err(KmsError::framework(
                    "ServiceUnavailableException",
                    "Service Unavailable (injected by kms-local)",
                )
                .with_status(503))
            }
            FaultKind::Delay => {
                tokio::time::sleep(std::time::Duration::from_millis(f.ms.unwrap_or(0))).await;
            }
            _ => {}
        }
    }

    let Some(input) = input else {
        return Err(KmsError::malformed_json());
    };
    let mut inner = app.lock();
    if app.config.quotas
        && !inner.quotas.admit(
            op,
            &caller.account_id,
            &caller.region,
            app.real_now().epoch_millis(),
        )
    {
        return Err(throttled());
    }
    let now = app.store_now(&inner);
    inner.store.advance(now);
    let inner = &mut *inner;
    let mut ctx = OpContext {
        store: &mut inner.store,
        wrapping: &mut inner.wrapping,
        caller: &caller,
        now,
        on_demand_millis: app.on_demand_store_millis(),
        resolved_key_id: None,
    };
    let result = ops::dispatch(op, &mut ctx, &input);
    if let Some(id) = ctx.resolved_key_id.take() {
        trace.key_id = Some(id);
    }
    let output = result?;
    trace.performed = true;
    Ok(output.to_string().into_bytes())
}

fn throttled() -> KmsError {
    KmsError::service(
        "ThrottlingException",
        "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.",
    )
}

fn finish(
    app: &App,
    envelope: &Envelope,
    arrived: Timestamp,
    trace: Trace,
    outcome: Result<Vec<u8>, KmsError>,
) -> Response {
    let (status, code) = match &outcome {
        Ok(_) => (200, None),
        Err(e) => (e.status, Some(e.code.to_owned())),
    };
    let fault_kind = trace.fault.as_ref().map(|f| f.kind);
    let entry = LogEntry {
        seq: 0,
        time: timefmt::iso8601(arrived),
        epoch_millis: arrived.epoch_millis(),
        op: trace.op,
        authenticated: trace.caller.is_some(),
        performed: trace.performed,
        account_id: trace.caller.as_ref().map(|c| c.account_id.clone()),
        region: trace.caller.as_ref().map(|c| c.region.clone()),
        key_id: trace.key_id,
        status,
        error_code: code,
        request_id: envelope.request_id.clone(),
        fault: trace.fault.as_ref().map(|f| {
            serde_json::to_value(f.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }),
    };
    let entry = app.lock().log.push(entry);
    if app.config.log_requests {
        eprintln!("{}", entry.line());
    }
    match outcome {
        Err(e) => envelope.error(&e),
        Ok(body) => match fault_kind {
            Some(FaultKind::Truncate) => {
                let half = body.len() / 2;
                envelope.json(200, body.get(..half).unwrap_or_default().to_vec())
            }
            Some(FaultKind::NonJson) => envelope.response(
                200,
                "text/html",
                Body::from("<html><body><h1>502 Bad Gateway</h1><p>injected by kms-local</p></body></html>"),
            ),
            Some(FaultKind::Drop) => {
                let half = body.len() / 2;
                let first = Bytes::copy_from_slice(body.get(..half).unwrap_or_default());
                let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                    Ok(first),
                    Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        "connection dropped by kms-local (injected fault)",
                    )),
                ];
                let mut response = envelope.json(200, Vec::new());
                *response.body_mut() = Body::from_stream(futures::stream::iter(chunks));
                if let Ok(v) = HeaderValue::from_str(&body.len().to_string()) {
                    response.headers_mut().insert(header::CONTENT_LENGTH, v);
                }
                response
            }
            _ => envelope.json(200, body),
        },
    }
}
