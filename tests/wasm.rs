//! The wasm layer through real JavaScript values, run by wasm-bindgen-test in Node:
//! `cargo test --target wasm32-unknown-unknown --test wasm` (scripts/test.sh sets it up).
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use wa_groups::wasm::{js_build_request, js_parse_response, js_validate, Client};

const TOKEN: &str = "TOKEN-7f3a9c1e55";
const CLIENT_TOKEN: &str = "CLIENT-0b8d2e4f66";

fn js(source: &str) -> JsValue {
    JSON::parse(source).expect("test JSON")
}

fn prop(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(v: &JsValue) -> String {
    JSON::stringify(v).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// A function from JavaScript source, for fetch stand-ins.
fn func(args: &str, body: &str) -> Function {
    Function::new_with_args(args, body)
}

fn zapi_options(extra: &str) -> JsValue {
    let base = format!(r#"{{"provider":"zapi","instance":"INST1","token":"{TOKEN}","clientToken":"{CLIENT_TOKEN}"{extra}}}"#);
    js(&base)
}

fn with_fetch(options: JsValue, fetch: &Function) -> JsValue {
    Reflect::set(&options, &JsValue::from_str("fetch"), fetch).expect("set fetch");
    options
}

async fn settle(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

fn assert_wa_error(e: &JsValue, kind: &str) {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {}", text(e));
    assert_eq!(prop(e, "name").as_string().as_deref(), Some("WaGroupsError"));
    assert_eq!(prop(e, "kind").as_string().as_deref(), Some(kind), "{}", text(e));
    let all = format!("{} {} {}", text(e), prop(e, "message").as_string().unwrap_or_default(), prop(e, "stack").as_string().unwrap_or_default());
    assert!(!all.contains(TOKEN) && !all.contains(CLIENT_TOKEN), "secret in error: {all}");
}

#[wasm_bindgen_test]
fn validate_reports_every_issue_across_the_boundary() {
    let issues = js_validate(zapi_options(""), js(r#"{"op":"createGroup","name":"","participants":["x", 5]}"#)).expect("validate");
    let fields: Vec<String> = js_sys::Array::from(&issues).iter().map(|i| prop(&i, "field").as_string().unwrap_or_default()).collect();
    assert_eq!(fields, ["name", "participants[1]", "participants[0]"]);
    let none = js_validate(zapi_options(""), js(r#"{"op":"getInvitationLink","groupId":"120363019502650977-group"}"#)).expect("validate");
    assert_eq!(js_sys::Array::from(&none).length(), 0);
}

#[wasm_bindgen_test]
fn build_request_renders_zapi_forms_and_throws_validation() {
    let req = js_build_request(zapi_options(""), js(r#"{"op":"linkGroups","communityId":"98372465382764532938@g.us","groupIds":["1345353454354354@g.us"]}"#), JsValue::UNDEFINED).expect("build");
    assert_eq!(prop(&req, "method").as_string().as_deref(), Some("POST"));
    assert_eq!(prop(&req, "url").as_string().unwrap_or_default(), format!("https://api.z-api.io/instances/INST1/token/{TOKEN}/communities/link"));
    assert_eq!(prop(&prop(&req, "headers"), "Client-Token").as_string().as_deref(), Some(CLIENT_TOKEN));
    assert_eq!(prop(&req, "body").as_string().as_deref(), Some(r#"{"communityId":"98372465382764532938","groupsPhones":["1345353454354354-group"]}"#));
    let shown = js_build_request(zapi_options(""), js(r#"{"op":"getInvitationLink","groupId":"1345353454354354"}"#), js(r#"{"redact":true}"#)).expect("build");
    assert_eq!(prop(&shown, "url").as_string().as_deref(), Some("https://api.z-api.io/instances/INST1/token/***/group-invitation-link/1345353454354354-group"));
    assert_eq!(prop(&prop(&shown, "headers"), "Client-Token").as_string().as_deref(), Some("***"));
    let err = js_build_request(zapi_options(""), js(r#"{"op":"linkGroups","communityId":"x","groupIds":[]}"#), JsValue::UNDEFINED).expect_err("invalid");
    assert_wa_error(&err, "validation");
    assert_eq!(js_sys::Array::from(&prop(&err, "issues")).length(), 2);
}

#[wasm_bindgen_test]
fn parse_response_accepts_plain_headers_and_headers_instances() {
    let call = js(r#"{"op":"getInvitationLink","groupId":"120363019502650977"}"#);
    let ok = js_parse_response(zapi_options(""), call.clone(), js(r#"{"status":200,"body":"{\"phone\":\"120363019502650977-group\",\"invitationLink\":\"https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd\"}"}"#)).expect("parse");
    assert_eq!(text(&ok), r#"{"groupId":"120363019502650977@g.us","invitationLink":"https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}"#);
    let make = func("", "return { status: 429, headers: new Headers({ 'Retry-After': '7' }), body: '' }");
    let resp = make.call0(&JsValue::UNDEFINED).expect("response");
    let err = js_parse_response(zapi_options(""), call, resp).expect_err("429");
    assert_wa_error(&err, "rate_limited");
    assert_eq!(prop(&err, "retryAfterMs").as_f64(), Some(7000.0));
}

#[wasm_bindgen_test]
fn hostile_js_values_are_validation_errors_not_traps() {
    let cyclic = func("", "const o = {}; o.self = o; return o").call0(&JsValue::UNDEFINED).expect("cyclic");
    let bigint = func("", "return { op: 'getInvitationLink', groupId: 10n }").call0(&JsValue::UNDEFINED).expect("bigint");
    for call in [cyclic, bigint, JsValue::UNDEFINED, JsValue::from(3), js_sys::Symbol::for_("x").into()] {
        let err = js_build_request(zapi_options(""), call, JsValue::UNDEFINED).expect_err("refused");
        assert_wa_error(&err, "validation");
    }
    let err = js_parse_response(zapi_options(""), js(r#"{"op":"getInvitationLink","groupId":"120363019502650977"}"#), js(r#"{"status":"200"}"#)).expect_err("bad response");
    assert_wa_error(&err, "validation");
    // The instance keeps working after all of that.
    assert!(js_validate(zapi_options(""), js(r#"{"op":"getInvitationLink","groupId":"120363019502650977"}"#)).is_ok());
}

#[wasm_bindgen_test]
fn client_constructor_reports_every_bad_option() {
    let err = Client::new(js(r#"{"provider":"nope","timeoutMs":-1,"fetch":3}"#)).err().expect("invalid");
    assert_wa_error(&err, "validation");
    let fields: Vec<String> = js_sys::Array::from(&prop(&err, "issues")).iter().map(|i| prop(&i, "field").as_string().unwrap_or_default()).collect();
    assert_eq!(fields, ["provider", "instance", "token", "timeoutMs", "fetch"]);
}

#[wasm_bindgen_test]
async fn client_calls_fetch_bound_to_global_this() {
    // Like window.fetch: throws "Illegal invocation" unless called on globalThis.
    let fetch = func(
        "url, init",
        "if (this !== globalThis) throw new TypeError('Illegal invocation');
         globalThis.__seen = { url, method: init.method, body: init.body, ct: init.headers['Client-Token'] };
         return Promise.resolve(new Response('{\"success\":true}', { status: 200 }));",
    );
    let client = Client::new(with_fetch(zapi_options(""), &fetch)).expect("client");
    let out = settle(client.link_groups(JsValue::from_str("120363186053925765"), js(r#"["1345353454354354-group","5511999999999-1623281429"]"#), JsValue::UNDEFINED)).await.expect("linked");
    assert_eq!(text(&out), r#"{"communityId":"120363186053925765@g.us","linked":["1345353454354354@g.us","5511999999999-1623281429@g.us"],"failed":[]}"#);
    let seen = prop(&js_sys::global(), "__seen");
    assert_eq!(prop(&seen, "method").as_string().as_deref(), Some("POST"));
    assert_eq!(prop(&seen, "ct").as_string().as_deref(), Some(CLIENT_TOKEN));
    assert_eq!(prop(&seen, "body").as_string().as_deref(), Some(r#"{"communityId":"120363186053925765","groupsPhones":["1345353454354354-group","5511999999999-1623281429"]}"#));
}

#[wasm_bindgen_test]
async fn validation_rejects_without_calling_fetch() {
    let fetch = func("", "globalThis.__calls = (globalThis.__calls || 0) + 1; return new Response('{}')");
    let client = Client::new(with_fetch(zapi_options(""), &fetch)).expect("client");
    let err = settle(client.create_group(js(r#"{"name":"","participants":[]}"#), JsValue::UNDEFINED)).await.expect_err("invalid");
    assert_wa_error(&err, "validation");
    assert_eq!(prop(&err, "operation").as_string().as_deref(), Some("createGroup"));
    assert!(prop(&js_sys::global(), "__calls").is_undefined(), "fetch was called");
}

#[wasm_bindgen_test]
async fn timeout_applies_even_when_fetch_ignores_its_signal() {
    let never = func("", "return new Promise(() => {})");
    let client = Client::new(with_fetch(zapi_options(r#","timeoutMs":50"#), &never)).expect("client");
    let err = settle(client.get_invitation_link(JsValue::from_str("120363019502650977-group"), JsValue::UNDEFINED)).await.expect_err("timeout");
    assert_wa_error(&err, "timeout");
}

#[wasm_bindgen_test]
async fn caller_abort_rejects_with_aborted() {
    let never = func("", "return new Promise(() => {})");
    let client = Client::new(with_fetch(zapi_options(""), &never)).expect("client");
    let controller = func("", "const c = new AbortController(); setTimeout(() => c.abort(), 20); return c").call0(&JsValue::UNDEFINED).expect("controller");
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &JsValue::from_str("signal"), &prop(&controller, "signal")).expect("set signal");
    let err = settle(client.get_invitation_link(JsValue::from_str("120363019502650977-group"), opts.into())).await.expect_err("aborted");
    assert_wa_error(&err, "aborted");
}

#[wasm_bindgen_test]
async fn network_failures_are_redacted() {
    // A fetch that fails with the URL (and so the token) in its message.
    let failing = func("url", "return Promise.reject(new TypeError('could not reach ' + url))");
    let client = Client::new(with_fetch(zapi_options(""), &failing)).expect("client");
    let err = settle(client.get_invitation_link(JsValue::from_str("120363019502650977-group"), JsValue::UNDEFINED)).await.expect_err("network");
    assert_wa_error(&err, "network");
    assert!(prop(&err, "message").as_string().unwrap_or_default().contains("/token/***/"), "{}", text(&err));
}

#[wasm_bindgen_test]
async fn zapi_invitation_link_falls_back_to_get_on_405() {
    let fetch = func(
        "url, init",
        "if (init.method === 'POST') return new Response('', { status: 405 });
         return new Response('{\"phone\":\"120363019502650977-group\",\"invitationLink\":\"https://chat.whatsapp.com/AbC123\"}');",
    );
    let client = Client::new(with_fetch(zapi_options(""), &fetch)).expect("client");
    let out = settle(client.get_invitation_link(JsValue::from_str("120363019502650977@g.us"), JsValue::UNDEFINED)).await.expect("link");
    assert_eq!(prop(&out, "invitationLink").as_string().as_deref(), Some("https://chat.whatsapp.com/AbC123"));
}
