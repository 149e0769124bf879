// wa-groups/cloudflare: bulk jobs on Cloudflare Queues and Durable Objects, and bearer
// authentication for Workers. Cloudflare Workers (workerd) only.
import type { ClientConfig, Call, CallResults, ErrorKind, Provider } from "./index.js";
import type { AuthResult } from "./auth.js";

export * from "./auth.js";
/** The client, from wa-groups/cloudflare's own wasm (a jobs Worker needs no second import). */
export { Client, WaGroupsError, validate, buildRequest, parseResponse, parseWebhook, verifyWebhookAuthorization, operations } from "./index.js";

/** The binding names `createJobs` uses unless told others. */
export declare const DEFAULT_BINDINGS: Readonly<{ jobs: "JOBS"; limiter: "LIMITER"; queue: "JOBS_QUEUE" }>;

/** A gateway's per-token limit. */
export interface RateLimit {
  requests: number;
  intervalMs: number;
}

/** `RATE_LIMIT` (`"100/60s"`, `"50/10s"`, `"600/1m"`, `"20/500ms"`) as a `RateLimit`; throws a TypeError otherwise. */
export declare function parseRateLimit(text: string): RateLimit;

/** The gateway's address from the Worker's vars and secrets: PROVIDER, INSTANCE, TOKEN, CLIENT_TOKEN, BASE_URL. */
export declare function gatewayFromEnv(env: Record<string, unknown>): ClientConfig;

/** The limiter Durable Object's name for a gateway token: a SHA-256 of provider, instance and token, never the token. */
export declare function limiterName(config: ClientConfig): Promise<string>;

export interface JobsOptions {
  /** Where the API lives. Default "/jobs". */
  basePath?: string;
  /** Binding names in `env`. Default `DEFAULT_BINDINGS`. */
  bindings?: Partial<{ jobs: string; limiter: string; queue: string }>;
  /** Who is asking; throws (an `AuthError`) to refuse. Default `authFromEnv(env)`, which refuses everyone until configured. */
  authenticate?: (request: Request, env: any) => Promise<Pick<AuthResult, "subject">>;
  /** The gateway's address. Default `gatewayFromEnv(env)`. */
  gateway?: (env: any) => ClientConfig;
  /** The per-token limit; null for none (only the gateway's 429s pause). Default `RATE_LIMIT`, else RyzeAPI's 100 per minute. */
  rateLimit?: RateLimit | null;
  /** What the gateway requests go through (after the limiter). Default the runtime's `fetch`. */
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** Each request's time limit. Default 10000 ms. */
  timeoutMs?: number;
  /** Retries inside one attempt of a call. Default 2. */
  maxRetries?: number;
  /** Attempts of a call whose outcome stayed unknown (a lost answer, a 5xx) before it counts as failed. Default 8. */
  maxAttempts?: number;
  /** How long a call is one consumer's before another may take it over (and look before sending). Default: longer than an attempt can take. */
  leaseMs?: number;
  /** How often a job enqueues again what a consumer lost. Default 30000 ms. */
  sweepMs?: number;
  /** Told a line when a message fails or is dropped (never a secret). */
  log?: (line: string) => void;
}

/** A queue message as the consumer receives it. */
export interface JobMessage {
  readonly body: { jobId: string; index: number };
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

export interface JobsHandlers {
  /** POST {basePath} (a plan: JSON `{calls}` or CSV) → 202 `{jobId, calls, status}`; GET {basePath}/:id → `JobReport`; DELETE {basePath}/:id → cancels. */
  fetch(request: Request, env: any, ctx?: unknown): Promise<Response>;
  /** The queue consumer. */
  queue(batch: { readonly messages: readonly JobMessage[] }, env: any, ctx?: unknown): Promise<void>;
}

/** The Worker's handlers for bulk jobs. Throws a TypeError for an unknown option. */
export declare function createJobs(options?: JobsOptions): JobsHandlers;

/** A reference to an earlier call's result, in place of a value: `{"$ref": "<id>.<field>"}`. */
export interface Ref {
  $ref: `${string}.${"groupId" | "communityId" | "announcementsGroupId" | "invitationLink"}`;
}

/** A call of a plan: a `Call` with an optional `id` (to be referred to), whose values may be references. */
export type PlanCall = { id?: string; op: Call["op"] } & Record<string, unknown>;

/** What POST {basePath} takes as JSON. CSV takes a header `name,participants[,community,description]`. */
export interface Plan {
  calls: PlanCall[];
}

export type CallStatus = "pending" | "running" | "done" | "failed" | "not_started";

export interface JobCallError {
  kind: ErrorKind;
  message: string;
  provider?: Provider;
  operation?: string;
  status?: number;
  issues?: { field: string; message: string }[];
  mayHaveArrived?: boolean;
}

export interface JobCallReport {
  index: number;
  id?: string;
  op: Call["op"];
  status: CallStatus;
  attempts: number;
  result?: CallResults[keyof CallResults];
  error?: JobCallError;
  /** Why it did not start (cancelled, or a call it refers to failed). */
  reason?: string;
  /** The last unknown outcome of a call that is tried again. */
  lastError?: JobCallError;
}

/** GET {basePath}/:id */
export interface JobReport {
  jobId: string;
  provider: Provider;
  status: "running" | "cancelling" | "cancelled" | "finished";
  createdAt: string;
  finishedAt: string | null;
  counts: Record<CallStatus, number>;
  calls: JobCallReport[];
}

/** The Durable Object of one job. Export it from your Worker and bind it (default `JOBS`). */
export declare class JobObject {
  constructor(ctx: unknown, env: unknown);
  report(owner: string): JobReport | null;
  cancel(owner: string): JobReport | null;
  alarm(): Promise<void>;
}

/** The Durable Object of one gateway token's limit. Export it from your Worker and bind it (default `LIMITER`). */
export declare class RateLimiterObject {
  constructor(ctx: unknown, env: unknown);
  reserve(rate: RateLimit | null): { waitMs: number };
  observe(response: { status: number; headers: Record<string, string> }): void;
  stats(): { granted: number; observed429: number; waitedMs: number };
}
