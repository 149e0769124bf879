// Must NOT compile: whoCanAddGroups is "admins" or "all", not "everyone". The runner
// checks that tsc reports exactly one error, on the marked line, naming the value and
// the allowed ones. The other community operations (Z-API only) must compile, with
// either provider.
import { Client } from "wa-groups";

const zapi = new Client({ provider: "zapi", instance: "3D1A5B7C9E0F", token: "instance-token" });
export const description = zapi.updateCommunityDescription("120363400000000001", "Avisos");
export const admins = zapi.updateCommunitySettings("120363400000000001", { whoCanAddGroups: "admins" });
export const everyone = zapi.updateCommunitySettings("120363400000000001", { whoCanAddGroups: "everyone" }); // EXPECTED ERROR
