// What changed between two contracts, per SDK method, judged from the SDK user's side
// (docs/VERSIONING.md): breaking, additive or cosmetic.
//
// `redocly diff` is the engine. Before it runs, each side is put in the shape the SDK user sees:
//   - the overlay applied (x-pw-sdk-method renames count), then the SDK's own x-pw-* marks dropped;
//   - the contract's version string (the dated `version` enum, descriptions that quote it) replaced
//     in the base by the head's, since every bump changes it and no SDK user passes it;
//   - one operation per SDK method, matched by method name rather than by path, so a method
//     is "new" or "removed" exactly when `paywise.<resource>.<method>` appears or disappears;
//   - every $ref inlined (see redocly-diff.mjs).
// Its verdicts are then adjusted where the SDK's rules differ from its own: the enum policy
// (docs/VERSIONING.md, "Enums"), formats in answers ("Formats") and optional inputs, whose removal breaks code that passes them.
// Examples, which it mostly does not report, are compared here (examplesChanged).
import { applyOverlay } from "./overlay.mjs";
import { sdkOperations } from "./sdk-names.mjs";
import { redoclyDiff } from "./redocly-diff.mjs";
import { nodeAt as at, parametersOf, pointerSegments as segmentsOf } from "./openapi.mjs";

/** @typedef {"cosmetic" | "additive" | "breaking"} Level */
/** @typedef {{ level: Level, text: string, isNew?: boolean, values?: { added: unknown[], removed: unknown[] } }} Change `isNew`: something added (the CHANGELOG draft lists it under Added); `values`: an enum finding's values gained and lost */
/** @typedef {{ name: string, where: string, level: Level, changes: Change[], sdk?: any }} MethodChanges `name` as in paywise.account.getStatus, `where` as "GET /account/account" */
/** @typedef {{ baseVersion: string, headVersion: string, methods: MethodChanges[], level: Level | undefined }} Comparison */

/** @type {Level[]} */
export const LEVELS = ["cosmetic", "additive", "breaking"];
const FROM_IMPACT = { patch: "cosmetic", minor: "additive", major: "breaking" };
const COSMETIC_PROPERTIES = new Set(["description", "summary", "title", "externalDocs", "deprecated"]);
/** Examples are compared by examplesChanged, not by redocly, which reports few of them. */
const EXAMPLE_KEYS = new Set(["example", "examples"]);
export const maxLevel = (levels) => levels.reduce((top, level) => (LEVELS.indexOf(level) > LEVELS.indexOf(top) ? level : top), "cosmetic");

/**
 * The contract as the SDK sees it: the overlay applied, leniently (an action aimed at an
 * operation that only the other contract has must not stop the comparison; `npm run generate`
 * is where an unmatched action fails).
 */
export async function sdkView(spec, overlay) {
  if (!overlay) return structuredClone(spec);
  return applyOverlay(spec, overlay, { specName: "the compared contract", overlayName: "the overlay", strict: false, note: () => {} });
}

/** Only a dated version is distinctive enough to replace inside any string (not "1" in a pattern). */
const DATED_VERSION = /^\d{4}-\d{2}-\d{2}$/;

function replaceStrings(node, from, to) {
  if (typeof node === "string") return node.split(from).join(to);
  if (Array.isArray(node)) return node.map((item) => replaceStrings(item, from, to));
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, replaceStrings(value, from, to)]));
  return node;
}

function withoutSdkMarks(node) {
  if (Array.isArray(node)) return node.map(withoutSdkMarks);
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).filter(([key]) => !key.startsWith("x-pw-")).map(([key, value]) => [key, withoutSdkMarks(value)]));
  return node;
}

const keyOf = (entry) => `${entry.resource}.${entry.method}`;
const syntheticPath = (key) => `/${key}`;

/** The operation as one SDK method: path-level parameters merged in, identity fields left out. */
function methodOperation(spec, entry) {
  const { operationId, tags, ...operation } = entry.operation;
  return { ...operation, parameters: parametersOf(spec, entry.path, entry.operation, { keepRefs: true }) };
}

/** A document with one path per SDK method, all under `post` (the HTTP method is compared by us). */
function comparable(spec, entries) {
  const paths = {};
  for (const entry of entries) paths[syntheticPath(keyOf(entry))] = { post: methodOperation(spec, entry) };
  return withoutSdkMarks({ openapi: spec.openapi, info: { title: "compared", version: "0" }, paths, components: spec.components ?? {} });
}

