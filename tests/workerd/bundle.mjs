// node bundle.mjs PROJECT_DIR [CONFIG OUTDIR]: bundles a Worker project with wrangler
// (see bundleWorker in harness.mjs), into PROJECT_DIR/dist unless told otherwise, and
// prints what it wrote.
import { join } from "node:path";
import { bundleWorker, canRunOffline } from "./harness.mjs";

const [projectDir, config, outdir] = process.argv.slice(2);
if (!projectDir) throw new Error("usage: node bundle.mjs PROJECT_DIR [CONFIG OUTDIR]");
const { scriptPath, output } = await bundleWorker({
  projectDir,
  ...(config ? { config: join(projectDir, config), outdir: join(projectDir, outdir) } : {}),
});
if (process.env.WA_GROUPS_WORKERD_VERBOSE) console.log(output.trim());
console.log(`${scriptPath}${canRunOffline() ? " (bundled with no network at all: unshare -n)" : ""}`);
