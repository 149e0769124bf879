// The TypeScript consumer's all-exports.ts must name every export of the installed
// index.d.ts (values and types) in its imports from "wa-groups", and use each of them
// beyond the import line, so a new export cannot go untested; likewise testing.ts for
// testing.d.ts and "wa-groups/testing". Exits 0 when it does.
//
//   node check-ts-exports.mjs INDEX_D_TS ALL_EXPORTS_TS [MODULE = wa-groups]
import { readFileSync } from "node:fs";

const [dts, consumer, specifier = "wa-groups"] = process.argv.slice(2);
if (!dts || !consumer) {
  console.error("usage: node check-ts-exports.mjs INDEX_D_TS ALL_EXPORTS_TS [MODULE]");
  process.exit(2);
}
// INDEX_D_TS may be several files, comma-separated (an entry and the files it re-exports
// whole); `export { A, B } from "…"` lists count as exports too.
const declared = new Set(
  dts.split(",").flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const own = [...text.matchAll(/^export\s+(?:declare\s+)?(?:abstract\s+)?(?:type|interface|class|function|const|let|enum)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
    const listed = [...text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"[^"]+";/gm)].flatMap((m) =>
      m[1]
        .split(",")
        .map((n) =>
          n
            .trim()
            .split(/\s+as\s+/)
            .pop(),
        )
        .filter(Boolean),
    );
    return [...own, ...listed];
  }),
);
const source = readFileSync(consumer, "utf8");
const quoted = specifier.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const imports = [...source.matchAll(new RegExp(`^import\\s+(?:type\\s+)?\\{([^}]*)\\}\\s+from\\s+"${quoted}";`, "gm"))];
const imported = new Set(
  imports.flatMap((m) =>
    m[1]
      .split(",")
      .map((s) => s.trim().split(/\s+as\s+/)[0])
      .filter(Boolean),
  ),
);
// The source without its import statements: every name must appear there too.
const body = imports.reduce((text, m) => text.replace(m[0], ""), source);

const problems = [];
if (declared.size === 0) problems.push(`no exports found in ${dts}`);
for (const name of declared) {
  if (!imported.has(name)) problems.push(`${name} is exported by ${dts} but not imported by ${consumer}`);
  else if (!new RegExp(`\\b${name.replace(/\$/g, "\\$")}\\b`).test(body)) problems.push(`${name} is imported but never used`);
}
for (const name of imported) if (!declared.has(name)) problems.push(`${name} is imported but ${dts} does not export it`);
for (const p of problems) console.log(`FAILED: ${p}`);
if (problems.length) process.exit(1);
console.log(`ok: ${consumer} imports and uses all ${declared.size} exports of ${dts} (from "${specifier}")`);
