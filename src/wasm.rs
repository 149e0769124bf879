//! The JavaScript face of the core: `Client` (which performs calls with `fetch`),
//! `validate`, `buildRequest`, `parseResponse`, and `WaGroupsError` for every failure.
//!
//! Values cross the boundary as JSON text (`JSON.stringify` in, `JSON.parse` out), read
//! by the core's own bounded reader: that keeps serde out of the binary and gives the
//! host tests the very same input path.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::call::Operation;
use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::http::{Request, Response};
use crate::issues::Issue;
use crate::json::{self, Value};

#[wasm_bindgen(module = "/js/wa_groups_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = WaGroupsError)]
    type JsError;
    #[wasm_bindgen(constructor, js_class = "WaGroupsError")]
    fn new(message: &str, details: &JsValue) -> JsError;
}

#[wasm_bindgen]
extern "C" {
    type AbortController;
    #[wasm_bindgen(constructor)]
    fn new() -> AbortController;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// The `WaGroupsError` for a core error.
fn js_error(e: &Error) -> JsValue {
    let details = JSON::parse(&e.details_json()).unwrap_or(JsValue::NULL);
    JsError::new(&e.message, &details).into()
}

fn get(target: &JsValue, key: &str) -> JsValue {
    if target.is_object() || target.is_function() {
        Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// Reads a JS value into the core's JSON model. `undefined` reads as null; values JSON
/// cannot represent (BigInt, cycles) are refused.
fn read_value(v: &JsValue) -> Result<Value, ()> {
    if v.is_undefined() {
        return Ok(Value::Null);
    }
    let text = JSON::stringify(v).map_err(|_| ())?;
    match text.as_string() {
        Some(t) => json::parse(&t).map_err(|_| ()),
        None => Ok(Value::Null), // a function or a symbol
    }
}

fn read_or_issue(v: &JsValue, field: &str) -> Result<Value, Error> {
    read_value(v).map_err(|()| {
        Error::validation(vec![Issue { field: field.to_owned(), message: "must be plain data that JSON can represent".to_owned() }])
    })
}

fn to_js(json_text: &str) -> JsValue {
    JSON::parse(json_text).unwrap_or(JsValue::NULL)
}

// ---------------------------------------------------------------------------------
// The pure core, for callers who send requests themselves.

/// Every issue with `config` and `call`; empty when the call can be sent.
#[wasm_bindgen(js_name = validate)]
pub fn js_validate(config: JsValue, call: JsValue) -> Result<JsValue, JsValue> {
    let (config, call) = read_pair(&config, &call).map_err(|e| js_error(&e))?;
    let issues = match crate::validate(&config, &call) {
        Ok(_) => Vec::new(),
        Err(e) => e.issues().to_vec(),
    };
    let mut out = String::from("[");
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json::ObjectWriter::new().str("field", &issue.field).str("message", &issue.message).finish());
    }
    out.push(']');
    Ok(to_js(&out))
}

fn read_pair(config: &JsValue, call: &JsValue) -> Result<(Value, Value), Error> {
    Ok((read_or_issue(config, "config")?, read_or_issue(call, "call")?))
}

fn checked(config: &JsValue, call: &JsValue) -> Result<(Config, crate::Call), JsValue> {
    let (config, call) = read_pair(config, call).map_err(|e| js_error(&e))?;
    crate::validate(&config, &call).map_err(|e| js_error(&e))
}

/// The request for `call`; throws `WaGroupsError` "validation" where `validate` has issues.
/// With `{ redact: true }`, the token and client token read `***` (for display).
#[wasm_bindgen(js_name = buildRequest)]
pub fn js_build_request(config: JsValue, call: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let (config, call) = checked(&config, &call)?;
    let request = crate::build_request(&config, &call);
    let request = if get(&options, "redact").is_truthy() { request.redacted(&config.secrets()) } else { request };
    Ok(to_js(&request.to_json()))
}

/// The typed result of a response to `call`, or a thrown `WaGroupsError`.
#[wasm_bindgen(js_name = parseResponse)]
pub fn js_parse_response(config: JsValue, call: JsValue, response: JsValue) -> Result<JsValue, JsValue> {
    let (config, call) = checked(&config, &call)?;
    let response = plain_headers(&response);
    let value = read_or_issue(&response, "response").map_err(|e| js_error(&e))?;
    let response = crate::http::read_response(&value)
        .map_err(|issues| js_error(&Error::validation(issues).with_context(Some(config.provider), Some(call.operation()))))?;
    crate::parse_response(&config, &call, &response, Some(now_ms()))
        .map(|o| to_js(&o.to_json()))
        .map_err(|e| js_error(&e))
}

/// Accepts a `Headers` instance (or any iterable of pairs) in `response.headers` by
/// turning it into a plain object first; JSON would otherwise read it as `{}`.
fn plain_headers(response: &JsValue) -> JsValue {
    let headers = get(response, "headers");
    if !headers.is_object() || js_sys::Array::is_array(&headers) {
        return response.clone();
    }
    let iterable = js_sys::Symbol::iterator();
    if Reflect::get(&headers, &iterable).map(|f| f.is_function()).unwrap_or(false) {
        if let Ok(plain) = Object::from_entries(&headers) {
            let copy = Object::assign(&Object::new(), response.unchecked_ref());
            let _ = Reflect::set(&copy, &JsValue::from_str("headers"), &plain);
            return copy.into();
        }
    }
    response.clone()
}

fn now_ms() -> u64 {
    let now = js_sys::Date::now();
    if now.is_finite() && now > 0.0 {
        now as u64
    } else {
        0
    }
}

// ---------------------------------------------------------------------------------
// Client

struct Inner {
    config: Config,
    timeout_ms: u32,
    fetch: Option<Function>,
}

#[wasm_bindgen]
pub struct Client {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl Client {
    /// Bad options throw `WaGroupsError` "validation" naming every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Client, JsValue> {
        let mut extra = Vec::new();
        let fetch = get(&options, "fetch");
        let fetch = if fetch.is_undefined() || fetch.is_null() {
            None
        } else if fetch.is_function() {
            Some(fetch.unchecked_into::<Function>())
        } else {
            extra.push(Issue { field: "fetch".to_owned(), message: "must be a function".to_owned() });
            None
        };
        let value = read_or_issue(&options, "options").map_err(|e| js_error(&e))?;
        let (config, timeout_ms) = crate::read_client_options(&value, extra).map_err(|e| js_error(&e))?;
        Ok(Client { inner: Rc::new(Inner { config, timeout_ms, fetch }) })
    }

    /// The provider this client talks to.
    #[wasm_bindgen(getter)]
    pub fn provider(&self) -> String {
        self.inner.config.provider.name().to_owned()
    }

    #[wasm_bindgen(js_name = createGroup)]
    pub fn create_group(&self, input: JsValue, opts: JsValue) -> Promise {
        self.run(Operation::CreateGroup, read_value(&input).map_err(|()| "input"), opts)
    }

    #[wasm_bindgen(js_name = getInvitationLink)]
    pub fn get_invitation_link(&self, group_id: JsValue, opts: JsValue) -> Promise {
        let input = fields(&[("groupId", &group_id)]);
        self.run(Operation::GetInvitationLink, input, opts)
    }

    #[wasm_bindgen(js_name = linkGroups)]
    pub fn link_groups(&self, community_id: JsValue, group_ids: JsValue, opts: JsValue) -> Promise {
        let input = fields(&[("communityId", &community_id), ("groupIds", &group_ids)]);
        self.run(Operation::LinkGroups, input, opts)
    }

    #[wasm_bindgen(js_name = unlinkGroups)]
    pub fn unlink_groups(&self, community_id: JsValue, group_ids: JsValue, opts: JsValue) -> Promise {
        let input = fields(&[("communityId", &community_id), ("groupIds", &group_ids)]);
        self.run(Operation::UnlinkGroups, input, opts)
    }
}

/// Positional arguments as the object the core reads; the field name of one that JSON
/// cannot represent is the error.
fn fields(pairs: &[(&'static str, &JsValue)]) -> Result<Value, &'static str> {
    let mut members = Vec::with_capacity(pairs.len());
    for (name, v) in pairs {
        members.push(((*name).to_owned(), read_value(v).map_err(|()| *name)?));
    }
    Ok(Value::Object(members))
}

impl Client {
    fn run(&self, op: Operation, input: Result<Value, &'static str>, opts: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move { call(&inner, op, input, &opts).await.map_err(|e| js_error(&e)) })
    }
}

async fn call(inner: &Inner, op: Operation, input: Result<Value, &'static str>, opts: &JsValue) -> Result<JsValue, Error> {
    let config = &inner.config;
    let input = input.map_err(|field| {
        Error::validation(vec![Issue { field: field.to_owned(), message: "must be plain data that JSON can represent".to_owned() }])
            .with_context(Some(config.provider), Some(op))
    })?;
    let signal = get(opts, "signal");
    let signal = if signal.is_undefined() || signal.is_null() { None } else { Some(signal) };
    let call = crate::read_input(config, op, &input)?;
    let request = crate::build_request(config, &call);
    let mut response = send(inner, op, &request, signal.as_ref()).await?;
    if let Some(next) = crate::follow_up(config, &call, &request, &response) {
        response = send(inner, op, &next, signal.as_ref()).await?;
    }
    let outcome = crate::parse_response(config, &call, &response, Some(now_ms()))?;
    Ok(to_js(&outcome.to_json()))
}

/// Sends one request with the configured `fetch`, under `timeoutMs` and the caller's
/// signal, and reads the whole answer. Failures without a response become `network`,
/// `timeout` or `aborted` errors whose messages are redacted.
async fn send(inner: &Inner, op: Operation, req: &Request, signal: Option<&JsValue>) -> Result<Response, Error> {
    let config = &inner.config;
    let fail = |kind: ErrorKind, msg: &str| crate::transport_error(config, Some(op), kind, msg);
    let aborted = |s: Option<&JsValue>| s.map(|s| get(s, "aborted").is_truthy()).unwrap_or(false);
    if aborted(signal) {
        return Err(fail(ErrorKind::Aborted, "the call was aborted before it was sent"));
    }

    // One guard promise rejects when the time is up or the caller aborts, so that even a
    // custom fetch that ignores its signal cannot make the call hang.
    let controller = Rc::new(AbortController::new());
    let timed_out = Rc::new(Cell::new(false));
    let reject_slot: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
    let guard = {
        let slot = Rc::clone(&reject_slot);
        Promise::new(&mut |_resolve, reject| {
            *slot.borrow_mut() = Some(reject);
        })
    };
    let trip = {
        let slot = Rc::clone(&reject_slot);
        move || {
            if let Some(reject) = slot.borrow_mut().take() {
                let _ = reject.call0(&JsValue::UNDEFINED);
            }
        }
    };
    let on_timeout = {
        let trip = trip.clone();
        let timed_out = Rc::clone(&timed_out);
        let controller = Rc::clone(&controller);
        Closure::<dyn FnMut()>::new(move || {
            timed_out.set(true);
            controller.abort();
            trip();
        })
    };
    let on_abort = {
        let controller = Rc::clone(&controller);
        Closure::<dyn FnMut()>::new(move || {
            controller.abort();
            trip();
        })
    };
    let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), inner.timeout_ms.min(i32::MAX as u32) as i32);
    if let Some(s) = signal {
        listen(s, "addEventListener", on_abort.as_ref());
    }

    let result = fetch_and_read(inner, req, &controller, &guard).await;

    clear_timeout(&timer);
    if let Some(s) = signal {
        listen(s, "removeEventListener", on_abort.as_ref());
    }
    drop(on_timeout);
    drop(on_abort);

    match result {
        Ok(r) => Ok(r),
        Err(_) if aborted(signal) => Err(fail(ErrorKind::Aborted, "the call was aborted")),
        Err(_) if timed_out.get() => {
            let mut msg = String::from("no complete answer within timeoutMs (");
            msg.push_str(&crate::text::uint(u64::from(inner.timeout_ms)));
            msg.push_str(" ms)");
            Err(fail(ErrorKind::Timeout, &msg))
        }
        Err(Failure::NotAResponse) => Err(fail(ErrorKind::Decode, "fetch resolved to something that is not a Response")),
        Err(Failure::NoFetch) => Err(fail(ErrorKind::Network, "no fetch: this runtime has no global fetch; pass options.fetch")),
        Err(Failure::Js(e)) => {
            let mut msg = String::from("no response from ");
            msg.push_str(config.provider.display());
            msg.push_str(": ");
            msg.push_str(&describe(&e));
            Err(fail(ErrorKind::Network, &msg))
        }
    }
}

enum Failure {
    NoFetch,
    NotAResponse,
    Js(JsValue),
}

fn listen(target: &JsValue, method: &str, handler: &JsValue) {
    if let Ok(f) = get(target, method).dyn_into::<Function>() {
        let _ = f.call2(target, &JsValue::from_str("abort"), handler);
    }
}

/// A thrown value's message (`TypeError: fetch failed` and the like), never its stack.
fn describe(e: &JsValue) -> String {
    let message = get(e, "message").as_string().or_else(|| e.as_string()).unwrap_or_else(|| "unknown failure".to_owned());
    let name = get(e, "name").as_string();
    let cause = get(&get(e, "cause"), "code").as_string().or_else(|| get(&get(e, "cause"), "message").as_string());
    let mut out = String::new();
    if let Some(n) = name {
        out.push_str(&n);
        out.push_str(": ");
    }
    out.push_str(crate::text::truncate_bytes(&message, 300));
    if let Some(c) = cause {
        out.push_str(" (");
        out.push_str(crate::text::truncate_bytes(&c, 200));
        out.push(')');
    }
    out
}

async fn fetch_and_read(inner: &Inner, req: &Request, controller: &AbortController, guard: &Promise) -> Result<Response, Failure> {
    let global = js_sys::global();
    let fetch = match &inner.fetch {
        Some(f) => f.clone(),
        None => get(&global, "fetch").dyn_into::<Function>().map_err(|_| Failure::NoFetch)?,
    };
    let init = Object::new();
    let headers = Object::new();
    for (k, v) in &req.headers {
        let _ = Reflect::set(&headers, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    let _ = Reflect::set(&init, &JsValue::from_str("method"), &JsValue::from_str(req.method.as_str()));
    let _ = Reflect::set(&init, &JsValue::from_str("headers"), &headers);
    if let Some(body) = &req.body {
        let _ = Reflect::set(&init, &JsValue::from_str("body"), &JsValue::from_str(body));
    }
    let _ = Reflect::set(&init, &JsValue::from_str("signal"), &controller.signal());
    // A stored fetch must be called bound to globalThis ("Illegal invocation" otherwise).
    let pending = fetch.call2(&global, &JsValue::from_str(&req.url), &init).map_err(Failure::Js)?;
    let pending = Promise::resolve(&pending);
    let response = race(&pending, guard).await?;

    let status = get(&response, "status").as_f64().filter(|s| (100.0..=599.0).contains(s)).ok_or(Failure::NotAResponse)?;
    let text = get(&response, "text").dyn_into::<Function>().map_err(|_| Failure::NotAResponse)?;
    let mut headers = Vec::new();
    let header_bag = get(&response, "headers");
    if let Ok(header_get) = get(&header_bag, "get").dyn_into::<Function>() {
        for name in ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "content-type"] {
            if let Some(v) = header_get.call1(&header_bag, &JsValue::from_str(name)).ok().and_then(|v| v.as_string()) {
                headers.push((name.to_owned(), v));
            }
        }
    }
    let body = text.call0(&response).map_err(Failure::Js)?;
    let body = race(&Promise::resolve(&body), guard).await?.as_string().unwrap_or_default();
    Ok(Response { status: status as u16, headers, body })
}

async fn race(p: &Promise, guard: &Promise) -> Result<JsValue, Failure> {
    let both = js_sys::Array::of2(p, guard);
    JsFuture::from(Promise::race(&both)).await.map_err(Failure::Js)
}
