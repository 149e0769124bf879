//! Golden vectors for Z-API's group and community operations beyond the four seed ones
//! (issue 4), from the documented examples of docs/wire-reference.md, section PRIORITY 2
//! ("Z-API: base and conventions", "Groups", "Communities"), and the catalogue in
//! docs/operations.md (including its "simulator choices" where Z-API documents nothing).

mod common;

use common::*;
use serde_json::{json, Value as J};
use wa_groups::http::{Method, Request, Response};
use wa_groups::{Call, Operation};

const BASE: &str = "https://api.z-api.io/instances/3C4F9A1B2D7E8F00INSTANCE/token/ZTOKEN5ecr3tA1B2C3D4E5F6";
const JSON: (&str, &str) = ("Content-Type", "application/json");
const CT: (&str, &str) = ("Client-Token", ZAPI_CLIENT_TOKEN);

/// The group of the documented examples, and its Z-API form.
const GROUP: &str = "120363019502650977@g.us";
const GROUP_Z: &str = "120363019502650977-group";
/// The community of the documented examples (Z-API writes community ids as bare digits).
const COMMUNITY: &str = "98372465382764532938";
const COMMUNITY_JID: &str = "98372465382764532938@g.us";
const LINK: &str = "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd";
const LINK_Q: &str = "https%3A%2F%2Fchat.whatsapp.com%2FC1adgkdEGki7554BWDdMkd";

fn url(path: &str) -> String {
    [BASE, path].concat()
}

/// Checks a request with and without the Client-Token: same method, URL and body; the
/// Client-Token header only with it; Content-Type exactly when there is a body.
fn assert_request(c: J, method: Method, path: &str, body: Option<J>) {
    for (config, with_ct) in [(zapi(), false), (zapi_ct(), true)] {
        let r: Request = build(&config, c.clone());
        assert_eq!(r.method, method, "{c}");
        assert_eq!(r.url, url(path), "{c}");
        let mut expected = Vec::new();
        if with_ct {
            expected.push(CT);
        }
        if body.is_some() {
            expected.push(JSON);
        }
        assert_eq!(headers(&r), pairs(&expected), "{c}");
        match &body {
            Some(b) => assert_eq!(&body_json(&r), b, "{c}"),
            None => assert_eq!(r.body, None, "{c}"),
        }
    }
}

/// Every documented group id form, with Z-API's form of it.
const GROUP_FORMS: [(&str, &str); 6] = [
    ("120363019502650977-group", "120363019502650977-group"),
    ("120363019502650977@g.us", "120363019502650977-group"),
    ("120363019502650977", "120363019502650977-group"),
    ("5511999999999-1623281429", "5511999999999-1623281429"),
    ("5511999999999-1623281429@g.us", "5511999999999-1623281429"),
    ("1345353454354354-group", "1345353454354354-group"),
];

/// Every documented community id form: Z-API wants bare digits.
const COMMUNITY_FORMS: [&str; 3] = ["98372465382764532938", "98372465382764532938@g.us", "98372465382764532938-group"];

/// Every accepted invite form: the link, without scheme, with http, the bare code.
const INVITE_FORMS: [&str; 4] =
    ["https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd", "chat.whatsapp.com/C1adgkdEGki7554BWDdMkd", "http://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd", "C1adgkdEGki7554BWDdMkd"];

const SETTINGS_ALL: &str = "settings";

fn all_settings(send: bool, edit: bool, approval: bool, add: bool) -> J {
    json!({"onlyAdminsCanSend": send, "onlyAdminsCanEditInfo": edit, "requireAdminApproval": approval, "onlyAdminsCanAddMembers": add})
}

mod requests {
    use super::*;

    // "/groups pagination": `page` and `pageSize` query values; the old doc marks them
    // required, so the defaults (1, 100) are always sent.
    #[test]
    fn list_groups_pages() {
        assert_request(json!({"op": "listGroups"}), Method::Get, "/groups?page=1&pageSize=100", None);
        assert_request(json!({"op": "listGroups", "page": 2, "pageSize": 10}), Method::Get, "/groups?page=2&pageSize=10", None);
        assert_request(json!({"op": "listGroups", "pageSize": 10}), Method::Get, "/groups?page=1&pageSize=10", None);
        assert_request(json!({"op": "listGroups", "page": 3}), Method::Get, "/groups?page=3&pageSize=100", None);
        assert_request(json!({"op": "listGroups", "page": null, "pageSize": null}), Method::Get, "/groups?page=1&pageSize=100", None);
        assert_request(json!({"op": "listGroups", "page": 4294967295u64, "pageSize": 1000}), Method::Get, "/groups?page=4294967295&pageSize=1000", None);
    }

    // metadata / light metadata: GET with the group id in the path, in Z-API's form.
    #[test]
    fn group_metadata_full_and_light_in_every_id_form() {
        for (input, wire) in GROUP_FORMS {
            assert_request(json!({"op": "getGroupMetadata", "groupId": input}), Method::Get, &["/group-metadata/", wire].concat(), None);
            assert_request(json!({"op": "getGroupMetadataLight", "groupId": input}), Method::Get, &["/light-group-metadata/", wire].concat(), None);
        }
    }

    // invitation metadata: GET `/group-invitation-metadata?url=<invite url>`; the url is a
    // query value, so its `:` and `/` are percent-encoded. Every invite form sends the link.
    #[test]
    fn invitation_metadata_sends_the_percent_encoded_link() {
        for input in INVITE_FORMS {
            assert_request(json!({"op": "getInvitationInfo", "link": input}), Method::Get, &["/group-invitation-metadata?url=", LINK_Q].concat(), None);
        }
        // `-` and `_` are unreserved and stay as they are.
        assert_request(json!({"op": "getInvitationInfo", "link": "Ab-_9xyzQW"}), Method::Get, "/group-invitation-metadata?url=https%3A%2F%2Fchat.whatsapp.com%2FAb-_9xyzQW", None);
    }

