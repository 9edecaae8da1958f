//! The inventory load against a small in-memory KMS: every key read once, with the
//! reads its kind needs; the keys in focus first; pages followed; a session failure
//! ends the load; requests paced within the quotas.

use crate::replay::{config, credentials, operation_of, run, VirtualClock, START};
use kms_core::client::Client;
use kms_core::error::{Error, ErrorCode};
use kms_core::inventory::{Focus, InventoryProgress, InventorySink, KeyRead};
use kms_core::model::{AliasListEntry, KeyListEntry};
use kms_core::quota::Paced;
use kms_core::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A key of the fake Region.
struct FakeKey {
    id: String,
    alias: Option<String>,
    /// "customer", "aws" (AWS managed) or "rsa" (customer managed, asymmetric).
    kind: &'static str,
    rotations: usize,
}

/// KMS for one Region, answering the five reads an inventory makes.
#[derive(Default)]
struct FakeKms {
    keys: Vec<FakeKey>,
    /// Key IDs whose DescribeKey answers with this error code.
    failing: HashMap<String, &'static str>,
    /// ListAliases answers AccessDeniedException.
    aliases_denied: bool,
    /// Operation and key ID (if any) of each request, in order, with the clock.
    log: RefCell<Vec<(String, Option<String>, i64)>>,
    clock: Option<&'static VirtualClock>,
}

fn key_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

impl FakeKms {
    /// `count` keys: every fifth AWS managed, every seventh RSA, the rest customer
    /// managed symmetric; keys with an even number have an alias, in reverse order.
    fn with_keys(count: usize) -> Self {
        let keys = (0..count)
            .map(|n| FakeKey {
                id: key_id(n),
                alias: (n % 2 == 0).then(|| format!("alias/k{:05}", count - n)),
                kind: if n % 5 == 0 {
                    "aws"
                } else if n % 7 == 0 {
                    "rsa"
                } else {
                    "customer"
                },
                rotations: n % 3,
            })
            .collect();
        Self {
            keys,
            ..Self::default()
        }
    }

    fn key(&self, id: &str) -> Option<&FakeKey> {
        self.keys.iter().find(|key| key.id == id)
    }

    fn described(&self) -> Vec<String> {
        self.requests("DescribeKey")
    }

    fn requests(&self, operation: &str) -> Vec<String> {
        self.log
            .borrow()
            .iter()
            .filter(|(op, _, _)| op == operation)
            .filter_map(|(_, id, _)| id.clone())
            .collect()
    }

    fn answer(&self, operation: &str, body: &Value) -> (u16, Value) {
        let page = |items: Vec<Value>, limit: usize, field: &str| {
            let start: usize = body["Marker"].as_str().map_or(0, |m| m.parse().unwrap());
            let end = (start + limit).min(items.len());
            let mut out =
                json!({ field: items[start..end].to_vec(), "Truncated": end < items.len() });
            if end < items.len() {
                out["NextMarker"] = json!(end.to_string());
            }
            out
        };
        let limit = body["Limit"].as_u64().unwrap_or(100) as usize;
        let key = body["KeyId"].as_str().map(|id| (id, self.key(id)));
        match (operation, key) {
            ("ListKeys", _) => {
                let items = self
                    .keys
                    .iter()
                    .map(|k| json!({"KeyId": k.id, "KeyArn": format!("arn:aws:kms:us-east-1:111122223333:key/{}", k.id)}))
                    .collect();
                (200, page(items, limit, "Keys"))
            }
            ("ListAliases", _) if self.aliases_denied => (
                400,
                json!({"__type": "AccessDeniedException", "message": "not allowed: kms:ListAliases"}),
            ),
            ("ListAliases", _) => {
                let items = self
                    .keys
                    .iter()
                    .filter_map(|k| {
                        let alias = k.alias.as_ref()?;
                        Some(json!({"AliasName": alias, "TargetKeyId": k.id}))
                    })
                    .collect();
                (200, page(items, limit, "Aliases"))
            }
            (_, Some((id, None))) => (
                400,
                json!({"__type": "NotFoundException", "message": format!("Key '{id}' does not exist")}),
            ),
            ("DescribeKey", Some((id, Some(key)))) => {
                if let Some(code) = self.failing.get(id) {
                    return (400, json!({"__type": code, "message": "refused"}));
                }
                let (manager, spec) = match key.kind {
                    "aws" => ("AWS", "SYMMETRIC_DEFAULT"),
                    "rsa" => ("CUSTOMER", "RSA_2048"),
                    _ => ("CUSTOMER", "SYMMETRIC_DEFAULT"),
                };
                let usage = if spec == "RSA_2048" {
                    "SIGN_VERIFY"
                } else {
                    "ENCRYPT_DECRYPT"
                };
                (
                    200,
                    json!({"KeyMetadata": {
                        "KeyId": key.id, "AWSAccountId": "111122223333",
                        "Arn": format!("arn:aws:kms:us-east-1:111122223333:key/{}", key.id),
                        "KeyState": "Enabled", "Enabled": true, "KeyManager": manager,
                        "KeySpec": spec, "KeyUsage": usage, "Origin": "AWS_KMS",
                        "CreationDate": 1.7e9
                    }}),
                )
            }
            ("GetKeyRotationStatus", Some((_, Some(key)))) => (
                200,
                json!({"KeyRotationEnabled": key.kind == "aws", "OnDemandRotationStartDate": null}),
            ),
            ("ListKeyRotations", Some((id, Some(key)))) => {
                let items = (0..key.rotations)
                    .map(|n| json!({"KeyId": id, "RotationDate": 1.7e9 + n as f64, "RotationType": "ON_DEMAND"}))
                    .collect();
                (200, page(items, 1, "Rotations"))
            }
            _ => (400, json!({"__type": "UnsupportedOperationException"})),
        }
    }
}

