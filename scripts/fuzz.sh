#!/usr/bin/env bash
# Fuzzes every parser of untrusted input (fuzz/README.md): replays the committed corpus
# as a plain `cargo test`, then runs each cargo-fuzz (libFuzzer) target for a bounded
# time. Exits non-zero if a corpus file fails or a target finds a crash.
#
#   scripts/fuzz.sh                    30 s per target, every target
#   scripts/fuzz.sh 20                 20 s per target
#   scripts/fuzz.sh 300 kms_local      one target, 5 minutes
#
# Environment:
#   FUZZ_TARGET_DIR=DIR   cargo's target dir (default fuzz/target)
#   FUZZ_SANITIZER=address  build with AddressSanitizer (needs RUSTC_BOOTSTRAP=1 on
#                         stable, which this sets; about 3x slower; own target dir)
#   FUZZ_REPLAY=0         skip the corpus replay (`cargo test` of fuzz/)
#   FUZZ_SEED=N           libFuzzer's random seed
#   FUZZ_RUNS=ci          stop each target after a fixed number of executions (the
#                         CI_RUNS table below, about 20 s each here) rather than after a
#                         time, starting from the committed corpus alone. With FUZZ_SEED
#                         (the test command sets both) a CI run does the same bounded
#                         work on any machine, close to the same inputs each time (not
#                         exactly: coverage feedback varies a little between runs).
#                         The seconds stay as a cap. Long, open-ended runs (no FUZZ_RUNS)
#                         are how new bugs are found; commit what they find to the corpus.
#
# New inputs go to fuzz/corpus-work/<target>/ (ignored by git), crashes to
# fuzz/artifacts/<target>/. Reproduce a crash with
#   cargo test --manifest-path fuzz/Cargo.toml   after copying it into fuzz/corpus/<target>/
# or run the target binary on the file (printed below).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

CARGO_FUZZ_VERSION=0.13.2
ALL_TARGETS=(key_id credentials error_response decode_output endpoint kms_local import_token saved_files sts_xml)
# Executions per target for FUZZ_RUNS=ci: about 20 s each at this machine's rates.
declare -A CI_RUNS=(
  [key_id]=2500000 [credentials]=1500000 [error_response]=1200000
  [decode_output]=120000 [endpoint]=1000000 [kms_local]=15000 [import_token]=100000 [saved_files]=100000 [sts_xml]=100000
)

seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")
case $seconds in
  '' | *[!0-9]*) echo "[fuzz] usage: scripts/fuzz.sh [seconds-per-target] [target...]" >&2; exit 2 ;;
esac

sanitizer=${FUZZ_SANITIZER:-none}
target_dir=${FUZZ_TARGET_DIR:-$root/fuzz/target}
if [ "$sanitizer" != none ]; then
  # cargo-fuzz passes -Zsanitizer=...; stable rustc takes -Z flags only with this.
  export RUSTC_BOOTSTRAP=1
  target_dir="$target_dir-$sanitizer"
fi
export CARGO_TARGET_DIR=$target_dir
triple=$(rustc -vV | sed -n 's/^host: //p')
bin_dir="$target_dir/$triple/release"

# Every long step runs as a background job in its own process group (job control on),
# so that an interrupt or TERM stops it and its children (cargo's rustc, the fuzzer) at
# once: the traps end exactly the groups this script started, by id.
set -m
current=
cleanup() {
  if [ -n "$current" ]; then
    kill -TERM -- "-$current" 2>/dev/null
    wait "$current" 2>/dev/null
    current=
  fi
}
trap cleanup EXIT
# fd 3 is the script's stderr, also while a step's output goes to a log.
exec 3>&2
trap 'echo "[fuzz] interrupted" >&3; exit 130' INT TERM
# run CMD...: runs CMD as the current job and returns its exit status.
run() {
  "$@" &
  current=$!
  wait "$current"
  local status=$?
  current=
  return "$status"
}

