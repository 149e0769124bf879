// The seeded chaos mode, the create counters (stats) and the short Ryze rate window.
// Run: node --test sim/
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { CHAOS_KINDS, startSimulator } from "./simulator.mjs";
import { R, Z, call, useSimulator } from "./testkit.mjs";

const h = useSimulator();
const { zapi, ryze } = h;
const sim = () => h.sim;

const TURMA_B = "120363400000000004";
const ALL_KINDS = Object.keys(CHAOS_KINDS);

const createZ = (name) => zapi("/create-group", { body: { autoInvite: false, groupName: name, phones: ["5511911112222"] } });
const createR = (name) => ryze("group/create", { body: { name, participants: ["5511911112222"] } });
// GET: Z-API's default method for the invitation link (POST would be answered 405).
const readZ = (n = 0) => zapi(`/group-invitation-link/${TURMA_B}-group?n=${n}`, { method: "GET" });
const namesIn = (provider) =>
  sim()
    .state(provider)
    .groups.map((g) => g.name);
/** Resolves to {failed: true} when the connection broke instead of an answer. */
const settle = (promise) =>
  promise.then(
    (r) => r,
    (e) => ({ failed: true, error: e }),
  );

/** Sends `n` distinct Z-API reads one after the other; returns the chaos kind of each (or null). */
async function kindsOf(n, offset = 0) {
  for (let i = 0; i < n; i++) await settle(readZ(offset + i));
  return sim()
    .requests()
    .map((r) => r.chaos ?? null);
}

