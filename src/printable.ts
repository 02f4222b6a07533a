// Server text made safe to print on one line (issue 15). A server's message, request id or error
// code ends up in error messages and log lines; a CR or LF there forges a whole log line, an ANSI
// escape rewrites a terminal, a bidi override makes a line read differently from its bytes, and an
// invisible character makes `AMBIGUOUS\u200b_MATCH` print as `AMBIGUOUS_MATCH` (issue 28).

/**
 * Characters that act on a terminal or a viewer, or show nothing: DEL and the C1 controls, the soft
 * hyphen, the line and paragraph separators, the bidi marks, overrides and isolates, the zero-width
 * characters (U+200B to U+200D, U+2060 to U+2064, U+FEFF and the like), the Hangul fillers, the
 * interlinear annotation marks, and the tag characters (U+E0000 to U+E007F, written in UTF-16 as
 * U+DB40 and a low surrogate). One character each: the pattern runs in one pass.
 */
const INVISIBLE_SOURCE =
  "[\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff9-\\ufffb]|\\udb40[\\udc00-\\udc7f]";

/**
 * Those characters, for text JSON.stringify wrote (which escapes U+0000 to U+001F itself). Marked
 * pure: only the command line uses it, so the main entry's bundle drops it instead of building it at import.
 */
export const INVISIBLE = /* @__PURE__ */ new RegExp(INVISIBLE_SOURCE, "g");
/** Those characters and the C0 controls. */
const UNPRINTABLE = new RegExp(`[\\u0000-\\u001f]|${INVISIBLE_SOURCE}`, "g");

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Each UTF-16 unit as `\uXXXX` (valid in JSON too, where a tag character becomes its surrogate pair). */
export function escapeUnits(characters: string): string {
  if (Object.hasOwn(SHORT_ESCAPES, characters)) return SHORT_ESCAPES[characters]!;
  let escaped = "";
  for (let index = 0; index < characters.length; index++) escaped += `\\u${characters.charCodeAt(index).toString(16).padStart(4, "0")}`;
  return escaped;
}

/**
 * The text with each control character, line separator, bidi control and invisible character
 * written as an escape (`\n`, `\r`, `\t`, `\u001b`, `\u202e`, `\u200b`), so it stays on one line and
 * reads as its bytes do. Text without any comes back as it is.
 */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE, escapeUnits) : text;
}
