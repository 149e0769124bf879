// The packed npm package against the gateway simulator: every operation of
// docs/operations.md, for both providers. Each success case checks the typed result
// exactly, that the simulator's state agrees with it, and that the request went out in
// the provider's own wire form; each documented failure is checked too (unknown ids,
// refusals, per-participant failures, validation before sending, RyzeAPI's
// "unsupported" operations). Then parseWebhook, and the secret sweep over every error
// produced here. Run by scripts/test.sh (which sets WA_GROUPS_SIM to the simulator module).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Client, WaGroupsError, buildRequest, parseWebhook, validate } from "wa-groups";

import { SIM_CREDENTIALS, captureConsole, jid, options, rejection as expectRejection, secretLeaks, secretPieces, sent, sim, useSimulator } from "./harness.mjs";

// Everything the package writes to the console, and every error it produced, is
// checked for secrets at the end.
const consoleOutput = captureConsole();
const errorsSeen = [];
// Every webhook event parsed from a payload that carried a token (RyzeAPI's instanceData).
const webhookOutputs = [];

// The simulator's seed (sim/README.md).
const BOT = "5511900000000";
const ESCOLA = "120363400000000001"; // community: announcements AVISOS, subgroup TURMA_A
const AVISOS = "120363400000000002";
const TURMA_A = "120363400000000003";
const TURMA_B = "120363400000000004";
const TURMA_C = "120363400000000005"; // requireAdminApproval, 2 pending requests
const TURMA_D = "120363400000000006";
const OLD_STYLE = "5511900000000-1623281429"; // Pais e Mestres
const CLUBE = "120363400000000010"; // community: announcements AVISOS_CLUBE, subgroup FUTEBOL
const AVISOS_CLUBE = "120363400000000011";
const FUTEBOL = "120363400000000012";
const EXTERNO = "120363400000000020"; // the bot is a plain member; members can't edit info
const UNKNOWN = "120363499999999999";
const PENDING = ["5511955551111", "5511955552222"]; // Turma C's join requests
const NEW_1 = "120363500000000001"; // ids the simulator gives new chats, in order
const NEW_2 = "120363500000000002";

const link = (code) => `https://chat.whatsapp.com/${code}`;
const at = (y, m, d) => Date.UTC(y, m - 1, d, 12, 0, 0);
const PROVIDERS = ["zapi", "ryze"];
const RYZE_INSTANCE = SIM_CREDENTIALS.ryze.instance;

useSimulator();

const client = (provider) => new Client(options(provider));

/** A WaGroupsError of `kind` (checked by the harness), kept for the sweep at the end. */
const rejection = (promise, kind) => expectRejection(promise, kind, errorsSeen);

/** A validation rejection naming exactly `fields`, with nothing sent. */
async function invalid(promise, fields, operation) {
  const e = await rejection(promise, "validation");
  assert.deepEqual(
    e.issues.map((i) => i.field),
    fields,
    JSON.stringify(e.issues),
  );
  for (const i of e.issues) assert.ok(typeof i.message === "string" && i.message.length > 5, i.message);
  if (operation) assert.equal(e.operation, operation);
  assert.deepEqual(sent(), [], "a request was sent despite invalid input");
  return e;
}

/**
 * What the provider refuses with when the bot lacks admin rights: both answer 403 (Z-API
 * "Sem permissão: you are not an admin of this group", RyzeAPI "Not authorized to …
 * (must be admin)"), and one kind means one thing on both gateways: "forbidden" (the
 * credentials were accepted; the connected number may not do this), never "auth".
 */
async function notAdmin(provider, promise, operation, pattern = /admin/) {
  const e = await rejection(promise, "forbidden");
  assert.equal(e.status, 403);
  assert.equal(e.provider, provider);
  assert.equal(e.operation, operation);
  assert.match(e.message, pattern);
  assert.match(e.message, provider === "zapi" ? /Sem permissão: you are not a/ : /Not authorized to .*\(must be (super )?admin\)/);
  return e;
}

async function notFound(provider, promise, operation) {
  const e = await rejection(promise, "not_found");
  assert.equal(e.status, 404);
  assert.equal(e.provider, provider);
  assert.equal(e.operation, operation);
  return e;
}

/** The only request sent since `sim.clearRequests()`. */
function only() {
  const all = sent();
  assert.equal(all.length, 1, JSON.stringify(all));
  return all[0];
}

const ryzePath = (area, action, query = "") => `/api/${area}/${action}/${RYZE_INSTANCE}${query}`;
const q = (key, value) => `?${key}=${encodeURIComponent(value)}`;

const group = (provider, id) => sim.state(provider).groups.find((g) => g.id === id);
const community = (provider, id) => sim.state(provider).communities.find((c) => c.id === id);
const member = (provider, id, phone) => group(provider, id)?.participants.find((p) => p.phone === phone);

/** Every requested phone in exactly one of the two lists. */
function assertPartition(result, requested) {
  const failed = result.failed.map((f) => f.phone);
  for (const p of requested) {
    const n = result.succeeded.filter((x) => x === p).length + failed.filter((x) => x === p).length;
    assert.equal(n, 1, `${p} appears ${n} times in ${JSON.stringify(result)}`);
  }
  assert.equal(result.succeeded.length + failed.length, requested.length, JSON.stringify(result));
}

