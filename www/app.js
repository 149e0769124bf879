// The wa-groups demo page. Plain ES modules, no framework, no build step: it imports
// the packed npm package by name ("wa-groups", mapped to pkg/index.web.js by the import
// map in index.html) and uses only its public API.
//
// Secrets: the tokens (sandbox ones from config.json, or what the user types in live
// mode) live in this module's memory and in the live form's password inputs. They are
// never written to the DOM (previews use buildRequest(…, { redact: true }), errors are
// redacted by the package), never stored, never logged, and only ever sent to the
// gateway, by the package's Client.

const OPS = ["createGroup", "getInvitationLink", "linkGroups", "unlinkGroups"];
const CONFIG_FIELDS = ["provider", "instance", "token", "clientToken", "baseUrl"];
const DEFAULT_BASE_URL = { zapi: "https://api.z-api.io", ryze: "https://ryzeapi.cloud" };
const PROVIDER_NAME = { zapi: "Z-API", ryze: "RyzeAPI" };
const TIMEOUT_MS = 15_000;

const $ = (id) => document.getElementById(id);

/** A DOM element; children are nodes or strings (always set as text, never as HTML). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
  }
  return node;
}

// Everything the page knows lives here, in memory only.
const state = {
  mode: "sandbox",
  // Bumped when the provider or mode changes: answers for an older one are dropped.
  connection: 0,
  sandbox: null, // { url, accounts: { zapi: {...}, ryze: {...} } }
  sandboxProblem: null,
  wa: null, // the package's exports
  sending: new Set(),
};

// ---- start-up -------------------------------------------------------------------

async function main() {
  const status = $("load-status");
  const params = new URLSearchParams(location.search);
  const sandboxLoad = loadSandbox(params);
  try {
    state.wa = await import("wa-groups");
  } catch (e) {
    status.textContent = `The wa-groups package failed to load in this browser: ${e?.name ?? "Error"}: ${e?.message ?? e}`;
    status.classList.add("bad");
    return;
  }
  await sandboxLoad;
  status.textContent = "wa-groups loaded: no init() call, the exports work right after import.";
  status.classList.add("good");

  if (params.get("provider") === "ryze" || params.get("provider") === "zapi") $("provider").value = params.get("provider");
  if (params.get("mode") === "live") $("mode-live").checked = true;

  for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", onModeChange);
  $("provider").addEventListener("change", onProviderChange);
  $("live-form").addEventListener("input", refreshAll);
  $("live-form").addEventListener("submit", (e) => e.preventDefault());
  $("sandbox-reset").addEventListener("click", resetSandbox);
  for (const op of OPS) {
    const form = formOf(op);
    form.addEventListener("input", () => refresh(op));
    form.addEventListener("change", () => refresh(op));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      send(op);
    });
  }
  onModeChange();
  onProviderChange();
  document.body.dataset.ready = "true";
}

/**
 * The simulator's URL and sandbox accounts, from config.json (written by www/serve.mjs);
 * `?sim=URL` points at another simulator. Credentials never come from the query string:
 * it would send them to the page's server.
 */
async function loadSandbox(params) {
  let url = null;
  let loaded = false;
  const accounts = { zapi: {}, ryze: {} };
  try {
    const res = await fetch("config.json", { cache: "no-store" });
    if (res.ok) {
      const cfg = await res.json();
      url = typeof cfg.simulatorUrl === "string" ? cfg.simulatorUrl : null;
      for (const p of ["zapi", "ryze"]) Object.assign(accounts[p], cfg.sandbox?.[p] ?? {});
      if (cfg.package?.version) $("pkg-version").textContent = ` (version ${cfg.package.version})`;
      loaded = true;
    }
  } catch {
    // No usable config.json: said below.
  }
  if (!loaded) {
    state.sandboxProblem = "No sandbox here: config.json was not found next to the page. Start the page with `bash scripts/demo.sh`, which writes it. Live mode works without it.";
    return;
  }
  if (params.get("sim")) url = params.get("sim");
  if (!url || !/^https?:\/\//.test(url)) {
    state.sandboxProblem = "No simulator URL: config.json has no simulatorUrl, and ?sim= is not an http(s) URL. Live mode works without it.";
    return;
  }
  state.sandbox = { url: url.replace(/\/+$/, ""), accounts };
}

// ---- connection -----------------------------------------------------------------

/**
 * Results belong to the connection that produced them: switching provider or mode clears
 * them, and an answer still on its way for the old connection is not shown.
 */
