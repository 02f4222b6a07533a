// What the call path tells an observer (OpenTelemetry, the caller's hooks), and nothing more: the
// observers themselves live in src/observability.ts, a separate entry point
// (`@paywise/sdk/observability`), so a client without them neither loads nor bundles their code,
// and its call path does a null check per step (issue 17; docs/PERFORMANCE.md).
import type { WithResponse } from "./api-promise";

/** A call as an observer first sees it. `operation` and `baseUrl` are safe to show; `input` and `secrets` are there to redact with. */
export interface CallStart {
  /** The operation's descriptor (generated from the contract): `account`, `getStatus`, `get`, `/account/account`. */
  readonly operation: { readonly resource: string; readonly name: string; readonly method: string; readonly path: string };
  /** The client's baseUrl. */
  readonly baseUrl: string;
  /** The caller's input, as given (the call may still refuse it). */
  readonly input: unknown;
  /** Known secret values of the call: the key and the input's tokens. */
  readonly secrets: readonly string[];
}

/** How one attempt ended: an answer (any status) or an error (connection, timeout, malformed answer). */
export interface AttemptEnd {
  readonly attempt: number;
  readonly durationMs: number;
  readonly status?: number;
  readonly headers?: Headers;
  readonly error?: Error;
}

/** One call's observer. The call path calls each method at most once per step; none may throw into the call. */
export interface CallObserver {
  /**
   * Runs the whole call (input checks, attempts, waits, log lines, hooks, `callEnd`) and returns
   * what `run` returns. Telemetry runs it with the call's span as the active span, so that what
   * the call does and logs joins the call's trace (issue 22); other observers just call `run`.
   */
  runCall<T>(run: () => T): T;
  /**
   * Runs one attempt's fetch and body read, between `attemptStart` and `attemptEnd`, and returns
   * what `send` returns. Telemetry runs it with the attempt's span active and the HTTP layer's own
   * instrumentation suppressed, so no request is traced twice (issue 22); others just call `send`.
   */
  runAttempt<T>(send: () => T): T;
  /**
   * Fields for every log line of the call: telemetry gives the call's span's `trace_id` and
   * `span_id`, so the lines join the trace with any logger (pino's instrumentation adds the same).
   */
  readonly logFields?: Readonly<Record<string, string>>;
  /** Attempt `attempt` (1 for the first) is about to be sent with these headers; an observer may add to them (a traceparent). */
  attemptStart(attempt: number, url: string, headers: Record<string, string>): void;
  attemptEnd(end: AttemptEnd): void;
  /** Another attempt follows the one that just ended, after `delayMs`. */
  retry(attempt: number, delayMs: number): void;
  /** The call ended: `error` is what it rejects with, else `result` what it resolves with. */
  callEnd(error: unknown, result?: WithResponse<unknown>): void;
}

/**
 * Made by `openTelemetry()` or `callHooks()` from `@paywise/sdk/observability`, and passed as the
 * `telemetry` or `hooks` client option.
 */
export interface Observer {
  /** Starts observing one call (the SDK calls this; you do not need to). */
  readonly observe: (call: CallStart) => CallObserver;
}
