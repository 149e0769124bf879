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
//! What cannot be told apart: a group of the same name made meanwhile by someone else on
//! the same instance. The listing, not a clock, decides: the gateways' clocks and the
//! caller's need not agree.

use crate::ids::{GroupId, Phone};
use crate::json::{Obj, Value};

/// The most pages read for one look (1000 groups a page): an instance is far smaller.
pub const MAX_PAGES: u32 = 50;
/// The page size asked for when listing for a look.
pub const PAGE_SIZE: u32 = 1000;

/// The groups one listing page names, and whether another page may follow.
pub fn page_groups(list: &Value) -> (Vec<(GroupId, Option<String>)>, bool) {
    let groups = list
        .get("groups")
        .and_then(Value::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(|g| {
            let id = g.get("groupId").and_then(Value::as_str).and_then(|s| GroupId::parse(s).ok())?;
            Some((id, g.get("name").and_then(Value::as_str).map(str::to_owned)))
        })
        .collect::<Vec<_>>();
    let more = list.get("hasMore").and_then(Value::as_bool) == Some(true) && !groups.is_empty();
    (groups, more)
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
}
