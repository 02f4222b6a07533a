// The kit as a service's own tests use it (issue 29): concurrent calls with faults for every
// operation, through the fake's fetch and through MSW; a double submit; a call that gave up; faults
// by input and by seeded rate; and a 200-call onboarding run at a 5% fault rate in which every
// call settles and no customer is registered twice. Vitest's fake timers drive every wait.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { APIConnectionError, RateLimitError, type PayWise } from "../../../src/index";
import { createFakePayWise, FakeAssertionError, type FakeFault, type FakePayWise } from "../../../src/testing/index";
import { paywiseHandlers } from "../../../src/testing/msw";
import { MAX_RETRY_AFTER_MS, retryDecision, type AttemptFailure } from "../../../src/retry";
import { sensitiveKind } from "../../../src/redact";
import { FAKE_ENTRIES, callOf, fakeClient, inputOf, methodOf } from "../../helpers/fake-calls";
import type { RecordedRequest } from "../../../src/testing/fake/recording";

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const MSW_BASE_URL = "http://127.0.0.1:9/paywise";
const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest: "error" }));
afterAll(() => msw.close());

/** Settles every promise while the fake clock runs through each wait and timeout. */
async function settleAll<T>(promises: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  const all = Promise.allSettled(promises);
  await vi.runAllTimersAsync();
  return all;
}

const WAYS = ["the fake's fetch", "MSW handlers"] as const;
function clientFor(fake: FakePayWise, way: (typeof WAYS)[number], options: object = {}): PayWise {
  if (way === "the fake's fetch") return fakeClient({ fetch: fake.fetch, ...options });
  msw.resetHandlers(...paywiseHandlers(fake, { baseUrl: MSW_BASE_URL }));
  return fakeClient({ baseUrl: MSW_BASE_URL, ...options });
}

/** What the retry decision (src/retry.ts) reads of an attempt the fake recorded, given the step it scripted. */
function failureOf(request: RecordedRequest, fault: FakeFault): AttemptFailure {
  if (request.outcome.status === undefined) return { mayHaveReachedPayWise: request.reachedServer };
  return { status: request.outcome.status, retryAfter: fault.fault === "retryAfter" ? String(fault.retryAfter ?? 0) : null };
}

const FAULTS: FakeFault[] = [
  { fault: "connectionRefused" },
  { fault: "connectionReset" },
  { fault: "connectionClosed" },
  { fault: "noAnswer" },
  { fault: "retryAfter", status: 503 },
  { fault: "retryAfter", status: 429, retryAfter: 120 },
  { fault: "malformedSuccess" },
  { fault: "proxyErrorPage" },
];

describe.each(WAYS.flatMap((way) => FAKE_ENTRIES.map((entry) => [entry.key, way, entry] as const)))("%s through %s", (key, way, entry) => {
  // The kit and the transport agree: each recorded attempt is followed by another exactly when the
  // one retry decision says so, and a connection error says what the recording says of its arrival.
  it.each(FAULTS.map((fault) => [JSON.stringify(fault), fault] as const))("agrees with the SDK's retry decision on %s", async (_name, fault) => {
    const fake = createFakePayWise();
    fake.on(key).once(fault as never);
    const [settled] = await settleAll([callOf(clientFor(fake, way, { maxRetries: 2, timeout: 5_000 }), entry)]);
    const result = settled!;
    const [call, ...others] = fake.callsOf(key);
    expect(others).toEqual([]);
    const first = call![0]!;
    const decision = retryDecision(entry.descriptor.retryMode, failureOf(first, fault), 1);
    expect(call!.length).toBe(decision.retry ? 2 : 1);
    if (result.status === "rejected" && result.reason instanceof APIConnectionError) {
      expect(result.reason.mayHaveReachedPayWise).toBe(first.reachedServer);
    }
    if (!decision.retry && decision.note) expect(String((result as PromiseRejectedResult).reason?.message)).toContain(decision.note);
  });

  it("groups concurrent calls by call, each with its own attempts, one of them reset once", async () => {
    const fake = createFakePayWise();
    const client = clientFor(fake, way);
    // Four concurrent calls; only the first one's input meets a fault, on its first attempt only.
    const inputs = [0, 1, 2, 3].map((index) => ({ ...inputOf(entry), ...distinct(entry, index) }));
    const { field } = distinctField(entry);
    let faulted = false;
    fake.on(key).when((input) => !faulted && valueOf(input, field) === inputs[0]![field] && (faulted = true), { fault: "connectionRefused" });
    const results = await settleAll(inputs.map((input) => methodOf(client, entry)(input)));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    const calls = fake.callsOf(key);
    expect(calls.map((attempts) => attempts.map((request) => request.attempt))).toEqual([[1, 2], [1], [1], [1]]);
    // Every attempt of a call carries that call's input.
    for (const [index, attempts] of calls.entries()) for (const request of attempts) expect(valueOf(request.input, field)).toBe(inputs[index]![field]);
  });

  it("numbers a call that gave up and the next call from attempt 1", async () => {
    const fake = createFakePayWise();
    const client = clientFor(fake, way, { maxRetries: 1 });
    fake.on(key).times(2, { fault: "connectionRefused" });
    const [gaveUp] = await settleAll([callOf(client, entry)]);
    expect(gaveUp!.status).toBe("rejected");
    expect((gaveUp as PromiseRejectedResult).reason).toMatchObject({ mayHaveReachedPayWise: false });
    await settleAll([callOf(client, entry)]);
    expect(fake.callsOf(key).map((attempts) => attempts.map((request) => request.attempt))).toEqual([[1, 2], [1]]);
  });
});

