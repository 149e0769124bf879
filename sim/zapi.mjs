// Z-API front-end: paths under /instances/{instance}/token/{token}, header Client-Token,
// errors as {"error": "..."}. Turns HTTP into World calls and back.
//
// Order of checks (our choice; Z-API documents none):
//   route (404 "Cannot METHOD path", like Express) → method (405) → instance (404) →
//   token (401) → Client-Token (400/403) → body size (413) → disconnected (400) →
//   Content-Type (415, JSON routes) → JSON body (400) → the route's own validation.

import { RuleError } from "./state.mjs";
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
];

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
    if (!safeEqual(clientToken, creds.clientToken)) return err(403, "Client-Token not allowed");
  }

  if (req.tooLarge) return err(413, `Payload Too Large (limit ${BODY_LIMIT} bytes)`);
  if (ctx.config.disconnected.zapi) return err(400, "You are not connected.");

  let body = {};
  if (route.json) {
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
  const chat = ctx.world.chat(id);
  if (!chat) return err(404, "Group not found");
  if (!ctx.world.isBotAdmin(chat)) return err(400, "You are not an admin of this group");
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
    const result =
      id === null
        ? { ok: false, reason: "invalid group id" }
        : op === "link"
          ? world.linkGroup(communityId, id)
          : world.unlinkGroup(communityId, id);
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
