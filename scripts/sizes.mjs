// What each runtime loads from the package, raw and gzip -9. Shared by the benchmark
// (scripts/bench.mjs) and the size budget check the test command runs.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const JS = ["wa_groups.js", "client.js", "error.js"];

export function measureSizes(pkgDir) {
  const read = (names) => Buffer.concat(names.map((n) => readFileSync(join(pkgDir, n))));
  const measure = (names) => {
    const buf = read(names);
    return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  };
  const wasm = measure(["wa_groups_bg.wasm"]);
  const nodeJs = measure([...JS, "index.node.js"]);
  return {
    wasm,
    js: measure(JS),
    // Node and workerd load the .wasm file plus the JS (compressed separately, as served).
    node: { raw: wasm.raw + nodeJs.raw, gzip: wasm.gzip + nodeJs.gzip },
    // Browsers and bundlers load the wasm inside a JS module, with the JS.
    browser: measure(["wa_groups_wasm.js", ...JS, "index.web.js"]),
  };
}

// Budgets in bytes of gzip. The product's target is 30 KB for what a runtime loads; these
// are the sizes reached (with Debian's rustc-web and build-std) plus ~3 %, so that growth
// is noticed and argued for, never silent. History: 4 operations: wasm 31.7 KB, node
// 40.1 KB, browser 41.3 KB; all 28 operations and webhooks: see below.
export const BUDGET = { wasm: 49_500, node: 59_000, browser: 59_500 };

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "pkg";
  const sizes = measureSizes(dir);
  let over = 0;
  for (const [what, limit] of Object.entries(BUDGET)) {
    const got = sizes[what].gzip;
    const ok = got <= limit;
    if (!ok) over++;
    console.log(`${ok ? "ok  " : "OVER"} ${what.padEnd(8)} ${String(got).padStart(6)} B gzip (budget ${limit}, raw ${sizes[what].raw})`);
  }
  process.exit(over ? 1 : 0);
}
