// @ts-check
// A node of hey-api's DSL (TsDsl, its documented base class for nodes) that prints as a TypeScript
// node of the generator's own making: `transform` of what `inner` prints. The generator's hooks on
// hey-api's zod plugin (lazy-schemas.mjs, zod-literals.mjs) give a schema its final form with it,
// in the syntax tree, before hey-api prints; never by editing the text hey-api wrote (issue 30, item 1).
import { TsDsl } from "@hey-api/openapi-ts";

export class PrintedAs extends TsDsl {
  "~dsl" = "PrintedAsTsDsl";
  /**
   * @param {TsDsl} inner
   * @param {(node: import("typescript").Node) => import("typescript").Node} transform
   */
  constructor(inner, transform) {
    super();
    this.inner = inner;
    this.transform = transform;
  }
  /**
   * @override
   * @param {any} ctx
   */
  analyze(ctx) {
    super.analyze(ctx);
    ctx.analyze(this.inner);
  }
  /** @override */
  toAst() {
    return this.transform(this.$node(this.inner));
  }
}
