// OpenTelemetry traces and metrics for each call, through a tracer and a meter the caller passes
// (issue 17). The SDK never imports @opentelemetry/api: the types below are the parts of its
// Tracer, Span and Meter that are used, and SpanKind.CLIENT and SpanStatusCode.ERROR are its
// numeric values, so a client without telemetry costs nothing and needs no extra package.
// Only low-cardinality, non-secret values are recorded: the path template (never the URL, whose
// query carries personal data), status codes, error class names, plain-token ids.
import { CONTRACT_VERSION } from "../generated/current";
import type { AttemptEnd, CallEnd, CallObserver, CallStart, StartObserving } from "./observer";
import { isShowableId } from "./logger";

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

/** The `telemetry` client option. */
export interface TelemetryOptions {
  /** Makes one CLIENT span per call, named `paywise.<resource>.<method>`, with an event per attempt. */
  tracer?: TelemetryTracer;
  /** Records `http.client.request.duration` (seconds) and `paywise.client.retries`. */
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

/** Telemetry for the calls of one client; undefined when the option gives neither a tracer nor a meter. */
export function createTelemetry(options: TelemetryOptions, baseUrl: string): StartObserving | undefined {
  const { tracer, meter, propagateTraceContext } = options;
  if (!tracer && !meter) return undefined;
  const url = new URL(baseUrl);
  const server: Attributes = {
    "server.address": url.hostname,
    "server.port": Number(url.port) || (url.protocol === "https:" ? 443 : 80),
  };
  // A path prefix in baseUrl is part of every request path.
  const prefix = url.pathname.replace(/\/+$/, "");
  let duration: ReturnType<TelemetryMeter["createHistogram"]> | undefined;
  let retries: ReturnType<TelemetryMeter["createCounter"]> | undefined;
  if (meter) {
    duration = meter.createHistogram("http.client.request.duration", {
      description: "Duration of each HTTP request (attempt) PayWise calls make.",
      unit: "s",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
    });
    retries = meter.createCounter("paywise.client.retries", { description: "Retries of PayWise calls, by reason.", unit: "{retry}" });
  }

  return (call: CallStart): CallObserver => {
    const base: Attributes = {
      "http.request.method": call.method,
      ...server,
      "url.template": prefix + call.pathTemplate,
      "paywise.operation": call.qualifiedName,
    };
    let span: TelemetrySpan | undefined;
    let outgoingHeaders: Record<string, string> | undefined;
    safely(() => {
      span = tracer?.startSpan(`paywise.${call.qualifiedName}`, {
        kind: SPAN_KIND_CLIENT,
        attributes: { ...base, "paywise.contract_version": CONTRACT_VERSION },
      });
      if (span && propagateTraceContext) {
        const context = span.spanContext();
        const traceparent = traceparentOf(context);
        if (traceparent) {
          outgoingHeaders = { traceparent };
          const tracestate = context.traceState?.serialize();
          if (tracestate) outgoingHeaders.tracestate = tracestate;
        }
      }
    });
    // The last attempt's measurement waits for the call's end, which knows whether an answer
    // under HTTP 2xx was in fact an error envelope.
    let pending: AttemptEnd | undefined;
    const recordDuration = (attempt: AttemptEnd, errorType: string | undefined) =>
      safely(() => {
        const attributes: Attributes = { ...base, "paywise.outcome": errorType === undefined ? "success" : "error" };
        if (attempt.status !== undefined) attributes["http.response.status_code"] = attempt.status;
        if (errorType !== undefined) attributes["error.type"] = errorType;
        duration?.record(attempt.durationMs / 1000, attributes);
      });
    return {
      outgoingHeaders,
      attemptStart() {},
      attemptEnd(end) {
        pending = end;
        safely(() => {
          const attributes: Attributes = { "paywise.attempt": end.attempt, "paywise.attempt.duration_ms": end.durationMs };
          if (end.status !== undefined) attributes["http.response.status_code"] = end.status;
          if (end.error) attributes["error.type"] = end.error.name;
          span?.addEvent("paywise.attempt", attributes);
        });
      },
      retry(attempt, reason, delayMs) {
        if (pending) recordDuration(pending, pending.error?.name ?? String(pending.status));
        pending = undefined;
        safely(() => {
          span?.addEvent("paywise.retry", { "paywise.attempt": attempt, "paywise.retry.reason": reason, "paywise.retry.delay_ms": delayMs });
          retries?.add(1, { "paywise.operation": call.qualifiedName, "paywise.retry.reason": reason });
        });
      },
      callEnd(end: CallEnd) {
        const errorType = end.error?.name;
        if (pending) recordDuration(pending, errorType);
        pending = undefined;
        if (!span) return;
        const ended = span;
        safely(() => {
          ended.setAttribute("paywise.attempts", end.attempts);
          if (end.status !== undefined) ended.setAttribute("http.response.status_code", end.status);
          if (end.requestId !== undefined && isShowableId(end.requestId, call.secrets)) ended.setAttribute("paywise.request_id", end.requestId);
          if (end.error) {
            const { errorCode } = end.error as { errorCode?: unknown };
            // error_code is the server's text: only a plain code such as AMBIGUOUS_MATCH is recorded.
            if (typeof errorCode === "string" && isShowableId(errorCode, call.secrets)) {
              ended.setAttribute("paywise.error_code", errorCode);
            }
            ended.setAttribute("error.type", end.error.name);
            ended.setStatus({ code: SPAN_STATUS_ERROR, message: end.error.name });
          }
        });
        safely(() => ended.end());
      },
    };
  };
}
