#!/usr/bin/env bash
# Builds the kms-rotate npm package, offline and repeatably:
#   cargo (wasm32, release) → wasm-bindgen --target web → wasm-opt -Oz → package dir → npm pack
#
# Output: target/npm-pkg/ (the package) and target/kms-rotate-<version>.tgz.
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli equal to Cargo.lock's
# wasm-bindgen, Node 20+ with npm, and wasm-opt from the npm `binaryen` package (installed
# by `npm ci` into tests/npm/node_modules the first time; never Debian's binaryen, whose
# version 108 breaks wasm-bindgen output).
#
# Environment: CARGO_TARGET_DIR (default: target/), KMS_SKIP_WASM_OPT=1 to skip wasm-opt
# (debugging only: the package is then far over its size budget).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo_target=${CARGO_TARGET_DIR:-$root/target}
pkg=$root/target/npm-pkg
tools=$root/tests/npm

say() { printf '[build-npm] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# wasm-bindgen-cli must be exactly the version Cargo.lock pins, or the glue and the wasm
# disagree at run time.
locked=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$locked" ] || die "Cargo.lock pins no wasm-bindgen"
command -v wasm-bindgen >/dev/null || die "wasm-bindgen not on PATH: cargo install wasm-bindgen-cli@$locked"
have=$(wasm-bindgen --version | awk '{ print $2 }')
[ "$have" = "$locked" ] || die "wasm-bindgen $have on PATH, Cargo.lock has $locked: cargo install wasm-bindgen-cli@$locked"

wasm_opt=$tools/node_modules/.bin/wasm-opt
if [ -z "${KMS_SKIP_WASM_OPT:-}" ] && [ ! -x "$wasm_opt" ]; then
  say "installing the test tools (binaryen's wasm-opt, esbuild, ...) into tests/npm/node_modules"
  npm ci --prefix "$tools" --no-audit --no-fund >&2
fi

# The workspace's release profile is tuned for size (opt-level "z"); sha2's compress
# loop is compiled for speed (+15% signatures/s, no size cost). And the wasm uses
# WebAssembly SIMD (simd128: Chrome/Edge 91, Firefox 89, Safari 16.4, Node 16.4 and
# later), which LLVM uses for byte copies, hex and the string work of canonical
# requests. Measured with tests/npm/bench/sign-node.mjs (signatures per second in Node
# beside @smithy/signature-v4) and the wasm's gzip size, on one machine:
#   all "z", sha2 at 3:                        1.0x the SDK
#   and aws-sigv4 at 2 (until 0.1.0):          1.2-1.4x the SDK, +7 KB gzip
#   and simd128 (chosen, aws-sigv4 at "z"):    1.2x the SDK, -1.9 KB gzip
#   and simd128 with aws-sigv4 at 2:           1.6x the SDK, +7 KB gzip
# The package has a size budget and is already faster than the SDK, so "z" it is.
speed=(--config 'profile.release.package.sha2.opt-level=3')
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C target-feature=+simd128"
# `cargo rustc --crate-type cdylib`, not `cargo build`: kms-wasm is also an rlib (for its
# doc tests and Rust callers), and with both crate types in one build Cargo does not pass
# `-C lto` to rustc, so the profile's fat LTO silently did not happen: 11 kB gzip more.
say "cargo rustc --release --target wasm32-unknown-unknown -p kms-wasm --crate-type cdylib"
cargo rustc --release --locked --target wasm32-unknown-unknown -p kms-wasm --crate-type cdylib "${speed[@]}"
wasm=$cargo_target/wasm32-unknown-unknown/release/kms_wasm.wasm
[ -f "$wasm" ] || die "no $wasm"

rm -rf "$pkg"
mkdir -p "$pkg"
say "wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name kms_rotate_wasm "$wasm"

if [ -z "${KMS_SKIP_WASM_OPT:-}" ]; then
  say "wasm-opt -Oz ($("$wasm_opt" --version))"
  # Rust's wasm32 target emits these features by default; wasm-opt must be told.
  # The producers and target-features sections say which compiler made the file; no
  # host reads them.
  # -Oz, then flattening and re-looping the control flow and -Oz twice again: 0.8 kB
  # gzip smaller than -Oz alone (measured when issue 14's operations were added).
  "$wasm_opt" -Oz --flatten --rereloop -Oz -Oz --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
    "$pkg/kms_rotate_wasm_bg.wasm" -o "$pkg/kms_rotate_wasm_bg.wasm"
fi

cp crates/kms-wasm/js/index.js crates/kms-wasm/js/node.js crates/kms-wasm/js/client.js \
  crates/kms-wasm/js/shapes.js crates/kms-wasm/js/wrap.js crates/kms-wasm/js/receipts.js \
  crates/kms-wasm/js/index.d.ts crates/kms-wasm/js/shapes.d.ts \
  crates/kms-wasm/js/README.md "$pkg/"

# The version comes from Cargo (workspace.package.version).
version=$(cargo metadata --no-deps --format-version 1 --locked |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="kms-wasm");process.stdout.write(p.version)})')
[ -n "$version" ] || die "no version for kms-wasm in cargo metadata"
node -e '
  const fs = require("fs");
  const [src, dst, version] = process.argv.slice(1);
  const manifest = JSON.parse(fs.readFileSync(src, "utf8"));
  manifest.version = version;
  fs.writeFileSync(dst, JSON.stringify(manifest, null, 2) + "\n");
' crates/kms-wasm/js/package.json "$pkg/package.json" "$version"

say "npm pack → target/"
tarball=$(cd "$pkg" && npm pack --silent --pack-destination "$root/target")
wasm_bytes=$(wc -c <"$pkg/kms_rotate_wasm_bg.wasm")
# Node's zlib at level 9, as the size benchmark measures (GNU gzip -9 differs by ~3%).
wasm_gzip=$(node -e 'process.stdout.write(String(require("zlib").gzipSync(require("fs").readFileSync(process.argv[1]), { level: 9 }).length))' "$pkg/kms_rotate_wasm_bg.wasm")
say "kms-rotate $version: wasm $wasm_bytes bytes ($wasm_gzip gzip)"
echo "$root/target/$tarball"
