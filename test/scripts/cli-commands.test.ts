// The generator's part of the command line (scripts/lib/cli-commands.mjs): flag types from the
// schema, names in kebab case, and a clear refusal, pointing at x-pw-cli-flag, when a contract's
// field would take a flag that is already taken.
import { describe, expect, it } from "vitest";
import { cliModule, flagType } from "../../scripts/lib/cli-commands.mjs";
import { resourceModules } from "../../scripts/lib/resources.mjs";
import { REQUEST_OPTION_NAMES, SDK_FILLED_HEADERS, SDK_FILLED_QUERY } from "../../src/call-parameters";
import { GLOBAL_FLAGS } from "../../src/cli/global-flags";

const SDK_FILLED = { headers: SDK_FILLED_HEADERS, query: SDK_FILLED_QUERY, options: REQUEST_OPTION_NAMES };
/** Any name for each zod schema: the commands never print them. */
const ZOD_NAMES = { operation: (_path: string, _method: string, role: string) => `z_${role.replace("-", "_")}`, component: () => undefined };

/** A one-operation contract whose body has `properties`. */
function contractWith(properties: Record<string, unknown>, { tag = "things", extra = {} as Record<string, unknown> } = {}) {
  const spec = {
    openapi: "3.1.0",
    info: { title: "t", version: "2030-01-01" },
    tags: [{ name: tag, description: "Things." }],
    paths: {
      "/things": {
        post: {
          tags: [tag],
          operationId: "makeThing",
          summary: "Make a thing",
          requestBody: { content: { "application/json": { schema: { type: "object", required: Object.keys(properties).slice(0, 1), properties } } } },
          responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object", properties: { status: { type: "string" } } } } } } },
          ...extra,
        },
      },
    },
  };
  return { spec, render: () => cliModule(resourceModules(spec, ZOD_NAMES, SDK_FILLED).ops, spec) };
}

describe("cli-commands", () => {
  it("types a flag from its schema: scalars as they are (nullable too), anything else as JSON", () => {
    const resolve = (node: unknown) => node;
    expect(flagType({ type: "string" }, resolve)).toBe("string");
    expect(flagType({ type: "integer" }, resolve)).toBe("integer");
    expect(flagType({ type: ["number", "null"] }, resolve)).toBe("number");
    expect(flagType({ type: "boolean" }, resolve)).toBe("boolean");
    expect(flagType({ enum: ["a", "b"] }, resolve)).toBe("string");
    expect(flagType({ allOf: [{ type: "integer" }] }, resolve)).toBe("integer");
    expect(flagType({ type: "object" }, resolve)).toBe("json");
    expect(flagType({ type: "array", items: { type: "string" } }, resolve)).toBe("json");
    expect(flagType({ oneOf: [{ type: "string" }, { type: "integer" }] }, resolve)).toBe("json");
  });

  it("names the command and each flag in kebab case, with its type, required mark, values and example", () => {
    const text = contractWith({ mobileNumber: { type: "string", examples: ["1868"] }, item_count: { type: "integer" }, kind: { type: "string", enum: ["a", "b"] }, single_use: { type: "boolean" } }).render();
    expect(text).toContain('command: "make-thing"');
    expect(text).toContain('{ field: "mobileNumber", flag: "mobile-number", type: "string", required: true, description: "", example: "\\"1868\\"" }');
    expect(text).toContain('{ field: "item_count", flag: "item-count", type: "integer", required: false, description: "" }');
    expect(text).toContain('values: ["a", "b"]');
    expect(text).toContain('flag: "single-use", type: "boolean"');
  });

  it("refuses a field whose flag a global flag or another field has, naming x-pw-cli-flag, which then resolves it", () => {
    for (const taken of Object.keys(GLOBAL_FLAGS)) {
      expect(() => contractWith({ [taken.replace(/-/g, "_")]: { type: "string" } }).render()).toThrow(new RegExp(`--${taken}, which is already a flag every command takes; give it another name with x-pw-cli-flag`));
    }
    expect(() => contractWith({ mobile_number: { type: "string" }, mobileNumber: { type: "string" } }).render()).toThrow(/--mobile-number, which is already the flag of field mobile_number/);
    // A boolean's --no- twin is taken too.
    expect(() => contractWith({ ready: { type: "boolean" }, no_ready: { type: "string" } }).render()).toThrow(/--no-ready, which is already the negation of field ready/);
    expect(contractWith({ timeout: { type: "integer", "x-pw-cli-flag": "wait-ms" } }).render()).toContain('{ field: "timeout", flag: "wait-ms", type: "integer"');
    expect(() => contractWith({ timeout: { type: "integer", "x-pw-cli-flag": "Wait Ms" } }).render()).toThrow(/not lower-case words joined by hyphens/);
  });

  it("refuses a resource that would be one of the CLI's own words", () => {
    expect(() => contractWith({ a: { type: "string" } }, { tag: "doctor" }).render()).toThrow(/`paywise doctor`, which is the CLI's own/);
  });
});
