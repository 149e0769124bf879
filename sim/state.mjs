// WhatsApp-side state and rules, shared by both provider front-ends.
//
// One World is one connected WhatsApp account (one provider instance). It knows nothing
// about HTTP or either provider's wire format: front-ends parse ids and bodies, call the
// methods below, and turn RuleErrors / per-group reasons into their own answers.
//
// Ids are kept canonical: the user part of the group JID, i.e. "120363400000000002" for
// new-style groups and "5511900000000-1623281429" for old-style ones. Communities are
// chats too (kind "community"), with the same kind of id.

import { createHash } from "node:crypto";

/** The connected (bot) number of every simulated instance. */
export const BOT_PHONE = "5511900000000";
/** Ordinary subgroups per community (the announcements group does not count). */
export const MAX_SUBGROUPS = 50;
/** Longest group name accepted, in Unicode code points. */
export const MAX_SUBJECT = 100;
/** Longest group description accepted, in Unicode code points. */
export const MAX_DESCRIPTION = 2048;
/** Most members a group can have (the bot included). */
export const MAX_MEMBERS = 1024;

/** Ids of groups created through the API: 120363500000000001, 120363500000000002, … */
const NEW_ID_BASE = 120363500000000000n;
/** Creation time of the n-th created group: this instant + n minutes (deterministic). */
const CREATED_EPOCH_MS = Date.UTC(2025, 0, 1, 12, 0, 0);

/** Reasons given for a group that could not be linked or unlinked (both providers). */
export const REASONS = Object.freeze({
  notFound: "group not found",
  isCommunity: "a community cannot be linked as a subgroup",
  announcementsLink: "the announcements group cannot be linked",
  announcementsUnlink: "the announcements group cannot be unlinked",
  otherCommunity: "group already belongs to another community",
  notAdmin: "not an admin of this group",
  notCommunityAdmin: "not an admin of the community",
  communityFull: `community already has ${MAX_SUBGROUPS} subgroups`,
  notInCommunity: "group is not linked to this community",
  lastGroup: "a community must keep at least one group",
});

/** Reasons given for a participant that an add/remove/promote/demote/approve/reject skipped. */
export const PARTICIPANT_REASONS = Object.freeze({
  alreadyMember: "already a participant",
  notMember: "not a participant",
  privacy: "privacy settings do not allow adding this number",
  privacyInvited: "privacy settings do not allow adding this number; a private invite was sent",
  full: `group is full (${MAX_MEMBERS} members)`,
  noRequest: "no pending join request",
  creatorRemove: "the group creator cannot be removed",
  creatorDemote: "the group creator cannot be demoted",
  selfRemove: "the connected number cannot remove itself (leave the group instead)",
  unknownLid: "unknown participant lid",
});

/** Who may add the account to groups (WhatsApp privacy setting "Groups"). */
export const GROUP_ADD_TYPES = Object.freeze(["ALL", "CONTACTS", "CONTACT_BLACKLIST"]);

/** Actions of updateParticipants, and whether each needs the bot to be super admin. */
export const PARTICIPANT_ACTIONS = Object.freeze(["add", "remove", "promote", "demote", "approve", "reject"]);

/** A broken WhatsApp rule; `code` is stable, front-ends map it to their own answer. */
export class RuleError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "RuleError";
    this.code = code;
  }
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Deterministic 22-character invite code for a chat id (generation: for a future "reset link"). */
export function inviteCodeFor(id, generation = 0) {
  const digest = createHash("sha256").update(`wa-groups-sim:invite:${id}:${generation}`).digest();
  let code = "";
  for (let i = 0; i < 22; i++) code += ALNUM[digest[i] % ALNUM.length];
  return code;
}

/** True when a phone's digits end in 0000: simulates a privacy setting that blocks adding. */
export function blocksBeingAdded(phone) {
  return phone.endsWith("0000");
}

/**
 * Reads an invite code from an invite link (https://chat.whatsapp.com/<code>, optional
 * trailing "/") or a bare code (alphanumerics). Returns the code or null.
 */
export function inviteCodeFromText(text) {
  if (typeof text !== "string") return null;
  const m = /^https:\/\/chat\.whatsapp\.com\/([A-Za-z0-9]+)\/?$/.exec(text.trim());
  if (m) return m[1];
  return /^[A-Za-z0-9]+$/.test(text.trim()) ? text.trim() : null;
}

