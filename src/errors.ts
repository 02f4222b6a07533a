// Every error the SDK throws. One base class so callers can catch the SDK's errors apart from
// their own; API errors are picked by status in one factory (makeAPIError) so the mapping, and the
// redaction of everything the server said, live in one place. Server text in a message, a request
// id or an error code is escaped (printable) so it cannot forge a log line (issue 15).
import { printable } from "./printable";
import { parseRetryAfter } from "./retry";
import { redact, redactHeaders, scrubber, secretHeaderValues, secretValuesIn } from "./redact";

/** One problem found by validation, with the field path it concerns. */
export interface ValidationIssue {
  /** Dotted path of the field, such as `data.session.ttl_seconds`; empty for the value itself. */
  readonly path: string;
  /** What was expected there. Never contains the value of a secret. */
  readonly message: string;
}

/** The base of every error thrown by the SDK. */
export class PayWiseError extends Error {
  override name = "PayWiseError";
}

function listIssues(issues: readonly ValidationIssue[]): string {
  // A path may hold a server's property name, and a message a server's value: one line each.
  return issues.map((issue) => `\n  - ${printable(issue.path) || "(value)"}: ${printable(issue.message)}`).join("");
}

/** The input of a call (or a client option) broke the contract. Nothing was sent. */
export class InvalidRequestError extends PayWiseError {
  override name = "InvalidRequestError";
  readonly issues: readonly ValidationIssue[];

  /** `summary` is a sentence saying what was invalid, such as "The input of register is invalid". */
  constructor(summary: string, issues: readonly ValidationIssue[]) {
    super(`${summary}:${listIssues(issues)}`);
    this.issues = issues;
  }
}

/** PayWise (or something in between) answered with a body the contract does not allow. Never retried. */
export class InvalidResponseError extends PayWiseError {
  override name = "InvalidResponseError";
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly issues: readonly ValidationIssue[];
  /**
   * true when the answer's HTTP status was 2xx: PayWise accepted the request and may have acted on
   * it (a registration may exist), only its answer could not be read as the contract says.
   * undefined when the answer does not tell.
   */
  readonly accepted: true | undefined;
  /** The answer's parsed body, with secrets redacted, when it was JSON. */
  readonly body: unknown;

  constructor(
    message: string,
    details: { status?: number; requestId?: string; issues?: readonly ValidationIssue[]; accepted?: true; body?: unknown; cause?: unknown } = {},
  ) {
    super(printable(message) + listIssues(details.issues ?? []), details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.requestId = details.requestId === undefined ? undefined : printable(details.requestId);
    this.issues = details.issues ?? [];
    this.accepted = details.accepted;
    this.body = details.body;
  }
}

/**
 * The request could not be completed on the network: refused, reset, cut off mid-answer, or no
 * answer in time. `mayHaveReachedPayWise` says whether PayWise may have received it.
 */
export class APIConnectionError extends PayWiseError {
  override name = "APIConnectionError";
  /**
   * false when the request provably never left this machine (the connection was refused, the name
   * did not resolve, the TLS certificate was refused): sending it again is safe. true when it may
   * have reached PayWise (the connection failed after sending, or no answer came in time): an
   * operation that is not safe to repeat (register) may have taken effect, so check (the account's
   * status) before trying again.
   */
  readonly mayHaveReachedPayWise: boolean;

  constructor(message?: string, options: { cause?: unknown; mayHaveReachedPayWise?: boolean } = {}) {
    const mayHaveReachedPayWise = options.mayHaveReachedPayWise ?? true;
    super(message ?? (mayHaveReachedPayWise ? MAY_HAVE_REACHED : NOT_SENT), options.cause === undefined ? undefined : { cause: options.cause });
    this.mayHaveReachedPayWise = mayHaveReachedPayWise;
  }
}

const NOT_SENT = "Could not reach PayWise; nothing was sent, so trying again is safe. Check baseUrl and the network.";
const MAY_HAVE_REACHED = "The connection to PayWise failed after sending; PayWise may have received the request.";

/**
 * The sentence a connection error ends with for an operation that is not safe to repeat, when the
 * request may have reached PayWise: the SDK did not retry it, and neither should the caller blindly.
 */
export function notSafeToRepeat(operation: string): string {
  return `${operation} is not safe to repeat, so it was not retried: check the account's status before trying again.`;
}

/** An attempt took longer than the `timeout` option, or the call as a whole than `totalTimeout`. PayWise may have received it. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = "APIConnectionTimeoutError";

  constructor(timeoutMs: number, option: "timeout" | "totalTimeout" = "timeout") {
    super(
      option === "timeout"
        ? `PayWise did not answer within ${timeoutMs} ms (the timeout option); it may have received the request.`
        : `PayWise did not answer before the call's totalTimeout of ${timeoutMs} ms ran out (attempts and waits together); it may have received the request.`,
      { mayHaveReachedPayWise: true },
    );
  }
}

/**
 * The error with a sentence added to its message (and to the first line of its stack), such as
 * why it was not retried.
 */
export function withNote<E extends Error>(error: E, note: string): E {
  const before = error.message;
  error.message = `${before} ${note}`;
  if (typeof error.stack === "string") error.stack = error.stack.replace(before, error.message);
  return error;
}

/** The caller's AbortSignal fired. Never retried. */
export class APIUserAbortError extends PayWiseError {
  override name = "APIUserAbortError";

