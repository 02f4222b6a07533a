// @ts-check
// Writes the resource layer of a contract (with the overlay applied): generated/<spec>/operations.ts
// (what src/core.ts needs to run each operation) and generated/<spec>/resources.ts (one class per
// resource, one method per operation, and their named input, options and result types).
import { docComment as doc, literal } from "./code-text.mjs";
import { JSON_MEDIA, jsonMedia, parametersOf, refResolver, successStatus } from "./openapi.mjs";
import { capitalise, optionName, resourceClassName, sdkOperations } from "./sdk-names.mjs";

/** @typedef {{ headers: readonly string[], query: readonly string[], options?: readonly string[] }} SdkFilled what the SDK fills on every call (src/call-parameters.ts) */
/** @typedef {(node: any) => any} Resolve */

/** The properties of an object schema, allOf parts included (enough for the envelope's `data`). */
/** @type {(schema: any, resolve: Resolve) => Record<string, any> | undefined} */
function propertiesOf(schema, resolve) {
  const node = resolve(schema);
  if (!node || typeof node !== "object") return undefined;
  const parts = [node, ...(node.allOf ?? []).map(resolve)];
  const found = parts.filter((part) => part && (part.type === "object" || part.properties));
  if (found.length === 0) return undefined;
  return Object.assign({}, ...found.map((part) => part.properties ?? {}));
}

/** What a call resolves with, in words, by its descriptor's payloadIn. */
export const PAYLOAD_DOC = { data: "the envelope's `data`", flattened: "the envelope's own fields less its meta fields" };

export const RETRY_DOC = {
  idempotent: "Retries: safe to repeat, so connection errors, timeouts and retryable statuses are retried (up to `maxRetries`).",
  "unsent-only": "Retries: only when the request provably never left this machine (connection refused, name not resolved), so it never runs twice.",
};

/**
 * A header option must not shadow a common call option (`timeout`) or another header's option
 * (`X-Trace-Id` and `x-trace-id`): one of the two values would be lost without a word.
 */
/**
 * @param {{ option: string, header: string }[]} headerOptions
 * @param {readonly string[] | undefined} commonOptions
 * @param {string} where
 */
function checkOptionNames(headerOptions, commonOptions, where) {
  const taken = new Map((commonOptions ?? []).map((name) => [name, "a call option every method takes"]));
  for (const { option, header } of headerOptions) {
    const holder = taken.get(option);
    if (holder) {
      throw new Error(
        `${where}: header ${header} would become the call option ${option}, which is already ${holder}. ` +
          `Give the parameter another name with x-pw-sdk-option in the overlay.`,
      );
    }
    taken.set(option, `the option of header ${header}`);
  }
}

/**
 * What the generator needs to know of one operation but its zod schemas' names, or a clear error
 * about what it cannot handle: all docs/api.md reads (operationViews), without hey-api's run.
 * @param {import("./sdk-names.mjs").SdkOperation} entry
 * @param {any} spec
 * @param {SdkFilled} sdkFilled
 */
