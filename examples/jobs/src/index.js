// The whole Worker: wa-groups/cloudflare's handlers and its two Durable Objects.
// POST /jobs, GET /jobs/:id and DELETE /jobs/:id answer authenticated callers only
// (AUTH_JWT_SECRET, AUTH_JWKS_URL or Cloudflare Access: see wrangler.toml); the queue
// consumer runs the calls. The page in public/ is served by the assets binding.
import { createJobs, JobObject, RateLimiterObject } from "wa-groups/cloudflare";

export { JobObject, RateLimiterObject };

const jobs = createJobs({ log: (line) => console.log(line) });

export default {
  fetch: jobs.fetch,
  queue: jobs.queue,
};
