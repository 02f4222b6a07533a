// The spec diff's findings in the words of an SDK user (issue 16, item 3): the method as it is
// called (`paywise.account.createSession`), the public type a field belongs to (`email` is now
// required in `CreateSessionParams`), what to change for a breaking line, and for a new method its
// endpoint, its types and the retry policy it received. The findings themselves (spec-changes.mjs)
// stay in the contract's terms; this module only rewords them, and keeps any it cannot read as
// they are.
import { optionName } from "./sdk-names.mjs";

const RETRY_WORDS = {
  idempotent: "retried on any retryable failure (idempotent)",
  "unsent-only": "retried only when the request provably never reached PayWise (unsent-only)",
};

/**
 * @typedef {object} MethodWords A method's names, from the contract it is in.
 * @property {string} name
 * @property {{ params: string, options: string, result: string }} types
 * @property {"idempotent" | "unsent-only"} retry
 * @property {"overlay" | "default"} retrySource
 * @property {string} httpMethod
 * @property {string} path
 * @property {boolean} hasOptions
 */

/**
 * "retried … (idempotent), set by x-pw-retry in the overlay" or "…, the default for a POST: …".
 * @param {MethodWords} sdk
 * @returns {string}
 */
export function retryPolicyWords(sdk) {
  const how = RETRY_WORDS[sdk.retry] ?? sdk.retry;
  if (sdk.retrySource === "overlay") return `${how}, as x-pw-retry in the overlay says`;
  return `${how}, the default for a ${sdk.httpMethod.toUpperCase()}: accept it, or set x-pw-retry in openapi/pw-wrappers.overlay.yaml`;
}

