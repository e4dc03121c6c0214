#!/usr/bin/env bash
# Builds the release dist/ and prints the wasm, js and css sizes: raw, gzip and brotli.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/build.sh >&2
node scripts/size-report.mjs dist
