// Timing primitives shared by the child processes: a bounded batch of calls with its client CPU
// (process.cpuUsage, user + system) and wall time, and medians.

/** The median of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Collects garbage when the process runs with --expose-gc, so one batch's garbage is not billed to the next. */
export function collectGarbage() {
  if (typeof globalThis.gc === "function") {
    globalThis.gc();
    globalThis.gc();
  }
}

/**
 * Runs `call` up to `count` times with `concurrency` calls in flight, and starts no new call once
 * `timeLimitMs` has passed. Resolves with the number of calls made and CPU and wall µs per call.
 */
export async function runBatch(call, { count, concurrency = 1, timeLimitMs }) {
  collectGarbage();
  const deadline = performance.now() + timeLimitMs;
  let started = 0;
  let finished = 0;
  const lane = async () => {
    while (started < count && performance.now() < deadline) {
      started++;
      await call();
      finished++;
    }
  };
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return { calls: finished, cpuUs: (cpu.user + cpu.system) / finished, wallUs: (wallMs * 1000) / finished };
}