function describeOperation(entry, spec, sdkFilled) {
  const resolve = refResolver(spec);
  const { operation, operationId, httpMethod, path } = entry;
  const where = `${httpMethod.toUpperCase()} ${path} (${operationId})`;
  const parameters = parametersOf(spec, path, operation);
  const query = parameters.filter((p) => p?.in === "query" && !sdkFilled.query.includes(p.name));
  // Path parameters are input fields like query ones (issue 21); openapi-fetch percent-encodes them.
  const pathParams = parameters.filter((p) => p?.in === "path").map((p) => String(p.name));
  const unsupported = parameters.filter((p) => p?.in === "cookie");
  const body = resolve(operation.requestBody);
  if (unsupported.length) throw new Error(`${where}: ${unsupported.map((p) => `${p.in} parameter ${p.name}`).join(", ")}: the generator does not map cookie parameters to SDK input yet`);
  const templated = [...path.matchAll(/\{([^{}]*)\}/g)].map((match) => String(match[1]));
  // A {name} with no parameter stays in the path as text (openapi-fetch leaves it), as before path parameters were taken.
  const unmatched = pathParams.filter((name) => !templated.includes(name));
  if (unmatched.length) throw new Error(`${where}: path parameter ${unmatched.join(", ")}: the path has no {name} of that name to put it in`);
  if (body && !body.content?.[JSON_MEDIA]) throw new Error(`${where}: its request body is not ${JSON_MEDIA}, which the SDK does not send`);
  if (body && query.length) throw new Error(`${where}: it takes both a body and query parameters (${query.map((p) => p.name).join(", ")}), which the generator does not combine into one input yet`);
  if (body && pathParams.length) throw new Error(`${where}: it takes both a body and path parameters (${pathParams.join(", ")}), which the generator does not combine into one input yet`);
  if (!body && query.length === 0 && pathParams.length === 0) throw new Error(`${where}: it takes neither a JSON body nor query or path parameters of its own, which the generator does not handle yet`);
  const hasAnyQuery = parameters.some((p) => p?.in === "query");
  const success = successStatus(operation);
  if (!success) throw new Error(`${where}: it documents no 2xx response`);
  const successSchema = jsonMedia(spec, operation.responses[success])?.schema;
  const successProperties = propertiesOf(successSchema, resolve);
  const headerOptions = parameters
    .filter((p) => p?.in === "header" && !sdkFilled.headers.some((name) => name.toLowerCase() === p.name.toLowerCase()))
    .map((p) => {
      const schema = resolve(p.schema) ?? {};
      return {
        option: optionName(p.name, p, `${where}, header ${p.name}`),
        header: p.name,
        required: p.required === true,
        // A required UUID header identifies the call: the SDK makes one up, as PayWise's examples do.
        uuidDefault: p.required === true && schema.format === "uuid",
        description: p.description ?? "",
      };
    });
  checkOptionNames(headerOptions, sdkFilled.options, where);
  return {
    ...entry,
    where,
    inputIn: body ? "body" : "query",
    hasAnyQuery,
    pathParams,
    sdkQuery: parameters.filter((p) => p?.in === "query" && sdkFilled.query.includes(p.name)).map((p) => p.name),
    success,
    payloadIsObject: successProperties ? (successProperties.data ? Boolean(propertiesOf(successProperties.data, resolve)) : true) : false,
    // The payload rule, stated here alone: what a call resolves with is the envelope's `data` when
    // the contract's success answer has one, else the envelope's own fields less its meta fields.
    // The descriptor carries it to src/envelope.ts's splitEnvelope, and the result type follows it.
    payloadIn: successProperties?.data ? "data" : "flattened",
    headerOptions,
  };
}

/**
 * An operation with the names hey-api gave its zod schemas, which operations.ts imports, or a
 * clear error when one is missing.
 * @param {ReturnType<typeof describeOperation>} op
 * @param {import("./zod-names.mjs").ZodNames} zodNames
 */
function withZodNames(op, zodNames) {
  const need = (/** @type {import("./zod-names.mjs").OperationRole} */ role) => {
    const name = zodNames.operation(op.path, op.httpMethod, role);
    if (!name) throw new Error(`${op.where}: the zod schemas have no ${role} schema for it`);
    return name;
  };
  // hey-api writes a Query schema only for an operation with query parameters (the SDK's included).
  const zod = { ...(op.inputIn === "body" || op.hasAnyQuery ? { input: need(op.inputIn === "body" ? "request-body" : "request-query") } : {}), ...(op.pathParams.length ? { path: need("request-path") } : {}), headers: need("request-headers"), response: need("responses") };
  return { ...op, zod };
}

