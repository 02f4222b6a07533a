// The styles PayWise may publish its next contract in (issue 21, item 4), each a change made to a
// next contract (test/helpers/next-contract.mjs) from the contract's own structure, so the bump
// proofs (scripts/test-bump.mjs) and the tests hold on every future bump. Each style is named by
// its letter in the issue and described in `changes`, from which the tests derive what they expect.
import { stringify } from "yaml";
import { inlineEnvelope } from "../../scripts/lib/named-envelope.mjs";
import { JSON_MEDIA, nodeAt, operationsOf as operations, pointerSegments, resolveRef as deref } from "../../scripts/lib/openapi.mjs";
import { nextContract } from "./next-contract.mjs";

/** What each style is, by the key test-bump and the tests use. */
export const STYLES = {
  noExamples: "(a) no examples anywhere",
  inlineSchemas: "(b) inline schemas only",
  openapi303: "(c) OpenAPI 3.0.3, with nullable: true",
  json: "(d) the contract as JSON instead of YAML",
  newTag: "(e) a new tag, so a new resource",
  newOptionalInputs: "(f) a new optional query parameter and a new optional header on an existing operation",
  widenedEnum: "(g) a response enum widened",
  created201: "(h) a new operation answering 201",
  pathParameter: "(i) a new operation with a path parameter",
};

/** The tag of the new resource (e), and of the new operations (h, i) that live on it. */
export const NEW_TAG = "statements";

/** The node a local `$ref` names, one step (no chain followed). */
const at = (spec, ref) => nodeAt(spec, pointerSegments(ref));

/** The `$ref` the operation's parameters share with the contract (headers, the SDK's query), less path ones. */
const sharedParameters = (operation) => (operation.parameters ?? []).filter((parameter) => typeof parameter.$ref === "string");

/**
 * The envelope every answer is in, as a new answer's `allOf` part: the first `$ref` part a 2xx
 * answer has, else (a contract that writes it inline) a copy of the schema every answer shares.
 */
function envelopeSchema(spec) {
  for (const { operation } of operations(spec)) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const schema = deref(spec, response)?.content?.[JSON_MEDIA]?.schema;
      const part = deref(spec, schema)?.allOf?.find((item) => typeof item.$ref === "string");
      if (status.startsWith("2") && part) return { $ref: part.$ref };
    }
  }
  const inline = inlineEnvelope(spec);
  if (inline) return structuredClone(inline);
  throw new Error("no 2xx answer whose schema is an allOf of a shared envelope, and no envelope every answer shares");
}

/** (e), (h), (i): a new tag with a GET by path parameter and a POST answering 201, all inline, no examples. */
function addStatements(spec, changes) {
  const get = operations(spec).find(({ method }) => method === "get");
  const post = operations(spec).find(({ method, operation }) => method === "post" && operation.requestBody);
  if (!get || !post) throw new Error("the contract has no GET and no POST with a body to model the new operations on");
  const envelope = envelopeSchema(spec);
  const statement = { type: "object", required: ["statement_id", "total"], properties: { statement_id: { type: "string", pattern: "^[A-Za-z0-9-]{1,40}$" }, total: { type: "number" }, currency: { type: "string", pattern: "^[A-Z]{3}$" } } };
  const answer = (schema) => ({ allOf: [structuredClone(envelope), { type: "object", required: ["data"], properties: { data: schema } }] });
  const errorAnswer = { allOf: [structuredClone(envelope), { type: "object", properties: { data: { type: "object", properties: { error_code: { type: "string" } } } } }] };
  spec.tags = [...(spec.tags ?? []), { name: NEW_TAG, description: "Account statements (a resource the next contract adds)." }];
  spec.paths[`/${NEW_TAG}/{statement_id}`] = {
    get: {
      tags: [NEW_TAG],
      operationId: "getStatementLines",
      summary: "Get a statement",
      parameters: [
        ...sharedParameters(get.operation),
        { name: "statement_id", in: "path", required: true, schema: { type: "string", minLength: 1, maxLength: 40 } },
        { name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 1000 } },
      ],
      responses: {
        200: { description: "The statement.", content: { [JSON_MEDIA]: { schema: answer(statement) } } },
        // A status the contract before documents for no operation.
        404: { description: "No such statement.", content: { [JSON_MEDIA]: { schema: errorAnswer } } },
      },
    },
  };
  spec.paths[`/${NEW_TAG}`] = {
    post: {
      tags: [NEW_TAG],
      operationId: "issueStatement",
      summary: "Create a statement",
      parameters: sharedParameters(post.operation),
      requestBody: {
        required: true,
        content: { [JSON_MEDIA]: { schema: { type: "object", required: ["period"], additionalProperties: false, properties: { period: { type: "string", pattern: "^[0-9]{4}-[0-9]{2}$" }, note: { type: "string", maxLength: 80 } } } } },
      },
      responses: { 201: { description: "The statement, created.", content: { [JSON_MEDIA]: { schema: answer(statement) } } } },
    },
  };
  changes.newTag = { tag: NEW_TAG, operationIds: ["getStatementLines", "issueStatement"] };
  changes.pathParameter = { operationId: "getStatementLines", path: `/${NEW_TAG}/{statement_id}`, name: "statement_id" };
  changes.created201 = { operationId: "issueStatement", status: "201" };
}

