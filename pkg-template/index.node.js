// Node >= 18: read the wasm next to this file and instantiate it synchronously, so the
// exports work right after `import` (and `require`, where Node can require ES modules),
// with no init() call. Nothing else is loaded: bundling this entry for Node (which moves
// it away from the .wasm) is not supported; keep wa-groups external to such a bundle.
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { initSync } from "./wa_groups.js";
import { start } from "./client.js";

function wasmBytes() {
  try {
    return readFileSync(new URL("./wa_groups_bg.wasm", import.meta.url));
  } catch (e) {
    throw new Error("wa-groups: cannot read wa_groups_bg.wasm next to index.node.js (bundled for Node? keep wa-groups external to the bundle)", { cause: e });
  }
}

// Node 20's V8 (11.3) can abort the whole process ("Fatal error … unreachable code" in
// its deoptimizer) when it has inlined a call from JavaScript into this wasm and a
// garbage collection deoptimizes it (other V8 versions were not available to check).
// That inlining is turned off there, before the wasm is compiled (docs/decisions.md).
if (/^11\./.test(process.versions.v8)) setFlagsFromString("--no-turbo-inline-js-wasm-calls");

initSync({ module: wasmBytes() });
start();

export { Client, validate, buildRequest, parseResponse, parseWebhook, verifyWebhookAuthorization, operations } from "./client.js";
export { WaGroupsError } from "./error.js";
