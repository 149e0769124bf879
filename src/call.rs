//! Reading a call from caller input, reporting every issue at once: the `Call` enum is
//! declared by the operations table (src/operation.rs), whose rows name the readers here
//! (`read`) that check each field.

use crate::config::Context;
use crate::ids::{CommunityId, GroupId, InviteCode, Lid, Participant, Phone};
use crate::issues::{must_be, Issues};
use crate::json::Value;
use crate::operation::Operation;
use crate::provider::Provider;
use crate::text::indexed;

/// WhatsApp's limits that a client can check before sending.
pub const MAX_GROUP_NAME_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 2048;
pub const MAX_GROUP_PARTICIPANTS: usize = 1023; // 1024 members, the creator included
pub const MAX_COMMUNITY_GROUPS: usize = 50;
/// RyzeAPI's limit for a community's name.
pub const MAX_RYZE_COMMUNITY_NAME_CHARS: usize = 25;
/// A photo travels inline (URL or base64): bound what a call may carry.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_PAGE_SIZE: u64 = 1000;

/// What a participants call does to each phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParticipantAction {
    Add,
    Remove,
    Promote,
    Demote,
    Approve,
    Reject,
}

impl ParticipantAction {
    pub fn operation(self) -> Operation {
        match self {
            ParticipantAction::Add => Operation::AddParticipants,
            ParticipantAction::Remove => Operation::RemoveParticipants,
            ParticipantAction::Promote => Operation::PromoteParticipants,
            ParticipantAction::Demote => Operation::DemoteParticipants,
            ParticipantAction::Approve => Operation::ApproveParticipants,
            ParticipantAction::Reject => Operation::RejectParticipants,
        }
    }

    pub fn of(op: Operation) -> Option<ParticipantAction> {
        Some(match op {
            Operation::AddParticipants => ParticipantAction::Add,
            Operation::RemoveParticipants => ParticipantAction::Remove,
            Operation::PromoteParticipants => ParticipantAction::Promote,
            Operation::DemoteParticipants => ParticipantAction::Demote,
            Operation::ApproveParticipants => ParticipantAction::Approve,
            Operation::RejectParticipants => ParticipantAction::Reject,
            _ => return None,
        })
    }
}

/// A page of a listing (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub page: u32,
    pub size: u32,
}

impl Page {
    /// What a listing asks for when the caller gives no page: the first hundred.
    pub const DEFAULT: Page = Page { page: 1, size: 100 };
}

/// The neutral group settings; `None` leaves a setting as it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupSettings {
    pub only_admins_can_send: Option<bool>,
    pub only_admins_can_edit_info: Option<bool>,
    pub require_admin_approval: Option<bool>,
    pub only_admins_can_add_members: Option<bool>,
}

/// Who may add the connected number to groups (Z-API's `/privacy/group-add`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupAddScope {
    Everyone,
    Contacts,
    /// The contacts, except those on the list the call changes.
    ContactsExcept,
}

/// A text that is a secret of the caller's (a webhook's `Authorization` value): never
/// shown by `Debug`, and redacted from whatever its call's request, answer or error shows.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretText(pub String);

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// RyzeAPI's event types, which a webhook may be limited to.
pub const RYZE_EVENT_TYPES: [&str; 6] = ["message.exchange", "message.status", "call.update", "group.flow", "instance.state", "label.update"];

/// Reads one setting.
pub type SettingGetter = fn(&GroupSettings) -> Option<bool>;

/// The settings' names as callers write them, with an accessor for each.
pub const SETTINGS: [(&str, SettingGetter); 4] = [
    ("onlyAdminsCanSend", |s| s.only_admins_can_send),
    ("onlyAdminsCanEditInfo", |s| s.only_admins_can_edit_info),
    ("requireAdminApproval", |s| s.require_admin_approval),
    ("onlyAdminsCanAddMembers", |s| s.only_admins_can_add_members),
];

pub use crate::operation::Call;

/// Matches any of the six participants calls, which share one shape:
/// `participants_call!(action, group, participants, auto_invite)` (each a pattern).
impl Call {
    /// The caller's secrets this call carries, to be redacted like the credentials.
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            Call::SetWebhook { authorization: Some(a), .. } => vec![a.0.as_str()],
            _ => Vec::new(),
        }
    }
}

