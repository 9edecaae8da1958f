#!/usr/bin/env bash
# Load benchmarks (printed numbers, not timed tests): kms-rotate beside
# @aws-sdk/client-kms against one kms-local on 127.0.0.1, in one run —
#   1. loading an inventory (kms-local --keys 2000 + demo data, quotas on), in Node and
#      in headless Chromium through CORS;
#   2. bulk rotation of 50 keys at the RotateKeyOnDemand quota (5/s), without and with
#      injected 503s and dropped connections, each key's rotations counted from
#      kms-local's request log.
# Prints markdown tables on stdout (progress on stderr).
#
# Environment: KMS_NPM_TARBALL (skip the package build), KMS_LOCAL_BIN (skip the kms-local
# build), CARGO_TARGET_DIR. Arguments are passed to load.mjs (--runs 3, --keys 2000,
# --concurrency 16, --bulk-keys 50, --bulk-concurrency 5, --no-browser,
# --only inventory|bulk).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
npm_tests=$(cd "$here/.." && pwd)
root=$(cd "$here/../../.." && pwd)
cargo_target=${CARGO_TARGET_DIR:-$root/target}

if [ ! -x "$npm_tests/node_modules/.bin/esbuild" ] || [ ! -d "$npm_tests/node_modules/@aws-sdk/client-kms" ]; then
  (cd "$npm_tests" && npm ci --no-audit --no-fund) >&2
fi
kms_local=${KMS_LOCAL_BIN:-}
if [ -z "$kms_local" ]; then
  (cd "$root" && cargo build --locked -p kms-local --profile release-native) >&2
  kms_local=$cargo_target/release-native/kms-local
fi
tarball=${KMS_NPM_TARBALL:-}
if [ -z "$tarball" ]; then
  tarball=$(bash "$root/scripts/build-npm.sh" | tail -n 1)
fi
[ -f "$tarball" ] || { echo "no tarball at $tarball" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kms-rotate-load.XXXXXX")
node_pid=
cleanup() {
  # load.mjs stops kms-local and Chromium itself; this covers an interrupted run.
  if [ -n "$node_pid" ]; then kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A project whose node_modules has tests/npm's packages (linked) and the packed kms-rotate.
mkdir -p "$work/node_modules/kms-rotate"
for entry in "$npm_tests"/node_modules/* "$npm_tests"/node_modules/.bin; do
  ln -s "$entry" "$work/node_modules/$(basename "$entry")"
done
tar -xzf "$tarball" -C "$work/node_modules/kms-rotate" --strip-components=1
echo '{ "name": "kms-rotate-load-bench", "private": true, "type": "module" }' >"$work/package.json"
cp "$here"/load-work.mjs "$here"/load-node.mjs "$here"/load-browser-*.mjs "$work/"

cd "$here"
node load.mjs --project "$work" --kms-local "$kms_local" --esbuild "$npm_tests/node_modules/esbuild/bin/esbuild" "$@" &
node_pid=$!
status=0
wait "$node_pid" || status=$?
node_pid=
exit "$status"
