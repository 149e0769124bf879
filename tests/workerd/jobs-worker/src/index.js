// examples/jobs' Worker (wa-groups/cloudflare's handlers), with the consumer faults of
// issue 11's proof, switched on by FAULTS=on: every 5th consumer invocation sends each of
// its messages to the queue again (delivered twice) before running them, and every 7th
// runs half of its batch and then throws (the whole batch is delivered again). A consumer
// stopped mid-call is the test stopping workerd itself. GET /__stats tells the test how
// many consumer invocations ran at once and every line the jobs code logged.
import { createJobs, JobObject, RateLimiterObject, limiterName, gatewayFromEnv } from "wa-groups/cloudflare";

export { JobObject, RateLimiterObject };

const lines = [];
const stats = { invocations: 0, active: 0, maxActive: 0, duplicated: 0, crashedMidBatch: 0 };
let jobs;
const handlers = (env) =>
  (jobs ??= createJobs({
    log: (line) => lines.push(line),
    timeoutMs: Number(env.TIMEOUT_MS ?? 10_000),
    maxRetries: Number(env.MAX_RETRIES ?? 2),
    ...(env.LEASE_MS ? { leaseMs: Number(env.LEASE_MS) } : {}),
    ...(env.SWEEP_MS ? { sweepMs: Number(env.SWEEP_MS) } : {}),
  }));

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/__stats") {
      const ns = env.LIMITER;
      const limiter = await ns.get(ns.idFromName(await limiterName(gatewayFromEnv(env)))).stats();
      return Response.json({ ...stats, limiter, lines });
    }
    return handlers(env).fetch(request, env, ctx);
  },

  async queue(batch, env, ctx) {
    const n = ++stats.invocations;
    stats.active++;
    stats.maxActive = Math.max(stats.maxActive, stats.active);
    try {
      const faults = env.FAULTS === "on";
      if (faults && n % 5 === 0) {
        await env.JOBS_QUEUE.sendBatch(batch.messages.map((m) => ({ body: m.body })));
        stats.duplicated += batch.messages.length;
      }
      if (faults && n % 7 === 0 && batch.messages.length > 1) {
        await handlers(env).queue({ messages: batch.messages.slice(0, Math.ceil(batch.messages.length / 2)) }, env, ctx);
        stats.crashedMidBatch++;
        throw new Error("the consumer crashed mid-batch (a test fault)");
      }
      await handlers(env).queue(batch, env, ctx);
    } finally {
      stats.active--;
    }
  },
};
