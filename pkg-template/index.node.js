// Node >= 18: read the wasm next to this file and instantiate it synchronously, so the
// exports work right after `import` (and `require`, where Node can require ES modules),
// with no init() call.
import { readFileSync } from "node:fs";
import { initSync } from "./wa_groups.js";

initSync({ module: readFileSync(new URL("./wa_groups_bg.wasm", import.meta.url)) });

export { Client, validate, buildRequest, parseResponse } from "./client.js";
export { WaGroupsError } from "./error.js";
