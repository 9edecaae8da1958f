//! Embeds the AWS SigV4 test suite for the wasm test run, where there is no file system.
//!
//! Native tests read `../shared/test-data/sigv4-suite` at run time; in wasm (Node or a
//! browser) the same cases are compiled in from the same files, never copied into the
//! repository. Without the folder the table is empty and the wasm harness says so.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/test-data/sigv4-suite");
    println!("cargo:rerun-if-changed={}", suite.display());
    let mut table = String::from("&[\n");
    if let Ok(entries) = std::fs::read_dir(&suite) {
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().join("request.txt").is_file())
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect();
        names.sort();
        for name in names {
            let dir = suite.join(&name);
            let file = |file: &str| {
                let path = dir.join(file);
                if path.is_file() {
                    format!("Some(include_str!({:?}))", path.display().to_string())
                } else {
                    "None".to_owned()
                }
            };
            let _ = writeln!(
                table,
                "    EmbeddedCase {{ name: {name:?}, request: {}, context: {}, signature: {}, signed_request: {} }},",
                file("request.txt"),
                file("context.json"),
                file("header-signature.txt"),
                file("header-signed-request.txt"),
            );
        }
    }
    table.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("sigv4_suite.rs");
    let _ = std::fs::write(out, table);
}
