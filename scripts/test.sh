#!/usr/bin/env bash
# Runs every test: host (cargo test, clippy's no-panic lints), wasm (wasm-bindgen-test in
# Node), the simulator's own tests, the packed npm package installed into consumer
# folders and run against the simulator (Node, bundlers and plain pages in headless
# Chromium, CommonJS, TypeScript, workerd), the demo page, and a short fuzz run.
# Installs what is missing and caches it in ~/.cache/wa-groups; every step has a time
# limit. Exits non-zero when anything fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/toolchain.sh"
cd "$ROOT"
t_start=$SECONDS

require_node
step 30 "links and file names in the Markdown files" node scripts/check-links.mjs
# src/phone/plans.rs is generated from libphonenumber-js's metadata: it must be what the
# generator writes from the pinned version (tests/phone/package.json).
step 300 "installing libphonenumber-js (tests/phone, pinned)" \
  npm ci --prefix tests/phone --no-audit --no-fund --ignore-scripts --silent
step 30 "src/phone/plans.rs is generated from the pinned libphonenumber-js" node scripts/gen-phone-plans.mjs --check
# The JavaScript's formatting, by a pinned prettier (tests/lint), as .prettierrc.json says.
step 300 "installing prettier (tests/lint, pinned)" \
  npm ci --prefix tests/lint --no-audit --no-fund --ignore-scripts --silent
step 60 "JavaScript formatting (prettier --check)" tests/lint/node_modules/.bin/prettier --check \
  "pkg-template/*.{js,d.ts}" "sim/**/*.mjs" "scripts/*.mjs" "tests/**/*.{mjs,ts,cts}" "www/**/*.js" "examples/**/*.{js,mjs}"
# Host artefacts in the cache too: a fresh clone then skips compiling the dependencies.
export CARGO_TARGET_DIR="$CACHE/target-host"

step 60 "Rust formatting (cargo fmt --check, rustfmt.toml)" cargo fmt --check
step 900 "host tests (cargo test)" cargo test --quiet
step 600 "clippy: no unwrap/expect/panic/unchecked indexing in the library, tests clean" \
  cargo clippy --quiet --all-targets -- -D warnings
unset CARGO_TARGET_DIR
# clippy above sees only what builds for the host; src/wasm.rs builds for wasm32 only.
# A plain search keeps it to the same rule (the lines marked `// ok:` say why they can't fail).
no_panics() {
  local hits
  hits="$(awk '/#\[cfg\(test\)\]/{exit} /\.unwrap\(\)|\.expect\(|panic!\(|unreachable!\(/ && !/\/\/ ok:/{print FILENAME": "FNR": "$0}' src/wasm.rs src/client.rs)"
  [ -z "$hits" ] || { printf '%s\n' "$hits"; return 1; }
}
log "no unwrap/expect/panic in src/wasm.rs"; no_panics || die "src/wasm.rs can panic"

ensure_tools
# clippy for wasm32 needs rustup's wasm32 std; try to add it (briefly: it can hang here).
if rustup_has_wasm_target || try_rustup_target; then
  step 600 "clippy for wasm32 (src/wasm.rs)" env CARGO_TARGET_DIR="$CACHE/target-wasm-rustup" \
    cargo clippy --quiet --target "$WASM_TARGET" --lib --features jobs -- -D warnings
else
  log "clippy for wasm32 skipped: rustup has no $WASM_TARGET target here (the search above still ran)"
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$WASM_BINDGEN_TEST_RUNNER"
step 900 "wasm tests in Node (wasm-bindgen-test; with wa-groups/cloudflare's jobs exports)" "${WASM_CARGO[@]}" test --test wasm --features jobs

step 300 "simulator's own tests" node --test sim/

step 1200 "building the npm package" bash "$ROOT/scripts/build.sh"
# Sizes are deterministic for one compiler: the budget holds for the default (Debian)
# build; rustup's prebuilt std is bigger, so there it is only reported.
if [ "$WASM_MODE" = debian ]; then
  step 30 "size budget (gzip bytes each runtime loads)" node scripts/sizes.mjs pkg
else
  node scripts/sizes.mjs pkg || log "size over budget with rustup's std (the budget is for the Debian build)"
fi

# The packed tarball, installed into an empty consumer project: the only proof that counts.
work="$ROOT/target/consumers"
# Only this script's own folders: the demo and the other runners keep theirs.
rm -rf "$work/pack" "$work/node" && mkdir -p "$work/pack" "$work/node"
step 120 "npm pack ./pkg" npm pack ./pkg --pack-destination "$work/pack" --silent
tarball="$(ls "$work/pack"/wa-groups-*.tgz)"
# libphonenumber-js (the version src/phone/plans.rs comes from) to cross-check phones.
phone_lib="$(node -p 'require("./tests/phone/package.json").devDependencies["libphonenumber-js"]')"
cat > "$work/node/package.json" <<JSON
{ "name": "consumer-node", "private": true, "type": "module",
  "dependencies": { "wa-groups": "file:$tarball", "libphonenumber-js": "$phone_lib" } }
JSON
step 300 "installing the tarball into an empty Node project" \
  npm install --prefix "$work/node" --no-audit --no-fund --ignore-scripts --silent
cp tests/node/*.mjs "$work/node/"
export WA_GROUPS_SIM="file://$ROOT/sim/simulator.mjs"
step 600 "packed package in Node against the simulator" \
  bash -c "cd '$work/node' && node --test --test-reporter=spec ./*.test.mjs"

# A test-only build whose wasm traps on demand: the runtime must reject only that call.
step 900 "recovery from a trapped wasm instance (test-only build)" bash tests/trap/run.sh

# The same tarball in every other runtime: bundlers and a plain page in headless
# Chromium, CommonJS, TypeScript, workerd; then the demo page, clicked through.
ensure_chromium
step 900 "runtimes: Vite, esbuild, webpack, plain page, CommonJS, TypeScript" bash tests/runtimes/run.sh "$tarball"
if [ -f tests/workerd/run.sh ]; then
  step 900 "runtimes: Cloudflare Workers (workerd) and examples/worker" bash tests/workerd/run.sh "$tarball"
fi
step 900 "demo page in headless Chromium" bash tests/www/run.sh

# Every fuzz target for 10 s from the committed corpus (fuzz/README.md): a crash fails.
step 900 "fuzz smoke: every target for 10 s" bash scripts/fuzz.sh 10

log "all tests passed in $((SECONDS - t_start))s"
