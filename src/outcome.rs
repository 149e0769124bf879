//! Typed results, in canonical ids whichever provider served them.

use crate::ids::{CommunityId, GroupId};
use crate::json::{ObjectWriter, Value};

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    CreatedGroup(CreatedGroup),
    InvitationLink(InvitationLink),
    Linked(Membership),
    Unlinked(Membership),
}

impl Outcome {
    /// The result object of the contract (`CreatedGroup`, `InvitationLink`, ...).
    pub fn to_json(&self) -> String {
        match self {
            Outcome::CreatedGroup(c) => ObjectWriter::new()
                .str("groupId", &c.group.jid())
                .opt_str("invitationLink", c.invitation_link.as_deref())
                .strs("notAdded", c.not_added.iter().map(String::as_str))
                .finish(),
            Outcome::InvitationLink(l) => {
                ObjectWriter::new().str("groupId", &l.group.jid()).str("invitationLink", &l.invitation_link).finish()
            }
            Outcome::Linked(m) => membership_json(m, "linked"),
            Outcome::Unlinked(m) => membership_json(m, "unlinked"),
        }
    }
}

fn membership_json(m: &Membership, done_key: &str) -> String {
    let done: Vec<String> = m.done.iter().map(GroupId::jid).collect();
    let mut failed = String::from("[");
    for (i, f) in m.failed.iter().enumerate() {
        if i > 0 {
            failed.push(',');
        }
        failed.push_str(&ObjectWriter::new().str("groupId", &f.group.jid()).opt_str("reason", f.reason.as_deref()).finish());
    }
    failed.push(']');
    ObjectWriter::new()
        .str("communityId", &m.community.jid())
        .strs(done_key, done.iter().map(String::as_str))
        .raw("failed", &failed)
        .finish()
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
                    let id = ["groupId", "groupJid", "jid", "groupPhone", "phone", "id", "group"]
                        .iter()
                        .find_map(|k| item.get(k).and_then(Value::as_str));
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
pub fn reconcile(
    community: &CommunityId,
    requested: &[GroupId],
    reported: &Reported,
    unreported: Result<(), Option<&str>>,
) -> Membership {
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
    fn results_serialise_in_canonical_form() {
        let c = CommunityId::parse("120363186053925765").unwrap();
        let m = Membership { community: c, done: vec![g("111111111-group")], failed: vec![GroupFailure { group: g("5511999999999-1623281429"), reason: None }] };
        let v: serde_json::Value = serde_json::from_str(&Outcome::Unlinked(m).to_json()).unwrap();
        assert_eq!(v, serde_json::json!({"communityId":"120363186053925765@g.us","unlinked":["111111111@g.us"],"failed":[{"groupId":"5511999999999-1623281429@g.us","reason":null}]}));
    }
}