const withRequestId = FAKE_ENTRIES.find((entry) => entry.descriptor.headerOptions.some((option) => option.uuidDefault));
const unsentOnly = FAKE_ENTRIES.find((entry) => entry.descriptor.retryMode === "unsent-only")!;

describe.each(WAYS)("through %s", (way) => {
  it.skipIf(!withRequestId)("numbers a double submit per call, and each keeps its own PW-request-id", async () => {
    const entry = withRequestId!;
    const fake = createFakePayWise();
    const client = clientFor(fake, way);
    fake.on(entry.key).once({ fault: "connectionReset" });
    // The same body twice at once, as a double-clicked button sends it.
    await settleAll([callOf(client, entry), callOf(client, entry)]);
    expect(fake.callsOf(entry.key).map((attempts) => attempts.map((request) => request.attempt))).toEqual([[1, 2], [1]]);
    fake.assertSameRequestIdOnEveryAttempt(entry.key);
    const [first, second] = fake.callsOf(entry.key);
    expect(first![0]!.headers["pw-request-id"]).not.toBe(second![0]!.headers["pw-request-id"]);
  });

  it(`tells the caller of ${unsentOnly.key} that PayWise may have received it, and to check before trying again`, async () => {
    const fake = createFakePayWise();
    fake.on(unsentOnly.key).once({ fault: "connectionReset" });
    const [result] = await settleAll([callOf(clientFor(fake, way), unsentOnly)]);
    const error = (result as PromiseRejectedResult).reason as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.mayHaveReachedPayWise).toBe(true);
    expect(error.message).toMatch(/may have received the request.*not safe to repeat.*check the account's status before trying again/);
    fake.assertReceived(unsentOnly.key, 1);
  });

  it("says a refused connection sent nothing and is safe to try again", async () => {
    const fake = createFakePayWise();
    fake.on(unsentOnly.key).always({ fault: "connectionRefused" });
    const [result] = await settleAll([callOf(clientFor(fake, way), unsentOnly)]);
    const error = (result as PromiseRejectedResult).reason as APIConnectionError;
    expect(error.mayHaveReachedPayWise).toBe(false);
    expect(error.message).toMatch(/nothing was sent.*trying again is safe/);
    fake.assertReceived(unsentOnly.key, 0);
  });
});

it("says the SDK gave up waiting when Retry-After asks for more than its ceiling, and how long was asked", async () => {
  const entry = FAKE_ENTRIES.find((candidate) => candidate.descriptor.retryMode === "idempotent")!;
  const fake = createFakePayWise();
  const askedSeconds = MAX_RETRY_AFTER_MS / 1000 + 1;
  fake.on(entry.key).once({ fault: "retryAfter", status: 429, retryAfter: askedSeconds });
  const [result] = await settleAll([callOf(fakeClient({ fetch: fake.fetch }), entry)]);
  const error = (result as PromiseRejectedResult).reason as RateLimitError;
  expect(error).toBeInstanceOf(RateLimitError);
  expect(error.retryAfterMs).toBe(askedSeconds * 1000);
  expect(error.message).toContain(`The SDK gave up waiting: PayWise asked for ${askedSeconds} s (Retry-After), over the ${MAX_RETRY_AFTER_MS / 1000} s it waits`);
  fake.assertReceived(entry.key, 1);
});

