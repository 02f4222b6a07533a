// A total deadline per call (issue 15, item 3): attempts and the waits between them stay within
// `totalTimeout`; a retry that would pass it is not made, and the last error says so.
import { describe, expect, it } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, InternalServerError, InvalidRequestError, RateLimitError } from "../src/index";
import { CallDeadline, DEFAULT_TOTAL_TIMEOUT_MS } from "../src/deadlines";
import { resolveOptions } from "../src/options";
import { INITIAL_RETRY_DELAY_MS, RETRY_JITTER } from "../src/retry";
import { envelope, json, unitClient, validStatusQuery, statusAnswer } from "./helpers/fake-fetch";
import { caught } from "./helpers/renderings";

const failing = (status: number, retryAfter?: string) => () =>
  json(envelope({ status: "error", code: status, message: `failed with ${status}` }), status, retryAfter === undefined ? {} : { "retry-after": retryAfter });

describe("CallDeadline", () => {
  it("gives an attempt its own timeout while the call has longer left, and what is left once it has not", () => {
    const deadline = new CallDeadline(1_000, 0);
    expect(deadline.attemptTimeout(300, 0)).toEqual({ ms: 300, cut: false });
    expect(deadline.attemptTimeout(300, 800)).toEqual({ ms: 200, cut: true });
    expect(deadline.remaining(1_500)).toBe(0);
  });

  it("allows a wait only when time is left after it for another attempt", () => {
    const deadline = new CallDeadline(1_000, 0);
    expect(deadline.allowsWait(500, 0)).toBe(true);
    expect(deadline.allowsWait(500, 500)).toBe(false);
    expect(deadline.stoppedRetrying(500)).toBe("Not retried: waiting 500 ms for another attempt would pass the call's totalTimeout of 1000 ms.");
  });
});

describe("totalTimeout", () => {
  it("defaults to a few minutes, and is refused beyond what the timers honour or below 1, naming the option", async () => {
    const base = { subscriptionKey: "eed0d85c530c4b26a91d09b783d8fab3", originCountry: "TT", ipAddress: "203.0.113.7", baseUrl: "https://api.paywise.test" };
    expect(resolveOptions(base, {}).totalTimeout).toBe(DEFAULT_TOTAL_TIMEOUT_MS);
    expect(DEFAULT_TOTAL_TIMEOUT_MS).toBeGreaterThanOrEqual(60_000);
    expect(() => resolveOptions({ ...base, totalTimeout: 2 ** 31 - 1 }, {})).toThrow(/totalTimeout: must be a number of milliseconds above 0/);
    const { client, requests } = unitClient(statusAnswer);
    const error = (await caught(client.account.getStatus(validStatusQuery, { totalTimeout: 0 }))) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.issues.map((issue) => issue.path)).toEqual(["totalTimeout"]);
    expect(requests).toHaveLength(0);
  });

  it("stops before a Retry-After wait that would pass it, and the error says so", async () => {
    const { client, requests } = unitClient(failing(429, "60"), { maxRetries: 10, totalTimeout: 5_000 });
    const error = await caught(client.account.getStatus(validStatusQuery));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toBe("failed with 429 Not retried: waiting 60000 ms for another attempt would pass the call's totalTimeout of 5000 ms.");
    expect(requests).toHaveLength(1);
  });

  it("bounds attempts plus waits: waits that fit are made, the one that would pass it is not", { timeout: 15_000 }, async () => {
    // Each wait is Retry-After's 1 s: the first fits in 1.8 s, the second would not.
    const { client, requests } = unitClient(failing(503, "1"), { maxRetries: 10 });
    const error = await caught(client.account.getStatus(validStatusQuery, { totalTimeout: 1_800 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toMatch(/Not retried: waiting 1000 ms for another attempt would pass the call's totalTimeout of 1800 ms\.$/);
    expect(requests).toHaveLength(2);
  });

  it("stops before a backoff after a connection failure that would pass it", async () => {
    const refused = async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
    };
    let attempts = 0;
    // Just under the shortest first backoff, so that any wait would pass it; as long as that allows,
    // so that the refused attempt itself (its first call builds the schemas) cannot use it up under load.
    const totalTimeout = Math.floor(INITIAL_RETRY_DELAY_MS * (1 - RETRY_JITTER)) - 1;
    const { client } = unitClient(statusAnswer, { fetch: (() => (attempts++, refused())) as typeof fetch, maxRetries: 10, totalTimeout });
    const error = await caught(client.account.getStatus(validStatusQuery));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(new RegExp(`Not retried: waiting \\d+ ms for another attempt would pass the call's totalTimeout of ${totalTimeout} ms\\.$`));
    expect(attempts).toBe(1);
  });

  it("cuts an attempt short at the call's deadline, naming totalTimeout rather than timeout", { timeout: 15_000 }, async () => {
    let attempts = 0;
    const neverAnswers = ((_url: string, init: RequestInit) => {
      attempts++;
      return new Promise((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason)));
    }) as typeof fetch;
    const { client } = unitClient(statusAnswer, { fetch: neverAnswers, timeout: 60_000, maxRetries: 3, totalTimeout: 300 });
    const error = await caught(client.account.getStatus(validStatusQuery));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toBe("PayWise did not answer before the call's totalTimeout of 300 ms ran out (attempts and waits together); it may have received the request.");
    expect(attempts).toBe(1);
  });
});