/** "request body field a.b[]", "response 200 field data.x", "query parameter q", "response 200 body". */
function describeLocation(segments, doc) {
  const [, , , section, ...rest] = segments; // "paths", "/<key>", "post", section…
  if (section === "parameters") {
    const param = at(doc, segments.slice(0, 5));
    return { side: "request", where: `${param?.in ?? "a"} parameter ${param?.name ?? rest[0]}`, inSchema: rest.slice(1) };
  }
  if (section === "requestBody") return { side: "request", ...schemaPath("request body", rest) };
  if (section === "responses") return { side: "response", ...schemaPath(`response ${rest[0]}`, rest.slice(1)) };
  return { side: "operation", where: section ?? "operation", inSchema: [] };
}

function schemaPath(prefix, rest) {
  const schemaAt = rest.indexOf("schema");
  if (schemaAt === -1) return { where: rest.length ? `${prefix} ${rest.join(" ")}` : prefix, inSchema: [] };
  const field = [];
  const inSchema = rest.slice(schemaAt + 1);
  for (let i = 0; i < inSchema.length; i++) {
    const key = inSchema[i];
    if (key === "properties") field.push(inSchema[++i]);
    else if (key === "items") field.push("[]");
    else if (["allOf", "oneOf", "anyOf"].includes(key)) i++;
  }
  const name = field.join(".").replace(/\.\[\]/g, "[]");
  return { where: name ? `${prefix} field ${name}` : prefix === "request body" ? prefix : `${prefix} body`, inSchema };
}

const show = (value) => (value === undefined ? "nothing" : JSON.stringify(value));
const listed = (values) => values.map((value) => JSON.stringify(value)).join(", ");

const fieldOf = (where, name) => (where.includes(" field ") ? `${where}.${name}` : `${where === "request body" ? where : where.replace(/ body$/, "")} field ${name}`);

/** One finding of redocly as the SDK's rules see it: a list of `{ level, text, isNew }` (isNew: something added, which the CHANGELOG draft lists under Added). */
function judge(change, base, head) {
  const pointer = (change.revision ?? change.base).pointer;
  const doc = change.revision ? head : base;
  const segments = segmentsOf(pointer);
  if (isExample(segments, change.property)) return [];
  // The pointer ends at the changed property; describe the object that holds it.
  const holder = change.property !== undefined && segments.at(-1) === change.property ? segments.slice(0, -1) : segments;
  const { side, where } = describeLocation(holder, doc);
  const was = change.base?.value;
  const now = change.revision?.value;
  let level = FROM_IMPACT[change.impact] ?? "breaking";

  if (change.kind === "added" || change.kind === "removed") {
    // An optional input removed breaks code that passes it (the types no longer have it).
    if (change.kind === "removed" && side === "request") level = "breaking";
    const required = change.kind === "added" && holder[3] === "parameters" && holder.length === 5 && now?.required === true;
    return [{ level, text: `${where} ${change.kind}${required ? ", required" : ""}`, isNew: change.kind === "added" }];
  }
  const property = change.property;
  if (COSMETIC_PROPERTIES.has(property)) return [{ level: "cosmetic", text: `${side === "operation" ? "" : where + " "}${property} changed` }];
  if (property === "enum") {
    const added = (now ?? []).filter((value) => !(was ?? []).includes(value));
    const removed = (was ?? []).filter((value) => !(now ?? []).includes(value));
    // The enum policy (docs/VERSIONING.md, "Enums"): an answer's enum is open (its type has an
    // Unrecognized branch every caller handles, and an unlisted value passes through), so a value
    // added or taken out changes no caller's outcome; a request enum that loses a value refuses
    // calls that used to go out. `values` carries the values themselves, for the CHANGELOG draft.
    const breaks = side !== "response" && removed.length > 0;
    const parts = [added.length ? `gains ${listed(added)}` : "", removed.length ? `loses ${listed(removed)}` : ""].filter(Boolean);
    return [{ level: breaks ? "breaking" : "additive", text: `${where} enum ${parts.join(" and ")}`, isNew: removed.length === 0, values: { added, removed } }];
  }
  if (property === "required" && Array.isArray(was ?? now)) {
    const added = (now ?? []).filter((name) => !(was ?? []).includes(name));
    const removed = (was ?? []).filter((name) => !(now ?? []).includes(name));
    // redocly judges the list as a whole; each name is judged on its own here.
    const required = (name, kind) => ({
      level: kind === "added" ? (side === "request" ? "breaking" : "additive") : side === "response" ? "breaking" : "additive",
      text: `${fieldOf(where, name)} ${kind === "added" ? "newly required" : "no longer required"}`,
      required: { holder: holder.join("/"), kind, name },
    });
    return [...added.map((name) => required(name, "added")), ...removed.map((name) => required(name, "removed"))];
  }
  if (property === "required") return [{ level, text: `${where} ${now ? "newly required" : "now optional"}` }];
  // A format in an answer is documentation: the SDK does not check it (docs/VERSIONING.md, "Formats").
  if (property === "format" && side === "response") return [{ level: "additive", text: `${where} format changed from ${show(was)} to ${show(now)}` }];
  // redocly rates a loosened input bound or a tightened output bound (maxLength, minimum, …) as a
  // patch; it changes which values pass, so it is at least additive. Only wording is cosmetic.
  return [{ level: maxLevel([level, "additive"]), text: `${where} ${property} changed from ${show(was)} to ${show(now)}` }];
}

