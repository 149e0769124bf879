//! Shared by the fuzz targets: the configs and calls the response targets answer, the
//! decoding of a fuzz input into a response, and the invariants every output must keep.
//! Each check panics with a message naming the invariant, so a crash says what broke.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value as J;
use wa_groups::http::{Request, Response};
use wa_groups::issues::Issues;
use wa_groups::json::Value;
use wa_groups::outcome::{GroupFailure, Membership};
use wa_groups::{Call, Config, Error, ErrorKind, Operation, Outcome, Provider};

/// Recognisable credentials (the integration tests' own), and awkward ones whose JSON,
/// percent and HTML escapes all differ from the raw text.
pub const ZAPI_INSTANCE: &str = "3C4F9A1B2D7E8F00INSTANCE";
pub const ZAPI_TOKEN: &str = "ZTOKEN5ecr3tA1B2C3D4E5F6";
pub const ZAPI_CLIENT_TOKEN: &str = "ZCLIENT5ecr3tF9E8D7C6B5A4";
pub const ZAPI_AWKWARD_TOKEN: &str = r#"Z"T\O/K<E>N&%41+=?#~x"#;
pub const ZAPI_AWKWARD_CLIENT_TOKEN: &str = r#"C'l\i"e/n%74<&>t"#;
pub const RYZE_INSTANCE: &str = "shop-bot";
pub const RYZE_TOKEN: &str = "RTOKEN5ecr3t0011223344556677";
pub const RYZE_AWKWARD_TOKEN: &str = r#"R"y\z/e<&>%2F?#tok"#;

/// A fixed clock for `Retry-After` dates: Sun, 22 Nov 2026 21:00:00 GMT.
pub const NOW_MS: u64 = 1_795_381_200_000;

/// The call variants of `calls.json` (see its `about`).
const CALLS_JSON: &str = include_str!("../calls.json");
pub const VARIANTS: usize = 4;

fn ours(v: &J) -> Value {
    wa_groups::json::parse(&v.to_string()).expect("our JSON reader reads serde_json's output")
}

/// Config kind 0..4: plain; with Client-Token (Z-API only); awkward token; awkward
/// token with an awkward Client-Token (Z-API only).
pub fn config(provider: Provider, kind: u8) -> &'static Config {
    static CONFIGS: OnceLock<Vec<Config>> = OnceLock::new();
    let all = CONFIGS.get_or_init(|| {
        let mut out = Vec::new();
        for provider in [Provider::Zapi, Provider::Ryze] {
            for kind in 0..4u8 {
                let mut v = match provider {
                    Provider::Zapi => {
                        let token = if kind >= 2 { ZAPI_AWKWARD_TOKEN } else { ZAPI_TOKEN };
                        serde_json::json!({"provider": "zapi", "instance": ZAPI_INSTANCE, "token": token})
                    }
                    Provider::Ryze => {
                        let token = if kind >= 2 { RYZE_AWKWARD_TOKEN } else { RYZE_TOKEN };
                        serde_json::json!({"provider": "ryze", "instance": RYZE_INSTANCE, "token": token})
                    }
                };
                if provider == Provider::Zapi && kind % 2 == 1 {
                    v["clientToken"] = J::from(if kind == 3 { ZAPI_AWKWARD_CLIENT_TOKEN } else { ZAPI_CLIENT_TOKEN });
                }
                out.push(Config::from_value(&ours(&v)).unwrap_or_else(|i| panic!("harness config refused: {i:?}")));
            }
        }
        out
    });
    let p = if provider == Provider::Zapi { 0 } else { 4 };
    &all[p + usize::from(kind % 4)]
}

/// The call input (without `op`) of `variant` for `op`, as calls.json has it.
pub fn call_input(variant: usize, op: Operation) -> J {
    static CALLS: OnceLock<J> = OnceLock::new();
    let calls = CALLS.get_or_init(|| {
        let calls: J = serde_json::from_str(CALLS_JSON).expect("calls.json is JSON");
        // The seed writer takes the operations' order from calls.json.
        for v in calls["variants"].as_array().expect("variants") {
            let names: Vec<&str> = v.as_object().expect("variant").keys().map(String::as_str).collect();
            let all: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
            assert_eq!(names, all, "calls.json lists the operations in Operation::ALL's order");
        }
        calls
    });
    calls["variants"][variant % VARIANTS][op.name()].clone()
}

