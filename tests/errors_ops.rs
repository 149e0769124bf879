//! Error mapping for the operations added by issue 4, in each provider's envelope
//! (docs/wire-reference.md P1-RYZE-0, P1-ZAPI-f and the per-endpoint error tables of
//! PRIORITY 2): 401/403 auth, 404 not_found, 429 rate_limited, other statuses provider;
//! a 2xx that carries a refusal is a provider refusal, except where the operation's
//! result reports failures itself (link/unlink groups, participants per phone).

mod common;

use common::*;
use serde_json::json;
use wa_groups::http::Response;
use wa_groups::{Call, Config, Error, ErrorKind, Operation, Provider};

fn configs() -> [Config; 3] {
    [zapi(), zapi_ct(), ryze()]
}

/// One call per new operation the provider has an endpoint for.
fn calls(config: &Config) -> Vec<Call> {
    new_operations().into_iter().filter(|op| has_endpoint(config, *op)).map(|op| call(config, sample_call(op))).collect()
}

fn is_participants(c: &Call) -> bool {
    // A group's six and a community's four: each reports a result per phone.
    c.operation().name().ends_with("Participants")
}

/// The error for `response` to `c`, with what every response error carries checked.
fn error(config: &Config, c: &Call, response: &Response) -> Error {
    let e = match wa_groups::parse_response(config, c, response, Some(NOW_MS)) {
        Ok(o) => panic!("{} {}: HTTP {} {:?} gave {}", config.provider.name(), c.operation().name(), response.status, response.body, o.to_json()),
        Err(e) => e,
    };
    assert_eq!(e.status, Some(response.status), "{e:?}");
    assert_eq!(e.provider, Some(config.provider), "{e:?}");
    assert_eq!(e.operation, Some(c.operation()), "{e:?}");
    assert_eq!(e.body.as_deref(), Some(response.body.as_str()), "the body is kept");
    assert!(e.issues().is_empty());
    e
}

fn envelope(provider: Provider, message: &str) -> String {
    match provider {
        Provider::Zapi => json!({"error": message}).to_string(),
        Provider::Ryze => json!({"success": false, "error": {"message": message}}).to_string(),
    }
}

// 404 / 401 / 403 / 429 / 500 / 400 in each provider's envelope, for every new operation.
#[test]
fn statuses_in_each_envelope() {
    let mut checked = 0;
    for config in configs() {
        for c in calls(&config) {
            for (status, message, kind) in [
                (404, "Group not found or you are not a member of this group", "not_found"),
                (401, "Invalid token", "auth"),
                (403, "Not authorized to reset group invite link (must be admin)", "forbidden"),
                (403, "Instance token does not match this instance", "auth"),
                (403, "Sem permissão", "forbidden"),
                (429, "Rate limit exceeded. Try again later.", "rate_limited"),
                (500, "failed to get groups: context deadline exceeded", "provider"),
                (400, "Identifier is required", "provider"),
                (400, "invalid data", "provider"),
                (503, "RyzeIntegrations bridge not configured", "provider"),
            ] {
                let body = envelope(config.provider, message);
                let e = error(&config, &c, &Response::new(status, body.as_str()));
                assert_eq!(e.kind.name(), kind, "{} {} HTTP {status}", config.provider.name(), c.operation().name());
                assert!(e.message.contains(message), "{}", e.message);
                assert!(e.message.contains(&status.to_string()), "{}", e.message);
                checked += 1;
            }
            // Bare statuses, with no body at all.
            for (status, kind) in [(404, "not_found"), (401, "auth"), (403, "forbidden"), (429, "rate_limited"), (500, "provider"), (405, "provider"), (415, "provider")] {
                assert_eq!(error(&config, &c, &Response::new(status, "")).kind.name(), kind, "{} {} {status}", config.provider.name(), c.operation().name());
            }
        }
    }
    assert_eq!(checked, 10 * (32 + 32 + 22));
}

