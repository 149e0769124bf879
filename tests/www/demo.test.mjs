// The demo page (www/) in headless Chromium, run by tests/www/run.sh from a consumer
// project (target/consumers/www/) that has the packed wa-groups and playwright-core
// installed. The page is served exactly as scripts/demo.sh serves it (www/serve.mjs).
//
// For each provider, in sandbox mode, every section of the page: every operation the
// package lists (its `operations` export) sent once from its generated form, with its
// request preview checked first (token as ***, identical to the package's buildRequest
// and to what the simulator then receives) and its result checked against the
// simulator's state; an operation the provider lacks is marked and refused as
// "unsupported" with nothing sent. Also validation issues next to their fields, a
// provider error, a rate limit, both webhook samples parsed, a batch with its progress
// and a visible rate-limit wait, and every result cleared on a provider or mode switch;
// RyzeAPI's createGroup / createCommunity options (Z-API: an issue next to each), the
// pending requests' row buttons, every page of a listing with for await (its items and
// request count), and setWebhook's Authorization value, a secret checked like the tokens.
// The test fails when an operation of the package has no section on the page, or was
// not sent. Then live mode (fields, nothing persisted) and a narrow window. Throughout:
// no token in the DOM at any moment, in the console, or on the wire to anything but the
// gateway. Screenshots go to $WA_GROUPS_ARTIFACTS.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { buildRequest, operations } from "wa-groups";

const ROOT = process.env.WA_GROUPS_ROOT;
assert.ok(ROOT, "WA_GROUPS_ROOT must point at the repository (tests/www/run.sh sets it)");
const ARTIFACTS = process.env.WA_GROUPS_ARTIFACTS ?? join(ROOT, "tests/artifacts/www");
const HERE = fileURLToPath(new URL(".", import.meta.url));

const { startDemo } = await import(pathToFileURL(join(ROOT, "www/serve.mjs")).href);
const { launch } = await import(pathToFileURL(join(ROOT, "tests/browser/chromium.mjs")).href);
const { SIM_CREDENTIALS } = await import(pathToFileURL(join(ROOT, "sim/simulator.mjs")).href);

// What the user types in live mode: must never show up either.
const LIVE_TOKEN = SIM_CREDENTIALS.zapi.token;
const LIVE_CLIENT_TOKEN = SIM_CREDENTIALS.zapi.clientToken;
// The Authorization header typed into setWebhook's form: a secret like the tokens.
const WEBHOOK_AUTH = "whk-AUTH-SECRET-5f0c2e91d7a4";
const SECRETS = [SIM_CREDENTIALS.zapi.token, SIM_CREDENTIALS.zapi.clientToken, SIM_CREDENTIALS.ryze.token, WEBHOOK_AUTH];
const PASSWORD_INPUTS = ["live-token", "live-clientToken", "setWebhook-authorization"];

const COMMUNITY = "120363400000000001";
const ANNOUNCEMENTS = "120363400000000002"; // Escola Central's announcements group
const TURMA_C = "120363400000000005"; // two pending requests to join
const BOT = "5511900000000";
const NEW_GROUP = "120363500000000001"; // the first group each provider's simulator creates
const jid = (id) => `${id}@g.us`;

let demo;
let browser;
let page;
const pageErrors = [];
const consoleLines = [];
const wireProblems = [];
// Origins the page may send tokens to: the gateways the user configured (the simulator,
// and in live mode a closed port standing for an unreachable gateway).
const gateways = new Set();
let shot = 0;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  demo = await startDemo({ packageDir: join(HERE, "node_modules/wa-groups"), siteDir: join(HERE, "site") });
  gateways.add(new URL(demo.simUrl).origin);
  browser = await launch(chromium);
  const { context } = browser;
  // From the first byte of every document: record any moment a secret enters the DOM.
  await context.addInitScript((secrets) => {
    window.__leaks = [];
    const check = (where, text) => {
      if (typeof text !== "string") return;
      for (const s of secrets) if (text.includes(s)) window.__leaks.push(`${where} contains ${s.slice(0, 6)}…`);
    };
    const scan = (node) => check(`added ${node.nodeName}`, node.nodeType === 1 ? node.outerHTML : node.textContent);
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "childList") r.addedNodes.forEach(scan);
        else if (r.type === "attributes") check(`attribute ${r.attributeName} of ${r.target.nodeName}`, r.target.getAttribute(r.attributeName));
        else check("text", r.target.data);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  }, SECRETS);
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on("request", async (req) => {
    const url = req.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    const origin = new URL(url).origin;
    if (origin !== new URL(demo.pageUrl).origin && !gateways.has(origin)) wireProblems.push(`request to a third party: ${origin}`);
    let headers = {};
    try {
      headers = await req.allHeaders();
    } catch {
      headers = req.headers();
    }
    const text = `${url}\n${JSON.stringify(headers)}\n${req.postData() ?? ""}`;
    if (!gateways.has(origin) && SECRETS.some((s) => text.includes(s))) {
      wireProblems.push(`a token was sent to ${origin}, which is not the gateway`);
    }
  });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

// ---- helpers ------------------------------------------------------------------------

async function screenshot(name, target = page) {
  shot++;
  const path = join(ARTIFACTS, `${String(shot).padStart(2, "0")}-${name}.png`);
  if (target === page) await page.screenshot({ path, fullPage: true });
  else await target.screenshot({ path });
}

const card = (op) => page.locator(`#op-${op}`);
const text = (selector) => page.locator(selector).innerText();

/** No secret in the HTML now, none ever added to the DOM, none in a field or the console. */
async function assertNoSecrets(when) {
  const html = await page.content();
  for (const s of SECRETS) assert.ok(!html.includes(s), `${when}: a token is in the page's HTML`);
  const leaks = await page.evaluate(() => window.__leaks);
  assert.deepEqual(leaks, [], `${when}: a token entered the DOM`);
  const values = await page.evaluate((skip) => [...document.querySelectorAll("input, textarea, select")].filter((e) => !skip.includes(e.id)).map((e) => e.value), PASSWORD_INPUTS);
  for (const s of SECRETS) assert.ok(!values.some((v) => v.includes(s)), `${when}: a token is in a visible field`);
  for (const s of SECRETS) assert.ok(!consoleLines.some((l) => l.includes(s)), `${when}: a token was logged`);
  assert.deepEqual(wireProblems, [], `${when}: requests`);
  assert.deepEqual(pageErrors, [], `${when}: page errors`);
}

async function openPage(query = "") {
  await page.goto(demo.pageUrl + query, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready=true]");
}

function sandboxConfig(provider) {
  const c = { provider, ...SIM_CREDENTIALS[provider], baseUrl: demo.simUrl };
  return c;
}

/** The preview's text for a request, as the page formats it. */
function formatted(req) {
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join("");
  return `${req.method} ${req.url}\n${headers}\n${req.body ?? "(no body)"}`;
}

/**
 * The preview shows, before anything is sent, exactly the package's redacted request;
 * returns the unredacted one, to compare with what the simulator receives.
 */
async function checkPreview(provider, call) {
  const config = sandboxConfig(provider);
  const shown = await page.locator(`#${call.op}-preview`).textContent();
  const redacted = buildRequest(config, call, { redact: true });
  assert.equal(shown, formatted(redacted), `${call.op} preview`);
  for (const s of SECRETS) assert.ok(!shown.includes(s), "no token in the preview");
  if (provider === "zapi") {
    assert.ok(shown.includes("/token/***/"), "Z-API: the URL's token shows as ***");
    assert.ok(shown.includes("Client-Token: ***"), "Z-API: Client-Token shows as ***");
  } else {
    assert.ok(shown.includes("token: ***"), "RyzeAPI: the token header shows as ***");
  }
  return buildRequest(config, call);
}

