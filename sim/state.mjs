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
    ...fields,
  });
  return [
    chat({
      id: "120363400000000001", kind: "community", name: "Escola Central",
      description: "Comunidade da Escola Central", participants: [bot()], createdAt: at(2024, 2, 1),
    }),
    chat({
      id: "120363400000000002", name: "Avisos", communityId: "120363400000000001", isAnnouncement: true,
      participants: [bot(), member("5511987650001"), member("5511987650002"), member("5511987650003")],
      settings: { ...DEFAULT_SETTINGS, membersCanEditInfo: false, membersCanSendMessages: false },
      createdAt: at(2024, 2, 1),
    }),
    chat({
      id: "120363400000000003", name: "Turma A", communityId: "120363400000000001",
      participants: [bot(), admin("5511987650001"), member("5511987650002"), member("5511987650003")],
      createdAt: at(2024, 2, 2),
    }),
    chat({
      id: "120363400000000004", name: "Turma B",
      participants: [bot(), member("5511987650011"), member("5511987650012")], createdAt: at(2024, 2, 3),
    }),
    chat({
      id: "120363400000000005", name: "Turma C",
      participants: [bot(), member("5511987650021"), member("5511987650022")], createdAt: at(2024, 2, 4),
    }),
    chat({
      id: "120363400000000006", name: "Turma D",
      participants: [bot(), member("5511987650031")], createdAt: at(2024, 2, 5),
    }),
    chat({
      id: "5511900000000-1623281429", name: "Pais e Mestres",
      participants: [bot(), member("5511987650041"), member("5511987650042")], createdAt: 1623281429000,
    }),
    chat({
      id: "120363400000000010", kind: "community", name: "Clube",
      description: "Comunidade do Clube", participants: [bot()], createdAt: at(2024, 3, 1),
    }),
    chat({
      id: "120363400000000011", name: "Avisos do Clube", communityId: "120363400000000010", isAnnouncement: true,
      participants: [bot(), member("5511987650051"), member("5511987650052")],
      settings: { ...DEFAULT_SETTINGS, membersCanEditInfo: false, membersCanSendMessages: false },
      createdAt: at(2024, 3, 1),
    }),
    chat({
      id: "120363400000000012", name: "Futebol", communityId: "120363400000000010",
      participants: [bot(), member("5511987650051"), member("5511987650052")], createdAt: at(2024, 3, 2),
    }),
    chat({
      id: "120363400000000020", name: "Grupo Externo", createdBy: "5511987659999",
      participants: [superAdmin("5511987659999"), admin("5511987659998"), member(BOT_PHONE)],
      createdAt: at(2024, 4, 1),
    }),
  ].map((c) => ({ ...c, inviteCode: inviteCodeFor(c.id) }));
}

export class World {
  constructor() {
    /** @type {Map<string, object>} canonical id → chat (groups and communities) */
    this.chats = new Map(seedChats().map((c) => [c.id, c]));
    this.createdCount = 0;
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
    if (typeof name !== "string" || name.trim() === "") throw new RuleError("NAME_REQUIRED", "name is required");
    if ([...name].length > MAX_SUBJECT) {
      throw new RuleError("NAME_TOO_LONG", `name must be at most ${MAX_SUBJECT} characters`);
    }
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
      else if (!participants.some((p) => p.phone === c.phone)) participants.push(member(c.phone));
    }

    this.createdCount += 1;
    const id = (NEW_ID_BASE + BigInt(this.createdCount)).toString();
    const group = {
      id,
      kind: "group",
      name,
      description,
      communityId,
      isAnnouncement: false,
      createdBy: BOT_PHONE,
      createdAt: CREATED_EPOCH_MS + (this.createdCount - 1) * 60_000,
      settings: { ...DEFAULT_SETTINGS, ...settings },
      participants,
      // With autoInvite the not-added phones get a private invite (WhatsApp-side only).
      pendingInvites: autoInvite ? notAdded.filter((raw) => /^\d+$/.test(raw)) : [],
      inviteCode: inviteCodeFor(id),
    };
    this.chats.set(id, group);
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
    if (!this.isBotAdmin(community)) return { ok: false, reason: REASONS.notCommunityAdmin };
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
        });
      } else {
        groups.push({
          ...common(c),
          communityId: c.communityId,
          isAnnouncement: c.isAnnouncement,
          botIsAdmin: this.isBotAdmin(c),
          settings: { ...c.settings },
          pendingInvites: [...c.pendingInvites],
        });
      }
    }
    return { bot: BOT_PHONE, groups, communities };
  }
}
