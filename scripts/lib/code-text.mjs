// @ts-check
// The one route by which text from a contract reaches generated code (issue 15, item 1): a JSON
// string literal for a value (codePointLiteral in hey-api's zod schemas, regexLiteralSafe for a
// pattern), and commentText/docComment for prose in a TSDoc comment. A contract arrives from
// outside the repository on every bump, so its text is data and never code: nothing of it may end
// a comment, start a line of code, or hide what a line says.

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
 * A character as a code-point escape, `\u{…}` (ES2015): what a JavaScript string literal and a
 * comment hold for a character they must not hold raw. hey-api's printer turns every `\uXXXX` of
 * the text it prints into the raw character (astToString in its render-utils), and leaves this form alone.
 */
const codePointBraced = (/** @type {string} */ char) => `\\u{${/** @type {number} */ (char.codePointAt(0)).toString(16)}}`;

/**
 * A value as a JavaScript string literal: JSON's escaping (valid JavaScript since ES2019), with the
 * line separators and invisible characters JSON leaves raw written as escapes of the same value.
 */
export const literal = (/** @type {unknown} */ value) => escapeInvisible(JSON.stringify(String(value)));

/**
 * Prose made safe inside a `/** … *\/` comment, line breaks kept as "\n": `*\/` cannot close the
 * comment, U+2028/U+2029 and CR become line breaks, invisible characters show as `\u{…}`, a backslash
 * that starts `\uXXXX` as `&#92;` (both for hey-api's printer, see codePointBraced), and an
 * `@` that could start a TSDoc tag becomes `&#64;` (an editor's hover still shows "@"). `@internal`
 * and `@__PURE__` are escaped wherever they stand: tsc's stripInternal and bundlers act on the bare
 * substring, so a contract's "x@internal" would drop a declaration from the .d.ts.
 */
export function commentText(/** @type {unknown} */ text) {
  return String(text)
    .split(LINE_BREAK)
    .join("\n")
    .replace(INVISIBLE, codePointBraced)
    // A `\u0041` of the text as hey-api's printer would leave it: "A", and `*\u002f` would end the comment.
    .replace(/\\(?=u[0-9a-fA-F]{4})/g, "&#92;")
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

/** A character of a pattern as a regex literal can hold it: itself, unless it is a control, line break or invisible (then `\xHH` or `\uXXXX`). */
function regexChar(/** @type {string} */ char) {
  const unit = char.charCodeAt(0);
  if ((unit >= 0x20 && unit <= 0x7e) || (unit >= 0xa0 && !holdsInvisible(char))) return char;
  return unit < 0x100 ? `\\x${unit.toString(16).padStart(2, "0")}` : codePoint(char);
}

/**
 * A contract's `pattern` rewritten so that it matches the same strings and holds no `/`, line
 * break or invisible character: the zod generator writes it into a regex literal (`/…/`) and
 * escapes `/` without regard to a preceding `\\`, so `\\\\/` in a contract would end the literal
 * and run what follows. Such characters become `\xHH` or `\uXXXX` escapes. A `\uXXXX` escape of
 * the contract becomes `\xHH` or the visible character it stands for, so that hey-api's printer, which
 * turns every `\uXXXX` into the raw character (`\u002f` would end the literal), finds none
 * (zod-literals.mjs writes a pattern that still holds one as `new RegExp('…')`).
 * @param {string} pattern
 */
export function regexLiteralSafe(pattern) {
  let out = "";
  // By code point: a surrogate pair is one visible character, a lone surrogate is escaped.
  for (let i = 0; i < pattern.length; ) {
    const char = String.fromCodePoint(/** @type {number} */ (pattern.codePointAt(i)));
    i += char.length;
    const hex = char === "\\" ? /^u([0-9a-fA-F]{4})/.exec(pattern.slice(i, i + 5))?.[1] : undefined;
    if (hex) {
      const unit = String.fromCharCode(Number.parseInt(hex, 16));
      // Below 0x80 it may be a character with a meaning in a regex (`\u002a` is "*", not a repetition).
      out += unit < "\x80" ? `\\x${hex.slice(2)}` : regexChar(unit);
      i += 5;
    } else if (char === "\\" && i < pattern.length) {
      const next = String.fromCodePoint(/** @type {number} */ (pattern.codePointAt(i)));
      i += next.length;
      // `\/` is "/" in a regex; any other escape is kept as written (its second character plain ASCII or made so by regexChar).
      out += next === "/" ? "\\x2f" : next >= " " && next <= "~" ? char + next : regexChar(next);
    } else out += char === "/" ? "\\x2f" : regexChar(char);
  }
  return out;
}

/**
 * Text with every invisible character and line separator written as its `\uXXXX` escape: inside a
 * string literal (and a Markdown page) the escape stands for the same character.
 */
export function escapeInvisible(/** @type {string} */ code) {
  return code.replace(INVISIBLE, codePoint).replace(/[\u2028\u2029]/g, codePoint);
}

/** One character (a code point, or a lone surrogate) that codePointLiteral writes as an escape. */
const ESCAPED_IN_LITERAL = new RegExp(`^(?:[\\\\'\\t\\n\\u2028\\u2029]|${INVISIBLE.source})$`);

/**
 * A value as a single-quoted JavaScript string literal (hey-api's style) whose quote, backslash, tab,
 * line breaks and invisible characters are code-point escapes (codePointBraced): the form hey-api's
 * printer leaves as it is. With the backslash escaped too, no `\u0041` of the value (six characters)
 * can turn into "A" there. Written as an identifier's text, which TypeScript's printer copies as it is.
 */
export function codePointLiteral(/** @type {unknown} */ value) {
  let text = "";
  for (const char of String(value)) text += ESCAPED_IN_LITERAL.test(char) ? codePointBraced(char) : char;
  return `'${text}'`;
}

/** Whether text holds a line separator or an invisible character, which no generated module may hold raw. */
export const holdsInvisible = (/** @type {string} */ text) => /[\u2028\u2029]/.test(text) || new RegExp(INVISIBLE.source).test(text);

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
