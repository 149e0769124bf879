//! Jobs (src/jobs.rs): plans from JSON and CSV with every issue named, references and
//! their resolution, and the pacer's books.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{json, Value as J};
use wa_groups::config::RateLimit;
use wa_groups::http::Response;
use wa_groups::jobs::{self, CsvOptions, PaceState, PlannedCall};
use wa_groups::{Config, Operation};

const G1: &str = "120363019502650977@g.us";
const G2: &str = "120363019502650978@g.us";
const PHONE: &str = "5511999999999";
const LINK: &str = "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd";

fn plan(config: &Config, body: J) -> Result<Vec<PlannedCall>, Vec<(String, String)>> {
    jobs::plan_from_json(config, &wa(&body)).map_err(|e| e.issues().iter().map(|i| (i.field.clone(), i.message.clone())).collect())
}

fn fields(r: Result<Vec<PlannedCall>, Vec<(String, String)>>) -> Vec<String> {
    r.expect_err("the plan must be refused").into_iter().map(|(f, _)| f).collect()
}

fn as_json(v: &wa_groups::json::Value) -> J {
    serde_json::from_str(&wa_groups::json::Codec::write(&wa_groups::json::TextCodec, v)).unwrap()
}

fn csv(config: &Config, text: &str) -> Result<Vec<PlannedCall>, Vec<(String, String)>> {
    jobs::plan_from_csv(config, text, CsvOptions::default()).map_err(|e| e.issues().iter().map(|i| (i.field.clone(), i.message.clone())).collect())
}

fn create(id: &str, name: &str) -> J {
    json!({"id": id, "op": "createGroup", "name": name, "participants": [PHONE]})
}

// ---- JSON plans --------------------------------------------------------------------------

#[test]
fn a_plan_with_references_is_planned_with_indices_and_deps() {
    let body = json!({"calls": [
        create("a", "A"),
        create("b", "B"),
        {"id": "c", "op": "createCommunity", "name": "Escola"},
        {"op": "linkGroups", "communityId": {"$ref": "c.communityId"}, "groupIds": [{"$ref": "b.groupId"}, {"$ref": "a.groupId"}, G1]},
        {"op": "getInvitationLink", "groupId": {"$ref": "a.groupId"}},
    ]});
    for config in [zapi(), ryze()] {
        let p = plan(&config, body.clone()).unwrap();
        assert_eq!(p.len(), 5);
        assert_eq!(p[3].deps, [0, 1, 2]);
        assert_eq!(p[4].deps, [0]);
        assert_eq!(p[0].deps, Vec::<usize>::new());
        assert_eq!(p[3].op, Operation::LinkGroups);
        let v = as_json(&p[3].to_value());
        assert_eq!(
            v,
            json!({"index": 3, "op": "linkGroups", "call": {"op": "linkGroups", "communityId": {"$ref": "#2.communityId"}, "groupIds": [{"$ref": "#1.groupId"}, {"$ref": "#0.groupId"}, G1]}, "deps": [0, 1, 2]})
        );
        let v = as_json(&p[0].to_value());
        assert_eq!(v, json!({"index": 0, "id": "a", "op": "createGroup", "call": {"op": "createGroup", "name": "A", "participants": [PHONE]}, "deps": []}));
        assert_eq!(as_json(&jobs::plan_value(&p))["calls"].as_array().unwrap().len(), 5);
    }
}

#[test]
fn bad_ids_are_named() {
    let body = json!({"calls": [
        create("a", "A"),
        create("a", "B"),
        create("has space", "C"),
        {"id": 5, "op": "getInvitationLink", "groupId": G1},
        create(&"x".repeat(65), "D"),
        create("", "E"),
    ]});
    let f = fields(plan(&zapi(), body));
    assert_eq!(f, ["calls[1].id", "calls[2].id", "calls[3].id", "calls[4].id", "calls[5].id"]);
    let issues = plan(&zapi(), json!({"calls": [create("a", "A"), create("a", "B")]})).unwrap_err();
    assert_eq!(issues[0].1, "repeats the id of calls[0]");
}

