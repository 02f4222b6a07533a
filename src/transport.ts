// The fetch that openapi-fetch calls for each call: the call's attempts, below the middleware
// chain, so that each attempt gets a fresh PW-request-date, its own copy of the body, its own
// timeout, and a fully read (size-capped) body, which keeps a connection cut mid-answer inside the
// retry loop. It resolves with the final success answer and the bytes it read (a ReadAnswer), which
// openapi-fetch hands back to src/core.ts; any other final answer becomes its typed error here
// (src/answer.ts), with the reason no retry followed.
import { answerError, isFinalStatus, isSuccess, type AnswerContext } from "./answer";
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, InvalidResponseError, notSafeToRepeat, withNote } from "./errors";
import { CallDeadline, TIMED_OUT, attemptSignal, onAbort } from "./deadlines";
import { currentRequestDate } from "./headers";
import type { CallObserver } from "./observer";
import { maskPath, maskUrl, sanitizeCause, scrubText } from "./redact";
import { provablyNotSent, retryDecision } from "./retry";
import { CALL_MARK_HEADER, callMark } from "./test-call-mark";

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
 * Content-Length, line ending), and for headers larger than it accepts (HPE_HEADER_OVERFLOW from
 * its parser, UND_ERR_HEADERS_OVERFLOW from its client): the answer came, and another try would get
 * the same. HPE_INVALID_EOF_STATE is left out: that is a connection cut mid-answer, which a retry
 * may get past.
 */
const MALFORMED_HTTP_CODE = /^(?:HPE_(?:INVALID_(?!EOF_STATE)|CR_EXPECTED|LF_EXPECTED|UNEXPECTED_|STRICT|HEADER_OVERFLOW)|UND_ERR_HEADERS_OVERFLOW$)/;
/**
 * undici's SocketError messages for a 1xx answer given as the final one: a 101 (Switching
 * Protocols) to a request that asked for no upgrade, and a 100 (Continue) to one that sent no
 * Expect. A 1xx without an Upgrade header followed by a closed connection reads, to undici's fetch,
 * like a connection cut mid-answer ("other side closed"), and stays a retried connection error.
 */
const INTERIM_AS_FINAL = new Map([
  ["bad upgrade", "a 101 (Switching Protocols) answer to a request that asked for no upgrade"],
  ["bad response", "a 100 (Continue) answer to a request that expected none"],
]);

