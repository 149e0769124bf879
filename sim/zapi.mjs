// Z-API front-end: paths under /instances/{instance}/token/{token}, header Client-Token,
// errors as {"error": "..."}. Turns HTTP into World calls and back.
//
// Order of checks (our choice; Z-API documents none):
//   route (404 "Cannot METHOD path", like Express) → method (405) → instance (404) →
//   token (401) → Client-Token (400/401) → body size (413) → disconnected (400) →
//   Content-Type (415, JSON routes) → JSON body (400) → the route's own validation.

import { GROUP_ADD_TYPES, RuleError, inviteCodeFromText, parsePhoto } from "./state.mjs";
import { BODY_LIMIT, clip, decodeSegment, isJsonContentType, isStringArray, json, parseJsonObject, safeEqual } from "./util.mjs";

const PREFIX = /^\/instances\/([^/]+)\/token\/([^/]+)(\/.*)?$/;

const err = (status, message, headers) => json(status, { error: message }, headers);

/**
 * Route table. `methods(config)` lists the allowed methods; `json` routes need
 * Content-Type: application/json and a JSON object body. Add new endpoints here.
 */
const ROUTES = [
  { pattern: /^\/create-group$/, methods: () => ["POST"], json: true, handler: createGroup },
  {
    pattern: /^\/group-invitation-link\/([^/]+)$/,
    methods: (config) => [config.zapiInvitationLinkMethod],
    json: false,
    handler: invitationLink,
  },
  { pattern: /^\/communities\/link$/, methods: () => ["POST"], json: true, handler: (ctx, r) => linkOrUnlink(ctx, r, "link") },
  { pattern: /^\/communities\/unlink$/, methods: () => ["POST"], json: true, handler: (ctx, r) => linkOrUnlink(ctx, r, "unlink") },
  // Groups
  { pattern: /^\/groups$/, methods: () => ["GET"], json: false, handler: (ctx, r) => listGroups(ctx, r) },
  { pattern: /^\/group-metadata\/([^/]+)$/, methods: () => ["GET"], json: false, handler: (ctx, r) => groupMetadata(ctx, r, false) },
  { pattern: /^\/light-group-metadata\/([^/]+)$/, methods: () => ["GET"], json: false, handler: (ctx, r) => groupMetadata(ctx, r, true) },
  { pattern: /^\/group-invitation-metadata$/, methods: () => ["GET"], json: false, handler: (ctx, r) => invitationMetadata(ctx, r) },
  { pattern: /^\/redefine-invitation-link\/([^/]+)$/, methods: () => ["POST"], json: false, handler: (ctx, r) => redefineInvitationLink(ctx, r) },
  { pattern: /^\/accept-invite-group$/, methods: () => ["GET"], json: false, handler: (ctx, r) => acceptInvite(ctx, r) },
  { pattern: /^\/add-participant$/, methods: () => ["POST"], json: true, handler: (ctx, r) => participants(ctx, r, "add") },
  { pattern: /^\/remove-participant$/, methods: () => ["POST"], json: true, handler: (ctx, r) => participants(ctx, r, "remove") },
  { pattern: /^\/add-admin$/, methods: () => ["POST"], json: true, handler: (ctx, r) => participants(ctx, r, "promote") },
  { pattern: /^\/remove-admin$/, methods: () => ["POST"], json: true, handler: (ctx, r) => participants(ctx, r, "demote") },
  { pattern: /^\/approve-participant$/, methods: () => ["POST"], json: true, handler: (ctx, r) => participants(ctx, r, "approve") },
  { pattern: /^\/reject-participant$/, methods: () => ["POST"], json: true, handler: (ctx, r) => participants(ctx, r, "reject") },
  { pattern: /^\/update-group-name$/, methods: () => ["POST"], json: true, handler: (ctx, r) => updateGroupName(ctx, r) },
  { pattern: /^\/update-group-description$/, methods: () => ["POST"], json: true, handler: (ctx, r) => updateGroupDescription(ctx, r) },
  { pattern: /^\/update-group-photo$/, methods: () => ["POST"], json: true, handler: (ctx, r) => updateGroupPhoto(ctx, r) },
  { pattern: /^\/update-group-settings$/, methods: () => ["POST"], json: true, handler: (ctx, r) => updateGroupSettings(ctx, r) },
  { pattern: /^\/leave-group$/, methods: () => ["POST"], json: true, handler: (ctx, r) => leaveGroup(ctx, r) },
  // Communities (after /communities/link and /unlink, which the generic id route would shadow)
  { pattern: /^\/communities$/, methods: () => ["GET", "POST"], json: (method) => method === "POST", handler: (ctx, r) => communities(ctx, r) },
  { pattern: /^\/communities\/settings$/, methods: () => ["POST"], json: true, handler: (ctx, r) => communitySettings(ctx, r) },
  { pattern: /^\/communities-metadata\/([^/]+)$/, methods: () => ["GET"], json: false, handler: (ctx, r) => communityMetadata(ctx, r) },
  { pattern: /^\/update-community-description$/, methods: () => ["POST"], json: true, handler: (ctx, r) => updateCommunityDescription(ctx, r) },
  { pattern: /^\/update-community-photo$/, methods: () => ["POST"], json: true, handler: (ctx, r) => updateCommunityPhoto(ctx, r) },
  { pattern: /^\/communities\/([^/]+)$/, methods: () => ["DELETE"], json: false, handler: (ctx, r) => deactivateCommunity(ctx, r) },
  // Account settings
  { pattern: /^\/privacy\/group-add$/, methods: () => ["POST"], json: true, handler: (ctx, r) => privacyGroupAdd(ctx, r) },
  { pattern: /^\/update-webhook-received$/, methods: () => ["PUT"], json: true, handler: (ctx, r) => updateWebhookReceived(ctx, r) },
];

