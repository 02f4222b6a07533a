/**
 * A schema built the first time it is read (issue 32): building the contract's zod schemas at
 * import was most of what importing the SDK cost. The generated schemas (scripts/lib/lazy-schemas.mjs)
 * and the options' schemas are wrapped in it. What it returns stands for the built schema in every
 * use (parse, z.extend, `.shape`, being a field of another schema), so nothing that uses one changes.
 */
export function lazySchema<Schema extends object>(build: () => Schema): Schema {
  let built: Schema | undefined;
  return new Proxy<Slot>({ schema: () => (built ??= build()) }, FORWARD_TO_BUILT) as unknown as Schema;
}

/** A lazy schema's Proxy target: what builds its schema on the first call and returns it on each. */
interface Slot {
  schema: () => object;
}

/**
 * One handler shared by every lazy schema, which reaches its schema through the target: a handler
 * of closures per schema (seven functions each, for the dozens wrapped) cost 0.15 ms at import.
 */
const FORWARD_TO_BUILT: ProxyHandler<Slot> = {
  get: (slot, key) => slot.schema()[key as keyof object],
  set: (slot, key, value) => Reflect.set(slot.schema(), key, value),
  has: (slot, key) => Reflect.has(slot.schema(), key),
  ownKeys: (slot) => Reflect.ownKeys(slot.schema()),
  // Configurable, as a proxy may only report a property it lacks: util.inspect and test matchers list them.
  getOwnPropertyDescriptor: (slot, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(slot.schema(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
  getPrototypeOf: (slot) => Reflect.getPrototypeOf(slot.schema()),
};
