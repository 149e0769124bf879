//! `validate(config, call)`: the input is the config JSON, a 0xFF byte, then the call
//! JSON (without 0xFF: byte 0 picks an operation whose sample call is used, and the rest
//! is the config). Checks: a refusal is a validation error with issues (or unsupported)
//! and JSON details, and no text of it shows the token or Client-Token in any form (raw,
//! percent-encoded, JSON-escaped; see `judged_secrets` for the two cases that are no
//! leak); masking the secrets changes no issue; an accepted call agrees with `Config::from_value` and
//! `read_input`, and builds a request whose path segments and query values are only
//! unreserved characters or %XX escapes (no `/`, `?`, `#`, `..`, spaces or controls from
//! an id or a name), whose headers carry no line breaks, whose body is JSON, and whose
//! redacted form shows no secret.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wa_groups::json::Value;
use wa_groups::{Config, ErrorKind};
use wa_groups_fuzz::{assert_error_hides, check_request, error_texts, judged_secrets, mask_secrets};

fuzz_target!(|data: &[u8]| {
    let (config_text, call_text) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (String::from_utf8_lossy(&data[..i]).into_owned(), String::from_utf8_lossy(&data[i + 1..]).into_owned()),
        None => {
            let Some((&op, rest)) = data.split_first() else { return };
            let op = wa_groups::Operation::ALL[usize::from(op) % wa_groups::Operation::ALL.len()];
            let mut call = wa_groups_fuzz::call_input(0, op);
            call["op"] = op.name().into();
            (String::from_utf8_lossy(rest).into_owned(), call.to_string())
        }
    };
    let (Ok(config_v), Ok(call_v)) = (wa_groups::json::parse(&config_text), wa_groups::json::parse(&call_text)) else { return };
    let read = Config::from_value(&config_v);
    match wa_groups::validate(&config_v, &call_v) {
        Ok((config, call)) => {
            assert_eq!(read.as_ref().ok(), Some(&config), "validate and Config::from_value read the config differently");
            let op = call.operation();
            assert_eq!(call_v.get("op").and_then(Value::as_str), Some(op.name()));
            let again = wa_groups::read_input(&config, op, &call_v).unwrap_or_else(|e| panic!("read_input refuses what validate accepts: {}", e.message));
            assert_eq!(again, call, "read_input reads the call differently");
            let req = wa_groups::build_request(&config, &call);
            // The caller's own fields may hold a secret (a name equal to the token): the
            // body then shows it, as asked.
            let echoed = config.redactor.touches(&call_text) || wa_groups_fuzz::value_touches(&call_v, &config.redactor);
            check_request(&config, &call, &req, echoed);
            let _ = wa_groups::expected_duration_ms(&config, &call);
        }
        Err(e) => {
            match &e.kind {
                ErrorKind::Validation(issues) => assert!(!issues.is_empty(), "a validation error without issues"),
                ErrorKind::Unsupported => {}
                other => panic!("validate failed with kind {}", other.name()),
            }
            assert!(e.status.is_none() && e.body.is_none(), "a validation error with a response");
            let _: serde_json::Value = serde_json::from_str(&e.details_json()).expect("details are JSON");
            // Masking the secrets keeps the config as valid as it was.
            let masked = wa_groups::validate(&mask_secrets(&config_v), &call_v).expect_err("masking the secrets made it valid");
            assert_eq!(masked.issues().len(), e.issues().len(), "masking the secrets changed the issues");
            assert_error_hides(&e, &judged_secrets(&config_v, &[&call_v], &error_texts(&masked)));
        }
    }
});