/** The instance's own settings kept by the gateway (not WhatsApp's): a fresh seed. */
export function zapiGateway() {
  return { webhooks: { received: null } };
}

/** The gateway settings as state() shows them. */
export function zapiGatewayView(gateway) {
  return { webhooks: { ...gateway.webhooks } };
}

/** The part of a Z-API path after /instances/{i}/token/{t} (no trailing slash), or null. */
export function zapiRoutePath(pathname) {
  const m = PREFIX.exec(pathname);
  if (!m) return null;
  const rest = m[3] ?? "";
  return rest.length > 1 && rest.endsWith("/") ? rest.slice(0, -1) : rest;
}

/**
 * Handles one Z-API request.
 * ctx: { world, config, credentials, sleep }; req: { method, pathname, query, headers, bodyText, tooLarge }.
 * Resolves to a response descriptor (see util.json).
 */
export async function handleZapi(ctx, req) {
  const m = PREFIX.exec(req.pathname);
  const suffix = zapiRoutePath(req.pathname);
  let route;
  let params;
  if (m && suffix) {
    for (const r of ROUTES) {
      const match = r.pattern.exec(suffix);
      if (match) {
        route = r;
        params = match.slice(1).map(decodeSegment);
        break;
      }
    }
  }
  // Unknown route: Express's wording, echoing the path (which holds the token).
  if (!route) return err(404, `Cannot ${req.method} ${req.pathname}`);

  const allowed = route.methods(ctx.config);
  if (!allowed.includes(req.method)) return err(405, "Method Not Allowed", { Allow: allowed.join(", ") });

  const creds = ctx.credentials;
  const instance = decodeSegment(m[1]);
  const token = decodeSegment(m[2]);
  if (instance !== creds.instance) return err(404, "Instance not found");
  if (!safeEqual(token, creds.token)) return err(401, "Invalid token");
  if (ctx.config.zapiClientTokenRequired) {
    const clientToken = req.headers["client-token"];
    if (clientToken === undefined || clientToken === "") return err(400, "null not allowed");
    // The body of a missing one is documented ("null not allowed"), no status is; a wrong
    // one is undocumented: the draft docs' tables give 401 for Client-Token problems.
    if (!safeEqual(clientToken, creds.clientToken)) return err(401, "Client-Token not allowed");
  }

  if (req.tooLarge) return err(413, `Payload Too Large (limit ${BODY_LIMIT} bytes)`);
  if (ctx.config.disconnected.zapi) return err(400, "You are not connected.");

  let body = {};
  // `json` is a boolean, or a function of the method for routes serving several methods.
  if (typeof route.json === "function" ? route.json(req.method) : route.json) {
    if (!isJsonContentType(req.headers["content-type"])) {
      return err(415, "Unsupported Media Type: Content-Type must be application/json");
    }
    const parsed = parseJsonObject(req.bodyText);
    if (!parsed.ok) {
      return err(400, parsed.problem === "malformed" ? "Invalid JSON body" : "Request body must be a JSON object");
    }
    body = parsed.value;
  }
  return route.handler(ctx, { ...req, params, body });
}

