//! Operations a provider has no endpoint for (docs/operations.md: RyzeAPI cannot list
//! communities, read their metadata, reset their link, change their settings or
//! description, or deactivate one) fail before sending with kind "unsupported", naming the provider and operation.
//! No operation is emulated by another; every other operation × provider is supported.

mod common;

use common::*;
use serde_json::{json, Value as J};
use wa_groups::{Config, ErrorKind, Operation, Provider};

fn assert_unsupported(e: &wa_groups::Error, op: Operation) {
    assert_eq!(e.kind, ErrorKind::Unsupported, "{}: {} {}", op.name(), e.kind.name(), e.message);
    assert_eq!((e.provider, e.operation, e.status, e.body.as_deref()), (Some(Provider::Ryze), Some(op), None, None), "{}", op.name());
    assert!(e.issues().is_empty());
    assert!(e.message.contains("RyzeAPI") && e.message.contains(op.name()), "{}", e.message);
    assert!(e.message.contains("nothing was sent"), "{}", e.message);
    let details: J = serde_json::from_str(&e.details_json()).expect("JSON");
    assert_eq!(details, json!({"kind": "unsupported", "provider": "ryze", "operation": op.name()}));
}

// `validate`, `read_input` and `check_supported` all refuse, for a valid input.
#[test]
fn ryze_operations_without_endpoint() {
    let r = ryze();
    for op in RYZE_UNSUPPORTED {
        let c = sample_call(op);
        let e = wa_groups::validate(&wa(&config_json(&r)), &wa(&c)).expect_err("unsupported");
        assert_unsupported(&e, op);
        let mut input = c.clone();
        input.as_object_mut().expect("object").remove("op");
        assert_unsupported(&wa_groups::read_input(&r, op, &wa(&input)).expect_err("unsupported"), op);
        assert_unsupported(&wa_groups::check_supported(&r, op).expect_err("unsupported"), op);
        // The same call is fine for Z-API.
        let _ = call(&zapi(), c);
        assert!(wa_groups::check_supported(&zapi(), op).is_ok());
    }
}

// Unsupported wins over the input's own problems: no point fixing fields for a call that
// can never be sent. (Nothing is read, so nothing is built.)
#[test]
fn unsupported_comes_before_validation() {
    let r = ryze();
    for op in RYZE_UNSUPPORTED {
        for input in [json!({}), json!({"communityId": "nope", "page": 0, "whoCanAddGroups": "nobody", "description": 5}), J::Null, json!("garbage")] {
            assert_unsupported(&wa_groups::read_input(&r, op, &wa(&input)).expect_err("unsupported"), op);
            let mut c = if input.is_object() { input.clone() } else { json!({}) };
            c["op"] = json!(op.name());
            assert_unsupported(&wa_groups::validate(&wa(&config_json(&r)), &wa(&c)).expect_err("unsupported"), op);
        }
    }
}

// With a config that cannot be read, the provider is unknown: the config's issues come
// back (validation), not a guess at what the provider supports.
#[test]
fn an_unreadable_config_is_validation() {
    for op in RYZE_UNSUPPORTED {
        let e = wa_groups::validate(&wa(&json!({"provider": "ryze", "instance": "", "token": RYZE_TOKEN})), &wa(&sample_call(op))).expect_err("invalid");
        assert_eq!(e.kind.name(), "validation", "{}", op.name());
        assert_eq!(e.issues().iter().map(|i| i.field.as_str()).collect::<Vec<_>>(), ["instance"]);
    }
}

// Every other operation × provider is supported: validated, built to the provider's own
// base URL, never to a placeholder.
#[test]
fn every_other_combination_is_supported() {
    let mut supported = 0;
    for config in [zapi(), zapi_ct(), ryze()] {
        for op in Operation::ALL {
            if !has_endpoint(&config, op) {
                continue;
            }
            assert!(wa_groups::check_supported(&config, op).is_ok(), "{} {}", config.provider.name(), op.name());
            let c = call(&config, sample_call(op));
            assert_eq!(c.operation(), op);
            let r = wa_groups::build_request(&config, &c);
            let base: &str = if config.provider == Provider::Zapi { "https://api.z-api.io/instances/" } else { "https://ryzeapi.cloud/api/" };
            assert!(r.url.starts_with(base), "{} {}: {}", config.provider.name(), op.name(), r.url);
            assert!(!r.url.contains("unsupported"), "{} {}: {}", config.provider.name(), op.name(), r.url);
            supported += 1;
        }
    }
    assert_eq!(supported, (38 - 2) * 2 + (38 - 12));
}

// Exactly the documented operations lack an endpoint: RyzeAPI's community and account
// ones, Z-API's photo removal and list of join requests.
#[test]
fn the_unsupported_set_is_exactly_the_documented_one() {
    let unsupported = |config: &Config| -> Vec<&'static str> { Operation::ALL.into_iter().filter(|op| wa_groups::check_supported(config, *op).is_err()).map(Operation::name).collect() };
    assert_eq!(unsupported(&zapi()), ["removeGroupPhoto", "listPendingRequests"]);
    assert_eq!(
        unsupported(&ryze()),
        [
            "listCommunities",
            "getCommunityMetadata",
            "resetCommunityInvitationLink",
            "updateCommunitySettings",
            "updateCommunityDescription",
            "deactivateCommunity",
            "updateCommunityPhoto",
            "addCommunityParticipants",
            "removeCommunityParticipants",
            "promoteCommunityParticipants",
            "demoteCommunityParticipants",
            "setGroupAddPrivacy"
        ]
    );
    assert!(RYZE_UNSUPPORTED.iter().all(|op| !has_endpoint(&ryze(), *op) && has_endpoint(&zapi(), *op)));
    assert!(ZAPI_UNSUPPORTED.iter().all(|op| !has_endpoint(&zapi(), *op) && has_endpoint(&ryze(), *op)));
}

// An unknown op is validation naming `op`, for either provider; it lists the new names.
#[test]
fn unknown_op_lists_every_operation() {
    for config in [zapi(), ryze()] {
        let e = wa_groups::validate(&wa(&config_json(&config)), &wa(&json!({"op": "deleteCommunity", "communityId": "120363186053925765"}))).expect_err("unknown");
        assert_eq!(e.issues().iter().map(|i| i.field.as_str()).collect::<Vec<_>>(), ["op"]);
        for op in Operation::ALL {
            assert!(e.issues()[0].message.contains(op.name()), "{} missing from {}", op.name(), e.issues()[0].message);
        }
    }
}
