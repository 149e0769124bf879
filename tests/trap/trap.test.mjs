// A trapped wasm instance is not the end: every call in flight on it rejects with a clear
// WaGroupsError (kind "internal"), none is lost or left pending, the instance is
// re-created, and every later call works. Runs against a test-only build that traps on
// the operation "__trap": synchronously when `client.call("__trap")` enters the wasm, and
// asynchronously (in a task of wasm-bindgen-futures' queue) when a batch reaches it.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { Client, WaGroupsError, validate } from "wa-groups";

const { startSimulator, SIM_CREDENTIALS } = await import(process.env.WA_GROUPS_SIM);
const TURMA_B = "120363400000000004";
const SECRETS = [SIM_CREDENTIALS.zapi.token, SIM_CREDENTIALS.zapi.clientToken, SIM_CREDENTIALS.ryze.token];

// A trap must never surface as an uncaught exception or an unhandled rejection.
const stray = [];
process.on("uncaughtException", (e) => stray.push(e));
process.on("unhandledRejection", (e) => stray.push(e));

let sim;
before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim?.close();
  assert.deepEqual(stray, [], "nothing escaped as uncaught");
});
beforeEach(() => sim.reset());

function client(provider) {
  const c = SIM_CREDENTIALS[provider];
  return new Client({ provider, instance: c.instance, token: c.token, clientToken: c.clientToken, baseUrl: sim.url, rateLimit: false });
}

async function internal(promise) {
  const e = await promise.then(
    () => assert.fail("resolved"),
    (e) => e,
  );
  assert.ok(e instanceof WaGroupsError, String(e));
  assert.equal(e.kind, "internal");
  assert.match(e.message, /re-created/);
  for (const s of SECRETS) assert.ok(!JSON.stringify(e).includes(s) && !e.stack.includes(s));
  return e;
}

test("a trap entering the wasm rejects that call; later calls work", async () => {
  const c = client("zapi");
  const e = await internal(c.call("__trap", {}));
  assert.equal(e.provider, "zapi");
  // The same client, another client, and the synchronous exports all work again.
  assert.equal((await c.getInvitationLink(TURMA_B)).groupId, `${TURMA_B}@g.us`);
  assert.equal((await client("ryze").getInvitationLink(TURMA_B)).groupId, `${TURMA_B}@g.us`);
  assert.deepEqual(validate({ provider: "ryze", instance: "s", token: "tttttttt" }, { op: "getInvitationLink", groupId: TURMA_B }), []);
});

test("a trap while a call runs asynchronously (a batch) rejects it; later calls work", async () => {
  const c = client("zapi");
  const e = await internal(c.batch([{ op: "__trap" }]));
  assert.equal(e.provider, "zapi");
  assert.equal((await c.getInvitationLink(TURMA_B)).groupId, `${TURMA_B}@g.us`);
});

test("calls in flight when the instance traps reject as internal, none left pending", async () => {
  sim.script({
    provider: "ryze",
    path: "/api/group/info",
    delayMs: 300,
    body: JSON.stringify({ success: true, group: { jid: `${TURMA_B}@g.us`, inviteLink: "https://chat.whatsapp.com/Slow123" } }),
    times: 2,
  });
  const slow = client("ryze").getInvitationLink(TURMA_B);
  const waiting = client("ryze").batch([{ op: "getInvitationLink", groupId: TURMA_B }], { concurrency: 1 });
  await new Promise((r) => setTimeout(r, 50));
  await internal(client("zapi").call("__trap", {}));
  const e = await internal(slow);
  assert.equal(e.operation, "getInvitationLink");
  await internal(waiting);
  // The slow answer arrives after the trap: nothing of the old instance runs.
  await new Promise((r) => setTimeout(r, 400));
  assert.equal((await client("ryze").getInvitationLink(TURMA_B)).groupId, `${TURMA_B}@g.us`);
});

test("it recovers every time", async () => {
  const c = client("ryze");
  for (let i = 0; i < 6; i++) {
    await internal(i % 2 ? c.batch([{ op: "__trap" }]) : c.call("__trap", {}));
    assert.equal((await c.getInvitationLink(TURMA_B)).groupId, `${TURMA_B}@g.us`);
  }
});

test("a batch with a trap in its middle rejects as a whole; the next batch runs whole", async () => {
  const c = client("zapi");
  await internal(c.batch([{ op: "getInvitationLink", groupId: TURMA_B }, { op: "__trap" }, { op: "getInvitationLink", groupId: "120363400000000005" }], { concurrency: 2 }));
  const outcomes = await c.batch([{ op: "getInvitationLink", groupId: TURMA_B }, { op: "listGroups" }], { concurrency: 2 });
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ["fulfilled", "fulfilled"],
  );
});
