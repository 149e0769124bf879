//! The core's generic value, and how text becomes one.
//!
//! `Value` is what the core reads caller input and provider answers through. It
//! implements serde's `Serialize` and `Deserialize` (by hand: one visitor, bounded in
//! depth and size), so the wasm layer moves JavaScript values in and out with
//! serde-wasm-bindgen and host tests can feed it from serde_json.
//!
//! Turning text into a `Value` is a `Codec`'s job. In wasm it is the runtime's own
//! `JSON.parse` (the `wasm` module's codec); on the host it is the small bounded reader
//! and writer below, which are not compiled into the wasm. Numbers are JavaScript's
//! (f64): the core only ever needs a few small integers out of them.

use core::fmt;

/// Deepest nesting the reader accepts. Real answers nest three or four levels.
pub const MAX_DEPTH: usize = 64;
/// Most values one document may hold: a listing of a thousand groups holds a few tens
/// of thousands. Bounds the memory a hostile body can make the reader allocate.
pub const MAX_VALUES: usize = 1_000_000;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// As JavaScript holds it (JSON.parse reads every number as one).
    Number(f64),
    String(String),
    Array(Vec<Value>),
    /// Members in source order; a repeated key keeps every occurrence, `get` finds the first.
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// A non-negative whole number JavaScript holds exactly (at most 2^53 - 1).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => whole(*n),
            _ => None,
        }
    }

    /// A whole number's digits (`-` first when negative); None for fractions, NaN and
    /// numbers JavaScript cannot hold exactly.
    pub fn integer_text(&self) -> Option<String> {
        match self {
            Value::Number(n) if *n < 0.0 => whole(-*n).map(|m| ["-", &crate::text::uint(m)].concat()),
            Value::Number(n) => whole(*n).map(crate::text::uint),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The JSON type's name, for messages such as "must be a string, got a number".
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Number.MAX_SAFE_INTEGER: the largest whole number every f64 below it also holds.
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `n` as u64 when it is a whole number from 0 to 2^53 - 1.
pub fn whole(n: f64) -> Option<u64> {
    // `n as u64` saturates and maps NaN to 0; the checks before it make it exact.
    ((0.0..=MAX_SAFE_INTEGER).contains(&n) && n == n.trunc()).then_some(n as u64)
}

/// Digits only, no sign, no leading `+`, fits in u64.
pub fn parse_u64(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 20 {
        return None;
    }
    let mut n: u64 = 0;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(n)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset where reading stopped, when the reader knows it.
    pub offset: Option<usize>,
    pub reason: &'static str,
}

impl ParseError {
    pub fn new(reason: &'static str) -> ParseError {
        ParseError { offset: None, reason }
    }

    /// "reason at byte N", without going through `core::fmt`.
    pub fn describe(&self) -> String {
        match self.offset {
            Some(at) => [self.reason, " at byte ", &crate::text::uint(at as u64)].concat(),
            None => self.reason.to_owned(),
        }
    }
}

/// Reads JSON text into a `Value` and writes one back: the runtime's `JSON.parse` and
/// `JSON.stringify` in wasm, this module's reader and writer on the host. The core
/// takes one wherever it reads a provider's text, so that it stays free of I/O and of
/// any particular parser.
pub trait Codec {
    /// One JSON document, bounded by `MAX_DEPTH` and `MAX_VALUES`.
    fn parse(&self, text: &str) -> Result<Value, ParseError>;
    /// Compact JSON text.
    fn write(&self, value: &Value) -> String;
}

/// The host's codec: `parse` and `write_value` below.
#[cfg(any(test, not(target_arch = "wasm32")))]
#[derive(Clone, Copy, Debug, Default)]
pub struct TextCodec;

#[cfg(any(test, not(target_arch = "wasm32")))]
impl Codec for TextCodec {
    fn parse(&self, text: &str) -> Result<Value, ParseError> {
        parse(text)
    }

    fn write(&self, value: &Value) -> String {
        let mut out = String::new();
        write_value(&mut out, value);
        out
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl std::error::Error for ParseError {}

/// Reads one JSON document; leading and trailing whitespace is allowed, nothing else.
/// Host only: in wasm the runtime's `JSON.parse` reads text.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut r = Reader { src: text, bytes: text.as_bytes(), pos: 0, values: 0 };
    r.skip_ws();
    let value = r.value(0)?;
    r.skip_ws();
    if r.pos != r.bytes.len() {
        return Err(r.err("unexpected text after the JSON value"));
    }
    Ok(value)
}

#[cfg(any(test, not(target_arch = "wasm32")))]
struct Reader<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    values: usize,
}

#[cfg(any(test, not(target_arch = "wasm32")))]
impl Reader<'_> {
    fn err(&self, reason: &'static str) -> ParseError {
        ParseError { offset: Some(self.pos), reason }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_word(&mut self, word: &'static [u8], value: Value) -> Result<Value, ParseError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth >= MAX_DEPTH {
            return Err(self.err("JSON nested too deeply"));
        }
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(self.err("JSON holds too many values"));
        }
        match self.peek() {
            None => Err(self.err("unexpected end of JSON")),
            Some(b'n') => self.expect_word(b"null", Value::Null),
            Some(b't') => self.expect_word(b"true", Value::Bool(true)),
            Some(b'f') => self.expect_word(b"false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1; // '{'
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a member name"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected ':'"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        // Only ASCII was consumed, so these are char boundaries.
        let text = self.src.get(start..self.pos).ok_or_else(|| self.err("invalid number"))?;
        // As JSON.parse reads it: the nearest f64 (1e400 is Infinity there; null here,
        // which JSON.stringify would write for it).
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::Number(n)),
            _ => Ok(Value::Null),
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.err("invalid \\u escape")),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go. The input is a &str and the
            // run stops only at ASCII bytes, so it always ends on a char boundary.
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.src.get(start..self.pos).ok_or_else(|| self.err("invalid UTF-8"))?);
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek().ok_or_else(|| self.err("unterminated string"))?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => {
                            self.pos -= 1;
                            return Err(self.err("invalid escape"));
                        }
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }

    /// After `\u`: one code point, joining a surrogate pair; a lone surrogate becomes
    /// U+FFFD, as JavaScript's TextDecoder would show it.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                let save = self.pos;
                self.pos += 2;
                let second = self.hex4()?;
                if (0xDC00..0xE000).contains(&second) {
                    let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
                }
                self.pos = save; // not a pair: read the second escape on its own
            }
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}

