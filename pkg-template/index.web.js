// Browsers and bundlers: fetch and instantiate the wasm beside this file before the
// module finishes loading (top-level await), so the exports work right after `import`.
import init from "./wa_groups.js";

await init({ module_or_path: new URL("./wa_groups_bg.wasm", import.meta.url) });

export { Client, validate, buildRequest, parseResponse } from "./wa_groups.js";
export { WaGroupsError } from "./error.js";
