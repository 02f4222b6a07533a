// @ts-check
// docs/api.md, the method reference (issue 31, item 3): every operation of the newest contract as the
// SDK exposes it, written by `npm run generate` from what the generator already knows of it (the
// method names, types and retry policy of scripts/lib/resources.mjs, the overlay's sensitive marks)
// and checked by `npm run check:generated`, so a bump's new operation is listed with no hand edit.
// The error class of each documented status is the one src/errors.ts's factory picks, and whether
// it is retried is src/retry.ts's rule: neither is restated here.
//
// The contract's prose reaches a Markdown page, not code: it is kept to one table cell, with the
// characters that would start markup of its own (a link, an HTML tag, a cell break) escaped.
import { makeAPIError } from "../../src/errors.ts";
import { retryDecision } from "../../src/retry.ts";
import { escapeInvisible, oneLine } from "./code-text.mjs";
import { ENVELOPE_REF } from "./named-envelope.mjs";
import { JSON_MEDIA, refResolver } from "./openapi.mjs";
import { PAYLOAD_DOC, RETRY_DOC } from "./resources.mjs";

/** Where the page is written, relative to generated/ (the generator's files are named from there). */
export const API_REFERENCE_FILE = "../docs/api.md";
/** How deep nested object fields are listed (`session.session_token` is depth 2). */
const MAX_DEPTH = 4;

/** @typedef {(node: any) => any} Resolve */
/** @typedef {{ name: string, type: string, required: boolean, secret: boolean, description: string }} Row */

/** Contract text made one inert Markdown table cell. */
export function cell(/** @type {unknown} */ text) {
  return oneLine(escapeInvisible(String(text ?? "")))
    .replace(/[\\[\]<>|]/g, (char) => `\\${char}`)
    .trim();
}

/**
 * Contract text shown as code in a cell: one line, a pipe kept from ending the cell. Text with a
 * backtick (a run of them can end any code span) or an angle bracket (a renderer that ignores the
 * span would read a tag) is shown as escaped text instead, like cell().
 */
