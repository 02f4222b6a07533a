// The fake's budget (issue 20, docs/PERFORMANCE.md): how long a test file of 100 calls through the
// fake, faults included, takes under vitest on this machine. Runs bench/fake/hundred-calls.test.ts
// with vitest `--reporter=json` a few times and reports the file's own duration (what vitest shows
// for the file) and the whole vitest process (its startup and TypeScript transform included).
//   node bench/fake/suite.mjs [--runs=5]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FILE = "bench/fake/hundred-calls.test.ts";
const runs = Number(process.argv.find((arg) => arg.startsWith("--runs="))?.slice(7) ?? 5);
const BUDGET_MS = 1_000;

const temp = mkdtempSync(join(tmpdir(), "paywise-fake-bench-"));
const fileMs = [];
const processMs = [];
const testsMs = [];
const cpuMs = [];
try {
  for (let run = 0; run < runs; run++) {
    const report = join(temp, `run-${run}.json`);
    const started = performance.now();
    const result = spawnSync(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", FILE, "--config=bench/fake/vitest.config.mjs", "--reporter=json", `--outputFile=${report}`], {
      cwd: ROOT,
      env: { ...process.env, PAYWISE_FAKE_BENCH_OUT: join(temp, `cpu-${run}.json`) },
      encoding: "utf8",
      timeout: 120_000,
    });
    processMs.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`vitest failed:\n${result.stdout}\n${result.stderr}`);
    const json = JSON.parse(readFileSync(report, "utf8"));
    const [file] = json.testResults;
    if (json.numPassedTests !== 100) throw new Error(`expected 100 passing calls, got ${json.numPassedTests}`);
    fileMs.push(file.endTime - file.startTime);
    cpuMs.push(JSON.parse(readFileSync(join(temp, `cpu-${run}.json`), "utf8")).cpuMs);
    testsMs.push(file.assertionResults.reduce((sum, test) => sum + (test.duration ?? 0), 0));
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
console.log(`fake PayWise, a test file of 100 calls (faults included), ${runs} runs, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"})`);
console.log(`  the test file (vitest's own duration for it): ${fmt(fileMs)}`);
console.log(`  its 100 tests alone (the sum of their durations):  ${fmt(testsMs)}`);
console.log(`  CPU time of the 100 tests (user + system, in the worker):  ${fmt(cpuMs)}`);
console.log(`  the whole vitest process (startup, transform, the file):  ${fmt(processMs)}`);
console.log(`  load average at the end: ${loadavg().map((load) => load.toFixed(1)).join(", ")}`);
console.log(`  budget: the test file under ${BUDGET_MS} ms: ${median(fileMs) < BUDGET_MS ? "PASS" : "MISS"} (wall time; on a loaded machine read the CPU time too)`);