// Disconnected: Ryze's documented 400 (and the guide's 503), Z-API's inferred message.
#[test]
fn disconnected_in_each_envelope() {
    for config in configs() {
        let message = if config.provider == Provider::Ryze { "Instance is not connected to WhatsApp" } else { "You are not connected." };
        for c in calls(&config) {
            for status in [400, 503, 200] {
                let body = envelope(config.provider, message);
                let e = error(&config, &c, &Response::new(status, body.as_str()));
                assert_eq!(e.kind, ErrorKind::Disconnected, "{} {} {status}", config.provider.name(), c.operation().name());
            }
        }
    }
}

// RyzeAPI's 429 carries X-RateLimit-Reset (Unix seconds): the wait reaches the error.
#[test]
fn ryze_rate_limit_wait() {
    let r = ryze();
    let reset = (NOW_MS / 1000 + 30).to_string();
    for c in calls(&r) {
        let resp = Response::new(429, envelope(Provider::Ryze, "Rate limit exceeded. Try again later.")).with_header("X-RateLimit-Remaining", "0").with_header("X-RateLimit-Reset", &reset);
        assert_eq!(error(&r, &c, &resp).kind, ErrorKind::RateLimited { retry_after_ms: Some(30_000) }, "{}", c.operation().name());
    }
}

// Z-API's "not allowed" answers (missing Client-Token, foreign IP) are auth whatever the status.
#[test]
fn zapi_not_allowed_is_auth() {
    for config in [zapi(), zapi_ct()] {
        for c in calls(&config) {
            for status in [200, 400, 403, 500] {
                for body in [r#"{"error":"null not allowed"}"#, r#"{"error":"189.6.12.34 not allowed"}"#, "10.0.0.1 not allowed"] {
                    assert_eq!(error(&config, &c, &Response::new(status, body)).kind, ErrorKind::Auth, "{} {status} {body}", c.operation().name());
                }
            }
        }
    }
}

// A 200 `{success: false, error: …}` is a provider refusal for every new operation except
// the participants ones, whose result names a failure per phone.
#[test]
fn refusal_with_200() {
    for config in configs() {
        for c in calls(&config) {
            let body = match config.provider {
                Provider::Zapi => r#"{"success": false, "error": "You are not an admin of this group"}"#.to_owned(),
                Provider::Ryze => envelope(Provider::Ryze, "You are not an admin of this group"),
            };
            // Both providers: a 200 refusing everyone still gives one result per phone.
            match (config.provider, is_participants(&c)) {
                (_, true) => {
                    let mut got = parse_ok(&config, &c, 200, &body);
                    // A community's calls name the community where a group's name the group.
                    if let Some(community) = got.as_object_mut().and_then(|o| o.remove("communityId")) {
                        assert_eq!(community, json!("120363186053925765@g.us"), "{}", c.operation().name());
                        got["groupId"] = json!("120363019502650977@g.us");
                    }
                    assert_eq!(
                        got,
                        json!({"groupId": "120363019502650977@g.us", "succeeded": [], "failed": [
                            {"phone": "5511999999999", "reason": "You are not an admin of this group"},
                            {"phone": "5521988888888", "reason": "You are not an admin of this group"}]}),
                        "{}",
                        c.operation().name()
                    );
                }
                _ => {
                    // "Not an admin" is the same kind on both gateways, whatever the status.
                    let e = error(&config, &c, &Response::new(200, body.as_str()));
                    assert_eq!(e.kind, ErrorKind::Forbidden, "{} {}", config.provider.name(), c.operation().name());
                    assert!(e.message.contains("You are not an admin of this group"), "{}", e.message);
                }
            }
        }
    }
}

// Z-API's `{value: false}` (the style of updates, leave, the community description) and
// `{success: false}` (join, community settings) refuse, with or without a message.
#[test]
fn zapi_value_false_refuses() {
    let z = zapi();
    for c in calls(&z) {
        let op = c.operation();
        let style = match op {
            Operation::UpdateGroupName
            | Operation::UpdateGroupDescription
            | Operation::UpdateGroupPhoto
            | Operation::UpdateGroupSettings
            | Operation::LeaveGroup
            | Operation::UpdateCommunityDescription
            | Operation::DeactivateCommunity => "value",
            Operation::JoinGroup | Operation::UpdateCommunitySettings => "success",
            _ => continue,
        };
        let body = json!({style: false}).to_string();
        let e = error(&z, &c, &Response::new(200, body.as_str()));
        assert_eq!(e.kind, ErrorKind::Provider, "{}", op.name());
        assert!(e.message.starts_with("Z-API refused the request (HTTP 200)"), "{}", e.message);
    }
}

