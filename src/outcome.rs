//! Typed results, in canonical ids whichever provider served them.

use crate::ids::{CommunityId, GroupId};
use crate::json::{list, Obj, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedGroup {
    pub group: GroupId,
    pub invitation_link: Option<String>,
    /// Participants that were not added (canonical digits where they are phones).
    pub not_added: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationLink {
    pub group: GroupId,
    pub invitation_link: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupFailure {
    pub group: GroupId,
    pub reason: Option<String>,
}

/// What a link or unlink call did: every requested group is in exactly one list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub community: CommunityId,
    /// Linked (for `linkGroups`) or unlinked (for `unlinkGroups`).
    pub done: Vec<GroupId>,
    pub failed: Vec<GroupFailure>,
}

/// A group as a listing shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupSummary {
    pub group: GroupId,
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    /// Canonical digits when it is a phone; otherwise as the provider wrote it (`…@lid`).
    pub phone: String,
    pub is_admin: bool,
    pub is_super_admin: bool,
}

/// Group settings as read back; `None` when the provider did not say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SettingsState {
    pub only_admins_can_send: Option<bool>,
    pub only_admins_can_edit_info: Option<bool>,
    pub require_admin_approval: Option<bool>,
    pub only_admins_can_add_members: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupMetadata {
    pub group: Option<GroupId>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Canonical digits of the creator.
    pub owner: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub created_at: Option<u64>,
    pub invitation_link: Option<String>,
    /// Why the link is missing, as the provider said (Z-API: "forbidden",
    /// "not-authorized", "too many requests").
    pub invitation_link_error: Option<String>,
    pub community: Option<CommunityId>,
    pub is_announcements: bool,
    pub settings: SettingsState,
    pub participants: Vec<Participant>,
    pub participants_count: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subgroup {
    pub group: GroupId,
    pub name: Option<String>,
    pub is_announcements: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParticipantFailure {
    pub phone: String,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    CreatedGroup(CreatedGroup),
    InvitationLink(InvitationLink),
    Linked(Membership),
    Unlinked(Membership),
    GroupList {
        groups: Vec<GroupSummary>,
        page: Option<u32>,
        has_more: Option<bool>,
    },
    /// Full or light metadata (light: no invitation link).
    GroupMetadata(GroupMetadata),
    /// What an invite link shows: the same fields, from outside the group.
    InvitationInfo(GroupMetadata),
    /// `requires_approval`: None when the provider does not say (Z-API).
    Joined {
        group: Option<GroupId>,
        requires_approval: Option<bool>,
    },
    Participants {
        group: GroupId,
        succeeded: Vec<String>,
        failed: Vec<ParticipantFailure>,
    },
    /// An update or a leave that the provider confirmed.
    GroupDone {
        group: GroupId,
    },
    CommunityDone {
        community: CommunityId,
    },
    /// A community's new invitation link.
    CommunityInvitationLink {
        community: CommunityId,
        invitation_link: String,
    },
    CreatedCommunity {
        community: CommunityId,
        is_community: bool,
        announcements: Option<GroupId>,
        membership: Membership,
    },
    CommunityList {
        communities: Vec<(CommunityId, Option<String>)>,
        page: Option<u32>,
        has_more: Option<bool>,
    },
    CommunityMetadata {
        community: CommunityId,
        name: Option<String>,
        description: Option<String>,
        subgroups: Vec<Subgroup>,
    },
    Subgroups {
        community: CommunityId,
        subgroups: Vec<Subgroup>,
    },
    CommunityParticipants {
        community: CommunityId,
        succeeded: Vec<String>,
        failed: Vec<ParticipantFailure>,
    },
    /// The requests to join a group that await an admin.
    PendingRequests {
        group: GroupId,
        requests: Vec<PendingRequest>,
    },
    GroupAddPrivacy {
        who: crate::call::GroupAddScope,
    },
    /// Where the gateway now delivers events. The authorization is never echoed back.
    Webhook {
        url: String,
        label: Option<String>,
        events: Option<Vec<String>>,
        has_authorization: bool,
    },
}

/// One request to join a group: `id` is what approve/reject take (a `…@lid` id or a phone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingRequest {
    pub id: String,
    pub phone: Option<String>,
    pub requested_at: Option<u64>,
}

fn subgroups_json(subgroups: &[Subgroup]) -> Value {
    list(subgroups, |s| Obj::new().str("groupId", &s.group.jid()).opt_str("name", s.name.as_deref()).bool("isAnnouncements", s.is_announcements).finish())
}

fn metadata_json(m: &GroupMetadata, info: bool) -> Value {
    let jid = m.group.as_ref().map(GroupId::jid);
    let community = m.community.as_ref().map(CommunityId::jid);
    let mut w = Obj::new().opt_str("groupId", jid.as_deref()).opt_str("name", m.name.as_deref()).opt_str("description", m.description.as_deref()).opt_str("owner", m.owner.as_deref());
    w = w.opt_uint("createdAt", m.created_at);
    if info {
        w = w.opt_uint("participantsCount", m.participants_count);
    } else {
        let s = &m.settings;
        let mut settings = Obj::new();
        settings = settings.opt_bool("onlyAdminsCanSend", s.only_admins_can_send);
        settings = settings.opt_bool("onlyAdminsCanEditInfo", s.only_admins_can_edit_info);
        settings = settings.opt_bool("requireAdminApproval", s.require_admin_approval);
        settings = settings.opt_bool("onlyAdminsCanAddMembers", s.only_admins_can_add_members);
        w = w
            .opt_str("invitationLink", m.invitation_link.as_deref())
            .opt_str("invitationLinkError", m.invitation_link_error.as_deref())
            .opt_str("communityId", community.as_deref())
            .bool("isAnnouncements", m.is_announcements)
            .value("settings", settings.finish());
    }
    let participants = list(&m.participants, |p| Obj::new().str("phone", &p.phone).bool("isAdmin", p.is_admin).bool("isSuperAdmin", p.is_super_admin).finish());
    w.value("participants", participants).finish()
}

impl Outcome {
    /// The result object of the contract (`CreatedGroup`, `InvitationLink`, ...) as JSON
    /// text (host only: tests and examples).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_json(&self) -> String {
        crate::json::Codec::write(&crate::json::TextCodec, &self.to_value())
    }

    /// The result object of the contract (`CreatedGroup`, `InvitationLink`, ...).
    pub fn to_value(&self) -> Value {
        match self {
            Outcome::CreatedGroup(c) => {
                Obj::new().str("groupId", &c.group.jid()).opt_str("invitationLink", c.invitation_link.as_deref()).strs("notAdded", c.not_added.iter().map(String::as_str)).finish()
            }
            Outcome::InvitationLink(l) => Obj::new().str("groupId", &l.group.jid()).str("invitationLink", &l.invitation_link).finish(),
            Outcome::Linked(m) => membership_json(m, "linked"),
            Outcome::Unlinked(m) => membership_json(m, "unlinked"),
            Outcome::GroupList { groups, page, has_more } => {
                let items = list(groups, |g| Obj::new().str("groupId", &g.group.jid()).opt_str("name", g.name.as_deref()).finish());
                let w = Obj::new().value("groups", items);
                w.opt_uint("page", page.map(u64::from)).opt_bool("hasMore", *has_more).finish()
            }
            Outcome::GroupMetadata(m) => metadata_json(m, false),
            Outcome::InvitationInfo(m) => metadata_json(m, true),
            Outcome::Joined { group, requires_approval } => {
                let jid = group.as_ref().map(GroupId::jid);
                Obj::new().opt_str("groupId", jid.as_deref()).opt_bool("requiresApproval", *requires_approval).finish()
            }
            Outcome::Participants { group, succeeded, failed } => {
                let failed = list(failed, |f| Obj::new().str("phone", &f.phone).opt_str("reason", f.reason.as_deref()).finish());
                Obj::new().str("groupId", &group.jid()).strs("succeeded", succeeded.iter().map(String::as_str)).value("failed", failed).finish()
            }
            Outcome::GroupDone { group } => Obj::new().str("groupId", &group.jid()).finish(),
            Outcome::CommunityDone { community } => Obj::new().str("communityId", &community.jid()).finish(),
            Outcome::CommunityInvitationLink { community, invitation_link } => Obj::new().str("communityId", &community.jid()).str("invitationLink", invitation_link).finish(),
            Outcome::CreatedCommunity { community, is_community, announcements, membership } => {
                let ann = announcements.as_ref().map(GroupId::jid);
                let linked: Vec<String> = membership.done.iter().map(GroupId::jid).collect();
                Obj::new()
                    .str("communityId", &community.jid())
                    .bool("isCommunity", *is_community)
                    .opt_str("announcementsGroupId", ann.as_deref())
                    .strs("linked", linked.iter().map(String::as_str))
                    .value("failed", failures_json(&membership.failed))
                    .finish()
            }
            Outcome::CommunityList { communities, page, has_more } => {
                let items = list(communities, |(c, name)| Obj::new().str("communityId", &c.jid()).opt_str("name", name.as_deref()).finish());
                let w = Obj::new().value("communities", items);
                w.opt_uint("page", page.map(u64::from)).opt_bool("hasMore", *has_more).finish()
            }
            Outcome::CommunityMetadata { community, name, description, subgroups } => {
                Obj::new().str("communityId", &community.jid()).opt_str("name", name.as_deref()).opt_str("description", description.as_deref()).value("subgroups", subgroups_json(subgroups)).finish()
            }
            Outcome::Subgroups { community, subgroups } => Obj::new().str("communityId", &community.jid()).value("subgroups", subgroups_json(subgroups)).finish(),
            Outcome::CommunityParticipants { community, succeeded, failed } => {
                let failed = list(failed, |f| Obj::new().str("phone", &f.phone).opt_str("reason", f.reason.as_deref()).finish());
                Obj::new().str("communityId", &community.jid()).strs("succeeded", succeeded.iter().map(String::as_str)).value("failed", failed).finish()
            }
            Outcome::PendingRequests { group, requests } => {
                let items = list(requests, |r| Obj::new().str("id", &r.id).opt_str("phone", r.phone.as_deref()).opt_uint("requestedAt", r.requested_at).finish());
                Obj::new().str("groupId", &group.jid()).value("requests", items).finish()
            }
            Outcome::GroupAddPrivacy { who } => {
                let who = match who {
                    crate::call::GroupAddScope::Everyone => "everyone",
                    crate::call::GroupAddScope::Contacts => "contacts",
                    crate::call::GroupAddScope::ContactsExcept => "contactsExcept",
                };
                Obj::new().str("who", who).finish()
            }
            Outcome::Webhook { url, label, events, has_authorization } => {
                let events = events.as_ref().map(|e| list(e, |s| Value::String(s.clone())));
                let w = Obj::new().str("url", url).opt_str("label", label.as_deref());
                let w = match events {
                    Some(e) => w.value("events", e),
                    None => w.value("events", Value::Null),
                };
                w.bool("hasAuthorization", *has_authorization).finish()
            }
        }
    }
}

fn failures_json(failed: &[GroupFailure]) -> Value {
    list(failed, |f| Obj::new().str("groupId", &f.group.jid()).opt_str("reason", f.reason.as_deref()).finish())
}

fn membership_json(m: &Membership, done_key: &str) -> Value {
    let done: Vec<String> = m.done.iter().map(GroupId::jid).collect();
    Obj::new().str("communityId", &m.community.jid()).strs(done_key, done.iter().map(String::as_str)).value("failed", failures_json(&m.failed)).finish()
}

/// What a failure's reason must say for a repeated link/unlink to count the group as done:
/// an earlier attempt, whose answer was lost, did it.
const ALREADY_OUT: [&str; 5] = ["not linked", "not in this community", "not in the community", "not a subgroup", "not part of"];
const ALREADY_IN: [&str; 4] = ["already in this community", "already linked to this community", "already a subgroup of this community", "already part of this community"];

impl Membership {
    /// For a call sent again after its first answer was lost: groups the provider now
    /// reports as already where they were asked to go count as done, since the lost
    /// attempt may well have put them there. (The first attempt never gets this: a group
    /// that was never linked is a real failure of an unlink.)
    pub fn converge(&mut self, linking: bool) {
        let words: &[&str] = if linking { &ALREADY_IN } else { &ALREADY_OUT };
        let (done, failed): (Vec<GroupFailure>, Vec<GroupFailure>) = core::mem::take(&mut self.failed).into_iter().partition(|f| {
            f.reason.as_deref().is_some_and(|r| {
                let r = r.to_ascii_lowercase();
                words.iter().any(|w| crate::text::contains(&r, w))
            })
        });
        self.failed = failed;
        if !done.is_empty() {
            let mut done_groups: Vec<GroupId> = done.into_iter().map(|f| f.group).collect();
            self.done.append(&mut done_groups);
        }
    }
}

impl Outcome {
    /// See `Membership::converge`; other outcomes are left as they are.
    pub fn converge_after_retry(&mut self) {
        match self {
            Outcome::Linked(m) => m.converge(true),
            Outcome::Unlinked(m) => m.converge(false),
            _ => {}
        }
    }
}

/// What a provider's answer said about each group, before it is matched to the request.
#[derive(Default, Debug)]
pub struct Reported {
    pub done: Vec<GroupId>,
    pub failed: Vec<GroupFailure>,
}

impl Reported {
    /// Reads the items of a `linked`/`failed`-style array: plain id strings, or objects
    /// holding an id under one of the usual names and maybe a reason. Items with no
    /// readable id are skipped: they cannot be matched to a requested group. An object
    /// that reports its own failure (`success: false`, or an `error`) is failed whatever
    /// list it came in, so that no failure is lost.
    pub fn read_items(items: &[Value], into_failed: bool, default_reason: Option<&str>, out: &mut Reported) {
        for item in items {
            let says_failed = item.get("success").and_then(Value::as_bool) == Some(false)
                || match item.get("error") {
                    Some(Value::String(s)) => !s.trim().is_empty(),
                    Some(e @ Value::Object(_)) => e.get("message").and_then(Value::as_str).is_some_and(|m| !m.trim().is_empty()),
                    _ => false,
                };
            let (id, reason) = match item {
                Value::String(s) => (Some(s.as_str()), None),
                Value::Object(_) => {
                    let id = ["groupId", "groupJid", "jid", "groupPhone", "phone", "id", "group"].iter().find_map(|k| item.get(k).and_then(Value::as_str));
                    let reason = ["reason", "error", "message", "status"].iter().find_map(|k| match item.get(k) {
                        Some(Value::String(s)) => Some(s.as_str()),
                        Some(Value::Object(_)) => item.get(k).and_then(|e| e.get("message")).and_then(Value::as_str),
                        _ => None,
                    });
                    (id, reason)
                }
                _ => (None, None),
            };
            let Some(group) = id.and_then(|s| GroupId::parse(s).ok()) else { continue };
            if into_failed || says_failed {
                let reason = reason.or(default_reason).map(str::to_owned);
                out.failed.push(GroupFailure { group, reason });
            } else {
                out.done.push(group);
            }
        }
    }
}

/// Matches what the provider reported to what was requested, so that every requested
/// group lands in exactly one list, in request order. A group reported as failed stays
/// failed even if also reported done (the cautious reading); a group the answer does not
/// mention gets `unreported`: `Ok(())` puts it in `done`, `Err(reason)` in `failed`.
pub fn reconcile(community: &CommunityId, requested: &[GroupId], reported: &Reported, unreported: Result<(), Option<&str>>) -> Membership {
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for g in requested {
        if let Some(f) = reported.failed.iter().find(|f| &f.group == g) {
            failed.push(f.clone());
        } else if reported.done.contains(g) {
            done.push(g.clone());
        } else {
            match unreported {
                Ok(()) => done.push(g.clone()),
                Err(reason) => failed.push(GroupFailure { group: g.clone(), reason: reason.map(str::to_owned) }),
            }
        }
    }
    Membership { community: community.clone(), done, failed }
}

/// Matches the participants a provider reported to the phones requested, so that every
/// requested phone lands in exactly one list, in request order. `succeeded` and `failed`
/// hold canonical ids (digits for phones); a phone reported both ways failed; one not
/// reported gets `unreported` (`Ok`: succeeded, `Err(reason)`: failed).
pub fn reconcile_phones(requested: &[crate::ids::Participant], succeeded: &[String], failed: &[ParticipantFailure], unreported: Result<(), Option<&str>>) -> (Vec<String>, Vec<ParticipantFailure>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for p in requested {
        let d = p.canonical().to_owned();
        if let Some(f) = failed.iter().find(|f| f.phone == d) {
            bad.push(f.clone());
        } else if succeeded.contains(&d) {
            ok.push(d);
        } else {
            match unreported {
                Ok(()) => ok.push(d),
                Err(reason) => bad.push(ParticipantFailure { phone: d, reason: reason.map(str::to_owned) }),
            }
        }
    }
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(s: &str) -> GroupId {
        GroupId::parse(s).unwrap()
    }

    #[test]
    fn every_requested_group_lands_once() {
        let c = CommunityId::parse("120363186053925765").unwrap();
        let requested = [g("111111111-group"), g("222222222@g.us"), g("333333333"), g("444444444")];
        let mut rep = Reported::default();
        let items = crate::json::parse(r#"["111111111@g.us", "999999999@g.us", 7, "junk"]"#).unwrap();
        Reported::read_items(items.as_array().unwrap(), false, None, &mut rep);
        let items = crate::json::parse(r#"[{"jid":"222222222-group","reason":"already in another community"}, {"groupJid":"111111111@g.us","error":{"message":"x"}}]"#).unwrap();
        Reported::read_items(items.as_array().unwrap(), true, None, &mut rep);
        let m = reconcile(&c, &requested, &rep, Err(Some("not reported")));
        assert_eq!(m.done, Vec::<GroupId>::new());
        let failed: Vec<(String, Option<String>)> = m.failed.iter().map(|f| (f.group.jid(), f.reason.clone())).collect();
        assert_eq!(
            failed,
            [
                ("111111111@g.us".to_owned(), Some("x".to_owned())),
                ("222222222@g.us".to_owned(), Some("already in another community".to_owned())),
                ("333333333@g.us".to_owned(), Some("not reported".to_owned())),
                ("444444444@g.us".to_owned(), Some("not reported".to_owned())),
            ]
        );
        let m = reconcile(&c, &requested, &Reported::default(), Ok(()));
        assert_eq!(m.done.len(), 4);
    }

    #[test]
    fn a_repeated_unlink_counts_what_the_lost_attempt_did() {
        let c = CommunityId::parse("120363186053925765").unwrap();
        let fail = |g: &str, r: &str| GroupFailure { group: g_(g), reason: Some(r.to_owned()) };
        fn g_(s: &str) -> GroupId {
            GroupId::parse(s).unwrap()
        }
        let mut m =
            Membership { community: c.clone(), done: vec![g_("111111111")], failed: vec![fail("222222222", "group is not linked to this community"), fail("333333333", "not an admin of this group")] };
        m.converge(false);
        assert_eq!(m.done, vec![g_("111111111"), g_("222222222")]);
        assert_eq!(m.failed.len(), 1);
        let mut l = Membership { community: c, done: vec![], failed: vec![fail("222222222", "group already belongs to another community"), fail("333333333", "Already in this community")] };
        l.converge(true);
        assert_eq!(l.done, vec![g_("333333333")]);
        assert_eq!(l.failed[0].group, g_("222222222"), "another community stays a failure");
    }

    #[test]
    fn results_serialise_in_canonical_form() {
        let c = CommunityId::parse("120363186053925765").unwrap();
        let m = Membership { community: c, done: vec![g("111111111-group")], failed: vec![GroupFailure { group: g("5511999999999-1623281429"), reason: None }] };
        let v: serde_json::Value = serde_json::from_str(&Outcome::Unlinked(m).to_json()).unwrap();
        assert_eq!(v, serde_json::json!({"communityId":"120363186053925765@g.us","unlinked":["111111111@g.us"],"failed":[{"groupId":"5511999999999-1623281429@g.us","reason":null}]}));
    }
}
