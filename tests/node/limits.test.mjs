// Retries, the client-side rate limit and batches, through the packed package against
// the simulator (and stand-in fetches where the simulator cannot fail the right way).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, WaGroupsError } from "wa-groups";
import { jid, options, sim, useSimulator } from "./harness.mjs";

const COMMUNITY = "120363400000000001";
const TURMA_B = "120363400000000004";
const TURMA_C = "120363400000000005";

useSimulator();

// Every test gets a token of its own: the client-side limiter is per token and shared by
// every client, so tests must not share one. The simulator accepts only its own tokens,
// so tests that reach it use `rateLimit` values that cannot collide.
let unique = 0;
const requests = (path) => sim.requests().filter((r) => r.provider !== null && r.path.includes(path));

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof WaGroupsError, String(e));
    return e;
  }
  assert.fail("expected a rejection");
}

describe("retries: what is repeated and what never is", () => {
  for (const provider of ["zapi", "ryze"]) {
    const linkPath = provider === "zapi" ? "/communities/link" : "/api/community/link";
    const createPath = provider === "zapi" ? "/create-group" : "/api/group/create";

    test(`${provider}: a read is repeated after 503s and succeeds`, async () => {
      const path = provider === "zapi" ? `/group-invitation-link/${TURMA_B}-group` : "/api/group/info";
      sim.script({ provider, path, status: 503, times: 2, body: "{}" });
      const t0 = Date.now();
      const link = await new Client(options(provider, { maxRetries: 2 })).getInvitationLink(TURMA_B);
      assert.equal(link.groupId, jid(TURMA_B));
      assert.equal(requests(provider === "zapi" ? "group-invitation-link" : "/api/group/info").length, 3);
      assert.ok(Date.now() - t0 < 5_000);
    });

    test(`${provider}: link is repeated after a reset connection and converges`, async () => {
      sim.script({ provider, path: linkPath, drop: true });
      const result = await new Client(options(provider)).linkGroups(COMMUNITY, [TURMA_B]);
      assert.deepEqual(result.linked, [jid(TURMA_B)]);
      assert.equal(requests(linkPath).length, 2);
    });

    test(`${provider}: a create is never repeated once it may have arrived`, async () => {
      for (const script of [{ status: 500, body: "{}" }, { drop: true }, { status: 503, body: "{}" }]) {
        sim.reset();
        sim.script({ provider, path: createPath, ...script });
        const e = await rejection(new Client(options(provider, { maxRetries: 5 })).createGroup({ name: "Once", participants: ["5511977776666"] }));
        assert.ok(["provider", "network"].includes(e.kind), e.kind);
        assert.equal(requests(createPath).length, 1, JSON.stringify(script));
      }
    });

    test(`${provider}: a create is repeated after a 429 (the provider did nothing)`, async () => {
      sim.script({ provider, path: createPath, status: 429, headers: { "Retry-After": "1" }, body: "{}" });
      const t0 = Date.now();
      const created = await new Client(options(provider)).createGroup({ name: "After 429", participants: ["5511977776666"] });
      assert.match(created.groupId, /@g\.us$/);
      assert.ok(Date.now() - t0 >= 1000, "Retry-After was not honoured");
      assert.equal(requests(createPath).length, 2);
      assert.equal(sim.state(provider).groups.filter((g) => g.name === "After 429").length, 1);
    });

    test(`${provider}: retryUnsafe opts a create into being repeated`, async () => {
      sim.script({ provider, path: createPath, status: 500, body: "{}" });
      const created = await new Client(options(provider, { retryUnsafe: true })).createGroup({ name: "Opted in", participants: ["5511977776666"] });
      assert.match(created.groupId, /@g\.us$/);
      assert.equal(requests(createPath).length, 2);
    });

    test(`${provider}: maxRetries 0 reports the first failure`, async () => {
      sim.script({ provider, path: linkPath, status: 503, body: "{}" });
      const e = await rejection(new Client(options(provider, { maxRetries: 0 })).linkGroups(COMMUNITY, [TURMA_B]));
      assert.equal(e.status, 503);
      assert.equal(requests(linkPath).length, 1);
    });

    test(`${provider}: refusals other than 429 and 5xx are never repeated`, async () => {
      sim.script({ provider, path: linkPath, status: 400, body: "{}", times: 3 });
      await rejection(new Client(options(provider, { maxRetries: 2 })).linkGroups(COMMUNITY, [TURMA_B]));
      assert.equal(requests(linkPath).length, 1);
    });
  }

  test("a create is repeated when the connection was refused (it never left)", async () => {
    let calls = 0;
    const fetch = async (url, init) => {
      if (++calls === 1) throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
      return globalThis.fetch(url, init);
    };
    const created = await new Client(options("zapi", { fetch })).createGroup({ name: "Refused first", participants: ["5511977776666"] });
    assert.match(created.groupId, /@g\.us$/);
    assert.equal(calls, 2);
  });

  test("an abort during the back-off ends the call at once", async () => {
    sim.script({ provider: "ryze", path: "/api/group/info", status: 429, headers: { "Retry-After": "30" }, body: "{}" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t0 = Date.now();
    const e = await rejection(new Client(options("ryze")).getInvitationLink(TURMA_B, { signal: controller.signal }));
    assert.equal(e.kind, "aborted");
    assert.ok(Date.now() - t0 < 2000);
  });

  test("a provider wait longer than ten minutes is reported, not waited for", async () => {
    sim.script({ provider: "zapi", path: linkPath(), status: 429, headers: { "Retry-After": "3600" }, body: "{}" });
    const e = await rejection(new Client(options("zapi")).linkGroups(COMMUNITY, [TURMA_B]));
    assert.equal(e.kind, "rate_limited");
    assert.equal(e.retryAfterMs, 3_600_000);
  });
  function linkPath() {
    return "/communities/link";
  }
});

describe("the client-side rate limit", () => {
  test("calls beyond the limit wait in line instead of provoking 429s", async () => {
    const sent = [];
    const fetch = async (url) => {
      sent.push(Date.now());
      return new Response(JSON.stringify({ phone: `${TURMA_B}-group`, invitationLink: "https://chat.whatsapp.com/AbC" }));
    };
    const client = new Client({ provider: "zapi", instance: "I", token: `limit-${unique++}-token`, fetch, rateLimit: { requests: 3, intervalMs: 600 } });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 7 }, () => client.getInvitationLink(TURMA_B)));
    const offsets = sent.map((t) => t - t0);
    // 3 at once, 3 more a window later, the last a window after that.
    assert.ok(
      offsets.slice(0, 3).every((t) => t < 150),
      offsets.join(),
    );
    assert.ok(
      offsets.slice(3, 6).every((t) => t >= 550 && t < 900),
      offsets.join(),
    );
    assert.ok(offsets[6] >= 1150, offsets.join());
  });

  test("clients sharing a token share its limit", async () => {
    const token = `shared-${unique++}-token`;
    let n = 0;
    const fetch = async () => (n++, new Response(JSON.stringify({ phone: `${TURMA_B}-group`, invitationLink: "https://chat.whatsapp.com/AbC" })));
    const a = new Client({ provider: "zapi", instance: "I", token, fetch, rateLimit: { requests: 2, intervalMs: 500 } });
    const b = new Client({ provider: "zapi", instance: "I", token, fetch, rateLimit: { requests: 2, intervalMs: 500 } });
    const t0 = Date.now();
    await Promise.all([a.getInvitationLink(TURMA_B), b.getInvitationLink(TURMA_B), a.getInvitationLink(TURMA_B)]);
    assert.ok(Date.now() - t0 >= 450, "the third call did not wait for the shared window");
    assert.equal(n, 3);
  });

  test("X-RateLimit-Remaining 0 holds calls until X-RateLimit-Reset", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 2;
    const sent = [];
    const fetch = async () => {
      sent.push(Date.now());
      const headers = sent.length === 1 ? { "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(reset) } : {};
      return new Response(JSON.stringify({ success: true, group: { jid: jid(TURMA_B), inviteLink: "https://chat.whatsapp.com/AbC" } }), { headers });
    };
    const client = new Client({ provider: "ryze", instance: "shop", token: `reset-${unique++}-token`, fetch });
    await client.getInvitationLink(TURMA_B);
    await client.getInvitationLink(TURMA_B);
    assert.ok(sent[1] >= reset * 1000 - 50, `second call at ${sent[1]}, reset at ${reset * 1000}`);
  });

  test("a 429 holds every call on the token until Retry-After", async () => {
    let first = true;
    const sent = [];
    const fetch = async () => {
      sent.push(Date.now());
      if (first) {
        first = false;
        return new Response("{}", { status: 429, headers: { "Retry-After": "1" } });
      }
      return new Response(JSON.stringify({ phone: `${TURMA_B}-group`, invitationLink: "https://chat.whatsapp.com/AbC" }));
    };
    const client = new Client({ provider: "zapi", instance: "I", token: `pause-${unique++}-token`, fetch, rateLimit: 1000 });
    const t0 = Date.now();
    const a = client.getInvitationLink(TURMA_B);
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all([a, client.getInvitationLink(TURMA_B)]);
    // Both the retried call and the one queued behind it waited for the second.
    assert.ok(
      sent.slice(1).every((t) => t - t0 >= 950),
      sent.map((t) => t - t0).join(),
    );
  });

  test("an abort while waiting in line ends the call", async () => {
    const fetch = async () => new Response(JSON.stringify({ phone: `${TURMA_B}-group`, invitationLink: "https://chat.whatsapp.com/AbC" }));
    const client = new Client({ provider: "zapi", instance: "I", token: `wait-${unique++}-token`, fetch, rateLimit: { requests: 1, intervalMs: 60_000 } });
    await client.getInvitationLink(TURMA_B);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const e = await rejection(client.getInvitationLink(TURMA_B, { signal: controller.signal }));
    assert.equal(e.kind, "aborted");
  });

  test("RyzeAPI's default is its documented 100 per minute; bad values are validation", () => {
    assert.throws(
      () => new Client({ provider: "ryze", instance: "s", token: "tttttttt", rateLimit: 0 }),
      (e) => e.kind === "validation" && e.issues[0].field === "rateLimit",
    );
    assert.throws(
      () => new Client({ provider: "ryze", instance: "s", token: "tttttttt", rateLimit: { requests: 5, intervalMs: -1 } }),
      (e) => e.issues[0].field === "rateLimit.intervalMs",
    );
    assert.throws(
      () => new Client({ provider: "ryze", instance: "s", token: "tttttttt", maxRetries: 11 }),
      (e) => e.issues[0].field === "maxRetries",
    );
  });
});