/**
 * A group picture given as an http(s) URL, a data URL (data:image/...;base64,...) or bare
 * base64. Returns { source: "url" | "base64", hash } (hash: 16 hex digits of the SHA-256 of
 * the text) or null when the text is none of these. Nothing is fetched or decoded.
 */
export function parsePhoto(text) {
  if (typeof text !== "string") return null;
  const t = text.trim();
  const hash = () => createHash("sha256").update(t).digest("hex").slice(0, 16);
  if (/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(t)) return { source: "url", hash: hash() };
  const data = /^data:image\/[A-Za-z0-9.+-]+;base64,(.+)$/s.exec(t);
  const b64 = (data ? data[1] : t).replace(/\s+/g, "");
  if (b64.length >= 16 && b64.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { source: "base64", hash: hash() };
  return null;
}

const DEFAULT_SETTINGS = Object.freeze({
  membersCanEditInfo: true,
  membersCanSendMessages: true,
  membersCanAddOthers: false,
  requireAdminApproval: false,
});

const member = (phone) => ({ phone, isAdmin: false, isSuperAdmin: false });
const admin = (phone) => ({ phone, isAdmin: true, isSuperAdmin: false });
const superAdmin = (phone) => ({ phone, isAdmin: true, isSuperAdmin: true });
const bot = () => superAdmin(BOT_PHONE);

/** A chat as WhatsApp starts one: an ordinary group, the bot its super admin, nothing pending. */
const newChat = (id, createdAt, fields) => ({
  id,
  kind: "group",
  description: "",
  communityId: null,
  isAnnouncement: false,
  createdBy: BOT_PHONE,
  createdAt,
  settings: { ...DEFAULT_SETTINGS },
  participants: [bot()],
  pendingInvites: [],
  pendingRequests: [],
  requestInfo: {},
  photo: null,
  inviteGeneration: 0,
  inviteCode: inviteCodeFor(id),
  ...fields,
});

/** WhatsApp's limits on a subject; throws RuleError NAME_REQUIRED / NAME_TOO_LONG. */
function checkName(name) {
  if (typeof name !== "string" || name.trim() === "") throw new RuleError("NAME_REQUIRED", "name is required");
  if ([...name].length > MAX_SUBJECT) throw new RuleError("NAME_TOO_LONG", `name must be at most ${MAX_SUBJECT} characters`);
}

/** Throws RuleError DESCRIPTION_TOO_LONG. */
function checkDescription(description) {
  if ([...description].length > MAX_DESCRIPTION) {
    throw new RuleError("DESCRIPTION_TOO_LONG", `description must be at most ${MAX_DESCRIPTION} characters`);
  }
}

/** The seed every World starts from (and reset restores). */
function seedChats() {
  const at = (y, m, d) => Date.UTC(y, m - 1, d, 12, 0, 0);
  const chat = (fields) => ({
    kind: "group",
    description: "",
    communityId: null,
    isAnnouncement: false,
    createdBy: BOT_PHONE,
    settings: { ...DEFAULT_SETTINGS },
    pendingInvites: [],
    pendingRequests: [],
    requestInfo: {},
    photo: null,
    inviteGeneration: 0,
    ...fields,
  });
  return [
    chat({
      id: "120363400000000001",
      kind: "community",
      name: "Escola Central",
      description: "Comunidade da Escola Central",
      participants: [bot()],
      createdAt: at(2024, 2, 1),
    }),
    chat({
      id: "120363400000000002",
      name: "Avisos",
      communityId: "120363400000000001",
      isAnnouncement: true,
      participants: [bot(), member("5511987650001"), member("5511987650002"), member("5511987650003")],
      settings: { ...DEFAULT_SETTINGS, membersCanEditInfo: false, membersCanSendMessages: false },
      createdAt: at(2024, 2, 1),
    }),
    chat({
      id: "120363400000000003",
      name: "Turma A",
      communityId: "120363400000000001",
      participants: [bot(), admin("5511987650001"), member("5511987650002"), member("5511987650003")],
      createdAt: at(2024, 2, 2),
    }),
    chat({
      id: "120363400000000004",
      name: "Turma B",
      participants: [bot(), member("5511987650011"), member("5511987650012")],
      createdAt: at(2024, 2, 3),
    }),
    chat({
      id: "120363400000000005",
      name: "Turma C",
      participants: [bot(), member("5511987650021"), member("5511987650022")],
      createdAt: at(2024, 2, 4),
      // Joining needs an admin's approval; two join requests are waiting.
      settings: { ...DEFAULT_SETTINGS, requireAdminApproval: true },
      pendingRequests: ["5511955551111", "5511955552222"],
      // When each asked, and whether the requester hides their phone number (WhatsApp's
      // phone-number privacy: only the LID is shared with the group's admins).
      requestInfo: {
        5511955551111: { requestedAt: Date.UTC(2026, 3, 20, 14, 0, 0), phoneHidden: false },
        5511955552222: { requestedAt: Date.UTC(2026, 3, 21, 9, 30, 0), phoneHidden: true },
      },
    }),
    chat({
      id: "120363400000000006",
      name: "Turma D",
      participants: [bot(), member("5511987650031")],
      createdAt: at(2024, 2, 5),
    }),
    chat({
      id: "5511900000000-1623281429",
      name: "Pais e Mestres",
      participants: [bot(), member("5511987650041"), member("5511987650042")],
      createdAt: 1623281429000,
    }),
    chat({
      id: "120363400000000010",
      kind: "community",
      name: "Clube",
      description: "Comunidade do Clube",
      participants: [bot()],
      createdAt: at(2024, 3, 1),
    }),
    chat({
      id: "120363400000000011",
      name: "Avisos do Clube",
      communityId: "120363400000000010",
      isAnnouncement: true,
      participants: [bot(), member("5511987650051"), member("5511987650052")],
      settings: { ...DEFAULT_SETTINGS, membersCanEditInfo: false, membersCanSendMessages: false },
      createdAt: at(2024, 3, 1),
    }),
    chat({
      id: "120363400000000012",
      name: "Futebol",
      communityId: "120363400000000010",
      participants: [bot(), member("5511987650051"), member("5511987650052")],
      createdAt: at(2024, 3, 2),
    }),
    chat({
      id: "120363400000000020",
      name: "Grupo Externo",
      createdBy: "5511987659999",
      participants: [superAdmin("5511987659999"), admin("5511987659998"), member(BOT_PHONE)],
      // Only admins may edit the group info here, so the bot (a plain member) may not.
      settings: { ...DEFAULT_SETTINGS, membersCanEditInfo: false },
      createdAt: at(2024, 4, 1),
    }),
  ].map((c) => ({
    ...c,
    inviteCode: inviteCodeFor(c.id),
    ...(c.kind === "community" ? { whoCanAddNewGroups: "admins" } : {}),
  }));
}

export class World {
  constructor() {
    /** @type {Map<string, object>} canonical id → chat (groups and communities) */
    this.chats = new Map(seedChats().map((c) => [c.id, c]));
    this.createdCount = 0;
    /** Creates processed (the chat was made), by requested name: { groups, communities }. */
    this.creates = { groups: new Map(), communities: new Map() };
    /** The account's privacy settings (only "who can add me to groups" is simulated). */
    this.privacy = { groupAdd: { type: "ALL", blacklist: [] } };
  }

  /** Counts one processed create of `what` ("groups" | "communities") named `name`. */
  countCreate(what, name) {
    const m = this.creates[what];
    m.set(name, (m.get(name) ?? 0) + 1);
  }

  /** The create counters as plain objects: { groups: {name: n}, communities: {name: n} }. */
  createStats() {
    return { groups: Object.fromEntries(this.creates.groups), communities: Object.fromEntries(this.creates.communities) };
  }

  // ---- lookups -------------------------------------------------------------------

  /** Any chat (group or community) by canonical id, or undefined. */
  chat(id) {
    return this.chats.get(id);
  }

  /** A community by canonical id, or undefined. */
  community(id) {
    const c = this.chats.get(id);
    return c && c.kind === "community" ? c : undefined;
  }

  /** A chat by its current invite code, or undefined. */
  chatByInviteCode(code) {
    for (const c of this.chats.values()) if (c.inviteCode === code) return c;
    return undefined;
  }

  botParticipant(chat) {
    return chat.participants.find((p) => p.phone === BOT_PHONE);
  }

  isBotAdmin(chat) {
    const p = this.botParticipant(chat);
    return Boolean(p && (p.isAdmin || p.isSuperAdmin));
  }

  /** The announcements group of a community, or undefined. */
  announcementsOf(communityId) {
    for (const c of this.chats.values()) if (c.communityId === communityId && c.isAnnouncement) return c;
    return undefined;
  }

  /** Ordinary (non-announcement) subgroups of a community, in creation order. */
  subgroupsOf(communityId) {
    return [...this.chats.values()].filter((c) => c.communityId === communityId && !c.isAnnouncement);
  }

  // ---- operations ----------------------------------------------------------------

  /**
   * Creates a group. `candidates` are the parsed participants, in request order:
   * { raw: <as given>, phone: "<digits>" } or { raw, lid: true }.
   * Returns { group, notAdded: [raw, …] }. Throws RuleError:
   *   NO_PARTICIPANTS, BOT_AS_PARTICIPANT, NAME_REQUIRED, NAME_TOO_LONG,
   *   COMMUNITY_NOT_FOUND, COMMUNITY_FULL.
   */
  createGroup({ name, candidates, description = "", settings = {}, communityId = null, autoInvite = false }) {
    checkName(name);
    if (!candidates.length) throw new RuleError("NO_PARTICIPANTS", "at least one participant is required");
    if (candidates.some((c) => c.phone === BOT_PHONE)) {
      throw new RuleError("BOT_AS_PARTICIPANT", "the connected number cannot be a participant of its own group");
    }
    if (communityId !== null) {
      if (!this.community(communityId)) throw new RuleError("COMMUNITY_NOT_FOUND", "Community not found");
      if (this.subgroupsOf(communityId).length >= MAX_SUBGROUPS) {
        throw new RuleError("COMMUNITY_FULL", REASONS.communityFull);
      }
    }

    const participants = [bot()];
    const notAdded = [];
    const seen = new Set();
    for (const c of candidates) {
      if (seen.has(c.raw)) continue; // duplicates are ignored
      seen.add(c.raw);
      if (c.lid || blocksBeingAdded(c.phone)) notAdded.push(c.raw);
      else if (participants.some((p) => p.phone === c.phone)) continue;
      else if (participants.length >= MAX_MEMBERS)
        notAdded.push(c.raw); // group full
      else participants.push(member(c.phone));
    }

    const { id, createdAt } = this.allocate();
    const group = newChat(id, createdAt, {
      name,
      description,
      communityId,
      settings: { ...DEFAULT_SETTINGS, ...settings },
      participants,
      // With autoInvite the not-added phones get a private invite (WhatsApp-side only).
      pendingInvites: autoInvite ? notAdded.filter((raw) => /^\d+$/.test(raw)) : [],
    });
    this.chats.set(id, group);
    this.countCreate("groups", name);
    return { group, notAdded };
  }

  /**
   * Links one group (canonical id) to a community that exists.
   * Returns { ok: true } or { ok: false, reason } (a REASONS value). Idempotent for a group
   * already in this community.
   */
  linkGroup(communityId, groupId) {
    const community = this.community(communityId);
    const g = this.chats.get(groupId);
    if (!g) return { ok: false, reason: REASONS.notFound };
    if (g.kind === "community") return { ok: false, reason: REASONS.isCommunity };
    if (g.isAnnouncement) return { ok: false, reason: REASONS.announcementsLink };
    if (g.communityId === communityId) return { ok: true };
    if (g.communityId !== null) return { ok: false, reason: REASONS.otherCommunity };
    // "all" (POST /communities/settings) lets any member of the community add groups.
    const mayAdd = this.isBotAdmin(community) || (community.whoCanAddNewGroups === "all" && this.botParticipant(community));
    if (!mayAdd) return { ok: false, reason: REASONS.notCommunityAdmin };
    if (!this.isBotAdmin(g)) return { ok: false, reason: REASONS.notAdmin };
    if (this.subgroupsOf(communityId).length >= MAX_SUBGROUPS) return { ok: false, reason: REASONS.communityFull };
    g.communityId = communityId;
    return { ok: true };
  }

  /**
   * Unlinks one group from a community that exists. Returns { ok } or { ok: false, reason }.
   * The announcements group can't be unlinked; the last ordinary group is kept.
   */
  unlinkGroup(communityId, groupId) {
    const g = this.chats.get(groupId);
    if (!g) return { ok: false, reason: REASONS.notFound };
    if (g.communityId !== communityId) return { ok: false, reason: REASONS.notInCommunity };
    if (g.isAnnouncement) return { ok: false, reason: REASONS.announcementsUnlink };
    if (this.subgroupsOf(communityId).length <= 1) return { ok: false, reason: REASONS.lastGroup };
    g.communityId = null;
    return { ok: true };
  }

  // ---- ids ------------------------------------------------------------------------

  /** Next id from the per-World counter, with its deterministic creation time. */
  allocate() {
    this.createdCount += 1;
    return {
      id: (NEW_ID_BASE + BigInt(this.createdCount)).toString(),
      createdAt: CREATED_EPOCH_MS + (this.createdCount - 1) * 60_000,
    };
  }

  // ---- membership ----------------------------------------------------------------

  /** A chat (group or community) the bot is a member of, by canonical id, or undefined. */
  memberChat(id) {
    const c = this.chats.get(id);
    return c && this.botParticipant(c) ? c : undefined;
  }

  /** True when the bot is the super admin (creator) of a chat. */
  isBotSuperAdmin(chat) {
    const p = this.botParticipant(chat);
    return Boolean(p && p.isSuperAdmin);
  }

  /** Ordinary and announcements groups the bot belongs to (no community parents), in creation order. */
  memberGroups() {
    return [...this.chats.values()].filter((c) => c.kind === "group" && this.botParticipant(c));
  }

  /** Communities the bot belongs to, in creation order. */
  memberCommunities() {
    return [...this.chats.values()].filter((c) => c.kind === "community" && this.botParticipant(c));
  }

  /** Participants of `chat` (not the bot) who are also in another chat the bot belongs to. */
  contactsCount(chat) {
    const known = new Set();
    for (const c of this.chats.values()) {
      if (c === chat || !this.botParticipant(c)) continue;
      for (const p of c.participants) known.add(p.phone);
    }
    return chat.participants.filter((p) => p.phone !== BOT_PHONE && known.has(p.phone)).length;
  }

  // ---- invitations, join, leave --------------------------------------------------

  /**
   * Revokes a chat's invite code and issues the next one (deterministic: the generation is
   * mixed into the hash). The old code stops working at once. Throws RuleError NOT_ADMIN.
   */
  resetInviteCode(chat) {
    if (!this.isBotAdmin(chat)) throw new RuleError("NOT_ADMIN", "not an admin of this group");
    chat.inviteGeneration = (chat.inviteGeneration ?? 0) + 1;
    chat.inviteCode = inviteCodeFor(chat.id, chat.inviteGeneration);
    return chat.inviteCode;
  }

  /**
   * The bot follows an invite code. Returns { chat, outcome: "joined" | "already-member" |
   * "requested" } ("requested": the chat requires admin approval, the bot is queued).
   * Throws RuleError INVITE_NOT_FOUND (unknown or revoked code), GROUP_FULL.
   */
  joinByCode(code) {
    const chat = this.chatByInviteCode(code);
    if (!chat) throw new RuleError("INVITE_NOT_FOUND", "invalid or revoked invite code");
    if (this.botParticipant(chat)) return { chat, outcome: "already-member" };
    if (chat.settings.requireAdminApproval) {
      chat.pendingRequests ??= [];
      if (!chat.pendingRequests.includes(BOT_PHONE)) {
        chat.pendingRequests.push(BOT_PHONE);
        chat.requestInfo ??= {};
        chat.requestInfo[BOT_PHONE] = { requestedAt: Math.floor(Date.now() / 1000) * 1000, phoneHidden: false };
      }
      return { chat, outcome: "requested" };
    }
    if (chat.participants.length >= MAX_MEMBERS) throw new RuleError("GROUP_FULL", PARTICIPANT_REASONS.full);
    chat.participants.push(member(BOT_PHONE));
    return { chat, outcome: "joined" };
  }

  /**
   * The bot leaves a chat it belongs to (the chat itself stays). When the bot was the last
   * admin, the first remaining participant becomes admin, as WhatsApp does.
   */
  leave(chat) {
    const me = this.botParticipant(chat);
    if (!me) throw new RuleError("NOT_MEMBER", "not a member of this group");
    chat.participants = chat.participants.filter((p) => p.phone !== BOT_PHONE);
    if (me.isAdmin && chat.participants.length > 0 && !chat.participants.some((p) => p.isAdmin)) {
      chat.participants[0].isAdmin = true;
    }
  }

  // ---- participants --------------------------------------------------------------

  /**
   * Applies one action to each phone (digits, already deduplicated by the caller) of a chat
   * the bot belongs to. add/remove/approve/reject need the bot to be admin, promote/demote
   * super admin (creator): otherwise throws RuleError NOT_ADMIN / NOT_SUPER_ADMIN before
   * touching anything. Returns [{ phone, ok, reason? }] in request order (PARTICIPANT_REASONS).
   * `autoInvite` (add only): a privacy-blocked number gets a private invite (pendingInvites).
   */
  updateParticipants(chat, action, phones, { autoInvite = false } = {}) {
    if (!PARTICIPANT_ACTIONS.includes(action)) throw new RuleError("BAD_ACTION", `unknown action: ${action}`);
    if (action === "promote" || action === "demote") {
      if (!this.isBotSuperAdmin(chat)) throw new RuleError("NOT_SUPER_ADMIN", "not a super admin of this group");
    } else if (!this.isBotAdmin(chat)) {
      throw new RuleError("NOT_ADMIN", "not an admin of this group");
    }
    chat.pendingRequests ??= [];
    const R = PARTICIPANT_REASONS;
    const find = (phone) => chat.participants.find((p) => p.phone === phone);
    const failed = (phone, reason) => ({ phone, ok: false, reason });
    return phones.map((phone) => {
      const p = find(phone);
      switch (action) {
        case "add":
          if (p) return failed(phone, R.alreadyMember);
          if (chat.participants.length >= MAX_MEMBERS) return failed(phone, R.full);
          if (blocksBeingAdded(phone)) {
            if (!autoInvite) return failed(phone, R.privacy);
            if (!chat.pendingInvites.includes(phone)) chat.pendingInvites.push(phone);
            return failed(phone, R.privacyInvited);
          }
          chat.participants.push(member(phone));
          chat.pendingRequests = chat.pendingRequests.filter((x) => x !== phone);
          chat.pendingInvites = chat.pendingInvites.filter((x) => x !== phone);
          return { phone, ok: true };
        case "remove":
          if (!p) return failed(phone, R.notMember);
          if (phone === BOT_PHONE) return failed(phone, R.selfRemove);
          if (p.isSuperAdmin) return failed(phone, R.creatorRemove);
          chat.participants = chat.participants.filter((x) => x !== p);
          return { phone, ok: true };
        case "promote":
          if (!p) return failed(phone, R.notMember);
          p.isAdmin = true; // promoting an admin again is a no-op success
          return { phone, ok: true };
        case "demote":
          if (!p) return failed(phone, R.notMember);
          if (p.isSuperAdmin) return failed(phone, R.creatorDemote);
          p.isAdmin = false;
          return { phone, ok: true };
        case "approve":
          if (!chat.pendingRequests.includes(phone)) return failed(phone, R.noRequest);
          if (!p && chat.participants.length >= MAX_MEMBERS) return failed(phone, R.full);
          chat.pendingRequests = chat.pendingRequests.filter((x) => x !== phone);
          if (!p) chat.participants.push(member(phone));
          return { phone, ok: true };
        case "reject":
          if (!chat.pendingRequests.includes(phone)) return failed(phone, R.noRequest);
          chat.pendingRequests = chat.pendingRequests.filter((x) => x !== phone);
          return { phone, ok: true };
        default:
          throw new Error("unreachable");
      }
    });
  }

  /** Phones the chat knows about (participants, join requests, invites), for resolving LIDs. */
  knownPhones(chat) {
    return [...new Set([...chat.participants.map((p) => p.phone), ...(chat.pendingRequests ?? []), ...chat.pendingInvites])];
  }

  /**
   * The pending join requests of a chat, oldest first as queued: [{ phone, requestedAt (ms),
   * phoneHidden }]. phoneHidden: the requester shares only their LID (phone-number privacy).
   * Reading them needs the bot to be admin: throws RuleError NOT_ADMIN.
   */
  joinRequests(chat) {
    if (!this.isBotAdmin(chat)) throw new RuleError("NOT_ADMIN", "not an admin of this group");
    return this.requestDetails(chat);
  }

  /** joinRequests without the admin check (for state()). */
  requestDetails(chat) {
    return (chat.pendingRequests ?? []).map((phone) => {
      const info = chat.requestInfo?.[phone];
      return { phone, requestedAt: info?.requestedAt ?? chat.createdAt, phoneHidden: info?.phoneHidden ?? false };
    });
  }

  /**
   * add / remove / promote / demote on a community (the bot a member of it). A community's
   * members and admins are those of its announcements group, so the action is applied
   * there, with the group rules. The bot needs the same rights in the community (the
   * parent) as the action needs in a group: throws RuleError NOT_ADMIN / NOT_SUPER_ADMIN
   * ("… of this community") before touching anything, also when it lacks them in the
   * announcements group. Returns updateParticipants' results.
   */
  updateCommunityParticipants(community, action, phones, options = {}) {
    if (!["add", "remove", "promote", "demote"].includes(action)) throw new RuleError("BAD_ACTION", `unknown action: ${action}`);
    const ann = this.announcementsOf(community.id);
    const superOnly = action === "promote" || action === "demote";
    const allowed = (chat) => (superOnly ? this.isBotSuperAdmin(chat) : this.isBotAdmin(chat));
    if (!allowed(community) || !ann || !allowed(ann)) {
      throw superOnly ? new RuleError("NOT_SUPER_ADMIN", "not a super admin of this community") : new RuleError("NOT_ADMIN", "not an admin of this community");
    }
    return this.updateParticipants(ann, action, phones, options);
  }

  // ---- group info and settings ---------------------------------------------------

  /**
   * Updates a chat the bot belongs to, all or nothing. changes: { name?, description?,
   * photo? (a parsePhoto result, or null to remove), settings? (partial DEFAULT_SETTINGS keys) }.
   * name/description/photo need admin unless membersCanEditInfo; settings always need admin.
   * Returns the list of keys applied. Throws RuleError NAME_REQUIRED, NAME_TOO_LONG,
   * DESCRIPTION_TOO_LONG, NOT_ADMIN.
   */
  updateInfo(chat, changes) {
    const { name, description, photo, settings } = changes;
    if (name !== undefined) checkName(name);
    if (description !== undefined) checkDescription(description);
    const admin = this.isBotAdmin(chat);
    const editsInfo = name !== undefined || description !== undefined || photo !== undefined;
    if ((editsInfo && !admin && !chat.settings.membersCanEditInfo) || (settings !== undefined && !admin)) {
      throw new RuleError("NOT_ADMIN", "not an admin of this group");
    }
    const applied = [];
    if (name !== undefined) {
      chat.name = name;
      chat.subjectTime = Date.now();
      chat.subjectOwner = BOT_PHONE;
      applied.push("name");
    }
    if (description !== undefined) {
      chat.description = description;
      applied.push("description");
    }
    if (photo !== undefined) {
      chat.photo = photo;
      applied.push("photo");
    }
    if (settings !== undefined) {
      for (const key of Object.keys(DEFAULT_SETTINGS)) if (typeof settings[key] === "boolean") chat.settings[key] = settings[key];
      applied.push("settings");
    }
    return applied;
  }

  // ---- communities ---------------------------------------------------------------

  /**
   * Creates a community and its announcements group (named like the community), with the
   * bot as super admin of both and no ordinary groups yet. Throws RuleError NAME_REQUIRED,
   * NAME_TOO_LONG, DESCRIPTION_TOO_LONG. Returns { community, announcements }.
   */
  createCommunity({ name, description = "", requireAdminApproval = false, photo = null }) {
    checkName(name);
    checkDescription(description);
    const c = this.allocate();
    const community = newChat(c.id, c.createdAt, {
      kind: "community",
      name,
      description,
      photo,
      settings: { ...DEFAULT_SETTINGS, requireAdminApproval },
      whoCanAddNewGroups: "admins",
    });
    this.chats.set(community.id, community);
    const a = this.allocate();
    const announcements = newChat(a.id, a.createdAt, {
      name,
      communityId: community.id,
      isAnnouncement: true,
      settings: { ...DEFAULT_SETTINGS, membersCanEditInfo: false, membersCanSendMessages: false },
    });
    this.chats.set(announcements.id, announcements);
    this.countCreate("communities", name);
    return { community, announcements };
  }

  /**
   * An ordinary group holding only the bot (RyzeAPI's fallback when WhatsApp refuses a
   * community). Throws RuleError NAME_REQUIRED / NAME_TOO_LONG / DESCRIPTION_TOO_LONG.
   */
  createEmptyGroup({ name, description = "", photo = null }) {
    checkName(name);
    checkDescription(description);
    const { id, createdAt } = this.allocate();
    const group = newChat(id, createdAt, { name, description, photo });
    this.chats.set(id, group);
    this.countCreate("communities", name); // asked for as a community (Ryze's fallback)
    return group;
  }

  /** Who may link groups into a community: "admins" | "all". Throws RuleError NOT_ADMIN. */
  setWhoCanAddGroups(community, who) {
    if (!this.isBotAdmin(community)) throw new RuleError("NOT_ADMIN", "not an admin of this community");
    community.whoCanAddNewGroups = who;
  }

  /** Sets a community's description. Throws RuleError NOT_ADMIN, DESCRIPTION_TOO_LONG. */
  setCommunityDescription(community, description) {
    if ([...description].length > MAX_DESCRIPTION) {
      throw new RuleError("DESCRIPTION_TOO_LONG", `description must be at most ${MAX_DESCRIPTION} characters`);
    }
    if (!this.isBotAdmin(community)) throw new RuleError("NOT_ADMIN", "not an admin of this community");
    community.description = description;
  }

  /** Sets (or, with null, removes) a community's photo (a parsePhoto result). Throws RuleError NOT_ADMIN. */
  setCommunityPhoto(community, photo) {
    if (!this.isBotAdmin(community)) throw new RuleError("NOT_ADMIN", "not an admin of this community");
    community.photo = photo;
  }

  // ---- privacy -------------------------------------------------------------------

  /**
   * Who may add the account to groups: type (GROUP_ADD_TYPES) and changes to the
   * "my contacts except…" list, applied in order ([{ action: "add" | "remove", phone }];
   * adding a listed phone or removing an unlisted one is a no-op). The list is only
   * edited together with CONTACT_BLACKLIST (throws RuleError BLACKLIST_NEEDS_TYPE
   * otherwise, before changing anything); it is kept when another type is chosen, as
   * WhatsApp keeps it, and applies only while the type is CONTACT_BLACKLIST.
   * Throws RuleError BAD_PRIVACY_TYPE.
   */
  setGroupAddPrivacy(type, changes = []) {
    if (!GROUP_ADD_TYPES.includes(type)) throw new RuleError("BAD_PRIVACY_TYPE", `type must be one of: ${GROUP_ADD_TYPES.join(", ")}`);
    if (changes.length > 0 && type !== "CONTACT_BLACKLIST") {
      throw new RuleError("BLACKLIST_NEEDS_TYPE", "contactsBlacklist can only be changed with type CONTACT_BLACKLIST");
    }
    const list = this.privacy.groupAdd.blacklist;
    for (const { action, phone } of changes) {
      const at = list.indexOf(phone);
      if (action === "add" && at < 0) list.push(phone);
      else if (action === "remove" && at >= 0) list.splice(at, 1);
    }
    this.privacy.groupAdd.type = type;
  }

  /**
   * Deactivates a community: its ordinary groups are unlinked (they keep existing), the
   * community and its announcements group are deleted. Throws RuleError NOT_ADMIN.
   * Returns the ids of the unlinked groups.
   */
  deactivateCommunity(community) {
    if (!this.isBotAdmin(community)) throw new RuleError("NOT_ADMIN", "not an admin of this community");
    const unlinked = [];
    for (const c of [...this.chats.values()]) {
      if (c.communityId !== community.id) continue;
      if (c.isAnnouncement) this.chats.delete(c.id);
      else {
        c.communityId = null;
        unlinked.push(c.id);
      }
    }
    this.chats.delete(community.id);
    return unlinked;
  }

  // ---- inspection ----------------------------------------------------------------

  /** A JSON-safe copy of the whole state, for tests (`/__sim/state`). */
  snapshot() {
    const jid = (id) => `${id}@g.us`;
    const common = (c) => ({
      id: c.id,
      jid: jid(c.id),
      name: c.name,
      description: c.description,
      inviteCode: c.inviteCode,
      createdAt: new Date(c.createdAt).toISOString(),
      createdBy: c.createdBy,
      participants: c.participants.map((p) => ({ ...p })),
    });
    const groups = [];
    const communities = [];
    for (const c of this.chats.values()) {
      if (c.kind === "community") {
        const ann = this.announcementsOf(c.id);
        communities.push({
          ...common(c),
          announcementsId: ann ? ann.id : null,
          subgroups: this.subgroupsOf(c.id).map((g) => g.id),
          whoCanAddNewGroups: c.whoCanAddNewGroups ?? "admins",
          settings: { ...c.settings },
          photo: c.photo ? { ...c.photo } : null,
        });
      } else {
        groups.push({
          ...common(c),
          communityId: c.communityId,
          isAnnouncement: c.isAnnouncement,
          botIsAdmin: this.isBotAdmin(c),
          settings: { ...c.settings },
          pendingInvites: [...c.pendingInvites],
          pendingRequests: [...(c.pendingRequests ?? [])],
          joinRequests: this.requestDetails(c).map((r) => ({ ...r, requestedAt: new Date(r.requestedAt).toISOString() })),
          photo: c.photo ? { ...c.photo } : null,
        });
      }
    }
    const { type, blacklist } = this.privacy.groupAdd;
    return { bot: BOT_PHONE, groups, communities, privacy: { groupAdd: { type, blacklist: [...blacklist] } } };
  }
}
