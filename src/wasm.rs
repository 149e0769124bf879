//! The wasm exports. Every function is synchronous and takes and returns JSON text:
//! the package's JavaScript runtime (`pkg-template/client.js`) does the I/O (`fetch`,
//! timers, `AbortSignal`) and turns `{"error": …}` answers into `WaGroupsError`.
//!
//! Why not async Rust: a trap (say, an allocation failure) while futures are pending
//! strands every in-flight call on that instance, and the future machinery costs about
//! 10 KB gzip. With synchronous exports a trap can only ever hit the one call that made
//! it, and the runtime can re-instantiate for the next.
//!
//! Answers are `{"ok": value}` or `{"error": {message, kind, …}}`.

use wasm_bindgen::prelude::*;

// talc's wasm set-up: it owns memory growth; wasm here is single-threaded, so it takes no
// lock. Smaller than std's dlmalloc, and it returns freed memory to its free lists.
#[global_allocator]
// SAFETY: this module is compiled only for wasm32, which these builds run single-threaded.
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

use crate::call::{Call, Operation};
use crate::config::DEFAULT_TIMEOUT_MS;
use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::http::Request;
use crate::issues::Issue;
use crate::json::{self, ObjectWriter, Value};

/// `{"again": ms, "error": {…}}`: send again after `ms`; `error` is what to report if the
/// caller stops first.
fn again(ms: u64, e: &Error) -> String {
    let error = err(e);
    let inner = error.strip_prefix("{\"error\":").and_then(|s| s.strip_suffix('}')).unwrap_or("null");
    ObjectWriter::new().uint("again", ms).raw("error", inner).finish()
}

fn ok(value_json: &str) -> String {
    ObjectWriter::new().raw("ok", value_json).finish()
}

fn err(e: &Error) -> String {
    // `message` first, then the WaGroupsError properties.
    let details = e.details_json();
    let rest = details.strip_prefix('{').unwrap_or(&details);
    let mut out = String::from("{\"error\":{\"message\":");
    json::write_str(&mut out, &e.message);
    if rest != "}" {
        out.push(',');
    }
    out.push_str(rest);
    out.push('}');
    out
}

/// Reads JSON text handed over by the runtime (`JSON.stringify` output).
fn read(text: &str, field: &str) -> Result<Value, Error> {
    json::parse(text).map_err(|_| {
        Error::validation(vec![Issue { field: field.to_owned(), message: "must be plain data that JSON can represent".to_owned() }])
    })
}

fn now(now_ms: f64) -> Option<u64> {
    (now_ms.is_finite() && now_ms > 0.0).then_some(now_ms as u64)
}

fn pair(config: &str, call: &str) -> Result<(Config, Call), Error> {
    crate::validate(&read(config, "config")?, &read(call, "call")?)
}

/// `validate(config, call)`: every issue, `[]` when the call can be sent.
#[wasm_bindgen(js_name = coreValidate)]
pub fn core_validate(config: &str, call: &str) -> String {
    match pair(config, call) {
        Ok(_) => ok("[]"),
        Err(e) if matches!(e.kind, ErrorKind::Validation(_)) => ok(&crate::error::issues_json(e.issues())),
        // `validate` reports an operation the provider cannot do as an issue of `op`.
        Err(e) if e.kind == ErrorKind::Unsupported => ok(&crate::error::issues_json(&[Issue { field: "op".to_owned(), message: e.message }])),
        Err(e) => err(&e),
    }
}

/// `buildRequest(config, call, { redact })`.
#[wasm_bindgen(js_name = coreBuildRequest)]
pub fn core_build_request(config: &str, call: &str, redact: bool) -> String {
    match pair(config, call) {
        Ok((config, call)) => {
            let request = crate::build_request(&config, &call);
            let request = if redact { request.redacted(&config.redactor) } else { request };
            ok(&request.to_json())
        }
        Err(e) => err(&e),
    }
}

/// `parseResponse(config, call, response)`; `now_ms` dates an HTTP-date `Retry-After`.
#[wasm_bindgen(js_name = coreParseResponse)]
pub fn core_parse_response(config: &str, call: &str, response: &str, now_ms: f64) -> String {
    let (config, call) = match pair(config, call) {
        Ok(p) => p,
        Err(e) => return err(&e),
    };
    let response = match read(response, "response").and_then(|v| {
        crate::http::read_response(&v).map_err(|issues| Error::validation(issues).with_context(Some(config.provider), Some(call.operation())))
    }) {
        Ok(r) => r,
        Err(e) => return err(&e),
    };
    match crate::parse_response(&config, &call, &response, now(now_ms)) {
        Ok(outcome) => ok(&outcome.to_json()),
        Err(e) => err(&e),
    }
}

