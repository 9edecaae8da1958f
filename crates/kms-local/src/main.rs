//! kms-local. (Lands with the kms-local work.)
fn main() {}
