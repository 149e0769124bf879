// Types of the wa-groups npm package. Hand-written from the public contract; the wasm
// glue's generated declarations are not shipped.

/** The HTTP gateway a client talks to. */
export type Provider = "zapi" | "ryze";

export interface ClientOptions {
  provider: Provider;
  /** Z-API instance id, or RyzeAPI instance name. */
  instance: string;
  /** Z-API instance token (travels in the URL path) or RyzeAPI token (header `token`). */
  token: string;
  /** Z-API account security token (header `Client-Token`). Z-API only. */
  clientToken?: string;
  /** Default https://api.z-api.io (zapi) or https://ryzeapi.cloud (ryze). */
  baseUrl?: string;
  /** Default `globalThis.fetch`; always called bound to `globalThis`. */
  fetch?: typeof fetch;
  /** Per request, in milliseconds; default 30000. */
  timeoutMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CreateGroupInput {
  name: string;
  /** Phone numbers in any common form: `+55 (11) 99999-9999`, `5511999999999@s.whatsapp.net`. */
  participants: string[];
  /** Z-API only: privately invite those who could not be added. */
  autoInvite?: boolean;
}

export interface CreatedGroup {
  /** Canonical group JID, e.g. `120363019502650977@g.us`. */
  groupId: string;
  invitationLink: string | null;
  /** Participants that were not added (digits only where they are phone numbers). */
  notAdded: string[];
}

export interface InvitationLink {
  groupId: string;
  invitationLink: string;
}

export interface GroupFailure {
  groupId: string;
  reason: string | null;
}

export interface LinkResult {
  communityId: string;
  linked: string[];
  failed: GroupFailure[];
}

export interface UnlinkResult {
  communityId: string;
  unlinked: string[];
  failed: GroupFailure[];
}

export class Client {
  /** Throws `WaGroupsError` with kind "validation" naming every problem with the options. */
  constructor(options: ClientOptions);
  /** The provider this client talks to. */
  readonly provider: Provider;
  createGroup(input: CreateGroupInput, opts?: CallOptions): Promise<CreatedGroup>;
  getInvitationLink(groupId: string, opts?: CallOptions): Promise<InvitationLink>;
  linkGroups(communityId: string, groupIds: string[], opts?: CallOptions): Promise<LinkResult>;
  unlinkGroups(communityId: string, groupIds: string[], opts?: CallOptions): Promise<UnlinkResult>;
  /**
   * Releases the client's wasm memory now instead of at garbage collection; calls in
   * flight finish first, later calls reject. Calling it again does nothing.
   */
  free(): void;
}

export type ErrorKind =
  | "validation"
  | "auth"
  | "not_found"
  | "rate_limited"
  | "disconnected"
  | "provider"
  | "network"
  | "timeout"
  | "aborted"
  | "decode"
  /** wa-groups itself failed (a bug); the call was not completed, later calls are unaffected. */
  | "internal";

export interface Issue {
  field: string;
  message: string;
}

export interface WaGroupsErrorDetails {
  kind: ErrorKind;
  provider?: Provider;
  /** e.g. "linkGroups" */
  operation?: string;
  /** When a response arrived. */
  status?: number;
  /** Kind "validation": every problem, not just the first. */
  issues?: Issue[];
  /** Kind "rate_limited", when the provider said when to come back. */
  retryAfterMs?: number;
  /** The response text (secrets redacted), at most 2 KiB. */
  body?: string;
}

/** Every rejection and every throw of this package. */
export class WaGroupsError extends Error {
  constructor(message: string, details: WaGroupsErrorDetails);
  readonly name: "WaGroupsError";
  toJSON(): { name: "WaGroupsError"; message: string } & WaGroupsErrorDetails;
}
// The class carries every detail as a property (declaration merging).
export interface WaGroupsError extends WaGroupsErrorDetails {}

export type Call =
  | { op: "createGroup"; name: string; participants: string[]; autoInvite?: boolean }
  | { op: "getInvitationLink"; groupId: string }
  | { op: "linkGroups"; communityId: string; groupIds: string[] }
  | { op: "unlinkGroups"; communityId: string; groupIds: string[] };

export type ClientConfig = Omit<ClientOptions, "fetch" | "timeoutMs">;

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string> | Headers;
  body: string;
}

/** The result type of each operation, by `op`. */
export interface CallResults {
  createGroup: CreatedGroup;
  getInvitationLink: InvitationLink;
  linkGroups: LinkResult;
  unlinkGroups: UnlinkResult;
}

/** Every problem with `config` and `call`; empty when the call can be sent. */
export function validate(config: ClientConfig, call: Call): Issue[];
export interface BuildOptions {
  /** Replace the token and client token with `***`, to show the request to a person. */
  redact?: boolean;
}

/** The request to send; throws `WaGroupsError` "validation" where `validate` has issues. */
export function buildRequest(config: ClientConfig, call: Call, options?: BuildOptions): HttpRequest;
/** The typed result of the provider's answer, or a thrown `WaGroupsError`. */
export function parseResponse<C extends Call>(config: ClientConfig, call: C, response: HttpResponse): CallResults[C["op"]];
