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
  /**
   * ISO 3166-1 alpha-2 code ("BR", "US"): how to read phones written without a country
   * code, e.g. `(11) 99999-9999` as +55 11 99999-9999. Without it such a phone is a
   * validation issue, never a guess.
   */
  defaultCountry?: string;
  /** Default `globalThis.fetch`; always called bound to `globalThis`. */
  fetch?: typeof fetch;
  /**
   * Per request, in milliseconds; default 30000 (stretched for RyzeAPI's calls that wait
   * about a second per group). Each retry gets its own.
   */
  timeoutMs?: number;
  /**
   * Retries after a failure where repeating is safe (see the README's table): network
   * failures, 429 and 5xx, with exponential back-off and jitter, or when the provider
   * said to come back. Default 2; 0 turns retries off.
   */
  maxRetries?: number;
  /**
   * Also repeat calls that a second delivery would do again (creating a group or a
   * community, participants changes, leaving, resetting a link, deactivating) after a
   * failure that may have reached the provider. Default false: they are never repeated
   * once they may have arrived, so a lost answer never makes a second group.
   */
  retryUnsafe?: boolean;
  /**
   * The client-side limit per token, shared by every client with the same token: calls
   * wait in line instead of provoking 429s. A number is requests per minute; `false`
   * turns it off. Default: RyzeAPI's documented 100 per minute; none for Z-API. The
   * provider's X-RateLimit-Remaining/Reset and Retry-After are honoured either way.
   */
  rateLimit?: false | number | { requests: number; intervalMs?: number };
  /**
   * Called with one event for each thing the client does: a request sent, a response, no
   * response, a retry, a wait for the rate limit. Secrets never appear in events (Z-API's
   * token in the URL is `***`). What it throws is ignored.
   */
  onEvent?: (event: ClientEvent) => void;
  /**
   * Exactly-once creates (`createGroup`, `createCommunity`). Before its first create, the
   * client lists the instance's groups (and Z-API's communities) once. When a create may
   * have made its group although it failed (its answer lost after it may have arrived, a
   * 5xx, an unreadable 2xx), it lists them again instead of giving up or sending blindly:
   * a new group of that name (not another of its calls') is the result; none means it
   * never arrived, and it is sent again. A RyzeAPI community is found by its announcements
   * group. A group of the same name made meanwhile by someone else cannot be told apart.
   * Default false. `ReconcileCreatesOptions` keep the record outside the client.
   */
  reconcileCreates?: boolean | ReconcileCreatesOptions;
  /**
   * Awaited before each request, outside the request's time limit (after the client's own
   * `rateLimit`): where to wait for a slot of a limiter you keep yourself, shared across
   * processes (what `wa-groups/cloudflare` does). Honour `signal`. A throw or rejection
   * ends the call as "aborted", with nothing sent.
   */
  beforeSend?: (request: { operation: Call["op"]; attempt: number; signal?: AbortSignal }) => void | Promise<void>;
}

/**
 * `reconcileCreates` with the record kept by the caller, across processes (what
 * `wa-groups/cloudflare`'s jobs do).
 */
export interface ReconcileCreatesOptions {
  /** The ids of the groups and communities the instance had before: the client then lists nothing before its first create. */
  known?: string[];
  /**
   * Asked before a group (or community) is taken as a create's result, and told each one
   * a create's answer names: false when another call, perhaps in another process, already
   * has it (the look goes on to the next candidate). A throw means the record cannot say:
   * the call ends (kind "aborted", or its create's own error) and nothing more is sent.
   */
  claim?: (id: string) => boolean | Promise<boolean>;
}

/** What a `Client` tells `onEvent`, one event at a time. */
export type ClientEvent = { provider: Provider; operation: Call["op"] } & (
  | { type: "request"; method: string; url: string; attempt: number }
  | { type: "response"; status: number; ms: number; attempt: number }
  | { type: "no_response"; kind: "network" | "timeout" | "aborted" | "decode"; ms: number; attempt: number; mayHaveArrived: boolean }
  | { type: "retry"; attempt: number; delayMs: number; reason: ErrorKind; status?: number }
  | { type: "rate_limit_wait"; ms: number }
  | { type: "reconcile"; found: boolean; groupId?: string; communityId?: string }
);

