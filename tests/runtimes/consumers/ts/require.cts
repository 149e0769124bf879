// A CommonJS TypeScript file (compiled to `require("wa-groups")` under module nodenext):
// TypeScript >= 5.8 allows it as Node >= 20.19 / 22.12 can require an ES module.
import { Client, WaGroupsError } from "wa-groups";
import type { LinkResult } from "wa-groups";

export async function link(): Promise<LinkResult | WaGroupsError> {
  const client = new Client({ provider: "ryze", instance: "sim-shop", token: "t" });
  try {
    return await client.linkGroups("120363400000000001", ["120363400000000004"]);
  } catch (e: unknown) {
    if (e instanceof WaGroupsError) return e;
    throw e;
  }
}
