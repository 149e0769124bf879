#!/usr/bin/env bash
# The main job: build the package, install the packed tarball into a consumer project,
# start the gateway simulator on 127.0.0.1, run the example that performs the four
# operations with both providers (printing what it sent and got), then serve the demo
# page (www/) on 127.0.0.1, print its URL and keep both servers up until Ctrl-C.
# `--no-wait` (or WA_GROUPS_DEMO_NO_WAIT=1) returns right after printing and leaves both
# servers running in the background (the URL works), with their process id in
# target/consumers/demo/servers.pid; `bash scripts/demo.sh --stop` stops them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

work="$ROOT/target/consumers"
pidfile="$work/demo/servers.pid"

# Stops servers a `--no-wait` run left behind (only our own: the pid file names them).
stop_background() {
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q "www/serve.mjs" "/proc/$pid/cmdline" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "stopped the demo's servers (pid $pid)"
  fi
  rm -f "$pidfile"
}

no_wait=0
for arg in "$@"; do
  case "$arg" in
    --no-wait) no_wait=1 ;;
    --stop) stop_background; exit 0 ;;
    *) die "usage: bash scripts/demo.sh [--no-wait | --stop]   (or WA_GROUPS_DEMO_NO_WAIT=1)" ;;
  esac
done
[ "${WA_GROUPS_DEMO_NO_WAIT:-0}" = 1 ] && no_wait=1
# A second run replaces the servers of an earlier --no-wait run.
stop_background

step 1800 "building the npm package" bash "$ROOT/scripts/build.sh"

rm -rf "$work/demo" "$work/pack-demo" && mkdir -p "$work/demo" "$work/pack-demo"
step 120 "npm pack ./pkg" npm pack ./pkg --pack-destination "$work/pack-demo" --silent
tarball="$(ls "$work/pack-demo"/wa-groups-*.tgz)"
printf '{ "name": "demo", "private": true, "type": "module", "dependencies": { "wa-groups": "file:%s" } }\n' "$tarball" > "$work/demo/package.json"
step 300 "installing the tarball into the demo project" \
  npm install --prefix "$work/demo" --no-audit --no-fund --ignore-scripts --silent
cp examples/node/four-operations.mjs "$work/demo/"

# The simulator and the demo page's static server, both on 127.0.0.1 and free ports, in
# one process (www/serve.mjs, which the page's test uses too); stopped however this ends.
# The page loads the package installed above (the packed tarball), copied next to it.
serverlog="$work/demo/servers.log"
# Its own session (setsid), so that with --no-wait it outlives this script and the terminal.
setsid node www/serve.mjs --package "$work/demo/node_modules/wa-groups" --site "$work/demo/site" > "$serverlog" 2>&1 < /dev/null &
server_pid=$!
keep_servers=0
stop_servers() {
  [ "$keep_servers" = 1 ] && return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_servers EXIT
trap 'log "stopping the simulator and the page server"; exit 130' INT TERM
url="" page=""
for _ in $(seq 1 200); do
  url="$(sed -n 's/^simulator: //p' "$serverlog" 2>/dev/null || true)"
  page="$(sed -n 's/^page: //p' "$serverlog" 2>/dev/null || true)"
  [ -n "$url" ] && [ -n "$page" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$url" ] && [ -n "$page" ] || die "the simulator and page server did not start: $(cat "$serverlog" 2>&1)"
log "simulator at $url"

creds="$(node --input-type=module -e '
  const { SIM_CREDENTIALS: c } = await import(process.argv[1]);
  console.log([c.zapi.instance, c.zapi.token, c.zapi.clientToken, c.ryze.instance, c.ryze.token].join(" "));
' "file://$ROOT/sim/simulator.mjs")"
read -r zi zt zc ri rt <<<"$creds"
step 120 "the Node example: the four operations with both providers" \
  env -C "$work/demo" WA_GROUPS_BASE_URL="$url" ZAPI_INSTANCE="$zi" ZAPI_TOKEN="$zt" ZAPI_CLIENT_TOKEN="$zc" \
  RYZE_INSTANCE="$ri" RYZE_TOKEN="$rt" node four-operations.mjs

# The page starts from the simulator's seed data, not from what the example changed.
step 10 "resetting the simulator to its seed data for the page" \
  node -e 'fetch(process.argv[1], { method: "POST" }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/__sim/reset"

printf '\n\033[1mDemo page: %s\033[0m\n' "$page"
printf '  sandbox mode talks to the simulator at %s (seed data: groups and two communities)\n' "$url"
if [ "$no_wait" = 1 ]; then
  echo "$server_pid" > "$pidfile"
  keep_servers=1
  printf '  the servers keep running in the background (pid %s); stop them with: bash scripts/demo.sh --stop\n' "$server_pid"
  exit 0
fi
printf '  press Ctrl-C to stop both servers\n'
wait "$server_pid" || die "the page server stopped: $(tail -n 20 "$serverlog")"
