// The AbortSignals the transport hands fetch: each attempt must stop after `timeout` ms (freeing
// its socket) or when the caller aborts, without paying for an AbortController, a timer and a
// listener of its own. Attempts whose deadlines fall in the same TIMEOUT_GRANULARITY_MS slot share
// one timer, and one controller per caller signal; a caller's signal carries at most one listener
// of the SDK, whatever the number of calls in flight on it (docs/PERFORMANCE.md, issue 10).

/** An attempt times out between `timeout` and `timeout` + this many milliseconds after it starts. */
export const TIMEOUT_GRANULARITY_MS = 50;
/** setTimeout's ceiling (2^31 - 1 ms, about 24.8 days): a longer delay fires at once, with a TimeoutOverflowWarning. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;
/**
 * The longest timeout the shared timers can honour: a slot's timer fires up to
 * TIMEOUT_GRANULARITY_MS after the timeout, and must stay within setTimeout's ceiling (issue 15).
 */
export const MAX_TIMEOUT_MS = MAX_TIMER_DELAY_MS - TIMEOUT_GRANULARITY_MS;
/**
 * Attempts admitted to one shared controller before a fresh one is made. undici adds a listener to
 * the signal of every request and drops it only when the request is garbage-collected, and each
 * addEventListener walks the signal's listeners: a few dozen keep that walk short while the cost
 * of a controller is still shared.
 */
const MAX_ATTEMPTS_PER_CONTROLLER = 16;

/** The abort reason of an attempt that ran out of time. */
export const TIMED_OUT: unique symbol = Symbol("timed out");

/** The attempts of one deadline slot that share a caller signal (or have none). */
export interface Lane {
  readonly controller: AbortController;
  readonly caller: AbortSignal | undefined;
  readonly slot: Slot;
  admitted: number;
  active: number;
  unfollow: (() => void) | undefined;
}

interface Slot {
  readonly deadline: number;
  /** When attempts with the timeout of the first one stop landing here. */
  readonly closesAt: number;
  readonly lanes: Map<AbortSignal | undefined, Lane>;
  readonly all: Lane[];
  timer: Timer | undefined;
  active: number;
}

const slots = new Map<number, Slot>();

function forget(slot: Slot): void {
  if (slots.get(slot.deadline) === slot) slots.delete(slot.deadline);
}

function expire(slot: Slot): void {
  forget(slot);
  for (const lane of slot.all) if (lane.active > 0) lane.controller.abort(TIMED_OUT);
}

function slotFor(timeout: number): Slot {
  const now = performance.now();
  const deadline = Math.ceil((now + timeout) / TIMEOUT_GRANULARITY_MS) * TIMEOUT_GRANULARITY_MS;
  let slot = slots.get(deadline);
  if (!slot) {
    slot = { deadline, closesAt: deadline - timeout, lanes: new Map(), all: [], timer: undefined, active: 0 };
    const created = slot;
    // Clamped as well as checked by the options: a delay past the ceiling would fire at once.
    slot.timer = setTimeout(() => expire(created), Math.min(Math.ceil(deadline - now), MAX_TIMER_DELAY_MS));
    slots.set(deadline, slot);
  }
  return slot;
}

/** The signal for one attempt; pass the lane to `release` when the attempt is over. */
export function acquire(timeout: number, caller: AbortSignal | undefined): Lane {
  const slot = slotFor(timeout);
  let lane = slot.lanes.get(caller);
  if (!lane || lane.admitted >= MAX_ATTEMPTS_PER_CONTROLLER || lane.controller.signal.aborted) {
    lane = { controller: new AbortController(), caller, slot, admitted: 0, active: 0, unfollow: undefined };
    slot.lanes.set(caller, lane);
    slot.all.push(lane);
  }
  lane.admitted++;
  if (lane.active++ === 0 && caller) {
    const { controller } = lane;
    lane.unfollow = onAbort(caller, () => controller.abort(caller.reason));
  }
  // An idle slot's timer must not keep the process alive; one with attempts in flight must.
  if (slot.active++ === 0) keepAlive(slot.timer, true);
  return lane;
}

export function release(lane: Lane): void {
  if (--lane.active === 0) {
    lane.unfollow?.();
    lane.unfollow = undefined;
  }
  const { slot } = lane;
  if (--slot.active > 0) return;
  if (performance.now() < slot.closesAt) {
    // Idle but still taking attempts: kept for the next ones, without holding the process.
    keepAlive(slot.timer, false);
  } else {
    // No later attempt lands here: dropped now rather than held, with its controllers, until the deadline.
    clearTimeout(slot.timer);
    forget(slot);
  }
}

type Timer = ReturnType<typeof setTimeout>;
const deno = (globalThis as { Deno?: { refTimer?(id: unknown): void; unrefTimer?(id: unknown): void } }).Deno;

/** Node and Bun timers have ref/unref; Deno's are numbers, (un)referenced through Deno. */
function keepAlive(timer: Timer | undefined, alive: boolean): void {
  if (typeof timer === "object" && timer !== null) {
    if (alive) timer.ref?.();
    else timer.unref?.();
  } else if (alive) deno?.refTimer?.(timer);
  else deno?.unrefTimer?.(timer);
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
    const listener = () => {
      for (const each of [...callbacks]) each();
    };
    followers = { callbacks, listener };
    followersBySignal.set(signal, followers);
    signal.addEventListener("abort", listener, { once: true });
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
