//! A call from its first request to its end (`exchange::Exchange`), as the wasm client
//! drives it: answers, follow-ups, retries and time limits, with the host's JSON codec.

use serde_json::json;
use wa_groups::exchange::{self, Exchange, Lost, Step};
use wa_groups::http::{Method, Response};
use wa_groups::json::{self, TextCodec};
use wa_groups::{ClientOptions, ErrorKind, Operation};

const TOKEN: &str = "TOKEN-7f3a9c1e55";
const NOW: Option<u64> = Some(1_795_381_200_000);

fn options(v: serde_json::Value) -> ClientOptions {
    wa_groups::read_client_options(&json::parse(&v.to_string()).unwrap(), Vec::new()).unwrap()
}

fn zapi() -> ClientOptions {
    options(json!({"provider": "zapi", "instance": "INST1", "token": TOKEN, "clientToken": "CLIENT-0b8d2e4f66"}))
}

fn start(o: &ClientOptions, op: Operation, input: serde_json::Value) -> Exchange {
    let call = wa_groups::read_input(&o.config, op, &json::parse(&input.to_string()).unwrap()).unwrap();
    Exchange::new(&o.config, call)
}

fn answer(o: &ClientOptions, ex: &mut Exchange, status: u16, body: &str) -> Step {
    ex.answered(&o.config, &o.retry, &Response::new(status, body), NOW, 0.5, &TextCodec)
}

