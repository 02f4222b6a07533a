// Type tests, checked by `tsc` (npm run typecheck, which npm test runs): the two generators read one spec, and
// these make them agree, so a change in either cannot drift apart unnoticed. They also pin the
// public types: callers never pass the PayWise headers or `version`.
import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod/mini";
import type { components, operations } from "../generated/current";
import type * as gen from "../generated/current";
import type {
  Account,
  AccountBalance,
  AccountSession,
  AccountStatusResult,
  CreateSessionOptions,
  CreateSessionParams,
  GetBalanceParams,
  GetStatusParams,
  PayWise,
  RegisterParams,
  RegisterResult,
  RequestOptions,
} from "../src/index";
import type { SDK_FILLED_HEADERS } from "../src/call-parameters";

type Schemas = components["schemas"];
/** Flattens intersections, deeply (a branded string such as Unrecognized<string> stays as it is), so `A & B` and the same fields written out compare equal. */
type Deep<T> = T extends string | number | boolean ? T : T extends readonly (infer Item)[] ? Deep<Item>[] : T extends object ? { [K in keyof T]: Deep<T[K]> } : T;
type Inferred<S extends z.ZodMiniType> = Deep<z.infer<S>>;
type Json<T> = T extends { content: { "application/json": infer Body } } ? Deep<Body> : never;
/** Whether two types are the same type (not only assignable both ways), as expect-type compares them. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

describe("zod schemas and openapi-typescript types agree", () => {
  // Over whatever components the contract names (none, for one that inlines its schemas), so a
  // bump changes what is compared and never breaks the comparison.
  it("on every component schema", () => {
    type Generated = typeof gen;
    type Disagreeing = {
      [Name in keyof Schemas & string]: `z${Capitalize<Name>}` extends keyof Generated
        ? Generated[`z${Capitalize<Name>}`] extends z.ZodMiniType
          ? Same<Inferred<Generated[`z${Capitalize<Name>}`]>, Deep<Schemas[Name]>> extends true
            ? never
            : Name
          : Name
        : Name;
    }[keyof Schemas & string];
    expectTypeOf<Disagreeing>().toBeNever();
    // The one component every contract has once generated (named by the generator where inlined).
    expectTypeOf<Inferred<typeof gen.zEnvelope>>().toEqualTypeOf<Deep<Schemas["Envelope"]>>();
  });

  it("on every operation's body, query, headers and 200 answer", () => {
    expectTypeOf<Inferred<typeof gen.zCreateAccountSessionBody>>().toEqualTypeOf<Json<operations["createAccountSession"]["requestBody"]>>();
    expectTypeOf<Inferred<typeof gen.zRegisterAccountBody>>().toEqualTypeOf<Json<operations["registerAccount"]["requestBody"]>>();
    expectTypeOf<Inferred<typeof gen.zGetAccountBalanceBody>>().toEqualTypeOf<Json<operations["getAccountBalance"]["requestBody"]>>();
    expectTypeOf<Inferred<typeof gen.zGetAccountStatusQuery>>().toEqualTypeOf<Deep<operations["getAccountStatus"]["parameters"]["query"]>>();
    expectTypeOf<Inferred<typeof gen.zCreateAccountSessionQuery>>().toEqualTypeOf<Deep<NonNullable<operations["createAccountSession"]["parameters"]["query"]>>>();
    expectTypeOf<Inferred<typeof gen.zCreateAccountSessionHeaders>>().toEqualTypeOf<Deep<operations["createAccountSession"]["parameters"]["header"]>>();
    expectTypeOf<Inferred<typeof gen.zGetAccountStatusHeaders>>().toEqualTypeOf<Deep<operations["getAccountStatus"]["parameters"]["header"]>>();
    expectTypeOf<Inferred<typeof gen.zRegisterAccountHeaders>>().toEqualTypeOf<Deep<operations["registerAccount"]["parameters"]["header"]>>();
    expectTypeOf<Inferred<typeof gen.zGetAccountBalanceHeaders>>().toEqualTypeOf<Deep<operations["getAccountBalance"]["parameters"]["header"]>>();
    expectTypeOf<Inferred<typeof gen.zCreateAccountSessionResponse>>().toEqualTypeOf<Json<operations["createAccountSession"]["responses"][200]>>();
    expectTypeOf<Inferred<typeof gen.zGetAccountStatusResponse>>().toEqualTypeOf<Json<operations["getAccountStatus"]["responses"][200]>>();
    expectTypeOf<Inferred<typeof gen.zRegisterAccountResponse>>().toEqualTypeOf<Json<operations["registerAccount"]["responses"][200]>>();
    expectTypeOf<Inferred<typeof gen.zGetAccountBalanceResponse>>().toEqualTypeOf<Json<operations["getAccountBalance"]["responses"][200]>>();
  });
});

describe("public types", () => {
  it("never ask the caller for PayWise headers or the version", () => {
    expectTypeOf<GetStatusParams>().not.toHaveProperty("version");
    expectTypeOf<GetStatusParams>().not.toHaveProperty("diagnostics");
    expectTypeOf<RequestOptions>().not.toHaveProperty("PW-subscription-key");
    expectTypeOf<CreateSessionOptions["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<PayWise["account"]["getBalance"]>().parameters.toEqualTypeOf<[{ mobile_number: string }, (RequestOptions | undefined)?]>();
  });

  it("take the generated named types, and as options only the headers the client does not fill", () => {
    expectTypeOf<PayWise["account"]>().toEqualTypeOf<Account>();
    expectTypeOf<PayWise["account"]["createSession"]>().parameters.toEqualTypeOf<[CreateSessionParams, (CreateSessionOptions | undefined)?]>();
    expectTypeOf<PayWise["account"]["register"]>().parameters.toEqualTypeOf<[RegisterParams, (RequestOptions | undefined)?]>();
    expectTypeOf<PayWise["account"]["getBalance"]>().parameters.toEqualTypeOf<[GetBalanceParams, (RequestOptions | undefined)?]>();
    expectTypeOf<keyof CreateSessionOptions>().toEqualTypeOf<keyof RequestOptions | "requestId">();
    expectTypeOf<CreateSessionOptions>().not.toHaveProperty("PW-request-id");
    type Filled = (typeof SDK_FILLED_HEADERS)[number];
    expectTypeOf<Extract<keyof CreateSessionParams | keyof CreateSessionOptions | keyof RegisterParams | keyof GetStatusParams, Filled>>().toBeNever();
  });

  it("resolve to the unwrapped payloads", () => {
    // Read from each operation's answer, not its components' names: a contract may inline them.
    expectTypeOf<Deep<AccountSession>>().toEqualTypeOf<Json<operations["createAccountSession"]["responses"][200]>["data"]>();
    expectTypeOf<Deep<AccountBalance>>().toEqualTypeOf<Json<operations["getAccountBalance"]["responses"][200]>["data"]>();
    expectTypeOf<Deep<AccountStatusResult>>().toEqualTypeOf<Deep<Omit<Json<operations["getAccountStatus"]["responses"][200]>, keyof Schemas["Envelope"]>>>();
    expectTypeOf<keyof AccountStatusResult>().toEqualTypeOf<"account_status" | "session_token">();
    expectTypeOf<Deep<RegisterResult>>().toEqualTypeOf<{ challengeId: string }>();
    expectTypeOf<Awaited<ReturnType<PayWise["account"]["createSession"]>>>().toEqualTypeOf<AccountSession>();
  });
});