function clearOutcomes() {
  state.connection++;
  for (const op of OPS) {
    const outcome = $(`${op}-outcome`);
    outcome.classList.remove("is-error");
    outcome.removeAttribute("aria-busy");
    outcome.replaceChildren(el("p", { class: "empty", text: "Not sent yet." }));
  }
}

function onModeChange() {
  clearOutcomes();
  state.mode = $("mode-live").checked ? "live" : "sandbox";
  $("sandbox-panel").hidden = state.mode !== "sandbox";
  $("live-panel").hidden = state.mode !== "live";
  renderSandboxPanel();
  refreshAll();
}

function onProviderChange() {
  clearOutcomes();
  const provider = $("provider").value;
  const zapi = provider === "zapi";
  $("live-clientToken-field").hidden = !zapi;
  $("live-baseUrl-default").textContent = DEFAULT_BASE_URL[provider];
  const autoInvite = $("createGroup-autoInvite");
  autoInvite.disabled = !zapi;
  if (!zapi) autoInvite.checked = false;
  renderSandboxPanel();
  refreshAll();
}

function renderSandboxPanel() {
  const status = $("sandbox-status");
  if (!state.sandbox) {
    status.textContent = state.sandboxProblem ?? "Sandbox: reading config.json…";
    status.classList.add("bad");
    $("sandbox-details").hidden = true;
    return;
  }
  const provider = $("provider").value;
  const account = state.sandbox.accounts[provider] ?? {};
  status.classList.remove("bad");
  status.replaceChildren(
    "Sandbox: requests go to the local gateway simulator at ",
    el("code", { text: state.sandbox.url }),
    `, which plays ${PROVIDER_NAME[provider]} with instance `,
    el("code", { text: account.instance ?? "(none)" }),
    " and token ",
    el("code", { text: "***" }),
    " (test values from config.json). No account needed.",
  );
  $("sandbox-details").hidden = false;
}

async function resetSandbox() {
  const out = $("sandbox-reset-status");
  if (!state.sandbox) return;
  out.textContent = "Resetting…";
  try {
    const res = await fetch(`${state.sandbox.url}/__sim/reset`, { method: "POST" });
    out.textContent = res.ok ? "The simulator is back to its seed data." : `The simulator answered HTTP ${res.status}.`;
  } catch {
    out.textContent = "The simulator did not answer.";
  }
}

/** The ClientConfig of the current mode and provider, or null when there is none. */
function currentConfig() {
  const provider = $("provider").value;
  if (state.mode === "sandbox") {
    if (!state.sandbox) return null;
    const a = state.sandbox.accounts[provider] ?? {};
    const config = { provider, instance: a.instance ?? "", token: a.token ?? "", baseUrl: state.sandbox.url };
    if (provider === "zapi" && a.clientToken) config.clientToken = a.clientToken;
    return config;
  }
  const config = { provider, instance: $("live-instance").value.trim(), token: $("live-token").value.trim() };
  const clientToken = $("live-clientToken").value.trim();
  if (provider === "zapi" && clientToken) config.clientToken = clientToken;
  const baseUrl = $("live-baseUrl").value.trim();
  if (baseUrl) config.baseUrl = baseUrl;
  return config;
}

// ---- the four forms ---------------------------------------------------------------

const formOf = (op) => document.querySelector(`form[data-op="${op}"]`);

/** Non-empty lines (or comma-separated entries) of a textarea. */
const entries = (text) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The contract's `Call` for what the form says now. */
function readCall(op) {
  const v = (name) => $(`${op}-${name}`).value;
  switch (op) {
    case "createGroup": {
      const call = { op, name: v("name"), participants: entries(v("participants")) };
      if ($("createGroup-autoInvite").checked) call.autoInvite = true;
      return call;
    }
    case "getInvitationLink":
      return { op, groupId: v("groupId").trim() };
    default:
      return { op, communityId: v("communityId").trim(), groupIds: entries(v("groupIds")) };
  }
}

/** Runs `call` through the package's Client, as an application would. */
function invoke(client, call) {
  switch (call.op) {
    case "createGroup": {
      const input = { name: call.name, participants: call.participants };
      if (call.autoInvite) input.autoInvite = true;
      return client.createGroup(input);
    }
    case "getInvitationLink":
      return client.getInvitationLink(call.groupId);
    case "linkGroups":
      return client.linkGroups(call.communityId, call.groupIds);
    case "unlinkGroups":
      return client.unlinkGroups(call.communityId, call.groupIds);
  }
}

