// @ts-check
// The one reading of a contract that scripts/, the bench and the tests share: its JSON pointers and
// local `$ref`s (RFC 6901: `~1` is "/", `~0` is "~"; a `$ref` is a URI fragment, so it may be
// percent-encoded), its operations, their parameters (the path item's merged in), their JSON
// bodies and their success status.
//
// The $refs are followed one node at a time, where a reader needs it, rather than by a whole-document
// dereferencer: the generators and the spec diff read the component names the $refs carry (zod and
// type names, shared schemas), which a dereferenced document no longer has.

/** The operation keys of a path item (OpenAPI 3.0 and 3.1). */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/** The one media type the SDK sends and reads. */
export const JSON_MEDIA = "application/json";

/**
 * A JSON object: neither null nor an array.
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * How many `$ref`s in a row are followed before the contract is taken to loop. A real chain is
 * two or three long (a parameter's $ref to components, then its schema's).
 */
export const MAX_REF_HOPS = 32;

/** "#/paths/~1account~1balance/get" -> ["paths", "/account/balance", "get"]. */
export function pointerSegments(/** @type {string} */ pointer) {
  const path = pointer.replace(/^#/, "").replace(/^\//, "");
  if (path === "") return [];
  return path.split("/").map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The node at a pointer's segments, or undefined where the document has none. */
export function nodeAt(/** @type {unknown} */ doc, /** @type {readonly string[]} */ segments) {
  /** @type {any} */
  let node = doc;
  for (const key of segments) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * `node` with its `$ref` chain followed within `spec`; any other node as it is. A dangling `$ref`
 * gives undefined (the caller says what it missed). A `$ref` to another file, or a chain longer
 * than MAX_REF_HOPS (a loop), fails with the `$ref` named.
 * @param {unknown} spec
 * @param {any} node
 * @returns {any}
 */
export function resolveRef(spec, node) {
  let current = node;
  for (let hops = 0; current && typeof current === "object" && typeof current.$ref === "string"; hops++) {
    const ref = current.$ref;
    if (hops === MAX_REF_HOPS) throw new Error(`$ref ${JSON.stringify(ref)}: more than ${MAX_REF_HOPS} $refs in a row; the contract's $refs loop`);
    if (!ref.startsWith("#")) throw new Error(`$ref ${JSON.stringify(ref)}: only $refs within the contract file (#/…) are supported`);
    let fragment = ref;
    try {
      fragment = decodeURIComponent(ref);
    } catch {
      // Not percent-encoded after all: read as written.
    }
    current = nodeAt(spec, pointerSegments(fragment));
  }
  return current;
}

/** resolveRef bound to one contract. */
export const refResolver = (/** @type {unknown} */ spec) => (/** @type {any} */ node) => resolveRef(spec, node);

/**
 * @typedef {object} ContractOperation One operation of a contract, where it is.
 * @property {string} path
 * @property {string} method the path item's key: "get", "post", …
 * @property {Record<string, any>} operation
 */

/**
 * Every operation of `spec`, in the order of its paths and of HTTP_METHODS.
 * @param {any} spec
 * @returns {ContractOperation[]}
 */
export function operationsOf(spec) {
  const out = [];
  for (const [path, item] of Object.entries(spec?.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (operation && typeof operation === "object") out.push({ path, method, operation });
    }
  }
  return out;
}

/**
 * An operation's parameters as OpenAPI reads them: its path item's, then its own, its own winning
 * for the same name and place. Resolved, unless `keepRefs` (then each as the contract writes it).
 * @param {any} spec
 * @param {string} path
 * @param {any} operation
 * @param {{ keepRefs?: boolean }} [options]
 * @returns {any[]}
 */
export function parametersOf(spec, path, operation, { keepRefs = false } = {}) {
  const idOf = (/** @type {any} */ parameter) => {
    const resolved = resolveRef(spec, parameter);
    return `${resolved?.in}:${resolved?.name}`;
  };
  const own = operation?.parameters ?? [];
  const ownIds = new Set(own.map(idOf));
  const merged = [...(spec?.paths?.[path]?.parameters ?? []).filter((/** @type {any} */ parameter) => !ownIds.has(idOf(parameter))), ...own];
  return keepRefs ? merged : merged.map((parameter) => resolveRef(spec, parameter));
}

/**
 * The JSON media type of a request body or response (either may be a $ref), or undefined.
 * @param {any} spec
 * @param {any} bodyOrResponse
 */
export const jsonMedia = (spec, bodyOrResponse) => resolveRef(spec, bodyOrResponse)?.content?.[JSON_MEDIA];

/**
 * The status the SDK takes for an operation's success: its first documented 2xx, or undefined.
 * @param {any} operation
 * @returns {string | undefined}
 */
export const successStatus = (operation) => Object.keys(operation?.responses ?? {}).filter((code) => /^2\d\d$/.test(code)).sort()[0];