for (const provider of PROVIDERS) {
  const zapi = provider === "zapi";

  describe(`${provider}: the seed operations, with the simulator's state`, () => {
    test("createGroup: the group exists with the bot as super admin and the members added", async () => {
      const created = await client(provider).createGroup({ name: "Turma E", participants: ["+55 (11) 98888-7777", "5511977770000"] });
      assert.deepEqual(created, { groupId: jid(NEW_1), invitationLink: link(group(provider, NEW_1).inviteCode), notAdded: ["5511977770000"] });
      const g = group(provider, NEW_1);
      assert.equal(g.name, "Turma E");
      assert.deepEqual(g.participants, [
        { phone: BOT, isAdmin: true, isSuperAdmin: true },
        { phone: "5511988887777", isAdmin: false, isSuperAdmin: false },
      ]);
    });

    test("createGroup with a blank name is validation, nothing sent", async () => {
      await invalid(client(provider).createGroup({ name: "  ", participants: ["5511988887777"] }), ["name"], "createGroup");
    });

    test("getInvitationLink gives the group's current code", async () => {
      const result = await client(provider).getInvitationLink(`${TURMA_B}-group`);
      assert.deepEqual(result, { groupId: jid(TURMA_B), invitationLink: link(group(provider, TURMA_B).inviteCode) });
    });

    test("getInvitationLink of a group the bot left is not_found", async () => {
      const c = client(provider);
      await c.leaveGroup(TURMA_B);
      await notFound(provider, c.getInvitationLink(TURMA_B), "getInvitationLink");
    });

    test("linkGroups / unlinkGroups move the group in and out of the community", async () => {
      const c = client(provider);
      assert.deepEqual(await c.linkGroups(ESCOLA, [TURMA_B]), { communityId: jid(ESCOLA), linked: [jid(TURMA_B)], failed: [] });
      assert.equal(group(provider, TURMA_B).communityId, ESCOLA);
      assert.deepEqual(community(provider, ESCOLA).subgroups, [TURMA_A, TURMA_B]);
      assert.deepEqual(await c.unlinkGroups(ESCOLA, [TURMA_B]), { communityId: jid(ESCOLA), unlinked: [jid(TURMA_B)], failed: [] });
      assert.equal(group(provider, TURMA_B).communityId, null);
    });

    test("unlinkGroups of a group in no community resolves with it in failed", async () => {
      const result = await client(provider).unlinkGroups(ESCOLA, [TURMA_B]);
      assert.deepEqual(result.unlinked, []);
      assert.deepEqual(
        result.failed.map((f) => f.groupId),
        [jid(TURMA_B)],
      );
      assert.match(result.failed[0].reason, /not linked/);
    });
  });

  describe(`${provider}: reading groups`, () => {
    test("listGroups lists every group the bot is in (no community parents)", async () => {
      const result = await client(provider).listGroups();
      // Z-API: newest first, one page; RyzeAPI: creation order, no paging.
      const order = zapi
        ? [EXTERNO, FUTEBOL, AVISOS_CLUBE, TURMA_D, TURMA_C, TURMA_B, TURMA_A, AVISOS, OLD_STYLE]
        : [AVISOS, TURMA_A, TURMA_B, TURMA_C, TURMA_D, OLD_STYLE, AVISOS_CLUBE, FUTEBOL, EXTERNO];
      const names = Object.fromEntries(sim.state(provider).groups.map((g) => [g.id, g.name]));
      assert.deepEqual(result, {
        groups: order.map((id) => ({ groupId: jid(id), name: names[id] })),
        page: zapi ? 1 : null,
        hasMore: false,
      });
      assert.equal(names[TURMA_B], "Turma B");
      assert.deepEqual(only(), zapi ? { method: "GET", path: "/groups?page=1&pageSize=100", body: null } : { method: "GET", path: ryzePath("group", "list"), body: null });
    });

    test("listGroups leaves out a group the bot left", async () => {
      const c = client(provider);
      await c.leaveGroup(TURMA_D);
      const ids = (await c.listGroups()).groups.map((g) => g.groupId);
      assert.equal(ids.length, 8);
      assert.ok(!ids.includes(jid(TURMA_D)), ids.join());
    });

    if (zapi) {
      test("zapi: listGroups pages with page/pageSize; a full page may have more", async () => {
        const c = client(provider);
        const page1 = await c.listGroups({ pageSize: 4 });
        assert.deepEqual(page1, {
          groups: [
            { groupId: jid(EXTERNO), name: "Grupo Externo" },
            { groupId: jid(FUTEBOL), name: "Futebol" },
            { groupId: jid(AVISOS_CLUBE), name: "Avisos do Clube" },
            { groupId: jid(TURMA_D), name: "Turma D" },
          ],
          page: 1,
          hasMore: true,
        });
        const page3 = await c.listGroups({ page: 3, pageSize: 4 });
        assert.deepEqual(page3, { groups: [{ groupId: jid(OLD_STYLE), name: "Pais e Mestres" }], page: 3, hasMore: false });
        const lastFull = await c.listGroups({ page: 3, pageSize: 3 });
        assert.deepEqual(
          lastFull.groups.map((g) => g.groupId),
          [TURMA_A, AVISOS, OLD_STYLE].map(jid),
        );
        assert.equal(lastFull.hasMore, true, "a full page says there may be more");
        const past = await c.listGroups({ page: 4, pageSize: 3 });
        assert.deepEqual(past, { groups: [], page: 4, hasMore: false });
        assert.deepEqual(
          sent().map((r) => r.path),
          ["/groups?page=1&pageSize=4", "/groups?page=3&pageSize=4", "/groups?page=3&pageSize=3", "/groups?page=4&pageSize=3"],
        );
      });

      test("zapi: listGroups with a bad page or pageSize is validation, nothing sent", async () => {
        await invalid(client(provider).listGroups({ page: 0, pageSize: 1001 }), ["page", "pageSize"], "listGroups");
        await invalid(client(provider).listGroups({ page: 1.5 }), ["page"], "listGroups");
      });
    } else {
      test("ryze: listGroups pages on the client side: Z-API's result shape, one request per page, hasMore when more follow", async () => {
        const c = client(provider);
        // RyzeAPI answers the whole list (creation order); the client cuts the page from it.
        const page1 = await c.listGroups({ pageSize: 4 });
        assert.deepEqual(page1, {
          groups: [
            { groupId: jid(AVISOS), name: "Avisos" },
            { groupId: jid(TURMA_A), name: "Turma A" },
            { groupId: jid(TURMA_B), name: "Turma B" },
            { groupId: jid(TURMA_C), name: "Turma C" },
          ],
          page: 1,
          hasMore: true,
        });
        const page2 = await c.listGroups({ page: 2, pageSize: 4 });
        assert.deepEqual(
          page2.groups.map((g) => g.groupId),
          [TURMA_D, OLD_STYLE, AVISOS_CLUBE, FUTEBOL].map(jid),
        );
        assert.equal(page2.hasMore, true);
        const page3 = await c.listGroups({ page: 3, pageSize: 4 });
        assert.deepEqual(page3, { groups: [{ groupId: jid(EXTERNO), name: "Grupo Externo" }], page: 3, hasMore: false });
        // The whole list is known: a full last page says no more follow (unlike Z-API's).
        const lastFull = await c.listGroups({ page: 3, pageSize: 3 });
        assert.deepEqual(lastFull, {
          groups: [
            { groupId: jid(AVISOS_CLUBE), name: "Avisos do Clube" },
            { groupId: jid(FUTEBOL), name: "Futebol" },
            { groupId: jid(EXTERNO), name: "Grupo Externo" },
          ],
          page: 3,
          hasMore: false,
        });
        const past = await c.listGroups({ page: 4, pageSize: 3 });
        assert.deepEqual(past, { groups: [], page: 4, hasMore: false });
        // A page given alone has the default size (100): page 2 is past the end.
        assert.deepEqual(await c.listGroups({ page: 2 }), { groups: [], page: 2, hasMore: false });
        // One request per page, RyzeAPI's own (it takes no query).
        assert.deepEqual(sent(), Array(6).fill({ method: "GET", path: ryzePath("group", "list"), body: null }));
      });

      test("ryze: paging through listGroups until hasMore is false gives every group once, as the unpaged call does", async () => {
        const c = client(provider);
        const all = await c.listGroups();
        const paged = [];
        let page = 1;
        for (;;) {
          const r = await c.listGroups({ page, pageSize: 2 });
          assert.equal(r.page, page);
          assert.ok(r.groups.length <= 2, JSON.stringify(r));
          paged.push(...r.groups);
          if (!r.hasMore) break;
          page++;
        }
        assert.equal(page, 5);
        assert.deepEqual(paged, all.groups);
        assert.equal(sent().length, 1 + 5);
      });

      test("ryze: listGroups with a bad page or pageSize is validation, nothing sent", async () => {
        await invalid(client(provider).listGroups({ page: 0, pageSize: 1001 }), ["page", "pageSize"], "listGroups");
        await invalid(client(provider).listGroups({ page: 1.5 }), ["page"], "listGroups");
      });
    }

    test("getGroupMetadata of a community subgroup: every field, as the state has it", async () => {
      const result = await client(provider).getGroupMetadata(`${TURMA_A}@g.us`);
      const g = group(provider, TURMA_A);
      assert.deepEqual(result, {
        groupId: jid(TURMA_A),
        name: "Turma A",
        description: null,
        owner: BOT,
        createdAt: at(2024, 2, 2),
        invitationLink: link(g.inviteCode),
        invitationLinkError: null,
        // Z-API's communityId; RyzeAPI's GroupDetail names the parent in linkedParentJid.
        communityId: jid(ESCOLA),
        isAnnouncements: false,
        settings: {
          onlyAdminsCanSend: false,
          onlyAdminsCanEditInfo: false,
          requireAdminApproval: false,
          // Z-API's metadata does not answer adminOnlyAddMember.
          onlyAdminsCanAddMembers: zapi ? null : true,
        },
        participants: [
          { phone: BOT, isAdmin: true, isSuperAdmin: true },
          { phone: "5511987650001", isAdmin: true, isSuperAdmin: false },
          { phone: "5511987650002", isAdmin: false, isSuperAdmin: false },
          { phone: "5511987650003", isAdmin: false, isSuperAdmin: false },
        ],
      });
      assert.deepEqual(result.participants, g.participants);
      assert.equal(result.createdAt, Date.parse(g.createdAt));
      assert.equal(g.communityId, ESCOLA);
      assert.deepEqual(
        only(),
        zapi ? { method: "GET", path: `/group-metadata/${TURMA_A}-group`, body: null } : { method: "GET", path: ryzePath("group", "info", q("identifier", jid(TURMA_A))), body: null },
      );
    });

    test("getGroupMetadata: an announcements group, an old-style group, a group where the bot is no admin", async () => {
      const c = client(provider);
      const avisos = await c.getGroupMetadata(AVISOS);
      assert.equal(avisos.isAnnouncements, true);
      assert.deepEqual(avisos.settings, { onlyAdminsCanSend: true, onlyAdminsCanEditInfo: true, requireAdminApproval: false, onlyAdminsCanAddMembers: zapi ? null : true });
      const old = await c.getGroupMetadata(OLD_STYLE);
      assert.equal(old.groupId, jid(OLD_STYLE));
      assert.equal(old.createdAt, 1623281429000);
      assert.equal(old.invitationLink, link(group(provider, OLD_STYLE).inviteCode));
      const ext = await c.getGroupMetadata(EXTERNO);
      assert.deepEqual(ext, {
        groupId: jid(EXTERNO),
        name: "Grupo Externo",
        description: null,
        owner: "5511987659999",
        createdAt: at(2024, 4, 1),
        invitationLink: null, // only admins see it
        // Z-API says why; RyzeAPI's GroupDetail just has no link.
        invitationLinkError: zapi ? "not-authorized" : null,
        communityId: null,
        isAnnouncements: false,
        settings: { onlyAdminsCanSend: false, onlyAdminsCanEditInfo: true, requireAdminApproval: false, onlyAdminsCanAddMembers: zapi ? null : true },
        participants: group(provider, EXTERNO).participants,
      });
    });

    test("getGroupMetadata of an unknown group, or one the bot left, is not_found", async () => {
      const c = client(provider);
      await notFound(provider, c.getGroupMetadata(UNKNOWN), "getGroupMetadata");
      await c.leaveGroup(TURMA_D);
      await notFound(provider, c.getGroupMetadata(TURMA_D), "getGroupMetadata");
    });

    test("getGroupMetadata with a malformed id is validation, nothing sent", async () => {
      await invalid(client(provider).getGroupMetadata("120363400000000003@s.whatsapp.net"), ["groupId"], "getGroupMetadata");
    });

    test("getGroupMetadataLight: the same metadata with invitationLink null", async () => {
      const c = client(provider);
      const full = await c.getGroupMetadata(TURMA_C);
      sim.clearRequests();
      const light = await c.getGroupMetadataLight(TURMA_C);
      assert.equal(full.invitationLink, link(group(provider, TURMA_C).inviteCode));
      assert.deepEqual(light, { ...full, invitationLink: null });
      assert.equal(light.settings.requireAdminApproval, true);
      assert.deepEqual(
        only(),
        zapi ? { method: "GET", path: `/light-group-metadata/${TURMA_C}-group`, body: null } : { method: "GET", path: ryzePath("group", "info", q("identifier", jid(TURMA_C))), body: null },
      );
    });

    test("getGroupMetadataLight of an unknown group is not_found", async () => {
      await notFound(provider, client(provider).getGroupMetadataLight(UNKNOWN), "getGroupMetadataLight");
    });

    test("getInvitationInfo from the link or its bare code", async () => {
      const c = client(provider);
      const code = group(provider, TURMA_B).inviteCode;
      const expected = {
        groupId: jid(TURMA_B),
        name: "Turma B",
        description: null,
        owner: BOT,
        createdAt: at(2024, 2, 3),
        participantsCount: 3,
        participants: group(provider, TURMA_B).participants,
      };
      assert.deepEqual(await c.getInvitationInfo(link(code)), expected);
      assert.deepEqual(await c.getInvitationInfo(code), expected);
      // Both forms travel as the full link.
      const wire = zapi
        ? { method: "GET", path: `/group-invitation-metadata${q("url", link(code))}`, body: null }
        : { method: "GET", path: ryzePath("group", "info", q("identifier", link(code))), body: null };
      assert.deepEqual(sent(), [wire, wire]);
    });

    test("getInvitationInfo works without being a member (invite preview)", async () => {
      const c = client(provider);
      const { invitationLink } = await c.getInvitationLink(TURMA_D);
      await c.leaveGroup(TURMA_D);
      const info = await c.getInvitationInfo(invitationLink);
      assert.equal(info.groupId, jid(TURMA_D));
      assert.equal(info.participantsCount, 1);
      // The bot left; the remaining member was made admin.
      assert.deepEqual(info.participants, [{ phone: "5511987650031", isAdmin: true, isSuperAdmin: false }]);
      assert.deepEqual(info.participants, group(provider, TURMA_D).participants);
    });

    test("getInvitationInfo of an unknown code is not_found; a malformed link is validation", async () => {
      const c = client(provider);
      await notFound(provider, c.getInvitationInfo("https://chat.whatsapp.com/AAAAAAAAAAAAAAAAAAAAAA"), "getInvitationInfo");
      sim.clearRequests();
      await invalid(c.getInvitationInfo("https://example.com/join?x=1"), ["link"], "getInvitationInfo");
    });
  });

  describe(`${provider}: invitation links and joining`, () => {
    test("resetInvitationLink: a new link replaces the old one, which stops working", async () => {
      const c = client(provider);
      const oldCode = group(provider, TURMA_B).inviteCode;
      sim.clearRequests();
      const result = await c.resetInvitationLink(TURMA_B);
      const newCode = group(provider, TURMA_B).inviteCode;
      assert.notEqual(newCode, oldCode);
      assert.deepEqual(result, { groupId: jid(TURMA_B), invitationLink: link(newCode) });
      assert.deepEqual(
        only(),
        zapi ? { method: "POST", path: `/redefine-invitation-link/${TURMA_B}-group`, body: null } : { method: "POST", path: ryzePath("group", "resetLink"), body: { identifier: jid(TURMA_B) } },
      );
      assert.deepEqual(await c.getInvitationLink(TURMA_B), result);
      assert.equal((await c.getInvitationInfo(result.invitationLink)).groupId, jid(TURMA_B));
      await notFound(provider, c.getInvitationInfo(link(oldCode)), "getInvitationInfo");
      await c.leaveGroup(TURMA_B);
      await notFound(provider, c.joinGroup(link(oldCode)), "joinGroup");
      assert.equal(member(provider, TURMA_B, BOT), undefined, "the old link let the bot back in");
    });

    test("resetInvitationLink where the bot is no admin is refused; the link stays", async () => {
      const before = group(provider, EXTERNO).inviteCode;
      await notAdmin(provider, client(provider).resetInvitationLink(EXTERNO), "resetInvitationLink");
      assert.equal(group(provider, EXTERNO).inviteCode, before);
    });

    test("resetInvitationLink of an unknown group is not_found", async () => {
      await notFound(provider, client(provider).resetInvitationLink(UNKNOWN), "resetInvitationLink");
    });

    test("joinGroup by link: the bot becomes a plain member", async () => {
      const c = client(provider);
      const { invitationLink } = await c.getInvitationLink(TURMA_B);
      await c.leaveGroup(TURMA_B);
      sim.clearRequests();
      const result = await c.joinGroup(invitationLink);
      // Z-API answers only {success: true}: it says neither which group was joined nor
      // whether the join waits for an admin (null: unknown).
      assert.deepEqual(result, { groupId: zapi ? null : jid(TURMA_B), requiresApproval: zapi ? null : false });
      assert.deepEqual(member(provider, TURMA_B, BOT), { phone: BOT, isAdmin: false, isSuperAdmin: false });
      assert.deepEqual(
        only(),
        zapi ? { method: "GET", path: `/accept-invite-group${q("url", invitationLink)}`, body: null } : { method: "POST", path: ryzePath("group", "join"), body: { identifier: invitationLink } },
      );
    });

    test("joinGroup by bare code into a group that needs approval: queued, not a member", async () => {
      const c = client(provider);
      const { invitationLink } = await c.getInvitationLink(TURMA_C);
      await c.leaveGroup(TURMA_C);
      const code = invitationLink.split("/").pop();
      const result = await c.joinGroup(code);
      // The simulator queued the bot's request: it is no member.
      assert.equal(member(provider, TURMA_C, BOT), undefined);
      assert.deepEqual(group(provider, TURMA_C).pendingRequests, [...PENDING, BOT]);
      if (zapi) {
        // Z-API's answer cannot tell a queued request from a join: the result does not claim either.
        assert.deepEqual(result, { groupId: null, requiresApproval: null });
      } else {
        assert.deepEqual(result, { groupId: jid(TURMA_C), requiresApproval: true });
      }
    });

    test("joinGroup with a revoked or unknown link is not_found; a malformed one is validation", async () => {
      const c = client(provider);
      await notFound(provider, c.joinGroup("https://chat.whatsapp.com/AAAAAAAAAAAAAAAAAAAAAA"), "joinGroup");
      sim.clearRequests();
      await invalid(c.joinGroup("chat.whatsapp.com/"), ["link"], "joinGroup");
      await invalid(c.joinGroup(jid(TURMA_B)), ["link"], "joinGroup");
    });
  });

  describe(`${provider}: participants`, () => {
    // [method, Z-API path, Ryze action]
    const OPS = {
      add: ["addParticipants", "/add-participant", "add"],
      remove: ["removeParticipants", "/remove-participant", "remove"],
      promote: ["promoteParticipants", "/add-admin", "promote"],
      demote: ["demoteParticipants", "/remove-admin", "demote"],
      approve: ["approveParticipants", "/approve-participant", "approve"],
      reject: ["rejectParticipants", "/reject-participant", "reject"],
    };
    const wire = (action, groupId, phones, autoInvite = false) => {
      const [, path, ryzeAction] = OPS[action];
      if (!zapi) return { method: "POST", path: ryzePath("group", "participants"), body: { identifier: jid(groupId), action: ryzeAction, participants: phones } };
      return { method: "POST", path, body: action === "add" ? { autoInvite, groupId: `${groupId}-group`, phones } : { groupId: `${groupId}-group`, phones } };
    };
    // Z-API answers {value: false, failed: [...]} when some phones fail (the simulator's
    // choice for an undocumented shape): the phones not named there went through.

    test("addParticipants: every phone form, all added", async () => {
      const result = await client(provider).addParticipants(TURMA_B, ["+55 (11) 91111-2222", "5511911113333@s.whatsapp.net"]);
      assert.deepEqual(result, { groupId: jid(TURMA_B), succeeded: ["5511911112222", "5511911113333"], failed: [] });
      for (const p of result.succeeded) assert.deepEqual(member(provider, TURMA_B, p), { phone: p, isAdmin: false, isSuperAdmin: false });
      assert.deepEqual(only(), wire("add", TURMA_B, ["5511911112222", "5511911113333"]));
    });

    test("addParticipants partly failing: one result per phone, with reasons", async () => {
      const phones = ["5511911112222", "5511987650011", "5511911110000"];
      const result = await client(provider).addParticipants(TURMA_B, phones);
      assert.ok(member(provider, TURMA_B, "5511911112222"), "the simulator added it");
      assert.equal(member(provider, TURMA_B, "5511911110000"), undefined);
      assertPartition(result, phones);
      assert.deepEqual(result, {
        groupId: jid(TURMA_B),
        succeeded: ["5511911112222"],
        failed: [
          { phone: "5511987650011", reason: "already a participant" },
          { phone: "5511911110000", reason: "privacy settings do not allow adding this number" },
        ],
      });
    });

    test("addParticipants all failing resolves with every phone in failed", async () => {
      const phones = ["5511987650031", "5511911110000"];
      const result = await client(provider).addParticipants(TURMA_D, phones);
      assertPartition(result, phones);
      assert.deepEqual(result, {
        groupId: jid(TURMA_D),
        succeeded: [],
        failed: [
          { phone: "5511987650031", reason: "already a participant" },
          { phone: "5511911110000", reason: "privacy settings do not allow adding this number" },
        ],
      });
      assert.equal(group(provider, TURMA_D).participants.length, 2);
    });

    if (zapi) {
      test("zapi: addParticipants with autoInvite sends a private invite to who can't be added", async () => {
        const result = await client(provider).addParticipants(TURMA_D, ["5511911110000"], { autoInvite: true });
        assert.deepEqual(result, { groupId: jid(TURMA_D), succeeded: [], failed: [{ phone: "5511911110000", reason: "privacy settings do not allow adding this number; a private invite was sent" }] });
        assert.deepEqual(group(provider, TURMA_D).pendingInvites, ["5511911110000"]);
        assert.deepEqual(only(), wire("add", TURMA_D, ["5511911110000"], true));
      });
    } else {
      test("ryze: addParticipants with autoInvite is validation, nothing sent", async () => {
        await invalid(client(provider).addParticipants(TURMA_D, ["5511911110000"], { autoInvite: true }), ["autoInvite"], "addParticipants");
      });
    }

    test("addParticipants where the bot is no admin is refused, nothing changes", async () => {
      await notAdmin(provider, client(provider).addParticipants(EXTERNO, ["5511911112222"]), "addParticipants");
      assert.equal(member(provider, EXTERNO, "5511911112222"), undefined);
    });

    test("addParticipants to an unknown group is not_found", async () => {
      await notFound(provider, client(provider).addParticipants(UNKNOWN, ["5511911112222"]), "addParticipants");
    });

    test("participants validation names every issue, nothing sent", async () => {
      const c = client(provider);
      await invalid(c.addParticipants("not a group", ["abc", "5511911112222", "+55 11 91111-2222", "123456@lid"]), ["groupId", "phones[0]", "phones[2]", "phones[3]"], "addParticipants");
      await invalid(c.removeParticipants(TURMA_B, []), ["phones"], "removeParticipants");
      await invalid(c.promoteParticipants(TURMA_B, ["5511987650011@g.us"]), ["phones[0]"], "promoteParticipants");
      await invalid(c.demoteParticipants(TURMA_B, "5511987650011"), ["phones"], "demoteParticipants");
      await invalid(c.approveParticipants("", PENDING), ["groupId"], "approveParticipants");
      await invalid(c.rejectParticipants(TURMA_C, Array(1024).fill("5511955551111")), ["phones"], "rejectParticipants");
    });

    test("removeParticipants removes the member", async () => {
      const result = await client(provider).removeParticipants(`${TURMA_B}-group`, ["5511987650012"]);
      assert.deepEqual(result, { groupId: jid(TURMA_B), succeeded: ["5511987650012"], failed: [] });
      assert.equal(member(provider, TURMA_B, "5511987650012"), undefined);
      assert.deepEqual(only(), wire("remove", TURMA_B, ["5511987650012"]));
    });

    test("removeParticipants partly failing: one result per phone, with reasons", async () => {
      const phones = ["5511987650012", BOT, "5511911113333"];
      const result = await client(provider).removeParticipants(TURMA_B, phones);
      assert.equal(member(provider, TURMA_B, "5511987650012"), undefined, "the simulator removed it");
      assertPartition(result, phones);
      assert.deepEqual(result, {
        groupId: jid(TURMA_B),
        succeeded: ["5511987650012"],
        failed: [
          { phone: BOT, reason: "the connected number cannot remove itself (leave the group instead)" },
          { phone: "5511911113333", reason: "not a participant" },
        ],
      });
    });

    test("removeParticipants where the bot is no admin is refused", async () => {
      await notAdmin(provider, client(provider).removeParticipants(EXTERNO, ["5511987659998"]), "removeParticipants");
      assert.ok(member(provider, EXTERNO, "5511987659998"));
    });

    test("promoteParticipants makes the member an admin", async () => {
      const result = await client(provider).promoteParticipants(TURMA_B, ["5511987650011"]);
      assert.deepEqual(result, { groupId: jid(TURMA_B), succeeded: ["5511987650011"], failed: [] });
      assert.deepEqual(member(provider, TURMA_B, "5511987650011"), { phone: "5511987650011", isAdmin: true, isSuperAdmin: false });
      assert.deepEqual(only(), wire("promote", TURMA_B, ["5511987650011"]));
    });

    test("promoteParticipants partly failing: one result per phone, with reasons", async () => {
      const phones = ["5511987650011", "5511911113333"];
      const result = await client(provider).promoteParticipants(TURMA_B, phones);
      assert.equal(member(provider, TURMA_B, "5511987650011").isAdmin, true, "the simulator promoted it");
      assertPartition(result, phones);
      assert.deepEqual(result, { groupId: jid(TURMA_B), succeeded: ["5511987650011"], failed: [{ phone: "5511911113333", reason: "not a participant" }] });
    });

    test("promoteParticipants needs a super admin: refused where the bot is a plain member", async () => {
      await notAdmin(provider, client(provider).promoteParticipants(EXTERNO, ["5511987659998"]), "promoteParticipants", /super admin/);
    });

    test("demoteParticipants takes the admin rights away", async () => {
      const result = await client(provider).demoteParticipants(TURMA_A, ["5511987650001"]);
      assert.deepEqual(result, { groupId: jid(TURMA_A), succeeded: ["5511987650001"], failed: [] });
      assert.deepEqual(member(provider, TURMA_A, "5511987650001"), { phone: "5511987650001", isAdmin: false, isSuperAdmin: false });
      assert.deepEqual(only(), wire("demote", TURMA_A, ["5511987650001"]));
    });

    test("demoteParticipants partly failing: one result per phone, with reasons", async () => {
      const phones = ["5511987650001", BOT];
      const result = await client(provider).demoteParticipants(TURMA_A, phones);
      assert.equal(member(provider, TURMA_A, "5511987650001").isAdmin, false, "the simulator demoted it");
      assertPartition(result, phones);
      assert.deepEqual(result, { groupId: jid(TURMA_A), succeeded: ["5511987650001"], failed: [{ phone: BOT, reason: "the group creator cannot be demoted" }] });
    });

    test("demoteParticipants in an unknown group is not_found", async () => {
      await notFound(provider, client(provider).demoteParticipants(UNKNOWN, ["5511987650001"]), "demoteParticipants");
    });

    test("approveParticipants lets the pending requests in", async () => {
      const result = await client(provider).approveParticipants(TURMA_C, PENDING);
      assert.deepEqual(result, { groupId: jid(TURMA_C), succeeded: PENDING, failed: [] });
      assert.deepEqual(group(provider, TURMA_C).pendingRequests, []);
      for (const p of PENDING) assert.deepEqual(member(provider, TURMA_C, p), { phone: p, isAdmin: false, isSuperAdmin: false });
      assert.deepEqual(only(), wire("approve", TURMA_C, PENDING));
    });

    test("approveParticipants partly failing: one result per phone, with reasons", async () => {
      const phones = [PENDING[0], "5511999998888"];
      const result = await client(provider).approveParticipants(TURMA_C, phones);
      assert.ok(member(provider, TURMA_C, PENDING[0]), "the simulator approved it");
      assertPartition(result, phones);
      assert.deepEqual(result, { groupId: jid(TURMA_C), succeeded: [PENDING[0]], failed: [{ phone: "5511999998888", reason: "no pending join request" }] });
    });

    test("approveParticipants where the bot is no admin is refused", async () => {
      await notAdmin(provider, client(provider).approveParticipants(EXTERNO, ["5511999998888"]), "approveParticipants");
    });

    test("rejectParticipants drops the request; the phone does not become a member", async () => {
      const result = await client(provider).rejectParticipants(TURMA_C, [PENDING[1]]);
      assert.deepEqual(result, { groupId: jid(TURMA_C), succeeded: [PENDING[1]], failed: [] });
      assert.deepEqual(group(provider, TURMA_C).pendingRequests, [PENDING[0]]);
      assert.equal(member(provider, TURMA_C, PENDING[1]), undefined);
      assert.deepEqual(only(), wire("reject", TURMA_C, [PENDING[1]]));
    });

    test("rejectParticipants partly failing: one result per phone, with reasons", async () => {
      const phones = [PENDING[1], "5511999998888"];
      const result = await client(provider).rejectParticipants(TURMA_C, phones);
      assert.deepEqual(group(provider, TURMA_C).pendingRequests, [PENDING[0]], "the simulator rejected it");
      assertPartition(result, phones);
      assert.deepEqual(result, { groupId: jid(TURMA_C), succeeded: [PENDING[1]], failed: [{ phone: "5511999998888", reason: "no pending join request" }] });
    });

    test("rejectParticipants with no pending request at all: every phone in failed", async () => {
      const phones = ["5511999998888", "5511999997777"];
      const result = await client(provider).rejectParticipants(TURMA_B, phones);
      assert.deepEqual(result, {
        groupId: jid(TURMA_B),
        succeeded: [],
        failed: phones.map((phone) => ({ phone, reason: "no pending join request" })),
      });
    });
  });

  describe(`${provider}: updating groups and leaving`, () => {
    const update = (groupId, fields) => (zapi ? null : { method: "PUT", path: ryzePath("group", "update"), body: { identifier: jid(groupId), ...fields } });

    test("updateGroupName renames the group", async () => {
      const c = client(provider);
      const result = await c.updateGroupName(TURMA_B, "Turma B – 2025");
      assert.deepEqual(result, { groupId: jid(TURMA_B) });
      assert.equal(group(provider, TURMA_B).name, "Turma B – 2025");
      assert.deepEqual(only(), zapi ? { method: "POST", path: "/update-group-name", body: { groupId: `${TURMA_B}-group`, groupName: "Turma B – 2025" } } : update(TURMA_B, { name: "Turma B – 2025" }));
      assert.equal((await c.getGroupMetadata(TURMA_B)).name, "Turma B – 2025");
    });

    test("updateGroupName: blank, too long or multi-line names are validation, nothing sent", async () => {
      const c = client(provider);
      await invalid(c.updateGroupName(TURMA_B, " "), ["name"], "updateGroupName");
      await invalid(c.updateGroupName(TURMA_B, "é".repeat(101)), ["name"], "updateGroupName");
      await invalid(c.updateGroupName("x", "a\nb"), ["groupId", "name"], "updateGroupName");
      assert.equal(group(provider, TURMA_B).name, "Turma B");
    });

    test("updateGroupName where only admins may edit the info is refused", async () => {
      await notAdmin(provider, client(provider).updateGroupName(EXTERNO, "Meu grupo"), "updateGroupName");
      assert.equal(group(provider, EXTERNO).name, "Grupo Externo");
    });

    test("updateGroupName of an unknown group is not_found", async () => {
      await notFound(provider, client(provider).updateGroupName(UNKNOWN, "X"), "updateGroupName");
    });

    test("updateGroupDescription sets it (line breaks kept) and an empty one clears it", async () => {
      const c = client(provider);
      const text = "Linha 1\nLinha 2";
      assert.deepEqual(await c.updateGroupDescription(TURMA_B, text), { groupId: jid(TURMA_B) });
      assert.equal(group(provider, TURMA_B).description, text);
      assert.deepEqual(only(), zapi ? { method: "POST", path: "/update-group-description", body: { groupId: `${TURMA_B}-group`, groupDescription: text } } : update(TURMA_B, { description: text }));
      assert.equal((await c.getGroupMetadata(TURMA_B)).description, text);
      assert.deepEqual(await c.updateGroupDescription(TURMA_B, ""), { groupId: jid(TURMA_B) });
      assert.equal(group(provider, TURMA_B).description, "");
      assert.equal((await c.getGroupMetadata(TURMA_B)).description, null);
    });

    test("updateGroupDescription over 2048 characters is validation; refused where the bot may not edit", async () => {
      const c = client(provider);
      await invalid(c.updateGroupDescription(TURMA_B, "x".repeat(2049)), ["description"], "updateGroupDescription");
      await notAdmin(provider, c.updateGroupDescription(EXTERNO, "nova"), "updateGroupDescription");
      assert.equal(group(provider, EXTERNO).description, "");
    });

    const photoHash = (text) => createHash("sha256").update(text).digest("hex").slice(0, 16);

    test("updateGroupPhoto with an https URL, base64 or a data URL", async () => {
      const c = client(provider);
      const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB";
      // [given, stored as, sent as]: Z-API takes base64 only as data:image/<type>;base64,…,
      // so bare PNG base64 gets its prefix; RyzeAPI takes bare base64 as given.
      const cases = [
        ["https://example.com/turma-b.jpg", "url", "https://example.com/turma-b.jpg"],
        [png, "base64", zapi ? `data:image/png;base64,${png}` : png],
        [`data:image/png;base64,${png}`, "base64", `data:image/png;base64,${png}`],
      ];
      for (const [photo, source, wire] of cases) {
        sim.clearRequests();
        assert.deepEqual(await c.updateGroupPhoto(TURMA_B, photo), { groupId: jid(TURMA_B) });
        assert.deepEqual(group(provider, TURMA_B).photo, { source, hash: photoHash(wire) });
        assert.deepEqual(only(), zapi ? { method: "POST", path: "/update-group-photo", body: { groupId: `${TURMA_B}-group`, groupPhoto: wire } } : update(TURMA_B, { image: wire }));
      }
    });

    test("updateGroupPhoto with bare base64: the type from its magic bytes for Z-API, as given for RyzeAPI; an unknown type is validation for Z-API only", async () => {
      const c = client(provider);
      const bare = {
        png: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB",
        jpeg: "/9j/4AAQSkZJRgABAQEASABIAAD/",
        gif: "R0lGODlhAQABAIAAAP///wAAACH5",
        webp: "UklGRiQAAABXRUJQVlA4IBgAAAAw",
      };
      for (const [type, data] of Object.entries(bare)) {
        sim.clearRequests();
        assert.deepEqual(await c.updateGroupPhoto(TURMA_B, data), { groupId: jid(TURMA_B) }, type);
        const wire = zapi ? `data:image/${type};base64,${data}` : data;
        assert.deepEqual(only(), zapi ? { method: "POST", path: "/update-group-photo", body: { groupId: `${TURMA_B}-group`, groupPhoto: wire } } : update(TURMA_B, { image: wire }), type);
        assert.deepEqual(group(provider, TURMA_B).photo, { source: "base64", hash: photoHash(wire) }, type);
      }
      // Base64 whose first bytes are no PNG, JPEG, GIF or WebP: Z-API's prefix cannot be told.
      const unknown = "AAAAAAAAAAAAAAAAAAAAAAAA";
      sim.clearRequests();
      if (zapi) {
        const e = await invalid(c.updateGroupPhoto(TURMA_B, unknown), ["photo"], "updateGroupPhoto");
        assert.match(e.issues[0].message, /data:image\/<type>;base64,/);
        assert.equal(group(provider, TURMA_B).photo.hash, photoHash(`data:image/webp;base64,${bare.webp}`), "the last photo stays");
      } else {
        assert.deepEqual(await c.updateGroupPhoto(TURMA_B, unknown), { groupId: jid(TURMA_B) });
        assert.deepEqual(only(), update(TURMA_B, { image: unknown }));
        assert.deepEqual(group(provider, TURMA_B).photo, { source: "base64", hash: photoHash(unknown) });
      }
    });

    test("updateGroupPhoto with something that is no image is validation; refused where the bot may not edit", async () => {
      const c = client(provider);
      await invalid(c.updateGroupPhoto(TURMA_B, "not a photo"), ["photo"], "updateGroupPhoto");
      await invalid(c.updateGroupPhoto(TURMA_B, "ftp://example.com/a.jpg"), ["photo"], "updateGroupPhoto");
      await notAdmin(provider, c.updateGroupPhoto(EXTERNO, "https://example.com/a.jpg"), "updateGroupPhoto");
      assert.equal(group(provider, TURMA_B).photo, null);
      assert.equal(group(provider, EXTERNO).photo, null);
    });

    test("updateGroupSettings: all four, in the provider's own form", async () => {
      const c = client(provider);
      const settings = { onlyAdminsCanSend: true, onlyAdminsCanEditInfo: true, requireAdminApproval: true, onlyAdminsCanAddMembers: false };
      assert.deepEqual(await c.updateGroupSettings(`${TURMA_B}@g.us`, settings), { groupId: jid(TURMA_B) });
      assert.deepEqual(group(provider, TURMA_B).settings, { membersCanSendMessages: false, membersCanEditInfo: false, requireAdminApproval: true, membersCanAddOthers: true });
      assert.deepEqual(
        only(),
        zapi
          ? // Z-API's quirk: the group id travels in `phone`.
            {
              method: "POST",
              path: "/update-group-settings",
              body: { phone: `${TURMA_B}-group`, adminOnlyMessage: true, adminOnlySettings: true, requireAdminApproval: true, adminOnlyAddMember: false },
            }
          : // RyzeAPI speaks of what members may do: each neutral setting negated.
            update(TURMA_B, { groupSettings: { membersCanSendMessages: false, membersCanEditInfo: false, requireAdminApproval: true, membersCanAddOthers: true } }),
      );
      const read = await c.getGroupMetadata(TURMA_B);
      assert.deepEqual(read.settings, { ...settings, onlyAdminsCanAddMembers: zapi ? null : false });
    });

    if (zapi) {
      test("zapi: updateGroupSettings with only some settings is validation naming the missing ones, nothing sent", async () => {
        await invalid(
          client(provider).updateGroupSettings(TURMA_B, { onlyAdminsCanSend: true }),
          ["settings.onlyAdminsCanEditInfo", "settings.requireAdminApproval", "settings.onlyAdminsCanAddMembers"],
          "updateGroupSettings",
        );
      });
    } else {
      test("ryze: updateGroupSettings with a subset changes only that one", async () => {
        assert.deepEqual(await client(provider).updateGroupSettings(TURMA_B, { onlyAdminsCanAddMembers: false }), { groupId: jid(TURMA_B) });
        assert.deepEqual(only(), update(TURMA_B, { groupSettings: { membersCanAddOthers: true } }));
        assert.deepEqual(group(provider, TURMA_B).settings, { membersCanSendMessages: true, membersCanEditInfo: true, requireAdminApproval: false, membersCanAddOthers: true });
      });
    }

    test("updateGroupSettings: unknown or non-boolean settings, or none, are validation, nothing sent", async () => {
      const c = client(provider);
      // Z-API sets all four together: every missing one is named as well, at once.
      const missing = ["settings.onlyAdminsCanSend", "settings.onlyAdminsCanEditInfo", "settings.requireAdminApproval", "settings.onlyAdminsCanAddMembers"];
      const odd = ["settings.everyoneIsAdmin", "settings.onlyAdminsCanSend"];
      await invalid(c.updateGroupSettings(TURMA_B, { onlyAdminsCanSend: "yes", everyoneIsAdmin: true }), zapi ? [...odd, ...missing.slice(1)] : odd, "updateGroupSettings");
      await invalid(c.updateGroupSettings(TURMA_B, {}), zapi ? missing : ["settings"], "updateGroupSettings");
      await invalid(c.updateGroupSettings(TURMA_B), ["settings"], "updateGroupSettings");
    });

    test("updateGroupSettings where the bot is no admin is refused; nothing changes", async () => {
      const before = group(provider, EXTERNO).settings;
      const all = { onlyAdminsCanSend: true, onlyAdminsCanEditInfo: true, requireAdminApproval: false, onlyAdminsCanAddMembers: true };
      await notAdmin(provider, client(provider).updateGroupSettings(EXTERNO, all), "updateGroupSettings");
      assert.deepEqual(group(provider, EXTERNO).settings, before);
    });

    test("leaveGroup: the bot leaves, the group stays, the remaining member becomes admin", async () => {
      const result = await client(provider).leaveGroup(TURMA_D);
      assert.deepEqual(result, { groupId: jid(TURMA_D) });
      assert.deepEqual(group(provider, TURMA_D).participants, [{ phone: "5511987650031", isAdmin: true, isSuperAdmin: false }]);
      assert.deepEqual(
        only(),
        zapi ? { method: "POST", path: "/leave-group", body: { groupId: `${TURMA_D}-group` } } : { method: "DELETE", path: ryzePath("group", "leave", q("identifier", jid(TURMA_D))), body: null },
      );
    });

    test("leaveGroup of a group where the bot is a plain member, by old-style id too", async () => {
      const c = client(provider);
      assert.deepEqual(await c.leaveGroup(EXTERNO), { groupId: jid(EXTERNO) });
      assert.equal(member(provider, EXTERNO, BOT), undefined);
      assert.deepEqual(await c.leaveGroup(`${OLD_STYLE}@g.us`), { groupId: jid(OLD_STYLE) });
      assert.equal(member(provider, OLD_STYLE, BOT), undefined);
    });

    test("leaveGroup twice, or of an unknown group, is not_found (Z-API answers 400, RyzeAPI 404); a malformed id is validation", async () => {
      const c = client(provider);
      await c.leaveGroup(TURMA_D);
      for (const id of [TURMA_D, UNKNOWN]) {
        if (zapi) {
          // Z-API's docs give 400 "Grupo não encontrado" for leaving a group one is not in:
          // the same kind as RyzeAPI's 404.
          const e = await rejection(c.leaveGroup(id), "not_found");
          assert.equal(e.status, 400);
          assert.equal(e.provider, provider);
          assert.equal(e.operation, "leaveGroup");
          assert.match(e.message, /Group not found/);
          assert.equal(e.body, '{"error":"Group not found"}');
        } else {
          await notFound(provider, c.leaveGroup(id), "leaveGroup");
        }
      }
      sim.clearRequests();
      await invalid(c.leaveGroup("../groups"), ["groupId"], "leaveGroup");
    });
  });

  describe(`${provider}: communities`, () => {
    if (zapi) {
      test("zapi: createCommunity creates it with its announcements group", async () => {
        const result = await client(provider).createCommunity({ name: "Escola Nova da Vila Olímpia", description: "Pais e professores" });
        assert.deepEqual(result, { communityId: jid(NEW_1), isCommunity: true, announcementsGroupId: jid(NEW_2), linked: [], failed: [] });
        const c = community(provider, NEW_1);
        assert.equal(c.name, "Escola Nova da Vila Olímpia");
        assert.equal(c.description, "Pais e professores");
        assert.equal(c.announcementsId, NEW_2);
        assert.equal(group(provider, NEW_2).isAnnouncement, true);
        assert.deepEqual(only(), { method: "POST", path: "/communities", body: { name: "Escola Nova da Vila Olímpia", description: "Pais e professores" } });
      });

      test("zapi: createCommunity with groupIds is validation (Z-API cannot link on create), nothing sent", async () => {
        const e = await invalid(client(provider).createCommunity({ name: "Nova", groupIds: [TURMA_B] }), ["groupIds"], "createCommunity");
        assert.match(e.issues[0].message, /linkGroups/);
        assert.equal(sim.state(provider).communities.length, 2);
      });
    } else {
      test("ryze: createCommunity links the requested groups, failures with reasons", async () => {
        const requested = [TURMA_B, FUTEBOL, UNKNOWN];
        const result = await client(provider).createCommunity({ name: "Escola Nova", description: "Pais e professores", groupIds: requested });
        assert.deepEqual(result, {
          communityId: jid(NEW_1),
          isCommunity: true,
          announcementsGroupId: null, // RyzeAPI's answer does not name it
          linked: [jid(TURMA_B)],
          failed: [
            { groupId: jid(FUTEBOL), reason: "group already belongs to another community" },
            { groupId: jid(UNKNOWN), reason: "group not found" },
          ],
        });
        const c = community(provider, NEW_1);
        assert.equal(c.name, "Escola Nova");
        assert.equal(c.description, "Pais e professores");
        assert.deepEqual(c.subgroups, [TURMA_B]);
        assert.equal(group(provider, FUTEBOL).communityId, CLUBE);
        assert.deepEqual(only(), { method: "POST", path: ryzePath("community", "create"), body: { name: "Escola Nova", description: "Pais e professores", groupJid: requested.map(jid) } });
      });

      test("ryze: createCommunity with a name over 25 characters is validation, nothing sent", async () => {
        await invalid(client(provider).createCommunity({ name: "Escola Municipal Vila Nova" }), ["name"], "createCommunity");
      });

      test("ryze: a refused community (FALLBACK) is reported honestly: isCommunity false, every group failed", async () => {
        const requested = [TURMA_B, TURMA_D];
        const result = await client(provider).createCommunity({ name: "Escola FALLBACK", groupIds: requested });
        assert.equal(result.isCommunity, false);
        assert.deepEqual(result.linked, []);
        assert.deepEqual(
          result.failed.map((f) => f.groupId),
          requested.map(jid),
        );
        for (const f of result.failed) assert.match(f.reason, /ordinary group/);
        // What was created is an ordinary group holding only the bot; no community exists.
        assert.equal(result.communityId, jid(NEW_1));
        assert.equal(community(provider, NEW_1), undefined);
        assert.deepEqual(group(provider, NEW_1).participants, [{ phone: BOT, isAdmin: true, isSuperAdmin: true }]);
        assert.equal(sim.state(provider).communities.length, 2);
        for (const g of requested) assert.equal(group(provider, g).communityId, null);
      });
    }

    test("createCommunity: the new community lists its announcements group", async () => {
      const c = client(provider);
      const created = await c.createCommunity({ name: "Comunidade" });
      const subgroups = await c.listSubgroups(created.communityId);
      assert.deepEqual(subgroups, { communityId: jid(NEW_1), subgroups: [{ groupId: jid(NEW_2), name: "Comunidade", isAnnouncements: true }] });
      assert.equal(community(provider, NEW_1).announcementsId, NEW_2);
    });

    test("createCommunity with a blank name or a bad description is validation, nothing sent", async () => {
      await invalid(client(provider).createCommunity({ name: "", description: "x".repeat(2049) }), ["name", "description"], "createCommunity");
    });

    test("listSubgroups: the announcements group first, then the linked groups", async () => {
      const c = client(provider);
      await c.linkGroups(ESCOLA, [TURMA_B]);
      sim.clearRequests();
      const result = await c.listSubgroups(ESCOLA);
      assert.deepEqual(result, {
        communityId: jid(ESCOLA),
        subgroups: [
          { groupId: jid(AVISOS), name: "Avisos", isAnnouncements: true },
          { groupId: jid(TURMA_A), name: "Turma A", isAnnouncements: false },
          { groupId: jid(TURMA_B), name: "Turma B", isAnnouncements: false },
        ],
      });
      const state = community(provider, ESCOLA);
      assert.deepEqual(
        result.subgroups.map((s) => s.groupId),
        [state.announcementsId, ...state.subgroups].map(jid),
      );
      assert.deepEqual(
        only(),
        zapi ? { method: "GET", path: `/communities-metadata/${ESCOLA}`, body: null } : { method: "GET", path: ryzePath("community", "listSubGroups", q("communityJid", jid(ESCOLA))), body: null },
      );
    });

    test("listSubgroups of an unknown community, or of a group, is not_found; a bad id is validation", async () => {
      const c = client(provider);
      await notFound(provider, c.listSubgroups(UNKNOWN), "listSubgroups");
      await notFound(provider, c.listSubgroups(TURMA_B), "listSubgroups");
      sim.clearRequests();
      await invalid(c.listSubgroups(`${OLD_STYLE}@g.us`), ["communityId"], "listSubgroups");
    });

    if (zapi) {
      test("zapi: listCommunities lists the communities the bot is in", async () => {
        const c = client(provider);
        await c.createCommunity({ name: "Terceira" });
        sim.clearRequests();
        const result = await c.listCommunities();
        assert.deepEqual(result, {
          communities: [
            { communityId: jid(ESCOLA), name: "Escola Central" },
            { communityId: jid(CLUBE), name: "Clube" },
            { communityId: jid(NEW_1), name: "Terceira" },
          ],
          page: 1,
          hasMore: false,
        });
        assert.deepEqual(
          result.communities.map((x) => x.communityId),
          sim.state(provider).communities.map((x) => x.jid),
        );
        assert.deepEqual(only(), { method: "GET", path: "/communities?page=1&pageSize=100", body: null });
      });

      test("zapi: listCommunities pages; bad paging is validation", async () => {
        const c = client(provider);
        assert.deepEqual(await c.listCommunities({ page: 1, pageSize: 1 }), { communities: [{ communityId: jid(ESCOLA), name: "Escola Central" }], page: 1, hasMore: true });
        assert.deepEqual(await c.listCommunities({ page: 2, pageSize: 1 }), { communities: [{ communityId: jid(CLUBE), name: "Clube" }], page: 2, hasMore: true });
        assert.deepEqual(await c.listCommunities({ page: 3, pageSize: 1 }), { communities: [], page: 3, hasMore: false });
        sim.clearRequests();
        await invalid(c.listCommunities({ page: -1, pageSize: "10" }), ["page", "pageSize"], "listCommunities");
      });

      test("zapi: getCommunityMetadata: name, description and subgroups", async () => {
        const result = await client(provider).getCommunityMetadata(`${ESCOLA}@g.us`);
        assert.deepEqual(result, {
          communityId: jid(ESCOLA),
          name: "Escola Central",
          description: "Comunidade da Escola Central",
          subgroups: [
            { groupId: jid(AVISOS), name: "Avisos", isAnnouncements: true },
            { groupId: jid(TURMA_A), name: "Turma A", isAnnouncements: false },
          ],
        });
        const state = community(provider, ESCOLA);
        assert.equal(result.description, state.description);
        assert.deepEqual(
          result.subgroups.map((s) => s.groupId),
          [state.announcementsId, ...state.subgroups].map(jid),
        );
        assert.deepEqual(only(), { method: "GET", path: `/communities-metadata/${ESCOLA}`, body: null });
      });

      test("zapi: getCommunityMetadata of an unknown community or of a group is not_found", async () => {
        const c = client(provider);
        await notFound(provider, c.getCommunityMetadata(UNKNOWN), "getCommunityMetadata");
        await notFound(provider, c.getCommunityMetadata(TURMA_B), "getCommunityMetadata");
      });

      test("zapi: updateCommunitySettings sets who may add groups", async () => {
        const c = client(provider);
        assert.deepEqual(await c.updateCommunitySettings(ESCOLA, { whoCanAddGroups: "all" }), { communityId: jid(ESCOLA) });
        assert.equal(community(provider, ESCOLA).whoCanAddNewGroups, "all");
        assert.deepEqual(only(), { method: "POST", path: "/communities/settings", body: { communityId: ESCOLA, whoCanAddNewGroups: "all" } });
        await c.updateCommunitySettings(ESCOLA, { whoCanAddGroups: "admins" });
        assert.equal(community(provider, ESCOLA).whoCanAddNewGroups, "admins");
      });

      test("zapi: updateCommunitySettings with another value is validation; an unknown community is not_found", async () => {
        const c = client(provider);
        await invalid(c.updateCommunitySettings(ESCOLA, { whoCanAddGroups: "everyone" }), ["whoCanAddGroups"], "updateCommunitySettings");
        await invalid(c.updateCommunitySettings(ESCOLA), ["whoCanAddGroups"], "updateCommunitySettings");
        await notFound(provider, c.updateCommunitySettings(UNKNOWN, { whoCanAddGroups: "all" }), "updateCommunitySettings");
      });

      test("zapi: updateCommunityDescription sets it", async () => {
        const c = client(provider);
        const text = "Nova descrição\ncom duas linhas";
        assert.deepEqual(await c.updateCommunityDescription(ESCOLA, text), { communityId: jid(ESCOLA) });
        assert.equal(community(provider, ESCOLA).description, text);
        assert.deepEqual(only(), { method: "POST", path: "/update-community-description", body: { communityId: ESCOLA, communityDescription: text } });
        assert.equal((await c.getCommunityMetadata(ESCOLA)).description, text);
      });

      test("zapi: updateCommunityDescription too long is validation; an unknown community is not_found", async () => {
        const c = client(provider);
        await invalid(c.updateCommunityDescription(ESCOLA, "x".repeat(2049)), ["description"], "updateCommunityDescription");
        await notFound(provider, c.updateCommunityDescription(UNKNOWN, "x"), "updateCommunityDescription");
        assert.equal(community(provider, ESCOLA).description, "Comunidade da Escola Central");
      });

      test("zapi: resetCommunityInvitationLink: a new link replaces the community's old one", async () => {
        const c = client(provider);
        const oldCode = community(provider, ESCOLA).inviteCode;
        sim.clearRequests();
        const result = await c.resetCommunityInvitationLink(ESCOLA);
        const newCode = community(provider, ESCOLA).inviteCode;
        assert.notEqual(newCode, oldCode);
        assert.deepEqual(result, { communityId: jid(ESCOLA), invitationLink: link(newCode) });
        assert.deepEqual(only(), { method: "POST", path: `/redefine-invitation-link/${ESCOLA}`, body: null });
        await notFound(provider, c.resetCommunityInvitationLink(UNKNOWN), "resetCommunityInvitationLink");
      });

      test("zapi: deactivateCommunity deletes it and its announcements group; its groups are unlinked, not deleted", async () => {
        const c = client(provider);
        assert.deepEqual(await c.deactivateCommunity(CLUBE), { communityId: jid(CLUBE) });
        assert.deepEqual(only(), { method: "DELETE", path: `/communities/${CLUBE}`, body: null });
        assert.equal(community(provider, CLUBE), undefined);
        assert.equal(group(provider, AVISOS_CLUBE), undefined);
        assert.equal(group(provider, FUTEBOL).communityId, null);
        assert.ok(member(provider, FUTEBOL, BOT), "the subgroup is kept");
        await notFound(provider, c.getCommunityMetadata(CLUBE), "getCommunityMetadata");
        assert.deepEqual(
          (await c.listCommunities()).communities.map((x) => x.communityId),
          [jid(ESCOLA)],
        );
      });

      test("zapi: deactivateCommunity twice, or of an unknown community, is not_found", async () => {
        const c = client(provider);
        await c.deactivateCommunity(CLUBE);
        await notFound(provider, c.deactivateCommunity(CLUBE), "deactivateCommunity");
        await notFound(provider, c.deactivateCommunity(UNKNOWN), "deactivateCommunity");
        sim.clearRequests();
        await invalid(c.deactivateCommunity(`${OLD_STYLE}@g.us`), ["communityId"], "deactivateCommunity");
      });
    } else {
      const UNSUPPORTED = {
        listCommunities: (c) => c.listCommunities(),
        getCommunityMetadata: (c) => c.getCommunityMetadata(ESCOLA),
        updateCommunitySettings: (c) => c.updateCommunitySettings(ESCOLA, { whoCanAddGroups: "all" }),
        updateCommunityDescription: (c) => c.updateCommunityDescription(ESCOLA, "nova"),
        deactivateCommunity: (c) => c.deactivateCommunity(CLUBE),
        resetCommunityInvitationLink: (c) => c.resetCommunityInvitationLink(ESCOLA),
      };
      for (const [operation, call] of Object.entries(UNSUPPORTED)) {
        test(`ryze: ${operation} is unsupported, nothing sent`, async () => {
          const before = sim.state(provider);
          const e = await rejection(call(client(provider)), "unsupported");
          assert.equal(e.provider, "ryze");
          assert.equal(e.operation, operation);
          assert.match(e.message, /RyzeAPI/);
          assert.ok(e.message.includes(operation), e.message);
          assert.equal(e.status, undefined);
          assert.deepEqual(sim.requests(), []);
          assert.deepEqual(sim.state(provider), before);
        });
      }

      test("ryze: the unsupported operations are an issue of `op` for validate, and buildRequest throws unsupported", () => {
        const config = options(provider);
        for (const operation of Object.keys(UNSUPPORTED)) {
          const call = { op: operation, communityId: ESCOLA, whoCanAddGroups: "all", description: "x" };
          const issues = validate(config, call);
          assert.deepEqual(
            issues.map((i) => i.field),
            ["op"],
            operation,
          );
          assert.match(issues[0].message, /RyzeAPI/);
          let e;
          try {
            buildRequest(config, call);
          } catch (caught) {
            e = caught;
          }
          errorsSeen.push(e);
          assert.ok(e instanceof WaGroupsError, operation);
          assert.equal(e.kind, "unsupported");
          assert.equal(e.operation, operation);
        }
        assert.deepEqual(sim.requests(), []);
      });
    }
  });
}

