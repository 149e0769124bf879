// The packed npm package, installed into a consumer folder, against the gateway
// simulator over loopback: every contract point of the four operations, for both
// providers. Run by scripts/test.sh (which sets WA_GROUPS_SIM to the simulator module).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { Client, WaGroupsError, buildRequest, parseResponse, validate } from "wa-groups";

import { SIM_CREDENTIALS, captureConsole, jid, options, rejection as expectRejection, secretLeaks, sim, startSimulator, useSimulator } from "./harness.mjs";

// Everything the package writes to the console, and every error it produced, is
// checked for secrets at the end.
const consoleOutput = captureConsole();
const errorsSeen = [];

const COMMUNITY = "120363400000000001"; // Escola Central: announcements …002, subgroup …003
const OTHER_COMMUNITY_GROUP = "120363400000000012"; // Futebol, in Clube
const NOT_ADMIN_GROUP = "120363400000000020";
const OLD_STYLE = "5511900000000-1623281429";

useSimulator();

/** A WaGroupsError of `kind` (checked by the harness), kept for the sweep at the end. */
const rejection = (promise, kind) => expectRejection(promise, kind, errorsSeen);

function providerRequests() {
  return sim.requests().filter((r) => r.provider !== null);
}

/** A loopback port nothing listens on (it was just free). */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every requested group is in exactly one of the two lists, in request order. */
function assertPartition(result, requested, doneKey) {
  const done = result[doneKey];
  const failed = result.failed.map((f) => f.groupId);
  for (const g of requested) {
    const n = done.filter((x) => x === g).length + failed.filter((x) => x === g).length;
    assert.equal(n, 1, `${g} appears ${n} times in ${JSON.stringify(result)}`);
  }
  assert.equal(done.length + failed.length, requested.length);
}