export interface CallOptions {
  signal?: AbortSignal;
  /** This call's time limit per request, over the client's `timeoutMs`: 1 to 2147483647 ms. */
  timeoutMs?: number;
  /** How many times this call may be sent again, over the client's `maxRetries`: 0 to 10. */
  maxRetries?: number;
}

/** A create's call options. */
export interface CreateOptions extends CallOptions {
  /**
   * An earlier process may have sent this create and stopped before it recorded the
   * answer: its group is looked for first, and the create is sent only if it is not
   * there. Needs `reconcileCreates`.
   */
  mayHaveBeenSent?: boolean;
}

export interface CreateGroupInput {
  name: string;
  /**
   * Phone numbers with their country code: `+55 (11) 99999-9999`, `0055 11 …`,
   * `5511999999999`, `5511999999999@s.whatsapp.net`; national forms need `defaultCountry`.
   */
  participants: string[];
  /** Z-API only: privately invite those who could not be added. */
  autoInvite?: boolean;
  /** RyzeAPI only (it sets it right after creating); with Z-API call updateGroupDescription. */
  description?: string;
  /** RyzeAPI only: as updateGroupPhoto's `photo`. With Z-API call updateGroupPhoto. */
  photo?: string;
  /** RyzeAPI only: create the group inside this community. With Z-API call linkGroups. */
  communityId?: string;
  /** RyzeAPI only: the new group's settings (any of the four). */
  settings?: GroupSettings;
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

export interface Page {
  /** 1-based; default 1. */
  page?: number;
  /** Default 100, at most 1000. */
  pageSize?: number;
}

export interface GroupSummary {
  groupId: string;
  name: string | null;
}

export interface GroupList {
  groups: GroupSummary[];
  /** The page read, where the provider pages (Z-API); null where it lists all at once. */
  page: number | null;
  /** Whether a next page may hold more (Z-API gives no total: a full page may). */
  hasMore: boolean | null;
}

export interface Participant {
  /** Digits only; a participant the provider names only by a `…@lid` id keeps that id. */
  phone: string;
  isAdmin: boolean;
  isSuperAdmin: boolean;
}

/** Who may do what; null where the provider did not say. */
export interface GroupSettingsState {
  onlyAdminsCanSend: boolean | null;
  onlyAdminsCanEditInfo: boolean | null;
  requireAdminApproval: boolean | null;
  onlyAdminsCanAddMembers: boolean | null;
}

/** Settings to change; with Z-API give all four (it sets them together). */
export interface GroupSettings {
  onlyAdminsCanSend?: boolean;
  onlyAdminsCanEditInfo?: boolean;
  requireAdminApproval?: boolean;
  onlyAdminsCanAddMembers?: boolean;
}

export interface GroupMetadata {
  groupId: string;
  name: string | null;
  description: string | null;
  /** Digits of the creator. */
  owner: string | null;
  /** Milliseconds since the Unix epoch. */
  createdAt: number | null;
  /** Null in light metadata, and for non-admins. */
  invitationLink: string | null;
  /**
   * Why `invitationLink` is null, as Z-API says ("forbidden", "not-authorized",
   * "too many requests"); null otherwise, and always on RyzeAPI.
   */
  invitationLinkError: string | null;
  communityId: string | null;
  /** The community's announcements group. */
  isAnnouncements: boolean;
  settings: GroupSettingsState;
  participants: Participant[];
}

/** What an invitation link shows about its group. */
export interface InvitationInfo {
  groupId: string;
  name: string | null;
  description: string | null;
  owner: string | null;
  createdAt: number | null;
  participantsCount: number | null;
  participants: Participant[];
}

export interface JoinResult {
  /** Null where the provider does not say which group was joined (Z-API). */
  groupId: string | null;
  /**
   * True: the group approves new members and the request is queued. Null where the
   * provider does not say (Z-API answers the same for both).
   */
  requiresApproval: boolean | null;
}

export interface ParticipantFailure {
  phone: string;
  reason: string | null;
}

/** One result per requested phone: each is in exactly one of the two lists. */
export interface ParticipantsResult {
  groupId: string;
  succeeded: string[];
  failed: ParticipantFailure[];
}

export interface GroupUpdate {
  groupId: string;
}

export interface CommunityUpdate {
  communityId: string;
}

export interface CommunityInvitationLink {
  /** Canonical community JID. */
  communityId: string;
  /** The new link; the old one stops working. */
  invitationLink: string;
}

export interface CreateCommunityInput {
  /** At most 25 characters with RyzeAPI. */
  name: string;
  description?: string;
  /** Groups to link at creation (RyzeAPI only; with Z-API call linkGroups afterwards). */
  groupIds?: string[];
  /** RyzeAPI only: as updateGroupPhoto's `photo`. With Z-API call updateCommunityPhoto. */
  photo?: string;
  /** RyzeAPI only: whether joining the community needs an admin's approval. */
  requireApproval?: boolean;
}

/** A request to join a group that awaits an admin (listPendingRequests). */
export interface PendingRequest {
  /** What approveParticipants/rejectParticipants take: a linked id (`199789077627112@lid`) or a phone. */
  id: string;
  /** The requester's phone (digits), when the gateway may show it; null otherwise. */
  phone: string | null;
  /** When the request was made, in milliseconds since the Unix epoch. */
  requestedAt: number | null;
}

export interface PendingRequestList {
  groupId: string;
  requests: PendingRequest[];
}

/** One result per requested phone of a community's participants call. */
export interface CommunityParticipantsResult {
  communityId: string;
  succeeded: string[];
  failed: ParticipantFailure[];
}

/** Who may add the connected number to groups (setGroupAddPrivacy, Z-API only). */
export interface GroupAddPrivacy {
  who: "everyone" | "contacts" | "contactsExcept";
  /** With `contactsExcept`: phones to add to the exceptions. */
  exceptAdd?: string[];
  /** With `contactsExcept`: phones to take off the exceptions. */
  exceptRemove?: string[];
}

export interface GroupAddPrivacyResult {
  who: GroupAddPrivacy["who"];
}

/** RyzeAPI's event types; group changes arrive as `group.flow`. */
export type RyzeEventType = "message.exchange" | "message.status" | "call.update" | "group.flow" | "instance.state" | "label.update";

/** Where the gateway delivers its events (setWebhook). */
export interface WebhookInput {
  /** https:// (RyzeAPI also takes http://). */
  url: string;
  /** RyzeAPI only: the event types to deliver; all when left out. */
  events?: RyzeEventType[];
  /**
   * RyzeAPI only: the `Authorization` header it sends with each delivery (at least 16
   * characters); check it with `verifyWebhookAuthorization`. Redacted from everything
   * the call shows. Z-API signs nothing: use a secret path in `url` instead.
   */
  authorization?: string;
  /** RyzeAPI only: which of its webhooks (up to three enabled); "default" when left out. */
  label?: string;
}

export interface WebhookSetting {
  url: string;
  /** RyzeAPI's label; null with Z-API. */
  label: string | null;
  /** The event types delivered; null for all. */
  events: RyzeEventType[] | null;
  /** Whether deliveries carry the configured Authorization header (never echoed back). */
  hasAuthorization: boolean;
}

export interface CreatedCommunity {
  communityId: string;
  /** False when WhatsApp refused the community and an ordinary group was created instead. */
  isCommunity: boolean;
  announcementsGroupId: string | null;
  linked: string[];
  failed: GroupFailure[];
}

export interface CommunitySummary {
  communityId: string;
  name: string | null;
}

export interface CommunityList {
  communities: CommunitySummary[];
  page: number | null;
  hasMore: boolean | null;
}

export interface Subgroup {
  groupId: string;
  name: string | null;
  /** The community's announcements group. */
  isAnnouncements: boolean;
}

export interface CommunityMetadata {
  communityId: string;
  name: string | null;
  description: string | null;
  subgroups: Subgroup[];
}

export interface SubgroupList {
  communityId: string;
  subgroups: Subgroup[];
}

export interface CommunitySettings {
  whoCanAddGroups: "admins" | "all";
}

export interface AddParticipantsOptions extends CallOptions {
  /** Z-API only: privately invite those who could not be added. */
  autoInvite?: boolean;
}

/**
 * A listing's result, also async-iterable over its items across pages:
 * `for await (const g of client.listGroups())` asks for the next page only once the items
 * so far are taken, with the same options and signal, under the rate limit.
 */
export interface ListPromise<L, T> extends Promise<L>, AsyncIterable<T> {}

export class Client {
  /** Throws `WaGroupsError` with kind "validation" naming every problem with the options. */
  constructor(options: ClientOptions);
  /** The provider this client talks to. */
  readonly provider: Provider;
  // <generated: methods> from src/operation.rs (WA_GROUPS_BLESS=1 cargo test --test typescript)
  createGroup(input: CreateGroupInput, opts?: CreateOptions): Promise<CreatedGroup>;
  getInvitationLink(groupId: string, opts?: CallOptions): Promise<InvitationLink>;
  linkGroups(communityId: string, groupIds: string[], opts?: CallOptions): Promise<LinkResult>;
  unlinkGroups(communityId: string, groupIds: string[], opts?: CallOptions): Promise<UnlinkResult>;
  listGroups(page?: Page, opts?: CallOptions): ListPromise<GroupList, GroupSummary>;
  getGroupMetadata(groupId: string, opts?: CallOptions): Promise<GroupMetadata>;
  /** The metadata without the invitation link (cheaper for Z-API). */
  getGroupMetadataLight(groupId: string, opts?: CallOptions): Promise<GroupMetadata>;
  /** What an invitation link (or its code) shows, without joining. */
  getInvitationInfo(link: string, opts?: CallOptions): Promise<InvitationInfo>;
  /** Revokes the current link and returns the new one. */
  resetInvitationLink(groupId: string, opts?: CallOptions): Promise<InvitationLink>;
  joinGroup(link: string, opts?: CallOptions): Promise<JoinResult>;
  addParticipants(groupId: string, phones: string[], opts?: AddParticipantsOptions): Promise<ParticipantsResult>;
  removeParticipants(groupId: string, phones: string[], opts?: CallOptions): Promise<ParticipantsResult>;
  promoteParticipants(groupId: string, phones: string[], opts?: CallOptions): Promise<ParticipantsResult>;
  demoteParticipants(groupId: string, phones: string[], opts?: CallOptions): Promise<ParticipantsResult>;
  /** Approves pending requests to join. With RyzeAPI, a requester may also be given by the linked id its request list shows (`199789077627112@lid`). */
  approveParticipants(groupId: string, phones: string[], opts?: CallOptions): Promise<ParticipantsResult>;
  /** Rejects pending requests to join; RyzeAPI also takes `…@lid` ids. */
  rejectParticipants(groupId: string, phones: string[], opts?: CallOptions): Promise<ParticipantsResult>;
  updateGroupName(groupId: string, name: string, opts?: CallOptions): Promise<GroupUpdate>;
  /** An empty description clears it. */
  updateGroupDescription(groupId: string, description: string, opts?: CallOptions): Promise<GroupUpdate>;
  /** An https:// URL of an image, a data:image/…;base64, URL, or base64 image data. */
  updateGroupPhoto(groupId: string, photo: string, opts?: CallOptions): Promise<GroupUpdate>;
  updateGroupSettings(groupId: string, settings: GroupSettings, opts?: CallOptions): Promise<GroupUpdate>;
  /** RyzeAPI only (Z-API documents no way to remove a group's photo). */
  removeGroupPhoto(groupId: string, opts?: CallOptions): Promise<GroupUpdate>;
  /** RyzeAPI only. The requests to join a group that needs admin approval; approve or reject them by `id`. */
  listPendingRequests(groupId: string, opts?: CallOptions): ListPromise<PendingRequestList, PendingRequest>;
  leaveGroup(groupId: string, opts?: CallOptions): Promise<GroupUpdate>;
  createCommunity(input: CreateCommunityInput, opts?: CreateOptions): Promise<CreatedCommunity>;
  /** Z-API only ("unsupported" with RyzeAPI). */
  listCommunities(page?: Page, opts?: CallOptions): ListPromise<CommunityList, CommunitySummary>;
  /** Z-API only. */
  getCommunityMetadata(communityId: string, opts?: CallOptions): Promise<CommunityMetadata>;
  listSubgroups(communityId: string, opts?: CallOptions): ListPromise<SubgroupList, Subgroup>;
  /** Z-API only. Revokes the community's invitation link and returns the new one. */
  resetCommunityInvitationLink(communityId: string, opts?: CallOptions): Promise<CommunityInvitationLink>;
  /** Z-API only. */
  updateCommunitySettings(communityId: string, settings: CommunitySettings, opts?: CallOptions): Promise<CommunityUpdate>;
  /** Z-API only. */
  updateCommunityDescription(communityId: string, description: string, opts?: CallOptions): Promise<CommunityUpdate>;
  /** Z-API only. Its groups are unlinked, not deleted. */
  deactivateCommunity(communityId: string, opts?: CallOptions): Promise<CommunityUpdate>;
  /** Z-API only. An https:// URL of an image, a data:image/…;base64, URL, or base64 image data. */
  updateCommunityPhoto(communityId: string, photo: string, opts?: CallOptions): Promise<CommunityUpdate>;
  /** Z-API only. Adds people to the community (its announcements group). */
  addCommunityParticipants(communityId: string, phones: string[], opts?: AddParticipantsOptions): Promise<CommunityParticipantsResult>;
  /** Z-API only. */
  removeCommunityParticipants(communityId: string, phones: string[], opts?: CallOptions): Promise<CommunityParticipantsResult>;
  /** Z-API only. Makes community members its admins. */
  promoteCommunityParticipants(communityId: string, phones: string[], opts?: CallOptions): Promise<CommunityParticipantsResult>;
  /** Z-API only. */
  demoteCommunityParticipants(communityId: string, phones: string[], opts?: CallOptions): Promise<CommunityParticipantsResult>;
  /** Z-API only. Who may add the connected number to groups. */
  setGroupAddPrivacy(settings: GroupAddPrivacy, opts?: CallOptions): Promise<GroupAddPrivacyResult>;
  /** Where the gateway delivers events (group changes among them): Z-API's received-messages webhook; RyzeAPI's webhook by `label`. */
  setWebhook(webhook: WebhookInput, opts?: CallOptions): Promise<WebhookSetting>;
  // </generated: methods>

