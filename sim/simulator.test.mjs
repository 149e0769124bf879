// Tests of the simulator's own rules. Run: node --test sim/
import { test, describe, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startSimulator } from "./simulator.mjs";
import { BOT, CLUBE, ESCOLA, OLD, R, Z, call } from "./testkit.mjs";

let sim;
before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
});

/** Z-API call. suffix like "/create-group"; clientToken null = no header; contentType null = fetch default. */
function zapi(suffix, { method = "POST", body, clientToken = Z.clientToken, contentType = "application/json", instance = Z.instance, token = Z.token, headers = {} } = {}) {
  const h = { ...headers };
  if (clientToken !== null) h["Client-Token"] = clientToken;
  if (body !== undefined && contentType !== null) h["Content-Type"] = contentType;
  return call(`${sim.url}/instances/${instance}/token/${token}${suffix}`, { method, headers: h, body });
}

/** RyzeAPI call. route like "group/create"; token null = no header. */
function ryze(route, { method = "POST", body, token = R.token, instance = R.instance, query = "", contentType = "application/json", headers = {} } = {}) {
  const h = { ...headers };
  if (token !== null) h.token = token;
  if (body !== undefined && contentType !== null) h["Content-Type"] = contentType;
  return call(`${sim.url}/api/${route}/${instance}${query}`, { method, headers: h, body });
}

const control = (path, body) => call(`${sim.url}/__sim/${path}`, body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body });

const ryzeError = (message) => ({ success: false, error: { message } });
const group = (provider, id) => sim.state(provider).groups.find((g) => g.id === id);
const community = (provider, id) => sim.state(provider).communities.find((c) => c.id === id);

// ------------------------------------------------------------------------------------

describe("seed and state", () => {
  test("seed holds the documented groups and communities, identically for both providers", () => {
    const z = sim.state("zapi");
    const r = sim.state("ryze");
    // The WhatsApp side is the same; the gateways' own settings (webhooks) differ in shape.
    assert.deepEqual({ ...z, provider: null, webhooks: null }, { ...r, provider: null, webhooks: null });
    assert.deepEqual(z.webhooks, { received: null });
    assert.deepEqual(r.webhooks, []);
    assert.deepEqual(z.privacy, { groupAdd: { type: "ALL", blacklist: [] } });
    assert.equal(z.bot, BOT);
    const names = Object.fromEntries(z.groups.map((g) => [g.id, g.name]));
    assert.deepEqual(names, {
      "120363400000000002": "Avisos",
      "120363400000000003": "Turma A",
      "120363400000000004": "Turma B",
      "120363400000000005": "Turma C",
      "120363400000000006": "Turma D",
      [OLD]: "Pais e Mestres",
      "120363400000000011": "Avisos do Clube",
      "120363400000000012": "Futebol",
      120363400000000020: "Grupo Externo",
    });
    const escola = community("zapi", ESCOLA);
    assert.equal(escola.name, "Escola Central");
    assert.equal(escola.announcementsId, "120363400000000002");
    assert.deepEqual(escola.subgroups, ["120363400000000003"]);
    const clube = community("zapi", CLUBE);
    assert.equal(clube.name, "Clube");
    assert.equal(clube.announcementsId, "120363400000000011");
    assert.deepEqual(clube.subgroups, ["120363400000000012"]);
    assert.equal(group("zapi", "120363400000000002").isAnnouncement, true);
    assert.equal(group("zapi", "120363400000000004").communityId, null);
    assert.equal(group("zapi", "120363400000000002").jid, "120363400000000002@g.us");
  });

  test("bot is super admin everywhere except Grupo Externo; invite codes are 22 alphanumerics", () => {
    for (const g of [...sim.state("zapi").groups, ...sim.state("zapi").communities]) {
      const me = g.participants.find((p) => p.phone === BOT);
      assert.ok(me, `bot is a member of ${g.id}`);
      if (g.id === "120363400000000020") assert.deepEqual([me.isAdmin, me.isSuperAdmin], [false, false]);
      else assert.deepEqual([me.isAdmin, me.isSuperAdmin], [true, true], g.id);
      assert.match(g.inviteCode, /^[A-Za-z0-9]{22}$/);
    }
  });

  test("invite codes are deterministic across resets", () => {
    const before = sim.state("ryze").groups.map((g) => g.inviteCode);
    sim.reset();
    assert.deepEqual(
      sim.state("ryze").groups.map((g) => g.inviteCode),
      before,
    );
  });

  test("providers keep separate state and new ids come from a counter", async () => {
    const a = await zapi("/create-group", { body: { autoInvite: false, groupName: "N1", phones: ["5511911112222"] } });
    const b = await zapi("/create-group", { body: { autoInvite: false, groupName: "N2", phones: ["5511911112222"] } });
    assert.equal(a.json.phone, "120363500000000001-group");
    assert.equal(b.json.phone, "120363500000000002-group");
    assert.ok(group("zapi", "120363500000000002"));
    assert.equal(group("ryze", "120363500000000001"), undefined);
    const c = await ryze("group/create", { body: { name: "R1", participants: ["5511911112222"] } });
    assert.equal(c.json.group.jid, "120363500000000001@g.us");
  });

  test("state over HTTP, with and without provider", async () => {
    const one = await call(`${sim.url}/__sim/state?provider=ryze`);
    assert.equal(one.status, 200);
    assert.equal(one.json.provider, "ryze");
    assert.equal(one.json.communities.length, 2);
    const both = await call(`${sim.url}/__sim/state`);
    assert.ok(both.json.zapi && both.json.ryze);
    const bad = await call(`${sim.url}/__sim/state?provider=x`);
    assert.equal(bad.status, 400);
  });

  test("reset restores seed, scripts, log, rate windows and config", async () => {
    await zapi("/create-group", { body: { autoInvite: false, groupName: "N1", phones: ["5511911112222"] } });
    sim.script({ path: "/create-group", status: 500 });
    sim.configure({ ryzeRateLimit: 1, disconnected: { zapi: true } });
    await ryze("group/info", { method: "GET", query: "?identifier=120363400000000003@g.us" });
    const r = await control("reset", {});
    assert.equal(r.status, 200);
    assert.equal(group("zapi", "120363500000000001"), undefined);
    assert.deepEqual(sim.requests(), []);
    assert.equal(sim.config().ryzeRateLimit, 100);
    assert.equal(sim.config().disconnected.zapi, false);
    const created = await zapi("/create-group", { body: { autoInvite: false, groupName: "N1", phones: ["5511911112222"] } });
    assert.equal(created.status, 200, "script was cleared");
    assert.equal(created.json.phone, "120363500000000001-group", "counter restarted");
    const info = await ryze("group/info", { method: "GET", query: "?identifier=120363400000000003@g.us" });
    assert.equal(info.headers.get("x-ratelimit-remaining"), "99", "rate window cleared");
  });

  test("startSimulator options are initial settings, and reset returns to them", async () => {
    const other = await startSimulator({ ryzeRateLimit: 7, zapiClientTokenRequired: false });
    try {
      assert.match(other.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(other.config().ryzeRateLimit, 7);
      other.configure({ ryzeRateLimit: 9 });
      other.reset();
      assert.equal(other.config().ryzeRateLimit, 7);
      await assert.rejects(startSimulator({ nope: 1 }), TypeError);
    } finally {
      await other.close();
    }
  });
});

describe("CLI", () => {
  test("prints the listening line and stops on SIGTERM", async () => {
    const script = fileURLToPath(new URL("./simulator.mjs", import.meta.url));
    const child = spawn(process.execPath, [script, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const line = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve(out.split("\n")[0]);
      });
      child.on("exit", (code) => reject(new Error(`exited early: ${code}`)));
    });
    const m = /^wa-groups simulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
    assert.ok(m, line);
    const state = await call(`${m[1]}/__sim/state?provider=zapi`);
    assert.equal(state.status, 200);
    const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    child.kill("SIGTERM");
    assert.deepEqual(await exited, { code: 0, signal: null });
  });
});