impl Transport for FakeKms {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let operation = operation_of(&request);
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let now = self.clock.map_or(0, |clock| {
            kms_core::transport::Clock::now(clock).epoch_millis()
        });
        self.log.borrow_mut().push((
            operation.clone(),
            body["KeyId"].as_str().map(str::to_owned),
            now,
        ));
        let (status, reply) = self.answer(&operation, &body);
        Ok(HttpResponse::new(status, reply.to_string()))
    }
}

/// Everything the sink was told, and a focus it may change as reads come.
#[derive(Default)]
struct Recorder {
    listed: Vec<KeyListEntry>,
    aliases: Vec<AliasListEntry>,
    reads: Vec<(String, &'static str)>,
    last: InventoryProgress,
    /// After this many reads, set the focus to these keys.
    refocus: Option<(usize, Focus, Vec<String>)>,
    stop_after: Option<usize>,
}

impl InventorySink for Recorder {
    fn keys_listed(&mut self, keys: Vec<KeyListEntry>) {
        self.listed.extend(keys);
    }
    fn aliases_listed(&mut self, aliases: Vec<AliasListEntry>) {
        self.aliases.extend(aliases);
    }
    fn key_read(&mut self, key_id: &str, read: KeyRead) {
        let kind = match &read {
            KeyRead::Described(_) => "described",
            KeyRead::Rotation {
                history: Some(_), ..
            } => "status+history",
            KeyRead::Rotation { .. } => "status",
            KeyRead::Failed(_) => "failed",
        };
        self.reads.push((key_id.to_owned(), kind));
        if let Some((after, focus, keys)) = &self.refocus {
            if self.reads.len() == *after {
                focus.set(keys.clone());
            }
        }
    }
    fn progress(&mut self, progress: &InventoryProgress) {
        self.last = *progress;
    }
    fn cancelled(&self) -> bool {
        self.stop_after.is_some_and(|n| self.reads.len() >= n)
    }
}

fn load(
    kms: &FakeKms,
    focus: &Focus,
    concurrency: usize,
    sink: &mut Recorder,
) -> Result<InventoryProgress, Error> {
    let clock = VirtualClock::at(START);
    let client = Client::new(config(), credentials(), kms, &clock).unwrap();
    run(client.load_inventory(focus, concurrency, sink))
}

#[test]
fn every_key_is_read_once_with_the_reads_its_kind_needs() {
    let kms = FakeKms::with_keys(2500);
    let mut sink = Recorder::default();
    let done = load(&kms, &Focus::default(), 16, &mut sink).unwrap();
    assert_eq!(
        sink.listed.len(),
        2500,
        "ListKeys followed to its last page"
    );
    assert_eq!(
        sink.aliases.len(),
        1250,
        "ListAliases followed to its last page"
    );
    let mut described = kms.described();
    described.sort();
    described.dedup();
    assert_eq!(described.len(), 2500, "each key described exactly once");
    assert_eq!(kms.described().len(), 2500);
    for key in &kms.keys {
        let reads: Vec<&str> = sink
            .reads
            .iter()
            .filter(|(id, _)| *id == key.id)
            .map(|(_, kind)| *kind)
            .collect();
        let expected: &[&str] = match key.kind {
            "aws" => &["described", "status"],
            "rsa" => &["described"],
            _ => &["described", "status+history"],
        };
        assert_eq!(reads, expected, "{} ({})", key.id, key.kind);
    }
    // Histories of two entries take two pages: both read.
    let two = kms
        .keys
        .iter()
        .find(|k| k.kind == "customer" && k.rotations == 2)
        .unwrap();
    assert_eq!(
        kms.requests("ListKeyRotations")
            .iter()
            .filter(|id| **id == two.id)
            .count(),
        2
    );
    assert_eq!(done.done, 2500);
    assert!(done.listing_done);
    assert_eq!(sink.last, done);
}

#[test]
fn keys_with_aliases_come_first_in_alias_order() {
    let kms = FakeKms::with_keys(40);
    let mut sink = Recorder::default();
    load(&kms, &Focus::default(), 1, &mut sink).unwrap();
    let described = kms.described();
    // Even keys have aliases, in reverse order of their number.
    let expected_start: Vec<String> = (0..20).rev().map(|n| key_id(2 * n)).collect();
    assert_eq!(described[..20], expected_start[..]);
    let expected_rest: Vec<String> = (0..20).map(|n| key_id(2 * n + 1)).collect();
    assert_eq!(described[20..], expected_rest[..]);
}

#[test]
fn the_keys_in_focus_are_read_first_and_a_new_focus_at_once() {
    let kms = FakeKms::with_keys(300);
    let focus = Focus::default();
    // The user has a filter that matches keys 297, 151 and 3 (none of them early in
    // the default order), and keys 297 and 151 are on screen.
    focus.set(vec![key_id(297), key_id(151), key_id(3)]);
    let mut sink = Recorder {
        // After the fourth read, the user opens key 299.
        refocus: Some((4, focus.clone(), vec![key_id(299), key_id(3)])),
        ..Recorder::default()
    };
    load(&kms, &focus, 1, &mut sink).unwrap();
    let described = kms.described();
    assert_eq!(described[..3], [key_id(297), key_id(151), key_id(299)]);
    assert_eq!(described[3], key_id(3));
    // Then the default order, without the keys read already.
    assert_eq!(described[4], key_id(298));
    assert_eq!(described.len(), 300);
    // A key in focus is read completely (status and history) before the next starts.
    let first: Vec<&str> = sink.reads[..2].iter().map(|(_, kind)| *kind).collect();
    assert_eq!(first, ["described", "status+history"]);
}

#[test]
fn a_failed_key_does_not_stop_the_others_and_an_expired_session_does() {
    let mut kms = FakeKms::with_keys(30);
    kms.failing.insert(key_id(4), "AccessDeniedException");
    let mut sink = Recorder::default();
    load(&kms, &Focus::default(), 4, &mut sink).unwrap();
    assert!(sink.reads.contains(&(key_id(4), "failed")));
    assert_eq!(kms.described().len(), 30);

    let mut kms = FakeKms::with_keys(300);
    kms.failing.insert(key_id(10), "ExpiredTokenException");
    let mut sink = Recorder::default();
    let focus = Focus::default();
    focus.set(vec![key_id(10)]);
    let error = load(&kms, &focus, 4, &mut sink).unwrap_err();
    assert!(
        matches!(error.code(), Some(ErrorCode::ExpiredTokenException)),
        "{error:?}"
    );
    assert!(
        kms.described().len() < 10,
        "the load ended: {}",
        kms.described().len()
    );
}

#[test]
fn a_failed_alias_listing_ends_the_load_with_its_error() {
    let kms = FakeKms {
        aliases_denied: true,
        ..FakeKms::with_keys(50)
    };
    let mut sink = Recorder::default();
    let error = load(&kms, &Focus::default(), 4, &mut sink).unwrap_err();
    assert!(
        matches!(error.code(), Some(ErrorCode::AccessDeniedException)),
        "{error:?}"
    );
    assert!(kms.described().len() < 50, "{}", kms.described().len());
}

#[test]
fn a_cancelled_load_sends_nothing_more() {
    let kms = FakeKms::with_keys(300);
    let mut sink = Recorder {
        stop_after: Some(10),
        ..Recorder::default()
    };
    let error = load(&kms, &Focus::default(), 2, &mut sink).unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(kms.described().len() <= 12, "{}", kms.described().len());
}

#[test]
fn paced_reads_stay_within_each_quota() {
    let clock: &'static VirtualClock = Box::leak(Box::new(VirtualClock::at(START)));
    let kms: &'static FakeKms = Box::leak(Box::new(FakeKms {
        clock: Some(clock),
        ..FakeKms::with_keys(600)
    }));
    let client = Client::new(config(), credentials(), Paced::new(kms, clock), clock).unwrap();
    let mut sink = Recorder::default();
    run(client.load_inventory(&Focus::default(), 1, &mut sink)).unwrap();
    // In any second, no operation goes over its quota.
    let log = kms.log.borrow();
    for (operation, quota) in [("ListKeyRotations", 100), ("DescribeKey", 2000)] {
        let times: Vec<i64> = log
            .iter()
            .filter(|(op, _, _)| op == operation)
            .map(|(_, _, t)| *t)
            .collect();
        for (i, t) in times.iter().enumerate() {
            let in_second = times[i..].iter().take_while(|u| **u < t + 1000).count();
            assert!(
                in_second <= quota,
                "{in_second} {operation} within a second"
            );
        }
    }
    let histories = log
        .iter()
        .filter(|(op, _, _)| op == "ListKeyRotations")
        .count();
    let elapsed = log.last().unwrap().2 - START;
    let bound = kms_core::quota::bound_ms([("ListKeyRotations", histories as u64)]);
    assert!(
        elapsed as f64 >= bound * 0.9,
        "{elapsed} ms for {histories}"
    );
    assert!(
        (elapsed as f64) < bound * 1.15,
        "{elapsed} ms, bound {bound}"
    );
}

