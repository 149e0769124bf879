//! Properties over generated input (proptest): parsing never panics whatever arrives,
//! validation never panics whatever the caller passes, accepted ids never carry URL
//! structure, and link/unlink results always partition the requested groups.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{json, Value as J};
use wa_groups::http::Response;
use wa_groups::ids::{CommunityId, GroupId, Phone};
use wa_groups::{Call, Config, ErrorKind, Operation, Outcome};

// ---------------------------------------------------------------------------------------
// Generators

/// Member names the parsers look for, so that generated bodies reach deep code paths.
const KEYS: &[&str] = &[
    "success",
    "message",
    "error",
    "linked",
    "failed",
    "notLinked",
    "alreadyInCommunity",
    "groupsPhones",
    "phone",
    "invitationLink",
    "phonesNotAdded",
    "jid",
    "group",
    "data",
    "groupInfo",
    "participants",
    "inviteLink",
    "inviteCode",
    "value",
    "reason",
    "groupJid",
    "groupId",
    "id",
    "status",
];

/// Strings the parsers treat specially: ids in every form, links, phones, failure words.
const STRINGS: &[&str] = &[
    "120363019502650977-group",
    "120363019502650977@g.us",
    "120363019502650977",
    "1345353454354354-group",
    "1203634230225498@g.us",
    "5511999999999-1623281429",
    "5511999999999@s.whatsapp.net",
    "204829384756123@lid",
    "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd",
    "https://chat.whatsapp.com/",
    "ABC123XYZ",
    "already in another community",
    "null not allowed",
    "You are not connected.",
    "Instance is not connected to WhatsApp",
    "Rate limit exceeded. Try again later.",
    "",
    "já faz parte de outra comunidade",
];

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(STRINGS).prop_map(str::to_owned),
        2 => "\\PC{0,24}",
        1 => any::<String>(),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![4 => prop::sample::select(KEYS).prop_map(str::to_owned), 1 => "\\PC{0,10}"]
}

fn json_value() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e300f64..1e300).prop_map(|f| json!(f)),
        string().prop_map(J::String),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![prop::collection::vec(inner.clone(), 0..8).prop_map(J::Array), prop::collection::vec((key(), inner), 0..8).prop_map(|kv| J::Object(kv.into_iter().collect())),]
    })
}

/// Response bodies: JSON-ish, JSON cut short, arbitrary text, deep nesting, long strings.
fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => json_value().prop_map(|v| v.to_string()),
        2 => (json_value(), any::<prop::sample::Index>()).prop_map(|(v, i)| {
            let s = v.to_string();
            let mut cut = i.index(s.len() + 1);
            while !s.is_char_boundary(cut) { cut -= 1; }
            s[..cut].to_owned()
        }),
        2 => any::<String>(),
        1 => "[\\[\\]{}\":,0-9a-z .eE+\\-\\\\]{0,64}",
        1 => (1usize..5000, prop::sample::select(&["[", "{\"a\":", "[{\"linked\":"][..]), any::<bool>()).prop_map(|(n, open, close)| {
            let mut s = open.repeat(n);
            if close { s.push_str(&"]".repeat(n)); }
            s
        }),
        1 => (0usize..20_000, prop::sample::select(&["phone", "error", "message", "linked"][..])).prop_map(|(n, k)| {
            format!("{{\"{k}\": \"{}\", \"success\": false}}", "é".repeat(n))
        }),
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        (0u64..4_000_000_000).prop_map(|n| n.to_string()),
        Just("Sun, 22 Nov 2026 21:00:30 GMT".to_owned()),
        Just("Sunday, 06-Nov-94 08:49:37 GMT".to_owned()),
        Just("Sun Nov  6 08:49:37 1994".to_owned()),
        "\\PC{0,32}",
    ]
}

fn configs() -> Vec<Config> {
    vec![zapi(), zapi_ct(), ryze()]
}

fn calls(config: &Config) -> Vec<Call> {
    vec![
        call(config, json!({"op": "createGroup", "name": "Turma A", "participants": ["5511999999999", "+55 21 98888-8888"]})),
        call(config, json!({"op": "getInvitationLink", "groupId": "120363019502650977-group"})),
        call(config, json!({"op": "linkGroups", "communityId": "120363186053925765", "groupIds": ["120363019502650977@g.us", "1345353454354354-group", "5511999999999-1623281429"]})),
        call(config, json!({"op": "unlinkGroups", "communityId": "120363186053925765", "groupIds": ["1203634230225498"]})),
    ]
}

