// Node >= 18: read the wasm next to this file and instantiate it synchronously, so the
// exports work right after `import` (and `require`, where Node can require ES modules),
// with no init() call. When this file was bundled away from the .wasm (esbuild or
// webpack for Node), the copy embedded in wa_groups_wasm.js is used instead.
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { gunzipSync } from "node:zlib";
import { initSync } from "./wa_groups.js";
import { start } from "./client.js";
import packed from "./wa_groups_wasm.js";

function wasmBytes() {
  try {
    return readFileSync(new URL("./wa_groups_bg.wasm", import.meta.url));
  } catch {
    return gunzipSync(Buffer.from(packed, "base64"));
  }
}

// Node 20's V8 (11.3) can abort the whole process ("Fatal error … unreachable code" in
// its deoptimizer) when it has inlined a call from JavaScript into this wasm and a
// garbage collection deoptimizes it (other V8 versions were not available to check).
// That inlining is turned off there, before the wasm is compiled (docs/decisions.md).
if (/^11\./.test(process.versions.v8)) setFlagsFromString("--no-turbo-inline-js-wasm-calls");

initSync({ module: wasmBytes() });
start();

export { Client, validate, buildRequest, parseResponse, parseWebhook, operations } from "./client.js";
export { WaGroupsError } from "./error.js";
