//! Contract "Errors": no message, property, toString() or log line ever contains `token`
//! or `clientToken` (Z-API puts the token in the URL path). Responses here echo the
//! credentials the way real servers do: raw, percent-encoded in a path (Express's
//! "Cannot POST /…"), inside JSON errors, and straddling the 2 KiB body cut.

mod common;

use common::*;
use serde_json::json;
use wa_groups::http::Response;
use wa_groups::text::percent_encode;
use wa_groups::{Call, Config, Operation};

/// Credentials with URL-structural characters, so that raw and encoded forms differ.
const ODD_TOKEN: &str = "Zt0k/5ecr3t+=~!K";
const ODD_CLIENT_TOKEN: &str = "Cl1ent\"5ecr3t<&>Q";

fn zapi_odd() -> Config {
    config(json!({"provider": "zapi", "instance": ZAPI_INSTANCE, "token": ODD_TOKEN, "clientToken": ODD_CLIENT_TOKEN}))
}

fn ryze_odd() -> Config {
    config(json!({"provider": "ryze", "instance": RYZE_INSTANCE, "token": ODD_TOKEN}))
}

fn all_configs() -> Vec<Config> {
    vec![zapi(), zapi_ct(), zapi_odd(), ryze(), ryze_odd()]
}

fn calls(config: &Config) -> Vec<Call> {
    vec![
        call(config, json!({"op": "createGroup", "name": "Turma A", "participants": ["5511999999999"]})),
        call(config, json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"})),
        call(config, json!({"op": "linkGroups", "communityId": "120363186053925765", "groupIds": ["1345353454354354-group"]})),
        call(config, json!({"op": "unlinkGroups", "communityId": "120363186053925765", "groupIds": ["1345353454354354-group"]})),
    ]
}

/// Bodies that echo the credentials of `config` for `call`.
fn echoing_bodies(config: &Config, c: &Call) -> Vec<String> {
    let request = wa_groups::build_request(config, c);
    let path = request.url.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned())).expect("path");
    let mut bodies = vec![
        // Express's default 404 page echoes the path as sent (token percent-encoded).
        [
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ",
            request.method.as_str(),
            " ",
            &path,
            "</pre>\n</body>\n</html>\n",
        ]
        .concat(),
        ["Cannot ", request.method.as_str(), " ", &path].concat(),
        ["GET ", &request.url, " 404"].concat(),
    ];
    for s in config.secrets() {
        let enc = percent_encode(s);
        bodies.push(json!({"error": format!("Invalid token {s}")}).to_string());
        bodies.push(json!({"error": "not allowed", "message": format!("token {enc} not allowed")}).to_string());
        bodies.push(json!({"success": false, "error": {"message": format!("Invalid instance token: {s}")}}).to_string());
        bodies.push(json!({"success": false, "message": format!("Unauthenticated ({s})")}).to_string());
        bodies.push(json!({"phone": s, "invitationLink": s, "path": path}).to_string());
        bodies.push(format!("{s}{enc}{s}"));
        // As PHP's json_encode (`\/`) and Go's encoding/json (`\u003c`, `\u003e`, `\u0026`) escape it.
        let plain = json!({"error": format!("Invalid token {s}"), "phonesNotAdded": [s]}).to_string();
        bodies.push(plain.replace('/', "\\/"));
        bodies.push(plain.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026"));
        bodies.push(plain.replace('/', "\\/").replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026"));
        // The secret straddling the 2 KiB cut, raw and encoded, in JSON and in plain text.
        for form in [s.to_owned(), enc.clone()] {
            for k in 1..form.len() {
                let filler = "x".repeat(2048 - k);
                bodies.push([filler.as_str(), &form, " trailing text"].concat());
                let filler = "y".repeat(2048 - k - r#"{"error":""#.len());
                bodies.push([r#"{"error":""#, &filler, &form, r#" is not allowed"}"#].concat());
            }
        }
        // A long message: the 500-byte cut of the message must not leave a prefix either.
        for k in 1..s.len() {
            let filler = "z".repeat(500 - k);
            bodies.push(json!({"error": format!("{filler}{s} was rejected")}).to_string());
        }
    }
    bodies
}

const STATUSES: [u16; 8] = [200, 201, 400, 401, 404, 405, 429, 502];

#[test]
fn errors_never_show_a_secret() {
    let mut checked = 0;
    for config in all_configs() {
        for c in calls(&config) {
            for body in echoing_bodies(&config, &c) {
                for status in STATUSES {
                    let resp = Response::new(status, body.as_str()).with_header("Retry-After", "3");
                    match wa_groups::parse_response(&config, &c, &resp, Some(NOW_MS)) {
                        Err(e) => {
                            assert_error_clean(&config, &e);
                            checked += 1;
                        }
                        Ok(o) => {
                            let v = outcome_json(&o);
                            assert_clean(&config, "result", &v.to_string());
                            match c.operation() {
                                Operation::LinkGroups => {
                                    assert_partition(&v, "linked", &["1345353454354354@g.us"]);
                                }
                                Operation::UnlinkGroups => {
                                    assert_partition(&v, "unlinked", &["1345353454354354@g.us"]);
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 5_000, "only {checked} errors checked");
}

// Results too: an echo inside fields the result keeps as given (a `phonesNotAdded` entry,
// a failure reason) must not carry a secret out.
#[test]
fn results_never_show_a_secret() {
    for config in [zapi_ct(), zapi_odd()] {
        let c = &calls(&config)[0];
        let body = json!({"phone": "120363019502650977-group", "invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd", "phonesNotAdded": config.secrets()}).to_string();
        let got = parse_ok(&config, c, 200, &body);
        assert_clean(&config, "result", &got.to_string());
        assert_eq!(got["notAdded"].as_array().map(Vec::len), Some(config.secrets().len()), "entries are kept, redacted");
        let c = &calls(&config)[2];
        let body = json!({"success": true, "failed": [{"phone": "1345353454354354-group", "error": format!("token {} refused", config.secrets()[0])}]}).to_string();
        let got = assert_partition(&parse_ok(&config, c, 200, &body), "linked", &["1345353454354354@g.us"]);
        assert_clean(&config, "result", &got.to_string());
    }
    for config in [ryze(), ryze_odd()] {
        let c = &calls(&config)[2];
        let body = json!({"success": false, "error": {"message": format!("Invalid instance token {}", config.token)}}).to_string();
        let got = assert_partition(&parse_ok(&config, c, 200, &body), "linked", &["1345353454354354@g.us"]);
        assert_clean(&config, "result", &got.to_string());
        assert!(got["failed"][0]["reason"].as_str().is_some_and(|r| r.contains("***")), "{got}");
    }
}

// Validation issues never echo a credential, whether or not the config was readable.
#[test]
fn validation_never_shows_a_secret() {
    for (config_json, call_json) in [
        (json!({"provider": "zapi", "instance": ZAPI_INSTANCE, "token": ZAPI_TOKEN, "clientToken": ZAPI_CLIENT_TOKEN}), json!({"op": "getInvitationLink", "groupId": ZAPI_TOKEN})),
        (
            json!({"provider": "zapi", "instance": ZAPI_INSTANCE, "token": ZAPI_TOKEN, "clientToken": ZAPI_CLIENT_TOKEN}),
            json!({"op": "createGroup", "name": ZAPI_CLIENT_TOKEN.repeat(10), "participants": [ZAPI_TOKEN, ZAPI_CLIENT_TOKEN]}),
        ),
        (
            json!({"provider": "zapi", "instance": "", "token": ZAPI_TOKEN, "clientToken": ZAPI_CLIENT_TOKEN, "baseUrl": (["ftp://", ZAPI_TOKEN].concat())}),
            json!({"op": "linkGroups", "communityId": ZAPI_TOKEN, "groupIds": [ZAPI_CLIENT_TOKEN]}),
        ),
        (json!({"provider": "ryze", "instance": ZAPI_TOKEN, "token": ZAPI_TOKEN, "clientToken": ZAPI_CLIENT_TOKEN}), json!({"op": ZAPI_TOKEN})),
        (
            json!({"provider": ZAPI_TOKEN, "instance": "i", "token": ([ZAPI_TOKEN, " "].concat()), "clientToken": ZAPI_CLIENT_TOKEN}),
            json!({"op": "unlinkGroups", "communityId": "1", "groupIds": [ZAPI_TOKEN]}),
        ),
    ] {
        let e = wa_groups::validate(&wa(&config_json), &wa(&call_json)).expect_err("invalid input");
        assert!(!e.issues().is_empty());
        assert_error_clean(&zapi_ct(), &e);
    }
}

// A transport error's text (which may quote the URL) is redacted too.
#[test]
fn transport_errors_never_show_a_secret() {
    for config in all_configs() {
        for c in calls(&config) {
            let url = wa_groups::build_request(&config, &c).url;
            let msg = format!("TypeError: fetch failed for {url} (token {}, Client-Token {})", config.token, config.client_token.as_deref().unwrap_or("-"));
            let e = wa_groups::transport_error(&config, Some(c.operation()), wa_groups::ErrorKind::Network, &msg);
            assert_error_clean(&config, &e);
            assert!(e.message.contains("***"), "{}", e.message);
        }
    }
}

// Requests and configs: Debug never prints credentials; `redacted` is safe to show.
#[test]
fn requests_and_configs_print_no_secret() {
    for config in all_configs() {
        assert_clean(&config, "Config Debug", &format!("{config:?}"));
        for c in calls(&config) {
            let r = wa_groups::build_request(&config, &c);
            assert_clean(&config, "Request Debug", &format!("{r:?}"));
            assert_clean(&config, "Call Debug", &format!("{c:?}"));
            let shown = r.redacted(&config.redactor);
            assert_clean(&config, "redacted URL", &shown.url);
            assert_clean(&config, "redacted request", &shown.to_json());
            assert_eq!(shown.method, r.method);
        }
    }
}

// The redaction itself, on the forms servers echo: raw, percent-encoded, and escaped in
// a JSON string by PHP (`\/`) or Go (`\u003c`, `\u003e`, `\u0026`).
#[test]
fn redaction_covers_echoed_forms() {
    let secret = "ab/cd<e>&\"f\\g+";
    for text in
        ["ab/cd<e>&\"f\\g+".to_owned(), percent_encode(secret), r#"ab\/cd<e>&\"f\\g+"#.to_owned(), r#"ab/cd\u003ce\u003e\u0026\"f\\g+"#.to_owned(), r#"ab\/cd\u003ce\u003e\u0026\"f\\g+"#.to_owned()]
    {
        let shown = wa_groups::text::redact(&["before ", &text, " after"].concat(), &[secret]);
        assert_eq!(shown, "before *** after", "{text}");
    }
}

/// Every character of the secret written as a JSON `\uXXXX` escape, as some serialisers
/// (Gson writes `=` and `'` that way) and hostile servers do.
fn unicode_escaped(secret: &str) -> String {
    secret.chars().map(|c| format!("\\u{:04x}", c as u32)).collect()
}

#[test]
fn secrets_in_any_json_escape_are_redacted() {
    for config in all_configs() {
        for secret in config.secrets() {
            let gson = secret.replace('=', "\\u003d").replace('\'', "\\u0027");
            for form in [unicode_escaped(secret), gson] {
                for c in calls(&config) {
                    for (status, body) in [
                        (404, format!(r#"{{"error":"Cannot POST /token/{form}/x"}}"#)),
                        (500, format!(r#"{{"success":false,"error":{{"message":"bad {form}"}}}}"#)),
                        (200, format!(r#"{{"error":"{form} not allowed","success":false,"failed":[{{"jid":"1345353454354354@g.us","reason":"{form}"}}]}}"#)),
                    ] {
                        match parse(&config, &c, status, &body) {
                            Err(e) => assert_error_clean(&config, &e),
                            Ok(o) => assert_clean(&config, "result", &o.to_json()),
                        }
                    }
                }
            }
        }
    }
}

/// A transport failure's description is redacted before it is cut, so a cut through the
/// middle of a secret leaves nothing of it.
#[test]
fn transport_messages_are_redacted_before_they_are_cut() {
    for config in all_configs() {
        for secret in config.secrets() {
            for pad in 0..700 {
                let text = ["x".repeat(pad), "https://h/token/".to_owned(), secret.to_owned(), "/y".to_owned()].concat();
                let e = wa_groups::transport_error(&config, Some(Operation::GetInvitationLink), wa_groups::ErrorKind::Network, &text);
                assert_error_clean(&config, &e);
            }
        }
    }
}