// ------------------------------------------------------------------------------------

describe("Z-API auth, routing and transport", () => {
  const ok = { autoInvite: false, groupName: "G", phones: ["5511911112222"] };

  test("unknown instance → 404, wrong token → 401", async () => {
    const a = await zapi("/create-group", { body: ok, instance: "NOPE" });
    assert.deepEqual([a.status, a.json], [404, { error: "Instance not found" }]);
    const b = await zapi("/create-group", { body: ok, token: "WRONG" });
    assert.deepEqual([b.status, b.json], [401, { error: "Invalid token" }]);
  });

  test("Client-Token: missing → 400 null not allowed; wrong → 401, never echoed", async () => {
    const a = await zapi("/create-group", { body: ok, clientToken: null });
    assert.deepEqual([a.status, a.json], [400, { error: "null not allowed" }]);
    // 401 like a bad token: the draft docs' tables give 401 for Client-Token problems.
    const b = await zapi("/create-group", { body: ok, clientToken: "MY-WRONG-VALUE-123" });
    assert.deepEqual([b.status, b.json], [401, { error: "Client-Token not allowed" }]);
    assert.ok(!b.text.includes("MY-WRONG-VALUE-123"));
  });

  test("zapiClientTokenRequired=false lets calls through without Client-Token", async () => {
    sim.configure({ zapiClientTokenRequired: false });
    const a = await zapi("/create-group", { body: ok, clientToken: null });
    assert.equal(a.status, 200);
  });

  test("unknown route → 404 Cannot METHOD <full path> (echoing the token)", async () => {
    const a = await zapi("/no-such-thing?x=1", { method: "GET" });
    assert.equal(a.status, 404);
    assert.deepEqual(a.json, { error: `Cannot GET /instances/${Z.instance}/token/${Z.token}/no-such-thing` });
  });

  test("wrong method → 405; JSON route without application/json → 415", async () => {
    const a = await zapi("/create-group", { method: "GET" });
    assert.equal(a.status, 405);
    assert.equal(typeof a.json.error, "string");
    const b = await zapi("/communities/link", { body: JSON.stringify({ communityId: ESCOLA, groupsPhones: ["120363400000000004-group"] }), contentType: null });
    assert.equal(b.status, 415);
    assert.equal(typeof b.json.error, "string");
    const c = await zapi("/create-group", { body: ok, contentType: "application/json; charset=utf-8" });
    assert.equal(c.status, 200, "parameters on the media type are fine");
  });

  test("malformed JSON → 400 {error}, and the server keeps serving", async () => {
    const a = await zapi("/create-group", { body: "{not json" });
    assert.deepEqual([a.status, a.json], [400, { error: "Invalid JSON body" }]);
    const b = await zapi("/create-group", { body: "[1,2]" });
    assert.equal(b.status, 400);
    assert.equal((await zapi("/create-group", { body: ok })).status, 200);
  });

  test("body over 1 MB → 413 {error}", async () => {
    const big = JSON.stringify({ autoInvite: false, groupName: "x".repeat(1024 * 1024 + 10), phones: ["5511911112222"] });
    const a = await zapi("/create-group", { body: big });
    assert.equal(a.status, 413);
    assert.equal(typeof a.json.error, "string");
    assert.equal(sim.requests().at(-1).bodyTooLarge, true);
  });

  test("disconnected.zapi → 400 You are not connected. (after auth)", async () => {
    sim.configure({ disconnected: { zapi: true } });
    const a = await zapi("/create-group", { body: ok });
    assert.deepEqual([a.status, a.json], [400, { error: "You are not connected." }]);
    const b = await zapi(`/group-invitation-link/120363400000000004-group`, { method: "GET" });
    assert.deepEqual([b.status, b.json], [400, { error: "You are not connected." }]);
    const c = await zapi("/create-group", { body: ok, token: "WRONG" });
    assert.equal(c.status, 401);
    const r = await ryze("group/info", { method: "GET", query: "?identifier=120363400000000004@g.us" });
    assert.equal(r.status, 200, "Ryze is unaffected");
  });

  test("no rate-limit headers on Z-API", async () => {
    const a = await zapi("/create-group", { body: ok });
    assert.equal(a.headers.get("x-ratelimit-limit"), null);
    assert.equal(a.headers.get("x-ratelimit-remaining"), null);
  });
});

