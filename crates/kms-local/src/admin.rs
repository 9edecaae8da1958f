//! The admin API, under `/_kms_local/`, for local tools only (no signature): every call
//! carries `X-Kms-Local-Admin: 1`, every call but a `GET` says
//! `Content-Type: application/json`, and browsers may call it only from the configured
//! console origins (see [`crate::local_only`]).
//!
//! | method and path | body | answer |
//! | --- | --- | --- |
//! | `GET /_kms_local/health` | | `{"status":"ok","keys":N}` |
//! | `POST /_kms_local/reset` | empty, or a seed | `{"keys":N}`: the data set is reloaded (the start-up data set when the body is empty); faults, quota counters and the log are cleared |
//! | `GET /_kms_local/faults` | | `{"faults":[...]}` pending faults |
//! | `POST /_kms_local/faults` | a fault or an array of faults | `{"faults":[...]}` |
//! | `DELETE /_kms_local/faults` | | `{"faults":[]}` |
//! | `GET /_kms_local/log[?op=Op][&after=SEQ][&performed=true\|false]` | | `{"entries":[...]}` the request log |
//! | `DELETE /_kms_local/log` | | `{"entries":[]}` |
//! | `GET /_kms_local/keys[?account=A][&region=R]` | | `{"keys":[...]}` key summaries |
//! | `GET /_kms_local/state` | | `{"storeTime":..., "keys":[...], "aliases":[...]}` everything |
//! | `POST /_kms_local/clock` | `{"advanceSeconds":N}` | `{"storeTime":"..."}`: moves the store clock (rotation schedules), not the signature clock, forward by at most 10 years |
//!
//! A fault is `{"kind": "throttle"|"500"|"503"|"delay"|"drop"|"truncate"|"non_json"|"clock_skew",
//! "op"?: "RotateKeyOnDemand", "count"?: 1, "ms"?: 2000, "seconds"?: 900}`.

use crate::app::App;
use crate::body::{close_connection, read_body};
use crate::envelope::Envelope;
use crate::faults::Fault;
use crate::seed::Seed;
use crate::store::Key;
use crate::timefmt;
use axum::extract::Request;
use axum::http::Method;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The admin API's path prefix.
pub const ADMIN_PREFIX: &str = "/_kms_local/";
/// The largest admin request body accepted (a seed with many thousands of keys).
pub const MAX_ADMIN_BODY_BYTES: usize = 64 * 1024 * 1024;
/// A key as the admin API shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct KeySummary {
    account_id: String,
    region: String,
    key_id: String,
    arn: String,
    description: String,
    key_state: String,
    key_spec: String,
    key_usage: String,
    origin: String,
    key_manager: String,
    multi_region_role: Option<String>,
    rotation_enabled: bool,
    rotation_period_in_days: u32,
    next_rotation_date: Option<String>,
    on_demand_rotations_used: usize,
    on_demand_rotation_in_progress_since: Option<String>,
    on_demand_rotation_completes_at: Option<String>,
    current_key_material_id: Option<String>,
    key_materials: usize,
    aliases: Vec<String>,
}