// ---- ids --------------------------------------------------------------------------

/**
 * Parses a Z-API group id into the canonical id, or null. Accepted: "<digits>-group",
 * old-style "<phone>-<unixtime>" (also with "-group"), and bare digits.
 */
export function parseZapiGroupId(text) {
  const m = /^(\d+(?:-\d+)?)(?:-group)?$/.exec(text);
  if (!m) return null;
  return m[1];
}

/** How Z-API writes a group id: new-style "<id>-group", old-style "<phone>-<time>" as is. */
export function zapiGroupPhone(id) {
  return id.includes("-") ? id : `${id}-group`;
}

const inviteLink = (code) => `https://chat.whatsapp.com/${code}`;

// ---- handlers ---------------------------------------------------------------------

async function createGroup(ctx, { body }) {
  const { autoInvite, groupName, phones } = body;
  if (autoInvite === undefined) return err(400, "autoInvite is required");
  if (typeof autoInvite !== "boolean") return err(400, "autoInvite must be a boolean");
  if (groupName === undefined || groupName === null) return err(400, "groupName is required");
  if (typeof groupName !== "string") return err(400, "groupName must be a string");
  if (phones === undefined || phones === null) return err(400, "phones is required");
  if (!isStringArray(phones)) return err(400, "phones must be an array of strings");
  if (phones.length === 0) return err(400, "phones must contain at least one participant");

  const candidates = [];
  for (const raw of phones) {
    if (/^\d+@lid$/.test(raw)) candidates.push({ raw, lid: true });
    else if (/^\d{7,15}$/.test(raw)) candidates.push({ raw, phone: raw });
    else return err(400, `Invalid phone: ${clip(raw)} (digits only, country code first, no mask)`);
  }

  try {
    const { group, notAdded } = ctx.world.createGroup({ name: groupName, candidates, autoInvite });
    return json(200, {
      phone: zapiGroupPhone(group.id),
      invitationLink: inviteLink(group.inviteCode),
      phonesNotAdded: notAdded,
    });
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    const messages = {
      NAME_REQUIRED: "groupName must not be empty",
      NAME_TOO_LONG: e.message.replace(/^name/, "groupName"),
      NO_PARTICIPANTS: "phones must contain at least one participant",
      BOT_AS_PARTICIPANT: "The connected number cannot be added to its own group",
    };
    return err(400, messages[e.code] ?? e.message);
  }
}

async function invitationLink(ctx, { params }) {
  const id = parseZapiGroupId(params[0]);
  if (id === null) return err(400, "Invalid groupId");
  const chat = ctx.world.memberChat(id); // a chat the bot left answers like an unknown one
  if (!chat) return err(404, "Group not found");
  if (!ctx.world.isBotAdmin(chat)) return err(403, Z_NOT_ADMIN);
  return json(200, { phone: zapiGroupPhone(chat.id), invitationLink: inviteLink(chat.inviteCode) });
}

async function linkOrUnlink(ctx, { body }, op) {
  const { communityId, groupsPhones } = body;
  if (communityId === undefined || communityId === null || communityId === "") {
    return err(400, "communityId is required");
  }
  if (typeof communityId !== "string") return err(400, "communityId must be a string");
  if (!/^\d+$/.test(communityId)) return err(400, "communityId must be the community id (digits only)");
  if (groupsPhones === undefined || groupsPhones === null) return err(400, "groupsPhones is required");
  if (!isStringArray(groupsPhones)) return err(400, "groupsPhones must be an array of strings");
  if (groupsPhones.length === 0) return err(400, "groupsPhones must contain at least one group");

  const world = ctx.world;
  if (!world.community(communityId)) return err(404, "Community not found");

  const failed = [];
  let done = 0;
  for (const phone of groupsPhones) {
    const id = parseZapiGroupId(phone);
    const result = id === null ? { ok: false, reason: "invalid group id" } : op === "link" ? world.linkGroup(communityId, id) : world.unlinkGroup(communityId, id);
    if (result.ok) done += 1;
    else failed.push({ phone, reason: result.reason });
  }

  if (failed.length === 0) return json(200, { success: true });
  // Partial / total failure: the shape is undocumented; this one is our choice.
  const verb = op === "link" ? "linked" : "unlinked";
  return json(200, {
    success: done > 0,
    message: `${done} of ${groupsPhones.length} groups ${verb}`,
    [op === "link" ? "notLinked" : "notUnlinked"]: failed,
  });
}

