// Types of `wa-groups/testing`: the gateway simulator for tests (Node only; elsewhere the
// entry throws when loaded). It loads nothing of the client; these types only name the
// client's options so that `sim.clientOptions(…)` fits `new Client(…)`.
import type { ClientOptions, Provider } from "./index.js";

/** The faults chaos mode can inject (see the README's "Testing your code"). */
export type ChaosKind = "reset-before" | "reset-after" | "status-500" | "status-503" | "burst-429" | "slow" | "truncated" | "html-502";

/**
 * Seeded fault injection: a deterministic pseudo-random share `rate` of provider requests
 * misbehaves. The same seed gives the same faults for the same requests; a retry (the next
 * identical request) gets a fresh draw.
 */
export interface ChaosSettings {
  /** An integer >= 0 or a non-empty string. */
  seed: number | string;
  /** The share of requests that misbehave, 0 to 1. */
  rate: number;
  /** Which faults, with equal weights (an array) or `{kind: weight}`; default all eight. */
  kinds?: readonly ChaosKind[] | Partial<Record<ChaosKind, number>>;
  /** How long `slow` holds its answer, 1 to 600000 ms; default 35000 (past the client's 30 s timeout). */
  slowMs?: number;
  /** Length of a run of 429s: a number, or `[min, max]` drawn per burst; default `[2, 4]`. */
  burst?: number | readonly [number, number];
  /** What each 429 asks for, in seconds; default 1. */
  retryAfterSeconds?: number;
  /** How `Retry-After` is written: seconds, an HTTP date, or either, drawn per burst (default). */
  retryAfter?: "seconds" | "date" | "mixed";
  /** Whose requests may misbehave; default both. */
  providers?: readonly Provider[];
}

/** The settings `startSimulator` and `configure` take; each one is optional. */
export interface SimulatorSettings {
  /** Z-API refuses requests without the `Client-Token` header; default true. */
  zapiClientTokenRequired?: boolean;
  /** The method Z-API's invitation-link endpoint takes ("GET", default; "POST" models an older instance). */
  zapiInvitationLinkMethod?: "GET" | "POST";
  /**
   * RyzeAPI's limit per token: requests per 60 s (default 100), or a window of another
   * length. Over it, 429 with `X-RateLimit-*` headers.
   */
  ryzeRateLimit?: number | { requests: number; intervalMs: number };
  /** What RyzeAPI waits before linking or unlinking each group (the real service: ~1000); default 0. */
  ryzeLinkDelayMs?: number;
  /** Instances not connected to WhatsApp: their calls are refused (kind "disconnected"). */
  disconnected?: { zapi?: boolean; ryze?: boolean };
  /** Chaos mode; `null` turns it off. A new setting replaces the old one whole. */
  chaos?: ChaosSettings | null;
}

export interface SimulatorOptions extends SimulatorSettings {
  /** The port to listen on (on 127.0.0.1); default 0: a free one. */
  port?: number;
}

/** The settings in force, as `config()` and `configure()` return them. */
export interface SimulatorConfig {
  zapiClientTokenRequired: boolean;
  zapiInvitationLinkMethod: "GET" | "POST";
  ryzeRateLimit: number | { requests: number; intervalMs: number };
  ryzeLinkDelayMs: number;
  disconnected: { zapi: boolean; ryze: boolean };
  /** Only while chaos mode is on. */
  chaos?: {
    seed: number | string;
    rate: number;
    kinds: Partial<Record<ChaosKind, number>>;
    slowMs: number;
    burst: [number, number];
    retryAfterSeconds: number;
    retryAfter: "seconds" | "date" | "mixed";
    providers: Provider[];
  };
}

/**
 * A canned answer for the next matching request(s), before auth, state, rate limits and
 * chaos: the provider's refusal, a 429, a slow or lost answer. Rules are tried in the order
 * queued; the first match answers and counts down its `times`.
 */
export interface ScriptRule {
  /** Only this provider's requests; default either. */
  provider?: Provider;
  /** Only this HTTP method; default any. */
  method?: string;
  /**
   * Matched as a suffix of the path after the provider's prefix (Z-API: after
   * `/instances/…/token/…`, e.g. `/create-group`; RyzeAPI: without the instance segment,
   * e.g. `/api/group/create`) or of the full path. The query is ignored.
   */
  path: string;
  /** How many requests it answers; default 1. */
  times?: number;
  /** 200 to 599; default 200. */
  status?: number;
  headers?: Record<string, string | number>;
  /** The body: text as is, anything else JSON-encoded; default empty. Content-Type defaults to JSON. */
  body?: unknown;
  /** Wait this long first (0 to 600000 ms; a client with a shorter timeout gives up). */
  delayMs?: number;
  /** Close the connection without answering (after `delayMs`): the client sees a network failure. */
  drop?: boolean;
}

export interface SimParticipant {
  /** Digits. */
  phone: string;
  isAdmin: boolean;
  isSuperAdmin: boolean;
}

export interface SimPhoto {
  source: "url" | "base64";
  /** The first 16 hex digits of the SHA-256 of the photo's text. */
  hash: string;
}

