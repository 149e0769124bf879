//! Golden vectors for what issue 10 added from the gateways' docs (docs/wire-reference.md,
//! "Issue 10 additions"): each operation's request in the provider's wire form and its
//! documented answer read into the typed result; what a provider lacks is "unsupported"
//! (a whole operation) or an issue (one field), before anything is built.

mod common;

use common::*;
use serde_json::{json, Value as J};
use wa_groups::http::Method;
use wa_groups::{ErrorKind, Operation};

const Z: &str = "https://api.z-api.io/instances/3C4F9A1B2D7E8F00INSTANCE/token/ZTOKEN5ecr3tA1B2C3D4E5F6";
const R: &str = "https://ryzeapi.cloud";
const GROUP: &str = "120363406289005073@g.us";
const COMMUNITY: &str = "120363186053925765";
const SECRET: &str = "Bearer svc-token-xyz-7d41c09e";

fn zapi_call(c: J) -> wa_groups::Call {
    call(&zapi(), c)
}

fn ryze_call(c: J) -> wa_groups::Call {
    call(&ryze(), c)
}

/// The issues `validate` reports for `c`, as `(field, message)`.
fn issues(config: &wa_groups::Config, c: J) -> Vec<(String, String)> {
    match wa_groups::validate(&wa(&config_json(config)), &wa(&c)) {
        Ok(_) => Vec::new(),
        Err(e) => e.issues().iter().map(|i| (i.field.clone(), i.message.clone())).collect(),
    }
}

fn fields(list: &[(String, String)]) -> Vec<&str> {
    list.iter().map(|(f, _)| f.as_str()).collect()
}

