//! Fuzz target `key_id`: see `kms_rotate_fuzz::key_id` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kms_rotate_fuzz::key_id::run(data));