/** Clicks Send and waits for the outcome; asserts the simulator got exactly `expected`. */
async function send(op, expected) {
  const before = demo.sim.requests().length;
  await page.click(`#${op}-send`);
  await page.waitForSelector(`#${op}-outcome .outcome-title`);
  await page.waitForFunction((id) => !document.getElementById(id).hasAttribute("aria-busy"), `${op}-outcome`);
  const sent = demo.sim.requests().slice(before);
  if (expected === null) {
    assert.equal(sent.length, 0, `${op}: nothing may be sent`);
    return;
  }
  assert.equal(sent.length, 1, `${op}: one request`);
  const [got] = sent;
  assert.equal(got.method, expected.method);
  assert.equal(demo.simUrl + got.path, expected.url, `${op}: the URL sent is the previewed one`);
  assert.equal(got.body, expected.body ?? "", `${op}: the body sent is the previewed one`);
  for (const [k, v] of Object.entries(expected.headers)) assert.equal(got.headers[k.toLowerCase()], v, `${op}: header ${k}`);
}

/** An operation shown as unsupported for `provider`: marked, refused when sent, nothing sent. */
async function expectUnsupported(provider, op) {
  assert.equal(await page.locator(`#op-${op}.unsupported`).count(), 1, `${op}: the card is marked unsupported`);
  assert.match(await text(`#${op}-unsupported`), new RegExp(`Not supported by ${provider === "zapi" ? "Z-API" : "RyzeAPI"}`));
  assert.match(await text(`#${op}-preview`), /has no endpoint for/);
  await send(op, null);
  assert.match(await text(`#${op}-outcome .outcome-title`), /WaGroupsError: unsupported/);
  assert.equal(await outcomeFact(op, "kind"), "unsupported");
  assert.equal(await outcomeFact(op, "status"), "no response");
}

async function fill(selector, value) {
  await page.fill(selector, value);
}

async function outcomeFact(op, key) {
  return (await page.locator(`#${op}-outcome dd[data-key="${key}"]`).innerText()).trim();
}

async function listed(op, which) {
  return page.locator(`#${op}-${which} li`).evaluateAll((items) => items.map((li) => ({ group: li.dataset.group, text: li.textContent })));
}

/** A 127.0.0.1 port with nothing listening. */
async function closedPort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

