// Serves the demo page: starts the gateway simulator and a static server, both on
// 127.0.0.1 and free ports. Used by scripts/demo.sh (as a CLI) and by the page's test
// (tests/www/, as a module), so both run the page exactly the same way.
//
// The served site is assembled in `siteDir` (recreated on each start):
//   index.html, app.js, style.css   copied from www/
//   pkg/                            a copy of an installed `wa-groups` package (the
//                                   packed tarball installed into a consumer project);
//                                   index.html maps "wa-groups" to its browser entry
//   config.json                     the simulator's URL and sandbox credentials
//
//   node www/serve.mjs --package DIR --site DIR
// prints "simulator: URL" and "page: URL", then serves until SIGINT/SIGTERM.
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SIM_CREDENTIALS, startSimulator } from "../sim/simulator.mjs";
import { serveStatic } from "../scripts/static-server.mjs";

const WWW = dirname(fileURLToPath(import.meta.url));
const PAGE_FILES = ["index.html", "app.js", "style.css"];
// What index.html's import map points "wa-groups" at, inside pkg/.
const BROWSER_ENTRY = "./index.web.js";

/** The package's entry for a plain browser page, per its `exports` map. */
function browserEntry(pkgJson) {
  const root = pkgJson.exports?.["."];
  if (typeof root === "string") return root;
  return root?.browser ?? root?.default ?? root?.import;
}

/**
 * Starts the simulator and the page server. `packageDir`: an installed `wa-groups`
 * (e.g. CONSUMER/node_modules/wa-groups). `siteDir`: where to assemble the site.
 * Resolves to `{ sim, simUrl, pageUrl, siteDir, close() }`; `sim` is the simulator's
 * control object (reset, state, requests, script, …).
 */
export async function startDemo({ packageDir, siteDir, simulatorOptions = {} }) {
  if (!packageDir || !siteDir) throw new TypeError("startDemo needs packageDir and siteDir");
  const pkgDir = resolve(packageDir);
  const site = resolve(siteDir);
  const pkgJson = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8"));
  if (pkgJson.name !== "wa-groups") throw new Error(`${pkgDir} is not the wa-groups package (name: ${pkgJson.name})`);
  const entry = browserEntry(pkgJson);
  if (entry !== BROWSER_ENTRY) {
    throw new Error(`wa-groups' browser entry is ${entry}, but www/index.html imports pkg/${BROWSER_ENTRY.slice(2)}: update the import map`);
  }

  await rm(site, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  for (const f of PAGE_FILES) await cp(join(WWW, f), join(site, f));
  await cp(pkgDir, join(site, "pkg"), { recursive: true, dereference: true });

  const sim = await startSimulator({ port: 0, ...simulatorOptions });
  let server;
  try {
    const config = {
      simulatorUrl: sim.url,
      package: { name: pkgJson.name, version: pkgJson.version },
      // The simulator's own accounts: public test values, not real secrets. The page keeps
      // them in memory and never shows the tokens.
      sandbox: {
        zapi: { ...SIM_CREDENTIALS.zapi },
        ryze: { ...SIM_CREDENTIALS.ryze },
      },
    };
    await writeFile(join(site, "config.json"), JSON.stringify(config, null, 2) + "\n");
    server = await serveStatic(site);
    const pageUrl = `${server.url}/`;
    // Fail here, not in the browser, if something the page needs is not served.
    for (const path of [...PAGE_FILES, "config.json", `pkg/${BROWSER_ENTRY.slice(2)}`]) {
      const res = await fetch(new URL(path, pageUrl));
      if (!res.ok) throw new Error(`the page server answered ${res.status} for /${path}`);
      await res.arrayBuffer();
    }
    let closing = null;
    return {
      sim,
      simUrl: sim.url,
      pageUrl,
      siteDir: site,
      close: () => (closing ??= Promise.all([server.close(), sim.close()]).then(() => {})),
    };
  } catch (e) {
    await server?.close();
    await sim.close();
    throw e;
  }
}

function arg(argv, name) {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const packageDir = arg(argv, "--package");
  const siteDir = arg(argv, "--site");
  if (!packageDir || !siteDir) {
    console.error("usage: node www/serve.mjs --package DIR --site DIR");
    process.exit(2);
  }
  const demo = await startDemo({ packageDir, siteDir });
  console.log(`simulator: ${demo.simUrl}`);
  console.log(`page: ${demo.pageUrl}`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
