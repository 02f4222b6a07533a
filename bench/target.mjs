// Which SDK code is measured. Per-call and memory runs use the built package (dist/, found
// through package.json) when it exists, else src/index.ts bundled by esbuild with its
// dependencies left as imports. The bundling decision is weighed on three esbuild builds of the
// same source, whatever dist/ currently does: dependencies external, zod inlined with
// openapi-fetch external, and everything in one file.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Scratch output, gitignored; inside the repository so bare imports resolve to node_modules. */
export const SCRATCH = join(ROOT, ".tmp", "bench");
const RUNTIME_DEPENDENCIES = ["openapi-fetch", "zod"];

/** The ESM entry of the built package, if there is one. */
export function builtEntry() {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const dot = typeof pkg.exports === "string" ? pkg.exports : (pkg.exports?.["."] ?? pkg.exports);
  const pick = (value) => (typeof value === "string" ? value : value && (pick(value.import) ?? pick(value.default)));
  for (const candidate of [pick(dot), pkg.module, "dist/index.js", "dist/index.mjs"]) {
    if (typeof candidate !== "string" || !/^(\.\/)?dist\/.*\.m?js$/.test(candidate)) continue;
    const file = join(ROOT, candidate);
    if (existsSync(file)) return file;
  }
  return undefined;
}

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true })) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  return newest;
}

/** Which runtime dependencies a built file still imports (the rest it has inlined). */
function importedDependencies(file) {
  const code = readFileSync(file, "utf8");
  return RUNTIME_DEPENDENCIES.filter((name) => new RegExp(`from\\s*["']${name}(/[^"']*)?["']|import\\s*["']${name}(/[^"']*)?["']`).test(code));
}

/** `external`: true leaves every package out of the file; an array leaves out those named. */
async function bundle(entry, outfile, { external }) {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: external === true ? "external" : undefined,
    external: Array.isArray(external) ? external : undefined,
    logLevel: "error",
  });
  return outfile;
}

/** An experimental copy of src/ (its index.ts), bundled like the unbuilt package, for A/B runs. */
export function bundleVariant(entry, name) {
  return bundle(entry, join(SCRATCH, `variant-${name}.mjs`), { external: true });
}

/**
 * @param sourceEntry a TypeScript entry to measure instead of the package (an experimental copy).
 * @returns `measured` (the file per-call and memory runs import), `source` (the TypeScript entry),
 *   `built` (dist's entry, if measured) and the three build variants.
 */
export async function prepareTargets({ sourceEntry } = {}) {
  const source = sourceEntry ?? join(ROOT, "src", "index.ts");
  const built = sourceEntry ? undefined : builtEntry();
  const variants = {
    external: await bundle(source, join(SCRATCH, "sdk-external.mjs"), { external: true }),
    zodBundled: await bundle(source, join(SCRATCH, "sdk-zod-bundled.mjs"), { external: ["openapi-fetch"] }),
    bundled: await bundle(source, join(SCRATCH, "sdk-bundled.mjs"), { external: false }),
  };
  let description;
  if (built) {
    const imported = importedDependencies(built);
    const stale = newestMtime(join(ROOT, "src")) > statSync(built).mtimeMs;
    description =
      `built package ${relative(ROOT, built)} (${imported.length ? `imports ${imported.join(" and ")}` : "dependencies bundled in"})` +
      (stale ? "; older than src/, rebuild for current figures" : "");
  } else {
    description = `${relative(ROOT, source)} bundled by esbuild, dependencies external${sourceEntry ? " (experimental copy)" : " (no dist/ yet)"}`;
  }
  return { measured: built ?? variants.external, built, source, variants, description };
}
