// Issue 4's load check: calls at concurrency 200 against a loopback server, with zero failures, no
// leaked sockets or timers, and a heap that does not grow with the number of calls. The server and
// the client each run in their own node process, so neither's memory mixes with the other's or
// with the test runner's; the client runs with --expose-gc so heap figures are after collection.
// The server keeps connections alive as a real one does, so calls reuse them: the path a leak
// per reused socket (a listener added on each request) would take, and about a sixth less CPU a
// call than a connection per call (issue 30, item 4).
//
// Two runs of the same calls, each measured once its sockets are closed (issue 30, item 4): what
// the first run leaves on the heap (optimised code, pool structures sized for 200 connections) is
// there after any number of calls, so the second run must add next to nothing. That difference
// shows a leak per call in a thousand calls, where one run of 10,000 had to outgrow the fixed
// remainder as well.
import { afterEach, describe, expect, it } from "vitest";
import { bundleForNode, childResult, runNode, startNodeServer, type NodeServer } from "../helpers/child-node";
import { IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY, inputs, operationDescriptor, operationPath, successBody } from "../helpers/fixtures";
import { note, printReportAfterAll } from "../helpers/reliability-report";
import { splitEnvelope } from "../../src/envelope";

/** What the server answers every call with: the contract's getBalance success (its example, else a sample). */
const BALANCE_BODY = successBody(operationPath("getBalance"));

printReportAfterAll("Load");

/**
 * Calls in each of the two runs: the fewest whose second-run figure still tells a leak of one
 * kilobyte per call from none with room on both sides (SECOND_RUN_GROWTH_LIMIT_BYTES). Each call
 * costs the two processes 2 to 3 ms of CPU, so 2,000 a run made this the suite's costliest file
 * (issue 30, item 4); below 1,000 the leak's margin shrinks towards the no-leak noise (at 500:
 * +0.58 to +0.66 MiB with the leak, -0.07 to +0.29 MiB without, a connection per call).
 */
const CALLS = 1_000;
const CONCURRENCY = 200;
/**
 * Sequential calls before the baseline, so module loading and the first call's lazy set-up are not
 * counted as growth. JIT warm-up needs no more: the second-run check is what tells a leak, and the
 * first run already warms up everything it compares against (200 of these: the same first-run figure).
 */
const WARM_UP_CALLS = 20;
/** The whole run is bounded: the client process is killed past this. */
const RUN_LIMIT_MS = 120_000;
/**
 * How long the server keeps an idle connection, announced as `Keep-Alive: timeout=3`. undici keeps a
 * connection only when the announced time is above its 2 s safety margin, and then for what is left
 * (1 s), so its idle connections close by themselves soon after each run and the heap is measured
 * without them. At 2 s or below (250 ms before issue 30) every call opened a connection of its own.
 */
const SERVER_KEEP_ALIVE_MS = 3_000;
/** How long the client waits, at most, for its idle connections to close after a run. */
const SETTLE_LIMIT_MS = 10_000;
/**
 * V8 flags for the client. Without bytecode flushing, code that the runs stop using is not dropped
 * from the heap after a few collections: such drops took up to 0.45 MiB off the second-run figure
 * in one of six runs, enough to hide most of a leak the limit below is meant to catch.
 */
const CLIENT_NODE_ARGS = ["--expose-gc", "--no-flush-bytecode"];
/**
 * How far above its baseline the heap may stay after the first run, once its sockets are closed and
 * the heap is collected: what stays hardly depends on the number of calls (1.2 to 1.4 MiB after
 * 1,000, code aside; with all of heapUsed, 1.7 MiB after 1,000 and 3 MiB after 2,500, 10,000 or
 * 20,000 calls at concurrency 200). The second-run check is the one that tells a small leak.
 */
const HEAP_GROWTH_LIMIT_BYTES = 8 * 1024 * 1024;
/**
 * How much the second run may add to what the first left. A leak of one kilobyte per call adds
 * 1 MiB over its 1,000 calls: an array of 120 small integers kept by src/transport.ts per call,
 * tried by hand, added +1.02 and +1.12 MiB; half a kilobyte (60) +0.58 to +0.67 MiB in three runs,
 * over the limit too. Without a leak the figure moved by -0.07 to +0.18 MiB in five runs (code
 * aside, keep-alive, no bytecode flushing; -0.16 to +0.22 MiB before, with heapUsed). That noise does
 * not shrink with the calls, so fewer calls would leave less room on the leak's side of the limit.
 */
const SECOND_RUN_GROWTH_LIMIT_BYTES = 512 * 1024;

/** The loopback server: the contract's balance answer to every request; prints how many requests it served on how many connections. */
const SERVER = `
import { createServer } from "node:http";
const body = process.env.BODY;
let served = 0;
let connections = 0;
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    served++;
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
});
server.on("connection", () => connections++);
server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_MS);
server.listen(0, "127.0.0.1", () => console.log("PORT " + server.address().port));
process.on("SIGTERM", () => {
  console.log("SERVED " + served + " ON " + connections);
  process.exit(0);
});
process.stdin.on("end", () => process.exit(0)).resume();
`;

