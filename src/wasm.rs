//! The wasm exports. Every function is synchronous and takes and returns JavaScript
//! values: inputs are read through serde-wasm-bindgen into the core's `json::Value`,
//! results and errors go out through serde's `Serialize` and serde-wasm-bindgen's
//! JSON-compatible serializer, and provider answers are read by the runtime's own
//! `JSON.parse` (js-sys). Answers are `{ok: value}` or `{error: {message, kind, …}}`;
//! the runtime (`pkg-template/client.js`) throws the error as a `WaGroupsError`. The
//! `Client` is in `client.rs`.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;

// talc's wasm set-up: it owns memory growth; wasm here is single-threaded, so it takes no
// lock. Smaller than std's dlmalloc, and it returns freed memory to its free lists.
#[global_allocator]
// SAFETY: this module is compiled only for wasm32, which these builds run single-threaded.
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

use crate::call::Call;
use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::issues::Issue;
use crate::json::{Codec, ParseError, Value};

#[wasm_bindgen]
extern "C" {
    /// A deep copy of plain data; throws for functions, symbols, proxies, and rethrows
    /// what a getter throws. Read through it, a caller's object cannot run code (or throw)
    /// while serde-wasm-bindgen walks it.
    #[wasm_bindgen(catch, js_name = structuredClone)]
    fn structured_clone(v: &JsValue) -> Result<JsValue, JsValue>;
    /// `Object.keys`, which may throw (a proxy).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
}

/// The runtime's JSON: `JSON.parse` into a JavaScript value read by serde-wasm-bindgen
/// (depth and size bounded by `Value`'s `Deserialize`), and `JSON.stringify` back.
pub struct JsCodec;

impl Codec for JsCodec {
    fn parse(&self, text: &str) -> Result<Value, ParseError> {
        let parsed = JSON::parse(text).map_err(|_| ParseError::new("JSON.parse refused it"))?;
        serde_wasm_bindgen::from_value(parsed).map_err(|_| ParseError::new("JSON nested too deeply or too large"))
    }

    fn write(&self, value: &Value) -> String {
        JSON::stringify(&js(value)).ok().and_then(|s| s.as_string()).unwrap_or_default()
    }
}

/// A `Value` as a JavaScript value (objects as plain objects, not Maps).
pub fn js(v: &Value) -> JsValue {
    serde::Serialize::serialize(v, &serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// A validation error with one issue.
pub(crate) fn issue(field: &str, message: &str) -> Error {
    Error::validation(vec![Issue { field: field.to_owned(), message: message.to_owned() }])
}

/// Reads plain data handed over by the caller: copied first (`structuredClone`, or a JSON
/// round trip for what it refuses, such as a Vue or MobX proxy), then read by
/// serde-wasm-bindgen. `undefined` reads as null ("not given"), as JSON writes it.
pub fn read(v: &JsValue, field: &str) -> Result<Value, Error> {
    let refused = || issue(field, "must be plain data that JSON can represent");
    if v.is_function() || v.is_symbol() || v.is_bigint() {
        return Err(refused());
    }
    let copy = if v.is_object() {
        match structured_clone(v) {
            Ok(copy) => copy,
            Err(_) => JSON::stringify(v).ok().and_then(|text| text.as_string()).and_then(|text| JSON::parse(&text).ok()).ok_or_else(refused)?,
        }
    } else {
        v.clone()
    };
    serde_wasm_bindgen::from_value(copy).map_err(|_| refused())
}

/// Reads an options object whose members may be functions or signals (`fetch`,
/// `onProgress`, `signal`): those read as `true`, so that the core still sees the key
/// (a misspelt `fecth` is an issue) without reading what only the runtime uses.
pub fn read_options(v: &JsValue, field: &str) -> Result<Value, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    if !v.is_object() || Array::is_array(v) {
        return read(v, field);
    }
    let unreadable = || issue(field, "could not be read");
    let keys = object_keys(v).map_err(|_| unreadable())?;
    let mut members = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        let Some(name) = key.as_string() else { continue };
        let value = Reflect::get(v, &key).map_err(|_| unreadable())?;
        let value = if value.is_function() || name == "signal" { Value::Bool(!value.is_undefined() && !value.is_null()) } else { read(&value, &[field, ".", &name].concat())? };
        members.push((name, value));
    }
    Ok(Value::Object(members))
}

/// What an export returns: the value, or the error it throws (a `WaGroupsError` once the
/// runtime has registered it).
type Answer = Result<JsValue, JsValue>;

