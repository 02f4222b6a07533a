// The wrapper envelope every answer comes in: telling one apart from other bodies, and splitting
// it into the payload and the meta fields. The meta fields are the Envelope schema's own
// properties, read from the generated schema rather than listed here.
import { zEnvelope, type components } from "../generated/current";
import { isObject } from "./constants";

export type Envelope = components["schemas"]["Envelope"];
/** The envelope's meta fields, as `.withResponse()` gives them. */
export type ResponseMeta = Envelope;

/**
 * Where an operation's payload is: the envelope's `data`, or the envelope's own fields less the meta
 * ones. The generator decides it from the contract (scripts/lib/resources.mjs) and writes it into
 * each operation's descriptor; the result types follow the same decision.
 */
export type PayloadIn = "data" | "flattened";

/** Read on first use: reading the schema's shape builds it (src/lazy-schema.ts), which the import should not. */
let metaFields: ReadonlySet<string> | undefined;

/** Whether a body looks like an envelope: an object with a string status and a numeric code. */
export function isEnvelope(body: unknown): body is Envelope & Record<string, unknown> {
  if (!isObject(body)) return false;
  const { status, code } = body;
  return typeof status === "string" && typeof code === "number";
}

/** Whether an envelope reports a failure, whatever the HTTP status said. */
export function isErrorEnvelope(envelope: Envelope): boolean {
  return envelope.status === "error" || envelope.code >= 400;
}

/**
 * Sets a property as JSON.parse would: an answer's `"__proto__"` key stays a data property and
 * never becomes the prototype of what the caller gets (issue 10), as `target[key] = value` would.
 */
function define(target: object, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

/** Splits an envelope into its payload (where `payloadIn` says) and meta fields, in one pass over its keys (docs/PERFORMANCE.md). */
export function splitEnvelope(envelope: Envelope, payloadIn: PayloadIn): { data: unknown; meta: ResponseMeta } {
  const body = envelope as Record<string, unknown>;
  const hasData = payloadIn === "data";
  // Filled below with the envelope's own meta fields, which the answer's schema has checked.
  const meta = {} as ResponseMeta;
  const rest: Record<string, unknown> = {};
  const META_FIELDS = (metaFields ??= new Set(Object.keys(zEnvelope.shape)));
  for (const key of Object.keys(body)) {
    if (META_FIELDS.has(key)) define(meta, key, body[key]);
    else if (!hasData) define(rest, key, body[key]);
  }
  return { data: hasData ? body.data : rest, meta };
}