  /**
   * Runs many calls under the rate limit, at most `concurrency` (default 4) at a time.
   * Resolves with one outcome per call, in input order; once its own arguments are valid
   * (an array, a concurrency from 1 to 256) it never rejects as a whole. When `signal`
   * fires, calls in flight end as "aborted" and the others as "not_started". Each outcome
   * names its call's `op`.
   */
  batch<K extends Call["op"]>(calls: readonly Extract<Call, { op: K }>[], options?: BatchOptions): Promise<BatchOutcomes<K>[]>;

  /**
   * Any operation by name, its input as one object (the `Call` without `op`): what the
   * methods above do, for code that picks the operation at run time.
   */
  call<K extends Call["op"]>(op: K, input: Omit<Extract<Call, { op: K }>, "op">, opts?: CallOptions): Promise<CallResults[K]>;

  /**
   * Releases the client's wasm memory now instead of at garbage collection; calls in
   * flight finish first, later calls reject. Calling it again does nothing.
   */
  free(): void;
}

/** The operations each provider has an endpoint for (the others fail as "unsupported"). */
export declare const operations: Readonly<Record<Provider, readonly Call["op"][]>>;

export interface BatchProgress {
  done: number;
  total: number;
  fulfilled: number;
  rejected: number;
  /** The call that just settled: its index in `calls` and its outcome (`op` narrows its value). */
  settled?: { index: number; outcome: BatchOutcomes<Call["op"]> };
  /** Set instead of `settled` when the batch is waiting for the rate limit: for how long, in milliseconds. */
  rateLimitWaitMs?: number;
}

export interface BatchOptions {
  /** Calls in flight at once, 1 to 256; default 4. The rate limit applies on top. */
  concurrency?: number;
  /** Called after each call settles. */
  onProgress?: (progress: BatchProgress) => void;
  signal?: AbortSignal;
}

/** One call's outcome in a batch; `op` is the call's operation. */
export type BatchOutcome<T, K extends string = Call["op"]> = { op: K; status: "fulfilled"; value: T } | { op: K; status: "rejected"; reason: WaGroupsError } | { op: K; status: "not_started" };

/** The outcomes of a batch of calls of the operations `K`: checking `op` narrows `value` to that operation's result. */
export type BatchOutcomes<K extends Call["op"]> = { [P in K]: BatchOutcome<CallResults[P], P> }[K];

export type ErrorKind =
  | "validation"
  /** The credentials were refused: a wrong token or instance, a missing or refused Client-Token. */
  | "auth"
  /** The credentials were accepted, but the connected number may not do this (not an admin, not a member). */
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "disconnected"
  | "provider"
  | "network"
  | "timeout"
  | "aborted"
  | "decode"
  /** wa-groups itself failed (a bug, or memory exhausted): the calls in flight did not complete; later calls are unaffected. */
  | "internal"
  /** The provider has no endpoint for this operation; nothing was sent. */
  | "unsupported";

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
  /**
   * When no answer came (kinds "network", "timeout", "aborted", and "decode" of an answer
   * too large to read): whether the request may have reached the gateway, on this attempt
   * or an earlier one. `true` on a create means the group may exist: list before creating again.
   */
  mayHaveArrived?: boolean;
}

