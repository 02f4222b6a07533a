// Issue 4's fault matrix, through the public API and real fetch against a loopback server that
// misbehaves on cue: each case asserts the exact error class (and its fields) and how many attempts
// the server saw. Retry-After: 0 keeps cases fast where the case is not about the wait itself.
// Each case has a server of its own, so the cases run concurrently: most of their time is a
// timeout, a backoff or a Retry-After waited out, which they then wait out together (issue 30,
// item 4). Only the case that fakes the clock runs alone.
import { describe, expect, it as base, onTestFinished, vi } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../src/index";
import { INITIAL_RETRY_DELAY_MS, MAX_RETRY_AFTER_MS, RETRY_JITTER } from "../../src/retry";
import { MAX_RESPONSE_BYTES } from "../../src/transport";
import {
  ENVELOPE_META,
  RETRIED_OPERATIONS,
  callOperation,
  captureLogger,
  errorEnvelope,
  inputs,
  operationPath,
  successBody,
  testClient,
  type OperationName,
} from "../helpers/fixtures";
import { refusingUrl, startFaultServer, type Behaviour, type FaultServer } from "../helpers/fault-server";
import { noteCase, printReportAfterAll } from "../helpers/reliability-report";
import { servedExample } from "../helpers/served";
import { operation, responseExamples } from "../helpers/spec";
import { WAIT_UNDER_LOAD } from "../helpers/wait";

printReportAfterAll("Fault matrix (outcome, attempts the server saw)");

/** A test's own fault server, started when the test names it and closed after it. */
const it = base.extend<{ server: FaultServer }>({
  // The empty pattern is how vitest reads that this fixture depends on no other.
  server: async ({}, use) => {
    const server = await startFaultServer();
    await use(server);
    await server.close();
  },
});

type ErrorClass = abstract new (...args: never[]) => Error;

/** Awaits a call that must fail; checks the error is exactly of `expected` (not a subclass or a TypeError). */
async function failure<E extends ErrorClass>(call: Promise<unknown>, expected: E): Promise<InstanceType<E>> {
  const error: unknown = await call.then(
    () => new Error("the call succeeded, but it was expected to fail"),
    (reason: unknown) => reason,
  );
  expect((error as Error).name).toBe(expected.name);
  expect(error).toBeInstanceOf(expected);
  expect(Object.getPrototypeOf(error)).toBe(expected.prototype);
  return error as InstanceType<E>;
}

function status(code: number, options: { retryAfter?: string; body?: string | object; contentType?: string } = {}): Behaviour {
  const body = options.body ?? errorEnvelope(code, `Upstream answered ${code}.`);
  return {
    kind: "respond",
    status: code,
    body,
    headers: {
      ...(options.retryAfter === undefined ? {} : { "retry-after": options.retryAfter }),
      ...(options.contentType === undefined ? {} : { "content-type": options.contentType }),
    },
  };
}

const GATEWAY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";
const CDN_PAGE =
  "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1></body></html>";

/** The good answer for each operation: what the contract's success example carries for the caller. */
const expectedPayload = (name: OperationName) => (value: unknown) => {
  const body = successBody(operationPath(name));
  expect(value).toEqual("data" in body ? body.data : Object.fromEntries(Object.entries(body).filter(([key]) => !ENVELOPE_META.includes(key))));
};
/** Every method the fixtures can call. */
const ALL_OPERATIONS = Object.keys(inputs) as OperationName[];
/** A method whose retry policy sends it again only when provably unsent (from the generated descriptors). */
const UNSENT_ONLY = ALL_OPERATIONS.find((name) => !RETRIED_OPERATIONS.includes(name));
if (!UNSENT_ONLY) throw new Error("no method of the contract is unsent-only, which these tests need");

