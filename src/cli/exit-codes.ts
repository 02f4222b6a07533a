// The one table of exit codes (issue 23, item 3): every outcome of a command and the code it ends
// with. The README's table is rendered from it (test/cli/readme-cli.test.ts checks they agree). The
// status each API error class stands for is read from src/errors.ts's table, not restated here.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ERROR_CLASS_BY_STATUS,
  InternalServerError,
  InvalidRequestError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../errors";
import { UsageError } from "./usage-error";

export interface ExitOutcome {
  readonly code: number;
  /** What happened, in a few words. */
  readonly outcome: string;
  /** The error class that ends a command with this code (its subclasses have codes of their own). */
  readonly error?: abstract new (...args: never[]) => Error;
  /** A further condition on the error, where one class has two outcomes. */
  readonly when?: (error: Error) => boolean;
  /** What it means for the caller, and what to do. */
  readonly meaning: string;
}

/** The outcome of an APIError subclass: its status as src/errors.ts maps it ("400", "5xx"). */
function answered(code: number, error: typeof APIError, meaning: string): ExitOutcome {
  const status = Object.keys(ERROR_CLASS_BY_STATUS).find((key) => ERROR_CLASS_BY_STATUS[key] === error);
  return { code, outcome: `PayWise answered ${status}`, error, meaning };
}

/** Every outcome, by code. */
export const EXIT_CODES: readonly ExitOutcome[] = [
  { code: 0, outcome: "success", meaning: "The call succeeded and its result is on stdout; for doctor, every check passed." },
  { code: 1, outcome: "internal error", meaning: "The CLI itself failed: a bug; report it with the command (less its secrets)." },
  { code: 2, outcome: "usage", error: UsageError, meaning: "Unknown command or flag, a flag without its value, an --input or key file that cannot be read, or --subscription-key: nothing was sent." },
  { code: 3, outcome: "input refused", error: InvalidRequestError, meaning: "The input, a call option or the configuration breaks the contract (each problem is named): nothing was sent." },
  { code: 4, outcome: "doctor found a problem", meaning: "paywise doctor: at least one check failed; each is named on stdout." },
  { code: 10, outcome: "PayWise answered another error", error: APIError, meaning: "An error status of another kind, or an error envelope under HTTP 200." },
  answered(11, BadRequestError, "PayWise refused the request as malformed (`missing` lists what it missed)."),
  answered(12, AuthenticationError, "The subscription key was not accepted."),
  answered(13, PermissionDeniedError, "Not allowed: often the institution IP (PW-ip-address) or the origin country."),
  answered(14, NotFoundError, "Not found: check the base URL, or the account looked up."),
  answered(15, ConflictError, "A conflict, such as AMBIGUOUS_MATCH (`errorCode`): the message says what to add."),
  answered(16, UnprocessableEntityError, "PayWise could not process the input."),
  answered(17, RateLimitError, "Too many requests: wait, then try again."),
  answered(18, InternalServerError, "PayWise failed; safe operations were retried already."),
  { code: 20, outcome: "could not reach PayWise", error: APIConnectionError, meaning: "Refused, reset, not resolved or cut off; the line ends with whether the request may have reached PayWise (after register, check the account's status before trying again) or nothing was sent (check the base URL and the network: paywise doctor)." },
  { code: 21, outcome: "timed out", error: APIConnectionTimeoutError, meaning: "PayWise did not answer within --timeout or --total-timeout." },
  {
    code: 30,
    outcome: "accepted, answer did not fit",
    error: InvalidResponseError,
    when: (error) => (error as InvalidResponseError).accepted === true,
    meaning: "PayWise accepted the request (HTTP 2xx) and may have acted on it, but its answer did not fit the contract: check before repeating (after register, check the account before registering again).",
  },
  { code: 31, outcome: "answer did not fit", error: InvalidResponseError, meaning: "The answer broke the contract or HTTP, and did not say PayWise accepted the request." },
  { code: 130, outcome: "interrupted", error: APIUserAbortError, meaning: "Ctrl-C (SIGINT) stopped the call." },
];

const byOutcome = (outcome: string) => EXIT_CODES.find((entry) => entry.outcome === outcome)!.code;
export const EXIT_SUCCESS = byOutcome("success");
export const EXIT_DOCTOR_PROBLEM = byOutcome("doctor found a problem");
export const EXIT_INTERNAL = byOutcome("internal error");

/**
 * The exit code an error ends a command with: that of its own class, else of the nearest class it
 * extends (an APIError of a status without a subclass is 10), else 1.
 */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof Error)) return EXIT_INTERNAL;
  for (let prototype: unknown = Object.getPrototypeOf(error); prototype; prototype = Object.getPrototypeOf(prototype)) {
    const constructor = (prototype as { constructor?: unknown }).constructor;
    const entry = EXIT_CODES.find((candidate) => candidate.error === constructor && (candidate.when?.(error) ?? true));
    if (entry) return entry.code;
  }
  return EXIT_INTERNAL;
}
