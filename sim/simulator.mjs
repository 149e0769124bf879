// wa-groups gateway simulator: one local HTTP server that stands in for both Z-API and
// RyzeAPI, so tests and the demo page run with no account and no network.
//
//   import { startSimulator, SIM_CREDENTIALS } from "./sim/simulator.mjs";
//   const sim = await startSimulator({ port: 0 });   // always 127.0.0.1
//   ... fetch(`${sim.url}/instances/.../create-group`, ...) ...
//   await sim.close();
//
// CLI: node sim/simulator.mjs [--port N]
//
// Layout: this file = server, request log, scripted answers, chaos, control API, config;
// state.mjs = WhatsApp rules (shared); zapi.mjs / ryze.mjs = the two wire formats;
// chaos.mjs = the seeded fault injection.
// Plain Node >= 18, no npm dependencies. It never imports the client (src/, pkg/).

import http from "node:http";
import { pathToFileURL } from "node:url";
import { World } from "./state.mjs";
import { handleZapi, zapiGateway, zapiGatewayView, zapiRoutePath } from "./zapi.mjs";
import { handleRyze, ryzeGateway, ryzeGatewayView, ryzeRoutePath } from "./ryze.mjs";
import { BODY_LIMIT, json, parseJsonObject } from "./util.mjs";
import { Chaos, cloneChaos, normalizeChaos, truncateBody } from "./chaos.mjs";

export { CHAOS_KINDS } from "./chaos.mjs";

/** Credentials of the simulated accounts. Tokens are recognisable so leak checks can grep for them. */
export const SIM_CREDENTIALS = Object.freeze({
  zapi: Object.freeze({ instance: "3D1A5B7C9E0F", token: "ZTOKEN-SECRET-8d41f2c7a9", clientToken: "ZCLIENT-SECRET-4be19c03" }),
  ryze: Object.freeze({ instance: "sim-shop", token: "RYZE-SECRET-71c3e9d04b" }),
});

const HOST = "127.0.0.1";
const PROVIDERS = ["zapi", "ryze"];
const MAX_LOG = 10_000;

/** Built-in defaults of the settings changed by configure() / POST /__sim/config. */
export const DEFAULT_CONFIG = Object.freeze({
  zapiClientTokenRequired: true,
  // Z-API's docs say GET since 2026-02-18 (POST before); "POST" models an older instance.
  zapiInvitationLinkMethod: "GET",
  ryzeRateLimit: 100,
  ryzeLinkDelayMs: 0,
  disconnected: Object.freeze({ zapi: false, ryze: false }),
  chaos: null,
});

const CORS_EXPOSE = "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After";
const CORS_METHODS = "GET, POST, PUT, DELETE";
const CORS_HEADERS = "Content-Type, token, Client-Token, Authorization";

class SimulatorClosed extends Error {}

const cloneConfig = (c) => ({
  ...c,
  ryzeRateLimit: typeof c.ryzeRateLimit === "number" ? c.ryzeRateLimit : { ...c.ryzeRateLimit },
  disconnected: { ...c.disconnected },
  chaos: cloneChaos(c.chaos),
});

/** The config as `config()` shows it: `chaos` only while it is on. */
function publicConfig(c) {
  const { chaos, ...rest } = cloneConfig(c);
  return chaos === null ? rest : { ...rest, chaos };
}
const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isInt = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;

