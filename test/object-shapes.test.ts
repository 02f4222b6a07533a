// extendObject and omitFields stand in for z.extend and z.omit in the generated code
// (src/object-shapes.ts): they must check exactly what zod's own would, fields in the same order.
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { extendObject, omitFields } from "../src/object-shapes";
import { lazySchema } from "../src/lazy-schema";

const base = z.object({ status: z.string(), code: z.number(), note: z.optional(z.string()) });
const samples: unknown[] = [
  { status: "ok", code: 1, data: "x" },
  { status: "ok", code: 1, note: "n", data: "x", extra: true },
  { status: "ok", code: "1", data: 2 },
  { code: 1 },
  {},
  null,
  "text",
];

describe("extendObject", () => {
  it("checks what z.extend checks, the base's fields first", () => {
    const ours = extendObject(base, { data: z.string() });
    const zods = z.extend(base, { data: z.string() });
    expect(Object.keys(ours.shape)).toEqual(["status", "code", "note", "data"]);
    for (const sample of samples) expect(ours.safeParse(sample)).toEqual(zods.safeParse(sample));
  });

  it("extends a schema built on first use (the generated ones are)", () => {
    const lazy = lazySchema(() => base);
    expect(extendObject(lazy, { data: z.string() }).safeParse(samples[0]).success).toBe(true);
    expect(extendObject(lazy, { data: z.string() }).safeParse(samples[2]).error?.issues.map((issue) => issue.path.join("."))).toEqual(["code", "data"]);
  });
});

describe("omitFields", () => {
  it("checks what z.omit checks, and leaves the base alone", () => {
    const ours = omitFields(base, ["code"]);
    const zods = z.omit(base, { code: true });
    expect(Object.keys(ours.shape)).toEqual(["status", "note"]);
    for (const sample of samples) expect(ours.safeParse(sample)).toEqual(zods.safeParse(sample));
    expect(Object.keys(base.shape)).toEqual(["status", "code", "note"]);
  });
});
