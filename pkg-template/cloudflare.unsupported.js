// What `wa-groups/cloudflare` resolves to outside Cloudflare's runtime (Node, browsers,
// bundlers building for the web): its Durable Objects and queue consumer are built on
// `cloudflare:workers`, which exists only in workerd. Loading this module throws at once
// with what to do instead.
const message =
  "wa-groups/cloudflare runs in Cloudflare Workers only (workerd: wrangler dev, miniflare, or a deployed Worker): " +
  "its Durable Objects and queue consumer need `cloudflare:workers`. In Node use `client.batch` from `wa-groups`.";

throw new Error(message);
