// Runs the built runtime consumers against the gateway simulator and checks, from the
// simulator's own state and request log, that each did what it reports.
//
//   node tests/runtimes/runner.mjs --playwright-from DIR --artifacts DIR --summary FILE \
//     [--page NAME,ROOT,PATH]...      serve ROOT on 127.0.0.1, open /PATH in Chromium
//     [--vite-dev NAME,DIR,PATH]...   start DIR's `vite` dev server on 127.0.0.1, open /PATH
//     [--ops-node NAME,DIR,SCRIPT]... `node SCRIPT` in DIR: the shared checks in Node
//     [--node NAME,DIR,SCRIPT]...     `node SCRIPT` in DIR: its own checks, no simulator
//
// Pages and --ops-node scripts run app/four-ops.js (given ?sim=…&creds=…&label=NAME, or
// WA_SIM_URL/WA_SIM_CREDS/WA_LABEL) and report {ok, complete, checks, results}. Every
// consumer's result must be ok and complete, and for the four-ops consumers the
// simulator must hold exactly what the operations should have left (the new groups, the
// links) and have received exactly the expected provider requests (so the validation
// error provably sent nothing). A screenshot of every page goes to --artifacts.
// NAME is CONSUMER or CONSUMER:WHAT; each appends one line
// "CONSUMER<TAB>WHAT (default run)<TAB>PASS|FAIL<TAB>seconds<TAB>note" to --summary.
// Exits 1 when any consumer failed.
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CHECK_NAMES, COMMUNITY, FREE_A, FREE_B, FREE_C, OTHER_COMMUNITY_GROUP, PROVIDERS, groupName } from "./app/four-ops.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const PAGE_TIMEOUT_MS = 30_000;
const NODE_TIMEOUT_MS = 60_000;

const args = parseArgs(process.argv.slice(2));
const { startSimulator, SIM_CREDENTIALS } = await import(pathToFileURL(join(ROOT, "sim/simulator.mjs")).href);
const { launch, runPage } = await import(pathToFileURL(join(ROOT, "tests/browser/chromium.mjs")).href);
const SECRETS = PROVIDERS.flatMap((p) => [SIM_CREDENTIALS[p].token, SIM_CREDENTIALS[p].clientToken]).filter(Boolean);
mkdirSync(args.artifacts, { recursive: true });

let failures = 0;
function record(name, ok, seconds, note, problems = []) {
  if (!ok) failures++;
  const [consumer, what = "run"] = name.split(":");
  const line = `${consumer}\t${what}\t${ok ? "PASS" : "FAIL"}\t${seconds.toFixed(1)}\t${note.replace(/\s+/g, " ")}`;
  appendFileSync(args.summary, `${line}\n`);
  console.log(`${ok ? "PASS" : "FAIL"} ${name} (${seconds.toFixed(1)}s) ${note}`);
  for (const p of problems) console.log(`     - ${p}`);
}

const sim = await startSimulator();
console.log(`simulator on ${sim.url}`);
const creds = Buffer.from(JSON.stringify(SIM_CREDENTIALS)).toString("base64");
let browser = null;
try {
  if (args.pages.length || args.viteDev.length) {
    const require = createRequire(join(resolve(args.playwrightFrom), "package.json"));
    const { chromium } = require("playwright-core");
    const { version } = require("playwright-core/package.json");
    browser = await launch(chromium);
    console.log(`Chromium ${browser.context.browser()?.version() ?? "(persistent context)"} via playwright-core ${version}`);
  }
  for (const [name, root, path] of args.pages) await runPageConsumer(name, root, path);
  for (const [name, dir, path] of args.viteDev) await runPageConsumer(name, dir, path, { viteDev: true });
  for (const [name, dir, script] of args.opsNode) await runNodeConsumer(name, dir, script, true);
  for (const [name, dir, script] of args.node) await runNodeConsumer(name, dir, script, false);
} finally {
  await browser?.close();
  await sim.close();
}
process.exit(failures ? 1 : 0);

