#!/usr/bin/env bash
# Installs what building and testing Dockerlab need, and nothing that is already there.
#
#   scripts/setup.sh wasm      the WebAssembly toolchain, trunk, wasm-bindgen and wasm-opt
#   scripts/setup.sh browser   Node.js tools for the browser tests and a Chromium to drive
#   scripts/setup.sh all       both (the default)
#
# It is safe to run again: each step checks first and takes a second or so when nothing is missing.
# Other scripts source scripts/wasm-env.sh afterwards to build with the toolchain chosen here.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

TRUNK_VERSION="0.21.14"
state_dir="${XDG_CACHE_HOME:-$HOME/.cache}/dockerlab"
route_file="$state_dir/wasm-route"
mkdir -p "$state_dir"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[setup] error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "'$*' needs root and sudo is not available; run it as root, then run this script again."
  fi
}

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "missing packages ($*) and no apt-get to install them with; see README.md, 'Before you start'."
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    as_root apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing_debs() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s ' "$pkg"
  done
}

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
locked_version() { # crate
  [ -f Cargo.lock ] || cargo generate-lockfile --quiet
  awk -v name="name = \"$1\"" '$0 == name { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}
locked_wasm_bindgen_version() { locked_version wasm-bindgen; }

cargo_tool() { # name version binary [cargo install flags...]
  local crate="$1" version="$2" binary="$3"; shift 3
  if command -v "$binary" >/dev/null 2>&1 && "$binary" --version 2>/dev/null | grep -qF " $version"; then
    return
  fi
  # A tool without --version: cargo's own record of what it installed.
  if command -v "$binary" >/dev/null 2>&1 && cargo install --list 2>/dev/null | grep -qxF "$crate v$version:"; then
    return
  fi
  say "cargo install $crate $version (several minutes the first time)"
  cargo install --quiet "$crate" --version "$version" "$@"
}

# Two routes to a Rust compiler that targets wasm32-unknown-unknown:
#  - rustup's prebuilt target (the ordinary route, tried first);
#  - where rustup cannot download it, Debian's rustc-web with its standard library sources, compiled for
#    the target by cargo's build-std (scripts/wasm-env.sh sets the variables that selects it).
setup_wasm_toolchain() {
  local remembered=""
  [ -f "$route_file" ] && remembered="$(cat "$route_file")"
  case "${DOCKERLAB_WASM_ROUTE:-}" in
    ""|rustup|debian) ;;
    *) die "DOCKERLAB_WASM_ROUTE must be rustup or debian" ;;
  esac

  # DOCKERLAB_WASM_ROUTE=debian forces the fallback route, to check it on a machine where rustup works.
  if [ "${DOCKERLAB_WASM_ROUTE:-}" != debian ]; then
    if command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
      echo rustup >"$route_file"; return
    fi
    # A machine where rustup failed before is not made to wait for it again; delete $route_file to retry.
    if [ "$remembered" != debian ] && command -v rustup >/dev/null 2>&1; then
      # Where rustup's server is out of reach the download hangs rather than failing, hence the time limit.
      say "rustup target add wasm32-unknown-unknown (given 90 s)"
      if timeout 90 rustup target add wasm32-unknown-unknown; then
        echo rustup >"$route_file"; return
      fi
      say "rustup could not install the wasm target here; using Debian's rustc-web with build-std instead"
    fi
  fi
  command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup first (README.md, 'Before you start')."

  local missing
  missing="$(missing_debs rustc-web cargo-web rust-web-src lld-22)"
  [ -z "$missing" ] || apt_install $missing
  [ -d /usr/lib/rustlib/src/rust/library ] || die "rust-web-src did not provide /usr/lib/rustlib/src/rust/library"
  command -v rust-lld >/dev/null 2>&1 || die "rust-lld not found after installing lld-22"
  # trunk runs cargo offline, so the standard library's own dependencies must be in cargo's cache beforehand.
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 cargo fetch --quiet --manifest-path /usr/lib/rustlib/src/rust/library/Cargo.toml
  [ -n "${DOCKERLAB_WASM_ROUTE:-}" ] || echo debian >"$route_file"
}

setup_node_modules() {
  command -v node >/dev/null 2>&1 || die "Node.js not found: install Node.js 18 or later (README.md, 'Before you start')."
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci (wasm-opt and playwright-core; no browser download)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

setup_wasm() {
  setup_wasm_toolchain
  # trunk runs cargo offline (Trunk.toml), so every crate the app needs is fetched here first.
  cargo fetch --quiet
  cargo_tool trunk "$TRUNK_VERSION" trunk --locked
  # wasm-bindgen-cli is installed without --locked: one of its locked dependencies is missing from the
  # registry mirror these machines use, and the unlocked build is verified to work.
  cargo_tool wasm-bindgen-cli "$(locked_wasm_bindgen_version)" wasm-bindgen
  # Splits the app into modules loaded on demand (scripts/split-wasm.mjs); its version must match the
  # wasm_split_helpers crate in Cargo.lock that Leptos' `#[lazy]` uses.
  cargo_tool wasm_split_cli_support "$(locked_version wasm_split_helpers)" wasm-split-cli --locked --features build-binary
  setup_node_modules
}

setup_browser() {
  setup_node_modules
  if [ -n "${CHROMIUM:-}" ]; then
    [ -x "$CHROMIUM" ] || die "CHROMIUM=$CHROMIUM is not an executable"
    return
  fi
  if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then
    return
  fi
  apt_install chromium chromium-driver fonts-dejavu-core
}

case "${1:-all}" in
  wasm) setup_wasm ;;
  browser) setup_browser ;;
  all) setup_wasm; setup_browser ;;
  *) die "unknown part '$1' (expected wasm, browser or all)" ;;
esac
