// RyzeAPI front-end: paths /api/<area>/<action>/{instance}, header `token`, errors as
// {"success": false, "error": {"message": "..."}}, per-token rate limit with X-RateLimit-*.
//
// Order of checks (our choice where the docs are silent):
//   token present (401) → rate-limit window (429; headers on every answer from here on) →
//   token valid (401) → route (404) → instance (404) → method (405) → body size (413) →
//   disconnected (400) → Content-Type (415, JSON routes) → JSON body (400) → validation.

import { createHash } from "node:crypto";
import { PARTICIPANT_ACTIONS, PARTICIPANT_REASONS, RuleError, inviteCodeFromText, parsePhoto } from "./state.mjs";
import { BODY_LIMIT, clip, decodeSegment, isJsonContentType, isStringArray, json, parseJsonObject, safeEqual } from "./util.mjs";

/** The rate limit setting as {requests, intervalMs}: a bare number means per 60 s. */
function rateLimitOf(setting) {
  return typeof setting === "number" ? { requests: setting, intervalMs: 60_000 } : setting;
}

const fail = (status, message, headers) => json(status, { success: false, error: { message } }, headers);

/** Route table, keyed by "<area>/<action>". Add new endpoints here. */
const ROUTES = new Map([
  ["group/create", { methods: ["POST"], json: true, handler: createGroup }],
  ["group/info", { methods: ["GET"], json: false, handler: groupInfo }],
  ["community/link", { methods: ["POST"], json: true, handler: (ctx, r) => linkOrUnlink(ctx, r, "link") }],
  ["community/unlink", { methods: ["POST"], json: true, handler: (ctx, r) => linkOrUnlink(ctx, r, "unlink") }],
  ["group/list", { methods: ["GET"], json: false, handler: (ctx, r) => listGroups(ctx, r) }],
  ["group/resetLink", { methods: ["POST"], json: true, handler: (ctx, r) => resetLink(ctx, r) }],
  ["group/join", { methods: ["POST"], json: true, handler: (ctx, r) => joinGroup(ctx, r) }],
  ["group/participants", { methods: ["POST"], json: true, handler: (ctx, r) => updateParticipants(ctx, r) }],
  ["group/update", { methods: ["PUT"], json: true, handler: (ctx, r) => updateGroup(ctx, r) }],
  ["group/leave", { methods: ["DELETE"], json: false, handler: (ctx, r) => leaveGroup(ctx, r) }],
  ["community/create", { methods: ["POST"], json: true, handler: (ctx, r) => createCommunity(ctx, r) }],
  ["community/listSubGroups", { methods: ["GET"], json: false, handler: (ctx, r) => listSubGroups(ctx, r) }],
  ["group/requests", { methods: ["GET"], json: false, handler: (ctx, r) => groupRequests(ctx, r) }],
  ["events/webhook", { methods: ["POST"], json: true, handler: (ctx, r) => configureWebhook(ctx, r) }],
]);

/** The instance's own settings kept by the gateway (not WhatsApp's): a fresh seed. */
export function ryzeGateway() {
  return { webhooks: [] };
}

/** The gateway settings as state() shows them: webhooks sorted by label. */
export function ryzeGatewayView(gateway) {
  const webhooks = gateway.webhooks.map((w) => ({ ...w, events: w.events ? [...w.events] : w.events }));
  return { webhooks: webhooks.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)) };
}

const PATH = /^\/api\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

/** A Ryze path without its trailing instance segment ("/api/group/create"), for script matching. */
export function ryzeRoutePath(pathname) {
  const m = PATH.exec(pathname);
  return m ? `/api/${m[1]}/${m[2]}` : null;
}

/**
 * Counts one request against the token's fixed window (60 s unless configured).
 * Returns { limited, headers } where headers are the X-RateLimit-* trio.
 */
function takeRateLimit(windows, token, { requests: limit, intervalMs: windowMs }, now) {
  let w = windows.get(token);
  if (!w || now >= w.start + windowMs) {
    if (windows.size > 10_000) {
      for (const [k, v] of windows) if (now >= v.start + windowMs) windows.delete(k);
    }
    w = { start: now, count: 0 };
    windows.set(token, w);
  }
  w.count += 1;
  return {
    limited: w.count > limit,
    headers: {
      "X-RateLimit-Limit": String(limit),
      "X-RateLimit-Remaining": String(Math.max(0, limit - w.count)),
      "X-RateLimit-Reset": String(Math.ceil((w.start + windowMs) / 1000)),
    },
  };
}

