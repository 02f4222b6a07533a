// The operations the fake serves, straight from the generated table (generated/<spec>/fake-answers.ts),
// and the types a script is checked with: documented statuses, example names, bodies, payloads.
import type { AccountStatusResult, Resources } from "../../../generated/public";
import { DOCUMENTED_RESPONSES } from "../../../generated/current";
import { FAKE_OPERATIONS, type FakeResponseBodies } from "../../../generated/fake-answers";
import type { OperationDescriptor } from "../../core";
import type { Unrecognized } from "../../open-enum";
import type * as z from "zod/mini";

/**
 * An operation as `resource.method`, such as `"account.register"`. Named from the generated body
 * types, not from FAKE_OPERATIONS, whose zod schemas must stay out of the public declarations.
 */
export type FakeOperation = keyof FakeResponseBodies;

// The two generated tables name the same operations; tsc fails here when they do not.
type SameOperations = [FakeOperation] extends [keyof typeof FAKE_OPERATIONS] ? ([keyof typeof FAKE_OPERATIONS] extends [FakeOperation] ? true : never) : never;
const _sameOperations: SameOperations = true;
void _sameOperations;

/** The statuses the contract documents for an operation. */
export type FakeStatus<Op extends FakeOperation> = keyof FakeResponseBodies[Op] & number;

/** The names of the examples the contract documents for a status of an operation. */
export type FakeExample<Op extends FakeOperation, Status extends FakeStatus<Op>> = Status extends keyof (typeof DOCUMENTED_RESPONSES)[Op]
  ? (typeof DOCUMENTED_RESPONSES)[Op][Status] extends readonly (infer Name)[]
    ? Name
    : never
  : never;

/** A documented body of an operation, with the values PayWise may add unlisted (open enums) as plain strings and numbers. */
export type FakeBody<Op extends FakeOperation, Status extends FakeStatus<Op>> = Loose<FakeResponseBodies[Op][Status]>;

type Method<Op extends string> = Op extends `${infer Resource}.${infer Name}`
  ? Resource extends keyof Resources
    ? Name extends keyof Resources[Resource]
      ? Resources[Resource][Name]
      : never
    : never
  : never;

/** What the SDK method of an operation resolves to, open enums loosened: `account_status: "suspended"` is allowed. */
export type FakePayload<Op extends FakeOperation> = Method<Op> extends (...args: never[]) => PromiseLike<infer Result> ? Loose<Result> : never;

/** The input of an operation's SDK method, as the fake records it and a script matches it. */
export type FakeInput<Op extends FakeOperation> = Method<Op> extends (input: infer Input, ...rest: never[]) => unknown ? Input : never;

/**
 * A type with its open enums (the SDK's `Unrecognized` brand) widened to their base type, so a
 * test can script a value the contract does not list, as PayWise may send one.
 */
export type Loose<T> = T extends Unrecognized<infer Base>
  ? Base
  : T extends readonly (infer Item)[]
    ? Loose<Item>[]
    : T extends object
      ? { [Key in keyof T]: Loose<T[Key]> }
      : T;

// A compile-time check that Loose opens what it should: fails to compile if the brand moves.
type OpensStatus = "suspended" extends Loose<AccountStatusResult["account_status"]> ? true : never;
const _opensStatus: OpensStatus = true;
void _opensStatus;

/** One documented answer of an operation, as generated. */
export interface DocumentedAnswer {
  readonly schema: z.ZodMiniType;
  readonly examples: Readonly<Record<string, unknown>>;
  readonly sample?: unknown;
}

/** One operation as the fake serves it. */
export interface FakeOperationEntry {
  readonly key: FakeOperation;
  readonly descriptor: OperationDescriptor;
  readonly querySchema: z.ZodMiniObject;
  readonly answers: Readonly<Record<number, DocumentedAnswer>>;
}

/** Every operation of the contract, in the generated order. */
export const FAKE_ENTRIES: readonly FakeOperationEntry[] = Object.entries(FAKE_OPERATIONS).map(([key, entry]) => ({
  key: key as FakeOperation,
  descriptor: entry.descriptor,
  querySchema: entry.querySchema as unknown as z.ZodMiniObject,
  answers: entry.answers as unknown as Record<number, DocumentedAnswer>,
}));

const BY_KEY = new Map(FAKE_ENTRIES.map((entry) => [entry.key as string, entry]));

/** The entry of an operation, or a TypeError that lists the operations there are. */
export function entryOf(operation: string): FakeOperationEntry {
  const entry = typeof operation === "string" ? BY_KEY.get(operation) : undefined;
  if (!entry) throw new TypeError(`The fake PayWise has no operation ${JSON.stringify(operation)}; the contract's operations are ${[...BY_KEY.keys()].join(", ")}`);
  return entry;
}

/**
 * A path template (`/statements/{statement_id}`) as a pattern of the end of a request's path (the
 * base URL may have a path of its own), each parameter one segment. Names and literal parts come
 * from the contract, so both are escaped: they are matched, never run.
 */
function pathPattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const parameter = /^\{([^}]+)\}$/.exec(part);
      if (!parameter) return part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      names.push(parameter[1]!);
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`${source}$`), names };
}

/** How much of a template is literal text: `/statements/summary` says more than `/statements/{id}`. */
const literalLength = (template: string) => template.replace(/\{[^}]*\}/g, "").length;

/**
 * The routes of some operations in the order a request tries them: the most literal template
 * first, so `/statements/summary` is not taken for `/statements/{id}`, then the longest, so a path
 * ending with another operation's path still finds its own.
 */
export function routesOf(entries: readonly FakeOperationEntry[]): { entry: FakeOperationEntry; pattern: RegExp; names: string[] }[] {
  return [...entries]
    .sort((a, b) => literalLength(b.descriptor.path) - literalLength(a.descriptor.path) || b.descriptor.path.length - a.descriptor.path.length)
    .map((entry) => ({ entry, ...pathPattern(entry.descriptor.path) }));
}

const ROUTES = routesOf(FAKE_ENTRIES);

/** The operation a request is for: its method, and a path whose end matches the operation's template. */
export function routeOf(method: string, pathname: string): FakeOperationEntry | undefined {
  return ROUTES.find(({ entry, pattern }) => entry.descriptor.method.toUpperCase() === method && pattern.test(pathname))?.entry;
}

/** The values of an operation's path parameters in a request's path, decoded, by name. */
export function pathValuesOf(entry: FakeOperationEntry, pathname: string): Record<string, string> {
  const route = ROUTES.find((candidate) => candidate.entry === entry)!;
  const match = route.pattern.exec(pathname);
  if (!match) return {};
  return Object.fromEntries(route.names.map((name, index) => [name, safeDecode(match[index + 1]!)]));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The documented answer of a status (never a prototype member: a status comes from the test's script). */
export function answerOf(entry: FakeOperationEntry, status: unknown): DocumentedAnswer | undefined {
  return typeof status === "number" && Object.hasOwn(entry.answers, status) ? entry.answers[status] : undefined;
}

/** The statuses an operation documents, ascending. */
export function documentedStatuses(entry: FakeOperationEntry): number[] {
  return Object.keys(entry.answers).map(Number).sort((a, b) => a - b);
}

/** The operation's first documented 2xx: what it answers by default. */
export function successStatus(entry: FakeOperationEntry): number {
  const status = documentedStatuses(entry).find((code) => code >= 200 && code < 300);
  // The generator refuses an operation without a 2xx (scripts/lib/resources.mjs), so this holds.
  return status ?? 200;
}
