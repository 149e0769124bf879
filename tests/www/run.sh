#!/usr/bin/env bash
# The demo page (www/) tested in headless Chromium: builds and packs the package, installs
# the tarball and playwright-core (pinned) into a fresh consumer project, checks that
# scripts/demo.sh starts and prints the page, then clicks through every operation with
# both providers (tests/www/demo.test.mjs). Screenshots go to tests/artifacts/www/.
# Every step has a time limit; exits non-zero when anything fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
source "$ROOT/scripts/toolchain.sh"
cd "$ROOT"
t_start=$SECONDS

PLAYWRIGHT_CORE_VERSION="1.65.1"

require_node
ensure_chromium

step 1800 "building the npm package" bash "$ROOT/scripts/build.sh"

work="$ROOT/target/consumers/www"
rm -rf "$work" && mkdir -p "$work/pack"
step 120 "npm pack ./pkg" npm pack ./pkg --pack-destination "$work/pack" --silent
tarball="$(ls "$work/pack"/wa-groups-*.tgz)"
cat > "$work/package.json" <<JSON
{ "name": "consumer-www", "private": true, "type": "module",
  "dependencies": { "wa-groups": "file:$tarball", "playwright-core": "$PLAYWRIGHT_CORE_VERSION" } }
JSON
step 300 "installing the tarball and playwright-core@$PLAYWRIGHT_CORE_VERSION" \
  npm install --prefix "$work" --no-audit --no-fund --ignore-scripts --silent

# The README's main command, as a person runs it, minus the waiting: it must build, run the
# Node example, start the page and print where it is; the page it prints must answer after
# it returns, and `--stop` must stop it.
demo_log="$work/demo.log"
# Whatever happens below, the servers a --no-wait run leaves behind are stopped.
trap 'bash "$ROOT/scripts/demo.sh" --stop >/dev/null 2>&1 || true' EXIT
try_step 600 "scripts/demo.sh --no-wait" \
  bash -c "bash '$ROOT/scripts/demo.sh' --no-wait > '$demo_log' 2>&1" \
  || { cat "$demo_log" >&2; die "scripts/demo.sh failed"; }
grep -q '^== zapi' "$demo_log" && grep -q '^== ryze' "$demo_log" \
  || { cat "$demo_log" >&2; die "scripts/demo.sh did not print the Node example's output"; }
# The URL is bold on a terminal (and in CI, which forces colour): take it up to its port.
page_url="$(sed -n 's/.*Demo page: \(http:\/\/127\.0\.0\.1:[0-9]*\/\).*/\1/p' "$demo_log" | head -n 1)"
[ -n "$page_url" ] || { cat "$demo_log" >&2; die "scripts/demo.sh did not print the page URL"; }
answers() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(2))' "$1"; }
answers "$page_url" || { cat "$demo_log" >&2; die "the page URL scripts/demo.sh --no-wait printed does not answer after it returned"; }
step 30 "scripts/demo.sh --stop" bash "$ROOT/scripts/demo.sh" --stop
if answers "$page_url"; then die "the page still answers after scripts/demo.sh --stop"; fi
log "scripts/demo.sh printed the example and a page URL that answered until --stop"

artifacts="$ROOT/tests/artifacts/www"
rm -rf "$artifacts" && mkdir -p "$artifacts"
cp tests/www/demo.test.mjs "$work/"
step 300 "the demo page in headless Chromium, both providers" \
  env WA_GROUPS_ROOT="$ROOT" WA_GROUPS_ARTIFACTS="$artifacts" CHROMIUM="$CHROMIUM" \
  bash -c "cd '$work' && node --test --test-reporter=spec --test-concurrency=1 ./demo.test.mjs"

log "screenshots in ${artifacts#"$ROOT"/}: $(find "$artifacts" -name '*.png' | wc -l) files"
log "demo page tests passed in $((SECONDS - t_start))s"