/** Where the innermost `example`/`examples` key is in a pointer's segments, or -1 (a field named "example" is not one). */
const exampleKeyAt = (segments) => segments.findLastIndex((segment, i) => EXAMPLE_KEYS.has(segment) && segments[i - 1] !== "properties");

/** Whether a redocly finding is about an example. */
function isExample(segments, property) {
  return exampleKeyAt(property !== undefined && segments.at(-1) !== property ? [...segments, property] : segments) !== -1;
}

/**
 * Every example of an operation, keyed by its pointer: a media type's named examples one by one
 * (their `value`), and a schema's or parameter's `example` or `examples` whole.
 */
function examplesIn(node, segments, into = new Map()) {
  if (Array.isArray(node)) node.forEach((item, i) => examplesIn(item, [...segments, String(i)], into));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      const here = [...segments, key];
      if (!EXAMPLE_KEYS.has(key) || segments.at(-1) === "properties") examplesIn(value, here, into);
      else if (key === "examples" && segments.at(-2) === "content" && value && typeof value === "object" && !Array.isArray(value)) {
        for (const [name, example] of Object.entries(value)) into.set([...here, name].join("/"), { segments: [...here, name], json: JSON.stringify(example?.value ?? example?.externalValue ?? null) });
      } else into.set(here.join("/"), { segments: here, json: JSON.stringify(value) });
    }
  }
  return into;
}

/** "response 200 example \"success\"", "request body field email example", "query parameter q example". */
function describeExample(segments, doc) {
  const keyAt = exampleKeyAt(segments);
  const holder = segments.slice(0, keyAt);
  if (holder.at(-2) === "content") {
    // A media type's own example(s): what the mock answers with.
    const [, , , section, status] = holder;
    const where = section === "responses" ? `response ${status}` : "request body";
    return segments[keyAt] === "examples" ? `${where} example ${JSON.stringify(segments[keyAt + 1])}` : `${where} example`;
  }
  return `${describeLocation(holder, doc).where} ${segments[keyAt]}`;
}

/** Whether an example's pointer is a named example of an answer: a name the testing kit's types take. */
function isNamedAnswerExample(segments) {
  const keyAt = exampleKeyAt(segments);
  return segments[keyAt] === "examples" && segments[keyAt - 2] === "content" && segments[3] === "responses";
}

/**
 * The examples that changed, as additive findings (docs/VERSIONING.md, "What is minor"): the
 * mock serves them, so a test suite that asserts on example values sees the new ones. A named
 * answer example removed is breaking ("What counts as breaking"): `mockPrefer({ example })` and
 * the fake's `{ status, example }` take the names the contract documents, so a test that names
 * it stops compiling.
 */
function examplesChanged(base, head, pathKey) {
  const before = examplesIn(base.paths?.[pathKey], ["paths", pathKey]);
  const after = examplesIn(head.paths?.[pathKey], ["paths", pathKey]);
  const findings = [];
  for (const [pointer, now] of after) {
    const was = before.get(pointer);
    if (!was) findings.push({ level: "additive", text: `${describeExample(now.segments, head)} added`, isNew: true });
    else if (was.json !== now.json) findings.push({ level: "additive", text: `${describeExample(now.segments, head)} changed` });
  }
  for (const [pointer, was] of before) {
    if (after.has(pointer)) continue;
    const named = isNamedAnswerExample(was.segments);
    findings.push({ level: named ? "breaking" : "additive", text: `${describeExample(was.segments, base)} removed${named ? " (mockPrefer and the fake's scripts take its name)" : ""}` });
  }
  return findings;
}