/**
 * Handles one RyzeAPI request.
 * ctx: { world, config, credentials, rateWindows, sleep, now }; req as in zapi.mjs.
 */
export async function handleRyze(ctx, req) {
  let token = req.headers.token;
  if (!token) {
    const auth = req.headers.authorization;
    const m = typeof auth === "string" ? /^Bearer\s+(.+)$/i.exec(auth) : null;
    if (m) token = m[1].trim();
  }
  if (!token) return fail(401, "Missing token in header");

  const rate = takeRateLimit(ctx.rateWindows, token, rateLimitOf(ctx.config.ryzeRateLimit), ctx.now());
  const answer = await (async () => {
    if (rate.limited) return fail(429, "Rate limit exceeded. Try again later.");
    return route(ctx, req, token);
  })();
  answer.headers = { ...rate.headers, ...answer.headers };
  return answer;
}

async function route(ctx, req, token) {
  const creds = ctx.credentials;
  if (!safeEqual(token, creds.token)) return fail(401, "Invalid instance token");

  const m = PATH.exec(req.pathname);
  const r = m && ROUTES.get(`${m[1]}/${m[2]}`);
  if (!r) return fail(404, `Route not found: ${req.method} ${req.pathname}`);
  if (decodeSegment(m[3]) !== creds.instance) return fail(404, "Instance not found");
  if (!r.methods.includes(req.method)) return fail(405, "Method not allowed", { Allow: r.methods.join(", ") });
  if (req.tooLarge) return fail(413, `Request body too large (limit ${BODY_LIMIT} bytes)`);
  if (ctx.config.disconnected.ryze) return fail(400, "Instance is not connected to WhatsApp");

  let body = {};
  if (r.json) {
    if (!isJsonContentType(req.headers["content-type"])) {
      return fail(415, "Content-Type must be application/json");
    }
    const parsed = parseJsonObject(req.bodyText);
    if (!parsed.ok) {
      return fail(400, parsed.problem === "malformed" ? "Invalid JSON body" : "Request body must be a JSON object");
    }
    body = parsed.value;
  }
  return r.handler(ctx, { ...req, body });
}

// ---- ids and views ------------------------------------------------------------------

const GROUP_JID = /^(\d+(?:-\d+)?)@g\.us$/;
const COMMUNITY_JID = /^(\d+)@g\.us$/;

const groupJid = (id) => `${id}@g.us`;
const userJid = (phone) => `${phone}@s.whatsapp.net`;
const inviteLink = (code) => `https://chat.whatsapp.com/${code}`;

/** Deterministic LID for a phone (GroupDetail participants and join requests carry one). */
export function lidFor(phone) {
  const digest = createHash("sha256").update(`wa-groups-sim:lid:${phone}`).digest();
  const n = digest.readUIntBE(0, 6) % 900_000_000_000_000;
  return `${100_000_000_000_000 + n}@lid`;
}

/** GroupInfo (create/update answers) or, with detail, GroupDetail (GET /info). */
function groupView(world, chat, { detail = false, participants = true } = {}) {
  const v = { name: chat.name, jid: groupJid(chat.id), description: chat.description };
  if (world.isBotAdmin(chat)) {
    v.inviteCode = chat.inviteCode;
    v.inviteLink = inviteLink(chat.inviteCode);
  }
  v.createdBy = userJid(chat.createdBy);
  if (detail) {
    v.createdAt = new Date(chat.createdAt).toISOString();
    v.image = chat.photo ? photoUrl(chat.photo) : null;
  }
  v.participantCount = chat.participants.length;
  if (participants) {
    v.participants = chat.participants.map((p) => ({
      jid: userJid(p.phone),
      ...(detail ? { lid: lidFor(p.phone) } : {}),
      isAdmin: p.isAdmin,
      isSuperAdmin: p.isSuperAdmin,
    }));
  }
  v.groupSettings = { ...chat.settings };
  if (detail) {
    // The parent community's JID; unlinked groups have none ("no `linkedParentJid`",
    // communities/unlink page).
    if (chat.communityId) v.linkedParentJid = groupJid(chat.communityId);
    v.isDefaultSubGroup = chat.isAnnouncement;
    v.isEphemeral = false;
    v.isIncognito = false;
    v.isSuspended = false;
  }
  return v;
}

