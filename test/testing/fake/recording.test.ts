// What the fake records, for every operation of the contract: operation, attempt number, parsed
// input and headers, with no secret (the subscription key, the input's tokens) in the recordings,
// in util.inspect or JSON.stringify of them or of the fake, in a failed assertion's message, or
// in what a vitest snapshot would hold.
import { inspect } from "node:util";
import { format } from "@vitest/pretty-format";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakePayWise, FakeAssertionError } from "../../../src/testing/index";
import { successStatus } from "../../../src/testing/fake/operations";
import { FAKE_ENTRIES, callOf, fakeClient, inputOf, sdkRequestOf, secretsOf } from "../../helpers/fake-calls";
import { sensitiveKind } from "../../../src/redact";

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe.each(FAKE_ENTRIES.map((entry) => [entry.key, entry] as const))("%s", (key, entry) => {
  it("records each attempt with its operation, attempt number, input and headers, secrets redacted", async () => {
    const fake = createFakePayWise();
    fake.on(key).once({ fault: "connectionRefused" });
    const call = callOf(fakeClient({ fetch: fake.fetch }), entry);
    await vi.runAllTimersAsync();
    await call;
    const [refused, sent] = fake.requestsOf(key);
    expect(refused).toMatchObject({ operation: key, attempt: 1, reachedServer: false, method: entry.descriptor.method.toUpperCase(), path: entry.descriptor.path });
    expect(sent).toMatchObject({ operation: key, attempt: 2, reachedServer: true, outcome: { status: successStatus(entry) } });
    const input = inputOf(entry);
    const expected = Object.fromEntries(Object.entries(input).map(([field, value]) => [field, sensitiveKind(field) === "secret" ? "[REDACTED]" : value]));
    expect(sent!.input).toEqual(expected);
    expect(sent!.headers["pw-subscription-key"]).toBe("[REDACTED]");
    expect(sent!.headers["pw-origin-country"]).toBeDefined();
    expect(sent!.query.version).toBeDefined();
  });

  it("holds no secret in recordings, inspections, JSON, snapshots or failure messages", async () => {
    const fake = createFakePayWise();
    // A fault that retries, a contract refusal and a success: every path that records.
    fake.on(key).once({ fault: "connectionReset" });
    const call = callOf(fakeClient({ fetch: fake.fetch }), entry).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    await call;
    const { url, init } = await sdkRequestOf(entry, fake.fetch);
    await fake.fetch(url, { ...init, headers: { ...init.headers, "PW-origin-country": "xx" } });
    let failure: unknown;
    try {
      fake.assertReceived(key, 99);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(FakeAssertionError);
    const renderings = [
      JSON.stringify(fake.requests),
      inspect(fake.requests, { depth: null }),
      inspect(fake, { depth: null, getters: true }),
      JSON.stringify(fake),
      format(fake.requests),
      String(failure),
      inspect(failure, { depth: null }),
    ];
    for (const secret of secretsOf(entry)) for (const text of renderings) expect(text).not.toContain(secret);
    expect(fake.requests.length).toBeGreaterThanOrEqual(3);
  });
});

describe("assertions", () => {
  const entry = FAKE_ENTRIES.find((candidate) => candidate.descriptor.headerOptions.some((option) => option.uuidDefault))!;
  const retried = FAKE_ENTRIES.find((candidate) => candidate.descriptor.retryMode === "idempotent")!;
  const unsentOnly = FAKE_ENTRIES.find((candidate) => candidate.descriptor.retryMode === "unsent-only")!;

  it("assertReceived counts what reached the fake, and says what it got when it fails", async () => {
    const fake = createFakePayWise();
    fake.on(unsentOnly.key).once({ fault: "connectionReset" });
    await callOf(fakeClient({ fetch: fake.fetch }), unsentOnly).catch(() => {});
    fake.assertReceived(unsentOnly.key, 1);
    expect(() => fake.assertReceived(unsentOnly.key, 2)).toThrow(`${unsentOnly.key} was received 1 time, expected exactly 2 (fake seed ${fake.seed}). Received:\n  ${unsentOnly.key} call 1 attempt 1: ${unsentOnly.descriptor.method.toUpperCase()} ${unsentOnly.descriptor.path} -> connectionReset`);
  });

  it("groups attempts into calls: a repeat after a fault the SDK retries is the next attempt", async () => {
    const fake = createFakePayWise();
    fake.on(retried.key).times(2, { fault: "connectionReset" });
    const client = fakeClient({ fetch: fake.fetch });
    const first = callOf(client, retried);
    await vi.runAllTimersAsync();
    await first;
    await callOf(client, retried);
    expect(fake.callsOf(retried.key).map((call) => call.map((request) => request.attempt))).toEqual([[1, 2, 3], [1]]);
  });

  it.skipIf(!entry)("assertSameRequestIdOnEveryAttempt passes for the SDK's retries and fails when an attempt changes it", async () => {
    const fake = createFakePayWise();
    fake.on(entry!.key).once({ fault: "connectionReset" });
    const call = callOf(fakeClient({ fetch: fake.fetch }), entry!);
    await vi.runAllTimersAsync();
    await call;
    fake.assertSameRequestIdOnEveryAttempt(entry!.key);

    const other = createFakePayWise();
    other.on(entry!.key).once({ fault: "connectionReset" });
    const { url, init } = await sdkRequestOf(entry!, createFakePayWise().fetch);
    await other.fetch(url, init).catch(() => {});
    await other.fetch(url, { ...init, headers: { ...init.headers, "PW-request-id": crypto.randomUUID() } });
    expect(() => other.assertSameRequestIdOnEveryAttempt(entry!.key)).toThrow(FakeAssertionError);
    expect(() => other.assertSameRequestIdOnEveryAttempt(entry!.key)).toThrow(new RegExp(`call 1's attempt 2 carried PW-request-id [0-9a-f-]{36}, attempt 1 carried ${init.headers["PW-request-id"]}`));
  });

  it("reset forgets requests and scripts", async () => {
    const fake = createFakePayWise();
    fake.on(retried.key).always({ fault: "malformedSuccess" });
    await callOf(fakeClient({ fetch: fake.fetch }), retried).catch(() => {});
    fake.reset();
    expect(fake.requests).toEqual([]);
    await callOf(fakeClient({ fetch: fake.fetch }), retried);
  });
});
