// Small facts the runtime states once and imports (issue 32): the JSON media type, what counts as
// a JSON object, and the HTTP methods an operation may use. scripts/ has its own module of them.

/** The media type PayWise speaks, sent as Accept. */
export const JSON_MEDIA = "application/json";

/** A JSON object: neither null nor an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The HTTP methods of an OpenAPI path item. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
