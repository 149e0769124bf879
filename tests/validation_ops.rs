//! Validation of the operations added by issue 4: every issue of a bad input is reported
//! at once, each naming its field as src/call.rs documents it (`groupId`, `phones[i]`,
//! `link`, `page`, `pageSize`, `settings.<name>`, `whoCanAddGroups`, `name`,
//! `description`, `photo`, `communityId`, `groupIds`, `autoInvite`), before anything is
//! built. The same fields come back from `validate` (a `Call`) and `read_input` (a
//! method's arguments).

mod common;

use common::*;
use serde_json::{json, Value as J};
use wa_groups::{Config, ErrorKind, Operation};

/// The fields of every issue for `c` (a Call with `op`), through `validate` and through
/// `read_input` (the same object without `op`), which must agree. Checks the error's shape.
fn issues(config: &Config, c: J) -> Vec<String> {
    let op = Operation::parse(c["op"].as_str().expect("op")).expect("known op");
    let e = wa_groups::validate(&wa(&config_json(config)), &wa(&c)).expect_err("invalid input");
    assert!(matches!(e.kind, ErrorKind::Validation(_)), "{} for {c}: {}", e.kind.name(), e.message);
    assert_eq!((e.provider, e.operation, e.status, e.body.as_deref()), (Some(config.provider), Some(op), None, None), "{c}");
    for i in e.issues() {
        assert!(e.message.contains(&i.field), "the message lists {}: {}", i.field, e.message);
        assert!(!i.message.is_empty());
    }
    let fields: Vec<String> = e.issues().iter().map(|i| i.field.clone()).collect();
    let mut input = c.clone();
    input.as_object_mut().expect("object").remove("op");
    let e2 = wa_groups::read_input(config, op, &wa(&input)).expect_err("invalid input");
    let fields2: Vec<String> = e2.issues().iter().map(|i| i.field.clone()).collect();
    assert_eq!(fields, fields2, "validate and read_input disagree on {c}");
    assert_eq!((e2.provider, e2.operation), (Some(config.provider), Some(op)));
    fields
}

fn valid(config: &Config, c: J) {
    let _ = call(config, c.clone());
    let op = Operation::parse(c["op"].as_str().expect("op")).expect("op");
    let mut input = c;
    input.as_object_mut().expect("object").remove("op");
    if let Err(e) = wa_groups::read_input(config, op, &wa(&input)) {
        panic!("read_input refused {input}: {}", e.message);
    }
}

fn both() -> [Config; 2] {
    [zapi(), ryze()]
}

const G: &str = "120363019502650977-group";
const C: &str = "120363186053925765";
const PARTICIPANT_OPS: [&str; 6] = ["addParticipants", "removeParticipants", "promoteParticipants", "demoteParticipants", "approveParticipants", "rejectParticipants"];

mod groups {
    use super::*;

    // listGroups (Z-API pages): page from 1, pageSize from 1 to 1000, whole numbers.
    #[test]
    fn list_groups_paging_issues_zapi() {
        let z = zapi();
        for (page, size, expected) in [
            (json!(0), json!(0), vec!["page", "pageSize"]),
            (json!(-1), json!(1001), vec!["page", "pageSize"]),
            (json!("1"), json!(1.5), vec!["page", "pageSize"]),
            (json!(4294967296u64), json!(10), vec!["page"]),
            (json!(1), json!(true), vec!["pageSize"]),
        ] {
            assert_eq!(issues(&z, json!({"op": "listGroups", "page": page, "pageSize": size})), expected, "{page} {size}");
        }
        valid(&z, json!({"op": "listGroups", "page": 1, "pageSize": 1000}));
        valid(&z, json!({"op": "listGroups", "page": 4294967295u64}));
        valid(&z, json!({"op": "listGroups"}));
    }