// The participants calls resolve on `{value: false}` (every phone failed: nothing says
// who went through) — the per-phone result is the report.
#[test]
fn zapi_participants_value_false_resolves() {
    let z = zapi();
    for c in calls(&z).into_iter().filter(is_participants) {
        let got = parse_ok(&z, &c, 200, r#"{"value": false}"#);
        assert_eq!(got["succeeded"], json!([]), "{}", c.operation().name());
        assert_eq!(got["failed"].as_array().map(Vec::len), Some(2), "{}", c.operation().name());
    }
}

// RyzeAPI: leaving twice is a 404 (the leave page); resetLink's documented 403/404.
#[test]
fn ryze_documented_endpoint_errors() {
    let r = ryze();
    let leave = call(&r, json!({"op": "leaveGroup", "groupId": "120363406289005074@g.us"}));
    assert_eq!(error(&r, &leave, &Response::new(404, envelope(Provider::Ryze, "Group not found or you are not a member of this group"))).kind, ErrorKind::NotFound);
    let reset = call(&r, json!({"op": "resetInvitationLink", "groupId": "120363406289005074@g.us"}));
    let e = error(&r, &reset, &Response::new(403, envelope(Provider::Ryze, "Not authorized to reset group invite link (must be admin)")));
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert_eq!(e.message, "RyzeAPI refused the request (HTTP 403): Not authorized to reset group invite link (must be admin)");
    let sub = call(&r, json!({"op": "listSubgroups", "communityId": "120363406289005073"}));
    for message in ["communityJid query parameter is required", "invalid community JID: bad server"] {
        assert_eq!(error(&r, &sub, &Response::new(400, envelope(Provider::Ryze, message))).kind, ErrorKind::Provider, "{message}");
    }
    assert_eq!(error(&r, &sub, &Response::new(500, envelope(Provider::Ryze, "failed to get groups: boom"))).kind, ErrorKind::Provider);
}

// A 2xx that is not JSON, or JSON of the wrong type, is decode for every new operation
// (Z-API's deactivate and setWebhook excepted: their bodies are undocumented, any 2xx will do).
#[test]
fn non_json_2xx_is_decode() {
    for config in configs() {
        for c in calls(&config) {
            for body in ["<html>ok</html>", "OK", r#"{"success": tr"#, "null", "42", r#""done""#] {
                let deactivate = config.provider == Provider::Zapi && matches!(c.operation(), Operation::DeactivateCommunity | Operation::SetWebhook);
                match wa_groups::parse_response(&config, &c, &Response::new(200, body), None) {
                    Ok(o) => assert!(deactivate && !body.starts_with('"') && body != "null" && body != "42", "{} {body}: {}", c.operation().name(), o.to_json()),
                    Err(e) => {
                        assert_eq!(e.kind, ErrorKind::Decode, "{} {} {body}", config.provider.name(), c.operation().name());
                        assert_eq!(e.body.as_deref(), Some(body));
                    }
                }
            }
            // Listings accept a bare array on Z-API; anything else is an object.
            let listing = config.provider == Provider::Zapi && matches!(c.operation(), Operation::ListGroups | Operation::ListCommunities);
            let r = wa_groups::parse_response(&config, &c, &Response::new(200, "[]"), None);
            assert_eq!(r.is_ok(), listing, "{} {}", config.provider.name(), c.operation().name());
        }
    }
}

// An object with none of the documented fields and no message is decode.
#[test]
fn empty_object_is_decode_except_deactivate() {
    for config in configs() {
        for c in calls(&config) {
            let r = wa_groups::parse_response(&config, &c, &Response::new(200, "{}"), None);
            if c.operation() == Operation::DeactivateCommunity || (config.provider == Provider::Zapi && c.operation() == Operation::SetWebhook) {
                assert!(r.is_ok());
            } else {
                let e = r.expect_err("decode");
                assert_eq!(e.kind, ErrorKind::Decode, "{} {}", config.provider.name(), c.operation().name());
            }
        }
    }
}
