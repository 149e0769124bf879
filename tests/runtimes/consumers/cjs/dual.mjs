// The dual-package hazard, from an ES module: `import` and `createRequire(...)("wa-groups")`
// in one process must resolve to one file and give one module instance.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as esm from "wa-groups";
import { WaGroupsError, Client } from "wa-groups";

const require = createRequire(import.meta.url);
const cjs = require("wa-groups");
const checks = [];
const check = (name, ok, detail = "") => checks.push({ name, ok: Boolean(ok), detail });

const imported = fileURLToPath(import.meta.resolve("wa-groups"));
const required = require.resolve("wa-groups");
check("import and require resolve to the same file", imported === required, `${imported} vs ${required}`);
check("require() gives the imported namespace", cjs === esm);
check("same WaGroupsError class", cjs.WaGroupsError === WaGroupsError);
check("same Client class", cjs.Client === Client);
let thrown;
try {
  new cjs.Client({ provider: "zapi", instance: "", token: "token-1234567890" });
} catch (e) {
  thrown = e;
}
check("an error from the required Client is instanceof the imported WaGroupsError", thrown instanceof WaGroupsError, String(thrown));
console.log(`__RESULT__ ${JSON.stringify({ ok: checks.every((c) => c.ok), checks, entry: required.slice(required.indexOf("node_modules")) })}`);
