// The generated zod schemas against the spec's own examples: a generator bug, or a spec whose
// examples and schemas disagree, fails here rather than in the SDK's response validation.
import { describe, expect, it } from "vitest";
import * as generated from "../../generated/current";
import {
  jsonRequestBody,
  namedExamplesInDocument,
  operations,
  refName,
  requiredKeys,
  responseExamples,
  spec,
  successStatus,
  type Schema,
} from "../helpers/spec";

interface SafeParser {
  safeParse(data: unknown): { success: boolean; error?: unknown };
}

function zodSchema(name: string): SafeParser {
  const candidate: unknown = (generated as Record<string, unknown>)[name];
  if (typeof (candidate as Partial<SafeParser> | undefined)?.safeParse !== "function") {
    throw new Error(`generated/current exports no zod schema ${name}`);
  }
  return candidate as SafeParser;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

interface ExampleCase {
  /** Where the example sits, for the test name. */
  where: string;
  value: unknown;
  /** The generated schemas that must accept it. */
  schemas: string[];
  /** Its schema's required top-level properties, for the mutation test. */
  required: string[];
}

/** The zod schema of a component, when the schema is one. */
const named = (component: string | undefined) => (component === undefined ? [] : [`z${component}`]);

const NAMED_EXAMPLES: ExampleCase[] = operations().flatMap((op) => {
  const body = jsonRequestBody(op);
  const requests = Object.entries(body?.examples ?? {}).map(([name, { value }]) => ({
    where: `${op.operationId} request body "${name}"`,
    value,
    // An inline schema has no component name: only the operation's own.
    schemas: [`z${capitalise(op.operationId)}Body`, ...named(refName(body?.schema))],
    required: body?.schema ? requiredKeys(body.schema) : [],
  }));
  const responses = responseExamples(op).map(({ status, name, value, schema }) => ({
    where: `${op.operationId} ${status} "${name}"`,
    value,
    // The generator names only the success after the operation; another answer is checked by its
    // component, or, written inline (no name), as the envelope every answer comes in.
    schemas: status === successStatus(op) ? [`z${capitalise(op.operationId)}Response`, ...named(refName(schema))] : refName(schema) === undefined ? ["zEnvelope"] : named(refName(schema)),
    // Checked as the envelope alone, only the envelope's own required fields must be there.
    required: status !== successStatus(op) && refName(schema) === undefined ? requiredKeys(schema).filter((key) => key in generated.zEnvelope.shape) : requiredKeys(schema),
  }));
  return [...requests, ...responses];
});

const SCHEMA_EXAMPLES: ExampleCase[] = Object.entries(spec.components.schemas ?? {}).flatMap(([name, schema]: [string, Schema]) =>
  (schema.examples ?? []).map((value, index) => ({
    where: `schema ${name} example ${index}`,
    value,
    schemas: [`z${name}`],
    required: requiredKeys(schema),
  })),
);

const PARAMETER_EXAMPLES: ExampleCase[] = Object.entries(spec.components.parameters ?? {})
  .filter(([, parameter]) => parameter.example !== undefined)
  .map(([name, parameter]) => ({
    where: `parameter ${name} example`,
    value: parameter.example,
    schemas: [`z${name}`],
    required: [],
  }));

describe("the generated zod schemas", () => {
  it("find every named request and response example of the spec", () => {
    // Against the document walked on its own, so a lookup that silently finds nothing cannot pass.
    const inDocument = namedExamplesInDocument().map(({ operationId, status, name }) => `${operationId} ${status === "request" ? "request body" : status} "${name}"`);
    // A contract written without examples has none to find; one that has the keyword must yield some.
    expect(inDocument.length > 0).toBe(/"examples"/.test(JSON.stringify(spec.paths)));
    expect(NAMED_EXAMPLES.map(({ where }) => where)).toEqual(inDocument);
    // Each names a schema it must pass: the request body's, the component's, and the 200's by operation.
    for (const { where, schemas } of NAMED_EXAMPLES) expect(schemas.length, where).toBeGreaterThan(0);
    const withExamples = Object.entries(spec.components.schemas ?? {}).filter(([, schema]) => (schema.examples ?? []).length > 0);
    expect(SCHEMA_EXAMPLES.map(({ where }) => where)).toEqual(withExamples.flatMap(([name, schema]) => schema.examples!.map((_, index) => `schema ${name} example ${index}`)));
  });

  for (const { where, value, schemas } of [...NAMED_EXAMPLES, ...SCHEMA_EXAMPLES, ...PARAMETER_EXAMPLES]) {
    it(`accept ${where} (${schemas.join(", ")})`, () => {
      for (const name of schemas) {
        const result = zodSchema(name).safeParse(value);
        expect(result.error, `${name} rejects ${where}`).toBeUndefined();
        expect(result.success).toBe(true);
      }
    });
  }

  for (const { where, value, schemas, required } of [...NAMED_EXAMPLES, ...SCHEMA_EXAMPLES]) {
    if (typeof value !== "object" || value === null) continue;
    it(`reject ${where} without any one of its required properties`, () => {
      expect(required.length).toBeGreaterThan(0);
      for (const key of required) {
        const { [key]: removed, ...mutated } = value as Record<string, unknown>;
        expect(removed, `${where} has no ${key} to remove`).toBeDefined();
        for (const name of schemas) {
          expect(zodSchema(name).safeParse(mutated).success, `${name} accepts ${where} without ${key}`).toBe(false);
        }
      }
    });
  }
});
