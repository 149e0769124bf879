// The packed npm package against the simulator: what issue 10 added from the gateways'
// docs (docs/wire-reference.md): pending join requests, creation options, a group's photo
// removed, the community's photo and participants, group-add privacy, webhook delivery,
// and `for await` over every listing. Each success checks the typed result, the request
// in the provider's wire form and the simulator's state; what a provider cannot do is
// "unsupported" (a whole operation) or "validation" (one field), before anything is sent.
// The webhook's authorization is a secret: no error, event or preview may show it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, buildRequest, operations, validate } from "wa-groups";

import { SIM_CREDENTIALS, jid, options, rejection as expectRejection, secretLeaks, sent, sim, useSimulator } from "./harness.mjs";

const errorsSeen = [];
const rejection = (promise, kind) => expectRejection(promise, kind, errorsSeen);

const ESCOLA = "120363400000000001";
const AVISOS = "120363400000000002"; // Escola's announcements group: its members are the community's
const TURMA_B = "120363400000000004";
const TURMA_C = "120363400000000005"; // requireAdminApproval, 2 pending requests
const EXTERNO = "120363400000000020"; // the bot is a plain member
const NEW_1 = "120363500000000001";
const RYZE = SIM_CREDENTIALS.ryze.instance;
const HOOK_SECRET = "Bearer hook-secret-5c1e7a90d4";

useSimulator();

const client = (provider, extra) => new Client(options(provider, extra));
const group = (provider, id) => sim.state(provider).groups.find((g) => g.id === id);
const community = (provider, id) => sim.state(provider).communities.find((c) => c.id === id);

function only() {
  const all = sent();
  assert.equal(all.length, 1, JSON.stringify(all));
  return all[0];
}

async function invalid(promise, fields) {
  const e = await rejection(promise, "validation");
  assert.deepEqual(
    e.issues.map((i) => i.field),
    fields,
    JSON.stringify(e.issues),
  );
  assert.deepEqual(sent(), [], "a request was sent despite invalid input");
  return e;
}

async function unsupported(provider, promise, operation) {
  const before = sim.state(provider);
  const e = await rejection(promise, "unsupported");
  assert.equal(e.operation, operation);
  assert.ok(e.message.includes(operation), e.message);
  assert.deepEqual(sent(), []);
  assert.deepEqual(sim.state(provider), before);
}

test("operations lists each provider's new operations up front", () => {
  for (const op of ["updateCommunityPhoto", "addCommunityParticipants", "removeCommunityParticipants", "promoteCommunityParticipants", "demoteCommunityParticipants", "setGroupAddPrivacy"]) {
    assert.ok(operations.zapi.includes(op), op);
    assert.ok(!operations.ryze.includes(op), op);
  }
  for (const op of ["removeGroupPhoto", "listPendingRequests"]) {
    assert.ok(operations.ryze.includes(op), op);
    assert.ok(!operations.zapi.includes(op), op);
  }
  assert.ok(operations.zapi.includes("setWebhook") && operations.ryze.includes("setWebhook"));
});

describe("pending join requests", () => {
  test("ryze: listPendingRequests gives each requester's id (a LID) and phone when shown; approving by that id lets them in", async () => {
    const c = client("ryze");
    sim.clearRequests();
    const list = await c.listPendingRequests(TURMA_C);
    assert.deepEqual(only(), { method: "GET", path: `/api/group/requests/${RYZE}?identifier=${encodeURIComponent(jid(TURMA_C))}`, body: null });
    assert.equal(list.groupId, jid(TURMA_C));
    const expected = group("ryze", TURMA_C).joinRequests;
    assert.equal(list.requests.length, 2);
    for (const [i, r] of list.requests.entries()) {
      assert.match(r.id, /^\d+@lid$/);
      assert.equal(r.phone, expected[i].phoneHidden ? null : expected[i].phone);
      assert.equal(r.requestedAt, Date.parse(expected[i].requestedAt));
    }
    const hidden = list.requests.find((r) => r.phone === null);
    assert.ok(hidden, "the seed hides one requester's phone");
    const approved = await c.approveParticipants(TURMA_C, [hidden.id]);
    assert.deepEqual(approved.failed, []);
    assert.equal((await c.listPendingRequests(TURMA_C)).requests.length, 1);
  });

  test("ryze: listPendingRequests where the bot is no admin is forbidden; an unknown group not_found", async () => {
    const c = client("ryze");
    const e = await rejection(c.listPendingRequests(EXTERNO), "forbidden");
    assert.match(e.message, /must be admin/);
    await rejection(c.listPendingRequests("120363499999999999"), "not_found");
  });

  test("zapi: listPendingRequests is unsupported, nothing sent", async () => {
    sim.clearRequests();
    await unsupported("zapi", client("zapi").listPendingRequests(TURMA_C), "listPendingRequests");
  });
});

