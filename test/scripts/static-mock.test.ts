// The static mock's contract (scripts/lib/static-mock.mjs, issue 21): an answer the contract gives
// no example gets one generated from its schema, which the SDK's own schemas accept, so a contract
// written without examples can still be mocked; a contract with every example is served as it is.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as generated from "../../generated/current";
import { staticMockContract } from "../../scripts/lib/static-mock.mjs";
import { SPEC_FILE, operations, successStatus } from "../helpers/spec";

const contract = () => parse(readFileSync(SPEC_FILE, "utf8"));
/** Every `example` and `examples` keyword gone (a property of that name stays). */
const withoutExamples = (node: unknown, parentKey = ""): unknown => {
  if (Array.isArray(node)) return node.map((item) => withoutExamples(item));
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => parentKey === "properties" || (key !== "example" && key !== "examples")).map(([key, value]) => [key, withoutExamples(value, key)]));
};

describe("the static mock's contract", () => {
  it("gives each answer without an example one that fits the SDK's schema, its envelope saying its status", () => {
    const variant = staticMockContract(withoutExamples(contract())) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>> };
    expect(variant).not.toBeNull();
    for (const op of operations()) {
      const status = successStatus(op);
      const example = variant.paths[op.path]![op.method.toLowerCase()]!.responses[String(status)]!.content!["application/json"]!.example as Record<string, unknown>;
      expect(example, op.operationId).toMatchObject({ status: "success", code: status });
      const schema = (generated as unknown as Record<string, { safeParse(value: unknown): { success: boolean; error?: unknown } }>)[`z${op.operationId[0]!.toUpperCase()}${op.operationId.slice(1)}Response`]!;
      expect(schema.safeParse(example).error, op.operationId).toBeUndefined();
      for (const [code, response] of Object.entries(variant.paths[op.path]![op.method.toLowerCase()]!.responses)) {
        const error = response.content?.["application/json"]?.example as { status?: string; code?: number } | undefined;
        if (Number(code) >= 400 && error) expect(error, `${op.operationId} ${code}`).toMatchObject({ status: "error", code: Number(code) });
      }
    }
  });

  it("generates the same examples every time, so check:generated holds, and adds none to a contract that has them all", () => {
    const spec = withoutExamples(contract());
    expect(JSON.stringify(staticMockContract(spec))).toBe(JSON.stringify(staticMockContract(spec)));
    const complete = staticMockContract(spec);
    expect(staticMockContract(complete)).toBeNull();
  });

  it("generates for an answer given as a $ref to components.responses, and keeps a property named example", () => {
    const spec = withoutExamples(contract()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: Record<string, Record<string, unknown>> };
    const op = operations()[0]!;
    const responses = spec.paths[op.path]![op.method.toLowerCase()]!.responses;
    const status = String(successStatus(op));
    const answer = structuredClone(responses[status]) as { content: Record<string, { schema: unknown }> };
    // One more field, named like the keyword, that the generated example must carry.
    answer.content["application/json"]!.schema = { allOf: [answer.content["application/json"]!.schema, { type: "object", required: ["example"], properties: { example: { type: "string", minLength: 1 } } }] };
    spec.components.responses = { ...spec.components.responses, SharedSuccess: answer };
    responses[status] = { $ref: "#/components/responses/SharedSuccess" };
    const variant = staticMockContract(spec) as typeof spec;
    const example = (variant.components.responses!["SharedSuccess"] as { content: Record<string, { example?: Record<string, unknown> }> }).content["application/json"]!.example;
    expect(example).toMatchObject({ status: "success", code: Number(status), example: expect.any(String) });
  });
});
