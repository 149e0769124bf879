//! Helpers shared by the integration tests: configs with recognisable credentials,
//! calls built through the public `validate`, responses parsed through the public
//! `parse_response`, and the link/unlink partition check every membership test runs.
#![allow(dead_code)]

use serde_json::{json, Value as J};
use wa_groups::http::{Request, Response};
use wa_groups::{Call, Config, Error, Outcome};

/// Z-API credentials, long and recognisable so that a leak is easy to spot.
pub const ZAPI_INSTANCE: &str = "3C4F9A1B2D7E8F00INSTANCE";
pub const ZAPI_TOKEN: &str = "ZTOKEN5ecr3tA1B2C3D4E5F6";
pub const ZAPI_CLIENT_TOKEN: &str = "ZCLIENT5ecr3tF9E8D7C6B5A4";
/// RyzeAPI credentials.
pub const RYZE_INSTANCE: &str = "shop-bot";
pub const RYZE_TOKEN: &str = "RTOKEN5ecr3t0011223344556677";

/// A Unix time to compute waits from: Sun, 22 Nov 2026 21:00:00 GMT.
pub const NOW_MS: u64 = 1_795_381_200_000;

/// serde_json value -> the crate's own JSON value (what the wasm layer hands the core).
pub fn wa(v: &J) -> wa_groups::json::Value {
    let text = serde_json::to_string(v).expect("serialise");
    wa_groups::json::parse(&text).expect("our reader reads what serde_json writes")
}

pub fn config(v: J) -> Config {
    Config::from_value(&wa(&v)).unwrap_or_else(|issues| panic!("config {v} refused: {issues:?}"))
}

pub fn zapi() -> Config {
    config(json!({"provider": "zapi", "instance": ZAPI_INSTANCE, "token": ZAPI_TOKEN}))
}

pub fn zapi_ct() -> Config {
    config(json!({"provider": "zapi", "instance": ZAPI_INSTANCE, "token": ZAPI_TOKEN, "clientToken": ZAPI_CLIENT_TOKEN}))
}

pub fn ryze() -> Config {
    config(json!({"provider": "ryze", "instance": RYZE_INSTANCE, "token": RYZE_TOKEN}))
}

/// The config as the caller wrote it, for `validate` (which takes config and call together).
pub fn config_json(c: &Config) -> J {
    let mut v = json!({"provider": c.provider.name(), "instance": c.instance, "token": c.token, "baseUrl": c.base_url});
    if let Some(ct) = &c.client_token {
        v["clientToken"] = json!(ct);
    }
    v
}

/// Reads a `Call` for `config` through the public `validate`, which must accept it.
pub fn call(config: &Config, call: J) -> Call {
    match wa_groups::validate(&wa(&config_json(config)), &wa(&call)) {
        Ok((read_config, c)) => {
            assert_eq!(&read_config, config, "validate read the config differently");
            c
        }
        Err(e) => panic!("call {call} refused: {} {:?}", e.message, e.issues()),
    }
}

pub fn build(config: &Config, c: J) -> Request {
    wa_groups::build_request(config, &call(config, c))
}

pub fn parse(config: &Config, c: &Call, status: u16, body: &str) -> Result<Outcome, Error> {
    wa_groups::parse_response(config, c, &Response::new(status, body), Some(NOW_MS))
}

pub fn parse_ok(config: &Config, c: &Call, status: u16, body: &str) -> J {
    match parse(config, c, status, body) {
        Ok(o) => outcome_json(&o),
        Err(e) => panic!("expected a result for {body}, got {} error: {}", e.kind.name(), e.message),
    }
}

pub fn parse_err(config: &Config, c: &Call, status: u16, body: &str) -> Error {
    match parse(config, c, status, body) {
        Ok(o) => panic!("expected an error for HTTP {status} {body}, got {}", o.to_json()),
        Err(e) => e,
    }
}

pub fn outcome_json(o: &Outcome) -> J {
    serde_json::from_str(&o.to_json()).unwrap_or_else(|e| panic!("to_json is not JSON ({e}): {}", o.to_json()))
}

/// The body as parsed JSON (the request's body is compared as data, not as text).
pub fn body_json(r: &Request) -> J {
    let b = r.body.as_deref().expect("request has a body");
    serde_json::from_str(b).unwrap_or_else(|e| panic!("body is not JSON ({e}): {b}"))
}

