// An independent judge of what fits the contract: ajv (JSON Schema 2020-12, with ajv-formats),
// which shares no code with the SDK's generated zod schemas. Where the SDK is lenient or strict
// by design, the judge reads it from the one table in docs/VERSIONING.md ("Lenient and strict by
// design") rather than from a copy here.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { asJsonSchema } from "./samples";

const VERSIONING = new URL("../../docs/VERSIONING.md", import.meta.url);

/** One row of the table: on which side, which keyword, and whether the SDK is lenient or strict there. */
export interface ByDesign {
  side: "answer" | "input";
  keyword: string;
  mode: "lenient" | "strict";
}

/** The rows of VERSIONING.md's "Lenient and strict by design" table. */
export function byDesign(): ByDesign[] {
  const text = readFileSync(VERSIONING, "utf8");
  const section = /^## Lenient and strict by design\n([\s\S]*?)(?=^## )/m.exec(text)?.[1];
  if (!section) throw new Error("docs/VERSIONING.md has no section \"Lenient and strict by design\"");
  const rows = [...section.matchAll(/^\| (answer|input) \| `([\w$]+)` \| (lenient|strict)\b/gm)].map(([, side, keyword, mode]) => ({ side, keyword, mode }) as ByDesign);
  if (rows.length === 0) throw new Error("docs/VERSIONING.md's \"Lenient and strict by design\" table has no rows the judge can read");
  return rows;
}

type Node = Record<string, unknown>;
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas", "schemas"]);

/** The schema less `keywords` wherever they are keywords (a property of that name stays). */
function without(node: unknown, keywords: ReadonlySet<string>, parentKey = ""): unknown {
  if (Array.isArray(node)) return node.map((item) => without(item, keywords));
  if (node === null || typeof node !== "object") return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) {
    if (SCHEMA_MAPS.has(parentKey)) out[key] = without(value, keywords);
    else if (!keywords.has(key)) out[key] = without(value, keywords, key);
  }
  return out;
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// OpenAPI's own formats, which JSON Schema does not define: any value of the type fits.
for (const format of ["int32", "int64", "float", "double", "byte", "binary", "password"]) ajv.addFormat(format, true);

export interface Verdict {
  valid: boolean;
  /** What ajv found, when not valid: `path: message` each. */
  errors: string[];
}

/**
 * A judge of values for `schema` (local refs resolved in `components`) on one side: for answers,
 * the lenient keywords are not judged; for inputs, a strict `additionalProperties` holds at the
 * top level (where the SDK refuses a field the operation does not have).
 */
export function judgeFor(schema: unknown, components: unknown, side: ByDesign["side"]): (value: unknown) => Verdict {
  const rows = byDesign().filter((row) => row.side === side);
  const lenient = new Set(rows.filter((row) => row.mode === "lenient").map((row) => row.keyword));
  let root = { ...(asJsonSchema(schema) as Node), components: asJsonSchema(components, "components") } as Node;
  root = without(root, lenient) as Node;
  const strictTop = rows.some((row) => row.mode === "strict" && row.keyword === "additionalProperties");
  const validate = ajv.compile(strictTop ? { ...root, unevaluatedProperties: false } : root);
  return (value) => {
    const valid = validate(value) as boolean;
    return { valid, errors: valid ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || "(value)"}: ${error.message}`) };
  };
}
