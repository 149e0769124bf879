//! Golden vectors for RyzeAPI, taken from the provider's documented examples: seed 001
//! (community link) in /work/shared/seeds, and docs/wire-reference.md sections
//! P1-RYZE-0 (envelopes), P1-RYZE-a (create), P1-RYZE-b (info), P1-RYZE-c (link/unlink).

mod common;

use common::*;
use serde_json::json;
use wa_groups::http::{Method, Request};

const BASE: &str = "https://ryzeapi.cloud";

fn assert_request(r: &Request, method: Method, url: &str, hdrs: &[(&str, &str)], body: Option<serde_json::Value>) {
    assert_eq!(r.method, method);
    assert_eq!(r.url, url);
    assert_eq!(headers(r), pairs(hdrs));
    match body {
        Some(b) => assert_eq!(body_json(r), b),
        None => assert_eq!(r.body, None),
    }
}

const TOKEN: (&str, &str) = ("token", RYZE_TOKEN);
const JSON: (&str, &str) = ("Content-Type", "application/json");

mod requests {
    use super::*;

    // P1-RYZE-a: `name` and `participants` (bare digits) are the required fields.
    #[test]
    fn create_group_documented_body() {
        let r = build(&ryze(), json!({"op": "createGroup", "name": "Dev Team", "participants": ["5511999999999", "5521988888888"]}));
        assert_request(&r, Method::Post, "https://ryzeapi.cloud/api/group/create/shop-bot", &[TOKEN, JSON], Some(json!({"name": "Dev Team", "participants": ["5511999999999", "5521988888888"]})));
        // autoInvite false is accepted for RyzeAPI and not sent (it has no such field).
        let r = build(&ryze(), json!({"op": "createGroup", "name": "Dev Team", "participants": ["5511999999999"], "autoInvite": false}));
        assert_eq!(body_json(&r), json!({"name": "Dev Team", "participants": ["5511999999999"]}));
    }

    // P1-RYZE-b: RyzeAPI has no invitation-link endpoint; GET /info reads it without
    // revoking it. The identifier is a query value, so it is percent-encoded.
    #[test]
    fn invitation_link_reads_group_info() {
        let r = build(&ryze(), json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"}));
        assert_request(&r, Method::Get, "https://ryzeapi.cloud/api/group/info/shop-bot?identifier=120363019502650977%40g.us&participants=false", &[TOKEN], None);
    }

    // Seed 001, "Link 2 groups" and "Link 1 group".
    #[test]
    fn link_documented_bodies() {
        let r = build(&ryze(), json!({"op": "linkGroups", "communityId": "120363406289005073@g.us", "groupIds": ["120363406289005074@g.us", "120363406289005075@g.us"]}));
        assert_request(
            &r,
            Method::Post,
            "https://ryzeapi.cloud/api/community/link/shop-bot",
            &[TOKEN, JSON],
            Some(json!({"communityJid": "120363406289005073@g.us", "groupJid": ["120363406289005074@g.us", "120363406289005075@g.us"]})),
        );
        let r = build(&ryze(), json!({"op": "linkGroups", "communityId": "120363406289005073@g.us", "groupIds": ["120363406289005074@g.us"]}));
        assert_eq!(body_json(&r), json!({"communityJid": "120363406289005073@g.us", "groupJid": ["120363406289005074@g.us"]}));
    }

    // P1-RYZE-c: unlink takes the same body.
    #[test]
    fn unlink_documented_body() {
        let r = build(&ryze(), json!({"op": "unlinkGroups", "communityId": "120363406289005073@g.us", "groupIds": ["120363406289005074@g.us", "120363406289005075@g.us"]}));
        assert_request(
            &r,
            Method::Post,
            "https://ryzeapi.cloud/api/community/unlink/shop-bot",
            &[TOKEN, JSON],
            Some(json!({"communityJid": "120363406289005073@g.us", "groupJid": ["120363406289005074@g.us", "120363406289005075@g.us"]})),
        );
    }

    #[test]
    fn custom_base_url_with_trailing_slash() {
        let cfg = config(json!({"provider": "ryze", "instance": RYZE_INSTANCE, "token": RYZE_TOKEN, "baseUrl": "http://127.0.0.1:9090/"}));
        let r = build(&cfg, json!({"op": "linkGroups", "communityId": "120363406289005073", "groupIds": ["120363406289005074"]}));
        assert_request(
            &r,
            Method::Post,
            "http://127.0.0.1:9090/api/community/link/shop-bot",
            &[TOKEN, JSON],
            Some(json!({"communityJid": "120363406289005073@g.us", "groupJid": ["120363406289005074@g.us"]})),
        );
        let r = build(&cfg, json!({"op": "unlinkGroups", "communityId": "120363406289005073", "groupIds": ["120363406289005074"]}));
        assert_eq!(r.url, "http://127.0.0.1:9090/api/community/unlink/shop-bot");
        let r = build(&cfg, json!({"op": "createGroup", "name": "Dev Team", "participants": ["5511999999999"]}));
        assert_eq!(r.url, "http://127.0.0.1:9090/api/group/create/shop-bot");
        let r = build(&cfg, json!({"op": "getInvitationLink", "groupId": "120363406289005074"}));
        assert_request(&r, Method::Get, "http://127.0.0.1:9090/api/group/info/shop-bot?identifier=120363406289005074%40g.us&participants=false", &[TOKEN], None);
        let cfg = config(json!({"provider": "ryze", "instance": RYZE_INSTANCE, "token": RYZE_TOKEN, "baseUrl": "https://gw.example.com/ryze//"}));
        let r = build(&cfg, json!({"op": "createGroup", "name": "Dev Team", "participants": ["5511999999999"]}));
        assert_eq!(r.url, "https://gw.example.com/ryze/api/group/create/shop-bot");
    }

    // The instance name is the last path segment: it cannot add segments or a query.
    #[test]
    fn instance_name_is_one_path_segment() {
        let cfg = config(json!({"provider": "ryze", "instance": "loja/ação?x", "token": RYZE_TOKEN}));
        let r = build(&cfg, json!({"op": "linkGroups", "communityId": "120363406289005073", "groupIds": ["120363406289005074"]}));
        assert_eq!(r.url, "https://ryzeapi.cloud/api/community/link/loja%2Fa%C3%A7%C3%A3o%3Fx");
    }

    // No Client-Token for RyzeAPI: a config that sets one is refused, not silently ignored.
    #[test]
    fn client_token_is_refused_for_ryze() {
        let cfg = json!({"provider": "ryze", "instance": RYZE_INSTANCE, "token": RYZE_TOKEN, "clientToken": "ZCLIENT5ecr3t"});
        let issues = wa_groups::Config::from_value(&wa(&cfg)).expect_err("clientToken refused");
        assert_eq!(issues.iter().map(|i| i.field.as_str()).collect::<Vec<_>>(), ["clientToken"]);
    }
}

mod id_forms {
    use super::*;