/// Issues for the keys of `value` (a JSON object) that are not in `known` (a JSON array of
/// names): the runtime's own option objects (a batch's options) get the same check, and
/// the same suggestions, as everything the core reads.
#[wasm_bindgen(js_name = coreUnknownKeys)]
pub fn core_unknown_keys(value: &str, known: &str, prefix: &str, what: &str) -> String {
    let (Ok(value), Ok(known)) = (json::parse(value), json::parse(known)) else { return ok("[]") };
    let names: Vec<&str> = known.as_array().unwrap_or(&[]).iter().filter_map(Value::as_str).collect();
    let mut issues = crate::issues::Issues::new();
    crate::issues::unknown_keys(&value, &names, prefix, what, &mut issues);
    ok(&crate::error::issues_json(&issues.into_vec()))
}

/// `parseWebhook(provider, body)`: a typed event, or `{"type": "other", raw}`; it fails
/// only for a provider name it does not know.
#[wasm_bindgen(js_name = coreParseWebhook)]
pub fn core_parse_webhook(provider: &str, body: &str) -> String {
    match crate::config::Provider::parse(provider) {
        Some(p) => ok(&crate::webhooks::parse(p, body).to_json(p)),
        None => err(&Error::validation(vec![Issue { field: "provider".to_owned(), message: "must be \"zapi\" or \"ryze\"".to_owned() }])),
    }
}

/// A client's validated configuration, kept on the wasm side so that each call reads only
/// its own input, and the calls between `prepare` and `finish`. The runtime's `Client`
/// owns one per wasm instance.
#[wasm_bindgen]
pub struct Engine {
    config: Option<Config>,
    /// The caller's `timeoutMs`, when given.
    timeout_ms: Option<u32>,
    retry: crate::retry::Policy,
    pending: Vec<Option<Pending>>,
}

