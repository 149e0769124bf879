// The gateways' rules as a user meets them, through the packed package against the simulator:
// the error kind "forbidden" beside "auth", Z-API's Client-Token hint,
// the invitation link's GET (POST after a 405), group metadata, unknown keys as issues,
// phones without a country code, and RyzeAPI's @lid requesters. (Photos, webhooks and
// RyzeAPI's client-side pages are in operations.test.mjs, beside the operations they
// change.) Then the secret sweep over every error produced here.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, WaGroupsError, buildRequest, parseResponse, validate } from "wa-groups";

import { SIM_CREDENTIALS, captureConsole, jid, options, rejection as expectRejection, secretLeaks, sent, sim, useSimulator } from "./harness.mjs";

const consoleOutput = captureConsole();
const errorsSeen = [];

// The simulator's seed (sim/README.md).
const BOT = "5511900000000";
const ESCOLA = "120363400000000001"; // community: announcements AVISOS, subgroup TURMA_A
const AVISOS = "120363400000000002";
const TURMA_A = "120363400000000003";
const TURMA_B = "120363400000000004"; // members 5511987650011, 5511987650012
const TURMA_C = "120363400000000005"; // requireAdminApproval, 2 pending requests
const EXTERNO = "120363400000000020"; // the bot is a plain member; members can't edit info
const PENDING = ["5511955551111", "5511955552222"]; // Turma C's join requests
const NEW_1 = "120363500000000001";
const PROVIDERS = ["zapi", "ryze"];
const RYZE_INSTANCE = SIM_CREDENTIALS.ryze.instance;
const HINT = " (the gateway wants a Client-Token: set clientToken to the account's security token)";

useSimulator();

// One exchange per call unless a test says otherwise.
const client = (provider, extra = {}) => new Client(options(provider, { maxRetries: 0, ...extra }));

/** A WaGroupsError of `kind` (checked by the harness), kept for the sweep at the end. */
const rejection = (promise, kind) => expectRejection(promise, kind, errorsSeen);

/** A validation rejection with exactly these issues ([field, message or pattern]), nothing sent. */
async function invalid(promise, expected, operation) {
  const e = await rejection(promise, "validation");
  assert.deepEqual(
    e.issues.map((i) => i.field),
    expected.map(([field]) => field),
    JSON.stringify(e.issues),
  );
  expected.forEach(([field, message], n) => {
    if (message instanceof RegExp) assert.match(e.issues[n].message, message, field);
    else if (message !== undefined) assert.equal(e.issues[n].message, message, field);
  });
  if (operation !== undefined) assert.equal(e.operation, operation);
  assert.deepEqual(sent({ status: true }), [], "a request was sent despite invalid input");
  return e;
}

/** What `fn` throws (synchronously), kept for the sweep. */
function thrown(fn) {
  let e;
  try {
    fn();
  } catch (caught) {
    e = caught;
  }
  errorsSeen.push(e);
  assert.ok(e instanceof WaGroupsError, `expected a WaGroupsError, got ${e}`);
  return e;
}

const group = (provider, id) => sim.state(provider).groups.find((g) => g.id === id);
const member = (provider, id, phone) => group(provider, id)?.participants.find((p) => p.phone === phone);
const ryzePath = (area, action) => `/api/${area}/${action}/${RYZE_INSTANCE}`;

