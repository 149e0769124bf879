// Seeded chaos: makes a deterministic pseudo-random share of provider requests misbehave
// the way real gateways and the networks in front of them do. No dependencies beyond node:*.
//
// A request's fate is a pure function of the seed, the request itself (provider, method,
// path with query, body) and how many identical requests came before it since the chaos
// setting was made (or the simulator reset): the same seed gives the same faults for the
// same requests, in whatever order concurrent clients send them, and a retry (the next
// identical request) gets a fresh draw. The one order-dependent part is the tail of a 429
// burst, which hits whichever requests for that token arrive next.

import { createHash } from "node:crypto";

/**
 * Every kind, with when it strikes. "before": the request is not processed (nothing
 * changes, the Ryze rate window does not count it); "after": it is processed (the state
 * change happened) and then the answer is lost, late or damaged.
 */
export const CHAOS_KINDS = Object.freeze({
  "reset-before": "before", // socket destroyed without an answer
  "reset-after": "after", // processed, then the socket is destroyed without an answer
  "status-500": "before", // 500 with a JSON error body in the provider's envelope
  "status-503": "before", // 503 with a JSON error body in the provider's envelope
  "burst-429": "before", // a run of 429s for the token, with Retry-After (+ X-RateLimit-* on Ryze)
  slow: "after", // processed at once, the answer held `slowMs` (beyond the client's timeout)
  truncated: "after", // processed; the real status and headers, the body cut short (where: drawn)
  "html-502": "before", // 502 with an nginx-style HTML page
});

const KIND_NAMES = Object.keys(CHAOS_KINDS);
const CHAOS_KEYS = new Set(["seed", "rate", "kinds", "slowMs", "burst", "retryAfterSeconds", "retryAfter", "providers"]);
const PROVIDERS = ["zapi", "ryze"];

const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isInt = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;

/**
 * Validates a `chaos` setting and fills in defaults. `null` (off) stays null. Throws
 * TypeError on bad input. Result:
 *   { seed, rate, kinds: {kind: weight}, slowMs, burst: [min, max], retryAfterSeconds,
 *     retryAfter: "seconds" | "date" | "mixed", providers: [...] }
 */
export function normalizeChaos(value) {
  if (value === null) return null;
  if (!isPlainObject(value)) throw new TypeError("chaos must be an object {seed, rate, kinds?, …} or null");
  for (const key of Object.keys(value)) if (!CHAOS_KEYS.has(key)) throw new TypeError(`unknown chaos setting: ${key}`);
  const { seed, rate, kinds = KIND_NAMES, slowMs = 35_000, burst = [2, 4], retryAfterSeconds = 1, retryAfter = "mixed", providers = PROVIDERS } = value;
  if (!(isInt(seed, 0, Number.MAX_SAFE_INTEGER) || (typeof seed === "string" && seed !== ""))) {
    throw new TypeError("chaos.seed must be a non-negative integer or a non-empty string");
  }
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) throw new TypeError("chaos.rate must be a number from 0 to 1");
  let weights;
  if (Array.isArray(kinds)) {
    if (kinds.length === 0) throw new TypeError("chaos.kinds must name at least one kind");
    weights = {};
    for (const k of kinds) {
      if (!KIND_NAMES.includes(k)) throw new TypeError(`chaos.kinds: unknown kind ${JSON.stringify(k)} (one of ${KIND_NAMES.join(", ")})`);
      weights[k] = 1;
    }
  } else if (isPlainObject(kinds)) {
    weights = {};
    for (const [k, w] of Object.entries(kinds)) {
      if (!KIND_NAMES.includes(k)) throw new TypeError(`chaos.kinds: unknown kind ${JSON.stringify(k)} (one of ${KIND_NAMES.join(", ")})`);
      if (typeof w !== "number" || !(w >= 0) || !Number.isFinite(w)) throw new TypeError(`chaos.kinds.${k} must be a weight >= 0`);
      if (w > 0) weights[k] = w;
    }
    if (Object.keys(weights).length === 0) throw new TypeError("chaos.kinds must give at least one kind a weight > 0");
  } else {
    throw new TypeError("chaos.kinds must be an array of kinds or an object {kind: weight}");
  }
  if (!isInt(slowMs, 1, 600_000)) throw new TypeError("chaos.slowMs must be an integer between 1 and 600000");
  let range;
  if (isInt(burst, 1, 1000)) range = [burst, burst];
  else if (Array.isArray(burst) && burst.length === 2 && isInt(burst[0], 1, 1000) && isInt(burst[1], burst[0], 1000)) range = [...burst];
  else throw new TypeError("chaos.burst must be an integer from 1 to 1000 or [min, max] with 1 <= min <= max <= 1000");
  if (!isInt(retryAfterSeconds, 0, 86_400)) throw new TypeError("chaos.retryAfterSeconds must be an integer between 0 and 86400");
  if (!["seconds", "date", "mixed"].includes(retryAfter)) throw new TypeError('chaos.retryAfter must be "seconds", "date" or "mixed"');
  if (!Array.isArray(providers) || providers.length === 0 || !providers.every((p) => PROVIDERS.includes(p))) {
    throw new TypeError('chaos.providers must be a non-empty array of "zapi" / "ryze"');
  }
  return { seed, rate, kinds: weights, slowMs, burst: range, retryAfterSeconds, retryAfter, providers: [...new Set(providers)] };
}

