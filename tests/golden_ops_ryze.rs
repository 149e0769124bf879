//! Golden vectors for RyzeAPI's group and community operations beyond the four seed ones
//! (issue 4), from the documented examples of docs/wire-reference.md ("RyzeAPI: other
//! group endpoints", "RyzeAPI: other community endpoints", P1-RYZE-b for GroupDetail) and
//! the catalogue and "simulator choices" of docs/operations.md where Ryze shows nothing.

mod common;

use common::*;
use serde_json::{json, Value as J};
use wa_groups::http::Method;
use wa_groups::Call;

const BASE: &str = "https://ryzeapi.cloud";
const TOKEN: (&str, &str) = ("token", RYZE_TOKEN);
const JSON: (&str, &str) = ("Content-Type", "application/json");

const GROUP: &str = "120363406289005074@g.us";
const GROUP_Q: &str = "120363406289005074%40g.us";
const COMMUNITY: &str = "120363406289005073@g.us";
const LINK: &str = "https://chat.whatsapp.com/ABC123XYZ";
const LINK_Q: &str = "https%3A%2F%2Fchat.whatsapp.com%2FABC123XYZ";

/// Every documented group id form, with its JID.
const GROUP_FORMS: [(&str, &str); 5] = [
    ("120363406289005074@g.us", "120363406289005074@g.us"),
    ("120363406289005074-group", "120363406289005074@g.us"),
    ("120363406289005074", "120363406289005074@g.us"),
    ("5511999999999-1623281429", "5511999999999-1623281429@g.us"),
    ("5511999999999-1623281429@g.us", "5511999999999-1623281429@g.us"),
];

const COMMUNITY_FORMS: [&str; 3] = ["120363406289005073@g.us", "120363406289005073", "120363406289005073-group"];

const INVITE_FORMS: [&str; 4] = ["https://chat.whatsapp.com/ABC123XYZ", "chat.whatsapp.com/ABC123XYZ", "http://chat.whatsapp.com/ABC123XYZ", "ABC123XYZ"];

fn url(path: &str) -> String {
    [BASE, path].concat()
}

fn assert_request(c: J, method: Method, path: &str, body: Option<J>) {
    let r = build(&ryze(), c.clone());
    assert_eq!(r.method, method, "{c}");
    assert_eq!(r.url, url(path), "{c}");
    let expected: &[(&str, &str)] = if body.is_some() { &[TOKEN, JSON] } else { &[TOKEN] };
    assert_eq!(headers(&r), pairs(expected), "{c}");
    match &body {
        Some(b) => assert_eq!(&body_json(&r), b, "{c}"),
        None => assert_eq!(r.body, None, "{c}"),
    }
}

mod requests {
    use super::*;

    // list groups: GET `/api/group/list/{instance}`, no paging.
    #[test]
    fn list_groups() {
        assert_request(json!({"op": "listGroups"}), Method::Get, "/api/group/list/shop-bot", None);
    }

    // metadata and light metadata: GET /info with the JID as `identifier` (percent-encoded);
    // participants are included by default (light only drops the link from the result).
    #[test]
    fn group_metadata_full_and_light_in_every_id_form() {
        for (input, jid) in GROUP_FORMS {
            let path = ["/api/group/info/shop-bot?identifier=", &jid.replace('@', "%40")].concat();
            assert_request(json!({"op": "getGroupMetadata", "groupId": input}), Method::Get, &path, None);
            assert_request(json!({"op": "getGroupMetadataLight", "groupId": input}), Method::Get, &path, None);
        }
    }

    // invitation info: GET /info with the link as `identifier` (an invite code or a full
    // link are both documented identifiers); the link's `:` and `/` are percent-encoded.
    #[test]
    fn invitation_info_sends_the_link_as_identifier() {
        for input in INVITE_FORMS {
            assert_request(json!({"op": "getInvitationInfo", "link": input}), Method::Get, &["/api/group/info/shop-bot?identifier=", LINK_Q].concat(), None);
        }
    }

    // reset link: POST `/api/group/resetLink/{instance}` `{identifier}`.
    #[test]
    fn reset_link() {
        for (input, jid) in GROUP_FORMS {
            assert_request(json!({"op": "resetInvitationLink", "groupId": input}), Method::Post, "/api/group/resetLink/shop-bot", Some(json!({"identifier": jid})));
        }
    }