/** (f): a new optional query parameter and a new optional header on the first GET. */
function addOptionalInputs(spec, changes) {
  const get = operations(spec).find(({ method, operation }) => method === "get" && operation.operationId !== "getStatementLines");
  if (!get) throw new Error("the contract has no GET to add optional inputs to");
  get.operation.parameters = [
    ...(get.operation.parameters ?? []),
    { name: "channel", in: "query", required: false, schema: { type: "string", enum: ["web", "app"] } },
    { name: "PW-correlation-id", in: "header", required: false, schema: { type: "string", minLength: 1, maxLength: 64 } },
  ];
  changes.newOptionalInputs = { operationId: get.operation.operationId, query: "channel", header: "PW-correlation-id" };
}

/** Every `$ref` reachable from `roots`, following refs, with the keys it was found under. */
function reachableRefs(spec, roots) {
  const found = new Map();
  const walk = (node, key) => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, key));
    if (!node || typeof node !== "object") return;
    if (typeof node.$ref === "string") {
      const seen = found.has(node.$ref);
      if (!seen) found.set(node.$ref, new Set());
      found.get(node.$ref).add(key);
      if (!seen) walk(at(spec, node.$ref), key);
      return;
    }
    for (const [child, value] of Object.entries(node)) walk(value, child);
  };
  walk(roots, "");
  return found;
}

/** (g): one more value in an enum that only answers reach (not the envelope's status, not a request field). */
function widenEnum(spec, changes) {
  const ops = operations(spec).map(({ operation }) => operation);
  const onRequests = reachableRefs(spec, ops.map((operation) => [operation.requestBody, operation.parameters]));
  const inAnswers = reachableRefs(spec, ops.map((operation) => Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith("2")).map(([, response]) => response)));
  for (const [ref, keys] of inAnswers) {
    const target = at(spec, ref);
    if (onRequests.has(ref) || keys.has("status") || !Array.isArray(target?.enum) || !target.enum.every((value) => typeof value === "string")) continue;
    const value = `${target.enum[0]}_widened`;
    target.enum = [...target.enum, value];
    changes.widenedEnum = { schema: ref, value };
    return;
  }
  // A contract that writes its schemas inline: the first string enum written in a 2xx answer (the
  // envelope's status aside), which no request can share, having no name to share it by.
  const inline = (node, key) => {
    if (Array.isArray(node)) return node.map((item) => inline(item, key)).find(Boolean);
    if (!node || typeof node !== "object" || typeof node.$ref === "string") return undefined;
    if (key !== "status" && Array.isArray(node.enum) && node.enum.length && node.enum.every((value) => typeof value === "string")) return node;
    return Object.entries(node).map(([child, value]) => inline(value, child)).find(Boolean);
  };
  for (const operation of ops) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const target = status.startsWith("2") ? inline(deref(spec, response)?.content?.[JSON_MEDIA]?.schema, "") : undefined;
      if (!target) continue;
      const value = `${target.enum[0]}_widened`;
      target.enum = [...target.enum, value];
      changes.widenedEnum = { schema: `${operation.operationId} ${status} (inline)`, value };
      return;
    }
  }
  throw new Error("no string enum that only answers reach, to widen");
}

/** (a): every `example` and `examples` keyword gone (a property of that name stays). */
function withoutExamples(node, parentKey = "") {
  if (Array.isArray(node)) return node.map((item) => withoutExamples(item));
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => parentKey === "properties" || (key !== "example" && key !== "examples"))
      .map(([key, value]) => [key, withoutExamples(value, key)]),
  );
}

/** (b): every schema `$ref` replaced by the schema it names, and components.schemas gone. */
function inlineSchemas(spec) {
  const inline = (node, depth) => {
    if (depth > 32) throw new Error("a schema refers to itself: it cannot be inlined");
    if (Array.isArray(node)) return node.map((item) => inline(item, depth));
    if (!node || typeof node !== "object") return node;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/schemas/")) return inline(structuredClone(at(spec, node.$ref)), depth + 1);
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, depth)]));
  };
  const { schemas: _schemas, ...components } = spec.components ?? {};
  return { ...inline({ ...spec, components: undefined }, 0), components: inline(components, 0) };
}

/**
 * (c): the contract as OpenAPI 3.0.3 writes it: `type: [x, "null"]` as `nullable: true`, schema
 * `examples` as one `example`, `const` as a one-value enum, nothing beside a `$ref`, no 3.1-only
 * fields; and one new
 * nullable answer field, so `nullable` is there to read.
 */
