// integer() and atLeast() stand in for z.int() and z.gte() in the generated schemas
// (src/number-checks.ts): they must raise the issues zod's own would, so messages read the same.
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { atLeast, integer } from "../src/number-checks";
import { toValidationIssues } from "../src/validation";

const samples: unknown[] = [0, 1, 900, -1, -0.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY, "1", null];
/** zod's issues without `inst` (the check that raised them) and `message`, which differ by design. */
const issuesOf = (schema: z.ZodMiniType, value: unknown) => schema.safeParse(value).error?.issues.map(({ code, path, ...rest }) => ({ code, path, ...rest, message: undefined }));

describe("atLeast", () => {
  it("refuses what z.gte refuses, with the same issue", () => {
    for (const minimum of [0, 1, -1]) {
      for (const value of samples) {
        expect(issuesOf(z.number().check(atLeast(minimum)), value)).toEqual(issuesOf(z.number().check(z.gte(minimum)), value));
        expect(issuesOf(integer().check(atLeast(minimum)), value)).toEqual(issuesOf(integer().check(z.gte(minimum)), value));
      }
    }
  });

  it("is worded as z.gte's issue is", () => {
    const result = z.object({ ttl_seconds: integer().check(atLeast(0)) }).safeParse({ ttl_seconds: -1 });
    expect(toValidationIssues(result.error!.issues, { ttl_seconds: -1 })).toEqual([{ path: "ttl_seconds", message: "must be at least 0" }]);
  });
});
