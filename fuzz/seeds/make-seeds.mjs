#!/usr/bin/env node
// Writes the seed inputs of every fuzz target: the providers' documented examples
// (docs/wire-reference.md and the seed pages in ../shared/seeds/), and the simulator's
// real answers to every operation (as the built package, pkg/, builds each request),
// in normal, unknown-id, wrong-token, disconnected, rate-limited and chaos conditions.
//
//   node fuzz/seeds/make-seeds.mjs [OUT_DIR]     (default fuzz/corpus; needs pkg/ built)
//
// The corpus committed under fuzz/corpus/ is this output plus what the long runs grew,
// minimised with `cargo fuzz cmin`. Input layouts: see fuzz/src/lib.rs and each target.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FUZZ = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = resolve(FUZZ, "..");
const OUT = resolve(process.argv[2] ?? join(FUZZ, "corpus"));
const CALLS = JSON.parse(readFileSync(join(FUZZ, "calls.json"), "utf8")).variants;
const OPS = Object.keys(CALLS[0]); // the order of Operation::ALL (the harness checks it)

let written = 0;
function put(target, bytes) {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, "utf8");
  const dir = join(OUT, target);
  mkdirSync(dir, { recursive: true });
  const name = "seed-" + createHash("sha1").update(buf).digest("hex").slice(0, 16);
  writeFileSync(join(dir, name), buf);
  written++;
}

// Response targets: [op, status hi, status lo, flags] + optional header block + body.
// flags: bits 0-1 call variant, bit 2 no clock, bits 3-4 config kind, bit 5 headers.
function response(provider, op, status, body, { variant = 0, configKind = 0, headers = {}, noClock = false } = {}) {
  const i = OPS.indexOf(op);
  if (i < 0) throw new Error(`unknown op ${op}`);
  const names = Object.entries(headers);
  const flags = (variant & 3) | (noClock ? 4 : 0) | ((configKind & 3) << 3) | (names.length ? 0x20 : 0);
  const head = Buffer.from([i, status >> 8, status & 255, flags]);
  const block = names.length ? Buffer.from(names.map(([k, v]) => `${k}: ${v}\n`).join("") + "\n", "utf8") : Buffer.alloc(0);
  const text = typeof body === "string" ? body : JSON.stringify(body);
  put(provider === "zapi" ? "response_zapi" : "response_ryze", Buffer.concat([head, block, Buffer.from(text, "utf8")]));
  put("json", text);
}

// ---------------------------------------------------------------------------------------
// Documented examples (docs/wire-reference.md; Z-API's and RyzeAPI's pages).

const Z_TOKEN = "ZTOKEN5ecr3tA1B2C3D4E5F6"; // the harness's config tokens, echoed by hostile bodies
const Z_AWKWARD = 'Z"T\\O/K<E>N&%41+=?#~x';
const R_TOKEN = "RTOKEN5ecr3t0011223344556677";
const LINK = "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd";

