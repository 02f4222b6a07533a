import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * No test leans on vitest's 5 s default (issue 16, item 8): on a loaded 2-core machine a test that
 * takes 1 s alone can take 10. These are the limits for ordinary tests and hooks; a test that is slow
 * by design (a child process, a TypeScript program, a nested generate) sets its own, larger one.
 */
const LIMITS = { testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    // One test file per core. Vitest's default is one fewer, which on this 2-core machine runs the
    // files one at a time while many of them wait on child processes, sockets and Prism: two at a
    // time took npm test's vitest part from 171 s to 114 s here, quiet (issue 21, item 6).
    maxWorkers: availableParallelism(),
    // Two projects so that unit tests neither wait for nor depend on the mock server: only the
    // contract project runs the global setup that starts Prism.
    projects: [
      {
        test: {
          name: "unit",
          ...LIMITS,
          include: ["test/**/*.test.ts"],
          exclude: ["test/contract/**"],
          // Type tests (*.test-d.ts) are checked by `npm run typecheck` (tsc over test/, which
          // npm test runs as test/typecheck.test.ts): a drift between the two generators, or a
          // public type that asks for what the SDK injects, fails the run there. vitest's own typecheck would run tsc a
          // second time and print its "experimental feature" notice on every run.
        },
      },
      {
        test: {
          name: "contract",
          ...LIMITS,
          include: ["test/contract/**/*.test.ts"],
          globalSetup: ["test/helpers/mock-server-setup.ts"],
        },
      },
    ],
  },
});
