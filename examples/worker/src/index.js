// A Cloudflare Worker that lets a browser page use wa-groups without ever seeing the
// gateway's credentials. The token stays in the Worker's environment (a secret); the
// page calls a small JSON endpoint:
//
//   POST /api/<operation>     Content-Type: application/json, the Call's fields without `op`
//     createGroup        {"name": "...", "participants": ["..."], "autoInvite"?: true}
//     getInvitationLink  {"groupId": "..."}
//     linkGroups         {"communityId": "...", "groupIds": ["..."]}
//     unlinkGroups       {"communityId": "...", "groupIds": ["..."]}
//     … and every other operation of wa-groups' `Call` union (listGroups, addParticipants,
//     updateGroupSettings, createCommunity, …), each only if OPERATIONS allows it
//   → 200 with the operation's result, or
//   → an error status with {"error": {kind, message, status?, issues?, retryAfterMs?}}
//
// Only authenticated callers: every /api/ request (except a CORS preflight) must carry a
// valid JWT, checked before anything else happens (wa-groups/cloudflare's authFromEnv,
// verified by jose): `Authorization: Bearer <token>`, or behind Cloudflare Access the
// `Cf-Access-Jwt-Assertion` header Access adds. No valid token: 401, nothing read, nothing
// sent. No authentication configured: 500 for every request (fail closed).
//
// Environment (wrangler.toml [vars], or secrets for the credentials):
//   AUTH_JWT_SECRET  secret: HS256/384/512 tokens signed with it (at least 32 bytes), or
//   AUTH_JWKS_URL    your identity provider's JWKS (RS256, ES256, EdDSA…), with AUTH_AUDIENCE, or
//   ACCESS_TEAM_DOMAIN + ACCESS_AUD   Cloudflare Access in front of the Worker
//   AUTH_ISSUER, AUTH_AUDIENCE        optional: the iss / aud tokens must have
//   PROVIDER         "zapi" or "ryze"
//   INSTANCE         the Z-API instance id or RyzeAPI instance name
//   TOKEN            secret: the gateway token
//   CLIENT_TOKEN     secret, Z-API only: the account security token
//   BASE_URL         optional: the gateway's base URL (default: the provider's own)
//   TIMEOUT_MS       optional: per gateway request, in ms (default 30000)
//   OPERATIONS       comma-separated operations the page may call; none when unset
//   ALLOWED_ORIGINS  comma-separated origins (scheme://host[:port]) of pages on other
//                    origins that may call the API; the Worker's own origin always may
import { Client, WaGroupsError } from "wa-groups";
import { authErrorResponse, authFromEnv } from "wa-groups/cloudflare";

/** Every operation of wa-groups' `Call` union; the body carries its fields. */
const OPERATIONS = new Set([
  "createGroup",
  "getInvitationLink",
  "linkGroups",
  "unlinkGroups",
  "listGroups",
  "getGroupMetadata",
  "getGroupMetadataLight",
  "getInvitationInfo",
  "resetInvitationLink",
  "joinGroup",
  "addParticipants",
  "removeParticipants",
  "promoteParticipants",
  "demoteParticipants",
  "approveParticipants",
  "rejectParticipants",
  "updateGroupName",
  "updateGroupDescription",
  "updateGroupPhoto",
  "updateGroupSettings",
  "leaveGroup",
  "createCommunity",
  "listCommunities",
  "getCommunityMetadata",
  "listSubgroups",
  "updateCommunitySettings",
  "updateCommunityDescription",
  "deactivateCommunity",
]);

/** Runs one operation: the body's fields are the `Call`'s (a batch of one keeps it generic). */
async function run(client, operation, body) {
  const [outcome] = await client.batch([{ ...body, op: operation }], { concurrency: 1 });
  if (outcome.status === "fulfilled") return outcome.value;
  throw outcome.reason;
}

