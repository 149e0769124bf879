// Every export and every type of wa-groups' index.d.ts, used the way a TypeScript user
// would. Must compile under `tsc --strict --noEmit`, with moduleResolution bundler and
// nodenext. The type assertions below fail the compile if a type loosens (e.g. to `any`)
// or drifts from the contract; each `@ts-expect-error` fails it if a mistake it marks
// stops being an error. run.sh also checks that the two import lists below name every
// export of the installed index.d.ts.
import { Client, WaGroupsError, buildRequest, operations, parseResponse, parseWebhook, validate, verifyWebhookAuthorization } from "wa-groups";
import type {
  AddParticipantsOptions,
  BatchOptions,
  BatchOutcome,
  BatchOutcomes,
  BatchProgress,
  BuildOptions,
  Call,
  CallOptions,
  ClientEvent,
  CallResults,
  ClientConfig,
  ClientOptions,
  CommunityList,
  CommunityMetadata,
  CommunitySettings,
  CommunitySummary,
  CommunityUpdate,
  CommunityInvitationLink,
  CommunityParticipantsResult,
  CreateCommunityInput,
  CreateGroupInput,
  CreateOptions,
  CreatedCommunity,
  CreatedGroup,
  ErrorKind,
  GroupAddPrivacy,
  GroupAddPrivacyResult,
  GroupFailure,
  GroupList,
  GroupMetadata,
  GroupSettings,
  GroupSettingsState,
  GroupSummary,
  GroupUpdate,
  GroupWebhookEvent,
  HttpRequest,
  HttpResponse,
  InvitationInfo,
  InvitationLink,
  Issue,
  JoinResult,
  LinkResult,
  ListPromise,
  OtherWebhookEvent,
  Page,
  Participant,
  ParticipantFailure,
  ParticipantsResult,
  PendingRequest,
  PendingRequestList,
  Provider,
  ReconcileCreatesOptions,
  RyzeEventType,
  Subgroup,
  SubgroupList,
  UnlinkResult,
  WaGroupsErrorDetails,
  WebhookEvent,
  WebhookInput,
  WebhookSetting,
} from "wa-groups";

declare const someClient: Client;
const callLink = () => someClient.call("linkGroups", { communityId: "1", groupIds: ["2"] });

// ---- type-level assertions -------------------------------------------------------------
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;
type Not<T extends boolean> = T extends true ? false : true;
/** An intersection (`{op} & Page`) as one object type, so it can be compared exactly. */
type Simplify<T> = { [K in keyof T]: T[K] };
function assert<T extends true>(): T | void {}

// The value exports, exactly (the type exports are checked by run.sh against index.d.ts).
type Module = typeof import("wa-groups");
assert<Equal<keyof Module, "Client" | "WaGroupsError" | "validate" | "buildRequest" | "parseResponse" | "parseWebhook" | "verifyWebhookAuthorization" | "operations">>();
assert<Equal<Module["operations"], Readonly<Record<Provider, readonly Call["op"][]>>>>();
const zapiOperations: readonly Call["op"][] = operations.zapi;
void zapiOperations;

// Options and errors.
assert<Equal<Provider, "zapi" | "ryze">>();
assert<
  Equal<ErrorKind, "validation" | "auth" | "forbidden" | "not_found" | "rate_limited" | "disconnected" | "provider" | "network" | "timeout" | "aborted" | "decode" | "internal" | "unsupported">
>();
assert<Equal<Issue, { field: string; message: string }>>();
assert<
  Equal<
    ClientOptions,
    {
      provider: Provider;
      instance: string;
      token: string;
      clientToken?: string;
      baseUrl?: string;
      defaultCountry?: string;
      fetch?: typeof fetch;
      timeoutMs?: number;
      maxRetries?: number;
      retryUnsafe?: boolean;
      rateLimit?: false | number | { requests: number; intervalMs?: number };
      onEvent?: (event: ClientEvent) => void;
      reconcileCreates?: boolean | ReconcileCreatesOptions;
      beforeSend?: (request: { operation: Call["op"]; attempt: number; signal?: AbortSignal }) => void | Promise<void>;
    }
  >