describe("1. forbidden: the credentials were accepted, the connected number may not do this", () => {
  // Every admin-only operation on Grupo Externo, where the bot is a plain member.
  const ADMIN_ONLY = {
    getInvitationLink: (c) => c.getInvitationLink(EXTERNO),
    resetInvitationLink: (c) => c.resetInvitationLink(EXTERNO),
    addParticipants: (c) => c.addParticipants(EXTERNO, ["5511911112222"]),
    removeParticipants: (c) => c.removeParticipants(EXTERNO, ["5511987659998"]),
    promoteParticipants: (c) => c.promoteParticipants(EXTERNO, ["5511987659998"]),
    demoteParticipants: (c) => c.demoteParticipants(EXTERNO, ["5511987659998"]),
    approveParticipants: (c) => c.approveParticipants(EXTERNO, ["5511955551111"]),
    rejectParticipants: (c) => c.rejectParticipants(EXTERNO, ["5511955551111"]),
    updateGroupName: (c) => c.updateGroupName(EXTERNO, "Meu grupo"),
    updateGroupDescription: (c) => c.updateGroupDescription(EXTERNO, "nova"),
    updateGroupPhoto: (c) => c.updateGroupPhoto(EXTERNO, "https://example.com/a.jpg"),
    updateGroupSettings: (c) => c.updateGroupSettings(EXTERNO, { onlyAdminsCanSend: true, onlyAdminsCanEditInfo: true, requireAdminApproval: false, onlyAdminsCanAddMembers: true }),
  };

  for (const provider of PROVIDERS) {
    test(`${provider}: every admin-only operation where the bot is no admin is forbidden, and nothing changes`, async () => {
      const before = sim.state(provider);
      const c = client(provider);
      for (const [operation, call] of Object.entries(ADMIN_ONLY)) {
        const e = await rejection(call(c), "forbidden");
        assert.equal(e.provider, provider);
        assert.equal(e.operation, operation);
        // RyzeAPI shows the link only to admins: its GroupDetail answer (200) lacks it.
        const status = provider === "ryze" && operation === "getInvitationLink" ? 200 : 403;
        assert.equal(e.status, status, operation);
        assert.match(e.message, /admin/, operation);
      }
      assert.deepEqual(sim.state(provider), before);
    });
  }

  test("a 403 is forbidden whatever it says, unless it is about the token", async () => {
    const cases = [
      // [provider, path, status, body, kind]
      ["zapi", "/update-group-name", 403, "", "forbidden"],
      ["zapi", "/update-group-name", 403, '{"error":"Sem permissão"}', "forbidden"],
      ["ryze", "/api/group/update", 403, '{"success":false,"error":{"message":"Not allowed to leave this group"}}', "forbidden"],
      ["ryze", "/api/group/update", 403, '{"success":false,"error":{"message":"Not authorized to update group (must be admin)"}}', "forbidden"],
      // RyzeAPI: a valid token of another instance.
      ["ryze", "/api/group/update", 403, '{"success":false,"error":{"message":"Instance token does not match this instance"}}', "auth"],
    ];
    for (const [provider, path, status, body, kind] of cases) {
      sim.reset();
      sim.script({ provider, path, status, body });
      const e = await rejection(client(provider).updateGroupName(TURMA_B, "Turma B2"), kind);
      assert.equal(e.status, status);
      assert.equal(e.body, body);
      assert.equal(group(provider, TURMA_B).name, "Turma B");
    }
  });

  test("a 'not an admin' answer with another status (200, 400) is forbidden too", async () => {
    const cases = [
      ["zapi", "/update-group-name", 400, '{"error":"You are not an admin of this group"}'],
      ["zapi", "/update-group-name", 200, '{"value":false,"message":"You are not an admin of this group"}'],
      ["zapi", "/update-group-name", 400, '{"error":"Sem permissão: apenas administradores podem alterar o nome"}'],
      ["ryze", "/api/group/update", 200, '{"success":false,"error":{"message":"Not authorized to update group (must be admin)"}}'],
      ["ryze", "/api/group/update", 400, '{"success":false,"message":"Not authorized to update group (must be admin)"}'],
    ];
    for (const [provider, path, status, body] of cases) {
      sim.reset();
      sim.script({ provider, path, status, body });
      const e = await rejection(client(provider).updateGroupName(TURMA_B, "Turma B2"), "forbidden");
      assert.equal(e.status, status, body);
      assert.equal(e.body, body);
      assert.equal(e.operation, "updateGroupName");
    }
    // The same answers read by the synchronous core.
    const call = { op: "resetInvitationLink", groupId: TURMA_B };
    const e = thrown(() => parseResponse(options("ryze"), call, { status: 200, body: '{"success":false,"error":{"message":"Not authorized to reset group invite link (must be admin)"}}' }));
    assert.equal(e.kind, "forbidden");
    assert.equal(e.status, 200);
  });

  test("refused credentials stay auth: 401, a wrong token or instance, RyzeAPI's instance-token 403, Z-API's Client-Token and IP answers", async () => {
    for (const provider of PROVIDERS) {
      const e = await rejection(client(provider, { token: "WRONG-TOKEN-123" }).getInvitationLink(TURMA_B), "auth");
      assert.equal(e.status, 401);
      // A wrong instance is a refused credential too (both answer 404 "Instance not found").
      const i = await rejection(client(provider, { instance: "NO-SUCH-INSTANCE" }).getInvitationLink(TURMA_B), "auth");
      assert.equal(i.status, 404);
    }
    const { clientToken, ...noClientToken } = options("zapi", { maxRetries: 0 });
    assert.ok(clientToken);
    const missing = await rejection(new Client(noClientToken).getInvitationLink(TURMA_B), "auth");
    assert.equal(missing.status, 400);
    const wrong = await rejection(client("zapi", { clientToken: "WRONG-CLIENT-TOKEN" }).getInvitationLink(TURMA_B), "auth");
    assert.equal(wrong.status, 401);
    // Z-API's answer to a caller outside the account's IP allow-list, with any status.
    for (const status of [400, 401, 403]) {
      sim.reset();
      sim.script({ provider: "zapi", path: "/update-group-name", status, body: '{"error":"203.0.113.7 not allowed"}' });
      const e = await rejection(client("zapi").updateGroupName(TURMA_B, "Turma B2"), "auth");
      assert.equal(e.status, status);
      assert.match(e.message, /203\.0\.113\.7 not allowed/);
    }
    // RyzeAPI's 401s.
    sim.reset();
    sim.script({ provider: "ryze", path: "/api/group/update", status: 401, body: '{"success":false,"error":{"message":"Invalid token"}}' });
    await rejection(client("ryze").updateGroupName(TURMA_B, "Turma B2"), "auth");
  });
});