#[test]
fn references_name_every_problem() {
    let body = json!({"calls": [
        create("a", "A"),
        {"id": "l", "op": "getGroupMetadata", "groupId": G1},
        // 2: a forward reference, an unknown id, a self reference
        {"id": "self", "op": "linkGroups", "communityId": {"$ref": "later.communityId"}, "groupIds": [{"$ref": "a.groupId"}, {"$ref": "g9.groupId"}, {"$ref": "self.groupId"}]},
        // 3: a field createGroup's result lacks, a field no reference takes, a result with none
        {"op": "linkGroups", "communityId": {"$ref": "a.communityId"}, "groupIds": [{"$ref": "a.name"}, {"$ref": "l.groupId"}]},
        // 4: malformed references
        {"op": "getInvitationLink", "groupId": {"$ref": "nodot"}},
        {"op": "getInvitationLink", "groupId": {"$ref": "a.groupId", "extra": 1}},
        {"op": "getInvitationLink", "groupId": {"$ref": 5}},
        {"id": "later", "op": "createCommunity", "name": "C"},
    ]});
    let issues = plan(&ryze(), body).unwrap_err();
    let got: Vec<(&str, &str)> = issues.iter().map(|(f, m)| (f.as_str(), m.as_str())).collect();
    assert_eq!(
        got,
        [
            ("calls[2].communityId", "refers to \"later\", which is not an earlier call's id (it is the id of a later call; a call may refer only to calls before it)"),
            ("calls[2].groupIds[1]", "refers to \"g9\", which is not an earlier call's id"),
            ("calls[2].groupIds[2]", "refers to \"self\", which is not an earlier call's id (it is this call's own id; a call may refer only to calls before it)"),
            ("calls[3].communityId", "refers to \"a.communityId\", but createGroup's result has no communityId (it has groupId, invitationLink)"),
            ("calls[3].groupIds[0]", "refers to \"a.name\": a reference takes groupId, communityId, announcementsGroupId, invitationLink from an earlier call's result"),
            ("calls[3].groupIds[1]", "refers to \"l.groupId\", but getGroupMetadata's result has no groupId (it offers none to references)"),
            ("calls[4].groupId", "refers to \"nodot\": a reference is \"<id>.<field>\", such as \"group1.groupId\""),
            ("calls[5].groupId", "must be a reference, exactly {\"$ref\": \"<id>.<field>\"} (a string, and no other member)"),
            ("calls[6].groupId", "must be a reference, exactly {\"$ref\": \"<id>.<field>\"} (a string, and no other member)"),
        ]
    );
}

#[test]
fn a_call_with_references_is_still_checked_in_full() {
    let body = json!({"calls": [
        create("a", "A"),
        {"op": "addParticipants", "groupId": {"$ref": "a.groupId"}, "phones": [PHONE, "abc", PHONE], "extra": true},
        // a link where a group id belongs: the placeholder is refused, with what it refers to
        {"op": "getGroupMetadata", "groupId": {"$ref": "a.invitationLink"}},
        // the same group twice through two references to it
        {"id": "c", "op": "createCommunity", "name": "C"},
        {"op": "linkGroups", "communityId": {"$ref": "c.communityId"}, "groupIds": [{"$ref": "a.groupId"}, {"$ref": "a.groupId"}]},
        // a broken reference does not also report what its stand-in caused
        {"op": "removeParticipants", "groupId": {"$ref": "nope.groupId"}, "phones": ["12"]},
    ]});
    let issues = plan(&zapi(), body).unwrap_err();
    let f: Vec<&str> = issues.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(f, ["calls[1].extra", "calls[1].phones[1]", "calls[1].phones[2]", "calls[2].groupId", "calls[4].groupIds[1]", "calls[5].groupId", "calls[5].phones[0]"]);
    assert!(issues[3].1.ends_with("(it refers to calls[0].invitationLink)"), "{}", issues[3].1);
    // Messages never show a placeholder.
    for (_, m) in &issues {
        assert!(!m.contains("9990") && !m.contains("WaGroupsRef"), "{m}");
    }
}

