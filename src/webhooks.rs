//! Provider webhooks about groups, as typed events with canonical ids.
//!
//! Z-API posts every chat event to one webhook ("on-message-received",
//! `type: "ReceivedCallback"`); group events carry a `notification` name and
//! `notificationParameters`, and `participantPhone` names the member who did it.
//! RyzeAPI posts `{event, data, instanceData: {baseUrl, instance, token}}`; its group
//! event, `group.flow`, has no documented payload, so it stays `Other`. Anything that is
//! not a group event this module knows comes back as `Other` with the payload, so that a
//! Worker can route on `type` without ever having to catch.
//!
//! RyzeAPI puts the instance's own token in every event (`instanceData.token`): it is
//! replaced with `***`, there and wherever else the payload repeats it.

use crate::ids::{canonical_participant, GroupId};
use crate::json::{Codec, Obj, Value};
use crate::provider::Provider;
use crate::providers::{first_str, timestamp_ms};

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    GroupCreated,
    ParticipantsAdded,
    ParticipantsRemoved,
    ParticipantLeft,
    MembershipRequested,
    MembershipRequestRevoked,
    MemberLinkPropertyUpdated,
}

impl Kind {
    /// Z-API's `notification` names, and ours.
    const ALL: [(&'static str, Kind, &'static str); 7] = [
        ("GROUP_CREATE", Kind::GroupCreated, "group_created"),
        ("GROUP_PARTICIPANT_ADD", Kind::ParticipantsAdded, "participants_added"),
        ("GROUP_PARTICIPANT_REMOVE", Kind::ParticipantsRemoved, "participants_removed"),
        ("GROUP_PARTICIPANT_LEAVE", Kind::ParticipantLeft, "participant_left"),
        ("MEMBERSHIP_APPROVAL_REQUEST", Kind::MembershipRequested, "membership_requested"),
        ("REVOKED_MEMBERSHIP_REQUESTS", Kind::MembershipRequestRevoked, "membership_request_revoked"),
        ("GROUP_MEMBER_LINK_PROPERTY_UPDATE", Kind::MemberLinkPropertyUpdated, "member_link_property_updated"),
    ];

    fn from_notification(name: &str) -> Option<Kind> {
        Kind::ALL.iter().find(|(n, _, _)| *n == name).map(|(_, k, _)| k.clone())
    }

    pub fn name(&self) -> &'static str {
        Kind::ALL.iter().find(|(_, k, _)| k == self).map_or("other", |(_, _, n)| n)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Group {
        kind: Kind,
        group: GroupId,
        /// The people concerned: canonical digits where they are phones.
        participants: Vec<String>,
        /// GROUP_CREATE: the group's name.
        name: Option<String>,
        /// MEMBERSHIP_APPROVAL_REQUEST: how the request came (`invite_link`, `non_admin_add`).
        method: Option<String>,
        /// MEMBERSHIP_APPROVAL_REQUEST by `non_admin_add`: the member who added the requester.
        added_by: Option<String>,
        /// GROUP_MEMBER_LINK_PROPERTY_UPDATE: who may share the invitation link now
        /// (`ADMIN_LINK`, `ALL_MEMBER_LINK`).
        link_mode: Option<String>,
        /// The member who did it (`participantPhone`), when the payload says.
        by: Option<String>,
        /// When it happened, milliseconds since the Unix epoch.
        at: Option<u64>,
        notification: String,
    },
    /// Anything else: the payload as it came (JSON, or the text when it was not JSON).
    Other { raw: Option<Value>, text: Option<String> },
}

/// Text that is not JSON is kept in an `Other` event up to this length (JSON bodies are
/// kept whole, up to the 8 MiB any body may have).
const MAX_RAW_BYTES: usize = 1024 * 1024;

/// Whether a delivery's `Authorization` header is the one configured for the webhook
/// (RyzeAPI sends the configured value with every delivery; Z-API documents nothing to
/// check). Compared in time that depends on the lengths only, not on where they differ:
/// a caller probing the endpoint learns nothing from how long a refusal takes.
pub fn authorization_matches(received: &str, expected: &str) -> bool {
    let (a, b) = (received.as_bytes(), expected.as_bytes());
    let mut diff = u8::from(a.len() != b.len());
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= x ^ y;
    }
    // An empty expected value would accept a delivery with no header at all.
    diff == 0 && !b.is_empty()
}

/// Reads a webhook body (the request's text) with the host's JSON reader; never fails.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(provider: Provider, body: &str) -> Event {
    parse_with(provider, body, &crate::json::TextCodec)
}

