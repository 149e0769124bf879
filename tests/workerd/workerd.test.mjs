// wa-groups in Cloudflare's runtime: the packed package installed into a consumer
// project, Workers bundled by wrangler (deploy --dry-run), run in workerd by miniflare,
// called over HTTP on 127.0.0.1, against the gateway simulator. Run by
// tests/workerd/run.sh, which prepares the bundles and sets WA_GROUPS_SIM.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startWorker } from "./harness.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const { startSimulator, SIM_CREDENTIALS } = await import(process.env.WA_GROUPS_SIM);
const SECRETS = [SIM_CREDENTIALS.zapi.token, SIM_CREDENTIALS.zapi.clientToken, SIM_CREDENTIALS.ryze.token];

const COMMUNITY = "120363400000000001";
const jid = (digits) => `${digits}@g.us`;
const fields = (issues) => (issues ?? []).map((i) => i.field);

let sim;
before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim?.close();
});

const providerRequests = () => sim.requests().filter((r) => r.provider !== null);

const CONTRACT_BUNDLES = [
  { name: "", dist: "dist", compatibilityFlags: [] },
  { name: " (nodejs_compat)", dist: "dist-nodejs-compat", compatibilityFlags: ["nodejs_compat"] },
];

for (const bundle of CONTRACT_BUNDLES)
  describe(`a Worker importing wa-groups, bundled by wrangler, in workerd${bundle.name}`, () => {
    const dist = join(HERE, "contract-worker", bundle.dist);
    let worker;
    let answer;
    let answerText;

    before(async () => {
      sim.reset();
      worker = await startWorker({
        dir: dist,
        compatibilityFlags: bundle.compatibilityFlags,
        bindings: { SIM_URL: sim.url, SIM_CREDENTIALS: JSON.stringify(SIM_CREDENTIALS) },
      });
      const res = await fetch(new URL("/run", worker.url));
      answerText = await res.text();
      assert.equal(res.status, 200, `the Worker failed: ${answerText}`);
      answer = JSON.parse(answerText);
    });
    after(async () => {
      await worker?.dispose();
    });

    test("wrangler took the package's workerd entry: the .wasm as a module, no inline copy", () => {
      const files = readdirSync(dist);
      const wasm = files.filter((f) => f.endsWith(".wasm"));
      assert.equal(wasm.length, 1, `bundle files: ${files.join(", ")}`);
      const bundle = readFileSync(join(dist, "worker.js"), "utf8");
      assert.match(bundle, /node_modules\/wa-groups\/index\.workerd\.js/);
      assert.ok(bundle.includes(`from "./${wasm[0]}"`), "the bundle does not import the .wasm module");
      for (const other of ["index.web.js", "index.node.js", "wa_groups_wasm.js"]) {
        assert.ok(!bundle.includes(`wa-groups/${other}`), `the bundle contains ${other}`);
      }
      assert.ok(!bundle.includes("DecompressionStream"), "the browser entry's inline wasm is in the bundle");
    });

    test("it ran in workerd", () => {
      assert.equal(answer.runtime.userAgent, "Cloudflare-Workers");
    });

    for (const provider of ["zapi", "ryze"]) {
      describe(provider, () => {
        const r = () => answer[provider];

        test("createGroup and getInvitationLink", () => {
          assert.equal(r().provider, provider);
          assert.match(r().created.groupId, /^\d+@g\.us$/);
          assert.match(r().created.invitationLink, /^https:\/\/chat\.whatsapp\.com\/\w+$/);
          assert.deepEqual(r().created.notAdded, ["5511955550000"]);
          assert.deepEqual(r().link, { groupId: r().created.groupId, invitationLink: r().created.invitationLink });
        });

        test("linkGroups with a partial failure resolves, every group in one list", () => {
          const { linked } = r();
          assert.equal(linked.communityId, jid(COMMUNITY));
          assert.deepEqual(linked.linked, [r().created.groupId, jid("120363400000000004")]);
          assert.deepEqual(
            linked.failed.map((f) => f.groupId),
            [jid("120363400000000012"), jid("120363400000000020"), jid("120363499999999999")],
          );
          const [other, admin, missing] = linked.failed.map((f) => f.reason);
          assert.match(other, /another community/);
          assert.match(admin, /admin/);
          assert.match(missing, /not found/);
        });

        test("unlinkGroups", () => {
          assert.deepEqual(r().unlinked.communityId, jid(COMMUNITY));
          assert.deepEqual(r().unlinked.unlinked, [r().created.groupId]);
          assert.equal(r().unlinked.failed.length, 1);
          assert.equal(r().unlinked.failed[0].groupId, jid("120363400000000005"));
          assert.match(r().unlinked.failed[0].reason, /not linked/);
        });

        test("errors are WaGroupsError instances with the documented fields", () => {
          const v = r().validation.rejected;
          assert.ok(v, "invalid input resolved");
          assert.equal(v.instanceofWaGroupsError, true);
          assert.equal(v.instanceofError, true);
          assert.equal(v.name, "WaGroupsError");
          assert.equal(v.kind, "validation");
          assert.deepEqual(fields(v.issues), ["name", "participants[0]"]);
          const c = r().constructorValidation.rejected;
          assert.ok(c?.instanceofWaGroupsError, "new Client with bad options did not throw WaGroupsError");
          assert.deepEqual(fields(c.issues).slice(0, 2), ["provider", "instance"]);
          const nf = r().notFound.rejected;
          assert.deepEqual([nf?.instanceofWaGroupsError, nf?.kind, nf?.status, nf?.provider, nf?.operation], [true, "not_found", 404, provider, "getInvitationLink"]);
          const auth = r().auth.rejected;
          assert.deepEqual([auth?.instanceofWaGroupsError, auth?.kind, auth?.status], [true, "auth", 401]);
        });

        test("timeoutMs and AbortSignal work with workerd's timers", () => {
          const t = r().timeout;
          assert.deepEqual([t.rejected?.instanceofWaGroupsError, t.rejected?.kind], [true, "timeout"], JSON.stringify(t));
          assert.ok(t.elapsedMs < 1400, `the call waited ${t.elapsedMs} ms for the slow answer`);
          assert.deepEqual([r().abortedInFlight.rejected?.kind, r().abortedBefore.rejected?.kind], ["aborted", "aborted"]);
        });

        test("the synchronous exports", () => {
          const s = r().sync;
          assert.deepEqual(fields(s.validateBad), ["groupId"]);
          assert.deepEqual(s.validateGood, []);
          assert.ok(JSON.stringify(s.redacted).includes("***"), JSON.stringify(s.redacted));
          assert.equal(s.buildBad.rejected?.instanceofWaGroupsError, true);
          assert.equal(s.buildBad.rejected?.kind, "validation");
          assert.deepEqual([s.parseAuth.rejected?.instanceofWaGroupsError, s.parseAuth.rejected?.kind, s.parseAuth.rejected?.status], [true, "auth", 401]);
        });

        test("the simulator's state agrees", () => {
          const state = sim.state(provider);
          const created = state.groups.find((g) => g.jid === r().created.groupId);
          assert.ok(created, `the created group is not in the simulator (${provider})`);
          assert.equal(created.name, `Turma W ${provider}`);
          assert.equal(created.communityId, null, "the created group should have been unlinked again");
          assert.equal(state.groups.find((g) => g.id === "120363400000000004").communityId, COMMUNITY);
          const community = state.communities.find((c) => c.id === COMMUNITY);
          assert.ok(community.subgroups.includes("120363400000000004"));
          assert.ok(!community.subgroups.includes(created.id));
          // One create reached the gateway: the invalid one was refused before sending.
          const creates = providerRequests().filter((q) => q.provider === provider && /create/.test(q.path));
          assert.equal(creates.length, 1, creates.map((q) => q.path).join("\n"));
        });
      });
    }

    test("no token or client token in anything the Worker saw (errors, stacks, requests)", () => {
      for (const secret of SECRETS) assert.ok(!answerText.includes(secret), `a secret leaked into the Worker's answer`);
      assert.ok(answerText.length > 2000, "the answer is too small to be the full report");
    });
  });

