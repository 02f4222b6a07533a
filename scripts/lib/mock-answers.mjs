// @ts-check
// What a mock of a contract can be asked to answer, per SDK operation: the response statuses the
// contract documents and the names of their JSON examples (Prism's `Prefer: code=409, example=error`).
// generate.mjs writes it into generated/<spec>/responses.ts for mockPrefer() in
// @paywise/sdk/testing; the README test compares the README's list with it.
import { literal } from "./code-text.mjs";
import { jsonMedia } from "./openapi.mjs";
import { sdkOperations } from "./sdk-names.mjs";

const STATUS = /^[1-5]\d{2}$/;

/** `{ "account.createSession": { 200: ["success"], 409: ["error"] }, ... }`, statuses ascending. */
/** @param {any} spec */
export function documentedResponses(spec) {
  /** @type {Record<string, Record<number, string[]>>} */
  const out = {};
  for (const entry of sdkOperations(spec)) {
    /** @type {Record<number, string[]>} */
    const statuses = {};
    const responses = Object.entries(entry.operation.responses ?? {}).filter(([code]) => STATUS.test(code));
    for (const [code, response] of responses.sort(([a], [b]) => Number(a) - Number(b))) {
      // A response may live in components/responses.
      const examples = jsonMedia(spec, response)?.examples ?? {};
      statuses[Number(code)] = Object.keys(examples);
    }
    out[`${entry.resource}.${entry.method}`] = statuses;
  }
  return out;
}

/** The generated module's text. */
/** @param {any} spec */
export function responsesModule(spec) {
  const lines = [
    "/**",
    " * The responses the contract documents, per SDK operation (`resource.method`): each status and",
    " * the names of its JSON examples, which is what a mock of the contract can be asked for.",
    " */",
    "export const DOCUMENTED_RESPONSES = {",
  ];
  for (const [operation, statuses] of Object.entries(documentedResponses(spec))) {
    lines.push(`  ${literal(operation)}: {`);
    for (const [code, examples] of Object.entries(statuses)) lines.push(`    ${code}: [${examples.map((name) => literal(name)).join(", ")}],`);
    lines.push("  },");
  }
  lines.push("} as const;", "");
  return lines.join("\n");
}