describe("faults by rate", () => {
  const entry = FAKE_ENTRIES.find((candidate) => candidate.descriptor.retryMode === "idempotent")!;
  const run = async (seed: number) => {
    const fake = createFakePayWise({ seed });
    fake.on(entry.key).rate(0.3, { fault: "connectionReset" });
    await settleAll(Array.from({ length: 30 }, () => callOf(fakeClient({ fetch: fake.fetch, maxRetries: 5 }), entry)));
    return fake;
  };

  it("draws the same faults for the same seed, and prints the seed when an assertion fails", async () => {
    const outcomes = async (seed: number) => (await run(seed)).requestsOf(entry.key).map((request) => request.outcome.fault ?? "answered");
    const first = await outcomes(7);
    expect(await outcomes(7)).toEqual(first);
    expect(await outcomes(8)).not.toEqual(first);
    // About 30% of attempts: each attempt draws on its own, retries included.
    const faults = first.filter((outcome) => outcome === "connectionReset").length;
    expect(faults).toBeGreaterThan(0);
    expect(faults).toBeLessThan(first.length);
    const fake = await run(7);
    expect(() => fake.assertReceived(entry.key, 0)).toThrow(/\(fake seed 7\)/);
    expect(() => fake.assertReceived(entry.key, 0)).toThrow(FakeAssertionError);
  });

  it("refuses a fraction outside 0 to 1 and a seed that is not a 32-bit whole number", () => {
    expect(() => createFakePayWise().on(entry.key).rate(1.5, { fault: "connectionReset" })).toThrow(/rate takes a fraction from 0 to 1, not 1.5/);
    expect(() => createFakePayWise({ seed: -1 })).toThrow(/seed must be a whole number from 0 to 4294967295/);
  });
});

// A service's onboarding: a session, the account's status, then register, for 200 customers at
// once, with 5% of every operation's attempts failing by a seeded rate.
it("runs 200 onboardings at a 5% fault rate: every call settles and no customer is registered twice", async () => {
  const fake = createFakePayWise({ seed: 29 });
  const client = fakeClient({ fetch: fake.fetch });
  const faults: FakeFault[] = [{ fault: "connectionReset" }, { fault: "noAnswer" }, { fault: "retryAfter" }, { fault: "connectionRefused" }];
  for (const entry of FAKE_ENTRIES) for (const fault of faults) fake.on(entry.key).rate(0.05 / faults.length, fault as never);
  const register = unsentOnly;
  const customers = 200;
  const onboard = async (index: number) => {
    for (const entry of FAKE_ENTRIES.filter((candidate) => candidate !== register)) await callOf(client, entry, { timeout: 5_000 });
    return methodOf(client, register)({ ...inputOf(register), ...distinct(register, index, customers) }, { timeout: 5_000 });
  };
  const results = await settleAll(Array.from({ length: customers }, (_, index) => onboard(index)));
  expect(results).toHaveLength(customers);
  // Some onboardings met a fault they could not get past, and each says whether PayWise may have it.
  const failed = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
  expect(failed.length).toBeGreaterThan(0);
  for (const { reason } of failed) if (reason instanceof APIConnectionError) expect(typeof reason.mayHaveReachedPayWise).toBe("boolean");
  const received = new Map<string, number>();
  for (const request of fake.requestsOf(register.key).filter((candidate) => candidate.reachedServer)) {
    const customer = JSON.stringify(request.input);
    received.set(customer, (received.get(customer) ?? 0) + 1);
  }
  expect(received.size).toBeGreaterThan(150);
  expect([...received.values()].filter((count) => count > 1)).toEqual([]);
});

/** How a test makes `count` calls of an operation differ: which input field, and how many of its last characters become the call's index. */
interface Distinct {
  field: string;
  width: number;
}
const distinctions = new Map<string, Distinct>();

/**
 * A non-secret string field of the operation's documented input whose last characters can hold a
 * call's index, such that each of `count` calls sends a different input the contract accepts (a
 * mobile number's last digits, a period's month, a statement id): found by trying, against the
 * operation's own input schema, so any contract's operations get one.
 */
function distinctField(entry: (typeof FAKE_ENTRIES)[number], count = 4): Distinct {
  const known = distinctions.get(`${entry.key}#${count}`);
  if (known) return known;
  const input = inputOf(entry);
  const least = String(count - 1).length;
  for (const [field, value] of Object.entries(input)) {
    if (typeof value !== "string" || sensitiveKind(field) === "secret") continue;
    for (let width = Math.min(3, value.length); width >= least; width--) {
      const variants = Array.from({ length: count }, (_, index) => ({ ...input, [field]: withIndex(value, width, index) }));
      if (variants.every((variant) => entry.descriptor.inputSchema.safeParse(variant).success)) {
        const found = { field, width };
        distinctions.set(`${entry.key}#${count}`, found);
        return found;
      }
    }
  }
  throw new Error(`${entry.key}: no string field of its input can tell ${count} calls apart`);
}

function withIndex(value: string, width: number, index: number): string {
  return value.slice(0, value.length - width) + String(index).padStart(width, "0");
}

/** The input's distinct field made to end in the index, for one of `count` calls. */
function distinct(entry: (typeof FAKE_ENTRIES)[number], index: number, count = 4): Record<string, unknown> {
  const { field, width } = distinctField(entry, count);
  return { [field]: withIndex(inputOf(entry)[field] as string, width, index) };
}

function valueOf(input: unknown, field: string): unknown {
  return (input as Record<string, unknown>)[field];
}
