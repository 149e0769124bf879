#!/usr/bin/env bash
# The runtime's recovery from a trapped wasm instance, with a test-only build whose wasm
# traps on the operation "__trap" (cargo feature test-trap; never in pkg/). Builds that
# package into target/pkg-trap, installs it into a consumer folder and runs trap.test.mjs
# against the simulator.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$ROOT"
require_node
step 1200 "building the test-only trapping package" \
  env WA_GROUPS_FEATURES=test-trap WA_GROUPS_PKG="$ROOT/target/pkg-trap" bash scripts/build.sh
work="$ROOT/target/consumers/trap"
rm -rf "$work" && mkdir -p "$work/pack"
step 120 "npm pack target/pkg-trap" npm pack ./target/pkg-trap --pack-destination "$work/pack" --silent
printf '{ "name": "consumer-trap", "private": true, "type": "module", "dependencies": { "wa-groups": "file:%s" } }\n' "$(ls "$work"/pack/wa-groups-*.tgz)" > "$work/package.json"
step 300 "installing it" npm install --prefix "$work" --no-audit --no-fund --ignore-scripts --silent
cp tests/trap/*.test.mjs "$work/"
export WA_GROUPS_SIM="file://$ROOT/sim/simulator.mjs"
step 300 "a trapped instance rejects its calls and is re-created" bash -c "cd '$work' && node --test --test-reporter=spec ./*.test.mjs"