    // join: POST `/api/group/join/{instance}` `{identifier: code | link}`.
    #[test]
    fn join() {
        for input in INVITE_FORMS {
            assert_request(json!({"op": "joinGroup", "link": input}), Method::Post, "/api/group/join/shop-bot", Some(json!({"identifier": LINK})));
        }
    }

    // participants: `{ "action": "add|remove|promote|demote|approve|reject", "identifier": "…@g.us", "participants": ["5511…"] }`.
    #[test]
    fn participants_documented_body() {
        for (op, action) in [
            ("addParticipants", "add"),
            ("removeParticipants", "remove"),
            ("promoteParticipants", "promote"),
            ("demoteParticipants", "demote"),
            ("approveParticipants", "approve"),
            ("rejectParticipants", "reject"),
        ] {
            for (input, jid) in GROUP_FORMS {
                assert_request(
                    json!({"op": op, "groupId": input, "phones": ["5511999999999", "+55 (21) 98888-8888", "5531977777777@s.whatsapp.net"]}),
                    Method::Post,
                    "/api/group/participants/shop-bot",
                    Some(json!({"identifier": jid, "action": action, "participants": ["5511999999999", "5521988888888", "5531977777777"]})),
                );
            }
        }
        // autoInvite false is accepted for add and not sent (RyzeAPI has no such field).
        assert_request(
            json!({"op": "addParticipants", "groupId": GROUP, "phones": ["5511999999999"], "autoInvite": false}),
            Method::Post,
            "/api/group/participants/shop-bot",
            Some(json!({"identifier": GROUP, "action": "add", "participants": ["5511999999999"]})),
        );
    }

    // update: PUT `/api/group/update/{instance}` `{identifier, name?, description?, image?, groupSettings?}`.
    #[test]
    fn update_name_description_photo() {
        for (input, jid) in GROUP_FORMS {
            assert_request(json!({"op": "updateGroupName", "groupId": input, "name": "Dev Team"}), Method::Put, "/api/group/update/shop-bot", Some(json!({"identifier": jid, "name": "Dev Team"})));
            assert_request(
                json!({"op": "updateGroupDescription", "groupId": input, "description": "Technical discussions"}),
                Method::Put,
                "/api/group/update/shop-bot",
                Some(json!({"identifier": jid, "description": "Technical discussions"})),
            );
            assert_request(
                json!({"op": "updateGroupPhoto", "groupId": input, "photo": "https://example.com/logo.png"}),
                Method::Put,
                "/api/group/update/shop-bot",
                Some(json!({"identifier": jid, "image": "https://example.com/logo.png"})),
            );
        }
        // `description: ""` clears the description (Update details): it is sent.
        assert_request(json!({"op": "updateGroupDescription", "groupId": GROUP, "description": ""}), Method::Put, "/api/group/update/shop-bot", Some(json!({"identifier": GROUP, "description": ""})));
        // Base64 and data URLs travel as given (`image` is "URL or base64").
        for photo in ["data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD", "/9j/4AAQSkZJRgABAQAAAQABAAD"] {
            assert_request(json!({"op": "updateGroupPhoto", "groupId": GROUP, "photo": photo}), Method::Put, "/api/group/update/shop-bot", Some(json!({"identifier": GROUP, "image": photo})));
        }
    }