// ---- groups and communities beyond the seed operations ----------------------------------

// Z-API's error tables (docs, 2026-03) give 403 "Sem permissão" ("only admins may …") for
// promote, demote, remove, settings, descriptions, deactivate and links; no body is
// documented, so the texts are ours.
const Z_NOT_ADMIN = "Sem permissão: you are not an admin of this group";
const Z_NOT_SUPER_ADMIN = "Sem permissão: you are not a super admin of this group";
const Z_NOT_COMMUNITY_ADMIN = "Sem permissão: you are not an admin of this community";
const Z_NOT_SUPER_COMMUNITY_ADMIN = "Sem permissão: you are not a super admin of this community";
const Z_BAD_INVITE = "Invalid or revoked invitation link";

const isMissing = (v) => v === undefined || v === null || v === "";

/** A group id from a path segment → { chat } of a chat the bot belongs to, or { error }. */
function pathChat(ctx, segment) {
  const id = parseZapiGroupId(segment);
  if (id === null) return { error: err(400, "Invalid groupId") };
  const chat = ctx.world.memberChat(id);
  return chat ? { chat } : { error: err(404, "Group not found") };
}

/** A group id from a body field → { chat } or { error }. */
function bodyChat(ctx, body, field = "groupId") {
  const value = body[field];
  if (isMissing(value)) return { error: err(400, `${field} is required`) };
  if (typeof value !== "string") return { error: err(400, `${field} must be a string`) };
  return pathChat(ctx, value);
}

/** A community id from a body field or path (digits only) → { community } or { error }. */
function communityOf(ctx, value, field = "communityId") {
  if (isMissing(value)) return { error: err(400, `${field} is required`) };
  if (typeof value !== "string") return { error: err(400, `${field} must be a string`) };
  if (!/^\d+$/.test(value)) return { error: err(400, `${field} must be the community id (digits only)`) };
  const c = ctx.world.community(value);
  return c && ctx.world.botParticipant(c) ? { community: c } : { error: err(404, "Community not found") };
}

/** page / pageSize query parameters (1-based; defaults 1 and 100) → { page, pageSize } or { error }. */
function paging(query) {
  const out = { page: 1, pageSize: 100 };
  for (const key of ["page", "pageSize"]) {
    const raw = query.get(key);
    if (raw === null || raw === "") continue;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1_000_000) {
      return { error: err(400, `${key} must be a positive integer`) };
    }
    out[key] = Number(raw);
  }
  return out;
}

const pageOf = (items, { page, pageSize }) => items.slice((page - 1) * pageSize, page * pageSize);

/** phones[]: digits only (7–15), at least one; duplicates dropped → { phones } or { error }. */
function phonesOf(body) {
  const { phones } = body;
  if (phones === undefined || phones === null) return { error: err(400, "phones is required") };
  if (!isStringArray(phones)) return { error: err(400, "phones must be an array of strings") };
  if (phones.length === 0) return { error: err(400, "phones must contain at least one phone") };
  for (const raw of phones) {
    if (!/^\d{7,15}$/.test(raw)) return { error: err(400, `Invalid phone: ${clip(raw)} (digits only, country code first, no mask)`) };
  }
  return { phones: [...new Set(phones)] };
}

/** Maps a RuleError of the World to a Z-API answer; rethrows anything else. */
function zapiRuleError(e, names = {}) {
  if (!(e instanceof RuleError)) throw e;
  switch (e.code) {
    case "NOT_ADMIN":
      return err(403, e.message.includes("community") ? Z_NOT_COMMUNITY_ADMIN : Z_NOT_ADMIN);
    case "NOT_SUPER_ADMIN":
      return err(403, e.message.includes("community") ? Z_NOT_SUPER_COMMUNITY_ADMIN : Z_NOT_SUPER_ADMIN);
    case "NAME_REQUIRED":
      return err(400, `${names.name ?? "name"} must not be empty`);
    case "NAME_TOO_LONG":
      return err(400, e.message.replace(/^name/, names.name ?? "name"));
    case "DESCRIPTION_TOO_LONG":
      return err(400, e.message.replace(/^description/, names.description ?? "description"));
    case "INVITE_NOT_FOUND":
      return err(404, Z_BAD_INVITE);
    case "GROUP_FULL":
      return err(400, "Group is full");
    default:
      return err(400, e.message);
  }
}