/// Matches any of the four community participants calls:
/// `community_participants_call!(action, community, participants)` (each a pattern).
macro_rules! community_participants_call {
    ($action:pat, $community:pat, $participants:pat) => {
        Call::AddCommunityParticipants { action: $action, community: $community, participants: $participants, .. }
            | Call::RemoveCommunityParticipants { action: $action, community: $community, participants: $participants }
            | Call::PromoteCommunityParticipants { action: $action, community: $community, participants: $participants }
            | Call::DemoteCommunityParticipants { action: $action, community: $community, participants: $participants }
    };
}
pub(crate) use community_participants_call;

macro_rules! participants_call {
    ($action:pat, $group:pat, $participants:pat, $auto_invite:pat) => {
        Call::AddParticipants { action: $action, group: $group, participants: $participants, auto_invite: $auto_invite }
            | Call::RemoveParticipants { action: $action, group: $group, participants: $participants, auto_invite: $auto_invite }
            | Call::PromoteParticipants { action: $action, group: $group, participants: $participants, auto_invite: $auto_invite }
            | Call::DemoteParticipants { action: $action, group: $group, participants: $participants, auto_invite: $auto_invite }
            | Call::ApproveParticipants { action: $action, group: $group, participants: $participants, auto_invite: $auto_invite }
            | Call::RejectParticipants { action: $action, group: $group, participants: $participants, auto_invite: $auto_invite }
    };
}
pub(crate) use participants_call;

/// Reads a `Call` object (`{ op, ...fields }`), checking it for the context's provider.
/// Returns the operation whenever `op` was readable, so that errors can name it.
pub fn read_call(v: &Value, cx: Context, issues: &mut Issues) -> (Option<Operation>, Option<Call>) {
    if v.as_object().is_none() {
        issues.add("call", must_be("an object", v));
        return (None, None);
    }
    let op = match v.get("op") {
        Some(Value::String(s)) => Operation::parse(s),
        _ => None,
    };
    let Some(op) = op else {
        let names: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
        issues.add("op", ["must be one of ", &names.join(", ")].concat());
        return (None, None);
    };
    (Some(op), read_fields(op, v, cx, issues))
}

/// Reads the fields of operation `op` from an object (a `Call`, or a method's input).
pub fn read_fields(op: Operation, v: &Value, cx: Context, issues: &mut Issues) -> Option<Call> {
    if v.as_object().is_none() && !v.is_null() {
        issues.add("input", must_be("an object", v));
        return None;
    }
    // `op` is part of a Call (and of a batch's items).
    let mut known: Vec<&str> = vec!["op"];
    known.extend_from_slice(op.fields());
    let what = ["a field of ", op.name()].concat();
    crate::issues::unknown_keys(v, &known, "", &what, issues);
    crate::operation::read_call_fields(op, &mut read::Reader { v, cx, op, issues })
}

/// The readers that the operations table (src/operation.rs) names for each field of a
/// `Call`: each reads its member of the input, records what is wrong with it, and gives
/// `None` when something was.
pub(crate) mod read {
    use super::*;

