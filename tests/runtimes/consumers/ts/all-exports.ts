// Every export and every type of wa-groups' index.d.ts, used the way a TypeScript user
// would. Must compile under `tsc --strict --noEmit`, with moduleResolution bundler and
// nodenext. The type assertions below fail the compile if a type loosens (e.g. to `any`)
// or drifts from the contract; each `@ts-expect-error` fails it if a mistake it marks
// stops being an error.
import { Client, WaGroupsError, buildRequest, parseResponse, validate } from "wa-groups";
import type {
  BuildOptions,
  Call,
  CallOptions,
  CallResults,
  ClientConfig,
  ClientOptions,
  CreateGroupInput,
  CreatedGroup,
  ErrorKind,
  GroupFailure,
  HttpRequest,
  HttpResponse,
  InvitationLink,
  Issue,
  LinkResult,
  Provider,
  UnlinkResult,
  WaGroupsErrorDetails,
} from "wa-groups";

// ---- type-level assertions -------------------------------------------------------------
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;
type Not<T extends boolean> = T extends true ? false : true;
function assert<T extends true>(): T | void {}

assert<Equal<Provider, "zapi" | "ryze">>();
assert<
  Equal<ErrorKind, "validation" | "auth" | "not_found" | "rate_limited" | "disconnected" | "provider" | "network" | "timeout" | "aborted" | "decode" | "internal">
>();
assert<Equal<Issue, { field: string; message: string }>>();
assert<
  Equal<
    ClientOptions,
    { provider: Provider; instance: string; token: string; clientToken?: string; baseUrl?: string; fetch?: typeof fetch; timeoutMs?: number }
  >
>();
assert<Equal<CreateGroupInput, { name: string; participants: string[]; autoInvite?: boolean }>>();
assert<Equal<CreatedGroup, { groupId: string; invitationLink: string | null; notAdded: string[] }>>();
assert<Equal<InvitationLink, { groupId: string; invitationLink: string }>>();
assert<Equal<GroupFailure, { groupId: string; reason: string | null }>>();
assert<Equal<LinkResult, { communityId: string; linked: string[]; failed: GroupFailure[] }>>();
assert<Equal<UnlinkResult, { communityId: string; unlinked: string[]; failed: GroupFailure[] }>>();
assert<Equal<ClientConfig, Omit<ClientOptions, "fetch" | "timeoutMs">>>();
assert<Equal<ClientOptions["fetch"], typeof fetch | undefined>>();
assert<Equal<CallOptions, { signal?: AbortSignal }>>();
assert<Equal<Call["op"], "createGroup" | "getInvitationLink" | "linkGroups" | "unlinkGroups">>();
assert<Equal<CallResults, { createGroup: CreatedGroup; getInvitationLink: InvitationLink; linkGroups: LinkResult; unlinkGroups: UnlinkResult }>>();
assert<Equal<HttpRequest, { method: string; url: string; headers: Record<string, string>; body: string | null }>>();
assert<Equal<ReturnType<typeof validate>, Issue[]>>();
assert<Equal<ReturnType<typeof buildRequest>, HttpRequest>>();
assert<Equal<Parameters<typeof buildRequest>[2], BuildOptions | undefined>>();
assert<Equal<ReturnType<Client["createGroup"]>, Promise<CreatedGroup>>>();
assert<Equal<ReturnType<Client["getInvitationLink"]>, Promise<InvitationLink>>>();
assert<Equal<ReturnType<Client["linkGroups"]>, Promise<LinkResult>>>();
assert<Equal<ReturnType<Client["unlinkGroups"]>, Promise<UnlinkResult>>>();
assert<Equal<Parameters<Client["createGroup"]>, [input: CreateGroupInput, opts?: CallOptions]>>();
assert<Equal<Client["provider"], Provider>>();
assert<Equal<WaGroupsError["kind"], ErrorKind>>();
assert<Equal<WaGroupsError["provider"], Provider | undefined>>();
assert<Equal<WaGroupsError["operation"], string | undefined>>();
assert<Equal<WaGroupsError["status"], number | undefined>>();
assert<Equal<WaGroupsError["issues"], Issue[] | undefined>>();
assert<Equal<WaGroupsError["retryAfterMs"], number | undefined>>();
assert<Equal<WaGroupsError["body"], string | undefined>>();
assert<Equal<WaGroupsError["name"], "WaGroupsError">>();
assert<Equal<ReturnType<WaGroupsError["toJSON"]>, { name: "WaGroupsError"; message: string } & WaGroupsErrorDetails>>();
// No `any` anywhere a user touches.
assert<Not<IsAny<ReturnType<typeof parseResponse>>>>();
assert<Not<IsAny<Parameters<typeof parseResponse>[2]>>>();
assert<Not<IsAny<Parameters<typeof validate>[1]>>>();
assert<Not<IsAny<HttpResponse["headers"]>>>();
assert<Not<IsAny<ConstructorParameters<typeof WaGroupsError>[1]>>>();
assert<Not<IsAny<ConstructorParameters<typeof Client>[0]>>>();

