// The first JavaScript example of each README (the repository's and the npm package's)
// as TypeScript files, so that tsc --strict checks them as a user would paste them: a
// README snippet is a promise. Writes readme-<n>.ts into the current folder and a
// tsconfig.readme.json (strict, Node ESM, Node's types) listing them.
//
//   node readme-snippets.mjs README.md pkg-template/README.md
import { readFileSync, writeFileSync } from "node:fs";

const files = [];
for (const [i, path] of process.argv.slice(2).entries()) {
  const text = readFileSync(path, "utf8");
  const block = /```js\n([\s\S]*?)```/.exec(text);
  if (!block) throw new Error(`${path}: no \`\`\`js example`);
  const name = `readme-${i + 1}.ts`;
  // A module of its own (top-level await needs one), marked with where it came from.
  writeFileSync(name, `// The first example of ${path}, verbatim.\n${block[1]}\nexport {};\n`);
  files.push(name);
}
const config = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: "es2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    lib: ["es2022"],
    types: ["node"],
  },
  files,
};
writeFileSync("tsconfig.readme.json", JSON.stringify(config, null, 2));
console.log(`${files.length} README examples: ${files.join(", ")}`);