#[test]
fn unknown_keys_ops_and_unsupported_operations() {
    let f = fields(plan(&zapi(), json!({"calls": [create("a", "A")], "call": 1})));
    assert_eq!(f, ["call"]);
    assert_eq!(fields(plan(&zapi(), json!({"calls": []}))), ["calls"]);
    assert_eq!(fields(plan(&zapi(), json!({}))), ["calls"]);
    assert_eq!(fields(plan(&zapi(), json!([1]))), ["body"]);
    assert_eq!(fields(plan(&zapi(), json!({"calls": {"op": "x"}}))), ["calls"]);
    let many: Vec<J> = (0..1001).map(|i| json!({"op": "getInvitationLink", "groupId": G1, "id": format!("c{i}")})).collect();
    assert_eq!(fields(plan(&zapi(), json!({"calls": many}))), ["calls"]);
    let body = json!({"calls": [
        {"op": "deleteEverything"},
        "createGroup",
        {"op": "listPendingRequests", "groupId": "bad"},
        {"op": "createGroup", "name": "x", "participants": [PHONE], "description": "Z-API cannot"},
    ]});
    let issues = plan(&zapi(), body).unwrap_err();
    let f: Vec<&str> = issues.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(f, ["calls[0].op", "calls[1]", "calls[2].op", "calls[2].groupId", "calls[3].description"]);
    assert_eq!(issues[2].1, "Z-API has no endpoint for listPendingRequests; nothing was sent");
    // The same operation is fine where the provider has it.
    assert!(plan(&ryze(), json!({"calls": [{"op": "listPendingRequests", "groupId": G1}]})).is_ok());
}

#[test]
fn issues_never_show_a_credential() {
    let body = json!({"calls": [{"op": "getInvitationLink", "groupId": G1, ZAPI_TOKEN: 1}, {"op": "getInvitationLink", "groupId": {"$ref": ([ZAPI_TOKEN, ".groupId"].concat())}}]});
    let e = jobs::plan_from_json(&zapi(), &wa(&body)).unwrap_err();
    assert!(!e.message.contains(ZAPI_TOKEN), "{}", e.message);
    for i in e.issues() {
        assert!(!i.field.contains(ZAPI_TOKEN) && !i.message.contains(ZAPI_TOKEN), "{i:?}");
    }
}

#[test]
fn every_referable_field_has_a_result_that_carries_it() {
    // REFERABLE against the results the library returns (outcome.rs, through to_value).
    use wa_groups::ids::{CommunityId, GroupId};
    use wa_groups::outcome::{CreatedGroup, InvitationLink, Membership, Outcome};
    let g = GroupId::parse(G1).unwrap();
    let c = CommunityId::parse("120363186053925765").unwrap();
    let outcomes = [
        (Operation::CreateGroup, Outcome::CreatedGroup(CreatedGroup { group: g.clone(), invitation_link: Some(LINK.into()), not_added: vec![] })),
        (Operation::GetInvitationLink, Outcome::InvitationLink(InvitationLink { group: g.clone(), invitation_link: LINK.into() })),
        (Operation::ResetInvitationLink, Outcome::InvitationLink(InvitationLink { group: g.clone(), invitation_link: LINK.into() })),
        (Operation::JoinGroup, Outcome::Joined { group: Some(g.clone()), requires_approval: None }),
        (
            Operation::CreateCommunity,
            Outcome::CreatedCommunity { community: c.clone(), is_community: true, announcements: Some(g.clone()), membership: Membership { community: c.clone(), done: vec![], failed: vec![] } },
        ),
        (Operation::ResetCommunityInvitationLink, Outcome::CommunityInvitationLink { community: c.clone(), invitation_link: LINK.into() }),
    ];
    assert_eq!(outcomes.len(), jobs::REFERABLE.len());
    for (op, outcome) in outcomes {
        let v = as_json(&outcome.to_value());
        for field in jobs::referable(op) {
            assert!(v[field].is_string(), "{op:?} {field}: {v}");
        }
    }
}

// ---- resolve -----------------------------------------------------------------------------

fn planned_link_call() -> wa_groups::json::Value {
    let body = json!({"calls": [
        create("a", "A"),
        create("b", "B"),
        {"id": "c", "op": "createCommunity", "name": "Escola"},
        {"op": "linkGroups", "communityId": {"$ref": "c.communityId"}, "groupIds": [{"$ref": "a.groupId"}, {"$ref": "b.groupId"}]},
    ]});
    plan(&ryze(), body).unwrap().remove(3).call
}