/** What makes a fetch failure a malformed answer rather than a network failure, or undefined. */
function malformedAnswer(error: unknown): string | undefined {
  for (let depth = 0; depth < 5 && error !== null && typeof error === "object"; depth++) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (BROKEN_STATUS_CODES.has(code)) return "had a status that is not a final HTTP status (200 to 599)";
    if (code === "UND_ERR_HEADERS_OVERFLOW" || code === "HPE_HEADER_OVERFLOW") return `had headers larger than fetch accepts (${code})`;
    if (typeof code === "string" && MALFORMED_HTTP_CODE.test(code)) return `was not well-formed HTTP (${code})`;
    if (code === "UND_ERR_SOCKET" && typeof message === "string" && INTERIM_AS_FINAL.has(message)) return `was ${INTERIM_AS_FINAL.get(message)}`;
    error = (error as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One call, as core.ts sets it up: what its attempts need, beside what its answer needs. */
export interface CallContext extends AnswerContext {
  /** The operation, with its path template for masking path parameters in log lines. */
  readonly operation: AnswerContext["operation"] & { readonly path: string };
  readonly fetch: typeof fetch;
  /** The PayWise headers and the caller's, merged and checked. */
  readonly headers: Readonly<Record<string, string>>;
  /** Time allowed for each attempt, in milliseconds. */
  readonly timeout: number;
  readonly maxRetries: number;
  /** Time allowed for the whole call, attempts and waits together, in milliseconds. */
  readonly totalTimeout: number;
  readonly signal: AbortSignal | undefined;
  /** Telemetry and the caller's hooks (src/observer.ts), when configured. */
  readonly observer: CallObserver | undefined;
}

/**
 * What openapi-fetch builds for each call (core.ts passes this class as its `Request` option):
 * the parts of a request the transport reads. An undici Request here would copy the headers, wrap
 * the JSON body in a stream that the transport reads straight back, and make an AbortSignal nobody
 * uses, on every call (docs/PERFORMANCE.md).
 */
export class TransportRequest {
  readonly url: string;
  readonly method: string;
  /**
   * What openapi-fetch set (Content-Type for a JSON body) and any middleware adds. The PayWise
   * headers stay a plain record in `call.headers`, so undici builds the only Headers object of an
   * attempt (building one costs microseconds per call, docs/PERFORMANCE.md).
   */
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

/** An attempt's final answer: the Response and its body, read in full (null when it had none). */
interface Received {
  response: Response;
  bytes: Uint8Array | null;
}

class ResponseTooLarge extends Error {}

async function readCapped(response: Response): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLarge();
  }
  if (!response.body) return null;
  // Once the declared length is in, the answer is whole: fetch's parser ends the message there, so
  // the read that would only say "done" is not made. Waiting for it runs fetch's end-of-body steps
  // (its stream's close, its resource-timing entry), 50 µs and more a call (docs/PERFORMANCE.md).
  // Under a Content-Encoding the declared length is the encoded one, so the body is read to its end,
  // as it is without a length (chunked: Number(null) is 0).
  const whole = declared > 0 && !response.headers.has("content-encoding") ? declared : -1;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size !== whole) {
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

/**
 * One attempt: fetch and read the whole body, within its time (`timeout`, or what is left of the
 * call's totalTimeout when that is shorter: `cut`) and the caller's signal.
 */
async function attempt(url: string, init: RequestInit, call: CallContext, timeout: { ms: number; cut: boolean }): Promise<Received> {
  // Aborts when this attempt's time is up or the caller aborts (src/deadlines.ts).
  const deadline = attemptSignal(timeout.ms, call.signal);
  const { signal } = deadline;
  try {
    init.signal = signal;
    const response = await call.fetch(url, init);
    // Not a final status: src/answer.ts says what is wrong with it, and its body is not read.
    if (!isFinalStatus(response.status)) {
      await response.body?.cancel().catch(() => {});
      return { response, bytes: null };
    }
    return { response, bytes: await readCapped(response) };
  } catch (error) {
    if (error instanceof ResponseTooLarge) {
      throw new InvalidResponseError(`PayWise's answer was larger than ${MAX_RESPONSE_BYTES} bytes; no PayWise answer is that large, so it was not read.`);
    }
    if (call.signal?.aborted) throw new APIUserAbortError();
    if (signal.aborted && signal.reason === TIMED_OUT) {
      throw timeout.cut ? new APIConnectionTimeoutError(call.totalTimeout, "totalTimeout") : new APIConnectionTimeoutError(call.timeout);
    }
    // A malformed answer came back, so the request was sent: like a bad status, it is not a
    // network failure to retry (issue 10). Its cause keeps the parser's code, never the bytes.
    const malformed = malformedAnswer(error);
    if (malformed !== undefined) {
      throw new InvalidResponseError(`PayWise's answer ${malformed}; something between you and PayWise answered wrongly. Not retried.`, {
        cause: sanitizeCause(error, call.secrets()),
      });
    }
    throw new APIConnectionError(undefined, { cause: sanitizeCause(error, call.secrets()), mayHaveReachedPayWise: !provablyNotSent(error) });
  } finally {
    deadline.done();
  }
}

/** What the retry decision reads of an attempt's error; undefined for an error no retry can help (an abort, a malformed answer). */
function failureOf(error: unknown): { mayHaveReachedPayWise: boolean } | undefined {
  return error instanceof APIConnectionError ? { mayHaveReachedPayWise: error.mayHaveReachedPayWise } : undefined;
}

/**
 * The headers of one attempt: the call's PayWise headers, then what openapi-fetch or a middleware
 * set, with a fresh PW-request-date on a retry. The call's record is copied only to add to it.
 */
function attemptHeaders(request: TransportRequest, call: CallContext, retry: number, observed: boolean, mark: string | undefined): Record<string, string> {
  let headers = call.headers;
  const own = () => (headers === call.headers ? (headers = { ...headers }) : headers) as Record<string, string>;
  request.headers.forEach((value, name) => (own()[name] = value));
  if (mark !== undefined) own()[CALL_MARK_HEADER] = mark;
  if (retry > 0) own()["PW-request-date"] = currentRequestDate();
  // An observer may add to an attempt's headers (its traceparent): it gets the attempt's own copy,
  // so that nothing it adds is taken for the caller's on the next attempt.
  if (observed) own();
  return headers as Record<string, string>;
}

/**
 * What openapi-fetch's `fetch` (the call's, set by core.ts) runs: the call's attempts, retried as its
 * operation's RetryMode allows. It resolves with the final answer when it is a success (2xx), for
 * core.ts to settle, and rejects with a typed error otherwise.
 */
export async function transport(request: TransportRequest, call: CallContext): Promise<ReadAnswer> {
  const { body } = request;
  const { logger, observer } = call;
  // Only log lines use the label; it costs a URL parse, so it is built when a line is written.
  // A path value that is a known secret (a token passed where an id goes) is scrubbed, as in the URL.
  const label = () => `${request.method} ${scrubText(maskPath(new URL(request.url).pathname, call.operation.path), call.secrets())}`;
  // Attempts and waits together stay within the call's totalTimeout (issue 15).
  const deadline = new CallDeadline(call.totalTimeout);
  const mark = callMark();
  for (let retry = 0; ; retry++) {
    if (call.signal?.aborted) throw new APIUserAbortError();
    const attemptNumber = retry + 1;
    if (logger.enabled("debug")) logger.log("debug", `${label()} attempt ${attemptNumber}`, { attempt: attemptNumber, url: maskUrl(request.url, call.secrets(), call.operation.path) });
    const headers = attemptHeaders(request, call, retry, observer !== undefined, mark);
    observer?.attemptStart(attemptNumber, request.url, headers);
    const started = performance.now();
    let received: Received;
    const timeout = deadline.attemptTimeout(call.timeout);
    try {
      const init: RequestInit = { method: request.method, headers, body, redirect: "manual" };
      // An observer runs the attempt in its own context (the attempt's span); without one, only this check.
      received = await (observer ? observer.runAttempt(() => attempt(request.url, init, call, timeout)) : attempt(request.url, init, call, timeout));
    } catch (error) {
      const durationMs = performance.now() - started;
      observer?.attemptEnd({ attempt: attemptNumber, durationMs, error: error as Error });
      // An attempt cut short at the call's deadline that timed out has used up the call's time.
      const outOfTime = (timeout.cut && error instanceof APIConnectionTimeoutError) || deadline.remaining() === 0;
      const failure = failureOf(error);
      const decision = failure && retryDecision(call.operation.retryMode, failure, attemptNumber);
      if (!decision?.retry) {
        // PayWise may have acted on a request the SDK may not repeat: the caller must check first.
        if (failure?.mayHaveReachedPayWise && call.operation.retryMode !== "idempotent") throw withNote(error as Error, notSafeToRepeat(call.operation.name));
        throw error;
      }
      if (retry >= call.maxRetries || outOfTime) throw error;
      const delay = decision.delayMs;
      if (!deadline.allowsWait(delay)) throw withNote(error as Error, deadline.stoppedRetrying(delay));
      logger.log("warn", `${label()} failed (${(error as Error).name}); retry ${attemptNumber} of ${call.maxRetries} in ${delay} ms`, {
        attempt: attemptNumber,
        error: (error as Error).name,
        durationMs: Math.round(durationMs),
        delayMs: delay,
      });
      observer?.retry(attemptNumber, delay);
      await sleep(delay, call.signal);
      continue;
    }
    const { response, bytes } = received;
    const durationMs = performance.now() - started;
    logger.noteAnswer(response.headers);
    observer?.attemptEnd({ attempt: attemptNumber, durationMs, status: response.status, headers: response.headers });
    // The final answer's line waits until the answer is settled, so that it carries the
    // envelope's request_id, success included (issue 16).
    if (logger.enabled("info")) {
      const fields = { attempt: attemptNumber, status: response.status, durationMs: Math.round(durationMs) };
      logger.holdAnswered(`${label()} answered ${response.status} in ${fields.durationMs} ms`, fields);
    }
    if (isSuccess(response.status)) return new ReadAnswer(response, bytes);
    // `note` says why no retry followed.
    let note: string | undefined;
    if (retry < call.maxRetries) {
      const decision = retryDecision(call.operation.retryMode, { status: response.status, retryAfter: response.headers.get("retry-after") }, attemptNumber);
      if (decision.retry && deadline.allowsWait(decision.delayMs)) {
        const delay = decision.delayMs;
        logger.log("warn", `${label()} answered ${response.status}; retry ${attemptNumber} of ${call.maxRetries} in ${delay} ms`, {
          attempt: attemptNumber,
          status: response.status,
          durationMs: Math.round(durationMs),
          delayMs: delay,
        });
        observer?.retry(attemptNumber, delay);
        await sleep(delay, call.signal);
        continue;
      }
      note = decision.retry ? deadline.stoppedRetrying(decision.delayMs) : decision.note;
    }
    const error = answerError(response, bytes, call);
    logger.answered(error.requestId);
    throw note === undefined ? error : withNote(error, note);
  }
}

/**
 * A success as openapi-fetch's `fetch` resolves with it: the answer's status and headers, and the
 * bytes the transport read (the Response's own body is spent). openapi-fetch reads `status`, `ok`,
 * `headers` and, for parseAs "arrayBuffer", `arrayBuffer()`; `response` is the Response as fetch gave
 * it, for `.withResponse()`. An undici Response rebuilt around the bytes instead cost about 25 µs a
 * call to construct and as much to read back, and lost the answer's `url` (docs/PERFORMANCE.md).
 */
export class ReadAnswer {
  readonly status: number;
  readonly ok = true;
  readonly headers: Headers;

  constructor(
    readonly response: Response,
    readonly bytes: Uint8Array | null,
  ) {
    this.status = response.status;
    this.headers = response.headers;
  }

  /** The bytes read, as an ArrayBuffer of their own length (a chunk may be a view into a larger one). */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const { bytes } = this;
    if (!bytes) return new ArrayBuffer(0);
    const { buffer, byteOffset, byteLength } = bytes;
    return byteOffset === 0 && byteLength === buffer.byteLength && buffer instanceof ArrayBuffer ? buffer : bytes.slice().buffer;
  }
}

// openapi-fetch is given light stand-ins for undici's Request and Response (TransportRequest, built
// through its `Request` option, and ReadAnswer); its types name undici's classes, so the casts
// between them are these three, and nowhere else. An undici Request per call cost 150 to 230 µs
// (docs/PERFORMANCE.md).

/** openapi-fetch's `Request` option: each call's request is a TransportRequest. */
export const LIGHT_REQUEST = TransportRequest as unknown as typeof Request;

/** openapi-fetch's `fetch` option for one call: the transport. */
export function transportFetch(call: CallContext): (request: Request) => Promise<Response> {
  return (request) => transport(request as unknown as TransportRequest, call) as unknown as Promise<Response>;
}

/** The ReadAnswer under the `response` openapi-fetch's request() returns, which transportFetch resolved with. */
export function readAnswerOf(response: Response): ReadAnswer {
  return response as unknown as ReadAnswer;
}
