//! Which gateway to talk to and with which credentials.

use crate::issues::{has_unsafe_chars, must_be, Issue, Issues};
use crate::json::Value;
use crate::provider::Provider;

/// What reading a call depends on: the provider it is for (when known) and how to read
/// phones written without a country code.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    pub provider: Option<Provider>,
    pub default_country: Option<crate::phone::Region>,
}

/// A validated configuration: everything needed to address one gateway instance.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    pub provider: Provider,
    pub instance: String,
    pub token: String,
    pub client_token: Option<String>,
    /// Without a trailing slash.
    pub base_url: String,
    /// How to read phones written without a country code (`defaultCountry`).
    pub default_country: Option<crate::phone::Region>,
    /// Every form of `token` and `client_token` that must never be shown.
    pub redactor: crate::text::Redactor,
}

// Hand-written so that a `{:?}` in a log can never print a credential.
impl core::fmt::Debug for Config {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Config")
            .field("provider", &self.provider)
            .field("instance", &self.instance)
            .field("token", &crate::text::REDACTED)
            .field("client_token", &self.client_token.as_ref().map(|_| crate::text::REDACTED))
            .field("base_url", &self.base_url)
            .field("default_country", &self.default_country.map(crate::phone::Region::iso))
            .finish()
    }
}

impl Config {
    /// The credentials, for redacting any text that may be shown.
    pub fn secrets(&self) -> Vec<&str> {
        let mut s = vec![self.token.as_str()];
        if let Some(ct) = &self.client_token {
            s.push(ct);
        }
        s
    }

    pub fn redact(&self, text: &str) -> String {
        self.redactor.apply(text)
    }

    /// The redactor for what `call`'s request, answer and errors show: the config's, plus
    /// any secret the call itself carries (a webhook's `authorization`).
    pub fn redactor_for(&self, call: &crate::call::Call) -> std::borrow::Cow<'_, crate::text::Redactor> {
        let own = call.secrets();
        if own.is_empty() {
            return std::borrow::Cow::Borrowed(&self.redactor);
        }
        let mut all = self.secrets();
        all.extend(own);
        std::borrow::Cow::Owned(crate::text::Redactor::new(&all))
    }

    /// What reading a call for this config depends on.
    pub fn context(&self) -> Context {
        Context { provider: Some(self.provider), default_country: self.default_country }
    }

    /// Reads `ClientConfig` (the contract's `ClientOptions` without `fetch`/`timeoutMs`).
    pub fn from_value(v: &Value) -> Result<Config, Vec<Issue>> {
        let mut issues = Issues::new();
        let config = read_config(v, &mut issues);
        match config {
            Some(c) if issues.is_empty() => Ok(c),
            _ => Err(issues.into_vec()),
        }
    }
}

/// Every key of `ClientOptions` (a `ClientConfig` may hold any of them: the behaviour
/// options are the runtime's, and `fetch`, `onEvent` and `beforeSend` never reach the core as JSON).
pub const OPTION_KEYS: [&str; 14] =
    ["provider", "instance", "token", "clientToken", "baseUrl", "defaultCountry", "fetch", "timeoutMs", "maxRetries", "retryUnsafe", "rateLimit", "onEvent", "reconcileCreates", "beforeSend"];

/// Reads a config into `issues`; returns it only when every field was readable.
pub fn read_config(v: &Value, issues: &mut Issues) -> Option<Config> {
    if v.as_object().is_none() {
        issues.add("options", must_be("an object", v));
        return None;
    }
    crate::issues::unknown_keys(v, &OPTION_KEYS, "", "an option of ClientOptions", issues);
    let provider = match v.get("provider") {
        None | Some(Value::Null) => {
            issues.add("provider", "is required: \"zapi\" or \"ryze\"");
            None
        }
        Some(Value::String(s)) => match Provider::parse(s) {
            Some(p) => Some(p),
            None => {
                issues.add("provider", "must be \"zapi\" or \"ryze\"");
                None
            }
        },
        Some(other) => {
            issues.add("provider", must_be("\"zapi\" or \"ryze\"", other));
            None
        }
    };
    let instance = issues.string(v, "instance").and_then(|s| check_instance(s, issues));
    let token = issues.string(v, "token").and_then(|s| check_secret("token", s, issues));
    let client_token = issues.opt_string(v, "clientToken").and_then(|s| check_secret("clientToken", s, issues));
    if client_token.is_some() && provider == Some(Provider::Ryze) {
        issues.add("clientToken", "is a Z-API setting; RyzeAPI has no Client-Token header (leave it unset)");
    }
    let base_url = issues.opt_string(v, "baseUrl").and_then(|s| check_base_url(s, issues));
    let default_country = issues.opt_string(v, "defaultCountry").and_then(|s| {
        let region = crate::phone::Region::parse(s);
        if region.is_none() {
            issues.add("defaultCountry", "must be a two-letter ISO 3166-1 country code with a numbering plan, such as \"BR\", \"US\" or \"PT\"");
        }
        region
    });
    let (provider, instance, token) = (provider?, instance?, token?);
    let redactor = crate::text::Redactor::new(&[Some(token.as_str()), client_token.as_deref()].into_iter().flatten().collect::<Vec<_>>());
    Some(Config { provider, instance, token, client_token, base_url: base_url.unwrap_or_else(|| provider.default_base_url().to_owned()), default_country, redactor })
}

