//! The shapes of a key's tags (`ListResourceTags`, `TagResource`, `UntagResource`) and of
//! its last use (`GetKeyLastUsage`).

use super::{from_json, to_json, FromJson, Shape, ShapeError, ToJson};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

shape! {
    /// A tag of a key (`Tag`): the value may be empty.
    Tag = "Tag" (read, write) {
        /// The tag key, 1–128 characters.
        tag_key: String = "TagKey",
        /// The tag value, 0–256 characters.
        tag_value: String = "TagValue",
    }
}

shape! {
    /// Input of `ListResourceTags`.
    ListResourceTagsInput = "ListResourceTagsRequest" (read, write) {
        /// Key ID or key ARN.
        key_id: String = "KeyId",
        /// Page size, 1–50.
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<u32> = "Limit",
        /// Where the previous page ended.
        #[serde(skip_serializing_if = "Option::is_none")]
        marker: Option<String> = "Marker",
    }
}

shape! {
    /// Output of `ListResourceTags`.
    ListResourceTagsOutput = "ListResourceTagsResponse" (read) {
        /// This page of tags.
        tags: Vec<Tag> = "Tags",
        /// Where the next page starts.
        #[serde(skip_serializing_if = "Option::is_none")]
        next_marker: Option<String> = "NextMarker",
        /// Whether more pages follow.
        truncated: bool = "Truncated",
    }
}

shape! {
    /// Input of `TagResource`.
    TagResourceInput = "TagResourceRequest" (read, write) {
        /// Key ID or key ARN.
        key_id: String = "KeyId",
        /// Tags to add or replace.
        tags: Vec<Tag> = "Tags",
    }
}

shape! {
    /// Input of `UntagResource`.
    UntagResourceInput = "UntagResourceRequest" (read, write) {
        /// Key ID or key ARN.
        key_id: String = "KeyId",
        /// The tag keys to remove.
        tag_keys: Vec<String> = "TagKeys",
    }
}

string_enum! {
    /// The operations whose use `GetKeyLastUsage` tracks (`KeyLastUsageTrackingOperation`).
    KeyLastUsageTrackingOperation {
        Decrypt = "Decrypt",
        DeriveSharedSecret = "DeriveSharedSecret",
        Encrypt = "Encrypt",
        GenerateDataKey = "GenerateDataKey",
        GenerateDataKeyPair = "GenerateDataKeyPair",
        GenerateDataKeyPairWithoutPlaintext = "GenerateDataKeyPairWithoutPlaintext",
        GenerateDataKeyWithoutPlaintext = "GenerateDataKeyWithoutPlaintext",
        GenerateMac = "GenerateMac",
        ReEncrypt = "ReEncrypt",
        Sign = "Sign",
        Verify = "Verify",
        VerifyMac = "VerifyMac",
        Encapsulate = "Encapsulate",
        Decapsulate = "Decapsulate",
    }
}

shape! {
    /// The key's last tracked use (`KeyLastUsageData`).
    KeyLastUsage = "KeyLastUsageData" (read) {
        /// The operation.
        #[serde(skip_serializing_if = "Option::is_none")]
        operation: Option<KeyLastUsageTrackingOperation> = "Operation",
        /// When.
        #[serde(skip_serializing_if = "Option::is_none")]
        timestamp: Option<Timestamp> = "Timestamp",
        /// Its CloudTrail event.
        #[serde(skip_serializing_if = "Option::is_none")]
        cloud_trail_event_id: Option<String> = "CloudTrailEventId",
        /// Its KMS request id.
        #[serde(skip_serializing_if = "Option::is_none")]
        kms_request_id: Option<String> = "KmsRequestId",
    }
}

shape! {
    /// Input of `GetKeyLastUsage`.
    GetKeyLastUsageInput = "GetKeyLastUsageRequest" (read, write) {
        /// Key ID or key ARN.
        key_id: String = "KeyId",
    }
}

shape! {
    /// Output of `GetKeyLastUsage`.
    GetKeyLastUsageOutput = "GetKeyLastUsageResponse" (read) {
        /// The key ARN.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String> = "KeyId",
        /// The last tracked use; absent when none since tracking started.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_last_usage: Option<KeyLastUsage> = "KeyLastUsage",
        /// Since when use is tracked for this key.
        #[serde(skip_serializing_if = "Option::is_none")]
        tracking_start_date: Option<Timestamp> = "TrackingStartDate",
        /// When the key was created.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_creation_date: Option<Timestamp> = "KeyCreationDate",
    }
}

impl GetKeyLastUsageOutput {
    /// The last tracked use, if there was one: KMS answers an empty `KeyLastUsage` object
    /// when the key "has not been used since tracking began".
    pub fn last_use(&self) -> Option<&KeyLastUsage> {
        self.key_last_usage
            .as_ref()
            .filter(|usage| usage.operation.is_some() || usage.timestamp.is_some())
    }

    /// Whether tracking began when the key was created (`KeyCreationDate` on or after
    /// `TrackingStartDate`): then no tracked use means none since the key was created;
    /// otherwise none since tracking began, and the key may have been used before.
    pub fn tracked_since_creation(&self) -> bool {
        matches!(
            (self.key_creation_date, self.tracking_start_date),
            (Some(created), Some(since)) if created >= since
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_last_usage_is_no_use_and_tracking_is_read_against_creation() {
        let at = |s| Some(Timestamp::from_epoch_seconds(s));
        let mut output = GetKeyLastUsageOutput {
            key_last_usage: Some(KeyLastUsage::default()),
            tracking_start_date: at(1_000),
            key_creation_date: at(500),
            ..Default::default()
        };
        assert!(output.last_use().is_none());
        assert!(!output.tracked_since_creation());
        output.key_creation_date = at(1_000);
        assert!(output.tracked_since_creation());
        output.key_last_usage = Some(KeyLastUsage {
            operation: Some(KeyLastUsageTrackingOperation::Decrypt),
            timestamp: at(2_000),
            ..Default::default()
        });
        assert_eq!(output.last_use().and_then(|u| u.timestamp), at(2_000));
    }
}
