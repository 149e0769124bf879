// Every export of wa-groups/testing (testing.d.ts), used the way a TypeScript user's
// test would: compiled with tsc --strict under module nodenext (a Node app: the entry is
// Node only). The type assertions fail the compile if a type loosens or drifts; each
// `@ts-expect-error` fails it if the mistake it marks stops being an error. run.sh also
// checks that the imports below name every export of the installed testing.d.ts.
import { Client, WaGroupsError } from "wa-groups";
import type { CreatedGroup, Provider } from "wa-groups";
import { chaosKinds, credentials, startSimulator } from "wa-groups/testing";
import type {
  ChaosKind,
  ChaosSettings,
  ScriptRule,
  SimChat,
  SimClientOptions,
  SimCommunity,
  SimCredentials,
  SimGroup,
  SimParticipant,
  SimPhoto,
  SimProviderState,
  SimRequest,
  SimStats,
  SimWorld,
  Simulator,
  SimulatorConfig,
  SimulatorOptions,
  SimulatorSettings,
} from "wa-groups/testing";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_: T): void {}

const chaos: ChaosSettings = { seed: 7, rate: 0.2, kinds: ["reset-after", "burst-429"], burst: [2, 3], providers: ["zapi"] };
const weighted: ChaosSettings = { seed: "ci", rate: 1, kinds: { "status-503": 3, slow: 1 }, slowMs: 50 };
const options: SimulatorOptions = { port: 0, ryzeRateLimit: { requests: 20, intervalMs: 1000 }, zapiInvitationLinkMethod: "POST", chaos };
const later: SimulatorSettings = { disconnected: { ryze: true }, chaos: null, ryzeLinkDelayMs: 0, zapiClientTokenRequired: false };
const refusal: ScriptRule = { provider: "ryze", method: "POST", path: "/api/group/create", status: 403, body: { success: false, error: { message: "Not authorized (must be admin)" } } };
const kinds: readonly ChaosKind[] = chaosKinds;
const creds: SimCredentials = credentials;
assertType<Equal<typeof credentials.zapi.clientToken, string>>(true);

export async function userTest(): Promise<CreatedGroup> {
  const sim: Simulator = await startSimulator(options);
  try {
    const zapiOptions: SimClientOptions<"zapi"> = sim.clientOptions("zapi");
    assertType<Equal<typeof zapiOptions.provider, "zapi">>(true);
    assertType<Equal<typeof zapiOptions.baseUrl, string>>(true);
    const client = new Client(zapiOptions);
    const ryze = new Client(sim.clientOptions("ryze", { rateLimit: false, maxRetries: 0, timeoutMs: 5000 }));
    const created = await client.createGroup({ name: "Turma E", participants: ["+55 11 98765-4321"] });

    const state: SimProviderState & { provider: "zapi" } = sim.state("zapi");
    const both: Record<Provider, SimWorld> = sim.state();
    const group: SimGroup | undefined = state.groups.find((g) => g.jid === created.groupId);
    const people: SimParticipant[] = group?.participants ?? [];
    const photo: SimPhoto | null = group?.photo ?? null;
    const community: SimCommunity | undefined = both.ryze.communities[0];
    const chat: SimChat | undefined = community ?? group;
    const pending: number = sim.script(refusal).pending;
    const config: SimulatorConfig = sim.configure(later);
    const rate: number | { requests: number; intervalMs: number } = config.ryzeRateLimit;
    sim.configure({ chaos: weighted });
    const log: SimRequest[] = sim.requests();
    const statuses: (number | null)[] = log.map((r) => r.status);
    const faults: ChaosKind[] = log.flatMap((r) => (r.chaos ? [r.chaos] : []));
    const stats: SimStats = sim.stats();
    const made: number = stats.creates.zapi.groups["Turma E"] ?? 0;
    try {
      await ryze.listGroups();
    } catch (e) {
      if (!(e instanceof WaGroupsError) || e.kind !== "forbidden") throw e;
    }
    void [creds, kinds, people, photo, chat, pending, rate, statuses, faults, made, sim.url, sim.port, sim.credentials, sim.config().chaos?.burst];
    sim.clearRequests();
    sim.reset();
    return created;
  } finally {
    await sim.close();
  }
}

export async function disposable(): Promise<number> {
  await using sim = await startSimulator();
  return sim.state("ryze").groups.length;
}

export async function mistakes(sim: Simulator): Promise<void> {
  // @ts-expect-error: the option is ryzeRateLimit
  await startSimulator({ ryzeRatelimit: 5 });
  // @ts-expect-error: not a chaos kind
  sim.configure({ chaos: { seed: 1, rate: 0.5, kinds: ["timeout"] } });
  // @ts-expect-error: not a provider
  sim.clientOptions("whatsapp");
  // @ts-expect-error: a script rule needs a path
  sim.script({ status: 500 });
}
