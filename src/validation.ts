// Runs the generated zod schemas over inputs and answers and turns zod's issues into
// ValidationIssues that name the field and say what was expected. zod/mini ships no message
// locale (that is how it stays small), so the wording is built here from the issues' data, and it
// never quotes the value: the value may be a secret.
import type * as z from "zod/mini";
import { CONTRACT_VERSION } from "../generated/current";
import { InvalidRequestError, type ValidationIssue } from "./errors";
import { INTEGER_CHECK } from "./number-checks";
import { UNLISTED_VALUE, type UnlistedValueParams } from "./open-enum";
import { isObject } from "./constants";

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
    case "custom":
      return (issue.params as Record<string, unknown> | undefined)?.[INTEGER_CHECK] ? "must be a whole number" : "is invalid";
    default:
      return "is invalid";
  }
}

/** zod/mini's message for an issue whose schema gave none: the generated schemas give none, the option schemas (src/options.ts) do. */
const NO_MESSAGE = "Invalid input";

/** zod's issues as ValidationIssues: the field's path, and the schema's message or, without one, the issue in words. */
export function toValidationIssues(issues: readonly Issue[], root: unknown): ValidationIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message === NO_MESSAGE ? describe(issue, root) : issue.message }));
}

/** The fields an object schema declares, when it is an object schema. */
function declaredShape(schema: z.ZodMiniType): Record<string, z.ZodMiniType> | undefined {
  return (schema as { shape?: Record<string, z.ZodMiniType> }).shape;
}

/**
 * The longest string the SDK sends in a field whose contract gives no maxLength: 8,000, the URI
 * length RFC 9110 asks every server to accept. It is checked before the contract's patterns run:
 * a pattern such as zod's e-mail regex on a string of millions of characters takes seconds, or
 * throws a RangeError (issue 10).
 */
export const MAX_INPUT_STRING_LENGTH = 8_000;
/** How deep the string check looks into nested input; deeper values are left to the schema. */
const MAX_INPUT_DEPTH = 16;

/**
 * The maxLength the contract gives a field, for a string past the SDK's limit: zod's own issue for
 * the string cut just past that limit says it (its patterns then run over at most that much).
 */
function contractMaxLength(schema: z.ZodMiniType | undefined, value: string): number | undefined {
  const result = schema?.safeParse(value.slice(0, MAX_INPUT_STRING_LENGTH + 1));
  for (const issue of result?.error?.issues ?? []) if (issue.code === "too_big" && issue.origin === "string" && issue.path.length === 0) return Number(issue.maximum);
  return undefined;
}

/**
 * What is wrong with a string no matter its field: too long to check, or holding a lone surrogate,
 * which a query string cannot encode (encodeURIComponent throws URIError) and a JSON body carries
 * as an escape the server may turn into U+FFFD.
 */
function stringProblem(value: string, schema: z.ZodMiniType | undefined): string | undefined {
  if (value.length > MAX_INPUT_STRING_LENGTH) {
    const declared = contractMaxLength(schema, value);
    return declared === undefined
      ? `must be at most ${MAX_INPUT_STRING_LENGTH} characters (the SDK's limit for a field the contract gives no maximum)`
      : `must be at most ${plural(declared, "character")}`;
  }
  // ES2024's String isWellFormed, which Node 20 has (tsconfig's lib adds ES2024.String alone).
  if (!value.isWellFormed()) return "contains an unpaired surrogate (half of a UTF-16 pair), which cannot be sent as UTF-8";
  return undefined;
}

/** Issues for every string in `value` (objects and arrays searched) that stringProblem refuses. */
function stringIssues(value: unknown, path: string, schema: z.ZodMiniType | undefined, depth: number, into: ValidationIssue[]): void {
  if (typeof value === "string") {
    const problem = stringProblem(value, schema);
    if (problem) into.push({ path, message: problem });
  } else if (value !== null && typeof value === "object" && depth < MAX_INPUT_DEPTH) {
    for (const [key, inner] of Object.entries(value)) stringIssues(inner, path ? `${path}.${key}` : key, undefined, depth + 1, into);
  }
}

/** zod's issue for a top-level string field longer than its maxLength. */
const isTooLongField = (issue: Issue) => issue.code === "too_big" && issue.origin === "string" && issue.path.length === 1;

/**
 * Checks a call's input against its generated schema. Unknown top-level fields are refused too:
 * a misspelt optional field would otherwise be dropped without a word. Strings are first checked
 * for length and lone surrogates, so the schema never runs a pattern over a huge string; the
 * schema then checks the other fields, and every problem is reported at once.
 */