async function noOverflow(when) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${when}: the page is ${scroll}px wide in a ${width}px window (horizontal scrolling)`);
}

// ---- the tests ----------------------------------------------------------------------

test("the page loads the packed package and shows the sandbox", async () => {
  await openPage();
  assert.match(await text("#load-status"), /wa-groups loaded/);
  assert.equal(await page.isChecked("#mode-sandbox"), true, "sandbox is the default mode");
  const sandbox = await text("#sandbox-panel");
  assert.ok(sandbox.includes(demo.simUrl), "names the simulator's URL");
  for (const id of ["120363400000000001", "120363400000000004", "120363400000000012", "120363400000000020"]) {
    assert.ok(sandbox.includes(id), `lists seed id ${id}`);
  }
  // Every form control has an accessible label.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, textarea, select")].filter((e) => !e.labels?.length && !e.getAttribute("aria-label")).map((e) => e.id || e.name));
  assert.deepEqual(unlabelled, [], "controls without a label");
  await noOverflow("1280px");
  await screenshot("sandbox-initial-1280");
  await assertNoSecrets("after loading");
});

for (const provider of ["zapi", "ryze"]) {
  test(`sandbox, ${provider}: every section, every operation`, async (t) => {
    await openPage();
    await page.selectOption("#provider", provider);
    const P = provider === "zapi" ? "Z" : "R";
    const covered = new Set();
    let invite;
    let newLink;
    let createdCommunity;

    /** Sends `call` from its form: its preview checked first, or its unsupported refusal. */
    async function sendCall(call) {
      covered.add(call.op);
      if (!operations[provider].includes(call.op)) {
        await expectUnsupported(provider, call.op);
        return false;
      }
      await send(call.op, await checkPreview(provider, call));
      assert.equal(await page.locator(`#${call.op}-outcome.is-error`).count(), 0, `${call.op}: not an error: ${await text(`#${call.op}-outcome`)}`);
      return true;
    }
    const group = (id) => demo.sim.state(provider).groups.find((g) => g.jid === jid(id) || g.jid === id);
    const community = (id) => demo.sim.state(provider).communities.find((c) => c.jid === jid(id) || c.jid === id);

    await t.test("groups: createGroup, preview before sending, then the created group", async () => {
      await fill("#createGroup-name", `Turma ${P}`);
      await fill("#createGroup-participants", "+55 (11) 98888-7777\n5511955550000");
      const call = { op: "createGroup", name: `Turma ${P}`, participants: ["+55 (11) 98888-7777", "5511955550000"] };
      const before = demo.sim.requests().length;
      const expected = await checkPreview(provider, call);
      assert.equal(demo.sim.requests().length, before, "the preview sends nothing");
      covered.add("createGroup");
      await send("createGroup", expected);
      assert.match(await text("#createGroup-outcome .outcome-title"), /Group created/);
      assert.equal(await outcomeFact("createGroup", "groupId"), jid(NEW_GROUP));
      invite = await outcomeFact("createGroup", "invitationLink");
      assert.match(invite, /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/);
      assert.ok(await page.locator("#createGroup-outcome [data-key=notAdded]").isVisible());
      assert.equal(group(NEW_GROUP)?.name, `Turma ${P}`, "the simulator has the group");
      await assertNoSecrets("createGroup");
      await page.click("#createGroup-use");
    });

    await t.test("groups: createGroup's validation issues next to their fields, nothing sent", async () => {
      await fill("#createGroup-name", "");
      await fill("#createGroup-participants", "abc\n+55 11");
      assert.match(await text("#createGroup-name-issues"), /must not be empty/);
      const participants = await text("#createGroup-participants-issues");
      assert.match(participants, /participants\[0\] “abc”: must be a phone number/);
      assert.match(participants, /participants\[1\] “\+55 11”: has 2 digits after \+55, but numbers there have 8, 9, 10 or 11/);
      assert.equal(await page.getAttribute("#createGroup-participants", "aria-invalid"), "true");
      assert.match(await text("#createGroup-preview"), /Nothing to send yet: 3 problems/);
      await send("createGroup", null);
      const outcome = await text("#createGroup-outcome");
      assert.match(outcome, /WaGroupsError: validation/);
      assert.equal(await outcomeFact("createGroup", "kind"), "validation");
      assert.match(outcome, /Nothing was sent/);
      assert.match(await text("#createGroup-name-issues"), /must not be empty/, "still next to the field after sending");
      await screenshot(`${provider}-createGroup-validation`, card("createGroup"));
      await assertNoSecrets("validation");
    });

    await t.test("groups: createGroup with RyzeAPI's options (Z-API: each one an issue next to its field)", async () => {
      await fill("#createGroup-name", `Turma ${P}2`);
      await fill("#createGroup-participants", "5511955550000");
      await fill("#createGroup-description", "Second class");
      await fill("#createGroup-photo", "https://example.com/turma2.jpg");
      await fill("#createGroup-communityId", COMMUNITY);
      await page.check("#createGroup-settings\\.onlyAdminsCanSend");
      const call = {
        op: "createGroup",
        name: `Turma ${P}2`,
        participants: ["5511955550000"],
        description: "Second class",
        photo: "https://example.com/turma2.jpg",
        communityId: COMMUNITY,
        settings: { onlyAdminsCanSend: true },
      };
      if (provider === "zapi") {
        for (const [field, issue] of [
          ["description", /no description field: create the group, then call updateGroupDescription/],
          ["photo", /no photo field: create the group, then call updateGroupPhoto/],
          ["communityId", /no communityId field: create the group, then call linkGroups/],
          ["settings", /no settings field: create the group, then call updateGroupSettings/],
        ]) {
          assert.match(await text(`#createGroup-${field}-issues`), issue, `${field}: its issue next to it`);
        }
        assert.match(await text("#createGroup-preview"), /Nothing to send yet: 4 problems/);
        const groups = demo.sim.state(provider).groups.length;
        await send("createGroup", null);
        assert.equal(await outcomeFact("createGroup", "kind"), "validation");
        assert.equal(demo.sim.state(provider).groups.length, groups, "no group created");
        await screenshot(`${provider}-createGroup-ryze-options`, card("createGroup"));
      } else {
        await sendCall(call);
        const id = await outcomeFact("createGroup", "groupId");
        assert.match(id, /^1203635\d{11}@g\.us$/);
        assert.notEqual(id, jid(NEW_GROUP));
        const made = group(id);
        assert.equal(made.name, `Turma ${P}2`);
        assert.equal(made.description, "Second class");
        // The simulator takes RyzeAPI's `image` on create and stores no picture: the request carried it.
        assert.equal(JSON.parse(demo.sim.requests().at(-1).body).image, "https://example.com/turma2.jpg");
        assert.equal(made.communityId, COMMUNITY, "created inside the community");
        assert.ok(community(COMMUNITY).subgroups.includes(made.id), "a subgroup of the community");
        assert.equal(made.settings.membersCanSendMessages, false, "onlyAdminsCanSend");
        assert.equal(made.settings.requireAdminApproval, false, "the settings not ticked are left as they are");
      }
      for (const field of ["description", "photo", "communityId"]) await fill(`#createGroup-${field}`, "");
      await page.uncheck("#createGroup-settings\\.onlyAdminsCanSend");
      // Emptied, they are left out of the call again.
      await checkPreview(provider, { op: "createGroup", name: `Turma ${P}2`, participants: ["5511955550000"] });
    });

    await t.test("groups: getInvitationLink of the new group, then of an unknown one (not_found)", async () => {
      assert.equal(await page.inputValue("#getInvitationLink-groupId"), jid(NEW_GROUP), "'Use this group' filled it in");
      await sendCall({ op: "getInvitationLink", groupId: jid(NEW_GROUP) });
      assert.equal(await outcomeFact("getInvitationLink", "groupId"), jid(NEW_GROUP));
      assert.equal(await outcomeFact("getInvitationLink", "invitationLink"), invite, "the same link createGroup gave");
      await fill("#getInvitationLink-groupId", "120363499999999999");
      await send("getInvitationLink", await checkPreview(provider, { op: "getInvitationLink", groupId: "120363499999999999" }));
      assert.match(await text("#getInvitationLink-outcome .outcome-title"), /WaGroupsError: not_found/);
      assert.equal(await outcomeFact("getInvitationLink", "kind"), "not_found");
      assert.equal(await outcomeFact("getInvitationLink", "status"), "404");
      assert.match(await outcomeFact("getInvitationLink", "message"), /HTTP 404.*Group not found/);
      await assertNoSecrets("not_found");
    });

    await t.test("groups: metadata, light metadata, what the link shows", async () => {
      assert.equal(await page.inputValue("#getGroupMetadata-groupId"), jid(NEW_GROUP));
      await sendCall({ op: "getGroupMetadata", groupId: jid(NEW_GROUP) });
      assert.equal(await outcomeFact("getGroupMetadata", "groupId"), jid(NEW_GROUP));
      assert.equal(await outcomeFact("getGroupMetadata", "name"), `Turma ${P}`);
      assert.equal(await outcomeFact("getGroupMetadata", "owner"), "5511900000000");
      assert.match(await outcomeFact("getGroupMetadata", "participants"), /5511900000000/);
      await sendCall({ op: "getGroupMetadataLight", groupId: jid(NEW_GROUP) });
      assert.equal(await outcomeFact("getGroupMetadataLight", "name"), `Turma ${P}`);
      assert.equal(await outcomeFact("getGroupMetadataLight", "invitationLink"), "null", "no link in light metadata");
      assert.equal(await page.inputValue("#getInvitationInfo-link"), invite, "'Use this group' filled the link in");
      await sendCall({ op: "getInvitationInfo", link: invite });
      assert.equal(await outcomeFact("getInvitationInfo", "groupId"), jid(NEW_GROUP));
      assert.equal(await outcomeFact("getInvitationInfo", "name"), `Turma ${P}`);
    });

    await t.test("groups: reset the link, join by the new one, leave another group", async () => {
      await sendCall({ op: "resetInvitationLink", groupId: jid(NEW_GROUP) });
      newLink = await outcomeFact("resetInvitationLink", "invitationLink");
      assert.match(newLink, /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/);
      assert.notEqual(newLink, invite, "a new link");
      await fill("#joinGroup-link", newLink);
      await sendCall({ op: "joinGroup", link: newLink });
      // Z-API does not say which group was joined, nor whether approval is needed.
      assert.equal(await outcomeFact("joinGroup", "groupId"), provider === "zapi" ? "null" : jid(NEW_GROUP));
      assert.equal(await outcomeFact("joinGroup", "requiresApproval"), provider === "zapi" ? "null" : "false");
      assert.ok(
        group("120363400000000006").participants.some((p) => p.phone === "5511900000000"),
        "the bot is in Turma D before",
      );
      await sendCall({ op: "leaveGroup", groupId: "120363400000000006" });
      assert.equal(await outcomeFact("leaveGroup", "groupId"), jid("120363400000000006"));
      assert.ok(!group("120363400000000006").participants.some((p) => p.phone === "5511900000000"), "the bot left Turma D");
      await screenshot(`${provider}-section-groups`, page.locator("#section-groups"));
      await assertNoSecrets("groups");
    });

    await t.test("participants: add, promote, demote, remove (one fails), approve and reject requests", async () => {
      const member = (id, phone) => group(id).participants.find((p) => p.phone === phone);
      assert.equal(await page.inputValue("#addParticipants-groupId"), jid(NEW_GROUP));
      await sendCall({ op: "addParticipants", groupId: jid(NEW_GROUP), phones: ["5511977776666"] });
      assert.match(await text("#addParticipants-outcome .outcome-title"), /^1 added/);
      assert.deepEqual(
        (await listed("addParticipants", "went")).map((i) => i.group),
        ["5511977776666"],
      );
      assert.ok(member(NEW_GROUP, "5511977776666"), "added in the simulator");
      await sendCall({ op: "promoteParticipants", groupId: jid(NEW_GROUP), phones: ["5511977776666"] });
      assert.deepEqual(
        (await listed("promoteParticipants", "went")).map((i) => i.group),
        ["5511977776666"],
      );
      assert.equal(member(NEW_GROUP, "5511977776666").isAdmin, true);
      await sendCall({ op: "demoteParticipants", groupId: jid(NEW_GROUP), phones: ["5511977776666"] });
      assert.deepEqual(
        (await listed("demoteParticipants", "went")).map((i) => i.group),
        ["5511977776666"],
      );
      assert.equal(member(NEW_GROUP, "5511977776666").isAdmin, false);
      await sendCall({ op: "removeParticipants", groupId: jid(NEW_GROUP), phones: ["5511977776666", "5511933334444"] });
      assert.match(await text("#removeParticipants-outcome .outcome-title"), /Partly removed: 1 of 2/);
      assert.deepEqual(
        (await listed("removeParticipants", "went")).map((i) => i.group),
        ["5511977776666"],
      );
      const failed = await listed("removeParticipants", "failed");
      assert.deepEqual(
        failed.map((i) => i.group),
        ["5511933334444"],
      );
      assert.match(failed[0].text, /not a participant/);
      assert.equal(member(NEW_GROUP, "5511977776666"), undefined, "removed in the simulator");
      assert.deepEqual(group(TURMA_C).pendingRequests, ["5511955551111", "5511955552222"]);
      // RyzeAPI lists the requests by id; each row's buttons fill in the approve or reject form.
      const pendingRows = () => page.locator("#listPendingRequests-outcome tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td[data-col]")].map((td) => td.textContent)));
      const listing = await sendCall({ op: "listPendingRequests", groupId: TURMA_C });
      let approve = { groupId: TURMA_C, phones: ["5511955551111"] };
      let reject = { groupId: TURMA_C, phones: ["5511955552222"] };
      if (listing) {
        assert.match(await text("#listPendingRequests-outcome .outcome-title"), /Pending requests: 2/);
        assert.deepEqual(await pendingRows(), [
          ["224921869742044@lid", "5511955551111", "2026-04-20T14:00:00Z"],
          ["269640499833813@lid", "hidden by the requester", "2026-04-21T09:30:00Z"],
        ]);
        await page.click('#listPendingRequests-outcome button[aria-label^="Approve 224921869742044@lid"]');
        assert.equal(await page.inputValue("#approveParticipants-groupId"), jid(TURMA_C), "the row's Approve filled the group in");
        assert.equal(await page.inputValue("#approveParticipants-phones"), "224921869742044@lid", "and the request's id");
        await page.click('#listPendingRequests-outcome button[aria-label^="Reject 269640499833813@lid"]');
        assert.equal(await page.inputValue("#rejectParticipants-phones"), "269640499833813@lid");
        await screenshot(`${provider}-listPendingRequests`, card("listPendingRequests"));
        approve = { groupId: jid(TURMA_C), phones: ["224921869742044@lid"] };
        reject = { groupId: jid(TURMA_C), phones: ["269640499833813@lid"] };
      } else {
        await fill("#approveParticipants-phones", "5511955551111");
        await fill("#rejectParticipants-phones", "5511955552222");
      }
      await sendCall({ op: "approveParticipants", ...approve });
      assert.deepEqual(
        (await listed("approveParticipants", "went")).map((i) => i.group),
        approve.phones,
      );
      assert.ok(member(TURMA_C, "5511955551111"), "approved: a member now");
      await sendCall({ op: "rejectParticipants", ...reject });
      assert.deepEqual(
        (await listed("rejectParticipants", "went")).map((i) => i.group),
        reject.phones,
      );
      assert.deepEqual(group(TURMA_C).pendingRequests, [], "no request left");
      if (listing) {
        await sendCall({ op: "listPendingRequests", groupId: TURMA_C });
        assert.match(await text("#listPendingRequests-outcome .outcome-title"), /Pending requests: 0/);
        assert.match(await text("#listPendingRequests-outcome"), /No request waits for an admin/);
      }
      assert.equal(member(TURMA_C, "5511955552222"), undefined, "rejected: not a member");
      await screenshot(`${provider}-section-participants`, page.locator("#section-participants"));
      await assertNoSecrets("participants");
    });

    await t.test("settings: name, description, photo, settings checkboxes", async () => {
      await sendCall({ op: "updateGroupName", groupId: jid(NEW_GROUP), name: "Turma E (2027)" });
      assert.equal(await outcomeFact("updateGroupName", "groupId"), jid(NEW_GROUP));
      assert.equal(group(NEW_GROUP).name, "Turma E (2027)");
      await sendCall({ op: "updateGroupDescription", groupId: jid(NEW_GROUP), description: "Class of 2027: announcements and homework." });
      assert.equal(group(NEW_GROUP).description, "Class of 2027: announcements and homework.");
      await sendCall({ op: "updateGroupPhoto", groupId: jid(NEW_GROUP), photo: "https://example.com/turma.jpg" });
      assert.equal(group(NEW_GROUP).photo?.source, "url");
      if (await sendCall({ op: "removeGroupPhoto", groupId: jid(NEW_GROUP) })) {
        assert.equal(await outcomeFact("removeGroupPhoto", "groupId"), jid(NEW_GROUP));
        assert.equal(group(NEW_GROUP).photo, null, "the photo is gone");
      } else {
        assert.equal(group(NEW_GROUP).photo?.source, "url", "unsupported: the photo stays");
      }
      await page.uncheck("#updateGroupSettings-settings\\.onlyAdminsCanEditInfo");
      await page.check("#updateGroupSettings-settings\\.requireAdminApproval");
      const settings = { onlyAdminsCanSend: true, onlyAdminsCanEditInfo: false, requireAdminApproval: true, onlyAdminsCanAddMembers: false };
      await sendCall({ op: "updateGroupSettings", groupId: jid(NEW_GROUP), settings });
      assert.equal(await outcomeFact("updateGroupSettings", "groupId"), jid(NEW_GROUP));
      assert.deepEqual(group(NEW_GROUP).settings, { membersCanSendMessages: false, membersCanEditInfo: true, requireAdminApproval: true, membersCanAddOthers: true });
      // A photo that is none of the accepted forms: its issue next to its field.
      await fill("#updateGroupPhoto-photo", "not a photo");
      assert.match(await text("#updateGroupPhoto-photo-issues"), /must be an https:\/\/ URL of an image/);
      await screenshot(`${provider}-section-settings`, page.locator("#section-settings"));
      await fill("#updateGroupPhoto-photo", "https://example.com/turma.jpg");
    });

    await t.test("communities: linkGroups, a partial result with reasons", async () => {
      const groupIds = [jid(NEW_GROUP), "120363400000000004", "120363400000000012", "120363400000000020"];
      assert.deepEqual((await page.inputValue("#linkGroups-groupIds")).split("\n"), groupIds);
      await sendCall({ op: "linkGroups", communityId: COMMUNITY, groupIds });
      assert.match(await text("#linkGroups-outcome .outcome-title"), /Partly linked: 2 of 4/);
      assert.deepEqual(
        (await listed("linkGroups", "went")).map((i) => i.group),
        [jid(NEW_GROUP), jid("120363400000000004")],
      );
      const failed = await listed("linkGroups", "failed");
      assert.deepEqual(
        failed.map((i) => i.group),
        [jid("120363400000000012"), jid("120363400000000020")],
      );
      assert.match(failed[0].text, /group already belongs to another community/);
      assert.match(failed[1].text, /not an admin of this group/);
      await assertNoSecrets("linkGroups");
    });

    await t.test("communities: linkGroups rate limited, with retryAfterMs", async () => {
      demo.sim.script({
        provider,
        path: provider === "zapi" ? "/communities/link" : "/api/community/link",
        status: 429,
        // Short: RyzeAPI's client-side limiter honours it, holding the next call that long.
        headers: { "Retry-After": "2" },
        body: provider === "zapi" ? { error: "Too many requests" } : { success: false, error: { message: "Too many requests" } },
      });
      await send("linkGroups", await checkPreview(provider, { op: "linkGroups", communityId: COMMUNITY, groupIds: (await page.inputValue("#linkGroups-groupIds")).split("\n") }));
      assert.equal(await outcomeFact("linkGroups", "kind"), "rate_limited");
      assert.equal(await outcomeFact("linkGroups", "status"), "429");
      assert.match(await outcomeFact("linkGroups", "retryAfterMs"), /^2000 /);
      assert.match(await outcomeFact("linkGroups", "message"), /429/);
      await screenshot(`${provider}-linkGroups-rate-limited`, card("linkGroups"));
    });

    await t.test("communities: unlinkGroups, and a community id that is not one", async () => {
      const groupIds = [jid(NEW_GROUP), "120363400000000004", "120363400000000005"];
      assert.deepEqual((await page.inputValue("#unlinkGroups-groupIds")).split("\n"), groupIds);
      await sendCall({ op: "unlinkGroups", communityId: COMMUNITY, groupIds });
      assert.match(await text("#unlinkGroups-outcome .outcome-title"), /Partly unlinked: 2 of 3/);
      assert.deepEqual(
        (await listed("unlinkGroups", "went")).map((i) => i.group),
        [jid(NEW_GROUP), jid("120363400000000004")],
      );
      const failed = await listed("unlinkGroups", "failed");
      assert.deepEqual(
        failed.map((i) => i.group),
        [jid("120363400000000005")],
      );
      assert.match(failed[0].text, /group is not linked to this community/);
      await fill("#unlinkGroups-communityId", "not-a-community");
      assert.match(await text("#unlinkGroups-communityId-issues"), /must be a community id/);
      await send("unlinkGroups", null);
      assert.equal(await outcomeFact("unlinkGroups", "kind"), "validation");
      assert.match(await text("#unlinkGroups-outcome .issue-list"), /communityId: must be a community id/);
    });

    await t.test("communities: create one, read, list subgroups, reset its link, change it, deactivate it", async () => {
      // RyzeAPI's options: Z-API refuses each one next to its field, naming what to call instead.
      await fill("#createCommunity-photo", "https://example.com/escola-nova.jpg");
      await page.check("#createCommunity-requireApproval");
      if (provider === "zapi") {
        await fill("#createCommunity-groupIds", "120363400000000004");
        assert.match(await text("#createCommunity-groupIds-issues"), /cannot link groups while creating a community: create it, then call linkGroups/);
        assert.match(await text("#createCommunity-photo-issues"), /no photo field: create it, then call updateCommunityPhoto/);
        assert.match(await text("#createCommunity-requireApproval-issues"), /no membership approval setting/);
        assert.match(await text("#createCommunity-preview"), /Nothing to send yet: 3 problems/);
        await send("createCommunity", null);
        assert.equal(await outcomeFact("createCommunity", "kind"), "validation");
        await screenshot(`${provider}-createCommunity-ryze-options`, card("createCommunity"));
        await fill("#createCommunity-groupIds", "");
        await fill("#createCommunity-photo", "");
        await page.uncheck("#createCommunity-requireApproval");
        await sendCall({ op: "createCommunity", name: "Escola Nova", description: "Parents and teachers" });
      } else {
        await sendCall({ op: "createCommunity", name: "Escola Nova", description: "Parents and teachers", photo: "https://example.com/escola-nova.jpg", requireApproval: true });
      }
      createdCommunity = await outcomeFact("createCommunity", "communityId");
      assert.match(createdCommunity, /^1203635\d{11}@g\.us$/);
      assert.equal(await outcomeFact("createCommunity", "isCommunity"), "true");
      assert.equal(community(createdCommunity)?.name, "Escola Nova", "the simulator has the community");
      assert.equal(community(createdCommunity).photo?.source ?? null, provider === "ryze" ? "url" : null, "RyzeAPI: created with its photo");
      assert.equal(community(createdCommunity).settings.requireAdminApproval, provider === "ryze", "RyzeAPI: joining needs approval");
      await page.click("#createCommunity-use");
      assert.equal(await page.inputValue("#deactivateCommunity-communityId"), createdCommunity, "'Use this community' filled it in");

      if (await sendCall({ op: "getCommunityMetadata", communityId: COMMUNITY })) {
        assert.equal(await outcomeFact("getCommunityMetadata", "name"), "Escola Central");
        assert.match(await outcomeFact("getCommunityMetadata", "subgroups"), /120363400000000003@g\.us\s+Turma A/);
      }
      await sendCall({ op: "listSubgroups", communityId: COMMUNITY });
      assert.equal(await outcomeFact("listSubgroups", "communityId"), jid(COMMUNITY));
      const subgroups = await outcomeFact("listSubgroups", "subgroups");
      assert.match(subgroups, /120363400000000002@g\.us\s+Avisos\s+true/);
      assert.match(subgroups, /120363400000000003@g\.us\s+Turma A\s+false/);
      if (await sendCall({ op: "resetCommunityInvitationLink", communityId: COMMUNITY })) {
        assert.equal(await outcomeFact("resetCommunityInvitationLink", "communityId"), jid(COMMUNITY));
        assert.match(await outcomeFact("resetCommunityInvitationLink", "invitationLink"), /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/);
      }
      assert.equal(await page.inputValue("#updateCommunitySettings-whoCanAddGroups"), "all");
      if (await sendCall({ op: "updateCommunitySettings", communityId: COMMUNITY, whoCanAddGroups: "all" })) {
        assert.equal(await outcomeFact("updateCommunitySettings", "communityId"), jid(COMMUNITY));
        assert.equal(community(COMMUNITY).whoCanAddNewGroups, "all");
      }
      if (await sendCall({ op: "updateCommunityDescription", communityId: COMMUNITY, description: "The school's community: one group per class." })) {
        assert.equal(community(COMMUNITY).description, "The school's community: one group per class.");
      }
      if (await sendCall({ op: "deactivateCommunity", communityId: createdCommunity })) {
        assert.equal(await outcomeFact("deactivateCommunity", "communityId"), createdCommunity);
        assert.equal(community(createdCommunity), undefined, "deactivated: gone from the simulator");
      } else {
        assert.ok(community(createdCommunity), "unsupported: nothing happened");
      }
      await screenshot(`${provider}-section-communities`, page.locator("#section-communities"));
      await assertNoSecrets("communities");
    });

    await t.test("communities: its photo, and its members (the announcements group) added, promoted, demoted, removed", async () => {
      const photoBefore = community(COMMUNITY).photo;
      if (await sendCall({ op: "updateCommunityPhoto", communityId: COMMUNITY, photo: "https://example.com/escola.jpg" })) {
        assert.equal(await outcomeFact("updateCommunityPhoto", "communityId"), jid(COMMUNITY));
        assert.equal(community(COMMUNITY).photo?.source, "url", "the simulator has the photo");
        assert.notDeepEqual(community(COMMUNITY).photo, photoBefore);
      } else {
        assert.deepEqual(community(COMMUNITY).photo, photoBefore, "unsupported: no change");
      }
      const member = (phone) => group(ANNOUNCEMENTS).participants.find((p) => p.phone === phone);
      const went = async (op) => (await listed(op, "went")).map((i) => i.group);
      assert.equal(member("5511977776666"), undefined, "not a member before");
      if (await sendCall({ op: "addCommunityParticipants", communityId: COMMUNITY, phones: ["5511977776666"] })) {
        assert.match(await text("#addCommunityParticipants-outcome .outcome-title"), /^1 added/);
        assert.match(await text("#addCommunityParticipants-outcome"), new RegExp(`Community ${jid(COMMUNITY)}`));
        assert.deepEqual(await went("addCommunityParticipants"), ["5511977776666"]);
        assert.equal(member("5511977776666")?.isAdmin, false, "a member of the announcements group");
      }
      if (await sendCall({ op: "promoteCommunityParticipants", communityId: COMMUNITY, phones: ["5511977776666"] })) {
        assert.deepEqual(await went("promoteCommunityParticipants"), ["5511977776666"]);
        assert.equal(member("5511977776666").isAdmin, true);
      }
      if (await sendCall({ op: "demoteCommunityParticipants", communityId: COMMUNITY, phones: ["5511977776666"] })) {
        assert.deepEqual(await went("demoteCommunityParticipants"), ["5511977776666"]);
        assert.equal(member("5511977776666").isAdmin, false);
      }
      if (await sendCall({ op: "removeCommunityParticipants", communityId: COMMUNITY, phones: ["5511977776666", "5511933334444"] })) {
        assert.match(await text("#removeCommunityParticipants-outcome .outcome-title"), /Partly removed: 1 of 2/);
        assert.deepEqual(await went("removeCommunityParticipants"), ["5511977776666"]);
        const failed = await listed("removeCommunityParticipants", "failed");
        assert.deepEqual(
          failed.map((i) => i.group),
          ["5511933334444"],
        );
        assert.match(failed[0].text, /not a participant/);
      }
      assert.equal(member("5511977776666"), undefined, provider === "zapi" ? "removed again" : "unsupported: never added");
      await screenshot(`${provider}-community-participants`, card("removeCommunityParticipants"));
      await assertNoSecrets("community participants");
    });

    await t.test("account: who may add the connected number to groups", async () => {
      const privacy = () => demo.sim.state(provider).privacy.groupAdd;
      assert.deepEqual(privacy(), { type: "ALL", blacklist: [] });
      if (await sendCall({ op: "setGroupAddPrivacy", who: "contactsExcept", exceptAdd: ["5511977776666"] })) {
        assert.equal(await outcomeFact("setGroupAddPrivacy", "who"), "contactsExcept");
        assert.deepEqual(privacy(), { type: "CONTACT_BLACKLIST", blacklist: ["5511977776666"] });
        // Exceptions only go with contactsExcept: the issue is next to the field.
        await page.selectOption("#setGroupAddPrivacy-who", "everyone");
        assert.match(await text("#setGroupAddPrivacy-exceptAdd-issues"), /applies only when who is "contactsExcept"/);
        await fill("#setGroupAddPrivacy-exceptAdd", "");
        await sendCall({ op: "setGroupAddPrivacy", who: "everyone" });
        assert.deepEqual(privacy(), { type: "ALL", blacklist: ["5511977776666"] }, "everyone: the exceptions are kept for later");
      } else {
        assert.deepEqual(privacy(), { type: "ALL", blacklist: [] }, "unsupported: unchanged");
      }
      await screenshot(`${provider}-section-account`, page.locator("#section-account"));
    });

    await t.test("pages: listGroups page by page, listCommunities", async () => {
      await sendCall({ op: "listGroups", page: 1, pageSize: 3 });
      assert.equal(await outcomeFact("listGroups", "page"), "1");
      assert.equal(await outcomeFact("listGroups", "hasMore"), "true");
      const rows = () => page.locator("#listGroups-outcome table.result-table tbody tr").count();
      assert.equal(await rows(), 3);
      const first = await outcomeFact("listGroups", "groups");
      const before = demo.sim.requests().length;
      await page.click("#listGroups-next");
      await page.waitForFunction(() => document.querySelector('#listGroups-outcome dd[data-key="page"]')?.textContent === "2");
      assert.equal(await page.inputValue("#listGroups-page"), "2");
      const sent = demo.sim.requests().slice(before);
      assert.equal(sent.length, 1, "the next page is one request");
      if (provider === "zapi") assert.match(sent[0].path, /[?&]page=2&pageSize=3$/);
      assert.equal(await rows(), 3);
      assert.notEqual(await outcomeFact("listGroups", "groups"), first, "another page of groups");
      if (await sendCall({ op: "listCommunities", page: 1, pageSize: 3 })) {
        const communities = await outcomeFact("listCommunities", "communities");
        assert.match(communities, /120363400000000001@g\.us\s+Escola Central/);
        assert.match(communities, /120363400000000010@g\.us\s+Clube/);
      }
      await screenshot(`${provider}-section-pages`, page.locator("#section-pages"));
    });

    await t.test("pages: every page with for await, and how many requests it took", async () => {
      const expected = {
        listGroups: demo.sim
          .state(provider)
          .groups.filter((g) => g.participants.some((p) => p.phone === BOT))
          .map((g) => g.jid),
        listCommunities: demo.sim.state(provider).communities.map((c) => c.jid),
      };
      for (const [op, noun, col] of [
        ["listGroups", "groups", "groupId"],
        ["listCommunities", "communities", "communityId"],
      ]) {
        await fill(`#${op}-pageSize`, "3");
        const before = demo.sim.requests().length;
        await page.click(`#${op}-all`);
        await page.waitForSelector(`#${op}-outcome .outcome-title`);
        await page.waitForFunction((id) => !document.getElementById(id).hasAttribute("aria-busy"), `${op}-outcome`);
        const sent = demo.sim.requests().slice(before);
        if (!operations[provider].includes(op)) {
          assert.equal(await outcomeFact(op, "kind"), "unsupported");
          assert.equal(sent.length, 0, `${op}: nothing sent`);
          continue;
        }
        const title = await text(`#${op}-outcome .outcome-title`);
        const m = new RegExp(`^All pages: (\\d+) ${noun} in (\\d+) requests?`).exec(title);
        assert.ok(m, `${op}: ${title}`);
        const [count, requests] = [Number(m[1]), Number(m[2])];
        assert.equal(requests, sent.length, `${op}: the requests counted are the ones the simulator got`);
        assert.equal(await outcomeFact(op, "requests"), String(sent.length));
        const ids = await page.locator(`#${op}-outcome table.result-table td[data-col="${col}"]`).allInnerTexts();
        assert.equal(ids.length, count);
        assert.deepEqual([...ids].sort(), [...expected[op]].sort(), `${op}: every item the simulator has, once`);
        // One request per page of 3, the next asked for only while the last one was full.
        assert.ok(requests >= Math.ceil(count / 3) && requests <= Math.ceil(count / 3) + 1, `${op}: ${requests} requests for ${count} items`);
        if (op === "listGroups") assert.ok(requests > 1, "more than one page");
        if (provider === "zapi") {
          assert.deepEqual(
            sent.map((r) => new URL(r.path, demo.simUrl).searchParams.get("page")),
            Array.from({ length: requests }, (_, i) => String(i + 1)),
            `${op}: pages 1, 2, … in order`,
          );
          assert.ok(sent.every((r) => new URL(r.path, demo.simUrl).searchParams.get("pageSize") === "3"));
        }
      }
      await screenshot(`${provider}-pages-for-await`, card("listGroups"));
      await assertNoSecrets("pages, for await");
    });

    await t.test("webhooks: setWebhook, its Authorization shown as *** and never in the page", async () => {
      const url = "https://example.com/wa-hooks/groups";
      assert.equal(await page.inputValue("#setWebhook-url"), url);
      assert.equal(await page.inputValue("#setWebhook-authorization"), "", "the secret field starts empty");
      await page.check('[id="setWebhook-events.group.flow"]');
      await fill("#setWebhook-authorization", WEBHOOK_AUTH);
      await fill("#setWebhook-label", "groups");
      if (provider === "zapi") {
        assert.match(await text("#setWebhook-events-issues"), /cannot filter them/);
        assert.match(await text("#setWebhook-authorization-issues"), /Z-API sends no Authorization header with its deliveries; put a secret in the webhook's path instead/);
        assert.match(await text("#setWebhook-label-issues"), /labels are RyzeAPI's/);
        assert.match(await text("#setWebhook-preview"), /Nothing to send yet: 3 problems/);
        await send("setWebhook", null);
        assert.equal(await outcomeFact("setWebhook", "kind"), "validation");
        await assertNoSecrets("setWebhook refused by Z-API");
        await screenshot(`${provider}-setWebhook-refused`, card("setWebhook"));
        await page.uncheck('[id="setWebhook-events.group.flow"]');
        await fill("#setWebhook-authorization", "");
        await fill("#setWebhook-label", "");
        await fill("#setWebhook-url", "http://example.com/wa-hooks/groups");
        assert.match(await text("#setWebhook-url-issues"), /must be https:\/\/ with Z-API/);
        await fill("#setWebhook-url", url);
        assert.equal(demo.sim.state(provider).webhooks.received, null, "no webhook before");
        await sendCall({ op: "setWebhook", url });
        assert.equal(await outcomeFact("setWebhook", "url"), url);
        assert.equal(await outcomeFact("setWebhook", "label"), "null");
        assert.equal(await outcomeFact("setWebhook", "events"), "null");
        assert.equal(await outcomeFact("setWebhook", "hasAuthorization"), "false");
        assert.equal(demo.sim.state(provider).webhooks.received, url, "the simulator delivers there now");
      } else {
        const call = { op: "setWebhook", url, events: ["group.flow"], authorization: WEBHOOK_AUTH, label: "groups" };
        assert.ok((await text("#setWebhook-preview")).includes('"authorization":"***"'), "the preview shows the authorization as ***");
        assert.deepEqual(demo.sim.state(provider).webhooks, [], "no webhook before");
        await sendCall(call);
        assert.equal(await outcomeFact("setWebhook", "url"), url);
        assert.equal(await outcomeFact("setWebhook", "label"), "groups");
        assert.equal(await outcomeFact("setWebhook", "events"), "group.flow");
        assert.equal(await outcomeFact("setWebhook", "hasAuthorization"), "true");
        const [hook] = demo.sim.state(provider).webhooks;
        assert.deepEqual({ label: hook.label, enabled: hook.enabled, url: hook.url, events: hook.events }, { label: "groups", enabled: true, url, events: ["group.flow"] });
        assert.equal(hook.authorization, WEBHOOK_AUTH, "the gateway got the typed value (only the page hides it)");
        await screenshot(`${provider}-setWebhook`, card("setWebhook"));
        await fill("#setWebhook-authorization", "");
      }
      await assertNoSecrets("setWebhook");
    });

    await t.test("webhooks: both samples as typed events", async () => {
      await page.click("#webhook-sample-zapi");
      assert.equal(await page.inputValue("#webhook-provider"), "zapi");
      await page.click("#webhook-parse");
      assert.match(await text("#webhook-outcome .outcome-title"), /Group event: membership_requested/);
      assert.equal(await outcomeFact("webhook", "groupId"), jid("120363400000000005"));
      assert.equal(await outcomeFact("webhook", "participants"), "5511955553333");
      assert.equal(await outcomeFact("webhook", "method"), "invite_link");
      assert.equal(await outcomeFact("webhook", "notification"), "MEMBERSHIP_APPROVAL_REQUEST");
      await page.click("#webhook-sample-ryze");
      assert.equal(await page.inputValue("#webhook-provider"), "ryze");
      assert.equal((await text("#webhook-outcome")).trim(), "Nothing parsed yet.", "a new sample clears the last event");
      assert.match(await page.inputValue("#webhook-body"), /example-instance-token-0f3a9c/);
      await page.click("#webhook-parse");
      assert.match(await text("#webhook-outcome .outcome-title"), /Not a group event/);
      assert.equal(await outcomeFact("webhook", "type"), "other");
      const raw = JSON.parse(await text("#webhook-raw"));
      assert.equal(raw.instanceData.token, "***", "the instance's token is redacted");
      assert.equal(raw.data.id, jid("120363400000000005"));
      assert.ok(!(await text("#webhook-outcome")).includes("example-instance-token"), "the token is nowhere in the event");
      await screenshot(`${provider}-section-webhooks`, page.locator("#section-webhooks"));
    });

    await t.test("batch: createGroup per name, progress, a visible rate-limit wait", async () => {
      const names = [`Lote ${P}1`, `Lote ${P}2`, `Lote ${P}3`];
      await fill("#batch-names", names.join("\n"));
      await fill("#batch-concurrency", "1");
      if (provider === "zapi") {
        // Z-API has no limit in the simulator: this page's client limit makes the wait.
        await fill("#batch-rate-requests", "2");
        await fill("#batch-rate-seconds", "2");
      } else {
        // The simulator's RyzeAPI answers X-RateLimit-Remaining 0 after two requests.
        await fill("#batch-rate-requests", "");
        await fill("#sim-limit-requests", "2");
        await fill("#sim-limit-seconds", "3");
        await page.click("#sim-limit-apply");
        await page.waitForFunction(() => /allows 2 per 3 s/.test(document.getElementById("sim-limit-status").textContent));
        assert.deepEqual(demo.sim.config().ryzeRateLimit, { requests: 2, intervalMs: 3000 });
      }
      assert.match(await text("#batch-preview"), /client\.batch\(3 createGroup calls, \{ concurrency: 1, onProgress \}\)/);
      const t0 = Date.now();
      await page.click("#batch-send");
      // While it runs: the wait shows, with its length, before every call is done.
      await page.waitForSelector("#batch-wait[data-waits]", { timeout: 10_000 });
      const during = await page.evaluate(() => ({
        wait: document.getElementById("batch-wait").textContent,
        done: Number(document.getElementById("batch-counts").dataset.done ?? 0),
        pending: document.querySelectorAll('#batch-items li[data-status="pending"]').length,
      }));
      assert.match(during.wait, /Waiting \d+ ms for the rate limit/);
      assert.ok(during.pending > 0 && during.done < 3, `the wait is shown while calls are still pending: ${JSON.stringify(during)}`);
      await screenshot(`${provider}-batch-waiting`, card("batch"));
      await page.waitForFunction(() => !document.getElementById("batch-outcome").hasAttribute("aria-busy"), null, { timeout: 20_000 });
      const waitedMs = Number(/(\d+) ms in all/.exec(await text("#batch-wait"))[1]);
      assert.ok(waitedMs > 0 && Date.now() - t0 >= waitedMs - 50, `waited ${waitedMs} ms`);
      assert.match(await text("#batch-outcome .outcome-title"), /Batch done: All 3 created/);
      assert.match(await text("#batch-counts"), /3 of 3 done · 3 fulfilled · 0 rejected/);
      assert.equal(await page.getAttribute("#batch-bar", "value"), "3");
      const items = await page.locator("#batch-items li").evaluateAll((lis) => lis.map((li) => ({ status: li.dataset.status, id: li.querySelector(".group-id")?.textContent, text: li.textContent })));
      assert.deepEqual(
        items.map((i) => i.status),
        ["fulfilled", "fulfilled", "fulfilled"],
      );
      items.forEach((item, i) => {
        assert.match(item.id, /^1203635\d{11}@g\.us$/);
        assert.equal(group(item.id)?.name, names[i], `the simulator has ${names[i]} as ${item.id}`);
      });
      assert.equal(new Set(items.map((i) => i.id)).size, 3, "three groups");
      await screenshot(`${provider}-section-batch`, page.locator("#section-batch"));
      if (provider === "ryze") {
        await fill("#sim-limit-requests", "100");
        await fill("#sim-limit-seconds", "60");
        await page.click("#sim-limit-apply");
        await page.waitForFunction(() => /allows 100 per 60 s/.test(document.getElementById("sim-limit-status").textContent));
      }
      await fill("#batch-rate-requests", "");
      await fill("#batch-rate-seconds", "");
      await assertNoSecrets("batch");
    });

    await t.test("every operation of the package was sent from its form", async () => {
      const all = [...new Set([...operations.zapi, ...operations.ryze])];
      assert.deepEqual(
        all.filter((op) => !covered.has(op)),
        [],
        "operations this test did not send: add a step",
      );
    });

    await noOverflow(`${provider}, 1280px`);
    await assertNoSecrets(`${provider}: end`);
  });
}

