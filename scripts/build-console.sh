#!/usr/bin/env bash
# Builds the admin console into dist/ (static files to host anywhere), offline:
#   cargo fetch --locked → trunk build --release --offline → loader moved out of line
#   (strict CSP) → gzip sizes printed.
#
# Needs on PATH: trunk 0.21.14 (cargo install trunk@0.21.14 --locked), wasm-bindgen
# 0.2.130 (cargo install wasm-bindgen-cli@0.2.130), Node 20+ with npm; the
# wasm32-unknown-unknown target. wasm-opt comes from the npm binaryen package (version
# 132), installed by `npm ci` into web/tools/node_modules the first time — never
# Debian's binaryen, whose version 108 breaks wasm-bindgen output.
#
# Environment: CARGO_TARGET_DIR (default target/). KMS_CONSOLE_CONNECT_SRC: space-separated
# origins, http(s)://host[:port] (host may start with *., port may be *), added to the
# connect-src of dist/index.html's Content-Security-Policy so that the console may call a
# KMS endpoint that is neither AWS nor loopback (see web/README.md); checked before the
# build, which fails on a bad one.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '[build-console] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

command -v trunk >/dev/null || die "trunk not on PATH: cargo install trunk@0.21.14 --locked"
trunk_version=$(trunk --version | awk '{ print $2 }')
[ "$trunk_version" = "0.21.14" ] || die "trunk $trunk_version on PATH; this build is made with 0.21.14"
command -v wasm-bindgen >/dev/null || die "wasm-bindgen not on PATH: cargo install wasm-bindgen-cli@0.2.130"
command -v node >/dev/null || die "node (20+) not on PATH"
connect_src=${KMS_CONSOLE_CONNECT_SRC:-}
node "$root/web/tools/finish-dist.mjs" --check-connect-src="$connect_src" \
  || die "KMS_CONSOLE_CONNECT_SRC is not valid (see above); nothing was built"

tools=$root/web/tools
if [ ! -x "$tools/node_modules/.bin/wasm-opt" ]; then
  say "installing wasm-opt (npm binaryen 132) into web/tools/node_modules"
  npm ci --prefix "$tools" --no-audit --no-fund >&2
fi
export PATH="$tools/node_modules/.bin:$PATH"
say "$(wasm-opt --version)"

# Leptos's erase_components cfg type-erases component views: the same behaviour in about
# 9% less wasm. WebAssembly SIMD (simd128; Chrome/Edge 91, Firefox 89, Safari 16.4 and
# later) lets LLVM use 128-bit copies and byte loops: 2% less wasm (index.html tells
# wasm-opt with --enable-simd). Release builds only (the target dir's release/ folder),
# so this does not force rebuilds of the debug builds that tests and clippy use.
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg erase_components -C target-feature=+simd128"

say "cargo fetch --locked"
cargo fetch --locked
say "trunk build --release --offline"
trunk build --release --offline
node "$tools/finish-dist.mjs" dist --connect-src="$connect_src"
