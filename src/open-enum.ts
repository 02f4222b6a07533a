// Open enums: in an answer, an enum names the values the contract documents and admits others,
// because PayWise may add a value without a new contract (docs/VERSIONING.md, "Enums"). The
// generated types say so with Unrecognized, and the generated zod schemas with openEnum (both
// from scripts/lib/open-answers.mjs); what a caller sends stays a closed enum.
import * as z from "zod/mini";

declare const unrecognized: unique symbol;

/**
 * A value PayWise sent that the contract does not list, such as an `account_status` other than
 * `"available"`. It is the string (or number) as received; the brand only makes the type checker
 * ask for a branch that handles it: a `switch` over the documented values is not exhaustive
 * until its `default` handles an Unrecognized value.
 */
export type Unrecognized<T extends string | number = string> = T & { readonly [unrecognized]: true };

/**
 * The `params` key of the issue openEnum raises for an unlisted value. checkResponse takes such
 * an issue as a note (the value passes through), every other issue as a failure.
 */
export const UNLISTED_VALUE = "pwUnlistedValue";

/** What an openEnum issue carries. */
export interface UnlistedValueParams {
  [UNLISTED_VALUE]: readonly (string | number)[];
}

/**
 * A response enum: a value of the enum's type passes, and one the contract does not list raises
 * an issue marked UNLISTED_VALUE (with the documented values) for checkResponse to note. A value of
 * another type (a number for a string enum) fails as usual.
 */
export function openEnum<const Values extends readonly string[]>(values: Values): z.ZodMiniType<Values[number] | Unrecognized<string>>;
export function openEnum<const Values extends readonly number[]>(values: Values): z.ZodMiniType<Values[number] | Unrecognized<number>>;
export function openEnum(values: readonly (string | number)[]): z.ZodMiniType {
  const known = new Set<unknown>(values);
  const params: UnlistedValueParams = { [UNLISTED_VALUE]: values };
  const base = typeof values[0] === "number" ? z.number() : z.string();
  return base.check(z.refine((value) => known.has(value), { params }));
}