test("every operation of the package has its section on the page, marked per provider", async () => {
  await openPage();
  const all = [...new Set([...operations.zapi, ...operations.ryze])];
  assert.ok(all.length >= 29, `the package lists ${all.length} operations`);
  const missing = [];
  for (const op of all) {
    if ((await page.locator(`#op-${op} form[data-op="${op}"]`).count()) !== 1 || (await page.locator(`#${op}-send`).count()) !== 1) missing.push(op);
  }
  assert.deepEqual(missing, [], "operations with no section on the page: add an entry to OPERATIONS in www/app.js");
  assert.equal(await page.locator("#missing-ops").count(), 0, "the page names no operation it lacks");
  for (const [id, title] of [
    ["groups", "Groups"],
    ["participants", "Participants"],
    ["settings", "Group settings"],
    ["communities", "Communities"],
    ["account", "Account"],
    ["pages", "Pages"],
    ["webhooks", "Webhooks"],
    ["batch", "Batch"],
  ]) {
    assert.equal((await text(`#section-${id}-title`)).trim(), title);
  }
  for (const provider of ["zapi", "ryze"]) {
    const chips = await page.locator('.chip[data-provider="' + provider + '"]').evaluateAll((cs) => cs.map((c) => ({ op: c.closest(".op").id.slice(3), yes: c.classList.contains("yes") })));
    assert.equal(chips.length, all.length);
    for (const c of chips) assert.equal(c.yes, operations[provider].includes(c.op), `${c.op}: the ${provider} mark`);
  }
});

