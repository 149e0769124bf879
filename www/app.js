// The wa-groups demo page. Plain ES modules, no framework, no build step: it imports
// the packed npm package by name ("wa-groups", mapped to pkg/index.web.js by the import
// map in index.html) and uses only its public API.
//
// Every operation's form is generated from one table, OPERATIONS below: adding an
// operation to the page is one entry there.
//
// Secrets: the tokens (sandbox ones from config.json, or what the user types in live
// mode) live in this module's memory and in the live form's password inputs. They are
// never written to the DOM (previews use buildRequest(…, { redact: true }), errors are
// redacted by the package), never stored, never logged, and only ever sent to the
// gateway, by the package's Client.

const CONFIG_FIELDS = ["provider", "instance", "token", "clientToken", "baseUrl"];
const DEFAULT_BASE_URL = { zapi: "https://api.z-api.io", ryze: "https://ryzeapi.cloud" };
const PROVIDER_NAME = { zapi: "Z-API", ryze: "RyzeAPI" };
const PROVIDERS = ["zapi", "ryze"];
const TIMEOUT_MS = 15_000;

// ---- the operations -----------------------------------------------------------------
//
// One entry per operation, in page order. Fields:
//   op        the Call's `op` (also the Client method's name)
//   section   which section of the page it is in (SECTIONS)
//   summary   one line under its name
//   args      the Call's fields, each { name, kind, label, value?, hint?, optional?,
//             only?, fromCreated? }:
//               kind "id"        one line of text, trimmed (ids, links)
//               kind "text"      one line of text, as typed
//               kind "longtext"  a textarea, as typed
//               kind "list"      a textarea, one entry per line (or comma): string[]
//               kind "boolean"   a checkbox
//               kind "choice"    a select of `options`
//               kind "settings"  one checkbox per key of `options`: an object of booleans
//               kind "page"      two optional numbers, `page` and `pageSize`, at the
//                                Call's top level (the package's Page)
//               kind "checks"    one checkbox per entry of `options`: the ticked ones, string[]
//               kind "secret"    a password input, as typed; never shown anywhere else
//             optional: left out of the Call when empty (or unchecked; for "settings",
//               only the ticked keys are sent, as true, and none ticked leaves it out)
//             only: "zapi" | "ryze": the field exists for that provider only; with the
//               other one it is disabled and left out of the Call
//             refused: with `only`: the field stays enabled with the other provider, and
//               the package's issue (which names the call to use instead) shows next to
//               it once it is filled in
//             fromCreated: "groupId" | "invitationLink" | "communityId": filled in by the
//               "Use this group/community" button of createGroup / createCommunity
//   render    how the result is shown (RENDERERS); default "facts"
//   title     the result's heading
//   offer     "group" | "community": a "Use this …" button under the result

const SECTIONS = [
  { id: "groups", title: "Groups", blurb: "Create a group, read it, its invitation link, join and leave." },
  { id: "participants", title: "Participants", blurb: "Add, remove, promote and demote members; approve or reject requests to join. Each phone is listed as gone through or failed." },
  { id: "settings", title: "Group settings", blurb: "Name, description, photo, and who may do what." },
  { id: "communities", title: "Communities", blurb: "Link groups into a community, create one, read it, change it, deactivate it." },
  { id: "account", title: "Account", blurb: "Settings of the connected WhatsApp number itself." },
  { id: "pages", title: "Pages", blurb: "Lists read a page at a time: the next page is one click, or every page with for await." },
  // Its cards go into the static Webhooks section of index.html, above parseWebhook.
  { id: "webhooks", mount: "section-webhooks-ops" },
];

const GROUP_HINT = "120363019502650977, …-group, …@g.us or old-style 5511999999999-1623281429";
const groupId = (value = "120363400000000004", extra = {}) => ({ name: "groupId", kind: "id", label: "Group id", value, hint: GROUP_HINT, fromCreated: "groupId", ...extra });
const communityId = (value = "120363400000000001", extra = {}) => ({ name: "communityId", kind: "id", label: "Community id", value, ...extra });
const phones = (value, hint = "One phone number per line, any common form: +55 (11) 99999-9999, 5511999999999@s.whatsapp.net") => ({ name: "phones", kind: "list", label: "Phones", value, hint });
const autoInvite = { name: "autoInvite", kind: "boolean", label: "autoInvite", optional: true, only: "zapi", hint: "Z-API only: privately invite those who could not be added" };
const photo = (value, extra = {}) => ({ name: "photo", kind: "id", label: "Photo", value, hint: "An https:// URL of an image, a data:image/…;base64, URL, or base64 image data", ...extra });
const GROUP_SETTINGS = {
  onlyAdminsCanSend: "Only admins can send",
  onlyAdminsCanEditInfo: "Only admins can edit the group's info",
  requireAdminApproval: "Admins approve new members",
  onlyAdminsCanAddMembers: "Only admins can add members",
};
const RYZE_EVENTS = ["message.exchange", "message.status", "call.update", "group.flow", "instance.state", "label.update"];
const PAGE = { name: "page", kind: "page", label: "Page", value: { page: "1", pageSize: "3" }, hint: "Both optional: page from 1 (default 1), pageSize 1 to 1000 (default 100)." };

