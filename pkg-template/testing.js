// wa-groups/testing (Node only): the gateway simulator, one local HTTP server that plays
// both Z-API and RyzeAPI, for testing code that uses wa-groups with no account and no
// network. It ships in testing/sim/ (the repository's sim/, copied by scripts/build.sh)
// and never loads the client: nothing here imports index.*.js, client.js or the wasm,
// and the main entries never import this file.
import { startSimulator as startServer, SIM_CREDENTIALS, CHAOS_KINDS } from "./testing/sim/simulator.mjs";

const PROVIDERS = ["zapi", "ryze"];
/** What startSimulator takes: the port, and every setting `configure` takes. */
const OPTION_KEYS = ["port", "zapiClientTokenRequired", "zapiInvitationLinkMethod", "ryzeRateLimit", "ryzeLinkDelayMs", "disconnected", "chaos"];

/** The simulated accounts: Z-API `{instance, token, clientToken}`, RyzeAPI `{instance, token}`. */
export const credentials = SIM_CREDENTIALS;

/** The kinds of fault chaos mode can inject. */
export const chaosKinds = Object.freeze(Object.keys(CHAOS_KINDS));

const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

function suggestion(key, known) {
  const lower = key.toLowerCase();
  const hit = known.find((k) => k.toLowerCase() === lower || k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
  return hit ? ` (did you mean ${JSON.stringify(hit)}?)` : ` (known: ${known.join(", ")})`;
}

/** Runs `fn`; a TypeError (bad input) is thrown again naming the method it came from. */
function checked(method, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TypeError) throw new TypeError(`wa-groups/testing: ${method}: ${e.message}`, { cause: e });
    throw e;
  }
}

function checkProvider(method, provider) {
  if (!PROVIDERS.includes(provider)) throw new TypeError(`wa-groups/testing: ${method}: provider must be "zapi" or "ryze", got ${JSON.stringify(provider) ?? String(provider)}`);
}

function checkOptions(options) {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new TypeError("wa-groups/testing: startSimulator: options must be an object");
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new TypeError(`wa-groups/testing: startSimulator: unknown option ${JSON.stringify(key)}${suggestion(key, OPTION_KEYS)}`);
  }
  return options;
}

/**
 * Starts the simulator on 127.0.0.1 (a free port unless `options.port` names one), with
 * the seed data, and resolves to its handle. See testing.d.ts and the README's "Testing
 * your code".
 */
export async function startSimulator(options) {
  const settings = checkOptions(options);
  let server;
  try {
    server = await startServer(settings);
  } catch (e) {
    if (e instanceof TypeError) throw new TypeError(`wa-groups/testing: startSimulator: ${e.message}`, { cause: e });
    if (e?.code === "EADDRINUSE") throw new Error(`wa-groups/testing: startSimulator: port ${settings.port} is in use (leave out \`port\` to get a free one)`, { cause: e });
    throw e;
  }
  const { url, port } = server;
  const handle = {
    url,
    port,
    credentials,
    clientOptions(provider, extra) {
      checkProvider("clientOptions", provider);
      if (extra !== undefined && !isPlainObject(extra)) throw new TypeError("wa-groups/testing: clientOptions: the second argument must be an object of client options");
      const { instance, token, clientToken } = credentials[provider];
      return { provider, instance, token, ...(clientToken ? { clientToken } : {}), baseUrl: url, ...extra };
    },
    close: () => server.close(),
    reset: () => server.reset(),
    state(provider) {
      if (provider === undefined) return server.state();
      checkProvider("state", provider);
      return server.state(provider);
    },
    requests: () => server.requests(),
    clearRequests: () => server.clearRequests(),
    script: (rule) => checked("script", () => server.script(rule)),
    configure: (changes) => checked("configure", () => server.configure(changes)),
    config: () => server.config(),
    stats: () => server.stats(),
  };
  // `await using sim = await startSimulator()` closes it at the end of the block.
  if (typeof Symbol.asyncDispose === "symbol") handle[Symbol.asyncDispose] = () => server.close();
  return Object.freeze(handle);
}
