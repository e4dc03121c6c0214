#!/usr/bin/env bash
# Runs every test: formatting, clippy, the native tests of the whole workspace, then the release app in a real
# headless Chromium. Sets up whatever is missing first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh all

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo test --workspace"
cargo test --workspace

step "release build of the app"
scripts/build.sh

step "end-to-end tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/*.test.mjs
