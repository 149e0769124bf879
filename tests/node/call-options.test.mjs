// A call's own options beside `signal`: `timeoutMs` and `maxRetries` over the client's,
// through the packed package against the simulator, for both providers.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "wa-groups";

import { options, rejection, sent, sim, useSimulator } from "./harness.mjs";

useSimulator();

const GROUP = "120363400000000004";
const linkPath = (provider) => (provider === "zapi" ? `/group-invitation-link/${GROUP}-group` : "/api/group/info");

for (const provider of ["zapi", "ryze"]) {
  describe(`${provider}: call options`, () => {
    test("timeoutMs of one call cuts it short under a client that waits longer", async () => {
      sim.script({ provider, path: linkPath(provider), delayMs: 1500, body: "{}" });
      const client = new Client(options(provider, { timeoutMs: 30_000, maxRetries: 0 }));
      const started = Date.now();
      const e = await rejection(client.getInvitationLink(GROUP, { timeoutMs: 150 }), "timeout");
      assert.ok(Date.now() - started < 1400, "the call waited for the slow answer");
      assert.match(e.message, /150 ms/);
    });

    test("timeoutMs of one call gives it longer than the client's", async () => {
      const body =
        provider === "zapi"
          ? { phone: `${GROUP}-group`, invitationLink: "https://chat.whatsapp.com/AbCdEf123" }
          : { success: true, group: { jid: `${GROUP}@g.us`, inviteLink: "https://chat.whatsapp.com/AbCdEf123" } };
      sim.script({ provider, path: linkPath(provider), delayMs: 400, body });
      const client = new Client(options(provider, { timeoutMs: 100, maxRetries: 0 }));
      const link = await client.getInvitationLink(GROUP, { timeoutMs: 5_000 });
      assert.equal(link.groupId, `${GROUP}@g.us`);
    });

    test("maxRetries of one call: 0 sends it once where the client would retry", async () => {
      sim.script({ provider, path: linkPath(provider), status: 503, body: "{}" });
      sim.script({ provider, path: linkPath(provider), status: 503, body: "{}" });
      const client = new Client(options(provider, { maxRetries: 2 }));
      await rejection(client.getInvitationLink(GROUP, { maxRetries: 0 }), "provider");
      assert.equal(sent().length, 1);
    });

    test("maxRetries of one call: 1 retries once where the client would not", async () => {
      sim.script({ provider, path: linkPath(provider), status: 503, body: "{}" });
      const client = new Client(options(provider, { maxRetries: 0 }));
      const link = await client.getInvitationLink(GROUP, { maxRetries: 1 });
      assert.equal(link.groupId, `${GROUP}@g.us`);
      assert.equal(sent().length, 2);
    });

    test("the generic call() takes them too", async () => {
      sim.script({ provider, path: linkPath(provider), status: 503, body: "{}" });
      const client = new Client(options(provider, { maxRetries: 0 }));
      const link = await client.call("getInvitationLink", { groupId: GROUP }, { maxRetries: 1, timeoutMs: 5_000 });
      assert.equal(link.groupId, `${GROUP}@g.us`);
    });

    test("bad values are validation issues of the options, with the input's, and nothing is sent", async () => {
      const client = new Client(options(provider));
      const e = await rejection(client.getInvitationLink("not a group", { timeoutMs: 0, maxRetries: 11, retryUnsafe: true }), "validation");
      assert.deepEqual(
        e.issues.map((i) => i.field),
        ["options.retryUnsafe", "options.timeoutMs", "options.maxRetries", "groupId"],
      );
      assert.equal(sent().length, 0);
    });
  });
}
