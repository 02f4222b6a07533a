// The generated zod schemas check formats and integers without zod's format classes (issue 14,
// bundle size), and check them as strictly: scripts/lib/compact-checks.mjs.
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@hey-api/openapi-ts";
import { describe, expect, it } from "vitest";
import { extendsMarked, withCompactChecks } from "../../scripts/lib/compact-checks.mjs";
import * as generated from "../../generated/current";
import { InvalidResponseError } from "../../src/index";
import { balanceAnswer, envelope, json, unitClient } from "../helpers/fake-fetch";

const zodFile = readFileSync(new URL(`../../generated/pw-wrappers.${generated.CONTRACT_VERSION}/zod.ts`, import.meta.url), "utf8");

describe("the generated zod schemas", () => {
  it("use none of zod's format classes for uuid, ipv4, uri, email or integers", () => {
    expect(zodFile).not.toMatch(/z\.(?:uuid|guid|ipv4|ipv6|url|email|int)\(/);
  });

  it("check a uuid with a contract pattern by that pattern, under the format's name", () => {
    expect(generated.zRequestId.safeParse("3e602bd5-7f48-6bc4-7d72-0a1b2c3d4e5f").success).toBe(true);
    const refused = generated.zRequestId.safeParse("3e602bd5-7f48-6bc4-7d72");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ code: "invalid_format", format: "uuid" });
  });

  it("check an ipv4 by its pattern and bounds, under the format's name", () => {
    expect(generated.zIpAddress.safeParse("203.0.113.7").success).toBe(true);
    expect(generated.zIpAddress.safeParse("203.0.113.300").error?.issues[0]).toMatchObject({ format: "ipv4" });
  });

  it("check a uri by parsing it, as z.url() does", async () => {
    // Through the operation's body schema, not a component's name: a contract may inline it.
    const schema = generated.zRegisterAccountBody.shape.callback_url;
    expect(schema.safeParse("https://example.test/callback").success).toBe(true);
    expect(schema.safeParse("not a url").error?.issues[0]).toMatchObject({ format: "url" });
  });

  it("refuse a number that is not a whole one where the contract says integer, in words", async () => {
    const { client } = unitClient(() => json(envelope({ code: 200.5, data: { mobile_number: "18680001234", balance: 12.5, currency: "TTD" } })));
    const error = await client.account.getBalance({ mobile_number: "18680001234" }).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).issues).toEqual([{ path: "code", message: "must be a whole number" }]);
    await expect(unitClient(balanceAnswer).client.account.getBalance({ mobile_number: "18680001234" })).resolves.toBeDefined();
  });
});

describe("an allOf of a component and an object", () => {
  const base = { type: "object", required: ["status"], properties: { status: { type: "string" } } };
  const adding = { type: "object", required: ["data"], properties: { data: { type: "integer" } } };
  const overlapping = { type: "object", properties: { status: { type: "integer" } } };
  const ref = { $ref: "#/components/schemas/Base" };
  const contract = () => ({
    openapi: "3.1.0",
    info: { title: "allOf", version: "1" },
    paths: {},
    components: { schemas: { Base: base, Extended: { allOf: [ref, adding] }, Overlapping: { allOf: [ref, overlapping] }, Nested: { allOf: [{ $ref: "#/components/schemas/Extended" }, adding] } } },
  });

  it("is marked as extending the component only when the object adds properties the component does not have", () => {
    const marked = extendsMarked(contract()).components.schemas;
    expect(marked.Extended).toEqual({ ...adding, "x-pw-extends": ref });
    expect(marked.Overlapping).toEqual({ allOf: [ref, overlapping] });
    // A base that is itself an allOf stays an intersection.
    expect(marked.Nested).toEqual(contract().components.schemas.Nested);
    expect(contract().components.schemas.Extended).toEqual({ allOf: [ref, adding] });
  });

  it("stays an intersection when the component says what it does with other properties: extendObject gives a plain object", () => {
    for (const additionalProperties of [false, true, { type: "string" }]) {
      const loose = contract();
      loose.components.schemas.Base = { ...base, additionalProperties } as typeof base;
      expect(extendsMarked(loose).components.schemas.Extended, JSON.stringify(additionalProperties)).toEqual({ allOf: [ref, adding] });
    }
  });

  it("is written extendObject by hey-api's object resolver, any other allOf an intersection", { timeout: 30_000 }, async () => {
    const scratch = await mkdtemp(join(tmpdir(), "pw-compact-checks-"));
    try {
      await createClient({
        input: extendsMarked(contract()) as never,
        output: { path: scratch, header: null },
        plugins: [{ name: "zod", compatibilityVersion: "mini", "~resolvers": withCompactChecks({}) } as never],
        logs: { level: "silent", file: false },
      });
      const zod = await readFile(join(scratch, "zod.gen.ts"), "utf8");
      expect(zod).toMatch(/export const zExtended = extendObject\(zBase, \{\s*data: integer\(\)\s*\}\);/);
      expect(zod).toMatch(/export const zOverlapping = z\.intersection\(zBase, z\.object\(/);
      expect(zod).toMatch(/export const zNested = z\.intersection\(zExtended, z\.object\(/);
      expect(zod).toMatch(/^import \{ integer \} from '\.\.\/\.\.\/src\/number-checks';$/m);
      expect(zod).toMatch(/^import \{ extendObject \} from '\.\.\/\.\.\/src\/object-shapes';$/m);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
