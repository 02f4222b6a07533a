#!/usr/bin/env node
// Checks the built package before anyone installs it (issue 5): publint (strict) and
// arethetypeswrong find no problem, dist/ imports exactly the runtime dependencies package.json
// declares (the bundling switch in tsdown.config.ts and package.json have to agree), the spec export
// is the contract the build speaks, dist/ holds no source maps or paths of this machine, and its
// declarations carry no bundled zod or openapi-fetch types.
// Needs `npm run build` first.
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { hoverDocs, publicTypeNames } from "./lib/hover-docs.mjs";
import { builtContractVersion, main, REPO_ROOT, repoPackage, run } from "./lib/package-fixture.mjs";

const bin = (name) => join(REPO_ROOT, "node_modules", ".bin", name);

/**
 * attw checks every entry of the exports map as a module. `./openapi.yaml` is not one: it is a data
 * file for tools, read through require.resolve / import.meta.resolve, never imported, so it has no
 * types to resolve and "Resolution failed" there is not a problem. Every module entry point is
 * checked in all four resolution modes, node10 included (package.json's typesVersions serves it).
 */
const ATTW_EXCLUDED_ENTRYPOINTS = ["./openapi.yaml"];

const distFiles = () => readdirSync(join(REPO_ROOT, "dist")).map((name) => join("dist", name));

