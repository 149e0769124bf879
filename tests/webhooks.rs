//! `parseWebhook(provider, body)`: Z-API's group notifications ("on-message-received",
//! docs/wire-reference.md "Z-API webhooks: group notifications") become typed events with
//! canonical ids; anything else is an "other" event holding the raw payload, never a panic.

mod common;

use proptest::prelude::*;
use serde_json::{json, Value as J};
use wa_groups::webhooks;
use wa_groups::Provider;

fn event(provider: Provider, body: &str) -> J {
    let out = webhooks::parse(provider, body).to_json(provider);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

fn zapi(body: &str) -> J {
    event(Provider::Zapi, body)
}

/// The documented MEMBERSHIP_APPROVAL_REQUEST example, newer revision, verbatim (ids
/// abbreviated in the docs are written out).
const MEMBERSHIP_REQUEST: &str = r#"{
  "isGroup": true, "isNewsletter": false, "instanceId": "A20DA9C0183A2D35A260F53F5D2B9244", "messageId": "A20DA9C0183A2D35A260F53F5D2B9244",
  "phone": "5544999999999-group", "connectedPhone": "5544999999999", "fromMe": false,
  "momment": 1682017970000, "expiresAt": null, "status": "RECEIVED", "chatName": "name",
  "senderPhoto": "https://", "senderName": "name", "photo": null, "broadcast": false,
  "participantPhone": "5544999999999", "referenceMessageId": null, "externalAdReply": null,
  "forwarded": false, "type": "ReceivedCallback",
  "notification": "MEMBERSHIP_APPROVAL_REQUEST",
  "notificationParameters": ["5544999999999"],
  "callId": null, "code": null, "requestMethod": "invite_link"
}"#;

/// The same envelope for another notification and parameters (the INFERRED envelope of
/// the undocumented group events: `isGroup: true`, `phone: "<group>-group"`).
fn envelope(notification: &str, parameters: J) -> String {
    let mut v: J = serde_json::from_str(MEMBERSHIP_REQUEST).expect("JSON");
    v["phone"] = json!("120363019502650977-group");
    v["notification"] = json!(notification);
    v["notificationParameters"] = parameters;
    v.as_object_mut().expect("object").remove("requestMethod");
    v.to_string()
}

mod documented {
    use super::*;

    #[test]
    fn membership_approval_request_newer_revision() {
        assert_eq!(
            zapi(MEMBERSHIP_REQUEST),
            json!({"type": "membership_requested", "provider": "zapi", "groupId": "5544999999999@g.us", "participants": ["5544999999999"], "method": "invite_link", "addedBy": null, "by": "5544999999999", "at": 1682017970000u64, "notification": "MEMBERSHIP_APPROVAL_REQUEST"})
        );
    }

    // DISAGREEMENT: the older revision's example says `isGroup: false` though `phone` is a
    // `…-group` id, and has no `requestMethod`. The `-group` id decides.
    #[test]
    fn membership_approval_request_older_revision_with_is_group_false() {
        let mut v: J = serde_json::from_str(MEMBERSHIP_REQUEST).expect("JSON");
        v["isGroup"] = json!(false);
        v.as_object_mut().expect("object").remove("requestMethod");
        assert_eq!(
            zapi(&v.to_string()),
            json!({"type": "membership_requested", "provider": "zapi", "groupId": "5544999999999@g.us", "participants": ["5544999999999"], "method": null, "addedBy": null, "by": "5544999999999", "at": 1682017970000u64, "notification": "MEMBERSHIP_APPROVAL_REQUEST"})
        );
    }