/** Returns a new config = `base` + validated partial `settings`. Throws TypeError on bad input. */
function applySettings(base, settings) {
  if (!isPlainObject(settings)) throw new TypeError("settings must be an object");
  const next = cloneConfig(base);
  for (const [key, value] of Object.entries(settings)) {
    switch (key) {
      case "zapiClientTokenRequired":
        if (typeof value !== "boolean") throw new TypeError("zapiClientTokenRequired must be a boolean");
        next.zapiClientTokenRequired = value;
        break;
      case "zapiInvitationLinkMethod": {
        const m = typeof value === "string" ? value.toUpperCase() : value;
        if (m !== "POST" && m !== "GET") throw new TypeError('zapiInvitationLinkMethod must be "POST" or "GET"');
        next.zapiInvitationLinkMethod = m;
        break;
      }
      case "ryzeRateLimit":
        if (isInt(value, 0, 1e9)) next.ryzeRateLimit = value;
        else if (isPlainObject(value) && Object.keys(value).every((k) => k === "requests" || k === "intervalMs") && isInt(value.requests, 0, 1e9) && isInt(value.intervalMs, 1, 3_600_000)) {
          next.ryzeRateLimit = { requests: value.requests, intervalMs: value.intervalMs };
        } else {
          throw new TypeError("ryzeRateLimit must be an integer >= 0 (per 60 s) or {requests, intervalMs}");
        }
        break;
      case "ryzeLinkDelayMs":
        if (!isInt(value, 0, 600_000)) throw new TypeError("ryzeLinkDelayMs must be an integer between 0 and 600000");
        next.ryzeLinkDelayMs = value;
        break;
      case "disconnected":
        if (!isPlainObject(value)) throw new TypeError("disconnected must be an object {zapi?, ryze?}");
        for (const [p, flag] of Object.entries(value)) {
          if (!PROVIDERS.includes(p)) throw new TypeError(`disconnected.${p}: unknown provider`);
          if (typeof flag !== "boolean") throw new TypeError(`disconnected.${p} must be a boolean`);
          next.disconnected[p] = flag;
        }
        break;
      case "chaos":
        next.chaos = normalizeChaos(value);
        break;
      default:
        throw new TypeError(`unknown setting: ${key}`);
    }
  }
  return next;
}

const RULE_KEYS = new Set(["provider", "method", "path", "times", "status", "headers", "body", "delayMs", "drop"]);

/** Validates a script rule and fills in defaults. Throws TypeError on bad input. */
function normalizeRule(rule) {
  if (!isPlainObject(rule)) throw new TypeError("script rule must be an object");
  for (const key of Object.keys(rule)) if (!RULE_KEYS.has(key)) throw new TypeError(`unknown script field: ${key}`);
  const { provider, method, path, times = 1, status = 200, headers = {}, body, delayMs = 0, drop = false } = rule;
  if (provider !== undefined && !PROVIDERS.includes(provider)) throw new TypeError('provider must be "zapi" or "ryze"');
  if (method !== undefined && (typeof method !== "string" || method === "")) throw new TypeError("method must be a string");
  if (typeof path !== "string" || path === "") throw new TypeError("path is required (a path suffix)");
  if (!isInt(times, 1, 1e9)) throw new TypeError("times must be an integer >= 1");
  if (!isInt(status, 200, 599)) throw new TypeError("status must be an integer between 200 and 599");
  if (!isPlainObject(headers) || !Object.values(headers).every((v) => typeof v === "string" || typeof v === "number")) {
    throw new TypeError("headers must be an object of strings");
  }
  if (!isInt(delayMs, 0, 600_000)) throw new TypeError("delayMs must be an integer between 0 and 600000");
  if (typeof drop !== "boolean") throw new TypeError("drop must be a boolean");
  return {
    provider: provider ?? null,
    method: method ? method.toUpperCase() : null,
    path: path.split("?")[0],
    times,
    status,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
    body: body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body),
    delayMs,
    drop,
  };
}

/** Reads a request body; keeps at most BODY_LIMIT bytes, notes when there was more. */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    let done = false;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        tooLarge = true;
        chunks.length = 0;
        if (size > 64 * BODY_LIMIT) req.destroy(); // stop draining absurd uploads
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => {
      done = true;
      resolve({ text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), size, tooLarge });
    });
    req.on("error", reject);
    req.on("close", () => {
      if (!done) reject(new SimulatorClosed("request closed before its body ended"));
    });
  });
}

function splitUrl(rawUrl) {
  const i = rawUrl.indexOf("?");
  return i < 0 ? [rawUrl, ""] : [rawUrl.slice(0, i), rawUrl.slice(i + 1)];
}

const ZAPI_TOKEN = /^\/instances\/[^/]+\/token\/([^/]+)/;

/** The token a request is counted under (429 bursts are per token), or "". */
function tokenOf(provider, pathname, headers) {
  if (provider === "zapi") return ZAPI_TOKEN.exec(pathname)?.[1] ?? "";
  if (typeof headers.token === "string" && headers.token) return headers.token;
  const m = typeof headers.authorization === "string" ? /^Bearer\s+(.+)$/i.exec(headers.authorization) : null;
  return m ? m[1].trim() : "";
}