fn ok(value: Value) -> Answer {
    Ok(js(&value))
}

fn err(e: &Error) -> Answer {
    Err(crate::client::error_value(e))
}

fn now(now_ms: f64) -> Option<u64> {
    crate::json::whole(now_ms).filter(|&ms| ms > 0)
}

thread_local! {
    /// The last config the free functions read, and what it read to: a caller that passes
    /// the same options on every call (the usual way) does not have them read, checked and
    /// their redactor rebuilt each time. Compared by content, so a changed object is read
    /// again.
    static LAST_CONFIG: std::cell::RefCell<Option<(Value, std::rc::Rc<Config>)>> = const { std::cell::RefCell::new(None) };
}

fn pair(config: &JsValue, call: &JsValue) -> Result<(std::rc::Rc<Config>, Call), Error> {
    let config = read(config, "config")?;
    let call = read(call, "call")?;
    let seen = LAST_CONFIG.with(|last| last.borrow().as_ref().filter(|(v, _)| *v == config).map(|(_, c)| std::rc::Rc::clone(c)));
    if let Some(known) = seen {
        return crate::validate_call(&known, &call).map(|call| (known, call));
    }
    let (read_config, call) = crate::validate(&config, &call)?;
    let read_config = std::rc::Rc::new(read_config);
    LAST_CONFIG.with(|last| *last.borrow_mut() = Some((config, std::rc::Rc::clone(&read_config))));
    Ok((read_config, call))
}

/// The contract's `{status, headers?, body}`, read member by member (a `Headers`
/// instance or a throwing getter must not reach serde-wasm-bindgen).
fn read_response(response: &JsValue) -> Result<crate::http::Response, Error> {
    read_response_with(response, true)
}

/// `read_response`; without `body_required`, a missing body reads as "" (the pacer
/// reads only the status and the headers).
fn read_response_with(response: &JsValue, body_required: bool) -> Result<crate::http::Response, Error> {
    if !response.is_object() {
        return crate::http::read_response(&read(response, "response")?).map_err(Error::validation);
    }
    let unreadable = || issue("response", "could not be read");
    let get = |k: &str| Reflect::get(response, &JsValue::from_str(k)).map_err(|_| unreadable());
    let status = read(&get("status")?, "response.status")?;
    let headers = get("headers")?;
    let headers = if headers.is_object() && !Array::is_array(&headers) && !is_plain_object(&headers) {
        // A `Headers` (or any iterable of pairs): its entries, as `Object.fromEntries` reads them.
        let entries = Object::from_entries(&headers).map_err(|_| unreadable())?;
        read(&entries, "response.headers")?
    } else {
        read(&headers, "response.headers")?
    };
    let body = get("body")?;
    // The body is the largest part: read as a string directly, not through a copy.
    let body = match body.as_string() {
        Some(text) => Value::String(text),
        None if !body_required && (body.is_undefined() || body.is_null()) => Value::String(String::new()),
        None => read(&body, "response.body")?,
    };
    let members = vec![("status".to_owned(), status), ("headers".to_owned(), headers), ("body".to_owned(), body)];
    crate::http::read_response(&Value::Object(members)).map_err(Error::validation)
}

fn is_plain_object(v: &JsValue) -> bool {
    let proto = Object::get_prototype_of(v);
    proto.is_null() || proto == Object::get_prototype_of(&Object::new())
}

/// `validate(config, call)`: every issue, `[]` when the call can be sent.
#[wasm_bindgen(js_name = coreValidate)]
pub fn core_validate(config: JsValue, call: JsValue) -> Answer {
    match pair(&config, &call) {
        Ok(_) => ok(Value::Array(Vec::new())),
        Err(e) if matches!(e.kind, ErrorKind::Validation(_)) => ok(crate::error::issues_value(e.issues())),
        // `validate` reports an operation the provider cannot do as an issue of `op`.
        Err(e) if e.kind == ErrorKind::Unsupported => ok(crate::error::issues_value(&[Issue { field: "op".to_owned(), message: e.message }])),
        Err(e) => err(&e),
    }
}

/// `buildRequest(config, call, { redact })`.
#[wasm_bindgen(js_name = coreBuildRequest)]
pub fn core_build_request(config: JsValue, call: JsValue, options: JsValue) -> Answer {
    let redact = match options.is_object().then(|| Reflect::get(&options, &JsValue::from_str("redact"))) {
        None => false,
        Some(Ok(r)) => r.is_truthy(),
        Some(Err(_)) => return err(&issue("options", "could not be read")),
    };
    match pair(&config, &call) {
        Ok((config, call)) => {
            let request = crate::build_request(&config, &call);
            let request = if redact { request.redacted(&config.redactor_for(&call)) } else { request };
            ok(request.to_value())
        }
        Err(e) => err(&e),
    }
}