describe("2. Z-API without a clientToken: the refusal says how to fix it", () => {
  test("'null not allowed' without a clientToken ends with the hint; with one (wrong or refused), no hint", async () => {
    const { clientToken, ...noClientToken } = options("zapi", { maxRetries: 0 });
    const missing = await rejection(new Client(noClientToken).getGroupMetadata(TURMA_B), "auth");
    assert.equal(missing.status, 400);
    assert.equal(missing.body, '{"error":"null not allowed"}');
    assert.ok(missing.message.endsWith(HINT), missing.message);
    assert.equal(missing.message, `Z-API refused the request (HTTP 400): null not allowed${HINT}`);
    // The simulator saw no Client-Token header at all.
    assert.equal(sim.requests().at(-1).headers["client-token"], undefined);
    // A wrong one: 401 "Client-Token not allowed", no hint (the setting is there).
    const wrong = await rejection(client("zapi", { clientToken: `${clientToken}-OLD` }).getGroupMetadata(TURMA_B), "auth");
    assert.equal(wrong.status, 401);
    assert.equal(wrong.message, "Z-API refused the request (HTTP 401): Client-Token not allowed");
    // "null not allowed" while a clientToken is set: no hint either.
    sim.script({ provider: "zapi", path: `/group-metadata/${TURMA_B}-group`, status: 400, body: '{"error":"null not allowed"}' });
    const withToken = await rejection(client("zapi").getGroupMetadata(TURMA_B), "auth");
    assert.equal(withToken.message, "Z-API refused the request (HTTP 400): null not allowed");
    // Another "not allowed" (an IP) without a clientToken: auth, but that hint would be wrong.
    const ip = thrown(() => parseResponse(noClientToken, { op: "getGroupMetadata", groupId: TURMA_B }, { status: 400, body: '{"error":"203.0.113.7 not allowed"}' }));
    assert.equal(ip.kind, "auth");
    assert.ok(!ip.message.includes("set clientToken"), ip.message);
    // parseResponse gives the same hint as the Client.
    const core = thrown(() => parseResponse(noClientToken, { op: "getGroupMetadata", groupId: TURMA_B }, { status: 400, body: '{"error":"null not allowed"}' }));
    assert.equal(core.kind, "auth");
    assert.equal(core.message, missing.message);
  });

  test("an account that requires no Client-Token works without one", async () => {
    sim.configure({ zapiClientTokenRequired: false });
    const { clientToken, ...noClientToken } = options("zapi");
    assert.ok(clientToken);
    const link = await new Client(noClientToken).getInvitationLink(TURMA_B);
    assert.equal(link.groupId, jid(TURMA_B));
  });
});