const ryzeLimitOf = (config) => (typeof config.ryzeRateLimit === "number" ? config.ryzeRateLimit : config.ryzeRateLimit.requests);

function providerOf(pathname) {
  if (pathname === "/__sim" || pathname.startsWith("/__sim/")) return "control";
  if (pathname.startsWith("/instances/")) return "zapi";
  if (pathname === "/api" || pathname.startsWith("/api/")) return "ryze";
  return null;
}

class Simulator {
  constructor(initialConfig) {
    this.initialConfig = cloneConfig(initialConfig);
    this.timers = new Set();
    this.closed = false;
    this.reset();
  }

  // ---- control operations (sync) ----------------------------------------------------

  reset() {
    this.worlds = { zapi: new World(), ryze: new World() };
    // The gateways' own settings (webhooks), apart from the WhatsApp account (World).
    this.gateways = { zapi: zapiGateway(), ryze: ryzeGateway() };
    this.config = cloneConfig(this.initialConfig);
    this.scripts = [];
    this.log = [];
    this.seq = 0;
    this.rateWindows = new Map();
    this.chaos = this.config.chaos ? new Chaos(this.config.chaos) : null;
  }

  state(provider) {
    if (provider === undefined || provider === null || provider === "") {
      return { zapi: this.snapshot("zapi"), ryze: this.snapshot("ryze") };
    }
    if (!PROVIDERS.includes(provider)) throw new TypeError('provider must be "zapi" or "ryze"');
    return { provider, ...this.snapshot(provider) };
  }

  /** One provider's World snapshot plus its gateway settings. */
  snapshot(provider) {
    const view = provider === "zapi" ? zapiGatewayView : ryzeGatewayView;
    return { ...this.worlds[provider].snapshot(), ...view(this.gateways[provider]) };
  }

  requests() {
    return structuredClone(this.log);
  }

  clearRequests() {
    this.log = [];
  }

  script(rule) {
    this.scripts.push(normalizeRule(rule));
    return { pending: this.scripts.length };
  }

  configure(settings) {
    this.config = applySettings(this.config, settings ?? {});
    // A chaos setting (even the same one again) starts its sequence afresh.
    if (Object.hasOwn(settings ?? {}, "chaos")) this.chaos = this.config.chaos ? new Chaos(this.config.chaos) : null;
    return publicConfig(this.config);
  }

  stats() {
    const creates = { zapi: this.worlds.zapi.createStats(), ryze: this.worlds.ryze.createStats() };
    const duplicates = [];
    for (const provider of PROVIDERS) {
      for (const [what, kind] of [
        ["groups", "group"],
        ["communities", "community"],
      ]) {
        for (const [name, count] of Object.entries(creates[provider][what])) {
          if (count > 1) duplicates.push({ provider, kind, name, count });
        }
      }
    }
    return { creates, duplicates, chaos: this.chaos ? this.chaos.snapshot() : null };
  }

  // ---- plumbing ---------------------------------------------------------------------

