// Types of the bearer-token authentication in `wa-groups/cloudflare` (auth.js). It
// needs the `jose` package (an optional peer dependency of wa-groups) installed.

/**
 * What was wrong:
 * - 401, the caller's token: `missing_token` (no header), `malformed` (not
 *   `Bearer <JWT>`, or not a JWT), `invalid_token` (bad signature, an algorithm not
 *   accepted, `alg: none`, a key not in the key set), `expired`, `not_yet_valid` (`nbf`
 *   in the future), `invalid_claims` (wrong `iss` or `aud`, no `sub`, no `exp`);
 * - 500 `misconfigured`: the server's settings (no mode, two modes, a short secret…);
 * - 503 `keys_unavailable`: the JWKS could not be fetched or read.
 */
export type AuthErrorCode = "missing_token" | "malformed" | "invalid_token" | "expired" | "not_yet_valid" | "invalid_claims" | "misconfigured" | "keys_unavailable";

/** Why a request was not authenticated. Its message never contains the token or the secret. */
export declare class AuthError extends Error {
  readonly name: "AuthError";
  readonly code: AuthErrorCode;
  /** 401 for the caller's token; 500 `misconfigured`; 503 `keys_unavailable`. */
  readonly status: 401 | 500 | 503;
  constructor(code: AuthErrorCode, message: string);
}

/** The algorithms a shared secret accepts (HMAC). */
export type SecretAlgorithm = "HS256" | "HS384" | "HS512";
/** The algorithms a JWKS (or Cloudflare Access, RS256) accepts: public-key signatures only. */
export type PublicKeyAlgorithm = "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA" | "Ed25519";

/** Cloudflare Access in front of the Worker: it adds a signed `Cf-Access-Jwt-Assertion` header to each request it lets through. */
export interface AccessOptions {
  /** Your Access team domain, e.g. `"myteam.cloudflareaccess.com"`: the tokens' issuer is `https://<teamDomain>`. */
  teamDomain: string;
  /** The Access application's AUD tag (or several). */
  audience: string | readonly string[];
  /** Where Access's keys are; default `https://<teamDomain>/cdn-cgi/access/certs`. For tests. https, or http on loopback only. */
  certsUrl?: string;
}

interface CommonAuthOptions {
  /**
   * A tolerance for clock differences with the token's issuer, in seconds (0 to 300), on
   * `exp` and `nbf`. Default 0.
   */
  clockToleranceSeconds?: number;
}

/** Tokens signed with a shared secret (HS256, HS384, HS512). */
export interface SecretAuthOptions extends CommonAuthOptions {
  /** At least 32 bytes (a string counts as its UTF-8 bytes); shorter is a `misconfigured` error. */
  secret: string | Uint8Array;
  jwksUrl?: undefined;
  access?: undefined;
  /** The `iss` a token must have (one of them, for a list). Default: not checked. */
  issuer?: string | readonly string[];
  /** The `aud` a token must have (one of them, for a list). Default: not checked. */
  audience?: string | readonly string[];
  /** Narrows the accepted algorithms; default all three. */
  algorithms?: readonly SecretAlgorithm[];
}

/** Tokens signed by a key in a JSON Web Key Set (your identity provider's). */
export interface JwksAuthOptions extends CommonAuthOptions {
  secret?: undefined;
  /**
   * The JWKS URL (https; http only on loopback). Its keys are fetched when first needed,
   * cached for 10 minutes per URL for the whole isolate, and fetched again (at most every
   * 30 s) when a token names a key that is not in the set.
   */
  jwksUrl: string | URL;
  access?: undefined;
  /** The `iss` a token must have. Recommended. */
  issuer?: string | readonly string[];
  /** Required: the `aud` your identity provider puts in tokens for this API (it signs other apps' tokens too). */
  audience: string | readonly string[];
  /** Narrows the accepted algorithms; default every public-key algorithm (never HS*, never none). */
  algorithms?: readonly PublicKeyAlgorithm[];
}

/** Cloudflare Access: the token is the `Cf-Access-Jwt-Assertion` header, RS256. */
export interface AccessAuthOptions extends CommonAuthOptions {
  secret?: undefined;
  jwksUrl?: undefined;
  access: AccessOptions;
  /** Not with `access`: the issuer is the team domain, the audience `access.audience`. */
  issuer?: undefined;
  audience?: undefined;
  algorithms?: readonly "RS256"[];
}