#[test]
fn an_answer_ends_the_call_and_a_lost_read_is_tried_again() {
    let o = zapi();
    let mut link = start(&o, Operation::LinkGroups, json!({"communityId": "120363186053925765", "groupIds": ["1345353454354354-group"]}));
    assert_eq!(link.request().method, Method::Post);
    match answer(&o, &mut link, 200, r#"{"success":true}"#) {
        Step::Done(v) => assert_eq!(v.get("linked").and_then(json::Value::as_array).map(<[json::Value]>::len), Some(1)),
        other => panic!("{other:?}"),
    }
    // A read that got no answer is tried again (maxRetries defaults to 2).
    let mut read = start(&o, Operation::GetInvitationLink, json!({"groupId": "120363019502650977"}));
    let detail = format!("no response (TypeError: could not reach https://x/token/{TOKEN}/y)");
    match read.unanswered(&o.config, &o.retry, Lost::Network, &detail, true, 0.5) {
        Step::Again { after_ms, error } => {
            assert!(after_ms > 0);
            assert_eq!(error.kind, ErrorKind::Network);
            assert!(error.message.contains("/token/***/") && !error.message.contains(TOKEN), "{}", error.message);
            assert_eq!(error.operation, Some(Operation::GetInvitationLink));
        }
        other => panic!("{other:?}"),
    }
    // The caller gives up: aborted is final.
    match read.unanswered(&o.config, &o.retry, Lost::Aborted, "the caller's signal aborted", false, 0.5) {
        Step::Failed(e) => assert_eq!(e.kind, ErrorKind::Aborted),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_link_is_retried_but_never_a_create_that_may_have_arrived() {
    let o = options(json!({"provider": "zapi", "instance": "3D1A5B7C9E0F", "token": TOKEN, "maxRetries": 1}));
    let mut link = start(&o, Operation::LinkGroups, json!({"communityId": "120363186053925765", "groupIds": ["1345353454354354-group"]}));
    match answer(&o, &mut link, 503, "busy") {
        Step::Again { error, .. } => assert_eq!(error.status, Some(503)),
        other => panic!("a 503 on link is retried: {other:?}"),
    }
    // maxRetries 1: the second 503 is final.
    assert!(matches!(answer(&o, &mut link, 503, "busy"), Step::Failed(e) if e.kind == ErrorKind::Provider));

    let create = json!({"name": "Turma A", "participants": ["5511999999999"]});
    let mut reached = start(&o, Operation::CreateGroup, create.clone());
    assert!(matches!(answer(&o, &mut reached, 503, "busy"), Step::Failed(_)), "a create that reached the server is not repeated");
    let mut refused = start(&o, Operation::CreateGroup, create);
    assert!(matches!(refused.unanswered(&o.config, &o.retry, Lost::Network, "connection refused", false, 0.0), Step::Again { .. }), "a create that cannot have arrived is retried");
    assert!(matches!(refused.unanswered(&o.config, &o.retry, Lost::Network, "connection refused", false, 0.0), Step::Failed(e) if e.kind == ErrorKind::Network));
}

#[test]
fn an_unanswered_call_says_whether_it_may_have_arrived() {
    let o = options(json!({"provider": "zapi", "instance": "3D1A5B7C9E0F", "token": TOKEN, "maxRetries": 1}));
    let create = json!({"name": "Turma A", "participants": ["5511999999999"]});
    // A create timed out after it was sent: not repeated, and it may have been made.
    let mut timed_out = start(&o, Operation::CreateGroup, create.clone());
    match timed_out.unanswered(&o.config, &o.retry, Lost::Timeout, "no complete answer within 150 ms", true, 0.0) {
        Step::Failed(e) => assert_eq!((e.kind, e.may_have_arrived), (ErrorKind::Timeout, Some(true))),
        other => panic!("{other:?}"),
    }
    // Aborted before it left: it was not made.
    let mut aborted = start(&o, Operation::CreateGroup, create.clone());
    match aborted.unanswered(&o.config, &o.retry, Lost::Aborted, "the call was aborted before it was sent", false, 0.0) {
        Step::Failed(e) => assert_eq!((e.kind, e.may_have_arrived), (ErrorKind::Aborted, Some(false))),
        other => panic!("{other:?}"),
    }
    // A read that timed out, was sent again and then aborted before the second left: the
    // first may have arrived, and the error says so.
    let mut read = start(&o, Operation::GetInvitationLink, json!({"groupId": "120363019502650977"}));
    assert!(matches!(read.unanswered(&o.config, &o.retry, Lost::Timeout, "slow", true, 0.0), Step::Again { .. }));
    match read.unanswered(&o.config, &o.retry, Lost::Aborted, "the call was aborted while waiting to retry", false, 0.0) {
        Step::Failed(e) => assert_eq!(e.may_have_arrived, Some(true)),
        other => panic!("{other:?}"),
    }
    // Answered errors carry a status instead.
    let mut answered = start(&o, Operation::CreateGroup, create);
    match answer(&o, &mut answered, 500, "{}") {
        Step::Failed(e) => assert_eq!((e.status, e.may_have_arrived), (Some(500), None)),
        other => panic!("{other:?}"),
    }
    // In the error's properties as `mayHaveArrived`.
    let e = wa_groups::Error::new(ErrorKind::Timeout, "slow").with_arrival(true);
    assert!(e.details_json().contains(r#""mayHaveArrived":true"#), "{}", e.details_json());
}

#[test]
fn zapi_invitation_link_is_sent_again_with_post_once() {
    let o = zapi();
    let mut ex = start(&o, Operation::GetInvitationLink, json!({"groupId": "120363019502650977@g.us"}));
    // GET since Z-API's docs changed on 2026-02-18; POST for an instance on the older API.
    assert_eq!(ex.request().method, Method::Get);
    let url = ex.request().url.clone();
    assert!(matches!(answer(&o, &mut ex, 405, ""), Step::Resend));
    assert_eq!((ex.request().method, ex.request().url.as_str()), (Method::Post, url.as_str()));
    // A second 405 is an error, not another follow-up.
    assert!(matches!(answer(&o, &mut ex, 405, ""), Step::Failed(e) if e.kind == ErrorKind::Provider));
}

#[test]
fn ryze_link_timeout_stretches_with_the_groups_unless_the_caller_chose_one() {
    let groups: Vec<String> = (0..40u64).map(|i| format!("1203634000000{:05}@g.us", i + 100)).collect();
    let input = json!({"communityId": "120363186053925765@g.us", "groupIds": groups});
    let o = options(json!({"provider": "ryze", "instance": "shop", "token": TOKEN}));
    let call = wa_groups::read_input(&o.config, Operation::LinkGroups, &json::parse(&input.to_string()).unwrap()).unwrap();
    assert_eq!(exchange::timeout_ms(&o.config, o.timeout_ms, &call), 50_000, "40 groups at ~1 s each, plus 10 s");
    assert_eq!(exchange::timeout_ms(&o.config, Some(5000), &call), 5000);
    let short = wa_groups::read_input(&o.config, Operation::GetInvitationLink, &json::parse(r#"{"groupId":"120363019502650977"}"#).unwrap()).unwrap();
    assert_eq!(exchange::timeout_ms(&o.config, None, &short), 30_000);
}

#[test]
fn client_options_name_every_bad_option_and_the_documented_limits() {
    let bad = json::parse(r#"{"provider": "nope", "timeoutMs": -1}"#).unwrap();
    let fetch = wa_groups::Issue { field: "fetch".to_owned(), message: "must be a function".to_owned() };
    let e = wa_groups::read_client_options(&bad, vec![fetch]).unwrap_err();
    let fields: Vec<&str> = e.issues().iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, ["provider", "instance", "token", "timeoutMs", "fetch"]);
    assert_eq!(zapi().rate_limit, None, "Z-API documents no limit");
    let ryze = options(json!({"provider": "ryze", "instance": "shop", "token": TOKEN})).rate_limit.unwrap();
    assert_eq!((ryze.requests, ryze.interval_ms), (100, 60_000), "RyzeAPI's documented 100/min");
}

#[test]
fn unknown_keys_of_input_and_call_options_are_issues_together() {
    let o = zapi();
    let input = json::parse(r#"{"name": "x", "participants": ["5511999999999"], "descripton": "y"}"#).unwrap();
    let opts = json::parse(r#"{"signal": true, "timeout": true}"#).unwrap();
    let e = wa_groups::read_method_call(&o.config, Operation::CreateGroup, &input, &opts).unwrap_err();
    let fields: Vec<&str> = e.issues().iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, ["options.timeout", "descripton"]);
}

#[test]
fn a_call_sets_its_own_time_limit_and_retries() {
    let o = zapi();
    let input = json::parse(r#"{"groupId": "120363019502650977"}"#).unwrap();
    let opts = json::parse(r#"{"signal": true, "timeoutMs": 2500, "maxRetries": 0}"#).unwrap();
    let (_, own) = wa_groups::read_method_call(&o.config, Operation::GetInvitationLink, &input, &opts).unwrap();
    assert_eq!(own, wa_groups::CallSettings { timeout_ms: Some(2500), max_retries: Some(0), may_have_been_sent: false });
    let (_, none) = wa_groups::read_method_call(&o.config, Operation::GetInvitationLink, &input, &json::parse("{}").unwrap()).unwrap();
    assert_eq!(none, wa_groups::CallSettings::default(), "left to the client's options");
    // Bad values are issues of the call options, with the input's, all at once.
    let bad = json::parse(r#"{"timeoutMs": 0, "maxRetries": 11, "retryUnsafe": true}"#).unwrap();
    let e = wa_groups::read_method_call(&o.config, Operation::GetInvitationLink, &json::parse(r#"{"groupId": "x"}"#).unwrap(), &bad).unwrap_err();
    let fields: Vec<&str> = e.issues().iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, ["options.retryUnsafe", "options.timeoutMs", "options.maxRetries", "groupId"]);
}

#[test]
fn validate_call_agrees_with_validate_once_the_config_is_read() {
    let config = json::parse(&json!({"provider": "ryze", "instance": "shop", "token": TOKEN}).to_string()).unwrap();
    let (read, _) = wa_groups::validate(&config, &json::parse(r#"{"op":"getInvitationLink","groupId":"120363019502650977"}"#).unwrap()).unwrap();
    let calls = [
        json!({"op": "getInvitationLink", "groupId": "120363019502650977"}),
        json!({"op": "getInvitationLink", "groupId": "../x", "extra": 1}),
        json!({"op": "updateCommunityDescription", "communityId": "120363186053925765", "description": "x"}),
        json!({"op": "nope"}),
        json!({"groupId": "120363019502650977"}),
        json!([1, 2]),
    ];
    for call in calls {
        let call = json::parse(&call.to_string()).unwrap();
        match (wa_groups::validate(&config, &call), wa_groups::validate_call(&read, &call)) {
            (Ok((_, a)), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert_eq!((a.kind, a.message, a.operation), (b.kind, b.message, b.operation)),
            (a, b) => panic!("they disagree: {a:?} / {b:?}"),
        }
    }
}
