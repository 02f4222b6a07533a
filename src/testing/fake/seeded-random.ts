// The fake's draws for `rate()` scripts: a small seeded generator (mulberry32), so that the same
// seed gives the same faults and a failed run can be replayed. Not for anything but tests.

/** Numbers from 0 (inclusive) to 1 (exclusive), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}