>();
assert<Equal<ReconcileCreatesOptions, { known?: string[]; claim?: (id: string) => boolean | Promise<boolean> }>>();
assert<Equal<CreateOptions, { signal?: AbortSignal; timeoutMs?: number; maxRetries?: number; mayHaveBeenSent?: boolean }>>();
// The record kept outside the client (what wa-groups/cloudflare's jobs do): known groups, claims, a create that may have been sent.
async function keptRecord(config: ClientConfig, claimed: Set<string>): Promise<CreatedGroup> {
  const c = new Client({ ...config, reconcileCreates: { known: ["120363400000000001@g.us"], claim: async (id) => !claimed.has(id) } });
  return c.createGroup({ name: "Turma", participants: ["5511999999999"] }, { mayHaveBeenSent: true });
}
void keptRecord;
assert<Equal<ClientOptions["fetch"], typeof fetch | undefined>>();
assert<Equal<ClientOptions["rateLimit"], false | number | { requests: number; intervalMs?: number } | undefined>>();
assert<Equal<ClientConfig, Omit<ClientOptions, "fetch" | "timeoutMs" | "maxRetries" | "retryUnsafe" | "rateLimit" | "onEvent" | "reconcileCreates" | "beforeSend">>>();
assert<Equal<ClientOptions["onEvent"], ((event: ClientEvent) => void) | undefined>>();
// onEvent: the event narrows by type.
const onEvent = (event: ClientEvent): string => {
  switch (event.type) {
    case "request":
      return `${event.operation} ${event.method} ${event.url} #${event.attempt}`;
    case "response":
      return `${event.status} in ${event.ms} ms`;
    case "no_response":
      return `${event.kind} after ${event.ms} ms, may have arrived: ${event.mayHaveArrived}`;
    case "retry": {
      const reason: ErrorKind = event.reason;
      return `retry #${event.attempt} in ${event.delayMs} ms (${reason}${event.status ? ` ${event.status}` : ""})`;
    }
    case "rate_limit_wait":
      return `waiting ${event.ms} ms for the rate limit`;
    case "reconcile":
      return event.found ? `the lost create made ${event.groupId ?? event.communityId}` : "the lost create never arrived; sending it again";
    default: {
      const never: never = event;
      return String(never);
    }
  }
};
void new Client({ provider: "zapi", instance: "I", token: "TOKEN-1", onEvent: (e) => void onEvent(e) });
assert<Equal<keyof ClientConfig, "provider" | "instance" | "token" | "clientToken" | "baseUrl" | "defaultCountry">>();
assert<Equal<CallOptions, { signal?: AbortSignal; timeoutMs?: number; maxRetries?: number }>>();
assert<Equal<AddParticipantsOptions, { signal?: AbortSignal; timeoutMs?: number; maxRetries?: number; autoInvite?: boolean }>>();
assert<Equal<WaGroupsErrorDetails, { kind: ErrorKind; provider?: Provider; operation?: string; status?: number; issues?: Issue[]; retryAfterMs?: number; body?: string; mayHaveArrived?: boolean }>>();
assert<Equal<ConstructorParameters<typeof WaGroupsError>, [message: string, details: WaGroupsErrorDetails]>>();
assert<Equal<WaGroupsError extends Error ? true : false, true>>();
assert<Equal<WaGroupsError["kind"], ErrorKind>>();
assert<Equal<WaGroupsError["provider"], Provider | undefined>>();
assert<Equal<WaGroupsError["operation"], string | undefined>>();
assert<Equal<WaGroupsError["status"], number | undefined>>();
assert<Equal<WaGroupsError["issues"], Issue[] | undefined>>();
assert<Equal<WaGroupsError["retryAfterMs"], number | undefined>>();
assert<Equal<WaGroupsError["body"], string | undefined>>();
assert<Equal<WaGroupsError["name"], "WaGroupsError">>();
assert<Equal<WaGroupsError["message"], string>>();
assert<Equal<ReturnType<WaGroupsError["toJSON"]>, { name: "WaGroupsError"; message: string } & WaGroupsErrorDetails>>();

// Inputs.
assert<Equal<CreateGroupInput, { name: string; participants: string[]; autoInvite?: boolean; description?: string; photo?: string; communityId?: string; settings?: GroupSettings }>>();
assert<Equal<Page, { page?: number; pageSize?: number }>>();
assert<Equal<GroupSettings, { onlyAdminsCanSend?: boolean; onlyAdminsCanEditInfo?: boolean; requireAdminApproval?: boolean; onlyAdminsCanAddMembers?: boolean }>>();
assert<Equal<CreateCommunityInput, { name: string; description?: string; groupIds?: string[]; photo?: string; requireApproval?: boolean }>>();
assert<Equal<CommunitySettings, { whoCanAddGroups: "admins" | "all" }>>();

// Results.
assert<Equal<CreatedGroup, { groupId: string; invitationLink: string | null; notAdded: string[] }>>();
assert<Equal<InvitationLink, { groupId: string; invitationLink: string }>>();
assert<Equal<GroupFailure, { groupId: string; reason: string | null }>>();
assert<Equal<LinkResult, { communityId: string; linked: string[]; failed: GroupFailure[] }>>();
assert<Equal<UnlinkResult, { communityId: string; unlinked: string[]; failed: GroupFailure[] }>>();
assert<Equal<GroupSummary, { groupId: string; name: string | null }>>();
assert<Equal<GroupList, { groups: GroupSummary[]; page: number | null; hasMore: boolean | null }>>();
assert<Equal<Participant, { phone: string; isAdmin: boolean; isSuperAdmin: boolean }>>();
assert<Equal<GroupSettingsState, { onlyAdminsCanSend: boolean | null; onlyAdminsCanEditInfo: boolean | null; requireAdminApproval: boolean | null; onlyAdminsCanAddMembers: boolean | null }>>();
assert<
  Equal<
    GroupMetadata,
    {
      groupId: string;
      name: string | null;
      description: string | null;
      owner: string | null;
      createdAt: number | null;
      invitationLink: string | null;
      invitationLinkError: string | null;
      communityId: string | null;
      isAnnouncements: boolean;
      settings: GroupSettingsState;
      participants: Participant[];
    }
  >
>();
assert<
  Equal<
    InvitationInfo,
    {
      groupId: string;
      name: string | null;
      description: string | null;
      owner: string | null;
      createdAt: number | null;
      participantsCount: number | null;
      participants: Participant[];
    }
  >
>();
assert<Equal<JoinResult, { groupId: string | null; requiresApproval: boolean | null }>>();
assert<Equal<ParticipantFailure, { phone: string; reason: string | null }>>();
assert<Equal<ParticipantsResult, { groupId: string; succeeded: string[]; failed: ParticipantFailure[] }>>();
assert<Equal<GroupUpdate, { groupId: string }>>();
assert<Equal<CommunityUpdate, { communityId: string }>>();
assert<Equal<CommunityInvitationLink, { communityId: string; invitationLink: string }>>();
assert<Equal<CreatedCommunity, { communityId: string; isCommunity: boolean; announcementsGroupId: string | null; linked: string[]; failed: GroupFailure[] }>>();
assert<Equal<CommunitySummary, { communityId: string; name: string | null }>>();
assert<Equal<CommunityList, { communities: CommunitySummary[]; page: number | null; hasMore: boolean | null }>>();
assert<Equal<Subgroup, { groupId: string; name: string | null; isAnnouncements: boolean }>>();
assert<Equal<CommunityMetadata, { communityId: string; name: string | null; description: string | null; subgroups: Subgroup[] }>>();
assert<Equal<SubgroupList, { communityId: string; subgroups: Subgroup[] }>>();
assert<Equal<PendingRequest, { id: string; phone: string | null; requestedAt: number | null }>>();
assert<Equal<PendingRequestList, { groupId: string; requests: PendingRequest[] }>>();
assert<Equal<CommunityParticipantsResult, { communityId: string; succeeded: string[]; failed: ParticipantFailure[] }>>();
assert<Equal<GroupAddPrivacy, { who: "everyone" | "contacts" | "contactsExcept"; exceptAdd?: string[]; exceptRemove?: string[] }>>();
assert<Equal<GroupAddPrivacyResult, { who: "everyone" | "contacts" | "contactsExcept" }>>();
assert<Equal<RyzeEventType, "message.exchange" | "message.status" | "call.update" | "group.flow" | "instance.state" | "label.update">>();
assert<Equal<WebhookInput, { url: string; events?: RyzeEventType[]; authorization?: string; label?: string }>>();
assert<Equal<WebhookSetting, { url: string; label: string | null; events: RyzeEventType[] | null; hasAuthorization: boolean }>>();

