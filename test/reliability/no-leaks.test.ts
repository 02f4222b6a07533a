// "No timer or socket outlives a call": a node process that makes one call must exit by itself as
// soon as the call returns, whatever the outcome. Each case runs the SDK (bundled from src/) in a
// fresh node against the loopback fault server, which keeps idle connections open for a minute and
// holds unanswered ones forever, so a leaked socket or timer keeps the child alive past the limit.
import { getEventListeners } from "node:events";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_TIMEOUT_MS, attemptSignal } from "../../src/deadlines";
import { bundleForNode, childResult, runNode } from "../helpers/child-node";
import { IP_ADDRESS, ORIGIN_COUNTRY, SECRET_KEY, callOperation, inputs, testClient } from "../helpers/fixtures";
import { refusingUrl, startFaultServer, type Behaviour, type FaultServer } from "../helpers/fault-server";
import { balanceAnswer, unitClient } from "../helpers/fake-fetch";
import { noteCase, printReportAfterAll } from "../helpers/reliability-report";
import { WAIT_UNDER_LOAD } from "../helpers/wait";

printReportAfterAll("No leaks: a one-call process exits by itself (outcome, attempts)");

/**
 * Far longer than a one-call process needs to start, call and exit on a loaded CI machine, and far
 * shorter than what a leak holds it for: the 60 s keep-alive, the 30 s default timeout, a 30 s
 * Retry-After, a connection the server never answers.
 */
const EXIT_LIMIT_MS = 15_000;
const IDLE_KEEP_ALIVE_MS = 60_000;
const TEST_TIMEOUT_MS = EXIT_LIMIT_MS + 10_000;

/** The child: one call, chosen by CALL, then a RESULT line; it must then exit on its own. */
const DRIVER = `
import { PayWise } from "./src/index.ts";

const client = new PayWise({
  subscriptionKey: ${JSON.stringify(SECRET_KEY)},
  originCountry: ${JSON.stringify(ORIGIN_COUNTRY)},
  ipAddress: ${JSON.stringify(IP_ADDRESS)},
  baseUrl: process.env.BASE_URL,
});
const options = JSON.parse(process.env.CALL_OPTIONS ?? "{}");
if (process.env.ABORT_AFTER_MS) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), Number(process.env.ABORT_AFTER_MS));
  options.signal = controller.signal;
}
let outcome;
try {
  await client.account.getBalance(${JSON.stringify(inputs.getBalance)}, options);
  outcome = "success";
} catch (error) {
  outcome = error.name;
}
console.log("RESULT " + JSON.stringify({ outcome }));
`;

let bundle: string;
beforeAll(async () => {
  bundle = await bundleForNode(DRIVER);
});

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer({ keepAliveTimeoutMs: IDLE_KEEP_ALIVE_MS });
});
afterEach(async () => {
  await server.close();
});

const retryNow = (status: number): Behaviour => ({ kind: "respond", status, headers: { "retry-after": "0" } });

interface Case {
  script: Behaviour[];
  env?: Record<string, string>;
  outcome: string;
  attempts: number;
}

const cases: [string, Case][] = Object.entries<Case>({
  "a successful call": { script: [{ kind: "ok" }], outcome: "success", attempts: 1 },
  "a call retried after a reset": { script: [{ kind: "reset" }, { kind: "ok" }], outcome: "success", attempts: 2 },
  "a call that fails after its retries": { script: [retryNow(503), retryNow(503), retryNow(503)], outcome: "InternalServerError", attempts: 3 },
  "a call that times out on a server that never answers": {
    script: [{ kind: "hang" }],
    env: { CALL_OPTIONS: JSON.stringify({ timeout: 300, maxRetries: 0 }) },
    outcome: "APIConnectionTimeoutError",
    attempts: 1,
  },
  "a call aborted by the caller mid-attempt": { script: [{ kind: "hang" }], env: { ABORT_AFTER_MS: "300" }, outcome: "APIUserAbortError", attempts: 1 },
  "a call aborted during a 30 s Retry-After wait": {
    script: [{ kind: "respond", status: 503, headers: { "retry-after": "30" } }],
    env: { ABORT_AFTER_MS: "500" },
    outcome: "APIUserAbortError",
    attempts: 1,
  },
  "a call refused an oversized body": { script: [{ kind: "huge", bytes: 256 * 1024 * 1024, declareLength: false }], outcome: "InvalidResponseError", attempts: 1 },
});