/** Every rejection and every throw of this package. */
export class WaGroupsError extends Error {
  constructor(message: string, details: WaGroupsErrorDetails);
  readonly name: "WaGroupsError";
  toJSON(): { name: "WaGroupsError"; message: string } & WaGroupsErrorDetails;
}
// The class carries every detail as a property (declaration merging).
export interface WaGroupsError extends WaGroupsErrorDetails {}

// <generated: call> from src/operation.rs (WA_GROUPS_BLESS=1 cargo test --test typescript)
export type Call =
  | ({ op: "createGroup" } & CreateGroupInput)
  | { op: "getInvitationLink"; groupId: string }
  | { op: "linkGroups"; communityId: string; groupIds: string[] }
  | { op: "unlinkGroups"; communityId: string; groupIds: string[] }
  | ({ op: "listGroups" } & Page)
  | { op: "getGroupMetadata"; groupId: string }
  | { op: "getGroupMetadataLight"; groupId: string }
  | { op: "getInvitationInfo"; link: string }
  | { op: "resetInvitationLink"; groupId: string }
  | { op: "joinGroup"; link: string }
  | { op: "addParticipants"; groupId: string; phones: string[]; autoInvite?: boolean }
  | { op: "removeParticipants"; groupId: string; phones: string[] }
  | { op: "promoteParticipants"; groupId: string; phones: string[] }
  | { op: "demoteParticipants"; groupId: string; phones: string[] }
  | { op: "approveParticipants"; groupId: string; phones: string[] }
  | { op: "rejectParticipants"; groupId: string; phones: string[] }
  | { op: "updateGroupName"; groupId: string; name: string }
  | { op: "updateGroupDescription"; groupId: string; description: string }
  | { op: "updateGroupPhoto"; groupId: string; photo: string }
  | { op: "updateGroupSettings"; groupId: string; settings: GroupSettings }
  | { op: "removeGroupPhoto"; groupId: string }
  | { op: "listPendingRequests"; groupId: string }
  | { op: "leaveGroup"; groupId: string }
  | ({ op: "createCommunity" } & CreateCommunityInput)
  | ({ op: "listCommunities" } & Page)
  | { op: "getCommunityMetadata"; communityId: string }
  | { op: "listSubgroups"; communityId: string }
  | { op: "resetCommunityInvitationLink"; communityId: string }
  | ({ op: "updateCommunitySettings"; communityId: string } & CommunitySettings)
  | { op: "updateCommunityDescription"; communityId: string; description: string }
  | { op: "deactivateCommunity"; communityId: string }
  | { op: "updateCommunityPhoto"; communityId: string; photo: string }
  | { op: "addCommunityParticipants"; communityId: string; phones: string[]; autoInvite?: boolean }
  | { op: "removeCommunityParticipants"; communityId: string; phones: string[] }
  | { op: "promoteCommunityParticipants"; communityId: string; phones: string[] }
  | { op: "demoteCommunityParticipants"; communityId: string; phones: string[] }
  | ({ op: "setGroupAddPrivacy" } & GroupAddPrivacy)
  | ({ op: "setWebhook" } & WebhookInput);
