// @ts-check
// generated/<spec>/cli.ts: what the `paywise` command line (src/cli/) needs to know of each
// operation beyond its descriptor: the command's name, the contract's summary and description,
// and one flag per input field and per header option, with its type, required mark, documented
// values, format, example and description. A bump that adds an operation thereby adds a command
// with no hand edit (issue 23, item 1).
//
// A field's flag is its name in kebab case (mobile_number -> --mobile-number); the overlay's
// `x-pw-cli-flag` on the property or parameter gives another when that one is taken by a global
// flag (src/cli/global-flags.ts) or by another field. Contract text reaches the code only as
// string literals (code-text.mjs); the CLI escapes it again when it prints it (src/cli/terminal-text.ts).
import { docComment as doc, literal } from "./code-text.mjs";
import { JSON_MEDIA, parametersOf, refResolver } from "./openapi.mjs";
import { capitalise, kebabCase } from "./sdk-names.mjs";
// Imported through tsx, like src/call-parameters.ts in generate.mjs: the list the CLI parses with.
import { RESERVED_FLAG_NAMES } from "../../src/cli/global-flags.ts";

/** What a flag may be called: lower-case words joined by hyphens, as parseArgs and a shell take it as it is. */
const FLAG_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_FLAG_LENGTH = 60;
/** The first words of the command line that are the CLI's own, not a resource. */
const RESERVED_COMMANDS = new Set(["doctor", "help"]);
const SCALAR_TYPES = new Set(["string", "number", "integer", "boolean"]);

/** @typedef {"string" | "number" | "integer" | "boolean" | "json"} FlagType */
/** @typedef {(node: any) => any} Resolve */

/**
 * The type a flag's text is read as: the schema's scalar type, else "json" (an object, an array or
 * a union, whose value is given as JSON). A nullable scalar (`type: [string, "null"]`) stays a scalar.
 * @param {any} schema
 * @param {Resolve} resolve
 * @returns {FlagType}
 */
export function flagType(schema, resolve, depth = 0) {
  const node = resolve(schema) ?? {};
  let types = (Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type]).filter((/** @type {unknown} */ type) => type !== "null");
  if (types.length === 0 && Array.isArray(node.enum)) {
    types = [...new Set(node.enum.filter((/** @type {unknown} */ value) => value !== null).map((/** @type {unknown} */ value) => (typeof value === "number" ? "number" : typeof value)))];
  }
  if (types.length === 0 && Array.isArray(node.allOf) && node.allOf.length === 1 && depth < 8) return flagType(node.allOf[0], resolve, depth + 1);
  return types.length === 1 && SCALAR_TYPES.has(types[0]) ? types[0] : "json";
}

/** The documented values of a field (its enum), when it has scalar ones. */
function documentedValues(/** @type {any} */ schema, /** @type {Resolve} */ resolve) {
  const node = resolve(schema) ?? {};
  const values = Array.isArray(node.enum) ? node.enum : node.const !== undefined ? [node.const] : undefined;
  return values?.filter((/** @type {unknown} */ value) => value === null || ["string", "number", "boolean"].includes(typeof value));
}

/**
 * A field's first documented example: the parameter's or property's own (`example`, the first of a
 * property's `examples` list or of a parameter's named `examples`), else its schema's.
 */
function exampleOf(/** @type {any} */ holder, /** @type {any} */ schema, /** @type {Resolve} */ resolve) {
  if (holder?.example !== undefined) return holder.example;
  if (Array.isArray(holder?.examples) && holder.examples.length) return holder.examples[0];
  if (holder?.examples && typeof holder.examples === "object") {
    const named = Object.values(holder.examples).map(resolve)[0];
    if (named?.value !== undefined) return named.value;
  }
  const node = resolve(schema) ?? {};
  return node.example ?? (Array.isArray(node.examples) ? node.examples[0] : undefined);
}

/** The first string of `candidates` that is one, trimmed; "" when none is. */
const firstText = (/** @type {unknown[]} */ ...candidates) => /** @type {string} */ (candidates.find((text) => typeof text === "string" && text.trim() !== "") ?? "").trim();

/**
 * The object schema's properties and required names, allOf parts merged.
 * @param {any} schema
 * @param {Resolve} resolve
 * @returns {{ properties: [string, any][], required: Set<string> }}
 */