describe.concurrent("connection refused", () => {
  it.each(ALL_OPERATIONS)(
    "retries %s while the connection is refused, then throws APIConnectionError",
    async (name) => {
      const refused = await refusingUrl();
      let attempts = 0;
      const client = testClient(refused.url, {
        maxRetries: 1,
        fetch: (input, init) => {
          attempts++;
          return fetch(input, init);
        },
      });
      const error = await failure(callOperation(client, name), APIConnectionError);
      expect(error).not.toHaveProperty("status");
      expect(attempts).toBe(2);
      noteCase("connection refused (maxRetries 1; attempts counted at fetch, none reached a server)", name, error.name, attempts);
    },
  );

  it.each(ALL_OPERATIONS)(
    "retries %s refused on its first attempt and succeeds once the server listens",
    async (name) => {
      const refused = await refusingUrl();
      let late: FaultServer | undefined;
      let attempts = 0;
      const client = testClient(refused.url, {
        fetch: async (input, init) => {
          attempts++;
          try {
            return await fetch(input, init);
          } catch (error) {
            // The server comes up during the backoff, on the port that refused the first attempt.
            late ??= await startFaultServer({ port: refused.port });
            late.script({ kind: "ok" });
            throw error;
          }
        },
      });
      try {
        expectedPayload(name)(await callOperation(client, name));
        expect(attempts).toBe(2);
        expect(late?.requests).toHaveLength(1);
        noteCase(`connection refused, then a good answer (${attempts} attempts at fetch)`, name, "success", late!.requests.length);
      } finally {
        await late?.close();
      }
    },
  );
});

describe.concurrent("unreachable host or network", () => {
  /** What undici's fetch throws when connect() or a later write fails with `code`. */
  const unreachable = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`connect ${code} 192.0.2.1:443`), { code }) });

  it.for(["EHOSTUNREACH", "ENETUNREACH"])(`does not retry ${UNSENT_ONLY} after %s, which can follow a sent request`, async (code, { server }) => {
    let attempts = 0;
    const client = testClient(server.url, {
      maxRetries: 2,
      fetch: async () => {
        attempts++;
        throw unreachable(code);
      },
    });
    await failure(callOperation(client, UNSENT_ONLY), APIConnectionError);
    expect(attempts).toBe(1);
    noteCase(`${code} (from an injected fetch)`, UNSENT_ONLY, "APIConnectionError", attempts);
  });

  it.for(["EHOSTUNREACH", "ENETUNREACH"])("retries getBalance after %s", async (code, { server }) => {
    let attempts = 0;
    const client = testClient(server.url, {
      maxRetries: 1,
      fetch: async () => {
        attempts++;
        throw unreachable(code);
      },
    });
    await failure(callOperation(client, "getBalance"), APIConnectionError);
    expect(attempts).toBe(2);
  });
});

describe.concurrent("connection cut", () => {
  const cuts: [string, Behaviour][] = [
    ["reset before headers", { kind: "reset" }],
    ["reset mid-body", { kind: "reset-mid-body", body: JSON.stringify(errorEnvelope(200, "x".repeat(2000))), sendBytes: 200 }],
  ];

  describe.each(cuts)("%s", (fault, behaviour) => {
    it.for(RETRIED_OPERATIONS)(`retries %s after a ${fault} and succeeds`, async (name, { server }) => {
      server.script(behaviour, { kind: "ok" });
      expectedPayload(name)(await callOperation(testClient(server.url), name));
      expect(server.requests).toHaveLength(2);
      noteCase(`${fault}, then a good answer`, name, "success", server.requests.length);
    });

    it(`does not retry ${UNSENT_ONLY} after a ${fault}`, async ({ server }) => {
      server.script(behaviour, { kind: "ok" });
      const error = await failure(callOperation(testClient(server.url), UNSENT_ONLY), APIConnectionError);
      expect(server.requests).toHaveLength(1);
      noteCase(fault, UNSENT_ONLY, error.name, server.requests.length);
    });

    it(`throws APIConnectionError after maxRetries + 1 attempts when every attempt is a ${fault}`, async ({ server }) => {
      server.script(behaviour, behaviour);
      const error = await failure(callOperation(testClient(server.url, { maxRetries: 1 }), "getBalance"), APIConnectionError);
      expect(server.requests).toHaveLength(2);
      noteCase(`${fault}, every attempt (maxRetries 1)`, "getBalance", error.name, server.requests.length);
    });
  });
});

