//! RyzeAPI: `{base}/api/…/{instance}`, header `token`, JIDs everywhere.
//!
//! Quirks absorbed here:
//! - errors come in `{"success": false, "error": {"message": …}}` with no code;
//! - payloads sit at the top level, under `group`, or under `data`, depending on the page;
//! - unlink answers in link's shape: its `linked[]` lists the groups *unlinked*;
//! - there is no "get invitation link" endpoint: the group's details carry it (reading
//!   them changes nothing, unlike `resetLink`);
//! - create answers GroupInfo without a "not added" list: who is missing from its
//!   `participants` was not added;
//! - settings speak of what members may do (`membersCanSendMessages`); the neutral ones
//!   of what only admins may (`onlyAdminsCanSend`): each is the other negated;
//! - no endpoints for listing communities, their metadata, settings or description, or
//!   deactivating one: those calls fail as "unsupported" before sending;
//! - creating a community may quietly create an ordinary group (`isCommunity: false`).

use super::{array, boolish, first_str, invite_link, items, participants, payload, text, timestamp_ms, INVITE_PREFIX};
use crate::call::ParticipantAction;
use crate::call::{participants_call, Call, GroupSettings};
use crate::classify;
use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::http::{Method, Request, Response};
use crate::ids::{CommunityId, GroupId, Participant, Phone};
use crate::json::{self, ObjectWriter, Value};
use crate::outcome::{
    reconcile, reconcile_phones, CreatedGroup, GroupMetadata, GroupSummary, InvitationLink, Membership, Outcome, ParticipantFailure, PendingRequest, Reported, SettingsState, Subgroup,
};
use crate::provider::Provider;
use crate::text::percent_encode;

const P: Provider = Provider::Ryze;
const WRAPPERS: [&str; 3] = ["group", "data", "groupInfo"];