for (const bundle of CONTRACT_BUNDLES)
  describe(`a Worker importing wa-groups/testing (Node only), bundled by wrangler, in workerd${bundle.name}`, () => {
    const dist = join(HERE, "testing-worker", bundle.dist);

    test("wrangler took the entry's workerd module: no simulator in the bundle", () => {
      const text = readFileSync(join(dist, "worker.js"), "utf8");
      assert.match(text, /node_modules\/wa-groups\/testing\.unsupported\.js/);
      for (const simulator of ["wa-groups/testing.js", "testing/sim/", "Internal simulator error"]) {
        assert.ok(!text.includes(simulator), `the bundle contains ${simulator}`);
      }
    });

    test("importing it fails with what to do instead", async () => {
      const worker = await startWorker({ dir: dist, compatibilityFlags: bundle.compatibilityFlags });
      try {
        const res = await fetch(worker.url);
        assert.equal(res.status, 200);
        const answer = await res.json();
        assert.equal(answer.loaded, false, JSON.stringify(answer));
        assert.match(answer.message, /^wa-groups\/testing runs in Node only: .*baseUrl/);
      } finally {
        await worker.dispose();
      }
    });
  });

describe("import timing Worker", () => {
  test("imports wa-groups once, on the first request, and reports a time", async () => {
    const worker = await startWorker({ dir: join(HERE, "import-timing", "dist") });
    try {
      const first = await (await fetch(new URL("/import", worker.url))).json();
      const second = await (await fetch(new URL("/import", worker.url))).json();
      assert.equal(first.first, true);
      assert.equal(second.first, false);
      assert.equal(first.issues, 0);
      assert.ok(Number.isFinite(first.importMs) && first.importMs >= 0, JSON.stringify(first));
      assert.equal(typeof first.clockAdvances, "boolean");
    } finally {
      await worker.dispose();
    }
  });
});

