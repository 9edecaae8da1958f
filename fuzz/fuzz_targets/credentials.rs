//! Fuzz target `credentials`: see `kms_rotate_fuzz::credentials` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kms_rotate_fuzz::credentials::run(data));