const OPERATIONS = [
  // groups
  {
    op: "createGroup",
    section: "groups",
    summary: "create a group",
    args: [
      { name: "name", kind: "text", label: "Group name", value: "Turma E" },
      {
        name: "participants",
        kind: "list",
        label: "Participants",
        value: "+55 (11) 98888-7777\n5511955550000",
        hint: "One phone number per line, any common form: +55 (11) 99999-9999, 5511999999999@s.whatsapp.net",
      },
      autoInvite,
      {
        name: "description",
        kind: "longtext",
        label: "Description",
        value: "",
        optional: true,
        only: "ryze",
        refused: true,
        hint: "With Z-API, call updateGroupDescription after creating",
      },
      photo("", { optional: true, only: "ryze", refused: true, hint: "An https:// image URL, a data: URL or base64. With Z-API, call updateGroupPhoto after creating" }),
      communityId("", {
        optional: true,
        only: "ryze",
        refused: true,
        label: "Inside community",
        hint: "Create the group inside this community. With Z-API, call linkGroups after creating",
      }),
      {
        name: "settings",
        kind: "settings",
        label: "Settings of the new group",
        options: GROUP_SETTINGS,
        value: {},
        optional: true,
        only: "ryze",
        refused: true,
        hint: "The ticked ones are sent as true; none ticked: left out. With Z-API, call updateGroupSettings after creating",
      },
    ],
    title: "Group created",
    offer: "group",
  },
  { op: "getInvitationLink", section: "groups", summary: "a group's invitation link", args: [groupId()], title: "Invitation link" },
  { op: "getGroupMetadata", section: "groups", summary: "a group's name, description, settings, participants and link", args: [groupId()], title: "Group metadata" },
  { op: "getGroupMetadataLight", section: "groups", summary: "the metadata without the invitation link (cheaper for Z-API)", args: [groupId()], title: "Group metadata (light)" },
  {
    op: "getInvitationInfo",
    section: "groups",
    summary: "what an invitation link shows, without joining",
    args: [
      {
        name: "link",
        kind: "id",
        label: "Invitation link or code",
        value: "",
        hint: "https://chat.whatsapp.com/… or its code: createGroup's “Use this group” fills it in",
        fromCreated: "invitationLink",
      },
    ],
    title: "What the link shows",
  },
  { op: "resetInvitationLink", section: "groups", summary: "revoke a group's link and get a new one", args: [groupId()], title: "New invitation link" },
  {
    op: "joinGroup",
    section: "groups",
    summary: "join a group by its invitation link",
    args: [{ name: "link", kind: "id", label: "Invitation link or code", value: "", hint: "A link that was reset no longer works", fromCreated: "invitationLink" }],
    title: "Join",
  },
  {
    op: "leaveGroup",
    section: "groups",
    summary: "the connected number leaves a group",
    args: [groupId("120363400000000006", { fromCreated: undefined, hint: "Turma D; the group stays, without the bot" })],
    title: "Left the group",
  },

  // participants
  { op: "addParticipants", section: "participants", summary: "add people to a group", args: [groupId(), phones("5511977776666"), autoInvite], render: "participants", title: "added" },
  { op: "removeParticipants", section: "participants", summary: "remove people from a group", args: [groupId(), phones("5511977776666\n5511933334444")], render: "participants", title: "removed" },
  { op: "promoteParticipants", section: "participants", summary: "make members admins", args: [groupId(), phones("5511977776666")], render: "participants", title: "promoted" },
  { op: "demoteParticipants", section: "participants", summary: "take admin rights away", args: [groupId(), phones("5511977776666")], render: "participants", title: "demoted" },
  {
    op: "listPendingRequests",
    section: "participants",
    summary: "the requests to join that wait for an admin",
    args: [groupId("120363400000000005", { fromCreated: undefined, hint: "Turma C has two pending requests; each row's buttons put its id in the approve or reject form below" })],
    render: "pending",
    title: "Pending requests",
  },
  {
    op: "approveParticipants",
    section: "participants",
    summary: "approve pending requests to join",
    args: [
      groupId("120363400000000005", { fromCreated: undefined, hint: "Turma C has two pending requests: 5511955551111 and 5511955552222" }),
      phones("5511955551111", "One per line; RyzeAPI also takes the …@lid id its request list shows"),
    ],
    render: "participants",
    title: "approved",
  },
  {
    op: "rejectParticipants",
    section: "participants",
    summary: "reject pending requests to join",
    args: [
      groupId("120363400000000005", { fromCreated: undefined, hint: "Turma C has two pending requests: 5511955551111 and 5511955552222" }),
      phones("5511955552222", "One per line; RyzeAPI also takes …@lid ids"),
    ],
    render: "participants",
    title: "rejected",
  },

  // settings
  { op: "updateGroupName", section: "settings", summary: "rename a group", args: [groupId(), { name: "name", kind: "text", label: "New name", value: "Turma E (2027)" }], title: "Renamed" },
  {
    op: "updateGroupDescription",
    section: "settings",
    summary: "set or clear a group's description",
    args: [groupId(), { name: "description", kind: "longtext", label: "Description", value: "Class of 2027: announcements and homework.", hint: "Empty clears it" }],
    title: "Description updated",
  },
  {
    op: "updateGroupPhoto",
    section: "settings",
    summary: "set a group's photo",
    args: [groupId(), photo("https://example.com/turma.jpg")],
    title: "Photo updated",
  },
  { op: "removeGroupPhoto", section: "settings", summary: "remove a group's photo", args: [groupId()], title: "Photo removed" },
  {
    op: "updateGroupSettings",
    section: "settings",
    summary: "who may send, edit, add; approval to join",
    args: [
      groupId(),
      {
        name: "settings",
        kind: "settings",
        label: "Settings",
        options: GROUP_SETTINGS,
        value: { onlyAdminsCanSend: true, onlyAdminsCanEditInfo: true, requireAdminApproval: false, onlyAdminsCanAddMembers: false },
        hint: "All four are sent (Z-API sets them together)",
      },
    ],
    title: "Settings updated",
  },

  // communities
  {
    op: "linkGroups",
    section: "communities",
    summary: "link groups into a community",
    args: [
      communityId(),
      {
        name: "groupIds",
        kind: "list",
        label: "Group ids",
        value: "120363400000000004\n120363400000000012\n120363400000000020",
        hint: "One per line. Some groups can go through while others fail: each is listed in the result.",
        fromCreated: "groupId",
      },
    ],
    render: "link",
  },
  {
    op: "unlinkGroups",
    section: "communities",
    summary: "take groups out of a community",
    args: [
      communityId(),
      { name: "groupIds", kind: "list", label: "Group ids", value: "120363400000000004\n120363400000000005", hint: "One per line. A community must keep at least one group.", fromCreated: "groupId" },
    ],
    render: "link",
  },
  {
    op: "createCommunity",
    section: "communities",
    summary: "create a community",
    args: [
      { name: "name", kind: "text", label: "Name", value: "Escola Nova", hint: "At most 25 characters with RyzeAPI" },
      { name: "description", kind: "longtext", label: "Description", value: "Parents and teachers", optional: true },
      {
        name: "groupIds",
        kind: "list",
        label: "Groups to link",
        value: "",
        optional: true,
        only: "ryze",
        refused: true,
        hint: "Groups linked at creation. With Z-API, call linkGroups afterwards",
      },
      photo("", { optional: true, only: "ryze", refused: true, hint: "An https:// image URL, a data: URL or base64. With Z-API, call updateCommunityPhoto afterwards" }),
      { name: "requireApproval", kind: "boolean", label: "Joining needs an admin's approval", optional: true, only: "ryze", refused: true, hint: "Z-API's create has no such setting" },
    ],
    title: "Community created",
    offer: "community",
  },
  { op: "getCommunityMetadata", section: "communities", summary: "a community's name, description and subgroups", args: [communityId()], title: "Community metadata" },
  { op: "listSubgroups", section: "communities", summary: "the groups of a community", args: [communityId()], title: "Subgroups" },
  { op: "resetCommunityInvitationLink", section: "communities", summary: "revoke a community's link and get a new one", args: [communityId()], title: "New invitation link" },
  {
    op: "updateCommunitySettings",
    section: "communities",
    summary: "who may add groups to a community",
    args: [communityId(), { name: "whoCanAddGroups", kind: "choice", label: "Who can add groups", options: ["admins", "all"], value: "all" }],
    title: "Settings updated",
  },
  {
    op: "updateCommunityDescription",
    section: "communities",
    summary: "set a community's description",
    args: [communityId(), { name: "description", kind: "longtext", label: "Description", value: "The school's community: one group per class." }],
    title: "Description updated",
  },
  {
    op: "deactivateCommunity",
    section: "communities",
    summary: "deactivate a community (its groups are unlinked, not deleted)",
    args: [communityId("", { hint: "createCommunity's “Use this community” fills it in", fromCreated: "communityId" })],
    title: "Community deactivated",
  },

  {
    op: "updateCommunityPhoto",
    section: "communities",
    summary: "set a community's photo",
    args: [communityId(), photo("https://example.com/escola.jpg")],
    title: "Photo updated",
  },
  {
    op: "addCommunityParticipants",
    section: "communities",
    summary: "add people to a community (its announcements group)",
    args: [communityId(undefined, { hint: "Escola Central; its announcements group is 120363400000000002" }), phones("5511977776666"), autoInvite],
    render: "participants",
    title: "added",
  },
  {
    op: "promoteCommunityParticipants",
    section: "communities",
    summary: "make community members its admins",
    args: [communityId(), phones("5511977776666")],
    render: "participants",
    title: "promoted",
  },
  {
    op: "demoteCommunityParticipants",
    section: "communities",
    summary: "take a community's admin rights away",
    args: [communityId(), phones("5511977776666")],
    render: "participants",
    title: "demoted",
  },
  {
    op: "removeCommunityParticipants",
    section: "communities",
    summary: "remove people from a community",
    args: [communityId(), phones("5511977776666\n5511933334444")],
    render: "participants",
    title: "removed",
  },

  // account
  {
    op: "setGroupAddPrivacy",
    section: "account",
    summary: "who may add the connected number to groups",
    args: [
      { name: "who", kind: "choice", label: "Who may add it", options: ["everyone", "contacts", "contactsExcept"], value: "contactsExcept" },
      { name: "exceptAdd", kind: "list", label: "Add to the exceptions", value: "5511977776666", optional: true, hint: "With contactsExcept: contacts who may not add it (one phone per line)" },
      { name: "exceptRemove", kind: "list", label: "Take off the exceptions", value: "", optional: true, hint: "With contactsExcept: phones to take off that list" },
    ],
    title: "Privacy updated",
  },

  // webhooks
  {
    op: "setWebhook",
    section: "webhooks",
    summary: "where the gateway delivers its events (group changes among them)",
    args: [
      { name: "url", kind: "id", label: "Webhook URL", value: "https://example.com/wa-hooks/groups", hint: "https:// (RyzeAPI also takes http://). Z-API signs nothing: put a secret in the path." },
      {
        name: "events",
        kind: "checks",
        label: "Events",
        options: RYZE_EVENTS,
        optional: true,
        only: "ryze",
        refused: true,
        hint: "None ticked: all of them. Group changes come as group.flow",
      },
      {
        name: "authorization",
        kind: "secret",
        label: "Authorization header",
        value: "",
        optional: true,
        only: "ryze",
        refused: true,
        hint: "Sent with each delivery (16 characters at least); *** in the request preview, never echoed back",
      },
      { name: "label", kind: "id", label: "Label", value: "", optional: true, only: "ryze", refused: true, hint: 'Which of its webhooks (up to three); empty: "default"' },
    ],
    render: "webhook",
    title: "Webhook set",
  },

  // pages
  {
    op: "listGroups",
    section: "pages",
    summary: "the groups of the connected number",
    args: [{ ...PAGE, hint: `${PAGE.hint} RyzeAPI answers every group at once: the package cuts the page out on the client.` }],
    render: "list",
    title: "Groups",
  },
  { op: "listCommunities", section: "pages", summary: "the communities of the connected number", args: [PAGE], render: "list", title: "Communities" },
];

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

