// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by
// playwright-core (which never downloads a browser of its own). The flags keep Chromium
// off the network: this machine's closed network refuses its background connections.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
];

/**
 * Launches Chromium with a fresh, empty profile. `chromium` is playwright-core's
 * `chromium` export (each consumer project installs its own playwright-core).
 * Resolves to `{ browser, context, close() }`.
 */
export async function launch(chromium, { timeoutMs = 60_000 } = {}) {
  const profile = await mkdtemp(join(tmpdir(), "wa-groups-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    timeout: timeoutMs,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `url`, waits until the page sets `window.__result` (or `timeoutMs` passes), and
 * resolves to it together with everything the page logged and any page errors.
 */
export async function runPage(context, url, { timeoutMs = 30_000 } = {}) {
  const page = await context.newPage();
  const logs = [];
  const errors = [];
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
  let result;
  try {
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: timeoutMs });
    result = await page.evaluate(() => window.__result);
  } catch (e) {
    result = { error: `no result within ${timeoutMs} ms: ${e.message}` };
  }
  return { page, result, logs, errors };
}
