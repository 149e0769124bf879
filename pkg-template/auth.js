// Bearer-token authentication for Workers (part of `wa-groups/cloudflare`): only callers
// with a valid JWT get past it. Verification is jose's (an optional peer dependency of
// wa-groups: install `jose` to use this module); this file only picks what to verify
// with, which algorithms a mode allows, and how a refusal reads.
//
//   import { authFromEnv, authErrorResponse } from "wa-groups/cloudflare";
//   const authenticate = authFromEnv(env);        // AUTH_JWT_SECRET | AUTH_JWKS_URL | ACCESS_TEAM_DOMAIN + ACCESS_AUD
//   try { const { subject } = await authenticate(request); } catch (e) { return authErrorResponse(e); }
//
// Three modes, exactly one per authenticator:
//   secret   a shared secret (>= 32 bytes); HS256, HS384, HS512 only
//   jwksUrl  public keys from a JWKS URL (your identity provider); asymmetric algorithms only
//   access   Cloudflare Access: the `Cf-Access-Jwt-Assertion` header, Access's keys, RS256
// A token must carry `sub` (the caller's identity) and `exp`. `alg: none`, an algorithm
// of the other family (algorithm confusion) and keys not in the set are refused.
import { createRemoteJWKSet, jwtVerify } from "jose";

/** HMAC with a shared secret. */
const SECRET_ALGORITHMS = ["HS256", "HS384", "HS512"];
/** Public-key signatures: what a JWKS may hold. Never HS*: a public key is no secret. */
const JWKS_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
/** What Cloudflare Access signs its tokens with. */
const ACCESS_ALGORITHMS = ["RS256"];
const MIN_SECRET_BYTES = 32;
/** Longer than any sane JWT; a bigger header is refused before any parsing. */
const MAX_TOKEN_CHARS = 16 * 1024;
const MAX_CLOCK_TOLERANCE_SECONDS = 300;
const ACCESS_HEADER = "Cf-Access-Jwt-Assertion";
/** Claim names jose may report (only these are ever named in a message). */
const KNOWN_CLAIMS = ["iss", "aud", "sub", "exp", "nbf", "iat", "typ", "jti"];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const STATUS_BY_CODE = {
  missing_token: 401,
  malformed: 401,
  invalid_token: 401,
  expired: 401,
  not_yet_valid: 401,
  invalid_claims: 401,
  misconfigured: 500,
  keys_unavailable: 503,
};

/**
 * Why a request was not authenticated. `status` 401 for the caller's token (`code`
 * says what was wrong with it), 500 `misconfigured` for the server's settings, 503
 * `keys_unavailable` when the signing keys could not be fetched. Messages never contain
 * the token or the secret.
 */
export class AuthError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "AuthError";
    this.code = code;
    this.status = STATUS_BY_CODE[code] ?? 401;
  }
}

const misconfigured = (message) => new AuthError("misconfigured", message);

/** Module-level: one key set (and its cache) per URL, shared by every authenticator. */
const remoteKeySets = new Map();
function remoteKeySet(href) {
  let set = remoteKeySets.get(href);
  if (!set) {
    set = createRemoteJWKSet(new URL(href), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    remoteKeySets.set(href, set);
  }
  return set;
}

/** An https URL, or http on loopback (a local identity provider, tests). */
function keySetUrl(value, what) {
  let url;
  try {
    url = new URL(String(value));
  } catch {
    throw misconfigured(`${what} is not a URL`);
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) throw misconfigured(`${what} must be an https:// URL`);
  if (url.username || url.password) throw misconfigured(`${what} must not carry credentials`);
  return url.href;
}

function stringList(value, what) {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== "string" || v.trim() === "")) throw misconfigured(`${what} must be a non-empty string or a list of them`);
  return list.length === 1 ? list[0] : list;
}

function narrowAlgorithms(allowed, requested, mode) {
  if (requested === undefined) return allowed;
  if (!Array.isArray(requested) || requested.length === 0) throw misconfigured("algorithms must be a non-empty list");
  const foreign = requested.filter((a) => !allowed.includes(a));
  if (foreign.length > 0) throw misconfigured(`algorithms for ${mode} may only be ${allowed.join(", ")} (not ${foreign.join(", ")})`);
  return [...requested];
}