describe("examples/worker: the browser-safe endpoint, in workerd", () => {
  const dist = join(HERE, "example-worker", "dist");
  const ALLOWED = "https://app.example.com";
  const ALL_OPERATIONS = "createGroup,getInvitationLink,linkGroups,unlinkGroups";
  const workers = {};
  const seen = []; // every response, for the secrets sweep

  const envFor = (provider, extra = {}) => {
    const c = SIM_CREDENTIALS[provider];
    return {
      PROVIDER: provider,
      INSTANCE: c.instance,
      TOKEN: c.token,
      ...(c.clientToken ? { CLIENT_TOKEN: c.clientToken } : {}),
      BASE_URL: sim.url,
      TIMEOUT_MS: "1000",
      OPERATIONS: ALL_OPERATIONS,
      ALLOWED_ORIGINS: `${ALLOWED}, http://localhost:5173`,
      ...extra,
    };
  };

  async function call(name, path, { method = "POST", body, headers = {}, raw } = {}) {
    const init = { method, headers: { ...(body !== undefined || raw !== undefined ? { "Content-Type": "application/json" } : {}), ...headers } };
    if (raw !== undefined) init.body = raw;
    else if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(new URL(path, workers[name].url), init);
    const text = await res.text();
    seen.push({ where: `${name} ${method} ${path}`, status: res.status, headers: [...res.headers], text });
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (preflight)
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  before(async () => {
    const closed = await startSimulator();
    const deadUrl = closed.url;
    await closed.close();
    const configs = {
      zapi: envFor("zapi"),
      ryze: envFor("ryze"),
      limited: envFor("zapi", { OPERATIONS: "getInvitationLink" }),
      unreachable: envFor("ryze", { BASE_URL: deadUrl }),
      misconfigured: envFor("zapi", { PROVIDER: "whatsapp" }),
      retrying: envFor("zapi", { MAX_RETRIES: "2" }),
      badRetries: envFor("zapi", { MAX_RETRIES: "many" }),
    };
    await Promise.all(
      Object.entries(configs).map(async ([name, bindings]) => {
        workers[name] = await startWorker({ dir: dist, bindings });
      }),
    );
  });
  after(async () => {
    await Promise.all(Object.values(workers).map((w) => w.dispose()));
  });
  beforeEach(() => sim.reset());

  for (const provider of ["zapi", "ryze"]) {
    test(`${provider}: the four operations through POST /api/<operation>`, async () => {
      const created = await call(provider, "/api/createGroup", { body: { name: "Pelo Worker", participants: ["+55 (11) 98888-7777", "5511955550000"] } });
      assert.equal(created.status, 200, created.text);
      assert.match(created.json.groupId, /^\d+@g\.us$/);
      assert.deepEqual(created.json.notAdded, ["5511955550000"]);
      const groupId = created.json.groupId;

      const link = await call(provider, "/api/getInvitationLink", { body: { groupId } });
      assert.equal(link.status, 200, link.text);
      assert.deepEqual(link.json, { groupId, invitationLink: created.json.invitationLink });

      const linked = await call(provider, "/api/linkGroups", { body: { communityId: COMMUNITY, groupIds: [groupId, "120363400000000012"] } });
      assert.equal(linked.status, 200, linked.text);
      assert.deepEqual(linked.json.linked, [groupId]);
      assert.deepEqual(
        linked.json.failed.map((f) => f.groupId),
        [jid("120363400000000012")],
      );
      assert.match(linked.json.failed[0].reason, /another community/);
      assert.equal(sim.state(provider).groups.find((g) => g.jid === groupId).communityId, COMMUNITY);

      const unlinked = await call(provider, "/api/unlinkGroups", { body: { communityId: jid(COMMUNITY), groupIds: [groupId] } });
      assert.equal(unlinked.status, 200, unlinked.text);
      assert.deepEqual(unlinked.json, { communityId: jid(COMMUNITY), unlinked: [groupId], failed: [] });
      assert.equal(sim.state(provider).groups.find((g) => g.jid === groupId).communityId, null);
    });

    test(`${provider}: the page's examples are the JSON objects POST /api/<operation> takes, sent as they are`, async () => {
      const page = readFileSync(join(HERE, "example-worker", "public", "index.html"), "utf8");
      const literal = /const examples = (\{[\s\S]*?\n {4}\});/.exec(page);
      assert.ok(literal, "the page's examples");
      const examples = new Function(`return ${literal[1]}`)();
      // The page sends the textarea's object with api.call, not spread as arguments.
      assert.match(page, /api\.call\(op\.value, JSON\.parse\(args\.value\)\)/);
      const { createApi } = await import(pathToFileURL(join(HERE, "example-worker", "public", "wa-groups-api.js")).href);
      const api = createApi(workers[provider].url.origin);
      for (const [operation, fields] of Object.entries(examples)) {
        assert.ok(fields !== null && typeof fields === "object" && !Array.isArray(fields), `${operation}: ${JSON.stringify(fields)}`);
        const result = await api.call(operation, fields);
        assert.ok(result && typeof result === "object", `${operation}: ${JSON.stringify(result)}`);
      }
    });

    test(`${provider}: the page's plain-fetch module (public/wa-groups-api.js) against it`, async () => {
      const { createApi, ApiError } = await import(pathToFileURL(join(HERE, "example-worker", "public", "wa-groups-api.js")).href);
      const api = createApi(workers[provider].url.origin);
      const link = await api.getInvitationLink("120363400000000004-group");
      assert.equal(link.groupId, jid("120363400000000004"));
      await assert.rejects(api.linkGroups("not-a-community", []), (e) => e instanceof ApiError && e.httpStatus === 400 && e.kind === "validation" && e.issues.length >= 1);
    });
  }

  test("a group where the connected number is no admin is 403 forbidden, on both gateways", async () => {
    for (const provider of ["zapi", "ryze"]) {
      const r = await call(provider, "/api/getInvitationLink", { body: { groupId: "120363400000000020" } });
      assert.equal(r.status, 403, `${provider}: ${r.text}`);
      assert.equal(r.json.error.kind, "forbidden", provider);
    }
  });

  test("an operation not in OPERATIONS is 403 and reaches no gateway", async () => {
    const refused = await call("limited", "/api/createGroup", { body: { name: "Nope", participants: ["5511977776666"] } });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.json.error.kind, "operation_not_allowed");
    assert.equal(providerRequests().length, 0);
    const allowed = await call("limited", "/api/getInvitationLink", { body: { groupId: "120363400000000004" } });
    assert.equal(allowed.status, 200, allowed.text);
  });

  test("unknown operations are 404, other methods 405", async () => {
    for (const path of ["/api/deleteGroup", "/api/__proto__", "/api/toString", "/api/", "/", "/createGroup"]) {
      const r = await call("zapi", path, { body: {} });
      assert.equal(r.status, 404, `${path}: ${r.text}`);
      assert.equal(r.json.error.kind, "unknown_operation");
    }
    for (const method of ["GET", "PUT", "DELETE"]) {
      const r = await call("zapi", "/api/getInvitationLink", { method });
      assert.equal(r.status, 405, `${method}: ${r.text}`);
      assert.equal(r.headers.get("Allow"), "POST, OPTIONS");
      // The Allow header is a header, not part of the answer's JSON.
      assert.deepEqual(r.json, { error: { kind: "method_not_allowed", message: "use POST with a JSON body" } });
    }
    assert.equal(providerRequests().length, 0);
  });

  test("invalid input is 400 with every issue, and nothing is sent", async () => {
    const r = await call("ryze", "/api/createGroup", { body: { name: " ", participants: ["abc", "5511977776666"] } });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.kind, "validation");
    assert.deepEqual(fields(r.json.error.issues), ["name", "participants[0]"]);
    const missing = await call("ryze", "/api/linkGroups", { body: {} });
    assert.equal(missing.status, 400);
    assert.deepEqual(fields(missing.json.error.issues), ["communityId", "groupIds"]);
    for (const raw of ["{not json", "[1,2]", "null"]) {
      const bad = await call("ryze", "/api/getInvitationLink", { raw });
      assert.equal(bad.status, 400, `${raw}: ${bad.text}`);
      assert.deepEqual(fields(bad.json.error.issues), ["body"]);
    }
    const text = await call("ryze", "/api/getInvitationLink", { raw: '{"groupId":"120363400000000004"}', headers: { "Content-Type": "text/plain" } });
    assert.equal(text.status, 415, text.text);
    const huge = await call("ryze", "/api/getInvitationLink", { body: { groupId: "1".repeat(70_000) } });
    assert.equal(huge.status, 413, huge.text);
    assert.equal(providerRequests().length, 0, "a request reached the gateway");
  });

  test("gateway errors map to the documented statuses", async () => {
    sim.script({ provider: "zapi", path: "/create-group", status: 500, body: '{"error":"Something broke inside"}' });
    const provider = await call("zapi", "/api/createGroup", { body: { name: "X", participants: ["5511977776666"] } });
    assert.equal(provider.status, 502, provider.text);
    assert.deepEqual([provider.json.error.kind, provider.json.error.status], ["provider", 500]);
    assert.match(provider.json.error.message, /Something broke inside/);
    assert.equal(provider.json.error.body, undefined, "the raw gateway body is not for the page");

    sim.script({ provider: "ryze", path: "/api/community/link", status: 429, headers: { "Retry-After": "3" }, body: "{}" });
    const limited = await call("ryze", "/api/linkGroups", { body: { communityId: COMMUNITY, groupIds: ["120363400000000004"] } });
    assert.equal(limited.status, 429, limited.text);
    assert.equal(limited.headers.get("Retry-After"), "3");
    assert.deepEqual([limited.json.error.kind, limited.json.error.retryAfterMs], ["rate_limited", 3000]);

    const notFound = await call("ryze", "/api/getInvitationLink", { body: { groupId: "120363499999999999" } });
    assert.equal(notFound.status, 404, notFound.text);
    assert.deepEqual([notFound.json.error.kind, notFound.json.error.status], ["not_found", 404]);

    sim.configure({ disconnected: { zapi: true } });
    const disconnected = await call("zapi", "/api/linkGroups", { body: { communityId: COMMUNITY, groupIds: ["120363400000000004"] } });
    assert.equal(disconnected.status, 503, disconnected.text);
    assert.equal(disconnected.json.error.kind, "disconnected");

    sim.script({ provider: "ryze", path: "/api/group/info", delayMs: 3000, body: "{}" });
    const slow = await call("ryze", "/api/getInvitationLink", { body: { groupId: "120363400000000004" } });
    assert.equal(slow.status, 504, slow.text);
    assert.equal(slow.json.error.kind, "timeout");

    const down = await call("unreachable", "/api/getInvitationLink", { body: { groupId: "120363400000000004" } });
    assert.equal(down.status, 502, down.text);
    assert.equal(down.json.error.kind, "network");

    // The gateway refusing the Worker's own credentials is the server's problem: 502.
    sim.script({ provider: "zapi", path: "/communities/unlink", status: 401, body: '{"error":"Invalid token"}' });
    const auth = await call("zapi", "/api/unlinkGroups", { body: { communityId: COMMUNITY, groupIds: ["120363400000000003"] } });
    assert.equal(auth.status, 502, auth.text);
    assert.deepEqual([auth.json.error.kind, auth.json.error.status], ["auth", 401]);

    sim.script({ provider: "ryze", path: "/api/group/create", status: 200, headers: { "Content-Type": "text/html" }, body: "<html>Bad gateway</html>" });
    const decode = await call("ryze", "/api/createGroup", { body: { name: "X", participants: ["5511977776666"] } });
    assert.equal(decode.status, 502, decode.text);
    assert.equal(decode.json.error.kind, "decode");

    const misconfigured = await call("misconfigured", "/api/getInvitationLink", { body: { groupId: "120363400000000004" } });
    assert.equal(misconfigured.status, 500, misconfigured.text);
    assert.equal(misconfigured.json.error.kind, "misconfigured");
    assert.equal(misconfigured.json.error.issues, undefined, "the page is not told about the server's settings");
  });

  test("MAX_RETRIES: the Worker retries a link through a 503 and never repeats a create", async () => {
    sim.script({ provider: "zapi", path: "/communities/link", status: 503, body: '{"error":"busy"}', times: 1 });
    const linked = await call("retrying", "/api/linkGroups", { body: { communityId: COMMUNITY, groupIds: ["120363400000000004"] } });
    assert.equal(linked.status, 200, linked.text);
    assert.deepEqual(linked.json.linked, ["120363400000000004@g.us"]);
    const before = providerRequests().filter((r) => r.path.endsWith("/create-group")).length;
    sim.script({ provider: "zapi", path: "/create-group", status: 503, body: '{"error":"busy"}', times: 1 });
    const created = await call("retrying", "/api/createGroup", { body: { name: "Once", participants: ["5511977776666"] } });
    assert.equal(created.status, 502, created.text);
    assert.equal(created.json.error.status, 503);
    assert.equal(providerRequests().filter((r) => r.path.endsWith("/create-group")).length, before + 1, "the create was sent once");
    const bad = await call("badRetries", "/api/getInvitationLink", { body: { groupId: "120363400000000004" } });
    assert.equal(bad.status, 500, bad.text);
    assert.equal(bad.json.error.kind, "misconfigured");
  });

  test("a gateway error that echoes the token reaches the page without it", async () => {
    const { instance, token } = SIM_CREDENTIALS.zapi;
    sim.script({ provider: "zapi", path: "/communities/link", status: 500, body: JSON.stringify({ error: `failed at /instances/${instance}/token/${token}/communities/link` }) });
    const r = await call("zapi", "/api/linkGroups", { body: { communityId: COMMUNITY, groupIds: ["120363400000000004"] } });
    assert.equal(r.status, 502, r.text);
    assert.match(r.json.error.message, /failed at \/instances\//);
    assert.ok(!r.text.includes(token));
  });

  test("CORS headers only for allowed origins; other origins are refused before any call", async () => {
    const ok = await call("zapi", "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, headers: { Origin: ALLOWED } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.headers.get("Access-Control-Allow-Origin"), ALLOWED);
    assert.match(ok.headers.get("Vary") ?? "", /Origin/);
    assert.match(ok.headers.get("Access-Control-Expose-Headers") ?? "", /Retry-After/);

    const invalid = await call("zapi", "/api/getInvitationLink", { body: { groupId: "x y" }, headers: { Origin: "http://localhost:5173" } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.headers.get("Access-Control-Allow-Origin"), "http://localhost:5173", "the page must be able to read errors too");

    const preflight = await call("zapi", "/api/createGroup", {
      method: "OPTIONS",
      headers: { Origin: ALLOWED, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("Access-Control-Allow-Origin"), ALLOWED);
    assert.match(preflight.headers.get("Access-Control-Allow-Methods") ?? "", /POST/);
    assert.match(preflight.headers.get("Access-Control-Allow-Headers") ?? "", /Content-Type/i);

    sim.clearRequests();
    for (const origin of ["https://evil.example", "null", "https://app.example.com.evil.example", "http://app.example.com"]) {
      const refused = await call("zapi", "/api/createGroup", { body: { name: "CSRF", participants: ["5511977776666"] }, headers: { Origin: origin } });
      assert.equal(refused.status, 403, `${origin}: ${refused.text}`);
      assert.equal(refused.json.error.kind, "origin_not_allowed");
      assert.equal(refused.headers.get("Access-Control-Allow-Origin"), null, origin);
      const pre = await call("zapi", "/api/createGroup", { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "POST" } });
      assert.equal(pre.status, 403);
      assert.equal(pre.headers.get("Access-Control-Allow-Origin"), null, origin);
    }
    assert.equal(providerRequests().length, 0, "a refused origin reached the gateway");

    const noOrigin = await call("zapi", "/api/getInvitationLink", { body: { groupId: "120363400000000004" } });
    assert.equal(noOrigin.status, 200);
    assert.equal(noOrigin.headers.get("Access-Control-Allow-Origin"), null);
    const sameOrigin = await call("zapi", "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, headers: { Origin: workers.zapi.url.origin } });
    assert.equal(sameOrigin.status, 200, sameOrigin.text);
    assert.equal(sameOrigin.headers.get("Access-Control-Allow-Origin"), null);
  });

  test("no response body or header ever contained a token or client token", () => {
    assert.ok(seen.length >= 40, `only ${seen.length} responses were collected`);
    assert.ok(seen.some((s) => s.status >= 500) && seen.some((s) => s.status === 200), "the sweep needs both successes and gateway errors");
    const leaks = [];
    for (const s of seen) {
      const texts = [s.text, ...s.headers.flat()];
      for (const t of texts) for (const secret of SECRETS) if (t.includes(secret)) leaks.push(`${s.where} → ${s.status}: ${t.slice(0, 200)}`);
    }
    assert.deepEqual(leaks, []);
  });
});