async function runPageConsumer(name, root, path, { viteDev = false } = {}) {
  const t0 = performance.now();
  const problems = [];
  let note = "";
  let server;
  let page;
  try {
    let files = "";
    if (viteDev) {
      server = await startViteDev(root);
      files = "vite dev server";
    } else {
      const { serveStatic } = await import(pathToFileURL(join(ROOT, "scripts/static-server.mjs")).href);
      server = await serveStatic(root);
      // What the bundler emitted must be the browser build: the wasm travels inside the
      // JS, and nothing of Node's is left in it.
      const js = jsFiles(root);
      const kb = (js.reduce((n, f) => n + statSync(f).size, 0) / 1024).toFixed(1);
      if (!js.some((f) => readFileSync(f, "utf8").includes("DecompressionStream"))) problems.push("no JS file served contains the web entry (DecompressionStream)");
      for (const f of js) if (/\bnode:fs\b|readFileSync/.test(readFileSync(f, "utf8"))) problems.push(`${f} contains Node's entry (node:fs / readFileSync)`);
      files = `${js.length} JS file(s) ${kb} KiB`;
    }
    sim.reset();
    const url = `${server.url}/${path}?sim=${encodeURIComponent(sim.url)}&creds=${encodeURIComponent(creds)}&label=${encodeURIComponent(name)}`;
    const run = await runPage(browser.context, url, { timeoutMs: PAGE_TIMEOUT_MS });
    page = run.page;
    await page.screenshot({ path: join(args.artifacts, `${name.replace(":", "-")}.png`), fullPage: true }).catch((e) => problems.push(`screenshot failed: ${e.message}`));
    for (const e of run.errors) problems.push(`page error: ${e}`);
    for (const l of run.logs) if (/^error:/.test(l)) problems.push(`console ${l}`);
    const simProblems = verifySimulator(name, run.result);
    problems.push(...verifyResult(name, run.result), ...simProblems);
    const passed = run.result?.checks?.filter((c) => c.ok).length ?? 0;
    note = `${passed}/${CHECK_NAMES.length} checks, simulator ${simProblems.length ? "DISAGREES" : "agrees"}, ${files}, screenshot ${name.replace(":", "-")}.png`;
  } catch (e) {
    problems.push(`runner: ${e.stack ?? e}`);
  } finally {
    await page?.close().catch(() => {});
    await server?.close();
  }
  record(name, problems.length === 0, (performance.now() - t0) / 1000, note, problems);
}

async function runNodeConsumer(name, dir, script, withOps) {
  const t0 = performance.now();
  const problems = [];
  let note = "";
  try {
    sim.reset();
    const run = await runNode(dir, script, { WA_SIM_URL: sim.url, WA_SIM_CREDS: creds, WA_LABEL: name });
    const line = run.stdout.split("\n").find((l) => l.startsWith("__RESULT__ "));
    const result = line ? JSON.parse(line.slice("__RESULT__ ".length)) : { ok: false, error: "no __RESULT__ line" };
    if (run.code !== 0) problems.push(`exit status ${run.code}${run.signal ? ` (${run.signal})` : ""}`);
    if (!line) problems.push(`no result; stdout: ${run.stdout.slice(-1500)} stderr: ${run.stderr.slice(-1500)}`);
    const warnings = [
      ...new Set(
        run.stderr
          .split("\n")
          .filter((l) => /Warning/.test(l))
          .map((l) => l.replace(/^\(node:\d+\) /, "").trim()),
      ),
    ];
    if (withOps) {
      const simProblems = verifySimulator(name, result);
      problems.push(...verifyResult(name, result), ...simProblems);
      note = `${result.checks?.filter((c) => c.ok).length ?? 0}/${CHECK_NAMES.length} checks, simulator ${simProblems.length ? "DISAGREES" : "agrees"}`;
    } else {
      if (!(result.ok === true && result.checks?.length > 0)) problems.push(`result not ok: ${JSON.stringify(result).slice(0, 600)}`);
      for (const c of result.checks ?? []) if (!c.ok) problems.push(`${c.name}: ${c.detail}`);
      note = `${result.checks?.filter((c) => c.ok).length ?? 0}/${result.checks?.length ?? 0} checks`;
    }
    if (result.entry) note += `, loaded ${result.entry}`;
    if (warnings.length) note += `; node said: ${warnings.join(" | ")}`;
    if (SECRETS.some((s) => run.stderr.includes(s))) problems.push("a secret appears on stderr");
  } catch (e) {
    problems.push(`runner: ${e.stack ?? e}`);
  }
  record(name, problems.length === 0, (performance.now() - t0) / 1000, note, problems);
}

