// The bodies the fake answers with: a documented example by name, a payload in its envelope, and
// the contract's 400 for a request that breaks it. Every body is built from the generated examples.
import { zEnvelope } from "../../../generated/current";
import { isObject, JSON_MEDIA } from "../../constants";
import type { ValidationIssue } from "../../errors";
import { checkResponse } from "../../validation";
import { answerOf, documentedStatuses, successStatus, type FakeOperationEntry } from "./operations";

/** What the fake sends back for one request that it answers. */
export interface FakeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent: JSON text, or another page's text. */
  readonly body: string;
}

const JSON_HEADERS = { "content-type": JSON_MEDIA } as const;

/** A documented status's example: the one named, else its first named one, else the one a mock serves unnamed. */
export function documentedExample(entry: FakeOperationEntry, status: number, name?: string): unknown {
  const answer = answerOf(entry, status);
  if (!answer) {
    throw new TypeError(`${entry.key} does not document status ${status}; the contract documents ${documentedStatuses(entry).join(", ")}`);
  }
  const names = Object.keys(answer.examples);
  if (name !== undefined) {
    if (!Object.hasOwn(answer.examples, name)) {
      throw new TypeError(`${entry.key} documents no example ${JSON.stringify(name)} for status ${status}; its examples are ${names.length ? names.join(", ") : "none (only an unnamed one)"}`);
    }
    return structuredClone(answer.examples[name]);
  }
  if (names.length > 0) return structuredClone(answer.examples[names[0]!]);
  if (answer.sample !== undefined) return structuredClone(answer.sample);
  throw new TypeError(`${entry.key}: the contract documents no example for status ${status}; script this answer with a payload or a body`);
}

export function jsonAnswer(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): FakeAnswer {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: jsonText(body) };
}

/**
 * JSON text of a scripted body. JSON.stringify recurses, so a body nested deeper than the stack
 * (a malformedSuccess of 100,000 levels, issue 28) is written by a loop over an explicit stack.
 */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const parts: string[] = [];
  // Each entry is a value to write, or text (a comma, a key, a closing bracket) to write as it is.
  const stack: ({ text: string } | { value: unknown; inArray: boolean })[] = [{ value, inArray: true }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if ("text" in next) {
      parts.push(next.text);
      continue;
    }
    const item = next.value;
    if (item === null || typeof item !== "object") {
      parts.push(JSON.stringify(item) ?? (next.inArray ? "null" : ""));
      continue;
    }
    const entries: [string | undefined, unknown][] = Array.isArray(item)
      ? item.map((element): [undefined, unknown] => [undefined, element])
      : Object.entries(item).filter(([, element]) => element !== undefined && typeof element !== "function" && typeof element !== "symbol");
    stack.push({ text: Array.isArray(item) ? "]" : "}" });
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, element] = entries[index]!;
      stack.push({ value: element, inArray: key === undefined });
      if (key !== undefined) stack.push({ text: `${JSON.stringify(key)}:` });
      if (index > 0) stack.push({ text: "," });
    }
    parts.push(Array.isArray(item) ? "[" : "{");
  }
  return parts.join("");
}

/**
 * A success body around a payload of the SDK's result type: the documented success example's
 * envelope (its message, request id, timestamp) with the payload under `data`, or flattened into
 * the envelope, as the operation's answers carry it. It must fit the contract, except for values
 * PayWise may add unlisted (an open enum's); for a body that does not fit, script the fault
 * "malformedSuccess" instead.
 */
export function payloadBody(entry: FakeOperationEntry, payload: unknown, status = successStatus(entry)): Record<string, unknown> {
  if (!isObject(payload)) throw new TypeError(`${entry.key}: a payload must be an object of the operation's result type`);
  const example = documentedExample(entry, status) as Record<string, unknown>;
  // Where the payload goes is the descriptor's payloadIn, the rule the SDK reads answers by.
  const body = entry.descriptor.payloadIn === "data" ? { ...example, data: payload } : { ...envelopeOnly(example), ...payload };
  assertFits(entry, status, body, "the scripted payload");
  return body;
}

/** The envelope's own fields (the contract's Envelope schema: status, code, message, request_id, …). */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(Object.keys(zEnvelope.shape));

/** The example with only the envelope's fields kept. */
function envelopeOnly(example: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(example).filter(([key]) => ENVELOPE_FIELDS.has(key)));
}

/** Throws a TypeError naming what does not fit, when a body breaks the status's schema. */
export function assertFits(entry: FakeOperationEntry, status: number, body: unknown, what: string): void {
  const schema = answerOf(entry, status)?.schema;
  if (!schema) return;
  const { issues } = checkResponse(schema, body);
  if (issues.length) {
    throw new TypeError(
      `${entry.key}: ${what} does not fit the contract's ${status} answer (${issues.map((issue) => `${issue.path || "body"} ${issue.message}`).join("; ")}); to send a success that does not fit, script the fault "malformedSuccess"`,
    );
  }
}

/**
 * The contract's answer to a request that breaks it: the operation's documented 400 example with
 * `message` saying what was wrong (and `missing` listing what it lacked, where the example has
 * one), or, for an operation that documents no 400, the envelope every answer comes in.
 */
/** An error in the envelope every PayWise answer comes in, for a status the operation documents no example of. */
export function errorEnvelope(status: number, message: string): Record<string, unknown> {
  return { status: "error", code: status, message, request_id: crypto.randomUUID(), timestamp: new Date().toISOString() };
}

export function badRequestBody(entry: FakeOperationEntry, issues: readonly ValidationIssue[], missing: readonly string[]): Record<string, unknown> {
  const message = issues.map((issue) => `${issue.path} ${issue.message}`).join("; ");
  if (!answerOf(entry, BAD_REQUEST)) return errorEnvelope(BAD_REQUEST, message);
  const body: Record<string, unknown> = { ...(documentedExample(entry, BAD_REQUEST) as Record<string, unknown>), message };
  if (Array.isArray(body.missing)) body.missing = [...missing];
  return body;
}

export const BAD_REQUEST = 400;
