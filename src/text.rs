//! Small string helpers that keep `core::fmt` out of hot paths and secrets out of text.

/// Decimal digits of `n`, without going through `core::fmt`.
pub fn uint(mut n: u64) -> String {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    buf.get(i..).map(|d| d.iter().map(|&b| char::from(b)).collect()).unwrap_or_default()
}

/// `prefix[index]`, the way JavaScript paths name array items in validation issues.
pub fn indexed(prefix: &str, index: usize) -> String {
    let mut s = String::with_capacity(prefix.len() + 4);
    s.push_str(prefix);
    s.push('[');
    s.push_str(&uint(index as u64));
    s.push(']');
    s
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so a value can sit
/// in a path segment or a query value and never change the URL's structure.
pub fn percent_encode(s: &str) -> String {
    encode_except(s, |b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// `s` as JavaScript's `encodeURI` writes it: URL structure (`/ ? : @ & = + $ , ; #`) and
/// `! ' ( ) *` kept, everything else percent-encoded. Servers echo URLs in this form.
/// Undoes `percent_encode` (and any `%XX`); invalid UTF-8 reads as U+FFFD.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|h| char::from(*h).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn percent_encode_uri(s: &str) -> String {
    encode_except(s, |b| b.is_ascii_alphanumeric() || b"-._~!*'();/?:@&=+$,#".contains(&b))
}

fn encode_except(s: &str, keep: impl Fn(u8) -> bool) -> String {
    if s.bytes().all(&keep) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex_upper(b >> 4));
            out.push(hex_upper(b & 0xf));
        }
    }
    out
}

fn hex_upper(nibble: u8) -> char {
    let digits = b"0123456789ABCDEF";
    char::from(digits.get(usize::from(nibble & 0xf)).copied().unwrap_or(b'0'))
}

/// What a secret is replaced with wherever text may be shown.
pub const REDACTED: &str = "***";

/// Replaces every occurrence of each secret with `***`: raw, percent-encoded (either
/// case), and in the escaped forms JSON serialisers write. A one-off; a `Redactor` keeps
/// the forms for repeated use.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    Redactor::new(secrets).apply(text)
}

/// Every form of a set of secrets that must never be shown, worked out once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redactor {
    forms: Vec<String>,
}

impl Redactor {
    pub fn new(secrets: &[&str]) -> Redactor {
        let mut forms: Vec<String> = Vec::new();
        let mut add = |f: String| {
            if !f.is_empty() && !forms.contains(&f) {
                forms.push(f);
            }
        };
        for secret in secrets {
            add((*secret).to_owned());
            // Servers echo escapes in either case (`%2F` and `%2f`), of every character or
            // only of those a URL cannot hold (`encodeURI`'s form).
            for encoded in [percent_encode(secret), percent_encode_uri(secret)] {
                add(lowercase_escapes(&encoded));
                add(encoded);
            }
            // A body that echoes the secret inside a JSON string shows it escaped; reading
            // the JSON would otherwise turn it back into the raw secret, past redaction.
            for escaped in json_escaped_forms(secret) {
                add(escaped);
            }
        }
        Redactor { forms }
    }

    /// Whether `text` shows any form of a secret.
    pub fn touches(&self, text: &str) -> bool {
        self.forms.iter().any(|f| contains(text, f))
    }

    /// `text` with every form of every secret replaced by `***`.
    pub fn apply(&self, text: &str) -> String {
        let mut out = self.cut_tail(self.apply_once(text));
        // A replacement can join the text on either side into a secret again ("ab" +
        // "***" + "cd" for "ab***cd"; a cut tail's `***` after "***" for "******"): go
        // again while that happens and the text shrinks.
        while out.len() < text.len() && self.touches(&out) {
            let again = self.cut_tail(self.apply_once(&out));
            if again.len() >= out.len() {
                break;
            }
            out = again;
        }
        out
    }

    /// A text cut short (a truncated answer) can end in the first part of a secret: that
    /// part goes too. Four characters or more: shorter tails are ordinary text.
    fn cut_tail(&self, mut text: String) -> String {
        const MIN_TAIL: usize = 4;
        let tail = self
            .forms
            .iter()
            .flat_map(|f| (MIN_TAIL..f.len()).rev().filter(|&n| f.is_char_boundary(n)).map(move |n| f.get(..n).unwrap_or("")))
            .filter(|prefix| !prefix.is_empty() && text.ends_with(prefix))
            .map(str::len)
            .max();
        if let Some(n) = tail {
            text.truncate(text.len() - n);
            text.push_str(REDACTED);
        }
        text
    }

    fn apply_once(&self, text: &str) -> String {
        let mut out: Option<String> = None;
        for form in &self.forms {
            if let Some(r) = replace_all(out.as_deref().unwrap_or(text), form, REDACTED) {
                out = Some(r);
            }
        }
        out.unwrap_or_else(|| text.to_owned())
    }
}

/// `%2F` → `%2f`: the hex digits after each `%` in lower case.
fn lowercase_escapes(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut hex_left = 0;
    for c in encoded.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            out.push(c);
            if c == '%' {
                hex_left = 2;
            }
        }
    }
    out
}