    // Every documented group id form is sent to RyzeAPI as a `@g.us` JID.
    #[test]
    fn group_ids_in_every_form() {
        for (input, jid) in [
            ("120363019502650977-group", "120363019502650977@g.us"),
            ("120363019502650977@g.us", "120363019502650977@g.us"),
            ("120363019502650977", "120363019502650977@g.us"),
            ("1345353454354354-group", "1345353454354354@g.us"),
            ("5511999999999-1623281429", "5511999999999-1623281429@g.us"),
            ("5511999999999-1623281429@g.us", "5511999999999-1623281429@g.us"),
        ] {
            let r = build(&ryze(), json!({"op": "linkGroups", "communityId": "120363406289005073", "groupIds": [input]}));
            assert_eq!(body_json(&r)["groupJid"], json!([jid]), "{input}");
            let r = build(&ryze(), json!({"op": "unlinkGroups", "communityId": "120363406289005073", "groupIds": [input]}));
            assert_eq!(body_json(&r)["groupJid"], json!([jid]), "{input}");
            let r = build(&ryze(), json!({"op": "getInvitationLink", "groupId": input}));
            assert_eq!(r.url, [BASE, "/api/group/info/shop-bot?identifier=", &jid.replace('@', "%40"), "&participants=false"].concat(), "{input}");
        }
    }

    #[test]
    fn community_ids_in_every_form() {
        for input in ["120363406289005073", "120363406289005073@g.us", "120363406289005073-group"] {
            let r = build(&ryze(), json!({"op": "linkGroups", "communityId": input, "groupIds": ["1345353454354354-group", "5511999999999-1623281429"]}));
            assert_eq!(body_json(&r), json!({"communityJid": "120363406289005073@g.us", "groupJid": ["1345353454354354@g.us", "5511999999999-1623281429@g.us"]}), "{input}");
        }
    }

