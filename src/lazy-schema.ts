/**
 * A schema built the first time it is read (issue 32): building the contract's zod schemas at
 * import was most of what importing the SDK cost. The generated schemas (scripts/lib/lazy-schemas.mjs)
 * and the options' schemas are wrapped in it. What it returns stands for the built schema in every
 * use (parse, z.extend, `.shape`, being a field of another schema), so nothing that uses one changes.
 */
export function lazySchema<Schema extends object>(build: () => Schema): Schema {
  let built: Schema | undefined;
  const schema = () => (built ??= build());
  return new Proxy({} as Schema, {
    get: (_, key) => (built ?? schema())[key as keyof Schema],
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // Configurable, as a proxy may only report a property it lacks: util.inspect and test matchers list them.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
