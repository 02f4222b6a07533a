// generated/<spec>/sensitive.ts: every field and header the overlay marks `x-pw-sensitive`, by wire
// name, so redaction and masking follow the overlay instead of a hand-kept list in src/.
import { literal } from "./code-text.mjs";
import { resolveRef } from "./refs.mjs";

/** The kinds src/redact.ts knows how to show; any other mark fails generation. */
export const SENSITIVE_KINDS = new Set(["secret", "identifier", "name", "email"]);

/**
 * Collects `x-pw-sensitive` marks by wire name (parameter names and object property names) from
 * the contract with the overlay applied. A mark of an unknown kind fails, wherever it is.
 */
function unknownKind(specName, where, kind) {
  return new Error(
    `${specName} with the overlay: ${where}: unknown x-pw-sensitive kind ${JSON.stringify(kind)}; ` +
      `the kinds are ${[...SENSITIVE_KINDS].join(", ")} (src/redact.ts shows each). Fix the overlay action that marks it.`,
  );
}

export function sensitiveFields(spec, specName) {
  const found = new Map();
  const markOf = (node) => node?.["x-pw-sensitive"] ?? resolveRef(spec, node)?.["x-pw-sensitive"];
  const record = (name, kind, where) => {
    if (!SENSITIVE_KINDS.has(kind)) throw unknownKind(specName, where, kind);
    const earlier = found.get(name);
    if (earlier && earlier !== kind) throw new Error(`${specName}: ${name} is marked both ${earlier} and ${kind}`);
    found.set(name, kind);
  };
  const seen = new Set();
  const walk = (node, where) => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if ("x-pw-sensitive" in node && !SENSITIVE_KINDS.has(node["x-pw-sensitive"])) throw unknownKind(specName, where, node["x-pw-sensitive"]);
    if (node.in && node.name) {
      const kind = markOf(node) ?? markOf(node.schema);
      if (kind) record(node.name, kind, where);
    }
    if (node.properties && typeof node.properties === "object") {
      for (const [name, property] of Object.entries(node.properties)) {
        const kind = markOf(property);
        if (kind) record(name, kind, `${where}/properties/${name}`);
      }
    }
    for (const [key, child] of Object.entries(node)) walk(child, `${where}/${key}`);
  };
  walk(spec, "#");
  const sorted = [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    "/** How each sensitive field or header (by wire name) is shown in logs; marked x-pw-sensitive by openapi/pw-wrappers.overlay.yaml. */",
    "export const SENSITIVE_FIELDS = {",
    ...sorted.map(([name, kind]) => `  ${literal(name)}: ${literal(kind)},`),
    "} as const;",
    "",
    "export type SensitiveKind = (typeof SENSITIVE_FIELDS)[keyof typeof SENSITIVE_FIELDS];",
    "",
  ].join("\n");
}