describe("3. Z-API's invitation link: GET, and POST once after a 405", () => {
  const PATH = `/group-invitation-link/${TURMA_B}-group`;

  test("by default one GET, as Z-API's docs say since 2026-02-18", async () => {
    const link = await client("zapi").getInvitationLink(TURMA_B);
    assert.deepEqual(link, { groupId: jid(TURMA_B), invitationLink: `https://chat.whatsapp.com/${group("zapi", TURMA_B).inviteCode}` });
    assert.deepEqual(sent({ status: true }), [{ method: "GET", path: PATH, status: 200, body: null }]);
    const req = buildRequest(options("zapi"), { op: "getInvitationLink", groupId: TURMA_B });
    assert.equal(req.method, "GET");
    assert.equal(req.body, null);
  });

  test("an older instance (POST only): GET gets 405, the POST that follows gets the same link, with the same headers", async () => {
    const expected = await client("zapi").getInvitationLink(TURMA_B);
    sim.clearRequests();
    sim.configure({ zapiInvitationLinkMethod: "POST" });
    assert.deepEqual(await client("zapi").getInvitationLink(TURMA_B), expected);
    assert.deepEqual(
      sent({ status: true }).map((r) => [r.method, r.path, r.status]),
      [
        ["GET", PATH, 405],
        ["POST", PATH, 200],
      ],
    );
    const [get, post] = sim.requests();
    assert.equal(post.headers["client-token"], get.headers["client-token"]);
    assert.equal(post.headers["client-token"], SIM_CREDENTIALS.zapi.clientToken);
  });

  test("a 405 to the POST as well is final: two requests, a provider error", async () => {
    sim.script({ provider: "zapi", path: PATH, status: 405, times: 2, body: '{"error":"Method Not Allowed"}' });
    const e = await rejection(client("zapi", { maxRetries: 3 }).getInvitationLink(TURMA_B), "provider");
    assert.equal(e.status, 405);
    assert.deepEqual(
      sent({ status: true }).map((r) => [r.method, r.status]),
      [
        ["GET", 405],
        ["POST", 405],
      ],
    );
  });

  test("the 405 follow-up is for reading the link only: a reset answered 405 is not re-sent", async () => {
    sim.script({ provider: "zapi", path: `/redefine-invitation-link/${TURMA_B}-group`, status: 405, body: '{"error":"Method Not Allowed"}' });
    const before = group("zapi", TURMA_B).inviteCode;
    await rejection(client("zapi", { maxRetries: 3 }).resetInvitationLink(TURMA_B), "provider");
    assert.deepEqual(
      sent({ status: true }).map((r) => [r.method, r.status]),
      [["POST", 405]],
    );
    assert.equal(group("zapi", TURMA_B).inviteCode, before);
  });
});