/** generated/<spec>/operations.ts: the descriptors src/core.ts runs. */
/** @param {ReturnType<typeof withZodNames>[]} ops */
export function operationsModule(ops) {
  const imports = [...new Set(ops.flatMap((op) => Object.values(op.zod)))].sort();
  const omits = ops.some((op) => op.inputIn === "query" && op.sdkQuery.length);
  const extendsPath = ops.some((op) => op.zod.path && op.zod.input);
  const shapes = [...(extendsPath ? ["extendObject"] : []), ...(omits ? ["omitFields"] : [])];
  const lines = [
    ...(shapes.length ? ['import { lazySchema } from "../../src/lazy-schema";', `import { ${shapes.join(", ")} } from "../../src/object-shapes";`] : []),
    `import { ${imports.join(", ")} } from "./zod";`,
    'import type { OperationDescriptor } from "../../src/core";',
    "",
  ];
  for (const op of ops) {
    const own = op.inputIn === "query" && op.sdkQuery.length ? `omitFields(${op.zod.input}, [${op.sdkQuery.map(literal).join(", ")}])` : op.zod.input;
    // The path parameters are fields of the same input, checked with the query ones.
    const input = op.zod.path ? (own ? `extendObject(${own}, ${op.zod.path}.shape)` : op.zod.path) : own;
    // Built on first use, as the generated schemas are (scripts/lib/lazy-schemas.mjs): omitFields would build its base at import.
    const inputSchema = input === op.zod.input || input === op.zod.path ? input : `lazySchema(() => ${input})`;
    lines.push(
      // The path and operationId are the contract's text: through the comment escaper like any prose.
      ...doc([`paywise.${op.resource}.${op.method}: ${op.httpMethod.toUpperCase()} ${op.path} (${op.operationId}).`]),
      `export const ${op.resource}${capitalise(op.method)}: OperationDescriptor = {`,
      `  name: ${literal(op.method)},`,
      `  resource: ${literal(op.resource)},`,
      `  method: ${literal(op.httpMethod)},`,
      `  path: ${literal(op.path)},`,
      `  retryMode: ${literal(op.retry)},`,
      `  inputIn: ${literal(op.inputIn)},`,
      `  payloadIn: ${literal(op.payloadIn)},`,
      `  pathParams: [${op.pathParams.map((name) => literal(name)).join(", ")}],`,
      `  inputSchema: ${inputSchema},`,
      `  responseSchema: ${op.zod.response},`,
      `  headerSchema: ${op.zod.headers},`,
      `  headerOptions: [${op.headerOptions.map((h) => `{ option: ${literal(h.option)}, header: ${literal(h.header)}, required: ${h.required}, uuidDefault: ${h.uuidDefault} }`).join(", ")}],`,
      "};",
      "",
    );
  }
  return lines.join("\n");
}

/** generated/<spec>/resources.ts: the public classes and their types. */
/**
 * @param {ReturnType<typeof withZodNames>[]} ops
 * @param {any} spec
 */
