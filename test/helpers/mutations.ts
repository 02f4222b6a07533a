// Targeted breakages of a valid value (issue 21, item 2): each picks one field the schema says
// something about and breaks exactly that. Whether the result still fits is not assumed: the
// judge (test/helpers/judge.ts) decides, and the SDK must agree with it.
import { isObject } from "../../scripts/lib/openapi.mjs";
import { resolveRef } from "./samples";

type Node = Record<string, unknown>;

/** A schema with its allOf parts merged (properties and required), refs resolved; enough to find fields. */
function merged(schema: unknown, components: unknown, depth = 0): Node {
  const node = resolveRef(schema, components) as Node;
  if (!isObject(node) || depth > 16) return {};
  const parts = ((node.allOf as unknown[] | undefined) ?? []).map((part) => merged(part, components, depth + 1));
  const properties = Object.assign({}, ...parts.map((part) => part.properties ?? {}), node.properties ?? {});
  const required = [...parts.flatMap((part) => (part.required as string[] | undefined) ?? []), ...((node.required as string[] | undefined) ?? [])];
  return { ...Object.assign({}, ...parts), ...node, properties, required };
}

/** A field of a value, where its schema says something: its path, its holder and key, its schema. */
interface Field {
  path: string;
  holder: Node | unknown[];
  key: string | number;
  schema: Node;
  required: boolean;
}

function* fields(value: unknown, schema: unknown, components: unknown, path = "", depth = 0): Generator<Field> {
  if (depth > 8) return;
  const node = merged(schema, components);
  if (isObject(value)) {
    const properties = (node.properties ?? {}) as Node;
    const required = new Set((node.required as string[] | undefined) ?? []);
    for (const [key, item] of Object.entries(value)) {
      if (!Object.hasOwn(properties, key)) continue;
      const child = merged(properties[key], components);
      yield { path: path ? `${path}.${key}` : key, holder: value, key, schema: child, required: required.has(key) };
      yield* fields(item, properties[key], components, path ? `${path}.${key}` : key, depth + 1);
    }
  } else if (Array.isArray(value) && node.items !== undefined) {
    for (const [index, item] of value.entries()) {
      yield { path: `${path}[${index}]`, holder: value, key: index, schema: merged(node.items, components), required: true };
      yield* fields(item, node.items, components, `${path}[${index}]`, depth + 1);
    }
  }
}

const typeOf = (schema: Node): string | undefined => (Array.isArray(schema.type) ? (schema.type as string[]).find((type) => type !== "null") : (schema.type as string | undefined));

/** A value of another JSON type than the schema's. */
function wrongType(schema: Node, current: unknown): unknown {
  switch (typeOf(schema) ?? typeof current) {
    case "string":
      return 12345;
    case "integer":
    case "number":
      return "12";
    case "boolean":
      return "yes";
    case "array":
      return "not an array";
    default:
      return 7;
  }
}

/** A string the pattern does not match, if one of a few candidates is. */
function brokenPattern(pattern: string): string | undefined {
  const regex = new RegExp(pattern, "u");
  return ["", "!", "~~~", " x ", "0", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", "ä"].find((candidate) => !regex.test(candidate));
}

const BROKEN_FORMAT: Record<string, string> = {
  email: "not an e-mail address",
  uuid: "not-a-uuid",
  "date-time": "yesterday",
  date: "31/02/2026",
  ipv4: "999.1.1",
  uri: "not a uri",
};

/** A number outside the schema's range (an integer stays one), or a string outside its lengths. */
function outOfRange(schema: Node): unknown {
  const integer = typeOf(schema) === "integer";
  if (typeof schema.maximum === "number") return integer ? Math.floor(schema.maximum) + 1 : schema.maximum + 1;
  if (typeof schema.minimum === "number") return integer ? Math.ceil(schema.minimum) - 1 : schema.minimum - 1;
  if (typeof schema.exclusiveMaximum === "number") return schema.exclusiveMaximum;
  if (typeof schema.exclusiveMinimum === "number") return schema.exclusiveMinimum;
  if (typeof schema.maxLength === "number") return "x".repeat(schema.maxLength + 1);
  if (typeof schema.minLength === "number" && schema.minLength > 0) return "x".repeat(schema.minLength - 1);
  return undefined;
}

export const MUTATIONS = ["required field dropped", "wrong type", "broken pattern", "unlisted enum value", "broken format", "out of range", "unknown field"] as const;
export type Mutation = (typeof MUTATIONS)[number];

export interface Mutated {
  value: unknown;
  /** What was broken where, for a failure message. */
  what: string;
}

/**
 * `value` (fitting `schema`) with one field broken by `mutation`, the field picked by `pick` among
 * those it applies to; undefined when it applies to none.
 */
export function mutate(value: unknown, schema: unknown, components: unknown, mutation: Mutation, pick: (count: number) => number): Mutated | undefined {
  const copy = structuredClone(value);
  if (mutation === "unknown field") {
    if (!isObject(copy)) return undefined;
    copy.pw_unknown_field = "a field no operation has";
    return { value: copy, what: "pw_unknown_field added" };
  }
  const candidates: { field: Field; replacement?: unknown; drop?: true }[] = [];
  for (const field of fields(copy, schema, components)) {
    const { schema: fieldSchema } = field;
    const current = (field.holder as Node)[field.key as string];
    if (mutation === "required field dropped" && field.required && !Array.isArray(field.holder)) candidates.push({ field, drop: true });
    if (mutation === "wrong type" && current !== null && current !== undefined) candidates.push({ field, replacement: wrongType(fieldSchema, current) });
    if (mutation === "broken pattern" && typeof fieldSchema.pattern === "string") {
      const broken = brokenPattern(fieldSchema.pattern);
      if (broken !== undefined) candidates.push({ field, replacement: broken });
    }
    if (mutation === "unlisted enum value" && Array.isArray(fieldSchema.enum)) candidates.push({ field, replacement: typeof fieldSchema.enum.find((item) => item !== null) === "number" ? 987654 : "pw_unlisted_value" });
    if (mutation === "broken format" && typeof fieldSchema.format === "string" && BROKEN_FORMAT[fieldSchema.format]) candidates.push({ field, replacement: BROKEN_FORMAT[fieldSchema.format] });
    if (mutation === "out of range") {
      const replacement = outOfRange(fieldSchema);
      if (replacement !== undefined) candidates.push({ field, replacement });
    }
  }
  if (candidates.length === 0) return undefined;
  const chosen = candidates[pick(candidates.length)]!;
  const holder = chosen.field.holder as Node;
  if (chosen.drop) delete holder[chosen.field.key as string];
  else holder[chosen.field.key as string] = chosen.replacement;
  return { value: copy, what: `${mutation} at ${chosen.field.path}${chosen.drop ? "" : ` (${JSON.stringify(chosen.replacement)?.slice(0, 40)})`}` };
}