describe("5. group metadata: invitationLinkError, Z-API's unknown add setting, RyzeAPI's parent community", () => {
  for (const provider of PROVIDERS) {
    const zapi = provider === "zapi";

    test(`${provider}: invitationLinkError says why the link is missing (Z-API only), null otherwise`, async () => {
      const c = client(provider);
      const ext = await c.getGroupMetadata(EXTERNO);
      assert.equal(ext.invitationLink, null);
      assert.equal(ext.invitationLinkError, zapi ? "not-authorized" : null);
      const own = await c.getGroupMetadata(TURMA_B);
      assert.equal(own.invitationLink, `https://chat.whatsapp.com/${group(provider, TURMA_B).inviteCode}`);
      assert.equal(own.invitationLinkError, null);
      assert.ok(Object.hasOwn(own, "invitationLinkError"));
      // Z-API's metadata has no adminOnlyAddMember: unknown, not a guess; RyzeAPI says.
      assert.equal(own.settings.onlyAdminsCanAddMembers, zapi ? null : !group(provider, TURMA_B).settings.membersCanAddOthers);
    });

    test(`${provider}: communityId is the parent community's JID, and follows linking and unlinking`, async () => {
      const c = client(provider);
      assert.equal((await c.getGroupMetadata(TURMA_A)).communityId, jid(ESCOLA));
      assert.equal((await c.getGroupMetadata(AVISOS)).communityId, jid(ESCOLA));
      assert.equal((await c.getGroupMetadata(TURMA_B)).communityId, null);
      await c.linkGroups(ESCOLA, [TURMA_B]);
      assert.equal((await c.getGroupMetadata(TURMA_B)).communityId, jid(ESCOLA));
      await c.unlinkGroups(ESCOLA, [TURMA_B]);
      assert.equal((await c.getGroupMetadata(TURMA_B)).communityId, null);
    });
  }

  test("Z-API's other invitationLinkError values come through as given", () => {
    const call = { op: "getGroupMetadata", groupId: TURMA_B };
    for (const reason of ["forbidden", "too many requests", "not-authorized"]) {
      const body = JSON.stringify({ phone: `${TURMA_B}-group`, subject: "Turma B", invitationLink: null, invitationLinkError: reason, participants: [] });
      const m = parseResponse(options("zapi"), call, { status: 200, body });
      assert.equal(m.invitationLinkError, reason);
      assert.equal(m.invitationLink, null);
    }
  });
});

