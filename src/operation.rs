//! The operations, declared once: each operation's name (its `Client` method's), whether
//! sending it twice is safe, the fields of its input, its call options, its method's
//! positional arguments with their TypeScript types, options type and result type, and the
//! typed fields of its `Call` with the reader (in `call::read`) that checks each one. The
//! `Operation` enum, the `Call` enum and its reading, the wasm methods (`client.rs`, wasm32
//! only), the retry class and the TypeScript of `index.d.ts` (the `Client` methods, the
//! `Call` union, `CallResults`) follow from this table: tests/typescript.rs fails when the
//! shipped `index.d.ts` differs, and rewrites it with `WA_GROUPS_BLESS=1`. An operation's
//! wire forms are in `providers/` (one arm in each provider's `build` and `parse`).
//!
//! How the arguments become the operation's input:
//! - `Members`: each argument is the input member of its name;
//! - `Whole`: the one argument is the input (`createGroup(input)`);
//! - `Page`: the one argument is the input, `{}` when not given (`listGroups(page?)`);
//! - `Invite`: as `Members`, plus `autoInvite` read from the call options
//!   (`addParticipants(groupId, phones, { autoInvite })`);
//! - `Custom`: written by hand in `client.rs` (`updateCommunitySettings` spreads its
//!   settings into the input).

use crate::call::{GroupAddScope, GroupSettings, Page, ParticipantAction, SecretText};
use crate::ids::{CommunityId, GroupId, InviteCode, Participant, Phone};

/// How a method's arguments become the operation's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Members,
    Whole,
    Page,
    Invite,
    Custom,
}

/// Whether sending a call twice leaves the same state as sending it once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// Reads, and changes that converge.
    Safe,
    /// Changes that a second delivery would make again (or report as failed).
    Unsafe,
}

/// One method of the contract's `Client`.
#[derive(Clone, Copy, Debug)]
pub struct Method {
    pub op: Operation,
    /// `(name, TypeScript type)`; a `?` after the name when it may be left out.
    pub args: &'static [(&'static str, &'static str)],
    pub input: Input,
    /// The TypeScript type of the call options.
    pub options: &'static str,
    /// The TypeScript type the Promise resolves to.
    pub result: &'static str,
    /// Its doc comment in `index.d.ts`, if any.
    pub doc: Option<&'static str>,
}

impl Method {
    /// The method's name in JavaScript: the operation's.
    pub fn name(&self) -> &'static str {
        self.op.name()
    }

    /// The TypeScript declaration, as `index.d.ts` writes it inside `class Client`. A
    /// listing's Promise is also async-iterable over its items, page after page.
    pub fn typescript(&self) -> String {
        let mut params: Vec<String> = self.args.iter().map(|(name, ty)| [name, ": ", ty].concat()).collect();
        params.push(["opts?: ", self.options].concat());
        let returns = match self.op.items() {
            Some((_, item)) => ["ListPromise<", self.result, ", ", item, ">"].concat(),
            None => ["Promise<", self.result, ">"].concat(),
        };
        [self.name(), "(", &params.join(", "), "): ", &returns, ";"].concat()
    }

    /// The operation's member of the `Call` union in `index.d.ts`: `op` and the input.
    pub fn call_member(&self) -> String {
        let op = ["op: \"", self.name(), "\""].concat();
        match (self.input, self.args) {
            (Input::Whole | Input::Page, [(_, ty)]) => ["({ ", &op, " } & ", ty, ")"].concat(),
            (Input::Members | Input::Invite, args) => {
                let mut members: Vec<String> = args.iter().map(|(name, ty)| [name, ": ", ty].concat()).collect();
                if self.input == Input::Invite {
                    members.push("autoInvite?: boolean".to_owned());
                }
                ["{ ", &op, "; ", &members.join("; "), " }"].concat()
            }
            // The method written by hand: the input as its own code in client.rs builds it.
            _ => match self.op {
                Operation::UpdateCommunitySettings => ["({ ", &op, "; communityId: string } & CommunitySettings)"].concat(),
                _ => ["{ ", &op, " }"].concat(),
            },
        }
    }
}

