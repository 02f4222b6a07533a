// The styles the SDK cannot take yet are refused up front with the reason (scripts/lib/contract-style.mjs,
// issue 21); the contract as it is, each style, and the contracts test:bump bumps to (an inlined envelope too), are taken.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { unsupportedStyle } from "../../scripts/lib/contract-style.mjs";
import { BUMP_CONTRACTS, STYLES, styledContract, type Style } from "../helpers/contract-styles.mjs";
import { SPEC_FILE, operations, successStatus } from "../helpers/spec";

/** Parsed once; each test takes a fresh copy to change (a parse is about 50 ms, and the first test takes one per style). */
const CONTRACT = parse(readFileSync(SPEC_FILE, "utf8"));
const contract = () => structuredClone(CONTRACT);
const overlay = parse(readFileSync(new URL("../../openapi/pw-wrappers.overlay.yaml", import.meta.url), "utf8"));

describe("unsupportedStyle", () => {
  it("takes the contract as it is, every style alone, and each contract test:bump bumps to", () => {
    expect(unsupportedStyle(contract())).toBeUndefined();
    for (const style of Object.keys(STYLES) as Style[]) {
      expect(unsupportedStyle(styledContract(contract(), overlay, [style]).spec), STYLES[style]).toBeUndefined();
    }
    for (const [scenario, { styles, requireField }] of Object.entries(BUMP_CONTRACTS)) {
      expect(unsupportedStyle(styledContract(contract(), overlay, styles, { requireField }).spec), scenario).toBeUndefined();
    }
  });

  it("refuses a contract whose answers share no envelope, saying where the SDK reads it", () => {
    const { spec } = styledContract(contract(), overlay, ["inlineSchemas"]);
    // One answer's copy of the envelope loses a field, so no one schema is in every answer.
    const op = operations()[0]!;
    const answer = spec.paths[op.path][op.method.toLowerCase()].responses[String(successStatus(op))].content["application/json"].schema;
    const copy = (answer.allOf ?? [answer]).find((part: { properties?: object }) => part.properties && "request_id" in part.properties);
    delete copy.properties.request_id;
    expect(unsupportedStyle(spec)).toMatch(/^it has no components\.schemas\.Envelope with properties, and its JSON answers share no one object schema to take for it: the SDK reads the envelope .* \(src\/envelope\.ts\)/);
  });

  it("refuses an operation whose success has no JSON body (204), naming it", () => {
    const spec = contract();
    const op = operations()[0]!;
    spec.paths[op.path][op.method.toLowerCase()].responses = { 204: { description: "Done." } };
    expect(unsupportedStyle(spec)).toBe(`${op.method} ${op.path} answers 204 with no JSON body: every SDK method resolves with the payload of a JSON envelope (src/answer.ts), and an answer without one is not taken yet`);
  });
});
