//! Z-API: `{base}/instances/{instance}/token/{token}/…`, optional `Client-Token` header.
//!
//! Quirks absorbed here:
//! - ids: new groups as `…-group`, communities as bare digits;
//! - the invitation link endpoint is POST in the seed docs and GET in a later revision:
//!   a 405 on it is retried once with GET (it only reads);
//! - link/unlink answer `{"success": bool}`, and the shape naming groups that failed is
//!   undocumented, so it is read defensively (see `membership`).

use super::{array, first_str, invite_link};
use crate::call::Call;
use crate::classify;
use crate::config::{Config, Provider};
use crate::error::Error;
use crate::http::{Method, Request, Response};
use crate::ids::{canonical_participant, CommunityId, GroupId};
use crate::json::{self, ObjectWriter, Value};
use crate::outcome::{CreatedGroup, InvitationLink, Membership, Outcome, Reported};
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

pub fn build(config: &Config, call: &Call) -> Request {
    match call {
        Call::CreateGroup { name, participants, auto_invite } => {
            let body = ObjectWriter::new()
                .bool("autoInvite", auto_invite.unwrap_or(false))
                .str("groupName", name)
                .strs("phones", participants.iter().map(|p| p.digits()))
                .finish();
            request(config, Method::Post, "/create-group", Some(body))
        }
        Call::GetInvitationLink { group } => {
            request(config, Method::Post, &["/group-invitation-link/", &percent_encode(&group.zapi())].concat(), None)
        }
        Call::LinkGroups { community, groups } | Call::UnlinkGroups { community, groups } => {
            let path = if matches!(call, Call::LinkGroups { .. }) { "/communities/link" } else { "/communities/unlink" };
            let ids = group_list(groups);
            let body = ObjectWriter::new()
                .str("communityId", community.digits())
                .strs("groupsPhones", ids.iter().map(String::as_str))
                .finish();
            request(config, Method::Post, path, Some(body))
        }
    }
}

/// The request to send instead, when an answer says the first one used the wrong form.
pub fn follow_up(call: &Call, sent: &Request, resp: &Response) -> Option<Request> {
    if matches!(call, Call::GetInvitationLink { .. }) && resp.status == 405 && sent.method == Method::Post {
        let mut again = sent.clone();
        again.method = Method::Get;
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

pub fn parse(call: &Call, resp: &Response, body: &str, now_ms: Option<u64>) -> Result<Outcome, Error> {
    let parsed = json::parse(body);
    if !resp.is_success() {
        let message = parsed.as_ref().ok().and_then(error_message);
        return Err(classify::refusal(P, resp, body, message.as_deref(), now_ms));
    }
    let v = parsed.map_err(|e| classify::undocumented(P, resp, body, &["a body that is not JSON (", &e.describe(), ")"].concat()))?;
    if v.as_object().is_none() {
        return Err(classify::undocumented(P, resp, body, ["a JSON ", v.type_name(), " instead of an object"].concat().as_str()));
    }
    // A 2xx that carries only an error is a refusal (e.g. "You are not connected.").
    let refused = |what: &str| match error_message(&v) {
        Some(m) => classify::refusal(P, resp, body, Some(&m), now_ms),
        None => classify::undocumented(P, resp, body, what),
    };
    match call {
        Call::CreateGroup { .. } => {
            let group = first_str(&v, &["phone"]).and_then(|s| GroupId::parse(s).ok()).ok_or_else(|| refused("no group id in `phone`"))?;
            let invitation_link = first_str(&v, &["invitationLink"]).and_then(invite_link);
            let not_added = array(&v, "phonesNotAdded")
                .map(|items| items.iter().filter_map(Value::as_str).map(canonical_participant).collect())
                .unwrap_or_default();
            Ok(Outcome::CreatedGroup(CreatedGroup { group, invitation_link, not_added }))
        }
        Call::GetInvitationLink { group } => {
            let link = first_str(&v, &["invitationLink"]).and_then(invite_link).ok_or_else(|| refused("no `invitationLink`"))?;
            Ok(Outcome::InvitationLink(InvitationLink { group: group.clone(), invitation_link: link }))
        }
        Call::LinkGroups { community, groups } => Ok(Outcome::Linked(membership(&v, community, groups).ok_or_else(|| refused("no `success`"))?)),
        Call::UnlinkGroups { community, groups } => Ok(Outcome::Unlinked(membership(&v, community, groups).ok_or_else(|| refused("no `success`"))?)),
    }
}

/// Words that mark an array or a message as being about groups that did not go through.
const FAILURE_WORDS: [&str; 12] =
    ["fail", "error", "invalid", "already", "not", "reject", "refus", "another", "outra", "já", "erro", "não"];

fn is_failure_text(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    FAILURE_WORDS.iter().any(|w| lower.contains(w))
}

/// Z-API documents only `{"success": true}` for link and unlink, yet says a partial link
/// names the group that is already in another community. Read, in order:
/// 1. any array member whose name speaks of failure (`failed`, `alreadyInCommunity`,
///    `notLinked`, ...) as failed groups, any other array of ids as done;
/// 2. a top-level message that names a requested group and speaks of failure;
/// 3. for groups still unmentioned, `success` decides (false: failed with the message).
///
/// None when the answer has neither `success` nor any group list.
fn membership(v: &Value, community: &CommunityId, requested: &[GroupId]) -> Option<Membership> {
    let success = v.get("success").and_then(Value::as_bool).or_else(|| v.get("value").and_then(Value::as_bool));
    let message = error_message(v);
    let mut reported = Reported::default();
    let mut saw_list = false;
    for (key, val) in v.as_object().unwrap_or(&[]) {
        if let Value::Array(items) = val {
            saw_list = true;
            let failed = is_failure_text(key);
            Reported::read_items(items, failed, if failed { message.as_deref() } else { None }, &mut reported);
        }
    }
    if let Some(m) = message.as_deref().filter(|m| is_failure_text(m)) {
        for g in requested {
            let named = m.contains(&g.bare());
            let already = reported.failed.iter().any(|f| &f.group == g);
            if named && !already {
                reported.failed.push(crate::outcome::GroupFailure { group: g.clone(), reason: Some(m.to_owned()) });
            }
        }
    }
    let unreported = match success {
        Some(true) => Ok(()),
        Some(false) => Err(message.as_deref()),
        None if saw_list => Err(Some("not named in Z-API's answer")),
        None => return None,
    };
    Some(crate::outcome::reconcile(community, requested, &reported, unreported))
}
