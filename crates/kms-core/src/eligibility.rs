//! Whether a key can be rotated on demand now, and every reason why not.
//! STUB: lands with the eligibility work.