macro_rules! operations {
    ($( $input:ident $repeat:ident $op:ident $fn:ident ( $( $arg:ident $name:literal : $ty:literal ),* ) $opts:literal => $result:literal
        fields [ $( $field:literal ),* ] options [ $( $option:literal ),* ]
        reads { $( $f:ident : $t:ty = $reader:ident ( $( $rarg:expr ),* ) ),* } $( doc $doc:literal )? ; )*) => {
        /// Every operation, in the order the contract and the README list them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Operation {
            $( $op, )*
        }

        impl Operation {
            pub const ALL: [Operation; [$( stringify!($op) ),*].len()] = [$( Operation::$op, )*];

            /// The contract's method name, also the `op` of a `Call`.
            pub fn name(self) -> &'static str {
                match self {
                    $( Operation::$op => stringify!($fn), )*
                }
            }

            /// Whether the operation may be sent again after a failure that may have reached
            /// the provider (src/retry.rs).
            pub fn repeat(self) -> Repeat {
                match self {
                    $( Operation::$op => Repeat::$repeat, )*
                }
            }

            /// The fields of the operation's input (and of its `Call`, beside `op`).
            pub fn fields(self) -> &'static [&'static str] {
                match self {
                    $( Operation::$op => &[$( $field ),*], )*
                }
            }

            /// What a call of this operation may be given beside its input: every call's
            /// (`CallOptions`) and the row's own.
            pub fn call_options(self) -> &'static [&'static str] {
                match self {
                    $( Operation::$op => &["signal", "timeoutMs", "maxRetries", $( $option ),*], )*
                }
            }
        }

        /// One call of an operation, read and checked, with typed ids: what `Client` methods
        /// and the core's `Call` union carry. One variant per operation, its fields as the
        /// table's `reads` declares them.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Call {
            $( $op { $( $f: $t ),* }, )*
        }

        impl Call {
            pub fn operation(&self) -> Operation {
                match self {
                    $( Call::$op { .. } => Operation::$op, )*
                }
            }
        }

        /// Reads operation `op`'s fields with the readers its row names, in order, so that
        /// every issue is recorded before the call is refused.
        pub(crate) fn read_call_fields(op: Operation, r: &mut crate::call::read::Reader<'_>) -> Option<Call> {
            #[allow(unused_imports)]
            use crate::call::read::*;
            match op {
                $( Operation::$op => {
                    $( let $f = $reader(r $(, $rarg)*); )*
                    Some(Call::$op { $( $f: $f? ),* })
                } )*
            }
        }

        /// Every method of the contract's `Client`, in the order `index.d.ts` lists them.
        pub const METHODS: &[Method] = &[$(
            Method { op: Operation::$op, args: &[$( ($name, $ty) ),*], input: Input::$input, options: $opts, result: $result, doc: operations!(@doc $( $doc )?) },
        )*];

        #[cfg(target_arch = "wasm32")]
        mod generated {
            use js_sys::Promise;
            use wasm_bindgen::prelude::*;

            use crate::client::Client;

            $( operations!(@wasm $input $op $fn ( $( $arg $name ),* ) ); )*
        }
    };
    (@wasm Members $op:ident $fn:ident ( $( $arg:ident $name:literal ),* ) ) => {
        #[wasm_bindgen]
        impl Client {
            #[wasm_bindgen(js_name = $fn)]
            #[allow(non_snake_case)]
            pub fn $fn(&self, $( $arg: JsValue, )* opts: JsValue) -> Promise {
                self.method(super::Operation::$op, &[$( ($name, &$arg) ),*], &opts)
            }
        }
    };
    (@wasm Whole $op:ident $fn:ident ( $arg:ident $name:literal ) ) => {
        #[wasm_bindgen]
        impl Client {
            #[wasm_bindgen(js_name = $fn)]
            #[allow(non_snake_case)]
            pub fn $fn(&self, $arg: JsValue, opts: JsValue) -> Promise {
                self.whole(super::Operation::$op, &$arg, &opts, false)
            }
        }
    };
    (@wasm Page $op:ident $fn:ident ( $arg:ident $name:literal ) ) => {
        #[wasm_bindgen]
        impl Client {
            #[wasm_bindgen(js_name = $fn)]
            #[allow(non_snake_case)]
            pub fn $fn(&self, $arg: JsValue, opts: JsValue) -> Promise {
                self.whole(super::Operation::$op, &$arg, &opts, true)
            }
        }
    };
    (@wasm Invite $op:ident $fn:ident ( $( $arg:ident $name:literal ),* ) ) => {
        #[wasm_bindgen]
        impl Client {
            #[wasm_bindgen(js_name = $fn)]
            #[allow(non_snake_case)]
            pub fn $fn(&self, $( $arg: JsValue, )* opts: JsValue) -> Promise {
                let auto_invite = crate::client::option_member(&opts, "autoInvite");
                self.method(super::Operation::$op, &[$( ($name, &$arg), )* ("autoInvite", &auto_invite)], &opts)
            }
        }
    };
    (@wasm Custom $op:ident $fn:ident ( $( $arg:ident $name:literal ),* ) ) => {};
    (@doc $doc:literal) => { Some($doc) };
    (@doc) => { None };
}