/// Reads a webhook body (the request's text), its text read by `codec`; never fails.
pub fn parse_with(provider: Provider, body: &str, codec: &dyn Codec) -> Event {
    match (body.len() <= crate::MAX_BODY_BYTES).then(|| codec.parse(body).ok()).flatten() {
        Some(v) => read(provider, v),
        None => Event::Other { raw: None, text: (body.len() <= MAX_RAW_BYTES).then(|| body.to_owned()) },
    }
}

/// Reads a webhook body the caller already parsed; never fails.
pub fn read(provider: Provider, mut v: Value) -> Event {
    let other = |raw: Option<Value>| Event::Other { raw, text: None };
    if provider != Provider::Zapi {
        redact_instance_token(&mut v);
        return other(Some(v));
    }
    let Some(kind) = first_str(&v, &["notification"]).and_then(Kind::from_notification) else { return other(Some(v)) };
    // Only an id that says "group": a bare number in `phone` is a person's chat.
    let Some(group) = first_str(&v, &["phone", "chatId"]).and_then(|s| GroupId::parse_marked(s).ok()) else { return other(Some(v)) };
    let parameters: Vec<&str> = v.get("notificationParameters").and_then(Value::as_array).unwrap_or(&[]).iter().filter_map(Value::as_str).collect();
    let by = first_str(&v, &["participantPhone", "participantLid"]).map(canonical_participant);
    let method = first_str(&v, &["requestMethod"]).map(str::to_owned);
    let mut added_by = None;
    let (name, participants) = match kind {
        // Z-API's own handler example reads the first parameter as the new group's name.
        Kind::GroupCreated => (parameters.first().map(|s| (*s).to_owned()).or_else(|| first_str(&v, &["chatName"]).map(str::to_owned)), Vec::new()),
        // Nobody's membership changes: the admin who changed the setting is `by`.
        Kind::MemberLinkPropertyUpdated => (None, Vec::new()),
        // A member added someone who now waits for approval: the parameters name both.
        // `participantPhone` is "the group member who sent" the notification, the adder
        // (in the documented example it is also the first parameter); the others asked.
        Kind::MembershipRequested if method.as_deref() == Some("non_admin_add") => {
            let people: Vec<String> = parameters.iter().map(|p| canonical_participant(p)).collect();
            let adder = by.clone().or_else(|| people.first().cloned());
            let requesters = people.into_iter().filter(|p| Some(p) != adder.as_ref()).collect();
            added_by = adder;
            (None, requesters)
        }
        _ => {
            let mut people: Vec<String> = parameters.iter().map(|p| canonical_participant(p)).collect();
            if people.is_empty() {
                people.extend(by.clone());
            }
            (None, people)
        }
    };
    let link_mode = if kind == Kind::MemberLinkPropertyUpdated { first_str(&v, &["linkMode"]).map(str::to_owned) } else { None };
    Event::Group {
        method,
        added_by,
        link_mode,
        by,
        at: timestamp_ms(v.get("momment").or_else(|| v.get("moment"))),
        notification: first_str(&v, &["notification"]).unwrap_or_default().to_owned(),
        kind,
        group,
        participants,
        name,
    }
}

/// Replaces RyzeAPI's `instanceData.token` with `***`, and every other place the payload
/// repeats it, in any form (percent-encoded, JSON-escaped). A repeated key is no way
/// around it: every `instanceData` and every `token` in it counts.
fn redact_instance_token(v: &mut Value) {
    let Value::Object(members) = v else { return };
    let mut tokens: Vec<String> = Vec::new();
    for (key, data) in members.iter_mut() {
        if let (true, Value::Object(fields)) = (key == "instanceData", data) {
            for (k, t) in fields.iter_mut() {
                if let (true, Value::String(t)) = (k == "token", t) {
                    if !t.is_empty() {
                        tokens.push(core::mem::replace(t, crate::text::REDACTED.to_owned()));
                    }
                }
            }
        }
    }
    if tokens.is_empty() {
        return;
    }
    let secrets: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let redactor = crate::text::Redactor::new(&secrets);
    v.map_strings(&|s| redactor.touches(s).then(|| redactor.apply(s)));
}

