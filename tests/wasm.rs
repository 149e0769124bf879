//! The wasm exports, compiled for wasm32 and run by wasm-bindgen-test in Node:
//! `cargo test --target wasm32-unknown-unknown --test wasm` (scripts/test.sh sets it up).
//! The JavaScript runtime around them is tested through the packed package (tests/node).
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use wasm_bindgen_test::*;

/// The exports take and return JavaScript values; these tests write them as JSON text
/// (`JSON.parse`d on the way in, `JSON.stringify`d on the way out; "" is `undefined`,
/// text that is not JSON goes in as a string).
mod exports {
    use js_sys::JSON;
    use wasm_bindgen::JsValue;

    fn js(text: &str) -> JsValue {
        if text.is_empty() {
            return JsValue::UNDEFINED;
        }
        JSON::parse(text).unwrap_or_else(|_| JsValue::from_str(text))
    }

    fn text(v: JsValue) -> String {
        JSON::stringify(&v).expect("answers are plain data").as_string().expect("a string")
    }

    pub fn core_validate(config: &str, call: &str) -> String {
        text(wa_groups::wasm::core_validate(js(config), js(call)))
    }

    pub fn core_build_request(config: &str, call: &str, redact: bool) -> String {
        text(wa_groups::wasm::core_build_request(js(config), js(call), redact))
    }

    pub fn core_parse_response(config: &str, call: &str, response: &str, now_ms: f64) -> String {
        text(wa_groups::wasm::core_parse_response(js(config), js(call), js(response), now_ms))
    }

    pub struct Engine(wa_groups::wasm::Engine);

    impl Engine {
        pub fn new() -> Engine {
            Engine(wa_groups::wasm::Engine::new())
        }
        pub fn setup(&mut self, options: &str, fetch_issue: Option<String>) -> String {
            text(self.0.setup(js(options), fetch_issue))
        }
        pub fn prepare(&mut self, op: &str, input: &str, options: &str) -> String {
            text(self.0.prepare(op, js(input), js(options)))
        }
        pub fn finish(&mut self, handle: usize, response: &str, now_ms: f64, random: f64) -> String {
            text(self.0.finish(handle, js(response), now_ms, random))
        }
        pub fn abandon(&mut self, handle: usize, kind: &str, message: &str, reached: bool, random: f64) -> String {
            text(self.0.abandon(handle, kind, message, reached, random))
        }
        pub fn pending(&self) -> usize {
            self.0.pending()
        }
    }
}
use exports::{core_build_request, core_parse_response, core_validate, Engine};

const TOKEN: &str = "TOKEN-7f3a9c1e55";
const CLIENT_TOKEN: &str = "CLIENT-0b8d2e4f66";
const NOW: f64 = 1_795_381_200_000.0;

fn zapi() -> String {
    json!({"provider": "zapi", "instance": "INST1", "token": TOKEN, "clientToken": CLIENT_TOKEN}).to_string()
}

/// An answer of the exports; none may show a secret, except where the caller asked for
/// the request itself (`unredacted`).
fn answer(text: &str) -> Value {
    assert!(!text.contains(TOKEN) && !text.contains(CLIENT_TOKEN), "secret in {text}");
    serde_json::from_str(text).expect("answers are JSON")
}

fn unredacted(text: &str) -> Value {
    let v: Value = serde_json::from_str(text).expect("answers are JSON");
    assert!(v.get("ok").is_some_and(|r| r.get("url").is_some()), "only a built request may show a secret: {text}");
    v
}

/// The kind of a final error (not an `again`: a retry the runtime would schedule).
fn error_kind(text: &str) -> String {
    let v = answer(text);
    assert!(v.get("again").is_none(), "a retry, not a final error: {text}");
    v["error"]["kind"].as_str().unwrap_or_else(|| panic!("not an error: {text}")).to_owned()
}