export function resourcesModule(ops, spec) {
  /** @type {Map<string, { name: string, description?: string }>} */
  const tags = new Map((spec.tags ?? []).map((/** @type {any} */ tag) => [tag.name, tag]));
  const lines = [
    'import type { APIPromise } from "../../src/api-promise";',
    'import type { Core, RequestOptions } from "../../src/core";',
    ...(ops.some((op) => op.payloadIn === "flattened") ? ['import type { Envelope } from "../../src/envelope";'] : []),
    'import * as descriptors from "./operations";',
    'import type { operations } from "./types";',
    "",
  ];
  const resources = [...new Set(ops.map((op) => op.resource))];
  for (const op of ops) {
    const t = op.types;
    const api = `operations[${literal(op.operationId)}]`;
    const call = `\`paywise.${op.resource}.${op.method}\``;
    // An interface may only extend a named type, so each shape gets a local alias first; the
    // exported interface is what an editor shows on hover and in errors.
    const local = `${capitalise(op.resource)}${capitalise(op.method)}`;
    if (op.inputIn === "body") {
      lines.push(`type ${local}Body = NonNullable<${api}["requestBody"]>["content"][${literal(JSON_MEDIA)}];`);
      lines.push(...doc([`The body of ${call}.`]), `export interface ${t.params} extends ${local}Body {}`, "");
    } else {
      const omitted = op.sdkQuery.length ? `Omit<${api}["parameters"]["query"], ${op.sdkQuery.map((name) => literal(name)).join(" | ")}>` : `${api}["parameters"]["query"]`;
      const parts = [...(op.hasAnyQuery ? [omitted] : []), ...(op.pathParams.length ? [`${api}["parameters"]["path"]`] : [])];
      lines.push(`type ${local}Query = ${parts.join(" & ")};`);
      lines.push(...doc([`The query of ${call}${op.sdkQuery.length ? `; the SDK adds ${op.sdkQuery.map((name) => `\`${name}\``).join(" and ")} itself` : ""}.`]), `export interface ${t.params} extends ${local}Query {}`, "");
    }
    const body = `${api}["responses"][${op.success}]["content"][${literal(JSON_MEDIA)}]`;
    const resultDoc = doc([`What ${call} resolves to: ${PAYLOAD_DOC[/** @type {keyof typeof PAYLOAD_DOC} */ (op.payloadIn)]}.`]);
    const payload = op.payloadIn === "data" ? `${body}["data"]` : `Omit<${body}, keyof Envelope>`;
    if (op.payloadIsObject) lines.push(`type ${local}Payload = ${payload};`, ...resultDoc, `export interface ${t.result} extends ${local}Payload {}`, "");
    else lines.push(...resultDoc, `export type ${t.result} = ${payload};`, "");
    if (op.headerOptions.length) {
      lines.push(...doc([`The options of ${call}: the common ones, and its header parameters that the client does not fill.`]), `export interface ${t.options} extends RequestOptions {`);
      for (const h of op.headerOptions) {
        const notes = [`The \`${h.header}\` header.${h.description ? " " + h.description.trim() : ""}`, h.uuidDefault ? "Every attempt of the call sends the same one." : ""];
        lines.push(...doc(notes.filter(Boolean), "  ", h.uuidDefault ? ["@default crypto.randomUUID()"] : []), `  ${h.option}${h.required && !h.uuidDefault ? "" : "?"}: ${api}["parameters"]["header"][${literal(h.header)}];`);
      }
      lines.push("}", "");
    }
  }
  for (const resource of resources) {
    const className = resourceClassName(resource);
    const own = ops.filter((op) => op.resource === resource);
    const tag = tags.get(own[0]?.operation.tags?.[0]);
    lines.push(
      ...doc([`\`paywise.${resource}\`${tag?.description ? ": " + tag.description : ""}`]),
      `export class ${className} {`,
      "  readonly #core: Core;",
      "",
      "  /** @internal The client builds this; the declarations leave it out (tsdown.config.ts, stripInternal). */",
      "  constructor(core: Core) {",
      "    this.#core = core;",
      "  }",
    );
    for (const op of own) {
      const t = op.types;
      const summary = [op.operation.summary, op.operation.description].filter(Boolean).join("\n\n");
      const optionsType = op.headerOptions.length ? t.options : "RequestOptions";
      const optionsRequired = op.headerOptions.some((h) => h.required && !h.uuidDefault);
      lines.push(
        "",
        ...doc([summary || op.operationId, "", `\`${op.httpMethod.toUpperCase()} ${op.path}\`. ${RETRY_DOC[op.retry]}`], "  "),
        `  ${op.method}(params: ${t.params}, options${optionsRequired ? "" : "?"}: ${optionsType}): APIPromise<${t.result}> {`,
        `    return this.#core.run(descriptors.${op.resource}${capitalise(op.method)}, params, options);`,
        "  }",
      );
    }
    lines.push("}", "");
  }
  lines.push(
    "/** The resources a client has, `paywise.<name>`. */",
    "export interface Resources {",
    ...resources.flatMap((resource) => {
      const own = ops.filter((op) => op.resource === resource);
      return [`  /** The ${resource} operations: ${own.map((op) => op.method).join(", ")}. */`, `  readonly ${resource}: ${resourceClassName(resource)};`];
    }),
    "}",
    "",
    "/** @internal How the client builds its resources. */",
    "export const RESOURCES = {",
    ...resources.map((resource) => `  ${resource}: ${resourceClassName(resource)},`),
    "} as const;",
    "",
  );
  return lines.join("\n");
}

/**
 * Both modules of a contract (with the overlay applied), naming the zod schemas as hey-api did.
 * @param {any} spec
 * @param {import("./zod-names.mjs").ZodNames} zodNames
 * @param {SdkFilled} sdkFilled
 */
export function resourceModules(spec, zodNames, sdkFilled) {
  const ops = operationViews(spec, sdkFilled).map((op) => withZodNames(op, zodNames));
  return { operations: operationsModule(ops), resources: resourcesModule(ops, spec), ops };
}

/**
 * The contract's operations as the SDK exposes them (methods, types, input and result, retry),
 * without the zod schemas' names: what docs/api.md is written from, known without hey-api's run.
 * @param {any} spec
 * @param {SdkFilled} sdkFilled
 */
export function operationViews(spec, sdkFilled) {
  return sdkOperations(spec).map((entry) => describeOperation(entry, spec, sdkFilled));
}