// ---- handlers ---------------------------------------------------------------------

const SETTING_KEYS = ["membersCanEditInfo", "membersCanSendMessages", "membersCanAddOthers", "requireAdminApproval"];

async function createGroup(ctx, { body }) {
  const { name, participants, description, image, communityJid, groupSettings } = body;
  if (name === undefined || name === null || name === "") return fail(400, "name is required");
  if (typeof name !== "string") return fail(400, "name must be a string");
  if (participants === undefined || participants === null) return fail(400, "participants is required");
  if (!isStringArray(participants)) return fail(400, "participants must be an array of strings");
  if (participants.length === 0) return fail(400, "participants is required");
  if (description !== undefined && description !== null && typeof description !== "string") {
    return fail(400, "description must be a string");
  }
  if (image !== undefined && image !== null && typeof image !== "string") return fail(400, "image must be a string");
  const settings = {};
  if (groupSettings !== undefined && groupSettings !== null) {
    if (typeof groupSettings !== "object" || Array.isArray(groupSettings)) {
      return fail(400, "groupSettings must be an object");
    }
    for (const key of SETTING_KEYS) {
      if (groupSettings[key] === undefined) continue;
      if (typeof groupSettings[key] !== "boolean") return fail(400, `groupSettings.${key} must be a boolean`);
      settings[key] = groupSettings[key];
    }
  }
  let communityId = null;
  if (communityJid !== undefined && communityJid !== null && communityJid !== "") {
    const m = typeof communityJid === "string" ? COMMUNITY_JID.exec(communityJid) : null;
    if (!m) return fail(500, `error parse community jid: ${parseProblem(communityJid)}`);
    communityId = m[1];
  }

  const candidates = [];
  for (const raw of participants) {
    const digits = /^(\d{7,15})(?:@s\.whatsapp\.net)?$/.exec(raw);
    if (digits) candidates.push({ raw, phone: digits[1] });
    else if (/^\d+@lid$/.test(raw)) candidates.push({ raw, lid: true });
    else return fail(400, `invalid participant: ${clip(raw)}`);
  }

  try {
    const { group } = ctx.world.createGroup({
      name,
      candidates,
      description: description ?? "",
      settings,
      communityId,
    });
    // `image` is accepted and ignored: no picture is fetched or stored.
    return json(200, { success: true, message: "Group created successfully", group: groupView(ctx.world, group) });
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    if (e.code === "COMMUNITY_NOT_FOUND") return fail(404, "Community not found");
    if (e.code === "NO_PARTICIPANTS") return fail(400, "participants is required");
    if (e.code === "NAME_REQUIRED") return fail(400, "name is required");
    return fail(400, e.message);
  }
}

async function groupInfo(ctx, { query }) {
  const identifier = query.get("identifier");
  if (identifier === null || identifier.trim() === "") return fail(400, "Identifier is required");
  const world = ctx.world;
  let chat;
  let m;
  let byJid = false;
  if ((m = GROUP_JID.exec(identifier))) {
    chat = world.chat(m[1]);
    byJid = true;
  } else if ((m = /^https:\/\/chat\.whatsapp\.com\/([A-Za-z0-9]+)\/?$/.exec(identifier))) chat = world.chatByInviteCode(m[1]);
  else if (/^[A-Za-z0-9]+$/.test(identifier)) chat = world.chatByInviteCode(identifier);
  else return fail(400, "Invalid identifier: expected a group JID, an invite code or an invite link");
  // By invite code or link the group is found without being a member (invite preview);
  // by JID only groups the bot belongs to.
  if (!chat || (byJid && !world.botParticipant(chat))) return fail(404, "Group not found or you are not a member of this group");
  const flag = (query.get("participants") ?? "").toLowerCase();
  const withParticipants = !(flag === "false" || flag === "0");
  return json(200, { success: true, group: groupView(world, chat, { detail: true, participants: withParticipants }) });
}

