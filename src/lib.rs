//! wa-groups: WhatsApp group and community management through Z-API and RyzeAPI.
//!
//! The core is pure: it validates input, builds each request as plain data and parses
//! each response into a typed result or a typed error. It reads no clock, draws no
//! random numbers and performs no I/O; the `wasm` module (wasm32 only) performs calls
//! with `fetch` and exposes everything to JavaScript.
//!
//! ```
//! use wa_groups::{json, http::Response};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let config = json::parse(r#"{"provider":"ryze","instance":"shop","token":"T0KEN-123"}"#)?;
//! let call = json::parse(r#"{"op":"getInvitationLink","groupId":"120363019502650977-group"}"#)?;
//! let (config, call) = wa_groups::validate(&config, &call)?;
//! let request = wa_groups::build_request(&config, &call);
//! assert_eq!(request.method.as_str(), "GET");
//! let answer = Response::new(200, r#"{"success":true,"group":{"jid":"120363019502650977@g.us","inviteLink":"https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}}"#);
//! let outcome = wa_groups::parse_response(&config, &call, &answer, None)?;
//! assert_eq!(outcome.to_json(), r#"{"groupId":"120363019502650977@g.us","invitationLink":"https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}"#);
//! # Ok(())
//! # }
//! ```

// In wasm a panic kills the instance for every later call: the library may not unwrap,
// expect, panic or index unchecked (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

pub mod call;
pub mod classify;
pub mod config;
pub mod error;
pub mod exchange;
pub mod http;
pub mod ids;
pub mod issues;
#[cfg(any(feature = "jobs", not(target_arch = "wasm32")))]
pub mod jobs;
pub mod json;
pub mod limiter;
pub mod operation;
pub mod outcome;
pub mod phone;
pub mod provider;
pub mod providers;
pub mod reconcile;
pub mod retry;
pub mod text;
pub mod time;
pub mod webhooks;

/// The `Client` (wasm32 only): calls from their arguments to their results.
#[cfg(target_arch = "wasm32")]
pub mod client;
/// The JavaScript face (wasm32 only): `validate`, `buildRequest`, `parseResponse`,
/// `parseWebhook`, and the reading of JavaScript values.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use call::Call;
pub use config::Config;
pub use error::{Error, ErrorKind};
pub use issues::Issue;
pub use operation::Operation;
pub use outcome::Outcome;
pub use provider::Provider;

use http::{Request, Response};
use issues::Issues;
use json::Value;

/// Reads and checks a `ClientConfig` and a `Call` together, reporting every issue of
/// both; the call is checked against the config's provider.
pub fn validate(config: &Value, call: &Value) -> Result<(Config, Call), Error> {
    let mut issues = Issues::new();
    let config = config::read_config(config, &mut issues);
    if let (Some(c), Some(op)) = (&config, call.get("op").and_then(Value::as_str).and_then(Operation::parse)) {
        check_supported(c, op)?;
    }
    let cx = config.as_ref().map(Config::context).unwrap_or_default();
    let (op, call) = call::read_call(call, cx, &mut issues);
    match (config, call) {
        (Some(config), Some(call)) if issues.is_empty() => Ok((config, call)),
        (config, _) => Err(validation_error(issues, config.as_ref(), op)),
    }
}

/// Reads and checks a `Call` for a config already read and checked: `validate` without
/// reading the config again.
pub fn validate_call(config: &Config, call: &Value) -> Result<Call, Error> {
    if let Some(op) = call.get("op").and_then(Value::as_str).and_then(Operation::parse) {
        check_supported(config, op)?;
    }
    let mut issues = Issues::new();
    let (op, call) = call::read_call(call, config.context(), &mut issues);
    match call {
        Some(call) if issues.is_empty() => Ok(call),
        _ => Err(validation_error(issues, Some(config), op)),
    }
}

/// Reads the fields of one operation (a `Client` method's arguments) for `config`.
pub fn read_input(config: &Config, op: Operation, input: &Value) -> Result<Call, Error> {
    read_method_call(config, op, input, &Value::Null).map(|(call, _)| call)
}

