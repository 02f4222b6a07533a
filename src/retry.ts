// The retry policy: which failures are retried, and how long to wait. Everything that tunes it is
// a named constant here.

/** Retries after the first attempt, unless the client or the call says otherwise. */
export const DEFAULT_MAX_RETRIES = 2;
/** The most retries an option may ask for: beyond that a caller should queue, not hammer. */
export const MAX_RETRIES_LIMIT = 10;
/** Statuses worth another try for an operation that is safe to repeat. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** The first backoff delay; each retry doubles it. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** The longest backoff delay the SDK picks itself. */
export const MAX_RETRY_DELAY_MS = 8_000;
/** Up to this fraction of each backoff delay is taken off at random, so clients spread out. */
export const RETRY_JITTER = 0.25;
/**
 * The longest Retry-After the SDK waits for inside one call. A server asking for more is better
 * answered by surfacing the error (with its headers) and letting the caller schedule.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How an operation may be repeated:
 * - `idempotent`: safe to repeat (reads, and account_session, which PayWise traces by
 *   PW-request-id): retried on connection errors, timeouts and RETRYABLE_STATUSES.
 * - `unsent-only`: repeating could act twice (register_account has no idempotency key): retried
 *   only when the request provably never left this machine.
 */
export type RetryMode = "idempotent" | "unsent-only";

/**
 * Error codes that mean no byte of the request reached the server: the connection was refused
 * (ECONNREFUSED; Bun's ConnectionRefused), the name did not resolve, the connection was not made in
 * undici's connect timeout, or the server's TLS certificate was refused (Node's certificate check
 * runs before undici writes the request). EHOSTUNREACH and ENETUNREACH are left out on purpose: an
 * ICMP error or a route change on an open connection reports them on the next write, after the
 * request may have gone (docs/RELIABILITY.md); so are ERR_SSL_* codes, which a connection that was
 * already sending can report too.
 */
const NOTHING_SENT_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ConnectionRefused", "UND_ERR_CONNECT_TIMEOUT"]);
/** Node's codes for a server certificate it refused (ERR_TLS_CERT_ALTNAME_INVALID and OpenSSL's verify errors): literal prefixes, linear time. */
const CERTIFICATE_REFUSED = /^(?:ERR_TLS_CERT_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$)/;

/** Whether a fetch failure proves the request was never sent (searching causes and aggregates). */
export function provablyNotSent(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== "object") return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && (NOTHING_SENT_CODES.has(code) || CERTIFICATE_REFUSED.test(code))) return true;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => provablyNotSent(inner, depth + 1))) return true;
  return provablyNotSent(cause, depth + 1);
}

/**
 * What went wrong with an attempt, as the retry decision reads it: no answer (the connection
 * failed or the attempt timed out; `mayHaveReachedPayWise` false only when provably nothing was
 * sent), or an answer's status and Retry-After header.
 */
export type AttemptFailure = { readonly mayHaveReachedPayWise: boolean } | { readonly status: number; readonly retryAfter: string | null };

/** Another attempt after `delayMs`, or none; `note` says why none, when the error should say it. */
export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly note?: string };

/**
 * The retry decision, the one the transport and the testing kit both read: whether retry number
 * `retry` (1 for the first) follows a failed attempt of an operation with this RetryMode, and after
 * how long. The transport then also checks maxRetries and the call's totalTimeout.
 */
export function retryDecision(mode: RetryMode, failure: AttemptFailure, retry: number, now: number = Date.now()): RetryDecision {
  if ("mayHaveReachedPayWise" in failure) {
    return mode === "idempotent" || !failure.mayHaveReachedPayWise ? { retry: true, delayMs: backoffDelayMs(retry) } : { retry: false };
  }
  if (mode !== "idempotent" || !RETRYABLE_STATUSES.has(failure.status)) return { retry: false };
  const asked = parseRetryAfter(failure.retryAfter, now);
  if (asked === undefined) return { retry: true, delayMs: backoffDelayMs(retry) };
  if (asked <= MAX_RETRY_AFTER_MS) return { retry: true, delayMs: asked };
  return { retry: false, note: gaveUpWaiting(asked) };
}

/** The sentence an error ends with when PayWise asked to wait longer than the SDK waits inside a call. */
export function gaveUpWaiting(askedMs: number): string {
  return `The SDK gave up waiting: PayWise asked for ${Math.ceil(askedMs / 1000)} s (Retry-After), over the ${MAX_RETRY_AFTER_MS / 1000} s it waits.`;
}

/** Backoff before retry number `retry` (1 for the first retry), with jitter and a cap. */
export function backoffDelayMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** (retry - 1), MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - RETRY_JITTER * random()));
}

/**
 * The shape of an HTTP date (RFC 9110: IMF-fixdate, RFC 850 or asctime): a day name, a month name
 * and a time. Checked before Date.parse, which reads "1.5" or "-1" as dates in 2001 and would turn
 * a malformed Retry-After into an immediate retry.
 */
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? .*\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b.*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * The longest HTTP date with room to spare (IMF-fixdate is 29 characters, RFC 850 at most 33).
 * HTTP_DATE, whose `.*`s backtrack, runs only on text this short: on a 16 KiB header it took 60 ms
 * (issue 28).
 */
const MAX_HTTP_DATE_LENGTH = 64;

/**
 * The wait a Retry-After header asks for, in milliseconds: delta-seconds or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (trimmed.length > MAX_HTTP_DATE_LENGTH || !HTTP_DATE.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
