// Runs Workers in workerd (through miniflare) for the tests and the benchmark.
//
//   import { bundleWorker, startWorker, measureImport } from "./harness.mjs";
//   const { dir } = await bundleWorker({ projectDir: "path/to/worker" });   // wrangler, offline
//   const worker = await startWorker({ dir, bindings: { SIM_URL: sim.url } });
//   const res = await fetch(new URL("/run", worker.url));
//   await worker.dispose();
//
// `miniflare` and `wrangler` are resolved from the consumer project that
// tests/workerd/run.sh prepares (target/consumers/workerd), or from `consumerDir`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
/** Where run.sh installs the tools; this file is also copied there. */
export const DEFAULT_CONSUMER_DIR = existsSync(join(HERE, "node_modules", "miniflare")) ? HERE : resolve(HERE, "../../target/consumers/workerd");
export const DEFAULT_COMPATIBILITY_DATE = "2026-04-01";
/** workerd may reach loopback only: the simulator, and nothing beyond this machine. */
export const LOOPBACK_ONLY = { network: { allow: ["127.0.0.0/8"], deny: [] } };

const miniflares = new Map();
/** The `miniflare` module, from the consumer project. */
export async function loadMiniflare(consumerDir = DEFAULT_CONSUMER_DIR) {
  if (!miniflares.has(consumerDir)) {
    const path = createRequire(join(consumerDir, "package.json")).resolve("miniflare");
    miniflares.set(consumerDir, await import(pathToFileURL(path).href));
  }
  return miniflares.get(consumerDir);
}

/** The `compatibility_date` of a wrangler.toml (or `fallback`). */
export function compatibilityDateOf(wranglerToml, fallback = DEFAULT_COMPATIBILITY_DATE) {
  if (!existsSync(wranglerToml)) return fallback;
  const m = /^\s*compatibility_date\s*=\s*"(\d{4}-\d{2}-\d{2})"/m.exec(readFileSync(wranglerToml, "utf8"));
  return m ? m[1] : fallback;
}

let offlineProbe;
/** Whether `unshare -n` can run a command with no network at all (root, util-linux). */
export function canRunOffline() {
  offlineProbe ??= spawnSync("unshare", ["-n", "true"], { timeout: 10_000 }).status === 0;
  return offlineProbe;
}

/**
 * Bundles a Worker project with wrangler's own bundler, as `wrangler deploy` would,
 * without deploying: `wrangler deploy --dry-run --outdir <outdir>`. No login, no metrics,
 * no update check; with `offline` (default when possible) it runs in a network namespace
 * of its own, so it provably fetches nothing. Resolves to `{ dir, scriptPath, output }`.
 */