/// Every header, as (name, value) pairs sorted by name; also checks no name repeats.
pub fn headers(r: &Request) -> Vec<(String, String)> {
    let mut h = r.headers.clone();
    h.sort();
    let mut names: Vec<String> = h.iter().map(|(k, _)| k.to_ascii_lowercase()).collect();
    names.dedup();
    assert_eq!(names.len(), h.len(), "a header name repeats");
    h
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    v.sort();
    v
}

/// The contract's partition rule for link/unlink results: every requested group is in
/// exactly one of `done_key` / `failed`, each list keeps request order, nothing else is
/// listed, and every failure has a `reason` that is a string or null. Returns the result.
pub fn assert_partition(result: &J, done_key: &str, requested: &[&str]) -> J {
    let obj = result.as_object().unwrap_or_else(|| panic!("not an object: {result}"));
    let other = if done_key == "linked" { "unlinked" } else { "linked" };
    assert!(!obj.contains_key(other), "{result} has `{other}`");
    let done: Vec<&str> = result[done_key].as_array().unwrap_or_else(|| panic!("no `{done_key}` in {result}")).iter().map(|v| v.as_str().expect("done ids are strings")).collect();
    let failed: Vec<&str> = result["failed"]
        .as_array()
        .unwrap_or_else(|| panic!("no `failed` in {result}"))
        .iter()
        .map(|f| {
            assert!(f["reason"].is_string() || f["reason"].is_null(), "bad reason in {f}");
            assert_eq!(f.as_object().map(|o| o.len()), Some(2), "failure has other members: {f}");
            f["groupId"].as_str().expect("groupId")
        })
        .collect();
    for g in requested {
        let n = done.iter().filter(|d| *d == g).count() + failed.iter().filter(|d| *d == g).count();
        assert_eq!(n, 1, "{g} appears {n} times in {result}");
    }
    assert_eq!(done.len() + failed.len(), requested.len(), "extra groups in {result}");
    let pos = |g: &str| requested.iter().position(|r| *r == g).unwrap_or(usize::MAX);
    for list in [&done, &failed] {
        let idx: Vec<usize> = list.iter().map(|g| pos(g)).collect();
        assert!(idx.windows(2).all(|w| w[0] < w[1]), "not in request order: {result}");
    }
    result.clone()
}

/// A valid input for every operation, as a `Call` with `op`, acceptable to both providers
/// (where the provider has the operation at all).
pub fn sample_call(op: wa_groups::Operation) -> J {
    use wa_groups::Operation as O;
    const GROUP: &str = "120363019502650977-group";
    const COMMUNITY: &str = "120363186053925765";
    const LINK: &str = "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd";
    let mut v = match op {
        O::CreateGroup => json!({"name": "Turma A", "participants": ["5511999999999", "5521988888888"]}),
        O::GetInvitationLink | O::GetGroupMetadata | O::GetGroupMetadataLight | O::ResetInvitationLink | O::LeaveGroup => json!({"groupId": GROUP}),
        O::LinkGroups | O::UnlinkGroups => json!({"communityId": COMMUNITY, "groupIds": ["1345353454354354-group", "1203634230225498-group"]}),
        O::ListGroups | O::ListCommunities => json!({}),
        O::GetInvitationInfo | O::JoinGroup => json!({"link": LINK}),
        O::AddParticipants | O::RemoveParticipants | O::PromoteParticipants | O::DemoteParticipants | O::ApproveParticipants | O::RejectParticipants => {
            json!({"groupId": GROUP, "phones": ["5511999999999", "+55 21 98888-8888"]})
        }
        O::UpdateGroupName => json!({"groupId": GROUP, "name": "Turma B"}),
        O::UpdateGroupDescription => json!({"groupId": GROUP, "description": "Avisos da turma"}),
        O::UpdateGroupPhoto => json!({"groupId": GROUP, "photo": "https://example.com/turma.jpg"}),
        O::UpdateGroupSettings => json!({"groupId": GROUP, "settings": {"onlyAdminsCanSend": true, "onlyAdminsCanEditInfo": true, "requireAdminApproval": false, "onlyAdminsCanAddMembers": true}}),
        O::CreateCommunity => json!({"name": "Escola", "description": "Comunidade da escola"}),
        O::GetCommunityMetadata | O::ListSubgroups | O::DeactivateCommunity | O::ResetCommunityInvitationLink => json!({"communityId": COMMUNITY}),
        O::UpdateCommunitySettings => json!({"communityId": COMMUNITY, "whoCanAddGroups": "admins"}),
        O::UpdateCommunityDescription => json!({"communityId": COMMUNITY, "description": "Nova descrição"}),
        O::RemoveGroupPhoto | O::ListPendingRequests => json!({"groupId": GROUP}),
        O::UpdateCommunityPhoto => json!({"communityId": COMMUNITY, "photo": "https://example.com/escola.jpg"}),
        O::AddCommunityParticipants | O::RemoveCommunityParticipants | O::PromoteCommunityParticipants | O::DemoteCommunityParticipants => {
            json!({"communityId": COMMUNITY, "phones": ["5511999999999", "+55 21 98888-8888"]})
        }
        O::SetGroupAddPrivacy => json!({"who": "contacts"}),
        O::SetWebhook => json!({"url": "https://example.com/hooks/wa"}),
    };
    v["op"] = json!(op.name());
    v
}