    // `requestMethod: "non_admin_add"` (documented example: parameters
    // ["5544999999999", "5544888888888"], participantPhone "5544999999999"): the member who
    // added someone is the notification's sender (`participantPhone`, "the group member
    // who sent"); the other parameter asked to join. They are kept apart, so that approving
    // `participants` never approves the adder.
    #[test]
    fn membership_approval_request_non_admin_add() {
        let mut v: J = serde_json::from_str(MEMBERSHIP_REQUEST).expect("JSON");
        v["requestMethod"] = json!("non_admin_add");
        v["notificationParameters"] = json!(["5544999999999", "5544888888888"]);
        let e = zapi(&v.to_string());
        assert_eq!(e["type"], "membership_requested");
        assert_eq!(e["method"], "non_admin_add");
        assert_eq!(e["participants"], json!(["5544888888888"]));
        assert_eq!(e["addedBy"], "5544999999999");
        assert_eq!(e["groupId"], "5544999999999@g.us");
        // The adder named by participantPhone wherever it stands among the parameters.
        v["notificationParameters"] = json!(["5544777777777", "5544999999999"]);
        let e = zapi(&v.to_string());
        assert_eq!((e["participants"].clone(), e["addedBy"].clone()), (json!(["5544777777777"]), json!("5544999999999")));
    }

    // REVOKED_MEMBERSHIP_REQUESTS: same envelope, no requestMethod; no `method` in the event.
    #[test]
    fn revoked_membership_requests() {
        let e = zapi(&envelope("REVOKED_MEMBERSHIP_REQUESTS", json!(["5544999999999"])));
        assert_eq!(
            e,
            json!({"type": "membership_request_revoked", "provider": "zapi", "groupId": "120363019502650977@g.us", "participants": ["5544999999999"], "by": "5544999999999", "at": 1682017970000u64, "notification": "REVOKED_MEMBERSHIP_REQUESTS"})
        );
    }
}

mod inferred {
    use super::*;

    // Z-API's sample handler reads `notificationParameters[0]` as the new group's name.
    #[test]
    fn group_create() {
        let e = zapi(&envelope("GROUP_CREATE", json!(["Turma A"])));
        assert_eq!(
            e,
            json!({"type": "group_created", "provider": "zapi", "groupId": "120363019502650977@g.us", "participants": [], "name": "Turma A", "by": "5544999999999", "at": 1682017970000u64, "notification": "GROUP_CREATE"})
        );
        // Without parameters, the chat's name.
        let mut v: J = serde_json::from_str(&envelope("GROUP_CREATE", json!([]))).expect("JSON");
        v["chatName"] = json!("Turma B");
        assert_eq!(zapi(&v.to_string())["name"], "Turma B");
    }

    // ... and as the participant for ADD / REMOVE / LEAVE, in any phone form; `@lid`s kept.
    #[test]
    fn participant_add_remove_leave() {
        for (notification, kind) in [("GROUP_PARTICIPANT_ADD", "participants_added"), ("GROUP_PARTICIPANT_REMOVE", "participants_removed"), ("GROUP_PARTICIPANT_LEAVE", "participant_left")] {
            let e = zapi(&envelope(notification, json!(["+55 11 99999-9999", "5521988888888@s.whatsapp.net", "204829384756123@lid"])));
            assert_eq!(
                e,
                json!({"type": kind, "provider": "zapi", "groupId": "120363019502650977@g.us", "participants": ["5511999999999", "5521988888888", "204829384756123@lid"], "by": "5544999999999", "at": 1682017970000u64, "notification": notification}),
                "{notification}"
            );
            // No parameters: the member the envelope names (`participantPhone`).
            let e = zapi(&envelope(notification, json!([])));
            assert_eq!(e["participants"], json!(["5544999999999"]), "{notification}");
        }
    }

    // Documented on 2026-03-18 (Z-API docs main, webhooks/on-message-received.md):
    // empty parameters, the new setting in `linkMode`, the admin who changed it in
    // participantPhone. Nobody's membership changes: `participants` is empty.
    #[test]
    fn member_link_property_update() {
        let mut v: J = serde_json::from_str(&envelope("GROUP_MEMBER_LINK_PROPERTY_UPDATE", json!([]))).expect("JSON");
        v["linkMode"] = json!("ALL_MEMBER_LINK");
        let e = zapi(&v.to_string());
        assert_eq!(e["type"], "member_link_property_updated");
        assert_eq!(e["groupId"], "120363019502650977@g.us");
        assert_eq!(e["participants"], json!([]));
        assert_eq!(e["linkMode"], "ALL_MEMBER_LINK");
        assert_eq!(e["by"], "5544999999999");
        assert_eq!(e["notification"], "GROUP_MEMBER_LINK_PROPERTY_UPDATE");
        assert!(e.get("method").is_none() && e.get("name").is_none(), "{e}");
    }