describe("a process that makes one call", () => {
  it.each(cases)("exits by itself after %s", async (name, { script, env, outcome, attempts }) => {
    server.script(...script);
    const run = await runNode(bundle, { env: { BASE_URL: server.url, ...env }, limitMs: EXIT_LIMIT_MS });
    expect(run.exitedByItself, `the child was still running after ${EXIT_LIMIT_MS} ms:\n${run.stdout}\n${run.stderr}`).toBe(true);
    expect(run.code, run.stderr).toBe(0);
    expect(childResult<{ outcome: string }>(run).outcome).toBe(outcome);
    expect(server.requests).toHaveLength(attempts);
    noteCase(name, "getBalance", `${outcome}; exited by itself, code 0`, attempts);
  }, TEST_TIMEOUT_MS);

  it("exits by itself after a call whose connection was refused", async () => {
    const refused = await refusingUrl();
    // One retry: its backoff timer is the one a leak would leave; a second retry only waited 1 s more.
    const run = await runNode(bundle, { env: { BASE_URL: refused.url, CALL_OPTIONS: JSON.stringify({ maxRetries: 1 }) }, limitMs: EXIT_LIMIT_MS });
    expect(run.exitedByItself, run.stderr).toBe(true);
    expect(run.code, run.stderr).toBe(0);
    expect(childResult<{ outcome: string }>(run).outcome).toBe("APIConnectionError");
    noteCase("a call whose connection is refused", "getBalance", "APIConnectionError; exited by itself, code 0", 0);
  }, TEST_TIMEOUT_MS);

  it("is killed when a pending timer keeps it alive, so a leak fails the check", async () => {
    const run = await runNode(`setTimeout(() => {}, ${EXIT_LIMIT_MS * 4}); console.log("RESULT {}");`, { limitMs: 1_000 });
    expect(run.exitedByItself).toBe(false);
    expect(run.code).toBeNull();
  });
});

