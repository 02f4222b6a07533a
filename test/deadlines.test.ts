// The shared deadlines behind each attempt's timeout and the caller's abort (src/deadlines.ts):
// attempts due together share one controller and one timer, a caller's signal carries one listener
// whatever the calls on it, and nothing keeps the process alive once the attempts are over.
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { TIMED_OUT, acquire, onAbort, release, type Lane } from "../src/deadlines";
import { WAIT_UNDER_LOAD } from "./helpers/wait";

const timers = () => process.getActiveResourcesInfo().filter((name) => name === "Timeout").length;

describe("acquire", () => {
  it("gives attempts due at the same time one shared controller, and each caller signal its own", () => {
    const caller = new AbortController().signal;
    let lanes: Lane[] = [];
    // Acquisitions a few microseconds apart share a slot unless a slot boundary falls between them.
    for (let tries = 0; tries < 3; tries++) {
      lanes = [acquire(60_000, undefined), acquire(60_000, undefined), acquire(60_000, caller), acquire(60_000, caller)];
      if (new Set(lanes.map((lane) => lane.slot.deadline)).size === 1) break;
      lanes.forEach(release);
    }
    try {
      expect(new Set(lanes.map((lane) => lane.slot)).size).toBe(1);
      expect(lanes[1]!.controller).toBe(lanes[0]!.controller);
      expect(lanes[3]!.controller).toBe(lanes[2]!.controller);
      expect(lanes[2]!.controller).not.toBe(lanes[0]!.controller);
    } finally {
      lanes.forEach(release);
    }
  });

  it("keeps a timer alive while an attempt is in flight, and none once it is released", () => {
    const before = timers();
    const lane = acquire(45_000, undefined);
    expect(timers()).toBe(before + 1);
    release(lane);
    expect(timers()).toBe(before);
  });

  it("aborts the attempts in flight with TIMED_OUT when their time is up", async () => {
    const lane = acquire(1, undefined);
    try {
      await vi.waitFor(() => expect(lane.controller.signal.aborted).toBe(true), WAIT_UNDER_LOAD);
      expect(lane.controller.signal.reason).toBe(TIMED_OUT);
    } finally {
      release(lane);
    }
  });

  it("does not abort a controller whose attempts are all over", async () => {
    const lane = acquire(1, undefined);
    release(lane);
    // Due well after the first slot, so it cannot share its controller.
    const later = acquire(120, undefined);
    await vi.waitFor(() => expect(later.controller.signal.aborted).toBe(true), WAIT_UNDER_LOAD);
    release(later);
    expect(lane.controller.signal.aborted).toBe(false);
  });

  it("aborts only the attempts of the caller that aborts, with its reason, and leaves its signal without a listener", () => {
    const stopping = new AbortController();
    const other = new AbortController();
    const mine = [acquire(60_000, stopping.signal), acquire(60_000, stopping.signal)];
    const theirs = acquire(60_000, other.signal);
    expect(getEventListeners(stopping.signal, "abort")).toHaveLength(1);
    stopping.abort(new Error("shutdown"));
    for (const lane of mine) expect(lane.controller.signal.reason).toEqual(new Error("shutdown"));
    expect(theirs.controller.signal.aborted).toBe(false);
    [...mine, theirs].forEach(release);
    expect(getEventListeners(stopping.signal, "abort")).toHaveLength(0);
    expect(getEventListeners(other.signal, "abort")).toHaveLength(0);
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
