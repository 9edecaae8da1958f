#!/usr/bin/env bash
# Benchmarks (printed numbers, not timed tests): size of kms-rotate beside
# @aws-sdk/client-kms, and SigV4 signatures per second beside @smithy/signature-v4 in
# headless Chromium and Node, with cold start. Prints a markdown table.
# Environment: KMS_NPM_TARBALL (skip the build), CARGO_TARGET_DIR.
# The load benchmarks against kms-local (inventory, bulk rotation) are in load.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
npm_tests=$(cd "$here/.." && pwd)
root=$(cd "$here/../../.." && pwd)

if [ ! -x "$npm_tests/node_modules/.bin/esbuild" ]; then
  (cd "$npm_tests" && npm ci --no-audit --no-fund)
fi
tarball=${KMS_NPM_TARBALL:-}
if [ -z "$tarball" ]; then
  tarball=$(bash "$root/scripts/build-npm.sh" | tail -n 1)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kms-rotate-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
# A project whose node_modules has tests/npm's packages (linked) and the packed kms-rotate.
mkdir -p "$work/node_modules/kms-rotate"
for entry in "$npm_tests"/node_modules/* "$npm_tests"/node_modules/.bin; do
  ln -s "$entry" "$work/node_modules/$(basename "$entry")"
done
tar -xzf "$tarball" -C "$work/node_modules/kms-rotate" --strip-components=1
echo '{ "name": "kms-rotate-bench", "private": true, "type": "module" }' >"$work/package.json"
cp "$here"/*.mjs "$work/"
cd "$npm_tests" && node bench/run.mjs --project "$work" --esbuild "$npm_tests/node_modules/esbuild/bin/esbuild"
