// Routes the wasm's task queue through the runtime's guard (pkg-template/client.js):
// wasm-bindgen-futures polls Rust futures in `queueMicrotask` callbacks, where a trap
// would otherwise be an uncaught exception (a crashed Node process) and leave every call
// on the instance pending. The glue is wasm-bindgen 0.2.130's, pinned; the patch fails
// the build if the line it replaces is not there exactly once.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
const glue = readFileSync(file, "utf8");
const line = "queueMicrotask(arg0);";
const count = glue.split(line).length - 1;
if (count !== 1) {
  console.error(`patch-glue: expected "${line}" once in ${file}, found it ${count} times`);
  process.exit(1);
}
const hook = [
  "// Added by scripts/patch-glue.mjs: the runtime wraps each queued task (trap recovery).",
  "let __waGroupsTaskGuard = (task) => task;",
  "export function __waGroupsSetTaskGuard(guard) { __waGroupsTaskGuard = guard; }",
  "",
].join("\n");
writeFileSync(file, hook + glue.replace(line, "queueMicrotask(__waGroupsTaskGuard(arg0));"));