fn is_dot_segment(s: &str) -> bool {
    s == "." || s == ".."
}

fn check_instance(s: &str, issues: &mut Issues) -> Option<String> {
    if s.is_empty() {
        issues.add("instance", "must not be empty");
        None
    } else if s.chars().any(|c| c.is_control() || c.is_whitespace()) || is_dot_segment(s) {
        issues.add("instance", "must not contain spaces or control characters, nor be \".\" or \"..\"");
        None
    } else if crate::text::char_count(s) > 200 {
        issues.add("instance", "is longer than 200 characters");
        None
    } else {
        Some(s.to_owned())
    }
}

/// Shortest credential accepted: real ones are 20+ characters, and redacting a very
/// short one would mangle ordinary text.
const MIN_SECRET_LEN: usize = 6;

/// Tokens travel in a URL path (Z-API) or an HTTP header: visible ASCII only.
fn check_secret(field: &str, s: &str, issues: &mut Issues) -> Option<String> {
    if s.is_empty() {
        issues.add(field, "must not be empty");
        None
    } else if s.len() < MIN_SECRET_LEN {
        issues.add(field, "is too short to be a gateway credential (6 characters at least)");
        None
    } else if !s.bytes().all(|b| (0x21..=0x7e).contains(&b)) || is_dot_segment(s) {
        // Never echo the value: it is a secret.
        issues.add(field, "must be visible ASCII characters with no spaces");
        None
    } else if s.len() > 512 {
        issues.add(field, "is longer than 512 characters");
        None
    } else {
        Some(s.to_owned())
    }
}

fn check_base_url(s: &str, issues: &mut Issues) -> Option<String> {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    let Some(rest) = rest else {
        issues.add("baseUrl", "must start with https:// or http://");
        return None;
    };
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() {
        issues.add("baseUrl", "must name a host");
        None
    } else if authority.contains('@') {
        issues.add("baseUrl", "must not carry credentials (user@host); use token/clientToken");
        None
    } else if has_unsafe_chars(authority) || s.chars().any(|c| c.is_control() || c.is_whitespace() || c == '?' || c == '#') {
        issues.add("baseUrl", "must be a plain URL without spaces, query or fragment");
        None
    } else {
        Some(s.trim_end_matches('/').to_owned())
    }
}

/// Reads `timeoutMs`: a whole number of milliseconds, 1 to 2^31-1 (what timers take).
pub fn read_timeout(v: &Value, issues: &mut Issues) -> Option<u32> {
    match v.get("timeoutMs") {
        None | Some(Value::Null) => None,
        Some(n @ Value::Number(_)) => match n.as_u64() {
            Some(ms) if (1..=2_147_483_647).contains(&ms) => u32::try_from(ms).ok(),
            _ => {
                issues.add("timeoutMs", "must be a whole number of milliseconds from 1 to 2147483647");
                None
            }
        },
        Some(other) => {
            issues.add("timeoutMs", must_be("a number", other));
            None
        }
    }
}

pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// RyzeAPI's documented limit: 100 requests per minute per token.
pub const RYZE_REQUESTS_PER_MINUTE: u32 = 100;

/// A client-side rate limit: at most `requests` per `interval_ms`, per token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub interval_ms: u32,
}

