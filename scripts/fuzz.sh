#!/usr/bin/env bash
# Fuzzes the engine with cargo-fuzz (libFuzzer) on the nightly toolchain. Long-running: not part of the tests.
#
#   scripts/fuzz.sh [TARGET] [SECONDS]    TARGET: analyze (default) or expand; SECONDS defaults to 1800
#
# The corpus starts from BuildKit's parser test files and the real ML Dockerfiles in ../shared, and grows in
# crates/engine/fuzz/corpus/TARGET (not committed). A crash leaves its input in crates/engine/fuzz/artifacts/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:-analyze}"
seconds="${2:-1800}"

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz

corpus="$root/crates/engine/fuzz/corpus/$target"
mkdir -p "$corpus"
shared="$root/../shared"
if [ -d "$shared" ]; then
  n=0
  while IFS= read -r -d '' file; do
    cp "$file" "$corpus/seed-$n"; n=$((n + 1))
  done < <(find "$shared/conformance/buildkit-parser" "$shared/corpus/ml-dockerfiles" -name 'Dockerfile*' -type f -print0)
fi

cd "$root/crates/engine"
exec cargo +nightly fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096
