#!/usr/bin/env bash
# The benchmark: builds pkg/, prepares the workerd consumer for the load measurement, and
# prints one table of size and speed (not a test: nothing here is asserted).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
require_node
step 1800 "building the npm package" bash "$ROOT/scripts/build.sh"
mkdir -p target/bench && rm -f target/bench/*.tgz
step 120 "npm pack ./pkg" npm pack ./pkg --pack-destination target/bench --silent
step 600 "preparing the workerd consumer (for the load time in workerd)" \
  bash tests/workerd/run.sh "$(ls "$ROOT"/target/bench/wa-groups-*.tgz)" --prepare-only
timeout 900 node scripts/bench.mjs
