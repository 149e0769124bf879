// Must NOT compile: "onlyAdminCanSend" (no s) is not a GroupSettings key. The runner
// checks that tsc reports exactly one error, on the marked line, naming the key and
// GroupSettings. An operation the provider lacks is NOT a type error (RyzeAPI has no
// listCommunities: that is kind "unsupported" at run time), so the lines before the
// marked one must compile.
import { Client } from "wa-groups";

const ryze = new Client({ provider: "ryze", instance: "sim-shop", token: "instance-token" });
export const communities = ryze.listCommunities({ pageSize: 10 });
export const settings = ryze.updateGroupSettings("120363400000000004", { onlyAdminsCanEditInfo: true });
export const updated = ryze.updateGroupSettings("120363400000000004", { onlyAdminCanSend: true }); // EXPECTED ERROR
