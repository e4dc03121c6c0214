# Sourced by the build scripts after scripts/setup.sh: exports what the wasm build needs on the route setup chose.
# Only the wasm build may see these variables: native `cargo test` must not build the standard library itself.
_dockerlab_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$_dockerlab_root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if [ "${DOCKERLAB_WASM_ROUTE:-$(cat "${XDG_CACHE_HOME:-$HOME/.cache}/dockerlab/wasm-route" 2>/dev/null)}" = debian ]; then
  export RUSTC=/usr/bin/rustc
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=rust-lld
  # Keep the wasm build's artifacts apart so switching compilers never invalidates the native ones.
  export CARGO_TARGET_DIR="$_dockerlab_root/target/wasm-build"
fi
unset _dockerlab_root
