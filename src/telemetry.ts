// OpenTelemetry traces and metrics for each call, through a tracer and a meter the caller passes
// (issue 17). The SDK never imports @opentelemetry/api: the types below are the parts of its
// Tracer, Span and Meter that are used, and SpanKind.CLIENT and SpanStatusCode.ERROR are its
// numeric values, so the package needs no OpenTelemetry package at run time.
// Only low-cardinality, non-secret values are recorded: the path template (never the URL, whose
// query carries personal data), status codes, error class names, plain-token ids.
import { CONTRACT_VERSION } from "../generated/current";
import { isShowableId } from "./logger";
import type { AttemptEnd, CallObserver, CallStart, Observer } from "./observer";

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
  startSpan(name: string, options?: { kind?: number; attributes?: Attributes }): TelemetrySpan;
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
  /** Makes one CLIENT span per call, named `paywise.<resource>.<method>`, with an event per attempt and retry. */
  tracer?: TelemetryTracer;
  /** Records `http.client.request.duration` (seconds, per attempt) and `paywise.client.retries`. */
  meter?: TelemetryMeter;
  /**
   * Sends the call's span as a W3C `traceparent` (and `tracestate`) header on each attempt.
   * PayWise documents no such header, so it is off unless you turn it on. @default false
   */
  propagateTraceContext?: boolean;
}

/** @opentelemetry/api's SpanKind.CLIENT. */
const SPAN_KIND_CLIENT = 2;
/** @opentelemetry/api's SpanStatusCode.ERROR. */
const SPAN_STATUS_ERROR = 2;
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
    prefix: url.pathname.replace(/\/+$/, ""),
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
    let span: TelemetrySpan | undefined;
    safely(() => {
      span = tracer?.startSpan(`paywise.${name}`, { kind: SPAN_KIND_CLIENT, attributes: { ...base, "paywise.contract_version": CONTRACT_VERSION } });
    });
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
      attemptStart(attempt, _url, headers) {
        attempts = attempt;
        if (!span || !propagateTraceContext || Object.keys(headers).some((name) => name.toLowerCase() === "traceparent")) return;
        // A traceparent the caller sets in `headers` wins.
        const traced = span;
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
        if (!span) return;
        const attributes: Attributes = { "paywise.attempt": end.attempt, "paywise.attempt.duration_ms": end.durationMs };
        if (end.status !== undefined) attributes["http.response.status_code"] = end.status;
        if (end.error) attributes["error.type"] = end.error.name;
        const traced = span;
        safely(() => traced.addEvent("paywise.attempt", attributes));
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
          if (typeof id === "string" && isShowableId(id, call.secrets)) traced.setAttribute("paywise.request_id", id);
          if (error !== undefined) {
            const type = failure?.name ?? "Error";
            // error_code is the server's text: only a plain code such as AMBIGUOUS_MATCH is recorded.
            if (typeof errorCode === "string" && isShowableId(errorCode, call.secrets)) traced.setAttribute("paywise.error_code", errorCode);
            traced.setAttribute("error.type", type);
            traced.setStatus({ code: SPAN_STATUS_ERROR, message: type });
          }
        });
        safely(() => traced.end());
      },
    };
  };
  return { observe };
}
