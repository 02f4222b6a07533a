// One tree per call, no request traced twice, nothing secret or personal from any layer (issues 17
// and 22), in the setup most Node services run: the Node tracer provider registered globally,
// the real undici and pino OpenTelemetry instrumentations enabled, real pino writing the SDK's log
// lines (logFieldsFirst), the SDK's telemetry and hooks on, and each call made inside the service's
// own `handle-request` span. Every operation runs through success, each documented error (with
// the server echoing the secrets and the personal values back), a retried 503, a connection reset
// and a timeout against a loopback server; then the span tree of each call is checked, and every
// exported span, event, attribute, metric point (the SDK's and undici's), hook view and log line
// is searched for the secrets and personal values.
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpanKind, trace, type Span } from "@opentelemetry/api";
import { PinoInstrumentation } from "@opentelemetry/instrumentation-pino";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_HTTP_REQUEST_RESEND_COUNT, ATTR_URL_FULL } from "@opentelemetry/semantic-conventions";
import { CONTRACT_VERSION } from "../../generated/current";
import type { OperationDescriptor } from "../../src/core";
import type { Logger } from "../../src/index";
import { callHooks, openTelemetry } from "../../src/observability";
import { personalValuesIn } from "../../src/redact";
import { AUTHORISATION_TOKEN, SECRET_KEY, SESSION_TOKEN, callOperation, errorEnvelope, inputs, testClient, type OperationName } from "../helpers/fixtures";
import { startFaultServer, type Behaviour, type FaultServer } from "../helpers/fault-server";
import { exportedText, instrumentedOtel } from "../helpers/otel";
import { operations } from "../helpers/spec";
import { servedExample } from "../helpers/served";

const descriptors = Object.values((await import(`../../generated/pw-wrappers.${CONTRACT_VERSION}/operations.ts`)) as Record<string, OperationDescriptor>);
const SECRETS = { "subscription key": SECRET_KEY, session_token: SESSION_TOKEN, authorisation_token: AUTHORISATION_TOKEN };
/** The personal values of every input (mobile numbers, names, email), as the generated marks name them. */
const PERSONAL = [...new Set(Object.values(inputs).flatMap((input) => personalValuesIn(input).map(([value]) => value)))];
/**
 * What a server echoes back to a call: the key and the call's own tokens and personal values (the
 * SDK knows those for secrets and personal data; a value a call never had, it cannot recognise).
 */
function echo(name: OperationName): string {
  const input = inputs[name] as Record<string, unknown>;
  const tokens = [input.session_token, input.authorisation_token].filter((value) => typeof value === "string");
  return `key=${SECRET_KEY} tokens=${tokens.join(" ")} personal=${personalValuesIn(input).map(([value]) => value).join(" ")}`;
}

/**
 * The contract's documented error answers of an operation, by status: each of its named examples,
 * else the one a mock serves (generated from the schema, for a contract written without examples).
 */
function documentedErrors(name: OperationName): [number, unknown][] {
  const descriptor = descriptors.find((d) => d.name === name)!;
  const op = operations().find((o) => o.path === descriptor.path && o.method === descriptor.method.toUpperCase())!;
  return Object.entries(op.operation.responses)
    .filter(([status, response]) => Number(status) >= 400 && response.content?.["application/json"])
    .flatMap(([status, response]) => {
      const named = Object.values(response.content!["application/json"]!.examples ?? {}).map((example) => example.value);
      return (named.length ? named : [servedExample(op, Number(status))]).map((body) => [Number(status), body] as [number, unknown]);
    });
}

function scenarios(name: OperationName): [string, Behaviour[]][] {
  const ECHO = echo(name);
  return [
    ["success", [{ kind: "ok", headers: { "x-echo": ECHO } }]],
    ...documentedErrors(name).map(([status, body], index): [string, Behaviour[]] => [`documented ${status} #${index + 1}`, [{ kind: "respond", status, body: body as object, headers: { "retry-after": "0" } }, { kind: "ok" }]]),
    ["an error echoing the secrets and personal values", [{ kind: "respond", status: 400, body: errorEnvelope(400, ECHO, { data: { error_code: ECHO, echo: ECHO } }), headers: { "pw-request-id": ECHO.slice(0, 40) } }]],
    // An error_code that is a plain token but the key (which every call knows for a secret).
    ["a 200 error envelope echoing them", [{ kind: "respond", status: 200, body: errorEnvelope(409, ECHO, { data: { error_code: SECRET_KEY } }) }]],
    ["a 503, then success", [{ kind: "respond", status: 503, body: errorEnvelope(503, ECHO), headers: { "retry-after": "0" } }, { kind: "ok" }]],
    ["a connection reset, then success", [{ kind: "reset" }, { kind: "ok" }]],
    ["a timeout on every attempt", [{ kind: "hang" }, { kind: "hang" }]],
  ];
}