#[wasm_bindgen_test]
fn validate_lists_every_issue() {
    let v = answer(&core_validate(&zapi(), &json!({"op": "createGroup", "name": "", "participants": ["x", 5]}).to_string()));
    let fields: Vec<&str> = v["ok"].as_array().unwrap().iter().map(|i| i["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "participants[1]", "participants[0]"]);
    let v = answer(&core_validate(&zapi(), &json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"}).to_string()));
    assert_eq!(v["ok"], json!([]));
}

#[wasm_bindgen_test]
fn build_request_in_zapi_form_and_redacted_on_request() {
    let call = json!({"op": "linkGroups", "communityId": "98372465382764532938@g.us", "groupIds": ["1345353454354354@g.us"]}).to_string();
    let v = unredacted(&core_build_request(&zapi(), &call, false));
    assert_eq!(v["ok"]["url"], json!(format!("https://api.z-api.io/instances/INST1/token/{TOKEN}/communities/link")));
    assert_eq!(v["ok"]["headers"]["Client-Token"], json!(CLIENT_TOKEN));
    assert_eq!(v["ok"]["body"], json!(r#"{"communityId":"98372465382764532938","groupsPhones":["1345353454354354-group"]}"#));
    let shown = core_build_request(&zapi(), &call, true);
    assert!(!shown.contains(TOKEN) && !shown.contains(CLIENT_TOKEN), "{shown}");
    assert_eq!(answer(&shown)["ok"]["url"], json!("https://api.z-api.io/instances/INST1/token/***/communities/link"));
    let bad = core_build_request(&zapi(), &json!({"op": "linkGroups", "communityId": "x", "groupIds": []}).to_string(), false);
    assert_eq!(error_kind(&bad), "validation");
    assert_eq!(answer(&bad)["error"]["issues"].as_array().unwrap().len(), 2);
}

#[wasm_bindgen_test]
fn parse_response_maps_answers_and_errors() {
    let call = json!({"op": "getInvitationLink", "groupId": "120363019502650977"}).to_string();
    let good = json!({"status": 200, "body": r#"{"phone":"120363019502650977-group","invitationLink":"https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}"#});
    let v = answer(&core_parse_response(&zapi(), &call, &good.to_string(), NOW));
    assert_eq!(v["ok"], json!({"groupId": "120363019502650977@g.us", "invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}));
    let limited = json!({"status": 429, "headers": {"Retry-After": "7"}, "body": ""});
    let v = answer(&core_parse_response(&zapi(), &call, &limited.to_string(), NOW));
    assert_eq!((v["error"]["kind"].as_str(), v["error"]["retryAfterMs"].as_u64()), (Some("rate_limited"), Some(7000)));
    let echo = json!({"status": 404, "body": format!("Cannot POST /instances/INST1/token/{TOKEN}/x")});
    let text = core_parse_response(&zapi(), &call, &echo.to_string(), NOW);
    assert!(!text.contains(TOKEN), "{text}");
    assert_eq!(error_kind(&text), "not_found");
}

#[wasm_bindgen_test]
fn garbage_never_traps() {
    let inputs = ["", "{", "null", "[]", "\"x\"", "{\"op\":{}}", "{\"status\":\"200\"}", &"[".repeat(10_000), "\u{0}\u{ffff}"];
    for a in inputs {
        for b in inputs {
            let _ = answer(&core_validate(a, b));
            let _ = answer(&core_build_request(a, b, true));
            let _ = serde_json::from_str::<Value>(&core_build_request(a, b, false)).expect("JSON");
            let _ = answer(&core_parse_response(&zapi(), &json!({"op": "getInvitationLink", "groupId": "120363019502650977"}).to_string(), b, f64::NAN));
            let _ = answer(&core_parse_response(a, b, a, -1.0));
        }
    }
    // The instance still works afterwards.
    assert_eq!(answer(&core_validate(&zapi(), &json!({"op": "getInvitationLink", "groupId": "120363019502650977"}).to_string()))["ok"], json!([]));
}

#[wasm_bindgen_test]
fn engine_setup_reports_every_bad_option() {
    let mut e = Engine::new();
    let bad = e.setup(&json!({"provider": "nope", "timeoutMs": -1}).to_string(), Some("must be a function".to_owned()));
    let fields: Vec<String> = answer(&bad)["error"]["issues"].as_array().unwrap().iter().map(|i| i["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["provider", "instance", "token", "timeoutMs", "fetch"]);
    let good = answer(&e.setup(&zapi(), None));
    assert_eq!(good["ok"], json!({"provider": "zapi", "rateLimit": null}), "Z-API documents no limit");
    let ryze = answer(&e.setup(&json!({"provider": "ryze", "instance": "shop", "token": TOKEN}).to_string(), None));
    assert_eq!(ryze["ok"], json!({"provider": "ryze", "rateLimit": {"requests": 100, "intervalMs": 60000}}), "RyzeAPI's documented 100/min");
}

#[wasm_bindgen_test]
fn engine_calls_end_in_finish_or_abandon_and_leave_nothing_behind() {
    let mut e = Engine::new();
    answer(&e.setup(&zapi(), None));
    // Validation: no handle is taken.
    assert_eq!(error_kind(&e.prepare("createGroup", &json!({"name": "", "participants": []}).to_string(), "")), "validation");
    assert_eq!(e.pending(), 0);

    let p = unredacted_prepare(&e.prepare("linkGroups", &json!({"communityId": "120363186053925765", "groupIds": ["1345353454354354-group"]}).to_string(), ""));
    let handle = p["ok"]["handle"].as_u64().unwrap() as usize;
    assert_eq!(p["ok"]["request"]["method"], json!("POST"));
    assert_eq!(p["ok"]["timeoutMs"], json!(30000));
    let q = unredacted_prepare(&e.prepare("getInvitationLink", &json!({"groupId": "120363019502650977"}).to_string(), ""));
    let other = q["ok"]["handle"].as_u64().unwrap() as usize;
    assert_ne!(handle, other);
    assert_eq!(e.pending(), 2);

    let done = answer(&e.finish(handle, &json!({"status": 200, "body": "{\"success\":true}"}).to_string(), NOW, 0.5));
    assert_eq!(done["ok"]["linked"], json!(["1345353454354354@g.us"]));
    // A read that got no answer is tried again (maxRetries defaults to 2); the handle stays.
    let lost: Value = serde_json::from_str(&e.abandon(other, "network", &format!("no response (TypeError: could not reach https://x/token/{TOKEN}/y)"), true, 0.5)).expect("JSON");
    assert!(lost["again"].as_u64().is_some_and(|ms| ms > 0), "{lost}");
    assert_eq!(lost["error"]["kind"], json!("network"));
    assert!(lost["error"]["message"].as_str().unwrap().contains("/token/***/"), "{lost}");
    assert!(!lost.to_string().contains(TOKEN));
    assert_eq!(lost["error"]["operation"], json!("getInvitationLink"));
    assert_eq!(e.pending(), 1);
    // The caller gives up: aborted is final.
    assert_eq!(error_kind(&e.abandon(other, "aborted", "the caller's signal aborted", false, 0.5)), "aborted");
    assert_eq!(e.pending(), 0);
    assert_eq!(error_kind(&e.finish(handle, "{}", NOW, 0.5)), "provider", "a finished handle is gone");
}

#[wasm_bindgen_test]
fn engine_retries_a_link_but_never_a_create_that_may_have_arrived() {
    let mut e = Engine::new();
    answer(&e.setup(&json!({"provider": "zapi", "instance": "3D1A5B7C9E0F", "token": TOKEN, "maxRetries": 1}).to_string(), None));
    let unavailable = json!({"status": 503, "body": "busy"}).to_string();

    let link = unredacted_prepare(&e.prepare("linkGroups", &json!({"communityId": "120363186053925765", "groupIds": ["1345353454354354-group"]}).to_string(), ""));
    let h = link["ok"]["handle"].as_u64().unwrap() as usize;
    let first: Value = serde_json::from_str(&e.finish(h, &unavailable, NOW, 0.0)).expect("JSON");
    assert!(first["again"].as_u64().is_some(), "a 503 on link is retried: {first}");
    assert_eq!(first["error"]["status"], json!(503));
    // maxRetries 1: the second 503 is final.
    assert_eq!(error_kind(&e.finish(h, &unavailable, NOW, 0.0)), "provider");

    let create = unredacted_prepare(&e.prepare("createGroup", &json!({"name": "Turma A", "participants": ["5511999999999"]}).to_string(), ""));
    let h = create["ok"]["handle"].as_u64().unwrap() as usize;
    assert_eq!(error_kind(&e.finish(h, &unavailable, NOW, 0.0)), "provider", "a create that reached the server is not repeated");
    let create = unredacted_prepare(&e.prepare("createGroup", &json!({"name": "Turma A", "participants": ["5511999999999"]}).to_string(), ""));
    let h = create["ok"]["handle"].as_u64().unwrap() as usize;
    let unsent: Value = serde_json::from_str(&e.abandon(h, "network", "connection refused", false, 0.0)).expect("JSON");
    assert!(unsent["again"].as_u64().is_some(), "a create that cannot have arrived is retried: {unsent}");
    assert_eq!(error_kind(&e.abandon(h, "network", "connection refused", false, 0.0)), "network");
    assert_eq!(e.pending(), 0);
}

#[wasm_bindgen_test]
fn zapi_invitation_link_is_retried_with_post_once() {
    let mut e = Engine::new();
    answer(&e.setup(&zapi(), None));
    let p = unredacted_prepare(&e.prepare("getInvitationLink", &json!({"groupId": "120363019502650977@g.us"}).to_string(), ""));
    let handle = p["ok"]["handle"].as_u64().unwrap() as usize;
    // GET since Z-API's docs changed on 2026-02-18; POST for an instance on the older API.
    assert_eq!(p["ok"]["request"]["method"], json!("GET"));
    let refused = json!({"status": 405, "body": ""}).to_string();
    let retry: Value = serde_json::from_str(&e.finish(handle, &refused, NOW, 0.5)).expect("JSON");
    assert_eq!(retry["retry"]["method"], json!("POST"));
    assert_eq!(retry["retry"]["url"], p["ok"]["request"]["url"]);
    // A second 405 is an error, not another retry.
    assert_eq!(error_kind(&e.finish(handle, &refused, NOW, 0.5)), "provider");
    assert_eq!(e.pending(), 0);
}

#[wasm_bindgen_test]
fn unknown_keys_of_input_and_call_options_are_issues_together() {
    let mut e = Engine::new();
    answer(&e.setup(&zapi(), None));
    let v: Value =
        serde_json::from_str(&e.prepare("createGroup", &json!({"name": "x", "participants": ["5511999999999"], "descripton": "y"}).to_string(), r#"{"signal":true,"timeout":true}"#)).expect("JSON");
    let fields: Vec<&str> = v["error"]["issues"].as_array().unwrap().iter().map(|i| i["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["options.timeout", "descripton"]);
    assert_eq!(e.pending(), 0);
}

/// `prepare` answers carry the request to send, secrets included (the runtime sends it).
fn unredacted_prepare(text: &str) -> Value {
    let v: Value = serde_json::from_str(text).expect("answers are JSON");
    assert!(v["ok"]["request"]["url"].is_string(), "{text}");
    v
}

#[wasm_bindgen_test]
fn ryze_link_timeout_stretches_with_the_groups_unless_the_caller_chose_one() {
    let groups: Vec<String> = (0..40u64).map(|i| format!("1203634000000{:05}@g.us", i + 100)).collect();
    let input = json!({"communityId": "120363186053925765@g.us", "groupIds": groups}).to_string();
    let mut e = Engine::new();
    answer(&e.setup(&json!({"provider": "ryze", "instance": "shop", "token": TOKEN}).to_string(), None));
    let p = unredacted_prepare(&e.prepare("linkGroups", &input, ""));
    assert_eq!(p["ok"]["timeoutMs"], json!(50_000), "40 groups at ~1 s each, plus 10 s");
    let mut chosen = Engine::new();
    answer(&chosen.setup(&json!({"provider": "ryze", "instance": "shop", "token": TOKEN, "timeoutMs": 5000}).to_string(), None));
    assert_eq!(unredacted_prepare(&chosen.prepare("linkGroups", &input, ""))["ok"]["timeoutMs"], json!(5000));
}
