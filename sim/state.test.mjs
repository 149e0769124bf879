// Unit tests of the World rules added for the full group/community coverage, including the
// cases the seed cannot reach over HTTP. Run: node --test sim/
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { World, BOT_PHONE, MAX_MEMBERS, PARTICIPANT_REASONS, RuleError, inviteCodeFor, inviteCodeFromText, parsePhoto } from "./state.mjs";

const G4 = "120363400000000004";
const phones = (n, prefix = "55119") => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(8, "0")}`);
const throwsCode = (fn, code) => assert.throws(fn, (e) => e instanceof RuleError && e.code === code);

describe("World: seed additions", () => {
  test("Turma C requires approval and has two pending requests; Grupo Externo locks its info", () => {
    const w = new World();
    const c = w.chat("120363400000000005");
    assert.equal(c.settings.requireAdminApproval, true);
    assert.deepEqual(c.pendingRequests, ["5511955551111", "5511955552222"]);
    assert.equal(w.chat("120363400000000020").settings.membersCanEditInfo, false);
    assert.equal(w.community("120363400000000001").whoCanAddNewGroups, "admins");
    for (const chat of w.chats.values()) {
      assert.equal(chat.photo, null);
      assert.equal(chat.inviteCode, inviteCodeFor(chat.id, 0));
    }
  });
});

describe("World: participants", () => {
  test("an admin who is not super admin may add/remove but not promote/demote", () => {
    const w = new World();
    const g = w.chat(G4);
    w.botParticipant(g).isSuperAdmin = false;
    assert.deepEqual(w.updateParticipants(g, "add", ["5511911112222"]), [{ phone: "5511911112222", ok: true }]);
    assert.deepEqual(w.updateParticipants(g, "remove", ["5511911112222"]), [{ phone: "5511911112222", ok: true }]);
    throwsCode(() => w.updateParticipants(g, "promote", ["5511987650011"]), "NOT_SUPER_ADMIN");
    throwsCode(() => w.updateParticipants(g, "demote", ["5511987650011"]), "NOT_SUPER_ADMIN");
    w.botParticipant(g).isAdmin = false;
    throwsCode(() => w.updateParticipants(g, "add", ["5511911113333"]), "NOT_ADMIN");
    throwsCode(() => w.updateParticipants(g, "jump", ["5511911113333"]), "BAD_ACTION");
  });

  test("the creator (not the bot) cannot be removed or demoted by a super admin bot", () => {
    const w = new World();
    const g = w.chat(G4);
    g.participants.push({ phone: "5511977770000", isAdmin: true, isSuperAdmin: true });
    assert.deepEqual(w.updateParticipants(g, "remove", ["5511977770000"]), [{ phone: "5511977770000", ok: false, reason: PARTICIPANT_REASONS.creatorRemove }]);
    assert.deepEqual(w.updateParticipants(g, "demote", ["5511977770000"]), [{ phone: "5511977770000", ok: false, reason: PARTICIPANT_REASONS.creatorDemote }]);
  });

  test("adding someone with a pending request or invite clears it", () => {
    const w = new World();
    const g = w.chat("120363400000000005");
    w.updateParticipants(g, "add", ["5511955551111"]);
    assert.deepEqual(g.pendingRequests, ["5511955552222"]);
  });

  test("1024 members: approve and join refuse a full group; create leaves the extras out", () => {
    const w = new World();
    const g = w.chat("120363400000000005");
    const results = w.updateParticipants(g, "add", phones(MAX_MEMBERS - g.participants.length));
    assert.ok(results.every((r) => r.ok));
    assert.equal(g.participants.length, MAX_MEMBERS);
    assert.deepEqual(w.updateParticipants(g, "approve", ["5511955551111"]), [{ phone: "5511955551111", ok: false, reason: PARTICIPANT_REASONS.full }]);
    g.settings.requireAdminApproval = false;
    w.leave(g);
    g.participants.push({ phone: "5521900000001", isAdmin: false, isSuperAdmin: false });
    throwsCode(() => w.joinByCode(g.inviteCode), "GROUP_FULL");
    const { group, notAdded } = w.createGroup({ name: "Big", candidates: phones(MAX_MEMBERS + 1).map((p) => ({ raw: p, phone: p })) });
    assert.equal(group.participants.length, MAX_MEMBERS);
    assert.deepEqual(notAdded, phones(MAX_MEMBERS + 1).slice(-2));
  });
});

describe("World: invites, join, leave", () => {
  test("reset issues a new deterministic code per generation; only admins may reset", () => {
    const w = new World();
    const g = w.chat(G4);
    const first = w.resetInviteCode(g);
    assert.equal(first, inviteCodeFor(G4, 1));
    assert.equal(w.resetInviteCode(g), inviteCodeFor(G4, 2));
    assert.equal(w.chatByInviteCode(first), undefined);
    throwsCode(() => w.resetInviteCode(w.chat("120363400000000020")), "NOT_ADMIN");
    throwsCode(() => w.joinByCode(first), "INVITE_NOT_FOUND");
  });

  test("leave: not a member → NOT_MEMBER; last admin hands over", () => {
    const w = new World();
    const g = w.chat("120363400000000006");
    w.leave(g);
    assert.deepEqual(g.participants, [{ phone: "5511987650031", isAdmin: true, isSuperAdmin: false }]);
    throwsCode(() => w.leave(g), "NOT_MEMBER");
    assert.equal(w.memberChat(g.id), undefined);
    assert.equal(w.joinByCode(g.inviteCode).outcome, "joined");
    assert.equal(w.joinByCode(g.inviteCode).outcome, "already-member");
  });
});

describe("World: info, communities", () => {
  test("updateInfo is all or nothing and checks permissions", () => {
    const w = new World();
    const g = w.chat(G4);
    throwsCode(() => w.updateInfo(g, { description: "kept?", name: "x".repeat(101) }), "NAME_TOO_LONG");
    assert.equal(g.description, "");
    throwsCode(() => w.updateInfo(g, { description: "d".repeat(2049) }), "DESCRIPTION_TOO_LONG");
    assert.deepEqual(w.updateInfo(g, { name: "N", settings: { membersCanAddOthers: true } }), ["name", "settings"]);
    const ext = w.chat("120363400000000020");
    throwsCode(() => w.updateInfo(ext, { name: "Mine" }), "NOT_ADMIN");
    ext.settings.membersCanEditInfo = true;
    assert.deepEqual(w.updateInfo(ext, { name: "Mine" }), ["name"]);
    throwsCode(() => w.updateInfo(ext, { settings: { membersCanEditInfo: false } }), "NOT_ADMIN");
  });

  test("createCommunity, deactivateCommunity", () => {
    const w = new World();
    const { community, announcements } = w.createCommunity({ name: "C" });
    assert.deepEqual([community.id, announcements.id, announcements.communityId], ["120363500000000001", "120363500000000002", community.id]);
    assert.deepEqual(w.subgroupsOf(community.id), []);
    assert.deepEqual(w.linkGroup(community.id, G4), { ok: true });
    assert.deepEqual(w.unlinkGroup(community.id, G4), { ok: false, reason: "a community must keep at least one group" });
    assert.deepEqual(w.deactivateCommunity(community), [G4]);
    assert.equal(w.chat(community.id), undefined);
    assert.equal(w.chat(announcements.id), undefined);
    assert.equal(w.chat(G4).communityId, null);
  });
});

describe("parsing helpers", () => {
  test("inviteCodeFromText: links and bare codes", () => {
    assert.equal(inviteCodeFromText("https://chat.whatsapp.com/AbC123"), "AbC123");
    assert.equal(inviteCodeFromText("https://chat.whatsapp.com/AbC123/"), "AbC123");
    assert.equal(inviteCodeFromText("AbC123"), "AbC123");
    for (const bad of ["http://chat.whatsapp.com/AbC", "https://example.com/AbC", "a b", "", null, 5]) assert.equal(inviteCodeFromText(bad), null, String(bad));
  });

  test("parsePhoto: URL, data URL, base64; nothing else", () => {
    assert.equal(parsePhoto("https://example.com/a.png").source, "url");
    assert.equal(parsePhoto("http://example.com/a.png").source, "url");
    assert.equal(parsePhoto("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAE=").source, "base64");
    assert.equal(parsePhoto("iVBORw0KGgoAAAANSUhEUgAAAAE=").source, "base64");
    assert.equal(parsePhoto("https://example.com/a.png").hash, parsePhoto("https://example.com/a.png").hash);
    for (const bad of ["", "abc", "ftp://x.y/z", "https://nodot", "data:text/plain;base64,aGVsbG8gd29ybGQhISE=", 1]) assert.equal(parsePhoto(bad), null, String(bad));
  });
});

test("the bot number constant is the seed's", () => {
  assert.equal(BOT_PHONE, "5511900000000");
});
