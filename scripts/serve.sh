#!/usr/bin/env bash
# Sets up what is missing, builds the app and serves it on http://127.0.0.1:8080 (rebuilding on change).
# `--dev` serves an unoptimised build, which rebuilds faster while working on the app.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh wasm
source scripts/wasm-env.sh
mode=(--release)
[ "${1:-}" = "--dev" ] && mode=()
printf '\n  Dockerlab will be served at \033[1mhttp://127.0.0.1:8080/\033[0m once the build below finishes.\n\n'
# Its own folder: a served build (network-first worker, inline scripts allowed) must never stand in for the
# release dist/ that scripts/build.sh writes and the browser tests check.
exec trunk serve "${mode[@]}" --dist target/dist-serve --address 127.0.0.1 --port 8080