    // RyzeAPI lists every group at once; a page is cut from the list on the client side, so
    // provider-neutral code that pages works on both (null is "unset").
    #[test]
    fn list_groups_pages_on_both_providers() {
        let r = ryze();
        for config in both() {
            valid(&config, json!({"op": "listGroups", "page": 1}));
            valid(&config, json!({"op": "listGroups", "pageSize": 50}));
            valid(&config, json!({"op": "listGroups", "page": 2, "pageSize": 50}));
            assert_eq!(issues(&config, json!({"op": "listGroups", "page": 0, "pageSize": "x"})), ["page", "pageSize"]);
        }
        valid(&r, json!({"op": "listGroups"}));
        valid(&r, json!({"op": "listGroups", "page": null, "pageSize": null}));
        // Method arguments may be left out entirely.
        assert!(wa_groups::read_input(&r, Operation::ListGroups, &wa(&J::Null)).is_ok());
        assert!(wa_groups::read_input(&zapi(), Operation::ListGroups, &wa(&J::Null)).is_ok());
    }

    // Operations taking one group: groupId missing, malformed, or not a string.
    #[test]
    fn one_group_operations() {
        for config in both() {
            for op in ["getGroupMetadata", "getGroupMetadataLight", "resetInvitationLink", "leaveGroup"] {
                for bad in
                    [json!(null), json!(""), json!("abc"), json!(120363019502650977u64), json!("120363019502650977@s.whatsapp.net"), json!("../120363019502650977"), json!(["120363019502650977"])]
                {
                    let mut c = json!({"op": op});
                    if !bad.is_null() {
                        c["groupId"] = bad.clone();
                    }
                    assert_eq!(issues(&config, c), ["groupId"], "{} {op} {bad}", config.provider.name());
                }
                valid(&config, json!({"op": op, "groupId": "5511999999999-1623281429@g.us"}));
            }
        }
    }

    // A method's input must be an object (or absent).
    #[test]
    fn input_that_is_not_an_object() {
        for config in both() {
            let e = wa_groups::read_input(&config, Operation::LeaveGroup, &wa(&json!("120363019502650977-group"))).expect_err("not an object");
            assert_eq!(e.issues().iter().map(|i| i.field.as_str()).collect::<Vec<_>>(), ["input"]);
            let e = wa_groups::read_input(&config, Operation::LeaveGroup, &wa(&J::Null)).expect_err("groupId required");
            assert_eq!(e.issues().iter().map(|i| i.field.as_str()).collect::<Vec<_>>(), ["groupId"]);
        }
    }

    // getInvitationInfo / joinGroup: a WhatsApp invite link or its code, nothing else.
    #[test]
    fn invite_link_issues() {
        for config in both() {
            for op in ["getInvitationInfo", "joinGroup"] {
                assert_eq!(issues(&config, json!({"op": op})), ["link"]);
                for bad in ["", "abc", "https://evil.example/C1adgkdEGki7554BWDdMkd", "https://chat.whatsapp.com/", "C1ad/../x", "C1adgkdEGki7554BWDdMkd?x=1", "C1adgkdE Gki7554"] {
                    assert_eq!(issues(&config, json!({"op": op, "link": bad})), ["link"], "{op} {bad:?}");
                }
                assert_eq!(issues(&config, json!({"op": op, "link": 42})), ["link"]);
                valid(&config, json!({"op": op, "link": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}));
                valid(&config, json!({"op": op, "link": "C1adgkdEGki7554BWDdMkd"}));
            }
        }
    }

    // Participants: every issue at once, in the order of the fields.
    #[test]
    fn participants_every_issue_at_once() {
        for config in both() {
            for op in PARTICIPANT_OPS {
                let c = json!({"op": op, "groupId": "nope", "phones": ["abc", 5, "5511999999999", "+55 11 99999-9999", "204829384756123@lid", "120363019502650977@g.us"]});
                // RyzeAPI approves and rejects join requests by linked id; nothing else takes one.
                let lid_ok = config.provider.name() == "ryze" && matches!(op, "approveParticipants" | "rejectParticipants");
                let expected: &[&str] =
                    if lid_ok { &["groupId", "phones[1]", "phones[0]", "phones[3]", "phones[5]"] } else { &["groupId", "phones[1]", "phones[0]", "phones[3]", "phones[4]", "phones[5]"] };
                assert_eq!(issues(&config, c), expected, "{} {op}", config.provider.name());
                assert_eq!(issues(&config, json!({"op": op})), ["groupId", "phones"], "{op}");
                assert_eq!(issues(&config, json!({"op": op, "groupId": G, "phones": []})), ["phones"], "{op}");
                assert_eq!(issues(&config, json!({"op": op, "groupId": G, "phones": "5511999999999"})), ["phones"], "{op}");
            }
        }
    }

