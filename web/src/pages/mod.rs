//! The pages: sign-in, the keys of a Region, one key, findings, and bulk rotation.
#![expect(
    unreachable_pub,
    reason = "the #[component] macro emits `pub` items whatever the function's visibility"
)]

pub(crate) mod bulk_rotation;
pub(crate) mod findings;
pub(crate) mod key_detail;
pub(crate) mod keys;
pub(crate) mod sign_in;
