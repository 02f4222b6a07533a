// The generated zod schemas built on first use, not when the SDK is imported (issue 32: building
// them was most of the main entry's import CPU). Laid under hey-api's zod plugin through its
// documented `~hooks.events["node:set:before"]` (modify a node before it is added), never by
// editing the text it writes: each exported schema's value `expr` becomes
// `/* @__PURE__ */ lazySchema(() => expr)` (src/lazy-schema.ts), which stands for the schema and
// builds it when it is first read. The annotation lets a bundler drop a schema that nothing reads,
// which it could not do with the call to zod in place (the bundle shrank by more than the wrappers
// cost, docs/PERFORMANCE.md). A schema that only names another (`zCreateAccountSessionBody =
// zAccountSessionRequest`) is left as it is: what it names is lazy already.
import { $ } from "@hey-api/openapi-ts";
import ts from "typescript";
import { PrintedAs } from "./printed-as.mjs";

/** Where the generated zod schemas import lazySchema() from. */
const LAZY_MODULE = "../../src/lazy-schema";

/** A call marked free of side effects for bundlers: `/* @__PURE__ *\/ call`; hey-api's DSL has no such mark of its own. */
const pure = (/** @type {ts.Node} */ call) => ts.addSyntheticLeadingComment(call, ts.SyntaxKind.MultiLineCommentTrivia, " @__PURE__ ", false);

/**
 * For hey-api zod plugin's `~hooks.events["node:set:before"]`: every exported `const z… = …` it
 * adds is wrapped as above.
 * @param {{ node: any, plugin: any }} event
 */
export function lazySchemas({ node, plugin }) {
  if (node?.["~dsl"] !== "VarTsDsl" || !node.exported || node.value === undefined) return;
  // hey-api's $(symbol) for a reference to another schema; a call or a chain is another kind of node.
  if (node.value["~dsl"] === "ExprTsDsl") return;
  const lazySchema = plugin.symbol("lazySchema", { external: LAZY_MODULE });
  node.assign(new PrintedAs($(lazySchema).call($.func().do($.return(node.value))), pure));
}
