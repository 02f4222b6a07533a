// mockPrefer(): the `Prefer` header that asks the mock (Prism) for one of the contract's documented
// answers, checked against what the contract documents (generated/…/responses.ts), so a test
// cannot ask for a status or example the mock does not have and get a confusing 404 instead.
import { DOCUMENTED_RESPONSES } from "../../generated/current";

type Documented = typeof DOCUMENTED_RESPONSES;
/** An operation as `resource.method`, such as `"account.createSession"`. */
export type MockOperation = keyof Documented;
/** The statuses the contract documents for an operation (for any operation by default). */
export type DocumentedStatus<Op extends MockOperation = MockOperation> = Op extends MockOperation ? keyof Documented[Op] & number : never;
/** The names of the examples documented for a status of an operation. */
export type DocumentedExample<Op extends MockOperation = MockOperation, Code extends number = DocumentedStatus<Op>> = Op extends MockOperation
  ? Code extends keyof Documented[Op]
    ? Documented[Op][Code] extends readonly (infer Name)[]
      ? Name
      : never
    : never
  : never;

/** What to ask the mock for. */
export interface MockPreferOptions<Op extends MockOperation = MockOperation, Code extends DocumentedStatus<Op> = DocumentedStatus<Op>> {
  /** Narrows `code` and `example` to those of one operation, such as `"account.createSession"`. */
  operation?: Op;
  /** The documented status to answer with. @default 200 (Prism's choice) */
  code?: Code;
  /** The name of a documented example of that status. @default the status's first example */
  example?: DocumentedExample<Op, Code>;
  /**
   * Bodies generated from the schema instead of the examples. On a server started without
   * `dynamic: true` they come from the contract file as it is, whose random envelope `status` and
   * `code` can read as an error; `startMockServer({ dynamic: true })` pins them. @default false
   */
  dynamic?: boolean;
}

const SUCCESS = 200;

function fail(message: string): never {
  throw new TypeError(`mockPrefer: ${message}`);
}

function list(values: readonly (string | number)[]): string {
  return values.length === 0 ? "none" : values.join(", ");
}

/**
 * The header asking the mock from `startMockServer()` for a documented answer, for a call's
 * `headers` option: `mockPrefer({ code: 409, example: "error" })` is
 * `{ Prefer: "code=409, example=error" }`. Throws a TypeError naming what the contract documents
 * when asked for anything else.
 */
export function mockPrefer<Op extends MockOperation = MockOperation, Code extends DocumentedStatus<Op> = DocumentedStatus<Op>>(
  options: MockPreferOptions<Op, Code>,
): { Prefer: string } {
  if (options === null || typeof options !== "object") fail("pass an object such as { code: 409 }");
  const known = ["operation", "code", "example", "dynamic"];
  for (const key of Object.keys(options)) if (!known.includes(key)) fail(`unknown option "${key}"; the options are ${known.join(", ")}`);
  const { operation, code, example, dynamic } = options as { operation?: string; code?: number; example?: string; dynamic?: boolean };
  const documented: Readonly<Record<string, Readonly<Record<number, readonly string[]>>>> = DOCUMENTED_RESPONSES;

  if (operation !== undefined && !Object.hasOwn(documented, operation)) fail(`"${String(operation)}" is not an operation; the operations are ${list(Object.keys(documented))}`);
  const candidates = operation === undefined ? Object.values(documented) : [documented[operation]!];
  const nobody = operation === undefined ? "no operation of the contract documents" : `${operation} does not document`;
  const status = code ?? SUCCESS;
  if (code !== undefined) {
    const codes = [...new Set(candidates.flatMap((statuses) => Object.keys(statuses).map(Number)))].sort((x, y) => x - y);
    if (!codes.includes(status)) fail(`${nobody} status ${String(code)}; the documented statuses are ${list(codes)}`);
  }
  if (example !== undefined) {
    const names = [...new Set(candidates.flatMap((statuses) => statuses[status] ?? []))];
    if (!names.includes(example)) fail(`${nobody} an example "${String(example)}" for status ${status}; the documented examples are ${list(names)}`);
  }
  if (dynamic !== undefined && typeof dynamic !== "boolean") fail(`"dynamic" must be true or false`);

  const parts = [code === undefined ? undefined : `code=${code}`, example === undefined ? undefined : `example=${example}`, dynamic ? "dynamic=true" : undefined];
  const prefer = parts.filter((part) => part !== undefined).join(", ");
  if (prefer === "") fail("ask for a code, an example or dynamic: true");
  return { Prefer: prefer };
}
