// The PayWise client: checks its options once, then hands out the resources the generator wrote
// from the contract (generated/<spec>/resources.ts): paywise.account, and any a new contract adds.
import { CONTRACT_VERSION, RESOURCES, type Resources } from "../generated/current";
import { Core } from "./core";
import { resolveOptions, type ClientOptions } from "./options";

// The symbol util.inspect looks for, without importing node:util (Bun and Deno run this too).
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

export class PayWise {
  /** The contract version this client speaks. */
  static readonly contractVersion = CONTRACT_VERSION;
  // Private fields: the options (and so the subscription key) are out of reach of
  // util.inspect, JSON.stringify and Object.keys.
  readonly #summary: Record<string, unknown>;

  constructor(options: ClientOptions = {}) {
    const resolved = resolveOptions(options);
    const core = new Core(resolved);
    for (const [name, Resource] of Object.entries(RESOURCES)) Object.assign(this, { [name]: new Resource(core) });
    this.#summary = {
      baseUrl: resolved.baseUrl,
      originCountry: resolved.originCountry,
      contractVersion: CONTRACT_VERSION,
      subscriptionKey: "[REDACTED]",
    };
  }

  /** What JSON.stringify shows: where the client points, never its key. */
  toJSON(): Record<string, unknown> {
    return { ...this.#summary };
  }

  [inspectSymbol](): string {
    return `PayWise ${JSON.stringify(this.#summary)}`;
  }
}

// The resources' fields, typed from the generated list (a class cannot declare fields from a type).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface PayWise extends Resources {}
