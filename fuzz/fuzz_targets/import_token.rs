//! Fuzz target `import_token`: see `kms_rotate_fuzz::import_token` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kms_rotate_fuzz::import_token::run(data));