describe("Z-API create-group", () => {
  test("200 with phone, invitationLink, phonesNotAdded", async () => {
    const a = await zapi("/create-group", {
      body: { autoInvite: false, groupName: "Nova", phones: ["5511911112222", "5511911113333"] },
    });
    assert.equal(a.status, 200);
    assert.match(a.json.phone, /^\d+-group$/);
    assert.match(a.json.invitationLink, /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/);
    assert.deepEqual(a.json.phonesNotAdded, []);
    const g = group("zapi", a.json.phone.replace("-group", ""));
    assert.equal(g.name, "Nova");
    assert.deepEqual(
      g.participants.map((p) => p.phone),
      [BOT, "5511911112222", "5511911113333"],
    );
    assert.equal(a.json.invitationLink, `https://chat.whatsapp.com/${g.inviteCode}`);
  });

  test("@lid and phones ending in 0000 are not added and listed in phonesNotAdded (with and without autoInvite)", async () => {
    for (const autoInvite of [false, true]) {
      const a = await zapi("/create-group", {
        body: { autoInvite, groupName: "P", phones: ["5511911112222", "5511911110000", "123456789012345@lid"] },
      });
      assert.equal(a.status, 200);
      assert.deepEqual(a.json.phonesNotAdded, ["5511911110000", "123456789012345@lid"]);
      const g = group("zapi", a.json.phone.replace("-group", ""));
      assert.deepEqual(
        g.participants.map((p) => p.phone),
        [BOT, "5511911112222"],
      );
      assert.deepEqual(g.pendingInvites, autoInvite ? ["5511911110000"] : []);
    }
  });

  test("missing or wrongly typed fields → 400 {error}", async () => {
    const bodies = [
      { groupName: "G", phones: ["5511911112222"] },
      { autoInvite: "yes", groupName: "G", phones: ["5511911112222"] },
      { autoInvite: false, phones: ["5511911112222"] },
      { autoInvite: false, groupName: 5, phones: ["5511911112222"] },
      { autoInvite: false, groupName: "G" },
      { autoInvite: false, groupName: "G", phones: "5511911112222" },
      { autoInvite: false, groupName: "G", phones: [5511911112222] },
      { autoInvite: false, groupName: "G", phones: ["+55 11 91111-2222"] },
      { autoInvite: false, groupName: "x".repeat(101), phones: ["5511911112222"] },
    ];
    for (const body of bodies) {
      const a = await zapi("/create-group", { body });
      assert.equal(a.status, 400, JSON.stringify(body));
      assert.equal(typeof a.json.error, "string");
    }
    assert.equal(sim.state("zapi").groups.length, 9, "nothing created");
  });

  test("at least one participant; the bot's own number is refused", async () => {
    const a = await zapi("/create-group", { body: { autoInvite: false, groupName: "G", phones: [] } });
    assert.equal(a.status, 400);
    const b = await zapi("/create-group", { body: { autoInvite: false, groupName: "G", phones: ["5511911112222", BOT] } });
    assert.equal(b.status, 400);
    assert.equal(typeof b.json.error, "string");
  });
});

describe("Z-API group-invitation-link", () => {
  // Z-API's docs give GET since 2026-02-18 (POST before), so GET is the default.
  const read = (id, method = "GET") => zapi(`/group-invitation-link/${id}`, { method });

  test("GET by default; accepts -group, old-style and bare ids", async () => {
    assert.equal(sim.config().zapiInvitationLinkMethod, "GET");
    const code = group("zapi", "120363400000000004").inviteCode;
    for (const id of ["120363400000000004-group", "120363400000000004"]) {
      const a = await read(id);
      assert.deepEqual([a.status, a.json], [200, { phone: "120363400000000004-group", invitationLink: `https://chat.whatsapp.com/${code}` }]);
    }
    const old = await read(OLD);
    assert.equal(old.status, 200);
    assert.equal(old.json.phone, OLD);
    assert.equal(old.json.invitationLink, `https://chat.whatsapp.com/${group("zapi", OLD).inviteCode}`);
  });

  test("zapiInvitationLinkMethod decides which method works; the other gets 405", async () => {
    const G = "120363400000000004-group";
    const post = await read(G, "POST");
    assert.deepEqual([post.status, post.json], [405, { error: "Method Not Allowed" }], "POST is refused by default");
    assert.equal(post.headers.get("allow"), "GET");
    // "POST" models an instance that still follows the docs from before 2026-02-18.
    sim.configure({ zapiInvitationLinkMethod: "POST" });
    assert.equal((await read(G, "POST")).status, 200);
    const get = await read(G, "GET");
    assert.equal(get.status, 405);
    assert.equal(get.headers.get("allow"), "POST");
    sim.reset();
    assert.equal((await read(G, "GET")).status, 200, "reset returns to GET");
  });

  test("unknown group → 404; not admin → 403; malformed id → 400", async () => {
    const a = await read("120363499999999999-group");
    assert.deepEqual([a.status, a.json], [404, { error: "Group not found" }]);
    // Z-API's error tables give 403 "Sem permissão" when only admins may do it.
    const b = await read("120363400000000020-group");
    assert.deepEqual([b.status, b.json], [403, { error: "Sem permissão: you are not an admin of this group" }]);
    const c = await read("abc@g.us");
    assert.equal(c.status, 400);
  });
});

