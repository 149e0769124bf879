//! Inputs the fuzz targets (fuzz/) found, kept as plain tests.

use wa_groups::call::Call;
use wa_groups::ids::GroupId;
use wa_groups::retry::{decide, Decision, Ending, Policy};

/// fuzz target `retry`: with a back-off above 2^53 ms, the float product rounded up and the
/// jittered wait came out longer than the back-off itself (min(cap, base*2^n)).
#[test]
fn jitter_never_exceeds_the_back_off() {
    let call = Call::GetInvitationLink { group: GroupId::parse("120363019502650977").unwrap() };
    for (base_ms, cap_ms) in [(u64::MAX / 3, u64::MAX), (12_008_413_499_948_823_668, u64::MAX), (u64::MAX, u64::MAX), ((1 << 53) + 1, (1 << 53) + 1)] {
        let policy = Policy { max_retries: 2, base_ms, cap_ms, retry_unsafe: false };
        for random in [0.999_999_999_999, 1.0, 0.5] {
            match decide(&call, &policy, 1, Ending::NoAnswer { reached: false }, random) {
                Decision::After(ms) => assert!(ms <= base_ms.min(cap_ms), "waits {ms} past the back-off {}", base_ms.min(cap_ms)),
                Decision::Stop => panic!("a failure that cannot have arrived is retried"),
            }
        }
    }
}

/// fuzz target `redact`: replacing a secret that contains `***` could join the text on
/// either side into the secret again ("ab" + "***" + "cd" for the secret "ab***cd").
#[test]
fn redaction_does_not_rebuild_the_secret() {
    let r = wa_groups::text::Redactor::new(&["ab***cd"]);
    for text in ["abab***cdcd", "ababab***cdcdcd", "x abab***cdcd y ab***cd"] {
        let out = r.apply(text);
        assert!(!out.contains("ab***cd"), "{text:?} -> {out:?}");
        assert!(!r.touches(&out), "{text:?} -> {out:?}");
    }
    // End to end: an answer that echoes such a token in that shape.
    let config = wa_groups::json::parse(r#"{"provider":"ryze","instance":"shop","token":"ab***cd"}"#).unwrap();
    let config = wa_groups::Config::from_value(&config).unwrap();
    let call = wa_groups::read_input(&config, wa_groups::Operation::ListGroups, &wa_groups::json::parse("{}").unwrap()).unwrap();
    let answer = wa_groups::http::Response::new(401, r#"{"success":false,"error":{"message":"Invalid token abab***cdcd"}}"#);
    let e = wa_groups::parse_response(&config, &call, &answer, None).unwrap_err();
    for text in [e.message.as_str(), e.body.as_deref().unwrap_or(""), e.details_json().as_str()] {
        assert!(!text.contains("ab***cd"), "{text}");
    }
}

/// fuzz target `redact`: cutting a tail that starts a secret ("%2A%" of "%2A%2A…") and
/// putting `***` in its place rebuilt the secret "******" from the stars before it.
#[test]
fn a_cut_tail_does_not_rebuild_the_secret() {
    let r = wa_groups::text::Redactor::new(&["******"]);
    for text in ["\t**c***%2A%", "***%2a%2a", "x ***** ******"] {
        let out = r.apply(text);
        assert!(!out.contains("******") && !r.touches(&out), "{text:?} -> {out:?}");
    }
}