    // Group ids in every form become the JID; `momment` in seconds becomes milliseconds.
    #[test]
    fn canonical_ids_and_times() {
        for (phone, jid) in [
            ("120363019502650977-group", "120363019502650977@g.us"),
            ("120363019502650977@g.us", "120363019502650977@g.us"),
            ("5511999999999-1623281429", "5511999999999-1623281429@g.us"),
            ("5511999999999-1623281429@g.us", "5511999999999-1623281429@g.us"),
        ] {
            let body = json!({"phone": phone, "notification": "GROUP_PARTICIPANT_ADD", "notificationParameters": ["5511988887777"], "momment": 1682017970}).to_string();
            let e = zapi(&body);
            assert_eq!((e["groupId"].as_str(), e["at"].as_u64()), (Some(jid), Some(1_682_017_970_000)), "{phone}");
        }
        // No time at all: null.
        let e = zapi(r#"{"phone": "120363019502650977-group", "notification": "GROUP_PARTICIPANT_REMOVE", "notificationParameters": ["5511988887777"]}"#);
        assert_eq!(e["at"], J::Null);
        // Parameters that are not strings are skipped, the envelope's member is used.
        let e =
            zapi(r#"{"phone": "120363019502650977-group", "notification": "GROUP_PARTICIPANT_ADD", "notificationParameters": [{"phone": "5511988887777"}, 5], "participantPhone": "5511977776666"}"#);
        assert_eq!(e["participants"], json!(["5511977776666"]));
    }
}

mod other {
    use super::*;

    fn assert_other(provider: Provider, body: &str, raw: J) {
        let e = event(provider, body);
        assert_eq!(e, json!({"type": "other", "provider": provider.name(), "raw": raw}), "{body}");
    }

    // CHAT_LABEL_ASSOCIATION: parameters are objects `{phone, label, assigned}`; not a group event.
    #[test]
    fn chat_label_association_with_object_parameters() {
        let body = r#"{"isGroup": false, "phone": "5544999999999", "type": "ReceivedCallback", "notification": "CHAT_LABEL_ASSOCIATION",
            "notificationParameters": [{"phone": "5544999999999", "label": "1", "assigned": true}], "momment": 1682017970000}"#;
        assert_other(Provider::Zapi, body, serde_json::from_str(body).expect("JSON"));
        // Even on a group chat.
        let body = envelope("CHAT_LABEL_ASSOCIATION", json!([{"phone": "120363019502650977-group", "label": "2", "assigned": false}]));
        assert_other(Provider::Zapi, &body, serde_json::from_str(&body).expect("JSON"));
    }

    // Messages and non-group notifications, and group notifications without a group id.
    #[test]
    fn non_group_events() {
        for body in [
            r#"{"type": "ReceivedCallback", "phone": "5544999999999", "isGroup": false, "text": {"message": "oi"}, "momment": 1682017970000}"#,
            r#"{"type": "ReceivedCallback", "phone": "120363019502650977-group", "isGroup": true, "text": {"message": "oi"}}"#,
            r#"{"type": "ReceivedCallback", "phone": "5544999999999", "notification": "CALL_VOICE", "notificationParameters": []}"#,
            r#"{"type": "ReceivedCallback", "phone": "120363019502650977-group", "notification": "REVOKE"}"#,
            r#"{"momment": 1580163342, "error": "Device has been disconnected", "disconnected": true, "type": "DisconnectedCallback"}"#,
            r#"{"notification": "GROUP_PARTICIPANT_ADD", "phone": "not a group"}"#,
            r#"{"notification": "GROUP_PARTICIPANT_ADD"}"#,
            r#"{"notification": "group_participant_add", "phone": "120363019502650977-group"}"#,
            r#"{"notification": ["GROUP_CREATE"], "phone": "120363019502650977-group"}"#,
            r#"[{"notification": "GROUP_CREATE", "phone": "120363019502650977-group"}]"#,
            r#""GROUP_CREATE""#,
            "null",
            "42",
        ] {
            assert_other(Provider::Zapi, body, serde_json::from_str(body).expect("JSON"));
        }
    }

    // Bodies that are not JSON come back as their text.
    #[test]
    fn garbage() {
        for body in ["", "not json <html>", "{", r#"{"notification": "GROUP_CREATE", "phone": "120363019502650977-group""#, "\u{0}\u{1}\u{fffd}", "notification=GROUP_CREATE&phone=1"] {
            assert_other(Provider::Zapi, body, json!(body));
            assert_other(Provider::Ryze, body, json!(body));
        }
    }

    // RyzeAPI documents no group webhook payloads: even a Z-API-shaped one is "other".
    #[test]
    fn ryze_bodies_are_other() {
        for body in [
            MEMBERSHIP_REQUEST.to_owned(),
            envelope("GROUP_CREATE", json!(["Turma A"])),
            r#"{"event": "group.participants.update", "data": {"id": "120363019502650977@g.us", "action": "add", "participants": ["5511999999999@s.whatsapp.net"]}}"#.to_owned(),
        ] {
            assert_other(Provider::Ryze, &body, serde_json::from_str(&body).expect("JSON"));
        }
    }

    // Huge bodies never fail: text over 1 MiB is not kept; JSON over 8 MiB is not read.
    #[test]
    fn huge_bodies() {
        let text = "x".repeat(1024 * 1024 + 1);
        assert_other(Provider::Zapi, &text, J::Null);
        let small = "x".repeat(1024 * 1024);
        assert_other(Provider::Zapi, &small, json!(small));
        let huge_json = json!({"notification": "GROUP_CREATE", "phone": "120363019502650977-group", "pad": "p".repeat(9 * 1024 * 1024)}).to_string();
        assert_other(Provider::Zapi, &huge_json, J::Null);
        // A large (but readable) group event is still typed.
        let big_event =
            json!({"notification": "GROUP_PARTICIPANT_ADD", "phone": "120363019502650977-group", "notificationParameters": ["5511999999999"], "chatName": "n".repeat(2 * 1024 * 1024)}).to_string();
        assert_eq!(zapi(&big_event)["type"], "participants_added");
        // Deep nesting does not overflow.
        let deep = ["[".repeat(100_000), "]".repeat(100_000)].concat();
        let e = zapi(&deep);
        assert_eq!(e["type"], "other");
        let deep = "{\"a\":".repeat(50_000);
        assert_eq!(zapi(&deep)["type"], "other");
    }
}

// --- Properties ---------------------------------------------------------------------------

const NOTIFICATIONS: &[&str] = &[
    "GROUP_CREATE",
    "GROUP_PARTICIPANT_ADD",
    "GROUP_PARTICIPANT_REMOVE",
    "GROUP_PARTICIPANT_LEAVE",
    "MEMBERSHIP_APPROVAL_REQUEST",
    "REVOKED_MEMBERSHIP_REQUESTS",
    "GROUP_MEMBER_LINK_PROPERTY_UPDATE",
    "CHAT_LABEL_ASSOCIATION",
    "CALL_VOICE",
    "",
];
const TYPES: &[&str] = &["group_created", "participants_added", "participants_removed", "participant_left", "membership_requested", "membership_request_revoked", "member_link_property_updated"];

fn leaf() -> impl Strategy<Value = J> {
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e300f64..1e300).prop_map(|f| json!(f)),
        prop::sample::select(&["120363019502650977-group", "5511999999999", "5511999999999@s.whatsapp.net", "204829384756123@lid", "5511999999999-1623281429", "invite_link", ""][..])
            .prop_map(|s| json!(s)),
        "\\PC{0,16}".prop_map(J::String),
    ]
}

