// RyzeAPI: the group and community endpoints beyond the four seed operations.
// Run: node --test sim/
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { BOT, CLUBE, ESCOLA, OLD, EXTERNAL, APPROVAL, NOT_FOUND_RYZE, ryzeError, useSimulator } from "./testkit.mjs";

const h = useSimulator();
const { ryze, group, community, member } = h;
const jid = (id) => `${id}@g.us`;
const link = (code) => `https://chat.whatsapp.com/${code}`;
const codeOf = (id) => group("ryze", id)?.inviteCode ?? community("ryze", id)?.inviteCode;
const info = (identifier, extra = "") => ryze("group/info", { method: "GET", query: `?identifier=${encodeURIComponent(identifier)}${extra}` });
const leave = (identifier) => ryze("group/leave", { method: "DELETE", query: `?identifier=${encodeURIComponent(identifier)}` });
const participants = (identifier, action, list) => ryze("group/participants", { body: { identifier, action, participants: list } });
const update = (body) => ryze("group/update", { method: "PUT", body });

/** Every new route: [method, route, query, json body or undefined]. */
const ROUTES = [
  ["GET", "group/list", "", undefined],
  ["POST", "group/resetLink", "", { identifier: jid("120363400000000004") }],
  ["POST", "group/join", "", { identifier: "ZZZZZZZZZZZZZZZZZZZZZZ" }],
  ["POST", "group/participants", "", { identifier: jid("120363400000000004"), action: "add", participants: ["5511911112222"] }],
  ["PUT", "group/update", "", { identifier: jid("120363400000000004"), name: "X" }],
  ["DELETE", "group/leave", `?identifier=${jid("120363400000000004")}`, undefined],
  ["POST", "community/create", "", { name: "C" }],
  ["GET", "community/listSubGroups", `?communityJid=${jid(ESCOLA)}`, undefined],
  ["GET", "group/requests", `?identifier=${jid(APPROVAL)}`, undefined],
  ["POST", "events/webhook", "", { enabled: true, url: "https://hooks.example.com/ryze" }],
];

describe("RyzeAPI new endpoints: auth, methods, media type, disconnected, rate limit, scripts", () => {
  test("every route is reached with valid credentials and input", async () => {
    for (const [method, route, query, body] of ROUTES) {
      h.sim.reset();
      const r = await ryze(route, { method, query, body });
      const expected = route === "group/join" ? 404 : 200; // join uses an unknown code on purpose
      assert.equal(r.status, expected, `${method} ${route}: ${r.text}`);
      assert.equal(r.headers.get("x-ratelimit-limit"), "100");
    }
  });

  test("wrong method → 405 envelope; no JSON Content-Type → 415 envelope", async () => {
    for (const [method, route, query, body] of ROUTES) {
      const wrong = method === "GET" ? "POST" : method === "POST" ? "GET" : "PATCH";
      const a = await ryze(route, { method: wrong, query });
      assert.deepEqual([a.status, a.json], [405, ryzeError("Method not allowed")], `${wrong} ${route}`);
      assert.equal(a.headers.get("allow"), method);
      if (body !== undefined) {
        const b = await ryze(route, { method, query, body: JSON.stringify(body), contentType: "text/plain" });
        assert.deepEqual([b.status, b.json], [415, ryzeError("Content-Type must be application/json")], route);
      }
    }
  });

  test("token missing/wrong → 401, unknown instance → 404, disconnected → 400", async () => {
    for (const [method, route, query, body] of ROUTES) {
      assert.deepEqual((await ryze(route, { method, query, body, token: null })).json, ryzeError("Missing token in header"));
      assert.deepEqual((await ryze(route, { method, query, body, token: "WRONG" })).json, ryzeError("Invalid instance token"));
      assert.deepEqual((await ryze(route, { method, query, body, instance: "other" })).json, ryzeError("Instance not found"));
    }
    h.sim.configure({ disconnected: { ryze: true } });
    for (const [method, route, query, body] of ROUTES) {
      const r = await ryze(route, { method, query, body });
      assert.deepEqual([r.status, r.json], [400, ryzeError("Instance is not connected to WhatsApp")], route);
    }
    assert.ok(member("ryze", "120363400000000004", BOT), "nothing changed while disconnected");
  });

  test("the rate limit counts the new routes too", async () => {
    h.sim.configure({ ryzeRateLimit: ROUTES.length });
    for (const [method, route, query, body] of ROUTES) await ryze(route, { method, query, body });
    const over = await ryze("group/list", { method: "GET" });
    assert.deepEqual([over.status, over.json], [429, ryzeError("Rate limit exceeded. Try again later.")]);
    assert.equal(over.headers.get("x-ratelimit-remaining"), "0");
  });

  test("scripted answers apply to the new routes", async () => {
    h.sim.script({ provider: "ryze", path: "/api/group/leave", status: 503, body: { success: false, error: { message: "later" } } });
    const a = await leave(jid("120363400000000004"));
    assert.deepEqual([a.status, a.json], [503, ryzeError("later")]);
    assert.ok(member("ryze", "120363400000000004", BOT));
    assert.equal(h.sim.requests().at(-1).scripted, true);
  });
});