    // More than 1023 phones is one issue, not a thousand.
    #[test]
    fn too_many_phones_is_one_issue() {
        let many: Vec<String> = (0..1024u64).map(|i| format!("5511{:09}", 955_000_000 + i)).collect();
        for config in both() {
            for op in PARTICIPANT_OPS {
                assert_eq!(issues(&config, json!({"op": op, "groupId": G, "phones": many})), ["phones"], "{op}");
            }
            valid(&config, json!({"op": "removeParticipants", "groupId": G, "phones": many[..1023]}));
        }
    }

    // autoInvite: only for add, and only with Z-API (false is harmless on RyzeAPI).
    #[test]
    fn auto_invite_only_for_add_and_only_zapi() {
        let (z, r) = (zapi(), ryze());
        valid(&z, json!({"op": "addParticipants", "groupId": G, "phones": ["5511999999999"], "autoInvite": true}));
        valid(&r, json!({"op": "addParticipants", "groupId": G, "phones": ["5511999999999"], "autoInvite": false}));
        assert_eq!(issues(&r, json!({"op": "addParticipants", "groupId": G, "phones": ["5511999999999"], "autoInvite": true})), ["autoInvite"]);
        assert_eq!(issues(&z, json!({"op": "addParticipants", "groupId": G, "phones": ["5511999999999"], "autoInvite": "yes"})), ["autoInvite"]);
        for config in both() {
            for op in &PARTICIPANT_OPS[1..] {
                for value in [json!(true), json!(false), json!("yes")] {
                    assert_eq!(issues(&config, json!({"op": op, "groupId": G, "phones": ["5511999999999"], "autoInvite": value})), ["autoInvite"], "{op} {value}");
                }
                valid(&config, json!({"op": op, "groupId": G, "phones": ["5511999999999"], "autoInvite": null}));
            }
            // With other issues, all together.
            assert_eq!(issues(&config, json!({"op": "removeParticipants", "groupId": "x", "phones": [], "autoInvite": true})), ["groupId", "phones", "autoInvite"]);
        }
    }

    // updateGroupName: the name of a group (non-blank, at most 100 characters, one line).
    #[test]
    fn update_name_issues() {
        for config in both() {
            assert_eq!(issues(&config, json!({"op": "updateGroupName"})), ["groupId", "name"]);
            assert_eq!(issues(&config, json!({"op": "updateGroupName", "groupId": "x", "name": "  "})), ["groupId", "name"]);
            for bad in [json!("é".repeat(101)), json!("Turma\nA"), json!("Turma\tA"), json!(7)] {
                assert_eq!(issues(&config, json!({"op": "updateGroupName", "groupId": G, "name": bad})), ["name"], "{bad}");
            }
            valid(&config, json!({"op": "updateGroupName", "groupId": G, "name": "é".repeat(100)}));
        }
    }

    // updateGroupDescription: at most 2048 characters; line breaks and tabs allowed; "" clears.
    #[test]
    fn update_description_issues() {
        for config in both() {
            assert_eq!(issues(&config, json!({"op": "updateGroupDescription", "groupId": G})), ["description"]);
            assert_eq!(issues(&config, json!({"op": "updateGroupDescription", "groupId": 1, "description": "€".repeat(2049)})), ["groupId", "description"]);
            assert_eq!(issues(&config, json!({"op": "updateGroupDescription", "groupId": G, "description": "bell\u{7}"})), ["description"]);
            assert_eq!(issues(&config, json!({"op": "updateGroupDescription", "groupId": G, "description": ["x"]})), ["description"]);
            valid(&config, json!({"op": "updateGroupDescription", "groupId": G, "description": "€".repeat(2048)}));
            valid(&config, json!({"op": "updateGroupDescription", "groupId": G, "description": "linha 1\r\nlinha 2\tfim"}));
            valid(&config, json!({"op": "updateGroupDescription", "groupId": G, "description": ""}));
        }
    }

