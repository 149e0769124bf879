// The package's runtime: the I/O around the wasm core. The core (Rust) reads every input
// (JavaScript values, through serde-wasm-bindgen), builds every request, reads every
// answer (with the runtime's JSON.parse) and redacts every error; this file calls `fetch`
// under a time limit and the caller's `AbortSignal`, and turns `{error: …}` answers into
// `WaGroupsError`.
//
// If the wasm instance ever traps (a bug, or memory exhausted), the call that hit it
// rejects with kind "internal", the instance is re-created, and every other call goes
// on: calls in flight are re-prepared on the new instance when their answer arrives.
import * as core from "./wa_groups.js";
import { WaGroupsError } from "./error.js";

// The response headers the core reads (rate limits, Retry-After, content type).
const HEADERS_READ = ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "content-type"];
// The options `client.batch` takes.
const BATCH_OPTIONS = ["concurrency", "signal", "onProgress"];
// Answers longer than this are not read (the core refuses them too).
const MAX_BODY_BYTES = 8 * 1024 * 1024;

// Bumped each time the wasm instance is re-created; engines of older epochs are gone.
let epoch = 0;

function invalid(field, message, context) {
  return new WaGroupsError(`invalid input: ${field} ${message}`, { kind: "validation", issues: [{ field, message }], ...context });
}

/** A call's or a batch's options, checked to be an object (the core reads its keys). */
function optionsObject(opts, context) {
  if (opts === undefined || opts === null) return undefined;
  if (typeof opts !== "object") throw invalid("options", `must be an object, got ${typeof opts}`, context);
  return opts;
}

/** Calls into the wasm; a trap re-creates the instance and becomes a WaGroupsError. */
function guard(enter, context) {
  try {
    return enter();
  } catch (e) {
    if (e instanceof WaGroupsError) throw e;
    let what;
    try {
      what = `${e?.name ?? "Error"}: ${e?.message ?? e}`;
    } catch {
      what = "unknown failure";
    }
    core.__wbg_reset_state();
    epoch++;
    throw new WaGroupsError(`internal error in wa-groups (${what.slice(0, 200)}); the call was not completed and the wasm instance was re-created`, { kind: "internal", ...context });
  }
}

function unwrap(answer) {
  if (answer.error) throw new WaGroupsError(answer.error.message, answer.error);
  return answer.ok;
}

/** Every problem with `config` and `call`; empty when the call can be sent. */
export function validate(config, call) {
  return unwrap(guard(() => core.coreValidate(config, call)));
}

/** The request for `call`; `{ redact: true }` replaces the secrets with `***`. */
export function buildRequest(config, call, options) {
  let redact;
  try {
    redact = Boolean(options?.redact);
  } catch {
    throw invalid("options", "could not be read");
  }
  return unwrap(guard(() => core.coreBuildRequest(config, call, redact)));
}

/** The typed result of the provider's answer to `call`, or a thrown `WaGroupsError`. */
export function parseResponse(config, call, response) {
  return unwrap(guard(() => core.coreParseResponse(config, call, response, Date.now())));
}

/**
 * A provider's webhook body (the request's text, or the object parsed from it) as a typed
 * event: group created, participants added/removed/left, membership requested/revoked…;
 * anything else is `{type: "other", raw}`. Never throws for the body.
 */
export function parseWebhook(provider, body) {
  return unwrap(guard(() => core.coreParseWebhook(String(provider), body)));
}

export class Client {
  #options;
  #fetchIssue;
  #fetch;
  #provider;
  #engine = null;
  #epoch = -1;
  #inFlight = 0;
  #freed = false;
  #bucket = null;

  /** Bad options throw `WaGroupsError` "validation" naming every problem. */
  constructor(options) {
    let fetchOption;
    try {
      fetchOption = options?.fetch;
      this.#fetchIssue = fetchOption == null || typeof fetchOption === "function" ? undefined : "must be a function";
    } catch {
      this.#fetchIssue = "could not be read";
    }
    this.#options = options;
    this.#fetch = typeof fetchOption === "function" ? fetchOption : undefined;
    const ready = this.#currentEngine();
    this.#provider = ready.provider;
    // One queue per provider and token, shared by every client using that token: the
    // providers count requests per token.
    if (ready.rateLimit) this.#bucket = bucketFor(`${ready.provider}\n${String(options.token)}`, ready.rateLimit);
  }