function parseProblem(value) {
  if (typeof value !== "string") return "community jid must be a string";
  return `invalid JID ${JSON.stringify(clip(value))}: expected <digits>@g.us`;
}

async function linkOrUnlink(ctx, { body }, op) {
  const { communityJid, groupJid: jids } = body;
  if (communityJid === undefined || communityJid === null || communityJid === "") {
    return fail(400, "community jid is required");
  }
  if (jids === undefined || jids === null || (Array.isArray(jids) && jids.length === 0)) {
    return fail(400, "group jid is required");
  }
  if (!isStringArray(jids)) return fail(400, "groupJid must be an array of strings");
  const cm = typeof communityJid === "string" ? COMMUNITY_JID.exec(communityJid) : null;
  if (!cm) return fail(500, `error parse community jid: ${parseProblem(communityJid)}`);
  const communityId = cm[1];
  const world = ctx.world;
  if (!world.community(communityId)) return fail(404, "Community not found");

  const linked = [];
  const failed = [];
  for (const jid of jids) {
    // The real service waits 1 s per group; configurable here (ryzeLinkDelayMs).
    if (ctx.config.ryzeLinkDelayMs > 0) await ctx.sleep(ctx.config.ryzeLinkDelayMs);
    const gm = GROUP_JID.exec(jid);
    const result = !gm ? { ok: false, reason: "invalid group jid" } : op === "link" ? world.linkGroup(communityId, gm[1]) : world.unlinkGroup(communityId, gm[1]);
    if (result.ok) linked.push(groupJid(gm[1]));
    else failed.push({ jid, reason: result.reason });
  }
  const n = linked.length;
  const total = jids.length;
  return json(200, {
    success: n > 0,
    message: op === "link" ? `Linked ${n} of ${total} groups to community` : `Unlinked ${n} of ${total} groups from community`,
    linked,
    failed,
  });
}

// ---- groups and communities beyond the seed operations ----------------------------------

const NOT_FOUND = "Group not found or you are not a member of this group";
const BAD_IDENTIFIER = "Invalid identifier: expected a group JID, an invite code or an invite link";
const isMissing = (v) => v === undefined || v === null || v === "";

/** An `identifier` (JID, invite code or link) of a chat the bot belongs to → { chat } or { error }. */
function memberChatOf(world, identifier) {
  if (isMissing(identifier) || (typeof identifier === "string" && identifier.trim() === "")) {
    return { error: fail(400, "Identifier is required") };
  }
  if (typeof identifier !== "string") return { error: fail(400, "identifier must be a string") };
  let chat;
  const m = GROUP_JID.exec(identifier);
  if (m) chat = world.chat(m[1]);
  else {
    const code = inviteCodeFromText(identifier);
    if (code === null) return { error: fail(400, BAD_IDENTIFIER) };
    chat = world.chatByInviteCode(code);
  }
  if (!chat || !world.botParticipant(chat)) return { error: fail(404, NOT_FOUND) };
  return { chat };
}

/** A public URL for a stored picture (GroupDetail.image). */
const photoUrl = (photo) => `https://pps.whatsapp.net/v/t61.24694-24/sim-${photo.hash}.jpg`;

// GET /api/group/list/{i} → {success, message, groups: [GroupInfo without participants]}
async function listGroups(ctx) {
  const world = ctx.world;
  const groups = world.memberGroups().map((g) => groupView(world, g, { participants: false }));
  return json(200, { success: true, message: `${groups.length} group(s) found`, groups });
}

// POST /api/group/resetLink/{i} {identifier} → {success, message, groupJid, inviteCode, inviteLink}
async function resetLink(ctx, { body }) {
  const { chat, error } = memberChatOf(ctx.world, body.identifier);
  if (error) return error;
  try {
    const code = ctx.world.resetInviteCode(chat);
    return json(200, {
      success: true,
      message: "Group invite link reset successfully",
      groupJid: groupJid(chat.id),
      inviteCode: code,
      inviteLink: inviteLink(code),
    });
  } catch (e) {
    if (e instanceof RuleError && e.code === "NOT_ADMIN") {
      return fail(403, "Not authorized to reset group invite link (must be admin)");
    }
    throw e;
  }
}

