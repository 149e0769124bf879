// Bulk jobs on Cloudflare (issue 11), in workerd: examples/jobs and the same Worker with
// consumer faults (jobs-worker), bundled by wrangler, run by miniflare with its Queues and
// Durable Objects, against the gateway simulator on 127.0.0.1. Run by tests/workerd/run.sh.
//
// - Only authenticated callers: no token, an expired one, another caller's job: refused
//   before anything else happens.
// - A CSV job and a JSON plan with references, on both providers; validation; cancelling.
// - The proof: a 500-call plan under the simulator's chaos, consumed by the queue and by
//   extra consumer invocations side by side (at least 4 at once), with messages delivered
//   twice, consumers that crash mid-batch, and workerd stopped mid-call and started again
//   on the same storage: every call accounted for once, no duplicated group, no unknown
//   outcome, the simulator's state equal to the report, no secret anywhere.
// - Throughput: the shared limiter keeps to RyzeAPI's per-token limit, at 90 % or more of
//   it, with no 429.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as jose from "jose";
import { startWorker } from "./harness.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
// run.sh runs this file from the consumer project, target/consumers/workerd/.
const ROOT = join(HERE, "..", "..", "..");
const { startSimulator, SIM_CREDENTIALS } = await import(process.env.WA_GROUPS_SIM);
const SECRET = `jobs-test-secret-${randomBytes(24).toString("hex")}`;
const QUEUE = "wa-groups-jobs";
const jid = (digits) => `${digits}@g.us`;
const pad = (n) => String(n).padStart(3, "0");
const phone = (n) => `5511${String(980000000 + n)}`;

let sim;
before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim?.close();
});

