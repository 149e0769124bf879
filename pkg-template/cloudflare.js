// wa-groups/cloudflare: bulk jobs past one process, on Cloudflare Queues and Durable
// Objects. A user's Worker wires three things in a few lines (README, "Bulk jobs on
// Cloudflare"): `createJobs()`'s `fetch` (POST /jobs, GET /jobs/:id, DELETE /jobs/:id, each
// for an authenticated caller only) and `queue` (the consumer), and two Durable Object
// classes: `JobObject`, one per job, the record of every call's state, and
// `RateLimiterObject`, one per gateway token, which every consumer asks for a slot before
// each request so that together they keep under the gateway's limit.
//
// What is decided here is bookkeeping that must live in a Durable Object's storage (and
// survive a wasm trap): which call runs, which is done, what is enqueued again. What the
// calls are (the plan, its references) and how fast they may go (the pacer) is decided by
// the Rust core (src/jobs.rs), and each call is a `Client` call with `reconcileCreates`
// whose record is this job's (docs/decisions.md, "Jobs on Cloudflare").
import { DurableObject } from "cloudflare:workers";
// Its own wasm: the crate built with the "jobs" feature, which the main entries do not
// carry. As in index.workerd.js, workerd hands over the compiled module.
import wasmModule from "./wa_groups_jobs_bg.wasm";
import * as core from "./wa_groups_jobs.js";
import { start, enter, Client, operations } from "./client.jobs.js";
import { WaGroupsError } from "./error.js";
import { authFromEnv, authErrorResponse } from "./auth.js";

core.initSync({ module: wasmModule });
start();

/**
 * The core's steps for the jobs (src/jobs.rs, only in this wasm): a plan read and
 * checked, a call's references resolved, the token limiter's pacing. Each is synchronous
 * and pure; a trap in it becomes a WaGroupsError, as for every export.
 */
const jobCore = Object.freeze({
  plan: (config, body, format) => enter(() => core.coreJobPlan(config, body, format)),
  resolve: (call, results) => enter(() => core.coreJobResolve(call, results)),
  paceReserve: (state, rate, nowMs) => enter(() => core.corePaceReserve(state, rate, nowMs)),
  paceObserve: (state, response, nowMs) => enter(() => core.corePaceObserve(state, response, nowMs)),
});

export * from "./auth.js";
// The whole client too, from this one wasm: a jobs Worker needs no second import.
export { Client, validate, buildRequest, parseResponse, parseWebhook, verifyWebhookAuthorization, operations } from "./client.jobs.js";
export { WaGroupsError } from "./error.js";

/** The binding names `createJobs` uses unless told others. */
export const DEFAULT_BINDINGS = Object.freeze({ jobs: "JOBS", limiter: "LIMITER", queue: "JOBS_QUEUE" });

const CREATES = new Set(["createGroup", "createCommunity"]);
// Failures that say nothing about the call itself: the job tries it again later (a create
// then looks for its group first). Anything else is the call's outcome.
const TRANSIENT = new Set(["network", "timeout", "rate_limited", "decode", "internal", "aborted"]);
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_BODY_BYTES = 1 << 20;
const OPTION_KEYS = ["basePath", "bindings", "authenticate", "gateway", "rateLimit", "fetch", "timeoutMs", "maxRetries", "maxAttempts", "leaseMs", "sweepMs", "log"];

const json = (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
const problem = (status, kind, message, extra = {}, headers = {}) => json(status, { error: { kind, message, ...extra } }, headers);
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** `RATE_LIMIT` as `requests/interval` (`100/60s`, `50/10s`, `600/1m`, `20/500ms`). */
export function parseRateLimit(text) {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,7})\s*(ms|s|m)\s*$/.exec(String(text));
  if (!m) throw new TypeError(`RATE_LIMIT must read like "100/60s" (requests per interval in ms, s or m), got ${JSON.stringify(String(text))}`);
  const intervalMs = Number(m[2]) * { ms: 1, s: 1000, m: 60_000 }[m[3]];
  const requests = Number(m[1]);
  if (!(requests >= 1 && intervalMs >= 1 && intervalMs <= 3_600_000)) throw new TypeError(`RATE_LIMIT out of range: ${text}`);
  return { requests, intervalMs };
}

