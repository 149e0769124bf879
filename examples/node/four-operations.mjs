// The four operations with both providers, printing what was sent (secrets redacted)
// and what came back. Run by `bash scripts/demo.sh` against the local simulator; point
// it at a real gateway with the environment variables below.
//
//   WA_GROUPS_BASE_URL        one base URL for both providers (the simulator's)
//   ZAPI_INSTANCE ZAPI_TOKEN ZAPI_CLIENT_TOKEN [ZAPI_BASE_URL]
//   RYZE_INSTANCE RYZE_TOKEN [RYZE_BASE_URL]
//   COMMUNITY_ID              a community the connected number administers
//   PARTICIPANTS              comma-separated phone numbers for the new group
//   OTHER_GROUP_ID            a group to link next to the new one
import { Client, WaGroupsError, buildRequest } from "wa-groups";

const env = process.env;
const providers = {
  zapi: { provider: "zapi", instance: env.ZAPI_INSTANCE, token: env.ZAPI_TOKEN, clientToken: env.ZAPI_CLIENT_TOKEN, baseUrl: env.ZAPI_BASE_URL ?? env.WA_GROUPS_BASE_URL },
  ryze: { provider: "ryze", instance: env.RYZE_INSTANCE, token: env.RYZE_TOKEN, baseUrl: env.RYZE_BASE_URL ?? env.WA_GROUPS_BASE_URL },
};
const community = env.COMMUNITY_ID ?? "120363400000000001";
const participants = (env.PARTICIPANTS ?? "+55 (11) 98888-7777,5511955550000").split(",");
const otherGroup = env.OTHER_GROUP_ID ?? "120363400000000012";

const show = (label, value) => console.log(`  ${label.padEnd(9)} ${JSON.stringify(value)}`);

// Runs one call the way an application would, through `Client`, and shows the request
// the core builds for it (token redacted) before sending.
async function step(config, client, call) {
  console.log(`\n- ${call.op}`);
  try {
    const sent = buildRequest(config, call, { redact: true });
    show("request", `${sent.method} ${sent.url}`);
    if (sent.body) show("body", JSON.parse(sent.body));
  } catch (e) {
    if (!(e instanceof WaGroupsError)) throw e;
    show(
      "not sent",
      e.issues.map((i) => `${i.field}: ${i.message}`),
    );
  }
  try {
    const result = await run(client, call);
    show("result", result);
    return result;
  } catch (e) {
    if (!(e instanceof WaGroupsError)) throw e;
    show("error", { kind: e.kind, status: e.status, message: e.message });
    return null;
  }
}

function run(client, call) {
  switch (call.op) {
    case "createGroup":
      return client.createGroup({ name: call.name, participants: call.participants });
    case "getInvitationLink":
      return client.getInvitationLink(call.groupId);
    case "linkGroups":
      return client.linkGroups(call.communityId, call.groupIds);
    case "unlinkGroups":
      return client.unlinkGroups(call.communityId, call.groupIds);
  }
}

for (const [name, options] of Object.entries(providers)) {
  const config = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  if (!config.instance || !config.token) {
    console.log(`\n== ${name}: skipped (set ${name.toUpperCase()}_INSTANCE and ${name.toUpperCase()}_TOKEN)`);
    continue;
  }
  console.log(`\n== ${name} (${config.baseUrl ?? "default base URL"})`);
  const client = new Client(config);
  const created = await step(config, client, { op: "createGroup", name: "wa-groups demo", participants });
  const group = created?.groupId ?? otherGroup;
  await step(config, client, { op: "getInvitationLink", groupId: group });
  const linked = await step(config, client, { op: "linkGroups", communityId: community, groupIds: [group, otherGroup] });
  if (linked) console.log(`  => linked ${linked.linked.length}, failed ${linked.failed.length}${linked.failed.map((f) => `\n     ${f.groupId}: ${f.reason}`).join("")}`);
  await step(config, client, { op: "unlinkGroups", communityId: community, groupIds: [group] });
  // Bad input is refused before anything is sent, with every problem named.
  await step(config, client, { op: "linkGroups", communityId: "not-an-id", groupIds: ["../x", group, group] });
}
