// `@paywise/sdk/observability`: OpenTelemetry and the caller's call hooks (issue 17). A separate
// entry point, so that a client without them neither loads nor bundles this code.
export { openTelemetry, type TelemetryMeter, type TelemetryOptions, type TelemetrySpan, type TelemetryTracer } from "./telemetry";
export { callHooks, type CallEventBase, type CallHooks, type ErrorEvent, type RequestEvent, type ResponseEvent, type RetryEvent } from "./call-events";
export type { Observer } from "./observer";