/** The team's host name from "myteam.cloudflareaccess.com" or "https://myteam.cloudflareaccess.com/". */
function teamHost(value) {
  const text = String(value ?? "")
    .trim()
    .replace(/^https:\/\//i, "")
    .replace(/\/+$/, "");
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(text)) throw misconfigured('access.teamDomain must be your Access team domain, e.g. "myteam.cloudflareaccess.com"');
  return text.toLowerCase();
}

/**
 * An authenticator: `await authenticate(request)` resolves to `{ subject, claims }` for a
 * valid token and rejects with an `AuthError` otherwise. Throws an `AuthError` with code
 * `misconfigured` at once when the options are wrong (before any request).
 */
export function bearerAuth(options) {
  if (options === null || typeof options !== "object") throw misconfigured("bearerAuth needs options: { secret } or { jwksUrl } or { access }");
  const modes = ["secret", "jwksUrl", "access"].filter((m) => options[m] !== undefined && options[m] !== null && options[m] !== "");
  if (modes.length !== 1) {
    throw misconfigured(`bearerAuth needs exactly one of secret, jwksUrl or access${modes.length > 1 ? ` (got ${modes.join(" and ")})` : ""}`);
  }
  const mode = modes[0];

  let tolerance = 0;
  if (options.clockToleranceSeconds !== undefined) {
    tolerance = options.clockToleranceSeconds;
    if (typeof tolerance !== "number" || !Number.isFinite(tolerance) || tolerance < 0 || tolerance > MAX_CLOCK_TOLERANCE_SECONDS) {
      throw misconfigured(`clockToleranceSeconds must be a number from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS}`);
    }
  }

  let key;
  let algorithms;
  let issuer = stringList(options.issuer, "issuer");
  let audience = stringList(options.audience, "audience");
  let header = "Authorization";
  let access = false;

  if (mode === "secret") {
    const secret = options.secret;
    let bytes;
    if (typeof secret === "string") bytes = new TextEncoder().encode(secret);
    else if (secret instanceof Uint8Array)
      bytes = new Uint8Array(secret); // a copy: later changes to the caller's array do not apply
    else throw misconfigured("secret must be a string or a Uint8Array");
    if (bytes.byteLength < MIN_SECRET_BYTES) {
      throw misconfigured(`the secret is shorter than ${MIN_SECRET_BYTES} bytes: use at least ${MIN_SECRET_BYTES} random bytes (e.g. openssl rand -base64 48)`);
    }
    key = bytes;
    algorithms = narrowAlgorithms(SECRET_ALGORITHMS, options.algorithms, "a secret");
  } else if (mode === "jwksUrl") {
    if (typeof options.jwksUrl !== "string" && !(options.jwksUrl instanceof URL)) throw misconfigured("jwksUrl must be a URL string");
    // A key set is usually an identity provider's, which signs tokens for other apps too:
    // without an audience, any of them would do here.
    if (audience === undefined) throw misconfigured("jwksUrl needs an audience (the aud your identity provider puts in tokens for this API)");
    key = remoteKeySet(keySetUrl(options.jwksUrl, "jwksUrl"));
    algorithms = narrowAlgorithms(JWKS_ALGORITHMS, options.algorithms, "a JWKS");
  } else {
    const a = options.access;
    if (a === null || typeof a !== "object") throw misconfigured("access must be { teamDomain, audience }");
    if (issuer !== undefined || audience !== undefined) throw misconfigured("issuer and audience do not apply with access: its issuer is the team domain, its audience access.audience");
    const host = teamHost(a.teamDomain);
    audience = stringList(a.audience, "access.audience (the application's AUD tag)");
    if (audience === undefined) throw misconfigured("access.audience (the application's AUD tag) is required");
    issuer = `https://${host}`;
    key = remoteKeySet(a.certsUrl !== undefined ? keySetUrl(a.certsUrl, "access.certsUrl") : `https://${host}/cdn-cgi/access/certs`);
    algorithms = narrowAlgorithms(ACCESS_ALGORITHMS, options.algorithms, "Cloudflare Access");
    header = ACCESS_HEADER;
    access = true;
  }

  const verifyOptions = { algorithms, clockTolerance: tolerance, requiredClaims: ["exp"] };
  if (issuer !== undefined) verifyOptions.issuer = issuer;
  if (audience !== undefined) verifyOptions.audience = audience;

  return async function authenticate(request) {
    const token = tokenOf(request, header, access);
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(token, key, verifyOptions));
    } catch (e) {
      throw fromJose(e, mode);
    }
    // Cloudflare Access service tokens carry an empty `sub` and their client id in `common_name`.
    const subject = typeof claims.sub === "string" && claims.sub !== "" ? claims.sub : access && typeof claims.common_name === "string" && claims.common_name !== "" ? claims.common_name : null;
    if (subject === null) throw new AuthError("invalid_claims", 'the token has no "sub" claim: it must name the caller');
    return { subject, claims };
  };
}

