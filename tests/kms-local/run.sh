#!/usr/bin/env bash
# Wire tests of kms-local with AWS clients no one here wrote: builds kms-local, starts it
# on a free port of 127.0.0.1 with the demo seed, runs the @aws-sdk/client-kms tests
# (node --test) and the boto3 tests (pytest, in tests/kms-local/.venv), and always stops
# the server. Exits non-zero if anything fails.
#
#   tests/kms-local/run.sh                 # dev build
#   KMS_LOCAL_PROFILE=release-native tests/kms-local/run.sh
#   KMS_LOCAL_SKIP_PYTHON=1 tests/kms-local/run.sh
#
# Needs: cargo, Node 20+ and npm (dependencies come from package-lock.json via npm ci),
# python3 with the venv module (boto3 and pytest come from PyPI into .venv).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
profile="${KMS_LOCAL_PROFILE:-dev}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
log="$(mktemp -t kms-local.XXXXXX.log)"
server_pid=""

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap stop_server EXIT INT TERM

echo "== building kms-local ($profile)"
(cd "$root" && cargo build -p kms-local --profile "$profile")
out_dir="$profile"
[[ "$profile" == "dev" ]] && out_dir="debug"
bin="$target_dir/$out_dir/kms-local"

echo "== starting kms-local on a free port of 127.0.0.1"
"$bin" --bind 127.0.0.1 --port 0 --seed "$root/crates/kms-local/src/demo.json" \
  --rotation-seconds 1 >"$log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^kms-local listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -n1)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "kms-local exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "kms-local did not start within 10 s:" >&2
  cat "$log" >&2
  exit 1
fi
node -e 'fetch(process.argv[1], { headers: { "x-kms-local-admin": "1" } }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
  "$url/_kms_local/health" || {
  echo "kms-local does not answer its health check" >&2
  exit 1
}
echo "kms-local at $url (pid $server_pid)"
export KMS_LOCAL_URL="$url"

# The number a sed pattern captures on the last matching line of stdin, else 0.
count() {
  local n
  n="$(sed -n "s/$1/\1/p" | tail -n1)"
  echo "${n:-0}"
}

failed=0
passed_suites=0
tests_passed=0
tests_failed=0
out="$(mktemp -t kms-local-tests.XXXXXX)"

echo "== @aws-sdk/client-kms (node --test)"
cd "$here"
if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund
fi
if npm test 2>&1 | tee "$out"; then
  passed_suites=$((passed_suites + 1))
else
  failed=$((failed + 1))
fi
tests_passed=$((tests_passed + $(count '^# pass \([0-9]*\)$' <"$out")))
tests_failed=$((tests_failed + $(count '^# fail \([0-9]*\)$' <"$out")))

if [[ "${KMS_LOCAL_SKIP_PYTHON:-0}" != "1" ]]; then
  echo "== boto3 (pytest)"
  if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
  fi
  if ! .venv/bin/python -c 'import boto3, pytest, cryptography' 2>/dev/null; then
    .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  fi
  if .venv/bin/python -m pytest -q -p no:cacheprovider python 2>&1 | tee "$out"; then
    passed_suites=$((passed_suites + 1))
  else
    failed=$((failed + 1))
  fi
  summary="$(grep -E '[0-9]+ (passed|failed)' "$out" | tail -n1 || true)"
  tests_passed=$((tests_passed + $(count '.*\b\([0-9][0-9]*\) passed.*' <<<"$summary")))
  tests_failed=$((tests_failed + $(count '.*\b\([0-9][0-9]*\) failed.*' <<<"$summary")))
fi

rm -f "$out"
if [[ $failed -ne 0 ]]; then
  echo "kms-local wire tests: $failed of $((passed_suites + failed)) suites failed; server log:" >&2
  tail -n 40 "$log" >&2 || true
  echo "kms-local: $tests_passed passed, $tests_failed failed"
  exit 1
fi
echo "kms-local: $tests_passed passed, $tests_failed failed"
