// The four operations of wa-groups, with both providers, against the gateway simulator:
// the checks every runtime consumer runs (bundled pages, the plain page, Node CommonJS).
//
// This module does not import "wa-groups" itself: each consumer's entry does (with
// `import * as wa from "wa-groups"`, `require("wa-groups")`, an import map, a URL) and
// hands the module over, so the very same checks prove each way of loading it. The
// Node-side runner imports CHECK_NAMES and the constants from here to verify, from the
// simulator's own state and request log, what the page says it did.

export const COMMUNITY = "120363400000000001"; // Escola Central: announcements …002, subgroup …003
export const FREE_A = "120363400000000004"; // Turma B, standalone
export const FREE_B = "120363400000000005"; // Turma C, standalone
export const FREE_C = "120363400000000006"; // Turma D, standalone
export const OTHER_COMMUNITY_GROUP = "120363400000000012"; // Futebol, in community …010
export const UNKNOWN_GROUP = "120363499999999999";
export const PROVIDERS = ["zapi", "ryze"];
export const groupName = (label, provider) => `Runtime ${label} ${provider}`;
const jid = (digits) => `${digits}@g.us`;

/** Every check a complete run reports, in order; the runner insists on all of them. */
export const CHECK_NAMES = [
  "exports are functions",
  "WaGroupsError extends Error",
  "bad options throw WaGroupsError (validation)",
  ...PROVIDERS.flatMap((p) => [
    `${p}: client.provider`,
    `${p}: createGroup`,
    `${p}: getInvitationLink (seed group, -group form)`,
    `${p}: getInvitationLink (created group)`,
    `${p}: linkGroups (partial failure resolves)`,
    `${p}: unlinkGroups (partial failure resolves)`,
    `${p}: validation error, instanceof WaGroupsError, nothing sent`,
    `${p}: validate / buildRequest / parseResponse`,
  ]),
  "no secret in any result or error",
];

class CheckFailed extends Error {}
function expect(cond, message) {
  if (!cond) throw new CheckFailed(message);
}
function same(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  expect(a === e, `${what}: expected ${e}, got ${a}`);
}
const describeError = (e) => (e && typeof e === "object" ? `${e.name}: ${e.message}${e.kind ? ` (kind ${e.kind})` : ""}` : String(e));

/**
 * Runs every check. `wa` is the loaded "wa-groups" module; `simUrl` the simulator's base
 * URL; `creds` its SIM_CREDENTIALS; `label` names the consumer (it goes into the names of
 * the groups created, which the runner then looks up in the simulator's state).
 * Resolves to `{ok, label, checks: [{name, ok, detail}], results, errors}`; never rejects.
 */
