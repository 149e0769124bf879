// Cloudflare Workers (workerd) forbid compiling wasm from bytes: the runtime (or
// wrangler's bundler) hands us the compiled module through this import instead.
import wasmModule from "./wa_groups_bg.wasm";
import { initSync } from "./wa_groups.js";
import { start } from "./client.js";

initSync({ module: wasmModule });
start();

export { Client, validate, buildRequest, parseResponse, parseWebhook, verifyWebhookAuthorization, operations } from "./client.js";
export { WaGroupsError } from "./error.js";
