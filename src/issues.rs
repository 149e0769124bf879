//! Validation issues: every problem with the input, each naming its field.

use crate::json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// The input's path as a JavaScript caller writes it: `name`, `participants[2]`.
    pub field: String,
    pub message: String,
}

/// Collects issues while an input is read, so that all of them are reported at once.
#[derive(Default, Debug)]
pub struct Issues(Vec<Issue>);

impl Issues {
    pub fn new() -> Self {
        Issues(Vec::new())
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Issue { field: field.into(), message: message.into() });
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<Issue> {
        self.0
    }

    pub fn extend(&mut self, other: Issues) {
        self.0.extend(other.0);
    }

    /// A required string member. Records an issue and returns None when it is missing
    /// or not a string.
    pub fn string<'v>(&mut self, obj: &'v Value, key: &str) -> Option<&'v str> {
        match obj.get(key) {
            None | Some(Value::Null) => {
                self.add(key, "is required");
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.add(key, must_be("a string", other));
                None
            }
        }
    }

    /// An optional string member (absent and null both mean "not given").
    pub fn opt_string<'v>(&mut self, obj: &'v Value, key: &str) -> Option<&'v str> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.add(key, must_be("a string", other));
                None
            }
        }
    }

    pub fn opt_bool(&mut self, obj: &Value, key: &str) -> Option<bool> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.add(key, must_be("a boolean", other));
                None
            }
        }
    }

    /// A required array of strings; each non-string item is its own issue. Returns the
    /// items with their index, skipping the ones that were not strings.
    pub fn strings<'v>(&mut self, obj: &'v Value, key: &str) -> Option<Vec<(usize, &'v str)>> {
        match obj.get(key) {
            None | Some(Value::Null) => {
                self.add(key, "is required");
                None
            }
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push((i, s.as_str())),
                        other => self.add(crate::text::indexed(key, i), must_be("a string", other)),
                    }
                }
                Some(out)
            }
            Some(other) => {
                self.add(key, must_be("an array of strings", other));
                None
            }
        }
    }
}

pub fn must_be(expected: &str, got: &Value) -> String {
    ["must be ", expected, ", got ", got.type_name()].concat()
}

/// Characters that never belong in a credential or name that travels in a URL path or
/// an HTTP header: whitespace, controls, and URL structure.
pub fn has_unsafe_chars(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || c.is_whitespace() || matches!(c, '/' | '?' | '#' | '%' | '\\'))
}