describe.concurrent("a server that never answers", () => {
  it.for(RETRIED_OPERATIONS)("retries %s after its attempt times out and succeeds", async (name, { server }) => {
    server.script({ kind: "hang" }, { kind: "ok" });
    // The timeout is per attempt, so the good second attempt must fit in it too, on a busy machine.
    expectedPayload(name)(await callOperation(testClient(server.url), name, { timeout: 1_000 }));
    expect(server.requests).toHaveLength(2);
    noteCase("no answer (timeout 1 s), then a good answer", name, "success", server.requests.length);
  });

  it(`does not retry ${UNSENT_ONLY} after a timeout`, async ({ server }) => {
    server.script({ kind: "hang" }, { kind: "ok" });
    // Long enough for the request to reach the server on a loaded machine: the point is that the
    // one request that arrived is not sent again.
    const error = await failure(callOperation(testClient(server.url, { timeout: 2_000 }), UNSENT_ONLY), APIConnectionTimeoutError);
    expect(error.message).toContain("2000 ms");
    expect(server.requests).toHaveLength(1);
    noteCase("no answer (timeout 2 s)", UNSENT_ONLY, error.name, server.requests.length);
  });

  it("throws APIConnectionTimeoutError after maxRetries + 1 attempts that all time out", async ({ server }) => {
    server.script({ kind: "hang" }, { kind: "hang" });
    const error = await failure(callOperation(testClient(server.url, { timeout: 2_000, maxRetries: 1 }), "getStatus"), APIConnectionTimeoutError);
    expect(server.requests).toHaveLength(2);
    noteCase("no answer, every attempt (timeout 2 s, maxRetries 1)", "getStatus", error.name, server.requests.length);
  });
});

describe.concurrent("a server that stops in the middle of its answer", () => {
  const stall: Behaviour = { kind: "stall-mid-body", body: JSON.stringify(errorEnvelope(200, "x".repeat(2000))), sendBytes: 100 };

  it("times out an attempt whose body stops coming, then retries and succeeds", async ({ server }) => {
    server.script(stall, { kind: "ok" });
    expectedPayload("getBalance")(await callOperation(testClient(server.url, { timeout: 1_000 }), "getBalance"));
    expect(server.requests).toHaveLength(2);
    noteCase("headers, then the body stops (timeout 1 s), then a good answer", "getBalance", "success", server.requests.length);
  });

  it(`does not retry ${UNSENT_ONLY} when its answer stops mid-body`, async ({ server }) => {
    server.script(stall, { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url, { timeout: 300 }), UNSENT_ONLY), APIConnectionTimeoutError);
    expect(server.requests).toHaveLength(1);
    noteCase("headers, then the body stops (timeout 300 ms)", UNSENT_ONLY, error.name, server.requests.length);
  });

  it("throws APIUserAbortError when the caller aborts while the body is stalled", async ({ server }) => {
    const controller = new AbortController();
    server.script(stall, { kind: "ok" });
    const call = callOperation(testClient(server.url), "getStatus", { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), WAIT_UNDER_LOAD);
    setTimeout(() => controller.abort(), 50);
    const error = await failure(call, APIUserAbortError);
    expect(server.requests).toHaveLength(1);
    noteCase("caller aborts while the body is stalled", "getStatus", error.name, server.requests.length);
  });
});

