// Z-API: the group and community endpoints beyond the four seed operations.
// Run: node --test sim/
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { BOT, CLUBE, ESCOLA, OLD, EXTERNAL, APPROVAL, Z, useSimulator } from "./testkit.mjs";

const h = useSimulator();
const { zapi, group, community, member } = h;
const link = (code) => `https://chat.whatsapp.com/${code}`;
const codeOf = (id) => group("zapi", id)?.inviteCode ?? community("zapi", id)?.inviteCode;
const post = (suffix, body) => zapi(suffix, { body });
const get = (suffix) => zapi(suffix, { method: "GET" });
// Z-API's error tables give 403 "Sem permissão" when only admins may do it; the texts are ours.
const NOT_ADMIN = { error: "Sem permissão: you are not an admin of this group" };
const NOT_SUPER_ADMIN = { error: "Sem permissão: you are not a super admin of this group" };
const NOT_COMMUNITY_ADMIN = { error: "Sem permissão: you are not an admin of this community" };

/** Every new route: [method, suffix, json body or undefined]. */
const ROUTES = [
  ["GET", "/groups?page=1&pageSize=5"],
  ["GET", "/group-metadata/120363400000000004-group"],
  ["GET", "/light-group-metadata/120363400000000004-group"],
  ["GET", "/group-invitation-metadata?url=https%3A%2F%2Fchat.whatsapp.com%2FAAAA"],
  ["POST", "/redefine-invitation-link/120363400000000004-group"],
  ["GET", "/accept-invite-group?url=https%3A%2F%2Fchat.whatsapp.com%2FAAAA"],
  ["POST", "/add-participant", { autoInvite: false, groupId: "120363400000000004-group", phones: ["5511911112222"] }],
  ["POST", "/remove-participant", { groupId: "120363400000000004-group", phones: ["5511987650011"] }],
  ["POST", "/add-admin", { groupId: "120363400000000004-group", phones: ["5511987650011"] }],
  ["POST", "/remove-admin", { groupId: "120363400000000004-group", phones: ["5511987650011"] }],
  ["POST", "/approve-participant", { groupId: `${APPROVAL}-group`, phones: ["5511955551111"] }],
  ["POST", "/reject-participant", { groupId: `${APPROVAL}-group`, phones: ["5511955551111"] }],
  ["POST", "/update-group-name", { groupId: "120363400000000004-group", groupName: "X" }],
  ["POST", "/update-group-description", { groupId: "120363400000000004-group", groupDescription: "X" }],
  ["POST", "/update-group-photo", { groupId: "120363400000000004-group", groupPhoto: "https://example.com/p.png" }],
  ["POST", "/update-group-settings", { phone: "120363400000000004-group", adminOnlyMessage: true, adminOnlySettings: true, requireAdminApproval: false, adminOnlyAddMember: true }],
  ["POST", "/leave-group", { groupId: "120363400000000004-group" }],
  ["POST", "/communities", { name: "C" }],
  ["GET", "/communities"],
  ["GET", `/communities-metadata/${ESCOLA}`],
  ["POST", "/communities/settings", { communityId: ESCOLA, whoCanAddNewGroups: "all" }],
  ["POST", "/update-community-description", { communityId: ESCOLA, communityDescription: "d" }],
  ["DELETE", `/communities/${CLUBE}`],
  ["POST", "/update-community-photo", { communityId: ESCOLA, communityPhoto: "https://example.com/c.png" }],
  ["POST", "/add-participant", { autoInvite: false, communityId: ESCOLA, phones: ["5511911112222"] }],
  ["POST", "/privacy/group-add", { type: "CONTACTS" }],
  ["PUT", "/update-webhook-received", { value: "https://example.com/hook" }],
];

describe("Z-API new endpoints: auth, methods, media type, disconnected, scripts", () => {
  test("every route answers 2xx with valid credentials and input", async () => {
    for (const [method, suffix, body] of ROUTES) {
      h.sim.reset();
      const r = await zapi(suffix, { method, body });
      // the two invite routes use an unknown code on purpose: 404 is their "reached the handler" answer
      const expected = suffix.includes("AAAA") ? 404 : 200;
      assert.equal(r.status, expected, `${method} ${suffix}: ${r.text}`);
    }
  });

  test("wrong method → 405 with Allow; no Content-Type on JSON routes → 415", async () => {
    for (const [method, suffix, body] of ROUTES) {
      const wrong = method === "PUT" ? "POST" : "PUT"; // only /update-webhook-received takes PUT
      const a = await zapi(suffix, { method: wrong });
      assert.equal(a.status, 405, `${wrong} ${suffix}`);
      assert.deepEqual(a.json, { error: "Method Not Allowed" });
      assert.ok(a.headers.get("allow").includes(method), suffix);
      if (body !== undefined) {
        const b = await zapi(suffix, { method, body: JSON.stringify(body), contentType: null });
        assert.equal(b.status, 415, suffix);
        assert.equal(typeof b.json.error, "string");
      }
    }
  });

  test("the other documented methods are refused too", async () => {
    for (const [method, suffix] of [
      ["GET", "/add-participant"],
      ["POST", "/groups"],
      ["GET", "/leave-group"],
      ["POST", "/group-metadata/120363400000000004-group"],
      ["GET", "/redefine-invitation-link/120363400000000004-group"],
      ["GET", `/communities/${ESCOLA}`],
      ["DELETE", "/communities"],
      ["DELETE", "/communities/settings"],
      ["GET", "/update-community-photo"],
      ["GET", "/privacy/group-add"],
      ["POST", "/update-webhook-received"],
      ["GET", "/update-webhook-received"],
    ]) {
      const r = await zapi(suffix, { method });
      assert.equal(r.status, 405, `${method} ${suffix}`);
    }
  });

  test("token, Client-Token and disconnected are checked like everywhere else", async () => {
    for (const [method, suffix, body] of ROUTES) {
      assert.deepEqual((await zapi(suffix, { method, body, token: "WRONG" })).json, { error: "Invalid token" }, suffix);
      const a = await zapi(suffix, { method, body, clientToken: null });
      assert.deepEqual([a.status, a.json], [400, { error: "null not allowed" }], suffix);
      const b = await zapi(suffix, { method, body, clientToken: "WRONG" });
      assert.deepEqual([b.status, b.json], [401, { error: "Client-Token not allowed" }], suffix);
    }
    h.sim.configure({ disconnected: { zapi: true } });
    for (const [method, suffix, body] of ROUTES) {
      const a = await zapi(suffix, { method, body });
      assert.deepEqual([a.status, a.json], [400, { error: "You are not connected." }], suffix);
    }
    assert.equal(community("zapi", CLUBE).id, CLUBE, "nothing changed while disconnected");
  });

  test("scripted answers apply to the new routes", async () => {
    h.sim.script({ provider: "zapi", method: "GET", path: "/groups", status: 500, body: { error: "boom" } });
    h.sim.script({ provider: "zapi", path: "/leave-group", status: 200, body: { value: false } });
    const a = await get("/groups?page=1&pageSize=2");
    assert.deepEqual([a.status, a.json], [500, { error: "boom" }]);
    const b = await post("/leave-group", { groupId: "120363400000000004-group" });
    assert.deepEqual(b.json, { value: false });
    assert.ok(member("zapi", "120363400000000004", BOT), "a scripted answer does not touch the state");
    assert.deepEqual(
      h.sim.requests().map((e) => e.scripted),
      [true, true],
    );
  });
});