// input  repeat  Operation                 method (argument "name": "TypeScript type", …) "options type" => "result type"
//     fields [the input's members] options [its own call options, beside every call's signal, timeoutMs, maxRetries]
//     reads { the `Call` variant's fields: type = its reader in call.rs::read (arguments) } [doc "its TypeScript doc"];
operations! {
    Whole   Unsafe CreateGroup                createGroup (input "input": "CreateGroupInput") "CreateOptions" => "CreatedGroup"
        fields ["name", "participants", "autoInvite", "description", "photo", "communityId", "settings"] options ["mayHaveBeenSent"]
        reads { name: String = name(), participants: Vec<Phone> = phones(), auto_invite: Option<bool> = auto_invite(), description: Option<String> = create_description(), photo: Option<String> = create_photo(), community: Option<CommunityId> = create_in_community(), settings: Option<GroupSettings> = create_settings() };
    Members Safe   GetInvitationLink          getInvitationLink (group_id "groupId": "string") "CallOptions" => "InvitationLink"
        fields ["groupId"] options []
        reads { group: GroupId = group_id() };
    Members Safe   LinkGroups                 linkGroups (community_id "communityId": "string", group_ids "groupIds": "string[]") "CallOptions" => "LinkResult"
        fields ["communityId", "groupIds"] options []
        reads { community: CommunityId = community_id(), groups: Vec<GroupId> = groups_of(community.as_ref()) };
    Members Safe   UnlinkGroups               unlinkGroups (community_id "communityId": "string", group_ids "groupIds": "string[]") "CallOptions" => "UnlinkResult"
        fields ["communityId", "groupIds"] options []
        reads { community: CommunityId = community_id(), groups: Vec<GroupId> = groups_of(community.as_ref()) };
    Page    Safe   ListGroups                 listGroups (page "page?": "Page") "CallOptions" => "GroupList"
        fields ["page", "pageSize"] options []
        reads { page: Option<Page> = page() };
    Members Safe   GetGroupMetadata           getGroupMetadata (group_id "groupId": "string") "CallOptions" => "GroupMetadata"
        fields ["groupId"] options []
        reads { group: GroupId = group_id() };
    Members Safe   GetGroupMetadataLight      getGroupMetadataLight (group_id "groupId": "string") "CallOptions" => "GroupMetadata"
        fields ["groupId"] options []
        reads { group: GroupId = group_id() } doc "The metadata without the invitation link (cheaper for Z-API).";
    Members Safe   GetInvitationInfo          getInvitationInfo (link "link": "string") "CallOptions" => "InvitationInfo"
        fields ["link"] options []
        reads { invite: InviteCode = invite() } doc "What an invitation link (or its code) shows, without joining.";
    Members Unsafe ResetInvitationLink        resetInvitationLink (group_id "groupId": "string") "CallOptions" => "InvitationLink"
        fields ["groupId"] options []
        reads { group: GroupId = group_id() } doc "Revokes the current link and returns the new one.";
    Members Safe   JoinGroup                  joinGroup (link "link": "string") "CallOptions" => "JoinResult"
        fields ["link"] options []
        reads { invite: InviteCode = invite() };
    Invite  Unsafe AddParticipants            addParticipants (group_id "groupId": "string", phones "phones": "string[]") "AddParticipantsOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options ["autoInvite"]
        reads { action: ParticipantAction = fixed(ParticipantAction::Add), group: GroupId = group_id(), participants: Vec<Participant> = participants(), auto_invite: Option<bool> = participants_auto_invite() };
    Members Unsafe RemoveParticipants         removeParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options []
        reads { action: ParticipantAction = fixed(ParticipantAction::Remove), group: GroupId = group_id(), participants: Vec<Participant> = participants(), auto_invite: Option<bool> = participants_auto_invite() };
    Members Unsafe PromoteParticipants        promoteParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options []
        reads { action: ParticipantAction = fixed(ParticipantAction::Promote), group: GroupId = group_id(), participants: Vec<Participant> = participants(), auto_invite: Option<bool> = participants_auto_invite() };
    Members Unsafe DemoteParticipants         demoteParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options []
        reads { action: ParticipantAction = fixed(ParticipantAction::Demote), group: GroupId = group_id(), participants: Vec<Participant> = participants(), auto_invite: Option<bool> = participants_auto_invite() };
    Members Unsafe ApproveParticipants        approveParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options []
        reads { action: ParticipantAction = fixed(ParticipantAction::Approve), group: GroupId = group_id(), participants: Vec<Participant> = participants(), auto_invite: Option<bool> = participants_auto_invite() } doc "Approves pending requests to join. With RyzeAPI, a requester may also be given by the linked id its request list shows (`199789077627112@lid`).";
    Members Unsafe RejectParticipants         rejectParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options []
        reads { action: ParticipantAction = fixed(ParticipantAction::Reject), group: GroupId = group_id(), participants: Vec<Participant> = participants(), auto_invite: Option<bool> = participants_auto_invite() } doc "Rejects pending requests to join; RyzeAPI also takes `…@lid` ids.";
    Members Safe   UpdateGroupName            updateGroupName (group_id "groupId": "string", name "name": "string") "CallOptions" => "GroupUpdate"
        fields ["groupId", "name"] options []
        reads { group: GroupId = group_id(), name: String = name() };
    Members Safe   UpdateGroupDescription     updateGroupDescription (group_id "groupId": "string", description "description": "string") "CallOptions" => "GroupUpdate"
        fields ["groupId", "description"] options []
        reads { group: GroupId = group_id(), description: String = description() } doc "An empty description clears it.";
    Members Safe   UpdateGroupPhoto           updateGroupPhoto (group_id "groupId": "string", photo "photo": "string") "CallOptions" => "GroupUpdate"
        fields ["groupId", "photo"] options []
        reads { group: GroupId = group_id(), photo: String = photo() } doc "An https:// URL of an image, a data:image/…;base64, URL, or base64 image data.";
    Members Safe   UpdateGroupSettings        updateGroupSettings (group_id "groupId": "string", settings "settings": "GroupSettings") "CallOptions" => "GroupUpdate"
        fields ["groupId", "settings"] options []
        reads { group: GroupId = group_id(), settings: GroupSettings = settings() };
    Members Safe   RemoveGroupPhoto           removeGroupPhoto (group_id "groupId": "string") "CallOptions" => "GroupUpdate"
        fields ["groupId"] options []
        reads { group: GroupId = group_id() } doc "RyzeAPI only (Z-API documents no way to remove a group's photo).";
    Members Safe   ListPendingRequests        listPendingRequests (group_id "groupId": "string") "CallOptions" => "PendingRequestList"
        fields ["groupId"] options []
        reads { group: GroupId = group_id() } doc "RyzeAPI only. The requests to join a group that needs admin approval; approve or reject them by `id`.";
    Members Unsafe LeaveGroup                 leaveGroup (group_id "groupId": "string") "CallOptions" => "GroupUpdate"
        fields ["groupId"] options []
        reads { group: GroupId = group_id() };
    Whole   Unsafe CreateCommunity            createCommunity (input "input": "CreateCommunityInput") "CreateOptions" => "CreatedCommunity"
        fields ["name", "description", "groupIds", "photo", "requireApproval"] options ["mayHaveBeenSent"]
        reads { name: String = community_name(), description: Option<String> = opt_description(), groups: Vec<GroupId> = community_groups(), photo: Option<String> = create_photo(), require_approval: Option<bool> = require_approval() };
    Page    Safe   ListCommunities            listCommunities (page "page?": "Page") "CallOptions" => "CommunityList"
        fields ["page", "pageSize"] options []
        reads { page: Option<Page> = page() } doc "Z-API only (\"unsupported\" with RyzeAPI).";
    Members Safe   GetCommunityMetadata       getCommunityMetadata (community_id "communityId": "string") "CallOptions" => "CommunityMetadata"
        fields ["communityId"] options []
        reads { community: CommunityId = community_id() } doc "Z-API only.";
    Members Safe   ListSubgroups              listSubgroups (community_id "communityId": "string") "CallOptions" => "SubgroupList"
        fields ["communityId"] options []
        reads { community: CommunityId = community_id() };
    Members Unsafe ResetCommunityInvitationLink resetCommunityInvitationLink (community_id "communityId": "string") "CallOptions" => "CommunityInvitationLink"
        fields ["communityId"] options []
        reads { community: CommunityId = community_id() } doc "Z-API only. Revokes the community's invitation link and returns the new one.";
    Custom  Safe   UpdateCommunitySettings    updateCommunitySettings (community_id "communityId": "string", settings "settings": "CommunitySettings") "CallOptions" => "CommunityUpdate"
        fields ["communityId", "whoCanAddGroups"] options []
        reads { community: CommunityId = community_id(), admins_only: bool = who_can_add_groups() } doc "Z-API only.";
    Members Safe   UpdateCommunityDescription updateCommunityDescription (community_id "communityId": "string", description "description": "string") "CallOptions" => "CommunityUpdate"
        fields ["communityId", "description"] options []
        reads { community: CommunityId = community_id(), description: String = description() } doc "Z-API only.";
    Members Unsafe DeactivateCommunity        deactivateCommunity (community_id "communityId": "string") "CallOptions" => "CommunityUpdate"
        fields ["communityId"] options []
        reads { community: CommunityId = community_id() } doc "Z-API only. Its groups are unlinked, not deleted.";
    Members Safe   UpdateCommunityPhoto       updateCommunityPhoto (community_id "communityId": "string", photo "photo": "string") "CallOptions" => "CommunityUpdate"
        fields ["communityId", "photo"] options []
        reads { community: CommunityId = community_id(), photo: String = photo() } doc "Z-API only. An https:// URL of an image, a data:image/…;base64, URL, or base64 image data.";
    Invite  Unsafe AddCommunityParticipants   addCommunityParticipants (community_id "communityId": "string", phones "phones": "string[]") "AddParticipantsOptions" => "CommunityParticipantsResult"
        fields ["communityId", "phones", "autoInvite"] options ["autoInvite"]
        reads { action: ParticipantAction = fixed(ParticipantAction::Add), community: CommunityId = community_id(), participants: Vec<Participant> = participants(), auto_invite: Option<bool> = auto_invite() } doc "Z-API only. Adds people to the community (its announcements group).";
    Members Unsafe RemoveCommunityParticipants removeCommunityParticipants (community_id "communityId": "string", phones "phones": "string[]") "CallOptions" => "CommunityParticipantsResult"
        fields ["communityId", "phones"] options []
        reads { action: ParticipantAction = fixed(ParticipantAction::Remove), community: CommunityId = community_id(), participants: Vec<Participant> = participants() } doc "Z-API only.";
    Members Unsafe PromoteCommunityParticipants promoteCommunityParticipants (community_id "communityId": "string", phones "phones": "string[]") "CallOptions" => "CommunityParticipantsResult"
        fields ["communityId", "phones"] options []
        reads { action: ParticipantAction = fixed(ParticipantAction::Promote), community: CommunityId = community_id(), participants: Vec<Participant> = participants() } doc "Z-API only. Makes community members its admins.";
    Members Unsafe DemoteCommunityParticipants demoteCommunityParticipants (community_id "communityId": "string", phones "phones": "string[]") "CallOptions" => "CommunityParticipantsResult"
        fields ["communityId", "phones"] options []
        reads { action: ParticipantAction = fixed(ParticipantAction::Demote), community: CommunityId = community_id(), participants: Vec<Participant> = participants() } doc "Z-API only.";
    Whole   Safe   SetGroupAddPrivacy         setGroupAddPrivacy (input "settings": "GroupAddPrivacy") "CallOptions" => "GroupAddPrivacyResult"
        fields ["who", "exceptAdd", "exceptRemove"] options []
        reads { who: GroupAddScope = group_add_scope(), except_add: Vec<Phone> = except_phones("exceptAdd", who), except_remove: Vec<Phone> = except_phones("exceptRemove", who) } doc "Z-API only. Who may add the connected number to groups.";
    Whole   Safe   SetWebhook                 setWebhook (input "webhook": "WebhookInput") "CallOptions" => "WebhookSetting"
        fields ["url", "events", "authorization", "label"] options []
        reads { url: String = webhook_url(), events: Vec<String> = webhook_events(), authorization: Option<SecretText> = webhook_authorization(), label: Option<String> = webhook_label() } doc "Where the gateway delivers events (group changes among them): Z-API's received-messages webhook; RyzeAPI's webhook by `label`.";
}