impl Event {
    /// The event as JSON text (host only: tests).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_json(&self, provider: Provider) -> String {
        crate::json::Codec::write(&crate::json::TextCodec, &self.to_value(provider))
    }

    /// The event of the contract's `WebhookEvent` union.
    pub fn to_value(&self, provider: Provider) -> Value {
        match self {
            Event::Group { kind, group, participants, name, method, added_by, link_mode, by, at, notification } => {
                let mut w = Obj::new().str("type", kind.name()).str("provider", provider.name()).str("groupId", &group.jid()).strs("participants", participants.iter().map(String::as_str));
                if *kind == Kind::GroupCreated {
                    w = w.opt_str("name", name.as_deref());
                }
                if *kind == Kind::MembershipRequested {
                    w = w.opt_str("method", method.as_deref()).opt_str("addedBy", added_by.as_deref());
                }
                if *kind == Kind::MemberLinkPropertyUpdated {
                    w = w.opt_str("linkMode", link_mode.as_deref());
                }
                w = w.opt_str("by", by.as_deref());
                w = w.opt_uint("at", *at);
                w.str("notification", notification).finish()
            }
            Event::Other { raw, text } => {
                let raw = match (raw, text) {
                    (Some(v), _) => v.clone(),
                    (None, Some(t)) => Value::String(t.clone()),
                    (None, None) => Value::Null,
                };
                Obj::new().str("type", "other").str("provider", provider.name()).value("raw", raw).finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_is_compared_whole() {
        assert!(authorization_matches("Bearer svc-token-xyz", "Bearer svc-token-xyz"));
        assert!(!authorization_matches("Bearer svc-token-xy", "Bearer svc-token-xyz"));
        assert!(!authorization_matches("Bearer svc-token-xyzz", "Bearer svc-token-xyz"));
        assert!(!authorization_matches("bearer svc-token-xyz", "Bearer svc-token-xyz"));
        assert!(!authorization_matches("", "Bearer svc-token-xyz"));
        assert!(!authorization_matches("", ""), "nothing configured accepts nothing");
        // A prefix padded with NULs is not the value.
        assert!(!authorization_matches("Bearer\0", "Bearer"));
    }

    fn event(body: &str) -> serde_json::Value {
        serde_json::from_str(&parse(Provider::Zapi, body).to_json(Provider::Zapi)).unwrap()
    }

    #[test]
    fn documented_membership_request() {
        // Z-API's documented MEMBERSHIP_APPROVAL_REQUEST example (newer revision).
        let e = event(
            r#"{"isGroup":true,"isNewsletter":false,"instanceId":"A20D","messageId":"A20D","phone":"5544999999999-group","connectedPhone":"5544999999999","fromMe":false,"momment":1682017970000,"expiresAt":null,"status":"RECEIVED","chatName":"name","senderPhoto":"https://","senderName":"name","photo":null,"broadcast":false,"participantPhone":"5544999999999","referenceMessageId":null,"externalAdReply":null,"forwarded":false,"type":"ReceivedCallback","notification":"MEMBERSHIP_APPROVAL_REQUEST","notificationParameters":["5544999999999"],"callId":null,"code":null,"requestMethod":"invite_link"}"#,
        );
        assert_eq!(
            e,
            serde_json::json!({"type":"membership_requested","provider":"zapi","groupId":"5544999999999@g.us","participants":["5544999999999"],"method":"invite_link","addedBy":null,"by":"5544999999999","at":1682017970000u64,"notification":"MEMBERSHIP_APPROVAL_REQUEST"})
        );
    }

    #[test]
    fn a_request_by_a_members_add_keeps_the_adder_apart() {
        // Z-API's documented non_admin_add example: participantPhone (the member who sent
        // the notification) is the adder; approving `participants` must not approve them.
        let e = event(
            r#"{"isGroup":true,"phone":"5544999999999-group","participantPhone":"5544999999999","type":"ReceivedCallback","notification":"MEMBERSHIP_APPROVAL_REQUEST","notificationParameters":["5544999999999","5544888888888"],"requestMethod":"non_admin_add","momment":1682017970000}"#,
        );
        assert_eq!(e["participants"], serde_json::json!(["5544888888888"]));
        assert_eq!(e["addedBy"], "5544999999999");
        // Without participantPhone, the documented order: the adder first.
        let e = event(r#"{"phone":"5544999999999-group","notification":"MEMBERSHIP_APPROVAL_REQUEST","notificationParameters":["5511111111111","5522222222222"],"requestMethod":"non_admin_add"}"#);
        assert_eq!((e["participants"].clone(), e["addedBy"].clone()), (serde_json::json!(["5522222222222"]), serde_json::json!("5511111111111")));
    }

    #[test]
    fn link_mode_is_kept() {
        // Z-API's documented GROUP_MEMBER_LINK_PROPERTY_UPDATE (2026-03-18).
        for mode in ["ADMIN_LINK", "ALL_MEMBER_LINK"] {
            let body = [
                r#"{"chatLid":null,"isGroup":true,"isNewsletter":false,"instanceId":"3E98","messageId":"85932933","phone":"120363423529374305-group","connectedPhone":"5544999999999","fromMe":false,"momment":1773845888000,"status":"RECEIVED","chatName":"Linux Foundation","participantPhone":"5544999999999","participantLid":"99999999999999@lid","type":"ReceivedCallback","notification":"GROUP_MEMBER_LINK_PROPERTY_UPDATE","notificationParameters":[],"callId":null,"code":null,"linkMode":""#,
                mode,
                r#""}"#,
            ]
            .concat();
            let e = event(&body);
            assert_eq!(e["type"], "member_link_property_updated");
            assert_eq!(e["linkMode"], mode);
            assert_eq!(e["by"], "5544999999999", "the admin who changed it");
            assert_eq!(e["participants"], serde_json::json!([]), "nobody's membership changed");
        }
    }

    #[test]
    fn ryze_events_never_carry_the_instance_token() {
        let body = r#"{"event":"group.flow","data":{"groupJid":"120363406289005073@g.us","echo":"tok%2Fen-SECRET-123"},"instanceData":{"baseUrl":"https://api.example.com","instance":"shop","token":"tok/en-SECRET-123","token":"second-TOKEN-456"},"instanceData":{"token":"third-TOKEN-789"}}"#;
        let out = parse(Provider::Ryze, body).to_json(Provider::Ryze);
        for secret in ["tok/en-SECRET-123", "tok%2Fen-SECRET-123", "second-TOKEN-456", "third-TOKEN-789", "SECRET"] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["type"], "other");
        assert_eq!(v["raw"]["instanceData"]["token"], "***");
        assert!(out.contains(r#""instance":"shop""#) && out.contains(r#""token":"***","token":"***""#), "{out}");
    }

    #[test]
    fn group_events_in_canonical_form() {
        let e = event(r#"{"phone":"120363019502650977-group","notification":"GROUP_PARTICIPANT_ADD","notificationParameters":["5511999999999@s.whatsapp.net","123456@lid"],"momment":1700000000000}"#);
        assert_eq!(e["type"], "participants_added");
        assert_eq!(e["groupId"], "120363019502650977@g.us");
        assert_eq!(e["participants"], serde_json::json!(["5511999999999", "123456@lid"]));
        let e = event(r#"{"phone":"120363019502650977-group","notification":"GROUP_CREATE","notificationParameters":["Turma A"]}"#);
        assert_eq!((e["type"].as_str(), e["name"].as_str(), e["at"].is_null()), (Some("group_created"), Some("Turma A"), true));
        let e = event(r#"{"phone":"120363019502650977-group","notification":"GROUP_PARTICIPANT_LEAVE","notificationParameters":[],"participantPhone":"5511988887777"}"#);
        assert_eq!((e["type"].as_str(), e["participants"][0].as_str()), (Some("participant_left"), Some("5511988887777")));
    }

    #[test]
    fn anything_else_is_other_with_the_payload() {
        for body in [
            r#"{"type":"ReceivedCallback","text":{"message":"hi"},"phone":"5511999999999"}"#,
            r#"{"notification":"GROUP_PARTICIPANT_ADD","phone":"not a group"}"#,
            r#"{"notification":"CALL_VOICE","phone":"120363019502650977-group"}"#,
            r#"[1,2,3]"#,
        ] {
            let e = event(body);
            assert_eq!(e["type"], "other", "{body}");
            assert_eq!(e["raw"], serde_json::from_str::<serde_json::Value>(body).unwrap());
        }
        let e = event("not json <html>");
        assert_eq!((e["type"].as_str(), e["raw"].as_str()), (Some("other"), Some("not json <html>")));
        let ryze: serde_json::Value = serde_json::from_str(&parse(Provider::Ryze, r#"{"notification":"GROUP_CREATE","phone":"1203630195026509-group"}"#).to_json(Provider::Ryze)).unwrap();
        assert_eq!(ryze["type"], "other");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(body in "\\PC{0,200}", zapi: bool) {
            let provider = if zapi { Provider::Zapi } else { Provider::Ryze };
            let out = parse(provider, &body).to_json(provider);
            proptest::prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
        }
    }
}