#[test]
fn each_key_is_read_once_more_focus_first_and_an_expired_session_ends_the_reads() {
    use kms_core::error::ServiceError;
    use kms_core::inventory::read_each_key;
    let keys: Vec<String> = (0..40).map(key_id).collect();
    let focus = Focus::default();
    focus.set(vec![key_id(33), key_id(7)]);
    let failing = |id: &str, code: ErrorCode| {
        Err::<String, _>(Error::Service(ServiceError::new(code, id, 400)))
    };
    let read = |id: String| async move {
        if id == key_id(5) {
            failing(&id, ErrorCode::AccessDeniedException)
        } else {
            Ok(format!("tags of {id}"))
        }
    };
    let mut seen = Vec::new();
    run(read_each_key(
        keys.clone(),
        &focus,
        1,
        read,
        |id, result| seen.push((id.to_owned(), result.is_ok())),
        || false,
    ))
    .unwrap();
    assert_eq!(seen.len(), 40, "every key once, a failed one too");
    assert_eq!(seen[0].0, key_id(33));
    assert_eq!(seen[1].0, key_id(7));
    assert_eq!(seen[2].0, key_id(0), "then the order given");
    assert!(seen.contains(&(key_id(5), false)));

    let expired = |id: String| async move {
        if id == key_id(3) {
            failing(&id, ErrorCode::ExpiredTokenException)
        } else {
            Ok(id)
        }
    };
    let mut count = 0;
    let error = run(read_each_key(
        keys.clone(),
        &Focus::default(),
        1,
        expired,
        |_, _| count += 1,
        || false,
    ))
    .unwrap_err();
    assert!(
        matches!(error.code(), Some(ErrorCode::ExpiredTokenException)),
        "{error:?}"
    );
    assert_eq!(count, 3, "the reads ended at the expired session");

    let mut count = 0;
    let stop = std::cell::Cell::new(false);
    let error = run(read_each_key(
        keys,
        &Focus::default(),
        2,
        |id| async { Ok(id) },
        |_, _| {
            count += 1;
            stop.set(count >= 4)
        },
        || stop.get(),
    ))
    .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(count <= 5, "{count}");
}