describe.concurrent("429 and Retry-After", () => {
  /** The delay the SDK chose before retry 1, read from its warn log line. */
  function firstDelay(lines: { message: string }[]): number {
    const match = lines.map((line) => /retry 1 of \d+ in (\d+) ms/.exec(line.message)).find(Boolean);
    if (!match) throw new Error("no retry was logged");
    return Number(match[1]);
  }

  it("waits the Retry-After seconds after a 429, then succeeds", async ({ server }) => {
    const log = captureLogger();
    server.script(status(429, { retryAfter: "1" }), { kind: "ok" });
    expectedPayload("getBalance")(await callOperation(testClient(server.url, { logLevel: "warn", logger: log.logger }), "getBalance"));
    expect(firstDelay(log.lines)).toBe(1000);
    expect(server.requests).toHaveLength(2);
    noteCase("429, Retry-After: 1 (seconds), then a good answer", "getBalance", "success after 1000 ms", server.requests.length);
  });

  it("reads a Retry-After HTTP date after a 429, then succeeds", async ({ server }) => {
    const log = captureLogger();
    // A date already past means "now": a backoff delay would be at least INITIAL_RETRY_DELAY_MS * (1 - RETRY_JITTER).
    server.script(status(429, { retryAfter: new Date(Date.now() - 5_000).toUTCString() }), { kind: "ok" });
    expectedPayload("getStatus")(await callOperation(testClient(server.url, { logLevel: "warn", logger: log.logger }), "getStatus"));
    expect(firstDelay(log.lines)).toBe(0);
    expect(server.requests).toHaveLength(2);
    noteCase("429, Retry-After: <HTTP date>, then a good answer", "getStatus", "success", server.requests.length);
  });

  it("backs off with jitter when a 503 has no Retry-After, then succeeds", async ({ server }) => {
    const log = captureLogger();
    server.script(status(503), { kind: "ok" });
    expectedPayload("getBalance")(await callOperation(testClient(server.url, { logLevel: "warn", logger: log.logger }), "getBalance"));
    const delay = firstDelay(log.lines);
    expect(delay).toBeGreaterThanOrEqual(INITIAL_RETRY_DELAY_MS * (1 - RETRY_JITTER));
    expect(delay).toBeLessThanOrEqual(INITIAL_RETRY_DELAY_MS);
    expect(server.requests).toHaveLength(2);
    noteCase("503 without Retry-After, then a good answer", "getBalance", `success after a ${delay} ms backoff`, server.requests.length);
  });

  it.for([
    ["seconds", String(MAX_RETRY_AFTER_MS / 1000 + 1)],
    ["HTTP date", () => new Date(Date.now() + MAX_RETRY_AFTER_MS + 60_000).toUTCString()],
  ] as const)("surfaces a 429 whose Retry-After (%s) is above the ceiling without waiting", async ([_kind, value], { server }) => {
    const retryAfter = typeof value === "function" ? value() : value;
    server.script(status(429, { retryAfter }), { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), "getBalance"), RateLimitError);
    expect(error.status).toBe(429);
    expect(error.headers["retry-after"]).toBe(retryAfter);
    expect(server.requests).toHaveLength(1);
    noteCase(`429, Retry-After above ${MAX_RETRY_AFTER_MS / 1000} s (${_kind})`, "getBalance", error.name, server.requests.length);
  });

  it.for(RETRIED_OPERATIONS)("retries %s after a 429 with Retry-After: 0 and succeeds", async (name, { server }) => {
    server.script(status(429, { retryAfter: "0" }), { kind: "ok" });
    expectedPayload(name)(await callOperation(testClient(server.url), name));
    expect(server.requests).toHaveLength(2);
    noteCase("429, Retry-After: 0, then a good answer", name, "success", server.requests.length);
  });

  it.for(RETRIED_OPERATIONS)("retries %s after a 408 and succeeds", async (name, { server }) => {
    server.script(status(408, { retryAfter: "0" }), { kind: "ok" });
    expectedPayload(name)(await callOperation(testClient(server.url), name));
    expect(server.requests).toHaveLength(2);
    noteCase("408, then a good answer", name, "success", server.requests.length);
  });

  it.for([
    [429, RateLimitError],
    [408, APIError],
  ] as const)(`does not retry ${UNSENT_ONLY} after a %i`, async ([code, expected], { server }) => {
    server.script(status(code, { retryAfter: "0" }), { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), UNSENT_ONLY), expected);
    expect(error.status).toBe(code);
    expect(server.requests).toHaveLength(1);
    noteCase(`${code}, Retry-After: 0`, UNSENT_ONLY, error.name, server.requests.length);
  });
});

describe.concurrent.each([500, 502, 503, 504])("HTTP %i", (code) => {
  const answer = (): Behaviour =>
    code === 500 ? status(500, { retryAfter: "0" }) : status(code, { retryAfter: "0", body: GATEWAY_PAGE, contentType: "text/html" });

  it.for(RETRIED_OPERATIONS)(`retries %s after a ${code} and succeeds`, async (name, { server }) => {
    server.script(answer(), { kind: "ok" });
    expectedPayload(name)(await callOperation(testClient(server.url), name));
    expect(server.requests).toHaveLength(2);
    noteCase(`${code}, then a good answer`, name, "success", server.requests.length);
  });

  it(`throws InternalServerError after maxRetries + 1 attempts of ${code}`, async ({ server }) => {
    server.script(answer(), answer(), answer(), { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), "getBalance"), InternalServerError);
    expect(error.status).toBe(code);
    expect(server.requests).toHaveLength(3);
    noteCase(`${code}, every attempt (maxRetries 2)`, "getBalance", error.name, server.requests.length);
  });

  it(`does not retry ${UNSENT_ONLY} after a ${code}`, async ({ server }) => {
    server.script(answer(), { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), UNSENT_ONLY), InternalServerError);
    expect(error.status).toBe(code);
    expect(server.requests).toHaveLength(1);
    noteCase(String(code), UNSENT_ONLY, error.name, server.requests.length);
  });
});

