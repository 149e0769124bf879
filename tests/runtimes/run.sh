#!/usr/bin/env bash
# The packed npm package in every runtime a user builds for, with real tools:
#   vite     a Vite production build (`vite build`, no config file), in headless Chromium;
#            and the same app under Vite's dev server (`vite`, dependency pre-bundling)
#   esbuild  an esbuild bundle (--format=esm --platform=browser, default target), in Chromium
#   webpack  a webpack 5 production bundle (`webpack --mode production`, no config file)
#   plain    <script type="module"> pages with no bundler: an import map, and a direct URL
#   cjs      Node CommonJS `require("wa-groups")`, and ESM/CJS loaded in one process
#   ts       tsc --strict --noEmit (TypeScript 7 and 5.9; bundler and nodenext resolution)
#            of a file using every export (and, under nodenext, one using every export
#            of wa-groups/testing), and four files that must fail to compile, for the
#            right reason; and the READMEs' first examples, as pasted
# The browser bundles must hold no simulator code, and wa-groups/testing bundled for a
# browser must be the module that throws on load.
# Each is a fresh project under target/consumers/runtimes/ with the tarball and pinned
# tools installed from npm; the pages and the CommonJS script run the four operations
# with both providers against the gateway simulator over loopback (runner.mjs), and
# the simulator's state and request log must agree. Screenshots go to
# tests/artifacts/runtimes/. Prints a summary; exits non-zero if anything failed.
#
#   bash tests/runtimes/run.sh TARBALL        (TARBALL from `npm pack ./pkg`)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/lib.sh"
source "$ROOT/scripts/toolchain.sh"