describe("RyzeAPI group list", () => {
  test("{success, message, groups: [GroupInfo without participants]}, no community parents", async () => {
    const a = await ryze("group/list", { method: "GET" });
    assert.equal(a.status, 200);
    assert.equal(a.json.success, true);
    assert.equal(a.json.message, "9 group(s) found");
    assert.deepEqual(
      a.json.groups.map((g) => g.jid),
      ["120363400000000002", "120363400000000003", "120363400000000004", "120363400000000005", "120363400000000006", OLD, "120363400000000011", "120363400000000012", "120363400000000020"].map(jid),
    );
    const turmaA = a.json.groups[1];
    const code = codeOf("120363400000000003");
    assert.deepEqual(turmaA, {
      name: "Turma A",
      jid: jid("120363400000000003"),
      description: "",
      inviteCode: code,
      inviteLink: link(code),
      createdBy: `${BOT}@s.whatsapp.net`,
      participantCount: 4,
      groupSettings: { membersCanEditInfo: true, membersCanSendMessages: true, membersCanAddOthers: false, requireAdminApproval: false },
    });
    const ext = a.json.groups.at(-1);
    assert.equal("inviteLink" in ext, false, "no link where the bot is not admin");
    assert.equal(ext.groupSettings.membersCanEditInfo, false);
  });

  test("created groups are listed, left groups are not; query parameters are ignored", async () => {
    await ryze("group/create", { body: { name: "Nova", participants: ["5511911112222"] } });
    await leave(jid("120363400000000004"));
    const a = await ryze("group/list", { method: "GET", query: "?page=2&pageSize=1" });
    assert.equal(a.json.groups.length, 9);
    assert.equal(a.json.groups.at(-1).name, "Nova");
    assert.ok(!a.json.groups.some((g) => g.jid === jid("120363400000000004")));
  });
});

describe("RyzeAPI invite links: info, resetLink, join", () => {
  test("resetLink → documented answer; the old code stops resolving, the new one resolves", async () => {
    const before = codeOf("120363400000000004");
    const a = await ryze("group/resetLink", { body: { identifier: jid("120363400000000004") } });
    assert.equal(a.status, 200);
    const code = codeOf("120363400000000004");
    assert.notEqual(code, before);
    assert.deepEqual(a.json, {
      success: true,
      message: "Group invite link reset successfully",
      groupJid: jid("120363400000000004"),
      inviteCode: code,
      inviteLink: link(code),
    });
    for (const id of [before, link(before)]) assert.deepEqual((await info(id)).json, ryzeError(NOT_FOUND_RYZE));
    for (const id of [code, link(code)]) assert.equal((await info(id)).json.group.jid, jid("120363400000000004"));
    assert.equal((await info(jid("120363400000000004"))).json.group.inviteLink, link(code));
    // by the new link as identifier, and again → yet another code
    const b = await ryze("group/resetLink", { body: { identifier: link(code) } });
    assert.notEqual(b.json.inviteCode, code);
    // after a reset of the simulator the seed codes resolve again and the sequence repeats
    h.sim.reset();
    assert.equal((await info(before)).status, 200);
    assert.equal((await ryze("group/resetLink", { body: { identifier: jid("120363400000000004") } })).json.inviteCode, code);
  });

  test("resetLink: not admin → 403; unknown → 404; missing identifier → 400", async () => {
    const a = await ryze("group/resetLink", { body: { identifier: jid(EXTERNAL) } });
    assert.deepEqual([a.status, a.json], [403, ryzeError("Not authorized to reset group invite link (must be admin)")]);
    const b = await ryze("group/resetLink", { body: { identifier: jid("120363499999999999") } });
    assert.deepEqual([b.status, b.json], [404, ryzeError(NOT_FOUND_RYZE)]);
    const c = await ryze("group/resetLink", { body: {} });
    assert.deepEqual([c.status, c.json], [400, ryzeError("Identifier is required")]);
    const d = await ryze("group/resetLink", { body: { identifier: "not a thing!" } });
    assert.equal(d.status, 400);
  });

  test("join by code or link: {success, message, groupJid, requiresApproval: false}", async () => {
    const code = codeOf("120363400000000006");
    await leave(jid("120363400000000006"));
    assert.deepEqual((await info(jid("120363400000000006"))).json, ryzeError(NOT_FOUND_RYZE), "by JID: members only");
    const preview = await info(link(code));
    assert.equal(preview.status, 200, "by link: an invite preview works without being a member");
    assert.equal(preview.json.group.participantCount, 1);
    const a = await ryze("group/join", { body: { identifier: link(code) } });
    assert.deepEqual([a.status, a.json], [200, { success: true, message: "Successfully joined the group", groupJid: jid("120363400000000006"), requiresApproval: false }]);
    assert.deepEqual(member("ryze", "120363400000000006", BOT), { phone: BOT, isAdmin: false, isSuperAdmin: false });
    const again = await ryze("group/join", { body: { identifier: code } });
    assert.deepEqual([again.status, again.json.groupJid, again.json.requiresApproval], [200, jid("120363400000000006"), false]);
  });

  test("join a group requiring approval → requiresApproval: true, the bot is queued", async () => {
    const code = codeOf(APPROVAL);
    await leave(jid(APPROVAL));
    const a = await ryze("group/join", { body: { identifier: code } });
    assert.deepEqual(a.json, { success: true, message: "Join request sent; waiting for admin approval", groupJid: jid(APPROVAL), requiresApproval: true });
    assert.equal(member("ryze", APPROVAL, BOT), undefined);
    assert.deepEqual(group("ryze", APPROVAL).pendingRequests, ["5511955551111", "5511955552222", BOT]);
    const b = await ryze("group/join", { body: { identifier: code } });
    assert.equal(b.json.requiresApproval, true);
    assert.equal(group("ryze", APPROVAL).pendingRequests.length, 3, "queued once");
  });

  test("join: JID → 400; unknown or revoked code → 404; missing → 400", async () => {
    const a = await ryze("group/join", { body: { identifier: jid("120363400000000004") } });
    assert.deepEqual([a.status, a.json], [400, ryzeError("Invalid identifier: expected an invite code or an invite link")]);
    const old = codeOf("120363400000000004");
    await ryze("group/resetLink", { body: { identifier: jid("120363400000000004") } });
    for (const identifier of ["ZZZZZZZZZZZZZZZZZZZZZZ", link(old)]) {
      const r = await ryze("group/join", { body: { identifier } });
      assert.deepEqual([r.status, r.json], [404, ryzeError("Invite code not found or revoked")]);
    }
    assert.deepEqual((await ryze("group/join", { body: {} })).json, ryzeError("Identifier is required"));
  });

  test("info reflects updates: settings, description, image URL", async () => {
    await update({ identifier: jid("120363400000000004"), description: "Sala 3", image: "https://example.com/logo.png", groupSettings: { membersCanSendMessages: false } });
    const g = (await info(jid("120363400000000004"))).json.group;
    assert.equal(g.description, "Sala 3");
    assert.equal(g.groupSettings.membersCanSendMessages, false);
    const hash = createHash("sha256").update("https://example.com/logo.png").digest("hex").slice(0, 16);
    assert.equal(g.image, `https://pps.whatsapp.net/v/t61.24694-24/sim-${hash}.jpg`);
    assert.equal((await info(jid(APPROVAL))).json.group.groupSettings.requireAdminApproval, true);
  });
});

