// The contract as the tests read it: the yaml in this repository, parsed with `yaml`, so the
// expectations come from the spec itself rather than from a copy kept in the tests.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { HTTP_METHODS, JSON_MEDIA, operationsOf, parametersOf, resolveRef, successStatus as firstSuccess } from "../../scripts/lib/openapi.mjs";
import { generatedSample, sampleOf, schemaExample } from "./samples";

const OPENAPI_DIR = fileURLToPath(new URL("../../openapi/", import.meta.url));
/** Every contract in openapi/, oldest first (the dated names sort by date). */
export const CONTRACT_FILES = readdirSync(OPENAPI_DIR).filter((name) => /^pw-wrappers\.\d{4}-\d{2}-\d{2}\.yaml$/.test(name)).sort();
/**
 * The newest contract, the one the SDK speaks: found by listing openapi/, not through the generated
 * code, so a test that compares the two can fail.
 */
export const SPEC_FILE = join(OPENAPI_DIR, CONTRACT_FILES.at(-1)!);

interface Ref {
  $ref: string;
}
export interface Schema {
  type?: string;
  required?: string[];
  allOf?: (Schema | Ref)[];
  examples?: unknown[];
}
interface Parameter {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required?: boolean;
  example?: unknown;
  schema?: Schema | Ref;
}
interface MediaType {
  schema?: Schema | Ref;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  operationId: string;
  parameters?: (Parameter | Ref)[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
interface Document {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter> };
}

export const spec = parse(readFileSync(SPEC_FILE, "utf8")) as Document;
/** The contract's version, as every request sends it (`version=`). */
export const contractVersion = spec.info.version;

/**
 * `base`, else `base` with the smallest number from 2 after it, such that none of `documents`
 * (the contract by default; the overlay too, where a test applies it) holds it in any letter case:
 * the name for what a test adds to the contract (an operation, a schema, a tag), so that it
 * collides with nothing a contract PayWise publishes may have, whatever that holds.
 */
export function unusedName(base: string, documents: unknown[] = [spec]): string {
  const text = JSON.stringify(documents).toLowerCase();
  for (let number = 1; ; number++) {
    const name = number === 1 ? base : `${base}${number}`;
    if (!text.includes(name.toLowerCase())) return name;
  }
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  operation: Operation;
}

export function operations(): SpecOperation[] {
  return operationsOf(spec).map(({ path, method, operation }) => ({ operationId: operation.operationId, method: method.toUpperCase(), path, operation: operation as Operation }));
}

export function operation(operationId: string): SpecOperation {
  const found = operations().find((op) => op.operationId === operationId);
  if (!found) throw new Error(`${SPEC_FILE} has no operation ${operationId}`);
  return found;
}

function isRef(node: object): node is Ref {
  return "$ref" in node;
}

/** Follows local `$ref`s with the generator's own resolver (scripts/lib/openapi.mjs); one that names nothing fails. */
export function resolve<T extends object>(node: T | Ref): T {
  const target: unknown = resolveRef(spec, node);
  if (typeof target !== "object" || target === null) throw new Error(`unresolved $ref: ${(node as Ref).$ref}`);
  return target as T;
}

/** The component name a `$ref` points at, such as `AccountSessionConflict`; undefined for an inline schema. */
export function refName(node: Schema | Ref | undefined): string | undefined {
  if (!node || !isRef(node)) return undefined;
  return node.$ref.slice(node.$ref.lastIndexOf("/") + 1);
}

/** Required top-level properties, including those of `allOf` parts. */
export function requiredKeys(node: Schema | Ref): string[] {
  const schema = resolve(node);
  return [...(schema.required ?? []), ...(schema.allOf ?? []).flatMap(requiredKeys)];
}

/**
 * The operation's parameters: those of its path item (shared by every method on the path) and its
 * own, its own winning for the same name and place, as OpenAPI (and the generator) reads them.
 */
export function parameters(op: SpecOperation): Parameter[] {
  return parametersOf(spec, op.path, op.operation) as Parameter[];
}

export function jsonRequestBody(op: SpecOperation): MediaType | undefined {
  return op.operation.requestBody?.content[JSON_MEDIA];
}

export interface ResponseExample {
  status: number;
  name: string;
  value: unknown;
  schema: Schema | Ref;
}

/** Every named example of every JSON response of the operation, in spec order. */
export function responseExamples(op: SpecOperation): ResponseExample[] {
  return Object.entries(op.operation.responses).flatMap(([status, response]) => {
    const media = response.content?.[JSON_MEDIA];
    if (!media?.schema) return [];
    const schema = media.schema;
    return Object.entries(media.examples ?? {}).map(([name, { value }]) => ({ status: Number(status), name, value, schema }));
  });
}

export function responseSchema(op: SpecOperation, status: number): Schema | Ref {
  const schema = op.operation.responses[String(status)]?.content?.[JSON_MEDIA]?.schema;
  if (!schema) throw new Error(`${op.operationId}: no JSON schema for a ${status} response`);
  return schema;
}

/**
 * The query a caller following the docs sends: every required query parameter set to its
 * documented example (the parameter's own, else its schema's), else to a value generated from its
 * schema (test/helpers/samples.ts), so a parameter without an example still gets a valid one.
 */
export function documentedQuery(op: SpecOperation): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(documentedParameters(op, "query"))) query.set(name, String(value));
  return query;
}

