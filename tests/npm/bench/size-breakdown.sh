#!/usr/bin/env bash
# What each export of the npm package costs: builds the package's wasm as
# scripts/build-npm.sh does, then again without one export at a time (its
# #[wasm_bindgen] attribute removed, so the linker drops what only it reaches), and
# prints the wasm's gzip -9 size (Node's zlib, as run.mjs measures) and each difference.
# A measurement, not a test: it builds a copy of the working tree in a temporary folder
# and leaves the tree alone.
#
# Environment: CARGO_TARGET_DIR (default: target/size-breakdown; the builds share it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/size-breakdown}

work=$(mktemp -d "${TMPDIR:-/tmp}/kms-rotate-size.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
copy=$work/tree
mkdir -p "$copy"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | grep -zv '^tests/npm/node_modules/' |
  xargs -0 cp --parents -t "$copy")
ln -s "$root/tests/npm/node_modules" "$copy/tests/npm/node_modules"
# The build reads the shared test data only for tests; link it where the tree expects it.
[ -e "$root/../shared" ] && ln -s "$(cd "$root/../shared" && pwd)" "$work/shared"

gzip_of() { node -e 'const z=require("zlib"),fs=require("fs");process.stdout.write(String(z.gzipSync(fs.readFileSync(process.argv[1]),{level:9}).length))' "$1"; }

build() { # → gzip size of the wasm
  bash "$copy/scripts/build-npm.sh" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
  gzip_of "$copy/target/npm-pkg/kms_rotate_wasm_bg.wasm"
}

# Export → the sed script that un-exports it: a free function loses its #[wasm_bindgen]
# attribute, a method of the exported class its attribute and its `pub` (wasm-bindgen
# exports every pub method of the class).
declare -A unexport=(
  [parseCredentials]='s/^#\[wasm_bindgen(js_name = parseCredentials)\]$//'
  [parseKeyId]='s/^#\[wasm_bindgen(js_name = parseKeyId)\]$//'
  [signRequest]='s/^#\[wasm_bindgen(js_name = signRequest)\]$//'
  [checkRotationEligibility]='s/^#\[wasm_bindgen(js_name = \(rotationEligibility\|hasRotationHistory\))\]$//'
  [rotateAndWait]='s/^    #\[wasm_bindgen(js_name = rotateAndWait)\]$//; s/^    pub fn rotate_and_wait(/    fn rotate_and_wait(/'
  [waitForRotation]='s/^    #\[wasm_bindgen(js_name = waitForRotation)\]$//; s/^    pub fn wait_for_rotation(/    fn wait_for_rotation(/'
)
sources=("$copy"/crates/kms-wasm/src/*.rs)
for file in "${sources[@]}"; do cp "$file" "$file.orig"; done

full=$(build)
printf '| the package'"'"'s wasm without | wasm gzip (bytes) | the export costs |\n|---|---:|---:|\n'
printf '| (nothing: the whole package) | %s | |\n' "$full"
for name in parseCredentials parseKeyId signRequest checkRotationEligibility rotateAndWait waitForRotation; do
  sed -i "${unexport[$name]}" "${sources[@]}"
  changed=0
  for file in "${sources[@]}"; do cmp -s "$file" "$file.orig" || changed=1; done
  [ "$changed" = 1 ] || { echo "$name: nothing to un-export in crates/kms-wasm/src; update this script" >&2; exit 1; }
  size=$(build)
  printf '| %s | %s | %s |\n' "$name" "$size" "$((full - size))"
  for file in "${sources[@]}"; do cp "$file.orig" "$file"; done
done

# The floor the issue's budget starts from: aws-sigv4 and serde_json alone. The same
# build (scripts/build-npm.sh, same profile, flags and wasm-opt) of a kms-wasm whose only
# code signs one request and parses and re-encodes one JSON text.
cat >"$copy/crates/kms-wasm/src/lib.rs" <<'RUST'
//! The size floor: aws-sigv4 signing and serde_json parsing, nothing else.
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::time::{Duration, UNIX_EPOCH};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn sig(method: &str, url: &str, headers: &str, body: &[u8], region: &str, service: &str,
    access_key_id: &str, secret: &str, token: Option<String>, millis: f64) -> Result<String, JsValue> {
    let credentials = aws_credential_types::Credentials::new(access_key_id, secret, token, None, "floor");
    let identity = Identity::new(credentials, None);
    let params = v4::SigningParams::builder().identity(&identity).region(region).name(service)
        .time(UNIX_EPOCH + Duration::from_millis(millis as u64)).settings(SigningSettings::default())
        .build().map_err(|e| JsValue::from_str(&e.to_string()))?.into();
    let lines: Vec<&str> = headers.split('\n').collect();
    let pairs = lines.chunks(2).map(|pair| (pair[0], pair[pair.len() - 1]));
    let request = SignableRequest::new(method, url, pairs, SignableBody::Bytes(body))
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let (instructions, signature) = sign(request, &params)
        .map_err(|e| JsValue::from_str(&e.to_string()))?.into_parts();
    let mut out = signature;
    for header in instructions.into_parts().0 {
        out.push_str(header.name());
        out.push_str(header.value());
    }
    Ok(out)
}

#[wasm_bindgen]
pub fn json(text: &str) -> Result<String, JsValue> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(serde_json::to_string(&value).unwrap_or_default())
}
RUST
find "$copy/crates/kms-wasm/src" -name '*.rs' ! -name lib.rs -delete
sed -i 's/^\[dependencies\]$/[dependencies]\naws-sigv4.workspace = true\naws-credential-types.workspace = true\naws-smithy-runtime-api.workspace = true/' \
  "$copy/crates/kms-wasm/Cargo.toml"
(cd "$copy" && cargo metadata --offline --format-version 1 >/dev/null) # records the new edges in Cargo.lock
floor_wasm=$(build)
glue=$work/glue.min.js
"$root/tests/npm/node_modules/.bin/esbuild" "$copy/target/npm-pkg/kms_rotate_wasm.js" --minify --format=esm \
  --log-level=error --outfile="$glue"
floor_glue=$(gzip_of "$glue")
printf '\nThe floor (aws-sigv4 signing and serde_json, the same build): wasm %s + glue %s = %s bytes gzip.\n' \
  "$floor_wasm" "$floor_glue" "$((floor_wasm + floor_glue))"
