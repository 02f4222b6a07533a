// Type tests of open response enums (docs/VERSIONING.md, "Enums"): an answer's enum names the
// documented values and an Unrecognized branch that a caller must handle; a request's enum stays
// closed. Checked by `tsc` (npm run typecheck): each @ts-expect-error fails the run when the
// line below it compiles.
import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod/mini";
import type { CONTRACT_VERSION, operations, zEnvelope, zGetAccountStatusResponse } from "../generated/current";
import type { AccountStatusResult, ResponseMeta, Unrecognized } from "../src/index";

type AccountStatus = AccountStatusResult["account_status"];
/**
 * The values the contract documents, as the other generator (hey-api's zod schemas) read them, so
 * a contract that widens the enum moves both sides (issue 21). Read through the operation's answer
 * schema, not a component's name: a contract may inline its schemas.
 */
type Documented<Values> = Exclude<Values, Unrecognized<string>>;
type StatusValues = z.infer<typeof zGetAccountStatusResponse>["account_status"];
type EnvelopeStatusValues = z.infer<typeof zEnvelope>["status"];

describe("an enum in an answer", () => {
  it("is the documented values or Unrecognized<string>", () => {
    expectTypeOf<Documented<StatusValues>>().not.toBeNever();
    expectTypeOf<AccountStatus>().toEqualTypeOf<Documented<StatusValues> | Unrecognized<string>>();
    expectTypeOf<ResponseMeta["status"]>().toEqualTypeOf<Documented<EnvelopeStatusValues> | Unrecognized<string>>();
    type SessionAnswer = operations["createAccountSession"]["responses"][200]["content"]["application/json"];
    expectTypeOf<SessionAnswer["data"]["account"]["account_status"]>().toEqualTypeOf<AccountStatus>();
  });

  it("narrows on the documented values: what is left is Unrecognized", () => {
    // (In a `=== "available"` branch TS keeps Unrecognized<string> too: a branded string is
    // comparable to every string literal. What matters for exhaustiveness is what is left.)
    expectTypeOf<Exclude<AccountStatus, Documented<StatusValues>>>().toEqualTypeOf<Unrecognized<string>>();
  });

  it("is not exhaustive in a switch until the unknown branch is handled", () => {
    function unhandled(status: AccountStatus): string {
      switch (status) {
        case "available":
          return "open";
        default: {
          // @ts-expect-error: an Unrecognized value reaches here, so it is not never.
          const exhausted: never = status;
          return exhausted;
        }
      }
    }
    function handled(status: AccountStatus): string {
      switch (status) {
        case "available":
          return "open";
        default:
          // The value as PayWise sent it; the contract says to treat it as not available.
          return `not available (${status})`;
      }
    }
    expectTypeOf(unhandled).returns.toBeString();
    expectTypeOf(handled).returns.toBeString();
  });

  it("cannot be assigned to the documented values alone, nor forged from a plain string", () => {
    const status = {} as AccountStatus;
    // @ts-expect-error: the unknown branch is not "available".
    const documentedOnly: "available" = status;
    // @ts-expect-error: a plain string is not an Unrecognized value; only an answer makes one.
    const forged: AccountStatus = "blocked" as string;
    // An Unrecognized value is still the string it was sent as.
    const asText: string = status;
    expectTypeOf([documentedOnly, forged, asText]).toBeArray();
  });
});

describe("an enum in a request", () => {
  it("stays closed", () => {
    // The contract's version enum: its one value, not widened by an Unrecognized member.
    expectTypeOf<operations["getAccountStatus"]["parameters"]["query"]["version"]>().toEqualTypeOf<typeof CONTRACT_VERSION>();
  });
});