/// The `Call` that `variant` makes of `op` for `provider`; a variant the provider refuses
/// falls back to variant 0. Unsupported operations are read without the provider check,
/// so that the parser's answer to them is fuzzed too.
pub fn call(provider: Provider, variant: usize, op: Operation) -> &'static Call {
    static CALLS: OnceLock<HashMap<(bool, usize, usize), Call>> = OnceLock::new();
    let all = CALLS.get_or_init(|| {
        let mut m = HashMap::new();
        for provider in [Provider::Zapi, Provider::Ryze] {
            for variant in 0..VARIANTS {
                for (i, op) in Operation::ALL.into_iter().enumerate() {
                    let read = |v: usize| {
                        let mut issues = Issues::new();
                        let cx = wa_groups::config::Context { provider: Some(provider), default_country: None };
                        let c = wa_groups::call::read_fields(op, &ours(&call_input(v, op)), cx, &mut issues);
                        c.filter(|_| issues.is_empty())
                    };
                    let c = read(variant).or_else(|| read(0)).unwrap_or_else(|| panic!("calls.json variant 0 of {} is refused", op.name()));
                    m.insert((provider == Provider::Zapi, variant, i), c);
                }
            }
        }
        m
    });
    let i = Operation::ALL.iter().position(|o| *o == op).expect("op in ALL");
    &all[&(provider == Provider::Zapi, variant % VARIANTS, i)]
}

/// One fuzz input of a response target, decoded.
///
/// Layout: byte 0 = operation (index into `Operation::ALL`, modulo its length); bytes 1-2 = HTTP status
/// (big-endian u16, any value); byte 3 = flags: bits 0-1 call variant, bit 2 no clock
/// (`now_ms = None`), bits 3-4 config kind, bit 5 a header block follows. With the header
/// block, `Name: value` lines end at the first empty line ("\n\n"); the rest is the body
/// (invalid UTF-8 is replaced, as `fetch`'s `text()` does).
#[derive(Debug)]
pub struct ResponseInput {
    pub op: Operation,
    pub variant: usize,
    pub now_ms: Option<u64>,
    pub config_kind: u8,
    pub response: Response,
}

impl ResponseInput {
    pub fn decode(data: &[u8]) -> Option<ResponseInput> {
        let (head, rest) = data.split_at_checked(4)?;
        let op = Operation::ALL[usize::from(head[0]) % Operation::ALL.len()];
        let status = u16::from_be_bytes([head[1], head[2]]);
        let flags = head[3];
        let mut headers = Vec::new();
        let mut body = rest;
        if flags & 0x20 != 0 {
            let end = rest.windows(2).position(|w| w == b"\n\n");
            let (block, after) = match end {
                Some(e) => (&rest[..e], &rest[e + 2..]),
                None => (rest, &[][..]),
            };
            for line in String::from_utf8_lossy(block).lines() {
                if let Some((k, v)) = line.split_once(':') {
                    headers.push((k.trim().to_owned(), v.trim().to_owned()));
                }
            }
            body = after;
        }
        Some(ResponseInput {
            op,
            variant: usize::from(flags & 3),
            now_ms: if flags & 4 != 0 { None } else { Some(NOW_MS) },
            config_kind: (flags >> 3) & 3,
            response: Response { status, headers, body: String::from_utf8_lossy(body).into_owned() },
        })
    }

    /// The inverse, for writing seeds.
    pub fn encode(op: Operation, status: u16, flags: u8, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
        let i = Operation::ALL.iter().position(|o| *o == op).expect("op in ALL") as u8;
        let [s0, s1] = status.to_be_bytes();
        let mut out = vec![i, s0, s1, flags | if headers.is_empty() { 0 } else { 0x20 }];
        if !headers.is_empty() {
            for (k, v) in headers {
                out.extend_from_slice(format!("{k}: {v}\n").as_bytes());
            }
            out.push(b'\n');
        }
        out.extend_from_slice(body);
        out
    }
}

// ---------------------------------------------------------------------------------------
// Invariants

