// @ts-check
// generated/<spec>/sensitive.ts: every field and header the overlay marks `x-pw-sensitive`, by wire
// name, so redaction and masking follow the overlay instead of a hand-kept list in src/; and, by
// default, every one whose name says credential or personal data, by the list the runtime's
// baseline uses too (src/sensitive-names.ts, issue 15).
import { kindOfName, SENSITIVE_KINDS as KINDS } from "../../src/sensitive-names.ts";
import { literal } from "./code-text.mjs";
import { resolveRef } from "./openapi.mjs";

/** The kinds src/redact.ts knows how to show; any other mark fails generation. */
/** @type {ReadonlySet<string>} */
export const SENSITIVE_KINDS = new Set(KINDS);

/**
 * Collects `x-pw-sensitive` marks by wire name (parameter names and object property names) from
 * the contract with the overlay applied. A mark of an unknown kind fails, wherever it is.
 */
function unknownKind(/** @type {string} */ specName, /** @type {string} */ where, /** @type {unknown} */ kind) {
  return new Error(
    `${specName} with the overlay: ${where}: unknown x-pw-sensitive kind ${JSON.stringify(kind)}; ` +
      `the kinds are ${[...SENSITIVE_KINDS].join(", ")} (src/redact.ts shows each). Fix the overlay action that marks it.`,
  );
}

/**
 * @param {any} spec
 * @param {string} specName
 */
export function sensitiveFields(spec, specName) {
  /** @type {Map<string, string>} */
  const found = new Map();
  const markOf = (/** @type {any} */ node) => node?.["x-pw-sensitive"] ?? resolveRef(spec, node)?.["x-pw-sensitive"];
  const record = (/** @type {string} */ name, /** @type {string} */ kind, /** @type {string} */ where) => {
    if (!SENSITIVE_KINDS.has(kind)) throw unknownKind(specName, where, kind);
    const earlier = found.get(name);
    if (earlier && earlier !== kind) throw new Error(`${specName}: ${name} is marked both ${earlier} and ${kind}`);
    found.set(name, kind);
  };
  // What a name alone says, for the fields and headers the overlay does not mark. A mark decides
  // the kind of personal data; a name that says credential is a secret whatever the mark says.
  const byName = new Map();
  const named = (/** @type {string} */ name) => {
    const kind = kindOfName(name);
    if (kind) byName.set(name, kind);
  };
  const seen = new Set();
  /** @type {(node: any, where: string) => void} */
  const walk = (node, where) => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if ("x-pw-sensitive" in node && !SENSITIVE_KINDS.has(node["x-pw-sensitive"])) throw unknownKind(specName, where, node["x-pw-sensitive"]);
    if (node.in && node.name) {
      const kind = markOf(node) ?? markOf(node.schema);
      if (kind) record(node.name, kind, where);
      named(node.name);
    }
    if (node.properties && typeof node.properties === "object") {
      for (const [name, property] of Object.entries(node.properties)) {
        const kind = markOf(property);
        if (kind) record(name, kind, `${where}/properties/${name}`);
        named(name);
      }
    }
    for (const [key, child] of Object.entries(node)) walk(child, `${where}/${key}`);
  };
  walk(spec, "#");
  for (const [name, kind] of byName) if (kind === "secret" || !found.has(name)) found.set(name, kind);
  const sorted = [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    "/** How each sensitive field or header (by wire name) is shown in logs: marked x-pw-sensitive by openapi/pw-wrappers.overlay.yaml, or named like a credential or personal data (src/sensitive-names.ts). */",
    "export const SENSITIVE_FIELDS = {",
    ...sorted.map(([name, kind]) => `  ${literal(name)}: ${literal(kind)},`),
    "} as const;",
    "",
    "export type SensitiveKind = (typeof SENSITIVE_FIELDS)[keyof typeof SENSITIVE_FIELDS];",
    "",
  ].join("\n");
}

