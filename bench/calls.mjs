// Child process: the per-call benchmark. Every client makes every operation's call against the
// loopback server, in interleaved rounds after a warm-up (the client order rotates each round),
// sequentially and with many calls in flight. Sends the per-round samples to the parent.
import { pathToFileURL } from "node:url";
import ky from "ky";
import OpenAI from "openai";
import createClient from "openapi-fetch";
import { childMain, progress } from "./child.mjs";
import { runBatch } from "./measure.mjs";
import { createCalls, loadContract } from "./scenarios.mjs";
import { benchTelemetry } from "./telemetry.mjs";

// `variants` names further SDK builds (experimental copies) measured as extra clients beside the
// clients, in the same rounds: an A/B comparison with the same noise on both sides.
await childMain(async ({ baseUrl, sdkPath, variants = {}, clients, only, modes, warmupCalls, rounds, batchTimeLimitMs }) => {
  const load = async (path) => import(pathToFileURL(path).href);
  const operations = loadContract().operations.filter((op) => !only || only.includes(op.id));
  const telemetry = clients.includes("sdk-otel") ? await benchTelemetry() : undefined;
  const calls = createCalls(operations, { baseUrl, sdk: await load(sdkPath), createClient, ky, OpenAI, telemetry });
  for (const [name, path] of Object.entries(variants)) calls[name] = createCalls(operations, { baseUrl, sdk: await load(path), createClient, ky, OpenAI }).sdk;

  // Each call works before any is timed: a client that fails is a bench bug, not a fast client.
  for (const client of clients) for (const op of operations) await calls[client][op.id]();
  for (const client of clients) {
    for (const op of operations) {
      for (const mode of modes) {
        await runBatch(calls[client][op.id], { count: warmupCalls, concurrency: mode.concurrency, timeLimitMs: batchTimeLimitMs });
      }
    }
  }

  const samples = {};
  // In the clock of --cpu-prof sample timestamps (monotonic µs), for bench/profile.mjs.
  const measuredFromUs = Number(process.hrtime.bigint() / 1000n);
  for (let round = 0; round < rounds; round++) {
    const order = clients.map((_, i) => clients[(i + round) % clients.length]);
    for (const mode of modes) {
      for (const op of operations) {
        for (const client of order) {
          const batch = await runBatch(calls[client][op.id], { count: mode.count, concurrency: mode.concurrency, timeLimitMs: batchTimeLimitMs });
          const slot = (((samples[mode.name] ??= {})[op.id] ??= {})[client] ??= { cpuUs: [], wallUs: [], calls: [] });
          slot.cpuUs.push(batch.cpuUs);
          slot.wallUs.push(batch.wallUs);
          slot.calls.push(batch.calls);
        }
      }
    }
    progress(`  per-call round ${round + 1}/${rounds} done\n`);
  }
  return { operations: operations.map((op) => op.id), clients, samples, measuredFromUs };
});