impl Value {
    /// Applies `f` to every string in the tree (member names included); true when any
    /// changed. Used to redact secrets a body carried in escaped form.
    pub fn map_strings(&mut self, f: &dyn Fn(&str) -> Option<String>) -> bool {
        match self {
            Value::String(s) => match f(s) {
                Some(new) => {
                    *s = new;
                    true
                }
                None => false,
            },
            Value::Array(items) => items.iter_mut().fold(false, |changed, v| v.map_strings(f) | changed),
            Value::Object(members) => members.iter_mut().fold(false, |changed, (k, v)| {
                let key_changed = match f(k) {
                    Some(new) => {
                        *k = new;
                        true
                    }
                    None => false,
                };
                v.map_strings(f) | key_changed | changed
            }),
            _ => false,
        }
    }
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    // Most strings need no escape at all: copy them whole.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                let n = c as u32;
                out.push(hex_digit(n >> 4));
                out.push(hex_digit(n & 0xf));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn hex_digit(n: u32) -> char {
    char::from_digit(n, 16).unwrap_or('0')
}

/// Serialises a value back to compact JSON, as `JSON.stringify` would (NaN and the
/// infinities as null). Host only: in wasm the runtime's `JSON.stringify` writes.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => match Value::Number(*n).integer_text() {
            Some(digits) => out.push_str(&digits),
            None if n.is_finite() => out.push_str(&n.to_string()),
            None => out.push_str("null"),
        },
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// Builds one JSON object member by member, for request bodies and results.
pub struct ObjectWriter {
    out: String,
    first: bool,
}

