// Client options that resolveOptions accepts, and a way to get the InvalidRequestError it throws
// for options that are not: shared by the options tests (options.test.ts, options-edges.test.ts).
import { expect } from "vitest";
import { InvalidRequestError, type ClientOptions } from "../../src/index";
import { resolveOptions } from "../../src/options";

export const validOptions = {
  subscriptionKey: "eed0d85c530c4b26a91d09b783d8fab3",
  originCountry: "TT",
  ipAddress: "203.0.113.7",
  baseUrl: "https://api.paywise.test/",
} satisfies ClientOptions;

/** The error resolveOptions throws for `options`; fails the test when it accepts them. */
export function optionProblem(options: ClientOptions, env: Record<string, string> = {}): InvalidRequestError {
  try {
    resolveOptions(options, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error("resolveOptions accepted the options");
}
