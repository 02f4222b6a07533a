// With the SDK's telemetry off, undici's own instrumentation traces PayWise requests, and records
// `url.full` and `url.query` as sent: the caller's personal values in clear. docs/observability.md shows the
// config that masks them (examples/undici-config.ts, quoted verbatim): this runs every operation,
// a retried 503 included, through the real undici instrumentation so configured, and checks its
// spans keep the request but no personal value or secret (issue 22, item 2).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpanKind } from "@opentelemetry/api";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { ATTR_URL_FULL, ATTR_URL_QUERY } from "@opentelemetry/semantic-conventions";
import { CONTRACT_VERSION } from "../../generated/current";
import type { OperationDescriptor } from "../../src/core";
import { openTelemetry } from "../../src/observability";
import { personalValuesIn } from "../../src/redact";
import { payWiseUndiciConfig } from "../../examples/undici-config";
import { AUTHORISATION_TOKEN, SECRET_KEY, SESSION_TOKEN, callOperation, errorEnvelope, inputs, testClient, type OperationName } from "../helpers/fixtures";
import { startFaultServer, type FaultServer } from "../helpers/fault-server";
import { exportedText, instrumentedOtel } from "../helpers/otel";

const descriptors = Object.values((await import(`../../generated/pw-wrappers.${CONTRACT_VERSION}/operations.ts`)) as Record<string, OperationDescriptor>);
const PERSONAL = [...new Set(Object.values(inputs).flatMap((input) => personalValuesIn(input).map(([value]) => value)))];
const queryOperations = (Object.keys(inputs) as OperationName[]).filter((name) => descriptors.find((d) => d.name === name)!.inputIn === "query");

let payWise: FaultServer;
/** Another service the application calls: the config leaves its spans as undici makes them. */
let other: FaultServer;
let telemetry: ReturnType<typeof instrumentedOtel>;
let otherUrl: string;
const outcomes: string[] = [];
let meteredCall: { spans: number; requests: number };

beforeAll(async () => {
  payWise = await startFaultServer();
  other = await startFaultServer();
  // Enabled before any fetch: undici's instrumentation listens on its diagnostics channels.
  telemetry = instrumentedOtel([new UndiciInstrumentation(payWiseUndiciConfig(payWise.url))]);
  const client = testClient(payWise.url, { maxRetries: 1 });
  for (const name of Object.keys(inputs) as OperationName[]) {
    payWise.clearScript();
    payWise.script({ kind: "respond", status: 503, body: errorEnvelope(503, "busy"), headers: { "retry-after": "0" } }, { kind: "ok" });
    outcomes.push(`${name}: ${await callOperation(client, name).then(() => "ok", (error: Error) => error.name)}`);
  }
  // The SDK's telemetry with a meter and no tracer: no span of its own, and undici's suppressed.
  const metered = testClient(payWise.url, { telemetry: openTelemetry({ meter: telemetry.meter }) });
  payWise.clearScript();
  payWise.script({ kind: "ok" });
  const spansBefore = telemetry.finishedSpans().length;
  const requestsBefore = payWise.requests.length;
  await callOperation(metered, "getStatus");
  meteredCall = { spans: telemetry.finishedSpans().length - spansBefore, requests: payWise.requests.length - requestsBefore };
  other.script({ kind: "respond", status: 200, body: {} });
  otherUrl = `${other.url}/lookup?mobile_number=${PERSONAL[0]}`;
  await fetch(otherUrl).then((response) => response.arrayBuffer());
}, 60_000);

afterAll(async () => {
  await telemetry?.shutdown();
  await payWise?.close();
  await other?.close();
});

describe("payWiseUndiciConfig (docs/observability.md, telemetry off)", () => {
  it("is quoted verbatim in docs/observability.md", () => {
    const page = readFileSync(new URL("../../docs/observability.md", import.meta.url), "utf8");
    const config = readFileSync(new URL("../../examples/undici-config.ts", import.meta.url), "utf8");
    expect(page).toContain("```ts\n" + config + "```");
  });

  it("keeps undici's CLIENT span of each PayWise request, with its query values REDACTED", () => {
    const spans = telemetry.finishedSpans().filter((span) => String(span.attributes[ATTR_URL_FULL]).startsWith(payWise.url));
    expect(outcomes.length).toBe(Object.keys(inputs).length);
    // Each request the server got is one span of undici's (the retried 503s included), but the metered call's.
    expect(spans).toHaveLength(payWise.requests.length - meteredCall.requests);
    expect(spans.every((span) => span.kind === SpanKind.CLIENT && span.instrumentationScope.name === "@opentelemetry/instrumentation-undici")).toBe(true);
    expect(queryOperations.length).toBeGreaterThan(0);
    const queried = spans.filter((span) => String(span.attributes[ATTR_URL_QUERY]).length > 0);
    // The SDK sends `version` in the query of every operation, and the caller's input too in some.
    expect(queried).toHaveLength(spans.length);
    for (const span of queried) {
      const url = new URL(String(span.attributes[ATTR_URL_FULL]));
      expect([...url.searchParams.values()].every((value) => value === "REDACTED"), url.href).toBe(true);
      expect(span.attributes[ATTR_URL_QUERY]).toBe(url.search);
    }
  });

  it("leaves no personal value or secret in any exported span or metric point", async () => {
    const text = exportedText(
      telemetry.finishedSpans().filter((span) => !String(span.attributes[ATTR_URL_FULL]).startsWith(other.url)),
      await telemetry.metricPoints(),
    );
    for (const secret of [SECRET_KEY, SESSION_TOKEN, AUTHORISATION_TOKEN]) expect(text).not.toContain(secret);
    for (const value of PERSONAL) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(encodeURIComponent(value));
    }
  });

  it("is not needed while the SDK's telemetry is on, a meter alone included: undici's spans are suppressed", () => {
    expect(meteredCall).toEqual({ spans: 0, requests: 1 });
  });

  it("leaves other services' spans as undici records them", () => {
    const spans = telemetry.finishedSpans().filter((span) => String(span.attributes[ATTR_URL_FULL]).startsWith(other.url));
    expect(spans.map((span) => span.attributes[ATTR_URL_FULL])).toEqual([otherUrl]);
  });
});
