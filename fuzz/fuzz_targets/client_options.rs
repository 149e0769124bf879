//! `read_client_options(options)`: the Client's constructor options (config, timeoutMs,
//! maxRetries, retryUnsafe, rateLimit). Checks: an accepted value is within its
//! documented bounds and its config is what `Config::from_value` reads; a refusal is a
//! validation error listing issues, with JSON details, that shows no secret in any form
//! (see `judged_secrets`); masking the secrets changes no issue.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wa_groups::json::Value;
use wa_groups::{Config, ErrorKind, Provider};
use wa_groups_fuzz::{assert_error_hides, error_texts, judged_secrets, mask_secrets};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(v) = wa_groups::json::parse(&text) else { return };
    let read = Config::from_value(&v);
    match wa_groups::read_client_options(&v, Vec::new()) {
        Ok(o) => {
            assert_eq!(read.as_ref().ok(), Some(&o.config));
            if let Some(ms) = o.timeout_ms {
                assert!((1..=2_147_483_647).contains(&ms), "timeoutMs {ms}");
            }
            assert!(o.retry.max_retries <= 10, "maxRetries {}", o.retry.max_retries);
            match o.rate_limit {
                Some(r) => assert!((1..=100_000).contains(&r.requests) && (1..=3_600_000).contains(&r.interval_ms), "{r:?}"),
                None => assert!(o.config.provider == Provider::Zapi || v.get("rateLimit") == Some(&Value::Bool(false)), "RyzeAPI without its default limit"),
            }
            // The base URL keeps a request's structure: scheme, no query, fragment or space.
            let b = &o.config.base_url;
            assert!(b.starts_with("https://") || b.starts_with("http://"), "{b:?}");
            assert!(!b.contains(['?', '#']) && !b.chars().any(|c| c.is_whitespace() || c.is_control()) && !b.ends_with('/'), "{b:?}");
            let i = &o.config.instance;
            assert!(!i.is_empty() && !i.chars().any(|c| c.is_whitespace() || c.is_control()) && i != "." && i != "..", "{i:?}");
        }
        Err(e) => {
            let ErrorKind::Validation(issues) = &e.kind else { panic!("kind {}", e.kind.name()) };
            assert!(!issues.is_empty());
            let _: serde_json::Value = serde_json::from_str(&e.details_json()).expect("details are JSON");
            let masked = wa_groups::read_client_options(&mask_secrets(&v), Vec::new()).expect_err("masking the secrets made it valid");
            assert_eq!(masked.issues().len(), issues.len(), "masking the secrets changed the issues");
            assert_error_hides(&e, &judged_secrets(&v, &[], &error_texts(&masked)));
        }
    }
});