describe("8. unknown keys are issues naming the key, with a suggestion when one is close", () => {
  test("ClientOptions: a misspelt option, a function-valued one too, all issues at once", () => {
    let e = thrown(() => new Client(options("zapi", { timeout: 5000 })));
    assert.equal(e.kind, "validation");
    assert.deepEqual(e.issues, [{ field: "timeout", message: "is not an option of ClientOptions (did you mean timeoutMs?)" }]);
    // JSON would drop a function: the key is still seen.
    const myFetch = (url, init) => fetch(url, init);
    e = thrown(() => new Client(options("zapi", { fecth: myFetch })));
    assert.deepEqual(e.issues, [{ field: "fecth", message: "is not an option of ClientOptions (did you mean fetch?)" }]);
    // Nothing close: the known options are listed.
    e = thrown(() => new Client(options("ryze", { onResponse: () => {} })));
    assert.equal(e.issues.length, 1);
    assert.equal(e.issues[0].field, "onResponse");
    assert.match(e.issues[0].message, /^is not an option of ClientOptions; known: provider, instance, token, clientToken, baseUrl, defaultCountry, fetch, timeoutMs/);
    // Together with every other problem.
    e = thrown(() => new Client(options("zapi", { timeout: 5, clienToken: "x", maxRetries: -1 })));
    assert.deepEqual(
      e.issues.map((i) => i.field),
      ["timeout", "clienToken", "maxRetries"],
    );
    assert.equal(e.issues[1].message, "is not an option of ClientOptions (did you mean clientToken?)");
    // The same check for the core's config.
    const call = { op: "getInvitationLink", groupId: TURMA_B };
    assert.deepEqual(validate(options("zapi", { timeout: 5 }), call), [{ field: "timeout", message: "is not an option of ClientOptions (did you mean timeoutMs?)" }]);
    e = thrown(() => buildRequest(options("zapi", { timeout: 5 }), call));
    assert.equal(e.kind, "validation");
    assert.deepEqual(
      e.issues.map((i) => i.field),
      ["timeout"],
    );
    assert.deepEqual(sim.requests(), []);
  });

  for (const provider of PROVIDERS) {
    test(`${provider}: method inputs and call options: every unknown key named, with the other issues, nothing sent`, async () => {
      const c = client(provider);
      await invalid(c.createCommunity({ name: "Nova", descripton: "Pais" }), [["descripton", "is not a field of createCommunity (did you mean description?)"]], "createCommunity");
      // createGroup has nothing close to `subject`: no suggestion, the known fields instead.
      await invalid(
        c.createGroup({ name: "Turma E", participants: ["5511977776666"], subject: "x" }),
        [["subject", "is not a field of createGroup; known: op, name, participants, autoInvite, description, photo, communityId, settings"]],
        "createGroup",
      );
      if (provider === "zapi") {
        // Every key of the settings object is checked, the misspelt one with a suggestion.
        await invalid(
          c.updateCommunitySettings(ESCOLA, { whoCanAddGroup: "all" }),
          [
            ["whoCanAddGroup", /\(did you mean whoCanAddGroups\?\)/],
            ["whoCanAddGroups", "is required"],
          ],
          "updateCommunitySettings",
        );
      }
      // Call options (the method's last argument).
      await invalid(c.getInvitationLink(TURMA_B, { signal: undefined, timeout: 5 }), [["options.timeout", "is not a call option (did you mean timeoutMs?)"]], "getInvitationLink");
      await invalid(c.listGroups({ page: 1 }, { sginal: AbortSignal.timeout(5000) }), [["options.sginal", "is not a call option (did you mean signal?)"]], "listGroups");
      if (provider === "zapi") {
        await invalid(c.addParticipants(TURMA_B, ["5511977776666"], { autoInvit: true }), [["options.autoInvit", "is not a call option (did you mean autoInvite?)"]], "addParticipants");
      }
      // Input issues and option issues of one call, all together.
      await invalid(
        c.createGroup({ name: " ", participants: ["abc"], descripton: "x" }, { timeout: 5 }),
        [["options.timeout", "is not a call option (did you mean timeoutMs?)"], ["descripton", /^is not a field of createGroup/], ["name"], ["participants[0]"]],
        "createGroup",
      );
      assert.deepEqual(
        sim.state(provider).groups.filter((g) => g.id === NEW_1),
        [],
      );
    });
  }

  test("Call objects for validate and buildRequest; a batch's items and its options", async () => {
    const config = options("zapi");
    const call = { op: "getInvitationLink", groupId: TURMA_B, gropuId: TURMA_C };
    assert.deepEqual(validate(config, call), [{ field: "gropuId", message: "is not a field of getInvitationLink (did you mean groupId?)" }]);
    const e = thrown(() => buildRequest(config, call));
    assert.equal(e.kind, "validation");
    assert.equal(e.operation, "getInvitationLink");
    assert.deepEqual(
      e.issues.map((i) => i.field),
      ["gropuId"],
    );
    // Config and call issues come together.
    assert.deepEqual(
      validate({ ...config, timeout: 5 }, call).map((i) => i.field),
      ["timeout", "gropuId"],
    );
    // Batch items: the misspelt one is rejected (nothing sent for it), the others run.
    const c = client("zapi");
    const outcomes = await c.batch([
      { op: "getInvitationLink", groupID: TURMA_B },
      { op: "getInvitationLink", groupId: TURMA_C },
    ]);
    assert.equal(outcomes[0].status, "rejected");
    errorsSeen.push(outcomes[0].reason);
    assert.ok(outcomes[0].reason instanceof WaGroupsError);
    assert.equal(outcomes[0].reason.kind, "validation");
    assert.deepEqual(outcomes[0].reason.issues, [
      { field: "groupID", message: "is not a field of getInvitationLink (did you mean groupId?)" },
      { field: "groupId", message: "is required" },
    ]);
    assert.equal(outcomes[1].status, "fulfilled");
    assert.equal(outcomes[1].value.groupId, jid(TURMA_C));
    assert.deepEqual(
      sent({ status: true }).map((r) => r.path),
      [`/group-invitation-link/${TURMA_C}-group`],
    );
    // Batch options: unknown keys and bad values, all at once, nothing sent.
    sim.clearRequests();
    const be = await rejection(c.batch([{ op: "getInvitationLink", groupId: TURMA_B }], { concurency: 2, timeout: 5, concurrency: 0, onProgress: 5 }), "validation");
    assert.deepEqual(be.issues, [
      { field: "options.concurency", message: "is not a batch option (did you mean concurrency?)" },
      { field: "options.timeout", message: "is not a batch option; known: concurrency, signal, onProgress" },
      { field: "concurrency", message: "must be a whole number from 1 to 256" },
      { field: "onProgress", message: "must be a function" },
    ]);
    assert.deepEqual(sim.requests(), []);
  });
});