function objectFields(schema, resolve, depth = 0) {
  const node = resolve(schema) ?? {};
  /** @type {[string, any][]} */
  const properties = Object.entries(node.properties ?? {});
  const required = new Set(Array.isArray(node.required) ? node.required : []);
  if (depth < 8) {
    for (const part of node.allOf ?? []) {
      const inner = objectFields(part, resolve, depth + 1);
      for (const entry of inner.properties) if (!properties.some(([name]) => name === entry[0])) properties.push(entry);
      for (const name of inner.required) required.add(name);
    }
  }
  return { properties, required };
}

/** A flag name from the overlay's x-pw-cli-flag, else the kebab case of `name`; refused when it is not one. */
function flagName(/** @type {string} */ name, /** @type {any[]} */ holders, /** @type {string} */ where) {
  const given = holders.map((holder) => holder?.["x-pw-cli-flag"]).find((value) => value !== undefined);
  const flag = given ?? kebabCase(name);
  if (typeof flag !== "string" || !FLAG_NAME.test(flag) || flag.length > MAX_FLAG_LENGTH) {
    throw new Error(
      `${where}: its command-line flag would be ${JSON.stringify(flag)}, which is not lower-case words joined by hyphens (at most ${MAX_FLAG_LENGTH}); ` +
        `give it one with x-pw-cli-flag in the overlay`,
    );
  }
  return flag;
}

/**
 * One command's flags, its input fields first, refused when two would share a name or one would
 * take a global flag's.
 * @param {any} op an operation as resources.mjs describes it
 * @param {any} spec
 */
function commandFlags(op, spec) {
  const resolve = refResolver(spec);
  const where = op.where;
  /** @type {any[]} */
  const fields = [];
  if (op.inputIn === "body") {
    const schema = resolve(op.operation.requestBody)?.content?.[JSON_MEDIA]?.schema;
    const { properties, required } = objectFields(schema, resolve);
    for (const [name, property] of properties) {
      const resolved = resolve(property) ?? {};
      fields.push({
        field: name,
        flag: flagName(name, [property], `${where}, body field ${name}`),
        type: flagType(property, resolve),
        required: required.has(name),
        description: firstText(property?.description, resolved.description),
        values: documentedValues(property, resolve),
        format: typeof resolved.format === "string" ? resolved.format : undefined,
        example: exampleOf(property, property, resolve),
      });
    }
  } else {
    const parameters = parametersOf(spec, op.path, op.operation);
    for (const parameter of parameters) {
      // Path parameters are input fields like the query ones (issue 21): each a flag too.
      if ((parameter?.in !== "query" && parameter?.in !== "path") || op.sdkQuery.includes(parameter.name)) continue;
      const resolved = resolve(parameter.schema) ?? {};
      fields.push({
        field: parameter.name,
        flag: flagName(parameter.name, [parameter, parameter.schema], `${where}, ${parameter.in} parameter ${parameter.name}`),
        type: flagType(parameter.schema, resolve),
        required: parameter.required === true || parameter.in === "path",
        description: firstText(parameter.description, resolved.description),
        values: documentedValues(parameter.schema, resolve),
        format: typeof resolved.format === "string" ? resolved.format : undefined,
        example: exampleOf(parameter, parameter.schema, resolve),
      });
    }
  }
  const options = op.headerOptions.map((/** @type {any} */ header) => ({
    option: header.option,
    flag: flagName(header.option, [], `${where}, header ${header.header}`),
    header: header.header,
    // An option the SDK fills when it is not given (a UUID) is not the caller's to give.
    required: header.required && !header.uuidDefault,
    description: firstText(header.description),
  }));
  /** @type {Map<string, string>} */
  const taken = new Map(RESERVED_FLAG_NAMES.map((name) => [name, "a flag every command takes"]));
  const claim = (/** @type {string} */ flag, /** @type {string} */ holder, /** @type {string} */ what) => {
    const other = taken.get(flag);
    if (other) throw new Error(`${where}: ${what} would be the flag --${flag}, which is already ${other}; give it another name with x-pw-cli-flag in the overlay`);
    taken.set(flag, holder);
  };
  for (const field of fields) {
    claim(field.flag, `the flag of field ${field.field}`, `field ${field.field}`);
    // A boolean flag sets true; its --no- twin sets false (parseArgs on Node 20 has no negation of its own).
    if (field.type === "boolean") claim(`no-${field.flag}`, `the negation of field ${field.field}`, `the negation of field ${field.field}`);
  }
  for (const option of options) claim(option.flag, `the flag of header ${option.header}`, `header ${option.header}`);
  return { fields, options };
}

