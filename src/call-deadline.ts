// The total time one call may take, its attempts and the waits between them together (issue 15).
// `timeout` bounds one attempt and maxRetries their number, but Retry-After (up to 60 s) and
// `maxRetries: 10` could still hold a call for more than ten minutes.

/**
 * @default 2 minutes: room for the default three attempts and their backoff, and still a bound a
 * caller can plan around.
 */
export const DEFAULT_TOTAL_TIMEOUT_MS = 120_000;

/** One call's total deadline, from the moment the call started. */
export class CallDeadline {
  readonly totalTimeout: number;
  readonly #endsAt: number;

  constructor(totalTimeout: number, now: number = performance.now()) {
    this.totalTimeout = totalTimeout;
    this.#endsAt = now + totalTimeout;
  }

  /** Milliseconds left, never below 0. */
  remaining(now: number = performance.now()): number {
    return Math.max(0, this.#endsAt - now);
  }

  /**
   * The timeout of the next attempt: its own `timeout`, or what is left of the call, whichever is
   * shorter; `cut` says the call's deadline is the shorter one.
   */
  attemptTimeout(timeout: number, now: number = performance.now()): { ms: number; cut: boolean } {
    const left = Math.max(1, Math.floor(this.remaining(now)));
    return left < timeout ? { ms: left, cut: true } : { ms: timeout, cut: false };
  }

  /** Whether waiting `delay` ms still leaves time for another attempt. */
  allowsWait(delay: number, now: number = performance.now()): boolean {
    return delay < this.remaining(now);
  }

  /** Why a retry was not made: the sentence the last error ends with. */
  stoppedRetrying(delay: number): string {
    return `Not retried: waiting ${delay} ms for another attempt would pass the call's totalTimeout of ${this.totalTimeout} ms.`;
  }
}