// </generated: call>

/** What addresses a gateway: the options without the client's own behaviour. */
export type ClientConfig = Omit<ClientOptions, "fetch" | "timeoutMs" | "maxRetries" | "retryUnsafe" | "rateLimit" | "onEvent" | "reconcileCreates" | "beforeSend">;

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
  // <generated: results> from src/operation.rs (WA_GROUPS_BLESS=1 cargo test --test typescript)
  createGroup: CreatedGroup;
  getInvitationLink: InvitationLink;
  linkGroups: LinkResult;
  unlinkGroups: UnlinkResult;
  listGroups: GroupList;
  getGroupMetadata: GroupMetadata;
  getGroupMetadataLight: GroupMetadata;
  getInvitationInfo: InvitationInfo;
  resetInvitationLink: InvitationLink;
  joinGroup: JoinResult;
  addParticipants: ParticipantsResult;
  removeParticipants: ParticipantsResult;
  promoteParticipants: ParticipantsResult;
  demoteParticipants: ParticipantsResult;
  approveParticipants: ParticipantsResult;
  rejectParticipants: ParticipantsResult;
  updateGroupName: GroupUpdate;
  updateGroupDescription: GroupUpdate;
  updateGroupPhoto: GroupUpdate;
  updateGroupSettings: GroupUpdate;
  removeGroupPhoto: GroupUpdate;
  listPendingRequests: PendingRequestList;
  leaveGroup: GroupUpdate;
  createCommunity: CreatedCommunity;
  listCommunities: CommunityList;
  getCommunityMetadata: CommunityMetadata;
  listSubgroups: SubgroupList;
  resetCommunityInvitationLink: CommunityInvitationLink;
  updateCommunitySettings: CommunityUpdate;
  updateCommunityDescription: CommunityUpdate;
  deactivateCommunity: CommunityUpdate;
  updateCommunityPhoto: CommunityUpdate;
  addCommunityParticipants: CommunityParticipantsResult;
  removeCommunityParticipants: CommunityParticipantsResult;
  promoteCommunityParticipants: CommunityParticipantsResult;
  demoteCommunityParticipants: CommunityParticipantsResult;
  setGroupAddPrivacy: GroupAddPrivacyResult;
  setWebhook: WebhookSetting;
  // </generated: results>
}

