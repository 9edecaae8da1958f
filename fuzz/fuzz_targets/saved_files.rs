//! Fuzz target `saved_files`: see `kms_rotate_fuzz::saved_files` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kms_rotate_fuzz::saved_files::run(data));