// Every operation: its `Call` (fields exactly), its result, and the Client method of the
// same name with its parameters and its promise.
type CallOf<K extends Call["op"]> = Simplify<Extract<Call, { op: K }>>;
assert<Equal<Call["op"], keyof CallResults>>();
assert<
  Equal<
    { [K in Call["op"]]: CallOf<K> },
    {
      createGroup: {
        op: "createGroup";
        name: string;
        participants: string[];
        autoInvite?: boolean;
        description?: string;
        photo?: string;
        communityId?: string;
        settings?: GroupSettings;
      };
      getInvitationLink: { op: "getInvitationLink"; groupId: string };
      linkGroups: { op: "linkGroups"; communityId: string; groupIds: string[] };
      unlinkGroups: { op: "unlinkGroups"; communityId: string; groupIds: string[] };
      listGroups: { op: "listGroups"; page?: number; pageSize?: number };
      getGroupMetadata: { op: "getGroupMetadata"; groupId: string };
      getGroupMetadataLight: { op: "getGroupMetadataLight"; groupId: string };
      getInvitationInfo: { op: "getInvitationInfo"; link: string };
      resetInvitationLink: { op: "resetInvitationLink"; groupId: string };
      joinGroup: { op: "joinGroup"; link: string };
      addParticipants: { op: "addParticipants"; groupId: string; phones: string[]; autoInvite?: boolean };
      removeParticipants: { op: "removeParticipants"; groupId: string; phones: string[] };
      promoteParticipants: { op: "promoteParticipants"; groupId: string; phones: string[] };
      demoteParticipants: { op: "demoteParticipants"; groupId: string; phones: string[] };
      approveParticipants: { op: "approveParticipants"; groupId: string; phones: string[] };
      rejectParticipants: { op: "rejectParticipants"; groupId: string; phones: string[] };
      updateGroupName: { op: "updateGroupName"; groupId: string; name: string };
      updateGroupDescription: { op: "updateGroupDescription"; groupId: string; description: string };
      updateGroupPhoto: { op: "updateGroupPhoto"; groupId: string; photo: string };
      updateGroupSettings: { op: "updateGroupSettings"; groupId: string; settings: GroupSettings };
      removeGroupPhoto: { op: "removeGroupPhoto"; groupId: string };
      listPendingRequests: { op: "listPendingRequests"; groupId: string };
      leaveGroup: { op: "leaveGroup"; groupId: string };
      createCommunity: { op: "createCommunity"; name: string; description?: string; groupIds?: string[]; photo?: string; requireApproval?: boolean };
      listCommunities: { op: "listCommunities"; page?: number; pageSize?: number };
      getCommunityMetadata: { op: "getCommunityMetadata"; communityId: string };
      listSubgroups: { op: "listSubgroups"; communityId: string };
      resetCommunityInvitationLink: { op: "resetCommunityInvitationLink"; communityId: string };
      updateCommunitySettings: { op: "updateCommunitySettings"; communityId: string; whoCanAddGroups: "admins" | "all" };
      updateCommunityDescription: { op: "updateCommunityDescription"; communityId: string; description: string };
      deactivateCommunity: { op: "deactivateCommunity"; communityId: string };
      updateCommunityPhoto: { op: "updateCommunityPhoto"; communityId: string; photo: string };
      addCommunityParticipants: { op: "addCommunityParticipants"; communityId: string; phones: string[]; autoInvite?: boolean };
      removeCommunityParticipants: { op: "removeCommunityParticipants"; communityId: string; phones: string[] };
      promoteCommunityParticipants: { op: "promoteCommunityParticipants"; communityId: string; phones: string[] };
      demoteCommunityParticipants: { op: "demoteCommunityParticipants"; communityId: string; phones: string[] };
      setGroupAddPrivacy: { op: "setGroupAddPrivacy"; who: "everyone" | "contacts" | "contactsExcept"; exceptAdd?: string[]; exceptRemove?: string[] };
      setWebhook: { op: "setWebhook"; url: string; events?: RyzeEventType[]; authorization?: string; label?: string };
    }
  >
>();
assert<
  Equal<
    CallResults,
    {
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
    }
  >
>();
// A method per operation and nothing else public; each resolves to its operation's result.
assert<Equal<keyof Client, "provider" | "batch" | "call" | "free" | keyof CallResults>>();
// The generic form: the operation's name, its input without `op`, its result.
assert<Equal<ReturnType<typeof callLink>, Promise<LinkResult>>>();
// A listing's Promise is also async-iterable over its items (for await, page after page).
type Listing = "listGroups" | "listCommunities" | "listSubgroups" | "listPendingRequests";
assert<Equal<{ [K in Exclude<keyof CallResults, Listing>]: ReturnType<Client[K]> }, { [K in Exclude<keyof CallResults, Listing>]: Promise<CallResults[K]> }>>();
assert<
  Equal<
    { [K in Listing]: ReturnType<Client[K]> },
    {
      listGroups: ListPromise<GroupList, GroupSummary>;
      listCommunities: ListPromise<CommunityList, CommunitySummary>;
      listSubgroups: ListPromise<SubgroupList, Subgroup>;
      listPendingRequests: ListPromise<PendingRequestList, PendingRequest>;
    }
  >
