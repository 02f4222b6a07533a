// Under the testing kit only, every attempt of one SDK call carries a header with the call's own
// random id, so that the fake PayWise groups attempts by call, whatever the concurrency, double
// submits or calls that gave up (issue 29). The kit switches it on when a fake is created (a
// global symbol, so that two copies of the package agree); a process that never creates a fake
// sends no such header: PayWise documents none, and production requests never carry it.

/** The header that ties a call's attempts together under the testing kit. */
export const CALL_MARK_HEADER = "x-paywise-test-call";

const KIT_IN_USE = Symbol.for("@paywise/sdk/testing call marks");

/** Called by the testing kit: from now on, every call in this process marks its attempts. */
export function markCalls(): void {
  (globalThis as Record<symbol, unknown>)[KIT_IN_USE] = true;
}

/** A new call's mark, or undefined outside the testing kit. */
export function callMark(): string | undefined {
  return (globalThis as Record<symbol, unknown>)[KIT_IN_USE] === true ? crypto.randomUUID() : undefined;
}
