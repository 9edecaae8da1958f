//! Request quotas per operation, account and Region, per second, as AWS KMS applies
//! them; over quota, requests get `ThrottlingException`.
//!
//! A fixed one-second window per (operation, account, Region), on the OS clock (never
//! the sped-up store clock). `--no-quotas` switches them off.

use crate::ops::Operation;
use std::collections::HashMap;

/// Requests per second allowed for `op` in one account and Region.
pub fn limit_per_second(op: Operation) -> u32 {
    match op {
        Operation::RotateKeyOnDemand => 5,
        Operation::ListKeys | Operation::ListAliases => 500,
        Operation::DescribeKey => 2000,
        Operation::GetKeyRotationStatus => 1000,
        Operation::ListKeyRotations => 100,
        Operation::CreateKey | Operation::CreateAlias | Operation::DeleteAlias => 50,
        _ => 5,
    }
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