describe("9. phones without a country code need defaultCountry, in every operation", () => {
  // [operation, group, national form, international digits]: each one changes the seed.
  const OPS = [
    ["addParticipants", TURMA_B, "(11) 91111-2222", "5511911112222"],
    ["removeParticipants", TURMA_B, "(11) 98765-0012", "5511987650012"],
    ["promoteParticipants", TURMA_B, "(11) 98765-0011", "5511987650011"],
    ["demoteParticipants", TURMA_A, "(11) 98765-0001", "5511987650001"],
    ["approveParticipants", TURMA_C, "(11) 95555-1111", PENDING[0]],
    ["rejectParticipants", TURMA_C, "11 95555-2222", PENDING[1]],
  ];

  for (const provider of PROVIDERS) {
    test(`${provider}: without defaultCountry a national phone is an issue on its field, in every operation, nothing sent`, async () => {
      const c = client(provider);
      const before = sim.state(provider);
      await invalid(
        c.createGroup({ name: "Turma E", participants: ["+55 11 98888-7777", "(11) 99999-9999", "4155550100", "020 7946 0000"] }),
        [
          ["participants[1]", /defaultCountry/],
          ["participants[2]", /defaultCountry/],
          ["participants[3]", /defaultCountry/],
        ],
        "createGroup",
      );
      for (const [operation, groupId, national] of OPS) {
        await invalid(c[operation](groupId, ["5511977776666", national]), [["phones[1]", /country code.*defaultCountry/]], operation);
      }
      assert.deepEqual(sim.state(provider), before);
    });

    test(`${provider}: with defaultCountry "BR" every operation sends 55… digits; "+1 415 555 0100" stays 14155550100`, async () => {
      const c = client(provider, { defaultCountry: "BR" });
      const created = await c.createGroup({ name: "Turma E", participants: ["(11) 98888-7777", "+1 415 555 0100"] });
      assert.deepEqual(created.notAdded, []);
      assert.deepEqual(
        group(provider, NEW_1).participants.map((p) => p.phone),
        [BOT, "5511988887777", "14155550100"],
      );
      const wire = sent({ status: true })[0].body;
      assert.deepEqual(provider === "zapi" ? wire.phones : wire.participants, ["5511988887777", "14155550100"]);
      for (const [operation, groupId, national, digits] of OPS) {
        sim.clearRequests();
        const result = await c[operation](groupId, [national]);
        assert.deepEqual(result, { groupId: jid(groupId), succeeded: [digits], failed: [] }, operation);
        const [req] = sent({ status: true });
        assert.deepEqual(provider === "zapi" ? req.body.phones : req.body.participants, [digits], operation);
      }
      // What the simulator did with them.
      assert.ok(member(provider, TURMA_B, "5511911112222"));
      assert.equal(member(provider, TURMA_B, "5511987650012"), undefined);
      assert.equal(member(provider, TURMA_B, "5511987650011").isAdmin, true);
      assert.equal(member(provider, TURMA_A, "5511987650001").isAdmin, false);
      assert.ok(member(provider, TURMA_C, PENDING[0]));
      assert.deepEqual(group(provider, TURMA_C).pendingRequests, []);
      assert.equal(member(provider, TURMA_C, PENDING[1]), undefined);
    });
  }

  test("defaultCountry reads each country's own national form; an unknown one is an issue on defaultCountry", async () => {
    const c = client("zapi", { defaultCountry: "GB" });
    const result = await c.addParticipants(TURMA_B, ["020 7946 0001"]);
    assert.deepEqual(result, { groupId: jid(TURMA_B), succeeded: ["442079460001"], failed: [] });
    const us = buildRequest(options("ryze", { defaultCountry: "US" }), { op: "addParticipants", groupId: TURMA_B, phones: ["(415) 555-0100"] });
    assert.deepEqual(JSON.parse(us.body).participants, ["14155550100"]);
    const e = thrown(() => new Client(options("zapi", { defaultCountry: "XX" })));
    assert.equal(e.kind, "validation");
    assert.deepEqual(
      e.issues.map((i) => i.field),
      ["defaultCountry"],
    );
    assert.deepEqual(
      validate(options("ryze", { defaultCountry: "XX" }), { op: "addParticipants", groupId: TURMA_B, phones: ["5511977776666"] }).map((i) => i.field),
      ["defaultCountry"],
    );
  });
});

