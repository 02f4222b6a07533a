// A contract that writes the envelope inline in every answer gets it named by the generator
// (scripts/lib/named-envelope.mjs, issue 21 style (b)): the named schema is the one every answer
// shares, each copy becomes a $ref to it, and a contract that names it already is left as it is.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENVELOPE_REF, inlineEnvelope, withNamedEnvelope } from "../../scripts/lib/named-envelope.mjs";
import { styledContract } from "../helpers/contract-styles.mjs";
import { SPEC_FILE } from "../helpers/spec";

const contract = () => parse(readFileSync(SPEC_FILE, "utf8"));
const overlay = parse(readFileSync(new URL("../../openapi/pw-wrappers.overlay.yaml", import.meta.url), "utf8"));
const inlined = () => styledContract(contract(), overlay, ["inlineSchemas"]).spec;
const JSON_MEDIA = "application/json";

type Node = Record<string, any>;
/** Every JSON answer's schema of a contract whose answers are written in place (no response $refs). */
function answerSchemas(spec: Node): Node[] {
  return Object.values(spec.paths as Node).flatMap((item: Node) =>
    Object.values(item).flatMap((operation: Node) => Object.values((operation?.responses ?? {}) as Node).map((response: Node) => response.content?.[JSON_MEDIA]?.schema).filter(Boolean)),
  );
}
/** The envelope's copy in an answer, found by what every envelope has: a status and a code. */
const envelopeCopyIn = (schema: Node): Node | undefined => (schema.allOf ?? [schema]).find((part: Node) => part.properties?.status && part.properties?.code);

describe("withNamedEnvelope", () => {
  it("leaves a contract that names its envelope as it is", () => {
    const spec = contract();
    if (spec.components?.schemas?.Envelope === undefined) spec.components = { ...spec.components, schemas: { ...spec.components?.schemas, Envelope: inlineEnvelope(spec) } };
    expect(inlineEnvelope(spec)).toBeUndefined();
    expect(withNamedEnvelope(spec)).toBe(spec);
  });

  it("names the schema every answer shares, and each answer refers to it where the copy was", () => {
    const spec = inlined();
    const named = withNamedEnvelope(spec);
    const copies = answerSchemas(spec).map(envelopeCopyIn);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) expect(named.components.schemas.Envelope).toEqual(copy);
    const schemas = answerSchemas(named);
    expect(schemas.length).toBeGreaterThan(0);
    // Each answer is the envelope, or an allOf with it as one part; no copy of it is left.
    for (const schema of schemas) {
      const parts = schema.allOf ?? [schema];
      expect(parts.filter((part: Node) => part.$ref === ENVELOPE_REF)).toHaveLength(1);
      expect(envelopeCopyIn(schema)).toBeUndefined();
    }
    // The contract it was given is not changed.
    expect(spec).toEqual(inlined());
  });

  it("names nothing when the answers share no one schema", () => {
    const spec = inlined();
    const [first] = answerSchemas(spec);
    envelopeCopyIn(first!)!.properties.code = { type: "string" };
    expect(inlineEnvelope(spec)).toBeUndefined();
    expect(withNamedEnvelope(spec)).toBe(spec);
  });
});