describe("batch", () => {
  test("one outcome per call, in input order, with progress", async () => {
    const client = new Client(options("zapi"));
    const calls = [
      { op: "getInvitationLink", groupId: TURMA_B },
      { op: "linkGroups", communityId: COMMUNITY, groupIds: [TURMA_B, "120363400000000012"] },
      { op: "getInvitationLink", groupId: "120363499999999999" },
      { op: "createGroup", name: "", participants: [] },
      { op: "noSuchOperation" },
      { op: "getGroupMetadata", groupId: TURMA_C },
    ];
    const progress = [];
    const outcomes = await client.batch(calls, { concurrency: 2, onProgress: (p) => progress.push(p) });
    assert.equal(outcomes.length, calls.length);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ["fulfilled", "fulfilled", "rejected", "rejected", "rejected", "fulfilled"],
    );
    assert.equal(outcomes[0].value.groupId, jid(TURMA_B));
    assert.deepEqual(outcomes[1].value.linked, [jid(TURMA_B)]);
    assert.equal(outcomes[2].reason.kind, "not_found");
    assert.equal(outcomes[3].reason.kind, "validation");
    assert.equal(outcomes[4].reason.kind, "validation");
    assert.equal(outcomes[5].value.groupId, jid(TURMA_C));
    // Each outcome names its call's operation (as given, even one that is no operation).
    assert.deepEqual(
      outcomes.map((o) => o.op),
      ["getInvitationLink", "linkGroups", "getInvitationLink", "createGroup", "noSuchOperation", "getGroupMetadata"],
    );
    assert.equal(progress.length, calls.length);
    const { settled: lastSettled, ...counts } = progress.at(-1);
    assert.deepEqual(counts, { done: 6, total: 6, fulfilled: 3, rejected: 3 });
    assert.ok(progress.every((p, i) => p.done === i + 1));
    // Each report names the call that settled and its outcome, the one the batch returns.
    assert.deepEqual(progress.map((p) => p.settled.index).sort(), [0, 1, 2, 3, 4, 5]);
    for (const p of progress) assert.equal(p.settled.outcome, outcomes[p.settled.index]);
    assert.ok(lastSettled.outcome.op);
  });

  test("a wait for the rate limit is reported, with how long", async () => {
    const fetch = async () => new Response(JSON.stringify({ phone: `${TURMA_B}-group`, invitationLink: "https://chat.whatsapp.com/AbC" }));
    const client = new Client({ provider: "zapi", instance: "I", token: `progress-${unique++}-token`, fetch, rateLimit: { requests: 2, intervalMs: 500 } });
    const progress = [];
    const outcomes = await client.batch(
      Array.from({ length: 3 }, () => ({ op: "getInvitationLink", groupId: TURMA_B })),
      { concurrency: 3, onProgress: (p) => progress.push(p) },
    );
    assert.ok(outcomes.every((o) => o.status === "fulfilled"));
    const waits = progress.filter((p) => p.rateLimitWaitMs !== undefined);
    assert.ok(waits.length >= 1, JSON.stringify(progress));
    assert.ok(waits.every((w) => w.rateLimitWaitMs > 0 && w.rateLimitWaitMs <= 500 && w.settled === undefined && w.total === 3));
    assert.equal(progress.filter((p) => p.settled).length, 3);
  });

  test("concurrency is respected", async () => {
    let inFlight = 0;
    let most = 0;
    const fetch = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return new Response(JSON.stringify({ phone: `${TURMA_B}-group`, invitationLink: "https://chat.whatsapp.com/AbC" }));
    };
    const client = new Client({ provider: "zapi", instance: "I", token: `conc-${unique++}-token`, fetch });
    const outcomes = await client.batch(
      Array.from({ length: 12 }, () => ({ op: "getInvitationLink", groupId: TURMA_B })),
      { concurrency: 3 },
    );
    assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 12);
    assert.equal(most, 3);
  });

  test("an abort stops cleanly: in flight aborted, the rest not started, nothing lost", async () => {
    sim.script({
      provider: "zapi",
      path: `/group-invitation-link/${TURMA_B}-group`,
      delayMs: 300,
      times: 100,
      body: JSON.stringify({ phone: `${TURMA_B}-group`, invitationLink: "https://chat.whatsapp.com/AbC" }),
    });
    const client = new Client(options("zapi"));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 450);
    const outcomes = await client.batch(
      Array.from({ length: 10 }, () => ({ op: "getInvitationLink", groupId: TURMA_B })),
      { concurrency: 2, signal: controller.signal },
    );
    const statuses = outcomes.map((o) => o.status);
    assert.equal(outcomes.length, 10);
    assert.deepEqual(statuses.slice(0, 2), ["fulfilled", "fulfilled"]);
    assert.deepEqual(
      outcomes.slice(2, 4).map((o) => o.reason?.kind),
      ["aborted", "aborted"],
    );
    assert.deepEqual(statuses.slice(4), Array(6).fill("not_started"));
    assert.ok(
      outcomes.every((o) => o.op === "getInvitationLink"),
      "not started ones name their op too",
    );
  });

  test("a throwing onProgress loses nothing", async () => {
    const client = new Client(options("ryze"));
    const outcomes = await client.batch(
      [
        { op: "getInvitationLink", groupId: TURMA_B },
        { op: "listSubgroups", communityId: COMMUNITY },
      ],
      {
        onProgress: () => {
          throw new Error("boom");
        },
      },
    );
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ["fulfilled", "fulfilled"],
    );
  });

  test("bad arguments are validation errors", async () => {
    const client = new Client(options("zapi"));
    await assert.rejects(client.batch("nope"), (e) => e instanceof WaGroupsError && e.kind === "validation");
    await assert.rejects(client.batch([], { concurrency: 0 }), (e) => e.issues[0].field === "concurrency");
    assert.deepEqual(await client.batch([]), []);
    // An item with no string op is rejected, and its outcome has no op.
    const [nameless, numbered] = await client.batch([{ groupId: TURMA_B }, { op: 5 }]);
    assert.equal(nameless.status, "rejected");
    assert.equal("op" in nameless, false);
    assert.equal(numbered.status, "rejected");
    assert.equal("op" in numbered, false);
  });
});
