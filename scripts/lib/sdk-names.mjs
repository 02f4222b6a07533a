// @ts-check
// How the SDK names and treats each operation of a contract: one rule, shared by the generator
// (which writes the resource classes) and the spec diff (which reports changes per SDK method).
//
// The contract stays as PayWise publishes it; what the SDK adds comes from the overlay beside it
// (openapi/pw-wrappers.overlay.yaml) as these operation extensions:
//   x-pw-sdk-method  the method name, when the rule below does not give the right one
//   x-pw-retry       "idempotent" or "unsent-only" (see src/retry.ts), when the default is wrong
//   x-pw-sdk-result  the name of the method's result type, when `<Method>Result` is not wanted
// and, on a header parameter the client does not fill:
//   x-pw-sdk-option  the call option it becomes, when the rule of optionName gives a taken name

import { operationsOf } from "./openapi.mjs";

export const RETRY_MODES = ["idempotent", "unsent-only"];
/** Methods HTTP defines as safe to repeat; any other is retried only when provably unsent. */
const IDEMPOTENT_BY_DEFINITION = new Set(["get", "head", "options"]);

/** "bank-account" -> ["Bank", "Account"]; "createAccountSession" -> ["create", "Account", "Session"]. */
function words(/** @type {unknown} */ text) {
  return String(text)
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g) ?? [])
    .filter(Boolean);
}

/** The kebab-case form of a name, for the command line: "createSession" -> "create-session", "mobile_number" -> "mobile-number". */
export const kebabCase = (/** @type {unknown} */ text) => words(text).map((word) => word.toLowerCase()).join("-");

/** "account" -> "Account". */
export const capitalise = (/** @type {string} */ word) => word.charAt(0).toUpperCase() + word.slice(1);
const lowerFirst = (/** @type {string} */ word) => word.charAt(0).toLowerCase() + word.slice(1);

/** Every name the generator derives from a contract and writes as code: a letter, then letters and digits. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]{0,99}$/;
/**
 * Names a resource may not take: the client holds its resources as its own properties, so
 * `paywise.toJSON` or `paywise.constructor` would replace what every object has.
 */
const TAKEN_BY_THE_CLIENT = (/** @type {string} */ name) => name in Object.prototype || name === "toJSON";

/**
 * `name` when it is an identifier the generated code can carry, else an error naming `where`.
 * @param {string} name
 * @param {string} what
 * @param {string} where
 */
function identifier(name, what, where) {
  if (!IDENTIFIER.test(name)) throw new Error(`${where}: ${what} would be ${JSON.stringify(name)}, which is not a letter then letters and digits (at most 100); rename it in the contract or the overlay`);
  return name;
}

/** The resource an operation belongs to: its first tag, camelCased (`paywise.<resource>`). */
export function resourceName(/** @type {any} */ operation, where = "an operation") {
  const tag = operation.tags?.[0];
  if (typeof tag !== "string" || words(tag).length === 0) throw new Error(`${where} has no tag, so it belongs to no resource: give it one in the contract or the overlay`);
  const resource = identifier(lowerFirst(words(tag).map(capitalise).join("")), "its resource (from its first tag)", where);
  if (TAKEN_BY_THE_CLIENT(resource)) throw new Error(`${where}: its resource would be paywise.${resource}, which every object already has; give the operation another first tag`);
  return resource;
}

/**
 * The SDK method name: the overlay's x-pw-sdk-method, else the operationId with the tag's words
 * taken out (createAccountSession -> createSession, registerAccount -> register,
 * getAccountStatement -> getStatement).
 */
export function methodName(/** @type {any} */ operation, where = "an operation") {
  const given = operation["x-pw-sdk-method"];
  if (given !== undefined) {
    if (typeof given !== "string" || !/^[a-z][A-Za-z0-9]*$/.test(given) || given === "constructor") throw new Error(`${where}: x-pw-sdk-method must be a camelCase identifier other than constructor, not ${JSON.stringify(given)}`);
    return given;
  }
  const id = operation.operationId;
  if (typeof id !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(id)) throw new Error(`${where} has no usable operationId; give it one, or an x-pw-sdk-method in the overlay`);
  const tagWords = words(operation.tags?.[0] ?? "").map((word) => word.toLowerCase());
  const idWords = words(id);
  const lower = idWords.map((word) => word.toLowerCase());
  const at = tagWords.length ? lower.findIndex((_, i) => tagWords.every((word, j) => lower[i + j] === word)) : -1;
  const kept = at === -1 ? idWords : [...idWords.slice(0, at), ...idWords.slice(at + tagWords.length)];
  const method = identifier(kept.length === 0 ? lowerFirst(id) : lowerFirst(kept.map(capitalise).join("")), "its method name", where);
  // A class method called constructor would be the class's constructor.
  if (method === "constructor") throw new Error(`${where}: its method would be named constructor; give it an x-pw-sdk-method in the overlay`);
  return method;
}

