// Runs the generated zod schemas over inputs and answers and turns zod's issues into
// ValidationIssues that name the field and say what was expected. zod/mini ships no message
// locale (that is how it stays small), so the wording is built here from the issues' data, and it
// never quotes the value: the value may be a secret.
import type * as z from "zod/mini";
import { CONTRACT_VERSION } from "../generated/current";
import { InvalidRequestError, InvalidResponseError, type ValidationIssue } from "./errors";

type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function plural(count: number | bigint, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function describe(issue: Issue, root: unknown): string {
  switch (issue.code) {
    case "invalid_type": {
      const found = valueAt(root, issue.path);
      return found === undefined ? `is required (${issue.expected})` : `expected ${issue.expected}, got ${typeName(found)}`;
    }
    case "too_small":
      if (issue.exact && issue.origin === "string") return `must be exactly ${plural(issue.minimum, "character")}`;
      return issue.origin === "string"
        ? `must be at least ${plural(issue.minimum, "character")}`
        : issue.origin === "array"
          ? `must have at least ${plural(issue.minimum, "item")}`
          : `must be ${issue.inclusive ? "at least" : "more than"} ${issue.minimum}`;
    case "too_big":
      if (issue.exact && issue.origin === "string") return `must be exactly ${plural(issue.maximum, "character")}`;
      return issue.origin === "string"
        ? `must be at most ${plural(issue.maximum, "character")}`
        : issue.origin === "array"
          ? `must have at most ${plural(issue.maximum, "item")}`
          : `must be ${issue.inclusive ? "at most" : "less than"} ${issue.maximum}`;
    case "invalid_format":
      return issue.format === "regex" && "pattern" in issue ? `must match ${String(issue.pattern)}` : `must be a valid ${issue.format}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.join(", ")}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    case "invalid_union":
      return "matches none of the allowed shapes";
    default:
      return "is invalid";
  }
}

export function toValidationIssues(issues: readonly Issue[], root: unknown): ValidationIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join("."), message: describe(issue, root) }));
}

/** The fields an object schema declares, when it is an object schema. */
function declaredKeys(schema: z.ZodMiniType): readonly string[] | undefined {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}

/**
 * Checks a call's input against its generated schema. Unknown top-level fields are refused too:
 * a misspelt optional field would otherwise be dropped without a word.
 */
export function validateInput<T>(schema: z.ZodMiniType<T>, value: unknown, summary: string): T {
  const issues: ValidationIssue[] = [];
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidRequestError(summary, [{ path: "", message: `expected object, got ${typeName(value)}` }]);
  }
  const keys = declaredKeys(schema);
  if (keys) {
    for (const key of Object.keys(value)) if (!keys.includes(key)) issues.push({ path: key, message: "is not a field of this operation" });
  }
  const result = schema.safeParse(value);
  if (!result.success) issues.push(...toValidationIssues(result.error.issues, value));
  if (issues.length) throw new InvalidRequestError(summary, issues);
  return result.data as T;
}

/**
 * Checks an answer against its generated schema, forward-compatibly: unknown fields are never an
 * issue (zod objects ignore them) and an enum value the contract does not know yet is let through,
 * so PayWise adding a status does not break every client. A missing or mistyped field is an error.
 */
export function checkResponse(
  schema: z.ZodMiniType,
  body: unknown,
  context: { status: number; requestId: string | undefined; operation: string },
): void {
  const result = schema.safeParse(body);
  if (result.success) return;
  const fatal = result.error.issues.filter((issue) => issue.code !== "invalid_value");
  if (fatal.length === 0) return;
  throw new InvalidResponseError(`PayWise's answer to ${context.operation} does not match the ${CONTRACT_VERSION} contract.`, {
    status: context.status,
    requestId: context.requestId,
    issues: toValidationIssues(fatal, body),
  });
}