test("switching provider or mode clears the results of every section", async () => {
  await openPage();
  await page.selectOption("#provider", "zapi");
  await fill("#getInvitationLink-groupId", "120363400000000004");
  await send("getInvitationLink", await checkPreview("zapi", { op: "getInvitationLink", groupId: "120363400000000004" }));
  assert.equal(await outcomeFact("getInvitationLink", "groupId"), jid("120363400000000004"));
  await send("listSubgroups", await checkPreview("zapi", { op: "listSubgroups", communityId: COMMUNITY }));
  await page.click("#webhook-sample-zapi");
  await page.click("#webhook-parse");
  await fill("#batch-names", "Turma Y");
  await page.click("#batch-send");
  await page.waitForSelector("#batch-items li[data-status=fulfilled]");
  const outcomes = () => page.locator(".outcome").evaluateAll((os) => os.map((o) => [o.id, o.textContent.trim()]));
  assert.ok((await outcomes()).filter(([, t]) => !/^(Not sent yet|Nothing parsed yet|Not run yet)\.$/.test(t)).length >= 4, "results shown before the switch");
  const cleared = async (when) => {
    const left = (await outcomes()).filter(([, t]) => !/^(Not sent yet|Nothing parsed yet|Not run yet)\.$/.test(t));
    assert.deepEqual(left, [], `${when}: results left`);
  };
  await page.selectOption("#provider", "ryze");
  await cleared("after switching to RyzeAPI");
  assert.equal(await page.inputValue("#webhook-provider"), "ryze", "the webhook parser follows the provider");
  await send("getInvitationLink", await checkPreview("ryze", { op: "getInvitationLink", groupId: "120363400000000004" }));
  assert.equal(await outcomeFact("getInvitationLink", "groupId"), jid("120363400000000004"));
  await send("listCommunities", null);
  assert.equal(await outcomeFact("listCommunities", "kind"), "unsupported");
  await page.check("#mode-live");
  await cleared("after switching to live mode");
  await screenshot("results-cleared-on-switch");
});