/** The attempt timeout of the scenarios whose every attempt hangs: they time out on purpose. */
const HUNG_ATTEMPT_TIMEOUT_MS = 150;

/** One call as the test made it: its service span, the attempts the server saw, the log lines it wrote. */
interface Run {
  label: string;
  outcome: string;
  request: Span;
  attempts: number;
  logLines: Record<string, unknown>[];
  /** The active span inside each hook the call ran, and whether it was still open. */
  hookSpans: { spanId: string | undefined; open: boolean | undefined }[];
}

// Enabled before pino is loaded (its instrumentation patches on require) and before any fetch.
const telemetry = instrumentedOtel([new UndiciInstrumentation(), new PinoInstrumentation()]);
const pino = createRequire(import.meta.url)("pino") as typeof import("pino");
const logText: string[] = [];
const logger = pino({ level: "debug" }, { write: (line: string) => void logText.push(line) });
const tracer = telemetry.tracerProvider.getTracer("the-service");
let server: FaultServer;
const hookViews: unknown[] = [];
let hookSpans: Run["hookSpans"] = [];
const runs: Run[] = [];
/** How many requests the SDK's calls made (the control fetch comes after them). */
let sdkRequests = 0;
/** The operations retried on a 503, a reset and a timeout, by their generated retry policy. */
const retried = (Object.keys(inputs) as OperationName[]).filter((name) => descriptors.find((d) => d.name === name)!.retryMode === "idempotent");
/** A plain fetch under a span, without the SDK: shows undici's instrumentation is on and what it records. */
let control: { request: Span; url: string };