fn value() -> impl Strategy<Value = J> {
    leaf().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array), prop::collection::vec(("\\PC{0,8}", inner), 0..6).prop_map(|kv| J::Object(kv.into_iter().collect()))]
    })
}

/// Z-API-like events: known notifications, known keys, any values.
fn zapi_event() -> impl Strategy<Value = J> {
    (
        prop::sample::select(NOTIFICATIONS),
        prop_oneof![leaf(), Just(json!("120363019502650977-group"))],
        prop_oneof![prop::collection::vec(leaf(), 0..4).prop_map(J::Array), value()],
        leaf(),
        leaf(),
        leaf(),
    )
        .prop_map(|(n, phone, params, momment, method, participant)| {
            json!({"notification": n, "phone": phone, "notificationParameters": params, "momment": momment, "requestMethod": method, "participantPhone": participant, "isGroup": true})
        })
}

fn check(provider: Provider, body: &str) -> Result<(), TestCaseError> {
    let out = webhooks::parse(provider, body).to_json(provider);
    let e: J = serde_json::from_str(&out).map_err(|x| TestCaseError::fail(format!("not JSON ({x}): {out}")))?;
    prop_assert_eq!(e["provider"].as_str(), Some(provider.name()));
    let kind = e["type"].as_str().ok_or_else(|| TestCaseError::fail("no type"))?;
    if kind == "other" {
        prop_assert_eq!(e.as_object().map(|o| o.len()), Some(3));
        match serde_json::from_str::<J>(body) {
            // The payload as it came, numbers as JavaScript reads them (f64, as JSON.parse).
            Ok(v) if body.len() <= 8 * 1024 * 1024 => prop_assert_eq!(as_js(&e["raw"]), as_js(&v)),
            _ => prop_assert!(e["raw"] == json!(body) || e["raw"].is_null()),
        }
    } else {
        prop_assert_eq!(provider, Provider::Zapi);
        prop_assert!(TYPES.contains(&kind), "{}", kind);
        prop_assert!(e["groupId"].as_str().is_some_and(|g| g.ends_with("@g.us") && !g.contains("-group")), "{}", out);
        prop_assert!(e["participants"].as_array().is_some_and(|ps| ps.iter().all(J::is_string)), "{}", out);
        prop_assert!(e["at"].is_null() || e["at"].is_u64(), "{}", out);
        prop_assert!(e["notification"].is_string());
    }
    Ok(())
}

