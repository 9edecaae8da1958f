//! The KMS operations kms-local serves, one module each, and the dispatcher.
//!
//! Each operation takes the parsed JSON input and an [`OpContext`] (the store, the
//! verified caller, the store clock) and returns the JSON output or a [`KmsError`].
//! Shared parsing, validation, key resolution and pagination live in [`common`].

use crate::auth::Caller;
use crate::error::KmsError;
use crate::store::Store;
use crate::wrapping::WrappingKeys;
use kms_core::time::Timestamp;
use serde_json::Value;

pub(crate) mod common;

mod cancel_key_deletion;
mod create_alias;
mod create_key;
mod delete_alias;
mod delete_imported_key_material;
mod describe_key;
mod disable_key;
mod disable_key_rotation;
mod enable_key;
mod enable_key_rotation;
mod get_key_last_usage;
mod get_key_rotation_status;
mod get_parameters_for_import;
mod import_key_material;
mod list_aliases;
mod list_key_rotations;
mod list_keys;
mod list_resource_tags;
mod replicate_key;
mod rotate_key_on_demand;
mod schedule_key_deletion;
mod tag_resource;
mod untag_resource;

macro_rules! operations {
    ($($variant:ident => $module:ident,)+) => {
        /// A KMS operation kms-local implements.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Operation {
            $(
                #[doc = concat!("`", stringify!($variant), "`")]
                $variant,
            )+
        }

        impl Operation {
            /// Every operation.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant),+];

            /// The operation's name, as in `X-Amz-Target: TrentService.<name>`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Operation::$variant => stringify!($variant),)+
                }
            }

            /// The operation named `name`.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $(stringify!($variant) => Some(Operation::$variant),)+
                    _ => None,
                }
            }
        }

        /// Runs `op` on `input`.
        pub(crate) fn dispatch(
            op: Operation,
            ctx: &mut OpContext<'_>,
            input: &common::Input,
        ) -> Result<Value, KmsError> {
            match op {
                $(Operation::$variant => $module::run(ctx, input),)+
            }
        }
    };
}

operations! {
    RotateKeyOnDemand => rotate_key_on_demand,
    GetKeyRotationStatus => get_key_rotation_status,
    ListKeyRotations => list_key_rotations,
    ListKeys => list_keys,
    DescribeKey => describe_key,
    ListAliases => list_aliases,
    EnableKeyRotation => enable_key_rotation,
    DisableKeyRotation => disable_key_rotation,
    CreateKey => create_key,
    CreateAlias => create_alias,
    DeleteAlias => delete_alias,
    EnableKey => enable_key,
    DisableKey => disable_key,
    ScheduleKeyDeletion => schedule_key_deletion,
    CancelKeyDeletion => cancel_key_deletion,
    ReplicateKey => replicate_key,
    GetParametersForImport => get_parameters_for_import,
    ImportKeyMaterial => import_key_material,
    DeleteImportedKeyMaterial => delete_imported_key_material,
    ListResourceTags => list_resource_tags,
    TagResource => tag_resource,
    UntagResource => untag_resource,
    GetKeyLastUsage => get_key_last_usage,
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What an operation works with.
#[derive(Debug)]
pub(crate) struct OpContext<'a> {
    pub(crate) store: &'a mut Store,
    /// The wrapping key pairs handed out by `GetParametersForImport`.
    pub(crate) wrapping: &'a mut WrappingKeys,
    pub(crate) caller: &'a Caller,
    /// The store clock (which `--clock-speed` and the admin clock may move ahead).
    pub(crate) now: Timestamp,
    /// How long an on-demand rotation takes, in store milliseconds.
    pub(crate) on_demand_millis: i64,
    /// The key the request resolved to, for the request log.
    pub(crate) resolved_key_id: Option<String>,
}