/// What one call sets for itself in its `CallOptions`, over its client's options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallSettings {
    /// `timeoutMs`: the time limit of each of its requests.
    pub timeout_ms: Option<u32>,
    /// `maxRetries`: how many times it may be sent again.
    pub max_retries: Option<u32>,
    /// `mayHaveBeenSent` (a create's): an earlier process may have sent it and stopped
    /// before it recorded the answer, so its group is looked for before it is sent.
    pub may_have_been_sent: bool,
}

/// Reads a `Client` method's arguments and its call options (`signal`, read by the
/// runtime; `timeoutMs` and `maxRetries`, read here; an operation's own, such as
/// `autoInvite`): every issue of both at once.
pub fn read_method_call(config: &Config, op: Operation, input: &Value, call_options: &Value) -> Result<(Call, CallSettings), Error> {
    check_supported(config, op)?;
    let mut issues = Issues::new();
    issues::unknown_keys(call_options, op.call_options(), "options.", "a call option", &mut issues);
    let mut own = Issues::new();
    let settings = CallSettings {
        timeout_ms: config::read_timeout(call_options, &mut own),
        max_retries: retry::read_max_retries(call_options, &mut own),
        may_have_been_sent: own.opt_bool(call_options, "mayHaveBeenSent").unwrap_or(false),
    };
    for i in own.into_vec() {
        issues.add(["options.", &i.field].concat(), i.message);
    }
    match call::read_fields(op, input, config.context(), &mut issues) {
        Some(call) if issues.is_empty() => Ok((call, settings)),
        _ => Err(validation_error(issues, Some(config), Some(op))),
    }
}

/// Reads `ClientOptions`: the config plus `timeoutMs` (`fetch` is the wasm layer's).
/// `ClientOptions` as the core reads them.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    pub config: Config,
    /// None when the caller left it to the default.
    pub timeout_ms: Option<u32>,
    pub retry: retry::Policy,
    /// The client-side limit per token; None for no limit.
    pub rate_limit: Option<config::RateLimit>,
    /// `reconcileCreates`: look for a create whose answer was lost (src/reconcile.rs);
    /// None when off.
    pub reconcile_creates: Option<reconcile::Settings>,
}

/// Reads `ClientOptions` (`fetch` is the runtime's; `extra` carries its issues).
pub fn read_client_options(options: &Value, extra: Vec<Issue>) -> Result<ClientOptions, Error> {
    let mut issues = Issues::new();
    let config = config::read_config(options, &mut issues);
    let timeout_ms = config::read_timeout(options, &mut issues);
    let retry = retry::read_policy(options, &mut issues);
    let rate_limit = config::read_rate_limit(options, config.as_ref().map(|c| c.provider), &mut issues);
    let reconcile_creates = reconcile::read_settings(options.get("reconcileCreates"), &mut issues);
    for i in extra {
        issues.add(i.field, i.message);
    }
    match config {
        Some(config) if issues.is_empty() => Ok(ClientOptions { config, timeout_ms, retry, rate_limit, reconcile_creates }),
        config => Err(validation_error(issues, config.as_ref(), None)),
    }
}

/// Fails with kind "unsupported" when the provider has no endpoint for `op`.
pub fn check_supported(config: &Config, op: Operation) -> Result<(), Error> {
    if providers::supports(config.provider, op) {
        return Ok(());
    }
    let message = [config.provider.display(), " has no endpoint for ", op.name(), "; nothing was sent"].concat();
    Err(Error::new(ErrorKind::Unsupported, message).with_context(Some(config.provider), Some(op)))
}

fn validation_error(issues: Issues, config: Option<&Config>, op: Option<Operation>) -> Error {
    let e = Error::validation(issues.into_vec()).with_context(config.map(|c| c.provider), op);
    match config {
        Some(c) => e.redact(&c.redactor),
        None => e,
    }
}

