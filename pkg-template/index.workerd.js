// Cloudflare Workers (workerd) forbid compiling wasm from bytes: the runtime (or
// wrangler's bundler) hands us the compiled module through this import instead.
import wasmModule from "./wa_groups_bg.wasm";
import { initSync } from "./wa_groups.js";

initSync({ module: wasmModule });

export { Client, validate, buildRequest, parseResponse, parseWebhook } from "./client.js";
export { WaGroupsError } from "./error.js";
