//! Fuzz target `decode_output`: see `kms_rotate_fuzz::decode_output` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kms_rotate_fuzz::decode_output::run(data));
