// @ts-check
// The contract's strings and patterns in hey-api's zod schemas, written in a form its printer
// cannot change (issue 30, item 1). hey-api 0.95 prints each module and then turns every `\uXXXX`
// of the text into the raw character (astToString in its render-utils): an enum value, `const` or
// `default` with a line separator, a bidi override or a control character would reach generated/
// raw, and a value holding `\u0041` (six characters) would become "A". So, through the zod
// plugin's documented `~hooks.events["node:set:before"]`, the value of every variable it sets
// prints as its syntax tree with such a string literal written by code-text's codePointLiteral
// (`\u{…}` escapes, which the printer leaves alone), and such a regular expression literal as
// `new RegExp('…', '…')` of the same source and flags: without the `u` flag a regex literal has
// no escape for U+2028 but `\u2028` (code-text's regexLiteralSafe keeps every other pattern free of
// `\uXXXX`, so that it stays a literal). Every other node prints as hey-api wrote it.
import ts from "typescript";
import { codePointLiteral, holdsInvisible } from "./code-text.mjs";
import { PrintedAs } from "./printed-as.mjs";

/** What hey-api's printer rewrites in the text it prints: its own pattern, in render-utils. */
const REWRITTEN_BY_PRINTER = /\\u[0-9a-fA-F]{4}/;

/** A string literal of the value, as an identifier: TypeScript's printer copies an identifier's text as it is. */
const stringLiteral = (/** @type {string} */ value) => ts.factory.createIdentifier(codePointLiteral(value));

/** @type {ts.TransformerFactory<ts.Node>} */
const escapeLiterals = (context) => {
  /** @type {(node: ts.Node) => ts.Node} */
  const visit = (node) => {
    if (ts.isStringLiteral(node) && (node.text.includes("\\") || holdsInvisible(node.text))) return stringLiteral(node.text);
    if (ts.isRegularExpressionLiteral(node) && (REWRITTEN_BY_PRINTER.test(node.text) || holdsInvisible(node.text))) {
      const end = node.text.lastIndexOf("/");
      const flags = node.text.slice(end + 1);
      const args = [stringLiteral(node.text.slice(1, end)), ...(flags ? [stringLiteral(flags)] : [])];
      return ts.factory.createNewExpression(ts.factory.createIdentifier("RegExp"), undefined, args);
    }
    return ts.visitEachChild(node, visit, context);
  };
  return visit;
};

/** A syntax tree with its literals escaped as above. */
const escaped = (/** @type {ts.Node} */ node) => /** @type {ts.Node} */ (ts.transform(node, [escapeLiterals]).transformed[0]);

/**
 * For hey-api zod plugin's `~hooks.events["node:set:before"]`: every variable it sets, exported
 * or not, prints with its literals escaped as above.
 * @param {{ node: any }} event
 */
export function zodLiterals({ node }) {
  if (node?.["~dsl"] !== "VarTsDsl" || node.value === undefined) return;
  node.assign(new PrintedAs(node.value, escaped));
}