test("live mode: credential fields, the warning, and nothing persisted", async () => {
  await openPage();
  await page.check("#mode-live");
  assert.equal(await page.isVisible("#live-panel"), true);
  assert.equal(await page.isVisible("#sandbox-panel"), false);
  for (const label of ["Instance", "Token", "Client token", "Base URL"]) {
    assert.equal(await page.getByLabel(label, { exact: false }).first().isVisible(), true, `a field labelled ${label}`);
  }
  assert.equal(await page.getAttribute("#live-token", "type"), "password");
  assert.equal(await page.getAttribute("#live-clientToken", "type"), "password");
  const warning = await text("#live-panel .warning");
  assert.match(warning, /Tokens in a browser page can be read/);
  assert.match(warning, /examples\/worker/);
  assert.match(warning, /not stored/);
  // Empty credentials: every problem next to its connection field, nothing to send.
  assert.match(await text("#live-instance-issues"), /must not be empty|is required/);
  assert.match(await text("#live-token-issues"), /must not be empty|is required/);
  assert.match(await text("#getInvitationLink-preview"), /Nothing to send yet/);
  // The default base URL is the real gateway's.
  await page.fill("#live-instance", SIM_CREDENTIALS.zapi.instance);
  await page.fill("#live-token", LIVE_TOKEN);
  await page.fill("#live-clientToken", LIVE_CLIENT_TOKEN);
  assert.match(await text("#getInvitationLink-preview"), /^GET https:\/\/api\.z-api\.io\/instances\/3D1A5B7C9E0F\/token\/\*\*\*\/group-invitation-link\//);
  await screenshot("live-mode-filled");
  // Typed credentials against the simulator as a gateway: used, then forgotten.
  await page.fill("#live-baseUrl", demo.simUrl);
  await page.fill("#getInvitationLink-groupId", "120363400000000004");
  const expected = buildRequest(
    { provider: "zapi", instance: SIM_CREDENTIALS.zapi.instance, token: LIVE_TOKEN, clientToken: LIVE_CLIENT_TOKEN, baseUrl: demo.simUrl },
    { op: "getInvitationLink", groupId: "120363400000000004" },
  );
  await send("getInvitationLink", expected);
  assert.match(await outcomeFact("getInvitationLink", "invitationLink"), /^https:\/\/chat\.whatsapp\.com\//);
  await screenshot("live-mode-result", card("getInvitationLink"));
  await assertNoSecrets("live mode");
  // An unreachable gateway: kind network, no status, no token in the message.
  const dead = await closedPort();
  gateways.add(`http://127.0.0.1:${dead}`);
  await page.fill("#live-baseUrl", `http://127.0.0.1:${dead}`);
  await send("getInvitationLink", null);
  assert.equal(await outcomeFact("getInvitationLink", "kind"), "network");
  assert.equal(await outcomeFact("getInvitationLink", "status"), "no response");
  assert.match(await outcomeFact("getInvitationLink", "message"), /no response/i);
  await screenshot("live-mode-network-error", card("getInvitationLink"));
  await assertNoSecrets("live mode, network error");
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    idb: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, cookie: "", idb: 0, caches: 0 }, "nothing stored in the browser");
  assert.deepEqual(await browser.context.cookies(), [], "no cookies");
  // A reload forgets everything typed.
  await openPage("?mode=live");
  assert.equal(await page.isChecked("#mode-live"), true);
  for (const id of ["live-instance", "live-token", "live-clientToken", "live-baseUrl"]) {
    assert.equal(await page.inputValue(`#${id}`), "", `#${id} is empty after a reload`);
  }
  // RyzeAPI has no client token.
  await page.selectOption("#provider", "ryze");
  assert.equal(await page.isVisible("#live-clientToken"), false);
  await assertNoSecrets("live mode, reloaded");
});

