//! Secrets, for the operations added by issue 4: a response that echoes the token or the
//! Client-Token — raw, percent-encoded, or escaped inside a JSON string (PHP's `\/`, Go's
//! `\u003c`, every character as `\uXXXX`) — never shows it in a result or an error, even
//! in the fields results keep as given (names, descriptions, reasons, unknown member ids).

mod common;

use common::*;
use serde_json::{json, Value as J};
use wa_groups::http::Response;
use wa_groups::text::percent_encode;
use wa_groups::{Call, Config, Operation, Provider};

/// Credentials with URL- and JSON-structural characters, so that every form differs.
const ODD_TOKEN: &str = "Zt0k/5ecr3t+=~!K";
const ODD_CLIENT_TOKEN: &str = "Cl1ent\"5ecr3t<&>Q";

fn configs() -> Vec<Config> {
    vec![
        zapi(),
        zapi_ct(),
        config(json!({"provider": "zapi", "instance": ZAPI_INSTANCE, "token": ODD_TOKEN, "clientToken": ODD_CLIENT_TOKEN})),
        ryze(),
        config(json!({"provider": "ryze", "instance": RYZE_INSTANCE, "token": ODD_TOKEN})),
    ]
}

/// One call per new operation the provider has; RyzeAPI's community create with groups.
fn calls(config: &Config) -> Vec<Call> {
    let mut out: Vec<Call> = new_operations().into_iter().filter(|op| has_endpoint(config, *op)).map(|op| call(config, sample_call(op))).collect();
    if config.provider == Provider::Ryze {
        out.push(call(config, json!({"op": "createCommunity", "name": "Escola", "groupIds": ["1345353454354354-group"]})));
    }
    out
}