/** The gateway's address from the Worker's vars and secrets: PROVIDER, INSTANCE, TOKEN, CLIENT_TOKEN, BASE_URL. */
export function gatewayFromEnv(env) {
  const config = { provider: env.PROVIDER, instance: env.INSTANCE, token: env.TOKEN };
  if (env.CLIENT_TOKEN) config.clientToken = env.CLIENT_TOKEN;
  if (env.BASE_URL) config.baseUrl = env.BASE_URL;
  return config;
}

/** The per-token limit: `RATE_LIMIT`, else RyzeAPI's documented 100 per minute; Z-API documents none (only its 429s pause). */
function rateOf(options, env, provider) {
  if (options.rateLimit !== undefined) return options.rateLimit;
  if (env.RATE_LIMIT) return parseRateLimit(env.RATE_LIMIT);
  return provider === "ryze" ? { requests: 100, intervalMs: 60_000 } : null;
}

async function sha256hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The limiter's name for a gateway token: a hash of provider, instance and token, never the token. */
export const limiterName = (config) => sha256hex(["wa-groups limiter", config.provider, config.instance, config.token].join("\n"));

/**
 * The Worker's `fetch` and `queue` handlers for bulk jobs. Options (all optional):
 * `basePath` ("/jobs"), `bindings` (DEFAULT_BINDINGS), `authenticate(request, env)`
 * (default `authFromEnv(env)`: refuses everyone until configured), `gateway(env)`
 * (default `gatewayFromEnv`), `rateLimit` ({requests, intervalMs}; default RATE_LIMIT),
 * `fetch` (what gateway requests go through), `timeoutMs` (10000), `maxRetries` (2),
 * `maxAttempts` (8: how often a call whose outcome stayed unknown is tried again),
 * `leaseMs` (how long a call is a consumer's before another may take it over),
 * `sweepMs` (how often a job re-enqueues what was lost), `log` (a function given
 * redacted lines).
 */
export function createJobs(options = {}) {
  if (options === null || typeof options !== "object") throw new TypeError("createJobs(options): options must be an object");
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length) throw new TypeError(`createJobs(options): unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (known: ${OPTION_KEYS.join(", ")})`);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 2;
  const o = {
    basePath: (options.basePath ?? "/jobs").replace(/\/+$/, ""),
    bindings: { ...DEFAULT_BINDINGS, ...options.bindings },
    authenticate: options.authenticate ?? ((request, env) => authFromEnv(env)(request)),
    gateway: options.gateway ?? gatewayFromEnv,
    rateLimit: options.rateLimit,
    fetch: options.fetch,
    timeoutMs,
    maxRetries,
    maxAttempts: options.maxAttempts ?? 8,
    // Longer than one call can take (every try timing out, with backoff), so that a live
    // consumer is never overtaken.
    leaseMs: options.leaseMs ?? (timeoutMs + 2_000) * (maxRetries + 1) * 2 + 10_000,
    sweepMs: options.sweepMs ?? 30_000,
    log: options.log ?? (() => {}),
  };
  return {
    fetch: (request, env, ctx) => handle(o, request, env, ctx),
    queue: (batch, env, ctx) => consume(o, batch, env, ctx),
  };
}

// ---- the HTTP API -----------------------------------------------------------------------