describe("RyzeAPI participants", () => {
  const G4 = jid("120363400000000004");

  test("add: one result per participant, keyed by digits", async () => {
    const a = await participants(G4, "add", ["5511911112222", "5511911113333@s.whatsapp.net", "5511987650011", "5511911110000", "5511911112222"]);
    assert.deepEqual(
      [a.status, a.json],
      [
        200,
        {
          success: true,
          message: "Added 2 of 4 participants",
          participants: [
            { participant: "5511911112222", success: true },
            { participant: "5511911113333", success: true },
            { participant: "5511987650011", success: false, error: "already a participant" },
            { participant: "5511911110000", success: false, error: "privacy settings do not allow adding this number" },
          ],
        },
      ],
    );
    assert.ok(member("ryze", "120363400000000004", "5511911113333"));
    assert.deepEqual(group("ryze", "120363400000000004").pendingInvites, [], "no autoInvite on RyzeAPI");
  });

  test("all failing is still 200 with success: false", async () => {
    const a = await participants(G4, "remove", ["5511999999999"]);
    assert.deepEqual(
      [a.status, a.json],
      [200, { success: false, message: "Removed 0 of 1 participants", participants: [{ participant: "5511999999999", success: false, error: "not a participant" }] }],
    );
  });

  test("remove, promote, demote", async () => {
    const r = await participants(G4, "remove", ["5511987650011", BOT]);
    assert.deepEqual(r.json.participants, [
      { participant: "5511987650011", success: true },
      { participant: BOT, success: false, error: "the connected number cannot remove itself (leave the group instead)" },
    ]);
    const p = await participants(G4, "promote", ["5511987650012"]);
    assert.deepEqual(p.json, { success: true, message: "Promoted 1 of 1 participants", participants: [{ participant: "5511987650012", success: true }] });
    assert.equal(member("ryze", "120363400000000004", "5511987650012").isAdmin, true);
    const d = await participants(G4, "demote", ["5511987650012", BOT]);
    assert.deepEqual(d.json.participants, [
      { participant: "5511987650012", success: true },
      { participant: BOT, success: false, error: "the group creator cannot be demoted" },
    ]);
    assert.equal(member("ryze", "120363400000000004", "5511987650012").isAdmin, false);
  });

  test("approve / reject pending requests; a requester's @lid is resolved and named as given", async () => {
    const state = h.sim.state("ryze");
    assert.deepEqual(state.groups.find((g) => g.id === APPROVAL).pendingRequests, ["5511955551111", "5511955552222"]);
    const a = await participants(jid(APPROVAL), "approve", ["5511955551111", "5511987650021"]);
    assert.deepEqual(a.json, {
      success: true,
      message: "Approved 1 of 2 participants",
      participants: [
        { participant: "5511955551111", success: true },
        { participant: "5511987650021", success: false, error: "no pending join request" },
      ],
    });
    assert.ok(member("ryze", APPROVAL, "5511955551111"));
    // The other requester's LID, as GroupDetail shows it in a group they belong to (LIDs are per phone).
    await participants(G4, "add", ["5511955552222"]);
    const lid = (await info(G4)).json.group.participants.find((p) => p.jid.startsWith("5511955552222")).lid;
    const b = await participants(jid(APPROVAL), "reject", [lid, "999999999999999@lid"]);
    assert.deepEqual(b.json, {
      success: true,
      message: "Rejected 1 of 2 participants",
      participants: [
        { participant: lid, success: true },
        { participant: "999999999999999@lid", success: false, error: "unknown participant lid" },
      ],
    });
    assert.deepEqual(group("ryze", APPROVAL).pendingRequests, []);
  });

  test("reject removes the request", async () => {
    const a = await participants(jid(APPROVAL), "reject", ["5511955552222"]);
    assert.deepEqual(a.json.participants, [{ participant: "5511955552222", success: true }]);
    assert.deepEqual(group("ryze", APPROVAL).pendingRequests, ["5511955551111"]);
    assert.equal(member("ryze", APPROVAL, "5511955552222"), undefined);
  });

  test("not admin → 403 (admin for add/remove/approve/reject, super admin for promote/demote)", async () => {
    for (const action of ["add", "remove", "approve", "reject"]) {
      const r = await participants(jid(EXTERNAL), action, ["5511987659998"]);
      assert.deepEqual([r.status, r.json], [403, ryzeError("Not authorized to update group participants (must be admin)")], action);
    }
    for (const action of ["promote", "demote"]) {
      const r = await participants(jid(EXTERNAL), action, ["5511987659998"]);
      assert.deepEqual([r.status, r.json], [403, ryzeError("Not authorized to update group participants (must be super admin)")], action);
    }
  });

  test("at most 1024 members", async () => {
    const created = await ryze("group/create", { body: { name: "Big", participants: ["5511911112222"] } });
    const id = created.json.group.jid;
    const list = Array.from({ length: 1023 }, (_, i) => `55119${String(i + 1).padStart(8, "0")}`);
    const a = await participants(id, "add", list);
    assert.equal(a.json.message, "Added 1022 of 1023 participants");
    assert.deepEqual(a.json.participants.at(-1), { participant: list.at(-1), success: false, error: "group is full (1024 members)" });
    assert.equal(group("ryze", id.replace("@g.us", "")).participants.length, 1024);
  });

  test("validation → 400; unknown group → 404; by invite code works too", async () => {
    const cases = [
      [{ action: "add", participants: ["5511911112222"] }, "Identifier is required"],
      [{ identifier: G4, participants: ["5511911112222"] }, "action is required"],
      [{ identifier: G4, action: "kick", participants: ["5511911112222"] }, "action must be one of: add, remove, promote, demote, approve, reject"],
      [{ identifier: G4, action: "add" }, "participants is required"],
      [{ identifier: G4, action: "add", participants: [] }, "participants is required"],
      [{ identifier: G4, action: "add", participants: [5511911112222] }, "participants must be an array of strings"],
    ];
    for (const [body, message] of cases) {
      const r = await ryze("group/participants", { body });
      assert.deepEqual([r.status, r.json], [400, ryzeError(message)], JSON.stringify(body));
    }
    assert.equal((await participants(G4, "add", ["+55 11 9"])).status, 400);
    const nf = await participants(jid("120363499999999999"), "add", ["5511911112222"]);
    assert.deepEqual([nf.status, nf.json], [404, ryzeError(NOT_FOUND_RYZE)]);
    const byCode = await participants(codeOf("120363400000000004"), "add", ["5511911112222"]);
    assert.equal(byCode.json.success, true);
  });
});