    // Participants are bare digits in every RyzeAPI example.
    #[test]
    fn phones_in_every_form() {
        for input in ["5521988888888", "+5521988888888", "+55 (21) 98888-8888", "55 21 98888 8888", "55-21-98888-8888", "5521988888888@s.whatsapp.net", "5521988888888@c.us"] {
            let r = build(&ryze(), json!({"op": "createGroup", "name": "Dev Team", "participants": [input]}));
            assert_eq!(body_json(&r)["participants"], json!(["5521988888888"]), "{input}");
        }
    }
}

mod responses {
    use super::*;

    /// The GroupInfo example of the groups overview (P1-RYZE-a), verbatim.
    const GROUP_INFO: &str = r#"{
        "name": "Dev Team",
        "jid": "120363406289005073@g.us",
        "description": "Technical discussions",
        "inviteCode": "ABC123XYZ",
        "inviteLink": "https://chat.whatsapp.com/ABC123XYZ",
        "createdBy": "5511999999999@s.whatsapp.net",
        "participantCount": 3,
        "participants": [
            { "jid": "5511999999999@s.whatsapp.net", "isAdmin": true, "isSuperAdmin": false }
        ],
        "groupSettings": {
            "membersCanEditInfo": true, "membersCanSendMessages": true,
            "membersCanAddOthers": false, "requireAdminApproval": false
        }
    }"#;

    fn create() -> wa_groups::Call {
        // The create page's request example participants.
        call(&ryze(), json!({"op": "createGroup", "name": "Dev Team", "participants": ["5511999999999", "+55 21 98888-8888"]}))
    }

    // P1-RYZE-a: GroupInfo at the top level, under `group` (INFERRED) or under `data`
    // (error guide). Who is missing from `participants` was not added.
    #[test]
    fn create_group_in_every_wrapping() {
        let expected = json!({"groupId": "120363406289005073@g.us", "invitationLink": "https://chat.whatsapp.com/ABC123XYZ", "notAdded": ["5521988888888"]});
        let bodies = [
            GROUP_INFO.to_owned(),
            [r#"{"success": true, "message": "Group created successfully", "group": "#, GROUP_INFO, "}"].concat(),
            [r#"{"success": true, "message": "Group created successfully", "data": "#, GROUP_INFO, "}"].concat(),
        ];
        for body in &bodies {
            assert_eq!(parse_ok(&ryze(), &create(), 200, body), expected, "{body}");
            assert_eq!(parse_ok(&ryze(), &create(), 201, body), expected, "201 Created: {body}");
        }
    }

    #[test]
    fn create_group_everyone_added() {
        let body = r#"{"success": true, "group": {"jid": "120363406289005073@g.us", "inviteLink": "https://chat.whatsapp.com/ABC123XYZ",
            "participants": [{"jid": "5500000000000@s.whatsapp.net", "isAdmin": true, "isSuperAdmin": true},
                             {"jid": "5521988888888@s.whatsapp.net", "isAdmin": false, "isSuperAdmin": false},
                             {"jid": "5511999999999@s.whatsapp.net", "isAdmin": false, "isSuperAdmin": false}]}}"#;
        let got = parse_ok(&ryze(), &create(), 200, body);
        assert_eq!(got, json!({"groupId": "120363406289005073@g.us", "invitationLink": "https://chat.whatsapp.com/ABC123XYZ", "notAdded": []}));
    }

    // Several missing participants are reported in request order.
    #[test]
    fn create_group_several_not_added() {
        let c = call(&ryze(), json!({"op": "createGroup", "name": "Dev Team", "participants": ["5531977777777", "5511999999999", "5521988888888"]}));
        let got = parse_ok(&ryze(), &c, 200, GROUP_INFO);
        assert_eq!(got["notAdded"], json!(["5531977777777", "5521988888888"]));
    }

    // With only `inviteCode`, the link is WhatsApp's link for that code.
    #[test]
    fn create_group_with_invite_code_only() {
        let body = r#"{"jid": "120363406289005073@g.us", "inviteCode": "ABC123XYZ", "participants": [{"jid": "5511999999999@s.whatsapp.net"}, {"jid": "5521988888888@s.whatsapp.net"}]}"#;
        let got = parse_ok(&ryze(), &create(), 200, body);
        assert_eq!(got, json!({"groupId": "120363406289005073@g.us", "invitationLink": "https://chat.whatsapp.com/ABC123XYZ", "notAdded": []}));
    }

    fn info(group: &str) -> wa_groups::Call {
        call(&ryze(), json!({"op": "getInvitationLink", "groupId": group}))
    }