/** How an operation may be retried: the overlay's x-pw-retry, else by HTTP method. */
export function retryMode(/** @type {string} */ httpMethod, /** @type {any} */ operation, where = "an operation") {
  const given = operation["x-pw-retry"];
  if (given !== undefined) {
    if (!RETRY_MODES.includes(given)) throw new Error(`${where}: x-pw-retry must be one of ${RETRY_MODES.join(", ")}, not ${JSON.stringify(given)}`);
    return given;
  }
  return IDEMPOTENT_BY_DEFINITION.has(httpMethod) ? "idempotent" : "unsent-only";
}

/**
 * The option a header parameter becomes on a call, when the client does not fill it: the
 * overlay's x-pw-sdk-option, else its words less a leading "PW", camelCased (PW-request-id ->
 * requestId, X-Trace-Id -> xTraceId).
 */
export function optionName(/** @type {string} */ headerName, /** @type {any} */ parameter = {}, where = "a header parameter") {
  const given = parameter["x-pw-sdk-option"];
  if (given !== undefined) {
    if (typeof given !== "string" || !/^[a-z][A-Za-z0-9]*$/.test(given)) throw new Error(`${where}: x-pw-sdk-option must be a camelCase identifier, not ${JSON.stringify(given)}`);
    return given;
  }
  const parts = words(headerName);
  const kept = parts.length > 1 && parts[0]?.toUpperCase() === "PW" ? parts.slice(1) : parts;
  return identifier(lowerFirst(kept.map((word) => capitalise(word.toLowerCase())).join("")), "its call option", where);
}

const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;

/**
 * The exported type names of a method: `<Method>Params`, `<Method>Options` (when it has options
 * of its own) and `<Method>Result`, or the overlay's x-pw-sdk-result for the result.
 */
export function typeNames(/** @type {string} */ method, /** @type {any} */ operation, where = "an operation") {
  const Method = capitalise(method);
  const result = operation["x-pw-sdk-result"];
  if (result !== undefined && (typeof result !== "string" || !TYPE_NAME.test(result))) {
    throw new Error(`${where}: x-pw-sdk-result must be a PascalCase type name, not ${JSON.stringify(result)}`);
  }
  return { params: `${Method}Params`, options: `${Method}Options`, result: result ?? `${Method}Result` };
}

/** The class of a resource: `account` -> `Account`. */
export const resourceClassName = (/** @type {string} */ resource) => capitalise(resource);

/**
 * @typedef {object} SdkOperation One operation as the SDK exposes it.
 * @property {string} path
 * @property {string} httpMethod
 * @property {string | undefined} operationId
 * @property {string} resource
 * @property {string} method
 * @property {"idempotent" | "unsent-only"} retry
 * @property {{ params: string, options: string, result: string }} types
 * @property {Record<string, any>} operation
 */

/**
 * Every operation of a contract (with the overlay applied) as the SDK exposes it, sorted by
 * resource then method. Two operations that would get the same method fail here, with both named.
 * @param {any} spec
 * @returns {SdkOperation[]}
 */
export function sdkOperations(spec) {
  const out = operationsOf(spec).map(({ path, method: httpMethod, operation }) => {
    const where = `${httpMethod.toUpperCase()} ${path}`;
    return {
      path,
      httpMethod,
      operationId: operation.operationId,
      resource: resourceName(operation, where),
      method: methodName(operation, where),
      retry: retryMode(httpMethod, operation, where),
      types: typeNames(methodName(operation, where), operation, where),
      operation,
    };
  });
  const seen = new Map();
  for (const entry of out) {
    const key = `${entry.resource}.${entry.method}`;
    const other = seen.get(key);
    if (other) throw new Error(`${other.httpMethod.toUpperCase()} ${other.path} and ${entry.httpMethod.toUpperCase()} ${entry.path} would both be paywise.${key}: give one an x-pw-sdk-method in the overlay`);
    seen.set(key, entry);
  }
  // Every method's types are exported side by side, so two may not share a name (getStatus under
  // two resources, or a result named like another method's params).
  const typeOwner = new Map([...new Set(out.map((entry) => entry.resource))].map((resource) => [resourceClassName(resource), `the resource paywise.${resource}`]));
  for (const entry of out) {
    for (const name of Object.values(entry.types)) {
      const owner = `paywise.${entry.resource}.${entry.method}`;
      const other = typeOwner.get(name);
      if (other && other !== owner) throw new Error(`${owner} and ${other} would both export a type ${name}: give one an x-pw-sdk-method or x-pw-sdk-result in the overlay`);
      typeOwner.set(name, owner);
    }
  }
  return out.sort((a, b) => (a.resource + "." + a.method < b.resource + "." + b.method ? -1 : 1));
}
