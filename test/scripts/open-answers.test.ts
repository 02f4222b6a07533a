// The generator's open answers (docs/VERSIONING.md, "Enums" and "Formats"): on a small contract
// built in memory, an enum and a format that an answer reaches are opened, in the types and the
// zod schemas alike, while a request's stay closed, also when one component serves both.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@hey-api/openapi-ts";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { holdsOpenEnum, OPEN_ENUM_TYPE_IMPORT, openAnswerResolvers, openAnswers, openEnumType, OPEN_ENUM, UNCHECKED_FORMAT } from "../../scripts/lib/open-answers.mjs";

type Schema = Record<string, unknown>;
const json = (schema: Schema) => ({ content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** One operation: Colour goes both ways, Mood and Stamp only come back. */
function contract(): { paths: Record<string, Record<string, Schema>>; components: { schemas: Record<string, Schema> } } {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/paint": {
        post: {
          operationId: "paint",
          parameters: [{ name: "id", in: "query", required: true, schema: { type: "string", format: "uuid" } }],
          requestBody: { required: true, ...json({ type: "object", required: ["colour"], properties: { colour: ref("Colour") } }) },
          responses: {
            "200": {
              description: "ok",
              ...json({
                type: "object",
                required: ["colour", "mood", "stamp", "tags"],
                properties: { colour: ref("Colour"), mood: ref("Mood"), stamp: ref("Stamp"), tags: { type: "array", items: { type: "integer", enum: [1, 2] } } },
              }),
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Colour: { type: "string", enum: ["red", "blue"] },
        Mood: { type: ["string", "null"], enum: ["calm", null] },
        Stamp: { type: "string", format: "date-time" },
      },
    },
  } as never;
}

describe("openAnswers", () => {
  it("opens what only answers reach, in place, and leaves the contract it was given alone", () => {
    const given = contract();
    const opened = openAnswers(given);
    expect(opened.components.schemas["Mood"]).toEqual({ anyOf: [{ type: "string", [OPEN_ENUM]: ["calm"] }, { type: "null" }] });
    expect(opened.components.schemas["Stamp"]).toEqual({ type: "string", format: "date-time", [UNCHECKED_FORMAT]: true });
    expect(given).toEqual(contract());
  });

  it("gives answers their own open copy of a component a request reaches too, so the request side stays closed", () => {
    const opened = openAnswers(contract());
    const post = opened.paths["/paint"]!["post"] as { requestBody: { content: Record<string, { schema: { properties: Record<string, Schema> } }> }; responses: Record<string, { content: Record<string, { schema: { properties: Record<string, Schema> } }> }> };
    expect(post.requestBody.content["application/json"]!.schema.properties["colour"]).toEqual(ref("Colour"));
    expect(post.responses["200"]!.content["application/json"]!.schema.properties["colour"]).toEqual(ref("ColourAnswer"));
    expect(opened.components.schemas["Colour"]).toEqual({ type: "string", enum: ["red", "blue"] });
    expect(opened.components.schemas["ColourAnswer"]).toEqual({ type: "string", [OPEN_ENUM]: ["red", "blue"] });
  });

  it("keeps a request parameter's format", () => {
    const opened = openAnswers(contract());
    expect((opened.paths["/paint"]!["post"] as { parameters: { schema: Schema }[] }).parameters[0]!.schema).toEqual({ type: "string", format: "uuid" });
  });

  it("refuses to overwrite a component that has the copy's name", () => {
    const spec = contract();
    spec.components.schemas["ColourAnswer"] = { type: "string" };
    expect(() => openAnswers(spec)).toThrow(/components\.schemas\.Colour serves both requests and answers, and its copy for the answers would be named ColourAnswer, which the contract already uses/);
  });
});

describe("the generators, given the opened contract", () => {
  it("type an answer's enum as its values or Unrecognized, and a request's as its values", async () => {
    const opened = openAnswers(contract());
    expect([holdsOpenEnum(contract()), holdsOpenEnum(opened)]).toEqual([false, true]);
    const types = astToString(await openapiTS(opened as never, { transform: openEnumType as never, inject: OPEN_ENUM_TYPE_IMPORT }));
    expect(types).toMatch(/^import type \{ Unrecognized \} from "\.\.\/\.\.\/src\/open-enum";/);
    expect(types).toMatch(/Colour: "red" \| "blue";/);
    expect(types).toMatch(/ColourAnswer: "red" \| "blue" \| Unrecognized<string>;/);
    expect(types).toMatch(/Mood: \("calm" \| Unrecognized<string>\) \| null;/);
    expect(types).toMatch(/tags: \(1 \| 2 \| Unrecognized<number>\)\[\];/);
  });

  it("render an answer's enum as openEnum and its format unchecked, and keep a request's", { timeout: 30_000 }, async () => {
    const scratch = await mkdtemp(join(tmpdir(), "pw-open-answers-"));
    try {
      await createClient({
        input: openAnswers(contract()) as never,
        output: { path: scratch },
        plugins: [{ name: "zod", compatibilityVersion: "mini", "~resolvers": openAnswerResolvers } as never],
        logs: { level: "silent", file: false },
      });
      const zod = await readFile(join(scratch, "zod.gen.ts"), "utf8");
      // Imported by hey-api itself: the resolver registers openEnum as an import of its own.
      expect(zod).toMatch(/^import \{ openEnum \} from '\.\.\/\.\.\/src\/open-enum';$/m);
      expect(zod).toMatch(/zColour = z\.enum\(\['red', 'blue'\]\)/);
      expect(zod).toMatch(/zColourAnswer = openEnum\(\['red', 'blue'\]\)/);
      expect(zod).toMatch(/zStamp = z\.string\(\);/);
      expect(zod).toMatch(/zMood = z\.nullable\(openEnum\(\['calm'\]\)\);/);
      expect(zod).toMatch(/tags: z\.array\(openEnum\(\[\s*1,\s*2\s*\]\)\)/);
      expect(zod).toMatch(/id: z\.uuid\(\)/);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