export function validateInput<T>(schema: z.ZodMiniType<T>, value: unknown, summary: string): T {
  const issues: ValidationIssue[] = [];
  if (!isObject(value)) {
    throw new InvalidRequestError(summary, [{ path: "", message: `expected object, got ${typeName(value)}` }]);
  }
  const shape = declaredShape(schema);
  let checked = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(value)) {
    if (shape && !Object.hasOwn(shape, key)) {
      issues.push({ path: key, message: "is not a field of this operation" });
      continue;
    }
    const found = issues.length;
    stringIssues(field, key, shape?.[key], 0, issues);
    // The schema sees the field as absent; its own issue about that is dropped below.
    if (issues.length > found) checked = { ...checked, [key]: undefined };
  }
  const result = schema.safeParse(checked);
  if (!result.success) {
    // Worked out only for a refusal: a valid input (nearly every call) allocates nothing for it.
    const refused = new Set(issues.map((issue) => issue.path.split(".")[0]));
    // A field longer than the contract's maxLength is told only that, as one past the SDK's limit is.
    const tooLong = new Set(result.error.issues.filter(isTooLongField).map((issue) => issue.path[0]));
    const kept = result.error.issues.filter((issue) => !tooLong.has(issue.path[0]) || isTooLongField(issue));
    issues.push(...toValidationIssues(kept, value).filter((issue) => !refused.has(issue.path.split(".")[0])));
  }
  if (issues.length) throw new InvalidRequestError(summary, issues);
  return result.data as T;
}

/** What checking an answer found: problems with it, and notes for the debug log. */
export interface ResponseCheck {
  /** Where the answer breaks the contract; empty when it fits. */
  readonly issues: readonly ValidationIssue[];
  /** Things worth a debug line that do not break the contract, each logged once per client. */
  readonly notes: readonly string[];
}

// Frozen: every call whose answer fits shares it, and `.withResponse().issues` hands it to callers.
const FITS: ResponseCheck = Object.freeze({ issues: Object.freeze([]), notes: Object.freeze([]) });
/** How much of an unlisted value a note quotes: enough to recognise it, not a server's whole string. */
const MAX_QUOTED_VALUE = 64;

/** The documented values, when the issue is openEnum's mark of an unlisted value rather than a problem. */
function unlistedValueOf(issue: Issue): readonly (string | number)[] | undefined {
  return issue.code === "custom" ? (issue.params as Partial<UnlistedValueParams> | undefined)?.[UNLISTED_VALUE] : undefined;
}

/** The debug note for an unlisted value: the field (array indices aside, so a list notes each value once), the value, the listed ones. */
function unlistedNote(issue: Issue, body: unknown, documented: readonly (string | number)[]): string {
  const value = valueAt(body, issue.path);
  const text = String(value);
  const quoted = JSON.stringify(text.length > MAX_QUOTED_VALUE ? `${text.slice(0, MAX_QUOTED_VALUE)}…` : text);
  const field = issue.path.map((key) => (typeof key === "number" ? "[]" : String(key))).join(".").replace(/\.\[\]/g, "[]");
  return (
    `PayWise sent ${field} ${typeof value === "number" ? text : quoted}, a value the ${CONTRACT_VERSION} contract does not list ` +
    `(it lists ${documented.map((known) => JSON.stringify(known)).join(", ")}); passed on unchanged as an Unrecognized value.`
  );
}

/**
 * Checks an answer against its generated schema. Unknown fields are never an issue (zod objects
 * ignore them: PayWise may add fields within a contract version), and neither is what PayWise may
 * change without a new contract (docs/VERSIONING.md, "Enums" and "Formats"): an enum value the
 * contract does not list passes through and becomes a note, and string formats (uuid, date-time,
 * …) are not checked in answers at all (the generator leaves them out). A wrong type or a missing
 * required field is an issue. src/answer.ts, the one caller, decides what an issue does to the
 * call (the responseValidation option).
 */
export function checkResponse(schema: z.ZodMiniType, body: unknown): ResponseCheck {
  const result = schema.safeParse(body);
  if (result.success) return FITS;
  const problems: Issue[] = [];
  const notes: string[] = [];
  for (const issue of result.error.issues) {
    const documented = unlistedValueOf(issue);
    if (documented) notes.push(unlistedNote(issue, body, documented));
    else problems.push(issue);
  }
  return { issues: toValidationIssues(problems, body), notes };
}