>();
export async function everyGroup(c: Client, signal: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  for await (const g of c.listGroups({ pageSize: 50 }, { signal })) {
    assert<Equal<typeof g, GroupSummary>>();
    ids.push(g.groupId);
  }
  // Awaited, the same call is the first page.
  const first: GroupList = await c.listGroups();
  assert<Equal<typeof first.groups, GroupSummary[]>>();
  return ids;
}
assert<
  Equal<
    { [K in keyof CallResults]: Parameters<Client[K]> },
    {
      createGroup: [input: CreateGroupInput, opts?: CreateOptions];
      getInvitationLink: [groupId: string, opts?: CallOptions];
      linkGroups: [communityId: string, groupIds: string[], opts?: CallOptions];
      unlinkGroups: [communityId: string, groupIds: string[], opts?: CallOptions];
      listGroups: [page?: Page, opts?: CallOptions];
      getGroupMetadata: [groupId: string, opts?: CallOptions];
      getGroupMetadataLight: [groupId: string, opts?: CallOptions];
      getInvitationInfo: [link: string, opts?: CallOptions];
      resetInvitationLink: [groupId: string, opts?: CallOptions];
      joinGroup: [link: string, opts?: CallOptions];
      addParticipants: [groupId: string, phones: string[], opts?: AddParticipantsOptions];
      removeParticipants: [groupId: string, phones: string[], opts?: CallOptions];
      promoteParticipants: [groupId: string, phones: string[], opts?: CallOptions];
      demoteParticipants: [groupId: string, phones: string[], opts?: CallOptions];
      approveParticipants: [groupId: string, phones: string[], opts?: CallOptions];
      rejectParticipants: [groupId: string, phones: string[], opts?: CallOptions];
      updateGroupName: [groupId: string, name: string, opts?: CallOptions];
      updateGroupDescription: [groupId: string, description: string, opts?: CallOptions];
      updateGroupPhoto: [groupId: string, photo: string, opts?: CallOptions];
      updateGroupSettings: [groupId: string, settings: GroupSettings, opts?: CallOptions];
      removeGroupPhoto: [groupId: string, opts?: CallOptions];
      listPendingRequests: [groupId: string, opts?: CallOptions];
      leaveGroup: [groupId: string, opts?: CallOptions];
      createCommunity: [input: CreateCommunityInput, opts?: CreateOptions];
      listCommunities: [page?: Page, opts?: CallOptions];
      getCommunityMetadata: [communityId: string, opts?: CallOptions];
      listSubgroups: [communityId: string, opts?: CallOptions];
      resetCommunityInvitationLink: [communityId: string, opts?: CallOptions];
      updateCommunitySettings: [communityId: string, settings: CommunitySettings, opts?: CallOptions];
      updateCommunityDescription: [communityId: string, description: string, opts?: CallOptions];
      deactivateCommunity: [communityId: string, opts?: CallOptions];
      updateCommunityPhoto: [communityId: string, photo: string, opts?: CallOptions];
      addCommunityParticipants: [communityId: string, phones: string[], opts?: AddParticipantsOptions];
      removeCommunityParticipants: [communityId: string, phones: string[], opts?: CallOptions];
      promoteCommunityParticipants: [communityId: string, phones: string[], opts?: CallOptions];
      demoteCommunityParticipants: [communityId: string, phones: string[], opts?: CallOptions];
      setGroupAddPrivacy: [settings: GroupAddPrivacy, opts?: CallOptions];
      setWebhook: [webhook: WebhookInput, opts?: CallOptions];
    }
  >
>();
assert<Equal<ConstructorParameters<typeof Client>, [options: ClientOptions]>>();
assert<Equal<Client["provider"], Provider>>();
assert<Equal<Client["free"], () => void>>();

// batch: one outcome per call, typed by the calls' operations.
assert<Equal<BatchProgress, { done: number; total: number; fulfilled: number; rejected: number; settled?: { index: number; outcome: BatchOutcomes<Call["op"]> }; rateLimitWaitMs?: number }>>();
assert<Equal<BatchOptions, { concurrency?: number; onProgress?: (progress: BatchProgress) => void; signal?: AbortSignal }>>();
assert<
  Equal<
    BatchOutcome<GroupUpdate>,
    { op: Call["op"]; status: "fulfilled"; value: GroupUpdate } | { op: Call["op"]; status: "rejected"; reason: WaGroupsError } | { op: Call["op"]; status: "not_started" }
  >
>();
assert<Equal<BatchOutcomes<"leaveGroup" | "getInvitationLink">, BatchOutcome<GroupUpdate, "leaveGroup"> | BatchOutcome<InvitationLink, "getInvitationLink">>>();
assert<Equal<Parameters<Client["batch"]>, [calls: readonly Call[], options?: BatchOptions]>>();
assert<Equal<ReturnType<Client["batch"]>, Promise<BatchOutcomes<Call["op"]>[]>>>();
declare const aClient: Client;
assert<Equal<ReturnType<typeof aClient.batch<"leaveGroup">>, Promise<BatchOutcome<GroupUpdate, "leaveGroup">[]>>>();

// The core without I/O.
assert<Equal<HttpRequest, { method: string; url: string; headers: Record<string, string>; body: string | null }>>();
assert<Equal<HttpResponse, { status: number; headers?: Record<string, string> | Headers; body: string }>>();
assert<Equal<BuildOptions, { redact?: boolean }>>();
assert<Equal<Parameters<typeof validate>, [config: ClientConfig, call: Call]>>();
assert<Equal<ReturnType<typeof validate>, Issue[]>>();
assert<Equal<Parameters<typeof buildRequest>, [config: ClientConfig, call: Call, options?: BuildOptions]>>();
assert<Equal<ReturnType<typeof buildRequest>, HttpRequest>>();
assert<Equal<Parameters<typeof parseResponse>, [config: ClientConfig, call: Call, response: HttpResponse]>>();
// parseResponse's result follows the call's `op`, for every operation.
assert<Equal<{ [K in Call["op"]]: ReturnType<typeof parseResponse<K>> }, CallResults>>();
assert<Equal<ReturnType<typeof parseResponse>, CallResults[Call["op"]]>>();

