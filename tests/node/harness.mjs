// What the packed-package tests share: the simulator's lifecycle, client options for it,
// and the secret sweep. Copied beside the tests into the consumer project by test.sh.
import { after, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { WaGroupsError } from "wa-groups";

export const { startSimulator, SIM_CREDENTIALS } = await import(process.env.WA_GROUPS_SIM);

/** The simulator's credentials: no error or console line may show any of them. */
export const SECRETS = [SIM_CREDENTIALS.zapi.token, SIM_CREDENTIALS.zapi.clientToken, SIM_CREDENTIALS.ryze.token];

export const jid = (id) => `${id}@g.us`;

/** The file's simulator (a live binding: set once the file's tests start). */
export let sim = null;

/** One simulator for the file, back to its seed before every test unless `resetEach` is false. */
export function useSimulator(settings = {}, { resetEach = true } = {}) {
  before(async () => {
    sim = await startSimulator(settings);
  });
  after(async () => {
    await sim?.close();
  });
  if (resetEach) beforeEach(() => sim.reset());
}

/**
 * Client options for `provider` against the file's simulator. The simulator's rate windows
 * restart with every test; the client-side limiter (one per token, shared by every client)
 * would carry over between tests, so it is off unless a test turns it on.
 */
export function options(provider, extra = {}) {
  const c = SIM_CREDENTIALS[provider];
  return { provider, instance: c.instance, token: c.token, ...(c.clientToken ? { clientToken: c.clientToken } : {}), baseUrl: sim.url, rateLimit: false, ...extra };
}

/**
 * The requests the providers received (Z-API paths without the instance/token prefix):
 * `{method, path, body}`, and `status` when asked for.
 */
export function sent({ status = false } = {}) {
  return sim
    .requests()
    .filter((r) => r.provider !== null)
    .map((r) => ({
      method: r.method,
      path: r.provider === "zapi" ? r.path.replace(/^\/instances\/[^/]+\/token\/[^/]+/, "") : r.path,
      ...(status ? { status: r.status } : {}),
      body: r.body === "" ? null : JSON.parse(r.body),
    }));
}

/** Records every line written to the console from now on (for the secret sweep). */
export function captureConsole() {
  const lines = [];
  for (const level of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"]) {
    const original = console[level];
    console[level] = (...args) => {
      lines.push(args.map((a) => (typeof a === "string" ? a : inspectSafely(a))).join(" "));
      original.apply(console, args);
    };
  }
  return lines;
}

function inspectSafely(a) {
  try {
    return typeof a === "object" && a !== null ? `${String(a)} ${JSON.stringify(a)}` : String(a);
  } catch {
    return String(a);
  }
}

/** Every text among `errors` (any property) and `lines` that contains a whole secret. */
export function secretLeaks(errors, lines) {
  const leaks = [];
  for (const e of errors) {
    const texts = [e.message, e.stack, String(e), JSON.stringify(e), ...Object.getOwnPropertyNames(e).map((k) => JSON.stringify(e[k]) ?? String(e[k]))];
    for (const t of texts) for (const s of SECRETS) if (String(t).includes(s)) leaks.push(`${e.kind}: ${t}`);
  }
  for (const line of lines) for (const s of SECRETS) if (line.includes(s)) leaks.push(`console: ${line}`);
  return leaks;
}

/** Every piece of a secret a cut could leave: its prefixes and suffixes of 6 or more. */
export function secretPieces() {
  const pieces = [];
  for (const s of SECRETS) for (let n = 6; n <= s.length; n++) pieces.push(s.slice(0, n), s.slice(s.length - n));
  return pieces;
}

/** Fails when any text an error carries shows a piece of a secret. */
export function assertNoSecret(e) {
  const texts = [e.message, e.stack, String(e), JSON.stringify(e), ...Object.getOwnPropertyNames(e).map((k) => String(e[k]))];
  for (const t of texts) for (const p of secretPieces()) assert.ok(!String(t).includes(p), `"${p}" shown in ${t}`);
}

/** The error `promise` rejects with: a WaGroupsError of `kind` (when given), secret-free. */
export async function rejection(promise, kind, seen) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  seen?.push(error);
  assert.ok(error instanceof WaGroupsError, `expected a${kind ? ` ${kind}` : ""} WaGroupsError, got ${error}`);
  assert.ok(error instanceof Error);
  assert.equal(error.name, "WaGroupsError");
  if (kind) assert.equal(error.kind, kind, `${error.kind}: ${error.message}`);
  assertNoSecret(error);
  return error;
}
