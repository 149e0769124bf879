//! The `Client` (wasm32 only): every call from its arguments to its result, in Rust.
//! Requests are built with gloo-net and sent with the caller's `fetch` (called through
//! js-sys, bound to `globalThis`) or the global one; `timeoutMs` and the caller's
//! `AbortSignal` end a call through an `AbortController`; the retry loop, the per-token
//! limiter and `batch` are async Rust, turned into Promises by wasm-bindgen-futures.
//! The clock (`Date.now`) and the dice (`Math.random`) enter here, never in the core.
//!
//! Trap safety: no Rust closure is ever handed to JavaScript to call later. Timers and
//! abort listeners call a Promise's own `resolve`/`reject`, and every Promise awaited
//! here passes through the runtime's `gate` (pkg-template/client.js), which never settles
//! one from a wasm instance that has since been replaced. So after a trap nothing from
//! the old instance calls into the new one.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::call::{Call, Page};
use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::exchange::{Exchange, Lost, Step};
use crate::http::{Method, Request, Response};
use crate::ids::{CommunityId, GroupId};
use crate::issues::{Issue, Issues};
use crate::json::Value;
use crate::limiter::Limiter;
use crate::operation::Operation;
use crate::reconcile;
use crate::retry::Policy;
use crate::wasm::{issue, js, read, read_options, JsCodec};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(f: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    /// `String(v)`, which may throw (a `toString` that throws).
    #[wasm_bindgen(catch, js_name = String)]
    fn js_string(v: &JsValue) -> Result<JsValue, JsValue>;
}

/// The response headers the core reads (rate limits, Retry-After, content type).
const HEADERS_READ: [&str; 5] = ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "content-type"];
/// The options `client.batch` takes.
const BATCH_OPTIONS: [&str; 3] = ["concurrency", "signal", "onProgress"];
/// Connection errors that mean the request never left: it can be sent again safely.
const NOT_SENT: [&str; 6] = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL"];

// ---- the runtime's part ------------------------------------------------------------------

thread_local! {
    /// `WaGroupsError` and the Promise gate, registered by the runtime after each
    /// instantiation (`setRuntime`). Without them (wasm-bindgen-test), errors are plain
    /// objects and Promises are awaited as they are.
    static RUNTIME: RefCell<Option<Runtime>> = const { RefCell::new(None) };
    /// One limiter per provider and token, shared by every client using that token: the
    /// providers count requests per token.
    static LIMITERS: RefCell<BTreeMap<String, Rc<RefCell<Limiter>>>> = const { RefCell::new(BTreeMap::new()) };
}

/// What the runtime (pkg-template/client.js) lends the client for trap recovery.
struct Runtime {
    error_class: Function,
    /// `gate(promise)`: the same promise, unless the instance is replaced meanwhile.
    gate: Function,
    /// `later(fn, ms)` and `cancel(id)`: setTimeout and clearTimeout, tracked so that a
    /// trap clears the old instance's timers.
    later: Function,
    cancel: Function,
}

/// Registers the runtime's error class, Promise gate and timers (pkg-template/client.js).
#[wasm_bindgen(js_name = setRuntime)]
pub fn set_runtime(error_class: Function, gate: Function, later: Function, cancel: Function) {
    RUNTIME.with(|r| *r.borrow_mut() = Some(Runtime { error_class, gate, later, cancel }));
}

fn start_timer(f: &Function, ms: u64) -> JsValue {
    let later = RUNTIME.with(|r| r.borrow().as_ref().map(|rt| rt.later.clone()));
    match later {
        Some(later) => later.call2(&JsValue::NULL, f, &JsValue::from(ms as f64)).unwrap_or(JsValue::UNDEFINED),
        None => set_timeout(f, ms as f64),
    }
}

fn stop_timer(id: &JsValue) {
    let cancel = RUNTIME.with(|r| r.borrow().as_ref().map(|rt| rt.cancel.clone()));
    match cancel {
        Some(cancel) => {
            let _ = cancel.call1(&JsValue::NULL, id);
        }
        None => clear_timeout(id),
    }
}

/// The error as a `WaGroupsError` (its message, kind and the other contract fields).
pub fn error_value(e: &Error) -> JsValue {
    let details = js(&e.to_value());
    let class = RUNTIME.with(|r| r.borrow().as_ref().map(|rt| rt.error_class.clone()));
    match class {
        Some(class) => Reflect::construct(&class, &Array::of2(&JsValue::from_str(&e.message), &details)).unwrap_or(details),
        None => details,
    }
}

fn gate(p: Promise) -> Promise {
    let gate = RUNTIME.with(|r| r.borrow().as_ref().map(|rt| rt.gate.clone()));
    match gate {
        Some(gate) => gate.call1(&JsValue::NULL, &p).ok().and_then(|g| g.dyn_into::<Promise>().ok()).unwrap_or(p),
        None => p,
    }
}

fn now() -> u64 {
    crate::json::whole(js_sys::Date::now()).unwrap_or(0)
}

fn global() -> JsValue {
    js_sys::global().into()
}

fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn method_of(target: &JsValue, name: &str) -> Option<Function> {
    get(target, name).ok().and_then(|f| f.dyn_into::<Function>().ok())
}

fn is_given(v: &JsValue) -> bool {
    !v.is_undefined() && !v.is_null()
}

// ---- waiting -----------------------------------------------------------------------------

/// How an attempt ended without an answer: what, a description, and whether the request
/// may have arrived.
type Unanswered = (Lost, String, bool);

/// A Promise that resolves on a timer or on the caller's signal, whichever comes first,
/// through JavaScript's own `resolve` (no Rust closure waits in JavaScript), with one of
/// two marker objects that nothing else can produce. Dropping it clears the timer and
/// removes the listener.
struct Alarm {
    promise: Promise,
    time: JsValue,
    abort: JsValue,
    timer: Option<JsValue>,
    listener: Option<(JsValue, Function)>,
}

/// What ended a wait.
enum Woke {
    Time,
    Signal,
}

/// The signal could not be read or listened to.
struct BadSignal;

