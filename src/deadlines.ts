// How long a call may take: the AbortSignal of each attempt, which aborts when the attempt's
// `timeout` is up (freeing its socket) or when the caller's signal aborts and leaves no timer or
// listener behind; and the call's total deadline (CallDeadline), its attempts and the waits
// between them together (issue 15): `timeout` bounds one attempt and maxRetries their number,
// but Retry-After (up to 60 s) and `maxRetries: 10` could still hold a call for ten minutes.
//
// Why not AbortSignal.timeout and AbortSignal.any, which say this in one line: on Node 20 both
// keep what they make alive long after the attempt. AbortSignal.any([caller, …]) keeps every
// combined signal reachable from a long-lived caller signal (measured: heap +45 MB per 20,000
// attempts on one shared signal, never collected), and an AbortSignal.timeout that fetch listens to
// stays alive until its timer fires (30 s by default) however soon the attempt ended
// (docs/PERFORMANCE.md, issue 24). So: one controller and one timer per attempt, the timer cleared
// when the attempt ends, and the caller's signal followed through one shared listener (onAbort), so
// that 50 calls on one signal add one listener, not 50 (no MaxListenersExceededWarning, issue 10).

/** setTimeout's ceiling (2^31 - 1 ms, about 24.8 days): a longer delay fires at once, with a TimeoutOverflowWarning. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;
/**
 * The longest timeout option: within setTimeout's ceiling, with the 50 ms of room the shared timers
 * of earlier releases needed kept, so the documented limit (2147483597) stays what it was.
 */
export const MAX_TIMEOUT_MS = MAX_TIMER_DELAY_MS - 50;

/** The abort reason of an attempt that ran out of time. */
export const TIMED_OUT: unique symbol = Symbol("timed out");

/** One attempt's signal; call `done()` when the attempt is over. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  done(): void;
}

/** The signal for one attempt of at most `timeout` ms, which also aborts when `caller` does (with its reason). */
export function attemptSignal(timeout: number, caller: AbortSignal | undefined): AttemptSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMED_OUT), timeout);
  const unfollow = caller && onAbort(caller, () => controller.abort(caller.reason));
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      unfollow?.();
    },
  };
}

interface Followers {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const followersBySignal = new WeakMap<AbortSignal, Followers>();

/**
 * Runs `callback` when `signal` aborts, through one listener per signal shared by every call in
 * flight on it; the returned function unsubscribes, and the last one out removes the listener.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let followers = followersBySignal.get(signal);
  if (!followers) {
    const callbacks = new Set<() => void>();
    followers = { callbacks, listener: () => [...callbacks].forEach((each) => each()) };
    followersBySignal.set(signal, followers);
    signal.addEventListener("abort", followers.listener, { once: true });
  }
  const { callbacks, listener } = followers;
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0 && followersBySignal.get(signal) === followers) {
      signal.removeEventListener("abort", listener);
      followersBySignal.delete(signal);
    }
  };
}

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