/// Answers to `c` with `§` where a secret will go: the fields each operation's result
/// keeps, plus the error bodies of either provider.
fn templates(provider: Provider, c: &Call) -> Vec<J> {
    let g = "120363019502650977-group";
    let mut t: Vec<J> = match (provider, c.operation()) {
        (Provider::Zapi, Operation::ListGroups) => vec![json!([{"isGroup": true, "name": "§", "phone": g}, {"isGroup": "true", "name": "x §", "phone": "§"}])],
        (Provider::Zapi, Operation::GetGroupMetadata | Operation::GetGroupMetadataLight | Operation::GetInvitationInfo) => vec![json!({
            "phone": g, "subject": "§ group", "description": "about §", "owner": "§", "invitationLink": "https://chat.whatsapp.com/§",
            "communityId": "§", "participants": [{"phone": "§", "isAdmin": "§"}, {"phone": "5511999999999", "name": "§"}], "participantsCount": "§"
        })],
        (Provider::Zapi, Operation::ResetInvitationLink) => vec![json!({"invitationLink": "https://chat.whatsapp.com/§", "phone": "§"}), json!({"invitationLink": "§"})],
        (Provider::Zapi, Operation::JoinGroup) => vec![json!({"success": true, "phone": "§", "message": "§"}), json!({"success": false, "message": "link § revoked"})],
        (Provider::Zapi, op) if is_participants(op) => vec![
            json!({"value": false, "failed": [{"phone": "5511999999999", "reason": "token § refused"}, {"phone": "§", "error": "§"}, "§"], "message": "§"}),
            json!({"value": false, "error": "§ not an admin"}),
            json!({"value": true, "notAdded": ["§"]}),
        ],
        (Provider::Zapi, Operation::CreateCommunity) => {
            vec![json!({"id": "98372465382764532938", "description": "§", "subGroups": [{"name": "§", "phone": "342532456234453-group", "isGroupAnnouncement": true}, {"name": "x", "phone": "§"}]})]
        }
        (Provider::Zapi, Operation::ListCommunities) => vec![json!([{"name": "§", "id": "98372465382764532938"}, {"name": "§", "id": "§"}])],
        (Provider::Zapi, Operation::GetCommunityMetadata | Operation::ListSubgroups) => {
            vec![json!({"name": "§ c", "id": "98372465382764532938", "description": "§", "subGroups": [{"name": "§", "phone": "342532456234453-group"}]})]
        }
        (Provider::Zapi, _) => vec![json!({"value": true, "echo": "§"}), json!({"success": true, "echo": "§"}), json!({"value": false, "message": "§"})],
        (Provider::Ryze, Operation::ListGroups) => vec![json!({"success": true, "message": "§", "groups": [{"jid": "120363019502650977@g.us", "name": "§"}, {"jid": "§", "name": "§"}]})],
        (Provider::Ryze, Operation::GetGroupMetadata | Operation::GetGroupMetadataLight | Operation::GetInvitationInfo) => vec![json!({"success": true, "message": "§", "group": {
            "jid": "120363019502650977@g.us", "name": "§", "description": "§ d", "createdBy": "§", "createdAt": "§", "inviteLink": "https://chat.whatsapp.com/§",
            "inviteCode": "§", "communityJid": "§", "participants": [{"jid": "§", "lid": "§"}, {"jid": "5511999999999@s.whatsapp.net", "isAdmin": "§"}], "groupSettings": {"membersCanSendMessages": "§"}
        }})],
        (Provider::Ryze, Operation::ResetInvitationLink) => vec![json!({"success": true, "groupJid": "§", "inviteCode": "§"}), json!({"success": true, "inviteLink": "https://chat.whatsapp.com/§"})],
        (Provider::Ryze, Operation::JoinGroup) => vec![json!({"success": true, "message": "§", "groupJid": "§", "requiresApproval": "§"})],
        (Provider::Ryze, op) if is_participants(op) => {
            vec![
                json!({"success": true, "message": "§", "participants": [{"participant": "5511999999999", "success": false, "error": "§"}, {"participant": "§", "success": true}, {"jid": "5521988888888@s.whatsapp.net", "error": {"message": "§"}}]}),
            ]
        }
        (Provider::Ryze, Operation::CreateCommunity) => vec![json!({
            "success": true, "message": "§", "group": {"jid": "98372465382764532938@g.us", "name": "§"}, "isCommunity": false,
            "linkedGroups": ["§"], "failedGroups": [{"jid": "1345353454354354@g.us", "reason": "§"}], "imageError": "§"
        })],
        (Provider::Ryze, Operation::ListSubgroups) => vec![json!({"success": true, "communityJid": "§", "subgroups": [{"jid": "120363019502650977@g.us", "name": "§"}, {"jid": "§"}]})],
        (Provider::Ryze, _) => vec![json!({"success": true, "message": "§", "group": {"jid": "120363019502650977@g.us", "name": "§"}}), json!({"success": true, "groupJid": "§"})],
    };
    t.push(json!({"error": "Invalid token §"}));
    t.push(json!({"error": "§ not allowed", "message": "Client-Token §"}));
    t.push(json!({"success": false, "error": {"message": "Invalid instance token: §"}}));
    t.push(json!("§"));
    t
}

fn is_participants(op: Operation) -> bool {
    matches!(
        op,
        Operation::AddParticipants | Operation::RemoveParticipants | Operation::PromoteParticipants | Operation::DemoteParticipants | Operation::ApproveParticipants | Operation::RejectParticipants
    )
}

/// The text that stands for `§` inside a JSON string, for each echoed form of `secret`.
fn forms(secret: &str) -> Vec<String> {
    let json_escaped = serde_json::to_string(secret).expect("string");
    let json_escaped = json_escaped[1..json_escaped.len() - 1].to_owned();
    let unicode: String = secret.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    vec![
        json_escaped.clone(),
        percent_encode(secret),
        percent_encode(secret).to_ascii_lowercase(),
        json_escaped.replace('/', "\\/"),
        json_escaped.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026"),
        unicode,
        [json_escaped.as_str(), &percent_encode(secret), json_escaped.as_str()].concat(),
    ]
}

