// Browsers, bundlers (Vite, esbuild, webpack) and other runtimes: the wasm travels
// inside a JS module (gzip, then base64), so no bundler needs to know about .wasm files
// or `new URL(…, import.meta.url)`. It is unpacked and instantiated before this module
// finishes loading (top-level await): the exports work right after `import`.
import init from "./wa_groups.js";
import { start } from "./client.js";
import packed from "./wa_groups_wasm.js";

const gz = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
const wasm = await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
await init({ module_or_path: wasm });
start();

export { Client, validate, buildRequest, parseResponse, parseWebhook, verifyWebhookAuthorization, operations } from "./client.js";
export { WaGroupsError } from "./error.js";
