// The demo page (www/) in headless Chromium, run by tests/www/run.sh from a consumer
// project (target/consumers/www/) that has the packed wa-groups and playwright-core
// installed. The page is served exactly as scripts/demo.sh serves it (www/serve.mjs).
//
// For each provider, in sandbox mode: every operation's request preview (before sending,
// token as ***, identical to the package's buildRequest and to what the simulator then
// receives), its result, a validation error next to its field, a provider error and a
// rate limit. Then live mode (fields, nothing persisted) and a narrow window. Throughout:
// no token in the DOM at any moment, in the console, or on the wire to anything but the
// gateway. Screenshots go to $WA_GROUPS_ARTIFACTS.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { buildRequest } from "wa-groups";

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
const SECRETS = [SIM_CREDENTIALS.zapi.token, SIM_CREDENTIALS.zapi.clientToken, SIM_CREDENTIALS.ryze.token];
const PASSWORD_INPUTS = ["live-token", "live-clientToken"];

const COMMUNITY = "120363400000000001";
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
  test(`sandbox, ${provider}: every operation`, async (t) => {
    await openPage();
    await page.selectOption("#provider", provider);
    const P = provider === "zapi" ? "Z" : "R";
    let invite;

    await t.test("createGroup: preview before sending, then the created group", async () => {
      await fill("#createGroup-name", `Turma ${P}`);
      await fill("#createGroup-participants", "+55 (11) 98888-7777\n5511955550000");
      const call = { op: "createGroup", name: `Turma ${P}`, participants: ["+55 (11) 98888-7777", "5511955550000"] };
      const before = demo.sim.requests().length;
      const expected = await checkPreview(provider, call);
      assert.equal(demo.sim.requests().length, before, "the preview sends nothing");
      await screenshot(`${provider}-createGroup-preview`, card("createGroup"));
      await send("createGroup", expected);
      assert.match(await text("#createGroup-outcome .outcome-title"), /Group created/);
      assert.equal(await outcomeFact("createGroup", "groupId"), jid(NEW_GROUP));
      invite = await outcomeFact("createGroup", "invitationLink");
      assert.match(invite, /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/);
      assert.ok(await page.locator("#createGroup-outcome [data-key=notAdded]").isVisible());
      const made = demo.sim.state(provider).groups.find((g) => g.jid === jid(NEW_GROUP));
      assert.equal(made?.name, `Turma ${P}`, "the simulator has the group");
      await screenshot(`${provider}-createGroup-result`, card("createGroup"));
      await assertNoSecrets("createGroup");
      await page.click("#createGroup-use");
    });

    await t.test("createGroup: validation issues next to their fields, nothing sent", async () => {
      await fill("#createGroup-name", "");
      await fill("#createGroup-participants", "abc\n+55 11");
      // Before sending: from validate(), live.
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

    await t.test("getInvitationLink: the new group's link", async () => {
      assert.equal(await page.inputValue("#getInvitationLink-groupId"), jid(NEW_GROUP), "'Use this group' filled it in");
      const expected = await checkPreview(provider, { op: "getInvitationLink", groupId: jid(NEW_GROUP) });
      await send("getInvitationLink", expected);
      assert.equal(await outcomeFact("getInvitationLink", "groupId"), jid(NEW_GROUP));
      assert.equal(await outcomeFact("getInvitationLink", "invitationLink"), invite, "the same link createGroup gave");
      await screenshot(`${provider}-getInvitationLink-result`, card("getInvitationLink"));
    });

    await t.test("getInvitationLink: an unknown group is a not_found error", async () => {
      await fill("#getInvitationLink-groupId", "120363499999999999");
      const expected = await checkPreview(provider, { op: "getInvitationLink", groupId: "120363499999999999" });
      await send("getInvitationLink", expected);
      assert.match(await text("#getInvitationLink-outcome .outcome-title"), /WaGroupsError: not_found/);
      assert.equal(await outcomeFact("getInvitationLink", "kind"), "not_found");
      assert.equal(await outcomeFact("getInvitationLink", "status"), "404");
      assert.match(await outcomeFact("getInvitationLink", "message"), /HTTP 404.*Group not found/);
      await screenshot(`${provider}-getInvitationLink-not-found`, card("getInvitationLink"));
      await assertNoSecrets("not_found");
    });

    await t.test("linkGroups: a partial result lists what went through and what failed, with reasons", async () => {
      const groupIds = [jid(NEW_GROUP), "120363400000000004", "120363400000000012", "120363400000000020"];
      assert.deepEqual((await page.inputValue("#linkGroups-groupIds")).split("\n"), groupIds);
      const expected = await checkPreview(provider, { op: "linkGroups", communityId: COMMUNITY, groupIds });
      await send("linkGroups", expected);
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
      const community = demo.sim.state(provider).communities.find((c) => c.jid === jid(COMMUNITY));
      assert.ok(community, "the simulator knows the community");
      await screenshot(`${provider}-linkGroups-partial`, card("linkGroups"));
      await assertNoSecrets("linkGroups");
    });

    await t.test("linkGroups: rate limited, with retryAfterMs", async () => {
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

    await t.test("unlinkGroups: the unlinked group and the one that was not in the community", async () => {
      const groupIds = [jid(NEW_GROUP), "120363400000000004", "120363400000000005"];
      assert.deepEqual((await page.inputValue("#unlinkGroups-groupIds")).split("\n"), groupIds);
      const expected = await checkPreview(provider, { op: "unlinkGroups", communityId: COMMUNITY, groupIds });
      await send("unlinkGroups", expected);
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
      await screenshot(`${provider}-unlinkGroups-result`, card("unlinkGroups"));
    });

    await t.test("unlinkGroups: an id that is not a community, next to its field", async () => {
      await fill("#unlinkGroups-communityId", "not-a-community");
      assert.match(await text("#unlinkGroups-communityId-issues"), /must be a community id/);
      await send("unlinkGroups", null);
      assert.equal(await outcomeFact("unlinkGroups", "kind"), "validation");
      assert.match(await text("#unlinkGroups-outcome .issue-list"), /communityId: must be a community id/);
    });

    await screenshot(`${provider}-sandbox-all-1280`);
    await noOverflow(`${provider}, 1280px`);
    await assertNoSecrets(`${provider}: end`);
  });
}

test("switching provider or mode clears the results of the other connection", async () => {
  await openPage();
  await page.selectOption("#provider", "zapi");
  await fill("#getInvitationLink-groupId", "120363400000000004");
  await send("getInvitationLink", await checkPreview("zapi", { op: "getInvitationLink", groupId: "120363400000000004" }));
  assert.equal(await outcomeFact("getInvitationLink", "groupId"), jid("120363400000000004"));
  const cleared = async (when) => {
    for (const op of ["createGroup", "getInvitationLink", "linkGroups", "unlinkGroups"]) {
      assert.equal((await text(`#${op}-outcome`)).trim(), "Not sent yet.", `${when}: ${op}`);
    }
  };
  await page.selectOption("#provider", "ryze");
  await cleared("after switching to RyzeAPI");
  await send("getInvitationLink", await checkPreview("ryze", { op: "getInvitationLink", groupId: "120363400000000004" }));
  assert.equal(await outcomeFact("getInvitationLink", "groupId"), jid("120363400000000004"));
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
