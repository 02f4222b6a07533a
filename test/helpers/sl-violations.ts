// Prism answers an invalid request with the spec's 400 example when there is one, so the status
// alone cannot tell a valid request from an invalid one; the reasons are in `sl-violations`.
// Where the spec has no 400, Prism makes up a 422 problem+json instead, and that answer carries
// its reasons in the body's `validation` array, with no header at all.

export interface Violation {
  /** Where, such as `["request", "header", "pw-subscription-key"]`; header names come lowercased. */
  location: string[];
  severity: string;
  /** The JSON Schema keyword that failed, such as `minLength` or `enum`. */
  code: string;
  message: string;
}

const PRISM_INVALID_REQUEST_TYPE = "#UNPROCESSABLE_ENTITY";

function isViolation(value: unknown): value is Violation {
  if (typeof value !== "object" || value === null) return false;
  const { location, severity, code, message } = value as Record<string, unknown>;
  return (
    Array.isArray(location) &&
    location.every((part) => typeof part === "string") &&
    typeof severity === "string" &&
    typeof code === "string" &&
    typeof message === "string"
  );
}

function parseHeader(header: string): Violation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    // Prism cuts a header longer than about 8 KB and prefixes "Too many violations!".
    throw new Error(`sl-violations is not JSON: ${header.slice(0, 200)}`);
  }
  if (!Array.isArray(parsed) || !parsed.every(isViolation)) {
    throw new Error(`sl-violations is not an array of violations: ${header}`);
  }
  return parsed;
}

async function parseInvalidRequestProblem(response: Response): Promise<Violation[] | undefined> {
  if (response.status !== 422 || !response.headers.get("content-type")?.startsWith("application/problem+json")) {
    return undefined;
  }
  // A clone, so the caller can still read the body.
  const problem = (await response.clone().json()) as { type?: unknown; validation?: unknown };
  if (typeof problem.type !== "string" || !problem.type.endsWith(PRISM_INVALID_REQUEST_TYPE)) return undefined;
  const { validation } = problem;
  if (!Array.isArray(validation) || !validation.every(isViolation)) {
    throw new Error(`Prism's 422 has no array of violations: ${JSON.stringify(problem)}`);
  }
  // Only request violations produce this answer, and its locations leave out the "request" the
  // header's have; put it back so both read the same.
  return validation.map((violation) => ({ ...violation, location: ["request", ...violation.location] }));
}

/**
 * Every violation Prism reported for the exchange, request and response alike. Throws when what
 * Prism sent does not have the documented shape, so a format change fails tests instead of
 * passing them.
 */
export async function violations(response: Response): Promise<Violation[]> {
  const header = response.headers.get("sl-violations");
  if (header !== null) return parseHeader(header);
  return (await parseInvalidRequestProblem(response)) ?? [];
}

export async function requestViolations(response: Response): Promise<Violation[]> {
  return (await violations(response)).filter((violation) => violation.location[0] === "request");
}
