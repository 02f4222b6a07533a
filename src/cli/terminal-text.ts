// What the CLI prints comes from the contract (help), from PayWise (results, errors) and from the
// caller: none of it may move the cursor, rewrite the terminal or reorder what a line shows.
import { printable } from "../printable";

/**
 * Characters JSON.stringify leaves as they are that a terminal acts on or a viewer reorders: DEL,
 * the C1 controls (U+009B is a one-byte CSI), the line and paragraph separators and the bidi
 * controls. JSON.stringify already escapes U+0000 to U+001F.
 */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with those characters written as `\uXXXX`: the same JSON value, safe to print. */
export function terminalJson(json: string): string {
  return json.replace(JSON_UNSAFE, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Prose (a description, a message) safe to print: each of its lines through printable(), line breaks kept. */
export function terminalProse(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => printable(line))
    .join("\n");
}

/** Text on one line: line breaks and controls escaped (printable()). */
export const terminalLine = printable;
