//! The kms-rotate admin console. (Lands with the console work.)
#![forbid(unsafe_code)]
fn main() {}
