//! Tags and last use (issue 15): ListResourceTags, TagResource, UntagResource and
//! GetKeyLastUsage against the demo seed, each documented rule once.

use super::{fixture, id, Fixture, MRK, START};
use kms_local::clock::WallClock;
use serde_json::{json, Value};

const DAY_MS: i64 = 86_400_000;

impl Fixture {
    /// A call that must succeed.
    async fn ok(&self, op: &str, body: Value) -> Value {
        self.tick();
        let (status, out) = self.raw(op, body).await;
        assert_eq!(status, 200, "{op}: {out}");
        out
    }

    /// A call that must fail with `code`; its message.
    async fn fails(&self, op: &str, body: Value, code: &str) -> String {
        self.tick();
        let (status, out) = self.raw(op, body).await;
        assert_eq!(status, 400, "{op}: {out}");
        // Framework errors carry a namespace (`com.amazon.coral.service#`).
        let found = out["__type"].as_str().unwrap_or_default();
        assert_eq!(found.rsplit('#').next(), Some(code), "{op}: {out}");
        out["message"].as_str().unwrap_or_default().to_owned()
    }

    /// Every tag of `key`, page by page of `limit`: (tag key, value) pairs and page count.
    async fn all_tags(&self, key: &str, limit: u32) -> (Vec<(String, String)>, usize) {
        let mut tags = Vec::new();
        let mut marker: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut body = json!({"KeyId": key, "Limit": limit});
            if let Some(m) = &marker {
                body["Marker"] = json!(m);
            }
            let out = self.ok("ListResourceTags", body).await;
            pages += 1;
            for t in out["Tags"].as_array().expect("Tags") {
                tags.push((
                    t["TagKey"].as_str().expect("TagKey").to_owned(),
                    t["TagValue"].as_str().expect("TagValue").to_owned(),
                ));
            }
            assert_eq!(out["Truncated"], json!(out.get("NextMarker").is_some()));
            match out["NextMarker"].as_str() {
                Some(m) => marker = Some(m.to_owned()),
                None => return (tags, pages),
            }
        }
    }
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn tags_round_trip_sorted_by_tag_key() {
    let f = fixture();
    let key = id(2);
    assert_eq!(
        f.all_tags(&key, 50).await.0,
        pairs(&[("env", "prod"), ("team", "orders")])
    );
    f.ok(
        "TagResource",
        json!({"KeyId": key, "Tags": [
            {"TagKey": "Purpose", "TagValue": "Test"},
            {"TagKey": "env", "TagValue": "staging"},
            {"TagKey": "empty", "TagValue": ""},
            {"TagKey": "ünïcode key 1", "TagValue": "a+b-c=d.e_f:g/h@i"},
        ]}),
    )
    .await;
    assert_eq!(
        f.all_tags(&format!("arn:aws:kms:us-east-1:111122223333:key/{key}"), 50)
            .await
            .0,
        pairs(&[
            ("Purpose", "Test"),
            ("empty", ""),
            ("env", "staging"),
            ("team", "orders"),
            ("ünïcode key 1", "a+b-c=d.e_f:g/h@i"),
        ])
    );
    // Untagging a tag key the key lacks is no error; tag keys are case-sensitive.
    f.ok(
        "UntagResource",
        json!({"KeyId": key, "TagKeys": ["purpose", "Purpose", "missing", "empty"]}),
    )
    .await;
    assert_eq!(
        f.all_tags(&key, 50).await.0,
        pairs(&[
            ("env", "staging"),
            ("team", "orders"),
            ("ünïcode key 1", "a+b-c=d.e_f:g/h@i")
        ])
    );
    // An empty list changes nothing (the model sets no minimum).
    f.ok("UntagResource", json!({"KeyId": key, "TagKeys": []}))
        .await;
    f.ok("TagResource", json!({"KeyId": key, "Tags": []})).await;
    assert_eq!(f.all_tags(&key, 50).await.0.len(), 3);
}