/// `v` with every number as the f64 JavaScript would hold.
fn as_js(v: &J) -> J {
    match v {
        J::Number(n) => json!(n.as_f64()),
        J::Array(items) => J::Array(items.iter().map(as_js).collect()),
        J::Object(members) => J::Object(members.iter().map(|(k, v)| (k.clone(), as_js(v))).collect()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_text(body in prop_oneof!["\\PC{0,300}", any::<String>(), "[\\[\\]{}\":,0-9a-z .]{0,64}"], zapi: bool) {
        check(if zapi { Provider::Zapi } else { Provider::Ryze }, &body)?;
    }

    #[test]
    fn never_panics_on_any_json(v in value(), zapi: bool) {
        check(if zapi { Provider::Zapi } else { Provider::Ryze }, &v.to_string())?;
    }

    #[test]
    fn zapi_like_events_are_typed_or_other(v in zapi_event(), zapi: bool) {
        let provider = if zapi { Provider::Zapi } else { Provider::Ryze };
        let body = v.to_string();
        check(provider, &body)?;
        // A known group notification on an id that says "group" is always typed (for
        // Z-API); a bare number in `phone` is a person's chat.
        let known = NOTIFICATIONS[..7].contains(&v["notification"].as_str().unwrap_or(""));
        let group = v["phone"].as_str().is_some_and(|p| wa_groups::ids::GroupId::parse_marked(p).is_ok());
        let e: J = serde_json::from_str(&webhooks::parse(provider, &body).to_json(provider)).expect("JSON");
        prop_assert_eq!(e["type"] != "other", zapi && known && group, "{}", body);
    }
}