/// Reads `rateLimit`: `false` for none, a number of requests per minute, or
/// `{requests, intervalMs}`. Unset: the provider's documented limit (RyzeAPI 100 per
/// minute; Z-API documents none).
pub fn read_rate_limit(v: &Value, provider: Option<Provider>, issues: &mut Issues) -> Option<RateLimit> {
    let default = match provider {
        Some(Provider::Ryze) => Some(RateLimit { requests: RYZE_REQUESTS_PER_MINUTE, interval_ms: 60_000 }),
        _ => None,
    };
    let count = |n: &Value| n.as_u64().filter(|r| (1..=100_000).contains(r)).and_then(|r| u32::try_from(r).ok());
    match v.get("rateLimit") {
        None | Some(Value::Null) => default,
        Some(Value::Bool(false)) => None,
        Some(n @ Value::Number(_)) => match count(n) {
            Some(requests) => Some(RateLimit { requests, interval_ms: 60_000 }),
            None => {
                issues.add("rateLimit", "must be a number of requests per minute from 1 to 100000, {requests, intervalMs}, or false");
                default
            }
        },
        Some(o @ Value::Object(_)) => {
            let requests = o.get("requests").and_then(count);
            if requests.is_none() {
                issues.add("rateLimit.requests", "must be a whole number from 1 to 100000");
            }
            let interval_ms = match o.get("intervalMs") {
                None | Some(Value::Null) => Some(60_000),
                Some(n) => n.as_u64().filter(|ms| (1..=3_600_000).contains(ms)).and_then(|ms| u32::try_from(ms).ok()),
            };
            if interval_ms.is_none() {
                issues.add("rateLimit.intervalMs", "must be a whole number of milliseconds from 1 to 3600000");
            }
            Some(RateLimit { requests: requests?, interval_ms: interval_ms? })
        }
        Some(other) => {
            issues.add("rateLimit", crate::issues::must_be("false, a number, or {requests, intervalMs}", other));
            default
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn issues_of(json: &str) -> Vec<Issue> {
        Config::from_value(&parse(json).unwrap()).unwrap_err()
    }

    #[test]
    fn reads_a_good_config() {
        let c = Config::from_value(&parse(r#"{"provider":"zapi","instance":"3C4F","token":"ABC123","clientToken":"F00BAR","baseUrl":"http://127.0.0.1:9/"}"#).unwrap()).unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:9");
        assert_eq!(c.client_token.as_deref(), Some("F00BAR"));
        let r = Config::from_value(&parse(r#"{"provider":"ryze","instance":"my-inst","token":"t0k3n!"}"#).unwrap()).unwrap();
        assert_eq!(r.base_url, "https://ryzeapi.cloud");
    }

    #[test]
    fn reports_every_problem() {
        let issues = issues_of(r#"{"provider":"whatsapp","instance":"","token":42,"baseUrl":"ftp://x"}"#);
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["provider", "instance", "token", "baseUrl"]);
        let issues = issues_of(r#"{}"#);
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["provider", "instance", "token"]);
        assert_eq!(issues_of("[]")[0].field, "options");
    }

    #[test]
    fn secrets_are_never_echoed() {
        let issues = issues_of(r#"{"provider":"ryze","instance":"i","token":"sec ret","clientToken":"SECRET2"}"#);
        for i in &issues {
            assert!(!i.message.contains("sec ret") && !i.message.contains("SECRET2"), "{i:?}");
        }
        assert_eq!(issues.len(), 2, "{issues:?}"); // bad token; clientToken is Z-API only
        let c = Config::from_value(&parse(r#"{"provider":"zapi","instance":"i","token":"SECRET1","clientToken":"SECRET2"}"#).unwrap()).unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("SECRET1") && !dbg.contains("SECRET2"), "{dbg}");
    }

    #[test]
    fn path_structure_cannot_be_injected() {
        for inst in ["..", ".", "a b", "a\nb"] {
            let json = crate::json::ObjectWriter::new().str("provider", "zapi").str("instance", inst).str("token", "t0k3n-abc").finish();
            assert_eq!(issues_of(&json)[0].field, "instance", "{inst:?}");
        }
        for url in ["https://user:pw@host", "https://host/?q", "https://", "https://h#x", "https://h ost"] {
            let json = crate::json::ObjectWriter::new().str("provider", "zapi").str("instance", "i").str("token", "t0k3n-abc").str("baseUrl", url).finish();
            assert_eq!(issues_of(&json)[0].field, "baseUrl", "{url:?}");
        }
    }

    #[test]
    fn timeouts() {
        let mut issues = Issues::new();
        assert_eq!(read_timeout(&parse(r#"{"timeoutMs":1500}"#).unwrap(), &mut issues), Some(1500));
        assert_eq!(read_timeout(&parse(r#"{}"#).unwrap(), &mut issues), None);
        assert!(issues.is_empty());
        for bad in [r#"{"timeoutMs":0}"#, r#"{"timeoutMs":-5}"#, r#"{"timeoutMs":1.5}"#, r#"{"timeoutMs":"9"}"#, r#"{"timeoutMs":3000000000}"#] {
            let mut issues = Issues::new();
            assert_eq!(read_timeout(&parse(bad).unwrap(), &mut issues), None);
            assert_eq!(issues.into_vec()[0].field, "timeoutMs", "{bad}");
        }
    }
}