/// `parseResponse(config, call, response)`; `now_ms` dates an HTTP-date `Retry-After`.
#[wasm_bindgen(js_name = coreParseResponse)]
pub fn core_parse_response(config: JsValue, call: JsValue, response: JsValue, now_ms: f64) -> Answer {
    let (config, call) = match pair(&config, &call) {
        Ok(p) => p,
        Err(e) => return err(&e),
    };
    let response = match read_response(&response) {
        Ok(r) => r,
        Err(e) => return err(&e.with_context(Some(config.provider), Some(call.operation()))),
    };
    match crate::parse_response_with(&config, &call, &response, now(now_ms), &JsCodec) {
        Ok(outcome) => ok(outcome.to_value()),
        Err(e) => err(&e),
    }
}

/// `parseWebhook(provider, body)`: a typed event, or `{type: "other", raw}`; it fails
/// only for a provider name it does not know. `body` is the request's text, or the value
/// the caller parsed from it (one that is not plain data comes back as `raw` untouched).
#[wasm_bindgen(js_name = coreParseWebhook)]
pub fn core_parse_webhook(provider: &str, body: JsValue) -> Answer {
    let Some(p) = crate::provider::Provider::parse(provider) else {
        return err(&issue("provider", "must be \"zapi\" or \"ryze\""));
    };
    if let Some(text) = body.as_string() {
        return ok(crate::webhooks::parse_with(p, &text, &JsCodec).to_value(p));
    }
    // A webhook body is JSON: an object parsed from it is read as JSON would write it
    // (`undefined` members left out; `undefined` itself as null).
    let body = if body.is_undefined() { JsValue::NULL } else { body };
    let as_json = JSON::stringify(&body).ok().and_then(|text| text.as_string()).and_then(|text| JSON::parse(&text).ok());
    match as_json.ok_or(()).and_then(|v| serde_wasm_bindgen::from_value::<Value>(v).map_err(|_| ())) {
        Ok(v) => ok(crate::webhooks::read(p, v).to_value(p)),
        Err(_) => {
            let event = js(&crate::webhooks::Event::Other { raw: None, text: None }.to_value(p));
            let _ = Reflect::set(&event, &JsValue::from_str("raw"), &body);
            Ok(event)
        }
    }
}

/// `verifyWebhookAuthorization(received, expected)`: whether a delivery's `Authorization`
/// header is the configured one, compared in constant time. A missing header is `false`;
/// an `expected` that is not a non-empty string is a validation error (a check that
/// cannot fail must not look like one).
#[wasm_bindgen(js_name = coreVerifyWebhookAuthorization)]
pub fn core_verify_webhook_authorization(received: JsValue, expected: JsValue) -> Answer {
    let Some(expected) = expected.as_string().filter(|e| !e.is_empty()) else {
        return err(&issue("expected", "must be the authorization value configured for the webhook (a non-empty string)"));
    };
    let matches = received.as_string().is_some_and(|r| crate::webhooks::authorization_matches(&r, &expected));
    Ok(JsValue::from_bool(matches))
}

// ---- jobs (src/jobs.rs): only in the build for wa-groups/cloudflare (feature "jobs") -----

#[cfg(feature = "jobs")]
pub use job_exports::*;

#[cfg(feature = "jobs")]
mod job_exports {
    use super::*;

    /// The config alone, read through the same one-entry cache as `pair`.
    fn config_only(config: &JsValue) -> Result<std::rc::Rc<Config>, Error> {
        let config = read(config, "config")?;
        let seen = LAST_CONFIG.with(|last| last.borrow().as_ref().filter(|(v, _)| *v == config).map(|(_, c)| std::rc::Rc::clone(c)));
        if let Some(known) = seen {
            return Ok(known);
        }
        let read_config = std::rc::Rc::new(Config::from_value(&config).map_err(Error::validation)?);
        LAST_CONFIG.with(|last| *last.borrow_mut() = Some((config, std::rc::Rc::clone(&read_config))));
        Ok(read_config)
    }

    fn now_ms_arg(now_ms: f64) -> Result<u64, Error> {
        crate::json::whole(now_ms).ok_or_else(|| issue("nowMs", "must be a whole number of milliseconds since the Unix epoch"))
    }

