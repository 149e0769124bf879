//! The synchronous wasm exports, compiled for wasm32 and run by wasm-bindgen-test in Node
//! (the `Client`'s state machine is tested on the host, tests/exchange.rs; the client
//! itself through the packed package, tests/node):
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

    /// `{"ok": value}` or `{"error": thrown}`, as JSON text.
    fn text(answer: Result<JsValue, JsValue>) -> String {
        let (key, v) = match answer {
            Ok(v) => ("ok", v),
            Err(e) => ("error", e),
        };
        let v = JSON::stringify(&v).expect("answers are plain data").as_string().expect("a string");
        ["{\"", key, "\":", &v, "}"].concat()
    }

    pub fn core_validate(config: &str, call: &str) -> String {
        text(wa_groups::wasm::core_validate(js(config), js(call)))
    }

    pub fn core_build_request(config: &str, call: &str, redact: bool) -> String {
        text(wa_groups::wasm::core_build_request(js(config), js(call), js(if redact { r#"{"redact":true}"# } else { "" })))
    }

    pub fn core_parse_response(config: &str, call: &str, response: &str, now_ms: f64) -> String {
        text(wa_groups::wasm::core_parse_response(js(config), js(call), js(response), now_ms))
    }

    pub fn core_job_plan(config: &str, body: &str, format: &str, options: &str) -> String {
        text(wa_groups::wasm::core_job_plan(js(config), js(body), js(format), js(options)))
    }

    pub fn core_job_resolve(call: &str, results: &str) -> String {
        text(wa_groups::wasm::core_job_resolve(js(call), js(results)))
    }

    pub fn core_pace_reserve(state: &str, rate: &str, now_ms: f64) -> String {
        text(wa_groups::wasm::core_pace_reserve(js(state), js(rate), now_ms))
    }

    pub fn core_pace_observe(state: &str, response: &str, now_ms: f64) -> String {
        text(wa_groups::wasm::core_pace_observe(js(state), js(response), now_ms))
    }
}
use exports::{core_build_request, core_job_plan, core_job_resolve, core_pace_observe, core_pace_reserve, core_parse_response, core_validate};

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
            let _ = answer(&core_job_plan(&zapi(), a, b, a));
            let _ = answer(&core_job_plan(&zapi(), b, "\"csv\"", ""));
            let _ = answer(&core_job_resolve(a, b));
            let _ = answer(&core_pace_reserve(a, b, f64::NAN));
            let _ = answer(&core_pace_observe(a, b, 1.0));
        }
    }
    // The instance still works afterwards.
    assert_eq!(answer(&core_validate(&zapi(), &json!({"op": "getInvitationLink", "groupId": "120363019502650977"}).to_string()))["ok"], json!([]));
}

#[wasm_bindgen_test]
fn jobs_plan_resolve_and_pace() {
    let body = json!({"calls": [
        {"id": "a", "op": "createGroup", "name": "A", "participants": ["5511999999999"]},
        {"op": "getInvitationLink", "groupId": {"$ref": "a.groupId"}},
    ]});
    let v = answer(&core_job_plan(&zapi(), &body.to_string(), "\"json\"", ""));
    assert_eq!(v["ok"]["calls"][1], json!({"index": 1, "op": "getInvitationLink", "call": {"op": "getInvitationLink", "groupId": {"$ref": "#0.groupId"}}, "deps": [0]}));
    // JSON text, and the default format.
    let text = serde_json::to_string(&body.to_string()).unwrap();
    assert_eq!(answer(&core_job_plan(&zapi(), &text, "", ""))["ok"], v["ok"]);
    let bad = answer(&core_job_plan(&zapi(), &json!({"calls": [{"op": "getInvitationLink", "groupId": {"$ref": "zz.groupId"}}]}).to_string(), "\"json\"", ""));
    assert_eq!(bad["error"]["issues"][0]["field"], json!("calls[0].groupId"));
    let csv = "name;participants\nA;5511999999999";
    let v = answer(&core_job_plan(&zapi(), csv, "\"csv\"", r#"{"delimiter":";"}"#));
    assert_eq!(v["ok"]["calls"][0]["id"], json!("row2"));
    assert_eq!(error_kind(&core_job_plan(&zapi(), csv, "\"xml\"", "")), "validation");

    let call = json!({"op": "getInvitationLink", "groupId": {"$ref": "#0.groupId"}}).to_string();
    let v = answer(&core_job_resolve(&call, &json!([{"groupId": "120363019502650977@g.us"}]).to_string()));
    assert_eq!(v["ok"], json!({"op": "getInvitationLink", "groupId": "120363019502650977@g.us"}));
    let v = answer(&core_job_resolve(&call, &json!({"0": {"groupId": "120363019502650977@g.us"}}).to_string()));
    assert_eq!(v["ok"]["groupId"], json!("120363019502650977@g.us"));
    assert_eq!(error_kind(&core_job_resolve(&call, "[null]")), "validation");

    let v = answer(&core_pace_reserve("", r#"{"requests":10,"intervalMs":1000}"#, NOW));
    assert_eq!(v["ok"]["waitMs"], json!(0));
    let v = answer(&core_pace_reserve(&v["ok"]["state"].to_string(), r#"{"requests":10,"intervalMs":1000}"#, NOW));
    assert_eq!(v["ok"]["waitMs"], json!(112));
    let paused = answer(&core_pace_observe(&v["ok"]["state"].to_string(), r#"{"status":429,"headers":{"retry-after":"3"}}"#, NOW));
    assert_eq!(paused["ok"]["pausedUntil"].as_f64(), Some(NOW + 3000.0));
    assert_eq!(error_kind(&core_pace_reserve("", "", NOW)), "validation");
    assert_eq!(error_kind(&core_pace_observe("", r#"{"status":429}"#, f64::NAN)), "validation");
}