    pub struct Reader<'a> {
        pub v: &'a Value,
        pub cx: Context,
        pub op: Operation,
        pub issues: &'a mut Issues,
    }

    impl Reader<'_> {
        fn ryze(&self) -> bool {
            self.cx.provider == Some(Provider::Ryze)
        }
    }

    pub fn group_id(r: &mut Reader<'_>) -> Option<GroupId> {
        read_group_id(r.v, "groupId", r.issues)
    }

    pub fn community_id(r: &mut Reader<'_>) -> Option<CommunityId> {
        read_community_id(r.v, r.issues)
    }

    /// The groups to link to or unlink from `community`: at least one, not the community.
    pub fn groups_of(r: &mut Reader<'_>, community: Option<&CommunityId>) -> Option<Vec<GroupId>> {
        read_group_list(r.v, "groupIds", community, true, r.issues)
    }

    pub fn page(r: &mut Reader<'_>) -> Option<Option<Page>> {
        read_page(r.v, r.issues).ok()
    }

    pub fn invite(r: &mut Reader<'_>) -> Option<InviteCode> {
        read_invite(r.v, r.issues)
    }

    /// A group's name.
    pub fn name(r: &mut Reader<'_>) -> Option<String> {
        r.issues.string(r.v, "name").and_then(|n| check_name("name", n, MAX_GROUP_NAME_CHARS, r.issues))
    }

    /// A community's name: RyzeAPI allows fewer characters.
    pub fn community_name(r: &mut Reader<'_>) -> Option<String> {
        let limit = if r.ryze() { MAX_RYZE_COMMUNITY_NAME_CHARS } else { MAX_GROUP_NAME_CHARS };
        r.issues.string(r.v, "name").and_then(|n| check_name("name", n, limit, r.issues))
    }

    pub fn description(r: &mut Reader<'_>) -> Option<String> {
        r.issues.string(r.v, "description").and_then(|d| check_description("description", d, r.issues))
    }

    pub fn opt_description(r: &mut Reader<'_>) -> Option<Option<String>> {
        match r.issues.opt_string(r.v, "description") {
            None => Some(None),
            Some(d) => check_description("description", d, r.issues).map(Some),
        }
    }

    pub fn photo(r: &mut Reader<'_>) -> Option<String> {
        r.issues.string(r.v, "photo").and_then(|p| check_photo(p, r.cx.provider, r.issues))
    }

    pub fn settings(r: &mut Reader<'_>) -> Option<GroupSettings> {
        read_settings(r.v, r.cx.provider, r.issues)
    }

    /// createGroup's participants.
    pub fn phones(r: &mut Reader<'_>) -> Option<Vec<Phone>> {
        let country = r.cx.default_country;
        read_list(r.v, "participants", "must list at least one phone number (WhatsApp needs one to create a group)", r.issues, |raw| Phone::parse(raw, country))
    }

    pub fn auto_invite(r: &mut Reader<'_>) -> Option<Option<bool>> {
        Some(read_auto_invite(r.v, r.ryze(), r.issues))
    }

    /// A value the table gives, not read from the input (a participants operation's action).
    pub fn fixed<T>(_: &mut Reader<'_>, value: T) -> Option<T> {
        Some(value)
    }

    /// A participants operation's people.
    pub fn participants(r: &mut Reader<'_>) -> Option<Vec<Participant>> {
        // RyzeAPI takes linked ids (`…@lid`) to approve or reject join requests: its list
        // of requests gives them, sometimes with no phone at all.
        let lids = r.ryze() && matches!(ParticipantAction::of(r.op), Some(ParticipantAction::Approve | ParticipantAction::Reject));
        let country = r.cx.default_country;
        read_list(r.v, "phones", "must list at least one phone number", r.issues, |raw| {
            if lids && raw.ends_with("@lid") {
                Lid::parse(raw).map(Participant::Lid).map_err(str::to_owned)
            } else {
                Phone::parse(raw, country).map(Participant::Phone)
            }
        })
    }

    /// `autoInvite` is addParticipants' only.
    pub fn participants_auto_invite(r: &mut Reader<'_>) -> Option<Option<bool>> {
        if r.op == Operation::AddParticipants {
            return auto_invite(r);
        }
        if r.v.get("autoInvite").is_some_and(|a| !a.is_null()) {
            r.issues.add("autoInvite", "applies only when adding participants");
        }
        Some(None)
    }

    /// The groups a new community starts with: RyzeAPI links them on creation, Z-API cannot.
    pub fn community_groups(r: &mut Reader<'_>) -> Option<Vec<GroupId>> {
        match r.v.get("groupIds") {
            None | Some(Value::Null) => Some(Vec::new()),
            Some(Value::Array(items)) if items.is_empty() => Some(Vec::new()),
            Some(_) if r.cx.provider == Some(Provider::Zapi) => {
                r.issues.add("groupIds", "Z-API cannot link groups while creating a community: create it, then call linkGroups");
                None
            }
            Some(_) => read_group_list(r.v, "groupIds", None, false, r.issues),
        }
    }

    fn zapi(r: &Reader<'_>) -> bool {
        r.cx.provider == Some(Provider::Zapi)
    }

    /// Whether `key` is given (not absent, not null).
    fn given(r: &Reader<'_>, key: &str) -> bool {
        r.v.get(key).is_some_and(|v| !v.is_null())
    }

    /// A create's member that Z-API's create endpoint has no field for: an issue naming
    /// the call that does it afterwards, and nothing read.
    fn zapi_cannot(r: &mut Reader<'_>, key: &str, then: &str) -> bool {
        if zapi(r) && given(r, key) {
            let endpoint = if r.op == Operation::CreateCommunity { "Z-API's create-community" } else { "Z-API's create-group" };
            r.issues.add(key, [endpoint, " has no ", key, " field: ", then].concat());
            return true;
        }
        false
    }

    /// createGroup's `description` (RyzeAPI sets it right after creating).
    pub fn create_description(r: &mut Reader<'_>) -> Option<Option<String>> {
        if zapi_cannot(r, "description", "create the group, then call updateGroupDescription") {
            return None;
        }
        opt_description(r)
    }

    /// A new group's or community's `photo`.
    pub fn create_photo(r: &mut Reader<'_>) -> Option<Option<String>> {
        let then = if r.op == Operation::CreateCommunity { "create it, then call updateCommunityPhoto" } else { "create the group, then call updateGroupPhoto" };
        if zapi_cannot(r, "photo", then) {
            return None;
        }
        if !given(r, "photo") {
            return Some(None);
        }
        photo(r).map(Some)
    }

    /// createGroup's `communityId`: the community to create the group in (RyzeAPI).
    pub fn create_in_community(r: &mut Reader<'_>) -> Option<Option<CommunityId>> {
        if zapi_cannot(r, "communityId", "create the group, then call linkGroups") {
            return None;
        }
        if !given(r, "communityId") {
            return Some(None);
        }
        community_id(r).map(Some)
    }

    /// createGroup's initial `settings` (RyzeAPI): any of the four.
    pub fn create_settings(r: &mut Reader<'_>) -> Option<Option<GroupSettings>> {
        if zapi_cannot(r, "settings", "create the group, then call updateGroupSettings") {
            return None;
        }
        if !given(r, "settings") {
            return Some(None);
        }
        settings(r).map(Some)
    }

    /// createCommunity's `requireApproval`: whether joining needs an admin's approval.
    pub fn require_approval(r: &mut Reader<'_>) -> Option<Option<bool>> {
        if zapi(r) && given(r, "requireApproval") {
            r.issues.add("requireApproval", "Z-API's create-community has no membership approval setting (RyzeAPI's has)");
            return None;
        }
        Some(r.issues.opt_bool(r.v, "requireApproval"))
    }

    /// setGroupAddPrivacy's `who`.
    pub fn group_add_scope(r: &mut Reader<'_>) -> Option<GroupAddScope> {
        match r.issues.string(r.v, "who")? {
            "everyone" => Some(GroupAddScope::Everyone),
            "contacts" => Some(GroupAddScope::Contacts),
            "contactsExcept" => Some(GroupAddScope::ContactsExcept),
            _ => {
                r.issues.add("who", "must be \"everyone\", \"contacts\" or \"contactsExcept\"");
                None
            }
        }
    }

    /// setGroupAddPrivacy's changes to the excepted contacts: only with `contactsExcept`.
    pub fn except_phones(r: &mut Reader<'_>, key: &str, who: Option<GroupAddScope>) -> Option<Vec<Phone>> {
        let given_any = r.v.get(key).and_then(Value::as_array).is_some_and(|a| !a.is_empty());
        if !given(r, key) {
            return Some(Vec::new());
        }
        if given_any && who.is_some_and(|w| w != GroupAddScope::ContactsExcept) {
            r.issues.add(key, "applies only when who is \"contactsExcept\"");
            return None;
        }
        if !given_any && r.v.get(key).and_then(Value::as_array).is_some() {
            return Some(Vec::new());
        }
        let country = r.cx.default_country;
        read_list(r.v, key, "must list at least one phone number", r.issues, |raw| Phone::parse(raw, country))
    }

    /// setWebhook's `url`: where the gateway posts its events. Z-API takes only https.
    pub fn webhook_url(r: &mut Reader<'_>) -> Option<String> {
        let url = r.issues.string(r.v, "url")?;
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        let problem = match rest {
            _ if url.len() > 2048 => Some("is longer than 2048 characters"),
            None => Some("must be an https:// (or, with RyzeAPI, http://) URL"),
            Some(rest) if rest.is_empty() || rest.starts_with('/') => Some("must name a host after the scheme"),
            Some(rest) if rest.chars().any(|c| c.is_whitespace() || c.is_control()) => Some("must not contain spaces or control characters"),
            Some(_) if zapi(r) && url.starts_with("http://") => Some("must be https:// with Z-API, which does not accept other webhooks"),
            Some(_) => None,
        };
        match problem {
            Some(p) => {
                r.issues.add("url", p);
                None
            }
            None => Some(url.to_owned()),
        }
    }

    /// setWebhook's `events`: RyzeAPI's event types to deliver; all when not given.
    pub fn webhook_events(r: &mut Reader<'_>) -> Option<Vec<String>> {
        if !given(r, "events") {
            return Some(Vec::new());
        }
        if zapi(r) {
            r.issues.add("events", "Z-API delivers every event of its received webhook (group changes among them) and cannot filter them (RyzeAPI can)");
            return None;
        }
        let items = r.issues.strings(r.v, "events")?;
        let before = r.issues.len();
        let mut out: Vec<String> = Vec::with_capacity(items.len());
        for (i, e) in items {
            if !RYZE_EVENT_TYPES.contains(&e) {
                r.issues.add(indexed("events", i), ["must be one of ", &RYZE_EVENT_TYPES.join(", ")].concat());
            } else if out.iter().any(|o| o == e) {
                r.issues.add(indexed("events", i), "is listed twice");
            } else {
                out.push(e.to_owned());
            }
        }
        if r.issues.len() == before && out.is_empty() {
            r.issues.add("events", "must list at least one event type (leave it out for all of them)");
        }
        (r.issues.len() == before).then_some(out)
    }

    /// Shortest `authorization` accepted: it is a secret, and redacting a very short one
    /// would blank out unrelated text.
    pub const MIN_AUTHORIZATION_CHARS: usize = 16;

    /// setWebhook's `authorization`: the header RyzeAPI sends with each delivery. Never
    /// echoed in an issue.
    pub fn webhook_authorization(r: &mut Reader<'_>) -> Option<Option<SecretText>> {
        if !given(r, "authorization") {
            return Some(None);
        }
        if zapi(r) {
            r.issues.add("authorization", "Z-API sends no Authorization header with its deliveries; put a secret in the webhook's path instead");
            return None;
        }
        let a = r.issues.string(r.v, "authorization")?;
        let problem = if crate::text::char_count(a) < MIN_AUTHORIZATION_CHARS {
            Some("must be at least 16 characters (a short value can be guessed)")
        } else if a.len() > 1024 {
            Some("is longer than 1024 characters")
        } else if a.chars().any(char::is_control) || !a.is_ascii() {
            Some("must be printable ASCII (it travels as an HTTP header)")
        } else {
            None
        };
        match problem {
            Some(p) => {
                r.issues.add("authorization", p);
                None
            }
            None => Some(Some(SecretText(a.to_owned()))),
        }
    }

    /// setWebhook's `label`: which of RyzeAPI's (up to three) webhooks; "default" when not given.
    pub fn webhook_label(r: &mut Reader<'_>) -> Option<Option<String>> {
        if !given(r, "label") {
            return Some(None);
        }
        if zapi(r) {
            r.issues.add("label", "Z-API has one webhook for received messages and group events; labels are RyzeAPI's");
            return None;
        }
        let l = r.issues.string(r.v, "label")?;
        if l.trim().is_empty() || crate::text::char_count(l) > 64 || l.chars().any(char::is_control) {
            r.issues.add("label", "must be 1 to 64 characters, with no control characters");
            return None;
        }
        Some(Some(l.to_owned()))
    }

    /// `whoCanAddGroups`: `true` when only admins may add groups.
    pub fn who_can_add_groups(r: &mut Reader<'_>) -> Option<bool> {
        match r.issues.string(r.v, "whoCanAddGroups") {
            Some("admins") => Some(true),
            Some("all") => Some(false),
            Some(_) => {
                r.issues.add("whoCanAddGroups", "must be \"admins\" or \"all\"");
                None
            }
            None => None,
        }
    }
}

