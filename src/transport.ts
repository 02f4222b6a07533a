// The fetch that openapi-fetch calls: one call's attempts, below the middleware chain, so that each
// attempt gets a fresh PW-request-date, its own copy of the body, its own timeout, and a fully read
// (size-capped) body, which keeps a connection cut mid-answer inside the retry loop.
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, InvalidResponseError } from "./errors";
import { TIMED_OUT, acquire, onAbort, release } from "./deadlines";
import { currentRequestDate } from "./headers";
import type { CallLogger } from "./logger";
import type { CallObserver } from "./observer";
import { maskUrl, sanitizeCause, scrubText } from "./redact";
import { RETRYABLE_STATUSES, backoffDelayMs, provablyNotSent, retryDelayAfterResponse, type RetryMode } from "./retry";

/**
 * The largest answer body read. Real PayWise answers are under 2 KB; the cap keeps memory bounded
 * when something in between answers with a huge page or never stops streaming.
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * What undici's fetch fails with when the status line holds no valid status: its parser's
 * HPE_INVALID_STATUS (not a number, or above 999) and an assertion (a status under 100, such as 0).
 */
const BROKEN_STATUS_CODES: ReadonlySet<unknown> = new Set(["HPE_INVALID_STATUS", "ERR_ASSERTION"]);
/**
 * undici's parser codes for an answer that is not well-formed HTTP (a bad header name, chunk size,
 * Content-Length, line ending). HPE_INVALID_EOF_STATE is left out: that is a connection cut
 * mid-answer, which a retry may get past.
 */
const MALFORMED_HTTP_CODE = /^HPE_(?:INVALID_(?!EOF_STATE)|CR_EXPECTED|LF_EXPECTED|UNEXPECTED_|STRICT)/;

/** The code of a malformed answer among a fetch failure's causes, or undefined for a network failure. */
function malformedAnswerCode(error: unknown): string | undefined {
  for (let depth = 0; depth < 5 && error !== null && typeof error === "object"; depth++) {
    const { code } = error as { code?: unknown };
    if (BROKEN_STATUS_CODES.has(code) || (typeof code === "string" && MALFORMED_HTTP_CODE.test(code))) return code as string;
    error = (error as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Final statuses whose Response may not carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

export interface AttemptSettings {
  fetch: typeof fetch;
  retryMode: RetryMode;
  maxRetries: number;
  timeout: number;
  signal: AbortSignal | undefined;
  logger: CallLogger;
  /** Known secret values, scrubbed from anything logged. */
  secrets: readonly string[];
  /** Telemetry and the caller's hooks, when configured. */
  observer: CallObserver | undefined;
}

/**
 * What openapi-fetch builds for each call (core.ts passes this class as its `Request` option):
 * the parts of a request the transport reads. An undici Request here would copy the headers,
 * wrap the JSON body in a stream that the transport reads straight back, and make an AbortSignal
 * nobody uses, on every call (docs/PERFORMANCE.md).
 */
export class TransportRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The JSON text openapi-fetch's body serializer made; a string can be sent again on a retry. */
  readonly body: string | undefined;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body == null ? undefined : String(init.body);
  }
}

/** An attempt's answer: the Response and its body, read in full. */
interface Answer {
  response: Response;
  body: Uint8Array | null;
}

class ResponseTooLarge extends Error {}

/**
 * A status a final answer can have. A broken server or an injected fetch can give 0, 600 or 999;
 * the Response constructor refuses them with a RangeError, which would pass for a network failure
 * and be retried (issue 10).
 */
function isFinalStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 200 && status <= 599;
}

async function readCapped(response: Response): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLarge();
  }
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/** Waits, unless the caller aborts first; leaves no timer or listener behind either way. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const unfollow = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(new APIUserAbortError());
        })
      : undefined;
    const timer = setTimeout(() => {
      unfollow?.();
      resolve();
    }, ms);
  });
}

/** One attempt: fetch and read the whole body, within the timeout and the caller's signal. */
async function attempt(url: string, init: RequestInit, settings: AttemptSettings): Promise<Answer> {
  // A signal shared with the attempts due at about the same time (src/deadlines.ts): it aborts
  // when this attempt's time is up or the caller aborts.
  const lane = acquire(settings.timeout, settings.signal);
  const { signal } = lane.controller;
  try {
    init.signal = signal;
    const response = await settings.fetch(url, init);
    if (!isFinalStatus(response.status)) {
      await response.body?.cancel().catch(() => {});
      throw new InvalidResponseError(
        `PayWise's answer had HTTP status ${response.status}, which is not a final HTTP status (200 to 599); something between you and PayWise answered wrongly. Not retried.`,
        { status: response.status },
      );
    }
    const body = await readCapped(response);
    // A success goes back as it came, its body already read: core takes the bytes from the
    // transport (parseAs "stream"), so they are not copied into a second Response and read again.
    if (response.ok) return { response, body };
    // openapi-fetch reads an error answer's body itself, so it gets a Response it can read.
    const readable = new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
      status: response.status,
      // The reason phrase is the server's free text and ends up in error messages: a proxy that
      // echoes the key there must not get it into a log (issue 4).
      statusText: scrubText(response.statusText, settings.secrets),
      headers: response.headers,
    });
    return { response: readable, body };
  } catch (error) {
    if (error instanceof InvalidResponseError) throw error;
    if (error instanceof ResponseTooLarge) {
      throw new InvalidResponseError(`PayWise's answer was larger than ${MAX_RESPONSE_BYTES} bytes; no PayWise answer is that large, so it was not read.`);
    }
    if (settings.signal?.aborted) throw new APIUserAbortError();
    if (signal.aborted && signal.reason === TIMED_OUT) throw new APIConnectionTimeoutError(settings.timeout);
    // A malformed answer came back, so the request was sent: like a bad status, it is not a
    // network failure to retry (issue 10). Its cause keeps the parser's code, never the bytes.
    const malformed = malformedAnswerCode(error);
    if (malformed !== undefined) {
      const what = BROKEN_STATUS_CODES.has(malformed) ? "had a status that is not a final HTTP status (200 to 599)" : `was not well-formed HTTP (${malformed})`;
      throw new InvalidResponseError(`PayWise's answer ${what}; something between you and PayWise answered wrongly. Not retried.`, { cause: sanitizeCause(error, settings.secrets) });
    }
    throw new APIConnectionError(undefined, { cause: sanitizeCause(error, settings.secrets) });
  } finally {
    release(lane);
  }
}

