#!/usr/bin/env bash
# Builds the npm package into pkg/: the wasm (release, size-optimised), the wasm-bindgen
# glue, and the hand-written files of pkg-template/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/toolchain.sh"

ensure_tools
cd "$ROOT"

# Nothing to do when pkg/ was built from exactly these inputs (the test command, the demo
# and the demo's test each ask for a build; one is enough): every file the package is made
# from, the feature set and the toolchain. WA_GROUPS_REBUILD=1 builds anyway.
inputs_hash() {
  {
    printf '%s\n' "${WA_GROUPS_FEATURES:-}" "$WASM_MODE" "$WASM_BINDGEN_VERSION"
    "${WASM_CARGO[@]}" --version 2>/dev/null || true
    find src pkg-template sim Cargo.toml Cargo.lock rustfmt.toml scripts/build.sh scripts/patch-glue.mjs scripts/toolchain.sh scripts/lib.sh LICENSE -type f 2>/dev/null | LC_ALL=C sort | xargs sha256sum
  } | sha256sum | cut -d' ' -f1
}
built_stamp="${WA_GROUPS_PKG:-$ROOT/pkg}/.built-from"
want="$(inputs_hash)"
if [ "${WA_GROUPS_REBUILD:-0}" != 1 ] && [ -f "$built_stamp" ] && [ "$(cat "$built_stamp")" = "$want" ]; then
  log "pkg/ is already built from these sources (${want:0:12}); nothing to do (WA_GROUPS_REBUILD=1 builds anyway)"
  exit 0
fi

# With std built from source, a panic can abort on the spot, so no formatting machinery
# for panic messages is linked in (in wasm a panic traps either way).
if [ "$WASM_MODE" = debian ]; then export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"; fi
# WA_GROUPS_FEATURES / WA_GROUPS_PKG: a test build with extra cargo features, into
# another folder (tests/trap uses them); the defaults build the real package into pkg/.
features=(); [ -n "${WA_GROUPS_FEATURES:-}" ] && features=(--features "$WA_GROUPS_FEATURES")
PKG_DIR="${WA_GROUPS_PKG:-$ROOT/pkg}"
wasm_in="$(wasm_target_dir)/$WASM_TARGET/release/wa_groups.wasm"
# The cached target folder is shared by every checkout on this machine, and the linked
# .wasm has one name for all of them: cargo re-links only a checkout whose sources changed,
# so after another checkout's build the file is that one's. A stamp says whose build it is;
# when it is not ours (or another feature set), the file goes and cargo links ours again.
stamp="$wasm_in.built-from"
whose="$ROOT ${WA_GROUPS_FEATURES:-}"
if [ "$(cat "$stamp" 2>/dev/null)" != "$whose" ]; then
  rm -f "$wasm_in" "$(dirname "$wasm_in")/deps/wa_groups.wasm" "$stamp"
fi
step 900 "compiling the crate for $WASM_TARGET (release${WA_GROUPS_FEATURES:+, features $WA_GROUPS_FEATURES})" "${WASM_CARGO[@]}" build --release --lib --quiet "${features[@]}"
[ -f "$wasm_in" ] || die "no wasm at $wasm_in"
echo "$whose" > "$stamp"

out="$ROOT/target/wasm-bindgen${WA_GROUPS_FEATURES:+-$WA_GROUPS_FEATURES}"
rm -rf "$out" "$PKG_DIR"
mkdir -p "$out" "$PKG_DIR"
# --experimental-reset-state-function: lets the runtime re-create the instance after a
# trap. --omit-default-module-path: no `new URL("….wasm", import.meta.url)` in the glue
# (every entry hands the wasm over itself), so bundlers do not emit an unused file.
step 120 "running wasm-bindgen $WASM_BINDGEN_VERSION (--target web)" \
  "$WASM_BINDGEN" "$wasm_in" --out-dir "$out" --out-name wa_groups --target web --no-typescript \
  --experimental-reset-state-function --omit-default-module-path
step 300 "optimising with wasm-opt -Oz" \
  "${WASM_OPT[@]}" -Oz --converge --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/wa_groups_bg.wasm" -o "$PKG_DIR/wa_groups_bg.wasm"