fn read_auto_invite(v: &Value, ryze: bool, issues: &mut Issues) -> Option<bool> {
    let auto_invite = issues.opt_bool(v, "autoInvite");
    if auto_invite == Some(true) && ryze {
        issues.add("autoInvite", "is a Z-API feature; RyzeAPI cannot send private invites (leave it unset)");
    }
    auto_invite
}

fn check_name(field: &str, name: &str, limit: usize, issues: &mut Issues) -> Option<String> {
    if name.trim().is_empty() {
        issues.add(field, "must not be empty");
        None
    } else if crate::text::char_count(name) > limit {
        let mut m = String::from("is longer than the ");
        m.push_str(&crate::text::uint(limit as u64));
        m.push_str(" characters allowed here");
        issues.add(field, m);
        None
    } else if name.chars().any(|c| c.is_control()) {
        issues.add(field, "must not contain control characters (line breaks, tabs)");
        None
    } else {
        Some(name.to_owned())
    }
}

/// Descriptions may hold line breaks; an empty one clears the description.
fn check_description(field: &str, text: &str, issues: &mut Issues) -> Option<String> {
    if crate::text::char_count(text) > MAX_DESCRIPTION_CHARS {
        issues.add(field, "is longer than WhatsApp's 2048 characters for a description");
        None
    } else if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        issues.add(field, "must not contain control characters other than line breaks and tabs");
        None
    } else {
        Some(text.to_owned())
    }
}

