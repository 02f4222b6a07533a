// The generated zod schemas built on first use, not when the SDK is imported (issue 32: building
// them was most of the main entry's import CPU). Laid under hey-api's zod plugin through its
// documented `~hooks.events["node:set:before"]` (modify a node before it is added), never by
// editing the text it writes: each exported schema's value `expr` becomes
// `/* @__PURE__ */ lazySchema(() => expr)` (src/lazy-schema.ts), which stands for the schema and
// builds it when it is first read. The annotation lets a bundler drop a schema that nothing reads,
// which it could not do with the call to zod in place (the bundle shrank by more than the wrappers
// cost, docs/PERFORMANCE.md). A schema that only names another (`zCreateAccountSessionBody =
// zAccountSessionRequest`) is left as it is: what it names is lazy already.
import { $, TsDsl } from "@hey-api/openapi-ts";
import ts from "typescript";

/** Where the generated zod schemas import lazySchema() from. */
const LAZY_MODULE = "../../src/lazy-schema";

/** A call marked free of side effects for bundlers: `/* @__PURE__ *\/ call`; hey-api's DSL has no such mark of its own. */
class PureCall extends TsDsl {
  "~dsl" = "PureCallTsDsl";
  /** @param {TsDsl} call */
  constructor(call) {
    super();
    this.call = call;
  }
  /**
   * @override
   * @param {any} ctx
   */
  analyze(ctx) {
    super.analyze(ctx);
    ctx.analyze(this.call);
  }
  /** @override */
  toAst() {
    return ts.addSyntheticLeadingComment(this.$node(this.call), ts.SyntaxKind.MultiLineCommentTrivia, " @__PURE__ ", false);
  }
}

/** hey-api zod plugin's `~hooks`: every exported `const z… = …` it adds is wrapped as above. */
export const lazySchemaHooks = {
  events: {
    /** @param {{ node: any, plugin: any }} event */
    "node:set:before"({ node, plugin }) {
      if (node?.["~dsl"] !== "VarTsDsl" || !node.exported || node.value === undefined) return;
      // hey-api's $(symbol) for a reference to another schema; a call or a chain is another kind of node.
      if (node.value["~dsl"] === "ExprTsDsl") return;
      const lazySchema = plugin.symbol("lazySchema", { external: LAZY_MODULE });
      node.assign(new PureCall($(lazySchema).call($.func().do($.return(node.value)))));
    },
  },
};