/** The client: warm-up, baseline, two runs, each followed by the same measurements. */
const CLIENT = `
import { subscribe } from "node:diagnostics_channel";
import { isDeepStrictEqual } from "node:util";
import { getHeapSpaceStatistics } from "node:v8";
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

// Every socket the process opens, counted until it closes. An idle keep-alive socket is unref'd, so
// the active resources above do not show it: this does, and tells when the last one has closed.
let openSockets = 0;
let onAllClosed = () => {};
subscribe("net.client.socket", ({ socket }) => {
  openSockets++;
  socket.once("close", () => {
    if (--openSockets === 0) onAllClosed();
  });
});
/** Resolves once every socket has closed, or after SETTLE_LIMIT_MS with some still open (the test then fails on the count). */
const socketsClosed = () =>
  new Promise((resolve) => {
    if (openSockets === 0) return resolve();
    // A timer that keeps the process alive while only unref'd sockets are left.
    const limit = setTimeout(resolve, Number(process.env.SETTLE_LIMIT_MS));
    onAllClosed = () => {
      clearTimeout(limit);
      resolve();
    };
  });

// The heap's data, without its compiled code: optimised code comes and goes with the JIT, by up to
// 0.14 MiB between runs of the same calls, while what a call leaves behind is data (objects,
// closures, strings), in the other spaces.
const CODE_SPACES = new Set(["code_space", "code_large_object_space"]);
// Collected twice, a tick apart: what the first collection leaves to finalizers the second frees.
// With one, the same runs differed by up to 0.6 MiB, and a 2 MiB leak once showed as 0.8 MiB.
const heap = async () => {
  for (let i = 0; i < 2; i++) {
    await pause(50);
    globalThis.gc();
  }
  return getHeapSpaceStatistics().reduce((sum, space) => sum + (CODE_SPACES.has(space.space_name) ? 0 : space.space_used_size), 0);
};

for (let i = 0; i < Number(process.env.WARM_UP_CALLS); i++) await client.account.getBalance(input);
await socketsClosed();
const heapBefore = await heap();
const resourcesBefore = resources();

/** CALLS calls, CONCURRENCY at a time; then the sockets and timers settle and the heap is measured. */
async function run() {
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
  // Wait for the run's sockets (undici closes idle ones after its keep-alive) and timers to
  // settle, then compare with the baseline.
  await socketsClosed();
  const socketsLeftOpen = openSockets;
  let resourcesAfter = resources();
  for (let waited = 0; waited < Number(process.env.SETTLE_LIMIT_MS) && resourcesAfter.join() !== resourcesBefore.join(); waited += 100) {
    await pause(100);
    resourcesAfter = resources();
  }
  return { calls: started, succeeded, failures, maxInFlight, durationMs, socketsLeftOpen, resourcesAfter, heapAfter: await heap() };
}

const runs = [await run(), await run()];
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
console.log("RESULT " + JSON.stringify({ heapBefore, resourcesBefore, runs, peakRssBytes }));
`;

interface RunResult {
  calls: number;
  succeeded: number;
  failures: Record<string, number>;
  maxInFlight: number;
  durationMs: number;
  socketsLeftOpen: number;
  resourcesAfter: string[];
  heapAfter: number;
}

interface LoadResult {
  heapBefore: number;
  resourcesBefore: string[];
  runs: [RunResult, RunResult];
  peakRssBytes: number;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

let server: NodeServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("load", () => {
  it(
    `completes two runs of ${CALLS} calls at concurrency ${CONCURRENCY} with no failure, no leak, and a heap that the second run does not grow`,
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
          SETTLE_LIMIT_MS: String(SETTLE_LIMIT_MS),
        },
        nodeArgs: CLIENT_NODE_ARGS,
        limitMs: RUN_LIMIT_MS,
      });
      expect(run.exitedByItself, `the client did not exit by itself:\n${run.stderr}`).toBe(true);
      expect(run.code, run.stderr).toBe(0);
      const result = childResult<LoadResult>(run);
      const [, served, connections] = (/^SERVED (\d+) ON (\d+)$/m.exec(await server.stop()) ?? []).map(Number);
      server = undefined;

      const [first, second] = result.runs;
      for (const each of result.runs) {
        expect(each.failures).toEqual({});
        expect(each.succeeded).toBe(CALLS);
        expect(each.maxInFlight).toBe(CONCURRENCY);
        expect(each.socketsLeftOpen).toBe(0);
        expect(each.resourcesAfter).toEqual(result.resourcesBefore);
      }
      // One request per call: nothing was retried, nothing sent twice.
      expect(served).toBe(WARM_UP_CALLS + 2 * CALLS);
      // Connections were reused: the client neither closes one after each call nor opens one per call.
      expect(connections).toBeLessThan(served! / 2);
      expect(first.heapAfter - result.heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
      expect(second.heapAfter - first.heapAfter).toBeLessThan(SECOND_RUN_GROWTH_LIMIT_BYTES);

      note(`| calls | 2 runs of ${CALLS} (plus ${WARM_UP_CALLS} warm-up calls before the baseline) |`);
      note(`| concurrency | ${CONCURRENCY} (highest seen in flight: ${first.maxInFlight}, ${second.maxInFlight}) |`);
      note(`| failures | ${result.runs.flatMap((each) => Object.values(each.failures)).reduce((sum, count) => sum + count, 0)} |`);
      note(`| requests the server saw | ${served}, on ${connections} connections |`);
      note(`| duration of each run | ${result.runs.map((each) => `${each.durationMs} ms (${Math.round(CALLS / (each.durationMs / 1000))} calls/s)`).join(", ")} |`);
      note(`| peak RSS of the client process | ${mib(result.peakRssBytes)} |`);
      note(`| heap used after GC, code aside: baseline / after run 1 / after run 2 | ${mib(result.heapBefore)} / ${mib(first.heapAfter)} / ${mib(second.heapAfter)} |`);
      note(`| heap the second run added, code aside | ${((second.heapAfter - first.heapAfter) / 1024 / 1024).toFixed(2)} MiB (limit ${mib(SECOND_RUN_GROWTH_LIMIT_BYTES)}) |`);
      note(`| active resources: baseline / after each run | ${JSON.stringify(result.resourcesBefore)} / ${result.runs.map((each) => JSON.stringify(each.resourcesAfter)).join(", ")} |`);
    },
    RUN_LIMIT_MS + 30_000,
  );
});
