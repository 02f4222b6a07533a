// @ts-check
// The contract styles the SDK cannot take yet, refused up front with the reason (issue 21): by
// `npm run spec:bump` before it copies anything, and by `npm run generate`, rather than as a red
// suite or code that does not compile. Everything else a contract may be written in (no examples,
// OpenAPI 3.0 or 3.1, JSON or YAML, inline request and answer schemas, path parameters) is taken.

/**
 * Why the SDK cannot be generated from `spec`, or undefined when it can. The wrapper envelope
 * every answer comes in is read by name: src/envelope.ts takes its meta fields from
 * components.schemas.Envelope, so a contract that inlines it everywhere has none to read.
 * @param {any} spec
 * @returns {string | undefined}
 */
export function unsupportedStyle(spec) {
  const envelope = spec?.components?.schemas?.Envelope;
  if (!envelope || typeof envelope !== "object" || !envelope.properties || typeof envelope.properties !== "object") {
    return "it has no components.schemas.Envelope with properties: the SDK reads the envelope every answer comes in (status, code, message, request_id, …) from that component (src/envelope.ts), and a contract that writes it inline in each answer gives it nothing to read. Ask PayWise for the shared Envelope component, or teach src/envelope.ts to find the envelope another way";
  }
  return undefined;
}
