//! Requests and responses as plain data: the core builds the one and reads the other,
//! and never performs I/O itself.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// Carries Z-API's token in its path: never show it without `redacted`.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

// Hand-written: the URL and the headers hold secrets.
impl core::fmt::Debug for Request {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Request").field("method", &self.method).field("body", &self.body).finish_non_exhaustive()
    }
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The same request with every secret in the URL and header values replaced by `***`.
    pub fn redacted(&self, redactor: &crate::text::Redactor) -> Request {
        Request {
            method: self.method,
            url: redactor.apply(&self.url),
            headers: self.headers.iter().map(|(k, v)| (k.clone(), redactor.apply(v))).collect(),
            body: self.body.as_ref().map(|b| redactor.apply(b)),
        }
    }

    /// `{ method, url, headers, body }` as the contract's `buildRequest` returns it.
    pub fn to_value(&self) -> crate::json::Value {
        use crate::json::Obj;
        let headers = self.headers.iter().fold(Obj::new(), |h, (k, v)| h.str(k, v));
        Obj::new().str("method", self.method.as_str()).str("url", &self.url).value("headers", headers.finish()).opt_str("body", self.body.as_deref()).finish()
    }

    /// `to_value` as JSON text (host only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_json(&self) -> String {
        crate::json::Codec::write(&crate::json::TextCodec, &self.to_value())
    }
}

/// A response as the transport saw it. Header names are matched case-insensitively.
#[derive(Clone, Debug, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn new(status: u16, body: impl Into<String>) -> Response {
        Response { status, headers: Vec::new(), body: body.into() }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Reads the contract's `{ status, headers?, body }` response object.
pub fn read_response(v: &crate::json::Value) -> Result<Response, Vec<crate::issues::Issue>> {
    use crate::issues::{must_be, Issues};
    use crate::json::Value;
    let mut issues = Issues::new();
    if v.as_object().is_none() {
        issues.add("response", must_be("an object", v));
        return Err(issues.into_vec());
    }
    let status = match v.get("status") {
        Some(n @ Value::Number(_)) => match n.as_u64() {
            Some(s @ 100..=599) => u16::try_from(s).ok(),
            _ => None,
        },
        _ => None,
    };
    if status.is_none() {
        issues.add("response.status", "must be an HTTP status from 100 to 599");
    }
    let mut headers = Vec::new();
    match v.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(members)) => {
            for (k, val) in members {
                match val {
                    Value::String(s) => headers.push((k.clone(), s.clone())),
                    other => issues.add(["response.headers.", k].concat(), must_be("a string", other)),
                }
            }
        }
        Some(other) => issues.add("response.headers", must_be("an object of strings", other)),
    }
    let body = match v.get("body") {
        Some(Value::String(s)) => Some(s.clone()),
        None | Some(Value::Null) => {
            issues.add("response.body", "is required (the response text; \"\" when empty)");
            None
        }
        Some(other) => {
            issues.add("response.body", must_be("a string", other));
            None
        }
    };
    match (status, body) {
        (Some(status), Some(body)) if issues.is_empty() => Ok(Response { status, headers, body }),
        _ => Err(issues.into_vec()),
    }
}
