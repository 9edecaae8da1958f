//! Request quotas per operation, account and Region, per second, as AWS KMS applies
//! them; over quota, requests get `ThrottlingException`.
//!
//! The numbers are the defaults of the KMS Developer Guide's "Request quotas" page,
//! <https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html>,
//! table "Request quotas for each AWS KMS API operation" (each `<Op> request rate` row).
//! Each operation has its own quota; none of the operations kms-local implements
//! shares one with another.
//!
//! A fixed one-second window per (operation, account, Region), on the OS clock (never
//! the sped-up store clock). `--no-quotas` switches them off.

use crate::ops::Operation;
use std::collections::HashMap;

/// The documentation page the numbers come from.
pub use kms_core::quota::REQUEST_QUOTAS_PAGE;

/// Requests per second allowed for `op` in one account and Region, as
/// [`REQUEST_QUOTAS_PAGE`] gives them: kms-core's table, the one the console and the
/// npm package pace themselves by (the test below checks it row by row).
pub fn limit_per_second(op: Operation) -> u32 {
    kms_core::quota::per_second(op.name())
}

/// Counts requests in the current second.
#[derive(Debug, Default)]
pub(crate) struct Quotas {
    windows: HashMap<(Operation, String, String), (i64, u32)>,
}

impl Quotas {
    /// Counts a request at `now_millis`; false if it is over quota.
    pub(crate) fn admit(
        &mut self,
        op: Operation,
        account: &str,
        region: &str,
        now_millis: i64,
    ) -> bool {
        let second = now_millis.div_euclid(1000);
        let entry = self
            .windows
            .entry((op, account.to_owned(), region.to_owned()))
            .or_insert((second, 0));
        if entry.0 != second {
            *entry = (second, 0);
        }
        if entry.1 >= limit_per_second(op) {
            return false;
        }
        entry.1 += 1;
        true
    }

    /// Forgets all counts.
    pub(crate) fn clear(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's table, row by row, for every operation kms-local implements.
    #[test]
    fn quotas_are_the_documented_ones() {
        let documented = [
            (Operation::CancelKeyDeletion, 5),
            (Operation::CreateAlias, 5),
            (Operation::CreateKey, 5),
            (Operation::DeleteAlias, 15),
            (Operation::DescribeKey, 2000),
            (Operation::DisableKey, 5),
            (Operation::DisableKeyRotation, 5),
            (Operation::EnableKey, 5),
            (Operation::EnableKeyRotation, 15),
            (Operation::GetKeyRotationStatus, 1000),
            (Operation::ListAliases, 500),
            (Operation::ListKeyRotations, 100),
            (Operation::ListKeys, 500),
            (Operation::ReplicateKey, 5),
            (Operation::RotateKeyOnDemand, 5),
            (Operation::ScheduleKeyDeletion, 15),
            (Operation::GetParametersForImport, 1),
            (Operation::ImportKeyMaterial, 15),
            (Operation::DeleteImportedKeyMaterial, 15),
            (Operation::ListResourceTags, 2000),
            (Operation::TagResource, 10),
            (Operation::UntagResource, 5),
            (Operation::GetKeyLastUsage, 5),
        ];
        assert_eq!(
            documented.len(),
            Operation::ALL.len(),
            "every operation listed"
        );
        for (op, per_second) in documented {
            assert_eq!(limit_per_second(op), per_second, "{}", op.name());
        }
    }

    #[test]
    fn five_rotations_per_second() {
        let mut q = Quotas::default();
        for _ in 0..5 {
            assert!(q.admit(Operation::RotateKeyOnDemand, "a", "r", 1_000));
        }
        assert!(!q.admit(Operation::RotateKeyOnDemand, "a", "r", 1_999));
        assert!(q.admit(Operation::RotateKeyOnDemand, "b", "r", 1_999));
        assert!(q.admit(Operation::RotateKeyOnDemand, "a", "r", 2_000));
    }
}
