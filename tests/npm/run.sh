#!/usr/bin/env bash
# Tests of the kms-rotate npm package as users get it: the packed tarball installed into a
# fresh project.
#
#   1. node --test against kms-local over HTTP (every method, pagination, rotateAndWait,
#      every error class, retries, no double rotation, clock skew, credential refresh)
#   2. tsc --noEmit of a TypeScript example that uses the whole API
#   3. the package bundled with esbuild for the browser, run in headless Chromium against
#      kms-local through CORS
#   4. the read and rotate paths against moto's server (skip with KMS_SKIP_MOTO=1)
#   5. kms-fetch's wasm-bindgen tests in Node and headless Chromium (KMS_SKIP_WASM_TESTS=1)
#
# Prints each runner's counts and a final "N passed, N failed" line; exits non-zero on any
# failure. Needs: Node 20+, npm, cargo, /usr/bin/chromium, python3 with venv (for moto).
# Environment: KMS_NPM_TARBALL (skip the build), CARGO_TARGET_DIR, KMS_SKIP_MOTO=1,
# KMS_SKIP_BROWSER=1, KMS_SKIP_WASM_TESTS=1. Chromium: /usr/bin/chromium and chromedriver on PATH.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cargo_target=${CARGO_TARGET_DIR:-$root/target}

