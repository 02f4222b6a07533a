// Issue 4's load check: 10,000 calls at concurrency 200 against a loopback server, with zero
// failures, no leaked sockets or timers, and a heap that returns to its baseline. The server and
// the client each run in their own node process, so neither's memory mixes with the other's or
// with the test runner's; the client runs with --expose-gc so heap figures are after collection.
import { afterEach, describe, expect, it } from "vitest";
import { bundleForNode, childResult, runNode, startNodeServer, type NodeServer } from "../helpers/child-node";
import { IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY, inputs, operationDescriptor, operationPath, successBody } from "../helpers/fixtures";
import { note, printReportAfterAll } from "../helpers/reliability-report";
import { splitEnvelope } from "../../src/envelope";

/** What the server answers every call with: the contract's getBalance success (its example, else a sample). */
const BALANCE_BODY = successBody(operationPath("getBalance"));

printReportAfterAll("Load");

const CALLS = 10_000;
const CONCURRENCY = 200;
/** Sequential calls before the baseline, so module loading and JIT warm-up are not counted as growth. */
const WARM_UP_CALLS = 200;
/** The whole run is bounded: the client process is killed past this. */
const RUN_LIMIT_MS = 120_000;
/** The server closes a connection idle this long; the client waits twice that before its last heap figure. */
const SERVER_KEEP_ALIVE_MS = 1_000;
/**
 * How far above its baseline the heap may stay once the run is over, idle connections are closed
 * and the heap is collected. What remains does not grow with the number of calls (about 3 MiB
 * after 2,500, 10,000 or 20,000 calls at concurrency 200: optimised code and pool structures sized
 * for 200 connections); a leak of one kilobyte per call would add 10 MiB on its own.
 */
const HEAP_GROWTH_LIMIT_BYTES = 8 * 1024 * 1024;

/** The loopback server: the contract's balance answer to every request; prints how many it served. */
const SERVER = `
import { createServer } from "node:http";
const body = process.env.BODY;
let served = 0;
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    served++;
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
});
// Idle connections close soon after the run, so the heap after it is measured without them.
server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_MS);
server.listen(0, "127.0.0.1", () => console.log("PORT " + server.address().port));
process.on("SIGTERM", () => {
  console.log("SERVED " + served);
  process.exit(0);
});
process.stdin.on("end", () => process.exit(0)).resume();
`;

/** The client: warm-up, baseline, the run, then the same measurements again. */
const CLIENT = `
import { isDeepStrictEqual } from "node:util";
import { PayWise } from "./src/index.ts";

const CALLS = Number(process.env.CALLS);
const CONCURRENCY = Number(process.env.CONCURRENCY);
const input = ${JSON.stringify(inputs.getBalance)};
// What each call must resolve to: the payload of the body the server sends.
const expected = ${JSON.stringify(splitEnvelope(BALANCE_BODY as never, operationDescriptor("getBalance").payloadIn).data)};
const client = new PayWise({
  subscriptionKey: ${JSON.stringify(SECRET_KEY)},
  originCountry: ${JSON.stringify(ORIGIN_COUNTRY)},
  ipAddress: ${JSON.stringify(IP_ADDRESS)},
  baseUrl: process.env.BASE_URL,
});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const resources = () => process.getActiveResourcesInfo().sort();
const heap = async () => {
  await pause(50);
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

for (let i = 0; i < Number(process.env.WARM_UP_CALLS); i++) await client.account.getBalance(input);
const heapBefore = await heap();
const resourcesBefore = resources();

let started = 0;
let inFlight = 0;
let maxInFlight = 0;
let succeeded = 0;
const failures = {};
async function worker() {
  while (started < CALLS) {
    started++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const balance = await client.account.getBalance(input);
      if (isDeepStrictEqual(balance, expected)) succeeded++;
      else failures.unexpectedPayload = (failures.unexpectedPayload ?? 0) + 1;
    } catch (error) {
      failures[error.name] = (failures[error.name] ?? 0) + 1;
    } finally {
      inFlight--;
    }
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const durationMs = Math.round(performance.now() - t0);
const peakRssBytes = process.resourceUsage().maxRSS * 1024;

// Wait for the run's sockets and timers to settle, then compare with the baseline.
let resourcesAfter = resources();
for (let i = 0; i < 50 && resourcesAfter.join() !== resourcesBefore.join(); i++) {
  await pause(100);
  resourcesAfter = resources();
}
await pause(Number(process.env.IDLE_CLOSE_WAIT_MS));
const heapAfter = await heap();
console.log("RESULT " + JSON.stringify({
  calls: started, succeeded, failures, maxInFlight, durationMs, peakRssBytes,
  heapBefore, heapAfter, resourcesBefore, resourcesAfter,
}));
`;

interface LoadResult {
  calls: number;
  succeeded: number;
  failures: Record<string, number>;
  maxInFlight: number;
  durationMs: number;
  peakRssBytes: number;
  heapBefore: number;
  heapAfter: number;
  resourcesBefore: string[];
  resourcesAfter: string[];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

let server: NodeServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("load", () => {
  it(
    `completes ${CALLS} calls at concurrency ${CONCURRENCY} with no failure, no leak, and the heap back at its baseline`,
    async () => {
      const [client, started] = await Promise.all([
        bundleForNode(CLIENT),
        startNodeServer(SERVER, { BODY: JSON.stringify(BALANCE_BODY), KEEP_ALIVE_MS: String(SERVER_KEEP_ALIVE_MS) }),
      ]);
      server = started;
      const run = await runNode(client, {
        env: {
          BASE_URL: server.url,
          CALLS: String(CALLS),
          CONCURRENCY: String(CONCURRENCY),
          WARM_UP_CALLS: String(WARM_UP_CALLS),
          IDLE_CLOSE_WAIT_MS: String(SERVER_KEEP_ALIVE_MS * 2),
        },
        nodeArgs: ["--expose-gc"],
        limitMs: RUN_LIMIT_MS,
      });
      expect(run.exitedByItself, `the client did not exit by itself:\n${run.stderr}`).toBe(true);
      expect(run.code, run.stderr).toBe(0);
      const result = childResult<LoadResult>(run);
      const served = Number(/^SERVED (\d+)$/m.exec(await server.stop())?.[1]);
      server = undefined;

      expect(result.failures).toEqual({});
      expect(result.succeeded).toBe(CALLS);
      expect(result.maxInFlight).toBe(CONCURRENCY);
      // One request per call: nothing was retried, nothing sent twice.
      expect(served).toBe(WARM_UP_CALLS + CALLS);
      expect(result.resourcesAfter).toEqual(result.resourcesBefore);
      expect(result.heapAfter - result.heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);

      note(`| calls | ${result.calls} (plus ${WARM_UP_CALLS} warm-up calls before the baseline) |`);
      note(`| concurrency | ${CONCURRENCY} (highest seen in flight: ${result.maxInFlight}) |`);
      note(`| failures | ${Object.values(result.failures).reduce((sum, count) => sum + count, 0)} |`);
      note(`| requests the server saw | ${served} |`);
      note(`| duration | ${result.durationMs} ms (${Math.round(CALLS / (result.durationMs / 1000))} calls/s) |`);
      note(`| peak RSS of the client process | ${mib(result.peakRssBytes)} |`);
      note(`| heap used after GC, before / after | ${mib(result.heapBefore)} / ${mib(result.heapAfter)} |`);
      note(`| active resources before / after | ${JSON.stringify(result.resourcesBefore)} / ${JSON.stringify(result.resourcesAfter)} |`);
    },
    RUN_LIMIT_MS + 30_000,
  );
});