const entryOf = (op) => OPERATIONS.find((e) => e.op === op);
/** Whether the package knows `op` for `provider` (its `operations` export). */
const supports = (provider, op) => (state.wa.operations?.[provider] ?? []).includes(op);

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

  buildSections();

  if (params.get("provider") === "ryze" || params.get("provider") === "zapi") $("provider").value = params.get("provider");
  if (params.get("mode") === "live") $("mode-live").checked = true;

  for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", onModeChange);
  $("provider").addEventListener("change", onProviderChange);
  $("live-form").addEventListener("input", refreshAll);
  $("live-form").addEventListener("submit", (e) => e.preventDefault());
  $("sandbox-reset").addEventListener("click", resetSandbox);
  for (const { op } of OPERATIONS) {
    const form = formOf(op);
    form.addEventListener("input", () => refresh(op));
    form.addEventListener("change", () => refresh(op));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      send(op);
    });
  }
  setUpWebhooks();
  setUpBatch();
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
      for (const p of PROVIDERS) Object.assign(accounts[p], cfg.sandbox?.[p] ?? {});
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

// ---- the forms, from OPERATIONS ----------------------------------------------------------

/** One section per SECTIONS entry, one card per operation; a note for any the table lacks. */
function buildSections() {
  const root = $("operations");
  const known = new Set(PROVIDERS.flatMap((p) => state.wa.operations?.[p] ?? []));
  const missing = [...known].filter((op) => !entryOf(op));
  if (missing.length) {
    root.append(
      el(
        "div",
        { class: "warning", id: "missing-ops", role: "note" },
        el("p", {}, el("strong", { text: `This version of wa-groups has ${missing.length} operation${missing.length === 1 ? "" : "s"} the page has no form for: ` }), missing.join(", ")),
        el("p", { text: "Each needs one entry in the OPERATIONS table of www/app.js." }),
      ),
    );
  }
  for (const section of SECTIONS) {
    const ops = OPERATIONS.filter((e) => e.section === section.id);
    if (section.mount) {
      $(section.mount).append(...ops.map(buildCard));
      continue;
    }
    root.append(
      el(
        "section",
        { class: "section", id: `section-${section.id}`, "aria-labelledby": `section-${section.id}-title` },
        el("h2", { class: "section-title", id: `section-${section.id}-title`, text: section.title }),
        el("p", { class: "section-blurb", text: section.blurb }),
        ...ops.map(buildCard),
      ),
    );
  }
}

function buildCard(entry) {
  const { op } = entry;
  const form = el(
    "form",
    { class: "op-form", id: `${op}-form`, "data-op": op, novalidate: true },
    ...entry.args.map((arg) => buildField(op, arg)),
    el("ul", { class: "issues form-issues", id: `${op}-form-issues`, "aria-live": "polite" }),
  );
  const support = el(
    "span",
    { class: "support", id: `${op}-support` },
    ...PROVIDERS.map((p) => el("span", { class: `chip ${supports(p, op) ? "yes" : "no"}`, "data-provider": p, text: `${PROVIDER_NAME[p]} ${supports(p, op) ? "✓" : "✗"}` })),
  );
  return el(
    "section",
    { class: "card op", id: `op-${op}`, "aria-labelledby": `${op}-title` },
    el("h3", { class: "op-title", id: `${op}-title` }, el("code", { text: op }), " ", el("span", { class: "sub", text: entry.summary }), " ", support),
    el("p", { class: "unsupported-note", id: `${op}-unsupported`, hidden: true }),
    el(
      "div",
      { class: "op-grid" },
      form,
      el(
        "div",
        { class: "op-io" },
        el("h4", { class: "io-title", id: `${op}-preview-title`, text: "Request that will be sent" }),
        el("pre", { class: "preview", id: `${op}-preview`, "aria-labelledby": `${op}-preview-title`, tabindex: "0" }),
        el(
          "p",
          { class: "send-row" },
          el("button", { type: "submit", form: `${op}-form`, id: `${op}-send`, "aria-describedby": `${op}-send-hint`, text: "Send" }),
          " ",
          entry.args.some((a) => a.kind === "page") ? [allPagesButton(op), " "] : null,
          el("span", { class: "hint", id: `${op}-send-hint` }),
        ),
        el("h4", { class: "io-title", text: "Result" }),
        el("div", { class: "outcome", id: `${op}-outcome`, "aria-live": "polite" }, el("p", { class: "empty", text: "Not sent yet." })),
      ),
    ),
  );
}

