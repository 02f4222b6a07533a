// The test file bench/fake/suite.mjs times (issue 20's budget: a test file of 100 calls through
// the fake, faults included, under a second): 100 SDK calls spread over every operation of the
// contract, one in four with a scripted fault the SDK retries or reports, on vitest's fake timers
// so that backoff and timeouts take no time. Not part of `npm test` (bench/ is not in its include).
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { APIError, PayWise, PayWiseError } from "../../src/index";
import { createFakePayWise, FAULT_NAMES, type FakeFault } from "../../src/testing/index";
import { FAKE_ENTRIES } from "../../src/testing/fake/operations";
import { callOf } from "../../test/helpers/fake-calls";

const CALLS = 100;
const fake = createFakePayWise();
const paywise = new PayWise({ fetch: fake.fetch, baseUrl: "https://paywise.test", subscriptionKey: "0123456789abcdef0123456789abcdef", originCountry: "TT", ipAddress: "203.0.113.7", timeout: 5_000 });
const outcomes = { resolved: 0, rejected: 0 };

// CPU time of the 100 tests, which a loaded machine inflates far less than their wall time.
let cpuAtStart: NodeJS.CpuUsage;
beforeAll(() => void (cpuAtStart = process.cpuUsage()));
afterAll(() => {
  const cpu = process.cpuUsage(cpuAtStart);
  if (process.env.PAYWISE_FAKE_BENCH_OUT) writeFileSync(process.env.PAYWISE_FAKE_BENCH_OUT, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 }));
  // Every call ended one way or the other, and the fake saw at least one request per call.
  expect(outcomes.resolved + outcomes.rejected).toBe(CALLS);
  expect(fake.requests.length).toBeGreaterThanOrEqual(CALLS);
});

for (let i = 0; i < CALLS; i++) {
  const entry = FAKE_ENTRIES[i % FAKE_ENTRIES.length]!;
  const fault = i % 4 === 3 ? FAULT_NAMES[(i >> 2) % FAULT_NAMES.length] : undefined;
  it(`call ${i + 1}: ${entry.key}${fault ? ` after ${fault}` : ""}`, async () => {
    vi.useFakeTimers();
    try {
      if (fault) fake.on(entry.key).once({ fault } as FakeFault as never);
      const call = callOf(paywise, entry).then(
        () => void outcomes.resolved++,
        (error: unknown) => {
          expect(error).toBeInstanceOf(PayWiseError);
          if (!fault) expect(error).not.toBeInstanceOf(APIError);
          outcomes.rejected++;
        },
      );
      await vi.runAllTimersAsync();
      await call;
    } finally {
      vi.useRealTimers();
    }
  });
}