beforeAll(async () => {
  server = await startFaultServer();
  const seen = (event: unknown) => {
    hookViews.push(event);
    const active = trace.getActiveSpan();
    hookSpans.push({ spanId: active?.spanContext().spanId, open: active?.isRecording() });
  };
  const client = testClient(server.url, {
    maxRetries: 1,
    // Long enough for a loaded machine to answer every scenario in one attempt; the hung ones set
    // their own short timeout (HUNG_ATTEMPT_TIMEOUT_MS), so a success is never retried by accident.
    timeout: 20_000,
    logLevel: "debug",
    logger: logger as unknown as Logger,
    logFieldsFirst: true,
    telemetry: openTelemetry({ tracer, meter: telemetry.meter, propagateTraceContext: true }),
    hooks: callHooks({ onRequest: seen, onResponse: seen, onRetry: seen, onError: seen }),
  });
  for (const name of Object.keys(inputs) as OperationName[]) {
    for (const [label, behaviours] of scenarios(name)) {
      server.clearScript();
      server.script(...behaviours);
      const sent = server.requests.length;
      const logged = logText.length;
      hookSpans = [];
      const run = await tracer.startActiveSpan("handle-request", { kind: SpanKind.SERVER }, async (request) => {
        const options = behaviours.every((behaviour) => behaviour.kind === "hang") ? { timeout: HUNG_ATTEMPT_TIMEOUT_MS } : undefined;
        const outcome = await callOperation(client, name, options).then(
          () => "ok",
          (error: Error) => error.name,
        );
        request.end();
        return { label: `${name} ${label}`, outcome, request };
      });
      // A hung attempt is recorded by the server only if its body arrived; the SDK's attempt count is on its span.
      runs.push({ ...run, attempts: server.requests.length - sent, logLines: logText.slice(logged).map((line) => JSON.parse(line)), hookSpans });
    }
  }
  sdkRequests = server.requests.length;
  server.clearScript();
  server.script({ kind: "ok" });
  const url = `${server.url}/account/account?mobile_number=${encodeURIComponent(PERSONAL[0]!)}`;
  control = await tracer.startActiveSpan("handle-request", { kind: SpanKind.SERVER }, async (request) => {
    await fetch(url).then((response) => response.arrayBuffer());
    request.end();
    return { request, url };
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await telemetry.shutdown();
});

const spansOf = (request: Span) => telemetry.finishedSpans().filter((span) => span.spanContext().traceId === request.spanContext().traceId);
const parentOf = (span: ReadableSpan, all: readonly ReadableSpan[]) => all.find((other) => other.spanContext().spanId === span.parentSpanContext?.spanId);
function ancestors(span: ReadableSpan, all: readonly ReadableSpan[]): ReadableSpan[] {
  const chain: ReadableSpan[] = [];
  for (let parent = parentOf(span, all); parent; parent = parentOf(parent, all)) chain.push(parent);
  return chain;
}

describe("with undici's and pino's instrumentations registered", () => {
  it("covers every operation, its successes, documented errors, retries, a reset and timeouts", () => {
    expect(PERSONAL.length).toBeGreaterThanOrEqual(4);
    const outcomes = runs.map((run) => `${run.label}: ${run.outcome}`);
    for (const name of Object.keys(inputs)) {
      expect(outcomes).toContain(`${name} success: ok`);
      expect(outcomes).toContain(`${name} a timeout on every attempt: APIConnectionTimeoutError`);
      expect(outcomes.filter((outcome) => outcome.startsWith(`${name} documented`)).length, name).toBeGreaterThan(0);
    }
    for (const name of retried) expect(outcomes).toContain(`${name} a 503, then success: ok`);
    // The secrets did travel: the key in every request, the tokens in register's body.
    expect(server.requests.slice(0, sdkRequests).every((request) => request.headers["pw-subscription-key"] === SECRET_KEY)).toBe(true);
    expect(server.requests.some((request) => request.body.includes(AUTHORISATION_TOKEN))).toBe(true);
  });

  it("records a plain fetch as undici's CLIENT span, query values and all (so the instrumentation is on)", () => {
    const spans = spansOf(control.request);
    const undici = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(undici).toHaveLength(1);
    expect(undici[0]!.instrumentationScope.name).toBe("@opentelemetry/instrumentation-undici");
    expect(undici[0]!.attributes[ATTR_URL_FULL]).toBe(control.url);
  });

  it("makes one tree per call: the call's span under the service's, one CLIENT span per attempt under it, and nothing else", () => {
    for (const run of runs) {
      const spans = spansOf(run.request);
      const service = spans.find((span) => span.spanContext().spanId === run.request.spanContext().spanId)!;
      const calls = spans.filter((span) => span.name.startsWith("paywise."));
      expect(calls, run.label).toHaveLength(1);
      const call = calls[0]!;
      expect(call.kind, run.label).toBe(SpanKind.INTERNAL);
      expect(parentOf(call, spans), run.label).toBe(service);
      // Every span made during the call descends from the call's span.
      const others = spans.filter((span) => span !== service && span !== call);
      for (const span of others) expect(ancestors(span, spans), `${run.label}: ${span.name}`).toContain(call);
      // One CLIENT span per attempt, each the call's child, none from undici: no request traced twice.
      const attempts = others.filter((span) => span.kind === SpanKind.CLIENT);
      expect(others, run.label).toEqual(attempts);
      expect(attempts.length, run.label).toBe(call.attributes["paywise.attempts"]);
      if (!run.label.includes("timeout")) expect(attempts.length, run.label).toBe(run.attempts);
      for (const attempt of attempts) {
        expect(parentOf(attempt, spans), run.label).toBe(call);
        expect(attempt.instrumentationScope.name).toBe("the-service");
      }
      expect(attempts.map((span) => span.attributes[ATTR_HTTP_REQUEST_RESEND_COUNT]).sort(), run.label).toEqual([undefined, 1, 2].slice(0, attempts.length).sort());
    }
    // The retried ones did have two attempts.
    for (const name of retried) {
      for (const label of ["a 503, then success", "a connection reset, then success", "a timeout on every attempt"]) {
        const run = runs.find((candidate) => candidate.label === `${name} ${label}`)!;
        expect(spansOf(run.request).filter((span) => span.kind === SpanKind.CLIENT), run.label).toHaveLength(2);
      }
    }
  });

  it("has no CLIENT span with a CLIENT ancestor anywhere", () => {
    const all = telemetry.finishedSpans();
    expect(all.filter((span) => span.kind === SpanKind.CLIENT).length).toBeGreaterThan(runs.length);
    for (const span of all.filter((candidate) => candidate.kind === SpanKind.CLIENT)) {
      expect(ancestors(span, all).filter((ancestor) => ancestor.kind === SpanKind.CLIENT), span.name).toEqual([]);
    }
  });

  it("sends each attempt's own span as its traceparent", () => {
    const attemptSpanIds = new Set(telemetry.finishedSpans().filter((span) => span.instrumentationScope.name === "the-service" && span.kind === SpanKind.CLIENT).map((span) => span.spanContext().spanId));
    const sent = server.requests.slice(0, sdkRequests).map((request) => String(request.headers.traceparent).split("-")[2]!);
    expect(sent.length).toBeGreaterThan(runs.length);
    for (const spanId of sent) expect(attemptSpanIds.has(spanId)).toBe(true);
  });

  it("writes every SDK log line with the call's trace_id and span_id (pino's instrumentation, the call's span active)", () => {
    for (const run of runs) {
      const call = spansOf(run.request).find((span) => span.name.startsWith("paywise."))!;
      expect(run.logLines.length, run.label).toBeGreaterThan(0);
      for (const line of run.logLines) {
        // trace_flags comes from pino's instrumentation alone (the SDK's own fields are the two ids).
        expect({ trace_id: line.trace_id, span_id: line.span_id, trace_flags: line.trace_flags }, `${run.label}: ${String(line.msg)}`).toEqual({
          trace_id: call.spanContext().traceId,
          span_id: call.spanContext().spanId,
          trace_flags: "01",
        });
      }
    }
  });

  it("runs the hooks with the call's span active and open, onError included", () => {
    for (const run of runs) {
      const call = spansOf(run.request).find((span) => span.name.startsWith("paywise."))!;
      expect(run.hookSpans.length, run.label).toBeGreaterThan(0);
      for (const active of run.hookSpans) expect(active, run.label).toEqual({ spanId: call.spanContext().spanId, open: true });
    }
    expect(hookViews.some((view) => typeof view === "object" && view !== null && "attempts" in view)).toBe(true);
  });

  it("exports no secret and no personal value in any span, event, attribute or metric point, from any layer", async () => {
    const points = await telemetry.metricPoints();
    expect(points.some((point) => point.name === "paywise.client.retries")).toBe(true);
    const sdkSpans = telemetry.finishedSpans().filter((span) => !spansOf(control.request).includes(span));
    const text = exportedText(sdkSpans, points);
    const where = (value: string) => text.split("\n").filter((line) => line.includes(value)).join("\n");
    for (const [name, secret] of Object.entries(SECRETS)) expect(text.includes(secret), `${name} in telemetry:\n${where(secret)}`).toBe(false);
    for (const value of PERSONAL) {
      expect(text.includes(value), `${value} in telemetry:\n${where(value)}`).toBe(false);
      expect(text.includes(encodeURIComponent(value)), `${value} in telemetry:\n${where(encodeURIComponent(value))}`).toBe(false);
    }
    // URLs in full appear only on the SDK's attempt spans, their personal values masked (checked above).
    const withUrl = sdkSpans.filter((span) => span.attributes[ATTR_URL_FULL] !== undefined);
    expect(withUrl.length).toBeGreaterThan(0);
    expect(withUrl.every((span) => span.kind === SpanKind.CLIENT && span.instrumentationScope.name === "the-service")).toBe(true);
  });

  it("gives the hooks and the log lines no secret and no unmasked personal value either", () => {
    expect(hookViews.length).toBeGreaterThan(runs.length);
    const text = JSON.stringify(hookViews) + "\n" + logText.join("");
    const where = (value: string) => text.split("\n").filter((line) => line.includes(value)).join("\n").slice(0, 3000);
    for (const [name, secret] of Object.entries(SECRETS)) expect(text.includes(secret), `${name} in hooks or logs:\n${where(secret)}`).toBe(false);
    for (const value of PERSONAL) expect(text.includes(value), `${value} in hooks or logs:\n${where(value)}`).toBe(false);
  });
});
