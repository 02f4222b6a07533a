// What the call path tells its observers (OpenTelemetry, the caller's call-event hooks): one
// interface, so that core and the transport make one optional call per step, and nothing at all
// when no observer is configured (docs/PERFORMANCE.md: the cost when off is a null check).

/** What an observer knows about a call when it starts. Every value here is safe to show except `input`, `secrets` and `personal`, which observers use only to redact. */
export interface CallStart {
  /** The public method name, such as `getStatus`. */
  operation: string;
  /** The resource and method, such as `account.getStatus`. */
  qualifiedName: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The contract's path, such as `/account/status`: never the URL with its query, which carries personal data. */
  pathTemplate: string;
  /** The caller's input, to redact for views; never shown as it is. */
  input: unknown;
  /** Known secret values of the call (the key, tokens, credential headers). */
  secrets: readonly string[];
}

/** How one attempt ended: an answer (any status) or an error (connection, timeout, malformed answer). */
export interface AttemptEnd {
  attempt: number;
  durationMs: number;
  status?: number;
  headers?: Headers;
  error?: Error;
}

/** How the whole call ended. */
export interface CallEnd {
  /** Attempts made (0 when nothing was sent). */
  attempts: number;
  /** The final answer's HTTP status, when there was one. */
  status?: number;
  /** The request id, once known (envelope request_id, else the header). */
  requestId?: string;
  /** The error the call rejects with; absent on success. */
  error?: Error;
}

/** One call's observer. Each method is called once per step and must never throw into the call. */
export interface CallObserver {
  /** Headers to add to every attempt (W3C traceparent when the caller turned propagation on). */
  readonly outgoingHeaders?: Readonly<Record<string, string>>;
  attemptStart(attempt: number, url: string, headers: Headers): void;
  attemptEnd(end: AttemptEnd): void;
  /** A retry follows attempt `attempt`, after `delayMs`; `reason` is low-cardinality (`status_503`, `timeout`, `connection_error`). */
  retry(attempt: number, reason: string, delayMs: number): void;
  callEnd(end: CallEnd): void;
}

/** Starts the observation of one call. */
export type StartObserving = (call: CallStart) => CallObserver;

/** The reason a retry is made, low-cardinality (a metric label and a span event attribute). */
export function retryReason(attempt: AttemptEnd): string {
  if (attempt.status !== undefined) return `status_${attempt.status}`;
  return attempt.error?.name === "APIConnectionTimeoutError" ? "timeout" : "connection_error";
}

/** One observer from several (telemetry and hooks both configured); undefined when there are none. */
export function combineObservers(starters: readonly StartObserving[]): StartObserving | undefined {
  if (starters.length <= 1) return starters[0];
  return (call) => {
    const observers = starters.map((start) => start(call));
    const headers = Object.assign({}, ...observers.map((observer) => observer.outgoingHeaders)) as Record<string, string>;
    return {
      outgoingHeaders: Object.keys(headers).length ? headers : undefined,
      attemptStart: (attempt, url, sent) => observers.forEach((observer) => observer.attemptStart(attempt, url, sent)),
      attemptEnd: (end) => observers.forEach((observer) => observer.attemptEnd(end)),
      retry: (attempt, reason, delayMs) => observers.forEach((observer) => observer.retry(attempt, reason, delayMs)),
      callEnd: (end) => observers.forEach((observer) => observer.callEnd(end)),
    };
  };
}
