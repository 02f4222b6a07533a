// @ts-check
// The one way scripts/ reads a JSON pointer or follows a contract's local `$ref`
// (RFC 6901: `~1` is "/", `~0` is "~"; a `$ref` is a URI fragment, so it may be percent-encoded).

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
