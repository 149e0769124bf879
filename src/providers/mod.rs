//! One file per gateway: each maps our operations onto its wire format, both ways.
//! What they share (reading JSON answers defensively) lives here.

pub mod ryze;
pub mod zapi;

use crate::json::Value;

/// The first string member among `keys`.
pub(crate) fn first_str<'v>(v: &'v Value, keys: &[&str]) -> Option<&'v str> {
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
