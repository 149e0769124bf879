#!/usr/bin/env bash
# The benchmark: builds pkg/ and prints one table of size and speed (not a test).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
require_node
step 1800 "building the npm package" bash "$ROOT/scripts/build.sh"
timeout 900 node scripts/bench.mjs
