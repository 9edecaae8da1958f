//! The pages: sign-in, the keys of a Region, one key, and bulk rotation.
// The #[component] macro emits `pub` items whatever the function's visibility.
#![allow(unreachable_pub)]

pub(crate) mod bulk_rotation;
pub(crate) mod key_detail;
pub(crate) mod keys;
pub(crate) mod sign_in;