fn requested_jids(c: &Call) -> Vec<String> {
    match c {
        Call::LinkGroups { groups, .. } | Call::UnlinkGroups { groups, .. } => groups.iter().map(GroupId::jid).collect(),
        _ => Vec::new(),
    }
}

/// Whatever came back for `response`, it is well formed: an error with the response's
/// status, provider, operation and at most 2 KiB of body; or a result of the call's type
/// that serialises to JSON (and partitions the groups, for link and unlink).
fn check_any_answer(config: &Config, c: &Call, response: &Response, now_ms: Option<u64>) -> Result<(), TestCaseError> {
    match wa_groups::parse_response(config, c, response, now_ms) {
        Err(e) => {
            prop_assert_eq!(e.status, Some(response.status));
            prop_assert_eq!(e.provider, Some(config.provider));
            prop_assert_eq!(e.operation, Some(c.operation()));
            prop_assert!(e.body.as_ref().is_some_and(|b| b.len() <= 2048));
            prop_assert!(!matches!(e.kind, ErrorKind::Validation(_) | ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Aborted));
            prop_assert!(e.message.len() < 1024, "message of {} bytes", e.message.len());
            let details: J = serde_json::from_str(&e.details_json()).map_err(|x| TestCaseError::fail(x.to_string()))?;
            prop_assert_eq!(details["kind"].as_str(), Some(e.kind.name()));
        }
        Ok(o) => {
            prop_assert!(response.is_success(), "a result from HTTP {}", response.status);
            let v = outcome_json(&o);
            match (&o, c.operation()) {
                (Outcome::CreatedGroup(_), Operation::CreateGroup) | (Outcome::InvitationLink(_), Operation::GetInvitationLink) => {
                    prop_assert!(v["groupId"].as_str().is_some_and(|g| g.ends_with("@g.us")));
                }
                (Outcome::Linked(_), Operation::LinkGroups) => {
                    let req = requested_jids(c);
                    assert_partition(&v, "linked", &req.iter().map(String::as_str).collect::<Vec<_>>());
                }
                (Outcome::Unlinked(_), Operation::UnlinkGroups) => {
                    let req = requested_jids(c);
                    assert_partition(&v, "unlinked", &req.iter().map(String::as_str).collect::<Vec<_>>());
                }
                _ => prop_assert!(false, "{} answered with {}", c.operation().name(), o.to_json()),
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// parse_response never panics

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parse_response_never_panics(
        status in 100u16..=599,
        body in body(),
        headers in prop::collection::vec((prop::sample::select(&["Retry-After", "X-RateLimit-Reset", "x-ratelimit-reset", "retry-after", "Content-Type"][..]), header_value()), 0..3),
        now_ms in proptest::option::of(any::<u64>()),
    ) {
        let mut response = Response::new(status, body);
        for (k, v) in &headers {
            response = response.with_header(k, v);
        }
        for config in configs() {
            for c in calls(&config) {
                check_any_answer(&config, &c, &response, now_ms)?;
            }
        }
    }

    // 2xx answers shaped like the documented ones, with any values in their fields.
    #[test]
    fn documented_shapes_with_any_values(status in 200u16..=299, value in json_value(), k in key(), wrap in prop::sample::select(&["", "group", "data"][..])) {
        let mut obj = serde_json::Map::new();
        obj.insert(k, value);
        let inner = J::Object(obj);
        let body = if wrap.is_empty() { inner.to_string() } else { json!({"success": true, wrap: inner}).to_string() };
        for config in configs() {
            for c in calls(&config) {
                check_any_answer(&config, &c, &Response::new(status, body.as_str()), Some(NOW_MS))?;
            }
        }
    }
}

// Very large answers, deterministic: megabytes of nesting and of text parse in bounded
// depth and come back as errors or results, without a stack overflow.
#[test]
fn huge_and_deep_bodies() {
    let bodies = [
        "[".repeat(1_000_000),
        "[".repeat(500_000) + &"]".repeat(500_000),
        "{\"a\":".repeat(200_000) + "1" + &"}".repeat(200_000),
        format!("{{\"linked\": [{}]}}", "[".repeat(100_000)),
        format!("{{\"error\": \"{}\"}}", "x".repeat(4_000_000)),
        format!("{{\"success\": true, \"linked\": [{}\"120363019502650977@g.us\"]}}", "\"1203634230225498@g.us\",".repeat(100_000)),
        format!("{{\"phone\": \"120363019502650977-group\", \"phonesNotAdded\": [{}\"5511999999999\"]}}", "\"5511999999999\",".repeat(100_000)),
        "\"".to_owned() + &"\\u0000".repeat(200_000) + "\"",
        "\u{10FFFF}".repeat(500_000),
    ];
    for body in &bodies {
        for status in [200, 429] {
            let response = Response::new(status, body.as_str());
            for config in [zapi_ct(), ryze()] {
                for c in calls(&config) {
                    check_any_answer(&config, &c, &response, Some(NOW_MS)).unwrap_or_else(|e| panic!("{e}"));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// validate never panics

const CONFIG_KEYS: &[&str] = &["provider", "instance", "token", "clientToken", "baseUrl", "timeoutMs", "fetch"];
const CALL_KEYS: &[&str] = &["op", "name", "participants", "autoInvite", "groupId", "communityId", "groupIds"];

fn object_with(keys: &'static [&'static str], special: impl Strategy<Value = J> + Clone) -> impl Strategy<Value = J> {
    prop::collection::vec((prop::sample::select(keys), prop_oneof![2 => special, 1 => json_value()]), 0..8).prop_map(|kv| J::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

fn config_value() -> impl Strategy<Value = J> {
    prop_oneof![
        1 => json_value(),
        3 => object_with(CONFIG_KEYS, prop_oneof![
            prop::sample::select(&["zapi", "ryze", "ZAPI", ""][..]).prop_map(|s| json!(s)),
            prop::sample::select(&["https://api.z-api.io/", "http://127.0.0.1:9", "https://u@h", "ftp://x", "https://h/?q"][..]).prop_map(|s| json!(s)),
            "[!-~]{1,20}".prop_map(|s| json!(s)),
        ]),
    ]
}

fn call_value() -> impl Strategy<Value = J> {
    let item = prop_oneof![prop::sample::select(STRINGS).prop_map(|s| json!(s)), json_value()];
    prop_oneof![
        1 => json_value(),
        3 => object_with(CALL_KEYS, prop_oneof![
            prop::sample::select(&["createGroup", "getInvitationLink", "linkGroups", "unlinkGroups"][..]).prop_map(|s| json!(s)),
            prop::sample::select(STRINGS).prop_map(|s| json!(s)),
            prop::collection::vec(item, 0..60).prop_map(J::Array),
        ]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn validate_never_panics(config in config_value(), c in call_value()) {
        match wa_groups::validate(&wa(&config), &wa(&c)) {
            Ok((config, c)) => {
                let r = wa_groups::build_request(&config, &c);
                prop_assert!(r.url.starts_with(&config.base_url));
                prop_assert!(serde_json::from_str::<J>(&r.to_json()).is_ok());
                if let Some(b) = &r.body {
                    prop_assert!(serde_json::from_str::<J>(b).is_ok());
                }
            }
            Err(e) => {
                prop_assert_eq!(e.kind.name(), "validation");
                prop_assert!(!e.issues().is_empty());
                prop_assert!(e.issues().iter().all(|i| !i.field.is_empty() && !i.message.is_empty()));
                prop_assert!(serde_json::from_str::<J>(&e.details_json()).is_ok());
            }
        }
        // The Client-method entry points take the same values.
        let _ = wa_groups::read_client_options(&wa(&config), Vec::new());
        for op in Operation::ALL {
            let _ = wa_groups::read_input(&zapi(), op, &wa(&c));
            let _ = wa_groups::read_input(&ryze(), op, &wa(&c));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Accepted ids never carry URL structure

/// Strings near the accepted forms: digits with separators, a suffix, and maybe one
/// injected character that would change a URL's structure.
fn id_like() -> impl Strategy<Value = String> {
    (
        prop::option::of(Just("+")),
        "[0-9]{0,34}",
        prop::collection::vec(prop::sample::select(&["", " ", "-", "(", ")", ".", "/", "?", "#", "%", "@", "\\", "\n", "%2F", "..", "&"][..]), 0..4),
        prop::sample::select(&["", "-group", "@g.us", "@s.whatsapp.net", "@c.us", "@lid", "-1623281429", "-1623281429@g.us", "-group@g.us", "@g.us/..", "?x=1", "#f"][..]),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(plus, digits, inserts, suffix, at)| {
            let mut s = String::from(plus.unwrap_or(""));
            s.push_str(&digits);
            for ins in inserts {
                let pos = at.index(s.len() + 1);
                s.insert_str(pos, ins);
            }
            s.push_str(suffix);
            s
        })
}

fn plain(s: &str, extra: &[u8]) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || extra.contains(&b))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn accepted_ids_render_without_url_structure(s in prop_oneof![id_like(), "\\PC{0,40}"]) {
        if let Ok(g) = GroupId::parse(&s) {
            let z = g.zapi();
            prop_assert!(plain(z.strip_suffix("-group").unwrap_or(&z), b"-"), "{:?} -> {}", s, z);
            prop_assert!(plain(&g.bare(), b"-"), "{:?} -> {}", s, g.bare());
            prop_assert!(g.jid().strip_suffix("@g.us").is_some_and(|b| plain(b, b"-")), "{:?} -> {}", s, g.jid());
            // Through the public request builders too.
            let zr = wa_groups::build_request(&zapi(), &Call::GetInvitationLink { group: g.clone() });
            let tail = zr.url.strip_prefix(&[zapi().base_url.as_str(), "/instances/", ZAPI_INSTANCE, "/token/", ZAPI_TOKEN, "/group-invitation-link/"].concat());
            prop_assert_eq!(tail.map(str::to_owned), Some(g.zapi()));
            let rr = wa_groups::build_request(&ryze(), &Call::GetInvitationLink { group: g.clone() });
            let query = rr.url.strip_prefix("https://ryzeapi.cloud/api/group/info/shop-bot?identifier=").and_then(|q| q.strip_suffix("&participants=false"));
            prop_assert_eq!(query.map(str::to_owned), Some([g.bare().as_str(), "%40g.us"].concat()));
        }
        if let Ok(c) = CommunityId::parse(&s) {
            prop_assert!(plain(c.digits(), b""), "{:?} -> {}", s, c.digits());
            prop_assert_eq!(c.jid(), [c.digits(), "@g.us"].concat());
        }
        if let Ok(p) = Phone::parse(&s, None) {
            prop_assert!(plain(p.digits(), b""), "{:?} -> {}", s, p.digits());
            // As libphonenumber's plans say possible (a `+98` number may have 6 digits in all):
            // E.164's bounds, no more.
            prop_assert!(p.digits().len() <= 15 && !p.digits().starts_with('0'), "{:?} -> {}", s, p.digits());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Link and unlink results always partition the requested groups

/// A pool of distinct groups (new and old style) to request from, plus strangers.
const POOL: &[&str] = &[
    "120363019502650977",
    "1345353454354354",
    "1203634230225498",
    "120363406289005074",
    "120363406289005075",
    "5511999999999-1623281429",
    "5521988888888-1700000000",
    "98765432101234567",
    "120363111111111111",
    "120363222222222222",
];
const STRANGERS: &[&str] = &["120363999999999999", "5531977777777-1600000000", "1203634230225"];

#[derive(Clone, Debug)]
enum Form {
    Jid,
    Zapi,
    Bare,
}

fn render(id: &str, form: &Form) -> String {
    let g = GroupId::parse(id).expect("pool ids parse");
    match form {
        Form::Jid => g.jid(),
        Form::Zapi => g.zapi(),
        Form::Bare => g.bare(),
    }
}

/// One item of a `linked`/`failed`-style array: an id string, an object holding an id
/// (maybe with a reason, maybe with its own `success`), or junk. Also says which group
/// it names and whether the item itself reports a failure.
#[derive(Clone, Debug)]
struct Item {
    id: Option<&'static str>,
    self_failed: bool,
    json: J,
}

fn item() -> impl Strategy<Value = Item> {
    let id = prop_oneof![4 => prop::sample::select(POOL), 1 => prop::sample::select(STRANGERS)];
    let form = prop_oneof![Just(Form::Jid), Just(Form::Zapi), Just(Form::Bare)];
    prop_oneof![
        4 => (id.clone(), form.clone()).prop_map(|(id, f)| Item { id: Some(id), self_failed: false, json: J::String(render(id, &f)) }),
        3 => (
            id,
            form,
            prop::sample::select(&["jid", "groupJid", "group", "id", "groupId", "phone"][..]),
            prop::option::of((prop::sample::select(&["reason", "error", "message"][..]), "\\PC{0,20}")),
            prop::option::of(any::<bool>()),
        )
            .prop_map(|(id, f, k, reason, success)| {
                let mut o = serde_json::Map::new();
                o.insert(k.to_owned(), J::String(render(id, &f)));
                let mut self_failed = success == Some(false);
                if let Some(s) = success {
                    o.insert("success".to_owned(), J::Bool(s));
                }
                if let Some((rk, r)) = reason {
                    self_failed |= rk == "error" && !r.trim().is_empty();
                    o.insert(rk.to_owned(), J::String(r));
                }
                Item { id: Some(id), self_failed, json: J::Object(o) }
            }),
        1 => junk().prop_map(|json| Item { id: None, self_failed: false, json }),
    ]
}

/// Items no reader can take a group id from.
fn junk() -> impl Strategy<Value = J> {
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop::sample::select(&["", "junk", "not-a-group", "5511999999999@s.whatsapp.net", "204829384756123@lid"][..]).prop_map(|s| json!(s)),
        "\\PC{0,12}".prop_map(|r| json!({"reason": r, "name": "General"})),
        Just(json!([["120363019502650977@g.us"]])),
        Just(json!({"jid": 120363019502650977u64})),
    ]
}

fn requested() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::subsequence(POOL, 1..=POOL.len()).prop_shuffle()
}

/// The groups `items` name; with `failed_only`, only those whose item reports a failure.
fn ids(items: &[Item], failed_only: bool) -> Vec<GroupId> {
    items.iter().filter(|i| !failed_only || i.self_failed).filter_map(|i| i.id.and_then(|s| GroupId::parse(s).ok())).collect()
}

fn check_partition(config: &Config, c: &Call, body: &str) -> Result<(Vec<String>, Vec<String>), TestCaseError> {
    let o = wa_groups::parse_response(config, c, &Response::new(200, body), Some(NOW_MS));
    let o = o.map_err(|e| TestCaseError::fail(format!("{}: {} for {body}", e.kind.name(), e.message)))?;
    let key = if c.operation() == Operation::LinkGroups { "linked" } else { "unlinked" };
    let req = requested_jids(c);
    let v = assert_partition(&outcome_json(&o), key, &req.iter().map(String::as_str).collect::<Vec<_>>());
    let list = |k: &str| -> Vec<String> { v[k].as_array().map(|a| a.iter().map(|x| x.as_str().or_else(|| x["groupId"].as_str()).unwrap_or_default().to_owned()).collect()).unwrap_or_default() };
    Ok((list(key), list("failed")))
}

fn membership_call(config: &Config, link: bool, groups: &[&str]) -> Call {
    let op = if link { "linkGroups" } else { "unlinkGroups" };
    call(config, json!({"op": op, "communityId": "120363186053925765", "groupIds": groups}))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    // RyzeAPI: `failed[]` (and items reporting their own failure) win, then `linked[]`;
    // a group in neither failed.
    #[test]
    fn ryze_lists_partition(
        groups in requested(),
        linked in prop::option::of(prop::collection::vec(item(), 0..12)),
        failed in prop::option::of(prop::collection::vec(item(), 0..12)),
        success in prop::option::of(any::<bool>()),
        message in prop::option::of(string()),
        link in any::<bool>(),
    ) {
        prop_assume!(linked.is_some() || failed.is_some());
        let mut body = serde_json::Map::new();
        if let Some(s) = success { body.insert("success".into(), J::Bool(s)); }
        if let Some(m) = &message { body.insert("message".into(), J::String(m.clone())); }
        if let Some(l) = &linked { body.insert("linked".into(), J::Array(l.iter().map(|i| i.json.clone()).collect())); }
        if let Some(f) = &failed { body.insert("failed".into(), J::Array(f.iter().map(|i| i.json.clone()).collect())); }
        let c = membership_call(&ryze(), link, &groups);
        let (done, not_done) = check_partition(&ryze(), &c, &J::Object(body).to_string())?;
        let mut failed_ids = ids(failed.as_deref().unwrap_or(&[]), false);
        failed_ids.extend(ids(linked.as_deref().unwrap_or(&[]), true));
        let linked_ids = ids(linked.as_deref().unwrap_or(&[]), false);
        for g in &groups {
            let g = GroupId::parse(g).expect("pool");
            let expect_done = !failed_ids.contains(&g) && linked_ids.contains(&g);
            prop_assert_eq!(done.contains(&g.jid()), expect_done, "{}", g.jid());
            prop_assert_eq!(not_done.contains(&g.jid()), !expect_done, "{}", g.jid());
        }
    }

    // Z-API: arrays named for failure fail (as do items reporting their own failure),
    // other arrays of ids succeed; a group no array names failed when some array listed
    // groups that went through, else `success` decides (none: failed).
    #[test]
    fn zapi_lists_partition(
        groups in requested(),
        arrays in prop::collection::vec((prop::sample::select(&["linked", "groupsPhones", "failed", "notLinked", "alreadyInCommunity"][..]), prop::collection::vec(item(), 0..10)), 1..4),
        success in prop::option::of(any::<bool>()),
        link in any::<bool>(),
    ) {
        let mut body: Vec<(String, J)> = Vec::new();
        if let Some(s) = success { body.push(("success".into(), J::Bool(s))); }
        for (k, items) in &arrays {
            body.push(((*k).to_owned(), J::Array(items.iter().map(|i| i.json.clone()).collect())));
        }
        // Repeated keys are possible in JSON text; write it by hand to keep them.
        let text = ["{", &body.iter().map(|(k, v)| format!("{}:{}", J::String(k.clone()), v)).collect::<Vec<_>>().join(","), "}"].concat();
        let c = membership_call(&zapi(), link, &groups);
        let (done, not_done) = check_partition(&zapi(), &c, &text)?;
        let failing = |k: &str| matches!(k, "failed" | "notLinked" | "alreadyInCommunity");
        let failed_ids: Vec<GroupId> = arrays.iter().flat_map(|(k, items)| ids(items, !failing(k))).collect();
        let done_ids: Vec<GroupId> = arrays.iter().filter(|(k, _)| !failing(k)).flat_map(|(_, items)| ids(items, false)).collect();
        let saw_done_list = arrays.iter().any(|(k, _)| !failing(k));
        for g in &groups {
            let g = GroupId::parse(g).expect("pool");
            let expect_done = !failed_ids.contains(&g) && (done_ids.contains(&g) || (success == Some(true) && !saw_done_list));
            prop_assert_eq!(done.contains(&g.jid()), expect_done, "{} in {}", g.jid(), text);
            prop_assert_eq!(not_done.contains(&g.jid()), !expect_done, "{} in {}", g.jid(), text);
        }
    }

    // Z-API with any message at all: whatever it says, the partition holds.
    #[test]
    fn zapi_messages_keep_the_partition(
        groups in requested(),
        success in prop::option::of(any::<bool>()),
        message in prop_oneof![string(), prop::sample::select(POOL).prop_map(|g| format!("group {g}-group is already in another community"))],
        key in prop::sample::select(&["message", "error"][..]),
        extra in prop::option::of(prop::collection::vec(item(), 0..6)),
        link in any::<bool>(),
    ) {
        let mut body = serde_json::Map::new();
        body.insert("success".into(), success.map_or(J::Null, J::Bool));
        body.insert(key.into(), J::String(message));
        if let Some(items) = extra {
            body.insert("notLinked".into(), J::Array(items.into_iter().map(|i| i.json).collect()));
        }
        let body = J::Object(body);
        let c = membership_call(&zapi(), link, &groups);
        match wa_groups::parse_response(&zapi(), &c, &Response::new(200, body.to_string()), Some(NOW_MS)) {
            Ok(o) => {
                let req = requested_jids(&c);
                let k = if link { "linked" } else { "unlinked" };
                assert_partition(&outcome_json(&o), k, &req.iter().map(String::as_str).collect::<Vec<_>>());
            }
            // Refused: an answer with neither `success` nor any list, or one whose message
            // says the instance is disconnected or the caller is not allowed (unless it
            // claims success).
            Err(e) => {
                let text = body.get(key).and_then(J::as_str).unwrap_or("").to_ascii_lowercase();
                let says_refusal = ["not connected", "disconnected", "restore the session", "not allowed", "instance is not ready"].iter().any(|w| text.contains(w));
                prop_assert!(
                    (success.is_none() && body.get("notLinked").is_none()) || (says_refusal && success != Some(true)),
                    "{}: {}", e.kind.name(), body
                );
            }
        }
    }
}
