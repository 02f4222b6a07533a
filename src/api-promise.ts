// The promise every operation returns: awaiting it gives the payload; `.withResponse()` gives the
// payload with the envelope's meta fields and the raw Response.
import type { ResponseMeta } from "./envelope";
import type { ValidationIssue } from "./errors";

export interface WithResponse<T> {
  /** The payload, as awaiting the promise gives it. */
  data: T;
  /** The envelope's meta fields: status, code, message, request_id, timestamp, observed_client_ip. */
  meta: ResponseMeta;
  /** The HTTP response (its body has been read). */
  response: Response;
  /**
   * Where the answer breaks the contract: empty, unless responseValidation "warn" let a success
   * that does not match through as received.
   */
  issues: readonly ValidationIssue[];
}

export class APIPromise<T> extends Promise<T> {
  readonly #result: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(result: Promise<WithResponse<T>>) {
    // The executor's value is never used: then/catch/finally read #result instead.
    super((resolve) => resolve(undefined as T));
    this.#result = result;
  }

  // Promise methods such as then() build their results through the species: plain Promises.
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The payload together with the envelope's meta fields and the raw Response. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  #payload(): Promise<T> {
    this.#data ??= this.#result.then((result) => result.data);
    return this.#data;
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#payload().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#payload().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#payload().finally(onfinally);
  }
}