// POST /api/group/join/{i} {identifier: code | link} → {success, message, groupJid, requiresApproval}
async function joinGroup(ctx, { body }) {
  const { identifier } = body;
  if (isMissing(identifier) || (typeof identifier === "string" && identifier.trim() === "")) {
    return fail(400, "Identifier is required");
  }
  if (typeof identifier !== "string") return fail(400, "identifier must be a string");
  const code = GROUP_JID.test(identifier) ? null : inviteCodeFromText(identifier);
  if (code === null) return fail(400, "Invalid identifier: expected an invite code or an invite link");
  try {
    const { chat, outcome } = ctx.world.joinByCode(code);
    const requiresApproval = outcome === "requested";
    return json(200, {
      success: true,
      message: requiresApproval ? "Join request sent; waiting for admin approval" : outcome === "already-member" ? "Already a member of the group" : "Successfully joined the group",
      groupJid: groupJid(chat.id),
      requiresApproval,
    });
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    if (e.code === "INVITE_NOT_FOUND") return fail(404, "Invite code not found or revoked");
    if (e.code === "GROUP_FULL") return fail(400, "Group is full");
    throw e;
  }
}

const ACTION_VERBS = { add: "Added", remove: "Removed", promote: "Promoted", demote: "Demoted", approve: "Approved", reject: "Rejected" };

// POST /api/group/participants/{i} {identifier, action, participants[]}
// → {success: <any succeeded>, message, participants: [{participant, success, error?}]}
async function updateParticipants(ctx, { body }) {
  const { identifier, action, participants: list } = body;
  if (isMissing(identifier)) return fail(400, "Identifier is required");
  if (isMissing(action)) return fail(400, "action is required");
  if (!PARTICIPANT_ACTIONS.includes(action)) return fail(400, `action must be one of: ${PARTICIPANT_ACTIONS.join(", ")}`);
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
    return fail(400, "participants is required");
  }
  if (!isStringArray(list)) return fail(400, "participants must be an array of strings");
  const parsed = [];
  for (const raw of list) {
    const digits = /^(\d{7,15})(?:@s\.whatsapp\.net)?$/.exec(raw);
    if (digits) parsed.push({ raw, phone: digits[1] });
    else if (/^\d+@lid$/.test(raw)) parsed.push({ raw, lid: raw });
    else return fail(400, `invalid participant: ${clip(raw)}`);
  }
  const world = ctx.world;
  const { chat, error } = memberChatOf(world, identifier);
  if (error) return error;

  // LIDs are resolved against the phones the group knows (members, requests, invites).
  const byLid = new Map(world.knownPhones(chat).map((phone) => [lidFor(phone), phone]));
  const entries = []; // in request order: { phone } to act on, or { unknown: raw }
  const seen = new Set();
  for (const p of parsed) {
    const phone = p.phone ?? byLid.get(p.lid);
    const key = phone ?? p.raw;
    if (seen.has(key)) continue; // duplicates are ignored
    seen.add(key);
    entries.push(phone ? { phone, raw: p.raw } : { unknown: p.raw });
  }
  let results;
  try {
    results = world.updateParticipants(
      chat,
      action,
      entries.filter((e) => e.phone).map((e) => e.phone),
    );
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    if (e.code === "NOT_SUPER_ADMIN") return fail(403, "Not authorized to update group participants (must be super admin)");
    if (e.code === "NOT_ADMIN") return fail(403, "Not authorized to update group participants (must be admin)");
    throw e;
  }
  const byPhone = new Map(results.map((r) => [r.phone, r]));
  const out = entries.map((e) => {
    if (e.unknown) return { participant: e.unknown, success: false, error: PARTICIPANT_REASONS.unknownLid };
    const r = byPhone.get(e.phone);
    // Each result names the participant as the request did (a LID stays a LID).
    const participant = e.raw.endsWith("@lid") ? e.raw : r.phone;
    return r.ok ? { participant, success: true } : { participant, success: false, error: r.reason };
  });
  const n = out.filter((r) => r.success).length;
  return json(200, {
    success: n > 0,
    message: `${ACTION_VERBS[action]} ${n} of ${out.length} participants`,
    participants: out,
  });
}