describe("RyzeAPI group update", () => {
  const G4 = jid("120363400000000004");

  test("name + description → {success, message listing the fields, group: GroupInfo}", async () => {
    const a = await update({ identifier: G4, name: "Turma B2", description: "Sala 12" });
    assert.equal(a.status, 200);
    assert.equal(a.json.success, true);
    assert.equal(a.json.message, "Group updated: name, description");
    assert.equal(a.json.group.name, "Turma B2");
    assert.equal(a.json.group.description, "Sala 12");
    assert.equal(a.json.group.participants.length, 3);
    assert.equal(group("ryze", "120363400000000004").name, "Turma B2");
    const b = await update({ identifier: G4, description: "" });
    assert.equal(b.json.message, "Group updated: description");
    assert.equal(group("ryze", "120363400000000004").description, "", '"" clears the description');
  });

  test("groupSettings: any subset, stored and answered", async () => {
    const a = await update({ identifier: G4, groupSettings: { membersCanEditInfo: false, membersCanAddOthers: true } });
    assert.equal(a.json.message, "Group updated: groupSettings");
    assert.deepEqual(a.json.group.groupSettings, { membersCanEditInfo: false, membersCanSendMessages: true, membersCanAddOthers: true, requireAdminApproval: false });
    assert.deepEqual(group("ryze", "120363400000000004").settings, a.json.group.groupSettings);
    assert.equal((await update({ identifier: G4, groupSettings: { requireAdminApproval: "yes" } })).status, 400);
  });

  test("image (URL or base64) and removeImage (wins over image)", async () => {
    const b64 = Buffer.from("a small fake picture, base64 encoded").toString("base64");
    const a = await update({ identifier: G4, image: `data:image/jpeg;base64,${b64}` });
    assert.equal(a.json.message, "Group updated: image");
    assert.equal(group("ryze", "120363400000000004").photo.source, "base64");
    assert.match((await info(G4)).json.group.image, /^https:\/\/pps\.whatsapp\.net\/.+\.jpg$/);
    const b = await update({ identifier: G4, image: "https://example.com/x.png", removeImage: true });
    assert.equal(b.json.message, "Group updated: image");
    assert.equal(group("ryze", "120363400000000004").photo, null);
    assert.equal((await info(G4)).json.group.image, null);
    assert.equal((await update({ identifier: G4, image: "not a picture" })).status, 400);
  });

  test("at least one field besides identifier → else 400", async () => {
    for (const body of [{ identifier: G4 }, { identifier: G4, removeImage: false }, { identifier: G4, groupSettings: {} }, { identifier: G4, name: null }]) {
      const r = await update(body);
      assert.deepEqual([r.status, r.json], [400, ryzeError("At least one field to update is required (name, description, image, removeImage, groupSettings)")], JSON.stringify(body));
    }
    assert.deepEqual((await update({ name: "x" })).json, ryzeError("Identifier is required"));
  });

  test("limits: name ≤ 100, not blank; description ≤ 2048; nothing applied on error", async () => {
    for (const [body, message] of [
      [{ identifier: G4, name: "x".repeat(101), description: "kept?" }, "name must be at most 100 characters"],
      [{ identifier: G4, name: "  " }, "name must not be empty"],
      [{ identifier: G4, description: "d".repeat(2049) }, "description must be at most 2048 characters"],
      [{ identifier: G4, name: 5 }, "name must be a string"],
    ]) {
      const r = await update(body);
      assert.deepEqual([r.status, r.json], [400, ryzeError(message)], message);
    }
    assert.equal(group("ryze", "120363400000000004").description, "", "all or nothing");
    assert.equal((await update({ identifier: G4, name: "x".repeat(100) })).status, 200);
  });

  test("not admin where only admins edit (Grupo Externo) → 403; unknown → 404", async () => {
    for (const body of [{ name: "Mine" }, { groupSettings: { membersCanSendMessages: false } }, { image: "https://example.com/p.png" }]) {
      const r = await update({ identifier: jid(EXTERNAL), ...body });
      assert.deepEqual([r.status, r.json], [403, ryzeError("Not authorized to update group (must be admin)")], JSON.stringify(body));
    }
    const r = await update({ identifier: jid("120363499999999999"), name: "x" });
    assert.deepEqual([r.status, r.json], [404, ryzeError(NOT_FOUND_RYZE)]);
  });
});