describe("creation options", () => {
  test("ryze: createGroup with description, photo, a community and settings: one request, all applied", async () => {
    const c = client("ryze");
    sim.clearRequests();
    const created = await c.createGroup({
      name: "Turma E",
      participants: ["5511987654321"],
      description: "Avisos da turma E",
      photo: "https://example.com/turma-e.png",
      communityId: ESCOLA,
      settings: { onlyAdminsCanSend: true, requireAdminApproval: true },
    });
    assert.equal(created.groupId, jid(NEW_1));
    assert.deepEqual(only().body, {
      name: "Turma E",
      participants: ["5511987654321"],
      description: "Avisos da turma E",
      image: "https://example.com/turma-e.png",
      communityJid: jid(ESCOLA),
      groupSettings: { membersCanSendMessages: false, requireAdminApproval: true },
    });
    const g = group("ryze", NEW_1);
    assert.equal(g.description, "Avisos da turma E");
    assert.equal(g.communityId, ESCOLA);
    assert.equal(g.settings.membersCanSendMessages, false);
    assert.equal(g.settings.requireAdminApproval, true);
  });

  test("zapi: createGroup's RyzeAPI-only fields are each an issue naming the call that does it, nothing sent", async () => {
    sim.clearRequests();
    const e = await invalid(
      client("zapi").createGroup({
        name: "Turma E",
        participants: ["5511987654321"],
        description: "x",
        photo: "https://example.com/p.png",
        communityId: ESCOLA,
        settings: { onlyAdminsCanSend: true },
      }),
      ["description", "photo", "communityId", "settings"],
    );
    assert.match(e.issues[0].message, /updateGroupDescription/);
    assert.match(e.issues[2].message, /linkGroups/);
  });

  test("ryze: createCommunity with a photo and requireApproval sends image and membershipApprovalMode", async () => {
    const c = client("ryze");
    sim.clearRequests();
    const created = await c.createCommunity({ name: "Clube Novo", photo: "https://example.com/c.png", requireApproval: true });
    assert.equal(created.isCommunity, true);
    assert.deepEqual(only().body, { name: "Clube Novo", image: "https://example.com/c.png", membershipApprovalMode: "request_required" });
    const made = community("ryze", created.communityId.replace("@g.us", ""));
    assert.ok(made.photo, "the simulator stored the photo");
  });

  test("zapi: createCommunity with a photo or requireApproval is validation, nothing sent", async () => {
    sim.clearRequests();
    await invalid(client("zapi").createCommunity({ name: "Clube Novo", photo: "https://example.com/c.png", requireApproval: true }), ["photo", "requireApproval"]);
  });
});