function code(/** @type {string} */ text) {
  const inner = oneLine(escapeInvisible(text));
  if (/[`<>]/.test(inner)) return cell(inner).replace(/`/g, "\\`");
  return `\`${inner.replace(/\|/g, "\\|")}\``;
}

/** Contract text as a sentence: a full stop added where it has none. */
const sentence = (/** @type {string} */ text) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** A length range in words: "not empty", "up to 32 characters", "2 to 8 characters". */
function lengths(/** @type {number | undefined} */ min, /** @type {number | undefined} */ max) {
  if (max === undefined) return min === 1 ? "not empty" : `at least ${min} characters`;
  if (!min) return `up to ${max} characters`;
  return min === max ? `${max} characters` : `${min} to ${max} characters`;
}

/** The schema's own parts: itself and its allOf parts, resolved. */
const partsOf = (/** @type {any} */ schema, /** @type {Resolve} */ resolve) => {
  const node = resolve(schema);
  return node && typeof node === "object" ? [node, ...(node.allOf ?? []).map(resolve).filter(Boolean)] : [];
};

/**
 * A schema's type as a reader needs it: enum values, formats and lengths included.
 * @returns {string}
 */
function typeOf(/** @type {any} */ schema, /** @type {Resolve} */ resolve, /** @type {boolean} */ answer) {
  const parts = partsOf(schema, resolve);
  const node = Object.assign({}, ...parts);
  if (node.enum) {
    const values = node.enum.map((/** @type {unknown} */ value) => code(JSON.stringify(value))).join(" \\| ");
    // What PayWise may add without a new contract passes through an answer (docs/VERSIONING.md, "Enums").
    return answer ? `${values}, or another value (\`Unrecognized\`)` : values;
  }
  const alternatives = node.oneOf ?? node.anyOf;
  if (alternatives) return alternatives.map((/** @type {any} */ part) => typeOf(part, resolve, answer)).join(" \\| ");
  /** @type {string[]} */
  const types = (Array.isArray(node.type) ? node.type : [node.type ?? (node.properties ? "object" : "any")]).map(String);
  if (node.nullable === true) types.push("null");
  const base = types.map((type) => (type === "array" ? `${typeOf(node.items ?? {}, resolve, answer)}[]` : cell(type))).join(" \\| ");
  const notes = [
    node.format !== undefined ? cell(node.format) : "",
    node.minLength !== undefined || node.maxLength !== undefined ? lengths(node.minLength, node.maxLength) : "",
    node.pattern !== undefined ? `pattern ${code(String(node.pattern))}` : "",
  ].filter(Boolean);
  return notes.length ? `${base} (${notes.join(", ")})` : base;
}

/** The properties and required names of an object schema, allOf parts merged. */
function objectOf(/** @type {any} */ schema, /** @type {Resolve} */ resolve) {
  const parts = partsOf(schema, resolve);
  const properties = Object.assign({}, ...parts.map((part) => part.properties ?? {}));
  const required = new Set(parts.flatMap((part) => (Array.isArray(part.required) ? part.required : [])));
  return { properties, required };
}

/** One row per field of an object schema, nested objects' fields after their own (`session.session_token`). */
function fieldRows(/** @type {any} */ schema, /** @type {Resolve} */ resolve, /** @type {{ answer: boolean, skip?: Set<string> }} */ how, prefix = "", depth = 1, seen = new Set()) {
  /** @type {Row[]} */
  const rows = [];
  const { properties, required } = objectOf(schema, resolve);
  for (const [name, property] of Object.entries(properties)) {
    if (depth === 1 && how.skip?.has(name)) continue;
    const node = Object.assign({}, ...partsOf(property, resolve));
    rows.push({
      name: `${prefix}${name}`,
      type: typeOf(property, resolve, how.answer),
      required: required.has(name),
      secret: [property, node].some((part) => part?.["x-pw-sensitive"] === "secret"),
      description: property?.description ?? node.description ?? "",
    });
    const items = node.type === "array" ? resolve(node.items) : undefined;
    const nested = items ?? node;
    if (depth < MAX_DEPTH && !seen.has(nested) && Object.keys(objectOf(nested, resolve).properties).length) {
      rows.push(...fieldRows(nested, resolve, how, `${prefix}${name}${items ? "[]" : ""}.`, depth + 1, new Set([...seen, nested])));
    }
  }
  return rows;
}

const table = (/** @type {Row[]} */ rows) =>
  rows.length === 0
    ? ["None."]
    : [
        "| field | type | required | description |",
        "| --- | --- | --- | --- |",
        ...rows.map((row) => `| ${code(row.name)}${row.secret ? " (secret: never logged)" : ""} | ${row.type} | ${row.required ? "yes" : "no"} | ${cell(row.description)} |`),
      ];

/** The input fields of an operation: its JSON body's, or its query and path parameters less those the SDK fills. */
function inputRows(/** @type {any} */ op, /** @type {any} */ spec, /** @type {Resolve} */ resolve) {
  if (op.inputIn === "body") return fieldRows(resolve(op.operation.requestBody)?.content?.[JSON_MEDIA]?.schema, resolve, { answer: false });
  const parameters = [...(spec.paths[op.path].parameters ?? []), ...(op.operation.parameters ?? [])].map(resolve);
  return parameters
    .filter((p) => (p?.in === "query" && !op.sdkQuery.includes(p.name)) || p?.in === "path")
    .map((p) => ({
      name: p.name,
      type: typeOf(p.schema ?? {}, resolve, false),
      required: p.in === "path" || p.required === true,
      secret: [p, resolve(p.schema)].some((part) => part?.["x-pw-sensitive"] === "secret"),
      description: p.description ?? resolve(p.schema)?.description ?? "",
    }));
}

/** The fields a call resolves to: the envelope's `data`, or the envelope's own fields less its meta fields. */
function resultRows(/** @type {any} */ op, /** @type {any} */ spec, /** @type {Resolve} */ resolve) {
  const body = resolve(op.operation.responses[op.success])?.content?.[JSON_MEDIA]?.schema;
  if (op.payloadIn === "data") return fieldRows(objectOf(body, resolve).properties.data, resolve, { answer: true });
  const meta = new Set(Object.keys(objectOf({ $ref: ENVELOPE_REF }, resolve).properties));
  return fieldRows(body, resolve, { answer: true, skip: meta });
}

/** The error class the SDK's own factory picks for an answer of this status. */
const errorClassOf = (/** @type {number} */ status) =>
  makeAPIError({ status, classStatus: status, code: status, message: "", requestId: undefined, errorCode: undefined, missing: undefined, body: undefined, headers: {} }).name;

/** One row per documented error status: its class, whether the SDK retries it, and what the contract says of it. */
function errorRows(/** @type {any} */ op, /** @type {Resolve} */ resolve) {
  const statuses = Object.keys(op.operation.responses ?? {})
    .filter((status) => /^[45]\d\d$/.test(status))
    .sort();
  if (statuses.length === 0) return ["None documented."];
  return [
    "| status | error class | retried | what the contract says |",
    "| --- | --- | --- | --- |",
    ...statuses.map((status) => {
      const response = resolve(op.operation.responses[status]);
      const examples = Object.values(response?.content?.[JSON_MEDIA]?.examples ?? {}).map((example) => resolve(example)?.value);
      const messages = [...new Set(examples.map((value) => value?.message).filter((message) => typeof message === "string"))];
      // The transport's own decision, for the first retry of an answer with no Retry-After.
      const retried = retryDecision(op.retry, { status: Number(status), retryAfter: null }, 1).retry;
      const said = [response?.description, ...messages.map((message) => `Example message: "${message}"`)].filter(Boolean).map((text) => cell(sentence(text))).join(" ");
      return `| ${status} | \`${errorClassOf(Number(status))}\` | ${retried ? "yes, up to `maxRetries`" : "no"} | ${said} |`;
    }),
  ];
}

/**
 * The page's Markdown.
 * @param {any[]} ops scripts/lib/resources.mjs's descriptions of the operations
 * @param {any} spec the newest contract, the overlay applied
 * @param {string} specName its file name in openapi/
 */
export function apiReference(ops, spec, specName) {
  const resolve = refResolver(spec);
  const types = [...new Set(ops.flatMap((op) => [op.types.params, ...(op.headerOptions.length ? [op.types.options] : []), op.types.result]))].sort();
  const lines = [
    `<!-- DO NOT EDIT. Generated by scripts/generate.mjs from openapi/${specName} and its overlay. Run \`npm run generate\` instead. -->`,
    "",
    "# Method reference",
    "",
    `Every method of \`@paywise/sdk\` for contract version \`${cell(spec.info?.version)}\`, generated from the contract.`,
    "Every method also takes the call options of the README's [Call](../README.md#call) section, and",
    "may end with any error of its [Errors](../README.md#errors) section. The types named here are",
    "exported by the package's declarations:",
    "",
    "```ts",
    `import type { ${types.join(", ")} } from "@paywise/sdk";`,
    "```",
    "",
    ...ops.map((op) => `- [\`paywise.${op.resource}.${op.method}\`](#paywise${op.resource.toLowerCase()}${op.method.toLowerCase()}): \`${op.httpMethod.toUpperCase()} ${cell(op.path)}\``),
  ];
  for (const op of ops) {
    const summary = [op.operation.summary, op.operation.description].filter(Boolean).map((text) => cell(sentence(text)));
    const options = op.headerOptions.length ? op.types.options : "RequestOptions";
    lines.push(
      "",
      `## \`paywise.${op.resource}.${op.method}\``,
      "",
      `\`paywise.${op.resource}.${op.method}(params: ${op.types.params}, options?: ${options}): APIPromise<${op.types.result}>\``,
      "",
      `\`${op.httpMethod.toUpperCase()} ${cell(op.path)}\`${summary.length ? `: ${summary.join(" ")}` : ""}`,
      "",
      RETRY_DOC[/** @type {keyof typeof RETRY_DOC} */ (op.retry)],
      "",
      `**Input** (\`${op.types.params}\`):`,
      "",
      ...table(inputRows(op, spec, resolve)),
    );
    if (op.headerOptions.length) {
      lines.push("", `**Options** (\`${op.types.options}\`), besides the call options:`, "", "| option | header | required | description |", "| --- | --- | --- | --- |");
      for (const header of op.headerOptions) {
        const required = header.uuidDefault ? "no: a fresh UUID per call, the same on every attempt" : header.required ? "yes" : "no";
        lines.push(`| \`${cell(header.option)}\` | \`${cell(header.header)}\` | ${required} | ${cell(header.description)} |`);
      }
    }
    lines.push(
      "",
      `**Result** (\`${op.types.result}\`, ${PAYLOAD_DOC[/** @type {keyof typeof PAYLOAD_DOC} */ (op.payloadIn)]}; \`.withResponse()\` adds the meta fields and the HTTP response):`,
      "",
      ...table(resultRows(op, spec, resolve)),
      "",
      "**Documented errors**:",
      "",
      ...errorRows(op, resolve),
    );
  }
  return `${lines.join("\n")}\n`;
}
