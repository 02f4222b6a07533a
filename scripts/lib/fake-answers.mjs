// @ts-check
// What the in-process fake of @paywise/sdk/testing (src/testing/fake/) answers, per SDK operation
// (issue 20): each documented status with its zod schema and its JSON examples (named ones, and
// the schema-level example a mock serves where no named one is given), the operation's descriptor
// and query schema, and the types of each documented body. generate.mjs writes it into
// generated/<spec>/fake-answers.ts, apart from current.ts so the client's bundle never carries it.
// A contract bump brings its new operations, statuses and examples into the fake with no hand edit.
import { literal } from "./code-text.mjs";
import { ENVELOPE_REF } from "./named-envelope.mjs";
import { JSON_MEDIA, refResolver } from "./openapi.mjs";
import { capitalise, sdkOperations } from "./sdk-names.mjs";

const STATUS = /^[1-5]\d{2}$/;

/**
 * A contract's JSON as code that parses it at run time: a string literal holds it, so no key
 * (a `"__proto__"` one included) or value of the contract's is ever read as JavaScript.
 * @param {unknown} value
 */
const jsonData = (value) => `/* @__PURE__ */ JSON.parse(${literal(JSON.stringify(value))})`;

/**
 * The zod schema of a documented answer: the component its schema names, the operation's
 * generated responses schema for its success, else the envelope every answer comes in.
 * @param {any} content
 * @param {import("./zod-names.mjs").ZodNames} zodNames
 * @param {string | undefined} responseName
 * @param {string} envelopeName
 * @param {boolean} success
 */
function schemaName(content, zodNames, responseName, envelopeName, success) {
  const ref = content?.schema?.$ref;
  const component = typeof ref === "string" ? zodNames.component(ref) : undefined;
  if (component) return component;
  if (success && responseName) return responseName;
  return envelopeName;
}

/**
 * @param {any} spec the contract with the overlay applied
 * @param {import("./zod-names.mjs").ZodNames} zodNames the names hey-api gave the zod schemas
 * @param {any} served the contract as the static mock serves it (staticMockContract), or null: an
 *   answer the contract gives no example gets the one generated there, so the fake and Prism agree
 */
export function fakeAnswersModule(spec, zodNames, served) {
  const resolve = refResolver(spec);
  const envelopeName = zodNames.component(ENVELOPE_REF);
  if (!envelopeName) throw new Error(`the zod schemas have no schema for ${ENVELOPE_REF}`);
  const imports = new Set([envelopeName]);
  const entries = [];
  const bodyTypes = [];
  for (const entry of sdkOperations(spec)) {
    const key = `${entry.resource}.${entry.method}`;
    const queryName = zodNames.operation(entry.path, entry.httpMethod, "request-query");
    if (!queryName) throw new Error(`${key}: the zod schemas have no query schema for it`);
    imports.add(queryName);
    const statuses = Object.entries(entry.operation.responses ?? {})
      .filter(([code]) => STATUS.test(code))
      .sort(([a], [b]) => Number(a) - Number(b));
    const answerLines = [];
    const typeLines = [];
    for (const [code, raw] of statuses) {
      const content = resolve(raw)?.content?.[JSON_MEDIA];
      const success = /^2/.test(code);
      const schema = schemaName(content, zodNames, zodNames.operation(entry.path, entry.httpMethod, "responses"), envelopeName, success);
      imports.add(schema);
      const examples = Object.fromEntries(Object.entries(content?.examples ?? {}).map(([name, example]) => [name, resolve(example)?.value ?? null]));
      // Where no example is named, the one a mock serves: the media type's, else the schema's own.
      const schemaNode = resolve(content?.schema);
      const generated = served?.paths?.[entry.path]?.[entry.httpMethod]?.responses?.[code]?.content?.[JSON_MEDIA]?.example;
      const sample = content?.example ?? schemaNode?.examples?.[0] ?? schemaNode?.example ?? generated;
      answerLines.push(
        `      ${code}: { schema: ${schema}, examples: ${jsonData(examples)}${sample === undefined ? "" : `, sample: ${jsonData(sample)}`} },`,
      );
      typeLines.push(
        content ? `    ${code}: operations[${literal(entry.operationId)}]["responses"][${code}]["content"][${literal(JSON_MEDIA)}];` : `    ${code}: unknown;`,
      );
    }
    entries.push(
      `  ${literal(key)}: {`,
      `    descriptor: descriptors.${entry.resource}${capitalise(entry.method)},`,
      `    querySchema: ${queryName},`,
      "    answers: {",
      ...answerLines,
      "    },",
      "  },",
    );
    bodyTypes.push(`  ${literal(key)}: {`, ...typeLines, "  };");
  }
  return [
    `import { ${[...imports].sort().join(", ")} } from "./zod";`,
    'import * as descriptors from "./operations";',
    'import type { operations } from "./types";',
    "",
    "/**",
    " * Per SDK operation (`resource.method`): its descriptor, its query schema, and each documented",
    " * status with its schema, its named examples and, where the contract gives one, the example a",
    " * mock serves when none is named (`sample`). What `createFakePayWise()` answers from.",
    " */",
    "export const FAKE_OPERATIONS = {",
    ...entries,
    "} as const;",
    "",
    "/** The JSON body of each documented answer, per SDK operation and status. */",
    "export interface FakeResponseBodies {",
    ...bodyTypes,
    "}",
    "",
  ].join("\n");
}
