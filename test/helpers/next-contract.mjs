// PayWise's next contract, made from whichever contract is newest in openapi/, so the bump tool's
// tests and the bump proofs (scripts/test-bump.mjs) hold on every future bump instead of only
// while one hand-written fixture is newer than the newest contract. Each change is picked from the
// contract's own structure (no operation or field name is assumed) and described in `changes`,
// from which the tests derive what they expect.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { JSON_MEDIA, operationsOf as operations, resolveRef as deref } from "../../scripts/lib/openapi.mjs";

const CONTRACT = /^pw-wrappers\.(\d{4}-\d{2}-\d{2})\.yaml$/;
/** The name of the optional response field the next contract adds (with a number when taken). */
export const ADDED_FIELD = "next_contract_note";
/** What the reworded description ends with. */
export const REWORDED = " (Reworded in the next contract.)";

/** The newest contract in `openapiDir`: `{ file, name, version, spec }`. */
export function newestContract(openapiDir) {
  const name = readdirSync(openapiDir).filter((entry) => CONTRACT.test(entry)).sort().at(-1);
  if (!name) throw new Error(`no pw-wrappers.<version>.yaml in ${openapiDir}`);
  const file = join(openapiDir, name);
  return { file, name, version: CONTRACT.exec(name)[1], spec: parse(readFileSync(file, "utf8")) };
}

/** A year after `version`, as PayWise would date it. */
export function laterVersion(version) {
  const date = new Date(`${version}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString().slice(0, 10);
}


/** The object schema holding what a method resolves to: the envelope's `data`, else the flattened envelope part. */
function payloadSchema(spec, schema) {
  const resolved = deref(spec, schema);
  const parts = resolved.allOf ? resolved.allOf.map((part) => deref(spec, part)) : [resolved];
  const own = parts.filter((part) => part.properties).at(-1);
  if (!own) return undefined;
  return own.properties.data ? deref(spec, own.properties.data) : own;
}

function replaceStrings(node, from, to) {
  if (typeof node === "string") return node.split(from).join(to);
  if (Array.isArray(node)) return node.map((item) => replaceStrings(item, from, to));
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, replaceStrings(value, from, to)]));
  return node;
}

/** Every key `name` removed from every object, and from every `required` list. */
function withoutField(node, name) {
  if (Array.isArray(node)) return node.map((item) => withoutField(item, name));
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== name)
        .map(([key, value]) => [key, key === "required" && Array.isArray(value) ? value.filter((item) => item !== name) : withoutField(value, name)]),
    );
  }
  return node;
}

/** Property names anywhere under the request side (bodies and parameters) of the contract. */
function requestFieldNames(spec) {
  const names = new Set();
  const seen = new Set();
  const walk = (node) => {
    node = deref(spec, node);
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties") for (const name of Object.keys(value)) names.add(name);
      if (key !== "example" && key !== "examples") walk(value);
    }
  };
  for (const { operation } of operations(spec)) {
    walk(operation.requestBody);
    for (const parameter of operation.parameters ?? []) names.add(deref(spec, parameter).name);
  }
  return names;
}

/**
 * The next contract. Always: a later version (every mention of the old one moved, as PayWise
 * does), a new operation (a copy of a POST with a body, under a new path and operationId), a new
 * optional field in the first operation's answer, and its description reworded: additive only.
 * `removeMarkedField` drops a response-only field that an overlay action marks (so generation
 * fails until the maintainer drops the action); `requireField` makes the first optional request
 * body field required: both breaking.
 */
export function nextContract(base, overlay, { removeMarkedField = false, requireField = false } = {}) {
  const version = laterVersion(base.info.version);
  const spec = replaceStrings(structuredClone(base), base.info.version, version);
  const ops = operations(spec);
  const changes = { version, baseVersion: base.info.version };

  const source = ops.find(({ method, operation }) => method === "post" && operation.requestBody);
  if (!source) throw new Error("the contract has no POST with a body to model a new operation on");
  // A name no operation has yet (a contract made by this function may be the base of the next one).
  const ids = new Set(ops.map(({ operation }) => operation.operationId));
  const suffix = ["", ...Array.from({ length: 98 }, (_, i) => String(i + 2))].find((n) => !ids.has(`${source.operation.operationId}Preview${n}`) && !spec.paths[`${source.path}_preview${n}`]);
  const copy = structuredClone(source.operation);
  copy.operationId = `${source.operation.operationId}Preview${suffix}`;
  copy.summary = `${source.operation.summary ?? source.operation.operationId} (preview)`;
  const newPath = `${source.path}_preview${suffix}`;
  spec.paths[newPath] = { ...spec.paths[newPath], post: copy };
  changes.newOperation = { path: newPath, method: "post", operationId: copy.operationId, modelledOn: source.operation.operationId };

  const first = ops[0];
  const ok = Object.entries(first.operation.responses ?? {}).find(([status]) => status.startsWith("2"));
  const payload = ok && payloadSchema(spec, ok[1].content?.[JSON_MEDIA]?.schema);
  if (!payload) throw new Error(`${first.operation.operationId}: no 2xx object answer to add a field to`);
  const field = [ADDED_FIELD, ...Array.from({ length: 98 }, (_, i) => `${ADDED_FIELD}_${i + 2}`)].find((name) => !(name in payload.properties));
  payload.properties[field] = { type: "string", description: "A note the next contract adds to the answer." };
  changes.addedField = { operationId: first.operation.operationId, status: ok[0], name: field };

  first.operation.description = `${first.operation.description ?? first.operation.summary ?? ""}${REWORDED}`;
  changes.reworded = { operationId: first.operation.operationId };

  let result = spec;
  if (requireField) {
    const found = ops
      .filter(({ operation }) => operation.requestBody)
      .map(({ operation }) => ({ operation, schema: deref(result, operation.requestBody.content?.[JSON_MEDIA]?.schema) }))
      .map(({ operation, schema }) => ({ operation, schema, name: Object.keys(schema?.properties ?? {}).find((name) => !(schema.required ?? []).includes(name)) }))
      .find(({ name }) => name);
    if (!found) throw new Error("no optional request body field to make required");
    found.schema.required = [...(found.schema.required ?? []), found.name];
    changes.requiredField = { operationId: found.operation.operationId, name: found.name };
  }
  if (removeMarkedField) {
    const requestNames = requestFieldNames(result);
    const marked = (overlay?.actions ?? []).map((action) => /^\$\.\.properties\.(\w+)$/.exec(action.target)?.[1]).filter(Boolean);
    const present = JSON.stringify(result);
    const name = marked.find((field) => !requestNames.has(field) && present.includes(`"${field}"`));
    if (!name) throw new Error("no response-only field that the overlay marks");
    result = withoutField(result, name);
    changes.removedField = { name, target: `$..properties.${name}` };
  }
  return { spec: result, version, name: `pw-wrappers.${version}.yaml`, text: stringify(result, { lineWidth: 0 }), changes };
}
