// The integer schema of the generated zod schemas (scripts/lib/compact-checks.mjs): z.number()
// with z.int()'s own test, Number.isSafeInteger, without the class z.int() brings into every
// application's bundle (docs/PERFORMANCE.md). src/validation.ts words its issue.
import * as z from "zod/mini";

/** The `params` key of the issue `integer()` raises for a number that is not a whole one. */
export const INTEGER_CHECK = "pwInteger";

/** A whole number within the safe range, as z.int() checks it. */
export function integer(): z.ZodMiniNumber<number> {
  return z.number().check(z.refine(Number.isSafeInteger, { params: { [INTEGER_CHECK]: true } }));
}
