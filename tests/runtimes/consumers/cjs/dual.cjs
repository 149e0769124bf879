// The dual-package hazard, from CommonJS: `require("wa-groups")` and `import("wa-groups")`
// in one process must give the very same module (one wasm instance, one WaGroupsError
// class), or `instanceof WaGroupsError` breaks between the two halves of an app.
"use strict";
const cjs = require("wa-groups");

async function main() {
  const esm = await import("wa-groups");
  const checks = [];
  const check = (name, ok, detail = "") => checks.push({ name, ok: Boolean(ok), detail });
  check("require() and import() give the same namespace object", cjs === esm);
  check("same WaGroupsError class", cjs.WaGroupsError === esm.WaGroupsError);
  check("same Client class", cjs.Client === esm.Client);
  let thrown;
  try {
    new cjs.Client({ provider: "whatsapp", instance: "x", token: "token-1234567890" });
  } catch (e) {
    thrown = e;
  }
  check("an error from the required Client is instanceof the imported WaGroupsError", thrown instanceof esm.WaGroupsError, String(thrown));
  let thrown2;
  try {
    esm.buildRequest({ provider: "ryze", instance: "x", token: "token-1234567890" }, { op: "getInvitationLink", groupId: "x y" });
  } catch (e) {
    thrown2 = e;
  }
  check("an error from the imported core is instanceof the required WaGroupsError", thrown2 instanceof cjs.WaGroupsError, String(thrown2));
  const entry = require.resolve("wa-groups");
  console.log(`__RESULT__ ${JSON.stringify({ ok: checks.every((c) => c.ok), checks, entry: entry.slice(entry.indexOf("node_modules")) })}`);
}

main().catch((e) => {
  console.log(`__RESULT__ ${JSON.stringify({ ok: false, error: String(e && e.stack) })}`);
  process.exitCode = 1;
});
