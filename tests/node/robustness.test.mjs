// The packed package under odd and hostile conditions: fetches that fail in strange
// ways, signals that throw, bodies too large to read, freed clients, slow providers.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, WaGroupsError, parseResponse } from "wa-groups";
import { assertNoSecret, options, rejection, sim, useSimulator } from "./harness.mjs";

useSimulator();

describe("fetches that fail strangely never leak the URL", () => {
  const failures = {
    "a long string with the URL": (url) => Promise.reject("z".repeat(240) + url),
    "an Error with the URL": (url) => Promise.reject(new TypeError("x".repeat(290) + " could not reach " + url)),
    "an Error caused by the URL": (url) => Promise.reject(new TypeError("fetch failed", { cause: new Error("y".repeat(190) + url) })),
    "a synchronous throw": (url) => {
      throw new Error(url);
    },
    "a symbol": () => Promise.reject(Symbol("boom")),
    "an object whose toString throws": () =>
      Promise.reject({
        toString() {
          throw new Error("nope");
        },
      }),
  };
  for (const [name, fetch] of Object.entries(failures)) {
    test(name, async () => {
      const e = await rejection(new Client(options("zapi", { fetch })).getInvitationLink("120363400000000004"), "network");
      assert.equal(e.provider, "zapi");
      assert.equal(e.operation, "getInvitationLink");
      assert.ok(e.message.length < 800, `${e.message.length} chars`);
    });
  }

  test("a fetch resolving to something that is not a Response is decode", async () => {
    for (const value of [undefined, 42, { status: 200 }, { status: 0, text: async () => "" }]) {
      await rejection(new Client(options("ryze", { fetch: async () => value })).getInvitationLink("120363400000000004"), "decode");
    }
  });
});

describe("signals and options that throw", () => {
  const started = Date.now();
  const odd = {
    "an aborted getter that throws": {
      get aborted() {
        throw new Error("boom");
      },
    },
    "addEventListener that throws": {
      aborted: false,
      addEventListener() {
        throw new Error("boom");
      },
    },
    "not a signal at all": 42,
  };
  for (const [name, signal] of Object.entries(odd)) {
    test(name, async () => {
      const client = new Client(options("ryze", { timeoutMs: 20_000 }));
      let e;
      try {
        await client.getInvitationLink("120363400000000004", { signal });
      } catch (caught) {
        e = caught;
      }
      // Either it went through (a number is no signal) or it was refused cleanly.
      if (e) {
        assert.ok(e instanceof WaGroupsError, String(e));
        assertNoSecret(e);
      }
    });
  }

  test("an opts whose signal getter throws", async () => {
    const opts = {
      get signal() {
        throw new Error("boom");
      },
    };
    await rejection(new Client(options("ryze")).getInvitationLink("120363400000000004", opts), "validation");
  });

  test("options whose fetch getter throws", () => {
    const opts = {
      ...options("zapi"),
      get fetch() {
        throw new Error("boom");
      },
    };
    // JSON cannot read these options either: the issue names them.
    assert.throws(
      () => new Client(opts),
      (e) => e instanceof WaGroupsError && e.kind === "validation" && e.issues.some((i) => i.field === "options" || i.field === "fetch"),
    );
  });

  test("a response whose headers getter throws", () => {
    const response = {
      status: 200,
      body: "{}",
      get headers() {
        throw new Error("boom");
      },
    };
    assert.throws(
      () => parseResponse(options("ryze"), { op: "getInvitationLink", groupId: "120363400000000004" }, response),
      (e) => e instanceof WaGroupsError && e.kind === "validation",
    );
  });

  test("none of that left a timer running", () => {
    // node --test waits for pending timers: the suite's own duration is the check; a
    // stray 20 s timer would hold the process. Here, only a sanity bound.
    assert.ok(Date.now() - started < 15_000);
  });
});

