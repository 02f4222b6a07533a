// The one $ref resolver of scripts/ (scripts/lib/openapi.mjs), which the generator, the mock answers
// and the spec diff all follow (issue 15, item 6).
import { describe, expect, it } from "vitest";
import { MAX_REF_HOPS, nodeAt, operationsOf, parametersOf, pointerSegments, resolveRef, successStatus } from "../../scripts/lib/openapi.mjs";
import { sensitiveFields } from "../../scripts/lib/sensitive.mjs";

const spec = {
  components: {
    schemas: {
      "a/b": { type: "string" },
      "t~x": { $ref: "#/components/schemas/a~1b" },
      "sp ace": { type: "number" },
      loop: { $ref: "#/components/schemas/loop" },
    },
  },
};

describe("resolveRef", () => {
  it("decodes ~1 as / and ~0 as ~, in that order", () => {
    expect(resolveRef(spec, { $ref: "#/components/schemas/a~1b" })).toEqual({ type: "string" });
    expect(pointerSegments("#/x/~01")).toEqual(["x", "~1"]);
    expect(pointerSegments("#/paths/~1account~1balance/get")).toEqual(["paths", "/account/balance", "get"]);
  });

  it("follows a chain of $refs, and percent-encoded ones", () => {
    expect(resolveRef(spec, { $ref: "#/components/schemas/t~0x" })).toEqual({ type: "string" });
    expect(resolveRef(spec, { $ref: "#/components/schemas/sp%20ace" })).toEqual({ type: "number" });
  });

  it("gives undefined for a $ref to nothing, and never reads inherited properties", () => {
    expect(resolveRef(spec, { $ref: "#/components/schemas/none" })).toBeUndefined();
    expect(resolveRef(spec, { $ref: "#/components/constructor" })).toBeUndefined();
    expect(nodeAt(spec, ["components", "__proto__"])).toBeUndefined();
  });

  it("refuses a loop and a $ref to another file, naming the $ref", () => {
    expect(() => resolveRef(spec, { $ref: "#/components/schemas/loop" })).toThrow(`$ref "#/components/schemas/loop": more than ${MAX_REF_HOPS} $refs in a row`);
    expect(() => resolveRef(spec, { $ref: "other.yaml#/a" })).toThrow('$ref "other.yaml#/a": only $refs within the contract file');
  });

  it("is what the sensitive marks follow, escaped names included", () => {
    const marked = {
      components: { schemas: { "token/v1": { type: "string", "x-pw-sensitive": "secret" }, Body: { type: "object", properties: { session_token: { $ref: "#/components/schemas/token~1v1" } } } } },
    };
    expect(sensitiveFields(marked, "t.yaml")).toContain('"session_token": "secret"');
  });
});

describe("the contract's operations", () => {
  const page = { name: "page", in: "query", schema: { type: "integer" } };
  const contract = {
    paths: {
      "/things/{id}": {
        parameters: [{ $ref: "#/components/parameters/Id" }, { name: "page", in: "query", schema: { type: "string" } }, { name: "page", in: "header" }],
        summary: "not an operation",
        get: { operationId: "getThing", parameters: [page], responses: { 404: {}, 201: {}, 200: {} } },
        "x-pw-note": { operationId: "notOne" },
      },
    },
    components: { parameters: { Id: { name: "id", in: "path", required: true } } },
  };

  it("are the path items' HTTP methods only", () => {
    expect(operationsOf(contract).map(({ path, method, operation }) => [path, method, operation["operationId"]])).toEqual([["/things/{id}", "get", "getThing"]]);
  });

  it("take the path item's parameters, resolved, an operation's own winning for the same name and place", () => {
    const operation = contract.paths["/things/{id}"].get;
    expect(parametersOf(contract, "/things/{id}", operation)).toEqual([{ name: "id", in: "path", required: true }, { name: "page", in: "header" }, page]);
    expect(parametersOf(contract, "/things/{id}", operation, { keepRefs: true })[0]).toEqual({ $ref: "#/components/parameters/Id" });
  });

  it("succeed with their first 2xx", () => {
    expect(successStatus(contract.paths["/things/{id}"].get)).toBe("200");
  });
});
