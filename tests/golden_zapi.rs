//! Golden vectors for Z-API, taken from the provider's documented examples:
//! seeds 000 (link), 002 (unlink), 003 (invitation link), 004 (create group) in
//! /work/shared/seeds, and docs/wire-reference.md sections P1-ZAPI-f/g/h.

mod common;

use common::*;
use serde_json::json;
use wa_groups::http::{Method, Request};

const BASE: &str = "https://api.z-api.io/instances/3C4F9A1B2D7E8F00INSTANCE/token/ZTOKEN5ecr3tA1B2C3D4E5F6";

fn assert_request(r: &Request, method: Method, url: &str, hdrs: &[(&str, &str)], body: Option<serde_json::Value>) {
    assert_eq!(r.method, method);
    assert_eq!(r.url, url);
    assert_eq!(headers(r), pairs(hdrs));
    match body {
        Some(b) => assert_eq!(body_json(r), b),
        None => assert_eq!(r.body, None),
    }
}

mod requests {
    use super::*;

    const JSON: (&str, &str) = ("Content-Type", "application/json");
    const CT: (&str, &str) = ("Client-Token", ZAPI_CLIENT_TOKEN);

    // wire-reference P1-ZAPI-g, "Request (current)".
    #[test]
    fn create_group_documented_body() {
        // The docs' second number is no valid bare Brazilian number (a 9-digit mobile starts
        // with 9): written with its +, it is sent as it was meant.
        let c = json!({"op": "createGroup", "name": "Grupo Z-API", "participants": ["5544999999999", "+5544888888888"], "autoInvite": true});
        let body = json!({"autoInvite": true, "groupName": "Grupo Z-API", "phones": ["5544999999999", "5544888888888"]});
        let url = [BASE, "/create-group"].concat();
        assert_request(&build(&zapi(), c.clone()), Method::Post, &url, &[JSON], Some(body.clone()));
        assert_request(&build(&zapi_ct(), c), Method::Post, &url, &[CT, JSON], Some(body));
    }

    // Seed 004: all three fields are required, so an unset autoInvite is sent as false.
    #[test]
    fn create_group_sends_auto_invite_false_when_unset() {
        let r = build(&zapi(), json!({"op": "createGroup", "name": "Grupo Z-API", "participants": ["5544999999999"]}));
        assert_eq!(body_json(&r), json!({"autoInvite": false, "groupName": "Grupo Z-API", "phones": ["5544999999999"]}));
    }

    // Seed 003 said `POST …/group-invitation-link/120363019502650977-group`; Z-API's docs
    // say GET since 2026-02-18 (docs/group/get-invitation-link.md, commit 235dc13), no body.
    #[test]
    fn invitation_link_documented_url() {
        let c = json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"});
        let url = [BASE, "/group-invitation-link/120363019502650977-group"].concat();
        assert_request(&build(&zapi(), c.clone()), Method::Get, &url, &[], None);
        assert_request(&build(&zapi_ct(), c), Method::Get, &url, &[CT], None);
    }

    // Seed 000: body {"communityId": "98372465382764532938", "groupsPhones": [...]}.
    #[test]
    fn link_documented_body() {
        let c = json!({"op": "linkGroups", "communityId": "98372465382764532938", "groupIds": ["1345353454354354-group", "1203634230225498-group"]});
        let body = json!({"communityId": "98372465382764532938", "groupsPhones": ["1345353454354354-group", "1203634230225498-group"]});
        let url = [BASE, "/communities/link"].concat();
        assert_request(&build(&zapi(), c.clone()), Method::Post, &url, &[JSON], Some(body.clone()));
        assert_request(&build(&zapi_ct(), c), Method::Post, &url, &[CT, JSON], Some(body));
    }

    // Seed 002: body {"communityId": "98372465382764532938", "groupsPhones": ["1345353454354354-group"]}.
    #[test]
    fn unlink_documented_body() {
        let c = json!({"op": "unlinkGroups", "communityId": "98372465382764532938", "groupIds": ["1345353454354354-group"]});
        let body = json!({"communityId": "98372465382764532938", "groupsPhones": ["1345353454354354-group"]});
        let url = [BASE, "/communities/unlink"].concat();
        assert_request(&build(&zapi(), c.clone()), Method::Post, &url, &[JSON], Some(body.clone()));
        assert_request(&build(&zapi_ct(), c), Method::Post, &url, &[CT, JSON], Some(body));
    }

