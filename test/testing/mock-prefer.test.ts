// mockPrefer() and what the SDK says when the mock cannot answer (issue 10, item 7); what the mock
// serves for each status and example it asks for is test/contract/mock-prefer.test.ts, on the shared Prism.
import { describe, expect, expectTypeOf, it } from "vitest";
import { APIError, InternalServerError, NotFoundError } from "../../src/index";
import { mockPrefer, type DocumentedStatus, type MockOperation, type MockPreferOptions } from "../../src/testing";
import { sdkOperations } from "../../scripts/lib/sdk-names.mjs";
import { UNIT_KEY, unitClient, validStatusQuery } from "../helpers/fake-fetch";
import { operations, responseExamples, spec } from "../helpers/spec";

// What the contract documents, read from the yaml itself rather than from the generated list
// mockPrefer checks against, so a generator that drops or invents a status or example fails here.
const sdkNames = new Map(sdkOperations(spec).map((entry) => [entry.operationId, `${entry.resource}.${entry.method}`]));
const inContract = operations().map((op) => ({
  name: sdkNames.get(op.operationId)!,
  statuses: Object.keys(op.operation.responses).map(Number).filter(Number.isInteger),
  examples: responseExamples(op),
}));
/** A status no contract documents: HTTP 418 is a joke status no API answers with. */
const UNDOCUMENTED_STATUS = 418;
const byNumber = (x: number, y: number) => x - y;
const allStatuses = [...new Set(inContract.flatMap((op) => op.statuses))].sort(byNumber);
/** A documented error status with a named example (the contract's first), to ask for by name. */
const namedErrorExample = inContract.flatMap((op) => op.examples.filter((example) => example.status >= 400).map((example) => ({ ...example, operation: op.name })))[0];
// A contract without examples has none to ask for by name: its first documented error status, then.
const documentedError = inContract.flatMap((op) => op.statuses.filter((status) => status >= 400).map((status) => ({ status, name: undefined, operation: op.name })))[0];
const errorExample = namedErrorExample ?? documentedError;
if (!errorExample) throw new Error("the contract documents no error status, which these tests ask the mock for");
const examplesOf = (status: number) => [...new Set(inContract.flatMap((op) => op.examples.filter((example) => example.status === status).map((example) => example.name)))];
/** An operation lacking a status some other operation documents (else one no operation documents). */
const narrower = inContract
  .map((op) => ({ op, missing: allStatuses.find((status) => !op.statuses.includes(status)) }))
  .find((candidate) => candidate.missing !== undefined) ?? { op: inContract[0]!, missing: UNDOCUMENTED_STATUS };

describe("mockPrefer", () => {
  it("builds Prism's Prefer header from a documented status and example", () => {
    const { status, name, operation } = errorExample;
    if (name !== undefined) {
      expect(mockPrefer({ code: status, example: name } as never)).toEqual({ Prefer: `code=${status}, example=${name}` });
      expect(mockPrefer({ operation, code: status, example: name } as never)).toEqual({ Prefer: `code=${status}, example=${name}` });
    }
    expect(mockPrefer({ operation, code: status } as never)).toEqual({ Prefer: `code=${status}` });
    expect(mockPrefer({ code: status } as never)).toEqual({ Prefer: `code=${status}` });
    // Without a code, an example is one of the success answer's (Prism answers 200 by default).
    for (const success of examplesOf(200)) expect(mockPrefer({ example: success } as never)).toEqual({ Prefer: `example=${success}` });
    expect(mockPrefer({ code: status, dynamic: true } as never)).toEqual({ Prefer: `code=${status}, dynamic=true` });
  });

  it("refuses, in types and at run time, a status no operation documents", () => {
    // @ts-expect-error 418 is documented nowhere in the contract
    expect(() => mockPrefer({ code: 418 })).toThrow(`mockPrefer: no operation of the contract documents status 418; the documented statuses are ${allStatuses.join(", ")}`);
  });

  it("refuses, in types and at run time, a status the named operation does not document", () => {
    const { op, missing } = narrower;
    expect(() => mockPrefer({ operation: op.name, code: missing } as never)).toThrow(
      `mockPrefer: ${op.name} does not document status ${missing}; the documented statuses are ${[...op.statuses].sort(byNumber).join(", ")}`,
    );
    // In types: for no operation does `code` accept a status that operation does not document.
    expectTypeOf<{ [Op in MockOperation]: Extract<Exclude<DocumentedStatus, DocumentedStatus<Op>>, NonNullable<MockPreferOptions<Op>["code"]>> }[MockOperation]>().toBeNever();
  });

  it("refuses, in types and at run time, an example the status does not have", () => {
    const { status } = errorExample;
    expect(() => mockPrefer({ code: status, example: "no_such_example" } as never)).toThrow(
      `no operation of the contract documents an example "no_such_example" for status ${status}; the documented examples are ${examplesOf(status).join(", ")}`,
    );
    // @ts-expect-error no status of any operation has an example of this name
    expect(() => mockPrefer({ example: "no_such_example" })).toThrow('"no_such_example"');
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

  // The main entry has no branch for Prism's own answers (issue 32): the mock's problem is typed by
  // its status like any page that is not an envelope, and says why in error.body.
  it("types the mock's problem by its status and keeps why in error.body", async () => {
    const { client } = unitClient(prismNotFound("Requested status code 418 is not defined in the document."));
    const error = await client.account.getStatus(validStatusQuery).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as APIError).body).toMatchObject({ detail: "Requested status code 418 is not defined in the document." });
  });

  it("scrubs secrets from the problem it keeps", async () => {
    const { client } = unitClient(prismNotFound(`header PW-subscription-key ${UNIT_KEY}\r\n[paywise] forged line`));
    const error = (await client.account.getStatus(validStatusQuery).catch((caught: unknown) => caught)) as APIError;
    expect(JSON.stringify(error.body)).not.toContain(UNIT_KEY);
    expect(error.message).not.toContain(UNIT_KEY);
  });

  it("blames a proxy for a problem+json", async () => {
    const { client } = unitClient(
      () => new Response(JSON.stringify({ type: "about:blank", title: "Bad Gateway", status: 502 }), { status: 502, headers: { "content-type": "application/problem+json" } }),
      { maxRetries: 0 },
    );
    const error = (await client.account.getStatus(validStatusQuery).catch((caught: unknown) => caught)) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toContain("such as a proxy or CDN, answered");
  });
});