function mayRetryFailure(error: unknown, settings: AttemptSettings): boolean {
  if (!(error instanceof APIConnectionError)) return false;
  if (settings.retryMode === "idempotent") return true;
  // A timeout may have reached the server; only a refusal or a failed lookup proves it did not.
  return !(error instanceof APIConnectionTimeoutError) && provablyNotSent(error.cause);
}

/** One call's transport: the fetch openapi-fetch calls, and the body of the answer it returned. */
export interface Transport {
  fetch(request: TransportRequest): Promise<Response>;
  /** The body of the answer `fetch` returned, read in full (null when it had none). */
  body: Uint8Array | null;
  /** Attempts made so far. */
  attempts: number;
  /** How long the last attempt took, in milliseconds. */
  lastAttemptMs: number;
}

/** The transport for one call: retries as its RetryMode allows. */
export function createTransport(settings: AttemptSettings): Transport {
  const transport: Transport = {
    body: null,
    attempts: 0,
    lastAttemptMs: 0,
    async fetch(request) {
      const { body } = request;
      const { logger, observer } = settings;
      // Only log lines use the label; it costs a URL parse, so it is built when a line is written.
      const label = () => `${request.method} ${new URL(request.url).pathname}`;
      for (let retry = 0; ; retry++) {
        if (settings.signal?.aborted) throw new APIUserAbortError();
        const attemptNumber = retry + 1;
        const headers = retry === 0 ? request.headers : new Headers(request.headers);
        if (retry > 0) headers.set("PW-request-date", currentRequestDate());
        if (logger.enabled("debug")) logger.log("debug", `${label()} attempt ${attemptNumber}`, { attempt: attemptNumber, url: maskUrl(request.url, settings.secrets) });
        observer?.attemptStart(attemptNumber, request.url, headers);
        transport.attempts = attemptNumber;
        const started = performance.now();
        let answer: Answer;
        try {
          answer = await attempt(request.url, { method: request.method, headers, body, redirect: "manual" }, settings);
        } catch (error) {
          transport.lastAttemptMs = performance.now() - started;
          observer?.attemptEnd({ attempt: attemptNumber, durationMs: transport.lastAttemptMs, error: error as Error });
          if (retry >= settings.maxRetries || !mayRetryFailure(error, settings)) throw error;
          const delay = backoffDelayMs(attemptNumber);
          logger.log("warn", `${label()} failed (${(error as Error).name}); retry ${attemptNumber} of ${settings.maxRetries} in ${delay} ms`, {
            attempt: attemptNumber,
            error: (error as Error).name,
            durationMs: Math.round(transport.lastAttemptMs),
            delayMs: delay,
          });
          observer?.retry(attemptNumber, delay);
          await sleep(delay, settings.signal);
          continue;
        }
        const { response } = answer;
        transport.lastAttemptMs = performance.now() - started;
        logger.noteAnswer(response.headers);
        observer?.attemptEnd({ attempt: attemptNumber, durationMs: transport.lastAttemptMs, status: response.status, headers: response.headers });
        if (settings.retryMode === "idempotent" && retry < settings.maxRetries && RETRYABLE_STATUSES.has(response.status)) {
          const delay = retryDelayAfterResponse(attemptNumber, response.headers.get("retry-after"));
          if (delay !== undefined) {
            logger.log("warn", `${label()} answered ${response.status} in ${Math.round(transport.lastAttemptMs)} ms; retry ${attemptNumber} of ${settings.maxRetries} in ${delay} ms`, {
              attempt: attemptNumber,
              status: response.status,
              durationMs: Math.round(transport.lastAttemptMs),
              delayMs: delay,
            });
            observer?.retry(attemptNumber, delay);
            await sleep(delay, settings.signal);
            continue;
          }
        }
        // The final answer's line is written by core, once the envelope's request id is known (issue 16).
        transport.body = answer.body;
        return response;
      }
    },
  };
  return transport;
}