#[test]
fn resolve_fills_references_from_results_by_index() {
    let results = [json!({"groupId": G1, "invitationLink": null, "notAdded": []}), json!({"groupId": G2}), json!({"communityId": "120363186053925765@g.us", "isCommunity": true})];
    let results: Vec<_> = results.iter().map(wa).collect();
    let resolved = jobs::resolve(&planned_link_call(), &|i| results.get(i).cloned()).unwrap();
    assert_eq!(as_json(&resolved), json!({"op": "linkGroups", "communityId": "120363186053925765@g.us", "groupIds": [G1, G2]}));
    // What it gives is a call the library takes.
    assert!(wa_groups::validate_call(&ryze(), &resolved).is_ok());
}

#[test]
fn resolve_names_a_missing_result_and_an_absent_field() {
    let results = [Some(json!({"groupId": G1})), None, Some(json!({"communityId": null}))];
    let results: Vec<_> = results.iter().map(|r| r.as_ref().map(wa)).collect();
    let e = jobs::resolve(&planned_link_call(), &|i| results.get(i).cloned().flatten()).unwrap_err();
    let got: Vec<(&str, &str)> = e.issues().iter().map(|i| (i.field.as_str(), i.message.as_str())).collect();
    assert_eq!(got, [("communityId", "refers to calls[2].communityId, which its result does not have"), ("groupIds[1]", "refers to calls[1].groupId, but calls[1] has no result")]);
    assert_eq!(e.kind.name(), "validation");
    // A reference not in planned form (the caller's own) is named too.
    let e = jobs::resolve(&wa(&json!({"op": "getInvitationLink", "groupId": {"$ref": "a.groupId"}})), &|_| None).unwrap_err();
    assert_eq!(e.issues()[0].field, "groupId");
    let e = jobs::resolve(&wa(&json!({"op": "getInvitationLink", "groupId": {"$ref": "#0.groupId"}})), &|_| Some(wa(&json!({"groupId": 5})))).unwrap_err();
    assert_eq!(e.issues()[0].message, "refers to calls[0].groupId, which must be a string, got a number");
}

// ---- CSV ---------------------------------------------------------------------------------

#[test]
fn csv_rows_become_creates() {
    let text = "\u{feff}Name,participants,description\r\n\"Turma \"\"A\"\"\",\"5511999999999; +55 21 98888-8888\",\"first\r\nsecond\"\r\nTurma B,+55 11 99999-9999,\r\n\r\nTurma C,5511999999999 5521988888888\r\n";
    let p = csv(&ryze(), text).unwrap();
    assert_eq!(p.len(), 3);
    assert_eq!(p[0].id.as_deref(), Some("row2"));
    assert_eq!(as_json(&p[0].call), json!({"op": "createGroup", "name": "Turma \"A\"", "participants": ["5511999999999", "+55 21 98888-8888"], "description": "first\nsecond"}));
    assert_eq!(p[1].id.as_deref(), Some("row4"), "N is the line the row starts on");
    assert_eq!(as_json(&p[1].call), json!({"op": "createGroup", "name": "Turma B", "participants": ["+55 11 99999-9999"]}));
    assert_eq!(p[2].id.as_deref(), Some("row6"));
    assert_eq!(as_json(&p[2].call)["participants"], json!(["5511999999999", "5521988888888"]));
    // LF only, and another delimiter.
    let p = jobs::plan_from_csv(&zapi(), "name;participants\nX;5511999999999\n", CsvOptions { delimiter: ';' }).unwrap();
    assert_eq!(as_json(&p[0].call)["name"], json!("X"));
}