test("a narrow window: one column, no horizontal scrolling", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await openPage();
    await page.selectOption("#provider", "zapi");
    // The page's reset button brings the simulator back to its seed data.
    const hasNewGroup = () => demo.sim.state("zapi").groups.some((g) => g.jid === jid(NEW_GROUP));
    assert.equal(hasNewGroup(), true, "the zapi run created a group");
    await page.click("#sandbox-reset");
    await page.waitForFunction(() => /seed data/.test(document.getElementById("sandbox-reset-status").textContent));
    assert.equal(hasNewGroup(), false, "reset removed it");
    await send("linkGroups", await checkPreview("zapi", { op: "linkGroups", communityId: COMMUNITY, groupIds: ["120363400000000004", "120363400000000012", "120363400000000020"] }));
    await send("getInvitationLink", await checkPreview("zapi", { op: "getInvitationLink", groupId: "120363400000000004" }));
    await noOverflow("390px");
    await screenshot("narrow-390-sandbox");
    await screenshot("narrow-390-connection", page.locator("#connection"));
    await screenshot("narrow-390-linkGroups", card("linkGroups"));
    await page.check("#mode-live");
    await noOverflow("390px, live");
    await screenshot("narrow-390-live", page.locator("#connection"));
    await assertNoSecrets("narrow");
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});