export async function fourOps(wa, { simUrl, creds, label }) {
  const checks = [];
  const results = {};
  const errors = [];
  const check = async (name, fn) => {
    const t0 = Date.now();
    try {
      const detail = await fn();
      checks.push({ name, ok: true, detail: detail ?? "", ms: Date.now() - t0 });
    } catch (e) {
      checks.push({ name, ok: false, detail: e instanceof CheckFailed ? e.message : `threw ${describeError(e)}`, ms: Date.now() - t0 });
    }
  };
  const rejection = async (promise) => {
    try {
      const value = await promise;
      throw new CheckFailed(`expected a rejection, got ${JSON.stringify(value)}`);
    } catch (e) {
      if (e instanceof CheckFailed) throw e;
      errors.push(e);
      return e;
    }
  };
  const thrown = (fn) => {
    try {
      const value = fn();
      throw new CheckFailed(`expected a throw, got ${JSON.stringify(value)}`);
    } catch (e) {
      if (e instanceof CheckFailed) throw e;
      errors.push(e);
      return e;
    }
  };
  // The simulator's request log (its control API answers with CORS headers too).
  const logged = async () => (await (await fetch(`${simUrl}/__sim/requests`)).json()).filter((r) => r.provider !== null).length;

  await check("exports are functions", () => {
    for (const name of ["Client", "WaGroupsError", "validate", "buildRequest", "parseResponse"]) {
      expect(typeof wa[name] === "function", `${name} is ${typeof wa[name]}`);
    }
  });
  await check("WaGroupsError extends Error", () => {
    const e = new wa.WaGroupsError("boom", { kind: "rate_limited", retryAfterMs: 5 });
    expect(e instanceof Error && e instanceof wa.WaGroupsError, "not an Error");
    expect(e.name === "WaGroupsError" && e.kind === "rate_limited" && e.retryAfterMs === 5, JSON.stringify(e));
    same(JSON.parse(JSON.stringify(e)), { name: "WaGroupsError", message: "boom", kind: "rate_limited", retryAfterMs: 5 }, "toJSON");
  });
  await check("bad options throw WaGroupsError (validation)", () => {
    const e = thrown(() => new wa.Client({ provider: "whatsapp", instance: "", token: "token-1234567890", timeoutMs: -1 }));
    expect(e instanceof wa.WaGroupsError, `not a WaGroupsError: ${describeError(e)}`);
    expect(e.kind === "validation", `kind ${e.kind}`);
    same(e.issues.map((i) => i.field), ["provider", "instance", "timeoutMs"], "issue fields");
    return e.message;
  });

  for (const provider of PROVIDERS) {
    const c = creds[provider];
    const config = { provider, instance: c.instance, token: c.token, ...(c.clientToken ? { clientToken: c.clientToken } : {}), baseUrl: simUrl };
    const out = (results[provider] = {});
    let client;
    await check(`${provider}: client.provider`, () => {
      client = new wa.Client(config);
      expect(client.provider === provider, `provider ${client.provider}`);
    });
    if (!client) continue;

    await check(`${provider}: createGroup`, async () => {
      const created = await client.createGroup({ name: groupName(label, provider), participants: ["+55 (11) 98888-7777", "5511977776666@s.whatsapp.net"] });
      out.created = created;
      expect(/^\d+@g\.us$/.test(created.groupId), `groupId ${created.groupId}`);
      expect(/^https:\/\/chat\.whatsapp\.com\/\w+$/.test(created.invitationLink), `invitationLink ${created.invitationLink}`);
      same(created.notAdded, [], "notAdded");
      return created.groupId;
    });
    await check(`${provider}: getInvitationLink (seed group, -group form)`, async () => {
      const link = await client.getInvitationLink(`${FREE_A}-group`);
      out.seedLink = link;
      expect(link.groupId === jid(FREE_A), `groupId ${link.groupId}`);
      expect(/^https:\/\/chat\.whatsapp\.com\/\w{22}$/.test(link.invitationLink), `invitationLink ${link.invitationLink}`);
      return link.invitationLink;
    });
    await check(`${provider}: getInvitationLink (created group)`, async () => {
      expect(out.created, "no group was created");
      const link = await client.getInvitationLink(out.created.groupId);
      same(link, { groupId: out.created.groupId, invitationLink: out.created.invitationLink }, "link of the new group");
    });
    await check(`${provider}: linkGroups (partial failure resolves)`, async () => {
      const result = await client.linkGroups(COMMUNITY, [`${FREE_A}-group`, jid(FREE_B), OTHER_COMMUNITY_GROUP, UNKNOWN_GROUP]);
      out.link = result;
      expect(result.communityId === jid(COMMUNITY), `communityId ${result.communityId}`);
      same(result.linked, [jid(FREE_A), jid(FREE_B)], "linked");
      same(result.failed.map((f) => f.groupId), [jid(OTHER_COMMUNITY_GROUP), jid(UNKNOWN_GROUP)], "failed");
      expect(/another community/.test(result.failed[0].reason), `reason ${result.failed[0].reason}`);
      expect(/not found/.test(result.failed[1].reason), `reason ${result.failed[1].reason}`);
      return `${result.linked.length} linked, ${result.failed.length} failed`;
    });
    await check(`${provider}: unlinkGroups (partial failure resolves)`, async () => {
      const result = await client.unlinkGroups(jid(COMMUNITY), [FREE_B, FREE_C]);
      out.unlink = result;
      same(result.unlinked, [jid(FREE_B)], "unlinked");
      same(result.failed.map((f) => f.groupId), [jid(FREE_C)], "failed");
      expect(/not linked/.test(result.failed[0].reason), `reason ${result.failed[0].reason}`);
      return `${result.unlinked.length} unlinked, ${result.failed.length} failed`;
    });
    await check(`${provider}: validation error, instanceof WaGroupsError, nothing sent`, async () => {
      const before = await logged();
      const e = await rejection(client.createGroup({ name: " ", participants: ["abc"] }));
      expect(e instanceof wa.WaGroupsError, `not a WaGroupsError: ${describeError(e)}`);
      expect(e instanceof Error, "not an Error");
      expect(e.name === "WaGroupsError", `name ${e.name}`);
      expect(e.kind === "validation" && e.provider === provider && e.operation === "createGroup", JSON.stringify(e));
      same(e.issues.map((i) => i.field), ["name", "participants[0]"], "issue fields");
      const after = await logged();
      expect(after === before, `${after - before} request(s) sent despite invalid input`);
      return e.message;
    });
    await check(`${provider}: validate / buildRequest / parseResponse`, async () => {
      same(wa.validate(config, { op: "getInvitationLink", groupId: "x y" }).map((i) => i.field), ["groupId"], "validate");
      const e = thrown(() => wa.buildRequest(config, { op: "getInvitationLink", groupId: "x y" }));
      expect(e instanceof wa.WaGroupsError && e.kind === "validation", describeError(e));
      const shown = wa.buildRequest(config, { op: "linkGroups", communityId: COMMUNITY, groupIds: [FREE_A] }, { redact: true });
      expect(!JSON.stringify(shown).includes(c.token), "a redacted request contains the token");
      const body = provider === "zapi" ? '{"error":"Invalid token"}' : '{"success":false,"error":{"message":"Invalid instance token"}}';
      const p = thrown(() => wa.parseResponse(config, { op: "getInvitationLink", groupId: FREE_A }, { status: 401, body }));
      expect(p instanceof wa.WaGroupsError && p.kind === "auth" && p.status === 401, describeError(p));
      // The core without the client: build, send with this page's own fetch, parse.
      const call = { op: "getInvitationLink", groupId: FREE_C };
      const req = wa.buildRequest(config, call);
      expect(req.url.startsWith(simUrl), `request ${req.method} ${req.url}`);
      const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined });
      const parsed = wa.parseResponse(config, call, { status: res.status, headers: res.headers, body: await res.text() });
      out.core = parsed;
      expect(parsed.groupId === jid(FREE_C), `groupId ${parsed.groupId}`);
      expect(/^https:\/\/chat\.whatsapp\.com\/\w{22}$/.test(parsed.invitationLink), `invitationLink ${parsed.invitationLink}`);
    });
  }

  await check("no secret in any result or error", () => {
    const secrets = PROVIDERS.flatMap((p) => [creds[p].token, creds[p].clientToken]).filter(Boolean);
    expect(secrets.length === 3, "credentials missing");
    const text = JSON.stringify(results) + errors.map((e) => `${e}|${e.message}|${JSON.stringify(e)}|${e.stack ?? ""}`).join("\n");
    for (const s of secrets) expect(!text.includes(s), "a secret appears in a result or an error");
    expect(errors.length >= 7, `only ${errors.length} errors were collected`);
    return `${errors.length} errors checked`;
  });

  const names = checks.map((c) => c.name);
  const complete = JSON.stringify(names) === JSON.stringify(CHECK_NAMES);
  return {
    ok: complete && checks.every((c) => c.ok),
    complete,
    label,
    checks,
    results,
    errors: errors.map((e) => ({ name: e.name, kind: e.kind, message: e.message, instanceOfWaGroupsError: e instanceof wa.WaGroupsError })),
  };
}

