// verifyWebhookAuthorization: a delivery's Authorization header against the value
// configured for the webhook (RyzeAPI sends it with every delivery), through the packed
// package, in a small server that receives a delivery the way a user's would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { WaGroupsError, parseWebhook, verifyWebhookAuthorization } from "wa-groups";

const EXPECTED = "Bearer svc-token-xyz";

test("only the exact configured value passes", () => {
  assert.equal(verifyWebhookAuthorization("Bearer svc-token-xyz", EXPECTED), true);
  for (const wrong of ["Bearer svc-token-xy", "Bearer svc-token-xyzz", "bearer svc-token-xyz", "svc-token-xyz", " Bearer svc-token-xyz", "", null, undefined]) {
    assert.equal(verifyWebhookAuthorization(wrong, EXPECTED), false, String(wrong));
  }
  // Not a string (a header array from a careless lookup) is not a match.
  assert.equal(verifyWebhookAuthorization(["Bearer svc-token-xyz"], EXPECTED), false);
});

test("an empty or missing expected value is an error, not a check that passes", () => {
  for (const expected of ["", undefined, null, 42]) {
    assert.throws(
      () => verifyWebhookAuthorization("Bearer svc-token-xyz", expected),
      (e) => e instanceof WaGroupsError && e.kind === "validation" && e.issues[0].field === "expected",
      String(expected),
    );
  }
});

test("a receiver refuses deliveries without the header before reading them", async () => {
  const seen = [];
  const server = createServer((req, res) => {
    if (!verifyWebhookAuthorization(req.headers.authorization, EXPECTED)) {
      res.writeHead(401).end();
      return;
    }
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push(parseWebhook("ryze", body));
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/webhook`;
  try {
    const body = JSON.stringify({ event: "group.update", data: {} });
    const forged = await fetch(url, { method: "POST", body });
    const wrong = await fetch(url, { method: "POST", body, headers: { Authorization: "Bearer guess" } });
    const real = await fetch(url, { method: "POST", body, headers: { Authorization: EXPECTED } });
    assert.deepEqual([forged.status, wrong.status, real.status], [401, 401, 200]);
    assert.equal(seen.length, 1);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
