#!/usr/bin/env bash
# End-to-end tests of the console in real headless Chromium (playwright-core driving
# /usr/bin/chromium) against kms-local over HTTP with CORS:
#   build the console (scripts/build-console.sh) and kms-local → start both on free
#   127.0.0.1 ports (always stopped on exit) → `node --test` (counts printed).
# Screenshots of the main views go to tests/e2e/screenshots/.
#
# Needs: what scripts/build-console.sh needs, Node 20+, /usr/bin/chromium.
# Environment: CARGO_TARGET_DIR (default target/), KMS_E2E_SKIP_BUILD=1 to test the dist/
# already built, CHROMIUM (default /usr/bin/chromium), KMS_E2E_ONLY=<regex> to run only
# the tests whose names match (while working on one).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
say() { printf '[e2e] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "no Chromium at ${CHROMIUM:-/usr/bin/chromium}: apt-get install -y chromium"
if [ -z "${KMS_E2E_SKIP_BUILD:-}" ]; then
  scripts/build-console.sh
fi
[ -f dist/index.html ] || die "no dist/index.html: run scripts/build-console.sh"
say "cargo build -p kms-local"
cargo build --locked -p kms-local
kms_local=$CARGO_TARGET_DIR/debug/kms-local
if [ ! -d "$here/node_modules/playwright-core" ]; then
  npm ci --prefix "$here" --no-audit --no-fund >&2
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Waits until FILE has a line matching REGEX; prints the first match.
wait_for_line() {
  local file=$1 regex=$2 pid=$3
  for _ in $(seq 1 200); do
    if grep -m1 -oE "$regex" "$file" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$file" >&2; die "process $pid exited"; }
    sleep 0.1
  done
  cat "$file" >&2
  die "timed out waiting for $regex in $file"
}

# The console is served under a base path, as a team would host it: nothing may assume /.
# A copy of dist/, finished again as scripts/build-console.sh does with
# KMS_CONSOLE_CONNECT_SRC='http://kms-e2e.localhost:*' (dist/ itself stays as built):
# Chromium resolves that host to 127.0.0.1, so a test reaches kms-local through an
# endpoint allowed only by the build-time setting. A *.localhost name: the console
# sends plain http:// only to this machine, and kms-local answers only its own names.
extra_host=kms-e2e.localhost
mkdir -p "$work/site/tools"
cp -R "$root/dist" "$work/site/tools/kms-console"
node "$root/web/tools/finish-dist.mjs" "$work/site/tools/kms-console" --connect-src="http://$extra_host:*" \
  >"$work/finish-dist.log" || { cat "$work/finish-dist.log" >&2; die "finish-dist failed on the copy of dist/"; }
say "$(grep 'connect-src' "$work/finish-dist.log")"
node "$root/web/tools/serve.mjs" "$work/site" 0 >"$work/serve.log" 2>&1 &
pids+=($!)
server_url=$(wait_for_line "$work/serve.log" 'http://127\.0\.0\.1:[0-9]+/' "${pids[-1]}")
console_origin=${server_url%/}
console_url=${server_url}tools/kms-console/

"$kms_local" --port 0 --keys 10 --rotation-seconds 2 --cors-origin "$console_origin" >"$work/kms-local.log" 2>&1 &
pids+=($!)
kms_url=$(wait_for_line "$work/kms-local.log" 'listening on http://127\.0\.0\.1:[0-9]+' "${pids[-1]}" | sed 's/^listening on //')
# A second kms-local with 2,000 more keys, for the test of what a large load reads first.
"$kms_local" --port 0 --keys 2000 --cors-origin "$console_origin" >"$work/kms-local-large.log" 2>&1 &
pids+=($!)
kms_large_url=$(wait_for_line "$work/kms-local-large.log" 'listening on http://127\.0\.0\.1:[0-9]+' "${pids[-1]}" | sed 's/^listening on //')
say "console $console_url, kms-local $kms_url (large: $kms_large_url)"

export CONSOLE_URL=$console_url KMS_URL=$kms_url KMS_LARGE_URL=$kms_large_url CHROMIUM=${CHROMIUM:-/usr/bin/chromium} EXTRA_HOST=$extra_host
status=0
only=()
if [ -n "${KMS_E2E_ONLY:-}" ]; then only=(--test-name-pattern="$KMS_E2E_ONLY"); fi
node --test --test-concurrency=1 --test-reporter=spec "${only[@]}" "$here/console.test.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  say "kms-local's last lines:"
  tail -n 40 "$work/kms-local.log" >&2 || true
fi
exit "$status"