describe("RyzeAPI leave", () => {
  test("→ {success, message, groupJid}; twice → 404; missing identifier → 400", async () => {
    const a = await leave(jid("120363400000000004"));
    assert.deepEqual([a.status, a.json], [200, { success: true, message: "Successfully left the group", groupJid: jid("120363400000000004") }]);
    assert.equal(member("ryze", "120363400000000004", BOT), undefined);
    const b = await leave(jid("120363400000000004"));
    assert.deepEqual([b.status, b.json], [404, ryzeError(NOT_FOUND_RYZE)]);
    const c = await ryze("group/leave", { method: "DELETE" });
    assert.deepEqual([c.status, c.json], [400, ryzeError("Identifier is required")]);
    assert.equal((await leave(`${OLD}@g.us`)).status, 200);
  });

  test("the last admin leaving hands admin to the next member", async () => {
    await leave(jid("120363400000000004"));
    assert.deepEqual(group("ryze", "120363400000000004").participants, [
      { phone: "5511987650011", isAdmin: true, isSuperAdmin: false },
      { phone: "5511987650012", isAdmin: false, isSuperAdmin: false },
    ]);
    await leave(jid(EXTERNAL));
    assert.equal(group("ryze", EXTERNAL).participants.filter((p) => p.isAdmin).length, 2, "other admins remain: nobody promoted");
  });
});

