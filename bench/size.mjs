// Bundle size: what the package adds to an application bundled with esbuild, dependencies
// included, minified, then gzipped at level 9. Also per operation (an app that calls one method),
// which shows whether tree-shaking can drop the others, and where the bytes come from.
import { gzipSync } from "node:zlib";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { loadContract } from "./scenarios.mjs";
import { ROOT } from "./target.mjs";

async function measure(contents, external = []) {
  const result = await build({
    external,
    stdin: { contents, resolveDir: ROOT, loader: "js", sourcefile: "app.mjs" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const code = result.outputFiles[0].contents;
  return { minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength, metafile: result.metafile };
}

/** Which part of the bundle an input file belongs to. */
function partOf(input) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match) return match[1];
  if (input.includes("generated/")) return "generated/ (zod schemas)";
  return "sdk (src/)";
}

export async function measureSize(targets) {
  const sdk = JSON.stringify(targets.source);
  const from = relative(ROOT, targets.source);
  const entries = [
    ...(targets.built ? [{ name: `built package ${relative(ROOT, targets.built)} (export *)`, contents: `export * from ${JSON.stringify(targets.built)};` }] : []),
    { name: `${from}: whole entry (export *)`, contents: `export * from ${sdk};`, breakdown: true },
    ...loadContract().operations.map((op) => ({
      name: `${from}: only ${op.sdkMethod.resource}.${op.sdkMethod.method}`,
      contents: `import { PayWise } from ${sdk};\nexport const call = (o, p) => new PayWise(o).${op.sdkMethod.resource}.${op.sdkMethod.method}(p);`,
    })),
    // Beside the main entry in an app that traces: @opentelemetry/api is the app's own (a peer).
    { name: "src/observability.ts: observability entry, @opentelemetry/api external", contents: `export * from ${JSON.stringify(join(ROOT, "src", "observability.ts"))};`, external: ["@opentelemetry/api"] },
    { name: "contract schemas alone (generated/ + zod/mini)", contents: `export * from ${JSON.stringify(join(ROOT, "generated", "current.ts"))};` },
    { name: "openapi-fetch alone", contents: `export { default } from "openapi-fetch";` },
    { name: "ky alone", contents: `export { default } from "ky";` },
  ];
  const rows = [];
  let breakdown;
  for (const entry of entries) {
    const { minBytes, gzipBytes, metafile } = await measure(entry.contents, entry.external);
    rows.push({ name: entry.name, minBytes, gzipBytes });
    if (entry.breakdown) {
      const parts = {};
      const output = Object.values(metafile.outputs)[0];
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const part = partOf(relative(ROOT, input) || input);
        parts[part] = (parts[part] ?? 0) + bytesInOutput;
      }
      breakdown = Object.entries(parts)
        .map(([part, bytes]) => ({ part, minBytes: bytes }))
        .sort((a, b) => b.minBytes - a.minBytes);
    }
  }
  return { rows, breakdown };
}