    // redefine link: POST `/redefine-invitation-link/{groupId}`, no body.
    #[test]
    fn redefine_invitation_link() {
        for (input, wire) in GROUP_FORMS {
            assert_request(json!({"op": "resetInvitationLink", "groupId": input}), Method::Post, &["/redefine-invitation-link/", wire].concat(), None);
        }
    }

    // accept invite: GET `/accept-invite-group?url=<invite url>`.
    #[test]
    fn accept_invite_sends_the_percent_encoded_link() {
        for input in INVITE_FORMS {
            assert_request(json!({"op": "joinGroup", "link": input}), Method::Get, &["/accept-invite-group?url=", LINK_Q].concat(), None);
        }
    }

    // add participant: `{autoInvite, groupId, phones[]}`; the newest page marks autoInvite
    // required, so an unset one is sent as false. The docs' second example number is no
    // valid Brazilian number as bare digits (a 9-digit mobile starts with 9): with its +
    // it is international, so it is sent as it was meant.
    #[test]
    fn add_participant_documented_body() {
        assert_request(
            json!({"op": "addParticipants", "groupId": GROUP_Z, "phones": ["5544999999999", "+5544888888888"], "autoInvite": true}),
            Method::Post,
            "/add-participant",
            Some(json!({"autoInvite": true, "groupId": GROUP_Z, "phones": ["5544999999999", "5544888888888"]})),
        );
        assert_request(
            json!({"op": "addParticipants", "groupId": GROUP, "phones": ["5544999999999"]}),
            Method::Post,
            "/add-participant",
            Some(json!({"autoInvite": false, "groupId": GROUP_Z, "phones": ["5544999999999"]})),
        );
        assert_request(
            json!({"op": "addParticipants", "groupId": GROUP, "phones": ["5544999999999"], "autoInvite": false}),
            Method::Post,
            "/add-participant",
            Some(json!({"autoInvite": false, "groupId": GROUP_Z, "phones": ["5544999999999"]})),
        );
    }

    // remove / promote / demote / approve / reject: `{groupId, phones[]}`, no autoInvite.
    #[test]
    fn other_participant_endpoints() {
        for (op, path) in [
            ("removeParticipants", "/remove-participant"),
            ("promoteParticipants", "/add-admin"),
            ("demoteParticipants", "/remove-admin"),
            ("approveParticipants", "/approve-participant"),
            ("rejectParticipants", "/reject-participant"),
        ] {
            assert_request(
                json!({"op": op, "groupId": GROUP_Z, "phones": ["5544999999999", "+55 44 88888-8888"]}),
                Method::Post,
                path,
                Some(json!({"groupId": GROUP_Z, "phones": ["5544999999999", "5544888888888"]})),
            );
        }
    }

    // Every documented id form in, Z-API's form out; phones in every form become digits.
    #[test]
    fn participants_in_every_id_and_phone_form() {
        for (input, wire) in GROUP_FORMS {
            for op in ["addParticipants", "removeParticipants", "promoteParticipants", "demoteParticipants", "approveParticipants", "rejectParticipants"] {
                let r = build(&zapi(), json!({"op": op, "groupId": input, "phones": ["5544999999999"]}));
                assert_eq!(body_json(&r)["groupId"], json!(wire), "{op} {input}");
            }
        }
        for phone in ["5544999999999", "+5544999999999", "+55 (44) 99999-9999", "55 44 99999 9999", "55.44.99999.9999", "5544999999999@s.whatsapp.net", "5544999999999@c.us"] {
            let r = build(&zapi(), json!({"op": "removeParticipants", "groupId": GROUP, "phones": [phone]}));
            assert_eq!(body_json(&r)["phones"], json!(["5544999999999"]), "{phone}");
        }
    }

    // update name / description / photo: `{groupId, groupName|groupDescription|groupPhoto}`.
    #[test]
    fn update_name_description_photo() {
        for (input, wire) in GROUP_FORMS {
            assert_request(json!({"op": "updateGroupName", "groupId": input, "name": "Grupo Z-API"}), Method::Post, "/update-group-name", Some(json!({"groupId": wire, "groupName": "Grupo Z-API"})));
            assert_request(
                json!({"op": "updateGroupDescription", "groupId": input, "description": "Linha 1\nLinha 2"}),
                Method::Post,
                "/update-group-description",
                Some(json!({"groupId": wire, "groupDescription": "Linha 1\nLinha 2"})),
            );
            assert_request(
                json!({"op": "updateGroupPhoto", "groupId": input, "photo": "https://www.z-api.io/wp-content/themes/z-api/dist/images/logo.svg"}),
                Method::Post,
                "/update-group-photo",
                Some(json!({"groupId": wire, "groupPhoto": "https://www.z-api.io/wp-content/themes/z-api/dist/images/logo.svg"})),
            );
        }
        // An empty description clears it: it is sent, not left out.
        assert_request(
            json!({"op": "updateGroupDescription", "groupId": GROUP, "description": ""}),
            Method::Post,
            "/update-group-description",
            Some(json!({"groupId": GROUP_Z, "groupDescription": ""})),
        );
        // A data URL travels as given. Z-API takes base64 only with the `data:image/…;base64,`
        // prefix (docs: "Enviar imagem"; groups/atualizar-foto, 2026-03-12): bare base64 gets
        // the one its first bytes tell, never goes bare.
        let data_url = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB";
        assert_request(json!({"op": "updateGroupPhoto", "groupId": GROUP, "photo": data_url}), Method::Post, "/update-group-photo", Some(json!({"groupId": GROUP_Z, "groupPhoto": data_url})));
        for (bare, kind) in [("iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", "png"), ("/9j/4AAQSkZJRgABAQEASABIAAD", "jpeg"), ("R0lGODlhAQABAIAAAP///wAAACH5", "gif"), ("UklGRiQAAABXRUJQVlA4IBgAAAAw", "webp")] {
            let wire = ["data:image/", kind, ";base64,", bare].concat();
            assert_request(json!({"op": "updateGroupPhoto", "groupId": GROUP, "photo": bare}), Method::Post, "/update-group-photo", Some(json!({"groupId": GROUP_Z, "groupPhoto": wire})));
        }
        // Base64 of no type it can tell is an issue before anything is sent.
        let e = wa_groups::validate(&wa(&config_json(&zapi())), &wa(&json!({"op": "updateGroupPhoto", "groupId": GROUP, "photo": "AAAAAAAAAAAAAAAAAAAAAAAA"}))).unwrap_err();
        assert_eq!(e.issues()[0].field, "photo");
        assert!(e.issues()[0].message.contains("data:image/"), "{}", e.issues()[0].message);
    }