function tokenOf(request, header, access) {
  const value = request?.headers?.get?.(header);
  if (value === null || value === undefined || value.trim() === "") {
    throw new AuthError("missing_token", access ? `no ${ACCESS_HEADER} header: is the Worker behind Cloudflare Access?` : "no Authorization header: send Authorization: Bearer <token>");
  }
  if (value.length > MAX_TOKEN_CHARS) throw new AuthError("malformed", "the token is too long");
  let token = value.trim();
  if (!access) {
    const m = /^Bearer +(\S+)$/i.exec(token);
    if (!m) throw new AuthError("malformed", 'the Authorization header must be "Bearer <token>"');
    token = m[1];
  }
  if (!COMPACT_JWS.test(token)) throw new AuthError("malformed", "the token is not a JWT (three base64url parts separated by dots)");
  return token;
}

/** jose's error as an AuthError: fixed messages, nothing of the token. */
function fromJose(e, mode) {
  switch (e?.code) {
    case "ERR_JWT_EXPIRED":
      return new AuthError("expired", "the token has expired");
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const claim = KNOWN_CLAIMS.includes(e.claim) ? `"${e.claim}"` : "a";
      if (e.reason === "missing") return new AuthError("invalid_claims", `the token has no ${claim} claim`);
      if (e.reason !== "check_failed") return new AuthError("malformed", `the token's ${claim} claim is not valid`);
      if (e.claim === "nbf" || e.claim === "iat") return new AuthError("not_yet_valid", "the token is not valid yet");
      return new AuthError("invalid_claims", `the token's ${claim} claim is not the expected one`);
    }
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
      return new AuthError("malformed", "the token is not a valid JWT");
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return new AuthError("invalid_token", "the token's algorithm is not accepted here");
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return new AuthError("invalid_token", "the token's signature is not valid");
    case "ERR_JWKS_TIMEOUT":
    case "ERR_JWKS_INVALID":
    case "ERR_JWK_INVALID":
    case "ERR_JOSE_GENERIC":
      return new AuthError("keys_unavailable", "the signing keys could not be loaded");
  }
  // Not jose's own: a key set that could not be fetched, or a key that would not import.
  if (mode !== "secret") return new AuthError("keys_unavailable", "the signing keys could not be loaded");
  return new AuthError("invalid_token", "the token could not be verified");
}

const ENV_HELP =
  "set AUTH_JWT_SECRET (a secret of at least 32 bytes: npx wrangler secret put AUTH_JWT_SECRET), " + "or AUTH_JWKS_URL with AUTH_AUDIENCE, or ACCESS_TEAM_DOMAIN with ACCESS_AUD (Cloudflare Access)";

const fromEnvCache = new WeakMap();

/**
 * The authenticator a Worker's environment describes:
 *
 * - `AUTH_JWT_SECRET` (a secret): HS256/384/512 tokens signed with it;
 * - `AUTH_JWKS_URL`: tokens signed by a key in that JWKS (`AUTH_AUDIENCE` required);
 * - `ACCESS_TEAM_DOMAIN` + `ACCESS_AUD`: Cloudflare Access in front of the Worker;
 * - optional `AUTH_ISSUER`, `AUTH_AUDIENCE` (comma-separated lists allowed) for the first two.
 *
 * None of them, or more than one mode, or a wrong value: the authenticator refuses every
 * request with a 500 `misconfigured` AuthError whose message names the variables (never
 * their values). It never lets a request through unauthenticated. Never throws.
 */
export function authFromEnv(env) {
  if (env !== null && typeof env === "object") {
    const cached = fromEnvCache.get(env);
    if (cached) return cached;
  }
  let authenticate;
  try {
    authenticate = bearerAuth(optionsFromEnv(env ?? {}));
  } catch (e) {
    const error = e instanceof AuthError ? e : misconfigured("the authentication settings are invalid");
    const message = `authentication is not configured correctly: ${error.message}`;
    authenticate = async () => {
      throw misconfigured(message);
    };
  }
  if (env !== null && typeof env === "object") fromEnvCache.set(env, authenticate);
  return authenticate;
}

