//! Error mapping, per provider and status: docs/wire-reference.md P1-RYZE-0 and P1-RYZE-d
//! (RyzeAPI envelope, statuses, rate-limit headers), P1-ZAPI-f (Z-API error answers),
//! the 405/415 sections of every Z-API seed page, and the contract's `WaGroupsError`.
//! Also the Z-API invitation-link follow-up (POST -> GET on 405, P1-ZAPI-h).

mod common;

use common::*;
use serde_json::json;
use wa_groups::http::{Method, Response};
use wa_groups::{Call, Config, Error, ErrorKind, Operation};

/// One call per operation for `config`.
fn calls(config: &Config) -> Vec<Call> {
    vec![
        call(config, json!({"op": "createGroup", "name": "Turma A", "participants": ["5511999999999"]})),
        call(config, json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"})),
        call(config, json!({"op": "linkGroups", "communityId": "120363186053925765", "groupIds": ["1345353454354354-group", "1203634230225498-group"]})),
        call(config, json!({"op": "unlinkGroups", "communityId": "120363186053925765", "groupIds": ["1345353454354354-group"]})),
    ]
}

fn configs() -> [Config; 3] {
    [zapi(), zapi_ct(), ryze()]
}

/// The error for `response` to every operation; checks what every such error carries.
/// A 2xx refusal to link/unlink is not an error but a result with every group failed
/// (the contract: only a non-2xx answer rejects); that is checked here and left out.
fn errors_for(config: &Config, response: &Response, now_ms: Option<u64>) -> Vec<Error> {
    calls(config)
        .iter()
        .filter_map(|c| {
            let e = match wa_groups::parse_response(config, c, response, now_ms) {
                Ok(o) if response.is_success() && matches!(c, Call::LinkGroups { .. } | Call::UnlinkGroups { .. }) => {
                    let v = outcome_json(&o);
                    let done = if matches!(c, Call::LinkGroups { .. }) { "linked" } else { "unlinked" };
                    assert_eq!(v[done], json!([]), "a refusal linked something: {v}");
                    assert!(v["failed"].as_array().is_some_and(|f| !f.is_empty() && f.iter().all(|g| g["reason"].is_string())), "{v}");
                    return None;
                }
                Ok(o) => panic!("{} {}: HTTP {} {:?} gave {}", config.provider.name(), c.operation().name(), response.status, response.body, o.to_json()),
                Err(e) => e,
            };
            assert_eq!(e.status, Some(response.status), "{e:?}");
            assert_eq!(e.provider, Some(config.provider), "{e:?}");
            assert_eq!(e.operation, Some(c.operation()), "{e:?}");
            let body = e.body.as_deref().expect("a response's error keeps its body");
            assert!(body.len() <= 2048);
            assert!(response.body.starts_with(body), "body is not the response's text");
            assert!(e.issues().is_empty());
            Some(e)
        })
        .collect()
}

/// The kind of error `status` + `body` gives for every operation (they must agree).
fn kind_of(config: &Config, status: u16, body: &str) -> &'static str {
    let kinds: Vec<&str> = errors_for(config, &Response::new(status, body), Some(NOW_MS)).iter().map(|e| e.kind.name()).collect();
    assert!(kinds.windows(2).all(|w| w[0] == w[1]), "operations disagree on HTTP {status} {body}: {kinds:?}");
    kinds[0]
}

mod statuses {
    use super::*;

    // Contract "Errors": 401 auth, 403 forbidden (credentials fine, the number may not do
    // this: both gateways document 403 for "not admin"), 404 not_found, 429 rate_limited,
    // other 4xx/5xx provider.
    // Z-API 405 (wrong method) and 415 (no Content-Type) are in every seed page.
    #[test]
    fn bare_statuses_both_providers() {
        for config in configs() {
            for (status, kind) in [
                (400, "provider"),
                (401, "auth"),
                (403, "forbidden"),
                (404, "not_found"),
                (405, "provider"),
                (409, "provider"),
                (415, "provider"),
                (429, "rate_limited"),
                (500, "provider"),
                (501, "provider"),
                (502, "provider"),
                (503, "provider"),
            ] {
                for body in ["", "{}", "Internal error", "<html><body>nope</body></html>"] {
                    assert_eq!(kind_of(&config, status, body), kind, "{} HTTP {status} {body:?}", config.provider.name());
                }
            }
        }
    }

