// How long importing wa-groups takes inside workerd. wrangler's bundler turns the dynamic
// import below into a lazily evaluated module: its JS is evaluated, and its wasm
// instantiated (`initSync`), on the first request to /import, not at start-up. The wasm's
// compilation is not in it: the bundle imports the .wasm as a module, which workerd
// compiles while loading the Worker (see the start-up delta in harness.mjs).
//
//   GET /noop    answers at once (the HTTP baseline)
//   GET /import  {first, importMs, callMs, clockAdvances}: importMs is the dynamic
//                import (evaluate + instantiate) measured with performance.now(),
//                callMs a first validate() after it
let loaded = null;

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/noop") return new Response("ok");
    if (url.pathname !== "/import") return new Response("not found", { status: 404 });
    const first = loaded === null;
    const t0 = performance.now();
    const mod = await import("wa-groups");
    const t1 = performance.now();
    const issues = mod.validate({ provider: "ryze", instance: "sim-shop", token: "RYZE-TOKEN-x" }, { op: "getInvitationLink", groupId: "120363400000000004" });
    const t2 = performance.now();
    loaded = mod;
    // On Cloudflare's edge the clock stands still between I/O: then both numbers read 0.
    // Here it shows whether this runtime's clock moves during plain computation.
    // (Spins until the clock moves, at most ~10^8 steps.)
    const s0 = performance.now();
    let spins = 0;
    while (performance.now() === s0 && spins < 1e8) spins++;
    const clockAdvances = performance.now() > s0;
    return Response.json({ first, importMs: t1 - t0, callMs: t2 - t1, issues: issues.length, clockAdvances });
  },
};
