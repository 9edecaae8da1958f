//! Fuzz target `kms_local`: see `kms_rotate_fuzz::kms_local` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kms_rotate_fuzz::kms_local::run(data));
