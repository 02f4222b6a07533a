// The OpenTelemetry setup of the `sdk-otel` bench client: the SDK's real tracer and meter
// providers, as a service runs them (a BatchSpanProcessor, a periodic metric reader), with
// exporters that drop what they get, so the figure is the SDK's instrumentation and the OTel SDK's
// own work per call, not an exporter's network I/O.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { build } from "esbuild";
import { ROOT, SCRATCH } from "./target.mjs";

const SUCCESS = { code: 0 };

/** `@paywise/sdk/observability` as built (dist/), else src/observability.ts bundled like the unbuilt package. */
async function loadObservability() {
  let file = join(ROOT, "dist", "observability.js");
  if (!existsSync(file)) {
    file = join(SCRATCH, "observability.mjs");
    await build({ entryPoints: [join(ROOT, "src", "observability.ts")], outfile: file, bundle: true, format: "esm", platform: "node", target: "node20", packages: "external", logLevel: "error" });
  }
  return import(pathToFileURL(file).href);
}

/** The value of the `telemetry` option for the `sdk-otel` client. */
export async function benchTelemetry() {
  const { openTelemetry } = await loadObservability();
  const spanExporter = { export: (_spans, done) => done(SUCCESS), shutdown: async () => {}, forceFlush: async () => {} };
  const metricExporter = {
    export: (_metrics, done) => done(SUCCESS),
    shutdown: async () => {},
    forceFlush: async () => {},
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spanExporter)] });
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 10_000 })] });
  return openTelemetry({ tracer: tracerProvider.getTracer("paywise-bench"), meter: meterProvider.getMeter("paywise-bench") });
}