  sleep(ms) {
    if (this.closed) return Promise.reject(new SimulatorClosed("simulator closed"));
    return new Promise((resolve, reject) => {
      const timer = {
        reject,
        handle: setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, ms),
      };
      this.timers.add(timer);
    });
  }

  shutdownTimers() {
    this.closed = true;
    for (const t of this.timers) {
      clearTimeout(t.handle);
      t.reject(new SimulatorClosed("simulator closed"));
    }
    this.timers.clear();
  }

  /** First pending script rule matching this request (consumed), or null. */
  takeScript(provider, method, pathname) {
    const routePath = provider === "zapi" ? zapiRoutePath(pathname) : ryzeRoutePath(pathname);
    const i = this.scripts.findIndex(
      (r) => (r.provider === null || r.provider === provider) && (r.method === null || r.method === method) && ((routePath !== null && routePath.endsWith(r.path)) || pathname.endsWith(r.path)),
    );
    if (i < 0) return null;
    const rule = this.scripts[i];
    rule.times -= 1;
    if (rule.times <= 0) this.scripts.splice(i, 1);
    return rule;
  }

  corsHeaders(origin) {
    return {
      "Access-Control-Allow-Origin": origin || "*",
      "Access-Control-Expose-Headers": CORS_EXPOSE,
      Vary: "Origin",
    };
  }

  send(res, desc, origin, entry) {
    if (entry) entry.status = desc.status;
    if (res.destroyed || res.writableEnded) return;
    const body = desc.body ?? "";
    for (const [k, v] of Object.entries(this.corsHeaders(origin))) res.setHeader(k, v);
    res.setHeader("Content-Type", desc.contentType ?? "application/json; charset=utf-8");
    res.setHeader("Content-Length", Buffer.byteLength(body));
    for (const [k, v] of Object.entries(desc.headers ?? {})) res.setHeader(k, v);
    res.writeHead(desc.status);
    res.end(body);
  }

  async handle(req, res) {
    const origin = req.headers.origin;
    const method = req.method;
    const [pathname, rawQuery] = splitUrl(req.url);
    const provider = providerOf(pathname);
    let entry = null;
    try {
      if (method === "OPTIONS") {
        // CORS preflight, any path: not logged, not scripted, not rate limited.
        req.resume();
        res.writeHead(204, {
          "Access-Control-Allow-Origin": origin || "*",
          "Access-Control-Allow-Methods": CORS_METHODS,
          "Access-Control-Allow-Headers": CORS_HEADERS,
          "Access-Control-Expose-Headers": CORS_EXPOSE,
          "Access-Control-Max-Age": "600",
          Vary: "Origin",
        });
        res.end();
        return;
      }
      const body = await readBody(req);
      if (provider === "control") {
        this.send(res, this.controlRequest(method, pathname, new URLSearchParams(rawQuery), body), origin);
        return;
      }

      entry = {
        seq: ++this.seq,
        at: new Date().toISOString(),
        provider,
        method,
        path: req.url,
        headers: { ...req.headers },
        body: body.text,
        ...(body.tooLarge ? { bodyTooLarge: true, bodyBytes: body.size } : {}),
        scripted: false,
        status: null,
      };
      this.log.push(entry);
      if (this.log.length > MAX_LOG) this.log.shift();

      if (provider === null) {
        this.send(res, json(404, { error: `Cannot ${method} ${pathname}` }), origin, entry);
        return;
      }

      const rule = this.takeScript(provider, method, pathname);
      if (rule) {
        entry.scripted = true;
        if (rule.delayMs > 0) await this.sleep(rule.delayMs);
        if (rule.drop) {
          entry.dropped = true;
          req.socket.destroy();
          return;
        }
        this.send(res, { status: rule.status, headers: rule.headers, body: rule.body }, origin, entry);
        return;
      }

      // Chaos strikes after scripts (a scripted answer is never disturbed).
      const chaos = this.chaos; // captured: a reset or a new setting during a slow call doesn't mix runs
      const fault = chaos ? chaos.decide({ provider, method, path: req.url, body: body.text, token: tokenOf(provider, pathname, req.headers) }) : null;
      if (fault) {
        entry.chaos = fault.kind;
        if (fault.kind === "reset-before") {
          entry.dropped = true;
          req.socket.destroy();
          return;
        }
        if (fault.when === "before") {
          this.send(res, chaos.answer(fault, provider, Date.now(), ryzeLimitOf(this.config)), origin, entry);
          return;
        }
      }

      const ctx = {
        world: this.worlds[provider], // captured: a reset during a slow call doesn't mix states
        gateway: this.gateways[provider],
        config: this.config,
        credentials: SIM_CREDENTIALS[provider],
        rateWindows: this.rateWindows,
        sleep: (ms) => this.sleep(ms),
        now: () => Date.now(),
      };
      const request = {
        method,
        pathname,
        query: new URLSearchParams(rawQuery),
        headers: req.headers,
        bodyText: body.text,
        tooLarge: body.tooLarge,
      };
      const desc = provider === "zapi" ? await handleZapi(ctx, request) : await handleRyze(ctx, request);
      if (fault?.kind === "reset-after") {
        entry.dropped = true;
        entry.lostStatus = desc.status; // what it would have answered
        req.socket.destroy();
        return;
      }
      if (fault?.kind === "truncated") {
        desc.body = truncateBody(desc.body ?? "", fault.keep);
        entry.truncatedTo = desc.body.length; // characters kept
      }
      if (fault?.kind === "slow") await this.sleep(chaos.settings.slowMs);
      this.send(res, desc, origin, entry);
    } catch (e) {
      if (e instanceof SimulatorClosed) {
        if (!res.destroyed) res.destroy();
        return;
      }
      console.error("[wa-groups simulator] internal error:", e);
      const desc = provider === "ryze" ? json(500, { success: false, error: { message: "Internal simulator error" } }) : json(500, { error: "Internal simulator error" });
      this.send(res, desc, origin, entry);
    }
  }

  /** The HTTP control API under /__sim/. Returns a response descriptor. */
  controlRequest(method, pathname, query, body) {
    const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
    const routes = {
      "/__sim/reset": { POST: () => (this.reset(), { ok: true }) },
      "/__sim/state": { GET: () => this.state(query.get("provider") ?? undefined) },
      "/__sim/requests": { GET: () => this.requests() },
      "/__sim/requests/clear": { POST: () => (this.clearRequests(), { ok: true }) },
      "/__sim/script": { POST: (b) => ({ ok: true, ...this.script(b) }) },
      "/__sim/config": { GET: () => publicConfig(this.config), POST: (b) => this.configure(b) },
      "/__sim/stats": { GET: () => this.stats() },
    };
    const route = routes[path];
    if (!route) return json(404, { error: `Unknown control route: ${method} ${path}` });
    const action = route[method];
    if (!action) return json(405, { error: "Method Not Allowed" }, { Allow: Object.keys(route).join(", ") });
    if (body.tooLarge) return json(413, { error: "Payload Too Large" });
    let parsed = {};
    if (method === "POST") {
      const p = parseJsonObject(body.text);
      if (!p.ok) return json(400, { error: p.problem === "malformed" ? "Invalid JSON body" : "Body must be a JSON object" });
      parsed = p.value;
    }
    try {
      return json(200, action(parsed));
    } catch (e) {
      if (e instanceof TypeError) return json(400, { error: e.message });
      throw e;
    }
  }
}