    // updateGroupPhoto: an https URL, a data:image/…;base64 URL, or base64; at most 5 MB.
    #[test]
    fn update_photo_issues() {
        for config in both() {
            assert_eq!(issues(&config, json!({"op": "updateGroupPhoto", "groupId": "x"})), ["groupId", "photo"]);
            for bad in [
                "",
                "ftp://example.com/a.jpg",
                "https://",
                "https://exa mple.com/a.jpg",
                "data:image/png;base64,",
                "data:;base64,iVBORw0KGgoAAAANSUhEUg",
                "data:text/plain;base64,iVBORw0KGgoAAAANSUhEUg",
                "not base64 at all!",
                "c2hvcnQ=",
            ] {
                assert_eq!(issues(&config, json!({"op": "updateGroupPhoto", "groupId": G, "photo": bad})), ["photo"], "{bad:?}");
            }
            let huge = "A".repeat(5 * 1024 * 1024 + 1);
            assert_eq!(issues(&config, json!({"op": "updateGroupPhoto", "groupId": G, "photo": huge})), ["photo"]);
            for ok in ["https://example.com/a.jpg", "http://example.com/a.jpg", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==", "iVBORw0KGgoAAAANSUhEUg=="] {
                valid(&config, json!({"op": "updateGroupPhoto", "groupId": G, "photo": ok}));
            }
        }
    }

    fn all_four() -> J {
        json!({"onlyAdminsCanSend": true, "onlyAdminsCanEditInfo": false, "requireAdminApproval": true, "onlyAdminsCanAddMembers": false})
    }

    // Settings: an object of the four known booleans.
    #[test]
    fn settings_shape_issues() {
        let all_missing_for_zapi = ["settings.onlyAdminsCanSend", "settings.onlyAdminsCanEditInfo", "settings.requireAdminApproval", "settings.onlyAdminsCanAddMembers"];
        for config in both() {
            assert_eq!(issues(&config, json!({"op": "updateGroupSettings", "groupId": G})), ["settings"]);
            assert_eq!(issues(&config, json!({"op": "updateGroupSettings", "groupId": "x", "settings": "all"})), ["groupId", "settings"]);
            // Nothing to set: Z-API names each of the four it needs, RyzeAPI asks for one.
            let nothing: &[&str] = if config.provider == wa_groups::Provider::Zapi { &all_missing_for_zapi } else { &["settings"] };
            assert_eq!(issues(&config, json!({"op": "updateGroupSettings", "groupId": G, "settings": {}})), nothing);
            assert_eq!(issues(&config, json!({"op": "updateGroupSettings", "groupId": G, "settings": {"onlyAdminsCanSend": null}})), nothing);
            // Unknown and non-boolean settings, each named; with Z-API the missing ones too.
            let expected: &[&str] = if config.provider == wa_groups::Provider::Zapi {
                &["settings.everyoneIsAdmin", "settings.onlyAdminsCanSend", "settings.onlyAdminsCanEditInfo", "settings.requireAdminApproval", "settings.onlyAdminsCanAddMembers"]
            } else {
                &["settings.everyoneIsAdmin", "settings.onlyAdminsCanSend"]
            };
            assert_eq!(issues(&config, json!({"op": "updateGroupSettings", "groupId": G, "settings": {"onlyAdminsCanSend": "yes", "everyoneIsAdmin": true}})), expected, "{}", config.provider.name());
            let mut bad = all_four();
            bad["onlyAdminsCanEditInfo"] = json!(1);
            bad["requireAdminApproval"] = json!("false");
            assert_eq!(issues(&config, json!({"op": "updateGroupSettings", "groupId": G, "settings": bad})), ["settings.onlyAdminsCanEditInfo", "settings.requireAdminApproval"]);
            valid(&config, json!({"op": "updateGroupSettings", "groupId": G, "settings": all_four()}));
        }
    }