impl Default for ObjectWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ObjectWriter {
    pub fn new() -> Self {
        ObjectWriter { out: String::from("{"), first: true }
    }

    fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(&mut self.out, k);
        self.out.push(':');
        &mut self.out
    }

    pub fn str(mut self, k: &str, v: &str) -> Self {
        write_str(self.key(k), v);
        self
    }

    pub fn opt_str(mut self, k: &str, v: Option<&str>) -> Self {
        match v {
            Some(v) => write_str(self.key(k), v),
            None => self.key(k).push_str("null"),
        }
        self
    }

    pub fn bool(mut self, k: &str, v: bool) -> Self {
        self.key(k).push_str(if v { "true" } else { "false" });
        self
    }

    pub fn uint(mut self, k: &str, v: u64) -> Self {
        let digits = crate::text::uint(v);
        self.key(k).push_str(&digits);
        self
    }

    pub fn strs<'s>(mut self, k: &str, items: impl IntoIterator<Item = &'s str>) -> Self {
        let out = self.key(k);
        out.push('[');
        for (i, s) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, s);
        }
        out.push(']');
        self
    }

    /// A member whose value is already serialised JSON.
    pub fn raw(mut self, k: &str, json: &str) -> Self {
        self.key(k).push_str(json);
        self
    }

    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// Builds one object member by member, as a `Value`: results, errors and events, which
/// the wasm layer hands to JavaScript through serde-wasm-bindgen.
#[derive(Debug, Default)]
pub struct Obj(Vec<(String, Value)>);

impl Obj {
    pub fn new() -> Self {
        Obj(Vec::new())
    }

    pub fn value(mut self, k: &str, v: Value) -> Self {
        self.0.push((k.to_owned(), v));
        self
    }

    pub fn str(self, k: &str, v: &str) -> Self {
        self.value(k, Value::String(v.to_owned()))
    }

    /// The value, or null.
    pub fn opt_str(self, k: &str, v: Option<&str>) -> Self {
        self.value(k, v.map_or(Value::Null, |s| Value::String(s.to_owned())))
    }

    pub fn bool(self, k: &str, v: bool) -> Self {
        self.value(k, Value::Bool(v))
    }

    /// The value, or null.
    pub fn opt_bool(self, k: &str, v: Option<bool>) -> Self {
        self.value(k, v.map_or(Value::Null, Value::Bool))
    }

    /// Exact up to 2^53 (every count, status and millisecond time here is far below).
    pub fn uint(self, k: &str, v: u64) -> Self {
        self.value(k, Value::Number(v as f64))
    }

    /// The value, or null.
    pub fn opt_uint(self, k: &str, v: Option<u64>) -> Self {
        self.value(k, v.map_or(Value::Null, |n| Value::Number(n as f64)))
    }

    pub fn strs<'s>(self, k: &str, items: impl IntoIterator<Item = &'s str>) -> Self {
        self.value(k, Value::Array(items.into_iter().map(|s| Value::String(s.to_owned())).collect()))
    }

    pub fn finish(self) -> Value {
        Value::Object(self.0)
    }
}

/// `[each(item), …]`
pub fn list<T>(items: &[T], each: impl Fn(&T) -> Value) -> Value {
    Value::Array(items.iter().map(each).collect())
}

// ---- serde ---------------------------------------------------------------------------
//
// By hand, not derived: one `deserialize_any` visitor reads any self-describing format
// (serde-wasm-bindgen's JavaScript values, serde_json's text) into a `Value`, counting
// depth and values as it goes, so that a cyclic or hostile object is refused instead of
// overflowing the stack (a trap in wasm).

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => s.serialize_f64(*n),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        let count = core::cell::Cell::new(0);
        serde::de::DeserializeSeed::deserialize(Seed { depth: 0, count: &count }, d)
    }
}