const UPDATE_FIELD_NAMES = { name: "name", description: "description", photo: "image", settings: "groupSettings" };

// PUT /api/group/update/{i} {identifier, name?, description?, image?, removeImage?, groupSettings?}
// → {success, message: "Group updated: <fields>", group: GroupInfo}
async function updateGroup(ctx, { body }) {
  const { identifier, name, description, image, removeImage, groupSettings } = body;
  if (isMissing(identifier)) return fail(400, "Identifier is required");
  const changes = {};
  if (name !== undefined && name !== null) {
    if (typeof name !== "string") return fail(400, "name must be a string");
    changes.name = name;
  }
  if (description !== undefined && description !== null) {
    if (typeof description !== "string") return fail(400, "description must be a string");
    changes.description = description; // "" clears it
  }
  if (image !== undefined && image !== null && typeof image !== "string") return fail(400, "image must be a string");
  if (removeImage !== undefined && removeImage !== null && typeof removeImage !== "boolean") {
    return fail(400, "removeImage must be a boolean");
  }
  if (removeImage === true)
    changes.photo = null; // removeImage wins over image
  else if (typeof image === "string" && image !== "") {
    const photo = parsePhoto(image);
    if (!photo) return fail(400, "image must be an image URL (http/https) or base64");
    changes.photo = photo;
  }
  if (groupSettings !== undefined && groupSettings !== null) {
    if (typeof groupSettings !== "object" || Array.isArray(groupSettings)) return fail(400, "groupSettings must be an object");
    const settings = {};
    for (const key of SETTING_KEYS) {
      if (groupSettings[key] === undefined) continue;
      if (typeof groupSettings[key] !== "boolean") return fail(400, `groupSettings.${key} must be a boolean`);
      settings[key] = groupSettings[key];
    }
    if (Object.keys(settings).length > 0) changes.settings = settings;
  }
  if (Object.keys(changes).length === 0) {
    return fail(400, "At least one field to update is required (name, description, image, removeImage, groupSettings)");
  }
  const world = ctx.world;
  const { chat, error } = memberChatOf(world, identifier);
  if (error) return error;
  try {
    const applied = world.updateInfo(chat, changes);
    return json(200, {
      success: true,
      message: `Group updated: ${applied.map((k) => UPDATE_FIELD_NAMES[k]).join(", ")}`,
      group: groupView(world, chat),
    });
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    if (e.code === "NOT_ADMIN") return fail(403, "Not authorized to update group (must be admin)");
    if (e.code === "NAME_REQUIRED") return fail(400, "name must not be empty");
    return fail(400, e.message);
  }
}

// DELETE /api/group/leave/{i}?identifier= → {success, message, groupJid}; again → 404
async function leaveGroup(ctx, { query }) {
  const { chat, error } = memberChatOf(ctx.world, query.get("identifier"));
  if (error) return error;
  ctx.world.leave(chat);
  return json(200, { success: true, message: "Successfully left the group", groupJid: groupJid(chat.id) });
}

/** Longest community name RyzeAPI accepts (documented). */
const MAX_COMMUNITY_NAME = 25;