// Webhooks.
assert<
  Equal<
    GroupWebhookEvent,
    {
      type: "group_created" | "participants_added" | "participants_removed" | "participant_left" | "membership_requested" | "membership_request_revoked" | "member_link_property_updated";
      provider: Provider;
      groupId: string;
      participants: string[];
      name?: string | null;
      method?: string | null;
      addedBy?: string | null;
      linkMode?: "ADMIN_LINK" | "ALL_MEMBER_LINK" | (string & {}) | null;
      by?: string | null;
      at: number | null;
      notification: string;
    }
  >
>();
assert<Equal<OtherWebhookEvent, { type: "other"; provider: Provider; raw: unknown }>>();
assert<Equal<WebhookEvent, GroupWebhookEvent | OtherWebhookEvent>>();
assert<Equal<Parameters<typeof parseWebhook>, [provider: Provider, body: string | object]>>();
assert<Equal<ReturnType<typeof parseWebhook>, WebhookEvent>>();
assert<Equal<Parameters<typeof verifyWebhookAuthorization>, [received: string | null | undefined, expected: string]>>();
assert<Equal<ReturnType<typeof verifyWebhookAuthorization>, boolean>>();

// No `any` anywhere a user touches (Equal above already tells `any` apart; these say so).
assert<Not<IsAny<ReturnType<typeof parseResponse>>>>();
assert<Not<IsAny<Parameters<typeof parseResponse>[2]>>>();
assert<Not<IsAny<Parameters<typeof validate>[1]>>>();
assert<Not<IsAny<HttpResponse["headers"]>>>();
assert<Not<IsAny<ConstructorParameters<typeof WaGroupsError>[1]>>>();
assert<Not<IsAny<ConstructorParameters<typeof Client>[0]>>>();
assert<Not<IsAny<Awaited<ReturnType<Client["batch"]>>[number]>>>();
assert<Not<IsAny<ReturnType<typeof parseWebhook>>>>();
assert<Not<IsAny<Parameters<typeof parseWebhook>[1]>>>();

// ---- the API, used -----------------------------------------------------------------------
const options: ClientOptions = {
  provider: "zapi",
  instance: "3D1A5B7C9E0F",
  token: "instance-token",
  clientToken: "account-token",
  baseUrl: "http://127.0.0.1:8080",
  fetch: (input, init) => fetch(input, init),
  timeoutMs: 10_000,
  maxRetries: 3,
  retryUnsafe: false,
  rateLimit: { requests: 60, intervalMs: 60_000 },
};
// rateLimit's other forms.
export const perMinute: ClientOptions = { provider: "ryze", instance: "sim-shop", token: "instance-token", rateLimit: 100, maxRetries: 0 };
export const unlimited: ClientOptions = { provider: "ryze", instance: "sim-shop", token: "instance-token", rateLimit: false, retryUnsafe: true };
export const perHour: ClientOptions["rateLimit"] = { requests: 1000 };

export async function groups(client: Client, signal: AbortSignal): Promise<string[]> {
  const callOptions: CallOptions = { signal };
  const provider: Provider = client.provider;
  const input: CreateGroupInput = { name: "Turma E", participants: ["+55 (11) 98888-7777"], autoInvite: true };

  const created = await client.createGroup(input, callOptions);
  assert<Equal<typeof created, CreatedGroup>>();
  const link = await client.getInvitationLink(created.groupId);
  assert<Equal<typeof link, InvitationLink>>();
  const linked = await client.linkGroups("120363400000000001", [created.groupId], callOptions);
  assert<Equal<typeof linked, LinkResult>>();
  const unlinked = await client.unlinkGroups("120363400000000001", linked.linked);
  assert<Equal<typeof unlinked, UnlinkResult>>();
  const failures: GroupFailure[] = [...linked.failed, ...unlinked.failed];

  const page: Page = { page: 2, pageSize: 50 };
  const list = await client.listGroups(page, callOptions);
  assert<Equal<typeof list, GroupList>>();
  const everyGroup: GroupList = await client.listGroups();
  const first: GroupSummary | undefined = list.groups[0];
  const metadata = await client.getGroupMetadata(created.groupId, callOptions);
  assert<Equal<typeof metadata, GroupMetadata>>();
  const light = await client.getGroupMetadataLight(created.groupId);
  assert<Equal<typeof light, GroupMetadata>>();
  const state: GroupSettingsState = metadata.settings;
  const admins: Participant[] = metadata.participants.filter((p) => p.isAdmin || p.isSuperAdmin);
  const info = await client.getInvitationInfo(link.invitationLink, callOptions);
  assert<Equal<typeof info, InvitationInfo>>();
  const reset = await client.resetInvitationLink(created.groupId, callOptions);
  assert<Equal<typeof reset, InvitationLink>>();
  const joined = await client.joinGroup("https://chat.whatsapp.com/AbCdEfGhIjK", callOptions);
  assert<Equal<typeof joined, JoinResult>>();

  const addOptions: AddParticipantsOptions = { signal, autoInvite: true };
  const added = await client.addParticipants(created.groupId, ["5511977776666"], addOptions);
  assert<Equal<typeof added, ParticipantsResult>>();
  const participantResults: ParticipantsResult[] = [
    added,
    await client.addParticipants(created.groupId, ["5511977776666"], callOptions),
    await client.removeParticipants(created.groupId, ["5511977776666"], callOptions),
    await client.promoteParticipants(created.groupId, ["5511977776666"]),
    await client.demoteParticipants(created.groupId, ["5511977776666"]),
    await client.approveParticipants(created.groupId, ["5511977776666"]),
    await client.rejectParticipants(created.groupId, ["5511977776666"], callOptions),
  ];
  const refused: ParticipantFailure[] = participantResults.flatMap((r) => r.failed);

  const settings: GroupSettings = { onlyAdminsCanSend: true, onlyAdminsCanEditInfo: true, requireAdminApproval: false, onlyAdminsCanAddMembers: true };
  const updates: GroupUpdate[] = [
    await client.updateGroupName(created.groupId, "Turma E (2025)", callOptions),
    await client.updateGroupDescription(created.groupId, ""),
    await client.updateGroupPhoto(created.groupId, "https://example.com/photo.png", callOptions),
    await client.updateGroupSettings(created.groupId, settings, callOptions),
    await client.updateGroupSettings(created.groupId, { requireAdminApproval: true }),
    await client.leaveGroup(created.groupId, callOptions),
  ];
  assert<Equal<Awaited<ReturnType<Client["updateGroupSettings"]>>, GroupUpdate>>();

  return [
    provider,
    link.invitationLink,
    created.invitationLink ?? "",
    ...created.notAdded,
    String(failures.length),
    String(everyGroup.hasMore),
    first?.name ?? "",
    String(list.page),
    String(state.onlyAdminsCanSend),
    ...admins.map((p) => p.phone),
    String(info.participantsCount),
    reset.invitationLink,
    joined.groupId ?? "",
    String(joined.requiresApproval),
    ...refused.map((f) => `${f.phone}: ${f.reason ?? ""}`),
    ...participantResults.flatMap((r) => r.succeeded),
    ...updates.map((u) => u.groupId),
    light.invitationLink ?? "",
  ];
}