#[tokio::test]
async fn pages_hold_at_most_50_tags_and_markers_resume() {
    let f = fixture();
    let key = id(5);
    let (all, pages) = f.all_tags(&key, 50).await;
    assert_eq!((all.len(), pages), (50, 1));
    let (paged, pages) = f.all_tags(&key, 7).await;
    assert_eq!((paged.clone(), pages), (all.clone(), 8));
    // Limits above 50 are allowed by the model; a page still holds 50.
    let (big, pages) = f.all_tags(&key, 1000).await;
    assert_eq!((big.len(), pages), (50, 1));
    // Default page: 50.
    let out = f.ok("ListResourceTags", json!({"KeyId": key})).await;
    assert_eq!(out["Tags"].as_array().map(Vec::len), Some(50));
    assert_eq!(out["Truncated"], json!(false));
    // A marker resumes after its tag key even once that tag is gone.
    let first = f
        .ok("ListResourceTags", json!({"KeyId": key, "Limit": 2}))
        .await;
    let marker = first["NextMarker"].as_str().expect("a marker").to_owned();
    f.ok(
        "UntagResource",
        json!({"KeyId": key, "TagKeys": [all[1].0]}),
    )
    .await;
    let next = f
        .ok(
            "ListResourceTags",
            json!({"KeyId": key, "Limit": 1, "Marker": marker}),
        )
        .await;
    assert_eq!(next["Tags"][0]["TagKey"], json!(all[2].0));
    // Markers of another key or list are refused; limits outside the model too.
    f.fails(
        "ListResourceTags",
        json!({"KeyId": id(1), "Marker": marker}),
        "InvalidMarkerException",
    )
    .await;
    let m = f
        .fails(
            "ListResourceTags",
            json!({"KeyId": key, "Limit": 0}),
            "ValidationException",
        )
        .await;
    assert!(m.contains("'limit'"), "{m}");
    f.fails(
        "ListResourceTags",
        json!({"KeyId": key, "Limit": 1001}),
        "ValidationException",
    )
    .await;
    // A key without tags lists none.
    let none = f.ok("ListResourceTags", json!({"KeyId": id(6)})).await;
    assert_eq!(none, json!({"Tags": [], "Truncated": false}));
}

#[tokio::test]
async fn fifty_tags_per_key() {
    let f = fixture();
    let key = id(5);
    let new = json!([{"TagKey": "one-more", "TagValue": "x"}]);
    let m = f
        .fails(
            "TagResource",
            json!({"KeyId": key, "Tags": new}),
            "LimitExceededException",
        )
        .await;
    assert!(m.contains("at most 50"), "{m}");
    // Replacing a value of a key at 50 tags is fine.
    f.ok(
        "TagResource",
        json!({"KeyId": key, "Tags": [{"TagKey": "env", "TagValue": "dev"}]}),
    )
    .await;
    f.ok("UntagResource", json!({"KeyId": key, "TagKeys": ["env"]}))
        .await;
    f.ok("TagResource", json!({"KeyId": key, "Tags": new}))
        .await;
    // 51 new tags on a key with none.
    let many: Vec<Value> = (0..51)
        .map(|i| json!({"TagKey": format!("k{i}"), "TagValue": "v"}))
        .collect();
    f.fails(
        "TagResource",
        json!({"KeyId": id(6), "Tags": many}),
        "LimitExceededException",
    )
    .await;
    assert_eq!(f.all_tags(&id(6), 50).await.0.len(), 0);
}

