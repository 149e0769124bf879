//! A job's plan (`jobs::plan_from_json`, `jobs::plan_from_csv`) and the resolution of its
//! references (`jobs::resolve`), as `wa-groups/cloudflare` reads what a caller POSTs.
//! Byte 0: bit 0 picks CSV or JSON, bit 1 the provider, bits 2-3 the config; the rest is
//! the body. Checks: an accepted plan has 1 to 1000 calls, indices in order, each call's
//! `deps` sorted, unique and earlier, every reference in a call (`{"$ref": "#i.field"}`)
//! to one of its deps and a field its operation's result offers, and resolving it with
//! results that have the fields leaves no reference; a refusal is `validation` with issues
//! and JSON details; no secret shows in a plan or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wa_groups::jobs::{self, CsvOptions};
use wa_groups::json::Value;
use wa_groups::{ErrorKind, Provider};
use wa_groups_fuzz::{assert_json_no_secret, config, RYZE_AWKWARD_TOKEN, RYZE_TOKEN, ZAPI_AWKWARD_CLIENT_TOKEN, ZAPI_AWKWARD_TOKEN, ZAPI_CLIENT_TOKEN, ZAPI_TOKEN};

const SECRETS: [&str; 6] = [ZAPI_TOKEN, ZAPI_CLIENT_TOKEN, ZAPI_AWKWARD_TOKEN, ZAPI_AWKWARD_CLIENT_TOKEN, RYZE_TOKEN, RYZE_AWKWARD_TOKEN];

fn text(v: &Value) -> String {
    let mut out = String::new();
    wa_groups::json::write_value(&mut out, v);
    out
}

/// Every `{"$ref": "..."}` in `v`.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(members) => {
            if let [(k, Value::String(r))] = members.as_slice() {
                if k == "$ref" {
                    out.push(r.clone());
                    return;
                }
            }
            members.iter().for_each(|(_, m)| refs(m, out));
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else { return };
    let provider = if flags & 2 == 0 { Provider::Zapi } else { Provider::Ryze };
    let cfg = config(provider, (flags >> 2) & 3);
    let input = String::from_utf8_lossy(body);
    // A secret the caller wrote into the plan itself may come back with it: not a leak.
    let secrets: Vec<&str> = SECRETS.into_iter().filter(|s| !input.contains(s) && !wa_groups::text::Redactor::new(&[*s]).touches(&input)).collect();
    let secrets = secrets.as_slice();
    let planned = if flags & 1 == 0 {
        let Ok(v) = wa_groups::json::parse(&input) else { return };
        jobs::plan_from_json(cfg, &v)
    } else {
        jobs::plan_from_csv(cfg, &input, CsvOptions::default())
    };
    match planned {
        Ok(plan) => {
            assert!((1..=jobs::MAX_CALLS).contains(&plan.len()), "{} calls", plan.len());
            for (i, c) in plan.iter().enumerate() {
                assert_eq!(c.index, i);
                assert!(c.deps.windows(2).all(|w| w[0] < w[1]) && c.deps.iter().all(|&d| d < i), "deps {:?} of {i}", c.deps);
                let mut found = Vec::new();
                refs(&c.call, &mut found);
                for r in &found {
                    let (at, field) = r.strip_prefix('#').and_then(|r| r.split_once('.')).unwrap_or_else(|| panic!("reference {r:?}"));
                    let at: usize = at.parse().unwrap_or_else(|_| panic!("reference {r:?}"));
                    assert!(c.deps.contains(&at), "reference {r:?} not in deps {:?}", c.deps);
                    assert!(jobs::referable(plan[at].op).contains(&field), "{field} is not referable from {:?}", plan[at].op);
                }
                // Results with every referable field, of the right kind: resolved, the call validates.
                let result = |d: usize| {
                    let mut o = wa_groups::json::Obj::new();
                    for f in jobs::referable(plan[d].op) {
                        o = match *f {
                            "invitationLink" => o.str(f, "https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv"),
                            _ => o.str(f, &format!("1203634{:011}@g.us", d)),
                        };
                    }
                    Some(o.finish())
                };
                let resolved = jobs::resolve(&c.call, &result).unwrap_or_else(|e| panic!("resolve: {}", e.message));
                let mut left = Vec::new();
                refs(&resolved, &mut left);
                assert!(left.is_empty(), "references left: {left:?}");
                assert_json_no_secret("a planned call", &text(&c.to_value()), secrets);
            }
            assert_json_no_secret("the plan", &text(&jobs::plan_value(&plan)), secrets);
        }
        Err(e) => {
            let ErrorKind::Validation(issues) = &e.kind else { panic!("kind {}", e.kind.name()) };
            assert!(!issues.is_empty());
            assert_json_no_secret("the error's details", &e.details_json(), secrets);
            assert_json_no_secret("the error's message", &serde_json::to_string(&e.message).expect("a string"), secrets);
        }
    }
});