export async function communities(client: Client, signal: AbortSignal): Promise<string[]> {
  const callOptions: CallOptions = { signal };
  const communityInput: CreateCommunityInput = { name: "Escola", description: "Avisos", groupIds: ["120363400000000004"] };
  const community = await client.createCommunity(communityInput, callOptions);
  assert<Equal<typeof community, CreatedCommunity>>();
  const list = await client.listCommunities({ pageSize: 10 }, callOptions);
  assert<Equal<typeof list, CommunityList>>();
  const all: CommunityList = await client.listCommunities();
  const summary: CommunitySummary | undefined = all.communities[0];
  const metadata = await client.getCommunityMetadata(community.communityId, callOptions);
  assert<Equal<typeof metadata, CommunityMetadata>>();
  const subgroups = await client.listSubgroups(community.communityId);
  assert<Equal<typeof subgroups, SubgroupList>>();
  const announcements: Subgroup | undefined = subgroups.subgroups.find((s) => s.isAnnouncements);
  const communitySettings: CommunitySettings = { whoCanAddGroups: "admins" };
  const updates: CommunityUpdate[] = [
    await client.updateCommunitySettings(community.communityId, communitySettings, callOptions),
    await client.updateCommunitySettings(community.communityId, { whoCanAddGroups: "all" }),
    await client.updateCommunityDescription(community.communityId, "Avisos da escola", callOptions),
    await client.deactivateCommunity(community.communityId),
  ];
  assert<Equal<Awaited<ReturnType<Client["deactivateCommunity"]>>, CommunityUpdate>>();
  // An operation a provider lacks (RyzeAPI has no listCommunities) is still type-correct:
  // it rejects at run time with kind "unsupported", nothing sent.
  const ryze = new Client({ provider: "ryze", instance: "sim-shop", token: "instance-token" });
  try {
    await ryze.listCommunities();
  } catch (e: unknown) {
    if (e instanceof WaGroupsError && e.kind === "unsupported") ryze.free();
  }
  return [
    community.communityId,
    String(community.isCommunity),
    community.announcementsGroupId ?? "",
    ...community.linked,
    ...community.failed.map((f) => f.groupId),
    summary?.communityId ?? "",
    String(list.hasMore),
    metadata.name ?? "",
    metadata.description ?? "",
    ...metadata.subgroups.map((s) => s.groupId),
    announcements?.name ?? "",
    ...updates.map((u) => u.communityId),
  ];
}