    // No "wait" is known without a header.
    #[test]
    fn bare_429_has_no_retry_after() {
        for config in configs() {
            for e in errors_for(&config, &Response::new(429, ""), Some(NOW_MS)) {
                assert_eq!(e.kind, ErrorKind::RateLimited { retry_after_ms: None });
            }
        }
    }

    // Seed pages: 405 = wrong method, 415 = missing Content-Type; the message says so.
    #[test]
    fn z_api_405_and_415_explain_themselves() {
        for e in errors_for(&zapi(), &Response::new(405, ""), None) {
            assert!(e.message.contains("405") && e.message.contains("method"), "{}", e.message);
        }
        for e in errors_for(&zapi(), &Response::new(415, ""), None) {
            assert!(e.message.contains("415") && e.message.contains("Content-Type"), "{}", e.message);
        }
    }
}

mod zapi_bodies {
    use super::*;

    // P1-ZAPI-f: missing Client-Token answers {"error":"null not allowed"}, a foreign IP
    // "<ip> not allowed"; the status is not documented, so any status (even 200) is auth.
    #[test]
    fn not_allowed_is_auth() {
        for status in [200, 400, 401, 403, 500] {
            for body in [r#"{"error":"null not allowed"}"#, r#"{"error":"189.6.12.34 not allowed"}"#, r#"{"error":"2804:14c:65::1 not allowed"}"#, r#"{"error":"your client-token is not configured"}"#]
            {
                // "not configured" has no "not allowed": only 401/403 make it auth.
                if body.contains("configured") && !matches!(status, 401 | 403) {
                    continue;
                }
                assert_eq!(kind_of(&zapi(), status, body), "auth", "HTTP {status} {body}");
            }
        }
    }

    // 405 "Method Not Allowed" is a wrong method, not a credentials problem.
    #[test]
    fn method_not_allowed_is_provider() {
        for body in
            ["Method Not Allowed", r#"{"error":"Method Not Allowed"}"#, r#"{"message":"Method Not Allowed"}"#, r#"{"error":"Method Not Allowed","message":"Request method 'GET' not supported"}"#]
        {
            assert_eq!(kind_of(&zapi(), 405, body), "provider", "{body}");
            assert_eq!(kind_of(&ryze(), 405, body), "provider", "{body}");
        }
    }

    // P1-ZAPI-f (INFERRED): GET /status's "You are not connected." / "You need to restore
    // the session." on a group call means the instance is disconnected.
    #[test]
    fn not_connected_is_disconnected() {
        for status in [200, 400, 500, 503] {
            for body in [r#"{"error":"You are not connected."}"#, r#"{"error":"You need to restore the session."}"#] {
                assert_eq!(kind_of(&zapi(), status, body), "disconnected", "HTTP {status} {body}");
            }
        }
    }

    // The provider's words reach the message: `error`, then `message` when both differ.
    #[test]
    fn message_carries_the_provider_text() {
        let e = &errors_for(&zapi(), &Response::new(400, r#"{"error":"invalid data","message":"groupsPhones must not be empty"}"#), None)[0];
        assert_eq!(e.kind.name(), "provider");
        assert!(e.message.starts_with("Z-API refused the request (HTTP 400)"), "{}", e.message);
        assert!(e.message.contains("invalid data") && e.message.contains("groupsPhones must not be empty"), "{}", e.message);
    }
}

mod ryze_bodies {
    use super::*;

    fn envelope(message: &str) -> String {
        json!({"success": false, "error": {"message": message}}).to_string()
    }

    // P1-RYZE-0 / P1-RYZE-d: literal messages with their statuses.
    #[test]
    fn documented_messages() {
        for (status, message, kind) in [
            (400, "community jid is required", "provider"),
            (400, "group jid is required", "provider"),
            (400, "Identifier is required", "provider"),
            (400, "Instance is not connected to WhatsApp", "disconnected"),
            (503, "Instance is not connected to WhatsApp", "disconnected"),
            (503, "RyzeIntegrations bridge not configured", "provider"),
            (401, "Missing token in header", "auth"),
            (401, "Invalid instance token", "auth"),
            (401, "Invalid token", "auth"),
            (401, "Unauthenticated", "auth"),
            (403, "Instance token does not match this instance", "auth"),
            (403, "Not authorized to reset group invite link (must be admin)", "forbidden"),
            (403, "Not authorized to view group requests (must be admin)", "forbidden"),
            (403, "Not allowed to leave this group", "forbidden"),
            (404, "Group not found or you are not a member of this group", "not_found"),
            (404, "Instance not found", "auth"),
            (409, "Instance name already exists", "provider"),
            (429, "Rate limit exceeded. Try again later.", "rate_limited"),
            (500, "error parse community jid: invalid server", "provider"),
            (501, "operation not supported", "provider"),
        ] {
            let body = envelope(message);
            assert_eq!(kind_of(&ryze(), status, &body), kind, "HTTP {status} {message}");
            for e in errors_for(&ryze(), &Response::new(status, &body), Some(NOW_MS)) {
                assert_eq!(e.body.as_deref(), Some(body.as_str()));
                assert!(e.message.starts_with("RyzeAPI refused the request (HTTP "), "{}", e.message);
                assert!(e.message.contains(message), "{} lacks {message}", e.message);
            }
        }
    }

    // A 200 carrying the error envelope is a refusal for create and info (for link and
    // unlink it is a result with every group failed: see golden_ryze).
    #[test]
    fn envelope_with_200_for_create_and_info() {
        let cs = calls(&ryze());
        for c in &cs[..2] {
            let e = parse_err(&ryze(), c, 200, &envelope("Instance is not connected to WhatsApp"));
            assert_eq!((e.kind.name(), e.status), ("disconnected", Some(200)));
            let e = parse_err(&ryze(), c, 200, &envelope("group jid is required"));
            assert_eq!((e.kind.name(), e.status), ("provider", Some(200)));
            assert!(e.message.contains("group jid is required"), "{}", e.message);
        }
    }
}

mod rate_limits {
    use super::*;

    fn retry(config: &Config, response: Response, now_ms: Option<u64>) -> Option<u64> {
        let errs = errors_for(config, &response, now_ms);
        let waits: Vec<Option<u64>> = errs
            .iter()
            .map(|e| match e.kind {
                ErrorKind::RateLimited { retry_after_ms } => retry_after_ms,
                ref k => panic!("not rate_limited: {}", k.name()),
            })
            .collect();
        assert!(waits.windows(2).all(|w| w[0] == w[1]));
        waits[0]
    }

    const LIMITED: &str = r#"{"success": false, "error": {"message": "Rate limit exceeded. Try again later."}}"#;

    // P1-RYZE-0 (e): X-RateLimit-Reset is a Unix time in seconds; no Retry-After is documented.
    #[test]
    fn ryze_reset_header() {
        let reset = (NOW_MS / 1000 + 42).to_string();
        let resp = Response::new(429, LIMITED).with_header("X-RateLimit-Limit", "100").with_header("X-RateLimit-Remaining", "0").with_header("X-RateLimit-Reset", &reset);
        assert_eq!(retry(&ryze(), resp.clone(), Some(NOW_MS)), Some(42_000));
        // Header names are case-insensitive.
        let resp2 = Response::new(429, LIMITED).with_header("x-ratelimit-reset", &reset);
        assert_eq!(retry(&ryze(), resp2, Some(NOW_MS)), Some(42_000));
        // Without a clock an absolute time cannot become a wait.
        assert_eq!(retry(&ryze(), resp, None), None);
        // A reset already past means "now".
        let past = Response::new(429, LIMITED).with_header("X-RateLimit-Reset", &(NOW_MS / 1000 - 5).to_string());
        assert_eq!(retry(&ryze(), past, Some(NOW_MS)), Some(0));
    }

    // Retry-After, in seconds or as an HTTP date, for either provider; it wins over the reset.
    #[test]
    fn retry_after_header() {
        for config in configs() {
            let r = Response::new(429, "").with_header("Retry-After", "120");
            assert_eq!(retry(&config, r.clone(), None), Some(120_000));
            assert_eq!(retry(&config, r, Some(NOW_MS)), Some(120_000));
            let r = Response::new(429, "").with_header("retry-after", "Sun, 22 Nov 2026 21:00:30 GMT");
            assert_eq!(retry(&config, r.clone(), Some(NOW_MS)), Some(30_000));
            assert_eq!(retry(&config, r, None), None);
            let r = Response::new(429, LIMITED).with_header("Retry-After", "7").with_header("X-RateLimit-Reset", &(NOW_MS / 1000 + 42).to_string());
            assert_eq!(retry(&config, r, Some(NOW_MS)), Some(7_000));
            let r = Response::new(429, "").with_header("Retry-After", "soon");
            assert_eq!(retry(&config, r, Some(NOW_MS)), None);
        }
    }

    // The wait also reaches details_json as `retryAfterMs`.
    #[test]
    fn details_json_of_rate_limit() {
        let reset = (NOW_MS / 1000 + 42).to_string();
        let c = call(&ryze(), json!({"op": "linkGroups", "communityId": "120363406289005073@g.us", "groupIds": ["120363406289005074@g.us"]}));
        let e = wa_groups::parse_response(&ryze(), &c, &Response::new(429, LIMITED).with_header("X-RateLimit-Reset", &reset), Some(NOW_MS)).expect_err("429");
        let details: serde_json::Value = serde_json::from_str(&e.details_json()).expect("JSON");
        assert_eq!(details, json!({"kind": "rate_limited", "provider": "ryze", "operation": "linkGroups", "status": 429, "retryAfterMs": 42000, "body": LIMITED}));
        assert_eq!(e.message, "RyzeAPI refused the request (HTTP 429): Rate limit exceeded. Try again later.");
    }
}

mod decode {
    use super::*;

    // Contract: "decode" = a response arrived that is not what the provider documents.
    #[test]
    fn non_json_2xx_bodies() {
        for config in configs() {
            for body in [
                "",
                "   \n",
                "<!DOCTYPE html><html><head><title>Z-API</title></head><body>Hello</body></html>",
                r#"{"phone":"120363019502650977-group","invitationLink":"https://chat.wha"#,
                r#"{"success": true, "linked": ["120363406289005074@g.us""#,
                "OK",
            ] {
                for status in [200, 201] {
                    assert_eq!(kind_of(&config, status, body), "decode", "{} {status} {body:?}", config.provider.name());
                }
            }
        }
    }

    // JSON, but not an object.
    #[test]
    fn non_object_json_2xx_bodies() {
        for config in configs() {
            for body in ["null", "true", "42", r#""ok""#, "[]", r#"[{"success": true}]"#] {
                assert_eq!(kind_of(&config, 200, body), "decode", "{} {body}", config.provider.name());
            }
        }
    }

    // An object that lacks what the operation needs, and says nothing about why.
    #[test]
    fn objects_without_the_documented_fields() {
        for config in configs() {
            let cs = calls(&config);
            for c in &cs {
                let e = parse_err(&config, c, 200, "{}");
                assert_eq!(e.kind.name(), "decode", "{} {}", config.provider.name(), c.operation().name());
                assert_eq!(e.body.as_deref(), Some("{}"));
            }
        }
        let cs = calls(&zapi());
        assert_eq!(parse_err(&zapi(), &cs[0], 200, r#"{"phone": "not a group", "invitationLink": "https://chat.whatsapp.com/x"}"#).kind.name(), "decode");
        assert_eq!(parse_err(&zapi(), &cs[2], 200, r#"{"success": "true"}"#).kind.name(), "decode");
        let cs = calls(&ryze());
        assert_eq!(parse_err(&ryze(), &cs[0], 200, r#"{"success": true, "group": {"jid": "5511999999999@s.whatsapp.net"}}"#).kind.name(), "decode");
    }
}

mod bodies {
    use super::*;

    // A gateway's HTML error page (nginx 502) is a provider error that keeps the page.
    #[test]
    fn html_502_keeps_its_body() {
        let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        for config in configs() {
            for e in errors_for(&config, &Response::new(502, page), None) {
                assert_eq!(e.kind.name(), "provider");
                assert_eq!(e.body.as_deref(), Some(page));
                assert!(e.message.contains("502"), "{}", e.message);
            }
        }
    }

    // Contract: `body` is at most 2 KiB, cut on a character boundary.
    #[test]
    fn body_is_cut_at_2_kib() {
        for config in configs() {
            for filler in ["a", "é", "€", "😀"] {
                let big = [r#"{"error": ""#, &filler.repeat(5000), r#""}"#].concat();
                for status in [200, 400, 500] {
                    for e in errors_for(&config, &Response::new(status, &big), None) {
                        let body = e.body.expect("body");
                        assert!(body.len() <= 2048 && body.len() > 2048 - 4, "{} bytes", body.len());
                        assert!(big.starts_with(&body));
                        assert!(e.message.len() < 700, "the message is not the whole body: {} bytes", e.message.len());
                    }
                }
                // A non-JSON 2xx is cut the same way.
                let html = filler.repeat(9000);
                for e in errors_for(&config, &Response::new(200, &html), None) {
                    assert_eq!(e.kind.name(), "decode");
                    assert!(e.body.as_ref().is_some_and(|b| b.len() <= 2048 && html.starts_with(b.as_str())));
                }
            }
        }
    }
}

mod details {
    use super::*;

    // WaGroupsError's properties other than `message`: absent ones are left out, not null.
    #[test]
    fn details_json_shape_for_a_response_error() {
        let c = call(&zapi(), json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"}));
        let e = parse_err(&zapi(), &c, 404, r#"{"error":"group not found"}"#);
        let details: serde_json::Value = serde_json::from_str(&e.details_json()).expect("JSON");
        assert_eq!(details, json!({"kind": "not_found", "provider": "zapi", "operation": "getInvitationLink", "status": 404, "body": r#"{"error":"group not found"}"#}));
        assert_eq!(e.to_string(), e.message);
        assert_eq!(e.message, "Z-API refused the request (HTTP 404): group not found");
    }

    // Validation: every issue, each naming its field; no status, no body.
    #[test]
    fn details_json_shape_for_validation() {
        let config = wa(&json!({"provider": "zapi", "instance": ZAPI_INSTANCE, "token": ZAPI_TOKEN}));
        let bad = wa(&json!({"op": "createGroup", "name": "", "participants": ["abc", "5511999999999", "+55 11 99999-9999"], "autoInvite": "yes"}));
        let e = wa_groups::validate(&config, &bad).expect_err("invalid");
        let details: serde_json::Value = serde_json::from_str(&e.details_json()).expect("JSON");
        assert_eq!(details["kind"], "validation");
        assert_eq!(details["provider"], "zapi");
        assert_eq!(details["operation"], "createGroup");
        let obj = details.as_object().expect("object");
        assert!(!obj.contains_key("status") && !obj.contains_key("body") && !obj.contains_key("retryAfterMs"), "{details}");
        let fields: Vec<&str> = details["issues"].as_array().expect("issues").iter().map(|i| i["field"].as_str().expect("field")).collect();
        assert_eq!(fields, ["name", "participants[0]", "participants[2]", "autoInvite"]);
        for i in details["issues"].as_array().expect("issues") {
            assert_eq!(i.as_object().map(|o| o.len()), Some(2));
            assert!(i["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
        for issue in e.issues() {
            assert!(e.message.contains(&issue.field), "message lists every issue: {}", e.message);
        }
    }

    // Both config and call problems come back together; an unreadable op leaves
    // `operation` out.
    #[test]
    fn validation_reports_config_and_call_together() {
        let e =
            wa_groups::validate(&wa(&json!({"provider": "zapi", "instance": "", "token": ZAPI_TOKEN})), &wa(&json!({"op": "linkGroups", "communityId": "x", "groupIds": []}))).expect_err("invalid");
        let fields: Vec<&str> = e.issues().iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["instance", "communityId", "groupIds"]);
        assert_eq!(e.operation, Some(Operation::LinkGroups));
        let e = wa_groups::validate(&wa(&json!({"provider": "ryze", "instance": "i", "token": "t0k3n-abc"})), &wa(&json!({"op": "nope"}))).expect_err("invalid");
        let details: serde_json::Value = serde_json::from_str(&e.details_json()).expect("JSON");
        assert_eq!(details["provider"], "ryze");
        assert!(details.get("operation").is_none(), "{details}");
    }

    // No response at all: network, timeout, aborted, with provider and operation.
    #[test]
    fn transport_errors() {
        for kind in [ErrorKind::Network, ErrorKind::Timeout, ErrorKind::Aborted] {
            let e = wa_groups::transport_error(&ryze(), Some(Operation::CreateGroup), kind.clone(), "fetch failed");
            let details: serde_json::Value = serde_json::from_str(&e.details_json()).expect("JSON");
            assert_eq!(details, json!({"kind": kind.name(), "provider": "ryze", "operation": "createGroup"}));
            assert_eq!(e.message, "fetch failed");
        }
    }
}

mod follow_up {
    use super::*;

    fn invitation(config: &Config) -> Call {
        call(config, json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"}))
    }

    // P1-ZAPI-h: the seed documents POST; Z-API's docs say GET since 2026-02-18 (both
    // languages). GET is sent; a 405 to it is retried once with POST at the same URL, with
    // the same headers, for instances still on the older API.
    #[test]
    fn z_api_invitation_link_405_retries_with_post() {
        for config in [zapi(), zapi_ct()] {
            let c = invitation(&config);
            let sent = wa_groups::build_request(&config, &c);
            assert_eq!(sent.method, Method::Get);
            for body in ["", r#"{"error":"Method Not Allowed"}"#] {
                let again = wa_groups::follow_up(&config, &c, &sent, &Response::new(405, body)).expect("a POST follows a 405");
                assert_eq!(again.method, Method::Post);
                assert_eq!(again.url, sent.url);
                assert_eq!(again.headers, sent.headers);
                assert_eq!(again.body, None);
                // At most one: a 405 to the POST is final.
                assert_eq!(wa_groups::follow_up(&config, &c, &again, &Response::new(405, body)), None);
                // And the GET's answer parses as usual.
                let got = parse_ok(&config, &c, 200, r#"{"phone":"120363019502650977-group","invitationLink":"https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}"#);
                assert_eq!(got["invitationLink"], "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd");
            }
        }
    }

    #[test]
    fn nothing_follows_other_statuses() {
        let c = invitation(&zapi());
        let sent = wa_groups::build_request(&zapi(), &c);
        for status in [200, 400, 401, 403, 404, 415, 429, 500, 501, 503] {
            assert_eq!(wa_groups::follow_up(&zapi(), &c, &sent, &Response::new(status, "")), None, "{status}");
        }
    }

    #[test]
    fn nothing_follows_other_operations() {
        for c in calls(&zapi()).iter().filter(|c| c.operation() != Operation::GetInvitationLink) {
            let sent = wa_groups::build_request(&zapi(), c);
            assert_eq!(wa_groups::follow_up(&zapi(), c, &sent, &Response::new(405, "")), None, "{}", c.operation().name());
        }
    }

    #[test]
    fn nothing_follows_for_ryze() {
        for c in calls(&ryze()) {
            let sent = wa_groups::build_request(&ryze(), &c);
            for status in [405, 404, 415] {
                assert_eq!(wa_groups::follow_up(&ryze(), &c, &sent, &Response::new(status, "")), None);
            }
        }
    }

    // The 405 itself, if nothing follows, is a provider error (not auth).
    #[test]
    fn the_405_itself_is_a_provider_error() {
        let c = invitation(&zapi());
        let e = parse_err(&zapi(), &c, 405, r#"{"error":"Method Not Allowed"}"#);
        assert_eq!((e.kind.name(), e.status), ("provider", Some(405)));
    }
}

// --- Answers that carry the instance's state rather than a per-group result ---------

#[test]
fn a_200_saying_disconnected_rejects_except_on_link_and_unlink() {
    // Z-API documents "You are not connected." as the `error` of a 200 (GET /status);
    // RyzeAPI's envelope can come with 200. The contract has every 200 to link/unlink
    // resolve, so there each group fails with that reason; other calls reject.
    let z = zapi();
    let link = call(&z, json!({"op": "linkGroups", "communityId": "120363186053925765", "groupIds": ["120363019502650977"]}));
    for (body, reason) in [
        (r#"{"error":"You are not connected."}"#, "You are not connected."),
        (r#"{"success":false,"error":"You need to restore the session."}"#, "You need to restore the session."),
        ("You are not connected.", "You are not connected."),
        (r#""null not allowed""#, "null not allowed"),
    ] {
        let out = parse_ok(&z, &link, 200, body);
        assert_eq!(out["linked"], json!([]), "{body}");
        assert_eq!(out["failed"][0]["reason"], json!(reason), "{body}: {out}");
    }
    let get = call(&z, json!({"op": "getInvitationLink", "groupId": "120363019502650977"}));
    assert_eq!(parse_err(&z, &get, 200, r#"{"error":"You are not connected."}"#).kind.name(), "disconnected");
    let r = ryze();
    let unlink = call(&r, json!({"op": "unlinkGroups", "communityId": "120363186053925765", "groupIds": ["120363019502650977"]}));
    let out = parse_ok(&r, &unlink, 200, r#"{"success":false,"error":{"message":"Instance is not connected to WhatsApp"}}"#);
    assert_eq!(out["failed"][0]["reason"], json!("Instance is not connected to WhatsApp"));
    let create = call(&r, json!({"op": "createGroup", "name": "x", "participants": ["5511999999999"]}));
    let e = parse_err(&r, &create, 200, r#"{"success":false,"error":{"message":"Instance is not connected to WhatsApp"}}"#);
    assert_eq!((e.kind.name(), e.status), ("disconnected", Some(200)));
}

#[test]
fn zapi_not_allowed_as_plain_text_or_json_string_is_auth() {
    let z = zapi();
    let c = call(&z, json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"}));
    for (status, body) in [(403, "10.1.2.3 not allowed"), (400, r#""null not allowed""#), (200, "10.1.2.3 not allowed")] {
        let e = parse_err(&z, &c, status, body);
        assert_eq!(e.kind.name(), "auth", "HTTP {status} {body}");
        assert!(e.message.contains("not allowed"), "{}", e.message);
    }
    // An HTML error page is not a message, whatever it says.
    assert_eq!(parse_err(&z, &c, 400, "<html><body>not allowed</body></html>").kind.name(), "provider");
}

#[test]
fn not_allowed_is_zapi_wording_and_an_explicit_401_is_auth() {
    let r = ryze();
    let c = call(&r, json!({"op": "linkGroups", "communityId": "120363186053925765", "groupIds": ["120363019502650977"]}));
    let e = parse_err(&r, &c, 500, r#"{"success":false,"error":{"message":"error parse community jid: not allowed"}}"#);
    assert_eq!(e.kind.name(), "provider");
    let e = parse_err(&r, &c, 401, r#"{"success":false,"error":{"message":"Instance disconnected"}}"#);
    assert_eq!(e.kind.name(), "auth");
}
