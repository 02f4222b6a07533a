// Cold start: how long a fresh Node process takes to import the package, against one that imports
// nothing and one that imports only openapi-fetch. Each probe is its own process; probes are
// interleaved run by run so drift in the machine's load hits them all alike. Two figures per probe:
// the process's wall time from spawn to exit, and performance.now() when its module finished
// evaluating (time since the process started, without spawn and exit). And the figure that holds on
// a loaded machine: the CPU the process itself spent (user + system, process.cpuUsage() as it
// exits), over the bare process of the same round, the median of those paired differences.
//   node bench/cold-start.mjs [--runs=41] [--probe=name=path/to/entry.js …]   (A/B of builds)
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
  lines.push("const ready = performance.now();");
  lines.push('process.on("exit", () => { const { user, system } = process.cpuUsage(); process.stdout.write(JSON.stringify({ ready, cpuMs: (user + system) / 1000 })); });');
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

export function measureColdStart(targets, { runs, timeLimitMs }, list = coldStartProbes(targets)) {
  mkdirSync(SCRATCH, { recursive: true });
  const probes = list.map((probe, i) => ({ ...probe, file: writeProbe(`probe${i}`, probe.imports), wallMs: [], readyMs: [], cpuMs: [] }));
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
      const { ready, cpuMs } = JSON.parse(child.stdout);
      probe.wallMs.push(wall);
      probe.readyMs.push(ready);
      probe.cpuMs.push(cpuMs);
    }
    completed++;
  }
  return {
    runs: completed,
    probes: probes.map(({ name, shipped = false, wallMs, readyMs, cpuMs }) => ({
      name,
      shipped,
      wallMs: median(wallMs),
      readyMs: median(readyMs),
      cpuMs: median(cpuMs),
      // Paired: this probe's CPU minus the bare process's of the same round.
      cpuOverBareMs: median(cpuMs.map((cpu, run) => cpu - probes[0].cpuMs[run])),
    })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { coldStartTable } = await import("./report.mjs");
  const { availableParallelism, loadavg } = await import("node:os");
  const { resolve } = await import("node:path");
  let runs = 41;
  const probes = [{ name: "bare node", imports: [] }];
  for (const arg of process.argv.slice(2)) {
    if (arg.startsWith("--runs=")) runs = Number(arg.slice(7));
    else if (arg.startsWith("--probe=")) {
      const [name, path] = arg.slice(8).split(/=(.*)/s);
      probes.push({ name, imports: [pathToFileURL(resolve(path)).href] });
    } else throw new Error(`unknown argument ${arg}; see the top of bench/cold-start.mjs`);
  }
  const load = () => loadavg().map((value) => value.toFixed(1)).join(" ");
  console.log(`load average before: ${load()} (${availableParallelism()} cores)`);
  console.log(coldStartTable(measureColdStart({}, { runs, timeLimitMs: 30 * 60_000 }, probes)));
  console.log(`load average after: ${load()}`);
}
