// Valid values for any schema of the contract, however it is written (issue 21, item 1): the
// tests take the contract's example when it has one, and otherwise one generated from the schema
// by json-schema-faker, seeded so that a failure reproduces. Inline schemas, allOf/oneOf/anyOf and
// $ref chains are the generator's to follow; OpenAPI 3.0's `nullable` and `example` are read as
// JSON Schema says them first, so the same schema also feeds ajv (test/helpers/judge.ts).
import { createHash } from "node:crypto";
import { createGeneratorSync } from "json-schema-faker";
import { resolveRef as resolveContractRef } from "../../scripts/lib/openapi.mjs";

/**
 * The seed every generated sample derives from: PAYWISE_TEST_SEED when set, so a failure seen
 * with one seed reruns with it (`PAYWISE_TEST_SEED=<n> npx vitest run <file>`).
 */
export const SAMPLE_SEED = Number.parseInt(process.env.PAYWISE_TEST_SEED ?? "", 10) || 20241001;

type Node = Record<string, unknown>;

/**
 * An OpenAPI schema (3.0 or 3.1) as JSON Schema 2020-12: `nullable: true` becomes a `null` in
 * `type` (or an anyOf with null), and 3.0's single `example` is dropped (a sample is taken from it
 * only by the helpers that want one). Property names are never read as keywords.
 */
export function asJsonSchema(node: unknown, parentKey = ""): unknown {
  if (Array.isArray(node)) return node.map((item) => asJsonSchema(item));
  if (node === null || typeof node !== "object") return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) {
    if (parentKey === "properties" || parentKey === "patternProperties" || parentKey === "$defs" || parentKey === "schemas") out[key] = asJsonSchema(value);
    else if (key !== "nullable" && key !== "example") out[key] = asJsonSchema(value, key);
  }
  if ((node as Node).nullable === true && parentKey !== "properties") {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (!Array.isArray(out.type)) return { anyOf: [out, { type: "null" }] };
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/** The contract's components as JSON Schema, for a schema's local `#/components/...` refs to resolve. */
export function schemaRoot(schema: unknown, components: unknown): Node {
  return { ...(asJsonSchema(schema) as Node), components: asJsonSchema(components, "components") };
}

/** A seed of its own for each labelled sample, so a sample does not move when another is added. */
function seedFor(label: string, seed: number): number {
  return (createHash("sha256").update(`${seed}:${label}`).digest().readUInt32BE(0) % 2_000_000_000) + 1;
}

/** Formats OpenAPI names that JSON Schema does not define: any value of the type will do. */
const OPENAPI_FORMATS = {
  int32: () => "1",
  int64: () => "1",
  float: () => "1.5",
  double: () => "1.5",
  byte: () => "aGVsbG8=",
  binary: () => "bytes",
  password: () => "pa55word",
};

/**
 * A value that fits `schema` (local refs resolved in `components`), generated with every optional
 * property present, from the seed and the label (say where it is for, as `getStatement 200`).
 */
export function generatedSample(schema: unknown, components: unknown, label: string, seed = SAMPLE_SEED): unknown {
  const generator = createGeneratorSync({
    seed: seedFor(label, seed),
    alwaysFakeOptionals: true,
    useExamplesValue: false,
    useDefaultValue: false,
    maxDefaultItems: 2,
    refDepth: 8,
    formats: OPENAPI_FORMATS,
    failOnInvalidTypes: true,
  });
  // `components` beside the schema is only where its refs resolve: not a keyword, so not generated.
  return generator.generate(schemaRoot(schema, components) as never);
}

/** Follows `#/components/...` refs to the schema they name, with the contract's one resolver (scripts/lib/openapi.mjs). */
export function resolveRef(node: unknown, components: unknown): unknown {
  const target: unknown = resolveContractRef({ components }, node);
  if (target === undefined && node !== undefined) throw new Error(`unresolved $ref: ${String((node as { $ref?: unknown }).$ref)}`);
  return target;
}

/** The first example a schema itself gives: 3.1's `examples[0]`, else 3.0's `example`. */
export function schemaExample(schema: unknown, components: unknown): unknown {
  const node = resolveRef(schema, components) as Node | undefined;
  if (!node || typeof node !== "object") return undefined;
  if (Array.isArray(node.examples) && node.examples.length) return node.examples[0];
  return node.example;
}

/** The schema's own example when it has one, else a generated sample. */
export function sampleOf(schema: unknown, components: unknown, label: string): unknown {
  return structuredClone(schemaExample(schema, components) ?? generatedSample(schema, components, label));
}