/** A participant entry as Z-API writes it. */
const zapiParticipant = (p) => ({ phone: p.phone, isAdmin: p.isAdmin, isSuperAdmin: p.isSuperAdmin });

// GET /groups?page=&pageSize= : chat objects, most recent first.
async function listGroups(ctx, { query }) {
  const pg = paging(query);
  if (pg.error) return pg.error;
  const groups = ctx.world
    .memberGroups()
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
    .map((g) => ({
      isGroup: true,
      name: g.name,
      phone: zapiGroupPhone(g.id),
      unread: "0",
      lastMessageTime: String(g.createdAt),
      isMuted: "0",
      isMarkedSpam: "false",
      archived: "false",
      pinned: "false",
      muteEndTime: null,
      messagesUnread: "0",
    }));
  return json(200, pageOf(groups, pg));
}

// GET /group-metadata/{id} and /light-group-metadata/{id}
async function groupMetadata(ctx, { params }, light) {
  const { chat, error } = pathChat(ctx, params[0]);
  if (error) return error;
  const world = ctx.world;
  const admin = world.isBotAdmin(chat);
  return json(200, {
    phone: zapiGroupPhone(chat.id),
    description: chat.description,
    owner: chat.createdBy,
    subject: chat.name,
    creation: chat.createdAt,
    invitationLink: light || !admin ? null : inviteLink(chat.inviteCode),
    invitationLinkError: light || admin ? null : "not-authorized",
    communityId: chat.communityId,
    adminOnlyMessage: !chat.settings.membersCanSendMessages,
    adminOnlySettings: !chat.settings.membersCanEditInfo,
    requireAdminApproval: chat.settings.requireAdminApproval,
    isGroupAnnouncement: chat.isAnnouncement,
    participants: chat.participants.map(zapiParticipant),
    subjectTime: chat.subjectTime ?? chat.createdAt,
    subjectOwner: chat.subjectOwner ?? chat.createdBy,
  });
}

/** The invite code in ?url= → { code } or { error }. */
function inviteQuery(query) {
  const url = query.get("url");
  if (url === null || url.trim() === "") return { error: err(400, "url is required") };
  const code = inviteCodeFromText(url);
  if (code === null) return { error: err(400, "Invalid invitation url: expected https://chat.whatsapp.com/<code>") };
  return { code };
}

// GET /group-invitation-metadata?url= : works without being a member (invite preview).
async function invitationMetadata(ctx, { query }) {
  const { code, error } = inviteQuery(query);
  if (error) return error;
  const world = ctx.world;
  const chat = world.chatByInviteCode(code);
  if (!chat) return err(404, Z_BAD_INVITE);
  return json(200, {
    phone: zapiGroupPhone(chat.id),
    owner: chat.createdBy,
    subject: chat.name,
    description: chat.description,
    creation: chat.createdAt,
    invitationLink: inviteLink(chat.inviteCode),
    contactsCount: world.contactsCount(chat),
    participantsCount: chat.participants.length,
    participants: chat.participants.map(zapiParticipant),
    subjectTime: chat.subjectTime ?? chat.createdAt,
    subjectOwner: chat.subjectOwner ?? chat.createdBy,
  });
}

// POST /redefine-invitation-link/{id} (groups and communities) → {invitationLink}
async function redefineInvitationLink(ctx, { params }) {
  const { chat, error } = pathChat(ctx, params[0]);
  if (error) return error;
  try {
    return json(200, { invitationLink: inviteLink(ctx.world.resetInviteCode(chat)) });
  } catch (e) {
    return zapiRuleError(e);
  }
}

// GET /accept-invite-group?url= → {success: true}
async function acceptInvite(ctx, { query }) {
  const { code, error } = inviteQuery(query);
  if (error) return error;
  try {
    ctx.world.joinByCode(code); // with requireAdminApproval the bot is queued, same answer
    return json(200, { success: true });
  } catch (e) {
    return zapiRuleError(e);
  }
}

