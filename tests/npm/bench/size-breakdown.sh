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
)
sources=("$copy"/crates/kms-wasm/src/*.rs)
for file in "${sources[@]}"; do cp "$file" "$file.orig"; done

full=$(build)
printf '| the package'"'"'s wasm without | wasm gzip (bytes) | the export costs |\n|---|---:|---:|\n'
printf '| (nothing: the whole package) | %s | |\n' "$full"
for name in parseCredentials parseKeyId signRequest checkRotationEligibility rotateAndWait; do
  sed -i "${unexport[$name]}" "${sources[@]}"
  changed=0
  for file in "${sources[@]}"; do cmp -s "$file" "$file.orig" || changed=1; done
  [ "$changed" = 1 ] || { echo "$name: nothing to un-export in crates/kms-wasm/src; update this script" >&2; exit 1; }
  size=$(build)
  printf '| %s | %s | %s |\n' "$name" "$size" "$((full - size))"
  for file in "${sources[@]}"; do cp "$file.orig" "$file"; done
done
