// Every export of wa-groups/cloudflare (cloudflare.d.ts and the auth.d.ts it re-exports),
// used the way a Worker written in TypeScript would. Compiled with tsconfig.bundler.json
// (DOM types stand in for the Workers' Request and Response); run.sh checks that the import
// lists below name every export.
import {
  AuthError,
  Client,
  DEFAULT_BINDINGS,
  JobObject,
  RateLimiterObject,
  WaGroupsError,
  authErrorResponse,
  authFromEnv,
  bearerAuth,
  buildRequest,
  createJobs,
  gatewayFromEnv,
  limiterName,
  operations,
  parseRateLimit,
  parseResponse,
  parseWebhook,
  validate,
  verifyWebhookAuthorization,
} from "wa-groups/cloudflare";
import type {
  AccessAuthOptions,
  AccessOptions,
  AuthClaims,
  AuthEnv,
  AuthErrorCode,
  AuthResult,
  Authenticator,
  BearerAuthOptions,
  CallStatus,
  JobCallError,
  JobCallReport,
  JobMessage,
  JobReport,
  JobsHandlers,
  JobsOptions,
  JwksAuthOptions,
  Plan,
  PlanCall,
  PublicKeyAlgorithm,
  RateLimit,
  Ref,
  RequestLike,
  SecretAlgorithm,
  SecretAuthOptions,
} from "wa-groups/cloudflare";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assert<T extends true>(): void {}

// The Worker of examples/jobs, in TypeScript.
const jobs: JobsHandlers = createJobs({ log: (line) => console.log(line), rateLimit: parseRateLimit("100/60s"), timeoutMs: 10_000, maxRetries: 2 });
export { JobObject, RateLimiterObject };
export default { fetch: jobs.fetch, queue: jobs.queue };

assert<Equal<typeof DEFAULT_BINDINGS, Readonly<{ jobs: "JOBS"; limiter: "LIMITER"; queue: "JOBS_QUEUE" }>>>();
assert<Equal<RateLimit, { requests: number; intervalMs: number }>>();
assert<Equal<CallStatus, "pending" | "running" | "done" | "failed" | "not_started">>();
assert<Equal<JobReport["status"], "running" | "cancelling" | "cancelled" | "finished">>();
assert<Equal<JobReport["counts"], Record<CallStatus, number>>>();
assert<Equal<JobMessage["body"], { jobId: string; index: number }>>();
assert<Equal<Ref["$ref"], `${string}.${"groupId" | "communityId" | "announcementsGroupId" | "invitationLink"}`>>();

// A plan: groups, a community, and the link between them by reference.
const plan: Plan = {
  calls: [
    { id: "a", op: "createGroup", name: "Turma A", participants: ["+55 11 98765-4321"] },
    { id: "c", op: "createCommunity", name: "Escola" },
    { op: "linkGroups", communityId: { $ref: "c.communityId" } satisfies Ref, groupIds: [{ $ref: "a.groupId" }] },
  ],
};
const first: PlanCall = plan.calls[0]!;
// @ts-expect-error: an operation that does not exist
const wrong: PlanCall = { op: "makeCoffee" };
void [first, wrong];

// A caller reads a job's progress.
async function progress(base: string, jobId: string, token: string): Promise<string[]> {
  const res = await fetch(`${base}/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } });
  const report = (await res.json()) as JobReport;
  return report.calls.map((c: JobCallReport) => {
    const error: JobCallError | undefined = c.error ?? c.lastError;
    return `${c.index} ${c.op} ${c.status} ${c.attempts}${error ? ` ${error.kind}: ${error.message}` : ""}${c.reason ? ` (${c.reason})` : ""}`;
  });
}
void progress;

// Options: a custom authenticator and gateway; an unknown option is a type error.
const options: JobsOptions = {
  basePath: "/api/jobs",
  bindings: { jobs: "MY_JOBS" },
  authenticate: async (request) => ({ subject: request.headers.get("x-user") ?? "" }),
  gateway: (env: Record<string, unknown>) => ({ ...gatewayFromEnv(env), provider: "ryze" }),
  rateLimit: null,
  leaseMs: 60_000,
  sweepMs: 30_000,
  maxAttempts: 8,
};
// @ts-expect-error: not an option
const misspelt: JobsOptions = { basPath: "/jobs" };
void [options, misspelt];

// The limiter's name is a hash, never the token.
async function name(): Promise<string> {
  return limiterName({ provider: "ryze", instance: "shop", token: "TOKEN-123" });
}
void name;

// Authentication: each mode, typed; the error's codes.
const secret: SecretAuthOptions = { secret: "a-secret-of-at-least-thirty-two-bytes!!", issuer: "https://app.example.com", audience: ["jobs"], algorithms: ["HS256"] satisfies SecretAlgorithm[] };
const jwks: JwksAuthOptions = { jwksUrl: "https://idp.example.com/.well-known/jwks.json", audience: "jobs", algorithms: ["RS256", "ES256"] satisfies PublicKeyAlgorithm[] };
const access: AccessOptions = { teamDomain: "team.cloudflareaccess.com", audience: "aud-tag" };
const viaAccess: AccessAuthOptions = { access };
const modes: BearerAuthOptions[] = [secret, jwks, viaAccess];
const authenticators: Authenticator[] = modes.map((m) => bearerAuth(m));
const env: AuthEnv = { AUTH_JWT_SECRET: "a-secret-of-at-least-thirty-two-bytes!!" };
authenticators.push(authFromEnv(env));
async function who(request: RequestLike): Promise<Response | string> {
  try {
    const result: AuthResult = await authenticators[0]!(request);
    const claims: AuthClaims = result.claims;
    return `${result.subject} ${claims.iss ?? ""}`;
  } catch (e) {
    if (e instanceof AuthError) {
      const code: AuthErrorCode = e.code;
      void code;
    }
    return authErrorResponse(e);
  }
}
void who;

// The whole client, from wa-groups/cloudflare's own wasm.
const client = new Client({ provider: "ryze", instance: "shop", token: "TOKEN-123" });
const config = { provider: "ryze", instance: "shop", token: "TOKEN-123" } as const;
void [client.createGroup, validate(config, { op: "getInvitationLink", groupId: "1" }), buildRequest, parseResponse, parseWebhook, verifyWebhookAuthorization, operations.ryze, WaGroupsError];
