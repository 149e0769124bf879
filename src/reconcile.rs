//! Exactly-once creates (`reconcileCreates`): what to do with a `createGroup` whose answer
//! was lost after the request may have reached the gateway. Sending it again blindly can
//! make a second group; giving up leaves the caller not knowing. Instead the client looks:
//!
//! 1. Before the first such create, it notes every group the instance already has
//!    (`Known::from_lists`, one listing per client, shared by its calls).
//! 2. When a create's answer is lost, it lists the groups again and takes those named as
//!    the create asked that are neither known from before nor already claimed by another
//!    of its calls (`candidates`).
//! 3. One or more: the create went through; the first candidate is this call's group
//!    (claimed, so a concurrent call with the same name gets the next one), and the
//!    result is built from its metadata (`created_from`). None: the create never arrived,
//!    and sending it again is safe.
//!
//! `createCommunity` is looked for the same way: on Z-API among the communities
//! (`listCommunities`), on RyzeAPI, which lists no communities, among the groups, where a
//! new community shows as its announcements group (same name, `isAnnouncements`, its
//! `communityId`: `community_of`).
//!
//! A caller that keeps its own record across processes (a job engine) gives the known
//! groups (`Settings::known`) and decides each claim itself; a create its earlier process
//! may have sent is looked for before it is sent (`mayHaveBeenSent`).
//!
//! What cannot be told apart: a group of the same name made meanwhile by someone else on
//! the same instance. The listing, not a clock, decides: the gateways' clocks and the
//! caller's need not agree.

use crate::error::{Error, ErrorKind};
use crate::ids::{CommunityId, GroupId, Phone};
use crate::issues::Issues;
use crate::json::{Obj, Value};

/// `reconcileCreates` as the client was given it: `true`, or `{known?, claim?}` (`claim`,
/// a function, is the runtime's to read).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The groups and communities the instance had before, when the caller keeps them:
    /// the client then lists nothing before its first create.
    pub known: Option<Vec<GroupId>>,
}

/// Reads `reconcileCreates`: `None` when off; every problem is an issue.
pub fn read_settings(v: Option<&Value>, issues: &mut Issues) -> Option<Settings> {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some(Settings::default()),
        Some(obj @ Value::Object(_)) => {
            crate::issues::unknown_keys(obj, &["known", "claim"], "reconcileCreates.", "a reconcileCreates option", issues);
            let known = match obj.get("known") {
                None | Some(Value::Null) => None,
                Some(Value::Array(items)) => Some(
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(i, item)| {
                            let id = item.as_str().ok_or("must be a string: a group or community id").and_then(GroupId::parse);
                            id.map_err(|m| issues.add(["reconcileCreates.known[", &i.to_string(), "]"].concat(), m)).ok()
                        })
                        .collect(),
                ),
                Some(_) => {
                    issues.add("reconcileCreates.known", "must be an array of group and community ids");
                    None
                }
            };
            Some(Settings { known })
        }
        Some(_) => {
            issues.add("reconcileCreates", "must be true, false or {known?, claim?}");
            None
        }
    }
}

/// Whether a create that failed with `e` may have made its group all the same: its answer
/// was lost after it may have arrived, the gateway failed on its side (5xx: it may have
/// done the work first), or a 2xx could not be read. A refusal (4xx) made nothing.
pub fn outcome_unknown(e: &Error) -> bool {
    let status = e.status.unwrap_or(0);
    e.may_have_arrived == Some(true) || status >= 500 || (e.kind == ErrorKind::Decode && (200..300).contains(&status))
}

/// Whether a listing (or metadata read) that failed with `e` is worth trying again for a
/// look: its answer was lost, late, unreadable, a 5xx or a 429; not a refusal or an abort.
pub fn worth_again(e: &Error) -> bool {
    matches!(e.kind, ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Decode | ErrorKind::RateLimited { .. }) || e.status.is_some_and(|s| s >= 500)
}

/// The most pages read for one look (1000 groups a page): an instance is far smaller.
pub const MAX_PAGES: u32 = 50;
/// The page size asked for when listing for a look.
pub const PAGE_SIZE: u32 = 1000;

