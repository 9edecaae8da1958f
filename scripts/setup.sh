#!/usr/bin/env bash
# Sets up a fresh machine for kms-rotate: everything from the package registries only
# (crates.io, npm, PyPI, Debian), with pinned versions, skipping what is already present.
#
#   scripts/setup.sh          everything (core, npm package, console, browser tests)
#
# What it installs, and why:
#   rustup target wasm32-unknown-unknown     the npm package and the console are wasm
#   wasm-bindgen-cli = Cargo.lock's version  glue for the wasm (must match the crate exactly)
#   trunk 0.21.14                            builds the console (0.22 needs a newer rustc)
#   Debian chromium + chromium-driver        headless browser tests (wasm-bindgen-test, e2e)
#   python3-venv, only if Python lacks venv  boto3 and moto run from virtualenvs under tests/
# cargo-fuzz 0.13.2 is installed by scripts/fuzz.sh when it first runs.
# Node packages (binaryen's wasm-opt, esbuild, playwright-core, the AWS SDK for the
# comparisons) are installed per test project by `npm ci` from committed lock files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

TRUNK_VERSION=0.21.14
say() { printf '[setup] %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || { say "error: no cargo; install Rust with rustup first"; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if ! rustup component list --installed 2>/dev/null | grep -q '^clippy'; then
  rustup component add clippy rustfmt
fi

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wasm_bindgen_version" ]; then
  # Not --locked: the CLI's own lock file pins a crate version the registry here lacks.
  say "cargo install wasm-bindgen-cli@$wasm_bindgen_version (about 3 minutes)"
  cargo install --force wasm-bindgen-cli@"$wasm_bindgen_version"
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "cargo install trunk@$TRUNK_VERSION --locked (about 13 minutes on 2 cores)"
  cargo install --force --locked trunk@"$TRUNK_VERSION"
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "apt-get install chromium chromium-driver"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  # boto3 and moto are installed into virtualenvs under tests/ by their suites.
  say "apt-get install python3-venv"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
fi

say "cargo fetch --locked (so offline builds find every crate)"
cargo fetch --locked >/dev/null 2>&1 || cargo fetch --locked
say "ready"