// POST /api/community/create/{i} {name, description?, image?, groupJid[]?, membershipApprovalMode?}
// → {success, message, group: GroupInfo, isCommunity, linkedGroups[], failedGroups[{jid, reason}], imageError}
async function createCommunity(ctx, { body }) {
  const { name, description, image, groupJid: jids, membershipApprovalMode: mode } = body;
  if (isMissing(name)) return fail(400, "name is required");
  if (typeof name !== "string") return fail(400, "name must be a string");
  if ([...name].length > MAX_COMMUNITY_NAME) return fail(400, `name must be at most ${MAX_COMMUNITY_NAME} characters`);
  if (description !== undefined && description !== null && typeof description !== "string") {
    return fail(400, "description must be a string");
  }
  if (image !== undefined && image !== null && typeof image !== "string") return fail(400, "image must be a string");
  if (jids !== undefined && jids !== null && !isStringArray(jids)) return fail(400, "groupJid must be an array of strings");
  if (mode !== undefined && mode !== null && mode !== "" && mode !== "request_required") {
    return fail(400, 'membershipApprovalMode must be "request_required" or ""');
  }
  // A picture that can't be used does not abort the creation: it is reported in imageError.
  let photo = null;
  let imageError = null;
  if (typeof image === "string" && image !== "") {
    photo = parsePhoto(image);
    if (!photo) imageError = "could not process image: expected an image URL (http/https) or base64";
  }
  const world = ctx.world;
  const groups = jids ?? [];
  try {
    if (name.includes("FALLBACK")) {
      // Simulates WhatsApp refusing the parent group: the service creates an ordinary one.
      const group = world.createEmptyGroup({ name, description: description ?? "", photo });
      return json(200, {
        success: true,
        message: "WhatsApp refused to create the community; an ordinary group was created instead",
        group: groupView(world, group),
        isCommunity: false,
        linkedGroups: [],
        failedGroups: groups.map((jid) => ({ jid, reason: "not a community: an ordinary group was created instead" })),
        imageError,
      });
    }
    const { community } = world.createCommunity({
      name,
      description: description ?? "",
      requireAdminApproval: mode === "request_required",
      photo,
    });
    const linkedGroups = [];
    const failedGroups = [];
    for (const jid of groups) {
      if (ctx.config.ryzeLinkDelayMs > 0) await ctx.sleep(ctx.config.ryzeLinkDelayMs);
      const gm = GROUP_JID.exec(jid);
      const result = gm ? world.linkGroup(community.id, gm[1]) : { ok: false, reason: "invalid group jid" };
      if (result.ok) linkedGroups.push(groupJid(gm[1]));
      else failedGroups.push({ jid, reason: result.reason });
    }
    const linkNote = groups.length ? `; linked ${linkedGroups.length} of ${groups.length} groups` : "";
    return json(200, {
      success: true,
      message: `Community created successfully${linkNote}`,
      group: groupView(world, community),
      isCommunity: true,
      linkedGroups,
      failedGroups,
      imageError,
    });
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    if (e.code === "NAME_REQUIRED") return fail(400, "name is required");
    return fail(400, e.message);
  }
}

// GET /api/community/listSubGroups/{i}?communityJid= → {success, message, communityJid, subgroups[]}
async function listSubGroups(ctx, { query }) {
  const raw = query.get("communityJid");
  if (raw === null || raw.trim() === "") return fail(400, "communityJid query parameter is required");
  const normalized = /^\d+$/.test(raw) ? `${raw}@g.us` : raw; // the service appends @g.us
  const m = COMMUNITY_JID.exec(normalized);
  if (!m) return fail(400, `invalid community JID: ${JSON.stringify(clip(raw))} is not <digits>@g.us`);
  const world = ctx.world;
  const community = world.community(m[1]);
  if (!community || !world.botParticipant(community)) return fail(404, "Community not found");
  const ann = world.announcementsOf(community.id);
  const subgroups = [
    ...(ann ? [{ jid: groupJid(ann.id), name: ann.name, isDefaultSubGroup: true }] : []),
    // Only the subgroups the bot belongs to are listed (documented).
    ...world
      .subgroupsOf(community.id)
      .filter((g) => world.botParticipant(g))
      .map((g) => ({ jid: groupJid(g.id), name: g.name, isDefaultSubGroup: false })),
  ];
  return json(200, {
    success: true,
    message: `${subgroups.length} subgroup(s) found`,
    communityJid: groupJid(community.id),
    subgroups,
  });
}

// ---- join requests and webhooks ------------------------------------------------------

/** An ISO 8601 instant without milliseconds, as the docs write them ("2026-04-20T14:00:00Z"). */
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

// GET /api/group/requests/{i}?identifier= → {success, message: "N pending requests found",
// groupJid, requests: [{jid: <lid>, phoneNumber: <user jid> | null, requestedAt}], meta: {total}}
async function groupRequests(ctx, { query }) {
  const world = ctx.world;
  const { chat, error } = memberChatOf(world, query.get("identifier"));
  if (error) return error;
  let list;
  try {
    list = world.joinRequests(chat);
  } catch (e) {
    if (e instanceof RuleError && e.code === "NOT_ADMIN") return fail(403, "Not authorized to view group requests (must be admin)");
    throw e;
  }
  // A requester who hides their phone number is known by the LID only (phoneNumber null);
  // POST /group/participants approves or rejects by that LID.
  const requests = list.map((r) => ({
    jid: lidFor(r.phone),
    phoneNumber: r.phoneHidden ? null : userJid(r.phone),
    requestedAt: isoSeconds(r.requestedAt),
  }));
  return json(200, {
    success: true,
    message: `${requests.length} pending requests found`,
    groupJid: groupJid(chat.id),
    requests,
    meta: { total: requests.length },
  });
}

