#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer): every response parser (each provider ×
# each operation), webhooks, ids, validation, client options, the JSON reader, the
# redactor and the retry rule. See fuzz/README.md.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 10 s, every target)
#
# The default is the smoke run the test command calls: it starts from the committed
# corpus (fuzz/corpus/<target>/, read only) and fails when any target crashes, keeping
# the crashing input under fuzz/artifacts/<target>/. One line per target reports
# executions, seconds, coverage and corpus size.
#
# Environment: FUZZ_JOBS targets at a time (default: the number of cores, at most 2);
# FUZZ_MAX_LEN largest input in bytes (default 65536); FUZZ_KEEP=1 merges what the run
# found into fuzz/corpus/<target>/ (a minimising merge: only inputs that reach new edges);
# FUZZ_LOG_DIR=DIR keeps each target's libFuzzer log there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
t_start=$SECONDS

SECS="${1:-10}"
shift || true
ALL_TARGETS=(response_zapi response_ryze webhook ids validate client_options json retry redact plan)
TARGETS=("$@")
[ "${#TARGETS[@]}" -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")
[[ "$SECS" =~ ^[0-9]+$ ]] && [ "$SECS" -ge 1 ] || die "SECONDS_PER_TARGET must be a whole number of seconds (got $SECS)"
for t in "${TARGETS[@]}"; do
  [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || die "unknown fuzz target $t (targets: ${ALL_TARGETS[*]})"
done
MAX_LEN="${FUZZ_MAX_LEN:-65536}"
cores="$(nproc 2>/dev/null || echo 1)"
JOBS="${FUZZ_JOBS:-$(( cores < 2 ? cores : 2 ))}"

# cargo-fuzz, pinned, built once into the per-user cache.
CARGO_FUZZ_VERSION="0.13.2"
cf_root="$CACHE/cargo-fuzz-$CARGO_FUZZ_VERSION"
if [ ! -x "$cf_root/bin/cargo-fuzz" ]; then
  try_step 900 "building cargo-fuzz $CARGO_FUZZ_VERSION (once, ~1-2 min)" \
    env CARGO_TARGET_DIR="$CACHE/target-cargo-fuzz-cli" \
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --root "$cf_root" --quiet \
    || step 900 "building cargo-fuzz $CARGO_FUZZ_VERSION without its lockfile (a locked dependency is not on this registry)" \
    env CARGO_TARGET_DIR="$CACHE/target-cargo-fuzz-cli" \
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --root "$cf_root" --quiet
  rm -rf "$CACHE/target-cargo-fuzz-cli"
fi
export PATH="$cf_root/bin:$PATH"

# libFuzzer's instrumentation needs nightly flags: rustup's nightly when it is there,
# else the stable compiler with RUSTC_BOOTSTRAP=1 (which unlocks them).
if command -v rustup >/dev/null 2>&1 && timeout 30 rustup run nightly rustc --version >/dev/null 2>&1; then
  CARGO=(cargo +nightly)
  log "toolchain: rustup's nightly ($(rustup run nightly rustc --version))"
else
  CARGO=(env RUSTC_BOOTSTRAP=1 cargo)
  log "toolchain: no nightly here; stable with RUSTC_BOOTSTRAP=1 ($(rustc --version))"
fi
# Built artefacts live in the cache: a fresh clone on this machine builds incrementally.
export CARGO_TARGET_DIR="$CACHE/target-fuzz"
# Release, with debug assertions and overflow checks; no sanitizer (the core is safe
# Rust, and without AddressSanitizer libFuzzer runs ~3x more inputs per second).
BUILD_FLAGS=(--release --debug-assertions --sanitizer none)
step 1200 "building the fuzz targets (cargo fuzz build ${BUILD_FLAGS[*]})" "${CARGO[@]}" fuzz build "${BUILD_FLAGS[@]}"
BIN="$CARGO_TARGET_DIR/$(rustc -vV | awk '/^host:/{print $2}')/release"

dict_of() {
  case "$1" in
    response_zapi | response_ryze | webhook | ids | retry) echo "-dict=$ROOT/fuzz/dict/response.dict" ;;
    validate | client_options) echo "-dict=$ROOT/fuzz/dict/validate.dict" ;;
    json) echo "-dict=$ROOT/fuzz/dict/json.dict" ;;
    *) ;;
  esac
}

work="$(mktemp -d "${TMPDIR:-/tmp}/wa-groups-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# One target: the committed corpus is read, new inputs go to a scratch folder.
fuzz_one() {
  local t="$1" corpus="$ROOT/fuzz/corpus/$1" fresh="$work/$1" d
  mkdir -p "$corpus" "$fresh" "$ROOT/fuzz/artifacts/$t"
  d="$(dict_of "$t")"
  # shellcheck disable=SC2086 # $d is one optional argument
  try_step $((SECS + 120)) "fuzzing $t for ${SECS}s" \
    bash -c '"$@" >"'"$work/$t.log"'" 2>&1' _ \
    "$BIN/$t" "$fresh" "$corpus" $d -max_total_time="$SECS" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$ROOT/fuzz/artifacts/$t/" \
    && echo ok >"$work/$t.status" || echo failed >"$work/$t.status"
}

running=0
for t in "${TARGETS[@]}"; do
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

failed=()
for t in "${TARGETS[@]}"; do
  logf="$work/$t.log"
  if [ -n "${FUZZ_LOG_DIR:-}" ]; then mkdir -p "$FUZZ_LOG_DIR" && cp "$logf" "$FUZZ_LOG_DIR/$t.log"; fi
  runs="$(awk '/^Done [0-9]+ runs in/{print $2}' "$logf" | tail -1)"
  secs="$(awk '/^Done [0-9]+ runs in/{print $5}' "$logf" | tail -1)"
  cov="$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$logf" | tail -1)"
  files="$(find "$ROOT/fuzz/corpus/$t" "$work/$t" -type f | wc -l)"
  kb="$(find "$ROOT/fuzz/corpus/$t" "$work/$t" -type f -printf '%s\n' | awk '{s+=$1} END{printf "%d", (s+1023)/1024}')"
  new="$(find "$work/$t" -type f | wc -l)"
  printf '%-15s %10s execs in %3ss  %-22s corpus %5s files %6s KB (%s new)\n' \
    "$t" "${runs:-?}" "${secs:-?}" "${cov:-cov: ?}" "$files" "$kb" "$new"
  if [ "$(cat "$work/$t.status" 2>/dev/null)" != ok ] || [ -z "$runs" ]; then
    failed+=("$t")
    grep -E "panicked at|^thread '|ERROR: libFuzzer|Test unit written to|SUMMARY" -A2 "$logf" | head -20 >&2 || tail -20 "$logf" >&2
  elif [ "${FUZZ_KEEP:-0}" = 1 ] && [ "$new" -gt 0 ]; then
    # A minimising merge: from the new inputs, only those that reach new edges are kept
    # (edges, not hit counts: the committed corpus stays small).
    step $((SECS + 600)) "merging what $t found into fuzz/corpus/$t" \
      bash -c '"$@" >"'"$work/$t.merge.log"'" 2>&1' _ \
      "$BIN/$t" -merge=1 -use_counters=0 -max_len="$MAX_LEN" -timeout=10 "$ROOT/fuzz/corpus/$t" "$work/$t"
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  die "fuzzing found a crash in: ${failed[*]} (inputs under fuzz/artifacts/; replay: $BIN/<target> <input>)"
fi
log "fuzzed ${#TARGETS[@]} targets for ${SECS}s each, no crash, in $((SECONDS - t_start))s"
