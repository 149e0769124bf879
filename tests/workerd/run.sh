#!/usr/bin/env bash
# wa-groups in Cloudflare's runtime (workerd). Usage:
#
#   bash tests/workerd/run.sh TARBALL [--prepare-only]
#
# TARBALL is the output of `npm pack ./pkg`. Recreates the consumer project
# target/consumers/workerd/, installs the tarball and pinned wrangler/miniflare/workerd
# into it, bundles the Workers with wrangler's own bundler (deploy --dry-run, offline),
# and runs tests/workerd/workerd.test.mjs: the Workers in workerd against the gateway
# simulator on 127.0.0.1. --prepare-only stops before the tests (for the benchmark:
# `node target/consumers/workerd/measure-import.mjs`). Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

# Pinned together: wrangler 4.86.0 depends on exactly this miniflare and workerd, and is
# the last wrangler whose engines allow Node 20 (later ones need Node >= 22).
WRANGLER_VERSION="4.86.0"
MINIFLARE_VERSION="4.20260426.0"
WORKERD_VERSION="1.20260426.1"
# wa-groups/cloudflare's authentication (an optional peer dependency of wa-groups), which
# examples/worker uses and the tests sign their tokens with.
JOSE_VERSION="6.2.17"
# Drives Debian's Chromium for examples/jobs' page (never downloads a browser); as tests/www.
PLAYWRIGHT_CORE_VERSION="1.65.1"

[ $# -ge 1 ] || die "usage: bash tests/workerd/run.sh TARBALL [--prepare-only]"
tarball="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[ -f "$tarball" ] || die "no tarball at $1 (make one with: npm pack ./pkg --pack-destination DIR)"
prepare_only=false
case "${2:-}" in
  "") ;;
  --prepare-only) prepare_only=true ;;
  *) die "unexpected argument: $2 (usage: bash tests/workerd/run.sh TARBALL [--prepare-only])" ;;
esac

require_node
t_start=$SECONDS
here="$ROOT/tests/workerd"
work="$ROOT/target/consumers/workerd"
rm -rf "$work"
mkdir -p "$work"

cat > "$work/package.json" <<JSON
{
  "name": "consumer-workerd",
  "private": true,
  "type": "module",
  "dependencies": {
    "wa-groups": "file:$tarball",
    "wrangler": "$WRANGLER_VERSION",
    "miniflare": "$MINIFLARE_VERSION",
    "workerd": "$WORKERD_VERSION",
    "jose": "$JOSE_VERSION",
    "playwright-core": "$PLAYWRIGHT_CORE_VERSION"
  }
}
JSON
# npm's own cache (~/.npm) makes a second install quick. No install scripts: workerd's
# binary comes in its platform package (@cloudflare/workerd-linux-64) and needs none.
step 300 "installing the tarball, wrangler $WRANGLER_VERSION, miniflare $MINIFLARE_VERSION, workerd $WORKERD_VERSION, jose $JOSE_VERSION" \
  npm install --prefix "$work" --no-audit --no-fund --ignore-scripts --loglevel=error
step 60 "checking the installed versions" node -e '
  const [dir, ...want] = process.argv.slice(1);
  for (const spec of want) {
    const [name, version] = spec.split("@");
    const got = require(`${dir}/node_modules/${name}/package.json`).version;
    if (got !== version) { console.error(`${name}: want ${version}, installed ${got}`); process.exit(1); }
  }
  for (const nested of ["wrangler/node_modules/miniflare", "wrangler/node_modules/workerd", "miniflare/node_modules/workerd"]) {
    if (require("fs").existsSync(`${dir}/node_modules/${nested}`)) { console.error(`a second copy at ${nested}: the pins disagree`); process.exit(1); }
  }
' "$work" "wrangler@$WRANGLER_VERSION" "miniflare@$MINIFLARE_VERSION" "workerd@$WORKERD_VERSION" "jose@$JOSE_VERSION"
step 30 "workerd runs" "$work/node_modules/.bin/workerd" --version

# The test files and Workers, inside the consumer project so that `wa-groups` resolves
# from its node_modules, exactly as in a user's project.
cp "$here"/*.mjs "$work/"
cp -r "$here/contract-worker" "$here/import-timing" "$here/testing-worker" "$here/jobs-worker" "$work/"
mkdir -p "$work/example-worker"
(cd "$ROOT/examples/worker" && tar --exclude=./node_modules --exclude=./dist --exclude=./.wrangler --exclude=./.dev.vars -cf - .) \
  | tar -xf - -C "$work/example-worker"

cd "$work"
mkdir -p "$work/example-jobs"
(cd "$ROOT/examples/jobs" && tar --exclude=./node_modules --exclude=./dist --exclude=./.wrangler --exclude=./.dev.vars -cf - .) \
  | tar -xf - -C "$work/example-jobs"

for w in contract-worker import-timing example-worker testing-worker example-jobs jobs-worker; do
  step 120 "bundling $w with wrangler deploy --dry-run" node ./bundle.mjs "$work/$w"
done
step 120 "bundling contract-worker with nodejs_compat" \
  node ./bundle.mjs "$work/contract-worker" wrangler.nodejs-compat.toml dist-nodejs-compat
step 120 "bundling testing-worker with nodejs_compat" \
  node ./bundle.mjs "$work/testing-worker" wrangler.nodejs-compat.toml dist-nodejs-compat

if $prepare_only; then
  log "prepared $work in $((SECONDS - t_start))s (tests not run)"
  exit 0
fi

export WA_GROUPS_SIM="file://$ROOT/sim/simulator.mjs"
# Where we may (root, util-linux, iproute2), the tests run in a network namespace of their
# own with only loopback up: proof that nothing in them reaches beyond this machine.
loopback_only=()
if timeout 10 unshare -n sh -c 'ip link set lo up' >/dev/null 2>&1; then
  loopback_only=(unshare -n sh -c 'ip link set lo up && exec "$@"' sh)
  log "running the Workers in a network namespace with only loopback"
fi
step 300 "Workers in workerd against the simulator" \
  "${loopback_only[@]}" node --test --test-reporter=spec --test-timeout=120000 ./workerd.test.mjs
# Issue 11's proof: bulk jobs on miniflare's Queues and Durable Objects (jobs.test.mjs).
step 900 "bulk jobs in workerd: auth, plans, 500 calls under chaos and consumer faults, throughput" \
  "${loopback_only[@]}" node --test --test-reporter=spec --test-timeout=300000 ./jobs.test.mjs
step 120 "import timing in workerd (3 fresh starts)" "${loopback_only[@]}" node ./measure-import.mjs --runs 3
log "workerd tests passed in $((SECONDS - t_start))s"
