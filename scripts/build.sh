#!/usr/bin/env bash
# Builds the release app into dist/ (sets up what is missing first). `--dev` builds without optimisation.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh wasm
source scripts/wasm-env.sh
if [ "${1:-}" = "--dev" ]; then
  trunk build
else
  trunk build --release
fi