    // The quirk: update-group-settings names the group `phone` (every other endpoint says
    // `groupId`). Body of the newest page, verbatim: all five fields.
    #[test]
    fn quirk_update_group_settings_names_the_group_phone() {
        for (input, wire) in GROUP_FORMS {
            assert_request(
                json!({"op": "updateGroupSettings", "groupId": input, SETTINGS_ALL: all_settings(true, true, false, true)}),
                Method::Post,
                "/update-group-settings",
                Some(json!({"phone": wire, "adminOnlyMessage": true, "adminOnlySettings": true, "requireAdminApproval": false, "adminOnlyAddMember": true})),
            );
        }
        let r = build(&zapi(), json!({"op": "updateGroupSettings", "groupId": GROUP, "settings": all_settings(true, true, false, true)}));
        assert!(body_json(&r).get("groupId").is_none(), "no groupId beside phone");
    }

    // Each neutral setting lands on its own Z-API field (no two are swapped).
    #[test]
    fn each_setting_maps_to_its_zapi_field() {
        for (i, field) in ["adminOnlyMessage", "adminOnlySettings", "requireAdminApproval", "adminOnlyAddMember"].iter().enumerate() {
            let flags: Vec<bool> = (0..4).map(|k| k == i).collect();
            let r = build(&zapi(), json!({"op": "updateGroupSettings", "groupId": GROUP, "settings": all_settings(flags[0], flags[1], flags[2], flags[3])}));
            let body = body_json(&r);
            for other in ["adminOnlyMessage", "adminOnlySettings", "requireAdminApproval", "adminOnlyAddMember"] {
                assert_eq!(body[other], json!(other == *field), "setting {i}: {body}");
            }
        }
    }

    // leave: POST `/leave-group` `{groupId}`.
    #[test]
    fn leave_group() {
        for (input, wire) in GROUP_FORMS {
            assert_request(json!({"op": "leaveGroup", "groupId": input}), Method::Post, "/leave-group", Some(json!({"groupId": wire})));
        }
    }

    // communities create: POST `/communities` `{name, description?}`.
    #[test]
    fn create_community() {
        assert_request(
            json!({"op": "createCommunity", "name": "Minha comunidade", "description": "Descrição"}),
            Method::Post,
            "/communities",
            Some(json!({"name": "Minha comunidade", "description": "Descrição"})),
        );
        assert_request(json!({"op": "createCommunity", "name": "Minha comunidade"}), Method::Post, "/communities", Some(json!({"name": "Minha comunidade"})));
        // An empty groupIds list is no request to link anything.
        assert_request(json!({"op": "createCommunity", "name": "Minha comunidade", "groupIds": []}), Method::Post, "/communities", Some(json!({"name": "Minha comunidade"})));
    }

    // communities list: GET `/communities?page=&pageSize=`.
    #[test]
    fn list_communities_pages() {
        assert_request(json!({"op": "listCommunities"}), Method::Get, "/communities?page=1&pageSize=100", None);
        assert_request(json!({"op": "listCommunities", "page": 5, "pageSize": 20}), Method::Get, "/communities?page=5&pageSize=20", None);
    }

    // metadata and subgroups both read `/communities-metadata/{communityId}`.
    #[test]
    fn community_metadata_and_subgroups() {
        for input in COMMUNITY_FORMS {
            assert_request(json!({"op": "getCommunityMetadata", "communityId": input}), Method::Get, &["/communities-metadata/", COMMUNITY].concat(), None);
            assert_request(json!({"op": "listSubgroups", "communityId": input}), Method::Get, &["/communities-metadata/", COMMUNITY].concat(), None);
        }
    }

    // settings: POST `/communities/settings` `{communityId, whoCanAddNewGroups: "admins" | "all"}`.
    #[test]
    fn community_settings() {
        for input in COMMUNITY_FORMS {
            for who in ["admins", "all"] {
                assert_request(
                    json!({"op": "updateCommunitySettings", "communityId": input, "whoCanAddGroups": who}),
                    Method::Post,
                    "/communities/settings",
                    Some(json!({"communityId": COMMUNITY, "whoCanAddNewGroups": who})),
                );
            }
        }
    }

    // description: POST `/update-community-description` `{communityId, communityDescription}`.
    #[test]
    fn community_description() {
        for input in COMMUNITY_FORMS {
            assert_request(
                json!({"op": "updateCommunityDescription", "communityId": input, "description": "Nova descrição"}),
                Method::Post,
                "/update-community-description",
                Some(json!({"communityId": COMMUNITY, "communityDescription": "Nova descrição"})),
            );
        }
    }