    // The quirk: RyzeAPI's settings say what members may do, the neutral ones what only
    // admins may: each is the other negated (requireAdminApproval is the same on both).
    // Any subset may be sent; settings left unset are left out.
    #[test]
    fn quirk_ryze_members_can_settings_are_negated() {
        assert_request(
            json!({"op": "updateGroupSettings", "groupId": GROUP, "settings": {"onlyAdminsCanSend": true, "onlyAdminsCanEditInfo": false, "requireAdminApproval": true, "onlyAdminsCanAddMembers": true}}),
            Method::Put,
            "/api/group/update/shop-bot",
            Some(json!({"identifier": GROUP, "groupSettings": {"membersCanSendMessages": false, "membersCanEditInfo": true, "requireAdminApproval": true, "membersCanAddOthers": false}})),
        );
        for (setting, value, wire, wire_value) in [
            ("onlyAdminsCanSend", true, "membersCanSendMessages", false),
            ("onlyAdminsCanSend", false, "membersCanSendMessages", true),
            ("onlyAdminsCanEditInfo", true, "membersCanEditInfo", false),
            ("onlyAdminsCanEditInfo", false, "membersCanEditInfo", true),
            ("requireAdminApproval", true, "requireAdminApproval", true),
            ("requireAdminApproval", false, "requireAdminApproval", false),
            ("onlyAdminsCanAddMembers", true, "membersCanAddOthers", false),
            ("onlyAdminsCanAddMembers", false, "membersCanAddOthers", true),
        ] {
            for (input, jid) in GROUP_FORMS {
                assert_request(
                    json!({"op": "updateGroupSettings", "groupId": input, "settings": {setting: value}}),
                    Method::Put,
                    "/api/group/update/shop-bot",
                    Some(json!({"identifier": jid, "groupSettings": {wire: wire_value}})),
                );
            }
        }
        // null means "leave as it is", like absent.
        assert_request(
            json!({"op": "updateGroupSettings", "groupId": GROUP, "settings": {"onlyAdminsCanSend": null, "requireAdminApproval": false}}),
            Method::Put,
            "/api/group/update/shop-bot",
            Some(json!({"identifier": GROUP, "groupSettings": {"requireAdminApproval": false}})),
        );
    }

    // leave: DELETE `/api/group/leave/{instance}?identifier=` (identifier in the query).
    #[test]
    fn leave_uses_delete_with_the_identifier_in_the_query() {
        for (input, jid) in GROUP_FORMS {
            assert_request(json!({"op": "leaveGroup", "groupId": input}), Method::Delete, &["/api/group/leave/shop-bot?identifier=", &jid.replace('@', "%40")].concat(), None);
        }
    }

    // community create: `{name, description, groupJid[]}` (image and membershipApprovalMode unused).
    #[test]
    fn create_community() {
        assert_request(
            json!({"op": "createCommunity", "name": "XYZ Company", "description": "Company community", "groupIds": ["120363406289005074-group", "120363406289005075", "5511999999999-1623281429"]}),
            Method::Post,
            "/api/community/create/shop-bot",
            Some(json!({"name": "XYZ Company", "description": "Company community", "groupJid": ["120363406289005074@g.us", "120363406289005075@g.us", "5511999999999-1623281429@g.us"]})),
        );
        assert_request(json!({"op": "createCommunity", "name": "XYZ Company"}), Method::Post, "/api/community/create/shop-bot", Some(json!({"name": "XYZ Company"})));
        assert_request(json!({"op": "createCommunity", "name": "XYZ Company", "groupIds": []}), Method::Post, "/api/community/create/shop-bot", Some(json!({"name": "XYZ Company"})));
        // 25 characters (the documented limit) is accepted.
        let name = "A".repeat(25);
        assert_request(json!({"op": "createCommunity", "name": name}), Method::Post, "/api/community/create/shop-bot", Some(json!({"name": name})));
    }

    // listSubGroups: GET `?communityJid=` (a JID; percent-encoded).
    #[test]
    fn list_subgroups() {
        for input in COMMUNITY_FORMS {
            assert_request(json!({"op": "listSubgroups", "communityId": input}), Method::Get, "/api/community/listSubGroups/shop-bot?communityJid=120363406289005073%40g.us", None);
        }
    }

    // Expected durations: participants calls wait on RyzeAPI's own 60/90 s limits; a
    // community create with groups waits about a second per group.
    #[test]
    fn expected_durations() {
        let r = ryze();
        for op in ["addParticipants", "removeParticipants", "promoteParticipants", "demoteParticipants", "approveParticipants", "rejectParticipants"] {
            let c = call(&r, json!({"op": op, "groupId": GROUP, "phones": ["5511999999999"]}));
            assert!(wa_groups::expected_duration_ms(&r, &c).is_some_and(|ms| ms >= 90_000), "{op}");
            let z = call(&zapi(), json!({"op": op, "groupId": GROUP, "phones": ["5511999999999"]}));
            assert_eq!(wa_groups::expected_duration_ms(&zapi(), &z), None, "{op}");
        }
        let c = call(&r, json!({"op": "createCommunity", "name": "XYZ", "groupIds": ["120363406289005074", "120363406289005075", "120363406289005076"]}));
        assert!(wa_groups::expected_duration_ms(&r, &c).is_some_and(|ms| ms >= 3_000), "one second per group");
        let c = call(&r, json!({"op": "getGroupMetadata", "groupId": GROUP}));
        assert_eq!(wa_groups::expected_duration_ms(&r, &c), None);
    }
}