const zapiMetadata = {
  phone: "120363019502650977-group", description: "Grupo de avisos", owner: "5511999999999", subject: "My group on Z-API", creation: 1588721491000,
  invitationLink: LINK, invitationLinkError: null, communityId: null, adminOnlyMessage: false, adminOnlySettings: false, requireAdminApproval: false,
  isGroupAnnouncement: false, participants: [{ phone: "5511888888888", isAdmin: false, isSuperAdmin: false, short: "Ana", name: "Ana" }, { phone: "5511999999999", isAdmin: "true", isSuperAdmin: "true" }],
  subjectTime: 1617805323000, subjectOwner: "554497050785",
};
const zapiDocs = {
  createGroup: [
    { phone: "5511999999999-1623281429", invitationLink: "https://chat.whatsapp.com/DCaqftVlS6dHWtlvfd3hUa" },
    { phone: "120363019502650977-group", invitationLink: "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct" },
    { phone: "120363019502650977-group", phonesNotAdded: ["5521988888888", "123456789@lid"], invitationLink: "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct" },
    { phone: "120363019502650977-group", phonesNotAdded: [{}], invitationLink: "<string>" },
  ],
  getInvitationLink: [{ phone: "120363019502650977-group", invitationLink: LINK }],
  resetInvitationLink: [{ invitationLink: "https://chat.whatsapp.com/NEW123XYZabc" }],
  linkGroups: [{ success: true }, { success: true, failed: ["1203634230225498-group"], message: "1203634230225498-group already belongs to another community" }, { success: false, error: "invalid data" }, { success: true, alreadyInCommunity: [{ phone: "1345353454354354-group", reason: "já está em outra comunidade" }] }],
  unlinkGroups: [{ success: true }, { success: false, error: "trying to unlink the last group" }, { success: true, unlinked: ["1345353454354354-group"] }],
  listGroups: [
    [{ isGroup: true, name: "Grupo teste", phone: "120263358412332916-group", unread: "0", lastMessageTime: "1730918668000", isMuted: "0", isMarkedSpam: "false", archived: "false", pinned: "false", muteEndTime: null, messagesUnread: "0" }],
    [{ isGroup: false, name: "Pessoa", phone: "5511999999999" }, { isGroup: "true", name: "Turma", phone: "120363019502650977" }, { name: "Old", phone: "5511999999999-1623281429" }],
    [],
  ],
  getGroupMetadata: [zapiMetadata, { phone: "5511999999999-1623281429", owner: "5511999999999", subject: "Old group", creation: 1623281429, participants: [] }],
  getGroupMetadataLight: [{ ...zapiMetadata, invitationLink: null, invitationLinkError: null }, { ...zapiMetadata, invitationLink: null, invitationLinkError: "forbidden" }],
  getInvitationInfo: [{ phone: "120363019502650977-group", owner: "5511999999999", subject: "Grupo", description: "desc", creation: 1588721491000, invitationLink: LINK, contactsCount: 1, participantsCount: 3, participants: [{ phone: "5511999999999", isAdmin: true, isSuperAdmin: true }], subjectTime: 1617805323000, subjectOwner: "5511999999999" }],
  joinGroup: [{ success: true }, { success: true, phone: "120363019502650977-group", requiresApproval: "true" }],
  addParticipants: [{ value: true }, { value: false }, { value: true, failed: [{ phone: "5521988888888", reason: "not on WhatsApp" }] }, { value: false, errors: ["5511999999999@s.whatsapp.net"], error: "privacy" }],
  removeParticipants: [{ value: true }],
  promoteParticipants: [{ value: true }],
  demoteParticipants: [{ value: true }],
  approveParticipants: [{ value: true }],
  rejectParticipants: [{ value: true }],
  updateGroupName: [{ value: true }, { value: false }],
  updateGroupDescription: [{ value: true }],
  updateGroupPhoto: [{ value: true }],
  updateGroupSettings: [{ value: true }],
  leaveGroup: [{ value: true }],
  createCommunity: [{ id: "98372465382764532938", subGroups: [{ name: "Avisos", phone: "342532456234453-group", isGroupAnnouncement: true }] }],
  listCommunities: [[{ name: "Escola", id: "98372465382764532938" }], { communities: [{ name: "Escola", id: "98372465382764532938" }] }],
  getCommunityMetadata: [{ name: "Escola", id: "98372465382764532938", description: "desc", subGroups: [{ name: "Avisos", phone: "342532456234453-group", isGroupAnnouncement: true }, { name: "Turma", phone: "120363019502650977-group", isGroupAnnouncement: false }] }],
  listSubgroups: [{ name: "Escola", id: "98372465382764532938", subGroups: [{ name: "Avisos", phone: "342532456234453-group", isGroupAnnouncement: "true" }] }],
  updateCommunitySettings: [{ success: true }],
  updateCommunityDescription: [{ value: true }],
  deactivateCommunity: ["", { success: true }, "OK"],
};
const zapiErrors = [
  [400, { error: "null not allowed" }],
  [401, { error: "null not allowed" }],
  [403, { error: "10.0.0.1 not allowed" }],
  [200, { error: "You are not connected." }],
  [200, { connected: false, error: "You need to restore the session.", smartphoneConnected: false }],
  [200, "\"You are not connected.\""],
  [200, "10.1.2.3 not allowed"],
  [404, { error: "Instance not found" }],
  [405, ""],
  [415, ""],
  [500, { error: "Internal Server Error", message: "boom" }],
  [404, `Cannot POST /instances/3C4F9A1B2D7E8F00INSTANCE/token/${Z_TOKEN}/create-group`],
  [401, { error: `invalid token ${Z_TOKEN}` }],
  [401, { error: `token ${Z_AWKWARD} invalid` }, 2],
  [401, `{"error":"token ZTOKEN5ecr3t\\u00411B2C3D4E5F6 rejected"}`],
  [400, `{"error":"path /token/${encodeURIComponent(Z_AWKWARD)}/x"}`, 2],
  [400, `{"error":"path /token/${encodeURIComponent(Z_AWKWARD).toLowerCase()}/x \\u003c"}`, 3],
  [502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"],
];

const ryzeGroupInfo = {
  name: "Dev Team", jid: "120363406289005073@g.us", description: "Technical discussions", inviteCode: "ABC123XYZ", inviteLink: "https://chat.whatsapp.com/ABC123XYZ",
  createdBy: "5511999999999@s.whatsapp.net", participantCount: 3,
  participants: [{ jid: "5511999999999@s.whatsapp.net", isAdmin: true, isSuperAdmin: false }, { jid: "5521988888888@s.whatsapp.net", lid: "123@lid", isAdmin: false, isSuperAdmin: false }],
  groupSettings: { membersCanEditInfo: true, membersCanSendMessages: true, membersCanAddOthers: false, requireAdminApproval: false },
};
const ryzeDetail = { ...ryzeGroupInfo, createdAt: "2024-05-01T12:00:00Z", image: "https://pps.whatsapp.net/x.jpg", metadata: { nameSetBy: "5511999999999@s.whatsapp.net" }, isEphemeral: false, isIncognito: false, isSuspended: false, isDefaultSubGroup: false, communityJid: "120363406289005070@g.us" };
const ryzeErr = (message) => ({ success: false, error: { message } });
const ryzeDocs = {
  createGroup: [ryzeGroupInfo, { success: true, message: "Group created", group: ryzeGroupInfo }, { success: true, data: ryzeGroupInfo }, { success: true, group: { ...ryzeGroupInfo, participants: ["5511999999999@s.whatsapp.net"] } }],
  getInvitationLink: [{ success: true, message: "ok", group: ryzeDetail }, { success: true, group: { ...ryzeDetail, inviteLink: "", inviteCode: "" } }, { success: true, data: { jid: "120363406289005074@g.us", inviteCode: "Zz9_-abcdef" } }],
  linkGroups: [
    { success: true, message: "Linked 2 of 2 groups to community", linked: ["120363406289005074@g.us", "120363406289005075@g.us"], failed: [] },
    { success: true, message: "Linked 1 of 2 groups to community", linked: ["120363406289005074@g.us"], failed: [{ jid: "120363406289005075@g.us", error: "already linked to another community" }] },
    { success: false, message: "Linked 0 of 2 groups to community", linked: [], failed: ["120363406289005074@g.us", "120363406289005075@g.us"] },
    { success: true, message: "Linked 2 of 2 groups to community" },
    ryzeErr("Instance is not connected to WhatsApp"),
  ],
  unlinkGroups: [{ success: true, message: "Unlinked 2 of 2 groups from community", linked: ["120363406289005074@g.us", "120363406289005075@g.us"], failed: [] }, { success: true, message: "Unlinked 0 of 2 groups from community" }],
  listGroups: [{ success: true, groups: [{ jid: "120363406289005074@g.us", name: "Dev" }, { jid: "5511999999999-1623281429@g.us", subject: "Old" }] }, { success: true, data: [] }],
  getGroupMetadata: [{ success: true, group: ryzeDetail }, ryzeDetail],
  getGroupMetadataLight: [{ success: true, group: { ...ryzeDetail, participants: undefined } }],
  getInvitationInfo: [{ success: true, group: ryzeDetail }, { success: true, group: { name: "x" } }],
  resetInvitationLink: [{ success: true, message: "Group invite link reset successfully", groupJid: "120363406289005073@g.us", inviteCode: "NEW123XYZ", inviteLink: "https://chat.whatsapp.com/NEW123XYZ" }],
  joinGroup: [{ success: true, message: "Successfully joined the group", groupJid: "120363406289005073@g.us", requiresApproval: false }, { success: true, message: "Join request sent", groupJid: "120363406289005073@g.us", requiresApproval: true }],
  addParticipants: [
    { success: true, participants: [{ participant: "5511999999999", success: true }, { participant: "5521988888888", success: false, error: "not on WhatsApp" }] },
    { success: true, participants: [{ jid: "5511999999999@s.whatsapp.net", success: "true" }, "5521988888888"] },
    ryzeErr("Not authorized to add participants (must be admin)"),
  ],
  removeParticipants: [{ success: true, participants: [{ phone: "5511999999999", success: true }] }],
  promoteParticipants: [{ success: true, participants: [{ number: "5511999999999", success: false, reason: "not a member" }] }],
  demoteParticipants: [{ success: true, participants: [] }],
  approveParticipants: [{ success: true, participants: [{ id: "5544999999999@s.whatsapp.net", success: true }, { jid: "987654321@lid", success: true }] }],
  rejectParticipants: [{ success: true, participants: [{ participant: "5544999999999", success: true }] }],
  updateGroupName: [{ success: true, message: "Updated: name", group: ryzeGroupInfo }, ryzeGroupInfo],
  updateGroupDescription: [{ success: true, message: "Updated: description" }],
  updateGroupPhoto: [{ success: true, message: "Updated: image" }],
  updateGroupSettings: [{ success: true, message: "Updated: groupSettings" }],
  leaveGroup: [{ success: true, message: "Successfully left the group", groupJid: "120363406289005073@g.us" }],
  createCommunity: [
    { success: true, message: "Community created", group: { jid: "120363406289005073@g.us", name: "XYZ Company" }, isCommunity: true, linkedGroups: ["120363406289005074@g.us"], failedGroups: [{ jid: "120363406289005075@g.us", error: "already linked" }], imageError: "" },
    { success: true, message: "WhatsApp refused the community; created an ordinary group", group: { jid: "120363406289005073@g.us" }, isCommunity: false },
  ],
  listSubgroups: [{ success: true, message: "2 subgroup(s) found", communityJid: "120363406289005073@g.us", subgroups: [{ jid: "120363406289005074@g.us", name: "Announcements", isDefaultSubGroup: true }, { jid: "120363406289005075@g.us", name: "General", isDefaultSubGroup: false }] }],
};
const ryzeErrors = [
  [400, ryzeErr("Instance is not connected to WhatsApp")],
  [503, ryzeErr("instance not connected")],
  [200, ryzeErr("Instance is not connected to WhatsApp")],
  [401, ryzeErr("Invalid token")],
  [401, ryzeErr("Missing token in header, Authorization header, or query parameter")],
  [403, ryzeErr("Instance token does not match")],
  [404, ryzeErr("Group not found or you are not a member of this group")],
  [400, ryzeErr("Identifier is required")],
  [400, ryzeErr("community jid is required")],
  [500, ryzeErr("error parse community jid: invalid")],
  [501, ryzeErr("not supported")],
  [401, ryzeErr(`Invalid token ${R_TOKEN}`)],
  [200, { success: false }],
  [200, "[]"],
  [200, "not json"],
];

function documented() {
  for (const [op, bodies] of Object.entries(zapiDocs)) {
    for (const [i, body] of bodies.entries()) {
      for (const variant of [0, 2, 3]) response("zapi", op, 200, body, { variant, configKind: i % 2 });
    }
  }
  for (const [op, bodies] of Object.entries(ryzeDocs)) {
    for (const body of bodies) for (const variant of [0, 2, 3]) response("ryze", op, 200, body, { variant });
  }
  for (const op of OPS) {
    for (const [status, body, kind = 1] of zapiErrors) response("zapi", op, status, body, { configKind: kind });
    for (const [status, body] of ryzeErrors) response("ryze", op, status, body);
  }
  // Rate limits: Retry-After in seconds or as a date, RyzeAPI's X-RateLimit-*.
  const limited = [
    { "Retry-After": "120" },
    { "Retry-After": "Sun, 22 Nov 2026 21:01:00 GMT" },
    { "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1795381260" },
    { "X-RateLimit-Reset": "42" },
  ];
  for (const headers of limited) {
    response("zapi", "listGroups", 429, { error: "Too Many Requests" }, { headers });
    response("ryze", "linkGroups", 429, ryzeErr("Rate limit exceeded. Try again later."), { headers });
    response("ryze", "createGroup", 429, ryzeErr("Rate limit exceeded. Try again later."), { headers, noClock: true });
  }
  // The seed pages, as stored: every JSON block, for the operation each page describes.
  const pages = { "000": ["zapi", "linkGroups"], "001": ["ryze", "linkGroups"], "002": ["zapi", "unlinkGroups"], "003": ["zapi", "getInvitationLink"], "004": ["zapi", "createGroup"] };
  const dir = resolve(ROOT, "..", "shared", "seeds");
  const alt = "/work/shared/seeds";
  const seedDir = existsSync(dir) ? dir : existsSync(alt) ? alt : null;
  if (seedDir) {
    for (const f of readdirSync(seedDir)) {
      const which = pages[f.slice(0, 3)];
      if (!which) continue;
      const text = readFileSync(join(seedDir, f), "utf8");
      for (const m of text.matchAll(/```json[^\n]*\n([\s\S]*?)```/g)) {
        for (const variant of [0, 2]) response(which[0], which[1], 200, m[1], { variant });
        response(which[0], which[1], 400, m[1]);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// The simulator's answers.

async function simulated() {
  const pkg = join(ROOT, "pkg", "index.node.js");
  if (!existsSync(pkg)) {
    console.error("pkg/ is not built (scripts/build.sh): simulator seeds skipped");
    return;
  }
  const { buildRequest } = await import(pkg);
  const { startSimulator, SIM_CREDENTIALS } = await import(join(ROOT, "sim", "simulator.mjs"));
  const sim = await startSimulator({ port: 0 });
  const KEEP = ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];
  const configFor = (provider, over = {}) => ({ provider, ...SIM_CREDENTIALS[provider], baseUrl: sim.url, ...over });
  async function ask(provider, op, variant, { config = {}, reset = true, configKind = 0 } = {}) {
    if (reset) sim.reset();
    const cfg = configFor(provider, config);
    let used = variant;
    let req;
    for (const v of [variant, 0]) {
      try {
        req = buildRequest(cfg, { ...CALLS[v][op], op });
        used = v;
        break;
      } catch (e) {
        if (e.kind === "unsupported") return;
      }
    }
    if (!req) return;
    let res;
    try {
      res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined, signal: AbortSignal.timeout(3000) });
    } catch {
      return; // chaos: reset or slow
    }
    const text = await res.text().catch(() => null);
    if (text === null) return;
    const headers = {};
    for (const k of KEEP) if (res.headers.get(k) !== null) headers[k] = res.headers.get(k);
    response(provider, op, res.status, text, { variant: used, configKind, headers });
  }
  for (const provider of ["zapi", "ryze"]) {
    const kind = provider === "zapi" ? 1 : 0;
    for (const op of OPS) {
      for (const variant of [0, 1, 2, 3]) await ask(provider, op, variant, { configKind: kind });
      await ask(provider, op, 1, { config: { token: "WRONG-TOKEN-000000" }, configKind: kind });
      sim.reset();
      sim.configure({ disconnected: { zapi: true, ryze: true } });
      await ask(provider, op, 1, { reset: false, configKind: kind });
    }
  }
  // Z-API: no Client-Token; the invitation link moved to GET (405 for POST).
  for (const op of ["createGroup", "getInvitationLink", "linkGroups"]) await ask("zapi", op, 1, { config: { clientToken: undefined } });
  sim.reset();
  sim.configure({ zapiInvitationLinkMethod: "GET" });
  await ask("zapi", "getInvitationLink", 1, { reset: false });
  // RyzeAPI's rate limit: the third call in the window gets 429 with X-RateLimit-*.
  sim.reset();
  sim.configure({ ryzeRateLimit: 2 });
  for (let i = 0; i < 4; i++) await ask("ryze", "listGroups", 1, { reset: false });
  // Chaos: 500/503 envelopes, 429 bursts with Retry-After, truncated bodies, HTML 502s.
  try {
    for (const seed of [1, 2, 3]) {
      sim.reset();
      sim.configure({ chaos: { seed, rate: 1, kinds: ["status-500", "status-503", "burst-429", "truncated", "html-502"] } });
      for (const provider of ["zapi", "ryze"]) for (const op of OPS) await ask(provider, op, 1, { reset: false, configKind: provider === "zapi" ? 1 : 0 });
    }
  } catch (e) {
    console.error(`chaos seeds skipped: ${e.message}`);
  }
  await sim.close();
}

// ---------------------------------------------------------------------------------------
// The other targets.

function webhooks() {
  const envelope = {
    isGroup: true, isNewsletter: false, instanceId: "A20D0000", messageId: "A20D0001", phone: "5544999999999-group", connectedPhone: "5544999999999", fromMe: false,
    momment: 1682017970000, expiresAt: null, status: "RECEIVED", chatName: "name", senderPhoto: "https://", senderName: "name", photo: null, broadcast: false,
    participantPhone: "5544999999999", referenceMessageId: null, externalAdReply: null, forwarded: false, type: "ReceivedCallback", callId: null, code: null,
  };
  const events = [
    { ...envelope, notification: "MEMBERSHIP_APPROVAL_REQUEST", notificationParameters: ["5544999999999"], requestMethod: "invite_link" },
    { ...envelope, notification: "MEMBERSHIP_APPROVAL_REQUEST", notificationParameters: ["5544999999999", "5544988888888"], requestMethod: "non_admin_add" },
    { ...envelope, isGroup: false, notification: "MEMBERSHIP_APPROVAL_REQUEST", notificationParameters: ["5544999999999"] },
    { ...envelope, notification: "REVOKED_MEMBERSHIP_REQUESTS", notificationParameters: ["5544999999999"] },
    { ...envelope, phone: "120363019502650977-group", notification: "GROUP_CREATE", notificationParameters: ["Turma A"] },
    { ...envelope, phone: "120363019502650977-group", notification: "GROUP_PARTICIPANT_ADD", notificationParameters: ["5511999999999@s.whatsapp.net", "123456@lid"] },
    { ...envelope, phone: "5511999999999-1623281429", notification: "GROUP_PARTICIPANT_REMOVE", notificationParameters: ["5511988887777"] },
    { ...envelope, notification: "GROUP_PARTICIPANT_LEAVE", notificationParameters: [], participantPhone: "5511988887777" },
    { ...envelope, chatId: "120363019502650977@g.us", phone: undefined, notification: "GROUP_MEMBER_LINK_PROPERTY_UPDATE", notificationParameters: [], moment: "2024-05-01T12:00:00Z" },
    { ...envelope, notification: "CHAT_LABEL_ASSOCIATION", notificationParameters: [{ phone: "5511999999999", label: "1", assigned: true }] },
    { ...envelope, notification: "CALL_VOICE" },
    { momment: 1580163342, error: "Device has been disconnected", disconnected: true, type: "DisconnectedCallback" },
    { type: "ReceivedCallback", text: { message: "hi" }, phone: "5511999999999" },
  ];
  for (const e of events) put("webhook", JSON.stringify(e));
  for (const t of ["not json <html>", "[1,2,3]", "", "null", "\"GROUP_CREATE\""]) put("webhook", t);
}

function ids() {
  const forms = [
    "120363019502650977-group", "120363019502650977@g.us", "120363019502650977", "5511999999999-1623281429", "5511999999999-1623281429@g.us",
    "1345353454354354-group", "98372465382764532938", "120363186053925765@g.us", "../120363019502650977", "120363019502650977?x=1", "120363019502650977#",
    "120363019502650977 ", "120363019502650977\n", "0120363019502650977@g.us", "120363019502650977-group@g.us",
    "5511999999999", "+55 (11) 99999-9999", "55.11.99999.9999", "5511999999999@s.whatsapp.net", "5511999999999@c.us", "5511999999999@lid",
    "5511999999999:3@s.whatsapp.net", "++5511999999999", "1234567890123456",
    "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd", "chat.whatsapp.com/C1adgkdEGki7554BWDdMkd", "http://chat.whatsapp.com/Ab_Cd-Ef0123", "C1adgkdEGki7554BWDdMkd",
    "https://evil.example/C1adgkdEGki7554BWDdMkd", "C1ad/../x", "é%2F漢字\u0000",
  ];
  for (const f of forms) put("ids", f);
}

function validation() {
  const configs = [
    { provider: "zapi", instance: "3C4F9A1B2D7E8F00INSTANCE", token: Z_TOKEN, clientToken: "ZCLIENT5ecr3tF9E8D7C6B5A4" },
    { provider: "zapi", instance: "3C4F", token: Z_AWKWARD, baseUrl: "http://127.0.0.1:9/" },
    { provider: "ryze", instance: "shop-bot", token: R_TOKEN },
    { provider: "ryze", instance: "a b", token: "sec ret", clientToken: "SECRET2" },
    { provider: "whatsapp", instance: "", token: 42, baseUrl: "ftp://x" },
    { provider: "zapi", instance: "..", token: "t0k3n-abc", baseUrl: "https://user:pw@host" },
  ];
  for (const config of configs) {
    for (const variant of CALLS) {
      for (const op of OPS) put("validate", Buffer.concat([Buffer.from(JSON.stringify(config)), Buffer.from([0xff]), Buffer.from(JSON.stringify({ op, ...variant[op] }))]));
    }
    put("validate", Buffer.concat([Buffer.from([OPS.indexOf("linkGroups")]), Buffer.from(JSON.stringify(config))]));
  }
  const hostile = [
    { op: "getInvitationLink", groupId: "../../etc/passwd" },
    { op: "linkGroups", communityId: "120363186053925765?x=1", groupIds: ["1203634230225498-group#", "1203634230225498 -group"] },
    { op: "updateGroupSettings", groupId: "120363019502650977", settings: { [Z_TOKEN]: true } },
    { op: "createGroup", name: Z_TOKEN, participants: ["5511999999999"] },
    { op: "joinGroup", link: "https://chat.whatsapp.com/abc/../def" },
    { op: "createGroup", name: "x".repeat(101), participants: Array.from({ length: 30 }, (_, i) => `55119${String(10000000 + i)}`) },
    { op: "__trap" },
  ];
  for (const call of hostile) put("validate", Buffer.concat([Buffer.from(JSON.stringify(configs[0])), Buffer.from([0xff]), Buffer.from(JSON.stringify(call))]));
  const options = [
    { ...configs[0], timeoutMs: 1500, maxRetries: 3, retryUnsafe: true, rateLimit: { requests: 10, intervalMs: 1000 } },
    { ...configs[2], rateLimit: false, timeoutMs: 2147483647, maxRetries: 0 },
    { ...configs[2], rateLimit: 60 },
    { ...configs[0], timeoutMs: 0, maxRetries: 11, rateLimit: { requests: 0, intervalMs: 3600001 }, retryUnsafe: "yes" },
    { ...configs[3], timeoutMs: "9", rateLimit: "fast" },
    configs[4],
    configs[5],
    [],
  ];
  for (const o of options) put("client_options", JSON.stringify(o));
}

function jsonEdges() {
  for (const t of ['{"a":1,"a":2}', '"\\ud800"', '"\\ud83d\\ude00"', "-0.0e+00", "1e400", "[[[[[[[[[[]]]]]]]]]]", '{"k":"\\u0000\\b\\f\\n\\r\\t\\/\\\\\\""}', " \t\n\r[] ", "01", "[1,]", "tru", "\"\u00e9\""]) put("json", t);
  put("json", "[".repeat(64) + "]".repeat(64));
  put("json", "[".repeat(65) + "]".repeat(65));
  put("json", JSON.stringify({ status: 429, headers: { "Retry-After": "5" }, body: "{}" }));
}

function retries() {
  // [op, shape, …]: see fuzz_targets/retry.rs.
  const hex = ["0000010000000000000000000000", "0120020000000000000001f4", "002101000000000000000001f4000000000003e8", "096003000000000000000001ad52657472792d41667465723a2031320a", "0ae0030000000000000001ad52657472792d41667465723a2053756e2c203232204e6f7620323032362032313a30313a303020474d540a", "0a6003000000000000000001ad582d526174654c696d69742d52657365743a20313739353338313236300a"];
  for (const h of hex) put("retry", Buffer.from(h, "hex"));
}

function redactions() {
  for (const [head, secret, text] of [
    [0, "abcdef", "abcdef abcdeF abcdef%"],
    [1 << 1, "Zt/o<k&x9", 'body "Zt\\/o\\u003ck\\u0026x9" Zt%2Fo%3Ck%26x9 zt%2fo%3ck%26x9'],
    [0, "ab***c", "abab***cc"],
  ]) {
    const bytes = [...secret].map((c) => (c.charCodeAt(0) - 0x21 + 94 * 2) % 94);
    put("redact", Buffer.concat([Buffer.from([head]), Buffer.from(bytes), Buffer.from(text)]));
  }
}

documented();
await simulated();
webhooks();
ids();
validation();
jsonEdges();
retries();
redactions();
console.log(`${written} seed files written under ${OUT}`);
