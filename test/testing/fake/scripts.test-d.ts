// Type tests of the fake's scripts: a step is typed from the contract (documented statuses and
// example names, bodies and payloads of the operation's types, unlisted enum values allowed).
// Each @ts-expect-error fails the run when the line below it compiles.
import { describe, expectTypeOf, it } from "vitest";
import type { AccountStatusResult, CreateSessionParams, GetStatusParams, RegisterParams } from "../../../src/index";
import { createFakePayWise, type FakeBody, type FakeExample, type FakeOperation, type FakeStatus, type FakeStep } from "../../../src/testing/index";
import type { DOCUMENTED_RESPONSES } from "../../../generated/current";

const fake = createFakePayWise();

describe("scripted steps", () => {
  it("name the operations and statuses the contract documents", () => {
    expectTypeOf<FakeOperation>().toEqualTypeOf<keyof typeof DOCUMENTED_RESPONSES>();
    expectTypeOf<FakeStatus<"account.getBalance">>().toEqualTypeOf<keyof (typeof DOCUMENTED_RESPONSES)["account.getBalance"]>();
  });

  // Over every operation and status the contract documents, whatever it holds, so a bump (or a
  // contract written without examples) changes what is checked and never breaks the check.
  it("take each documented status with each of its example names", () => {
    type Taken = { [Op in FakeOperation]: { [S in FakeStatus<Op>]: { status: S; example: FakeExample<Op, S> } extends FakeStep<Op> ? true : false }[FakeStatus<Op>] }[FakeOperation];
    // `true`, not `never`: there are operations and statuses to check (toEqualTypeOf tells them apart).
    expectTypeOf<Taken>().toEqualTypeOf<true>();
  });

  it("refuse a status the operation does not document", () => {
    // @ts-expect-error 999 is no HTTP status, so no contract documents it
    fake.on("account.getStatus").once({ status: 999 });
    // A status another operation documents is refused where this one lacks it.
    type Statuses = { [Op in FakeOperation]: FakeStatus<Op> }[FakeOperation];
    type Refused = { [Op in FakeOperation]: { [S in Exclude<Statuses, FakeStatus<Op>>]: { status: S } extends FakeStep<Op> ? "taken" : "refused" }[Exclude<Statuses, FakeStatus<Op>>] }[FakeOperation];
    // Never when every operation documents the same statuses (nothing to refuse), so only "refused" may be in it.
    expectTypeOf<Refused>().toExtend<"refused">();
  });

  it("refuse an example name the status does not document", () => {
    type Refused = { [Op in FakeOperation]: { [S in FakeStatus<Op>]: { status: S; example: "no-such-example" } extends FakeStep<Op> ? "taken" : "refused" }[FakeStatus<Op>] }[FakeOperation];
    expectTypeOf<Refused>().toEqualTypeOf<"refused">();
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

// Issue 29: a body that does not fit its status's schema compiled, and a recorded input was unknown.
describe("scripted bodies", () => {
  it("take a body of the status's schema, with an unlisted enum value", () => {
    type Body = FakeBody<"account.getStatus", 200>;
    const body = {} as Body;
    fake.on("account.getStatus").once({ status: 200, body });
    expectTypeOf<Body>().not.toBeAny();
  });

  it("refuse a body that does not fit its status's schema", () => {
    const balance = {} as FakeBody<"account.getBalance", 200>;
    fake.on("account.getBalance").once({ status: 200, body: { ...balance, data: { ...balance.data, balance: 12.5 } } });
    // @ts-expect-error a 400's body is the envelope of its schema, not { missing: "x" }
    fake.on("account.getStatus").once({ status: 400, body: { missing: "x" } });
    // @ts-expect-error a body is an object of the status's schema, not a number
    fake.on("account.getStatus").once({ status: 200, body: 42 });
    // @ts-expect-error a balance is a number (AccountBalance.balance), not a string
    fake.on("account.getBalance").once({ status: 200, body: { ...balance, data: { ...balance.data, balance: "12.50" } } });
    // @ts-expect-error a step is a body, a payload or a documented example, not two of them
    fake.on("account.getStatus").once({ status: 200, example: "x", payload: { account_status: "available", session_token: "t" } });
  });
});

describe("recordings and input matches", () => {
  it("type a recorded input as the operation's input", () => {
    const [request] = fake.requestsOf("account.register");
    expectTypeOf(request!.input).toEqualTypeOf<RegisterParams>();
    expectTypeOf(fake.callsOf("account.getStatus")[0]![0]!.input).toEqualTypeOf<GetStatusParams>();
  });

  it("match an operation's input by its fields or a function of it", () => {
    fake.on("account.getStatus").when({ mobile_number: "18681112220" }, { fault: "connectionReset" });
    // @ts-expect-error mobile_number is a string
    fake.on("account.getStatus").when({ mobile_number: 18681112220 }, { fault: "connectionReset" });
    fake.on("account.getStatus").when((input) => (expectTypeOf(input).toEqualTypeOf<GetStatusParams>(), true), { fault: "connectionReset" });
    // @ts-expect-error no such input field
    fake.on("account.getStatus").when({ no_such_field: 1 }, { fault: "connectionReset" });
  });
});
