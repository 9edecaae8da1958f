#!/usr/bin/env bash
# Serves the built console (dist/, from scripts/build-console.sh) on
# http://127.0.0.1:8080 — the origin kms-local allows by default — or on $PORT.
# Any static server works if it sends application/wasm for .wasm files; this one needs
# only Node 20+ (python3 -m http.server 8080 --bind 127.0.0.1 --directory dist does too).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$root/dist/index.html" ] || { echo "[serve-console] no dist/index.html: run scripts/build-console.sh first" >&2; exit 1; }
exec node "$root/web/tools/serve.mjs" "$root/dist" "${PORT:-8080}"
