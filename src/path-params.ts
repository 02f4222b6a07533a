// Path parameters (`/statements/{statement_id}`) are input fields like the query ones (issue 21):
// split from the rest of the input here; openapi-fetch writes each into the path percent-encoded
// (encodeURIComponent: `/`, `?`, `#`, `%` and `$` included), one segment each, so no value can
// change which path is called but the few refused here.
import { InvalidRequestError, type ValidationIssue } from "./errors";

/** Values that, as a whole path segment, the URL parser reads as a step up or an empty segment. */
const PATH_CHANGING = new Set(["", ".", ".."]);

/**
 * The input's path parameters (`path`, undefined when the operation has none) and the rest of it,
 * its query or body. A value that would move the path (`..`, `.` or empty; `%2e%2e` too, which
 * URL parsers read as `..`, cannot occur: `%` itself is encoded) is refused, naming the field.
 */
export function splitPathInput(names: readonly string[] | undefined, input: Record<string, unknown>, operationName: string): { path?: Record<string, unknown>; rest: Record<string, unknown> } {
  if (!names?.length) return { rest: input };
  // No prototype: a contract may name a path parameter `__proto__`, which must stay a field.
  const path: Record<string, unknown> = Object.create(null);
  const rest = { ...input };
  const issues: ValidationIssue[] = [];
  for (const name of names) {
    path[name] = rest[name];
    delete rest[name];
    // openapi-fetch leaves `{name}` in the path for a value it is not given; a path parameter is
    // always required (OpenAPI says so), even where a contract forgets to say it.
    if (path[name] === undefined || path[name] === null) issues.push({ path: name, message: "is required: it is part of the path called" });
    else if (PATH_CHANGING.has(String(path[name]))) issues.push({ path: name, message: `must not be ${JSON.stringify(String(path[name]))}: as a path segment it would change the path called` });
  }
  if (issues.length) throw new InvalidRequestError(`The input of ${operationName} is invalid, so nothing was sent`, issues);
  return { path, rest };
}
