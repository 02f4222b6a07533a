// New object schemas from the fields of generated ones, for the generated code: a success answer
// that extends the envelope (scripts/lib/compact-checks.mjs) and an operation's input, its query
// less what the SDK fills (scripts/lib/resources.mjs). zod's z.extend and z.omit check the same
// fields, and bring into every application's bundle their handling of refinements, masks and
// strict or loose objects, which these plain object schemas never have (issue 32: 366 B gzipped).
import * as z from "zod/mini";

/** `base`'s fields, then `extra`'s, as z.extend(base, extra) gives them for a plain object schema. */
export function extendObject<Shape extends z.core.$ZodShape, Extra extends z.core.$ZodLooseShape>(base: z.ZodMiniObject<Shape>, extra: Extra) {
  return z.object({ ...base.shape, ...extra });
}

/** `base`'s fields less those named, as z.omit(base, { name: true, … }) gives them for a plain object schema. */
export function omitFields<Shape extends z.core.$ZodShape, Name extends keyof Shape & string>(base: z.ZodMiniObject<Shape>, names: readonly Name[]) {
  // Built without `delete`, which would leave the shape a slow dictionary-mode object.
  const shape = Object.fromEntries(Object.entries(base.shape).filter(([name]) => !(names as readonly string[]).includes(name)));
  return z.object(shape as Omit<Shape, Name>);
}