/// The groups one listing page names, and whether another page may follow.
pub fn page_groups(list: &Value) -> (Vec<(GroupId, Option<String>)>, bool) {
    page_of(list, "groups", "groupId", |s| GroupId::parse(s).ok())
}

/// The communities one `listCommunities` page names (as the group ids they also are), and
/// whether another page may follow.
pub fn page_communities(list: &Value) -> (Vec<(GroupId, Option<String>)>, bool) {
    page_of(list, "communities", "communityId", |s| CommunityId::parse(s).ok().map(|c| c.as_group()))
}

/// The items of a listing page under `key`, each its `field` read by `id` and its name;
/// another page may follow when the page says `hasMore` and was not empty.
fn page_of(list: &Value, key: &str, field: &str, id: impl Fn(&str) -> Option<GroupId>) -> (Vec<(GroupId, Option<String>)>, bool) {
    let items = list
        .get(key)
        .and_then(Value::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(|item| Some((item.get(field).and_then(Value::as_str).and_then(&id)?, item.get("name").and_then(Value::as_str).map(str::to_owned))))
        .collect::<Vec<_>>();
    let more = list.get("hasMore").and_then(Value::as_bool) == Some(true) && !items.is_empty();
    (items, more)
}

/// The community whose announcements group `metadata` (a `GroupMetadata`) describes:
/// how a new community shows in RyzeAPI's group listing. None for any other group.
pub fn community_of(metadata: &Value) -> Option<CommunityId> {
    if metadata.get("isAnnouncements").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    metadata.get("communityId").and_then(Value::as_str).and_then(|s| CommunityId::parse(s).ok())
}

/// The `CreatedCommunity` result of a community found by a look: its announcements group
/// and which of the requested groups are linked, from `subgroups` (a `SubgroupList` or
/// `CommunityMetadata`; `Null` when it could not be read).
pub fn created_community_from(community: &CommunityId, subgroups: &Value, requested: &[GroupId]) -> Value {
    let known = subgroups.get("subgroups").and_then(Value::as_array);
    let listed: Vec<(GroupId, bool)> = known
        .unwrap_or(&[])
        .iter()
        .filter_map(|s| Some((s.get("groupId").and_then(Value::as_str).and_then(|g| GroupId::parse(g).ok())?, s.get("isAnnouncements").and_then(Value::as_bool) == Some(true))))
        .collect();
    let announcements = listed.iter().find(|(_, a)| *a).map(|(g, _)| g.jid());
    let linked: Vec<String> = requested.iter().filter(|g| listed.iter().any(|(l, _)| l == *g)).map(GroupId::jid).collect();
    let reason =
        if known.is_some() { "not linked to the community found (its create's answer was lost)" } else { "unknown: the community's create answer was lost and its subgroups could not be read" };
    let failed = requested.iter().filter(|g| !listed.iter().any(|(l, _)| l == *g)).map(|g| Obj::new().str("groupId", &g.jid()).str("reason", reason).finish()).collect();
    Obj::new()
        .str("communityId", &community.jid())
        .bool("isCommunity", true)
        .opt_str("announcementsGroupId", announcements.as_deref())
        .strs("linked", linked.iter().map(String::as_str))
        .value("failed", Value::Array(failed))
        .finish()
}

/// The groups a create of `name` may have made: named exactly so, and neither in `known`
/// (there before) nor in `claimed` (another call's), in the listing's order.
pub fn candidates(listed: &[(GroupId, Option<String>)], name: &str, known: &[GroupId], claimed: &[GroupId]) -> Vec<GroupId> {
    listed.iter().filter(|(id, n)| n.as_deref() == Some(name) && !known.contains(id) && !claimed.contains(id)).map(|(id, _)| id.clone()).collect()
}

/// The `CreatedGroup` result of a group found by a look, from its metadata: its link,
/// and which requested phones are not among its participants.
pub fn created_from(group: &GroupId, metadata: &Value, requested: &[Phone]) -> Value {
    let members: Vec<&str> = metadata.get("participants").and_then(Value::as_array).unwrap_or(&[]).iter().filter_map(|p| p.get("phone").and_then(Value::as_str)).collect();
    let not_added: Vec<&str> = requested.iter().map(Phone::digits).filter(|d| !members.contains(d)).collect();
    let link = metadata.get("invitationLink").and_then(Value::as_str);
    Obj::new().str("groupId", &group.jid()).opt_str("invitationLink", link).strs("notAdded", not_added).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> GroupId {
        GroupId::parse(s).unwrap()
    }

    fn list(items: &[(&str, Option<&str>)], more: Option<bool>) -> Value {
        let groups = items.iter().map(|(g, n)| Obj::new().str("groupId", g).opt_str("name", *n).finish()).collect();
        Obj::new().value("groups", Value::Array(groups)).value("hasMore", more.map_or(Value::Null, Value::Bool)).finish()
    }

    #[test]
    fn which_failures_leave_a_create_unknown() {
        let lost = Error::new(ErrorKind::Timeout, "t").with_arrival(true);
        let never = Error::new(ErrorKind::Network, "refused").with_arrival(false);
        let e500 = Error::new(ErrorKind::Provider, "x").with_response(500, "");
        let e502 = Error::new(ErrorKind::Provider, "x").with_response(502, "<html>");
        let unreadable = Error::new(ErrorKind::Decode, "cut").with_response(200, "{\"pho");
        let refused = Error::new(ErrorKind::Forbidden, "no").with_response(403, "");
        let limited = Error::new(ErrorKind::RateLimited { retry_after_ms: None }, "slow down").with_response(429, "");
        let invalid = Error::validation(Vec::new());
        assert!(outcome_unknown(&lost) && outcome_unknown(&e500) && outcome_unknown(&e502) && outcome_unknown(&unreadable));
        assert!(!outcome_unknown(&never) && !outcome_unknown(&refused) && !outcome_unknown(&limited) && !outcome_unknown(&invalid));
        // A look's own listing is tried again when its failure says nothing about the instance.
        assert!(worth_again(&lost) && worth_again(&never) && worth_again(&e502) && worth_again(&unreadable) && worth_again(&limited));
        assert!(!worth_again(&refused) && !worth_again(&invalid) && !worth_again(&Error::new(ErrorKind::Aborted, "stop")));
    }

    #[test]
    fn a_page_names_its_groups_and_whether_more_may_follow() {
        let (groups, more) = page_groups(&list(&[("120363400000000001@g.us", Some("Escola")), ("not a group", Some("x")), ("120363400000000002", None)], Some(true)));
        assert_eq!(groups, vec![(id("120363400000000001"), Some("Escola".to_owned())), (id("120363400000000002"), None)]);
        assert!(more);
        assert!(!page_groups(&list(&[], Some(true))).1, "an empty page ends the look");
        assert!(!page_groups(&list(&[("120363400000000001", None)], None)).1);
        assert_eq!(page_groups(&Value::Null), (Vec::new(), false));
    }

    #[test]
    fn candidates_are_new_unclaimed_and_named_exactly() {
        let listed = vec![
            (id("120363400000000001"), Some("Turma E".to_owned())),
            (id("120363500000000001"), Some("Turma E".to_owned())),
            (id("120363500000000002"), Some("Turma E ".to_owned())),
            (id("120363500000000003"), Some("Turma E".to_owned())),
            (id("120363500000000004"), None),
        ];
        let known = [id("120363400000000001")];
        let claimed = [id("120363500000000001")];
        assert_eq!(candidates(&listed, "Turma E", &known, &claimed), vec![id("120363500000000003")]);
        assert_eq!(candidates(&listed, "Turma E", &known, &[]), vec![id("120363500000000001"), id("120363500000000003")]);
        assert!(candidates(&listed, "Turma F", &[], &[]).is_empty());
    }

    #[test]
    fn the_result_of_a_found_group_names_who_is_missing() {
        let meta = Obj::new()
            .str("invitationLink", "https://chat.whatsapp.com/ABC")
            .value("participants", Value::Array(vec![Obj::new().str("phone", "5511900000000").finish(), Obj::new().str("phone", "5511999999999").finish()]))
            .finish();
        let requested = [Phone::parse("5511999999999", None).unwrap(), Phone::parse("5521988888888", None).unwrap()];
        let got = created_from(&id("120363500000000001"), &meta, &requested);
        let want = Obj::new().str("groupId", "120363500000000001@g.us").str("invitationLink", "https://chat.whatsapp.com/ABC").strs("notAdded", ["5521988888888"]).finish();
        assert_eq!(got, want);
        let bare = created_from(&id("120363500000000001"), &Value::Null, &requested);
        assert_eq!(bare.get("invitationLink"), Some(&Value::Null));
    }

    #[test]
    fn settings_are_true_or_an_object_and_every_problem_is_named() {
        let read = |json: &str| {
            let mut issues = Issues::new();
            let v = crate::json::parse(json).unwrap();
            let got = read_settings(v.get("r"), &mut issues);
            (got, issues.into_vec().into_iter().map(|i| i.field).collect::<Vec<_>>())
        };
        assert_eq!(read(r#"{"r": true}"#), (Some(Settings::default()), vec![]));
        assert_eq!(read(r#"{"r": false}"#), (None, vec![]));
        assert_eq!(read(r#"{}"#), (None, vec![]));
        assert_eq!(read(r#"{"r": {"known": ["120363400000000001@g.us", "120363400000000002"]}}"#).0, Some(Settings { known: Some(vec![id("120363400000000001"), id("120363400000000002")]) }));
        let (_, fields) = read(r#"{"r": {"known": ["x", 3], "claims": 1}}"#);
        assert_eq!(fields, ["reconcileCreates.claims", "reconcileCreates.known[0]", "reconcileCreates.known[1]"]);
        assert_eq!(read(r#"{"r": {"known": "x"}}"#).1, ["reconcileCreates.known"]);
        assert_eq!(read(r#"{"r": 1}"#).1, ["reconcileCreates"]);
    }

    #[test]
    fn communities_are_found_by_their_listing_or_their_announcements_group() {
        let list = crate::json::parse(r#"{"communities": [{"communityId": "120363400000000009@g.us", "name": "Rede"}, {"communityId": "bad"}], "hasMore": false}"#).unwrap();
        assert_eq!(page_communities(&list), (vec![(id("120363400000000009"), Some("Rede".to_owned()))], false));
        let ann = crate::json::parse(r#"{"groupId": "120363500000000002@g.us", "isAnnouncements": true, "communityId": "120363500000000001@g.us"}"#).unwrap();
        assert_eq!(community_of(&ann), CommunityId::parse("120363500000000001").ok());
        let plain = crate::json::parse(r#"{"groupId": "120363500000000002@g.us", "isAnnouncements": false, "communityId": "120363500000000001@g.us"}"#).unwrap();
        assert_eq!(community_of(&plain), None);
    }

    #[test]
    fn a_found_community_names_its_announcements_group_and_what_is_linked() {
        let community = CommunityId::parse("120363500000000001").unwrap();
        let subgroups =
            crate::json::parse(r#"{"subgroups": [{"groupId": "120363500000000002@g.us", "isAnnouncements": true}, {"groupId": "120363400000000003@g.us", "isAnnouncements": false}]}"#).unwrap();
        let got = created_community_from(&community, &subgroups, &[id("120363400000000003"), id("120363400000000004")]);
        assert_eq!(got.get("communityId").and_then(Value::as_str), Some("120363500000000001@g.us"));
        assert_eq!(got.get("announcementsGroupId").and_then(Value::as_str), Some("120363500000000002@g.us"));
        assert_eq!(got.get("linked"), Some(&Value::Array(vec![Value::String("120363400000000003@g.us".to_owned())])));
        let failed = got.get("failed").and_then(Value::as_array).unwrap();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].get("groupId").and_then(Value::as_str), Some("120363400000000004@g.us"));
        let unknown = created_community_from(&community, &Value::Null, &[id("120363400000000003")]);
        assert_eq!(unknown.get("announcementsGroupId"), Some(&Value::Null));
        assert!(unknown.get("failed").and_then(Value::as_array).unwrap()[0].get("reason").and_then(Value::as_str).unwrap().starts_with("unknown"));
    }
}