export async function batches(client: Client, signal: AbortSignal): Promise<string[]> {
  const seen: BatchProgress[] = [];
  const batchOptions: BatchOptions = { concurrency: 2, onProgress: (p) => void seen.push(p), signal };

  // Mixed operations: each outcome's value is one of their results.
  const mixed = await client.batch(
    [
      { op: "getInvitationLink", groupId: "120363400000000004" },
      { op: "leaveGroup", groupId: "120363400000000005" },
    ],
    batchOptions,
  );
  assert<Equal<typeof mixed, BatchOutcomes<"getInvitationLink" | "leaveGroup">[]>>();
  const out: string[] = [];
  for (const outcome of mixed) {
    switch (outcome.status) {
      case "fulfilled": {
        assert<Equal<typeof outcome, { op: "getInvitationLink"; status: "fulfilled"; value: InvitationLink } | { op: "leaveGroup"; status: "fulfilled"; value: GroupUpdate }>>();
        // `op` narrows the value to that operation's result.
        if (outcome.op === "getInvitationLink") {
          assert<Equal<typeof outcome.value, InvitationLink>>();
          out.push(outcome.value.invitationLink);
        } else {
          assert<Equal<typeof outcome.value, GroupUpdate>>();
          out.push(outcome.value.groupId);
        }
        break;
      }
      case "rejected": {
        assert<Equal<typeof outcome, { op: "getInvitationLink"; status: "rejected"; reason: WaGroupsError } | { op: "leaveGroup"; status: "rejected"; reason: WaGroupsError }>>();
        const kind: ErrorKind = outcome.reason.kind;
        out.push(kind, outcome.reason.message);
        break;
      }
      case "not_started": {
        assert<Equal<typeof outcome, { op: "getInvitationLink"; status: "not_started" } | { op: "leaveGroup"; status: "not_started" }>>();
        out.push("not started");
        break;
      }
      default: {
        const never: never = outcome;
        out.push(String(never));
      }
    }
  }

  // One operation over many ids: the values are exactly its result.
  const ids = ["120363400000000004", "120363400000000005"];
  const links = await client.batch(ids.map((groupId) => ({ op: "getInvitationLink" as const, groupId })));
  assert<Equal<typeof links, BatchOutcome<InvitationLink, "getInvitationLink">[]>>();
  for (const o of links) if (o.status === "fulfilled") out.push(o.value.invitationLink);

  // A list typed as Call[]: the values are any operation's result.
  const calls: Call[] = [
    { op: "createGroup", name: "Turma F", participants: ["5511977776666"], autoInvite: false },
    { op: "getInvitationLink", groupId: "120363400000000004" },
    { op: "linkGroups", communityId: "120363400000000001", groupIds: ["120363400000000004"] },
    { op: "unlinkGroups", communityId: "120363400000000001", groupIds: ["120363400000000004"] },
    { op: "listGroups" },
    { op: "listGroups", page: 2, pageSize: 10 },
    { op: "getGroupMetadata", groupId: "120363400000000004" },
    { op: "getGroupMetadataLight", groupId: "120363400000000004" },
    { op: "getInvitationInfo", link: "https://chat.whatsapp.com/AbCdEfGhIjK" },
    { op: "resetInvitationLink", groupId: "120363400000000004" },
    { op: "joinGroup", link: "AbCdEfGhIjK" },
    { op: "addParticipants", groupId: "120363400000000004", phones: ["5511977776666"], autoInvite: true },
    { op: "removeParticipants", groupId: "120363400000000004", phones: ["5511977776666"] },
    { op: "promoteParticipants", groupId: "120363400000000004", phones: ["5511977776666"] },
    { op: "demoteParticipants", groupId: "120363400000000004", phones: ["5511977776666"] },
    { op: "approveParticipants", groupId: "120363400000000004", phones: ["5511977776666"] },
    { op: "rejectParticipants", groupId: "120363400000000004", phones: ["5511977776666"] },
    { op: "updateGroupName", groupId: "120363400000000004", name: "Turma B" },
    { op: "updateGroupDescription", groupId: "120363400000000004", description: "" },
    { op: "updateGroupPhoto", groupId: "120363400000000004", photo: "data:image/png;base64,iVBORw0KGgo=" },
    { op: "updateGroupSettings", groupId: "120363400000000004", settings: { onlyAdminsCanSend: false } },
    { op: "leaveGroup", groupId: "120363400000000004" },
    { op: "createCommunity", name: "Escola" },
    { op: "listCommunities", pageSize: 5 },
    { op: "getCommunityMetadata", communityId: "120363400000000001" },
    { op: "listSubgroups", communityId: "120363400000000001" },
    { op: "updateCommunitySettings", communityId: "120363400000000001", whoCanAddGroups: "all" },
    { op: "updateCommunityDescription", communityId: "120363400000000001", description: "Avisos" },
    { op: "deactivateCommunity", communityId: "120363400000000001" },
  ];
  const every = await client.batch(calls);
  assert<Equal<typeof every, BatchOutcomes<Call["op"]>[]>>();
  const fulfilled = every.filter((o): o is Extract<BatchOutcomes<Call["op"]>, { status: "fulfilled" }> => o.status === "fulfilled");
  out.push(String(fulfilled.length), String(await client.batch([]).then((r) => r.length)));
  const last: BatchProgress | undefined = seen[seen.length - 1];
  out.push(`${last?.done}/${last?.total}: ${last?.fulfilled} ok, ${last?.rejected} failed`);
  return out;
}

export function webhooks(body: string, parsedBody: object): string[] {
  const event = parseWebhook("zapi", body);
  assert<Equal<typeof event, WebhookEvent>>();
  const fromObject: WebhookEvent = parseWebhook("ryze", parsedBody);
  const out: string[] = [fromObject.provider];
  if (event.type === "other") {
    assert<Equal<typeof event, OtherWebhookEvent>>();
    const raw: unknown = event.raw;
    out.push(typeof raw);
  } else {
    assert<Equal<typeof event, GroupWebhookEvent>>();
    const group: GroupWebhookEvent = event;
    out.push(group.groupId, ...group.participants, group.notification, String(group.at));
  }
  switch (fromObject.type) {
    case "group_created":
      out.push(fromObject.name ?? "");
      break;
    case "membership_requested":
      out.push(fromObject.method ?? "");
      break;
    case "participants_added":
    case "participants_removed":
    case "participant_left":
    case "membership_request_revoked":
    case "member_link_property_updated":
      out.push(...fromObject.participants);
      break;
    case "other":
      assert<Equal<typeof fromObject, OtherWebhookEvent>>();
      out.push(JSON.stringify(fromObject.raw));
      break;
    default: {
      const never: never = fromObject;
      out.push(String(never));
    }
  }
  return out;
}