/// The forms a secret takes inside a JSON string as common serialisers write it: `"` and
/// `\` escaped, and optionally `/` as `\/` (PHP) and `<`, `>`, `&` as `\u003c`… (Go).
/// Only the forms that differ from the secret itself.
fn json_escaped_forms(secret: &str) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    for (slash, html) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut out = String::with_capacity(secret.len() + 8);
        for c in secret.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '/' if slash => out.push_str("\\/"),
                '<' if html => out.push_str("\\u003c"),
                '>' if html => out.push_str("\\u003e"),
                '&' if html => out.push_str("\\u0026"),
                c => out.push(c),
            }
        }
        if out != secret && !forms.contains(&out) {
            forms.push(out);
        }
    }
    forms
}

/// The longest prefix of `s` that is at most `max` bytes and ends on a char boundary.
pub fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// Counts characters the way a person reads a name (Unicode scalar values): the bytes
/// that start a UTF-8 sequence.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|b| (b & 0xC0) != 0x80).count()
}

/// Byte offset of the first `needle` in `hay`. A plain search: needles here are a few
/// dozen bytes, and it keeps std's two-way searcher out of the wasm. A match of a whole
/// UTF-8 needle always starts and ends on char boundaries (UTF-8 is self-synchronising).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else { return Some(0) };
    let mut from = 0;
    // Jump from one occurrence of the first byte to the next, then compare the rest.
    while let Some(skip) = h.get(from..).and_then(|t| t.iter().position(|&b| b == first)) {
        let at = from + skip;
        match h.get(at + 1..at + n.len()) {
            Some(tail) if tail == rest => return Some(at),
            Some(_) => from = at + 1,
            None => return None,
        }
    }
    None
}

pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `hay` with every `needle` replaced by `with`; None when there was none.
pub fn replace_all(hay: &str, needle: &str, with: &str) -> Option<String> {
    let mut at = find(hay, needle)?;
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    loop {
        out.push_str(rest.get(..at).unwrap_or(""));
        out.push_str(with);
        rest = rest.get(at + needle.len()..).unwrap_or("");
        match find(rest, needle) {
            Some(next) if !needle.is_empty() => at = next,
            _ => break,
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uint_digits() {
        assert_eq!(uint(0), "0");
        assert_eq!(uint(7), "7");
        assert_eq!(uint(1_623_281_429), "1623281429");
        assert_eq!(uint(u64::MAX), "18446744073709551615");
        assert_eq!(indexed("participants", 12), "participants[12]");
    }

    #[test]
    fn encoding_keeps_structure() {
        assert_eq!(percent_encode("A1-._~"), "A1-._~");
        assert_eq!(percent_encode("../x?y#z w"), "..%2Fx%3Fy%23z%20w");
        assert_eq!(percent_encode("120363019502650977@g.us"), "120363019502650977%40g.us");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn redaction_covers_encoded_forms() {
        let t = "tok/en 1";
        let text = "https://x/instances/I/token/tok%2Fen%201/create-group and tok/en 1";
        let r = redact(text, &[t, ""]);
        assert!(!r.contains(t) && !r.contains("tok%2Fen%201"), "{r}");
        assert_eq!(r, "https://x/instances/I/token/***/create-group and ***");
        assert_eq!(redact("path /token/tok%2fen%201/x", &[t]), "path /token/***/x");
        // encodeURI's form: URL structure kept, the rest escaped.
        assert_eq!(percent_encode_uri("tok/en 1\"x"), "tok/en%201%22x");
        assert_eq!(redact("GET /token/tok/en%201?x", &[t]), "GET /token/***?x");
    }

    #[test]
    fn a_secret_cut_short_at_the_end_goes_too() {
        let r = Redactor::new(&["ZTOKEN-SECRET-8d41f2c7a9"]);
        assert_eq!(r.apply("Cannot POST /token/ZTOKEN-SECRET-8d41f2c7"), "Cannot POST /token/***");
        assert_eq!(r.apply("ends with ZTOK"), "ends with ***");
        assert_eq!(r.apply("ends with ZTO"), "ends with ZTO", "three characters are ordinary text");
        assert_eq!(r.apply("ZTOKEN-SECRET-8d41f2c7a9 and ZTOKEN-SEC"), "*** and ***");
        assert_eq!(r.apply("nothing here"), "nothing here");
    }

    #[test]
    fn truncation_respects_chars() {
        assert_eq!(truncate_bytes("abc", 5), "abc");
        assert_eq!(truncate_bytes("aé", 2), "a");
        assert_eq!(truncate_bytes("😀", 3), "");
    }

    proptest::proptest! {
        #[test]
        fn search_and_replace_match_std(hay in "\\PC{0,30}", needle in "\\PC{1,4}") {
            proptest::prop_assert_eq!(find(&hay, &needle), hay.find(&needle));
            let expected = hay.contains(&needle).then(|| hay.replace(&needle, "*"));
            proptest::prop_assert_eq!(replace_all(&hay, &needle, "*"), expected);
            proptest::prop_assert_eq!(char_count(&hay), hay.chars().count());
        }

        #[test]
        fn uint_matches_std(n: u64) {
            proptest::prop_assert_eq!(uint(n), n.to_string());
        }

        #[test]
        fn redacted_text_never_holds_the_secret(prefix in "\\PC{0,20}", secret in "[A-Za-z0-9/ %]{1,12}", suffix in "\\PC{0,20}") {
            let text = [prefix.as_str(), secret.as_str(), suffix.as_str(), &percent_encode(&secret)].concat();
            let r = redact(&text, &[&secret]);
            proptest::prop_assert!(!r.contains(&secret));
        }
    }
}