/** What every four-ops consumer must report: all checks, all passed, the results. */
function verifyResult(name, result) {
  const problems = [];
  if (!result || typeof result !== "object") return ["no result"];
  if (result.error) problems.push(result.error);
  const names = (result.checks ?? []).map((c) => c.name);
  const missing = CHECK_NAMES.filter((n) => !names.includes(n));
  if (missing.length) problems.push(`checks missing: ${missing.join("; ")}`);
  for (const c of result.checks ?? []) if (!c.ok) problems.push(`${c.name}: ${c.detail}`);
  if (result.ok !== true || result.complete !== true) problems.push(`result.ok=${result.ok} complete=${result.complete}`);
  if (result.label !== name) problems.push(`label ${result.label}`);
  const text = JSON.stringify(result);
  // The page's result is built without the credentials: none may show up in it.
  if (SECRETS.some((s) => text.includes(s))) problems.push("a secret appears in the result");
  return problems;
}

/** The simulator's side of the story: state and request log after one consumer's run. */
function verifySimulator(name, result) {
  const problems = [];
  const requests = sim.requests();
  const stray = requests.filter((r) => r.provider === null);
  if (stray.length) problems.push(`requests to unknown paths: ${stray.map((r) => `${r.method} ${r.path}`).join(", ")}`);
  for (const provider of PROVIDERS) {
    const state = sim.state(provider);
    const byId = new Map(state.groups.map((g) => [g.id, g]));
    const created = state.groups.filter((g) => g.name === groupName(name, provider));
    const reported = result?.results?.[provider]?.created?.groupId;
    if (created.length !== 1) problems.push(`${provider}: ${created.length} groups named "${groupName(name, provider)}" in the simulator`);
    else {
      if (created[0].jid !== reported) problems.push(`${provider}: the simulator created ${created[0].jid}, the page reported ${reported}`);
      const phones = created[0].participants.map((p) => p.phone).sort();
      if (JSON.stringify(phones) !== JSON.stringify(["5511900000000", "5511977776666", "5511988887777"])) problems.push(`${provider}: participants ${phones}`);
    }
    const community = (id) => byId.get(id)?.communityId ?? null;
    if (community(FREE_A) !== COMMUNITY) problems.push(`${provider}: ${FREE_A} should be linked to ${COMMUNITY}, is in ${community(FREE_A)}`);
    if (community(FREE_B) !== null) problems.push(`${provider}: ${FREE_B} should have been unlinked, is in ${community(FREE_B)}`);
    if (community(FREE_C) !== null) problems.push(`${provider}: ${FREE_C} should be standalone, is in ${community(FREE_C)}`);
    if (community(OTHER_COMMUNITY_GROUP) !== "120363400000000010") problems.push(`${provider}: ${OTHER_COMMUNITY_GROUP} left its community`);

    // Exactly these requests, in this order, all answered 200: nothing for the
    // validation error, nothing twice.
    const newDigits = typeof reported === "string" ? reported.replace(/@g\.us$/, "") : "?";
    const expected =
      provider === "zapi"
        ? [
            ["POST", /\/create-group$/],
            ["GET", new RegExp(`/group-invitation-link/${FREE_A}-group$`)],
            ["GET", new RegExp(`/group-invitation-link/${newDigits}-group$`)],
            ["POST", /\/communities\/link$/],
            ["POST", /\/communities\/unlink$/],
            ["GET", new RegExp(`/group-invitation-link/${FREE_C}-group$`)],
          ]
        : [
            ["POST", /^\/api\/group\/create\/sim-shop$/],
            ["GET", new RegExp(`^/api/group/info/sim-shop\\?.*identifier=${FREE_A}%40g\\.us`)],
            ["GET", new RegExp(`^/api/group/info/sim-shop\\?.*identifier=${newDigits}%40g\\.us`)],
            ["POST", /^\/api\/community\/link\/sim-shop$/],
            ["POST", /^\/api\/community\/unlink\/sim-shop$/],
            ["GET", new RegExp(`^/api/group/info/sim-shop\\?.*identifier=${FREE_C}%40g\\.us`)],
          ];
    const got = requests.filter((r) => r.provider === provider);
    const shown = got.map((r) => `${r.method} ${r.path.replace(/\/token\/[^/]+/, "/token/***")} → ${r.status}`);
    const matches = got.length === expected.length && expected.every(([m, re], i) => got[i].method === m && re.test(got[i].path) && got[i].status === 200);
    if (!matches) problems.push(`${provider}: unexpected requests:\n         ${shown.join("\n         ")}`);
    if (provider === "zapi" && !got.every((r) => r.headers["client-token"] === SIM_CREDENTIALS.zapi.clientToken)) problems.push("zapi: a request without the Client-Token header");
    if (provider === "ryze" && !got.every((r) => r.headers.token === SIM_CREDENTIALS.ryze.token)) problems.push("ryze: a request without the token header");
  }
  return problems;
}

