// What only JavaScript can do for the Rust client: register the error class, and recover
// from a trap. Everything else (reading input, requests, fetch, time limits, retries,
// the rate limit, batches) is Rust, in the wasm.
//
// If the wasm instance traps (a bug, or memory exhausted), every call in flight on it
// rejects with kind "internal" (none is lost or left pending), the instance is re-created,
// and the next call runs on the new one. The Promises the Rust side awaits pass through
// `gate`, which never settles one for an instance that is gone, so nothing from the old
// instance ever calls into the new one; the build routes the wasm's task queue through
// `guard`, so a trap while a call is running asynchronously is caught too.
import * as core from "./wa_groups.js";
import { WaGroupsError } from "./error.js";

let epoch = 0;
// The calls in flight on the current instance: their reject functions and contexts.
const inFlight = new Map();

const gate = (promise) => {
  const at = epoch;
  return new Promise((resolve, reject) => {
    promise.then(
      (v) => at === epoch && resolve(v),
      (e) => at === epoch && reject(e),
    );
  });
};

// The Rust side's timers, cleared when its instance traps (its calls are over).
const timers = new Set();
const later = (fn, ms) => {
  const timer = setTimeout(() => {
    timers.delete(timer);
    fn();
  }, ms);
  timers.add(timer);
  return timer;
};
const cancel = (timer) => {
  clearTimeout(timer);
  timers.delete(timer);
};

const guard = (task) => {
  const at = epoch;
  return () => {
    if (at !== epoch) return; // queued by an instance that is gone
    try {
      task();
    } catch (e) {
      trapped(e);
    }
  };
};

function register() {
  core.setRuntime(WaGroupsError, gate, later, cancel);
  core.__waGroupsSetTaskGuard(guard);
}

function describe(e) {
  try {
    return `${e?.name ?? "Error"}: ${e?.message ?? e}`.slice(0, 200);
  } catch {
    return "unknown failure";
  }
}

/** Ends every call on the trapped instance with kind "internal" and makes a new one. */
function trapped(e, context) {
  const what = describe(e);
  const internal = (c) => new WaGroupsError(`internal error in wa-groups (${what}); the call was not completed and the wasm instance was re-created`, { kind: "internal", ...c });
  const calls = [...inFlight];
  inFlight.clear();
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  epoch++;
  core.__wbg_reset_state();
  register();
  for (const [reject, c] of calls) reject(internal(c));
  return internal(context);
}

/** Runs a synchronous entry into the wasm; a trap in it becomes a WaGroupsError. (Exported for wa-groups/cloudflare's own steps.) */
export function enter(run, context) {
  try {
    return run();
  } catch (e) {
    if (e instanceof WaGroupsError) throw e;
    throw trapped(e, context);
  }
}

/** A call's Promise, rejected with kind "internal" if the instance traps meanwhile. */
function track(start, context) {
  return new Promise((resolve, reject) => {
    inFlight.set(reject, context);
    const done = (settle) => (v) => {
      inFlight.delete(reject);
      settle(v);
    };
    let pending;
    try {
      pending = enter(start, context);
    } catch (e) {
      return done(reject)(e);
    }
    pending.then(done(resolve), done(reject));
  });
}

/** Every problem with `config` and `call`; empty when the call can be sent. */
export const validate = (config, call) => enter(() => core.coreValidate(config, call));

/** The request for `call`; `{ redact: true }` replaces the secrets with `***`. */
export const buildRequest = (config, call, options) => enter(() => core.coreBuildRequest(config, call, options));

/** The typed result of the provider's answer to `call`, or a thrown `WaGroupsError`. */
export const parseResponse = (config, call, response) => enter(() => core.coreParseResponse(config, call, response, Date.now()));

/** A provider's webhook body (its text, or the object parsed from it) as a typed event; never throws for the body. */
export const parseWebhook = (provider, body) => enter(() => core.coreParseWebhook(String(provider), body));