/** The label, control(s), hint and issue list of one argument. */
function buildField(op, arg) {
  const id = `${op}-${arg.name}`;
  const hintId = arg.hint ? `${id}-hint` : null;
  const issues = (fid) => el("ul", { class: "issues", id: `${fid}-issues`, "aria-live": "polite" });
  const describedBy = (fid) => [hintId, `${fid}-issues`].filter(Boolean).join(" ");
  const hint = arg.hint ? el("p", { class: "hint", id: hintId, text: arg.hint }) : null;
  const onlyNote = arg.only ? el("span", { class: "hint", text: ` (${PROVIDER_NAME[arg.only]} only)` }) : null;
  switch (arg.kind) {
    case "boolean":
      return el(
        "div",
        { class: "field check", "data-only": arg.only },
        el("input", { type: "checkbox", id, name: arg.name, checked: arg.value === true, "aria-describedby": describedBy(id) }),
        el("label", { for: id }, arg.label, onlyNote),
        hint,
        issues(id),
      );
    case "settings":
      return el(
        "fieldset",
        { class: "field settings", id, "data-only": arg.only },
        el("legend", {}, arg.label, onlyNote),
        ...Object.entries(arg.options).map(([key, label]) => {
          const fid = `${id}.${key}`;
          return el(
            "div",
            { class: "field check" },
            el("input", { type: "checkbox", id: fid, name: key, checked: arg.value?.[key] === true, "aria-describedby": `${fid}-issues` }),
            el("label", { for: fid }, label, " ", el("code", { class: "key", text: key })),
            issues(fid),
          );
        }),
        hint,
        issues(id),
      );
    case "checks":
      return el(
        "fieldset",
        { class: "field settings checks", id, "data-only": arg.only, "aria-describedby": describedBy(id) },
        el("legend", {}, arg.label, onlyNote),
        el(
          "div",
          { class: "check-grid" },
          ...arg.options.map((option) => {
            const fid = `${id}.${option}`;
            return el(
              "div",
              { class: "field check" },
              el("input", { type: "checkbox", id: fid, name: arg.name, value: option, checked: (arg.value ?? []).includes(option) }),
              el("label", { for: fid }, el("code", { class: "key", text: option })),
            );
          }),
        ),
        hint,
        issues(id),
      );
    case "secret":
      // Starts empty and is only ever read into the Call: never copied into the page.
      return el(
        "div",
        { class: "field", "data-only": arg.only },
        el("label", { for: id }, arg.label, onlyNote),
        el("input", { type: "password", id, name: arg.name, autocomplete: "new-password", spellcheck: "false", "aria-describedby": describedBy(id) }),
        hint,
        issues(id),
      );
    case "page": {
      const number = (key, label) =>
        el(
          "div",
          { class: "field" },
          el("label", { for: `${op}-${key}`, text: label }),
          el("input", { type: "text", inputmode: "numeric", id: `${op}-${key}`, name: key, value: arg.value?.[key] ?? "", "aria-describedby": describedBy(`${op}-${key}`) }),
          issues(`${op}-${key}`),
        );
      return el("div", { class: "page-fields" }, el("div", { class: "pair" }, number("page", "Page"), number("pageSize", "Page size")), hint);
    }
    case "choice":
      return el(
        "div",
        { class: "field" },
        el("label", { for: id, text: arg.label }),
        el("select", { id, name: arg.name, "aria-describedby": describedBy(id) }, ...arg.options.map((o) => el("option", { value: o, selected: o === arg.value, text: o }))),
        hint,
        issues(id),
      );
    case "list":
    case "longtext": {
      const area = el("textarea", { id, name: arg.name, rows: arg.kind === "list" ? "4" : "2", spellcheck: "false", "aria-describedby": describedBy(id) });
      area.value = arg.value ?? "";
      return el("div", { class: "field", "data-only": arg.only }, el("label", { for: id }, arg.label, onlyNote), area, hint, issues(id));
    }
    default:
      return el(
        "div",
        { class: "field", "data-only": arg.only },
        el("label", { for: id }, arg.label, onlyNote),
        el("input", { id, name: arg.name, value: arg.value ?? "", spellcheck: "false", "aria-describedby": describedBy(id) }),
        hint,
        issues(id),
      );
  }
}

// ---- connection -----------------------------------------------------------------

/**
 * Results belong to the connection that produced them: switching provider or mode clears
 * them (every operation, the webhook parse and the batch), and an answer still on its
 * way for the old connection is not shown.
 */
function clearOutcomes() {
  state.connection++;
  for (const { op } of OPERATIONS) resetOutcome($(`${op}-outcome`));
  resetOutcome($("webhook-outcome"), "Nothing parsed yet.");
  resetOutcome($("batch-outcome"), "Not run yet.");
  $("sim-limit-status").textContent = "";
}

function resetOutcome(outcome, text = "Not sent yet.") {
  outcome.classList.remove("is-error");
  outcome.removeAttribute("aria-busy");
  outcome.replaceChildren(el("p", { class: "empty", text }));
}

function onModeChange() {
  clearOutcomes();
  state.mode = $("mode-live").checked ? "live" : "sandbox";
  $("sandbox-panel").hidden = state.mode !== "sandbox";
  $("live-panel").hidden = state.mode !== "live";
  $("sim-limit").hidden = state.mode !== "sandbox" || !state.sandbox;
  renderSandboxPanel();
  refreshAll();
}

function onProviderChange() {
  clearOutcomes();
  const provider = $("provider").value;
  const zapi = provider === "zapi";
  $("live-clientToken-field").hidden = !zapi;
  $("live-baseUrl-default").textContent = DEFAULT_BASE_URL[provider];
  // Fields that exist for one provider only.
  for (const entry of OPERATIONS) {
    for (const arg of entry.args) {
      if (!arg.only || arg.refused) continue;
      const input = $(`${entry.op}-${arg.name}`);
      input.disabled = arg.only !== provider;
      if (input.disabled && input.type === "checkbox") input.checked = false;
    }
    const supported = supports(provider, entry.op);
    const card = $(`op-${entry.op}`);
    card.classList.toggle("unsupported", !supported);
    const note = $(`${entry.op}-unsupported`);
    note.hidden = supported;
    note.textContent = supported ? "" : unsupportedText(provider, entry.op);
  }
  $("webhook-provider").value = provider;
  renderSandboxPanel();
  refreshAll();
}