/** `vite` (the dev server, default config) in `dir` on a free loopback port. */
async function startViteDev(dir) {
  const { createServer } = await import("node:net");
  const port = await new Promise((ok, fail) => {
    const probe = createServer()
      .once("error", fail)
      .listen(0, "127.0.0.1", () => {
        const { port } = probe.address();
        probe.close(() => ok(port));
      });
  });
  const child = spawn(process.execPath, [join(dir, "node_modules/.bin/vite"), "--host", "127.0.0.1", "--port", String(port), "--strictPort", "--clearScreen", "false"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let output = "";
  const keep = (d) => {
    output = (output + d).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((ok) => child.once("exit", ok));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  try {
    // Ready means it answers HTTP, not that its banner (coloured when CI
    // forces colour) mentions the port.
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`vite dev server exited (${child.exitCode ?? child.signalCode}): ${output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.ok) break;
      } catch {}
      if (Date.now() > deadline) throw new Error(`vite dev server not answering within 30 s: ${output}`);
      await new Promise((ok) => setTimeout(ok, 150));
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { url: `http://127.0.0.1:${port}`, close };
}

function jsFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules") continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.m?js$/.test(e.name)) out.push(p);
    }
  };
  walk(root);
  // The plain page serves the package straight from node_modules.
  const pkg = join(root, "node_modules/wa-groups");
  try {
    for (const f of readdirSync(pkg)) if (/^(index\.web|wa_groups_wasm)\.js$/.test(f)) out.push(join(pkg, f));
  } catch {
    // Not the plain page.
  }
  return out;
}

function runNode(cwd, script, env) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [script], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), NODE_TIMEOUT_MS);
    child.on("error", fail);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      ok({ code, signal, stdout, stderr });
    });
  });
}

function parseArgs(argv) {
  const out = { pages: [], viteDev: [], opsNode: [], node: [], artifacts: null, summary: null, playwrightFrom: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const triple = () => {
      const parts = value.split(",");
      if (parts.length !== 3) throw new Error(`${flag} wants NAME,DIR,PATH (got ${value})`);
      return parts;
    };
    if (flag === "--page") out.pages.push(triple());
    else if (flag === "--vite-dev") out.viteDev.push(triple());
    else if (flag === "--ops-node") out.opsNode.push(triple());
    else if (flag === "--node") out.node.push(triple());
    else if (flag === "--artifacts") out.artifacts = value;
    else if (flag === "--summary") out.summary = value;
    else if (flag === "--playwright-from") out.playwrightFrom = value;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!out.artifacts || !out.summary) throw new Error("--artifacts and --summary are required");
  if ((out.pages.length || out.viteDev.length) && !out.playwrightFrom) throw new Error("--playwright-from is required for pages");
  return out;
}