fn summary(key: &Key, aliases: Vec<String>) -> KeySummary {
    KeySummary {
        account_id: key.account_id.clone(),
        region: key.region.clone(),
        key_id: key.key_id.clone(),
        arn: key.arn(),
        description: key.description.clone(),
        key_state: key.state.to_string(),
        key_spec: key.spec.to_string(),
        key_usage: key.usage.to_string(),
        origin: key.origin.to_string(),
        key_manager: key.manager.to_string(),
        multi_region_role: key.multi_region.as_ref().map(|m| m.role.to_string()),
        rotation_enabled: key.rotation_enabled,
        rotation_period_in_days: key.rotation_period_days,
        next_rotation_date: key.next_rotation.map(timefmt::iso8601),
        on_demand_rotations_used: key.on_demand_count(),
        on_demand_rotation_in_progress_since: key.on_demand.map(|(s, _)| timefmt::iso8601(s)),
        on_demand_rotation_completes_at: key.on_demand.map(|(_, e)| timefmt::iso8601(e)),
        current_key_material_id: key.current_material().map(|m| m.id.clone()),
        key_materials: key.materials.len(),
        aliases,
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FaultsBody {
    One(Fault),
    Many(Vec<Fault>),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockBody {
    advance_seconds: i64,
}

/// The furthest one clock call moves the store clock: 10 years. Automatic rotation
/// periods are at least 90 days, so one call makes at most 41 rotations per key.
pub(crate) const MAX_CLOCK_ADVANCE_SECONDS: i64 = 3653 * 86_400;
/// The furthest the store clock may run ahead of real time, all calls together.
pub(crate) const MAX_CLOCK_OFFSET_SECONDS: i64 = 100 * 366 * 86_400;

/// The store clock offset after advancing `offset_millis` by `seconds`, or why not.
fn advanced_offset(offset_millis: i64, seconds: i64) -> Result<i64, String> {
    if seconds < 0 {
        return Err(format!(
            "advanceSeconds must be 0 or more (got {seconds}): the store clock only moves forward"
        ));
    }
    if seconds > MAX_CLOCK_ADVANCE_SECONDS {
        return Err(format!(
            "advanceSeconds must be at most {MAX_CLOCK_ADVANCE_SECONDS} (10 years) per call (got {seconds})"
        ));
    }
    let offset = offset_millis.saturating_add(seconds.saturating_mul(1000));
    if offset > MAX_CLOCK_OFFSET_SECONDS.saturating_mul(1000) {
        return Err(format!(
            "the store clock may run at most {MAX_CLOCK_OFFSET_SECONDS} seconds (100 years) ahead of real time; POST /_kms_local/reset puts it back"
        ));
    }
    Ok(offset)
}

fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

fn ok(envelope: &Envelope, value: Value) -> Response {
    envelope.response(200, "application/json", value.to_string().into())
}

fn bad(envelope: &Envelope, status: u16, message: impl std::fmt::Display) -> Response {
    envelope.response(
        status,
        "application/json",
        json!({ "error": message.to_string() }).to_string().into(),
    )
}

/// Answers an admin request.
pub(crate) async fn handle(app: &App, envelope: &Envelope, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let route = path
        .strip_prefix(ADMIN_PREFIX)
        .unwrap_or_default()
        .trim_end_matches('/');
    let headers = request.headers().clone();
    let body = match read_body(
        &headers,
        request.into_body(),
        MAX_ADMIN_BODY_BYTES,
        app.config.body_grace,
    )
    .await
    {
        Ok(b) => b,
        Err(problem) => {
            let mut response = bad(envelope, problem.status(), problem.message());
            close_connection(&mut response);
            return response;
        }
    };
    match (method, route) {
        (Method::GET, "health") => {
            let n = app.lock().store.key_count();
            ok(envelope, json!({ "status": "ok", "keys": n }))
        }
        (Method::POST, "reset") => {
            let seed = if body.iter().all(u8::is_ascii_whitespace) {
                None
            } else {
                match Seed::from_json(&body) {
                    Ok(s) => Some(s),
                    Err(e) => return bad(envelope, 400, e),
                }
            };
            match app.reset(seed.as_ref()) {
                Ok(n) => ok(envelope, json!({ "keys": n })),
                Err(e) => bad(envelope, 400, e),
            }
        }
        (Method::GET, "faults") => ok(envelope, json!({ "faults": app.lock().faults.list() })),
        (Method::DELETE, "faults") => {
            app.lock().faults.clear();
            ok(envelope, json!({ "faults": [] }))
        }
        (Method::POST, "faults") => {
            let faults = match serde_json::from_slice::<FaultsBody>(&body) {
                Ok(FaultsBody::One(f)) => vec![f],
                Ok(FaultsBody::Many(v)) => v,
                Err(e) => return bad(envelope, 400, format!("not a fault: {e}")),
            };
            if let Some(e) = faults.iter().find_map(|f| f.validate().err()) {
                return bad(envelope, 400, e);
            }
            let mut inner = app.lock();
            for f in faults {
                inner.faults.push(f);
            }
            ok(envelope, json!({ "faults": inner.faults.list() }))
        }
        (Method::GET, "log") => {
            let op = query_param(&query, "op");
            let after = query_param(&query, "after").and_then(|s| s.parse().ok());
            let performed = query_param(&query, "performed").and_then(|s| s.parse().ok());
            let entries = app.lock().log.entries(op.as_deref(), after, performed);
            ok(envelope, json!({ "entries": entries }))
        }
        (Method::DELETE, "log") => {
            app.lock().log.clear();
            ok(envelope, json!({ "entries": [] }))
        }
        (Method::GET, "keys") | (Method::GET, "state") => {
            let account = query_param(&query, "account");
            let region = query_param(&query, "region");
            let mut inner = app.lock();
            let now = app.store_now(&inner);
            inner.store.advance(now);
            let mut keys = Vec::new();
            let mut aliases = Vec::new();
            for ((acc, reg), rs) in inner.store.all() {
                if account.as_ref().is_some_and(|a| a != acc)
                    || region.as_ref().is_some_and(|r| r != reg)
                {
                    continue;
                }
                // One pass over the aliases, not one per key.
                let mut names_by_key: BTreeMap<&str, Vec<String>> = BTreeMap::new();
                for a in rs.aliases.values() {
                    if let Some(target) = &a.target_key_id {
                        names_by_key.entry(target).or_default().push(a.name.clone());
                    }
                }
                for key in rs.keys.values() {
                    let names = names_by_key.remove(key.key_id.as_str()).unwrap_or_default();
                    keys.push(summary(key, names));
                }
                for a in rs.aliases.values() {
                    aliases.push(json!({
                        "accountId": acc, "region": reg, "aliasName": a.name,
                        "targetKeyId": a.target_key_id,
                    }));
                }
            }
            if route == "keys" {
                ok(envelope, json!({ "keys": keys }))
            } else {
                ok(
                    envelope,
                    json!({
                        "storeTime": timefmt::iso8601(now),
                        "realTime": timefmt::iso8601(app.real_now()),
                        "clockSpeed": app.config.clock_speed,
                        "rotationSeconds": app.config.rotation_millis as f64 / 1000.0,
                        "quotas": app.config.quotas,
                        "corsOrigins": app.config.cors_origins,
                        "keys": keys,
                        "aliases": aliases,
                    }),
                )
            }
        }
        (Method::POST, "clock") => match serde_json::from_slice::<ClockBody>(&body) {
            Ok(c) => {
                let mut inner = app.lock();
                inner.clock_offset_millis =
                    match advanced_offset(inner.clock_offset_millis, c.advance_seconds) {
                        Ok(offset) => offset,
                        Err(e) => return bad(envelope, 400, e),
                    };
                let now = app.store_now(&inner);
                inner.store.advance(now);
                ok(envelope, json!({ "storeTime": timefmt::iso8601(now) }))
            }
            Err(e) => bad(
                envelope,
                400,
                format!("want {{\"advanceSeconds\": N}}: {e}"),
            ),
        },
        _ => bad(envelope, 404, format!("no admin route {path}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_forward_by_at_most_ten_years() {
        assert_eq!(advanced_offset(0, 60), Ok(60_000));
        assert_eq!(advanced_offset(5, 0), Ok(5));
        assert!(advanced_offset(0, -1).unwrap_err().contains("0 or more"));
        assert!(advanced_offset(0, i64::MAX)
            .unwrap_err()
            .contains("10 years"));
        assert!(advanced_offset(0, MAX_CLOCK_ADVANCE_SECONDS).is_ok());
        assert!(advanced_offset(0, MAX_CLOCK_ADVANCE_SECONDS + 1).is_err());
        let near_the_end = (MAX_CLOCK_OFFSET_SECONDS - 1) * 1000;
        assert!(advanced_offset(near_the_end, 2)
            .unwrap_err()
            .contains("100 years"));
    }
}