function unsupportedText(provider, op) {
  const known = PROVIDERS.some((p) => supports(p, op));
  return known
    ? `Not supported by ${PROVIDER_NAME[provider]}: it has no endpoint for ${op}. Send shows the package's refusal (kind “unsupported”); nothing leaves the page.`
    : `This version of wa-groups does not have ${op} for any provider. Send shows the package's refusal; nothing leaves the page.`;
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

// ---- reading a form ---------------------------------------------------------------------

const formOf = (op) => document.querySelector(`form[data-op="${op}"]`);

/** Non-empty lines (or comma-separated entries) of a textarea. */
const entries = (text) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The contract's `Call` for what the form says now, from the operation's table entry. */
function readCall(op) {
  const call = { op };
  for (const arg of entryOf(op).args) {
    const input = $(`${op}-${arg.name}`);
    if (arg.only && input?.disabled) continue;
    switch (arg.kind) {
      case "boolean":
        if (input.checked || !arg.optional) call[arg.name] = input.checked;
        break;
      case "settings": {
        const keys = Object.keys(arg.options).filter((key) => !arg.optional || $(`${op}-${arg.name}.${key}`).checked);
        if (keys.length || !arg.optional) call[arg.name] = Object.fromEntries(keys.map((key) => [key, $(`${op}-${arg.name}.${key}`).checked]));
        break;
      }
      case "checks": {
        const ticked = arg.options.filter((option) => $(`${op}-${arg.name}.${option}`).checked);
        if (ticked.length || !arg.optional) call[arg.name] = ticked;
        break;
      }
      case "page":
        for (const key of ["page", "pageSize"]) {
          const text = $(`${op}-${key}`).value.trim();
          // Not a number stays as typed, for validate() to name.
          if (text) call[key] = /^\d+$/.test(text) ? Number(text) : text;
        }
        break;
      case "list": {
        const list = entries(input.value);
        if (list.length || !arg.optional) call[arg.name] = list;
        break;
      }
      case "id": {
        const value = input.value.trim();
        if (value || !arg.optional) call[arg.name] = value;
        break;
      }
      default:
        if (input.value || !arg.optional) call[arg.name] = input.value;
    }
  }
  return call;
}

/** Runs `call` through the package's Client, as an application would: any op by name. */
function invoke(client, call) {
  const { op, ...input } = call;
  return client.call(op, input);
}

function refreshAll() {
  const configIssues = new Map();
  for (const { op } of OPERATIONS) {
    for (const issue of refresh(op)) {
      if (CONFIG_FIELDS.includes(issue.field)) configIssues.set(`${issue.field}\n${issue.message}`, issue);
    }
  }
  refreshBatch();
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
  if (!supports(config.provider, op)) {
    showIssues(op, call, []);
    preview.className = "preview blocked";
    preview.replaceChildren(
      el("span", { class: "blocked-title", text: `Nothing to send: ${PROVIDER_NAME[config.provider]} has no endpoint for ${op}.` }),
      "\nThe package refuses the call before sending (WaGroupsError kind “unsupported”).",
    );
    hint.textContent = "Shows the package's refusal: nothing is sent.";
    return [];
  }
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

/** Which element of `op`'s form an issue's `field` belongs to ("phones[1]", "settings.x"). */
function fieldElementId(op, field) {
  for (const name of [field, field.replace(/\[\d+\]$/, ""), field.split(".")[0]]) {
    const id = `${op}-${name}`;
    if ($(id) && $(`${id}-issues`)) return id;
  }
  return null;
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
  for (const input of formOf(op).querySelectorAll("input, textarea, select, fieldset")) {
    const list = $(`${input.id}-issues`);
    if (!list) continue;
    const mine = byField.get(input.id) ?? [];
    if (input.tagName !== "FIELDSET") input.setAttribute("aria-invalid", mine.length ? "true" : "false");
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
    if (current()) renderResult(op, provider, call, result, performance.now() - t0);
  } catch (e) {
    if (!current()) return;
    if (issuesOf(e)) showIssues(op, call, issuesOf(e));
    if (state.mode === "live" && issuesOf(e)) showLiveIssues(issuesOf(e).filter((i) => CONFIG_FIELDS.includes(i.field)));
    renderError($(`${op}-outcome`), provider, call, e, performance.now() - t0);
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

function allPagesButton(op) {
  const button = el(
    "button",
    { type: "button", class: "secondary", id: `${op}-all`, title: `for await (const item of client.${op}({ pageSize })): every page, one request each` },
    "All pages (for await)",
  );
  button.addEventListener("click", () => sendAll(op));
  return button;
}

/**
 * Every page of a listing: the package's ListPromise is async-iterable over its items,
 * asking for the next page only once the items so far are taken. The page's pageSize is
 * used, its page number is not (iteration starts at the first page). The client's
 * onEvent counts the requests it makes.
 */
async function sendAll(op) {
  if (state.sending.has(op)) return;
  const entry = entryOf(op);
  const outcome = $(`${op}-outcome`);
  const buttons = [$(`${op}-send`), $(`${op}-all`)];
  const config = currentConfig();
  if (!config) {
    outcome.replaceChildren(el("p", { class: "bad", text: "No connection: see above." }));
    return;
  }
  const { pageSize } = readCall(op);
  const page = pageSize === undefined ? {} : { pageSize };
  const call = { op, ...page };
  const provider = config.provider;
  const connection = state.connection;
  const current = () => connection === state.connection;
  const noun = entry.title.toLowerCase();
  state.sending.add(op);
  for (const b of buttons) b.disabled = true;
  outcome.setAttribute("aria-busy", "true");
  outcome.classList.remove("is-error");
  const progress = el("p", { class: "pending", id: `${op}-all-progress`, text: `Reading every page from ${PROVIDER_NAME[provider]}…` });
  outcome.replaceChildren(progress);
  let client = null;
  let requests = 0;
  const items = [];
  const t0 = performance.now();
  try {
    client = new state.wa.Client({
      ...config,
      timeoutMs: TIMEOUT_MS,
      maxRetries: 0,
      onEvent: (event) => {
        if (event.type === "request") requests++;
      },
    });
    for await (const item of client[op](page)) {
      if (!current()) return;
      items.push(item);
      progress.textContent = `${items.length} ${noun} so far, ${requests} request${requests === 1 ? "" : "s"}…`;
    }
    if (!current()) return;
    outcome.replaceChildren(
      outcomeHeader(provider, performance.now() - t0, "good", `All pages: ${items.length} ${noun} in ${requests} request${requests === 1 ? "" : "s"}`),
      dl([
        ["pageSize", valueNode("pageSize", pageSize ?? null), "pageSize"],
        ["requests", valueNode("requests", requests), "requests"],
        [noun, valueNode(noun, items), noun],
      ]),
      el(
        "p",
        { class: "hint" },
        el("code", { text: `for await (const item of client.${op}(${pageSize === undefined ? "" : `{ pageSize: ${pageSize} }`}))` }),
        ": each next page is asked for only once the items so far were taken.",
      ),
    );
  } catch (e) {
    if (current()) renderError(outcome, provider, call, e, performance.now() - t0);
  } finally {
    try {
      client?.free();
    } catch {
      // Already released.
    }
    state.sending.delete(op);
    for (const b of buttons) b.disabled = false;
    if (current()) outcome.removeAttribute("aria-busy");
  }
}

const issuesOf = (e) => (e instanceof state.wa.WaGroupsError && Array.isArray(e.issues) ? e.issues : null);
const errorText = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** `tone`: "good", "mixed" (some went through, some failed) or "bad". */
function outcomeHeader(provider, ms, tone, title) {
  return el("p", { class: `outcome-title ${tone}` }, el("strong", { text: title }), el("span", { class: "meta", text: ` ${PROVIDER_NAME[provider]}${ms === null ? "" : ` · ${Math.round(ms)} ms`}` }));
}

const INVITE = /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]+$/;

function inviteLink(url) {
  // Only a WhatsApp invite becomes a link; anything else stays text.
  if (typeof url === "string" && INVITE.test(url)) {
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer", class: "invite", text: url });
  }
  return el("span", { text: String(url) });
}

function dl(rows) {
  return el("dl", { class: "facts" }, ...rows.filter(Boolean).map(([k, v, key]) => [el("dt", { text: k }), el("dd", { "data-key": key }, v)]));
}

/** Any value of a result, as text nodes: ids as code, invite links as links, lists, tables. */
function valueNode(key, v) {
  if (v === null || v === undefined) return el("span", { class: "null", text: "null" });
  if (typeof v === "boolean" || typeof v === "number") {
    if (typeof v === "number" && /At$/.test(key) && v > 1e11) return el("span", {}, String(v), el("span", { class: "hint", text: ` (${new Date(v).toISOString()})` }));
    return el("code", { text: String(v) });
  }
  if (typeof v === "string") {
    if (INVITE.test(v)) return inviteLink(v);
    if (/Id$|^phone$|^owner$/.test(key) || /@g\.us$/.test(v)) return el("code", { text: v });
    return el("span", { text: v === "" ? "“”" : v });
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return el("span", { class: "empty", text: "none" });
    if (v.every((x) => x === null || typeof x !== "object")) return el("ul", { class: "plain" }, ...v.map((x) => el("li", { "data-item": String(x) }, valueNode(key, x))));
    const cols = [...new Set(v.flatMap((x) => Object.keys(x ?? {})))];
    return el(
      "div",
      { class: "table-scroll" },
      el(
        "table",
        { class: "result-table", "data-key": key },
        el("thead", {}, el("tr", {}, ...cols.map((c) => el("th", { scope: "col", text: c })))),
        el("tbody", {}, ...v.map((row) => el("tr", {}, ...cols.map((c) => el("td", { "data-col": c }, valueNode(c, row?.[c])))))),
      ),
    );
  }
  return facts(v, `${key}.`);
}

/** A result object as facts: one row per key, in the package's order. */
function facts(result, prefix = "") {
  return dl(Object.entries(result).map(([k, v]) => [k, valueNode(k, v), `${prefix}${k}`]));
}

/** Two lists: what went through and what failed, with the reason for each failure. */
function splitView(op, okTitle, ok, failed, idOf) {
  return el(
    "div",
    { class: "split" },
    el(
      "div",
      { class: "went", id: `${op}-went` },
      el("h5", { text: `${okTitle} (${ok.length})` }),
      ok.length
        ? el("ul", {}, ...ok.map((g) => el("li", { "data-group": g, "data-item": g }, el("span", { class: "mark", "aria-hidden": "true", text: "✓ " }), el("code", { text: g }))))
        : el("p", { class: "empty", text: "none" }),
    ),
    el(
      "div",
      { class: "failed", id: `${op}-failed` },
      el("h5", { text: `Failed (${failed.length})` }),
      failed.length
        ? el(
            "ul",
            {},
            ...failed.map((f) =>
              el(
                "li",
                { "data-group": idOf(f), "data-item": idOf(f) },
                el("span", { class: "mark", "aria-hidden": "true", text: "✗ " }),
                el("code", { text: idOf(f) }),
                el("span", { class: "reason", text: ` — ${f.reason ?? "no reason given by the gateway"}` }),
              ),
            ),
          )
        : el("p", { class: "empty", text: "none" }),
    ),
  );
}

function splitTitle(okCount, failedCount, verb) {
  const total = okCount + failedCount;
  const title = failedCount === 0 ? (total === 1 ? `1 ${verb}` : `All ${total} ${verb}`) : okCount === 0 ? `None ${verb}: all ${total} failed` : `Partly ${verb}: ${okCount} of ${total}`;
  const tone = failedCount === 0 ? "good" : okCount === 0 ? "bad" : "mixed";
  return { title, tone };
}

/** How each kind of result is shown: the parts under the outcome's heading. */
const RENDERERS = {
  facts: (entry, provider, call, result, ms) => [outcomeHeader(provider, ms, "good", entry.title ?? "Done"), facts(result)],
  link: (entry, provider, call, result, ms) => {
    const linking = entry.op === "linkGroups";
    const ok = linking ? result.linked : result.unlinked;
    const { title, tone } = splitTitle(ok.length, result.failed.length, linking ? "linked" : "unlinked");
    return [outcomeHeader(provider, ms, tone, title), el("p", {}, "Community ", el("code", { text: result.communityId })), splitView(entry.op, "Went through", ok, result.failed, (f) => f.groupId)];
  },
  participants: (entry, provider, call, result, ms) => {
    const { title, tone } = splitTitle(result.succeeded.length, result.failed.length, entry.title);
    return [
      outcomeHeader(provider, ms, tone, title),
      result.communityId ? el("p", {}, "Community ", el("code", { text: result.communityId })) : el("p", {}, "Group ", el("code", { text: result.groupId })),
      splitView(entry.op, "Went through", result.succeeded, result.failed, (f) => f.phone),
    ];
  },
  pending: (entry, provider, call, result, ms) => {
    const n = result.requests.length;
    const parts = [outcomeHeader(provider, ms, "good", `${entry.title}: ${n}`), el("p", {}, "Group ", el("code", { text: result.groupId }))];
    if (n === 0) return [...parts, el("p", { class: "empty", text: "No request waits for an admin." })];
    const action = (op, verb, request) => {
      const button = el("button", { type: "button", class: "secondary small", "data-id": request.id, "aria-label": `${verb} ${request.id}: fill in ${op}` }, `${verb} →`);
      button.addEventListener("click", () => {
        $(`${op}-groupId`).value = result.groupId;
        $(`${op}-phones`).value = request.id;
        refresh(op);
        $(`op-${op}`).scrollIntoView({ block: "start" });
        $(`${op}-send`).focus({ preventScroll: true });
      });
      return button;
    };
    const rows = result.requests.map((r) =>
      el(
        "tr",
        { "data-id": r.id },
        el("td", { "data-col": "id" }, el("code", { text: r.id })),
        el("td", { "data-col": "phone" }, r.phone === null ? el("span", { class: "null", text: "hidden by the requester" }) : el("code", { text: r.phone })),
        el("td", { "data-col": "requestedAt" }, r.requestedAt === null ? el("span", { class: "null", text: "null" }) : new Date(r.requestedAt).toISOString().replace(/\.000Z$/, "Z")),
        el("td", { class: "actions" }, action("approveParticipants", "Approve", r), action("rejectParticipants", "Reject", r)),
      ),
    );
    parts.push(
      el(
        "div",
        { class: "table-scroll" },
        el(
          "table",
          { class: "result-table", "data-key": "requests" },
          el("thead", {}, el("tr", {}, ...["id", "phone", "requestedAt", ""].map((c) => el("th", { scope: "col", text: c || "Put in the form" })))),
          el("tbody", {}, ...rows),
        ),
      ),
      el("p", { class: "hint", text: "approveParticipants and rejectParticipants take the id (or the phone, when shown). Each button fills its form below; Send there." }),
    );
    return parts;
  },
  webhook: (entry, provider, call, result, ms) => [
    outcomeHeader(provider, ms, "good", entry.title),
    facts(result),
    el("p", {
      class: "hint",
      text: result.hasAuthorization ? "The gateway sends the Authorization header with each delivery; the value is never echoed back." : "Deliveries carry no Authorization header.",
    }),
  ],
  list: (entry, provider, call, result, ms) => {
    const key = Object.keys(result).find((k) => Array.isArray(result[k]));
    const items = result[key];
    const parts = [
      outcomeHeader(provider, ms, "good", `${entry.title}: ${items.length} on page ${result.page ?? "(all)"}`),
      dl([
        ["page", valueNode("page", result.page), "page"],
        ["hasMore", valueNode("hasMore", result.hasMore), "hasMore"],
        [key, valueNode(key, items), key],
      ]),
    ];
    if (result.hasMore) {
      const next = el("button", { type: "button", class: "secondary", id: `${entry.op}-next` }, "Next page →");
      next.addEventListener("click", () => {
        $(`${entry.op}-page`).value = String((result.page ?? Number(call.page ?? 1)) + 1);
        refresh(entry.op);
        send(entry.op);
      });
      parts.push(el("p", {}, next));
    } else {
      parts.push(el("p", { class: "hint", text: result.hasMore === false ? "The last page." : "The gateway does not say whether there is more." }));
    }
    return parts;
  },
};

function renderResult(op, provider, call, result, ms) {
  const entry = entryOf(op);
  const outcome = $(`${op}-outcome`);
  const render = RENDERERS[entry.render ?? "facts"];
  const parts = result && typeof result === "object" ? render(entry, provider, call, result, ms) : [outcomeHeader(provider, ms, "good", entry.title ?? "Done"), el("p", {}, valueNode("", result))];
  if (entry.offer === "group") {
    const use = el("button", { type: "button", class: "secondary", id: `${op}-use` }, "Use this group in the forms below");
    use.addEventListener("click", () => useCreated({ groupId: result.groupId, invitationLink: result.invitationLink }, `${op}-use`));
    parts.push(el("p", {}, use));
  }
  if (entry.offer === "community") {
    const use = el("button", { type: "button", class: "secondary", id: `${op}-use` }, "Use this community in the forms below");
    use.addEventListener("click", () => useCreated({ communityId: result.communityId }, `${op}-use`));
    parts.push(el("p", {}, use));
  }
  parts.push(el("details", {}, el("summary", { text: "The typed result object" }), el("pre", { class: "json", text: JSON.stringify(result, null, 2) })));
  outcome.classList.remove("is-error");
  outcome.replaceChildren(...parts);
}

function renderError(outcome, provider, call, e, ms) {
  outcome.classList.add("is-error");
  if (!(e instanceof state.wa.WaGroupsError)) {
    outcome.replaceChildren(el("div", { class: "error", role: "alert" }, outcomeHeader(provider, ms, "bad", "Unexpected error"), el("p", { text: errorText(e) })));
    return;
  }
  outcome.replaceChildren(el("div", { class: "error", role: "alert" }, outcomeHeader(provider, ms, "bad", `WaGroupsError: ${e.kind}`), ...errorParts(call, e)));
}

function errorParts(call, e) {
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
  const parts = [dl(rows)];
  if (e.kind === "validation") {
    parts.push(el("p", { text: "Nothing was sent. Each problem is shown next to its field:" }));
    parts.push(el("ul", { class: "issue-list" }, ...(e.issues ?? []).map((i) => el("li", { "data-field": i.field }, el("code", { text: labelOf(call, i) }), `: ${i.message}`))));
  }
  if (e.kind === "unsupported") parts.push(el("p", { text: "Nothing was sent: this provider has no endpoint for the operation." }));
  if (e.body) parts.push(el("details", {}, el("summary", { text: "Response body" }), el("pre", { class: "json", text: e.body })));
  return parts;
}

/**
 * After createGroup / createCommunity: the new group (its id and link) or community in
 * every field whose table entry says `fromCreated`. A list gets it in front.
 */
function useCreated(values, from) {
  let first = null;
  for (const entry of OPERATIONS) {
    for (const arg of entry.args) {
      const value = values[arg.fromCreated];
      if (!value) continue;
      const input = $(`${entry.op}-${arg.name}`);
      if (arg.kind === "list") input.value = [value, ...entries(input.value).filter((g) => g !== value)].join("\n");
      else input.value = value;
      first ??= input;
    }
  }
  refreshAll();
  $(from)?.replaceWith(el("p", { class: "hint", text: "Filled in below." }));
  first?.focus({ preventScroll: true });
}

// ---- webhooks ------------------------------------------------------------------------------

// Realistic deliveries, as each gateway posts them to a webhook URL.
const WEBHOOK_SAMPLES = {
  // Z-API's documented "membership approval request" callback, for the sandbox's Turma C.
  zapi: {
    isGroup: true,
    isNewsletter: false,
    instanceId: "3D1A5B7C9E0F",
    messageId: "A20DA9C0183A2C11",
    phone: "120363400000000005-group",
    connectedPhone: "5511900000000",
    fromMe: false,
    momment: 1765022400000,
    expiresAt: null,
    status: "RECEIVED",
    chatName: "Turma C",
    senderPhoto: null,
    senderName: "Ana",
    photo: null,
    broadcast: false,
    participantPhone: "5511955553333",
    referenceMessageId: null,
    externalAdReply: null,
    forwarded: false,
    type: "ReceivedCallback",
    notification: "MEMBERSHIP_APPROVAL_REQUEST",
    notificationParameters: ["5511955553333"],
    callId: null,
    code: null,
    requestMethod: "invite_link",
  },
  // A RyzeAPI delivery: `instanceData` repeats the instance's own token (an example value
  // here, not a sandbox credential), which the package replaces with ***.
  ryze: {
    event: "group-participants.update",
    instance: "sim-shop",
    data: { id: "120363400000000005@g.us", author: "5511900000000@s.whatsapp.net", participants: ["5511955553333@s.whatsapp.net"], action: "add" },
    date_time: "2026-12-06T12:00:00.000Z",
    instanceData: { instance: "sim-shop", baseUrl: "https://ryzeapi.cloud", token: "example-instance-token-0f3a9c" },
  },
};

function setUpWebhooks() {
  for (const p of PROVIDERS) {
    $(`webhook-sample-${p}`).addEventListener("click", () => {
      $("webhook-provider").value = p;
      $("webhook-body").value = JSON.stringify(WEBHOOK_SAMPLES[p], null, 2);
      resetOutcome($("webhook-outcome"), "Nothing parsed yet.");
    });
  }
  $("webhook-form").addEventListener("submit", (e) => {
    e.preventDefault();
    parseWebhookBody();
  });
}

/** parseWebhook never throws for the body: whatever was pasted becomes a typed event. */
function parseWebhookBody() {
  const provider = $("webhook-provider").value;
  const outcome = $("webhook-outcome");
  let event;
  try {
    event = state.wa.parseWebhook(provider, $("webhook-body").value);
  } catch (e) {
    renderError(outcome, provider, {}, e, null);
    return;
  }
  const group = event.type !== "other";
  const title = group ? `Group event: ${event.type}` : "Not a group event: type “other”";
  const parts = [outcomeHeader(provider, null, group ? "good" : "mixed", title)];
  if (group) parts.push(facts(event));
  else {
    parts.push(
      dl([
        ["type", el("code", { text: event.type }), "type"],
        ["provider", event.provider, "provider"],
      ]),
    );
    parts.push(
      el("p", {
        class: "hint",
        text:
          provider === "ryze"
            ? "RyzeAPI documents no group webhook payloads: its deliveries come back as they are, with instanceData.token replaced by ***."
            : "Not a group notification: the payload comes back as it is.",
      }),
    );
    parts.push(el("h5", { text: "raw" }), el("pre", { class: "json", id: "webhook-raw", text: typeof event.raw === "string" ? event.raw : JSON.stringify(event.raw, null, 2) }));
  }
  parts.push(el("details", {}, el("summary", { text: "The typed event object" }), el("pre", { class: "json", text: JSON.stringify(event, null, 2) })));
  outcome.classList.remove("is-error");
  outcome.replaceChildren(...parts);
}

// ---- batch -----------------------------------------------------------------------------------

/** The createGroup calls of the batch form, and the client's rate limit option. */
function readBatch() {
  const participants = entries($("batch-participants").value);
  const names = $("batch-names")
    .value.split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
  const calls = names.map((name) => ({ op: "createGroup", name, participants }));
  const concurrency = Number($("batch-concurrency").value);
  const requests = $("batch-rate-requests").value.trim();
  const seconds = $("batch-rate-seconds").value.trim();
  const rateLimit = requests ? { requests: Number(requests), intervalMs: Math.round(Number(seconds || "60") * 1000) } : undefined;
  return { calls, concurrency, rateLimit };
}

function refreshBatch() {
  const preview = $("batch-preview");
  const config = currentConfig();
  const list = $("batch-names-issues");
  if (!config) {
    preview.replaceChildren("No connection.");
    return;
  }
  const { calls, concurrency, rateLimit } = readBatch();
  const issues = [];
  calls.forEach((call, i) => {
    for (const issue of state.wa.validate(config, call)) {
      if (!CONFIG_FIELDS.includes(issue.field)) issues.push(`${call.name ? `“${call.name}”` : `line ${i + 1}`}: ${labelOf(call, issue)}: ${issue.message}`);
    }
  });
  if (calls.length === 0) issues.push("at least one name");
  list.replaceChildren(...[...new Set(issues)].map((t) => el("li", { text: t })));
  $("batch-names").setAttribute("aria-invalid", issues.length ? "true" : "false");
  const limit = rateLimit
    ? `${rateLimit.requests} per ${rateLimit.intervalMs / 1000} s (this page's client)`
    : `the package's default (${config.provider === "ryze" ? "RyzeAPI's 100 per minute" : "none for Z-API"}) and the gateway's X-RateLimit headers`;
  preview.replaceChildren(
    `client.batch(${calls.length} createGroup call${calls.length === 1 ? "" : "s"}, { concurrency: ${concurrency || "?"}, onProgress })\n`,
    `rate limit: ${limit}\n\n`,
    ...calls.map((c, i) => `${i}: ${JSON.stringify(c)}\n`),
  );
}

function setUpBatch() {
  $("batch-form").addEventListener("input", refreshBatch);
  $("batch-form").addEventListener("submit", (e) => {
    e.preventDefault();
    runBatch();
  });
  $("sim-limit-apply").addEventListener("click", applySimLimit);
}

/** Sandbox only: the simulator's RyzeAPI limit, through its control API. */
async function applySimLimit() {
  const out = $("sim-limit-status");
  if (!state.sandbox) return;
  const requests = Number($("sim-limit-requests").value);
  const intervalMs = Math.round(Number($("sim-limit-seconds").value) * 1000);
  out.textContent = "Setting…";
  try {
    const res = await fetch(`${state.sandbox.url}/__sim/config`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ryzeRateLimit: { requests, intervalMs } }),
    });
    const body = await res.json().catch(() => ({}));
    const set = body.ryzeRateLimit;
    out.textContent = res.ok
      ? `The simulator's RyzeAPI now allows ${typeof set === "number" ? `${set} per 60` : `${set?.requests} per ${set?.intervalMs / 1000}`} s.`
      : `The simulator refused it (HTTP ${res.status}): ${body.error ?? ""}`;
  } catch {
    out.textContent = "The simulator did not answer.";
  }
}