describe("a caller's AbortSignal shared by many calls", () => {
  it("carries no listener of the SDK's once each call is over, whatever its outcome", async () => {
    const shutdown = new AbortController();
    const client = testClient(server.url);
    server.script({ kind: "ok" }, retryNow(503), { kind: "ok" }, { kind: "reset" }, { kind: "hang" }, { kind: "respond", status: 409 });
    const outcomes = [];
    // Only the call that meets the hanging server gets a short timeout: on a loaded machine a
    // 200 ms limit on every call turned an ordinary success into a timeout.
    const calls = [["getBalance"], ["getStatus"], ["register"], ["register", 200], ["register"]] as const;
    for (const [name, timeout] of calls) {
      outcomes.push(await callOperation(client, name, { signal: shutdown.signal, timeout }).then(() => "success", (error: Error) => error.name));
      expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
    }
    expect(outcomes).toEqual(["success", "success", "APIConnectionError", "APIConnectionTimeoutError", "ConflictError"]);
  });

  /** Runs `body`, collecting the process warnings it causes (they are emitted on a later tick). */
  async function warningsDuring(body: () => Promise<void>): Promise<Error[]> {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      await body();
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("warning", onWarning);
    }
    return warnings;
  }

  const CONCURRENT_CALLS = 50;

  it(`lets ${CONCURRENT_CALLS} concurrent calls share one signal without a MaxListenersExceededWarning, and leaves no listener behind`, async () => {
    const shutdown = new AbortController();
    const client = testClient(server.url);
    server.script(...Array.from({ length: CONCURRENT_CALLS }, () => ({ kind: "ok" }) as const));
    const warnings = await warningsDuring(async () => {
      const calls = Array.from({ length: CONCURRENT_CALLS }, (_, i) => callOperation(client, i % 2 ? "getBalance" : "register", { signal: shutdown.signal }));
      expect(getEventListeners(shutdown.signal, "abort").length).toBeLessThanOrEqual(1);
      await Promise.all(calls);
    });
    expect(warnings.map((warning) => warning.name)).toEqual([]);
    expect(server.requests).toHaveLength(CONCURRENT_CALLS);
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });

  it(`aborts all ${CONCURRENT_CALLS} calls in flight on a shared signal, without a warning, leaving no listener`, async () => {
    const shutdown = new AbortController();
    const client = testClient(server.url);
    server.script(...Array.from({ length: CONCURRENT_CALLS }, () => ({ kind: "hang" }) as const));
    let outcomes: string[] = [];
    const warnings = await warningsDuring(async () => {
      const calls = Array.from({ length: CONCURRENT_CALLS }, () => callOperation(client, "getStatus", { signal: shutdown.signal }).then(() => "success", (error: Error) => error.name));
      await vi.waitFor(() => expect(server.requests).toHaveLength(CONCURRENT_CALLS), WAIT_UNDER_LOAD);
      shutdown.abort();
      outcomes = await Promise.all(calls);
    });
    expect(new Set(outcomes)).toEqual(new Set(["APIUserAbortError"]));
    expect(warnings.map((warning) => warning.name)).toEqual([]);
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });

  it(`keeps one listener for ${CONCURRENT_CALLS} calls waiting out a Retry-After on a shared signal, and none after`, async () => {
    const shutdown = new AbortController();
    // Enough retries that whichever call meets the 503s, each call ends with one good answer.
    const client = testClient(server.url, { maxRetries: 10 });
    const wait: Behaviour = { kind: "respond", status: 503, headers: { "retry-after": "1" } };
    server.script(...Array.from({ length: CONCURRENT_CALLS }, () => wait), ...Array.from({ length: CONCURRENT_CALLS }, () => ({ kind: "ok" }) as const));
    const warnings = await warningsDuring(async () => {
      const calls = Array.from({ length: CONCURRENT_CALLS }, () => callOperation(client, "getBalance", { signal: shutdown.signal }));
      await vi.waitFor(() => expect(server.requests).toHaveLength(CONCURRENT_CALLS), WAIT_UNDER_LOAD);
      expect(getEventListeners(shutdown.signal, "abort").length).toBeLessThanOrEqual(1);
      await Promise.all(calls);
    });
    expect(warnings.map((warning) => warning.name)).toEqual([]);
    expect(server.requests).toHaveLength(2 * CONCURRENT_CALLS);
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });
});

// In process, counting this process's handles and listening for its warnings: why this file has a
// process of its own rather than a worker shared with other files (vitest.config.ts).
describe("the timer behind an attempt (src/deadlines.ts)", () => {
  const timers = () => process.getActiveResourcesInfo().filter((name) => name === "Timeout").length;
  /** setTimeout's ceiling: a longer delay fires at once, with a TimeoutOverflowWarning. */
  const TIMER_CEILING_MS = 2 ** 31 - 1;

  it("is alive while an attempt is in flight, and gone once it is done", () => {
    const before = timers();
    const attempt = attemptSignal(45_000, undefined);
    expect(timers()).toBe(before + 1);
    attempt.done();
    expect(timers()).toBe(before);
  });

  it("at the largest accepted timeout, waits for the answer instead of timing out at once, with no overflow warning", { timeout: 10_000 }, async () => {
    expect(MAX_TIMEOUT_MS).toBeLessThan(TIMER_CEILING_MS);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      // Answers only after a while, so an attempt whose timer overflowed (and fired at once) would time out.
      const slowAnswer = () => new Promise<Response>((resolve) => setTimeout(() => resolve(balanceAnswer()), 200));
      for (const options of [{ timeout: MAX_TIMEOUT_MS }, { totalTimeout: MAX_TIMEOUT_MS, timeout: MAX_TIMEOUT_MS }]) {
        const { client } = unitClient(slowAnswer, { ...options, maxRetries: 0 });
        await expect(client.account.getBalance({ mobile_number: "18680001234" })).resolves.toMatchObject({ currency: "TTD" });
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.name)).not.toContain("TimeoutOverflowWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });
});