/** Whether a webhook delivery's `Authorization` header is the configured one (constant-time). */
export const verifyWebhookAuthorization = (received, expected) => enter(() => core.coreVerifyWebhookAuthorization(received, expected));

/** The operations each provider has an endpoint for: `{ zapi: [...], ryze: [...] }`. */
export let operations;

const state = new WeakMap();

export class Client {
  /** Bad options throw `WaGroupsError` "validation" naming every problem. */
  constructor(options) {
    const inner = enter(() => new core.Client(options));
    state.set(this, { options, inner, epoch, provider: inner.provider, inFlight: 0, freed: false });
  }

  /** The provider this client talks to. */
  get provider() {
    return state.get(this).provider;
  }

  /** Any operation by name, its input as one object. */
  call(op, input, opts) {
    return run(this, (c) => c.call(String(op), input, opts), op);
  }

  /**
   * Runs many calls (`{op, ...fields}`) under the rate limit, at most `concurrency` at a
   * time. Resolves with one outcome per call, in input order.
   */
  batch(calls, options) {
    return run(this, (c) => c.batch(calls, options));
  }

  /**
   * Releases the client's wasm memory now rather than at garbage collection; calls in
   * flight finish first. Calls made afterwards reject. Calling it again does nothing.
   */
  free() {
    const s = state.get(this);
    s.freed = true;
    if (s.inFlight === 0) release(s);
  }
}

function release(s) {
  const inner = s.inner;
  s.inner = null;
  if (inner && s.epoch === epoch) inner.free();
}

function run(client, start, operation) {
  const s = state.get(client);
  const context = { provider: s.provider, ...(typeof operation === "string" ? { operation } : {}) };
  if (s.freed) {
    return Promise.reject(
      new WaGroupsError("invalid input: client was freed; create a new Client", { kind: "validation", issues: [{ field: "client", message: "was freed; create a new Client" }], ...context }),
    );
  }
  s.inFlight++;
  const finished = () => {
    if (--s.inFlight === 0 && s.freed) release(s);
  };
  const call = track(() => {
    // The instance was re-created since this client was made: make its Rust half again.
    if (s.epoch !== epoch) Object.assign(s, { inner: new core.Client(s.options), epoch });
    return start(s.inner);
  }, context);
  call.then(finished, finished);
  return call;
}

/**
 * Called by each entry file once the wasm is instantiated: registers the runtime with it
 * and gives `Client` the contract's methods (`getInvitationLink(groupId, opts)`, …),
 * which are the Rust client's.
 */
export function start() {
  register();
  const supported = core.supportedOperations();
  for (const provider of Object.keys(supported)) Object.freeze(supported[provider]);
  operations = Object.freeze(supported);
  const lists = core.listMethods();
  for (const name of core.clientMethods()) {
    const list = lists[name];
    Object.defineProperty(Client.prototype, name, {
      value:
        list === undefined
          ? function (...args) {
              return run(this, (c) => c[name](...args), name);
            }
          : function (...args) {
              return listing(this, name, list, args);
            },
      writable: true,
      configurable: true,
    });
  }
}

/**
 * A listing's Promise, also async-iterable over its items: the first page is the call
 * itself; the next one (`page + 1`, same options and signal, under the rate limit like
 * any call) is asked for only once the consumer has taken every item and the result says
 * `hasMore: true`. A page with no items ends it.
 */
function listing(client, name, { items: key, paged }, args) {
  const first = run(client, (c) => c[name](...args), name);
  first[Symbol.asyncIterator] = async function* () {
    let result = await first;
    let page = paged && args[0] && typeof args[0] === "object" ? { ...args[0] } : {};
    for (;;) {
      const items = result[key];
      yield* items;
      if (!paged || result.hasMore !== true || items.length === 0) return;
      page = { ...page, page: (result.page ?? page.page ?? 1) + 1 };
      result = await run(client, (c) => c[name](page, args[1]), name);
    }
  };
  return first;
}