describe("bodies too large to read", () => {
  test("an answer over 8 MiB is decode, and the client keeps working", async () => {
    const big = `{"success":true,"linked":[${'"120363400000000004@g.us",'.repeat(400_000)}"x"]}`;
    assert.ok(big.length > 8 * 1024 * 1024);
    for (const provider of ["zapi", "ryze"]) {
      sim.script({ provider, path: provider === "zapi" ? "/communities/link" : "/api/community/link", body: big });
      const client = new Client(options(provider));
      const e = await rejection(client.linkGroups("120363400000000001", ["120363400000000004"]), "decode");
      assert.match(e.message, /larger than/);
      const link = await client.getInvitationLink("120363400000000005");
      assert.equal(link.groupId, "120363400000000005@g.us");
    }
  });

  test("a compressed answer is counted as it inflates, not trusted by its declared length", async () => {
    // fetch inflates a gzip body past its Content-Length: such an answer must be read chunk
    // by chunk and refused at 8 MiB. This one never ends: read whole, it would never be
    // refused (only timed out).
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const endless = () => new ReadableStream({ pull: (c) => new Promise((resolve) => setTimeout(resolve, 0)).then(() => c.enqueue(chunk)) });
    const headers = { "content-length": "4096", "content-encoding": "gzip", "content-type": "application/json" };
    const client = new Client(options("ryze", { timeoutMs: 20_000, fetch: async () => new Response(endless(), { status: 200, headers }) }));
    const t0 = Date.now();
    const e = await rejection(client.getInvitationLink("120363400000000004"), "decode");
    assert.match(e.message, /larger than/);
    assert.ok(Date.now() - t0 < 15_000);
    // The same bytes with no encoding and a length that lies are refused too (read whole, then measured).
    const inflated = `{"success":true,"pad":"${"x".repeat(9 * 1024 * 1024)}"}`;
    const lying = new Client(options("ryze", { fetch: async () => new Response(inflated, { status: 200, headers: { "content-length": "4096" } }) }));
    assert.match((await rejection(lying.getInvitationLink("120363400000000004"), "decode")).message, /larger than/);
  });

  test("invalid UTF-8 reads as replacement characters, not a failure", async () => {
    const client = new Client(options("ryze", { fetch: async () => new Response(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), { status: 500 }) }));
    const e = await rejection(client.getInvitationLink("120363400000000004"), "provider");
    assert.equal(e.status, 500);
  });
});

describe("free()", () => {
  test("a call in flight finishes; later calls reject; freeing twice is fine", async () => {
    sim.script({
      provider: "ryze",
      path: "/api/group/info",
      delayMs: 200,
      body: JSON.stringify({ success: true, group: { jid: "120363400000000004@g.us", inviteLink: "https://chat.whatsapp.com/AbC" } }),
    });
    const client = new Client(options("ryze"));
    const pending = client.getInvitationLink("120363400000000004");
    client.free();
    client.free();
    assert.equal((await pending).invitationLink, "https://chat.whatsapp.com/AbC");
    const e = await rejection(client.getInvitationLink("120363400000000004"), "validation");
    assert.deepEqual(
      e.issues.map((i) => i.field),
      ["client"],
    );
  });
});

describe("slow providers", () => {
  test("RyzeAPI's second per linked group stretches the default time limit", async () => {
    sim.configure({ ryzeLinkDelayMs: 400 });
    const groups = ["120363400000000004", "120363400000000005", "120363400000000006"];
    // The default (30 s) is stretched to 3 × 1 s + 10 s: the call succeeds.
    const result = await new Client(options("ryze")).linkGroups("120363400000000001", groups);
    assert.equal(result.linked.length, 3);
    // A limit the caller chose is the caller's.
    sim.reset();
    sim.configure({ ryzeLinkDelayMs: 400 });
    await rejection(new Client(options("ryze", { timeoutMs: 500, maxRetries: 0 })).linkGroups("120363400000000001", groups), "timeout");
  });
});

describe("numbers JSON cannot carry", () => {
  test("a timeoutMs of NaN or Infinity is a validation error, not the default", () => {
    for (const timeoutMs of [NaN, Infinity, -Infinity]) {
      assert.throws(
        () => new Client({ provider: "ryze", instance: "sim-shop", token: "RYZE-TOKEN-123", timeoutMs }),
        (e) => e instanceof WaGroupsError && e.kind === "validation" && e.issues.some((i) => i.field === "timeoutMs"),
        String(timeoutMs),
      );
    }
  });

  test("a response status of NaN is a validation error", () => {
    assert.throws(
      () => parseResponse({ provider: "ryze", instance: "sim-shop", token: "RYZE-TOKEN-123" }, { op: "getInvitationLink", groupId: "120363400000000004" }, { status: NaN, body: "" }),
      (e) => e instanceof WaGroupsError && e.kind === "validation" && e.issues.some((i) => i.field === "response.status"),
    );
  });
});