/// No form of any secret (raw, percent-encoded either case, JSON-escaped) in `text`.
pub fn assert_no_secret(what: &str, text: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!text.contains(s), "{what} shows a secret ({s:?}): {text:?}");
    }
    // Percent-encoded (either case of the escapes) and JSON-escaped forms.
    assert!(!wa_groups::text::Redactor::new(secrets).touches(text), "{what} shows an encoded secret: {text:?}");
}

/// `text` is JSON, and neither it nor any string or member name in it shows a secret.
pub fn assert_json_no_secret(what: &str, text: &str, secrets: &[&str]) -> J {
    let v: J = serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON ({e}): {text:?}"));
    assert_no_secret(what, text, secrets);
    walk_strings(&v, &mut |s| {
        for secret in secrets {
            assert!(!s.contains(secret), "{what} holds a secret in a JSON string: {s:?}");
        }
    });
    v
}

/// `v` with every number as the f64 JavaScript holds (JSON.parse reads `-0` and `0` alike
/// once written back, and numbers beyond 2^53 to the nearest f64).
pub fn as_js(v: &J) -> J {
    match v {
        J::Number(n) => n.as_f64().filter(|f| f.is_finite()).map(|f| if f == 0.0 { 0.0 } else { f }).and_then(serde_json::Number::from_f64).map_or(J::Null, J::Number),
        J::Array(items) => J::Array(items.iter().map(as_js).collect()),
        J::Object(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), as_js(v))).collect()),
        other => other.clone(),
    }
}

