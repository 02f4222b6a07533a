// @ts-check
// The contract styles the SDK cannot take yet that are seen in the whole contract, refused up front
// with the reason (issue 21): by `npm run spec:bump` before it copies anything, and by `npm run
// generate`, rather than as a red suite or code that does not compile. Today: a success without a
// JSON body (204), and answers that share no envelope (one written inline in every answer is named
// by scripts/lib/named-envelope.mjs). No examples, OpenAPI 3.0 or 3.1, JSON or YAML, inline schemas,
// path parameters and a 201 are taken. What the generator refuses per operation (a path parameter
// beside a body, a cookie parameter, a body that is not JSON: scripts/lib/resources.mjs) is found
// by spec:bump generating the new contract in memory before it copies anything, and stops
// `generate` with its reason.
import { inlineEnvelope } from "./named-envelope.mjs";
import { JSON_MEDIA, operationsOf, successStatus } from "./openapi.mjs";

/**
 * Why the SDK cannot be generated from `spec`, or undefined when it can. The wrapper envelope
 * every answer comes in is read by name: src/envelope.ts takes its meta fields from
 * components.schemas.Envelope, which a contract that inlines it everywhere gets from the generator
 * only when its answers share one schema to take for it.
 * @param {any} spec
 * @returns {string | undefined}
 */
export function unsupportedStyle(spec) {
  // Written inline in every answer, the envelope is named by the generator (named-envelope.mjs).
  const envelope = spec?.components?.schemas?.Envelope ?? inlineEnvelope(spec);
  if (!envelope || typeof envelope !== "object" || !envelope.properties || typeof envelope.properties !== "object") {
    return "it has no components.schemas.Envelope with properties, and its JSON answers share no one object schema to take for it: the SDK reads the envelope every answer comes in (status, code, message, request_id, …) from that component (src/envelope.ts). Ask PayWise for the shared Envelope component, or teach scripts/lib/named-envelope.mjs to find the envelope another way";
  }
  for (const { path, method, operation } of operationsOf(spec)) {
    const responses = operation.responses;
    if (!responses || typeof responses !== "object") continue;
    const success = successStatus(operation);
    if (success && !responses[success]?.content?.[JSON_MEDIA] && !responses[success]?.$ref) {
      return `${method.toUpperCase()} ${path} answers ${success} with no JSON body: every SDK method resolves with the payload of a JSON envelope (src/answer.ts), and an answer without one is not taken yet`;
    }
  }
  return undefined;
}