    // redefine a community's link: POST `/redefine-invitation-link/{communityId}`, no body
    // (developer.z-api.io/en/communities/redefine-invitation-link).
    #[test]
    fn redefine_community_invitation_link() {
        for input in COMMUNITY_FORMS {
            assert_request(json!({"op": "resetCommunityInvitationLink", "communityId": input}), Method::Post, &["/redefine-invitation-link/", COMMUNITY].concat(), None);
        }
    }

    // deactivate: DELETE `/communities/{communityId}`, no body (hence no Content-Type).
    #[test]
    fn deactivate_community() {
        for input in COMMUNITY_FORMS {
            assert_request(json!({"op": "deactivateCommunity", "communityId": input}), Method::Delete, &["/communities/", COMMUNITY].concat(), None);
        }
    }

    // The request JSON shape of buildRequest for a DELETE: body null, no Content-Type.
    #[test]
    fn request_json_of_a_delete() {
        let r = build(&zapi_ct(), json!({"op": "deactivateCommunity", "communityId": COMMUNITY}));
        let v: J = serde_json::from_str(&r.to_json()).expect("JSON");
        assert_eq!(v, json!({"method": "DELETE", "url": url("/communities/98372465382764532938"), "headers": {"Client-Token": ZAPI_CLIENT_TOKEN}, "body": null}));
    }
}

mod responses {
    use super::*;

    fn c(v: J) -> Call {
        call(&zapi(), v)
    }

