// Every relative link in the project's Markdown files names a file or folder that exists,
// and so does every file named in code (`docs/operations.md`, `api-contract.md`): a
// README that points at something missing is a broken promise. Paths with a folder
// resolve from the Markdown file's folder or the repository's root; a bare file name must
// be some file of the repository. Prints each broken one (file:line → target) and exits
// non-zero when there is one.
//
//   node scripts/check-links.mjs
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
const files = tracked.filter((f) => f.endsWith(".md"));
const names = new Set(tracked.map((f) => f.split("/").pop()));
// Files named in code spans: a path of word characters ending in a project file type.
const FILE_IN_CODE = /`((?:[\w.-]+\/)*[\w.-]+\.(?:md|rs|mjs|js|cjs|ts|sh|toml|json|html|css))`/g;
// Names of files generated at build time, or of a consumer project's defaults (webpack's
// `src/index.js`), not files of this repository; and a span that says it is elsewhere.
const ELSEWHERE =
  /^(?:pkg\/|target\/|node_modules\/|~|\.\.\/)|^(?:wa_groups(?:_bg|_wasm)?\.(?:js|wasm)|package-lock\.json|tsconfig\.readme\.json|readme-\d\.ts|config\.json|worker\.js|src\/index\.js|dist\/main\.js)$/;
const SAYS_ELSEWHERE = /Z-API's|its docs repository|the shared|libphonenumber-js's/;
// The gateway references cite the files of the gateways' own documentation repositories.
const CITES_OTHER_REPOSITORIES = new Set(["docs/wire-reference.md", "docs/errors.md"]);
const broken = [];
let checked = 0;
for (const file of files) {
  if (file.startsWith("fuzz/corpus/")) continue;
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) return;
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
      const path = decodeURIComponent(target.split("#")[0]);
      checked++;
      if (!existsSync(resolve(root, dirname(file), path))) broken.push(`${file}:${i + 1} → ${target}`);
    }
    for (const m of CITES_OTHER_REPOSITORIES.has(file) ? [] : line.matchAll(FILE_IN_CODE)) {
      const target = m[1];
      const before = line.slice(Math.max(0, m.index - 40), m.index);
      if (ELSEWHERE.test(target) || SAYS_ELSEWHERE.test(before)) continue;
      checked++;
      const found = target.includes("/") ? existsSync(resolve(root, dirname(file), target)) || existsSync(resolve(root, target)) : names.has(target);
      if (!found) broken.push(`${file}:${i + 1} → \`${target}\``);
    }
  });
}
for (const b of broken) console.error(`broken link: ${b}`);
console.log(`${checked} relative links and file names in ${files.length} Markdown files: ${broken.length} broken`);
process.exit(broken.length ? 1 : 0);