/// The image type of base64 data, from its first bytes: PNG, JPEG, GIF or WebP.
pub fn sniff_image_type(base64: &str) -> Option<&'static str> {
    // Enough characters for 12 bytes; line breaks may sit anywhere in base64 text.
    let mut bytes = Vec::with_capacity(12);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in base64.bytes().filter(|b| !matches!(b, b'\n' | b'\r')).take(16) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => break,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    let b = bytes.as_slice();
    if b.starts_with(&[0x89, b'P', b'N', b'G']) {
        Some("png")
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpeg")
    } else if b.starts_with(b"GIF8") {
        Some("gif")
    } else if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        Some("webp")
    } else {
        None
    }
}

/// A photo is an http(s) URL, a `data:image/…;base64,` URL, or bare base64. Z-API takes
/// base64 only with its `data:image/…;base64,` prefix: there, bare base64 must be of a type
/// its first bytes tell, so that the prefix can be added (see providers::zapi).
fn check_photo(photo: &str, provider: Option<Provider>, issues: &mut Issues) -> Option<String> {
    let base64 = |s: &str| s.len() >= 16 && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n' | b'\r'));
    let ok = if photo.len() > MAX_PHOTO_BYTES {
        issues.add("photo", "is larger than 5 MB");
        return None;
    } else if let Some(rest) = photo.strip_prefix("https://").or_else(|| photo.strip_prefix("http://")) {
        !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
    } else if let Some(rest) = photo.strip_prefix("data:image/") {
        rest.split_once(";base64,").is_some_and(|(kind, data)| !kind.is_empty() && base64(data))
    } else if base64(photo) && provider == Some(Provider::Zapi) && sniff_image_type(photo).is_none() {
        issues.add("photo", "is base64 data of an image type wa-groups cannot tell (PNG, JPEG, GIF and WebP are recognised): Z-API needs it as data:image/<type>;base64,… (send it that way)");
        return None;
    } else {
        base64(photo)
    };
    if ok {
        Some(photo.to_owned())
    } else {
        issues.add("photo", "must be an https:// URL of an image, a data:image/…;base64, URL, or base64 image data");
        None
    }
}

