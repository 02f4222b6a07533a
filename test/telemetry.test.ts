// OpenTelemetry through the telemetry option (issues 17 and 22): one INTERNAL span per call with
// PayWise's own attributes and an event per retry, a CLIENT span per attempt with the HTTP client
// conventions, error status by error class, traceparent only when asked, and the request metrics;
// checked with the real OTel SDK. The span tree under real undici instrumentation: otel-tree.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_REQUEST_RESEND_COUNT, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_URL_FULL, METRIC_HTTP_CLIENT_REQUEST_DURATION } from "@opentelemetry/semantic-conventions";
import { ATTR_URL_TEMPLATE } from "@opentelemetry/semantic-conventions/incubating";
import { SpanKind, SpanStatusCode, trace, metrics } from "@opentelemetry/api";
import { CONTRACT_VERSION } from "../generated/current";
import type { OperationDescriptor } from "../src/core";
import { PayWise } from "../src/index";
import { openTelemetry } from "../src/observability";
import { balanceAnswer, envelope, json, statusAnswer, unitClient, validRegisterBody, validStatusQuery, UNIT_BASE_URL } from "./helpers/fake-fetch";
import { captureLogger, successBody } from "./helpers/fixtures";
import { caught } from "./helpers/renderings";
import { personalValuesIn } from "../src/redact";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { otel } from "./helpers/otel";

// The descriptors of the newest contract, whatever its version (names, paths and methods come from the contract).
const descriptors = (await import(`../generated/pw-wrappers.${CONTRACT_VERSION}/operations.ts`)) as Record<string, OperationDescriptor>;
const accountGetStatus = descriptors.accountGetStatus!;
const accountGetBalance = descriptors.accountGetBalance!;
const accountRegister = descriptors.accountRegister!;

let telemetry: ReturnType<typeof otel>;
afterEach(async () => {
  await telemetry?.shutdown();
});

function client(handler: Parameters<typeof unitClient>[0], options: { propagateTraceContext?: boolean } & Parameters<typeof unitClient>[1] = {}) {
  telemetry = otel();
  const { propagateTraceContext, ...rest } = options;
  return unitClient(handler, { telemetry: openTelemetry({ tracer: telemetry.tracer, meter: telemetry.meter, propagateTraceContext }), ...rest });
}

const base = new URL(UNIT_BASE_URL);