/** A group event from a provider's webhook, with canonical ids. */
export interface GroupWebhookEvent {
  type: "group_created" | "participants_added" | "participants_removed" | "participant_left" | "membership_requested" | "membership_request_revoked" | "member_link_property_updated";
  provider: Provider;
  groupId: string;
  /** The people concerned: digits where they are phones, else as sent (`…@lid`). */
  participants: string[];
  /** group_created: the group's name. */
  name?: string | null;
  /** membership_requested: how the request came ("invite_link", "non_admin_add"). */
  method?: string | null;
  /**
   * membership_requested by "non_admin_add": the member who added the people in
   * `participants` (who are the ones waiting for approval).
   */
  addedBy?: string | null;
  /** member_link_property_updated: who may share the invitation link now. */
  linkMode?: "ADMIN_LINK" | "ALL_MEMBER_LINK" | (string & {}) | null;
  /** The member who did it, when the payload says (Z-API's `participantPhone`). */
  by?: string | null;
  /** Milliseconds since the Unix epoch. */
  at: number | null;
  /** The provider's own name for the event (e.g. "GROUP_PARTICIPANT_ADD"). */
  notification: string;
}

/**
 * Anything that is not a group event: the payload as it came (text when not JSON), with
 * RyzeAPI's `instanceData.token` (the instance's own token) replaced by `***`.
 */