/**
 * Runs the checks in a browser page and publishes the result as `window.__result` for
 * the test runner (and shows it). The page's query string says where the simulator is:
 *   ?sim=<simulator URL>&creds=<base64 of SIM_CREDENTIALS as JSON>&label=<consumer>
 */
export async function runInPage(wa) {
  const q = new URLSearchParams(location.search);
  const label = q.get("label") ?? "browser";
  let result;
  try {
    const simUrl = q.get("sim");
    if (!simUrl || !q.get("creds")) throw new Error("the page needs ?sim=…&creds=…");
    const creds = JSON.parse(atob(q.get("creds")));
    result = await fourOps(wa, { simUrl, creds, label });
  } catch (e) {
    result = { ok: false, label, error: `page failed: ${e?.stack ?? e}` };
  }
  result.userAgent = navigator.userAgent;
  render(result);
  window.__result = result;
}

/** Shows a result in the page (for the screenshot, and for a person opening it). */
export function render(result, root = document.body) {
  const doc = root.ownerDocument;
  const h = (tag, text, attrs = {}) => {
    const el = doc.createElement(tag);
    if (text != null) el.textContent = text;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    return el;
  };
  const section = h("section", null, { id: "wa-groups-result" });
  section.append(h("h2", `${result.ok ? "PASS" : "FAIL"}: wa-groups in ${result.label ?? "?"}`, { style: `color:${result.ok ? "#176b2c" : "#b00020"}` }));
  if (result.error) section.append(h("pre", result.error));
  const table = h("table", null, { style: "border-collapse:collapse;font:14px system-ui,sans-serif" });
  for (const c of result.checks ?? []) {
    const tr = h("tr");
    tr.append(h("td", c.ok ? "✔" : "✘", { style: `color:${c.ok ? "#176b2c" : "#b00020"};padding:2px 8px` }));
    tr.append(h("td", c.name, { style: "padding:2px 8px" }));
    tr.append(h("td", String(c.detail).slice(0, 240), { style: "padding:2px 8px;color:#555" }));
    table.append(tr);
  }
  section.append(table);
  section.append(h("pre", JSON.stringify(result.results ?? {}, null, 1).slice(0, 4000), { style: "font-size:11px;color:#333" }));
  root.append(section);
}