/** The package names a built file imports or requires, without node: built-ins and relative paths. */
function importedPackages(file) {
  const code = readFileSync(join(REPO_ROOT, file), "utf8");
  const specifiers = [
    ...code.matchAll(/\bfrom\s+["']([^"']+)["']/g),
    ...code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
    ...code.matchAll(/\bimport\s+["']([^"']+)["']/g),
    ...code.matchAll(/\brequire\s*\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1]);
  const builtins = new Set(builtinModules);
  return specifiers
    .filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("node:") && !builtins.has(specifier))
    .map((specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/"));
}

/**
 * The optional peer dependencies, and the one built entry each may be imported from: msw only by
 * @paywise/sdk/testing/msw (src/testing/msw.ts), so that no other entry fails without it.
 */
const OPTIONAL_PEER_ENTRIES = { msw: /^dist\/testing-msw\.(js|cjs|d\.ts|d\.cts)$/ };

function checkDependencies() {
  const declared = new Set(Object.keys(repoPackage.dependencies ?? {}));
  const imported = new Map();
  for (const file of distFiles()) {
    for (const name of importedPackages(file)) imported.set(name, [...(imported.get(name) ?? []), file]);
  }
  const problems = [];
  // An optional peer dependency (@opentelemetry/api) may be imported by a subpath entry's own
  // file only: never by the main entry, nor by a shared chunk the main entry may load.
  const peers = new Set(Object.keys(repoPackage.peerDependencies ?? {}));
  const subpathEntries = new Set(
    Object.entries(repoPackage.exports ?? {})
      .filter(([subpath, target]) => subpath !== "." && typeof target === "object")
      // Its declarations too: a type the entry takes from the peer (msw's HttpHandler) is imported there.
      .flatMap(([, target]) => Object.values(target).flatMap((condition) => [condition.default, condition.types].filter(Boolean).map((file) => file.replace(/^\.\//, "")))),
  );
  for (const [name, files] of imported) {
    if (peers.has(name)) {
      // msw has one entry of its own (OPTIONAL_PEER_ENTRIES): not even another subpath entry may load it.
      const own = OPTIONAL_PEER_ENTRIES[name];
      const elsewhere = files.filter((file) => !subpathEntries.has(file) || (own !== undefined && !own.test(file)));
      if (elsewhere.length > 0) problems.push(`${elsewhere.join(", ")} import the peer dependency ${name}: only ${own ? "its own entry" : "a subpath entry's own file"} may, so no other entry loads it.`);
      continue;
    }
    if (!declared.has(name)) {
      problems.push(`dist imports ${name} (${files.join(", ")}) but package.json does not list it in "dependencies": users would get "Cannot find module".`);
    }
  }
  for (const name of declared) {
    if (!imported.has(name)) {
      problems.push(
        `package.json lists ${name} in "dependencies" but dist never imports it (inlined by the bundling switch in tsdown.config.ts?): move it to devDependencies.`,
      );
    } else if (!/^\^\d/.test(repoPackage.dependencies[name])) {
      problems.push(`dependency ${name}@${repoPackage.dependencies[name]} should be a caret range, so users' installs can dedupe it.`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return [...imported.keys()];
}

function checkSpecExport(contractVersion) {
  const expected = `./openapi/pw-wrappers.${contractVersion}.yaml`;
  const actual = repoPackage.exports?.["./openapi.yaml"];
  if (actual !== expected) {
    throw new Error(`exports["./openapi.yaml"] is ${JSON.stringify(actual)}, but the build speaks contract ${contractVersion}: point it at ${expected}.`);
  }
  if (!(repoPackage.files ?? []).includes(expected.slice(2))) {
    throw new Error(`"files" in package.json does not ship ${expected.slice(2)}.`);
  }
}

function checkNothingLeaks() {
  const problems = [];
  for (const file of distFiles()) {
    if (file.endsWith(".map")) problems.push(`${file}: a source map`);
    const text = readFileSync(join(REPO_ROOT, file), "utf8");
    if (text.includes("sourceMappingURL")) problems.push(`${file}: links a source map`);
    if (text.includes(REPO_ROOT)) problems.push(`${file}: contains this machine's path to the repository`);
    // src/version.ts imports package.json's version alone; the rest of the file must not ship.
    if (text.includes("devDependencies")) problems.push(`${file}: bundles package.json whole (import only its \`version\`)`);
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

/**
 * Names that only a bundled copy of a dependency's declarations would bring into dist/*.d.ts: zod's
 * schema types and openapi-fetch's client (tsdown.config.ts keeps them out with stripInternal).
 * Users' editors would otherwise show pages of zod internals, and their own zod could clash.
 */
const FOREIGN_DECLARATIONS = [/\$ZodType\b/, /\bZodMiniType\b/, /\binterface Client<Paths\b/, /\bFetchOptions\b/, /\bopenapi-typescript-helpers\b/];

function checkDeclarationsAreOwn() {
  const problems = [];
  for (const file of distFiles().filter((name) => /\.d\.c?ts$/.test(name))) {
    const text = readFileSync(join(REPO_ROOT, file), "utf8");
    // tsdown marks each bundled source with a region comment: one from node_modules is a dependency's.
    for (const [, source] of text.matchAll(/^\/\/#region (.*node_modules\/.*)$/gm)) problems.push(`${file}: bundles the declarations of ${source.replace(/^.*node_modules\//, "")}`);
    for (const pattern of FOREIGN_DECLARATIONS) if (pattern.test(text)) problems.push(`${file}: declares ${pattern.source.replace(/\\[bs$]/g, "")}, a dependency's type`);
  }
  if (problems.length > 0) {
    throw new Error(`${problems.join("\n")}\nThe public declarations must name only the package's own types: mark what leads to them @internal (see tsdown.config.ts).`);
  }
}

/**
 * Every field of each method's Params and Result shows on hover from dist/ what it shows from src/
 * (its doc comment from the contract), read through the TypeScript language service.
 */
function checkHoverDocs(contractVersion) {
  const types = publicTypeNames(join(REPO_ROOT, "generated", `pw-wrappers.${contractVersion}`, "resources.ts"));
  if (types.length === 0) throw new Error("found no method's Params and Result types in the generated resources");
  const fromSource = hoverDocs(join(REPO_ROOT, "src"), "./index", types);
  const built = hoverDocs(join(REPO_ROOT, "dist"), "./index.js", types);
  const lost = [...fromSource].filter(([field, text]) => built.get(field) !== text).map(([field, text]) => `${field}: shows ${JSON.stringify(built.get(field) ?? "")}, not ${JSON.stringify(text)}`);
  if (lost.length) throw new Error(`${lost.length} field(s) of the published types lose their description on hover:\n  ${lost.join("\n  ")}`);
  const documented = [...fromSource.values()].filter(Boolean).length;
  if (documented === 0) throw new Error("no field of the Params and Result types has a description: the check would prove nothing");
  return { types: types.length, fields: fromSource.size, documented };
}

/** The files of dist/ that `file` loads, itself included, following its relative imports. */
function loadedBy(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(REPO_ROOT, file), "utf8");
  for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.\/[^"']+)["']/g)) loadedBy(join("dist", specifier.slice(2)), seen);
  return seen;
}

/**
 * package.json's bin `paywise` is dist/cli.js, which a shell runs by its first line; and it is a
 * build of its own (issue 23): no file the SDK's entry points load imports it or holds its code.
 */
function checkBin() {
  const bin = repoPackage.bin?.paywise;
  if (bin !== "./dist/cli.js" || Object.keys(repoPackage.bin ?? {}).length !== 1) throw new Error(`package.json "bin" must be { "paywise": "./dist/cli.js" } (one bin, so that npx @paywise/sdk runs it), not ${JSON.stringify(repoPackage.bin)}`);
  const cliFiles = loadedBy("dist/cli.js");
  if (!readFileSync(join(REPO_ROOT, "dist/cli.js"), "utf8").startsWith("#!/usr/bin/env node\n")) throw new Error("dist/cli.js does not start with #!/usr/bin/env node");
  const entries = Object.values(repoPackage.exports).flatMap((target) => (typeof target === "object" ? Object.values(target).map((value) => value.default) : [])).filter((file) => /\.c?js$/.test(file ?? ""));
  const sdkFiles = new Set(entries.flatMap((entry) => [...loadedBy(entry.replace(/^\.\//, ""))]));
  const problems = [...sdkFiles].filter((file) => cliFiles.has(file) || readFileSync(join(REPO_ROOT, file), "utf8").includes("paywise doctor"));
  if (problems.length) throw new Error(`the SDK's entry points load the command line's code: ${problems.join(", ")}`);
  return { cliFiles: cliFiles.size, sdkFiles: sdkFiles.size };
}

await main("check-package", async ({ step }) => {
  const contractVersion = await builtContractVersion();
  await step("publint --strict", () => run(bin("publint"), ["--strict"]));
  await step(`attw --pack . (all resolution modes; not a module: ${ATTW_EXCLUDED_ENTRYPOINTS.join(", ")})`, () =>
    run(bin("attw"), ["--pack", ".", "--format", "table-flipped", "--exclude-entrypoints", ...ATTW_EXCLUDED_ENTRYPOINTS]),
  );
  await step("dist imports exactly the dependencies package.json declares", () => {
    const imported = checkDependencies();
    console.log(`  dist imports: ${imported.join(", ") || "nothing outside Node"}`);
  });
  await step(`exports["./openapi.yaml"] is contract ${contractVersion}`, () => checkSpecExport(contractVersion));
  await step("dist has no source maps and no machine paths", checkNothingLeaks);
  await step("bin paywise is dist/cli.js with its shebang, and no SDK entry point loads it", () => {
    const { cliFiles, sdkFiles } = checkBin();
    console.log(`  the bin loads ${cliFiles} file(s) of dist/, the SDK's entry points ${sdkFiles}, none in common`);
  });
  await step("the declarations carry no bundled zod or openapi-fetch types", checkDeclarationsAreOwn);
  await step("every field of the Params and Result types shows its description on hover", () => {
    const { types, fields, documented } = checkHoverDocs(contractVersion);
    console.log(`  ${types} types, ${fields} fields, ${documented} with a description, all shown from dist/ as from src/`);
  });
});