export async function bundleWorker({ projectDir, outdir, config, consumerDir = DEFAULT_CONSUMER_DIR, offline = canRunOffline(), timeoutMs = 120_000 }) {
  projectDir = resolve(projectDir); // wrangler runs in projectDir: relative paths would move
  outdir = resolve(outdir ?? join(projectDir, "dist"));
  const wrangler = join(consumerDir, "node_modules", ".bin", "wrangler");
  const args = ["deploy", "--dry-run", "--outdir", outdir, ...(config ? ["--config", resolve(config)] : [])];
  rmSync(outdir, { recursive: true, force: true }); // no stale files from an earlier bundle
  const [cmd, argv] = offline ? ["unshare", ["-n", wrangler, ...args]] : [wrangler, args];
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    WRANGLER_HIDE_BANNER: "true", // the banner is what runs the update check
    WRANGLER_LOG_PATH: join(consumerDir, ".wrangler-logs"),
    XDG_CONFIG_HOME: join(consumerDir, ".config"), // no user login or settings leak in
    NO_COLOR: "1",
    CI: "true",
  };
  const output = await new Promise((resolveRun, reject) => {
    const child = spawn(cmd, argv, { cwd: projectDir, env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.stderr.on("data", (d) => (text += d));
    child.on("error", reject);
    child.on("close", (code, signal) => (code === 0 ? resolveRun(text) : reject(new Error(`wrangler ${args.join(" ")} failed (${signal ?? `exit ${code}`}) in ${projectDir}:\n${text}`))));
  });
  return { dir: outdir, scriptPath: mainScriptOf(outdir), output };
}

/** The one .js file wrangler wrote into `dir` (named after `main`). */
export function mainScriptOf(dir) {
  const scripts = readdirSync(dir).filter((f) => /\.m?js$/.test(f));
  if (scripts.length !== 1) throw new Error(`expected one bundled script in ${dir}, found: ${scripts.join(", ") || "none"}`);
  return join(dir, scripts[0]);
}

/**
 * Starts a Worker in workerd, listening on 127.0.0.1 (a free port).
 *
 * - `dir`: a bundle from `bundleWorker` (every .js is an ES module, every .wasm a
 *   compiled wasm module, as wrangler uploads them); `scriptPath` picks the entry,
 *   default the one script in `dir`. Or `script`: the source of a module Worker.
 * - `bindings`: plain vars/secrets (`env.NAME`); values must be JSON-compatible.
 * - `compatibilityDate`: default the one in `dir/../wrangler.toml`.
 * - `outboundService`: default loopback only (see LOOPBACK_ONLY).
 * - `miniflareOptions`: more of Miniflare's options (Durable Objects, queues, persistence).
 * - `onOutput(text)`: gets what workerd writes (the Worker's console.log/warn/error),
 *   which then is not printed.
 *
 * Resolves to `{ url, mf, startupMs, dispose() }`; `startupMs` is from `new Miniflare`
 * until it is ready (workerd started, the Worker loaded, its wasm compiled).
 */
export async function startWorker({
  dir,
  scriptPath,
  script,
  bindings = {},
  compatibilityDate,
  compatibilityFlags = [],
  outboundService = LOOPBACK_ONLY,
  consumerDir = DEFAULT_CONSUMER_DIR,
  verbose = Boolean(process.env.WA_GROUPS_WORKERD_VERBOSE),
  miniflareOptions = {},
  onOutput,
} = {}) {
  const { Miniflare, Log, LogLevel } = await loadMiniflare(consumerDir);
  const source =
    script !== undefined
      ? { script, modules: true }
      : {
          scriptPath: scriptPath ?? mainScriptOf(dir),
          modules: true,
          modulesRoot: dir ?? dirname(scriptPath),
          modulesRules: [
            { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
            { type: "CompiledWasm", include: ["**/*.wasm"] },
          ],
        };
  const t0 = performance.now();
  const mf = new Miniflare({
    ...source,
    host: "127.0.0.1",
    port: 0,
    compatibilityDate: compatibilityDate ?? (dir ? compatibilityDateOf(join(dir, "..", "wrangler.toml")) : DEFAULT_COMPATIBILITY_DATE),
    compatibilityFlags,
    bindings,
    outboundService,
    cf: false, // a placeholder Request.cf: otherwise miniflare fetches one from Cloudflare
    ...(verbose ? { log: new Log(LogLevel.DEBUG) } : {}),
    // Durable Objects, queues, persistence: whatever a test's Worker needs beside.
    ...miniflareOptions,
    ...(onOutput
      ? {
          handleRuntimeStdio: (stdout, stderr) => {
            for (const stream of [stdout, stderr]) stream.on("data", (chunk) => onOutput(String(chunk)));
          },
        }
      : {}),
  });
  let url;
  try {
    url = await mf.ready;
  } catch (e) {
    await mf.dispose().catch(() => {});
    throw e;
  }
  const startupMs = performance.now() - t0;
  let disposed = false;
  return {
    url,
    mf,
    startupMs,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await mf.dispose();
    },
  };
}

const NOOP_WORKER = 'export default { fetch() { return new Response("ok"); } };';

const median = (xs) => {
  const s = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timedGet(url) {
  const t0 = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${text}`);
  return { ms, text };
}

/**
 * How long importing wa-groups takes in workerd, with the import-timing Worker's bundle
 * (`dir`). Each run starts a fresh workerd (so the first /import is a real first import)
 * and records:
 *
 * - inWorkerImportMs: the Worker's own performance.now() around `await import("wa-groups")`
 *   on its first request: evaluating the package's JS and instantiating its (already
 *   compiled) wasm. 1 ms resolution. Valid only where `clockAdvances` is true: workerd
 *   here lets the clock run; Cloudflare's edge stops it between I/O (it would read 0).
 * - inWorkerFirstCallMs: a first validate() right after it.
 * - outsideImportMs: from Node, the first /import request minus a warm /import request
 *   (same work minus the import); includes HTTP noise of a few tenths of a ms.
 * - startupDeltaMs: miniflare start-up (new Miniflare → ready) of this bundle minus that
 *   of a no-op Worker started just before: loading the bundle, compiling the wasm module.
 *   Start-up itself is ~100–300 ms and varies by more than the delta; trust the median
 *   of several runs only as an order of magnitude.
 *
 * Resolves to `{ runs: [...], median: {...} }`.
 */
export async function measureImport({ dir, runs = 5, warmRequests = 3, consumerDir = DEFAULT_CONSUMER_DIR } = {}) {
  const samples = [];
  // The baseline is loaded the same way (a file, modules rules), so that the delta is
  // the bundle and its wasm, not how miniflare was given the script.
  const baseDir = mkdtempSync(join(tmpdir(), "wa-groups-noop-worker-"));
  writeFileSync(join(baseDir, "worker.js"), NOOP_WORKER);
  const startBaseline = async () => {
    const base = await startWorker({ dir: baseDir, consumerDir });
    await base.dispose();
    return base.startupMs;
  };
  await startBaseline(); // the first start of a process pays for loading miniflare
  for (let r = 0; r < runs; r++) {
    // Alternate which Worker starts first, so that neither always gets the warmer start;
    // never two at once.
    let baselineStartupMs = r % 2 === 0 ? await startBaseline() : null;
    const worker = await startWorker({ dir, consumerDir });
    try {
      const noop = new URL("/noop", worker.url);
      const imp = new URL("/import", worker.url);
      for (let i = 0; i < warmRequests; i++) await timedGet(noop); // warm the HTTP path
      const first = await timedGet(imp);
      const firstBody = JSON.parse(first.text);
      if (firstBody.first !== true || firstBody.issues !== 0) throw new Error(`unexpected first /import answer: ${first.text}`);
      const warm = [];
      for (let i = 0; i < warmRequests; i++) {
        const again = await timedGet(imp);
        if (JSON.parse(again.text).first !== false) throw new Error(`wa-groups was imported twice: ${again.text}`);
        warm.push(again.ms);
      }
      await worker.dispose();
      baselineStartupMs ??= await startBaseline();
      samples.push({
        inWorkerImportMs: firstBody.importMs,
        inWorkerFirstCallMs: firstBody.callMs,
        clockAdvances: firstBody.clockAdvances,
        firstImportRequestMs: first.ms,
        warmImportRequestMs: median(warm),
        outsideImportMs: first.ms - median(warm),
        startupMs: worker.startupMs,
        baselineStartupMs,
        startupDeltaMs: worker.startupMs - baselineStartupMs,
      });
    } finally {
      await worker.dispose();
    }
  }
  rmSync(baseDir, { recursive: true, force: true });
  const keys = Object.keys(samples[0]).filter((k) => typeof samples[0][k] === "number");
  return {
    runs: samples,
    median: Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))])),
    clockAdvances: samples.every((s) => s.clockAdvances),
  };
}
