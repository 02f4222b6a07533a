// OpenTelemetry traces and metrics for each call, through a tracer and a meter the caller passes
// (issues 17 and 22). Each call is one tree: the call's INTERNAL span, active while the call runs
// (so log lines and hooks join it), and one CLIENT span per attempt (the HTTP semantic conventions'
// span per request sent, resends included), during which the HTTP layer's own instrumentation
// (undici's, http's) is suppressed: it would trace the same request again as a CLIENT span under a
// CLIENT span, and record the URL with the caller's personal query values in clear.
// Only this entry imports @opentelemetry/api (an optional peer dependency), for its context: the
// main entry neither loads nor bundles it.
// Only low-cardinality, non-secret values are recorded: the path template, the URL with its
// personal query values masked as log lines mask them, status codes, error class names, plain-token ids.
import { context as otelContext, createContextKey, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { CONTRACT_VERSION } from "../generated/current";
import type { AttemptEnd, CallObserver, CallStart, Observer } from "./observer";
import { maskUrl, personalValuesIn, recordedId } from "./redact";
import { withoutTrailingSlashes } from "./url-text";

type AttributeValue = string | number | boolean;
type Attributes = Record<string, AttributeValue>;

/** The parts of an OpenTelemetry `Span` the SDK uses. */
export interface TelemetrySpan {
  setAttribute(key: string, value: AttributeValue): unknown;
  addEvent(name: string, attributes?: Attributes): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  spanContext(): { traceId: string; spanId: string; traceFlags: number; traceState?: { serialize(): string } };
  end(): void;
}

/** The parts of an OpenTelemetry `Tracer` the SDK uses: `trace.getTracer("my-app")` fits. */
export interface TelemetryTracer {
  /** `context` is the parent's OpenTelemetry Context (typed loosely, so these declarations need no @opentelemetry/api). */
  startSpan(name: string, options?: { kind?: number; attributes?: Attributes }, context?: object): TelemetrySpan;
}

/** The parts of an OpenTelemetry `Meter` the SDK uses: `metrics.getMeter("my-app")` fits. */
export interface TelemetryMeter {
  createHistogram(name: string, options?: { description?: string; unit?: string; advice?: { explicitBucketBoundaries?: number[] } }): {
    record(value: number, attributes?: Attributes): void;
  };
  createCounter(name: string, options?: { description?: string; unit?: string }): { add(value: number, attributes?: Attributes): void };
}

/** What `openTelemetry()` takes. */
export interface TelemetryOptions {
  /**
   * Makes one INTERNAL span per call, named `paywise.<resource>.<method>` and active while the call
   * runs, with a CLIENT span per attempt (`GET /account/account`) and an event per retry.
   */
  tracer?: TelemetryTracer;
  /** Records `http.client.request.duration` (seconds, per attempt) and `paywise.client.retries`. */
  meter?: TelemetryMeter;
  /**
   * Sends the call's span as a W3C `traceparent` (and `tracestate`) header on each attempt.
   * PayWise documents no such header, so it is off unless you turn it on. @default false
   */
  propagateTraceContext?: boolean;
}

/**
 * The key of @opentelemetry/core's suppressTracing(): a context holding it makes every tracer of
 * the OpenTelemetry SDK start non-recording spans. createContextKey is a global Symbol.for, so this
 * is the same key without importing @opentelemetry/core.
 */
const SUPPRESS_TRACING = createContextKey("OpenTelemetry SDK Context Key SUPPRESS_TRACING");
/** The bucket boundaries the HTTP semantic conventions advise for http.client.request.duration, in seconds. */
const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const VALID_TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
const VALID_SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/;

/** A W3C traceparent for a span, or undefined when its context is not valid (a non-recording no-op span). */
export function traceparentOf(context: ReturnType<TelemetrySpan["spanContext"]>): string | undefined {
  if (!VALID_TRACE_ID.test(context.traceId) || !VALID_SPAN_ID.test(context.spanId)) return undefined;
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}

/**
 * Runs a telemetry step without letting it reach the call: a broken tracer or meter must not
 * fail a call, nor make a register that reached PayWise look failed (and be sent again).
 */
function safely(step: () => void): void {
  try {
    step();
  } catch {
    // Telemetry is best effort.
  }
}

/** The reason of a retry, low-cardinality: `status_503`, `timeout` or `connection_error`. */
export function retryReason(attempt: AttemptEnd): string {
  if (attempt.status !== undefined) return `status_${attempt.status}`;
  return attempt.error?.name === "APIConnectionTimeoutError" ? "timeout" : "connection_error";
}

/** server.address, server.port and the path prefix of a baseUrl. */
function serverOf(baseUrl: string): { attributes: Attributes; prefix: string } {
  const url = new URL(baseUrl);
  return {
    attributes: { "server.address": url.hostname, "server.port": Number(url.port) || (url.protocol === "https:" ? 443 : 80) },
    // A path prefix in baseUrl is part of every request path.
    prefix: withoutTrailingSlashes(url.pathname),
  };
}

/**
 * OpenTelemetry for a client's calls: pass the result as the `telemetry` client option.
 * `openTelemetry({ tracer: trace.getTracer("my-app"), meter: metrics.getMeter("my-app") })`.
 */
export function openTelemetry(options: TelemetryOptions): Observer {
  if (options === null || typeof options !== "object") throw new TypeError("openTelemetry(options): options must be an object with tracer and/or meter");
  const { tracer, meter, propagateTraceContext = false } = options;
  if (tracer !== undefined && typeof tracer?.startSpan !== "function") throw new TypeError('openTelemetry(options): tracer must be an OpenTelemetry Tracer (with startSpan), such as trace.getTracer("my-app")');
  if (meter !== undefined && (typeof meter?.createHistogram !== "function" || typeof meter.createCounter !== "function")) {
    throw new TypeError('openTelemetry(options): meter must be an OpenTelemetry Meter (with createHistogram and createCounter), such as metrics.getMeter("my-app")');
  }
  if (typeof propagateTraceContext !== "boolean") throw new TypeError("openTelemetry(options): propagateTraceContext must be true or false");
  const duration = meter?.createHistogram("http.client.request.duration", {
    description: "Duration of each HTTP request (attempt) of PayWise calls.",
    unit: "s",
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
  });
  const retries = meter?.createCounter("paywise.client.retries", { description: "Retries of PayWise calls, by reason.", unit: "{retry}" });
  let server: { baseUrl: string; attributes: Attributes; prefix: string } | undefined;

  const observe = (call: CallStart): CallObserver => {
    if (server?.baseUrl !== call.baseUrl) server = { baseUrl: call.baseUrl, ...serverOf(call.baseUrl) };
    const { operation } = call;
    const name = `${operation.resource}.${operation.name}`;
    const base: Attributes = {
      "http.request.method": operation.method.toUpperCase(),
      ...server.attributes,
      "url.template": server.prefix + operation.path,
      "paywise.operation": name,
    };
    // The call's span is a child of what was active when the call started, and the parent of its attempts.
    const parent = otelContext.active();
    let span: TelemetrySpan | undefined;
    safely(() => {
      span = tracer?.startSpan(`paywise.${name}`, { kind: SpanKind.INTERNAL, attributes: { ...base, "paywise.contract_version": CONTRACT_VERSION } }, parent);
    });
    const callContext = span ? trace.setSpan(parent, span as never) : parent;
    // The call's log lines carry its span's ids, so that they join the trace with any logger.
    let logFields: Record<string, string> | undefined;
    safely(() => {
      const context = span?.spanContext();
      if (context && traceparentOf(context)) logFields = { trace_id: context.traceId, span_id: context.spanId };
    });
    let attemptSpan: TelemetrySpan | undefined;
    // The last attempt is measured at the call's end, which knows whether an answer under HTTP 2xx
    // was in fact an error envelope.
    let pending: AttemptEnd | undefined;
    let attempts = 0;
    const record = (errorType: string | undefined) => {
      const attempt = pending;
      pending = undefined;
      if (!attempt || !duration) return;
      const attributes: Attributes = { ...base, "paywise.outcome": errorType === undefined ? "success" : "error" };
      if (attempt.status !== undefined) attributes["http.response.status_code"] = attempt.status;
      if (errorType !== undefined) attributes["error.type"] = errorType;
      safely(() => duration.record(attempt.durationMs / 1000, attributes));
    };
    return {
      logFields,
      runCall: (run) => otelContext.with(callContext, run),
      // Suppressed even without a tracer: the HTTP layer's spans would hold the URL in clear.
      runAttempt: (send) => otelContext.with((attemptSpan ? trace.setSpan(callContext, attemptSpan as never) : callContext).setValue(SUPPRESS_TRACING, true), send),
      attemptStart(attempt, url, headers) {
        attempts = attempt;
        attemptSpan = undefined;
        if (!tracer) return;
        safely(() => {
          const attributes: Attributes = {
            "http.request.method": base["http.request.method"]!,
            "server.address": base["server.address"]!,
            "server.port": base["server.port"]!,
            "url.full": maskUrl(url, call.secrets, operation.path),
            "url.template": base["url.template"]!,
            "paywise.attempt": attempt,
          };
          // The conventions' count of resends: absent on the first attempt.
          if (attempt > 1) attributes["http.request.resend_count"] = attempt - 1;
          attemptSpan = tracer.startSpan(`${attributes["http.request.method"]} ${attributes["url.template"]}`, { kind: SpanKind.CLIENT, attributes }, callContext);
        });
        // (Set inside safely(), which TypeScript's narrowing does not follow.)
        const traced = attemptSpan as TelemetrySpan | undefined;
        // A traceparent the caller sets in `headers` wins.
        if (!traced || !propagateTraceContext || Object.keys(headers).some((name) => name.toLowerCase() === "traceparent")) return;
        safely(() => {
          const context = traced.spanContext();
          const traceparent = traceparentOf(context);
          if (!traceparent) return;
          headers.traceparent = traceparent;
          const tracestate = context.traceState?.serialize();
          if (tracestate) headers.tracestate = tracestate;
        });
      },
      attemptEnd(end) {
        pending = end;
        const traced = attemptSpan;
        attemptSpan = undefined;
        if (!traced) return;
        safely(() => {
          if (end.status !== undefined) traced.setAttribute("http.response.status_code", end.status);
          // The conventions' error.type: the status code from 400 on, else the error's class.
          const errorType = end.error ? end.error.name : end.status !== undefined && end.status >= 400 ? String(end.status) : undefined;
          if (errorType !== undefined) {
            traced.setAttribute("error.type", errorType);
            traced.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
          }
        });
        safely(() => traced.end());
      },
      retry(attempt, delayMs) {
        const reason = pending ? retryReason(pending) : "unknown";
        // A retried attempt failed: its error type is its status, or its error's class.
        record(pending?.error?.name ?? String(pending?.status));
        const traced = span;
        safely(() => traced?.addEvent("paywise.retry", { "paywise.attempt": attempt, "paywise.retry.reason": reason, "paywise.retry.delay_ms": delayMs }));
        safely(() => retries?.add(1, { "paywise.operation": name, "paywise.retry.reason": reason }));
      },
      callEnd(error, result) {
        const failure = error instanceof Error ? error : undefined;
        record(error === undefined ? undefined : (failure?.name ?? "Error"));
        if (!span) return;
        const traced = span;
        const { status, requestId, errorCode } = (failure ?? {}) as { status?: unknown; requestId?: unknown; errorCode?: unknown };
        const answered = result?.response.status ?? status;
        const id = result ? result.meta.request_id : requestId;
        safely(() => {
          traced.setAttribute("paywise.attempts", attempts);
          if (typeof answered === "number") traced.setAttribute("http.response.status_code", answered);
          // Ids and codes are the server's text: the call's secrets and personal values are masked in them (issue 28).
          const recorded = (text: string) => recordedId(text, call.secrets, personalValuesIn(call.input));
          if (typeof id === "string") traced.setAttribute("paywise.request_id", recorded(id));
          if (error !== undefined) {
            const type = failure?.name ?? "Error";
            if (typeof errorCode === "string") traced.setAttribute("paywise.error_code", recorded(errorCode));
            traced.setAttribute("error.type", type);
            traced.setStatus({ code: SpanStatusCode.ERROR, message: type });
          }
        });
        safely(() => traced.end());
      },
    };
  };
  return { observe };
}
