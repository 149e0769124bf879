// The package's runtime: the I/O around the wasm core. The core (Rust) validates every
// input, builds every request, reads every answer and redacts every error; this file
// only moves JSON text across, calls `fetch` under `timeoutMs` and the caller's
// `AbortSignal`, and turns `{"error": …}` answers into `WaGroupsError`.
import { Engine, coreBuildRequest, coreParseResponse, coreValidate } from "./wa_groups.js";
import { WaGroupsError } from "./error.js";

// The response headers the core reads (rate limits, Retry-After, content type).
const HEADERS_READ = ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "content-type"];

function encode(value, field, context) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
    // BigInt, cycles, throwing getters: not plain data.
    const issue = { field, message: "must be plain data that JSON can represent" };
    throw new WaGroupsError(`invalid input: ${field} ${issue.message}`, { kind: "validation", issues: [issue], ...context });
  }
  return text ?? "null";
}

function unwrap(answerText) {
  const answer = JSON.parse(answerText);
  if (answer.error) throw new WaGroupsError(answer.error.message, answer.error);
  return answer.ok;
}

/** The `WaGroupsError` of an answer that is always an error. */
function failure(answerText) {
  const { error } = JSON.parse(answerText);
  return new WaGroupsError(error.message, error);
}

/** Every problem with `config` and `call`; empty when the call can be sent. */
export function validate(config, call) {
  return unwrap(coreValidate(encode(config, "config"), encode(call, "call")));
}

/** The request for `call`; `{ redact: true }` replaces the secrets with `***`. */
export function buildRequest(config, call, options) {
  return unwrap(coreBuildRequest(encode(config, "config"), encode(call, "call"), Boolean(options?.redact)));
}

/** The typed result of the provider's answer to `call`, or a thrown `WaGroupsError`. */
export function parseResponse(config, call, response) {
  return unwrap(coreParseResponse(encode(config, "config"), encode(call, "call"), encode(plainResponse(response), "response"), Date.now()));
}

// `headers` may be a Headers instance (or any iterable of pairs): JSON would read it as {}.
function plainResponse(response) {
  const headers = response?.headers;
  if (headers && typeof headers === "object" && !Array.isArray(headers) && typeof headers[Symbol.iterator] === "function") {
    return { ...response, headers: Object.fromEntries(headers) };
  }
  return response;
}

export class Client {
  #engine;
  #fetch;
  #timeoutMs;
  #provider;

  /** Bad options throw `WaGroupsError` "validation" naming every problem. */
  constructor(options) {
    const fetchOption = options?.fetch;
    const fetchIssue = fetchOption == null || typeof fetchOption === "function" ? undefined : "must be a function";
    const engine = new Engine();
    let ready;
    try {
      ready = unwrap(engine.setup(encode(options, "options"), fetchIssue));
    } catch (e) {
      engine.free();
      throw e;
    }
    this.#engine = engine;
    this.#fetch = fetchOption ?? undefined;
    this.#timeoutMs = ready.timeoutMs;
    this.#provider = ready.provider;
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

  /** Releases the client's wasm memory now rather than at garbage collection. */
  free() {
    this.#engine.free();
  }

  async #call(op, input, opts) {
    const context = { provider: this.#provider, operation: op };
    const engine = this.#engine;
    const { handle, request: first } = unwrap(engine.prepare(op, encode(input, "input", context)));
    let request = first;
    for (;;) {
      let response;
      try {
        response = await exchange(this.#fetch, request, this.#timeoutMs, opts?.signal);
      } catch (lost) {
        throw failure(engine.abandon(handle, lost.kind, lost.detail));
      }
      const answer = JSON.parse(engine.finish(handle, JSON.stringify(response), Date.now()));
      if (answer.retry) {
        request = answer.retry;
        continue;
      }
      if (answer.error) throw new WaGroupsError(answer.error.message, answer.error);
      return answer.ok;
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
    if (signal?.aborted) return reject({ kind: "aborted", detail: "the call was aborted before it was sent" });
    const controller = new AbortController();
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener?.("abort", onAbort);
      fn(value);
    };
    const onAbort = () => {
      controller.abort();
      settle(reject, { kind: "aborted", detail: "the call was aborted" });
    };
    const timer = setTimeout(() => {
      controller.abort();
      settle(reject, { kind: "timeout", detail: `no complete answer within timeoutMs (${timeoutMs} ms)` });
    }, timeoutMs);
    signal?.addEventListener?.("abort", onAbort);

    const fetchFn = fetchOption ?? globalThis.fetch;
    if (typeof fetchFn !== "function") {
      return settle(reject, { kind: "network", detail: "this runtime has no global fetch; pass options.fetch" });
    }
    const init = { method: request.method, headers: request.headers, signal: controller.signal };
    if (request.body !== null) init.body = request.body;
    // A stored fetch must be called bound to globalThis ("Illegal invocation" otherwise).
    new Promise((r) => r(fetchFn.call(globalThis, request.url, init)))
      .then(async (res) => {
        if (!res || typeof res.text !== "function" || !(res.status >= 100 && res.status <= 599)) {
          // Not a Response, or an opaque one (no-cors) whose status cannot be read.
          return settle(reject, { kind: "decode", detail: "fetch resolved to something that is not a readable HTTP response" });
        }
        const headers = {};
        for (const name of HEADERS_READ) {
          const value = res.headers?.get?.(name);
          if (value != null) headers[name] = String(value);
        }
        const body = await res.text();
        settle(resolve, { status: res.status, headers, body: String(body) });
      })
      .catch((e) => settle(reject, { kind: "network", detail: describe(e) }));
  });
}

// A thrown value's name, message and cause code, never its stack. The core redacts it.
function describe(e) {
  try {
    const name = typeof e?.name === "string" ? `${e.name}: ` : "";
    const message = typeof e?.message === "string" ? e.message : String(e);
    const code = e?.cause?.code ?? e?.cause?.message;
    return `no response (${name}${message.slice(0, 300)}${typeof code === "string" ? ` (${code.slice(0, 200)})` : ""})`;
  } catch {
    return "no response (fetch failed with a value that cannot be described)";
  }
}
