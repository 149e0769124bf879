//! The one error type of the core; the wasm layer turns it into `WaGroupsError`.

use crate::issues::Issue;
use crate::json::{Obj, Value};
use crate::operation::Operation;
use crate::provider::Provider;
use crate::text;

/// Responses bodies kept on an error, at most this many bytes (the contract's 2 KiB).
pub const MAX_ERROR_BODY: usize = 2048;

/// Every kind of failure the contract names, with what is particular to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Refused before sending; every problem, each naming its field.
    Validation(Vec<Issue>),
    /// The credentials were refused: 401, a wrong token or instance, Z-API's Client-Token
    /// answers ("null not allowed", "<ip> not allowed").
    Auth,
    /// The credentials were accepted, but the connected number may not do this (not an
    /// admin, not a member, the group does not allow it).
    Forbidden,
    NotFound,
    /// 429; how long to wait when the provider said so.
    RateLimited {
        retry_after_ms: Option<u64>,
    },
    /// The gateway's instance is not connected to WhatsApp.
    Disconnected,
    /// Any other refusal by the provider.
    Provider,
    /// No response at all (DNS, refused, reset, CORS).
    Network,
    Timeout,
    Aborted,
    /// A response that is not what the provider documents.
    Decode,
    /// wa-groups itself failed (the runtime reports a trapped wasm instance this way).
    Internal,
    /// The provider has no endpoint for the operation; nothing was sent.
    Unsupported,
}

impl ErrorKind {
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::Validation(_) => "validation",
            ErrorKind::Auth => "auth",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::RateLimited { .. } => "rate_limited",
            ErrorKind::Disconnected => "disconnected",
            ErrorKind::Provider => "provider",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Decode => "decode",
            ErrorKind::Internal => "internal",
            ErrorKind::Unsupported => "unsupported",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub provider: Option<Provider>,
    pub operation: Option<Operation>,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The response text (redacted, at most 2 KiB), when a response arrived.
    pub body: Option<String>,
    /// When no answer came: whether the request may have reached the provider (on this
    /// attempt or an earlier one), so that what it asked for may have been done.
    pub may_have_arrived: Option<bool>,
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), provider: None, operation: None, status: None, body: None, may_have_arrived: None }
    }

    /// A validation error whose message lists every issue.
    pub fn validation(issues: Vec<Issue>) -> Error {
        let mut message = String::from("invalid input: ");
        for (i, issue) in issues.iter().enumerate() {
            if i > 0 {
                message.push_str("; ");
            }
            message.push_str(&issue.field);
            message.push(' ');
            message.push_str(&issue.message);
        }
        Error::new(ErrorKind::Validation(issues), message)
    }

    pub fn with_context(mut self, provider: Option<Provider>, operation: Option<Operation>) -> Error {
        self.provider = self.provider.or(provider);
        self.operation = self.operation.or(operation);
        self
    }

    /// Attaches the response it came from: status and at most 2 KiB of its text.
    pub fn with_response(mut self, status: u16, body: &str) -> Error {
        self.status = Some(status);
        self.body = Some(text::truncate_bytes(body, MAX_ERROR_BODY).to_owned());
        self
    }

    /// Says whether the unanswered request may have reached the provider.
    pub fn with_arrival(mut self, may_have_arrived: bool) -> Error {
        self.may_have_arrived = Some(may_have_arrived);
        self
    }

    /// Replaces every secret in every text this error carries. Redact before cutting:
    /// a secret cut in half by the 2 KiB limit would otherwise survive as a prefix.
    pub fn redact(mut self, redactor: &text::Redactor) -> Error {
        self.message = redactor.apply(&self.message);
        if let Some(b) = &self.body {
            self.body = Some(redactor.apply(b));
        }
        if let ErrorKind::Validation(issues) = &mut self.kind {
            for issue in issues {
                issue.field = redactor.apply(&issue.field);
                issue.message = redactor.apply(&issue.message);
            }
        }
        self
    }

    pub fn issues(&self) -> &[Issue] {
        match &self.kind {
            ErrorKind::Validation(issues) => issues,
            _ => &[],
        }
    }

    /// `WaGroupsError`'s properties: `message` first, then `kind` and the rest; absent
    /// ones are left out rather than set to null.
    pub fn to_value(&self) -> Value {
        let mut w = Obj::new().str("message", &self.message).str("kind", self.kind.name());
        if let Some(p) = self.provider {
            w = w.str("provider", p.name());
        }
        if let Some(op) = self.operation {
            w = w.str("operation", op.name());
        }
        if let Some(s) = self.status {
            w = w.uint("status", u64::from(s));
        }
        match &self.kind {
            ErrorKind::Validation(issues) => w = w.value("issues", issues_value(issues)),
            ErrorKind::RateLimited { retry_after_ms: Some(ms) } => w = w.uint("retryAfterMs", *ms),
            _ => {}
        }
        if let Some(b) = &self.body {
            w = w.str("body", b);
        }
        if let Some(m) = self.may_have_arrived {
            w = w.bool("mayHaveArrived", m);
        }
        w.finish()
    }

    /// The properties of `WaGroupsError` other than `message`, as JSON (host only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn details_json(&self) -> String {
        let mut v = self.to_value();
        if let Value::Object(members) = &mut v {
            members.retain(|(k, _)| k != "message");
        }
        crate::json::Codec::write(&crate::json::TextCodec, &v)
    }
}

/// `[{"field": …, "message": …}, …]`
pub fn issues_value(issues: &[Issue]) -> Value {
    crate::json::list(issues, |i| Obj::new().str("field", &i.field).str("message", &i.message).finish())
}

/// `[{"field": …, "message": …}, …]` as JSON (host only).
#[cfg(not(target_arch = "wasm32"))]
pub fn issues_json(issues: &[Issue]) -> String {
    crate::json::Codec::write(&crate::json::TextCodec, &issues_value(issues))
}
