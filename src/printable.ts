// Server text made safe to print on one line (issue 15). A server's message, request id or error
// code ends up in error messages and log lines; a CR or LF there forges a whole log line, an ANSI
// escape rewrites a terminal, and a bidi override makes a line read differently from its bytes.

/**
 * What printable() escapes: C0 controls and DEL, C1 controls, the line and paragraph separators
 * (U+2028, U+2029, which some viewers break lines on), the bidi marks and overrides (U+061C,
 * U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(character: string): string {
  return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * The text with each control character, line separator and bidi control written as an escape
 * (`\n`, `\r`, `\t`, `\u001b`, `\u202e`), so it stays on one line and reads as its bytes do.
 * Text without any comes back as it is.
 */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE, escapeOne) : text;
}