for (const provider of ["zapi", "ryze"]) {
  describe(`${provider}: the four operations`, () => {
    test("createGroup returns canonical ids and sends the provider's own form", async () => {
      const client = new Client(options(provider));
      const created = await client.createGroup({ name: "Turma E", participants: ["+55 (11) 98888-7777", "5511977776666@s.whatsapp.net"] });
      assert.match(created.groupId, /^\d+@g\.us$/);
      assert.match(created.invitationLink, /^https:\/\/chat\.whatsapp\.com\/\w+$/);
      assert.deepEqual(created.notAdded, []);
      const [sent] = providerRequests();
      const body = JSON.parse(sent.body);
      if (provider === "zapi") {
        assert.deepEqual(body, { autoInvite: false, groupName: "Turma E", phones: ["5511988887777", "5511977776666"] });
      } else {
        assert.deepEqual(body, { name: "Turma E", participants: ["5511988887777", "5511977776666"] });
      }
      const state = sim.state(provider);
      assert.ok(
        state.groups.some((g) => g.jid === created.groupId && g.name === "Turma E"),
        "group not in the simulator's state",
      );
    });

    test("createGroup reports participants that could not be added", async () => {
      const client = new Client(options(provider));
      // The simulator treats numbers ending in 0000 as blocked by privacy settings.
      const created = await client.createGroup({ name: "Privacy", participants: ["5511977776666", "+55 11 95555-0000"] });
      assert.deepEqual(created.notAdded, ["5511955550000"]);
    });

    test("getInvitationLink accepts every id form and answers in canonical form", async () => {
      const client = new Client(options(provider));
      const links = new Set();
      for (const form of ["120363400000000004-group", "120363400000000004@g.us", "120363400000000004"]) {
        const link = await client.getInvitationLink(form);
        assert.equal(link.groupId, "120363400000000004@g.us");
        assert.match(link.invitationLink, /^https:\/\/chat\.whatsapp\.com\/\w+$/);
        links.add(link.invitationLink);
      }
      assert.equal(links.size, 1, "the same group gave different links");
      const old = await client.getInvitationLink(OLD_STYLE);
      assert.equal(old.groupId, `${OLD_STYLE}@g.us`);
      const paths = providerRequests().map((r) => r.path);
      if (provider === "zapi") {
        assert.ok(
          paths.every((p) => /\/group-invitation-link\/(120363400000000004-group|5511900000000-1623281429)$/.test(p)),
          paths.join("\n"),
        );
      } else {
        assert.ok(
          paths.every((p) => p.includes("identifier=120363400000000004%40g.us") || p.includes("identifier=5511900000000-1623281429%40g.us")),
          paths.join("\n"),
        );
      }
    });

    test("getInvitationLink of an unknown group is not_found", async () => {
      const client = new Client(options(provider));
      const e = await rejection(client.getInvitationLink("120363499999999999"), "not_found");
      assert.equal(e.status, 404);
      assert.equal(e.provider, provider);
      assert.equal(e.operation, "getInvitationLink");
    });

    test("linkGroups links and the simulator's state agrees", async () => {
      const client = new Client(options(provider));
      const requested = ["120363400000000004-group", "120363400000000005@g.us"];
      const result = await client.linkGroups(COMMUNITY, requested);
      assert.deepEqual(result, { communityId: jid(COMMUNITY), linked: [jid("120363400000000004"), jid("120363400000000005")], failed: [] });
      const community = sim.state(provider).communities.find((c) => c.jid === jid(COMMUNITY));
      assert.ok(community, "community missing from state");
      const inCommunity = sim
        .state(provider)
        .groups.filter((g) => g.communityId === COMMUNITY || g.communityJid === jid(COMMUNITY))
        .map((g) => g.jid);
      assert.ok(inCommunity.includes(jid("120363400000000004")) && inCommunity.includes(jid("120363400000000005")), JSON.stringify(inCommunity));
    });

    test("linkGroups with partial success resolves, every group in exactly one list", async () => {
      const client = new Client(options(provider));
      const requested = ["120363400000000004", OTHER_COMMUNITY_GROUP, NOT_ADMIN_GROUP, "120363499999999999", "120363400000000003"];
      const result = await client.linkGroups(`${COMMUNITY}@g.us`, requested);
      const canonical = requested.map(jid);
      assertPartition(result, canonical, "linked");
      // …004 is free, …003 is already in this very community (linking converges).
      assert.deepEqual(result.linked, [jid("120363400000000004"), jid("120363400000000003")]);
      const reasons = Object.fromEntries(result.failed.map((f) => [f.groupId, f.reason]));
      assert.deepEqual(Object.keys(reasons), [jid(OTHER_COMMUNITY_GROUP), jid(NOT_ADMIN_GROUP), jid("120363499999999999")]);
      assert.match(reasons[jid(OTHER_COMMUNITY_GROUP)], /another community/);
      assert.match(reasons[jid(NOT_ADMIN_GROUP)], /admin/);
      assert.match(reasons[jid("120363499999999999")], /not found/);
    });

    test("a 200 that refused every group resolves with all of them in failed", async () => {
      const client = new Client(options(provider));
      const result = await client.linkGroups(COMMUNITY, [OTHER_COMMUNITY_GROUP, NOT_ADMIN_GROUP]);
      assert.deepEqual(result.linked, []);
      assertPartition(result, [jid(OTHER_COMMUNITY_GROUP), jid(NOT_ADMIN_GROUP)], "linked");
    });

    test("unlinkGroups unlinks, and the last ordinary group stays", async () => {
      const client = new Client(options(provider));
      await client.linkGroups(COMMUNITY, ["120363400000000004"]);
      // Both ordinary groups asked to leave: the community must keep one, so the second is refused.
      const result = await client.unlinkGroups(COMMUNITY, ["120363400000000003", "120363400000000004"]);
      assertPartition(result, [jid("120363400000000003"), jid("120363400000000004")], "unlinked");
      assert.deepEqual(result.unlinked, [jid("120363400000000003")]);
      assert.equal(result.failed[0].groupId, jid("120363400000000004"));
      assert.match(result.failed[0].reason, /at least one/);
      assert.deepEqual(Object.keys(result).sort(), ["communityId", "failed", "unlinked"]);
    });

    test("validation names every problem and sends nothing", async () => {
      const client = new Client(options(provider));
      sim.clearRequests();
      const e = await rejection(client.createGroup({ name: " ", participants: ["abc", "+55 11", "5511977776666", "5511977776666"] }), "validation");
      assert.deepEqual(
        e.issues.map((i) => i.field),
        ["name", "participants[0]", "participants[1]", "participants[3]"],
      );
      for (const i of e.issues) assert.ok(i.message.length > 5, i.message);
      const e2 = await rejection(client.linkGroups("not-a-community", ["../etc", "120363400000000004?x", ...Array(50).fill("120363400000000005")]), "validation");
      assert.ok(e2.issues.some((i) => i.field === "communityId"));
      assert.ok(
        e2.issues.some((i) => i.field === "groupIds"),
        "the 50-group limit was not reported",
      );
      await rejection(client.getInvitationLink("120363400000000004#frag"), "validation");
      await rejection(client.unlinkGroups(COMMUNITY, []), "validation");
      assert.equal(providerRequests().length, 0, "a request was sent despite invalid input");
    });

    test("a wrong token is an auth error", async () => {
      const client = new Client(options(provider, { token: "WRONG-TOKEN-123" }));
      const e = await rejection(client.getInvitationLink("120363400000000004"), "auth");
      assert.equal(e.status, 401);
    });

    test("an unknown instance is auth (a refused credential, like a wrong token)", async () => {
      const client = new Client(options(provider, { instance: "NO-SUCH-INSTANCE" }));
      const e = await rejection(client.getInvitationLink("120363400000000004"), "auth");
      assert.equal(e.status, 404);
      assert.match(e.message, /Instance not found/);
    });

    test("a disconnected instance is disconnected", async () => {
      sim.configure({ disconnected: { [provider]: true } });
      const client = new Client(options(provider));
      const e = await rejection(client.linkGroups(COMMUNITY, ["120363400000000004"]), "disconnected");
      assert.equal(e.status, 400);
    });

    test("any other refusal is provider, with the provider's message and body", async () => {
      const body = provider === "zapi" ? '{"error":"Something broke inside"}' : '{"success":false,"error":{"message":"Something broke inside"}}';
      sim.script({ provider, path: provider === "zapi" ? "/create-group" : "/api/group/create", status: 500, body });
      const client = new Client(options(provider));
      const e = await rejection(client.createGroup({ name: "X", participants: ["5511977776666"] }), "provider");
      assert.equal(e.status, 500);
      assert.match(e.message, /Something broke inside/);
      assert.equal(e.body, body);
    });

    test("rate_limited carries retryAfterMs from Retry-After", async () => {
      sim.script({ provider, path: provider === "zapi" ? "/communities/link" : "/api/community/link", status: 429, headers: { "Retry-After": "3" }, body: "{}" });
      // No retries: this checks how a 429 is reported (retries are tested in retries.test.mjs).
      const client = new Client(options(provider, { maxRetries: 0 }));
      const e = await rejection(client.linkGroups(COMMUNITY, ["120363400000000004"]), "rate_limited");
      assert.equal(e.status, 429);
      assert.equal(e.retryAfterMs, 3000);
    });

    test("rate_limited understands an HTTP-date Retry-After", async () => {
      const at = new Date(Date.now() + 30_000).toUTCString();
      sim.script({ provider, path: provider === "zapi" ? "/communities/unlink" : "/api/community/unlink", status: 429, headers: { "Retry-After": at }, body: "{}" });
      const client = new Client(options(provider, { maxRetries: 0 }));
      const e = await rejection(client.unlinkGroups(COMMUNITY, ["120363400000000003"]), "rate_limited");
      assert.ok(e.retryAfterMs > 25_000 && e.retryAfterMs <= 31_000, String(e.retryAfterMs));
    });

    test("a dropped connection is network", async () => {
      sim.script({ provider, path: provider === "zapi" ? "/create-group" : "/api/group/create", drop: true });
      const client = new Client(options(provider));
      const e = await rejection(client.createGroup({ name: "X", participants: ["5511977776666"] }), "network");
      assert.equal(e.status, undefined);
    });

    test("timeoutMs elapsing is timeout", async () => {
      sim.script({ provider, path: provider === "zapi" ? "/group-invitation-link/120363400000000004-group" : "/api/group/info", delayMs: 1500, body: "{}" });
      const client = new Client(options(provider, { timeoutMs: 150, maxRetries: 0 }));
      const started = Date.now();
      await rejection(client.getInvitationLink("120363400000000004"), "timeout");
      assert.ok(Date.now() - started < 1400, "the call waited for the slow answer");
    });

    test("the caller's AbortSignal is aborted, before or during the call", async () => {
      const client = new Client(options(provider));
      sim.script({ provider, path: provider === "zapi" ? "/group-invitation-link/120363400000000004-group" : "/api/group/info", delayMs: 1500, body: "{}" });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await rejection(client.getInvitationLink("120363400000000004", { signal: controller.signal }), "aborted");
      sim.clearRequests();
      await rejection(client.getInvitationLink("120363400000000004", { signal: AbortSignal.abort() }), "aborted");
      assert.equal(providerRequests().length, 0, "an already-aborted call was sent");
    });

    test("an unanswered create says whether it may have arrived (mayHaveArrived)", async () => {
      const createPath = provider === "zapi" ? "/create-group" : "/api/group/create";
      const input = { name: "Turma M", participants: ["5511977776666"] };
      // Sent, then no answer in time: it may have been made (and it is not sent again).
      sim.script({ provider, path: createPath, delayMs: 1500, body: "{}" });
      const slow = new Client(options(provider, { timeoutMs: 150 }));
      const timedOut = await rejection(slow.createGroup(input), "timeout");
      assert.equal(timedOut.mayHaveArrived, true);
      assert.equal(providerRequests().length, 1);
      // Aborted before it left: it was not made.
      const aborted = await rejection(new Client(options(provider)).createGroup(input, { signal: AbortSignal.abort() }), "aborted");
      assert.equal(aborted.mayHaveArrived, false);
      // Nothing listens there: the connection was refused, nothing left.
      const closed = new Client(options(provider, { baseUrl: `http://127.0.0.1:${await closedPort()}`, maxRetries: 0 }));
      const refused = await rejection(closed.createGroup(input), "network");
      assert.equal(refused.mayHaveArrived, false);
      // An answer (even a refusal) carries its status instead; it is in toJSON when set.
      sim.script({ provider, path: createPath, status: 500, body: "{}" });
      const answered = await rejection(new Client(options(provider)).createGroup(input), "provider");
      assert.equal(answered.mayHaveArrived, undefined);
      assert.equal(JSON.parse(JSON.stringify(timedOut)).mayHaveArrived, true);
    });

    test("an undocumented 2xx body is decode", async () => {
      sim.script({
        provider,
        path: provider === "zapi" ? "/communities/link" : "/api/community/link",
        status: 200,
        headers: { "Content-Type": "text/html" },
        body: "<html><body>Bad gateway</body></html>",
      });
      const client = new Client(options(provider));
      const e = await rejection(client.linkGroups(COMMUNITY, ["120363400000000004"]), "decode");
      assert.equal(e.status, 200);
      assert.match(e.body, /Bad gateway/);
    });

    test("a custom fetch is called bound to globalThis", async () => {
      let calls = 0;
      // Like a browser's fetch kept in a variable: illegal unless this === globalThis.
      function strictFetch(url, init) {
        if (this !== globalThis) throw new TypeError("Illegal invocation");
        calls++;
        return fetch(url, init);
      }
      const client = new Client(options(provider, { fetch: strictFetch }));
      const link = await client.getInvitationLink("120363400000000005");
      assert.equal(link.groupId, jid("120363400000000005"));
      assert.equal(calls, 1);
    });

    test("buildRequest + own fetch + parseResponse gives what Client gives", async () => {
      const config = options(provider);
      const call = { op: "linkGroups", communityId: COMMUNITY, groupIds: ["120363400000000004", OTHER_COMMUNITY_GROUP] };
      assert.deepEqual(validate(config, call), []);
      const req = buildRequest(config, call);
      assert.deepEqual(Object.keys(req).sort(), ["body", "headers", "method", "url"]);
      const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined });
      const viaCore = parseResponse(config, call, { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() });
      sim.reset();
      const viaClient = await new Client(config).linkGroups(call.communityId, call.groupIds);
      assert.deepEqual(viaCore, viaClient);
      assertPartition(viaCore, call.groupIds.map(jid), "linked");
    });
  });
}