function refreshAll() {
  const configIssues = new Map();
  for (const op of OPS) {
    for (const issue of refresh(op)) {
      if (CONFIG_FIELDS.includes(issue.field)) configIssues.set(`${issue.field}\n${issue.message}`, issue);
    }
  }
  if (state.mode === "live") showLiveIssues([...configIssues.values()]);
}

/**
 * Validates the form with `validate()`, shows every issue next to its field, and shows
 * the exact request `buildRequest(…, { redact: true })` makes of it. Returns the issues.
 */
function refresh(op) {
  const preview = $(`${op}-preview`);
  const hint = $(`${op}-send-hint`);
  const config = currentConfig();
  hint.textContent = "The package will refuse it: nothing is sent.";
  if (!config) {
    preview.className = "preview blocked";
    preview.replaceChildren(state.mode === "sandbox" ? "No sandbox configured (see Connection above)." : "No connection.");
    return [];
  }
  const call = readCall(op);
  let issues;
  try {
    issues = state.wa.validate(config, call);
  } catch (e) {
    issues = issuesOf(e) ?? [{ field: "", message: errorText(e) }];
  }
  showIssues(op, call, issues);
  if (issues.length > 0) {
    const n = issues.length;
    preview.className = "preview blocked";
    preview.replaceChildren(
      el("span", { class: "blocked-title", text: `Nothing to send yet: ${n} ${n === 1 ? "problem" : "problems"}` }),
      "\n",
      ...issues.map((i) => `• ${labelOf(call, i)}: ${i.message}\n`),
    );
    return issues;
  }
  let request;
  try {
    request = state.wa.buildRequest(config, call, { redact: true });
  } catch (e) {
    preview.className = "preview blocked";
    preview.replaceChildren(`The request could not be built: ${errorText(e)}`);
    return issuesOf(e) ?? [];
  }
  preview.className = "preview";
  preview.replaceChildren(...formatRequest(request));
  hint.textContent = "Sends exactly this request, through the package's Client.";
  return issues;
}

/** Method, URL, headers and body, exactly as they will be sent (secrets as ***). */
function formatRequest(req) {
  const parts = [el("span", { class: "method", text: req.method }), " ", el("span", { class: "url", text: req.url }), "\n"];
  for (const [name, value] of Object.entries(req.headers)) {
    parts.push(el("span", { class: "header-name", text: `${name}:` }), ` ${value}\n`);
  }
  parts.push("\n");
  parts.push(req.body === null ? el("span", { class: "no-body", text: "(no body)" }) : el("span", { class: "body", text: req.body }));
  return parts;
}

// ---- issues next to their fields ------------------------------------------------------

/** Which element of `op`'s form an issue's `field` belongs to. */
function fieldElementId(op, field) {
  const base = field.replace(/\[\d+\]$/, "");
  const id = `${op}-${base}`;
  return $(id) && $(`${id}-issues`) ? id : null;
}

/** "participants[1] “+55 11”" for an issue about one entry of a list; else the field. */
function labelOf(call, issue) {
  const m = /^(\w+)\[(\d+)\]$/.exec(issue.field);
  if (m && Array.isArray(call[m[1]])) {
    const value = call[m[1]][Number(m[2])];
    if (typeof value === "string") return `${issue.field} “${value}”`;
  }
  return issue.field || "input";
}

function showIssues(op, call, issues) {
  const byField = new Map();
  const form = [];
  for (const issue of issues) {
    const id = fieldElementId(op, issue.field);
    if (id) {
      if (!byField.has(id)) byField.set(id, []);
      byField.get(id).push(issue);
    } else if (!(state.mode === "live" && CONFIG_FIELDS.includes(issue.field))) {
      form.push(issue);
    }
  }
  for (const input of formOf(op).querySelectorAll("input, textarea, select")) {
    const list = $(`${input.id}-issues`);
    if (!list) continue;
    const mine = byField.get(input.id) ?? [];
    input.setAttribute("aria-invalid", mine.length ? "true" : "false");
    list.replaceChildren(...mine.map((i) => el("li", { "data-field": i.field }, issueText(call, i, input.id === `${op}-${i.field}`))));
  }
  const formList = $(`${op}-form-issues`);
  formList.replaceChildren(...form.map((i) => el("li", { "data-field": i.field }, CONFIG_FIELDS.includes(i.field) ? `connection ${i.field}: ${i.message}` : `${labelOf(call, i)}: ${i.message}`)));
}

function issueText(call, issue, plain) {
  return plain ? issue.message : `${labelOf(call, issue)}: ${issue.message}`;
}

