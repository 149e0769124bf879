# Shared helpers for the project's scripts. Source it; it sets no options of its own.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Everything fetched or built outside the work tree lives here, keyed by version,
# so a fresh clone on the same machine (CI) reuses it.
CACHE="${WA_GROUPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wa-groups}"
mkdir -p "$CACHE"

# Pinned versions. WASM_BINDGEN must equal the `wasm-bindgen = "=X"` pin in Cargo.toml.
WASM_BINDGEN_VERSION="0.2.130"
BINARYEN_VERSION="132.0.0"

log() { printf '\033[1m[wa-groups]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[wa-groups] error:\033[0m %s\n' "$*" >&2; exit 1; }

# try_step SECONDS DESCRIPTION CMD...: run CMD with a time limit, say how long it took,
# return its status. step: the same, but a failure or time-out ends the script.
try_step() {
  local limit="$1" what="$2"; shift 2
  local t0=$SECONDS rc=0
  log "$what"
  timeout --kill-after=10 "$limit" "$@" || rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    log "  timed out after ${limit}s: $what"
  elif [ "$rc" -ne 0 ]; then
    log "  failed (exit $rc): $what"
  else
    log "  done in $((SECONDS - t0))s"
  fi
  return "$rc"
}
step() { try_step "$@" || die "$2"; }

# Prefix for commands that need root: nothing when we are root, else sudo (no prompt).
if [ "$(id -u)" -eq 0 ]; then SUDO=()
elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n)
else SUDO=(false); fi

require_node() {
  command -v node >/dev/null 2>&1 || die "Node.js >= 18 is required (node not found)"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 18 ] || die "Node.js >= 18 is required (found $(node --version))"
}
