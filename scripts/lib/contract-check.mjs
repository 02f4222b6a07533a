// @ts-check
// A contract is data from outside the repository (issue 15, item 1). Before any generator reads
// it, every name that becomes part of generated code is held to a strict pattern, and the
// generation refuses the contract with the place and what was expected; free text (summaries,
// descriptions, enum values, examples) is only ever escaped (scripts/lib/code-text.mjs).
import { commentText, quoteForMessage, regexLiteralSafe } from "./code-text.mjs";
import { HTTP_METHODS } from "./openapi.mjs";

/** RFC 3986 path characters, and braces for templates. */
const URL_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/{}]{0,999}$/;
/** What resources.mjs turns into method and type names. */
const OPERATION_ID = /^[A-Za-z][A-Za-z0-9]{0,99}$/;
/** Query parameters and object properties: names a JSON key and a URL carry as they are. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
/** A header name that is a plain HTTP token, which also becomes an option name. */
const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,99}$/;
/** OpenAPI's own rule for component and example keys. */
const COMPONENT_KEY = /^[A-Za-z0-9._-]{1,100}$/;
const STATUS = /^(?:[1-5](?:\d\d|XX)|default)$/;
/** Values, not schemas: a key in them is data, never a name the generator uses. */
const DATA_KEYWORDS = new Set(["example", "default", "enum", "const"]);
/** What the code generators write into comments. */
const PROSE_KEYWORDS = new Set(["description", "summary", "title"]);
/** Objects whose keys are names, not keywords: a field may be called "description". */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "schemas", "parameters", "responses", "headers", "requestBodies", "securitySchemes", "links", "callbacks", "pathItems", "paths", "content"]);

/** "#/paths/~1account/post" with every segment readable and bounded. */
function pointer(/** @type {readonly (string | number)[]} */ segments) {
  const encoded = segments.map((segment) => {
    const text = String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  });
  return quoteForMessage(`#/${encoded.join("/")}`, 200).slice(1, -1);
}

/**
 * Throws, naming the place, on the first name of `spec` that generated code could not carry
 * safely: paths, operationIds, parameter, property, component, example and status keys, `$ref`s
 * outside the file, and `pattern`s that are not regular expressions.
 * @param {any} spec
 * @param {string} specName
 */
export function checkContract(spec, specName) {
  /** @type {(segments: readonly (string | number)[], what: string, value: unknown) => never} */
  const refuse = (segments, what, value) => {
    throw new Error(`${specName}: ${pointer(segments)}: ${what}, not ${quoteForMessage(value)}. The generator refuses it rather than write it into code; fix the contract.`);
  };
  for (const path of Object.keys(spec?.paths ?? {})) {
    if (!URL_PATH.test(path)) refuse(["paths", path], "a path must be a URL path: \"/\" then letters, digits and -._~!$&'()*+,;=:@%/{} (at most 1000)", path);
    const item = spec.paths[path];
    for (const method of HTTP_METHODS) {
      const operationId = item?.[method]?.operationId;
      if (operationId !== undefined && (typeof operationId !== "string" || !OPERATION_ID.test(operationId))) {
        refuse(["paths", path, method, "operationId"], "an operationId must be a letter then letters and digits (at most 100)", operationId);
      }
    }
  }
  for (const [kind, group] of Object.entries(spec?.components ?? {})) {
    for (const key of Object.keys(group ?? {})) if (!COMPONENT_KEY.test(key)) refuse(["components", kind, key], "a component name must be letters, digits and ._- (at most 100)", key);
  }
  /** @type {(node: any, segments: (string | number)[]) => void} */
  const walk = (node, segments) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((item, index) => walk(item, [...segments, index]));
    if (typeof node.in === "string" && typeof node.name === "string") {
      const pattern = node.in === "header" ? HEADER_NAME : FIELD_NAME;
      if (!pattern.test(node.name)) refuse([...segments, "name"], `a ${node.in} parameter's name must match ${pattern}`, node.name);
    }
    for (const [key, value] of Object.entries(node)) {
      const here = [...segments, key];
      if (DATA_KEYWORDS.has(key) || key.startsWith("x-")) continue;
      if (key === "$ref") {
        if (typeof value !== "string" || !value.startsWith("#/")) refuse(here, "a $ref must point into the contract file (#/…)", value);
      } else if (key === "pattern" && typeof value === "string") {
        try {
          new RegExp(value, "u");
        } catch (error) {
          refuse(here, `a pattern must be a regular expression (${error instanceof Error ? error.message : error})`, value);
        }
      } else if (key === "properties" && value && typeof value === "object" && !Array.isArray(value)) {
        for (const name of Object.keys(value)) if (!FIELD_NAME.test(name)) refuse([...here, name], `a property name must match ${FIELD_NAME}`, name);
        for (const [name, schema] of Object.entries(value)) walk(schema, [...here, name]);
      } else if (key === "examples" && value && typeof value === "object" && !Array.isArray(value)) {
        // Named examples (a media type's or a parameter's): their names reach responses.ts and Prism's Prefer header.
        for (const name of Object.keys(value)) if (!COMPONENT_KEY.test(name)) refuse([...here, name], "an example's name must be letters, digits and ._- (at most 100)", name);
      } else if (key === "examples") {
        continue; // a schema's example values
      } else if (key === "responses" && value && typeof value === "object" && segments.length === 3 && segments[0] === "paths") {
        for (const status of Object.keys(value)) if (!STATUS.test(status)) refuse([...here, status], "a response key must be an HTTP status, 1XX-5XX or default", status);
        walk(value, here);
      } else {
        walk(value, here);
      }
    }
  };
  walk(spec, []);
  checkWellFormed(spec, [], refuse);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Every key and string of the contract is well-formed Unicode: a lone surrogate (which YAML can
 * spell as "\ud800") cannot be written to a UTF-8 file, so it would come out of a generator as
 * U+FFFD, a different value.
 * @param {unknown} node
 * @param {(string | number)[]} segments
 * @param {(segments: readonly (string | number)[], what: string, value: unknown) => never} refuse
 */
