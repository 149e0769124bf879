// The `onEvent` option: one event per request, response, lost answer, retry and wait for
// the rate limit, with no secret in any of them. The packed package against the simulator.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "wa-groups";

import { options, rejection, secretPieces, sim, useSimulator } from "./harness.mjs";

useSimulator();

const GROUP = "120363400000000004";
const linkPath = (provider) => (provider === "zapi" ? `/group-invitation-link/${GROUP}-group` : "/api/group/info");

/** Fails when any event shows a piece of a secret. */
function assertNoSecretIn(events) {
  const text = JSON.stringify(events);
  for (const p of secretPieces()) assert.ok(!text.includes(p), `"${p}" shown in ${text}`);
}

for (const provider of ["zapi", "ryze"]) {
  describe(`${provider}: onEvent`, () => {
    test("a refused attempt, its retry and the answer, in order", async () => {
      sim.script({ provider, path: linkPath(provider), status: 503, body: "{}" });
      const events = [];
      const client = new Client(options(provider, { maxRetries: 1, onEvent: (e) => events.push(e) }));
      await client.getInvitationLink(GROUP);
      assert.deepEqual(
        events.map((e) => e.type),
        ["request", "response", "retry", "request", "response"],
      );
      assert.ok(events.every((e) => e.provider === provider && e.operation === "getInvitationLink"));
      const [first, refused, retry, second, answered] = events;
      assert.equal(first.attempt, 1);
      assert.equal(first.method, "GET");
      assert.equal(refused.status, 503);
      assert.ok(refused.ms >= 0);
      assert.equal(retry.reason, "provider");
      assert.equal(retry.status, 503);
      assert.ok(retry.delayMs > 0);
      assert.equal(second.attempt, 2);
      assert.equal(answered.status, 200);
      if (provider === "zapi") assert.match(first.url, /\/instances\/[^/]+\/token\/\*\*\*\//);
      assertNoSecretIn(events);
    });

    test("no answer in time is no_response, saying whether the request may have arrived", async () => {
      sim.script({ provider, path: linkPath(provider), delayMs: 1500, body: "{}" });
      const events = [];
      const client = new Client(options(provider, { maxRetries: 0, timeoutMs: 150, onEvent: (e) => events.push(e) }));
      await rejection(client.getInvitationLink(GROUP), "timeout");
      assert.deepEqual(
        events.map((e) => [e.type, e.kind, e.mayHaveArrived]),
        [
          ["request", undefined, undefined],
          ["no_response", "timeout", true],
        ],
      );
      assert.ok(events[1].ms >= 100);
      assertNoSecretIn(events);
    });

    test("a wait for the rate limit is told, with how long", async () => {
      const events = [];
      const client = new Client(options(provider, { rateLimit: { requests: 1, intervalMs: 400 }, onEvent: (e) => events.push(e) }));
      await client.getInvitationLink(GROUP);
      await client.getInvitationLink(GROUP);
      const waits = events.filter((e) => e.type === "rate_limit_wait");
      assert.equal(waits.length, 1);
      assert.ok(waits[0].ms > 0 && waits[0].ms <= 400, String(waits[0].ms));
      assert.deepEqual(
        events.map((e) => e.type),
        ["request", "response", "rate_limit_wait", "request", "response"],
      );
    });

    test("what onEvent throws is ignored: the call goes on", async () => {
      const client = new Client(
        options(provider, {
          onEvent: () => {
            throw new Error("logger broke");
          },
        }),
      );
      const link = await client.getInvitationLink(GROUP);
      assert.equal(link.groupId, `${GROUP}@g.us`);
    });
  });
}

test("onEvent that is not a function is a validation issue", () => {
  assert.throws(
    () => new Client(options("zapi", { onEvent: "console.log" })),
    (e) => e.kind === "validation" && e.issues.some((i) => i.field === "onEvent" && i.message === "must be a function"),
  );
});
