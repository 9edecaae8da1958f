//! Fuzz target `endpoint`: see `kms_rotate_fuzz::endpoint` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kms_rotate_fuzz::endpoint::run(data));