describe("photos", () => {
  test("ryze: removeGroupPhoto sends removeImage and the photo is gone", async () => {
    const c = client("ryze");
    await c.updateGroupPhoto(TURMA_B, "https://example.com/b.png");
    assert.ok(group("ryze", TURMA_B).photo);
    sim.clearRequests();
    assert.deepEqual(await c.removeGroupPhoto(TURMA_B), { groupId: jid(TURMA_B) });
    assert.deepEqual(only(), { method: "PUT", path: `/api/group/update/${RYZE}`, body: { identifier: jid(TURMA_B), removeImage: true } });
    assert.equal(group("ryze", TURMA_B).photo, null);
  });

  test("zapi: removeGroupPhoto is unsupported", async () => {
    sim.clearRequests();
    await unsupported("zapi", client("zapi").removeGroupPhoto(TURMA_B), "removeGroupPhoto");
  });

  test("zapi: updateCommunityPhoto sets the community's photo; a bad photo is validation", async () => {
    const c = client("zapi");
    sim.clearRequests();
    assert.deepEqual(await c.updateCommunityPhoto(ESCOLA, "https://example.com/escola.png"), { communityId: jid(ESCOLA) });
    assert.deepEqual(only(), { method: "POST", path: "/update-community-photo", body: { communityId: ESCOLA, communityPhoto: "https://example.com/escola.png" } });
    assert.equal(community("zapi", ESCOLA).photo.source, "url");
    sim.clearRequests();
    await invalid(c.updateCommunityPhoto(ESCOLA, "not a photo"), ["photo"]);
  });

  test("ryze: updateCommunityPhoto is unsupported", async () => {
    sim.clearRequests();
    await unsupported("ryze", client("ryze").updateCommunityPhoto(ESCOLA, "https://example.com/escola.png"), "updateCommunityPhoto");
  });
});

describe("a community's participants (Z-API)", () => {
  const PHONE = "5511987654321";
  test("add, promote, demote, remove: the announcements group's members change; one result per phone", async () => {
    const c = client("zapi");
    sim.clearRequests();
    const added = await c.addCommunityParticipants(ESCOLA, [PHONE], { autoInvite: true });
    assert.deepEqual(added, { communityId: jid(ESCOLA), succeeded: [PHONE], failed: [] });
    assert.deepEqual(only(), { method: "POST", path: "/add-participant", body: { autoInvite: true, communityId: ESCOLA, phones: [PHONE] } });
    const inAvisos = () => group("zapi", AVISOS).participants.find((p) => p.phone === PHONE);
    assert.ok(inAvisos());
    await c.promoteCommunityParticipants(ESCOLA, [PHONE]);
    assert.equal(inAvisos().isAdmin, true);
    await c.demoteCommunityParticipants(ESCOLA, [PHONE]);
    assert.equal(inAvisos().isAdmin, false);
    sim.clearRequests();
    assert.deepEqual(await c.removeCommunityParticipants(ESCOLA, [PHONE]), { communityId: jid(ESCOLA), succeeded: [PHONE], failed: [] });
    assert.deepEqual(only().path, "/remove-participant");
    assert.equal(inAvisos(), undefined);
  });

  test("bad phones and a bad community id are issues, nothing sent; RyzeAPI refuses the four as unsupported", async () => {
    sim.clearRequests();
    await invalid(client("zapi").removeCommunityParticipants("not-an-id", ["12"]), ["communityId", "phones[0]"]);
    for (const op of ["addCommunityParticipants", "removeCommunityParticipants", "promoteCommunityParticipants", "demoteCommunityParticipants"]) {
      await unsupported("ryze", client("ryze")[op](ESCOLA, [PHONE]), op);
    }
  });
});

describe("group-add privacy (Z-API)", () => {
  test("setGroupAddPrivacy: contactsExcept with changes to the list", async () => {
    const c = client("zapi");
    sim.clearRequests();
    const r = await c.setGroupAddPrivacy({ who: "contactsExcept", exceptAdd: ["5511911112222"], exceptRemove: ["5511933334444"] });
    assert.deepEqual(r, { who: "contactsExcept" });
    assert.deepEqual(only(), {
      method: "POST",
      path: "/privacy/group-add",
      body: {
        type: "CONTACT_BLACKLIST",
        contactsBlacklist: [
          { action: "add", phone: "5511911112222" },
          { action: "remove", phone: "5511933334444" },
        ],
      },
    });
    assert.deepEqual(sim.state("zapi").privacy.groupAdd, { type: "CONTACT_BLACKLIST", blacklist: ["5511911112222"] });
    assert.deepEqual(await c.setGroupAddPrivacy({ who: "contacts" }), { who: "contacts" });
    assert.equal(sim.state("zapi").privacy.groupAdd.type, "CONTACTS");
  });

  test("a bad scope, exceptions without contactsExcept and unknown keys are issues; RyzeAPI: unsupported", async () => {
    sim.clearRequests();
    await invalid(client("zapi").setGroupAddPrivacy({ who: "nobody", exceptAdd: ["12"], extra: 1 }), ["extra", "who", "exceptAdd[0]"]);
    await invalid(client("zapi").setGroupAddPrivacy({ who: "everyone", exceptAdd: ["5511911112222"] }), ["exceptAdd"]);
    await unsupported("ryze", client("ryze").setGroupAddPrivacy({ who: "everyone" }), "setGroupAddPrivacy");
  });
});