#[tokio::test]
async fn tag_lengths_are_validation_errors() {
    let f = fixture();
    let key = id(6);
    let long_key = "k".repeat(129);
    let long_value = "v".repeat(257);
    let m = f
        .fails(
            "TagResource",
            json!({"KeyId": key, "Tags": [
                {"TagKey": "", "TagValue": "x"},
                {"TagKey": long_key, "TagValue": long_value},
                {"TagValue": "x"},
                {"TagKey": "x"},
            ]}),
            "ValidationException",
        )
        .await;
    assert!(m.starts_with("5 validation errors detected: "), "{m}");
    for part in [
        "at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128",
        "at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256",
        "Value null at 'tags.3.member.tagKey'",
        "Value null at 'tags.4.member.tagValue'",
    ] {
        assert!(m.contains(part), "{part} in {m}");
    }
    // The longest allowed.
    f.ok(
        "TagResource",
        json!({"KeyId": key, "Tags": [{"TagKey": "k".repeat(128), "TagValue": "é".repeat(256)}]}),
    )
    .await;
    let m = f
        .fails("TagResource", json!({"KeyId": key}), "ValidationException")
        .await;
    assert!(m.contains("Value null at 'tags'"), "{m}");
    let m = f
        .fails(
            "UntagResource",
            json!({"KeyId": key, "TagKeys": ["", long_key]}),
            "ValidationException",
        )
        .await;
    assert!(
        m.contains("'tagKeys.1.member'") && m.contains("'tagKeys.2.member'"),
        "{m}"
    );
    f.fails(
        "UntagResource",
        json!({"KeyId": key}),
        "ValidationException",
    )
    .await;
    // Wrong JSON types are serialization errors.
    f.fails(
        "TagResource",
        json!({"KeyId": key, "Tags": {"a": "b"}}),
        "SerializationException",
    )
    .await;
    f.fails(
        "TagResource",
        json!({"KeyId": key, "Tags": ["a"]}),
        "SerializationException",
    )
    .await;
    f.fails(
        "UntagResource",
        json!({"KeyId": key, "TagKeys": [1]}),
        "SerializationException",
    )
    .await;
}

#[tokio::test]
async fn reserved_prefix_characters_and_duplicates_are_tag_exceptions() {
    let f = fixture();
    let key = id(6);
    let tag = |k: &str, v: &str| json!({"KeyId": key, "Tags": [{"TagKey": k, "TagValue": v}]});
    for reserved in ["aws:cloudformation:stack-name", "AWS:x", "Aws:y"] {
        let m = f
            .fails("TagResource", tag(reserved, "x"), "TagException")
            .await;
        assert!(m.contains("aws:"), "{m}");
        f.fails(
            "UntagResource",
            json!({"KeyId": key, "TagKeys": [reserved]}),
            "TagException",
        )
        .await;
    }
    // A value may start with aws: (the reserved prefix is checked on tag keys), and a key
    // may merely contain it.
    f.ok("TagResource", tag("source", "aws:managed")).await;
    f.ok("TagResource", tag("my-aws:key", "x")).await;
    for bad in ["semi;colon", "star*", "quote\"", "comma,", "hash#"] {
        f.fails("TagResource", tag(bad, "x"), "TagException").await;
        f.fails("TagResource", tag("ok", bad), "TagException").await;
    }
    f.fails(
        "TagResource",
        json!({"KeyId": key, "Tags": [
            {"TagKey": "dup", "TagValue": "1"}, {"TagKey": "dup", "TagValue": "2"}
        ]}),
        "TagException",
    )
    .await;
    // Nothing of a refused request was applied.
    let tags = f.all_tags(&key, 50).await.0;
    assert_eq!(
        tags,
        pairs(&[("my-aws:key", "x"), ("source", "aws:managed")])
    );
}