describe("RyzeAPI community create and listSubGroups", () => {
  const create = (body) => ryze("community/create", { body });

  test("create → {success, message, group, isCommunity: true, linkedGroups, failedGroups, imageError}", async () => {
    const a = await create({ name: "Bairro", description: "Moradores", groupJid: [jid("120363400000000004"), jid("120363400000000012"), "nope"], membershipApprovalMode: "request_required" });
    assert.equal(a.status, 200);
    const code = community("ryze", "120363500000000001").inviteCode;
    assert.deepEqual(a.json, {
      success: true,
      message: "Community created successfully; linked 1 of 3 groups",
      group: {
        name: "Bairro",
        jid: jid("120363500000000001"),
        description: "Moradores",
        inviteCode: code,
        inviteLink: link(code),
        createdBy: `${BOT}@s.whatsapp.net`,
        participantCount: 1,
        participants: [{ jid: `${BOT}@s.whatsapp.net`, isAdmin: true, isSuperAdmin: true }],
        groupSettings: { membersCanEditInfo: true, membersCanSendMessages: true, membersCanAddOthers: false, requireAdminApproval: true },
      },
      isCommunity: true,
      linkedGroups: [jid("120363400000000004")],
      failedGroups: [
        { jid: jid("120363400000000012"), reason: "group already belongs to another community" },
        { jid: "nope", reason: "invalid group jid" },
      ],
      imageError: null,
    });
    const c = community("ryze", "120363500000000001");
    assert.deepEqual([c.announcementsId, c.subgroups], ["120363500000000002", ["120363400000000004"]]);
  });

  test("without groups; an unusable image is reported in imageError, not an error", async () => {
    const a = await create({ name: "Vazia", image: "not a picture" });
    assert.equal(a.status, 200);
    assert.deepEqual([a.json.isCommunity, a.json.linkedGroups, a.json.failedGroups], [true, [], []]);
    assert.equal(typeof a.json.imageError, "string");
    assert.equal(a.json.message, "Community created successfully");
    assert.equal(community("ryze", "120363500000000001").photo, null);
    const b = await create({ name: "Com foto", image: "https://example.com/c.png" });
    assert.equal(b.json.imageError, null);
    assert.equal(community("ryze", "120363500000000003").photo.source, "url");
  });

  test("a name containing FALLBACK → isCommunity: false, an ordinary group instead", async () => {
    const a = await create({ name: "FALLBACK test", groupJid: [jid("120363400000000004")] });
    assert.equal(a.status, 200);
    assert.equal(a.json.success, true);
    assert.equal(a.json.isCommunity, false);
    assert.equal(a.json.group.jid, jid("120363500000000001"));
    assert.deepEqual(a.json.linkedGroups, []);
    assert.deepEqual(
      a.json.failedGroups.map((f) => f.jid),
      [jid("120363400000000004")],
    );
    assert.equal(h.sim.state("ryze").communities.length, 2, "no community created");
    const g = group("ryze", "120363500000000001");
    assert.deepEqual([g.name, g.communityId, g.participants.length], ["FALLBACK test", null, 1]);
    assert.equal(group("ryze", "120363400000000004").communityId, null);
  });

  test("validation: name required and ≤ 25 characters; types; approval mode", async () => {
    const cases = [
      [{}, "name is required"],
      [{ name: "" }, "name is required"],
      [{ name: "   " }, "name is required"],
      [{ name: 5 }, "name must be a string"],
      [{ name: "x".repeat(26) }, "name must be at most 25 characters"],
      [{ name: "ok", groupJid: "x@g.us" }, "groupJid must be an array of strings"],
      [{ name: "ok", description: 1 }, "description must be a string"],
      [{ name: "ok", membershipApprovalMode: "always" }, 'membershipApprovalMode must be "request_required" or ""'],
    ];
    for (const [body, message] of cases) {
      const r = await create(body);
      assert.deepEqual([r.status, r.json], [400, ryzeError(message)], JSON.stringify(body));
    }
    assert.equal((await create({ name: "x".repeat(25) })).status, 200);
  });

  test("linking on create waits ryzeLinkDelayMs per group", async () => {
    h.sim.configure({ ryzeLinkDelayMs: 100 });
    const t0 = Date.now();
    await create({ name: "Lenta", groupJid: [jid("120363400000000004"), jid("120363400000000005")] });
    assert.ok(Date.now() - t0 >= 190);
  });

  test("listSubGroups: documented answer with the announcements group first", async () => {
    const a = await ryze("community/listSubGroups", { method: "GET", query: `?communityJid=${jid(ESCOLA)}` });
    assert.deepEqual(
      [a.status, a.json],
      [
        200,
        {
          success: true,
          message: "2 subgroup(s) found",
          communityJid: jid(ESCOLA),
          subgroups: [
            { jid: jid("120363400000000002"), name: "Avisos", isDefaultSubGroup: true },
            { jid: jid("120363400000000003"), name: "Turma A", isDefaultSubGroup: false },
          ],
        },
      ],
    );
    const b = await ryze("community/listSubGroups", { method: "GET", query: `?communityJid=${CLUBE}` });
    assert.equal(b.json.communityJid, jid(CLUBE), "@g.us appended and echoed");
    assert.equal(b.json.subgroups.length, 2);
  });

  test("listSubGroups: a new community lists only its announcements group; left subgroups are not listed", async () => {
    const made = await create({ name: "Nova" });
    const a = await ryze("community/listSubGroups", { method: "GET", query: `?communityJid=${made.json.group.jid}` });
    assert.deepEqual(a.json.subgroups, [{ jid: jid("120363500000000002"), name: "Nova", isDefaultSubGroup: true }]);
    await leave(jid("120363400000000012"));
    const b = await ryze("community/listSubGroups", { method: "GET", query: `?communityJid=${jid(CLUBE)}` });
    assert.deepEqual(
      b.json.subgroups.map((s) => s.jid),
      [jid("120363400000000011")],
    );
    assert.equal(b.json.message, "1 subgroup(s) found");
  });

  test("listSubGroups: documented 400s; unknown community → 404", async () => {
    const a = await ryze("community/listSubGroups", { method: "GET" });
    assert.deepEqual([a.status, a.json], [400, ryzeError("communityJid query parameter is required")]);
    const b = await ryze("community/listSubGroups", { method: "GET", query: "?communityJid=abc@g.us" });
    assert.equal(b.status, 400);
    assert.match(b.json.error.message, /^invalid community JID: /);
    for (const id of ["120363499999999999", "120363400000000004"]) {
      const r = await ryze("community/listSubGroups", { method: "GET", query: `?communityJid=${id}@g.us` });
      assert.deepEqual([r.status, r.json], [404, ryzeError("Community not found")], id);
    }
  });
});

