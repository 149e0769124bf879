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

/// One issue per key of `v` that is not in `known`, named `prefix` + key, suggesting the
/// closest known key when one is close (`timeout` → `timeoutMs`, `descripton` →
/// `description`): a misspelt option is never silently ignored.
pub fn unknown_keys(v: &Value, known: &[&str], prefix: &str, what: &str, issues: &mut Issues) {
    for (key, _) in v.as_object().unwrap_or(&[]) {
        if known.contains(&key.as_str()) {
            continue;
        }
        let mut message = ["is not ", what].concat();
        if let Some(close) = closest(key, known) {
            message.push_str(" (did you mean ");
            message.push_str(close);
            message.push_str("?)");
        } else if !known.is_empty() {
            message.push_str("; known: ");
            message.push_str(&known.join(", "));
        }
        // Keys are the caller's text: keep the field name short.
        let shown = if key.is_empty() { "\"\"" } else { crate::text::truncate_bytes(key, 60) };
        issues.add([prefix, shown].concat(), message);
    }
}

/// The known key a caller most likely meant: the same but for case, then one that starts
/// with what was written (`timeout` for `timeoutMs`), then one a few edits away (two at
/// most, and fewer for short keys, where any key is a few edits from any other).
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let key_l = key.to_ascii_lowercase();
    if key_l.len() > 64 {
        return None;
    }
    let allowed = (key_l.len() / 3).clamp(1, 2);
    let mut best: Option<(usize, &'k str)> = None;
    for k in known {
        let k_l = k.to_ascii_lowercase();
        let d = if k_l == key_l {
            0
        } else if key_l.len() >= 4 && (k_l.starts_with(&key_l) || key_l.starts_with(&k_l)) {
            1
        } else {
            edit_distance(&key_l, &k_l).saturating_add(1)
        };
        let within = d <= 1 || d - 1 <= allowed;
        if within && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Levenshtein distance with transpositions (optimal string alignment), on bytes.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let width = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(c) = d.get_mut(at(i, 0)) {
            *c = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(c) = d.get_mut(at(0, j)) {
            *c = j;
        }
    }
    let get = |d: &Vec<usize>, i: usize, j: usize| d.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let (ai, bj) = (a.get(i - 1), b.get(j - 1));
            let cost = usize::from(ai != bj);
            let mut v = (get(&d, i - 1, j) + 1).min(get(&d, i, j - 1) + 1).min(get(&d, i - 1, j - 1) + cost);
            if i > 1 && j > 1 && ai == b.get(j - 2) && a.get(i - 2) == bj {
                v = v.min(get(&d, i - 2, j - 2) + 1);
            }
            if let Some(c) = d.get_mut(at(i, j)) {
                *c = v;
            }
        }
    }
    get(&d, a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues_for(json: &str, known: &[&str]) -> Vec<Issue> {
        let mut issues = Issues::new();
        unknown_keys(&crate::json::parse(json).unwrap(), known, "", "an option", &mut issues);
        issues.into_vec()
    }

    #[test]
    fn unknown_keys_are_named_with_a_suggestion() {
        let known = ["provider", "timeoutMs", "description", "clientToken"];
        let i = issues_for(r#"{"provider":"zapi","timeout":1,"descripton":"x","clienttoken":"y","zzz":1}"#, &known);
        let got: Vec<(&str, &str)> = i.iter().map(|i| (i.field.as_str(), i.message.as_str())).collect();
        assert_eq!(
            got,
            [
                ("timeout", "is not an option (did you mean timeoutMs?)"),
                ("descripton", "is not an option (did you mean description?)"),
                ("clienttoken", "is not an option (did you mean clientToken?)"),
                ("zzz", "is not an option; known: provider, timeoutMs, description, clientToken"),
            ]
        );
        assert!(issues_for(r#"{"provider":1}"#, &known).is_empty());
        // Case alone beats a shared prefix; a short key gets no far-fetched suggestion.
        let i = issues_for(r#"{"pagesize":3,"x":1,"":2}"#, &["page", "pageSize", "op"]);
        let got: Vec<&str> = i.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(got, ["is not an option (did you mean pageSize?)", "is not an option; known: page, pageSize, op", "is not an option; known: page, pageSize, op"]);
        assert!(issues_for("[1]", &known).is_empty());
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("descripton", "description"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
