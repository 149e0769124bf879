// Hostile input, through the packed package: every case ends in a clear validation or
// decode error (or a safe result), never a crash, a hang, or text reaching a URL unescaped.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, WaGroupsError, buildRequest, parseResponse, validate } from "wa-groups";
import { options as simOptions, sim, useSimulator } from "./harness.mjs";

const TURMA_B = "120363400000000004";

useSimulator();

// Hostile cases are about one exchange each: no retries.
const options = (provider, extra = {}) => simOptions(provider, { maxRetries: 0, ...extra });

const sent = () => sim.requests().filter((r) => r.provider !== null).length;

async function refused(promise, kind) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof WaGroupsError, `expected a ${kind} WaGroupsError, got ${error}`);
  assert.equal(error.kind, kind, error.message);
  assert.ok(error.message.length < 4000, "the message stays readable");
  return error;
}

describe("huge and malformed input is refused before sending", () => {
  for (const provider of ["zapi", "ryze"]) {
    test(`${provider}: a 10 MB group name`, async () => {
      const e = await refused(new Client(options(provider)).createGroup({ name: "x".repeat(10_000_000), participants: ["5511977776666"] }), "validation");
      assert.deepEqual(
        e.issues.map((i) => i.field),
        ["name"],
      );
      assert.equal(sent(), 0);
    });

    test(`${provider}: 10 000 participants is one issue, not ten thousand`, async () => {
      const phones = Array.from({ length: 10_000 }, (_, i) => `55119${String(10_000_000 + i)}`);
      const e = await refused(new Client(options(provider)).addParticipants(TURMA_B, phones), "validation");
      assert.deepEqual(
        e.issues.map((i) => i.field),
        ["phones"],
      );
      assert.equal(sent(), 0);
    });

    test(`${provider}: ids with injection attempts never reach a URL`, async () => {
      const client = new Client(options(provider));
      for (const id of [
        "../120363400000000004",
        "120363400000000004/../x",
        "120363400000000004?x=1",
        "120363400000000004#f",
        "1203634000 00000004",
        "120363400000000004\n",
        "120363400000000004\u0000",
        "%2e%2e",
        "１２０３６３４００００００００００４",
        "120363400000000004@g.us/../../admin",
      ]) {
        const e = await refused(client.getGroupMetadata(id), "validation");
        assert.deepEqual(
          e.issues.map((i) => i.field),
          ["groupId"],
          JSON.stringify(id),
        );
      }
      for (const phone of ["5511977776666;rm -rf", "5511977776666\r\nX-Evil: 1", "+55 (11) 9777/6666"]) {
        await refused(client.addParticipants(TURMA_B, [phone]), "validation");
      }
      await refused(client.joinGroup("https://evil.example/../chat.whatsapp.com/AbC"), "validation");
      assert.equal(sent(), 0);
    });
  }

  test("an instance name with URL structure is escaped, never followed", () => {
    const req = buildRequest({ provider: "ryze", instance: "a/../b?c#d", token: "tttttttt" }, { op: "getInvitationLink", groupId: TURMA_B });
    const url = new URL(req.url);
    assert.equal(url.pathname, "/api/group/info/a%2F..%2Fb%3Fc%23d");
    assert.equal(url.hash, "");
    assert.deepEqual([...url.searchParams.keys()], ["identifier", "participants"]);
    assert.deepEqual(
      validate({ provider: "ryze", instance: "..", token: "tttttttt" }, { op: "getInvitationLink", groupId: TURMA_B }).map((i) => i.field),
      ["instance"],
    );
  });
});

describe("hostile answers are decode or provider errors", () => {
  for (const provider of ["zapi", "ryze"]) {
    const path = provider === "zapi" ? `/group-invitation-link/${TURMA_B}-group` : "/api/group/info";

    test(`${provider}: JSON nested a hundred thousand deep`, async () => {
      sim.script({ provider, path, body: "[".repeat(100_000) + "]".repeat(100_000) });
      await refused(new Client(options(provider)).getInvitationLink(TURMA_B), "decode");
    });

    test(`${provider}: a 50 MB answer is not read past its limit`, async () => {
      sim.script({ provider, path, body: `{"pad":"${"x".repeat(50 * 1024 * 1024)}"}` });
      const t0 = Date.now();
      const e = await refused(new Client(options(provider)).getInvitationLink(TURMA_B), "decode");
      assert.match(e.message, /larger than/);
      assert.ok(Date.now() - t0 < 20_000);
    });

    test(`${provider}: invalid UTF-8 and control bytes`, async () => {
      const body = Buffer.concat([Buffer.from('{"phone":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00, 0x1b]), Buffer.from('","invitationLink":5}')]);
      const fetch = async () => new Response(body, { status: 200 });
      await refused(new Client(options(provider, { fetch })).getInvitationLink(TURMA_B), "decode");
      const e = await refused(new Client(options(provider, { fetch: async () => new Response(body, { status: 500 }) })).getInvitationLink(TURMA_B), "provider");
      assert.equal(e.status, 500);
    });

    test(`${provider}: the answer of another provider, a JSON array, a number, nothing`, async () => {
      const other = provider === "zapi" ? '{"success":true,"group":{"jid":"1@g.us"}}' : '{"phone":"120363400000000004-group","invitationLink":"https://chat.whatsapp.com/AbC"}';
      for (const body of [other, "[]", "42", "", "null", '{"__proto__":{"polluted":true}}']) {
        sim.reset();
        sim.script({ provider, path, body });
        let e;
        try {
          await new Client(options(provider)).getInvitationLink(TURMA_B);
        } catch (caught) {
          e = caught;
        }
        assert.ok(e instanceof WaGroupsError, `${body}: ${e}`);
        assert.ok(["decode", "provider"].includes(e.kind), `${body}: ${e.kind}`);
      }
      assert.equal({}.polluted, undefined);
    });
  }

  test("parseResponse with huge and odd responses", () => {
    const config = { provider: "zapi", instance: "I", token: "tttttttt" };
    const call = { op: "linkGroups", communityId: "120363400000000001", groupIds: [TURMA_B] };
    for (const response of [{ status: 200, body: "x".repeat(9 * 1024 * 1024) }, { status: 99, body: "" }, { status: 200 }]) {
      assert.throws(
        () => parseResponse(config, call, response),
        (e) => e instanceof WaGroupsError && ["decode", "validation"].includes(e.kind),
      );
    }
    // 200 000 items naming nothing that was asked: read, and the one group still lands once.
    const big = parseResponse(config, call, { status: 200, body: `{"success":true,"failed":[${'"1@g.us",'.repeat(200_000)}"x"]}` });
    assert.deepEqual(big, { communityId: "120363400000000001@g.us", linked: [`${TURMA_B}@g.us`], failed: [] });
  });
});