fn read_invite(v: &Value, issues: &mut Issues) -> Option<InviteCode> {
    let s = issues.string(v, "link")?;
    match InviteCode::parse(s) {
        Ok(c) => Some(c),
        Err(e) => {
            issues.add("link", e);
            None
        }
    }
}

fn read_community_id(v: &Value, issues: &mut Issues) -> Option<CommunityId> {
    let s = issues.string(v, "communityId")?;
    match CommunityId::parse(s) {
        Ok(c) => Some(c),
        Err(e) => {
            issues.add("communityId", e);
            None
        }
    }
}

/// `page`/`pageSize`, both optional. Err when an issue was recorded. (RyzeAPI lists every
/// group at once: its pages are cut from the whole list, see providers::ryze.)
fn read_page(v: &Value, issues: &mut Issues) -> Result<Option<Page>, ()> {
    let mut read = |key: &str, max: u64| -> Result<Option<u32>, ()> {
        match v.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(n) => match n.as_u64() {
                Some(x) if (1..=max).contains(&x) => u32::try_from(x).map(Some).map_err(|_| ()),
                _ => {
                    let mut m = String::from("must be a whole number from 1 to ");
                    m.push_str(&crate::text::uint(max));
                    issues.add(key, m);
                    Err(())
                }
            },
        }
    };
    let page = read("page", u64::from(u32::MAX));
    let size = read("pageSize", MAX_PAGE_SIZE);
    match (page?, size?) {
        (None, None) => Ok(None),
        (page, size) => Ok(Some(Page { page: page.unwrap_or(Page::DEFAULT.page), size: size.unwrap_or(Page::DEFAULT.size) })),
    }
}