  /** The provider this client talks to. */
  get provider() {
    return this.#provider;
  }

  createGroup(input, opts) {
    return this.#call("createGroup", input, opts);
  }

  getInvitationLink(groupId, opts) {
    return this.#call("getInvitationLink", { groupId }, opts);
  }

  linkGroups(communityId, groupIds, opts) {
    return this.#call("linkGroups", { communityId, groupIds }, opts);
  }

  unlinkGroups(communityId, groupIds, opts) {
    return this.#call("unlinkGroups", { communityId, groupIds }, opts);
  }

  // Groups

  listGroups(page, opts) {
    return this.#call("listGroups", page ?? {}, opts);
  }

  getGroupMetadata(groupId, opts) {
    return this.#call("getGroupMetadata", { groupId }, opts);
  }

  getGroupMetadataLight(groupId, opts) {
    return this.#call("getGroupMetadataLight", { groupId }, opts);
  }

  getInvitationInfo(link, opts) {
    return this.#call("getInvitationInfo", { link }, opts);
  }

  resetInvitationLink(groupId, opts) {
    return this.#call("resetInvitationLink", { groupId }, opts);
  }

  joinGroup(link, opts) {
    return this.#call("joinGroup", { link }, opts);
  }

  addParticipants(groupId, phones, opts) {
    return this.#call("addParticipants", { groupId, phones, autoInvite: opts?.autoInvite }, opts);
  }

  removeParticipants(groupId, phones, opts) {
    return this.#call("removeParticipants", { groupId, phones }, opts);
  }

  promoteParticipants(groupId, phones, opts) {
    return this.#call("promoteParticipants", { groupId, phones }, opts);
  }

  demoteParticipants(groupId, phones, opts) {
    return this.#call("demoteParticipants", { groupId, phones }, opts);
  }

  approveParticipants(groupId, phones, opts) {
    return this.#call("approveParticipants", { groupId, phones }, opts);
  }

  rejectParticipants(groupId, phones, opts) {
    return this.#call("rejectParticipants", { groupId, phones }, opts);
  }

  updateGroupName(groupId, name, opts) {
    return this.#call("updateGroupName", { groupId, name }, opts);
  }

  updateGroupDescription(groupId, description, opts) {
    return this.#call("updateGroupDescription", { groupId, description }, opts);
  }

  updateGroupPhoto(groupId, photo, opts) {
    return this.#call("updateGroupPhoto", { groupId, photo }, opts);
  }

  updateGroupSettings(groupId, settings, opts) {
    return this.#call("updateGroupSettings", { groupId, settings }, opts);
  }

  leaveGroup(groupId, opts) {
    return this.#call("leaveGroup", { groupId }, opts);
  }

  // Communities

  createCommunity(input, opts) {
    return this.#call("createCommunity", input, opts);
  }

  listCommunities(page, opts) {
    return this.#call("listCommunities", page ?? {}, opts);
  }

  getCommunityMetadata(communityId, opts) {
    return this.#call("getCommunityMetadata", { communityId }, opts);
  }

  listSubgroups(communityId, opts) {
    return this.#call("listSubgroups", { communityId }, opts);
  }

  updateCommunitySettings(communityId, settings, opts) {
    // Every key of `settings` reaches the core, so that a misspelt one is an issue.
    const given = settings !== null && typeof settings === "object" ? settings : { whoCanAddGroups: settings };
    return this.#call("updateCommunitySettings", { ...given, communityId }, opts);
  }

  updateCommunityDescription(communityId, description, opts) {
    return this.#call("updateCommunityDescription", { communityId, description }, opts);
  }

  deactivateCommunity(communityId, opts) {
    return this.#call("deactivateCommunity", { communityId }, opts);
  }

  /**
   * Releases the client's wasm memory now rather than at garbage collection; calls in
   * flight finish first. Calls made afterwards reject. Calling it again does nothing.
   */
  free() {
    this.#freed = true;
    if (this.#inFlight === 0) this.#release();
  }

  #release() {
    const engine = this.#engine;
    this.#engine = null;
    if (engine && this.#epoch === epoch) {
      try {
        engine.free();
      } catch {
        // Already gone with an earlier instance.
      }
    }
  }

