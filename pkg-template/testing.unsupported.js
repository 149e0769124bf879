// What `wa-groups/testing` resolves to outside Node (browsers, bundlers building for the
// web, Cloudflare Workers): the simulator is an HTTP server built on node:http, so it
// cannot run there. Loading this module throws at once with what to do instead. The
// exports exist only so that bundlers resolve the same names as in Node; the throw below
// comes first.
const message =
  "wa-groups/testing runs in Node only: the simulator is a local HTTP server (node:http). " +
  "Start it in Node (your test runner's setup, or a script) and give its URL to the code under test as `baseUrl`; " +
  "it answers browsers' CORS preflights.";

export function startSimulator() {
  return Promise.reject(new Error(message));
}
export const credentials = undefined;
export const chaosKinds = undefined;

throw new Error(message);
