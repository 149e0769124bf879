// `client.call(op, input)`, the generic form of every method, and `operations`, the list
// of what each provider supports.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, WaGroupsError, operations } from "wa-groups";
import { jid, options, useSimulator } from "./harness.mjs";

useSimulator();

const TURMA_B = "120363400000000004";

describe("client.call", () => {
  for (const provider of ["zapi", "ryze"]) {
    test(`${provider}: gives what the method gives`, async () => {
      const client = new Client(options(provider));
      const viaMethod = await client.getInvitationLink(TURMA_B);
      const viaCall = await client.call("getInvitationLink", { groupId: TURMA_B });
      assert.equal(viaCall.groupId, jid(TURMA_B));
      assert.deepEqual(Object.keys(viaCall).sort(), Object.keys(viaMethod).sort());
    });

    test(`${provider}: an unknown operation, or a bad input, is validation naming it`, async () => {
      const client = new Client(options(provider));
      const e = await client.call("getInvitationLnk", { groupId: TURMA_B }).catch((x) => x);
      assert.ok(e instanceof WaGroupsError);
      assert.equal(e.kind, "validation");
      assert.equal(e.issues[0].field, "op");
      assert.match(e.issues[0].message, /getInvitationLink/);
      const bad = await client.call("getInvitationLink", { groupId: "../x", extra: 1 }).catch((x) => x);
      assert.deepEqual(bad.issues.map((i) => i.field).sort(), ["extra", "groupId"]);
    });
  }
});

describe("operations", () => {
  test("lists, per provider, exactly the operations that are not unsupported", async () => {
    assert.deepEqual(Object.keys(operations).sort(), ["ryze", "zapi"]);
    assert.ok(Object.isFrozen(operations) && Object.isFrozen(operations.zapi));
    assert.ok(operations.zapi.includes("updateCommunityDescription"));
    assert.ok(!operations.ryze.includes("updateCommunityDescription"));
    for (const provider of ["zapi", "ryze"]) {
      const client = new Client(options(provider));
      const all = new Set([...operations.zapi, ...operations.ryze]);
      for (const op of all) {
        if (operations[provider].includes(op)) continue;
        const e = await client.call(op, {}).catch((x) => x);
        assert.equal(e.kind, "unsupported", `${provider} ${op}`);
      }
    }
  });
});