fn read_settings(v: &Value, provider: Option<Provider>, issues: &mut Issues) -> Option<GroupSettings> {
    let obj = match v.get("settings") {
        None | Some(Value::Null) => {
            issues.add("settings", "is required");
            return None;
        }
        Some(o @ Value::Object(_)) => o,
        Some(other) => {
            issues.add("settings", must_be("an object", other));
            return None;
        }
    };
    let before = issues.len();
    for (key, _) in obj.as_object().unwrap_or(&[]) {
        if !SETTINGS.iter().any(|(name, _)| name == key) {
            let names: Vec<&str> = SETTINGS.iter().map(|(n, _)| *n).collect();
            issues.add(["settings.", key].concat(), ["is not a setting; the settings are ", &names.join(", ")].concat());
        }
    }
    let mut read = |key: &str| -> Option<bool> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                issues.add(["settings.", key].concat(), must_be("a boolean", other));
                None
            }
        }
    };
    let settings = GroupSettings {
        only_admins_can_send: read("onlyAdminsCanSend"),
        only_admins_can_edit_info: read("onlyAdminsCanEditInfo"),
        require_admin_approval: read("requireAdminApproval"),
        only_admins_can_add_members: read("onlyAdminsCanAddMembers"),
    };
    if provider == Some(Provider::Zapi) {
        // Z-API's endpoint takes the four settings together: a missing one would be reset.
        // Each missing one is its own issue, whatever else is wrong.
        for (name, _) in SETTINGS {
            if obj.get(name).is_none_or(Value::is_null) {
                issues.add(["settings.", name].concat(), "is required with Z-API, which sets all four settings at once");
            }
        }
    } else if issues.len() == before && SETTINGS.iter().all(|(_, get)| get(&settings).is_none()) {
        issues.add("settings", "must set at least one of onlyAdminsCanSend, onlyAdminsCanEditInfo, requireAdminApproval, onlyAdminsCanAddMembers");
    }
    (issues.len() == before).then_some(settings)
}

/// A list of people (phones, or what `read` accepts): each item's problem is its own issue.
fn read_list<T: PartialEq>(v: &Value, key: &str, empty: &str, issues: &mut Issues, read: impl Fn(&str) -> Result<T, String>) -> Option<Vec<T>> {
    let items = issues.strings(v, key)?;
    let total = v.get(key).and_then(Value::as_array).map_or(0, <[Value]>::len);
    let before = issues.len();
    if total == 0 {
        issues.add(key, empty);
    } else if total > MAX_GROUP_PARTICIPANTS {
        issues.add(key, "lists more than 1023 people (a group holds at most 1024 members, you included)");
        return None; // one issue, not a thousand
    }
    let mut people: Vec<T> = Vec::with_capacity(items.len());
    for (i, raw) in items {
        match read(raw) {
            Ok(p) => {
                if people.contains(&p) {
                    issues.add(indexed(key, i), "repeats someone listed before it");
                }
                people.push(p);
            }
            Err(e) => issues.add(indexed(key, i), e),
        }
    }
    (issues.len() == before).then_some(people)
}

fn read_group_id(v: &Value, key: &str, issues: &mut Issues) -> Option<GroupId> {
    let s = issues.string(v, key)?;
    match GroupId::parse(s) {
        Ok(g) => Some(g),
        Err(e) => {
            issues.add(key, e);
            None
        }
    }
}