#[test]
fn responses_echoing_secrets_never_show_them() {
    let (mut results, mut errors) = (0, 0);
    for config in configs() {
        for c in calls(&config) {
            for template in templates(config.provider, &c) {
                let text = template.to_string();
                for secret in config.secrets() {
                    for form in forms(secret) {
                        let body = text.replace('§', &form);
                        for status in [200, 201, 400, 401, 404, 429, 500] {
                            let resp = Response::new(status, body.as_str());
                            match wa_groups::parse_response(&config, &c, &resp, Some(NOW_MS)) {
                                Ok(o) => {
                                    assert_clean(&config, "result", &o.to_json());
                                    assert_clean(&config, "result Debug", &format!("{o:?}"));
                                    results += 1;
                                }
                                Err(e) => {
                                    assert_error_clean(&config, &e);
                                    errors += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(results > 500 && errors > 5_000, "only {results} results and {errors} errors checked");
}

// Fields kept as given come back redacted, not dropped: the reason is still there.
#[test]
fn kept_fields_are_redacted_not_dropped() {
    for config in configs() {
        let secret = config.token.clone();
        let c = call(&config, sample_call(Operation::RemoveParticipants));
        let body = match config.provider {
            Provider::Zapi => json!({"value": false, "failed": [{"phone": "5511999999999", "reason": format!("token {secret} refused")}]}),
            Provider::Ryze => {
                json!({"success": true, "participants": [{"participant": "5511999999999", "success": false, "error": format!("token {secret} refused")}, {"participant": "5521988888888", "success": true}]})
            }
        };
        let got = parse_ok(&config, &c, 200, &body.to_string());
        assert_eq!(got["failed"][0], json!({"phone": "5511999999999", "reason": "token *** refused"}), "{}", config.provider.name());
        assert_eq!(got["succeeded"], json!(["5521988888888"]));
        let m = call(&config, sample_call(Operation::GetGroupMetadata));
        let body = match config.provider {
            Provider::Zapi => json!({"phone": "120363019502650977-group", "subject": format!("{secret} team"), "description": secret}),
            Provider::Ryze => json!({"success": true, "group": {"jid": "120363019502650977@g.us", "name": format!("{secret} team"), "description": secret}}),
        };
        let got = parse_ok(&config, &m, 200, &body.to_string());
        assert_eq!((got["name"].as_str(), got["description"].as_str()), (Some("*** team"), Some("***")), "{}", config.provider.name());
    }
}

// Validation of the new operations never echoes a credential the caller put in a field.
#[test]
fn validation_of_new_operations_never_shows_a_secret() {
    for config in configs() {
        for secret in config.secrets() {
            for c in [
                json!({"op": "updateGroupName", "groupId": secret, "name": secret.repeat(10)}),
                json!({"op": "updateGroupDescription", "groupId": "120363019502650977", "description": ([secret, "\u{0}"].concat())}),
                json!({"op": "updateGroupPhoto", "groupId": "120363019502650977", "photo": (["ftp://", secret].concat())}),
                json!({"op": "updateGroupSettings", "groupId": "120363019502650977", "settings": {secret: true}}),
                json!({"op": "addParticipants", "groupId": "120363019502650977", "phones": [secret, secret]}),
                json!({"op": "joinGroup", "link": (["https://evil.example/", secret].concat())}),
                json!({"op": "listGroups", "page": secret, "pageSize": secret}),
                json!({"op": "createCommunity", "name": secret.repeat(10), "groupIds": [secret]}),
                json!({"op": "updateCommunitySettings", "communityId": secret, "whoCanAddGroups": secret}),
                json!({"op": "listSubgroups", "communityId": secret}),
            ] {
                let e = wa_groups::validate(&wa(&config_json(&config)), &wa(&c)).expect_err("invalid");
                assert!(!e.issues().is_empty() || e.kind.name() == "unsupported", "{c}");
                assert_error_clean(&config, &e);
            }
        }
    }
}

// Requests of the new operations print no secret; their redacted form shows none either.
#[test]
fn new_requests_print_no_secret() {
    for config in configs() {
        for c in calls(&config) {
            let r = wa_groups::build_request(&config, &c);
            assert_clean(&config, "Request Debug", &format!("{r:?}"));
            assert_clean(&config, "Call Debug", &format!("{c:?}"));
            let shown = r.redacted(&config.redactor);
            assert_clean(&config, "redacted request", &shown.to_json());
            // The real request does carry the credential (URL for Z-API, header for RyzeAPI).
            let carried = match config.provider {
                Provider::Zapi => r.url.contains(&percent_encode(&config.token)),
                Provider::Ryze => r.header("token") == Some(config.token.as_str()),
            };
            assert!(carried, "{}: the request lacks its credential", c.operation().name());
        }
    }
}
