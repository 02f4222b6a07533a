// OpenTelemetry through the telemetry option (issue 17): one CLIENT span per call with the HTTP
// client conventions and PayWise's own attributes, an event per attempt, error status by error
// class, traceparent only when asked, and the request metrics; checked with the real OTel SDK.
import { afterEach, describe, expect, it } from "vitest";
import { ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, METRIC_HTTP_CLIENT_REQUEST_DURATION } from "@opentelemetry/semantic-conventions";
import { ATTR_URL_TEMPLATE } from "@opentelemetry/semantic-conventions/incubating";
import { SpanKind, SpanStatusCode, trace, metrics } from "@opentelemetry/api";
import { CONTRACT_VERSION } from "../generated/current";
import type { OperationDescriptor } from "../src/core";
import { PayWise } from "../src/index";
import { openTelemetry } from "../src/observability";
import { balanceAnswer, envelope, json, statusAnswer, unitClient, validRegisterBody, validStatusQuery, UNIT_BASE_URL } from "./helpers/fake-fetch";
import { successBody } from "./helpers/fixtures";
import { caught } from "./helpers/renderings";
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

function client(handler: Parameters<typeof unitClient>[0], options: { propagateTraceContext?: boolean; maxRetries?: number; timeout?: number } = {}) {
  telemetry = otel();
  const { propagateTraceContext, ...rest } = options;
  return unitClient(handler, { telemetry: openTelemetry({ tracer: telemetry.tracer, meter: telemetry.meter, propagateTraceContext }), ...rest });
}

const base = new URL(UNIT_BASE_URL);

describe("a call's span", () => {
  it("is one CLIENT span named after the method, with the HTTP client conventions and PayWise's attributes", async () => {
    const { client: paywise } = client(() => statusAnswer());
    await paywise.account.getStatus(validStatusQuery);
    const spans = telemetry.finishedSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span!.name).toBe(`paywise.${accountGetStatus.resource}.${accountGetStatus.name}`);
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes).toEqual({
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
    expect(span!.events.map((event) => [event.name, event.attributes?.["paywise.attempt"], event.attributes?.[ATTR_HTTP_RESPONSE_STATUS_CODE]])).toEqual([["paywise.attempt", 1, 200]]);
  });

  it("shows each attempt, its outcome and the wait before the next", async () => {
    const { client: paywise } = client((_, index) => (index === 0 ? json(envelope({ status: "error", code: 503, message: "busy" }), 503, { "retry-after": "0" }) : balanceAnswer()));
    await paywise.account.getBalance({ mobile_number: "18680001234" });
    const [span] = telemetry.finishedSpans();
    expect(span!.attributes["paywise.attempts"]).toBe(2);
    expect(span!.events.map((event) => ({ name: event.name, ...event.attributes }))).toEqual([
      { name: "paywise.attempt", "paywise.attempt": 1, [ATTR_HTTP_RESPONSE_STATUS_CODE]: 503, "paywise.attempt.duration_ms": expect.any(Number) },
      { name: "paywise.retry", "paywise.attempt": 1, "paywise.retry.reason": "status_503", "paywise.retry.delay_ms": 0 },
      { name: "paywise.attempt", "paywise.attempt": 2, [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200, "paywise.attempt.duration_ms": expect.any(Number) },
    ]);
  });

  it("ends in error status with the error class's name, the error type and PayWise's error code", async () => {
    const { client: paywise } = client(() =>
      json(envelope({ status: "error", code: 409, message: "Multiple matches found.", request_id: "62a88990-5a8a-4c89-8e16-d7a727d2ed0a", data: { error_code: "AMBIGUOUS_MATCH" } }), 409),
    );
    const error = await caught(paywise.account.getStatus(validStatusQuery));
    expect(error.name).toBe("ConflictError");
    const [span] = telemetry.finishedSpans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "ConflictError" });
    expect(span!.attributes).toMatchObject({
      [ATTR_ERROR_TYPE]: "ConflictError",
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 409,
      "paywise.error_code": "AMBIGUOUS_MATCH",
      "paywise.request_id": "62a88990-5a8a-4c89-8e16-d7a727d2ed0a",
    });
  });

  it("records a timeout on each attempt and as the span's error", async () => {
    telemetry = otel();
    // Answers nothing; gives up only when the SDK's timeout aborts the attempt.
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason), { once: true }))) as typeof fetch;
    const { client: paywise } = unitClient(() => statusAnswer(), { fetch: hanging, timeout: 20, maxRetries: 1, telemetry: openTelemetry({ tracer: telemetry.tracer }) });
    const error = await caught(paywise.account.getStatus(validStatusQuery));
    expect(error.name).toBe("APIConnectionTimeoutError");
    const [span] = telemetry.finishedSpans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "APIConnectionTimeoutError" });
    expect(span!.attributes["paywise.attempts"]).toBe(2);
    expect(span!.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBeUndefined();
    expect(span!.events.map((event) => [event.name, event.attributes?.[ATTR_ERROR_TYPE] ?? event.attributes?.["paywise.retry.reason"]])).toEqual([
      ["paywise.attempt", "APIConnectionTimeoutError"],
      ["paywise.retry", "timeout"],
      ["paywise.attempt", "APIConnectionTimeoutError"],
    ]);
  }, 10_000);

  it("is ended with InvalidRequestError and no attempt when the input is refused", async () => {
    const { client: paywise, requests } = client(() => statusAnswer());
    await paywise.account.getStatus({ ...validStatusQuery, mobile_number: 12 as unknown as string }).catch(() => undefined);
    expect(requests).toHaveLength(0);
    const [span] = telemetry.finishedSpans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "InvalidRequestError" });
    expect(span!.attributes["paywise.attempts"]).toBe(0);
    expect(span!.events).toEqual([]);
  });

  it("sends no traceparent unless propagation is turned on", async () => {
    const off = client(() => statusAnswer());
    await off.client.account.getStatus(validStatusQuery);
    expect(off.requests[0]!.headers.has("traceparent")).toBe(false);
  });

  it("sends the span as a W3C traceparent on every attempt when propagation is on", async () => {
    const { client: paywise, requests } = client((_, index) => (index === 0 ? json(envelope({ status: "error", code: 503, message: "busy" }), 503, { "retry-after": "0" }) : statusAnswer()), {
      propagateTraceContext: true,
    });
    await paywise.account.getStatus(validStatusQuery);
    const [span] = telemetry.finishedSpans();
    const { traceId, spanId } = span!.spanContext();
    expect(requests.map((request) => request.headers.get("traceparent"))).toEqual([`00-${traceId}-${spanId}-01`, `00-${traceId}-${spanId}-01`]);
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
