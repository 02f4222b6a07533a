// Run before every file of the "unit" project, whose files share a worker and its modules one
// after another (vitest.config.ts). Whatever a test replaces through vi (a spy, a stubbed global or
// environment variable, the fake clock) is put back after that test, whether or not the file
// remembers to and whether it passed or threw, so nothing a test swaps in reaches the next test or
// the next file. That is why these no longer make a file need a process of its own; a mocked
// module, a listener on `process` and a count of the process's handles still do.
import { afterEach, vi } from "vitest";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});