const code = (text) => `\`${text}\``;
const FIELD = /^(?:request body field (?<body>\S+)|(?<in>query|path|cookie|header) parameter (?<param>\S+)|response (?<status>\d{3}|default) field (?<out>\S+)) (?<what>.+)$/;
/** "response 200 example \"success\" changed", "response 200 body examples changed", "request body field email example added". */
const EXAMPLE = /^(?<where>.+?) (?<kind>examples?)(?: (?<name>"[^"]*"))? (?<verb>added|changed|removed)$/;

/** Where a field lives for a user: the type, the name they write, and whether it is input. */
function place(groups, sdk) {
  if (groups.body !== undefined || (groups.in && groups.in !== "header")) return { type: sdk.types.params, name: groups.body ?? groups.param, input: true };
  if (groups.in === "header") return { type: sdk.types.options, name: optionName(groups.param), input: true };
  const status = groups.status;
  const name = groups.out.replace(/^data\./, "");
  if (status.startsWith("2")) return { type: sdk.types.result, name, input: false };
  return { type: `the ${status} error's body`, name: groups.out, input: false };
}

/** Line terminators, which `.` in a pattern does not match. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * `A to B` split as /^(.+) to (.+)$/ splits it (at the last " to " that leaves B a character), by a
 * search: on a text with a line break the pattern failed only after retrying from each " to " (20,000
 * of them: 0.7 s), and the caller then threw a TypeError (issue 28). Undefined where it would not match.
 * @param {string} text
 * @returns {[string, string] | undefined}
 */
function splitAtLastTo(text) {
  if (LINE_TERMINATOR.test(text)) return undefined;
  const at = text.lastIndexOf(" to ", text.length - 5);
  return at > 0 ? [text.slice(0, at), text.slice(at + 4)] : undefined;
}

function valuesOf(text) {
  return text ? text.split(/, (?=")/) : [];
}

/** `{ text, todo }` for one field finding. */
function fieldWords({ type, name, input }, what, change, sdk) {
  const field = code(name);
  const typeName = type.startsWith("the ") ? type : code(type);
  const call = code(`paywise.${sdk.name}`);
  const enumMatch = /^enum (?:gains (?<gained>.+?))?(?: and )?(?:loses (?<lost>.+))?$/.exec(what);
  if (enumMatch) {
    const gained = change.values?.added?.map((value) => JSON.stringify(value)) ?? valuesOf(enumMatch.groups?.gained);
    const lost = change.values?.removed?.map((value) => JSON.stringify(value)) ?? valuesOf(enumMatch.groups?.lost);
    const parts = [gained.length ? `${input ? "now accepts" : "may now be"} ${gained.join(", ")}` : "", lost.length ? `no longer ${input ? "accepts" : "is"} ${lost.join(", ")}` : ""].filter(Boolean);
    const todo = input ? (lost.length ? `stop sending ${lost.join(", ")}` : "") : gained.length ? `handle ${gained.join(", ")} wherever your code switches on ${field}` : "";
    return { text: `${field} in ${typeName} ${parts.join(" and ")}`, todo };
  }
  const verbs = {
    added: input ? [`${typeName} takes a new optional ${field}`, ""] : [`${typeName} has a new field ${field}`, ""],
    "added, required": input ? [`${typeName} has a new required field ${field}`, `pass ${field} in every call of ${call}`] : [`${typeName} has a new field ${field}`, ""],
    removed: input ? [`${field} is no longer in ${typeName}`, `stop passing ${field} to ${call}`] : [`${field} is no longer in ${typeName}`, `stop reading ${field} from what ${call} resolves to`],
    "newly required": input ? [`${field} is now required in ${typeName}`, `pass ${field} in every call of ${call}`] : [`${field} is now always present in ${typeName}`, ""],
    "no longer required": input ? [`${field} is now optional in ${typeName}`, ""] : [`${field} may now be absent from ${typeName}`, `handle ${field} being undefined`],
    "now optional": input ? [`${field} is now optional in ${typeName}`, ""] : [`${field} may now be absent from ${typeName}`, `handle ${field} being undefined`],
  };
  if (verbs[what]) return { text: verbs[what][0], todo: verbs[what][1] };
  // `what` holds no line break (FIELD's `.+$` took it), so these two find their match at once.
  const property = /^(\w+) changed(?: from (.+) to (.+))?$/.exec(what);
  if (property && ["description", "summary", "title"].includes(property[1])) return { text: `the description of ${field} in ${typeName} changed (shown on hover)`, todo: "" };
  if (property) {
    const detail = property[2] !== undefined ? ` from ${property[2]} to ${property[3]}` : "";
    return { text: `${field} in ${typeName}: its ${property[1]} changed${detail}`, todo: input ? `check that what you pass as ${field} meets the new rule` : `check that your code accepts the new ${field}` };
  }
  return { text: `${field} in ${typeName}: ${what}`, todo: "check the code that uses it" };
}

/**
 * One CHANGELOG line for a finding: "`paywise.account.createSession`: `email` is now required in
 * `CreateSessionParams`. To do: pass `email` in every call of …". `sdk`: the method's names
 * (`name`, `types`, `retry`, `retrySource`, `httpMethod`, `path`), from the contract it is in.
 * @param {{ level: string, text: string, isNew?: boolean, values?: { added?: unknown[], removed?: unknown[] } }} change
 * @param {MethodWords} sdk
 * @returns {string}
 */
export function changelogLine(change, sdk) {
  const call = code(`paywise.${sdk.name}`);
  let words;
  const text = change.text;
  if (text === "new method") {
    const options = sdk.hasOptions ? `, options \`${sdk.types.options}\`` : "";
    words = { text: `new method, ${code(`${sdk.httpMethod.toUpperCase()} ${sdk.path}`)}: takes ${code(sdk.types.params)}${options}, resolves to ${code(sdk.types.result)}; ${retryPolicyWords(sdk)}`, todo: "" };
  } else if (text === "method removed") {
    words = { text: `removed, with ${code(sdk.types.params)} and ${code(sdk.types.result)}`, todo: `remove the calls of ${call}` };
  } else if (text.startsWith("endpoint changed from ") && splitAtLastTo(text.slice("endpoint changed from ".length))) {
    const [from, to] = /** @type {[string, string]} */ (splitAtLastTo(text.slice("endpoint changed from ".length)));
    words = { text: `now calls ${code(to)} (was ${code(from)})`, todo: "nothing in your code; allow the new path where a proxy or firewall lists paths" };
  } else if (/^(description|summary|title|externalDocs|deprecated) changed$/.test(text)) {
    words = { text: text.startsWith("deprecated") ? "its deprecation changed" : "its description changed (shown on hover)", todo: "" };
  } else if (EXAMPLE.test(text)) {
    const { where, kind, name, verb } = /** @type {Record<string, string>} */ (/** @type {RegExpExecArray} */ (EXAMPLE.exec(text)).groups);
    const status = /^response (\d{3}|default)/.exec(where)?.[1];
    const of = status ? `the ${status} answer${/ field (\S+)/.test(where) ? `'s ${code(/** @type {RegExpExecArray} */ (/ field (\S+)/.exec(where))[1])}` : ""}` : where;
    words = { text: `the contract's ${kind}${name ? ` ${name}` : ""} of ${of} ${verb === "added" ? "added" : verb} (the mock serves ${kind === "examples" && !name ? "them" : "it"}; tests that assert on example values see the change)`, todo: "" };
  } else if (FIELD.test(text)) {
    const groups = /** @type {Record<string, string>} */ (/** @type {RegExpExecArray} */ (FIELD.exec(text)).groups);
    words = fieldWords(place(groups, sdk), groups.what, change, sdk);
  } else {
    words = { text, todo: change.level === "breaking" ? "check the code that uses it" : "" };
  }
  const todo = change.level === "breaking" && words.todo ? ` To do: ${words.todo}.` : "";
  return `- ${call}: ${words.text}.${todo}`;
}
