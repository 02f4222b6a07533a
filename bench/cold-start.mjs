// Cold start: how long a fresh Node process takes to import the package, against one that imports
// nothing and one that imports only openapi-fetch. Each probe is its own process; probes are
// interleaved run by run so drift in the machine's load hits them all alike. Two figures per probe:
// the process's wall time from spawn to exit, and performance.now() when its module finished
// evaluating (time since the process started, without spawn and exit).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { median } from "./measure.mjs";
import { SCRATCH } from "./target.mjs";

/** A probe that has not exited by then is broken, not slow. */
const PROBE_TIME_LIMIT_MS = 10_000;

function writeProbe(name, imports) {
  const file = join(SCRATCH, `cold-${name}.mjs`);
  const lines = imports.map((specifier) => `import ${JSON.stringify(specifier)};`);
  lines.push("process.stdout.write(String(performance.now()));");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Probe names and what each imports, in table order. */
export function coldStartProbes(targets) {
  const probes = [
    { name: "bare node", imports: [] },
    { name: "openapi-fetch", imports: ["openapi-fetch"] },
    { name: "openapi-fetch + zod/mini", imports: ["openapi-fetch", "zod/mini"] },
  ];
  if (targets.built) probes.push({ name: "sdk as built (dist/)", imports: [pathToFileURL(targets.built).href], shipped: true });
  probes.push(
    { name: "sdk, deps external", imports: [pathToFileURL(targets.variants.external).href], shipped: !targets.built },
    { name: "sdk, zod bundled, openapi-fetch external", imports: [pathToFileURL(targets.variants.zodBundled).href] },
    { name: "sdk, deps bundled", imports: [pathToFileURL(targets.variants.bundled).href] },
  );
  return probes;
}

export function measureColdStart(targets, { runs, timeLimitMs }) {
  mkdirSync(SCRATCH, { recursive: true });
  const probes = coldStartProbes(targets).map((probe, i) => ({ ...probe, file: writeProbe(`probe${i}`, probe.imports), wallMs: [], readyMs: [] }));
  const deadline = performance.now() + timeLimitMs;
  // One unmeasured pass warms the file cache.
  for (const probe of probes) spawnSync(process.execPath, [probe.file], { timeout: PROBE_TIME_LIMIT_MS });
  let completed = 0;
  for (let run = 0; run < runs && performance.now() < deadline; run++) {
    const order = probes.map((_, i) => probes[(i + run) % probes.length]);
    for (const probe of order) {
      const started = performance.now();
      const child = spawnSync(process.execPath, [probe.file], { encoding: "utf8", timeout: PROBE_TIME_LIMIT_MS });
      const wall = performance.now() - started;
      if (child.status !== 0) throw new Error(`cold-start probe "${probe.name}" failed: ${child.stderr}`);
      probe.wallMs.push(wall);
      probe.readyMs.push(Number(child.stdout));
    }
    completed++;
  }
  return {
    runs: completed,
    probes: probes.map(({ name, shipped = false, wallMs, readyMs }) => ({ name, shipped, wallMs: median(wallMs), readyMs: median(readyMs) })),
  };
}
