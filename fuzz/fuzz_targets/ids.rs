//! Group ids, community ids, phones and invite links as callers and providers write
//! them. Checks: whatever parses renders only in canonical, URL-safe forms (digits,
//! `-`, `@g.us`, `-group`; invite codes of `[A-Za-z0-9_-]`), round-trips through each
//! of its forms, keeps the documented bounds (phones at most 15 digits, no leading 0,
//! with or without a defaultCountry);
//! `parse_marked` accepts a subset of `parse`; a participant id is never lost; percent-
//! encoding leaves only unreserved characters and escapes, and decodes back.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wa_groups::ids::{canonical_participant, CommunityId, GroupId, InviteCode, Phone};
use wa_groups::phone::Region;
use wa_groups_fuzz::assert_safe_jid;

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let s = &*s;
    if let Ok(g) = GroupId::parse(s) {
        assert_safe_jid("GroupId::jid", &g.jid());
        let z = g.zapi();
        match &g {
            GroupId::New(d) => {
                assert!(digits(d) && !d.starts_with('0') && (6..=32).contains(&d.len()), "{d:?}");
                assert_eq!(z, format!("{d}-group"));
            }
            GroupId::Old { creator, created } => {
                assert!(digits(creator) && digits(created) && !creator.starts_with('0'));
                assert_eq!(z, format!("{creator}-{created}"));
            }
        }
        assert_eq!(wa_groups::text::percent_encode(&z), z, "zapi form needs escaping");
        for form in [g.jid(), z, g.bare()] {
            assert_eq!(GroupId::parse(&form).as_ref(), Ok(&g), "{form:?} does not round-trip");
        }
        assert_eq!(GroupId::parse_marked(&g.jid()).as_ref(), Ok(&g));
    }
    if let Ok(g) = GroupId::parse_marked(s) {
        assert_eq!(GroupId::parse(s), Ok(g), "parse_marked accepts what parse reads otherwise");
    }
    if let Ok(c) = CommunityId::parse(s) {
        let d = c.digits();
        assert!(digits(d) && !d.starts_with('0') && (6..=32).contains(&d.len()), "{d:?}");
        assert_safe_jid("CommunityId::jid", &c.jid());
        assert_eq!(c.as_group().jid(), c.jid());
        for form in [c.jid(), d.to_owned(), format!("{d}-group")] {
            assert_eq!(CommunityId::parse(&form).as_ref(), Ok(&c), "{form:?} does not round-trip");
        }
    }
    // Phones, as written and as read with a defaultCountry: E.164 digits, and the JID form
    // of what was read means the same number.
    for region in [None, Region::parse("BR"), Region::parse("GB"), Region::parse("US")] {
        if let Ok(p) = Phone::parse(s, region) {
            let d = p.digits();
            // libphonenumber calls a few short numbers possible (Iran's +98 and 4 digits).
            assert!(digits(d) && !d.starts_with('0') && (3..=15).contains(&d.len()), "{d:?}");
            if d.len() >= 7 {
                assert_eq!(Phone::parse(&format!("{d}@s.whatsapp.net"), None).as_ref(), Ok(&p));
            }
        }
    }
    // A participant id from a provider is never lost: its digits, or the text as it came.
    let c = canonical_participant(s);
    assert!(c == s || (digits(&c) && !c.starts_with('0')), "{s:?} became {c:?}");
    if let Ok(i) = InviteCode::parse(s) {
        let code = i.code();
        assert!((6..=64).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'), "{code:?}");
        assert_eq!(i.link(), format!("https://chat.whatsapp.com/{code}"));
        assert_eq!(InviteCode::parse(&i.link()).as_ref(), Ok(&i));
        assert_eq!(InviteCode::parse(code).as_ref(), Ok(&i));
        wa_groups_fuzz::assert_invite_link("InviteCode::link", &i.link());
    }
    // Percent-encoding: only unreserved characters and %XX, and it decodes back.
    let enc = wa_groups::text::percent_encode(s);
    let mut dec = Vec::new();
    let b = enc.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("escape is ASCII");
            dec.push(u8::from_str_radix(hex, 16).expect("escape is hex"));
            i += 3;
        } else {
            assert!(b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'.' | b'_' | b'~'), "percent_encode left {:?}", b[i] as char);
            dec.push(b[i]);
            i += 1;
        }
    }
    assert_eq!(dec, s.as_bytes(), "percent_encode does not decode back");
});
