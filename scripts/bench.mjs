// The benchmark: one table of size and speed. Not a test (machines are noisy): it
// measures and prints. Run it with `bash scripts/bench.sh` (which builds pkg/ first).
//
//   size       the wasm, the JS, and what each runtime loads, raw and gzip -9
//   load       import + instantiate, in a fresh Node process (median of 15) and in workerd
//   jobs       wa-groups/cloudflare: requests per minute a job reaches under the shared limiter
//   per call   validate + build + parse for each operation, against a plain-JS
//              implementation of the same work written below, in the same run
//   loopback   a Client call through the gateway simulator on 127.0.0.1
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { measureSizes } from "./sizes.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PKG = join(ROOT, "pkg");
const rows = [];
const row = (section, what, value, target = "") => rows.push([section, what, value, target]);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

if (!existsSync(join(PKG, "package.json"))) {
  console.error("pkg/ is not built: run bash scripts/bench.sh (or bash scripts/build.sh first)");
  process.exit(2);
}

// ---- size ---------------------------------------------------------------------------
const file = (name) => readFileSync(join(PKG, name));
const sizes = measureSizes(PKG);
const fmt = (s) => `${kb(s.raw)} raw, ${kb(s.gzip)} gzip`;
row("size", "wasm (wa_groups_bg.wasm)", fmt(sizes.wasm));
row("size", "JS glue + runtime (wa_groups.js, client.js, error.js)", fmt(sizes.js));
row("size", "what Node and workerd load (wasm + JS + entry)", fmt(sizes.node), "≤ 90 KB gzip (aim 75)");
row("size", "what a browser loads (index.web.js + wasm in JS + JS)", fmt(sizes.browser), "≤ 90 KB gzip (aim 75)");
const packDir = mkdtempSync(join(tmpdir(), "wa-groups-bench-"));
try {
  const out = execFileSync("npm", ["pack", PKG, "--pack-destination", packDir, "--json", "--silent"], { encoding: "utf8" });
  const [info] = JSON.parse(out);
  row("size", "npm tarball (npm pack, every runtime's files)", `${kb(info.size)} (unpacked ${kb(info.unpackedSize)})`);
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

// ---- load ---------------------------------------------------------------------------
const entry = pathToFileURL(join(PKG, "index.node.js")).href;
const probe = `const t0 = performance.now(); await import(${JSON.stringify(entry)}); console.log(performance.now() - t0);`;
const loads = [];
for (let i = 0; i < 15; i++) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  loads.push(Number(r.stdout.trim()));
}
// The same in-process timing of an empty ES module, in the same run: the yardstick.
const empty = join(tmpdir(), `wa-groups-empty-${process.pid}.mjs`);
writeFileSync(empty, "export {};\n");
const emptyProbe = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(empty).href)}); console.log(performance.now() - t0);`;
const emptyLoads = [];
for (let i = 0; i < 15; i++) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", emptyProbe], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  emptyLoads.push(Number(r.stdout.trim()));
}
rmSync(empty, { force: true });
row(
  "load",
  "Node: import + instantiate (fresh process, median of 15)",
  `${median(loads).toFixed(2)} ms vs ${median(emptyLoads).toFixed(2)} ms for an empty ES module = ${(median(loads) / median(emptyLoads)).toFixed(2)}×`,
  "≤ 2× an empty module",
);
const bytes = file("wa_groups_bg.wasm");
const compile = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  new WebAssembly.Instance(new WebAssembly.Module(bytes), { "./wa_groups_bg.js": new Proxy({}, { get: () => () => {} }) });
  compile.push(performance.now() - t0);
}
row("load", "Node: compile + instantiate the wasm alone (median of 30)", `${median(compile).toFixed(2)} ms`);
const workerdProbe = join(ROOT, "target/consumers/workerd/measure-import.mjs");
if (existsSync(workerdProbe)) {
  const r = spawnSync(process.execPath, [workerdProbe, "--json"], { encoding: "utf8", timeout: 180_000 });
  if (r.status === 0) {
    const m = JSON.parse(r.stdout.trim().split("\n").pop()).median;
    row("load", "workerd: import + instantiate, timed inside the Worker (median of 5 starts)", `${m.inWorkerImportMs} ms (1 ms clock); first call ${m.inWorkerFirstCallMs} ms`, "≤ 5 ms");
    row("load", "workerd: first request minus a warm one, from outside", `${m.outsideImportMs.toFixed(2)} ms`);
  } else {
    row("load", "workerd: import + instantiate", `failed: ${r.stderr.trim().split("\n").pop()}`);
  }
} else {
  row("load", "workerd: import + instantiate", "not measured (run bash scripts/bench.sh, which prepares it)");
}
// wa-groups/cloudflare's jobs: requests per minute through the shared limiter, as
// tests/workerd/jobs.test.mjs measures them (its throughput test prints one line).
const jobsTest = join(ROOT, "target/consumers/workerd/jobs.test.mjs");
if (existsSync(jobsTest)) {
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=spec", "--test-name-pattern=throughput", jobsTest], {
    cwd: dirname(jobsTest),
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, WA_GROUPS_SIM: pathToFileURL(join(ROOT, "sim/simulator.mjs")).href },
  });
  const m = /# throughput: (\d+) requests in ([\d.]+) s = (\d+) per minute of (\d+) allowed \(([\d.]+) %\), (\d+) answered 429/.exec(r.stdout ?? "");
  if (r.status === 0 && m)
    row("jobs", "workerd: a job's requests per minute under the shared limiter (RyzeAPI, limit 60 per 6 s)", `${m[3]} of ${m[4]} allowed (${m[5]} %), ${m[6]} answered 429`, "≥ 90 %, no 429");
  else row("jobs", "workerd: a job's requests per minute under the shared limiter", `failed: ${(r.stdout + r.stderr).trim().split("\n").slice(-3).join(" ")}`);
}

// ---- per call -----------------------------------------------------------------------
const { Client, buildRequest, parseResponse, validate } = await import(entry);
const { startSimulator, SIM_CREDENTIALS } = await import(pathToFileURL(join(ROOT, "sim/simulator.mjs")).href);

const configs = {
  zapi: { provider: "zapi", instance: "3D1A5B7C9E0F", token: "ZTOKEN-SECRET-8d41f2c7a9", clientToken: "ZCLIENT-SECRET-4be19c03" },
  ryze: { provider: "ryze", instance: "sim-shop", token: "RYZE-SECRET-71c3e9d04b" },
};
const cases = {
  createGroup: {
    call: { op: "createGroup", name: "Turma A", participants: ["+55 (11) 98888-7777", "5511977776666@s.whatsapp.net", "5521966665555"] },
    answer: {
      zapi: { phone: "120363500000000001-group", invitationLink: "https://chat.whatsapp.com/AbCdEf123", phonesNotAdded: ["5521966665555"] },
      ryze: {
        success: true,
        group: { jid: "120363500000000001@g.us", inviteLink: "https://chat.whatsapp.com/AbCdEf123", participants: [{ jid: "5511988887777@s.whatsapp.net" }, { jid: "5511977776666@s.whatsapp.net" }] },
      },
    },
  },
  getInvitationLink: {
    call: { op: "getInvitationLink", groupId: "120363400000000004-group" },
    answer: {
      zapi: { phone: "120363400000000004-group", invitationLink: "https://chat.whatsapp.com/AbCdEf123" },
      ryze: { success: true, group: { jid: "120363400000000004@g.us", inviteLink: "https://chat.whatsapp.com/AbCdEf123" } },
    },
  },
  linkGroups: {
    call: { op: "linkGroups", communityId: "120363400000000001", groupIds: ["120363400000000004", "120363400000000005@g.us", "120363400000000012-group"] },
    answer: {
      zapi: { success: true, message: "2 of 3 groups linked", notLinked: [{ phone: "120363400000000012-group", reason: "group already belongs to another community" }] },
      ryze: {
        success: true,
        message: "Linked 2 of 3 groups to community",
        linked: ["120363400000000004@g.us", "120363400000000005@g.us"],
        failed: [{ jid: "120363400000000012@g.us", reason: "group already belongs to another community" }],
      },
    },
  },
  unlinkGroups: {
    call: { op: "unlinkGroups", communityId: "120363400000000001@g.us", groupIds: ["120363400000000003"] },
    answer: { zapi: { success: true }, ryze: { success: true, message: "Unlinked 1 of 1 groups from community", linked: ["120363400000000003@g.us"], failed: [] } },
  },
};

// The plain-JS baseline: the same checks, request building and answer reading, written
// the way a careful JS SDK would, for the same inputs (not a general implementation).
const plain = (() => {
  const groupForms = /^(?:(\d{6,32})(?:-group|@g\.us)?|(\d{7,15})-(\d{1,12})(?:@g\.us)?)$/;
  const group = (s) => {
    const m = typeof s === "string" && groupForms.exec(s);
    if (!m) return null;
    return m[1] ? { bare: m[1], zapi: `${m[1]}-group` } : { bare: `${m[2]}-${m[3]}`, zapi: `${m[2]}-${m[3]}` };
  };
  const phone = (s) => {
    if (typeof s !== "string") return null;
    const jid = /^(\d+)@(?:s\.whatsapp\.net|c\.us)$/.exec(s);
    const digits = jid ? jid[1] : /^\+?[\d\s().-]+$/.test(s) ? s.replace(/\D/g, "") : null;
    return digits && !digits.startsWith("0") && digits.length >= 7 && digits.length <= 15 ? digits : null;
  };
  const validate = (config, call) => {
    const issues = [];
    if (config.provider !== "zapi" && config.provider !== "ryze") issues.push({ field: "provider", message: "must be zapi or ryze" });
    if (typeof config.instance !== "string" || !config.instance) issues.push({ field: "instance", message: "is required" });
    if (typeof config.token !== "string" || config.token.length < 6) issues.push({ field: "token", message: "is required" });
    const ids = {};
    if (call.op === "createGroup") {
      if (typeof call.name !== "string" || !call.name.trim() || [...call.name].length > 100) issues.push({ field: "name", message: "bad" });
      ids.phones = [];
      (call.participants ?? []).forEach((p, i) => {
        const d = phone(p);
        if (!d) issues.push({ field: `participants[${i}]`, message: "bad" });
        else if (ids.phones.includes(d)) issues.push({ field: `participants[${i}]`, message: "repeats" });
        else ids.phones.push(d);
      });
      if (!ids.phones.length) issues.push({ field: "participants", message: "empty" });
    } else if (call.op === "getInvitationLink") {
      ids.group = group(call.groupId);
      if (!ids.group) issues.push({ field: "groupId", message: "bad" });
    } else {
      const c = /^(\d{6,32})(?:@g\.us|-group)?$/.exec(call.communityId);
      ids.community = c && c[1];
      if (!ids.community) issues.push({ field: "communityId", message: "bad" });
      ids.groups = [];
      (call.groupIds ?? []).forEach((g, i) => {
        const p = group(g);
        if (!p) issues.push({ field: `groupIds[${i}]`, message: "bad" });
        else if (ids.groups.some((x) => x.bare === p.bare)) issues.push({ field: `groupIds[${i}]`, message: "repeats" });
        else ids.groups.push(p);
      });
      if (!ids.groups.length || ids.groups.length > 50) issues.push({ field: "groupIds", message: "bad count" });
    }
    return { issues, ids };
  };
  const build = (config, call) => {
    const { issues, ids } = validate(config, call);
    if (issues.length) throw new Error("invalid");
    const enc = encodeURIComponent;
    if (config.provider === "zapi") {
      const base = `https://api.z-api.io/instances/${enc(config.instance)}/token/${enc(config.token)}`;
      const headers = { "Client-Token": config.clientToken, "Content-Type": "application/json" };
      if (call.op === "createGroup") return { method: "POST", url: `${base}/create-group`, headers, body: JSON.stringify({ autoInvite: false, groupName: call.name, phones: ids.phones }) };
      if (call.op === "getInvitationLink") return { method: "GET", url: `${base}/group-invitation-link/${enc(ids.group.zapi)}`, headers: { "Client-Token": config.clientToken }, body: null };
      return {
        method: "POST",
        url: `${base}/communities/${call.op === "linkGroups" ? "link" : "unlink"}`,
        headers,
        body: JSON.stringify({ communityId: ids.community, groupsPhones: ids.groups.map((g) => g.zapi) }),
      };
    }
    const headers = { token: config.token, "Content-Type": "application/json" };
    const at = (path) => `https://ryzeapi.cloud${path}/${enc(config.instance)}`;
    if (call.op === "createGroup") return { method: "POST", url: at("/api/group/create"), headers, body: JSON.stringify({ name: call.name, participants: ids.phones }) };
    if (call.op === "getInvitationLink")
      return { method: "GET", url: `${at("/api/group/info")}?identifier=${enc(`${ids.group.bare}@g.us`)}&participants=false`, headers: { token: config.token }, body: null };
    return {
      method: "POST",
      url: at(`/api/community/${call.op === "linkGroups" ? "link" : "unlink"}`),
      headers,
      body: JSON.stringify({ communityJid: `${ids.community}@g.us`, groupJid: ids.groups.map((g) => `${g.bare}@g.us`) }),
    };
  };
  const jid = (s) => {
    const g = group(s);
    return g && `${g.bare}@g.us`;
  };
  const parse = (config, call, response) => {
    const { ids } = validate(config, call);
    if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status}`);
    const v = JSON.parse(response.body);
    const redact = (s) => (typeof s === "string" ? s.split(config.token).join("***") : s);
    if (call.op === "createGroup") {
      const info = config.provider === "zapi" ? v : (v.group ?? v.data ?? v);
      const id = jid(config.provider === "zapi" ? info.phone : info.jid);
      const present = new Set((info.participants ?? []).map((p) => phone(p.jid)));
      const notAdded = config.provider === "zapi" ? (info.phonesNotAdded ?? []).map((p) => phone(p) ?? p) : ids.phones.filter((p) => info.participants && !present.has(p));
      return { groupId: id, invitationLink: redact(info.invitationLink ?? info.inviteLink ?? null), notAdded };
    }
    if (call.op === "getInvitationLink") {
      const info = config.provider === "zapi" ? v : (v.group ?? v);
      return { groupId: `${ids.group.bare}@g.us`, invitationLink: redact(info.invitationLink ?? info.inviteLink) };
    }
    const failed = new Map();
    const done = new Set();
    for (const [key, list] of Object.entries(v)) {
      if (!Array.isArray(list)) continue;
      const failing = /fail|not|already|error/i.test(key);
      for (const item of list) {
        const id = jid(typeof item === "string" ? item : (item.jid ?? item.phone ?? item.groupId));
        if (!id) continue;
        if (failing) failed.set(id, redact(item.reason ?? null));
        else done.add(id);
      }
    }
    const out = { communityId: `${ids.community}@g.us`, [call.op === "linkGroups" ? "linked" : "unlinked"]: [], failed: [] };
    for (const g of ids.groups) {
      const id = `${g.bare}@g.us`;
      if (failed.has(id)) out.failed.push({ groupId: id, reason: failed.get(id) });
      else if (done.has(id) || (v.success && !("linked" in v))) out[call.op === "linkGroups" ? "linked" : "unlinked"].push(id);
      else out.failed.push({ groupId: id, reason: null });
    }
    return out;
  };
  return { validate, build, parse };
})();

function timePerCall(fn, minMs = 400) {
  for (let i = 0; i < 300; i++) fn(); // warm up
  let n = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    elapsed = performance.now() - t0;
  }
  return (elapsed * 1000) / n; // µs per call
}

const ratios = [];
for (const [op, c] of Object.entries(cases)) {
  for (const provider of ["zapi", "ryze"]) {
    const config = configs[provider];
    const response = { status: 200, headers: {}, body: JSON.stringify(c.answer[provider]) };
    const ours = parseResponse(config, c.call, response);
    const theirs = plain.parse(config, c.call, response);
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error(`baseline disagrees for ${provider} ${op}:\n${JSON.stringify(ours)}\n${JSON.stringify(theirs)}`);
    const wasmUs = timePerCall(() => {
      validate(config, c.call);
      buildRequest(config, c.call);
      parseResponse(config, c.call, response);
    });
    const jsUs = timePerCall(() => {
      plain.validate(config, c.call);
      plain.build(config, c.call);
      plain.parse(config, c.call, response);
    });
    ratios.push(wasmUs / jsUs);
    row("per call", `${op} (${provider}): validate + build + parse`, `${wasmUs.toFixed(1)} µs vs ${jsUs.toFixed(1)} µs plain JS = ${(wasmUs / jsUs).toFixed(2)}×`, "≤ 3×");
  }
}
const geomean = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length);
row("per call", "geometric mean of the ratios above", `${geomean.toFixed(2)}× (largest ${Math.max(...ratios).toFixed(2)}×)`, "≤ 2×");

// ---- loopback -----------------------------------------------------------------------
const sim = await startSimulator({ ryzeRateLimit: 1_000_000 });
try {
  for (const provider of ["zapi", "ryze"]) {
    const cr = SIM_CREDENTIALS[provider];
    // The limiter runs, with room for every call here (RyzeAPI's default, 100 a minute,
    // would make this loop wait minutes without changing the median).
    const client = new Client({ provider, instance: cr.instance, token: cr.token, clientToken: cr.clientToken, baseUrl: sim.url, rateLimit: { requests: 100_000, intervalMs: 1000 } });
    const request = buildRequest({ provider, instance: cr.instance, token: cr.token, clientToken: cr.clientToken, baseUrl: sim.url }, { op: "getInvitationLink", groupId: "120363400000000004" });
    const viaClient = [];
    const viaFetch = [];
    for (let i = 0; i < 330; i++) {
      let t0 = performance.now();
      await client.getInvitationLink("120363400000000004");
      if (i >= 30) viaClient.push(performance.now() - t0);
      t0 = performance.now();
      const res = await fetch(request.url, { method: request.method, headers: request.headers });
      await res.text();
      if (i >= 30) viaFetch.push(performance.now() - t0);
      if (i % 100 === 0) sim.clearRequests();
    }
    row(
      "loopback",
      `${provider}: Client.getInvitationLink via the simulator (p50 / p95 of 300)`,
      `${median(viaClient).toFixed(2)} / ${quantile(viaClient, 0.95).toFixed(2)} ms (plain fetch of the same request: ${median(viaFetch).toFixed(2)} / ${quantile(viaFetch, 0.95).toFixed(2)} ms): +${((median(viaClient) / median(viaFetch) - 1) * 100).toFixed(0)} % at p50`,
      "≤ +10 % at p50",
    );
  }
} finally {
  await sim.close();
}

// ---- table --------------------------------------------------------------------------
const header = ["", "measure", "result", "target"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
console.log(`\nwa-groups ${JSON.parse(readFileSync(join(PKG, "package.json"))).version}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
