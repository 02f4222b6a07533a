// Checks in the generated zod schemas that cost less than hey-api's defaults and check as much,
// laid under hey-api's zod plugin through its `~resolvers` (never by editing the text it writes):
// - each zod format class a schema uses (z.uuid, z.ipv4, z.url, z.int) is code in every
//   application that bundles the SDK, about 1 KB gzipped for these four (docs/PERFORMANCE.md,
//   issue 14). Instead:
//   - a string format with a contract pattern: z.stringFormat(format, pattern), the pattern checked
//     once under the format's name, so a message still says "must be a valid uuid" (zod's own check
//     would only repeat what the pattern says);
//   - format uri: z.stringFormat("url", URL.canParse), the parse z.url() makes, less its options;
//   - format email without a pattern: z.stringFormat("email", <zod's own e-mail pattern>), what
//     z.email() checks, without its class (issue 32: 67 B gzipped);
//   - an integer: integer() from src/number-checks.ts, z.number() with z.int()'s own test;
//   - an inclusive `minimum`: atLeast(minimum) from src/number-checks.ts, z.gte's test and issue.
// - `allOf: [$ref Base, {object}]` is z.intersection(zBase, z.object({…})) in hey-api, which parses
//   the value twice and deep-merges the results on every answer (it showed in the per-call CPU
//   profile, docs/PERFORMANCE.md). When the object part adds only properties Base does not have,
//   z.extend(zBase, {…}) checks exactly the same, in one pass: extendsMarked() marks such a schema
//   in the contract hey-api reads, and the object resolver writes it as extendObject(zBase, {…})
//   from src/object-shapes.ts (z.extend's result, without z.extend's code in the bundle). Any
//   other allOf stays an intersection.
// An answer's format is not checked at all (open-answers.mjs); that rule wins.
import { regexes } from "zod/v4/core";
import { UNCHECKED_FORMAT } from "./open-answers.mjs";
import { isObject } from "./openapi.mjs";

/** Where the generated zod schemas import integer() and atLeast() from. */
const NUMBER_CHECKS_MODULE = "../../src/number-checks";
/** Where they import extendObject() from. */
const OBJECT_SHAPES_MODULE = "../../src/object-shapes";
/** On an object schema that extends a component: `{ $ref }` to it (a $ref, so hey-api orders Base first). */
const EXTENDS = "x-pw-extends";
const SCHEMA_REF = /^#\/components\/schemas\/[^/]+$/;

/**
 * The `allOf` parts of `schema` as a base component and the object that extends it, when
 * z.extend(zBase, {…}) checks what z.intersection would (see the file comment); else undefined.
 */
function extension(spec, schema) {
  if (!Array.isArray(schema.allOf) || schema.allOf.length !== 2) return undefined;
  const [ref, part] = schema.allOf;
  if (!isObject(ref) || Object.keys(ref).length !== 1 || typeof ref.$ref !== "string" || !SCHEMA_REF.test(ref.$ref)) return undefined;
  const base = spec.components?.schemas?.[ref.$ref.slice("#/components/schemas/".length)];
  // A plain object base: extendObject gives a plain object, where z.extend kept a strict or loose one.
  if (!isObject(base?.properties) || base.allOf || base.additionalProperties !== undefined || !isObject(part) || !isObject(part.properties) || part.$ref) return undefined;
  if ((part.type ?? "object") !== "object" || part.additionalProperties !== undefined || part.allOf || part.anyOf || part.oneOf) return undefined;
  if (Object.keys(part.properties).some((name) => Object.hasOwn(base.properties, name))) return undefined;
  return { ref, part };
}

/** The contract as hey-api should read it: each allOf that z.extend can check marked as an extension; `spec` is left alone. */
export function extendsMarked(spec) {
  const out = structuredClone(spec);
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    const found = extension(out, node);
    if (found) {
      delete node.allOf;
      Object.assign(node, found.part, { type: "object", [EXTENDS]: found.ref });
    }
    Object.values(node).forEach(visit);
  };
  visit(out);
  return out;
}

/** hey-api zod plugin's `~resolvers`, with the checks above laid under `resolvers`. */
export function withCompactChecks(resolvers) {
  return {
    ...resolvers,
    object(ctx) {
      const base = ctx.schema[EXTENDS];
      if (!isObject(base)) return resolvers.object?.(ctx);
      const { $ } = ctx;
      return $(ctx.plugin.symbol("extendObject", { external: OBJECT_SHAPES_MODULE })).call(ctx.walk(base, ctx.walkerCtx).expression, ctx.nodes.shape(ctx));
    },
    string(ctx) {
      const { schema, symbols, $ } = ctx;
      if (!schema[UNCHECKED_FORMAT] && typeof schema.format === "string") {
        const pattern = schema.pattern;
        if (pattern) {
          const flags = /\\[pP]\{/.test(pattern) ? "u" : undefined;
          ctx.nodes.format = () => $(symbols.z).attr("stringFormat").call($.literal(schema.format), $.regexp(pattern, flags));
          ctx.nodes.pattern = () => undefined;
        } else if (schema.format === "uri") {
          ctx.nodes.format = () => $(symbols.z).attr("stringFormat").call($.literal("url"), $("URL").attr("canParse"));
        } else if (schema.format === "email") {
          ctx.nodes.format = () => $(symbols.z).attr("stringFormat").call($.literal("email"), $.regexp(regexes.email.source, regexes.email.flags || undefined));
        }
      }
      return resolvers.string?.(ctx);
    },
    number(ctx) {
      const { schema, $ } = ctx;
      if (schema.type === "integer" && schema.format !== "int64") {
        // Registered with hey-api as an import of its own, written where the schemas use it.
        ctx.nodes.base = () => $(ctx.plugin.symbol("integer", { external: NUMBER_CHECKS_MODULE })).call();
      }
      if (typeof schema.minimum === "number" && schema.exclusiveMinimum === undefined && schema.format !== "int64") {
        ctx.nodes.min = () => $(ctx.plugin.symbol("atLeast", { external: NUMBER_CHECKS_MODULE })).call($.literal(schema.minimum));
      }
      return resolvers.number?.(ctx);
    },
  };
}
