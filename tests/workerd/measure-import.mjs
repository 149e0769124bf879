// Prints how long importing wa-groups takes in workerd (see measureImport in harness.mjs).
// Run after `bash tests/workerd/run.sh TARBALL --prepare-only`, from anywhere:
//
//   node target/consumers/workerd/measure-import.mjs [--runs N] [--json]
//
// --json prints one JSON object (for the benchmark); otherwise a short table.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { measureImport } from "./harness.mjs";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs needs a whole number >= 1");
const dir = join(dirname(fileURLToPath(import.meta.url)), "import-timing", "dist");

const result = await measureImport({ dir, runs });
if (args.includes("--json")) {
  console.log(JSON.stringify(result));
} else {
  const m = result.median;
  const f = (x) => (x === null ? "n/a" : `${x.toFixed(1)} ms`);
  console.log(`wa-groups in workerd, median of ${runs} fresh starts:`);
  console.log(`  import + instantiate, in the Worker (performance.now)  ${f(m.inWorkerImportMs)}${result.clockAdvances ? "" : "  (clock frozen here: not meaningful)"}`);
  console.log(`  first validate() after it                             ${f(m.inWorkerFirstCallMs)}`);
  console.log(`  first /import minus a warm /import, from outside       ${f(m.outsideImportMs)}`);
  console.log(`  start-up with the package minus a no-op Worker's       ${f(m.startupDeltaMs)}  (start-up ${f(m.startupMs)} vs ${f(m.baselineStartupMs)})`);
}