# --- tools -------------------------------------------------------------------------
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  echo "[fuzz] installing cargo-fuzz $CARGO_FUZZ_VERSION"
  run cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION" ||
    { echo "[fuzz] FAIL: cannot install cargo-fuzz" >&2; exit 1; }
fi

passed=0
failed=0

# --- corpus replay (no fuzzer) -----------------------------------------------------
# A failing corpus file does not stop the fuzzing below: every target still runs, and
# the summary counts the replay as one more failure.
if [ "${FUZZ_REPLAY:-1}" != 0 ]; then
  echo "[fuzz] replaying the committed corpus (cargo test)"
  if run cargo test --manifest-path fuzz/Cargo.toml; then
    passed=$((passed + 1))
    echo "[fuzz] corpus replay   PASS"
  else
    failed=$((failed + 1))
    echo "[fuzz] corpus replay   FAIL  (the failing files are named above)"
  fi
fi

# --- build -------------------------------------------------------------------------
echo "[fuzz] building ${targets[*]} (sanitizer: $sanitizer)"
if [ ${#targets[@]} -eq ${#ALL_TARGETS[@]} ]; then
  run cargo fuzz build -O -s "$sanitizer" || { echo "[fuzz] FAIL: cannot build" >&2; exit 1; }
else
  for target in "${targets[@]}"; do
    run cargo fuzz build -O -s "$sanitizer" "$target" ||
      { echo "[fuzz] FAIL: cannot build $target" >&2; exit 1; }
  done
fi

# --- run ---------------------------------------------------------------------------
log_dir=$(mktemp -d)
for target in "${targets[@]}"; do
  work="fuzz/corpus-work/$target"
  # A repeatable run starts from the committed corpus alone.
  [ "${FUZZ_RUNS:-}" = ci ] && work="$log_dir/corpus-$target"
  artifacts="fuzz/artifacts/$target"
  mkdir -p "$work" "$artifacts"
  log="$log_dir/$target.log"
  before=$(find "$artifacts" -type f | wc -l)
  # libFuzzer writes new inputs to the first folder and only reads the second.
  # -timeout: one input running 10 s is a finding (a hang), not a slow machine.
  runs_limit=
  case ${FUZZ_RUNS:-} in
    '') ;;
    ci) runs_limit=${CI_RUNS[$target]} ;;
    *) echo "[fuzz] FUZZ_RUNS must be 'ci' or unset" >&2; exit 2 ;;
  esac
  run timeout --kill-after=10 $((seconds + 120)) "$bin_dir/$target" "$work" "fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    ${FUZZ_SEED:+-seed="$FUZZ_SEED"} ${runs_limit:+-runs="$runs_limit"} \
    -artifact_prefix="$artifacts/" >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  [ -z "$runs" ] && runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n1)
  new=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -n1)
  after=$(find "$artifacts" -type f | wc -l)
  if [ "$status" -eq 0 ] && [ "$after" -eq "$before" ]; then
    passed=$((passed + 1))
    printf '[fuzz] %-15s PASS  %s executions in %s s (%s/s), %s new inputs\n' \
      "$target" "${runs:-?}" "${took:-$seconds}" "${rate:-?}" "${new:-0}"
  else
    failed=$((failed + 1))
    printf '[fuzz] %-15s FAIL  exit %s after %s executions\n' "$target" "$status" "${runs:-?}"
    {
      grep -a -m1 -A2 "panicked at" "$log" | cut -c1-400
      grep -a -E "ERROR: libFuzzer|Test unit written to|ALARM|out-of-memory" "$log" | head -n 5
    } | sed 's/^/[fuzz]     /'
    echo "[fuzz]     full log: $log; reproduce: $bin_dir/$target <the file above>"
  fi
done

[ "$failed" -eq 0 ] && rm -rf "$log_dir"
printf '\n'
printf 'fuzz: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