function checkWellFormed(node, segments, refuse) {
  if (typeof node === "string") {
    if (LONE_SURROGATE.test(node)) refuse(segments, "text must be well-formed Unicode (this holds a lone surrogate)", node);
  } else if (Array.isArray(node)) {
    node.forEach((item, index) => checkWellFormed(item, [...segments, index], refuse));
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (LONE_SURROGATE.test(key)) refuse([...segments, key], "a key must be well-formed Unicode (this holds a lone surrogate)", key);
      checkWellFormed(value, [...segments, key], refuse);
    }
  }
}

/**
 * The contract as openapi-typescript and the zod generator get it: the same types and checks, with
 * the prose they copy into comments escaped by commentText and every `pattern` in a form their
 * regex literals cannot mis-render (regexLiteralSafe). `forTypes` escapes `default` and `format`
 * values too, for openapi-typescript, which only shows them in comments (the zod schemas apply
 * them, so they get them as written, as string literals). The contract file itself is not touched.
 * @param {any} spec
 * @param {{ forTypes?: boolean }} [options]
 * @returns {any}
 */
export function forCodeGenerators(spec, { forTypes = false } = {}) {
  /** @type {(node: any, parentKey: string | undefined) => any} */
  const copy = (node, parentKey) => {
    if (Array.isArray(node)) return node.map((item) => copy(item, undefined));
    if (!node || typeof node !== "object") return node;
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      const isKeyword = parentKey === undefined || !NAME_MAPS.has(parentKey);
      if (isKeyword && PROSE_KEYWORDS.has(key) && typeof value === "string") out[key] = commentText(value);
      else if (isKeyword && key === "pattern" && typeof value === "string") out[key] = regexLiteralSafe(value);
      else if (isKeyword && (key === "example" || key === "examples" || (forTypes && (key === "default" || key === "format")))) out[key] = escapeExampleText(value);
      else out[key] = copy(value, key);
    }
    return out;
  };
  return copy(spec, undefined);
}

/**
 * Example values appear in openapi-typescript's comments (`@example …`) and nowhere in code.
 * @param {unknown} value
 * @returns {unknown}
 */
function escapeExampleText(value) {
  if (typeof value === "string") return commentText(value);
  if (Array.isArray(value)) return value.map(escapeExampleText);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeExampleText(item)]));
  return value;
}
