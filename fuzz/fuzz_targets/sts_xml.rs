//! Fuzz target `sts_xml`: see `kms_rotate_fuzz::sts_xml` for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kms_rotate_fuzz::sts_xml::run(data));
