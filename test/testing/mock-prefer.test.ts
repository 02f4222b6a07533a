// mockPrefer() and what the SDK says when the mock cannot answer (issue 10, item 7).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIError, ConflictError, InternalServerError, NotFoundError, PayWise } from "../../src/index";
import { mockPrefer, startMockServer, type MockServer } from "../../src/testing";
import { DOCUMENTED_RESPONSES } from "../../generated/current";
import { SDK_FILLED_QUERY } from "../../src/call-parameters";
import { sdkOperations } from "../../scripts/lib/sdk-names.mjs";
import { UNIT_KEY, unitClient, validSessionBody, validStatusQuery } from "../helpers/fake-fetch";
import { documentedInput, operation, spec } from "../helpers/spec";

describe("mockPrefer", () => {
  it("builds Prism's Prefer header from a documented status and example", () => {
    expect(mockPrefer({ code: 409, example: "error" })).toEqual({ Prefer: "code=409, example=error" });
    expect(mockPrefer({ operation: "account.getBalance", code: 500, example: "captured_primary" })).toEqual({ Prefer: "code=500, example=captured_primary" });
    expect(mockPrefer({ code: 400 })).toEqual({ Prefer: "code=400" });
    expect(mockPrefer({ example: "success" })).toEqual({ Prefer: "example=success" });
    expect(mockPrefer({ code: 200, dynamic: true })).toEqual({ Prefer: "code=200, dynamic=true" });
  });

  it("refuses, in types and at run time, a status no operation documents", () => {
    // @ts-expect-error 418 is documented nowhere in the contract
    expect(() => mockPrefer({ code: 418 })).toThrow("mockPrefer: no operation of the contract documents status 418; the documented statuses are 200, 400, 409, 500");
  });

  it("refuses, in types and at run time, a status the named operation does not document", () => {
    // @ts-expect-error getBalance documents no 409
    expect(() => mockPrefer({ operation: "account.getBalance", code: 409 })).toThrow(
      "mockPrefer: account.getBalance does not document status 409; the documented statuses are 200, 400, 500",
    );
  });

  it("refuses, in types and at run time, an example the status does not have", () => {
    // @ts-expect-error the 409 example is called "error"
    expect(() => mockPrefer({ code: 409, example: "conflict" })).toThrow('no operation of the contract documents an example "conflict" for status 409; the documented examples are error');
    // @ts-expect-error there is no such operation
    expect(() => mockPrefer({ operation: "account.delete", code: 200 })).toThrow('"account.delete" is not an operation');
    expect(() => mockPrefer({} as never)).toThrow("ask for a code, an example or dynamic: true");
  });
});

describe("an answer from the mock that is not a documented one", () => {
  const prismNotFound = (detail: string) => () =>
    new Response(
      JSON.stringify({ type: "https://stoplight.io/prism/errors#NOT_FOUND", title: "The server cannot find the requested content", status: 404, detail }),
      { status: 404, headers: { "content-type": "application/problem+json" } },
    );

  it("says the mock could not answer and why, typed by its status", async () => {
    const { client } = unitClient(prismNotFound("Requested status code 418 is not defined in the document."));
    const error = await client.account.getStatus(validStatusQuery).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as APIError).message).toBe(
      "The mock server could not answer (HTTP 404): The server cannot find the requested content: Requested status code 418 is not defined in the document.",
    );
  });

  it("scrubs secrets and control characters from what it quotes", async () => {
    const { client } = unitClient(prismNotFound(`header PW-subscription-key ${UNIT_KEY}\r\n[paywise] forged line`));
    const error = (await client.account.getStatus(validStatusQuery).catch((caught: unknown) => caught)) as APIError;
    expect(error.message).not.toContain(UNIT_KEY);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain("[REDACTED] [paywise] forged line");
  });

  it("still blames a proxy for a problem+json that is not the mock's", async () => {
    const { client } = unitClient(
      () => new Response(JSON.stringify({ type: "about:blank", title: "Bad Gateway", status: 502 }), { status: 502, headers: { "content-type": "application/problem+json" } }),
      { maxRetries: 0 },
    );
    const error = (await client.account.getStatus(validStatusQuery).catch((caught: unknown) => caught)) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toContain("such as a proxy or CDN, answered");
  });
});

describe("against the mock", { timeout: 60_000 }, () => {
  let server: MockServer;
  let paywise: PayWise;

  beforeAll(async () => {
    server = await startMockServer();
    paywise = new PayWise({ baseUrl: server.url, subscriptionKey: "0123456789abcdef0123456789abcdef", originCountry: "TT", ipAddress: "203.0.113.7", maxRetries: 0 });
  });
  afterAll(() => server?.close());

  it("explains an undocumented status asked of the mock", async () => {
    const error = await paywise.account.getStatus(validStatusQuery, { headers: { Prefer: "code=418" } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as APIError).message).toBe(
      "The mock server could not answer (HTTP 404): The server cannot find the requested content: Requested status code 418 is not defined in the document.",
    );
  });

  it("turns mockPrefer({ code: 409, example: 'error' }) into the contract's ConflictError", async () => {
    const error = await paywise.account.createSession(validSessionBody, { headers: mockPrefer({ code: 409, example: "error" }) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).errorCode).toBe("AMBIGUOUS_MATCH");
  });

  // The generated list is what mockPrefer checks against: every status and example in it must be
  // one the mock serves. Each method is called with the input the contract documents for it.
  const methods = new Map(sdkOperations(spec).map((entry) => [`${entry.resource}.${entry.method}`, entry]));
  const calls = Object.fromEntries(
    Object.keys(DOCUMENTED_RESPONSES).map((name) => {
      const entry = methods.get(name);
      if (!entry) throw new Error(`${name} is in DOCUMENTED_RESPONSES but no operation of the contract`);
      const input = documentedInput(operation(entry.operationId!), SDK_FILLED_QUERY);
      const method = (headers: Record<string, string>) =>
        (paywise as unknown as Record<string, Record<string, (params: unknown, options: object) => Promise<unknown>>>)[entry.resource]![entry.method]!(input, { headers });
      return [name, method];
    }),
  ) as Record<keyof typeof DOCUMENTED_RESPONSES, (headers: Record<string, string>) => Promise<unknown>>;
  const documented: Record<string, Record<string, readonly string[]>> = DOCUMENTED_RESPONSES;
  const asked = Object.entries(documented).flatMap(([operation, statuses]) =>
    Object.entries(statuses).flatMap(([code, examples]) =>
      (examples.length ? examples : [undefined]).map((example) => [operation as keyof typeof calls, Number(code), example as string | undefined] as const),
    ),
  );

  it.each(asked)("serves %s's documented %i (example %s)", async (operation, code, example) => {
    const prefer = mockPrefer({ operation, code, ...(example === undefined ? {} : { example }) } as never);
    const outcome = await calls[operation](prefer).then(
      () => 200,
      (caught: unknown) => (caught instanceof APIError ? caught.status : caught),
    );
    expect(outcome).toBe(code);
  });
});
