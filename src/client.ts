// The PayWise client: checks its options once, then hands out the account operations.
import { CONTRACT_VERSION } from "../generated/current";
import { Core } from "./core";
import { resolveOptions, type ClientOptions } from "./options";
import { Account } from "./resources/account";

// The symbol util.inspect looks for, without importing node:util (Bun and Deno run this too).
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

export class PayWise {
  /** The contract version this client speaks. */
  static readonly contractVersion = CONTRACT_VERSION;
  /** The account operations: createSession, getStatus, register, getBalance. */
  readonly account: Account;
  // Private fields: the options (and so the subscription key) are out of reach of
  // util.inspect, JSON.stringify and Object.keys.
  readonly #summary: Record<string, unknown>;

  constructor(options: ClientOptions = {}) {
    const resolved = resolveOptions(options);
    this.account = new Account(new Core(resolved));
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
