//! RyzeAPI: `{base}/api/…/{instance}`, header `token`, JIDs everywhere.
//!
//! Quirks absorbed here:
//! - errors come in `{"success": false, "error": {"message": …}}` with no code;
//! - payloads sit at the top level, under `group`, or under `data`, depending on the page;
//! - unlink answers in link's shape: its `linked[]` lists the groups *unlinked*;
//! - there is no "get invitation link" endpoint: the group's details carry it (reading
//!   them changes nothing, unlike `resetLink`);
//! - create answers GroupInfo without a "not added" list: who is missing from its
//!   `participants` was not added.

use super::{array, first_str, invite_link, payload, INVITE_PREFIX};
use crate::call::Call;
use crate::classify;
use crate::config::{Config, Provider};
use crate::error::{Error, ErrorKind};
use crate::http::{Method, Request, Response};
use crate::ids::{CommunityId, GroupId, Phone};
use crate::json::{self, ObjectWriter, Value};
use crate::outcome::{reconcile, CreatedGroup, InvitationLink, Membership, Outcome, Reported};
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

pub fn build(config: &Config, call: &Call) -> Request {
    match call {
        Call::CreateGroup { name, participants, .. } => {
            let body = ObjectWriter::new().str("name", name).strs("participants", participants.iter().map(Phone::digits)).finish();
            request(config, Method::Post, "/api/group/create", None, Some(body))
        }
        Call::GetInvitationLink { group } => {
            let mut r = request(config, Method::Get, "/api/group/info", Some(("identifier", &group.jid())), None);
            // The member list is not needed for the link; leaving it out keeps the answer small.
            r.url.push_str("&participants=false");
            r
        }
        Call::LinkGroups { community, groups } | Call::UnlinkGroups { community, groups } => {
            let path = if matches!(call, Call::LinkGroups { .. }) { "/api/community/link" } else { "/api/community/unlink" };
            let jids: Vec<String> = groups.iter().map(GroupId::jid).collect();
            let body = ObjectWriter::new().str("communityJid", &community.jid()).strs("groupJid", jids.iter().map(String::as_str)).finish();
            request(config, Method::Post, path, None, Some(body))
        }
    }
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
                    let present: Vec<String> = members
                        .iter()
                        .filter_map(|m| m.as_str().or_else(|| first_str(m, &["jid", "phone", "id"])))
                        .filter_map(|s| Phone::parse(s).ok())
                        .map(|p| p.digits().to_owned())
                        .collect();
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
                Error::new(ErrorKind::Provider, "RyzeAPI returned the group without an invitation link (only admins see it: is the connected number an admin of this group?)")
                    .with_response(resp.status, body)
            })?;
            Ok(Outcome::InvitationLink(InvitationLink { group: group.clone(), invitation_link: link }))
        }
        Call::LinkGroups { community, groups } => Ok(Outcome::Linked(membership(&v, community, groups).ok_or_else(|| refused("no `linked`/`failed` lists"))?)),
        Call::UnlinkGroups { community, groups } => Ok(Outcome::Unlinked(membership(&v, community, groups).ok_or_else(|| refused("no `linked`/`failed` lists"))?)),
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
