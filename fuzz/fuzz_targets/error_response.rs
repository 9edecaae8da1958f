//! Fuzz target `error_response`: see `kms_rotate_fuzz::error_response` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kms_rotate_fuzz::error_response::run(data));
