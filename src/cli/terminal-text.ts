// What the CLI prints comes from the contract (help), from PayWise (results, errors) and from the
// caller: none of it may move the cursor, rewrite the terminal or reorder what a line shows.
import { escapeUnits, INVISIBLE, printable } from "../printable";

/** JSON text with the characters a terminal acts on or does not show written as `\uXXXX` (printable.ts): the same JSON value, safe to print. */
export function terminalJson(json: string): string {
  return json.replace(INVISIBLE, escapeUnits);
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