/** Participant actions that also take a `communityId` (docs: communities/add-community-participant …). */
const COMMUNITY_ACTIONS = ["add", "remove", "promote", "demote"];

// POST /add-participant, /remove-participant, /add-admin, /remove-admin,
//      /approve-participant, /reject-participant
// The first four take `groupId` or `communityId` (exactly one); a community's members and
// admins are those of its announcements group (World.updateCommunityParticipants).
async function participants(ctx, { body }, action) {
  const { autoInvite } = body;
  if (action === "add" && autoInvite !== undefined && autoInvite !== null && typeof autoInvite !== "boolean") {
    return err(400, "autoInvite must be a boolean");
  }
  const byCommunity = COMMUNITY_ACTIONS.includes(action) && !isMissing(body.communityId);
  if (COMMUNITY_ACTIONS.includes(action)) {
    if (byCommunity && !isMissing(body.groupId)) return err(400, "send either groupId or communityId, not both");
    if (!byCommunity && isMissing(body.groupId)) return err(400, "groupId or communityId is required");
  }
  const target = byCommunity ? communityOf(ctx, body.communityId) : bodyChat(ctx, body);
  const list = phonesOf(body);
  if (target.error && target.error.status === 400) return target.error;
  if (list.error) return list.error;
  if (target.error) return target.error;
  try {
    const options = { autoInvite: autoInvite === true };
    const results = byCommunity ? ctx.world.updateCommunityParticipants(target.community, action, list.phones, options) : ctx.world.updateParticipants(target.chat, action, list.phones, options);
    const failed = results.filter((r) => !r.ok).map((r) => ({ phone: r.phone, reason: r.reason }));
    // {value: false} with `failed` is our choice: Z-API documents only {value}.
    return json(200, failed.length === 0 ? { value: true } : { value: false, failed });
  } catch (e) {
    return zapiRuleError(e);
  }
}

/** Validates a required string body field → { value } or { error }. */
function stringField(body, field, { allowEmpty = false } = {}) {
  const v = body[field];
  if (v === undefined || v === null || (!allowEmpty && v === "")) return { error: err(400, `${field} is required`) };
  if (typeof v !== "string") return { error: err(400, `${field} must be a string`) };
  return { value: v };
}

// POST /update-group-name {groupId, groupName}
async function updateGroupName(ctx, { body }) {
  const target = bodyChat(ctx, body);
  if (target.error && target.error.status === 400) return target.error;
  const f = stringField(body, "groupName");
  if (f.error) return f.error;
  if (target.error) return target.error;
  try {
    ctx.world.updateInfo(target.chat, { name: f.value });
    return json(200, { value: true });
  } catch (e) {
    return zapiRuleError(e, { name: "groupName" });
  }
}

// POST /update-group-description {groupId, groupDescription} ("" clears it)
async function updateGroupDescription(ctx, { body }) {
  const target = bodyChat(ctx, body);
  if (target.error && target.error.status === 400) return target.error;
  const f = stringField(body, "groupDescription", { allowEmpty: true });
  if (f.error) return f.error;
  if (target.error) return target.error;
  try {
    ctx.world.updateInfo(target.chat, { description: f.value });
    return json(200, { value: true });
  } catch (e) {
    return zapiRuleError(e, { description: "groupDescription" });
  }
}

// POST /update-group-photo {groupId, groupPhoto: URL or base64}. Base64 only with its
// `data:image/…;base64,` prefix (docs: "Enviar imagem", groups/atualizar-foto).
async function updateGroupPhoto(ctx, { body }) {
  const target = bodyChat(ctx, body);
  if (target.error && target.error.status === 400) return target.error;
  const p = photoField(body, "groupPhoto");
  if (p.error) return p.error;
  const photo = p.photo;
  if (target.error) return target.error;
  try {
    ctx.world.updateInfo(target.chat, { photo });
    return json(200, { value: true });
  } catch (e) {
    return zapiRuleError(e);
  }
}