/** The operation's documented input: its request body's first example, else each query field's example. */
function exampleInput(/** @type {any} */ op, /** @type {any[]} */ fields, /** @type {Resolve} */ resolve) {
  if (op.inputIn === "body") {
    const media = resolve(op.operation.requestBody)?.content?.[JSON_MEDIA];
    const named = media?.examples && typeof media.examples === "object" ? Object.values(media.examples).map(resolve)[0]?.value : undefined;
    const value = named ?? media?.example ?? (resolve(media?.schema)?.examples ?? [])[0];
    return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  }
  if (fields.some((field) => field.required && field.example === undefined)) return undefined;
  return Object.fromEntries(fields.filter((field) => field.required && field.example !== undefined).map((field) => [field.field, field.example]));
}

/** A scalar of the contract as code: a string literal, a finite number, a boolean or null. */
function scalar(/** @type {unknown} */ value) {
  if (typeof value === "string") return literal(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean" || value === null) return String(value);
  throw new Error(`not a scalar: ${typeof value}`);
}

/** Any JSON value of the contract as code: its JSON text in a string literal, parsed where it is used (a "__proto__" key stays a key). */
const jsonText = (/** @type {unknown} */ value) => literal(JSON.stringify(value));

/**
 * generated/<spec>/cli.ts from the operations as resources.mjs describes them.
 * @param {any[]} ops
 * @param {any} spec the contract with the overlay applied
 */
export function cliModule(ops, spec) {
  const resolve = refResolver(spec);
  /** @type {Map<string, string>} */
  const commandNames = new Map();
  const commands = ops.map((op) => {
    const resource = kebabCase(op.resource);
    const command = kebabCase(op.method);
    if (RESERVED_COMMANDS.has(resource)) throw new Error(`${op.where}: its resource would be the command \`paywise ${resource}\`, which is the CLI's own; give the operation another first tag`);
    const key = `${resource} ${command}`;
    const other = commandNames.get(key);
    if (other) throw new Error(`${op.where} and ${other} would both be \`paywise ${key}\`: give one an x-pw-sdk-method in the overlay`);
    commandNames.set(key, op.where);
    const { fields, options } = commandFlags(op, spec);
    return { op, resource, command, fields, options, example: exampleInput(op, fields, resolve) };
  });
  /** @type {Map<string, { name: string, description?: string }>} */
  const tags = new Map((spec.tags ?? []).map((/** @type {any} */ tag) => [tag.name, tag]));
  const resources = [...new Set(ops.map((op) => op.resource))];
  const lines = ['import type { CliCommand, CliResource } from "../../src/cli/command";', 'import * as descriptors from "./operations";', ""];
  lines.push(...doc(["The resources, `paywise <resource>`, with their tag's description."]), "export const CLI_RESOURCES: readonly CliResource[] = [");
  for (const resource of resources) {
    const tag = ops.find((op) => op.resource === resource)?.operation.tags?.[0];
    lines.push(`  { name: ${literal(kebabCase(resource))}, sdkName: ${literal(resource)}, description: ${literal(firstText(tags.get(tag)?.description))} },`);
  }
  lines.push("];", "");
  lines.push(...doc(["Every command, `paywise <resource> <command>`, sorted as the SDK's methods are."]), "export const CLI_COMMANDS: readonly CliCommand[] = [");
  for (const { op, resource, command, fields, options, example } of commands) {
    lines.push(
      "  {",
      `    resource: ${literal(resource)},`,
      `    command: ${literal(command)},`,
      `    descriptor: descriptors.${op.resource}${capitalise(op.method)},`,
      `    summary: ${literal(firstText(op.operation.summary))},`,
      `    description: ${literal(firstText(op.operation.description))},`,
      "    fields: [",
      ...fields.map(
        (field) =>
          `      { field: ${literal(field.field)}, flag: ${literal(field.flag)}, type: ${literal(field.type)}, required: ${field.required}, description: ${literal(field.description)}` +
          (field.values?.length ? `, values: [${field.values.map(scalar).join(", ")}]` : "") +
          (field.format ? `, format: ${literal(field.format)}` : "") +
          (field.example !== undefined ? `, example: ${jsonText(field.example)}` : "") +
          " },",
      ),
      "    ],",
      `    options: [${options.map((/** @type {any} */ option) => `{ option: ${literal(option.option)}, flag: ${literal(option.flag)}, header: ${literal(option.header)}, required: ${option.required}, description: ${literal(option.description)} }`).join(", ")}],`,
      ...(example ? [`    example: ${jsonText(example)},`] : []),
      "  },",
    );
  }
  lines.push("];", "");
  return lines.join("\n");
}