  /** This client's engine on the current wasm instance, made when there is none. */
  #currentEngine() {
    if (this.#engine && this.#epoch === epoch) return { engine: this.#engine, epoch, provider: this.#provider };
    const made = guard(() => {
      const engine = new core.Engine();
      const answer = engine.setup(this.#options, this.#fetchIssue);
      if (answer.error) {
        engine.free();
        throw new WaGroupsError(answer.error.message, answer.error);
      }
      return { engine, provider: answer.ok.provider, rateLimit: answer.ok.rateLimit };
    });
    this.#engine = made.engine;
    this.#epoch = epoch;
    return { engine: made.engine, epoch, provider: made.provider, rateLimit: made.rateLimit };
  }

  /**
   * Runs many calls (`{op, ...fields}`, the `Call` union) under the rate limit, at most
   * `concurrency` at a time. Resolves with one outcome per call, in input order; never
   * rejects as a whole. When `signal` fires, calls in flight end as "aborted" and calls
   * not yet started come back as `{status: "not_started"}`.
   */
  async batch(calls, options) {
    if (!Array.isArray(calls)) throw invalid("calls", "must be an array of calls ({op, ...fields})");
    let concurrency;
    let signal;
    let onProgress;
    const context = { provider: this.#provider };
    const given = optionsObject(options, context);
    try {
      concurrency = options?.concurrency ?? 4;
      signal = options?.signal;
      onProgress = options?.onProgress;
    } catch {
      throw invalid("options", "could not be read", context);
    }
    // Every problem at once, unknown keys included.
    const issues = given ? unwrap(guard(() => core.coreUnknownKeys(given, BATCH_OPTIONS, "options.", "a batch option"))) : [];
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) issues.push({ field: "concurrency", message: "must be a whole number from 1 to 256" });
    if (onProgress != null && typeof onProgress !== "function") issues.push({ field: "onProgress", message: "must be a function" });
    if (issues.length) {
      const list = issues.map((i) => `${i.field} ${i.message}`).join("; ");
      throw new WaGroupsError(`invalid input: ${list}`, { kind: "validation", issues, ...context });
    }
    const total = calls.length;
    const outcomes = new Array(total);
    const counts = { done: 0, total, fulfilled: 0, rejected: 0 };
    let next = 0;
    const aborted = () => {
      try {
        return Boolean(signal?.aborted);
      } catch {
        return false;
      }
    };
    const run = async (i) => {
      const call = calls[i];
      try {
        const op = call?.op;
        if (typeof op !== "string") throw invalid("op", "must name an operation", { provider: this.#provider });
        outcomes[i] = { status: "fulfilled", value: await this.#call(op, call, { signal }) };
        counts.fulfilled++;
      } catch (e) {
        outcomes[i] = { status: "rejected", reason: e instanceof WaGroupsError ? e : new WaGroupsError(`internal error in wa-groups (${describe(e)})`, { kind: "internal" }) };
        counts.rejected++;
      }
      counts.done++;
      try {
        onProgress?.({ ...counts });
      } catch {
        // A throwing progress callback must not lose the outcome.
      }
    };
    const worker = async () => {
      while (next < total && !aborted()) await run(next++);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
    for (let i = 0; i < total; i++) outcomes[i] ??= { status: "not_started" };
    return outcomes;
  }

  async #call(op, input, opts) {
    const context = { provider: this.#provider, operation: op };
    if (this.#freed) throw invalid("client", "was freed; create a new Client", context);
    const given = optionsObject(opts, context);
    let signal;
    try {
      signal = opts?.signal;
    } catch {
      throw invalid("opts", "could not be read", context);
    }
    this.#inFlight++;
    try {
      // Takes a handle on the current instance: `{engine, at, handle, request, timeoutMs}`.
      const prepare = () => {
        const { engine, epoch: at } = this.#currentEngine();
        return { engine, at, ...unwrap(guard(() => engine.prepare(op, input, given), context)) };
      };
      let call = prepare();
      let request = call.request;
      let delay = 0;
      for (;;) {
        let answer;
        try {
          if (delay > 0) await sleep(delay, signal);
          if (this.#bucket) await this.#bucket.take(signal);
          const response = await exchange(this.#fetch, request, call.timeoutMs, signal);
          this.#bucket?.observe(response.headers);
          if (call.at !== epoch) call = prepare(); // the instance was re-created meanwhile
          answer = guard(() => call.engine.finish(call.handle, response, Date.now(), Math.random()), context);
        } catch (lost) {
          if (lost instanceof WaGroupsError) throw lost;
          if (call.at !== epoch) call = prepare();
          const kind = typeof lost?.kind === "string" ? lost.kind : "network";
          const detail = typeof lost?.detail === "string" ? lost.detail : "no response";
          const reached = lost?.reached !== false;
          answer = guard(() => call.engine.abandon(call.handle, kind, detail, reached, Math.random()), context);
        }
        const refusal = answer.error ?? null;
        // A 429 holds every call on this token until the provider said to come back.
        if (refusal?.kind === "rate_limited") this.#bucket?.pause(refusal.retryAfterMs ?? 1000);
        if (answer.retry) {
          request = answer.retry;
          delay = 0;
          continue;
        }
        if (answer.again !== undefined) {
          delay = answer.again;
          continue;
        }
        if (refusal) throw new WaGroupsError(refusal.message, refusal);
        return answer.ok;
      }
    } finally {
      this.#inFlight--;
      if (this.#freed && this.#inFlight === 0) this.#release();
    }
  }
}

/** Waits `ms`, or rejects as "aborted" when `signal` fires first. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    let timer;
    const onAbort = () => {
      clearTimeout(timer);
      reject({ kind: "aborted", detail: "the call was aborted while waiting to retry", reached: false });
    };
    try {
      if (signal?.aborted) return onAbort();
      signal?.addEventListener?.("abort", onAbort, { once: true });
    } catch {
      // A signal that cannot be listened to cannot abort the wait either.
    }
    timer = setTimeout(() => {
      try {
        signal?.removeEventListener?.("abort", onAbort);
      } catch {
        // As above.
      }
      resolve();
    }, ms);
  });
}

// ---- rate limits ------------------------------------------------------------------------

const buckets = new Map();

function bucketFor(key, { requests, intervalMs }) {
  let bucket = buckets.get(key);
  if (!bucket) buckets.set(key, (bucket = new Bucket()));
  bucket.limit = requests;
  bucket.window = intervalMs;
  return bucket;
}

/**
 * The requests one token may send: at most `limit` per rolling `window`, and none while
 * the provider says the window is used up (`X-RateLimit-Remaining: 0` until
 * `X-RateLimit-Reset`) or asked us to wait (429). Calls wait in line instead of being
 * refused.
 */
class Bucket {
  constructor() {
    this.limit = Infinity;
    this.window = 60_000;
    this.sent = []; // send times within the last window
    this.queue = [];
    this.pausedUntil = 0;
    this.remaining = null; // the provider's count, until its reset time
    this.resetAt = 0;
    this.timer = null;
  }

  take(signal) {
    return new Promise((resolve, reject) => {
      const entry = { resolve, signal, onAbort: null };
      entry.onAbort = () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
        reject({ kind: "aborted", detail: "the call was aborted while waiting for the rate limit", reached: false });
      };
      try {
        if (signal?.aborted) return entry.onAbort();
        signal?.addEventListener?.("abort", entry.onAbort, { once: true });
      } catch {
        entry.signal = null;
      }
      this.queue.push(entry);
      this.pump();
    });
  }

  observe(headers) {
    const now = Date.now();
    const remaining = Number(headers?.["x-ratelimit-remaining"]);
    const reset = Number(headers?.["x-ratelimit-reset"]);
    if (Number.isFinite(reset) && reset > 0) this.resetAt = reset > 1e9 ? reset * 1000 : now + reset * 1000;
    if (Number.isFinite(remaining) && this.resetAt > now) this.remaining = remaining;
    this.pump();
  }

  pause(ms) {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + Math.max(0, ms));
    this.pump();
  }

  waitMs(now) {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    while (this.sent.length && this.sent[0] <= now - this.window) this.sent.shift();
    if (this.remaining !== null) {
      if (now >= this.resetAt) this.remaining = null;
      else if (this.remaining <= 0) return this.resetAt - now;
    }
    if (this.sent.length >= this.limit) return this.sent[0] + this.window - now;
    return 0;
  }

  pump() {
    clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length) {
      const now = Date.now();
      const wait = this.waitMs(now);
      if (wait > 0) {
        this.timer = setTimeout(() => this.pump(), wait);
        return;
      }
      this.sent.push(now);
      if (this.remaining !== null) this.remaining--;
      const entry = this.queue.shift();
      try {
        entry.signal?.removeEventListener?.("abort", entry.onAbort);
      } catch {
        // Nothing to remove.
      }
      entry.resolve();
    }
  }
}

/**
 * One HTTP exchange. Resolves to `{status, headers, body}`; rejects with
 * `{kind, detail}` (kind "network", "timeout", "aborted" or "decode") when no complete
 * answer arrived. The time limit and the caller's signal also bound a `fetch` that
 * ignores its own signal, and the reading of the body.
 */
function exchange(fetchOption, request, timeoutMs, signal) {
  return new Promise((resolve, reject) => {
    let timer;
    let settled = false;
    const controller = new AbortController();
    const onAbort = () => {
      controller.abort();
      settle(reject, { kind: "aborted", detail: "the call was aborted" });
    };
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        signal?.removeEventListener?.("abort", onAbort);
      } catch {
        // A signal we could not listen to either.
      }
      fn(value);
    };
    try {
      if (signal?.aborted) return settle(reject, { kind: "aborted", detail: "the call was aborted before it was sent" });
      signal?.addEventListener?.("abort", onAbort);
    } catch {
      return settle(reject, { kind: "aborted", detail: "the signal could not be read" });
    }
    timer = setTimeout(() => {
      controller.abort();
      settle(reject, { kind: "timeout", detail: `no complete answer within ${timeoutMs} ms (timeoutMs)` });
    }, timeoutMs);

    const fetchFn = fetchOption ?? globalThis.fetch;
    if (typeof fetchFn !== "function") {
      return settle(reject, { kind: "network", detail: "this runtime has no global fetch; pass options.fetch" });
    }
    const init = { method: request.method, headers: request.headers, signal: controller.signal };
    if (request.body !== null) init.body = request.body;
    // A stored fetch must be called bound to globalThis ("Illegal invocation" otherwise).
    new Promise((r) => r(fetchFn.call(globalThis, request.url, init)))
      .then(
        async (res) => {
          if (!res || typeof res.text !== "function" || !(res.status >= 100 && res.status <= 599)) {
            // Not a Response, or an opaque one (no-cors) whose status cannot be read.
            return settle(reject, { kind: "decode", detail: "fetch resolved to something that is not a readable HTTP response" });
          }
          const headers = {};
          for (const name of HEADERS_READ) {
            const value = res.headers?.get?.(name);
            if (value != null) headers[name] = String(value);
          }
          const body = await readBody(res, controller);
          settle(resolve, { status: res.status, headers, body });
        },
        (e) => settle(reject, { kind: "network", detail: describe(e), reached: mayHaveArrived(e) }),
      )
      .catch((e) => settle(reject, e?.kind ? e : { kind: "network", detail: describe(e) }));
  });
}

/** The body as text, at most MAX_BODY_BYTES; invalid UTF-8 reads as U+FFFD. */
async function readBody(res, controller) {
  const tooLarge = { kind: "decode", detail: `the answer is larger than ${MAX_BODY_BYTES} bytes; not read` };
  const declared = Number(res.headers?.get?.("content-length"));
  if (declared > MAX_BODY_BYTES) {
    controller.abort();
    throw tooLarge;
  }
  const reader = res.body?.getReader?.();
  if (!reader) {
    const text = String(await res.text());
    if (text.length > MAX_BODY_BYTES) throw tooLarge;
    return text;
  }
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      controller.abort();
      reader.cancel().catch(() => {});
      throw tooLarge;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

// Connection errors that mean the request never left: it can be sent again safely.
const NOT_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL"];

function mayHaveArrived(e) {
  try {
    const code = e?.cause?.code ?? e?.code;
    return !(typeof code === "string" && NOT_SENT.includes(code));
  } catch {
    return true;
  }
}

// A thrown value's name, message and cause code, never its stack. The core redacts the
// whole text first and cuts it after.
function describe(e) {
  try {
    const name = typeof e?.name === "string" ? `${e.name}: ` : "";
    const message = typeof e?.message === "string" ? e.message : String(e);
    const code = e?.cause?.code ?? e?.cause?.message;
    return `no response (${name}${message}${typeof code === "string" ? ` (${code})` : ""})`;
  } catch {
    return "no response (fetch failed with a value that cannot be described)";
  }
}
