// Child process (run with --expose-gc): one client's memory over repeated batches of calls, each
// batch cycling through every operation. After each batch it collects garbage and records the
// heap and RSS, so growth from batch to batch shows a leak rather than garbage not yet collected.
import { pathToFileURL } from "node:url";
import ky from "ky";
import OpenAI from "openai";
import createClient from "openapi-fetch";
import { childMain, progress } from "./child.mjs";
import { collectGarbage, runBatch } from "./measure.mjs";
import { createCalls, loadContract } from "./scenarios.mjs";

const MB = 1024 * 1024;

await childMain(async ({ baseUrl, sdkPath, client, batches, callsPerBatch, concurrency, batchTimeLimitMs }) => {
  if (typeof globalThis.gc !== "function") throw new Error("bench/memory.mjs needs --expose-gc");
  const sdk = await import(pathToFileURL(sdkPath).href);
  const { operations } = loadContract();
  const calls = createCalls(operations, { baseUrl, sdk, createClient, ky, OpenAI })[client];
  let next = 0;
  const anyOperation = () => calls[operations[next++ % operations.length].id]();

  collectGarbage();
  const before = process.memoryUsage();
  const rows = [];
  for (let batch = 0; batch < batches; batch++) {
    const { calls: made } = await runBatch(anyOperation, { count: callsPerBatch, concurrency, timeLimitMs: batchTimeLimitMs });
    collectGarbage();
    const usage = process.memoryUsage();
    rows.push({ batch: batch + 1, calls: made, heapMB: usage.heapUsed / MB, rssMB: usage.rss / MB });
    progress(`  memory ${client} batch ${batch + 1}/${batches} done\n`);
  }
  return { client, heapBeforeMB: before.heapUsed / MB, rssBeforeMB: before.rss / MB, rows };
});