describe("webhook delivery", () => {
  test("zapi: setWebhook points the received webhook (group events included) at the URL", async () => {
    const c = client("zapi");
    sim.clearRequests();
    const r = await c.setWebhook({ url: "https://example.com/wa/hook-7f3e" });
    assert.deepEqual(r, { url: "https://example.com/wa/hook-7f3e", label: null, events: null, hasAuthorization: false });
    assert.deepEqual(only(), { method: "PUT", path: "/update-webhook-received", body: { value: "https://example.com/wa/hook-7f3e" } });
    assert.equal(sim.state("zapi").webhooks.received, "https://example.com/wa/hook-7f3e");
  });

  test("zapi: an http URL, events, authorization and a label are each an issue, nothing sent", async () => {
    sim.clearRequests();
    const e = await invalid(client("zapi").setWebhook({ url: "http://example.com/x", events: ["group.flow"], authorization: HOOK_SECRET, label: "x" }), ["url", "events", "authorization", "label"]);
    assert.ok(!JSON.stringify(e).includes(HOOK_SECRET));
  });

  test("ryze: setWebhook with events, a label and an authorization that nothing shows", async () => {
    const events = [];
    const c = client("ryze", { onEvent: (ev) => events.push(ev) });
    sim.clearRequests();
    const r = await c.setWebhook({ url: "https://example.com/wa", events: ["group.flow"], authorization: HOOK_SECRET, label: "groups" });
    assert.deepEqual(r, { url: "https://example.com/wa", label: "groups", events: ["group.flow"], hasAuthorization: true });
    assert.deepEqual(only(), {
      method: "POST",
      path: `/api/events/webhook/${RYZE}`,
      body: { label: "groups", enabled: true, url: "https://example.com/wa", authorization: HOOK_SECRET, events: ["group.flow"] },
    });
    const saved = sim.state("ryze").webhooks.find((w) => w.label === "groups");
    assert.equal(saved.authorization, HOOK_SECRET);
    // The preview, the events and the result never show it.
    const preview = buildRequest(options("ryze"), { op: "setWebhook", url: "https://example.com/wa", authorization: HOOK_SECRET }, { redact: true });
    assert.ok(!JSON.stringify(preview).includes(HOOK_SECRET), JSON.stringify(preview));
    assert.match(preview.body, /"authorization":"\*\*\*"/);
    assert.ok(!JSON.stringify(events).includes(HOOK_SECRET));
    assert.ok(!JSON.stringify(r).includes(HOOK_SECRET));
  });

  test("ryze: a refusal that echoes the authorization shows it nowhere; a 4th enabled webhook is refused", async () => {
    const c = client("ryze");
    sim.script({ provider: "ryze", path: "/api/events/webhook", status: 400, body: { success: false, error: { message: `could not save authorization ${HOOK_SECRET}` } } });
    const e = await rejection(c.setWebhook({ url: "https://example.com/wa", authorization: HOOK_SECRET }), "provider");
    for (const text of [e.message, String(e), JSON.stringify(e), e.body ?? ""]) assert.ok(!String(text).includes(HOOK_SECRET), text);
    assert.match(e.message, /\*\*\*/);
    for (const label of ["a", "b", "c"]) await c.setWebhook({ url: "https://example.com/wa", label });
    const full = await rejection(c.setWebhook({ url: "https://example.com/wa", label: "d" }), "provider");
    assert.equal(full.status, 409);
  });

  test("ryze: unknown event types and a short authorization are issues that never echo it", async () => {
    sim.clearRequests();
    const e = await invalid(client("ryze").setWebhook({ url: "ftp://x", events: ["group.update", "group.flow", "group.flow"], authorization: "short-secret" }), [
      "url",
      "events[0]",
      "events[2]",
      "authorization",
    ]);
    assert.ok(!JSON.stringify(e).includes("short-secret"));
  });
});