describe("provider-specific behaviour", () => {
  test("zapi: autoInvite is sent; ryze: it is refused before sending", async () => {
    const zapi = new Client(options("zapi"));
    await zapi.createGroup({ name: "Convites", participants: ["5511977776666"], autoInvite: true });
    assert.equal(JSON.parse(providerRequests()[0].body).autoInvite, true);
    sim.clearRequests();
    const ryze = new Client(options("ryze"));
    const e = await rejection(ryze.createGroup({ name: "Convites", participants: ["5511977776666"], autoInvite: true }), "validation");
    assert.deepEqual(
      e.issues.map((i) => i.field),
      ["autoInvite"],
    );
    assert.equal(providerRequests().length, 0);
  });

  test("zapi: the invitation link falls back to POST when GET is refused with 405", async () => {
    // An instance on the API before 2026-02-18 takes only POST.
    sim.configure({ zapiInvitationLinkMethod: "POST" });
    const client = new Client(options("zapi"));
    const link = await client.getInvitationLink("120363400000000004");
    assert.equal(link.groupId, jid("120363400000000004"));
    assert.match(link.invitationLink, /^https:\/\/chat\.whatsapp\.com\//);
    assert.deepEqual(
      providerRequests().map((r) => [r.method, r.status]),
      [
        ["GET", 405],
        ["POST", 200],
      ],
    );
    const [get, post] = providerRequests();
    assert.equal(post.path, get.path);
    assert.equal(post.body, "");
  });

  test("zapi: a missing or wrong Client-Token is auth; a missing one says to set clientToken", async () => {
    const { clientToken, ...noClientToken } = options("zapi");
    const missing = await rejection(new Client(noClientToken).getInvitationLink("120363400000000004"), "auth");
    assert.equal(missing.status, 400);
    assert.equal(missing.message, "Z-API refused the request (HTTP 400): null not allowed (the gateway wants a Client-Token: set clientToken to the account's security token)");
    const wrong = await rejection(new Client(options("zapi", { clientToken: "WRONG-CLIENT" })).getInvitationLink("120363400000000004"), "auth");
    assert.equal(wrong.status, 401);
    assert.match(wrong.message, /Client-Token not allowed/);
    assert.doesNotMatch(wrong.message, /set clientToken/, "a clientToken was set: the hint does not apply");
    assert.ok(clientToken);
  });

  test("zapi: an error body that echoes the URL is redacted", async () => {
    // The simulator answers unknown routes like Express: "Cannot POST /instances/…/token/<token>/…".
    const config = options("zapi");
    const req = buildRequest(config, { op: "createGroup", name: "X", participants: ["5511977776666"] });
    const res = await fetch(req.url.replace("/create-group", "/create-groupz"), { method: "POST", headers: req.headers, body: req.body });
    const text = await res.text();
    assert.ok(text.includes(SIM_CREDENTIALS.zapi.token), "the simulator should echo the path");
    let e;
    try {
      parseResponse(config, { op: "createGroup", name: "X", participants: ["5511977776666"] }, { status: res.status, body: text });
    } catch (caught) {
      e = caught;
    }
    errorsSeen.push(e);
    assert.equal(e.kind, "not_found");
    assert.match(e.body, /\/token\/\*\*\*\//);
  });

  test("ryze: over the rate limit is rate_limited, with retryAfterMs from X-RateLimit-Reset", async () => {
    sim.configure({ ryzeRateLimit: 2 });
    // Neither our own limiter nor retries: this checks how the provider's 429 is reported.
    const client = new Client(options("ryze", { rateLimit: false, maxRetries: 0 }));
    await client.getInvitationLink("120363400000000004");
    await client.getInvitationLink("120363400000000005");
    const e = await rejection(client.getInvitationLink("120363400000000006"), "rate_limited");
    assert.equal(e.status, 429);
    assert.match(e.message, /Rate limit exceeded/);
    assert.ok(Number.isInteger(e.retryAfterMs) && e.retryAfterMs >= 0 && e.retryAfterMs <= 61_000, String(e.retryAfterMs));
  });

  test("the invitation link of a group where we are not admin is forbidden, on both providers", async () => {
    // RyzeAPI answers 200 with the group but without its link (only admins see it).
    const ryze = await rejection(new Client(options("ryze")).getInvitationLink(NOT_ADMIN_GROUP), "forbidden");
    assert.equal(ryze.status, 200);
    assert.equal(ryze.operation, "getInvitationLink");
    assert.match(ryze.message, /only admins see it/);
    // Z-API answers 403 "Sem permissão".
    const zapi = await rejection(new Client(options("zapi")).getInvitationLink(NOT_ADMIN_GROUP), "forbidden");
    assert.equal(zapi.status, 403);
    assert.match(zapi.message, /Sem permissão: you are not an admin of this group/);
  });

  test("network: nothing listening", async () => {
    const closed = await startSimulator();
    const url = closed.url;
    await closed.close();
    const e = await rejection(new Client({ ...options("ryze"), baseUrl: url }).getInvitationLink("120363400000000004"), "network");
    assert.equal(e.provider, "ryze");
  });
});

describe("the error class and the synchronous exports", () => {
  test("the constructor throws WaGroupsError naming every bad option", () => {
    let e;
    try {
      new Client({ provider: "whatsapp", instance: "", token: 5, baseUrl: "ftp://x", timeoutMs: 0, fetch: "no" });
    } catch (caught) {
      e = caught;
    }
    errorsSeen.push(e);
    assert.ok(e instanceof WaGroupsError);
    assert.equal(e.kind, "validation");
    assert.deepEqual(
      e.issues.map((i) => i.field),
      ["provider", "instance", "token", "baseUrl", "timeoutMs", "fetch"],
    );
  });

  test("buildRequest and parseResponse throw WaGroupsError; validate returns issues", () => {
    const config = options("ryze");
    assert.deepEqual(
      validate(config, { op: "getInvitationLink", groupId: "x y" }).map((i) => i.field),
      ["groupId"],
    );
    assert.throws(
      () => buildRequest(config, { op: "getInvitationLink", groupId: "x y" }),
      (e) => errorsSeen.push(e) > 0 && e instanceof WaGroupsError && e.kind === "validation",
    );
    assert.throws(
      () => parseResponse(config, { op: "getInvitationLink", groupId: "120363400000000004" }, { status: 401, body: '{"success":false,"error":{"message":"Invalid instance token"}}' }),
      (e) => errorsSeen.push(e) > 0 && e instanceof WaGroupsError && e.kind === "auth" && e.status === 401,
    );
  });

  test("errors serialise to the documented properties", () => {
    const e = new WaGroupsError("boom", { kind: "rate_limited", retryAfterMs: 5, provider: "ryze" });
    assert.deepEqual(JSON.parse(JSON.stringify(e)), { name: "WaGroupsError", message: "boom", kind: "rate_limited", provider: "ryze", retryAfterMs: 5 });
    assert.equal(String(e), "WaGroupsError: boom");
  });
});

test("no error, property or console line contains a token or client token", () => {
  assert.ok(errorsSeen.length >= 40, `only ${errorsSeen.length} errors were collected`);
  assert.deepEqual(secretLeaks(errorsSeen, consoleOutput), []);
});
