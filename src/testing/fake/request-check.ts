// What the fake finds wrong with a request, as PayWise would: its headers, its query (the
// `version` included) and its JSON body, each checked with the operation's generated zod schema.
import * as z from "zod/mini";
import { JSON_MEDIA } from "../../constants";
import type { ValidationIssue } from "../../errors";
import { toValidationIssues } from "../../validation";
import { pathValuesOf, type FakeOperationEntry } from "./operations";

/** A request as the fake receives it, from its fetch or from an MSW handler. */
export interface FakeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** The body as text; undefined when there is none. */
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;
}

/** What the request carried, parsed: the operation's input, its query and its headers. */
export interface ParsedRequest {
  /** The caller's input: the JSON body, or the query less what the SDK fills (`version`, `diagnostics`). */
  readonly input: unknown;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, string>;
  /** Where the request breaks the contract; empty when it fits. */
  readonly issues: readonly ValidationIssue[];
  /** The required parameters and fields it lacked, for a 400 that lists them (`missing`). */
  readonly missing: readonly string[];
}

/** What the fake reads of a field's JSON Schema: its type, an array's items, a nullable's alternatives. */
interface FieldSchema {
  readonly type?: string | readonly string[];
  readonly items?: FieldSchema;
  readonly anyOf?: readonly FieldSchema[];
}

const fieldSchemas = new WeakMap<z.ZodMiniType, Readonly<Record<string, FieldSchema>>>();

/** An object schema's fields as JSON Schema (zod's own z.toJSONSchema), worked out once per schema. */
function fieldsOf(schema: z.ZodMiniType): Readonly<Record<string, FieldSchema>> {
  let fields = fieldSchemas.get(schema);
  if (!fields) {
    // "any" for what JSON Schema cannot say (a refine): such a field is read as text.
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, FieldSchema> };
    fields = json.properties ?? {};
    fieldSchemas.set(schema, fields);
  }
  return fields;
}

/** The field's type, a nullable's `null` aside. */
function typeOf(field: FieldSchema | undefined): string | undefined {
  const types = [field?.type ?? field?.anyOf?.map((alternative) => alternative.type) ?? []].flat();
  return types.find((type): type is string => typeof type === "string" && type !== "null");
}

/** A query value as the schema types it: query strings carry booleans and numbers as text. */
function fromQueryText(field: FieldSchema | undefined, values: string[]): unknown {
  const type = typeOf(field);
  if (type === "array") return values.map((value) => fromQueryText(field?.items ?? field?.anyOf?.find((alternative) => alternative.items)?.items, [value]));
  const value = values.at(-1)!;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if ((type === "number" || type === "integer") && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  return value;
}

function readQuery(schema: z.ZodMiniObject, params: URLSearchParams): Record<string, unknown> {
  const fields = fieldsOf(schema);
  const query: Record<string, unknown> = {};
  for (const name of new Set(params.keys())) query[name] = fromQueryText(fields[name], params.getAll(name));
  return query;
}

/** The declared headers of the operation, as sent (a header name matches in any case). */
function readHeaders(schema: z.ZodMiniObject, headers: Headers): Record<string, string> {
  const declared: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = headers.get(name);
    if (value !== null) declared[name] = value;
  }
  return declared;
}

function check(schema: z.ZodMiniType, value: unknown, prefix: string, issues: ValidationIssue[], missing: string[]): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) {
    if (issue.code === "invalid_type" && issue.path.length === 1 && (value as Record<PropertyKey, unknown> | undefined)?.[issue.path[0]!] === undefined) missing.push(String(issue.path[0]));
  }
  for (const issue of toValidationIssues(result.error.issues, value)) issues.push({ path: issue.path ? `${prefix}${issue.path}` : prefix.replace(/\.$/, ""), message: issue.message });
}

/** Reads and checks a request against its operation. */
export function checkRequest(entry: FakeOperationEntry, request: FakeRequest): ParsedRequest {
  const issues: ValidationIssue[] = [];
  const missing: string[] = [];
  const { descriptor } = entry;
  const headers = readHeaders(descriptor.headerSchema, request.headers);
  check(descriptor.headerSchema, headers, "header ", issues, missing);
  const query = readQuery(entry.querySchema, request.url.searchParams);
  check(entry.querySchema, query, "query ", issues, missing);
  let input: unknown;
  if (descriptor.inputIn === "body") {
    const type = request.headers.get("content-type") ?? "";
    // The media type's essence: what precedes its parameters (`; charset=utf-8`), in any case.
    if (type.split(";")[0]!.trim().toLowerCase() !== JSON_MEDIA) issues.push({ path: "body", message: `must be sent as ${JSON_MEDIA} (Content-Type was ${JSON.stringify(type)})` });
    try {
      input = request.body === undefined || request.body === "" ? undefined : JSON.parse(request.body);
    } catch {
      issues.push({ path: "body", message: "is not JSON" });
    }
    if (input === undefined && !issues.some((issue) => issue.path === "body")) issues.push({ path: "body", message: "is required" });
    else if (input !== undefined) check(descriptor.inputSchema, input, "body ", issues, missing);
  } else {
    const inputShape = ((descriptor.inputSchema as z.ZodMiniObject).shape ?? {}) as Record<string, z.ZodMiniType>;
    const sdkFilled = Object.keys(entry.querySchema.shape).filter((name) => !Object.hasOwn(inputShape, name));
    // Path parameters are input fields too (issue 21), typed as the input's schema types them.
    const inputFields = fieldsOf(descriptor.inputSchema);
    const pathValues = Object.entries(pathValuesOf(entry, request.url.pathname)).map(([name, value]): [string, unknown] => [name, fromQueryText(inputFields[name], [value])]);
    input = { ...Object.fromEntries(Object.entries(query).filter(([name]) => !sdkFilled.includes(name))), ...Object.fromEntries(pathValues) };
    for (const [name, value] of pathValues) {
      const schema = inputShape[name];
      if (schema) check(schema, value, `path ${name}.`, issues, missing);
    }
  }
  return { input, query, headers, issues, missing };
}