    /// `jobPlan(config, body, format, options?)`: `{calls: [{index, id?, op, call, deps}]}`.
    /// `format` "json" (the default): `body` is `{calls: [...]}` or its JSON text; "csv":
    /// `body` is the CSV's text, `options` `{delimiter?}`.
    #[wasm_bindgen(js_name = coreJobPlan)]
    pub fn core_job_plan(config: JsValue, body: JsValue, format: JsValue, options: JsValue) -> Answer {
        let planned = config_only(&config).and_then(|config| {
            let format = if format.is_undefined() || format.is_null() { Some("json".to_owned()) } else { format.as_string() };
            match format.as_deref() {
                Some("json") => {
                    let body = match body.as_string() {
                        Some(text) => JsCodec.parse(&text).map_err(|e| issue("body", &["is not JSON: ", &e.describe()].concat()))?,
                        None => read(&body, "body")?,
                    };
                    crate::jobs::plan_from_json(&config, &body)
                }
                Some("csv") => {
                    let text = body.as_string().ok_or_else(|| issue("body", "must be the CSV's text (a string) when format is \"csv\""))?;
                    let options = crate::jobs::CsvOptions::from_value(&read(&options, "options")?)?;
                    crate::jobs::plan_from_csv(&config, &text, options)
                }
                _ => Err(issue("format", "must be \"json\" or \"csv\"")),
            }
        });
        match planned {
            Ok(plan) => ok(crate::jobs::plan_value(&plan)),
            Err(e) => err(&e),
        }
    }

    /// `jobResolve(call, results)`: the planned call's `call` (or the planned call itself)
    /// with each `{"$ref": "#<index>.<field>"}` replaced from `results`: an array by index
    /// (holes and null for none), or an object keyed by the index's digits.
    #[wasm_bindgen(js_name = coreJobResolve)]
    pub fn core_job_resolve(call: JsValue, results: JsValue) -> Answer {
        let resolved = read(&call, "call").and_then(|call| {
            let results = read(&results, "results")?;
            let call = match (call.get("call"), call.get("deps")) {
                (Some(inner @ Value::Object(_)), Some(_)) => inner.clone(),
                _ => call,
            };
            let result = |i: usize| -> Option<Value> {
                let found = match &results {
                    Value::Array(items) => items.get(i),
                    Value::Object(_) => results.get(&crate::text::uint(i as u64)),
                    _ => None,
                };
                found.filter(|v| !v.is_null()).cloned()
            };
            match &results {
                Value::Array(_) | Value::Object(_) | Value::Null => crate::jobs::resolve(&call, &result),
                other => Err(issue("results", &crate::issues::must_be("an array of results by index (or an object keyed by index)", other))),
            }
        });
        match resolved {
            Ok(call) => ok(call),
            Err(e) => err(&e),
        }
    }

    /// `paceReserve(state, rate, nowMs)`: `{state, waitMs}`; `state` undefined or null for a
    /// fresh pacer; `rate` `{requests, intervalMs?}` or requests per minute.
    #[wasm_bindgen(js_name = corePaceReserve)]
    pub fn core_pace_reserve(state: JsValue, rate: JsValue, now_ms: f64) -> Answer {
        let reserved = (|| {
            let state = crate::jobs::PaceState::from_value(&read(&state, "state")?)?;
            let rate = crate::jobs::read_rate(&read(&rate, "rate")?)?;
            Ok::<_, Error>(crate::jobs::reserve(state, rate, now_ms_arg(now_ms)?))
        })();
        match reserved {
            Ok((state, wait)) => ok(crate::json::Obj::new().value("state", state.to_value()).uint("waitMs", wait).finish()),
            Err(e) => err(&e),
        }
    }

    /// `paceObserve(state, response, nowMs)`: the new state; `response` `{status, headers}`
    /// (a `Headers` instance is read too; `body` is not needed).
    #[wasm_bindgen(js_name = corePaceObserve)]
    pub fn core_pace_observe(state: JsValue, response: JsValue, now_ms: f64) -> Answer {
        let observed = (|| {
            let state = crate::jobs::PaceState::from_value(&read(&state, "state")?)?;
            let response = read_response_with(&response, false)?;
            Ok::<_, Error>(crate::jobs::observe(state, &response, now_ms_arg(now_ms)?))
        })();
        match observed {
            Ok(state) => ok(state.to_value()),
            Err(e) => err(&e),
        }
    }
}