[ $# -eq 1 ] || die "usage: bash tests/runtimes/run.sh TARBALL   (a wa-groups-*.tgz from npm pack ./pkg)"
[ -f "$1" ] || die "no such tarball: $1"
TARBALL="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
t_start=$SECONDS

require_node
ensure_chromium
# No tool may fetch a browser of its own: Chromium is Debian's, driven by playwright-core.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM
export npm_config_update_notifier=false

WORK="$ROOT/target/consumers/runtimes"
LOGS="$WORK/logs"
ART="$ROOT/tests/artifacts/runtimes"
SUMMARY="$WORK/summary.tsv"
rm -rf "$WORK" "$ART"
mkdir -p "$WORK" "$LOGS" "$ART"
: > "$SUMMARY"
# Installs with a warm cache (~/.npm) need no network: the versions are exact.
NPM_INSTALL=(npm install --no-audit --no-fund --ignore-scripts --prefer-offline --loglevel=error)
TARBALL_VERSION="$(tar -xOzf "$TARBALL" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).version')" \
  || die "$TARBALL is not an npm package tarball"
log "tarball: $TARBALL (wa-groups $TARBALL_VERSION, $(wc -c < "$TARBALL") bytes); node $(node --version), npm $(npm --version)"

# record CONSUMER WHAT PASS|FAIL SECONDS NOTE
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$SUMMARY"; }

# phase SECONDS CONSUMER WHAT CMD...: runs CMD in the consumer's folder with a time limit,
# its output in logs/CONSUMER-WHAT.log (the tail is shown when it fails), and records it.
phase() {
  local limit="$1" name="$2" what="$3"; shift 3
  local logfile="$LOGS/$name-${what//[^A-Za-z0-9.-]/_}.log" t0=$SECONDS rc=0
  try_step "$limit" "$name: $what" env -C "$WORK/$name" bash -c 'exec "$@" >"$0" 2>&1' "$logfile" "$@" || rc=$?
  if [ "$rc" -eq 0 ]; then
    record "$name" "$what" PASS "$((SECONDS - t0))" "$(phase_note "$logfile")"
  else
    record "$name" "$what" FAIL "$((SECONDS - t0))" "exit $rc, log: ${logfile#"$ROOT/"}"
    tail -n 40 "$logfile" | sed 's/^/    | /' >&2
  fi
  return "$rc"
}
# Warnings a tool printed, for the summary (a user would see them too).
phase_note() {
  local n
  n="$(grep -ciE '\bwarn(ing)?\b' "$1" || true)"
  if [ "$n" -gt 0 ]; then echo "$n warning line(s): $(grep -iE '\bwarn(ing)?\b' "$1" | head -n 2 | tr '\n' ' ' | cut -c1-200)"; fi
}

# A fresh consumer project from consumers/NAME: its package.json (pinned versions, the
# tarball put in) and its own files, plus the shared browser app where it needs one.
make_consumer() {
  local name="$1" dir="$WORK/$1"
  mkdir -p "$dir"
  sed "s#__TARBALL__#$TARBALL#" "$HERE/consumers/$name/package.json" > "$dir/package.json"
  find "$HERE/consumers/$name" -maxdepth 1 -type f ! -name package.json -exec cp {} "$dir/" \;
}

consumers=(vite esbuild webpack plain cjs ts)
declare -A ok
for c in "${consumers[@]}" runner; do
  make_consumer "$c"
  if phase 300 "$c" install "${NPM_INSTALL[@]}"; then ok[$c]=1; else ok[$c]=0; fi
done
# Where the package landed must be the tarball's copy, with the files the exports map names.
for c in "${consumers[@]}"; do
  [ "${ok[$c]}" = 1 ] || continue
  phase 30 "$c" "installed-package" node -e '
    const { readFileSync, existsSync } = require("node:fs");
    const p = JSON.parse(readFileSync("node_modules/wa-groups/package.json", "utf8"));
    if (p.version !== process.argv[1]) throw new Error(`installed ${p.version}, the tarball has ${process.argv[1]}`);
    for (const [entry, targets] of Object.entries(p.exports)) {
      for (const f of typeof targets === "string" ? [targets] : Object.values(targets)) {
        if (!existsSync(`node_modules/wa-groups/${f}`)) throw new Error(`exports["${entry}"] names ${f}, not in the package`);
      }
    }
    console.log(`wa-groups ${p.version}: every file the exports map names is present (${Object.keys(p.exports).join(", ")})`);
  ' "$TARBALL_VERSION" || ok[$c]=0
done

# ---- builds ---------------------------------------------------------------------------
APP="$HERE/app"
if [ "${ok[vite]}" = 1 ]; then
  cp "$APP/index.html" "$APP/main.js" "$APP/four-ops.js" "$WORK/vite/"
  phase 180 vite "vite build" node_modules/.bin/vite build || ok[vite]=0
fi

if [ "${ok[esbuild]}" = 1 ]; then
  cp "$APP/main.js" "$APP/four-ops.js" "$WORK/esbuild/"
  mkdir -p "$WORK/esbuild/dist" && cp "$APP/index.html" "$WORK/esbuild/dist/"
  # npm ran no install script: the native binary must come from the optional platform
  # package (@esbuild/<os>-<arch>), found by both the CLI shim and the JS API.
  phase 60 esbuild "native binary" node -e '
    const platform = `@esbuild/${process.platform}-${process.arch}`;
    const pkg = require(`${platform}/package.json`);
    const esbuild = require("esbuild");
    const out = esbuild.transformSync("let x: number = 1", { loader: "ts" }).code.trim();
    if (esbuild.version !== "0.28.2" || out !== "let x = 1;") throw new Error(`esbuild ${esbuild.version}: ${out}`);
    const cli = require("node:child_process").execFileSync("node_modules/.bin/esbuild", ["--version"], { encoding: "utf8" }).trim();
    if (cli !== esbuild.version) throw new Error(`CLI says ${cli}`);
    console.log(`esbuild ${cli} from ${platform}@${pkg.version}: CLI and JS API work`);
  ' || ok[esbuild]=0
  [ "${ok[esbuild]}" = 1 ] && { phase 60 esbuild "esbuild bundle" node_modules/.bin/esbuild main.js \
    --bundle --format=esm --platform=browser --minify --outfile=dist/main.js || ok[esbuild]=0; }
fi

if [ "${ok[esbuild]}" = 1 ]; then
  # wa-groups/testing is Node only: bundled for a browser it must be the module that throws
  # on load, saying what to do, with no simulator code in the bundle.
  phase 60 esbuild "wa-groups/testing for a browser throws on load" node -e '
    const { execFileSync, spawnSync } = require("node:child_process");
    const { readFileSync } = require("node:fs");
    execFileSync("node_modules/.bin/esbuild", ["testing-probe.js", "--bundle", "--format=esm", "--platform=browser", "--outfile=testing-probe.bundle.mjs"], { stdio: "inherit" });
    const bundle = readFileSync("testing-probe.bundle.mjs", "utf8");
    if (!bundle.includes("wa-groups/testing runs in Node only")) throw new Error("the bundle is not the module that throws");
    for (const marker of ["from \"node:http\"", "Internal simulator error", "[wa-groups simulator]"]) if (bundle.includes(marker)) throw new Error(`simulator code in the bundle: ${marker}`);
    const run = spawnSync(process.execPath, ["testing-probe.bundle.mjs"], { encoding: "utf8" });
    if (run.status === 0 || !/wa-groups\/testing runs in Node only/.test(run.stderr)) throw new Error(`ran: ${run.status} ${run.stdout} ${run.stderr}`);
    console.log(`the browser bundle (${bundle.length} bytes) throws on load: ${run.stderr.split("\n").find((l) => l.includes("Node only")).trim().slice(0, 120)}`);
  ' || true
fi

if [ "${ok[webpack]}" = 1 ]; then
  # webpack's defaults: entry src/index.js, output dist/main.js (a classic script).
  mkdir -p "$WORK/webpack/src" "$WORK/webpack/dist"
  cp "$APP/main.js" "$WORK/webpack/src/index.js"
  cp "$APP/four-ops.js" "$WORK/webpack/src/"
  sed 's#<script type="module" src="./main.js">#<script src="./main.js">#' "$APP/index.html" > "$WORK/webpack/dist/index.html"
  grep -q '<script src="./main.js">' "$WORK/webpack/dist/index.html" || die "could not make webpack's index.html"
  phase 180 webpack "webpack build" node_modules/.bin/webpack --mode production || ok[webpack]=0
fi

if [ "${ok[plain]}" = 1 ]; then
  cp "$APP/main.js" "$APP/four-ops.js" "$WORK/plain/"
fi

if [ "${ok[cjs]}" = 1 ]; then
  # The checks are an ES module; in a "type": "commonjs" project that needs .mjs.
  cp "$APP/four-ops.js" "$WORK/cjs/four-ops.mjs"
fi

# No browser bundle of the app may hold simulator code (the app imports "wa-groups" only;
# wa-groups/testing and its testing/sim/ are never reached from the main entry).
for c in vite esbuild webpack; do
  [ "${ok[$c]}" = 1 ] || continue
  phase 30 "$c" "no simulator code in the bundle" node -e '
    const { readdirSync, readFileSync } = require("node:fs");
    const files = readdirSync("dist", { recursive: true }).filter((f) => /\.(m?js|html)$/.test(f));
    if (!files.some((f) => /\.m?js$/.test(f))) throw new Error("no JavaScript in dist/");
    for (const f of files) {
      const text = readFileSync(`dist/${f}`, "utf8");
      for (const marker of ["Internal simulator error", "[wa-groups simulator]", "wa-groups/testing runs in Node only", "node:http"]) if (text.includes(marker)) throw new Error(`dist/${f} holds ${marker}`);
    }
    console.log(`dist/: ${files.length} files, no simulator code`);
  ' || true
done

# ---- TypeScript -----------------------------------------------------------------------
if [ "${ok[ts]}" = 1 ]; then
  # all-exports.ts must import (and use) every export of the installed index.d.ts.
  phase 30 ts "all-exports names every export" node "$HERE/check-ts-exports.mjs" node_modules/wa-groups/index.d.ts all-exports.ts || ok[ts]=0
  # testing.ts (in tsconfig.nodenext.json), likewise for wa-groups/testing's testing.d.ts.
  phase 30 ts "testing.ts names every export of wa-groups/testing" node "$HERE/check-ts-exports.mjs" node_modules/wa-groups/testing.d.ts testing.ts wa-groups/testing || ok[ts]=0
  # cloudflare.ts (in tsconfig.bundler.json), likewise for wa-groups/cloudflare (cloudflare.d.ts and the auth.d.ts it re-exports).
  phase 30 ts "cloudflare.ts names every export of wa-groups/cloudflare" node "$HERE/check-ts-exports.mjs" node_modules/wa-groups/cloudflare.d.ts,node_modules/wa-groups/auth.d.ts cloudflare.ts wa-groups/cloudflare || ok[ts]=0
  # The READMEs' first examples, as a user would paste them.
  phase 30 ts "README examples extracted" node "$HERE/readme-snippets.mjs" "$ROOT/README.md" "$ROOT/pkg-template/README.md" || ok[ts]=0
  for tsc in typescript typescript-5; do
    js="node_modules/$tsc/bin/tsc"
    phase 60 ts "$tsc version" node "$js" --version || { ok[ts]=0; continue; }
    phase 120 ts "$tsc: the READMEs' examples compile under --strict" node "$js" -p tsconfig.readme.json --pretty false || ok[ts]=0
    for mode in bundler nodenext; do
      phase 120 ts "$tsc $mode: all-exports compiles" node "$js" -p "tsconfig.$mode.json" --pretty false || ok[ts]=0
      phase 120 ts "$tsc $mode: bad-provider fails" node "$HERE/expect-tsc-error.mjs" "$js" . "tsconfig.$mode.json" bad-provider.ts \
        "error TS2322" "Type '\"whatsapp\"' is not assignable to type 'Provider'" || ok[ts]=0
      phase 120 ts "$tsc $mode: missing-field fails" node "$HERE/expect-tsc-error.mjs" "$js" . "tsconfig.$mode.json" missing-field.ts \
        "error TS(2345|2741)" "Property 'participants' is missing in type '\\{ name: string; \\}' but required in type 'CreateGroupInput'" || ok[ts]=0
      phase 120 ts "$tsc $mode: bad-settings fails" node "$HERE/expect-tsc-error.mjs" "$js" . "tsconfig.$mode.json" bad-settings.ts \
        "error TS(2353|2561)" "'onlyAdminCanSend' does not exist in type 'GroupSettings'" || ok[ts]=0
      # The union's members print in either order (it depends on what the compiler loaded first).
      phase 120 ts "$tsc $mode: bad-community fails" node "$HERE/expect-tsc-error.mjs" "$js" . "tsconfig.$mode.json" bad-community.ts \
        "error TS2322" "Type '\"everyone\"' is not assignable to type '(\"admins\" \\| \"all\"|\"all\" \\| \"admins\")'" || ok[ts]=0
    done
  done
fi

# ---- run against the simulator ------------------------------------------------------------
run_args=()
[ "${ok[vite]}" = 1 ] && run_args+=(--page "vite,$WORK/vite/dist,index.html" --vite-dev "vite:dev-server,$WORK/vite,index.html")
[ "${ok[esbuild]}" = 1 ] && run_args+=(--page "esbuild,$WORK/esbuild/dist,index.html")
[ "${ok[webpack]}" = 1 ] && run_args+=(--page "webpack,$WORK/webpack/dist,index.html")
[ "${ok[plain]}" = 1 ] && run_args+=(--page "plain:importmap,$WORK/plain,index.html" --page "plain:direct-url,$WORK/plain,direct.html")
[ "${ok[cjs]}" = 1 ] && run_args+=(--ops-node "cjs:require,$WORK/cjs,main.cjs" \
  --node "cjs:dual-from-cjs,$WORK/cjs,dual.cjs" --node "cjs:dual-from-esm,$WORK/cjs,dual.mjs")
if [ "${#run_args[@]}" -gt 0 ]; then
  if [ "${ok[runner]}" = 1 ]; then
    # The runner's own output (one line per consumer, details of failures) goes to the terminal.
    rc=0
    try_step 300 "running the consumers against the simulator" \
      node "$HERE/runner.mjs" --playwright-from "$WORK/runner" --artifacts "$ART" --summary "$SUMMARY" "${run_args[@]}" || rc=$?
    # Exit 1: failures, each already recorded by the runner. Anything else: it broke.
    [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || record runner run FAIL 0 "the runner itself failed (exit $rc, see above)"
  else
    record runner run FAIL 0 "playwright-core did not install: no consumer was run"
  fi
fi
for c in "${consumers[@]}"; do
  # A consumer that ran nothing (its install or build failed) is listed as such.
  grep -qP "^$c\t" "$SUMMARY" || record "$c" "-" FAIL 0 "nothing ran"
done

# ---- summary --------------------------------------------------------------------------
total=$((SECONDS - t_start))
failed="$(awk -F'\t' '$3 == "FAIL"' "$SUMMARY" | wc -l)"
passed="$(awk -F'\t' '$3 == "PASS"' "$SUMMARY" | wc -l)"
{
  echo
  echo "wa-groups runtimes: $(basename "$TARBALL")"
  awk -F'\t' '{ printf "  %-4s %-8s %-46s %5ss  %s\n", $3, $1, $2, $4, $5 }' "$SUMMARY"
  echo "  screenshots: ${ART#"$ROOT/"}/   logs: ${LOGS#"$ROOT/"}/   time: ${total}s"
  echo "runtimes: $passed passed, $failed failed"
} >&2
[ "$failed" -eq 0 ] || die "$failed runtime check(s) failed"
log "all runtime checks passed in ${total}s"
