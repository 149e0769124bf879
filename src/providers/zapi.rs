//! Z-API: `{base}/instances/{instance}/token/{token}/…`, optional `Client-Token` header.
//!
//! Quirks absorbed here:
//! - ids: new groups as `…-group`, communities as bare digits;
//! - the invitation link endpoint was POST (the seed docs) and is GET since the docs
//!   changed on 2026-02-18: GET is sent, and a 405 is retried once with POST (it only
//!   reads, so asking again is safe);
//! - link/unlink answer `{"success": bool}`, and the shape naming groups that failed is
//!   undocumented, so it is read defensively (see `membership`);
//! - answers differ by endpoint: `{"value": bool}`, `{"success": bool}`, or a plain object;
//! - base64 photos must carry `data:image/…;base64,`: bare base64 gets it (`photo_for_zapi`);
//! - `update-group-settings` names the group `phone` (every other endpoint: `groupId`),
//!   and takes the four settings together;
//! - listings put booleans and numbers in strings, and give no total: a full page may
//!   have more after it.

use super::{array, boolish, first_str, invite_link, items, participants, text, timestamp_ms};
use crate::call::{community_participants_call, participants_call, Call, GroupAddScope, GroupSettings, Page, ParticipantAction};
use crate::classify;
use crate::config::Config;
use crate::error::Error;
use crate::http::{Method, Request, Response};
use crate::ids::{canonical_participant, CommunityId, GroupId, Participant};
use crate::json::{self, ObjectWriter, Value};
use crate::outcome::{reconcile_phones, CreatedGroup, GroupMetadata, GroupSummary, InvitationLink, Membership, Outcome, ParticipantFailure, Reported, SettingsState, Subgroup};
use crate::provider::Provider;
use crate::text::percent_encode;

const P: Provider = Provider::Zapi;

fn base(config: &Config) -> String {
    [config.base_url.as_str(), "/instances/", &percent_encode(&config.instance), "/token/", &percent_encode(&config.token)].concat()
}

