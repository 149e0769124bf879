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
        (Ok(v), _) => v,
        (Err(e), None) => return Err(classify::undocumented(P, resp, body, &["a body that is not JSON (", &e.describe(), ")"].concat())),
    };
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
            // Items are documented as phone strings; numbers and {phone} objects are read
            // too, so that nobody who was left out goes unreported.
            let not_added = array(&v, "phonesNotAdded")
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| match item {
                            Value::String(s) => Some(s.as_str()),
                            Value::Number(n) => Some(n.as_str()),
                            other => first_str(other, &["phone", "id", "jid"]),
                        })
                        .map(canonical_participant)
                        .collect()
                })
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

/// Words that mark an array or a message as being about groups that did not go through
/// (Z-API writes in English and Portuguese).
const FAILURE_WORDS: [&str; 16] = [
    "fail", "failed", "error", "erro", "invalid", "already", "not", "reject", "rejected", "refused", "another", "outra",
    "já", "não", "nao", "unable",
];

/// Whether a message speaks of failure, word by word ("notification" is not "not").
/// ASCII case folding and separators only: Unicode tables would double the wasm's size
/// for the sake of "JÁ".
fn is_failure_message(s: &str) -> bool {
    s.to_ascii_lowercase()
        .split(|c: char| c.is_ascii_whitespace() || c.is_ascii_punctuation())
        .any(|w| FAILURE_WORDS.contains(&w))
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