function asOpenApi303(spec, changes) {
  const convert = (node, parentKey = "") => {
    if (Array.isArray(node)) return node.map((item) => convert(item));
    if (!node || typeof node !== "object") return node;
    // 3.0 allows nothing beside a $ref (3.1 allows a description and the like).
    if (typeof node.$ref === "string" && parentKey !== "properties") return { $ref: node.$ref };
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (parentKey === "properties") out[key] = convert(value);
      else if (key === "type" && Array.isArray(value)) {
        const types = value.filter((type) => type !== "null");
        out.type = types[0];
        if (types.length !== value.length) out.nullable = true;
      } else if (key === "examples" && Array.isArray(value)) {
        if (value.length) out.example = convert(value[0]);
      } else if (key === "const") out.enum = [value];
      else out[key] = convert(value, key);
    }
    return out;
  };
  const { summary: _summary, ...info } = spec.info;
  const { webhooks: _webhooks, jsonSchemaDialect: _dialect, ...rest } = spec;
  const result = convert({ ...rest, openapi: "3.0.3", info });
  const first = operations(result)[0];
  const ok = Object.entries(first.operation.responses).find(([status]) => status.startsWith("2"));
  const schema = deref(result, ok[1].content[JSON_MEDIA].schema);
  const own = (schema.allOf ?? [schema]).map((part) => deref(result, part)).filter((part) => part.properties).at(-1);
  const holder = own.properties.data ? deref(result, own.properties.data) : own;
  holder.properties.next_contract_nullable_note = { type: "string", nullable: true, description: "A note that may be null (OpenAPI 3.0 nullable)." };
  changes.openapi303 = { operationId: first.operation.operationId, nullableField: "next_contract_nullable_note" };
  return result;
}

/** The styles that only add to a contract: each composes with any other style. */
const ADDITIONS = ["newTag", "newOptionalInputs", "created201", "pathParameter"];

/**
 * The next contracts `npm run test:bump` bumps copies of the repository to, each through a whole
 * npm test (minutes each, so as few as the styles allow). The styles that cannot meet in one
 * contract (examples or none, named or inline schemas, 3.1 or 3.0.3, YAML or JSON) are split so
 * that each side of each is in a bumped contract, the contract as it is being the other side of
 * every one in the main npm test; the additions go in both, so each meets named and inline schemas:
 *
 *   additive  the additions, no examples, inline schemas (a 3.1 YAML file): spec:bump and the whole
 *             npm test pass with no hand edit, and the new operation is a `paywise` command
 *   breaking  the additions and a widened answer enum, OpenAPI 3.0.3 with the examples it writes
 *             as `example`, as JSON, named schemas (the widened enum is a component's), and the
 *             first optional request body field made required: spec:bump's npm test fails in
 *             exactly the expected tests, every other test and its checks (generate --check,
 *             Spectral, spec:diff --check) pass, and the copy is put back
 *
 * The widened enum stays out of the contract without examples: there the mock picks any of the
 * enum's values for an answer, and tests that expect the documented one fail (no bump proof had
 * the two together before either).
 */
export const BUMP_CONTRACTS = {
  additive: { styles: [...ADDITIONS, "noExamples", "inlineSchemas"] },
  breaking: { styles: [...ADDITIONS, "widenedEnum", "openapi303", "json"], requireField: true },
};

/**
 * The next contract in `styles` (keys of STYLES), on top of nextContract's changes (a later
 * version, a new operation, a new optional answer field, a reworded description; with
 * `requireField`, the breaking one too).
 */
export function styledContract(base, overlay, styles, { requireField = false } = {}) {
  for (const style of styles) if (!(style in STYLES)) throw new Error(`unknown contract style ${style}; they are ${Object.keys(STYLES).join(", ")}`);
  const next = nextContract(base, overlay, { requireField });
  let spec = next.spec;
  const changes = { ...next.changes, styles: styles.map((style) => STYLES[style]) };
  const has = (style) => styles.includes(style);
  if (has("newTag") || has("created201") || has("pathParameter")) addStatements(spec, changes);
  if (has("newOptionalInputs")) addOptionalInputs(spec, changes);
  if (has("widenedEnum")) widenEnum(spec, changes);
  if (has("noExamples")) spec = withoutExamples(spec);
  if (has("inlineSchemas")) spec = inlineSchemas(spec);
  if (has("openapi303")) spec = asOpenApi303(spec, changes);
  // The file keeps its .yaml name in openapi/ either way (JSON is YAML); its text is what PayWise sent.
  const text = has("json") ? `${JSON.stringify(spec, null, 2)}\n` : stringify(spec, { lineWidth: 0 });
  return { ...next, spec, text, name: has("json") ? next.name.replace(/\.yaml$/, ".json") : next.name, changes };
}