fn request(config: &Config, method: Method, path: &str, body: Option<String>) -> Request {
    let mut headers = Vec::new();
    if let Some(ct) = &config.client_token {
        headers.push(("Client-Token".to_owned(), ct.clone()));
    }
    if body.is_some() {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    Request { method, url: base(config) + path, headers, body }
}

fn group_list(groups: &[GroupId]) -> Vec<String> {
    groups.iter().map(GroupId::zapi).collect()
}

fn by_group(config: &Config, method: Method, path: &str, group: &GroupId) -> Request {
    request(config, method, &[path, &percent_encode(&group.zapi())].concat(), None)
}

fn paged(config: &Config, path: &str, page: &Option<Page>) -> Request {
    let p = page.unwrap_or(Page::DEFAULT);
    let url = [path, "?page=", &crate::text::uint(u64::from(p.page)), "&pageSize=", &crate::text::uint(u64::from(p.size))].concat();
    request(config, Method::Get, &url, None)
}

fn post(config: &Config, path: &str, body: ObjectWriter) -> Request {
    request(config, Method::Post, path, Some(body.finish()))
}

fn group_body(group: &GroupId) -> ObjectWriter {
    ObjectWriter::new().str("groupId", &group.zapi())
}

pub fn build(config: &Config, call: &Call) -> Request {
    match call {
        Call::CreateGroup { name, participants, auto_invite, .. } => {
            let body = ObjectWriter::new().bool("autoInvite", auto_invite.unwrap_or(false)).str("groupName", name).strs("phones", participants.iter().map(|p| p.digits()));
            post(config, "/create-group", body)
        }
        // GET since Z-API's docs changed on 2026-02-18 (POST before): see follow_up.
        Call::GetInvitationLink { group } => by_group(config, Method::Get, "/group-invitation-link/", group),
        Call::LinkGroups { community, groups } | Call::UnlinkGroups { community, groups } => {
            let path = if matches!(call, Call::LinkGroups { .. }) { "/communities/link" } else { "/communities/unlink" };
            let ids = group_list(groups);
            let body = ObjectWriter::new().str("communityId", community.digits()).strs("groupsPhones", ids.iter().map(String::as_str));
            post(config, path, body)
        }
        Call::ListGroups { page } => paged(config, "/groups", page),
        Call::GetGroupMetadata { group } => by_group(config, Method::Get, "/group-metadata/", group),
        Call::GetGroupMetadataLight { group } => by_group(config, Method::Get, "/light-group-metadata/", group),
        Call::GetInvitationInfo { invite } => request(config, Method::Get, &["/group-invitation-metadata?url=", &percent_encode(&invite.link())].concat(), None),
        Call::ResetInvitationLink { group } => by_group(config, Method::Post, "/redefine-invitation-link/", group),
        Call::JoinGroup { invite } => request(config, Method::Get, &["/accept-invite-group?url=", &percent_encode(&invite.link())].concat(), None),
        participants_call!(action, group, participants, auto_invite) => {
            let path = match action {
                ParticipantAction::Add => "/add-participant",
                ParticipantAction::Remove => "/remove-participant",
                ParticipantAction::Promote => "/add-admin",
                ParticipantAction::Demote => "/remove-admin",
                ParticipantAction::Approve => "/approve-participant",
                ParticipantAction::Reject => "/reject-participant",
            };
            let mut body = ObjectWriter::new();
            if *action == ParticipantAction::Add {
                body = body.bool("autoInvite", auto_invite.unwrap_or(false));
            }
            post(config, path, body.str("groupId", &group.zapi()).strs("phones", participants.iter().map(Participant::canonical)))
        }
        Call::UpdateGroupName { group, name } => post(config, "/update-group-name", group_body(group).str("groupName", name)),
        Call::UpdateGroupDescription { group, description } => post(config, "/update-group-description", group_body(group).str("groupDescription", description)),
        Call::UpdateGroupPhoto { group, photo } => post(config, "/update-group-photo", group_body(group).str("groupPhoto", &photo_for_zapi(photo))),
        Call::UpdateGroupSettings { group, settings } => {
            // Z-API's quirk: this endpoint names the group `phone`; validation made sure
            // all four settings are given (the endpoint sets them together).
            let GroupSettings { only_admins_can_send, only_admins_can_edit_info, require_admin_approval, only_admins_can_add_members } = *settings;
            let body = ObjectWriter::new()
                .str("phone", &group.zapi())
                .bool("adminOnlyMessage", only_admins_can_send.unwrap_or(false))
                .bool("adminOnlySettings", only_admins_can_edit_info.unwrap_or(false))
                .bool("requireAdminApproval", require_admin_approval.unwrap_or(false))
                .bool("adminOnlyAddMember", only_admins_can_add_members.unwrap_or(false));
            post(config, "/update-group-settings", body)
        }
        Call::LeaveGroup { group } => post(config, "/leave-group", group_body(group)),
        Call::CreateCommunity { name, description, .. } => {
            let mut body = ObjectWriter::new().str("name", name);
            if let Some(d) = description {
                body = body.str("description", d);
            }
            post(config, "/communities", body)
        }
        Call::ListCommunities { page } => paged(config, "/communities", page),
        Call::GetCommunityMetadata { community } | Call::ListSubgroups { community } => request(config, Method::Get, &["/communities-metadata/", community.digits()].concat(), None),
        Call::UpdateCommunitySettings { community, admins_only } => {
            let body = ObjectWriter::new().str("communityId", community.digits()).str("whoCanAddNewGroups", if *admins_only { "admins" } else { "all" });
            post(config, "/communities/settings", body)
        }
        Call::UpdateCommunityDescription { community, description } => {
            let body = ObjectWriter::new().str("communityId", community.digits()).str("communityDescription", description);
            post(config, "/update-community-description", body)
        }
        Call::DeactivateCommunity { community } => request(config, Method::Delete, &["/communities/", community.digits()].concat(), None),
        Call::ResetCommunityInvitationLink { community } => request(config, Method::Post, &["/redefine-invitation-link/", community.digits()].concat(), None),
        Call::UpdateCommunityPhoto { community, photo } => {
            let body = ObjectWriter::new().str("communityId", community.digits()).str("communityPhoto", &photo_for_zapi(photo));
            post(config, "/update-community-photo", body)
        }
        // The group endpoints, given the community's id: its members are its announcements group's.
        community_participants_call!(action, community, participants) => {
            let path = match action {
                ParticipantAction::Add => "/add-participant",
                ParticipantAction::Remove => "/remove-participant",
                ParticipantAction::Promote => "/add-admin",
                _ => "/remove-admin",
            };
            let mut body = ObjectWriter::new();
            if let Call::AddCommunityParticipants { auto_invite, .. } = call {
                body = body.bool("autoInvite", auto_invite.unwrap_or(false));
            }
            post(config, path, body.str("communityId", community.digits()).strs("phones", participants.iter().map(Participant::canonical)))
        }
        Call::SetGroupAddPrivacy { who, except_add, except_remove } => {
            let scope = match who {
                GroupAddScope::Everyone => "ALL",
                GroupAddScope::Contacts => "CONTACTS",
                GroupAddScope::ContactsExcept => "CONTACT_BLACKLIST",
            };
            let mut body = ObjectWriter::new().str("type", scope);
            if !except_add.is_empty() || !except_remove.is_empty() {
                let changes: Vec<String> = except_add
                    .iter()
                    .map(|p| ("add", p))
                    .chain(except_remove.iter().map(|p| ("remove", p)))
                    .map(|(action, p)| ObjectWriter::new().str("action", action).str("phone", p.digits()).finish())
                    .collect();
                body = body.raw("contactsBlacklist", &["[", &changes.join(","), "]"].concat());
            }
            post(config, "/privacy/group-add", body)
        }
        // Group events reach the received-messages webhook (webhooks/on-message-received).
        Call::SetWebhook { url, .. } => request(config, Method::Put, "/update-webhook-received", Some(ObjectWriter::new().str("value", url).finish())),
        // No endpoint (`supports` lists them and refuses them before anything is built;
        // tests/unsupported.rs fails if a supported operation ever lands here).
        _ => request(config, Method::Get, "/unsupported", None),
    }
}

/// Whether Z-API has an endpoint for the operation.
pub fn supports(op: crate::operation::Operation) -> bool {
    use crate::operation::Operation as O;
    !matches!(op, O::RemoveGroupPhoto | O::ListPendingRequests)
}

/// The request to send instead, when an answer says the first one used the wrong form.
/// Z-API takes base64 images only as `data:image/<type>;base64,…` (its docs, "Enviar
/// imagem" and update-group-photo): bare base64 gets the prefix its first bytes tell.
/// Validation refused bare base64 whose type cannot be told, so it is never sent bare.
fn photo_for_zapi(photo: &str) -> String {
    let is_url = ["https://", "http://", "data:"].iter().any(|p| photo.starts_with(p));
    match crate::call::sniff_image_type(photo) {
        Some(kind) if !is_url => ["data:image/", kind, ";base64,", photo].concat(),
        _ => photo.to_owned(),
    }
}

pub fn follow_up(call: &Call, sent: &Request, resp: &Response) -> Option<Request> {
    // An instance on the older API takes only POST: it only reads, so asking again is safe.
    if matches!(call, Call::GetInvitationLink { .. }) && resp.status == 405 && sent.method == Method::Get {
        let mut again = sent.clone();
        again.method = Method::Post;
        return Some(again);
    }
    None
}

/// What Z-API said in an error body: `error`, with `message` after it when both exist.
fn error_message(v: &Value) -> Option<String> {
    match (first_str(v, &["error"]), first_str(v, &["message"])) {
        (Some(e), Some(m)) if e != m => Some([e, ": ", m].concat()),
        (Some(e), _) => Some(e.to_owned()),
        (None, Some(m)) => Some(m.to_owned()),
        (None, None) => None,
    }
}

/// A body that is not a JSON object may still be Z-API talking: a JSON string, or a
/// short plain-text line such as `10.0.0.1 not allowed`. HTML pages are not messages.
fn plain_message(parsed: &Result<Value, json::ParseError>, body: &str) -> Option<String> {
    match parsed {
        Ok(Value::String(s)) => Some(s.clone()),
        Ok(v) => error_message(v),
        Err(_) => {
            let t = body.trim();
            (!t.is_empty() && t.len() <= 300 && !t.contains('<') && !t.contains('\n')).then(|| t.to_owned())
        }
    }
}

/// Reads Z-API's answer; `body` is the (redacted) text and `parsed` its JSON reading.
pub fn parse(call: &Call, resp: &Response, body: &str, parsed: Result<Value, json::ParseError>, now_ms: Option<u64>) -> Result<Outcome, Error> {
    if !resp.is_success() {
        let message = plain_message(&parsed, body);
        return Err(classify::refusal(P, resp, body, message.as_deref(), now_ms));
    }
    // A 2xx whose text is an error ("You are not connected.", "<ip> not allowed") is a
    // refusal, except for link/unlink, where the contract has every 200 resolve (each
    // group then fails with that message as its reason).
    let membership_call = matches!(call, Call::LinkGroups { .. } | Call::UnlinkGroups { .. });
    let refusal_text = plain_message(&parsed, body)
        .filter(|m| classify::says_disconnected(m) || crate::text::contains(&m.to_ascii_lowercase(), "not allowed"))
        .filter(|_| !matches!(parsed, Ok(ref v) if v.get("success").and_then(Value::as_bool) == Some(true)));
    if let Some(m) = refusal_text.as_deref().filter(|_| !membership_call) {
        return Err(classify::refusal(P, resp, body, Some(m), now_ms));
    }
    let v = match (parsed, refusal_text) {
        // A 200 that is only such a message, as text or a JSON string: every group refused.
        (Err(_) | Ok(Value::String(_)), Some(m)) => Value::Object(vec![("success".to_owned(), Value::Bool(false)), ("error".to_owned(), Value::String(m))]),
        // Deactivating a community and setting a webhook answer with an undocumented body:
        // any 2xx will do.
        (Err(_), None) if matches!(call, Call::DeactivateCommunity { .. } | Call::SetWebhook { .. }) => Value::Object(Vec::new()),
        (Ok(v), _) => v,
        (Err(e), None) => return Err(classify::undocumented(P, resp, body, &["a body that is not JSON (", &e.describe(), ")"].concat())),
    };
    let listing = matches!(call, Call::ListGroups { .. } | Call::ListCommunities { .. });
    if v.as_object().is_none() && !(listing && v.as_array().is_some()) {
        return Err(classify::undocumented(P, resp, body, ["a JSON ", v.type_name(), " instead of an object"].concat().as_str()));
    }
    // A 2xx that carries only an error is a refusal (e.g. "You are not connected.").
    let refused = |what: &str| match error_message(&v) {
        Some(m) => classify::refusal(P, resp, body, Some(&m), now_ms),
        None => classify::undocumented(P, resp, body, what),
    };
    // `{"value": true}` / `{"success": true}` confirm a change; false refuses it.
    let confirmed = |outcome: Outcome| match v.get("value").or_else(|| v.get("success")).and_then(Value::as_bool) {
        Some(true) => Ok(outcome),
        Some(false) => Err(classify::refusal(P, resp, body, Some(error_message(&v).as_deref().unwrap_or("Z-API answered that it did not do it")), now_ms)),
        None => Err(refused("no `value` or `success`")),
    };
    match call {
        Call::CreateGroup { .. } => {
            let group = first_str(&v, &["phone"]).and_then(|s| GroupId::parse(s).ok()).ok_or_else(|| refused("no group id in `phone`"))?;
            let invitation_link = first_str(&v, &["invitationLink"]).and_then(invite_link);
            // Items are documented as phone strings; numbers and {phone} objects are read
            // too, so that nobody who was left out goes unreported.
            let not_added = array(&v, "phonesNotAdded")
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| match item {
                            Value::String(s) => Some(canonical_participant(s)),
                            n @ Value::Number(_) => n.integer_text().map(|digits| canonical_participant(&digits)),
                            other => first_str(other, &["phone", "id", "jid"]).map(canonical_participant),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Ok(Outcome::CreatedGroup(CreatedGroup { group, invitation_link, not_added }))
        }
        Call::GetInvitationLink { group } | Call::ResetInvitationLink { group } => {
            let link = first_str(&v, &["invitationLink"]).and_then(invite_link).ok_or_else(|| refused("no `invitationLink`"))?;
            Ok(Outcome::InvitationLink(InvitationLink { group: group.clone(), invitation_link: link }))
        }
        Call::ResetCommunityInvitationLink { community } => {
            let link = first_str(&v, &["invitationLink"]).and_then(invite_link).ok_or_else(|| refused("no `invitationLink`"))?;
            Ok(Outcome::CommunityInvitationLink { community: community.clone(), invitation_link: link })
        }
        Call::LinkGroups { community, groups } => Ok(Outcome::Linked(membership(&v, community, groups).ok_or_else(|| refused("no `success`"))?)),
        Call::UnlinkGroups { community, groups } => Ok(Outcome::Unlinked(membership(&v, community, groups).ok_or_else(|| refused("no `success`"))?)),
        Call::ListGroups { page } => {
            let list = items(&v, &["groups", "chats"]).ok_or_else(|| refused("no list of groups"))?;
            let groups: Vec<GroupSummary> = list
                .iter()
                .filter(|g| boolish(g.get("isGroup")) != Some(false))
                .filter_map(|g| {
                    // Bare digits are a group only when the item says it is one.
                    let id = first_str(g, &["phone", "id"])?;
                    let group = if boolish(g.get("isGroup")) == Some(true) { GroupId::parse(id) } else { GroupId::parse_marked(id) }.ok()?;
                    Some(GroupSummary { group, name: text(g, &["name", "subject"]) })
                })
                .collect();
            // No total is given: a full page may have more after it.
            let p = page.unwrap_or(Page::DEFAULT);
            Ok(Outcome::GroupList { has_more: Some(list.len() >= p.size as usize), groups, page: Some(p.page) })
        }
        Call::GetGroupMetadata { group } | Call::GetGroupMetadataLight { group } => {
            let mut m = metadata(&v).ok_or_else(|| refused("no group metadata (`phone`, `subject`)"))?;
            m.group = Some(group.clone());
            if matches!(call, Call::GetGroupMetadataLight { .. }) {
                m.invitation_link = None;
            }
            Ok(Outcome::GroupMetadata(m))
        }
        Call::GetInvitationInfo { .. } => {
            let m = metadata(&v).filter(|m| m.group.is_some()).ok_or_else(|| refused("no group in the invitation metadata"))?;
            Ok(Outcome::InvitationInfo(m))
        }
        Call::JoinGroup { .. } => {
            let group = first_str(&v, &["phone", "groupId"]).and_then(|s| GroupId::parse(s).ok());
            // Z-API answers {"success": true} whether the join happened or was queued for
            // an admin's approval: unless it says, that is unknown.
            confirmed(Outcome::Joined { group, requires_approval: boolish(v.get("requiresApproval")) })
        }
        participants_call!(_, group, participants, _) => {
            let (succeeded, failed) = participants_result(&v, participants, &refused)?;
            Ok(Outcome::Participants { group: group.clone(), succeeded, failed })
        }
        community_participants_call!(_, community, participants) => {
            let (succeeded, failed) = participants_result(&v, participants, &refused)?;
            Ok(Outcome::CommunityParticipants { community: community.clone(), succeeded, failed })
        }
        Call::UpdateCommunityPhoto { community, .. } => confirmed(Outcome::CommunityDone { community: community.clone() }),
        Call::SetGroupAddPrivacy { who, .. } => confirmed(Outcome::GroupAddPrivacy { who: *who }),
        // The answer is undocumented for this route (its page shows a bare 200;
        // update-every-webhooks answers `value`): only an explicit false refuses.
        Call::SetWebhook { url, .. } => match v.get("value").or_else(|| v.get("success")).and_then(Value::as_bool) {
            Some(false) => Err(classify::refusal(P, resp, body, Some(error_message(&v).as_deref().unwrap_or("Z-API answered that it did not do it")), now_ms)),
            _ => Ok(Outcome::Webhook { url: url.clone(), label: None, events: None, has_authorization: false }),
        },
        Call::UpdateGroupName { group, .. }
        | Call::UpdateGroupDescription { group, .. }
        | Call::UpdateGroupPhoto { group, .. }
        | Call::UpdateGroupSettings { group, .. }
        | Call::LeaveGroup { group } => confirmed(Outcome::GroupDone { group: group.clone() }),
        Call::CreateCommunity { .. } => {
            let community = first_str(&v, &["id", "communityId", "phone"]).and_then(|s| CommunityId::parse(s).ok()).ok_or_else(|| refused("no community `id`"))?;
            let announcements = subgroups(&v).into_iter().find(|s| s.is_announcements).map(|s| s.group);
            let membership = Membership { community: community.clone(), done: Vec::new(), failed: Vec::new() };
            Ok(Outcome::CreatedCommunity { community, is_community: true, announcements, membership })
        }
        Call::ListCommunities { page } => {
            let list = items(&v, &["communities"]).ok_or_else(|| refused("no list of communities"))?;
            let communities = list.iter().filter_map(|c| Some((first_str(c, &["id", "communityId", "phone"]).and_then(|s| CommunityId::parse(s).ok())?, text(c, &["name", "subject"])))).collect();
            let p = page.unwrap_or(Page::DEFAULT);
            Ok(Outcome::CommunityList { has_more: Some(list.len() >= p.size as usize), communities, page: Some(p.page) })
        }
        Call::GetCommunityMetadata { community } => {
            if v.get("subGroups").is_none() && v.get("id").is_none() {
                return Err(refused("no community metadata (`id`, `subGroups`)"));
            }
            Ok(Outcome::CommunityMetadata { community: community.clone(), name: text(&v, &["name", "subject"]), description: text(&v, &["description"]), subgroups: subgroups(&v) })
        }
        Call::ListSubgroups { community } => {
            if v.get("subGroups").is_none() {
                return Err(refused("no `subGroups`"));
            }
            Ok(Outcome::Subgroups { community: community.clone(), subgroups: subgroups(&v) })
        }
        Call::UpdateCommunitySettings { community, .. } | Call::UpdateCommunityDescription { community, .. } => confirmed(Outcome::CommunityDone { community: community.clone() }),
        Call::DeactivateCommunity { community } => {
            // The answer is undocumented: only an explicit false refuses.
            match v.get("value").or_else(|| v.get("success")).and_then(Value::as_bool) {
                Some(false) => Err(classify::refusal(P, resp, body, Some(error_message(&v).as_deref().unwrap_or("Z-API answered that it did not do it")), now_ms)),
                _ => Ok(Outcome::CommunityDone { community: community.clone() }),
            }
        }
        // The operations `supports` refuses: nothing was sent, so no answer is theirs.
        _ => Err(classify::undocumented(P, resp, body, "an answer to an operation it has no endpoint for")),
    }
}

/// One result per requested participant from a participants answer (`{value}`, and
/// undocumented lists of those that failed).
fn participants_result(v: &Value, participants: &[Participant], refused: &dyn Fn(&str) -> Error) -> Result<(Vec<String>, Vec<ParticipantFailure>), Error> {
    let ok = v.get("value").or_else(|| v.get("success")).and_then(Value::as_bool).ok_or_else(|| refused("no `value`"))?;
    // Undocumented: when some did not go through, a list may name them.
    let mut failed = Vec::new();
    for (key, val) in v.as_object().unwrap_or(&[]) {
        if let (true, Value::Array(list)) = (is_failure_key(key), val) {
            for item in list {
                let id = item.as_str().or_else(|| first_str(item, &["phone", "participant", "jid"]));
                if let Some(id) = id {
                    let reason = first_str(item, &["reason", "error", "message"]).or(error_message(v).as_deref()).map(str::to_owned);
                    failed.push(ParticipantFailure { phone: canonical_participant(id), reason });
                }
            }
        }
    }
    let message = error_message(v);
    // `{value: false}` alone: nobody is known to have gone through. With a list
    // naming requested phones that failed ("some failed"), the others went through.
    let named = failed.iter().any(|f| participants.iter().any(|p| p.canonical() == f.phone));
    let unreported = if ok || named { Ok(()) } else { Err(message.as_deref().or(Some("Z-API answered value: false"))) };
    let (succeeded, failed) = reconcile_phones(participants, &[], &failed, unreported);
    Ok((succeeded, failed))
}

/// Z-API's group metadata object (also the invitation metadata's).
fn metadata(v: &Value) -> Option<GroupMetadata> {
    let group = first_str(v, &["phone"]).and_then(|s| GroupId::parse(s).ok());
    if group.is_none() && v.get("subject").is_none() {
        return None;
    }
    let owner = first_str(v, &["owner"]).map(canonical_participant);
    Some(GroupMetadata {
        group,
        name: text(v, &["subject", "name"]),
        description: text(v, &["description"]),
        owner,
        created_at: timestamp_ms(v.get("creation")),
        invitation_link: first_str(v, &["invitationLink"]).and_then(invite_link),
        invitation_link_error: text(v, &["invitationLinkError"]),
        community: first_str(v, &["communityId"]).and_then(|s| CommunityId::parse(s).ok()),
        is_announcements: boolish(v.get("isGroupAnnouncement")).unwrap_or(false),
        settings: SettingsState {
            only_admins_can_send: boolish(v.get("adminOnlyMessage")),
            only_admins_can_edit_info: boolish(v.get("adminOnlySettings")),
            require_admin_approval: boolish(v.get("requireAdminApproval")),
            only_admins_can_add_members: boolish(v.get("adminOnlyAddMember")),
        },
        participants: participants(array(v, "participants")),
        participants_count: super::u64ish(v.get("participantsCount")),
    })
}

/// `subGroups[{name, phone, isGroupAnnouncement}]` of community answers.
fn subgroups(v: &Value) -> Vec<Subgroup> {
    array(v, "subGroups")
        .unwrap_or(&[])
        .iter()
        .filter_map(|s| {
            Some(Subgroup {
                group: first_str(s, &["phone", "id"]).and_then(|id| GroupId::parse(id).ok())?,
                name: text(s, &["name", "subject"]),
                is_announcements: boolish(s.get("isGroupAnnouncement")).unwrap_or(false),
            })
        })
        .collect()
}

/// Words that mark an array or a message as being about groups that did not go through
/// (Z-API writes in English and Portuguese).
const FAILURE_WORDS: [&str; 16] = ["fail", "failed", "error", "erro", "invalid", "already", "not", "reject", "rejected", "refused", "another", "outra", "já", "não", "nao", "unable"];

/// Whether a message speaks of failure, word by word ("notification" is not "not").
/// ASCII case folding and separators only: Unicode tables would double the wasm's size
/// for the sake of "JÁ".
fn is_failure_message(s: &str) -> bool {
    s.to_ascii_lowercase().split(|c: char| c.is_ascii_whitespace() || c.is_ascii_punctuation()).any(|w| FAILURE_WORDS.contains(&w))
}

/// Whether an array member's name speaks of failure: `failed`, `notLinked`,
/// `alreadyInCommunity`, `errors`… (camelCase and snake_case words).
fn is_failure_key(key: &str) -> bool {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in key.chars() {
        let separator = c.is_ascii_whitespace() || c.is_ascii_punctuation();
        if (c.is_ascii_uppercase() || separator) && !word.is_empty() {
            words.push(core::mem::take(&mut word));
        }
        if !separator {
            word.push(c.to_ascii_lowercase());
        }
    }
    words.push(word);
    words.iter().any(|w| FAILURE_WORDS.contains(&w.as_str()) || w.starts_with("fail") || w.starts_with("error"))
}

/// Whether `text` names `group` as a whole id (not as part of a longer number).
fn names_group(text: &str, group: &GroupId) -> bool {
    let id = group.bare();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text.get(from..).and_then(|t| crate::text::find(t, &id)) {
        let start = from + pos;
        let end = start + id.len();
        let digit_before = start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_digit);
        let digit_after = bytes.get(end).is_some_and(u8::is_ascii_digit);
        if !digit_before && !digit_after {
            return true;
        }
        from = start + 1;
    }
    false
}

/// Z-API documents only `{"success": true}` for link and unlink, yet says a partial link
/// names the group that is already in another community. Read, in order:
/// 1. any array member whose name speaks of failure (`failed`, `alreadyInCommunity`,
///    `notLinked`, ...) as failed groups, any other array of ids as done;
/// 2. a top-level message that names a requested group and speaks of failure;
/// 3. for groups still unmentioned: when the answer listed groups that went through, they
///    were not among them (failed); otherwise `success` decides (false: failed, with the
///    message).
///
/// None when the answer has neither `success`, nor any group list, nor an error message.
fn membership(v: &Value, community: &CommunityId, requested: &[GroupId]) -> Option<Membership> {
    let success = v.get("success").and_then(Value::as_bool).or_else(|| v.get("value").and_then(Value::as_bool));
    let message = error_message(v);
    let mut reported = Reported::default();
    let mut saw_list = false;
    let mut saw_done_list = false;
    for (key, val) in v.as_object().unwrap_or(&[]) {
        if let Value::Array(items) = val {
            saw_list = true;
            let failed = is_failure_key(key);
            saw_done_list |= !failed;
            Reported::read_items(items, failed, if failed { message.as_deref() } else { None }, &mut reported);
        }
    }
    if let Some(m) = message.as_deref().filter(|m| is_failure_message(m)) {
        for g in requested {
            let already = reported.failed.iter().any(|f| &f.group == g);
            if names_group(m, g) && !already {
                reported.failed.push(crate::outcome::GroupFailure { group: g.clone(), reason: Some(m.to_owned()) });
            }
        }
    }
    let unreported = match success {
        _ if saw_done_list => Err(Some("not among the groups Z-API reported as done")),
        Some(true) => Ok(()),
        Some(false) => Err(message.as_deref()),
        None if saw_list => Err(Some("not named in Z-API's answer")),
        // Only an error message: every group refused, with it as the reason.
        None if message.is_some() => Err(message.as_deref()),
        None => return None,
    };
    Some(crate::outcome::reconcile(community, requested, &reported, unreported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_words_are_whole_words() {
        assert!(is_failure_message("Group 120363111111111122-group already belongs to another community"));
        assert!(is_failure_message("grupo já está em outra comunidade"));
        assert!(!is_failure_message("notification sent; groups linked"));
        assert!(is_failure_key("notLinked") && is_failure_key("alreadyInCommunity") && is_failure_key("failed_groups") && is_failure_key("errors"));
        assert!(!is_failure_key("linked") && !is_failure_key("groupsPhones") && !is_failure_key("notifications"));
    }

    #[test]
    fn a_group_is_named_only_as_a_whole_id() {
        let short = GroupId::parse("1203631111111111").unwrap();
        assert!(!names_group("120363111111111122-group already in another community", &short));
        assert!(names_group("1203631111111111-group already in another community", &short));
        assert!(names_group("groups: 5,1203631111111111", &short));
    }
}