export interface OtherWebhookEvent {
  type: "other";
  provider: Provider;
  raw: unknown;
}

export type WebhookEvent = GroupWebhookEvent | OtherWebhookEvent;

/** A webhook body (its text, or the object parsed from it) as a typed event; never throws for the body. */
export function parseWebhook(provider: Provider, body: string | object): WebhookEvent;

/**
 * Whether a webhook delivery's `Authorization` header is the value configured for the
 * webhook (RyzeAPI's `authorization` setting), compared in constant time. `false` for a
 * missing header; throws `WaGroupsError` "validation" when `expected` is empty. Z-API
 * signs nothing: give its webhooks a secret path and check that instead.
 */
export function verifyWebhookAuthorization(received: string | null | undefined, expected: string): boolean;

/** Every problem with `config` and `call`; empty when the call can be sent. */
export function validate(config: ClientConfig, call: Call): Issue[];
export interface BuildOptions {
  /** Replace the token and client token with `***`, to show the request to a person. */
  redact?: boolean;
}

/** The request to send; throws `WaGroupsError` "validation" where `validate` has issues. */
export function buildRequest(config: ClientConfig, call: Call, options?: BuildOptions): HttpRequest;
/** The typed result of the provider's answer, or a thrown `WaGroupsError`. */
export function parseResponse<K extends Call["op"]>(config: ClientConfig, call: Extract<Call, { op: K }>, response: HttpResponse): CallResults[K];