export async function core(signal: AbortSignal, someCall: Call): Promise<string[]> {
  const config: ClientConfig = { provider: "ryze", instance: "sim-shop", token: "instance-token", baseUrl: "http://127.0.0.1:8080" };
  const call: Call = { op: "linkGroups", communityId: "120363400000000001", groupIds: ["120363400000000004"] };
  const issues: Issue[] = validate(config, call);
  const build: BuildOptions = { redact: true };
  const request: HttpRequest = buildRequest(config, call, build);
  const unredacted: HttpRequest = buildRequest(config, { op: "listSubgroups", communityId: "120363400000000001" });
  const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal });
  const response: HttpResponse = { status: res.status, headers: res.headers, body: await res.text() };
  const plain: HttpResponse = { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
  const bare: HttpResponse = { status: 200, body: "{}" };

  // parseResponse's result follows the call's `op`.
  const parsed = parseResponse(config, { op: "linkGroups", communityId: "1", groupIds: ["2"] }, response);
  assert<Equal<typeof parsed, LinkResult>>();
  const asLink: CallResults["getInvitationLink"] = parseResponse(config, { op: "getInvitationLink", groupId: "x" }, plain);
  const listed = parseResponse(config, { op: "listGroups", page: 1 }, bare);
  assert<Equal<typeof listed, GroupList>>();
  const joined = parseResponse(config, { op: "joinGroup", link: "AbCdEfGhIjK" }, plain);
  assert<Equal<typeof joined, JoinResult>>();
  const settings = parseResponse(config, { op: "updateCommunitySettings", communityId: "1", whoCanAddGroups: "admins" }, plain);
  assert<Equal<typeof settings, CommunityUpdate>>();
  const created = parseResponse(config, { op: "createCommunity", name: "Escola", groupIds: ["2"] }, plain);
  assert<Equal<typeof created, CreatedCommunity>>();
  const participants = parseResponse(config, { op: "approveParticipants", groupId: "2", phones: ["5511977776666"] }, plain);
  assert<Equal<typeof participants, ParticipantsResult>>();
  // A call typed only as `Call` (not narrowed by an assignment) gives any operation's result.
  const anyResult = parseResponse(config, someCall, response);
  assert<Equal<typeof anyResult, CallResults[Call["op"]]>>();
  if ("linked" in anyResult && "isCommunity" in anyResult) assert<Equal<typeof anyResult, CreatedCommunity>>();

  // Errors: every rejection is a WaGroupsError.
  const client = new Client(options);
  try {
    await client.getInvitationLink("120363400000000004", { signal });
  } catch (e: unknown) {
    if (e instanceof WaGroupsError) {
      const kind: ErrorKind = e.kind;
      const details: WaGroupsErrorDetails = e;
      const json = e.toJSON();
      const fields = (e.issues ?? []).map((i: Issue) => `${i.field}: ${i.message}`);
      const base: Error = e;
      return [kind, details.operation ?? "", json.name, json.kind, base.message, String(e.status), String(e.retryAfterMs), e.body ?? "", e.provider ?? "", ...fields];
    }
  } finally {
    client.free();
  }
  const made = new WaGroupsError("boom", { kind: "rate_limited", retryAfterMs: 1000, provider: "ryze", operation: "linkGroups", status: 429, issues: [], body: "{}" });
  const bug = new WaGroupsError("bug", { kind: "internal" });
  const none = new WaGroupsError("no endpoint", { kind: "unsupported", provider: "ryze", operation: "listCommunities" });
  return [
    String(issues.length),
    unredacted.url,
    String(asLink.groupId),
    String(listed.hasMore),
    String(joined.requiresApproval),
    settings.communityId,
    created.communityId,
    ...participants.succeeded,
    JSON.stringify(anyResult),
    made.kind,
    bug.kind,
    none.kind,
    parsed.communityId,
  ];
}

// ---- mistakes the types must catch ---------------------------------------------------------
// @ts-expect-error: an unknown provider
export const badProvider: Provider = "whatsapp";
// @ts-expect-error: an unknown error kind
export const badKind: ErrorKind = "oops";
// @ts-expect-error: fetch and timeoutMs are not part of ClientConfig
export const badConfig: ClientConfig = { provider: "zapi", instance: "i", token: "t", timeoutMs: 5 };
// @ts-expect-error: timeoutMs is a number
export const badTimeout: ClientOptions = { provider: "zapi", instance: "i", token: "t", timeoutMs: "5" };
// @ts-expect-error: maxRetries is a number
export const badRetries: ClientOptions = { provider: "zapi", instance: "i", token: "t", maxRetries: "2" };
// @ts-expect-error: rateLimit is false, a number or {requests, intervalMs}; never true
export const badRateLimit: ClientOptions = { provider: "ryze", instance: "i", token: "t", rateLimit: true };
// @ts-expect-error: rateLimit as an object needs `requests`
export const badRateObject: ClientOptions = { provider: "ryze", instance: "i", token: "t", rateLimit: { intervalMs: 1000 } };
// @ts-expect-error: an operation that does not exist
export const badCall: Call = { op: "deleteGroup", groupId: "x" };
// @ts-expect-error: "everyone" is not a whoCanAddGroups value (flat in the Call)
export const badCommunityCall: Call = { op: "updateCommunitySettings", communityId: "1", whoCanAddGroups: "everyone" };
// @ts-expect-error: a settings key that does not exist
export const badSettings: GroupSettings = { onlyAdminCanSend: true };
// @ts-expect-error: the whoCanAddGroups values are "admins" and "all"
export const badCommunitySettings: CommunitySettings = { whoCanAddGroups: "members" };
// @ts-expect-error: parseWebhook takes a Provider
export const badWebhook = parseWebhook("whatsapp", "{}");
export function misuse(client: Client, event: WebhookEvent, outcome: BatchOutcome<GroupUpdate>): void {
  // @ts-expect-error: groupIds is missing
  void client.linkGroups("120363400000000001");
  // @ts-expect-error: groupIds are strings
  void client.unlinkGroups("120363400000000001", [120363400000000004]);
  // @ts-expect-error: the result of a link call has no `unlinked`
  void client.linkGroups("1", ["2"]).then((r) => r.unlinked);
  // @ts-expect-error: an error needs its details
  void new WaGroupsError("boom");
  // @ts-expect-error: page numbers are numbers
  void client.listGroups({ page: "2" });
  // @ts-expect-error: phones are a list
  void client.addParticipants("120363400000000004", "5511977776666");
  // @ts-expect-error: autoInvite is only an option of addParticipants
  void client.removeParticipants("120363400000000004", ["5511977776666"], { autoInvite: true });
  // @ts-expect-error: a settings key that does not exist
  void client.updateGroupSettings("120363400000000004", { onlyAdminCanSend: true });
  // @ts-expect-error: "everyone" is not a whoCanAddGroups value
  void client.updateCommunitySettings("120363400000000001", { whoCanAddGroups: "everyone" });
  // @ts-expect-error: a community needs a name
  void client.createCommunity({ description: "x" });
  // @ts-expect-error: a joined group's id may be unknown (null)
  void client.joinGroup("AbCdEfGhIjK").then((r): string => r.groupId);
  // @ts-expect-error: an operation that does not exist, in a batch
  void client.batch([{ op: "deleteGroup", groupId: "x" }]);
  // @ts-expect-error: a batch call missing a field
  void client.batch([{ op: "leaveGroup" }]);
  // @ts-expect-error: concurrency is a number
  void client.batch([], { concurrency: "4" });
  // @ts-expect-error: an outcome has a value only once narrowed to "fulfilled"
  void outcome.value;
  // @ts-expect-error: an event has `raw` only once narrowed to "other"
  void event.raw;
  // @ts-expect-error: an event has `groupId` only once narrowed to a group event
  void event.groupId;
}