/** Exactly one of `secret`, `jwksUrl`, `access`. */
export type BearerAuthOptions = SecretAuthOptions | JwksAuthOptions | AccessAuthOptions;

/** The verified token's claims (its payload). */
export interface AuthClaims {
  sub?: string;
  iss?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  /** Cloudflare Access: the user's email (users) or the service token's client id (service tokens). */
  email?: string;
  common_name?: string;
  [claim: string]: unknown;
}

export interface AuthResult {
  /**
   * Who is calling: the token's `sub`. With Cloudflare Access a service token's `sub` is
   * empty, and its `common_name` (the client id) is the subject.
   */
  subject: string;
  claims: AuthClaims;
}

/** Anything with request headers: a `Request`. */
export interface RequestLike {
  headers: { get(name: string): string | null };
}

/**
 * Checks one request: resolves to the caller for a valid token, rejects with an
 * `AuthError` otherwise. The token must be signed with an accepted algorithm by the
 * configured key, and carry `sub` and `exp`; `nbf`, `iss` and `aud` are checked when
 * present or configured.
 */
export type Authenticator = (request: RequestLike) => Promise<AuthResult>;

/**
 * An authenticator for `Authorization: Bearer <JWT>` (or, with `access`, for the
 * `Cf-Access-Jwt-Assertion` header). Throws an `AuthError` with code `misconfigured`
 * at once when the options are wrong: not exactly one mode, a secret under 32 bytes, a
 * JWKS without an audience, a URL that is not https, algorithms of the other family.
 *
 * ```js
 * const authenticate = bearerAuth({ secret: env.AUTH_JWT_SECRET, issuer: "https://app.example.com" });
 * const { subject } = await authenticate(request);
 * ```
 */
export declare function bearerAuth(options: BearerAuthOptions): Authenticator;

/** The Worker variables and secrets `authFromEnv` reads (other bindings are ignored). */
export interface AuthEnv {
  /** A secret (`npx wrangler secret put AUTH_JWT_SECRET`): HS256/384/512 tokens, at least 32 bytes. */
  AUTH_JWT_SECRET?: string;
  /** A var: the JWKS URL of your identity provider. Needs `AUTH_AUDIENCE`. */
  AUTH_JWKS_URL?: string;
  /** Vars: Cloudflare Access's team domain and the application's AUD tag (comma-separated for several). */
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  /** A var, for tests: where Access's keys are (default `https://<team>/cdn-cgi/access/certs`). */
  ACCESS_CERTS_URL?: string;
  /** Vars, optional (comma-separated for several), with AUTH_JWT_SECRET or AUTH_JWKS_URL: the `iss` and `aud` tokens must have. */
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
  [binding: string]: unknown;
}

/**
 * The authenticator the Worker's environment describes: `AUTH_JWT_SECRET`, or
 * `AUTH_JWKS_URL` (+ `AUTH_AUDIENCE`), or `ACCESS_TEAM_DOMAIN` + `ACCESS_AUD`; plus
 * `AUTH_ISSUER` / `AUTH_AUDIENCE`. Never throws and never lets a request through
 * unauthenticated: with none configured, two modes, or a wrong value, every call rejects
 * with a 500 `misconfigured` AuthError whose message names the variables to set (never
 * their values). Cached per `env` object.
 */
export declare function authFromEnv(env: AuthEnv): Authenticator;

/**
 * The `Response` for a failed authentication:
 * - an `AuthError` with status 401: `{"error": {"kind": "unauthenticated", code, message}}`
 *   and `WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="…"`
 *   (RFC 6750; without `error` when the request had no token at all);
 * - `misconfigured` (or any other error): 500 `{"error": {"kind": "misconfigured", code, message}}`,
 *   a generic message: log `error.message` yourself, the caller is not told your settings;
 * - `keys_unavailable`: 503 `{"error": {"kind": "unavailable", …}}` with `Retry-After`.
 *
 * `init.headers` are added to the response (e.g. CORS headers, so a page can read it).
 */
export declare function authErrorResponse(error: unknown, init?: { headers?: HeadersInit }): Response;
