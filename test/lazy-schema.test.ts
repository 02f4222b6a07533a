// Schemas built on first use (issue 32): importing the SDK builds none of the contract's schemas,
// and a lazy schema serves every use a built one does.
import { describe, expect, it, vi } from "vitest";
import * as z from "zod/mini";
import { lazySchema } from "../src/lazy-schema";

/** How many zod/mini schemas have been built since the last reset, counted as zod's factories are called. */
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock("zod/mini", async (importOriginal) => {
  const zod = await importOriginal<Record<string, unknown>>();
  const counted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(zod)) {
    counted[name] = typeof value === "function" && /^[a-z]/.test(name) ? (...args: unknown[]) => (built.count++, (value as (...a: unknown[]) => unknown)(...args)) : value;
  }
  return counted;
});

describe("the generated schemas", () => {
  it("are not built when the SDK is imported, and are when one is first used", async () => {
    vi.resetModules();
    built.count = 0;
    const sdk = await import("../src/index");
    const generated = await import("../generated/current");
    expect(typeof sdk.PayWise).toBe("function");
    expect(built.count).toBe(0);
    expect(generated.zEnvelope.safeParse({}).success).toBe(false);
    expect(built.count).toBeGreaterThan(0);
  });
});

describe("lazySchema", () => {
  it("builds its schema once, when it is first read", () => {
    const build = vi.fn(() => z.object({ name: z.string() }));
    const schema = lazySchema(build);
    expect(build).not.toHaveBeenCalled();
    expect(schema.safeParse({ name: "x" }).success).toBe(true);
    expect(schema.safeParse({ name: 1 }).success).toBe(false);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it("serves as the schema it builds: a field of another, extended, its shape read", () => {
    const base = lazySchema(() => z.object({ code: z.number() }));
    const extended = z.extend(base, { data: lazySchema(() => z.string()) });
    expect(Object.keys(base.shape)).toEqual(["code"]);
    expect(extended.safeParse({ code: 1, data: "x" }).success).toBe(true);
    expect(extended.safeParse({ code: 1, data: 2 }).success).toBe(false);
    expect(z.object({ inner: base }).safeParse({ inner: { code: "1" } }).success).toBe(false);
  });
});