describe.concurrent("client errors", () => {
  it("throws PermissionDeniedError with the page as body for a CDN's 403 HTML page, without retrying", async ({ server }) => {
    server.script(status(403, { body: CDN_PAGE, contentType: "text/html; charset=UTF-8" }), { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), "getStatus"), PermissionDeniedError);
    expect(error.status).toBe(403);
    expect(error.code).toBeUndefined();
    expect(error.body).toBe(CDN_PAGE);
    expect(error.message).toMatch(/proxy or CDN/);
    expect(server.requests).toHaveLength(1);
    noteCase("403 HTML page from a CDN", "getStatus", error.name, server.requests.length);
  });

  it("throws ConflictError for the contract's 409 AMBIGUOUS_MATCH, without retrying", async ({ server }) => {
    // The documented 409, else the one the mock serves for it (test/helpers/served.ts).
    const conflict = servedExample(operation("createAccountSession"), 409) as { data?: { error_code?: string } };
    server.script(status(409, { body: conflict }), { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), "createSession"), ConflictError);
    expect(error.status).toBe(409);
    expect(error.errorCode).toBe(conflict.data?.error_code);
    expect(server.requests).toHaveLength(1);
    noteCase("409 AMBIGUOUS_MATCH", "createSession", error.name, server.requests.length);
  });

  it.for([
    [400, BadRequestError],
    [401, AuthenticationError],
    [404, NotFoundError],
    [422, UnprocessableEntityError],
  ] as const)("does not retry a %i", async ([code, expected], { server }) => {
    server.script(status(code, { retryAfter: "0" }), { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), "getBalance"), expected);
    expect(error.status).toBe(code);
    expect(error.code).toBe(code);
    expect(server.requests).toHaveLength(1);
    noteCase(String(code), "getBalance", error.name, server.requests.length);
  });

  it("does not follow a redirect, so the key never reaches another host", async ({ server }) => {
    const elsewhere = await startFaultServer();
    try {
      server.script({ kind: "respond", status: 307, headers: { location: `${elsewhere.url}/account/balance` } });
      const error = await failure(callOperation(testClient(server.url), "getBalance"), APIError);
      expect(error.status).toBe(307);
      expect(server.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
      noteCase("307 redirect to another host", "getBalance", `${error.name} (status 307)`, server.requests.length);
    } finally {
      await elsewhere.close();
    }
  });
});

describe.concurrent("200 answers that are not a PayWise success", () => {
  const bodies: [string, Behaviour][] = [
    ["an empty body", { kind: "respond", status: 200, body: "", headers: { "content-type": "application/json" } }],
    ["truncated JSON", { kind: "respond", status: 200, body: '{"status":"success","code":200,"data":{"bal', headers: { "content-type": "application/json" } }],
    ["an HTML page", { kind: "respond", status: 200, body: CDN_PAGE, headers: { "content-type": "text/html" } }],
    ["a non-JSON content type", { kind: "respond", status: 200, body: JSON.stringify({ status: "success", code: 200 }), headers: { "content-type": "text/plain" } }],
    ["JSON that is not an envelope", { kind: "respond", status: 200, body: [1, 2, 3] }],
  ];

  it.for(bodies)("throws InvalidResponseError for a 200 with %s, without retrying", async ([fault, behaviour], { server }) => {
    server.script(behaviour, { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), "getBalance"), InvalidResponseError);
    expect(error.status).toBe(200);
    expect(server.requests).toHaveLength(1);
    noteCase(`200 with ${fault}`, "getBalance", error.name, server.requests.length);
  });

  it("picks the class by the envelope code when a 200 carries an error envelope", async ({ server }) => {
    server.script(status(200, { body: errorEnvelope(409, "Multiple matches found.", { data: { error_code: "AMBIGUOUS_MATCH", lookup_type: "MOBILE" } }) }));
    const error = await failure(callOperation(testClient(server.url), "createSession"), ConflictError);
    expect(error.status).toBe(200);
    expect(error.code).toBe(409);
    expect(error.errorCode).toBe("AMBIGUOUS_MATCH");
    expect(server.requests).toHaveLength(1);
    noteCase("200 with an error envelope (code 409)", "createSession", error.name, server.requests.length);
  });

  it("treats a 200 envelope saying success with code 404 as NotFoundError", async ({ server }) => {
    server.script(status(200, { body: { ...errorEnvelope(404, "No such account."), status: "success" } }));
    const error = await failure(callOperation(testClient(server.url), "getStatus"), NotFoundError);
    expect(error.status).toBe(200);
    expect(error.code).toBe(404);
    noteCase("200, envelope status success but code 404", "getStatus", error.name, server.requests.length);
  });
});

