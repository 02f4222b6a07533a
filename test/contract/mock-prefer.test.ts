// mockPrefer() against the contract project's Prism (test/helpers/mock-server-setup.ts: the bundled
// contract, default settings): each status and example it asks for is one the mock serves, and the
// SDK types what comes back (issue 10, item 7). Its unit tests are test/testing/mock-prefer.test.ts.
import { describe, expect, inject, it } from "vitest";
import { APIError, ConflictError, NotFoundError, PayWise } from "../../src/index";
import { mockPrefer } from "../../src/testing";
import { DOCUMENTED_RESPONSES } from "../../generated/current";
import { SDK_FILLED_QUERY } from "../../src/call-parameters";
import { sdkOperations } from "../../scripts/lib/sdk-names.mjs";
import { validStatusQuery } from "../helpers/fake-fetch";
import { documentedInput, operation, operations, responseExamples, spec } from "../helpers/spec";

describe("mockPrefer against the mock", { timeout: 60_000 }, () => {
  const paywise = new PayWise({ baseUrl: inject("mockServerUrl"), subscriptionKey: "0123456789abcdef0123456789abcdef", originCountry: "TT", ipAddress: "203.0.113.7", maxRetries: 0 });

  it("types an undocumented status asked of the mock by the mock's status, with its reason in error.body", async () => {
    const error = await paywise.account.getStatus(validStatusQuery, { headers: { Prefer: "code=418" } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(JSON.stringify((error as APIError).body)).toContain("418");
  });

  // Each documented 409 example, asked for by name, comes back as a ConflictError carrying the
  // example's own error code.
  const conflicts = operations().flatMap((op) => responseExamples(op).filter((example) => example.status === 409).map((example) => ({ op, ...example })));
  it.each(conflicts.map((conflict) => [conflict.op.operationId, conflict.name, conflict] as const))(
    "turns %s's documented 409 (example %s) into a ConflictError with its error code",
    async (_id, _name, { op, name, value }) => {
      const entry = sdkOperations(spec).find((candidate) => candidate.operationId === op.operationId)!;
      const resource = (paywise as unknown as Record<string, Record<string, (params: unknown, options: object) => Promise<unknown>>>)[entry.resource]!;
      const error = await resource[entry.method]!.call(resource, documentedInput(op, SDK_FILLED_QUERY), { headers: mockPrefer({ code: 409, example: name } as never) }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).errorCode).toBe((value as { data?: { error_code?: string } }).data?.error_code);
    },
  );

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
    // A status without an example gets a generated one from the mock (scripts/lib/static-mock.mjs).
    const outcome = await calls[operation](prefer).then(
      () => "resolved",
      (caught: unknown) => (caught instanceof APIError ? caught.status : caught),
    );
    // A documented success (200, 201, …) resolves; a documented error is its status's APIError.
    expect(outcome).toBe(code < 300 ? "resolved" : code);
  });
});
