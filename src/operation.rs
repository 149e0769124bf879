//! The operations, declared once: each operation's name (its `Client` method's), whether
//! sending it twice is safe, the fields of its input, its call options, and its method's
//! positional arguments with their TypeScript types, options type and result type. The
//! `Operation` enum, the wasm methods (`client.rs`, wasm32 only) and the retry class
//! follow from this table; tests/typescript.rs checks the shipped `index.d.ts` against it.
//! An operation's `Call` variant and its reading are in `call.rs`, its wire forms in
//! `providers/`.
//!
//! How the arguments become the operation's input:
//! - `Members`: each argument is the input member of its name;
//! - `Whole`: the one argument is the input (`createGroup(input)`);
//! - `Page`: the one argument is the input, `{}` when not given (`listGroups(page?)`);
//! - `Custom`: written by hand in `client.rs` (`addParticipants` reads `autoInvite` from its
//!   options; `updateCommunitySettings` spreads its settings into the input).

/// How a method's arguments become the operation's input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Members,
    Whole,
    Page,
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

macro_rules! operations {
    ($( $input:ident $repeat:ident $op:ident $fn:ident ( $( $arg:ident $name:literal : $ty:literal ),* ) $opts:literal => $result:literal
        fields [ $( $field:literal ),* ] options [ $( $option:literal ),* ] ; )*) => {
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

            /// What a call of this operation may be given beside its input (`CallOptions`).
            pub fn call_options(self) -> &'static [&'static str] {
                match self {
                    $( Operation::$op => &[$( $option ),*], )*
                }
            }
        }

        /// Every method of the contract's `Client`, in the order `index.d.ts` lists them.
        pub const METHODS: &[Method] = &[$(
            Method { op: Operation::$op, args: &[$( ($name, $ty) ),*], input: Input::$input, options: $opts, result: $result },
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
    (@wasm Custom $op:ident $fn:ident ( $( $arg:ident $name:literal ),* ) ) => {};
}

// input  repeat  Operation                 method (argument "name": "TypeScript type", …) "options type" => "result type"
//         fields [the input's members] options [the call options]
operations! {
    Whole   Unsafe CreateGroup                createGroup (input "input": "CreateGroupInput") "CallOptions" => "CreatedGroup"
        fields ["name", "participants", "autoInvite"] options ["signal"];
    Members Safe   GetInvitationLink          getInvitationLink (group_id "groupId": "string") "CallOptions" => "InvitationLink"
        fields ["groupId"] options ["signal"];
    Members Safe   LinkGroups                 linkGroups (community_id "communityId": "string", group_ids "groupIds": "string[]") "CallOptions" => "LinkResult"
        fields ["communityId", "groupIds"] options ["signal"];
    Members Safe   UnlinkGroups               unlinkGroups (community_id "communityId": "string", group_ids "groupIds": "string[]") "CallOptions" => "UnlinkResult"
        fields ["communityId", "groupIds"] options ["signal"];
    Page    Safe   ListGroups                 listGroups (page "page?": "Page") "CallOptions" => "GroupList"
        fields ["page", "pageSize"] options ["signal"];
    Members Safe   GetGroupMetadata           getGroupMetadata (group_id "groupId": "string") "CallOptions" => "GroupMetadata"
        fields ["groupId"] options ["signal"];
    Members Safe   GetGroupMetadataLight      getGroupMetadataLight (group_id "groupId": "string") "CallOptions" => "GroupMetadata"
        fields ["groupId"] options ["signal"];
    Members Safe   GetInvitationInfo          getInvitationInfo (link "link": "string") "CallOptions" => "InvitationInfo"
        fields ["link"] options ["signal"];
    Members Unsafe ResetInvitationLink        resetInvitationLink (group_id "groupId": "string") "CallOptions" => "InvitationLink"
        fields ["groupId"] options ["signal"];
    Members Safe   JoinGroup                  joinGroup (link "link": "string") "CallOptions" => "JoinResult"
        fields ["link"] options ["signal"];
    Custom  Unsafe AddParticipants            addParticipants (group_id "groupId": "string", phones "phones": "string[]") "AddParticipantsOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options ["signal", "autoInvite"];
    Members Unsafe RemoveParticipants         removeParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options ["signal"];
    Members Unsafe PromoteParticipants        promoteParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options ["signal"];
    Members Unsafe DemoteParticipants         demoteParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options ["signal"];
    Members Unsafe ApproveParticipants        approveParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options ["signal"];
    Members Unsafe RejectParticipants         rejectParticipants (group_id "groupId": "string", phones "phones": "string[]") "CallOptions" => "ParticipantsResult"
        fields ["groupId", "phones", "autoInvite"] options ["signal"];
    Members Safe   UpdateGroupName            updateGroupName (group_id "groupId": "string", name "name": "string") "CallOptions" => "GroupUpdate"
        fields ["groupId", "name"] options ["signal"];
    Members Safe   UpdateGroupDescription     updateGroupDescription (group_id "groupId": "string", description "description": "string") "CallOptions" => "GroupUpdate"
        fields ["groupId", "description"] options ["signal"];
    Members Safe   UpdateGroupPhoto           updateGroupPhoto (group_id "groupId": "string", photo "photo": "string") "CallOptions" => "GroupUpdate"
        fields ["groupId", "photo"] options ["signal"];
    Members Safe   UpdateGroupSettings        updateGroupSettings (group_id "groupId": "string", settings "settings": "GroupSettings") "CallOptions" => "GroupUpdate"
        fields ["groupId", "settings"] options ["signal"];
    Members Unsafe LeaveGroup                 leaveGroup (group_id "groupId": "string") "CallOptions" => "GroupUpdate"
        fields ["groupId"] options ["signal"];
    Whole   Unsafe CreateCommunity            createCommunity (input "input": "CreateCommunityInput") "CallOptions" => "CreatedCommunity"
        fields ["name", "description", "groupIds"] options ["signal"];
    Page    Safe   ListCommunities            listCommunities (page "page?": "Page") "CallOptions" => "CommunityList"
        fields ["page", "pageSize"] options ["signal"];
    Members Safe   GetCommunityMetadata       getCommunityMetadata (community_id "communityId": "string") "CallOptions" => "CommunityMetadata"
        fields ["communityId"] options ["signal"];
    Members Safe   ListSubgroups              listSubgroups (community_id "communityId": "string") "CallOptions" => "SubgroupList"
        fields ["communityId"] options ["signal"];
    Custom  Safe   UpdateCommunitySettings    updateCommunitySettings (community_id "communityId": "string", settings "settings": "CommunitySettings") "CallOptions" => "CommunityUpdate"
        fields ["communityId", "whoCanAddGroups"] options ["signal"];
    Members Safe   UpdateCommunityDescription updateCommunityDescription (community_id "communityId": "string", description "description": "string") "CallOptions" => "CommunityUpdate"
        fields ["communityId", "description"] options ["signal"];
    Members Unsafe DeactivateCommunity        deactivateCommunity (community_id "communityId": "string") "CallOptions" => "CommunityUpdate"
        fields ["communityId"] options ["signal"];
}

impl Operation {
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
        assert_eq!(Operation::ALL.len(), 28);
        assert_eq!(Operation::parse("leaveGroup"), Some(Operation::LeaveGroup));
        assert_eq!(METHODS[1].typescript(), "getInvitationLink(groupId: string, opts?: CallOptions): Promise<InvitationLink>;");
    }
}
