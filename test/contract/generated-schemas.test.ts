// The generated zod schemas against the spec's own examples: a generator bug, or a spec whose
// examples and schemas disagree, fails here rather than in the SDK's response validation.
import { describe, expect, it } from "vitest";
import * as generated from "../../generated/current";
import {
  jsonRequestBody,
  operations,
  refName,
  requiredKeys,
  responseExamples,
  spec,
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

const NAMED_EXAMPLES: ExampleCase[] = operations().flatMap((op) => {
  const body = jsonRequestBody(op);
  const requests = Object.entries(body?.examples ?? {}).map(([name, { value }]) => ({
    where: `${op.operationId} request body "${name}"`,
    value,
    schemas: [`z${capitalise(op.operationId)}Body`, `z${refName(body?.schema)}`],
    required: body?.schema ? requiredKeys(body.schema) : [],
  }));
  const responses = responseExamples(op).map(({ status, name, value, schema }) => ({
    where: `${op.operationId} ${status} "${name}"`,
    value,
    // The generator names only the 200 after the operation; every answer has its component's name.
    schemas: [...(status === 200 ? [`z${capitalise(op.operationId)}Response`] : []), `z${refName(schema)}`],
    required: requiredKeys(schema),
  }));
  return [...requests, ...responses];
});

const SCHEMA_EXAMPLES: ExampleCase[] = Object.entries(spec.components.schemas).flatMap(([name, schema]: [string, Schema]) =>
  (schema.examples ?? []).map((value, index) => ({
    where: `schema ${name} example ${index}`,
    value,
    schemas: [`z${name}`],
    required: requiredKeys(schema),
  })),
);

const PARAMETER_EXAMPLES: ExampleCase[] = Object.entries(spec.components.parameters)
  .filter(([, parameter]) => parameter.example !== undefined)
  .map(([name, parameter]) => ({
    where: `parameter ${name} example`,
    value: parameter.example,
    schemas: [`z${name}`],
    required: [],
  }));

describe("the generated zod schemas", () => {
  it("find every named request and response example of the spec", () => {
    // Pinned so that a lookup that silently finds nothing cannot pass.
    expect(NAMED_EXAMPLES.map(({ where, schemas }) => `${where}: ${schemas.join(", ")}`)).toEqual([
      'createAccountSession request body "request": zCreateAccountSessionBody, zAccountSessionRequest',
      'createAccountSession 200 "success": zCreateAccountSessionResponse, zAccountSessionSuccess',
      'createAccountSession 409 "error": zAccountSessionConflict',
      'getAccountStatus 200 "success": zGetAccountStatusResponse, zAccountStatusSuccess',
      'getAccountStatus 400 "error": zMissingParametersError',
      'registerAccount request body "request": zRegisterAccountBody, zRegisterAccountRequest',
      'registerAccount 200 "success": zRegisterAccountResponse, zRegisterAccountSuccess',
      'registerAccount 400 "error": zEnvelope',
      'getAccountBalance request body "request": zGetAccountBalanceBody, zAccountBalanceRequest',
      'getAccountBalance 400 "error": zEnvelope',
      'getAccountBalance 500 "captured_primary": zEnvelope',
    ]);
    expect(SCHEMA_EXAMPLES.map(({ where }) => where)).toContain("schema AccountBalanceSuccess example 0");
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