  constructor() {
    super("The request was aborted by the caller's AbortSignal.");
  }
}

/** What an error answer said, as it came: makeAPIError redacts and escapes every part of it. */
export interface ErrorAnswer {
  /** The HTTP status of the answer. */
  status: number;
  /** The status that picks the subclass: the envelope's `code` under HTTP 2xx, else `status`. */
  classStatus: number;
  /** The envelope's `code`, when the body is an envelope. */
  code: number | undefined;
  message: string;
  requestId: string | undefined;
  errorCode: string | undefined;
  missing: readonly string[] | undefined;
  /** The parsed body (or its text), as the server sent it. */
  body: unknown;
  headers: Headers | Readonly<Record<string, string>>;
}

/** An APIError's fields, already redacted (see makeAPIError). */
export interface APIErrorInit extends Omit<ErrorAnswer, "headers"> {
  headers: Record<string, string>;
}

/** PayWise answered with an error. Subclasses name the status. */
export class APIError extends PayWiseError {
  override name = "APIError";
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The envelope's `code`, when the answer was an envelope. */
  readonly code: number | undefined;
  /** The envelope's `request_id`, else the request id PayWise or the SDK put in the headers. */
  readonly requestId: string | undefined;
  /** The machine-readable reason, such as `AMBIGUOUS_MATCH` (`data.error_code`). */
  readonly errorCode: string | undefined;
  /** The parameters a 400 says were missing. */
  readonly missing: readonly string[] | undefined;
  /** The answer's body, parsed when it was JSON, with secrets redacted. */
  readonly body: unknown;
  /** The answer's headers. */
  readonly headers: Record<string, string>;
  /**
   * How long PayWise asked to wait before trying again (its Retry-After header), in milliseconds;
   * undefined without one. Above the SDK's 60 s ceiling the SDK gave up waiting, and says so.
   */
  readonly retryAfterMs: number | undefined;

  constructor(init: APIErrorInit) {
    super(printable(init.message));
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId === undefined ? undefined : printable(init.requestId);
    this.errorCode = init.errorCode === undefined ? undefined : printable(init.errorCode);
    this.missing = init.missing?.map(printable);
    this.body = init.body;
    this.headers = init.headers;
    this.retryAfterMs = parseRetryAfter(init.headers["retry-after"] ?? null);
  }
}

export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
export class ConflictError extends APIError {
  override name = "ConflictError";
}
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/**
 * The APIError subclass of each status, "5xx" for any status from 500 to 599; any other status is
 * a plain APIError. makeAPIError picks by it, and the command line's exit codes name their statuses from it.
 */
export const ERROR_CLASS_BY_STATUS: Readonly<Record<string, typeof APIError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  "5xx": InternalServerError,
};

/**
 * The APIError for an answer: the subclass picked by status, every field the caller can see
 * redacted. The secrets searched for are the call's (`secrets`: the key, the input's tokens, the
 * caller's credential headers) and those the answer itself carries under a credential name, in
 * its body or its headers (a token it hands out and repeats in a hint): they are replaced in the
 * message, request id, error code, missing list, body (at any depth, property names included) and
 * headers, so console.log, util.inspect and JSON.stringify of the error show none (issue 15).
 */
export function makeAPIError(answer: ErrorAnswer, secrets: readonly string[] = []): APIError {
  const { headers } = answer;
  const headerRecord: Record<string, string> = {};
  if (headers instanceof Headers) headers.forEach((value, name) => (headerRecord[name] = value));
  else Object.assign(headerRecord, headers);
  const known = secretHeaderValues(headerRecord, secretValuesIn(answer.body, [...secrets]));
  const scrub = scrubber(known);
  const init: APIErrorInit = {
    status: answer.status,
    classStatus: answer.classStatus,
    code: answer.code,
    message: scrub(answer.message),
    requestId: answer.requestId === undefined ? undefined : scrub(answer.requestId),
    errorCode: answer.errorCode === undefined ? undefined : scrub(answer.errorCode),
    missing: answer.missing?.map(scrub),
    body: redact(answer.body, known, false),
    headers: redactHeaders(headers, known, false),
  };
  const ErrorClass =
    ERROR_CLASS_BY_STATUS[init.classStatus] ?? (init.classStatus >= 500 && init.classStatus <= 599 ? ERROR_CLASS_BY_STATUS["5xx"]! : APIError);
  return new ErrorClass(init);
}
