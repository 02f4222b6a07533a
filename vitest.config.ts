import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * No test leans on vitest's 5 s default (issue 16, item 8): on a loaded 2-core machine a test that
 * takes 1 s alone can take 10. These are the limits for ordinary tests and hooks; a test that is slow
 * by design (a child process, a TypeScript program, a nested generate) sets its own, larger one.
 */
const LIMITS = { testTimeout: 30_000, hookTimeout: 60_000 };

/**
 * What makes a test file need a fresh module graph and process of its own: a mocked module, a
 * listener on `process`, a count of the process's active handles, or OpenTelemetry's global
 * providers and instrumentations (instrumentedOtel in test/helpers/otel.ts; its otel() builds a
 * tracer and meter that the test hands to the client and never registers, so it needs nothing of
 * the kind). Read from each file's text, so a new file that does one of these is isolated without
 * anyone listing it. A spy, a stubbed global or environment variable and the fake clock are not on
 * the list: in the unit project, test/helpers/undo-test-doubles.ts puts each back after every test,
 * so the next test and the next file in the worker see the real ones (issue 30, item 4).
 */
const NEEDS_ISOLATION = /\bvi\.(?:mock|doMock)\(|\bprocess\.on\(|getActiveResourcesInfo|\binstrumentedOtel\b/;

const unitFiles = readdirSync(join(import.meta.dirname, "test"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts") && !file.startsWith("contract"))
  .map((file) => join("test", file));
const isolatedFiles = unitFiles.filter((file) => NEEDS_ISOLATION.test(readFileSync(join(import.meta.dirname, file), "utf8")));

export default defineConfig({
  test: {
    // Two test files per core. Many files spend much of their time waiting on child processes,
    // sockets and Prism, and a core left idle while they wait is the suite's length: on this 2-core
    // machine, one file per core took vitest 155 s and two per core 102 s, the same CPU (load 6,
    // issue 30, item 4); three per core took longer (112 s). Vitest's default is one fewer than the cores.
    maxWorkers: 2 * availableParallelism(),
    // Three projects so that unit tests neither wait for nor depend on the mock server (only the
    // contract project runs the global setup that starts Prism), and so that most unit files share
    // a worker's loaded modules instead of each loading src/, zod and the generated code again.
    projects: [
      {
        test: {
          // Worker threads that keep their modules from one file to the next (issue 30, item 4):
          // on 59 of the lighter files this took vitest from 95 to 33 CPU seconds, every test passing.
          name: "unit",
          ...LIMITS,
          include: unitFiles,
          exclude: isolatedFiles,
          pool: "threads",
          isolate: false,
          setupFiles: ["test/helpers/undo-test-doubles.ts"],
          // Type tests (*.test-d.ts) are checked by `npm run typecheck` (tsc over test/, which
          // npm test runs as test/typecheck.test.ts): a drift between the two generators, or a
          // public type that asks for what the SDK injects, fails the run there. vitest's own typecheck would run tsc a
          // second time and print its "experimental feature" notice on every run.
        },
      },
      {
        test: {
          name: "isolated",
          ...LIMITS,
          include: isolatedFiles,
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