    // A custom baseUrl (a proxy or the simulator), given with trailing slashes.
    #[test]
    fn custom_base_url_with_trailing_slash() {
        for (base, expect) in
            [("http://127.0.0.1:8080/", "http://127.0.0.1:8080"), ("https://proxy.example.com/zapi//", "https://proxy.example.com/zapi"), ("https://proxy.example.com", "https://proxy.example.com")]
        {
            let cfg = config(json!({"provider": "zapi", "instance": ZAPI_INSTANCE, "token": ZAPI_TOKEN, "clientToken": ZAPI_CLIENT_TOKEN, "baseUrl": base}));
            let prefix = [expect, "/instances/", ZAPI_INSTANCE, "/token/", ZAPI_TOKEN].concat();
            let r = build(&cfg, json!({"op": "getInvitationLink", "groupId": "120363019502650977@g.us"}));
            assert_request(&r, Method::Get, &[prefix.as_str(), "/group-invitation-link/120363019502650977-group"].concat(), &[CT], None);
            let r = build(&cfg, json!({"op": "linkGroups", "communityId": "98372465382764532938", "groupIds": ["1345353454354354-group"]}));
            assert_request(
                &r,
                Method::Post,
                &[prefix.as_str(), "/communities/link"].concat(),
                &[CT, JSON],
                Some(json!({"communityId": "98372465382764532938", "groupsPhones": ["1345353454354354-group"]})),
            );
            let r = build(&cfg, json!({"op": "unlinkGroups", "communityId": "98372465382764532938", "groupIds": ["1345353454354354-group"]}));
            assert_eq!(r.url, [prefix.as_str(), "/communities/unlink"].concat());
            let r = build(&cfg, json!({"op": "createGroup", "name": "x", "participants": ["5544999999999"]}));
            assert_eq!(r.url, [prefix.as_str(), "/create-group"].concat());
        }
    }

    // The contract's buildRequest shape: { method, url, headers, body } with body null when none.
    #[test]
    fn request_json_shape() {
        let r = build(&zapi_ct(), json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"}));
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).expect("JSON");
        assert_eq!(v, json!({"method": "GET", "url": ([BASE, "/group-invitation-link/120363019502650977-group"].concat()), "headers": {"Client-Token": ZAPI_CLIENT_TOKEN}, "body": null}));
        let r = build(&zapi(), json!({"op": "unlinkGroups", "communityId": "98372465382764532938", "groupIds": ["1345353454354354-group"]}));
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).expect("JSON");
        assert_eq!(v["headers"], json!({"Content-Type": "application/json"}));
        let body: serde_json::Value = serde_json::from_str(v["body"].as_str().expect("body is a string")).expect("body JSON");
        assert_eq!(body, json!({"communityId": "98372465382764532938", "groupsPhones": ["1345353454354354-group"]}));
    }
}

mod id_forms {
    use super::*;

    // Every documented group id form (contract "Identifiers") is sent in Z-API's form.
    #[test]
    fn group_ids_in_every_form() {
        for (input, wire) in [
            ("120363019502650977-group", "120363019502650977-group"),
            ("120363019502650977@g.us", "120363019502650977-group"),
            ("120363019502650977", "120363019502650977-group"),
            ("1345353454354354-group", "1345353454354354-group"),
            ("5511999999999-1623281429", "5511999999999-1623281429"),
            ("5511999999999-1623281429@g.us", "5511999999999-1623281429"),
        ] {
            let r = build(&zapi(), json!({"op": "getInvitationLink", "groupId": input}));
            assert_eq!(r.url, [BASE, "/group-invitation-link/", wire].concat(), "{input}");
            let r = build(&zapi(), json!({"op": "linkGroups", "communityId": "120363186053925765", "groupIds": [input]}));
            assert_eq!(body_json(&r)["groupsPhones"], json!([wire]), "{input}");
            let r = build(&zapi(), json!({"op": "unlinkGroups", "communityId": "120363186053925765", "groupIds": [input]}));
            assert_eq!(body_json(&r)["groupsPhones"], json!([wire]), "{input}");
        }
    }