/** The HTTP status the page gets for each kind of WaGroupsError. */
const STATUS_BY_KIND = {
  validation: 400, // the page sent something wrong: `issues` names every field
  not_found: 404, // the group or community does not exist
  rate_limited: 429, // with Retry-After when the gateway said when
  disconnected: 503, // the WhatsApp number behind the gateway is not connected
  timeout: 504, // the gateway did not answer within TIMEOUT_MS
  auth: 502, // the gateway refused the Worker's credentials: a server-side problem
  forbidden: 403, // the connected number may not do this (not an admin of the group)
  provider: 502, // any other refusal by the gateway
  network: 502, // the gateway could not be reached
  decode: 502, // the gateway answered something it does not document
  aborted: 502,
  internal: 500,
  unsupported: 501, // the gateway has no endpoint for this operation
};

const MAX_BODY_BYTES = 64 * 1024;
const API_PREFIX = "/api/";

export default {
  async fetch(request, env) {
    const secrets = [env.TOKEN, env.CLIENT_TOKEN, env.AUTH_JWT_SECRET];
    const cors = corsFor(request, env);
    const reply = (status, value, headers = {}) => json(status, value, { ...cors.headers, ...headers }, secrets);
    const fail = (status, kind, message, extra = {}, headers = {}) => reply(status, { error: { kind, message, ...extra } }, headers);

    const url = new URL(request.url);
    if (!url.pathname.startsWith(API_PREFIX)) return fail(404, "unknown_operation", "not found: the API is under /api/<operation>");

    // A preflight carries no credentials (browsers never send them on one): it is answered
    // from the origin check alone and runs nothing.
    if (request.method === "OPTIONS") {
      if (!cors.allowed) return fail(403, "origin_not_allowed", "this origin may not call the API (ALLOWED_ORIGINS)");
      return new Response(null, { status: 204, headers: { ...cors.headers, ...cors.preflight } });
    }

    // Authentication first: before the body is read, the input validated or any gateway
    // request made. The answer carries the CORS headers so that an allowed page can read it.
    try {
      await authFromEnv(env)(request);
    } catch (e) {
      if (e?.status === 401) console.warn(`wa-groups worker: unauthenticated request refused (${e.code})`);
      else console.error(`wa-groups worker: ${e?.message ?? "authentication failed unexpectedly"}`); // names settings, never values
      return authErrorResponse(e, { headers: cors.headers });
    }

    // A page on an origin that is not allowed gets nothing: no CORS headers (so its
    // script cannot read the answer) and no call to the gateway (so a form or a
    // `no-cors` request from another site cannot create groups either).
    if (!cors.allowed) return fail(403, "origin_not_allowed", "this origin may not call the API (ALLOWED_ORIGINS)");

    const operation = url.pathname.slice(API_PREFIX.length);
    if (!OPERATIONS.has(operation)) return fail(404, "unknown_operation", "unknown operation: POST /api/<operation>, e.g. /api/createGroup");
    if (request.method !== "POST") {
      return fail(405, "method_not_allowed", "use POST with a JSON body", {}, { Allow: "POST, OPTIONS" });
    }
    if (!listOf(env.OPERATIONS).includes(operation)) {
      return fail(403, "operation_not_allowed", `${operation} is not enabled on this endpoint (OPERATIONS)`);
    }

    const body = await readJsonBody(request);
    if (body.error) return fail(body.status, body.kind, body.error, body.issues ? { issues: body.issues } : {});

    const client = clientFor(env);
    if (!client) return fail(500, "misconfigured", "the endpoint's gateway settings are invalid; see the Worker's logs");
    try {
      return reply(200, await run(client, operation, body.value));
    } catch (e) {
      if (!(e instanceof WaGroupsError)) {
        console.error(`wa-groups worker: ${operation} failed unexpectedly: ${e?.name ?? "Error"}`);
        return fail(500, "internal", "the call failed unexpectedly");
      }
      return errorReply(e, reply);
    } finally {
      client.free();
    }
  },
};

/** A WaGroupsError as the page sees it: the documented fields, never the raw body. */
function errorReply(e, reply) {
  const error = { kind: e.kind, message: e.message };
  if (e.operation !== undefined) error.operation = e.operation;
  if (e.status !== undefined) error.status = e.status; // the gateway's own HTTP status
  if (e.issues !== undefined) error.issues = e.issues;
  if (e.retryAfterMs !== undefined) error.retryAfterMs = e.retryAfterMs;
  const headers = {};
  if (e.kind === "rate_limited" && Number.isFinite(e.retryAfterMs)) {
    headers["Retry-After"] = String(Math.max(0, Math.ceil(e.retryAfterMs / 1000)));
  }
  return reply(STATUS_BY_KIND[e.kind] ?? 502, { error }, headers);
}

