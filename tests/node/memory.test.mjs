// 100 000 calls in a loop keep memory flat: no wasm object, call handle or listener is
// leaked per call. Measured in a child process with --expose-gc, so that garbage is
// collected before each reading; the wasm's linear memory shows in `external`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const probe = `
import { Client, validate, buildRequest, parseResponse } from "wa-groups";
const config = { provider: "zapi", instance: "I", token: "ZTOKEN-SECRET-8d41f2c7a9", clientToken: "ZCLIENT-SECRET-4be19c03", rateLimit: false };
const call = { op: "linkGroups", communityId: "120363400000000001", groupIds: ["120363400000000004", "120363400000000012"] };
const answer = JSON.stringify({ success: true, notLinked: [{ phone: "120363400000000012-group", reason: "already in another community" }] });
const fetch = async () => new Response(answer);
const client = new Client({ ...config, fetch });
const reading = () => { globalThis.gc(); globalThis.gc(); const m = process.memoryUsage(); return { heap: m.heapUsed, external: m.external }; };
async function round(n) {
  for (let i = 0; i < n; i++) {
    validate(config, call);
    buildRequest(config, call);
    parseResponse(config, call, { status: 200, body: answer });
    await client.linkGroups(call.communityId, call.groupIds);
    if (i % 7 === 0) { try { await client.getInvitationLink("../x"); } catch {} }
  }
}
await round(10_000);
const before = reading();
await round(100_000);
const afterRun = reading();
console.log(JSON.stringify({ before, after: afterRun }));
`;

test("100 000 calls keep the heap and the wasm memory flat", { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(process.cwd(), ".memory-probe-"));
  try {
    const file = join(dir, "probe.mjs");
    writeFileSync(file, probe);
    const r = spawnSync(process.execPath, ["--expose-gc", file], { encoding: "utf8", timeout: 280_000, cwd: process.cwd() });
    assert.equal(r.status, 0, r.stderr);
    const { before, after } = JSON.parse(r.stdout.trim().split("\n").pop());
    const mb = (n) => (n / 1024 / 1024).toFixed(2);
    console.log(`heap ${mb(before.heap)} -> ${mb(after.heap)} MB, external (wasm memory) ${mb(before.external)} -> ${mb(after.external)} MB`);
    // A leak of even 20 bytes per call would show as 2 MB here.
    assert.ok(after.external - before.external < 1024 * 1024, `wasm memory grew by ${after.external - before.external} bytes`);
    assert.ok(after.heap - before.heap < 2 * 1024 * 1024, `heap grew by ${after.heap - before.heap} bytes`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