/// A call on its way: what was asked, the request last sent for it, and how many times
/// it has been sent.
struct Pending {
    call: Call,
    sent: Request,
    attempt: u32,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine { config: None, timeout_ms: None, retry: crate::retry::Policy::default(), pending: Vec::new() }
    }

    /// Reads `ClientOptions` (as JSON: `fetch` is the runtime's, which reports a bad one
    /// as `fetch_issue`). Answers `{"ok": {"provider": p, "rateLimit": {requests, intervalMs} | null}}` or the
    /// error the constructor throws.
    pub fn setup(&mut self, options: &str, fetch_issue: Option<String>) -> String {
        let extra: Vec<Issue> = fetch_issue.into_iter().map(|message| Issue { field: "fetch".to_owned(), message }).collect();
        match read(options, "options").and_then(|v| crate::read_client_options(&v, extra)) {
            Ok(o) => {
                let w = ObjectWriter::new().str("provider", o.config.provider.name());
                let w = match o.rate_limit {
                    Some(r) => w.raw("rateLimit", &ObjectWriter::new().uint("requests", u64::from(r.requests)).uint("intervalMs", u64::from(r.interval_ms)).finish()),
                    None => w.raw("rateLimit", "null"),
                };
                self.config = Some(o.config);
                self.timeout_ms = o.timeout_ms;
                self.retry = o.retry;
                ok(&w.finish())
            }
            Err(e) => err(&e),
        }
    }

    /// Checks a method's input, and the keys of its call options (`options`: a JSON object,
    /// or "" for none), and builds its request. Answers
    /// `{"ok": {"handle": n, "request": {...}, "timeoutMs": n}}`: the call waits under
    /// `handle` for `finish` or `abandon`, which every path must reach. `timeoutMs` is the
    /// caller's, or the default stretched to what the call is expected to take.
    pub fn prepare(&mut self, op: &str, input: &str, options: &str) -> String {
        #[cfg(feature = "test-trap")]
        if op == "__trap" {
            core::arch::wasm32::unreachable();
        }
        let Some(config) = &self.config else { return err(&Error::new(ErrorKind::Provider, "client is not set up")) };
        let Some(op) = Operation::parse(op) else {
            let names: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
            let issue = Issue { field: "op".to_owned(), message: ["must be one of ", &names.join(", ")].concat() };
            return err(&Error::validation(vec![issue]).with_context(Some(config.provider), None));
        };
        let read_options = || if options.is_empty() { Ok(Value::Null) } else { read(options, "options") };
        let call = match read(input, "input").and_then(|v| crate::read_method_call(config, op, &v, &read_options()?)) {
            Ok(c) => c,
            Err(e) => return err(&e.with_context(Some(config.provider), Some(op))),
        };
        let sent = crate::build_request(config, &call);
        let request = sent.to_json();
        let timeout = self.timeout_ms.unwrap_or_else(|| {
            crate::expected_duration_ms(config, &call).map_or(DEFAULT_TIMEOUT_MS, |ms| ms.max(DEFAULT_TIMEOUT_MS))
        });
        let handle = self.park(Pending { call, sent, attempt: 1 });
        ok(&ObjectWriter::new().uint("handle", handle as u64).raw("request", &request).uint("timeoutMs", u64::from(timeout)).finish())
    }

    /// Reads the answer to the call under `handle` (`{status, headers, body}` as JSON).
    /// Answers `{"ok": result}`; `{"error": …}`; `{"retry": request}` when the same call
    /// must be sent again in another form; or `{"again": ms, "error": …}` when the retry
    /// rule says to send it again after `ms` (the error is what to report if the caller
    /// stops first). The handle stays open for "retry" and "again". `random` is uniform
    /// in [0, 1), for the back-off's jitter.
    pub fn finish(&mut self, handle: usize, response: &str, now_ms: f64, random: f64) -> String {
        let policy = self.retry;
        let (Some(config), Some(Some(pending))) = (&self.config, self.pending.get_mut(handle)) else {
            return err(&Error::new(ErrorKind::Provider, "unknown call handle"));
        };
        let op = pending.call.operation();
        let answer = match read(response, "response").and_then(|v| crate::http::read_response(&v).map_err(Error::validation)) {
            Err(e) => err(&e.with_context(Some(config.provider), Some(op))),
            Ok(response) => {
                if let Some(next) = crate::follow_up(config, &pending.call, &pending.sent, &response) {
                    // The same call in the form the provider asked for; the handle stays open.
                    let retry = ObjectWriter::new().raw("retry", &next.to_json()).finish();
                    pending.sent = next;
                    return retry;
                }
                match crate::parse_response(config, &pending.call, &response, now(now_ms)) {
                    Ok(mut outcome) => {
                        if pending.attempt > 1 {
                            outcome.converge_after_retry();
                        }
                        ok(&outcome.to_json())
                    }
                    Err(e) => {
                        let retry_after_ms = match e.kind {
                            ErrorKind::RateLimited { retry_after_ms } => retry_after_ms,
                            _ => None,
                        };
                        let ending = crate::retry::Ending::Answer { status: response.status, retry_after_ms };
                        // Only refusals get another try; a 2xx that could not be read is final.
                        let refused = !response.is_success();
                        match crate::retry::decide(&pending.call, &policy, pending.attempt, ending, random) {
                            crate::retry::Decision::After(ms) if refused => {
                                pending.attempt += 1;
                                return again(ms, &e);
                            }
                            _ => err(&e),
                        }
                    }
                }
            }
        };
        self.release(handle);
        answer
    }

    /// Ends, or retries, the call under `handle` that got no answer: `kind` is "network",
    /// "timeout", "aborted" or "decode", `message` says what happened (it is redacted
    /// here), `reached` whether the request may have arrived. Answers `{"error": …}` (the
    /// handle is released) or `{"again": ms, "error": …}`.
    pub fn abandon(&mut self, handle: usize, kind: &str, message: &str, reached: bool, random: f64) -> String {
        let policy = self.retry;
        let kind = match kind {
            "timeout" => ErrorKind::Timeout,
            "aborted" => ErrorKind::Aborted,
            "decode" => ErrorKind::Decode,
            _ => ErrorKind::Network,
        };
        let retryable = matches!(kind, ErrorKind::Network | ErrorKind::Timeout);
        let error = match (&self.config, self.pending.get(handle).and_then(Option::as_ref)) {
            (Some(config), pending) => {
                crate::transport_error(config, pending.map(|p| p.call.operation()), kind, &[config.provider.display(), ": ", message].concat())
            }
            (None, _) => Error::new(kind, message),
        };
        if let Some(Some(pending)) = self.pending.get_mut(handle) {
            let ending = crate::retry::Ending::NoAnswer { reached };
            if let (true, crate::retry::Decision::After(ms)) = (retryable, crate::retry::decide(&pending.call, &policy, pending.attempt, ending, random)) {
                pending.attempt += 1;
                return again(ms, &error);
            }
        }
        self.release(handle);
        err(&error)
    }

    /// How many calls are between `prepare` and `finish`/`abandon` (for leak tests).
    #[wasm_bindgen(getter)]
    pub fn pending(&self) -> usize {
        self.pending.iter().filter(|c| c.is_some()).count()
    }
}

impl Engine {
    fn park(&mut self, pending: Pending) -> usize {
        match self.pending.iter_mut().enumerate().find(|(_, slot)| slot.is_none()) {
            Some((free, slot)) => {
                *slot = Some(pending);
                free
            }
            None => {
                self.pending.push(Some(pending));
                self.pending.len() - 1
            }
        }
    }

    fn release(&mut self, handle: usize) {
        if let Some(slot) = self.pending.get_mut(handle) {
            *slot = None;
        }
        while self.pending.last().is_some_and(Option::is_none) {
            self.pending.pop();
        }
    }
}