#[tokio::test]
async fn which_keys_can_be_tagged() {
    let f = fixture();
    let tag = |key: &str| json!({"KeyId": key, "Tags": [{"TagKey": "a", "TagValue": "b"}]});
    let untag = |key: &str| json!({"KeyId": key, "TagKeys": ["team"]});
    // Pending deletion: KMSInvalidStateException; listing still works.
    let m = f
        .fails("TagResource", tag(&id(24)), "KMSInvalidStateException")
        .await;
    assert!(m.ends_with("is pending deletion."), "{m}");
    f.fails("UntagResource", untag(&id(24)), "KMSInvalidStateException")
        .await;
    assert_eq!(
        f.all_tags(&id(24), 50).await.0,
        pairs(&[("team", "legacy")])
    );
    // Disabled, pending import, custom key store, asymmetric, HMAC, replica: fine.
    for key in [id(23), id(22), id(12), id(8), id(10)] {
        f.ok("TagResource", tag(&key)).await;
        f.ok("UntagResource", untag(&key)).await;
    }
    // AWS managed keys cannot be tagged; their (absent) tags can be listed.
    f.fails("TagResource", tag(&id(11)), "AccessDeniedException")
        .await;
    f.fails("UntagResource", untag(&id(11)), "AccessDeniedException")
        .await;
    f.ok("ListResourceTags", json!({"KeyId": id(11)})).await;
    // Key IDs and key ARNs only; not aliases, not other accounts.
    for op in [
        "TagResource",
        "UntagResource",
        "ListResourceTags",
        "GetKeyLastUsage",
    ] {
        let body = |key: &str| json!({"KeyId": key, "Tags": [], "TagKeys": []});
        f.fails(op, body("alias/orders"), "NotFoundException").await;
        f.fails(op, body(&id(99)), "NotFoundException").await;
        f.fails(
            op,
            body(&format!(
                "arn:aws:kms:us-east-1:444455556666:key/{}",
                id(48)
            )),
            "AccessDeniedException",
        )
        .await;
        f.fails(
            op,
            json!({"Tags": [], "TagKeys": []}),
            "ValidationException",
        )
        .await;
    }
}

#[tokio::test]
async fn multi_region_keys_have_tags_per_region() {
    let f = fixture();
    assert_eq!(
        f.all_tags(MRK, 50).await.0,
        pairs(&[("env", "prod"), ("team", "global")])
    );
    let (status, out) = f
        .raw_as(
            "ListResourceTags",
            json!({"KeyId": MRK}).to_string().into_bytes(),
            &super::demo_credentials(),
            "eu-west-1",
            f.clock.now(),
        )
        .await;
    assert_eq!(
        (status, out),
        (200, json!({"Tags": [], "Truncated": false}))
    );
}