    // P1-RYZE-b: GroupDetail under `group` (reset-link page: read `group.inviteLink`).
    #[test]
    fn invitation_link_from_group_detail() {
        let body = r#"{
            "success": true, "message": "Group info retrieved",
            "group": {
                "name": "Dev Team", "jid": "120363406289005073@g.us", "description": "Technical discussions",
                "inviteCode": "ABC123XYZ", "inviteLink": "https://chat.whatsapp.com/ABC123XYZ",
                "createdBy": "5511999999999@s.whatsapp.net", "createdAt": "2025-01-01T00:00:00Z", "image": "https://pps.whatsapp.net/v/x.jpg",
                "participantCount": 3, "groupSettings": {"membersCanEditInfo": true},
                "metadata": {}, "isEphemeral": false, "isIncognito": false, "isSuspended": false, "isDefaultSubGroup": false
            }
        }"#;
        for input in ["120363406289005073@g.us", "120363406289005073-group", "120363406289005073"] {
            let got = parse_ok(&ryze(), &info(input), 200, body);
            assert_eq!(got, json!({"groupId": "120363406289005073@g.us", "invitationLink": "https://chat.whatsapp.com/ABC123XYZ"}), "{input}");
        }
    }

    // GroupInfo at the top level (overview) and under `data` (error guide).
    #[test]
    fn invitation_link_other_wrappings() {
        let expected = json!({"groupId": "120363406289005073@g.us", "invitationLink": "https://chat.whatsapp.com/ABC123XYZ"});
        assert_eq!(parse_ok(&ryze(), &info("120363406289005073@g.us"), 200, GROUP_INFO), expected);
        let body = [r#"{"success": true, "data": "#, GROUP_INFO, "}"].concat();
        assert_eq!(parse_ok(&ryze(), &info("120363406289005073@g.us"), 200, &body), expected);
    }

    // An info answer without `inviteLink` but with `inviteCode`.
    #[test]
    fn invitation_link_from_invite_code() {
        let expected = json!({"groupId": "120363406289005073@g.us", "invitationLink": "https://chat.whatsapp.com/Gx7Hk2LmN9pQ"});
        for body in [
            r#"{"success": true, "group": {"jid": "120363406289005073@g.us", "inviteCode": "Gx7Hk2LmN9pQ"}}"#,
            r#"{"success": true, "group": {"jid": "120363406289005073@g.us", "inviteLink": "", "inviteCode": "Gx7Hk2LmN9pQ"}}"#,
            r#"{"success": true, "group": {"jid": "120363406289005073@g.us", "inviteLink": null, "inviteCode": "Gx7Hk2LmN9pQ"}}"#,
        ] {
            assert_eq!(parse_ok(&ryze(), &info("120363406289005073@g.us"), 200, body), expected, "{body}");
        }
    }

    // Old-style ids come back as old-style JIDs.
    #[test]
    fn invitation_link_old_style_group() {
        let body = r#"{"success": true, "group": {"jid": "5511999999999-1623281429@g.us", "inviteLink": "https://chat.whatsapp.com/DCaqftVlS6dHWtlvfd3hUa"}}"#;
        let got = parse_ok(&ryze(), &info("5511999999999-1623281429"), 200, body);
        assert_eq!(got, json!({"groupId": "5511999999999-1623281429@g.us", "invitationLink": "https://chat.whatsapp.com/DCaqftVlS6dHWtlvfd3hUa"}));
    }

    // Only admins see the link (P1-RYZE-b): a group without link nor code is an error, not "",
    // and the same kind as Z-API's "not an admin": forbidden.
    #[test]
    fn invitation_link_absent_is_an_error() {
        let body = r#"{"success": true, "group": {"jid": "120363406289005073@g.us", "name": "Dev Team"}}"#;
        let e = parse_err(&ryze(), &info("120363406289005073@g.us"), 200, body);
        assert_eq!(e.kind.name(), "forbidden");
        assert_eq!(e.status, Some(200));
        assert!(e.message.contains("admin"), "{}", e.message);
    }
}

mod membership {
    use super::*;

    const COMMUNITY: &str = "120363406289005073@g.us";
    const G4: &str = "120363406289005074@g.us";
    const G5: &str = "120363406289005075@g.us";
    const G6: &str = "120363406289005076@g.us";

    fn link(groups: &[&str]) -> wa_groups::Call {
        call(&ryze(), json!({"op": "linkGroups", "communityId": COMMUNITY, "groupIds": groups}))
    }