    #[test]
    fn mixed_forms_keep_request_order() {
        let r = build(&zapi(), json!({"op": "linkGroups", "communityId": "98372465382764532938@g.us", "groupIds": ["1345353454354354@g.us", "5511999999999-1623281429@g.us", "1203634230225498"]}));
        assert_eq!(body_json(&r), json!({"communityId": "98372465382764532938", "groupsPhones": ["1345353454354354-group", "5511999999999-1623281429", "1203634230225498-group"]}));
    }

    // Communities: bare digits (Z-API), `@g.us` (RyzeAPI) and `-group` all become bare digits.
    #[test]
    fn community_ids_in_every_form() {
        for input in ["120363186053925765", "120363186053925765@g.us", "120363186053925765-group"] {
            let r = build(&zapi(), json!({"op": "linkGroups", "communityId": input, "groupIds": ["1345353454354354-group"]}));
            assert_eq!(body_json(&r)["communityId"], json!("120363186053925765"), "{input}");
        }
    }

    // Phones: `+`, spaces, dashes, brackets, `@s.whatsapp.net` -> digits only, no mask (providers.md).
    #[test]
    fn phones_in_every_form() {
        for input in ["5544999999999", "+5544999999999", "+55 (44) 99999-9999", "55 44 99999 9999", "55-44-99999-9999", "0055 44 99999 9999", "5544999999999@s.whatsapp.net", "5544999999999@c.us"] {
            let r = build(&zapi(), json!({"op": "createGroup", "name": "Grupo Z-API", "participants": [input]}));
            assert_eq!(body_json(&r)["phones"], json!(["5544999999999"]), "{input}");
        }
        // Brackets without a + are the national way of writing: never a guess.
        let e = wa_groups::validate(&wa(&config_json(&zapi())), &wa(&json!({"op": "createGroup", "name": "G", "participants": ["(55) 44 999999999"]}))).unwrap_err();
        assert_eq!(e.issues()[0].field, "participants[0]");
    }
}

mod responses {
    use super::*;

    fn create() -> wa_groups::Call {
        call(&zapi(), json!({"op": "createGroup", "name": "Grupo Z-API", "participants": ["5544999999999", "+5544888888888"], "autoInvite": true}))
    }

