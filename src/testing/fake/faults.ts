// The faults a test can script, each made the way the real thing reaches the SDK, so that the
// SDK's own classification (src/transport.ts, src/retry.ts) decides what follows: a refused or
// reset connection rejects fetch with undici's TypeError("fetch failed") and a cause carrying the
// socket's code; a missing answer holds the request until the attempt's signal aborts it; the
// others are answers (a 503/429 with Retry-After, a 2xx that does not fit, a proxy's HTML page).
import { checkResponse } from "../../validation";
import { documentedExample, ENVELOPE_FIELDS, errorEnvelope, jsonAnswer, type FakeAnswer } from "./answers";
import { answerOf, successStatus, type FakeOperationEntry } from "./operations";

/** The faults, by name. */
export const FAULT_NAMES = ["connectionRefused", "connectionReset", "connectionClosed", "noAnswer", "retryAfter", "malformedSuccess", "proxyErrorPage"] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** A scripted fault. */
export type FakeFault =
  /** No connection: nothing is sent (undici's ECONNREFUSED). The SDK retries every operation, `register` included. */
  | { fault: "connectionRefused" }
  /** The connection is reset after the request arrived (ECONNRESET): received, never answered. */
  | { fault: "connectionReset" }
  /** The server closes the connection after the request arrived (undici's "other side closed"). */
  | { fault: "connectionClosed" }
  /** No answer at all: the request waits until the SDK's attempt times out (or the caller aborts). */
  | { fault: "noAnswer" }
  /** A 503 (or 429) asking the client to come back after `retryAfter` seconds. @default status 503, retryAfter 0 */
  | { fault: "retryAfter"; status?: 503 | 429; retryAfter?: number }
  /** A 2xx whose body does not fit the contract; `body`, when given, must not fit either. @default the success example with its payload's fields mistyped */
  | { fault: "malformedSuccess"; status?: number; body?: unknown }
  /** An HTML error page from a proxy or CDN in front of PayWise. @default status 502 */
  | { fault: "proxyErrorPage"; status?: number };

const SERVICE_UNAVAILABLE = 503;
const BAD_GATEWAY = 502;

/** Marks the errors the fake throws on purpose, so the MSW entry can keep MSW from logging them as a handler's crash. */
export const FAKE_FAULT: unique symbol = Symbol.for("@paywise/sdk/testing fault");

/** Whether an error is one the fake threw on purpose. */
export function isFakeFault(error: unknown): boolean {
  return error !== null && typeof error === "object" && (error as Record<symbol, unknown>)[FAKE_FAULT] === true;
}

/** `error`, marked as the fake's own (not enumerable: inspect and JSON show the error as fetch's). */
export function markedFault<E extends object>(error: E): E {
  return Object.defineProperty(error, FAKE_FAULT, { value: true });
}

/** An undici-style network failure: what `fetch` rejects with when the socket fails. */
function fetchFailed(cause: Error & { code: string }): TypeError {
  // isNodeLikeError in MSW's interceptors passes an error with a code and an errno through as it
  // is; undici's own TypeError carries neither, only its cause does, and the SDK reads both.
  return markedFault(Object.assign(new TypeError("fetch failed", { cause }), { code: cause.code, errno: (cause as { errno?: number }).errno }));
}

function socketError(message: string, fields: Record<string, unknown>): Error & { code: string } {
  return Object.assign(new Error(message), fields) as unknown as Error & { code: string };
}

/** The rejection a connection fault gives fetch, for a request to `url`. */
export function connectionFailure(fault: "connectionRefused" | "connectionReset" | "connectionClosed", url: URL): TypeError {
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  switch (fault) {
    case "connectionRefused":
      return fetchFailed(socketError(`connect ECONNREFUSED ${url.hostname}:${port}`, { code: "ECONNREFUSED", errno: -111, syscall: "connect", address: url.hostname, port }));
    case "connectionReset":
      return fetchFailed(socketError("read ECONNRESET", { code: "ECONNRESET", errno: -104, syscall: "read" }));
    case "connectionClosed":
      return fetchFailed(Object.assign(socketError("other side closed", { code: "UND_ERR_SOCKET", errno: -1 }), { name: "SocketError" }));
  }
}

/** Holds a request until its signal aborts, then rejects as fetch does, with the signal's reason. */
export function noAnswer(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (!signal) return; // Nothing can end it; the SDK always passes a signal.
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/** A success example with each field of its payload given a value of another JSON type. */
function mistyped(value: unknown): unknown {
  if (typeof value === "string") return 0;
  if (Array.isArray(value) || (value !== null && typeof value === "object")) return "not an object";
  return "not a number";
}

function malformedBody(entry: FakeOperationEntry, status: number): unknown {
  const example = documentedExample(entry, successStatus(entry)) as Record<string, unknown>;
  if (example.data !== null && typeof example.data === "object") {
    return { ...example, code: status, data: Object.fromEntries(Object.entries(example.data).map(([key, value]) => [key, mistyped(value)])) };
  }
  return { ...example, code: status, ...Object.fromEntries(Object.entries(example).filter(([key]) => !ENVELOPE_FIELDS.has(key)).map(([key, value]) => [key, mistyped(value)])) };
}

const PROXY_PAGE = (status: number) =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

function integerIn(value: unknown, low: number, high: number, what: string): number {
  if (!Number.isInteger(value) || (value as number) < low || (value as number) > high) throw new TypeError(`${what} must be a whole number from ${low} to ${high}, not ${JSON.stringify(value)}`);
  return value as number;
}

/** The answer a fault that answers sends, checked when the fault is scripted. */
export function faultAnswer(entry: FakeOperationEntry, fault: Extract<FakeFault, { fault: "retryAfter" | "malformedSuccess" | "proxyErrorPage" }>): FakeAnswer {
  switch (fault.fault) {
    case "retryAfter": {
      const status = fault.status ?? SERVICE_UNAVAILABLE;
      if (status !== 503 && status !== 429) throw new TypeError(`${entry.key}: the fault "retryAfter" answers 503 or 429, not ${JSON.stringify(status)}`);
      // Seconds, as the header carries them: 0 by default, so a retried call in a test takes no time.
      const seconds = integerIn(fault.retryAfter ?? 0, 0, 86_400, `${entry.key}: the fault "retryAfter"'s retryAfter (seconds)`);
      const body = answerOf(entry, status)
        ? documentedExample(entry, status)
        : errorEnvelope(status, status === 429 ? "Too many requests; retry later." : "Service unavailable; retry later.");
      return jsonAnswer(status, body, { "retry-after": String(seconds) });
    }
    case "malformedSuccess": {
      const status = integerIn(fault.status ?? successStatus(entry), 200, 299, `${entry.key}: the fault "malformedSuccess"'s status`);
      const body = "body" in fault ? fault.body : malformedBody(entry, status);
      const schema = entry.answers[successStatus(entry)]!.schema;
      if (checkResponse(schema, body).issues.length === 0) throw new TypeError(`${entry.key}: the fault "malformedSuccess" needs a body that does not fit the contract, and this one fits`);
      return jsonAnswer(status, body);
    }
    case "proxyErrorPage": {
      const status = integerIn(fault.status ?? BAD_GATEWAY, 400, 599, `${entry.key}: the fault "proxyErrorPage"'s status`);
      return { status, headers: { "content-type": "text/html" }, body: PROXY_PAGE(status) };
    }
  }
}

/** What the fake did with a request: the status it answered with, the fault it simulated, or both (a fault that answers). */
export interface Outcome {
  readonly status?: number;
  readonly fault?: FaultName;
}