describe("Z-API communities link/unlink", () => {
  const link = (communityId, groupsPhones) => zapi("/communities/link", { body: { communityId, groupsPhones } });
  const unlink = (communityId, groupsPhones) => zapi("/communities/unlink", { body: { communityId, groupsPhones } });

  test("all linked → exactly {success: true}", async () => {
    const a = await link(ESCOLA, ["120363400000000004-group", "120363400000000005-group", OLD]);
    assert.deepEqual([a.status, a.json], [200, { success: true }]);
    assert.deepEqual(community("zapi", ESCOLA).subgroups, ["120363400000000003", "120363400000000004", "120363400000000005", OLD]);
  });

  test("partial → success true, message, notLinked with phone + reason", async () => {
    const a = await link(ESCOLA, ["120363400000000004-group", "120363400000000012-group", "120363400000000020-group", "120363499999999999-group"]);
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, {
      success: true,
      message: "1 of 4 groups linked",
      notLinked: [
        { phone: "120363400000000012-group", reason: "group already belongs to another community" },
        { phone: "120363400000000020-group", reason: "not an admin of this group" },
        { phone: "120363499999999999-group", reason: "group not found" },
      ],
    });
  });

  test("none linked → success false; announcements group can't be linked", async () => {
    const a = await link(ESCOLA, ["120363400000000011-group", "120363400000000002-group"]);
    assert.equal(a.status, 200);
    assert.equal(a.json.success, false);
    assert.equal(a.json.message, "0 of 2 groups linked");
    assert.deepEqual(
      a.json.notLinked.map((f) => f.reason),
      ["the announcements group cannot be linked", "the announcements group cannot be linked"],
    );
  });

  test("relinking a group already in this community counts as linked", async () => {
    const a = await link(ESCOLA, ["120363400000000003-group"]);
    assert.deepEqual(a.json, { success: true });
  });

  test("unknown community → 404; bad bodies → 400", async () => {
    const a = await link("120363499999999999", ["120363400000000004-group"]);
    assert.deepEqual([a.status, a.json], [404, { error: "Community not found" }]);
    const b = await link("120363400000000004", ["120363400000000005-group"]);
    assert.equal(b.status, 404, "an ordinary group is not a community");
    for (const body of [
      { groupsPhones: ["120363400000000004-group"] },
      { communityId: ESCOLA },
      { communityId: ESCOLA, groupsPhones: [] },
      { communityId: `${ESCOLA}@g.us`, groupsPhones: ["x"] },
      { communityId: ESCOLA, groupsPhones: "120363400000000004-group" },
    ]) {
      const r = await zapi("/communities/link", { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(typeof r.json.error, "string");
    }
  });

  test("at most 50 ordinary subgroups per community (announcements not counted)", async () => {
    const ids = [];
    for (let i = 0; i < 47; i++) {
      const r = await zapi("/create-group", { body: { autoInvite: false, groupName: `G${i}`, phones: ["5511911112222"] } });
      ids.push(r.json.phone);
    }
    const first = await link(ESCOLA, ["120363400000000004-group", "120363400000000005-group", ...ids.slice(0, 46)]);
    assert.deepEqual(first.json, { success: true });
    assert.equal(community("zapi", ESCOLA).subgroups.length, 49);
    const second = await link(ESCOLA, ["120363400000000006-group", ids[46]]);
    assert.deepEqual(second.json, {
      success: true,
      message: "1 of 2 groups linked",
      notLinked: [{ phone: ids[46], reason: "community already has 50 subgroups" }],
    });
    assert.equal(community("zapi", ESCOLA).subgroups.length, 50);
  });

  test("unlink: success, the last ordinary group is kept, announcements can't be unlinked", async () => {
    await link(ESCOLA, ["120363400000000004-group"]);
    const a = await unlink(ESCOLA, ["120363400000000004-group"]);
    assert.deepEqual([a.status, a.json], [200, { success: true }]);
    assert.equal(group("zapi", "120363400000000004").communityId, null);
    const b = await unlink(ESCOLA, ["120363400000000003-group", "120363400000000002-group", "120363400000000005-group"]);
    assert.deepEqual(b.json, {
      success: false,
      message: "0 of 3 groups unlinked",
      notUnlinked: [
        { phone: "120363400000000003-group", reason: "a community must keep at least one group" },
        { phone: "120363400000000002-group", reason: "the announcements group cannot be unlinked" },
        { phone: "120363400000000005-group", reason: "group is not linked to this community" },
      ],
    });
    assert.equal(group("zapi", "120363400000000003").communityId, ESCOLA);
  });

  test("unlinking all ordinary groups at once keeps the last one", async () => {
    await link(CLUBE, ["120363400000000004-group"]);
    const a = await unlink(CLUBE, ["120363400000000012-group", "120363400000000004-group"]);
    assert.equal(a.json.success, true);
    assert.equal(a.json.message, "1 of 2 groups unlinked");
    assert.deepEqual(a.json.notUnlinked, [{ phone: "120363400000000004-group", reason: "a community must keep at least one group" }]);
  });
});

// ------------------------------------------------------------------------------------

describe("RyzeAPI auth, rate limit, CORS and transport", () => {
  const info = (opts = {}) => ryze("group/info", { method: "GET", query: "?identifier=120363400000000003@g.us", ...opts });

  test("missing token → 401 (no rate headers); wrong token → 401; unknown instance → 404", async () => {
    const a = await info({ token: null });
    assert.deepEqual([a.status, a.json], [401, ryzeError("Missing token in header")]);
    assert.equal(a.headers.get("x-ratelimit-limit"), null);
    const b = await info({ token: "WRONG" });
    assert.deepEqual([b.status, b.json], [401, ryzeError("Invalid instance token")]);
    assert.equal(b.headers.get("x-ratelimit-limit"), "100");
    const c = await info({ instance: "other-shop" });
    assert.deepEqual([c.status, c.json], [404, ryzeError("Instance not found")]);
    assert.equal(c.headers.get("x-ratelimit-remaining"), "99");
  });

  test("Authorization: Bearer is accepted as the token", async () => {
    const a = await info({ token: null, headers: { Authorization: `Bearer ${R.token}` } });
    assert.equal(a.status, 200);
  });

  test("every answer carries X-RateLimit-*; over the limit → 429 without Retry-After", async () => {
    sim.configure({ ryzeRateLimit: 3 });
    const t0 = Math.floor(Date.now() / 1000);
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const r = i === 1 ? await ryze("group/create", { body: {} }) : await info(); // an error answer counts too
      seen.push(r.headers.get("x-ratelimit-remaining"));
      assert.equal(r.headers.get("x-ratelimit-limit"), "3");
    }
    assert.deepEqual(seen, ["2", "1", "0"]);
    const over = await info();
    assert.deepEqual([over.status, over.json], [429, ryzeError("Rate limit exceeded. Try again later.")]);
    assert.equal(over.headers.get("x-ratelimit-remaining"), "0");
    assert.equal(over.headers.get("retry-after"), null);
    const t1 = Math.ceil(Date.now() / 1000);
    const reset = Number(over.headers.get("x-ratelimit-reset"));
    assert.ok(reset >= t0 + 60 && reset <= t1 + 60, `reset ${reset} vs ${t0}..${t1}`);
    // Per token: another token has its own bucket.
    const other = await info({ token: "ANOTHER" });
    assert.equal(other.status, 401);
    assert.equal(other.headers.get("x-ratelimit-remaining"), "2");
  });

  test("OPTIONS preflight is answered for both providers; every answer has CORS headers", async () => {
    for (const path of [`/api/group/create/${R.instance}`, `/instances/${Z.instance}/token/${Z.token}/create-group`]) {
      const res = await fetch(`${sim.url}${path}`, {
        method: "OPTIONS",
        headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,token" },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get("access-control-allow-origin"), "http://localhost:5173");
      assert.match(res.headers.get("access-control-allow-methods"), /GET, POST, PUT, DELETE/);
      for (const h of ["Content-Type", "token", "Client-Token", "Authorization"]) {
        assert.ok(res.headers.get("access-control-allow-headers").includes(h), h);
      }
    }
    const origin = { Origin: "http://example.test" };
    const answers = [
      await info({ headers: origin }),
      await info({ headers: origin, token: null }),
      await zapi("/create-group", { headers: origin, body: {} }),
      await zapi("/nope", { headers: origin }),
    ];
    for (const a of answers) {
      assert.equal(a.headers.get("access-control-allow-origin"), "http://example.test");
      assert.equal(a.headers.get("access-control-expose-headers"), "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After");
    }
    assert.equal(sim.requests().filter((r) => r.method === "OPTIONS").length, 0, "preflights are not logged");
  });

  test("disconnected.ryze → 400 Instance is not connected to WhatsApp", async () => {
    sim.configure({ disconnected: { ryze: true } });
    const a = await info();
    assert.deepEqual([a.status, a.json], [400, ryzeError("Instance is not connected to WhatsApp")]);
    const b = await ryze("community/link", { body: { communityJid: `${ESCOLA}@g.us`, groupJid: ["120363400000000004@g.us"] } });
    assert.equal(b.status, 400);
    assert.equal(b.headers.get("x-ratelimit-limit"), "100");
  });

  test("unknown route → 404, wrong method → 405, no JSON content type → 415, all enveloped", async () => {
    const a = await ryze("group/nope", { method: "GET" });
    assert.equal(a.status, 404);
    assert.equal(a.json.success, false);
    assert.equal(typeof a.json.error.message, "string");
    const b = await ryze("group/create", { method: "GET" });
    assert.equal(b.status, 405);
    assert.equal(b.json.success, false);
    const c = await ryze("group/create", { body: JSON.stringify({ name: "x", participants: ["5511911112222"] }), contentType: "text/plain" });
    assert.equal(c.status, 415);
    assert.equal(c.json.success, false);
  });

  test("malformed JSON → 400 envelope; body over 1 MB → 413 envelope", async () => {
    const a = await ryze("group/create", { body: "{oops" });
    assert.deepEqual([a.status, a.json], [400, ryzeError("Invalid JSON body")]);
    const b = await ryze("group/create", { body: JSON.stringify({ name: "x", participants: ["1".repeat(1024 * 1024)] }) });
    assert.equal(b.status, 413);
    assert.equal(b.json.success, false);
    assert.equal(typeof b.json.error.message, "string");
    assert.equal((await info()).status, 200);
  });
});

describe("RyzeAPI group create and info", () => {
  test("create → 200 {success, message, group: GroupInfo}; bot first as super admin", async () => {
    const a = await ryze("group/create", {
      body: {
        name: "Nova",
        participants: ["5511911112222", "5511911113333"],
        description: "desc",
        groupSettings: { membersCanSendMessages: false, requireAdminApproval: true },
      },
    });
    assert.equal(a.status, 200);
    assert.equal(a.json.success, true);
    assert.equal(a.json.message, "Group created successfully");
    const g = a.json.group;
    const code = group("ryze", "120363500000000001").inviteCode;
    assert.deepEqual(g, {
      name: "Nova",
      jid: "120363500000000001@g.us",
      description: "desc",
      inviteCode: code,
      inviteLink: `https://chat.whatsapp.com/${code}`,
      createdBy: `${BOT}@s.whatsapp.net`,
      participantCount: 3,
      participants: [
        { jid: `${BOT}@s.whatsapp.net`, isAdmin: true, isSuperAdmin: true },
        { jid: "5511911112222@s.whatsapp.net", isAdmin: false, isSuperAdmin: false },
        { jid: "5511911113333@s.whatsapp.net", isAdmin: false, isSuperAdmin: false },
      ],
      groupSettings: { membersCanEditInfo: true, membersCanSendMessages: false, membersCanAddOthers: false, requireAdminApproval: true },
    });
  });

  test("privacy-blocked (…0000) and @lid participants are simply absent", async () => {
    const a = await ryze("group/create", { body: { name: "P", participants: ["5511911112222", "5511911110000", "123456789012345@lid"] } });
    assert.equal(a.status, 200);
    assert.deepEqual(
      a.json.group.participants.map((p) => p.jid),
      [`${BOT}@s.whatsapp.net`, "5511911112222@s.whatsapp.net"],
    );
    assert.equal(a.json.group.participantCount, 2);
    assert.equal("phonesNotAdded" in a.json || "phonesNotAdded" in a.json.group, false);
  });

  test("validation: name required, participants required, name ≤ 100, bot refused", async () => {
    const cases = [
      [{ participants: ["5511911112222"] }, "name is required"],
      [{ name: "", participants: ["5511911112222"] }, "name is required"],
      [{ name: "G" }, "participants is required"],
      [{ name: "G", participants: [] }, "participants is required"],
    ];
    for (const [body, message] of cases) {
      const r = await ryze("group/create", { body });
      assert.deepEqual([r.status, r.json], [400, ryzeError(message)], JSON.stringify(body));
    }
    const long = await ryze("group/create", { body: { name: "x".repeat(101), participants: ["5511911112222"] } });
    assert.equal(long.status, 400);
    const exact = await ryze("group/create", { body: { name: "x".repeat(100), participants: ["5511911112222"] } });
    assert.equal(exact.status, 200);
    const botIn = await ryze("group/create", { body: { name: "G", participants: [BOT] } });
    assert.equal(botIn.status, 400);
    assert.equal(botIn.json.success, false);
  });

  test("create with communityJid links the new group; unknown community → 404", async () => {
    const a = await ryze("group/create", { body: { name: "Sub", participants: ["5511911112222"], communityJid: `${CLUBE}@g.us` } });
    assert.equal(a.status, 200);
    assert.equal(group("ryze", "120363500000000001").communityId, CLUBE);
    const b = await ryze("group/create", { body: { name: "Sub", participants: ["5511911112222"], communityJid: "120363499999999999@g.us" } });
    assert.deepEqual([b.status, b.json], [404, ryzeError("Community not found")]);
  });

  test("info by JID, invite code or invite link → GroupDetail", async () => {
    const code = group("ryze", "120363400000000003").inviteCode;
    for (const identifier of ["120363400000000003@g.us", code, `https://chat.whatsapp.com/${code}`]) {
      const r = await ryze("group/info", { method: "GET", query: `?identifier=${encodeURIComponent(identifier)}` });
      assert.equal(r.status, 200, identifier);
      const g = r.json.group;
      assert.equal(r.json.success, true);
      assert.equal(g.jid, "120363400000000003@g.us");
      assert.equal(g.name, "Turma A");
      assert.equal(g.inviteCode, code);
      assert.equal(g.inviteLink, `https://chat.whatsapp.com/${code}`);
      assert.equal(g.image, null);
      assert.equal(new Date(g.createdAt).toISOString(), g.createdAt);
      assert.deepEqual([g.isDefaultSubGroup, g.isEphemeral, g.isIncognito, g.isSuspended], [false, false, false, false]);
      assert.equal(g.participantCount, 4);
      assert.equal(g.participants.length, 4);
      assert.match(g.participants[0].lid, /^\d+@lid$/);
      assert.equal(typeof g.groupSettings.requireAdminApproval, "boolean");
    }
    const ann = await ryze("group/info", { method: "GET", query: "?identifier=120363400000000002@g.us" });
    assert.equal(ann.json.group.isDefaultSubGroup, true);
    const old = await ryze("group/info", { method: "GET", query: `?identifier=${OLD}@g.us` });
    assert.equal(old.json.group.name, "Pais e Mestres");
    assert.equal(old.json.group.createdAt, "2021-06-09T23:30:29.000Z");
  });

  test("info: participants=false omits the list; not admin → no invite fields", async () => {
    const a = await ryze("group/info", { method: "GET", query: "?identifier=120363400000000003@g.us&participants=false" });
    assert.equal(a.status, 200);
    assert.equal("participants" in a.json.group, false);
    assert.equal(a.json.group.participantCount, 4);
    const b = await ryze("group/info", { method: "GET", query: "?identifier=120363400000000020@g.us" });
    assert.equal(b.status, 200);
    assert.equal("inviteCode" in b.json.group, false);
    assert.equal("inviteLink" in b.json.group, false);
  });

  test("info: missing identifier → 400; unknown → 404", async () => {
    const a = await ryze("group/info", { method: "GET" });
    assert.deepEqual([a.status, a.json], [400, ryzeError("Identifier is required")]);
    for (const id of ["120363499999999999@g.us", "ZZZZZZZZZZZZZZZZZZZZZZ"]) {
      const r = await ryze("group/info", { method: "GET", query: `?identifier=${id}` });
      assert.deepEqual([r.status, r.json], [404, ryzeError("Group not found or you are not a member of this group")]);
    }
  });
});

describe("RyzeAPI community link/unlink", () => {
  const link = (body) => ryze("community/link", { body });
  const unlink = (body) => ryze("community/unlink", { body });

  test("validation: community jid, group jid, parse error 500, unknown community 404", async () => {
    assert.deepEqual((await link({ groupJid: ["120363400000000004@g.us"] })).json, ryzeError("community jid is required"));
    const noGroups = await link({ communityJid: `${ESCOLA}@g.us` });
    assert.deepEqual([noGroups.status, noGroups.json], [400, ryzeError("group jid is required")]);
    const empty = await unlink({ communityJid: `${ESCOLA}@g.us`, groupJid: [] });
    assert.deepEqual([empty.status, empty.json], [400, ryzeError("group jid is required")]);
    const parse = await link({ communityJid: ESCOLA, groupJid: ["120363400000000004@g.us"] });
    assert.equal(parse.status, 500);
    assert.match(parse.json.error.message, /^error parse community jid: /);
    const unknown = await link({ communityJid: "120363499999999999@g.us", groupJid: ["120363400000000004@g.us"] });
    assert.deepEqual([unknown.status, unknown.json], [404, ryzeError("Community not found")]);
  });

  test("link: full success shape", async () => {
    const a = await link({ communityJid: `${ESCOLA}@g.us`, groupJid: ["120363400000000004@g.us", "120363400000000005@g.us"] });
    assert.deepEqual([a.status, a.json], [200, { success: true, message: "Linked 2 of 2 groups to community", linked: ["120363400000000004@g.us", "120363400000000005@g.us"], failed: [] }]);
    assert.equal(group("ryze", "120363400000000005").communityId, ESCOLA);
  });

  test("link: partial and total failure are both 200, failed items are {jid, reason}", async () => {
    const a = await link({ communityJid: `${ESCOLA}@g.us`, groupJid: ["120363400000000003@g.us", "120363400000000012@g.us", "120363400000000020@g.us", "not-a-jid", "120363400000000002@g.us"] });
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, {
      success: true,
      message: "Linked 1 of 5 groups to community",
      linked: ["120363400000000003@g.us"],
      failed: [
        { jid: "120363400000000012@g.us", reason: "group already belongs to another community" },
        { jid: "120363400000000020@g.us", reason: "not an admin of this group" },
        { jid: "not-a-jid", reason: "invalid group jid" },
        { jid: "120363400000000002@g.us", reason: "the announcements group cannot be linked" },
      ],
    });
    const b = await link({ communityJid: `${ESCOLA}@g.us`, groupJid: ["120363499999999999@g.us"] });
    assert.equal(b.status, 200);
    assert.deepEqual(b.json, { success: false, message: "Linked 0 of 1 groups to community", linked: [], failed: [{ jid: "120363499999999999@g.us", reason: "group not found" }] });
  });

  test("unlink: linked[] lists the unlinked ones; last group and announcements are refused", async () => {
    await link({ communityJid: `${ESCOLA}@g.us`, groupJid: ["120363400000000004@g.us"] });
    const a = await unlink({ communityJid: `${ESCOLA}@g.us`, groupJid: ["120363400000000004@g.us", "120363400000000003@g.us", "120363400000000002@g.us"] });
    assert.deepEqual(
      [a.status, a.json],
      [
        200,
        {
          success: true,
          message: "Unlinked 1 of 3 groups from community",
          linked: ["120363400000000004@g.us"],
          failed: [
            { jid: "120363400000000003@g.us", reason: "a community must keep at least one group" },
            { jid: "120363400000000002@g.us", reason: "the announcements group cannot be unlinked" },
          ],
        },
      ],
    );
    assert.equal(group("ryze", "120363400000000004").communityId, null);
  });

  test("ryzeLinkDelayMs waits per group", async () => {
    sim.configure({ ryzeLinkDelayMs: 120 });
    const t0 = Date.now();
    const a = await link({ communityJid: `${ESCOLA}@g.us`, groupJid: ["120363400000000004@g.us", "120363400000000005@g.us"] });
    assert.equal(a.json.success, true);
    assert.ok(Date.now() - t0 >= 220, `took ${Date.now() - t0} ms`);
  });
});

// ------------------------------------------------------------------------------------

describe("control API", () => {
  test("request log: provider requests in order, lower-cased headers, path with query, body text", async () => {
    await control("requests/clear", {});
    await zapi("/create-group", { body: { autoInvite: false, groupName: "L", phones: ["5511911112222"] } });
    await ryze("group/info", { method: "GET", query: "?identifier=120363400000000003@g.us&participants=false" });
    await call(`${sim.url}/__sim/state`); // control calls are not logged
    const log = (await call(`${sim.url}/__sim/requests`)).json;
    assert.equal(log.length, 2);
    assert.equal(log[0].provider, "zapi");
    assert.equal(log[0].method, "POST");
    assert.equal(log[0].path, `/instances/${Z.instance}/token/${Z.token}/create-group`);
    assert.equal(log[0].headers["client-token"], Z.clientToken);
    assert.equal(log[0].headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(log[0].body), { autoInvite: false, groupName: "L", phones: ["5511911112222"] });
    assert.equal(log[0].status, 200);
    assert.equal(log[1].provider, "ryze");
    assert.equal(log[1].path, `/api/group/info/${R.instance}?identifier=120363400000000003@g.us&participants=false`);
    assert.equal(log[1].headers.token, R.token);
    assert.equal(log[1].body, "");
    for (const e of log) for (const k of Object.keys(e.headers)) assert.equal(k, k.toLowerCase());
    assert.deepEqual(sim.requests(), log);
    sim.clearRequests();
    assert.deepEqual(sim.requests(), []);
    await zapi("/create-group", { body: {} });
    assert.equal((await control("requests/clear", {})).status, 200);
    assert.deepEqual((await call(`${sim.url}/__sim/requests`)).json, []);
  });

  test("script: canned answer for `times` matching requests, bypassing auth, still logged", async () => {
    const r = await control("script", { provider: "zapi", method: "POST", path: "/create-group", times: 2, status: 503, headers: { "X-Test": "yes" }, body: '{"error":"scripted"}' });
    assert.equal(r.status, 200);
    for (let i = 0; i < 2; i++) {
      const a = await zapi("/create-group", { body: {}, token: "WRONG" });
      assert.deepEqual([a.status, a.text, a.headers.get("x-test")], [503, '{"error":"scripted"}', "yes"]);
      assert.equal(a.headers.get("access-control-allow-origin"), "*");
    }
    const real = await zapi("/create-group", { body: {}, token: "WRONG" });
    assert.equal(real.status, 401);
    const log = sim.requests();
    assert.deepEqual(
      log.map((e) => [e.scripted, e.status]),
      [
        [true, 503],
        [true, 503],
        [false, 401],
      ],
    );
  });

  test("script: provider and method filters, suffix match ignoring instance and query, rules in order", async () => {
    sim.script({ provider: "ryze", path: "/api/group/info", body: { success: true, first: 1 } });
    sim.script({ path: "/group/info", body: '{"second":2}' });
    sim.script({ provider: "ryze", method: "POST", path: "/api/community/link", status: 418 });
    const z = await zapi("/group-invitation-link/120363400000000004-group", { method: "GET" });
    assert.equal(z.status, 200, "a zapi request does not consume ryze rules");
    const a = await ryze("group/info", { method: "GET", query: "?identifier=x" });
    assert.deepEqual(a.json, { success: true, first: 1 });
    const b = await ryze("group/info", { method: "GET", query: "?identifier=x", instance: "whatever", token: null });
    assert.deepEqual(b.json, { second: 2 });
    const c = await ryze("group/info", { method: "GET", query: "?identifier=x" });
    assert.equal(c.status, 404, "rules consumed");
    const d = await ryze("community/link", { method: "GET" });
    assert.equal(d.status, 405, "method filter");
    const e = await ryze("community/link", { body: {} });
    assert.equal(e.status, 418);
  });

  test("script: delayMs delays the answer; drop destroys the socket", async () => {
    sim.script({ path: "/create-group", delayMs: 150, body: "{}" });
    const t0 = Date.now();
    const a = await zapi("/create-group", { body: {} });
    assert.equal(a.status, 200);
    assert.ok(Date.now() - t0 >= 140);
    sim.script({ path: "/api/group/create", drop: true });
    await assert.rejects(ryze("group/create", { body: {} }));
    const entry = sim.requests().at(-1);
    assert.equal(entry.dropped, true);
    assert.equal((await ryze("group/create", { body: {} })).status, 400, "server still alive");
  });

  test("script and config reject bad input with 400", async () => {
    assert.equal((await control("script", { status: 200 })).status, 400);
    assert.equal((await control("script", { path: "/x", provider: "other" })).status, 400);
    assert.throws(() => sim.script({ path: "/x", times: 0 }), TypeError);
    assert.equal((await control("config", { ryzeRateLimit: "lots" })).status, 400);
    assert.equal((await control("config", { unknown: true })).status, 400);
    assert.equal((await call(`${sim.url}/__sim/config`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{bad" })).status, 400);
    assert.equal((await call(`${sim.url}/__sim/nothing`)).status, 404);
  });

  test("config over HTTP merges partial settings", async () => {
    // "post", not the default "GET", so the answer shows both the merge and the upper-casing.
    const a = await control("config", { zapiInvitationLinkMethod: "post", disconnected: { ryze: true } });
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, {
      zapiClientTokenRequired: true,
      zapiInvitationLinkMethod: "POST",
      ryzeRateLimit: 100,
      ryzeLinkDelayMs: 0,
      disconnected: { zapi: false, ryze: true },
    });
    assert.deepEqual((await call(`${sim.url}/__sim/config`)).json, a.json);
    assert.equal((await zapi("/group-invitation-link/120363400000000004", { method: "POST" })).status, 200);
    assert.equal((await zapi("/group-invitation-link/120363400000000004", { method: "GET" })).status, 405);
  });

  test("paths outside both providers → 404, logged without provider", async () => {
    const a = await call(`${sim.url}/elsewhere`);
    assert.deepEqual([a.status, a.json], [404, { error: "Cannot GET /elsewhere" }]);
    assert.equal(sim.requests().at(-1).provider, null);
  });
});
