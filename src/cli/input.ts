// A command's input: the whole of it as JSON from --input (inline, @file or - for stdin), with
// each field flag laid over it, typed as the contract types the field. The SDK then checks it as
// it checks any caller's input, before anything is sent.
import { readFile } from "node:fs/promises";
import { isObject } from "../constants";
import type { CliCommand, FieldFlag } from "./command";
import type { FlagValues } from "./parse";
import { UsageError } from "./usage-error";

/** A JSON number, and nothing else that Number() would also read ("0x10", " 1", "Infinity"). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A flag's text as a number when it is one; otherwise the text as it is, so that the SDK's
 * check names the field and says what it expected ("expected number, got string").
 */
export function numberOrText(text: string): number | string {
  return JSON_NUMBER.test(text) ? Number(text) : text;
}

/**
 * JSON.parse with an error that never quotes the text: it may hold a token. V8's SyntaxError
 * quotes the text, so only its position is kept.
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    throw new UsageError(`${what} is not valid JSON${position === undefined ? "" : ` (at character ${position})`}`);
  }
}

export interface InputSources {
  /** Reads standard input to its end. */
  readStdin(): Promise<string>;
}

async function inputText(spec: string, sources: InputSources): Promise<{ text: string; what: string }> {
  if (spec === "-") return { text: await sources.readStdin(), what: "--input - (standard input)" };
  if (spec.startsWith("@")) {
    const path = spec.slice(1);
    try {
      return { text: await readFile(path, "utf8"), what: "--input @FILE" };
    } catch (error) {
      // The path is not printed back: no value given to a flag is (issue 28).
      throw new UsageError(`--input @FILE: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  return { text: spec, what: "--input" };
}

function fieldValue(field: FieldFlag, value: string | boolean): unknown {
  switch (field.type) {
    case "number":
    case "integer":
      return typeof value === "string" ? numberOrText(value) : value;
    case "json":
      return typeof value === "string" ? parseJson(value, `--${field.flag}`) : value;
    default:
      return value;
  }
}

/** Sets a property as JSON.parse would: a field named "__proto__" stays a field. */
function setField(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The input to call the command's SDK method with. */
export async function commandInput(command: CliCommand, values: FlagValues, sources: InputSources): Promise<unknown> {
  let input: unknown = {};
  if (typeof values.input === "string") {
    const { text, what } = await inputText(values.input, sources);
    input = parseJson(text, what);
  }
  const given = command.fields.filter((field) => values[field.flag] !== undefined || values[`no-${field.flag}`] !== undefined);
  if (given.length === 0) return input;
  if (!isObject(input)) {
    throw new UsageError(`--input must be a JSON object for field flags (${given.map((field) => `--${field.flag}`).join(", ")}) to be added to it`);
  }
  for (const field of given) {
    const negated = values[`no-${field.flag}`] === true;
    if (negated && values[field.flag] !== undefined) throw new UsageError(`--${field.flag} and --no-${field.flag} contradict each other`);
    setField(input, field.field, negated ? false : fieldValue(field, values[field.flag]!));
  }
  return input;
}