function showLiveIssues(issues) {
  const other = [];
  const byField = new Map();
  for (const issue of issues) {
    if ($(`live-${issue.field}-issues`)) {
      if (!byField.has(issue.field)) byField.set(issue.field, []);
      byField.get(issue.field).push(issue);
    } else other.push(issue);
  }
  for (const field of CONFIG_FIELDS) {
    const list = $(`live-${field}-issues`);
    if (!list) continue;
    const mine = byField.get(field) ?? [];
    $(`live-${field}`).setAttribute("aria-invalid", mine.length ? "true" : "false");
    list.replaceChildren(...mine.map((i) => el("li", { "data-field": i.field, text: i.message })));
  }
  $("live-other-issues").replaceChildren(...other.map((i) => el("li", { "data-field": i.field, text: `${i.field}: ${i.message}` })));
}

// ---- sending --------------------------------------------------------------------------

async function send(op) {
  if (state.sending.has(op)) return;
  const outcome = $(`${op}-outcome`);
  const button = $(`${op}-send`);
  const config = currentConfig();
  if (!config) {
    outcome.replaceChildren(el("p", { class: "bad", text: "No connection: see above." }));
    return;
  }
  const call = readCall(op);
  const provider = config.provider;
  const connection = state.connection;
  const current = () => connection === state.connection;
  state.sending.add(op);
  button.disabled = true;
  outcome.setAttribute("aria-busy", "true");
  outcome.classList.remove("is-error");
  outcome.replaceChildren(el("p", { class: "pending", text: `Sending to ${PROVIDER_NAME[provider]}…` }));
  let client = null;
  const t0 = performance.now();
  try {
    // One request per click, the one previewed above: no automatic retries here, so a
    // refusal (429 with its retryAfterMs, a 5xx) is shown as it came.
    client = new state.wa.Client({ ...config, timeoutMs: TIMEOUT_MS, maxRetries: 0 });
    const result = await invoke(client, call);
    if (current()) renderResult(op, provider, result, performance.now() - t0);
  } catch (e) {
    if (!current()) return;
    if (issuesOf(e)) showIssues(op, call, issuesOf(e));
    if (state.mode === "live" && issuesOf(e)) showLiveIssues(issuesOf(e).filter((i) => CONFIG_FIELDS.includes(i.field)));
    renderError(op, provider, call, e, performance.now() - t0);
  } finally {
    try {
      client?.free();
    } catch {
      // Already released.
    }
    state.sending.delete(op);
    button.disabled = false;
    if (current()) outcome.removeAttribute("aria-busy");
  }
}

const issuesOf = (e) => (e instanceof state.wa.WaGroupsError && Array.isArray(e.issues) ? e.issues : null);
const errorText = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** `tone`: "good", "mixed" (some went through, some failed) or "bad". */
function outcomeHeader(provider, ms, tone, title) {
  return el("p", { class: `outcome-title ${tone}` }, el("strong", { text: title }), el("span", { class: "meta", text: ` ${PROVIDER_NAME[provider]} · ${Math.round(ms)} ms` }));
}

function inviteLink(url) {
  // Only a WhatsApp invite becomes a link; anything else stays text.
  if (typeof url === "string" && /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]+$/.test(url)) {
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer", class: "invite", text: url });
  }
  return el("span", { text: String(url) });
}

function dl(rows) {
  return el("dl", { class: "facts" }, ...rows.filter(Boolean).map(([k, v, key]) => [el("dt", { text: k }), el("dd", { "data-key": key }, v)]));
}

