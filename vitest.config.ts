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
