// The retry policy as pure functions: backoff, Retry-After, and "provably not sent". The fault
// matrix (test/reliability) checks the same policy end to end; these pin the numbers without
// waiting for them.
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_RETRIES,
  INITIAL_RETRY_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  MAX_RETRY_DELAY_MS,
  RETRYABLE_STATUSES,
  RETRY_JITTER,
  backoffDelayMs,
  parseRetryAfter,
  provablyNotSent,
  retryDecision,
} from "../src/retry";
import { refusingUrl, startFaultServer, type FaultServer } from "./helpers/fault-server";

const NOW = Date.UTC(2026, 1, 11, 3, 59, 46);
const never = () => 0;
const always = () => 1;

describe("the policy issue 4 sets", () => {
  it("retries exactly 408, 429, 500, 502, 503 and 504", () => {
    expect([...RETRYABLE_STATUSES].sort()).toEqual([408, 429, 500, 502, 503, 504]);
  });

  it("retries twice by default", () => {
    expect(DEFAULT_MAX_RETRIES).toBe(2);
  });
});

describe("backoffDelayMs", () => {
  it("starts at the initial delay and doubles with each retry", () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(retry, never))).toEqual([500, 1000, 2000, 4000].map((ms) => (ms / 500) * INITIAL_RETRY_DELAY_MS));
  });

  it("never goes above the cap, however many retries", () => {
    for (const retry of [5, 6, 10, 50]) expect(backoffDelayMs(retry, never)).toBe(MAX_RETRY_DELAY_MS);
  });

  it("takes off at most the jitter fraction, at random", () => {
    expect(backoffDelayMs(1, always)).toBe(Math.round(INITIAL_RETRY_DELAY_MS * (1 - RETRY_JITTER)));
    expect(backoffDelayMs(1, () => 0.5)).toBe(Math.round(INITIAL_RETRY_DELAY_MS * (1 - RETRY_JITTER / 2)));
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(3);
      expect(delay).toBeGreaterThanOrEqual(4 * INITIAL_RETRY_DELAY_MS * (1 - RETRY_JITTER));
      expect(delay).toBeLessThanOrEqual(4 * INITIAL_RETRY_DELAY_MS);
    }
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfter("0", NOW)).toBe(0);
    expect(parseRetryAfter("3", NOW)).toBe(3000);
    expect(parseRetryAfter(" 120 ", NOW)).toBe(120_000);
  });

  it("reads an HTTP date in each of the three RFC 9110 forms", () => {
    expect(parseRetryAfter("Wed, 11 Feb 2026 04:00:16 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfter("Wednesday, 11-Feb-26 04:00:16 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfter("Wed Feb 11 04:00:16 2026", NOW + new Date(NOW).getTimezoneOffset() * 60_000)).toBe(30_000);
  });

  it("reads a date in the past as no wait", () => {
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).toBe(0);
  });

  it.each(["soon", "", "1.5", "-1", "1,5", "2026-02-11", "0x10", "Infinity"])("does not read %j, so the backoff applies", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it("has nothing to read when the header is absent", () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe("retryDecision", () => {
  const answered = (status: number, retryAfter: string | null) => ({ status, retryAfter });
  const delayOf = (decision: ReturnType<typeof retryDecision>) => (decision.retry ? decision.delayMs : undefined);

  it("waits what Retry-After asks, up to and including the ceiling", () => {
    expect(delayOf(retryDecision("idempotent", answered(503, "2"), 1, NOW))).toBe(2000);
    expect(delayOf(retryDecision("idempotent", answered(429, String(MAX_RETRY_AFTER_MS / 1000)), 1, NOW))).toBe(MAX_RETRY_AFTER_MS);
  });

  it("does not retry when Retry-After asks for more than the ceiling, and says it gave up waiting and how long was asked", () => {
    const over = retryDecision("idempotent", answered(503, String(MAX_RETRY_AFTER_MS / 1000 + 1)), 1, NOW);
    expect(over).toEqual({ retry: false, note: expect.stringContaining(`gave up waiting: PayWise asked for ${MAX_RETRY_AFTER_MS / 1000 + 1} s`) });
    expect(retryDecision("idempotent", answered(503, new Date(NOW + MAX_RETRY_AFTER_MS + 1000).toUTCString()), 1, NOW).retry).toBe(false);
  });

  it("backs off when Retry-After is absent or unreadable", () => {
    for (const header of [null, "1.5", "later"]) {
      const delay = delayOf(retryDecision("idempotent", answered(502, header), 2, NOW))!;
      expect(delay).toBeGreaterThanOrEqual(2 * INITIAL_RETRY_DELAY_MS * (1 - RETRY_JITTER));
      expect(delay).toBeLessThanOrEqual(2 * INITIAL_RETRY_DELAY_MS);
    }
  });

  it("retries a status only for an operation safe to repeat, and only a retryable one", () => {
    for (const status of RETRYABLE_STATUSES) {
      expect(retryDecision("idempotent", answered(status, "0"), 1, NOW).retry).toBe(true);
      expect(retryDecision("unsent-only", answered(status, "0"), 1, NOW).retry).toBe(false);
    }
    expect(retryDecision("idempotent", answered(400, "0"), 1, NOW).retry).toBe(false);
  });

  it("retries a failure without an answer unless it may have reached PayWise for an operation not safe to repeat", () => {
    expect(retryDecision("idempotent", { mayHaveReachedPayWise: true }, 1).retry).toBe(true);
    expect(retryDecision("unsent-only", { mayHaveReachedPayWise: false }, 1).retry).toBe(true);
    expect(retryDecision("unsent-only", { mayHaveReachedPayWise: true }, 1).retry).toBe(false);
  });
});

describe("provablyNotSent", () => {
  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ConnectionRefused", "UND_ERR_CONNECT_TIMEOUT", "ERR_TLS_CERT_ALTNAME_INVALID", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"])("is true for %s, found through causes", (code) => {
    expect(provablyNotSent({ code })).toBe(true);
    expect(provablyNotSent(new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code }) }))).toBe(true);
  });

  // EHOSTUNREACH and ENETUNREACH also come from an ICMP error on a connection that was already
  // sending (docs/RELIABILITY.md), so they prove nothing.
  it.each(["ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH", "ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC"])("is false for %s: the request may have gone out", (code) => {
    expect(provablyNotSent(new TypeError("fetch failed", { cause: Object.assign(new Error("socket"), { code }) }))).toBe(false);
  });

  it("is true for an AggregateError only when every address refused", () => {
    const refused = () => Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
    expect(provablyNotSent({ cause: new AggregateError([refused(), refused()]) })).toBe(true);
    expect(provablyNotSent({ cause: new AggregateError([refused(), Object.assign(new Error("reset"), { code: "ECONNRESET" })]) })).toBe(false);
    expect(provablyNotSent(new AggregateError([]))).toBe(false);
  });

  it("is false for values that are not errors and for causes nested past its depth", () => {
    for (const value of [null, undefined, "ECONNREFUSED", 42]) expect(provablyNotSent(value)).toBe(false);
    let deep: object = { code: "ECONNREFUSED" };
    for (let i = 0; i < 10; i++) deep = { cause: deep };
    expect(provablyNotSent(deep)).toBe(false);
  });

  describe("with real fetch failures", () => {
    let server: FaultServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    const failureOf = (url: string) => fetch(url, { method: "POST", body: "{}" }).then(() => undefined, (error: unknown) => error);

    it("is true for the error fetch throws when the port refuses", async () => {
      const error = await failureOf((await refusingUrl()).url);
      expect(error).toBeInstanceOf(TypeError);
      expect(provablyNotSent(error)).toBe(true);
    });

    it("is false for the error fetch throws when the server drops the connection", async () => {
      server = await startFaultServer({ fallback: { kind: "reset" } });
      const error = await failureOf(server.url);
      expect(error).toBeInstanceOf(TypeError);
      expect(provablyNotSent(error)).toBe(false);
    });
  });
});