function renderResult(op, provider, result, ms) {
  const outcome = $(`${op}-outcome`);
  const parts = [];
  switch (op) {
    case "createGroup": {
      parts.push(outcomeHeader(provider, ms, "good", "Group created"));
      parts.push(
        dl([
          ["Group id", el("code", { text: result.groupId }), "groupId"],
          ["Invitation link", result.invitationLink ? inviteLink(result.invitationLink) : "none returned", "invitationLink"],
          ["Not added", result.notAdded.length ? el("ul", {}, ...result.notAdded.map((p) => el("li", {}, el("code", { text: p })))) : "none: everyone was added", "notAdded"],
        ]),
      );
      const use = el("button", { type: "button", class: "secondary", id: "createGroup-use" }, "Use this group in the forms below");
      use.addEventListener("click", () => useGroup(result.groupId));
      parts.push(el("p", {}, use));
      break;
    }
    case "getInvitationLink":
      parts.push(outcomeHeader(provider, ms, "good", "Invitation link"));
      parts.push(
        dl([
          ["Group id", el("code", { text: result.groupId }), "groupId"],
          ["Invitation link", inviteLink(result.invitationLink), "invitationLink"],
        ]),
      );
      break;
    case "linkGroups":
    case "unlinkGroups": {
      const link = op === "linkGroups";
      const ok = link ? result.linked : result.unlinked;
      const total = ok.length + result.failed.length;
      const verb = link ? "linked" : "unlinked";
      const title = result.failed.length === 0 ? `All ${total} ${verb}` : ok.length === 0 ? `None ${verb}: all ${total} failed` : `Partly ${verb}: ${ok.length} of ${total}`;
      const tone = result.failed.length === 0 ? "good" : ok.length === 0 ? "bad" : "mixed";
      parts.push(outcomeHeader(provider, ms, tone, title));
      parts.push(el("p", {}, `Community `, el("code", { text: result.communityId })));
      parts.push(
        el(
          "div",
          { class: "split" },
          el(
            "div",
            { class: "went", id: `${op}-went` },
            el("h4", { text: `Went through (${ok.length})` }),
            ok.length
              ? el("ul", {}, ...ok.map((g) => el("li", { "data-group": g }, el("span", { class: "mark", "aria-hidden": "true", text: "✓ " }), el("code", { text: g }))))
              : el("p", { class: "empty", text: "none" }),
          ),
          el(
            "div",
            { class: "failed", id: `${op}-failed` },
            el("h4", { text: `Failed (${result.failed.length})` }),
            result.failed.length
              ? el(
                  "ul",
                  {},
                  ...result.failed.map((f) =>
                    el(
                      "li",
                      { "data-group": f.groupId },
                      el("span", { class: "mark", "aria-hidden": "true", text: "✗ " }),
                      el("code", { text: f.groupId }),
                      el("span", { class: "reason", text: ` — ${f.reason ?? "no reason given by the gateway"}` }),
                    ),
                  ),
                )
              : el("p", { class: "empty", text: "none" }),
          ),
        ),
      );
      break;
    }
  }
  parts.push(el("details", {}, el("summary", { text: "The typed result object" }), el("pre", { class: "json", text: JSON.stringify(result, null, 2) })));
  outcome.classList.remove("is-error");
  outcome.replaceChildren(...parts);
}

function renderError(op, provider, call, e, ms) {
  const outcome = $(`${op}-outcome`);
  outcome.classList.add("is-error");
  if (!(e instanceof state.wa.WaGroupsError)) {
    outcome.replaceChildren(el("div", { class: "error", role: "alert" }, outcomeHeader(provider, ms, "bad", "Unexpected error"), el("p", { text: errorText(e) })));
    return;
  }
  const rows = [
    ["kind", el("code", { text: e.kind }), "kind"],
    ["status", e.status !== undefined ? String(e.status) : "no response", "status"],
    ["message", e.message, "message"],
  ];
  if (e.retryAfterMs !== undefined || e.kind === "rate_limited") {
    rows.push(["retryAfterMs", e.retryAfterMs !== undefined ? `${e.retryAfterMs} (come back in ${Math.ceil(e.retryAfterMs / 1000)} s)` : "not given by the gateway", "retryAfterMs"]);
  }
  if (e.provider) rows.push(["provider", e.provider, "provider"]);
  if (e.operation) rows.push(["operation", e.operation, "operation"]);
  const parts = [outcomeHeader(provider, ms, "bad", `WaGroupsError: ${e.kind}`), dl(rows)];
  if (e.kind === "validation") {
    parts.push(el("p", { text: "Nothing was sent. Each problem is shown next to its field:" }));
    parts.push(el("ul", { class: "issue-list" }, ...(e.issues ?? []).map((i) => el("li", { "data-field": i.field }, el("code", { text: labelOf(call, i) }), `: ${i.message}`))));
  }
  if (e.body) parts.push(el("details", {}, el("summary", { text: "Response body" }), el("pre", { class: "json", text: e.body })));
  outcome.replaceChildren(el("div", { class: "error", role: "alert" }, ...parts));
}

/** After createGroup: try the new group in the other forms. */
function useGroup(groupId) {
  $("getInvitationLink-groupId").value = groupId;
  for (const op of ["linkGroups", "unlinkGroups"]) {
    const area = $(`${op}-groupIds`);
    const rest = entries(area.value).filter((g) => g !== groupId);
    area.value = [groupId, ...rest].join("\n");
  }
  refreshAll();
  $("getInvitationLink-groupId").focus();
}

main();
