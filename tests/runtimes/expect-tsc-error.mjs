// Runs a TypeScript compiler on one file that must NOT compile, and checks that it fails
// for the right reason: exactly one error, on the line marked "EXPECTED ERROR", whose
// text matches every given pattern. Exits 0 when it does, 1 otherwise.
//
//   node expect-tsc-error.mjs TSC_JS CONSUMER_DIR TSCONFIG FILE PATTERN...
//
// The file is compiled with TSCONFIG's options (a temporary config extends it and lists
// only FILE), so the same strict settings as the positive checks apply.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [tsc, dir, tsconfig, file, ...patterns] = process.argv.slice(2);
if (!tsc || !dir || !tsconfig || !file || patterns.length === 0) {
  console.error("usage: node expect-tsc-error.mjs TSC_JS CONSUMER_DIR TSCONFIG FILE PATTERN...");
  process.exit(2);
}

const marker =
  readFileSync(join(dir, file), "utf8")
    .split("\n")
    .findIndex((l) => l.includes("EXPECTED ERROR")) + 1;
if (marker === 0) fail(`${file} has no line marked EXPECTED ERROR`);

const config = join(dir, `tsconfig.expect-${basename(file, ".ts")}-${basename(tsconfig, ".json")}.json`);
writeFileSync(config, JSON.stringify({ extends: `./${tsconfig}`, files: [file] }));
const run = spawnSync(process.execPath, [tsc, "-p", config, "--pretty", "false"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
rmSync(config, { force: true });
const output = `${run.stdout}${run.stderr}`.trim();
console.log(output);

if (run.error) fail(`could not run ${tsc}: ${run.error.message}`);
if (run.status === 0) fail(`${file} compiled, but it must not`);
// An error's first line is "FILE(LINE,COL): error TSNNNN: …"; continuation lines are indented.
const errors = output.split("\n").filter((l) => /error TS\d+/.test(l));
if (errors.length !== 1) fail(`expected exactly 1 error, got ${errors.length}`);
const where = new RegExp(`^${file.replace(/\./g, "\\.")}\\(${marker},\\d+\\): error TS\\d+`);
if (!where.test(errors[0])) fail(`the error is not on ${file} line ${marker} (the EXPECTED ERROR line): ${errors[0]}`);
for (const p of patterns) if (!new RegExp(p).test(output)) fail(`the error does not match /${p}/`);
console.log(`ok: ${file} fails to compile with exactly the expected error (exit ${run.status})`);

function fail(message) {
  console.log(`FAILED: ${message}`);
  process.exit(1);
}