describe("chaos: determinism and switching", () => {
  test("the same seed gives the same faults for the same requests; another seed other ones", async () => {
    const chaos = { seed: 42, rate: 0.3, kinds: ALL_KINDS.filter((k) => k !== "slow"), slowMs: 50, retryAfter: "seconds" };
    sim().configure({ chaos });
    const first = await kindsOf(80);
    sim().reset();
    sim().configure({ chaos });
    const second = await kindsOf(80);
    assert.deepEqual(second, first);
    const faults = first.filter(Boolean).length;
    assert.ok(faults >= 10 && faults <= 50, `${faults} of 80 requests misbehaved at rate 0.3`);

    sim().reset();
    sim().configure({ chaos: { ...chaos, seed: 43 } });
    assert.notDeepEqual(await kindsOf(80), first);
  });

  test("a request's fate does not depend on the order requests come in (bursts aside)", async () => {
    const chaos = { seed: "order", rate: 0.5, kinds: ["status-500", "status-503", "html-502", "truncated"] };
    sim().configure({ chaos });
    for (let i = 0; i < 30; i++) await readZ(i);
    const forward = new Map(
      sim()
        .requests()
        .map((r) => [r.path, r.chaos ?? null]),
    );
    sim().reset();
    sim().configure({ chaos });
    await Promise.all(Array.from({ length: 30 }, (_, i) => readZ(29 - i)));
    const shuffled = new Map(
      sim()
        .requests()
        .map((r) => [r.path, r.chaos ?? null]),
    );
    assert.deepEqual(shuffled, forward);
    assert.ok([...forward.values()].some(Boolean) && [...forward.values()].some((k) => k === null));
  });

  test("identical requests get fresh draws (a retry is not doomed to the same fate)", async () => {
    sim().configure({ chaos: { seed: 7, rate: 0.5, kinds: ["status-503"] } });
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await readZ(0)).status);
    assert.ok(statuses.includes(503) && statuses.includes(200), statuses.join());
  });

  test("chaos: null turns it off; rate 0 never misbehaves", async () => {
    sim().configure({ chaos: { seed: 1, rate: 1, kinds: ["status-500"] } });
    assert.equal((await readZ()).status, 500);
    sim().configure({ chaos: null });
    assert.equal((await readZ()).status, 200);
    assert.equal(sim().config().chaos, undefined, "config() shows chaos only while it is on");
    assert.equal(sim().stats().chaos, null);
    sim().configure({ chaos: { seed: 1, rate: 0 } });
    for (let i = 0; i < 20; i++) assert.equal((await readZ(i)).status, 200);
  });

  test("reset() turns a configured chaos off", async () => {
    sim().configure({ chaos: { seed: 1, rate: 1, kinds: ["status-503"] } });
    assert.equal((await readZ()).status, 503);
    sim().reset();
    assert.equal((await readZ()).status, 200);
    assert.equal(sim().config().chaos, undefined);
  });

  test("chaos given to startSimulator is initial: reset() restarts its sequence", async () => {
    const other = await startSimulator({ chaos: { seed: 9, rate: 0.5, kinds: ["status-500", "html-502"] } });
    try {
      const read = (i) => call(`${other.url}/instances/${Z.instance}/token/${Z.token}/group-invitation-link/${TURMA_B}-group?i=${i}`, { method: "GET", headers: { "Client-Token": Z.clientToken } });
      const run = async () => {
        const out = [];
        for (let i = 0; i < 20; i++) out.push((await read(i)).status);
        return out;
      };
      const a = await run();
      other.reset();
      assert.deepEqual(await run(), a);
      assert.ok(a.includes(200) && a.some((s) => s >= 500), a.join());
      assert.equal(other.config().chaos.seed, 9);
    } finally {
      await other.close();
    }
  });

  test("scripted answers, control calls and unknown paths are never disturbed", async () => {
    sim().configure({ chaos: { seed: 1, rate: 1, kinds: ["status-500"] } });
    sim().script({ provider: "zapi", path: "/create-group", body: { scripted: true } });
    assert.deepEqual((await createZ("S")).json, { scripted: true });
    assert.equal((await call(`${sim().url}/__sim/state`)).status, 200);
    assert.equal((await call(`${sim().url}/nowhere`)).status, 404);
    assert.equal(sim().stats().chaos.requests, 0);
  });

  test("providers limits chaos to one provider", async () => {
    sim().configure({ chaos: { seed: 1, rate: 1, kinds: ["status-500"], providers: ["ryze"] } });
    assert.equal((await readZ()).status, 200);
    assert.equal((await ryze("group/list", { method: "GET" })).status, 500);
  });

  test("bad settings throw TypeError (HTTP: 400)", async () => {
    for (const bad of [
      { rate: 0.5 },
      { seed: -1, rate: 0.5 },
      { seed: 1, rate: 1.5 },
      { seed: 1, rate: 0.5, kinds: [] },
      { seed: 1, rate: 0.5, kinds: ["meteor"] },
      { seed: 1, rate: 0.5, kinds: { slow: -1 } },
      { seed: 1, rate: 0.5, kinds: { slow: 0 } },
      { seed: 1, rate: 0.5, slowMs: 0 },
      { seed: 1, rate: 0.5, burst: [3, 2] },
      { seed: 1, rate: 0.5, retryAfter: "later" },
      { seed: 1, rate: 0.5, providers: ["whatsapp"] },
      { seed: 1, rate: 0.5, extra: true },
      "on",
    ]) {
      assert.throws(() => sim().configure({ chaos: bad }), TypeError, JSON.stringify(bad));
    }
    const r = await call(`${sim().url}/__sim/config`, { method: "POST", headers: { "Content-Type": "application/json" }, body: { chaos: { seed: 1 } } });
    assert.equal(r.status, 400);
    assert.equal(sim().config().chaos, undefined, "a refused setting changes nothing");
  });

  test("config over HTTP shows the normalised setting; stats over HTTP", async () => {
    const r = await call(`${sim().url}/__sim/config`, { method: "POST", headers: { "Content-Type": "application/json" }, body: { chaos: { seed: 5, rate: 0.25, kinds: ["slow", "truncated"] } } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.chaos, { seed: 5, rate: 0.25, kinds: { slow: 1, truncated: 1 }, slowMs: 35_000, burst: [2, 4], retryAfterSeconds: 1, retryAfter: "mixed", providers: ["zapi", "ryze"] });
    const s = await call(`${sim().url}/__sim/stats`);
    assert.equal(s.status, 200);
    assert.deepEqual(s.json.chaos, { seed: 5, rate: 0.25, requests: 0, faults: Object.fromEntries(ALL_KINDS.map((k) => [k, 0])), bursts: 0 });
  });
});