    // wire-reference P1-ZAPI-g revision 2 (seed 004): both id generations.
    #[test]
    fn create_group_documented_answers() {
        let got = parse_ok(&zapi(), &create(), 200, r#"{"phone": "120363019502650977-group", "invitationLink": "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct"}"#);
        assert_eq!(got, json!({"groupId": "120363019502650977@g.us", "invitationLink": "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct", "notAdded": []}));
        let got = parse_ok(&zapi(), &create(), 200, r#"{"phone": "5511999999999-1623281429", "invitationLink": "https://chat.whatsapp.com/DCaqftVlS6dHWtlvfd3hUa"}"#);
        assert_eq!(got, json!({"groupId": "5511999999999-1623281429@g.us", "invitationLink": "https://chat.whatsapp.com/DCaqftVlS6dHWtlvfd3hUa", "notAdded": []}));
    }

    // wire-reference P1-ZAPI-g revision 3: `phonesNotAdded`, where `@lid` ids come back as given.
    #[test]
    fn create_group_with_phones_not_added() {
        let body = r#"{"phone": "120363019502650977-group", "phonesNotAdded": ["5544888888888", "+55 44 77777-7777", "5544666666666@s.whatsapp.net", "204829384756123@lid"], "invitationLink": "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct"}"#;
        let got = parse_ok(&zapi(), &create(), 200, body);
        assert_eq!(
            got,
            json!({
                "groupId": "120363019502650977@g.us",
                "invitationLink": "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct",
                "notAdded": ["5544888888888", "5544777777777", "5544666666666", "204829384756123@lid"]
            })
        );
    }

    // Older answers have no invitation link to speak of: the result says null, not "".
    #[test]
    fn create_group_without_link() {
        for body in [r#"{"phone": "120363019502650977-group"}"#, r#"{"phone": "120363019502650977-group", "invitationLink": null}"#, r#"{"phone": "120363019502650977-group", "invitationLink": ""}"#] {
            let got = parse_ok(&zapi(), &create(), 200, body);
            assert_eq!(got, json!({"groupId": "120363019502650977@g.us", "invitationLink": null, "notAdded": []}), "{body}");
        }
    }

    // Seed 003 example answer.
    #[test]
    fn invitation_link_documented_answer() {
        for input in ["120363019502650977-group", "120363019502650977@g.us", "120363019502650977"] {
            let c = call(&zapi(), json!({"op": "getInvitationLink", "groupId": input}));
            let got = parse_ok(&zapi(), &c, 200, r#"{"phone":"120363019502650977-group","invitationLink":"https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}"#);
            assert_eq!(got, json!({"groupId": "120363019502650977@g.us", "invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}));
        }
        let c = call(&zapi(), json!({"op": "getInvitationLink", "groupId": "5511999999999-1623281429"}));
        let got = parse_ok(&zapi(), &c, 200, r#"{"phone":"5511999999999-1623281429","invitationLink":"https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}"#);
        assert_eq!(got["groupId"], json!("5511999999999-1623281429@g.us"));
    }

    // A 200 with no link is not a result.
    #[test]
    fn invitation_link_missing_is_an_error() {
        let c = call(&zapi(), json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"}));
        let e = parse_err(&zapi(), &c, 200, r#"{"phone":"120363019502650977-group"}"#);
        assert_eq!(e.kind.name(), "decode");
        assert_eq!(e.status, Some(200));
    }
}

mod membership {
    use super::*;

    const A: &str = "1345353454354354-group";
    const B: &str = "1203634230225498-group";
    const C: &str = "120363406289005076-group";
    const COMMUNITY: &str = "98372465382764532938";
    const AJ: &str = "1345353454354354@g.us";
    const BJ: &str = "1203634230225498@g.us";
    const CJ: &str = "120363406289005076@g.us";
    const CID: &str = "98372465382764532938@g.us";

    fn link(groups: &[&str]) -> wa_groups::Call {
        call(&zapi(), json!({"op": "linkGroups", "communityId": COMMUNITY, "groupIds": groups}))
    }

    fn unlink(groups: &[&str]) -> wa_groups::Call {
        call(&zapi(), json!({"op": "unlinkGroups", "communityId": COMMUNITY, "groupIds": groups}))
    }

    fn linked(body: &str, requested: &[&str], jids: &[&str]) -> serde_json::Value {
        assert_partition(&parse_ok(&zapi(), &link(requested), 200, body), "linked", jids)
    }

    // Seed 000 / 002: {"success": true}.
    #[test]
    fn documented_success() {
        let got = linked(r#"{"success": true}"#, &[A, B], &[AJ, BJ]);
        assert_eq!(got, json!({"communityId": CID, "linked": [AJ, BJ], "failed": []}));
        let got = assert_partition(&parse_ok(&zapi(), &unlink(&[A]), 200, r#"{"success": true}"#), "unlinked", &[AJ]);
        assert_eq!(got, json!({"communityId": CID, "unlinked": [AJ], "failed": []}));
    }

    // Seed 000: "true caso tenha dado certo e false em caso de falha". A 200 that refused
    // every group resolves with all of them in `failed` (contract, "Partial results").
    #[test]
    fn documented_failure_refuses_every_group() {
        let got = linked(r#"{"success": false}"#, &[A, B], &[AJ, BJ]);
        assert_eq!(got, json!({"communityId": CID, "linked": [], "failed": [{"groupId": AJ, "reason": null}, {"groupId": BJ, "reason": null}]}));
        let got = assert_partition(&parse_ok(&zapi(), &unlink(&[A]), 200, r#"{"success": false, "message": "Não é possível remover o último grupo"}"#), "unlinked", &[AJ]);
        assert_eq!(got["failed"], json!([{"groupId": AJ, "reason": "Não é possível remover o último grupo"}]));
    }

    // Seed 000 warning: linking 3 where 1 is already in another community links 2 and the
    // answer names the third. The shape is undocumented; these are plausible readings.
    #[test]
    fn partial_as_failure_named_arrays() {
        for body in [
            r#"{"success": true, "alreadyInCommunity": ["120363406289005076-group"]}"#,
            r#"{"success": true, "notLinked": ["120363406289005076@g.us"]}"#,
            r#"{"success": true, "failed": ["120363406289005076"]}"#,
            r#"{"success": true, "groupsPhones": ["1345353454354354-group", "1203634230225498-group"], "notLinked": ["120363406289005076-group"]}"#,
            r#"{"success": true, "linked": ["1345353454354354-group", "1203634230225498-group"], "failed": ["120363406289005076-group"]}"#,
        ] {
            let got = linked(body, &[A, B, C], &[AJ, BJ, CJ]);
            assert_eq!(got["linked"], json!([AJ, BJ]), "{body}");
            assert_eq!(got["failed"].as_array().map(|f| f.len()), Some(1), "{body}");
            assert_eq!(got["failed"][0]["groupId"], json!(CJ), "{body}");
        }
    }

    #[test]
    fn partial_as_objects_with_reasons() {
        let body = r#"{"success": true, "failed": [{"phone": "120363406289005076-group", "error": "already in another community"}]}"#;
        let got = linked(body, &[A, B, C], &[AJ, BJ, CJ]);
        assert_eq!(got, json!({"communityId": CID, "linked": [AJ, BJ], "failed": [{"groupId": CJ, "reason": "already in another community"}]}));
        let body = r#"{"success": true, "alreadyInCommunity": [{"groupId": "1345353454354354-group", "communityId": "120363186053925765"}]}"#;
        let got = linked(body, &[A, B, C], &[AJ, BJ, CJ]);
        assert_eq!(got["linked"], json!([BJ, CJ]));
        assert_eq!(got["failed"], json!([{"groupId": AJ, "reason": null}]));
    }

    // Per-group results in one list, each with its own `success` (the shape RyzeAPI's
    // participants endpoint uses): an item that reports a failure is failed, whatever the
    // list is called (providers.md: "never lose which group failed").
    #[test]
    fn partial_as_per_group_results() {
        for body in [
            r#"{"success": true, "groups": [{"phone": "1345353454354354-group", "success": true}, {"phone": "1203634230225498-group", "success": false, "message": "already in another community"}, {"phone": "120363406289005076-group", "success": true}]}"#,
            r#"{"success": true, "results": [{"groupId": "1345353454354354-group"}, {"groupId": "1203634230225498-group", "error": "already in another community"}, {"groupId": "120363406289005076-group", "error": null}]}"#,
        ] {
            let got = linked(body, &[A, B, C], &[AJ, BJ, CJ]);
            assert_eq!(got, json!({"communityId": CID, "linked": [AJ, CJ], "failed": [{"groupId": BJ, "reason": "already in another community"}]}), "{body}");
        }
    }

    // A message (in `message` or `error`) naming the refused group.
    #[test]
    fn partial_named_in_a_message() {
        for body in [
            r#"{"success": true, "message": "Group 1203634230225498-group is already part of another community"}"#,
            r#"{"success": true, "message": "O grupo 1203634230225498-group já faz parte de outra comunidade"}"#,
            r#"{"success": true, "error": "1203634230225498@g.us already in another community"}"#,
        ] {
            let got = linked(body, &[A, B, C], &[AJ, BJ, CJ]);
            assert_eq!(got["linked"], json!([AJ, CJ]), "{body}");
            assert_eq!(got["failed"].as_array().map(|f| f.len()), Some(1), "{body}");
            assert_eq!(got["failed"][0]["groupId"], json!(BJ), "{body}");
            assert!(got["failed"][0]["reason"].is_string(), "{body}");
        }
    }

    // A message of success that names no group changes nothing.
    #[test]
    fn success_message_naming_no_group() {
        let got = linked(r#"{"success": true, "message": "Groups linked"}"#, &[A, B], &[AJ, BJ]);
        assert_eq!(got["linked"], json!([AJ, BJ]));
    }

    // A group both reported done and failed stays failed (the cautious reading); groups
    // the answer names that were never requested are ignored.
    #[test]
    fn contradictions_and_strangers() {
        let body =
            r#"{"success": true, "linked": ["1345353454354354-group", "1203634230225498-group", "999999999999999999-group"], "notLinked": ["1203634230225498-group", "888888888888888888-group"]}"#;
        let got = linked(body, &[A, B], &[AJ, BJ]);
        assert_eq!(got["linked"], json!([AJ]));
        assert_eq!(got["failed"][0]["groupId"], json!(BJ));
    }

    // Lists without `success`: what no list names did not go through.
    #[test]
    fn lists_without_success() {
        let got = linked(r#"{"linked": ["1345353454354354-group"]}"#, &[A, B], &[AJ, BJ]);
        assert_eq!(got["linked"], json!([AJ]));
        assert_eq!(got["failed"][0]["groupId"], json!(BJ));
        assert!(got["failed"][0]["reason"].is_string());
    }

    // Unlink: the same readings apply, under `unlinked`.
    #[test]
    fn unlink_partial() {
        let body = r#"{"success": true, "failed": [{"phone": "1203634230225498-group", "message": "cannot remove the last group"}]}"#;
        let got = assert_partition(&parse_ok(&zapi(), &unlink(&[A, B]), 200, body), "unlinked", &[AJ, BJ]);
        assert_eq!(got, json!({"communityId": CID, "unlinked": [AJ], "failed": [{"groupId": BJ, "reason": "cannot remove the last group"}]}));
    }

    // Input in any form; the result is always in JIDs, in request order.
    #[test]
    fn result_ids_are_canonical_whatever_the_input_form() {
        let c = call(&zapi(), json!({"op": "linkGroups", "communityId": "98372465382764532938@g.us", "groupIds": ["1345353454354354@g.us", "5511999999999-1623281429", "1203634230225498"]}));
        let got = assert_partition(&parse_ok(&zapi(), &c, 200, r#"{"success": true, "notLinked": ["5511999999999-1623281429"]}"#), "linked", &[AJ, "5511999999999-1623281429@g.us", BJ]);
        assert_eq!(got, json!({"communityId": CID, "linked": [AJ, BJ], "failed": [{"groupId": "5511999999999-1623281429@g.us", "reason": null}]}));
    }
}

/// When the answer lists the groups that went through, a requested group it leaves out
/// did not; a message naming a longer id that merely starts with a requested one does not
/// fail it.
#[test]
fn link_lists_and_messages_are_read_carefully() {
    let z = zapi();
    let c = call(&z, json!({"op": "linkGroups", "communityId": "120363186053925765", "groupIds": ["1203631111111111", "1203632222222222"]}));
    let out = parse_ok(&z, &c, 200, r#"{"success":true,"linked":["1203631111111111-group"]}"#);
    assert_eq!(out["linked"], json!(["1203631111111111@g.us"]));
    assert_eq!(out["failed"][0]["groupId"], json!("1203632222222222@g.us"));
    let out = parse_ok(&z, &c, 200, r#"{"success":true,"message":"120363111111111199-group already belongs to another community"}"#);
    assert_eq!(out["linked"], json!(["1203631111111111@g.us", "1203632222222222@g.us"]));
    let out = parse_ok(&z, &c, 200, r#"{"success":true,"message":"notification: 1203632222222222-group linked"}"#);
    assert_eq!(out["failed"], json!([]), "\"notification\" is not a failure word");
}

/// `phonesNotAdded` is documented as strings; numbers and `{phone}` objects still count.
#[test]
fn create_group_not_added_in_other_shapes() {
    let z = zapi();
    let c = call(&z, json!({"op": "createGroup", "name": "Turma", "participants": ["5511999999999", "5521988888888", "5531977777777"]}));
    let out = parse_ok(&z, &c, 200, r#"{"phone":"120363019502650977-group","invitationLink":null,"phonesNotAdded":[5511999999999,{"phone":"5521988888888@s.whatsapp.net"},"5531977777777"]}"#);
    assert_eq!(out["notAdded"], json!(["5511999999999", "5521988888888", "5531977777777"]));
    assert_eq!(out["invitationLink"], json!(null));
}