describe("RyzeAPI group requests", () => {
  const requests = (identifier) => ryze("group/requests", { method: "GET", query: identifier === undefined ? "" : `?identifier=${encodeURIComponent(identifier)}` });
  // Seed LIDs (deterministic, per phone): …1111 shares its phone, …2222 hides it.
  const LID_1111 = "224921869742044@lid";
  const LID_2222 = "269640499833813@lid";

  test("Turma C: the documented shape; one requester hides the phone number (phoneNumber null)", async () => {
    const a = await requests(jid(APPROVAL));
    assert.deepEqual(
      [a.status, a.json],
      [
        200,
        {
          success: true,
          message: "2 pending requests found",
          groupJid: jid(APPROVAL),
          requests: [
            { jid: LID_1111, phoneNumber: "5511955551111@s.whatsapp.net", requestedAt: "2026-04-20T14:00:00Z" },
            { jid: LID_2222, phoneNumber: null, requestedAt: "2026-04-21T09:30:00Z" },
          ],
          meta: { total: 2 },
        },
      ],
    );
    assert.deepEqual(group("ryze", APPROVAL).joinRequests, [
      { phone: "5511955551111", requestedAt: "2026-04-20T14:00:00.000Z", phoneHidden: false },
      { phone: "5511955552222", requestedAt: "2026-04-21T09:30:00.000Z", phoneHidden: true },
    ]);
    // The same list by invite code and by invite link.
    assert.deepEqual((await requests(codeOf(APPROVAL))).json, a.json);
    assert.deepEqual((await requests(link(codeOf(APPROVAL)))).json, a.json);
    // A group with no requests.
    const b = await requests(jid("120363400000000004"));
    assert.deepEqual(b.json, { success: true, message: "0 pending requests found", groupJid: jid("120363400000000004"), requests: [], meta: { total: 0 } });
  });

  test("approve / reject by the listed LID; the list shrinks; an unknown LID still fails", async () => {
    const a = await participants(jid(APPROVAL), "approve", [LID_2222, "999999999999999@lid"]);
    assert.deepEqual(a.json, {
      success: true,
      message: "Approved 1 of 2 participants",
      participants: [
        { participant: LID_2222, success: true },
        { participant: "999999999999999@lid", success: false, error: "unknown participant lid" },
      ],
    });
    assert.ok(member("ryze", APPROVAL, "5511955552222"), "the hidden-phone requester is now a member");
    assert.deepEqual(group("ryze", APPROVAL).pendingRequests, ["5511955551111"]);
    const b = await requests(jid(APPROVAL));
    assert.equal(b.json.message, "1 pending requests found");
    assert.deepEqual(
      b.json.requests.map((r) => r.jid),
      [LID_1111],
    );
    assert.deepEqual(b.json.meta, { total: 1 });
    const c = await participants(jid(APPROVAL), "reject", [LID_1111]);
    assert.deepEqual(c.json.participants, [{ participant: LID_1111, success: true }]);
    assert.equal(member("ryze", APPROVAL, "5511955551111"), undefined);
    assert.deepEqual((await requests(jid(APPROVAL))).json.requests, []);
    const d = await participants(jid(APPROVAL), "approve", [LID_1111]);
    assert.deepEqual(d.json.participants, [{ participant: LID_1111, success: false, error: "unknown participant lid" }], "a handled request's LID is unknown to the group");
    // Z-API's world still has both requests.
    assert.deepEqual(group("zapi", APPROVAL).pendingRequests, ["5511955551111", "5511955552222"]);
  });

  test("the bot's own join request is timed when it is made (state only: the bot is not a member then)", async () => {
    const code = codeOf(APPROVAL);
    await leave(jid(APPROVAL));
    const before = Date.now();
    const j = await ryze("group/join", { body: { identifier: code } });
    assert.equal(j.json.requiresApproval, true);
    const mine = group("ryze", APPROVAL).joinRequests.at(-1);
    assert.deepEqual([mine.phone, mine.phoneHidden], [BOT, false]);
    const at = Date.parse(mine.requestedAt);
    assert.ok(at >= Math.floor(before / 1000) * 1000 && at <= Date.now(), mine.requestedAt);
    const r = await requests(jid(APPROVAL));
    assert.deepEqual([r.status, r.json], [404, ryzeError(NOT_FOUND_RYZE)]);
  });

  test("documented errors: 400 no identifier, 403 not admin, 404 unknown or not a member", async () => {
    for (const identifier of [undefined, ""]) {
      const r = await requests(identifier);
      assert.deepEqual([r.status, r.json], [400, ryzeError("Identifier is required")], String(identifier));
    }
    const forbidden = await requests(jid(EXTERNAL));
    assert.deepEqual([forbidden.status, forbidden.json], [403, ryzeError("Not authorized to view group requests (must be admin)")]);
    for (const identifier of [jid("120363499999999999"), "ZZZZZZZZZZZZZZZZZZZZZZ"]) {
      const r = await requests(identifier);
      assert.deepEqual([r.status, r.json], [404, ryzeError(NOT_FOUND_RYZE)], identifier);
    }
    await leave(jid(APPROVAL));
    const left = await requests(jid(APPROVAL));
    assert.deepEqual([left.status, left.json], [404, ryzeError(NOT_FOUND_RYZE)]);
  });
});

