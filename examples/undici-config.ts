import type { UndiciInstrumentationConfig } from "@opentelemetry/instrumentation-undici";

/**
 * For `new UndiciInstrumentation(payWiseUndiciConfig(baseUrl))` while the SDK's own telemetry is
 * off: undici records `url.full` and `url.query` as sent, and a PayWise query holds the caller's
 * mobile number, names and e-mail. This keeps undici's span of each PayWise request, with every
 * query value replaced by `REDACTED` (as the HTTP conventions ask for sensitive values) before
 * the span starts, so no span processor ever sees them.
 */
export function payWiseUndiciConfig(payWiseBaseUrl: string): UndiciInstrumentationConfig {
  const payWise = new URL(payWiseBaseUrl).origin;
  return {
    startSpanHook(request) {
      if (request.origin !== payWise) return {};
      const url = new URL(request.path, request.origin);
      for (const name of new Set(url.searchParams.keys())) url.searchParams.set(name, "REDACTED");
      return { "url.full": url.href, "url.query": url.search };
    },
  };
}