describe("10. RyzeAPI's approve and reject take …@lid requesters", () => {
  /** A participant's LID as RyzeAPI's GroupDetail shows it (the raw answer: the typed result has phones only). */
  async function lidOf(groupId, phone) {
    const config = options("ryze");
    const req = buildRequest(config, { op: "getGroupMetadata", groupId });
    const res = await fetch(req.url, { method: req.method, headers: req.headers });
    const detail = await res.json();
    const p = detail.group.participants.find((x) => x.jid === `${phone}@s.whatsapp.net`);
    assert.ok(p?.lid, JSON.stringify(detail.group.participants));
    assert.match(p.lid, /^\d+@lid$/);
    return p.lid;
  }

  test("approve by @lid: named as given, the requester becomes a member", async () => {
    const c = client("ryze");
    // LIDs are per phone: the requester's, as a group they are in shows it.
    await c.addParticipants(TURMA_B, [PENDING[0]]);
    const lid = await lidOf(TURMA_B, PENDING[0]);
    sim.clearRequests();
    const result = await c.approveParticipants(TURMA_C, [lid, PENDING[1]]);
    assert.deepEqual(result, { groupId: jid(TURMA_C), succeeded: [lid, PENDING[1]], failed: [] });
    assert.deepEqual(sent({ status: true }), [
      { method: "POST", path: ryzePath("group", "participants"), status: 200, body: { identifier: jid(TURMA_C), action: "approve", participants: [lid, PENDING[1]] } },
    ]);
    assert.deepEqual(member("ryze", TURMA_C, PENDING[0]), { phone: PENDING[0], isAdmin: false, isSuperAdmin: false });
    assert.deepEqual(group("ryze", TURMA_C).pendingRequests, []);
  });

  test("reject by @lid; an unknown @lid fails with RyzeAPI's reason, named as given", async () => {
    const c = client("ryze");
    await c.addParticipants(TURMA_B, [PENDING[1]]);
    const lid = await lidOf(TURMA_B, PENDING[1]);
    const unknown = "999999999999999@lid";
    const result = await c.rejectParticipants(TURMA_C, [lid, unknown]);
    assert.deepEqual(result, { groupId: jid(TURMA_C), succeeded: [lid], failed: [{ phone: unknown, reason: "unknown participant lid" }] });
    assert.deepEqual(group("ryze", TURMA_C).pendingRequests, [PENDING[0]]);
    assert.equal(member("ryze", TURMA_C, PENDING[1]), undefined);
    // The same @lid twice is one person.
    sim.clearRequests();
    await invalid(c.approveParticipants(TURMA_C, [unknown, unknown]), [["phones[1]", /repeats/]], "approveParticipants");
  });

  test("every other operation, and every Z-API one, refuses @lid with a validation issue, nothing sent", async () => {
    const lid = "123456789012345@lid";
    const ryze = client("ryze");
    for (const operation of ["addParticipants", "removeParticipants", "promoteParticipants", "demoteParticipants"]) {
      await invalid(ryze[operation](TURMA_B, ["5511977776666", lid]), [["phones[1]", /@lid/]], operation);
    }
    await invalid(ryze.createGroup({ name: "Turma E", participants: [lid] }), [["participants[0]", /@lid/]], "createGroup");
    const zapi = client("zapi");
    for (const operation of ["addParticipants", "removeParticipants", "promoteParticipants", "demoteParticipants", "approveParticipants", "rejectParticipants"]) {
      await invalid(zapi[operation](TURMA_C, [lid]), [["phones[0]", /@lid/]], operation);
    }
    assert.deepEqual(
      validate(options("zapi"), { op: "approveParticipants", groupId: TURMA_C, phones: [lid] }).map((i) => i.field),
      ["phones[0]"],
    );
    assert.deepEqual(validate(options("ryze"), { op: "approveParticipants", groupId: TURMA_C, phones: [lid] }), []);
  });
});

test("no error, property or console line contains a token or client token", () => {
  assert.ok(errorsSeen.length >= 60, `only ${errorsSeen.length} errors were collected`);
  assert.deepEqual(secretLeaks(errorsSeen, consoleOutput), []);
});