#[test]
fn ryze_pending_requests_request_and_documented_answer() {
    let c = ryze_call(json!({"op": "listPendingRequests", "groupId": GROUP}));
    let r = wa_groups::build_request(&ryze(), &c);
    assert_eq!(r.method, Method::Get);
    assert_eq!(r.url, [R, "/api/group/requests/shop-bot?identifier=120363406289005073%40g.us"].concat());
    assert_eq!(r.body, None);
    // docs.ryzeapi.cloud/en/api/groups/requests, the 200 example (plus a request without a phone).
    let body = json!({"success": true, "message": "2 pending requests found", "groupJid": GROUP, "requests": [
        {"jid": "199789077627112@lid", "phoneNumber": "5511999999999@s.whatsapp.net", "requestedAt": "2026-04-20T14:00:00Z"},
        {"jid": "288112233445566@lid", "phoneNumber": null, "requestedAt": "2026-04-20T15:30:00Z"}], "meta": {"total": 2}});
    assert_eq!(
        parse_ok(&ryze(), &c, 200, &body.to_string()),
        json!({"groupId": GROUP, "requests": [
            {"id": "199789077627112@lid", "phone": "5511999999999", "requestedAt": 1_776_693_600_000_u64},
            {"id": "288112233445566@lid", "phone": null, "requestedAt": 1_776_699_000_000_u64}]})
    );
    let e = parse_err(&ryze(), &c, 403, &json!({"success": false, "error": {"message": "Not authorized to view group requests (must be admin)"}}).to_string());
    assert_eq!(e.kind, ErrorKind::Forbidden);
    // A 200 without the list is not a result.
    assert_eq!(parse_err(&ryze(), &c, 200, r#"{"success": true}"#).kind, ErrorKind::Decode);
}

#[test]
fn ryze_create_group_options_and_create_community_options() {
    let c = ryze_call(json!({"op": "createGroup", "name": "Dev Team", "participants": ["5511999999999"], "description": "Technical discussions",
        "photo": "https://example.com/logo.png", "communityId": COMMUNITY, "settings": {"onlyAdminsCanSend": true, "requireAdminApproval": true}}));
    let r = wa_groups::build_request(&ryze(), &c);
    assert_eq!(
        body_json(&r),
        json!({"name": "Dev Team", "participants": ["5511999999999"], "description": "Technical discussions", "image": "https://example.com/logo.png",
            "communityJid": "120363186053925765@g.us", "groupSettings": {"membersCanSendMessages": false, "requireAdminApproval": true}})
    );
    let c = ryze_call(json!({"op": "createCommunity", "name": "XYZ Company", "photo": "https://example.com/community.png", "requireApproval": true}));
    assert_eq!(body_json(&wa_groups::build_request(&ryze(), &c)), json!({"name": "XYZ Company", "image": "https://example.com/community.png", "membershipApprovalMode": "request_required"}));
    // false is WhatsApp's default: nothing is sent for it.
    let c = ryze_call(json!({"op": "createCommunity", "name": "XYZ Company", "requireApproval": false}));
    assert_eq!(body_json(&wa_groups::build_request(&ryze(), &c)), json!({"name": "XYZ Company"}));
}

#[test]
fn zapi_refuses_each_create_option_naming_the_call_that_does_it() {
    let got = issues(
        &zapi(),
        json!({"op": "createGroup", "name": "T", "participants": ["5511999999999"], "description": "d", "photo": "https://e.com/p.png", "communityId": COMMUNITY, "settings": {"onlyAdminsCanSend": true}}),
    );
    assert_eq!(fields(&got), ["description", "photo", "communityId", "settings"]);
    for ((_, message), call) in got.iter().zip(["updateGroupDescription", "updateGroupPhoto", "linkGroups", "updateGroupSettings"]) {
        assert!(message.contains(call), "{message}");
    }
    let got = issues(&zapi(), json!({"op": "createCommunity", "name": "T", "photo": "https://e.com/p.png", "requireApproval": true}));
    assert_eq!(fields(&got), ["photo", "requireApproval"]);
    assert!(got[0].1.contains("updateCommunityPhoto"), "{}", got[0].1);
    // RyzeAPI checks the options as the update calls do.
    let got = issues(&ryze(), json!({"op": "createGroup", "name": "T", "participants": ["5511999999999"], "photo": "nope", "communityId": "x", "settings": {"bogus": true}}));
    assert_eq!(fields(&got), ["photo", "communityId", "settings.bogus"]);
}

#[test]
fn ryze_remove_group_photo() {
    let c = ryze_call(json!({"op": "removeGroupPhoto", "groupId": GROUP}));
    let r = wa_groups::build_request(&ryze(), &c);
    assert_eq!((r.method, r.url.as_str()), (Method::Put, [R, "/api/group/update/shop-bot"].concat().as_str()));
    assert_eq!(body_json(&r), json!({"identifier": GROUP, "removeImage": true}));
    assert_eq!(parse_ok(&ryze(), &c, 200, &json!({"success": true, "group": {"jid": GROUP, "name": "Dev Team"}}).to_string()), json!({"groupId": GROUP}));
}

#[test]
fn zapi_community_photo_and_participants() {
    let c = zapi_call(json!({"op": "updateCommunityPhoto", "communityId": COMMUNITY, "photo": "https://www.z-api.io/logo.svg"}));
    let r = wa_groups::build_request(&zapi(), &c);
    assert_eq!((r.method, r.url.clone()), (Method::Post, [Z, "/update-community-photo"].concat()));
    assert_eq!(body_json(&r), json!({"communityId": COMMUNITY, "communityPhoto": "https://www.z-api.io/logo.svg"}));
    assert_eq!(parse_ok(&zapi(), &c, 200, r#"{"value": true}"#), json!({"communityId": "120363186053925765@g.us"}));
    assert_eq!(parse_err(&zapi(), &c, 200, r#"{"value": false}"#).kind, ErrorKind::Provider);

    for (op, path, auto_invite) in [
        ("addCommunityParticipants", "/add-participant", true),
        ("removeCommunityParticipants", "/remove-participant", false),
        ("promoteCommunityParticipants", "/add-admin", false),
        ("demoteCommunityParticipants", "/remove-admin", false),
    ] {
        let mut input = json!({"op": op, "communityId": COMMUNITY, "phones": ["5544999999999", "+55 44 98888-8888"]});
        if auto_invite {
            input["autoInvite"] = json!(true);
        }
        let c = zapi_call(input);
        let r = wa_groups::build_request(&zapi(), &c);
        assert_eq!(r.url, [Z, path].concat(), "{op}");
        let mut expected = json!({"communityId": COMMUNITY, "phones": ["5544999999999", "5544988888888"]});
        if auto_invite {
            expected["autoInvite"] = json!(true);
        }
        assert_eq!(body_json(&r), expected, "{op}");
        assert_eq!(parse_ok(&zapi(), &c, 200, r#"{"value": true}"#), json!({"communityId": "120363186053925765@g.us", "succeeded": ["5544999999999", "5544988888888"], "failed": []}), "{op}");
        // autoInvite belongs to adding only.
        if !auto_invite {
            let got = issues(&zapi(), json!({"op": op, "communityId": COMMUNITY, "phones": ["5544999999999"], "autoInvite": true}));
            assert_eq!(fields(&got), ["autoInvite"], "{op}");
        }
    }
}

#[test]
fn zapi_group_add_privacy() {
    let c = zapi_call(json!({"op": "setGroupAddPrivacy", "who": "contactsExcept", "exceptAdd": ["5544999999999"], "exceptRemove": ["5544988888888"]}));
    let r = wa_groups::build_request(&zapi(), &c);
    assert_eq!(r.url, [Z, "/privacy/group-add"].concat());
    assert_eq!(body_json(&r), json!({"type": "CONTACT_BLACKLIST", "contactsBlacklist": [{"action": "add", "phone": "5544999999999"}, {"action": "remove", "phone": "5544988888888"}]}));
    assert_eq!(parse_ok(&zapi(), &c, 200, r#"{"success": true}"#), json!({"who": "contactsExcept"}));
    for (who, scope) in [("everyone", "ALL"), ("contacts", "CONTACTS")] {
        let r = build(&zapi(), json!({"op": "setGroupAddPrivacy", "who": who}));
        assert_eq!(body_json(&r), json!({"type": scope}));
    }
    assert_eq!(fields(&issues(&zapi(), json!({"op": "setGroupAddPrivacy", "who": "all"}))), ["who"]);
    assert_eq!(fields(&issues(&zapi(), json!({"op": "setGroupAddPrivacy", "who": "contacts", "exceptRemove": ["5544988888888"]}))), ["exceptRemove"]);
    assert_eq!(fields(&issues(&zapi(), json!({"op": "setGroupAddPrivacy"}))), ["who"]);
}

#[test]
fn set_webhook_on_each_provider() {
    let c = zapi_call(json!({"op": "setWebhook", "url": "https://example.com/wa/received"}));
    let r = wa_groups::build_request(&zapi(), &c);
    assert_eq!((r.method, r.url.clone()), (Method::Put, [Z, "/update-webhook-received"].concat()));
    assert_eq!(body_json(&r), json!({"value": "https://example.com/wa/received"}));
    let set = json!({"url": "https://example.com/wa/received", "label": null, "events": null, "hasAuthorization": false});
    assert_eq!(parse_ok(&zapi(), &c, 200, r#"{"value": true}"#), set);
    // The page shows a bare 200: an empty answer is done too; only an explicit false refuses.
    assert_eq!(parse_ok(&zapi(), &c, 200, ""), set);
    assert_eq!(parse_err(&zapi(), &c, 200, r#"{"value": false}"#).kind, ErrorKind::Provider);
    assert_eq!(
        fields(&issues(&zapi(), json!({"op": "setWebhook", "url": "http://example.com/x", "events": ["group.flow"], "authorization": SECRET, "label": "a"}))),
        ["url", "events", "authorization", "label"]
    );

    let c = ryze_call(json!({"op": "setWebhook", "url": "https://meuapp.com/wh", "events": ["group.flow", "message.exchange"], "authorization": SECRET, "label": "groups"}));
    let r = wa_groups::build_request(&ryze(), &c);
    assert_eq!((r.method, r.url.clone()), (Method::Post, [R, "/api/events/webhook/shop-bot"].concat()));
    assert_eq!(body_json(&r), json!({"label": "groups", "enabled": true, "url": "https://meuapp.com/wh", "authorization": SECRET, "events": ["group.flow", "message.exchange"]}));
    // RyzeAPI echoes what it saved, the authorization included: the result never shows it.
    let answer = json!({"success": true, "webhook": {"label": "groups", "enabled": true, "url": "https://meuapp.com/wh", "authorization": SECRET, "byEvents": false, "events": ["group.flow", "message.exchange"], "mediaBase64": false}});
    let got = parse_ok(&ryze(), &c, 200, &answer.to_string());
    assert_eq!(got, json!({"url": "https://meuapp.com/wh", "label": "groups", "events": ["group.flow", "message.exchange"], "hasAuthorization": true}));
    // Without events or label: all events, the "default" label.
    let c = ryze_call(json!({"op": "setWebhook", "url": "http://meuapp.com/wh"}));
    assert_eq!(body_json(&wa_groups::build_request(&ryze(), &c)), json!({"enabled": true, "url": "http://meuapp.com/wh"}));
    assert_eq!(parse_ok(&ryze(), &c, 200, r#"{"success": true}"#), json!({"url": "http://meuapp.com/wh", "label": "default", "events": null, "hasAuthorization": false}));
    let got = issues(&ryze(), json!({"op": "setWebhook", "url": "ftp://x", "events": ["group.update", "group.flow", "group.flow"], "authorization": "short", "label": ""}));
    assert_eq!(fields(&got), ["url", "events[0]", "events[2]", "authorization", "label"]);
}

/// The authorization is the caller's secret: a refusal or an unreadable answer that
/// echoes it, and the redacted preview, never show it; nor does `Debug`.
#[test]
fn the_webhook_authorization_is_redacted_everywhere() {
    let c = ryze_call(json!({"op": "setWebhook", "url": "https://meuapp.com/wh", "authorization": SECRET}));
    assert!(!format!("{c:?}").contains(SECRET));
    let preview = wa_groups::build_request(&ryze(), &c).redacted(&ryze().redactor_for(&c));
    assert!(!preview.body.as_deref().unwrap_or("").contains(SECRET));
    assert!(preview.body.as_deref().unwrap_or("").contains(r#""authorization":"***""#));
    for (status, body) in [
        (400, json!({"success": false, "error": {"message": format!("authorization rejected: {SECRET}")}}).to_string()),
        (200, ["{\"webhook\": {\"authorization\": \"", SECRET, "\"}"].concat()),
        (500, ["<html>", SECRET, "</html>"].concat()),
    ] {
        let e = parse_err(&ryze(), &c, status, &body);
        let shown = [e.message.clone(), e.body.clone().unwrap_or_default()].concat();
        assert!(!shown.contains(SECRET) && !shown.contains("svc-token"), "{shown}");
    }
    // Another call's texts are not redacted of it (only the call that carries it).
    let other = ryze_call(json!({"op": "leaveGroup", "groupId": GROUP}));
    let e = parse_err(&ryze(), &other, 400, &json!({"success": false, "error": {"message": "plain Bearer words"}}).to_string());
    assert!(e.message.contains("plain Bearer words"));
}

#[test]
fn each_provider_refuses_what_it_lacks_before_building() {
    for (config, ops) in [
        (zapi(), vec![Operation::RemoveGroupPhoto, Operation::ListPendingRequests]),
        (
            ryze(),
            vec![
                Operation::UpdateCommunityPhoto,
                Operation::AddCommunityParticipants,
                Operation::RemoveCommunityParticipants,
                Operation::PromoteCommunityParticipants,
                Operation::DemoteCommunityParticipants,
                Operation::SetGroupAddPrivacy,
            ],
        ),
    ] {
        for op in ops {
            let e = wa_groups::check_supported(&config, op).expect_err(op.name());
            assert_eq!(e.kind, ErrorKind::Unsupported, "{}", op.name());
            assert!(e.message.contains(op.name()) && e.message.contains("nothing was sent"), "{}", e.message);
        }
    }
}