pub fn walk_strings(v: &J, f: &mut dyn FnMut(&str)) {
    match v {
        J::String(s) => f(s),
        J::Array(items) => items.iter().for_each(|i| walk_strings(i, f)),
        J::Object(m) => {
            for (k, v) in m {
                f(k);
                walk_strings(v, f);
            }
        }
        _ => {}
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A group JID as results render it: `<digits>@g.us` or `<digits>-<digits>@g.us`, nothing
/// that could change a URL's structure.
pub fn is_safe_jid(s: &str) -> bool {
    let Some(body) = s.strip_suffix("@g.us") else { return false };
    match body.split_once('-') {
        None => all_digits(body) && !body.starts_with('0'),
        Some((a, b)) => all_digits(a) && all_digits(b) && !a.starts_with('0'),
    }
}

pub fn assert_safe_jid(what: &str, s: &str) {
    assert!(is_safe_jid(s), "{what}: unsafe or malformed id {s:?}");
}

/// `https://chat.whatsapp.com/<code>` with a code of URL-safe characters only.
pub fn assert_invite_link(what: &str, s: &str) {
    let code = s.strip_prefix("https://chat.whatsapp.com/").unwrap_or_else(|| panic!("{what}: not an invite link {s:?}"));
    assert!(!code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'), "{what}: unsafe invite code {s:?}");
}

/// Every requested group in exactly one of `done`/`failed`, each in request order.
pub fn assert_group_partition(what: &str, m: &Membership, requested: &[wa_groups::ids::GroupId]) {
    let failed: Vec<_> = m.failed.iter().map(|f: &GroupFailure| f.group.clone()).collect();
    for g in requested {
        let n = m.done.iter().filter(|d| *d == g).count() + failed.iter().filter(|d| *d == g).count();
        assert_eq!(n, 1, "{what}: {} appears {n} times ({m:?})", g.jid());
    }
    assert_eq!(m.done.len() + failed.len(), requested.len(), "{what}: groups that were not requested ({m:?})");
    let pos = |g: &wa_groups::ids::GroupId| requested.iter().position(|r| r == g).unwrap_or(usize::MAX);
    for list in [&m.done, &failed] {
        assert!(list.windows(2).all(|w| pos(&w[0]) < pos(&w[1])), "{what}: not in request order ({m:?})");
    }
}

/// Every requested phone in exactly one of `succeeded`/`failed`, each in request order.
pub fn assert_phone_partition(what: &str, succeeded: &[String], failed: &[String], requested: &[&str]) {
    for p in requested {
        let n = succeeded.iter().filter(|s| s == p).count() + failed.iter().filter(|s| s == p).count();
        assert_eq!(n, 1, "{what}: {p} appears {n} times (succeeded {succeeded:?}, failed {failed:?})");
    }
    assert_eq!(succeeded.len() + failed.len(), requested.len(), "{what}: phones that were not requested");
    let pos = |p: &String| requested.iter().position(|r| r == p).unwrap_or(usize::MAX);
    for list in [succeeded, failed] {
        assert!(list.windows(2).all(|w| pos(&w[0]) < pos(&w[1])), "{what}: not in request order");
    }
}

/// The checks on a parsed answer, `Ok` or `Err`, for `call` sent with `config`.
pub fn check_parsed(config: &Config, call: &Call, resp: &Response, now_ms: Option<u64>, result: &Result<Outcome, Error>) {
    // The credentials, and a secret of the call's own (a webhook's authorization).
    let mut secrets = config.secrets();
    secrets.extend(call.secrets());
    let op = call.operation();
    let what = format!("{} {} HTTP {}", config.provider.name(), op.name(), resp.status);
    match result {
        Ok(outcome) => {
            assert!(resp.is_success(), "{what}: a result from a non-2xx answer");
            assert!(wa_groups::providers::supports(config.provider, op), "{what}: a result for an operation the provider lacks");
            let json = assert_json_no_secret(&format!("{what}: result"), &outcome.to_json(), &secrets);
            check_outcome(&what, call, outcome, &json);
        }
        Err(e) => {
            check_error(&what, config, Some(op), resp, now_ms, e);
            for own in call.secrets() {
                assert_no_secret(&format!("{what}: message"), &e.message, &[own]);
                assert_no_secret(&format!("{what}: body"), e.body.as_deref().unwrap_or(""), &[own]);
                assert_json_no_secret(&format!("{what}: details"), &e.details_json(), &[own]);
            }
        }
    }
}

/// The error of a response: a kind a response can give, status and context set, body
/// cut to 2 KiB, no secret anywhere, details JSON.
pub fn check_error(what: &str, config: &Config, op: Option<Operation>, resp: &Response, now_ms: Option<u64>, e: &Error) {
    let secrets = config.secrets();
    assert!(
        matches!(e.kind, ErrorKind::Auth | ErrorKind::Forbidden | ErrorKind::NotFound | ErrorKind::RateLimited { .. } | ErrorKind::Disconnected | ErrorKind::Provider | ErrorKind::Decode),
        "{what}: kind {} from a response",
        e.kind.name()
    );
    assert_eq!(e.provider, Some(config.provider), "{what}: provider");
    assert_eq!(e.operation, op, "{what}: operation");
    assert_eq!(e.status, Some(resp.status), "{what}: status");
    assert!(!e.message.trim().is_empty(), "{what}: empty message");
    let body = e.body.as_deref().unwrap_or_else(|| panic!("{what}: no body on a response error"));
    assert!(body.len() <= wa_groups::error::MAX_ERROR_BODY, "{what}: body of {} bytes", body.len());
    assert_no_secret(&format!("{what}: message"), &e.message, &secrets);
    assert_no_secret(&format!("{what}: body"), body, &secrets);
    if let Ok(v) = serde_json::from_str::<J>(body) {
        walk_strings(&v, &mut |s| secrets.iter().for_each(|t| assert!(!s.contains(t), "{what}: body holds a secret in a JSON string")));
    }
    let details = assert_json_no_secret(&format!("{what}: details"), &e.details_json(), &secrets);
    assert_eq!(details["kind"], e.kind.name(), "{what}: details kind");
    match resp.status {
        401 => assert_eq!(e.kind, ErrorKind::Auth, "{what}: 401 is auth"),
        403 => assert!(matches!(e.kind, ErrorKind::Auth | ErrorKind::Forbidden), "{what}: 403 is auth or forbidden"),
        405 | 415 => assert_eq!(e.kind, ErrorKind::Provider, "{what}: 405/415 is provider"),
        _ => {}
    }
    if let ErrorKind::RateLimited { retry_after_ms } = e.kind {
        assert_eq!(resp.status, 429, "{what}: rate_limited without a 429");
        assert_eq!(retry_after_ms, wa_groups::classify::retry_after_ms(resp, now_ms), "{what}: retryAfterMs");
    }
}

fn check_outcome(what: &str, call: &Call, outcome: &Outcome, json: &J) {
    use wa_groups::call::Call as C;
    // Every id a result names is canonical and URL-safe.
    for key in ["groupId", "announcementsGroupId"] {
        if let Some(s) = json.get(key).and_then(J::as_str) {
            assert_safe_jid(what, s);
        }
    }
    if let Some(s) = json.get("communityId").and_then(J::as_str) {
        assert_safe_jid(what, s);
        assert!(!s.contains('-'), "{what}: a community id is new-style only: {s}");
    }
    for list in ["linked", "unlinked"] {
        for g in json.get(list).and_then(J::as_array).into_iter().flatten() {
            assert_safe_jid(what, g.as_str().expect("linked ids are strings"));
        }
    }
    for list in ["groups", "subgroups", "failed"] {
        for item in json.get(list).and_then(J::as_array).into_iter().flatten() {
            if let Some(g) = item.get("groupId") {
                assert_safe_jid(what, g.as_str().expect("groupId is a string"));
            }
        }
    }
    for c in json.get("communities").and_then(J::as_array).into_iter().flatten() {
        assert_safe_jid(what, c["communityId"].as_str().expect("communityId is a string"));
    }
    if let Some(l) = json.get("invitationLink").and_then(J::as_str) {
        assert_invite_link(what, l);
    }
    // The result is the one the operation promises, about what was asked.
    match (call, outcome) {
        (C::CreateGroup { .. }, Outcome::CreatedGroup(_)) => {}
        (C::GetInvitationLink { group } | C::ResetInvitationLink { group }, Outcome::InvitationLink(l)) => {
            assert_eq!(&l.group, group, "{what}: another group's link");
        }
        (C::LinkGroups { community, groups }, Outcome::Linked(m)) | (C::UnlinkGroups { community, groups }, Outcome::Unlinked(m)) => {
            assert_eq!(&m.community, community, "{what}: another community");
            assert_group_partition(what, m, groups);
        }
        (C::ListGroups { .. }, Outcome::GroupList { .. }) | (C::ListCommunities { .. }, Outcome::CommunityList { .. }) => {}
        (C::GetGroupMetadata { group }, Outcome::GroupMetadata(m)) => assert_eq!(m.group.as_ref(), Some(group), "{what}: another group"),
        (C::GetGroupMetadataLight { group }, Outcome::GroupMetadata(m)) => {
            assert_eq!(m.group.as_ref(), Some(group), "{what}: another group");
            assert!(m.invitation_link.is_none(), "{what}: light metadata carries a link");
        }
        (C::GetInvitationInfo { .. }, Outcome::InvitationInfo(m)) => assert!(m.group.is_some(), "{what}: invitation info without a group"),
        (C::JoinGroup { .. }, Outcome::Joined { .. }) => {}
        (
            C::AddParticipants { group, participants, .. }
            | C::RemoveParticipants { group, participants, .. }
            | C::PromoteParticipants { group, participants, .. }
            | C::DemoteParticipants { group, participants, .. }
            | C::ApproveParticipants { group, participants, .. }
            | C::RejectParticipants { group, participants, .. },
            Outcome::Participants { group: g, succeeded, failed },
        ) => {
            assert_eq!(g, group, "{what}: another group");
            let requested: Vec<&str> = participants.iter().map(|p| p.canonical()).collect();
            let failed: Vec<String> = failed.iter().map(|f| f.phone.clone()).collect();
            assert_phone_partition(what, succeeded, &failed, &requested);
        }
        (
            C::UpdateGroupName { group, .. } | C::UpdateGroupDescription { group, .. } | C::UpdateGroupPhoto { group, .. } | C::UpdateGroupSettings { group, .. } | C::LeaveGroup { group },
            Outcome::GroupDone { group: g },
        ) => assert_eq!(g, group, "{what}: another group"),
        (C::CreateCommunity { groups, .. }, Outcome::CreatedCommunity { community, membership, .. }) => {
            assert_eq!(&membership.community, community, "{what}: membership of another community");
            assert_group_partition(what, membership, groups);
        }
        (C::GetCommunityMetadata { community }, Outcome::CommunityMetadata { community: c, .. })
        | (C::ListSubgroups { community }, Outcome::Subgroups { community: c, .. })
        | (C::UpdateCommunitySettings { community, .. } | C::UpdateCommunityDescription { community, .. } | C::DeactivateCommunity { community }, Outcome::CommunityDone { community: c }) => {
            assert_eq!(c, community, "{what}: another community")
        }
        (C::ResetCommunityInvitationLink { community }, Outcome::CommunityInvitationLink { community: c, .. }) => assert_eq!(c, community, "{what}: another community"),
        (C::RemoveGroupPhoto { group }, Outcome::GroupDone { group: g }) => assert_eq!(g, group, "{what}: another group"),
        (C::UpdateCommunityPhoto { community, .. }, Outcome::CommunityDone { community: c }) => assert_eq!(c, community, "{what}: another community"),
        (C::ListPendingRequests { group }, Outcome::PendingRequests { group: g, requests }) => {
            assert_eq!(g, group, "{what}: another group");
            for r in requests {
                assert!(!r.id.is_empty(), "{what}: a request without an id");
            }
        }
        (
            C::AddCommunityParticipants { community, participants, .. }
            | C::RemoveCommunityParticipants { community, participants, .. }
            | C::PromoteCommunityParticipants { community, participants, .. }
            | C::DemoteCommunityParticipants { community, participants, .. },
            Outcome::CommunityParticipants { community: c, succeeded, failed },
        ) => {
            assert_eq!(c, community, "{what}: another community");
            let requested: Vec<&str> = participants.iter().map(|p| p.canonical()).collect();
            let failed: Vec<String> = failed.iter().map(|f| f.phone.clone()).collect();
            assert_phone_partition(what, succeeded, &failed, &requested);
        }
        (C::SetGroupAddPrivacy { who, .. }, Outcome::GroupAddPrivacy { who: w }) => assert_eq!(w, who, "{what}: another scope"),
        (C::SetWebhook { authorization, .. }, Outcome::Webhook { has_authorization, url, .. }) => {
            assert_eq!(*has_authorization, authorization.is_some(), "{what}: hasAuthorization");
            assert!(!url.is_empty(), "{what}: a webhook without a url");
        }
        (call, outcome) => panic!("{what}: {:?} answered with {outcome:?}", call.operation()),
    }
}

/// The whole response target: decode, parse, check; plus Z-API's follow-up rule.
pub fn response_target(provider: Provider, data: &[u8]) {
    let Some(input) = ResponseInput::decode(data) else { return };
    let config = config(provider, input.config_kind);
    let call = call(provider, input.variant, input.op);
    let resp = &input.response;
    let result = wa_groups::parse_response(config, call, resp, input.now_ms);
    check_parsed(config, call, resp, input.now_ms, &result);
    let sent: Request = wa_groups::build_request(config, call);
    match wa_groups::follow_up(config, call, &sent, resp) {
        None => {}
        Some(again) => {
            assert!(provider == Provider::Zapi && matches!(call, Call::GetInvitationLink { .. }) && resp.status == 405, "unexpected follow-up");
            assert_eq!(again.url, sent.url, "a follow-up goes elsewhere");
            assert_eq!(again.method, wa_groups::http::Method::Post, "GET first (Z-API's docs since 2026-02-18), POST after its 405");
        }
    }
}

/// The checks on a request built for a validated call.
/// `echoed`: the caller's own input holds a secret (a name equal to the token...), so
/// the request body may show it; only the URL and headers are checked then.
pub fn check_request(config: &Config, call: &Call, req: &Request, echoed: bool) {
    let secrets = config.secrets();
    let rest = req.url.strip_prefix(config.base_url.as_str()).unwrap_or_else(|| panic!("url outside base: {}", req.redacted(&config.redactor).url));
    assert!(rest.starts_with('/'), "path must start with /");
    let (path, query) = rest.split_once('?').map_or((rest, None), |(p, q)| (p, Some(q)));
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    // Every path segment and query value is unreserved characters or %XX escapes.
    let escaped_ok = |s: &str| {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) {
                    return false;
                }
                i += 3;
            } else if unreserved(b[i]) {
                i += 1;
            } else {
                return false;
            }
        }
        true
    };
    for seg in path.split('/').skip(1) {
        assert!(!seg.is_empty() && seg != "." && seg != ".." && escaped_ok(seg), "{}: unsafe path segment {seg:?}", call.operation().name());
    }
    if let Some(q) = query {
        for pair in q.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or_else(|| panic!("query member without =: {pair:?}"));
            assert!(escaped_ok(k) && escaped_ok(v), "{}: unsafe query {pair:?}", call.operation().name());
        }
    }
    for (k, v) in &req.headers {
        assert!(k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'), "header name {k:?}");
        assert!(v.bytes().all(|b| (0x20..0x7f).contains(&b)), "header {k} value has control or non-ASCII bytes");
    }
    if let Some(b) = &req.body {
        let _: J = serde_json::from_str(b).unwrap_or_else(|e| panic!("request body is not JSON ({e})"));
        assert!(req.header("content-type").is_some(), "a body without Content-Type");
    }
    let shown = req.redacted(&config.redactor);
    assert_no_secret("redacted url", &shown.url, &secrets);
    for (_, v) in &shown.headers {
        assert_no_secret("redacted header", v, &secrets);
    }
    if !echoed {
        if let Some(b) = &shown.body {
            assert_no_secret("redacted body", b, &secrets);
        }
        assert_no_secret("request Debug", &format!("{req:?}"), &secrets);
    }
    // The instance and base URL are no secrets: a caller who wrote the token into one
    // of them too sees it there.
    if !config.redactor.touches(&config.instance) && !config.redactor.touches(&config.base_url) {
        assert_no_secret("config Debug", &format!("{config:?}"), &secrets);
    }
}