impl Alarm {
    /// `strict`: a signal that cannot be read or listened to is an error (else ignored).
    /// `Err(Ok(()))`: the signal has fired already.
    fn new(ms: Option<u64>, signal: &JsValue, strict: bool) -> Result<Alarm, Result<(), BadSignal>> {
        if is_given(signal) {
            match get(signal, "aborted") {
                Ok(a) if a.is_truthy() => return Err(Ok(())),
                Ok(_) => {}
                Err(_) if strict => return Err(Err(BadSignal)),
                Err(_) => {}
            }
        }
        let mut handle: Option<Function> = None;
        let promise = Promise::new(&mut |resolve, _reject| handle = Some(resolve));
        let Some(resolve) = handle else { return Err(Err(BadSignal)) };
        let (time, abort): (JsValue, JsValue) = (Object::new().into(), Object::new().into());
        let mut alarm = Alarm { promise, time, abort, timer: None, listener: None };
        if let Some(ms) = ms {
            let on_time: Function = resolve.bind1(&JsValue::NULL, &alarm.time).unchecked_into();
            alarm.timer = Some(start_timer(&on_time, ms));
        }
        if is_given(signal) {
            let on_abort: Function = resolve.bind1(&JsValue::NULL, &alarm.abort).unchecked_into();
            let listened = method_of(signal, "addEventListener").map(|add| add.call2(signal, &JsValue::from_str("abort"), &on_abort));
            match listened {
                Some(Ok(_)) => alarm.listener = Some((signal.clone(), on_abort)),
                _ if strict => return Err(Err(BadSignal)),
                _ => {}
            }
        }
        Ok(alarm)
    }

    fn woke(&self, v: &JsValue) -> Option<Woke> {
        if *v == self.time {
            Some(Woke::Time)
        } else if *v == self.abort {
            Some(Woke::Signal)
        } else {
            None
        }
    }

    /// Awaits `p` unless the alarm goes off first: `Err(Ok(woke))` then, `Err(Err(e))`
    /// when `p` rejected with `e`.
    async fn race(&self, p: Promise) -> Result<JsValue, Result<Woke, JsValue>> {
        match JsFuture::from(gate(Promise::race(&Array::of2(&p, &self.promise)))).await {
            Ok(v) => match self.woke(&v) {
                Some(woke) => Err(Ok(woke)),
                None => Ok(v),
            },
            Err(e) => Err(Err(e)),
        }
    }

    /// Awaits the alarm itself (a sleep): `Ok` on time, `Err` when the signal fired.
    async fn wait(&self) -> Result<(), ()> {
        match JsFuture::from(gate(self.promise.clone())).await.map(|v| self.woke(&v)) {
            Ok(Some(Woke::Signal)) | Err(_) => Err(()),
            _ => Ok(()),
        }
    }
}

impl Drop for Alarm {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            stop_timer(timer);
        }
        if let Some((signal, listener)) = &self.listener {
            if let Some(remove) = method_of(signal, "removeEventListener") {
                let _ = remove.call2(signal, &JsValue::from_str("abort"), listener);
            }
        }
    }
}

/// Waits `ms`, unless the signal fires first.
async fn sleep(ms: u64, signal: &JsValue) -> Result<(), ()> {
    match Alarm::new(Some(ms), signal, false) {
        Ok(alarm) => alarm.wait().await,
        Err(Ok(())) => Err(()),
        Err(Err(BadSignal)) => Ok(()),
    }
}

// ---- one exchange ------------------------------------------------------------------------

/// A thrown value's name, message and cause code, never its stack. The core redacts the
/// whole text first and cuts it after.
fn describe(e: &JsValue) -> String {
    let text = |v: JsValue| v.as_string();
    let name = get(e, "name").ok().and_then(text).map(|n| [n.as_str(), ": "].concat()).unwrap_or_default();
    let message = match get(e, "message").ok().and_then(text) {
        Some(m) => m,
        None => match js_string(e).ok().and_then(text) {
            Some(s) => s,
            None => return "no response (fetch failed with a value that cannot be described)".to_owned(),
        },
    };
    let cause = get(e, "cause").unwrap_or(JsValue::UNDEFINED);
    let code = get(&cause, "code").ok().and_then(text).or_else(|| get(&cause, "message").ok().and_then(text));
    let code = code.map(|c| [" (", c.as_str(), ")"].concat()).unwrap_or_default();
    ["no response (", &name, &message, &code, ")"].concat()
}

/// Whether the request may have arrived: false only for connection errors that mean it
/// never left.
fn may_have_arrived(e: &JsValue) -> bool {
    let cause = get(e, "cause").unwrap_or(JsValue::UNDEFINED);
    let code = get(&cause, "code").ok().and_then(|c| c.as_string()).or_else(|| get(e, "code").ok().and_then(|c| c.as_string()));
    !code.is_some_and(|c| NOT_SENT.contains(&c.as_str()))
}

fn too_large() -> Unanswered {
    (Lost::Decode, ["the answer is larger than ", &crate::text::uint(crate::MAX_BODY_BYTES as u64), " bytes; not read"].concat(), true)
}

