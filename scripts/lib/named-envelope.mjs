// @ts-check
// A contract that writes the wrapper envelope inline in every answer (issue 21, style (b)) rather
// than naming it components.schemas.Envelope: the generator names it, so the SDK reads its meta
// fields (src/envelope.ts) and the mocks and the fake serve it as from any contract. The envelope
// is the object schema every JSON answer shares, equal in all of them: an answer's whole schema
// (an error that is the envelope alone) or one of its `allOf` parts. Each copy becomes a `$ref` to
// the named one, which changes no answer's meaning; the contract file itself is never rewritten.
import { isObject, jsonMedia, operationsOf, resolveRef } from "./openapi.mjs";

/** Where the generator names the envelope, and what src/envelope.ts reads. */
export const ENVELOPE_REF = "#/components/schemas/Envelope";

/**
 * A schema as text whatever the order of its keys, to tell copies of one schema apart from others.
 * @param {unknown} node
 * @returns {string}
 */
function canonical(node) {
  if (Array.isArray(node)) return `[${node.map(canonical).join(",")}]`;
  if (!isObject(node)) return JSON.stringify(node) ?? "null";
  return `{${Object.keys(node).sort().map((key) => `${JSON.stringify(key)}:${canonical(node[key])}`).join(",")}}`;
}

/**
 * Every JSON answer's schema node (refs to responses and schemas followed), in the order of the contract.
 * @param {any} spec
 * @returns {Record<string, any>[]}
 */
function answerSchemas(spec) {
  const found = [];
  for (const { operation } of operationsOf(spec)) {
    for (const response of Object.values(operation.responses ?? {})) {
      const schema = resolveRef(spec, jsonMedia(spec, response)?.schema);
      if (isObject(schema)) found.push(schema);
    }
  }
  return found;
}

/**
 * What an answer's schema may hold the envelope as: itself, or each part of its `allOf`.
 * @param {Record<string, any>} schema
 * @returns {Record<string, any>[]}
 */
const envelopeCandidates = (schema) =>
  [schema, ...(Array.isArray(schema.allOf) ? schema.allOf.filter((/** @type {unknown} */ part) => isObject(part) && !part.$ref) : [])].filter((node) => isObject(node.properties));

/**
 * The envelope schema every JSON answer of `spec` shares, written inline, or undefined when the
 * contract names it already, has no JSON answer, or its answers share no one object schema.
 * @param {any} spec
 */
export function inlineEnvelope(spec) {
  if (spec?.components?.schemas?.Envelope !== undefined) return undefined;
  const [first, ...others] = answerSchemas(spec);
  if (first === undefined) return undefined;
  let shared = new Map(envelopeCandidates(first).map((node) => [canonical(node), node]));
  for (const schema of others) {
    const here = new Set(envelopeCandidates(schema).map(canonical));
    shared = new Map([...shared].filter(([text]) => here.has(text)));
  }
  return shared.size === 1 ? [...shared.values()][0] : undefined;
}

/**
 * `spec` with an envelope written inline in every answer named components.schemas.Envelope and
 * each copy a `$ref` to it; `spec` itself when there is nothing to name (see inlineEnvelope).
 * @param {any} spec
 */
export function withNamedEnvelope(spec) {
  const envelope = inlineEnvelope(spec);
  if (envelope === undefined) return spec;
  const text = canonical(envelope);
  const out = structuredClone(spec);
  for (const schema of answerSchemas(out)) {
    if (canonical(schema) === text) {
      for (const key of Object.keys(schema)) delete schema[key];
      schema.$ref = ENVELOPE_REF;
    } else if (Array.isArray(schema.allOf)) {
      schema.allOf = schema.allOf.map((/** @type {unknown} */ part) => (canonical(part) === text ? { $ref: ENVELOPE_REF } : part));
    }
  }
  out.components = { ...out.components, schemas: { ...out.components?.schemas, Envelope: structuredClone(envelope) } };
  return out;
}
