// A call's OpenTelemetry spans and metric, printed by the SDK's console exporters, against a local
// mock of the contract. In your service, pass the tracer and meter of the providers you already
// run (your OTLP exporter instead of the console one).
// Run: npx tsx --tsconfig examples/tsconfig.json examples/telemetry.ts
import { PayWise } from "@paywise/sdk";
import { openTelemetry } from "@paywise/sdk/observability";
import { startMockServer } from "@paywise/sdk/testing";
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] });
const metricReader = new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: 60_000 });
const meterProvider = new MeterProvider({ readers: [metricReader] });

const server = await startMockServer(); // Prism on the contract bundled with the SDK
try {
  const paywise = new PayWise({
    baseUrl: server.url,
    subscriptionKey: "0123456789abcdef0123456789abcdef", // never in a span or a metric
    originCountry: "TT",
    ipAddress: "203.0.113.7",
    telemetry: openTelemetry({ tracer: tracerProvider.getTracer("telemetry-example"), meter: meterProvider.getMeter("telemetry-example") }),
  });

  // The spans are printed as they end: the attempt's `GET /account/account`, kind CLIENT (2), then
  // the call's paywise.account.getStatus, kind INTERNAL (0), its parent.
  await paywise.account.getStatus({ mobile_number: "18681112220", institution_name: "PayWiseDAP", first_name: "Icon", last_name: "Gilbert" });
} finally {
  await server.close();
  await tracerProvider.shutdown();
  // The metric is printed when the reader exports, here at shutdown: http.client.request.duration, in seconds.
  await meterProvider.shutdown();
}
