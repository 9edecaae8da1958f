#!/usr/bin/env bash
# Sets up what is missing, then runs every test of kms-rotate. Exits non-zero if any
# suite fails. This is the README's test command and what CI runs.
#
#   scripts/test.sh            everything
#   KMS_SKIP_SETUP=1 scripts/test.sh   skip scripts/setup.sh (already set up)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

if [ -z "${KMS_SKIP_SETUP:-}" ]; then
  scripts/setup.sh || { echo "[test] setup failed" >&2; exit 1; }
fi

passed=0
failed=0
failures=()
step() {
  local name=$1
  shift
  printf '\n=== %s\n' "$name"
  local started=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    printf '=== %s: ok (%ss)\n' "$name" $((SECONDS - started))
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '=== %s: FAILED (%ss)\n' "$name" $((SECONDS - started))
  fi
}

wasm_tests() {
  # No -q: it breaks the wasm test runner. KMS_TEST_ENV makes a test prove where it ran.
  KMS_TEST_ENV=$1 cargo test --locked -p kms-core --target wasm32-unknown-unknown --lib --test tests
}

step "rustfmt" cargo fmt --all -- --check
step "clippy (native)" cargo clippy --locked -p kms-core -p kms-local --all-targets -- -D warnings
step "clippy (wasm)" cargo clippy --locked -p kms-core -p kms-fetch -p kms-wasm -p kms-console \
  --target wasm32-unknown-unknown -- -D warnings
step "kms-core and kms-local (native cargo test)" cargo test --locked -p kms-core -p kms-local
step "kms-core in wasm (Node)" wasm_tests node
step "kms-core in wasm (headless Chromium)" env WASM_BINDGEN_USE_BROWSER=1 bash -c "$(declare -f wasm_tests); wasm_tests browser"
step "console component tests (headless Chromium)" env WASM_BINDGEN_USE_BROWSER=1 \
  cargo test --locked -p kms-console --target wasm32-unknown-unknown --lib
step "console build tools (node --test: finish-dist, the static server's headers)" \
  node --test web/tools/finish-dist.test.mjs web/tools/serve.test.mjs
step "fuzz (corpus replay, then a fixed number of runs per target, fixed seed)" env FUZZ_SEED=1 FUZZ_RUNS=ci scripts/fuzz.sh 90
for suite in tests/kms-local/run.sh tests/npm/run.sh tests/e2e/run.sh; do
  if [ -x "$suite" ]; then
    step "$suite" "$suite"
  else
    step "$suite (missing)" false
  fi
done

printf '\n'
for name in "${failures[@]}"; do printf 'failed: %s\n' "$name"; done
printf 'suites: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
