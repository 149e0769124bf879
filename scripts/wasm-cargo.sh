#!/usr/bin/env bash
# cargo for wasm32 with the compiler toolchain.sh chose (WASM_MODE): rustup's target, or
# Debian's rustc-web building std from source. Artefacts live in the per-user cache, so a
# fresh clone reuses the compiled std and dependencies.
set -euo pipefail
: "${WASM_MODE:?source scripts/toolchain.sh and call ensure_wasm_rust first}"
sub="$1"; shift
if [ "$WASM_MODE" = rustup ]; then
  CARGO_TARGET_DIR="$CACHE/target-wasm-rustup" exec cargo "$sub" --target "$WASM_TARGET" "$@"
fi
host="$(rustc -vV | awk '/^host:/{print $2}')"
lld="$(rustc --print sysroot)/lib/rustlib/$host/bin/rust-lld"
[ -x "$lld" ] || { echo "rust-lld not found at $lld" >&2; exit 1; }
export LD_LIBRARY_PATH="$WASM_RUSTC_DIR/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export RUSTC="$WASM_RUSTC_DIR/usr/bin/rustc" RUSTDOC="$WASM_RUSTC_DIR/usr/bin/rustdoc" RUSTC_BOOTSTRAP=1
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld"
export CARGO_TARGET_DIR="$CACHE/target-wasm-$(basename "$WASM_RUSTC_DIR")"
exec cargo "$sub" --target "$WASM_TARGET" -Zbuild-std=std,panic_abort "$@"
