//! One value per operation, with typed ids: what `Client` methods and the core's `Call`
//! union carry. Reading a call from caller input reports every issue at once.

use crate::config::Provider;
use crate::ids::{CommunityId, GroupId, Phone};
use crate::issues::{must_be, Issues};
use crate::json::Value;
use crate::text::indexed;

/// WhatsApp's limits that a client can check before sending.
pub const MAX_GROUP_NAME_CHARS: usize = 100;
pub const MAX_GROUP_PARTICIPANTS: usize = 1023; // 1024 members, the creator included
pub const MAX_COMMUNITY_GROUPS: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    CreateGroup,
    GetInvitationLink,
    LinkGroups,
    UnlinkGroups,
}

impl Operation {
    pub const ALL: [Operation; 4] =
        [Operation::CreateGroup, Operation::GetInvitationLink, Operation::LinkGroups, Operation::UnlinkGroups];

    /// The contract's method name, also the `op` of a `Call`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::CreateGroup => "createGroup",
            Operation::GetInvitationLink => "getInvitationLink",
            Operation::LinkGroups => "linkGroups",
            Operation::UnlinkGroups => "unlinkGroups",
        }
    }

    pub fn parse(s: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    CreateGroup { name: String, participants: Vec<Phone>, auto_invite: Option<bool> },
    GetInvitationLink { group: GroupId },
    LinkGroups { community: CommunityId, groups: Vec<GroupId> },
    UnlinkGroups { community: CommunityId, groups: Vec<GroupId> },
}

impl Call {
    pub fn operation(&self) -> Operation {
        match self {
            Call::CreateGroup { .. } => Operation::CreateGroup,
            Call::GetInvitationLink { .. } => Operation::GetInvitationLink,
            Call::LinkGroups { .. } => Operation::LinkGroups,
            Call::UnlinkGroups { .. } => Operation::UnlinkGroups,
        }
    }
}

/// Reads a `Call` object (`{ op, ...fields }`), checking it for `provider`. Returns the
/// operation whenever `op` was readable, so that errors can name it.
pub fn read_call(v: &Value, provider: Option<Provider>, issues: &mut Issues) -> (Option<Operation>, Option<Call>) {
    if v.as_object().is_none() {
        issues.add("call", must_be("an object", v));
        return (None, None);
    }
    let op = match v.get("op") {
        Some(Value::String(s)) => Operation::parse(s),
        _ => None,
    };
    let Some(op) = op else {
        let names: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
        issues.add("op", ["must be one of ", &names.join(", ")].concat());
        return (None, None);
    };
    (Some(op), read_fields(op, v, provider, issues))
}

/// Reads the fields of operation `op` from an object (a `Call`, or a method's input).
pub fn read_fields(op: Operation, v: &Value, provider: Option<Provider>, issues: &mut Issues) -> Option<Call> {
    match op {
        Operation::CreateGroup => {
            let name = issues.string(v, "name").and_then(|n| check_group_name(n, issues));
            let participants = read_participants(v, issues);
            let auto_invite = issues.opt_bool(v, "autoInvite");
            if auto_invite == Some(true) && provider == Some(Provider::Ryze) {
                issues.add("autoInvite", "is a Z-API feature; RyzeAPI cannot send private invites on create (leave it unset)");
            }
            Some(Call::CreateGroup { name: name?, participants: participants?, auto_invite })
        }
        Operation::GetInvitationLink => {
            let group = read_group_id(v, "groupId", issues);
            Some(Call::GetInvitationLink { group: group? })
        }
        Operation::LinkGroups | Operation::UnlinkGroups => {
            let community = issues.string(v, "communityId").and_then(|s| match CommunityId::parse(s) {
                Ok(c) => Some(c),
                Err(e) => {
                    issues.add("communityId", e);
                    None
                }
            });
            let groups = read_group_list(v, "groupIds", community.as_ref(), issues);
            let (community, groups) = (community?, groups?);
            Some(if op == Operation::LinkGroups {
                Call::LinkGroups { community, groups }
            } else {
                Call::UnlinkGroups { community, groups }
            })
        }
    }
}

