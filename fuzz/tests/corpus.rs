//! Replays every committed corpus file through its target's body, without the fuzzer:
//! `fuzz/corpus/<target>/*` through `kms_rotate_fuzz::<target>::run`. A crash the fuzzer
//! once found is kept as a corpus file, so it stays a plain `cargo test` failure.
//!
//! Each file runs in its own `catch_unwind`, and the test reports every failing file by
//! name before it fails.
#![forbid(unsafe_code)]

use kms_rotate_fuzz::{Target, TARGETS};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn corpus_files(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("no corpus for {target} at {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable corpus folder").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn replay(target: &Target) {
    let files = corpus_files(target.name);
    assert!(
        files.len() >= 3,
        "{}: only {} corpus files; keep a few valid seeds",
        target.name,
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).expect("a readable corpus file");
        if catch_unwind(AssertUnwindSafe(|| (target.run)(&data))).is_err() {
            failures.push(file.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "{}: {} of {} corpus files fail:\n  {}",
        target.name,
        failures.len(),
        files.len(),
        failures.join("\n  ")
    );
    eprintln!("{}: {} corpus files pass", target.name, files.len());
}

fn target(name: &str) -> &'static Target {
    TARGETS
        .iter()
        .find(|t| t.name == name)
        .expect("a target of that name")
}

#[test]
fn key_id() {
    replay(target("key_id"));
}

#[test]
fn credentials() {
    replay(target("credentials"));
}

#[test]
fn error_response() {
    replay(target("error_response"));
}

#[test]
fn decode_output() {
    replay(target("decode_output"));
}

#[test]
fn endpoint() {
    replay(target("endpoint"));
}

#[test]
fn kms_local() {
    replay(target("kms_local"));
}

#[test]
fn import_token() {
    replay(target("import_token"));
}

#[test]
fn saved_files() {
    replay(target("saved_files"));
}

#[test]
fn sts_xml() {
    replay(target("sts_xml"));
}

#[test]
fn every_target_has_a_test_and_a_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("fuzz/Cargo.toml");
    for t in TARGETS {
        let binary = root.join("fuzz_targets").join(format!("{}.rs", t.name));
        assert!(binary.is_file(), "no fuzz_targets/{}.rs", t.name);
        let entry = format!(
            "name = \"{}\"\npath = \"fuzz_targets/{}.rs\"",
            t.name, t.name
        );
        assert!(
            manifest.contains(&entry),
            "no [[bin]] for {} in fuzz/Cargo.toml",
            t.name
        );
    }
    assert_eq!(TARGETS.len(), 9, "add a #[test] above for the new target");
}