describe("for await over every listing", () => {
  test("zapi: listGroups pages lazily, one request per page, and yields every group once", async () => {
    const c = client("zapi");
    const all = (await c.listGroups({ pageSize: 1000 })).groups.map((g) => g.groupId);
    sim.clearRequests();
    const seen = [];
    for await (const g of c.listGroups({ pageSize: 3 })) {
      seen.push(g.groupId);
      // Lazy: the next page is asked for only after this page's items are taken.
      assert.equal(sent().length, Math.ceil(seen.length / 3));
    }
    assert.deepEqual(seen, all);
    const pages = sent().map((r) => r.path);
    assert.equal(pages[0], "/groups?page=1&pageSize=3");
    assert.equal(pages[1], "/groups?page=2&pageSize=3");
    assert.equal(pages.length, Math.ceil(all.length / 3) + (all.length % 3 === 0 ? 1 : 0));
  });

  test("ryze: listGroups pages the same way and yields the same groups as Z-API's seed", async () => {
    const z = [];
    for await (const g of client("zapi").listGroups({ pageSize: 4 })) z.push(g.groupId);
    const r = [];
    for await (const g of client("ryze").listGroups({ pageSize: 4 })) r.push(g.groupId);
    assert.deepEqual(r.toSorted(), z.toSorted());
  });

  test("breaking out stops asking; the signal aborts the next page", async () => {
    const c = client("zapi");
    sim.clearRequests();
    for await (const g of c.listGroups({ pageSize: 2 })) {
      assert.ok(g.groupId);
      break;
    }
    assert.equal(sent().length, 1);
    const controller = new AbortController();
    const seen = [];
    const run = (async () => {
      for await (const g of c.listGroups({ pageSize: 2 }, { signal: controller.signal })) {
        seen.push(g);
        if (seen.length === 2) controller.abort();
      }
    })();
    await rejection(run, "aborted");
    assert.equal(seen.length, 2);
  });

  test("listCommunities, listSubgroups and listPendingRequests iterate their items", async () => {
    const communities = [];
    for await (const x of client("zapi").listCommunities()) communities.push(x.communityId);
    assert.deepEqual(
      communities.toSorted(),
      sim
        .state("zapi")
        .communities.map((x) => jid(x.id))
        .toSorted(),
    );
    for (const provider of ["zapi", "ryze"]) {
      const subgroups = [];
      for await (const s of client(provider).listSubgroups(ESCOLA)) subgroups.push(s.groupId);
      assert.deepEqual(
        subgroups,
        (await client(provider).listSubgroups(ESCOLA)).subgroups.map((s) => s.groupId),
      );
      assert.ok(subgroups.includes(jid(AVISOS)));
    }
    const requests = [];
    for await (const r of client("ryze").listPendingRequests(TURMA_C)) requests.push(r.id);
    assert.equal(requests.length, 2);
  });

  test("the Promise still resolves to the page itself", async () => {
    const page = await client("zapi").listGroups({ pageSize: 2 });
    assert.equal(page.groups.length, 2);
    assert.equal(page.hasMore, true);
  });
});

test("validate knows the new fields and operations", () => {
  assert.deepEqual(validate(options("ryze"), { op: "listPendingRequests", groupId: TURMA_C }), []);
  assert.deepEqual(
    validate(options("zapi"), { op: "setGroupAddPrivacy", who: "contacts" }).map((i) => i.field),
    [],
  );
  assert.deepEqual(
    validate(options("zapi"), { op: "listPendingRequests", groupId: TURMA_C }).map((i) => i.field),
    ["op"],
  );
});

test("no error of this file shows a secret (the webhook's authorization included)", () => {
  assert.deepEqual(secretLeaks(errorsSeen, []), []);
  for (const e of errorsSeen) assert.ok(!JSON.stringify({ m: e.message, b: e.body, s: String(e) }).includes(HOOK_SECRET));
});