async function runBatch() {
  const outcome = $("batch-outcome");
  const button = $("batch-send");
  const config = currentConfig();
  if (!config || state.sending.has("batch")) return;
  const { calls, concurrency, rateLimit } = readBatch();
  const provider = config.provider;
  const connection = state.connection;
  const current = () => connection === state.connection;
  state.sending.add("batch");
  button.disabled = true;
  outcome.classList.remove("is-error");
  outcome.setAttribute("aria-busy", "true");
  const bar = el("progress", { id: "batch-bar", max: String(Math.max(calls.length, 1)), value: "0", "aria-label": "Batch progress" });
  const counts = el("p", { class: "batch-counts", id: "batch-counts", text: `0 of ${calls.length} done` });
  const wait = el("p", { class: "batch-wait", id: "batch-wait", "aria-live": "polite" }, el("span", { class: "empty", text: "No wait for the rate limit yet." }));
  const items = el(
    "ol",
    { class: "batch-items", id: "batch-items", start: "0" },
    ...calls.map((c, i) => el("li", { "data-index": String(i), "data-status": "pending" }, el("span", { class: "name", text: c.name }), el("span", { class: "pending", text: " — waiting…" }))),
  );
  outcome.replaceChildren(outcomeHeader(provider, null, "good", `Batch of ${calls.length} createGroup`), bar, counts, wait, items);
  let waits = 0;
  let waited = 0;
  let client = null;
  const t0 = performance.now();
  try {
    // The package's retries stay on here (a 429 is retried after the time it asks for):
    // the batch shows how the package copes with a limit, not one raw answer.
    const options = { ...config, timeoutMs: TIMEOUT_MS };
    if (rateLimit) options.rateLimit = rateLimit;
    client = new state.wa.Client(options);
    const onProgress = (p) => {
      if (!current()) return;
      bar.value = p.done;
      counts.textContent = `${p.done} of ${p.total} done · ${p.fulfilled} fulfilled · ${p.rejected} rejected`;
      counts.dataset.done = String(p.done);
      if (p.rateLimitWaitMs !== undefined) {
        waits++;
        waited += p.rateLimitWaitMs;
        wait.dataset.waits = String(waits);
        wait.replaceChildren(
          el("strong", { text: `Waiting ${Math.round(p.rateLimitWaitMs)} ms for the rate limit` }),
          ` (wait ${waits}, ${Math.round(waited)} ms in all; at ${Math.round(performance.now() - t0)} ms)`,
        );
      }
      if (p.settled) renderBatchItem(items.children[p.settled.index], p.settled.outcome);
    };
    const outcomes = await client.batch(calls, { concurrency, onProgress });
    if (!current()) return;
    outcomes.forEach((o, i) => renderBatchItem(items.children[i], o));
    const ok = outcomes.filter((o) => o.status === "fulfilled").length;
    const { title, tone } = splitTitle(ok, outcomes.length - ok, "created");
    outcome.firstChild.replaceWith(outcomeHeader(provider, performance.now() - t0, tone, `Batch done: ${title}`));
    if (waits === 0) wait.replaceChildren(el("span", { text: "No wait for the rate limit was needed." }));
    else wait.append(el("span", { class: "hint", text: " — done." }));
  } catch (e) {
    // Only the batch's own arguments (concurrency, a non-array) reject as a whole.
    if (current()) renderError(outcome, provider, {}, e, performance.now() - t0);
  } finally {
    try {
      client?.free();
    } catch {
      // Already released.
    }
    state.sending.delete("batch");
    button.disabled = false;
    if (current()) outcome.removeAttribute("aria-busy");
  }
}

function renderBatchItem(li, o) {
  if (!li) return;
  li.dataset.status = o.status;
  const name = li.firstChild;
  if (o.status === "fulfilled") {
    li.replaceChildren(
      name,
      el("span", { class: "mark good", text: " ✓ " }),
      el("code", { class: "group-id", text: o.value.groupId }),
      " ",
      o.value.invitationLink ? inviteLink(o.value.invitationLink) : "",
    );
  } else if (o.status === "rejected") {
    li.replaceChildren(name, el("span", { class: "mark bad", text: " ✗ " }), el("code", { text: o.reason?.kind ?? "error" }), `: ${o.reason?.message ?? String(o.reason)}`);
  } else {
    li.replaceChildren(name, el("span", { class: "pending", text: " — not started" }));
  }
}

main();