async function handle(o, request, env) {
  const url = new URL(request.url);
  const base = o.basePath;
  if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return problem(404, "not_found", "no such route");
  // Who is asking comes first: nothing else happens for a caller without a valid token.
  let caller;
  try {
    caller = await o.authenticate(request, env);
  } catch (e) {
    // The Worker's own problem (no or wrong settings, keys unreachable): said in its log, never to the caller.
    if (!(e?.status < 500)) o.log(`wa-groups jobs: authentication cannot work: ${String(e?.message ?? e).slice(0, 300)}`);
    return authErrorResponse(e);
  }
  const owner = String(caller?.subject ?? "");
  if (!owner) return problem(401, "unauthenticated", "the token names no subject");
  const ns = env[o.bindings.jobs];
  if (url.pathname === base) {
    if (request.method !== "POST") return problem(405, "method_not_allowed", "POST a plan to create a job", {}, { allow: "POST" });
    return createJob(o, request, env, ns, owner, base);
  }
  const jobId = url.pathname.slice(base.length + 1);
  // Not a job id, or not the caller's: the same answer, so that nobody learns which exist.
  const missing = () => problem(404, "not_found", "no such job");
  if (!JOB_ID.test(jobId)) return missing();
  const job = ns.get(ns.idFromName(jobId));
  if (request.method === "GET") {
    const report = await job.report(owner);
    return report ? json(200, report) : missing();
  }
  if (request.method === "DELETE") {
    const report = await job.cancel(owner);
    return report ? json(200, report) : missing();
  }
  return problem(405, "method_not_allowed", "GET a job's progress, or DELETE it to cancel", {}, { allow: "GET, DELETE" });
}

