// A trapped wasm instance is not the end: the call that trapped rejects with a clear
// WaGroupsError (kind "internal"), the instance is re-created, calls in flight finish,
// and every later call works. Runs against a test-only build that traps on "__trap".
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { Client, WaGroupsError, validate } from "wa-groups";

const { startSimulator, SIM_CREDENTIALS } = await import(process.env.WA_GROUPS_SIM);
const TURMA_B = "120363400000000004";
const SECRETS = [SIM_CREDENTIALS.zapi.token, SIM_CREDENTIALS.zapi.clientToken, SIM_CREDENTIALS.ryze.token];

let sim;
before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim?.close();
});
beforeEach(() => sim.reset());

function client(provider) {
  const c = SIM_CREDENTIALS[provider];
  return new Client({ provider, instance: c.instance, token: c.token, clientToken: c.clientToken, baseUrl: sim.url, rateLimit: false });
}

async function trap(c) {
  const [outcome] = await c.batch([{ op: "__trap" }]);
  assert.equal(outcome.status, "rejected");
  return outcome.reason;
}

test("the trapping call rejects with a clear error; later calls work", async () => {
  const c = client("zapi");
  const e = await trap(c);
  assert.ok(e instanceof WaGroupsError);
  assert.equal(e.kind, "internal");
  assert.match(e.message, /re-created/);
  assert.equal(e.provider, "zapi");
  for (const s of SECRETS) assert.ok(!JSON.stringify(e).includes(s) && !e.stack.includes(s));
  // The same client, another client, and the synchronous exports all work again.
  assert.equal((await c.getInvitationLink(TURMA_B)).groupId, `${TURMA_B}@g.us`);
  assert.equal((await client("ryze").getInvitationLink(TURMA_B)).groupId, `${TURMA_B}@g.us`);
  assert.deepEqual(validate({ provider: "ryze", instance: "s", token: "tttttttt" }, { op: "getInvitationLink", groupId: TURMA_B }), []);
});

test("calls in flight when another call traps still finish", async () => {
  sim.script({ provider: "ryze", path: "/api/group/info", delayMs: 300, body: JSON.stringify({ success: true, group: { jid: `${TURMA_B}@g.us`, inviteLink: "https://chat.whatsapp.com/Slow123" } }) });
  const slow = client("ryze").getInvitationLink(TURMA_B);
  await new Promise((r) => setTimeout(r, 50));
  await trap(client("zapi"));
  const link = await slow;
  assert.equal(link.invitationLink, "https://chat.whatsapp.com/Slow123");
});

test("it recovers every time", async () => {
  const c = client("ryze");
  for (let i = 0; i < 5; i++) {
    await trap(c);
    assert.equal((await c.getInvitationLink(TURMA_B)).groupId, `${TURMA_B}@g.us`);
  }
});

test("a batch loses no call to a trap in its middle", async () => {
  const c = client("zapi");
  const outcomes = await c.batch(
    [
      { op: "getInvitationLink", groupId: TURMA_B },
      { op: "__trap" },
      { op: "getInvitationLink", groupId: "120363400000000005" },
      { op: "listGroups" },
    ],
    { concurrency: 2 },
  );
  assert.deepEqual(outcomes.map((o) => o.status), ["fulfilled", "rejected", "fulfilled", "fulfilled"]);
  assert.equal(outcomes[1].reason.kind, "internal");
});