function optionsFromEnv(env) {
  const get = (name) => {
    const v = env[name];
    return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
  };
  const list = (name) => {
    const v = get(name);
    if (v === undefined) return undefined;
    const items = v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    return items.length === 1 ? items[0] : items;
  };
  // The secret as given: not trimmed, since a secret's spaces are its own.
  const secret = typeof env.AUTH_JWT_SECRET === "string" && env.AUTH_JWT_SECRET !== "" ? env.AUTH_JWT_SECRET : undefined;
  const jwksUrl = get("AUTH_JWKS_URL");
  const team = get("ACCESS_TEAM_DOMAIN");
  const aud = list("ACCESS_AUD");
  const set = [secret && "AUTH_JWT_SECRET", jwksUrl && "AUTH_JWKS_URL", (team || aud) && "ACCESS_TEAM_DOMAIN/ACCESS_AUD"].filter(Boolean);
  if (set.length === 0) throw misconfigured(`no authentication is configured: ${ENV_HELP}`);
  if (set.length > 1) throw misconfigured(`set only one way to authenticate, not ${set.join(" and ")}`);
  const common = {};
  if (get("AUTH_ISSUER") !== undefined) common.issuer = list("AUTH_ISSUER");
  if (get("AUTH_AUDIENCE") !== undefined) common.audience = list("AUTH_AUDIENCE");
  if (secret) {
    if (new TextEncoder().encode(secret).byteLength < MIN_SECRET_BYTES) {
      throw misconfigured(`AUTH_JWT_SECRET is shorter than ${MIN_SECRET_BYTES} bytes: use at least ${MIN_SECRET_BYTES} random bytes (e.g. openssl rand -base64 48)`);
    }
    return { secret, ...common };
  }
  if (jwksUrl) {
    if (common.audience === undefined) throw misconfigured("AUTH_JWKS_URL needs AUTH_AUDIENCE (the aud your identity provider puts in tokens for this API)");
    return { jwksUrl, ...common };
  }
  if (!team || !aud) throw misconfigured("Cloudflare Access needs both ACCESS_TEAM_DOMAIN (myteam.cloudflareaccess.com) and ACCESS_AUD (the application's AUD tag)");
  if (common.issuer !== undefined || common.audience !== undefined)
    throw misconfigured("AUTH_ISSUER and AUTH_AUDIENCE do not apply with Cloudflare Access (ACCESS_TEAM_DOMAIN is the issuer, ACCESS_AUD the audience)");
  const access = { teamDomain: team, audience: aud };
  if (get("ACCESS_CERTS_URL") !== undefined) access.certsUrl = get("ACCESS_CERTS_URL");
  return { access };
}

/**
 * The HTTP answer for an authentication failure: 401 with `WWW-Authenticate: Bearer …`
 * (RFC 6750) and `{"error": {"kind": "unauthenticated", code, message}}`; for the
 * server's own problems (`misconfigured`, `keys_unavailable`, or an error that is no
 * AuthError) 500/503 with a generic message (details belong in your logs, not in the
 * answer). `init.headers` are added (e.g. CORS headers).
 */
export function authErrorResponse(error, init = {}) {
  const auth = error instanceof AuthError ? error : null;
  const status = auth?.status ?? 500;
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.set("Cache-Control", "no-store");
  headers.set("X-Content-Type-Options", "nosniff");
  let body;
  if (status === 401) {
    body = { kind: "unauthenticated", code: auth.code, message: auth.message };
    // RFC 6750 §3.1: a request with no credentials at all gets the challenge without an error code.
    const description = auth.message.replace(/["\\]/g, "'");
    headers.set("WWW-Authenticate", auth.code === "missing_token" ? 'Bearer realm="api"' : `Bearer realm="api", error="invalid_token", error_description="${description}"`);
  } else if (status === 503) {
    body = { kind: "unavailable", code: auth.code, message: "authentication is unavailable right now; try again later" };
    headers.set("Retry-After", "30");
  } else {
    body = { kind: "misconfigured", code: auth?.code ?? "internal", message: "authentication is not configured correctly on this endpoint; see the server's logs" };
  }
  return new Response(JSON.stringify({ error: body }), { status, headers });
}
