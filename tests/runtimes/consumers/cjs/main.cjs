// Node CommonJS: `require("wa-groups")` (Node >= 20.19 / 22.12 can require an ES module
// without top-level await, which index.node.js is), then the shared checks against the
// simulator (WA_SIM_URL, WA_SIM_CREDS, WA_LABEL, set by the runner).
"use strict";
const path = require("node:path");
const wa = require("wa-groups");

async function main() {
  const { fourOps } = await import("./four-ops.mjs"); // app/four-ops.js (it never imports wa-groups)
  const creds = JSON.parse(Buffer.from(process.env.WA_SIM_CREDS, "base64").toString("utf8"));
  const result = await fourOps(wa, { simUrl: process.env.WA_SIM_URL, creds, label: process.env.WA_LABEL });
  // require() must have picked Node's entry (it reads the .wasm file), not the browser one.
  result.entry = path.relative(__dirname, require.resolve("wa-groups"));
  if (result.entry !== path.join("node_modules", "wa-groups", "index.node.js")) {
    result.ok = false;
    result.error = `require("wa-groups") resolved to ${result.entry}, expected node_modules/wa-groups/index.node.js`;
  }
  console.log(`__RESULT__ ${JSON.stringify(result)}`);
}

main().catch((e) => {
  console.log(`__RESULT__ ${JSON.stringify({ ok: false, error: `main.cjs failed: ${e && e.stack}` })}`);
  process.exitCode = 1;
});