#[test]
fn csv_issues_are_named_by_line() {
    let text = "name,participants,color\nA,5511999999999\n,5511999999999 abc 5511999999999\nB,5511999999999\n";
    let issues = csv(&zapi(), text).unwrap_err();
    let f: Vec<&str> = issues.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(f, ["line 1: color"]);
    let text = "name,participants\nA\n,5511999999999 abc 5511999999999\nB,\"5511999999999\"x\nC,1,2\nD,5511999999999,,\n";
    let issues = csv(&zapi(), text).unwrap_err();
    let f: Vec<&str> = issues.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(f, ["line 4", "line 5", "line 2: participants", "line 3: name", "line 3: participants[1]", "line 3: participants[2]", "line 4: participants[0]"], "{issues:?}");
    // A quoted field may span lines: a row's issues name the line it starts on.
    let issues = csv(&zapi(), "name,participants\n\"two\nlines\",abc\n").unwrap_err();
    assert_eq!(issues.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["line 2: name", "line 2: participants[0]"]);
    let issues = csv(&zapi(), "participants,participants\n5511999999999,1\n").unwrap_err();
    let f: Vec<&str> = issues.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(f, ["line 1: participants", "line 1"]);
    assert_eq!(fields(csv(&zapi(), "")), ["csv"]);
    assert_eq!(fields(csv(&zapi(), "name,participants\n")), ["csv"]);
    let mut big = String::from("name,participants\n");
    for i in 0..1001 {
        big.push_str(&format!("G{i},5511999999999\n"));
    }
    assert_eq!(fields(csv(&zapi(), &big)), ["csv"]);
    // Z-API's create has no description: named by the line, like every call's issue.
    let issues = csv(&zapi(), "name,participants,description\nA,5511999999999,hello\n").unwrap_err();
    assert_eq!(issues[0].0, "line 2: description");
}

#[test]
fn csv_communities_become_create_and_link_with_references() {
    let mut text = String::from("name,participants,community\n");
    text.push_str("A,5511999999999,Escola\nB,5511999999999,\nC,5511999999999,Clube\n");
    for i in 0..51 {
        text.push_str(&format!("E{i},5511999999999,Escola\n"));
    }
    let p = csv(&ryze(), &text).unwrap();
    // 54 groups, then Escola (create, link ×2: 52 groups), then Clube (create, link).
    assert_eq!(p.len(), 54 + 3 + 2);
    assert_eq!(p[54].id.as_deref(), Some("community1"));
    assert_eq!(as_json(&p[54].call), json!({"op": "createCommunity", "name": "Escola"}));
    assert_eq!(p[55].id.as_deref(), Some("community1-link1"));
    let link = as_json(&p[55].call);
    assert_eq!(link["communityId"], json!({"$ref": "#54.communityId"}));
    assert_eq!(link["groupIds"].as_array().unwrap().len(), 50);
    assert_eq!(link["groupIds"][0], json!({"$ref": "#0.groupId"}));
    assert_eq!(link["groupIds"][1], json!({"$ref": "#3.groupId"}));
    let second = as_json(&p[56].call);
    assert_eq!(second["groupIds"].as_array().unwrap().len(), 2);
    assert_eq!(p[56].deps, [52, 53, 54]);
    assert_eq!(as_json(&p[57].call), json!({"op": "createCommunity", "name": "Clube"}));
    assert_eq!(as_json(&p[58].call), json!({"op": "linkGroups", "communityId": {"$ref": "#57.communityId"}, "groupIds": [{"$ref": "#2.groupId"}]}));
    // A community's own issues are named by the line that first names it.
    let issues = csv(&ryze(), "name,participants,community\nA,5511999999999,\nB,5511999999999,A community name far longer than RyzeAPI allows\n").unwrap_err();
    assert_eq!(issues.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["line 3: community"]);
}

// ---- the pacer ---------------------------------------------------------------------------

const RATE: RateLimit = RateLimit { requests: 100, interval_ms: 60_000 };

