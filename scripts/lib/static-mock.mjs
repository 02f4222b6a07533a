// The contract as `startMockServer()` serves it when some JSON answer has no example (issue 21):
// Prism's static mode then writes a body from the schema that ignores `pattern`s (a Prism quirk),
// which the SDK rightly refuses, so a contract written without examples could not be mocked. This
// variant gives each such answer one example, generated from its schema with json-schema-faker
// (seeded by the operation and status, so generation is reproducible) and its envelope pinned to
// its status as the dynamic mock pins it (scripts/lib/dynamic-mock.mjs). Answers with examples,
// and everything else, stay as the contract has them; a contract with every example gives null.
import { createGeneratorSync } from "json-schema-faker";
import { createHash } from "node:crypto";
import { literal } from "./code-text.mjs";
import { dynamicMockContract } from "./dynamic-mock.mjs";
import { isObject, jsonMedia, operationsOf, refResolver } from "./openapi.mjs";

/** Formats OpenAPI names that JSON Schema does not define: any value of the type will do. */
const OPENAPI_FORMATS = { int32: () => "1", int64: () => "1", float: () => "1.5", double: () => "1.5", byte: () => "aGVsbG8=", binary: () => "bytes", password: () => "pa55word" };

/** Whether a media type or its schema gives an example already. */
function hasExample(media, resolve) {
  if (media.example !== undefined || (isObject(media.examples) && Object.keys(media.examples).length)) return true;
  const schema = resolve(media.schema);
  return schema?.example !== undefined || (Array.isArray(schema?.examples) && schema.examples.length > 0);
}

/** `nullable: true` (OpenAPI 3.0) as JSON Schema says it, for the generator; a property named `example` or `nullable` stays. */
function asJsonSchema(node, parentKey = "") {
  if (Array.isArray(node)) return node.map((item) => asJsonSchema(item));
  if (!isObject(node)) return node;
  const keyword = (key) => parentKey !== "properties" && (key === "nullable" || key === "example");
  const out = Object.fromEntries(Object.entries(node).filter(([key]) => !keyword(key)).map(([key, value]) => [key, asJsonSchema(value, key)]));
  if (node.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  return out;
}

/**
 * A value of `schema` (its local refs resolved in `components`) generated with json-schema-faker,
 * seeded by `label` (where it is for, such as `getStatement 200`), so the same label gives the same
 * value on every run.
 */
export function generatedExample(schema, components, label) {
  const seed = createHash("sha256").update(label).digest().readUInt32BE(0) + 1;
  const generator = createGeneratorSync({ seed, alwaysFakeOptionals: true, useExamplesValue: false, useDefaultValue: false, maxDefaultItems: 2, formats: OPENAPI_FORMATS });
  return generator.generate(asJsonSchema({ ...schema, components }));
}

/** The contract with an example for each JSON answer that has none, or null when none lacks one. */
export function staticMockContract(spec) {
  const pinned = dynamicMockContract(spec);
  const out = structuredClone(spec);
  const resolve = refResolver(out);
  let added = 0;
  for (const { path, method, operation } of operationsOf(out)) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const media = jsonMedia(out, response);
      if (!isObject(media?.schema) || hasExample(media, resolve)) continue;
      // A response may be a $ref to components.responses, in the pinned variant too.
      const schema = jsonMedia(pinned, pinned.paths[path][method].responses[status]).schema;
      media.example = generatedExample(schema, pinned.components, `${operation.operationId ?? `${method} ${path}`} ${status}`);
      added++;
    }
  }
  return added ? out : null;
}

/**
 * The text of generated/<spec>/static-mock.ts: the variant as data (a JSON string literal), or null.
 * @param {unknown} contract what staticMockContract gave
 */
export function staticMockModule(contract) {
  return [
    "/**",
    " * The contract as `startMockServer()` serves it: with an example generated for each JSON answer the",
    " * contract gives none (scripts/lib/static-mock.mjs); null when every answer has one.",
    " */",
    contract === null
      ? "export const STATIC_MOCK_CONTRACT: unknown = null;"
      : `export const STATIC_MOCK_CONTRACT: unknown = /* @__PURE__ */ JSON.parse(${literal(JSON.stringify(contract))});`,
    "",
  ].join("\n");
}