    fn unlink(groups: &[&str]) -> wa_groups::Call {
        call(&ryze(), json!({"op": "unlinkGroups", "communityId": COMMUNITY, "groupIds": groups}))
    }

    fn linked(body: &str, requested: &[&str]) -> serde_json::Value {
        assert_partition(&parse_ok(&ryze(), &link(requested), 200, body), "linked", requested)
    }

    // Seed 001 "Success response", verbatim.
    #[test]
    fn documented_link_answer() {
        let body = r#"{
          "success": true,
          "message": "Linked 2 of 2 groups to community",
          "linked": [
            "120363406289005074@g.us",
            "120363406289005075@g.us"
          ],
          "failed": []
        }"#;
        assert_eq!(linked(body, &[G4, G5]), json!({"communityId": COMMUNITY, "linked": [G4, G5], "failed": []}));
    }

    // P1-RYZE-c: unlink answers in link's shape; its `linked[]` lists the unlinked groups.
    #[test]
    fn documented_unlink_answer() {
        let body = r#"{"success": true, "message": "Unlinked 2 of 2 groups from community", "linked": ["120363406289005074@g.us", "120363406289005075@g.us"], "failed": []}"#;
        let got = assert_partition(&parse_ok(&ryze(), &unlink(&[G4, G5]), 200, body), "unlinked", &[G4, G5]);
        assert_eq!(got, json!({"communityId": COMMUNITY, "unlinked": [G4, G5], "failed": []}));
    }

    // `failed[]` item shape is undocumented: bare JIDs (like `linked`) have no reason.
    #[test]
    fn partial_failed_as_strings() {
        let body = r#"{"success": true, "message": "Linked 2 of 3 groups to community", "linked": ["120363406289005074@g.us", "120363406289005076@g.us"], "failed": ["120363406289005075@g.us"]}"#;
        let got = linked(body, &[G4, G5, G6]);
        assert_eq!(got, json!({"communityId": COMMUNITY, "linked": [G4, G6], "failed": [{"groupId": G5, "reason": null}]}));
    }

    // ... or objects holding the JID and a reason under one of the usual names.
    #[test]
    fn partial_failed_as_objects() {
        for (item, reason) in [
            (r#"{"jid": "120363406289005075@g.us", "reason": "group already linked to another community"}"#, json!("group already linked to another community")),
            (r#"{"groupJid": "120363406289005075@g.us", "error": "bot is not admin"}"#, json!("bot is not admin")),
            (r#"{"group": "120363406289005075@g.us", "message": "invalid JID"}"#, json!("invalid JID")),
            (r#"{"id": "120363406289005075@g.us", "error": {"message": "limit of 50 subgroups reached"}}"#, json!("limit of 50 subgroups reached")),
            (r#"{"jid": "120363406289005075@g.us"}"#, json!(null)),
        ] {
            let body = [r#"{"success": true, "message": "Linked 2 of 3 groups to community", "linked": ["120363406289005074@g.us", "120363406289005076@g.us"], "failed": ["#, item, "]}"].concat();
            let got = linked(&body, &[G4, G5, G6]);
            assert_eq!(got, json!({"communityId": COMMUNITY, "linked": [G4, G6], "failed": [{"groupId": G5, "reason": reason}]}), "{item}");
        }
    }

    // An item of `linked[]` that reports its own failure is failed: no failure is lost.
    #[test]
    fn linked_item_reporting_failure() {
        for item in [r#"{"jid": "120363406289005075@g.us", "success": false, "error": "bot is not admin"}"#, r#"{"jid": "120363406289005075@g.us", "error": {"message": "bot is not admin"}}"#] {
            let body = [r#"{"success": true, "linked": ["120363406289005074@g.us", "#, item, r#"], "failed": []}"#].concat();
            let got = linked(&body, &[G4, G5]);
            assert_eq!(got, json!({"communityId": COMMUNITY, "linked": [G4], "failed": [{"groupId": G5, "reason": "bot is not admin"}]}), "{item}");
        }
        // `success: true` and an empty or null error are not failures.
        let body = r#"{"success": true, "linked": [{"jid": "120363406289005074@g.us", "success": true, "error": ""}, {"jid": "120363406289005075@g.us", "error": null}], "failed": []}"#;
        assert_eq!(linked(body, &[G4, G5])["linked"], json!([G4, G5]));
    }

    // A requested group that neither list mentions did not go through.
    #[test]
    fn unlisted_group_fails() {
        let body = r#"{"success": true, "message": "Linked 1 of 2 groups to community", "linked": ["120363406289005074@g.us"], "failed": []}"#;
        let got = linked(body, &[G4, G5]);
        assert_eq!(got["linked"], json!([G4]));
        assert_eq!(got["failed"][0]["groupId"], json!(G5));
        let body = r#"{"success": true, "linked": ["120363406289005074@g.us"]}"#;
        assert_eq!(linked(body, &[G4, G5])["failed"][0]["groupId"], json!(G5));
    }

    // Listed in both: failed wins. Listed but never requested: ignored. Other id forms: matched.
    #[test]
    fn contradictions_strangers_and_other_forms() {
        let body = r#"{"success": true, "linked": ["120363406289005074-group", "120363406289005075@g.us", "999999999999999999@g.us"], "failed": ["120363406289005075", {"jid": "888888888888888888@g.us"}, 42, null]}"#;
        let got = linked(body, &[G4, G5]);
        assert_eq!(got, json!({"communityId": COMMUNITY, "linked": [G4], "failed": [{"groupId": G5, "reason": null}]}));
    }

    // Seed 001: "Partial success and total failure both return HTTP 200" and the error
    // envelope of P1-RYZE-0. A 200 that refused every group resolves, all in `failed`.
    #[test]
    fn total_failure_with_error_envelope() {
        let body = r#"{"success": false, "error": {"message": "group already linked to another community"}}"#;
        let got = linked(body, &[G4, G5]);
        assert_eq!(
            got,
            json!({"communityId": COMMUNITY, "linked": [], "failed": [
                {"groupId": G4, "reason": "group already linked to another community"},
                {"groupId": G5, "reason": "group already linked to another community"}]})
        );
        let got = assert_partition(&parse_ok(&ryze(), &unlink(&[G4]), 200, body), "unlinked", &[G4]);
        assert_eq!(got["unlinked"], json!([]));
        assert_eq!(got["failed"][0]["reason"], json!("group already linked to another community"));
    }

    #[test]
    fn total_failure_with_lists() {
        let body = r#"{"success": false, "message": "Linked 0 of 2 groups to community", "linked": [], "failed": ["120363406289005074@g.us", "120363406289005075@g.us"]}"#;
        let got = linked(body, &[G4, G5]);
        assert_eq!(got, json!({"communityId": COMMUNITY, "linked": [], "failed": [{"groupId": G4, "reason": null}, {"groupId": G5, "reason": null}]}));
    }

    // Results are JIDs in request order whatever form the input took.
    #[test]
    fn result_ids_are_canonical_whatever_the_input_form() {
        let c = call(&ryze(), json!({"op": "linkGroups", "communityId": "120363406289005073", "groupIds": ["120363406289005075-group", "5511999999999-1623281429", "120363406289005074"]}));
        let body = r#"{"success": true, "linked": ["120363406289005074@g.us", "120363406289005075@g.us"], "failed": ["5511999999999-1623281429@g.us"]}"#;
        let got = assert_partition(&parse_ok(&ryze(), &c, 200, body), "linked", &[G5, "5511999999999-1623281429@g.us", G4]);
        assert_eq!(got, json!({"communityId": COMMUNITY, "linked": [G5, G4], "failed": [{"groupId": "5511999999999-1623281429@g.us", "reason": null}]}));
    }
}

/// Without `linked`/`failed`, the documented message ("Linked N of M groups to community")
/// still settles an all-or-nothing answer; a partial count cannot say which went through.
#[test]
fn link_answer_with_only_the_count() {
    let r = ryze();
    let c = call(&r, json!({"op": "linkGroups", "communityId": "120363406289005073@g.us", "groupIds": ["120363406289005074@g.us", "120363406289005075@g.us"]}));
    let all = parse_ok(&r, &c, 200, r#"{"success":true,"message":"Linked 2 of 2 groups to community"}"#);
    assert_eq!(all["linked"], json!(["120363406289005074@g.us", "120363406289005075@g.us"]));
    let none = parse_ok(&r, &c, 200, r#"{"success":false,"message":"Linked 0 of 2 groups to community"}"#);
    assert_eq!(none["linked"], json!([]));
    assert_eq!(none["failed"][1]["reason"], json!("Linked 0 of 2 groups to community"));
    assert_eq!(parse_err(&r, &c, 200, r#"{"success":true,"message":"Linked 1 of 2 groups to community"}"#).kind.name(), "decode");
}