/**
 * Starts a simulator on 127.0.0.1.
 * options: { port = 0, ...initial settings (see DEFAULT_CONFIG) }.
 * Resolves to a handle; every method is synchronous except close():
 *   url, port,
 *   async close()            stop listening, drop open connections and pending delays
 *   reset()                  seed state, default (initial) config; clears scripts, log, rate windows
 *   state(provider?)         snapshot of "zapi" or "ryze" (both when omitted)
 *   requests()               copy of the provider request log, oldest first
 *   clearRequests()
 *   script(rule)             queue a canned answer; returns { pending }
 *   configure(settings)      merge partial settings; returns the whole config
 *   config()                 the current config (`chaos` only while it is on)
 *   stats()                  processed creates per provider by name, duplicates, chaos counters
 * Bad arguments throw TypeError.
 */
export async function startSimulator(options = {}) {
  const { port = 0, ...settings } = options ?? {};
  if (!isInt(port, 0, 65535)) throw new TypeError("port must be an integer between 0 and 65535");
  const sim = new Simulator(applySettings(DEFAULT_CONFIG, settings));
  const server = http.createServer((req, res) => {
    sim.handle(req, res);
  });
  server.on("clientError", (err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  let closing = null;
  return {
    url: `http://${HOST}:${actualPort}`,
    port: actualPort,
    close() {
      closing ??= new Promise((resolve) => {
        sim.shutdownTimers();
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      return closing;
    },
    reset: () => sim.reset(),
    state: (provider) => sim.state(provider),
    requests: () => sim.requests(),
    clearRequests: () => sim.clearRequests(),
    script: (rule) => sim.script(rule),
    configure: (settings) => sim.configure(settings),
    config: () => publicConfig(sim.config),
    stats: () => sim.stats(),
  };
}

// ---- CLI --------------------------------------------------------------------------

function parsePortArg(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--port") return Number(argv[i + 1]);
    if (a.startsWith("--port=")) return Number(a.slice("--port=".length));
    if (a === "--help" || a === "-h") {
      console.log("usage: node sim/simulator.mjs [--port N]");
      process.exit(0);
    }
  }
  return 0;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const port = parsePortArg(process.argv.slice(2));
  startSimulator({ port }).then(
    (sim) => {
      console.log(`wa-groups simulator listening on ${sim.url}`);
      const stop = () => sim.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (e) => {
      console.error(`wa-groups simulator: ${e.message}`);
      process.exit(1);
    },
  );
}