/** A Client for this request's environment, or null (logged) when the settings are wrong. */
function clientFor(env) {
  const options = { provider: env.PROVIDER, instance: env.INSTANCE, token: env.TOKEN };
  if (env.CLIENT_TOKEN) options.clientToken = env.CLIENT_TOKEN;
  if (env.BASE_URL) options.baseUrl = env.BASE_URL;
  if (env.TIMEOUT_MS) {
    const ms = Number(env.TIMEOUT_MS);
    if (!Number.isInteger(ms) || ms <= 0) {
      console.error("wa-groups worker: TIMEOUT_MS must be a positive whole number of milliseconds");
      return null;
    }
    options.timeoutMs = ms;
  }
  // By default the page gets the gateway's refusal at once (with Retry-After) and decides;
  // MAX_RETRIES lets the Worker retry what is safe to repeat (reads, link/unlink) itself.
  const retries = env.MAX_RETRIES ? Number(env.MAX_RETRIES) : 0;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    console.error("wa-groups worker: MAX_RETRIES must be a whole number from 0 to 10");
    return null;
  }
  options.maxRetries = retries;
  try {
    return new Client(options);
  } catch (e) {
    // Field names only: the messages are redacted, but the log needs no more than this.
    const fields = (e?.issues ?? []).map((i) => i.field).join(", ") || "unknown";
    console.error(`wa-groups worker: invalid gateway settings (${fields}): check PROVIDER, INSTANCE, TOKEN, CLIENT_TOKEN, BASE_URL`);
    return null;
  }
}

/** `{value}` with the parsed JSON object, or `{status, kind, error, issues?}`. */
async function readJsonBody(request) {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    return { status: 415, kind: "unsupported_media_type", error: "send the arguments as Content-Type: application/json" };
  }
  const declared = Number(request.headers.get("Content-Length"));
  if (declared > MAX_BODY_BYTES) return { status: 413, kind: "payload_too_large", error: `the body is larger than ${MAX_BODY_BYTES} bytes` };
  const text = await request.text();
  if (new TextEncoder().encode(text).byteLength > MAX_BODY_BYTES) {
    return { status: 413, kind: "payload_too_large", error: `the body is larger than ${MAX_BODY_BYTES} bytes` };
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { status: 400, kind: "validation", error: "invalid input: body is not valid JSON", issues: [{ field: "body", message: "is not valid JSON" }] };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      status: 400,
      kind: "validation",
      error: "invalid input: body must be a JSON object of the operation's arguments",
      issues: [{ field: "body", message: "must be a JSON object of the operation's arguments" }],
    };
  }
  return { value };
}

/**
 * Whether the request's Origin may use the API, and the CORS headers for it. Requests
 * without an Origin (curl, servers) carry no CORS headers and are not browser
 * cross-origin calls; CORS is not authentication (see the README).
 */
function corsFor(request, env) {
  const origin = request.headers.get("Origin");
  const vary = { Vary: "Origin" };
  if (origin === null || origin === new URL(request.url).origin) return { allowed: true, headers: vary, preflight: {} };
  if (!listOf(env.ALLOWED_ORIGINS).includes(origin)) return { allowed: false, headers: vary, preflight: {} };
  return {
    allowed: true,
    headers: { ...vary, "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "Retry-After" },
    preflight: { "Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type, Authorization", "Access-Control-Max-Age": "600" },
  };
}

function listOf(value) {
  return String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A JSON response. wa-groups already keeps the token and client token out of every
 * result and error; the Worker still blanks them out of whatever it sends, in every form
 * they could take in JSON, as a second line of defence.
 */
function json(status, value, headers, secrets) {
  let text = JSON.stringify(value);
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret === "") continue;
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
      text = text.split(form).join("***");
    }
  }
  return new Response(text, {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
  });
}