say() { printf '\n[tests/npm] %s\n' "$*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kms-rotate-npm.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# ---- build ------------------------------------------------------------------------------
if [ ! -x "$here/node_modules/.bin/esbuild" ] || [ ! -d "$here/node_modules/playwright-core" ]; then
  say "npm ci (tests/npm: binaryen, esbuild, playwright-core, typescript)"
  (cd "$here" && npm ci --no-audit --no-fund)
fi
tarball=${KMS_NPM_TARBALL:-}
if [ -z "$tarball" ]; then
  say "building the package"
  tarball=$(bash "$root/scripts/build-npm.sh" | tail -n 1)
fi
[ -f "$tarball" ] || { echo "no tarball at $tarball" >&2; exit 1; }

say "building kms-local"
(cd "$root" && cargo build --locked -p kms-local)
kms_local=$cargo_target/debug/kms-local

# ---- a fresh project with the tarball installed ------------------------------------------
say "installing $(basename "$tarball") into a fresh project"
project=$work/project
mkdir -p "$project"
cat >"$project/package.json" <<'EOF'
{ "name": "kms-rotate-consumer", "private": true, "type": "module" }
EOF
(cd "$project" && npm install --no-audit --no-fund --offline "$tarball" >/dev/null)
cp "$here/lib/kms-local.mjs" "$here/node/package.test.mjs" "$project/"

results=$work/results
: >"$results"
record() { echo "$1 $2 $3 ${4:-0}" >>"$results"; } # suite passed failed skipped

# Runs node --test, shows its output, records its counts.
node_suite() {
  local name=$1
  shift
  local out=$work/$name.out status=0
  node --test --test-concurrency=1 --test-reporter=spec "$@" 2>&1 | tee "$out" || status=$?
  local passed failed skipped
  passed=$(grep -E '^ℹ pass [0-9]+' "$out" | awk '{print $3}' | tail -n 1)
  failed=$(grep -E '^ℹ fail [0-9]+' "$out" | awk '{print $3}' | tail -n 1)
  skipped=$(grep -E '^ℹ skipped [0-9]+' "$out" | awk '{print $3}' | tail -n 1)
  passed=${passed:-0}
  failed=${failed:-0}
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi # "0 passed" is a failure
  record "$name" "$passed" "$failed" "${skipped:-0}"
}

# ---- 1. Node against kms-local ----------------------------------------------------------
say "node --test against kms-local"
"$kms_local" --port 0 --bind 127.0.0.1 --no-quotas --rotation-seconds 1 --quiet 2>"$work/kms-local.err" &
pids+=($!)
kms_url=
for _ in $(seq 1 200); do
  kms_url=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$work/kms-local.err" | head -n 1 | awk '{print $3}' || true)
  [ -n "$kms_url" ] && break
  sleep 0.1
done
[ -n "$kms_url" ] || { echo "kms-local did not start:" >&2; cat "$work/kms-local.err" >&2; exit 1; }
echo "kms-local at $kms_url"
# KMS_TEST_NODE_MODULES: where the AWS SDK's credential providers are (tests/npm's own
# dependencies), for the test of SDK credential providers as `credentials`.
(cd "$project" && KMS_LOCAL_URL=$kms_url KMS_LOCAL_BIN=$kms_local KMS_TEST_NODE_MODULES=$here/node_modules node_suite node package.test.mjs)

# ---- 2. TypeScript ----------------------------------------------------------------------
say "tsc --noEmit of the TypeScript example"
cp "$here/types/example.ts" "$here/types/tsconfig.json" "$project/"
if (cd "$project" && "$here/node_modules/.bin/tsc" --noEmit -p tsconfig.json); then
  echo "tsc: the example type-checks"
  record tsc 1 0
else
  record tsc 0 1
fi
# A deliberate misuse must be refused, or the declarations are too loose to catch anything.
cp "$here/types/misuse.ts" "$project/example.ts"
if (cd "$project" && "$here/node_modules/.bin/tsc" --noEmit -p tsconfig.json >"$work/misuse.out" 2>&1); then
  echo "tsc accepted types/misuse.ts: the declarations are too loose" >&2
  record tsc-misuse 0 1
else
  errors=$(grep -c 'error TS' "$work/misuse.out" || true)
  echo "tsc: types/misuse.ts refused with $errors errors, as it should be"
  record tsc-misuse 1 0
fi

# ---- 3. the browser ---------------------------------------------------------------------
if [ -z "${KMS_SKIP_BROWSER:-}" ]; then
  say "esbuild bundle in headless Chromium against kms-local through CORS"
  status=0
  node "$here/browser/run.mjs" --project "$project" --kms-local "$kms_local" --esbuild "$here/node_modules/esbuild/bin/esbuild" \
    --out "$work/browser" | tee "$work/browser.out" || status=$?
  line=$(grep -E '^browser: [0-9]+ passed, [0-9]+ failed' "$work/browser.out" | tail -n 1 || true)
  if [ -n "$line" ]; then
    record browser "$(echo "$line" | awk '{print $2}')" "$(echo "$line" | awk '{print $4}')"
  else
    record browser 0 1
  fi
  [ "$status" -eq 0 ] || grep -q '^browser' "$results" || record browser 0 1
fi

# ---- 4. moto ----------------------------------------------------------------------------
if [ -z "${KMS_SKIP_MOTO:-}" ]; then
  say "moto_server compatibility"
  venv=$here/.venv
  if [ ! -x "$venv/bin/moto_server" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'moto[server]'
  fi
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    node -e 'fetch(process.argv[1]).then(()=>process.exit(0),()=>process.exit(1))' "http://127.0.0.1:$port/moto-api/" && break
    sleep 0.2
  done
  cp "$here/node/moto.test.mjs" "$project/"
  (cd "$project" && MOTO_URL="http://127.0.0.1:$port" node_suite moto moto.test.mjs)
fi

# ---- 5. kms-fetch in Node and headless Chromium (wasm-bindgen-test) ----------------------
if [ -z "${KMS_SKIP_WASM_TESTS:-}" ]; then
  for host in node chromium; do
    say "kms-fetch wasm-bindgen tests in $host"
    out=$work/wasm-$host.out
    status=0
    # No -q: it breaks the wasm runner. The count is checked, not only the exit code.
    (cd "$root" && if [ "$host" = chromium ]; then export WASM_BINDGEN_USE_BROWSER=1; fi &&
      cargo test --locked -p kms-fetch --target wasm32-unknown-unknown --test fetch) 2>&1 | tee "$out" || status=$?
    line=$(grep -E '^test result: ' "$out" | head -n 1 || true)
    passed=$(echo "$line" | sed -nE 's/.* ([0-9]+) passed.*/\1/p')
    failed=$(echo "$line" | sed -nE 's/.* ([0-9]+) failed.*/\1/p')
    passed=${passed:-0}
    failed=${failed:-0}
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    record "fetch-$host" "$passed" "$failed"
  done
fi

# ---- summary ----------------------------------------------------------------------------
say "summary"
total_passed=0
total_failed=0
total_skipped=0
while read -r name passed failed skipped; do
  printf '  %-12s %4s passed, %s failed, %s skipped\n' "$name" "$passed" "$failed" "$skipped"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
done <"$results"
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
[ "$total_failed" -eq 0 ]
