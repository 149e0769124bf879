//! The redactor every error and log line goes through. Input: byte 0 = how many
//! secrets (1-2) and how long, then the secrets (visible ASCII, as credentials must be),
//! then the text. Checks: after `apply`, the text shows no form of any secret (raw,
//! percent-encoded wholly or as `encodeURI` does, in either case, JSON-escaped); `touches` means `apply` changes the
//! text; text without a secret is left alone but for a tail that starts one (4+
//! characters: an answer cut short); cutting a redacted text to a byte limit stays on a
//! char boundary.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wa_groups::text::{truncate_bytes, Redactor};

/// The forms a secret can take in text, written out independently of the library:
/// raw, percent-encoded (of every character, or as `encodeURI` does; escapes in either
/// case), JSON-escaped (`\/` and `\u003c` styles).
fn forms(secret: &str) -> Vec<String> {
    let lower = |pct: &str| {
        let mut lower = String::new();
        let mut hex = 0;
        for c in pct.chars() {
            if hex > 0 {
                lower.push(c.to_ascii_lowercase());
                hex -= 1;
            } else {
                lower.push(c);
                if c == '%' {
                    hex = 2;
                }
            }
        }
        lower
    };
    let mut out = vec![secret.to_owned()];
    for pct in [wa_groups::text::percent_encode(secret), wa_groups::text::percent_encode_uri(secret)] {
        out.push(lower(&pct));
        out.push(pct);
    }
    for (slash, html) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut e = String::new();
        for c in secret.chars() {
            match c {
                '"' => e.push_str("\\\""),
                '\\' => e.push_str("\\\\"),
                '/' if slash => e.push_str("\\/"),
                '<' if html => e.push_str("\\u003c"),
                '>' if html => e.push_str("\\u003e"),
                '&' if html => e.push_str("\\u0026"),
                c => e.push(c),
            }
        }
        out.push(e);
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&head, mut rest)) = data.split_first() else { return };
    let count = 1 + usize::from(head & 1);
    let mut secrets = Vec::new();
    for i in 0..count {
        let len = 6 + usize::from((head >> (1 + 3 * i)) & 7) * 3;
        if rest.len() < len {
            return;
        }
        let (s, r) = rest.split_at(len);
        secrets.push(s.iter().map(|&b| char::from(0x21 + b % 94)).collect::<String>());
        rest = r;
    }
    let text = String::from_utf8_lossy(rest);
    let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let r = Redactor::new(&refs);
    let out = r.apply(&text);
    for s in &refs {
        assert!(!out.contains(s), "secret {s:?} survives in {out:?}");
    }
    assert!(!r.touches(&out), "a form of a secret survives in {out:?}");
    if r.touches(&text) {
        assert_ne!(out, *text, "touches, yet apply changed nothing");
    } else if out != *text && !refs.iter().any(|s| s.contains('*')) {
        // (A secret holding `*` can be rebuilt by the `***` put in its place, which
        // redacts again: only the property above is checked then.)
        // The one other change: a text that ends in the first 4+ characters of a form
        // of a secret (an answer cut short) loses that tail to `***`.
        let kept = out.strip_suffix("***").unwrap_or_else(|| panic!("changed without a secret: {text:?} -> {out:?}"));
        let tail = text.strip_prefix(kept).unwrap_or_else(|| panic!("changed more than the tail: {text:?} -> {out:?}"));
        assert!(tail.len() >= 4 && refs.iter().any(|s| forms(s).iter().any(|f| f.len() > tail.len() && f.starts_with(tail))), "cut a tail {tail:?} that starts no secret");
    }
    let cut = truncate_bytes(&out, usize::from(head) * 7);
    assert!(out.starts_with(cut) && cut.len() <= usize::from(head) * 7);
});
