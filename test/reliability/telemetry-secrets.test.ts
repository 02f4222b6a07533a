// Nothing secret and nothing personal in what telemetry exports (issue 17, item 3): every operation
// runs through success, each documented error (with the server echoing the secrets and the personal
// values back), a retry, a connection reset and a timeout, with the real OpenTelemetry SDK's
// in-memory exporters, the hooks and a debug logger on; then every exported span, event,
// attribute and metric point, every hook view and every log line is searched for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpanKind } from "@opentelemetry/api";
import { CONTRACT_VERSION } from "../../generated/current";
import type { OperationDescriptor } from "../../src/core";
import { callHooks, openTelemetry } from "../../src/observability";
import { personalValuesIn } from "../../src/redact";
import { AUTHORISATION_TOKEN, SECRET_KEY, SESSION_TOKEN, callOperation, captureLogger, errorEnvelope, inputs, testClient, type OperationName } from "../helpers/fixtures";
import { startFaultServer, type Behaviour, type FaultServer } from "../helpers/fault-server";
import { exportedText, otel } from "../helpers/otel";
import { operations } from "../helpers/spec";

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

/** The contract's documented error answers of an operation, by status, each with its examples. */
function documentedErrors(name: OperationName): [number, unknown][] {
  const descriptor = descriptors.find((d) => d.name === name)!;
  const op = operations().find((o) => o.path === descriptor.path && o.method === descriptor.method.toUpperCase())!;
  return Object.entries(op.operation.responses)
    .filter(([status]) => Number(status) >= 400)
    .flatMap(([status, response]) => Object.values(response.content?.["application/json"]?.examples ?? {}).map((example) => [Number(status), example.value] as [number, unknown]));
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

let server: FaultServer;
const telemetry = otel();
const log = captureLogger();
const hookViews: unknown[] = [];
const outcomes: string[] = [];

beforeAll(async () => {
  server = await startFaultServer();
  const client = testClient(server.url, {
    maxRetries: 1,
    timeout: 150,
    logLevel: "debug",
    logger: log.logger,
    telemetry: openTelemetry({ tracer: telemetry.tracer, meter: telemetry.meter, propagateTraceContext: true }),
    hooks: callHooks({ onRequest: (e) => void hookViews.push(e), onResponse: (e) => void hookViews.push(e), onRetry: (e) => void hookViews.push(e), onError: (e) => void hookViews.push(e) }),
  });
  for (const name of Object.keys(inputs) as OperationName[]) {
    for (const [label, behaviours] of scenarios(name)) {
      server.clearScript();
      server.script(...behaviours);
      const outcome = await callOperation(client, name).then(
        () => "ok",
        (error: Error) => error.name,
      );
      outcomes.push(`${name} ${label}: ${outcome}`);
    }
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
  await telemetry.shutdown();
});

describe("what telemetry exports", () => {
  it("covers every operation, its successes, documented errors, retries and timeouts", () => {
    expect(PERSONAL.length).toBeGreaterThanOrEqual(4);
    for (const name of Object.keys(inputs)) {
      expect(outcomes).toContain(`${name} success: ok`);
      expect(outcomes).toContain(`${name} a timeout on every attempt: APIConnectionTimeoutError`);
      expect(outcomes.filter((outcome) => outcome.startsWith(`${name} documented`)).length, name).toBeGreaterThan(0);
    }
    const spans = telemetry.finishedSpans().filter((span) => span.kind === SpanKind.INTERNAL);
    expect(spans).toHaveLength(outcomes.length);
    // Retries happened and were exported: a span with two attempts, and the retries counter.
    expect(spans.some((span) => span.attributes["paywise.attempts"] === 2)).toBe(true);
    // The secrets did travel: the key in every request, the tokens in register's body.
    expect(server.requests.every((request) => request.headers["pw-subscription-key"] === SECRET_KEY)).toBe(true);
    expect(server.requests.some((request) => request.body.includes(AUTHORISATION_TOKEN))).toBe(true);
  });

  it("carries no secret and no personal value in any span, event, attribute or metric point", async () => {
    const points = await telemetry.metricPoints();
    expect(points.some((point) => point.name === "paywise.client.retries")).toBe(true);
    const text = exportedText(telemetry.finishedSpans(), points);
    const where = (value: string) => text.split("\n").filter((line) => line.includes(value)).join("\n");
    for (const [name, secret] of Object.entries(SECRETS)) expect(text.includes(secret), `${name} in telemetry:\n${where(secret)}`).toBe(false);
    for (const value of PERSONAL) expect(text.includes(value), `${value} in telemetry:\n${where(value)}`).toBe(false);
    // URLs appear as templates, and in full only on attempt spans, their personal values masked (as checked above).
    const fullUrls = telemetry.finishedSpans().flatMap((span) => (span.attributes["url.full"] === undefined ? [] : [span]));
    expect(fullUrls.length).toBeGreaterThan(0);
    expect(fullUrls.every((span) => span.kind === SpanKind.CLIENT)).toBe(true);
  });

  it("gives the hooks and the log lines no secret and no unmasked personal value either", () => {
    expect(hookViews.length).toBeGreaterThan(outcomes.length);
    const text = JSON.stringify(hookViews) + "\n" + log.text();
    const where = (value: string) => text.split("\n").filter((line) => line.includes(value)).join("\n").slice(0, 3000);
    for (const [name, secret] of Object.entries(SECRETS)) expect(text.includes(secret), `${name} in hooks or logs:\n${where(secret)}`).toBe(false);
    for (const value of PERSONAL) expect(text.includes(value), `${value} in hooks or logs:\n${where(value)}`).toBe(false);
  });
});
