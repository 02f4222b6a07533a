// @ts-check
// The one route by which text from a contract reaches generated code (issue 15, item 1): a JSON
// string literal for a value, and commentText/docComment for prose in a TSDoc comment. A contract
// arrives from outside the repository on every bump, so its text is data and never code:
// nothing of it may end a comment, start a line of code, or hide what a line says.

/**
 * Characters that change how a line reads or parses without being seen: C0 and C1 controls other
 * than tab and newline, the bidirectional overrides and isolates (a "Trojan Source" reorders what
 * an editor shows), and lone surrogates (written to a UTF-8 file they become U+FFFD, so an enum
 * value would silently change).
 */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

const codePoint = (/** @type {string} */ char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * A value as a JavaScript string literal: JSON's escaping (valid JavaScript since ES2019), with the
 * line separators and invisible characters JSON leaves raw written as escapes of the same value.
 */
export const literal = (/** @type {unknown} */ value) => escapeInvisible(JSON.stringify(String(value)));

/**
 * Prose made safe inside a `/** … *\/` comment, line breaks kept as "\n": `*\/` cannot close the
 * comment, U+2028/U+2029 and CR become line breaks, invisible characters show as `\uXXXX`, and an
 * `@` that could start a TSDoc tag becomes `&#64;` (an editor's hover still shows "@"). `@internal`
 * and `@__PURE__` are escaped wherever they stand: tsc's stripInternal and bundlers act on the bare
 * substring, so a contract's "x@internal" would drop a declaration from the .d.ts.
 */
export function commentText(/** @type {unknown} */ text) {
  return String(text)
    .split(LINE_BREAK)
    .join("\n")
    .replace(INVISIBLE, codePoint)
    .replace(/\*\//g, "*\\/")
    .replace(/(^|[^A-Za-z0-9_])@|@(?=internal|__)/gi, (match, before) => `${before ?? ""}&#64;`);
}

/**
 * A TSDoc block from lines of prose (each may hold several lines), every line through commentText,
 * then the generator's own block tags (`@default …`), which are never the contract's text.
 * @param {readonly unknown[]} lines
 * @param {string} [indent]
 * @param {readonly string[]} [ownTags]
 */
export function docComment(lines, indent = "", ownTags = []) {
  const body = lines
    .flatMap((line) => commentText(line).split("\n"))
    .map((line) => `${indent} *${line.trim() ? " " + line.trimEnd() : ""}`);
  while (body.at(-1)?.trim() === "*") body.pop();
  return [`${indent}/**`, ...body, ...ownTags.map((tag) => `${indent} * ${tag}`), `${indent} */`];
}

/**
 * A contract's `pattern` rewritten so that it matches the same strings and holds no `/`, line
 * break or non-ASCII character: the zod generator writes it into a regex literal (`/…/`) and
 * escapes `/` without regard to a preceding `\\`, so `\\\\/` in a contract would end the literal
 * and run what follows. Every such character becomes a `\xHH` or `\uXXXX` escape.
 * @param {string} pattern
 */
export function regexLiteralSafe(pattern) {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = /** @type {string} */ (pattern[i]);
    if (char === "\\" && i + 1 < pattern.length) {
      const next = /** @type {string} */ (pattern[i + 1]);
      // `\/` is "/" in a regex; any other escape is kept as written (its second character plain ASCII or escaped below).
      out += next === "/" ? "\\x2f" : next.charCodeAt(0) < 0x20 || next.charCodeAt(0) > 0x7e ? codePoint(next) : char + next;
      i++;
    } else if (char === "/") out += "\\x2f";
    else if (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) > 0x7e) out += codePoint(char);
    else out += char;
  }
  return out;
}

/**
 * Text with every invisible character and line separator written as its `\uXXXX` escape: inside a
 * string literal (and a comment) the escape stands for the same character. `literal` applies it to
 * a value; generate.mjs still applies it to hey-api's printed zod module, whose printer turns every
 * `\uXXXX` TypeScript writes back into the raw character (issue 30, item 1, left open there).
 */
export function escapeInvisible(/** @type {string} */ code) {
  return code.replace(INVISIBLE, codePoint).replace(/[\u2028\u2029]/g, codePoint);
}

/** A contract's text quoted in a message: one line, escaped, and cut to a readable length. */
export function quoteForMessage(/** @type {unknown} */ text, max = 80) {
  const quoted = JSON.stringify(String(text)).replace(INVISIBLE, codePoint).replace(/[\u2028\u2029]/g, codePoint);
  return quoted.length > max ? `${quoted.slice(0, max)}…" (${String(text).length} characters)` : quoted;
}

/**
 * The last guard before generated/ is written: no generated module may hold a character that ends a
 * line for JavaScript but not for the eye, or one that hides or reorders text. Everything above
 * escapes them; this fails loudly if a tool's output carried one through.
 * @param {Map<string, string>} files
 */
export function assertPlainText(files) {
  for (const [name, text] of files) {
    if (!name.endsWith(".ts")) continue;
    const found = /[\r\u2028\u2029]/.exec(text) ?? new RegExp(INVISIBLE.source).exec(text);
    if (found) {
      const line = text.slice(0, found.index).split("\n").length;
      throw new Error(`generated/${name}, line ${line}: holds ${codePoint(found[0])}, which would hide or break what the code says; the contract's text reached it unescaped (a generator bug: report it)`);
    }
  }
}

/**
 * Text on one line: each line break, with the white space around it, becomes one space. Lines are
 * trimmed, not matched: /\s*\n\s*\/g retried from each space of a long run, and a contract
 * description of 20,000 spaces took 1.4 s (issue 28).
 */
export function oneLine(/** @type {string} */ text) {
  const lines = text.split("\n");
  if (lines.length === 1) return text;
  const trimmed = lines.map((line, index) => (index === 0 ? line.trimEnd() : index === lines.length - 1 ? line.trimStart() : line.trim()));
  // White space between two line breaks is part of one break.
  return trimmed.filter((line, index) => line !== "" || index === 0 || index === trimmed.length - 1).join(" ");
}