describe("RyzeAPI events/webhook", () => {
  const save = (body) => ryze("events/webhook", { body });
  const webhooks = () => h.sim.state("ryze").webhooks;
  const ALL_EVENTS = ["message.exchange", "message.status", "call.update", "group.flow", "instance.state", "label.update"];

  test("enabled with a URL → the saved row echoed (authorization too); defaults: label default, all six events", async () => {
    const a = await save({ enabled: true, url: "https://hooks.example.com/ryze", authorization: "Bearer s3cret" });
    const row = { label: "default", enabled: true, url: "https://hooks.example.com/ryze", authorization: "Bearer s3cret", byEvents: false, events: ALL_EVENTS, mediaBase64: false };
    assert.deepEqual([a.status, a.json], [200, { success: true, message: "Webhook saved", webhook: row }]);
    assert.deepEqual(webhooks(), [row]);
    assert.deepEqual(h.sim.state("zapi").webhooks, { received: null }, "Z-API's webhook is separate");
  });

  test("upsert by label: the row is replaced whole; state sorted by label", async () => {
    await save({ label: "zeta", enabled: true, url: "http://hooks.example.com/z" });
    await save({ label: "alpha", enabled: true, url: "https://hooks.example.com/a", authorization: "k1", mediaBase64: true });
    const b = await save({ label: "alpha", enabled: true, url: "https://hooks.example.com/a2", byEvents: true, events: ["group.flow", "message.status", "group.flow"] });
    const alpha = { label: "alpha", enabled: true, url: "https://hooks.example.com/a2", authorization: null, byEvents: true, events: ["group.flow", "message.status"], mediaBase64: false };
    assert.deepEqual(b.json.webhook, alpha);
    assert.deepEqual(
      webhooks().map((w) => w.label),
      ["alpha", "zeta"],
    );
    assert.deepEqual(webhooks()[0], alpha);
    assert.equal(webhooks()[1].url, "http://hooks.example.com/z", "http is accepted");
  });

  test("enabled: false keeps the row and clears url, authorization, events, mediaBase64", async () => {
    await save({ label: "crm", enabled: true, url: "https://hooks.example.com/crm", authorization: "k", byEvents: true, events: ["call.update"], mediaBase64: true });
    const a = await save({ label: "crm", enabled: false, url: "https://ignored.example.com", authorization: "ignored", byEvents: true, events: ["call.update"], mediaBase64: true });
    const row = { label: "crm", enabled: false, url: null, authorization: null, byEvents: true, events: [], mediaBase64: false };
    assert.deepEqual([a.status, a.json], [200, { success: true, message: "Webhook saved", webhook: row }]);
    assert.deepEqual(webhooks(), [row]);
    const b = await save({ label: "off", enabled: false, url: "not a url" });
    assert.equal(b.status, 200, "the URL is not checked when it is cleared anyway");
    assert.deepEqual(
      webhooks().map((w) => [w.label, w.enabled]),
      [
        ["crm", false],
        ["off", false],
      ],
    );
  });

  test("at most 3 enabled at once: a 4th enabled label → 409; disabled rows and re-saves don't count", async () => {
    for (const label of ["a", "b", "c"]) assert.equal((await save({ label, enabled: true, url: `https://hooks.example.com/${label}` })).status, 200);
    const d = await save({ label: "d", enabled: true, url: "https://hooks.example.com/d" });
    assert.equal(d.status, 409);
    assert.equal(d.json.success, false);
    assert.equal(d.json.error.message, 'At most 3 webhooks can be enabled per instance; disable one before enabling "d"');
    assert.deepEqual(
      webhooks().map((w) => w.label),
      ["a", "b", "c"],
    );
    assert.equal((await save({ label: "d", enabled: false })).status, 200, "a disabled 4th row is fine");
    assert.equal((await save({ label: "c", enabled: true, url: "https://hooks.example.com/c2" })).status, 200, "re-saving an enabled row");
    assert.equal((await save({ label: "d", enabled: true, url: "https://hooks.example.com/d" })).status, 409);
    await save({ label: "a", enabled: false });
    const e = await save({ label: "d", enabled: true, url: "https://hooks.example.com/d" });
    assert.equal(e.status, 200);
    assert.deepEqual(
      webhooks().map((w) => [w.label, w.enabled]),
      [
        ["a", false],
        ["b", true],
        ["c", true],
        ["d", true],
      ],
    );
  });

  test("validation → 400 in the envelope; nothing saved", async () => {
    for (const [body, message] of [
      [{}, "enabled is required"],
      [{ enabled: "yes", url: "https://hooks.example.com" }, "enabled must be a boolean"],
      [{ enabled: true }, "url is required when enabled is true"],
      [{ enabled: true, url: "" }, "url is required when enabled is true"],
      [{ enabled: true, url: "ftp://hooks.example.com/x" }, "url must be an http(s) URL"],
      [{ enabled: true, url: "hooks.example.com/x" }, "url must be an http(s) URL"],
      [{ enabled: true, url: 5 }, "url must be a string"],
      [
        { enabled: true, url: "https://hooks.example.com", events: ["group.flow", "group.update"] },
        'invalid event: "group.update" (expected one of: message.exchange, message.status, call.update, group.flow, instance.state, label.update)',
      ],
      [{ enabled: true, url: "https://hooks.example.com", events: "group.flow" }, "events must be an array of strings"],
      [{ enabled: true, url: "https://hooks.example.com", label: "" }, "label must be a non-empty string"],
      [{ enabled: true, url: "https://hooks.example.com", label: 7 }, "label must be a non-empty string"],
      [{ enabled: true, url: "https://hooks.example.com", byEvents: "true" }, "byEvents must be a boolean"],
      [{ enabled: true, url: "https://hooks.example.com", mediaBase64: 1 }, "mediaBase64 must be a boolean"],
      [{ enabled: true, url: "https://hooks.example.com", authorization: 42 }, "authorization must be a string"],
    ]) {
      const r = await save(body);
      assert.deepEqual([r.status, r.json], [400, ryzeError(message)], JSON.stringify(body));
    }
    assert.deepEqual(webhooks(), []);
  });
});

test("RyzeAPI: reset restores the seed of the new state (join requests, webhooks)", async () => {
  await participants(jid(APPROVAL), "approve", ["269640499833813@lid"]);
  await ryze("events/webhook", { body: { enabled: true, url: "https://hooks.example.com/r" } });
  assert.equal(h.sim.state("ryze").webhooks.length, 1);
  h.sim.reset();
  const state = h.sim.state("ryze");
  assert.deepEqual(state.webhooks, []);
  assert.deepEqual(state.groups.find((g) => g.id === APPROVAL).pendingRequests, ["5511955551111", "5511955552222"]);
  const r = await ryze("group/requests", { method: "GET", query: `?identifier=${jid(APPROVAL)}` });
  assert.equal(r.json.meta.total, 2);
  assert.equal(r.json.requests[1].phoneNumber, null);
});