/** A required picture field: an http(s) URL or a data:image/…;base64, URL → { photo } or { error }. */
function photoField(body, field) {
  const f = stringField(body, field);
  if (f.error) return f;
  const photo = parsePhoto(f.value);
  if (!photo) return { error: err(400, `${field} must be an image URL (http/https) or base64`) };
  const bare = photo.source === "base64" && !/^\s*data:image\//.test(f.value);
  if (bare) return { error: err(400, `${field}: base64 needs the prefix data:image/png;base64, (or jpeg)`) };
  return { photo };
}

const ZAPI_SETTING_FIELDS = [
  ["adminOnlyMessage", "membersCanSendMessages"],
  ["adminOnlySettings", "membersCanEditInfo"],
  ["requireAdminApproval", null],
  ["adminOnlyAddMember", "membersCanAddOthers"],
];

// POST /update-group-settings {phone: <group id>, adminOnlyMessage, adminOnlySettings,
// requireAdminApproval, adminOnlyAddMember}: the group id travels in `phone` (Z-API quirk).
async function updateGroupSettings(ctx, { body }) {
  if (isMissing(body.phone) && !isMissing(body.groupId)) {
    return err(400, "phone is required: this endpoint takes the group id in `phone`, not `groupId`");
  }
  const target = bodyChat(ctx, body, "phone");
  if (target.error && target.error.status === 400) return target.error;
  const settings = {};
  for (const [field, key] of ZAPI_SETTING_FIELDS) {
    const v = body[field];
    if (v === undefined || v === null) return err(400, `${field} is required`);
    if (typeof v !== "boolean") return err(400, `${field} must be a boolean`);
    settings[key ?? field] = key ? !v : v;
  }
  if (target.error) return target.error;
  try {
    ctx.world.updateInfo(target.chat, { settings });
    return json(200, { value: true });
  } catch (e) {
    return zapiRuleError(e);
  }
}

// POST /leave-group {groupId} → {value: true}; not (or no longer) a member → 400 "Group not found" (the docs' table)
async function leaveGroup(ctx, { body }) {
  const target = bodyChat(ctx, body);
  // The docs' table gives 400 "Grupo não encontrado" for leaving a group one is not in.
  if (target.error?.status === 404) return err(400, "Group not found");
  if (target.error) return target.error;
  ctx.world.leave(target.chat);
  return json(200, { value: true });
}

const subGroupView = (g) => ({ name: g.name, phone: zapiGroupPhone(g.id), isGroupAnnouncement: g.isAnnouncement });

/** Announcements group first, then the ordinary subgroups, in link order. */
function subGroupsOf(world, communityId) {
  const ann = world.announcementsOf(communityId);
  return [...(ann ? [ann] : []), ...world.subgroupsOf(communityId)].map(subGroupView);
}

// GET /communities?page=&pageSize= → [{name, id}];  POST /communities {name, description?}
async function communities(ctx, req) {
  if (req.method === "GET") {
    const pg = paging(req.query);
    if (pg.error) return pg.error;
    return json(
      200,
      pageOf(
        ctx.world.memberCommunities().map((c) => ({ name: c.name, id: c.id })),
        pg,
      ),
    );
  }
  const { name, description } = req.body;
  if (name === undefined || name === null) return err(400, "name is required");
  if (typeof name !== "string") return err(400, "name must be a string");
  if (description !== undefined && description !== null && typeof description !== "string") {
    return err(400, "description must be a string");
  }
  try {
    const { community, announcements } = ctx.world.createCommunity({ name, description: description ?? "" });
    return json(200, { id: community.id, subGroups: [subGroupView(announcements)] });
  } catch (e) {
    return zapiRuleError(e);
  }
}

// GET /communities-metadata/{id} → {name, id, description, subGroups[]}
async function communityMetadata(ctx, { params }) {
  const { community, error } = communityOf(ctx, params[0]);
  if (error) return error;
  return json(200, {
    name: community.name,
    id: community.id,
    description: community.description,
    subGroups: subGroupsOf(ctx.world, community.id),
  });
}

// POST /communities/settings {communityId, whoCanAddNewGroups: "admins" | "all"} → {success: true}
async function communitySettings(ctx, { body }) {
  const target = communityOf(ctx, body.communityId);
  if (target.error && target.error.status === 400) return target.error;
  const { whoCanAddNewGroups: who } = body;
  if (isMissing(who)) return err(400, "whoCanAddNewGroups is required");
  if (who !== "admins" && who !== "all") return err(400, 'whoCanAddNewGroups must be "admins" or "all"');
  if (target.error) return target.error;
  try {
    ctx.world.setWhoCanAddGroups(target.community, who);
    return json(200, { success: true });
  } catch (e) {
    return zapiRuleError(e);
  }
}