export interface SimChat {
  /** Bare: `120363400000000004`, or old style `5511900000000-1623281429`. */
  id: string;
  /** `<id>@g.us`, as the client's results name it. */
  jid: string;
  name: string;
  description: string;
  /** The invitation code: `https://chat.whatsapp.com/<inviteCode>`. */
  inviteCode: string;
  /** ISO 8601. */
  createdAt: string;
  createdBy: string;
  participants: SimParticipant[];
  photo: SimPhoto | null;
}

export interface SimGroup extends SimChat {
  /** Bare id of the community it is linked to, or null. */
  communityId: string | null;
  /** A community's announcements group. */
  isAnnouncement: boolean;
  /** Whether the connected number (`bot`) is an admin here. */
  botIsAdmin: boolean;
  settings: { membersCanEditInfo: boolean; membersCanSendMessages: boolean; membersCanAddOthers: boolean; requireAdminApproval: boolean };
  /** Phones privately invited (Z-API `autoInvite`). */
  pendingInvites: string[];
  /** Phones waiting for an admin's approval (the bot too, after a join that needs it). */
  pendingRequests: string[];
}

export interface SimCommunity extends SimChat {
  announcementsId: string | null;
  /** Bare ids of its ordinary groups. */
  subgroups: string[];
  whoCanAddNewGroups: "admins" | "all";
  settings: Record<string, boolean>;
}

/** One provider's WhatsApp, as the simulator holds it. */
export interface SimWorld {
  /** The connected number: `5511900000000`. */
  bot: string;
  groups: SimGroup[];
  communities: SimCommunity[];
}

export interface SimProviderState extends SimWorld {
  provider: Provider;
}

/** A request a provider received (control calls and CORS preflights are not logged). */
export interface SimRequest {
  seq: number;
  /** ISO 8601. */
  at: string;
  /** Null for a path that belongs to neither provider (it got a 404). */
  provider: Provider | null;
  method: string;
  /** With the query. Z-API's has its instance and token in it. */
  path: string;
  /** Lower-cased names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body's text. */
  body: string;
  /** The status answered; null when none was (dropped). */
  status: number | null;
  /** Answered by a `script` rule. */
  scripted: boolean;
  /** The connection was closed without an answer. */
  dropped?: boolean;
  /** Chaos mode's fault for this request. */
  chaos?: ChaosKind;
  /** `reset-after`: what it would have answered. */
  lostStatus?: number;
  /** `truncated`: how many characters of the body were sent. */
  truncatedTo?: number;
  bodyTooLarge?: boolean;
  bodyBytes?: number;
}

export interface SimStats {
  /** Creates that were processed (the group or community exists), by requested name. */
  creates: Record<Provider, { groups: Record<string, number>; communities: Record<string, number> }>;
  /** Names created more than once: a retried create that made a second group shows here. */
  duplicates: { provider: Provider; kind: "group" | "community"; name: string; count: number }[];
  chaos: null | { seed: number | string; rate: number; requests: number; faults: Partial<Record<ChaosKind, number>>; bursts: number };
}

/** The simulated accounts' credentials. */
export interface SimCredentials {
  zapi: { readonly instance: string; readonly token: string; readonly clientToken: string };
  ryze: { readonly instance: string; readonly token: string };
}

/** The options `new Client(…)` needs to reach the simulator as `provider`. */
export type SimClientOptions<P extends Provider = Provider> = ClientOptions & { provider: P; baseUrl: string };

/** A running simulator. Every method is synchronous except `close()`. */
export interface Simulator {
  /** `http://127.0.0.1:<port>`: the `baseUrl` for both providers. */
  readonly url: string;
  readonly port: number;
  /** The simulated accounts (the same as the `credentials` export). */
  readonly credentials: SimCredentials;
  /**
   * `{provider, instance, token, clientToken (Z-API), baseUrl}` for `new Client(…)`, with
   * `extra` client options on top (they may replace any of those, e.g. a wrong token).
   */
  clientOptions<P extends Provider>(provider: P, extra?: Partial<ClientOptions>): SimClientOptions<P>;
  /** Stops listening, drops open connections and pending delays; the port is free when it resolves. Calling it again returns the same promise. */
  close(): Promise<void>;
  /** Back to the seed and the settings it was started with; clears scripts, the request log, rate windows and counters. */
  reset(): void;
  /** A copy of one provider's state; with no argument, both. */
  state(): Record<Provider, SimWorld>;
  state<P extends Provider>(provider: P): SimProviderState & { provider: P };
  /** A copy of the request log, oldest first (the last 10 000). */
  requests(): SimRequest[];
  clearRequests(): void;
  /** Queues a canned answer; returns how many rules are pending. */
  script(rule: ScriptRule): { pending: number };
  /** Merges settings into the current ones; returns them all. */
  configure(settings: SimulatorSettings): SimulatorConfig;
  config(): SimulatorConfig;
  stats(): SimStats;
  /** `await using sim = await startSimulator()` closes it when the block ends. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts the simulator on 127.0.0.1 with the seed data (see the README), on a free port
 * unless `port` is given. Rejects with a `TypeError` naming the problem for bad options.
 */
export function startSimulator(options?: SimulatorOptions): Promise<Simulator>;

/** The simulated accounts: Z-API `{instance, token, clientToken}`, RyzeAPI `{instance, token}`. */
export declare const credentials: SimCredentials;

/** Every kind chaos mode can inject. */
export declare const chaosKinds: readonly ChaosKind[];