    // Z-API sets the four together (a missing one would be reset): one issue per missing one.
    #[test]
    fn zapi_requires_all_four_settings() {
        let z = zapi();
        let names = ["onlyAdminsCanSend", "onlyAdminsCanEditInfo", "requireAdminApproval", "onlyAdminsCanAddMembers"];
        for given in 1..names.len() {
            for start in 0..names.len() {
                let chosen: Vec<&str> = (0..given).map(|k| names[(start + k) % names.len()]).collect();
                let settings: serde_json::Map<String, J> = chosen.iter().map(|n| ((*n).to_owned(), json!(true))).collect();
                let missing: Vec<String> = names.iter().filter(|n| !chosen.contains(n)).map(|n| ["settings.", n].concat()).collect();
                assert_eq!(issues(&z, json!({"op": "updateGroupSettings", "groupId": G, "settings": settings})), missing, "{chosen:?}");
                // RyzeAPI takes any subset.
                valid(&ryze(), json!({"op": "updateGroupSettings", "groupId": G, "settings": settings}));
            }
        }
        assert_eq!(
            issues(&z, json!({"op": "updateGroupSettings", "groupId": "nope", "settings": {"requireAdminApproval": false}})),
            ["groupId", "settings.onlyAdminsCanSend", "settings.onlyAdminsCanEditInfo", "settings.onlyAdminsCanAddMembers"]
        );
    }
}

mod communities {
    use super::*;

    // createCommunity: name (Z-API: 100 characters; RyzeAPI: its documented 25), description (2048).
    #[test]
    fn create_community_name_and_description() {
        let (z, r) = (zapi(), ryze());
        for config in both() {
            assert_eq!(issues(&config, json!({"op": "createCommunity"})), ["name"]);
            assert_eq!(issues(&config, json!({"op": "createCommunity", "name": " ", "description": "d".repeat(2049)})), ["name", "description"]);
            assert_eq!(issues(&config, json!({"op": "createCommunity", "name": "Escola", "description": 5})), ["description"]);
            assert_eq!(issues(&config, json!({"op": "createCommunity", "name": "Escola\nCentral"})), ["name"]);
            valid(&config, json!({"op": "createCommunity", "name": "Escola", "description": "d".repeat(2048)}));
            valid(&config, json!({"op": "createCommunity", "name": "Escola", "description": null}));
        }
        assert_eq!(issues(&r, json!({"op": "createCommunity", "name": "é".repeat(26)})), ["name"]);
        valid(&r, json!({"op": "createCommunity", "name": "é".repeat(25)}));
        valid(&z, json!({"op": "createCommunity", "name": "é".repeat(26)}));
        valid(&z, json!({"op": "createCommunity", "name": "é".repeat(100)}));
        assert_eq!(issues(&z, json!({"op": "createCommunity", "name": "é".repeat(101)})), ["name"]);
        let e = wa_groups::validate(&wa(&config_json(&r)), &wa(&json!({"op": "createCommunity", "name": "A community name too long"}))).map(|_| ());
        assert!(e.is_ok(), "exactly 25 characters");
        let e = wa_groups::validate(&wa(&config_json(&r)), &wa(&json!({"op": "createCommunity", "name": "A community name too long!"}))).expect_err("26");
        assert!(e.issues()[0].message.contains("25"), "{}", e.message);
    }

    // Z-API cannot link groups on create: any groupIds is one issue (an empty list is nothing).
    #[test]
    fn create_community_with_group_ids_is_an_issue_for_zapi() {
        let z = zapi();
        for ids in [json!(["120363019502650977-group"]), json!(["bad", "worse"]), json!("120363019502650977-group"), json!({})] {
            assert_eq!(issues(&z, json!({"op": "createCommunity", "name": "Escola", "groupIds": ids})), ["groupIds"], "{ids}");
        }
        assert_eq!(issues(&z, json!({"op": "createCommunity", "name": "", "groupIds": ["120363019502650977-group"]})), ["name", "groupIds"]);
        let e = wa_groups::validate(&wa(&config_json(&z)), &wa(&json!({"op": "createCommunity", "name": "Escola", "groupIds": [G]}))).expect_err("groupIds");
        assert!(e.issues()[0].message.contains("linkGroups"), "the issue says what to do instead: {}", e.message);
        valid(&z, json!({"op": "createCommunity", "name": "Escola", "groupIds": []}));
        valid(&z, json!({"op": "createCommunity", "name": "Escola", "groupIds": null}));
    }

