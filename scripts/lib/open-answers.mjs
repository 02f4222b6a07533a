// What PayWise may change within a contract version never fails a call (docs/VERSIONING.md,
// "Enums" and "Formats"): in an answer, an enum is open (a value the contract does not list
// passes through, and the types make a caller handle it) and a string format (uuid, date-time,
// email, …) is documentation, not a check. What a caller sends keeps both: it is refused before
// sending.
//
// openAnswers(spec) returns the contract as both generators should read it: in every schema an
// answer reaches, an enum becomes a plain string (or number) schema whose OPEN_ENUM lists the
// documented values, and a format is marked UNCHECKED_FORMAT; a component that a request reaches
// too is copied for the answers (`<Name>Answer`), so that the request side of a shared schema stays
// closed. scripts/generate.mjs reads the marks when it renders the types (the values or
// Unrecognized<…>) and the zod schemas (openEnum, no format check) with the hooks below. The `enum`
// keyword itself is removed because openapi-typescript renders an enum before any hook can see
// its schema.
import { NUMBER, STRING, tsLiteral, tsUnion } from "openapi-typescript";
import ts from "typescript";
import { HTTP_METHODS, isObject } from "./openapi.mjs";

/** On a schema an answer reaches, in place of `enum`: the documented values (null aside); others are admitted. */
export const OPEN_ENUM = "x-pw-open-enum";
/** Marks a string format an answer reaches: kept as documentation, not checked. */
export const UNCHECKED_FORMAT = "x-pw-unchecked-format";
/** The suffix of a component's copy for the answers, when a request reaches the component too. */
export const ANSWER_COPY_SUFFIX = "Answer";

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;
/** The keywords under which a schema holds other schemas, one or many. */
const SUBSCHEMA_ONE = ["items", "additionalProperties", "not", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "if", "then", "else"];
const SUBSCHEMA_MANY = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SUBSCHEMA_MAP = ["properties", "patternProperties", "$defs", "dependentSchemas"];

const componentOf = (ref) => (typeof ref === "string" ? SCHEMA_REF.exec(ref)?.[1] : undefined);

/** Each direct subschema of a schema, with a setter for the place it sits in. */
function* subschemas(schema) {
  for (const key of SUBSCHEMA_ONE) if (isObject(schema[key])) yield schema[key];
  for (const key of SUBSCHEMA_MANY) if (Array.isArray(schema[key])) yield* schema[key].filter(isObject);
  for (const key of SUBSCHEMA_MAP) if (isObject(schema[key])) yield* Object.values(schema[key]).filter(isObject);
}

/** Whether an enum's values are all strings or all numbers (with null allowed): the ones an answer can extend. */
function openable(schema) {
  if (!Array.isArray(schema.enum)) return false;
  const values = schema.enum.filter((value) => value !== null);
  return values.length > 0 && (values.every((value) => typeof value === "string") || values.every((value) => typeof value === "number"));
}

/**
 * Turns a closed enum into an open one: its type kept, its values under OPEN_ENUM. A nullable one
 * becomes `anyOf: [the open enum, null]`, which both generators read as "… or null".
 */
function openEnum(schema) {
  const values = schema.enum.filter((value) => value !== null);
  const types = [schema.type ?? (typeof values[0] === "number" ? "number" : "string")].flat();
  const type = types.find((name) => name !== "null");
  const nullable = schema.enum.includes(null) || types.includes("null");
  delete schema.enum;
  if (nullable && schema.anyOf === undefined) {
    delete schema.type;
    schema.anyOf = [{ type, [OPEN_ENUM]: values }, { type: "null" }];
  } else {
    schema.type = type;
    schema[OPEN_ENUM] = values;
  }
}

/** The component names `node` (any part of the spec) reaches through $refs, transitively. */
function reachedComponents(spec, roots) {
  const schemas = spec.components?.schemas ?? {};
  const seen = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    const name = componentOf(node.$ref);
    if (name !== undefined && !seen.has(name) && Object.hasOwn(schemas, name)) {
      seen.add(name);
      visit(schemas[name]);
    }
    for (const value of Object.values(node)) visit(value);
  };
  roots.forEach(visit);
  return seen;
}

/** Every responses object of the paths (and webhooks), and the shared components.responses. */
function responseRoots(spec) {
  const roots = [];
  for (const group of [spec.paths, spec.webhooks]) {
    for (const item of Object.values(group ?? {})) {
      for (const method of HTTP_METHODS) if (isObject(item?.[method]?.responses)) roots.push(item[method].responses);
    }
  }
  if (isObject(spec.components?.responses)) roots.push(spec.components.responses);
  return roots;
}

/** What a request reaches: the paths less their responses, and the shared parameters, bodies and headers. */
function requestRoots(spec) {
  const roots = [];
  for (const group of [spec.paths, spec.webhooks]) {
    for (const item of Object.values(group ?? {})) {
      if (!isObject(item)) continue;
      for (const [key, value] of Object.entries(item)) {
        if (HTTP_METHODS.includes(key) && isObject(value)) roots.push(Object.fromEntries(Object.entries(value).filter(([name]) => name !== "responses")));
        else roots.push(value);
      }
    }
  }
  for (const key of ["parameters", "requestBodies"]) if (isObject(spec.components?.[key])) roots.push(spec.components[key]);
  return roots;
}