describe("parseWebhook", () => {
  // Z-API's documented MEMBERSHIP_APPROVAL_REQUEST example (newer revision), verbatim.
  const DOCUMENTED = {
    isGroup: true,
    isNewsletter: false,
    instanceId: "A20D…",
    messageId: "A20D…",
    phone: "5544999999999-group",
    connectedPhone: "5544999999999",
    fromMe: false,
    momment: 1682017970000,
    expiresAt: null,
    status: "RECEIVED",
    chatName: "name",
    senderPhoto: "https://",
    senderName: "name",
    photo: null,
    broadcast: false,
    participantPhone: "5544999999999",
    referenceMessageId: null,
    externalAdReply: null,
    forwarded: false,
    type: "ReceivedCallback",
    notification: "MEMBERSHIP_APPROVAL_REQUEST",
    notificationParameters: ["5544999999999"],
    callId: null,
    code: null,
    requestMethod: "invite_link",
  };
  const MOMENT = 1700000000000;
  /** A group notification in the documented envelope. */
  const notification = (name, parameters, extra = {}) => ({
    ...DOCUMENTED,
    phone: `${TURMA_B}-group`,
    momment: MOMENT,
    chatName: "Turma B",
    requestMethod: undefined,
    notification: name,
    notificationParameters: parameters,
    ...extra,
  });
  /** The typed event; `by` is the envelope's participantPhone unless `extra` says otherwise. */
  const event = (type, notificationName, participants, extra = {}) => ({
    type,
    provider: "zapi",
    groupId: jid(TURMA_B),
    participants,
    by: DOCUMENTED.participantPhone,
    at: MOMENT,
    notification: notificationName,
    ...extra,
  });

  test("the documented MEMBERSHIP_APPROVAL_REQUEST example, as text or as an object", () => {
    const expected = {
      type: "membership_requested",
      provider: "zapi",
      groupId: "5544999999999@g.us",
      participants: ["5544999999999"],
      method: "invite_link",
      // Only a request by a member's add has an adder.
      addedBy: null,
      // participantPhone: who sent the notification.
      by: "5544999999999",
      at: 1682017970000,
      notification: "MEMBERSHIP_APPROVAL_REQUEST",
    };
    assert.deepEqual(parseWebhook("zapi", JSON.stringify(DOCUMENTED)), expected);
    assert.deepEqual(parseWebhook("zapi", DOCUMENTED), expected);
  });

  test("MEMBERSHIP_APPROVAL_REQUEST by a member's add: the adder (participantPhone) is addedBy, participants only the requester(s)", () => {
    // As Z-API documents it: participantPhone is the member who added, the parameters
    // name the adder first, then who now waits for approval.
    const MEMBER = "5511987650011";
    const body = notification("MEMBERSHIP_APPROVAL_REQUEST", [MEMBER, "5511955551111"], { requestMethod: "non_admin_add", participantPhone: MEMBER });
    const expected = event("membership_requested", "MEMBERSHIP_APPROVAL_REQUEST", ["5511955551111"], { method: "non_admin_add", addedBy: MEMBER, by: MEMBER });
    assert.deepEqual(parseWebhook("zapi", body), expected);
    assert.deepEqual(parseWebhook("zapi", JSON.stringify(body)), expected);
    // Several requesters, ids in other forms: still only the requesters, in canonical form.
    const many = notification("MEMBERSHIP_APPROVAL_REQUEST", [`${MEMBER}@s.whatsapp.net`, "5511955551111@s.whatsapp.net", "5511955552222"], {
      requestMethod: "non_admin_add",
      participantPhone: `${MEMBER}@s.whatsapp.net`,
    });
    assert.deepEqual(
      parseWebhook("zapi", many),
      event("membership_requested", "MEMBERSHIP_APPROVAL_REQUEST", ["5511955551111", "5511955552222"], { method: "non_admin_add", addedBy: MEMBER, by: MEMBER }),
    );
    // Approving `participants` never approves the adder, who is a member already.
    assert.ok(!parseWebhook("zapi", many).participants.includes(MEMBER));
    // Without participantPhone, the documented order says who added: the first parameter.
    const noSender = notification("MEMBERSHIP_APPROVAL_REQUEST", [MEMBER, "5511955551111"], { requestMethod: "non_admin_add", participantPhone: undefined });
    assert.deepEqual(parseWebhook("zapi", noSender), event("membership_requested", "MEMBERSHIP_APPROVAL_REQUEST", ["5511955551111"], { method: "non_admin_add", addedBy: MEMBER, by: null }));
    // Any other request method has no adder: every parameter is a requester.
    const byLink = notification("MEMBERSHIP_APPROVAL_REQUEST", ["5511955551111", "5511955552222"], { requestMethod: "invite_link", participantPhone: "5511955551111" });
    assert.deepEqual(
      parseWebhook("zapi", byLink),
      event("membership_requested", "MEMBERSHIP_APPROVAL_REQUEST", ["5511955551111", "5511955552222"], { method: "invite_link", addedBy: null, by: "5511955551111" }),
    );
  });

  test("GROUP_MEMBER_LINK_PROPERTY_UPDATE keeps linkMode, names the admin in by, and changes nobody's membership", () => {
    const ADMIN = "5511987650011";
    for (const linkMode of ["ADMIN_LINK", "ALL_MEMBER_LINK"]) {
      // Z-API's documented shape: no parameters, the admin in participantPhone (and a LID).
      const body = notification("GROUP_MEMBER_LINK_PROPERTY_UPDATE", [], { participantPhone: ADMIN, participantLid: "99999999999999@lid", linkMode });
      const expected = event("member_link_property_updated", "GROUP_MEMBER_LINK_PROPERTY_UPDATE", [], { linkMode, by: ADMIN });
      assert.deepEqual(parseWebhook("zapi", body), expected, linkMode);
      assert.deepEqual(parseWebhook("zapi", JSON.stringify(body)), expected, linkMode);
    }
    // Without a linkMode it is null, never a guess.
    const none = notification("GROUP_MEMBER_LINK_PROPERTY_UPDATE", [], { participantPhone: ADMIN });
    assert.deepEqual(parseWebhook("zapi", none), event("member_link_property_updated", "GROUP_MEMBER_LINK_PROPERTY_UPDATE", [], { linkMode: null, by: ADMIN }));
  });

  test("every Z-API group event says who did it in by: participantPhone in canonical digits, or null", () => {
    const kinds = [
      ["GROUP_CREATE", "group_created", ["Turma B"]],
      ["GROUP_PARTICIPANT_ADD", "participants_added", ["5511911112222"]],
      ["GROUP_PARTICIPANT_REMOVE", "participants_removed", ["5511987650012"]],
      ["GROUP_PARTICIPANT_LEAVE", "participant_left", ["5511987650011"]],
      ["MEMBERSHIP_APPROVAL_REQUEST", "membership_requested", ["5511955551111"]],
      ["REVOKED_MEMBERSHIP_REQUESTS", "membership_request_revoked", ["5511955551111"]],
      ["GROUP_MEMBER_LINK_PROPERTY_UPDATE", "member_link_property_updated", []],
    ];
    for (const [name, type, parameters] of kinds) {
      for (const [participantPhone, by] of [
        ["5511987650001", "5511987650001"],
        ["5511987650001@s.whatsapp.net", "5511987650001"],
        ["+55 (11) 98765-0001", "5511987650001"],
        [undefined, null],
        [null, null],
      ]) {
        const e = parseWebhook("zapi", notification(name, parameters, { participantPhone }));
        assert.equal(e.type, type, name);
        assert.ok(Object.hasOwn(e, "by"), `${name}: no by in ${JSON.stringify(e)}`);
        assert.equal(e.by, by, `${name} ${participantPhone}`);
      }
    }
  });

  test("each group notification becomes its typed event, in canonical ids", () => {
    const cases = [
      [notification("GROUP_CREATE", ["Turma B"]), event("group_created", "GROUP_CREATE", [], { name: "Turma B" })],
      [
        notification("GROUP_PARTICIPANT_ADD", ["5511911112222", "5511911113333@s.whatsapp.net", "123456789012345@lid"]),
        event("participants_added", "GROUP_PARTICIPANT_ADD", ["5511911112222", "5511911113333", "123456789012345@lid"]),
      ],
      [notification("GROUP_PARTICIPANT_REMOVE", ["5511987650012"]), event("participants_removed", "GROUP_PARTICIPANT_REMOVE", ["5511987650012"])],
      [notification("GROUP_PARTICIPANT_LEAVE", ["5511987650011"]), event("participant_left", "GROUP_PARTICIPANT_LEAVE", ["5511987650011"])],
      [notification("REVOKED_MEMBERSHIP_REQUESTS", ["5511955551111"]), event("membership_request_revoked", "REVOKED_MEMBERSHIP_REQUESTS", ["5511955551111"])],
      // Nobody's membership changes: the parameters are not participants; who may share the link now is linkMode.
      [
        notification("GROUP_MEMBER_LINK_PROPERTY_UPDATE", ["5511987650011"], { linkMode: "ALL_MEMBER_LINK" }),
        event("member_link_property_updated", "GROUP_MEMBER_LINK_PROPERTY_UPDATE", [], { linkMode: "ALL_MEMBER_LINK" }),
      ],
    ];
    for (const [body, expected] of cases) {
      assert.deepEqual(parseWebhook("zapi", body), expected, body.notification);
      assert.deepEqual(parseWebhook("zapi", JSON.stringify(body)), expected, body.notification);
    }
  });

  test("a leave with no parameters names participantPhone; an old-style group; no moment", () => {
    const leave = notification("GROUP_PARTICIPANT_LEAVE", [], { participantPhone: "5511987650011" });
    assert.deepEqual(parseWebhook("zapi", leave), event("participant_left", "GROUP_PARTICIPANT_LEAVE", ["5511987650011"], { by: "5511987650011" }));
    const old = notification("GROUP_PARTICIPANT_ADD", ["5511911112222"], { phone: OLD_STYLE, momment: undefined });
    assert.deepEqual(parseWebhook("zapi", old), { ...event("participants_added", "GROUP_PARTICIPANT_ADD", ["5511911112222"]), groupId: jid(OLD_STYLE), at: null });
  });

  test("a non-group event comes back as other with the raw payload", () => {
    const bodies = [
      { isGroup: false, phone: "5511999999999", type: "ReceivedCallback", momment: MOMENT, text: { message: "Olá" } },
      notification("CALL_VOICE", []),
      notification("CHAT_LABEL_ASSOCIATION", [{ phone: "5511999999999", label: "1", assigned: true }]),
      { ...notification("GROUP_PARTICIPANT_ADD", ["5511911112222"]), phone: "not a group" },
      { type: "DisconnectedCallback", instanceId: "A20D", disconnected: true, error: "Device has been disconnected" },
    ];
    for (const body of bodies) {
      const raw = JSON.parse(JSON.stringify(body));
      assert.deepEqual(parseWebhook("zapi", body), { type: "other", provider: "zapi", raw });
      assert.deepEqual(parseWebhook("zapi", JSON.stringify(body)), { type: "other", provider: "zapi", raw });
    }
  });

  test("RyzeAPI documents no group webhooks: every body is other", () => {
    const body = notification("GROUP_PARTICIPANT_ADD", ["5511911112222"]);
    assert.deepEqual(parseWebhook("ryze", body), { type: "other", provider: "ryze", raw: JSON.parse(JSON.stringify(body)) });
    assert.deepEqual(parseWebhook("ryze", "garbage"), { type: "other", provider: "ryze", raw: "garbage" });
  });

  // RyzeAPI's webhook envelope (its docs' "Webhooks" page): every event carries the
  // instance's own token in instanceData.token.
  const RYZE_TOKEN = SIM_CREDENTIALS.ryze.token;
  const ryzeEvent = (event, data, token = RYZE_TOKEN) => ({ event, data, instanceData: { baseUrl: "https://ryzeapi.cloud", instance: RYZE_INSTANCE, token } });

  test("RyzeAPI events stay other, with instanceData.token replaced by *** and the token nowhere in the output", () => {
    const bodies = [
      ryzeEvent("group.flow", { groupJid: jid(TURMA_B), action: "add", participants: ["5511911112222@s.whatsapp.net"] }),
      ryzeEvent("messages.upsert", { key: { remoteJid: "5511911112222@s.whatsapp.net", fromMe: false }, message: { conversation: "Olá" } }),
      ryzeEvent("connection.update", { state: "open" }),
    ];
    for (const body of bodies) {
      for (const given of [body, JSON.stringify(body)]) {
        const e = parseWebhook("ryze", given);
        webhookOutputs.push(e);
        // Everything else as it came.
        assert.deepEqual(e, { type: "other", provider: "ryze", raw: { ...body, instanceData: { ...body.instanceData, token: "***" } } });
        assert.ok(!JSON.stringify(e).includes(RYZE_TOKEN), JSON.stringify(e));
      }
    }
  });

  test("RyzeAPI's token is hidden wherever the payload repeats it, percent-encoded too", () => {
    // The simulator's token, repeated in the data: as is, inside a URL, inside other text.
    const repeated = ryzeEvent("group.flow", {
      groupJid: jid(TURMA_B),
      webhookUrl: `https://hooks.example/ryze?token=${RYZE_TOKEN}&x=1`,
      note: `token ${RYZE_TOKEN} was used`,
      nested: [{ token: RYZE_TOKEN }],
    });
    const e = parseWebhook("ryze", repeated);
    webhookOutputs.push(e);
    assert.deepEqual(e.raw.data, { groupJid: jid(TURMA_B), webhookUrl: "https://hooks.example/ryze?token=***&x=1", note: "token *** was used", nested: [{ token: "***" }] });
    assert.equal(e.raw.instanceData.token, "***");
    // A token with characters that percent-encoding and JSON escaping change.
    const odd = 'ryze/TOKEN+with "odd" chars?&=';
    const lowerEscapes = (t) => t.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    const forms = [odd, encodeURIComponent(odd), lowerEscapes(encodeURIComponent(odd)), JSON.stringify(odd).slice(1, -1)];
    assert.equal(new Set(forms).size, 4, "the forms differ");
    const body = ryzeEvent(
      "group.flow",
      { groupJid: jid(TURMA_B), encoded: `https://hooks.example/?t=${encodeURIComponent(odd)}`, lower: `https://hooks.example/?t=${lowerEscapes(encodeURIComponent(odd))}`, plain: odd },
      odd,
    );
    for (const given of [body, JSON.stringify(body)]) {
      const out = JSON.stringify(parseWebhook("ryze", given));
      for (const form of forms) assert.ok(!out.includes(form), `${form} in ${out}`);
      assert.equal(JSON.parse(out).raw.instanceData.token, "***");
      assert.equal(JSON.parse(out).raw.data.groupJid, jid(TURMA_B));
    }
  });

  test("garbage is other with the raw text or value, never a throw", () => {
    const cases = [
      ["not json <html>", "not json <html>"],
      ["", ""],
      ["{", "{"],
      ['{"notification":"GROUP_CREATE",', '{"notification":"GROUP_CREATE",'],
      ["[1,2,3]", [1, 2, 3]],
      ["42", 42],
      ["null", null],
      [42, 42],
      [true, true],
      [null, null],
      [undefined, null],
      [[], []],
    ];
    for (const [body, raw] of cases) {
      assert.deepEqual(parseWebhook("zapi", body), { type: "other", provider: "zapi", raw }, JSON.stringify(body));
    }
  });

  test("never throws for hostile bodies", () => {
    const bodies = [
      "[".repeat(100_000),
      '{"a":'.repeat(50_000),
      "x".repeat(2_000_000),
      "\ud800{",
      "\u0000\u0001",
      JSON.stringify({ notification: "GROUP_PARTICIPANT_ADD", phone: `${TURMA_B}-group`, notificationParameters: [{ phone: 1 }, 5, null, ["x"]] }),
      JSON.stringify({ notification: "GROUP_CREATE", phone: `${TURMA_B}-group`, notificationParameters: "Turma", momment: "yesterday" }),
      JSON.stringify({ notification: 5, phone: ["x"] }),
    ];
    for (let i = 0; i < 200; i++) bodies.push(String.fromCharCode(...Array.from({ length: (i * 7) % 64 }, (_, k) => (i * 31 + k * 17) % 0x2fff)));
    for (const body of bodies) {
      let e;
      try {
        const event = parseWebhook("zapi", body);
        assert.equal(typeof event.type, "string");
        assert.equal(event.provider, "zapi");
      } catch (caught) {
        e = caught;
      }
      assert.equal(e, undefined, `threw for ${JSON.stringify(body.slice(0, 60))}: ${e}`);
    }
  });

  test("an object that JSON cannot encode is still no throw", () => {
    const cyclic = { notification: "GROUP_CREATE" };
    cyclic.self = cyclic;
    for (const body of [cyclic, { momment: 1n }]) {
      let e;
      try {
        assert.equal(parseWebhook("zapi", body).type, "other");
      } catch (caught) {
        e = caught;
        errorsSeen.push(caught);
      }
      assert.equal(e, undefined, `threw ${e}`);
    }
  });

  test("an unknown provider name throws a validation WaGroupsError", () => {
    for (const provider of ["whatsapp", "ZAPI", "", undefined]) {
      let e;
      try {
        parseWebhook(provider, JSON.stringify(DOCUMENTED));
      } catch (caught) {
        e = caught;
      }
      errorsSeen.push(e);
      assert.ok(e instanceof WaGroupsError, `no WaGroupsError for ${provider}`);
      assert.equal(e.kind, "validation");
      assert.deepEqual(
        e.issues.map((i) => i.field),
        ["provider"],
      );
    }
  });
});

test("no error, property, console line or webhook event contains a token or client token", () => {
  assert.ok(errorsSeen.length >= 120, `only ${errorsSeen.length} errors were collected`);
  assert.deepEqual(secretLeaks(errorsSeen, consoleOutput), []);
  // The webhook events, as a Worker would log or store them: not even a piece of a secret.
  assert.ok(webhookOutputs.length >= 7, `only ${webhookOutputs.length} webhook events were collected`);
  const pieces = secretPieces();
  for (const e of webhookOutputs) {
    const text = JSON.stringify(e);
    for (const p of pieces) assert.ok(!text.includes(p) && !text.includes(encodeURIComponent(p)), `"${p}" shown in ${text}`);
  }
});