fn check_group_name(name: &str, issues: &mut Issues) -> Option<String> {
    if name.trim().is_empty() {
        issues.add("name", "must not be empty");
        None
    } else if crate::text::char_count(name) > MAX_GROUP_NAME_CHARS {
        issues.add("name", "is longer than WhatsApp's 100 characters for a group name");
        None
    } else if name.chars().any(|c| c.is_control()) {
        issues.add("name", "must not contain control characters (line breaks, tabs)");
        None
    } else {
        Some(name.to_owned())
    }
}

fn read_participants(v: &Value, issues: &mut Issues) -> Option<Vec<Phone>> {
    let items = issues.strings(v, "participants")?;
    let total = v.get("participants").and_then(Value::as_array).map_or(0, <[Value]>::len);
    let before = issues.len();
    if total == 0 {
        issues.add("participants", "must list at least one phone number (WhatsApp needs one to create a group)");
    } else if total > MAX_GROUP_PARTICIPANTS {
        issues.add("participants", "lists more than 1023 people (a group holds at most 1024 members, you included)");
        return None; // one issue, not a thousand
    }
    let mut phones: Vec<Phone> = Vec::with_capacity(items.len());
    for (i, raw) in items {
        match Phone::parse(raw) {
            Ok(p) => {
                if phones.contains(&p) {
                    issues.add(indexed("participants", i), "repeats a phone number listed before it");
                }
                phones.push(p);
            }
            Err(e) => issues.add(indexed("participants", i), e),
        }
    }
    (issues.len() == before).then_some(phones)
}

fn read_group_id(v: &Value, key: &str, issues: &mut Issues) -> Option<GroupId> {
    let s = issues.string(v, key)?;
    match GroupId::parse(s) {
        Ok(g) => Some(g),
        Err(e) => {
            issues.add(key, e);
            None
        }
    }
}

