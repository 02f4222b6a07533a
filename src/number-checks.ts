// The number checks of the generated zod schemas (scripts/lib/compact-checks.mjs) that cost less
// than zod's and check as much: each zod check class a schema uses is code in every application
// that bundles the SDK (docs/PERFORMANCE.md). src/validation.ts words their issues.
import * as z from "zod/mini";

/** The `params` key of the issue `integer()` raises for a number that is not a whole one. */
export const INTEGER_CHECK = "pwInteger";

/**
 * A whole number within the safe range, as z.int() checks it: z.number() with z.int()'s own test,
 * Number.isSafeInteger, without the class z.int() brings.
 */
export function integer(): z.ZodMiniNumber<number> {
  return z.number().check(z.refine(Number.isSafeInteger, { params: { [INTEGER_CHECK]: true } }));
}

/**
 * At least `minimum` (a contract's `minimum`), as z.gte(minimum) checks it and with the issue it
 * raises (`too_small`, inclusive), without the class z.gte brings (issue 32: 89 B gzipped).
 */
export function atLeast(minimum: number): z.core.$ZodCheck<number> {
  return z.check<number>((payload) => {
    if (!(payload.value >= minimum)) payload.issues.push({ origin: "number", code: "too_small", minimum, inclusive: true, input: payload.value, continue: true });
  });
}