/// `v` with the first `token` and `clientToken` members' strings masked: every visible
/// ASCII character becomes `Q`, so the mask is valid exactly when the original was.
pub fn mask_secrets(v: &Value) -> Value {
    let mut v = v.clone();
    if let Value::Object(members) = &mut v {
        for key in ["token", "clientToken"] {
            if let Some((_, Value::String(s))) = members.iter_mut().find(|(k, _)| k == key) {
                *s = s.chars().map(|c| if ('\x21'..='\x7e').contains(&c) { 'Q' } else { c }).collect();
            }
        }
    }
    v
}

/// Every text of an error: message, issues, body, details.
pub fn error_texts(e: &Error) -> Vec<String> {
    let mut out = vec![e.message.clone(), e.details_json()];
    out.extend(e.issues().iter().flat_map(|i| [i.field.clone(), i.message.clone()]));
    out.extend(e.body.clone());
    out
}

/// Whether any string or member name in `v` shows a secret `redactor` knows.
pub fn value_touches(v: &Value, redactor: &wa_groups::text::Redactor) -> bool {
    match v {
        Value::String(s) => redactor.touches(s),
        Value::Array(items) => items.iter().any(|i| value_touches(i, redactor)),
        Value::Object(members) => members.iter().any(|(k, v)| redactor.touches(k) || value_touches(v, redactor)),
        _ => false,
    }
}

