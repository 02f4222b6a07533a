// @ts-check
// The names hey-api gave the zod schemas it wrote, as its symbol registry records them (issue 30,
// item 1), rather than read back out of the text it wrote or worked out again from its naming
// rules. Each symbol's `meta` says what it is for: an operation's part (its contract path and
// method, and a role such as "request-query") or a component (its `$ref`).

/**
 * @typedef {"request-body" | "request-headers" | "request-path" | "request-query" | "responses"} OperationRole
 * @typedef {object} ZodNames
 * @property {(path: string, method: string, role: OperationRole) => string | undefined} operation the schema of an operation's part
 * @property {(ref: string) => string | undefined} component the schema of a `#/components/…` $ref
 */

/**
 * @param {Iterable<{ exported: boolean, finalName: string, meta?: Record<string, any> }>} symbols
 *   hey-api's registered symbols (`context.gen.symbols.registered()` of a createClient context)
 * @returns {ZodNames}
 */
export function zodNames(symbols) {
  /** @type {Map<string, string>} */
  const names = new Map();
  for (const { exported, finalName, meta } of symbols) {
    if (!exported || meta?.tool !== "zod") continue;
    if (meta.resource === "operation" && meta.path?.[0] === "paths") names.set(operationKey(meta.path[1], meta.path[2], meta.role), finalName);
    else if (meta.resource === "definition") names.set(meta.resourceId, finalName);
  }
  return {
    operation: (path, method, role) => names.get(operationKey(path, method, role)),
    component: (ref) => names.get(ref),
  };
}

const operationKey = (/** @type {string} */ path, /** @type {string} */ method, /** @type {string} */ role) => JSON.stringify([path, method.toLowerCase(), role]);