    // RyzeAPI links on create: each group id is checked like linkGroups' (at most 50, no repeats).
    #[test]
    fn create_community_group_ids_for_ryze() {
        let r = ryze();
        assert_eq!(
            issues(&r, json!({"op": "createCommunity", "name": "XYZ", "groupIds": ["120363019502650977-group", "bad", 7, "120363019502650977@g.us"]})),
            ["groupIds[2]", "groupIds[1]", "groupIds[3]"]
        );
        let many: Vec<String> = (0..51u64).map(|i| format!("1203634230{}@g.us", 100_000 + i)).collect();
        assert_eq!(issues(&r, json!({"op": "createCommunity", "name": "XYZ", "groupIds": many})), ["groupIds"]);
        valid(&r, json!({"op": "createCommunity", "name": "XYZ", "groupIds": many[..50]}));
        assert_eq!(issues(&r, json!({"op": "createCommunity", "name": "é".repeat(26), "groupIds": "x"})), ["name", "groupIds"]);
    }

    // Operations taking one community: old-style group ids are no communities.
    #[test]
    fn one_community_operations() {
        let z = zapi();
        for op in ["getCommunityMetadata", "listSubgroups", "deactivateCommunity"] {
            for bad in [json!(null), json!(""), json!("5511999999999-1623281429"), json!("abc"), json!(120363186053925765u64)] {
                let mut c = json!({"op": op});
                if !bad.is_null() {
                    c["communityId"] = bad.clone();
                }
                assert_eq!(issues(&z, c), ["communityId"], "{op} {bad}");
            }
            valid(&z, json!({"op": op, "communityId": "120363186053925765@g.us"}));
        }
        assert_eq!(issues(&ryze(), json!({"op": "listSubgroups", "communityId": "5511999999999-1623281429"})), ["communityId"]);
        valid(&ryze(), json!({"op": "listSubgroups", "communityId": C}));
    }

    // listCommunities pages like listGroups on Z-API.
    #[test]
    fn list_communities_paging() {
        let z = zapi();
        assert_eq!(issues(&z, json!({"op": "listCommunities", "page": 0, "pageSize": 1001})), ["page", "pageSize"]);
        valid(&z, json!({"op": "listCommunities", "page": 2, "pageSize": 1000}));
    }

    // updateCommunitySettings: whoCanAddGroups is "admins" or "all".
    #[test]
    fn community_settings_issues() {
        let z = zapi();
        assert_eq!(issues(&z, json!({"op": "updateCommunitySettings"})), ["communityId", "whoCanAddGroups"]);
        for bad in [json!("everyone"), json!("Admins"), json!(true), json!("")] {
            assert_eq!(issues(&z, json!({"op": "updateCommunitySettings", "communityId": "x", "whoCanAddGroups": bad})), ["communityId", "whoCanAddGroups"], "{bad}");
        }
        valid(&z, json!({"op": "updateCommunitySettings", "communityId": C, "whoCanAddGroups": "admins"}));
        valid(&z, json!({"op": "updateCommunitySettings", "communityId": C, "whoCanAddGroups": "all"}));
    }

    // updateCommunityDescription: a description like a group's.
    #[test]
    fn community_description_issues() {
        let z = zapi();
        assert_eq!(issues(&z, json!({"op": "updateCommunityDescription"})), ["communityId", "description"]);
        assert_eq!(issues(&z, json!({"op": "updateCommunityDescription", "communityId": "x", "description": "d".repeat(2049)})), ["communityId", "description"]);
        assert_eq!(issues(&z, json!({"op": "updateCommunityDescription", "communityId": C, "description": "\u{0}"})), ["description"]);
        valid(&z, json!({"op": "updateCommunityDescription", "communityId": C, "description": ""}));
    }
}

// Config and call issues come back together for the new operations too.
#[test]
fn config_and_call_issues_together() {
    let e = wa_groups::validate(
        &wa(&json!({"provider": "zapi", "instance": "", "token": ZAPI_TOKEN})),
        &wa(&json!({"op": "updateGroupSettings", "groupId": "x", "settings": {"onlyAdminsCanSend": true}})),
    )
    .expect_err("invalid");
    let fields: Vec<&str> = e.issues().iter().map(|i| i.field.as_str()).collect();
    // Without a readable config the provider is unknown: the settings are checked as a subset.
    assert_eq!(fields, ["instance", "groupId"]);
    assert_eq!(e.operation, Some(Operation::UpdateGroupSettings));
}
