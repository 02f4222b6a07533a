// The error a failed assertion of the fake throws: what was expected, and the requests that were
// received, as redacted summaries (never a secret: the recordings hold none).
import type { RecordedRequest } from "./recording";

/** One line per request: call and attempt, method, path, and what the fake did. */
export function describeRequests(requests: readonly RecordedRequest[]): string {
  if (requests.length === 0) return "  (no requests)";
  return requests
    .map((request) => {
      const outcome = [request.outcome.fault, request.outcome.status].filter((part) => part !== undefined).join(" ");
      return `  ${request.operation ?? "(no operation)"} call ${request.call} attempt ${request.attempt}: ${request.method} ${request.path} -> ${outcome}${request.reachedServer ? "" : " (nothing sent)"}`;
    })
    .join("\n");
}

export class FakeAssertionError extends Error {
  override name = "FakeAssertionError";
  /** The requests the assertion looked at, secrets redacted. */
  readonly requests: readonly RecordedRequest[];

  /** The fake's seed: `createFakePayWise({ seed })` replays the run's `rate()` draws. */
  readonly seed: number;

  constructor(expectation: string, requests: readonly RecordedRequest[], seed: number) {
    super(`${expectation} (fake seed ${seed}). Received:\n${describeRequests(requests)}`);
    this.requests = requests;
    this.seed = seed;
  }
}