async function createJob(o, request, env, ns, owner, base) {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const format = type === "text/csv" ? "csv" : type === "application/json" ? "json" : null;
  if (!format) return problem(415, "unsupported_media_type", "send the plan as application/json ({calls: [...]}) or text/csv (name,participants[,community,description])");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return problem(413, "too_large", `a plan is at most ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) return problem(413, "too_large", `a plan is at most ${MAX_BODY_BYTES} bytes`);
  let body = text;
  if (format === "json") {
    try {
      body = JSON.parse(text);
    } catch {
      return problem(400, "validation", "the body is not JSON", { issues: [{ field: "body", message: "is not JSON" }] });
    }
  }
  const config = o.gateway(env);
  // The Worker's own settings first: a missing credential is the server's problem, not
  // the plan's (the fields are named, never their values).
  try {
    new Client(config).free();
  } catch (e) {
    if (!(e instanceof WaGroupsError)) throw e;
    o.log(`wa-groups jobs: the gateway settings are incomplete or wrong: ${(e.issues ?? []).map((i) => `${i.field} ${i.message}`).join("; ")}`);
    return problem(500, "misconfigured", "the Worker's gateway settings are incomplete or wrong (see its log)");
  }
  let plan;
  try {
    plan = jobCore.plan(config, body, format);
  } catch (e) {
    if (e instanceof WaGroupsError) return problem(e.kind === "validation" ? 400 : 500, e.kind, e.message, e.issues ? { issues: e.issues } : {});
    throw e;
  }
  const jobId = crypto.randomUUID();
  const job = ns.get(ns.idFromName(jobId));
  await job.create({ jobId, owner, provider: config.provider, calls: plan.calls, queue: o.bindings.queue, sweepMs: o.sweepMs, maxAttempts: o.maxAttempts, now: Date.now() });
  const location = `${base}/${jobId}`;
  return json(202, { jobId, calls: plan.calls.length, status: location }, { location });
}

// ---- the consumer -----------------------------------------------------------------------

async function consume(o, batch, env) {
  // The messages of a batch run side by side; each waits for its own slot.
  await Promise.all(
    batch.messages.map((message) =>
      consumeOne(o, message, env).catch((e) => {
        o.log(`wa-groups jobs: message for call ${message.body?.index} of job ${message.body?.jobId} failed (${e?.name}: ${String(e?.message).slice(0, 200)}); it is delivered again`);
        message.retry({ delaySeconds: 1 });
      }),
    ),
  );
}

async function consumeOne(o, message, env) {
  const { jobId, index } = message.body ?? {};
  if (typeof jobId !== "string" || !JOB_ID.test(jobId) || !Number.isInteger(index)) {
    o.log("wa-groups jobs: a message that is not a job's call was dropped");
    return message.ack();
  }
  const ns = env[o.bindings.jobs];
  const job = ns.get(ns.idFromName(jobId));
  const step = await job.begin(index, Date.now(), o.leaseMs);
  if (step.action === "skip") return message.ack();
  if (step.action === "later") return message.retry({ delaySeconds: Math.max(1, Math.ceil(step.afterMs / 1000)) });
  const outcome = await runCall(o, env, job, index, step);
  const settled = await job.finish(index, step.attempt, outcome, Date.now());
  if (outcome.status === "again" && settled.status === "pending") return message.retry({ delaySeconds: Math.max(1, Math.ceil(outcome.afterMs / 1000)) });
  message.ack();
}

/** One call, through a client whose requests wait for the token's limiter. */
async function runCall(o, env, job, index, step) {
  // The attempt ends well before its lease (counted from `begin`, the listing below
  // included), so that no other consumer takes the call over while a request of this
  // attempt may still be on its way.
  const signal = AbortSignal.timeout(Math.floor(o.leaseMs * 0.8));
  let client;
  try {
    const config = o.gateway(env);
    const limits = await limitsFor(o, env, config);
    const isCreate = CREATES.has(step.op);
    let reconcileCreates;
    if (isCreate) {
      // What the instance had before this job's first create: a create whose answer was
      // lost (here or in a consumer that died) is looked for among what is new since.
      let known = await job.baseline();
      if (known === null) known = await job.setBaseline(await listKnown(o, config, limits, signal));
      // The job says whether a group found is this call's; a stale attempt is told no by a throw, and sends nothing more.
      reconcileCreates = { known, claim: (id) => job.claim(index, step.attempt, id) };
    }
    client = new Client({ ...config, ...limits, timeoutMs: o.timeoutMs, maxRetries: o.maxRetries, rateLimit: false, ...(reconcileCreates ? { reconcileCreates } : {}) });
    const value = await client.call(step.op, step.input, { ...(isCreate ? { mayHaveBeenSent: step.lookFirst } : {}), signal });
    return { status: "done", value };
  } catch (e) {
    const error = errorJson(e);
    if (TRANSIENT.has(error.kind) || (error.kind === "provider" && error.status >= 500)) return { status: "again", error, afterMs: 1000 * Math.min(30, 2 ** Math.min(step.attempt, 5)) };
    return { status: "failed", error };
  } finally {
    client?.free();
  }
}

/** Every group id of the instance (and Z-API's communities), page after page. */
async function listKnown(o, config, limits, signal) {
  const client = new Client({ ...config, ...limits, timeoutMs: o.timeoutMs, maxRetries: Math.max(o.maxRetries, 4), rateLimit: false });
  try {
    const ids = [];
    for await (const g of client.listGroups({ pageSize: 1000 }, { signal })) ids.push(g.groupId);
    if (operations[config.provider].includes("listCommunities")) for await (const c of client.listCommunities({ pageSize: 1000 }, { signal })) ids.push(c.communityId);
    return ids;
  } finally {
    client.free();
  }
}

function errorJson(e) {
  if (e instanceof WaGroupsError) {
    const { name, ...rest } = e.toJSON();
    return rest;
  }
  return { kind: "internal", message: `unexpected failure (${String(e?.name ?? "Error")})` };
}

/** How far ahead a slot may be booked; beyond, a consumer asks again later (a slot booked is a slot spent). */
const SLOT_HORIZON_MS = 15_000;

/**
 * The client options that put a client under the token's limiter: `beforeSend` waits for
 * a slot (outside each request's time limit, so a long queue is not a timeout), `fetch`
 * tells the limiter what the gateway said of the limit.
 */
async function limitsFor(o, env, config) {
  const ns = env[o.bindings.limiter];
  const limiter = ns.get(ns.idFromName(await limiterName(config)));
  const rate = rateOf(o, env, config.provider);
  const send = o.fetch ?? ((input, init) => fetch(input, init));
  return {
    beforeSend: async ({ signal }) => {
      for (;;) {
        const slot = await limiter.reserve(rate, SLOT_HORIZON_MS);
        if (slot.waitMs !== undefined) return slot.waitMs > 0 ? sleep(slot.waitMs, signal) : undefined;
        await sleep(slot.retryAfterMs, signal);
      }
    },
    fetch: async (input, init) => {
      const response = await send(input, init);
      const h = response.headers;
      if (response.status === 429 || h.has("retry-after") || h.has("x-ratelimit-remaining") || h.has("x-ratelimit-limit")) {
        const headers = {};
        for (const name of ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]) if (h.has(name)) headers[name] = h.get(name);
        await limiter.observe({ status: response.status, headers });
      }
      return response;
    },
  };
}

// ---- the Durable Objects ----------------------------------------------------------------

/**
 * One per gateway token (named by `limiterName`): grants evenly spaced slots so that all
 * consumers together stay under the limit, and pauses every one of them when the gateway
 * says so (`Retry-After`, `X-RateLimit-Remaining: 0` until `X-RateLimit-Reset`, a lower
 * `X-RateLimit-Limit`). Its state is a few numbers, in memory.
 */
export class RateLimiterObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.state = undefined;
    this.figures = { granted: 0, deferred: 0, observed429: 0, waitedMs: 0 };
    // Kept in storage too, so that a restarted limiter neither forgets a pause nor grants slots already granted.
    ctx.blockConcurrencyWhile(async () => {
      this.state = (await ctx.storage.get("pace")) ?? undefined;
    });
  }

  /**
   * A slot: `{waitMs}`, how long to wait before sending; or, when the next one is more than
   * `horizonMs` away, `{retryAfterMs}` and nothing booked. `rate` null: no spacing, only
   * the gateway's pauses.
   */
  reserve(rate, horizonMs = Infinity) {
    const now = Date.now();
    let waitMs;
    let next = this.state;
    if (rate) {
      ({ state: next, waitMs } = jobCore.paceReserve(this.state, rate, now));
    } else {
      waitMs = Math.max(0, (this.state?.pausedUntil ?? 0) - now);
    }
    if (waitMs > horizonMs) {
      this.figures.deferred++;
      return { retryAfterMs: Math.min(waitMs - horizonMs + 50, 5_000) };
    }
    if (next !== this.state) {
      this.state = next;
      this.ctx.storage.put("pace", next);
    }
    this.figures.granted++;
    this.figures.waitedMs += waitMs;
    return { waitMs };
  }

  /** What an answer said of the limit: `{status, headers}` (only the rate-limit headers). */
  observe(response) {
    if (response?.status === 429) this.figures.observed429++;
    this.state = jobCore.paceObserve(this.state, response, Date.now());
    this.ctx.storage.put("pace", this.state);
  }

  /** Slots granted and deferred (past the horizon), 429s seen, time spent waiting: for a dashboard or a test. */
  stats() {
    return { ...this.figures };
  }
}

const SETTLED = new Set(["done", "failed", "not_started"]);
const callKey = (index) => `call:${String(index).padStart(6, "0")}`;

/**
 * One per job (named by its id): the plan and every call's state, in its storage. The
 * consumer asks it before each call (`begin`: run it, skip it, or come back later) and
 * tells it the outcome (`finish`); it enqueues each call once its references are done,
 * and its alarm enqueues again what a consumer lost (a lease run out, a message dropped).
 */
export class JobObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.meta = null;
    this.calls = [];
    this.known = null;
    ctx.blockConcurrencyWhile(async () => {
      this.meta = (await ctx.storage.get("meta")) ?? null;
      if (this.meta) {
        this.calls = [...(await ctx.storage.list({ prefix: "call:" })).values()];
        this.known = (await ctx.storage.get("baseline")) ?? null;
        // A job that was running when its machine stopped goes on sweeping.
        if (!this.meta.finishedAt && (await ctx.storage.getAlarm()) === null) await ctx.storage.setAlarm(Date.now() + this.meta.sweepMs);
      }
    });
  }

  /** Writes meta and the calls at `indices` (at most 128 keys a put: in chunks). */
  #save(...indices) {
    const unique = [...new Set(indices)];
    for (let i = 0; i < unique.length || i === 0; i += 120) {
      const entries = i === 0 ? { meta: this.meta } : {};
      for (const j of unique.slice(i, i + 120)) entries[callKey(j)] = this.calls[j];
      this.ctx.storage.put(entries);
    }
  }

  async create({ jobId, owner, provider, calls, queue, sweepMs, maxAttempts, now }) {
    if (this.meta) throw new Error("this job exists already");
    this.meta = { jobId, owner, provider, queue, sweepMs, maxAttempts, createdAt: new Date(now).toISOString(), cancelled: false, finishedAt: null };
    this.calls = calls.map((c) => ({ index: c.index, id: c.id ?? null, op: c.op, call: c.call, deps: c.deps, status: "pending", attempts: 0, leaseUntil: 0, enqueuedAt: 0, claimed: [] }));
    // At most 128 keys a put; meta last, so that a job half written is no job.
    for (let i = 0; i < this.calls.length; i += 120) {
      const entries = {};
      for (const c of this.calls.slice(i, i + 120)) entries[callKey(c.index)] = c;
      await this.ctx.storage.put(entries);
    }
    await this.ctx.storage.put({ meta: this.meta });
    await this.#enqueueReady(now);
    await this.ctx.storage.setAlarm(now + sweepMs);
    return { calls: this.calls.length };
  }

  /** The calls whose references are all done and that are not yet enqueued (or were lost), sent to the queue. */
  async #enqueueReady(now, staleMs = Infinity) {
    const ready = this.calls.filter(
      (c) => c.status === "pending" && (!this.meta.cancelled || c.attempts > 0) && c.deps.every((d) => this.calls[d]?.status === "done") && (c.enqueuedAt === 0 || now - c.enqueuedAt > staleMs),
    );
    if (ready.length === 0) return;
    const queue = this.env[this.meta.queue];
    for (let i = 0; i < ready.length; i += 100) {
      const chunk = ready.slice(i, i + 100);
      // Marked first, so that a second finish meanwhile does not enqueue them again.
      for (const c of chunk) c.enqueuedAt = now;
      try {
        await queue.sendBatch(chunk.map((c) => ({ body: { jobId: this.meta.jobId, index: c.index } })));
      } catch {
        for (const c of chunk) c.enqueuedAt = 0; // the alarm tries again
        return;
      }
      this.#save(...chunk.map((c) => c.index));
    }
  }

  /** What the consumer holding a message for call `index` does now: `run` it (with its references resolved), `skip` it, or come back `later`. */
  begin(index, now, leaseMs) {
    const c = this.calls[index];
    if (!this.meta || !c) return { action: "skip", reason: "no such call" };
    if (SETTLED.has(c.status)) return { action: "skip", reason: `already ${c.status}` };
    // Cancelled: what never started does not; a call already tried (its outcome unknown) is finished.
    if (this.meta.cancelled && c.status === "pending" && c.attempts === 0) {
      this.#notStarted(c, "the job was cancelled before it started");
      return { action: "skip", reason: "cancelled" };
    }
    if (c.status === "running" && c.leaseUntil > now) return { action: "later", afterMs: c.leaseUntil - now };
    // Tried as often as allowed (its consumers kept dying or its outcome stayed unknown).
    if (c.attempts >= this.meta.maxAttempts) {
      this.#settle(c, { status: "failed", error: c.lastError ?? { kind: "internal", message: `no outcome after ${c.attempts} attempts (each consumer stopped before it reported one)` } });
      return { action: "skip", reason: "out of attempts" };
    }
    // Two creates of one name never run at once: a look of one could take the other's group.
    if (CREATES.has(c.op)) {
      const twin = this.calls.find((o) => o !== c && o.status === "running" && o.leaseUntil > now && o.op === c.op && o.call.name === c.call.name);
      if (twin) return { action: "later", afterMs: 1000 };
    }
    const failedDep = c.deps.map((d) => this.calls[d]).find((d) => d.status === "failed" || d.status === "not_started");
    if (failedDep) {
      this.#notStarted(c, `it refers to call ${failedDep.index}${failedDep.id ? ` (${failedDep.id})` : ""}, which ${failedDep.status === "failed" ? "failed" : "did not start"}`);
      return { action: "skip", reason: "a reference failed" };
    }
    // Not ready: it is enqueued when its references are done.
    if (!c.deps.every((d) => this.calls[d].status === "done")) return { action: "skip", reason: "waiting for the calls it refers to" };
    let input;
    try {
      input = jobCore.resolve(c.call, Object.fromEntries(c.deps.map((d) => [String(d), this.calls[d].result])));
    } catch (e) {
      this.#settle(c, { status: "failed", error: errorJson(e) });
      return { action: "skip", reason: "its references could not be resolved" };
    }
    c.status = "running";
    c.attempts += 1;
    c.leaseUntil = now + leaseMs;
    this.#save(index);
    const { op, ...fields } = input;
    // An earlier attempt may have sent it: a create then looks for its group first.
    return { action: "run", op, input: fields, attempt: c.attempts, lookFirst: c.attempts > 1 };
  }

  /** The outcome of attempt `attempt` of call `index`: `done` (value), `failed` (error) or `again` (unknown; tried again later). */
  async finish(index, attempt, outcome, now = Date.now()) {
    const c = this.calls[index];
    // A consumer overtaken after its lease ran out: the newer attempt decides. (A lease
    // run out with no newer attempt yet: this outcome still counts.)
    if (!c || SETTLED.has(c.status) || c.attempts !== attempt) return { status: c?.status ?? "missing", stale: true };
    if (outcome.status === "again") {
      if (c.attempts >= this.meta.maxAttempts) {
        this.#settle(c, { status: "failed", error: outcome.error });
      } else {
        c.status = "pending";
        c.leaseUntil = 0;
        c.lastError = outcome.error;
        c.enqueuedAt = now; // the consumer's retry delivers it again
        this.#save(index);
      }
      return { status: c.status };
    }
    this.#settle(c, outcome);
    await this.#enqueueReady(now);
    return { status: c.status };
  }

  #settle(c, outcome) {
    c.status = outcome.status;
    c.leaseUntil = 0;
    if (outcome.status === "done") c.result = outcome.value;
    else c.error = outcome.error;
    delete c.lastError;
    const changed = [c.index];
    if (c.status !== "done") {
      // Whatever refers to it cannot start, nor what refers to those.
      for (const d of this.calls) {
        if (d.status === "pending" && d.deps.includes(c.index)) this.#notStarted(d, `it refers to call ${c.index}${c.id ? ` (${c.id})` : ""}, which failed`, changed);
      }
    }
    this.#finishedCheck();
    this.#save(...changed);
  }

  /** Marks `c` not started, and what refers to it; with `changed`, adds them there and leaves the saving to the caller. */
  #notStarted(c, reason, changed) {
    const mine = changed ?? [];
    c.status = "not_started";
    c.reason = reason;
    mine.push(c.index);
    for (const d of this.calls) if (d.status === "pending" && d.deps.includes(c.index)) this.#notStarted(d, `it refers to call ${c.index}${c.id ? ` (${c.id})` : ""}, which did not start`, mine);
    if (!changed) {
      this.#finishedCheck();
      this.#save(...mine);
    }
  }

  #finishedCheck() {
    if (!this.meta.finishedAt && this.calls.every((c) => SETTLED.has(c.status))) this.meta.finishedAt = new Date().toISOString();
  }

  /** Whether group `id` may be call `index`'s result: no other call of the job has it. */
  claim(index, attempt, id) {
    const c = this.calls[index];
    // A stale attempt may not decide anything: it is told so by a throw, and sends nothing more.
    if (!c || c.attempts !== attempt || SETTLED.has(c.status)) throw new Error("superseded: a newer attempt of this call decides");
    for (const other of this.calls) {
      if (other.index === index) continue;
      if (other.claimed.includes(id) || other.result?.groupId === id || other.result?.communityId === id) return false;
    }
    if (!c.claimed.includes(id)) c.claimed.push(id);
    this.#save(index);
    return true;
  }

  /** The groups the instance had before this job's first create (null until one is set). */
  baseline() {
    return this.known;
  }

  /** Sets the baseline unless one is set already; returns the one that holds. */
  setBaseline(ids) {
    if (this.known === null) {
      this.known = ids;
      this.ctx.storage.put("baseline", ids);
    }
    return this.known;
  }

  /** Cancels what has not started; what was started (running, or tried and to be tried again) finishes. Null when not `owner`'s. */
  cancel(owner) {
    if (!this.meta || this.meta.owner !== owner) return null;
    if (this.meta.finishedAt) return this.report(owner); // nothing left to cancel
    this.meta.cancelled = true;
    const changed = [];
    for (const c of this.calls) {
      if (c.status === "pending" && c.attempts === 0) {
        c.status = "not_started";
        c.reason = "the job was cancelled before it started";
        changed.push(c.index);
      }
    }
    this.#finishedCheck();
    this.#save(...changed);
    return this.report(owner);
  }

  /** The job's progress, for its owner only (null otherwise). */
  report(owner) {
    if (!this.meta || this.meta.owner !== owner) return null;
    const counts = { pending: 0, running: 0, done: 0, failed: 0, not_started: 0 };
    for (const c of this.calls) counts[c.status]++;
    const status = counts.pending + counts.running > 0 ? (this.meta.cancelled ? "cancelling" : "running") : this.meta.cancelled ? "cancelled" : "finished";
    return {
      jobId: this.meta.jobId,
      provider: this.meta.provider,
      status,
      createdAt: this.meta.createdAt,
      finishedAt: this.meta.finishedAt,
      counts,
      calls: this.calls.map((c) => ({
        index: c.index,
        ...(c.id ? { id: c.id } : {}),
        op: c.op,
        status: c.status,
        attempts: c.attempts,
        ...(c.status === "done" ? { result: c.result } : {}),
        ...(c.status === "failed" ? { error: c.error } : {}),
        ...(c.status === "not_started" ? { reason: c.reason } : {}),
        ...(c.lastError && !SETTLED.has(c.status) ? { lastError: c.lastError } : {}),
      })),
    };
  }

  /** Enqueues again what was lost: calls whose lease ran out, and ready calls whose message went missing. */
  async alarm() {
    if (!this.meta || this.meta.finishedAt) return;
    const now = Date.now();
    const stale = this.meta.sweepMs * 2;
    for (const c of this.calls) {
      if (c.status === "running" && c.leaseUntil <= now) {
        // The consumer that held it stopped: the next one looks before it sends.
        c.status = "pending";
        c.leaseUntil = 0;
        c.enqueuedAt = 0;
        this.#save(c.index);
      }
    }
    await this.#enqueueReady(now, stale);
    await this.ctx.storage.setAlarm(now + this.meta.sweepMs);
  }
}
