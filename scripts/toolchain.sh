# Makes sure the wasm32 toolchain, wasm-bindgen-cli and wasm-opt are present, fetching
# what is missing into $CACHE. Source it after lib.sh, then call ensure_tools; use
# `wasm_cargo ...` for every cargo call that targets wasm32.
# shellcheck shell=bash

WASM_TARGET=wasm32-unknown-unknown

# How wasm-cargo.sh builds: "rustup" or "debian" (see ensure_wasm_rust).
WASM_MODE=""
WASM_RUSTC_DIR=""

rustup_has_wasm_target() {
  local libdir
  libdir="$(rustc --print target-libdir --target "$WASM_TARGET" 2>/dev/null)" || return 1
  compgen -G "$libdir/libstd-*.rlib" >/dev/null
}

# rustup can only download from static.rust-lang.org; where that is closed it hangs,
# so probe it for a few seconds first and give the download itself a short limit.
try_rustup_target() {
  command -v rustup >/dev/null 2>&1 || return 1
  timeout 5 curl -fsI https://static.rust-lang.org/dist/channel-rust-stable.toml.sha256 >/dev/null 2>&1 || return 1
  try_step 90 "adding the $WASM_TARGET target with rustup" rustup target add "$WASM_TARGET"
}

ensure_debian_rustc() {
  command -v apt-cache >/dev/null 2>&1 || die "no wasm32 target in rustup and no apt to fetch Debian's rustc-web"
  local version
  version="$(apt-cache show rustc-web 2>/dev/null | awk '/^Version:/{print $2; exit}')"
  # The snapshot lists on a fresh machine may predate rustc-web 1.9x: refresh once.
  if [ -z "$version" ] || [ ! -f "$CACHE/.apt-updated" ]; then
    step 300 "apt-get update (to find Debian's rustc-web)" "${SUDO[@]}" apt-get update -qq
    touch "$CACHE/.apt-updated"
    version="$(apt-cache show rustc-web 2>/dev/null | awk '/^Version:/{print $2; exit}')"
  fi
  [ -n "$version" ] || die "Debian has no rustc-web package here"
  local dir="$CACHE/rustc-web-$version"
  if [ ! -x "$dir/usr/bin/rustc" ] || [ ! -f "$dir/.complete" ]; then
    # Resolve the versioned names instead of hard-coding them: they move with Debian.
    local stdpkg llvmpkg
    stdpkg="$(apt-cache depends libstd-rust-web-dev | awk '/Depends: libstd-rust-web-[0-9]/{print $2; exit}')"
    llvmpkg="$(apt-cache depends "$stdpkg" | awk '/Depends: libllvm[0-9]/{print $2; exit}')"
    [ -n "$stdpkg" ] && [ -n "$llvmpkg" ] || die "could not resolve rustc-web's dependencies"
    local debs="$CACHE/debs-$version"
    rm -rf "$debs" "$dir"; mkdir -p "$debs" "$dir"
    pushd "$debs" >/dev/null || die "cannot enter $debs"
    local pkgs=("rustc-web=$version" "libstd-rust-web-dev=$version" "$stdpkg" "$llvmpkg" "rust-web-src=$version")
    # Stale package lists name versions the mirror no longer has: refresh once and retry.
    if ! try_step 600 "downloading rustc-web $version ($stdpkg, $llvmpkg; ~115 MB)" apt-get download -q "${pkgs[@]}"; then
      [ -z "${APT_RETRIED:-}" ] || die "could not download rustc-web even with fresh package lists"
      APT_RETRIED=1
      step 300 "apt-get update (the lists were stale)" "${SUDO[@]}" apt-get update -qq
      touch "$CACHE/.apt-updated"
      popd >/dev/null || true
      rm -rf "$debs" "$dir"
      ensure_debian_rustc
      return
    fi
    popd >/dev/null || die "cannot leave $debs"
    for deb in "$debs"/*.deb; do dpkg -x "$deb" "$dir" || die "unpacking $deb failed"; done
    rm -rf "$debs"
    touch "$dir/.complete"
  fi
  WASM_RUSTC_DIR="$dir"
}

# WA_GROUPS_WASM_TOOLCHAIN picks the compiler: "debian" (Debian's rustc-web, which can
# build std from source: the smallest wasm, with panics that abort immediately), "rustup"
# (rustup's prebuilt wasm32 std: works everywhere rustup does, ~7 KB more gzip), or
# "auto" (default): debian where apt can fetch it, rustup otherwise.
ensure_wasm_rust() {
  local want="${WA_GROUPS_WASM_TOOLCHAIN:-auto}"
  if [ "$want" = auto ]; then
    if command -v apt-get >/dev/null 2>&1 && "${SUDO[@]}" true 2>/dev/null; then want=debian; else want=rustup; fi
  fi
  case "$want" in
    debian)
      ensure_debian_rustc
      WASM_MODE=debian
      log "wasm32: Debian's rustc-web from $WASM_RUSTC_DIR (build-std)" ;;
    rustup)
      rustup_has_wasm_target || try_rustup_target || true
      rustup_has_wasm_target || die "no $WASM_TARGET target in rustup and it could not be added (try WA_GROUPS_WASM_TOOLCHAIN=debian on Debian)"
      WASM_MODE=rustup
      log "wasm32: rustup's $WASM_TARGET target" ;;
    *) die "WA_GROUPS_WASM_TOOLCHAIN must be auto, debian or rustup (got $want)" ;;
  esac
  export WASM_MODE WASM_RUSTC_DIR CACHE WASM_TARGET
}

# cargo for wasm32 with the chosen compiler: `"${WASM_CARGO[@]}" build ...` (an array
# naming a script, so that `step` can put a time limit on it).
WASM_CARGO=(bash "$ROOT/scripts/wasm-cargo.sh")

wasm_target_dir() {
  if [ "$WASM_MODE" = rustup ]; then echo "$CACHE/target-wasm-rustup"
  else echo "$CACHE/target-wasm-$(basename "$WASM_RUSTC_DIR")"; fi
}

ensure_wasm_bindgen() {
  local root="$CACHE/wasm-bindgen-$WASM_BINDGEN_VERSION"
  if [ ! -x "$root/bin/wasm-bindgen" ]; then
    try_step 900 "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (once, ~2-4 min)" \
      env CARGO_TARGET_DIR="$CACHE/target-wasm-bindgen-cli" \
      cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --root "$root" --quiet \
      || step 900 "building wasm-bindgen-cli $WASM_BINDGEN_VERSION without its lockfile (a locked dependency is not on this registry)" \
      env CARGO_TARGET_DIR="$CACHE/target-wasm-bindgen-cli" \
      cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$root" --quiet
    rm -rf "$CACHE/target-wasm-bindgen-cli"
  fi
  WASM_BINDGEN="$root/bin/wasm-bindgen"
  WASM_BINDGEN_TEST_RUNNER="$root/bin/wasm-bindgen-test-runner"
  export PATH="$root/bin:$PATH"
}

ensure_binaryen() {
  local dir="$CACHE/binaryen-$BINARYEN_VERSION"
  if [ ! -f "$dir/node_modules/binaryen/bin/wasm-opt" ]; then
    mkdir -p "$dir"
    step 300 "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)" \
      npm install --prefix "$dir" --no-save --no-package-lock --ignore-scripts --silent "binaryen@$BINARYEN_VERSION"
  fi
  WASM_OPT=(node "$dir/node_modules/binaryen/bin/wasm-opt")
}

ensure_tools() {
  require_node
  ensure_wasm_rust
  ensure_wasm_bindgen
  ensure_binaryen
}

# Debian's Chromium (and its driver) for browser tests. Tools must never download their
# own browser here. The .debs are kept in the cache, so a reinstall needs no download.
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then CHROMIUM=/usr/bin/chromium; return; fi
  command -v apt-get >/dev/null 2>&1 || die "Chromium is needed for the browser tests: install it (Debian: apt-get install chromium)"
  mkdir -p "$CACHE/apt-archives/partial"
  if ! apt-cache show chromium >/dev/null 2>&1 || [ ! -f "$CACHE/.apt-updated" ]; then
    step 300 "apt-get update (to find chromium)" "${SUDO[@]}" apt-get update -qq
    touch "$CACHE/.apt-updated"
  fi
  step 900 "installing Debian's chromium and chromium-driver (cached .debs in $CACHE/apt-archives)" \
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o Dir::Cache::archives="$CACHE/apt-archives" -o APT::Sandbox::User=root chromium chromium-driver
  [ -x /usr/bin/chromium ] || die "chromium did not install"
  CHROMIUM=/usr/bin/chromium
}
