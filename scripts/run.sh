#!/usr/bin/env bash
# The README's run command: sets up what is missing, builds, starts kms-local with the
# demo data on http://127.0.0.1:4599 and serves the console on http://127.0.0.1:8080,
# preset to that local endpoint. Prints the demo credentials to paste. Ctrl-C stops both.
#
#   KMS_LOCAL_PORT=4599 CONSOLE_PORT=8080 scripts/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
kms_port=${KMS_LOCAL_PORT:-4599}
console_port=${CONSOLE_PORT:-8080}
say() { printf '[run] %s\n' "$*" >&2; }

scripts/setup.sh
say "building kms-local"
cargo build --locked --profile release-native -p kms-local
target_dir=${CARGO_TARGET_DIR:-$root/target}
say "building the console"
scripts/build-console.sh

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$target_dir/release-native/kms-local" --port "$kms_port" \
  --cors-origin "http://127.0.0.1:$console_port" --cors-origin "http://localhost:$console_port" &
pids+=($!)
node web/tools/serve.mjs dist "$console_port" &
pids+=($!)
sleep 1
# The console's sign-in presets Local at kms-local's default port (web/src/state.rs).
if [ "$kms_port" = 4599 ]; then
  endpoint_note="endpoint preset: Local, http://127.0.0.1:4599"
else
  endpoint_note="on the sign-in page set 'Local endpoint URL' to http://127.0.0.1:$kms_port (the preset is port 4599)"
fi
cat <<MSG

  The console:  http://127.0.0.1:$console_port/   ($endpoint_note)

  Paste these demo credentials on the sign-in page (they open nothing but kms-local):

    export AWS_ACCESS_KEY_ID=ASIAKMSLOCALDEMO0001
    export AWS_SECRET_ACCESS_KEY=kmsLocalDemoSecretAccessKey0000000000000
    export AWS_SESSION_TOKEN=kms-local-demo-session-token

  Regions with demo keys: us-east-1 and eu-west-1. Ctrl-C stops both servers.

MSG
wait -n "${pids[@]}"
