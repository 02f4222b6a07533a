// Each fault against every operation of the contract (from the generated table), with what the
// SDK then does decided by the operation's generated retry policy, the way src/retry.ts decides
// it. Vitest's fake timers drive the SDK's backoff and timeouts, so nothing here waits.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, APIError, InvalidResponseError, RateLimitError } from "../../../src/index";
import { createFakePayWise, type FakeFault } from "../../../src/testing/index";
import { paywiseHandlers } from "../../../src/testing/msw";
import { successStatus } from "../../../src/testing/fake/operations";
import { FAKE_ENTRIES, callOf, fakeClient } from "../../helpers/fake-calls";
import { setupServer } from "msw/node";

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

// Loopback with nothing listening: a request MSW did not take is refused, never sent anywhere.
const MSW_BASE_URL = "http://127.0.0.1:9/paywise";
const msw = setupServer();

/** Settles a call while the fake clock runs through every wait and timeout it sets. */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  await vi.runAllTimersAsync();
  return outcome;
}

const ATTEMPT_TIMEOUT_MS = 5_000;

// The same faults through the fake's own fetch and through its MSW handlers on a real MSW server.
const WAYS = ["the fake's fetch", "MSW handlers"] as const;
describe.each(WAYS.flatMap((way) => FAKE_ENTRIES.map((entry) => [entry.key, way, entry] as const)))("%s through %s", (key, way, entry) => {
  const retriedWhenItMayHaveArrived = entry.descriptor.retryMode === "idempotent";
  beforeAll(() => (way === "MSW handlers" ? msw.listen({ onUnhandledRequest: "error" }) : undefined));
  afterAll(() => (way === "MSW handlers" ? msw.close() : undefined));
  const setup = (fault: FakeFault) => {
    const fake = createFakePayWise();
    fake.on(key).once(fault as never);
    const settings = { timeout: ATTEMPT_TIMEOUT_MS, maxRetries: 2 };
    if (way === "MSW handlers") msw.resetHandlers(...paywiseHandlers(fake, { baseUrl: MSW_BASE_URL }));
    const client = way === "MSW handlers" ? fakeClient({ ...settings, baseUrl: MSW_BASE_URL }) : fakeClient({ ...settings, fetch: fake.fetch });
    return { fake, call: () => callOf(client, entry) };
  };

  it("connectionRefused: nothing is sent, and the SDK retries (any operation: it provably never arrived)", async () => {
    const { fake, call } = setup({ fault: "connectionRefused" });
    const { value, error } = await settle(call());
    expect(error).toBeUndefined();
    expect(value).toBeDefined();
    expect(fake.requestsOf(key).map((request) => [request.attempt, request.reachedServer, request.outcome.fault])).toEqual([
      [1, false, "connectionRefused"],
      [2, true, undefined],
    ]);
    fake.assertReceived(key, 1);
  });

  for (const fault of ["connectionReset", "connectionClosed"] as const) {
    it(`${fault}: the request arrived unanswered; ${retriedWhenItMayHaveArrived ? "retried" : "not retried, the caller must check"}`, async () => {
      const { fake, call } = setup({ fault });
      const { error } = await settle(call());
      if (retriedWhenItMayHaveArrived) {
        expect(error).toBeUndefined();
        fake.assertReceived(key, 2);
        expect(fake.requestsOf(key).map((request) => request.attempt)).toEqual([1, 2]);
      } else {
        expect(error).toBeInstanceOf(APIConnectionError);
        expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
        // The SDK saw fetch's shape: a TypeError ("fetch failed" from undici, "Failed to fetch" from MSW) whose cause carries the socket's code.
        expect((error as Error).cause).toMatchObject({ name: "TypeError", cause: { code: fault === "connectionReset" ? "ECONNRESET" : "UND_ERR_SOCKET" } });
        fake.assertReceived(key, 1);
      }
    });
  }

  it(`noAnswer: the attempt times out; ${retriedWhenItMayHaveArrived ? "retried" : "not retried"}`, async () => {
    const { fake, call } = setup({ fault: "noAnswer" });
    const { error } = await settle(call());
    if (retriedWhenItMayHaveArrived) {
      expect(error).toBeUndefined();
      expect(fake.requestsOf(key).map((request) => request.outcome.fault)).toEqual(["noAnswer", undefined]);
    } else {
      expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      expect((error as Error).message).toContain(String(ATTEMPT_TIMEOUT_MS));
      fake.assertReceived(key, 1);
    }
  });

  for (const status of [503, 429] as const) {
    it(`retryAfter ${status}: ${retriedWhenItMayHaveArrived ? "retried after Retry-After (0 s by default), then the success" : "not retried"}`, async () => {
      const { fake, call } = setup({ fault: "retryAfter", status });
      const { error } = await settle(call());
      const answers = fake.requestsOf(key).map((request) => request.outcome);
      if (retriedWhenItMayHaveArrived) {
        expect(error).toBeUndefined();
        expect(answers).toEqual([{ fault: "retryAfter", status }, { status: 200 }]);
      } else {
        expect(error).toBeInstanceOf(status === 429 ? RateLimitError : APIError);
        expect((error as APIError).status).toBe(status);
        expect(answers).toEqual([{ fault: "retryAfter", status }]);
      }
    });
  }

  it("retryAfter: Retry-After is 0 s unless asked, so the retry follows at once", async () => {
    const { fake, call } = setup({ fault: "retryAfter" });
    const pending = call().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.requestsOf(key)).toHaveLength(retriedWhenItMayHaveArrived ? 2 : 1);
    await pending;
  });

  it("retryAfter: the wait the SDK takes is the Retry-After asked for", async () => {
    const { fake, call } = setup({ fault: "retryAfter", retryAfter: 7 });
    const pending = call().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(6_900);
    expect(fake.requestsOf(key)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.requestsOf(key)).toHaveLength(retriedWhenItMayHaveArrived ? 2 : 1);
    await pending;
  });

  it("malformedSuccess: an InvalidResponseError with accepted: true, never retried", async () => {
    const { fake, call } = setup({ fault: "malformedSuccess" });
    const { error } = await settle(call());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ accepted: true, status: successStatus(entry) });
    expect((error as InvalidResponseError).issues!.length).toBeGreaterThan(0);
    fake.assertReceived(key, 1);
  });

  it(`proxyErrorPage: an HTML 502; ${retriedWhenItMayHaveArrived ? "retried" : "an APIError of its status, not retried"}`, async () => {
    const { fake, call } = setup({ fault: "proxyErrorPage" });
    const { error } = await settle(call());
    if (retriedWhenItMayHaveArrived) {
      expect(error).toBeUndefined();
      fake.assertReceived(key, 2);
    } else {
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(502);
      fake.assertReceived(key, 1);
    }
  });

  it("refuses a fault option it does not know, and a malformedSuccess body that fits", () => {
    const fake = createFakePayWise();
    expect(() => fake.on(key).once({ fault: "connectionReset", status: 500 } as never)).toThrow(/unknown key "status"/);
    expect(() => fake.on(key).once({ fault: "meteorStrike" } as never)).toThrow(/unknown fault "meteorStrike"; the faults are connectionRefused, /);
    const success = entry.answers[successStatus(entry)]!;
    const fitting = success.sample ?? Object.values(success.examples)[0];
    expect(() => fake.on(key).once({ fault: "malformedSuccess", body: fitting })).toThrow(/needs a body that does not fit/);
  });
});