/// Sends `request` and reads the answer whole, within `timeout_ms` and unless `signal`
/// fires.
async fn exchange(fetch: Option<&Function>, request: &Request, timeout_ms: u32, signal: &JsValue) -> Result<Response, Unanswered> {
    let alarm = match Alarm::new(Some(u64::from(timeout_ms)), signal, true) {
        Ok(a) => a,
        Err(Ok(())) => return Err((Lost::Aborted, "the call was aborted before it was sent".to_owned(), false)),
        Err(Err(BadSignal)) => return Err((Lost::Aborted, "the signal could not be read".to_owned(), false)),
    };
    let ended = |woke: Woke, controller: &web_sys::AbortController| {
        controller.abort();
        match woke {
            Woke::Time => (Lost::Timeout, ["no complete answer within ", &crate::text::uint(u64::from(timeout_ms)), " ms (timeoutMs)"].concat(), true),
            Woke::Signal => (Lost::Aborted, "the call was aborted".to_owned(), true),
        }
    };
    let controller = web_sys::AbortController::new().map_err(|e| (Lost::Network, describe(&e), false))?;
    let fetch = match fetch {
        Some(f) => f.clone(),
        None => match method_of(&global(), "fetch") {
            Some(f) => f,
            None => return Err((Lost::Network, "this runtime has no global fetch; pass options.fetch".to_owned(), false)),
        },
    };
    let method = match request.method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Put => gloo_net::http::Method::PUT,
        Method::Delete => gloo_net::http::Method::DELETE,
    };
    // gloo-net writes the query itself (URLSearchParams): hand it the pairs, decoded.
    let (url, query) = request.url.split_once('?').unwrap_or((request.url.as_str(), ""));
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (crate::text::percent_decode(k), crate::text::percent_decode(v))
        })
        .collect();
    let builder = gloo_net::http::RequestBuilder::new(url).method(method).query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let builder = request.headers.iter().fold(builder, |b, (k, v)| b.header(k, v));
    let built = match &request.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    };
    let built: web_sys::Request = built.map_err(|_| (Lost::Network, "no response (the request could not be built)".to_owned(), false))?.into();
    // A stored fetch must be called bound to globalThis ("Illegal invocation" otherwise).
    // The signal goes with the call, not into the Request: Node 20's undici keeps every
    // Request made with a signal alive (1.9 KB each) when the fetch never reads it
    // (docs/decisions.md). `fetch(request, { signal })` is the same call everywhere.
    let init = Object::new();
    set(&init, "signal", &controller.signal());
    let sent = match fetch.call2(&global(), &built, &init) {
        Ok(p) => Promise::resolve(&p),
        Err(e) => return Err((Lost::Network, describe(&e), may_have_arrived(&e))),
    };
    let res = match alarm.race(sent).await {
        Ok(res) => res,
        Err(Ok(woke)) => return Err(ended(woke, &controller)),
        Err(Err(e)) => return Err((Lost::Network, describe(&e), may_have_arrived(&e))),
    };
    let not_http = || (Lost::Decode, "fetch resolved to something that is not a readable HTTP response".to_owned(), true);
    let status = get(&res, "status").ok().and_then(|s| s.as_f64()).and_then(crate::json::whole).filter(|s| (100..=599).contains(s));
    let (Some(status), Some(text)) = (status, method_of(&res, "text")) else { return Err(not_http()) };
    let status = u16::try_from(status).map_err(|_| not_http())?;
    let headers_of = get(&res, "headers").unwrap_or(JsValue::UNDEFINED);
    let get_header = method_of(&headers_of, "get");
    let header = |name: &str| {
        let value = get_header.as_ref()?.call1(&headers_of, &JsValue::from_str(name)).ok().filter(is_given)?;
        value.as_string().or_else(|| js_string(&value).ok().and_then(|v| v.as_string()))
    };
    let headers: Vec<(String, String)> = HEADERS_READ.iter().filter_map(|&name| header(name).map(|v| (name.to_owned(), v))).collect();
    let length = header("content-length").and_then(|n| crate::json::parse_u64(n.trim()));
    if length.is_some_and(|n| n > crate::MAX_BODY_BYTES as u64) {
        controller.abort();
        return Err(too_large());
    }
    // An answer of a declared length, not compressed (fetch would inflate it past that
    // length), is read whole by `text()`: the length bounds it. Any other is read chunk
    // by chunk, counting.
    let bounded = length.is_some() && header("content-encoding").is_none_or(|e| e.trim().eq_ignore_ascii_case("identity"));
    let stream = if bounded { JsValue::UNDEFINED } else { get(&res, "body").unwrap_or(JsValue::UNDEFINED) };
    let reader = if is_given(&stream) { method_of(&stream, "getReader").and_then(|g| g.call0(&stream).ok()) } else { None };
    let body = match reader {
        Some(reader) => {
            let Some(read_chunk) = method_of(&reader, "read") else { return Err(not_http()) };
            let mut bytes: Vec<u8> = Vec::new();
            loop {
                let next = read_chunk.call0(&reader).map(|p| Promise::resolve(&p));
                let chunk = match next {
                    Ok(p) => alarm.race(p).await,
                    Err(e) => Err(Err(e)),
                };
                let chunk = match chunk {
                    Ok(c) => c,
                    Err(Ok(woke)) => return Err(ended(woke, &controller)),
                    Err(Err(e)) => return Err((Lost::Network, describe(&e), true)),
                };
                if get(&chunk, "done").is_ok_and(|d| d.is_truthy()) {
                    break;
                }
                let Ok(value) = get(&chunk, "value").and_then(|v| v.dyn_into::<Uint8Array>()) else { return Err(not_http()) };
                if bytes.len() + value.length() as usize > crate::MAX_BODY_BYTES {
                    controller.abort();
                    return Err(too_large());
                }
                let start = bytes.len();
                bytes.resize(start + value.length() as usize, 0);
                if let Some(tail) = bytes.get_mut(start..) {
                    value.copy_to(tail);
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        None => {
            let read_text = text.call0(&res).map(|p| Promise::resolve(&p));
            let got = match read_text {
                Ok(p) => alarm.race(p).await,
                Err(e) => Err(Err(e)),
            };
            match got {
                Ok(t) => {
                    let t = js_string(&t).ok().and_then(|t| t.as_string()).unwrap_or_default();
                    if t.len() > crate::MAX_BODY_BYTES {
                        return Err(too_large());
                    }
                    t
                }
                Err(Ok(woke)) => return Err(ended(woke, &controller)),
                Err(Err(e)) => return Err((Lost::Network, describe(&e), true)),
            }
        }
    };
    Ok(Response { status, headers, body })
}

// ---- the client --------------------------------------------------------------------------

struct Inner {
    config: Config,
    timeout_ms: Option<u32>,
    retry: Policy,
    fetch: Option<Function>,
    limiter: Option<Rc<RefCell<Limiter>>>,
    /// The caller's `onEvent`.
    on_event: Option<Function>,
    /// The caller's `beforeSend`: awaited before each request, outside its time limit.
    before_send: Option<Function>,
    /// `reconcileCreates`: what the client knows to look for a create whose answer was lost.
    reconcile: Option<Reconciler>,
}

/// The state of `reconcileCreates` (src/reconcile.rs), shared by a client's calls.
#[derive(Default)]
struct Reconciler {
    /// The groups (and communities) the instance had before this client's first create:
    /// read once, or given (`reconcileCreates.known`).
    known: RefCell<Option<Vec<GroupId>>>,
    /// `reconcileCreates.claim`: the caller's record decides whether a group found by a
    /// look may be this call's (another process may have taken it).
    claim: Option<Function>,
    /// The one listing that reads them, which every create awaits before it is sent.
    loading: RefCell<Option<Promise>>,
    /// What that listing ended with, when it failed (the next create tries again).
    failed: RefCell<Option<Error>>,
    /// The groups this client's creates made (answered or found): never another call's.
    claimed: RefCell<Vec<GroupId>>,
}

/// Tells the caller's `onEvent` one thing the client did: `{type, provider, operation, …}`.
/// Only what `fill` sets beside those (secrets already redacted); what the hook throws is
/// ignored, as a log line that failed would be.
fn emit(inner: &Inner, op: Operation, kind: &str, fill: impl FnOnce(&Object)) {
    let Some(hook) = &inner.on_event else { return };
    let event = Object::new();
    set(&event, "type", &JsValue::from_str(kind));
    set(&event, "provider", &JsValue::from_str(inner.config.provider.name()));
    set(&event, "operation", &JsValue::from_str(op.name()));
    fill(&event);
    let _ = hook.call1(&JsValue::NULL, &event);
}

/// A client for one gateway instance: the options are read and checked once, here.
#[wasm_bindgen]
pub struct Client {
    inner: Rc<Inner>,
}

/// What a method call needs before its first request: the exchange, its time limit and
/// the caller's signal.
struct Prepared {
    exchange: Exchange,
    timeout_ms: u32,
    retry: Policy,
    signal: JsValue,
    /// Told how long the call waits for the rate limit (a batch reports it).
    on_wait: Option<Rc<dyn Fn(u64)>>,
    /// `mayHaveBeenSent`: look for the create's group before sending it.
    look_first: bool,
}

#[wasm_bindgen]
impl Client {
    /// Bad options throw `WaGroupsError` "validation" naming every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Client, JsValue> {
        let mut extra = Vec::new();
        // The options only the runtime can hold: functions.
        let mut function = |name: &str| -> Option<Function> {
            if !options.is_object() {
                return None;
            }
            match get(&options, name) {
                Ok(f) if !is_given(&f) => None,
                Ok(f) => f.dyn_into::<Function>().map_err(|_| extra.push(Issue { field: name.to_owned(), message: "must be a function".to_owned() })).ok(),
                Err(_) => {
                    extra.push(Issue { field: name.to_owned(), message: "could not be read".to_owned() });
                    None
                }
            }
        };
        let fetch = function("fetch");
        let on_event = function("onEvent");
        let before_send = function("beforeSend");
        let claim = reconcile_claim(&options, &mut extra);
        let v = match read_options(&options, "options") {
            Ok(v) => v,
            Err(e) => return Err(error_value(&e)),
        };
        let o = crate::read_client_options(&v, extra).map_err(|e| error_value(&e))?;
        let limiter = o.rate_limit.map(|rate| {
            let key = [o.config.provider.name(), "\n", &o.config.token].concat();
            LIMITERS.with(|all| {
                let mut all = all.borrow_mut();
                let shared = all.entry(key).or_insert_with(|| Rc::new(RefCell::new(Limiter::new(rate))));
                shared.borrow_mut().set_rate(rate);
                Rc::clone(shared)
            })
        });
        let reconcile = o.reconcile_creates.map(|settings| Reconciler { known: RefCell::new(settings.known), claim, ..Reconciler::default() });
        Ok(Client { inner: Rc::new(Inner { config: o.config, timeout_ms: o.timeout_ms, retry: o.retry, fetch, limiter, on_event, before_send, reconcile }) })
    }

    /// The provider this client talks to.
    #[wasm_bindgen(getter)]
    pub fn provider(&self) -> String {
        self.inner.config.provider.name().to_owned()
    }

    /// Any operation by name, with its input as one object (`{groupId, …}`).
    pub fn call(&self, op: &str, input: JsValue, opts: JsValue) -> Promise {
        match self.prepare(op, &input, &opts) {
            Ok(p) => future_to_promise(run(Rc::clone(&self.inner), p)),
            Err(e) => Promise::reject(&error_value(&e)),
        }
    }

    /// Runs many calls (`{op, ...fields}`) under the rate limit, at most `concurrency` at a
    /// time. Resolves with one outcome per call, in input order; never rejects as a whole.
    /// When `signal` fires, calls in flight end as "aborted" and calls not yet started
    /// come back as `{status: "not_started"}`.
    pub fn batch(&self, calls: JsValue, options: JsValue) -> Promise {
        let provider = Some(self.inner.config.provider);
        let settings = match batch_options(&calls, &options) {
            Ok(s) => s,
            Err(issues) => return Promise::reject(&error_value(&Error::validation(issues).with_context(provider, None))),
        };
        let inner = Rc::clone(&self.inner);
        let calls: Array = calls.unchecked_into();
        future_to_promise(async move {
            let total = calls.length();
            let state = Rc::new(BatchState { next: Cell::new(0), outcomes: RefCell::new(vec![JsValue::UNDEFINED; total as usize]), counts: Cell::new([0; 3]) });
            let workers: Vec<_> = (0..settings.concurrency.min(total)).map(|_| worker(Rc::clone(&inner), calls.clone(), Rc::clone(&state), settings.clone())).collect();
            futures_util::future::join_all(workers).await;
            let out = Array::new();
            for (i, outcome) in state.outcomes.borrow().iter().enumerate() {
                if outcome.is_undefined() {
                    let not_started = Object::new();
                    if let Some(op) = u32::try_from(i).ok().and_then(|i| op_of(&calls.get(i))) {
                        set(&not_started, "op", &JsValue::from_str(&op));
                    }
                    set(&not_started, "status", &JsValue::from_str("not_started"));
                    out.push(&not_started);
                } else {
                    out.push(outcome);
                }
            }
            Ok(out.into())
        })
    }
}

impl Client {
    /// Reads a call's input and options, checks them and builds the first request.
    fn prepare(&self, op: &str, input: &JsValue, opts: &JsValue) -> Result<Prepared, Error> {
        #[cfg(feature = "test-trap")]
        if op == "__trap" {
            core::arch::wasm32::unreachable();
        }
        let op = self.operation(op)?;
        let input = read(input, "input").map_err(|e| e.with_context(Some(self.inner.config.provider), Some(op)))?;
        self.prepare_value(op, &input, opts)
    }

    fn operation(&self, name: &str) -> Result<Operation, Error> {
        Operation::parse(name).ok_or_else(|| {
            let names: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
            issue("op", &["must be one of ", &names.join(", ")].concat()).with_context(Some(self.inner.config.provider), None)
        })
    }

    /// Checks a read input and the call's options, and builds the first request.
    fn prepare_value(&self, op: Operation, input: &Value, opts: &JsValue) -> Result<Prepared, Error> {
        let config = &self.inner.config;
        let context = |e: Error| e.with_context(Some(config.provider), Some(op));
        if is_given(opts) && !opts.is_object() {
            let got = opts.js_typeof().as_string().unwrap_or_default();
            return Err(context(issue("options", &["must be an object, got ", &got].concat())));
        }
        let signal = if is_given(opts) { get(opts, "signal").map_err(|_| context(issue("opts", "could not be read")))? } else { JsValue::UNDEFINED };
        let (call, own) = crate::read_method_call(config, op, input, &read_options(opts, "options").map_err(context)?).map_err(context)?;
        let timeout_ms = crate::exchange::timeout_ms(config, own.timeout_ms.or(self.inner.timeout_ms), &call);
        let retry = Policy { max_retries: own.max_retries.unwrap_or(self.inner.retry.max_retries), ..self.inner.retry };
        if own.may_have_been_sent && self.inner.reconcile.is_none() {
            return Err(context(issue("options.mayHaveBeenSent", "needs a client made with reconcileCreates (it looks for the group before sending)")));
        }
        Ok(Prepared { exchange: Exchange::new(config, call), timeout_ms, retry, signal, on_wait: None, look_first: own.may_have_been_sent })
    }

    /// A method of the contract: its positional arguments become the input's members.
    pub(crate) fn method(&self, op: Operation, args: &[(&str, &JsValue)], opts: &JsValue) -> Promise {
        let mut members = Vec::with_capacity(args.len());
        for (name, value) in args {
            match read(value, name) {
                Ok(v) => members.push(((*name).to_owned(), v)),
                Err(e) => return Promise::reject(&error_value(&e.with_context(Some(self.inner.config.provider), Some(op)))),
            }
        }
        self.call_value(op, Value::Object(members), opts)
    }

    fn call_value(&self, op: Operation, input: Value, opts: &JsValue) -> Promise {
        match self.prepare_value(op, &input, opts) {
            Ok(p) => future_to_promise(run(Rc::clone(&self.inner), p)),
            Err(e) => Promise::reject(&error_value(&e)),
        }
    }
}

/// Holds every call on this token until the provider said to come back (a 429).
fn pause_if_limited(inner: &Inner, e: &Error) {
    if let (Some(limiter), ErrorKind::RateLimited { retry_after_ms }) = (&inner.limiter, &e.kind) {
        limiter.borrow_mut().pause(now(), retry_after_ms.unwrap_or(1000));
    }
}

/// Waits for the token's limiter to let one more request go.
async fn take(inner: &Inner, op: Operation, limiter: &Rc<RefCell<Limiter>>, signal: &JsValue, on_wait: Option<&dyn Fn(u64)>) -> Result<(), Unanswered> {
    loop {
        let wait = limiter.borrow_mut().wait_ms(now());
        if wait == 0 {
            limiter.borrow_mut().sent(now());
            return Ok(());
        }
        emit(inner, op, "rate_limit_wait", |e| set(e, "ms", &JsValue::from(wait as f64)));
        if let Some(told) = on_wait {
            told(wait);
        }
        sleep(wait, signal).await.map_err(|()| (Lost::Aborted, "the call was aborted while waiting for the rate limit".to_owned(), false))?;
    }
}

/// Awaits the caller's `beforeSend({operation, attempt, signal})` (a shared limiter's slot,
/// say), outside the request's time limit. What it throws or rejects with ends the call as
/// "aborted", not sent.
async fn before_send(hook: &Function, op: Operation, attempt: u32, signal: &JsValue) -> Result<(), Unanswered> {
    let info = Object::new();
    set(&info, "operation", &JsValue::from_str(op.name()));
    set(&info, "attempt", &JsValue::from(attempt));
    set(&info, "signal", signal);
    let aborted = || (Lost::Aborted, "the call was aborted while beforeSend waited; nothing was sent".to_owned(), false);
    // The caller's signal ends the wait even if the hook does not listen to it.
    let alarm = match Alarm::new(None, signal, false) {
        Ok(alarm) => alarm,
        Err(Ok(())) => return Err(aborted()),
        Err(Err(BadSignal)) => return Err((Lost::Aborted, "beforeSend could not be awaited".to_owned(), false)),
    };
    let waited = match hook.call1(&JsValue::NULL, &info) {
        Ok(v) => alarm.race(Promise::resolve(&v)).await.map(|_| ()),
        Err(e) => Err(Err(e)),
    };
    match waited {
        Ok(()) => Ok(()),
        Err(Ok(_)) => Err(aborted()),
        Err(Err(e)) => Err((Lost::Aborted, ["beforeSend failed, so nothing was sent: ", &describe(&e)].concat(), false)),
    }
}

/// One call, to its end: attempts, follow-ups and retries.
async fn run(inner: Rc<Inner>, prepared: Prepared) -> Result<JsValue, JsValue> {
    run_value(inner, prepared).await.map(|v| js(&v)).map_err(|e| error_value(&e))
}

/// `run_value` boxed, for the calls a call makes itself (a look for a lost create).
fn run_boxed(inner: Rc<Inner>, prepared: Prepared) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Value, Error>>>> {
    Box::pin(run_value(inner, prepared))
}

/// One call, to its end: its result as the core writes it, or its error.
async fn run_value(inner: Rc<Inner>, prepared: Prepared) -> Result<Value, Error> {
    let Prepared { exchange: mut ex, timeout_ms, retry, signal, on_wait, look_first } = prepared;
    let op = ex.call().operation();
    let reconciling = inner.reconcile.is_some() && matches!(op, Operation::CreateGroup | Operation::CreateCommunity);
    if reconciling {
        // What the instance had before: a lost create is looked for among what is new.
        known_groups(&inner, &signal).await.map_err(|e| {
            let message = ["could not list the groups before creating (reconcileCreates), so nothing was sent: ", &e.message].concat();
            Error { message, operation: Some(op), ..e }.with_arrival(false)
        })?;
    }
    let mut looks = 0;
    if reconciling && look_first {
        // An earlier process may have sent it: its group, if there, is the result.
        let mut tries = 0;
        loop {
            match look_for_create(&inner, ex.call(), &signal).await {
                Ok(Some(created)) => return Ok(created),
                Ok(None) => break,
                Err(e) if reconcile::worth_again(&e) && tries < retry.max_retries => tries += 1,
                Err(e) => {
                    let message = ["could not look for the group of a create that may have been sent before, so nothing was sent: ", &e.message].concat();
                    return Err(Error { message, operation: Some(op), ..e }.with_arrival(false));
                }
            }
        }
    }
    let mut delay = 0;
    loop {
        let mut sent_at = None;
        let attempt = async {
            if delay > 0 {
                sleep(delay, &signal).await.map_err(|()| (Lost::Aborted, "the call was aborted while waiting to retry".to_owned(), false))?;
            }
            if let Some(limiter) = &inner.limiter {
                take(&inner, op, limiter, &signal, on_wait.as_deref()).await?;
            }
            if let Some(hook) = &inner.before_send {
                before_send(hook, op, ex.attempt(), &signal).await?;
            }
            let request = ex.request();
            emit(&inner, op, "request", |e| {
                set(e, "method", &JsValue::from_str(request.method.as_str()));
                set(e, "url", &JsValue::from_str(&inner.config.redact(&request.url)));
                set(e, "attempt", &JsValue::from(ex.attempt()));
            });
            // Timed only for `onEvent`: no clock read on a client without it.
            sent_at = Some(if inner.on_event.is_some() { now() } else { 0 });
            exchange(inner.fetch.as_ref(), request, timeout_ms, &signal).await
        };
        let result = attempt.await;
        let ms = sent_at.filter(|_| inner.on_event.is_some()).map(|t| now().saturating_sub(t) as f64);
        match &result {
            Ok(response) => emit(&inner, op, "response", |e| {
                set(e, "status", &JsValue::from(response.status));
                set(e, "ms", &ms.map_or(JsValue::UNDEFINED, JsValue::from));
                set(e, "attempt", &JsValue::from(ex.attempt()));
            }),
            Err((lost, _, reached)) if sent_at.is_some() => emit(&inner, op, "no_response", |e| {
                set(e, "kind", &JsValue::from_str(lost.kind().name()));
                set(e, "ms", &ms.map_or(JsValue::UNDEFINED, JsValue::from));
                set(e, "attempt", &JsValue::from(ex.attempt()));
                set(e, "mayHaveArrived", &JsValue::from(*reached));
            }),
            Err(_) => {}
        }
        let step = match result {
            Ok(response) => {
                if let Some(limiter) = &inner.limiter {
                    limiter.borrow_mut().observe(&response, now());
                }
                let at = Some(now()).filter(|&t| t > 0);
                ex.answered(&inner.config, &retry, &response, at, js_sys::Math::random(), &JsCodec)
            }
            Err((lost, detail, reached)) => ex.unanswered(&inner.config, &retry, lost, &detail, reached, js_sys::Math::random()),
        };
        match step {
            Step::Done(v) => {
                if reconciling {
                    let made = v.get("groupId").or_else(|| v.get("communityId")).and_then(Value::as_str).and_then(|s| GroupId::parse(s).ok());
                    if let Some(group) = made {
                        // A group this create made: no other call's, whatever the record says.
                        let _ = claim(&inner, group).await;
                    }
                }
                return Ok(v);
            }
            Step::Resend => delay = 0,
            Step::Again { after_ms, error } => {
                pause_if_limited(&inner, &error);
                emit(&inner, op, "retry", |e| {
                    set(e, "attempt", &JsValue::from(ex.attempt()));
                    set(e, "delayMs", &JsValue::from(after_ms as f64));
                    set(e, "reason", &JsValue::from_str(error.kind.name()));
                    if let Some(status) = error.status {
                        set(e, "status", &JsValue::from(status));
                    }
                });
                delay = after_ms;
            }
            Step::Failed(e) => {
                pause_if_limited(&inner, &e);
                // A create that may have made its group all the same (its answer lost, a
                // 5xx, an unreadable 2xx): look before deciding (src/reconcile.rs), at most
                // once per try the policy allows.
                // A look that itself fails (a lost or unreadable listing) is tried again.
                let mut resend = false;
                while reconciling && reconcile::outcome_unknown(&e) && looks <= retry.max_retries {
                    looks += 1;
                    match look_for_create(&inner, ex.call(), &signal).await {
                        Ok(Some(created)) => return Ok(created),
                        Ok(None) => {
                            resend = true;
                            break;
                        }
                        Err(failed) if reconcile::worth_again(&failed) => {}
                        Err(_) => break,
                    }
                }
                if resend {
                    delay = 0;
                    continue;
                }
                return Err(e);
            }
        }
    }
}

/// A call the client makes for a look: the client's own time limit and retries.
fn own_call(inner: &Rc<Inner>, call: Call, signal: &JsValue) -> Prepared {
    let timeout_ms = crate::exchange::timeout_ms(&inner.config, inner.timeout_ms, &call);
    Prepared { exchange: Exchange::new(&inner.config, call), timeout_ms, retry: inner.retry, signal: signal.clone(), on_wait: None, look_first: false }
}

/// Every group of the instance with its name, page after page; with `communities`, its
/// communities instead (Z-API's `listCommunities`).
async fn list_groups(inner: &Rc<Inner>, signal: &JsValue, communities: bool) -> Result<Vec<(GroupId, Option<String>)>, Error> {
    let mut all = Vec::new();
    for page in 1..=reconcile::MAX_PAGES {
        let page = Some(Page { page, size: reconcile::PAGE_SIZE });
        let call = if communities { Call::ListCommunities { page } } else { Call::ListGroups { page } };
        let list = run_boxed(Rc::clone(inner), own_call(inner, call, signal)).await?;
        let (groups, more) = if communities { reconcile::page_communities(&list) } else { reconcile::page_groups(&list) };
        all.extend(groups);
        if !more {
            break;
        }
    }
    Ok(all)
}

/// Whether the instance's communities have a listing of their own (Z-API); elsewhere a
/// community shows in the group listing as its announcements group.
fn lists_communities(inner: &Inner) -> bool {
    crate::providers::supports(inner.config.provider, Operation::ListCommunities)
}

/// The groups and communities the instance has now, each with its name.
async fn list_all(inner: &Rc<Inner>, signal: &JsValue) -> Result<Vec<(GroupId, Option<String>)>, Error> {
    let mut all = list_groups(inner, signal, false).await?;
    if lists_communities(inner) {
        all.extend(list_groups(inner, signal, true).await?);
    }
    Ok(all)
}

/// The groups the instance had before this client's first create, read by one listing
/// that every create awaits (so that none is sent before it).
async fn known_groups(inner: &Rc<Inner>, signal: &JsValue) -> Result<(), Error> {
    let Some(r) = &inner.reconcile else { return Ok(()) };
    if r.known.borrow().is_some() {
        return Ok(());
    }
    let pending = r.loading.borrow().clone();
    let promise = match pending {
        Some(p) => p,
        None => {
            let (me, signal) = (Rc::clone(inner), signal.clone());
            let p = future_to_promise(async move {
                let mut listed = list_all(&me, &signal).await;
                for _ in 0..me.retry.max_retries {
                    match &listed {
                        Err(e) if reconcile::worth_again(e) => listed = list_all(&me, &signal).await,
                        _ => break,
                    }
                }
                if let Some(r) = &me.reconcile {
                    r.loading.replace(None);
                    match listed {
                        Ok(groups) => {
                            r.known.replace(Some(groups.into_iter().map(|(id, _)| id).collect()));
                        }
                        Err(e) => {
                            r.failed.replace(Some(e));
                        }
                    }
                }
                Ok(JsValue::UNDEFINED)
            });
            r.loading.replace(Some(p.clone()));
            p
        }
    };
    let _ = JsFuture::from(promise).await;
    if r.known.borrow().is_some() {
        return Ok(());
    }
    Err(r.failed.borrow().clone().unwrap_or_else(|| Error::new(ErrorKind::Internal, "the groups could not be listed")))
}

/// Takes `group` as a create's result: false when the caller's record
/// (`reconcileCreates.claim`) says another call already has it; an error when the record
/// could not say (then nothing may be sent: the group found may well be this call's).
async fn claim(inner: &Inner, group: GroupId) -> Result<bool, Error> {
    let Some(r) = &inner.reconcile else { return Ok(false) };
    if r.claimed.borrow().contains(&group) {
        return Ok(false);
    }
    if let Some(hook) = &r.claim {
        let answer = match hook.call1(&JsValue::NULL, &JsValue::from_str(&group.jid())) {
            Ok(v) => JsFuture::from(gate(Promise::resolve(&v))).await,
            Err(e) => Err(e),
        };
        match answer {
            Ok(v) if v.is_truthy() => {}
            Ok(_) => return Ok(false),
            Err(e) => {
                let detail = describe(&e);
                let detail = detail.strip_prefix("no response (").and_then(|d| d.strip_suffix(')')).unwrap_or(&detail);
                let message = ["reconcileCreates.claim failed (", detail, "), so the create was not decided: nothing more was sent"].concat();
                return Err(Error::new(ErrorKind::Aborted, inner.config.redact(&message)).with_context(Some(inner.config.provider), None).with_arrival(false));
            }
        }
    }
    r.claimed.borrow_mut().push(group);
    Ok(true)
}

/// Looks for the group (or community) a create made although its answer was lost:
/// `Some(result)` when found (and claimed), `None` when it is not there (sending again is
/// safe).
async fn look_for_create(inner: &Rc<Inner>, call: &Call, signal: &JsValue) -> Result<Option<Value>, Error> {
    let Some(r) = &inner.reconcile else { return Ok(None) };
    let (op, name) = match call {
        Call::CreateGroup { name, .. } => (Operation::CreateGroup, name),
        Call::CreateCommunity { name, .. } => (Operation::CreateCommunity, name),
        _ => return Ok(None),
    };
    let community_listing = op == Operation::CreateCommunity && lists_communities(inner);
    let listed = list_groups(inner, signal, community_listing).await?;
    let known = r.known.borrow().clone().unwrap_or_default();
    let candidates = reconcile::candidates(&listed, name, &known, &r.claimed.borrow());
    let mut found = None;
    for candidate in candidates {
        // What is claimed is what a create's answer names: the group, or the community
        // (not the announcements group it was found by).
        let result = match call {
            Call::CreateGroup { participants, .. } => {
                // Its link and members; without them the group is still the result (link unknown).
                let metadata = run_boxed(Rc::clone(inner), own_call(inner, Call::GetGroupMetadata { group: candidate.clone() }, signal)).await.unwrap_or(Value::Null);
                let requested = if metadata.is_null() { &[][..] } else { participants.as_slice() };
                let created = reconcile::created_from(&candidate, &metadata, requested);
                Some((candidate, created))
            }
            Call::CreateCommunity { groups, .. } => match community_found(inner, &candidate, community_listing, signal).await? {
                Some(community) if !r.claimed.borrow().contains(&community.as_group()) => {
                    let subgroups = run_boxed(Rc::clone(inner), own_call(inner, Call::ListSubgroups { community: community.clone() }, signal)).await.unwrap_or(Value::Null);
                    Some((community.as_group(), reconcile::created_community_from(&community, &subgroups, groups)))
                }
                _ => None,
            },
            _ => None,
        };
        if let Some((taken, result)) = result {
            if claim(inner, taken.clone()).await? {
                found = Some((taken, result));
                break;
            }
        }
    }
    emit(inner, op, "reconcile", |e| {
        set(e, "found", &JsValue::from_bool(found.is_some()));
        if let Some((g, _)) = &found {
            set(e, if op == Operation::CreateGroup { "groupId" } else { "communityId" }, &JsValue::from_str(&g.jid()));
        }
    });
    Ok(found.map(|(_, result)| result))
}

/// The community a candidate of a lost `createCommunity` is: itself where communities
/// are listed; elsewhere the community whose announcements group it is (None for an
/// ordinary group of that name).
async fn community_found(inner: &Rc<Inner>, candidate: &GroupId, listed_as_community: bool, signal: &JsValue) -> Result<Option<CommunityId>, Error> {
    if listed_as_community {
        return Ok(CommunityId::parse(&candidate.bare()).ok());
    }
    let metadata = run_boxed(Rc::clone(inner), own_call(inner, Call::GetGroupMetadata { group: candidate.clone() }, signal)).await?;
    Ok(reconcile::community_of(&metadata))
}

/// `reconcileCreates.claim`, when given: it must be a function.
fn reconcile_claim(options: &JsValue, issues: &mut Vec<Issue>) -> Option<Function> {
    let settings = if options.is_object() { get(options, "reconcileCreates").ok()? } else { return None };
    if !settings.is_object() || settings.is_function() {
        return None;
    }
    match get(&settings, "claim") {
        Ok(f) if !is_given(&f) => None,
        Ok(f) => f.dyn_into::<Function>().map_err(|_| issues.push(Issue { field: "reconcileCreates.claim".to_owned(), message: "must be a function".to_owned() })).ok(),
        Err(_) => {
            issues.push(Issue { field: "reconcileCreates.claim".to_owned(), message: "could not be read".to_owned() });
            None
        }
    }
}

// ---- batch -------------------------------------------------------------------------------

#[derive(Clone)]
struct BatchSettings {
    concurrency: u32,
    signal: JsValue,
    on_progress: Option<Function>,
}

struct BatchState {
    next: Cell<u32>,
    outcomes: RefCell<Vec<JsValue>>,
    /// done, fulfilled, rejected
    counts: Cell<[u32; 3]>,
}

fn batch_options(calls: &JsValue, options: &JsValue) -> Result<BatchSettings, Vec<Issue>> {
    let mut issues = Issues::new();
    if !Array::is_array(calls) {
        issues.add("calls", "must be an array of calls ({op, ...fields})");
    }
    let mut settings = BatchSettings { concurrency: 4, signal: JsValue::UNDEFINED, on_progress: None };
    if is_given(options) {
        if !options.is_object() {
            let got = options.js_typeof().as_string().unwrap_or_default();
            issues.add("options", ["must be an object, got ", &got].concat());
            return Err(issues.into_vec());
        }
        let unreadable = || vec![Issue { field: "options".to_owned(), message: "could not be read".to_owned() }];
        let given = read_options(options, "options").map_err(|_| unreadable())?;
        crate::issues::unknown_keys(&given, &BATCH_OPTIONS, "options.", "a batch option", &mut issues);
        let concurrency = get(options, "concurrency").map_err(|_| unreadable())?;
        if is_given(&concurrency) {
            match concurrency.as_f64().and_then(crate::json::whole).filter(|n| (1..=256).contains(n)) {
                Some(n) => settings.concurrency = n as u32,
                None => issues.add("concurrency", "must be a whole number from 1 to 256"),
            }
        }
        let on_progress = get(options, "onProgress").map_err(|_| unreadable())?;
        if is_given(&on_progress) {
            match on_progress.dyn_into::<Function>() {
                Ok(f) => settings.on_progress = Some(f),
                Err(_) => issues.add("onProgress", "must be a function"),
            }
        }
        settings.signal = get(options, "signal").map_err(|_| unreadable())?;
    }
    if issues.is_empty() {
        Ok(settings)
    } else {
        Err(issues.into_vec())
    }
}

/// A batch's counts so far, as `onProgress` gets them.
fn progress_of(state: &BatchState, total: u32) -> Object {
    let [done, fulfilled, rejected] = state.counts.get();
    let progress = Object::new();
    for (k, n) in [("done", done), ("total", total), ("fulfilled", fulfilled), ("rejected", rejected)] {
        set(&progress, k, &JsValue::from(n));
    }
    progress
}

/// A batch item's `op`, when it is a string.
fn op_of(call: &JsValue) -> Option<String> {
    get(call, "op").ok().and_then(|op| op.as_string())
}

fn aborted(signal: &JsValue) -> bool {
    is_given(signal) && get(signal, "aborted").is_ok_and(|a| a.is_truthy())
}

async fn worker(inner: Rc<Inner>, calls: Array, state: Rc<BatchState>, settings: BatchSettings) {
    let total = calls.length();
    loop {
        let i = state.next.get();
        if i >= total || aborted(&settings.signal) {
            return;
        }
        state.next.set(i + 1);
        let call = calls.get(i);
        let client = Client { inner: Rc::clone(&inner) };
        let op = op_of(&call);
        let result = match op.clone() {
            None => Err(error_value(&issue("op", "must name an operation").with_context(Some(inner.config.provider), None))),
            Some(op) => {
                let opts = Object::new();
                set(&opts, "signal", &settings.signal);
                match client.prepare(&op, &call, &opts) {
                    Ok(mut p) => {
                        if let Some(report) = settings.on_progress.clone() {
                            let (state, total) = (Rc::clone(&state), total);
                            p.on_wait = Some(Rc::new(move |ms: u64| {
                                let progress = progress_of(&state, total);
                                set(&progress, "rateLimitWaitMs", &JsValue::from(ms as f64));
                                let _ = report.call1(&JsValue::NULL, &progress);
                            }));
                        }
                        run(Rc::clone(&inner), p).await
                    }
                    Err(e) => Err(error_value(&e)),
                }
            }
        };
        // Each outcome names its call's operation, so that a mixed batch narrows by it.
        let outcome = Object::new();
        if let Some(op) = &op {
            set(&outcome, "op", &JsValue::from_str(op));
        }
        let [mut done, mut fulfilled, mut rejected] = state.counts.get();
        match result {
            Ok(value) => {
                set(&outcome, "status", &JsValue::from_str("fulfilled"));
                set(&outcome, "value", &value);
                fulfilled += 1;
            }
            Err(reason) => {
                set(&outcome, "status", &JsValue::from_str("rejected"));
                set(&outcome, "reason", &reason);
                rejected += 1;
            }
        }
        done += 1;
        state.counts.set([done, fulfilled, rejected]);
        if let Some(slot) = state.outcomes.borrow_mut().get_mut(i as usize) {
            *slot = outcome.clone().into();
        }
        if let Some(report) = &settings.on_progress {
            let progress = progress_of(&state, total);
            let settled = Object::new();
            set(&settled, "index", &JsValue::from(i));
            set(&settled, "outcome", &outcome);
            set(&progress, "settled", &settled);
            // A throwing progress callback must not lose the outcome.
            let _ = report.call1(&JsValue::NULL, &progress);
        }
    }
}

// ---- the methods of the contract ----------------------------------------------------------
// Most are generated from the table in `operation.rs`; these two read their arguments their
// own way.

impl Client {
    /// A method whose one argument is the input; `page`: `{}` when it is not given.
    pub(crate) fn whole(&self, op: Operation, input: &JsValue, opts: &JsValue, page: bool) -> Promise {
        if page && !is_given(input) {
            return self.call_value(op, Value::Object(Vec::new()), opts);
        }
        self.call(op.name(), input.clone(), opts.clone())
    }
}

#[wasm_bindgen]
impl Client {
    /// Every key of `settings` reaches the core, so that a misspelt one is an issue; a
    /// value that is not an object is `whoCanAddGroups`.
    #[wasm_bindgen(js_name = updateCommunitySettings)]
    pub fn update_community_settings(&self, community_id: JsValue, settings: JsValue, opts: JsValue) -> Promise {
        let provider = Some(self.inner.config.provider);
        let fail = |e: Error| Promise::reject(&error_value(&e.with_context(provider, Some(Operation::UpdateCommunitySettings))));
        let mut input = if settings.is_object() && !Array::is_array(&settings) {
            match read(&settings, "settings") {
                Ok(Value::Object(members)) => members,
                Ok(_) => Vec::new(),
                Err(e) => return fail(e),
            }
        } else {
            match read(&settings, "whoCanAddGroups") {
                Ok(v) => vec![("whoCanAddGroups".to_owned(), v)],
                Err(e) => return fail(e),
            }
        };
        match read(&community_id, "communityId") {
            Ok(v) => input.push(("communityId".to_owned(), v)),
            Err(e) => return fail(e),
        }
        self.call_value(Operation::UpdateCommunitySettings, Value::Object(input), &opts)
    }
}

/// A member of the call options that the operation reads as an input member
/// (`autoInvite`); undefined when `opts` is not an object or lacks it.
pub(crate) fn option_member(opts: &JsValue, key: &str) -> JsValue {
    if opts.is_object() {
        get(opts, key).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// `{zapi: [...], ryze: [...]}`: the operations each provider has an endpoint for.
#[wasm_bindgen(js_name = supportedOperations)]
pub fn supported_operations() -> JsValue {
    let out = Object::new();
    for provider in [crate::provider::Provider::Zapi, crate::provider::Provider::Ryze] {
        let ops: Array = Operation::ALL.iter().filter(|op| crate::providers::supports(provider, **op)).map(|op| JsValue::from_str(op.name())).collect();
        set(&out, provider.name(), &ops);
    }
    out.into()
}

/// `{listGroups: {items: "groups", paged: true}, …}`: the listings, the result member
/// holding their items and whether their one argument is a `Page`, for the runtime's
/// wrapper (which makes their Promises async-iterable).
#[wasm_bindgen(js_name = listMethods)]
pub fn list_methods() -> JsValue {
    let out = Object::new();
    for (op, key, _) in crate::operation::LISTS {
        let paged = crate::operation::METHODS.iter().any(|m| m.op == op && m.input == crate::operation::Input::Page);
        let entry = Object::new();
        set(&entry, "items", &JsValue::from_str(key));
        set(&entry, "paged", &JsValue::from_bool(paged));
        set(&out, op.name(), &entry);
    }
    out.into()
}

/// The names of `Client`'s methods of the contract, for the runtime's wrapper.
#[wasm_bindgen(js_name = clientMethods)]
pub fn client_methods() -> Array {
    crate::operation::METHODS.iter().map(|m| JsValue::from_str(m.name())).collect()
}