/// The listings: each one's result member that holds the items, and the items' TypeScript
/// type. `for await` over a listing's Promise yields its items, asking for the next page
/// (the same call with `page + 1`) only when the consumer has taken the last item and the
/// result says `hasMore: true`.
pub const LISTS: [(Operation, &str, &str); 4] = [
    (Operation::ListGroups, "groups", "GroupSummary"),
    (Operation::ListCommunities, "communities", "CommunitySummary"),
    (Operation::ListSubgroups, "subgroups", "Subgroup"),
    (Operation::ListPendingRequests, "requests", "PendingRequest"),
];

impl Operation {
    /// A listing's items: the result member that holds them, and their TypeScript type.
    pub fn items(self) -> Option<(&'static str, &'static str)> {
        LISTS.iter().find(|(op, _, _)| *op == self).map(|(_, key, ty)| (*key, *ty))
    }

    pub fn parse(s: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_method_per_operation_in_the_contracts_order() {
        let ops: Vec<Operation> = METHODS.iter().map(|m| m.op).collect();
        assert_eq!(ops, Operation::ALL.to_vec());
        assert_eq!(Operation::ALL.len(), 38);
        assert_eq!(Operation::parse("leaveGroup"), Some(Operation::LeaveGroup));
        assert_eq!(METHODS[1].typescript(), "getInvitationLink(groupId: string, opts?: CallOptions): Promise<InvitationLink>;");
    }
}