node "$ROOT/scripts/patch-glue.mjs" "$out/wa_groups.js"
cp "$out/wa_groups.js" "$PKG_DIR/"
cp "$ROOT"/pkg-template/*.js "$ROOT"/pkg-template/*.d.ts "$ROOT"/pkg-template/README.md "$ROOT/LICENSE" "$PKG_DIR/"

# wa-groups/cloudflare (workerd only) loads its own wasm: the same crate with the "jobs"
# feature (src/jobs.rs's exports), so that the main entries do not carry it. Its runtime
# is client.js reading that wasm's glue. Not for test builds (WA_GROUPS_FEATURES).
if [ -z "${WA_GROUPS_FEATURES:-}" ]; then
  rm -f "$wasm_in" "$(dirname "$wasm_in")/deps/wa_groups.wasm" "$stamp"
  step 900 "compiling the crate for $WASM_TARGET (release, features jobs: wa-groups/cloudflare)" "${WASM_CARGO[@]}" build --release --lib --quiet --features jobs
  [ -f "$wasm_in" ] || die "no wasm at $wasm_in"
  echo "$ROOT jobs" > "$stamp"
  jobs_out="$ROOT/target/wasm-bindgen-jobs"
  rm -rf "$jobs_out" && mkdir -p "$jobs_out"
  step 120 "running wasm-bindgen $WASM_BINDGEN_VERSION for wa-groups/cloudflare" \
    "$WASM_BINDGEN" "$wasm_in" --out-dir "$jobs_out" --out-name wa_groups_jobs --target web --no-typescript \
    --experimental-reset-state-function --omit-default-module-path
  step 300 "optimising wa-groups/cloudflare's wasm with wasm-opt -Oz" \
    "${WASM_OPT[@]}" -Oz --converge --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$jobs_out/wa_groups_jobs_bg.wasm" -o "$PKG_DIR/wa_groups_jobs_bg.wasm"
  node "$ROOT/scripts/patch-glue.mjs" "$jobs_out/wa_groups_jobs.js"
  cp "$jobs_out/wa_groups_jobs.js" "$PKG_DIR/"
  node -e '
    const fs = require("fs");
    const [from, to] = process.argv.slice(1);
    const src = fs.readFileSync(from, "utf8");
    const glue = "import * as core from \"./wa_groups.js\";";
    if (src.split(glue).length !== 2) { console.error(`build: expected ${glue} once in ${from}`); process.exit(1); }
    fs.writeFileSync(to, "// Generated by scripts/build.sh from client.js: the runtime of wa-groups/cloudflare'"'"'s wasm.\n" + src.replace(glue, "import * as core from \"./wa_groups_jobs.js\";"));
  ' "$ROOT/pkg-template/client.js" "$PKG_DIR/client.jobs.js"
fi
# wa-groups/testing (Node only): the simulator's server files, not its tests, beside
# testing.js. The simulator imports nothing of the client, and no main entry imports them.
mkdir -p "$PKG_DIR/testing/sim"
for f in "$ROOT"/sim/*.mjs; do
  case "$(basename "$f")" in *.test.mjs | testkit.mjs) continue ;; esac
  cp "$f" "$PKG_DIR/testing/sim/"
done

# For browsers and bundlers: the same wasm as a JS module (gzip -9 -n: no name or time,
# so the build is reproducible), unpacked at load time by DecompressionStream.
{
  printf '// Generated by scripts/build.sh: wa_groups_bg.wasm, gzip then base64.\nexport default "'
  gzip -9 -n -c "$PKG_DIR/wa_groups_bg.wasm" | base64 -w0
  printf '";\n'
} > "$PKG_DIR/wa_groups_wasm.js"

version="$(awk -F'"' '/^version *=/{print $2; exit}' "$ROOT/Cargo.toml")"
sed "s/__VERSION__/$version/" "$ROOT/pkg-template/package.json" > "$PKG_DIR/package.json"

[ -f "$PKG_DIR/wa_groups_jobs_bg.wasm" ] && log "pkg/ built: wa_groups_jobs_bg.wasm (wa-groups/cloudflare) $(wc -c < "$PKG_DIR/wa_groups_jobs_bg.wasm") bytes ($(gzip -9 -c "$PKG_DIR/wa_groups_jobs_bg.wasm" | wc -c) gzip)"
echo "$want" > "$built_stamp"
raw=$(wc -c < "$PKG_DIR/wa_groups_bg.wasm")
gz=$(gzip -9 -c "$PKG_DIR/wa_groups_bg.wasm" | wc -c)
log "pkg/ built: wa_groups_bg.wasm $raw bytes ($gz gzip)"
