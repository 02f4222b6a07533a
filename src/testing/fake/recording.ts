// What the fake received, request by request, with secrets redacted the way the SDK's log lines
// redact them (src/redact.ts): a recording can go into a snapshot, a failure message, util.inspect
// or JSON.stringify and never hold the subscription key or a token.
import { redact, redactHeaders, scrubText, secretHeaderValues, secretValuesIn } from "../../redact";
import type { ValidationIssue } from "../../errors";
import type { Outcome } from "./faults";
import type { FakeInput, FakeOperation } from "./operations";

/** One request the fake received (or, for a "connectionRefused" fault, one that never reached it). */
export interface RecordedRequest<Op extends FakeOperation = FakeOperation> {
  /** `resource.method`, or undefined for a request to no operation of the contract. */
  readonly operation: Op | undefined;
  /**
   * The SDK call the request belongs to: 1 for the first call the fake saw, 2 for the next, …
   * The SDK marks each call's attempts under the testing kit, so this holds under any concurrency;
   * a request the SDK did not send is a call of its own.
   */
  readonly call: number;
  /** 1 for a call's first attempt, 2 for its first retry, … */
  readonly attempt: number;
  readonly method: string;
  /** The path, less the base URL's own path. */
  readonly path: string;
  /**
   * The parsed input (JSON body, or the query and path less what the SDK fills), secrets redacted.
   * Typed as the SDK method's input; a request answered 400 (see `issues`) holds what was sent.
   */
  readonly input: Op extends FakeOperation ? FakeInput<Op> : never;
  /** The query as parsed, secrets redacted. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The headers as sent (lower-case names), secrets redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the request reached PayWise: false only for a refused connection, where nothing is sent. */
  readonly reachedServer: boolean;
  /** What the fake did: the status it answered with, the fault it simulated, or both (a fault that answers, such as "retryAfter"). */
  readonly outcome: Outcome;
  /** Where the request broke the contract (it was then answered 400). */
  readonly issues: readonly ValidationIssue[];
}

/** The secret values of a request, found as the SDK finds them: the secret headers and the secret fields of its input. */
export function requestSecrets(headers: Headers, input: unknown): string[] {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => (record[name] = value));
  return secretHeaderValues(record, secretValuesIn(input));
}

/** A recording entry with every secret in it redacted. */
export function redactedRecord(
  raw: Omit<RecordedRequest, "input" | "query" | "headers" | "issues"> & { input: unknown; query: Record<string, unknown>; headers: Headers; issues: readonly ValidationIssue[] },
  secrets: readonly string[],
): RecordedRequest {
  return Object.freeze<RecordedRequest>({
    ...raw,
    input: redact(raw.input, secrets, false) as RecordedRequest["input"],
    query: redact(raw.query, secrets, false) as Record<string, unknown>,
    headers: redactHeaders(raw.headers, secrets, false),
    issues: raw.issues.map((issue) => ({ path: scrubText(issue.path, secrets), message: scrubText(issue.message, secrets) })),
  });
}