export const cloneChaos = (c) => (c === null ? null : { ...c, kinds: { ...c.kinds }, burst: [...c.burst], providers: [...c.providers] });

/** Four uniform numbers in [0, 1) from SHA-256 of `text`. */
function draws(text) {
  const d = createHash("sha256").update(text).digest();
  return [0, 4, 8, 12].map((i) => d.readUInt32BE(i) / 2 ** 32);
}

const HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

function errorBody(provider, message) {
  return JSON.stringify(provider === "ryze" ? { success: false, error: { message } } : { error: message });
}

/** The runtime of one chaos setting: its draws, its bursts, its counters. */
export class Chaos {
  constructor(settings) {
    this.settings = settings;
    this.seen = new Map(); // request digest → identical requests seen so far
    this.bursts = new Map(); // `${provider}\n${token}` → { left, retryAfter: "seconds"|"date" }
    this.stats = { requests: 0, faults: Object.fromEntries(KIND_NAMES.map((k) => [k, 0])), bursts: 0 };
  }

  /**
   * The fault for one provider request, or null. `request`: { provider, method, path
   * (with query), body (text), token }. Returns { kind, when: "before" | "after" }, plus
   * for "burst-429" `retryAfter` (the form) and `burstStart`, for "truncated" `keep` (the
   * share of the body kept, in [0, 1)).
   */
  decide({ provider, method, path, body, token }) {
    const s = this.settings;
    if (!s.providers.includes(provider)) return null;
    this.stats.requests += 1;
    const identity = createHash("sha256").update(`${provider}\0${method}\0${path}\0${body}`).digest("hex");
    const n = this.seen.get(identity) ?? 0;
    this.seen.set(identity, n + 1);

    const burstKey = `${provider}\n${token ?? ""}`;
    const burst = this.bursts.get(burstKey);
    if (burst) {
      burst.left -= 1;
      if (burst.left <= 0) this.bursts.delete(burstKey);
      this.stats.faults["burst-429"] += 1;
      return { kind: "burst-429", when: "before", retryAfter: burst.retryAfter, burstStart: false };
    }

    const [u, v, w, x] = draws(`${String(s.seed)}\0${identity}\0${n}`);
    if (!(u < s.rate)) return null;
    const entries = Object.entries(s.kinds);
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let pick = v * total;
    let kind = entries[entries.length - 1][0];
    for (const [k, weight] of entries) {
      if (pick < weight) {
        kind = k;
        break;
      }
      pick -= weight;
    }
    this.stats.faults[kind] += 1;
    if (kind === "truncated") return { kind, when: "after", keep: w };
    if (kind !== "burst-429") return { kind, when: CHAOS_KINDS[kind] };

    const [min, max] = s.burst;
    const length = min + Math.floor(w * (max - min + 1));
    const retryAfter = s.retryAfter === "mixed" ? (x < 0.5 ? "seconds" : "date") : s.retryAfter;
    this.stats.bursts += 1;
    if (length > 1) this.bursts.set(burstKey, { left: length - 1, retryAfter });
    return { kind, when: "before", retryAfter, burstStart: true };
  }

  /**
   * The answer for a "before" fault other than a reset (a response descriptor), given the
   * provider, the current time and the Ryze rate limit (for the X-RateLimit-* headers).
   */
  answer(fault, provider, now, ryzeLimit) {
    switch (fault.kind) {
      case "status-500":
        return { status: 500, headers: {}, contentType: "application/json; charset=utf-8", body: errorBody(provider, "Internal Server Error") };
      case "status-503":
        return { status: 503, headers: {}, contentType: "application/json; charset=utf-8", body: errorBody(provider, "Service Unavailable") };
      case "html-502":
        return { status: 502, headers: {}, contentType: "text/html", body: HTML_502 };
      case "burst-429": {
        const seconds = this.settings.retryAfterSeconds;
        let until;
        let value;
        if (fault.retryAfter === "date") {
          // HTTP dates have whole seconds: round up so the wait is never shorter than asked.
          until = Math.ceil(now / 1000) * 1000 + seconds * 1000;
          value = new Date(until).toUTCString();
        } else {
          until = now + seconds * 1000;
          value = String(seconds);
        }
        const headers = { "Retry-After": value };
        if (provider === "ryze") {
          headers["X-RateLimit-Limit"] = String(ryzeLimit);
          headers["X-RateLimit-Remaining"] = "0";
          headers["X-RateLimit-Reset"] = String(Math.ceil(until / 1000));
        }
        const message = provider === "ryze" ? "Rate limit exceeded. Try again later." : "Too Many Requests";
        return { status: 429, headers, contentType: "application/json; charset=utf-8", body: errorBody(provider, message) };
      }
      default:
        throw new Error(`no canned answer for chaos kind ${fault.kind}`);
    }
  }

  /** A copy of the counters, for `stats()`. */
  snapshot() {
    return {
      seed: this.settings.seed,
      rate: this.settings.rate,
      requests: this.stats.requests,
      faults: { ...this.stats.faults },
      bursts: this.stats.bursts,
    };
  }
}

/**
 * Cuts a body short: keeps the share `keep` (in [0, 1)) of its characters, so at least one
 * goes and the JSON is no longer complete (possibly nothing is left).
 */
export function truncateBody(text, keep) {
  return text.slice(0, Math.min(Math.max(text.length - 1, 0), Math.floor(keep * text.length)));
}
