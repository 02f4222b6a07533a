// A real OpenTelemetry SDK for tests: a tracer whose spans land in an InMemorySpanExporter and a
// meter read on demand, so tests see exactly what an exporter would send. instrumentedOtel() is
// the setup a Node service runs: the Node tracer provider registered globally (its
// AsyncLocalStorage context manager and W3C propagator) and real instrumentations enabled.
import { context, metrics as metricsApi, propagation, trace } from "@opentelemetry/api";
import { registerInstrumentations, type Instrumentation } from "@opentelemetry/instrumentation";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint, type Histogram } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";

export interface MetricPoint {
  name: string;
  unit: string;
  attributes: Record<string, unknown>;
  /** A counter's sum, or a histogram's count, sum and buckets. */
  value: number | Histogram;
}

export function otel() {
  const spans = new InMemorySpanExporter();
  return withMeter(spans, new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
}

/**
 * The Node tracer provider, registered as the global one, with these instrumentations enabled;
 * shutdown() disables them and unregisters the globals, so the next test file starts clean.
 * Instrumentations that patch on require (pino's) apply to modules required after this.
 */
export function instrumentedOtel(instrumentations: Instrumentation[]) {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  tracerProvider.register();
  const telemetry = withMeter(spans, tracerProvider);
  const unregister = registerInstrumentations({ instrumentations, tracerProvider, meterProvider: telemetry.meterProvider });
  return {
    ...telemetry,
    tracerProvider,
    async shutdown() {
      unregister();
      await telemetry.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      metricsApi.disable();
    },
  };
}

function withMeter(spans: InMemorySpanExporter, tracerProvider: BasicTracerProvider) {
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Exported when a test asks (forceFlush), not on the interval.
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    tracer: tracerProvider.getTracer("paywise-test"),
    meter: meterProvider.getMeter("paywise-test"),
    finishedSpans: (): ReadableSpan[] => spans.getFinishedSpans(),
    async metricPoints(): Promise<MetricPoint[]> {
      await reader.forceFlush();
      // Cumulative: the last export holds every point so far.
      const exported = metrics.getMetrics().at(-1);
      if (!exported) return [];
      return exported.scopeMetrics.flatMap((scope) =>
        scope.metrics.flatMap((metric) =>
          (metric.dataPoints as DataPoint<number | Histogram>[]).map((point) => ({
            name: metric.descriptor.name,
            unit: metric.descriptor.unit,
            attributes: { ...point.attributes },
            value: point.value,
          })),
        ),
      );
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** Everything an exporter would send of the spans and metric points, as one string to search. */
export function exportedText(spans: readonly ReadableSpan[], points: readonly MetricPoint[]): string {
  const spanParts = spans.map((span) =>
    JSON.stringify({
      name: span.name,
      kind: span.kind,
      status: span.status,
      attributes: span.attributes,
      events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
      links: span.links,
      resource: span.resource.attributes,
    }),
  );
  return [...spanParts, ...points.map((point) => JSON.stringify(point))].join("\n");
}