/** The event types a webhook can subscribe to (docs: events/webhook-configure). */
export const WEBHOOK_EVENTS = Object.freeze(["message.exchange", "message.status", "call.update", "group.flow", "instance.state", "label.update"]);
/** Most webhooks enabled at once per instance (documented). */
const MAX_ENABLED_WEBHOOKS = 3;

const optional = (v) => v === undefined || v === null;

// POST /api/events/webhook/{i} {label? = "default", enabled, url?, authorization?, byEvents?,
// events?, mediaBase64?} → {success, message: "Webhook saved", webhook: <the saved row>}.
// Upsert by label: the row is replaced whole. enabled: false keeps the row and clears url,
// authorization, events and mediaBase64. The saved authorization is echoed, as RyzeAPI does.
async function configureWebhook(ctx, { body }) {
  const { label = "default", enabled, url, authorization, byEvents, events, mediaBase64 } = body;
  if (typeof label !== "string" || label.trim() === "") return fail(400, "label must be a non-empty string");
  if (optional(enabled)) return fail(400, "enabled is required");
  if (typeof enabled !== "boolean") return fail(400, "enabled must be a boolean");
  if (!optional(url) && typeof url !== "string") return fail(400, "url must be a string");
  if (!optional(authorization) && typeof authorization !== "string") return fail(400, "authorization must be a string");
  if (!optional(byEvents) && typeof byEvents !== "boolean") return fail(400, "byEvents must be a boolean");
  if (!optional(mediaBase64) && typeof mediaBase64 !== "boolean") return fail(400, "mediaBase64 must be a boolean");
  if (!optional(events)) {
    if (!isStringArray(events) && !(Array.isArray(events) && events.length === 0)) return fail(400, "events must be an array of strings");
    const bad = events.find((e) => !WEBHOOK_EVENTS.includes(e));
    if (bad !== undefined) return fail(400, `invalid event: ${JSON.stringify(clip(bad))} (expected one of: ${WEBHOOK_EVENTS.join(", ")})`);
  }
  if (enabled) {
    if (optional(url) || url.trim() === "") return fail(400, "url is required when enabled is true");
    if (!isHttpUrl(url.trim())) return fail(400, "url must be an http(s) URL");
  }
  const rows = ctx.gateway.webhooks;
  const existing = rows.find((w) => w.label === label);
  if (enabled && !existing?.enabled && rows.filter((w) => w.enabled).length >= MAX_ENABLED_WEBHOOKS) {
    return fail(409, `At most ${MAX_ENABLED_WEBHOOKS} webhooks can be enabled per instance; disable one before enabling "${clip(label)}"`);
  }
  const row = enabled
    ? {
        label,
        enabled: true,
        url: url.trim(),
        authorization: optional(authorization) || authorization === "" ? null : authorization,
        byEvents: byEvents ?? false,
        // No events (or an empty list) means all six; duplicates are dropped.
        events: optional(events) || events.length === 0 ? [...WEBHOOK_EVENTS] : [...new Set(events)],
        mediaBase64: mediaBase64 ?? false,
      }
    : { label, enabled: false, url: null, authorization: null, byEvents: byEvents ?? false, events: [], mediaBase64: false };
  if (existing) rows[rows.indexOf(existing)] = row;
  else rows.push(row);
  return json(200, { success: true, message: "Webhook saved", webhook: { ...row, events: [...row.events] } });
}

/** True for an absolute http:// or https:// URL with a host. */
function isHttpUrl(text) {
  try {
    const u = new URL(text);
    return (u.protocol === "http:" || u.protocol === "https:") && /^https?:\/\/[^/\s]/i.test(text) && u.hostname !== "";
  } catch {
    return false;
  }
}
