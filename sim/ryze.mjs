// RyzeAPI front-end: paths /api/<area>/<action>/{instance}, header `token`, errors as
// {"success": false, "error": {"message": "..."}}, per-token rate limit with X-RateLimit-*.
//
// Order of checks (our choice where the docs are silent):
//   token present (401) → rate-limit window (429; headers on every answer from here on) →
//   token valid (401) → route (404) → instance (404) → method (405) → body size (413) →
//   disconnected (400) → Content-Type (415, JSON routes) → JSON body (400) → validation.

import { createHash } from "node:crypto";
import { RuleError } from "./state.mjs";
import { BODY_LIMIT, clip, decodeSegment, isJsonContentType, isStringArray, json, parseJsonObject, safeEqual } from "./util.mjs";

const WINDOW_MS = 60_000;

const fail = (status, message, headers) => json(status, { success: false, error: { message } }, headers);

/** Route table, keyed by "<area>/<action>". Add new endpoints here. */
const ROUTES = new Map([
  ["group/create", { methods: ["POST"], json: true, handler: createGroup }],
  ["group/info", { methods: ["GET"], json: false, handler: groupInfo }],
  ["community/link", { methods: ["POST"], json: true, handler: (ctx, r) => linkOrUnlink(ctx, r, "link") }],
  ["community/unlink", { methods: ["POST"], json: true, handler: (ctx, r) => linkOrUnlink(ctx, r, "unlink") }],
]);

const PATH = /^\/api\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

/** A Ryze path without its trailing instance segment ("/api/group/create"), for script matching. */
export function ryzeRoutePath(pathname) {
  const m = PATH.exec(pathname);
  return m ? `/api/${m[1]}/${m[2]}` : null;
}

/**
 * Counts one request against the token's fixed 60 s window.
 * Returns { limited, headers } where headers are the X-RateLimit-* trio.
 */
function takeRateLimit(windows, token, limit, now) {
  let w = windows.get(token);
  if (!w || now >= w.start + WINDOW_MS) {
    if (windows.size > 10_000) {
      for (const [k, v] of windows) if (now >= v.start + WINDOW_MS) windows.delete(k);
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
      "X-RateLimit-Reset": String(Math.ceil((w.start + WINDOW_MS) / 1000)),
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

  const rate = takeRateLimit(ctx.rateWindows, token, ctx.config.ryzeRateLimit, ctx.now());
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

/** Deterministic LID for a phone (GroupDetail participants carry one). */
function lidFor(phone) {
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
    v.image = null;
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
  if ((m = GROUP_JID.exec(identifier))) chat = world.chat(m[1]);
  else if ((m = /^https:\/\/chat\.whatsapp\.com\/([A-Za-z0-9]+)\/?$/.exec(identifier))) chat = world.chatByInviteCode(m[1]);
  else if (/^[A-Za-z0-9]+$/.test(identifier)) chat = world.chatByInviteCode(identifier);
  else return fail(400, "Invalid identifier: expected a group JID, an invite code or an invite link");
  if (!chat || !world.botParticipant(chat)) return fail(404, "Group not found or you are not a member of this group");
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
    const result = !gm
      ? { ok: false, reason: "invalid group jid" }
      : op === "link"
        ? world.linkGroup(communityId, gm[1])
        : world.unlinkGroup(communityId, gm[1]);
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
