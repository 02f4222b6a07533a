#!/usr/bin/env node
// The README's and docs/' examples against this build, packed (scripts/lib/docs-examples.mjs):
// the testing examples run with Vitest, MSW and Jest, and every TypeScript snippet compiles against
// the tarball's declarations. npm run test:package runs the same checks on the tarball it installs;
// this is for a copy that is not put through test:package (test:bump's additive bump). Needs
// `npm run build` first.
import { join } from "node:path";
import { checkDocsExamples } from "./lib/docs-examples.mjs";
import { main, packTarball, requireBuild, withTempDir } from "./lib/package-fixture.mjs";

await main("test-docs-examples", async ({ step }) => {
  requireBuild();
  await withTempDir("paywise-docs-examples", async (temp) => {
    const { tarball } = await step("npm pack", () => packTarball(temp));
    await checkDocsExamples(step, tarball, join(temp, "project"));
  });
});
