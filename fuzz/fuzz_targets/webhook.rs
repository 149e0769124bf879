//! Webhook bodies, read as both providers'. Checks: never panics; the event is JSON; a
//! group event comes only from Z-API, only from a JSON body whose `notification` names
//! it, with a canonical URL-safe group id; anything else is `other` carrying the payload
//! unchanged (the JSON value as parsed, or the text when it is not JSON).
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::Value as J;
use wa_groups::webhooks::{self, Event};
use wa_groups::Provider;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let parsed = wa_groups::json::parse(&body).ok();
    for provider in [Provider::Zapi, Provider::Ryze] {
        let event = webhooks::parse(provider, &body);
        let out = event.to_json(provider);
        let v: J = serde_json::from_str(&out).unwrap_or_else(|e| panic!("event is not JSON ({e}): {out}"));
        assert_eq!(v["provider"], provider.name());
        match &event {
            Event::Group { kind, group, notification, participants, .. } => {
                assert_eq!(provider, Provider::Zapi, "a group event from RyzeAPI");
                let p = parsed.as_ref().expect("a group event from a body that is not JSON");
                assert_eq!(p.get("notification").and_then(wa_groups::json::Value::as_str), Some(notification.as_str()));
                assert_ne!(kind.name(), "other");
                assert_eq!(v["type"], kind.name());
                wa_groups_fuzz::assert_safe_jid("webhook groupId", &group.jid());
                assert_eq!(v["groupId"], group.jid());
                assert_eq!(v["participants"].as_array().map(Vec::len), Some(participants.len()));
            }
            Event::Other { raw, text } => {
                assert_eq!(v["type"], "other");
                assert_eq!(raw, &parsed, "the payload changed");
                match (raw, text) {
                    (Some(_), t) => assert!(t.is_none()),
                    (None, Some(t)) => {
                        assert_eq!(t, &*body);
                        assert_eq!(v["raw"].as_str(), Some(&*body));
                    }
                    (None, None) => assert!(body.len() > 1024 * 1024),
                }
                // What the event carries reads as the body does.
                if raw.is_some() {
                    if let Ok(b) = serde_json::from_str::<J>(&body) {
                        assert_eq!(wa_groups_fuzz::as_js(&v["raw"]), wa_groups_fuzz::as_js(&b), "raw differs from the body");
                    }
                }
            }
        }
    }
});
