// Small helpers shared by the simulator's front-ends. No dependencies beyond node:*.

import { createHash, timingSafeEqual } from "node:crypto";

/** Largest accepted request body, in bytes (1 MiB). Larger bodies get 413. */
export const BODY_LIMIT = 1024 * 1024;

const JSON_TYPE = "application/json; charset=utf-8";

/** A response descriptor: front-ends return these, the server writes them. */
export function json(status, value, headers = {}) {
  return { status, headers, contentType: JSON_TYPE, body: JSON.stringify(value) };
}

/** True when the Content-Type header's media type is application/json (parameters ignored). */
export function isJsonContentType(header) {
  if (typeof header !== "string") return false;
  return header.split(";")[0].trim().toLowerCase() === "application/json";
}

/**
 * Parses a request body that must be a JSON object. An empty body counts as `{}`.
 * Returns { ok: true, value } or { ok: false, problem: "malformed" | "not-object" }.
 */
export function parseJsonObject(text) {
  if (text.trim() === "") return { ok: true, value: {} };
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: "malformed" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, problem: "not-object" };
  }
  return { ok: true, value };
}

/** Constant-time string comparison (hashes first so lengths don't leak). */
export function safeEqual(a, b) {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Shortens a user-supplied value before it is echoed in an error message. */
export function clip(value, max = 60) {
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** decodeURIComponent that never throws (returns the raw text on bad escapes). */
export function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** True for a non-empty array whose items are all strings. */
export function isStringArray(value) {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