describe.concurrent("an envelope code that disagrees with the HTTP status", () => {
  it("goes by the HTTP status when a 400 carries a success envelope", async ({ server }) => {
    server.script(status(400, { body: { ...errorEnvelope(200, "OK"), status: "success" } }));
    const error = await failure(callOperation(testClient(server.url), "getBalance"), BadRequestError);
    expect(error.status).toBe(400);
    expect(error.code).toBe(200);
    noteCase("HTTP 400, envelope code 200", "getBalance", error.name, server.requests.length);
  });

  it("goes by the HTTP status, and retries, when a 503 carries an envelope with code 400", async ({ server }) => {
    const disagreeing = status(503, { retryAfter: "0", body: errorEnvelope(400, "mobile_number is required") });
    server.script(disagreeing, disagreeing, disagreeing);
    const error = await failure(callOperation(testClient(server.url), "getBalance"), InternalServerError);
    expect(error.status).toBe(503);
    expect(error.code).toBe(400);
    expect(server.requests).toHaveLength(3);
    noteCase("HTTP 503, envelope code 400, every attempt", "getBalance", error.name, server.requests.length);
  });
});

describe.concurrent("a status outside HTTP's 200 to 599", () => {
  /** A status line Node's http server would refuse to write, written on the socket itself. */
  const rawStatus = (code: string): Behaviour => ({
    kind: "custom",
    handle(_request, response) {
      const body = JSON.stringify(errorEnvelope(500, "odd status"));
      response.socket?.end(`HTTP/1.1 ${code} Odd\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    },
  });

  it.for([
    ["000", "getStatus", undefined],
    ["0", "getBalance", undefined],
    ["600", "getBalance", 600],
    ["999", "createSession", 999],
    ["1000", "getStatus", undefined],
    ["600", "register", 600],
  ] as const)("throws InvalidResponseError for status %s, without retrying", async ([code, name, status], { server }) => {
    server.script(rawStatus(code), rawStatus(code), { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), name), InvalidResponseError);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(/not a final HTTP status/);
    expect(server.requests).toHaveLength(1);
    noteCase(`status ${code}`, name, error.name, server.requests.length);
  });
});

describe.concurrent("an answer that is not well-formed HTTP", () => {
  const raw = (bytes: string): Behaviour => ({ kind: "raw", bytes });

  it.for([
    ["a header name with a parenthesis", "HTTP/1.1 200 OK\r\n(bad): 1\r\ncontent-length: 0\r\n\r\n", "HPE_INVALID_HEADER_TOKEN", "getBalance"],
    ["a chunk size that is not hex", "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", "HPE_INVALID_CHUNK_SIZE", "getStatus"],
    ["a Content-Length that is not a number", "HTTP/1.1 200 OK\r\ncontent-length: ten\r\n\r\n{}", "HPE_INVALID_CONTENT_LENGTH", "createSession"],
  ] as const)("throws InvalidResponseError for %s, naming the parser's code, without retrying", async ([_fault, bytes, code, name], { server }) => {
    server.script(raw(bytes), raw(bytes), { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), name), InvalidResponseError);
    expect(error.message).toContain(`was not well-formed HTTP (${code})`);
    expect(server.requests).toHaveLength(1);
    noteCase(`malformed answer (${code})`, name, error.name, server.requests.length);
  });
});

describe.concurrent("a body far larger than any real answer", () => {
  const TOTAL_BYTES = 64 * MAX_RESPONSE_BYTES;

  it.for([
    ["declaring its length", true],
    ["chunked, without a length", false],
  ] as const)("stops reading a huge body (%s) and throws InvalidResponseError", async ([fault, declareLength], { server }) => {
    server.script({ kind: "huge", bytes: TOTAL_BYTES, declareLength }, { kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), "getBalance"), InvalidResponseError);
    expect(error.message).toContain(String(MAX_RESPONSE_BYTES));
    expect(server.requests).toHaveLength(1);
    await vi.waitFor(() => expect(server.hugeBytesSent).toHaveLength(1), WAIT_UNDER_LOAD);
    // The client hung up long before the end: it never held the whole body.
    expect(server.hugeBytesSent[0]).toBeLessThan(TOTAL_BYTES / 4);
    const sentMiB = (server.hugeBytesSent[0]! / 1024 / 1024).toFixed(1);
    noteCase(`${TOTAL_BYTES / 1024 / 1024} MiB body, ${fault}`, "getBalance", `${error.name}; the client hung up after ${sentMiB} MiB had been sent`, server.requests.length);
  });
});

describe.concurrent("forward compatibility", () => {
  it("passes unknown fields through getStatus", async ({ server }) => {
    const extra = { risk_band: "B", loyalty: { tier: 3 } };
    server.script({ kind: "ok", extra });
    const status = (await callOperation(testClient(server.url), "getStatus")) as Record<string, unknown>;
    // The contract's success payload, whatever its values, with the fields it does not document.
    const body = successBody(operationPath("getStatus"));
    const { account_status } = ("data" in body ? body.data : body) as { account_status: unknown };
    expect(account_status).toBeDefined();
    expect(status).toMatchObject({ account_status, ...extra });
    noteCase("unknown fields", "getStatus", "success, passed through", server.requests.length);
  });

  it("passes an enum value the contract does not list through getStatus, once and unretried (enums in answers are open)", async ({ server }) => {
    server.script({ kind: "ok", extra: { account_status: "suspended" } });
    const status = (await callOperation(testClient(server.url), "getStatus")) as Record<string, unknown>;
    expect(status).toMatchObject({ account_status: "suspended" });
    expect(server.requests.length).toBe(1);
    noteCase("unknown enum value", "getStatus", "success, passed through as Unrecognized", server.requests.length);
  });

  it("passes unknown nested fields through createSession", async ({ server }) => {
    server.script({
      kind: "custom",
      handle(request, response) {
        const body = {
          status: "success",
          code: 200,
          message: "ok",
          request_id: "9d9078a9-fdf2-43cc-8e5a-f6264cd4a2fb",
          timestamp: "2026-03-01T18:42:11.913Z",
          new_meta: true,
          data: {
            request_id: "9d9078a9-fdf2-43cc-8e5a-f6264cd4a2fb",
            version: "20241001",
            lookup: { type: "MOBILE", value_masked: "******2220" },
            account: { account_status: "available", account_number: "001234567890", account_type: "personal", display_name: "Icon Gilbert", country: "TT", tier: "gold" },
            session: { session_token: "H6QJ4F5JY4", expires_at: "2026-03-01T18:57:11.913Z", ttl_seconds: 900, single_use: false },
          },
        };
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        void request;
      },
    });
    const session = (await callOperation(testClient(server.url), "createSession")) as { account: Record<string, unknown> };
    expect(session.account).toMatchObject({ account_status: "available", tier: "gold" });
    noteCase("unknown nested fields", "createSession", "success, passed through", server.requests.length);
  });
});

describe.concurrent("caller abort", () => {
  it.for(["getBalance", "register"] as const)("throws APIUserAbortError when %s is aborted mid-attempt, without retrying", async (name, { server }) => {
    const controller = new AbortController();
    server.script({ kind: "hang" }, { kind: "ok" });
    const call = callOperation(testClient(server.url), name, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), WAIT_UNDER_LOAD);
    controller.abort();
    const error = await failure(call, APIUserAbortError);
    expect(server.requests).toHaveLength(1);
    noteCase("caller aborts during the attempt", name, error.name, server.requests.length);
  });

  it("throws APIUserAbortError when aborted during a backoff wait", async ({ server }) => {
    const controller = new AbortController();
    // Retry-After: 30 is within the ceiling, so the SDK would wait; the abort must cut the wait short.
    const log = captureLogger((level, message) => {
      if (level === "warn" && message.includes("retry 1")) setTimeout(() => controller.abort(), 20);
    });
    server.script(status(503, { retryAfter: "30" }), { kind: "ok" });
    const client = testClient(server.url, { logLevel: "warn", logger: log.logger });
    const error = await failure(callOperation(client, "getStatus", { signal: controller.signal }), APIUserAbortError);
    expect(log.text()).toContain("in 30000 ms");
    expect(server.requests).toHaveLength(1);
    noteCase("caller aborts during a 30 s Retry-After wait", "getStatus", error.name, server.requests.length);
  });

  it("sends nothing when the signal is already aborted", async ({ server }) => {
    server.script({ kind: "ok" });
    const error = await failure(callOperation(testClient(server.url), "createSession", { signal: AbortSignal.abort() }), APIUserAbortError);
    expect(server.requests).toHaveLength(0);
    noteCase("signal already aborted", "createSession", error.name, server.requests.length);
  });
});

// Not concurrent: its first case fakes Date, which every case running beside it would see.
describe("what each attempt sends", () => {
  it("sends the same PW-request-id, a fresh PW-request-date and the full body on every attempt of createSession", async ({ server }) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    onTestFinished(() => void vi.useRealTimers());
    vi.setSystemTime(new Date("2030-01-02T03:04:05Z"));
    const later = (hours: number): Behaviour => ({
      kind: "custom",
      handle(_request, response) {
        // The clock moves on between attempts; each retry must say so in PW-request-date.
        vi.setSystemTime(new Date(Date.UTC(2030, 0, 2, 3 + hours, 4, 5)));
        response.writeHead(503, { "retry-after": "0" }).end();
      },
    });
    server.script(later(1), later(2), { kind: "ok" });
    const requestId = "0b6f3a56-2a1c-4c1e-9f0e-6d1f2a3b4c5d";
    expectedPayload("createSession")(await callOperation(testClient(server.url), "createSession", { requestId }));

    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((request) => request.headers["pw-request-id"])).toEqual([requestId, requestId, requestId]);
    expect(server.requests.map((request) => request.headers["pw-request-date"])).toEqual([
      "2030-01-02 03:04:05",
      "2030-01-02 04:04:05",
      "2030-01-02 05:04:05",
    ]);
    for (const request of server.requests) expect(JSON.parse(request.body)).toEqual(inputs.createSession);
  });

  it("generates one PW-request-id per createSession call and keeps it across its attempts", async ({ server }) => {
    server.script(status(503, { retryAfter: "0" }), { kind: "ok" }, status(503, { retryAfter: "0" }), { kind: "ok" });
    const client = testClient(server.url);
    await callOperation(client, "createSession");
    await callOperation(client, "createSession");
    const ids = server.requests.map((request) => request.headers["pw-request-id"]);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[3]).toBe(ids[2]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it("sends the full body again on each attempt of getBalance", async ({ server }) => {
    server.script({ kind: "reset" }, status(502, { retryAfter: "0" }), { kind: "ok" });
    await callOperation(testClient(server.url), "getBalance");
    expect(server.requests.map((request) => JSON.parse(request.body))).toEqual([inputs.getBalance, inputs.getBalance, inputs.getBalance]);
  });

  it("takes maxRetries per call over the client's", async ({ server }) => {
    const client = testClient(server.url, { maxRetries: 4 });
    server.script(...Array.from({ length: 6 }, () => status(503, { retryAfter: "0" })));
    await failure(callOperation(client, "getStatus", { maxRetries: 0 }), InternalServerError);
    expect(server.requests).toHaveLength(1);
    await failure(callOperation(client, "getStatus"), InternalServerError);
    expect(server.requests).toHaveLength(6);
  });
});
