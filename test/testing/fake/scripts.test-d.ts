// Type tests of the fake's scripts: a step is typed from the contract (documented statuses and
// example names, bodies and payloads of the operation's types, unlisted enum values allowed).
// Each @ts-expect-error fails the run when the line below it compiles.
import { describe, expectTypeOf, it } from "vitest";
import type { AccountStatusResult, CreateSessionParams } from "../../../src/index";
import { createFakePayWise, type FakeOperation, type FakeStatus, type FakeStep } from "../../../src/testing/index";
import type { DOCUMENTED_RESPONSES } from "../../../generated/current";

const fake = createFakePayWise();

describe("scripted steps", () => {
  it("name the operations and statuses the contract documents", () => {
    expectTypeOf<FakeOperation>().toEqualTypeOf<keyof typeof DOCUMENTED_RESPONSES>();
    expectTypeOf<FakeStatus<"account.getBalance">>().toEqualTypeOf<keyof (typeof DOCUMENTED_RESPONSES)["account.getBalance"]>();
  });

  it("refuse a status the operation does not document", () => {
    // @ts-expect-error 418 is documented by no operation
    fake.on("account.getStatus").once({ status: 418 });
    // @ts-expect-error createSession documents no 400 (its refusal is a 409)
    fake.on("account.createSession").once({ status: 400 });
    fake.on("account.createSession").once({ status: 409, example: "error" });
  });

  it("refuse an example name the status does not document", () => {
    // @ts-expect-error not an example of createSession's 409
    fake.on("account.createSession").once({ status: 409, example: "success" });
  });

  it("take a payload of the result type, with an unlisted enum value", () => {
    fake.on("account.getStatus").once({ payload: { account_status: "suspended", session_token: "t" } });
    // @ts-expect-error account_status is a string, not a number
    fake.on("account.getStatus").once({ payload: { account_status: 1, session_token: "t" } });
    // @ts-expect-error session_token is required in the result
    fake.on("account.getStatus").once({ payload: { account_status: "available" } });
    expectTypeOf<AccountStatusResult["account_status"]>().not.toEqualTypeOf<string>();
  });

  it("take a fault by name, with its own options only", () => {
    fake.on("account.register").once({ fault: "connectionReset" }).times(2, { fault: "retryAfter", status: 429, retryAfter: 1 });
    // @ts-expect-error not a fault
    fake.on("account.register").once({ fault: "meteorStrike" });
    // @ts-expect-error retryAfter answers 503 or 429
    fake.on("account.register").once({ fault: "retryAfter", status: 500 });
    expectTypeOf<FakeStep<"account.register">>().not.toBeAny();
  });

  it("refuse an operation the contract does not have", () => {
    // @ts-expect-error not an operation
    fake.on("account.teleport");
    expectTypeOf<CreateSessionParams>().not.toBeAny();
  });
});