const minted = [];
async function mint(sub, { expiresIn = 1800, secret = SECRET } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const token = await new jose.SignJWT({ sub, iat: now - 10, exp: now + expiresIn }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
  minted.push(token);
  return token;
}
const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** Every secret that must never come back: the gateways' credentials, the auth secret, the tokens. */
const secrets = () => [SIM_CREDENTIALS.zapi.token, SIM_CREDENTIALS.zapi.clientToken, SIM_CREDENTIALS.ryze.token, SECRET, ...minted];
function assertNoSecret(text, where) {
  for (const s of secrets()) assert.ok(!String(text).includes(s), `${where} shows a secret (${s.slice(0, 6)}…)`);
}

/** Starts a jobs Worker bundle for `provider`, its Durable Objects and queue as wrangler.toml declares them. */
async function startJobs({ bundle, provider, env = {}, persist, output = [], assets }) {
  const c = SIM_CREDENTIALS[provider];
  return startWorker({
    dir: join(HERE, bundle, "dist"),
    // A variable given as undefined is left out.
    bindings: Object.fromEntries(
      Object.entries({
        PROVIDER: provider,
        INSTANCE: c.instance,
        TOKEN: c.token,
        ...(c.clientToken ? { CLIENT_TOKEN: c.clientToken } : {}),
        BASE_URL: sim.url,
        AUTH_JWT_SECRET: SECRET,
        ...env,
      }).filter(([, v]) => v !== undefined),
    ),
    miniflareOptions: {
      durableObjects: { JOBS: { className: "JobObject", useSQLite: true }, LIMITER: { className: "RateLimiterObject", useSQLite: true } },
      queueProducers: { JOBS_QUEUE: QUEUE },
      queueConsumers: { [QUEUE]: { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 20 } },
      ...(persist ? { durableObjectsPersist: persist } : {}),
      // The page, as wrangler.toml's [assets] serves it: files first, the rest to the Worker.
      ...(assets ? { assets: { directory: assets, routerConfig: { has_user_worker: true } } } : {}),
    },
    onOutput: (text) => output.push(text),
  });
}

const responses = []; // every body the Workers answered, swept for secrets at the end
async function call(worker, method, path, { token, body, type } = {}) {
  const headers = { ...(token ? bearer(token) : {}), ...(type ? { "content-type": type } : {}) };
  const res = await fetch(new URL(path, worker.url), { method, headers, body });
  const text = await res.text();
  responses.push(text, JSON.stringify([...res.headers]));
  let data = null;
  try {
    data = JSON.parse(text);
  } catch {}
  return { status: res.status, data, text, headers: res.headers };
}

/** Polls GET /jobs/:id until the job is finished (or cancelled), up to `ms`. */
async function waitFor(worker, jobId, token, { ms = 120_000, until = (r) => r.status === "finished" || r.status === "cancelled" } = {}) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    const r = await call(worker, "GET", `/jobs/${jobId}`, { token });
    assert.equal(r.status, 200, r.text);
    last = r.data;
    if (until(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`job ${jobId} did not get there in ${ms} ms: ${JSON.stringify(last?.counts)}`);
}

const providerRequests = () => sim.requests().filter((r) => r.provider === "zapi" || r.provider === "ryze");

describe("examples/jobs in workerd: only authenticated callers", () => {
  let worker;
  let alice;
  let bob;
  before(async () => {
    sim.reset();
    worker = await startJobs({ bundle: "example-jobs", provider: "ryze" });
    alice = await mint("alice");
    bob = await mint("bob");
  });
  after(() => worker?.dispose());

  const plan = JSON.stringify({ calls: [{ op: "createGroup", name: "Só da Alice", participants: [phone(1)] }] });

  test("no token, a malformed one, an expired one, another secret's: 401 before anything else, nothing sent", async () => {
    sim.clearRequests();
    const expired = await mint("alice", { expiresIn: -120 });
    const forged = await mint("alice", { secret: `another-secret-${randomBytes(24).toString("hex")}` });
    for (const [token, code] of [
      [null, "missing_token"],
      ["not.a.jwt", "malformed"],
      [expired, "expired"],
      [forged, "invalid_token"],
    ]) {
      for (const [method, path] of [
        ["POST", "/jobs"],
        ["GET", `/jobs/${randomUUID()}`],
        ["DELETE", `/jobs/${randomUUID()}`],
      ]) {
        const r = await call(worker, method, path, { token, body: method === "POST" ? plan : undefined, type: method === "POST" ? "application/json" : undefined });
        assert.equal(r.status, 401, `${method} ${path} with ${code}: ${r.text}`);
        assert.equal(r.data.error.kind, "unauthenticated");
        assert.equal(r.data.error.code, code);
        assert.match(r.headers.get("www-authenticate"), /^Bearer /);
      }
    }
    assert.deepEqual(providerRequests(), [], "the gateway saw nothing");
  });

  test("a job is its caller's: another caller gets 404 for it (as for one that does not exist), and cannot cancel it", async () => {
    const started = await call(worker, "POST", "/jobs", { token: alice, body: plan, type: "application/json" });
    assert.equal(started.status, 202, started.text);
    assert.equal(started.headers.get("location"), `/jobs/${started.data.jobId}`);
    const theirs = await call(worker, "GET", `/jobs/${started.data.jobId}`, { token: bob });
    const none = await call(worker, "GET", `/jobs/${randomUUID()}`, { token: bob });
    assert.equal(theirs.status, 404);
    assert.deepEqual(theirs.data, none.data, "the same answer as for no job at all");
    assert.equal((await call(worker, "DELETE", `/jobs/${started.data.jobId}`, { token: bob })).status, 404);
    const report = await waitFor(worker, started.data.jobId, alice);
    assert.equal(report.status, "finished", "bob's DELETE cancelled nothing");
    assert.equal(report.calls[0].status, "done");
    assert.equal(sim.state("ryze").groups.filter((g) => g.name === "Só da Alice").length, 1);
  });

  test("a plan with problems: 400 naming every one, nothing sent", async () => {
    sim.clearRequests();
    const bad = {
      calls: [{ id: "a", op: "createGroup", name: "", participants: ["12"] }, { op: "linkGroups", communityId: { $ref: "c.communityId" }, groupIds: [{ $ref: "a.groupId" }] }, { op: "makeCoffee" }],
      extra: true,
    };
    const r = await call(worker, "POST", "/jobs", { token: alice, body: JSON.stringify(bad), type: "application/json" });
    assert.equal(r.status, 400, r.text);
    const fields = r.data.error.issues.map((i) => i.field);
    for (const f of ["extra", "calls[0].name", "calls[0].participants[0]", "calls[1].communityId", "calls[2].op"]) assert.ok(fields.includes(f), `${f} in ${JSON.stringify(fields)}`);
    assert.equal((await call(worker, "POST", "/jobs", { token: alice, body: "{", type: "application/json" })).status, 400);
    assert.equal((await call(worker, "POST", "/jobs", { token: alice, body: "x", type: "text/plain" })).status, 415);
    assert.deepEqual(providerRequests(), []);
  });
});

test("examples/jobs without its gateway credentials: 500 for an authenticated caller (the log names the settings), nothing sent", async () => {
  sim.clearRequests();
  const output = [];
  const worker = await startJobs({ bundle: "example-jobs", provider: "ryze", env: { TOKEN: undefined }, output });
  try {
    const plan = JSON.stringify({ calls: [{ op: "createGroup", name: "Nunca", participants: [phone(1)] }] });
    const r = await call(worker, "POST", "/jobs", { token: await mint("alice"), body: plan, type: "application/json" });
    assert.equal(r.status, 500, r.text);
    assert.equal(r.data.error.kind, "misconfigured");
    assert.deepEqual(providerRequests(), []);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the log line reaches us
    assert.match(output.join(""), /gateway settings are incomplete or wrong: token/);
  } finally {
    await worker.dispose();
  }
});

for (const provider of ["zapi", "ryze"]) {
  describe(`examples/jobs in workerd (${provider}): plans`, () => {
    let worker;
    let token;
    const output = [];
    before(async () => {
      sim.reset();
      worker = await startJobs({ bundle: "example-jobs", provider, output });
      token = await mint("school-admin");
    });
    after(() => worker?.dispose());

    test("CSV: groups created, a community made and its groups linked to it, all by reference", async () => {
      const csv = [
        "name,participants,community",
        `Turma A ${provider},${phone(1)};${phone(2)},Escola ${provider}`,
        `"Turma B, ${provider}",${phone(3)},Escola ${provider}`,
        `Turma C ${provider},${phone(4)},`,
      ].join("\r\n");
      const started = await call(worker, "POST", "/jobs", { token, body: csv, type: "text/csv" });
      assert.equal(started.status, 202, started.text);
      assert.equal(started.data.calls, 5, "3 groups, a community, one linkGroups");
      const report = await waitFor(worker, started.data.jobId, token);
      assert.deepEqual(report.counts, { pending: 0, running: 0, done: 5, failed: 0, not_started: 0 }, JSON.stringify(report.calls));
      const state = sim.state(provider);
      const byName = (n) => state.groups.filter((g) => g.name === n);
      const community = state.communities.find((c) => c.name === `Escola ${provider}`);
      assert.ok(community);
      for (const name of [`Turma A ${provider}`, `Turma B, ${provider}`]) {
        assert.equal(byName(name).length, 1, name);
        assert.equal(byName(name)[0].communityId, community.id, `${name} is linked`);
      }
      assert.equal(byName(`Turma C ${provider}`)[0].communityId ?? null, null);
      const link = report.calls.find((c) => c.op === "linkGroups");
      assert.deepEqual([...link.result.linked].sort(), [jid(byName(`Turma A ${provider}`)[0].id), jid(byName(`Turma B, ${provider}`)[0].id)].sort());
    });

    test("a failed call: what refers to it does not start, and says why", async () => {
      const plan = {
        calls: [
          { id: "g", op: "getInvitationLink", groupId: "120363999999999999@g.us" },
          { op: "updateGroupDescription", groupId: { $ref: "g.groupId" }, description: "never" },
          { op: "createGroup", name: `Independente ${provider}`, participants: [phone(9)] },
        ],
      };
      const started = await call(worker, "POST", "/jobs", { token, body: JSON.stringify(plan), type: "application/json" });
      assert.equal(started.status, 202, started.text);
      const report = await waitFor(worker, started.data.jobId, token);
      assert.equal(report.calls[0].status, "failed");
      assert.equal(report.calls[0].error.kind, "not_found");
      assert.equal(report.calls[1].status, "not_started");
      assert.match(report.calls[1].reason, /refers to call 0 \(g\), which failed/);
      assert.equal(report.calls[2].status, "done");
    });

    test("cancelling: what had started finishes, what had not is reported as not started, and is never sent", async () => {
      await worker.dispose();
      worker = await startJobs({ bundle: "example-jobs", provider, env: { RATE_LIMIT: "4/1s" }, output });
      const names = Array.from({ length: 30 }, (_, i) => `Cancelada ${provider} ${pad(i)}`);
      const started = await call(worker, "POST", "/jobs", {
        token,
        body: JSON.stringify({ calls: names.map((name) => ({ op: "createGroup", name, participants: [phone(5)] })) }),
        type: "application/json",
      });
      await waitFor(worker, started.data.jobId, token, { until: (r) => r.counts.done >= 2 });
      const cancelled = await call(worker, "DELETE", `/jobs/${started.data.jobId}`, { token });
      assert.equal(cancelled.status, 200, cancelled.text);
      assert.ok(cancelled.data.counts.not_started > 0, JSON.stringify(cancelled.data.counts));
      const report = await waitFor(worker, started.data.jobId, token);
      assert.equal(report.status, "cancelled");
      const made = names.filter((n) => sim.state(provider).groups.some((g) => g.name === n));
      for (const c of report.calls) {
        if (c.status === "not_started") assert.match(c.reason, /cancelled before it started/);
        else assert.equal(c.status, "done", JSON.stringify(c));
      }
      assert.equal(made.length, report.counts.done, "a group for each call done, none for a call not started");
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(names.filter((n) => sim.state(provider).groups.some((g) => g.name === n)).length, made.length, "nothing was sent after");
    });

    test("no secret in any answer or log line", () => {
      for (const r of responses) assertNoSecret(r, "a response");
      assertNoSecret(output.join(""), "the Worker's output");
    });
  });
}

describe("examples/jobs' page in headless Chromium", () => {
  test("with the caller's token it starts a CSV job and shows every call live until the job has finished; without, it says 401", async () => {
    const { chromium } = await import("playwright-core");
    const { launch } = await import(pathToFileURL(join(ROOT, "tests/browser/chromium.mjs")).href);
    sim.reset();
    const output = [];
    const worker = await startJobs({ bundle: "example-jobs", provider: "ryze", env: { RATE_LIMIT: "10/1s" }, output, assets: join(HERE, "example-jobs", "public") });
    const browser = await launch(chromium);
    try {
      const page = await browser.context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(String(worker.url), { waitUntil: "load" });
      // No token yet: the server's refusal is shown.
      await page.click("#submit");
      await page.waitForFunction(() => /401/.test(document.getElementById("message").textContent));
      await page.fill("#token", await mint("page-user"));
      await page.dispatchEvent("#token", "change");
      const csv = ["name,participants,community", `Turma Página A,${phone(1)};${phone(2)},Escola Página`, `Turma Página B,${phone(3)},Escola Página`].join("\n");
      await page.fill("#plan", csv);
      await page.click("#submit");
      await page.waitForFunction(() => /^finished: 4 done/.test(document.getElementById("summary").textContent), null, { timeout: 60_000 });
      const rows = await page.$$eval("#calls tr", (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
      assert.deepEqual(
        rows.map((r) => [r[2], r[3]]),
        [
          ["createGroup", "done"],
          ["createGroup", "done"],
          ["createCommunity", "done"],
          ["linkGroups", "done"],
        ],
      );
      const made = sim.state("ryze").groups.find((g) => g.name === "Turma Página A");
      assert.equal(rows[0][5], jid(made.id), "the page shows the group's id");
      assert.equal(await page.$eval("#bar", (b) => `${b.value}/${b.max}`), "4/4");
      assert.ok(await page.$eval("#cancel", (b) => b.disabled), "nothing left to cancel");
      await page.screenshot({ path: join(ROOT, "tests/artifacts/jobs-page.png"), fullPage: true });
      // The caller's own token is in the password field's value (a property, not in the markup).
      assertNoSecret(await page.content(), "the page");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await worker.dispose();
    }
  });
});

test("a job's record survives a restart: a chain of failures (2 deep) stays not started, a cancel of 200 unstarted calls stays cancelled", { timeout: 120_000 }, async () => {
  sim.reset();
  const persist = mkdtempSync(join(tmpdir(), "wa-groups-jobs-"));
  const env = { RATE_LIMIT: "5/1s" };
  let worker = await startJobs({ bundle: "example-jobs", provider: "zapi", env, persist });
  const token = await mint("restarts");
  try {
    const chain = {
      calls: [
        { id: "a", op: "getInvitationLink", groupId: "120363999999999999@g.us" },
        { id: "b", op: "resetInvitationLink", groupId: { $ref: "a.groupId" } },
        { op: "updateGroupName", groupId: { $ref: "b.groupId" }, name: "never" },
      ],
    };
    const first = (await call(worker, "POST", "/jobs", { token, body: JSON.stringify(chain), type: "application/json" })).data.jobId;
    const names = Array.from({ length: 200 }, (_, i) => `Lote cancelado ${pad(i)}`);
    const big = { calls: names.map((name) => ({ op: "createGroup", name, participants: [phone(7)] })) };
    const second = (await call(worker, "POST", "/jobs", { token, body: JSON.stringify(big), type: "application/json" })).data.jobId;
    await waitFor(worker, first, token);
    const cancelled = await call(worker, "DELETE", `/jobs/${second}`, { token });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.ok(cancelled.data.counts.not_started >= 150, JSON.stringify(cancelled.data.counts));
    await waitFor(worker, second, token);
    await worker.dispose();
    worker = await startJobs({ bundle: "example-jobs", provider: "zapi", env, persist });
    const a = (await call(worker, "GET", `/jobs/${first}`, { token })).data;
    assert.equal(a.status, "finished");
    assert.deepEqual(
      a.calls.map((c) => c.status),
      ["failed", "not_started", "not_started"],
    );
    assert.match(a.calls[2].reason, /refers to call 1 \(b\), which did not start/);
    const b = (await call(worker, "GET", `/jobs/${second}`, { token })).data;
    assert.equal(b.status, "cancelled", JSON.stringify(b.counts));
    assert.equal(b.counts.pending + b.counts.running, 0);
    assert.equal(b.counts.done, names.filter((n) => sim.state("zapi").groups.some((g) => g.name === n)).length);
    // Cancelling what has finished changes nothing.
    const again = await call(worker, "DELETE", `/jobs/${first}`, { token });
    assert.equal(again.data.status, "finished");
  } finally {
    await worker.dispose();
    rmSync(persist, { recursive: true, force: true });
  }
});

/** 500 calls: 160 groups, 8 communities each linked with 20 of them, 160 descriptions, 82 participants added, 82 links read. */
function bigPlan(provider) {
  const calls = [];
  for (let i = 1; i <= 160; i++) calls.push({ id: `g${i}`, op: "createGroup", name: `Lote ${provider} ${pad(i)}`, participants: [phone(i)] });
  for (let k = 1; k <= 8; k++) calls.push({ id: `c${k}`, op: "createCommunity", name: `Rede ${provider} ${k}` });
  for (let k = 1; k <= 8; k++)
    calls.push({ id: `l${k}`, op: "linkGroups", communityId: { $ref: `c${k}.communityId` }, groupIds: Array.from({ length: 20 }, (_, j) => ({ $ref: `g${(k - 1) * 20 + j + 1}.groupId` })) });
  for (let i = 1; i <= 160; i++) calls.push({ op: "updateGroupDescription", groupId: { $ref: `g${i}.groupId` }, description: `Descrição ${i}` });
  for (let i = 1; i <= 82; i++) calls.push({ op: "addParticipants", groupId: { $ref: `g${i}.groupId` }, phones: [phone(1000 + i)] });
  for (let i = 1; i <= 82; i++) calls.push({ op: "getInvitationLink", groupId: { $ref: `g${161 - i}.groupId` } });
  return { calls };
}

/** Delivers messages {jobId, index} straight to the Worker's queue handler, `parallel` invocations at a time, `size` messages each. */
async function deliver(worker, jobId, indices, { size = 10, parallel = 6, stop = () => false } = {}) {
  const fetcher = await worker.mf.getWorker();
  const batches = [];
  for (let i = 0; i < indices.length; i += size) batches.push(indices.slice(i, i + size));
  let next = 0;
  const lane = async () => {
    while (next < batches.length && !stop()) {
      const batch = batches[next++];
      const messages = batch.map((index) => ({ id: randomUUID(), timestamp: new Date(), body: { jobId, index }, attempts: 1 }));
      await fetcher.queue(QUEUE, messages).catch(() => {}); // a stopped workerd ends it
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

/** One provider's 500-call proof: its own Worker, storage and job; the simulator is shared. */
async function proof(provider) {
  const persist = mkdtempSync(join(tmpdir(), "wa-groups-jobs-"));
  const output = [];
  const env = { FAULTS: "on", TIMEOUT_MS: "1000", MAX_RETRIES: "3", LEASE_MS: "20000", SWEEP_MS: "2000", RATE_LIMIT: "3000/60s" };
  let worker = await startJobs({ bundle: "jobs-worker", provider, env, persist, output });
  const token = await mint("franchise-ops");
  try {
    const plan = bigPlan(provider);
    assert.equal(plan.calls.length, 500);
    const started = await call(worker, "POST", "/jobs", { token, body: JSON.stringify(plan), type: "application/json" });
    assert.equal(started.status, 202, started.text);
    const { jobId } = started.data;
    const all = plan.calls.map((_, i) => i);
    // Extra consumer invocations beside the queue's own: each message again, 6 at a time.
    let stopped = false;
    const extra = deliver(worker, jobId, all, { stop: () => stopped });
    const before = await waitFor(worker, jobId, token, { until: (r) => r.counts.done >= 120 });
    const stats1 = (await call(worker, "GET", "/__stats")).data;
    // Stop workerd while calls are in flight; start it again on the same storage.
    stopped = true;
    await worker.dispose();
    await extra;
    assert.ok(before.counts.running + before.counts.pending > 0);
    worker = await startJobs({ bundle: "jobs-worker", provider, env, persist, output });
    const again = deliver(worker, jobId, all.slice(300), { parallel: 4 });
    const report = await waitFor(worker, jobId, token, { ms: 200_000 });
    await again;
    const stats2 = (await call(worker, "GET", "/__stats")).data;

    // Every call accounted for, once, and done: nothing failed, nothing unknown.
    assert.deepEqual(
      report.calls.map((c) => c.index),
      all,
    );
    const notDone = report.calls.filter((c) => c.status !== "done");
    assert.deepEqual(notDone, [], "every call done");
    assert.deepEqual(report.counts, { pending: 0, running: 0, done: 500, failed: 0, not_started: 0 });
    // The simulator's state is the report's.
    const state = sim.state(provider);
    assert.deepEqual(sim.stats().duplicates, [], "no group or community made twice");
    for (const c of report.calls) {
      const p = plan.calls[c.index];
      if (p.op === "createGroup") {
        const made = state.groups.filter((g) => g.name === p.name);
        assert.equal(made.length, 1, `${p.name}: ${made.length}`);
        assert.equal(c.result.groupId, jid(made[0].id));
      } else if (p.op === "createCommunity") {
        const made = state.communities.filter((g) => g.name === p.name);
        assert.equal(made.length, 1, `${p.name}: ${made.length}`);
        assert.equal(c.result.communityId, jid(made[0].id));
      }
    }
    const groupOf = (id) => report.calls.find((c) => c.id === id).result.groupId;
    for (let k = 1; k <= 8; k++) {
      const community = report.calls.find((c) => c.id === `c${k}`).result.communityId;
      for (let j = 1; j <= 20; j++) {
        const g = state.groups.find((x) => jid(x.id) === groupOf(`g${(k - 1) * 20 + j}`));
        assert.equal(jid(g.communityId), community, `g${(k - 1) * 20 + j} linked to c${k}`);
      }
    }
    for (let i = 1; i <= 160; i++) assert.equal(state.groups.find((x) => jid(x.id) === groupOf(`g${i}`)).description, `Descrição ${i}`);
    for (let i = 1; i <= 82; i++)
      assert.ok(
        state.groups.find((x) => jid(x.id) === groupOf(`g${i}`)).participants.some((m) => m.phone === phone(1000 + i)),
        `g${i} has its new participant`,
      );
    for (const c of report.calls.filter((c) => c.op === "getInvitationLink")) {
      const g = state.groups.find((x) => jid(x.id) === c.result.groupId);
      assert.equal(c.result.invitationLink.split("/").pop(), g.inviteCode);
    }
    // The faults happened.
    const maxActive = Math.max(stats1.maxActive, stats2.maxActive);
    const retried = report.calls.filter((c) => c.attempts > 1).length;
    console.log(
      `# ${provider}: ${maxActive} consumer invocations at once at most; ${stats1.duplicated + stats2.duplicated} messages delivered twice by the queue; ${stats1.crashedMidBatch + stats2.crashedMidBatch} consumers crashed mid-batch; workerd stopped with ${before.counts.running} calls running; ${retried} calls took more than one attempt`,
    );
    assert.ok(maxActive >= 4, `at least 4 consumer invocations at once (${maxActive})`);
    assert.ok(stats1.duplicated + stats2.duplicated > 0, "messages delivered twice");
    assert.ok(stats1.crashedMidBatch + stats2.crashedMidBatch > 0, "a consumer crashed mid-batch");
    assert.ok(retried > 0, "some calls took more than one attempt");
    // No secret in any answer, page or log line.
    for (const r of responses) assertNoSecret(r, "a response");
    assertNoSecret(output.join(""), "the Worker's output");
    assertNoSecret(JSON.stringify(stats2.lines), "the jobs code's log");
  } finally {
    await worker.dispose();
    rmSync(persist, { recursive: true, force: true });
  }
}

test(
  "500 calls per provider under chaos, both providers at once, 4+ consumers at once, redeliveries, workerd stopped mid-call: each call once, no duplicate, nothing unknown",
  { timeout: 300_000 },
  async () => {
    sim.reset();
    sim.configure({ ryzeRateLimit: { requests: 3000, intervalMs: 60_000 }, chaos: { seed: 11_2026, rate: 0.2, slowMs: 1500, burst: [2, 3], retryAfterSeconds: 1, providers: ["ryze", "zapi"] } });
    try {
      await Promise.all(["ryze", "zapi"].map(proof));
    } finally {
      const chaos = sim.stats().chaos;
      sim.configure({ chaos: null });
      if (chaos) console.log(`# the simulator's chaos faulted ${Object.values(chaos.faults).reduce((a, b) => a + b, 0)} of ${chaos.requests} requests ${JSON.stringify(chaos.faults)}`);
    }
  },
);

test("ryze: throughput under the shared limiter: 90 % of the per-token limit or more, no 429", { timeout: 180_000 }, async () => {
  sim.reset();
  const limit = { requests: 60, intervalMs: 6000 };
  sim.configure({ ryzeRateLimit: limit });
  const worker = await startJobs({ bundle: "jobs-worker", provider: "ryze", env: { RATE_LIMIT: `${limit.requests}/${limit.intervalMs}ms` } });
  try {
    const token = await mint("throughput");
    const calls = [];
    for (let i = 1; i <= 120; i++) calls.push({ id: `g${i}`, op: "createGroup", name: `Vazão ${pad(i)}`, participants: [phone(i)] });
    for (let i = 1; i <= 120; i++) calls.push({ op: "updateGroupDescription", groupId: { $ref: `g${i}.groupId` }, description: `d${i}` });
    sim.clearRequests();
    const started = await call(worker, "POST", "/jobs", { token, body: JSON.stringify({ calls }), type: "application/json" });
    const extra = deliver(
      worker,
      started.data.jobId,
      calls.map((_, i) => i),
      { parallel: 4 },
    );
    const report = await waitFor(worker, started.data.jobId, token, { ms: 150_000 });
    await extra;
    assert.equal(report.counts.done, 240);
    const sent = providerRequests();
    const limited = sent.filter((r) => r.status === 429);
    const span = Date.parse(sent.at(-1).at) - Date.parse(sent[0].at);
    const perMinute = ((sent.length - 1) / span) * 60_000;
    const allowed = (limit.requests / limit.intervalMs) * 60_000;
    const stats = (await call(worker, "GET", "/__stats")).data;
    console.log(
      `# throughput: ${sent.length} requests in ${(span / 1000).toFixed(1)} s = ${perMinute.toFixed(0)} per minute of ${allowed} allowed (${((100 * perMinute) / allowed).toFixed(1)} %), ${limited.length} answered 429; ${stats.maxActive} consumer invocations at once at most`,
    );
    assert.equal(limited.length, 0, "no 429 from the gateway");
    assert.ok(perMinute >= 0.9 * allowed, `${perMinute.toFixed(0)} per minute is under 90 % of ${allowed}`);
    assert.ok(perMinute <= allowed, `${perMinute.toFixed(0)} per minute is over the limit of ${allowed}`);
  } finally {
    await worker.dispose();
  }
});