/**
 * A field added and made required in one go reads as one change ("…added, required"), and so
 * does a field removed with its place in `required`: the `required` half is folded in.
 */
function mergeRequired(changes, base, head) {
  const findings = changes.map((change) => judge(change, base, head));
  const fieldFinding = new Map();
  changes.forEach((change, i) => {
    if (change.kind !== "added" && change.kind !== "removed") return;
    const segments = segmentsOf((change.revision ?? change.base).pointer);
    if (segments.at(-2) === "properties") fieldFinding.set(`${segments.slice(0, -2).join("/")}|${change.kind}|${segments.at(-1)}`, findings[i][0]);
  });
  return findings.flat().filter((finding) => {
    if (!finding.required) return true;
    const { holder, kind, name } = finding.required;
    const field = fieldFinding.get(`${holder}|${kind}|${name}`);
    if (!field) return true;
    if (kind === "added") Object.assign(field, { level: maxLevel([field.level, finding.level]), text: `${field.text}, required` });
    return false;
  }).map(({ level, text, isNew, values }) => (values ? { level, text, isNew, values } : { level, text, isNew }));
}

const byKey = (entries) => new Map(entries.map((entry) => [keyOf(entry), entry]));
const label = (entry) => `${entry.httpMethod.toUpperCase()} ${entry.path}`;

/**
 * The changes between two contracts, per SDK method:
 * `{ baseVersion, headVersion, methods: [{ name, where, level, changes: [{ level, text, isNew }] }], level }`
 * with methods sorted by name and `level` undefined when nothing changed.
 * @param {any} baseSpec
 * @param {any} headSpec
 * `baseOverlay` is the overlay the base was built with (its pin), `overlay` when not given.
 * @param {{ overlay?: object | undefined, baseOverlay?: object | undefined }} [options]
 * @returns {Promise<Comparison>}
 */
export async function compareContracts(baseSpec, headSpec, { overlay, baseOverlay = overlay } = {}) {
  const baseVersion = baseSpec.info.version;
  const headVersion = headSpec.info.version;
  const baseView = await sdkView(baseSpec, baseOverlay);
  const base = DATED_VERSION.test(baseVersion) && DATED_VERSION.test(headVersion) ? replaceStrings(baseView, baseVersion, headVersion) : baseView;
  const head = await sdkView(headSpec, overlay);
  const before = byKey(sdkOperations(base));
  const after = byKey(sdkOperations(head));
  const methods = new Map();
  const note = (entry, finding) => {
    const name = keyOf(entry);
    if (!methods.has(name)) methods.set(name, { name, where: label(entry), changes: [] });
    methods.get(name).changes.push(finding);
  };

  for (const [key, entry] of before) if (!after.has(key)) note(entry, { level: "breaking", text: "method removed" });
  for (const [key, entry] of after) if (!before.has(key)) note(entry, { level: "additive", text: "new method", isNew: true });
  const shared = [...after.keys()].filter((key) => before.has(key));
  for (const key of shared) {
    const [was, now] = [before.get(key), after.get(key)];
    if (label(was) !== label(now)) note(now, { level: "breaking", text: `endpoint changed from ${label(was)} to ${label(now)}` });
  }

  if (shared.length) {
    const result = redoclyDiff(comparable(base, shared.map((key) => before.get(key))), comparable(head, shared.map((key) => after.get(key))));
    const perMethod = new Map();
    for (const change of result.report.changes ?? []) {
      const segments = segmentsOf((change.revision ?? change.base).pointer);
      if (segments[0] !== "paths" || segments.length < 3) continue; // info and the like: not the SDK user's
      const key = segments[1].slice(1);
      if (!perMethod.has(key)) perMethod.set(key, []);
      perMethod.get(key).push(change);
    }
    for (const [key, changes] of perMethod) {
      for (const finding of mergeRequired(changes, result.base, result.head)) note(after.get(key), finding);
    }
    for (const key of shared) {
      for (const finding of examplesChanged(result.base, result.head, syntheticPath(key))) note(after.get(key), finding);
    }
  }

  const list = [...methods.values()]
    .map((method) => ({ ...method, changes: dedupe(method.changes).sort(byLevelThenText), level: maxLevel(method.changes.map((change) => change.level)) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return { baseVersion, headVersion, methods: list, level: list.length ? maxLevel(list.map((method) => method.level)) : undefined };
}

function dedupe(changes) {
  const seen = new Set();
  return changes.filter((change) => !seen.has(change.text) && seen.add(change.text));
}
const byLevelThenText = (a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