fn read_group_list(v: &Value, key: &str, community: Option<&CommunityId>, issues: &mut Issues) -> Option<Vec<GroupId>> {
    let items = issues.strings(v, key)?;
    let total = v.get(key).and_then(Value::as_array).map_or(0, <[Value]>::len);
    let before = issues.len();
    if total == 0 {
        issues.add(key, "must list at least one group");
    } else if total > MAX_COMMUNITY_GROUPS {
        issues.add(key, "lists more than 50 groups (a community holds at most 50)");
        return None;
    }
    let community_group = community.map(CommunityId::as_group);
    let mut groups: Vec<GroupId> = Vec::with_capacity(items.len());
    for (i, raw) in items {
        match GroupId::parse(raw) {
            Ok(g) => {
                if groups.contains(&g) {
                    issues.add(indexed(key, i), "repeats a group listed before it");
                } else if community_group.as_ref() == Some(&g) {
                    issues.add(indexed(key, i), "is the community itself");
                }
                groups.push(g);
            }
            Err(e) => issues.add(indexed(key, i), e),
        }
    }
    (issues.len() == before).then_some(groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn read(json: &str, provider: Provider) -> Result<Call, Vec<(String, String)>> {
        let mut issues = Issues::new();
        let (_, call) = read_call(&parse(json).unwrap(), Some(provider), &mut issues);
        if issues.is_empty() {
            Ok(call.unwrap())
        } else {
            Err(issues.into_vec().into_iter().map(|i| (i.field, i.message)).collect())
        }
    }

    fn fields(r: Result<Call, Vec<(String, String)>>) -> Vec<String> {
        r.unwrap_err().into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn create_group_reads_every_form() {
        let c = read(r#"{"op":"createGroup","name":"Turma A","participants":["+55 (11) 99999-9999","5521988888888@s.whatsapp.net"]}"#, Provider::Zapi).unwrap();
        match c {
            Call::CreateGroup { name, participants, auto_invite } => {
                assert_eq!(name, "Turma A");
                let d: Vec<&str> = participants.iter().map(Phone::digits).collect();
                assert_eq!(d, ["5511999999999", "5521988888888"]);
                assert_eq!(auto_invite, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn create_group_reports_every_issue() {
        let f = fields(read(r#"{"op":"createGroup","name":"  ","participants":["abc", 5, "5511999999999", "+55 11 99999 9999"],"autoInvite":"yes"}"#, Provider::Zapi));
        assert_eq!(f, ["name", "participants[1]", "participants[0]", "participants[3]", "autoInvite"]);
        let f = fields(read(r#"{"op":"createGroup"}"#, Provider::Zapi));
        assert_eq!(f, ["name", "participants"]);
        let f = fields(read(r#"{"op":"createGroup","name":"x","participants":[]}"#, Provider::Zapi));
        assert_eq!(f, ["participants"]);
        let long = "é".repeat(101);
        let f = fields(read(&[r#"{"op":"createGroup","name":""#, &long, r#"","participants":["5511999999999"]}"#].concat(), Provider::Zapi));
        assert_eq!(f, ["name"]);
        assert!(read(&[r#"{"op":"createGroup","name":""#, &"é".repeat(100), r#"","participants":["5511999999999"]}"#].concat(), Provider::Zapi).is_ok());
    }

    #[test]
    fn too_many_participants_is_one_issue() {
        let many: Vec<String> = (0..1024u64).map(|i| ["\"55119", &crate::text::uint(10_000_000 + i), "\""].concat()).collect();
        let json = [r#"{"op":"createGroup","name":"big","participants":["#, &many.join(","), "]}"].concat();
        let issues = read(&json, Provider::Zapi).unwrap_err();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].0, "participants");
    }

    #[test]
    fn auto_invite_is_zapi_only() {
        let json = r#"{"op":"createGroup","name":"x","participants":["5511999999999"],"autoInvite":true}"#;
        assert!(read(json, Provider::Zapi).is_ok());
        assert_eq!(fields(read(json, Provider::Ryze)), ["autoInvite"]);
        let json = r#"{"op":"createGroup","name":"x","participants":["5511999999999"],"autoInvite":false}"#;
        assert!(read(json, Provider::Ryze).is_ok());
    }

    #[test]
    fn link_reports_every_issue() {
        let f = fields(read(r#"{"op":"linkGroups","communityId":"x","groupIds":["1203634230225498-group","bad","1203634230225498@g.us"]}"#, Provider::Ryze));
        assert_eq!(f, ["communityId", "groupIds[1]", "groupIds[2]"]);
        let f = fields(read(r#"{"op":"unlinkGroups","communityId":"120363186053925765","groupIds":["120363186053925765@g.us"]}"#, Provider::Ryze));
        assert_eq!(f, ["groupIds[0]"]);
        let f = fields(read(r#"{"op":"linkGroups","communityId":"120363186053925765","groupIds":[]}"#, Provider::Ryze));
        assert_eq!(f, ["groupIds"]);
        let many: Vec<String> = (0..51u64).map(|i| ["\"1203634230", &crate::text::uint(100_000 + i), "@g.us\""].concat()).collect();
        let f = fields(read(&[r#"{"op":"linkGroups","communityId":"120363186053925765","groupIds":["#, &many.join(","), "]}"].concat(), Provider::Ryze));
        assert_eq!(f, ["groupIds"]);
    }

    #[test]
    fn unknown_op_and_non_objects() {
        assert_eq!(fields(read(r#"{"op":"deleteEverything"}"#, Provider::Zapi)), ["op"]);
        assert_eq!(fields(read(r#"{}"#, Provider::Zapi)), ["op"]);
        assert_eq!(fields(read(r#""createGroup""#, Provider::Zapi)), ["call"]);
    }
}