// POST /update-community-description {communityId, communityDescription} → {value: true}
async function updateCommunityDescription(ctx, { body }) {
  const target = communityOf(ctx, body.communityId);
  if (target.error && target.error.status === 400) return target.error;
  const f = stringField(body, "communityDescription", { allowEmpty: true });
  if (f.error) return f.error;
  if (target.error) return target.error;
  try {
    ctx.world.setCommunityDescription(target.community, f.value);
    return json(200, { value: true });
  } catch (e) {
    return zapiRuleError(e, { description: "communityDescription" });
  }
}

// POST /update-community-photo {communityId, communityPhoto: URL or base64} → {value: true}
// (docs: communities/update-community-photo; base64 as for /update-group-photo).
async function updateCommunityPhoto(ctx, { body }) {
  const target = communityOf(ctx, body.communityId);
  if (target.error && target.error.status === 400) return target.error;
  const p = photoField(body, "communityPhoto");
  if (p.error) return p.error;
  if (target.error) return target.error;
  try {
    ctx.world.setCommunityPhoto(target.community, p.photo);
    return json(200, { value: true });
  } catch (e) {
    return zapiRuleError(e);
  }
}

// DELETE /communities/{id} → {value: true} (body undocumented; our choice)
async function deactivateCommunity(ctx, { params }) {
  const { community, error } = communityOf(ctx, params[0]);
  if (error) return error;
  try {
    ctx.world.deactivateCommunity(community);
    // "A resposta de sucesso não retorna um corpo JSON" (docs, communities/desativar).
    return { status: 200, headers: {}, body: "" };
  } catch (e) {
    return zapiRuleError(e);
  }
}

// ---- account settings ---------------------------------------------------------------

// POST /privacy/group-add {type: ALL | CONTACTS | CONTACT_BLACKLIST, contactsBlacklist?:
// [{action: add | remove, phone}]} → {success: true} (docs: privacy/set-group-add). The
// list carries changes only; it may be sent only with CONTACT_BLACKLIST (our choice).
async function privacyGroupAdd(ctx, { body }) {
  const { type, contactsBlacklist: list } = body;
  if (isMissing(type)) return err(400, "type is required");
  if (!GROUP_ADD_TYPES.includes(type)) return err(400, `type must be one of: ${GROUP_ADD_TYPES.join(", ")}`);
  const changes = [];
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) return err(400, "contactsBlacklist must be an array of {action, phone}");
    for (const [i, item] of list.entries()) {
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        return err(400, `contactsBlacklist[${i}] must be an object {action, phone}`);
      }
      if (item.action !== "add" && item.action !== "remove") return err(400, `contactsBlacklist[${i}].action must be "add" or "remove"`);
      if (typeof item.phone !== "string" || !/^\d{7,15}$/.test(item.phone)) {
        return err(400, `contactsBlacklist[${i}].phone: Invalid phone: ${clip(item.phone ?? null)} (digits only, country code first, no mask)`);
      }
      changes.push({ action: item.action, phone: item.phone });
    }
  }
  try {
    ctx.world.setGroupAddPrivacy(type, changes);
    return json(200, { success: true });
  } catch (e) {
    return zapiRuleError(e);
  }
}

const Z_HTTPS_ONLY = "Z-API does not accept webhooks that aren't HTTPS";

// PUT /update-webhook-received {value: <https URL>} → {value: true} (docs:
// webhooks/webhooksConf/update-webhook-receive: "O Z-API não aceita webhooks que não sejam HTTPS").
async function updateWebhookReceived(ctx, { body }) {
  const f = stringField(body, "value");
  if (f.error) return f.error;
  const text = f.value.trim();
  let url;
  try {
    url = new URL(text);
  } catch {
    return err(400, `value must be a URL: ${Z_HTTPS_ONLY}`);
  }
  if (url.protocol !== "https:") return err(400, Z_HTTPS_ONLY);
  if (!/^https:\/\/[^/\s]/i.test(text)) return err(400, `value must be a URL: ${Z_HTTPS_ONLY}`);
  ctx.gateway.webhooks.received = text;
  return json(200, { value: true });
}