/// How many strings and member names in `v` show `secret` in any form.
fn count_in_value(v: &Value, r: &wa_groups::text::Redactor) -> usize {
    match v {
        Value::String(s) => usize::from(r.touches(s)),
        Value::Array(items) => items.iter().map(|i| count_in_value(i, r)).sum(),
        Value::Object(members) => members.iter().map(|(k, v)| usize::from(r.touches(k)) + count_in_value(v, r)).sum(),
        _ => 0,
    }
}

/// The secrets a config input offers (`token`/`clientToken` strings that could be
/// credentials) that its error must not show, less two kinds whose showing is no leak:
/// those the caller wrote elsewhere too (in `others`, or twice in the config), which may
/// come back through that other field, and those the error's own wording holds anyway
/// (`masked_texts`: the error for the same input with the secrets masked, e.g. a token
/// "validati" and the kind "validation").
pub fn judged_secrets(config: &Value, others: &[&Value], masked_texts: &[String]) -> Vec<String> {
    ["token", "clientToken"]
        .iter()
        .filter_map(|k| config.get(k).and_then(Value::as_str))
        .filter(|s| s.len() >= 6 && s.bytes().all(|b| (0x21..=0x7e).contains(&b)))
        .filter(|s| {
            let r = wa_groups::text::Redactor::new(&[s]);
            count_in_value(config, &r) == 1 && others.iter().all(|o| count_in_value(o, &r) == 0) && !masked_texts.iter().any(|t| r.touches(t))
        })
        .map(str::to_owned)
        .collect()
}

/// No text of `e` (message, issues, details, body, and the strings in its details)
/// shows any of `secrets`.
pub fn assert_error_hides(e: &Error, secrets: &[String]) {
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    for t in error_texts(e) {
        assert_no_secret("error text", &t, &secrets);
    }
    assert_json_no_secret("error details", &e.details_json(), &secrets);
}
