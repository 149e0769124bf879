//! The contract's `Client` methods, declared once: each method's name (the operation's
//! name), its positional arguments with their TypeScript types, the type of its call
//! options and its result type. The wasm methods (`client.rs`, wasm32 only) are generated
//! from this table, and tests/typescript.rs checks the shipped `index.d.ts` against it.
//!
//! How the arguments become the operation's input:
//! - `Members`: each argument is the input member of its name;
//! - `Whole`: the one argument is the input (`createGroup(input)`);
//! - `Page`: the one argument is the input, `{}` when not given (`listGroups(page?)`);
//! - `Custom`: written by hand in `client.rs` (`addParticipants` reads `autoInvite` from its
//!   options; `updateCommunitySettings` spreads its settings into the input).

use crate::call::Operation;

/// How a method's arguments become the operation's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Members,
    Whole,
    Page,
    Custom,
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
}

impl Method {
    /// The method's name in JavaScript: the operation's.
    pub fn name(&self) -> &'static str {
        self.op.name()
    }

    /// The TypeScript declaration, as `index.d.ts` writes it inside `class Client`.
    pub fn typescript(&self) -> String {
        let mut params: Vec<String> = self.args.iter().map(|(name, ty)| [name, ": ", ty].concat()).collect();
        params.push(["opts?: ", self.options].concat());
        [self.name(), "(", &params.join(", "), "): Promise<", self.result, ">;"].concat()
    }
}

macro_rules! methods {
    ($( $input:ident $op:ident $fn:ident ( $( $arg:ident $name:literal : $ty:literal ),* ) $opts:literal => $result:literal ; )*) => {
        /// Every method of the contract's `Client`, in the order `index.d.ts` lists them.
        pub const METHODS: &[Method] = &[$(
            Method { op: Operation::$op, args: &[$( ($name, $ty) ),*], input: Input::$input, options: $opts, result: $result },
        )*];

        #[cfg(target_arch = "wasm32")]
        mod generated {
            use js_sys::Promise;
            use wasm_bindgen::prelude::*;

            use crate::client::Client;

            $( methods!(@wasm $input $op $fn ( $( $arg $name ),* ) ); )*
        }
    };
    (@wasm Members $op:ident $fn:ident ( $( $arg:ident $name:literal ),* ) ) => {
        #[wasm_bindgen]
        impl Client {
            #[wasm_bindgen(js_name = $fn)]
            #[allow(non_snake_case)]
            pub fn $fn(&self, $( $arg: JsValue, )* opts: JsValue) -> Promise {
                self.members(crate::call::Operation::$op, &[$( ($name, &$arg) ),*], &opts)
            }
        }
    };
    (@wasm Whole $op:ident $fn:ident ( $arg:ident $name:literal ) ) => {
        #[wasm_bindgen]
        impl Client {
            #[wasm_bindgen(js_name = $fn)]
            #[allow(non_snake_case)]
            pub fn $fn(&self, $arg: JsValue, opts: JsValue) -> Promise {
                self.whole(crate::call::Operation::$op, &$arg, &opts, false)
            }
        }
    };
    (@wasm Page $op:ident $fn:ident ( $arg:ident $name:literal ) ) => {
        #[wasm_bindgen]
        impl Client {
            #[wasm_bindgen(js_name = $fn)]
            #[allow(non_snake_case)]
            pub fn $fn(&self, $arg: JsValue, opts: JsValue) -> Promise {
                self.whole(crate::call::Operation::$op, &$arg, &opts, true)
            }
        }
    };
    (@wasm Custom $op:ident $fn:ident ( $( $arg:ident $name:literal ),* ) ) => {};
}

// input  Operation                 method (argument "name": "TypeScript type", …)                                    options                   result
methods! {
    Whole   CreateGroup                createGroup (input "input": "CreateGroupInput") "CallOptions" => "CreatedGroup";
    Members GetInvitationLink          getInvitationLink (group_id "groupId": "string") "CallOptions" => "InvitationLink";
    Members LinkGroups                 linkGroups (community_id "communityId": "string", group_ids "groupIds": "string[]") "CallOptions" => "LinkResult";
    Members UnlinkGroups               unlinkGroups (community_id "communityId": "string", group_ids "groupIds": "string[]") "CallOptions" => "UnlinkResult";
    Page    ListGroups                 listGroups (page "page?": "Page") "CallOptions" => "GroupList";
    Members GetGroupMetadata           getGroupMetadata (group_id "groupId": "string") "CallOptions" => "GroupMetadata";
    Members GetGroupMetadataLight      getGroupMetadataLight (group_id "groupId": "string") "CallOptions" => "GroupMetadata";
    Members GetInvitationInfo          getInvitationInfo (link "link": "string") "CallOptions" => "InvitationInfo";
    Members ResetInvitationLink        resetInvitationLink (group_id "groupId": "string") "CallOptions" => "InvitationLink";
    Members JoinGroup                  joinGroup (link "link": "string") "CallOptions" => "JoinResult";
    Custom  AddParticipants            addParticipants (group_id "groupId": "string", phones "phones": "string[]") "AddParticipantsOptions" => "ParticipantsResult";
    Members RemoveParticipants         removeParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult";
    Members PromoteParticipants        promoteParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult";
    Members DemoteParticipants         demoteParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult";
    Members ApproveParticipants        approveParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult";
    Members RejectParticipants         rejectParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult";
    Members UpdateGroupName            updateGroupName (group_id "groupId": "string", name "name": "string") "CallOptions" => "GroupUpdate";
    Members UpdateGroupDescription     updateGroupDescription (group_id "groupId": "string", description "description": "string") "CallOptions" => "GroupUpdate";
    Members UpdateGroupPhoto           updateGroupPhoto (group_id "groupId": "string", photo "photo": "string") "CallOptions" => "GroupUpdate";
    Members UpdateGroupSettings        updateGroupSettings (group_id "groupId": "string", settings "settings": "GroupSettings") "CallOptions" => "GroupUpdate";
    Members LeaveGroup                 leaveGroup (group_id "groupId": "string") "CallOptions" => "GroupUpdate";
    Whole   CreateCommunity            createCommunity (input "input": "CreateCommunityInput") "CallOptions" => "CreatedCommunity";
    Page    ListCommunities            listCommunities (page "page?": "Page") "CallOptions" => "CommunityList";
    Members GetCommunityMetadata       getCommunityMetadata (community_id "communityId": "string") "CallOptions" => "CommunityMetadata";
    Members ListSubgroups              listSubgroups (community_id "communityId": "string") "CallOptions" => "SubgroupList";
    Custom  UpdateCommunitySettings    updateCommunitySettings (community_id "communityId": "string", settings "settings": "CommunitySettings") "CallOptions" => "CommunityUpdate";
    Members UpdateCommunityDescription updateCommunityDescription (community_id "communityId": "string", description "description": "string") "CallOptions" => "CommunityUpdate";
    Members DeactivateCommunity        deactivateCommunity (community_id "communityId": "string") "CallOptions" => "CommunityUpdate";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_method_per_operation_in_the_contracts_order() {
        let ops: Vec<Operation> = METHODS.iter().map(|m| m.op).collect();
        assert_eq!(ops, Operation::ALL);
        assert_eq!(METHODS[1].typescript(), "getInvitationLink(groupId: string, opts?: CallOptions): Promise<InvitationLink>;");
    }
}
