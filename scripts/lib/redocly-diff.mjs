// Runs the pinned `redocly diff` on documents in memory, each with every $ref inlined first.
// redocly is spawned on this Node with telemetry and update checks off, so it runs offline and says
// nothing about the machine it runs on. The $refs are inlined here, in-process: `redocly bundle
// --dereferenced` did the same in two more child processes per comparison (about 1 CPU second each).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolveRef } from "./openapi.mjs";

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
const ENV = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };

/**
 * How many nodes one side may grow to once its $refs are inlined. The contract is untrusted: ten
 * schemas that each use the next ten times would inline to 10^10 nodes. Today's contract inlines
 * to a few thousand.
 */
export const MAX_INLINED_NODES = 200_000;

/** Keys whose values are data, not OpenAPI objects: a `$ref` in them is a value, as redocly reads it. */
const DATA_KEYS = new Set(["default", "const", "enum"]);
/** Keys whose values map names to schemas, so a name such as `default` there is a schema. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

function redocly(args, cwd) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, env: ENV, encoding: "utf8" });
  if (run.status !== 0) {
    // Its Node-version banner is noise; the reason is in the last lines.
    const reason = `${run.stderr ?? ""}\n${run.stdout ?? ""}`.trim().split("\n").filter((line) => line.trim() && !/[║╔╚]/.test(line)).slice(-5).join("\n");
    throw new Error(`redocly ${args[0]} failed (exit ${run.status ?? run.signal}):\n${reason}`);
  }
}

/**
 * `doc` with every $ref inlined, as `redocly bundle --dereferenced` writes it: a `$ref`'s sibling
 * keys first and winning over the target's, then the target's other keys; data (`default`, `enum`,
 * `const`, an example's `value`) left as written. A $ref that loops, dangles or points to another
 * file fails with the $ref named, as redocly's bundle failed.
 */
export function dereference(doc) {
  let nodes = 0;
  /** @param {unknown} node @param {string[]} path the keys from the root @param {string[]} expanding the $refs being inlined, outermost first */
  const inline = (node, path, expanding) => {
    if (++nodes > MAX_INLINED_NODES) throw new Error(`the contract's $refs inline to more than ${MAX_INLINED_NODES} nodes; it cannot be compared`);
    if (Array.isArray(node)) return node.map((item, index) => inline(item, [...path, String(index)], expanding));
    if (!node || typeof node !== "object") return node;
    const ref = /** @type {any} */ (node).$ref;
    if (typeof ref === "string") {
      if (expanding.includes(ref)) throw new Error(`$ref ${JSON.stringify(ref)} refers to itself through ${expanding.slice(expanding.indexOf(ref)).map((each) => JSON.stringify(each)).join(" -> ")}: a circular $ref cannot be inlined`);
      const target = resolveRef(doc, { $ref: ref });
      if (target === undefined) throw new Error(`$ref ${JSON.stringify(ref)} points to nothing in the contract`);
      const { $ref, ...siblings } = /** @type {Record<string, unknown>} */ (node);
      const inlined = inline(target, path, [...expanding, ref]);
      // A $ref to something other than an object (a schema is one) has no keys to merge siblings into.
      if (!inlined || typeof inlined !== "object" || Array.isArray(inlined)) return inlined;
      return { ...inline(siblings, path, expanding), ...Object.fromEntries(Object.entries(inlined).filter(([key]) => !Object.hasOwn(siblings, key))) };
    }
    const parent = path.at(-1);
    const isData = (/** @type {string} */ key) => (DATA_KEYS.has(key) && !SCHEMA_MAPS.has(parent ?? "")) || (key === "value" && path.at(-2) === "examples");
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, isData(key) ? structuredClone(value) : inline(value, [...path, key], expanding)]));
  };
  return inline(doc, [], []);
}

/**
 * `redocly diff --format json` of two documents: `{ base, head, report }` where base and head are
 * the dereferenced documents that the report's pointers point into. Every $ref is inlined, so that
 * a change to a shared schema is seen (and judged) in each operation that uses it, as a request or
 * as a response: `redocly diff` reports a shared component once, under the first operation it meets
 * it in.
 */
export function redoclyDiff(baseDoc, headDoc) {
  const [base, head] = [baseDoc, headDoc].map((doc) => {
    const out = dereference(doc);
    delete out.components;
    return out;
  });
  const files = { "base.json": JSON.stringify(base), "head.json": JSON.stringify(head) };
  return { base, head, report: JSON.parse(reportText(files)) };
}

/**
 * redocly's reports by the exact text of the two files it was given, newest last. A report is a
 * function of those bytes alone, and a child process costs about a CPU second: spec:diff and
 * spec:bump, run in-process by their tests, compare the same pair many times in one process.
 */
const reports = new Map();
const KEPT_REPORTS = 8;

function reportText(files) {
  const key = JSON.stringify(files);
  const kept = reports.get(key);
  if (kept !== undefined) return kept;
  const dir = mkdtempSync(join(tmpdir(), "pw-spec-diff-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    // --fail-on none: the exit code then says only whether the diff ran; we classify ourselves.
    redocly(["diff", "base.json", "head.json", "--format", "json", "-o", "report.json", "--fail-on", "none"], dir);
    const text = readFileSync(join(dir, "report.json"), "utf8");
    reports.set(key, text);
    if (reports.size > KEPT_REPORTS) reports.delete(reports.keys().next().value);
    return text;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