    /// The newest group-metadata example, with a description and a link filled in.
    const METADATA: &str = r#"{
        "phone": "120363019502650977-group", "description": "Grupo Z-API", "owner": "5511999999999",
        "subject": "My group on Z-API", "creation": 1588721491000,
        "invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd",
        "communityId": null, "adminOnlyMessage": false, "adminOnlySettings": false,
        "requireAdminApproval": false, "isGroupAnnouncement": false,
        "participants": [ { "phone": "5511888888888", "isAdmin": false, "isSuperAdmin": false } ],
        "subjectTime": 1617805323000, "subjectOwner": "554497050785"
    }"#;

    fn metadata_expected(link: J) -> J {
        json!({
            "groupId": GROUP, "name": "My group on Z-API", "description": "Grupo Z-API", "owner": "5511999999999",
            "createdAt": 1588721491000u64, "invitationLink": link, "invitationLinkError": null, "communityId": null, "isAnnouncements": false,
            "settings": {"onlyAdminsCanSend": false, "onlyAdminsCanEditInfo": false, "requireAdminApproval": false, "onlyAdminsCanAddMembers": null},
            "participants": [{"phone": "5511888888888", "isAdmin": false, "isSuperAdmin": false}]
        })
    }

    #[test]
    fn group_metadata_documented_example() {
        for (input, _) in GROUP_FORMS.iter().take(3) {
            let got = parse_ok(&zapi(), &c(json!({"op": "getGroupMetadata", "groupId": input})), 200, METADATA);
            assert_eq!(got, metadata_expected(json!(LINK)), "{input}");
        }
    }

    // The field tables type isAdmin/isSuperAdmin as "string"; listings put booleans in
    // strings: both readings give the same booleans. A super admin is an admin.
    #[test]
    fn group_metadata_with_string_typed_booleans() {
        let body = r#"{
            "phone": "120363019502650977-group", "owner": "+55 11 99999-9999", "subject": "Turma", "creation": "1588721491000",
            "invitationLink": null, "invitationLinkError": "not-authorized",
            "communityId": "98372465382764532938", "adminOnlyMessage": "true", "adminOnlySettings": "false",
            "requireAdminApproval": "true", "adminOnlyAddMember": "true", "isGroupAnnouncement": "false",
            "participants": [
                { "phone": "5511888888888", "isAdmin": "true", "isSuperAdmin": "false" },
                { "phone": "5511777777777@s.whatsapp.net", "isAdmin": "false", "isSuperAdmin": "true", "short": "Ana", "name": "Ana Souza" },
                { "phone": "5511666666666", "isAdmin": "false", "isSuperAdmin": "false" },
                { "phone": "204829384756123@lid", "isAdmin": false, "isSuperAdmin": false }
            ]
        }"#;
        let got = parse_ok(&zapi(), &c(json!({"op": "getGroupMetadata", "groupId": GROUP})), 200, body);
        assert_eq!(
            got,
            json!({
                "groupId": GROUP, "name": "Turma", "description": null, "owner": "5511999999999", "createdAt": 1588721491000u64,
                "invitationLink": null, "invitationLinkError": "not-authorized", "communityId": COMMUNITY_JID, "isAnnouncements": false,
                "settings": {"onlyAdminsCanSend": true, "onlyAdminsCanEditInfo": false, "requireAdminApproval": true, "onlyAdminsCanAddMembers": true},
                "participants": [
                    {"phone": "5511888888888", "isAdmin": true, "isSuperAdmin": false},
                    {"phone": "5511777777777", "isAdmin": true, "isSuperAdmin": true},
                    {"phone": "5511666666666", "isAdmin": false, "isSuperAdmin": false},
                    {"phone": "204829384756123@lid", "isAdmin": false, "isSuperAdmin": false}
                ]
            })
        );
    }

    // The older revision's example lacks description, communityId and the flags: they are null.
    #[test]
    fn group_metadata_old_revision() {
        let body = r#"{"phone": "5511999999999-1623281429", "owner": "5511999999999", "subject": "Grupo antigo", "creation": 1623281429000, "participants": []}"#;
        let got = parse_ok(&zapi(), &c(json!({"op": "getGroupMetadata", "groupId": "5511999999999-1623281429"})), 200, body);
        assert_eq!(
            got,
            json!({
                "groupId": "5511999999999-1623281429@g.us", "name": "Grupo antigo", "description": null, "owner": "5511999999999",
                "createdAt": 1623281429000u64, "invitationLink": null, "invitationLinkError": null, "communityId": null, "isAnnouncements": false,
                "settings": {"onlyAdminsCanSend": null, "onlyAdminsCanEditInfo": null, "requireAdminApproval": null, "onlyAdminsCanAddMembers": null},
                "participants": []
            })
        );
    }

    // light metadata: "same as metadata but invitationLink: null, invitationLinkError: null".
    #[test]
    fn light_metadata_documented_example() {
        let light = METADATA.replace(r#""invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd""#, r#""invitationLink": null, "invitationLinkError": null"#);
        assert_ne!(light, METADATA);
        let lc = c(json!({"op": "getGroupMetadataLight", "groupId": GROUP_Z}));
        assert_eq!(parse_ok(&zapi(), &lc, 200, &light), metadata_expected(J::Null));
        // Light never shows a link, even when an answer carries one.
        assert_eq!(parse_ok(&zapi(), &lc, 200, METADATA), metadata_expected(J::Null));
    }

    // invitation metadata example: `{phone, owner, subject, description, creation,
    // invitationLink, contactsCount, participantsCount, participants[], subjectTime, subjectOwner}`.
    #[test]
    fn invitation_metadata_documented_example() {
        let body = r#"{
            "phone": "120363019502650977-group", "owner": "5511999999999", "subject": "My group on Z-API",
            "description": "Grupo Z-API", "creation": 1588721491000,
            "invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd",
            "contactsCount": 1, "participantsCount": 2,
            "participants": [ { "phone": "5511999999999", "isAdmin": true, "isSuperAdmin": true }, { "phone": "5511888888888", "isAdmin": "false", "isSuperAdmin": "false" } ],
            "subjectTime": 1617805323000, "subjectOwner": "554497050785"
        }"#;
        for input in INVITE_FORMS {
            let got = parse_ok(&zapi(), &c(json!({"op": "getInvitationInfo", "link": input})), 200, body);
            assert_eq!(
                got,
                json!({
                    "groupId": GROUP, "name": "My group on Z-API", "description": "Grupo Z-API", "owner": "5511999999999",
                    "createdAt": 1588721491000u64, "participantsCount": 2,
                    "participants": [{"phone": "5511999999999", "isAdmin": true, "isSuperAdmin": true}, {"phone": "5511888888888", "isAdmin": false, "isSuperAdmin": false}]
                }),
                "{input}"
            );
        }
    }

    // An invitation answer naming no group is not the documented shape.
    #[test]
    fn invitation_metadata_without_a_group_is_decode() {
        let ic = c(json!({"op": "getInvitationInfo", "link": LINK}));
        for body in [r#"{"subject": "x"}"#, r#"{"phone": "not a group", "subject": "x"}"#, "{}"] {
            assert_eq!(parse_err(&zapi(), &ic, 200, body).kind.name(), "decode", "{body}");
        }
    }

    // redefine link answer: `{invitationLink}`, without `phone`: the group is the requested one.
    #[test]
    fn redefine_link_documented_answer() {
        for (input, _) in GROUP_FORMS {
            let rc = c(json!({"op": "resetInvitationLink", "groupId": input}));
            let got = parse_ok(&zapi(), &rc, 200, r#"{"invitationLink": "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct"}"#);
            let jid = wa_groups::ids::GroupId::parse(input).expect("id").jid();
            assert_eq!(got, json!({"groupId": jid, "invitationLink": "https://chat.whatsapp.com/GONwbGGDkLe8BifUWwLgct"}), "{input}");
        }
        // No usable link: not the documented answer.
        let rc = c(json!({"op": "resetInvitationLink", "groupId": GROUP}));
        for body in ["{}", r#"{"invitationLink": ""}"#, r#"{"invitationLink": "https://evil.example/x"}"#] {
            assert_eq!(parse_err(&zapi(), &rc, 200, body).kind.name(), "decode", "{body}");
        }
    }

    // redefine a community's link, the documented answer: `{invitationLink}`.
    #[test]
    fn redefine_community_link_documented_answer() {
        let rc = c(json!({"op": "resetCommunityInvitationLink", "communityId": COMMUNITY}));
        let got = parse_ok(&zapi(), &rc, 200, r#"{"invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}"#);
        let jid = [COMMUNITY, "@g.us"].concat();
        assert_eq!(got, json!({"communityId": jid, "invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}));
        for body in ["{}", r#"{"invitationLink": "https://evil.example/x"}"#] {
            assert_eq!(parse_err(&zapi(), &rc, 200, body).kind.name(), "decode", "{body}");
        }
    }

    // accept invite answer: `{success: true}`; it names no group, and says the same
    // whether the join happened or was queued for approval: that stays unknown (null).
    #[test]
    fn accept_invite_documented_answer() {
        let jc = c(json!({"op": "joinGroup", "link": LINK}));
        assert_eq!(parse_ok(&zapi(), &jc, 200, r#"{"success": true}"#), json!({"groupId": null, "requiresApproval": null}));
        // Should a later revision name the group or the approval, they are read.
        assert_eq!(parse_ok(&zapi(), &jc, 200, r#"{"success": true, "phone": "120363019502650977-group", "requiresApproval": "true"}"#), json!({"groupId": GROUP, "requiresApproval": true}));
    }

    // participants: `{value: true}`: every phone went through, in request order, as digits.
    #[test]
    fn participants_value_true() {
        for op in ["addParticipants", "removeParticipants", "promoteParticipants", "demoteParticipants", "approveParticipants", "rejectParticipants"] {
            let pc = c(json!({"op": op, "groupId": GROUP_Z, "phones": ["+55 44 99999-9999", "5544888888888@s.whatsapp.net"]}));
            let got = parse_ok(&zapi(), &pc, 200, r#"{"value": true}"#);
            assert_eq!(got, json!({"groupId": GROUP, "succeeded": ["5544999999999", "5544888888888"], "failed": []}), "{op}");
        }
    }

    // `{value: false}` alone: nothing says who went through, so every phone failed.
    #[test]
    fn participants_value_false_without_list() {
        let pc = c(json!({"op": "approveParticipants", "groupId": GROUP, "phones": ["5544999999999", "+5544888888888"]}));
        let got = parse_ok(&zapi(), &pc, 200, r#"{"value": false}"#);
        assert_eq!(got["succeeded"], json!([]));
        let failed = got["failed"].as_array().expect("failed");
        assert_eq!(failed.iter().map(|f| f["phone"].clone()).collect::<Vec<_>>(), [json!("5544999999999"), json!("5544888888888")]);
        assert!(failed.iter().all(|f| f["reason"].is_string()), "{got}");
    }

    // Simulator choice (docs/operations.md): when some fail, `{value: false, failed:
    // [{phone, reason}]}`; the phones it does not name went through.
    #[test]
    fn participants_value_false_with_failed_list() {
        let pc = c(json!({"op": "addParticipants", "groupId": GROUP, "phones": ["5511987650011", "5511911110000", "5511911112222"]}));
        let body =
            r#"{"value": false, "failed": [{"phone": "5511987650011", "reason": "already a participant"}, {"phone": "5511911110000", "reason": "privacy settings do not allow adding this number"}]}"#;
        assert_eq!(
            parse_ok(&zapi(), &pc, 200, body),
            json!({"groupId": GROUP, "succeeded": ["5511911112222"], "failed": [
                {"phone": "5511987650011", "reason": "already a participant"},
                {"phone": "5511911110000", "reason": "privacy settings do not allow adding this number"}]})
        );
    }

    // Updates and leave answer `{value: true}`: the result names the group.
    #[test]
    fn updates_and_leave_value_true() {
        for v in [
            json!({"op": "updateGroupName", "groupId": GROUP_Z, "name": "Novo nome"}),
            json!({"op": "updateGroupDescription", "groupId": GROUP_Z, "description": "Nova"}),
            json!({"op": "updateGroupPhoto", "groupId": GROUP_Z, "photo": "https://example.com/a.png"}),
            json!({"op": "updateGroupSettings", "groupId": GROUP_Z, "settings": all_settings(true, false, true, false)}),
            json!({"op": "leaveGroup", "groupId": GROUP_Z}),
        ] {
            assert_eq!(parse_ok(&zapi(), &c(v.clone()), 200, r#"{"value": true}"#), json!({"groupId": GROUP}), "{v}");
        }
        let old = c(json!({"op": "leaveGroup", "groupId": "5511999999999-1623281429"}));
        assert_eq!(parse_ok(&zapi(), &old, 200, r#"{"value": true}"#), json!({"groupId": "5511999999999-1623281429@g.us"}));
    }

    /// The documented `/groups` item, verbatim: booleans and numbers in strings.
    const CHAT: &str = r#"{ "isGroup": true, "name": "Grupo teste", "phone": "120263358412332916-group",
      "unread": "0", "lastMessageTime": "1730918668000", "isMuted": "0",
      "isMarkedSpam": "false", "archived": "false", "pinned": "false",
      "muteEndTime": null, "messagesUnread": "0" }"#;

    #[test]
    fn list_groups_documented_example() {
        let got = parse_ok(&zapi(), &c(json!({"op": "listGroups"})), 200, &["[", CHAT, "]"].concat());
        assert_eq!(got, json!({"groups": [{"groupId": "120263358412332916@g.us", "name": "Grupo teste"}], "page": 1, "hasMore": false}));
    }

    // No total is given: a full page may have more after it; a short or empty one ends it.
    #[test]
    fn list_groups_has_more_only_for_a_full_page() {
        let two = ["[", CHAT, ",", &CHAT.replace("120263358412332916", "120263358412332917").replace("Grupo teste", "Outro"), "]"].concat();
        let lc = c(json!({"op": "listGroups", "page": 3, "pageSize": 2}));
        assert_eq!(
            parse_ok(&zapi(), &lc, 200, &two),
            json!({"groups": [{"groupId": "120263358412332916@g.us", "name": "Grupo teste"}, {"groupId": "120263358412332917@g.us", "name": "Outro"}], "page": 3, "hasMore": true})
        );
        let lc = c(json!({"op": "listGroups", "page": 3, "pageSize": 3}));
        assert_eq!(parse_ok(&zapi(), &lc, 200, &two)["hasMore"], json!(false));
        assert_eq!(parse_ok(&zapi(), &lc, 200, "[]"), json!({"groups": [], "page": 3, "hasMore": false}));
    }

    // A chat whose `isGroup` says false (in a string, as listings write it) is no group.
    #[test]
    fn list_groups_skips_chats_that_are_not_groups() {
        let body = r#"[{"isGroup": "false", "name": "Ana", "phone": "5511999999999"}, {"isGroup": "true", "name": "", "phone": "120263358412332916-group"}]"#;
        let got = parse_ok(&zapi(), &c(json!({"op": "listGroups", "pageSize": 2})), 200, body);
        assert_eq!(got, json!({"groups": [{"groupId": "120263358412332916@g.us", "name": null}], "page": 1, "hasMore": true}));
    }

    // communities create: `{id, subGroups[{name, phone, isGroupAnnouncement}]}`; the
    // announcements group is the subgroup flagged as such.
    #[test]
    fn create_community_documented_answer() {
        let cc = c(json!({"op": "createCommunity", "name": "Minha comunidade"}));
        let body = r#"{ "id": "98372465382764532938", "subGroups": [ { "name": "Minha comunidade", "phone": "342532456234453-group", "isGroupAnnouncement": true } ] }"#;
        assert_eq!(parse_ok(&zapi(), &cc, 200, body), json!({"communityId": COMMUNITY_JID, "isCommunity": true, "announcementsGroupId": "342532456234453@g.us", "linked": [], "failed": []}));
        // The flag may come in a string; without a flagged subgroup there is no announcements id.
        let body = r#"{ "id": "98372465382764532938", "subGroups": [ { "name": "Geral", "phone": "342532456234454-group", "isGroupAnnouncement": "false" }, { "name": "Avisos", "phone": "342532456234453-group", "isGroupAnnouncement": "true" } ] }"#;
        assert_eq!(parse_ok(&zapi(), &cc, 200, body)["announcementsGroupId"], json!("342532456234453@g.us"));
        let body = r#"{ "id": "98372465382764532938", "subGroups": [] }"#;
        assert_eq!(parse_ok(&zapi(), &cc, 200, body)["announcementsGroupId"], J::Null);
        assert_eq!(parse_err(&zapi(), &cc, 200, r#"{"subGroups": []}"#).kind.name(), "decode");
    }

    // communities list: `[{name, id}]`.
    #[test]
    fn list_communities_documented_answer() {
        let body = r#"[ { "name": "Minha comunidade", "id": "98372465382764532938" } ]"#;
        let got = parse_ok(&zapi(), &c(json!({"op": "listCommunities"})), 200, body);
        assert_eq!(got, json!({"communities": [{"communityId": COMMUNITY_JID, "name": "Minha comunidade"}], "page": 1, "hasMore": false}));
        let got = parse_ok(&zapi(), &c(json!({"op": "listCommunities", "page": 2, "pageSize": 1})), 200, body);
        assert_eq!(got["hasMore"], json!(true));
        assert_eq!(got["page"], json!(2));
    }

    const COMMUNITY_METADATA: &str = r#"{
        "name": "Minha comunidade", "id": "98372465382764532938", "description": "Comunidade de teste",
        "subGroups": [
            { "name": "Minha comunidade", "phone": "342532456234453-group", "isGroupAnnouncement": true },
            { "name": "Turma A", "phone": "120363019502650977-group", "isGroupAnnouncement": false }
        ]
    }"#;

    fn subgroups_expected() -> J {
        json!([
            {"groupId": "342532456234453@g.us", "name": "Minha comunidade", "isAnnouncements": true},
            {"groupId": GROUP, "name": "Turma A", "isAnnouncements": false}
        ])
    }

    // communities-metadata: `{name, id, description, subGroups[{name, phone, isGroupAnnouncement}]}`.
    #[test]
    fn community_metadata_documented_answer() {
        for input in COMMUNITY_FORMS {
            let got = parse_ok(&zapi(), &c(json!({"op": "getCommunityMetadata", "communityId": input})), 200, COMMUNITY_METADATA);
            assert_eq!(got, json!({"communityId": COMMUNITY_JID, "name": "Minha comunidade", "description": "Comunidade de teste", "subgroups": subgroups_expected()}), "{input}");
        }
    }

    // listSubgroups reads the same endpoint's `subGroups`.
    #[test]
    fn list_subgroups_from_community_metadata() {
        let got = parse_ok(&zapi(), &c(json!({"op": "listSubgroups", "communityId": COMMUNITY})), 200, COMMUNITY_METADATA);
        assert_eq!(got, json!({"communityId": COMMUNITY_JID, "subgroups": subgroups_expected()}));
        assert_eq!(parse_err(&zapi(), &c(json!({"op": "listSubgroups", "communityId": COMMUNITY})), 200, r#"{"name": "x"}"#).kind.name(), "decode");
    }

    // settings `{success: true}`, description `{value: true}`.
    #[test]
    fn community_settings_and_description_answers() {
        let sc = c(json!({"op": "updateCommunitySettings", "communityId": COMMUNITY, "whoCanAddGroups": "admins"}));
        assert_eq!(parse_ok(&zapi(), &sc, 200, r#"{"success": true}"#), json!({"communityId": COMMUNITY_JID}));
        let dc = c(json!({"op": "updateCommunityDescription", "communityId": COMMUNITY, "description": "Nova"}));
        assert_eq!(parse_ok(&zapi(), &dc, 200, r#"{"value": true}"#), json!({"communityId": COMMUNITY_JID}));
    }

    // deactivate: the 200 body is undocumented; an empty body, `{}`, and the simulator's
    // `{value: true}` all mean done. Only an explicit false refuses.
    #[test]
    fn deactivate_with_any_2xx_body() {
        let dc = c(json!({"op": "deactivateCommunity", "communityId": COMMUNITY_JID}));
        for (status, body) in [(200, ""), (204, ""), (200, "{}"), (200, r#"{"value": true}"#), (200, r#"{"success": true}"#), (200, "  \n")] {
            assert_eq!(parse_ok(&zapi(), &dc, status, body), json!({"communityId": COMMUNITY_JID}), "{status} {body:?}");
        }
        for body in [r#"{"value": false}"#, r#"{"success": false}"#] {
            let e = parse_err(&zapi(), &dc, 200, body);
            assert_eq!((e.kind.name(), e.status, e.operation), ("provider", Some(200), Some(Operation::DeactivateCommunity)), "{body}");
        }
    }
}

mod quirks {
    use super::*;

    fn c(v: J) -> Call {
        call(&zapi(), v)
    }

    /// One call per operation answered with `{value}`, one per `{success}`, one per plain object.
    fn value_calls() -> Vec<Call> {
        vec![
            c(json!({"op": "updateGroupName", "groupId": GROUP, "name": "N"})),
            c(json!({"op": "updateGroupDescription", "groupId": GROUP, "description": "D"})),
            c(json!({"op": "updateGroupPhoto", "groupId": GROUP, "photo": "https://example.com/p.jpg"})),
            c(json!({"op": "updateGroupSettings", "groupId": GROUP, "settings": all_settings(false, false, false, false)})),
            c(json!({"op": "leaveGroup", "groupId": GROUP})),
            c(json!({"op": "updateCommunityDescription", "communityId": COMMUNITY, "description": "D"})),
        ]
    }

    fn success_calls() -> Vec<Call> {
        vec![c(json!({"op": "joinGroup", "link": LINK})), c(json!({"op": "updateCommunitySettings", "communityId": COMMUNITY, "whoCanAddGroups": "all"}))]
    }

    // Z-API's answers come in three styles: `{value: bool}`, `{success: bool}`, or a plain
    // object. Each operation reads its own style: true confirms, false refuses.
    #[test]
    fn quirk_zapi_value_vs_success_vs_plain_object() {
        for cl in value_calls().iter().chain(success_calls().iter()) {
            let documented = if value_calls().contains(cl) { "value" } else { "success" };
            assert!(parse(&zapi(), cl, 200, &json!({documented: true}).to_string()).is_ok(), "{} {documented}", cl.operation().name());
            let e = parse_err(&zapi(), cl, 200, &json!({documented: false}).to_string());
            assert_eq!((e.kind.name(), e.status), ("provider", Some(200)), "{}", cl.operation().name());
            // The other style's true is read as well (the docs are not consistent between revisions).
            let other = if documented == "value" { "success" } else { "value" };
            assert!(parse(&zapi(), cl, 200, &json!({other: true}).to_string()).is_ok(), "{} {other}", cl.operation().name());
            // A plain object without either confirms nothing.
            assert_eq!(parse_err(&zapi(), cl, 200, r#"{"phone": "120363019502650977-group"}"#).kind.name(), "decode", "{}", cl.operation().name());
            // Booleans in strings are not confirmations here (only listings write them so).
            assert_eq!(parse_err(&zapi(), cl, 200, &json!({documented: "true"}).to_string()).kind.name(), "decode", "{}", cl.operation().name());
        }
        // Plain objects: metadata, invitation info, redefine link, community create/metadata.
        let plain = [
            (c(json!({"op": "getGroupMetadata", "groupId": GROUP})), r#"{"phone": "120363019502650977-group", "subject": "x"}"#),
            (c(json!({"op": "getInvitationInfo", "link": LINK})), r#"{"phone": "120363019502650977-group", "subject": "x"}"#),
            (c(json!({"op": "resetInvitationLink", "groupId": GROUP})), r#"{"invitationLink": "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd"}"#),
            (c(json!({"op": "createCommunity", "name": "x"})), r#"{"id": "98372465382764532938", "subGroups": []}"#),
            (c(json!({"op": "getCommunityMetadata", "communityId": COMMUNITY})), r#"{"id": "98372465382764532938", "subGroups": []}"#),
        ];
        for (cl, body) in &plain {
            assert!(parse(&zapi(), cl, 200, body).is_ok(), "{} {body}", cl.operation().name());
            // `{value: true}` is no substitute for the object.
            assert_eq!(parse_err(&zapi(), cl, 200, r#"{"value": true}"#).kind.name(), "decode", "{}", cl.operation().name());
        }
    }

    // A refusal in the `{value: false}` style keeps Z-API's words when it gives any.
    #[test]
    fn value_false_keeps_the_message() {
        let cl = c(json!({"op": "leaveGroup", "groupId": GROUP}));
        let e = parse_err(&zapi(), &cl, 200, r#"{"value": false, "message": "group not found"}"#);
        assert_eq!(e.kind.name(), "provider");
        assert!(e.message.contains("group not found"), "{}", e.message);
        assert_eq!(e.body.as_deref(), Some(r#"{"value": false, "message": "group not found"}"#));
    }

    // The invitation link quirk (POST in the seed, GET since 2026-02-18) concerns reading the link
    // only: a 405 to the new operations is final, nothing is re-sent with another method.
    #[test]
    fn quirk_invitation_link_post_get_follow_up_is_for_reading_only() {
        let reading = c(json!({"op": "getInvitationLink", "groupId": GROUP}));
        let sent = wa_groups::build_request(&zapi(), &reading);
        assert_eq!(sent.method, Method::Get);
        let again = wa_groups::follow_up(&zapi(), &reading, &sent, &Response::new(405, "")).expect("POST follows");
        assert_eq!((again.method, again.url.as_str()), (Method::Post, url("/group-invitation-link/120363019502650977-group").as_str()));
        for v in [
            json!({"op": "resetInvitationLink", "groupId": GROUP}),
            json!({"op": "getInvitationInfo", "link": LINK}),
            json!({"op": "joinGroup", "link": LINK}),
            json!({"op": "getGroupMetadata", "groupId": GROUP}),
            json!({"op": "leaveGroup", "groupId": GROUP}),
            json!({"op": "deactivateCommunity", "communityId": COMMUNITY}),
        ] {
            let cl = c(v.clone());
            let sent = wa_groups::build_request(&zapi(), &cl);
            assert_eq!(wa_groups::follow_up(&zapi(), &cl, &sent, &Response::new(405, "")), None, "{v}");
            assert_eq!(parse_err(&zapi(), &cl, 405, "").kind.name(), "provider", "{v}");
        }
    }

    // Resetting the link is never used to read it (it would revoke the old one): the
    // reading operation goes to group-invitation-link, not to redefine-invitation-link.
    #[test]
    fn reading_the_link_never_resets_it() {
        let r = build(&zapi(), json!({"op": "getInvitationLink", "groupId": GROUP}));
        assert!(!r.url.contains("redefine"), "{}", r.url);
        let r = build(&zapi(), json!({"op": "getGroupMetadata", "groupId": GROUP}));
        assert!(!r.url.contains("redefine"), "{}", r.url);
    }
}