/// The request for `call`, in `config.provider`'s wire format.
pub fn build_request(config: &Config, call: &Call) -> Request {
    match config.provider {
        Provider::Zapi => providers::zapi::build(config, call),
        Provider::Ryze => providers::ryze::build(config, call),
    }
}

/// The request to send next when `response` says `sent` used a form the provider no
/// longer takes (Z-API's invitation link moved from POST to GET). At most one.
pub fn follow_up(config: &Config, call: &Call, sent: &Request, response: &Response) -> Option<Request> {
    match config.provider {
        Provider::Zapi => providers::zapi::follow_up(call, sent, response),
        Provider::Ryze => None,
    }
}

/// Bodies longer than this are refused unread (the runtime also stops reading there).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Reads the provider's answer to `call` with the host's JSON reader (`parse_response_with`
/// takes any `json::Codec`).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_response(config: &Config, call: &Call, response: &Response, now_ms: Option<u64>) -> Result<Outcome, Error> {
    parse_response_with(config, call, response, now_ms, &json::TextCodec)
}

/// Reads the provider's answer to `call`, its text read by `codec`. `now_ms`
/// (milliseconds since the Unix epoch) turns a dated `Retry-After` into a wait; without it
/// only relative waits are known. Every text the error carries is redacted of the
/// config's secrets.
pub fn parse_response_with(config: &Config, call: &Call, response: &Response, now_ms: Option<u64>, codec: &dyn json::Codec) -> Result<Outcome, Error> {
    let redactor = &*config.redactor_for(call);
    let context = |e: Error| e.with_context(Some(config.provider), Some(call.operation())).redact(redactor);
    if response.body.len() > MAX_BODY_BYTES {
        let e = Error::new(ErrorKind::Decode, "the answer is larger than 8 MiB; not read").with_response(response.status, "");
        return Err(context(e));
    }
    // Redact before anything reads the body, so no message or excerpt can hold a secret:
    // first the text (raw and percent-encoded forms), then every decoded string, which
    // catches a secret the body carried in any JSON escape (`\u0041`, `\/`…).
    let mut body = redactor.apply(&response.body);
    let mut parsed = codec.parse(&body);
    if let Ok(v) = &mut parsed {
        if v.map_strings(&|s| redactor.touches(s).then(|| redactor.apply(s))) {
            body = codec.write(v);
        }
    }
    let result = match config.provider {
        Provider::Zapi => providers::zapi::parse(call, response, &body, parsed, now_ms),
        Provider::Ryze => providers::ryze::parse(call, response, &body, parsed, now_ms),
    };
    result.map_err(|e| classify::explain_missing_client_token(context(e), config.client_token.is_some()))
}

/// Most bytes of a transport failure's description kept in a message.
const MAX_TRANSPORT_DETAIL: usize = 600;

/// An error for a call that got no response. The message is redacted first and cut
/// after, so that a cut can never leave part of a secret behind.
pub fn transport_error(config: &Config, op: Option<Operation>, kind: ErrorKind, message: &str) -> Error {
    let redacted = config.redact(message);
    let cut = text::truncate_bytes(&redacted, MAX_TRANSPORT_DETAIL);
    Error::new(kind, cut).with_context(Some(config.provider), op)
}

/// How long `call` may take on the provider's side when nothing goes wrong, when that
/// is longer than usual: RyzeAPI waits about a second per group it links or unlinks.
pub fn expected_duration_ms(config: &Config, call: &Call) -> Option<u32> {
    let per_group = |n: usize| u32::try_from(n).ok().map(|n| n.saturating_mul(1_000).saturating_add(10_000));
    match (config.provider, call) {
        (Provider::Ryze, Call::LinkGroups { groups, .. } | Call::UnlinkGroups { groups, .. } | Call::CreateCommunity { groups, .. }) => per_group(groups.len()),
        // RyzeAPI documents its own limits of 60 s (add, remove, promote, demote) and 90 s
        // (approve) for participants calls: allow those plus a margin.
        (Provider::Ryze, call::participants_call!(_, _, _, _)) => Some(100_000),
        _ => None,
    }
}
