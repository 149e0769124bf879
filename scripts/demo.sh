#!/usr/bin/env bash
# The main job: build the package, install the packed tarball into a consumer project,
# start the gateway simulator on 127.0.0.1, and run the example that performs the four
# operations with both providers, printing what it sent and got.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

step 1800 "building the npm package" bash "$ROOT/scripts/build.sh"

work="$ROOT/target/consumers"
rm -rf "$work/demo" "$work/pack-demo" && mkdir -p "$work/demo" "$work/pack-demo"
step 120 "npm pack ./pkg" npm pack ./pkg --pack-destination "$work/pack-demo" --silent
tarball="$(ls "$work/pack-demo"/wa-groups-*.tgz)"
printf '{ "name": "demo", "private": true, "type": "module", "dependencies": { "wa-groups": "file:%s" } }\n' "$tarball" > "$work/demo/package.json"
step 300 "installing the tarball into the demo project" \
  npm install --prefix "$work/demo" --no-audit --no-fund --ignore-scripts --silent
cp examples/node/four-operations.mjs "$work/demo/"

# The simulator on a free port; stopped however this script ends.
simlog="$work/demo/simulator.log"
node sim/simulator.mjs --port 0 > "$simlog" 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 50); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*' "$simlog" || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || die "the simulator did not start: $(cat "$simlog")"
log "simulator at $url"

creds="$(node --input-type=module -e '
  const { SIM_CREDENTIALS: c } = await import(process.argv[1]);
  console.log([c.zapi.instance, c.zapi.token, c.zapi.clientToken, c.ryze.instance, c.ryze.token].join(" "));
' "file://$ROOT/sim/simulator.mjs")"
read -r zi zt zc ri rt <<<"$creds"
( cd "$work/demo" && WA_GROUPS_BASE_URL="$url" ZAPI_INSTANCE="$zi" ZAPI_TOKEN="$zt" ZAPI_CLIENT_TOKEN="$zc" \
  RYZE_INSTANCE="$ri" RYZE_TOKEN="$rt" timeout 120 node four-operations.mjs )