/** Each required parameter `in` there, by name: its example, else its schema's, else a sample. */
export function documentedParameters(op: SpecOperation, where: Parameter["in"]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const parameter of parameters(op)) {
    if (parameter.in !== where || !parameter.required) continue;
    values[parameter.name] = parameter.example ?? schemaExample(parameter.schema, spec.components) ?? generatedSample(parameter.schema ?? {}, spec.components, `${op.operationId} ${where} ${parameter.name}`);
  }
  return values;
}

/** The request body a caller following the docs sends: its first named example, else its schema's, else a sample. */
export function documentedBody(op: SpecOperation): unknown {
  const body = jsonRequestBody(op);
  if (!body) return undefined;
  const [example] = Object.values(body.examples ?? {});
  return structuredClone(example?.value ?? sampleOf(body.schema ?? {}, spec.components, `${op.operationId} request body`));
}

/**
 * What a caller following the docs passes to the operation's SDK method: the request body (as
 * documentedBody), else the documented query and path parameters less what the SDK fills itself.
 */
export function documentedInput(op: SpecOperation, sdkFilledQuery: readonly string[]): Record<string, unknown> {
  if (jsonRequestBody(op)) return documentedBody(op) as Record<string, unknown>;
  const query = Object.entries(documentedParameters(op, "query")).filter(([name]) => !sdkFilledQuery.includes(name));
  return { ...Object.fromEntries(query), ...documentedParameters(op, "path") };
}

/** The first 2xx status an operation documents, as the generator picks the success. */
export function successStatus(op: SpecOperation): number {
  const status = firstSuccess(op.operation);
  if (!status) throw new Error(`${op.operationId} documents no 2xx answer`);
  return Number(status);
}

/**
 * A success answer for the operation: its first named example for its success status, else its
 * schema's, else a sample of the schema, whose envelope then says success (`status` "success",
 * `code` the HTTP status) as PayWise's do: a sample could say "error" and still fit the schema.
 */
export function successAnswer(op: SpecOperation): Record<string, unknown> {
  const status = successStatus(op);
  const media = op.operation.responses[String(status)]?.content?.[JSON_MEDIA];
  const named = Object.values(media?.examples ?? {})[0]?.value ?? media?.example;
  if (named !== undefined) return structuredClone(named) as Record<string, unknown>;
  const documented = schemaExample(media?.schema, spec.components);
  if (documented !== undefined) return structuredClone(documented) as Record<string, unknown>;
  const sample = generatedSample(media?.schema ?? {}, spec.components, `${op.operationId} ${status}`) as Record<string, unknown>;
  if (sample && typeof sample === "object" && "status" in sample) sample.status = "success";
  if (sample && typeof sample === "object" && "code" in sample) sample.code = status;
  return sample;
}

/**
 * Every named example of the operations' JSON bodies, found by walking the document itself rather
 * than through the helpers above: tests compare the two, so a lookup that silently finds nothing
 * (or misses one) fails, whatever examples the contract has.
 */
export function namedExamplesInDocument(): { operationId: string; status: number | "request"; name: string }[] {
  const found: { operationId: string; status: number | "request"; name: string }[] = [];
  for (const item of Object.values(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      for (const name of Object.keys(op.requestBody?.content?.[JSON_MEDIA]?.examples ?? {})) found.push({ operationId: op.operationId, status: "request", name });
      for (const [status, response] of Object.entries(op.responses)) {
        for (const name of Object.keys(response.content?.[JSON_MEDIA]?.examples ?? {})) found.push({ operationId: op.operationId, status: Number(status), name });
      }
    }
  }
  return found;
}
