use super::{check_limit, check_marker, key_not_alias, paginated, Operation};
use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{AliasListEntry, ListAliasesInput, ListAliasesOutput};

/// `ListAliases`: the aliases of the account and Region, or of one key, in pages.
#[derive(Debug)]
pub struct ListAliases;

impl Operation for ListAliases {
    const NAME: &'static str = "ListAliases";
    type Input = ListAliasesInput;
    type Output = ListAliasesOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        check_limit(input.limit, 100)?;
        check_marker(input.marker.as_deref())?;
        match &input.key_id {
            Some(key_id) => key_not_alias(key_id, Self::NAME),
            None => Ok(None),
        }
    }
}

paginated!(ListAliases, AliasListEntry, aliases);
