// @ts-check
// The minified entries rewritten so that V8 parses less of them at import (issue 32: the main
// entry's import is mostly V8 compiling one file). Two rewrites of the minifier's output, neither
// of which changes what the code does:
//
// - An arrow function at a module's top level becomes a function expression. V8 parses lazily only
//   what it may skip: a `function` anywhere, but an arrow only at a classic script's top level (its
//   parser's AllowsLazyParsingWithoutUnresolvedVariables, false in a module's scope and a CommonJS
//   wrapper's). So every top-level arrow of an ES module (zod's `$constructor(name, (inst, def) =>
//   …)`, each `lazySchema(() => …)`) is parsed in full at import, though most run only on first
//   use and are then parsed again. Arrows inside an immediately called function count as top level
//   too, as that function is compiled at once. An arrow that reads `this`, `arguments`, `super` or
//   `new.target` (its own or a nested arrow's) stays an arrow: a function would bind its own.
// - A template literal without substitutions becomes an ordinary string (the minifier writes
//   every string with backticks): V8's scanner keeps a template's raw text beside its value.
//
// In-process, on dist/index.js (node:vm, the median of 80 compiles each): compiling it took 4.97 ms
// as the minifier leaves it, 4.53 ms with the arrows rewritten, 4.41 ms with both (docs/PERFORMANCE.md).

/** @typedef {{ type: string, start: number, end: number, [key: string]: any }} Node */

/** @param {unknown} value @returns {value is Node} */
const isNode = (value) => typeof value === "object" && value !== null && typeof (/** @type {any} */ (value).type) === "string";

/** @param {Node} node @returns {Node[]} */
function children(node) {
  const found = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "type" || key === "start" || key === "end") continue;
    for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) found.push(child);
  }
  return found;
}

const isFunction = (/** @type {Node} */ node) => node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";

/** Whether an arrow uses a binding a function expression would replace with its own. */
function readsOuterFunctionBindings(/** @type {Node} */ arrow) {
  const pending = [...children(arrow)];
  while (pending.length) {
    const node = /** @type {Node} */ (pending.pop());
    if (node.type === "ThisExpression" || node.type === "Super") return true;
    if (node.type === "MetaProperty" && node.meta.name === "new") return true;
    if (node.type === "Identifier" && node.name === "arguments") return true;
    // A function has its own; class members are conservatively looked into (their own `this` too).
    if (node.type !== "FunctionDeclaration" && node.type !== "FunctionExpression") pending.push(...children(node));
  }
  return false;
}

/**
 * The edits that rewrite `code` (an ES module or CommonJS file) as described at the top.
 * @param {string} code
 * @param {Node} program its ESTree, offsets in UTF-16 units (rolldown's `this.parse`)
 * @returns {string}
 */
export function rewriteForLazyParsing(code, program) {
  /** @type {{ start: number, end: number, text: string }[]} */
  const edits = [];

  /** @param {Node} node @param {Node | undefined} parent @param {boolean} topLevel */
  function visit(node, parent, topLevel) {
    if (node.type === "TemplateLiteral" && node.expressions.length === 0 && parent?.type !== "TaggedTemplateExpression" && parent?.type !== "ExpressionStatement") {
      // (A whole statement of one string would be read as a directive such as "use strict".)
      const value = node.quasis[0].value.cooked;
      if (typeof value === "string") edits.push({ start: node.start, end: node.end, text: JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029") });
      return;
    }
    const calledAtOnce = parent?.type === "CallExpression" && parent.callee === node;
    if (node.type === "ArrowFunctionExpression" && topLevel) {
      // `export default function` and a statement starting with `function` would be declarations.
      const rewritable = parent?.type !== "ExportDefaultDeclaration" && parent?.type !== "ExpressionStatement" && !readsOuterFunctionBindings(node);
      if (rewritable) rewriteArrow(node);
      for (const child of children(node)) visit(child, node, !rewritable || calledAtOnce);
      return;
    }
    const inner = isFunction(node) ? topLevel && calledAtOnce : topLevel;
    for (const child of children(node)) visit(child, node, inner);
  }

  /** `async (a, b) => x` to `async function(a, b){return x}`, by edits at its joints only (its parts may hold edits of their own). */
  function rewriteArrow(/** @type {Node} */ arrow) {
    let head = arrow.start;
    if (arrow.async) head = code.indexOf("async", head) + "async".length;
    while (/\s/.test(code[head] ?? "")) head++;
    const bareParameter = code[head] !== "(";
    // A space after `async`, or after a word the arrow follows unspaced (`return()=>…`).
    const space = arrow.async || /[\w$]/.test(code[head - 1] ?? "") ? " " : "";
    edits.push({ start: head, end: head, text: `${space}function${bareParameter ? "(" : ""}` });
    const lastParameter = arrow.params.at(-1);
    const arrowToken = code.indexOf("=>", lastParameter ? lastParameter.end : head);
    const opening = arrow.body.type === "BlockStatement" ? "" : "{return ";
    edits.push({ start: arrowToken, end: arrowToken + 2, text: `${bareParameter ? ")" : ""}${opening}` });
    if (opening) edits.push({ start: arrow.end, end: arrow.end, text: "}" });
  }

  visit(program, undefined, true);
  // From the end, so that each edit's offsets still hold; no two edits overlap (each replaces or
  // inserts at a joint: a template, an arrow's head, its `=>`, its end).
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let rewritten = code;
  for (const { start, end, text } of edits) rewritten = rewritten.slice(0, start) + text + rewritten.slice(end);
  return rewritten;
}

/**
 * The rolldown plugin: rewrites each chunk after the minifier (generateBundle sees the final code).
 * @type {import("tsdown").Rolldown.Plugin}
 */
export const lazyParsing = {
  name: "paywise:lazy-parsing",
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== "chunk") continue;
      chunk.code = rewriteForLazyParsing(chunk.code, /** @type {any} */ (this.parse(chunk.code)));
    }
  },
};