#[test]
fn reservations_are_evenly_spaced_and_distinct() {
    let spacing = jobs::spacing_ms(RATE, None);
    assert_eq!(spacing, 632); // 60 000 / 95, rounded up
    let mut state = PaceState::default();
    let mut slots = Vec::new();
    for _ in 0..10 {
        let (s, wait) = jobs::reserve(state, RATE, NOW_MS);
        state = s;
        slots.push(NOW_MS + wait);
    }
    let expected: Vec<u64> = (0..10).map(|i| NOW_MS + i * spacing).collect();
    assert_eq!(slots, expected, "ten callers at once get ten slots");
    // After a quiet spell the next slot is now, not a burst of the missed ones.
    let (s, wait) = jobs::reserve(state, RATE, NOW_MS + 3_600_000);
    assert_eq!(wait, 0);
    let (_, wait) = jobs::reserve(s, RATE, NOW_MS + 3_600_000);
    assert_eq!(wait, spacing);
    // The state survives its JSON form.
    let back = PaceState::from_value(&state.to_value()).unwrap();
    assert_eq!(back, state);
    assert_eq!(PaceState::from_value(&wa_groups::json::Value::Null).unwrap(), PaceState::default());
    let e = PaceState::from_value(&wa(&json!({"lastAt": -1, "pausedUntil": "x", "limt": 3}))).unwrap_err();
    assert_eq!(e.issues().iter().map(|i| i.field.as_str()).collect::<Vec<_>>(), ["state.limt", "state.lastAt", "state.pausedUntil"]);
}

#[test]
fn retry_after_pauses() {
    let state = jobs::observe(PaceState::default(), &Response::new(429, "").with_header("Retry-After", "7"), NOW_MS);
    assert_eq!(state.paused_until, NOW_MS + 7000);
    let (_, wait) = jobs::reserve(state, RATE, NOW_MS + 1000);
    assert_eq!(wait, 6000);
    // An HTTP date; a 503 that says when to come back; a bare 429.
    let state = jobs::observe(PaceState::default(), &Response::new(503, "").with_header("Retry-After", "Sun, 22 Nov 2026 21:00:30 GMT"), NOW_MS);
    assert_eq!(state.paused_until, NOW_MS + 30_000);
    let state = jobs::observe(PaceState::default(), &Response::new(429, ""), NOW_MS);
    assert_eq!(state.paused_until, NOW_MS + 1000);
    // A pause never shortens one already known, and is at most an hour.
    let longer = jobs::observe(state, &Response::new(429, "").with_header("Retry-After", "999999"), NOW_MS);
    assert_eq!(longer.paused_until, NOW_MS + jobs::MAX_PAUSE_MS);
    let same = jobs::observe(longer, &Response::new(429, "").with_header("Retry-After", "1"), NOW_MS);
    assert_eq!(same.paused_until, longer.paused_until);
    // A 200 without these headers changes nothing.
    assert_eq!(jobs::observe(PaceState::default(), &Response::new(200, "{}"), NOW_MS), PaceState::default());
}

#[test]
fn remaining_zero_pauses_until_the_reset() {
    let reset_s = NOW_MS / 1000 + 42;
    let r = Response::new(200, "").with_header("X-RateLimit-Remaining", "0").with_header("X-RateLimit-Reset", &reset_s.to_string());
    let state = jobs::observe(PaceState::default(), &r, NOW_MS);
    assert_eq!(state.paused_until, reset_s * 1000);
    let (_, wait) = jobs::reserve(state, RATE, NOW_MS);
    assert_eq!(wait, 42_000);
    // Some left: no pause.
    let r = Response::new(200, "").with_header("X-RateLimit-Remaining", "3").with_header("X-RateLimit-Reset", &reset_s.to_string());
    assert_eq!(jobs::observe(PaceState::default(), &r, NOW_MS).paused_until, 0);
}