describe("chaos: each kind", () => {
  const only = (kind, extra = {}) => sim().configure({ chaos: { seed: 1, rate: 1, kinds: [kind], ...extra } });

  test("reset-before: the socket closes, nothing was processed", async () => {
    only("reset-before");
    assert.equal((await settle(createZ("RB"))).failed, true);
    assert.equal((await settle(createR("RB"))).failed, true);
    assert.ok(!namesIn("zapi").includes("RB") && !namesIn("ryze").includes("RB"));
    const log = sim().requests();
    assert.ok(log.every((e) => e.chaos === "reset-before" && e.dropped === true && e.status === null));
    assert.deepEqual(sim().stats().creates.zapi.groups, {});
    assert.equal(sim().stats().chaos.faults["reset-before"], 2);
  });

  test("reset-after: processed, then the socket closes without an answer", async () => {
    only("reset-after");
    assert.equal((await settle(createZ("RA"))).failed, true);
    assert.equal((await settle(createR("RA"))).failed, true);
    assert.ok(namesIn("zapi").includes("RA") && namesIn("ryze").includes("RA"));
    assert.deepEqual(sim().stats().creates.ryze.groups, { RA: 1 });
    const [e] = sim().requests();
    assert.equal(e.chaos, "reset-after");
    assert.equal(e.dropped, true);
    assert.equal(e.status, null);
    assert.equal(e.lostStatus, 200);
  });

  for (const [kind, status] of [
    ["status-500", 500],
    ["status-503", 503],
  ]) {
    test(`${kind}: ${status} with an error body in the provider's envelope, nothing processed`, async () => {
      only(kind);
      const z = await createZ("E");
      assert.equal(z.status, status);
      assert.equal(typeof z.json.error, "string");
      const r = await createR("E");
      assert.equal(r.status, status);
      assert.equal(r.json.success, false);
      assert.equal(typeof r.json.error.message, "string");
      assert.match(r.headers.get("content-type"), /^application\/json/);
      assert.ok(!namesIn("zapi").includes("E") && !namesIn("ryze").includes("E"));
      assert.equal(sim().requests()[0].status, status);
    });
  }

  test("html-502: an HTML error page, nothing processed", async () => {
    only("html-502");
    const z = await createZ("H");
    assert.equal(z.status, 502);
    assert.match(z.headers.get("content-type"), /^text\/html/);
    assert.match(z.text, /<html>[\s\S]*502 Bad Gateway/);
    assert.equal(z.json, undefined);
    assert.ok(!namesIn("zapi").includes("H"));
    assert.ok(z.headers.get("access-control-allow-origin"), "CORS headers as on every answer");
  });

  test("truncated: processed; the real status, the body cut short of valid JSON at a drawn point", async () => {
    only("truncated");
    const kept = new Set();
    for (let i = 0; i < 12; i++) {
      const z = await createZ(`T${i}`);
      assert.equal(z.status, 200);
      assert.equal(z.json, undefined, "not parseable");
      const g = sim()
        .state("zapi")
        .groups.find((x) => x.name === `T${i}`);
      assert.ok(g, "processed");
      const full = JSON.stringify({ phone: `${g.id}-group`, invitationLink: `https://chat.whatsapp.com/${g.inviteCode}`, phonesNotAdded: [] });
      assert.ok(full.startsWith(z.text) && z.text.length < full.length, z.text);
      assert.equal(Number(z.headers.get("content-length")), Buffer.byteLength(z.text), "a well-formed HTTP answer");
      kept.add(z.text.length);
      assert.equal(sim().requests().at(-1).truncatedTo, z.text.length);
    }
    assert.ok(kept.size > 6, `cut points: ${[...kept]}`);
    const r = await createR("T");
    assert.equal(r.status, 200);
    assert.equal(r.json, undefined);
    assert.ok(r.headers.get("x-ratelimit-remaining"), "the real headers are kept");
  });

  test("slow: processed at once, the answer held slowMs (a client that times out sees nothing)", async () => {
    only("slow", { slowMs: 400 });
    const t0 = Date.now();
    const timedOut = await settle(
      fetch(`${sim().url}/instances/${Z.instance}/token/${Z.token}/create-group`, {
        method: "POST",
        headers: { "Client-Token": Z.clientToken, "Content-Type": "application/json" },
        body: JSON.stringify({ autoInvite: false, groupName: "Slow", phones: ["5511911112222"] }),
        signal: AbortSignal.timeout(100),
      }),
    );
    assert.equal(timedOut.failed, true);
    assert.ok(Date.now() - t0 < 350);
    assert.ok(namesIn("zapi").includes("Slow"), "processed before the client gave up");
    const t1 = Date.now();
    const patient = await createR("Slow");
    assert.equal(patient.status, 200);
    assert.equal(patient.json.group.name, "Slow");
    assert.ok(Date.now() - t1 >= 390, `answered after ${Date.now() - t1} ms`);
  });

  test("slow: close() drops a held answer at once", async () => {
    const other = await startSimulator({ chaos: { seed: 1, rate: 1, kinds: ["slow"], slowMs: 60_000 } });
    const pending = settle(call(`${other.url}/api/group/list/${R.instance}`, { headers: { token: R.token } }));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await other.close();
    assert.equal((await pending).failed, true);
    assert.ok(Date.now() - t0 < 2000);
  });

  test("burst-429: a run of 429s per token with Retry-After in seconds, nothing processed", async () => {
    only("burst-429", { burst: 3, retryAfter: "seconds", retryAfterSeconds: 2 });
    const z1 = await createZ("B");
    assert.equal(z1.status, 429);
    assert.equal(z1.headers.get("retry-after"), "2");
    assert.equal(z1.headers.get("x-ratelimit-remaining"), null, "Z-API has no rate-limit headers");
    // Ryze's token starts its own burst; the Z-API burst goes on with its next requests.
    const r1 = await createR("B");
    assert.equal(r1.status, 429);
    assert.equal(sim().stats().chaos.bursts, 2);
    assert.equal((await readZ(1)).status, 429);
    assert.equal((await readZ(2)).status, 429);
    assert.equal(sim().stats().chaos.bursts, 2, "the Z-API burst lasted 3 requests");
    assert.equal((await readZ(3)).status, 429);
    assert.equal(sim().stats().chaos.bursts, 3, "rate 1: the next request starts a new burst");
    assert.ok(!namesIn("zapi").includes("B") && !namesIn("ryze").includes("B"));
    assert.deepEqual(
      sim()
        .requests()
        .map((e) => e.chaos),
      Array(5).fill("burst-429"),
    );
    assert.equal(sim().stats().chaos.faults["burst-429"], 5);
  });

  test("burst-429 on Ryze: X-RateLimit-* say the window is used up; Retry-After as an HTTP date", async () => {
    sim().configure({ ryzeRateLimit: 40 });
    only("burst-429", { burst: 1, retryAfter: "date", retryAfterSeconds: 1 });
    const before = Date.now();
    const r = await createR("B");
    assert.equal(r.status, 429);
    assert.deepEqual(r.json, { success: false, error: { message: "Rate limit exceeded. Try again later." } });
    const until = Date.parse(r.headers.get("retry-after"));
    assert.match(r.headers.get("retry-after"), /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    assert.ok(until >= before + 1000 && until <= before + 2100, `${until - before} ms ahead`);
    assert.equal(r.headers.get("x-ratelimit-limit"), "40");
    assert.equal(r.headers.get("x-ratelimit-remaining"), "0");
    assert.equal(Number(r.headers.get("x-ratelimit-reset")), until / 1000);
    sim().configure({ chaos: null });
    assert.equal((await createR("C")).headers.get("x-ratelimit-remaining"), "39", "chaos answers did not count in the real window");
  });

  test("mixed retryAfter uses both forms", async () => {
    only("burst-429", { burst: 1 });
    const forms = new Set();
    for (let i = 0; i < 30; i++) forms.add(/^\d+$/.test((await readZ(i)).headers.get("retry-after")) ? "seconds" : "date");
    assert.deepEqual([...forms].sort(), ["date", "seconds"]);
  });

  test("weights: an object picks kinds in proportion", async () => {
    sim().configure({ chaos: { seed: 3, rate: 1, kinds: { "status-500": 3, "status-503": 1 } } });
    for (let i = 0; i < 200; i++) await readZ(i);
    const { faults } = sim().stats().chaos;
    assert.equal(faults["status-500"] + faults["status-503"], 200);
    assert.ok(faults["status-500"] > 120 && faults["status-503"] > 25, JSON.stringify(faults));
  });
});

describe("stats: processed creates", () => {
  test("counted per provider and name; duplicates listed; refused creates not counted; reset clears", async () => {
    await createZ("Dup");
    await createZ("Dup");
    await createZ("Once");
    await createR("Dup");
    assert.equal((await createR("x".repeat(101))).status, 400);
    await zapi("/communities", { body: { name: "Com" } });
    await ryze("community/create", { body: { name: "Com R" } });
    await ryze("community/create", { body: { name: "FALLBACK R" } });
    const s = sim().stats();
    assert.deepEqual(s.creates, {
      zapi: { groups: { Dup: 2, Once: 1 }, communities: { Com: 1 } },
      ryze: { groups: { Dup: 1 }, communities: { "Com R": 1, "FALLBACK R": 1 } },
    });
    assert.deepEqual(s.duplicates, [{ provider: "zapi", kind: "group", name: "Dup", count: 2 }]);
    assert.equal(s.chaos, null);
    sim().reset();
    assert.deepEqual(sim().stats().creates, { zapi: { groups: {}, communities: {} }, ryze: { groups: {}, communities: {} } });
  });
});

describe("ryzeRateLimit as {requests, intervalMs}", () => {
  test("a short fixed window: over the limit 429, a new window lets calls through", async () => {
    sim().configure({ ryzeRateLimit: { requests: 2, intervalMs: 300 } });
    assert.deepEqual(sim().config().ryzeRateLimit, { requests: 2, intervalMs: 300 });
    const list = () => ryze("group/list", { method: "GET" });
    assert.equal((await list()).status, 200);
    const second = await list();
    assert.equal(second.status, 200);
    assert.equal(second.headers.get("x-ratelimit-remaining"), "0");
    assert.equal(second.headers.get("x-ratelimit-limit"), "2");
    assert.equal((await list()).status, 429);
    await new Promise((r) => setTimeout(r, 320));
    assert.equal((await list()).status, 200);
    assert.throws(() => sim().configure({ ryzeRateLimit: { requests: 2 } }), TypeError);
    assert.throws(() => sim().configure({ ryzeRateLimit: { requests: 2, intervalMs: 0 } }), TypeError);
    sim().reset();
    assert.equal(sim().config().ryzeRateLimit, 100);
    assert.equal(R.instance, "sim-shop");
  });
});
