// npm run bench: per-call overhead, cold start, bundle size and memory, with the budgets.
//   node bench/run.mjs            full run (a few minutes)
//   node bench/run.mjs --short    same code paths with tiny counts, for CI: proves it runs
//   --only=calls,cold,size,memory  a subset
//   --sdk=.tmp/x/src/index.ts     measure an experimental copy of src/ instead of the package
//   --json=file                   also write the raw results
// Only 127.0.0.1 is contacted. The exit code reports errors, never a missed budget.
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { resolve } from "node:path";
import { runChild } from "./child.mjs";
import { measureColdStart } from "./cold-start.mjs";
import { budgetLines, callsTables, coldStartTable, memoryTable, sizeTable, summariseCalls } from "./report.mjs";
import { CLIENTS } from "./scenarios.mjs";
import { startServer } from "./server.mjs";
import { measureSize } from "./size.mjs";
import { prepareTargets } from "./target.mjs";

const SETTINGS = {
  full: {
    calls: { warmupCalls: 300, rounds: 7, sequential: 300, concurrent: 1000, concurrency: 50, batchTimeLimitMs: 20_000, timeLimitMs: 20 * 60_000 },
    cold: { runs: 31, timeLimitMs: 5 * 60_000 },
    memory: { batches: 5, callsPerBatch: 10_000, concurrency: 50, batchTimeLimitMs: 120_000, timeLimitMs: 15 * 60_000 },
  },
  short: {
    calls: { warmupCalls: 10, rounds: 2, sequential: 10, concurrent: 100, concurrency: 50, batchTimeLimitMs: 5_000, timeLimitMs: 180_000 },
    cold: { runs: 3, timeLimitMs: 20_000 },
    memory: { batches: 3, callsPerBatch: 200, concurrency: 50, batchTimeLimitMs: 5_000, timeLimitMs: 30_000 },
  },
};
const MEMORY_CLIENTS = ["fetch", "sdk"];

function parseArgs(argv) {
  const args = { short: false, only: ["size", "cold", "calls", "memory"], sdk: undefined, json: undefined };
  for (const arg of argv) {
    if (arg === "--short") args.short = true;
    else if (arg.startsWith("--only=")) args.only = arg.slice(7).split(",");
    else if (arg.startsWith("--sdk=")) args.sdk = resolve(arg.slice(6));
    else if (arg.startsWith("--json=")) args.json = resolve(arg.slice(7));
    else throw new Error(`unknown argument ${arg}; see the top of bench/run.mjs`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const settings = args.short ? SETTINGS.short : SETTINGS.full;
const started = performance.now();
const say = (text = "") => process.stdout.write(text + "\n");
const note = (text) => process.stderr.write(text + "\n");

const targets = await prepareTargets({ sourceEntry: args.sdk });
say(`@paywise/sdk benchmark (${args.short ? "--short: tiny counts, figures not meaningful" : "full run"})`);
say(`machine: node ${process.version}, ${availableParallelism()} cores, ${cpus()[0]?.model ?? "unknown CPU"}`);
say(`sdk under test: ${targets.description}`);
say();

const results = {};
if (args.only.includes("size")) {
  note("measuring bundle size…");
  results.size = await measureSize(targets);
  say(sizeTable(results.size) + "\n");
}
if (args.only.includes("cold")) {
  note("measuring cold start…");
  results.cold = measureColdStart(targets, settings.cold);
  say(coldStartTable(results.cold) + "\n");
}
if (args.only.includes("calls") || args.only.includes("memory")) {
  const server = await startServer();
  try {
    if (args.only.includes("calls")) {
      const c = settings.calls;
      note(`measuring per-call overhead (${c.rounds} rounds)…`);
      const raw = await runChild(
        "calls.mjs",
        {
          baseUrl: server.url,
          sdkPath: targets.measured,
          clients: CLIENTS,
          modes: [
            { name: "sequential", concurrency: 1, count: c.sequential },
            { name: `concurrency ${c.concurrency}`, concurrency: c.concurrency, count: c.concurrent },
          ],
          warmupCalls: c.warmupCalls,
          rounds: c.rounds,
          batchTimeLimitMs: c.batchTimeLimitMs,
        },
        { execArgv: ["--expose-gc"], timeLimitMs: c.timeLimitMs },
      );
      results.calls = summariseCalls(raw);
      say(callsTables(results.calls) + "\n");
    }
    if (args.only.includes("memory")) {
      const m = settings.memory;
      results.memory = [];
      for (const client of MEMORY_CLIENTS) {
        note(`measuring memory (${client})…`);
        const config = { baseUrl: server.url, sdkPath: targets.measured, client, ...m };
        results.memory.push(await runChild("memory.mjs", config, { execArgv: ["--expose-gc"], timeLimitMs: m.timeLimitMs }));
      }
      say(memoryTable(results.memory) + "\n");
    }
    const stats = await server.stats();
    if (stats.rejected > 0) throw new Error(`the server refused ${stats.rejected} requests (a client sent less than the contract requires): ${stats.lastRejection}`);
    say(`server answered ${stats.served} calls, refused none`);
  } finally {
    await server.close();
  }
}

say();
say(budgetLines(results));
say(`\nfinished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (args.json) writeFileSync(args.json, JSON.stringify({ node: process.version, targets: targets.description, results }, null, 2));