mod responses {
    use super::*;

    fn c(v: J) -> Call {
        call(&ryze(), v)
    }

    /// GroupDetail under `group`, as the reset-link page tells to read it (P1-RYZE-b),
    /// with the fields the info page lists.
    const DETAIL: &str = r#"{
        "success": true,
        "message": "Group info retrieved",
        "group": {
            "name": "Dev Team", "jid": "120363406289005074@g.us", "description": "Technical discussions",
            "inviteCode": "ABC123XYZ", "inviteLink": "https://chat.whatsapp.com/ABC123XYZ",
            "createdBy": "5511999999999@s.whatsapp.net", "createdAt": "2025-01-01T00:00:00Z", "image": "https://pps.whatsapp.net/v/t61/x.jpg",
            "participantCount": 3,
            "participants": [
                { "jid": "5511999999999@s.whatsapp.net", "lid": "204829384756123@lid", "isAdmin": true, "isSuperAdmin": true },
                { "jid": "5521988888888@s.whatsapp.net", "lid": "204829384756124@lid", "isAdmin": true, "isSuperAdmin": false },
                { "jid": "5531977777777@s.whatsapp.net", "lid": "204829384756125@lid", "isAdmin": false, "isSuperAdmin": false }
            ],
            "groupSettings": { "membersCanEditInfo": true, "membersCanSendMessages": false, "membersCanAddOthers": false, "requireAdminApproval": true },
            "metadata": { "nameSetBy": "5511999999999@s.whatsapp.net" },
            "isEphemeral": false, "isIncognito": false, "isSuspended": false, "isDefaultSubGroup": false
        }
    }"#;

    fn detail_expected(link: J) -> J {
        json!({
            "groupId": GROUP, "name": "Dev Team", "description": "Technical discussions", "owner": "5511999999999",
            "createdAt": 1735689600000u64, "invitationLink": link, "invitationLinkError": null, "communityId": null, "isAnnouncements": false,
            "settings": {"onlyAdminsCanSend": true, "onlyAdminsCanEditInfo": false, "requireAdminApproval": true, "onlyAdminsCanAddMembers": true},
            "participants": [
                {"phone": "5511999999999", "isAdmin": true, "isSuperAdmin": true},
                {"phone": "5521988888888", "isAdmin": true, "isSuperAdmin": false},
                {"phone": "5531977777777", "isAdmin": false, "isSuperAdmin": false}
            ]
        })
    }

    // createdAt ISO string → ms; createdBy → owner digits; participant JIDs → digits;
    // groupSettings negated into the neutral settings.
    #[test]
    fn group_metadata_from_group_detail() {
        for (input, _) in GROUP_FORMS.iter().take(3) {
            assert_eq!(parse_ok(&ryze(), &c(json!({"op": "getGroupMetadata", "groupId": input})), 200, DETAIL), detail_expected(json!(LINK)), "{input}");
        }
    }

    // Light: the same details without the link.
    #[test]
    fn light_metadata_drops_the_link() {
        assert_eq!(parse_ok(&ryze(), &c(json!({"op": "getGroupMetadataLight", "groupId": GROUP})), 200, DETAIL), detail_expected(J::Null));
    }

    // GroupInfo at the top level (the overview) and under `data` (the error guide) read the same.
    #[test]
    fn group_metadata_in_other_wrappings() {
        let v: J = serde_json::from_str(DETAIL).expect("JSON");
        let inner = v["group"].to_string();
        let mc = c(json!({"op": "getGroupMetadata", "groupId": GROUP}));
        assert_eq!(parse_ok(&ryze(), &mc, 200, &inner), detail_expected(json!(LINK)));
        assert_eq!(parse_ok(&ryze(), &mc, 200, &json!({"success": true, "data": v["group"]}).to_string()), detail_expected(json!(LINK)));
        assert_eq!(parse_err(&ryze(), &mc, 200, r#"{"success": true, "message": "ok"}"#).kind.name(), "decode");
    }

    // A subgroup reports its community and whether it is the announcements group; unknown
    // settings come back null rather than guessed.
    #[test]
    fn group_metadata_of_an_announcements_subgroup() {
        let body = r#"{"success": true, "group": {"jid": "120363406289005074@g.us", "name": "Announcements", "communityJid": "120363406289005073@g.us", "isDefaultSubGroup": true, "createdAt": 1735689600, "participants": []}}"#;
        let got = parse_ok(&ryze(), &c(json!({"op": "getGroupMetadata", "groupId": GROUP})), 200, body);
        assert_eq!(
            got,
            json!({
                "groupId": GROUP, "name": "Announcements", "description": null, "owner": null, "createdAt": 1735689600000u64,
                "invitationLink": null, "invitationLinkError": null, "communityId": COMMUNITY, "isAnnouncements": true,
                "settings": {"onlyAdminsCanSend": null, "onlyAdminsCanEditInfo": null, "requireAdminApproval": null, "onlyAdminsCanAddMembers": null},
                "participants": []
            })
        );
    }

    // Invitation info: the same GroupDetail, seen from outside: count and members, no settings.
    #[test]
    fn invitation_info_from_group_detail() {
        for input in INVITE_FORMS {
            let got = parse_ok(&ryze(), &c(json!({"op": "getInvitationInfo", "link": input})), 200, DETAIL);
            assert_eq!(
                got,
                json!({
                    "groupId": GROUP, "name": "Dev Team", "description": "Technical discussions", "owner": "5511999999999",
                    "createdAt": 1735689600000u64, "participantsCount": 3,
                    "participants": [
                        {"phone": "5511999999999", "isAdmin": true, "isSuperAdmin": true},
                        {"phone": "5521988888888", "isAdmin": true, "isSuperAdmin": false},
                        {"phone": "5531977777777", "isAdmin": false, "isSuperAdmin": false}
                    ]
                }),
                "{input}"
            );
        }
        let ic = c(json!({"op": "getInvitationInfo", "link": LINK}));
        assert_eq!(parse_err(&ryze(), &ic, 200, r#"{"success": true, "group": {"jid": "not a group"}}"#).kind.name(), "decode");
    }

    // reset link, documented answer.
    #[test]
    fn reset_link_documented_answer() {
        let body = r#"{ "success": true, "message": "Group invite link reset successfully", "groupJid": "120363406289005074@g.us", "inviteCode": "NEW123XYZ", "inviteLink": "https://chat.whatsapp.com/NEW123XYZ" }"#;
        for (input, jid) in GROUP_FORMS {
            let got = parse_ok(&ryze(), &c(json!({"op": "resetInvitationLink", "groupId": input})), 200, body);
            assert_eq!(got, json!({"groupId": jid, "invitationLink": "https://chat.whatsapp.com/NEW123XYZ"}), "{input}");
        }
        // Only the code: WhatsApp's link for it.
        let got = parse_ok(&ryze(), &c(json!({"op": "resetInvitationLink", "groupId": GROUP})), 200, r#"{"success": true, "groupJid": "120363406289005074@g.us", "inviteCode": "NEW123XYZ"}"#);
        assert_eq!(got["invitationLink"], json!("https://chat.whatsapp.com/NEW123XYZ"));
    }

    // join, documented answer; with approval required the join is queued.
    #[test]
    fn join_documented_answer() {
        let jc = c(json!({"op": "joinGroup", "link": LINK}));
        let body = r#"{ "success": true, "message": "Successfully joined the group", "groupJid": "120363406289005074@g.us", "requiresApproval": false }"#;
        assert_eq!(parse_ok(&ryze(), &jc, 200, body), json!({"groupId": GROUP, "requiresApproval": false}));
        let body = r#"{ "success": true, "message": "Join request sent", "groupJid": "120363406289005074@g.us", "requiresApproval": true }"#;
        assert_eq!(parse_ok(&ryze(), &jc, 200, body), json!({"groupId": GROUP, "requiresApproval": true}));
    }

    // participants: one result per participant, `success` and `error` (the reason) when
    // false. The id key is undocumented; the simulator writes `participant: "<digits>"`.
    #[test]
    fn participants_per_participant_results() {
        let pc = c(json!({"op": "addParticipants", "groupId": GROUP, "phones": ["5511999999999", "+55 21 98888-8888", "5531977777777"]}));
        let body = r#"{"success": true, "message": "2 of 3 participants added", "participants": [
            {"participant": "5511999999999", "success": true},
            {"participant": "5521988888888", "success": false, "error": "privacy settings do not allow adding this number"},
            {"participant": "5531977777777", "success": true}
        ]}"#;
        assert_eq!(
            parse_ok(&ryze(), &pc, 200, body),
            json!({"groupId": GROUP, "succeeded": ["5511999999999", "5531977777777"], "failed": [{"phone": "5521988888888", "reason": "privacy settings do not allow adding this number"}]})
        );
        // Other id keys and JID forms are read too; a failure without a reason has null.
        let body = r#"{"success": false, "participants": [
            {"jid": "5531977777777@s.whatsapp.net", "success": false},
            {"phone": "5511999999999", "success": true},
            {"id": "5521988888888@s.whatsapp.net", "success": "false", "error": "not a participant"}
        ]}"#;
        assert_eq!(
            parse_ok(&ryze(), &pc, 200, body),
            json!({"groupId": GROUP, "succeeded": ["5511999999999"], "failed": [
                {"phone": "5521988888888", "reason": "not a participant"},
                {"phone": "5531977777777", "reason": null}]})
        );
    }

    // A requested phone the answer does not mention did not go through.
    #[test]
    fn participants_missing_from_the_answer_failed() {
        let pc = c(json!({"op": "removeParticipants", "groupId": GROUP, "phones": ["5511999999999", "5521988888888"]}));
        let got = parse_ok(&ryze(), &pc, 200, r#"{"success": true, "participants": [{"participant": "5521988888888", "success": true}]}"#);
        assert_eq!(got["succeeded"], json!(["5521988888888"]));
        assert_eq!(got["failed"][0]["phone"], json!("5511999999999"));
        assert!(got["failed"][0]["reason"].is_string(), "{got}");
    }

    // update: the simulator's `{success, message: "Group updated: …", group: GroupInfo}`,
    // or GroupInfo without an envelope (the overview).
    #[test]
    fn update_answers() {
        let info = r#"{"name": "Dev Team", "jid": "120363406289005074@g.us", "participantCount": 3}"#;
        for v in [
            json!({"op": "updateGroupName", "groupId": GROUP, "name": "Dev Team"}),
            json!({"op": "updateGroupDescription", "groupId": "120363406289005074-group", "description": "x"}),
            json!({"op": "updateGroupPhoto", "groupId": "120363406289005074", "photo": "https://example.com/logo.png"}),
            json!({"op": "updateGroupSettings", "groupId": GROUP, "settings": {"onlyAdminsCanSend": true}}),
        ] {
            let uc = c(v.clone());
            let body = ["{\"success\": true, \"message\": \"Group updated: name\", \"group\": ", info, "}"].concat();
            assert_eq!(parse_ok(&ryze(), &uc, 200, &body), json!({"groupId": GROUP}), "{v}");
            assert_eq!(parse_ok(&ryze(), &uc, 200, info), json!({"groupId": GROUP}), "{v}");
            assert_eq!(parse_err(&ryze(), &uc, 200, r#"{"message": "ok"}"#).kind.name(), "decode", "{v}");
        }
    }

    // leave, documented answer.
    #[test]
    fn leave_documented_answer() {
        let body = r#"{ "success": true, "message": "Successfully left the group", "groupJid": "120363406289005074@g.us" }"#;
        for (input, jid) in GROUP_FORMS {
            assert_eq!(parse_ok(&ryze(), &c(json!({"op": "leaveGroup", "groupId": input})), 200, body), json!({"groupId": jid}), "{input}");
        }
    }

    // list groups (page not stored; simulator's choice): `{success, message, groups: [GroupInfo]}`.
    // Everything comes at once: no page, nothing more.
    #[test]
    fn list_groups_under_groups() {
        let body = r#"{"success": true, "message": "2 group(s) found", "groups": [
            {"name": "Dev Team", "jid": "120363406289005074@g.us", "inviteCode": "ABC123XYZ", "participantCount": 3},
            {"name": "", "jid": "5511999999999-1623281429@g.us"},
            {"name": "no id"}
        ]}"#;
        assert_eq!(
            parse_ok(&ryze(), &c(json!({"op": "listGroups"})), 200, body),
            json!({"groups": [{"groupId": GROUP, "name": "Dev Team"}, {"groupId": "5511999999999-1623281429@g.us", "name": null}], "page": null, "hasMore": false})
        );
        assert_eq!(parse_ok(&ryze(), &c(json!({"op": "listGroups"})), 200, r#"{"success": true, "message": "0 group(s) found", "groups": []}"#), json!({"groups": [], "page": null, "hasMore": false}));
    }

    // A page asked of RyzeAPI (which answers with every group) is cut from the whole list,
    // in the shape Z-API's pages have; the request is the same.
    #[test]
    fn list_groups_pages_on_the_client_side() {
        let all: Vec<String> = (0..5).map(|i| format!(r#"{{"name": "G{i}", "jid": "12036340628900507{i}@g.us"}}"#)).collect();
        let body = format!(r#"{{"success": true, "groups": [{}]}}"#, all.join(","));
        let page = |p: u32, size: u32| parse_ok(&ryze(), &c(json!({"op": "listGroups", "page": p, "pageSize": size})), 200, &body);
        let names = |v: &J| v["groups"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
        let p1 = page(1, 2);
        assert_eq!((names(&p1), p1["page"].clone(), p1["hasMore"].clone()), (vec!["G0".to_owned(), "G1".to_owned()], json!(1), json!(true)));
        let p3 = page(3, 2);
        assert_eq!((names(&p3), p3["hasMore"].clone()), (vec!["G4".to_owned()], json!(false)));
        assert_eq!(page(4, 2)["groups"], json!([]));
        assert_eq!(page(1, 5)["hasMore"], json!(false));
        let r = build(&ryze(), json!({"op": "listGroups", "page": 2, "pageSize": 2}));
        assert_eq!(r.url, build(&ryze(), json!({"op": "listGroups"})).url);
    }

    // community create (simulator's choice of the undocumented example): the community
    // under `group`, `linkedGroups`, `failedGroups[{jid, reason}]`.
    #[test]
    fn create_community_with_groups() {
        let cc = c(json!({"op": "createCommunity", "name": "XYZ Company", "groupIds": ["120363406289005074", "120363406289005075", "120363406289005076"]}));
        let body = r#"{"success": true, "message": "Community created", "group": {"name": "XYZ Company", "jid": "120363406289005073@g.us", "participantCount": 0},
            "isCommunity": true, "linkedGroups": ["120363406289005074@g.us", "120363406289005076@g.us"],
            "failedGroups": [{"jid": "120363406289005075@g.us", "reason": "group already belongs to another community"}], "imageError": null}"#;
        assert_eq!(
            parse_ok(&ryze(), &cc, 200, body),
            json!({"communityId": COMMUNITY, "isCommunity": true, "announcementsGroupId": null,
                   "linked": ["120363406289005074@g.us", "120363406289005076@g.us"],
                   "failed": [{"groupId": "120363406289005075@g.us", "reason": "group already belongs to another community"}]})
        );
        let none = c(json!({"op": "createCommunity", "name": "XYZ Company"}));
        let body = r#"{"success": true, "group": {"jid": "120363406289005073@g.us"}, "isCommunity": true, "linkedGroups": [], "failedGroups": []}"#;
        assert_eq!(parse_ok(&ryze(), &none, 200, body), json!({"communityId": COMMUNITY, "isCommunity": true, "announcementsGroupId": null, "linked": [], "failed": []}));
    }

    // The fallback: WhatsApp refused the parent, an ordinary group was created instead
    // (`isCommunity: false`). Reported honestly: every requested group failed, with a reason.
    #[test]
    fn create_community_fallback_is_reported_honestly() {
        let cc = c(json!({"op": "createCommunity", "name": "FALLBACK Co", "groupIds": ["120363406289005074", "120363406289005075"]}));
        let body = r#"{"success": true, "message": "WhatsApp refused to create a community; an ordinary group was created instead",
            "group": {"name": "FALLBACK Co", "jid": "120363406289005099@g.us"}, "isCommunity": false, "linkedGroups": [], "failedGroups": [], "imageError": null}"#;
        let got = parse_ok(&ryze(), &cc, 200, body);
        assert_eq!(got["communityId"], json!("120363406289005099@g.us"));
        assert_eq!(got["isCommunity"], json!(false));
        assert_eq!(got["linked"], json!([]));
        let failed = got["failed"].as_array().expect("failed");
        assert_eq!(failed.iter().map(|f| f["groupId"].clone()).collect::<Vec<_>>(), [json!("120363406289005074@g.us"), json!("120363406289005075@g.us")]);
        assert!(failed.iter().all(|f| f["reason"].as_str().is_some_and(|r| !r.is_empty())), "{got}");
        // "true"/"false" in strings are read as booleans.
        let body = body.replace(r#""isCommunity": false"#, r#""isCommunity": "false""#);
        assert_eq!(parse_ok(&ryze(), &cc, 200, &body)["isCommunity"], json!(false));
    }

    // listSubGroups, documented answer (ids written in full).
    #[test]
    fn list_subgroups_documented_answer() {
        let body = r#"{
          "success": true,
          "message": "2 subgroup(s) found",
          "communityJid": "120363406289005073@g.us",
          "subgroups": [
            { "jid": "120363406289005074@g.us", "name": "Announcements", "isDefaultSubGroup": true },
            { "jid": "120363406289005075@g.us", "name": "General", "isDefaultSubGroup": false }
          ]
        }"#;
        for input in COMMUNITY_FORMS {
            assert_eq!(
                parse_ok(&ryze(), &c(json!({"op": "listSubgroups", "communityId": input})), 200, body),
                json!({"communityId": COMMUNITY, "subgroups": [
                    {"groupId": "120363406289005074@g.us", "name": "Announcements", "isAnnouncements": true},
                    {"groupId": "120363406289005075@g.us", "name": "General", "isAnnouncements": false}]}),
                "{input}"
            );
        }
        assert_eq!(parse_err(&ryze(), &c(json!({"op": "listSubgroups", "communityId": COMMUNITY})), 200, r#"{"success": true}"#).kind.name(), "decode");
    }
}

mod quirks {
    use super::*;

    // Unlink reuses link's answer: its `linked[]` lists the groups *unlinked*.
    #[test]
    fn quirk_ryze_unlink_linked_means_unlinked() {
        let uc = call(&ryze(), json!({"op": "unlinkGroups", "communityId": COMMUNITY, "groupIds": ["120363406289005074", "120363406289005075"]}));
        let body = r#"{"success": true, "message": "Unlinked 1 of 2 groups from community", "linked": ["120363406289005075@g.us"], "failed": [{"jid": "120363406289005074@g.us", "reason": "the announcements group cannot be unlinked"}]}"#;
        let got = assert_partition(&parse_ok(&ryze(), &uc, 200, body), "unlinked", &["120363406289005074@g.us", "120363406289005075@g.us"]);
        assert_eq!(
            got,
            json!({"communityId": COMMUNITY, "unlinked": ["120363406289005075@g.us"], "failed": [{"groupId": "120363406289005074@g.us", "reason": "the announcements group cannot be unlinked"}]})
        );
    }

    // Read back, the members-can settings are negated the other way.
    #[test]
    fn quirk_ryze_members_can_negation_reading_back() {
        let mc = call(&ryze(), json!({"op": "getGroupMetadata", "groupId": GROUP}));
        for (members_can, only_admins) in [(true, false), (false, true)] {
            let body = json!({"success": true, "group": {"jid": GROUP, "groupSettings": {
                "membersCanSendMessages": members_can, "membersCanEditInfo": members_can, "membersCanAddOthers": members_can, "requireAdminApproval": members_can}}})
            .to_string();
            let got = parse_ok(&ryze(), &mc, 200, &body);
            assert_eq!(got["settings"], json!({"onlyAdminsCanSend": only_admins, "onlyAdminsCanEditInfo": only_admins, "requireAdminApproval": members_can, "onlyAdminsCanAddMembers": only_admins}));
        }
    }

    // No "get invitation link" endpoint: the link is read from the group's details, and
    // never by resetting it (which would revoke the old one).
    #[test]
    fn quirk_ryze_reads_the_link_without_resetting_it() {
        let r = build(&ryze(), json!({"op": "getInvitationLink", "groupId": GROUP}));
        assert_eq!((r.method, r.url.as_str()), (Method::Get, ["https://ryzeapi.cloud/api/group/info/shop-bot?identifier=", GROUP_Q, "&participants=false"].concat().as_str()));
        assert!(!r.url.contains("resetLink"));
    }
}
