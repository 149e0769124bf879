//! One file per gateway: each maps our operations onto its wire format, both ways.
//! What they share (reading JSON answers defensively) lives here.

pub mod ryze;
pub mod zapi;

use crate::json::Value;
use crate::operation::Operation;
use crate::provider::Provider;

/// Whether `provider` has an endpoint for `op`. Where it has none, the call fails before
/// sending: no operation is ever emulated by another that changes state.
pub fn supports(provider: Provider, op: Operation) -> bool {
    match provider {
        Provider::Zapi => zapi::supports(op),
        Provider::Ryze => ryze::supports(op),
    }
}

/// The first string member among `keys`.
pub fn first_str<'v>(v: &'v Value, keys: &[&str]) -> Option<&'v str> {
    keys.iter().find_map(|k| v.get(k).and_then(Value::as_str))
}

/// The object that carries the payload: the answer itself when it holds `marker`,
/// else the first of `wrappers` that does (providers wrap payloads inconsistently).
pub(crate) fn payload<'v>(v: &'v Value, marker: &str, wrappers: &[&str]) -> Option<&'v Value> {
    if v.get(marker).is_some() {
        return Some(v);
    }
    wrappers.iter().filter_map(|w| v.get(w)).find(|inner| inner.get(marker).is_some())
}

pub(crate) const INVITE_PREFIX: &str = "https://chat.whatsapp.com/";

/// An invitation link as WhatsApp shapes it, or None.
pub(crate) fn invite_link(s: &str) -> Option<String> {
    let code = s.strip_prefix(INVITE_PREFIX)?;
    (!code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')).then(|| s.to_owned())
}

/// Reads a `linked`/`failed`-style array member, when present.
pub(crate) fn array<'v>(v: &'v Value, key: &str) -> Option<&'v [Value]> {
    v.get(key).and_then(Value::as_array)
}

/// A boolean as providers write them: `true`, `"true"`, `1`, `"1"` (Z-API's listings put
/// booleans in strings).
pub(crate) fn boolish(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) if *n == 1.0 => Some(true),
        Value::Number(n) if *n == 0.0 => Some(false),
        _ => None,
    }
}

/// A non-negative integer written as a number or in a string.
pub(crate) fn u64ish(v: Option<&Value>) -> Option<u64> {
    match v? {
        n @ Value::Number(_) => n.as_u64(),
        Value::String(s) => crate::json::parse_u64(s),
        _ => None,
    }
}

/// A timestamp: milliseconds (Z-API), seconds (small numbers), or an RFC 3339 string.
pub fn timestamp_ms(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::String(s) if s.contains('-') => crate::time::parse_rfc3339(s),
        other => u64ish(Some(other)).map(|n| if n < 100_000_000_000 { n.saturating_mul(1000) } else { n }),
    }
}

/// A non-empty string member.
pub(crate) fn text(v: &Value, keys: &[&str]) -> Option<String> {
    first_str(v, keys).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Participants as either provider lists them: `{phone|jid, isAdmin, isSuperAdmin}`.
pub(crate) fn participants(items: Option<&[Value]>) -> Vec<crate::outcome::Participant> {
    items
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| {
            let id = p.as_str().or_else(|| first_str(p, &["phone", "jid", "id", "participant"]))?;
            Some(crate::outcome::Participant {
                phone: crate::ids::canonical_participant(id),
                is_admin: boolish(p.get("isAdmin")).unwrap_or(false) || boolish(p.get("isSuperAdmin")).unwrap_or(false),
                is_super_admin: boolish(p.get("isSuperAdmin")).unwrap_or(false),
            })
        })
        .collect()
}

/// The items of a listing: the answer itself when it is an array, else the first array
/// among `keys`.
pub(crate) fn items<'v>(v: &'v Value, keys: &[&str]) -> Option<&'v [Value]> {
    v.as_array().or_else(|| keys.iter().find_map(|k| array(v, k)))
}