#[test]
fn a_lower_provider_limit_is_adopted() {
    let r = Response::new(200, "").with_header("X-RateLimit-Limit", "20");
    let state = jobs::observe(PaceState::default(), &r, NOW_MS);
    assert_eq!(state.limit, Some(20));
    let (state, _) = jobs::reserve(state, RATE, NOW_MS);
    let (_, wait) = jobs::reserve(state, RATE, NOW_MS);
    assert_eq!(wait, 60_000u64.div_ceil(19));
    // A higher one does not raise the configured rate.
    let state = jobs::observe(PaceState::default(), &Response::new(200, "").with_header("X-RateLimit-Limit", "1000"), NOW_MS);
    let (state, _) = jobs::reserve(state, RATE, NOW_MS);
    assert_eq!(jobs::reserve(state, RATE, NOW_MS).1, 632);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// However callers arrive and whatever the provider answers, no window of `interval`
    /// (ends included) holds more than `requests` granted slots, and no slot falls in a pause.
    #[test]
    fn no_window_holds_more_than_the_rate(
        requests in 1u32..200,
        interval_ms in 1u32..120_000,
        steps in prop::collection::vec((0u64..5_000, 0u8..8, 0u64..30, 1u64..300), 1..400),
    ) {
        let rate = RateLimit { requests, interval_ms };
        let mut state = PaceState::default();
        let mut now = NOW_MS;
        let mut slots: Vec<u64> = Vec::new();
        for (advance, what, secs, limit) in steps {
            now += advance;
            match what {
                0 => state = jobs::observe(state, &Response::new(429, "").with_header("Retry-After", &secs.to_string()), now),
                1 => state = jobs::observe(state, &Response::new(200, "").with_header("X-RateLimit-Remaining", "0").with_header("X-RateLimit-Reset", &secs.to_string()), now),
                2 => state = jobs::observe(state, &Response::new(200, "").with_header("X-RateLimit-Limit", &limit.to_string()), now),
                _ => {
                    let paused = state.paused_until;
                    let (s, wait) = jobs::reserve(state, rate, now);
                    state = s;
                    prop_assert!(now + wait >= paused);
                    slots.push(now + wait);
                }
            }
        }
        let window = u64::from(interval_ms);
        let mut sorted = slots.clone();
        sorted.sort_unstable();
        prop_assert_eq!(&sorted, &slots, "slots are granted in order");
        for (i, &start) in sorted.iter().enumerate() {
            let within = sorted[i..].iter().take_while(|&&t| t <= start + window).count();
            prop_assert!(within <= requests as usize, "{} slots within {} ms from {}", within, window, start);
        }
    }
}

// ---- robustness --------------------------------------------------------------------------

fn json_value() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::from),
        prop::sample::select(&["createGroup", "linkGroups", "a.groupId", "#0.groupId", "a", G1, PHONE, LINK, "$ref", "id", "calls", "op"][..]).prop_map(J::from),
        "\\PC{0,12}".prop_map(J::from),
        (0u32..2000).prop_map(J::from),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        let key = prop::sample::select(&["calls", "op", "id", "$ref", "groupId", "groupIds", "communityId", "name", "participants", "phones", "x"][..]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            prop::collection::vec((key, inner), 0..6).prop_map(|m| J::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn plan_from_json_never_panics(body in json_value(), calls in prop::collection::vec(json_value(), 0..8), ryze_first: bool) {
        let config = if ryze_first { ryze() } else { zapi() };
        let _ = jobs::plan_from_json(&config, &wa(&body));
        if let Ok(plan) = jobs::plan_from_json(&config, &wa(&json!({"calls": calls}))) {
            for p in &plan {
                prop_assert!(p.deps.iter().all(|&d| d < p.index));
                let _ = jobs::resolve(&p.call, &|_| None);
            }
        }
    }

    #[test]
    fn plan_from_csv_never_panics(text in prop_oneof![any::<String>(), "[\"a-z0-9,;\r\n \u{feff}+]{0,200}"], header: bool, delimiter in prop::sample::select(&[',', ';', '\t'][..])) {
        let text = if header { ["name,participants,community,description\n", &text].concat() } else { text };
        let _ = jobs::plan_from_csv(&zapi(), &text, CsvOptions { delimiter });
        let _ = jobs::plan_from_csv(&ryze(), &text, CsvOptions { delimiter });
    }

    #[test]
    fn resolve_and_pace_never_panic(call in json_value(), results in prop::collection::vec(json_value(), 0..4), state in json_value(), now: u64, status in 100u16..600, header in "\\PC{0,20}") {
        let results: Vec<_> = results.iter().map(wa).collect();
        let _ = jobs::resolve(&wa(&call), &|i| results.get(i).cloned());
        if let Ok(s) = PaceState::from_value(&wa(&state)) {
            let r = Response::new(status, "").with_header("Retry-After", &header).with_header("X-RateLimit-Reset", &header).with_header("X-RateLimit-Remaining", "0").with_header("X-RateLimit-Limit", &header);
            let s = jobs::observe(s, &r, now);
            let _ = jobs::reserve(s, RateLimit { requests: 1, interval_ms: 1 }, now);
        }
    }
}