/// The operations issue 4 added (every operation but the four seed ones).
pub fn new_operations() -> Vec<wa_groups::Operation> {
    use wa_groups::Operation as O;
    O::ALL.into_iter().filter(|op| !matches!(op, O::CreateGroup | O::GetInvitationLink | O::LinkGroups | O::UnlinkGroups)).collect()
}

/// RyzeAPI's operations without an endpoint (docs/operations.md).
pub const RYZE_UNSUPPORTED: [wa_groups::Operation; 12] = [
    wa_groups::Operation::UpdateCommunityPhoto,
    wa_groups::Operation::AddCommunityParticipants,
    wa_groups::Operation::RemoveCommunityParticipants,
    wa_groups::Operation::PromoteCommunityParticipants,
    wa_groups::Operation::DemoteCommunityParticipants,
    wa_groups::Operation::SetGroupAddPrivacy,
    wa_groups::Operation::ListCommunities,
    wa_groups::Operation::GetCommunityMetadata,
    wa_groups::Operation::UpdateCommunitySettings,
    wa_groups::Operation::UpdateCommunityDescription,
    wa_groups::Operation::DeactivateCommunity,
    wa_groups::Operation::ResetCommunityInvitationLink,
];

/// Z-API's operations without an endpoint (docs/operations.md).
pub const ZAPI_UNSUPPORTED: [wa_groups::Operation; 2] = [wa_groups::Operation::RemoveGroupPhoto, wa_groups::Operation::ListPendingRequests];

/// Whether `config`'s provider has an endpoint for `op`.
pub fn has_endpoint(config: &Config, op: wa_groups::Operation) -> bool {
    match config.provider {
        wa_groups::Provider::Zapi => !ZAPI_UNSUPPORTED.contains(&op),
        wa_groups::Provider::Ryze => !RYZE_UNSUPPORTED.contains(&op),
    }
}

/// Every form of every secret of `config` that must never be shown: raw, percent-encoded,
/// and their first 6 characters (what a cut in the middle of a secret would leave).
pub fn forbidden(config: &Config) -> Vec<String> {
    let mut out = Vec::new();
    for s in config.secrets() {
        let enc = wa_groups::text::percent_encode(s);
        out.push(s.chars().take(6).collect());
        out.push(enc.chars().take(6).collect());
        out.push(enc);
        out.push(s.to_owned());
    }
    out
}

pub fn assert_clean(config: &Config, what: &str, text: &str) {
    for f in forbidden(config) {
        assert!(!text.contains(&f), "{what} shows {f:?}: {text}");
    }
}

/// Checks every text an error carries, the way the wasm layer would show it.
pub fn assert_error_clean(config: &Config, e: &Error) {
    assert_clean(config, "message", &e.message);
    assert_clean(config, "toString", &e.to_string());
    assert_clean(config, "details_json", &e.details_json());
    assert_clean(config, "Debug", &format!("{e:?}"));
    if let Some(b) = &e.body {
        assert_clean(config, "body", b);
        assert!(b.len() <= 2048, "a body of {} bytes", b.len());
    }
    for i in e.issues() {
        assert_clean(config, "issue field", &i.field);
        assert_clean(config, "issue message", &i.message);
    }
}