/// `GetKeyLastUsage` of `key` in `region` (5 per second: each call moves past the quota
/// second).
async fn last_usage_in(f: &Fixture, region: &str, key: &str) -> Value {
    f.tick();
    let (status, out) = f
        .raw_as(
            "GetKeyLastUsage",
            json!({"KeyId": key}).to_string().into_bytes(),
            &super::demo_credentials(),
            region,
            f.clock.now(),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    out
}

/// A whole-second time as the wire carries it (epoch seconds).
fn secs(ms: i64) -> Value {
    assert_eq!(ms % 1000, 0);
    json!(ms / 1000)
}

#[tokio::test]
async fn last_use_covers_each_documented_case() {
    let f = fixture();
    let now = START;
    let tracking = now - 180 * DAY_MS;
    let created = now - 400 * DAY_MS;
    // Used recently: operation, time, CloudTrail event ID and request ID.
    let out = last_usage_in(&f, "us-east-1", &id(1)).await;
    assert_eq!(
        out,
        json!({
            "KeyId": id(1),
            "KeyLastUsage": {
                "Operation": "Decrypt",
                "Timestamp": secs(now - 90 * 60_000),
                "CloudTrailEventId": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                "KmsRequestId": "5f6e7d8c-9b0a-4f1e-8d2c-3b4a5f6e7d8c",
            },
            "TrackingStartDate": secs(tracking),
            "KeyCreationDate": secs(created),
        })
    );
    // Used long ago (150 days), with derived, UUID-shaped IDs.
    let out = last_usage_in(&f, "us-east-1", &id(2)).await;
    assert_eq!(out["KeyLastUsage"]["Operation"], json!("Encrypt"));
    assert_eq!(out["KeyLastUsage"]["Timestamp"], secs(now - 150 * DAY_MS));
    for member in ["CloudTrailEventId", "KmsRequestId"] {
        assert_eq!(out["KeyLastUsage"][member].as_str().map(str::len), Some(36));
    }
    // Not used since tracking began, created before it: empty object, creation < start.
    let out = last_usage_in(&f, "us-east-1", &id(6)).await;
    assert_eq!(out["KeyLastUsage"], json!({}));
    assert_eq!(out["TrackingStartDate"], secs(tracking));
    assert_eq!(out["KeyCreationDate"], secs(created));
    // Created after tracking began and never used: the start is the creation date.
    let out = last_usage_in(&f, "us-east-1", &id(3)).await;
    assert_eq!(out["KeyLastUsage"], json!({}));
    assert_eq!(out["TrackingStartDate"], secs(now - 20 * DAY_MS));
    assert_eq!(out["KeyCreationDate"], out["TrackingStartDate"]);
    // Each kind of key with its own operations; every key state answers.
    for (key, op) in [
        (id(8), "Sign"),
        (id(9), "Verify"),
        (id(10), "GenerateMac"),
        (id(11), "GenerateDataKey"),
        (id(23), "Decrypt"),
        (id(24), "ReEncrypt"),
    ] {
        let out = last_usage_in(&f, "us-east-1", &key).await;
        assert_eq!(out["KeyLastUsage"]["Operation"], json!(op), "{key}");
    }
    let out = last_usage_in(&f, "us-east-1", &id(22)).await;
    assert_eq!(out["KeyLastUsage"], json!({}));
    // Multi-Region: primary and replica each their own.
    let primary = last_usage_in(&f, "us-east-1", MRK).await;
    let replica = last_usage_in(&f, "eu-west-1", MRK).await;
    assert_eq!(primary["KeyLastUsage"]["Operation"], json!("Decrypt"));
    assert_eq!(replica["KeyLastUsage"]["Operation"], json!("Encrypt"));
    assert_ne!(
        primary["KeyLastUsage"]["CloudTrailEventId"],
        replica["KeyLastUsage"]["CloudTrailEventId"]
    );
    // The key ID, also for an ARN.
    let out = last_usage_in(
        &f,
        "us-east-1",
        &format!("arn:aws:kms:us-east-1:111122223333:key/{}", id(1)),
    )
    .await;
    assert_eq!(out["KeyId"], json!(id(1)));
}

#[tokio::test]
async fn new_keys_and_replicas_track_use_from_their_creation() {
    let f = fixture();
    let created = f.ok("CreateKey", json!({})).await;
    let key = created["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("KeyId")
        .to_owned();
    let out = last_usage_in(&f, "us-east-1", &key).await;
    assert_eq!(out["KeyLastUsage"], json!({}));
    assert_eq!(
        out["KeyCreationDate"],
        created["KeyMetadata"]["CreationDate"]
    );
    assert_eq!(out["TrackingStartDate"], out["KeyCreationDate"]);
    assert_eq!(f.all_tags(&key, 50).await.0, vec![]);
    // A new replica: no tags, no use, tracked from its creation.
    let replicated = f
        .ok(
            "ReplicateKey",
            json!({"KeyId": MRK, "ReplicaRegion": "ap-southeast-2"}),
        )
        .await;
    let out = last_usage_in(&f, "ap-southeast-2", MRK).await;
    assert_eq!(out["KeyLastUsage"], json!({}));
    let replica_created = &replicated["ReplicaKeyMetadata"]["CreationDate"];
    assert_eq!(&out["TrackingStartDate"], replica_created);
    assert_ne!(out["TrackingStartDate"], secs(START - 180 * DAY_MS));
}
