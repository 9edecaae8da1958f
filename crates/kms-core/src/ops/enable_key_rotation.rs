use super::{key_not_alias, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{EmptyOutput, EnableKeyRotationInput};
use std::ops::RangeInclusive;

/// The automatic rotation periods KMS accepts, in days.
pub const ROTATION_PERIOD_DAYS: RangeInclusive<u32> = 90..=2560;

/// `EnableKeyRotation`: turn on automatic rotation, optionally with a period.
#[derive(Debug)]
pub struct EnableKeyRotation;

impl Operation for EnableKeyRotation {
    const NAME: &'static str = "EnableKeyRotation";
    type Input = EnableKeyRotationInput;
    type Output = EmptyOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        if let Some(days) = input.rotation_period_in_days {
            if !ROTATION_PERIOD_DAYS.contains(&days) {
                return Err(InputError::invalid(
                    "RotationPeriodInDays",
                    format!("must be between 90 and 2560 days, got {days}"),
                ));
            }
        }
        key_not_alias(&input.key_id, Self::NAME)
    }
}
