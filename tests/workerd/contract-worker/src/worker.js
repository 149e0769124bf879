// Runs in workerd. `GET /run` performs the four operations with both providers against
// the gateway simulator (env.SIM_URL, credentials in env.SIM_CREDENTIALS), plus
// validation errors, an auth error, the synchronous exports, a timeout and aborts, and
// answers everything as JSON for tests/workerd/workerd.test.mjs to check. Anything
// unexpected is a 500.
import { Client, WaGroupsError, buildRequest, parseResponse, validate } from "wa-groups";

const COMMUNITY = "120363400000000001"; // Escola Central: announcements …002, subgroup …003
const FREE_GROUP = "120363400000000004"; // Turma B, standalone
const NOT_LINKED = "120363400000000005"; // Turma C, standalone
const OTHER_COMMUNITY_GROUP = "120363400000000012"; // Futebol, in Clube
const NOT_ADMIN_GROUP = "120363400000000020";
const UNKNOWN_GROUP = "120363499999999999";

/** Everything a test needs to know about a thrown value, including what would leak. */
function describeError(e) {
  return {
    instanceofWaGroupsError: e instanceof WaGroupsError,
    instanceofError: e instanceof Error,
    name: e?.name,
    kind: e?.kind,
    provider: e?.provider,
    operation: e?.operation,
    status: e?.status,
    issues: e?.issues,
    message: e?.message,
    string: String(e),
    json: JSON.stringify(e),
    stack: typeof e?.stack === "string" ? e.stack : null,
  };
}

async function settle(promise) {
  try {
    return { resolved: await promise };
  } catch (e) {
    return { rejected: describeError(e) };
  }
}

function settleSync(fn) {
  try {
    return { resolved: fn() };
  } catch (e) {
    return { rejected: describeError(e) };
  }
}

async function scenario(options) {
  const client = new Client(options);
  const out = { provider: client.provider };
  out.created = await client.createGroup({
    name: `Turma W ${options.provider}`,
    participants: ["+55 (11) 98888-7777", "5511977776666@s.whatsapp.net", "+55 11 95555-0000"],
  });
  out.link = await client.getInvitationLink(out.created.groupId);
  // Partial: the new group and …004 go through; the other three are refused.
  out.linked = await client.linkGroups(COMMUNITY, [out.created.groupId, `${FREE_GROUP}-group`, `${OTHER_COMMUNITY_GROUP}@g.us`, NOT_ADMIN_GROUP, UNKNOWN_GROUP]);
  // The new group leaves again; …005 was never in the community.
  out.unlinked = await client.unlinkGroups(`${COMMUNITY}@g.us`, [out.created.groupId, NOT_LINKED]);
  // Refused before sending: every problem named.
  out.validation = await settle(client.createGroup({ name: " ", participants: ["abc", "5511977776666"] }));
  out.constructorValidation = settleSync(() => new Client({ ...options, provider: "whatsapp", instance: "" }));
  out.notFound = await settle(client.getInvitationLink(UNKNOWN_GROUP));
  out.auth = await settle(new Client({ ...options, token: "WRONG-TOKEN-123" }).getInvitationLink(FREE_GROUP));
  // The synchronous exports, on the same instance.
  const config = { provider: options.provider, instance: options.instance, token: options.token, ...(options.clientToken ? { clientToken: options.clientToken } : {}), baseUrl: options.baseUrl };
  out.sync = {
    validateBad: validate(config, { op: "getInvitationLink", groupId: "x y" }),
    validateGood: validate(config, { op: "linkGroups", communityId: COMMUNITY, groupIds: [FREE_GROUP] }),
    redacted: buildRequest(config, { op: "getInvitationLink", groupId: FREE_GROUP }, { redact: true }),
    buildBad: settleSync(() => buildRequest(config, { op: "getInvitationLink", groupId: "x y" })),
    parseAuth: settleSync(() =>
      parseResponse(config, { op: "getInvitationLink", groupId: FREE_GROUP }, { status: 401, body: '{"error":"Invalid token"}' }),
    ),
  };
  // workerd's timers and AbortSignal: a slow answer (scripted through the simulator's
  // control API) times out, and an abort ends the call, in flight or before it starts.
  const slowPath = options.provider === "zapi" ? `/group-invitation-link/${FREE_GROUP}-group` : "/api/group/info";
  await scriptSimulator(options.baseUrl, { provider: options.provider, path: slowPath, delayMs: 1500, body: "{}", times: 2 });
  const started = Date.now();
  // No retries: the point is the timer, and a read that timed out is otherwise retried.
  out.timeout = await settle(new Client({ ...options, timeoutMs: 200, maxRetries: 0 }).getInvitationLink(FREE_GROUP));
  out.timeout.elapsedMs = Date.now() - started;
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  out.abortedInFlight = await settle(client.getInvitationLink(FREE_GROUP, { signal: controller.signal }));
  out.abortedBefore = await settle(client.getInvitationLink(FREE_GROUP, { signal: AbortSignal.abort() }));
  client.free();
  return out;
}

async function scriptSimulator(baseUrl, rule) {
  const res = await fetch(`${baseUrl}/__sim/script`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(rule) });
  if (!res.ok) throw new Error(`the simulator refused the script: ${res.status} ${await res.text()}`);
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== "/run") return new Response("not found", { status: 404 });
    try {
      const credentials = JSON.parse(env.SIM_CREDENTIALS);
      const results = { runtime: { userAgent: globalThis.navigator?.userAgent ?? null } };
      for (const provider of ["zapi", "ryze"]) {
        results[provider] = await scenario({ provider, ...credentials[provider], baseUrl: env.SIM_URL });
      }
      return Response.json(results);
    } catch (e) {
      return Response.json({ unexpected: describeError(e) }, { status: 500 });
    }
  },
};
