// A CommonJS TypeScript file (compiled to `require("wa-groups")` under module nodenext):
// TypeScript >= 5.8 allows it as Node >= 20.19 / 22.12 can require an ES module. The
// same types must come through: a method, `batch` and `parseWebhook`, narrowed.
import { Client, WaGroupsError, parseWebhook } from "wa-groups";
import type { BatchOutcome, GroupUpdate, LinkResult, ParticipantsResult, WebhookEvent } from "wa-groups";

export async function link(): Promise<LinkResult | WaGroupsError> {
  const client = new Client({ provider: "ryze", instance: "sim-shop", token: "t", rateLimit: 100 });
  try {
    return await client.linkGroups("120363400000000001", ["120363400000000004"]);
  } catch (e: unknown) {
    if (e instanceof WaGroupsError) return e;
    throw e;
  }
}

export async function tidy(client: Client, groupId: string): Promise<string[]> {
  const outcomes: BatchOutcome<ParticipantsResult | GroupUpdate>[] = await client.batch([
    { op: "removeParticipants", groupId, phones: ["5511977776666"] },
    { op: "updateGroupName", groupId, name: "Turma B" },
  ]);
  return outcomes.map((o) => (o.status === "fulfilled" ? o.value.groupId : o.status === "rejected" ? o.reason.kind : "not started"));
}

export function onWebhook(body: string): string {
  const event: WebhookEvent = parseWebhook("zapi", body);
  return event.type === "other" ? typeof event.raw : `${event.type} ${event.groupId} ${event.participants.join(",")}`;
}
