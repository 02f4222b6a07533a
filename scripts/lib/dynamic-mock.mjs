// The contract as `startMockServer({ dynamic: true })` serves it (issue 14, item 4). Prism's
// dynamic mode fills every field of an answer at random, the envelope's `status` and `code` too:
// the contract allows a 200 whose envelope says `"status": "error", "code": 7382`, which the SDK
// rightly takes as an error (docs/RELIABILITY.md), so most random answers read as failures. This
// variant pins each answer's envelope to its HTTP status (`success` and the status for a 2xx,
// `error` and the status otherwise) and leaves everything else to Prism. Every body it can serve
// is one the contract allows; it only never serves a success that says it failed.
//
// Each JSON answer's schema is written out whole ($refs inlined, the envelope's allOf merged into
// one object) so that the pinned `status` and `code` replace the contract's rather than being
// merged with them by Prism's schema faker, which keeps either at random.

import { literal } from "./code-text.mjs";
import { isObject, JSON_MEDIA, operationsOf, resolveRef } from "./openapi.mjs";

const MAX_DEPTH = 64;
const SUCCESS = /^2\d\d$/;

/** What a $ref names, through the contract's one resolver (loop-guarded, pointer-escaped); nothing there is an error. */
function pointerTarget(spec, ref) {
  const target = resolveRef(spec, { $ref: ref });
  if (target === undefined) throw new Error(`the dynamic mock contract cannot follow the $ref ${JSON.stringify(ref)}: nothing is there`);
  return target;
}

/** A schema with every $ref replaced by what it names (a copy; a reference cycle is an error). */
function inlined(spec, node, depth = 0) {
  if (depth > MAX_DEPTH) throw new Error(`the dynamic mock contract cannot inline a schema nested deeper than ${MAX_DEPTH} (a $ref cycle?)`);
  if (Array.isArray(node)) return node.map((item) => inlined(spec, item, depth + 1));
  if (!isObject(node)) return node;
  if (typeof node.$ref === "string") {
    const { $ref, ...siblings } = node;
    return inlined(spec, { ...pointerTarget(spec, $ref), ...siblings }, depth + 1);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inlined(spec, value, depth + 1)]));
}

/** An object schema with its allOf members' properties and required lists merged into it, recursively. */
function merged(schema) {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...own } = schema;
  const out = { ...own, type: "object", properties: { ...own.properties }, required: [...(own.required ?? [])] };
  for (const part of allOf.map(merged)) {
    Object.assign(out.properties, part.properties);
    out.required.push(...(part.required ?? []));
  }
  out.required = [...new Set(out.required)];
  return out;
}

/** The contract with each JSON answer's envelope pinned to its status (see the file comment); `spec` is left alone. */
export function dynamicMockContract(spec) {
  const out = structuredClone(spec);
  for (const { operation } of operationsOf(out)) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      // A $ref to components.responses may serve several statuses: this use gets its own copy.
      const own = isObject(response) && typeof response.$ref === "string" ? inlined(spec, response) : response;
      const media = isObject(own) ? own.content?.[JSON_MEDIA] : undefined;
      if (!isObject(media?.schema) || !/^\d{3}$/.test(status)) continue;
      const schema = merged(inlined(spec, media.schema));
      if (!isObject(schema.properties?.status) || !isObject(schema.properties?.code)) continue; // not an envelope
      schema.properties.status = { type: "string", enum: [SUCCESS.test(status) ? "success" : "error"] };
      schema.properties.code = { type: "integer", enum: [Number(status)] };
      media.schema = schema;
      operation.responses[status] = own;
    }
  }
  return out;
}

/**
 * The text of generated/<spec>/dynamic-mock.ts: the contract as data, parsed from a JSON string
 * literal so that none of its text is ever code (a `__proto__` key stays a key).
 */
export function dynamicMockModule(spec) {
  const json = JSON.stringify(dynamicMockContract(spec));
  return [
    "/**",
    " * The contract as `startMockServer({ dynamic: true })` serves it: each answer's envelope `status` and",
    " * `code` pinned to its HTTP status, so a random body never reads as an error (scripts/lib/dynamic-mock.mjs).",
    " */",
    // Pure, so a bundle of the client alone (which never starts a mock) leaves it out.
    `export const DYNAMIC_MOCK_CONTRACT: unknown = /* @__PURE__ */ JSON.parse(${literal(json)});`,
    "",
  ].join("\n");
}
