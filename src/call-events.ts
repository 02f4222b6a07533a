// The caller's own hooks on each call (issue 17): request, response, retry and error events, each
// given a frozen view with secrets redacted and personal data masked, as a log line shows them.
// A hook runs inside the call, but can never change its outcome: what it throws (or rejects with)
// is caught, so a register that reached PayWise is never reported failed and sent again.
import type { AttemptEnd, CallObserver, CallStart, Observer } from "./observer";
import { retryReason } from "./telemetry";
import { maskKnownPersonal, maskUrl, personalValuesIn, recordedId, redact, redactHeaders, scrubText } from "./redact";

/** What every event says about its call. */
export interface CallEventBase {
  /** The resource and method, such as `account.getStatus`. */
  readonly operation: string;
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The contract's path, such as `/account/account`. */
  readonly path: string;
}

/** An attempt is about to be sent. */
export interface RequestEvent extends CallEventBase {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The URL, personal query values masked. */
  readonly url: string;
  /** The headers sent, the key and credentials redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** The call's input, secrets redacted and personal data masked. */
  readonly input: unknown;
}

/** An attempt got an answer (any status; an error status may still be retried). */
export interface ResponseEvent extends CallEventBase {
  readonly attempt: number;
  readonly status: number;
  /** The answer's headers, secrets redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request id PayWise answered with in its headers, when it is a plain token. */
  readonly requestId: string | undefined;
  /** Time from sending to the whole body read, in milliseconds. */
  readonly durationMs: number;
}

/** An attempt failed or got a retryable status, and another attempt follows after `delayMs`. */
export interface RetryEvent extends CallEventBase {
  /** The attempt that failed. */
  readonly attempt: number;
  /** `status_<code>`, `timeout` or `connection_error`. */
  readonly reason: string;
  /** The wait before the next attempt, in milliseconds. */
  readonly delayMs: number;
}

/** The call failed: this is the error it rejects with, as a log line shows it. */
export interface ErrorEvent extends CallEventBase {
  /** Attempts made (0 when the input was refused and nothing was sent). */
  readonly attempts: number;
  readonly error: {
    /** The error's class, such as `NotFoundError`. */
    readonly name: string;
    /** The message, personal data masked. */
    readonly message: string;
    readonly status: number | undefined;
    readonly errorCode: string | undefined;
    readonly requestId: string | undefined;
  };
}

/** What `callHooks()` takes: functions called on each step of every call. What they throw or reject with is ignored. */
export interface CallHooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
  onError?(event: ErrorEvent): void;
}

const HOOK_NAMES = ["onRequest", "onResponse", "onRetry", "onError"] as const satisfies readonly (keyof CallHooks)[];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** Calls a hook; nothing it throws or rejects with reaches the call. */
function notify<E>(hook: ((event: E) => void) | undefined, view: () => E): void {
  if (!hook) return;
  try {
    const returned: unknown = hook(deepFreeze(view()));
    if (returned !== null && typeof returned === "object" && typeof (returned as Promise<unknown>).then === "function") {
      (returned as Promise<unknown>).then(undefined, () => {});
    }
  } catch {
    // Ignored by design: see the top of this file.
  }
}

/** The caller's hooks on every call: pass the result as the `hooks` client option. */
export function callHooks(hooks: CallHooks): Observer {
  if (hooks === null || typeof hooks !== "object") throw new TypeError(`callHooks(hooks): hooks must be an object with ${HOOK_NAMES.join(", ")}`);
  for (const [name, hook] of Object.entries(hooks)) {
    if (!(HOOK_NAMES as readonly string[]).includes(name)) throw new TypeError(`callHooks(hooks): ${name} is not a hook; they are ${HOOK_NAMES.join(", ")}`);
    if (hook !== undefined && typeof hook !== "function") throw new TypeError(`callHooks(hooks): ${name} must be a function`);
  }
  // Copied once: a hook added to or removed from the object later changes nothing.
  const { onRequest, onResponse, onRetry, onError } = hooks;
  const observe = (call: CallStart): CallObserver => {
    const { operation } = call;
    const base = { operation: `${operation.resource}.${operation.name}`, method: operation.method.toUpperCase(), path: operation.path };
    let personal: [string, string][] | undefined;
    const recorded = (id: string) => recordedId(id, call.secrets, (personal ??= personalValuesIn(call.input)));
    // Header values are free text (a server may echo the caller's mobile number in one): personal values are masked there too.
    const headersView = (headers: Headers | Record<string, string>) => {
      personal ??= personalValuesIn(call.input);
      const shown = redactHeaders(headers instanceof Headers ? headers : new Headers(headers), call.secrets, true);
      for (const name of Object.keys(shown)) shown[name] = maskKnownPersonal(shown[name]!, personal);
      return shown;
    };
    let input: unknown;
    let lastAttempt: AttemptEnd | undefined;
    let attempts = 0;
    return {
      // Hooks need no context of their own.
      runCall: (run) => run(),
      runAttempt: (send) => send(),
      attemptStart(attempt, url, headers) {
        attempts = attempt;
        notify(onRequest, () => {
          input ??= redact(call.input, call.secrets, true);
          return { ...base, attempt, url: maskUrl(url, call.secrets, operation.path), headers: headersView(headers), input };
        });
      },
      attemptEnd(end) {
        lastAttempt = end;
        if (end.status === undefined || !end.headers) return;
        const headers = end.headers;
        notify(onResponse, () => {
          const id = headers.get("pw-request-id") ?? headers.get("x-request-id");
          return {
            ...base,
            attempt: end.attempt,
            status: end.status!,
            headers: headersView(headers),
            requestId: id === null ? undefined : recorded(id),
            durationMs: end.durationMs,
          };
        });
      },
      retry(attempt, delayMs) {
        notify(onRetry, () => ({ ...base, attempt, reason: lastAttempt ? retryReason(lastAttempt) : "unknown", delayMs }));
      },
      callEnd(error) {
        if (error === undefined) return;
        notify(onError, () => {
          const { name, message, status, errorCode, requestId } = (error ?? {}) as { name?: unknown; message?: unknown; status?: unknown; errorCode?: unknown; requestId?: unknown };
          personal ??= personalValuesIn(call.input);
          return {
            ...base,
            attempts,
            error: {
              name: typeof name === "string" ? name : "Error",
              message: typeof message === "string" ? maskKnownPersonal(scrubText(message, call.secrets), personal) : "",
              status: typeof status === "number" ? status : undefined,
              errorCode: typeof errorCode === "string" ? recorded(errorCode) : undefined,
              requestId: typeof requestId === "string" ? recorded(requestId) : undefined,
            },
          };
        });
      },
    };
  };
  return { observe };
}
