//! The host's JSON reader, against serde_json (member order kept, numbers as the f64
//! JSON.parse would read; serde_json built with `float_roundtrip`). Checks:
//! every document serde_json reads, ours reads to the same value (a repeated member:
//! serde_json keeps the last, ours keeps all, in order; nesting within ours's 64 levels);
//! ours refuses nothing serde_json reads and reads nothing serde_json refuses, but for
//! lone UTF-16 surrogates, which ours replaces with U+FFFD; what ours writes reads back
//! to the same value; `as_u64` agrees with Rust's own reading; the contract's response
//! object reader keeps its bounds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value as J};
use wa_groups::json::{self, Value};

/// serde_json's reading with every number as the nearest f64 (as JSON.parse reads it;
/// one too large for an f64 is null, as ours reads it).
fn as_js(v: &J) -> J {
    match v {
        J::Number(n) => n.as_f64().filter(|f| f.is_finite()).and_then(serde_json::Number::from_f64).map_or(J::Null, J::Number),
        J::Array(items) => J::Array(items.iter().map(as_js).collect()),
        J::Object(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), as_js(v))).collect()),
        other => other.clone(),
    }
}

/// Ours → serde_json's model (a repeated member replaces the earlier one in place, as
/// serde_json's `preserve_order` map does).
fn to_serde(v: &Value) -> J {
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number(n) => serde_json::Number::from_f64(*n).map_or(J::Null, J::Number),
        Value::String(s) => J::String(s.clone()),
        Value::Array(items) => J::Array(items.iter().map(to_serde).collect()),
        Value::Object(members) => {
            let mut m = Map::new();
            for (k, v) in members {
                m.insert(k.clone(), to_serde(v));
            }
            J::Object(m)
        }
    }
}

/// A `\uD800`-`\uDFFF` escape: serde_json refuses a lone one, ours reads it as U+FFFD.
fn has_surrogate_escape(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| w[0] == b'\\' && w[1] == b'u' && (w[2] | 0x20) == b'd' && matches!(w[3] | 0x20, b'8' | b'9' | b'a'..=b'f'))
}

fn depth(v: &J) -> usize {
    // Counted as the parser counts: every value is a level, a scalar too (so 64 arrays
    // around `false` are 65 deep, and 64 empty ones 64).
    match v {
        J::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        J::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        _ => 1,
    }
}

fn numbers(v: &Value, f: &mut dyn FnMut(f64)) {
    match v {
        Value::Number(n) => f(*n),
        Value::Array(items) => items.iter().for_each(|i| numbers(i, f)),
        Value::Object(members) => members.iter().for_each(|(_, v)| numbers(v, f)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ours = json::parse(&text);
    let theirs: Result<J, _> = serde_json::from_str(&text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(to_serde(a), as_js(b), "the readers disagree on {text:?}"),
        (Err(e), Ok(b)) => assert!(depth(b) > json::MAX_DEPTH, "ours refuses what serde_json reads ({}): {text:?}", e.describe()),
        (Ok(_), Err(e)) => assert!(has_surrogate_escape(&text), "ours reads what serde_json refuses ({e}): {text:?}"),
        (Err(e), Err(_)) => assert!(e.offset.is_some_and(|at| at <= text.len()), "error offset past the end"),
    }
    if let Ok(v) = &ours {
        let mut out = String::new();
        json::write_value(&mut out, v);
        assert_eq!(json::parse(&out).as_ref(), Ok(v), "what ours writes reads back differently: {out:?}");
        numbers(v, &mut |n| {
            let exact = n >= 0.0 && n <= json::MAX_SAFE_INTEGER && n.fract() == 0.0;
            assert_eq!(Value::Number(n).as_u64(), exact.then_some(n as u64), "as_u64 of {n:?}");
        });
        // Every string written reads back whole.
        if let Value::String(s) = v {
            let mut w = String::new();
            json::write_str(&mut w, s);
            assert_eq!(serde_json::from_str::<String>(&w).ok().as_deref(), Some(s.as_str()));
        }
        // The contract's `{status, headers?, body}` reader.
        if let Ok(r) = wa_groups::http::read_response(v) {
            assert!((100..=599).contains(&r.status));
            assert_eq!(v.get("body").and_then(Value::as_str), Some(r.body.as_str()));
        }
    }
});