describe("Z-API GET /groups", () => {
  test("chat objects like the documented example, newest first, without communities", async () => {
    const a = await get("/groups");
    assert.equal(a.status, 200);
    assert.equal(a.json.length, 9);
    assert.deepEqual(a.json[0], {
      isGroup: true,
      name: "Grupo Externo",
      phone: "120363400000000020-group",
      unread: "0",
      lastMessageTime: String(Date.UTC(2024, 3, 1, 12)),
      isMuted: "0",
      isMarkedSpam: "false",
      archived: "false",
      pinned: "false",
      muteEndTime: null,
      messagesUnread: "0",
    });
    assert.equal(a.json.at(-1).phone, OLD, "old-style ids as they are");
    assert.ok(!a.json.some((g) => g.phone.startsWith(ESCOLA) || g.phone.startsWith(CLUBE)), "no community parents");
    assert.ok(
      a.json.some((g) => g.phone === "120363400000000002-group"),
      "announcements groups are groups",
    );
    const created = await post("/create-group", { autoInvite: false, groupName: "Nova", phones: ["5511911112222"] });
    const b = await get("/groups?page=1&pageSize=1");
    assert.deepEqual(
      b.json.map((g) => g.phone),
      [created.json.phone],
    );
  });

  test("paging is 1-based; past the end → []; bad values → 400", async () => {
    const all = (await get("/groups?page=1&pageSize=100")).json.map((g) => g.phone);
    const pages = [];
    for (let page = 1; page <= 4; page++) pages.push((await get(`/groups?page=${page}&pageSize=4`)).json.map((g) => g.phone));
    assert.deepEqual(
      pages.map((p) => p.length),
      [4, 4, 1, 0],
    );
    assert.deepEqual(pages.flat(), all);
    for (const q of ["page=0", "pageSize=0", "page=x", "pageSize=-1", "page=1.5"]) {
      const r = await get(`/groups?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(typeof r.json.error, "string");
    }
  });

  test("a group the bot left is no longer listed", async () => {
    await post("/leave-group", { groupId: "120363400000000004-group" });
    const a = await get("/groups");
    assert.ok(!a.json.some((g) => g.phone === "120363400000000004-group"));
  });
});

describe("Z-API group metadata", () => {
  test("full metadata: documented shape, link for admins", async () => {
    const a = await get("/group-metadata/120363400000000003-group");
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, {
      phone: "120363400000000003-group",
      description: "",
      owner: BOT,
      subject: "Turma A",
      creation: Date.UTC(2024, 1, 2, 12),
      invitationLink: link(codeOf("120363400000000003")),
      invitationLinkError: null,
      communityId: ESCOLA,
      adminOnlyMessage: false,
      adminOnlySettings: false,
      requireAdminApproval: false,
      isGroupAnnouncement: false,
      participants: [
        { phone: BOT, isAdmin: true, isSuperAdmin: true },
        { phone: "5511987650001", isAdmin: true, isSuperAdmin: false },
        { phone: "5511987650002", isAdmin: false, isSuperAdmin: false },
        { phone: "5511987650003", isAdmin: false, isSuperAdmin: false },
      ],
      subjectTime: Date.UTC(2024, 1, 2, 12),
      subjectOwner: BOT,
    });
  });

  test("announcements, old-style, approval group and the non-admin group", async () => {
    const ann = (await get("/group-metadata/120363400000000002")).json;
    assert.deepEqual([ann.isGroupAnnouncement, ann.adminOnlyMessage, ann.adminOnlySettings, ann.communityId], [true, true, true, ESCOLA]);
    const old = (await get(`/group-metadata/${OLD}`)).json;
    assert.deepEqual([old.phone, old.creation, old.communityId], [OLD, 1623281429000, null]);
    assert.equal((await get(`/group-metadata/${APPROVAL}-group`)).json.requireAdminApproval, true);
    const ext = (await get(`/group-metadata/${EXTERNAL}-group`)).json;
    assert.deepEqual([ext.invitationLink, ext.invitationLinkError, ext.owner, ext.adminOnlySettings], [null, "not-authorized", "5511987659999", true]);
  });

  test("light metadata: same, with invitationLink and invitationLinkError null", async () => {
    const full = (await get("/group-metadata/120363400000000003-group")).json;
    const light = await get("/light-group-metadata/120363400000000003-group");
    assert.equal(light.status, 200);
    assert.deepEqual(light.json, { ...full, invitationLink: null, invitationLinkError: null });
  });

  test("unknown → 404 Group not found; malformed id → 400", async () => {
    for (const path of ["/group-metadata/120363499999999999-group", "/light-group-metadata/120363499999999999"]) {
      const a = await get(path);
      assert.deepEqual([a.status, a.json], [404, { error: "Group not found" }]);
    }
    assert.equal((await get("/group-metadata/abc@g.us")).status, 400);
  });
});

describe("Z-API invitation metadata, redefine link, accept invite", () => {
  test("invitation metadata by link or code: documented shape with counts", async () => {
    const code = codeOf("120363400000000003");
    for (const url of [link(code), code]) {
      const a = await get(`/group-invitation-metadata?url=${encodeURIComponent(url)}`);
      assert.equal(a.status, 200, url);
      assert.deepEqual(a.json, {
        phone: "120363400000000003-group",
        owner: BOT,
        subject: "Turma A",
        description: "",
        creation: Date.UTC(2024, 1, 2, 12),
        invitationLink: link(code),
        contactsCount: 3, // all three are also in Avisos
        participantsCount: 4,
        participants: [
          { phone: BOT, isAdmin: true, isSuperAdmin: true },
          { phone: "5511987650001", isAdmin: true, isSuperAdmin: false },
          { phone: "5511987650002", isAdmin: false, isSuperAdmin: false },
          { phone: "5511987650003", isAdmin: false, isSuperAdmin: false },
        ],
        subjectTime: Date.UTC(2024, 1, 2, 12),
        subjectOwner: BOT,
      });
    }
    const d = await get(`/group-invitation-metadata?url=${encodeURIComponent(link(codeOf("120363400000000006")))}`);
    assert.deepEqual([d.json.participantsCount, d.json.contactsCount], [2, 0]);
  });

  test("invitation metadata: missing url 400, bad url 400, unknown code 404", async () => {
    assert.deepEqual((await get("/group-invitation-metadata")).json, { error: "url is required" });
    assert.equal((await get(`/group-invitation-metadata?url=${encodeURIComponent("https://example.com/x")}`)).status, 400);
    const a = await get(`/group-invitation-metadata?url=${encodeURIComponent(link("ZZZZZZZZZZZZZZZZZZZZZZ"))}`);
    assert.deepEqual([a.status, a.json], [404, { error: "Invalid or revoked invitation link" }]);
  });

  test("redefine: {invitationLink} with a new code each time; old links stop working", async () => {
    const before = codeOf("120363400000000004");
    const a = await post("/redefine-invitation-link/120363400000000004-group");
    assert.equal(a.status, 200);
    assert.deepEqual(Object.keys(a.json), ["invitationLink"]);
    const first = a.json.invitationLink;
    assert.match(first, /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/);
    assert.notEqual(first, link(before));
    const b = await zapi("/redefine-invitation-link/120363400000000004", { method: "POST" });
    assert.notEqual(b.json.invitationLink, first);
    assert.equal(b.json.invitationLink, link(codeOf("120363400000000004")));
    // the current link is what /group-invitation-link answers now
    assert.equal((await get("/group-invitation-link/120363400000000004-group")).json.invitationLink, b.json.invitationLink);
    for (const old of [link(before), first]) {
      assert.equal((await get(`/group-invitation-metadata?url=${encodeURIComponent(old)}`)).status, 404);
      assert.equal((await get(`/accept-invite-group?url=${encodeURIComponent(old)}`)).status, 404);
    }
    assert.equal((await get(`/group-invitation-metadata?url=${encodeURIComponent(b.json.invitationLink)}`)).status, 200);
    // deterministic: the same sequence after a reset gives the same links; seed links are back
    h.sim.reset();
    assert.equal(codeOf("120363400000000004"), before);
    assert.equal((await get(`/group-invitation-metadata?url=${encodeURIComponent(link(before))}`)).status, 200);
    assert.equal((await post("/redefine-invitation-link/120363400000000004-group")).json.invitationLink, first);
  });

  test("redefine: communities too; not admin → 403; unknown → 404", async () => {
    const c = await post(`/redefine-invitation-link/${ESCOLA}`);
    assert.equal(c.status, 200);
    assert.equal(c.json.invitationLink, link(community("zapi", ESCOLA).inviteCode));
    const a = await post(`/redefine-invitation-link/${EXTERNAL}-group`);
    assert.deepEqual([a.status, a.json], [403, NOT_ADMIN]);
    const b = await post("/redefine-invitation-link/120363499999999999-group");
    assert.deepEqual([b.status, b.json], [404, { error: "Group not found" }]);
  });

  test("accept invite: {success: true}; the bot joins as a plain member", async () => {
    const code = codeOf("120363400000000006");
    await post("/leave-group", { groupId: "120363400000000006-group" });
    assert.equal(member("zapi", "120363400000000006", BOT), undefined);
    const a = await get(`/accept-invite-group?url=${encodeURIComponent(link(code))}`);
    assert.deepEqual([a.status, a.json], [200, { success: true }]);
    assert.deepEqual(member("zapi", "120363400000000006", BOT), { phone: BOT, isAdmin: false, isSuperAdmin: false });
    const again = await get(`/accept-invite-group?url=${code}`);
    assert.deepEqual([again.status, again.json], [200, { success: true }], "already a member: still success");
  });

  test("accept invite on a group requiring approval: the bot is queued, not a member", async () => {
    const code = codeOf(APPROVAL);
    await post("/leave-group", { groupId: `${APPROVAL}-group` });
    const a = await get(`/accept-invite-group?url=${encodeURIComponent(link(code))}`);
    assert.deepEqual([a.status, a.json], [200, { success: true }]);
    const g = group("zapi", APPROVAL);
    assert.equal(member("zapi", APPROVAL, BOT), undefined);
    assert.deepEqual(g.pendingRequests, ["5511955551111", "5511955552222", BOT]);
    assert.equal((await get(`/group-metadata/${APPROVAL}-group`)).status, 404);
  });

  test("accept invite: unknown/revoked code → 404 {error}; missing url → 400", async () => {
    const a = await get(`/accept-invite-group?url=${encodeURIComponent(link("ZZZZZZZZZZZZZZZZZZZZZZ"))}`);
    assert.deepEqual([a.status, a.json], [404, { error: "Invalid or revoked invitation link" }]);
    assert.equal((await get("/accept-invite-group")).status, 400);
  });
});

describe("Z-API participants", () => {
  const G4 = "120363400000000004-group";

  test("add: all added → {value: true}", async () => {
    const a = await post("/add-participant", { autoInvite: false, groupId: G4, phones: ["5511911112222", "5511911113333", "5511911112222"] });
    assert.deepEqual([a.status, a.json], [200, { value: true }]);
    assert.deepEqual(
      group("zapi", "120363400000000004").participants.map((p) => p.phone),
      [BOT, "5511987650011", "5511987650012", "5511911112222", "5511911113333"],
    );
  });

  test("add: already a member, privacy (…0000) → {value: false, failed}; autoInvite records an invite", async () => {
    const a = await post("/add-participant", { autoInvite: false, groupId: G4, phones: ["5511987650011", "5511911110000", "5511911112222"] });
    assert.deepEqual(a.json, {
      value: false,
      failed: [
        { phone: "5511987650011", reason: "already a participant" },
        { phone: "5511911110000", reason: "privacy settings do not allow adding this number" },
      ],
    });
    assert.ok(member("zapi", "120363400000000004", "5511911112222"), "the others were added");
    assert.deepEqual(group("zapi", "120363400000000004").pendingInvites, []);
    const b = await post("/add-participant", { autoInvite: true, groupId: G4, phones: ["5511911110000"] });
    assert.deepEqual(b.json, { value: false, failed: [{ phone: "5511911110000", reason: "privacy settings do not allow adding this number; a private invite was sent" }] });
    assert.deepEqual(group("zapi", "120363400000000004").pendingInvites, ["5511911110000"]);
    const c = await post("/add-participant", { groupId: G4, phones: [BOT] });
    assert.deepEqual(c.json, { value: false, failed: [{ phone: BOT, reason: "already a participant" }] }, "autoInvite is optional");
  });

  test("remove: members go; non-members, the creator and the bot itself fail", async () => {
    const a = await post("/remove-participant", { groupId: G4, phones: ["5511987650011"] });
    assert.deepEqual(a.json, { value: true });
    assert.equal(member("zapi", "120363400000000004", "5511987650011"), undefined);
    const b = await post("/remove-participant", { groupId: G4, phones: ["5511987650011", BOT, "5511987650012"] });
    assert.deepEqual(b.json, {
      value: false,
      failed: [
        { phone: "5511987650011", reason: "not a participant" },
        { phone: BOT, reason: "the connected number cannot remove itself (leave the group instead)" },
      ],
    });
  });

  test("promote / demote (bot is super admin); the creator cannot be demoted", async () => {
    const a = await post("/add-admin", { groupId: G4, phones: ["5511987650011"] });
    assert.deepEqual(a.json, { value: true });
    assert.deepEqual(member("zapi", "120363400000000004", "5511987650011"), { phone: "5511987650011", isAdmin: true, isSuperAdmin: false });
    assert.deepEqual((await post("/add-admin", { groupId: G4, phones: ["5511987650011"] })).json, { value: true }, "promoting again is a no-op");
    const b = await post("/remove-admin", { groupId: G4, phones: ["5511987650011", BOT, "5511999999999"] });
    assert.deepEqual(b.json, {
      value: false,
      failed: [
        { phone: BOT, reason: "the group creator cannot be demoted" },
        { phone: "5511999999999", reason: "not a participant" },
      ],
    });
    assert.equal(member("zapi", "120363400000000004", "5511987650011").isAdmin, false);
  });

  test("not admin (Grupo Externo): add/remove/approve/reject → 403; promote/demote → 403 super admin", async () => {
    const G = `${EXTERNAL}-group`;
    for (const path of ["/add-participant", "/remove-participant", "/approve-participant", "/reject-participant"]) {
      const r = await post(path, { groupId: G, phones: ["5511987659998"] });
      assert.deepEqual([r.status, r.json], [403, NOT_ADMIN], path);
    }
    for (const path of ["/add-admin", "/remove-admin"]) {
      const r = await post(path, { groupId: G, phones: ["5511987659998"] });
      assert.deepEqual([r.status, r.json], [403, NOT_SUPER_ADMIN], path);
    }
    assert.equal(group("zapi", EXTERNAL).participants.length, 3);
  });

  test("approve / reject act on pending join requests only", async () => {
    const G = `${APPROVAL}-group`;
    assert.deepEqual(group("zapi", APPROVAL).pendingRequests, ["5511955551111", "5511955552222"]);
    const a = await post("/approve-participant", { groupId: G, phones: ["5511955551111"] });
    assert.deepEqual(a.json, { value: true });
    assert.ok(member("zapi", APPROVAL, "5511955551111"));
    assert.deepEqual(group("zapi", APPROVAL).pendingRequests, ["5511955552222"]);
    const b = await post("/approve-participant", { groupId: G, phones: ["5511955551111", "5511987650021"] });
    assert.deepEqual(b.json, {
      value: false,
      failed: [
        { phone: "5511955551111", reason: "no pending join request" },
        { phone: "5511987650021", reason: "no pending join request" },
      ],
    });
    const c = await post("/reject-participant", { groupId: G, phones: ["5511955552222"] });
    assert.deepEqual(c.json, { value: true });
    assert.deepEqual(group("zapi", APPROVAL).pendingRequests, []);
    assert.equal(member("zapi", APPROVAL, "5511955552222"), undefined);
    const d = await post("/reject-participant", { groupId: G, phones: ["5511955552222"] });
    assert.deepEqual(d.json, { value: false, failed: [{ phone: "5511955552222", reason: "no pending join request" }] });
  });

  test("at most 1024 members", async () => {
    const created = await post("/create-group", { autoInvite: false, groupName: "Big", phones: ["5511911112222"] });
    const id = created.json.phone;
    const phones = Array.from({ length: 1022 }, (_, i) => `55119${String(i + 1).padStart(8, "0")}`);
    const a = await post("/add-participant", { autoInvite: false, groupId: id, phones });
    assert.deepEqual(a.json, { value: true });
    assert.equal(group("zapi", id.replace("-group", "")).participants.length, 1024);
    const b = await post("/add-participant", { autoInvite: false, groupId: id, phones: ["5521911112222"] });
    assert.deepEqual(b.json, { value: false, failed: [{ phone: "5521911112222", reason: "group is full (1024 members)" }] });
  });

  test("validation → 400; unknown group → 404 Group not found", async () => {
    const bodies = [
      { phones: ["5511911112222"] },
      { groupId: G4 },
      { groupId: G4, phones: [] },
      { groupId: G4, phones: "5511911112222" },
      { groupId: G4, phones: ["+55 11 91111-2222"] },
      { groupId: G4, phones: ["5511911112222@lid"] },
      { groupId: "abc@g.us", phones: ["5511911112222"] },
      { groupId: 5, phones: ["5511911112222"] },
      { groupId: G4, phones: ["5511911112222"], autoInvite: "yes" },
    ];
    for (const body of bodies) {
      const r = await post("/add-participant", body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(typeof r.json.error, "string");
    }
    const r = await post("/remove-participant", { groupId: "120363499999999999-group", phones: ["5511911112222"] });
    assert.deepEqual([r.status, r.json], [404, { error: "Group not found" }]);
  });
});

describe("Z-API update name, description, photo, settings", () => {
  const G4 = "120363400000000004-group";
  const meta = async (id = G4) => (await get(`/group-metadata/${id}`)).json;

  test('name and description → {value: true}, reflected in metadata; "" clears the description', async () => {
    assert.deepEqual((await post("/update-group-name", { groupId: G4, groupName: "Turma B2" })).json, { value: true });
    assert.deepEqual((await post("/update-group-description", { groupId: G4, groupDescription: "Sala 12" })).json, { value: true });
    const m = await meta();
    assert.deepEqual([m.subject, m.description, m.subjectOwner], ["Turma B2", "Sala 12", BOT]);
    assert.equal(typeof m.subjectTime, "number");
    await post("/update-group-description", { groupId: G4, groupDescription: "" });
    assert.equal((await meta()).description, "");
    assert.equal((await get("/groups")).json.find((g) => g.phone === G4).name, "Turma B2");
  });

  test("limits: name ≤ 100 and not blank, description ≤ 2048 (code points)", async () => {
    assert.equal((await post("/update-group-name", { groupId: G4, groupName: "é".repeat(100) })).status, 200);
    for (const groupName of ["x".repeat(101), "   ", ""]) {
      const r = await post("/update-group-name", { groupId: G4, groupName });
      assert.equal(r.status, 400, JSON.stringify(groupName));
      assert.equal(typeof r.json.error, "string");
    }
    assert.equal((await post("/update-group-description", { groupId: G4, groupDescription: "d".repeat(2048) })).status, 200);
    const long = await post("/update-group-description", { groupId: G4, groupDescription: "d".repeat(2049) });
    assert.deepEqual([long.status, long.json], [400, { error: "groupDescription must be at most 2048 characters" }]);
    assert.equal((await post("/update-group-description", { groupId: G4 })).status, 400);
  });

  test("photo: URL or data URL → stored as a hash; bare base64 (no data:image/ prefix) and anything else → 400", async () => {
    assert.equal(group("zapi", "120363400000000004").photo, null);
    const a = await post("/update-group-photo", { groupId: G4, groupPhoto: "https://example.com/logo.png" });
    assert.deepEqual(a.json, { value: true });
    const first = group("zapi", "120363400000000004").photo;
    assert.equal(first.source, "url");
    assert.match(first.hash, /^[0-9a-f]{16}$/);
    const b64 = Buffer.from("a small fake picture, base64 encoded").toString("base64");
    assert.deepEqual((await post("/update-group-photo", { groupId: G4, groupPhoto: `data:image/png;base64,${b64}` })).json, { value: true });
    assert.equal(group("zapi", "120363400000000004").photo.source, "base64");
    // Z-API's docs: base64 must carry data:image/…;base64, before it.
    const bare = await post("/update-group-photo", { groupId: G4, groupPhoto: b64 });
    assert.equal(bare.status, 400);
    assert.match(bare.json.error, /data:image\/png;base64,/);
    for (const groupPhoto of ["not a picture", "ftp://example.com/x.png", ""]) {
      const r = await post("/update-group-photo", { groupId: G4, groupPhoto });
      assert.equal(r.status, 400, groupPhoto);
    }
  });

  test("Grupo Externo: only admins may edit its info → 403, nothing changes", async () => {
    const G = `${EXTERNAL}-group`;
    for (const [path, body] of [
      ["/update-group-name", { groupId: G, groupName: "Mine" }],
      ["/update-group-description", { groupId: G, groupDescription: "Mine" }],
      ["/update-group-photo", { groupId: G, groupPhoto: "https://example.com/p.png" }],
    ]) {
      const r = await post(path, body);
      assert.deepEqual([r.status, r.json], [403, NOT_ADMIN], path);
    }
    assert.equal(group("zapi", EXTERNAL).name, "Grupo Externo");
  });

  test("a plain member may edit the info when members can edit it", async () => {
    // The bot leaves Turma D (the other member becomes admin) and rejoins as a plain member.
    const code = codeOf("120363400000000006");
    await post("/leave-group", { groupId: "120363400000000006-group" });
    assert.equal(member("zapi", "120363400000000006", "5511987650031").isAdmin, true, "next member promoted");
    await get(`/accept-invite-group?url=${code}`);
    assert.deepEqual((await post("/update-group-name", { groupId: "120363400000000006-group", groupName: "D2" })).json, { value: true });
    const s = await post("/update-group-settings", { phone: "120363400000000006-group", adminOnlyMessage: true, adminOnlySettings: true, requireAdminApproval: true, adminOnlyAddMember: true });
    assert.deepEqual([s.status, s.json], [403, NOT_ADMIN], "settings need admin");
  });

  test("settings: the group id travels in `phone`; stored and reflected in metadata", async () => {
    const a = await post("/update-group-settings", { phone: G4, adminOnlyMessage: true, adminOnlySettings: true, requireAdminApproval: true, adminOnlyAddMember: false });
    assert.deepEqual([a.status, a.json], [200, { value: true }]);
    const m = await meta();
    assert.deepEqual([m.adminOnlyMessage, m.adminOnlySettings, m.requireAdminApproval], [true, true, true]);
    assert.deepEqual(group("zapi", "120363400000000004").settings, {
      membersCanEditInfo: false,
      membersCanSendMessages: false,
      membersCanAddOthers: true,
      requireAdminApproval: true,
    });
  });

  test("settings quirk: a body with `groupId` instead of `phone` → 400 {error}", async () => {
    const r = await post("/update-group-settings", { groupId: G4, adminOnlyMessage: true, adminOnlySettings: true, requireAdminApproval: true, adminOnlyAddMember: true });
    assert.equal(r.status, 400);
    assert.match(r.json.error, /phone/);
    assert.deepEqual(Object.keys(r.json), ["error"]);
    assert.equal(group("zapi", "120363400000000004").settings.membersCanSendMessages, true, "nothing changed");
  });

  test("settings: all four flags required booleans; unknown group 404; not admin 403", async () => {
    const full = { phone: G4, adminOnlyMessage: true, adminOnlySettings: true, requireAdminApproval: true, adminOnlyAddMember: true };
    for (const key of ["adminOnlyMessage", "adminOnlySettings", "requireAdminApproval", "adminOnlyAddMember"]) {
      const { [key]: _, ...rest } = full;
      assert.equal((await post("/update-group-settings", rest)).status, 400, key);
      assert.equal((await post("/update-group-settings", { ...full, [key]: "true" })).status, 400, key);
    }
    assert.equal((await post("/update-group-settings", { ...full, phone: "120363499999999999-group" })).status, 404);
    const ext = await post("/update-group-settings", { ...full, phone: `${EXTERNAL}-group` });
    assert.deepEqual([ext.status, ext.json], [403, NOT_ADMIN]);
  });

  test("unknown group → 404 Group not found on every update", async () => {
    const G = "120363499999999999-group";
    for (const [path, body] of [
      ["/update-group-name", { groupId: G, groupName: "x" }],
      ["/update-group-description", { groupId: G, groupDescription: "x" }],
      ["/update-group-photo", { groupId: G, groupPhoto: "https://example.com/p.png" }],
    ]) {
      const r = await post(path, body);
      assert.deepEqual([r.status, r.json], [404, { error: "Group not found" }], path);
    }
  });
});

describe("Z-API leave-group", () => {
  test("→ {value: true}; the bot is gone; leaving again or an unknown group → 400", async () => {
    const a = await post("/leave-group", { groupId: "120363400000000004-group" });
    assert.deepEqual([a.status, a.json], [200, { value: true }]);
    assert.equal(member("zapi", "120363400000000004", BOT), undefined);
    assert.ok(group("zapi", "120363400000000004"), "the group itself stays");
    // The docs' table gives 400 "Grupo não encontrado" for leaving a group one is not in.
    const b = await post("/leave-group", { groupId: "120363400000000004-group" });
    assert.deepEqual([b.status, b.json], [400, { error: "Group not found" }]);
    const c = await post("/leave-group", { groupId: "120363499999999999-group" });
    assert.deepEqual([c.status, c.json], [400, { error: "Group not found" }]);
    // only leave-group answers 400: the other calls still answer 404 for a group one left
    assert.deepEqual((await get("/group-metadata/120363400000000004-group")).status, 404);
    assert.deepEqual((await get("/group-invitation-link/120363400000000004-group")).status, 404);
  });

  test("old-style id; a plain member can leave too; missing groupId → 400", async () => {
    assert.deepEqual((await post("/leave-group", { groupId: OLD })).json, { value: true });
    assert.deepEqual((await post("/leave-group", { groupId: `${EXTERNAL}-group` })).json, { value: true });
    assert.equal(group("zapi", EXTERNAL).participants.length, 2);
    assert.equal((await post("/leave-group", {})).status, 400);
  });
});

describe("Z-API communities", () => {
  test("create → {id, subGroups: [announcements]}; the community starts with no ordinary group", async () => {
    const a = await post("/communities", { name: "Bairro", description: "Moradores" });
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, {
      id: "120363500000000001",
      subGroups: [{ name: "Bairro", phone: "120363500000000002-group", isGroupAnnouncement: true }],
    });
    const c = community("zapi", "120363500000000001");
    assert.deepEqual([c.name, c.description, c.announcementsId, c.subgroups, c.whoCanAddNewGroups], ["Bairro", "Moradores", "120363500000000002", [], "admins"]);
    const ann = group("zapi", "120363500000000002");
    assert.deepEqual([ann.isAnnouncement, ann.communityId, ann.botIsAdmin], [true, "120363500000000001", true]);
    const b = await post("/communities", { name: "Sem descrição" });
    assert.equal(b.json.id, "120363500000000003");
    assert.equal(community("zapi", b.json.id).description, "");
  });

  test("create: name required, ≤ 100; description a string ≤ 2048", async () => {
    for (const body of [{}, { name: "" }, { name: "  " }, { name: 5 }, { name: "x".repeat(101) }, { name: "ok", description: 5 }, { name: "ok", description: "d".repeat(2049) }]) {
      const r = await post("/communities", body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal(typeof r.json.error, "string");
    }
    assert.equal(h.sim.state("zapi").communities.length, 2);
  });

  test("the unlink rule holds once groups are linked: a community keeps one ordinary group", async () => {
    const { id } = (await post("/communities", { name: "Bairro" })).json;
    const u0 = await post("/communities/unlink", { communityId: id, groupsPhones: ["120363400000000004-group"] });
    assert.deepEqual(u0.json.notUnlinked, [{ phone: "120363400000000004-group", reason: "group is not linked to this community" }]);
    assert.deepEqual((await post("/communities/link", { communityId: id, groupsPhones: ["120363400000000004-group", "120363400000000005-group"] })).json, { success: true });
    const u1 = await post("/communities/unlink", { communityId: id, groupsPhones: ["120363400000000004-group", "120363400000000005-group"] });
    assert.deepEqual(u1.json, {
      success: true,
      message: "1 of 2 groups unlinked",
      notUnlinked: [{ phone: "120363400000000005-group", reason: "a community must keep at least one group" }],
    });
  });

  test("list → [{name, id}] with paging; metadata → {name, id, description, subGroups}", async () => {
    const created = (await post("/communities", { name: "Bairro" })).json;
    const a = await get("/communities");
    assert.deepEqual(a.json, [
      { name: "Escola Central", id: ESCOLA },
      { name: "Clube", id: CLUBE },
      { name: "Bairro", id: created.id },
    ]);
    assert.deepEqual((await get("/communities?page=2&pageSize=2")).json, [{ name: "Bairro", id: created.id }]);
    assert.deepEqual((await get("/communities?page=3&pageSize=2")).json, []);
    assert.equal((await get("/communities?pageSize=0")).status, 400);
    const m = await get(`/communities-metadata/${ESCOLA}`);
    assert.deepEqual(
      [m.status, m.json],
      [
        200,
        {
          name: "Escola Central",
          id: ESCOLA,
          description: "Comunidade da Escola Central",
          subGroups: [
            { name: "Avisos", phone: "120363400000000002-group", isGroupAnnouncement: true },
            { name: "Turma A", phone: "120363400000000003-group", isGroupAnnouncement: false },
          ],
        },
      ],
    );
    assert.deepEqual((await get(`/communities-metadata/${created.id}`)).json.subGroups, created.subGroups);
  });

  test("metadata: unknown or not a community → 404; malformed id → 400", async () => {
    for (const id of ["120363499999999999", "120363400000000004"]) {
      const r = await get(`/communities-metadata/${id}`);
      assert.deepEqual([r.status, r.json], [404, { error: "Community not found" }], id);
    }
    assert.equal((await get(`/communities-metadata/${ESCOLA}-group`)).status, 400);
  });

  test("settings → {success: true}; whoCanAddNewGroups stored; bad values → 400", async () => {
    const a = await post("/communities/settings", { communityId: ESCOLA, whoCanAddNewGroups: "all" });
    assert.deepEqual([a.status, a.json], [200, { success: true }]);
    assert.equal(community("zapi", ESCOLA).whoCanAddNewGroups, "all");
    for (const body of [
      { communityId: ESCOLA },
      { communityId: ESCOLA, whoCanAddNewGroups: "everyone" },
      { whoCanAddNewGroups: "all" },
      { communityId: `${ESCOLA}@g.us`, whoCanAddNewGroups: "all" },
    ]) {
      assert.equal((await post("/communities/settings", body)).status, 400, JSON.stringify(body));
    }
    const u = await post("/communities/settings", { communityId: "120363499999999999", whoCanAddNewGroups: "all" });
    assert.deepEqual([u.status, u.json], [404, { error: "Community not found" }]);
  });

  test('whoCanAddNewGroups "all" lets a non-admin member link groups; admin-only calls refuse it', async () => {
    const { id } = (await post("/communities", { name: "Aberta" })).json;
    await post("/communities/settings", { communityId: id, whoCanAddNewGroups: "all" });
    const url = (await get(`/group-invitation-link/${id}`)).json.invitationLink;
    await post("/leave-group", { groupId: id });
    assert.equal((await get(`/communities-metadata/${id}`)).status, 404, "not a member any more");
    await get(`/accept-invite-group?url=${encodeURIComponent(url)}`);
    assert.deepEqual(community("zapi", id).participants, [{ phone: BOT, isAdmin: false, isSuperAdmin: false }]);
    assert.deepEqual((await post("/communities/link", { communityId: id, groupsPhones: ["120363400000000004-group"] })).json, { success: true });
    for (const [method, path, body] of [
      ["POST", "/communities/settings", { communityId: id, whoCanAddNewGroups: "admins" }],
      ["POST", "/update-community-description", { communityId: id, communityDescription: "x" }],
      ["DELETE", `/communities/${id}`, undefined],
    ]) {
      const r = await zapi(path, { method, body });
      assert.deepEqual([r.status, r.json], [403, NOT_COMMUNITY_ADMIN], path);
    }
  });

  test('with "admins" (default) a non-admin member cannot link', async () => {
    const { id } = (await post("/communities", { name: "Fechada" })).json;
    const url = (await get(`/group-invitation-link/${id}`)).json.invitationLink;
    await post("/leave-group", { groupId: id });
    await get(`/accept-invite-group?url=${encodeURIComponent(url)}`);
    assert.deepEqual(community("zapi", id).participants, [{ phone: BOT, isAdmin: false, isSuperAdmin: false }], "back as a plain member");
    const r = await post("/communities/link", { communityId: id, groupsPhones: ["120363400000000004-group"] });
    assert.deepEqual(r.json.notLinked, [{ phone: "120363400000000004-group", reason: "not an admin of the community" }]);
  });

  test("update-community-description → {value: true}; limits and 404", async () => {
    const a = await post("/update-community-description", { communityId: CLUBE, communityDescription: "Novo texto" });
    assert.deepEqual([a.status, a.json], [200, { value: true }]);
    assert.equal((await get(`/communities-metadata/${CLUBE}`)).json.description, "Novo texto");
    assert.deepEqual((await post("/update-community-description", { communityId: CLUBE, communityDescription: "" })).json, { value: true });
    assert.equal(community("zapi", CLUBE).description, "");
    assert.equal((await post("/update-community-description", { communityId: CLUBE, communityDescription: "d".repeat(2049) })).status, 400);
    assert.equal((await post("/update-community-description", { communityId: CLUBE })).status, 400);
    assert.equal((await post("/update-community-description", { communityId: "120363400000000004", communityDescription: "x" })).status, 404);
  });

  test("deactivate → 200 with an empty body: groups unlinked (kept), community and announcements gone", async () => {
    await post("/communities/link", { communityId: ESCOLA, groupsPhones: ["120363400000000004-group"] });
    const a = await zapi(`/communities/${ESCOLA}`, { method: "DELETE" });
    // "A resposta de sucesso não retorna um corpo JSON" (docs, communities/desativar).
    assert.deepEqual([a.status, a.text, a.json], [200, "", undefined]);
    assert.equal(community("zapi", ESCOLA), undefined);
    assert.equal(group("zapi", "120363400000000002"), undefined, "announcements group deleted");
    assert.equal(group("zapi", "120363400000000003").communityId, null);
    assert.equal(group("zapi", "120363400000000004").communityId, null);
    assert.deepEqual((await get("/communities")).json, [{ name: "Clube", id: CLUBE }]);
    assert.equal((await get(`/communities-metadata/${ESCOLA}`)).status, 404);
    const again = await zapi(`/communities/${ESCOLA}`, { method: "DELETE" });
    assert.deepEqual([again.status, again.json], [404, { error: "Community not found" }]);
    assert.equal((await zapi("/communities/120363400000000004-group", { method: "DELETE" })).status, 400);
    // the freed groups can join another community
    assert.deepEqual((await post("/communities/link", { communityId: CLUBE, groupsPhones: ["120363400000000003-group"] })).json, { success: true });
  });
});

test("Z-API and RyzeAPI states stay separate for the new operations", async () => {
  await post("/leave-group", { groupId: "120363400000000004-group" });
  assert.equal(member("zapi", "120363400000000004", BOT), undefined);
  assert.ok(member("ryze", "120363400000000004", BOT));
  assert.equal(Z.instance, "3D1A5B7C9E0F");
});

describe("Z-API update-community-photo", () => {
  const hash = (text) => createHash("sha256").update(text).digest("hex").slice(0, 16);

  test("URL or data URL → {value: true}; stored on the community like a group photo", async () => {
    assert.equal(community("zapi", ESCOLA).photo, null);
    const url = "https://www.z-api.io/wp-content/themes/z-api/dist/images/logo.svg";
    const a = await post("/update-community-photo", { communityId: ESCOLA, communityPhoto: url });
    assert.deepEqual([a.status, a.json], [200, { value: true }]);
    assert.deepEqual(community("zapi", ESCOLA).photo, { source: "url", hash: hash(url) });
    assert.equal(group("zapi", "120363400000000002").photo, null, "the announcements group keeps its own photo");
    const dataUrl = `data:image/png;base64,${Buffer.from("a small fake community picture").toString("base64")}`;
    const b = await post("/update-community-photo", { communityId: ESCOLA, communityPhoto: dataUrl });
    assert.deepEqual([b.status, b.json], [200, { value: true }]);
    assert.deepEqual(community("zapi", ESCOLA).photo, { source: "base64", hash: hash(dataUrl) });
    assert.equal(community("ryze", ESCOLA).photo, null, "RyzeAPI's world is untouched");
  });

  test("validation → 400 (as /update-group-photo); unknown or not a community → 404", async () => {
    const b64 = Buffer.from("a small fake community picture").toString("base64");
    const bare = await post("/update-community-photo", { communityId: ESCOLA, communityPhoto: b64 });
    assert.equal(bare.status, 400);
    assert.match(bare.json.error, /^communityPhoto: base64 needs the prefix data:image\/png;base64,/);
    for (const body of [
      { communityId: ESCOLA },
      { communityId: ESCOLA, communityPhoto: "" },
      { communityId: ESCOLA, communityPhoto: "not a picture" },
      { communityId: ESCOLA, communityPhoto: 5 },
      { communityPhoto: "https://example.com/c.png" },
      { communityId: `${ESCOLA}-group`, communityPhoto: "https://example.com/c.png" },
      { communityId: "120363499999999999", communityPhoto: "not a picture" },
    ]) {
      const r = await post("/update-community-photo", body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.deepEqual(Object.keys(r.json), ["error"]);
    }
    for (const communityId of ["120363499999999999", "120363400000000004"]) {
      const r = await post("/update-community-photo", { communityId, communityPhoto: "https://example.com/c.png" });
      assert.deepEqual([r.status, r.json], [404, { error: "Community not found" }], communityId);
    }
    assert.equal(community("zapi", ESCOLA).photo, null);
  });

  test("a plain member of the community → 403, as the other community calls", async () => {
    const { id } = (await post("/communities", { name: "Foto" })).json;
    const url = (await get(`/group-invitation-link/${id}`)).json.invitationLink;
    await post("/leave-group", { groupId: id });
    await get(`/accept-invite-group?url=${encodeURIComponent(url)}`);
    const r = await post("/update-community-photo", { communityId: id, communityPhoto: "https://example.com/c.png" });
    assert.deepEqual([r.status, r.json], [403, NOT_COMMUNITY_ADMIN]);
    assert.equal(community("zapi", id).photo, null);
  });
});

describe("Z-API community participants (communityId on add/remove participant and admin)", () => {
  const AVISOS = "120363400000000002"; // Escola Central's announcements group
  const phonesOf = (id) => group("zapi", id).participants.map((p) => p.phone);

  test("add → {value: true}: the phones join the announcements group; autoInvite as for groups", async () => {
    const a = await post("/add-participant", { autoInvite: true, communityId: ESCOLA, phones: ["5511911112222", "5511911113333"] });
    assert.deepEqual([a.status, a.json], [200, { value: true }]);
    assert.deepEqual(phonesOf(AVISOS), [BOT, "5511987650001", "5511987650002", "5511987650003", "5511911112222", "5511911113333"]);
    assert.deepEqual(phonesOf("120363400000000003"), [BOT, "5511987650001", "5511987650002", "5511987650003"], "subgroups are not touched");
    const b = await post("/add-participant", { autoInvite: true, communityId: ESCOLA, phones: ["5511911112222", "5511911110000"] });
    assert.deepEqual(b.json, {
      value: false,
      failed: [
        { phone: "5511911112222", reason: "already a participant" },
        { phone: "5511911110000", reason: "privacy settings do not allow adding this number; a private invite was sent" },
      ],
    });
    assert.deepEqual(group("zapi", AVISOS).pendingInvites, ["5511911110000"]);
    const c = await post("/add-participant", { communityId: ESCOLA, phones: ["5511911114444"] });
    assert.deepEqual(c.json, { value: true }, "autoInvite is optional");
    assert.ok(member("zapi", AVISOS, "5511911114444"));
  });

  test("remove, add-admin, remove-admin act on the announcements group's members", async () => {
    const a = await post("/add-admin", { communityId: ESCOLA, phones: ["5511987650001"] });
    assert.deepEqual([a.status, a.json], [200, { value: true }]);
    assert.deepEqual(member("zapi", AVISOS, "5511987650001"), { phone: "5511987650001", isAdmin: true, isSuperAdmin: false });
    const b = await post("/remove-admin", { communityId: ESCOLA, phones: ["5511987650001", BOT] });
    assert.deepEqual(b.json, { value: false, failed: [{ phone: BOT, reason: "the group creator cannot be demoted" }] });
    assert.equal(member("zapi", AVISOS, "5511987650001").isAdmin, false);
    const c = await post("/remove-participant", { communityId: ESCOLA, phones: ["5511987650002"] });
    assert.deepEqual([c.status, c.json], [200, { value: true }]);
    assert.equal(member("zapi", AVISOS, "5511987650002"), undefined);
    assert.ok(member("zapi", "120363400000000003", "5511987650002"), "still in Turma A");
    const d = await post("/remove-participant", { communityId: ESCOLA, phones: ["5511987650002", BOT] });
    assert.deepEqual(d.json, {
      value: false,
      failed: [
        { phone: "5511987650002", reason: "not a participant" },
        { phone: BOT, reason: "the connected number cannot remove itself (leave the group instead)" },
      ],
    });
    assert.ok(member("ryze", AVISOS, "5511987650002"), "RyzeAPI's world is untouched");
  });

  test("groupId and communityId: exactly one → else 400; other validation as for groups; 404 Community not found", async () => {
    for (const path of ["/add-participant", "/remove-participant", "/add-admin", "/remove-admin"]) {
      const both = await post(path, { groupId: "120363400000000004-group", communityId: ESCOLA, phones: ["5511911112222"] });
      assert.deepEqual([both.status, both.json], [400, { error: "send either groupId or communityId, not both" }], path);
      const neither = await post(path, { phones: ["5511911112222"] });
      assert.deepEqual([neither.status, neither.json], [400, { error: "groupId or communityId is required" }], path);
      for (const body of [
        { communityId: ESCOLA },
        { communityId: ESCOLA, phones: [] },
        { communityId: ESCOLA, phones: ["+55 11 91111-2222"] },
        { communityId: `${ESCOLA}-group`, phones: ["5511911112222"] },
        { communityId: `${ESCOLA}@g.us`, phones: ["5511911112222"] },
        { communityId: 5, phones: ["5511911112222"] },
      ]) {
        const r = await post(path, body);
        assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
        assert.deepEqual(Object.keys(r.json), ["error"]);
      }
      for (const communityId of ["120363499999999999", "120363400000000004"]) {
        const r = await post(path, { communityId, phones: ["5511911112222"] });
        assert.deepEqual([r.status, r.json], [404, { error: "Community not found" }], `${path} ${communityId}`);
      }
    }
    const r = await post("/add-participant", { autoInvite: "yes", communityId: ESCOLA, phones: ["5511911112222"] });
    assert.equal(r.status, 400);
    assert.deepEqual(phonesOf(AVISOS), [BOT, "5511987650001", "5511987650002", "5511987650003"], "nothing changed");
  });

  test("approve/reject stay group-only: a communityId there is not a group id", async () => {
    const r = await post("/approve-participant", { communityId: ESCOLA, phones: ["5511955551111"] });
    assert.deepEqual([r.status, r.json], [400, { error: "groupId is required" }]);
  });

  test("the bot needs the rights in the community: a plain member → 403 (admin / super admin of this community)", async () => {
    const { id, subGroups } = (await post("/communities", { name: "Rede" })).json;
    const ann = subGroups[0].phone.replace("-group", "");
    assert.deepEqual((await post("/add-participant", { communityId: id, phones: ["5511911112222"] })).json, { value: true });
    assert.deepEqual(phonesOf(ann), [BOT, "5511911112222"]);
    // Back in the community as a plain member (leave, then follow the invite link).
    const url = (await get(`/group-invitation-link/${id}`)).json.invitationLink;
    await post("/leave-group", { groupId: id });
    await get(`/accept-invite-group?url=${encodeURIComponent(url)}`);
    for (const path of ["/add-participant", "/remove-participant"]) {
      const r = await post(path, { communityId: id, phones: ["5511911112222"] });
      assert.deepEqual([r.status, r.json], [403, NOT_COMMUNITY_ADMIN], path);
    }
    for (const path of ["/add-admin", "/remove-admin"]) {
      const r = await post(path, { communityId: id, phones: ["5511911112222"] });
      assert.deepEqual([r.status, r.json], [403, { error: "Sem permissão: you are not a super admin of this community" }], path);
    }
    assert.deepEqual(
      group("zapi", ann).participants,
      [
        { phone: BOT, isAdmin: true, isSuperAdmin: true },
        { phone: "5511911112222", isAdmin: false, isSuperAdmin: false },
      ],
      "nothing changed",
    );
  });

  test("the bot needs the rights in the announcements group too", async () => {
    const { id, subGroups } = (await post("/communities", { name: "Rede 2" })).json;
    const annId = subGroups[0].phone;
    const url = (await get(`/group-invitation-link/${annId}`)).json.invitationLink;
    await post("/leave-group", { groupId: annId });
    await get(`/accept-invite-group?url=${encodeURIComponent(url)}`);
    assert.equal(member("zapi", annId.replace("-group", ""), BOT).isAdmin, false);
    const r = await post("/add-participant", { communityId: id, phones: ["5511911112222"] });
    assert.deepEqual([r.status, r.json], [403, NOT_COMMUNITY_ADMIN]);
  });
});

describe("Z-API privacy/group-add", () => {
  const privacy = () => h.sim.state("zapi").privacy.groupAdd;

  test("type → {success: true}; CONTACT_BLACKLIST applies the list's changes in order", async () => {
    assert.deepEqual(privacy(), { type: "ALL", blacklist: [] });
    const a = await post("/privacy/group-add", { type: "CONTACTS" });
    assert.deepEqual([a.status, a.json], [200, { success: true }]);
    assert.deepEqual(privacy(), { type: "CONTACTS", blacklist: [] });
    const b = await post("/privacy/group-add", {
      type: "CONTACT_BLACKLIST",
      contactsBlacklist: [
        { action: "add", phone: "554411111111" },
        { action: "add", phone: "554422222222" },
        { action: "add", phone: "554411111111" },
        { action: "remove", phone: "554433333333" },
      ],
    });
    assert.deepEqual([b.status, b.json], [200, { success: true }]);
    assert.deepEqual(privacy(), { type: "CONTACT_BLACKLIST", blacklist: ["554411111111", "554422222222"] });
    // The docs' second example: only changes are sent.
    const c = await post("/privacy/group-add", {
      type: "CONTACT_BLACKLIST",
      contactsBlacklist: [
        { action: "add", phone: "554433333333" },
        { action: "remove", phone: "554422222222" },
      ],
    });
    assert.deepEqual(c.json, { success: true });
    assert.deepEqual(privacy(), { type: "CONTACT_BLACKLIST", blacklist: ["554411111111", "554433333333"] });
    assert.deepEqual(h.sim.state("ryze").privacy.groupAdd, { type: "ALL", blacklist: [] }, "RyzeAPI's account is untouched");
  });

  test("another type keeps the list (unused until CONTACT_BLACKLIST again); changing it needs CONTACT_BLACKLIST", async () => {
    await post("/privacy/group-add", { type: "CONTACT_BLACKLIST", contactsBlacklist: [{ action: "add", phone: "554411111111" }] });
    assert.deepEqual((await post("/privacy/group-add", { type: "ALL" })).json, { success: true });
    assert.deepEqual(privacy(), { type: "ALL", blacklist: ["554411111111"] });
    const r = await post("/privacy/group-add", { type: "CONTACTS", contactsBlacklist: [{ action: "remove", phone: "554411111111" }] });
    assert.deepEqual([r.status, r.json], [400, { error: "contactsBlacklist can only be changed with type CONTACT_BLACKLIST" }]);
    assert.deepEqual(privacy(), { type: "ALL", blacklist: ["554411111111"] }, "nothing changed");
    assert.deepEqual((await post("/privacy/group-add", { type: "CONTACTS", contactsBlacklist: [] })).json, { success: true }, "an empty list is no change");
    assert.deepEqual(privacy(), { type: "CONTACTS", blacklist: ["554411111111"] });
  });

  test("validation → 400 {error}, nothing changes", async () => {
    for (const [body, message] of [
      [{}, "type is required"],
      [{ type: "all" }, "type must be one of: ALL, CONTACTS, CONTACT_BLACKLIST"],
      [{ type: "NOBODY" }, "type must be one of: ALL, CONTACTS, CONTACT_BLACKLIST"],
      [{ type: 1 }, "type must be one of: ALL, CONTACTS, CONTACT_BLACKLIST"],
      [{ type: "CONTACT_BLACKLIST", contactsBlacklist: "554411111111" }, "contactsBlacklist must be an array of {action, phone}"],
      [{ type: "CONTACT_BLACKLIST", contactsBlacklist: ["554411111111"] }, "contactsBlacklist[0] must be an object {action, phone}"],
      [
        {
          type: "CONTACT_BLACKLIST",
          contactsBlacklist: [
            { action: "add", phone: "554411111111" },
            { action: "block", phone: "554411111111" },
          ],
        },
        'contactsBlacklist[1].action must be "add" or "remove"',
      ],
      [
        { type: "CONTACT_BLACKLIST", contactsBlacklist: [{ action: "add", phone: "+55 44 1111-1111" }] },
        "contactsBlacklist[0].phone: Invalid phone: +55 44 1111-1111 (digits only, country code first, no mask)",
      ],
      [{ type: "CONTACT_BLACKLIST", contactsBlacklist: [{ action: "add" }] }, "contactsBlacklist[0].phone: Invalid phone: null (digits only, country code first, no mask)"],
    ]) {
      const r = await post("/privacy/group-add", body);
      assert.deepEqual([r.status, r.json], [400, { error: message }], JSON.stringify(body));
    }
    assert.deepEqual(privacy(), { type: "ALL", blacklist: [] });
  });
});

describe("Z-API update-webhook-received", () => {
  const put = (body) => zapi("/update-webhook-received", { method: "PUT", body });
  const webhooks = () => h.sim.state("zapi").webhooks;

  test("an https URL → {value: true}; stored; a new one replaces it", async () => {
    assert.deepEqual(webhooks(), { received: null });
    const a = await put({ value: "https://endereco-do-seu-sistema.com.br/instancia/SUA_INSTANCIA/receive" });
    assert.deepEqual([a.status, a.json], [200, { value: true }]);
    assert.deepEqual(webhooks(), { received: "https://endereco-do-seu-sistema.com.br/instancia/SUA_INSTANCIA/receive" });
    assert.deepEqual((await put({ value: "https://hooks.example.com/z" })).json, { value: true });
    assert.deepEqual(webhooks(), { received: "https://hooks.example.com/z" });
    assert.deepEqual(h.sim.state("ryze").webhooks, [], "RyzeAPI's webhooks are separate");
  });

  test("not HTTPS → 400 saying Z-API does not accept it; missing or not a URL → 400", async () => {
    for (const value of ["http://hooks.example.com/z", "ftp://hooks.example.com/z", "wss://hooks.example.com/z"]) {
      const r = await put({ value });
      assert.deepEqual([r.status, r.json], [400, { error: "Z-API does not accept webhooks that aren't HTTPS" }], value);
    }
    for (const [body, message] of [
      [{}, "value is required"],
      [{ value: "" }, "value is required"],
      [{ value: 5 }, "value must be a string"],
      [{ value: "hooks.example.com/z" }, "value must be a URL: Z-API does not accept webhooks that aren't HTTPS"],
      [{ value: "https:hooks.example.com/z" }, "value must be a URL: Z-API does not accept webhooks that aren't HTTPS"],
    ]) {
      const r = await put(body);
      assert.deepEqual([r.status, r.json], [400, { error: message }], JSON.stringify(body));
    }
    assert.deepEqual(webhooks(), { received: null });
  });
});

test("Z-API: reset restores the seed of the new state (community photo, members, privacy, webhook)", async () => {
  await post("/update-community-photo", { communityId: CLUBE, communityPhoto: "https://example.com/c.png" });
  await post("/add-participant", { communityId: CLUBE, phones: ["5511911112222"] });
  await post("/privacy/group-add", { type: "CONTACT_BLACKLIST", contactsBlacklist: [{ action: "add", phone: "554411111111" }] });
  await zapi("/update-webhook-received", { method: "PUT", body: { value: "https://hooks.example.com/z" } });
  const before = h.sim.state("zapi");
  assert.notEqual(before.communities.find((c) => c.id === CLUBE).photo, null);
  assert.ok(before.groups.find((g) => g.id === "120363400000000011").participants.some((p) => p.phone === "5511911112222"));
  h.sim.reset();
  const after = h.sim.state("zapi");
  assert.equal(after.communities.find((c) => c.id === CLUBE).photo, null);
  assert.deepEqual(
    after.groups.find((g) => g.id === "120363400000000011").participants.map((p) => p.phone),
    [BOT, "5511987650051", "5511987650052"],
  );
  assert.deepEqual(after.privacy, { groupAdd: { type: "ALL", blacklist: [] } });
  assert.deepEqual(after.webhooks, { received: null });
});