fn request(config: &Config, method: Method, path: &str, query: Option<(&str, &str)>, body: Option<String>) -> Request {
    let mut url = [config.base_url.as_str(), path, "/", &percent_encode(&config.instance)].concat();
    if let Some((k, v)) = query {
        url.push('?');
        url.push_str(k);
        url.push('=');
        url.push_str(&percent_encode(v));
    }
    let mut headers = vec![("token".to_owned(), config.token.clone())];
    if body.is_some() {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    Request { method, url, headers, body }
}

fn post(config: &Config, method: Method, path: &str, body: ObjectWriter) -> Request {
    request(config, method, path, None, Some(body.finish()))
}

fn update(config: &Config, group: &GroupId, change: impl FnOnce(ObjectWriter) -> ObjectWriter) -> Request {
    post(config, Method::Put, "/api/group/update", change(ObjectWriter::new().str("identifier", &group.jid())))
}

fn info(config: &Config, identifier: &str) -> Request {
    request(config, Method::Get, "/api/group/info", Some(("identifier", identifier)), None)
}

pub fn build(config: &Config, call: &Call) -> Request {
    match call {
        Call::CreateGroup { name, participants, description, photo, community, settings, .. } => {
            let mut body = ObjectWriter::new().str("name", name).strs("participants", participants.iter().map(Phone::digits));
            if let Some(d) = description {
                body = body.str("description", d);
            }
            if let Some(p) = photo {
                body = body.str("image", p);
            }
            if let Some(c) = community {
                body = body.str("communityJid", &c.jid());
            }
            if let Some(s) = settings {
                body = body.raw("groupSettings", &settings_json(s));
            }
            post(config, Method::Post, "/api/group/create", body)
        }
        Call::GetInvitationLink { group } => {
            let mut r = info(config, &group.jid());
            // The member list is not needed for the link; leaving it out keeps the answer small.
            r.url.push_str("&participants=false");
            r
        }
        Call::LinkGroups { community, groups } | Call::UnlinkGroups { community, groups } => {
            let path = if matches!(call, Call::LinkGroups { .. }) { "/api/community/link" } else { "/api/community/unlink" };
            let jids: Vec<String> = groups.iter().map(GroupId::jid).collect();
            let body = ObjectWriter::new().str("communityJid", &community.jid()).strs("groupJid", jids.iter().map(String::as_str));
            post(config, Method::Post, path, body)
        }
        Call::ListGroups { .. } => request(config, Method::Get, "/api/group/list", None, None),
        Call::GetGroupMetadata { group } | Call::GetGroupMetadataLight { group } => info(config, &group.jid()),
        Call::GetInvitationInfo { invite } => info(config, &invite.link()),
        Call::ResetInvitationLink { group } => post(config, Method::Post, "/api/group/resetLink", ObjectWriter::new().str("identifier", &group.jid())),
        Call::JoinGroup { invite } => post(config, Method::Post, "/api/group/join", ObjectWriter::new().str("identifier", &invite.link())),
        participants_call!(action, group, participants, _) => {
            let action = match action {
                ParticipantAction::Add => "add",
                ParticipantAction::Remove => "remove",
                ParticipantAction::Promote => "promote",
                ParticipantAction::Demote => "demote",
                ParticipantAction::Approve => "approve",
                ParticipantAction::Reject => "reject",
            };
            let body = ObjectWriter::new().str("identifier", &group.jid()).str("action", action).strs("participants", participants.iter().map(Participant::canonical));
            post(config, Method::Post, "/api/group/participants", body)
        }
        Call::UpdateGroupName { group, name } => update(config, group, |w| w.str("name", name)),
        Call::UpdateGroupDescription { group, description } => update(config, group, |w| w.str("description", description)),
        Call::UpdateGroupPhoto { group, photo } => update(config, group, |w| w.str("image", photo)),
        Call::UpdateGroupSettings { group, settings } => update(config, group, |w| w.raw("groupSettings", &settings_json(settings))),
        Call::RemoveGroupPhoto { group } => update(config, group, |w| w.bool("removeImage", true)),
        Call::ListPendingRequests { group } => request(config, Method::Get, "/api/group/requests", Some(("identifier", &group.jid())), None),
        Call::SetWebhook { url, events, authorization, label } => {
            let mut body = ObjectWriter::new();
            if let Some(l) = label {
                body = body.str("label", l);
            }
            body = body.bool("enabled", true).str("url", url);
            if let Some(a) = authorization {
                body = body.str("authorization", &a.0);
            }
            if !events.is_empty() {
                body = body.strs("events", events.iter().map(String::as_str));
            }
            post(config, Method::Post, "/api/events/webhook", body)
        }
        Call::LeaveGroup { group } => request(config, Method::Delete, "/api/group/leave", Some(("identifier", &group.jid())), None),
        Call::CreateCommunity { name, description, groups, photo, require_approval } => {
            let mut body = ObjectWriter::new().str("name", name);
            if let Some(d) = description {
                body = body.str("description", d);
            }
            if let Some(p) = photo {
                body = body.str("image", p);
            }
            // Only `true` is sent: leaving it out is WhatsApp's default (anyone with the link joins).
            if *require_approval == Some(true) {
                body = body.str("membershipApprovalMode", "request_required");
            }
            if !groups.is_empty() {
                let jids: Vec<String> = groups.iter().map(GroupId::jid).collect();
                body = body.strs("groupJid", jids.iter().map(String::as_str));
            }
            post(config, Method::Post, "/api/community/create", body)
        }
        Call::ListSubgroups { community } => request(config, Method::Get, "/api/community/listSubGroups", Some(("communityJid", &community.jid())), None),
        // No endpoint (`supports` lists them and refuses them before anything is built;
        // tests/unsupported.rs fails if a supported operation ever lands here).
        _ => request(config, Method::Get, "/api/unsupported", None, None),
    }
}

/// The neutral settings as RyzeAPI's `groupSettings`: it speaks of what members may do,
/// the neutral settings of what only admins may (each is the other negated).
fn settings_json(settings: &GroupSettings) -> String {
    let mut s = ObjectWriter::new();
    for (key, value) in [
        ("membersCanSendMessages", settings.only_admins_can_send.map(|b| !b)),
        ("membersCanEditInfo", settings.only_admins_can_edit_info.map(|b| !b)),
        ("requireAdminApproval", settings.require_admin_approval),
        ("membersCanAddOthers", settings.only_admins_can_add_members.map(|b| !b)),
    ] {
        if let Some(b) = value {
            s = s.bool(key, b);
        }
    }
    s.finish()
}

/// Whether RyzeAPI has an endpoint for the operation.
pub fn supports(op: crate::operation::Operation) -> bool {
    use crate::operation::Operation as O;
    !matches!(
        op,
        O::ListCommunities
            | O::GetCommunityMetadata
            | O::UpdateCommunitySettings
            | O::UpdateCommunityDescription
            | O::DeactivateCommunity
            | O::ResetCommunityInvitationLink
            | O::UpdateCommunityPhoto
            | O::AddCommunityParticipants
            | O::RemoveCommunityParticipants
            | O::PromoteCommunityParticipants
            | O::DemoteCommunityParticipants
            | O::SetGroupAddPrivacy
    )
}

/// `error.message` of the envelope, or a bare `message`/`error` string.
fn error_message(v: &Value) -> Option<&str> {
    v.get("error").and_then(|e| e.get("message")).and_then(Value::as_str).or_else(|| first_str(v, &["error", "message"]))
}

/// Reads RyzeAPI's answer; `body` is the (redacted) text and `parsed` its JSON reading.
pub fn parse(call: &Call, resp: &Response, body: &str, parsed: Result<Value, json::ParseError>, now_ms: Option<u64>) -> Result<Outcome, Error> {
    if !resp.is_success() {
        let v = parsed.ok();
        let message = v.as_ref().and_then(error_message);
        return Err(classify::refusal(P, resp, body, message, now_ms));
    }
    let v = parsed.map_err(|e| classify::undocumented(P, resp, body, &["a body that is not JSON (", &e.describe(), ")"].concat()))?;
    if v.as_object().is_none() {
        return Err(classify::undocumented(P, resp, body, ["a JSON ", v.type_name(), " instead of an object"].concat().as_str()));
    }
    let failed_envelope = v.get("success").and_then(Value::as_bool) == Some(false);
    // A 200 envelope saying the instance is not connected is a refusal, except for
    // link/unlink, where the contract has every 200 resolve (each group then fails with
    // that message as its reason).
    let membership_call = matches!(call, Call::LinkGroups { .. } | Call::UnlinkGroups { .. });
    if let Some(m) = error_message(&v).filter(|m| failed_envelope && !membership_call && classify::says_disconnected(m)) {
        return Err(classify::refusal(P, resp, body, Some(m), now_ms));
    }
    // `{"success": false, "error": {...}}` with 200 is still a refusal, except for
    // link/unlink, where a total failure is a result (every group in `failed`).
    let refused = |what: &str| match (failed_envelope, error_message(&v)) {
        (true, Some(m)) => classify::refusal(P, resp, body, Some(m), now_ms),
        _ => classify::undocumented(P, resp, body, what),
    };
    match call {
        Call::CreateGroup { participants, .. } => {
            let info = payload(&v, "jid", &WRAPPERS).ok_or_else(|| refused("no group `jid`"))?;
            let group = first_str(info, &["jid"]).and_then(|s| GroupId::parse(s).ok()).ok_or_else(|| refused("a `jid` that is not a group id"))?;
            let invitation_link = link_of(info);
            // No "not added" list is documented: whoever is absent from `participants`
            // was not added. Without a `participants` list nothing can be said.
            let not_added = match array(info, "participants") {
                Some(members) => {
                    let present: Vec<String> = members.iter().filter_map(|m| m.as_str().or_else(|| first_str(m, &["jid", "phone", "id"]))).map(crate::ids::canonical_participant).collect();
                    participants.iter().filter(|p| !present.iter().any(|d| d == p.digits())).map(|p| p.digits().to_owned()).collect()
                }
                None => Vec::new(),
            };
            Ok(Outcome::CreatedGroup(CreatedGroup { group, invitation_link, not_added }))
        }
        Call::GetInvitationLink { group } => {
            let info = payload(&v, "jid", &WRAPPERS).or_else(|| payload(&v, "inviteLink", &WRAPPERS)).ok_or_else(|| refused("no group details"))?;
            // Only admins see the link; an answer without it is a refusal, not garbage.
            let link = link_of(info).ok_or_else(|| {
                Error::new(ErrorKind::Forbidden, "RyzeAPI returned the group without an invitation link: only admins see it (is the connected number an admin of this group?)")
                    .with_response(resp.status, body)
            })?;
            Ok(Outcome::InvitationLink(InvitationLink { group: group.clone(), invitation_link: link }))
        }
        Call::LinkGroups { community, groups } => Ok(Outcome::Linked(membership(&v, community, groups).ok_or_else(|| refused("no `linked`/`failed` lists"))?)),
        Call::UnlinkGroups { community, groups } => Ok(Outcome::Unlinked(membership(&v, community, groups).ok_or_else(|| refused("no `linked`/`failed` lists"))?)),
        Call::ListGroups { page } => {
            let list = items(&v, &["groups", "data"]).ok_or_else(|| refused("no list of groups"))?;
            let groups: Vec<GroupSummary> =
                list.iter().filter_map(|g| Some(GroupSummary { group: first_str(g, &["jid", "groupJid", "id"]).and_then(|s| GroupId::parse(s).ok())?, name: text(g, &["name", "subject"]) })).collect();
            // One answer holds every group: a page asked for is cut from it, so that the
            // same code pages through both providers.
            match page {
                None => Ok(Outcome::GroupList { groups, page: None, has_more: Some(false) }),
                Some(p) => {
                    let size = p.size as usize;
                    let start = (p.page as usize).saturating_sub(1).saturating_mul(size);
                    let has_more = groups.len() > start.saturating_add(size);
                    let groups = groups.into_iter().skip(start).take(size).collect();
                    Ok(Outcome::GroupList { groups, page: Some(p.page), has_more: Some(has_more) })
                }
            }
        }
        Call::GetGroupMetadata { group } | Call::GetGroupMetadataLight { group } => {
            let info = payload(&v, "jid", &WRAPPERS).ok_or_else(|| refused("no group details"))?;
            let mut m = metadata(info);
            m.group = Some(group.clone());
            if matches!(call, Call::GetGroupMetadataLight { .. }) {
                m.invitation_link = None;
            }
            Ok(Outcome::GroupMetadata(m))
        }
        Call::GetInvitationInfo { .. } => {
            let info = payload(&v, "jid", &WRAPPERS).ok_or_else(|| refused("no group details"))?;
            let m = metadata(info);
            if m.group.is_none() {
                return Err(refused("group details without a group `jid`"));
            }
            Ok(Outcome::InvitationInfo(m))
        }
        Call::ResetInvitationLink { group } => {
            let link = link_of(&v).or_else(|| payload(&v, "inviteLink", &WRAPPERS).and_then(link_of)).ok_or_else(|| refused("no `inviteLink`"))?;
            Ok(Outcome::InvitationLink(InvitationLink { group: group.clone(), invitation_link: link }))
        }
        Call::JoinGroup { .. } => {
            if failed_envelope {
                return Err(refused("a refusal without a message"));
            }
            let group = first_str(&v, &["groupJid", "jid"]).and_then(|s| GroupId::parse(s).ok());
            // An object that neither says `success: true` nor names the group confirms nothing.
            if group.is_none() && v.get("success").and_then(Value::as_bool) != Some(true) {
                return Err(refused("no `success` or `groupJid`"));
            }
            Ok(Outcome::Joined { group, requires_approval: Some(boolish(v.get("requiresApproval")).unwrap_or(false)) })
        }
        participants_call!(_, group, participants, _) => {
            // A 200 that refused everyone (no per-participant list) still gives one result
            // per phone, each failed with the provider's message, as Z-API's answer does.
            if let (None, true, Some(m)) = (array(&v, "participants"), failed_envelope, error_message(&v)) {
                let (succeeded, failed) = reconcile_phones(participants, &[], &[], Err(Some(m)));
                return Ok(Outcome::Participants { group: group.clone(), succeeded, failed });
            }
            let list = array(&v, "participants").ok_or_else(|| refused("no `participants` results"))?;
            let mut succeeded = Vec::new();
            let mut failed = Vec::new();
            for item in list {
                let Some(id) = item.as_str().or_else(|| first_str(item, &["participant", "phone", "jid", "id", "number"])) else { continue };
                let id = crate::ids::canonical_participant(id);
                let reason = first_str(item, &["error", "reason", "message"]).map(str::to_owned);
                if boolish(item.get("success")) == Some(false) || (boolish(item.get("success")).is_none() && reason.is_some()) {
                    failed.push(ParticipantFailure { phone: id, reason });
                } else {
                    succeeded.push(id);
                }
            }
            let (succeeded, failed) = reconcile_phones(participants, &succeeded, &failed, Err(Some("not listed in RyzeAPI's answer")));
            Ok(Outcome::Participants { group: group.clone(), succeeded, failed })
        }
        Call::UpdateGroupName { group, .. }
        | Call::UpdateGroupDescription { group, .. }
        | Call::UpdateGroupPhoto { group, .. }
        | Call::UpdateGroupSettings { group, .. }
        | Call::RemoveGroupPhoto { group }
        | Call::LeaveGroup { group } => match v.get("success").and_then(Value::as_bool) {
            Some(true) => Ok(Outcome::GroupDone { group: group.clone() }),
            // GroupInfo without an envelope is a confirmation too.
            None if payload(&v, "jid", &WRAPPERS).is_some() => Ok(Outcome::GroupDone { group: group.clone() }),
            _ => Err(refused("no `success`")),
        },
        Call::CreateCommunity { groups, .. } => {
            let info = payload(&v, "jid", &WRAPPERS).ok_or_else(|| refused("no community `jid`"))?;
            let community = first_str(info, &["jid"]).and_then(|s| CommunityId::parse(s).ok()).ok_or_else(|| refused("a `jid` that is not a community id"))?;
            // WhatsApp may refuse the parent: RyzeAPI then creates an ordinary group and says so.
            let is_community = boolish(v.get("isCommunity")).unwrap_or(true);
            let mut reported = Reported::default();
            Reported::read_items(array(&v, "linkedGroups").unwrap_or(&[]), false, None, &mut reported);
            Reported::read_items(array(&v, "failedGroups").unwrap_or(&[]), true, None, &mut reported);
            let unreported = if is_community { Err(Some("not listed in RyzeAPI's answer")) } else { Err(Some("RyzeAPI created an ordinary group instead of a community")) };
            let membership = reconcile(&community, groups, &reported, unreported);
            Ok(Outcome::CreatedCommunity { community, is_community, announcements: None, membership })
        }
        Call::ListSubgroups { community } => {
            let list = array(&v, "subgroups").ok_or_else(|| refused("no `subgroups`"))?;
            let subgroups = list
                .iter()
                .filter_map(|s| {
                    Some(Subgroup {
                        group: first_str(s, &["jid", "id"]).and_then(|id| GroupId::parse(id).ok())?,
                        name: text(s, &["name", "subject"]),
                        is_announcements: boolish(s.get("isDefaultSubGroup")).unwrap_or(false),
                    })
                })
                .collect();
            Ok(Outcome::Subgroups { community: community.clone(), subgroups })
        }
        Call::ListPendingRequests { group } => {
            if failed_envelope {
                return Err(refused("a refusal without a message"));
            }
            let list = array(&v, "requests").ok_or_else(|| refused("no `requests`"))?;
            // Each requester by linked id (`…@lid`), with a phone only when RyzeAPI may show it.
            let requests = list
                .iter()
                .filter_map(|r| {
                    let id = first_str(r, &["jid", "lid", "id"])?;
                    let phone = first_str(r, &["phoneNumber", "phone"]).filter(|p| !p.is_empty()).map(crate::ids::canonical_participant);
                    let id = if id.ends_with("@lid") { id.to_owned() } else { crate::ids::canonical_participant(id) };
                    Some(PendingRequest { id, phone, requested_at: timestamp_ms(r.get("requestedAt")) })
                })
                .collect();
            Ok(Outcome::PendingRequests { group: group.clone(), requests })
        }
        Call::SetWebhook { url, authorization, label, events } => {
            if v.get("success").and_then(Value::as_bool) != Some(true) {
                return Err(refused("no `success`"));
            }
            // What RyzeAPI persisted, where it says; else what was sent. Its echo of the
            // authorization is never read.
            let saved = v.get("webhook");
            let saved_url = saved.and_then(|w| first_str(w, &["url"])).filter(|u| !u.is_empty()).unwrap_or(url);
            let saved_label = saved.and_then(|w| first_str(w, &["label"])).map(str::to_owned).or_else(|| Some(label.clone().unwrap_or_else(|| "default".to_owned())));
            let saved_events = match saved.and_then(|w| array(w, "events")) {
                Some(list) if !list.is_empty() => Some(list.iter().filter_map(Value::as_str).map(str::to_owned).collect()),
                _ if !events.is_empty() => Some(events.clone()),
                _ => None,
            };
            Ok(Outcome::Webhook { url: saved_url.to_owned(), label: saved_label, events: saved_events, has_authorization: authorization.is_some() })
        }
        // The operations `supports` refuses: nothing was sent, so no answer is theirs.
        _ => Err(classify::undocumented(P, resp, body, "an answer to an operation it has no endpoint for")),
    }
}

/// GroupInfo / GroupDetail as RyzeAPI writes them.
fn metadata(info: &Value) -> GroupMetadata {
    let settings = info.get("groupSettings");
    let negated = |key: &str| boolish(settings.and_then(|s| s.get(key))).map(|b| !b);
    GroupMetadata {
        group: first_str(info, &["jid"]).and_then(|s| GroupId::parse(s).ok()),
        name: text(info, &["name", "subject"]),
        description: text(info, &["description"]),
        owner: first_str(info, &["createdBy", "owner"]).map(crate::ids::canonical_participant),
        created_at: timestamp_ms(info.get("createdAt")),
        invitation_link: link_of(info),
        invitation_link_error: None,
        // RyzeAPI names the parent community `linkedParentJid` (communities/unlink page).
        community: first_str(info, &["linkedParentJid", "communityJid", "linkedParent", "parentJid"]).and_then(|s| CommunityId::parse(s).ok()),
        is_announcements: boolish(info.get("isDefaultSubGroup")).unwrap_or(false),
        settings: SettingsState {
            only_admins_can_send: negated("membersCanSendMessages"),
            only_admins_can_edit_info: negated("membersCanEditInfo"),
            require_admin_approval: boolish(settings.and_then(|s| s.get("requireAdminApproval"))),
            only_admins_can_add_members: negated("membersCanAddOthers"),
        },
        participants: participants(array(info, "participants")),
        participants_count: super::u64ish(info.get("participantCount")),
    }
}

/// `inviteLink`, or a link made from `inviteCode` (the same link, by WhatsApp's scheme).
fn link_of(info: &Value) -> Option<String> {
    if let Some(link) = first_str(info, &["inviteLink", "invitationLink"]).and_then(invite_link) {
        return Some(link);
    }
    let code = first_str(info, &["inviteCode"])?;
    invite_link(&[INVITE_PREFIX, code].concat())
}

/// `linked[]` (which, on unlink, lists the unlinked groups) and `failed[]`; a requested
/// group in neither list failed without a reason we know. None when both lists are
/// absent and the answer is not an outright refusal of every group.
fn membership(v: &Value, community: &CommunityId, requested: &[GroupId]) -> Option<Membership> {
    let linked = array(v, "linked");
    let failed = array(v, "failed");
    let refused_all = v.get("success").and_then(Value::as_bool) == Some(false);
    let message = error_message(v);
    if linked.is_none() && failed.is_none() {
        // A 200 `{"success": false, "error": …}`: every group refused, with that reason.
        if refused_all {
            return Some(reconcile(community, requested, &Reported::default(), Err(message)));
        }
        // Only the count ("Linked N of M groups to community"): enough when it is all or
        // nothing, not to tell which groups went through otherwise.
        let (n, m) = counts(v.get("message").and_then(Value::as_str)?)?;
        let everything = m == requested.len() as u64;
        return match n {
            _ if !everything => None,
            0 => Some(reconcile(community, requested, &Reported::default(), Err(v.get("message").and_then(Value::as_str)))),
            n if n == m => Some(reconcile(community, requested, &Reported::default(), Ok(()))),
            _ => None,
        };
    }
    let mut reported = Reported::default();
    Reported::read_items(linked.unwrap_or(&[]), false, None, &mut reported);
    Reported::read_items(failed.unwrap_or(&[]), true, None, &mut reported);
    Some(reconcile(community, requested, &reported, Err(Some("not listed in RyzeAPI's answer"))))
}

/// `N` and `M` of "Linked N of M groups…" / "Unlinked N of M groups…".
fn counts(message: &str) -> Option<(u64, u64)> {
    let mut words = message.split_whitespace();
    let verb = words.next()?;
    if !verb.eq_ignore_ascii_case("linked") && !verb.eq_ignore_ascii_case("unlinked") {
        return None;
    }
    let n = crate::json::parse_u64(words.next()?)?;
    if words.next()? != "of" {
        return None;
    }
    let m = crate::json::parse_u64(words.next()?)?;
    (n <= m).then_some((n, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_counts_of_the_message() {
        assert_eq!(counts("Linked 2 of 3 groups to community"), Some((2, 3)));
        assert_eq!(counts("Unlinked 0 of 1 groups from community"), Some((0, 1)));
        assert_eq!(counts("Linked 4 of 3 groups"), None);
        assert_eq!(counts("Linked two of 3"), None);
        assert_eq!(counts("Group created"), None);
    }
}
