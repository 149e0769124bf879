// Node >= 18: read the wasm next to this file and instantiate it synchronously, so the
// exports work right after `import` (and `require`, where Node can require ES modules),
// with no init() call. When this file was bundled away from the .wasm (esbuild or
// webpack for Node), the copy embedded in wa_groups_wasm.js is used instead.
import { readFileSync } from "node:fs";
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

initSync({ module: wasmBytes() });
start();

export { Client, validate, buildRequest, parseResponse, parseWebhook } from "./client.js";
export { WaGroupsError } from "./error.js";
