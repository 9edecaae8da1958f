//! The KMS operations this project speaks: one file each, with its wire name, input and
//! output shapes, input validation, and (for lists) how it pages.
//!
//! ```
//! use kms_core::ops::{Operation, RotateKeyOnDemand};
//! assert_eq!(RotateKeyOnDemand::NAME, "RotateKeyOnDemand");
//! assert!(!RotateKeyOnDemand::IDEMPOTENT);
//! ```

use crate::error::InputError;
use crate::key_id::KeyIdentifier;
use crate::model::{FromJson, ToJson};
use serde::de::DeserializeOwned;
use serde::Serialize;

mod delete_imported_key_material;
mod describe_key;
mod disable_key_rotation;
mod enable_key_rotation;
mod get_key_last_usage;
mod get_key_rotation_status;
mod get_parameters_for_import;
mod import_key_material;
mod list_aliases;
mod list_key_rotations;
mod list_keys;
mod list_resource_tags;
mod rotate_key_on_demand;
mod tag_resource;
mod untag_resource;

pub use delete_imported_key_material::DeleteImportedKeyMaterial;
pub use describe_key::{key_metadata, DescribeKey};
pub use disable_key_rotation::DisableKeyRotation;
pub use enable_key_rotation::{EnableKeyRotation, ROTATION_PERIOD_DAYS};
pub use get_key_last_usage::GetKeyLastUsage;
pub use get_key_rotation_status::GetKeyRotationStatus;
pub use get_parameters_for_import::GetParametersForImport;
pub use import_key_material::{ImportKeyMaterial, MAX_CIPHERTEXT_BYTES, MAX_MATERIAL_DESCRIPTION};
pub use list_aliases::ListAliases;
pub use list_key_rotations::ListKeyRotations;
pub use list_keys::ListKeys;
pub use list_resource_tags::ListResourceTags;
pub use rotate_key_on_demand::RotateKeyOnDemand;
pub use tag_resource::{TagResource, MAX_TAGS};
pub use untag_resource::UntagResource;

/// Calls `$callback!` with every operation this crate speaks: the one list of them.
/// Whatever covers every operation (the names below, the npm package's generated types
/// and its dispatch of calls) is made from it, so exposing an operation is one line here.
///
/// ```
/// macro_rules! count { ($($op:ident)+) => { [$(stringify!($op)),+].len() } }
/// assert_eq!(kms_core::with_operations!(count), kms_core::ops::OPERATION_NAMES.len());
/// ```
#[macro_export]
macro_rules! with_operations {
    ($callback:ident) => {
        $callback! {
            RotateKeyOnDemand
            GetKeyRotationStatus
            ListKeyRotations
            ListKeys
            DescribeKey
            ListAliases
            EnableKeyRotation
            DisableKeyRotation
            GetParametersForImport
            ImportKeyMaterial
            DeleteImportedKeyMaterial
            ListResourceTags
            TagResource
            UntagResource
            GetKeyLastUsage
        }
    };
}

macro_rules! operation_names {
    ($($op:ident)+) => { [$($op::NAME),+] };
}

/// The wire names of every operation here, for tests against the service model.
pub const OPERATION_NAMES: [&str; 15] = with_operations!(operation_names);

/// A KMS operation: its name on the wire and its shapes.
pub trait Operation {
    /// The operation name, as in `X-Amz-Target: TrentService.<NAME>`.
    const NAME: &'static str;
    /// Whether sending it twice has the same effect as once. Only
    /// `RotateKeyOnDemand` is not: each success spends one of 25 rotations.
    const IDEMPOTENT: bool = true;
    /// The request shape, written by hand ([`ToJson`]; serde's `Serialize` writes the
    /// same, for other uses).
    type Input: ToJson + Serialize;
    /// The response shape: read by hand ([`FromJson`]), and with serde for other uses.
    type Output: FromJson + DeserializeOwned;

    /// Checks the input before anything is sent. Returns the key identifier the input
    /// names, if any, so the client can check its Region.
    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError>;
}

/// An operation whose output comes in pages joined by markers.
pub trait Paginated: Operation {
    /// What each page lists.
    type Item;
    /// Sets where the next page starts.
    fn set_marker(input: &mut Self::Input, marker: Option<String>);
    /// Whether the output says more pages follow (`Truncated`).
    fn truncated(output: &Self::Output) -> bool;
    /// The output's `NextMarker`, as received (whether or not it is truncated).
    fn next_marker(output: &Self::Output) -> Option<&str>;
    /// The items of a page.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

/// Implements [`Paginated`] for a list operation whose shapes have KMS's usual
/// `Marker`, `NextMarker` and `Truncated` members, listing `items` of type `item`.
macro_rules! paginated {
    ($op:ty, $item:ty, $items:ident) => {
        impl $crate::ops::Paginated for $op {
            type Item = $item;

            fn set_marker(input: &mut Self::Input, marker: Option<String>) {
                input.marker = marker;
            }

            fn truncated(output: &Self::Output) -> bool {
                output.truncated
            }

            fn next_marker(output: &Self::Output) -> Option<&str> {
                output.next_marker.as_deref()
            }

            fn into_items(output: Self::Output) -> Vec<Self::Item> {
                output.$items
            }
        }
    };
}
use paginated;

/// The `X-Amz-Target` header value of an operation.
pub fn target_of(operation: &str) -> String {
    format!("TrentService.{operation}")
}

/// Validates a key identifier the operation takes (any form, aliases included).
fn any_key(text: &str) -> Result<Option<KeyIdentifier>, InputError> {
    KeyIdentifier::parse(text)
        .map(Some)
        .map_err(InputError::KeyId)
}

/// Validates an identifier that must name a key, not an alias.
fn key_not_alias(text: &str, operation: &str) -> Result<Option<KeyIdentifier>, InputError> {
    let id = KeyIdentifier::parse(text).map_err(InputError::KeyId)?;
    if id.is_alias() {
        return Err(InputError::invalid(
            "KeyId",
            format!("{operation} takes a key ID or key ARN; resolve {id} with DescribeKey first"),
        ));
    }
    Ok(Some(id))
}

/// Validates a key material ID: 64 lowercase hex digits (`BackingKeyIdType`).
fn check_key_material_id(id: &str) -> Result<(), InputError> {
    if id.len() == 64
        && id
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
    {
        return Ok(());
    }
    Err(InputError::invalid(
        "KeyMaterialId",
        "must be a key material ID as ListKeyRotations shows it (64 lowercase hex digits)",
    ))
}

/// Validates a page size.
fn check_limit(limit: Option<u32>, max: u32) -> Result<(), InputError> {
    match limit {
        Some(limit) if limit == 0 || limit > max => Err(InputError::invalid(
            "Limit",
            format!("must be between 1 and {max}, got {limit}"),
        )),
        _ => Ok(()),
    }
}

/// Validates a marker: 1–1024 characters in U+0020–U+00FF.
fn check_marker(marker: Option<&str>) -> Result<(), InputError> {
    match marker {
        Some(marker)
            if marker.is_empty()
                || marker.chars().count() > 1024
                || marker.chars().any(|c| !('\u{20}'..='\u{ff}').contains(&c)) =>
        {
            Err(InputError::invalid(
                "Marker",
                "must be the NextMarker of the previous page (1–1024 printable characters)",
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