// ---- the API, used -----------------------------------------------------------------------
const options: ClientOptions = {
  provider: "zapi",
  instance: "3D1A5B7C9E0F",
  token: "instance-token",
  clientToken: "account-token",
  baseUrl: "http://127.0.0.1:8080",
  fetch: (input, init) => fetch(input, init),
  timeoutMs: 10_000,
};

export async function everything(signal: AbortSignal): Promise<string[]> {
  const client = new Client(options);
  const provider: Provider = client.provider;
  const callOptions: CallOptions = { signal };
  const input: CreateGroupInput = { name: "Turma E", participants: ["+55 (11) 98888-7777"], autoInvite: true };

  const created: CreatedGroup = await client.createGroup(input, callOptions);
  const link: InvitationLink = await client.getInvitationLink(created.groupId);
  const linked: LinkResult = await client.linkGroups("120363400000000001", [created.groupId], callOptions);
  const unlinked: UnlinkResult = await client.unlinkGroups("120363400000000001", linked.linked);
  const failures: GroupFailure[] = [...linked.failed, ...unlinked.failed];
  client.free();

  // The core without I/O.
  const config: ClientConfig = { provider: "ryze", instance: "sim-shop", token: "t", baseUrl: "http://127.0.0.1:8080" };
  const call: Call = { op: "linkGroups", communityId: "120363400000000001", groupIds: ["120363400000000004"] };
  const issues: Issue[] = validate(config, call);
  const build: BuildOptions = { redact: true };
  const request: HttpRequest = buildRequest(config, call, build);
  const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  const response: HttpResponse = { status: res.status, headers: res.headers, body: await res.text() };
  // parseResponse's result follows the call's `op`.
  const parsed = parseResponse(config, { op: "linkGroups", communityId: "1", groupIds: ["2"] }, response);
  assert<Equal<typeof parsed, LinkResult>>();
  const asLink: CallResults["getInvitationLink"] = parseResponse(config, { op: "getInvitationLink", groupId: "x" }, { status: 200, headers: { a: "b" }, body: "{}" });
  const any: CallResults[Call["op"]] = parseResponse(config, call, response);

  // Errors: every rejection is a WaGroupsError.
  try {
    await client.getInvitationLink("120363400000000004");
  } catch (e: unknown) {
    if (e instanceof WaGroupsError) {
      const kind: ErrorKind = e.kind;
      const details: WaGroupsErrorDetails = e;
      const json = e.toJSON();
      const fields = (e.issues ?? []).map((i: Issue) => `${i.field}: ${i.message}`);
      const base: Error = e;
      return [kind, details.operation ?? "", json.name, base.message, String(e.status), String(e.retryAfterMs), e.body ?? "", e.provider ?? "", ...fields];
    }
  }
  const made = new WaGroupsError("boom", { kind: "rate_limited", retryAfterMs: 1000, provider: "ryze", operation: "linkGroups", status: 429, issues: [], body: "{}" });
  return [provider, link.invitationLink, created.invitationLink ?? "", String(failures.length), String(issues.length), String(asLink.groupId), JSON.stringify(any), made.kind, parsed.communityId];
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
// @ts-expect-error: an operation that does not exist
export const badCall: Call = { op: "deleteGroup", groupId: "x" };
export function misuse(client: Client): void {
  // @ts-expect-error: groupIds is missing
  void client.linkGroups("120363400000000001");
  // @ts-expect-error: groupIds are strings
  void client.unlinkGroups("120363400000000001", [120363400000000004]);
  // @ts-expect-error: the result of a link call has no `unlinked`
  void client.linkGroups("1", ["2"]).then((r) => r.unlinked);
  // @ts-expect-error: an error needs its details
  void new WaGroupsError("boom");
}
