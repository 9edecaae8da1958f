use super::{check_limit, check_marker, paginated, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{KeyListEntry, ListKeysInput, ListKeysOutput};

/// `ListKeys`: every key of the account and Region, in pages.
#[derive(Debug)]
pub struct ListKeys;

impl Operation for ListKeys {
    const NAME: &'static str = "ListKeys";
    type Input = ListKeysInput;
    type Output = ListKeysOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        check_limit(input.limit, 1000)?;
        check_marker(input.marker.as_deref())?;
        Ok(None)
    }
}

paginated!(ListKeys, KeyListEntry, keys);
