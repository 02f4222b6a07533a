import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Two projects so that unit tests neither wait for nor depend on the mock server: only the
    // contract project runs the global setup that starts Prism.
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/contract/**"],
          // Type tests (*.test-d.ts) run through tsc, so a drift between the two generators, or a
          // public type that asks for what the SDK injects, fails the run like any other test.
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
        },
      },
      {
        test: {
          name: "contract",
          include: ["test/contract/**/*.test.ts"],
          globalSetup: ["test/helpers/mock-server-setup.ts"],
        },
      },
    ],
  },
});
