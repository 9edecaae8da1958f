//! The result of `checkRotationEligibility`, in the PascalCase style of the KMS shapes.

use kms_core::client::KeyRotationReport;
use kms_core::model::{GetKeyRotationStatusOutput, KeyMetadata, RotationsListEntry};
use serde::Serialize;

/// What `checkRotationEligibility` resolves to.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct EligibilityReport {
    key_metadata: KeyMetadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    rotation_status: Option<GetKeyRotationStatusOutput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rotations: Option<Vec<RotationsListEntry>>,
    eligible: bool,
    only_transient: bool,
    reasons: Vec<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_demand_rotations_used: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_demand_rotations_remaining: Option<u32>,
    summary: String,
}

/// One reason a key cannot be rotated on demand now.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Reason {
    code: &'static str,
    message: String,
    transient: bool,
}

/// Flattens kms-core's report.
pub(crate) fn report(report: KeyRotationReport) -> EligibilityReport {
    let eligibility = report.eligibility;
    EligibilityReport {
        key_metadata: report.metadata,
        rotation_status: report.status,
        rotations: report.history,
        eligible: eligibility.is_eligible(),
        only_transient: eligibility.is_only_transient(),
        reasons: eligibility
            .reasons
            .iter()
            .map(|reason| Reason {
                code: reason.code(),
                message: reason.to_string(),
                transient: reason.is_transient(),
            })
            .collect(),
        on_demand_rotations_used: eligibility.on_demand_used,
        on_demand_rotations_remaining: eligibility.on_demand_remaining,
        summary: eligibility.to_string(),
    }
}
