// Where an import's evaluation goes, by source file (issue 32): the entry bundled by esbuild with
// its dependencies, unminified so that each module's code follows a `// path` line, gets a
// process.cpuUsage() mark at each such line; fresh processes import it, and the CPU between one
// mark and the next is that file's top-level code. Compiling the file and Node's loader are not in
// it (cold-start.mjs measures the whole); the last file's figure includes the process's exit.
//   node bench/import-sections.mjs [--runs=21] [--entry=src/index.ts]
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { median } from "./measure.mjs";
import { ROOT, SCRATCH } from "./target.mjs";

let runs = 21;
let entry = join(ROOT, "src", "index.ts");
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith("--runs=")) runs = Number(arg.slice(7));
  else if (arg.startsWith("--entry=")) entry = resolve(arg.slice(8));
  else throw new Error(`unknown argument ${arg}; see the top of bench/import-sections.mjs`);
}

const { outputFiles } = await build({ entryPoints: [entry], bundle: true, write: false, format: "esm", platform: "node", target: "node20", logLevel: "error" });
const SECTION = /^\/\/ (\S+\.[cm]?[jt]s)$/;
const lines = ['const __marks = []; const __mark = (name) => { const { user, system } = process.cpuUsage(); __marks.push([name, user + system]); };'];
lines.push('process.on("exit", () => { __mark(""); process.stdout.write(JSON.stringify(__marks)); });');
for (const line of outputFiles[0].text.split("\n")) {
  const section = SECTION.exec(line)?.[1];
  // A package by its name; the SDK's own files from src/ or generated/, wherever the entry's copy is.
  if (section) lines.push(`__mark(${JSON.stringify(section.replace(/^.*node_modules\//, "").replace(/^(?:\.\.\/|[\w.-]+\/)*?((?:src|generated)\/)/, "$1"))});`);
  lines.push(line);
}
mkdirSync(SCRATCH, { recursive: true });
const file = join(SCRATCH, "import-sections.mjs");
writeFileSync(file, lines.join("\n"));

const bySection = new Map();
for (let run = 0; run < runs; run++) {
  const child = spawnSync(process.execPath, [pathToFileURL(file).pathname], { encoding: "utf8", timeout: 10_000 });
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  const marks = JSON.parse(child.stdout);
  for (let i = 0; i < marks.length - 1; i++) {
    const [name, at] = marks[i];
    bySection.set(name, [...(bySection.get(name) ?? []), (marks[i + 1][1] - at) / 1000]);
  }
}
const rows = [...bySection].map(([name, ms]) => [name, median(ms)]).sort((a, b) => b[1] - a[1]);
const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
console.log(`Evaluating ${entry.replace(ROOT, "")} by source file (median CPU of ${runs} fresh processes)`);
for (const [name, ms] of rows.filter(([, ms]) => ms >= 0.05)) console.log(`${ms.toFixed(2).padStart(7)} ms  ${name}`);
console.log(`${total.toFixed(2).padStart(7)} ms  in all (the sum of the medians, files under 0.05 ms included)`);
const byOrigin = new Map();
for (const [name, ms] of rows) byOrigin.set(name.split("/")[0], (byOrigin.get(name.split("/")[0]) ?? 0) + ms);
console.log(`by origin: ${[...byOrigin].map(([origin, ms]) => `${origin} ${ms.toFixed(2)} ms`).join(", ")}`);