/// `required`: at least one group (link/unlink); else the list may be empty.
fn read_group_list(v: &Value, key: &str, community: Option<&CommunityId>, required: bool, issues: &mut Issues) -> Option<Vec<GroupId>> {
    let items = issues.strings(v, key)?;
    let total = v.get(key).and_then(Value::as_array).map_or(0, <[Value]>::len);
    let before = issues.len();
    if total == 0 && required {
        issues.add(key, "must list at least one group");
    } else if total > MAX_COMMUNITY_GROUPS {
        issues.add(key, "lists more than 50 groups (a community holds at most 50)");
        return None;
    }
    let community_group = community.map(CommunityId::as_group);
    let mut groups: Vec<GroupId> = Vec::with_capacity(items.len());
    for (i, raw) in items {
        match GroupId::parse(raw) {
            Ok(g) => {
                if groups.contains(&g) {
                    issues.add(indexed(key, i), "repeats a group listed before it");
                } else if community_group.as_ref() == Some(&g) {
                    issues.add(indexed(key, i), "is the community itself");
                }
                groups.push(g);
            }
            Err(e) => issues.add(indexed(key, i), e),
        }
    }
    (issues.len() == before).then_some(groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn read(json: &str, provider: Provider) -> Result<Call, Vec<(String, String)>> {
        let mut issues = Issues::new();
        let (_, call) = read_call(&parse(json).unwrap(), Context { provider: Some(provider), default_country: None }, &mut issues);
        if issues.is_empty() {
            Ok(call.unwrap())
        } else {
            Err(issues.into_vec().into_iter().map(|i| (i.field, i.message)).collect())
        }
    }

    fn fields(r: Result<Call, Vec<(String, String)>>) -> Vec<String> {
        r.unwrap_err().into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn create_group_reads_every_form() {
        let c = read(r#"{"op":"createGroup","name":"Turma A","participants":["+55 (11) 99999-9999","5521988888888@s.whatsapp.net"]}"#, Provider::Zapi).unwrap();
        match c {
            Call::CreateGroup { name, participants, auto_invite, description, photo, community, settings } => {
                assert_eq!((description, photo, community, settings), (None, None, None, None));
                assert_eq!(name, "Turma A");
                let d: Vec<&str> = participants.iter().map(Phone::digits).collect();
                assert_eq!(d, ["5511999999999", "5521988888888"]);
                assert_eq!(auto_invite, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn create_group_reports_every_issue() {
        let f = fields(read(r#"{"op":"createGroup","name":"  ","participants":["abc", 5, "5511999999999", "+55 11 99999 9999"],"autoInvite":"yes"}"#, Provider::Zapi));
        assert_eq!(f, ["name", "participants[1]", "participants[0]", "participants[3]", "autoInvite"]);
        let f = fields(read(r#"{"op":"createGroup"}"#, Provider::Zapi));
        assert_eq!(f, ["name", "participants"]);
        let f = fields(read(r#"{"op":"createGroup","name":"x","participants":[]}"#, Provider::Zapi));
        assert_eq!(f, ["participants"]);
        let long = "é".repeat(101);
        let f = fields(read(&[r#"{"op":"createGroup","name":""#, &long, r#"","participants":["5511999999999"]}"#].concat(), Provider::Zapi));
        assert_eq!(f, ["name"]);
        assert!(read(&[r#"{"op":"createGroup","name":""#, &"é".repeat(100), r#"","participants":["5511999999999"]}"#].concat(), Provider::Zapi).is_ok());
    }

    #[test]
    fn too_many_participants_is_one_issue() {
        let many: Vec<String> = (0..1024u64).map(|i| ["\"55119", &crate::text::uint(10_000_000 + i), "\""].concat()).collect();
        let json = [r#"{"op":"createGroup","name":"big","participants":["#, &many.join(","), "]}"].concat();
        let issues = read(&json, Provider::Zapi).unwrap_err();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].0, "participants");
    }

    #[test]
    fn auto_invite_is_zapi_only() {
        let json = r#"{"op":"createGroup","name":"x","participants":["5511999999999"],"autoInvite":true}"#;
        assert!(read(json, Provider::Zapi).is_ok());
        assert_eq!(fields(read(json, Provider::Ryze)), ["autoInvite"]);
        let json = r#"{"op":"createGroup","name":"x","participants":["5511999999999"],"autoInvite":false}"#;
        assert!(read(json, Provider::Ryze).is_ok());
    }

    #[test]
    fn link_reports_every_issue() {
        let f = fields(read(r#"{"op":"linkGroups","communityId":"x","groupIds":["1203634230225498-group","bad","1203634230225498@g.us"]}"#, Provider::Ryze));
        assert_eq!(f, ["communityId", "groupIds[1]", "groupIds[2]"]);
        let f = fields(read(r#"{"op":"unlinkGroups","communityId":"120363186053925765","groupIds":["120363186053925765@g.us"]}"#, Provider::Ryze));
        assert_eq!(f, ["groupIds[0]"]);
        let f = fields(read(r#"{"op":"linkGroups","communityId":"120363186053925765","groupIds":[]}"#, Provider::Ryze));
        assert_eq!(f, ["groupIds"]);
        let many: Vec<String> = (0..51u64).map(|i| ["\"1203634230", &crate::text::uint(100_000 + i), "@g.us\""].concat()).collect();
        let f = fields(read(&[r#"{"op":"linkGroups","communityId":"120363186053925765","groupIds":["#, &many.join(","), "]}"].concat(), Provider::Ryze));
        assert_eq!(f, ["groupIds"]);
    }

    #[test]
    fn unknown_op_and_non_objects() {
        assert_eq!(fields(read(r#"{"op":"deleteEverything"}"#, Provider::Zapi)), ["op"]);
        assert_eq!(fields(read(r#"{}"#, Provider::Zapi)), ["op"]);
        assert_eq!(fields(read(r#""createGroup""#, Provider::Zapi)), ["call"]);
    }
}