/**
 * The contract as the generators read it: answers open, requests closed (see the file comment).
 * `spec` is left alone. Throws when a copy's name is taken.
 */
export function openAnswers(spec) {
  const out = structuredClone(spec);
  const schemas = out.components?.schemas ?? {};
  const requested = reachedComponents(out, requestRoots(out));
  // Whether a component holds (or reaches) anything an answer opens; only then does sharing matter.
  const opensMemo = new Map();
  const opens = (name) => {
    if (opensMemo.has(name)) return opensMemo.get(name);
    opensMemo.set(name, false); // a cycle adds nothing of its own
    const walk = (schema) =>
      openable(schema) || typeof schema.format === "string" || (componentOf(schema.$ref) !== undefined && Object.hasOwn(schemas, /** @type {string} */ (componentOf(schema.$ref))) && opens(componentOf(schema.$ref))) || [...subschemas(schema)].some(walk);
    const result = walk(schemas[name]);
    opensMemo.set(name, result);
    return result;
  };

  const opened = new Set();
  /** The component an answer refers to: the component itself, or its copy when a request shares it. */
  const answerComponent = (name) => {
    if (!requested.has(name) || !opens(name)) return name;
    const copy = `${name}${ANSWER_COPY_SUFFIX}`;
    if (!opened.has(copy)) {
      if (Object.hasOwn(spec.components.schemas, copy)) {
        throw new Error(`components.schemas.${name} serves both requests and answers, and its copy for the answers would be named ${copy}, which the contract already uses.`);
      }
      schemas[copy] = structuredClone(spec.components.schemas[name]);
    }
    return copy;
  };
  const openSchema = (schema) => {
    const name = componentOf(schema.$ref);
    if (name !== undefined && Object.hasOwn(schemas, name)) {
      const target = answerComponent(name);
      if (target !== name) schema.$ref = `#/components/schemas/${target}`;
      if (!opened.has(target)) {
        opened.add(target);
        openSchema(schemas[target]);
      }
    }
    if (openable(schema)) openEnum(schema);
    if (typeof schema.format === "string") schema[UNCHECKED_FORMAT] = true;
    for (const inner of subschemas(schema)) openSchema(inner);
  };
  /** Finds the schemas under a responses object: content, headers, and shared responses by $ref. */
  const visitResponses = (node) => {
    if (Array.isArray(node)) return node.forEach(visitResponses);
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "schema" && isObject(value)) openSchema(value);
      else visitResponses(value);
    }
  };
  responseRoots(out).forEach(visitResponses);
  return out;
}

/** Where the generated files import Unrecognized and openEnum from (src/open-enum.ts). */
const OPEN_ENUM_MODULE = "../../src/open-enum";

/** openapi-typescript's `transform`: an opened enum's type is its values or Unrecognized<string> (or <number>). */
export function openEnumType(schema) {
  const values = schema[OPEN_ENUM];
  if (!Array.isArray(values)) return undefined;
  const unknownBranch = ts.factory.createTypeReferenceNode("Unrecognized", [typeof values[0] === "number" ? NUMBER : STRING]);
  return tsUnion([...values.map(tsLiteral), unknownBranch]);
}

/** openEnum([...values]) for a schema openAnswers opened, else undefined (hey-api's own rendering). */
function openEnumNode(ctx) {
  const values = ctx.schema[OPEN_ENUM];
  if (!Array.isArray(values)) return undefined;
  // Registered with hey-api as an import of its own, written where the schemas use it.
  const openEnum = ctx.plugin.symbol("openEnum", { external: OPEN_ENUM_MODULE });
  return ctx.$(openEnum).call(ctx.$.array(...values.map((value) => ctx.$.literal(value))));
}

/** hey-api zod plugin's `~resolvers`: opened enums as openEnum([...]), no check of an unchecked format. */
export const openAnswerResolvers = {
  number: openEnumNode,
  string(ctx) {
    // hey-api builds the string schema from these nodes once the resolver returns undefined.
    if (ctx.schema[UNCHECKED_FORMAT]) ctx.nodes.format = () => undefined;
    return openEnumNode(ctx);
  },
};

/** What the generated types need when openEnumType writes Unrecognized<…> (openapi-typescript's `inject`). */
export const OPEN_ENUM_TYPE_IMPORT = `import type { Unrecognized } from "${OPEN_ENUM_MODULE}";`;

/** Whether openAnswers opened an enum anywhere in `spec`: then the types use Unrecognized<…>. */
export function holdsOpenEnum(spec) {
  if (Array.isArray(spec)) return spec.some(holdsOpenEnum);
  return isObject(spec) && (Array.isArray(spec[OPEN_ENUM]) || Object.values(spec).some(holdsOpenEnum));
}
