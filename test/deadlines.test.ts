// The signal behind each attempt's timeout and the caller's abort (src/deadlines.ts): it aborts
// when the attempt's time is up or its caller aborts, and a caller's signal carries one listener
// whatever the calls on it. That an attempt's timer is gone once it is done is counted among the
// process's handles, in test/reliability/no-leaks.test.ts, which has a process of its own.
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { TIMED_OUT, attemptSignal, onAbort } from "../src/deadlines";
import { WAIT_UNDER_LOAD } from "./helpers/wait";

describe("attemptSignal", () => {
  it("aborts the attempt with TIMED_OUT when its time is up", async () => {
    const attempt = attemptSignal(1, undefined);
    try {
      await vi.waitFor(() => expect(attempt.signal.aborted).toBe(true), WAIT_UNDER_LOAD);
      expect(attempt.signal.reason).toBe(TIMED_OUT);
    } finally {
      attempt.done();
    }
  });

  it("does not abort an attempt that is done before its time is up", async () => {
    const early = attemptSignal(1, undefined);
    early.done();
    const later = attemptSignal(120, undefined);
    await vi.waitFor(() => expect(later.signal.aborted).toBe(true), WAIT_UNDER_LOAD);
    later.done();
    expect(early.signal.aborted).toBe(false);
  });

  it("aborts only the attempts of the caller that aborts, with its reason, and leaves its signal without a listener", () => {
    const stopping = new AbortController();
    const other = new AbortController();
    const mine = Array.from({ length: 50 }, () => attemptSignal(60_000, stopping.signal));
    const theirs = attemptSignal(60_000, other.signal);
    expect(getEventListeners(stopping.signal, "abort")).toHaveLength(1);
    stopping.abort(new Error("shutdown"));
    for (const attempt of mine) expect(attempt.signal.reason).toEqual(new Error("shutdown"));
    expect(theirs.signal.aborted).toBe(false);
    [...mine, theirs].forEach((attempt) => attempt.done());
    expect(getEventListeners(stopping.signal, "abort")).toHaveLength(0);
    expect(getEventListeners(other.signal, "abort")).toHaveLength(0);
  });

  it("removes its listener from a caller's signal that never aborts once the attempts are done", () => {
    const caller = new AbortController();
    const attempts = Array.from({ length: 50 }, () => attemptSignal(60_000, caller.signal));
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(1);
    attempts.forEach((attempt) => attempt.done());
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });
});

describe("onAbort", () => {
  it("adds one listener for any number of subscribers and removes it with the last", () => {
    const controller = new AbortController();
    const unsubscribe = Array.from({ length: 100 }, () => onAbort(controller.signal, () => {}));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    unsubscribe.slice(1).forEach((off) => off());
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    unsubscribe[0]!();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("calls every subscriber once when the signal aborts", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    for (let i = 0; i < 20; i++) onAbort(controller.signal, () => calls.push(i));
    controller.abort();
    controller.abort();
    expect(calls).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