/// Reads one value `depth` levels down; `count` is shared by the whole document.
#[derive(Clone, Copy)]
struct Seed<'c> {
    depth: usize,
    count: &'c core::cell::Cell<usize>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        use serde::de::Error;
        if self.depth >= MAX_DEPTH {
            return Err(D::Error::custom("nested too deeply"));
        }
        self.count.set(self.count.get() + 1);
        if self.count.get() > MAX_VALUES {
            return Err(D::Error::custom("holds too many values"));
        }
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("plain data (null, a boolean, a number, a string, an array or an object)")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Number(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let child = Seed { depth: self.depth + 1, count: self.count };
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(child)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let child = Seed { depth: self.depth + 1, count: self.count };
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(key) = map.next_key::<String>()? {
            members.push((key, map.next_value_seed(child)?));
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_documented_answer() {
        let v = parse(r#"{"success": true, "message": "Linked 2 of 2 groups to community", "linked": ["1@g.us"], "failed": []}"#).unwrap();
        assert_eq!(v.get("success").and_then(Value::as_bool), Some(true));
        assert_eq!(v.get("linked").and_then(Value::as_array).map(<[Value]>::len), Some(1));
        assert_eq!(v.get("failed").and_then(Value::as_array).map(<[Value]>::len), Some(0));
    }

    #[test]
    fn rejects_malformed() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "-", "\"\\x\"", "\"a", "{} x", "<html>", "\"\u{1}\""] {
            assert!(parse(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep).unwrap_err().reason, "JSON nested too deeply");
        let ok = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn value_count_is_bounded() {
        let many = ["[", &"0,".repeat(MAX_VALUES), "0]"].concat();
        assert_eq!(parse(&many).unwrap_err().reason, "JSON holds too many values");
        let fine = ["[", &"0,".repeat(1000), "0]"].concat();
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn map_strings_reaches_keys_and_nested_values() {
        let mut v = parse(r#"{"aXb":["xx",{"k":"X"}],"n":1}"#).unwrap();
        let changed = v.map_strings(&|s| s.contains('X').then(|| s.replace('X', "*")));
        assert!(changed);
        let mut out = String::new();
        write_value(&mut out, &v);
        assert_eq!(out, r#"{"a*b":["xx",{"k":"*"}],"n":1}"#);
    }

    #[test]
    fn escapes_and_surrogates() {
        let v = parse(r#""a\"b\\c\/\n\u00e9\ud83d\ude00\ud800x""#).unwrap();
        assert_eq!(v.as_str(), Some("a\"b\\c/\né😀\u{FFFD}x"));
    }

    #[test]
    fn writer_round_trips_through_serde_json() {
        let s = "quote\" back\\ nl\n ctl\u{1} é 😀";
        let mut out = String::new();
        write_str(&mut out, s);
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, s);
        let obj = ObjectWriter::new().str("a", s).bool("b", true).uint("n", 42).strs("l", ["x", "y"]).opt_str("z", None).finish();
        let v: serde_json::Value = serde_json::from_str(&obj).unwrap();
        assert_eq!(v["a"], s);
        assert_eq!(v["n"], 42);
        assert_eq!(v["l"][1], "y");
        assert!(v["z"].is_null());
    }

    #[test]
    fn u64_numbers() {
        assert_eq!(parse("1623281429").unwrap().as_u64(), Some(1_623_281_429));
        assert_eq!(parse("-1").unwrap().as_u64(), None);
        assert_eq!(parse("1.5").unwrap().as_u64(), None);
        assert_eq!(parse("99999999999999999999999").unwrap().as_u64(), None);
    }

    proptest::proptest! {
        // Whatever serde_json accepts as a document, we read to the same structure.
        #[test]
        fn agrees_with_serde_json(s in "[\\[\\]{}\":,0-9a-z .eE+\\-\\\\]{0,30}") {
            let ours = parse(&s);
            let theirs: Result<serde_json::Value, _> = serde_json::from_str(&s);
            proptest::prop_assert_eq!(ours.is_ok(), theirs.is_ok());
        }

        #[test]
        fn strings_round_trip(s in "\\PC*|[\\x00-\\x1f\"\\\\]*") {
            let mut out = String::new();
            write_str(&mut out, &s);
            proptest::prop_assert_eq!(parse(&out).unwrap(), Value::String(s));
        }
    }
}
