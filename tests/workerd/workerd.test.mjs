// wa-groups in Cloudflare's runtime: the packed package installed into a consumer
// project, Workers bundled by wrangler (deploy --dry-run), run in workerd by miniflare,
// called over HTTP on 127.0.0.1, against the gateway simulator. Run by
// tests/workerd/run.sh, which prepares the bundles and sets WA_GROUPS_SIM.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startWorker } from "./harness.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const { startSimulator, SIM_CREDENTIALS } = await import(process.env.WA_GROUPS_SIM);
// jose from the consumer project (run.sh installs it): the tests sign their own tokens.
const jose = await import("jose");
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
  const logs = []; // everything the Workers wrote (console.*), for the sweep

  // Authentication: by default the Workers check HS256 tokens with this secret, issuer and
  // audience; `jwks` checks keys from a JWKS served here on 127.0.0.1, `access` Cloudflare
  // Access's header against certs served here too.
  const AUTH_SECRET = `hs-test-secret-${randomBytes(24).toString("hex")}`;
  const SHORT_SECRET = "short-secret-9f2c7e";
  const ISSUER = "https://app.example.com/auth";
  const AUDIENCE = "wa-groups-api";
  const IDP_ISSUER = "https://idp.example.com/";
  const TEAM = "wa-groups-test.cloudflareaccess.com";
  const ACCESS_AUD = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";
  const hsKey = new TextEncoder().encode(AUTH_SECRET);
  const minted = []; // every token made here: none may ever come back
  const keys = {}; // key pairs: rsa and ec (in the JWKS), stranger (in none), access (Access's certs)
  let keyServer;
  let TOKEN_OK; // a valid HS256 token for the default Workers

  /** A signed JWT; `claims` are merged over sub/iss/aud/exp defaults (undefined drops one). */
  async function mint({ key = hsKey, alg = "HS256", kid, claims = {} } = {}) {
    const now = Math.floor(Date.now() / 1000);
    const payload = { sub: "user-1", iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 1800, ...claims };
    for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
    const token = await new jose.SignJWT(payload).setProtectedHeader({ alg, typ: "JWT", ...(kid ? { kid } : {}) }).sign(key);
    minted.push(token);
    return token;
  }
  const bearer = (token) => ({ Authorization: `Bearer ${token}` });

  /** Serves JSON on 127.0.0.1: `routes` maps a path to a function returning the body. */
  async function serveJson(routes) {
    const hits = [];
    const server = createServer((req, res) => {
      hits.push(req.url);
      const body = routes[req.url]?.();
      if (body === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${server.address().port}`, hits, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  const envFor = (provider, extra = {}) => {
    const c = SIM_CREDENTIALS[provider];
    const env = {
      PROVIDER: provider,
      INSTANCE: c.instance,
      TOKEN: c.token,
      ...(c.clientToken ? { CLIENT_TOKEN: c.clientToken } : {}),
      BASE_URL: sim.url,
      TIMEOUT_MS: "1000",
      OPERATIONS: ALL_OPERATIONS,
      ALLOWED_ORIGINS: `${ALLOWED}, http://localhost:5173`,
      AUTH_JWT_SECRET: AUTH_SECRET,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      ...extra,
    };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    return env;
  };
  const NO_AUTH = { AUTH_JWT_SECRET: undefined, AUTH_ISSUER: undefined, AUTH_AUDIENCE: undefined };

  /** POSTs (by default) to a Worker, with TOKEN_OK unless `token` says otherwise (null: no Authorization). */
  async function call(name, path, { method = "POST", body, headers = {}, raw, token = TOKEN_OK } = {}) {
    const auth = token === null ? {} : bearer(token);
    const init = { method, headers: { ...(body !== undefined || raw !== undefined ? { "Content-Type": "application/json" } : {}), ...auth, ...headers } };
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
    for (const [name, alg] of [
      ["rsa", "RS256"],
      ["ec", "ES256"],
      ["stranger", "RS256"],
      ["access", "RS256"],
    ]) {
      keys[name] = { alg, ...(await jose.generateKeyPair(alg, { extractable: true })) };
      keys[name].jwk = { ...(await jose.exportJWK(keys[name].publicKey)), kid: `${name}-1`, alg, use: "sig" };
    }
    keyServer = await serveJson({
      "/.well-known/jwks.json": () => ({ keys: [keys.rsa.jwk, keys.ec.jwk] }),
      "/cdn-cgi/access/certs": () => ({ keys: [keys.access.jwk] }),
    });
    TOKEN_OK = await mint();
    const configs = {
      zapi: envFor("zapi"),
      ryze: envFor("ryze"),
      limited: envFor("zapi", { OPERATIONS: "getInvitationLink" }),
      unreachable: envFor("ryze", { BASE_URL: deadUrl }),
      misconfigured: envFor("zapi", { PROVIDER: "whatsapp" }),
      retrying: envFor("zapi", { MAX_RETRIES: "2" }),
      badRetries: envFor("zapi", { MAX_RETRIES: "many" }),
      jwks: envFor("ryze", { ...NO_AUTH, AUTH_JWKS_URL: `${keyServer.url}/.well-known/jwks.json`, AUTH_ISSUER: IDP_ISSUER, AUTH_AUDIENCE: AUDIENCE }),
      access: envFor("zapi", { ...NO_AUTH, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD, ACCESS_CERTS_URL: `${keyServer.url}/cdn-cgi/access/certs` }),
      noAuth: envFor("zapi", NO_AUTH),
      shortSecret: envFor("zapi", { AUTH_JWT_SECRET: SHORT_SECRET }),
      twoModes: envFor("zapi", { AUTH_JWKS_URL: `${keyServer.url}/.well-known/jwks.json` }),
      jwksNoAudience: envFor("ryze", { ...NO_AUTH, AUTH_JWKS_URL: `${keyServer.url}/.well-known/jwks.json` }),
      jwksDown: envFor("ryze", { ...NO_AUTH, AUTH_JWKS_URL: `${deadUrl}/.well-known/jwks.json`, AUTH_AUDIENCE: AUDIENCE }),
    };
    await Promise.all(
      Object.entries(configs).map(async ([name, bindings]) => {
        workers[name] = await startWorker({ dir: dist, bindings, onOutput: (text) => logs.push({ name, text }) });
      }),
    );
  });
  after(async () => {
    await Promise.all(Object.values(workers).map((w) => w.dispose()));
    await keyServer?.close();
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
      const api = createApi(workers[provider].url.origin, { token: TOKEN_OK });
      for (const [operation, fields] of Object.entries(examples)) {
        assert.ok(fields !== null && typeof fields === "object" && !Array.isArray(fields), `${operation}: ${JSON.stringify(fields)}`);
        const result = await api.call(operation, fields);
        assert.ok(result && typeof result === "object", `${operation}: ${JSON.stringify(result)}`);
      }
    });

    test(`${provider}: the page's plain-fetch module (public/wa-groups-api.js) against it`, async () => {
      const { createApi, ApiError } = await import(pathToFileURL(join(HERE, "example-worker", "public", "wa-groups-api.js")).href);
      const api = createApi(workers[provider].url.origin, { token: TOKEN_OK });
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

  /** A 401 as RFC 6750 and the Worker document it; `code` is AuthError's. */
  function assertUnauthenticated(r, code, what) {
    assert.equal(r.status, 401, `${what}: ${r.text}`);
    assert.equal(r.json?.error?.kind, "unauthenticated", `${what}: ${r.text}`);
    assert.equal(r.json.error.code, code, `${what}: ${r.text}`);
    const challenge = r.headers.get("WWW-Authenticate") ?? "";
    assert.match(challenge, /^Bearer /, what);
    if (code === "missing_token") assert.doesNotMatch(challenge, /error=/, `${what}: no error code without a token (RFC 6750 3.1)`);
    else assert.match(challenge, /error="invalid_token", error_description="[^"]+"/, what);
    assert.equal(r.headers.get("Cache-Control"), "no-store", what);
  }
  const CREATE = { name: "Sem token", participants: ["5511977776666"] };

  test("no token: every /api request is 401 before anything else (no body read, no validation, no gateway)", async () => {
    const cases = [
      ["a valid create", "/api/createGroup", { body: CREATE }],
      ["an unknown operation", "/api/deleteGroup", { body: {} }],
      ["an operation not in OPERATIONS", "/api/createGroup", { body: CREATE }, "limited"],
      ["GET", "/api/getInvitationLink", { method: "GET" }],
      ["text/plain", "/api/getInvitationLink", { raw: "{}", headers: { "Content-Type": "text/plain" } }],
      ["invalid JSON", "/api/getInvitationLink", { raw: "{not json" }],
      ["invalid input", "/api/createGroup", { body: { name: " ", participants: ["abc"] } }],
      ["a body over 64 KiB", "/api/getInvitationLink", { body: { groupId: "1".repeat(70_000) } }],
      ["an origin that is not allowed", "/api/createGroup", { body: CREATE, headers: { Origin: "https://evil.example" } }],
      ["an empty Authorization header", "/api/createGroup", { body: CREATE, headers: { Authorization: "" } }],
    ];
    for (const [what, path, options, name = "zapi"] of cases) {
      assertUnauthenticated(await call(name, path, { ...options, token: null }), "missing_token", what);
    }
    assert.deepEqual(sim.requests(), [], "the simulator saw a request");
    // An allowed page on another origin can read the 401 (CORS headers on it), and its
    // preflight (which never carries credentials) is answered, allowing the header.
    const cross = await call("zapi", "/api/createGroup", { body: CREATE, token: null, headers: { Origin: ALLOWED } });
    assertUnauthenticated(cross, "missing_token", "cross-origin");
    assert.equal(cross.headers.get("Access-Control-Allow-Origin"), ALLOWED);
    const preflight = await call("zapi", "/api/createGroup", {
      method: "OPTIONS",
      token: null,
      headers: { Origin: ALLOWED, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type" },
    });
    assert.equal(preflight.status, 204, preflight.text);
    assert.match(preflight.headers.get("Access-Control-Allow-Headers") ?? "", /Authorization/);
    assert.deepEqual(sim.requests(), []);
  });

  test("bad tokens are 401 with what was wrong, and reach no gateway", async () => {
    const now = Math.floor(Date.now() / 1000);
    const valid = await mint();
    const [head, payload, signature] = valid.split(".");
    const forged = [head, jose.base64url.encode(JSON.stringify({ ...jose.decodeJwt(valid), sub: "admin" })), signature].join(".");
    const otherSecret = new TextEncoder().encode(`another-secret-${randomBytes(24).toString("hex")}`);
    const none = new jose.UnsecuredJWT({ sub: "user-1", iss: ISSUER, aud: AUDIENCE, exp: now + 600 }).encode();
    minted.push(none, forged);
    const cases = [
      ["not a JWT", { Authorization: "Bearer not-a-jwt" }, "malformed"],
      ["another scheme", { Authorization: `Basic ${btoa("user:pass")}` }, "malformed"],
      ["Bearer without a token", { Authorization: "Bearer" }, "malformed"],
      ["three parts that are no JWT", { Authorization: "Bearer aaaa.bbbb.cccc" }, "malformed"],
      ["a truncated token", bearer(`${head}.${payload}`), "malformed"],
      ["another secret's signature", bearer(await mint({ key: otherSecret })), "invalid_token"],
      ["a forged payload", bearer(forged), "invalid_token"],
      ["alg: none", bearer(none), "invalid_token"],
      ["alg: none with a signature", bearer(`${none.slice(0, -1)}.${signature}`), "invalid_token"],
      ["RS256 where HS256 is configured", bearer(await mint({ key: keys.rsa.privateKey, alg: "RS256", kid: "rsa-1" })), "invalid_token"],
      ["expired", bearer(await mint({ claims: { exp: now - 60 } })), "expired"],
      ["not yet valid", bearer(await mint({ claims: { nbf: now + 3600 } })), "not_yet_valid"],
      ["another issuer", bearer(await mint({ claims: { iss: "https://evil.example" } })), "invalid_claims"],
      ["another audience", bearer(await mint({ claims: { aud: "another-api" } })), "invalid_claims"],
      ["no audience", bearer(await mint({ claims: { aud: undefined } })), "invalid_claims"],
      ["no subject", bearer(await mint({ claims: { sub: undefined } })), "invalid_claims"],
      ["an empty subject", bearer(await mint({ claims: { sub: "" } })), "invalid_claims"],
      ["no expiry", bearer(await mint({ claims: { exp: undefined } })), "invalid_claims"],
    ];
    for (const [what, headers, code] of cases) {
      const r = await call("zapi", "/api/createGroup", { body: CREATE, token: null, headers });
      assertUnauthenticated(r, code, what);
      const token = (headers.Authorization ?? "").replace(/^Bearer /, "");
      if (token.length > 20) assert.ok(!r.text.includes(token) && !r.headers.get("WWW-Authenticate").includes(token), `${what}: the answer echoes the token`);
    }
    assert.deepEqual(sim.requests(), [], "a bad token reached the gateway");
  });

  test("valid HS256 (and HS384, HS512) tokens work; the audience may be one of a list", async () => {
    for (const alg of ["HS256", "HS384", "HS512"]) {
      const r = await call("zapi", "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, token: await mint({ alg }) });
      assert.equal(r.status, 200, `${alg}: ${r.text}`);
    }
    const listed = await call("ryze", "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, token: await mint({ claims: { aud: ["other-api", AUDIENCE] } }) });
    assert.equal(listed.status, 200, listed.text);
    const lower = await call("ryze", "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, token: null, headers: { Authorization: `bearer ${TOKEN_OK}` } });
    assert.equal(lower.status, 200, `the scheme is case-insensitive: ${lower.text}`);
  });

  test("JWKS mode: RS256 and ES256 tokens from the key set work; other keys and algorithms do not", async () => {
    const read = (token, headers) => call("jwks", "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, token, headers });
    const idp = { iss: IDP_ISSUER };
    for (const name of ["rsa", "ec"]) {
      const r = await read(await mint({ key: keys[name].privateKey, alg: keys[name].alg, kid: `${name}-1`, claims: idp }));
      assert.equal(r.status, 200, `${name}: ${r.text}`);
    }
    const sent = providerRequests().length;
    const jwkFetches = keyServer.hits.filter((h) => h === "/.well-known/jwks.json").length;
    assert.ok(jwkFetches >= 1, "the Worker never fetched the JWKS from 127.0.0.1");
    const rsaPublicAsSecret = new TextEncoder().encode(JSON.stringify(keys.rsa.jwk));
    const spki = new TextEncoder().encode(await jose.exportSPKI(keys.rsa.publicKey));
    const cases = [
      ["a key not in the JWKS, under a kid that is", await mint({ key: keys.stranger.privateKey, alg: "RS256", kid: "rsa-1", claims: idp }), "invalid_token"],
      ["a key not in the JWKS, under its own kid", await mint({ key: keys.stranger.privateKey, alg: "RS256", kid: "stranger-1", claims: idp }), "invalid_token"],
      ["HS256 with the public JWK as the secret (algorithm confusion)", await mint({ key: rsaPublicAsSecret, alg: "HS256", kid: "rsa-1", claims: idp }), "invalid_token"],
      ["HS256 with the public PEM as the secret (algorithm confusion)", await mint({ key: spki, alg: "HS256", kid: "rsa-1", claims: idp }), "invalid_token"],
      ["HS256 with the Workers' default secret", await mint({ claims: idp }), "invalid_token"],
      ["another audience", await mint({ key: keys.rsa.privateKey, alg: "RS256", kid: "rsa-1", claims: { ...idp, aud: "another-api" } }), "invalid_claims"],
      ["another issuer", await mint({ key: keys.ec.privateKey, alg: "ES256", kid: "ec-1" }), "invalid_claims"],
      ["expired", await mint({ key: keys.rsa.privateKey, alg: "RS256", kid: "rsa-1", claims: { ...idp, exp: Math.floor(Date.now() / 1000) - 60 } }), "expired"],
    ];
    for (const [what, token, code] of cases) assertUnauthenticated(await read(token), code, what);
    assert.equal(providerRequests().length, sent, "a refused token reached the gateway");
    // Cached per URL: not one fetch per request (an unknown kid may refetch once, after a cooldown).
    assert.ok(keyServer.hits.filter((h) => h === "/.well-known/jwks.json").length <= jwkFetches + 1, keyServer.hits.join(", "));
  });

  test("Cloudflare Access mode: the Cf-Access-Jwt-Assertion header, Access's keys, its audience", async () => {
    const read = (headers) => call("access", "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, token: null, headers });
    const accessToken = (claims = {}, key = keys.access, kid = "access-1") =>
      mint({ key: key.privateKey, alg: key.alg, kid, claims: { iss: `https://${TEAM}`, aud: [ACCESS_AUD], email: "ana@example.com", sub: "7335d417-61da-459d-899c-0a01c76a2f94", ...claims } });
    const user = await read({ "Cf-Access-Jwt-Assertion": await accessToken() });
    assert.equal(user.status, 200, user.text);
    // A service token's `sub` is empty; its client id (common_name) is the subject.
    const service = await read({ "Cf-Access-Jwt-Assertion": await accessToken({ sub: "", email: undefined, common_name: "a1b2c3.access" }) });
    assert.equal(service.status, 200, service.text);
    assert.ok(keyServer.hits.includes("/cdn-cgi/access/certs"), "Access's certs were not fetched");
    const sent = providerRequests().length;
    assertUnauthenticated(await read({}), "missing_token", "no header");
    assertUnauthenticated(await read(bearer(await accessToken())), "missing_token", "the token as Authorization instead of Access's header");
    assertUnauthenticated(await read({ "Cf-Access-Jwt-Assertion": await accessToken({ aud: ["another-application"] }) }), "invalid_claims", "another application's AUD");
    assertUnauthenticated(await read({ "Cf-Access-Jwt-Assertion": await accessToken({ iss: "https://other-team.cloudflareaccess.com" }) }), "invalid_claims", "another team");
    assertUnauthenticated(await read({ "Cf-Access-Jwt-Assertion": await accessToken({}, keys.rsa, "rsa-1") }), "invalid_token", "a key that is not Access's");
    assertUnauthenticated(await read({ "Cf-Access-Jwt-Assertion": await mint({ claims: { iss: `https://${TEAM}`, aud: ACCESS_AUD } }) }), "invalid_token", "HS256");
    assertUnauthenticated(await read({ "Cf-Access-Jwt-Assertion": "not-a-jwt" }), "malformed", "not a JWT");
    assert.equal(providerRequests().length, sent, "a refused token reached the gateway");
  });

  test("no authentication configured (or a wrong one): every request is 500, the log says what to set", async () => {
    const flushed = () => new Promise((resolve) => setTimeout(resolve, 300));
    for (const [name, hint] of [
      ["noAuth", /AUTH_JWT_SECRET.*AUTH_JWKS_URL.*ACCESS_TEAM_DOMAIN/],
      ["shortSecret", /AUTH_JWT_SECRET is shorter than 32 bytes/],
      ["twoModes", /only one way to authenticate/],
      ["jwksNoAudience", /AUTH_JWKS_URL needs AUTH_AUDIENCE/],
    ]) {
      for (const token of [TOKEN_OK, null]) {
        const r = await call(name, "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, token });
        assert.equal(r.status, 500, `${name}: ${r.text}`);
        assert.equal(r.json.error.kind, "misconfigured", name);
        assert.doesNotMatch(r.text, /AUTH_|ACCESS_/, `${name}: the page is not told the server's settings`);
        assert.equal(r.headers.get("WWW-Authenticate"), null, name);
      }
      await flushed();
      const said = logs
        .filter((l) => l.name === name)
        .map((l) => l.text)
        .join("");
      assert.match(said, hint, `${name} logged: ${said}`);
    }
    assert.deepEqual(sim.requests(), []);
  });

  test("keys that cannot be fetched: 503 with Retry-After, never a pass", async () => {
    const token = await mint({ key: keys.rsa.privateKey, alg: "RS256", kid: "rsa-1" });
    const r = await call("jwksDown", "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, token });
    assert.equal(r.status, 503, r.text);
    assert.deepEqual([r.json.error.kind, r.json.error.code], ["unavailable", "keys_unavailable"]);
    assert.ok(Number(r.headers.get("Retry-After")) > 0);
    assert.equal(r.headers.get("WWW-Authenticate"), null);
    assert.deepEqual(sim.requests(), []);
  });

  test("the page sends its token: createApi({ token }), a function read before each call, none behind Access", async () => {
    const { createApi, ApiError } = await import(pathToFileURL(join(HERE, "example-worker", "public", "wa-groups-api.js")).href);
    const base = workers.zapi.url.origin;
    await assert.rejects(createApi(base).getInvitationLink("120363400000000004"), (e) => e instanceof ApiError && e.httpStatus === 401 && e.kind === "unauthenticated" && e.code === "missing_token");
    // What the page does: the token from sessionStorage, read at each call.
    const storage = new Map();
    const api = createApi({ base, token: () => storage.get("wa-groups-api-token") ?? null });
    await assert.rejects(api.getInvitationLink("120363400000000004"), (e) => e.httpStatus === 401 && e.code === "missing_token");
    storage.set("wa-groups-api-token", await mint({ claims: { exp: Math.floor(Date.now() / 1000) - 5 } }));
    await assert.rejects(api.getInvitationLink("120363400000000004"), (e) => e.httpStatus === 401 && e.code === "expired");
    storage.set("wa-groups-api-token", TOKEN_OK);
    assert.equal((await api.getInvitationLink("120363400000000004")).groupId, jid("120363400000000004"));
    const asyncToken = createApi(base, { token: async () => TOKEN_OK });
    assert.equal((await asyncToken.call("getInvitationLink", { groupId: "120363400000000004" })).groupId, jid("120363400000000004"));
    // Behind Access the page sends no Authorization of its own (Access adds its header).
    const viaAccess = createApi(workers.access.url.origin);
    await assert.rejects(viaAccess.getInvitationLink("120363400000000004"), (e) => e.httpStatus === 401 && e.code === "missing_token");

    // The page itself: a password field, kept in sessionStorage, read for each call.
    const page = readFileSync(join(HERE, "example-worker", "public", "index.html"), "utf8");
    assert.match(page, /<input id="token" type="password"/);
    assert.match(page, /sessionStorage\.setItem\(TOKEN_KEY, token\.value\.trim\(\)\)/);
    assert.match(page, /createApi\(\{ token: \(\) => sessionStorage\.getItem\(TOKEN_KEY\) \}\)/);
    assert.doesNotMatch(page, /localStorage/, "the token is kept for the tab only");
  });

  test("mint-token.mjs makes a token the Worker accepts", async () => {
    const env = { ...process.env, AUTH_JWT_SECRET: AUTH_SECRET, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE };
    const stdout = await new Promise((resolve, reject) =>
      execFile(process.execPath, [join(HERE, "example-worker", "mint-token.mjs"), "script-user", "--hours", "1"], { env, timeout: 30_000 }, (e, out) => (e ? reject(e) : resolve(out))),
    );
    const token = stdout.trim();
    minted.push(token);
    assert.equal(jose.decodeJwt(token).sub, "script-user");
    const r = await call("ryze", "/api/getInvitationLink", { body: { groupId: "120363400000000004" }, token });
    assert.equal(r.status, 200, r.text);
  });

  test("no response, header or log line ever contained a token, the auth secret or a gateway credential", async () => {
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last log lines
    const secrets = [...SECRETS, AUTH_SECRET, SHORT_SECRET, ...minted, ...minted.map((t) => t.split(".")[2]).filter((sig) => sig.length > 20)];
    const leaks = [];
    for (const s of seen) for (const t of [s.text, ...s.headers.flat()]) for (const secret of secrets) if (t.includes(secret)) leaks.push(`${s.where} → ${s.status}: ${t.slice(0, 120)}`);
    for (const l of logs) for (const secret of secrets) if (l.text.includes(secret)) leaks.push(`log of ${l.name}: ${l.text.slice(0, 120)}`);
    assert.deepEqual(leaks, []);
    assert.ok(minted.length >= 30, `only ${minted.length} tokens were made`);
    assert.ok(
      logs.some((l) => /unauthenticated request refused \(missing_token\)/.test(l.text)),
      "the refusals are logged (codes only)",
    );
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
