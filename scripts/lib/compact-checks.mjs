// Checks in the generated zod schemas that do without zod's format classes: each class a schema
// uses (z.uuid, z.ipv4, z.url, z.int) is code in every application that bundles the SDK, about
// 1 KB gzipped for these four (docs/PERFORMANCE.md, issue 14). The checks stay as strict:
// - a string format with a contract pattern: z.stringFormat(format, pattern), the pattern checked
//   once under the format's name, so a message still says "must be a valid uuid" (zod's own check
//   would only repeat what the pattern says);
// - format uri: z.stringFormat("url", URL.canParse), the parse z.url() makes, less its options;
// - an integer: integer() from src/integer.ts, z.number() with z.int()'s own test.
// An answer's format is not checked at all (open-answers.mjs); that rule wins.
import { UNCHECKED_FORMAT } from "./open-answers.mjs";

/** Where the generated zod schemas import integer() from. */
const INTEGER_MODULE = "../../src/integer";

/** hey-api zod plugin's `~resolvers`, with the checks above laid under `resolvers`. */
export function withCompactChecks(resolvers) {
  return {
    ...resolvers,
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
        }
      }
      return resolvers.string?.(ctx);
    },
    number(ctx) {
      const { schema, $ } = ctx;
      if (schema.type === "integer" && schema.format !== "int64") {
        ctx.nodes.base = () => $("integer").call();
      }
      return resolvers.number?.(ctx);
    },
  };
}

/** The generated zod schemas with the import of integer() from src/integer.ts, when they use it. */
export function withIntegerImport(text) {
  const zodImport = /^import \* as z from 'zod\/mini';\n/m.exec(text);
  if (!zodImport || !/\binteger\(\)/.test(text)) return text;
  const at = zodImport.index + zodImport[0].length;
  return `${text.slice(0, at)}import { integer } from "${INTEGER_MODULE}";\n${text.slice(at)}`;
}