/** The call's span and its attempts' spans, in the order they started. */
function callTree(): { call: ReadableSpan; attempts: ReadableSpan[] } {
  const spans = telemetry.finishedSpans();
  const calls = spans.filter((span) => span.kind === SpanKind.INTERNAL);
  expect(calls).toHaveLength(1);
  const call = calls[0]!;
  const attempts = spans.filter((span) => span !== call);
  for (const attempt of attempts) {
    expect(attempt.kind).toBe(SpanKind.CLIENT);
    expect(attempt.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
  }
  return { call, attempts: attempts.sort((a, b) => Number(a.attributes["paywise.attempt"]) - Number(b.attributes["paywise.attempt"])) };
}

describe("a call's span", () => {
  it("is one INTERNAL span named after the method, with PayWise's attributes, over one CLIENT span per attempt", async () => {
    const { client: paywise } = client(() => statusAnswer());
    await paywise.account.getStatus(validStatusQuery);
    expect(telemetry.finishedSpans()).toHaveLength(2);
    const { call, attempts } = callTree();
    expect(call.name).toBe(`paywise.${accountGetStatus.resource}.${accountGetStatus.name}`);
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    expect(call.attributes).toEqual({
      [ATTR_HTTP_REQUEST_METHOD]: accountGetStatus.method.toUpperCase(),
      [ATTR_SERVER_ADDRESS]: base.hostname,
      [ATTR_SERVER_PORT]: 443,
      [ATTR_URL_TEMPLATE]: accountGetStatus.path,
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200,
      "paywise.operation": `${accountGetStatus.resource}.${accountGetStatus.name}`,
      "paywise.request_id": envelope().request_id,
      "paywise.attempts": 1,
      "paywise.contract_version": CONTRACT_VERSION,
    });
    expect(call.events).toEqual([]);
    expect(attempts).toHaveLength(1);
    const [attempt] = attempts;
    expect(attempt!.name).toBe(`${accountGetStatus.method.toUpperCase()} ${accountGetStatus.path}`);
    expect(attempt!.status.code).toBe(SpanStatusCode.UNSET);
    expect(attempt!.attributes).toEqual({
      [ATTR_HTTP_REQUEST_METHOD]: accountGetStatus.method.toUpperCase(),
      [ATTR_SERVER_ADDRESS]: base.hostname,
      [ATTR_SERVER_PORT]: 443,
      [ATTR_URL_FULL]: expect.stringContaining(accountGetStatus.path),
      [ATTR_URL_TEMPLATE]: accountGetStatus.path,
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200,
      "paywise.attempt": 1,
    });
  });

  it("records url.full with the personal query values masked, as log lines mask them", async () => {
    const { client: paywise, requests } = client(() => statusAnswer());
    await paywise.account.getStatus(validStatusQuery);
    const { attempts } = callTree();
    const sent = new URL(requests[0]!.url);
    const recorded = new URL(String(attempts[0]!.attributes[ATTR_URL_FULL]));
    expect(recorded.pathname).toBe(sent.pathname);
    expect([...recorded.searchParams.keys()]).toEqual([...sent.searchParams.keys()]);
    const personal = personalValuesIn(validStatusQuery);
    expect(personal.length).toBeGreaterThan(0);
    for (const [value] of personal) {
      expect(sent.href).toContain(new URLSearchParams({ value }).toString().slice("value=".length));
      expect(recorded.href).not.toContain(new URLSearchParams({ value }).toString().slice("value=".length));
    }
    expect(recorded.searchParams.get("version")).toBe(CONTRACT_VERSION);
  });

  it("shows each attempt as a CLIENT span with its outcome and resend count, and the wait before the next as an event", async () => {
    const { client: paywise } = client((_, index) => (index === 0 ? json(envelope({ status: "error", code: 503, message: "busy" }), 503, { "retry-after": "0" }) : balanceAnswer()));
    await paywise.account.getBalance({ mobile_number: "18680001234" });
    const { call, attempts } = callTree();
    expect(call.attributes["paywise.attempts"]).toBe(2);
    expect(call.events.map((event) => ({ name: event.name, ...event.attributes }))).toEqual([
      { name: "paywise.retry", "paywise.attempt": 1, "paywise.retry.reason": "status_503", "paywise.retry.delay_ms": 0 },
    ]);
    expect(attempts.map((span) => [span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE], span.attributes[ATTR_HTTP_REQUEST_RESEND_COUNT], span.attributes[ATTR_ERROR_TYPE], span.status.code])).toEqual([
      [503, undefined, "503", SpanStatusCode.ERROR],
      [200, 1, undefined, SpanStatusCode.UNSET],
    ]);
  });

  it("ends in error status with the error class's name, the error type and PayWise's error code", async () => {
    const { client: paywise } = client(() =>
      json(envelope({ status: "error", code: 409, message: "Multiple matches found.", request_id: "62a88990-5a8a-4c89-8e16-d7a727d2ed0a", data: { error_code: "AMBIGUOUS_MATCH" } }), 409),
    );
    const error = await caught(paywise.account.getStatus(validStatusQuery));
    expect(error.name).toBe("ConflictError");
    const { call, attempts } = callTree();
    expect(call.status).toEqual({ code: SpanStatusCode.ERROR, message: "ConflictError" });
    expect(call.attributes).toMatchObject({
      [ATTR_ERROR_TYPE]: "ConflictError",
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 409,
      "paywise.error_code": "AMBIGUOUS_MATCH",
      "paywise.request_id": "62a88990-5a8a-4c89-8e16-d7a727d2ed0a",
    });
    // The attempt's error type is the HTTP conventions' one: the status code.
    expect(attempts.map((span) => [span.status, span.attributes[ATTR_ERROR_TYPE]])).toEqual([[{ code: SpanStatusCode.ERROR, message: "409" }, "409"]]);
  });

  it("records a timeout on each attempt and as the span's error", async () => {
    telemetry = otel();
    // Answers nothing; gives up only when the SDK's timeout aborts the attempt.
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason), { once: true }))) as typeof fetch;
    const { client: paywise } = unitClient(() => statusAnswer(), { fetch: hanging, timeout: 20, maxRetries: 1, telemetry: openTelemetry({ tracer: telemetry.tracer }) });
    const error = await caught(paywise.account.getStatus(validStatusQuery));
    expect(error.name).toBe("APIConnectionTimeoutError");
    const { call, attempts } = callTree();
    expect(call.status).toEqual({ code: SpanStatusCode.ERROR, message: "APIConnectionTimeoutError" });
    expect(call.attributes["paywise.attempts"]).toBe(2);
    expect(call.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBeUndefined();
    expect(call.events.map((event) => [event.name, event.attributes?.["paywise.retry.reason"]])).toEqual([["paywise.retry", "timeout"]]);
    expect(attempts.map((span) => [span.attributes[ATTR_ERROR_TYPE], span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE], span.status.code])).toEqual([
      ["APIConnectionTimeoutError", undefined, SpanStatusCode.ERROR],
      ["APIConnectionTimeoutError", undefined, SpanStatusCode.ERROR],
    ]);
  }, 10_000);

  it("is ended with InvalidRequestError and no attempt when the input is refused", async () => {
    const { client: paywise, requests } = client(() => statusAnswer());
    await paywise.account.getStatus({ ...validStatusQuery, mobile_number: 12 as unknown as string }).catch(() => undefined);
    expect(requests).toHaveLength(0);
    const { call: span, attempts } = callTree();
    expect(attempts).toEqual([]);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "InvalidRequestError" });
    expect(span.attributes["paywise.attempts"]).toBe(0);
    expect(span.events).toEqual([]);
  });

  it("puts the call's trace_id and span_id on each of its log lines, for loggers without an OpenTelemetry instrumentation", async () => {
    const log = captureLogger();
    const { client: paywise } = client((_, index) => (index === 0 ? json(envelope({ status: "error", code: 503, message: "busy" }), 503, { "retry-after": "0" }) : statusAnswer()), {
      logLevel: "debug",
      logger: log.logger,
    });
    await paywise.account.getStatus(validStatusQuery);
    const { call } = callTree();
    // The request line, two attempt lines, a retry line and the answer line.
    expect(log.lines.length).toBeGreaterThanOrEqual(5);
    for (const line of log.lines) expect(line.fields, line.message).toMatchObject({ trace_id: call.spanContext().traceId, span_id: call.spanContext().spanId });
  });

  it("adds no trace ids to log lines when there is no span (a meter alone)", async () => {
    telemetry = otel();
    const log = captureLogger();
    const { client: paywise } = unitClient(() => statusAnswer(), { logLevel: "debug", logger: log.logger, telemetry: openTelemetry({ meter: telemetry.meter }) });
    await paywise.account.getStatus(validStatusQuery);
    expect(log.lines.length).toBeGreaterThan(0);
    for (const line of log.lines) expect(Object.keys(line.fields as object)).not.toContain("trace_id");
  });

  it("sends no traceparent unless propagation is turned on", async () => {
    const off = client(() => statusAnswer());
    await off.client.account.getStatus(validStatusQuery);
    expect(off.requests[0]!.headers.has("traceparent")).toBe(false);
  });

  it("sends each attempt's span as a W3C traceparent when propagation is on", async () => {
    const { client: paywise, requests } = client((_, index) => (index === 0 ? json(envelope({ status: "error", code: 503, message: "busy" }), 503, { "retry-after": "0" }) : statusAnswer()), {
      propagateTraceContext: true,
    });
    await paywise.account.getStatus(validStatusQuery);
    const { attempts } = callTree();
    expect(requests.map((request) => request.headers.get("traceparent"))).toEqual(attempts.map((span) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`));
    expect(new Set(requests.map((request) => request.headers.get("traceparent"))).size).toBe(2);
  });

  it("lets a traceparent the caller passes win over its own", async () => {
    const given = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const { client: paywise, requests } = client(() => statusAnswer(), { propagateTraceContext: true });
    await paywise.account.getStatus(validStatusQuery, { headers: { traceparent: given } });
    expect(requests[0]!.headers.get("traceparent")).toBe(given);
  });

  it("never changes a call's outcome when the tracer throws, and never repeats a register", async () => {
    const broken = {
      startSpan: () => ({
        setAttribute: () => {
          throw new Error("exporter down");
        },
        addEvent: () => {
          throw new Error("exporter down");
        },
        setStatus: () => {
          throw new Error("exporter down");
        },
        spanContext: () => {
          throw new Error("exporter down");
        },
        end: () => {
          throw new Error("exporter down");
        },
      }),
    };
    const { client: paywise, requests } = unitClient((request) => json(successBody(request.url.toString())), { telemetry: openTelemetry({ tracer: broken, propagateTraceContext: true }) });
    await expect(paywise.account.register(validRegisterBody)).resolves.toBeDefined();
    expect(requests).toHaveLength(1);
    expect(accountRegister.retryMode).toBe("unsent-only");
  });

  it("takes @opentelemetry/api's tracer and meter as they are", () => {
    // A type check as much as a run: the global (no-op) API objects fit the option's types.
    expect(() => new PayWise({ subscriptionKey: "k3y0123456789abcdef0123456789abc", originCountry: "TT", ipAddress: "203.0.113.7", baseUrl: UNIT_BASE_URL, telemetry: openTelemetry({ tracer: trace.getTracer("app"), meter: metrics.getMeter("app") }) })).not.toThrow();
  });

  it("refuses what is not a tracer or a meter, and a tracer given to the client without openTelemetry()", () => {
    expect(() => openTelemetry({ tracer: {} as never })).toThrow(/tracer must be an OpenTelemetry Tracer/);
    expect(() => openTelemetry({ meter: { createHistogram() {} } as never })).toThrow(/meter must be an OpenTelemetry Meter/);
    expect(() => unitClient(() => statusAnswer(), { telemetry: { tracer: trace.getTracer("app") } as never })).toThrow("telemetry: must be made by openTelemetry() from @paywise/sdk/observability");
  });
});

describe("the request metrics", () => {
  it("record http.client.request.duration in seconds per attempt, by operation and outcome, and retries by reason", async () => {
    const { client: paywise } = client((_, index) => (index === 0 ? json(envelope({ status: "error", code: 503, message: "busy" }), 503, { "retry-after": "0" }) : balanceAnswer()));
    await paywise.account.getBalance({ mobile_number: "18680001234" });
    const operation = `${accountGetBalance.resource}.${accountGetBalance.name}`;
    const points = await telemetry.metricPoints();
    const durations = points.filter((point) => point.name === METRIC_HTTP_CLIENT_REQUEST_DURATION);
    expect(durations.map((point) => [point.unit, point.attributes])).toEqual([
      ["s", { [ATTR_HTTP_REQUEST_METHOD]: "POST", [ATTR_SERVER_ADDRESS]: base.hostname, [ATTR_SERVER_PORT]: 443, [ATTR_URL_TEMPLATE]: accountGetBalance.path, "paywise.operation": operation, "paywise.outcome": "error", [ATTR_HTTP_RESPONSE_STATUS_CODE]: 503, [ATTR_ERROR_TYPE]: "503" }],
      ["s", { [ATTR_HTTP_REQUEST_METHOD]: "POST", [ATTR_SERVER_ADDRESS]: base.hostname, [ATTR_SERVER_PORT]: 443, [ATTR_URL_TEMPLATE]: accountGetBalance.path, "paywise.operation": operation, "paywise.outcome": "success", [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200 }],
    ]);
    for (const point of durations) {
      const histogram = point.value as { count: number; sum: number };
      expect(histogram.count).toBe(1);
      // Seconds, not milliseconds: a fake fetch answers in far less than a second.
      expect(histogram.sum).toBeLessThan(1);
    }
    expect(points.filter((point) => point.name === "paywise.client.retries").map((point) => [point.attributes, point.value])).toEqual([
      [{ "paywise.operation": operation, "paywise.retry.reason": "status_503" }, 1],
    ]);
  });

  it("count an error envelope under HTTP 200 as an error outcome", async () => {
    const { client: paywise } = client(() => json(envelope({ status: "error", code: 404, message: "No account" }), 200));
    await paywise.account.getStatus(validStatusQuery).catch(() => undefined);
    const points = await telemetry.metricPoints();
    expect(points.filter((point) => point.name === METRIC_HTTP_CLIENT_REQUEST_DURATION).map((point) => [point.attributes["paywise.outcome"], point.attributes[ATTR_ERROR_TYPE]])).toEqual([["error", "NotFoundError"]]);
  });
});
